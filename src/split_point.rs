//! `split_point!`: a view whose code (and all it alone reaches) becomes a wasm chunk of its own
//! in the release build, fetched the first time it is asked for (or preloaded).
//!
//! The split point hands back a *builder* (a plain `fn`, whose code lives in the chunk) rather
//! than a built view: the caller builds it synchronously in its own reactive scope, so the
//! screen's signals and the effects that read them are owned, and disposed, together.
//!
//! With the `split` feature it is `wasm_split_helpers`' split point, `fallible`, so a chunk that
//! cannot be fetched is an `Err` for the caller to show (Leptos' `#[lazy]` would panic, and a
//! panic stops the whole app). Without the feature (dev server, wasm tests: builds that are not
//! run through wasm-split) it is an ordinary `async fn`, so callers are the same in both.
//!
//! ```text
//! split_point! {
//!     /// The eGov tab.
//!     fn egov_tab_view(active: Signal<bool>), preload preload_egov_tab
//!         => view! { <EgovTab active /> }
//! }
//! // egov_tab_view().await: Result<fn(Signal<bool>) -> AnyView, SplitLoaderError>
//! ```

/// Declares `async fn $name() -> Result<fn(args) -> AnyView, SplitLoaderError>`, whose builder
/// returns `$view`, and `async fn $preload() -> Result<(), SplitLoaderError>`, which only fetches
/// the chunk.
macro_rules! split_point {
    (
        $(#[$doc:meta])*
        $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?), preload $preload:ident
        => $view:expr
    ) => {
        $(#[$doc])*
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $name,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload(#[allow(dead_code)] $preload)
        )]
        $vis fn $name() -> Result<
            fn($($ty),*) -> ::leptos::prelude::AnyView,
            ::leptos::wasm_split::SplitLoaderError,
        > {
            Ok(|$($arg: $ty),*| ::leptos::prelude::IntoAny::into_any($view))
        }

        $(#[$doc])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name() -> Result<
            fn($($ty),*) -> ::leptos::prelude::AnyView,
            ::leptos::wasm_split::SplitLoaderError,
        > {
            Ok(|$($arg: $ty),*| ::leptos::prelude::IntoAny::into_any($view))
        }

        /// Nothing to fetch: this build is not split.
        #[cfg(not(feature = "split"))]
        #[allow(dead_code)]
        $vis async fn $preload() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }
    };
}
