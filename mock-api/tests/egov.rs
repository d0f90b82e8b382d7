//! eGov mobile QR log-in end to end: the page's start and poll, the phone's API №1, API №2 GET
//! and PUT with CMS made from the test PKI, and the development phone (`/__dev/egov/sign`, and
//! the same code over real HTTP as the `egov-sign` subcommand uses).

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use common::*;
use mock_api::cms::sign_attached;
use mock_api::egov::{api1_url, play_phone, Transport, PROCEDURE_SECONDS};
use mock_api::pki::{KeyKind, Pki};
use serde_json::{json, Value};

const START: &str = "/api/auth/egov";

/// Opens a procedure as the page does, with this Host header.
async fn start(app: &Router, host: &str) -> Value {
    let req = Request::builder()
        .method("POST")
        .uri(START)
        .header("host", host)
        .body(Body::empty())
        .unwrap();
    let reply = send(app, req).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json()
}

async fn get(app: &Router, path: &str) -> Reply {
    call(app, "GET", path, None, None).await
}

/// The API №2 document with its data replaced by the CMS of `data` made with this key.
async fn signed(doc: &Value, iin: &str, kind: KeyKind, data: &[u8]) -> Value {
    let store = Pki::get().await.identity(iin).unwrap().key(kind);
    let cms = B64.encode(sign_attached(&store.key, &store.cert, data).unwrap());
    let mut doc = doc.clone();
    doc["documentsToSign"][0]["document"]["file"]["data"] = json!(cms);
    doc
}

