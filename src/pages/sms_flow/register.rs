use super::flow::SmsFlow;
use super::state::{Flow, FlowState};
use crate::components::PageHeading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// "Тіркелу": registration by IIN, a Kazakhstan mobile number and an SMS code, in three steps
/// (`/register`, `/register?step=code`, `/register?step=password`). The page owns the flow's
/// state; it ends logged in, on the services.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = FlowState::restore(Flow::Register);
    view! {
        <div class="narrow">
            <PageHeading text=Signal::derive(move || t_string!(i18n, register.title).to_owned()) />
            <SmsFlow state />
            <p class="form-links">
                <A href="/login">{t!(i18n, register.have_account)}</A>
            </p>
        </div>
    }
}
