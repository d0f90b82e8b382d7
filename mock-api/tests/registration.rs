//! Registration and password reset through the router: each rule of the three steps, the dev
//! endpoints that read the SMS code and move the codes' clock, and the log-in at the end.

mod common;

use axum::http::StatusCode;
use axum::Router;
use common::*;
use mock_api::time::{now_unix, parse_rfc3339};
use serde_json::{json, Value};

const NEW_PASSWORD: &str = "Zhana-parol-2026";

async fn post(app: &Router, path: &str, body: Value) -> Reply {
    call(app, "POST", path, Some(body), None).await
}

/// Starts `flow` and returns the request id and the code (read from /__dev/sms).
async fn started(app: &Router, flow: &str, iin: &str, phone: &str) -> (String, String) {
    let reply = post(
        app,
        &format!("/api/{flow}/start"),
        json!({"iin": iin, "phone": phone}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let id = reply.json()["request_id"].as_str().unwrap().to_owned();
    let sms = call(
        app,
        "GET",
        &format!("/__dev/sms?request_id={id}"),
        None,
        None,
    )
    .await;
    assert_eq!(sms.status, StatusCode::OK);
    (id, sms.json()["code"].as_str().unwrap().to_owned())
}

fn wrong(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

#[tokio::test]
async fn registration_end_to_end_then_log_in_with_the_new_password() {
    let (_, app) = dev_app();
    let reply = post(
        &app,
        "/api/register/start",
        json!({"iin": NOT_REGISTERED, "phone": "8 (707) 000-08-23"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let answer = reply.json();
    assert_eq!(answer["resend_after_seconds"], 60);
    let expires = parse_rfc3339(answer["expires_at"].as_str().unwrap()).unwrap();
    assert!(
        (expires - now_unix() - 300).abs() <= 2,
        "expires in 5 minutes"
    );
    let id = answer["request_id"].as_str().unwrap();

    // the SMS, by phone (a + in a query string arrives as a space: both work)
    for query in ["phone=%2B77070000823", "phone=+77070000823"] {
        let sms = call(&app, "GET", &format!("/__dev/sms?{query}"), None, None).await;
        assert_eq!(sms.status, StatusCode::OK, "{query}");
        assert_eq!(sms.json()["request_id"], id);
    }
    let sms = call(&app, "GET", "/__dev/sms?phone=%2B77070000823", None, None).await;
    let code = sms.json()["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6);
    assert!(code.bytes().all(|b| b.is_ascii_digit()));

    let reply = post(
        &app,
        "/api/register/verify",
        json!({"request_id": id, "code": code}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reply = post(
        &app,
        "/api/register/complete",
        json!({"request_id": id, "password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        without_id(reply.json()),
        json!({"iin": NOT_REGISTERED, "full_name": "Сидоров Сидор Сидорович", "phone_masked": "+7 707 *** ** 23"})
    );
    let cookie = reply.session_cookie().unwrap();
    let set = reply.header("set-cookie").unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"));
    let session = call(&app, "GET", "/api/session", None, Some(&cookie)).await;
    assert_eq!(session.status, StatusCode::OK);

    let login = post(
        &app,
        "/api/auth/password",
        json!({"iin": NOT_REGISTERED, "password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(login.status, StatusCode::OK);
    // now registered: a second registration is refused
    let again = post(
        &app,
        "/api/register/start",
        json!({"iin": NOT_REGISTERED, "phone": "+77070000823"}),
    )
    .await;
    assert_eq!(
        (again.status, again.code().as_str()),
        (StatusCode::CONFLICT, "iin_registered")
    );
    // the request is used up
    let reply = post(
        &app,
        "/api/register/complete",
        json!({"request_id": id, "password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn start_checks_the_iin_the_account_and_the_phone() {
    let (_, app) = dev_app();
    let start = "/api/register/start";
    let reply = post(&app, start, json!({"iin": "", "phone": ""})).await;
    assert_eq!(reply.code(), "validation");
    assert_eq!(
        reply.json()["fields"],
        json!({"iin": "required", "phone": "required"})
    );
    let reply = post(
        &app,
        start,
        json!({"iin": "900101300824", "phone": "+7 727 250 00 00"}),
    )
    .await;
    assert_eq!(
        reply.json()["fields"],
        json!({"iin": "invalid_iin", "phone": "invalid_phone"})
    );
    let reply = post(&app, start, json!({"iin": IVANOV, "phone": "+77010000007"})).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "iin_registered")
    );
    // a wrong phone, and an IIN nobody has (valid check digit): the same answer
    for (iin, phone) in [
        (NOT_REGISTERED, "+77070000824"),
        ("061211600012", "+77070000823"),
    ] {
        let reply = post(&app, start, json!({"iin": iin, "phone": phone})).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "phone_mismatch"),
            "{iin}"
        );
    }
}

#[tokio::test]
async fn password_reset_needs_an_account_and_its_phone() {
    let (_, app) = dev_app();
    let start = "/api/password-reset/start";
    let reply = post(
        &app,
        start,
        json!({"iin": NOT_REGISTERED, "phone": "+77070000823"}),
    )
    .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "not_registered")
    );
    for (iin, phone) in [(PETROV, "+77010000007"), ("061211600012", "+77050000811")] {
        let reply = post(&app, start, json!({"iin": iin, "phone": phone})).await;
        assert_eq!(reply.code(), "phone_mismatch", "{iin}");
    }
    // lock Petrov out, then reset: the new password works and the lock-out is gone
    for _ in 0..5 {
        post(
            &app,
            "/api/auth/password",
            json!({"iin": PETROV, "password": "wrong"}),
        )
        .await;
    }
    let (id, code) = started(&app, "password-reset", PETROV, "+7 705 000 08 11").await;
    let reply = post(
        &app,
        "/api/password-reset/verify",
        json!({"request_id": id, "code": code}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reply = post(
        &app,
        "/api/password-reset/complete",
        json!({"request_id": id, "password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["iin"], PETROV);
    assert!(reply.session_cookie().is_some());
    let old = post(
        &app,
        "/api/auth/password",
        json!({"iin": PETROV, "password": PASSWORD}),
    )
    .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = post(
        &app,
        "/api/auth/password",
        json!({"iin": PETROV, "password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(new.status, StatusCode::OK);
}

#[tokio::test]
async fn resend_waits_sixty_seconds_and_replaces_the_code() {
    let (_, app) = dev_app();
    let (first, _) = started(&app, "register", NOT_REGISTERED, "+77070000823").await;
    let reply = post(
        &app,
        "/api/register/start",
        json!({"iin": NOT_REGISTERED, "phone": "+77070000823"}),
    )
    .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "resend_too_soon")
    );
    let until = parse_rfc3339(reply.json()["until"].as_str().unwrap()).unwrap();
    assert!((until - now_unix() - 60).abs() <= 2);

    let clock = call(
        &app,
        "POST",
        "/__dev/clock",
        Some(json!({"advance_seconds": 61})),
        None,
    )
    .await;
    assert_eq!(clock.json()["offset_seconds"], 61);
    let (second, code) = started(&app, "register", NOT_REGISTERED, "+77070000823").await;
    assert_ne!(first, second);
    let old = post(
        &app,
        "/api/register/verify",
        json!({"request_id": first, "code": code}),
    )
    .await;
    assert_eq!(old.status, StatusCode::NOT_FOUND, "the old request is gone");
    // reset puts the clock back and forgets the requests
    let reset = call(&app, "POST", "/__dev/reset", None, None).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    let sms = call(&app, "GET", "/__dev/sms?phone=%2B77070000823", None, None).await;
    assert_eq!(sms.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn five_wrong_codes_void_the_request() {
    let (_, app) = dev_app();
    let (id, code) = started(&app, "register", NOT_REGISTERED, "+77070000823").await;
    let verify = |code: String| {
        let app = app.clone();
        let id = id.clone();
        async move {
            post(
                &app,
                "/api/register/verify",
                json!({"request_id": id, "code": code}),
            )
            .await
        }
    };
    for _ in 0..4 {
        assert_eq!(verify(wrong(&code).into()).await.code(), "invalid_code");
    }
    assert_eq!(
        verify(wrong(&code).into()).await.code(),
        "too_many_attempts"
    );
    assert_eq!(verify(code.clone()).await.code(), "too_many_attempts");
    let reply = post(
        &app,
        "/api/register/complete",
        json!({"request_id": id, "password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(reply.code(), "not_verified");
}

#[tokio::test]
async fn code_format_and_expiry() {
    let (_, app) = dev_app();
    let (id, code) = started(&app, "register", NOT_REGISTERED, "+77070000823").await;
    for (bad, rule) in [
        ("", "required"),
        ("12345", "invalid_format"),
        ("12a456", "invalid_format"),
    ] {
        let reply = post(
            &app,
            "/api/register/verify",
            json!({"request_id": id, "code": bad}),
        )
        .await;
        assert_eq!(reply.code(), "validation");
        assert_eq!(reply.json()["fields"]["code"], rule, "{bad:?}");
    }
    call(
        &app,
        "POST",
        "/__dev/clock",
        Some(json!({"advance_seconds": 300})),
        None,
    )
    .await;
    let reply = post(
        &app,
        "/api/register/verify",
        json!({"request_id": id, "code": code}),
    )
    .await;
    assert_eq!(reply.code(), "code_expired");
}

#[tokio::test]
async fn password_rules_at_completion() {
    let (_, app) = dev_app();
    let (id, code) = started(&app, "register", NOT_REGISTERED, "+77070000823").await;
    let complete = |password: &str| {
        let (app, id, password) = (app.clone(), id.clone(), password.to_owned());
        async move {
            post(
                &app,
                "/api/register/complete",
                json!({"request_id": id, "password": password}),
            )
            .await
        }
    };
    assert_eq!(complete(NEW_PASSWORD).await.code(), "not_verified");
    let reply = post(
        &app,
        "/api/register/verify",
        json!({"request_id": id, "code": code}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reply = complete("").await;
    assert_eq!(
        (reply.code().as_str(), &reply.json()["fields"]["password"]),
        ("validation", &json!("required"))
    );
    for (password, rule) in [
        ("abc123", "too_short"),
        ("12345678", "no_letter"),
        ("parolsiz", "no_digit"),
        ("p900101300823", "contains_iin"),
    ] {
        let reply = complete(password).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.code(), "weak_password", "{password}");
        assert_eq!(reply.json()["fields"]["password"], rule, "{password}");
    }
    let long = "a1".repeat(65);
    assert_eq!(
        complete(&long).await.json()["fields"]["password"],
        "too_long"
    );
    // a right code gives 15 minutes to choose the password
    call(
        &app,
        "POST",
        "/__dev/clock",
        Some(json!({"advance_seconds": 15 * 60})),
        None,
    )
    .await;
    assert_eq!(complete(NEW_PASSWORD).await.code(), "code_expired");
}

#[tokio::test]
async fn dev_endpoints_are_off_without_dev() {
    let (_, app) = new_app(mock_api::Options::default());
    let sms = call(&app, "GET", "/__dev/sms?phone=%2B77070000823", None, None).await;
    assert_eq!(sms.status, StatusCode::NOT_FOUND);
    let clock = call(
        &app,
        "POST",
        "/__dev/clock",
        Some(json!({"advance_seconds": 1})),
        None,
    )
    .await;
    assert_eq!(clock.status, StatusCode::NOT_FOUND);
}
