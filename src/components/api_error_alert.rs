use super::RetryButton;
use crate::api::ApiError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// The translated sentence for an error, in the current language.
pub fn api_error_message(i18n: crate::I18n, error: &ApiError) -> String {
    match error {
        ApiError::Offline => t_string!(i18n, errors.offline).to_owned(),
        ApiError::Network | ApiError::Aborted => t_string!(i18n, errors.network).to_owned(),
        ApiError::Timeout => t_string!(i18n, errors.timeout).to_owned(),
        ApiError::Unauthorized { .. } => t_string!(i18n, errors.session_expired).to_owned(),
        ApiError::Forbidden { .. } => t_string!(i18n, errors.forbidden).to_owned(),
        ApiError::NotFound => t_string!(i18n, errors.not_found).to_owned(),
        ApiError::Conflict { .. } => t_string!(i18n, errors.conflict).to_owned(),
        ApiError::Gone { .. } => t_string!(i18n, errors.gone).to_owned(),
        ApiError::Validation { .. } => t_string!(i18n, errors.validation).to_owned(),
        ApiError::TooManyRequests { until: None } => {
            t_string!(i18n, errors.too_many_requests).to_owned()
        }
        ApiError::TooManyRequests { until: Some(until) } => {
            let until = crate::format::instant(until);
            t_string!(i18n, errors.too_many_requests_until, until).to_string()
        }
        ApiError::Maintenance { until } => {
            let mut text = t_string!(i18n, errors.maintenance).to_owned();
            if let Some(until) = until {
                let until = crate::format::instant(until);
                text.push(' ');
                text.push_str(&t_string!(i18n, errors.maintenance_until, until).to_string());
            }
            text
        }
        ApiError::NotImplemented => t_string!(i18n, errors.not_implemented).to_owned(),
        ApiError::Server { status } => {
            let status = *status;
            t_string!(i18n, errors.server, status).to_string()
        }
        ApiError::Malformed => t_string!(i18n, errors.malformed).to_owned(),
        ApiError::Unexpected { status } => {
            let status = *status;
            t_string!(i18n, errors.unexpected, status).to_string()
        }
    }
}

/// Shows an [`ApiError`] as an alert with its way forward: "try again" where a retry can
/// help, "log in again" when the session has ended.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::api::ApiError;
/// # use zeinet::components::ApiErrorAlert;
/// # fn demo(e: ApiError) -> impl IntoView {
/// # let list = LocalResource::new(zeinet::api::applications::list);
/// view! { <ApiErrorAlert error=e on_retry=Callback::new(move |_| list.refetch()) /> }
/// # }
/// ```
#[component]
pub fn ApiErrorAlert(
    error: ApiError,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let retry = on_retry.filter(|_| error.is_retryable());
    let login_again = error.is_session_expired();
    let class = match error {
        ApiError::Maintenance { .. } | ApiError::NotImplemented => "alert alert--warning",
        _ => "alert alert--error",
    };
    let message = {
        let error = error.clone();
        move || api_error_message(i18n, &error)
    };
    view! {
        <div class=class role="alert" data-error=error.kind()>
            <p class="alert__text">{message}</p>
            {retry.map(|on_retry| view! { <RetryButton on_retry /> })}
            {login_again
                .then(|| {
                    view! {
                        <A href="/login" attr:class="button button--secondary">
                            {t!(i18n, errors.login_again)}
                        </A>
                    }
                })}
        </div>
    }
}
