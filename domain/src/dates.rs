//! Calendar dates and instants, without chrono: the cabinet only parses the backend's ISO
//! strings, orders them, and prints them the way the memos do (`dd.mm.yyyy`,
//! `dd.mm.yyyy HH:MM:SS` in Almaty time). A few dozen lines beat a timezone database in the
//! wasm bundle.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a string is not a date or date-time. The UI translates by variant: keep them stable.
///
/// ```
/// use zeinet_domain::{Date, DateError};
/// assert_eq!(Date::parse("2023-02-29"), Err(DateError::InvalidDate));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing but whitespace was given.
    #[error("the date is empty")]
    Empty,
    /// Not shaped like `YYYY-MM-DD` / RFC 3339 `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`.
    #[error("the date is not in ISO 8601 / RFC 3339 form")]
    Malformed,
    /// Well shaped, but no such day (month 13, 31 April, 29 February of a common year).
    #[error("no such calendar day")]
    InvalidDate,
    /// Well shaped, but the hour, minute or second is out of range (leap seconds included).
    #[error("no such time of day")]
    InvalidTime,
    /// Well shaped, but the UTC offset is out of range.
    #[error("the UTC offset is out of range")]
    InvalidOffset,
}

/// A calendar day. Orders chronologically.
///
/// ```
/// use zeinet_domain::Date;
/// let filed = Date::parse("2021-02-18").unwrap();
/// assert_eq!(filed.format(), "18.02.2021");
/// assert!(filed < Date::parse("2021-11-23").unwrap());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    // Field order is the chronological order that `derive(Ord)` relies on.
    y: i32,
    m: u8,
    d: u8,
}

/// An instant, as the backend sends it in RFC 3339, shown in Almaty time. Orders by the
/// instant, whatever offset it was written with, so lists sort newest first with
/// `sort_by(|a, b| b.cmp(a))`.
///
/// ```
/// use zeinet_domain::DateTime;
/// let received = DateTime::parse("2021-02-18T12:26:02+06:00").unwrap();
/// assert_eq!(received.format(), "18.02.2021 12:26:02");
/// assert_eq!(received, DateTime::parse("2021-02-18T06:26:02Z").unwrap());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DateTime {
    // Seconds since 1970-01-01T00:00:00Z, then the sub-second part: the derived order.
    secs: i64,
    nanos: u32,
}

impl Date {
    /// A day from its parts, `None` if there is no such day.
    ///
    /// ```
    /// use zeinet_domain::Date;
    /// assert!(Date::new(2024, 2, 29).is_some());
    /// assert!(Date::new(2023, 2, 29).is_none());
    /// ```
    pub const fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            y: year,
            m: month,
            d: day,
        })
    }

    /// Reads exactly `YYYY-MM-DD`, the form the backend sends.
    ///
    /// ```
    /// use zeinet_domain::{Date, DateError};
    /// assert_eq!(Date::parse("2021-02-25").unwrap().day(), 25);
    /// assert_eq!(Date::parse("25.02.2021"), Err(DateError::Malformed));
    /// ```
    pub fn parse(input: &str) -> Result<Date, DateError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(DateError::Empty);
        }
        parse_date(s.as_bytes())
    }

    /// The year.
    ///
    /// ```
    /// assert_eq!(zeinet_domain::Date::parse("2021-02-18").unwrap().year(), 2021);
    /// ```
    pub const fn year(self) -> i32 {
        self.y
    }

    /// The month, 1–12.
    ///
    /// ```
    /// assert_eq!(zeinet_domain::Date::parse("2021-02-18").unwrap().month(), 2);
    /// ```
    pub const fn month(self) -> u8 {
        self.m
    }

    /// The day of the month, 1–31.
    ///
    /// ```
    /// assert_eq!(zeinet_domain::Date::parse("2021-02-18").unwrap().day(), 18);
    /// ```
    pub const fn day(self) -> u8 {
        self.d
    }

    /// As the memos print it: `dd.mm.yyyy` (the same in kk, ru and en, as in the memos).
    ///
    /// ```
    /// assert_eq!(zeinet_domain::Date::parse("2026-06-12").unwrap().format(), "12.06.2026");
    /// ```
    pub fn format(self) -> String {
        format!("{:02}.{:02}.{:04}", self.d, self.m, self.y)
    }

    /// Days from `self` to `later` (negative if `later` is earlier), e.g. how long until a
    /// payment deadline.
    ///
    /// ```
    /// use zeinet_domain::Date;
    /// let filed = Date::parse("2021-02-18").unwrap();
    /// let deadline = Date::parse("2021-02-25").unwrap();
    /// assert_eq!(filed.days_until(deadline), 7);
    /// ```
    pub const fn days_until(self, later: Date) -> i64 {
        later.day_number() - self.day_number()
    }

    /// Days since 1970-01-01.
    const fn day_number(self) -> i64 {
        days_from_civil(self.y as i64, self.m as u32, self.d as u32)
    }
}

