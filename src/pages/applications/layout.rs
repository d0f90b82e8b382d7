use crate::components::PageHeading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

/// "Менің төлемдер / аударымдар туралы өтініштерім": the heading and the sub-navigation
/// between its two views, each with its own address.
#[component]
pub fn ApplicationsLayout() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, applications.title).to_owned()) />
        <nav class="subnav" aria-label=move || t_string!(i18n, applications.subnav_label)>
            <A href="/services/applications" exact=true attr:class="subnav__link">
                {t!(i18n, applications.view_payments)}
            </A>
            <A href="/services/applications/refunds" attr:class="subnav__link">
                {t!(i18n, applications.view_refunds)}
            </A>
        </nav>
        <Outlet />
    }
}
