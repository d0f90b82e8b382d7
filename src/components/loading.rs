use crate::i18n::*;
use leptos::prelude::*;

/// A polite "loading…" status with a skeleton of `rows` lines, for async waits.
#[component]
pub fn Loading(#[prop(default = 3)] rows: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="visually-hidden">{t!(i18n, common.loading)}</span>
            <div class="skeleton" aria-hidden="true">
                {(0..rows).map(|_| view! { <div class="skeleton__line"></div> }).collect_view()}
            </div>
        </div>
    }
}
