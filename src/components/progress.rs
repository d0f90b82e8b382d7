use leptos::prelude::*;

/// A step of a running operation ("Checking the signature…") with a spinner, for a live
/// region: the text is read out, the spinner is decoration.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::Progress;
/// # fn demo() -> impl IntoView {
/// view! { <div role="status" aria-live="polite"><Progress text="Checking…" /></div> }
/// # }
/// ```
#[component]
pub fn Progress(text: &'static str) -> impl IntoView {
    view! {
        <p class="progress">
            <span class="spinner" aria-hidden="true"></span>
            {text}
        </p>
    }
}