/// Kazakhstan moved Almaty from UTC+6 to UTC+5 at 2024-03-01 00:00 local (+06) time, that
/// is at 2024-02-29T18:00:00Z.
const ALMATY_UTC5_FROM: i64 = days_from_civil(2024, 3, 1) * 86_400 - 6 * 3_600;

/// Almaty's UTC offset in seconds at a given instant. Before 2005 Almaty also had summer
/// time, which is not modelled: the fund's records begin in 2013.
const fn almaty_offset(secs: i64) -> i64 {
    if secs >= ALMATY_UTC5_FROM {
        5 * 3_600
    } else {
        6 * 3_600
    }
}

impl DateTime {
    /// Reads RFC 3339: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±HH:MM`.
    /// `t`/`z` in lower case and a space instead of `T` are accepted (RFC 3339 allows them);
    /// a missing offset is not, because the instant would be ambiguous.
    ///
    /// ```
    /// use zeinet_domain::{DateError, DateTime};
    /// assert!(DateTime::parse("2021-02-18T06:26:02.5Z").is_ok());
    /// assert_eq!(DateTime::parse("2021-02-18T12:26:02"), Err(DateError::Malformed));
    /// ```
    pub fn parse(input: &str) -> Result<DateTime, DateError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(DateError::Empty);
        }
        let b = s.as_bytes();
        if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') {
            return Err(DateError::Malformed);
        }
        let date = parse_date(&b[..10])?;
        let (hour, minute, second) = match (&b[13], &b[16]) {
            (b':', b':') => (num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?),
            _ => return Err(DateError::Malformed),
        };
        let mut rest = &b[19..];
        let mut nanos = 0u32;
        if let [b'.', tail @ ..] = rest {
            let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return Err(DateError::Malformed);
            }
            // Keep nanosecond precision; further digits are dropped (truncated).
            for (i, c) in tail[..n].iter().take(9).enumerate() {
                nanos += u32::from(c - b'0') * 10u32.pow(8 - i as u32);
            }
            rest = &tail[n..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let (oh, om) = (num(&[*h1, *h2])?, num(&[*m1, *m2])?);
                if oh > 23 || om > 59 {
                    return Err(DateError::InvalidOffset);
                }
                let secs = i64::from(oh * 3_600 + om * 60);
                if *sign == b'-' {
                    -secs
                } else {
                    secs
                }
            }
            _ => return Err(DateError::Malformed),
        };
        if hour > 23 || minute > 59 || second > 59 {
            return Err(DateError::InvalidTime);
        }
        let local = date.day_number() * 86_400 + i64::from(hour * 3_600 + minute * 60 + second);
        Ok(DateTime {
            secs: local - offset,
            nanos,
        })
    }

    /// The instant `secs` seconds after 1970-01-01T00:00:00Z (for the mock backend and tests).
    ///
    /// ```
    /// use zeinet_domain::DateTime;
    /// assert_eq!(DateTime::from_unix(0).format(), "01.01.1970 06:00:00");
    /// ```
    pub const fn from_unix(secs: i64) -> DateTime {
        DateTime { secs, nanos: 0 }
    }

    /// Seconds since 1970-01-01T00:00:00Z (the sub-second part dropped).
    ///
    /// ```
    /// use zeinet_domain::DateTime;
    /// assert_eq!(DateTime::parse("1970-01-01T00:01:00Z").unwrap().unix_seconds(), 60);
    /// ```
    pub const fn unix_seconds(self) -> i64 {
        self.secs
    }

    /// The Almaty calendar day of this instant, e.g. for a "date filed" column.
    ///
    /// ```
    /// use zeinet_domain::DateTime;
    /// let late = DateTime::parse("2021-02-18T20:00:00Z").unwrap(); // 02:00 next day in Almaty
    /// assert_eq!(late.almaty_date().format(), "19.02.2021");
    /// ```
    pub const fn almaty_date(self) -> Date {
        self.almaty_parts().0
    }

    /// As the memos print it, in Almaty time: `dd.mm.yyyy HH:MM:SS`.
    ///
    /// ```
    /// use zeinet_domain::DateTime;
    /// let t = DateTime::parse("2024-06-01T10:00:00Z").unwrap();
    /// assert_eq!(t.format(), "01.06.2024 15:00:00");
    /// ```
    pub fn format(self) -> String {
        let (date, secs_of_day, _) = self.almaty_parts();
        format!(
            "{} {:02}:{:02}:{:02}",
            date.format(),
            secs_of_day / 3_600,
            secs_of_day / 60 % 60,
            secs_of_day % 60
        )
    }

    /// Almaty date, seconds into that day, and the offset in seconds.
    const fn almaty_parts(self) -> (Date, i64, i64) {
        let offset = almaty_offset(self.secs);
        let local = self.secs + offset;
        let (y, m, d) = civil_from_days(local.div_euclid(86_400));
        let date = Date {
            y: y as i32,
            m: m as u8,
            d: d as u8,
        };
        (date, local.rem_euclid(86_400), offset)
    }
}

