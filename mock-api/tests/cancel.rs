//! Cancelling a transfer to an IPM end to end: the document, the signed cancellation with CMS
//! made from the test PKI (and by the stand-in NCALayer over a real WebSocket), every refusal,
//! and the dev endpoint that plays the back office moving an application on.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use common::*;
use futures_util::{SinkExt, StreamExt};
use mock_api::cancel::DOCUMENT_SECONDS;
use mock_api::cms::sign_attached;
use mock_api::pki::{person_name, self_signed, KeyKind, Pki, EMAIL_PROTECTION, STRANGER_IIN};
use mock_api::time::{almaty_date, now_unix, parse_rfc3339};
use mock_api::{app, AppState, Options};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;

/// Ivanov's three cancellable transfers to an IPM.
const CANCELLABLE: [&str; 3] = ["app-1210001", "app-1210456", "app-1210789"];
/// Petrov's cancellable transfer.
const PETROVS: &str = "app-1178890";
const SIGN_OID: &str = "1.3.6.1.5.5.7.3.4";

fn document_path(id: &str) -> String {
    format!("/api/applications/{id}/cancel/document")
}

fn cancel_path(id: &str) -> String {
    format!("/api/applications/{id}/cancel")
}

/// A document for `id`: its id, the bytes to sign and the whole answer.
async fn document(app: &Router, cookie: &str, id: &str) -> (String, Vec<u8>, Value) {
    let reply = call(app, "POST", &document_path(id), None, Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let v = reply.json();
    let data = B64.decode(v["data"].as_str().unwrap()).unwrap();
    (v["document_id"].as_str().unwrap().to_owned(), data, v)
}

/// The base64 CMS of `data` signed with this person's key.
async fn signed(iin: &str, kind: KeyKind, data: &[u8]) -> String {
    let store = Pki::get().await.identity(iin).unwrap().key(kind);
    B64.encode(sign_attached(&store.key, &store.cert, data).unwrap())
}

async fn cancel(app: &Router, cookie: &str, id: &str, document_id: &str, cms: &str) -> Reply {
    call(
        app,
        "POST",
        &cancel_path(id),
        Some(json!({"document_id": document_id, "cms": cms})),
        Some(cookie),
    )
    .await
}

fn status_code(reply: &Reply) -> (StatusCode, String) {
    (reply.status, reply.code())
}

fn err(status: StatusCode, code: &str) -> (StatusCode, String) {
    (status, code.to_owned())
}

/// The dev clock now (what the mock considers now).
fn dev_now(state: &AppState) -> i64 {
    state.lock().registrations.now()
}

// ---- the document --------------------------------------------------------------------------------

#[tokio::test]
async fn a_document_for_a_cancellable_application() {
    let (state, app) = dev_app_with_lasting_sessions();
    let cookie = login(&app, IVANOV).await;
    let (id, data, v) = document(&app, &cookie, "app-1210001").await;
    assert_eq!(v.as_object().unwrap().len(), 3, "{v}");
    let expires = parse_rfc3339(v["expires_at"].as_str().unwrap()).unwrap();
    let left = expires - now_unix();
    assert!((298..=300).contains(&left), "expires in {left} s");
    let text = String::from_utf8(data).unwrap();
    for part in [
        id.as_str(),
        "1210001",
        "ipm_transfer",
        "900101300007",
        "Иванов Иван Иванович",
        "nonce: ",
        "issued: ",
    ] {
        assert!(text.contains(part), "{part:?} in {text}");
    }
    // Each document is new: another id, another nonce.
    let (id2, data2, _) = document(&app, &cookie, "app-1210001").await;
    assert_ne!(id, id2);
    assert_ne!(text.as_bytes(), data2.as_slice());

    // The expiry follows the dev clock.
    advance(&app, 1000).await;
    let (_, _, v) = document(&app, &cookie, "app-1210456").await;
    let expires = parse_rfc3339(v["expires_at"].as_str().unwrap()).unwrap();
    let left = expires - dev_now(&state);
    assert!((298..=300).contains(&left), "expires in {left} s");
    assert!(expires - now_unix() >= 1298);

    // Without a session: 401.
    let reply = call(&app, "POST", &document_path("app-1210001"), None, None).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::UNAUTHORIZED, "unauthenticated")
    );
}

