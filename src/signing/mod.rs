//! Signing: NCALayer (the desktop signer on the person's computer, over a local WebSocket).
pub mod ncalayer;
