use super::iin_phone_form::{Flow, IinPhoneForm};
use crate::components::PageHeading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// "Құпиясөзді ұмыттыңыз ба?": a new password by IIN, phone and an SMS code.
#[component]
pub fn PasswordResetPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="narrow">
            <PageHeading text=Signal::derive(move || t_string!(i18n, reset.title).to_owned()) />
            <p>{t!(i18n, reset.intro)}</p>
            <IinPhoneForm flow=Flow::PasswordReset />
            <p class="form-links">
                <A href="/login">{t!(i18n, login.title)}</A>
            </p>
        </div>
    }
}
