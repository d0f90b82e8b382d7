//! Registration and password reset through the router: each rule of the three steps, the dev
//! endpoints that read the SMS and move the codes' clock, and the log-in at the end.
//!
//! Issue 20, item 4: `start` answers the same whether or not the IIN has an account and the
//! phone is the one on record (an SMS goes only to that phone: a code, or a notice that tells
//! the person which flow to use); wrong codes are counted per IIN and phone across restarts (5
//! per code, 10 in any 24 hours); a request (the reset token) is dropped when used or expired.

mod common;

use axum::http::StatusCode;
use axum::Router;
use common::*;
use mock_api::time::{now_unix, parse_rfc3339};
use serde_json::{json, Value};

const NEW_PASSWORD: &str = "Zhana-parol-2026";
/// Phones of the fixtures' people (the state database's "phone on record").
const IVANOV_PHONE: &str = "+77010000007";
const PETROV_PHONE: &str = "+77050000811";
const NEW_PHONE: &str = "+77070000823";
/// A phone nobody of the fixtures has.
const STRANGER_PHONE: &str = "+77070000824";
/// A valid IIN (check digit right) that the state database does not know.
const UNKNOWN_IIN: &str = "061211600012";
/// Wrong codes per code, and per IIN and phone in any 24 hours (the numbers: the
/// tests spell them out so that they read the same before and after the change).
const PER_CODE: usize = 5;
const PER_DAY: usize = 10;
const DAY: i64 = 86_400;

async fn post(app: &Router, path: &str, body: Value) -> Reply {
    call(app, "POST", path, Some(body), None).await
}

async fn start(app: &Router, flow: &str, iin: &str, phone: &str) -> Reply {
    post(
        app,
        &format!("/api/{flow}/start"),
        json!({"iin": iin, "phone": phone}),
    )
    .await
}

async fn verify(app: &Router, flow: &str, id: &str, code: &str) -> Reply {
    post(
        app,
        &format!("/api/{flow}/verify"),
        json!({"request_id": id, "code": code}),
    )
    .await
}

async fn complete(app: &Router, flow: &str, id: &str, password: &str) -> Reply {
    post(
        app,
        &format!("/api/{flow}/complete"),
        json!({"request_id": id, "password": password}),
    )
    .await
}

/// The SMS the mock "sent" for request `id` (`/__dev/sms?request_id=`), if any.
async fn sms_of(app: &Router, id: &str) -> Option<Value> {
    let sms = call(
        app,
        "GET",
        &format!("/__dev/sms?request_id={id}"),
        None,
        None,
    )
    .await;
    (sms.status == StatusCode::OK).then(|| sms.json())
}

/// Starts `flow` and returns the request id and the code (read from /__dev/sms).
async fn started(app: &Router, flow: &str, iin: &str, phone: &str) -> (String, String) {
    let reply = start(app, flow, iin, phone).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let id = reply.json()["request_id"].as_str().unwrap().to_owned();
    let sms = sms_of(app, &id).await.expect("a code was sent");
    (id, sms["code"].as_str().unwrap().to_owned())
}

/// Starts `flow` and returns the request id alone (whether or not an SMS went out).
async fn started_id(app: &Router, flow: &str, iin: &str, phone: &str) -> String {
    let reply = start(app, flow, iin, phone).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{iin} {phone}: {:?}",
        reply.body
    );
    reply.json()["request_id"].as_str().unwrap().to_owned()
}

fn wrong(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

/// An answer without what differs by nature from one request to the next (the random id, the
/// clock's seconds): what an observer could compare.
fn shape(reply: &Reply) -> Value {
    let mut body = reply.json();
    let id = body["request_id"].take();
    let id = id.as_str().unwrap_or_default();
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "a request id is 32 hex digits: {id:?}"
    );
    let expires = body["expires_at"].take();
    let expires = parse_rfc3339(expires.as_str().unwrap_or_default()).expect("expires_at");
    assert!((expires - now_unix() - 300).abs() <= 2, "5 minutes");
    json!({"status": reply.status.as_u16(), "body": body, "headers": {
        "content-type": reply.header("content-type"),
        "retry-after": reply.header("retry-after"),
    }})
}

