use crate::components::LanguageSwitch;
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
    let log_out = Action::new_local(move |_: &()| async move {
        // Whatever the server answers, the person asked to leave: forget the session here.
        let _ = crate::api::auth::log_out().await;
    });
    Effect::new(move || {
        if log_out.version().get() > 0 && !log_out.pending().get() {
            session.logged_out(LogoutReason::ByPerson);
            navigate("/login?logged_out=1", Default::default());
        }
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
                                    disabled=move || log_out.pending().get()
                                    on:click=move |_| {
                                        log_out.dispatch(());
                                    }
                                >
                                    {move || {
                                        if log_out.pending().get() {
                                            t_string!(i18n, app.logging_out)
                                        } else {
                                            t_string!(i18n, app.logout)
                                        }
                                    }}
                                </button>
                            </nav>
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