#[tokio::test]
async fn only_an_accepted_ipm_transfer_is_cancellable() {
    let (_, app) = new_app(Options::default());
    let cookie = login(&app, IVANOV).await;
    let list = call(&app, "GET", "/api/applications", None, Some(&cookie))
        .await
        .json();
    let items = list["items"].as_array().unwrap();
    let mut ipm_statuses = BTreeSet::new();
    let mut other_kind_accepted = 0;
    for item in items {
        let (kind, status) = (
            item["kind"].as_str().unwrap(),
            item["status"].as_str().unwrap(),
        );
        let id = item["id"].as_str().unwrap();
        let cancellable = kind == "ipm_transfer" && status == "accepted";
        assert_eq!(item["cancellable"], cancellable, "{item}");
        if cancellable {
            continue;
        }
        if kind == "ipm_transfer" {
            ipm_statuses.insert(status.to_owned());
        } else if status == "accepted" {
            other_kind_accepted += 1;
        } else {
            continue;
        }
        let reply = call(&app, "POST", &document_path(id), None, Some(&cookie)).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::CONFLICT, "not_cancellable"),
            "{id}"
        );
        assert!(!reply.json()["message"].as_str().unwrap().is_empty());
        // The cancel itself: 409 before the document is looked at.
        let reply = cancel(&app, &cookie, id, "any", "AQID").await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::CONFLICT, "not_cancellable"),
            "{id}"
        );
    }
    let expected: BTreeSet<String> = [
        "in_progress",
        "executed",
        "refused",
        "cancelled_by_applicant",
        "cancel_requested",
    ]
    .map(str::to_owned)
    .into();
    assert_eq!(ipm_statuses, expected);
    assert!(other_kind_accepted >= 1);
}

#[tokio::test]
async fn another_persons_application_is_not_found() {
    let (_, app) = new_app(Options::default());
    let ivanov = login(&app, IVANOV).await;
    let petrov = login(&app, PETROV).await;
    for (cookie, id) in [
        (&ivanov, PETROVS),
        (&petrov, CANCELLABLE[0]),
        (&ivanov, "app-nope"),
    ] {
        let reply = call(&app, "POST", &document_path(id), None, Some(cookie)).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::NOT_FOUND, "not_found"),
            "{id}"
        );
        let reply = cancel(&app, cookie, id, "any", "AQID").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{id}");
        // 404 before the fields are checked.
        let reply = cancel(&app, cookie, id, "", "").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{id}");
    }
    // …and Petrov's own is cancellable for him.
    document(&app, &petrov, PETROVS).await;
}

// ---- the cancellation ------------------------------------------------------------------------------

#[tokio::test]
async fn cancel_with_the_signing_key() {
    let (state, app) = dev_app_with_lasting_sessions();
    let cookie = login(&app, IVANOV).await;
    let id = CANCELLABLE[1];
    let before = call(
        &app,
        "GET",
        &format!("/api/applications/{id}"),
        None,
        Some(&cookie),
    )
    .await
    .json();
    assert_eq!(before["cancellable"], true);
    // A day later on the dev clock: the history entry is dated by that clock.
    advance(&app, 86_400).await;
    let (doc, data, _) = document(&app, &cookie, id).await;
    let reply = cancel(
        &app,
        &cookie,
        id,
        &doc,
        &signed(IVANOV, KeyKind::Sign, &data).await,
    )
    .await;
    let today = almaty_date(dev_now(&state));
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let details = reply.json();
    assert_eq!(details["status"], "cancel_requested");
    assert_eq!(details["cancellable"], false);
    let mut history = before["history"].as_array().unwrap().clone();
    history.push(json!({"status": "cancel_requested", "at": today}));
    assert_eq!(details["history"], json!(history));
    assert_ne!(today, almaty_date(now_unix()), "dated by the dev clock");
    let mut expected = before.clone();
    expected["status"] = json!("cancel_requested");
    expected["cancellable"] = json!(false);
    expected["history"] = json!(history);
    assert_eq!(
        details, expected,
        "only status, cancellable and history change"
    );

    // A later GET and the list show it.
    let again = call(
        &app,
        "GET",
        &format!("/api/applications/{id}"),
        None,
        Some(&cookie),
    )
    .await;
    assert_eq!(again.json(), details);
    let list = call(&app, "GET", "/api/applications", None, Some(&cookie))
        .await
        .json();
    let row = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(
        (row["status"].clone(), row["cancellable"].clone()),
        (json!("cancel_requested"), json!(false))
    );

    // A second cancel: 409, for a new document as for the used one.
    let reply = call(&app, "POST", &document_path(id), None, Some(&cookie)).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::CONFLICT, "not_cancellable")
    );
    let reply = cancel(
        &app,
        &cookie,
        id,
        &doc,
        &signed(IVANOV, KeyKind::Sign, &data).await,
    )
    .await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::CONFLICT, "not_cancellable")
    );
    // The others are untouched.
    for other in [CANCELLABLE[0], CANCELLABLE[2]] {
        let v = call(
            &app,
            "GET",
            &format!("/api/applications/{other}"),
            None,
            Some(&cookie),
        )
        .await
        .json();
        assert_eq!(v["status"], "accepted");
    }
    // /__dev/reset: back to the fixtures.
    call(&app, "POST", "/__dev/reset", None, None).await;
    let cookie = login(&app, IVANOV).await;
    let v = call(
        &app,
        "GET",
        &format!("/api/applications/{id}"),
        None,
        Some(&cookie),
    )
    .await
    .json();
    assert_eq!(v, before);
}

