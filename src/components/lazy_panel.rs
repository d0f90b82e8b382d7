use super::{Loading, PartNotLoaded};
use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use std::future::Future;
use std::sync::Arc;

/// Content whose code is a split point (a wasm chunk in the release build), fetched the first
/// time `wanted` is true and kept from then on: a polite "loading…" until it is there, and
/// [`PartNotLoaded`] with "try again" if the chunk cannot be fetched (any `Err` of `load`).
///
/// `load` yields a builder, called here in this component's own reactive scope: the content's
/// signals and the effects reading them then live, and are disposed, together.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use leptos::wasm_split::SplitLoaderError;
/// # use zeinet::components::LazyPanel;
/// # // A split point's loader, as `split_point!` declares it.
/// # async fn eds_tab_view() -> Result<fn() -> AnyView, SplitLoaderError> {
/// #     Ok(|| ().into_any())
/// # }
/// # fn demo(eds_opened: Signal<bool>) -> impl IntoView {
/// view! {
///     <LazyPanel wanted=eds_opened load=|| async { eds_tab_view().await.map(|build| move || build()) } />
/// }
/// # }
/// ```
#[component]
pub fn LazyPanel<Load, Fut, Build, LoadError>(
    #[prop(into)] wanted: Signal<bool>,
    load: Load,
    /// Whether the content is a whole page (a route): a failure then has the page's heading.
    #[prop(optional)]
    page: bool,
) -> impl IntoView
where
    Load: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<Build, LoadError>> + 'static,
    Build: Fn() -> AnyView + Send + Sync + 'static,
    LoadError: 'static,
{
    // Only this boxing is compiled once per use; the panel itself once in all, which keeps the
    // main module smaller.
    let load: LoadChunk = Box::new(move || {
        let loading = load();
        Box::pin(async move {
            match loading.await {
                Ok(build) => Fetch::Ready(Arc::new(build)),
                Err(_) => Fetch::Failed,
            }
        })
    });
    panel(wanted, load, page)
}

/// Fetches a panel's chunk: what the panel then shows.
type LoadChunk = Box<dyn Fn() -> LocalBoxFuture<'static, Fetch>>;

fn panel(wanted: Signal<bool>, load: LoadChunk, page: bool) -> AnyView {
    let opened = Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || wanted.get());
    let state = RwSignal::new(Fetch::Loading);

    // Runs when first opened, and again on "try again" (state back to Loading).
    Effect::new(move |_| {
        if !opened.get() || !state.with(|s| matches!(s, Fetch::Loading)) {
            return;
        }
        let loading = load();
        leptos::task::spawn_local(async move {
            let fetched = loading.await;
            // Builds the content in a task of its own: a chunk that was already there (fetched
            // with the main module) would otherwise be built in the same long task as the
            // frame, and a phone could neither paint nor answer a tap in between.
            gloo_timers::future::TimeoutFuture::new(0).await;
            // The panel may have gone (another page) while its chunk was on the way.
            _ = state.try_set(fetched);
        });
    });
    // Asked for again after a failure (the button that opens it pressed again, its tab chosen
    // again): that is a "try again" too. (Not on the failure itself: only `wanted` is read.)
    Effect::new(move |_| {
        if wanted.get() && state.with_untracked(|s| matches!(s, Fetch::Failed)) {
            state.set(Fetch::Loading);
        }
    });
    let retry = Callback::new(move |()| state.set(Fetch::Loading));

    (move || {
        if !opened.get() {
            return ().into_any();
        }
        match state.get() {
            Fetch::Ready(build) => build(),
            Fetch::Failed => view! { <PartNotLoaded retry page /> }.into_any(),
            Fetch::Loading => view! { <Loading rows=2 /> }.into_any(),
        }
    })
    .into_any()
}

/// Where the panel's chunk is.
#[derive(Clone)]
enum Fetch {
    Loading,
    Failed,
    Ready(Arc<dyn Fn() -> AnyView + Send + Sync>),
}
