//! Display of backend values (dates, instants, money) in the person's language, through the
//! domain's rules. A value that does not parse is shown as the backend sent it, never dropped.
use crate::i18n::Locale;
use zeinet_domain::{
    dates::{Date, DateTime},
    money::Tiyn,
};

/// `2021-02-18` → `18.02.2021`. In every language, English included: it is the fund's own
/// format, the one on its letters and statements.
pub fn date(iso: &str) -> String {
    Date::parse(iso)
        .map(|d| d.format())
        .unwrap_or_else(|_| iso.to_owned())
}

/// `2021-02-18T12:26:02+06:00` → `18.02.2021 12:26:02` (Almaty time).
pub fn instant(rfc3339: &str) -> String {
    DateTime::parse(rfc3339)
        .map(|d| d.format())
        .unwrap_or_else(|_| rfc3339.to_owned())
}

/// A time left in whole seconds as a countdown shows it: `42` → `0:42`, `125` → `2:05`.
pub fn countdown(seconds: i64) -> String {
    let seconds = seconds.max(0);
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// `1250000` tiyn → `12 500,00 ₸` (kk, ru) or `₸12,500.00` (en).
pub fn money(tiyn: i64, locale: Locale) -> String {
    Tiyn(tiyn).format(crate::locale::lang(locale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns() {
        assert_eq!(countdown(42), "0:42");
        assert_eq!(countdown(60), "1:00");
        assert_eq!(countdown(125), "2:05");
        assert_eq!(countdown(-3), "0:00");
    }
}
