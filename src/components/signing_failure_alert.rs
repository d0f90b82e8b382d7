use crate::api::ApiError;
use crate::components::{api_error_message, RetryButton};
use crate::i18n::*;
use crate::signing::{ncalayer::NcaError, SigningFailure};
use leptos::prelude::*;

/// The NCALayer install guide of the National Certification Authority (from the memo).
pub const NCALAYER_GUIDE: &str = "https://pki.gov.kz/ncalayer/";

/// Says why a signed action failed and offers to try again. A socket the browser blocked says
/// how to allow "apps on this device"; one nothing answered, how to install NCALayer. NCALayer's failures are the same
/// wherever one signs; the backend's refusals get the action's own words from
/// `backend_message` (or the general message when it returns `None`). `children` adds a way
/// forward of the action's own (e.g. "register").
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::SigningFailureAlert;
/// # use zeinet::signing::SigningFailure;
/// # fn demo(failure: SigningFailure, retry: Callback<()>) -> impl IntoView {
/// view! { <SigningFailureAlert failure backend_message=|_, _| None on_retry=retry /> }
/// # }
/// ```
#[component]
pub fn SigningFailureAlert(
    failure: SigningFailure,
    backend_message: fn(crate::I18n, &ApiError) -> Option<String>,
    on_retry: Callback<()>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let not_running = failure == SigningFailure::NcaLayer(NcaError::NotRunning);
    let blocked = failure == SigningFailure::NcaLayer(NcaError::Blocked);
    let kind = failure.kind();
    let message = move || match &failure {
        SigningFailure::NcaLayer(error) => nca_message(i18n, error),
        SigningFailure::Backend(error) => {
            backend_message(i18n, error).unwrap_or_else(|| api_error_message(i18n, error))
        }
    };
    view! {
        <div class="alert alert--error" data-error=kind>
            {not_running
                .then(|| {
                    view! { <h2 class="alert__title">{t!(i18n, signing.not_running_title)}</h2> }
                })}
            {blocked
                .then(|| {
                    view! { <h2 class="alert__title">{t!(i18n, signing.blocked_title)}</h2> }
                })}
            <p class="alert__text">{message}</p>
            {blocked
                .then(|| {
                    view! {
                        <ol class="alert__steps">
                            <li>{t!(i18n, signing.blocked_step1)}</li>
                            <li>{t!(i18n, signing.blocked_step2)}</li>
                            <li>{t!(i18n, signing.blocked_step3)}</li>
                        </ol>
                        <p class="alert__text">{t!(i18n, signing.blocked_managed)}</p>
                    }
                })}
            {not_running
                .then(|| {
                    view! {
                        <p class="alert__text">
                            <a href=NCALAYER_GUIDE rel="noopener noreferrer" target="_blank">
                                {t!(i18n, signing.install_link)}
                            </a>
                        </p>
                    }
                })}
            {children.map(|children| children())}
            <RetryButton on_retry />
        </div>
    }
}

fn nca_message(i18n: crate::I18n, error: &NcaError) -> String {
    match error {
        NcaError::NotRunning => t_string!(i18n, signing.not_running_text).to_owned(),
        NcaError::Blocked => t_string!(i18n, signing.blocked_text).to_owned(),
        NcaError::Closed => t_string!(i18n, signing.closed).to_owned(),
        NcaError::Timeout => t_string!(i18n, signing.timeout).to_owned(),
        NcaError::Garbage => t_string!(i18n, signing.garbage).to_owned(),
        NcaError::Failed { code, .. } => {
            let code = code.clone();
            t_string!(i18n, signing.failed, code).to_string()
        }
    }
}
