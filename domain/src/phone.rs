//! Kazakhstan mobile numbers. Registration requires a number of a Kazakh operator, so the
//! check goes beyond the shape: the country (+7 is shared with Russia), mobile vs landline,
//! and the operator code.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

/// The mobile operator codes (the `7XX` after `+7`) accepted at registration.
///
/// ```
/// assert!(zeinet_domain::phone::OPERATOR_CODES.contains(&"747"));
/// ```
pub const OPERATOR_CODES: [&str; 13] = [
    "700", "701", "702", "705", "706", "707", "708", "747", "771", "775", "776", "777", "778",
];

/// Why a string is not a Kazakh mobile number. The UI translates by variant: keep them stable.
/// [`KzMobile::parse`] reports the first failing rule in the order of the variants.
///
/// ```
/// use zeinet_domain::{KzMobile, PhoneError};
/// assert_eq!(KzMobile::parse("+7 727 250 00 00"), Err(PhoneError::NotMobile));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Nothing but whitespace was given.
    #[error("the phone number is empty")]
    Empty,
    /// Something other than digits, spaces, dashes, dots, brackets and one leading `+`.
    #[error("the phone number may contain only digits, spaces, dashes, brackets and a leading +")]
    InvalidCharacters,
    /// Not `+7` / `8` / `7` followed by 10 digits, nor 10 digits alone.
    #[error("the phone number has the wrong number of digits")]
    WrongLength,
    /// Another country's number: a country code other than 7 (`+49…`, `+998…`), or a
    /// Russian number under the shared +7 (zones other than 6 and 7, e.g. `+7 916…`).
    #[error("the phone number is not a Kazakhstan number")]
    NotKazakhstan,
    /// A Kazakh number outside the mobile range: a landline (`+7 727…` Almaty,
    /// `+7 717…` Astana: zones 71x and 72x) or the 6xx zone.
    #[error("the phone number is not a mobile number")]
    NotMobile,
    /// Looks mobile (`7XX`) but `XX` is not one of [`OPERATOR_CODES`].
    #[error("the mobile operator code is not a Kazakhstan operator")]
    UnknownOperator,
}

/// A Kazakh mobile number, normalised to `+77XXXXXXXXX` (12 characters).
///
/// ```
/// use zeinet_domain::KzMobile;
/// let phone = KzMobile::parse("8 (701) 234-56-78").unwrap();
/// assert_eq!(phone.as_str(), "+77012345678");
/// assert_eq!(phone.display(), "+7 701 234 56 78");
/// assert_eq!(phone.masked(), "+7 701 *** ** 78");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KzMobile(String);

