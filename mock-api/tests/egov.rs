//! eGov mobile QR log-in end to end: the page's start, poll and session (bound to the browser
//! that started the procedure by its `zeinet_egov` cookie), the phone's API №1, API №2 GET and
//! PUT with CMS made from the test PKI, and the development phone (`/__dev/egov/sign`, and the
//! same code over real HTTP as the `egov-sign` subcommand uses).

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
/// The cookie that binds a log-in procedure to the browser that opened it.
const BINDING: &str = "zeinet_egov";

/// The `Set-Cookie` value for cookie `name`, if the reply sets it.
fn set_cookie<'r>(reply: &'r Reply, name: &str) -> Option<&'r str> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
}

/// `name=value` of a `Set-Cookie` value, ready for a Cookie header.
fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().trim().to_owned()
}

/// Opens a procedure as the page does, with this Host header and the browser's cookies: the
/// procedure and the whole answer.
async fn start_in(app: &Router, host: &str, cookie: Option<&str>) -> (Value, Reply) {
    let mut req = Request::builder()
        .method("POST")
        .uri(START)
        .header("host", host);
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    let reply = send(app, req.body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    (reply.json(), reply)
}

/// Opens a procedure in a new browser: the procedure and the browser's binding cookie
/// (`zeinet_egov=…`).
async fn start(app: &Router, host: &str) -> (Value, String) {
    let (p, reply) = start_in(app, host, None).await;
    let set = set_cookie(&reply, BINDING).expect("the binding cookie is set");
    (p, pair(set))
}

async fn get(app: &Router, path: &str) -> Reply {
    call(app, "GET", path, None, None).await
}

/// The page's poll of procedure `id` with these cookies.
async fn poll(app: &Router, id: &str, cookie: Option<&str>) -> Reply {
    call(app, "GET", &format!("/api/auth/egov/{id}"), None, cookie).await
}

/// The page's request for the session of signed procedure `id`, with these cookies.
async fn complete(app: &Router, id: &str, cookie: Option<&str>) -> Reply {
    let path = format!("/api/auth/egov/{id}/session");
    call(app, "POST", &path, None, cookie).await
}

/// No cookie of any kind is set.
fn sets_no_cookie(reply: &Reply) -> bool {
    reply.headers.get("set-cookie").is_none()
}

/// Plays the phone for `iin` through the dev endpoint (needs `--dev`).
async fn dev_phone_signs(app: &Router, link: &str, iin: &str) {
    let reply = call(
        app,
        "POST",
        "/__dev/egov/sign",
        Some(json!({"link": link, "iin": iin})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
}

/// The API №2 document with its data replaced by the CMS of `data` made with this key.
async fn signed(doc: &Value, iin: &str, kind: KeyKind, data: &[u8]) -> Value {
    let store = Pki::get().await.identity(iin).unwrap().key(kind);
    let cms = B64.encode(sign_attached(&store.key, &store.cert, data).unwrap());
    let mut doc = doc.clone();
    doc["documentsToSign"][0]["document"]["file"]["data"] = json!(cms);
    doc
}

/// Start → API №1 → API №2: the id, the API №2 path, its document, the bytes to sign and the
/// binding cookie of the browser that started it.
async fn scanned(app: &Router) -> (String, String, Value, Vec<u8>, String) {
    let (p, cookie) = start(app, "127.0.0.1:8081").await;
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
    (id, api2, doc, data, cookie)
}

async fn put(app: &Router, api2: &str, body: Value) -> Reply {
    call(app, "PUT", api2, Some(body), None).await
}

#[tokio::test]
async fn qr_log_in_end_to_end() {
    let (_, app) = new_app(mock_api::Options::default());
    let (p, mine) = start(&app, "127.0.0.1:8081").await;
    let id = p["id"].as_str().unwrap();
    let api1 = format!("http://127.0.0.1:8081/api/egov/sign/{id}");
    assert_eq!(p["qr_text"], format!("mobileSign:{api1}"));
    assert_eq!(
        p["mobile_link"],
        format!(
            "https://m.egov.kz/mobileSign/?link=http%3A%2F%2F127.0.0.1%3A8081%2Fapi%2Fegov%2Fsign%2F{id}&isi=1476128386&ibi=kz.egov.mobile&apn=kz.mobile.mgov"
        )
    );
    let expires = mock_api::time::parse_rfc3339(p["expires_at"].as_str().unwrap()).unwrap();
    let left = expires - mock_api::time::now_unix();
    assert!((178..=180).contains(&left), "expires in {left} s");
    assert_eq!(
        api1_url(p["mobile_link"].as_str().unwrap()).as_deref(),
        Some(api1.as_str())
    );
    assert_eq!(
        poll(&app, id, Some(&mine)).await.json(),
        json!({"state": "created"})
    );

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
    assert_eq!(
        poll(&app, id, Some(&mine)).await.json(),
        json!({"state": "scanned"})
    );

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

    // The poll says signed, and nothing more: no profile, no session.
    let reply = poll(&app, id, Some(&mine)).await;
    assert_eq!(
        (reply.status, reply.json()),
        (StatusCode::OK, json!({"state": "signed"}))
    );
    assert!(sets_no_cookie(&reply));
    // The session: the profile and a session cookie (once).
    let reply = complete(&app, id, Some(&mine)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let profile = reply.json()["profile"].clone();
    assert_eq!(reply.json(), json!({"profile": profile}));
    assert_eq!(profile["iin"], IVANOV);
    let set = set_cookie(&reply, "zeinet_session").expect("a session cookie");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"));
    let cookie = pair(set);
    let me = call(&app, "GET", "/api/profile", None, Some(&cookie)).await;
    assert_eq!((me.status, me.json()), (StatusCode::OK, profile));
    let again = poll(&app, id, Some(&mine)).await;
    assert_eq!(again.json(), json!({"state": "signed"}));
    assert!(sets_no_cookie(&again));
}

#[tokio::test]
async fn the_signing_key_is_accepted_too() {
    let (_, app) = new_app(mock_api::Options::default());
    let (id, api2, doc, data, mine) = scanned(&app).await;
    let reply = put(
        &app,
        &api2,
        signed(&doc, PETROV, KeyKind::Sign, &data).await,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = complete(&app, &id, Some(&mine)).await;
    assert_eq!(reply.json()["profile"]["iin"], PETROV);
}

#[tokio::test]
async fn expired_procedures_answer_410() {
    let (_, app) = dev_app();
    let (id, api2, doc, data, mine) = scanned(&app).await;
    let reply = call(
        &app,
        "POST",
        "/__dev/clock",
        Some(json!({"advance_seconds": PROCEDURE_SECONDS})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        poll(&app, &id, Some(&mine)).await.json(),
        json!({"state": "expired"})
    );
    let reply = complete(&app, &id, Some(&mine)).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::GONE, "expired")
    );
    assert!(sets_no_cookie(&reply));
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
    let (id, api2, doc, data, _) = scanned(&app).await;
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
    let (id, api2, doc, data, mine) = scanned(&app).await;
    // Another procedure's document.
    let (_, _, _, other, _) = scanned(&app).await;
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
    assert_eq!(
        poll(&app, &id, Some(&mine)).await.json(),
        json!({"state": "scanned"})
    );
    let reply = put(&app, &api2, signed(&doc, AIGUL, KeyKind::Sign, &data).await).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        complete(&app, &id, Some(&mine)).await.json()["profile"]["iin"],
        AIGUL
    );
}

#[tokio::test]
async fn malformed_puts() {
    let (_, app) = new_app(mock_api::Options::default());
    let (_, api2, doc, _, _) = scanned(&app).await;
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
    let (id, api2, doc, data, mine) = scanned(&app).await;
    let reject = format!("/__dev/egov/{id}/reject");
    let reply = call(&app, "PUT", &reject, None, None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(
        poll(&app, &id, Some(&mine)).await.json(),
        json!({"state": "rejected"})
    );
    let reply = complete(&app, &id, Some(&mine)).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "not_signed")
    );
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
        let (p, mine) = start(&app, "localhost:8081").await;
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
        let reply = poll(&app, &id, Some(&mine)).await;
        assert_eq!(reply.json(), json!({"state": "signed"}), "{which}");
        let reply = complete(&app, &id, Some(&mine)).await;
        assert_eq!(reply.json()["profile"]["iin"], iin, "{which}");
        assert!(set_cookie(&reply, "zeinet_session").is_some());
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
    let (p, _) = start(&app, "localhost:8081").await;
    let reply = call(
        &app,
        "POST",
        "/__dev/egov/sign",
        Some(json!({"link": p["qr_text"]})),
        None,
    )
    .await;
    assert_eq!(reply.json()["iin"], IVANOV);
    let (p, _) = start(&app, "localhost:8081").await;
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
    // Only eGov's launcher is a phone link (not another host's, as the dead Firebase one).
    let old_link = format!(
        "https://links.example/?link={}&isi=1476128386&ibi=kz.egov.mobile&apn=kz.mobile.mgov",
        percent_encoding::utf8_percent_encode(
            &format!(
                "http://localhost:8081/api/egov/sign/{}",
                p["id"].as_str().unwrap()
            ),
            mock_api::egov::NOT_UNRESERVED
        )
    );
    for body in [
        json!({"link": "hello"}),
        json!({"link": old_link}),
        json!({"link": p["qr_text"], "iin": "123456789012"}),
    ] {
        let reply = call(&app, "POST", "/__dev/egov/sign", Some(body), None).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

// ---- the log-in belongs to the browser that started it ---------------------------------------

#[tokio::test]
async fn the_binding_cookie_is_a_secret_httponly_strict_cookie_of_the_log_in_paths() {
    let (_, app) = new_app(mock_api::Options::default());
    let (p, reply) = start_in(&app, "127.0.0.1:8081", None).await;
    let set = set_cookie(&reply, BINDING).expect("the binding cookie");
    let secret = pair(set)[BINDING.len() + 1..].to_owned();
    assert!(
        secret.len() == 64 && secret.bytes().all(|b| b.is_ascii_hexdigit()),
        "{secret}"
    );
    let attrs = attributes(set);
    let path = format!("path=/api/auth/egov/{}", p["id"].as_str().unwrap());
    for a in ["httponly", "samesite=strict", path.as_str(), "max-age=780"] {
        assert!(attrs.iter().any(|x| x == a), "{a} in {attrs:?}");
    }
    assert!(
        !attrs.iter().any(|x| x == "secure"),
        "plain http: {attrs:?}"
    );
    // The secret is nowhere but in the cookie: not in the QR text, the link or the body.
    let body = String::from_utf8(reply.body.to_vec()).unwrap();
    assert!(!body.contains(&secret), "{body}");
    assert!(!p["qr_text"].as_str().unwrap().contains(&secret));
    assert!(!p["mobile_link"].as_str().unwrap().contains(&secret));
    // Over HTTPS it is Secure: --secure-cookies, or a proxy's word.
    let (_, secure) = new_app(mock_api::Options {
        secure_cookies: true,
        ..Default::default()
    });
    let (_, reply) = start_in(&secure, "127.0.0.1:8081", None).await;
    let attrs = attributes(set_cookie(&reply, BINDING).unwrap());
    assert_eq!(attrs.iter().filter(|x| *x == "secure").count(), 1);
    let req = Request::builder()
        .method("POST")
        .uri(START)
        .header("x-forwarded-proto", "https")
        .body(Body::empty())
        .unwrap();
    let reply = send(&app, req).await;
    let attrs = attributes(set_cookie(&reply, BINDING).unwrap());
    assert_eq!(attrs.iter().filter(|x| *x == "secure").count(), 1);
}

#[tokio::test]
async fn every_procedure_has_a_secret_of_its_own_and_a_planted_one_is_never_taken() {
    let (_, app) = dev_app();
    let (first, mine) = start(&app, "127.0.0.1:8081").await;
    let first_id = first["id"].as_str().unwrap();
    // A secret someone planted in the browser (a sibling subdomain's cookie, say) is not
    // adopted: the new procedure gets a secret the planter does not know.
    let planted = format!("zeinet_egov={}", "ab".repeat(32));
    let cookies = format!("other=1; {planted}; {mine}");
    let (second, reply) = start_in(&app, "127.0.0.1:8081", Some(&cookies)).await;
    let second_id = second["id"].as_str().unwrap();
    let set = set_cookie(&reply, BINDING).unwrap();
    let fresh = pair(set);
    assert_ne!(fresh, planted);
    assert_ne!(fresh, mine);
    // Sent only to that procedure's own poll and session.
    assert!(
        attributes(set).contains(&format!("path=/api/auth/egov/{second_id}")),
        "{set}"
    );
    dev_phone_signs(&app, second["qr_text"].as_str().unwrap(), IVANOV).await;
    for cookie in [planted.as_str(), mine.as_str()] {
        let reply = complete(&app, second_id, Some(cookie)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{cookie}");
        assert!(sets_no_cookie(&reply), "{cookie}");
    }
    // A browser holding several (two tabs, a new code) and a planted one keeps each of its own.
    let all = format!("{planted}; {mine}; {fresh}");
    let reply = poll(&app, first_id, Some(&all)).await;
    assert_eq!(reply.json(), json!({"state": "created"}));
    let reply = complete(&app, second_id, Some(&all)).await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn a_stranger_with_the_id_gets_nothing() {
    let (_, app) = dev_app();
    let (p, mine) = start(&app, "127.0.0.1:8081").await;
    let (_, theirs) = start(&app, "127.0.0.1:8081").await;
    let id = p["id"].as_str().unwrap();
    // The id is in the QR code and the link: without this browser's cookie it is unknown.
    let strangers = [
        None,
        Some(theirs.clone()),
        Some("zeinet_egov=abc".to_owned()),
        Some(format!("zeinet_egov={}", "0".repeat(64))),
        Some(
            mine.to_ascii_uppercase()
                .replace("ZEINET_EGOV", "zeinet_egov"),
        ),
    ];
    let unknown = poll(&app, "0123456789abcdef0123456789abcdef", Some(&mine)).await;
    assert_eq!(
        (unknown.status, unknown.code().as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    for stranger in &strangers {
        let reply = poll(&app, id, stranger.as_deref()).await;
        assert_eq!(
            (reply.status, reply.json()),
            (unknown.status, unknown.json()),
            "{stranger:?}: the answer of an unknown id"
        );
        assert!(sets_no_cookie(&reply), "{stranger:?}");
    }
    // Signed: still nothing for them, neither the state nor a session.
    dev_phone_signs(&app, p["qr_text"].as_str().unwrap(), IVANOV).await;
    for stranger in &strangers {
        let reply = poll(&app, id, stranger.as_deref()).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{stranger:?}"
        );
        assert!(sets_no_cookie(&reply), "{stranger:?}");
        let reply = complete(&app, id, stranger.as_deref()).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{stranger:?}"
        );
        assert!(sets_no_cookie(&reply), "{stranger:?}");
    }
    // Their attempts used nothing up: the person gets the session.
    let reply = complete(&app, id, Some(&mine)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.json()["profile"]["iin"], IVANOV);
    assert!(set_cookie(&reply, "zeinet_session").is_some());
}

#[tokio::test]
async fn a_stranger_racing_the_persons_poll_after_signing_gets_nothing() {
    let (_, app) = dev_app();
    let (p, mine) = start(&app, "127.0.0.1:8081").await;
    let (_, theirs) = start(&app, "127.0.0.1:8081").await;
    let id = p["id"].as_str().unwrap();
    dev_phone_signs(&app, p["mobile_link"].as_str().unwrap(), IVANOV).await;
    // The stranger polls as fast as they can, with and without a cookie of their own, while
    // the person's page polls and asks for the session.
    let stranger = async {
        let mut replies = Vec::new();
        for _ in 0..5 {
            for cookie in [None, Some(theirs.as_str())] {
                replies.push(poll(&app, id, cookie).await);
                replies.push(complete(&app, id, cookie).await);
                tokio::task::yield_now().await;
            }
        }
        replies
    };
    let person = async {
        let state = poll(&app, id, Some(&mine)).await;
        tokio::task::yield_now().await;
        (state, complete(&app, id, Some(&mine)).await)
    };
    let (stranger, (state, session)) = tokio::join!(stranger, person);
    for reply in &stranger {
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::NOT_FOUND, "not_found")
        );
        assert!(sets_no_cookie(reply));
    }
    assert_eq!(state.json(), json!({"state": "signed"}));
    assert_eq!(session.status, StatusCode::OK, "{:?}", session.body);
    assert_eq!(session.json()["profile"]["iin"], IVANOV);
    let cookie = pair(set_cookie(&session, "zeinet_session").unwrap());
    let me = call(&app, "GET", "/api/profile", None, Some(&cookie)).await;
    assert_eq!(me.json()["iin"], IVANOV);
}

#[tokio::test]
async fn the_session_is_handed_out_once_and_only_when_signed() {
    let (_, app) = dev_app();
    let (p, mine) = start(&app, "127.0.0.1:8081").await;
    let id = p["id"].as_str().unwrap();
    // Not signed yet: created, then scanned.
    for step in ["created", "scanned"] {
        if step == "scanned" {
            assert_eq!(
                get(&app, &format!("/api/egov/sign/{id}")).await.status,
                StatusCode::OK
            );
        }
        let reply = complete(&app, id, Some(&mine)).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::CONFLICT, "not_signed"),
            "{step}"
        );
        assert!(sets_no_cookie(&reply));
    }
    dev_phone_signs(&app, p["qr_text"].as_str().unwrap(), AIGUL).await;
    let first = complete(&app, id, Some(&mine)).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    assert_eq!(first.json()["profile"]["iin"], AIGUL);
    let again = complete(&app, id, Some(&mine)).await;
    assert_eq!(
        (again.status, again.code().as_str()),
        (StatusCode::CONFLICT, "already_used")
    );
    assert!(sets_no_cookie(&again));
    assert_eq!(
        poll(&app, id, Some(&mine)).await.json(),
        json!({"state": "signed"})
    );
    // A GET is never the session, a POST only at its own path.
    assert_eq!(
        call(
            &app,
            "GET",
            &format!("/api/auth/egov/{id}/session"),
            None,
            Some(&mine)
        )
        .await
        .status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[tokio::test]
async fn the_egov_log_in_ends_the_session_the_browser_had() {
    let (_, app) = dev_app();
    let old = login(&app, PETROV).await;
    let (p, mine) = start(&app, "127.0.0.1:8081").await;
    let id = p["id"].as_str().unwrap();
    dev_phone_signs(&app, p["qr_text"].as_str().unwrap(), IVANOV).await;
    let both = format!("{old}; {mine}");
    let reply = complete(&app, id, Some(&both)).await;
    assert_eq!(reply.json()["profile"]["iin"], IVANOV);
    let new = pair(set_cookie(&reply, "zeinet_session").unwrap());
    assert_ne!(new, old);
    let was = call(&app, "GET", "/api/profile", None, Some(&old)).await;
    assert_eq!(was.status, StatusCode::UNAUTHORIZED);
    let now = call(&app, "GET", "/api/profile", None, Some(&new)).await;
    assert_eq!(now.json()["iin"], IVANOV);
}

#[tokio::test]
async fn a_refund_procedure_is_no_log_in() {
    let (_, app) = dev_app();
    let petrov = login(&app, PETROV).await;
    let doc = call(
        &app,
        "POST",
        "/api/refund/documents",
        Some(json!({"order_ids": ["po-50410066"], "account_type": "card", "iban": "KZ896010002000300811"})),
        Some(&petrov),
    )
    .await;
    assert_eq!(doc.status, StatusCode::OK, "{:?}", doc.body);
    let document_id = doc.json()["document_id"].as_str().unwrap().to_owned();
    let (_, mine) = start(&app, "127.0.0.1:8081").await;
    let started = call(
        &app,
        "POST",
        "/api/refund/egov",
        Some(json!({"document_id": document_id})),
        Some(&petrov),
    )
    .await;
    let p = started.json();
    let id = p["id"].as_str().unwrap();
    dev_phone_signs(&app, p["qr_text"].as_str().unwrap(), PETROV).await;
    let cookies = format!("{petrov}; {mine}");
    for reply in [
        poll(&app, id, Some(&cookies)).await,
        complete(&app, id, Some(&cookies)).await,
    ] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert!(sets_no_cookie(&reply));
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