/// An error answer as an observer could compare it: the body without `until`, and `until`
/// (with `Retry-After`) as seconds from now.
fn refusal(reply: &Reply) -> (Value, Option<i64>, Option<i64>) {
    let mut body = reply.json();
    let until = body
        .as_object_mut()
        .and_then(|b| b.remove("until"))
        .map(|u| parse_rfc3339(u.as_str().unwrap_or_default()).expect("until") - now_unix());
    let retry = reply.header("retry-after").map(|s| s.parse().unwrap());
    (
        json!({"status": reply.status.as_u16(), "body": body}),
        until,
        retry,
    )
}

/// The refusals are the same, their moments within two seconds of each other.
fn assert_alike(refusals: &[(Value, Option<i64>, Option<i64>)]) {
    let first = &refusals[0];
    for r in refusals {
        assert_eq!(r.0, first.0, "{refusals:?}");
        for (a, b) in [(r.1, first.1), (r.2, first.2)] {
            assert_eq!(a.is_some(), b.is_some(), "{refusals:?}");
            assert!((a.unwrap_or(0) - b.unwrap_or(0)).abs() <= 2, "{refusals:?}");
        }
    }
}

#[tokio::test]
async fn registration_end_to_end_then_log_in_with_the_new_password() {
    let (_, app) = dev_app();
    let reply = start(&app, "register", NOT_REGISTERED, "8 (707) 000-08-23").await;
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
    assert!(
        sms.json()["text"].as_str().unwrap().contains(&code),
        "the text carries the code"
    );

    let reply = verify(&app, "register", id, &code).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reply = complete(&app, "register", id, NEW_PASSWORD).await;
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
    // the request is used up
    let reply = complete(&app, "register", id, NEW_PASSWORD).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // now registered: registering again answers as before, and the SMS (no code) says to
    // restore the password instead
    let again = started_id(&app, "register", NOT_REGISTERED, NEW_PHONE).await;
    let sms = sms_of(&app, &again).await.expect("a notice was sent");
    assert_eq!(
        (&sms["kind"], &sms["code"]),
        (&json!("account_exists"), &Value::Null)
    );
}

/// Issue 20, item 4: registration tells nobody who has an account or whose phone it is.
#[tokio::test]
async fn register_start_answers_the_same_whoever_asks_and_texts_only_the_phone_on_record() {
    let (_, app) = dev_app();
    let cases = [
        // (IIN, phone typed, what the phone on record receives)
        (NOT_REGISTERED, NEW_PHONE, Some("code")),
        (IVANOV, IVANOV_PHONE, Some("account_exists")),
        (NOT_REGISTERED, STRANGER_PHONE, None),
        (IVANOV, NEW_PHONE, None),
        (UNKNOWN_IIN, NEW_PHONE, None),
    ];
    let mut shapes = Vec::new();
    let mut ids = Vec::new();
    for (iin, phone, _) in cases {
        let reply = start(&app, "register", iin, phone).await;
        shapes.push(shape(&reply));
        ids.push(reply.json()["request_id"].as_str().unwrap().to_owned());
    }
    for (s, (iin, phone, _)) in shapes.iter().zip(cases) {
        assert_eq!(s, &shapes[0], "{iin} {phone}: the same answer as any other");
    }
    // asked again at once: the same wait, sent or not
    let mut waits = Vec::new();
    for (iin, phone, _) in cases {
        let reply = start(&app, "register", iin, phone).await;
        assert_eq!(reply.code(), "resend_too_soon", "{iin} {phone}");
        waits.push(refusal(&reply));
    }
    assert_alike(&waits);

    for ((iin, phone, sent), id) in cases.iter().zip(&ids) {
        let sms = sms_of(&app, id).await;
        match sent {
            Some(kind) => {
                let sms = sms.unwrap_or_else(|| panic!("{iin}: an SMS"));
                assert_eq!(sms["kind"], *kind, "{iin}");
                assert_eq!(sms["phone"], *phone, "to the phone on record");
            }
            None => assert!(sms.is_none(), "{iin} {phone}: nothing sent"),
        }
    }
    // nothing went to a phone that is not on record
    let sms = call(&app, "GET", "/__dev/sms?phone=%2B77070000824", None, None).await;
    assert_eq!(sms.status, StatusCode::NOT_FOUND);
    // a registered person is told by SMS, with no code, to restore the password
    let notice = sms_of(&app, &ids[1]).await.unwrap();
    assert_eq!(notice["code"], Value::Null);
    assert!(
        notice["text"]
            .as_str()
            .unwrap()
            .contains("Құпиясөзді ұмыттыңыз ба?"),
        "{notice}"
    );

    // a request that sent nothing (or only a notice) fails like a wrong code, to the end
    let real_code = sms_of(&app, &ids[0]).await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let guess = wrong(&real_code);
    for round in 0..PER_CODE {
        let mut answers = Vec::new();
        for id in &ids {
            answers.push(refusal(&verify(&app, "register", id, guess).await));
        }
        assert_alike(&answers);
        let expected = if round + 1 < PER_CODE {
            "invalid_code"
        } else {
            "too_many_attempts"
        };
        assert_eq!(answers[0].0["body"]["code"], expected, "{round}");
    }
    for id in &ids {
        let reply = complete(&app, "register", id, NEW_PASSWORD).await;
        assert_eq!(reply.code(), "not_verified");
    }
}

