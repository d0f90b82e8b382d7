//! IBAN (ИИК / ЖСК) of a Kazakh bank account: `KZ` + 2 check digits + 3-digit bank code +
//! 13 alphanumerics, 20 characters, ISO 13616 mod-97 checksum. Hand-rolled rather than
//! `iban_validate`: only Kazakhstan matters here and the rules fit in a few lines, which keeps
//! the per-country tables out of the wasm bundle.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::banks;

/// Length of a Kazakh IBAN.
pub const IBAN_LEN: usize = 20;

/// Why a string is not an acceptable Kazakh IBAN. The UI translates by variant: keep them
/// stable. [`Iban::parse`] reports the first failing rule, in this order: `Empty`,
/// `InvalidCharacters`, `NotKazakh`, `WrongLength`, `Checksum`, `BankCode`.
/// `BankMismatch` comes only from [`Iban::check_bank`].
///
/// ```
/// use zeinet_domain::{Iban, IbanError};
/// assert_eq!(Iban::parse("KZ397225000000680371"), Err(IbanError::Checksum));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IbanError {
    /// Nothing but whitespace was given.
    #[error("the IBAN is empty")]
    Empty,
    /// A character other than a Latin letter or a digit (spaces are allowed and dropped).
    #[error("the IBAN may contain only Latin letters and digits")]
    InvalidCharacters,
    /// Not 20 characters once spaces are dropped; `len` is how many there are.
    #[error("a Kazakh IBAN has 20 characters, found {len}")]
    WrongLength {
        /// The number of characters given, spaces excluded.
        len: usize,
    },
    /// Does not start with `KZ`. Checked before the length, so that a foreign IBAN
    /// (e.g. a 22-character German one) is reported as foreign rather than as too long.
    #[error("the IBAN is not a Kazakh one (it must start with KZ)")]
    NotKazakh,
    /// The ISO 13616 mod-97 check fails (a typo, or a placeholder such as the memo's
    /// `KZ397225000000680371`); also when the check digits are not digits, or are `00`,
    /// `01` or `99`: ISO 7064 MOD 97-10 only ever computes `02`..=`98`.
    #[error("the IBAN check digits do not match (mod 97)")]
    Checksum,
    /// Characters 5–7 are not a 3-digit bank code, although the checksum holds.
    #[error("characters 5-7 of a Kazakh IBAN must be the 3-digit bank code")]
    BankCode,
    /// The IBAN's bank code belongs to another bank than the one chosen (by BIC).
    #[error("the IBAN belongs to a different bank than the chosen BIC")]
    BankMismatch,
}

/// A valid Kazakh IBAN, normalised: upper case, no spaces.
///
/// ```
/// use zeinet_domain::Iban;
/// let iban = Iban::parse("kz86 125k zt50 0410 0100").unwrap();
/// assert_eq!(iban.as_str(), "KZ86125KZT5004100100");
/// assert_eq!(iban.bank_code(), "125");
/// assert_eq!(iban.grouped(), "KZ86 125K ZT50 0410 0100");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iban(String);

/// What a bank directory says about an IBAN and a BIC; see [`Iban::bank_match`].
///
/// ```
/// use zeinet_domain::{banks, BankMatch, Iban};
/// let iban = Iban::parse("KZ86125KZT5004100100").unwrap();
/// assert_eq!(iban.bank_match("NBRKKZKX", banks::entries()), BankMatch::Matches);
/// assert_eq!(iban.bank_match("CASPKZKA", banks::entries()), BankMatch::Mismatch);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BankMatch {
    /// The directory lists the IBAN's bank code under this BIC.
    Matches,
    /// The directory lists the IBAN's bank code, but only under other BICs.
    Mismatch,
    /// The directory does not list the IBAN's bank code: it cannot tell (the fallback table
    /// is incomplete on purpose; the backend's verification decides).
    Unknown,
}