#[tokio::test]
async fn a_pem_armoured_cms_is_accepted() {
    let (_, app) = new_app(Options::default());
    let cookie = login(&app, IVANOV).await;
    let (doc, data, _) = document(&app, &cookie, CANCELLABLE[2]).await;
    let b64 = signed(IVANOV, KeyKind::Sign, &data).await;
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let pem = format!(
        "-----BEGIN CMS-----\r\n{}\r\n-----END CMS-----\r\n",
        lines.join("\r\n")
    );
    let reply = cancel(&app, &cookie, CANCELLABLE[2], &doc, &pem).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
}

#[tokio::test]
async fn refusals_of_the_signature() {
    let (_, app) = new_app(Options::default());
    let cookie = login(&app, IVANOV).await;
    let id = CANCELLABLE[0];
    let pki = Pki::get().await;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;

    // The AUTH key: the person chose the log-in key in NCALayer.
    let (doc, data, _) = document(&app, &cookie, id).await;
    let reply = cancel(
        &app,
        &cookie,
        id,
        &doc,
        &signed(IVANOV, KeyKind::Auth, &data).await,
    )
    .await;
    assert_eq!(status_code(&reply), err(unprocessable, "wrong_key_usage"));
    // …and the document is used up by that failure.
    let reply = cancel(
        &app,
        &cookie,
        id,
        &doc,
        &signed(IVANOV, KeyKind::Sign, &data).await,
    )
    .await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::GONE, "document_expired")
    );

    // Another person's signing key (with an account, and without one).
    for iin in [PETROV, STRANGER_IIN] {
        let (doc, data, _) = document(&app, &cookie, id).await;
        let reply = cancel(
            &app,
            &cookie,
            id,
            &doc,
            &signed(iin, KeyKind::Sign, &data).await,
        )
        .await;
        assert_eq!(
            status_code(&reply),
            err(unprocessable, "signer_mismatch"),
            "{iin}"
        );
    }

    // The content of another document (of the same application).
    let (doc_a, data_a, _) = document(&app, &cookie, id).await;
    let (doc_b, _, _) = document(&app, &cookie, id).await;
    let reply = cancel(
        &app,
        &cookie,
        id,
        &doc_b,
        &signed(IVANOV, KeyKind::Sign, &data_a).await,
    )
    .await;
    assert_eq!(status_code(&reply), err(unprocessable, "invalid_signature"));
    // Document A was not touched by that request.
    let reply = cancel(
        &app,
        &cookie,
        id,
        &doc_a,
        &signed(IVANOV, KeyKind::Auth, &data_a).await,
    )
    .await;
    assert_eq!(status_code(&reply), err(unprocessable, "wrong_key_usage"));

    // Other CAs: the fake CA (same name, other key), and a self-signed signing certificate.
    let (doc, data, _) = document(&app, &cookie, id).await;
    let fake = &pki.fake_ca_key;
    let cms = B64.encode(sign_attached(&fake.key, &fake.cert, &data).unwrap());
    let reply = cancel(&app, &cookie, id, &doc, &cms).await;
    assert_eq!(status_code(&reply), err(unprocessable, "invalid_signature"));
    let (doc, data, _) = document(&app, &cookie, id).await;
    let key = &pki.identity(IVANOV).unwrap().sign.key;
    let subject = person_name(IVANOV, "Иванов Иван Иванович").unwrap();
    let forged = self_signed("cancel test forgery", &subject, key, Some(EMAIL_PROTECTION)).unwrap();
    let cms = B64.encode(sign_attached(key, &forged, &data).unwrap());
    let reply = cancel(&app, &cookie, id, &doc, &cms).await;
    assert_eq!(status_code(&reply), err(unprocessable, "invalid_signature"));

    // A tampered CMS: a byte of the signature flipped.
    let (doc, data, _) = document(&app, &cookie, id).await;
    let mut der = B64
        .decode(signed(IVANOV, KeyKind::Sign, &data).await)
        .unwrap();
    let at = der.len() - 50;
    der[at] ^= 0x01;
    let reply = cancel(&app, &cookie, id, &doc, &B64.encode(der)).await;
    assert_eq!(status_code(&reply), err(unprocessable, "invalid_signature"));

    // Still accepted, still cancellable after all that.
    let v = call(
        &app,
        "GET",
        &format!("/api/applications/{id}"),
        None,
        Some(&cookie),
    )
    .await
    .json();
    assert_eq!(
        (v["status"].clone(), v["cancellable"].clone()),
        (json!("accepted"), json!(true))
    );
}

