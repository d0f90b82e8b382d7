use crate::components::PageHeading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// "ЖЗШ-дан қате есептелген ЕЗЖ сомаларын қайтаруға өтініш беру": the conditions of the
/// service from the memo. The two-step form itself is built on this page by its own issue.
#[component]
pub fn RefundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, refund.title).to_owned()) />
        <p>{t!(i18n, refund.when_title)}</p>
        <ul class="bullets">
            <li>{t!(i18n, refund.when_error)}</li>
            <li>{t!(i18n, refund.when_eds)}</li>
            <li>{t!(i18n, refund.when_login)}</li>
        </ul>
        <p class="note">
            <em>{t!(i18n, refund.to_requisites)}</em>
        </p>
        <p>{t!(i18n, refund.status_where)}</p>
        <p>
            <A href="/services/applications/refunds">{t!(i18n, refund.go_status)}</A>
        </p>
    }
}