impl Iban {
    /// Validates and normalises an IBAN as people type it: lower case and spaces (any
    /// whitespace, including no-break spaces from copy-paste) are accepted.
    ///
    /// ```
    /// use zeinet_domain::{Iban, IbanError};
    /// assert!(Iban::parse("KZ86125KZT5004100100").is_ok());
    /// assert_eq!(Iban::parse("KZ86125KZT500410010"), Err(IbanError::WrongLength { len: 19 }));
    /// assert_eq!(Iban::parse("DE89370400440532013000"), Err(IbanError::NotKazakh));
    /// assert_eq!(Iban::parse("KZ86-125"), Err(IbanError::InvalidCharacters));
    /// ```
    pub fn parse(input: &str) -> Result<Iban, IbanError> {
        let s = normalise(input);
        if s.is_empty() {
            return Err(IbanError::Empty);
        }
        if !s
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return Err(IbanError::InvalidCharacters);
        }
        // Compare only the characters present, so a lone "K" is "too short", not "foreign".
        let prefix = &s[..s.len().min(2)];
        if !"KZ".starts_with(prefix) {
            return Err(IbanError::NotKazakh);
        }
        if s.len() != IBAN_LEN {
            return Err(IbanError::WrongLength { len: s.len() });
        }
        // ISO 13616 check digits are digits; letters there would still "compute", so refuse.
        // They are 98 minus a remainder mod 97, so 02..=98: "00", "01" and "99" (equal to
        // 97, 98 and 02 mod 97) pass the mod-97 test but are never issued.
        if !s[2..4].bytes().all(|b| b.is_ascii_digit())
            || !("02"..="98").contains(&&s[2..4])
            || mod97(&s) != 1
        {
            return Err(IbanError::Checksum);
        }
        if !s[4..7].bytes().all(|b| b.is_ascii_digit()) {
            return Err(IbanError::BankCode);
        }
        Ok(Iban(s))
    }

    /// Builds the IBAN for a Kazakh BBAN (the 16 characters after `KZkk`: bank code and
    /// account), computing the check digits. Handy for fixtures and the mock backend.
    ///
    /// ```
    /// use zeinet_domain::Iban;
    /// let iban = Iban::with_check_digits("125KZT5004100100").unwrap();
    /// assert_eq!(iban.as_str(), "KZ86125KZT5004100100");
    /// ```
    pub fn with_check_digits(bban: &str) -> Result<Iban, IbanError> {
        let bban = normalise(bban);
        if bban.is_empty() {
            return Err(IbanError::Empty);
        }
        if !bban
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return Err(IbanError::InvalidCharacters);
        }
        if bban.len() != IBAN_LEN - 4 {
            return Err(IbanError::WrongLength {
                len: bban.len() + 4,
            });
        }
        let check = 98 - mod97(&format!("KZ00{bban}"));
        Iban::parse(&format!("KZ{check:02}{bban}"))
    }

    /// The normalised 20 characters.
    ///
    /// ```
    /// let iban = zeinet_domain::Iban::parse("kz86125kzt5004100100").unwrap();
    /// assert_eq!(iban.as_str(), "KZ86125KZT5004100100");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 3-digit bank code (characters 5–7), the key of the bank directory.
    ///
    /// ```
    /// let iban = zeinet_domain::Iban::parse("KZ86125KZT5004100100").unwrap();
    /// assert_eq!(iban.bank_code(), "125");
    /// ```
    pub fn bank_code(&self) -> &str {
        &self.0[4..7]
    }

    /// The IBAN in groups of four, the way it is printed and read aloud.
    ///
    /// ```
    /// let iban = zeinet_domain::Iban::parse("KZ86125KZT5004100100").unwrap();
    /// assert_eq!(iban.grouped(), "KZ86 125K ZT50 0410 0100");
    /// ```
    pub fn grouped(&self) -> String {
        group_in_fours(&self.0)
    }

    /// Whether the bank chosen by `bic` owns this IBAN's bank code, according to `directory`:
    /// `(bank code, BIC)` pairs. Pass the backend's directory when it has arrived (it wins),
    /// and [`banks::entries`] as the fallback. Several pairs may share a BIC (a bank that
    /// absorbed another keeps both codes); BICs compare as in [`banks::same_bic`].
    ///
    /// ```
    /// use zeinet_domain::{BankMatch, Iban};
    /// let iban = Iban::parse("KZ86125KZT5004100100").unwrap();
    /// // A directory from the backend, e.g. rows of (code, bic) strings.
    /// let rows = vec![("125".to_string(), "NBRKKZKX".to_string())];
    /// let dir = rows.iter().map(|(c, b)| (c.as_str(), b.as_str()));
    /// assert_eq!(iban.bank_match("NBRKKZKX", dir), BankMatch::Matches);
    /// ```
    pub fn bank_match<'d, I>(&self, bic: &str, directory: I) -> BankMatch
    where
        I: IntoIterator<Item = (&'d str, &'d str)>,
    {
        let code = self.bank_code();
        let mut listed = false;
        for (entry_code, entry_bic) in directory {
            if entry_code.trim() == code {
                if banks::same_bic(entry_bic, bic) {
                    return BankMatch::Matches;
                }
                listed = true;
            }
        }
        if listed {
            BankMatch::Mismatch
        } else {
            BankMatch::Unknown
        }
    }

    /// [`Iban::bank_match`] as a validation step: only a definite mismatch is an error, so an
    /// IBAN of a bank missing from the fallback table is not blocked on the client.
    ///
    /// ```
    /// use zeinet_domain::{banks, Iban, IbanError};
    /// let iban = Iban::with_check_digits("7220000000000001").unwrap(); // a Kaspi account
    /// assert_eq!(iban.check_bank("CASPKZKA", banks::entries()), Ok(()));
    /// assert_eq!(iban.check_bank("HSBKKZKX", banks::entries()), Err(IbanError::BankMismatch));
    /// ```
    pub fn check_bank<'d, I>(&self, bic: &str, directory: I) -> Result<(), IbanError>
    where
        I: IntoIterator<Item = (&'d str, &'d str)>,
    {
        match self.bank_match(bic, directory) {
            BankMatch::Mismatch => Err(IbanError::BankMismatch),
            BankMatch::Matches | BankMatch::Unknown => Ok(()),
        }
    }
}

