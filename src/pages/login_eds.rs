use crate::api::{self, auth::Profile, ApiError};
use crate::components::api_error_message;
use crate::i18n::*;
use crate::session::use_session;
use crate::signing::ncalayer::{self, KeyUsage, NcaError, SignOutcome, SignRequest};
use leptos::prelude::*;
use leptos_router::components::A;

/// Where the EDS log-in is while it runs (announced in a live region).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Preparing,
    Signing,
    Verifying,
}

/// Why an EDS log-in did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    NcaLayer(NcaError),
    Backend(ApiError),
}

/// The NCALayer install guide of the National Certification Authority (from the memo).
const NCALAYER_GUIDE: &str = "https://pki.gov.kz/ncalayer/";

/// Challenge → NCALayer signs it with the authentication key → the backend checks it.
/// `Ok(None)`: the person closed NCALayer's dialog.
async fn log_in(
    step: RwSignal<Option<Step>>,
    locale: &'static str,
) -> Result<Option<Profile>, Failure> {
    step.set(Some(Step::Preparing));
    let challenge = api::auth::eds_challenge().await.map_err(Failure::Backend)?;
    step.set(Some(Step::Signing));
    let request = SignRequest {
        data_base64: challenge.data,
        usage: KeyUsage::Authentication,
        iin: None,
        locale,
    };
    let cms = match ncalayer::shared()
        .sign(&request)
        .await
        .map_err(Failure::NcaLayer)?
    {
        SignOutcome::Signed(cms) => cms,
        SignOutcome::Cancelled => return Ok(None),
    };
    step.set(Some(Step::Verifying));
    api::auth::log_in_with_eds(&challenge.challenge_id, &cms)
        .await
        .map(Some)
        .map_err(Failure::Backend)
}

/// "ЭЦҚ арқылы кіру": log-in with the authentication key through NCALayer.
#[component]
pub fn EdsTab() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let step = RwSignal::new(None::<Step>);
    let attempt = Action::new_local(move |_: &()| {
        let locale = crate::locale::code(i18n.get_locale_untracked());
        async move {
            let outcome = log_in(step, locale).await;
            step.set(None);
            outcome
        }
    });
    Effect::new(move || {
        if let Some(Ok(Some(profile))) = attempt.value().get() {
            session.logged_in(profile);
        }
    });
    let failure = move || attempt.value().get().and_then(Result::err);
    let start = move |_| {
        attempt.dispatch(());
    };

    view! {
        <p>{t!(i18n, login.eds_intro)}</p>
        <div class="live-region" aria-live="polite" role="status">
            {move || {
                step.get()
                    .map(|step| {
                        let text = match step {
                            Step::Preparing => t_string!(i18n, login.eds_step_challenge),
                            Step::Signing => t_string!(i18n, login.eds_step_sign),
                            Step::Verifying => t_string!(i18n, login.eds_step_verify),
                        };
                        view! {
                            <p class="progress">
                                <span class="spinner" aria-hidden="true"></span>
                                {text}
                            </p>
                        }
                    })
            }}
        </div>
        <div class="live-region" aria-live="assertive">
            {move || {
                failure()
                    .map(|failure| {
                        let not_running = failure == Failure::NcaLayer(NcaError::NotRunning);
                        let unknown_user = matches!(
                            &failure,
                            Failure::Backend(ApiError::Unauthorized { code })
                            if code == "unknown_user"
                        );
                        let kind = match &failure {
                            Failure::NcaLayer(e) => nca_kind(e),
                            Failure::Backend(e) => e.kind(),
                        };
                        view! {
                            <div class="alert alert--error" data-error=kind>
                                {not_running
                                    .then(|| {
                                        view! {
                                            <h2 class="alert__title">
                                                {t!(i18n, login.eds_not_running_title)}
                                            </h2>
                                        }
                                    })}
                                <p class="alert__text">{move || failure_message(i18n, &failure)}</p>
                                {not_running
                                    .then(|| {
                                        view! {
                                            <p class="alert__text">
                                                <a
                                                    href=NCALAYER_GUIDE
                                                    rel="noopener noreferrer"
                                                    target="_blank"
                                                >
                                                    {t!(i18n, login.eds_install_link)}
                                                </a>
                                            </p>
                                        }
                                    })}
                                {unknown_user
                                    .then(|| {
                                        view! {
                                            <p class="alert__text">
                                                <A href="/register">{t!(i18n, login.register)}</A>
                                            </p>
                                        }
                                    })}
                                <button
                                    type="button"
                                    class="button button--secondary"
                                    on:click=start
                                >
                                    {t!(i18n, errors.retry)}
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
        <button
            type="button"
            class="button button--primary"
            disabled=move || attempt.pending().get()
            on:click=start
        >
            {t!(i18n, login.eds_button)}
        </button>
    }
}

fn nca_kind(error: &NcaError) -> &'static str {
    match error {
        NcaError::NotRunning => "ncalayer_not_running",
        NcaError::Closed => "ncalayer_closed",
        NcaError::Timeout => "ncalayer_timeout",
        NcaError::Garbage => "ncalayer_garbage",
        NcaError::Failed { .. } => "ncalayer_failed",
    }
}

fn failure_message(i18n: crate::I18n, failure: &Failure) -> String {
    match failure {
        Failure::NcaLayer(NcaError::NotRunning) => {
            t_string!(i18n, login.eds_not_running_text).to_owned()
        }
        Failure::NcaLayer(NcaError::Closed) => t_string!(i18n, login.eds_closed).to_owned(),
        Failure::NcaLayer(NcaError::Timeout) => t_string!(i18n, login.eds_timeout).to_owned(),
        Failure::NcaLayer(NcaError::Garbage) => t_string!(i18n, login.eds_garbage).to_owned(),
        Failure::NcaLayer(NcaError::Failed { code, .. }) => {
            let code = code.clone();
            t_string!(i18n, login.eds_failed, code).to_string()
        }
        Failure::Backend(ApiError::Unauthorized { code }) => match code.as_str() {
            "wrong_key_usage" => t_string!(i18n, login.eds_wrong_key).to_owned(),
            "unknown_user" => t_string!(i18n, login.eds_unknown_user).to_owned(),
            _ => t_string!(i18n, login.eds_invalid_signature).to_owned(),
        },
        Failure::Backend(ApiError::Validation { .. }) => {
            t_string!(i18n, login.eds_invalid_signature).to_owned()
        }
        Failure::Backend(ApiError::Gone { .. }) => t_string!(i18n, login.eds_expired).to_owned(),
        Failure::Backend(other) => api_error_message(i18n, other),
    }
}
