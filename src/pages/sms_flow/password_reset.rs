use super::flow::SmsFlow;
use super::state::{Flow, FlowState};
use crate::components::PageHeading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// "Құпиясөзді ұмыттыңыз ба?": a new password by IIN, phone and an SMS code, in three steps
/// (`/password-reset`, `?step=code`, `?step=password`); it ends logged in, on the services.
#[component]
pub fn PasswordResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = FlowState::restore(Flow::PasswordReset);
    view! {
        <div class="narrow">
            <PageHeading text=Signal::derive(move || t_string!(i18n, reset.title).to_owned()) />
            <SmsFlow state />
            <p class="form-links">
                <A href="/login">{t!(i18n, login.title)}</A>
            </p>
        </div>
    }
}
