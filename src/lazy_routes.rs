//! The screens a person reaches after the log-in page, each loaded on first visit.
//!
//! The first visit is nearly always the log-in page, so only it (with the frame, router,
//! session and API client) belongs in the first download. Each screen here is a
//! [`split_point!`]: with the `split` feature (the release build; `scripts/trunk-post-build.py`
//! splits the module) its code is a wasm chunk fetched the first time it is shown, behind a
//! "loading…" status, and if the network fails then, a message with "try again"
//! ([`LazyPanel`]). Without the feature (dev server, wasm tests) the same screens are
//! compiled in and shown the same way, so both builds route alike.
//!
//! Once someone logs in, [`preload_after_log_in`] fetches the chunks of the screens behind the
//! log-in in the background, so that moving between them later does not wait for the network
//! (and still works if the connection drops meanwhile).
//!
//! ```ignore
//! Screen::Register => view! { <RegisterRoute /> }.into_any(),
//! ```
use crate::components::{LazyPanel, RequireAuth};
use crate::pages::*;
use crate::session::{Session, SessionState};
use leptos::prelude::*;

/// Declares, for each screen, the route component `$route` showing the split point `$load`
/// (with its chunk's preload `$preload`).
/// `(tab)` marks a child route shown inside its parent's page (which has the heading), not a
/// page of its own. `also` names chunks fetched side by side with this one: that of the
/// child route the parent shows at the address (`preload_tab_shown`), which would otherwise
/// wait for the parent's chunk to arrive first.
macro_rules! lazy_routes {
    ($(
        $(#[$doc:meta])* $route:ident $(($tab:ident))?, $load:ident, $preload:ident
        $(, also $($also:ident),+)? => $view:expr;
    )*) => {$(
        split_point! {
            fn $load(), preload $preload => $view
        }

        $(#[$doc])*
        #[component]
        pub fn $route() -> impl IntoView {
            let load = lazy_routes!(@load $load $($(, $also)+)?);
            let page = lazy_routes!(@page $($tab)?);
            view! { <LazyPanel wanted=true load page /> }
        }
    )*};
    (@page) => { true };
    (@page tab) => { false };
    (@load $load:ident) => { $load };
    (@load $load:ident, $($also:ident),+) => {
        || async {
            let (view, ..) = futures::join!($load(), $($also()),+);
            view
        }
    };
}

lazy_routes! {
    /// Registration (`/register`).
    RegisterRoute, register_view, preload_register => view! { <RegisterPage /> };
    /// Password reset (`/password-reset`).
    PasswordResetRoute, password_reset_view, preload_password_reset => view! {
        <PasswordResetPage />
    };
    /// The list of services (`/services`).
    ServicesRoute, services_view, preload_services => view! {
        <RequireAuth>
            <ServicesPage />
        </RequireAuth>
    };
    /// The frame of "My applications" with its tabs (`/services/applications`).
    ApplicationsRoute, applications_view, preload_applications, also preload_tab_shown
        => view! {
        <RequireAuth>
            <ApplicationsLayout />
        </RequireAuth>
    };
    /// The payments and transfers tab.
    PaymentsRoute (tab), payments_view, preload_payments => view! { <PaymentsView /> };
    /// The refunds tab.
    RefundsRoute (tab), refunds_view, preload_refunds => view! { <RefundsView /> };
    /// The printable application (`/services/applications/:id/print`).
    ApplicationPrintRoute, application_print_view, preload_application_print => view! {
        <RequireAuth>
            <ApplicationPrintPage />
        </RequireAuth>
    };
    /// Any other address.
    NotFoundRoute, not_found_view, preload_not_found => view! { <NotFoundPage /> };
    /// The refund of voluntary contributions credited in error (`/services/refund`).
    RefundRoute, refund_view, preload_refund => view! {
        <RequireAuth>
            <RefundPage />
        </RequireAuth>
    };
}

/// Fetches the chunk of the tab the address shows, side by side with the frame's own: the
/// refunds tab opened directly does not fetch the payments one too. (Read from the browser's
/// address, which the router sets before it draws the new screen.)
async fn preload_tab_shown() -> Result<(), leptos::wasm_split::SplitLoaderError> {
    let path = web_sys::window()
        .and_then(|window| window.location().pathname().ok())
        .unwrap_or_default();
    if crate::router::ApplicationsTab::at(&path) == crate::router::ApplicationsTab::Refunds {
        preload_refunds().await
    } else {
        preload_payments().await
    }
}

/// Whether `path` is one of the screens behind the log-in (they are all under `/services`).
pub fn is_behind_log_in(path: &str) -> bool {
    path == "/services" || path.starts_with("/services/")
}

/// Once someone logs in (once per page load), fetches the chunks of the screens behind the
/// log-in side by side, 2 s later: the screen asked for comes first. A page opened already
/// logged in (a link, a reload) fetches only what it shows. A chunk that fails is simply
/// fetched again when its screen is opened.
pub fn preload_after_log_in(session: Session) {
    let started = StoredValue::new(false);
    Effect::new(move |seen_logged_out: Option<bool>| {
        let state = session.state();
        let seen_logged_out =
            seen_logged_out.unwrap_or(false) || matches!(state, SessionState::LoggedOut(_));
        if seen_logged_out && matches!(state, SessionState::LoggedIn(_)) && !started.get_value() {
            started.set_value(true);
            leptos::task::spawn_local(async {
                gloo_timers::future::TimeoutFuture::new(2_000).await;
                let _ = futures::join!(
                    preload_services(),
                    preload_applications(),
                    preload_payments(),
                    preload_refunds(),
                    preload_refund(),
                    preload_application_print(),
                );
            });
        }
        seen_logged_out
    });
}

#[cfg(test)]
mod tests {
    use super::is_behind_log_in;

    #[test]
    fn the_screens_behind_the_log_in_are_those_under_services() {
        for path in ["/services", "/services/", "/services/applications/refunds"] {
            assert!(is_behind_log_in(path), "{path}");
        }
        for path in [
            "/",
            "/login",
            "/register",
            "/password-reset",
            "/servicesx",
            "/x/services",
        ] {
            assert!(!is_behind_log_in(path), "{path}");
        }
    }
}
