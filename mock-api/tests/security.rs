//! The mock's security hardening (issue 7, part 3, server side): the headers of a deployment,
//! the session cookie's life, the log-in throttle, errors that are always JSON, no secrets in
//! URLs, and a log without personal data.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::*;
use mock_api::throttle::{CLIENT_WINDOW_SECONDS, MAX_CLIENT_FAILURES};
use mock_api::time::parse_rfc3339;
use mock_api::Options;
use serde_json::{json, Value};

const LOGIN: &str = "/api/auth/password";

fn assert_deployment_headers(reply: &Reply, what: &str) {
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
    ] {
        assert_eq!(reply.header(name), Some(value), "{what}: {name}");
    }
    let permissions = reply
        .header("permissions-policy")
        .unwrap_or_else(|| panic!("{what}: Permissions-Policy"));
    for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()"] {
        assert!(permissions.contains(feature), "{what}: {permissions}");
    }
    // The mock speaks HTTP: HSTS belongs to the TLS-terminating server of a deployment.
    assert!(
        reply.header("strict-transport-security").is_none(),
        "{what}: no HSTS over http"
    );
}

#[tokio::test]
async fn every_response_has_the_deployment_headers_and_the_api_is_never_cached() {
    let dir = static_dir();
    let (_, app) = new_app(Options {
        dev: true,
        static_dir: Some(dir.clone()),
        ..Options::default()
    });
    let cookie = login(&app, IVANOV).await;
    for (method, path, cookie) in [
        ("GET", "/api/status", None),
        ("GET", "/api/applications", Some(cookie.as_str())),
        ("GET", "/api/applications", None),
        ("GET", "/api/applications/app-188041", Some(cookie.as_str())),
        ("GET", "/api/nope", None),
        ("DELETE", "/api/banks", None),
        ("POST", LOGIN, None),
        ("GET", "/__dev/health", None),
        ("GET", "/__dev/nope", None),
        ("POST", "/__dev/health", None),
    ] {
        let reply = call(&app, method, path, None, cookie).await;
        let what = format!("{method} {path} ({})", reply.status);
        assert_deployment_headers(&reply, &what);
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{what}");
        assert!(
            reply.header("content-security-policy").is_none(),
            "{what}: CSP on HTML only"
        );
    }
    for path in [
        "/",
        "/services/applications",
        "/zeinet-3f2a1b9c8d7e6f50_bg.wasm",
    ] {
        let reply = call(&app, "GET", path, None, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_deployment_headers(&reply, path);
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// The directives of a CSP header, by name.
fn directives(csp: &str) -> Vec<(String, Vec<String>)> {
    csp.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace().map(str::to_owned);
            (words.next().unwrap(), words.collect())
        })
        .collect()
}

#[tokio::test]
async fn the_pages_csp_allows_no_inline_or_eval_script_and_connects_only_home_and_to_ncalayer() {
    let dir = static_dir();
    let (_, app) = new_app(Options {
        static_dir: Some(dir.clone()),
        ncalayer_url: "wss://127.0.0.1:24680".into(),
        ..Options::default()
    });
    let reply = call(&app, "GET", "/", None, None).await;
    let csp = reply
        .header("content-security-policy")
        .expect("CSP on HTML");
    let d = directives(csp);
    let get = |name: &str| {
        d.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.join(" "))
            .unwrap_or_else(|| panic!("{name} in {csp}"))
    };
    assert!(
        !csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    assert_eq!(get("script-src"), "'self' 'wasm-unsafe-eval'");
    assert_eq!(get("default-src"), "'self'");
    assert_eq!(
        get("connect-src"),
        "'self' ws://127.0.0.1:24680 wss://127.0.0.1:24680"
    );
    assert_eq!(get("frame-ancestors"), "'none'");
    assert_eq!(get("object-src"), "'none'");
    assert_eq!(get("base-uri"), "'self'");
    assert_eq!(get("form-action"), "'self'");
    let _ = std::fs::remove_dir_all(dir);
}

fn with_header(mut req: Request<Body>, name: &'static str, value: &str) -> Request<Body> {
    req.headers_mut().insert(name, value.parse().unwrap());
    req
}

fn login_request(iin: &str, password: &str, cookie: Option<&str>) -> Request<Body> {
    request(
        "POST",
        LOGIN,
        Some(&json!({"iin": iin, "password": password})),
        cookie,
    )
}

#[tokio::test]
async fn the_session_cookie_is_httponly_strict_and_secure_over_https() {
    let (_, app) = new_app(Options::default());
    let plain = send(&app, login_request(IVANOV, PASSWORD, None)).await;
    let attrs = attributes(plain.header("set-cookie").unwrap());
    for a in ["httponly", "samesite=strict", "path=/"] {
        assert!(attrs.iter().any(|x| x == a), "{a} in {attrs:?}");
    }
    assert!(
        !attrs.iter().any(|x| x == "secure"),
        "plain http: {attrs:?}"
    );

    for (name, value) in [
        ("x-forwarded-proto", "https"),
        ("forwarded", "for=192.0.2.1;proto=https"),
    ] {
        let reply = send(
            &app,
            with_header(login_request(IVANOV, PASSWORD, None), name, value),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK);
        let attrs = attributes(reply.header("set-cookie").unwrap());
        assert_eq!(
            attrs.iter().filter(|x| *x == "secure").count(),
            1,
            "{name}: {value}: {attrs:?}"
        );
        // and the log-out's clearing cookie too
        let cookie = reply.session_cookie().unwrap();
        let out = send(
            &app,
            with_header(
                request("POST", "/api/auth/logout", None, Some(&cookie)),
                name,
                value,
            ),
        )
        .await;
        assert!(attributes(out.header("set-cookie").unwrap()).contains(&"secure".to_owned()));
    }
    // a proxy saying http is not https
    let reply = send(
        &app,
        with_header(
            login_request(IVANOV, PASSWORD, None),
            "x-forwarded-proto",
            "http",
        ),
    )
    .await;
    assert!(!attributes(reply.header("set-cookie").unwrap()).contains(&"secure".to_owned()));
    // --secure-cookies: Secure once, not twice
    let (_, secure) = new_app(Options {
        secure_cookies: true,
        ..Options::default()
    });
    let reply = send(
        &secure,
        with_header(
            login_request(IVANOV, PASSWORD, None),
            "x-forwarded-proto",
            "https",
        ),
    )
    .await;
    let attrs = attributes(reply.header("set-cookie").unwrap());
    assert_eq!(attrs.iter().filter(|x| *x == "secure").count(), 1);
}

#[tokio::test]
async fn every_log_in_gets_a_new_session_and_ends_the_one_it_carried() {
    let (_, app) = new_app(Options::default());
    let other_device = login(&app, IVANOV).await;
    let first = login(&app, IVANOV).await;
    let reply = send(&app, login_request(IVANOV, PASSWORD, Some(&first))).await;
    assert_eq!(reply.status, StatusCode::OK);
    let second = reply.session_cookie().unwrap();
    assert_ne!(second, first, "a new id at every log-in");
    let status = |cookie: String| {
        let app = app.clone();
        async move {
            call(&app, "GET", "/api/session", None, Some(&cookie))
                .await
                .status
        }
    };
    assert_eq!(status(first.clone()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status(second.clone()).await, StatusCode::OK);
    assert_eq!(
        status(other_device.clone()).await,
        StatusCode::OK,
        "another browser's session is not this one"
    );
    // a planted cookie (someone else's session) is ended by the victim's log-in as well
    let planted = login(&app, PETROV).await;
    let reply = send(&app, login_request(AIGUL, PASSWORD, Some(&planted))).await;
    assert_eq!(reply.json()["iin"], AIGUL);
    assert_eq!(status(planted).await, StatusCode::UNAUTHORIZED);
    // a refused log-in ends nothing
    let reply = send(&app, login_request(IVANOV, "wrong-password", Some(&second))).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(status(second).await, StatusCode::OK);
}

#[tokio::test]
async fn log_out_ends_the_session_on_the_server() {
    let (_, app) = new_app(Options::default());
    let cookie = login(&app, IVANOV).await;
    let reply = call(&app, "POST", "/api/auth/logout", None, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    // the browser would drop the cookie; a copy of it must not work either
    let reply = call(&app, "GET", "/api/applications", None, Some(&cookie)).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "unauthenticated")
    );
}

/// `n` valid IINs without an account (check digit right, not in the fixtures).
fn unknown_iins(n: usize) -> Vec<String> {
    (850_505_400_000u64..)
        .map(|x| x.to_string())
        .filter(|s| zeinet_domain::is_valid_iin(s))
        .take(n)
        .collect()
}

fn from(client: [u8; 4], req: Request<Body>) -> Request<Body> {
    let mut req = req;
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((client, 50_000))));
    req
}

