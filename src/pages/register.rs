use super::iin_phone_form::{Flow, IinPhoneForm};
use crate::components::PageHeading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// "Тіркелу": registration by IIN and a Kazakhstan mobile number.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="narrow">
            <PageHeading text=Signal::derive(move || t_string!(i18n, register.title).to_owned()) />
            <p>{t!(i18n, register.intro)}</p>
            <IinPhoneForm flow=Flow::Register />
            <p class="form-links">
                <A href="/login">{t!(i18n, register.have_account)}</A>
            </p>
        </div>
    }
}
