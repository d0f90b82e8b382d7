use super::{ApiErrorAlert, PageHeading, RetryButton};
use crate::api::ApiError;
use crate::i18n::*;
use leptos::prelude::*;

/// Shown in place of a screen (or a log-in tab) whose code chunk could not be fetched: the
/// network failed on its first visit. Offline, it is the usual offline alert; otherwise it
/// says this part could not be loaded. Either way "try again" fetches it again without
/// reloading the page (a reload would lose what was typed elsewhere).
///
/// In place of a whole page (`page`), it comes under the page's heading, "The page could not
/// be loaded": the page still has an `<h1>` and a title, and focus moves there as on any page.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::PartNotLoaded;
/// # #[derive(Clone)]
/// # enum Fetch { Loading }
/// # fn demo(state: RwSignal<Fetch>) -> impl IntoView {
/// view! { <PartNotLoaded page=true retry=Callback::new(move |()| state.set(Fetch::Loading)) /> }
/// # }
/// ```
#[component]
pub fn PartNotLoaded(
    retry: Callback<()>,
    /// Whether it stands for a whole page (a route) rather than a part of one (a tab).
    #[prop(optional)]
    page: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = page.then(|| {
        view! {
            <PageHeading text=Signal::derive(move || {
                t_string!(i18n, errors.page_not_loaded).to_owned()
            }) />
        }
    });
    let alert = if !window().navigator().on_line() {
        view! { <ApiErrorAlert error=ApiError::Offline on_retry=retry /> }.into_any()
    } else {
        view! {
            <div class="alert alert--error" role="alert" data-error="part_not_loaded">
                <p class="alert__text">{t!(i18n, errors.part_not_loaded)}</p>
                <RetryButton on_retry=retry />
            </div>
        }
        .into_any()
    };
    view! {
        {heading}
        {alert}
    }
}
