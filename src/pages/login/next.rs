//! Where log-in leads: its address with the way back, and the way back checked.
/// The log-in address that brings the person back to `here` afterwards.
pub fn login_url(here: &str, expired: bool) -> String {
    let mut url = format!("/login?next={}", js_sys::encode_uri_component(here));
    if expired {
        url.push_str("&expired=1");
    }
    url
}

/// Where to go after log-in: the `next` parameter if it is a path of this site, else the
/// services. Anything else (`//evil.example`, `https://…`, `/\evil`) is refused, so the
/// parameter cannot be used to send people elsewhere.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.starts_with("/login")
                // A browser drops tabs and line breaks from an address: `/\t/x` is `//x`.
                && !path.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
            path.to_owned()
        }
        _ => "/services".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(
            safe_next(Some("/services/applications")),
            "/services/applications"
        );
        assert_eq!(
            safe_next(Some("/services/applications/refunds?x=1")),
            "/services/applications/refunds?x=1"
        );
        assert_eq!(safe_next(Some("//evil.example/")), "/services");
        assert_eq!(safe_next(Some("https://evil.example/")), "/services");
        assert_eq!(safe_next(Some("/\\evil.example")), "/services");
        assert_eq!(safe_next(Some("/login?next=/x")), "/services");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/services");
        assert_eq!(safe_next(Some("/\n/evil.example")), "/services");
        assert_eq!(safe_next(Some("/ /evil.example")), "/services");
        assert_eq!(safe_next(None), "/services");
    }
}
