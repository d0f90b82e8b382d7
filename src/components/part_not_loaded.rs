use crate::i18n::*;
use leptos::prelude::*;

/// Shown in place of a screen (or a log-in tab) whose code chunk could not be fetched: the
/// network failed on its first visit. Says whether the device is offline, and tries again
/// without reloading the page (a reload would lose what was typed elsewhere).
///
/// ```ignore
/// view! { <PartNotLoaded retry=Callback::new(move |()| attempt.update(|n| *n += 1)) /> }
/// ```
#[component]
pub fn PartNotLoaded(retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let offline = !window().navigator().on_line();
    view! {
        <div
            class="alert alert--error"
            role="alert"
            data-error=if offline { "offline" } else { "part_not_loaded" }
        >
            <p class="alert__text">
                {move || {
                    if offline {
                        t_string!(i18n, errors.offline)
                    } else {
                        t_string!(i18n, errors.part_not_loaded)
                    }
                }}
            </p>
            <button type="button" class="button button--secondary" on:click=move |_| retry.run(())>
                {t!(i18n, errors.retry)}
            </button>
        </div>
    }
}
