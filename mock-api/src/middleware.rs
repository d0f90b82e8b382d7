//! Layers: request log, security headers, API headers, maintenance, fault injection, sessions.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::handlers::{SessionUser, SESSION_COOKIE};
use crate::Ctx;

/// Marks a response whose connection is dropped on purpose (for the log line).
#[derive(Clone, Copy, Debug)]
pub struct Dropped;

/// `<method> <path> → <status> <ms>ms` on stderr. The path only: no query string (it could
/// hold personal data), no headers, no bodies (passwords, cookies).
pub async fn log_requests(State(ctx): State<Ctx>, req: Request, next: Next) -> Response {
    if !ctx.options.log_requests {
        return next.run(req).await;
    }
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let start = Instant::now();
    let response = next.run(req).await;
    let ms = start.elapsed().as_millis();
    if response.extensions().get::<Dropped>().is_some() {
        eprintln!("{method} {path} → dropped {ms}ms");
    } else {
        eprintln!("{method} {path} → {} {ms}ms", response.status().as_u16());
    }
    response
}

/// The Content-Security-Policy of the HTML pages.
pub fn content_security_policy(ncalayer_url: &str) -> String {
    let hostport = ncalayer_url
        .split_once("://")
        .map_or(ncalayer_url, |(_, rest)| rest)
        .trim_end_matches('/');
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self' ws://{hostport} wss://{hostport}; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )
}

/// The headers of a real deployment, on every response; the CSP on HTML.
pub async fn security_headers(State(ctx): State<Ctx>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    let html = h
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        if let Ok(v) = HeaderValue::from_str(&ctx.csp) {
            h.insert("content-security-policy", v);
        }
    }
    response
}

/// Every API response: `Cache-Control: no-store`.
pub async fn api_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// 503 `maintenance` on every API route but /api/status while maintenance is on.
pub async fn maintenance(State(ctx): State<Ctx>, req: Request, next: Next) -> Response {
    if req.uri().path() != "/api/status" {
        let status = ctx.state.lock().maintenance.clone();
        if status.maintenance {
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "maintenance",
                "Technical works are in progress.",
            )
            .until(status.until)
            .into_response();
        }
    }
    next.run(req).await
}

/// A body that fails at once: hyper then closes the connection without sending anything
/// it has not sent yet, and the client sees a network error.
struct FailingBody;

impl http_body::Body for FailingBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::other("fault injection: drop"))))
    }
}

/// Applies the first fault of /__dev/faults that matches the request.
pub async fn faults(State(ctx): State<Ctx>, req: Request, next: Next) -> Response {
    let fault = ctx
        .state
        .lock()
        .take_fault(req.method().as_str(), req.uri().path());
    let Some(fault) = fault else {
        return next.run(req).await;
    };
    if let Some(ms) = fault.latency_ms {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if fault.drop {
        let mut response = Response::new(Body::new(FailingBody));
        response.extensions_mut().insert(Dropped);
        return response;
    }
    if fault.status.is_none() && fault.body.is_none() {
        return next.run(req).await;
    }
    let status = fault
        .status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let body = fault.body.unwrap_or_else(|| {
        serde_json::json!({"code": "fault_injected", "message": "Injected by /__dev/faults."})
            .to_string()
    });
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// The `zeinet_session` cookie of a request.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == SESSION_COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

/// For routes that need a session: 401 `unauthenticated` without a live one.
pub async fn require_session(State(ctx): State<Ctx>, mut req: Request, next: Next) -> Response {
    let iin = session_cookie(req.headers())
        .and_then(|s| ctx.state.lock().session_iin(&s).map(str::to_owned));
    match iin {
        Some(iin) => {
            req.extensions_mut().insert(SessionUser { iin });
            next.run(req).await
        }
        None => ApiError::unauthenticated().into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_follows_the_ncalayer_url() {
        let csp = content_security_policy("ws://127.0.0.1:13579");
        assert!(csp.contains("connect-src 'self' ws://127.0.0.1:13579 wss://127.0.0.1:13579;"));
        let csp = content_security_policy("wss://localhost:4444/");
        assert!(csp.contains("ws://localhost:4444 wss://localhost:4444;"));
    }

    #[test]
    fn cookie_parsing() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("a=1; zeinet_session=abc; b=2"),
        );
        assert_eq!(session_cookie(&h).as_deref(), Some("abc"));
        h.insert(COOKIE, HeaderValue::from_static("zeinet_session="));
        assert_eq!(session_cookie(&h), None);
    }
}
