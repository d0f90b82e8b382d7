//! Dates and times without a date crate: civil-date arithmetic (Howard Hinnant's algorithms)
//! and RFC 3339 formatting/parsing for the few places the mock needs them.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (days since 1970-01-01).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `YYYY-MM-DD` into a day number; rejects impossible dates.
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (num(&s[0..4])?, num(&s[5..7])?, num(&s[8..10])?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(i64::from(y), m) {
        return None;
    }
    Some(days_from_civil(i64::from(y), m, d))
}

/// Formats a day number as `YYYY-MM-DD`.
pub fn format_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Formats Unix seconds as RFC 3339 in UTC: `2026-11-22T03:12:00Z`.
pub fn format_rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        format_date(days),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The instant Kazakhstan went from UTC+6 to UTC+5 (2024-03-01T00:00:00+06:00).
pub const KZ_UTC5_SINCE: i64 = 1_709_229_600;

/// Almaty's offset from UTC at `secs` (Unix seconds): +6 h before 2024-03-01, +5 h since.
pub fn almaty_offset_seconds(secs: i64) -> i64 {
    if secs < KZ_UTC5_SINCE {
        6 * 3600
    } else {
        5 * 3600
    }
}

/// The date in Almaty at `secs` (Unix seconds): `YYYY-MM-DD`.
pub fn almaty_date(secs: i64) -> String {
    format_date((secs + almaty_offset_seconds(secs)).div_euclid(86_400))
}

/// Formats Unix seconds as RFC 3339 in Almaty time: `2026-11-22T08:12:00+05:00`.
pub fn format_rfc3339_almaty(secs: i64) -> String {
    let offset = almaty_offset_seconds(secs);
    let local = format_rfc3339(secs + offset);
    format!("{}+{:02}:00", local.trim_end_matches('Z'), offset / 3600)
}

/// Parses an RFC 3339 date-time (`Z` or `±HH:MM`, optional fraction) into Unix seconds.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    if s.len() < 20 || !s.is_char_boundary(10) || !matches!(s.as_bytes()[10], b'T' | b't') {
        return None;
    }
    let days = parse_date(&s[..10])?;
    let rest = &s[11..];
    let b = rest.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let (h, mi, se) = (num(&rest[0..2])?, num(&rest[3..5])?, num(&rest[6..8])?);
    if h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut tz = &rest[8..];
    if let Some(frac) = tz.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        tz = &frac[n..];
    }
    let offset = match tz {
        "Z" | "z" => 0,
        _ => {
            let tb = tz.as_bytes();
            if tb.len() != 6 || !matches!(tb[0], b'+' | b'-') || tb[3] != b':' {
                return None;
            }
            let (oh, om) = (num(&tz[1..3])?, num(&tz[4..6])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let o = i64::from(oh * 3600 + om * 60);
            if tb[0] == b'-' {
                -o
            } else {
                o
            }
        }
    };
    Some(days * 86_400 + i64::from(h * 3600 + mi * 60 + se) - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-1000, 0, 1, 59, 60, 18_000, 20_000, 20_615, 30_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(parse_date("2021-02-18"), Some(days_from_civil(2021, 2, 18)));
        assert_eq!(
            format_date(parse_date("2024-02-29").unwrap() + 1),
            "2024-03-01"
        );
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2021-2-18"), None);
    }

    #[test]
    fn rfc3339() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        let t = parse_rfc3339("2021-02-18T12:26:02+06:00").unwrap();
        assert_eq!(format_rfc3339(t), "2021-02-18T06:26:02Z");
        assert_eq!(parse_rfc3339("2021-02-18T06:26:02.123Z"), Some(t));
        assert_eq!(
            parse_rfc3339(&format_rfc3339(1_790_000_000)),
            Some(1_790_000_000)
        );
        assert_eq!(
            parse_rfc3339("2024-03-01T00:00:00+06:00"),
            Some(KZ_UTC5_SINCE)
        );
        assert_eq!(format_rfc3339_almaty(t), "2021-02-18T12:26:02+06:00");
        let late = parse_rfc3339("2026-11-22T23:30:00+05:00").unwrap();
        assert_eq!(format_rfc3339_almaty(late), "2026-11-22T23:30:00+05:00");
        assert_eq!(almaty_date(late), "2026-11-22");
        assert_eq!(almaty_date(late + 1800), "2026-11-23");
        assert_eq!(almaty_date(KZ_UTC5_SINCE - 1), "2024-02-29");
        assert_eq!(almaty_date(KZ_UTC5_SINCE), "2024-02-29");
        for bad in [
            "2021-02-18",
            "2021-02-18T12:26",
            "2021-02-18T25:00:00Z",
            "2021-02-18T12:26:02+0600",
            "x",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
