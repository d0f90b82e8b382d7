use super::params::ParamsMap;
use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;

/// Where the person is: the current address, as signals that change only when their part
/// of the address does.
///
/// ```ignore
/// let location = use_location();
/// Effect::new(move || log(&location.pathname.get()));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Location {
    /// The path, `/services/applications`.
    pub pathname: Memo<String>,
    /// The query without its `?`, `tab=eds`.
    pub search: Memo<String>,
    /// The query, decoded.
    pub query: Memo<ParamsMap>,
}

/// The router's state in the context: the address and the signals derived from it.
#[derive(Debug, Clone, Copy)]
struct Router {
    address: RwSignal<Address>,
    location: Location,
}

/// An address within the app: path, query (without `?`) and fragment (with `#`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Address {
    path: String,
    search: String,
    hash: String,
}

impl Address {
    /// The browser's current address.
    fn current() -> Self {
        let location = window().location();
        Self {
            path: location.pathname().unwrap_or_default(),
            search: location
                .search()
                .unwrap_or_default()
                .trim_start_matches('?')
                .to_owned(),
            hash: location.hash().unwrap_or_default(),
        }
    }

    /// Splits `/path?query#fragment`.
    fn parse(to: &str) -> Self {
        let (rest, hash) = match to.find('#') {
            Some(at) => to.split_at(at),
            None => (to, ""),
        };
        let (path, search) = rest.split_once('?').unwrap_or((rest, ""));
        Self {
            path: path.to_owned(),
            search: search.to_owned(),
            hash: hash.to_owned(),
        }
    }
}

/// How [`use_navigate`]'s function moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NavigateOptions {
    /// Replace the current history entry instead of adding one (a redirect, a tab switch).
    pub replace: bool,
    /// Scroll to the top (before the new screen is drawn) or to the fragment's element (once
    /// it is).
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        Self {
            replace: false,
            scroll: true,
        }
    }
}

/// Starts the router for the views created after it (in the same owner or below): reads the
/// browser's address, follows the app's own links without reloading the page, and follows
/// the back and forward buttons. Call once, at the root.
pub fn provide_router() {
    let address = RwSignal::new(Address::current());
    let pathname = Memo::new(move |_| address.with(|a| a.path.clone()));
    let search = Memo::new(move |_| address.with(|a| a.search.clone()));
    let query = Memo::new(move |_| search.with(|s| ParamsMap::from_query(s)));
    let router = Router {
        address,
        location: Location {
            pathname,
            search,
            query,
        },
    };
    provide_context(router);

    let clicks = window_event_listener(ev::click, move |ev| follow_link(router, ev));
    let history = window_event_listener(ev::popstate, move |_| {
        let now = Address::current();
        if address.with_untracked(|a| *a != now) {
            address.set(now);
        }
    });
    on_cleanup(move || {
        clicks.remove();
        history.remove();
    });
}

fn use_router() -> Router {
    use_context().expect("provide_router() is called at the root")
}

/// The current address.
pub fn use_location() -> Location {
    use_router().location
}

/// A function that moves to an address of the app (`/login?tab=eds`) without reloading.
/// Moving to the address already shown (as the app writes it) changes nothing but the scroll.
///
/// ```ignore
/// let navigate = use_navigate();
/// navigate("/services", NavigateOptions { replace: true, ..Default::default() });
/// ```
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + 'static {
    let router = use_router();
    move |to: &str, options: NavigateOptions| navigate(router, to, options)
}

fn navigate(router: Router, to: &str, options: NavigateOptions) {
    let unchanged = router.address.with_untracked(|a| *a == Address::parse(to));
    if !unchanged {
        let Ok(history) = window().history() else {
            return;
        };
        // The browser resolves `to` against the page and refuses another origin (`//x`,
        // `/\t/x`): on a refusal nothing changes; otherwise the address is read back as the
        // browser now has it.
        let state = wasm_bindgen::JsValue::NULL;
        let moved = if options.replace {
            history.replace_state_with_url(&state, "", Some(to))
        } else {
            history.push_state_with_url(&state, "", Some(to))
        };
        if moved.is_err() {
            return;
        }
        router.address.set(Address::current());
    }
    if options.scroll {
        let hash = router.address.with_untracked(|a| a.hash.clone());
        if hash.is_empty() {
            // Now, before the new screen is drawn and something on it takes the focus.
            window().scroll_to_with_x_and_y(0.0, 0.0);
        } else {
            // Once the new screen is drawn: the fragment's element may be on it.
            request_animation_frame(move || scroll_to_fragment(&hash));
        }
    }
}

/// Scrolls to the element a fragment (`#id`) names, or else to the top.
fn scroll_to_fragment(hash: &str) {
    let id = super::params::percent_decode(hash.trim_start_matches('#'));
    match document().get_element_by_id(&id) {
        Some(element) => element.scroll_into_view(),
        None => window().scroll_to_with_x_and_y(0.0, 0.0),
    }
}

/// Follows a click on a link to an address of the app in place, as the browser would but
/// without reloading it. Left alone, for the browser: a modified or other button's click,
/// a link to another site or window, a download, and a link to a place on the same page.
fn follow_link(router: Router, ev: ev::MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return;
    }
    let Some(link) = ev
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a[href]").ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    let same_origin = window().location().origin().ok() == Some(link.origin());
    if !same_origin
        || !link.target().is_empty()
        || link.has_attribute("download")
        || link.rel().split_whitespace().any(|rel| rel == "external")
    {
        return;
    }
    let (path, search, hash) = (link.pathname(), link.search(), link.hash());
    let same_page = router
        .address
        .with_untracked(|a| a.path == path && a.search == search.trim_start_matches('?'));
    if same_page && !hash.is_empty() {
        return;
    }
    ev.prevent_default();
    navigate(
        router,
        &format!("{path}{search}{hash}"),
        NavigateOptions::default(),
    );
}

#[cfg(test)]
mod tests {
    use super::Address;

    #[test]
    fn an_address_splits_into_path_query_and_fragment() {
        let a = Address::parse("/login?tab=eds&next=%2Fservices#iin");
        assert_eq!(a.path, "/login");
        assert_eq!(a.search, "tab=eds&next=%2Fservices");
        assert_eq!(a.hash, "#iin");
        assert_eq!(
            Address::parse("/services"),
            Address {
                path: "/services".into(),
                ..Default::default()
            }
        );
        assert_eq!(Address::parse("/a#b?c").search, "");
    }
}
