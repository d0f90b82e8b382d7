//! The one error shape: `{"code","message","fields"?,"until"?}`, and the extractors whose
//! rejections answer with it (axum's own rejections are text/plain).

use std::collections::BTreeMap;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Serialize, Debug, Clone)]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<&'static str, &'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Seconds for a `Retry-After` header (429, and the 403 of a locked account).
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            fields: None,
            until: None,
            retry_after: None,
        }
    }

    pub fn until(mut self, until: Option<String>) -> Self {
        self.until = until;
        self
    }

    /// `Retry-After: <seconds from now to until>` (at least 1).
    pub fn retry_after(mut self, now: i64, until: i64) -> Self {
        self.retry_after = Some(until.saturating_sub(now).max(1) as u64);
        self
    }

    /// A refusal that lasts until `until` (Unix seconds): says when in the body's `until` and
    /// in `Retry-After`.
    pub fn lasting(self, now: i64, until: i64) -> Self {
        self.until(Some(crate::time::format_rfc3339(until)))
            .retry_after(now, until)
    }

    pub fn unauthenticated() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", "Log in first.")
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "No such resource.")
    }

    pub fn not_implemented() -> Self {
        Self::new(
            StatusCode::NOT_IMPLEMENTED,
            "not_implemented",
            "This operation is in the contract but not implemented by the mock yet.",
        )
    }

    pub fn validation(fields: BTreeMap<&'static str, &'static str>) -> Self {
        ApiError {
            fields: Some(fields),
            ..Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Some fields are invalid.",
            )
        }
    }
}

/// JSON with `<`, `>` and `&` escaped as `\u003c`, `\u003e`, `\u0026` (the same value once
/// parsed): an error that quotes the request (serde's "unknown variant `<script>`") never
/// carries markup, even to a client that ignores the content type.
pub fn json_without_markup<T: Serialize>(value: &T) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_owned());
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            json_without_markup(&self),
        )
            .into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// The Error a bare status (an answer of axum or hyper, without our body) stands for.
pub fn for_status(status: StatusCode) -> ApiError {
    let code = match status.as_u16() {
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "validation",
        429 => "too_many_requests",
        501 => "not_implemented",
        503 => "unavailable",
        _ if status.is_client_error() => "bad_request",
        _ => "internal_error",
    };
    let message = status.canonical_reason().unwrap_or("Error");
    ApiError::new(status, code, message)
}

/// `Path<T>` whose rejection answers 404 `not_found` in the Error shape. With `String` ids the
/// only failure is an id that is not UTF-8 once percent-decoded (`/api/applications/%FF`): it
/// cannot name anything, and axum's own answer is a text/plain 400 the contract does not have.
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(v)) => Ok(ApiPath(v)),
            Err(_) => Err(ApiError::not_found()),
        }
    }
}

/// `Json<T>` whose rejections (not JSON, wrong shape) answer with the Error shape: 400 `bad_request`.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => {
                let detail = match &rejection {
                    JsonRejection::MissingJsonContentType(_) => {
                        "Expected Content-Type: application/json.".to_owned()
                    }
                    other => other.body_text(),
                };
                Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    detail,
                ))
            }
        }
    }
}
