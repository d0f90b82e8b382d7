//! Behaviour of the handlers and layers, through the router.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::*;
use mock_api::time::{now_unix, parse_rfc3339};
use mock_api::{Options, ROUTES};
use serde_json::{json, Value};

fn login_body(iin: &str, password: &str) -> Option<Value> {
    Some(json!({"iin": iin, "password": password}))
}

#[tokio::test]
async fn login_sets_an_httponly_samesite_strict_cookie() {
    let (_, app) = new_app(Options::default());
    let reply = call(
        &app,
        "POST",
        "/api/auth/password",
        login_body(IVANOV, PASSWORD),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        without_id(reply.json()),
        json!({"iin": IVANOV, "full_name": "Иванов Иван Иванович", "phone_masked": "+7 701 *** ** 07"})
    );
    let cookie = reply.header("set-cookie").unwrap().to_owned();
    let parts: Vec<&str> = cookie.split("; ").collect();
    let value = parts[0].strip_prefix("zeinet_session=").unwrap();
    assert_eq!(value.len(), 64, "32 random bytes in hex");
    assert!(value.bytes().all(|b| b.is_ascii_hexdigit()));
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(parts.contains(&attr), "{attr} in {cookie}");
    }
    assert!(
        !parts.contains(&"Secure"),
        "no Secure unless --secure-cookies"
    );
    // another log-in gets another session
    let again = call(
        &app,
        "POST",
        "/api/auth/password",
        login_body(IVANOV, PASSWORD),
        None,
    )
    .await;
    assert_ne!(again.session_cookie(), reply.session_cookie());

    let (_, secure) = new_app(Options {
        secure_cookies: true,
        ..Options::default()
    });
    let reply = call(
        &secure,
        "POST",
        "/api/auth/password",
        login_body(IVANOV, PASSWORD),
        None,
    )
    .await;
    assert!(reply
        .header("set-cookie")
        .unwrap()
        .split("; ")
        .any(|p| p == "Secure"));
}

#[tokio::test]
async fn wrong_password_is_401_without_a_hint() {
    let (_, app) = new_app(Options::default());
    let wrong_password = call(
        &app,
        "POST",
        "/api/auth/password",
        login_body(IVANOV, "Zeinet-2025!"),
        None,
    )
    .await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.code(), "invalid_credentials");
    assert!(wrong_password.header("set-cookie").is_none());
    // the same answer, byte for byte, for an IIN without an account and an unknown one
    for iin in [NOT_REGISTERED, "061211600012"] {
        let other = call(
            &app,
            "POST",
            "/api/auth/password",
            login_body(iin, "Zeinet-2025!"),
            None,
        )
        .await;
        assert_eq!(other.status, StatusCode::UNAUTHORIZED);
        assert_eq!(other.body, wrong_password.body, "{iin}");
    }
}

#[tokio::test]
async fn login_validation_names_the_fields() {
    let (_, app) = new_app(Options::default());
    let reply = call(&app, "POST", "/api/auth/password", Some(json!({})), None).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.json()["fields"],
        json!({"iin": "required", "password": "required"})
    );
    let reply = call(
        &app,
        "POST",
        "/api/auth/password",
        login_body("900101300008", "x"),
        None,
    )
    .await;
    assert_eq!(reply.json()["fields"], json!({"iin": "invalid_iin"}));
    let reply = call(
        &app,
        "POST",
        "/api/auth/password",
        login_body("90010130000", ""),
        None,
    )
    .await;
    assert_eq!(
        reply.json()["fields"],
        json!({"iin": "invalid_iin", "password": "required"})
    );
    // invalid input does not count towards the lock-out
    for _ in 0..6 {
        call(
            &app,
            "POST",
            "/api/auth/password",
            login_body(IVANOV, ""),
            None,
        )
        .await;
    }
    login(&app, IVANOV).await;
}

#[tokio::test]
async fn five_failures_lock_the_iin_for_15_minutes() {
    let (_, app) = new_app(Options::default());
    for i in 1..=4 {
        let reply = call(
            &app,
            "POST",
            "/api/auth/password",
            login_body(IVANOV, "wrong"),
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "failure {i}");
    }
    let reply = call(
        &app,
        "POST",
        "/api/auth/password",
        login_body(IVANOV, "wrong"),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let body = reply.json();
    assert_eq!(body["code"], "account_locked");
    let until = parse_rfc3339(body["until"].as_str().unwrap()).expect("until is a date-time");
    let expected = now_unix() + 15 * 60;
    assert!(
        (expected - 5..=expected + 1).contains(&until),
        "until {until} vs {expected}"
    );
    // locked even with the right password; other IINs are not
    let reply = call(
        &app,
        "POST",
        "/api/auth/password",
        login_body(IVANOV, PASSWORD),
        None,
    )
    .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::FORBIDDEN, "account_locked")
    );
    assert!(reply.header("set-cookie").is_none());
    login(&app, PETROV).await;
}

