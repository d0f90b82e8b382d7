//! Layers: request log, security headers, API headers, JSON errors, maintenance, fault
//! injection, sessions.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::handlers::{SessionUser, SECURE_SESSION_COOKIE, SESSION_COOKIE};
use crate::state::SessionLimits;
use crate::Ctx;
use zeinet_domain::session;

/// Marks a response whose connection is dropped on purpose (for the log line).
#[derive(Clone, Copy, Debug)]
pub struct Dropped;

/// `<method> <path> → <status> <ms>ms` on stderr. The path only: no query string (it could
/// hold personal data), no headers, no bodies (passwords, cookies); and in the path, anything
/// that looks like an IIN or an IBAN is masked ([`crate::redact::mask_path`]).
pub async fn log_requests(State(ctx): State<Ctx>, req: Request, next: Next) -> Response {
    if !ctx.options.log_requests {
        return next.run(req).await;
    }
    let method = req.method().clone();
    let path = crate::redact::mask_path(req.uri().path());
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
         img-src 'self' data:; font-src 'self'; connect-src 'self' ws://{hostport} wss://{hostport}; \
         object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )
}

/// Powerful features the cabinet never uses, off for it and anything it could embed.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), \
magnetometer=(), microphone=(), payment=(), usb=()";

/// The headers of a real deployment, on every response; the CSP on HTML.
///
/// No `Strict-Transport-Security`: the mock speaks plain HTTP, where browsers ignore it, and
/// only the TLS-terminating server of a deployment knows its HTTPS set-up (subdomains,
/// preload); it sends `max-age=31536000; includeSubDomains`.
pub async fn security_headers(State(ctx): State<Ctx>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
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

/// Every error of the API is the Error shape in JSON: an answer of axum itself (a rejection,
/// a bare status) with another content type, or none, is replaced by the Error of its status.
/// Its text is dropped, not quoted: it could carry parts of the request.
pub async fn json_errors(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    let json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if status.as_u16() < 400 || json || response.extensions().get::<Dropped>().is_some() {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let replacement = crate::error::for_status(status).into_response();
    let (new_parts, body) = replacement.into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    parts.headers.insert(
        CONTENT_TYPE,
        new_parts
            .headers
            .get(CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static("application/json")),
    );
    Response::from_parts(parts, body)
}

/// True when the request reached the deployment over HTTPS: `--secure-cookies`, or a
/// TLS-terminating proxy says so (`X-Forwarded-Proto: https`, `Forwarded: proto=https`).
pub fn came_over_https(ctx: &Ctx, headers: &HeaderMap) -> bool {
    if ctx.options.secure_cookies {
        return true;
    }
    let forwarded_proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    let forwarded = headers
        .get("forwarded")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|v| {
            v.split(';')
                .any(|p| p.trim().eq_ignore_ascii_case("proto=https"))
        });
    forwarded_proto || forwarded
}

/// The session cookie's life, for every way of logging in (password, EDS, eGov QR,
/// registration, password reset) at once:
/// - a response that starts a session ends the one the request carried (a new id at every
///   log-in: a cookie planted or seen before the log-in is worth nothing after it);
/// - over HTTPS ([`came_over_https`]) the cookie gets `; Secure`.
pub async fn session_cookies(State(ctx): State<Ctx>, req: Request, next: Next) -> Response {
    let old = session_cookie(&ctx, req.headers());
    let https = came_over_https(&ctx, req.headers());
    let mut response = next.run(req).await;
    let prefix = format!("{}=", session_cookie_name(&ctx.options));
    let mut rewritten = Vec::new();
    let mut started = None;
    for value in response.headers().get_all(SET_COOKIE) {
        let Ok(text) = value.to_str() else {
            rewritten.push(value.clone());
            continue;
        };
        let Some(rest) = text.strip_prefix(&prefix) else {
            rewritten.push(value.clone());
            continue;
        };
        let id = rest.split(';').next().unwrap_or("").trim();
        if !id.is_empty() {
            started = Some(id.to_owned());
        }
        let secure = text
            .split(';')
            .any(|a| a.trim().eq_ignore_ascii_case("secure"));
        if https && !secure {
            let with = format!("{text}; Secure");
            rewritten.push(HeaderValue::from_str(&with).unwrap_or_else(|_| value.clone()));
        } else {
            rewritten.push(value.clone());
        }
    }
    if let (Some(old), Some(new)) = (&old, &started) {
        if old != new {
            ctx.state.lock().end_session(old);
        }
    }
    let headers = response.headers_mut();
    headers.remove(SET_COOKIE);
    for value in rewritten {
        headers.append(SET_COOKIE, value);
    }
    // A new session: all of its time is left.
    if let Some(new) = started {
        say_what_is_left(&ctx, &new, &mut response);
    }
    response
}

/// The lifetimes of [`crate::Options`].
pub(crate) fn session_limits(ctx: &Ctx) -> SessionLimits {
    SessionLimits {
        idle_seconds: ctx.options.session_idle_seconds,
        absolute_seconds: ctx.options.session_absolute_seconds,
    }
}

/// Adds what is left of a live session to an answer (the `zeinet-session` header), so the
/// page can warn before it ends. Nothing for a session that has ended.
pub(crate) fn say_what_is_left(ctx: &Ctx, session: &str, response: &mut Response) {
    let left = ctx
        .state
        .lock()
        .session_remaining(session, session_limits(ctx));
    if let Some(value) = left.and_then(|l| HeaderValue::from_str(&l.header_value()).ok()) {
        response.headers_mut().insert(session::HEADER, value);
    }
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

/// The first non-empty value of cookie `name` in a request.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    cookie_values(headers, name).into_iter().next()
}

/// Every non-empty value of cookie `name` a request carries (a browser sends one per path or
/// domain it was set for), in the order sent.
pub fn cookie_values(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(n, value)| *n == name && !value.is_empty())
        .map(|(_, value)| value.to_owned())
        .collect()
}

/// The session cookie's name: `__Host-zeinet_session` under `--secure-cookies` (only the
/// host itself, over HTTPS, can set it), else `zeinet_session` (development over plain http).
pub fn session_cookie_name(options: &crate::Options) -> &'static str {
    if options.secure_cookies {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The session cookie of a request (by the name this deployment gives it).
pub(crate) fn session_cookie(ctx: &Ctx, headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, session_cookie_name(&ctx.options))
}

/// For routes that need a session: 401 `unauthenticated` without a live one. The request
/// uses the session (its idle time starts again), and the answer says what is left of it.
pub async fn require_session(State(ctx): State<Ctx>, mut req: Request, next: Next) -> Response {
    let Some(session) = session_cookie(&ctx, req.headers()) else {
        return ApiError::unauthenticated().into_response();
    };
    let iin = ctx.state.lock().use_session(&session, session_limits(&ctx));
    match iin {
        Some(iin) => {
            req.extensions_mut().insert(SessionUser {
                iin,
                session: session.clone(),
            });
            let mut response = next.run(req).await;
            say_what_is_left(&ctx, &session, &mut response);
            response
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
        assert_eq!(cookie_value(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        h.insert(COOKIE, HeaderValue::from_static("zeinet_session="));
        assert_eq!(cookie_value(&h, SESSION_COOKIE), None);
    }
}
