//! Cancelling a transfer to an investment portfolio manager (contract: createCancelDocument,
//! cancelApplication). The page asks for a cancellation document, the person signs it with the
//! RSA256 signing key in NCALayer (an attached CMS), and the API verifies the CMS against the
//! test CA (`pki.rs`, `cms.rs`) and moves the application to `cancel_requested`.
//!
//! Documents live on the mock's dev clock (the one `/__dev/clock` advances), are single use and
//! are bound to the person who asked and to the application.

use std::collections::{BTreeMap, HashMap};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::cms::verify_attached;
use crate::eds::decode_cms_text;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::handlers::SessionUser;
use crate::model::{Application, ApplicationKind, ApplicationStatus, StatusChange};
use crate::pki::{Pki, EMAIL_PROTECTION};
use crate::state::Store;
use crate::time::{almaty_date, format_rfc3339, format_rfc3339_almaty, now_unix};
use crate::Ctx;

/// How long a cancellation document may be signed and sent back.
pub const DOCUMENT_SECONDS: i64 = 5 * 60;
/// More live documents than this and the oldest ones are forgotten.
pub const MAX_DOCUMENTS: usize = 10_000;

#[derive(Clone, Debug)]
struct Document {
    data: Vec<u8>,
    iin: String,
    application_id: String,
    issued: i64,
    expires: i64,
}

/// The cancellation documents handed out and not used yet.
#[derive(Debug, Default)]
pub struct Documents {
    live: HashMap<String, Document>,
}

/// What [`Documents::take`] finds.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    /// Live and issued to this person for this application: the bytes that had to be signed.
    Live(Vec<u8>),
    /// Unknown, already used, expired, or issued for another application or person.
    Gone,
}

/// What a kind of application is, in the document's words.
fn kind_text(kind: ApplicationKind) -> &'static str {
    match kind {
        ApplicationKind::IpmTransfer => {
            "transfer of pension savings to an investment portfolio manager (trust management)"
        }
        ApplicationKind::InsurerTransfer => "transfer of pension savings to an insurance company",
        _ => "application to ENPF",
    }
}

impl Documents {
    /// A new document at `now` for `iin` (`full_name`) to cancel `app`: its id, the bytes to sign
    /// and its expiry (Unix seconds).
    pub fn issue(
        &mut self,
        now: i64,
        iin: &str,
        full_name: &str,
        app: &Application,
    ) -> (String, Vec<u8>, i64) {
        crate::bounded::make_room(
            &mut self.live,
            MAX_DOCUMENTS,
            |d| d.expires > now,
            |d| d.issued,
        );
        let mut random = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut random);
        let id = crate::pki::hex(&random[..16]);
        let nonce = crate::pki::hex(&random[16..]);
        let expires = now + DOCUMENT_SECONDS;
        let text = format!(
            "Zeinet: cancellation of an application / Өтінішті қайтарып алу / Отзыв заявления\n\
             I, {full_name}, IIN {iin}, ask ENPF to cancel my application №{number} of {filed_on}.\n\
             application: {number} (id {app_id})\n\
             kind: {kind} ({kind_text})\n\
             applicant IIN: {iin}\n\
             applicant: {full_name}\n\
             document: {id}\n\
             nonce: {nonce}\n\
             issued: {issued}\n\
             expires: {expires_text}\n",
            number = app.number,
            filed_on = app.filed_on,
            app_id = app.id,
            kind = app.kind.code(),
            kind_text = kind_text(app.kind),
            issued = format_rfc3339_almaty(now),
            expires_text = format_rfc3339_almaty(expires),
        );
        let data = text.into_bytes();
        self.live.insert(
            id.clone(),
            Document {
                data: data.clone(),
                iin: iin.to_owned(),
                application_id: app.id.clone(),
                issued: now,
                expires,
            },
        );
        (id, data, expires)
    }

    /// Uses up the document (whatever comes of the cancellation) and says whether it was live
    /// at `now` and issued to `iin` for `application_id`.
    pub fn take(&mut self, id: &str, iin: &str, application_id: &str, now: i64) -> Taken {
        match self.live.remove(id) {
            Some(d) if now < d.expires && d.iin == iin && d.application_id == application_id => {
                Taken::Live(d.data)
            }
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

/// The contract's `SignDocument`.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct SignDocument {
    pub document_id: String,
    /// Base64 of the bytes to sign.
    pub data: String,
    pub expires_at: String,
}

/// The contract's `SignedDocument` (both fields optional here: missing ones answer 422).
#[derive(Deserialize)]
pub struct SignedDocument {
    #[serde(default)]
    document_id: Option<String>,
    #[serde(default)]
    cms: Option<String>,
}

/// The person's own application (another person's is "not found", like an unknown one).
fn own_application<'s>(store: &'s Store, iin: &str, id: &str) -> Result<&'s Application, ApiError> {
    store
        .applications
        .get(iin)
        .and_then(|list| list.iter().find(|a| a.id == id))
        .ok_or_else(ApiError::not_found)
}