#[tokio::test]
async fn start_still_refuses_malformed_input_at_once() {
    let (_, app) = dev_app();
    for flow in ["register", "password-reset"] {
        let reply = post(
            &app,
            &format!("/api/{flow}/start"),
            json!({"iin": "", "phone": ""}),
        )
        .await;
        assert_eq!(reply.code(), "validation");
        assert_eq!(
            reply.json()["fields"],
            json!({"iin": "required", "phone": "required"})
        );
        let reply = start(&app, flow, "900101300824", "+7 727 250 00 00").await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            reply.json()["fields"],
            json!({"iin": "invalid_iin", "phone": "invalid_phone"})
        );
    }
}

/// The same for password reset: it tells nobody whether an IIN has an account.
#[tokio::test]
async fn password_reset_start_answers_the_same_whoever_asks() {
    let (_, app) = dev_app();
    let cases = [
        (PETROV, PETROV_PHONE, Some("code")),
        (NOT_REGISTERED, NEW_PHONE, Some("no_account")),
        (PETROV, STRANGER_PHONE, None),
        (UNKNOWN_IIN, PETROV_PHONE, None),
    ];
    let mut shapes = Vec::new();
    for (iin, phone, sent) in cases {
        let reply = start(&app, "password-reset", iin, phone).await;
        shapes.push(shape(&reply));
        let id = reply.json()["request_id"].as_str().unwrap().to_owned();
        let sms = sms_of(&app, &id).await;
        assert_eq!(
            sms.as_ref().map(|s| s["kind"].as_str().unwrap().to_owned()),
            sent.map(str::to_owned),
            "{iin} {phone}"
        );
        if sent == Some("no_account") {
            let sms = sms.unwrap();
            assert_eq!(sms["code"], Value::Null);
            assert!(sms["text"].as_str().unwrap().contains("Тіркелу"), "{sms}");
        }
    }
    assert!(shapes.iter().all(|s| s == &shapes[0]), "{shapes:?}");
}

