//! Money in tenge, kept as integer tiyn (1 ₸ = 100 tiyn) end to end: floats cannot hold
//! 0.1 exactly, and a pension cabinet must never show 499,99 for 500.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// Thousands separator for kk and ru: U+00A0 NO-BREAK SPACE. It is CLDR's grouping symbol
/// for both locales (so our amounts look like the browser's `Intl.NumberFormat` output and the
/// backend's), it never wraps, and every font has it; U+202F, typographically thinner, is
/// missing from some older Windows fonts and would show as a box.
///
/// ```
/// use zeinet_domain::{money::GROUP_SEP, Lang, Tiyn};
/// assert_eq!(Tiyn::from_tenge(12_500).format(Lang::Ru), format!("12{GROUP_SEP}500,00{GROUP_SEP}₸"));
/// ```
pub const GROUP_SEP: char = '\u{a0}';

/// The tenge sign.
///
/// ```
/// assert_eq!(zeinet_domain::money::TENGE_SIGN, '₸');
/// ```
pub const TENGE_SIGN: char = '₸';

/// Why a string is not an amount. The UI translates by variant: keep them stable.
///
/// ```
/// use zeinet_domain::{MoneyError, Tiyn};
/// assert_eq!(Tiyn::parse("1,005"), Ok(Tiyn::from_tenge(1005)));
/// assert_eq!(Tiyn::parse("1.0055"), Err(MoneyError::TooManyDecimals));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Nothing but whitespace (or a lone ₸) was given.
    #[error("the amount is empty")]
    Empty,
    /// Something other than digits, `,`, `.`, spaces, a leading minus and the ₸ sign.
    #[error("the amount may contain only digits, separators and the tenge sign")]
    InvalidCharacters,
    /// Separators in impossible places: `500,`, `,5`, `1,2,3`, mixed group separators, a
    /// lone minus.
    #[error("the amount is not a well-formed number")]
    Malformed,
    /// More than two digits after the decimal separator: tenge have 100 tiyn.
    #[error("the amount has more than two decimal places")]
    TooManyDecimals,
    /// Does not fit in 64-bit tiyn (about 92 quadrillion tenge).
    #[error("the amount is too large")]
    Overflow,
}

/// An amount of money in tiyn (hundredths of a tenge); may be negative.
///
/// ```
/// use zeinet_domain::{Lang, Tiyn};
/// let refund = Tiyn::from_tenge(500);
/// assert_eq!(refund, Tiyn(50_000));
/// assert_eq!(refund.format(Lang::En), "₸500.00");
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Tiyn(pub i64);

impl Tiyn {
    /// Nothing: the total before any payment order is ticked.
    ///
    /// ```
    /// assert_eq!(zeinet_domain::Tiyn::ZERO.0, 0);
    /// ```
    pub const ZERO: Tiyn = Tiyn(0);

    /// The largest amount, or sum of amounts, the cabinet handles: 10^15 tiyn (10 trillion
    /// tenge). Below 2^53, so every amount is exact as a JavaScript number too; the backend
    /// refuses anything above it rather than wrap or saturate.
    ///
    /// ```
    /// use zeinet_domain::Tiyn;
    /// assert!(Tiyn::MAX_AMOUNT.0 < 1 << 53);
    /// assert!(Tiyn::MAX_AMOUNT.checked_add(Tiyn::MAX_AMOUNT).is_some());
    /// ```
    pub const MAX_AMOUNT: Tiyn = Tiyn(1_000_000_000_000_000);

    /// From 0 to [`Tiyn::MAX_AMOUNT`], the range of an amount or a sum the cabinet handles.
    ///
    /// ```
    /// use zeinet_domain::Tiyn;
    /// assert!(Tiyn::MAX_AMOUNT.in_range() && Tiyn::ZERO.in_range());
    /// assert!(!Tiyn(Tiyn::MAX_AMOUNT.0 + 1).in_range() && !Tiyn(-1).in_range());
    /// ```
    pub const fn in_range(self) -> bool {
        self.0 >= 0 && self.0 <= Self::MAX_AMOUNT.0
    }

