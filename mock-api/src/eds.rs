//! EDS log-in (contract: createEdsChallenge, loginWithEds): the API hands out a one-time
//! challenge, the person signs it with the AUTH_RSA256 key in NCALayer (an attached CMS), and
//! the API verifies the CMS against the test CA (`pki.rs`, `cms.rs`) and logs the signer in.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::cms::{verify_attached, CmsError};
use crate::error::{ApiError, ApiJson};
use crate::handlers::{session_set_cookie, Client};
use crate::middleware::session_cookie;
use crate::pki::{Pki, CLIENT_AUTH};
use crate::time::{format_rfc3339, now_unix};
use crate::Ctx;

/// How long a challenge may be signed and sent back.
pub const CHALLENGE_SECONDS: i64 = 5 * 60;
/// More live challenges than this and a flooder's oldest ones are forgotten (the endpoint is
/// open: see [`crate::bounded::PerClient`]).
pub const MAX_CHALLENGES: usize = 10_000;
/// Live challenges one client (network) may hold; past it 429 `too_many_requests` until its
/// oldest expires. A person needs one or two; a NAT shared by many people needs more (a real
/// backend sizes it from its traffic).
pub const MAX_CHALLENGES_PER_CLIENT: usize = 50;

#[derive(Clone, Debug)]
struct Challenge {
    data: Vec<u8>,
    expires: i64,
}

/// The challenges handed out and not used yet, per client.
#[derive(Debug, Default)]
pub struct Challenges {
    live: crate::bounded::PerClient<Challenge>,
}

/// What [`Challenges::take`] finds.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    /// Live: the bytes that had to be signed.
    Live(Vec<u8>),
    /// Unknown, already used or expired.
    Gone,
}

impl Challenges {
    /// A new challenge of `client` at `now`: its id, the bytes to sign and its expiry (Unix
    /// seconds); `Err(until)` while the client holds its quota.
    pub fn issue(&mut self, now: i64, client: &str) -> Result<(String, Vec<u8>, i64), i64> {
        let mut random = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut random);
        let id = crate::pki::hex(&random[..16]);
        let nonce = crate::pki::hex(&random[16..]);
        let expires = now + CHALLENGE_SECONDS;
        let text = format!(
            "Zeinet: log-in with an electronic digital signature\n\
             challenge: {id}\nnonce: {nonce}\nissued: {}\nexpires: {}\n",
            format_rfc3339(now),
            format_rfc3339(expires)
        );
        let data = text.into_bytes();
        let challenge = Challenge {
            data: data.clone(),
            expires,
        };
        let limits = (MAX_CHALLENGES, MAX_CHALLENGES_PER_CLIENT);
        self.live
            .insert(id.clone(), challenge, client, expires, now, limits)?;
        Ok((id, data, expires))
    }

    /// Uses up the challenge (whatever comes of the log-in) and says whether it was live at `now`.
    pub fn take(&mut self, id: &str, now: i64) -> Taken {
        match self.live.remove(id) {
            Some(c) if now < c.expires => Taken::Live(c.data),
            _ => Taken::Gone,
        }
    }

    pub fn len(&self) -> usize {
        self.live.len()
    }

    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }
}

/// The contract's `EdsChallenge`.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct EdsChallenge {
    pub challenge_id: String,
    /// Base64 of the bytes to sign.
    pub data: String,
    pub expires_at: String,
}

/// 429 `too_many_requests` for a client holding its quota of challenges or procedures, until
/// its oldest one ends.
pub(crate) fn too_many_open(what: &str, now: i64, until: i64) -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_requests",
        format!("Too many open {what} from this client: try again later."),
    )
    .lasting(now, until)
}

pub(crate) async fn create_challenge(
    State(ctx): State<Ctx>,
    Client(client): Client,
) -> Result<Json<EdsChallenge>, ApiError> {
    let now = now_unix();
    let issued = ctx.state.lock().eds_challenges.issue(now, &client);
    let (id, data, expires) = issued.map_err(|until| too_many_open("challenges", now, until))?;
    Ok(Json(EdsChallenge {
        challenge_id: id,
        data: base64::engine::general_purpose::STANDARD.encode(data),
        expires_at: format_rfc3339(expires),
    }))
}

#[derive(Deserialize)]
pub struct EdsLogin {
    #[serde(default)]
    challenge_id: Option<String>,
    #[serde(default)]
    cms: Option<String>,
}