async fn login_from(app: &Router, client: [u8; 4], iin: &str, password: &str) -> Reply {
    send(app, from(client, login_request(iin, password, None))).await
}

#[tokio::test]
async fn failed_log_ins_of_one_client_are_throttled_with_retry_after() {
    let (_, app) = dev_app();
    const SPRAYER: [u8; 4] = [203, 0, 113, 9];
    const NEIGHBOUR: [u8; 4] = [203, 0, 113, 10];
    // one password tried on many IINs: no IIN reaches its own lock-out
    for (i, iin) in unknown_iins(MAX_CLIENT_FAILURES).iter().enumerate() {
        let reply = login_from(&app, SPRAYER, iin, "Qwerty-2026!").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {}", i + 1);
    }
    let reply = login_from(&app, SPRAYER, IVANOV, PASSWORD).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
        "even the right password, while blocked"
    );
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert!(reply.header("set-cookie").is_none());
    let retry: i64 = reply.header("retry-after").unwrap().parse().unwrap();
    assert!(
        (CLIENT_WINDOW_SECONDS - 60..=CLIENT_WINDOW_SECONDS).contains(&retry),
        "{retry}"
    );
    let until = parse_rfc3339(reply.json()["until"].as_str().unwrap()).unwrap();
    let now = mock_api::time::now_unix();
    assert!(
        (until - now - retry).abs() <= 2,
        "until and Retry-After agree"
    );
    let body = reply.json();
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["code", "message", "until"],
        "the Error shape"
    );
    // another client is not affected
    let reply = login_from(&app, NEIGHBOUR, IVANOV, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK);
    // after the window (the mock's clock), the right password works again
    let reply = call(
        &app,
        "POST",
        "/__dev/clock",
        Some(json!({"advance_seconds": CLIENT_WINDOW_SECONDS})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = login_from(&app, SPRAYER, IVANOV, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK);

    // /__dev/reset clears the throttle (test runs are independent)
    for iin in unknown_iins(MAX_CLIENT_FAILURES) {
        login_from(&app, SPRAYER, &iin, "x").await;
    }
    let reply = login_from(&app, SPRAYER, IVANOV, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        call(&app, "POST", "/__dev/reset", None, None).await.status,
        StatusCode::NO_CONTENT
    );
    let reply = login_from(&app, SPRAYER, IVANOV, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn the_per_iin_lock_out_says_when_too() {
    let (_, app) = new_app(Options::default());
    for _ in 0..4 {
        let reply = login_from(&app, [198, 51, 100, 1], PETROV, "wrong").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let reply = login_from(&app, [198, 51, 100, 1], PETROV, "wrong").await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::FORBIDDEN, "account_locked")
    );
    let retry: i64 = reply.header("retry-after").unwrap().parse().unwrap();
    assert!((14 * 60..=15 * 60).contains(&retry), "{retry}");
}

/// True when the body carries no markup: no `<` or `>` at all (JSON escapes them as `\u003c`).
fn no_markup(reply: &Reply) -> bool {
    !reply.body.contains(&b'<') && !reply.body.contains(&b'>')
}

fn assert_json_error(reply: &Reply, what: &str) -> Value {
    assert!(reply.status.as_u16() >= 400, "{what}: {}", reply.status);
    assert_eq!(
        reply.header("content-type"),
        Some("application/json"),
        "{what}: {:?}",
        String::from_utf8_lossy(&reply.body)
    );
    let body = reply.json();
    assert!(
        body["code"].is_string() && body["message"].is_string(),
        "{what}: {body}"
    );
    assert!(no_markup(reply), "{what}: {:?}", reply.body);
    body
}

#[tokio::test]
async fn errors_are_json_in_the_error_shape_and_never_echo_markup() {
    let (_, app) = dev_app();
    let cookie = login(&app, IVANOV).await;
    let script = "<script>alert(1)</script>";
    let raw = |method: &str, path: &str, ct: Option<&str>, body: &str| {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(ct) = ct {
            b = b.header("content-type", ct);
        }
        b.header("cookie", cookie.as_str())
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let cases: Vec<(&str, Request<Body>)> = vec![
        ("markup in a field", {
            let body = json!({"iin": script, "password": script});
            request("POST", LOGIN, Some(&body), None)
        }),
        (
            "markup in an enum",
            raw(
                "POST",
                "/api/refund/bank-check",
                Some("application/json"),
                &json!({"bic": script, "iban": script, "account_type": script}).to_string(),
            ),
        ),
        (
            "markup as the body",
            raw("POST", LOGIN, Some("application/json"), script),
        ),
        (
            "HTML content type",
            raw("POST", LOGIN, Some("text/html"), script),
        ),
        ("no content type", raw("POST", LOGIN, None, "{}")),
        (
            "form content type",
            raw(
                "POST",
                LOGIN,
                Some("application/x-www-form-urlencoded"),
                "iin=1",
            ),
        ),
        (
            "malformed JSON",
            raw("POST", LOGIN, Some("application/json"), "{\"iin\":"),
        ),
        (
            "wrong JSON type",
            raw("POST", LOGIN, Some("application/json"), "[1,2]"),
        ),
        (
            "unknown API path",
            raw("GET", "/api/%3Cscript%3Ealert(1)%3C/script%3E", None, ""),
        ),
        (
            "unknown id with markup",
            raw("GET", "/api/applications/%3Cscript%3E", None, ""),
        ),
        (
            "unknown procedure",
            raw("GET", "/api/egov/sign/%3Cb%3Ex", None, ""),
        ),
        ("wrong method", raw("PATCH", "/api/applications", None, "")),
        (
            "wrong method on /__dev",
            raw("DELETE", "/__dev/health", None, ""),
        ),
        (
            "dev query rejection",
            raw("GET", "/__dev/sms?phone=1&phone=2", None, ""),
        ),
        (
            "dev body with markup",
            raw(
                "PUT",
                "/__dev/faults",
                Some("application/json"),
                &json!({"path": script}).to_string(),
            ),
        ),
        (
            "too large",
            raw(
                "POST",
                LOGIN,
                Some("application/json"),
                &"x".repeat(3 << 20),
            ),
        ),
    ];
    for (what, req) in cases {
        let reply = send(&app, req).await;
        assert_json_error(&reply, what);
    }
    // what was echoed, if at all, is the same text once parsed (escaped, not dropped)
    let reply = send(
        &app,
        raw(
            "PUT",
            "/__dev/faults",
            Some("application/json"),
            &json!({"path": script}).to_string(),
        ),
    )
    .await;
    let body = assert_json_error(&reply, "faults");
    assert!(body["message"].as_str().unwrap().contains(script), "{body}");
    assert!(String::from_utf8_lossy(&reply.body).contains("\\u003cscript\\u003e"));
}

#[test]
fn no_contract_operation_takes_a_secret_in_its_url() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../contract/openapi.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let forbidden = [
        "iin", "password", "iban", "token", "session", "cms", "code", "phone",
    ];
    let mut url_parameters = Vec::new();
    for (template, item) in doc["paths"].as_object().unwrap() {
        let lower = template.to_ascii_lowercase();
        for word in forbidden {
            assert!(!lower.contains(&format!("{{{word}")), "{template}");
        }
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                let p = if let Some(r) = p.get("$ref") {
                    doc.pointer(r.as_str().unwrap().trim_start_matches('#'))
                        .unwrap()
                } else {
                    p
                };
                let (name, place) = (p["name"].as_str().unwrap(), p["in"].as_str().unwrap());
                if place == "path" || place == "query" {
                    url_parameters.push(format!("{method} {template} {place}:{name}"));
                    assert_eq!(name, "id", "{method} {template}: {place} parameter {name}");
                    assert_eq!(place, "path", "{method} {template}: no query parameters");
                }
            }
        }
    }
    assert!(!url_parameters.is_empty());
    // the session travels in the cookie only
    assert_eq!(
        doc["components"]["securitySchemes"]["cookieAuth"]["in"],
        "cookie"
    );
}

