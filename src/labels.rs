//! Translations of the backend's codes (application kind, contract, status). An unknown code
//! (a newer backend) gets a neutral label rather than a blank. Kind, contract and status take the
//! locale itself: a closure that passes `i18n.get_locale()` follows the language, and a long table
//! that reads it once per render (`get_locale_untracked`) does not subscribe each cell to it.
use crate::i18n::*;

/// The application kind's name, e.g. `housing_lump_sum`.
pub fn kind(locale: Locale, code: &str) -> &'static str {
    match code {
        "housing_lump_sum" => td_string!(locale, kind.housing_lump_sum),
        "treatment_lump_sum" => td_string!(locale, kind.treatment_lump_sum),
        "payment" => td_string!(locale, kind.payment),
        "age" => td_string!(locale, kind.age),
        "disability" => td_string!(locale, kind.disability),
        "heirs" => td_string!(locale, kind.heirs),
        "burial" => td_string!(locale, kind.burial),
        "emigration" => td_string!(locale, kind.emigration),
        "vpc_payment" => td_string!(locale, kind.vpc_payment),
        "insurer_transfer" => td_string!(locale, kind.insurer_transfer),
        "ipm_transfer" => td_string!(locale, kind.ipm_transfer),
        "bank_details_change" => td_string!(locale, kind.bank_details_change),
        _ => td_string!(locale, kind.unknown),
    }
}

/// The contract type's abbreviation (МЗЖ, МКЗЖ, ЕЗЖ…); an unknown code is shown as sent.
pub fn contract(locale: Locale, code: &str) -> String {
    match code {
        "opv" => td_string!(locale, contract.opv).to_owned(),
        "oppv" => td_string!(locale, contract.oppv).to_owned(),
        "vpc" => td_string!(locale, contract.vpc).to_owned(),
        other => other.to_owned(),
    }
}

/// The status's name, e.g. `accepted` → «Өңдеуге қабылданды».
pub fn status(locale: Locale, code: &str) -> &'static str {
    match code {
        "accepted" => td_string!(locale, status.accepted),
        "in_progress" => td_string!(locale, status.in_progress),
        "executed" => td_string!(locale, status.executed),
        "refused" => td_string!(locale, status.refused),
        "cancelled_by_applicant" => td_string!(locale, status.cancelled_by_applicant),
        "cancel_requested" => td_string!(locale, status.cancel_requested),
        _ => td_string!(locale, status.unknown),
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
