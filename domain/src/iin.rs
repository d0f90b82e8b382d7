//! IIN (ЖСН / ИИН) and BIN (БСН / БИН): the 12-digit identification numbers of people and
//! organisations. Only the shape and the check digit are validated: since 2013 the leading
//! digits are not reliably a birth date, so rejecting "impossible dates" would lock real
//! people out.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

/// Number of digits in an IIN or a BIN.
pub const ID_LEN: usize = 12;

/// Why a string is not a valid IIN or BIN. The UI translates by variant: keep them stable.
///
/// ```
/// use zeinet_domain::{Iin, IinError};
/// assert_eq!(Iin::parse("12345"), Err(IinError::WrongLength { len: 5 }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IinError {
    /// Nothing but whitespace was given.
    #[error("the IIN/BIN is empty")]
    Empty,
    /// Something other than a digit, inner spaces included (an IIN is typed as 12 digits).
    #[error("the IIN/BIN must contain digits only")]
    NotDigits,
    /// All digits, but not 12 of them; `len` is how many there are.
    #[error("the IIN/BIN must have 12 digits, found {len}")]
    WrongLength {
        /// The number of digits given.
        len: usize,
    },
    /// The 12th digit is not the computed check digit (a typo, usually).
    #[error("the IIN/BIN check digit does not match")]
    CheckDigit,
    /// Both weightings give 10, so no check digit exists: such a number is never issued.
    #[error("the IIN/BIN cannot have a valid check digit (both passes give 10)")]
    Uncheckable,
}

/// The alias says intent at call sites that deal with organisations.
pub type BinError = IinError;

/// An individual identification number: 12 digits with a valid check digit.
///
/// ```
/// use zeinet_domain::Iin;
/// let iin = Iin::parse(" 900101300007 ").unwrap();
/// assert_eq!(iin.as_str(), "900101300007");
/// assert_eq!(iin.to_string(), "900101300007");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iin(String);

/// A business identification number: same shape and check digit as an [`Iin`].
///
/// ```
/// use zeinet_domain::Bin;
/// assert_eq!(Bin::parse("940140000385").unwrap().as_str(), "940140000385");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bin(String);

impl Iin {
    /// Validates an IIN. Surrounding whitespace is trimmed; anything else must be 12 digits.
    ///
    /// ```
    /// use zeinet_domain::{Iin, IinError};
    /// assert!(Iin::parse("061211600012").is_ok());
    /// assert_eq!(Iin::parse("061211600013"), Err(IinError::CheckDigit));
    /// assert_eq!(Iin::parse("0612 11600012"), Err(IinError::NotDigits));
    /// ```
    pub fn parse(input: &str) -> Result<Iin, IinError> {
        validate(input).map(|digits| Iin(digits.to_owned()))
    }

    /// The 12 digits.
    ///
    /// ```
    /// assert_eq!(zeinet_domain::Iin::parse("800416100254").unwrap().as_str(), "800416100254");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Bin {
    /// Validates a BIN with the same rules as [`Iin::parse`].
    ///
    /// ```
    /// use zeinet_domain::{Bin, IinError};
    /// assert!(Bin::parse("940140000385").is_ok());
    /// assert_eq!(Bin::parse("940140000386"), Err(IinError::CheckDigit));
    /// ```
    pub fn parse(input: &str) -> Result<Bin, BinError> {
        validate(input).map(|digits| Bin(digits.to_owned()))
    }

    /// The 12 digits.
    ///
    /// ```
    /// assert_eq!(zeinet_domain::Bin::parse("940140000385").unwrap().as_str(), "940140000385");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `input` is a valid IIN (see [`Iin::parse`]).
///
/// ```
/// assert!(zeinet_domain::is_valid_iin("680503250034"));
/// assert!(!zeinet_domain::is_valid_iin("821214240092"));
/// ```
pub fn is_valid_iin(input: &str) -> bool {
    validate(input).is_ok()
}

/// Whether `input` is a valid BIN (see [`Bin::parse`]).
///
/// ```
/// assert!(zeinet_domain::is_valid_bin("940140000385"));
/// assert!(!zeinet_domain::is_valid_bin("94014000038"));
/// ```
pub fn is_valid_bin(input: &str) -> bool {
    validate(input).is_ok()
}

/// The shared rule; returns the trimmed digits on success.
fn validate(input: &str) -> Result<&str, IinError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(IinError::Empty);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IinError::NotDigits);
    }
    // All ASCII digits, so the byte length is the digit count.
    if s.len() != ID_LEN {
        return Err(IinError::WrongLength { len: s.len() });
    }
    let mut d = [0u32; ID_LEN];
    for (slot, b) in d.iter_mut().zip(s.bytes()) {
        *slot = u32::from(b - b'0');
    }
    let expected = check_digit(&d[..ID_LEN - 1]).ok_or(IinError::Uncheckable)?;
    if expected == d[ID_LEN - 1] {
        Ok(s)
    } else {
        Err(IinError::CheckDigit)
    }
}

