//! `--static DIR`: the built frontend with an SPA fallback and cache headers.

use std::path::Path;

use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::middleware::{from_fn, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// A file name Trunk made with a content hash: a run of 12 or more hex digits (Trunk writes
/// a 64-bit hash in hex without leading zeros, so it is sometimes shorter than 16).
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let mut run = 0;
    for c in name.chars() {
        if c.is_ascii_hexdigit() {
            run += 1;
            if run >= 12 {
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
    // A file may be sent compressed or not depending on the request: caches must key on it.
    if !html {
        response.headers_mut().insert(
            axum::http::header::VARY,
            HeaderValue::from_static("accept-encoding"),
        );
    }
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

/// Files of `dir`; a GET for anything else answers `dir/index.html` with 200. A file's
/// `.br` / `.gz` sibling (written by the release build) is sent instead when the browser
/// accepts that encoding, with `Content-Encoding` and `Vary: accept-encoding`.
pub(crate) fn service(dir: &Path, ncalayer_url: &str) -> Router {
    let spa = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(dir.join("index.html")));
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
    use super::{is_hashed, service, with_ncalayer_meta};
    use axum::{body::Body, http::Request};
    use tower::ServiceExt;

    #[tokio::test]
    async fn pre_compressed_files_are_sent_to_browsers_that_accept_them() {
        let dir = std::env::temp_dir().join(format!("zeinet-static-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<html><head></head></html>").unwrap();
        std::fs::write(dir.join("app-0123456789abcdef_bg.wasm"), b"raw wasm").unwrap();
        std::fs::write(dir.join("app-0123456789abcdef_bg.wasm.br"), b"brotli").unwrap();
        std::fs::write(dir.join("app-0123456789abcdef_bg.wasm.gz"), b"gzip").unwrap();
        let get = |encoding: &'static str| {
            let router = service(&dir, "ws://127.0.0.1:13579");
            async move {
                let request = Request::get("/app-0123456789abcdef_bg.wasm")
                    .header("accept-encoding", encoding)
                    .body(Body::empty())
                    .unwrap();
                let response = router.oneshot(request).await.unwrap();
                let headers = response.headers().clone();
                let body = axum::body::to_bytes(response.into_body(), 1 << 20)
                    .await
                    .unwrap();
                let header = |name: &str| {
                    headers
                        .get(name)
                        .map(|v| v.to_str().unwrap().to_owned())
                        .unwrap_or_default()
                };
                (
                    header("content-encoding"),
                    header("vary"),
                    header("content-type"),
                    body,
                )
            }
        };
        let (encoding, vary, kind, body) = get("gzip, deflate, br").await;
        assert_eq!((encoding.as_str(), &body[..]), ("br", &b"brotli"[..]));
        assert!(vary.to_ascii_lowercase().contains("accept-encoding"));
        assert_eq!(kind, "application/wasm");
        let (encoding, _, _, body) = get("gzip").await;
        assert_eq!((encoding.as_str(), &body[..]), ("gzip", &b"gzip"[..]));
        let (encoding, _, _, body) = get("identity").await;
        assert_eq!((encoding.as_str(), &body[..]), ("", &b"raw wasm"[..]));
        std::fs::remove_dir_all(&dir).unwrap();
    }

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
        assert!(is_hashed("/zeinet-a2e8e7f20a1aaf5.js"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/favicon-123.ico"));
        assert!(!is_hashed("/0123456789abcdef0/index.html"));
    }
}
