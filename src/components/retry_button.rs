use crate::i18n::*;
use leptos::prelude::*;

/// The "try again" of an alert: a real button (keyboard and screen readers know it), in the
/// secondary style, that runs `on_retry`.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::RetryButton;
/// # fn demo() -> impl IntoView {
/// # let list = LocalResource::new(zeinet::api::applications::list);
/// view! { <RetryButton on_retry=Callback::new(move |()| list.refetch()) /> }
/// # }
/// ```
#[component]
pub fn RetryButton(on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="button button--secondary" on:click=move |_| on_retry.run(())>
            {t!(i18n, errors.retry)}
        </button>
    }
}
