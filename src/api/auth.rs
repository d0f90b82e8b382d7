//! Log-in, log-out and the current session.
use super::ApiError;
use serde::{Deserialize, Serialize};

/// The person logged in, as the backend describes them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Profile {
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

/// The current session's person, or `Unauthorized` when there is none.
pub async fn session() -> Result<Profile, ApiError> {
    super::get("/session").await
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
