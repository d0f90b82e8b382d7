//! Time for the mock: Unix seconds in the store, RFC 3339 on the wire. chrono reads and
//! writes UTC; Almaty's wall clock (UTC+6 until 2024-03-01, UTC+5 since) is the domain's rule,
//! the one the frontend shows, so the two cannot drift apart.

use chrono::{DateTime, SecondsFormat, Utc};

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> i64 {
    Utc::now().timestamp()
}

/// The instant `secs` Unix seconds, saturating at chrono's ±262 000 years (a dev clock can be
/// advanced by any amount).
pub fn utc(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or(if secs < 0 {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}

/// Formats Unix seconds as RFC 3339 in UTC: `2026-11-22T03:12:00Z`.
pub fn format_rfc3339(secs: i64) -> String {
    utc(secs).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Formats Unix seconds as RFC 3339 in Almaty time: `2026-11-22T08:12:00+05:00`.
pub fn format_rfc3339_almaty(secs: i64) -> String {
    zeinet_domain::DateTime::from_unix(secs).to_string()
}

/// The date in Almaty at `secs` (Unix seconds): `YYYY-MM-DD`.
pub fn almaty_date(secs: i64) -> String {
    zeinet_domain::DateTime::from_unix(secs)
        .almaty_date()
        .to_string()
}

/// Parses an RFC 3339 date-time (`Z` or `±HH:MM`, optional fraction) into Unix seconds, by
/// the domain's rule (the frontend's).
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    zeinet_domain::DateTime::parse(s)
        .ok()
        .map(|t| t.unix_seconds())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // 2024-03-01 00:00 at +06:00: Almaty's clocks went back to 23:00 of the 29th.
        let switch = parse_rfc3339("2024-03-01T00:00:00+06:00").unwrap();
        assert_eq!(format_rfc3339_almaty(t), "2021-02-18T12:26:02+06:00");
        let late = parse_rfc3339("2026-11-22T23:30:00+05:00").unwrap();
        assert_eq!(format_rfc3339_almaty(late), "2026-11-22T23:30:00+05:00");
        assert_eq!(almaty_date(late), "2026-11-22");
        assert_eq!(almaty_date(late + 1800), "2026-11-23");
        assert_eq!(almaty_date(switch - 1), "2024-02-29");
        assert_eq!(almaty_date(switch), "2024-02-29");
        assert_eq!(format_rfc3339_almaty(switch), "2024-02-29T23:00:00+05:00");
        assert_eq!(format_rfc3339(i64::MAX), "+262142-12-31T23:59:59Z");
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