    /// Amounts as the backend keeps them (`u64` tiyn), summed with every step checked: `None`
    /// when an amount or the sum is out of [`Tiyn::in_range`].
    ///
    /// ```
    /// use zeinet_domain::Tiyn;
    /// assert_eq!(Tiyn::sum_in_range([50_000, 1_250_000]), Some(Tiyn(1_300_000)));
    /// assert_eq!(Tiyn::sum_in_range([Tiyn::MAX_AMOUNT.0 as u64, 1]), None);
    /// assert_eq!(Tiyn::sum_in_range([u64::MAX]), None);
    /// ```
    pub fn sum_in_range<I: IntoIterator<Item = u64>>(amounts: I) -> Option<Tiyn> {
        amounts
            .into_iter()
            .try_fold(Tiyn::ZERO, |sum, amount| {
                let amount = Tiyn(i64::try_from(amount).ok()?);
                sum.checked_add(amount)
            })
            .filter(|sum| sum.in_range())
    }

    /// Whole tenge to tiyn. Saturates at the `i64` range (±92 quadrillion tenge) instead of
    /// panicking, because a panic aborts the whole wasm app; use [`Tiyn::checked_from_tenge`]
    /// where that matters.
    ///
    /// ```
    /// assert_eq!(zeinet_domain::Tiyn::from_tenge(500).0, 50_000);
    /// ```
    pub const fn from_tenge(tenge: i64) -> Tiyn {
        Tiyn(tenge.saturating_mul(100))
    }

    /// Whole tenge to tiyn, `None` on overflow.
    ///
    /// ```
    /// use zeinet_domain::Tiyn;
    /// assert_eq!(Tiyn::checked_from_tenge(5), Some(Tiyn(500)));
    /// assert_eq!(Tiyn::checked_from_tenge(i64::MAX), None);
    /// ```
    pub const fn checked_from_tenge(tenge: i64) -> Option<Tiyn> {
        match tenge.checked_mul(100) {
            Some(t) => Some(Tiyn(t)),
            None => None,
        }
    }

    /// The whole tenge, truncated toward zero.
    ///
    /// ```
    /// assert_eq!(zeinet_domain::Tiyn(12_599).whole_tenge(), 125);
    /// ```
    pub const fn whole_tenge(self) -> i64 {
        self.0 / 100
    }

    /// Sum, `None` on overflow.
    ///
    /// ```
    /// use zeinet_domain::Tiyn;
    /// assert_eq!(Tiyn(1).checked_add(Tiyn(2)), Some(Tiyn(3)));
    /// assert_eq!(Tiyn(i64::MAX).checked_add(Tiyn(1)), None);
    /// ```
    pub const fn checked_add(self, other: Tiyn) -> Option<Tiyn> {
        match self.0.checked_add(other.0) {
            Some(t) => Some(Tiyn(t)),
            None => None,
        }
    }

    /// Difference, `None` on overflow.
    ///
    /// ```
    /// use zeinet_domain::Tiyn;
    /// assert_eq!(Tiyn(5).checked_sub(Tiyn(7)), Some(Tiyn(-2)));
    /// ```
    pub const fn checked_sub(self, other: Tiyn) -> Option<Tiyn> {
        match self.0.checked_sub(other.0) {
            Some(t) => Some(Tiyn(t)),
            None => None,
        }
    }

