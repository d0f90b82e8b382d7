//! eGov mobile QR signing (contract: startEgovLogin, getEgovLogin, completeEgovLogin,
//! egovApi1, egovApi2Get, egovApi2Put; shared/reference/signing-protocols.md). The page opens a
//! procedure and polls it; the phone reads API №1 (the QR code's URL), fetches the document
//! through API №2 and PUTs it back signed (an attached CMS). In development `/__dev/egov/sign`
//! (and the `egov-sign` CLI subcommand) plays the phone through exactly those endpoints.
//!
//! A procedure has a purpose: the log-in (its document a one-time log-in text, AUTH or signing
//! key) or a VPC refund (`refund.rs`: its document the refund application, the person's signing
//! key only; the accepted PUT files the application). Each poll endpoint sees only its own
//! kind, so a refund signature can never log anyone in.
//!
//! A procedure belongs to whoever opened it: its id travels in the QR code and the phone's
//! link, so the id alone is worth nothing. A log-in procedure is bound to the browser by the
//! `zeinet_egov` cookie (HttpOnly, SameSite=Strict, a new random secret for each procedure, on
//! that procedure's path only), a
//! refund procedure to the session that opened it. Only a hash of the secret (of the session
//! id) is kept, compared in constant time; for anyone else a procedure is an unknown id (404).
//! The poll only tells the state; the session is a separate POST, handed out once.
//!
//! The phone's side is bound the same way: the first read of API №1 (the QR code's URL) hands
//! out a fresh random token (`auth_type: Bearer`), once; API №2 (the document, with the refund's
//! name, IIN and IBAN, and its PUT) answers only `Authorization: Bearer <that token>`. A second
//! read of API №1 is refused (409 `already_scanned`), never given a new token: API №1 needs
//! nothing but the id, so a reissued token would go to whoever else holds the id. Without the
//! right token API №2 answers 401 `invalid_token` whatever the id (unknown, another procedure's,
//! ended); the token dies with the procedure (signed, rejected, expired). Only its hash is kept.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HOST, SET_COOKIE, WWW_AUTHENTICATE};
use axum::http::uri::Scheme;
use axum::http::{HeaderMap, Method, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::cms::verify_attached;
use crate::eds::decode_cms_text;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::handlers::{session_set_cookie, Client};
use crate::middleware::{came_over_https, cookie_values, session_cookie};
use crate::model::RefundApplication;
use crate::pki::{KeyKind, Pki, CLIENT_AUTH, EMAIL_PROTECTION};
use crate::time::{format_rfc3339, now_unix};
use crate::Ctx;

/// How long a procedure may be scanned and signed.
pub const PROCEDURE_SECONDS: i64 = 3 * 60;
/// More procedures than this and a flooder's oldest ones are forgotten (the log-in endpoint is
/// open: see [`crate::bounded::PerClient`]).
pub const MAX_PROCEDURES: usize = 10_000;
/// Procedures (log-in and refund, kept ones included) one client (network) may hold; past it
/// 429 `too_many_requests` until its oldest is forgotten. A person needs a few; a NAT shared
/// by many people needs more (a real backend sizes it from its traffic).
pub const MAX_PROCEDURES_PER_CLIENT: usize = 50;
/// Finished or expired procedures are kept this long (the page may still poll them).
pub const KEEP_SECONDS: i64 = 10 * 60;
/// The cookie that binds a log-in procedure to the browser that opened it.
pub const BINDING_COOKIE: &str = "zeinet_egov";
/// Where the browser sends it: under this, the procedure's own path (its poll and session).
pub const BINDING_PATH: &str = "/api/auth/egov";
/// Its life: a procedure's, and the time it is kept after.
pub const BINDING_MAX_AGE: i64 = PROCEDURE_SECONDS + KEEP_SECONDS;
/// eGov mobile's launcher: on a phone it opens the app with the procedure (or its store page).
/// Never a Firebase Dynamic Link: that service, and every link of it, ended on 2025-08-25.
pub const LAUNCHER: &str = "https://m.egov.kz/mobileSign/";
/// The realm of API №2's bearer token (`WWW-Authenticate: Bearer realm="…"`).
pub const TOKEN_REALM: &str = "zeinet-egov";
/// The address used when a request has no Host header.
pub const DEFAULT_BASE: &str = "http://127.0.0.1:8081";

const ORG_BIN: &str = "971240001315";

/// API №1's description of a refund procedure.
const REFUND_DESCRIPTION: &str = "Заявление на возврат ошибочно зачисленных сумм ДПВ / \
ЖЗШ-дан қате есептелген ЕЗЖ сомаларын қайтаруға арналған өтініш";

/// Where a procedure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EgovState {
    Created,
    Scanned,
    Signed,
    Rejected,
    Expired,
}

/// What a procedure's signature is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Log-in to the cabinet (`POST /api/auth/egov`).
    LogIn,
    /// Signing the VPC refund document `document_id` of the person `iin`
    /// (`POST /api/refund/egov`).
    Refund { document_id: String, iin: String },
}

/// How a signed refund procedure ended.
#[derive(Clone, Debug)]
pub enum RefundOutcome {
    /// The application was filed.
    Filed(RefundApplication),
    /// Signed, but an order had been refunded meanwhile: nothing was filed.
    Conflict(String),
}

/// The SHA-256 of a secret that binds a procedure to its owner (the browser's `zeinet_egov`
/// secret for a log-in, the session id for a refund) or to its phone (API №2's bearer token):
/// the secret itself is never kept.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Owner([u8; 32]);

impl Owner {
    pub fn of(secret: &str) -> Owner {
        Owner(Sha256::digest(secret.as_bytes()).into())
    }

    /// Whether `secret` is this owner's, in constant time (every byte is compared).
    pub fn is(&self, secret: &str) -> bool {
        let other = Owner::of(secret);
        let diff = self
            .0
            .iter()
            .zip(other.0.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        std::hint::black_box(diff) == 0
    }
}

impl std::fmt::Debug for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Owner(…)")
    }
}

