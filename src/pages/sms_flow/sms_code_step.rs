//! Step 2 of registration and password reset: the 6-digit SMS code, with "send the code
//! again" once the backend allows it.
use super::errors::{flow_error_message, is_locked, LockedWays};
use super::state::{step_path, Flow, FlowState, Step};
use crate::api::{self, auth::SmsChallenge, ApiError};
use crate::components::StepHeading;
use crate::components::{ApiErrorAlert, ErrorSummary, FieldError, TextField};
use crate::i18n::*;
use crate::pages::messages::code_message;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};
use std::time::Duration;
use zeinet_domain::{iin::Iin, phone::KzMobile};

pub use zeinet_domain::sms::{parse_code, CodeProblem};

#[component]
pub fn SmsCodeStep(state: FlowState, focus: bool) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<CodeProblem>);
    let attempt = RwSignal::new(0u32);
    let server_error = RwSignal::new(None::<ApiError>);
    let announcement = RwSignal::new(String::new());

    // The countdown: a tick a second while this step is shown.
    let now = RwSignal::new(Utc::now());
    if let Ok(handle) =
        set_interval_with_handle(move || _ = now.try_set(Utc::now()), Duration::from_secs(1))
    {
        on_cleanup(move || handle.clear());
    }
    let seconds_left = Memo::new(move |_| {
        let left = (state.resend_at.get() - now.get()).num_milliseconds();
        // Whole seconds, rounded up: "1 s" until the moment itself.
        (left + 999).div_euclid(1000).max(0)
    });
    let can_resend = Memo::new(move |_| seconds_left.get() == 0);
    // Announce (politely, once) when a new code may be asked, not every second.
    let was_waiting = StoredValue::new(!can_resend.get_untracked());
    Effect::new(move || {
        if can_resend.get() {
            if was_waiting.get_value() {
                was_waiting.set_value(false);
                announcement.set(t_string!(i18n, sms.resend_ready).to_owned());
            }
        } else {
            was_waiting.set_value(true);
        }
    });

    let verify = Action::new_local(move |(id, code): &(String, String)| {
        let (id, code) = (id.clone(), code.clone());
        let flow = state.flow;
        async move {
            match flow {
                Flow::Register => api::auth::verify_registration(&id, &code).await,
                Flow::PasswordReset => api::auth::verify_password_reset(&id, &code).await,
            }
        }
    });
    let resend = Action::new_local(move |_: &()| {
        let iin = Iin::parse(&state.iin.get_untracked())
            .map(|i| i.as_str().to_owned())
            .unwrap_or_default();
        let phone = KzMobile::parse(&state.phone.get_untracked())
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default();
        let flow = state.flow;
        async move {
            match flow {
                Flow::Register => api::auth::start_registration(&iin, &phone).await,
                Flow::PasswordReset => api::auth::start_password_reset(&iin, &phone).await,
            }
        }
    });
    {
        let navigate = navigate.clone();
        Effect::new(move || match verify.value().get() {
            Some(Ok(())) => {
                state.verified.set(true);
                navigate(&step_path(state, Step::Password), Default::default());
            }
            Some(Err(error)) => server_error.set(Some(error)),
            None => {}
        });
    }
    Effect::new(move || match resend.value().get() {
        Some(Ok(challenge)) => {
            let challenge: SmsChallenge = challenge;
            state.code_sent(&challenge);
            code.set(String::new());
            server_error.set(None);
            problem.set(None);
            announcement.set(t_string!(i18n, sms.resent).to_owned());
        }
        Some(Err(error)) => {
            if let ApiError::TooManyRequests { until: Some(until) } = &error {
                let at = zeinet_domain::dates::DateTime::parse(until)
                    .ok()
                    .and_then(|at| DateTime::from_timestamp_millis(at.unix_millis()));
                if let Some(at) = at {
                    state.resend_at.set(at);
                }
            }
            server_error.set(Some(error));
        }
        None => {}
    });

    let submit_code = move || {
        let parsed = parse_code(&code.get_untracked());
        problem.set(parsed.as_ref().err().copied());
        attempt.update(|n| *n += 1);
        if let (Ok(code), Some(id)) = (parsed, state.request_id.get_untracked()) {
            server_error.set(None);
            verify.dispatch((id, code));
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit_code();
    };
    let retry = Callback::new(move |_| submit_code());

    let code_error = Signal::derive(move || {
        problem.get().map(|p| code_message(i18n, p)).or_else(|| {
            server_error.with(|e| match e {
                Some(ApiError::Validation { code, .. }) if code == "invalid_code" => {
                    Some(t_string!(i18n, sms.invalid_code).to_owned())
                }
                _ => None,
            })
        })
    });
    let summary = Signal::derive(move || {
        problem
            .get()
            .and(code_error.get())
            .map(|message| {
                vec![FieldError {
                    field_id: "code",
                    message,
                }]
            })
            .unwrap_or_default()
    });

    let masked_phone = move || {
        KzMobile::parse(&state.phone.get())
            .map(|p| p.masked())
            .unwrap_or_default()
    };
    let start_again = step_path(state, Step::Details);
    let server_alert = move || {
        let start_again = start_again.clone();
        server_error
            .get()
            .map(move |error| match flow_error_message(i18n, &error) {
                Some(message) => {
                    let dead = matches!(
                        &error,
                        ApiError::Validation { code, .. } if code == "too_many_attempts"
                    ) || matches!(error, ApiError::NotFound);
                    let expired = matches!(
                        &error,
                        ApiError::Validation { code, .. } if code == "code_expired"
                    );
                    let locked = is_locked(&error);
                    view! {
                        <div class="alert alert--error" role="alert" data-error=error.kind()>
                            <p class="alert__text">{message}</p>
                            {locked.then(|| view! { <LockedWays /> })}
                            {(dead || expired)
                                .then(|| {
                                    view! {
                                        <A href=start_again attr:class="button button--secondary">
                                            {t!(i18n, sms.start_again)}
                                        </A>
                                    }
                                })}
                        </div>
                    }
                    .into_any()
                }
                None => view! { <ApiErrorAlert error on_retry=retry /> }.into_any(),
            })
    };

    view! {
        <StepHeading
            text=Signal::derive(move || t_string!(i18n, sms.step_title).to_owned())
            focus
        />
        // The same words whatever the backend knows: it never says whether the details matched.
        <p>
            {move || {
                let phone = masked_phone();
                t_string!(i18n, sms.sent_if_match, phone).to_string()
            }}
        </p>
        <ErrorSummary errors=summary attempt=attempt />
        <div aria-live="assertive" class="live-region">
            {server_alert}
        </div>
        <form class="form" novalidate on:submit=on_submit>
            <TextField
                id="code"
                label=Signal::derive(move || t_string!(i18n, sms.code).to_owned())
                hint=Signal::derive(move || t_string!(i18n, sms.code_hint).to_owned())
                value=code
                error=code_error
                autocomplete="one-time-code"
                inputmode="numeric"
            />
            <button
                type="submit"
                class="button button--primary"
                disabled=move || verify.pending().get()
            >
                {move || {
                    if verify.pending().get() {
                        t_string!(i18n, sms.submitting)
                    } else {
                        t_string!(i18n, sms.submit)
                    }
                }}
            </button>
        </form>
        <div class="resend">
            <button
                type="button"
                class="button button--secondary"
                data-testid="resend"
                disabled=move || !can_resend.get() || resend.pending().get()
                on:click=move |_| {
                    resend.dispatch(());
                }
            >
                {t!(i18n, sms.resend)}
            </button>
            <Show when=move || !can_resend.get()>
                <p class="field__hint" data-testid="resend-countdown">
                    {move || {
                        let time = crate::format::countdown(seconds_left.get());
                        t_string!(i18n, sms.resend_in, time).to_string()
                    }}
                </p>
            </Show>
            <p class="visually-hidden" role="status" aria-live="polite">
                {move || announcement.get()}
            </p>
        </div>
        <CodeHelp flow=state.flow />
        <p class="form-links">
            <A href=step_path(state, Step::Details)>{t!(i18n, sms.change_details)}</A>
        </p>
    }
}

/// What to do when no code comes, for every case at once (the page cannot know which one
/// applies): the SMS of a flow that does not apply says so and names the other flow.
#[component]
fn CodeHelp(flow: Flow) -> impl IntoView {
    let i18n = use_i18n();
    let other_flow = match flow {
        Flow::Register => view! {
            {t!(i18n, register.code_help)}
            " "
            <A href="/password-reset">{t!(i18n, login.forgot)}</A>
        }
        .into_any(),
        Flow::PasswordReset => view! {
            {t!(i18n, reset.code_help)}
            " "
            <A href="/register">{t!(i18n, login.register)}</A>
        }
        .into_any(),
    };
    view! {
        <div class="code-help" data-testid="code-help">
            <p>{other_flow}</p>
            <p>{t!(i18n, sms.no_sms)}</p>
        </div>
    }
}
