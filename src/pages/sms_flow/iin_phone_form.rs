//! The first step shared by registration and password reset: IIN and a Kazakhstan mobile
//! number, checked here before the backend is asked to send an SMS code.
use super::errors::{flow_error_message, is_locked, LockedWays};
use super::state::Flow;
use crate::api::{self, auth::SmsChallenge, ApiError};
use crate::components::{ApiErrorAlert, ErrorSummary, FieldError, TextField};
use crate::i18n::*;
use crate::pages::messages::{iin_message, phone_message};
use leptos::prelude::*;
use zeinet_domain::{
    iin::Iin,
    phone::{KzMobile, PhoneError},
};

/// The IIN + phone form; on a valid submit it asks the backend to start `flow` and hands the
/// answer to `on_sent`. The typed values live in the page's signals `iin` and `phone`.
#[component]
pub fn IinPhoneForm(
    flow: Flow,
    iin: RwSignal<String>,
    phone: RwSignal<String>,
    on_sent: Callback<SmsChallenge>,
) -> impl IntoView {
    let i18n = use_i18n();
    let iin_problem = RwSignal::new(None);
    let phone_problem = RwSignal::new(None::<PhoneError>);
    let attempt = RwSignal::new(0u32);

    let start = Action::new_local(move |(iin, phone): &(String, String)| {
        let (iin, phone) = (iin.clone(), phone.clone());
        async move {
            match flow {
                Flow::Register => api::auth::start_registration(&iin, &phone).await,
                Flow::PasswordReset => api::auth::start_password_reset(&iin, &phone).await,
            }
        }
    });

    Effect::new(move || {
        if let Some(Ok(challenge)) = start.value().get() {
            on_sent.run(challenge);
        }
    });
    // A well-formed IIN and phone always go on to the code step: the backend never says
    // whether they match its records (the SMS to the phone on record does).
    let server_error = move || start.value().get().and_then(Result::err);

    let iin_error = Signal::derive(move || iin_problem.get().map(|p| iin_message(i18n, p)));
    let phone_error = Signal::derive(move || phone_problem.get().map(|p| phone_message(i18n, p)));
    let summary = Signal::derive(move || {
        [("iin", iin_error.get()), ("phone", phone_error.get())]
            .into_iter()
            .filter_map(|(field_id, message)| {
                message.map(|message| FieldError { field_id, message })
            })
            .collect::<Vec<_>>()
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed_iin = Iin::parse(&iin.get_untracked());
        let parsed_phone = KzMobile::parse(&phone.get_untracked());
        iin_problem.set(parsed_iin.as_ref().err().copied());
        phone_problem.set(parsed_phone.as_ref().err().copied());
        attempt.update(|n| *n += 1);
        if let (Ok(iin), Ok(phone)) = (parsed_iin, parsed_phone) {
            start.dispatch((iin.as_str().to_owned(), phone.as_str().to_owned()));
        }
    };
    let retry = Callback::new(move |_| {
        if let (Ok(iin), Ok(phone)) = (
            Iin::parse(&iin.get_untracked()),
            KzMobile::parse(&phone.get_untracked()),
        ) {
            start.dispatch((iin.as_str().to_owned(), phone.as_str().to_owned()));
        }
    });

    view! {
        <ErrorSummary errors=summary attempt=attempt />
        <div aria-live="assertive" class="live-region">
            {move || {
                server_error()
                    .map(|error: ApiError| match flow_error_message(i18n, &error) {
                        Some(message) => {
                            view! {
                                <div
                                    class="alert alert--error"
                                    role="alert"
                                    data-error=error.kind()
                                >
                                    <p class="alert__text">{message}</p>
                                    {is_locked(&error).then(|| view! { <LockedWays /> })}
                                </div>
                            }
                                .into_any()
                        }
                        None => view! { <ApiErrorAlert error on_retry=retry /> }.into_any(),
                    })
            }}
        </div>
        <form class="form" novalidate on:submit=on_submit>
            <TextField
                id="iin"
                label=Signal::derive(move || t_string!(i18n, login.iin).to_owned())
                hint=Signal::derive(move || t_string!(i18n, login.iin_hint).to_owned())
                value=iin
                error=iin_error
                autocomplete="username"
                inputmode="numeric"
            />
            <TextField
                id="phone"
                label=Signal::derive(move || t_string!(i18n, register.phone).to_owned())
                hint=Signal::derive(move || t_string!(i18n, register.phone_hint).to_owned())
                value=phone
                error=phone_error
                input_type="tel"
                autocomplete="tel"
                inputmode="tel"
            />
            <button
                type="submit"
                class="button button--primary"
                disabled=move || start.pending().get()
            >
                {t!(i18n, register.submit)}
            </button>
        </form>
    }
}