#[derive(Clone, Debug)]
struct Procedure {
    data: Vec<u8>,
    expires: i64,
    state: EgovState,
    signer_iin: Option<String>,
    /// The session cookie was handed out (once).
    session_issued: bool,
    purpose: Purpose,
    /// Who may poll it (and take its session).
    owner: Owner,
    /// Set when a refund procedure is signed.
    outcome: Option<RefundOutcome>,
    /// The hash of the phone's API №2 token: set by the first read of API №1, dropped when
    /// the procedure is signed, rejected or made to expire (and worthless once it expired).
    phone: Option<Owner>,
}

impl Procedure {
    fn state_at(&self, now: i64) -> EgovState {
        match self.state {
            EgovState::Created | EgovState::Scanned if now >= self.expires => EgovState::Expired,
            s => s,
        }
    }
}

/// The eGov procedures (log-in and refund).
#[derive(Debug, Default)]
pub struct Procedures {
    all: crate::bounded::PerClient<Procedure>,
}

/// Why the phone's (or the page's) request is refused.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Refusal {
    NotFound,
    Expired,
    Used,
    /// The session was asked for before the phone signed (or after the person declined).
    NotSigned,
    /// The session of this procedure was handed out already.
    SessionTaken,
    /// API №1 was read already: its token went to that phone (once only).
    Scanned,
}

impl Refusal {
    pub(crate) fn error(self) -> ApiError {
        match self {
            Refusal::NotFound => ApiError::not_found(),
            Refusal::Expired => ApiError::new(
                StatusCode::GONE,
                "expired",
                "The procedure expired: start a new one.",
            ),
            Refusal::Used => ApiError::new(
                StatusCode::CONFLICT,
                "already_used",
                "The procedure was already signed or rejected.",
            ),
            Refusal::NotSigned => ApiError::new(
                StatusCode::CONFLICT,
                "not_signed",
                "The procedure is not signed: wait for the phone (state signed), or start a new one.",
            ),
            Refusal::SessionTaken => ApiError::new(
                StatusCode::CONFLICT,
                "already_used",
                "The session of this procedure was already handed out (once only).",
            ),
            Refusal::Scanned => ApiError::new(
                StatusCode::CONFLICT,
                "already_scanned",
                "A phone has already scanned this code (its token is handed out once): start a \
                 new one.",
            ),
        }
    }
}

impl Procedures {
    /// Keeps a new procedure of `client` (until it expired [`KEEP_SECONDS`] ago); `Err(until)`
    /// while the client holds its quota.
    #[allow(clippy::too_many_arguments)]
    fn insert(
        &mut self,
        id: &str,
        data: Vec<u8>,
        now: i64,
        expires: i64,
        purpose: Purpose,
        owner: Owner,
        client: &str,
    ) -> Result<(), i64> {
        let procedure = Procedure {
            data,
            expires,
            state: EgovState::Created,
            signer_iin: None,
            session_issued: false,
            purpose,
            owner,
            outcome: None,
            phone: None,
        };
        let limits = (MAX_PROCEDURES, MAX_PROCEDURES_PER_CLIENT);
        self.all.insert(
            id.to_owned(),
            procedure,
            client,
            expires + KEEP_SECONDS,
            now,
            limits,
        )
    }

