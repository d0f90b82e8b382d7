use crate::api::ApiError;
use crate::i18n::*;

/// The message for the flows' own error codes; `None` for the generic ones (shown by
/// `ApiErrorAlert`, with "try again").
pub fn flow_error_message(i18n: crate::I18n, error: &ApiError) -> Option<String> {
    Some(match error {
        ApiError::Conflict { code } if code == "iin_registered" => {
            t_string!(i18n, register.iin_registered).to_owned()
        }
        ApiError::Conflict { code } if code == "not_registered" => {
            t_string!(i18n, reset.not_registered).to_owned()
        }
        ApiError::Conflict { code } if code == "not_verified" => {
            t_string!(i18n, sms.request_gone).to_owned()
        }
        ApiError::Validation { code, .. } => match code.as_str() {
            "phone_mismatch" => t_string!(i18n, sms.phone_mismatch).to_owned(),
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