/// Drops all whitespace (spaces, tabs, no-break spaces) and upper-cases ASCII letters. Other
/// characters are kept so validation can point at them. Works on partial input.
///
/// ```
/// assert_eq!(zeinet_domain::iban::normalise(" kz86 125k\u{a0}zt "), "KZ86125KZT");
/// ```
pub fn normalise(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Normalises (see [`normalise`]) and splits into groups of four, for an input field that
/// reformats as the user types; partial input is fine.
///
/// ```
/// use zeinet_domain::iban::group_in_fours;
/// assert_eq!(group_in_fours("kz86125k"), "KZ86 125K");
/// assert_eq!(group_in_fours("KZ861"), "KZ86 1");
/// assert_eq!(group_in_fours(""), "");
/// ```
pub fn group_in_fours(input: &str) -> String {
    let s = normalise(input);
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// ISO 13616 remainder: the first 4 characters moved to the end, A=10 … Z=35, mod 97.
/// Computed digit by digit, so no big integers are needed. Expects A–Z and 0–9 only.
fn mod97(s: &str) -> u32 {
    let (head, tail) = s.split_at(4.min(s.len()));
    tail.bytes().chain(head.bytes()).fold(0u32, |rem, b| {
        if b.is_ascii_digit() {
            (rem * 10 + u32::from(b - b'0')) % 97
        } else {
            (rem * 100 + u32::from(b - b'A') + 10) % 97
        }
    })
}

impl fmt::Display for Iban {
    /// The compact form (`KZ86125KZT5004100100`); use [`Iban::grouped`] for people.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Iban {
    type Err = IbanError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Iban::parse(s)
    }
}

impl TryFrom<String> for Iban {
    type Error = IbanError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Iban::parse(&s)
    }
}

impl From<Iban> for String {
    fn from(iban: Iban) -> String {
        iban.0
    }
}

impl AsRef<str> for Iban {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SWIFT_EXAMPLE: &str = "KZ86125KZT5004100100";

    /// Computes the check digits the long way (a big number as a decimal string, reduced by
    /// schoolbook division), independent of `mod97` and `with_check_digits`.
    fn make_kz_iban(bban: &str) -> String {
        let rearranged = format!("{bban}KZ00");
        let digits: String = rearranged
            .chars()
            .map(|c| c.to_digit(36).unwrap().to_string())
            .collect();
        let mut rem: u64 = 0;
        for chunk in digits.as_bytes().chunks(9) {
            let part: u64 = core::str::from_utf8(chunk).unwrap().parse().unwrap();
            rem = (rem * 10u64.pow(chunk.len() as u32) + part) % 97;
        }
        format!("KZ{:02}{bban}", 98 - rem)
    }

    #[test]
    fn swift_example_passes() {
        let iban = Iban::parse(SWIFT_EXAMPLE).unwrap();
        assert_eq!(iban.as_str(), SWIFT_EXAMPLE);
        assert_eq!(iban.bank_code(), "125");
        assert_eq!(iban.grouped(), "KZ86 125K ZT50 0410 0100");
        assert_eq!(iban.to_string(), SWIFT_EXAMPLE);
    }

    #[test]
    fn helper_agrees_with_the_swift_example() {
        assert_eq!(make_kz_iban("125KZT5004100100"), SWIFT_EXAMPLE);
    }

