//! The three steps shared by registration and password reset: IIN + phone, the SMS code, the
//! new password. The step is in the address (`?step=code`, `?step=password`) so reload and
//! "back" work; what the person typed in step 1 and the request's id live in a page-owned
//! [`FlowState`], mirrored in sessionStorage for a reload — never the code or the password.
use super::iin_phone_form::IinPhoneForm;
use super::new_password_step::NewPasswordStep;
use super::sms_code_step::SmsCodeStep;
use super::state::{step_path, Flow, FlowState, Step};
use crate::api::auth::SmsChallenge;
use crate::components::StepHeading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_query_map},
    NavigateOptions,
};

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
