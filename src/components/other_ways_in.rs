use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// The ways in that need no password and no SMS code, for an alert that says one of those is
/// locked: `children` says why, then links to log in by EDS (`eds`) and by eGov mobile
/// (`egov`), the log-in page's tabs.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::OtherWaysIn;
/// # fn demo() -> impl IntoView {
/// view! {
///     <OtherWaysIn eds="/login?tab=eds".into() egov="/login?tab=egov".into()>
///         "Codes are locked for now."
///     </OtherWaysIn>
/// }
/// # }
/// ```
#[component]
pub fn OtherWaysIn(eds: String, egov: String, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="alert__text">{children()}</p>
        <ul class="alert__steps">
            <li>
                <A href=eds>{t!(i18n, login.locked_use_eds)}</A>
            </li>
            <li>
                <A href=egov>{t!(i18n, login.locked_use_egov)}</A>
            </li>
        </ul>
    }
}