/// The check digit of the first 11 digits, or `None` when both passes give 10.
/// Weights 1..=11 first; if that gives 10, the shifted weights 3..=11,1,2.
fn check_digit(first11: &[u32]) -> Option<u32> {
    const W1: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const W2: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
    let weighted = |w: &[u32; 11]| first11.iter().zip(w).map(|(d, w)| d * w).sum::<u32>() % 11;
    match weighted(&W1) {
        10 => match weighted(&W2) {
            10 => None,
            c => Some(c),
        },
        c => Some(c),
    }
}

/// The conversions shared by both identifier types: Display/FromStr/serde go through `parse`.
macro_rules! id_conversions {
    ($ty:ident) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $ty {
            type Err = IinError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::parse(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = IinError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                $ty::parse(&s)
            }
        }

        impl From<$ty> for String {
            fn from(id: $ty) -> String {
                id.0
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

id_conversions!(Iin);
id_conversions!(Bin);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_values_pass() {
        for v in ["061211600012", "800416100254", "680503250034"] {
            assert_eq!(Iin::parse(v).map(|i| i.0), Ok(v.to_owned()), "{v}");
        }
    }

    #[test]
    fn public_bin_passes() {
        assert!(Bin::parse("940140000385").is_ok());
        assert!(is_valid_bin("940140000385"));
    }

    #[test]
    fn bank_bins_from_the_reference_pass() {
        for v in [
            "971240001315",
            "980640000093",
            "990740000683",
            "930540000147",
        ] {
            assert!(is_valid_bin(v), "{v}");
        }
    }

    #[test]
    fn synthetic_first_pass_values() {
        assert!(Iin::parse("900101300007").is_ok());
        assert!(Iin::parse("900101300017").is_ok());
        // Confirm they really are decided by the first pass.
        assert_eq!(check_digit(&digits("90010130000")), Some(7));
        assert_ne!(first_pass(&digits("90010130000")), 10);
    }

    #[test]
    fn synthetic_second_pass_values() {
        for v in ["900101300811", "900101300823"] {
            assert!(Iin::parse(v).is_ok(), "{v}");
            assert_eq!(
                first_pass(&digits(&v[..11])),
                10,
                "{v} must need the second pass"
            );
        }
    }

    #[test]
    fn both_passes_ten_is_uncheckable() {
        assert_eq!(Iin::parse("821214240092"), Err(IinError::Uncheckable));
        assert!(!is_valid_iin("821214240092"));
        // Whatever the last digit, it stays uncheckable.
        assert_eq!(Iin::parse("821214240090"), Err(IinError::Uncheckable));
    }

    #[test]
    fn empty_and_blank() {
        assert_eq!(Iin::parse(""), Err(IinError::Empty));
        assert_eq!(Iin::parse("  \t "), Err(IinError::Empty));
    }

    #[test]
    fn wrong_lengths_report_the_digit_count() {
        assert_eq!(
            Iin::parse("90010130000"),
            Err(IinError::WrongLength { len: 11 })
        );
        assert_eq!(
            Iin::parse("9001013000070"),
            Err(IinError::WrongLength { len: 13 })
        );
        assert_eq!(Bin::parse("1"), Err(IinError::WrongLength { len: 1 }));
    }

    #[test]
    fn letters_and_inner_spaces_are_not_digits() {
        assert_eq!(Iin::parse("90010130000a"), Err(IinError::NotDigits));
        assert_eq!(Iin::parse("9001 01300007"), Err(IinError::NotDigits));
        assert_eq!(Iin::parse("900101-300007"), Err(IinError::NotDigits));
        // Non-ASCII digits are not accepted either (Arabic-Indic one).
        assert_eq!(Iin::parse("90010130000\u{0661}"), Err(IinError::NotDigits));
        // Letters win over length: the message should point at the letter.
        assert_eq!(Iin::parse("abc"), Err(IinError::NotDigits));
    }

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        let iin = Iin::parse("\t 061211600012 \n").unwrap();
        assert_eq!(iin.as_str(), "061211600012");
    }

    #[test]
    fn bad_check_digit() {
        assert_eq!(Iin::parse("061211600013"), Err(IinError::CheckDigit));
        assert_eq!(Iin::parse("900101300812"), Err(IinError::CheckDigit));
    }

    #[test]
    fn conversions() {
        let iin: Iin = "800416100254".parse().unwrap();
        assert_eq!(iin.to_string(), "800416100254");
        assert_eq!(String::from(iin.clone()), "800416100254");
        assert_eq!(Iin::try_from("x".to_owned()), Err(IinError::NotDigits));
        assert_eq!(serde_json::to_string(&iin).unwrap(), "\"800416100254\"");
        assert_eq!(
            serde_json::from_str::<Iin>("\"800416100254\"").unwrap(),
            iin
        );
        assert!(serde_json::from_str::<Iin>("\"800416100255\"").is_err());
    }

    #[test]
    fn error_messages_are_readable() {
        assert_eq!(
            IinError::WrongLength { len: 11 }.to_string(),
            "the IIN/BIN must have 12 digits, found 11"
        );
    }

    fn digits(s: &str) -> Vec<u32> {
        s.bytes().map(|b| u32::from(b - b'0')).collect()
    }

    fn first_pass(d: &[u32]) -> u32 {
        d.iter().zip(1..).map(|(d, w)| d * w).sum::<u32>() % 11
    }
}
