//! What the steps of a flow share: which flow, which step, and the page-owned [`FlowState`].
use crate::api::auth::SmsChallenge;
use chrono::{DateTime, TimeDelta, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Which flow the form starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Register,
    PasswordReset,
}

/// Which step the address asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Details,
    Code,
    Password,
}

impl Step {
    pub(super) fn from_query(step: Option<&str>) -> Step {
        match step {
            Some("code") => Step::Code,
            Some("password") => Step::Password,
            _ => Step::Details,
        }
    }
}

/// What survives a reload (sessionStorage): no code, no password.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Saved {
    iin: String,
    phone: String,
    request_id: Option<String>,
    /// When a new code may be asked (ms since the epoch).
    resend_at: f64,
    verified: bool,
}

/// The state of one flow, owned by its page.
#[derive(Debug, Clone, Copy)]
pub struct FlowState {
    pub flow: Flow,
    pub iin: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub request_id: RwSignal<Option<String>>,
    pub resend_at: RwSignal<DateTime<Utc>>,
    pub verified: RwSignal<bool>,
    /// Logged in at the end: nothing is kept any more.
    done: RwSignal<bool>,
}

fn storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

impl FlowState {
    /// The state as the last visit of this tab left it (or empty), kept in sessionStorage
    /// from now on.
    pub fn restore(flow: Flow) -> FlowState {
        let saved: Saved = storage()
            .and_then(|s| s.get_item(Self::key(flow)).ok().flatten())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        let state = FlowState {
            flow,
            iin: RwSignal::new(saved.iin),
            phone: RwSignal::new(saved.phone),
            request_id: RwSignal::new(saved.request_id),
            resend_at: RwSignal::new(
                DateTime::from_timestamp_millis(saved.resend_at as i64).unwrap_or_default(),
            ),
            verified: RwSignal::new(saved.verified),
            done: RwSignal::new(false),
        };
        Effect::new(move || state.save());
        state
    }

    fn key(flow: Flow) -> &'static str {
        match flow {
            Flow::Register => "zeinet.register",
            Flow::PasswordReset => "zeinet.password_reset",
        }
    }

    /// The page's address (step 1).
    pub fn base_path(&self) -> &'static str {
        match self.flow {
            Flow::Register => "/register",
            Flow::PasswordReset => "/password-reset",
        }
    }

    /// Writes the state to sessionStorage (tracked: the restore effect re-runs on changes).
    fn save(&self) {
        let Some(storage) = storage() else { return };
        if self.done.get() {
            let _ = storage.remove_item(Self::key(self.flow));
            return;
        }
        let saved = Saved {
            iin: self.iin.get(),
            phone: self.phone.get(),
            request_id: self.request_id.get(),
            resend_at: self.resend_at.get().timestamp_millis() as f64,
            verified: self.verified.get(),
        };
        if let Ok(text) = serde_json::to_string(&saved) {
            let _ = storage.set_item(Self::key(self.flow), &text);
        }
    }

    /// A code was sent: remember its request and when a new one may be asked.
    pub fn code_sent(&self, challenge: &SmsChallenge) {
        self.request_id.set(Some(challenge.request_id.clone()));
        self.resend_at
            .set(Utc::now() + TimeDelta::seconds(challenge.resend_after_seconds.into()));
        self.verified.set(false);
    }

    /// The flow is over (logged in): forget everything, in this tab too.
    pub fn finish(&self) {
        self.done.set(true);
        self.request_id.set(None);
        self.verified.set(false);
        self.iin.set(String::new());
        self.phone.set(String::new());
    }
}

/// The address of `step` of the flow.
pub fn step_path(state: FlowState, step: Step) -> String {
    match step {
        Step::Details => state.base_path().to_owned(),
        Step::Code => format!("{}?step=code", state.base_path()),
        Step::Password => format!("{}?step=password", state.base_path()),
    }
}

/// The IIN as typed, normalised if it is valid (for the password rule "no IIN in it").
pub fn typed_iin(state: FlowState) -> String {
    let typed = state.iin.get();
    zeinet_domain::iin::Iin::parse(&typed)
        .map(|iin| iin.as_str().to_owned())
        .unwrap_or_else(|_| typed.trim().to_owned())
}
