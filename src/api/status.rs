//! `GET /status`: is the service under technical works?
use super::ApiError;
use serde::Deserialize;

/// The backend's availability.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Status {
    pub maintenance: bool,
    pub until: Option<String>,
}

/// Asks whether the service is under technical works.
pub async fn fetch() -> Result<Status, ApiError> {
    super::get("/status").await
}
