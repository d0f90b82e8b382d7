use crate::api::{auth::EgovProcedure, ApiError};
use crate::components::{ApiErrorAlert, DisclosureButton, Loading, QrCode};
use crate::i18n::*;
use crate::session::use_session;
use futures::{channel::mpsc, future::select, StreamExt};
use leptos::prelude::*;
use std::{
    future::Future,
    pin::Pin,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
};
use zeinet_domain::DateTime;

/// The official store pages of eGov mobile (the ids of the reference's phone link).
const APP_STORE: &str = "https://apps.apple.com/kz/app/id1476128386";
const GOOGLE_PLAY: &str = "https://play.google.com/store/apps/details?id=kz.mobile.mgov";

/// A backend call as the component needs it: not `Send` (gloo-net), boxed.
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// One answer while polling: the procedure's state (`created`, `scanned`, `signed`,
/// `rejected`, `expired`) and, once signed, what the signing produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EgovPoll<T> {
    pub state: String,
    pub outcome: Option<T>,
}

/// Where the procedure is, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    Waiting,
    Scanned,
    Expired,
    Rejected,
    /// The phone signed, but what it was for (a session, a filed application) did not reach
    /// this browser: only a new code can go on.
    Unanswered,
    Failed(ApiError),
}

/// A phone, where nobody can scan their own screen: eGov mobile is opened by its link
/// first, the QR code is for another device. A coarse pointer alone would take in tablets
/// and touch laptops, where the QR code works; the width leaves them out.
fn is_phone() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(pointer: coarse) and (max-width: 60em)")
                .ok()
                .flatten()
        })
        .is_some_and(|list| list.matches())
}

/// The procedure this tab keeps under `key` (sessionStorage: the id, the QR text, the link and
/// the expiry, nothing secret: the binding is an HttpOnly cookie), while it is still valid.
/// A phone without eGov mobile leaves the page for the store; back in the tab, or after the
/// browser reloaded it, the same code goes on.
fn remembered(key: &str) -> Option<EgovProcedure> {
    let storage = web_sys::window()?.session_storage().ok()??;
    let text = storage.get_item(key).ok()??;
    serde_json::from_str::<EgovProcedure>(&text)
        .ok()
        .filter(|p| seconds_left(&p.expires_at) > 0)
}

/// Keeps `procedure` under `key`, or forgets it (`None`).
fn remember(key: &str, procedure: Option<&EgovProcedure>) {
    let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) else {
        return;
    };
    let _ = match procedure.and_then(|p| serde_json::to_string(p).ok()) {
        Some(text) => storage.set_item(key, &text),
        None => storage.remove_item(key),
    };
}

/// Calls `wake` each time the page becomes visible again (the person is back from eGov
/// mobile), until the component goes away.
fn on_return(wake: impl Fn() + 'static) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let handler = wasm_bindgen::closure::Closure::<dyn FnMut()>::new({
        let document = document.clone();
        move || {
            if document.visibility_state() == web_sys::VisibilityState::Visible {
                wake();
            }
        }
    });
    use wasm_bindgen::JsCast;
    let _ = document
        .add_event_listener_with_callback("visibilitychange", handler.as_ref().unchecked_ref());
    let listening = send_wrapper::SendWrapper::new((document, handler));
    on_cleanup(move || {
        let (document, handler) = &*listening;
        let _ = document.remove_event_listener_with_callback(
            "visibilitychange",
            handler.as_ref().unchecked_ref(),
        );
    });
}

/// Seconds left until `expires_at` (RFC 3339), by this device's clock.
fn seconds_left(expires_at: &str) -> i64 {
    let now = chrono::Utc::now().timestamp();
    DateTime::parse(expires_at)
        .map(|t| t.unix_seconds() - now)
        .unwrap_or(0)
        .max(0)
}