    /// A new log-in procedure at `now` of the browser whose binding secret is `browser`, at
    /// `client`: its id, the text to sign and its expiry; `Err(until)` over the client's quota.
    pub fn open(
        &mut self,
        now: i64,
        browser: &str,
        client: &str,
    ) -> Result<(String, Vec<u8>, i64), i64> {
        let mut random = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut random);
        let id = crate::pki::hex(&random[..16]);
        let nonce = crate::pki::hex(&random[16..]);
        let expires = now + PROCEDURE_SECONDS;
        let text = format!(
            "Zeinet: log-in with eGov mobile\nprocedure: {id}\nnonce: {nonce}\nissued: {}\nexpires: {}\n",
            format_rfc3339(now),
            format_rfc3339(expires)
        );
        let data = text.into_bytes();
        let owner = Owner::of(browser);
        let purpose = Purpose::LogIn;
        self.insert(&id, data.clone(), now, expires, purpose, owner, client)?;
        Ok((id, data, expires))
    }

    /// A new refund procedure at `now` of `iin`'s session `session` whose document is `data`
    /// (the refund document `document_id` of `iin`, valid until `document_expires`): its id and
    /// expiry, 3 minutes but never after the document's; `Err(until)` over `client`'s quota.
    #[allow(clippy::too_many_arguments)]
    pub fn open_refund(
        &mut self,
        now: i64,
        data: Vec<u8>,
        document_expires: i64,
        document_id: &str,
        iin: &str,
        session: &str,
        client: &str,
    ) -> Result<(String, i64), i64> {
        let id = crate::pki::random_hex(16);
        let expires = (now + PROCEDURE_SECONDS).min(document_expires);
        let purpose = Purpose::Refund {
            document_id: document_id.to_owned(),
            iin: iin.to_owned(),
        };
        self.insert(&id, data, now, expires, purpose, Owner::of(session), client)?;
        Ok((id, expires))
    }

    /// A live procedure (created or scanned) for the phone.
    fn live(&self, id: &str, now: i64) -> Result<&Procedure, Refusal> {
        let p = self.all.get(id).ok_or(Refusal::NotFound)?;
        match p.state_at(now) {
            EgovState::Created | EgovState::Scanned => Ok(p),
            EgovState::Expired => Err(Refusal::Expired),
            EgovState::Signed | EgovState::Rejected => Err(Refusal::Used),
        }
    }

    /// API №1 was read: the procedure is scanned. Its expiry, purpose and the phone's API №2
    /// token (64 hex digits, 256 random bits), handed out once: `Scanned` if it was read before.
    pub fn scan(&mut self, id: &str, now: i64) -> Result<(i64, Purpose, String), Refusal> {
        let p = self.live(id, now)?;
        if p.state == EgovState::Scanned {
            return Err(Refusal::Scanned);
        }
        let (expires, purpose) = (p.expires, p.purpose.clone());
        let token = crate::pki::random_hex(32);
        if let Some(p) = self.all.get_mut(id) {
            p.state = EgovState::Scanned;
            p.phone = Some(Owner::of(&token));
        }
        Ok((expires, purpose, token))
    }

    /// The document and purpose of live procedure `id` for the phone holding `token`; `None`
    /// for an unknown id, a procedure not scanned, another procedure's token or an ended
    /// procedure (the answer the same for each, so that it says nothing about the id).
    pub fn for_phone(&self, id: &str, token: &str, now: i64) -> Option<(Vec<u8>, Purpose)> {
        let p = self.all.get(id);
        // Hashed and compared even without a token to compare with: the time taken says as
        // little as the answer.
        let matches = match p.and_then(|p| p.phone.as_ref()) {
            Some(phone) => phone.is(token),
            None => {
                std::hint::black_box(Owner::of("").is(token));
                false
            }
        };
        let p = p.filter(|_| matches)?;
        let live = matches!(p.state_at(now), EgovState::Scanned);
        live.then(|| (p.data.clone(), p.purpose.clone()))
    }

    /// The document of a live procedure.
    pub fn document(&self, id: &str, now: i64) -> Result<Vec<u8>, Refusal> {
        self.live(id, now).map(|p| p.data.clone())
    }

    /// The purpose of a procedure, whatever its state.
    pub fn purpose(&self, id: &str) -> Option<&Purpose> {
        self.all.get(id).map(|p| &p.purpose)
    }

    /// A live refund procedure was signed by its person: filed, or refused for a conflict.
    pub fn finish_refund(
        &mut self,
        id: &str,
        iin: &str,
        outcome: RefundOutcome,
        now: i64,
    ) -> Result<(), Refusal> {
        self.live(id, now)?;
        if let Some(p) = self.all.get_mut(id) {
            p.state = EgovState::Signed;
            p.signer_iin = Some(iin.to_owned());
            p.outcome = Some(outcome);
            p.phone = None;
        }
        Ok(())
    }

    /// The procedure can no longer be signed (its refund document is gone): `expired` from now.
    pub fn expire(&mut self, id: &str, now: i64) {
        if let Some(p) = self.all.get_mut(id) {
            p.expires = p.expires.min(now);
            p.phone = None;
        }
    }

    /// Signed by `iin` (checked by the caller against [`Procedures::document`]).
    pub fn sign(&mut self, id: &str, iin: &str, now: i64) -> Result<(), Refusal> {
        self.live(id, now)?;
        if let Some(p) = self.all.get_mut(id) {
            p.state = EgovState::Signed;
            p.signer_iin = Some(iin.to_owned());
            p.phone = None;
        }
        Ok(())
    }

    /// The person declined (development: `PUT /__dev/egov/{id}/reject`).
    pub fn reject(&mut self, id: &str, now: i64) -> Result<(), Refusal> {
        self.live(id, now)?;
        if let Some(p) = self.all.get_mut(id) {
            p.state = EgovState::Rejected;
            p.phone = None;
        }
        Ok(())
    }

    /// The log-in procedure `id` of the browser whose binding secret is `browser`; `None` for
    /// an unknown id, a refund procedure, or another browser's (or no browser's) procedure.
    fn log_in_of(&self, id: &str, browser: Option<&str>) -> Option<&Procedure> {
        let browser = browser?;
        self.all
            .get(id)
            .filter(|p| p.purpose == Purpose::LogIn && p.owner.is(browser))
    }

    /// The state for the log-in page's poll by the browser whose binding secret is `browser`.
    /// `None` for an unknown id, a refund procedure or another browser's procedure.
    pub fn poll(&self, id: &str, browser: Option<&str>, now: i64) -> Option<EgovState> {
        self.log_in_of(id, browser).map(|p| p.state_at(now))
    }

    /// The signer's IIN of a signed log-in procedure, for its browser, once: the session is
    /// handed out. Refused: `NotFound` (unknown, a refund, another browser's), `Expired`,
    /// `NotSigned` (created, scanned or rejected), `SessionTaken` (handed out already).
    pub fn take_session(
        &mut self,
        id: &str,
        browser: Option<&str>,
        now: i64,
    ) -> Result<String, Refusal> {
        let p = self.log_in_of(id, browser).ok_or(Refusal::NotFound)?;
        let iin = match p.state_at(now) {
            EgovState::Expired => return Err(Refusal::Expired),
            EgovState::Created | EgovState::Scanned | EgovState::Rejected => {
                return Err(Refusal::NotSigned)
            }
            EgovState::Signed if p.session_issued => return Err(Refusal::SessionTaken),
            EgovState::Signed => p.signer_iin.clone().ok_or(Refusal::NotFound)?,
        };
        if let Some(p) = self.all.get_mut(id) {
            p.session_issued = true;
        }
        Ok(iin)
    }

    /// The state of `iin`'s refund procedure for the page's poll in session `session`, with
    /// the outcome once signed. `None` for an unknown id, a log-in procedure, another person's
    /// procedure or another session's (even of the same person).
    pub fn poll_refund(
        &self,
        id: &str,
        iin: &str,
        session: &str,
        now: i64,
    ) -> Option<(EgovState, Option<RefundOutcome>)> {
        let p = self.all.get(id)?;
        match &p.purpose {
            Purpose::Refund { iin: person, .. } if person == iin && p.owner.is(session) => {
                Some((p.state_at(now), p.outcome.clone()))
            }
            _ => None,
        }
    }
}

/// The contract's `EgovProcedure`.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct EgovProcedure {
    pub id: String,
    pub qr_text: String,
    pub mobile_link: String,
    pub expires_at: String,
}

/// What a URL is escaped for as a query value: everything but RFC 3986's unreserved
/// characters (`A-Z a-z 0-9 - . _ ~`).
pub const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `scheme://host[:port]` of this request, as eGov mobile must reach it.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers.get(HOST).and_then(|v| v.to_str().ok()).filter(|h| {
        !h.is_empty()
            && h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
    });
    match host {
        Some(host) => {
            let scheme = match headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
            {
                Some("https") => "https",
                _ => "http",
            };
            format!("{scheme}://{host}")
        }
        None => DEFAULT_BASE.to_owned(),
    }
}

/// The phone's link for an API №1 URL: eGov's launcher,
/// `https://m.egov.kz/mobileSign/?link=<urlencoded API №1 URL>&isi=1476128386&ibi=kz.egov.mobile&apn=kz.mobile.mgov`.
pub fn mobile_link(api1: &str) -> String {
    format!(
        "{LAUNCHER}?link={}&isi=1476128386&ibi=kz.egov.mobile&apn=kz.mobile.mgov",
        utf8_percent_encode(api1, NOT_UNRESERVED)
    )
}

