//! The browser's "apps on this device" permission (`loopback-network`, Local Network Access)
//! and what a failed connection to NCALayer means under it. Chrome 147 and Firefox 154 put a
//! public page's WebSocket to `127.0.0.1` behind that permission, and a refused socket looks
//! the same to the page whether the browser blocked it or nothing listened: the permission's
//! state, read again after the failure, tells the two apart.
use crate::ncalayer::NcaError;

/// The state of the `loopback-network` permission, as `navigator.permissions.query` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopbackAccess {
    /// Allowed: a refused socket means NCALayer is not running.
    Granted,
    /// Not decided: a gated page's first connection from a click makes the browser ask.
    Prompt,
    /// Refused by the person or by a policy.
    Denied,
    /// The browser does not know the permission (older browsers, Safari): nothing gates.
    NotGated,
}

impl LoopbackAccess {
    /// The state's name in the Permissions API (`granted`, `prompt`, `denied`); anything
    /// else is a browser that does not gate.
    ///
    /// ```
    /// use zeinet_domain::loopback::LoopbackAccess;
    /// assert_eq!(LoopbackAccess::from_state("denied"), LoopbackAccess::Denied);
    /// assert_eq!(LoopbackAccess::from_state("unknown"), LoopbackAccess::NotGated);
    /// ```
    pub fn from_state(state: &str) -> LoopbackAccess {
        match state {
            "granted" => LoopbackAccess::Granted,
            "prompt" => LoopbackAccess::Prompt,
            "denied" => LoopbackAccess::Denied,
            _ => LoopbackAccess::NotGated,
        }
    }

    /// Whether the browser may ask the person before the first connection (the page says
    /// so beforehand).
    pub fn will_ask(self) -> bool {
        self == LoopbackAccess::Prompt
    }

    /// Why the socket to NCALayer failed, from the permission's state read after the failure
    /// and whether the page is served from this computer itself (`localhost`, `127.0.0.0/8`,
    /// `[::1]`: a browser never gates its sockets to 127.0.0.1, and the permission stays
    /// undecided there):
    /// - denied: the browser blocked it (whether or not NCALayer runs, allowing it comes first);
    /// - undecided on a page of this computer: nothing asks there, so nothing listened;
    /// - undecided elsewhere: a click makes the browser ask before it connects, and an answer
    ///   changes the state, so the question was dismissed, or the browser blocked without
    ///   asking (a click too long before, a question dismissed too often);
    /// - granted or not gated: nothing listened.
    ///
    /// ```
    /// use zeinet_domain::{loopback::LoopbackAccess, ncalayer::NcaError};
    /// assert_eq!(LoopbackAccess::Denied.connect_failure(false), NcaError::Blocked);
    /// assert_eq!(LoopbackAccess::Granted.connect_failure(false), NcaError::NotRunning);
    /// ```
    pub fn connect_failure(self, page_on_this_computer: bool) -> NcaError {
        match self {
            LoopbackAccess::Denied => NcaError::Blocked,
            LoopbackAccess::Prompt if page_on_this_computer => NcaError::NotRunning,
            LoopbackAccess::Prompt => NcaError::Blocked,
            LoopbackAccess::Granted | LoopbackAccess::NotGated => NcaError::NotRunning,
        }
    }
}

/// Whether a page's host name is this computer (`localhost`, an address in `127.0.0.0/8`, or
/// `[::1]`), from which a browser does not gate sockets to NCALayer.
///
/// ```
/// use zeinet_domain::loopback::is_this_computer;
/// assert!(is_this_computer("127.0.0.1") && is_this_computer("localhost"));
/// assert!(!is_this_computer("cabinet.enpf.kz"));
/// ```
pub fn is_this_computer(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permission_api_states_are_read_by_name() {
        assert_eq!(
            LoopbackAccess::from_state("granted"),
            LoopbackAccess::Granted
        );
        assert_eq!(LoopbackAccess::from_state("prompt"), LoopbackAccess::Prompt);
        assert_eq!(LoopbackAccess::from_state("denied"), LoopbackAccess::Denied);
        assert_eq!(LoopbackAccess::from_state(""), LoopbackAccess::NotGated);
        assert_eq!(
            LoopbackAccess::from_state("Granted"),
            LoopbackAccess::NotGated
        );
    }

    #[test]
    fn only_an_undecided_permission_makes_the_browser_ask() {
        assert!(LoopbackAccess::Prompt.will_ask());
        for access in [
            LoopbackAccess::Granted,
            LoopbackAccess::Denied,
            LoopbackAccess::NotGated,
        ] {
            assert!(!access.will_ask(), "{access:?}");
        }
    }

    #[test]
    fn a_denied_permission_is_the_browser_blocking_wherever_the_page_is() {
        for here in [false, true] {
            assert_eq!(
                LoopbackAccess::Denied.connect_failure(here),
                NcaError::Blocked
            );
        }
    }

    #[test]
    fn an_allowed_or_ungated_socket_refused_means_ncalayer_is_not_running() {
        for access in [LoopbackAccess::Granted, LoopbackAccess::NotGated] {
            for here in [false, true] {
                assert_eq!(access.connect_failure(here), NcaError::NotRunning);
            }
        }
    }

    #[test]
    fn undecided_on_a_page_of_this_computer_is_never_the_browser() {
        assert_eq!(
            LoopbackAccess::Prompt.connect_failure(true),
            NcaError::NotRunning
        );
    }

    #[test]
    fn undecided_and_refused_on_a_public_page_is_the_browser_blocking() {
        assert_eq!(
            LoopbackAccess::Prompt.connect_failure(false),
            NcaError::Blocked
        );
    }

    #[test]
    fn pages_of_this_computer_are_told_by_their_host() {
        for host in [
            "localhost",
            "LOCALHOST",
            "app.localhost",
            "127.0.0.1",
            "127.1.2.3",
            "[::1]",
            "localhost.",
        ] {
            assert!(is_this_computer(host), "{host}");
        }
        for host in [
            "cabinet.enpf.kz",
            "128.0.0.1",
            "10.0.0.1",
            "localhost.enpf.kz",
            "",
            "[::2]",
        ] {
            assert!(!is_this_computer(host), "{host}");
        }
    }
}
