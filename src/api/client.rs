//! The one request function every backend call goes through.
use super::ApiError;
use crate::config;
use futures::future::{select, Either};
use gloo_net::http::{Method, RequestBuilder};
use send_wrapper::SendWrapper;
use serde::{de::DeserializeOwned, Serialize};
use std::time::Duration;
use wasm_bindgen::JsCast;

/// How long a request may take before the person is told and offered a retry.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// Aborts the fetch when dropped, so a request whose future is dropped (its page went away,
/// or a newer request replaced it) stops at once instead of finishing in the background.
struct AbortOnDrop(web_sys::AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Sends `method path` (path under the API base, e.g. `/applications`) with an optional JSON
/// body and decodes a JSON answer into `T` (`()` for 204).
///
/// Every failure comes back as an [`ApiError`]; the request is aborted when the reactive
/// owner that made it is cleaned up (the page goes away) or when the returned future is
/// dropped.
///
/// ```no_run
/// # async fn demo() -> Result<(), zeinet::api::ApiError> {
/// use gloo_net::http::Method;
/// let status: zeinet::api::status::Status =
///     zeinet::api::request(Method::GET, "/status", None::<&()>, &[]).await?;
/// # Ok(()) }
/// ```
pub async fn request<T, B>(
    method: Method,
    path: &str,
    body: Option<&B>,
    headers: &[(&str, &str)],
) -> Result<T, ApiError>
where
    T: DeserializeOwned,
    B: Serialize + ?Sized,
{
    if !navigator_online() {
        return Err(ApiError::Offline);
    }
    let url = format!("{}{}", config::api_base(), path);
    // A plain GET may have been asked for already by the boot script (super::early).
    let early = (method == Method::GET && body.is_none() && headers.is_empty())
        .then(|| super::early::take(&url))
        .flatten();
    let controller = match &early {
        Some(early) => early.controller.clone(),
        None => web_sys::AbortController::new().map_err(|_| ApiError::Network)?,
    };
    let signal = controller.signal();
    let guard = AbortOnDrop(controller.clone());
    // Leptos runs a resource's or an action's future inside its owner: when that owner is
    // cleaned up (navigation away), abort the request.
    let on_leave = SendWrapper::new(controller);
    leptos::prelude::on_cleanup(move || on_leave.abort());

    let mut builder = RequestBuilder::new(&url)
        .method(method)
        .abort_signal(Some(&signal))
        .header("Accept", "application/json");
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let request = match body {
        Some(body) => builder.json(body),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Malformed)?;

    // When the request went: an early one, by the boot script, at the latest since the page
    // began to load (what is left is then counted from no later than the server counted).
    let now = js_sys::Date::now();
    let sent_at = match &early {
        Some(_) => web_sys::window()
            .and_then(|w| w.performance())
            .map_or(now, |p| {
                zeinet_domain::session::early_sent_at(p.time_origin(), now)
            }),
        None => now,
    };
    let exchange = async move {
        let response = match early {
            Some(early) => {
                let response = wasm_bindgen_futures::JsFuture::from(early.answer).await;
                mark_early_answer_taken(path);
                response
                    .ok()
                    .and_then(|response| response.dyn_into::<web_sys::Response>().ok())
                    .map(gloo_net::http::Response::from)
                    .ok_or_else(transport_error)?
            }
            None => request.send().await.map_err(|_| transport_error())?,
        };
        let status = response.status();
        if let Some(left) = response
            .headers()
            .get(zeinet_domain::session::HEADER)
            .and_then(|value| zeinet_domain::session::Remaining::parse(&value))
        {
            super::session_clock::note(left, sent_at);
        }
        // The bytes, not `text()`: they reach the wasm memory in one native copy, where a
        // string crosses character by character in JavaScript (a long list's answer is
        // hundreds of kilobytes).
        let body = response.binary().await.map_err(|_| transport_error())?;
        Ok::<_, ApiError>((status, body))
    };
    let timer = gloo_timers::future::sleep(DEFAULT_TIMEOUT);
    let outcome = match select(Box::pin(exchange), Box::pin(timer)).await {
        Either::Left((outcome, _)) => outcome,
        Either::Right(_) => Err(ApiError::Timeout),
    };
    drop(guard);
    let (status, body) = outcome?;
    decode(status, &body)
}

/// Turns a complete answer into the value or the error (pure: host-tested).
pub fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, ApiError> {
    // Checked as UTF-8 once, then read as a `str`: serde_json's reader of bytes would be a
    // second copy of every type's decoder in the module (1.3 kB brotli of the first load).
    let text = std::str::from_utf8(body);
    if (200..300).contains(&status) {
        let text = text.map_err(|_| ApiError::Malformed)?;
        // 204 and empty 200s decode as JSON null, which is what `()` and `Option<_>` expect.
        let text = if text.trim().is_empty() { "null" } else { text };
        serde_json::from_str(text).map_err(|_| ApiError::Malformed)
    } else {
        // An error body that is not UTF-8 is not the API's: no code, as for one that is not JSON.
        Err(ApiError::from_response(status, text.unwrap_or_default()))
    }
}

/// `performance.mark("zeinet:early-answer-taken:<path>")`: when the app had an answer the boot
/// script asked for. It may have arrived long before (while the main module was on its way),
/// so `make bench` times a table from here, not from the response's arrival.
fn mark_early_answer_taken(path: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(&format!("zeinet:early-answer-taken:{path}"));
    }
}

/// A fetch that failed before an answer: offline if the browser says so, else a network error.
fn transport_error() -> ApiError {
    if navigator_online() {
        ApiError::Network
    } else {
        ApiError::Offline
    }
}

fn navigator_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Thing {
        id: String,
    }

    #[test]
    fn decodes_success_bodies() {
        assert_eq!(
            decode::<Thing>(200, br#"{"id":"1"}"#),
            Ok(Thing { id: "1".into() })
        );
        assert_eq!(decode::<()>(204, b""), Ok(()));
        assert_eq!(decode::<()>(200, b" \n"), Ok(()));
    }

    #[test]
    fn text_in_any_script_decodes_from_the_bytes() {
        assert_eq!(
            decode::<Thing>(200, r#"{"id":"Өтініш №1 — заявление"}"#.as_bytes()),
            Ok(Thing {
                id: "Өтініш №1 — заявление".into()
            })
        );
    }

    #[test]
    fn a_success_that_is_not_utf8_is_malformed() {
        assert_eq!(
            decode::<Thing>(200, b"{\"id\":\"\xff\"}"),
            Err(ApiError::Malformed)
        );
    }

    #[test]
    fn a_success_with_the_wrong_shape_is_malformed() {
        assert_eq!(decode::<Thing>(200, b"<html>"), Err(ApiError::Malformed));
        assert_eq!(
            decode::<Thing>(200, br#"{"id":1}"#),
            Err(ApiError::Malformed)
        );
        assert_eq!(decode::<Thing>(200, b""), Err(ApiError::Malformed));
    }

    #[test]
    fn errors_go_through_the_status_mapping() {
        assert_eq!(
            decode::<Thing>(500, b"{}"),
            Err(ApiError::Server { status: 500 })
        );
        // An error body that is not text still gets the status's error.
        assert_eq!(decode::<Thing>(503, b"\xff\xfe"), decode::<Thing>(503, b""));
    }
}