/// The API №1 URL in a QR text (`mobileSign:…`), a phone link (eGov's launcher, its `link`
/// parameter decoded), or the URL itself: an absolute http(s) URL whose path is
/// `/api/egov/sign/{id}`.
pub fn api1_url(link: &str) -> Option<String> {
    let link = link.trim();
    let url = if let Some(rest) = link.strip_prefix("mobileSign:") {
        rest.to_owned()
    } else if let Some(query) = link
        .strip_prefix(LAUNCHER)
        .and_then(|r| r.strip_prefix('?'))
    {
        let query = query.split('#').next().unwrap_or_default();
        let value = query.split('&').find_map(|kv| kv.strip_prefix("link="))?;
        // `+` stays a plus; a stray `%` stays itself, and the id check below refuses it.
        percent_decode_str(value).decode_utf8().ok()?.into_owned()
    } else {
        link.to_owned()
    };
    let uri = parse_url(&url).ok()?;
    let id = uri
        .path_and_query()?
        .as_str()
        .strip_prefix("/api/egov/sign/")?;
    let ok = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    ok.then_some(url)
}

/// The page's view of procedure `id`: the QR text and the phone's link to API №1 at this
/// request's address.
pub(crate) fn procedure(headers: &HeaderMap, id: String, expires: i64) -> EgovProcedure {
    let api1 = format!("{}/api/egov/sign/{id}", base_url(headers));
    EgovProcedure {
        id,
        qr_text: format!("mobileSign:{api1}"),
        mobile_link: mobile_link(&api1),
        expires_at: format_rfc3339(expires),
    }
}

/// A binding secret as this mock makes them: 64 lower-case hex digits.
fn well_formed_secret(value: &str) -> bool {
    value.len() == 64
        && value
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The binding secrets the browser sends (`zeinet_egov` cookies, well-formed): one per
/// procedure it opened, each sent only on its own procedure's paths, and perhaps one that
/// someone planted, which matches no procedure.
pub fn binding_secrets(headers: &HeaderMap) -> Vec<String> {
    cookie_values(headers, BINDING_COOKIE)
        .into_iter()
        .filter(|v| well_formed_secret(v))
        .collect()
}

/// The `Set-Cookie` value that gives the browser the binding secret of procedure `id`:
/// HttpOnly, SameSite=Strict, sent only on that procedure's poll and session paths, for its
/// life and its keep time; `Secure` over HTTPS, as the session cookie.
fn binding_set_cookie(ctx: &Ctx, headers: &HeaderMap, id: &str, secret: &str) -> String {
    let mut c = format!(
        "{BINDING_COOKIE}={secret}; HttpOnly; SameSite=Strict; Path={BINDING_PATH}/{id}; \
         Max-Age={BINDING_MAX_AGE}"
    );
    if came_over_https(ctx, headers) {
        c.push_str("; Secure");
    }
    c
}

/// `POST /api/auth/egov`: a new log-in procedure of this browser, bound to a new secret. A
/// secret the browser sends is never taken over: one planted from a sibling subdomain would
/// otherwise be known to whoever planted it.
pub(crate) async fn start(
    State(ctx): State<Ctx>,
    Client(client): Client,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let secret = crate::pki::random_hex(32);
    let mut store = ctx.state.lock();
    let now = store.registrations.now();
    let opened = store.egov.open(now, &secret, &client);
    drop(store);
    let (id, _, expires) =
        opened.map_err(|until| crate::eds::too_many_open("procedures", now, until))?;
    let cookie = [(SET_COOKIE, binding_set_cookie(&ctx, &headers, &id, &secret))];
    Ok((cookie, Json(procedure(&headers, id, expires))).into_response())
}

/// The one of the browser's secrets that owns procedure `id`, if any.
fn owner_secret(
    store: &crate::state::Store,
    id: &str,
    headers: &HeaderMap,
    now: i64,
) -> Option<String> {
    binding_secrets(headers)
        .into_iter()
        .find(|secret| store.egov.poll(id, Some(secret), now).is_some())
}

/// `GET /api/auth/egov/{id}`: `{"state"}`, for the browser that opened it only (404 for any
/// other request, as for an unknown id). Never a session.
pub(crate) async fn poll(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let store = ctx.state.lock();
    let now = store.registrations.now();
    let browser = owner_secret(&store, &id, &headers, now);
    let state = store
        .egov
        .poll(&id, browser.as_deref(), now)
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(json!({ "state": state })).into_response())
}

/// `POST /api/auth/egov/{id}/session`: the session of a signed log-in procedure, for the
/// browser that opened it, once: a new session cookie (the one the browser had ends) and
/// `{"profile"}`. 404 (unknown, a refund, another browser's), 410 `expired`, 409 `not_signed`,
/// 409 `already_used`.
pub(crate) async fn complete(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let mut store = ctx.state.lock();
    let now = store.registrations.now();
    let browser = owner_secret(&store, &id, &headers, now);
    let iin = store
        .egov
        .take_session(&id, browser.as_deref(), now)
        .map_err(Refusal::error)?;
    let profile = store
        .users
        .get(&iin)
        .map(|u| u.profile())
        .ok_or_else(ApiError::not_found)?;
    // A log-in always starts a new session: the one the browser had (if any) ends.
    if let Some(old) = session_cookie(&ctx, &headers) {
        store.end_session(&old);
    }
    let session = store.log_in_as(&iin);
    drop(store);
    let headers = [(SET_COOKIE, session_set_cookie(&ctx, &session))];
    Ok((headers, Json(json!({ "profile": profile }))).into_response())
}

fn organisation() -> Value {
    json!({
        "nameRu": "АО «Единый накопительный пенсионный фонд» (Zeinet, тестовая среда)",
        "nameKz": "«Бірыңғай жинақтаушы зейнетақы қоры» АҚ (Zeinet, сынақ ортасы)",
        "nameEn": "Unified Accumulative Pension Fund JSC (Zeinet, test environment)",
        "bin": ORG_BIN,
    })
}

