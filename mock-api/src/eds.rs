//! EDS log-in (contract: createEdsChallenge, loginWithEds): the API hands out a one-time
//! challenge, the person signs it with the AUTH_RSA256 key in NCALayer (an attached CMS), and
//! the API verifies the CMS against the test CA (`pki.rs`, `cms.rs`) and logs the signer in.

use std::collections::{BTreeMap, HashMap};

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
use crate::handlers::session_set_cookie;
use crate::middleware::session_cookie;
use crate::pki::{Pki, CLIENT_AUTH};
use crate::time::{format_rfc3339, now_unix};
use crate::Ctx;

/// How long a challenge may be signed and sent back.
pub const CHALLENGE_SECONDS: i64 = 5 * 60;
/// More live challenges than this and the oldest ones are forgotten (the endpoint is open).
pub const MAX_CHALLENGES: usize = 10_000;

#[derive(Clone, Debug)]
struct Challenge {
    data: Vec<u8>,
    issued: i64,
    expires: i64,
}

/// The challenges handed out and not used yet.
#[derive(Debug, Default)]
pub struct Challenges {
    live: HashMap<String, Challenge>,
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
    /// A new challenge at `now`: its id, the bytes to sign and its expiry (Unix seconds).
    pub fn issue(&mut self, now: i64) -> (String, Vec<u8>, i64) {
        crate::bounded::make_room(
            &mut self.live,
            MAX_CHALLENGES,
            |c| c.expires > now,
            |c| c.issued,
        );
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
        self.live.insert(
            id.clone(),
            Challenge {
                data: data.clone(),
                issued: now,
                expires,
            },
        );
        (id, data, expires)
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

pub(crate) async fn create_challenge(State(ctx): State<Ctx>) -> Json<EdsChallenge> {
    let (id, data, expires) = ctx.state.lock().eds_challenges.issue(now_unix());
    Json(EdsChallenge {
        challenge_id: id,
        data: base64::engine::general_purpose::STANDARD.encode(data),
        expires_at: format_rfc3339(expires),
    })
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
    // A challenge is good for one attempt, whatever comes of it.
    let challenge = ctx.state.lock().eds_challenges.take(&challenge_id, now);

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
    let Taken::Live(expected) = challenge else {
        return Err(ApiError::new(
            StatusCode::GONE,
            "challenge_expired",
            "Unknown, used or expired challenge: ask for a new one.",
        ));
    };
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
        let (id, data, expires) = c.issue(1000);
        assert_eq!(expires, 1000 + CHALLENGE_SECONDS);
        assert!(String::from_utf8(data.clone()).unwrap().contains(&id));
        assert_eq!(c.take(&id, 1001), Taken::Live(data));
        assert_eq!(c.take(&id, 1001), Taken::Gone);
        let (id, _, expires) = c.issue(2000);
        assert_eq!(c.take(&id, expires), Taken::Gone);
        assert_eq!(c.take("nope", 0), Taken::Gone);
        let (a, da, _) = c.issue(3000);
        let (b, db, _) = c.issue(3000);
        assert!(a != b && da != db);
        // Expired ones are dropped when new ones are issued.
        c.issue(3000 + CHALLENGE_SECONDS);
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
