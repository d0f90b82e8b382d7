//! Deployment configuration, read from `<meta>` tags in `index.html` so that pointing the
//! cabinet at another backend or NCALayer is an edit of the page, not of the code.
//!
//! ```html
//! <meta name="zeinet:api-base" content="https://cabinet.example.kz/api">
//! <meta name="zeinet:ncalayer-url" content="wss://127.0.0.1:13579/">   (optional)
//! ```

/// Where the backend's REST API lives (no trailing slash). Default: `/api` on this origin.
pub fn api_base() -> String {
    meta("zeinet:api-base")
        .map(|base| base.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| "/api".to_owned())
}

/// The NCALayer WebSocket: the page's `<meta>` if it names one (a server may write it), else
/// the build's `ZEINET_NCALAYER_URL` (`make dev` sets the stand-in's), else the real NCALayer.
pub fn ncalayer_url() -> String {
    meta("zeinet:ncalayer-url").unwrap_or_else(|| {
        option_env!("ZEINET_NCALAYER_URL")
            .unwrap_or("wss://127.0.0.1:13579/")
            .to_owned()
    })
}

fn meta(name: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let element = document
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()??;
    element
        .get_attribute("content")
        .filter(|value| !value.trim().is_empty())
}