/// `GET /api/egov/sign/{id}` (API №1): the procedure, and the phone's API №2 token (once: 409
/// `already_scanned` after). 404 unknown, 409 `already_used`, 410 `expired`.
pub(crate) async fn api1(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let mut store = ctx.state.lock();
    let now = store.registrations.now();
    let (expires, purpose, token) = store.egov.scan(&id, now).map_err(Refusal::error)?;
    drop(store);
    let description = match purpose {
        Purpose::LogIn => "Вход в личный кабинет Zeinet / Zeinet жеке кабинетіне кіру",
        Purpose::Refund { .. } => REFUND_DESCRIPTION,
    };
    Ok(Json(json!({
        "description": description,
        "expiry_date": format_rfc3339(expires),
        "organisation": organisation(),
        "document": {
            "uri": format!("{}/api/egov/sign/{id}/document", base_url(&headers)),
            "auth_type": "Bearer",
            "auth_token": token,
        },
    }))
    .into_response())
}

/// The token of an `Authorization: Bearer <token>` header (the scheme in any case, RFC 7235);
/// `None` without one, with another scheme, or with more than one such header.
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let mut all = headers.get_all(AUTHORIZATION).iter();
    let (Some(value), None) = (all.next(), all.next()) else {
        return None;
    };
    let (scheme, token) = value.to_str().ok()?.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// API №2's 401: `WWW-Authenticate: Bearer` (RFC 6750: with `error="invalid_token"` when a
/// token came), the same whatever the id.
fn token_refused(sent: bool) -> Response {
    let (challenge, message) = if sent {
        (
            format!("Bearer realm=\"{TOKEN_REALM}\", error=\"invalid_token\""),
            "The bearer token is not valid for this procedure (another one's, or the procedure \
             is over).",
        )
    } else {
        (
            format!("Bearer realm=\"{TOKEN_REALM}\""),
            "API №2 needs the token API №1 handed out: Authorization: Bearer <auth_token>.",
        )
    };
    let error = unauthorized("invalid_token", message);
    ([(WWW_AUTHENTICATE, challenge)], error).into_response()
}

/// The document and purpose of the live procedure whose phone sent this request (its path id,
/// its bearer token); else whether a bearer token came (for [`token_refused`]). A path that is
/// no id (not UTF-8) is refused the same.
fn phone_procedure(
    ctx: &Ctx,
    headers: &HeaderMap,
    id: &Result<ApiPath<String>, ApiError>,
) -> Result<(String, Vec<u8>, Purpose), bool> {
    let token = bearer_token(headers);
    let store = ctx.state.lock();
    let now = store.registrations.now();
    let id = id.as_ref().map_or("", |ApiPath(id)| id.as_str());
    let found = token.and_then(|token| store.egov.for_phone(id, token, now));
    let (data, purpose) = found.ok_or(token.is_some())?;
    Ok((id.to_owned(), data, purpose))
}

/// `GET /api/egov/sign/{id}/document` (API №2): the document to sign, for the phone holding
/// the procedure's token only (401 `invalid_token` for any other request).
pub(crate) async fn api2_get(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    id: Result<ApiPath<String>, ApiError>,
) -> Result<Response, Response> {
    let (id, data, purpose) = phone_procedure(&ctx, &headers, &id).map_err(token_refused)?;
    let document = match purpose {
        Purpose::LogIn => json!({
            "id": 1,
            "nameRu": "Вход в личный кабинет Zeinet",
            "nameKz": "Zeinet жеке кабинетіне кіру",
            "nameEn": "Log-in to the Zeinet cabinet",
            "meta": [
                {"name": "procedure", "value": id},
                {"name": "purpose", "value": "log-in"},
            ],
            "document": {"file": {"mime": "", "data": B64.encode(data)}},
        }),
        Purpose::Refund { document_id, .. } => json!({
            "id": 1,
            "nameRu": "Заявление на возврат ошибочно зачисленных сумм ДПВ с ИПС",
            "nameKz": "ЖЗШ-дан қате есептелген ЕЗЖ сомаларын қайтаруға арналған өтініш",
            "nameEn": "Application for refund of erroneously credited VPC amounts",
            "meta": [
                {"name": "procedure", "value": id},
                {"name": "purpose", "value": "vpc-refund"},
                {"name": "document", "value": document_id},
            ],
            "document": {"file": {"mime": "", "data": B64.encode(data)}},
        }),
    };
    Ok(Json(json!({
        "signMethod": "CMS_WITH_DATA",
        "documentsToSign": [document],
    }))
    .into_response())
}

#[derive(Deserialize, Serialize, Debug, Clone)]
pub struct SignedFile {
    #[serde(default)]
    pub mime: Option<String>,
    #[serde(default)]
    pub data: Option<String>,
}

#[derive(Deserialize, Serialize, Debug, Clone)]
pub struct SignedDocumentBody {
    #[serde(default)]
    pub file: Option<SignedFile>,
}

#[derive(Deserialize, Serialize, Debug, Clone)]
pub struct SignedDocument {
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(default)]
    pub document: Option<SignedDocumentBody>,
}

#[derive(Deserialize, Serialize, Debug, Clone)]
pub struct Api2Put {
    #[serde(rename = "signMethod", default)]
    pub sign_method: Option<String>,
    #[serde(rename = "documentsToSign", default)]
    pub documents_to_sign: Option<Vec<SignedDocument>>,
}

fn unauthorized(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, code, message)
}

/// `PUT /api/egov/sign/{id}/document` (API №2): the signed document, from the phone holding
/// the procedure's token only; the token is checked first (401 before any word on the body).
pub(crate) async fn api2_put(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    id: Result<ApiPath<String>, ApiError>,
    body: Result<ApiJson<Api2Put>, ApiError>,
) -> Result<Response, Response> {
    let (id, expected, purpose) = phone_procedure(&ctx, &headers, &id).map_err(token_refused)?;
    let ApiJson(body) = body.map_err(IntoResponse::into_response)?;
    api2_accept(&ctx, id, expected, purpose, body)
        .await
        .map_err(IntoResponse::into_response)
}