#[tokio::test]
async fn password_reset_end_to_end_clears_the_lock_out() {
    let (_, app) = dev_app();
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
    let reply = verify(&app, "password-reset", &id, &code).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reply = complete(&app, "password-reset", &id, NEW_PASSWORD).await;
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

/// A registered person who tried to register is pointed to the reset by the SMS, and the
/// reset works for them.
#[tokio::test]
async fn a_registered_person_who_registers_resets_the_password_instead() {
    let (_, app) = dev_app();
    let id = started_id(&app, "register", IVANOV, IVANOV_PHONE).await;
    let sms = sms_of(&app, &id).await.unwrap();
    assert_eq!(sms["kind"], "account_exists");
    let (id, code) = started(&app, "password-reset", IVANOV, IVANOV_PHONE).await;
    assert_eq!(
        verify(&app, "password-reset", &id, &code).await.status,
        StatusCode::NO_CONTENT
    );
    let reply = complete(&app, "password-reset", &id, NEW_PASSWORD).await;
    assert_eq!(reply.json()["iin"], IVANOV);
}

#[tokio::test]
async fn resend_waits_sixty_seconds_and_replaces_the_code() {
    let (_, app) = dev_app();
    let (first, _) = started(&app, "register", NOT_REGISTERED, NEW_PHONE).await;
    let reply = start(&app, "register", NOT_REGISTERED, NEW_PHONE).await;
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
    let (second, code) = started(&app, "register", NOT_REGISTERED, NEW_PHONE).await;
    assert_ne!(first, second);
    let old = verify(&app, "register", &first, &code).await;
    assert_eq!(old.status, StatusCode::NOT_FOUND, "the old request is gone");
    // reset puts the clock back and forgets the requests and the SMS
    let reset = call(&app, "POST", "/__dev/reset", None, None).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    let sms = call(&app, "GET", "/__dev/sms?phone=%2B77070000823", None, None).await;
    assert_eq!(sms.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn five_wrong_codes_void_the_request() {
    let (_, app) = dev_app();
    let (id, code) = started(&app, "register", NOT_REGISTERED, NEW_PHONE).await;
    for _ in 0..PER_CODE - 1 {
        assert_eq!(
            verify(&app, "register", &id, wrong(&code)).await.code(),
            "invalid_code"
        );
    }
    assert_eq!(
        verify(&app, "register", &id, wrong(&code)).await.code(),
        "too_many_attempts"
    );
    assert_eq!(
        verify(&app, "register", &id, &code).await.code(),
        "too_many_attempts"
    );
    let reply = complete(&app, "register", &id, NEW_PASSWORD).await;
    assert_eq!(reply.code(), "not_verified");
}

/// Issue 20, item 4: restarting no longer resets the count. Ten wrong codes in 24 hours lock
/// the IIN and phone until the first of them is a day old; `start` says so too.
#[tokio::test]
async fn wrong_codes_are_counted_per_iin_across_restarts_ten_a_day() {
    let (_, app) = dev_app();
    // 3 + 3 + 3 wrong codes over three restarts: never "void", the count goes on
    let mut last = (String::new(), String::new());
    for round in 0..3 {
        let (id, code) = started(&app, "register", NOT_REGISTERED, NEW_PHONE).await;
        for _ in 0..3 {
            let reply = verify(&app, "register", &id, wrong(&code)).await;
            assert_eq!(reply.code(), "invalid_code", "round {round}");
        }
        last = (id, code);
        advance(&app, 61).await;
    }
    // the tenth wrong code of the day, on a fresh code
    let (id, code) = started(&app, "register", NOT_REGISTERED, NEW_PHONE).await;
    let reply = verify(&app, "register", &id, wrong(&code)).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::FORBIDDEN, "verification_locked"),
        "{:?}",
        reply.body
    );
    let now = now_unix() + 3 * 61;
    let until = parse_rfc3339(reply.json()["until"].as_str().unwrap()).unwrap();
    // a day after the first wrong code (made before the three clock moves)
    assert!(
        (until - (now - 3 * 61 + DAY)).abs() <= 3,
        "{until} vs {now}"
    );
    let retry: i64 = reply.header("retry-after").unwrap().parse().unwrap();
    assert!((retry - (until - now)).abs() <= 3, "{retry}");
    // even the right code is refused now; the earlier code died with its restart
    let reply = verify(&app, "register", &id, &code).await;
    assert_eq!(reply.code(), "verification_locked");
    assert_eq!(
        parse_rfc3339(reply.json()["until"].as_str().unwrap()),
        Some(until)
    );
    let reply = verify(&app, "register", &last.0, &last.1).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // a new start is refused with the same moment, for either flow
    advance(&app, 61).await;
    for flow in ["register", "password-reset"] {
        let reply = start(&app, flow, NOT_REGISTERED, NEW_PHONE).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::FORBIDDEN, "verification_locked"),
            "{flow}"
        );
        assert_eq!(
            parse_rfc3339(reply.json()["until"].as_str().unwrap()),
            Some(until)
        );
        assert!(reply.header("retry-after").is_some());
    }
    // a day after the first wrong code, a code may be asked and the right one works
    let left = until - (now_unix() + 4 * 61);
    advance(&app, left).await;
    let (id, code) = started(&app, "register", NOT_REGISTERED, NEW_PHONE).await;
    assert_eq!(
        verify(&app, "register", &id, &code).await.status,
        StatusCode::NO_CONTENT
    );
}

