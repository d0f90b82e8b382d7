use super::ApiErrorAlert;
use crate::api::ApiError;
use crate::i18n::*;
use leptos::prelude::*;

/// Shown in place of a screen (or a log-in tab) whose code chunk could not be fetched: the
/// network failed on its first visit. Offline, it is the usual offline alert; otherwise it
/// says this part could not be loaded. Either way "try again" fetches it again without
/// reloading the page (a reload would lose what was typed elsewhere).
///
/// ```ignore
/// view! { <PartNotLoaded retry=Callback::new(move |()| attempt.update(|n| *n += 1)) /> }
/// ```
#[component]
pub fn PartNotLoaded(retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    if !window().navigator().on_line() {
        return view! { <ApiErrorAlert error=ApiError::Offline on_retry=retry /> }.into_any();
    }
    view! {
        <div class="alert alert--error" role="alert" data-error="part_not_loaded">
            <p class="alert__text">{t!(i18n, errors.part_not_loaded)}</p>
            <button type="button" class="button button--secondary" on:click=move |_| retry.run(())>
                {t!(i18n, errors.retry)}
            </button>
        </div>
    }
    .into_any()
}
