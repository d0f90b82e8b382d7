//! The three steps shared by registration and password reset: IIN + phone, the SMS code, the
//! new password. The step is in the address (`?step=code`, `?step=password`) so reload and
//! "back" work; what the person typed in step 1 and the request's id live in a page-owned
//! [`FlowState`], mirrored in sessionStorage for a reload — never the code or the password.
use super::iin_phone_form::{Flow, IinPhoneForm};
use super::new_password_step::NewPasswordStep;
use super::sms_code_step::SmsCodeStep;
use crate::api::{auth::SmsChallenge, ApiError};
use crate::components::StepHeading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_query_map},
    NavigateOptions,
};
use serde::{Deserialize, Serialize};

/// Which step the address asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Details,
    Code,
    Password,
}

impl Step {
    fn from_query(step: Option<&str>) -> Step {
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
    pub resend_at: RwSignal<f64>,
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
            resend_at: RwSignal::new(saved.resend_at),
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
            resend_at: self.resend_at.get(),
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
            .set(js_sys::Date::now() + f64::from(challenge.resend_after_seconds) * 1000.0);
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

/// The three steps of `state.flow`, by the address's `step`.
#[component]
pub fn SmsFlow(state: FlowState) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let step = Memo::new(move |_| query.with(|q| Step::from_query(q.get("step").as_deref())));
    // A step whose request is missing (opened directly, or another tab finished) starts over.
    let guard_navigate = navigate.clone();
    Effect::new(move || {
        let target = match step.get() {
            Step::Code if state.request_id.with_untracked(Option::is_none) => Some(""),
            Step::Password if state.request_id.with_untracked(Option::is_none) => Some(""),
            Step::Password if !state.verified.get_untracked() => Some("?step=code"),
            _ => None,
        };
        if let Some(suffix) = target {
            guard_navigate(
                &format!("{}{suffix}", state.base_path()),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    let shown_once = StoredValue::new(false);
    let on_sent = {
        let navigate = navigate.clone();
        Callback::new(move |challenge: SmsChallenge| {
            state.code_sent(&challenge);
            // A new history entry: "back" returns to the IIN and phone.
            navigate(&step_path(state, Step::Code), Default::default());
        })
    };

    move || {
        let focus = shown_once.get_value();
        shown_once.set_value(true);
        match step.get() {
            Step::Details => {
                let intro = move || match state.flow {
                    Flow::Register => t_string!(i18n, register.intro),
                    Flow::PasswordReset => t_string!(i18n, reset.intro),
                };
                view! {
                    <StepHeading
                        text=Signal::derive(move || {
                            t_string!(i18n, register.step_details).to_owned()
                        })
                        focus
                    />
                    <p>{intro}</p>
                    <IinPhoneForm flow=state.flow iin=state.iin phone=state.phone on_sent=on_sent />
                }
                .into_any()
            }
            Step::Code => view! { <SmsCodeStep state focus /> }.into_any(),
            Step::Password => view! { <NewPasswordStep state focus /> }.into_any(),
        }
    }
}

/// The message for the flows' own error codes; `None` for the generic ones (shown by
/// `ApiErrorAlert`, with "try again").
pub fn flow_error_message(i18n: crate::I18n, error: &ApiError) -> Option<String> {
    Some(match error {
        ApiError::Conflict { code } if code == "iin_registered" => {
            t_string!(i18n, register.iin_registered).to_owned()
        }
        ApiError::Conflict { code } if code == "not_registered" => {
            t_string!(i18n, reset.not_registered).to_owned()
        }
        ApiError::Conflict { code } if code == "not_verified" => {
            t_string!(i18n, sms.request_gone).to_owned()
        }
        ApiError::Validation { code, .. } => match code.as_str() {
            "phone_mismatch" => t_string!(i18n, sms.phone_mismatch).to_owned(),
            "invalid_code" => t_string!(i18n, sms.invalid_code).to_owned(),
            "code_expired" => t_string!(i18n, sms.code_expired).to_owned(),
            "too_many_attempts" => t_string!(i18n, sms.too_many_attempts).to_owned(),
            _ => return None,
        },
        ApiError::TooManyRequests { until: Some(until) } => {
            let until = crate::format::instant(until);
            t_string!(i18n, sms.resend_too_soon, until).to_string()
        }
        ApiError::NotFound => t_string!(i18n, sms.request_gone).to_owned(),
        _ => return None,
    })
}

/// The IIN as typed, normalised if it is valid (for the password rule "no IIN in it").
pub fn typed_iin(state: FlowState) -> String {
    let typed = state.iin.get();
    zeinet_domain::iin::Iin::parse(&typed)
        .map(|iin| iin.as_str().to_owned())
        .unwrap_or_else(|_| typed.trim().to_owned())
}
