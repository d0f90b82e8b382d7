use crate::i18n::*;
use leptos::prelude::*;

/// An application's status as text in a colour badge: the colour is never the only cue.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::StatusBadge;
/// # struct Row { status: RwSignal<String> }
/// # fn demo(row: Row) -> impl IntoView {
/// view! { <StatusBadge status=Signal::derive(move || row.status.get()) /> }
/// # }
/// ```
#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let class = move || status.with(|s| format!("badge badge--{}", crate::labels::status_tone(s)));
    view! {
        <span class=class data-status=move || status.get()>
            {move || status.with(|s| crate::labels::status(i18n.get_locale(), s))}
        </span>
    }
}
