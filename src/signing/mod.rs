//! Signing: NCALayer (the desktop signer on the person's computer, over a local WebSocket).
pub mod ncalayer;

use crate::api::ApiError;
use ncalayer::NcaError;

/// Why a signed action (an EDS log-in, a cancellation) did not happen: NCALayer could not
/// sign, or the backend refused what was signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigningFailure {
    NcaLayer(NcaError),
    Backend(ApiError),
}

impl SigningFailure {
    /// A stable machine name (`ncalayer_not_running`, `conflict`…) for `data-error` and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            SigningFailure::NcaLayer(error) => match error {
                NcaError::NotRunning => "ncalayer_not_running",
                NcaError::Closed => "ncalayer_closed",
                NcaError::Timeout => "ncalayer_timeout",
                NcaError::Garbage => "ncalayer_garbage",
                NcaError::Failed { .. } => "ncalayer_failed",
            },
            SigningFailure::Backend(error) => error.kind(),
        }
    }
}