    /// The amount with the currency sign: kk/ru `12 500,00 ₸` (no-break spaces, see
    /// [`GROUP_SEP`]), en `₸12,500.00`. Negative amounts get a leading ASCII `-` (not U+2212,
    /// so that copying into a spreadsheet or back into a field still works).
    ///
    /// ```
    /// use zeinet_domain::{Lang, Tiyn};
    /// assert_eq!(Tiyn(1_250_000).format(Lang::Kk), "12\u{a0}500,00\u{a0}₸");
    /// assert_eq!(Tiyn(1_250_000).format(Lang::En), "₸12,500.00");
    /// assert_eq!(Tiyn(-50).format(Lang::En), "-₸0.50");
    /// ```
    pub fn format(self, lang: Lang) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let number = self.abs_number(lang);
        match lang {
            Lang::En => format!("{sign}{TENGE_SIGN}{number}"),
            Lang::Kk | Lang::Ru => format!("{sign}{number}{GROUP_SEP}{TENGE_SIGN}"),
        }
    }

    /// The number without the currency sign, for table columns whose header names the
    /// currency: kk/ru `12 500,00`, en `12,500.00`.
    ///
    /// ```
    /// use zeinet_domain::{Lang, Tiyn};
    /// assert_eq!(Tiyn::from_tenge(500).format_number(Lang::Ru), "500,00");
    /// assert_eq!(Tiyn(-1_250_000).format_number(Lang::En), "-12,500.00");
    /// ```
    pub fn format_number(self, lang: Lang) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}", self.abs_number(lang))
    }

    /// The grouped absolute value with decimals. `unsigned_abs` so `i64::MIN` works too.
    fn abs_number(self, lang: Lang) -> String {
        let abs = self.0.unsigned_abs();
        let decimal = match lang {
            Lang::En => '.',
            Lang::Kk | Lang::Ru => ',',
        };
        let mut out = lang.group_digits(abs / 100);
        out.push(decimal);
        out.push_str(&format!("{:02}", abs % 100));
        out
    }

    /// Reads an amount typed in any of the cabinet's languages.
    ///
    /// The rule: whitespace of any kind and the ₸ sign are ignored; a leading `-` (or `−`)
    /// negates; the **last** `,` or `.` is the decimal separator if 1 or 2 digits follow it;
    /// if exactly 3 follow, it is a thousands separator (so `12,500` and `12.500` both mean
    /// twelve thousand five hundred tenge: tiyn never have three digits); any other
    /// separators must group the integer part in threes, all with the same character, which
    /// differs from the decimal one.
    ///
    /// ```
    /// use zeinet_domain::Tiyn;
    /// assert_eq!(Tiyn::parse("500"), Ok(Tiyn(50_000)));
    /// assert_eq!(Tiyn::parse("500,5"), Ok(Tiyn(50_050)));
    /// assert_eq!(Tiyn::parse("500.50"), Ok(Tiyn(50_050)));
    /// assert_eq!(Tiyn::parse("12 500,00"), Ok(Tiyn(1_250_000)));
    /// assert_eq!(Tiyn::parse("12,500.00"), Ok(Tiyn(1_250_000)));
    /// assert_eq!(Tiyn::parse("₸12,500"), Ok(Tiyn(1_250_000)));
    /// ```
    pub fn parse(input: &str) -> Result<Tiyn, MoneyError> {
        let s: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != TENGE_SIGN)
            .collect();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let (negative, body) = match s.strip_prefix(['-', '\u{2212}']) {
            Some(rest) => (true, rest),
            None => (false, s.as_str()),
        };
        if !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        {
            return Err(MoneyError::InvalidCharacters);
        }
        let (int_part, frac, decimal_sep) = split_decimal(body)?;
        let whole = parse_grouped(int_part, decimal_sep)?;
        // "5" after the separator means 50 tiyn, "05" means 5.
        let frac_tiyn = match frac.as_bytes() {
            [] => 0,
            [d] => i128::from(d - b'0') * 10,
            [d1, d2] => i128::from(d1 - b'0') * 10 + i128::from(d2 - b'0'),
            _ => return Err(MoneyError::TooManyDecimals),
        };
        let magnitude = whole
            .checked_mul(100)
            .and_then(|t| t.checked_add(frac_tiyn))
            .ok_or(MoneyError::Overflow)?;
        let value = if negative { -magnitude } else { magnitude };
        i64::try_from(value)
            .map(Tiyn)
            .map_err(|_| MoneyError::Overflow)
    }
}

/// Splits at the decimal separator: `(integer part, fraction digits, decimal separator)`.
fn split_decimal(body: &str) -> Result<(&str, &str, Option<u8>), MoneyError> {
    let Some(i) = body.rfind([',', '.']) else {
        return Ok((body, "", None));
    };
    let after = &body[i + 1..];
    match after.len() {
        0 => Err(MoneyError::Malformed),
        1 | 2 => Ok((&body[..i], after, Some(body.as_bytes()[i]))),
        // A thousands separator if the whole reads as groups of three ("12,500"); otherwise,
        // if it is the only separator ("1234.567", "0.001"), the user meant three decimals.
        3 if grouping_ok(body, None) => Ok((body, "", None)),
        3 if !body[..i].contains([',', '.']) => Err(MoneyError::TooManyDecimals),
        3 => Err(MoneyError::Malformed),
        _ if i > 0 => Err(MoneyError::TooManyDecimals),
        _ => Err(MoneyError::Malformed),
    }
}