#[tokio::test]
async fn refusals_of_the_request_and_the_document() {
    let (_, app) = dev_app();
    let cookie = login(&app, IVANOV).await;
    let petrov = login(&app, PETROV).await;
    let id = CANCELLABLE[0];

    // Not JSON: 400 bad_request, before anything else (even for another person's application).
    for target in [id, PETROVS] {
        let req = Request::builder()
            .method("POST")
            .uri(cancel_path(target))
            .header("content-type", "application/json")
            .header("cookie", &cookie)
            .body(Body::from("{not json"))
            .unwrap();
        let reply = send(&app, req).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::BAD_REQUEST, "bad_request")
        );
    }
    let reply = call(
        &app,
        "POST",
        &cancel_path(id),
        Some(json!({"document_id": 5, "cms": "AQID"})),
        Some(&cookie),
    )
    .await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::BAD_REQUEST, "bad_request")
    );

    // Empty fields: 422 validation.
    for (body, fields) in [
        (
            json!({}),
            json!({"document_id": "required", "cms": "required"}),
        ),
        (
            json!({"document_id": "x", "cms": " \n"}),
            json!({"cms": "required"}),
        ),
        (
            json!({"document_id": "", "cms": "AQID"}),
            json!({"document_id": "required"}),
        ),
    ] {
        let reply = call(&app, "POST", &cancel_path(id), Some(body), Some(&cookie)).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::UNPROCESSABLE_ENTITY, "validation")
        );
        assert_eq!(reply.json()["fields"], fields);
    }

    // An unknown document.
    let reply = cancel(&app, &cookie, id, "nope", "AQID").await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::GONE, "document_expired")
    );

    // A document of another application (of the same person): 410, and it is used up.
    let (doc, data, _) = document(&app, &cookie, CANCELLABLE[1]).await;
    let cms = signed(IVANOV, KeyKind::Sign, &data).await;
    let reply = cancel(&app, &cookie, id, &doc, &cms).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::GONE, "document_expired")
    );
    let reply = cancel(&app, &cookie, CANCELLABLE[1], &doc, &cms).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::GONE, "document_expired")
    );

    // A document of another person (Petrov's, for his application) used by Ivanov's session
    // on Ivanov's application: 410.
    let (doc, data, _) = document(&app, &petrov, PETROVS).await;
    let cms = signed(PETROV, KeyKind::Sign, &data).await;
    let reply = cancel(&app, &cookie, id, &doc, &cms).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::GONE, "document_expired")
    );

    // Garbage CMS: 400 invalid_cms (the document is used up all the same).
    for garbage in [
        "%%% not base64 %%%",
        "bm90IGEgQ01T",
        "-----BEGIN CMS-----\nAQID\n-----END CMS-----",
    ] {
        let (doc, data, _) = document(&app, &cookie, id).await;
        let reply = cancel(&app, &cookie, id, &doc, garbage).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::BAD_REQUEST, "invalid_cms"),
            "{garbage}"
        );
        let reply = cancel(
            &app,
            &cookie,
            id,
            &doc,
            &signed(IVANOV, KeyKind::Sign, &data).await,
        )
        .await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::GONE, "document_expired")
        );
    }

    // Expired: the dev clock 301 s on.
    let (doc, data, _) = document(&app, &cookie, id).await;
    let cms = signed(IVANOV, KeyKind::Sign, &data).await;
    advance(&app, DOCUMENT_SECONDS + 1).await;
    let reply = cancel(&app, &cookie, id, &doc, &cms).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::GONE, "document_expired")
    );

    // Reuse after a success: the document is gone (the 409 comes first, the application being
    // cancel_requested; on another cancellable application it would be 410).
    let (doc, data, _) = document(&app, &cookie, id).await;
    let cms = signed(IVANOV, KeyKind::Sign, &data).await;
    let reply = cancel(&app, &cookie, id, &doc, &cms).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let reply = cancel(&app, &cookie, id, &doc, &cms).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::CONFLICT, "not_cancellable")
    );
    // Back to accepted (the back office), the used document is still refused: 410.
    let reply = call(
        &app,
        "PUT",
        &format!("/__dev/applications/{id}/status"),
        Some(json!({"status": "accepted"})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reply = cancel(&app, &cookie, id, &doc, &cms).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::GONE, "document_expired")
    );

    // A logged-out session: 401.
    call(&app, "POST", "/api/auth/logout", None, Some(&cookie)).await;
    let reply = cancel(&app, &cookie, id, &doc, &cms).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::UNAUTHORIZED, "unauthenticated")
    );
}

