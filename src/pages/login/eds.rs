use crate::api::{self, auth::Profile, ApiError};
use crate::components::{LoopbackNote, SigningFailureAlert};
use crate::i18n::*;
use crate::session::use_session;
use crate::signing::ncalayer::{self, KeyUsage, SignOutcome, SignRequest};
use crate::signing::SigningFailure as Failure;
use leptos::prelude::*;
use leptos_router::components::A;

/// Where the EDS log-in is while it runs (announced in a live region).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Preparing,
    Signing,
    Verifying,
}

/// Challenge → NCALayer signs it with the authentication key → the backend checks it.
/// `Ok(None)`: the person closed NCALayer's dialog.
async fn log_in(
    step: RwSignal<Option<Step>>,
    locale: &'static str,
) -> Result<Option<Profile>, Failure> {
    step.set(Some(Step::Preparing));
    let challenge = crate::signing::prepare_with_ncalayer(api::auth::eds_challenge()).await?;
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
                        view! { <crate::components::Progress text /> }
                    })
            }}
        </div>
        <div class="live-region" aria-live="assertive">
            {move || {
                failure()
                    .map(|failure| {
                        let unknown_user = matches!(
                            &failure,
                            Failure::Backend(ApiError::Unauthorized { code })
                            if code == "unknown_user"
                        );
                        view! {
                            <SigningFailureAlert
                                failure
                                backend_message=backend_message
                                on_retry=Callback::new(move |_| {
                                    attempt.dispatch(());
                                })
                            >
                                {unknown_user
                                    .then(|| {
                                        view! {
                                            <p class="alert__text">
                                                <A href="/register">{t!(i18n, login.register)}</A>
                                            </p>
                                        }
                                    })}
                            </SigningFailureAlert>
                        }
                    })
            }}
        </div>
        <LoopbackNote />
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

/// The log-in's own words for the backend's refusals of a signed challenge.
fn backend_message(i18n: crate::I18n, error: &ApiError) -> Option<String> {
    let text = match error {
        ApiError::Unauthorized { code } => match code.as_str() {
            "wrong_key_usage" => t_string!(i18n, login.eds_wrong_key),
            "unknown_user" => t_string!(i18n, login.eds_unknown_user),
            "certificate_revoked" => t_string!(i18n, signing.certificate_revoked),
            _ => t_string!(i18n, login.eds_invalid_signature),
        },
        ApiError::Validation { .. } => t_string!(i18n, login.eds_invalid_signature),
        ApiError::Gone { .. } => t_string!(i18n, login.eds_expired),
        _ => return None,
    };
    Some(text.to_owned())
}
