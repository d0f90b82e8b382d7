use crate::components::StepHeading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

/// After filing: «Қол қою сәтті аяқталды», the application's number, what happens next and
/// where to follow it.
#[component]
pub fn RefundDone() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let number = move || query.with(|q| q.get("number").unwrap_or_default());
    view! {
        <StepHeading
            text=Signal::derive(move || t_string!(i18n, refund.done_title).to_owned())
            focus=true
        />
        <div class="alert alert--success" role="status" data-testid="refund-done">
            <p class="alert__text">
                <strong>{t!(i18n, refund.signed)}</strong>
            </p>
            <p class="alert__text">
                {move || {
                    let number = number();
                    t_string!(i18n, refund.done_number, number).to_string()
                }}
            </p>
        </div>
        <p>{t!(i18n, refund.done_next)}</p>
        <p>
            <A href="/services/applications/refunds" attr:class="button button--primary">
                {t!(i18n, refund.done_link)}
            </A>
        </p>
    }
}