/// Sends one HTTP/1.1 request to the running binary and reads the whole answer.
fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&str>) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let body = body.unwrap_or("");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

#[test]
fn the_log_holds_no_iin_iban_password_or_session() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let log = std::env::temp_dir().join(format!("mock-api-security-log-{}", std::process::id()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_mock-api"))
        .args(["--dev", "--ncalayer-port", "0", "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let started = Instant::now();
    while TcpStream::connect(addr).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the mock did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let secret = "Secret-Pa55word!";
    let ok = http(
        addr,
        "POST",
        LOGIN,
        Some(&json!({"iin": IVANOV, "password": PASSWORD}).to_string()),
    );
    let session = ok
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("set-cookie: zeinet_session=")
                .map(str::to_owned)
        })
        .and_then(|v| v.split(';').next().map(str::to_owned))
        .expect("a session cookie");
    http(
        addr,
        "POST",
        LOGIN,
        Some(&json!({"iin": PETROV, "password": secret}).to_string()),
    );
    http(
        addr,
        "GET",
        &format!("/api/users/{AIGUL}?iin={AIGUL}"),
        None,
    );
    http(addr, "GET", "/api/accounts/KZ327225000000680371", None);
    http(
        addr,
        "PUT",
        "/__dev/ncalayer",
        Some(&json!({"iin": PETROV, "mode": "normal"}).to_string()),
    );
    http(
        addr,
        "POST",
        "/api/register/start",
        Some(&json!({"iin": NOT_REGISTERED, "phone": "+77070000823"}).to_string()),
    );
    let _ = child.kill();
    let _ = child.wait();
    let text = std::fs::read_to_string(&log).unwrap();
    let _ = std::fs::remove_file(&log);
    assert!(text.contains("POST /api/auth/password → 200"), "{text}");
    assert!(text.contains("/api/users/********0017 → 404"), "{text}");
    for secret in [
        IVANOV,
        PETROV,
        AIGUL,
        NOT_REGISTERED,
        PASSWORD,
        secret,
        "KZ327225000000680371",
        "680371",
        session.as_str(),
    ] {
        assert!(!text.contains(secret), "{secret:?} in the log:\n{text}");
    }
}
