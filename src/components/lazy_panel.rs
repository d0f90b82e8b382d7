use super::{Loading, PartNotLoaded};
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
/// ```ignore
/// <LazyPanel wanted=eds_opened load=|| async { eds_tab_view().await.map(|build| move || build()) } />
/// ```
#[component]
pub fn LazyPanel<Load, Fut, Build, LoadError>(
    #[prop(into)] wanted: Signal<bool>,
    load: Load,
) -> impl IntoView
where
    Load: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<Build, LoadError>> + 'static,
    Build: Fn() -> AnyView + Send + Sync + 'static,
    LoadError: 'static,
{
    let opened = Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || wanted.get());
    let built = RwSignal::new(None::<Arc<dyn Fn() -> AnyView + Send + Sync>>);
    let failed = RwSignal::new(false);
    let attempt = RwSignal::new(0_u32);

    Effect::new(move |_| {
        attempt.track();
        if !opened.get() || built.with_untracked(Option::is_some) {
            return;
        }
        let loading = load();
        leptos::task::spawn_local(async move {
            // The panel may have gone (another page) while its chunk was on the way.
            match loading.await {
                Ok(build) => _ = built.try_set(Some(Arc::new(build))),
                Err(_) => _ = failed.try_set(true),
            }
        });
    });
    let retry = Callback::new(move |()| {
        failed.set(false);
        attempt.update(|n| *n += 1);
    });

    move || {
        if !opened.get() {
            return ().into_any();
        }
        if let Some(build) = built.get() {
            return build();
        }
        if failed.get() {
            return view! { <PartNotLoaded retry /> }.into_any();
        }
        view! { <Loading rows=2 /> }.into_any()
    }
}
