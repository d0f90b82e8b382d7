//! One error type for every way a backend call can fail, and the pure mapping from an HTTP
//! answer onto it (host-tested: no browser needed).
use serde::Deserialize;
use std::collections::BTreeMap;

/// Everything that can go wrong with a request, as the pages need to tell it apart.
///
/// ```
/// use zeinet::api::ApiError;
/// let e = ApiError::from_response(503, r#"{"code":"maintenance","message":"m","until":"2026-11-22T06:00:00+05:00"}"#);
/// assert_eq!(e, ApiError::Maintenance { until: Some("2026-11-22T06:00:00+05:00".into()) });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The browser says it has no network (`navigator.onLine` is false).
    #[error("offline")]
    Offline,
    /// The request never got an HTTP answer (refused, reset, dropped mid-body).
    #[error("network error")]
    Network,
    /// No complete answer within the request's time limit.
    #[error("timeout")]
    Timeout,
    /// The request was aborted because its page went away; pages show nothing for it.
    #[error("aborted")]
    Aborted,
    /// 401: not logged in, or the session has ended. `code` tells which
    /// (`invalid_credentials` on log-in, `unauthenticated` elsewhere).
    #[error("unauthorized ({code})")]
    Unauthorized { code: String },
    /// 403, e.g. `account_locked` with the moment the lock ends.
    #[error("forbidden ({code})")]
    Forbidden { code: String, until: Option<String> },
    /// 404.
    #[error("not found")]
    NotFound,
    /// 410: a one-time thing (challenge, document, procedure) has expired or was used.
    #[error("gone ({code})")]
    Gone { code: String },
    /// 409: the state changed under the person (`not_cancellable`, `order_conflict`, …).
    #[error("conflict ({code})")]
    Conflict { code: String },
    /// 400/422: the backend refused the input; `fields` maps a field name to an error code.
    #[error("invalid input ({code})")]
    Validation {
        code: String,
        fields: BTreeMap<String, String>,
    },
    /// 429: too many requests; `until` when the backend says when to come back.
    #[error("too many requests")]
    TooManyRequests { until: Option<String> },
    /// 503 with the maintenance code: technical works, with their expected end if known.
    #[error("maintenance")]
    Maintenance { until: Option<String> },
    /// 501: the backend does not offer this operation yet.
    #[error("not implemented")]
    NotImplemented,
    /// Any other 5xx.
    #[error("server error {status}")]
    Server { status: u16 },
    /// A 2xx (or an error) whose body is not the JSON the contract promises.
    #[error("malformed response")]
    Malformed,
    /// A status the contract does not use (3xx, 418, …).
    #[error("unexpected status {status}")]
    Unexpected { status: u16 },
}

/// The contract's error body: `{"code": "...", "message": "...", "fields": {...}, "until": ...}`.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    code: String,
    #[serde(default)]
    fields: BTreeMap<String, String>,
    #[serde(default)]
    until: Option<String>,
}

impl ApiError {
    /// Maps a non-2xx answer onto an error. A body that is not the error shape still gives the
    /// right variant for its status; only the details are lost.
    pub fn from_response(status: u16, body: &str) -> ApiError {
        let parsed: Option<ErrorBody> = serde_json::from_str(body).ok();
        let body_ok = parsed.is_some();
        let ErrorBody {
            code,
            fields,
            until,
        } = parsed.unwrap_or_default();
        match status {
            400 | 422 => ApiError::Validation { code, fields },
            401 => ApiError::Unauthorized { code },
            403 => ApiError::Forbidden { code, until },
            404 => ApiError::NotFound,
            409 => ApiError::Conflict { code },
            410 => ApiError::Gone { code },
            429 => ApiError::TooManyRequests { until },
            501 => ApiError::NotImplemented,
            // A 503 without our error shape is a proxy's "service unavailable": still the
            // backend being away, so say "technical works" rather than a raw status.
            503 if code == "maintenance" || !body_ok => ApiError::Maintenance { until },
            500..=599 => ApiError::Server { status },
            _ => ApiError::Unexpected { status },
        }
    }

