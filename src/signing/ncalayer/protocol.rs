//! The NCALayer wire protocol: requests encoded to JSON text and every reply decoded into a
//! typed outcome. The code lives in [`zeinet_domain::ncalayer`] (pure, host-tested and
//! fuzzed); this module keeps the app's paths.
pub use zeinet_domain::ncalayer::*;