fn not_cancellable(app: &Application) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "not_cancellable",
        format!(
            "Application {} ({}, status {}) cannot be cancelled: only ipm_transfer in status \
             accepted can be.",
            app.number,
            app.kind.code(),
            app.status.code()
        ),
    )
}

fn unprocessable(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
}

fn invalid_cms(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_cms", message)
}

/// `POST /api/applications/{id}/cancel/document`.
pub(crate) async fn create_document(
    State(ctx): State<Ctx>,
    Extension(user): Extension<SessionUser>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<SignDocument>, ApiError> {
    let mut store = ctx.state.lock();
    let app = own_application(&store, &user.iin, &id)?.clone();
    if !app.cancellable() {
        return Err(not_cancellable(&app));
    }
    let full_name = store
        .users
        .get(&user.iin)
        .map(|u| u.full_name.clone())
        .unwrap_or_default();
    let now = store.registrations.now();
    let (document_id, data, expires) = store
        .cancel_documents
        .issue(now, &user.iin, &full_name, &app);
    drop(store);
    Ok(Json(SignDocument {
        document_id,
        data: base64::engine::general_purpose::STANDARD.encode(data),
        expires_at: format_rfc3339(expires),
    }))
}

/// `POST /api/applications/{id}/cancel`. The checks, in order: 400 `bad_request` (the
/// extractor), 404, 422 `validation`, 409 `not_cancellable`, 410 `document_expired` (the
/// document is used up from here on, whatever the answer), 400 `invalid_cms`, 422
/// `invalid_signature` / `wrong_key_usage` / `signer_mismatch`.
pub(crate) async fn cancel(
    State(ctx): State<Ctx>,
    Extension(user): Extension<SessionUser>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<SignedDocument>,
) -> Result<Response, ApiError> {
    let expected =
        {
            let mut store = ctx.state.lock();
            let app = own_application(&store, &user.iin, &id)?;
            let document_id = body.document_id.clone().unwrap_or_default();
            let mut fields = BTreeMap::new();
            if document_id.trim().is_empty() {
                fields.insert("document_id", "required");
            }
            if body.cms.as_deref().unwrap_or_default().trim().is_empty() {
                fields.insert("cms", "required");
            }
            if !fields.is_empty() {
                return Err(ApiError::validation(fields));
            }
            if !app.cancellable() {
                return Err(not_cancellable(app));
            }
            let now = store.registrations.now();
            match store
                .cancel_documents
                .take(&document_id, &user.iin, &id, now)
            {
                Taken::Live(data) => data,
                Taken::Gone => return Err(ApiError::new(
                    StatusCode::GONE,
                    "document_expired",
                    "Unknown, used or expired cancellation document (or one issued for another \
                     application): ask for a new one.",
                )),
            }
        };

    let der = decode_cms_text(body.cms.as_deref().unwrap_or_default())
        .ok_or_else(|| invalid_cms("cms is not base64."))?;
    let pki = Pki::get().await;
    // The certificate's validity against the real time (as eGov's PUT); RSA and DER work off
    // the async threads.
    let real_now = now_unix();
    let verified =
        match tokio::task::spawn_blocking(move || verify_attached(&der, &pki.ca, real_now)).await {
            Ok(verified) => verified,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };
    let verified = match verified {
        Ok(v) => v,
        Err(e) if e.is_malformed() => return Err(invalid_cms(e.to_string())),
        Err(e) => return Err(unprocessable("invalid_signature", e.to_string())),
    };
    if verified.content != expected {
        return Err(unprocessable(
            "invalid_signature",
            "The signed content is not this cancellation document.",
        ));
    }
    if !verified.has_eku(EMAIL_PROTECTION) {
        return Err(unprocessable(
            "wrong_key_usage",
            "Not a signing key (RSA256, extended key usage emailProtection 1.3.6.1.5.5.7.3.4): \
             sign with the key for signing documents, not the AUTH key.",
        ));
    }
    if verified.signer_iin != user.iin {
        return Err(unprocessable(
            "signer_mismatch",
            "The certificate's IIN is not the applicant's: the person logged in must sign.",
        ));
    }

    let mut store = ctx.state.lock();
    let today = almaty_date(store.registrations.now());
    let app = store
        .applications
        .get_mut(&user.iin)
        .and_then(|list| list.iter_mut().find(|a| a.id == id))
        .ok_or_else(ApiError::not_found)?;
    // Another request (another document) may have got there first.
    if !app.cancellable() {
        return Err(not_cancellable(app));
    }
    app.status = ApplicationStatus::CancelRequested;
    app.history.push(StatusChange {
        status: ApplicationStatus::CancelRequested,
        at: today,
    });
    let app = app.clone();
    let details = app.details(store.bank_name(&app.bank_bic));
    drop(store);
    eprintln!(
        "cancel: application {} of {} is cancel_requested",
        app.number,
        crate::redact::mask_iin(&user.iin)
    );
    Ok(Json(details).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Fixtures;

    fn app(id: &str) -> Application {
        Fixtures::builtin()
            .unwrap()
            .applications
            .into_iter()
            .find(|a| a.id == id)
            .unwrap()
    }

    #[test]
    fn documents_are_single_use_bound_and_expire() {
        let a = app("app-1210001");
        let mut d = Documents::default();
        let (id, data, expires) = d.issue(1000, "900101300007", "Иванов Иван Иванович", &a);
        assert_eq!(expires, 1000 + DOCUMENT_SECONDS);
        let text = String::from_utf8(data.clone()).unwrap();
        for part in [
            id.as_str(),
            "1210001",
            "ipm_transfer",
            "900101300007",
            "Иванов Иван Иванович",
            "nonce: ",
            "issued: 1970-01-01T06:16:40+06:00",
        ] {
            assert!(text.contains(part), "{part} in {text}");
        }
        assert_eq!(
            d.take(&id, "900101300007", "app-1210001", 1001),
            Taken::Live(data)
        );
        assert_eq!(
            d.take(&id, "900101300007", "app-1210001", 1001),
            Taken::Gone
        );
        // Another application, another person, expired: gone, and used up all the same.
        for (iin, app_id, now) in [
            ("900101300007", "app-1210456", 2001),
            ("900101300811", "app-1210001", 2001),
            ("900101300007", "app-1210001", 2000 + DOCUMENT_SECONDS),
        ] {
            let (id, _, _) = d.issue(2000, "900101300007", "x", &a);
            assert_eq!(d.take(&id, iin, app_id, now), Taken::Gone);
            assert_eq!(
                d.take(&id, "900101300007", "app-1210001", 2001),
                Taken::Gone
            );
        }
        let (a1, d1, _) = d.issue(3000, "900101300007", "x", &a);
        let (a2, d2, _) = d.issue(3000, "900101300007", "x", &a);
        assert!(a1 != a2 && d1 != d2);
        d.issue(3000 + DOCUMENT_SECONDS, "900101300007", "x", &a);
        assert_eq!(d.len(), 1);
    }
}