/// `YYYY-MM-DD` from exactly 10 bytes.
fn parse_date(b: &[u8]) -> Result<Date, DateError> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DateError::Malformed);
    }
    let y = num(&b[..4])?;
    let (m, d) = (num(&b[5..7])?, num(&b[8..10])?);
    // The values fit: 4 and 2 digits.
    Date::new(y as i32, m as u8, d as u8).ok_or(DateError::InvalidDate)
}

/// A fixed-width run of ASCII digits.
fn num(b: &[u8]) -> Result<u32, DateError> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return Err(DateError::Malformed);
    }
    Ok(b.iter().fold(0, |acc, c| acc * 10 + u32::from(c - b'0')))
}

const fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

const fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
const fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = (if y >= 0 { y } else { y - 399 }) / 400;
    let yoe = y - era * 400;
    let mp = ((m + 9) % 12) as i64; // March = 0, so the leap day is the year's last
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
const fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = (if z >= 0 { z } else { z - 146_096 }) / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

impl fmt::Display for Date {
    /// ISO `YYYY-MM-DD` (the wire form); use [`Date::format`] for people.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

impl fmt::Display for DateTime {
    /// RFC 3339 with Almaty's offset of the time (`2021-02-18T12:26:02+06:00`), the wire
    /// form; use [`DateTime::format`] for people.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (date, sod, offset) = self.almaty_parts();
        write!(
            f,
            "{date}T{:02}:{:02}:{:02}",
            sod / 3_600,
            sod / 60 % 60,
            sod % 60
        )?;
        if self.nanos != 0 {
            let frac = format!("{:09}", self.nanos);
            write!(f, ".{}", frac.trim_end_matches('0'))?;
        }
        write!(f, "+{:02}:00", offset / 3_600)
    }
}

macro_rules! string_conversions {
    ($ty:ident) => {
        impl FromStr for $ty {
            type Err = DateError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::parse(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = DateError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                $ty::parse(&s)
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.to_string()
            }
        }
    };
}

