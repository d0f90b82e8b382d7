use crate::api::ApiError;
use crate::components::{api_error_message, LanguageSwitch, RetryButton};
use crate::i18n::*;
use crate::session::{use_session, LogoutReason, SessionState};
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_location, use_navigate},
};

/// The page frame's header: the fund's name, the language switch and, once logged in, the
/// person's name, the services link and "log out" (which ends the session on the server).
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let location = use_location();
    // The session is over only when the server says so (or it had already ended there): a
    // log-out that failed says so and offers to try again, never pretends.
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let log_out = Callback::new(move |()| {
        let navigate = navigate.clone();
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = crate::api::auth::log_out().await;
            _ = pending.try_set(false);
            match result {
                Err(error) if !error.is_session_expired() => _ = failure.try_set(Some(error)),
                _ => {
                    _ = failure.try_set(None);
                    session.logged_out(LogoutReason::ByPerson);
                    navigate("/login?logged_out=1", Default::default());
                }
            }
        });
    });

    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a href="/services" class="site-header__brand">
                    <span class="site-header__mark" aria-hidden="true">
                        "Z"
                    </span>
                    <span class="site-header__names">
                        <span class="site-header__fund">{t!(i18n, app.fund_name)}</span>
                        <span class="site-header__cabinet">{t!(i18n, app.cabinet)}</span>
                    </span>
                </a>
                <LanguageSwitch />
            </div>
            {move || match session.state() {
                SessionState::LoggedIn(profile) => {
                    view! {
                        <div class="site-header__bar">
                            <nav
                                class="site-header__inner site-header__nav"
                                aria-label=move || t_string!(i18n, app.main_nav)
                            >
                                <A href="/services" attr:class="site-header__link">
                                    {t!(i18n, app.nav_services)}
                                </A>
                                <span class="site-header__user" data-testid="user-name">
                                    {profile.full_name}
                                </span>
                                <button
                                    type="button"
                                    class="button button--link site-header__logout"
                                    disabled=move || pending.get()
                                    on:click=move |_| {
                                        log_out.run(());
                                    }
                                >
                                    {move || {
                                        if pending.get() {
                                            t_string!(i18n, app.logging_out)
                                        } else {
                                            t_string!(i18n, app.logout)
                                        }
                                    }}
                                </button>
                            </nav>
                            {move || {
                                failure
                                    .get()
                                    .map(|error| {
                                        let kind = error.kind();
                                        view! {
                                            <div class="site-header__inner">
                                                <div
                                                    class="alert alert--error"
                                                    role="alert"
                                                    data-error=kind
                                                >
                                                    <p class="alert__text">
                                                        {t!(i18n, app.logout_failed)} " "
                                                        {move || api_error_message(i18n, &error)}
                                                    </p>
                                                    <RetryButton on_retry=log_out />
                                                </div>
                                            </div>
                                        }
                                    })
                            }}
                        </div>
                    }
                        .into_any()
                }
                SessionState::Checking if location
                    .pathname
                    .with(|path| crate::routes::is_behind_log_in(path)) => {
                    // A page behind the log-in opened directly waits for the session check: the
                    // bar's place is kept meanwhile, so that the page does not jump down when it comes.
                    view! {
                        <div class="site-header__bar" aria-hidden="true">
                            <div class="site-header__inner site-header__nav">
                                <span class="button button--link">"\u{a0}"</span>
                                <span class="site-header__user">"\u{a0}"</span>
                            </div>
                        </div>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </header>
    }
}
