//! The words for the domain's rules: each function turns one of `zeinet_domain`'s error enums
//! into the sentence the person reads, in the current language. Pages of every folder use
//! them; this module uses no page.
use crate::i18n::*;
use zeinet_domain::{
    iban::IbanError, iin::IinError, password::PasswordProblem, phone::PhoneError, refund::Problem,
    sms::CodeProblem,
};

/// The translated message for an IIN rule.
pub fn iin_message(i18n: crate::I18n, problem: IinError) -> String {
    match problem {
        IinError::Empty => t_string!(i18n, validation.iin_required).to_owned(),
        IinError::NotDigits => t_string!(i18n, validation.iin_not_digits).to_owned(),
        IinError::WrongLength { len } => t_string!(i18n, validation.iin_length, len).to_string(),
        IinError::CheckDigit | IinError::Uncheckable => {
            t_string!(i18n, validation.iin_check_digit).to_owned()
        }
    }
}

/// The translated message for a phone rule.
pub fn phone_message(i18n: crate::I18n, problem: PhoneError) -> String {
    match problem {
        PhoneError::Empty => t_string!(i18n, validation.phone_required),
        PhoneError::InvalidCharacters => t_string!(i18n, validation.phone_invalid_characters),
        PhoneError::WrongLength => t_string!(i18n, validation.phone_wrong_length),
        PhoneError::NotKazakhstan => t_string!(i18n, validation.phone_not_kazakhstan),
        PhoneError::NotMobile => t_string!(i18n, validation.phone_not_mobile),
        PhoneError::UnknownOperator => t_string!(i18n, validation.phone_unknown_operator),
    }
    .to_owned()
}

/// The translated message of a broken rule of a new password.
pub fn password_problem_message(i18n: crate::I18n, problem: PasswordProblem) -> String {
    match problem {
        PasswordProblem::Required => t_string!(i18n, password.required),
        PasswordProblem::TooShort => t_string!(i18n, password.too_short),
        PasswordProblem::TooLong => t_string!(i18n, password.too_long),
        PasswordProblem::NoLetter => t_string!(i18n, password.no_letter),
        PasswordProblem::NoDigit => t_string!(i18n, password.no_digit),
        PasswordProblem::ContainsIin => t_string!(i18n, password.contains_iin),
    }
    .to_owned()
}

/// The translated message for an SMS code refused before asking the backend.
pub fn code_message(i18n: crate::I18n, problem: CodeProblem) -> String {
    match problem {
        CodeProblem::Required => t_string!(i18n, sms.code_required),
        CodeProblem::NotDigits => t_string!(i18n, sms.code_not_digits),
        CodeProblem::WrongLength => t_string!(i18n, sms.code_length),
    }
    .to_owned()
}

/// The translated message for an IBAN rule; `bank` names the bank of the chosen orders (asked
/// only when the IBAN is of another bank).
pub fn iban_message(
    i18n: crate::I18n,
    problem: IbanError,
    bank: impl FnOnce() -> String,
) -> String {
    match problem {
        IbanError::Empty => t_string!(i18n, refund.iban_empty).to_owned(),
        IbanError::InvalidCharacters => t_string!(i18n, refund.iban_chars).to_owned(),
        IbanError::WrongLength { len } => {
            let n = len.to_string();
            t_string!(i18n, refund.iban_length, n).to_string()
        }
        IbanError::NotKazakh => t_string!(i18n, refund.iban_not_kz).to_owned(),
        IbanError::Checksum => t_string!(i18n, refund.iban_checksum).to_owned(),
        IbanError::BankCode => t_string!(i18n, refund.iban_bank_code).to_owned(),
        IbanError::BankMismatch => {
            let bank = bank();
            t_string!(i18n, refund.iban_other_bank, bank).to_string()
        }
    }
}

/// The translated message for the refund's choice of orders (step 1: [`Draft::orders_problem`]
/// says no order is ticked, or the ticked ones come from more than one bank).
///
/// [`Draft::orders_problem`]: zeinet_domain::refund::Draft::orders_problem
pub fn orders_message(i18n: crate::I18n, problem: Problem) -> String {
    match problem {
        Problem::MixedBanks => t_string!(i18n, refund.error_mixed_banks).to_owned(),
        _ => t_string!(i18n, refund.error_no_order).to_owned(),
    }
}
