use crate::api::applications::HistoryEntry;
use crate::i18n::*;
use leptos::prelude::*;

/// The steps an application went through, oldest first, each with its day
/// ("✓ Орындалды 19.02.2021"). The last step is the current status.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::api::applications::ApplicationDetails;
/// # use zeinet::components::StatusHistory;
/// # fn demo(details: ApplicationDetails) -> impl IntoView {
/// view! { <StatusHistory entries=details.history.clone() /> }
/// # }
/// ```
#[component]
pub fn StatusHistory(entries: Vec<HistoryEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let last = entries.len().saturating_sub(1);
    view! {
        <ol class="history">
            {entries
                .into_iter()
                .enumerate()
                .map(|(index, entry)| {
                    let current = index == last;
                    let tone = crate::labels::status_tone(&entry.status);
                    let status = entry.status.clone();
                    let mark = if tone == "danger" { "✗" } else { "✓" };
                    view! {
                        <li
                            class=format!("history__step history__step--{tone}")
                            aria-current=current.then_some("step")
                        >
                            <span class="history__mark" aria-hidden="true">
                                {mark}
                            </span>
                            <span class="history__status">
                                {move || crate::labels::status(i18n.get_locale(), &status)}
                            </span>
                            " "
                            <time class="history__date" datetime=entry.at.clone()>
                                {crate::format::date(&entry.at)}
                            </time>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
