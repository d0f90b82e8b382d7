//! Who is logged in, shared by the frame, the auth guard and the pages.
use crate::api::{self, auth::Profile, ApiError};
use leptos::prelude::*;

/// What the cabinet knows about the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// Asking the backend (first load).
    Checking,
    /// The backend could not be asked (network, maintenance…): the guard shows the error.
    Unavailable(ApiError),
    /// Nobody is logged in.
    LoggedOut(LogoutReason),
    /// Logged in as this person.
    LoggedIn(Profile),
}

/// Why the person is logged out, so the log-in page can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoutReason {
    /// Never logged in (or a fresh visit).
    None,
    /// The backend ended the session (expiry): "log in again, your data is kept".
    Expired,
    /// The person pressed "log out".
    ByPerson,
}

/// The session, provided at the root by [`provide_session`].
#[derive(Clone, Copy)]
pub struct Session {
    state: RwSignal<SessionState>,
}

impl Session {
    /// The current state (tracked).
    pub fn state(&self) -> SessionState {
        self.state.get()
    }

    /// The logged-in person, if any (tracked).
    pub fn profile(&self) -> Option<Profile> {
        self.state.with(|s| match s {
            SessionState::LoggedIn(p) => Some(p.clone()),
            _ => None,
        })
    }

    /// Records a successful log-in.
    pub fn logged_in(&self, profile: Profile) {
        api::early::forget_all();
        self.state.set(SessionState::LoggedIn(profile));
    }

    /// Records the end of the session.
    pub fn logged_out(&self, reason: LogoutReason) {
        api::early::forget_all();
        api::session_clock::forget();
        // Logging out forgets the unfinished refund; an expiry keeps it for after log-in.
        if reason == LogoutReason::ByPerson {
            crate::refund_draft::clear();
        }
        self.state.set(SessionState::LoggedOut(reason));
    }

    /// Lets a page report an error: a session expiry logs the person out (the guard then
    /// sends them to log-in and back here afterwards). Returns the error for chaining.
    pub fn check(&self, error: ApiError) -> ApiError {
        if error.is_session_expired() {
            self.logged_out(LogoutReason::Expired);
        }
        error
    }

    /// Asks the backend who is logged in (first load, or "try again").
    pub fn refresh(&self) {
        let state = self.state;
        state.set(SessionState::Checking);
        leptos::task::spawn_local(async move {
            let answer = match api::auth::session().await {
                Ok(Some(profile)) => SessionState::LoggedIn(profile),
                Ok(None) | Err(ApiError::Unauthorized { .. }) => {
                    SessionState::LoggedOut(LogoutReason::None)
                }
                Err(error) => SessionState::Unavailable(error),
            };
            // The boot script's early answers were asked for with this session: of no use,
            // or refused, unless it is a logged-in one.
            if !matches!(answer, SessionState::LoggedIn(_)) {
                api::early::forget_all();
            }
            state.set(answer);
        });
    }
}

/// Creates the session context and asks the backend for the current session.
pub fn provide_session() -> Session {
    let session = Session {
        state: RwSignal::new(SessionState::Checking),
    };
    provide_context(session);
    session.refresh();
    session
}

/// The session context. Panics outside the app root (a programming error).
pub fn use_session() -> Session {
    expect_context::<Session>()
}