/// Whether an integer part is digits, optionally grouped in threes by one separator
/// character that is not the decimal one: `12500`, `12 500` (spaces already gone),
/// `12,500`, `1.234.567`. The first group has 1–3 digits and no leading zero.
fn grouping_ok(int_part: &str, decimal_sep: Option<u8>) -> bool {
    if int_part.is_empty() {
        return false;
    }
    let Some(sep) = int_part.bytes().find(|b| *b == b',' || *b == b'.') else {
        return true;
    };
    if Some(sep) == decimal_sep {
        return false;
    }
    let all_digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let mut groups = int_part.split(char::from(sep));
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && all_digits(first)
        && !first.starts_with('0')
        && groups.all(|g| g.len() == 3 && all_digits(g))
}

/// Parses an integer part that may carry thousands separators, grouped in threes.
fn parse_grouped(int_part: &str, decimal_sep: Option<u8>) -> Result<i128, MoneyError> {
    if !grouping_ok(int_part, decimal_sep) {
        return Err(MoneyError::Malformed);
    }
    int_part
        .bytes()
        .filter(u8::is_ascii_digit)
        .try_fold(0i128, |acc, b| {
            acc.checked_mul(10)?.checked_add(i128::from(b - b'0'))
        })
        .ok_or(MoneyError::Overflow)
}