/// The checks of an authenticated API №2 PUT: the body, the CMS, the signer; then signed.
async fn api2_accept(
    ctx: &Ctx,
    id: String,
    expected: Vec<u8>,
    purpose: Purpose,
    body: Api2Put,
) -> Result<Response, ApiError> {
    let mut fields = BTreeMap::new();
    if body.sign_method.as_deref() != Some("CMS_WITH_DATA") {
        fields.insert("signMethod", "unsupported_sign_method");
    }
    let docs = body.documents_to_sign.unwrap_or_default();
    let data = match docs.as_slice() {
        [one] if one.id == Some(1) => one
            .document
            .as_ref()
            .and_then(|d| d.file.as_ref())
            .and_then(|f| f.data.clone())
            .filter(|d| !d.trim().is_empty()),
        _ => None,
    };
    if data.is_none() {
        fields.insert("documentsToSign", "invalid");
    }
    let (Some(data), true) = (data, fields.is_empty()) else {
        return Err(ApiError::validation(fields));
    };
    let der = decode_cms_text(&data).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_cms",
            "document.file.data is not base64.",
        )
    })?;
    let pki = Pki::get().await;
    let real_now = now_unix();
    let verified =
        match tokio::task::spawn_blocking(move || verify_attached(&der, &pki.ca, real_now)).await {
            Ok(verified) => verified,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };
    let verified = match verified {
        Ok(v) => v,
        Err(e) if e.is_malformed() => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_cms",
                e.to_string(),
            ))
        }
        Err(e) => return Err(unauthorized("invalid_signature", e.to_string())),
    };
    if verified.content != expected {
        return Err(unauthorized(
            "invalid_signature",
            "The signed content is not the document of this procedure.",
        ));
    }
    if let Purpose::Refund { document_id, iin } = purpose {
        // A refund is an application: the person's signing key, and only the person's.
        if !verified.has_eku(EMAIL_PROTECTION) {
            return Err(unauthorized(
                "wrong_key_usage",
                "A refund application is signed with the signing key (RSA256, emailProtection \
                 1.3.6.1.5.5.7.3.4), not the AUTH key.",
            ));
        }
        if verified.signer_iin != iin {
            return Err(unauthorized(
                "signer_mismatch",
                "The certificate's IIN is not the applicant's: the person who asked must sign.",
            ));
        }
        let mut store = ctx.state.lock();
        let now = store.registrations.now();
        crate::refund::file_by_egov(&mut store, &id, &document_id, &iin, now)?;
        return Ok(Json(json!({})).into_response());
    }
    // eGov mobile signs with the person's own key: AUTH or signing, both are accepted.
    if !(verified.has_eku(CLIENT_AUTH) || verified.has_eku(EMAIL_PROTECTION)) {
        return Err(unauthorized(
            "wrong_key_usage",
            "Neither an authentication nor a signing key.",
        ));
    }
    let mut store = ctx.state.lock();
    let registered = store
        .users
        .get(&verified.signer_iin)
        .is_some_and(|u| u.password.is_some());
    if !registered {
        return Err(unauthorized(
            "unknown_user",
            "No pension account for the IIN of this certificate.",
        ));
    }
    let now = store.registrations.now();
    store
        .egov
        .sign(&id, &verified.signer_iin, now)
        .map_err(Refusal::error)?;
    Ok(Json(json!({})).into_response())
}

// ---- development: the phone's part -----------------------------------------------------------

/// `PUT /__dev/egov/{id}/reject`: the person declined in eGov mobile.
pub(crate) async fn dev_reject(
    State(ctx): State<Ctx>,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let mut store = ctx.state.lock();
    let now = store.registrations.now();
    store.egov.reject(&id, now).map_err(Refusal::error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// How the phone reaches the API.
pub enum Transport {
    /// Requests through this router, in the process (the same handlers and layers).
    InProcess(axum::Router),
    /// Real HTTP/1.1 over TCP to the host of each URL (`http://` only).
    Http,
}

/// A step of the phone that did not answer 200.
#[derive(Debug, Clone)]
pub struct StepError {
    pub step: &'static str,
    /// The HTTP status, or `None` when the request itself failed.
    pub status: Option<u16>,
    pub body: Value,
    pub message: String,
}

impl std::fmt::Display for StepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.status {
            Some(s) => write!(f, "{}: HTTP {s} {}", self.step, self.body),
            None => write!(f, "{}: {}", self.step, self.message),
        }
    }
}

/// What the phone did.
#[derive(Debug, Clone, Serialize)]
pub struct PhoneReport {
    pub id: String,
    pub iin: String,
    pub api1: String,
    pub api2: String,
    pub documents: usize,
}

fn step_err(step: &'static str, message: impl Into<String>) -> StepError {
    StepError {
        step,
        status: None,
        body: Value::Null,
        message: message.into(),
    }
}

