//! The root: i18n and session contexts, the page frame, and the routes of every screen.
use crate::components::{SessionTimeout, SiteHeader};
use crate::i18n::*;
use crate::routes::{preload_after_log_in, ScreenRoutes};
use crate::session::provide_session;
use leptos::prelude::*;
use leptos_router::{components::Router, hooks::use_location};

/// The whole cabinet.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Router>
                <Frame />
            </Router>
        </I18nContextProvider>
    }
}

/// The boot script's early answers (`api::early`) are for the address the page was opened at:
/// once the person moves on, those nothing took (a screen left before it asked) would be stale.
#[component]
fn EarlyAnswersForFirstAddress() -> impl IntoView {
    let location = use_location();
    Effect::new(move |first: Option<()>| {
        location.pathname.track();
        if first.is_some() {
            crate::api::early::forget_all();
        }
    });
}

/// The skip link moves focus itself: following `#main` would only scroll there and add a
/// history entry, and a screen reader would stay where it was.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    ev.prevent_default();
    if let Some(main) = document()
        .get_element_by_id("main")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = main.focus();
    }
}

/// The page frame around every route: skip link, header, main, footer.
#[component]
fn Frame() -> impl IntoView {
    let i18n = use_i18n();
    // Kazakh unless the person chose otherwise on this device (not the browser's language:
    // the fund's cabinet opens in the state language).
    i18n.set_locale(crate::locale::remembered());
    // The i18n provider's own first effect sets its starting locale (Kazakh: the browser's
    // language is not read, vendor/PATCHED.md); this one runs after it (effects run in
    // creation order) and restores the person's choice.
    Effect::new(move |first: Option<()>| {
        if first.is_none() {
            i18n.set_locale(crate::locale::remembered());
        }
    });
    let session = provide_session();
    preload_after_log_in(session);

    // The screen is built in a task of its own, after the frame's: the start is then two
    // shorter tasks instead of one long one, and a phone can paint the frame and answer a tap
    // in between (as `LazyPanel` does for a chunk's content).
    let frame_built = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(0).await;
        frame_built.set(true);
    });

    view! {
        <EarlyAnswersForFirstAddress />
        <a class="skip-link" href="#main" on:click=skip_to_main>
            {t!(i18n, app.skip_link)}
        </a>
        <SiteHeader />
        <Show when=move || session.profile().is_some()>
            <SessionTimeout />
        </Show>
        <main id="main" class="main" tabindex="-1">
            {move || frame_built.get().then(|| view! { <ScreenRoutes /> })}
        </main>
        <footer class="site-footer">
            <div class="site-footer__inner">
                <p>{t!(i18n, app.availability)}</p>
                <p>"© " {t!(i18n, app.fund_name)}</p>
            </div>
        </footer>
    }
}
