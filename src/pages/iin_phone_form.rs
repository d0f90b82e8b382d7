//! The first step shared by registration and password reset: IIN and a Kazakhstan mobile
//! number, checked here before the backend is asked to send an SMS code.
use crate::api::{self, ApiError};
use crate::components::{ApiErrorAlert, ErrorSummary, FieldError, TextField};
use crate::i18n::*;
use leptos::prelude::*;
use zeinet_domain::{
    iin::Iin,
    phone::{KzMobile, PhoneError},
};

/// Which flow the form starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Register,
    PasswordReset,
}

/// The IIN + phone form; on a valid submit it asks the backend to start `flow`.
#[component]
pub fn IinPhoneForm(flow: Flow) -> impl IntoView {
    let i18n = use_i18n();
    let iin = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
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

    let iin_error = Signal::derive(move || {
        iin_problem
            .get()
            .map(|p| super::login::iin_message(i18n, p))
    });
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
                start
                    .value()
                    .get()
                    .and_then(Result::err)
                    .map(|error: ApiError| view! { <ApiErrorAlert error on_retry=retry /> })
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

/// The translated message for a phone rule.
fn phone_message(i18n: crate::I18n, problem: PhoneError) -> String {
    match problem {
        PhoneError::Empty => t_string!(i18n, validation.phone_required),
        PhoneError::InvalidCharacters => t_string!(i18n, validation.phone_invalid_characters),
        PhoneError::WrongLength => t_string!(i18n, validation.phone_wrong_length),
        PhoneError::NotKazakhstan => t_string!(i18n, validation.phone_not_kazakhstan),
        PhoneError::NotMobile => t_string!(i18n, validation.phone_not_mobile),
        PhoneError::UnknownOperator => t_string!(i18n, validation.phone_unknown_operator),
    }
    .to_owned()
}
