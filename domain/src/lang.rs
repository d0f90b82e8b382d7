//! The interface language. The domain uses it only to pick a formatting convention
//! (decimal comma or point, where the currency sign goes); the UI owns the translations.

use serde::{Deserialize, Serialize};

/// A cabinet language. Kazakh is the default because the fund's own memos are in Kazakh.
///
/// ```
/// use zeinet_domain::Lang;
/// assert_eq!(Lang::default(), Lang::Kk);
/// assert_eq!(Lang::Ru.code(), "ru");
/// assert_eq!(Lang::from_code("EN"), Some(Lang::En));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Kazakh (`kk`).
    #[default]
    Kk,
    /// Russian (`ru`).
    Ru,
    /// English (`en`).
    En,
}

impl Lang {
    /// Every language, in the order the language switch shows them.
    ///
    /// ```
    /// assert_eq!(zeinet_domain::Lang::ALL.len(), 3);
    /// ```
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    /// The ISO 639-1 code: `"kk"`, `"ru"` or `"en"`.
    ///
    /// ```
    /// assert_eq!(zeinet_domain::Lang::Kk.code(), "kk");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// A whole number with its thousands grouped as the language writes them: `10 000` in
    /// Kazakh and Russian (a no-break space, so that a count never breaks across lines),
    /// `10,000` in English.
    ///
    /// ```
    /// use zeinet_domain::Lang;
    /// assert_eq!(Lang::Kk.group_digits(10_000), "10\u{a0}000");
    /// assert_eq!(Lang::En.group_digits(1_234_567), "1,234,567");
    /// assert_eq!(Lang::Ru.group_digits(999), "999");
    /// ```
    pub fn group_digits(self, n: u64) -> String {
        let separator = match self {
            Lang::En => ',',
            Lang::Kk | Lang::Ru => crate::money::GROUP_SEP,
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() * 2);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(c);
        }
        out
    }

    /// Reads a language code, case-insensitively.
    ///
    /// Also takes a BCP 47 tag such as a browser's `"ru-RU"` (only the primary subtag counts)
    /// and `"kz"`, because the memo's language switch labels Kazakh "KZ" and people type that.
    ///
    /// ```
    /// use zeinet_domain::Lang;
    /// assert_eq!(Lang::from_code("kk"), Some(Lang::Kk));
    /// assert_eq!(Lang::from_code("KZ"), Some(Lang::Kk));
    /// assert_eq!(Lang::from_code("ru-RU"), Some(Lang::Ru));
    /// assert_eq!(Lang::from_code("de"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "kk" | "kz" => Some(Lang::Kk),
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_kazakh() {
        assert_eq!(Lang::default(), Lang::Kk);
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
    }

    #[test]
    fn from_code_is_lenient_about_case_and_region() {
        assert_eq!(Lang::from_code(" RU "), Some(Lang::Ru));
        assert_eq!(Lang::from_code("en_GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("kk-KZ"), Some(Lang::Kk));
        assert_eq!(Lang::from_code("kz"), Some(Lang::Kk));
    }

    #[test]
    fn counts_are_grouped_in_threes_from_the_right() {
        assert_eq!(Lang::Kk.group_digits(0), "0");
        assert_eq!(Lang::Kk.group_digits(1_000), "1\u{a0}000");
        assert_eq!(Lang::Ru.group_digits(10_000), "10\u{a0}000");
        assert_eq!(Lang::En.group_digits(10_000), "10,000");
        assert_eq!(Lang::En.group_digits(100_000), "100,000");
        assert_eq!(
            Lang::En.group_digits(u64::MAX),
            "18,446,744,073,709,551,615"
        );
    }

    #[test]
    fn from_code_rejects_unknown() {
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::from_code("kkk"), None);
    }

    #[test]
    fn serde_uses_the_code() {
        assert_eq!(serde_json::to_string(&Lang::Ru).unwrap(), "\"ru\"");
        assert_eq!(serde_json::from_str::<Lang>("\"kk\"").unwrap(), Lang::Kk);
    }
}
