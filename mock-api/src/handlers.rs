//! The implemented operations.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;

use crate::error::{ApiError, ApiJson, ApiPath};
use crate::middleware::{say_what_is_left, session_cookie, session_limits};
use crate::model::{is_exact_iin, Items, ServiceStatus};
use crate::state::LoginOutcome;
use crate::Ctx;

pub const SESSION_COOKIE: &str = "zeinet_session";
/// Its name under `--secure-cookies` (see [`crate::middleware::session_cookie_name`]).
pub const SECURE_SESSION_COOKIE: &str = "__Host-zeinet_session";

/// Set by the auth layer for routes that need a session.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub iin: String,
    /// The session's id (what a procedure opened in it is bound to).
    pub session: String,
}

pub async fn status(State(ctx): State<Ctx>) -> Json<ServiceStatus> {
    Json(ctx.state.lock().maintenance.clone())
}

#[derive(Deserialize)]
pub struct PasswordLogin {
    #[serde(default)]
    iin: Option<String>,
    #[serde(default)]
    password: Option<String>,
}

fn cookie(ctx: &Ctx, value: &str, clear: bool) -> String {
    let name = crate::middleware::session_cookie_name(&ctx.options);
    // `__Host-`: Path=/ and no Domain, as the prefix requires.
    let mut c = format!("{name}={value}; HttpOnly; SameSite=Strict; Path=/");
    if clear {
        c.push_str("; Max-Age=0");
    }
    if ctx.options.secure_cookies {
        c.push_str("; Secure");
    }
    c
}

/// The Set-Cookie value of a new session (registration and password reset log in too).
pub(crate) fn session_set_cookie(ctx: &Ctx, session: &str) -> String {
    cookie(ctx, session, false)
}

/// Who is asking, for the log-in throttle and the flood limits: the peer's network (its IPv4
/// address, or the /64 of its IPv6 address: [`crate::throttle::client_key`]; `-` when the
/// server runs without connection info, as in the in-process tests). Never a forwarded header:
/// any client could write one. Behind a proxy a real deployment takes the address the proxy
/// vouches for.
pub struct Client(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Client(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or_else(
                    || "-".to_owned(),
                    |ConnectInfo(addr)| crate::throttle::client_key(addr.ip()),
                ),
        ))
    }
}

pub async fn login_password(
    State(ctx): State<Ctx>,
    Client(client): Client,
    ApiJson(body): ApiJson<PasswordLogin>,
) -> Result<Response, ApiError> {
    let iin = body.iin.unwrap_or_default();
    let password = body.password.unwrap_or_default();
    let mut fields = BTreeMap::new();
    if iin.is_empty() {
        fields.insert("iin", "required");
    } else if !is_exact_iin(&iin) {
        fields.insert("iin", "invalid_iin");
    }
    if password.is_empty() {
        fields.insert("password", "required");
    }
    if !fields.is_empty() {
        return Err(ApiError::validation(fields));
    }
    let (outcome, now) = {
        let mut store = ctx.state.lock();
        let now = store.registrations.now();
        if let Some(until) = store.throttle.blocked_until(&client, now) {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                "Too many failed log-ins from this client: try again later.",
            )
            .lasting(now, until));
        }
        let outcome = store.login(&iin, &password, now);
        if !matches!(outcome, LoginOutcome::Success(..)) {
            store.throttle.record_failure(&client, now);
        }
        (outcome, now)
    };
    match outcome {
        LoginOutcome::Success(profile, session) => {
            let headers = [(SET_COOKIE, cookie(&ctx, &session, false))];
            Ok((headers, Json(profile)).into_response())
        }
        LoginOutcome::Invalid => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "The IIN or the password is wrong.",
        )),
        LoginOutcome::Locked(until) => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "account_locked",
            "Too many failed log-ins for this IIN: try again later.",
        )
        .lasting(now, until)),
    }
}

pub async fn logout(State(ctx): State<Ctx>, headers: HeaderMap) -> Response {
    if let Some(session) = session_cookie(&ctx, &headers) {
        ctx.state.lock().end_session(&session);
    }
    (
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, cookie(&ctx, "", true))],
    )
        .into_response()
}

pub async fn profile(
    State(ctx): State<Ctx>,
    Extension(user): Extension<SessionUser>,
) -> Result<Response, ApiError> {
    let store = ctx.state.lock();
    let user = store
        .users
        .get(&user.iin)
        .ok_or_else(ApiError::unauthenticated)?;
    Ok(Json(user.profile()).into_response())
}

/// Who is logged in, if anyone: 200 either way (the app's first question on every load).
/// Asking is a request of the person's: it uses the session (the page's "continue" before a
/// time-out is this question), and the answer says what is left of it.
pub async fn session_status(State(ctx): State<Ctx>, headers: HeaderMap) -> Response {
    let session = session_cookie(&ctx, &headers);
    let profile = {
        let mut store = ctx.state.lock();
        session
            .as_deref()
            .and_then(|session| store.use_session(session, session_limits(&ctx)))
            .and_then(|iin| store.users.get(&iin).map(|user| user.profile()))
    };
    let answer = match profile {
        Some(profile) => serde_json::json!({ "authenticated": true, "profile": profile }),
        None => serde_json::json!({ "authenticated": false }),
    };
    let mut response = Json(answer).into_response();
    if let Some(session) = session {
        say_what_is_left(&ctx, &session, &mut response);
    }
    response
}

pub async fn list_applications(
    State(ctx): State<Ctx>,
    Extension(user): Extension<SessionUser>,
) -> Response {
    let store = ctx.state.lock();
    let items = store
        .applications
        .get(&user.iin)
        .map(|list| list.iter().map(|a| a.summary()).collect())
        .unwrap_or_default();
    Json(Items { items }).into_response()
}

pub async fn get_application(
    State(ctx): State<Ctx>,
    Extension(user): Extension<SessionUser>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let store = ctx.state.lock();
    let app = store
        .applications
        .get(&user.iin)
        .and_then(|list| list.iter().find(|a| a.id == id))
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(app.details(store.bank_name(&app.bank_bic))).into_response())
}

pub async fn list_payment_orders(
    State(ctx): State<Ctx>,
    Extension(user): Extension<SessionUser>,
) -> Response {
    let store = ctx.state.lock();
    let items = crate::refund::refundable_orders(&store, &user.iin);
    Json(Items { items }).into_response()
}

pub async fn list_banks(State(ctx): State<Ctx>) -> Response {
    let items = ctx.state.lock().banks.clone();
    Json(Items { items }).into_response()
}

pub async fn list_refund_applications(
    State(ctx): State<Ctx>,
    Extension(user): Extension<SessionUser>,
) -> Response {
    let store = ctx.state.lock();
    let items = store
        .refund_applications
        .get(&user.iin)
        .cloned()
        .unwrap_or_default();
    Json(Items { items }).into_response()
}

pub async fn not_implemented() -> ApiError {
    ApiError::not_implemented()
}

pub async fn api_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such API endpoint.")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This endpoint does not take this method.",
    )
}
