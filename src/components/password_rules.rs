//! The rules of a new password (the backend's `weak_password` rules), checked as it is typed
//! and listed with each rule's state in words and an icon — never by colour alone.
use crate::i18n::*;
use leptos::prelude::*;

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The longest password accepted.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// One rule of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRule {
    Length,
    Letter,
    Digit,
    NotIin,
}

impl PasswordRule {
    pub const ALL: [PasswordRule; 4] = [
        PasswordRule::Length,
        PasswordRule::Letter,
        PasswordRule::Digit,
        PasswordRule::NotIin,
    ];

    /// Whether `password` follows the rule (`iin`: the person's IIN, may be empty).
    pub fn met(self, password: &str, iin: &str) -> bool {
        match self {
            PasswordRule::Length => password.chars().count() >= MIN_PASSWORD_CHARS,
            PasswordRule::Letter => password.chars().any(char::is_alphabetic),
            PasswordRule::Digit => password.chars().any(|c| c.is_ascii_digit()),
            PasswordRule::NotIin => iin.is_empty() || !password.contains(iin),
        }
    }
}

/// Why a new password is refused: the client's rules, and the backend's codes
/// (`fields.password` of `weak_password`) read with [`PasswordProblem::from_code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    Required,
    TooShort,
    TooLong,
    NoLetter,
    NoDigit,
    ContainsIin,
}

impl PasswordProblem {
    /// The first rule `password` breaks, in the backend's order.
    pub fn check(password: &str, iin: &str) -> Option<PasswordProblem> {
        if password.is_empty() {
            Some(PasswordProblem::Required)
        } else if !PasswordRule::Length.met(password, iin) {
            Some(PasswordProblem::TooShort)
        } else if password.chars().count() > MAX_PASSWORD_CHARS {
            Some(PasswordProblem::TooLong)
        } else if !PasswordRule::Letter.met(password, iin) {
            Some(PasswordProblem::NoLetter)
        } else if !PasswordRule::Digit.met(password, iin) {
            Some(PasswordProblem::NoDigit)
        } else if !PasswordRule::NotIin.met(password, iin) {
            Some(PasswordProblem::ContainsIin)
        } else {
            None
        }
    }

    /// The backend's code for a broken rule.
    pub fn from_code(code: &str) -> Option<PasswordProblem> {
        Some(match code {
            "required" => PasswordProblem::Required,
            "too_short" => PasswordProblem::TooShort,
            "too_long" => PasswordProblem::TooLong,
            "no_letter" => PasswordProblem::NoLetter,
            "no_digit" => PasswordProblem::NoDigit,
            "contains_iin" => PasswordProblem::ContainsIin,
            _ => return None,
        })
    }

    /// The translated message.
    pub fn message(self, i18n: crate::I18n) -> String {
        match self {
            PasswordProblem::Required => t_string!(i18n, password.required),
            PasswordProblem::TooShort => t_string!(i18n, password.too_short),
            PasswordProblem::TooLong => t_string!(i18n, password.too_long),
            PasswordProblem::NoLetter => t_string!(i18n, password.no_letter),
            PasswordProblem::NoDigit => t_string!(i18n, password.no_digit),
            PasswordProblem::ContainsIin => t_string!(i18n, password.contains_iin),
        }
        .to_owned()
    }
}

/// The list of rules under the password field, each with its state as text and icon.
/// `id` is for the field's `aria-describedby`.
#[component]
pub fn PasswordRules(
    id: &'static str,
    #[prop(into)] password: Signal<String>,
    #[prop(into)] iin: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |rule: PasswordRule| match rule {
        PasswordRule::Length => t_string!(i18n, password.rule_length),
        PasswordRule::Letter => t_string!(i18n, password.rule_letter),
        PasswordRule::Digit => t_string!(i18n, password.rule_digit),
        PasswordRule::NotIin => t_string!(i18n, password.rule_not_iin),
    };
    view! {
        <div class="password-rules" id=id>
            <p class="password-rules__title">{t!(i18n, password.rules_title)}</p>
            <ul class="password-rules__list">
                {PasswordRule::ALL
                    .into_iter()
                    .map(|rule| {
                        let met = move || password.with(|p| iin.with(|i| rule.met(p, i)));
                        view! {
                            <li
                                class="password-rules__rule"
                                class:password-rules__rule--met=met
                                data-met=move || met().to_string()
                            >
                                <span class="password-rules__icon" aria-hidden="true">
                                    {move || if met() { "✓" } else { "✗" }}
                                </span>
                                " "
                                {move || label(rule)}
                                " — "
                                <span class="password-rules__state">
                                    {move || {
                                        if met() {
                                            t_string!(i18n, password.rule_met)
                                        } else {
                                            t_string!(i18n, password.rule_unmet)
                                        }
                                    }}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IIN: &str = "900101300823";

    #[test]
    fn rules_as_the_backend_has_them() {
        assert_eq!(
            PasswordProblem::check("", IIN),
            Some(PasswordProblem::Required)
        );
        assert_eq!(
            PasswordProblem::check("abc123", IIN),
            Some(PasswordProblem::TooShort)
        );
        assert_eq!(
            PasswordProblem::check(&"a1".repeat(65), IIN),
            Some(PasswordProblem::TooLong)
        );
        assert_eq!(
            PasswordProblem::check("12345678", IIN),
            Some(PasswordProblem::NoLetter)
        );
        assert_eq!(
            PasswordProblem::check("parolsiz", IIN),
            Some(PasswordProblem::NoDigit)
        );
        assert_eq!(
            PasswordProblem::check("p900101300823", IIN),
            Some(PasswordProblem::ContainsIin)
        );
        assert_eq!(PasswordProblem::check("Құпиясөз2026", IIN), None);
        for code in [
            "required",
            "too_short",
            "too_long",
            "no_letter",
            "no_digit",
            "contains_iin",
        ] {
            assert!(PasswordProblem::from_code(code).is_some(), "{code}");
        }
        assert!(PasswordRule::NotIin.met("900101300823", ""));
    }
}
