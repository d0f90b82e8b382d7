//! The fallback bank directory: IBAN bank code (characters 5–7) → BIC → name.
//!
//! The real directory is backend data and changes (banks merge, rename, get new codes), so the
//! backend's answer always wins. This table only gives instant feedback while the backend's
//! directory is loading or unreachable; it comes from the project's reference notes.

/// One bank of the fallback directory.
///
/// ```
/// use zeinet_domain::banks;
/// let kaspi = banks::by_code("722").unwrap();
/// assert_eq!(kaspi.bic, "CASPKZKA");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KnownBank {
    /// The 3-digit bank code found in IBAN characters 5–7.
    pub code: &'static str,
    /// The 8-character BIC (SWIFT code, БСК / БИК).
    pub bic: &'static str,
    /// The bank's official name as the memos print it.
    pub name: &'static str,
}

impl KnownBank {
    /// The `(code, bic)` pair that [`crate::Iban::bank_match`] takes as a directory entry.
    ///
    /// ```
    /// let halyk = zeinet_domain::banks::by_code("601").unwrap();
    /// assert_eq!(halyk.entry(), ("601", "HSBKKZKX"));
    /// ```
    pub const fn entry(&self) -> (&'static str, &'static str) {
        (self.code, self.bic)
    }
}

/// The fallback table, in the reference's order.
///
/// ```
/// assert!(zeinet_domain::banks::KNOWN_BANKS.iter().all(|b| b.code.len() == 3));
/// ```
pub static KNOWN_BANKS: &[KnownBank] = &[
    bank("601", "HSBKKZKX", r#"АО "Народный Банк Казахстана""#),
    bank("722", "CASPKZKA", r#"АО "KASPI BANK""#),
    bank("856", "KCJBKZKX", r#"АО "Банк ЦентрКредит""#),
    bank("965", "IRTYKZKA", r#"АО "ForteBank""#),
    bank("998", "TSESKZKA", r#"АО "Alatau City Bank""#),
    bank("551", "KSNVKZKA", r#"АО "Фридом Банк Казахстан""#),
    bank("914", "BRKEKZKA", r#"АО "Bereke Bank""#),
    bank("948", "EURIKZKA", r#"АО "Евразийский Банк""#),
    bank("886", "INLMKZKA", r#"АО "Home Credit Bank""#),
    bank("821", "KINCKZKA", r#"АО "Bank RBK""#),
    bank("949", "ATYNKZKA", r#"АО "Altyn Bank""#),
    bank("849", "NURSKZKX", r#"АО "Нурбанк""#),
    bank("972", "HCSKKZKA", r#"АО "Отбасы банк""#),
    bank("913", "BKCHKZKA", r#"АО ДБ "Банк Китая в Казахстане""#),
    bank("435", "SHBKKZKA", r#"АО "Шинхан Банк Казахстан""#),
    bank("832", "CITIKZKA", r#"АО "Ситибанк Казахстан""#),
    bank("563", "KPSTKZKA", r#"АО "КАЗПОЧТА""#),
    bank("125", "NBRKKZKX", "Национальный Банк РК"),
];

const fn bank(code: &'static str, bic: &'static str, name: &'static str) -> KnownBank {
    KnownBank { code, bic, name }
}

/// The fallback bank owning IBAN bank code `code` (surrounding whitespace ignored).
///
/// ```
/// use zeinet_domain::banks;
/// assert_eq!(banks::by_code("125").unwrap().bic, "NBRKKZKX");
/// assert!(banks::by_code("000").is_none());
/// ```
pub fn by_code(code: &str) -> Option<&'static KnownBank> {
    let code = code.trim();
    KNOWN_BANKS.iter().find(|b| b.code == code)
}

/// The fallback bank with this BIC; see [`same_bic`] for how BICs compare.
///
/// ```
/// use zeinet_domain::banks;
/// assert_eq!(banks::by_bic("caspkzka").unwrap().code, "722");
/// assert_eq!(banks::by_bic("CASPKZKAXXX").unwrap().code, "722");
/// ```
pub fn by_bic(bic: &str) -> Option<&'static KnownBank> {
    KNOWN_BANKS.iter().find(|b| same_bic(b.bic, bic))
}

/// The `(code, bic)` pairs of the fallback table, ready for [`crate::Iban::bank_match`].
///
/// ```
/// use zeinet_domain::{banks, Iban};
/// let iban = Iban::parse("KZ86125KZT5004100100").unwrap();
/// assert!(iban.check_bank("NBRKKZKX", banks::entries()).is_ok());
/// ```
pub fn entries() -> impl Iterator<Item = (&'static str, &'static str)> + Clone {
    KNOWN_BANKS.iter().map(KnownBank::entry)
}

/// Whether two BICs name the same institution: case-insensitive, whitespace-trimmed, and an
/// 11-character BIC compares by its first 8 characters, because the last 3 only name a branch
/// (`CASPKZKAXXX` is the head office of `CASPKZKA`).
///
/// ```
/// use zeinet_domain::banks::same_bic;
/// assert!(same_bic("HSBKKZKX", " hsbkkzkxXXX "));
/// assert!(!same_bic("HSBKKZKX", "CASPKZKA"));
/// assert!(!same_bic("", ""));
/// ```
pub fn same_bic(a: &str, b: &str) -> bool {
    let (a, b) = (institution(a), institution(b));
    !a.is_empty() && a.eq_ignore_ascii_case(b)
}

/// The institution part of a BIC (its first 8 characters when it has 11).
fn institution(bic: &str) -> &str {
    let bic = bic.trim();
    if bic.len() == 11 && bic.is_ascii() {
        &bic[..8]
    } else {
        bic
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_well_formed() {
        for (i, b) in KNOWN_BANKS.iter().enumerate() {
            assert!(
                b.code.len() == 3 && b.code.bytes().all(|c| c.is_ascii_digit()),
                "{b:?}"
            );
            assert!(b.bic.len() == 8 && &b.bic[4..6] == "KZ", "{b:?}");
            assert!(!b.name.is_empty());
            // Codes and BICs are unique, so the lookups are unambiguous.
            for other in &KNOWN_BANKS[i + 1..] {
                assert_ne!(b.code, other.code);
                assert_ne!(b.bic, other.bic);
            }
        }
        assert_eq!(KNOWN_BANKS.len(), 18);
    }

    #[test]
    fn lookups() {
        assert_eq!(by_code("722").unwrap().name, r#"АО "KASPI BANK""#);
        assert_eq!(by_code(" 601 ").unwrap().bic, "HSBKKZKX");
        assert_eq!(by_bic("KCJBKZKX").unwrap().code, "856");
        assert_eq!(by_bic("otbasy"), None);
        assert_eq!(by_code("72"), None);
        assert_eq!(by_bic(""), None);
    }

    #[test]
    fn otbasy_is_in_the_table() {
        // The memo's example payment came through JSC "Otbasy bank".
        assert_eq!(by_bic("HCSKKZKA").unwrap().code, "972");
    }

    #[test]
    fn entries_cover_the_table() {
        assert_eq!(entries().count(), KNOWN_BANKS.len());
        assert!(entries().any(|e| e == ("722", "CASPKZKA")));
    }
}
