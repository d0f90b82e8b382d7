use leptos::prelude::*;

/// What an empty list says: what the page is for, and where to go instead.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use leptos_router::components::A;
/// # use zeinet::components::EmptyState;
/// # fn demo(title: Signal<String>, text: Signal<String>) -> impl IntoView {
/// view! {
///     <EmptyState title text>
///         <A href="/services">"Back to the services"</A>
///     </EmptyState>
/// }
/// # }
/// ```
#[component]
pub fn EmptyState(
    #[prop(into)] title: Signal<String>,
    #[prop(into)] text: Signal<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="empty-state" data-testid="empty-state">
            <h2 class="empty-state__title">{title}</h2>
            <p>{text}</p>
            {children()}
        </div>
    }
}
