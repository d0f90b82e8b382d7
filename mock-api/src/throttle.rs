//! Failed password log-ins per client (its IP address): after [`MAX_CLIENT_FAILURES`] within
//! [`CLIENT_WINDOW_SECONDS`], every password log-in of that client answers 429
//! `too_many_attempts` with `Retry-After` until the oldest of them leaves the window.
//!
//! The per-IIN lock-out (`state.rs`: 5 in a row lock that IIN, 403 `account_locked`) stops
//! guessing one person's password; this stops one client from trying one password on many
//! IINs (password spraying), which that lock never sees.

use std::collections::{HashMap, VecDeque};

/// Failed password log-ins of one client within the window that block it.
pub const MAX_CLIENT_FAILURES: usize = 20;
/// The window, in seconds.
pub const CLIENT_WINDOW_SECONDS: i64 = 15 * 60;
/// The most clients remembered (a flood of addresses cannot grow the map without bound).
const MAX_CLIENTS: usize = 10_000;

#[derive(Clone, Debug, Default)]
pub struct ClientThrottle {
    /// Client → the moments (Unix seconds, the mock's clock) of its recent failures, oldest first.
    failures: HashMap<String, VecDeque<i64>>,
}

impl ClientThrottle {
    /// `Some(until)` while `client` is blocked.
    pub fn blocked_until(&mut self, client: &str, now: i64) -> Option<i64> {
        let list = self.failures.get_mut(client)?;
        while list
            .front()
            .is_some_and(|&t| t + CLIENT_WINDOW_SECONDS <= now)
        {
            list.pop_front();
        }
        if list.is_empty() {
            self.failures.remove(client);
            return None;
        }
        (list.len() >= MAX_CLIENT_FAILURES).then(|| list[0] + CLIENT_WINDOW_SECONDS)
    }

    /// Counts a failed attempt of `client` at `now`.
    pub fn record_failure(&mut self, client: &str, now: i64) {
        if !self.failures.contains_key(client) && self.failures.len() >= MAX_CLIENTS {
            self.failures.retain(|_, list| {
                list.back()
                    .is_some_and(|&t| t + CLIENT_WINDOW_SECONDS > now)
            });
            if self.failures.len() >= MAX_CLIENTS {
                return;
            }
        }
        let list = self.failures.entry(client.to_owned()).or_default();
        list.push_back(now);
        while list.len() > MAX_CLIENT_FAILURES {
            list.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_within_the_window_and_frees_after_it() {
        let mut t = ClientThrottle::default();
        for i in 0..MAX_CLIENT_FAILURES as i64 {
            assert_eq!(t.blocked_until("a", 1000 + i), None);
            t.record_failure("a", 1000 + i);
        }
        let until = 1000 + CLIENT_WINDOW_SECONDS;
        assert_eq!(t.blocked_until("a", 1100), Some(until));
        assert_eq!(t.blocked_until("b", 1100), None, "per client");
        assert_eq!(t.blocked_until("a", until - 1), Some(until));
        // the oldest failure left the window: one more attempt may be made
        assert_eq!(t.blocked_until("a", until), None);
        assert_eq!(t.blocked_until("a", 1000 + 2 * CLIENT_WINDOW_SECONDS), None);
        assert!(t.failures.is_empty());
    }

    #[test]
    fn spread_out_failures_never_block() {
        let mut t = ClientThrottle::default();
        for i in 0..100 {
            let now = i * (CLIENT_WINDOW_SECONDS / MAX_CLIENT_FAILURES as i64 + 1);
            assert_eq!(t.blocked_until("a", now), None, "{i}");
            t.record_failure("a", now);
        }
    }
}
