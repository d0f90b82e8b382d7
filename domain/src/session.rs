//! How long a session has left, as the backend tells it and the page warns of it.
//!
//! The backend ends a session after a time without requests (idle) and after a time in all
//! (absolute). Every answer to a request made with a live session carries what is left of
//! both, in seconds, in the header [`HEADER`]: `idle=840, absolute=27000`. The page counts
//! down from the moment it sent that request, so its clock runs out no later than the
//! server's, and warns [`WARN_BEFORE_SECONDS`] before the end (WCAG 2.2.1: time to ask for
//! more with one simple action).
//!
//! ```
//! use zeinet_domain::session::{Remaining, Warning};
//! let left = Remaining::parse("idle=840, absolute=27000").unwrap();
//! assert_eq!(left.header_value(), "idle=840, absolute=27000");
//! assert_eq!(Remaining { idle_seconds: 100, absolute_seconds: 27000 }.warning(),
//!            Warning::EndsSoon { seconds: 100, extendable: true });
//! ```

/// The response header with what is left of the session (lower case, as HTTP/2 sends it).
pub const HEADER: &str = "zeinet-session";

/// How long before the end the page warns (two minutes).
pub const WARN_BEFORE_SECONDS: u32 = 120;

/// The default lifetimes a backend gives a session: 15 minutes idle, 8 hours in all.
pub const DEFAULT_IDLE_SECONDS: u32 = 15 * 60;
pub const DEFAULT_ABSOLUTE_SECONDS: u32 = 8 * 60 * 60;

/// What is left of a session, in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remaining {
    /// Until it ends for want of requests (a request starts this afresh).
    pub idle_seconds: u32,
    /// Until it ends whatever the person does.
    pub absolute_seconds: u32,
}

/// What the page shows for a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// More than [`WARN_BEFORE_SECONDS`] left: nothing.
    None,
    /// The session ends in `seconds`. `extendable`: it ends for want of requests, so one
    /// request ("continue") gives it its idle time again; otherwise its absolute end is first
    /// and only a new log-in goes on.
    EndsSoon { seconds: u32, extendable: bool },
    /// It has ended.
    Ended,
}

impl Remaining {
    /// `idle=840, absolute=27000`.
    pub fn header_value(&self) -> String {
        format!(
            "idle={}, absolute={}",
            self.idle_seconds, self.absolute_seconds
        )
    }

    /// Reads [`Remaining::header_value`]'s form (parameters in any order, spaces around
    /// them ignored); anything else is `None`, and the page then keeps what it knew.
    pub fn parse(value: &str) -> Option<Remaining> {
        let (first, second) = value.split_once(',')?;
        let seconds = |part: &str, name: &str| -> Option<u32> {
            let number = part.trim().strip_prefix(name)?.strip_prefix('=')?;
            // Digits only: `u32`'s parser would take a leading `+` too.
            number
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| number.parse().ok())?
        };
        let (idle, absolute) = match seconds(first, "idle") {
            Some(idle) => (idle, seconds(second, "absolute")?),
            None => (seconds(second, "idle")?, seconds(first, "absolute")?),
        };
        Some(Remaining {
            idle_seconds: idle,
            absolute_seconds: absolute,
        })
    }

    /// This, `elapsed_ms` milliseconds later (whole seconds left, rounded down: never later
    /// than the server).
    pub fn after(&self, elapsed_ms: f64) -> Remaining {
        let elapsed = if elapsed_ms.is_finite() && elapsed_ms > 0.0 {
            (elapsed_ms / 1000.0).ceil().min(u32::MAX as f64) as u32
        } else {
            0
        };
        Remaining {
            idle_seconds: self.idle_seconds.saturating_sub(elapsed),
            absolute_seconds: self.absolute_seconds.saturating_sub(elapsed),
        }
    }

    /// What the page shows now.
    pub fn warning(&self) -> Warning {
        let seconds = self.idle_seconds.min(self.absolute_seconds);
        if seconds == 0 {
            Warning::Ended
        } else if seconds <= WARN_BEFORE_SECONDS {
            Warning::EndsSoon {
                seconds,
                extendable: self.idle_seconds < self.absolute_seconds,
            }
        } else {
            Warning::None
        }
    }
}

