//! The rules of a new password, shared by the form (checked as it is typed) and the backend
//! stand-in (`weak_password` with the code of the first broken rule).
//!
//! ```
//! use zeinet_domain::password::{PasswordProblem, PasswordRule};
//! assert_eq!(PasswordProblem::check("parol", "900101300823"), Some(PasswordProblem::TooShort));
//! assert_eq!(PasswordProblem::check("Құпиясөз2026", "900101300823"), None);
//! assert!(PasswordRule::Digit.met("abc1", ""));
//! assert_eq!(PasswordProblem::NoDigit.code(), "no_digit");
//! ```

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The longest password accepted, in characters.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// One rule of the list shown under the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRule {
    Length,
    Letter,
    Digit,
    NotIin,
}

impl PasswordRule {
    /// Every rule, in the order the form lists them.
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

/// Why a new password is refused: the first broken rule, in the backend's order.
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
    /// Every problem, in the order they are checked.
    pub const ALL: [PasswordProblem; 6] = [
        PasswordProblem::Required,
        PasswordProblem::TooShort,
        PasswordProblem::TooLong,
        PasswordProblem::NoLetter,
        PasswordProblem::NoDigit,
        PasswordProblem::ContainsIin,
    ];

    /// The first rule `password` breaks, if any.
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

    /// The backend's code (`fields.password` of `weak_password`).
    pub fn code(self) -> &'static str {
        match self {
            PasswordProblem::Required => "required",
            PasswordProblem::TooShort => "too_short",
            PasswordProblem::TooLong => "too_long",
            PasswordProblem::NoLetter => "no_letter",
            PasswordProblem::NoDigit => "no_digit",
            PasswordProblem::ContainsIin => "contains_iin",
        }
    }

    /// Reads a backend code back.
    pub fn from_code(code: &str) -> Option<PasswordProblem> {
        PasswordProblem::ALL.into_iter().find(|p| p.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IIN: &str = "900101300823";

    #[test]
    fn rules_in_the_backends_order() {
        let check = |p: &str| PasswordProblem::check(p, IIN);
        assert_eq!(check(""), Some(PasswordProblem::Required));
        assert_eq!(check("abc123"), Some(PasswordProblem::TooShort));
        assert_eq!(check(&"a1".repeat(65)), Some(PasswordProblem::TooLong));
        assert_eq!(check("12345678"), Some(PasswordProblem::NoLetter));
        assert_eq!(check("parolsiz"), Some(PasswordProblem::NoDigit));
        assert_eq!(check("p900101300823"), Some(PasswordProblem::ContainsIin));
        assert_eq!(check("Құпиясөз2026"), None);
        // Characters, not bytes: 8 Cyrillic letters are 16 bytes but a short password with
        // a digit still needs 8 characters.
        assert_eq!(check("Сәлем12"), Some(PasswordProblem::TooShort));
        assert_eq!(check(&"ә1".repeat(64)), None);
        assert!(PasswordRule::NotIin.met("900101300823", ""));
    }

    #[test]
    fn codes_read_back() {
        for problem in PasswordProblem::ALL {
            assert_eq!(PasswordProblem::from_code(problem.code()), Some(problem));
        }
        assert_eq!(PasswordProblem::from_code("weak"), None);
    }
}