    #[test]
    fn memo_placeholder_fails_the_checksum() {
        assert_eq!(
            Iban::parse("KZ397225000000680371"),
            Err(IbanError::Checksum)
        );
    }

    #[test]
    fn generated_kaspi_and_halyk_ibans_pass() {
        for bban in [
            "722S000012345678",
            "7220000000680371",
            "601A861000123456",
            "6010000000000042",
        ] {
            let text = make_kz_iban(bban);
            let iban = Iban::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(iban.bank_code(), &bban[..3]);
            assert_eq!(Iban::with_check_digits(bban).unwrap(), iban);
        }
    }

    #[test]
    fn wrong_lengths() {
        assert_eq!(
            Iban::parse(&SWIFT_EXAMPLE[..19]),
            Err(IbanError::WrongLength { len: 19 })
        );
        assert_eq!(
            Iban::parse(&format!("{SWIFT_EXAMPLE}0")),
            Err(IbanError::WrongLength { len: 21 })
        );
        assert_eq!(Iban::parse("K"), Err(IbanError::WrongLength { len: 1 }));
        assert_eq!(Iban::parse("kz"), Err(IbanError::WrongLength { len: 2 }));
    }

    #[test]
    fn other_country_is_not_kazakh() {
        // A valid German IBAN (the standard example): foreign, whatever its length.
        assert_eq!(
            Iban::parse("DE89370400440532013000"),
            Err(IbanError::NotKazakh)
        );
        assert_eq!(Iban::parse("DE89 3704"), Err(IbanError::NotKazakh));
        // 20 digits without a country.
        assert_eq!(
            Iban::parse("12345678901234567890"),
            Err(IbanError::NotKazakh)
        );
        assert_eq!(Iban::parse("X"), Err(IbanError::NotKazakh));
    }

    #[test]
    fn lower_case_and_spaces_are_accepted() {
        let iban = Iban::parse("  kz86 125k zt50 0410 0100 ").unwrap();
        assert_eq!(iban.as_str(), SWIFT_EXAMPLE);
        let iban = Iban::parse("KZ86\u{a0}125K\tZT50 0410 0100").unwrap();
        assert_eq!(iban.as_str(), SWIFT_EXAMPLE);
    }

    #[test]
    fn empty_and_invalid_characters() {
        assert_eq!(Iban::parse(""), Err(IbanError::Empty));
        assert_eq!(Iban::parse("   "), Err(IbanError::Empty));
        assert_eq!(
            Iban::parse("KZ86-125K-ZT50-0410-0100"),
            Err(IbanError::InvalidCharacters)
        );
        assert_eq!(
            Iban::parse("КZ86125KZT5004100100"),
            Err(IbanError::InvalidCharacters)
        ); // Cyrillic К
        assert_eq!(
            Iban::parse("KZ86125KZT500410010ß"),
            Err(IbanError::InvalidCharacters)
        );
    }

    #[test]
    fn bad_checksum() {
        assert_eq!(
            Iban::parse("KZ87125KZT5004100100"),
            Err(IbanError::Checksum)
        );
        // One transposition in the account part.
        assert_eq!(
            Iban::parse("KZ86125KZT5004101000"),
            Err(IbanError::Checksum)
        );
        // Letters in the check digit positions never pass.
        assert_eq!(
            Iban::parse("KZAB125KZT5004100100"),
            Err(IbanError::Checksum)
        );
    }

    /// Found by `cargo fuzz run iban` (BBAN `125KZT2502050050`): `KZ99125KZT2502050050`
    /// passes mod 97 like the real `KZ02125KZT2502050050`, and parse accepted it, so one
    /// account had two spellings.
    #[test]
    fn check_digits_00_01_99_are_refused() {
        let real = Iban::with_check_digits("125KZT2502050050").unwrap();
        assert_eq!(real.as_str(), "KZ02125KZT2502050050");
        assert_eq!(
            Iban::parse("KZ99125KZT2502050050"),
            Err(IbanError::Checksum)
        );
        // The other two twins: check digits 97 and 98 pass, 00 and 01 (equal mod 97) do not.
        for (bban, check, twin) in [
            ("1250000000000094", "97", "00"),
            ("1250000000000076", "98", "01"),
        ] {
            let iban = Iban::with_check_digits(bban).unwrap();
            assert_eq!(iban.as_str(), format!("KZ{check}{bban}"));
            assert_eq!(
                Iban::parse(&format!("KZ{twin}{bban}")),
                Err(IbanError::Checksum),
                "KZ{twin}{bban}"
            );
        }
    }

