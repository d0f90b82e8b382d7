//! What is left of the session, as the backend's last answer said it (the `zeinet-session`
//! header, `zeinet_domain::session`), counted down from when that request was sent: the page's
//! clock then runs out no later than the server's. Read by the time-out warning.
//!
//! ```no_run
//! use zeinet::api::session_clock;
//! if let Some(left) = session_clock::left() {
//!     let _ = left.warning();
//! }
//! ```
use std::cell::Cell;
use zeinet_domain::session::Remaining;

thread_local! {
    /// The last answer's word, and when (ms since the epoch) its request was sent.
    static LAST: Cell<Option<(Remaining, f64)>> = const { Cell::new(None) };
}

/// Records what an answer said; `sent_at` is when its request was sent.
pub fn note(left: Remaining, sent_at: f64) {
    LAST.set(Some((left, sent_at)));
}

/// What is left now; `None` when no answer has said (logged out, or a backend that does not).
pub fn left() -> Option<Remaining> {
    LAST.get()
        .map(|(left, sent_at)| left.after(js_sys::Date::now() - sent_at))
}

/// Forgets it (the session has ended).
pub fn forget() {
    LAST.set(None);
}