/// Start → API №1 → API №2: the id, the API №2 path, its document and the bytes to sign.
async fn scanned(app: &Router) -> (String, String, Value, Vec<u8>) {
    let p = start(app, "127.0.0.1:8081").await;
    let id = p["id"].as_str().unwrap().to_owned();
    let reply = get(app, &format!("/api/egov/sign/{id}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let api2 = format!("/api/egov/sign/{id}/document");
    let doc = get(app, &api2).await.json();
    let data = B64
        .decode(
            doc["documentsToSign"][0]["document"]["file"]["data"]
                .as_str()
                .unwrap(),
        )
        .unwrap();
    (id, api2, doc, data)
}

async fn put(app: &Router, api2: &str, body: Value) -> Reply {
    call(app, "PUT", api2, Some(body), None).await
}

#[tokio::test]
async fn qr_log_in_end_to_end() {
    let (_, app) = new_app(mock_api::Options::default());
    let p = start(&app, "127.0.0.1:8081").await;
    let id = p["id"].as_str().unwrap();
    let api1 = format!("http://127.0.0.1:8081/api/egov/sign/{id}");
    assert_eq!(p["qr_text"], format!("mobileSign:{api1}"));
    assert_eq!(
        p["mobile_link"],
        format!(
            "https://mgovsign.page.link/?link=http%3A%2F%2F127.0.0.1%3A8081%2Fapi%2Fegov%2Fsign%2F{id}&isi=1476128386&ibi=kz.egov.mobile&apn=kz.mobile.mgov"
        )
    );
    let expires = mock_api::time::parse_rfc3339(p["expires_at"].as_str().unwrap()).unwrap();
    let left = expires - mock_api::time::now_unix();
    assert!((178..=180).contains(&left), "expires in {left} s");
    assert_eq!(
        api1_url(p["mobile_link"].as_str().unwrap()).as_deref(),
        Some(api1.as_str())
    );
    let poll = format!("/api/auth/egov/{id}");
    assert_eq!(get(&app, &poll).await.json(), json!({"state": "created"}));

    // API №1 (the phone scanned the QR code)
    let reply = get(&app, &format!("/api/egov/sign/{id}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let v = reply.json();
    assert_eq!(
        v["document"],
        json!({"uri": format!("{api1}/document"), "auth_type": "None", "auth_token": ""})
    );
    assert_eq!(v["expiry_date"], p["expires_at"]);
    for key in ["nameRu", "nameKz", "nameEn"] {
        assert!(!v["organisation"][key].as_str().unwrap().is_empty());
    }
    assert_eq!(v["organisation"]["bin"].as_str().unwrap().len(), 12);
    assert!(!v["description"].as_str().unwrap().is_empty());
    assert_eq!(get(&app, &poll).await.json(), json!({"state": "scanned"}));

    // API №2
    let api2 = format!("/api/egov/sign/{id}/document");
    let doc = get(&app, &api2).await.json();
    assert_eq!(doc["signMethod"], "CMS_WITH_DATA");
    let list = doc["documentsToSign"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], 1);
    assert_eq!(list[0]["document"]["file"]["mime"], "");
    let data = B64
        .decode(list[0]["document"]["file"]["data"].as_str().unwrap())
        .unwrap();
    let text = String::from_utf8(data.clone()).unwrap();
    assert!(text.contains(id) && text.contains("log-in"), "{text}");

    // PUT, signed with the AUTH key
    let reply = put(
        &app,
        &api2,
        signed(&doc, IVANOV, KeyKind::Auth, &data).await,
    )
    .await;
    assert_eq!((reply.status, reply.json()), (StatusCode::OK, json!({})));

    // The poll: signed, the profile and a session (once)
    let reply = get(&app, &poll).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["state"], "signed");
    assert_eq!(reply.json()["profile"]["iin"], IVANOV);
    let cookie = reply.session_cookie().expect("a session cookie");
    assert!(cookie.starts_with("zeinet_session="));
    let set = reply.header("set-cookie").unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"));
    let profile = call(&app, "GET", "/api/profile", None, Some(&cookie)).await;
    assert_eq!(
        (profile.status, profile.json()["iin"].clone()),
        (StatusCode::OK, json!(IVANOV))
    );
    let again = get(&app, &poll).await;
    assert_eq!(again.json(), json!({"state": "signed"}));
    assert!(again.header("set-cookie").is_none());
}

#[tokio::test]
async fn the_signing_key_is_accepted_too() {
    let (_, app) = new_app(mock_api::Options::default());
    let (id, api2, doc, data) = scanned(&app).await;
    let reply = put(
        &app,
        &api2,
        signed(&doc, PETROV, KeyKind::Sign, &data).await,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = get(&app, &format!("/api/auth/egov/{id}")).await;
    assert_eq!(reply.json()["profile"]["iin"], PETROV);
}

#[tokio::test]
async fn expired_procedures_answer_410() {
    let (_, app) = dev_app();
    let (id, api2, doc, data) = scanned(&app).await;
    let reply = call(
        &app,
        "POST",
        "/__dev/clock",
        Some(json!({"advance_seconds": PROCEDURE_SECONDS})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let poll = format!("/api/auth/egov/{id}");
    assert_eq!(get(&app, &poll).await.json(), json!({"state": "expired"}));
    for path in [format!("/api/egov/sign/{id}"), api2.clone()] {
        let reply = get(&app, &path).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::GONE, "expired")
        );
    }
    let reply = put(
        &app,
        &api2,
        signed(&doc, IVANOV, KeyKind::Auth, &data).await,
    )
    .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::GONE, "expired")
    );
    // One second before the end it was still live.
    let (_, app) = dev_app();
    let (id, ..) = scanned(&app).await;
    call(
        &app,
        "POST",
        "/__dev/clock",
        Some(json!({"advance_seconds": PROCEDURE_SECONDS - 2})),
        None,
    )
    .await;
    assert_eq!(
        get(&app, &format!("/api/egov/sign/{id}")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_used_procedure_answers_409() {
    let (_, app) = new_app(mock_api::Options::default());
    let (id, api2, doc, data) = scanned(&app).await;
    let body = signed(&doc, IVANOV, KeyKind::Auth, &data).await;
    assert_eq!(put(&app, &api2, body.clone()).await.status, StatusCode::OK);
    let reply = put(&app, &api2, body).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "already_used")
    );
    for path in [format!("/api/egov/sign/{id}"), api2] {
        assert_eq!(get(&app, &path).await.status, StatusCode::CONFLICT);
    }
}

#[tokio::test]
async fn wrong_document_and_unknown_signer_answer_401() {
    let (_, app) = new_app(mock_api::Options::default());
    let (id, api2, doc, data) = scanned(&app).await;
    // Another procedure's document.
    let (_, _, _, other) = scanned(&app).await;
    let reply = put(
        &app,
        &api2,
        signed(&doc, IVANOV, KeyKind::Auth, &other).await,
    )
    .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_signature")
    );
    // A key of the fake CA.
    let fake = &Pki::get().await.fake_ca_key;
    let cms = B64.encode(sign_attached(&fake.key, &fake.cert, &data).unwrap());
    let mut body = doc.clone();
    body["documentsToSign"][0]["document"]["file"]["data"] = json!(cms);
    let reply = put(&app, &api2, body).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_signature")
    );
    // Сидоров has keys but no account.
    let reply = put(
        &app,
        &api2,
        signed(&doc, NOT_REGISTERED, KeyKind::Sign, &data).await,
    )
    .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "unknown_user")
    );
    // Refusals leave the procedure open: the right signature still goes through.
    let poll = format!("/api/auth/egov/{id}");
    assert_eq!(get(&app, &poll).await.json(), json!({"state": "scanned"}));
    let reply = put(&app, &api2, signed(&doc, AIGUL, KeyKind::Sign, &data).await).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(get(&app, &poll).await.json()["profile"]["iin"], AIGUL);
}

