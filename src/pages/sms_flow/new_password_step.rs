//! Step 3 of registration and password reset: the new password (its rules shown as it is
//! typed) and its confirmation; on success the person is logged in and taken to the services.
use super::errors::flow_error_message;
use super::state::{step_path, typed_iin, Flow, FlowState, Step};
use crate::api::{self, ApiError};
use crate::components::StepHeading;
use crate::components::{ApiErrorAlert, ErrorSummary, FieldError, PasswordRules};
use crate::i18n::*;
use crate::pages::messages::password_problem_message;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate, NavigateOptions};
use zeinet_domain::password::PasswordProblem;

/// Why the confirmation is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConfirmProblem {
    Required,
    Mismatch,
}

/// A password input with its label, error and a show/hide button.
#[component]
fn PasswordInput(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] show_label: Signal<String>,
    #[prop(into)] hide_label: Signal<String>,
    #[prop(optional)] described_by: Option<&'static str>,
) -> impl IntoView {
    let show = RwSignal::new(false);
    let error_id = format!("{id}-error");
    let has_error = move || error.with(Option::is_some);
    let described = {
        let error_id = error_id.clone();
        move || {
            let mut ids: Vec<String> = described_by.iter().map(|s| (*s).to_owned()).collect();
            if has_error() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--error=has_error>
            <label class="field__label" for=id>
                {label}
                <span class="field__required" aria-hidden="true">
                    " *"
                </span>
            </label>
            <crate::components::FieldErrorMessage field=id error=error />
            <div class="password-input">
                <input
                    class="field__input"
                    id=id
                    name=id
                    type=move || if show.get() { "text" } else { "password" }
                    autocomplete="new-password"
                    required
                    aria-required="true"
                    aria-invalid=move || has_error().to_string()
                    aria-describedby=described
                    prop:value=move || value.get()
                    on:input:target=move |ev| value.set(ev.target().value())
                />
                <button
                    type="button"
                    class="button button--secondary password-input__toggle"
                    aria-controls=id
                    aria-pressed=move || show.get().to_string()
                    on:click=move |_| show.update(|s| *s = !*s)
                >
                    {move || if show.get() { hide_label.get() } else { show_label.get() }}
                </button>
            </div>
        </div>
    }
}

#[component]
pub fn NewPasswordStep(state: FlowState, focus: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<PasswordProblem>);
    let confirm_problem = RwSignal::new(None::<ConfirmProblem>);
    let attempt = RwSignal::new(0u32);
    let server_error = RwSignal::new(None::<ApiError>);
    let iin = Signal::derive(move || typed_iin(state));

    let complete = Action::new_local(move |(id, password): &(String, String)| {
        let (id, password) = (id.clone(), password.clone());
        let flow = state.flow;
        async move {
            match flow {
                Flow::Register => api::auth::complete_registration(&id, &password).await,
                Flow::PasswordReset => api::auth::complete_password_reset(&id, &password).await,
            }
        }
    });
    Effect::new(move || match complete.value().get() {
        Some(Ok(profile)) => {
            state.finish();
            session.logged_in(profile);
            navigate(
                "/services",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
        Some(Err(error)) => server_error.set(Some(error)),
        None => {}
    });

    let submit = move || {
        let typed = password.get_untracked();
        let repeated = confirm.get_untracked();
        let rule = PasswordProblem::check(&typed, &iin.get_untracked());
        let confirmation = if repeated.is_empty() {
            Some(ConfirmProblem::Required)
        } else if repeated != typed {
            Some(ConfirmProblem::Mismatch)
        } else {
            None
        };
        problem.set(rule);
        confirm_problem.set(confirmation);
        attempt.update(|n| *n += 1);
        if let (None, None, Some(id)) = (rule, confirmation, state.request_id.get_untracked()) {
            server_error.set(None);
            complete.dispatch((id, typed));
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit();
    };
    let retry = Callback::new(move |_| submit());

    // The backend's broken rule (weak_password) shows at the field like the client's.
    let server_rule = move || {
        server_error.with(|e| match e {
            Some(ApiError::Validation { code, fields }) if code == "weak_password" => fields
                .get("password")
                .and_then(|c| PasswordProblem::from_code(c)),
            _ => None,
        })
    };
    let password_error = Signal::derive(move || {
        problem
            .get()
            .or_else(server_rule)
            .map(|p| password_problem_message(i18n, p))
    });
    let confirm_error = Signal::derive(move || {
        confirm_problem.get().map(|p| {
            match p {
                ConfirmProblem::Required => t_string!(i18n, password.confirm_required),
                ConfirmProblem::Mismatch => t_string!(i18n, password.mismatch),
            }
            .to_owned()
        })
    });
    let summary = Signal::derive(move || {
        let mut errors = Vec::new();
        if let Some(message) = problem.get().map(|p| password_problem_message(i18n, p)) {
            errors.push(FieldError {
                field_id: "new-password",
                message,
            });
        }
        if let Some(message) = confirm_error.get() {
            errors.push(FieldError {
                field_id: "confirm-password",
                message,
            });
        }
        errors
    });

    let start_again = step_path(state, Step::Details);
    let server_alert = move || {
        let start_again = start_again.clone();
        server_error.get().map(move |error| {
            if server_rule().is_some() {
                return view! {
                    <div class="alert alert--error" role="alert" data-error=error.kind()>
                        <p class="alert__text">{move || password_error.get()}</p>
                    </div>
                }
                .into_any();
            }
            let expired = matches!(
                &error,
                ApiError::Validation { code, .. } if code == "code_expired"
            );
            let message = if expired {
                Some(t_string!(i18n, password.expired).to_owned())
            } else {
                flow_error_message(i18n, &error)
            };
            match message {
                Some(message) => view! {
                    <div class="alert alert--error" role="alert" data-error=error.kind()>
                        <p class="alert__text">{message}</p>
                        <A href=start_again attr:class="button button--secondary">
                            {t!(i18n, sms.start_again)}
                        </A>
                    </div>
                }
                .into_any(),
                None => view! { <ApiErrorAlert error on_retry=retry /> }.into_any(),
            }
        })
    };

    view! {
        <StepHeading
            text=Signal::derive(move || t_string!(i18n, password.step_title).to_owned())
            focus
        />
        <ErrorSummary errors=summary attempt=attempt />
        <div aria-live="assertive" class="live-region">
            {server_alert}
        </div>
        <form class="form" novalidate on:submit=on_submit>
            <PasswordInput
                id="new-password"
                label=Signal::derive(move || t_string!(i18n, password.new_password).to_owned())
                value=password
                error=password_error
                show_label=Signal::derive(move || t_string!(i18n, login.show_password).to_owned())
                hide_label=Signal::derive(move || t_string!(i18n, login.hide_password).to_owned())
                described_by="password-rules"
            />
            <PasswordRules id="password-rules" password=password iin=iin />
            <PasswordInput
                id="confirm-password"
                label=Signal::derive(move || t_string!(i18n, password.confirm).to_owned())
                value=confirm
                error=confirm_error
                show_label=Signal::derive(move || t_string!(i18n, password.show_confirm).to_owned())
                hide_label=Signal::derive(move || t_string!(i18n, password.hide_confirm).to_owned())
            />
            <button
                type="submit"
                class="button button--primary"
                disabled=move || complete.pending().get()
            >
                {move || {
                    if complete.pending().get() {
                        t_string!(i18n, password.submitting)
                    } else {
                        t_string!(i18n, password.submit)
                    }
                }}
            </button>
        </form>
    }
}
