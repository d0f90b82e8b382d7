//! Calendar dates and instants: the cabinet only parses the backend's ISO strings, orders
//! them, and prints them the way the memos do (`dd.mm.yyyy`, `dd.mm.yyyy HH:MM:SS` in Almaty
//! time). chrono does the calendar and reads RFC 3339; without features it brings no time zone
//! database, no clock and no strftime machinery, so the digits are written here with `write!`,
//! and Almaty's two offsets are a rule of this module ([`DateTime::format`]).

use core::fmt;
use core::str::FromStr;

use chrono::format::ParseErrorKind;
use chrono::{Datelike, FixedOffset, NaiveDate, Timelike, Utc};
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
    // A plain triple, so that the accessors stay `const`; chrono vouches for it in `Date::new`.
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
        match NaiveDate::from_ymd_opt(year, month as u32, day as u32) {
            Some(_) => Some(Date {
                y: year,
                m: month,
                d: day,
            }),
            None => None,
        }
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

    /// The calendar day of a chrono date or date-time.
    fn of(date: &impl Datelike) -> Date {
        // chrono's month and day are 1–12 and 1–31.
        Date {
            y: date.year(),
            m: date.month() as u8,
            d: date.day() as u8,
        }
    }
}

/// Kazakhstan moved Almaty from UTC+6 to UTC+5 at 2024-03-01 00:00 local (+06) time, that
/// is at 2024-02-29T18:00:00Z.
const ALMATY_UTC5_FROM: i64 = days_from_civil(2024, 3, 1) * 86_400 - 6 * 3_600;

const UTC5: FixedOffset = FixedOffset::east_opt(5 * 3_600).unwrap();
const UTC6: FixedOffset = FixedOffset::east_opt(6 * 3_600).unwrap();

/// Almaty's UTC offset at a given instant. Before 2005 Almaty also had summer time, which is
/// not modelled: the fund's records begin in 2013.
const fn almaty_offset(secs: i64) -> FixedOffset {
    if secs >= ALMATY_UTC5_FROM {
        UTC5
    } else {
        UTC6
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
        // chrono keeps nanosecond precision and drops (truncates) further digits.
        let t = chrono::DateTime::parse_from_rfc3339(s).map_err(|e| match e.kind() {
            ParseErrorKind::OutOfRange | ParseErrorKind::Impossible => out_of_range(s.as_bytes()),
            _ => DateError::Malformed,
        })?;
        let nanos = t.timestamp_subsec_nanos();
        // chrono takes a `:60` second for a leap second, a second of 10⁹ ns and more.
        if nanos >= 1_000_000_000 {
            return Err(DateError::InvalidTime);
        }
        Ok(DateTime {
            secs: t.timestamp(),
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

    /// Milliseconds since 1970-01-01T00:00:00Z, a part of one rounded up: a moment waited for
    /// ("not before …") is never reached early.
    ///
    /// ```
    /// use zeinet_domain::DateTime;
    /// assert_eq!(DateTime::parse("1970-01-01T00:00:01.0001Z").unwrap().unix_millis(), 1_001);
    /// assert_eq!(DateTime::parse("1970-01-01T00:00:01Z").unwrap().unix_millis(), 1_000);
    /// ```
    pub const fn unix_millis(self) -> i64 {
        self.secs * 1_000 + self.nanos.div_ceil(1_000_000) as i64
    }

    /// The Almaty calendar day of this instant, e.g. for a "date filed" column.
    ///
    /// ```
    /// use zeinet_domain::DateTime;
    /// let late = DateTime::parse("2021-02-18T20:00:00Z").unwrap(); // 02:00 next day in Almaty
    /// assert_eq!(late.almaty_date().format(), "19.02.2021");
    /// ```
    pub fn almaty_date(self) -> Date {
        Date::of(&self.almaty())
    }

    /// As the memos print it, in Almaty time: `dd.mm.yyyy HH:MM:SS`.
    ///
    /// ```
    /// use zeinet_domain::DateTime;
    /// let t = DateTime::parse("2024-06-01T10:00:00Z").unwrap();
    /// assert_eq!(t.format(), "01.06.2024 15:00:00");
    /// ```
    pub fn format(self) -> String {
        let t = self.almaty();
        format!(
            "{} {:02}:{:02}:{:02}",
            Date::of(&t).format(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }

    /// This instant on Almaty's clocks. One beyond chrono's ±262 000 years (only `from_unix`
    /// can make it) is shown as chrono's first or last instant.
    fn almaty(self) -> chrono::DateTime<FixedOffset> {
        let utc =
            chrono::DateTime::from_timestamp(self.secs, self.nanos).unwrap_or(if self.secs < 0 {
                chrono::DateTime::<Utc>::MIN_UTC
            } else {
                chrono::DateTime::<Utc>::MAX_UTC
            });
        utc.with_timezone(&almaty_offset(self.secs))
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

/// Which part of an RFC 3339 string chrono found out of range. chrono checks the date, then
/// the time of day, then the offset, and reaches each only when what precedes it is well
/// formed.
fn out_of_range(b: &[u8]) -> DateError {
    let above = |at: core::ops::Range<usize>, max| {
        b.get(at)
            .and_then(|digits| num(digits).ok())
            .is_some_and(|n| n > max)
    };
    if b.get(..10).is_none_or(|date| parse_date(date).is_err()) {
        DateError::InvalidDate
    } else if above(11..13, 23) || above(14..16, 59) || above(17..19, 59) {
        DateError::InvalidTime
    } else {
        DateError::InvalidOffset
    }
}

/// A fixed-width run of ASCII digits.
fn num(b: &[u8]) -> Result<u32, DateError> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return Err(DateError::Malformed);
    }
    Ok(b.iter().fold(0, |acc, c| acc * 10 + u32::from(c - b'0')))
}

/// Days since 1970-01-01 of a day that exists, in chrono's proleptic Gregorian calendar.
const fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    match NaiveDate::from_ymd_opt(y as i32, m, d) {
        Some(date) => date.to_epoch_days() as i64,
        None => panic!("days_from_civil: no such day"),
    }
}

/// The inverse of [`days_from_civil`] (for the tests).
#[cfg(test)]
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let date = i32::try_from(z)
        .ok()
        .and_then(NaiveDate::from_epoch_days)
        .expect("a day in chrono's range");
    (date.year().into(), date.month(), date.day())
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
        let t = self.almaty();
        write!(
            f,
            "{}T{:02}:{:02}:{:02}",
            Date::of(&t),
            t.hour(),
            t.minute(),
            t.second()
        )?;
        if self.nanos != 0 {
            // The fraction without its trailing zeros: `.5`, `.123`.
            let (mut frac, mut width) = (self.nanos, 9);
            while frac % 10 == 0 {
                frac /= 10;
                width -= 1;
            }
            write!(f, ".{frac:0width$}")?;
        }
        write!(f, "+{:02}:00", t.offset().local_minus_utc() / 3_600)
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
        // Known day numbers (days since 1970-01-01), not computed by the code under test.
        for (days, (y, m, d)) in [
            (0, (1970, 1, 1)),
            (-1, (1969, 12, 31)),
            (10_957, (2000, 1, 1)),
            (11_016, (2000, 2, 29)),
            (18_676, (2021, 2, 18)),
            (19_783, (2024, 3, 1)),
            (-719_468, (0, 3, 1)),
        ] {
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
            assert_eq!(civil_from_days(days), (y, m, d), "{days}");
        }
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
            DateTime::parse("2021-02-18T12:26:61Z"),
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
