//! The backend client: one [`request`] function, one [`ApiError`], one file per resource.
//! The shapes follow `contract/openapi.json`.
mod client;
pub mod early;
mod error;

pub mod applications;
pub mod auth;
pub mod refund;
pub mod session_clock;
pub mod status;

pub use client::{decode, request, DEFAULT_TIMEOUT};
pub use error::ApiError;

use gloo_net::http::Method;
use serde::{de::DeserializeOwned, Serialize};

/// `GET path`, decoded.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    request::<T, ()>(Method::GET, path, None, &[]).await
}

/// `POST path` with a JSON body, decoded.
pub async fn post<T: DeserializeOwned, B: Serialize + ?Sized>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    request(Method::POST, path, Some(body), &[]).await
}