string_conversions!(Date);
string_conversions!(DateTime);

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn dt(s: &str) -> DateTime {
        DateTime::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn date_parse_and_format() {
        assert_eq!(date("2021-02-18").format(), "18.02.2021");
        assert_eq!(date(" 2021-11-23 ").format(), "23.11.2021");
        assert_eq!(date("0001-01-01").format(), "01.01.0001");
        assert_eq!(date("2021-02-18").to_string(), "2021-02-18");
        let d = date("2026-06-12");
        assert_eq!((d.year(), d.month(), d.day()), (2026, 6, 12));
    }

    #[test]
    fn leap_years() {
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2000-02-29").is_ok());
        assert_eq!(Date::parse("2023-02-29"), Err(DateError::InvalidDate));
        assert_eq!(Date::parse("1900-02-29"), Err(DateError::InvalidDate));
        assert_eq!(Date::parse("2024-02-30"), Err(DateError::InvalidDate));
    }

    #[test]
    fn invalid_days_and_months() {
        for s in [
            "2021-00-10",
            "2021-13-01",
            "2021-04-31",
            "2021-01-00",
            "2021-01-32",
        ] {
            assert_eq!(Date::parse(s), Err(DateError::InvalidDate), "{s}");
        }
        assert!(Date::parse("2021-12-31").is_ok());
    }

    #[test]
    fn malformed_dates() {
        assert_eq!(Date::parse(""), Err(DateError::Empty));
        for s in [
            "2021-2-18",
            "18.02.2021",
            "2021/02/18",
            "2021-02-18T00:00:00Z",
            "20210218",
            "2021-02-1x",
            "２０２１-02-18",
            "+021-02-18",
        ] {
            assert_eq!(Date::parse(s), Err(DateError::Malformed), "{s}");
        }
    }

    #[test]
    fn days_until() {
        assert_eq!(date("2021-02-18").days_until(date("2021-02-25")), 7);
        assert_eq!(date("2021-02-25").days_until(date("2021-02-18")), -7);
        assert_eq!(date("2024-02-28").days_until(date("2024-03-01")), 2);
        assert_eq!(date("2023-02-28").days_until(date("2023-03-01")), 1);
        assert_eq!(date("2000-01-01").days_until(date("2001-01-01")), 366);
        assert_eq!(date("1970-01-01").day_number(), 0);
    }

    #[test]
    fn civil_round_trip() {
        for z in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
            let date = Date::new(y as i32, m as u8, d as u8).unwrap();
            assert_eq!(date.day_number(), z);
        }
    }

    #[test]
    fn dates_order_chronologically() {
        let mut v = vec![date("2021-11-23"), date("2021-02-18"), date("2020-12-31")];
        v.sort();
        assert_eq!(
            v,
            [date("2020-12-31"), date("2021-02-18"), date("2021-11-23")]
        );
    }

    #[test]
    fn memo_timestamp_in_almaty_plus_six() {
        assert_eq!(
            dt("2021-02-18T12:26:02+06:00").format(),
            "18.02.2021 12:26:02"
        );
        assert_eq!(dt("2021-02-18T06:26:02Z").format(), "18.02.2021 12:26:02");
        // Written with the current +05:00 it is still shown as Almaty time of that day (+06).
        assert_eq!(
            dt("2021-02-18T11:26:02+05:00").format(),
            "18.02.2021 12:26:02"
        );
        assert_eq!(
            dt("2021-02-18T12:26:02+06:00").to_string(),
            "2021-02-18T12:26:02+06:00"
        );
    }

    #[test]
    fn almaty_plus_five_since_march_2024() {
        assert_eq!(dt("2024-06-01T10:00:00Z").format(), "01.06.2024 15:00:00");
        assert_eq!(
            dt("2026-06-12T09:30:00+05:00").format(),
            "12.06.2026 09:30:00"
        );
        assert_eq!(
            dt("2026-06-12T09:30:00+05:00").to_string(),
            "2026-06-12T09:30:00+05:00"
        );
    }

    #[test]
    fn the_switch_instant() {
        assert_eq!(ALMATY_UTC5_FROM, dt("2024-02-29T18:00:00Z").unix_seconds());
        // The last second at +06, then the clocks go back an hour.
        assert_eq!(dt("2024-02-29T17:59:59Z").format(), "29.02.2024 23:59:59");
        assert_eq!(dt("2024-02-29T18:00:00Z").format(), "29.02.2024 23:00:00");
        assert_eq!(
            dt("2024-03-01T00:00:00+05:00").format(),
            "01.03.2024 00:00:00"
        );
        assert_eq!(
            dt("2024-02-29T23:30:00+06:00").format(),
            "29.02.2024 23:30:00"
        );
    }

    #[test]
    fn day_rollover_and_negative_offsets() {
        assert_eq!(dt("2021-02-18T20:00:00Z").format(), "19.02.2021 02:00:00");
        assert_eq!(
            dt("2021-02-18T20:00:00-03:00").format(),
            "19.02.2021 05:00:00"
        );
        assert_eq!(dt("2021-12-31T19:00:00Z").almaty_date(), date("2022-01-01"));
        assert_eq!(dt("1969-12-31T23:59:59Z").format(), "01.01.1970 05:59:59");
        assert_eq!(dt("1969-12-31T23:59:59Z").unix_seconds(), -1);
    }

    #[test]
    fn lenient_rfc3339_spellings() {
        let reference = dt("2021-02-18T06:26:02Z");
        assert_eq!(dt("2021-02-18t06:26:02z"), reference);
        assert_eq!(dt("2021-02-18 06:26:02Z"), reference);
        assert_eq!(dt("2021-02-18T06:26:02-00:00"), reference);
        assert_eq!(dt(" 2021-02-18T12:26:02+06:00 "), reference);
    }

    #[test]
    fn fractions() {
        let t = dt("2021-02-18T06:26:02.123Z");
        assert_eq!(t.format(), "18.02.2021 12:26:02");
        assert!(t > dt("2021-02-18T06:26:02Z"));
        assert_eq!(t.to_string(), "2021-02-18T12:26:02.123+06:00");
        assert_eq!(dt("2021-02-18T06:26:02.1234567891Z").nanos, 123_456_789);
        assert_eq!(
            DateTime::parse("2021-02-18T06:26:02.Z"),
            Err(DateError::Malformed)
        );
    }

    #[test]
    fn datetime_errors() {
        assert_eq!(DateTime::parse(" "), Err(DateError::Empty));
        for s in [
            "2021-02-18T12:26:02",
            "2021-02-18",
            "2021-02-18T12:26Z",
            "2021-02-18T12-26-02Z",
            "2021-02-18X12:26:02Z",
            "2021-02-18T12:26:02+0600",
            "2021-02-18T12:26:02+06",
            "2021-02-18T12:26:02 +06:00",
            "2021-02-18T1a:26:02Z",
            "18.02.2021 12:26:02",
            "2021-02-18T12:26:02ZZ",
        ] {
            assert_eq!(DateTime::parse(s), Err(DateError::Malformed), "{s}");
        }
        assert_eq!(
            DateTime::parse("2021-02-30T12:26:02Z"),
            Err(DateError::InvalidDate)
        );
        assert_eq!(
            DateTime::parse("2021-02-18T24:00:00Z"),
            Err(DateError::InvalidTime)
        );
        assert_eq!(
            DateTime::parse("2021-02-18T12:60:00Z"),
            Err(DateError::InvalidTime)
        );
        assert_eq!(
            DateTime::parse("2021-02-18T12:26:60Z"),
            Err(DateError::InvalidTime)
        );
        assert_eq!(
            DateTime::parse("2021-02-18T12:26:02+24:00"),
            Err(DateError::InvalidOffset)
        );
        assert_eq!(
            DateTime::parse("2021-02-18T12:26:02+06:60"),
            Err(DateError::InvalidOffset)
        );
    }

    #[test]
    fn sort_newest_first() {
        let mut v = [
            dt("2021-02-18T12:26:02+06:00"),
            dt("2026-06-12T10:00:00+05:00"),
            dt("2021-11-23T09:00:00+06:00"),
        ];
        v.sort_by(|a, b| b.cmp(a));
        let shown: Vec<String> = v.iter().map(|t| t.format()).collect();
        assert_eq!(
            shown,
            [
                "12.06.2026 10:00:00",
                "23.11.2021 09:00:00",
                "18.02.2021 12:26:02"
            ]
        );
    }

    #[test]
    fn instants_compare_across_offsets() {
        assert!(dt("2021-02-18T12:00:00+06:00") < dt("2021-02-18T11:00:00+04:00"));
        assert_eq!(
            dt("2021-02-18T12:00:00+06:00"),
            dt("2021-02-18T08:00:00+02:00")
        );
    }

    #[test]
    fn unix_round_trip() {
        let t = dt("2021-02-18T12:26:02+06:00");
        assert_eq!(DateTime::from_unix(t.unix_seconds()), t);
        assert_eq!(t.unix_seconds(), 1_613_629_562);
    }

    #[test]
    fn serde_round_trips() {
        let d: Date = serde_json::from_str("\"2021-02-25\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2021-02-25\"");
        assert!(serde_json::from_str::<Date>("\"2021-02-30\"").is_err());
        let t: DateTime = serde_json::from_str("\"2021-02-18T06:26:02Z\"").unwrap();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2021-02-18T12:26:02+06:00\""
        );
        assert_eq!(
            serde_json::from_str::<DateTime>(&serde_json::to_string(&t).unwrap()).unwrap(),
            t
        );
    }
}