/// When a request the page made before its code ran was sent, in ms since the epoch: the
/// page's time origin (`performance.timeOrigin`), if that is a time the clock can have seen
/// (after the epoch, not after `now_ms`); else `now_ms`. A faked or broken clock then counts
/// from now, late but safe, instead of ending the session at once.
pub fn early_sent_at(time_origin_ms: f64, now_ms: f64) -> f64 {
    if time_origin_ms.is_finite() && time_origin_ms > 0.0 && time_origin_ms <= now_ms {
        time_origin_ms
    } else {
        now_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_early_request_counts_from_the_time_origin_when_it_is_a_real_time() {
        assert_eq!(early_sent_at(1_000.0, 5_000.0), 1_000.0);
        assert_eq!(early_sent_at(5_000.0, 5_000.0), 5_000.0);
    }

    #[test]
    fn an_implausible_time_origin_counts_from_now() {
        // Playwright's fake clock has given -1 before it was set up.
        for origin in [-1.0, 0.0, f64::NAN, f64::INFINITY, 9_000.0] {
            assert_eq!(early_sent_at(origin, 5_000.0), 5_000.0, "{origin}");
        }
    }

    fn left(idle_seconds: u32, absolute_seconds: u32) -> Remaining {
        Remaining {
            idle_seconds,
            absolute_seconds,
        }
    }

    #[test]
    fn the_header_round_trips_in_either_order() {
        assert_eq!(
            Remaining::parse("idle=900, absolute=28800"),
            Some(left(900, 28800))
        );
        assert_eq!(Remaining::parse("absolute=5,idle=0"), Some(left(0, 5)));
        assert_eq!(
            Remaining::parse(&left(7, 8).header_value()),
            Some(left(7, 8))
        );
    }

    #[test]
    fn a_header_of_another_shape_is_not_read() {
        for value in [
            "",
            "idle=900",
            "idle=900, absolute=",
            "idle=-1, absolute=5",
            "idle=+1, absolute=5",
            "idle=1.5, absolute=5",
            "idle=1, absolute=5, idle=2",
            "idle=1, absolute=5, extra=3",
            "idle=99999999999, absolute=5",
            "idle 1, absolute 5",
        ] {
            assert_eq!(Remaining::parse(value), None, "{value:?}");
        }
    }

    #[test]
    fn time_passing_rounds_against_the_person() {
        assert_eq!(left(900, 1000).after(0.0), left(900, 1000));
        assert_eq!(left(900, 1000).after(1.0), left(899, 999));
        assert_eq!(left(900, 1000).after(60_000.0), left(840, 940));
        assert_eq!(left(5, 1000).after(10_000.0), left(0, 990));
        assert_eq!(left(5, 10).after(f64::NAN), left(5, 10));
        assert_eq!(left(5, 10).after(-3.0), left(5, 10));
    }

    #[test]
    fn the_warning_comes_two_minutes_before_the_nearer_end() {
        assert_eq!(left(121, 28000).warning(), Warning::None);
        assert_eq!(
            left(120, 28000).warning(),
            Warning::EndsSoon {
                seconds: 120,
                extendable: true
            }
        );
        assert_eq!(
            left(1, 28000).warning(),
            Warning::EndsSoon {
                seconds: 1,
                extendable: true
            }
        );
        assert_eq!(left(0, 28000).warning(), Warning::Ended);
        assert_eq!(left(900, 0).warning(), Warning::Ended);
    }

    #[test]
    fn near_the_absolute_end_continuing_cannot_help() {
        assert_eq!(
            left(900, 90).warning(),
            Warning::EndsSoon {
                seconds: 90,
                extendable: false
            }
        );
        assert_eq!(
            left(90, 90).warning(),
            Warning::EndsSoon {
                seconds: 90,
                extendable: false
            }
        );
    }
}
