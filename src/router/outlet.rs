use leptos::prelude::*;
use std::sync::Arc;

/// What a parent screen's [`Outlet`] shows: the child screen of the current address,
/// provided by the route table.
#[derive(Clone)]
pub struct OutletView(pub Arc<dyn Fn() -> AnyView + Send + Sync>);

/// Where a parent screen (a page with tabs of their own addresses) shows its child screen.
/// The parent stays as it is while the child changes.
///
/// ```ignore
/// view! { <PageHeading text=… /> <nav class="subnav">…</nav> <Outlet /> }
/// ```
#[component]
pub fn Outlet() -> impl IntoView {
    use_context::<OutletView>().map(|child| move || (child.0)())
}
