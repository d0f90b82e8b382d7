use crate::components::PageHeading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// "Қызметтер": the services of the cabinet, each with what it is for.
#[component]
pub fn ServicesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, services.title).to_owned()) />
        <p class="lead">{t!(i18n, services.intro)}</p>
        <ul class="service-list">
            <li class="service-card">
                <h2 class="service-card__title">
                    <A href="/services/applications">{t!(i18n, services.applications_title)}</A>
                </h2>
                <p class="service-card__text">{t!(i18n, services.applications_desc)}</p>
            </li>
            <li class="service-card">
                <h2 class="service-card__title">
                    <A href="/services/refund">{t!(i18n, services.refund_title)}</A>
                </h2>
                <p class="service-card__text">{t!(i18n, services.refund_desc)}</p>
            </li>
        </ul>
    }
}
