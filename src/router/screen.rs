/// The screens of the cabinet, by address. Pure, so that the table is tested on the host;
/// `app.rs` says what each one shows.
///
/// ```ignore
/// match Screen::at("/services/applications/refunds") { Screen::Applications => …, … }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// `/`: moves on to the services.
    Home,
    Login,
    Register,
    PasswordReset,
    Services,
    /// `/services/applications` and its tabs ([`ApplicationsTab`]).
    Applications,
    /// `/services/applications/:id/print`, with the id decoded (`A-1%2F2` is `A-1/2`).
    ApplicationPrint {
        id: String,
    },
    Refund,
    NotFound,
}

impl Screen {
    /// The screen at `path` (one trailing slash makes no difference).
    pub fn at(path: &str) -> Self {
        let path = match path.strip_suffix('/') {
            Some(trimmed) if !trimmed.is_empty() => trimmed,
            _ => path,
        };
        match path {
            "/" => Self::Home,
            "/login" => Self::Login,
            "/register" => Self::Register,
            "/password-reset" => Self::PasswordReset,
            "/services" => Self::Services,
            "/services/applications" | "/services/applications/refunds" => Self::Applications,
            "/services/refund" => Self::Refund,
            _ => match path
                .strip_prefix("/services/applications/")
                .and_then(|rest| rest.strip_suffix("/print"))
            {
                Some(id) if !id.is_empty() && !id.contains('/') => Self::ApplicationPrint {
                    id: super::params::percent_decode(id),
                },
                _ => Self::NotFound,
            },
        }
    }
}

/// The tab of "My applications" an address shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicationsTab {
    /// `/services/applications`: payments and transfers.
    Payments,
    /// `/services/applications/refunds`.
    Refunds,
}

impl ApplicationsTab {
    /// The tab at `path`: refunds under `…/refunds`, otherwise payments (the default).
    pub fn at(path: &str) -> Self {
        if path.trim_end_matches('/') == "/services/applications/refunds" {
            Self::Refunds
        } else {
            Self::Payments
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ApplicationsTab, Screen};

    #[test]
    fn every_address_has_its_screen() {
        let table = [
            ("/", Screen::Home),
            ("/login", Screen::Login),
            ("/login/", Screen::Login),
            ("/register", Screen::Register),
            ("/password-reset", Screen::PasswordReset),
            ("/services", Screen::Services),
            ("/services/applications", Screen::Applications),
            ("/services/applications/", Screen::Applications),
            ("/services/applications/refunds", Screen::Applications),
            ("/services/refund", Screen::Refund),
            (
                "/services/applications/A-1%2F2/print",
                Screen::ApplicationPrint { id: "A-1/2".into() },
            ),
        ];
        for (path, screen) in table {
            assert_eq!(Screen::at(path), screen, "{path}");
        }
    }

    #[test]
    fn any_other_address_is_not_found() {
        for path in [
            "",
            "/loginx",
            "/login//",
            "/services/applications/print",
            "/services/applications//print",
            "/services/applications/a/b/print",
            "/services/applications/7/print/x",
            "/services/applications/refunds/x",
            "/x/services",
        ] {
            assert_eq!(Screen::at(path), Screen::NotFound, "{path}");
        }
    }

    #[test]
    fn the_refunds_tab_is_shown_under_its_own_address_only() {
        for path in [
            "/services/applications/refunds",
            "/services/applications/refunds/",
        ] {
            assert_eq!(
                ApplicationsTab::at(path),
                ApplicationsTab::Refunds,
                "{path}"
            );
        }
        for path in [
            "/services/applications",
            "/services/applications/",
            "/services/applications/refundsx",
            "/services/refund",
        ] {
            assert_eq!(
                ApplicationsTab::at(path),
                ApplicationsTab::Payments,
                "{path}"
            );
        }
    }
}
