//! Signing: NCALayer (the desktop signer on the person's computer, over a local WebSocket).
pub mod ncalayer;

use crate::api::ApiError;
use ncalayer::NcaError;
use std::future::Future;

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
                NcaError::Blocked => "ncalayer_blocked",
                NcaError::Closed => "ncalayer_closed",
                NcaError::Timeout => "ncalayer_timeout",
                NcaError::Garbage => "ncalayer_garbage",
                NcaError::Failed { .. } => "ncalayer_failed",
            },
            SigningFailure::Backend(error) => error.kind(),
        }
    }
}

/// Runs the backend's first step of a signed action (`prepare`: a challenge, a document) while
/// the connection to NCALayer opens, both from the person's click: the browser asks about
/// "apps on this device" only shortly after a click. The backend's failure is said first, as
/// it comes first in the flow; then NCALayer's.
pub async fn prepare_with_ncalayer<T>(
    prepare: impl Future<Output = Result<T, ApiError>>,
) -> Result<T, SigningFailure> {
    let signer = ncalayer::shared();
    let (connected, prepared) = futures::join!(signer.connect(), prepare);
    let prepared = prepared.map_err(SigningFailure::Backend)?;
    connected.map_err(SigningFailure::NcaLayer)?;
    Ok(prepared)
}