    /// A stable name of the variant (for logs and test hooks; never shown to people).
    pub fn kind(&self) -> &'static str {
        match self {
            ApiError::Offline => "offline",
            ApiError::Network => "network",
            ApiError::Timeout => "timeout",
            ApiError::Aborted => "aborted",
            ApiError::Unauthorized { .. } => "unauthorized",
            ApiError::Forbidden { .. } => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::Conflict { .. } => "conflict",
            ApiError::Gone { .. } => "gone",
            ApiError::Validation { .. } => "validation",
            ApiError::TooManyRequests { .. } => "too_many_requests",
            ApiError::Maintenance { .. } => "maintenance",
            ApiError::NotImplemented => "not_implemented",
            ApiError::Server { .. } => "server",
            ApiError::Malformed => "malformed",
            ApiError::Unexpected { .. } => "unexpected",
        }
    }

    /// True when the person's session has ended and they must log in again.
    pub fn is_session_expired(&self) -> bool {
        matches!(self, ApiError::Unauthorized { code } if code != "invalid_credentials")
    }

    /// True when trying again the same request may succeed (the retry button is offered).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Offline
                | ApiError::Network
                | ApiError::Timeout
                | ApiError::Gone { .. }
                | ApiError::TooManyRequests { .. }
                | ApiError::Maintenance { .. }
                | ApiError::Server { .. }
                | ApiError::Malformed
                | ApiError::Unexpected { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_every_status_of_the_contract() {
        let body = r#"{"code":"x","message":"m"}"#;
        assert_eq!(
            ApiError::from_response(401, r#"{"code":"unauthenticated","message":"m"}"#),
            ApiError::Unauthorized {
                code: "unauthenticated".into()
            }
        );
        assert_eq!(
            ApiError::from_response(
                403,
                r#"{"code":"account_locked","message":"m","until":"2026-11-22T06:15:00+05:00"}"#
            ),
            ApiError::Forbidden {
                code: "account_locked".into(),
                until: Some("2026-11-22T06:15:00+05:00".into())
            }
        );
        assert_eq!(ApiError::from_response(404, body), ApiError::NotFound);
        assert_eq!(
            ApiError::from_response(409, r#"{"code":"not_cancellable","message":"m"}"#),
            ApiError::Conflict {
                code: "not_cancellable".into()
            }
        );
        assert_eq!(
            ApiError::from_response(429, body),
            ApiError::TooManyRequests { until: None }
        );
        assert_eq!(
            ApiError::from_response(410, r#"{"code":"challenge_expired","message":"m"}"#),
            ApiError::Gone {
                code: "challenge_expired".into()
            }
        );
        assert_eq!(ApiError::from_response(501, body), ApiError::NotImplemented);
        assert_eq!(
            ApiError::from_response(500, body),
            ApiError::Server { status: 500 }
        );
        assert_eq!(
            ApiError::from_response(502, "<html>Bad gateway</html>"),
            ApiError::Server { status: 502 }
        );
        assert_eq!(
            ApiError::from_response(503, r#"{"code":"overloaded","message":"m"}"#),
            ApiError::Server { status: 503 }
        );
        assert_eq!(
            ApiError::from_response(302, ""),
            ApiError::Unexpected { status: 302 }
        );
    }

    #[test]
    fn validation_keeps_field_errors() {
        let e = ApiError::from_response(
            422,
            r#"{"code":"validation","message":"m","fields":{"iin":"invalid_iin","password":"required"}}"#,
        );
        let ApiError::Validation { code, fields } = e else {
            panic!("not a validation error: {e:?}")
        };
        assert_eq!(code, "validation");
        assert_eq!(fields.get("iin").map(String::as_str), Some("invalid_iin"));
        assert_eq!(fields.get("password").map(String::as_str), Some("required"));
        assert_eq!(
            ApiError::from_response(400, "not json"),
            ApiError::Validation {
                code: String::new(),
                fields: BTreeMap::new()
            }
        );
    }

    #[test]
    fn maintenance_with_and_without_its_body() {
        assert_eq!(
            ApiError::from_response(
                503,
                r#"{"code":"maintenance","message":"m","until":"2026-11-22T06:00:00+05:00"}"#
            ),
            ApiError::Maintenance {
                until: Some("2026-11-22T06:00:00+05:00".into())
            }
        );
        assert_eq!(
            ApiError::from_response(503, "Service Unavailable"),
            ApiError::Maintenance { until: None }
        );
    }

    #[test]
    fn session_expiry_is_not_a_wrong_password() {
        assert!(ApiError::Unauthorized {
            code: "unauthenticated".into()
        }
        .is_session_expired());
        assert!(!ApiError::Unauthorized {
            code: "invalid_credentials".into()
        }
        .is_session_expired());
        assert!(!ApiError::NotFound.is_session_expired());
    }

    #[test]
    fn retry_is_offered_only_where_it_can_help() {
        assert!(ApiError::Timeout.is_retryable());
        assert!(ApiError::Offline.is_retryable());
        assert!(ApiError::Server { status: 500 }.is_retryable());
        assert!(!ApiError::NotFound.is_retryable());
        assert!(!ApiError::Conflict { code: "x".into() }.is_retryable());
        assert!(!ApiError::Aborted.is_retryable());
    }
}