/// Five per code still holds within the day's ten, and the lock is per IIN and phone: a
/// stranger who types the IIN with another phone locks only that pair, never the person.
#[tokio::test]
async fn the_day_limit_holds_for_requests_that_sent_nothing_and_locks_only_that_pair() {
    let (_, app) = dev_app();
    let mut answers = Vec::new();
    for _ in 0..2 {
        let id = started_id(&app, "register", NOT_REGISTERED, STRANGER_PHONE).await;
        for _ in 0..PER_CODE {
            answers.push(verify(&app, "register", &id, "123456").await.code());
        }
        advance(&app, 61).await;
    }
    let mut expected = vec!["invalid_code"; PER_CODE - 1];
    expected.push("too_many_attempts");
    expected.extend(vec!["invalid_code"; PER_CODE - 1]);
    expected.push("verification_locked");
    assert_eq!(answers, expected);
    let reply = start(&app, "register", NOT_REGISTERED, STRANGER_PHONE).await;
    assert_eq!(reply.code(), "verification_locked");
    // the person, with the phone on record, is not locked
    let (id, code) = started(&app, "register", NOT_REGISTERED, NEW_PHONE).await;
    assert_eq!(
        verify(&app, "register", &id, &code).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(PER_DAY, 2 * PER_CODE);
}

#[tokio::test]
async fn code_format_and_expiry() {
    let (_, app) = dev_app();
    let (id, code) = started(&app, "register", NOT_REGISTERED, NEW_PHONE).await;
    for (bad, rule) in [
        ("", "required"),
        ("12345", "invalid_format"),
        ("12a456", "invalid_format"),
    ] {
        let reply = verify(&app, "register", &id, bad).await;
        assert_eq!(reply.code(), "validation");
        assert_eq!(reply.json()["fields"]["code"], rule, "{bad:?}");
    }
    advance(&app, 300).await;
    let reply = verify(&app, "register", &id, &code).await;
    assert_eq!(reply.code(), "code_expired");
}

/// Issue 20, item 4: the request id that lets a password be set (the reset token) is gone
/// from the store once used, or once expired, whether or not anyone asks for it again.
#[tokio::test]
async fn the_reset_token_is_dropped_when_used_or_expired() {
    let (state, app) = dev_app();
    let held = |id: &str| state.lock().registrations.get(id).is_some();

    // used: gone, and cannot set a password again
    let (id, code) = started(&app, "password-reset", PETROV, PETROV_PHONE).await;
    assert_eq!(
        verify(&app, "password-reset", &id, &code).await.status,
        StatusCode::NO_CONTENT
    );
    assert!(held(&id));
    let reply = complete(&app, "password-reset", &id, NEW_PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(!held(&id), "used: dropped");
    let again = complete(&app, "password-reset", &id, "Another-2026-pass").await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    // verified, then too late: refused once with its reason, then gone
    advance(&app, 61).await;
    let (id, code) = started(&app, "password-reset", PETROV, PETROV_PHONE).await;
    assert_eq!(
        verify(&app, "password-reset", &id, &code).await.status,
        StatusCode::NO_CONTENT
    );
    advance(&app, 15 * 60).await;
    let late = complete(&app, "password-reset", &id, NEW_PASSWORD).await;
    assert_eq!(late.code(), "code_expired");
    assert!(!held(&id), "expired: dropped");
    for reply in [
        complete(&app, "password-reset", &id, NEW_PASSWORD).await,
        verify(&app, "password-reset", &id, &code).await,
    ] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
    }

    // expired without anyone asking: gone by the next request of anyone
    let (verified, code) = started(&app, "password-reset", PETROV, PETROV_PHONE).await;
    assert_eq!(
        verify(&app, "password-reset", &verified, &code)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let unverified = started_id(&app, "register", NOT_REGISTERED, NEW_PHONE).await;
    let nothing_sent = started_id(&app, "register", UNKNOWN_IIN, NEW_PHONE).await;
    advance(&app, 15 * 60).await;
    let _ = start(&app, "password-reset", AIGUL, "+77770000017").await;
    for id in [&verified, &unverified, &nothing_sent] {
        assert!(!held(id), "{id}: expired, dropped");
    }
}

#[tokio::test]
async fn password_rules_at_completion() {
    let (_, app) = dev_app();
    let (id, code) = started(&app, "register", NOT_REGISTERED, NEW_PHONE).await;
    assert_eq!(
        complete(&app, "register", &id, NEW_PASSWORD).await.code(),
        "not_verified"
    );
    let reply = verify(&app, "register", &id, &code).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reply = complete(&app, "register", &id, "").await;
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
        let reply = complete(&app, "register", &id, password).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.code(), "weak_password", "{password}");
        assert_eq!(reply.json()["fields"]["password"], rule, "{password}");
    }
    let long = "a1".repeat(65);
    assert_eq!(
        complete(&app, "register", &id, &long).await.json()["fields"]["password"],
        "too_long"
    );
    // a right code gives 15 minutes to choose the password
    advance(&app, 15 * 60).await;
    assert_eq!(
        complete(&app, "register", &id, NEW_PASSWORD).await.code(),
        "code_expired"
    );
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
