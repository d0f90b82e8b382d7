use crate::i18n::*;
use leptos::{html, prelude::*};

/// One field's error: the input's id (the summary links to it) and the translated message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field_id: &'static str,
    pub message: String,
}

/// The GOV.UK error summary: shown above a form when a submit finds errors, focused so a
/// screen reader reads it, each entry a link that moves focus to its field. `attempt` counts
/// submits: focus moves on a submit, not when a language switch re-translates the messages.
#[component]
pub fn ErrorSummary(
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    #[prop(into)] attempt: Signal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary = NodeRef::<html::Div>::new();
    Effect::new(move || {
        attempt.track();
        if let Some(summary) = summary.get() {
            if !errors.with_untracked(Vec::is_empty) {
                let _ = summary.focus();
            }
        }
    });
    view! {
        <Show when=move || !errors.with(Vec::is_empty)>
            <div
                class="error-summary"
                role="alert"
                tabindex="-1"
                aria-labelledby="error-summary-title"
                node_ref=summary
            >
                <h2 id="error-summary-title" class="error-summary__title">
                    {t!(i18n, errors.summary_title)}
                </h2>
                <ul class="error-summary__list">
                    {move || {
                        errors
                            .get()
                            .into_iter()
                            .map(|error| {
                                let id = error.field_id;
                                view! {
                                    <li>
                                        <a
                                            href=format!("#{id}")
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                focus_field(id);
                                            }
                                        >
                                            {error.message}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}

fn focus_field(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
