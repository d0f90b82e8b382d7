//! Failed password log-ins per client: after [`MAX_CLIENT_FAILURES`] within
//! [`CLIENT_WINDOW_SECONDS`], every password log-in of that client answers 429
//! `too_many_attempts` with `Retry-After` until the oldest of them leaves the window.
//!
//! The per-IIN lock-out (`state.rs`: 5 in a row lock that IIN, 403 `account_locked`) stops
//! guessing one person's password; this stops one client from trying one password on many
//! IINs (password spraying), which that lock never sees.
//!
//! A client is a network ([`client_key`]): an IPv6 client gets a whole /64, so counting its
//! addresses one by one would count nothing. The table is bounded by forgetting the client
//! whose last failure is the oldest, never by refusing to count a new one: filling it first
//! must not switch the throttle off.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;

/// Failed password log-ins of one client within the window that block it.
pub const MAX_CLIENT_FAILURES: usize = 20;
/// The window, in seconds.
pub const CLIENT_WINDOW_SECONDS: i64 = 15 * 60;
/// The most clients remembered (a flood of addresses cannot grow the map without bound).
pub const MAX_CLIENTS: usize = 10_000;

/// The client an address belongs to: an IPv4 address itself (an IPv4-mapped IPv6 address
/// too), the /64 of an IPv6 address (`2001:db8:1:2::/64`), what one subscriber is given.
pub fn client_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & !u128::from(u64::MAX);
            format!("{}/64", std::net::Ipv6Addr::from(network))
        }
    }
}

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

    /// Counts a failed attempt of `client` at `now`, always: a full table forgets the clients
    /// out of the window, then the one whose last failure is the oldest. (O(n) when full: a
    /// real backend keeps them in a store with expiry or an LRU order.)
    pub fn record_failure(&mut self, client: &str, now: i64) {
        if !self.failures.contains_key(client) && self.failures.len() >= MAX_CLIENTS {
            self.failures.retain(|_, list| {
                list.back()
                    .is_some_and(|&t| t + CLIENT_WINDOW_SECONDS > now)
            });
            if self.failures.len() >= MAX_CLIENTS {
                let oldest = self
                    .failures
                    .iter()
                    .min_by_key(|(_, list)| list.back().copied())
                    .map(|(key, _)| key.clone());
                if let Some(oldest) = oldest {
                    self.failures.remove(&oldest);
                }
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
    fn a_full_table_forgets_its_oldest_client_and_keeps_counting() {
        let mut t = ClientThrottle::default();
        // all within the window: none can be dropped as stale
        t.record_failure("c0", 999);
        for i in 1..MAX_CLIENTS as i64 {
            t.record_failure(&format!("c{i}"), 1000 + i / 100);
        }
        assert_eq!(t.failures.len(), MAX_CLIENTS);
        let now = 1200;
        for _ in 0..MAX_CLIENT_FAILURES {
            assert_eq!(t.blocked_until("new", now), None);
            t.record_failure("new", now);
        }
        assert!(
            t.blocked_until("new", now).is_some(),
            "counted, and blocked"
        );
        assert_eq!(t.failures.len(), MAX_CLIENTS, "still bounded");
        assert!(!t.failures.contains_key("c0"), "the oldest made room");
        assert!(t.failures.contains_key("c1"));
    }

    #[test]
    fn a_client_is_an_ipv4_address_or_an_ipv6_64() {
        let key = |s: &str| client_key(s.parse().unwrap());
        assert_eq!(key("203.0.113.9"), "203.0.113.9");
        assert_eq!(key("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2::ffff"), key("2001:db8:1:2:1:2:3:4"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
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
