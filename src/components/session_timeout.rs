use crate::api::{self, session_clock, ApiError};
use crate::components::ApiErrorAlert;
use crate::i18n::*;
use crate::session::{use_session, LogoutReason};
use leptos::prelude::*;
use std::time::Duration;
use zeinet_domain::session::Warning;

/// The warning before the session ends (WCAG 2.2.1): two minutes before, a region under the
/// header says how long is left and offers "stay logged in", which asks the backend and so
/// gives the session its idle time again. Near the session's absolute end it says that only
/// a new log-in goes on. It is announced politely once when it appears (not every second),
/// takes no focus, and is reached by Tab. When the time is up the person is logged out as by
/// an expiry: the log-in page says so, and brings them back with their draft afterwards.
///
/// All of it is a chunk of its own ([`session_warning_view`]), fetched and started in the
/// background a moment after log-in: the first load stays small.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::SessionTimeout;
/// # fn demo() -> impl IntoView {
/// view! { <SessionTimeout /> }
/// # }
/// ```
#[component]
pub fn SessionTimeout() -> impl IntoView {
    let region = RwSignal::new(None::<fn() -> AnyView>);
    leptos::task::spawn_local(async move {
        // A moment after log-in, and again a minute later while it cannot be fetched (the
        // network is down then: "stay logged in" could not reach the backend either, and the
        // backend's own time-out still sends the next request to log-in).
        loop {
            gloo_timers::future::TimeoutFuture::new(2_000).await;
            match session_warning_view().await {
                Ok(build) => {
                    _ = region.try_set(Some(build));
                    return;
                }
                Err(_) if region.try_get_untracked().is_none() => return,
                Err(_) => gloo_timers::future::TimeoutFuture::new(58_000).await,
            }
        }
    });
    move || region.get().map(|build| build())
}

split_point! {
    /// The clock, the region, "stay logged in" and its failure, as a split point.
    fn session_warning_view(), preload preload_session_warning
        => view! { <SessionClock /> }
}

/// The clock: a tick a second reads what is left, and the time up logs the person out as an
/// expiry; the region shows while a warning is due.
#[component]
fn SessionClock() -> impl IntoView {
    let session = use_session();
    let warning = RwSignal::new(Warning::None);
    let tick = move || warning.set(session_clock::left().map_or(Warning::None, |l| l.warning()));
    tick();
    if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    Effect::new(move || {
        if warning.get() == Warning::Ended {
            session.logged_out(LogoutReason::Expired);
        }
    });
    view! { <SessionWarning warning recheck=Callback::new(move |()| tick()) /> }
}

/// "…ends; time left 1:55." for a warning (empty for none).
fn time_left_text(i18n: crate::I18n, warning: Warning) -> String {
    match warning {
        Warning::EndsSoon {
            seconds,
            extendable,
        } => {
            let time = crate::format::countdown(i64::from(seconds));
            if extendable {
                t_string!(i18n, session_timeout.idle_text, time).to_string()
            } else {
                t_string!(i18n, session_timeout.absolute_text, time).to_string()
            }
        }
        _ => String::new(),
    }
}

/// The region itself, while a warning is due; `recheck` reads the clock again after "stay
/// logged in" was answered.
#[component]
fn SessionWarning(warning: RwSignal<Warning>, recheck: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // What the live region reads: the words at the moment the warning appears, once (not
    // every second). The region is built with the chunk, long before it speaks.
    let announcement = RwSignal::new(String::new());
    Effect::new(move |shown: Option<bool>| {
        let showing = matches!(warning.get(), Warning::EndsSoon { .. });
        if showing && shown != Some(true) {
            let title = t_string!(i18n, session_timeout.title);
            announcement.set(format!("{title}. {}", time_left_text(i18n, warning.get())));
        } else if !showing {
            announcement.set(String::new());
        }
        showing
    });
    let stay = Action::new_local(|_: &()| api::auth::session());
    let failure = RwSignal::new(None::<ApiError>);
    Effect::new(move || match stay.value().get() {
        Some(Ok(Some(_))) => {
            failure.set(None);
            recheck.run(());
        }
        Some(Ok(None)) => session.logged_out(LogoutReason::Expired),
        Some(Err(error)) => failure.set(Some(session.check(error))),
        None => {}
    });
    let extendable = move || {
        matches!(
            warning.get(),
            Warning::EndsSoon {
                extendable: true,
                ..
            }
        )
    };

    view! {
        <p class="visually-hidden" aria-live="polite" aria-atomic="true">
            {move || announcement.get()}
        </p>
        <Show when=move || matches!(warning.get(), Warning::EndsSoon { .. })>
            <section class="session-timeout" aria-labelledby="session-timeout-title">
                <div class="session-timeout__inner">
                    <h2 id="session-timeout-title" class="session-timeout__title">
                        {t!(i18n, session_timeout.title)}
                    </h2>
                    <p data-testid="session-time-left">
                        {move || time_left_text(i18n, warning.get())}
                    </p>
                    <Show when=extendable>
                        <button
                            type="button"
                            class="button button--primary"
                            disabled=move || stay.pending().get()
                            on:click=move |_| {
                                stay.dispatch(());
                            }
                        >
                            {t!(i18n, session_timeout.stay)}
                        </button>
                    </Show>
                    {move || {
                        failure
                            .get()
                            .map(|error| {
                                view! {
                                    <ApiErrorAlert
                                        error
                                        on_retry=Callback::new(move |()| {
                                            stay.dispatch(());
                                        })
                                    />
                                }
                            })
                    }}
                </div>
            </section>
        </Show>
    }
}
