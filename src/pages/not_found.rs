use crate::components::PageHeading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// Any address the cabinet does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, not_found.title).to_owned()) />
        <p>{t!(i18n, not_found.text)}</p>
        <p>
            <A href="/services">{t!(i18n, not_found.link)}</A>
        </p>
    }
}