// ---- the back office (dev) ---------------------------------------------------------------------------

#[tokio::test]
async fn dev_application_status() {
    let (state, app) = dev_app_with_lasting_sessions();
    let cookie = login(&app, IVANOV).await;
    let id = CANCELLABLE[2];
    let put = |status: Value| {
        let app = app.clone();
        async move {
            call(
                &app,
                "PUT",
                &format!("/__dev/applications/{id}/status"),
                Some(status),
                None,
            )
            .await
        }
    };
    let get = || {
        let (app, cookie) = (app.clone(), cookie.clone());
        async move {
            call(
                &app,
                "GET",
                &format!("/api/applications/{id}"),
                None,
                Some(&cookie),
            )
            .await
            .json()
        }
    };
    let before = get().await;
    let mut history = before["history"].as_array().unwrap().clone();

    advance(&app, 86_400).await;
    let today = almaty_date(dev_now(&state));
    let reply = put(json!({"status": "in_progress"})).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.body.is_empty());
    let v = get().await;
    history.push(json!({"status": "in_progress", "at": today}));
    assert_eq!(v["status"], "in_progress");
    assert_eq!(v["cancellable"], false);
    assert_eq!(v["history"], json!(history));
    assert_eq!(v["refusal_reason"], Value::Null);

    // refused with a reason, then without one (a default reason), then on: the reason goes.
    let reply = put(json!({"status": "refused", "reason": "Нет <b>документов</b>"})).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let v = get().await;
    assert_eq!(
        (v["status"].clone(), v["refusal_reason"].clone()),
        (json!("refused"), json!("Нет <b>документов</b>"))
    );
    put(json!({"status": "refused"})).await;
    assert_eq!(
        get().await["refusal_reason"],
        mock_api::dev::DEFAULT_REFUSAL_REASON
    );
    put(json!({"status": "executed", "reason": "ignored"})).await;
    let v = get().await;
    assert_eq!(
        (v["status"].clone(), v["refusal_reason"].clone()),
        (json!("executed"), Value::Null)
    );
    assert_eq!(v["history"].as_array().unwrap().len(), history.len() + 3);
    assert_eq!(
        v["history"].as_array().unwrap().last().unwrap(),
        &json!({"status": "executed", "at": today})
    );
    // In the list too.
    let list = call(&app, "GET", "/api/applications", None, Some(&cookie))
        .await
        .json();
    let row = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(row["status"], "executed");

    // Back to accepted: cancellable again. Another person's application is moved just as well.
    put(json!({"status": "accepted"})).await;
    assert_eq!(get().await["cancellable"], true);
    document(&app, &cookie, id).await;
    let reply = call(
        &app,
        "PUT",
        &format!("/__dev/applications/{PETROVS}/status"),
        Some(json!({"status": "cancelled_by_applicant"})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);

    // 404 unknown id; 422 unknown or missing status; 400 not JSON / unknown field.
    let reply = call(
        &app,
        "PUT",
        "/__dev/applications/app-nope/status",
        Some(json!({"status": "executed"})),
        None,
    )
    .await;
    assert_eq!(status_code(&reply), err(StatusCode::NOT_FOUND, "not_found"));
    for (body, field) in [
        (json!({"status": "lost"}), "unknown_status"),
        (json!({"status": "EXECUTED"}), "unknown_status"),
        (json!({}), "required"),
    ] {
        let reply = put(body.clone()).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::UNPROCESSABLE_ENTITY, "validation"),
            "{body}"
        );
        assert_eq!(reply.json()["fields"]["status"], field);
    }
    let reply = put(json!({"status": "executed", "colour": "red"})).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(get().await["status"], "accepted");

    // Not served without --dev.
    let (_, prod) = new_app(Options::default());
    let reply = call(
        &prod,
        "PUT",
        &format!("/__dev/applications/{id}/status"),
        Some(json!({"status": "executed"})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

// ---- the stand-in NCALayer ------------------------------------------------------------------------------

/// Signs `data` as the page does for a cancellation: basics.sign, attached, the signing usage
/// and the person's IIN in signerParams.
async fn ncalayer_sign(url: &str, data: &[u8], iin: &str) -> String {
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let _greeting = ws.next().await.unwrap().unwrap();
    let request = json!({"module": "kz.gov.pki.knca.basics", "method": "sign", "args": {
        "allowedStorages": ["PKCS12"], "format": "cms", "data": B64.encode(data),
        "signingParams": {"decode": true, "encapsulate": true, "digested": false},
        "signerParams": {"extKeyUsageOids": [SIGN_OID], "iin": iin, "chain": []},
        "locale": "kk"}});
    ws.send(Message::text(request.to_string())).await.unwrap();
    let reply = tokio::time::timeout(Duration::from_secs(30), ws.next())
        .await
        .expect("a reply within 30 s")
        .unwrap()
        .unwrap();
    let reply: Value = serde_json::from_str(reply.to_text().unwrap()).unwrap();
    assert_eq!(reply["status"], true, "{reply}");
    reply["body"]["result"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn ncalayer_signs_the_cancellation_with_the_signing_key_of_the_iin() {
    let state = AppState::from_fixtures();
    let app = app(
        state.clone(),
        quiet(Options {
            dev: true,
            ..Options::default()
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/", listener.local_addr().unwrap());
    tokio::spawn(mock_api::ncalayer::serve(listener, state.clone()));
    let cookie = login(&app, IVANOV).await;
    let set_mode = |control: Value| {
        let app = app.clone();
        async move {
            let reply = call(&app, "PUT", "/__dev/ncalayer", Some(control), None).await;
            assert_eq!(reply.status, StatusCode::OK);
        }
    };
    let id = CANCELLABLE[0];

    // wrong_key: the AUTH key → wrong_key_usage.
    set_mode(json!({"mode": "wrong_key", "times": 1})).await;
    let (doc, data, _) = document(&app, &cookie, id).await;
    let reply = cancel(
        &app,
        &cookie,
        id,
        &doc,
        &ncalayer_sign(&url, &data, IVANOV).await,
    )
    .await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::UNPROCESSABLE_ENTITY, "wrong_key_usage")
    );
    // other_person: the stranger's signing key → signer_mismatch.
    set_mode(json!({"mode": "other_person", "times": 1})).await;
    let (doc, data, _) = document(&app, &cookie, id).await;
    let reply = cancel(
        &app,
        &cookie,
        id,
        &doc,
        &ncalayer_sign(&url, &data, IVANOV).await,
    )
    .await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::UNPROCESSABLE_ENTITY, "signer_mismatch")
    );
    // normal, with Petrov "at the computer" by the dev setting: signerParams.iin wins, and the
    // signing key is used → cancelled.
    set_mode(json!({"iin": PETROV})).await;
    let (doc, data, _) = document(&app, &cookie, id).await;
    let reply = cancel(
        &app,
        &cookie,
        id,
        &doc,
        &ncalayer_sign(&url, &data, IVANOV).await,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.json()["status"], "cancel_requested");
}