impl KzMobile {
    /// Reads a number as people write it: `+7 7XX XXX XX XX`, `+7 (7XX) XXX-XX-XX`,
    /// `8 7XX …`, `87XX…`, `7 7XX…` without the plus, or the 10 digits `7XX…` alone.
    /// Spaces (including no-break spaces), dashes, dots and brackets are ignored.
    ///
    /// ```
    /// use zeinet_domain::{KzMobile, PhoneError};
    /// assert_eq!(KzMobile::parse("7012345678").unwrap().as_str(), "+77012345678");
    /// assert_eq!(KzMobile::parse("+49 30 1234567"), Err(PhoneError::NotKazakhstan));
    /// assert_eq!(KzMobile::parse("+7 709 234 56 78"), Err(PhoneError::UnknownOperator));
    /// ```
    pub fn parse(input: &str) -> Result<KzMobile, PhoneError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(PhoneError::Empty);
        }
        let mut plus = false;
        let mut digits = String::with_capacity(12);
        for c in s.chars() {
            match c {
                '0'..='9' => digits.push(c),
                // One plus, before any digit ("+7", "(+7)").
                '+' if !plus && digits.is_empty() => plus = true,
                '-' | '(' | ')' | '.' => {}
                c if c.is_whitespace() => {}
                _ => return Err(PhoneError::InvalidCharacters),
            }
        }
        let national = national_number(&digits, plus)?;
        match national.as_bytes()[0] {
            b'6' | b'7' => {}
            _ => return Err(PhoneError::NotKazakhstan),
        }
        if national.len() != 10 {
            return Err(PhoneError::WrongLength);
        }
        if national.starts_with('6') || national.starts_with("71") || national.starts_with("72") {
            return Err(PhoneError::NotMobile);
        }
        if !OPERATOR_CODES.contains(&&national[..3]) {
            return Err(PhoneError::UnknownOperator);
        }
        Ok(KzMobile(format!("+7{national}")))
    }

    /// The normalised form `+77XXXXXXXXX`, for the backend and `tel:` links.
    ///
    /// ```
    /// let phone = zeinet_domain::KzMobile::parse("+7 777 000 11 22").unwrap();
    /// assert_eq!(phone.as_str(), "+77770001122");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The operator code, e.g. `"701"`.
    ///
    /// ```
    /// let phone = zeinet_domain::KzMobile::parse("87471234567").unwrap();
    /// assert_eq!(phone.operator_code(), "747");
    /// ```
    pub fn operator_code(&self) -> &str {
        &self.0[2..5]
    }

    /// Grouped for reading: `+7 701 234 56 78`.
    ///
    /// ```
    /// let phone = zeinet_domain::KzMobile::parse("87012345678").unwrap();
    /// assert_eq!(phone.display(), "+7 701 234 56 78");
    /// ```
    pub fn display(&self) -> String {
        let n = &self.0[2..];
        format!("+7 {} {} {} {}", &n[..3], &n[3..6], &n[6..8], &n[8..])
    }

    /// Grouped with the middle hidden, for screens that only confirm which phone a code was
    /// sent to: `+7 701 *** ** 78`.
    ///
    /// ```
    /// let phone = zeinet_domain::KzMobile::parse("87012345678").unwrap();
    /// assert_eq!(phone.masked(), "+7 701 *** ** 78");
    /// ```
    pub fn masked(&self) -> String {
        let n = &self.0[2..];
        format!("+7 {} *** ** {}", &n[..3], &n[8..])
    }
}

/// Strips the country code or trunk prefix, leaving what should be the 10-digit national
/// number (not yet length-checked when a country code was given).
fn national_number(digits: &str, plus: bool) -> Result<&str, PhoneError> {
    if digits.is_empty() {
        return Err(PhoneError::WrongLength);
    }
    if plus {
        // "+7…" is Kazakhstan or Russia; any other country code is foreign.
        return match digits.strip_prefix('7') {
            Some("") => Err(PhoneError::WrongLength),
            Some(rest) => Ok(rest),
            None => Err(PhoneError::NotKazakhstan),
        };
    }
    match digits.len() {
        // "8 7XX…" (trunk prefix) or "7 7XX…" (country code without the plus).
        11 if digits.starts_with('8') || digits.starts_with('7') => Ok(&digits[1..]),
        // A 10-digit number starting with 8 is an "8 7XX…" with a digit missing.
        10 if digits.starts_with('8') => Err(PhoneError::WrongLength),
        10 => Ok(digits),
        _ => Err(PhoneError::WrongLength),
    }
}

impl fmt::Display for KzMobile {
    /// The normalised form; use [`KzMobile::display`] for people.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for KzMobile {
    type Err = PhoneError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        KzMobile::parse(s)
    }
}

impl TryFrom<String> for KzMobile {
    type Error = PhoneError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        KzMobile::parse(&s)
    }
}

impl From<KzMobile> for String {
    fn from(phone: KzMobile) -> String {
        phone.0
    }
}

impl AsRef<str> for KzMobile {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> String {
        KzMobile::parse(input)
            .unwrap_or_else(|e| panic!("{input:?}: {e}"))
            .0
    }

    #[test]
    fn accepted_formats() {
        for input in [
            "+7 701 234 56 78",
            "+7 (701) 234-56-78",
            "+77012345678",
            "8 701 234 56 78",
            "8 (701) 234-56-78",
            "87012345678",
            "7012345678",
            "701 234 56 78",
            "77012345678",
            "7 701 234 5678",
            " +7\u{a0}701\u{a0}234\u{a0}56\u{a0}78 ",
            "(+7) 701.234.56.78",
        ] {
            assert_eq!(ok(input), "+77012345678", "{input:?}");
        }
    }

    #[test]
    fn every_operator_code_is_accepted() {
        for code in OPERATOR_CODES {
            assert_eq!(ok(&format!("8{code}1234567")), format!("+7{code}1234567"));
        }
    }