#[tokio::test]
async fn malformed_puts() {
    let (_, app) = new_app(mock_api::Options::default());
    let (_, api2, doc, _) = scanned(&app).await;
    let mut xml = doc.clone();
    xml["signMethod"] = json!("XML");
    let reply = put(&app, &api2, xml).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.json()["fields"]["signMethod"],
        "unsupported_sign_method"
    );
    let reply = put(
        &app,
        &api2,
        json!({"signMethod": "CMS_WITH_DATA", "documentsToSign": []}),
    )
    .await;
    assert_eq!(reply.json()["fields"]["documentsToSign"], "invalid");
    let mut not_cms = doc.clone();
    not_cms["documentsToSign"][0]["document"]["file"]["data"] = json!("not base64!");
    let reply = put(&app, &api2, not_cms).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::BAD_REQUEST, "invalid_cms")
    );
    let reply = put(&app, "/api/egov/sign/nope/document", doc).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn rejection_by_the_dev_endpoint() {
    let (_, app) = dev_app();
    let (id, api2, doc, data) = scanned(&app).await;
    let reject = format!("/__dev/egov/{id}/reject");
    let reply = call(&app, "PUT", &reject, None, None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let poll = format!("/api/auth/egov/{id}");
    assert_eq!(get(&app, &poll).await.json(), json!({"state": "rejected"}));
    let reply = put(
        &app,
        &api2,
        signed(&doc, IVANOV, KeyKind::Auth, &data).await,
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(
        call(&app, "PUT", &reject, None, None).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        call(&app, "PUT", "/__dev/egov/nope/reject", None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Without --dev there is no /__dev.
    let (_, plain) = new_app(mock_api::Options::default());
    assert_eq!(
        call(&plain, "PUT", &reject, None, None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_dev_phone_signs_through_the_api() {
    let (_, app) = dev_app();
    for (which, iin) in [
        ("qr_text", IVANOV),
        ("mobile_link", AIGUL),
        ("api1", PETROV),
    ] {
        let p = start(&app, "localhost:8081").await;
        let id = p["id"].as_str().unwrap().to_owned();
        let link = match which {
            "api1" => format!("http://localhost:8081/api/egov/sign/{id}"),
            key => p[key].as_str().unwrap().to_owned(),
        };
        let reply = call(
            &app,
            "POST",
            "/__dev/egov/sign",
            Some(json!({"link": link, "iin": iin})),
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{which}: {:?}", reply.body);
        let v = reply.json();
        assert_eq!(
            (v["id"].as_str(), v["iin"].as_str()),
            (Some(&*id), Some(iin))
        );
        assert_eq!(v["documents"], 1);
        let reply = get(&app, &format!("/api/auth/egov/{id}")).await;
        assert_eq!(reply.json()["state"], "signed", "{which}");
        assert_eq!(reply.json()["profile"]["iin"], iin, "{which}");
        assert!(reply.session_cookie().is_some());
        // Again: the procedure is used.
        let reply = call(
            &app,
            "POST",
            "/__dev/egov/sign",
            Some(json!({"link": link, "iin": iin})),
            None,
        )
        .await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::CONFLICT, "already_used")
        );
        assert!(reply.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("API №1"));
    }
    // The default person is Иванов; an unregistered one is refused at the PUT.
    let p = start(&app, "localhost:8081").await;
    let reply = call(
        &app,
        "POST",
        "/__dev/egov/sign",
        Some(json!({"link": p["qr_text"]})),
        None,
    )
    .await;
    assert_eq!(reply.json()["iin"], IVANOV);
    let p = start(&app, "localhost:8081").await;
    let reply = call(
        &app,
        "POST",
        "/__dev/egov/sign",
        Some(json!({"link": p["qr_text"], "iin": NOT_REGISTERED})),
        None,
    )
    .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "unknown_user")
    );
    for body in [
        json!({"link": "hello"}),
        json!({"link": p["qr_text"], "iin": "123456789012"}),
    ] {
        let reply = call(&app, "POST", "/__dev/egov/sign", Some(body), None).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn the_phone_over_real_http() {
    let state = mock_api::AppState::from_fixtures();
    let router = mock_api::app(
        state,
        quiet(mock_api::Options {
            dev: true,
            ..Default::default()
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let p = start_http(&addr.to_string()).await;
    let link = p["mobile_link"].as_str().unwrap();
    let report = play_phone(&Transport::Http, link, IVANOV).await.unwrap();
    assert_eq!(report.documents, 1);
    assert_eq!(
        report.api1,
        format!("http://{addr}/api/egov/sign/{}", p["id"].as_str().unwrap())
    );
    let err = play_phone(&Transport::Http, link, IVANOV)
        .await
        .unwrap_err();
    assert_eq!((err.step, err.status), ("API №1", Some(409)));
    server.abort();
}

/// POST /api/auth/egov over real HTTP (the Host header is the listener's address).
async fn start_http(addr: &str) -> Value {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "POST /api/auth/egov HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).await.unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    serde_json::from_str(body).unwrap()
}