/// Signing in eGov mobile by QR code: the memo's instructions (install link and the three
/// steps), the QR code of the backend's link, a phone link, a countdown and "new code". On a
/// phone the first action is the button that opens eGov mobile, and the QR code is behind
/// "show a QR code for another device". When first `active`, it opens a procedure with
/// `start` and polls it with `poll` (backing off, asking at once when the person comes back
/// to the page, stopping when the component goes away) until the phone has signed; then
/// `on_signed` gets the outcome. "Signed" without an outcome is said, with a new code.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::api;
/// # use zeinet::components::{EgovPoll, EgovSigning, LocalFuture};
/// # use zeinet::session::use_session;
/// # fn demo() -> impl IntoView {
/// # let session = use_session();
/// view! {
///     <EgovSigning
///         active=Signal::derive(|| true)
///         intro=Signal::derive(|| "To log in…".to_owned())
///         qr_label=Signal::derive(|| "QR code to log in".to_owned())
///         start=Callback::new(|()| Box::pin(api::auth::start_egov_login()) as LocalFuture<_>)
///         poll=Callback::new(|id: String| {
///             Box::pin(async move {
///                 let state = api::auth::egov_login_state(&id).await?.state;
///                 let outcome = match state.as_str() {
///                     "signed" => Some(api::auth::complete_egov_login(&id).await?),
///                     _ => None,
///                 };
///                 Ok(EgovPoll { state, outcome })
///             }) as LocalFuture<_>
///         })
///         on_signed=Callback::new(move |profile| session.logged_in(profile))
///     />
/// }
/// # }
/// ```
#[component]
pub fn EgovSigning<T: Clone + Send + Sync + 'static>(
    /// Opens the procedure the first time this becomes true.
    #[prop(into)]
    active: Signal<bool>,
    /// The memo's first line (what the QR code is for).
    #[prop(into)]
    intro: Signal<String>,
    /// The QR image's accessible name.
    #[prop(into)]
    qr_label: Signal<String>,
    start: Callback<(), LocalFuture<Result<EgovProcedure, ApiError>>>,
    poll: Callback<String, LocalFuture<Result<EgovPoll<T>, ApiError>>>,
    on_signed: Callback<T>,
    /// Errors the page deals with itself (it answers `true`), e.g. by going back a step:
    /// nothing is shown here for them, as the page is about to change.
    #[prop(optional)]
    handled: Option<Callback<ApiError, bool>>,
    /// Where this tab keeps the open procedure (sessionStorage), so that leaving the page for
    /// eGov mobile or its store and coming back, or a reload, goes on with the same code.
    #[prop(optional)]
    remember_as: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let procedure = RwSignal::new(None::<EgovProcedure>);
    let phase = RwSignal::new(Phase::Waiting);
    let left = RwSignal::new(0i64);
    // Each procedure's polling loop checks its own flag; a new code or leaving stops the old one.
    let current_run = StoredValue::new(Arc::new(AtomicBool::new(false)));
    // Wakes the current loop's wait: the person is back from eGov mobile, ask now.
    let wake = StoredValue::new(None::<mpsc::UnboundedSender<()>>);
    let phone = is_phone();
    let show_qr = RwSignal::new(!phone);

    // An expired session leaves the page (the guard sends the person to log in and back):
    // nothing here is touched afterwards, as it is being disposed. Other errors are shown.
    let fail = move |error: ApiError| {
        if error.is_session_expired() {
            session.check(error);
        } else if !handled.is_some_and(|handled| handled.run(error.clone())) {
            phase.try_set(Phase::Failed(error));
        }
    };
    let forget = move || {
        if let Some(key) = remember_as {
            remember(key, None);
        }
    };
    // `resume`: the first opening takes the procedure this tab kept, if it is still valid.
    let open_or_resume = move |resume: bool| {
        current_run.get_value().store(false, Ordering::Relaxed);
        let alive = Arc::new(AtomicBool::new(true));
        current_run.set_value(alive.clone());
        procedure.set(None);
        phase.set(Phase::Waiting);
        let (woken, mut wakes) = mpsc::unbounded();
        wake.set_value(Some(woken));
        let kept = remember_as.filter(|_| resume).and_then(remembered);
        leptos::task::spawn_local(async move {
            let opened = match kept {
                Some(kept) => kept,
                None => match start.run(()).await {
                    Ok(opened) => opened,
                    Err(error) => {
                        fail(error);
                        return;
                    }
                },
            };
            if let Some(key) = remember_as {
                remember(key, Some(&opened));
            }
            left.try_set(seconds_left(&opened.expires_at));
            procedure.try_set(Some(opened.clone()));
            let mut delay_ms = 1_000;
            while alive.load(Ordering::Relaxed) {
                let timer = gloo_timers::future::TimeoutFuture::new(delay_ms);
                if let futures::future::Either::Right(_) = select(timer, wakes.next()).await {
                    delay_ms = 1_000;
                }
                if !alive.load(Ordering::Relaxed) {
                    break;
                }
                left.try_set(seconds_left(&opened.expires_at));
                match poll.run(opened.id.clone()).await {
                    Ok(answer) => match answer.state.as_str() {
                        "signed" => {
                            forget();
                            match answer.outcome {
                                Some(outcome) => on_signed.run(outcome),
                                None => _ = phase.try_set(Phase::Unanswered),
                            }
                            break;
                        }
                        "scanned" => _ = phase.try_set(Phase::Scanned),
                        "expired" => {
                            forget();
                            phase.try_set(Phase::Expired);
                            break;
                        }
                        "rejected" => {
                            forget();
                            phase.try_set(Phase::Rejected);
                            break;
                        }
                        _ => {}
                    },
                    Err(ApiError::Gone { .. }) => {
                        forget();
                        phase.try_set(Phase::Expired);
                        break;
                    }
                    Err(error) if !error.is_retryable() => {
                        forget();
                        fail(error);
                        break;
                    }
                    // A passing network fault: keep polling, more slowly.
                    Err(_) => {}
                }
                delay_ms = (delay_ms * 3 / 2).min(5_000);
            }
        });
    };
    let open = move || open_or_resume(false);
    // The first time it is shown, open a procedure (or go on with the kept one); going away
    // stops polling.
    Effect::new(move |started: Option<bool>| {
        let started = started.unwrap_or(false);
        if active.get() && !started {
            open_or_resume(true);
            return true;
        }
        started
    });
    on_cleanup(move || current_run.get_value().store(false, Ordering::Relaxed));
    on_return(move || {
        if let Some(Some(woken)) = wake.try_get_value() {
            let _ = woken.unbounded_send(());
        }
    });
    // The countdown shown next to the code (the live region does not read every second).
    let ticker = leptos::prelude::set_interval_with_handle(
        // `try_`: a tick that slips in after the component went away must not touch freed signals.
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
        let left = crate::format::countdown(left.get());
        t_string!(i18n, egov.valid_for, left).to_string()
    };
    let stores = move || {
        view! {
            <p>
                {t!(i18n, egov.install)} " "
                <a href=APP_STORE rel="noopener noreferrer" target="_blank">
                    "App Store"
                </a> " · " <a href=GOOGLE_PLAY rel="noopener noreferrer" target="_blank">
                    "Google Play"
                </a>
            </p>
        }
    };
    let new_code_button = move |class: &'static str| {
        view! {
            <button type="button" class=class on:click=move |_| open()>
                {t!(i18n, egov.new_code)}
            </button>
        }
    };
    // The memo's three steps and the code, for a device that can scan this screen.
    let qr = move |p: EgovProcedure| {
        view! {
            <ol class="steps">
                <li>{t!(i18n, egov.step1)}</li>
                <li>{t!(i18n, egov.step2)}</li>
                <li>{t!(i18n, egov.step3)}</li>
            </ol>
            <div class="egov" data-testid="egov-qr" data-qr-text=p.qr_text.clone()>
                <QrCode text=p.qr_text.clone() label=qr_label />
                <p class="egov__countdown">{countdown}</p>
            </div>
        }
    };
    let computer = move |p: EgovProcedure| {
        let link = p.mobile_link.clone();
        view! {
            {stores()}
            {qr(p)}
            <div class="egov">
                <p>
                    <a href=link rel="noopener noreferrer">
                        {t!(i18n, egov.phone_link)}
                    </a>
                </p>
                {new_code_button("button button--secondary")}
            </div>
        }
    };
    // On a phone: eGov mobile opens by its link (the launcher sends a phone without it to
    // its store; the procedure stays here for when the person is back).
    let phone_view = move |p: EgovProcedure| {
        let link = p.mobile_link.clone();
        view! {
            <div class="egov" data-testid="egov-phone">
                <a class="button button--primary" href=link rel="noopener noreferrer">
                    {t!(i18n, egov.open_app)}
                </a>
                <p class="egov__countdown">{countdown}</p>
                <p>{t!(i18n, egov.after_install)}</p>
            </div>
            {stores()}
            <DisclosureButton open=show_qr controls="egov-qr-panel".to_string()>
                {t!(i18n, egov.show_qr)}
            </DisclosureButton>
            <div id="egov-qr-panel" hidden=move || !show_qr.get()>
                {qr(p)}
            </div>
            {new_code_button("button button--secondary")}
        }
    };
    view! {
        <p>{intro}</p>
        <div class="live-region" aria-live="polite" role="status">
            {move || {
                match phase.get() {
                    Phase::Scanned => Some((t_string!(i18n, egov.scanned), "egov__state")),
                    Phase::Expired => Some((t_string!(i18n, egov.expired), "egov__state")),
                    Phase::Rejected => Some((t_string!(i18n, egov.rejected), "egov__state")),
                    Phase::Unanswered => {
                        Some((t_string!(i18n, egov.unanswered), "egov__state egov__state--error"))
                    }
                    _ => None,
                }
                    .map(|(text, class)| view! { <p class=class>{text}</p> })
            }}
        </div>
        {move || match phase.get() {
            Phase::Failed(error) => {
                view! { <ApiErrorAlert error on_retry=Callback::new(move |_| open()) /> }.into_any()
            }
            Phase::Expired | Phase::Rejected | Phase::Unanswered => {
                new_code_button("button button--primary").into_any()
            }
            Phase::Waiting | Phase::Scanned => {
                match procedure.get() {
                    None => view! { <Loading rows=2 /> }.into_any(),
                    Some(p) if phone => phone_view(p).into_any(),
                    Some(p) => computer(p).into_any(),
                }
            }
        }}
    }
}