/// The checked sum of amounts, e.g. the ticked payment orders' refund total;
/// `None` on overflow. An empty list totals [`Tiyn::ZERO`].
///
/// ```
/// use zeinet_domain::{money::total, Tiyn};
/// assert_eq!(total([Tiyn::from_tenge(500), Tiyn(50)]), Some(Tiyn(50_050)));
/// assert_eq!(total([]), Some(Tiyn::ZERO));
/// ```
pub fn total<I: IntoIterator<Item = Tiyn>>(amounts: I) -> Option<Tiyn> {
    amounts
        .into_iter()
        .try_fold(Tiyn::ZERO, |acc, t| acc.checked_add(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NB: char = GROUP_SEP;

    #[test]
    fn format_kk_ru() {
        for lang in [Lang::Kk, Lang::Ru] {
            assert_eq!(Tiyn(1_250_000).format(lang), format!("12{NB}500,00{NB}₸"));
            assert_eq!(Tiyn::from_tenge(500).format(lang), format!("500,00{NB}₸"));
            assert_eq!(Tiyn(0).format(lang), format!("0,00{NB}₸"));
            assert_eq!(Tiyn(5).format(lang), format!("0,05{NB}₸"));
            assert_eq!(Tiyn(100_000).format(lang), format!("1{NB}000,00{NB}₸"));
            assert_eq!(Tiyn(-1_250_050).format(lang), format!("-12{NB}500,50{NB}₸"));
        }
    }

    #[test]
    fn format_en() {
        assert_eq!(Tiyn(1_250_000).format(Lang::En), "₸12,500.00");
        assert_eq!(Tiyn(99_999).format(Lang::En), "₸999.99");
        assert_eq!(Tiyn(12_345_678_900).format(Lang::En), "₸123,456,789.00");
        assert_eq!(Tiyn(-1).format(Lang::En), "-₸0.01");
    }

    #[test]
    fn format_extremes() {
        assert_eq!(
            Tiyn(i64::MAX).format(Lang::En),
            "₸92,233,720,368,547,758.07"
        );
        assert_eq!(
            Tiyn(i64::MIN).format(Lang::En),
            "-₸92,233,720,368,547,758.08"
        );
        assert_eq!(
            Tiyn(i64::MIN).format_number(Lang::Ru),
            format!("-92{NB}233{NB}720{NB}368{NB}547{NB}758,08")
        );
    }

    #[test]
    fn parse_accepted_forms() {
        let cases = [
            ("500", 50_000),
            ("500,5", 50_050),
            ("500.50", 50_050),
            ("500,05", 50_005),
            ("12 500,00", 1_250_000),
            ("12\u{a0}500,00", 1_250_000),
            ("12\u{202f}500,00", 1_250_000),
            ("12,500.00", 1_250_000),
            ("12.500,00", 1_250_000),
            ("12,500", 1_250_000),
            ("1,234,567.89", 123_456_789),
            ("0", 0),
            ("007", 700),
            (" 500 ₸", 50_000),
            ("₸500.00", 50_000),
            ("-500", -50_000),
            ("−12 500,50", -1_250_050),
        ];
        for (input, tiyn) in cases {
            assert_eq!(Tiyn::parse(input), Ok(Tiyn(tiyn)), "{input:?}");
        }
    }

    #[test]
    fn parse_round_trips_format() {
        for t in [0, 1, 99, 50_000, 1_250_050, -7, 9_999_999_999] {
            for lang in Lang::ALL {
                assert_eq!(
                    Tiyn::parse(&Tiyn(t).format(lang)),
                    Ok(Tiyn(t)),
                    "{t} {lang:?}"
                );
            }
        }
    }

    #[test]
    fn parse_empty() {
        assert_eq!(Tiyn::parse(""), Err(MoneyError::Empty));
        assert_eq!(Tiyn::parse("  "), Err(MoneyError::Empty));
        assert_eq!(Tiyn::parse("₸"), Err(MoneyError::Empty));
    }

    #[test]
    fn parse_rejects_letters() {
        assert_eq!(Tiyn::parse("500 tg"), Err(MoneyError::InvalidCharacters));
        assert_eq!(Tiyn::parse("5e3"), Err(MoneyError::InvalidCharacters));
        assert_eq!(Tiyn::parse("+500"), Err(MoneyError::InvalidCharacters));
        assert_eq!(Tiyn::parse("50-0"), Err(MoneyError::InvalidCharacters));
    }

    #[test]
    fn parse_rejects_more_than_two_decimals() {
        assert_eq!(Tiyn::parse("500,555"), Ok(Tiyn(50_055_500))); // grouping, by the rule
        assert_eq!(Tiyn::parse("1234.567"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Tiyn::parse("500,5555"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Tiyn::parse("0.001"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Tiyn::parse("1,234.5678"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Tiyn::parse("0.0001"), Err(MoneyError::TooManyDecimals));
    }

    #[test]
    fn parse_rejects_malformed() {
        for input in [
            "500,",
            ",5",
            ".50",
            "-",
            "1,2,3",
            "12,50,000",
            "1,234.567,8",
            "1.234.56",
            "1,234,56",
            "1234,567,890",
            "1,,000",
            "0,500,000",
        ] {
            assert_eq!(Tiyn::parse(input), Err(MoneyError::Malformed), "{input:?}");
        }
    }

    #[test]
    fn parse_big_numbers_and_overflow() {
        assert_eq!(Tiyn::parse("92 233 720 368 547 758,07"), Ok(Tiyn(i64::MAX)));
        assert_eq!(
            Tiyn::parse("-92 233 720 368 547 758,08"),
            Ok(Tiyn(i64::MIN))
        );
        assert_eq!(
            Tiyn::parse("92 233 720 368 547 758,08"),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Tiyn::parse("1000000000000000000000000000000000000000000"),
            Err(MoneyError::Overflow)
        );
        assert_eq!(Tiyn::parse("100 000 000 000"), Ok(Tiyn(10_000_000_000_000)));
    }

    #[test]
    fn from_tenge_saturates_and_checked_does_not() {
        assert_eq!(Tiyn::from_tenge(i64::MAX), Tiyn(i64::MAX));
        assert_eq!(Tiyn::from_tenge(i64::MIN), Tiyn(i64::MIN));
        assert_eq!(Tiyn::checked_from_tenge(i64::MAX / 100 + 1), None);
        assert_eq!(Tiyn::checked_from_tenge(-3), Some(Tiyn(-300)));
        assert_eq!(Tiyn(-12_599).whole_tenge(), -125);
    }

    #[test]
    fn arithmetic_and_total() {
        assert_eq!(Tiyn(i64::MAX).checked_add(Tiyn(1)), None);
        assert_eq!(Tiyn(i64::MIN).checked_sub(Tiyn(1)), None);
        assert_eq!(total(Vec::new()), Some(Tiyn::ZERO));
        let ticked = [Tiyn::from_tenge(500), Tiyn::from_tenge(250), Tiyn(99)];
        assert_eq!(total(ticked), Some(Tiyn(75_099)));
        assert_eq!(total([Tiyn(i64::MAX), Tiyn(1)]), None);
        assert_eq!(total([Tiyn(i64::MAX), Tiyn(1), Tiyn(-1)]), None);
    }

    #[test]
    fn ordering_and_serde() {
        assert!(Tiyn(-1) < Tiyn::ZERO && Tiyn::ZERO < Tiyn(1));
        assert_eq!(serde_json::to_string(&Tiyn(50_000)).unwrap(), "50000");
        assert_eq!(serde_json::from_str::<Tiyn>("-5").unwrap(), Tiyn(-5));
    }
}
