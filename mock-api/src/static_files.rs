//! `--static DIR`: the built frontend with an SPA fallback and cache headers.

use std::path::Path;

use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::middleware::{from_fn, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// A file name Trunk made with a content hash: a run of 16 or more hex digits.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let mut run = 0;
    for c in name.chars() {
        if c.is_ascii_hexdigit() {
            run += 1;
            if run >= 16 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_hashed(req.uri().path());
    let mut response = next.run(req).await;
    let html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let ok = response.status().is_success() || response.status().as_u16() == 304;
    let value = if hashed && ok && !html {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Deployment configuration a real server writes into the page it serves: the NCALayer
/// address, as `<meta name="zeinet:ncalayer-url">`, unless the page already names one. The
/// built page carries the production default; this points it at the stand-in.
pub fn with_ncalayer_meta(html: &str, ncalayer_url: &str) -> String {
    if html.contains("<meta name=\"zeinet:ncalayer-url\"") {
        return html.to_owned();
    }
    let url = format!("{}/", ncalayer_url.trim_end_matches('/'));
    let escaped = url
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    let meta = format!("<meta name=\"zeinet:ncalayer-url\" content=\"{escaped}\" />");
    match html.find("</head>") {
        Some(at) => format!("{}{meta}\n{}", &html[..at], &html[at..]),
        None => html.to_owned(),
    }
}

async fn configure_html(ncalayer_url: String, req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html || !response.status().is_success() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return Response::from_parts(parts, axum::body::Body::empty());
    };
    let page = with_ncalayer_meta(&String::from_utf8_lossy(&bytes), &ncalayer_url);
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts.headers.remove(axum::http::header::ETAG);
    parts.headers.remove(axum::http::header::LAST_MODIFIED);
    Response::from_parts(parts, axum::body::Body::from(page))
}

/// Files of `dir`; a GET for anything else answers `dir/index.html` with 200.
pub(crate) fn service(dir: &Path, ncalayer_url: &str) -> Router {
    let spa = ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")));
    let ncalayer_url = ncalayer_url.to_owned();
    Router::new()
        .fallback_service(spa)
        .layer(from_fn(move |req, next| {
            configure_html(ncalayer_url.clone(), req, next)
        }))
        .layer(from_fn(cache_headers))
}

#[cfg(test)]
mod tests {
    use super::{is_hashed, with_ncalayer_meta};

    #[test]
    fn the_page_is_pointed_at_the_configured_ncalayer_once() {
        let page = "<html><head><title>t</title></head><body></body></html>";
        let configured = with_ncalayer_meta(page, "ws://127.0.0.1:13579");
        assert!(configured.contains(
            "<meta name=\"zeinet:ncalayer-url\" content=\"ws://127.0.0.1:13579/\" />\n</head>"
        ));
        assert_eq!(with_ncalayer_meta(&configured, "ws://other:1"), configured);
        assert!(!with_ncalayer_meta(page, "ws://x/\"><script>").contains("\"><script>"));
    }

    #[test]
    fn trunk_hashes() {
        assert!(is_hashed("/zeinet-3f2a1b9c8d7e6f50_bg.wasm"));
        assert!(is_hashed("/style-0123456789abcdef.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/favicon-123.ico"));
        assert!(!is_hashed("/0123456789abcdef0/index.html"));
    }
}
