use super::{Loading, PartNotLoaded};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::future::Future;

/// Content whose code is a split point (a wasm chunk in the release build), fetched the first
/// time `wanted` is true and kept from then on: a polite "loading…" until it is there, and
/// [`PartNotLoaded`] with "try again" if the chunk cannot be fetched (any `Err` of `load`).
///
/// ```ignore
/// <LazyPanel wanted=Signal::derive(move || tab.get() == "eds") load=eds_tab_view />
/// ```
#[component]
pub fn LazyPanel<Load, Fut, LoadError>(
    #[prop(into)] wanted: Signal<bool>,
    load: Load,
) -> impl IntoView
where
    Load: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, LoadError>> + 'static,
    LoadError: 'static,
{
    let opened = Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || wanted.get());
    let attempt = RwSignal::new(0_u32);
    let settled = RwSignal::new(false);
    let retry = Callback::new(move |()| {
        settled.set(false);
        attempt.update(|n| *n += 1);
    });
    view! {
        {move || (opened.get() && !settled.get()).then(|| view! { <Loading rows=2 /> })}
        {move || {
            attempt.track();
            opened
                .get()
                .then(|| {
                    let loading = load();
                    Suspend::new(
                        SendWrapper::new(async move {
                            let view = match loading.await {
                                Ok(view) => view,
                                Err(_) => view! { <PartNotLoaded retry /> }.into_any(),
                            };
                            settled.set(true);
                            view
                        }),
                    )
                })
        }}
    }
}
