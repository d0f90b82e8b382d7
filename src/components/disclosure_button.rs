use leptos::prelude::*;

/// The button that opens and closes a disclosure (a table row's details): a real `<button>`
/// with `aria-expanded` and `aria-controls`, so it works with Enter, Space and screen readers.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::DisclosureButton;
/// # fn demo() -> impl IntoView {
/// let open = RwSignal::new(false);
/// view! {
///     <DisclosureButton open controls="details-188041".to_string()>"188041"</DisclosureButton>
///     <div id="details-188041" hidden=move || !open.get()>"…"</div>
/// }
/// # }
/// ```
#[component]
pub fn DisclosureButton(
    /// Whether the controlled region is shown; the button toggles it.
    open: RwSignal<bool>,
    /// The id of the region it shows and hides.
    controls: String,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="disclosure"
            aria-expanded=move || if open.get() { "true" } else { "false" }
            aria-controls=controls
            on:click=move |_| open.update(|open| *open = !*open)
        >
            <span class="disclosure__icon" aria-hidden="true"></span>
            <span class="disclosure__text">{children()}</span>
        </button>
    }
}
