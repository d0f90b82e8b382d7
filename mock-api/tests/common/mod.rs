//! Helpers shared by the integration tests: requests through the router without a socket.
#![allow(dead_code)]

use axum::body::{to_bytes, Body, Bytes};
use axum::http::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use mock_api::{app, AppState, Options};
use serde_json::Value;
use tower::ServiceExt;

pub const IVANOV: &str = "900101300007";
pub const AIGUL: &str = "900101300017";
pub const PETROV: &str = "900101300811";
pub const NOT_REGISTERED: &str = "900101300823";
pub const PASSWORD: &str = "Zeinet-2026!";

pub fn quiet(options: Options) -> Options {
    Options {
        log_requests: false,
        ..options
    }
}

pub fn new_app(options: Options) -> (AppState, Router) {
    let state = AppState::from_fixtures();
    let router = app(state.clone(), quiet(options));
    (state, router)
}

pub fn dev_app() -> (AppState, Router) {
    new_app(Options {
        dev: true,
        ..Options::default()
    })
}

/// Moves the mock's clock (`POST /__dev/clock`, a dev app) forward.
pub async fn advance(app: &Router, seconds: i64) {
    let body = serde_json::json!({ "advance_seconds": seconds });
    let reply = call(app, "POST", "/__dev/clock", Some(body), None).await;
    assert_eq!(reply.status, StatusCode::OK);
}

/// A dev app whose sessions outlive a jump of the dev clock by days (tests of what the clock
/// dates or expires, not of sessions).
pub fn dev_app_with_lasting_sessions() -> (AppState, Router) {
    new_app(Options {
        dev: true,
        session_idle_seconds: 30 * 86_400,
        session_absolute_seconds: 30 * 86_400,
        ..Options::default()
    })
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {:?} (status {})",
                String::from_utf8_lossy(&self.body),
                self.status
            )
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or("").to_owned()
    }

    /// `zeinet_session=...` from Set-Cookie, ready for a Cookie header.
    pub fn session_cookie(&self) -> Option<String> {
        let set = self.headers.get(SET_COOKIE)?.to_str().ok()?;
        Some(set.split(';').next()?.trim().to_owned())
    }
}

pub fn request(
    method: &str,
    path: &str,
    body: Option<&Value>,
    cookie: Option<&str>,
) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(path);
    if let Some(c) = cookie {
        b = b.header(COOKIE, c);
    }
    match body {
        Some(v) => b
            .header(CONTENT_TYPE, "application/json")
            .body(Body::from(v.to_string()))
            .unwrap(),
        None => b.body(Body::empty()).unwrap(),
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let response = app
        .clone()
        .oneshot(req)
        .await
        .expect("the router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("a readable body");
    Reply {
        status,
        headers,
        body,
    }
}

pub async fn call(
    app: &Router,
    method: &str,
    path: &str,
    body: Option<Value>,
    cookie: Option<&str>,
) -> Reply {
    send(app, request(method, path, body.as_ref(), cookie)).await
}

pub async fn login(app: &Router, iin: &str) -> String {
    let reply = call(
        app,
        "POST",
        "/api/auth/password",
        Some(serde_json::json!({"iin": iin, "password": PASSWORD})),
        None,
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "log-in of {iin}: {:?}",
        reply.body
    );
    reply.session_cookie().expect("a session cookie")
}

/// A profile without its `id` (checked first: 32 hex digits, random per account), for comparing
/// the rest with what the fixtures say.
pub fn without_id(mut profile: Value) -> Value {
    let id = profile
        .as_object_mut()
        .and_then(|p| p.remove("id"))
        .unwrap_or_else(|| panic!("a profile has an id: {profile}"));
    let id = id.as_str().unwrap_or_default();
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
    profile
}

/// A concrete path for a template: `{id}` → `id`.
pub fn concrete(template: &str, id: &str) -> String {
    template.replace("{id}", id)
}

/// A throw-away static folder like a release build's: `index.html`, a hashed wasm and an
/// unhashed file (remove it when done).
pub fn static_dir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "mock-api-static-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>Zeinet</title>",
    )
    .unwrap();
    std::fs::write(dir.join("zeinet-3f2a1b9c8d7e6f50_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(dir.join("robots.txt"), "User-agent: *").unwrap();
    dir
}

/// The attributes of a `Set-Cookie` value, lower case.
pub fn attributes(set_cookie: &str) -> Vec<String> {
    set_cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect()
}

/// eGov mobile's request to API №2 (`/api/egov/sign/{id}/document`): `Authorization: Bearer
/// <token>`, the token API №1 handed out.
pub async fn call_bearer(
    app: &Router,
    method: &str,
    path: &str,
    body: Option<Value>,
    token: &str,
) -> Reply {
    let mut req = request(method, path, body.as_ref(), None);
    let value = format!("Bearer {token}").parse().expect("a header value");
    req.headers_mut()
        .insert(axum::http::header::AUTHORIZATION, value);
    send(app, req).await
}

/// eGov mobile scans procedure `id`: reads API №1 (once only) and keeps its API №2 token.
pub async fn egov_scan(app: &Router, id: &str) -> String {
    let reply = call(app, "GET", &format!("/api/egov/sign/{id}"), None, None).await;
    assert_eq!(reply.status, StatusCode::OK, "API №1: {:?}", reply.body);
    let v = reply.json();
    assert_eq!(v["document"]["auth_type"], "Bearer", "{v}");
    v["document"]["auth_token"]
        .as_str()
        .expect("auth_token")
        .to_owned()
}