/// The CMS of the request: base64 (whitespace and line breaks allowed), optionally inside a
/// PEM armour (`-----BEGIN CMS-----`), as NCALayer versions differ in what they return.
pub fn decode_cms_text(text: &str) -> Option<Vec<u8>> {
    let body: String = text
        .lines()
        .map(str::trim)
        .filter(|line| !(line.starts_with("-----BEGIN") || line.starts_with("-----END")))
        .flat_map(|line| line.chars())
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if body.is_empty() {
        return None;
    }
    base64::engine::general_purpose::STANDARD.decode(body).ok()
}

fn unauthorized(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, code, message)
}

pub(crate) async fn login(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<EdsLogin>,
) -> Result<Response, ApiError> {
    let challenge_id = body.challenge_id.unwrap_or_default();
    let cms = body.cms.unwrap_or_default();
    let mut fields = BTreeMap::new();
    if challenge_id.is_empty() {
        fields.insert("challenge_id", "required");
    }
    if cms.trim().is_empty() {
        fields.insert("cms", "required");
    }
    if !fields.is_empty() {
        return Err(ApiError::validation(fields));
    }
    let now = now_unix();
    // A challenge is good for one attempt, whatever comes of it. It is looked up first: an
    // unknown, used or expired one costs no parsing and no RSA work (anyone may post here).
    let challenge = ctx.state.lock().eds_challenges.take(&challenge_id, now);
    let Taken::Live(expected) = challenge else {
        return Err(ApiError::new(
            StatusCode::GONE,
            "challenge_expired",
            "Unknown, used or expired challenge: ask for a new one.",
        ));
    };

    let der = decode_cms_text(&cms).ok_or_else(|| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_cms", "cms is not base64.")
    })?;
    let pki = Pki::get().await;
    // RSA and DER work: off the async threads.
    let verified =
        match tokio::task::spawn_blocking(move || verify_attached(&der, &pki.ca, now)).await {
            Ok(verified) => verified,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };
    if let Err(e) = &verified {
        if e.is_malformed() {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_cms",
                e.to_string(),
            ));
        }
    }
    let verified =
        verified.map_err(|e: CmsError| unauthorized("invalid_signature", e.to_string()))?;
    if verified.content != expected {
        return Err(unauthorized(
            "invalid_signature",
            "The signed content is not the challenge.",
        ));
    }
    if !verified.has_eku(CLIENT_AUTH) {
        return Err(unauthorized(
            "wrong_key_usage",
            "Not an authentication key (AUTH_RSA256): sign with the key for logging in.",
        ));
    }
    let mut store = ctx.state.lock();
    let profile = store
        .users
        .get(&verified.signer_iin)
        .filter(|u| u.password.is_some())
        .map(|u| u.profile())
        .ok_or_else(|| {
            unauthorized(
                "unknown_user",
                "No pension account for the IIN of this certificate.",
            )
        })?;
    // A log-in always starts a new session: the one the browser had (if any) ends.
    if let Some(old) = session_cookie(&ctx, &headers) {
        store.end_session(&old);
    }
    let session = store.log_in_as(&verified.signer_iin);
    drop(store);
    let headers = [(SET_COOKIE, session_set_cookie(&ctx, &session))];
    Ok((headers, Json(profile)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_are_single_use_and_expire() {
        let mut c = Challenges::default();
        let (id, data, expires) = c.issue(1000, "-").unwrap();
        assert_eq!(expires, 1000 + CHALLENGE_SECONDS);
        assert!(String::from_utf8(data.clone()).unwrap().contains(&id));
        assert_eq!(c.take(&id, 1001), Taken::Live(data));
        assert_eq!(c.take(&id, 1001), Taken::Gone);
        let (id, _, expires) = c.issue(2000, "-").unwrap();
        assert_eq!(c.take(&id, expires), Taken::Gone);
        assert_eq!(c.take("nope", 0), Taken::Gone);
        let (a, da, _) = c.issue(3000, "-").unwrap();
        let (b, db, _) = c.issue(3000, "-").unwrap();
        assert!(a != b && da != db);
        // The client's expired ones are dropped when it asks for a new one.
        c.issue(3000 + CHALLENGE_SECONDS, "-").unwrap();
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn cms_text_in_base64_or_pem() {
        assert_eq!(decode_cms_text("AQID"), Some(vec![1, 2, 3]));
        assert_eq!(decode_cms_text("AQ\r\nID\n"), Some(vec![1, 2, 3]));
        assert_eq!(
            decode_cms_text("-----BEGIN CMS-----\nAQID\n-----END CMS-----\n"),
            Some(vec![1, 2, 3])
        );
        assert_eq!(decode_cms_text("not base64!"), None);
        assert_eq!(
            decode_cms_text("-----BEGIN CMS-----\n-----END CMS-----"),
            None
        );
    }
}
