use crate::api::{self, auth::EgovProcedure, ApiError};
use crate::components::{ApiErrorAlert, QrCode};
use crate::i18n::*;
use crate::session::use_session;
use leptos::prelude::*;
use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};
use zeinet_domain::DateTime;

/// The official store pages of eGov mobile (the ids of the reference's phone link).
const APP_STORE: &str = "https://apps.apple.com/kz/app/id1476128386";
const GOOGLE_PLAY: &str = "https://play.google.com/store/apps/details?id=kz.mobile.mgov";

/// Where the procedure is, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    Waiting,
    Scanned,
    Expired,
    Rejected,
    Failed(ApiError),
}

/// Seconds left until `expires_at` (RFC 3339), by this device's clock.
fn seconds_left(expires_at: &str) -> i64 {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    DateTime::parse(expires_at)
        .map(|t| t.unix_seconds() - now)
        .unwrap_or(0)
        .max(0)
}

/// "eGov mobile": a QR code to scan with eGov mobile; the page polls the procedure (backing
/// off, stopping when the page goes away) until it is signed, and then the person is in.
#[component]
pub fn EgovTab(#[prop(into)] active: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let procedure = RwSignal::new(None::<EgovProcedure>);
    let phase = RwSignal::new(Phase::Waiting);
    let left = RwSignal::new(0i64);
    // Each procedure's polling loop checks its own flag; a new code or leaving stops the old one.
    let current_run = StoredValue::new(Arc::new(AtomicBool::new(false)));

    let start = move || {
        current_run.get_value().store(false, Ordering::Relaxed);
        let alive = Arc::new(AtomicBool::new(true));
        current_run.set_value(alive.clone());
        procedure.set(None);
        phase.set(Phase::Waiting);
        leptos::task::spawn_local(async move {
            let opened = match api::auth::start_egov_login().await {
                Ok(opened) => opened,
                Err(error) => return phase.set(Phase::Failed(session.check(error))),
            };
            left.set(seconds_left(&opened.expires_at));
            procedure.set(Some(opened.clone()));
            let mut delay_ms = 1_000;
            while alive.load(Ordering::Relaxed) {
                gloo_timers::future::TimeoutFuture::new(delay_ms).await;
                if !alive.load(Ordering::Relaxed) {
                    break;
                }
                left.set(seconds_left(&opened.expires_at));
                match api::auth::egov_login_state(&opened.id).await {
                    Ok(state) => match state.state.as_str() {
                        "signed" => {
                            if let Some(profile) = state.profile {
                                session.logged_in(profile);
                            }
                            break;
                        }
                        "scanned" => phase.set(Phase::Scanned),
                        "expired" => {
                            phase.set(Phase::Expired);
                            break;
                        }
                        "rejected" => {
                            phase.set(Phase::Rejected);
                            break;
                        }
                        _ => {}
                    },
                    Err(ApiError::Gone { .. }) => {
                        phase.set(Phase::Expired);
                        break;
                    }
                    Err(error) if !error.is_retryable() => {
                        phase.set(Phase::Failed(session.check(error)));
                        break;
                    }
                    // A passing network fault: keep polling, more slowly.
                    Err(_) => {}
                }
                delay_ms = (delay_ms * 3 / 2).min(5_000);
            }
        });
    };
    // The first time the tab is shown, open a procedure; leaving the page stops polling.
    Effect::new(move |started: Option<bool>| {
        let started = started.unwrap_or(false);
        if active.get() && !started {
            start();
            return true;
        }
        started
    });
    on_cleanup(move || current_run.get_value().store(false, Ordering::Relaxed));
    // The countdown shown next to the code (the live region does not read every second).
    let ticker = leptos::prelude::set_interval_with_handle(
        // `try_`: a tick that slips in after the tab went away must not touch freed signals.
        move || {
            if let Some(p) = procedure.try_get_untracked().flatten() {
                left.try_set(seconds_left(&p.expires_at));
            }
        },
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(ticker) = ticker {
            ticker.clear();
        }
    });

    let countdown = move || {
        let seconds = left.get();
        format!("{}:{:02}", seconds / 60, seconds % 60)
    };
    view! {
        <p>{t!(i18n, login.egov_open_app)}</p>
        <p>
            {t!(i18n, login.egov_install)} " "
            <a href=APP_STORE rel="noopener noreferrer" target="_blank">
                "App Store"
            </a> " · " <a href=GOOGLE_PLAY rel="noopener noreferrer" target="_blank">
                "Google Play"
            </a>
        </p>
        <ol class="steps">
            <li>{t!(i18n, login.egov_step1)}</li>
            <li>{t!(i18n, login.egov_step2)}</li>
            <li>{t!(i18n, login.egov_step3)}</li>
        </ol>
        <div class="live-region" aria-live="polite" role="status">
            {move || {
                match phase.get() {
                    Phase::Scanned => Some(t_string!(i18n, login.egov_scanned)),
                    Phase::Expired => Some(t_string!(i18n, login.egov_expired)),
                    Phase::Rejected => Some(t_string!(i18n, login.egov_rejected)),
                    _ => None,
                }
                    .map(|text| view! { <p class="egov__state">{text}</p> })
            }}
        </div>
        {move || match phase.get() {
            Phase::Failed(error) => {
                view! { <ApiErrorAlert error on_retry=Callback::new(move |_| start()) /> }
                    .into_any()
            }
            Phase::Expired | Phase::Rejected => {
                view! {
                    <button type="button" class="button button--primary" on:click=move |_| start()>
                        {t!(i18n, login.egov_new_code)}
                    </button>
                }
                    .into_any()
            }
            Phase::Waiting | Phase::Scanned => {
                match procedure.get() {
                    None => view! { <crate::components::Loading rows=2 /> }.into_any(),
                    Some(p) => {
                        view! {
                            <div class="egov" data-testid="egov-qr" data-qr-text=p.qr_text.clone()>
                                <QrCode
                                    text=p.qr_text.clone()
                                    label=Signal::derive(move || {
                                        t_string!(i18n, login.egov_qr_label).to_owned()
                                    })
                                />
                                <p class="egov__countdown">
                                    {move || {
                                        let left = countdown();
                                        t_string!(i18n, login.egov_valid_for, left).to_string()
                                    }}
                                </p>
                                <p>
                                    <a href=p.mobile_link.clone() rel="noopener noreferrer">
                                        {t!(i18n, login.egov_phone_link)}
                                    </a>
                                </p>
                                <button
                                    type="button"
                                    class="button button--secondary"
                                    on:click=move |_| start()
                                >
                                    {t!(i18n, login.egov_new_code)}
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                }
            }
        }}
    }
}