#[tokio::test]
async fn a_successful_login_resets_the_failure_count() {
    let (_, app) = new_app(Options::default());
    for _ in 0..4 {
        call(
            &app,
            "POST",
            "/api/auth/password",
            login_body(IVANOV, "wrong"),
            None,
        )
        .await;
    }
    login(&app, IVANOV).await;
    for _ in 0..4 {
        let reply = call(
            &app,
            "POST",
            "/api/auth/password",
            login_body(IVANOV, "wrong"),
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn logout_ends_the_session() {
    let (_, app) = new_app(Options::default());
    let cookie = login(&app, IVANOV).await;
    let other = login(&app, IVANOV).await;
    assert_eq!(
        call(&app, "GET", "/api/session", None, Some(&cookie))
            .await
            .status,
        StatusCode::OK
    );
    let reply = call(&app, "POST", "/api/auth/logout", None, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.body.is_empty());
    let cleared = reply.header("set-cookie").unwrap();
    assert!(
        cleared.starts_with("zeinet_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    assert!(cleared.contains("HttpOnly") && cleared.contains("SameSite=Strict"));
    for path in ["/api/session", "/api/profile", "/api/applications"] {
        let reply = call(&app, "GET", path, None, Some(&cookie)).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::UNAUTHORIZED, "unauthenticated")
        );
    }
    // only that session ended; logging out again (or without a session) is still 204
    assert_eq!(
        call(&app, "GET", "/api/session", None, Some(&other))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        call(&app, "POST", "/api/auth/logout", None, Some(&cookie))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(&app, "POST", "/api/auth/logout", None, None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn the_user_without_applications_gets_empty_lists() {
    let (_, app) = new_app(Options::default());
    let cookie = login(&app, AIGUL).await;
    for path in [
        "/api/applications",
        "/api/refund/payment-orders",
        "/api/refund/applications",
    ] {
        let reply = call(&app, "GET", path, None, Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.json(), json!({"items": []}), "{path}");
    }
    let profile = call(&app, "GET", "/api/profile", None, Some(&cookie))
        .await
        .json();
    assert_eq!(profile["full_name"], "Серікқызы Айгүл Маратқызы");
    assert_eq!(profile["phone_masked"], "+7 777 *** ** 17");
}

#[tokio::test]
async fn applications_are_newest_first_with_the_memo_rows() {
    let (_, app) = new_app(Options::default());
    let cookie = login(&app, IVANOV).await;
    let list = call(&app, "GET", "/api/applications", None, Some(&cookie))
        .await
        .json();
    let items = list["items"].as_array().unwrap();
    assert!(items.len() >= 24);
    for pair in items.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let key = |x: &Value| {
            let n = x["number"].as_str().unwrap();
            (
                x["filed_on"].as_str().unwrap().to_owned(),
                n.len(),
                n.to_owned(),
            )
        };
        assert!(
            key(a) > key(b),
            "order: {} before {}",
            a["number"],
            b["number"]
        );
    }
    let pos = |n: &str| items.iter().position(|i| i["number"] == n).unwrap();
    assert!(
        pos("1204533") < pos("1204518"),
        "same day: the higher number first"
    );
    for item in items {
        let expected = item["kind"] == "ipm_transfer" && item["status"] == "accepted";
        assert_eq!(item["cancellable"], expected, "{item}");
    }
    let memo = call(
        &app,
        "GET",
        "/api/applications/app-188041",
        None,
        Some(&cookie),
    )
    .await;
    assert_eq!(
        memo.json(),
        json!({"id": "app-188041", "number": "188041", "kind": "housing_lump_sum", "contract": "opv",
            "filed_on": "2021-02-18", "status": "executed", "cancellable": false,
            "purpose": "mortgage_partial_repayment", "submitted": true,
            "received_at": "2021-02-18T12:26:02+06:00",
            "bank": {"bic": "HCSKKZKA", "name": "АО \"Отбасы банк\""}, "currency": "KZT",
            "deadline": "2021-02-25",
            "history": [{"status": "accepted", "at": "2021-02-18"}, {"status": "executed", "at": "2021-02-19"}],
            "refusal_reason": null})
    );
    let xss = call(
        &app,
        "GET",
        "/api/applications/app-1120934",
        None,
        Some(&cookie),
    )
    .await
    .json();
    assert!(xss["refusal_reason"]
        .as_str()
        .unwrap()
        .contains(r#"<script>alert(1)</script> & "quotes" 'single'"#));
    // somebody else's application does not exist for this user
    let petrov = login(&app, PETROV).await;
    let reply = call(
        &app,
        "GET",
        "/api/applications/app-188041",
        None,
        Some(&petrov),
    )
    .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );
}

#[tokio::test]
async fn refund_data_of_the_memo() {
    let (_, app) = new_app(Options::default());
    let cookie = login(&app, IVANOV).await;
    let orders = call(
        &app,
        "GET",
        "/api/refund/payment-orders",
        None,
        Some(&cookie),
    )
    .await
    .json();
    let orders = orders["items"].as_array().unwrap();
    let memo = orders.iter().find(|o| o["number"] == "49756052").unwrap();
    assert_eq!(memo["paid_on"], "2026-06-12");
    assert_eq!(memo["available_tiyn"], 50_000);
    assert_eq!(memo["bank_bic"], "CASPKZKA");
    assert!(memo.get("owner_iin").is_none());
    let mut bics: Vec<&str> = orders
        .iter()
        .map(|o| o["bank_bic"].as_str().unwrap())
        .collect();
    bics.sort();
    bics.dedup();
    assert_eq!(bics.len(), 3);
    let banks = call(&app, "GET", "/api/banks", None, None).await.json();
    let banks = banks["items"].as_array().unwrap();
    assert_eq!(banks.len(), 18);
    let kaspi = banks.iter().find(|b| b["bic"] == "CASPKZKA").unwrap();
    assert_eq!(kaspi["bin"], "971240001315");
    assert_eq!(kaspi["iban_code"], "722");
    let refunds = call(&app, "GET", "/api/refund/applications", None, Some(&cookie))
        .await
        .json();
    assert_eq!(refunds["items"].as_array().unwrap().len(), 2);
    let petrov = login(&app, PETROV).await;
    let orders = call(
        &app,
        "GET",
        "/api/refund/payment-orders",
        None,
        Some(&petrov),
    )
    .await
    .json();
    let orders = orders["items"].as_array().unwrap();
    assert!(
        !orders.is_empty()
            && orders
                .iter()
                .all(|o| o["bank_bic"] == orders[0]["bank_bic"])
    );
}

#[tokio::test]
async fn maintenance_is_503_everywhere_but_status() {
    let (_, app) = dev_app();
    let cookie = login(&app, IVANOV).await;
    let until = "2026-12-01T06:00:00+05:00";
    let reply = call(
        &app,
        "PUT",
        "/__dev/maintenance",
        Some(json!({"on": true, "until": until})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let status = call(&app, "GET", "/api/status", None, None).await;
    assert_eq!(status.status, StatusCode::OK);
    assert_eq!(status.json(), json!({"maintenance": true, "until": until}));
    for route in ROUTES.iter().filter(|r| r.path != "/api/status") {
        let path = concrete(route.path, "x");
        let reply = call(&app, route.method, &path, Some(json!({})), Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{route:?}");
        assert_eq!(
            reply.json(),
            json!({"code": "maintenance", "message": "Technical works are in progress.", "until": until})
        );
    }
    // unknown API paths too; /__dev stays usable
    assert_eq!(
        call(&app, "GET", "/api/nothing", None, None).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        call(&app, "GET", "/__dev/health", None, None).await.status,
        StatusCode::OK
    );
    let reply = call(
        &app,
        "PUT",
        "/__dev/maintenance",
        Some(json!({"on": false, "until": null})),
        None,
    )
    .await;
    assert_eq!(reply.json(), json!({"maintenance": false, "until": null}));
    assert_eq!(
        call(&app, "GET", "/api/applications", None, Some(&cookie))
            .await
            .status,
        StatusCode::OK
    );
    // a bad until is refused
    let reply = call(
        &app,
        "PUT",
        "/__dev/maintenance",
        Some(json!({"on": true, "until": "tomorrow"})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn fault_status_body_and_times() {
    let (_, app) = dev_app();
    let fault = json!({"method": "GET", "path": "/api/banks", "status": 502, "body": "{not json", "times": 2});
    let reply = call(&app, "PUT", "/__dev/faults", Some(fault), None).await;
    assert_eq!(reply.status, StatusCode::OK);
    for _ in 0..2 {
        let reply = call(&app, "GET", "/api/banks", None, None).await;
        assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
        assert_eq!(&reply.body[..], b"{not json");
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert_eq!(reply.header("cache-control"), Some("no-store"));
    }
    assert_eq!(
        call(&app, "GET", "/api/banks", None, None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        call(&app, "GET", "/__dev/faults", None, None).await.json(),
        json!({"items": []})
    );

    // a prefix, any method, until cleared; a status without a body gets an Error body
    let fault = json!({"path": "/api/applications*", "status": 500});
    call(&app, "PUT", "/__dev/faults", Some(fault), None).await;
    let cookie = login(&app, IVANOV).await;
    for path in ["/api/applications", "/api/applications/app-188041"] {
        let reply = call(&app, "GET", path, None, Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        assert_eq!(reply.code(), "fault_injected");
    }
    assert_eq!(
        call(&app, "GET", "/api/profile", None, Some(&cookie))
            .await
            .status,
        StatusCode::OK
    );
    let faults = call(&app, "GET", "/__dev/faults", None, None).await.json();
    assert_eq!(faults["items"][0]["path"], "/api/applications*");
    assert_eq!(
        call(&app, "DELETE", "/__dev/faults", None, None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(&app, "GET", "/api/applications", None, Some(&cookie))
            .await
            .status,
        StatusCode::OK
    );

    // the method must match
    let fault = json!({"method": "POST", "path": "/api/banks", "status": 500});
    call(&app, "PUT", "/__dev/faults", Some(fault), None).await;
    assert_eq!(
        call(&app, "GET", "/api/banks", None, None).await.status,
        StatusCode::OK
    );

    // bad faults are refused
    for bad in [
        json!({"path": "api/banks"}),
        json!({"path": "/api/banks", "status": 99}),
        json!({"path": "/x", "oops": 1}),
    ] {
        let reply = call(&app, "PUT", "/__dev/faults", Some(bad.clone()), None).await;
        assert!(reply.status.is_client_error(), "{bad}");
    }
}

#[tokio::test]
async fn fault_latency_delays_the_real_answer() {
    let (_, app) = dev_app();
    let fault = json!({"path": "/api/status", "latency_ms": 250, "times": 1});
    call(&app, "PUT", "/__dev/faults", Some(fault), None).await;
    let start = Instant::now();
    let reply = call(&app, "GET", "/api/status", None, None).await;
    assert!(
        start.elapsed() >= Duration::from_millis(250),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(reply.json(), json!({"maintenance": false, "until": null}));
    let start = Instant::now();
    call(&app, "GET", "/api/status", None, None).await;
    assert!(start.elapsed() < Duration::from_millis(200), "only once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_drop_closes_the_connection_without_an_answer() {
    use std::io::{Read, Write};
    let (_, app) = dev_app();
    let fault = json!({"path": "/api/banks", "drop": true, "times": 1});
    call(&app, "PUT", "/__dev/faults", Some(fault), None).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let raw = |path: &'static str| {
        tokio::task::spawn_blocking(move || {
            let mut s = std::net::TcpStream::connect(addr).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            write!(
                s,
                "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut out = Vec::new();
            let _ = s.read_to_end(&mut out); // a reset is fine too: nothing arrives either way
            String::from_utf8_lossy(&out).into_owned()
        })
    };
    let dropped = raw("/api/banks").await.unwrap();
    assert_eq!(dropped, "", "no status line, no headers, no body");
    let next = raw("/api/banks").await.unwrap();
    assert!(
        next.starts_with("HTTP/1.1 200"),
        "{}",
        &next[..next.len().min(80)]
    );
    server.abort();
}

#[tokio::test]
async fn dev_routes_are_404_without_dev_mode() {
    let dir = static_dir();
    let (_, app) = new_app(Options {
        static_dir: Some(dir.clone()),
        ..Options::default()
    });
    for (method, path) in [
        ("GET", "/__dev/health"),
        ("POST", "/__dev/reset"),
        ("PUT", "/__dev/faults"),
        ("GET", "/__dev/faults"),
        ("PUT", "/__dev/maintenance"),
        ("PUT", "/__dev/fixture"),
        ("GET", "/__dev"),
    ] {
        let reply = call(&app, method, path, Some(json!({"on": true})), None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(reply.code(), "not_found", "JSON, not the SPA's index.html");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn static_files_with_the_spa_fallback() {
    let dir = static_dir();
    let (_, app) = new_app(Options {
        static_dir: Some(dir.clone()),
        ncalayer_url: "wss://127.0.0.1:24680".into(),
        ..Options::default()
    });
    for path in [
        "/",
        "/services/applications",
        "/index.html",
        "/refund/step/2",
    ] {
        let reply = call(&app, "GET", path, None, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(
            &reply.body[..],
            b"<!doctype html><title>Zeinet</title>",
            "{path}"
        );
        assert!(reply
            .header("content-type")
            .unwrap()
            .starts_with("text/html"));
        assert_eq!(reply.header("cache-control"), Some("no-cache"), "{path}");
        let csp = reply
            .header("content-security-policy")
            .expect("CSP on HTML");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"));
        assert!(
            csp.contains("connect-src 'self' ws://127.0.0.1:24680 wss://127.0.0.1:24680;"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
    }
    let wasm = call(&app, "GET", "/zeinet-3f2a1b9c8d7e6f50_bg.wasm", None, None).await;
    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(
        wasm.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert!(
        wasm.header("content-security-policy").is_none(),
        "CSP only on HTML"
    );
    let robots = call(&app, "GET", "/robots.txt", None, None).await;
    assert_eq!(robots.header("cache-control"), Some("no-cache"));
    // unknown API paths are a JSON 404, never the SPA
    for path in ["/api/unknown", "/api", "/api/applications/x/y/z"] {
        let reply = call(&app, "GET", path, None, None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.code(), "not_found");
        assert_eq!(reply.header("content-type"), Some("application/json"));
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn security_and_api_headers_everywhere() {
    let (_, app) = new_app(Options::default());
    let cookie = login(&app, IVANOV).await;
    for (path, cookie) in [
        ("/api/status", None),
        ("/api/applications", Some(cookie.as_str())),
        ("/api/applications", None),
        ("/api/nope", None),
        ("/not-api-and-no-static", None),
    ] {
        let reply = call(&app, "GET", path, None, cookie).await;
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            reply.header("referrer-policy"),
            Some("no-referrer"),
            "{path}"
        );
        assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(
            reply.header("content-type"),
            Some("application/json"),
            "{path}"
        );
        if path.starts_with("/api") {
            assert_eq!(reply.header("cache-control"), Some("no-store"), "{path}");
        }
    }
    let reply = call(&app, "DELETE", "/api/applications", None, Some(&cookie)).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
}

#[tokio::test]
async fn dev_fixture_reset_and_sessions() {
    let (_, app) = dev_app();
    let cookie = login(&app, AIGUL).await;
    let reply = call(
        &app,
        "PUT",
        "/__dev/fixture",
        Some(json!({"iin": AIGUL, "applications": 10_000})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.json()["applications"], 10_000);
    let list = call(&app, "GET", "/api/applications", None, Some(&cookie))
        .await
        .json();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 10_000);
    let mut seen = std::collections::HashSet::new();
    for i in items {
        assert!(
            seen.insert(i["id"].as_str().unwrap().to_owned()),
            "unique ids"
        );
    }
    let id = items[1234]["id"].as_str().unwrap().to_owned();
    let one = call(
        &app,
        "GET",
        &format!("/api/applications/{id}"),
        None,
        Some(&cookie),
    )
    .await;
    assert_eq!(one.status, StatusCode::OK);
    // deterministic: the same request gives the same list
    call(
        &app,
        "PUT",
        "/__dev/fixture",
        Some(json!({"iin": AIGUL, "applications": 10_000})),
        None,
    )
    .await;
    let again = call(&app, "GET", "/api/applications", None, Some(&cookie))
        .await
        .json();
    assert_eq!(again, list);
    let reply = call(
        &app,
        "PUT",
        "/__dev/fixture",
        Some(json!({"iin": "061211600012", "applications": 1})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    // reset: fixtures back, sessions, faults, lock-outs and maintenance gone
    call(
        &app,
        "PUT",
        "/__dev/faults",
        Some(json!({"path": "/api/banks", "status": 500})),
        None,
    )
    .await;
    for _ in 0..5 {
        call(
            &app,
            "POST",
            "/api/auth/password",
            login_body(PETROV, "wrong"),
            None,
        )
        .await;
    }
    call(
        &app,
        "PUT",
        "/__dev/maintenance",
        Some(json!({"on": true, "until": null})),
        None,
    )
    .await;
    assert_eq!(
        call(&app, "POST", "/__dev/reset", None, None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(&app, "GET", "/api/banks", None, None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        call(&app, "GET", "/api/session", None, Some(&cookie))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    login(&app, PETROV).await;
    let cookie = login(&app, AIGUL).await;
    let list = call(&app, "GET", "/api/applications", None, Some(&cookie))
        .await
        .json();
    assert_eq!(list, json!({"items": []}));

    // DELETE /__dev/sessions ends every session (to test an expired session)
    assert_eq!(
        call(&app, "DELETE", "/__dev/sessions", None, None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(&app, "GET", "/api/session", None, Some(&cookie))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}
