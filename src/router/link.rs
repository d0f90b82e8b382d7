use super::location::use_location;
use leptos::prelude::*;

/// A link to an address of the app: an ordinary `<a href>` (the router follows it without
/// reloading the page), marked `aria-current="page"` while the person is there: at its
/// address or, unless `exact`, below it.
///
/// ```ignore
/// view! { <A href="/services" attr:class="site-header__link">{t!(i18n, app.nav_services)}</A> }
/// ```
#[component]
pub fn A(
    /// Where it goes: an absolute path of the app, with query if any.
    #[prop(into)]
    href: String,
    /// Current only at exactly its address, not below it.
    #[prop(optional)]
    exact: bool,
    children: Children,
) -> impl IntoView {
    let location = use_location();
    let own_path = href.split(['?', '#']).next().unwrap_or_default().to_owned();
    let current = Memo::new(move |_| {
        location
            .pathname
            .with(|here| is_current(&own_path, here, exact))
    });
    view! {
        <a href=href aria-current=move || current.get().then_some("page")>
            {children()}
        </a>
    }
}

/// Whether a link to `link` is current at `here`: the same path, or one below it unless
/// `exact` (`/services` is current at `/services/refund`, not at `/servicesx`). A trailing
/// slash makes no difference.
fn is_current(link: &str, here: &str, exact: bool) -> bool {
    let link = trim_slash(link);
    let here = trim_slash(here);
    here == link
        || !exact
            && here
                .strip_prefix(link)
                .is_some_and(|rest| rest.starts_with('/'))
}

fn trim_slash(path: &str) -> &str {
    match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::is_current;

    #[test]
    fn a_link_is_current_at_and_below_its_address() {
        assert!(is_current("/services", "/services", false));
        assert!(is_current("/services", "/services/", false));
        assert!(is_current(
            "/services",
            "/services/applications/refunds",
            false
        ));
        assert!(!is_current("/services", "/servicesx", false));
        assert!(!is_current("/services/refund", "/services", false));
        assert!(!is_current("/", "/services", false), "home only at home");
        assert!(is_current("/", "/", false));
    }

    #[test]
    fn an_exact_link_is_current_only_at_its_address() {
        let link = "/services/applications";
        assert!(is_current(link, "/services/applications", true));
        assert!(is_current(link, "/services/applications/", true));
        assert!(!is_current(link, "/services/applications/refunds", true));
    }
}
