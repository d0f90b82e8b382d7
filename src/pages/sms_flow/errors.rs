use crate::api::ApiError;
use crate::components::OtherWaysIn;
use crate::i18n::*;
use leptos::prelude::*;

/// True for 403 `verification_locked`: too many wrong codes for this IIN and phone in 24
/// hours; no code is sent or checked until its `until`.
pub fn is_locked(error: &ApiError) -> bool {
    matches!(error, ApiError::Forbidden { code, .. } if code == "verification_locked")
}

/// The message for the flows' own error codes; `None` for the generic ones (shown by
/// `ApiErrorAlert`, with "try again"). None of them says whether the IIN has an account or
/// the phone is the one on record: the backend never tells (the SMS to that phone does).
pub fn flow_error_message(i18n: crate::I18n, error: &ApiError) -> Option<String> {
    Some(match error {
        ApiError::Conflict { code } if code == "not_verified" => {
            t_string!(i18n, sms.request_gone).to_owned()
        }
        ApiError::Forbidden { code, until } if code == "verification_locked" => {
            let until = until
                .as_deref()
                .map(crate::format::instant)
                .unwrap_or_default();
            t_string!(i18n, sms.locked, until).to_string()
        }
        ApiError::Validation { code, .. } => match code.as_str() {
            "invalid_code" => t_string!(i18n, sms.invalid_code).to_owned(),
            "code_expired" => t_string!(i18n, sms.code_expired).to_owned(),
            "too_many_attempts" => t_string!(i18n, sms.too_many_attempts).to_owned(),
            _ => return None,
        },
        ApiError::TooManyRequests { until: Some(until) } => {
            let until = crate::format::instant(until);
            t_string!(i18n, sms.resend_too_soon, until).to_string()
        }
        ApiError::NotFound => t_string!(i18n, sms.request_gone).to_owned(),
        _ => return None,
    })
}

/// The way forward while codes are locked: whoever already has an account still logs in by
/// EDS or eGov mobile (neither needs a code).
#[component]
pub fn LockedWays() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <OtherWaysIn eds="/login?tab=eds".into() egov="/login?tab=egov".into()>
            {t!(i18n, sms.locked_other_ways)}
        </OtherWaysIn>
    }
}
