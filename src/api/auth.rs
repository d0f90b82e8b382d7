//! Log-in, log-out and the current session.
use super::ApiError;
use serde::{Deserialize, Serialize};

/// The person logged in, as the backend describes them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Profile {
    /// The account's opaque, stable id (never the IIN): what the tab's drafts are kept under.
    pub id: String,
    pub iin: String,
    pub full_name: String,
    pub phone_masked: String,
}

#[derive(Serialize)]
struct PasswordLogin<'a> {
    iin: &'a str,
    password: &'a str,
}

/// Logs in with IIN and password; the backend sets the HttpOnly session cookie.
pub async fn log_in_with_password(iin: &str, password: &str) -> Result<Profile, ApiError> {
    super::post("/auth/password", &PasswordLogin { iin, password }).await
}

/// Ends the session on the server (and its cookie).
pub async fn log_out() -> Result<(), ApiError> {
    super::post("/auth/logout", &()).await
}

/// The answer of `GET /session/status`: who is logged in, if anyone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SessionStatus {
    pub authenticated: bool,
    #[serde(default)]
    pub profile: Option<Profile>,
}

/// The current session's person, or `None` when nobody is logged in. It asks the status
/// operation, which answers 200 either way: a visit to the log-in page logs no failed
/// request in the browser's console.
pub async fn session() -> Result<Option<Profile>, ApiError> {
    let status: SessionStatus = super::get("/session/status").await?;
    Ok(status.profile.filter(|_| status.authenticated))
}

/// The backend's answer to a started SMS verification.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SmsChallenge {
    pub request_id: String,
    pub resend_after_seconds: u32,
    pub expires_at: String,
}

#[derive(Serialize)]
struct IinAndPhone<'a> {
    iin: &'a str,
    phone: &'a str,
}

/// Starts a registration: the backend checks the IIN and phone and sends an SMS code.
pub async fn start_registration(iin: &str, phone: &str) -> Result<SmsChallenge, ApiError> {
    super::post("/register/start", &IinAndPhone { iin, phone }).await
}

/// Starts a password reset: the backend checks the IIN and phone and sends an SMS code.
pub async fn start_password_reset(iin: &str, phone: &str) -> Result<SmsChallenge, ApiError> {
    super::post("/password-reset/start", &IinAndPhone { iin, phone }).await
}

/// A one-time challenge to sign with the authentication key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EdsChallenge {
    pub challenge_id: String,
    /// The bytes to sign, base64.
    pub data: String,
    pub expires_at: String,
}

#[derive(Serialize)]
struct EdsLogin<'a> {
    challenge_id: &'a str,
    cms: &'a str,
}

/// Asks the backend for a one-time challenge for EDS log-in.
pub async fn eds_challenge() -> Result<EdsChallenge, ApiError> {
    super::post("/auth/eds/challenge", &()).await
}

/// Logs in with the CMS signature of the challenge; the backend sets the session cookie.
pub async fn log_in_with_eds(challenge_id: &str, cms: &str) -> Result<Profile, ApiError> {
    super::post("/auth/eds", &EdsLogin { challenge_id, cms }).await
}

#[derive(Serialize)]
struct CodeCheck<'a> {
    request_id: &'a str,
    code: &'a str,
}

#[derive(Serialize)]
struct NewPassword<'a> {
    request_id: &'a str,
    password: &'a str,
}

/// Registration step 2: checks the SMS code of `request_id`.
pub async fn verify_registration(request_id: &str, code: &str) -> Result<(), ApiError> {
    super::post("/register/verify", &CodeCheck { request_id, code }).await
}

/// Registration step 3: sets the password; the backend logs the person in (session cookie).
pub async fn complete_registration(request_id: &str, password: &str) -> Result<Profile, ApiError> {
    super::post(
        "/register/complete",
        &NewPassword {
            request_id,
            password,
        },
    )
    .await
}

/// Password reset step 2: checks the SMS code of `request_id`.
pub async fn verify_password_reset(request_id: &str, code: &str) -> Result<(), ApiError> {
    super::post("/password-reset/verify", &CodeCheck { request_id, code }).await
}

/// Password reset step 3: sets the new password; the backend logs the person in.
pub async fn complete_password_reset(
    request_id: &str,
    password: &str,
) -> Result<Profile, ApiError> {
    super::post(
        "/password-reset/complete",
        &NewPassword {
            request_id,
            password,
        },
    )
    .await
}

/// An eGov mobile signing procedure: the QR text, the phone link and its expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EgovProcedure {
    pub id: String,
    /// `mobileSign:` + the absolute URL of the backend's API №1.
    pub qr_text: String,
    /// eGov's launcher that opens eGov mobile on a phone:
    /// `https://m.egov.kz/mobileSign/?link=<urlencoded API №1 URL>&isi=…&ibi=…&apn=…`.
    pub mobile_link: String,
    pub expires_at: String,
}

/// Where an eGov log-in procedure is (`created`, `scanned`, `signed`, `rejected`,
/// `expired`); nothing more: the session is taken with [`complete_egov_login`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EgovLoginState {
    pub state: String,
}

/// The answer of a completed eGov log-in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EgovLoginSession {
    pub profile: Profile,
}

/// Opens an eGov mobile log-in procedure. The backend binds it to this browser (an HttpOnly
/// cookie the page never sees), so only this browser may poll it and take its session.
pub async fn start_egov_login() -> Result<EgovProcedure, ApiError> {
    super::post("/auth/egov", &()).await
}

/// The procedure's state (this browser's procedure only: 404 for anyone else). Never a session.
pub async fn egov_login_state(id: &str) -> Result<EgovLoginState, ApiError> {
    super::get(&format!("/auth/egov/{}", js_sys::encode_uri_component(id))).await
}

/// Takes the session of a signed procedure (once): the backend sets the session cookie and
/// answers the profile. 404 (not this browser's), 409 `not_signed` / `already_used`, 410
/// `expired`: no session will come from this procedure.
pub async fn complete_egov_login(id: &str) -> Result<Profile, ApiError> {
    let path = format!("/auth/egov/{}/session", js_sys::encode_uri_component(id));
    let answer: EgovLoginSession = super::post(&path, &()).await?;
    Ok(answer.profile)
}