    #[test]
    fn empty() {
        assert_eq!(KzMobile::parse(""), Err(PhoneError::Empty));
        assert_eq!(KzMobile::parse(" \t"), Err(PhoneError::Empty));
    }

    #[test]
    fn invalid_characters() {
        assert_eq!(
            KzMobile::parse("+7 701 abc 56 78"),
            Err(PhoneError::InvalidCharacters)
        );
        assert_eq!(
            KzMobile::parse("8701234567x"),
            Err(PhoneError::InvalidCharacters)
        );
        assert_eq!(
            KzMobile::parse("+7 701 +234"),
            Err(PhoneError::InvalidCharacters)
        );
        assert_eq!(
            KzMobile::parse("++77012345678"),
            Err(PhoneError::InvalidCharacters)
        );
        assert_eq!(
            KzMobile::parse("7012345678/"),
            Err(PhoneError::InvalidCharacters)
        );
    }

    #[test]
    fn wrong_length() {
        assert_eq!(
            KzMobile::parse("+7 701 234 56 7"),
            Err(PhoneError::WrongLength)
        );
        assert_eq!(
            KzMobile::parse("+7 701 234 56 789"),
            Err(PhoneError::WrongLength)
        );
        assert_eq!(
            KzMobile::parse("8 701 234 56 7"),
            Err(PhoneError::WrongLength)
        );
        assert_eq!(KzMobile::parse("701 234 56"), Err(PhoneError::WrongLength));
        assert_eq!(
            KzMobile::parse("8 8701 234 56 78"),
            Err(PhoneError::WrongLength)
        );
        assert_eq!(KzMobile::parse("+7"), Err(PhoneError::WrongLength));
        assert_eq!(KzMobile::parse("+"), Err(PhoneError::WrongLength));
        assert_eq!(KzMobile::parse("()-"), Err(PhoneError::WrongLength));
    }

    #[test]
    fn not_kazakhstan() {
        assert_eq!(
            KzMobile::parse("+49 30 1234567"),
            Err(PhoneError::NotKazakhstan)
        );
        assert_eq!(
            KzMobile::parse("+998 90 123 45 67"),
            Err(PhoneError::NotKazakhstan)
        );
        // Russian mobile under the shared +7, in every spelling.
        assert_eq!(
            KzMobile::parse("+7 916 123 45 67"),
            Err(PhoneError::NotKazakhstan)
        );
        assert_eq!(
            KzMobile::parse("8 916 123 45 67"),
            Err(PhoneError::NotKazakhstan)
        );
        assert_eq!(
            KzMobile::parse("9161234567"),
            Err(PhoneError::NotKazakhstan)
        );
    }

    #[test]
    fn not_mobile() {
        assert_eq!(
            KzMobile::parse("+7 727 250 00 00"),
            Err(PhoneError::NotMobile)
        ); // Almaty
        assert_eq!(
            KzMobile::parse("8 7172 55 00 00"),
            Err(PhoneError::NotMobile)
        ); // Astana
        assert_eq!(
            KzMobile::parse("+7 600 123 45 67"),
            Err(PhoneError::NotMobile)
        );
    }

    #[test]
    fn unknown_operator() {
        for input in [
            "+7 709 234 56 78",
            "8 750 123 45 67",
            "7791234567",
            "+7 740 000 00 00",
        ] {
            assert_eq!(
                KzMobile::parse(input),
                Err(PhoneError::UnknownOperator),
                "{input}"
            );
        }
    }

    #[test]
    fn display_and_mask() {
        let phone = KzMobile::parse("+7 (775) 000-12-34").unwrap();
        assert_eq!(phone.as_str(), "+77750001234");
        assert_eq!(phone.as_str().len(), 12);
        assert_eq!(phone.display(), "+7 775 000 12 34");
        assert_eq!(phone.masked(), "+7 775 *** ** 34");
        assert_eq!(phone.operator_code(), "775");
        assert_eq!(phone.to_string(), "+77750001234");
    }

    #[test]
    fn serde_validates() {
        let phone: KzMobile = serde_json::from_str("\"8 701 234 56 78\"").unwrap();
        assert_eq!(serde_json::to_string(&phone).unwrap(), "\"+77012345678\"");
        assert!(serde_json::from_str::<KzMobile>("\"+7 727 250 00 00\"").is_err());
    }
}