    #[test]
    fn bank_code_must_be_digits() {
        let text = make_kz_iban("A25KZT5004100100");
        assert_eq!(Iban::parse(&text), Err(IbanError::BankCode));
        assert_eq!(
            Iban::with_check_digits("A25KZT5004100100"),
            Err(IbanError::BankCode)
        );
    }

    #[test]
    fn with_check_digits_errors() {
        assert_eq!(Iban::with_check_digits(" "), Err(IbanError::Empty));
        assert_eq!(
            Iban::with_check_digits("125"),
            Err(IbanError::WrongLength { len: 7 })
        );
        assert_eq!(
            Iban::with_check_digits("125-KZT"),
            Err(IbanError::InvalidCharacters)
        );
        // Normalises like parse does.
        assert_eq!(
            Iban::with_check_digits("125k zt50 0410 0100")
                .unwrap()
                .as_str(),
            SWIFT_EXAMPLE
        );
    }

    #[test]
    fn bank_match_against_fallback_directory() {
        let kaspi = Iban::parse(&make_kz_iban("7220000000680371")).unwrap();
        assert_eq!(
            kaspi.bank_match("CASPKZKA", banks::entries()),
            BankMatch::Matches
        );
        assert_eq!(
            kaspi.bank_match("caspkzkaXXX", banks::entries()),
            BankMatch::Matches
        );
        assert_eq!(
            kaspi.bank_match("HSBKKZKX", banks::entries()),
            BankMatch::Mismatch
        );
        assert_eq!(
            kaspi.check_bank("HSBKKZKX", banks::entries()),
            Err(IbanError::BankMismatch)
        );
        assert_eq!(kaspi.check_bank("CASPKZKA", banks::entries()), Ok(()));

        let halyk = Iban::with_check_digits("601A861000123456").unwrap();
        assert_eq!(halyk.check_bank("HSBKKZKX", banks::entries()), Ok(()));
        assert_eq!(
            halyk.check_bank("CASPKZKA", banks::entries()),
            Err(IbanError::BankMismatch)
        );
    }

    #[test]
    fn unknown_bank_code_is_not_blocked() {
        let iban = Iban::with_check_digits("1110000000000001").unwrap();
        assert_eq!(
            iban.bank_match("CASPKZKA", banks::entries()),
            BankMatch::Unknown
        );
        assert_eq!(iban.check_bank("CASPKZKA", banks::entries()), Ok(()));
    }

    #[test]
    fn backend_directory_wins_and_may_map_several_codes_to_one_bic() {
        // Say Halyk also serves an absorbed bank's old code 926.
        let rows: Vec<(String, String)> = vec![
            ("601".into(), "HSBKKZKX".into()),
            ("926".into(), "HSBKKZKX".into()),
            ("722".into(), "CASPKZKA".into()),
        ];
        let dir = || rows.iter().map(|(c, b)| (c.as_str(), b.as_str()));
        let old = Iban::with_check_digits("9260000000000001").unwrap();
        assert_eq!(old.bank_match("HSBKKZKX", dir()), BankMatch::Matches);
        assert_eq!(old.bank_match("CASPKZKA", dir()), BankMatch::Mismatch);
        // The fallback table does not know 926: it cannot tell.
        assert_eq!(
            old.bank_match("HSBKKZKX", banks::entries()),
            BankMatch::Unknown
        );
    }

    #[test]
    fn typing_helpers() {
        assert_eq!(normalise("kz 86\u{202f}1"), "KZ861");
        assert_eq!(
            group_in_fours("kz86125kzt5004100100"),
            "KZ86 125K ZT50 0410 0100"
        );
        assert_eq!(group_in_fours("KZ86 125"), "KZ86 125");
        assert_eq!(group_in_fours("KZ8"), "KZ8");
        // Bad characters stay visible so the field can point at them.
        assert_eq!(group_in_fours("kz86-1"), "KZ86 -1");
    }

    #[test]
    fn serde_validates() {
        let iban = Iban::parse(SWIFT_EXAMPLE).unwrap();
        assert_eq!(
            serde_json::to_string(&iban).unwrap(),
            format!("\"{SWIFT_EXAMPLE}\"")
        );
        assert_eq!(
            serde_json::from_str::<Iban>("\"kz86 125k zt50 0410 0100\"").unwrap(),
            iban
        );
        assert!(serde_json::from_str::<Iban>("\"KZ397225000000680371\"").is_err());
    }
}