/// `(status, JSON body)` of one request, with `Authorization: Bearer <bearer>` if given.
async fn send(
    transport: &Transport,
    method: Method,
    url: &str,
    bearer: Option<&str>,
    body: Option<&Value>,
) -> Result<(u16, Value), String> {
    let uri = parse_url(url)?;
    let authority = uri.authority().map_or("", |a| a.as_str());
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(HOST, authority)
        .header(ACCEPT, "application/json");
    if let Some(token) = bearer {
        req = req.header(AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match body {
        Some(b) => {
            req = req.header(CONTENT_TYPE, "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    let req = req.body(body).map_err(|e| e.to_string())?;
    let reply = match transport {
        Transport::InProcess(router) => {
            use tower::ServiceExt;
            let Ok(reply) = router.clone().oneshot(req).await;
            reply
        }
        Transport::Http => {
            if uri.scheme() != Some(&Scheme::HTTP) {
                return Err(format!("only http:// is supported: {url}"));
            }
            http_request(&uri, req).await?.map(Body::new)
        }
    };
    let status = reply.status().as_u16();
    let bytes = axum::body::to_bytes(reply.into_body(), 16 << 20)
        .await
        .map_err(|e| format!("reading the answer: {e}"))?;
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

/// An absolute http(s) URL with a host.
fn parse_url(url: &str) -> Result<Uri, String> {
    let uri: Uri = url
        .parse()
        .map_err(|e| format!("not an http(s) URL: {url} ({e})"))?;
    let http = uri.scheme() == Some(&Scheme::HTTP) || uri.scheme() == Some(&Scheme::HTTPS);
    if !http || uri.host().is_none_or(str::is_empty) {
        return Err(format!("not an http(s) URL: {url}"));
    }
    Ok(uri)
}

/// One request over a new HTTP/1.1 connection to the URL's host: hyper's client connection
/// (the crate axum serves with), without a pool, as the dev phone makes a few requests in all.
async fn http_request(uri: &Uri, req: Request<Body>) -> Result<Response<Incoming>, String> {
    let host = uri.host().unwrap_or_default();
    let addr = format!("{host}:{}", uri.port_u16().unwrap_or(80));
    let stream = tokio::net::TcpStream::connect(&addr)
        .await
        .map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("HTTP/1.1 with {addr}: {e}"))?;
    // The connection is driven until the answer is read and `sender` is dropped.
    tokio::spawn(connection);
    sender
        .send_request(req)
        .await
        .map_err(|e| format!("no answer from {addr}: {e}"))
}

/// Plays eGov mobile for `iin`: API №1, API №2 GET, signs each document with the person's
/// signing key (an attached CMS), API №2 PUT; both API №2 requests with the token API №1 gave
/// (`auth_type` `Bearer`; `None` is sent without; `Eds` is not played).
pub async fn play_phone(
    transport: &Transport,
    link: &str,
    iin: &str,
) -> Result<PhoneReport, StepError> {
    let api1 = api1_url(link).ok_or_else(|| {
        step_err(
            "link",
            "not a QR text (mobileSign:…), a mobile link or an API №1 URL",
        )
    })?;
    let pki = Pki::get().await;
    let identity = pki
        .identity(iin)
        .ok_or_else(|| step_err("iin", format!("no test keys for {iin}")))?;
    let check = |step: &'static str, (status, body): (u16, Value)| {
        if status == 200 {
            Ok(body)
        } else {
            Err(StepError {
                step,
                status: Some(status),
                message: body["message"].as_str().unwrap_or("").to_owned(),
                body,
            })
        }
    };
    let answer = send(transport, Method::GET, &api1, None, None)
        .await
        .map_err(|e| step_err("API №1", e))?;
    let procedure = check("API №1", answer)?;
    let api2 = procedure["document"]["uri"]
        .as_str()
        .ok_or_else(|| step_err("API №1", "no document.uri"))?
        .to_owned();
    let token = match procedure["document"]["auth_type"].as_str() {
        Some("Bearer") => match procedure["document"]["auth_token"].as_str() {
            Some(t) if !t.is_empty() => Some(t.to_owned()),
            _ => return Err(step_err("API №1", "auth_type Bearer without an auth_token")),
        },
        Some("None") => None,
        other => {
            return Err(step_err(
                "API №1",
                format!("unsupported document.auth_type {other:?}"),
            ))
        }
    };
    let token = token.as_deref();
    let answer = send(transport, Method::GET, &api2, token, None)
        .await
        .map_err(|e| step_err("API №2 GET", e))?;
    let mut documents = check("API №2 GET", answer)?;
    let key = identity.key(KeyKind::Sign).clone();
    let list = documents["documentsToSign"]
        .as_array_mut()
        .ok_or_else(|| step_err("API №2 GET", "no documentsToSign"))?;
    let count = list.len();
    for doc in list.iter_mut() {
        let data = doc["document"]["file"]["data"]
            .as_str()
            .and_then(|d| B64.decode(d).ok())
            .ok_or_else(|| step_err("API №2 GET", "a document without base64 data"))?;
        let key = key.clone();
        let cms = tokio::task::spawn_blocking(move || {
            crate::cms::sign_attached(&key.key, &key.cert, &data)
        })
        .await
        .map_err(|e| step_err("sign", e.to_string()))?
        .map_err(|e| step_err("sign", e))?;
        doc["document"]["file"]["data"] = Value::String(B64.encode(cms));
    }
    let answer = send(transport, Method::PUT, &api2, token, Some(&documents))
        .await
        .map_err(|e| step_err("API №2 PUT", e))?;
    check("API №2 PUT", answer)?;
    let id = api1.rsplit('/').next().unwrap_or_default().to_owned();
    Ok(PhoneReport {
        id,
        iin: iin.to_owned(),
        api1,
        api2,
        documents: count,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DevSign {
    link: String,
    #[serde(default)]
    iin: Option<String>,
}

/// `POST /__dev/egov/sign {"link", "iin"?}`: plays the phone through the API, in-process (the
/// same router: the same handlers, layers and faults). 200 with what it did; a step's refusal
/// comes back with that step's status and code (message prefixed with the step).
pub(crate) async fn dev_sign(
    State(ctx): State<Ctx>,
    ApiJson(body): ApiJson<DevSign>,
) -> Result<Response, ApiError> {
    // By default the person at the phone: the refund's applicant, or Иванов.
    let iin = body.iin.unwrap_or_else(|| {
        let id = api1_url(&body.link)
            .and_then(|url| url.rsplit('/').next().map(str::to_owned))
            .unwrap_or_default();
        match ctx.state.lock().egov.purpose(&id) {
            Some(Purpose::Refund { iin, .. }) => iin.clone(),
            _ => crate::pki::DEFAULT_IIN.to_owned(),
        }
    });
    let router = crate::app(ctx.state.clone(), (*ctx.options).clone());
    match play_phone(&Transport::InProcess(router), &body.link, &iin).await {
        Ok(report) => Ok(Json(report).into_response()),
        Err(e) => {
            let status = e
                .status
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            let mut answer = if e.body.is_object() {
                e.body.clone()
            } else {
                json!({"code": "validation"})
            };
            answer["message"] = Value::String(format!("{}: {}", e.step, e.message));
            Ok((status, Json(answer)).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BROWSER: &str = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";
    const STRANGER: &str = "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e";

    #[test]
    fn procedures_go_through_their_states() {
        let mut p = Procedures::default();
        let me = Some(BROWSER);
        let (id, data, expires) = p.open(1000, BROWSER, "-").unwrap();
        assert_eq!(expires, 1000 + PROCEDURE_SECONDS);
        assert!(String::from_utf8(data.clone()).unwrap().contains(&id));
        assert_eq!(p.poll(&id, me, 1001), Some(EgovState::Created));
        assert_eq!(p.take_session(&id, me, 1001), Err(Refusal::NotSigned));
        let (at, purpose, token) = p.scan(&id, 1001).unwrap();
        assert_eq!((at, purpose, token.len()), (expires, Purpose::LogIn, 64));
        assert_eq!(p.scan(&id, 1001), Err(Refusal::Scanned));
        assert_eq!(p.document(&id, 1001), Ok(data.clone()));
        assert_eq!(p.for_phone(&id, &token, 1001), Some((data, Purpose::LogIn)));
        assert_eq!(p.for_phone(&id, &token[1..], 1001), None);
        assert_eq!(p.for_phone("nope", &token, 1001), None);
        assert_eq!(p.sign(&id, "900101300007", 1002), Ok(()));
        assert_eq!(p.sign(&id, "900101300007", 1002), Err(Refusal::Used));
        assert_eq!(
            p.for_phone(&id, &token, 1002),
            None,
            "the token died with it"
        );
        assert_eq!(p.poll(&id, me, 1003), Some(EgovState::Signed));
        assert_eq!(p.take_session(&id, me, 1003), Ok("900101300007".into()));
        assert_eq!(p.take_session(&id, me, 1003), Err(Refusal::SessionTaken));
        assert_eq!(p.poll(&id, me, 1003), Some(EgovState::Signed));
        let (id, _, expires) = p.open(2000, BROWSER, "-").unwrap();
        assert_eq!(p.scan(&id, expires), Err(Refusal::Expired));
        assert_eq!(p.poll(&id, me, expires), Some(EgovState::Expired));
        assert_eq!(p.take_session(&id, me, expires), Err(Refusal::Expired));
        let (id, _, _) = p.open(3000, BROWSER, "-").unwrap();
        assert_eq!(p.reject(&id, 3001), Ok(()));
        assert_eq!(p.scan(&id, 3001), Err(Refusal::Used));
        assert_eq!(p.take_session(&id, me, 3001), Err(Refusal::NotSigned));
        assert_eq!(p.scan("nope", 0), Err(Refusal::NotFound));
    }

    #[test]
    fn a_procedure_is_its_owners_only() {
        let mut p = Procedures::default();
        let (id, _, _) = p.open(1000, BROWSER, "-").unwrap();
        p.sign(&id, "900101300007", 1001).unwrap();
        for stranger in [None, Some(STRANGER), Some(""), Some(&BROWSER[1..])] {
            assert_eq!(p.poll(&id, stranger, 1002), None, "{stranger:?}");
            assert_eq!(
                p.take_session(&id, stranger, 1002),
                Err(Refusal::NotFound),
                "{stranger:?}"
            );
        }
        // The strangers used nothing up.
        assert_eq!(
            p.take_session(&id, Some(BROWSER), 1002),
            Ok("900101300007".into())
        );
        // Only the hash is kept.
        assert!(!format!("{:?}", p.all.get(&id).unwrap()).contains(BROWSER));
        assert!(Owner::of(BROWSER).is(BROWSER) && !Owner::of(BROWSER).is(STRANGER));

        let (id, _) = p
            .open_refund(
                1000,
                b"doc".to_vec(),
                5000,
                "d",
                "900101300811",
                "session-a",
                "-",
            )
            .unwrap();
        let state = |iin, session| {
            p.poll_refund(&id, iin, session, 1001)
                .map(|(state, outcome)| (state, outcome.is_some()))
        };
        assert_eq!(
            state("900101300811", "session-a"),
            Some((EgovState::Created, false))
        );
        assert_eq!(state("900101300811", "session-b"), None);
        assert_eq!(state("900101300007", "session-a"), None);
        // A refund is no log-in, whoever asks.
        assert_eq!(p.poll(&id, Some("session-a"), 1001), None);
    }

    #[test]
    fn links() {
        let api1 = "http://127.0.0.1:8081/api/egov/sign/abc";
        let link = mobile_link(api1);
        // eGov's own launcher (shared/reference/signing-protocols.md), not Firebase.
        assert_eq!(
            link,
            "https://m.egov.kz/mobileSign/?link=http%3A%2F%2F127.0.0.1%3A8081%2Fapi%2Fegov%2Fsign%2Fabc&isi=1476128386&ibi=kz.egov.mobile&apn=kz.mobile.mgov"
        );
        assert_eq!(api1_url(&link).as_deref(), Some(api1));
        assert_eq!(
            api1_url(&format!("mobileSign:{api1}")).as_deref(),
            Some(api1)
        );
        assert_eq!(api1_url(api1).as_deref(), Some(api1));
        assert_eq!(api1_url(&format!("  {api1}\n")).as_deref(), Some(api1));
        // The launcher's parameters in any order; an https API №1 URL.
        let https = "https://zeinet.example/api/egov/sign/0f1e";
        assert_eq!(
            api1_url(&format!(
                "https://m.egov.kz/mobileSign/?apn=kz.mobile.mgov&link={}&isi=1476128386",
                utf8_percent_encode(https, NOT_UNRESERVED)
            ))
            .as_deref(),
            Some(https)
        );
        // Only eGov's launcher: another host's link (the dead Firebase form was one) is not.
        let elsewhere = format!(
            "https://links.example/?link={}&isi=1476128386&ibi=kz.egov.mobile&apn=kz.mobile.mgov",
            utf8_percent_encode(api1, NOT_UNRESERVED)
        );
        assert_eq!(api1_url(&elsewhere), None);
        for bad in [
            "mobileSign:ftp://x/api/egov/sign/a",
            "hello",
            "https://m.egov.kz/mobileSign/?isi=1476128386",
            "https://m.egov.kz/mobileSign/?link=%ZZ",
            "https://m.egov.kz/mobileSign/?link=http%3A%2F%2Fh%2Fother%2Fa",
            "https://m.egov.kz/other/?link=http%3A%2F%2Fh%2Fapi%2Fegov%2Fsign%2Fa",
            "http://h/api/egov/sign/",
            "http://h/api/egov/sign/a/document",
            "http:///api/egov/sign/a",
        ] {
            assert_eq!(api1_url(bad), None, "{bad}");
        }
        let uri = parse_url("http://h:1/a/b?c").unwrap();
        assert_eq!((uri.host(), uri.port_u16()), (Some("h"), Some(1)));
        assert_eq!(uri.path_and_query().unwrap().as_str(), "/a/b?c");
        for bad in ["ftp://h/a", "/a/b", "http://", "h:1/a"] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
    }
}
