use super::location::use_location;
use leptos::prelude::*;

/// The parameters of an address: its query (`?tab=eds`) or its path's named parts (`:id`),
/// decoded. A key given twice keeps its first value, as `URLSearchParams.get` does.
///
/// ```ignore
/// let query = use_query_map();
/// let tab = move || query.with(|q| q.get("tab"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParamsMap(Vec<(String, String)>);

impl ParamsMap {
    /// Parses a query string, with or without its leading `?`: `+` is a space and `%XX` a
    /// byte of UTF-8.
    pub fn from_query(search: &str) -> Self {
        let pairs = search
            .trim_start_matches('?')
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode_query(key), decode_query(value))
            })
            .collect();
        Self(pairs)
    }

    /// A map of one parameter.
    pub fn with_param(key: &str, value: String) -> Self {
        Self(vec![(key.to_owned(), value)])
    }

    /// The first value of `key`.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value.as_str())
    }

    /// The first value of `key`, owned.
    pub fn get(&self, key: &str) -> Option<String> {
        self.get_str(key).map(str::to_owned)
    }
}

/// Decodes one component of a query string (`application/x-www-form-urlencoded`).
fn decode_query(text: &str) -> String {
    percent_decode(&text.replace('+', " "))
}

/// Decodes `%XX` escapes (bytes of UTF-8, as `decodeURIComponent`); an escape that is not
/// one is kept as it is, and invalid UTF-8 becomes U+FFFD rather than failing the page.
pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes[i..] {
            [b'%', high, low, ..] => hex_pair(high, low),
            _ => None,
        };
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_pair(high: u8, low: u8) -> Option<u8> {
    let digit = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    Some(digit(high)? * 16 + digit(low)?)
}

/// The named parts of the path of the screen shown (the application of
/// `/services/applications/:id/print`), provided by the route table.
#[derive(Debug, Clone)]
pub struct RouteParams(pub ParamsMap);

/// The current address's query, decoded; changes when the query does.
pub fn use_query_map() -> Memo<ParamsMap> {
    use_location().query
}

/// The named parts of the current screen's path (`id` of `/services/applications/:id/print`).
pub fn use_params_map() -> Signal<ParamsMap> {
    Signal::stored(
        use_context::<RouteParams>()
            .map(|p| p.0)
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::ParamsMap;

    #[test]
    fn a_query_is_decoded_as_a_browser_does() {
        let q = ParamsMap::from_query(
            "?tab=eds&next=%2Fservices%2Frefund%3Fstep%3D2&x=a+b&empty=&flag",
        );
        assert_eq!(q.get("tab").as_deref(), Some("eds"));
        assert_eq!(q.get("next").as_deref(), Some("/services/refund?step=2"));
        assert_eq!(q.get("x").as_deref(), Some("a b"));
        assert_eq!(q.get("empty").as_deref(), Some(""));
        assert_eq!(q.get("flag").as_deref(), Some(""));
        assert_eq!(q.get("missing"), None);
    }

    #[test]
    fn a_path_part_is_decoded_without_plus_as_space() {
        assert_eq!(super::percent_decode("A-1%2F2+x%20%D0%B0"), "A-1/2+x а");
        assert_eq!(super::percent_decode("100%"), "100%");
    }

    #[test]
    fn the_first_of_a_repeated_key_counts_and_bad_escapes_are_kept() {
        let q = ParamsMap::from_query("page=2&page=3&n=%D0%90%zz%4");
        assert_eq!(q.get_str("page"), Some("2"));
        assert_eq!(q.get_str("n"), Some("А%zz%4"));
        assert_eq!(
            ParamsMap::from_query("a=%FF").get_str("a"),
            Some("\u{FFFD}")
        );
        assert_eq!(ParamsMap::from_query(""), ParamsMap::default());
    }
}
