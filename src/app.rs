//! The root: i18n and session contexts, the page frame, and the routes of every screen.
use crate::components::SiteHeader;
use crate::i18n::*;
use crate::lazy_routes::*;
use crate::pages::LoginPage;
use crate::router::{
    provide_router, use_location, use_navigate, ApplicationsTab, NavigateOptions, OutletView,
    ParamsMap, RouteParams, Screen,
};
use crate::session::provide_session;
use leptos::{context::Provider, prelude::*};
use std::sync::Arc;

/// The whole cabinet.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Frame />
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
    // The i18n provider's own first effect applies the browser's language; this one runs
    // after it (effects run in creation order) and restores the person's choice.
    Effect::new(move |first: Option<()>| {
        if first.is_none() {
            i18n.set_locale(crate::locale::remembered());
        }
    });
    preload_after_log_in(provide_session());

    provide_router();

    view! {
        <EarlyAnswersForFirstAddress />
        <a class="skip-link" href="#main" on:click=skip_to_main>
            {t!(i18n, app.skip_link)}
        </a>
        <SiteHeader />
        <main id="main" class="main" tabindex="-1">
            <ScreenShown />
        </main>
        <footer class="site-footer">
            <div class="site-footer__inner">
                <p>{t!(i18n, app.availability)}</p>
                <p>"© " {t!(i18n, app.fund_name)}</p>
            </div>
        </footer>
    }
}

/// The screen of the current address; it is drawn afresh only when the screen changes, not
/// when only the query does (a log-in tab, a page of the list) or a tab of the same page.
#[component]
fn ScreenShown() -> impl IntoView {
    let location = use_location();
    let screen = Memo::new(move |_| location.pathname.with(|path| Screen::at(path)));
    move || match screen.get() {
        Screen::Home => view! { <MoveOnTo path="/services" /> }.into_any(),
        Screen::Login => view! { <LoginPage /> }.into_any(),
        Screen::Register => view! { <RegisterRoute /> }.into_any(),
        Screen::PasswordReset => view! { <PasswordResetRoute /> }.into_any(),
        Screen::Services => view! { <ServicesRoute /> }.into_any(),
        Screen::Applications => {
            let tab = Memo::new(move |_| location.pathname.with(|path| ApplicationsTab::at(path)));
            let child = OutletView(Arc::new(move || match tab.get() {
                ApplicationsTab::Payments => view! { <PaymentsRoute /> }.into_any(),
                ApplicationsTab::Refunds => view! { <RefundsRoute /> }.into_any(),
            }));
            view! {
                <Provider value=child>
                    <ApplicationsRoute />
                </Provider>
            }
            .into_any()
        }
        Screen::ApplicationPrint { id } => view! {
            <Provider value=RouteParams(ParamsMap::with_param("id", id))>
                <ApplicationPrintRoute />
            </Provider>
        }
        .into_any(),
        Screen::Refund => view! { <RefundRoute /> }.into_any(),
        Screen::NotFound => view! { <NotFoundRoute /> }.into_any(),
    }
}

/// Moves on to `path` in place of the current history entry.
#[component]
fn MoveOnTo(path: &'static str) -> impl IntoView {
    let navigate = use_navigate();
    Effect::new(move || {
        navigate(
            path,
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        )
    });
}
