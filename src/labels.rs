//! Translations of the backend's codes (application kind, contract, status). An unknown code
//! (a newer backend) gets a neutral label rather than a blank.
use crate::i18n::*;

/// The application kind's name, e.g. `housing_lump_sum`.
pub fn kind(i18n: crate::I18n, code: &str) -> &'static str {
    match code {
        "housing_lump_sum" => t_string!(i18n, kind.housing_lump_sum),
        "treatment_lump_sum" => t_string!(i18n, kind.treatment_lump_sum),
        "payment" => t_string!(i18n, kind.payment),
        "age" => t_string!(i18n, kind.age),
        "disability" => t_string!(i18n, kind.disability),
        "heirs" => t_string!(i18n, kind.heirs),
        "burial" => t_string!(i18n, kind.burial),
        "emigration" => t_string!(i18n, kind.emigration),
        "vpc_payment" => t_string!(i18n, kind.vpc_payment),
        "insurer_transfer" => t_string!(i18n, kind.insurer_transfer),
        "ipm_transfer" => t_string!(i18n, kind.ipm_transfer),
        "bank_details_change" => t_string!(i18n, kind.bank_details_change),
        _ => t_string!(i18n, kind.unknown),
    }
}

/// The contract type's abbreviation (МЗЖ, МКЗЖ, ЕЗЖ…); an unknown code is shown as sent.
pub fn contract(i18n: crate::I18n, code: &str) -> String {
    match code {
        "opv" => t_string!(i18n, contract.opv).to_owned(),
        "oppv" => t_string!(i18n, contract.oppv).to_owned(),
        "vpc" => t_string!(i18n, contract.vpc).to_owned(),
        other => other.to_owned(),
    }
}

/// The status's name, e.g. `accepted` → «Өңдеуге қабылданды».
pub fn status(i18n: crate::I18n, code: &str) -> &'static str {
    match code {
        "accepted" => t_string!(i18n, status.accepted),
        "in_progress" => t_string!(i18n, status.in_progress),
        "executed" => t_string!(i18n, status.executed),
        "refused" => t_string!(i18n, status.refused),
        "cancelled_by_applicant" => t_string!(i18n, status.cancelled_by_applicant),
        "cancel_requested" => t_string!(i18n, status.cancel_requested),
        _ => t_string!(i18n, status.unknown),
    }
}

/// The badge colour family of a status (the text always says it too).
pub fn status_tone(code: &str) -> &'static str {
    match code {
        "executed" => "success",
        "refused" => "danger",
        "cancelled_by_applicant" => "neutral",
        "accepted" | "in_progress" | "cancel_requested" => "pending",
        _ => "neutral",
    }
}

/// The purpose of a lump-sum payment («БЗТ-ны алудың мақсаты»); an unknown code is shown as sent.
pub fn purpose(i18n: crate::I18n, code: &str) -> String {
    match code {
        "mortgage_partial_repayment" => t_string!(i18n, purpose.mortgage_partial_repayment),
        "housing_purchase" => t_string!(i18n, purpose.housing_purchase),
        "treatment" => t_string!(i18n, purpose.treatment),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// A currency's name as the memo writes it after the bank ("теңге"); others as sent.
pub fn currency(i18n: crate::I18n, code: &str) -> String {
    match code {
        "KZT" => t_string!(i18n, applications.currency_kzt).to_owned(),
        other => other.to_owned(),
    }
}
