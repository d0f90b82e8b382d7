//! eGov mobile QR log-in end to end: the page's start, poll and session (bound to the browser
//! that started the procedure by its `zeinet_egov` cookie), the phone's API №1, API №2 GET and
//! PUT with CMS made from the test PKI, and the development phone (`/__dev/egov/sign`, and the
//! same code over real HTTP as the `egov-sign` subcommand uses). API №2 answers only the phone
//! holding the one-time bearer token API №1 handed out.

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

/// A request of the phone: `Authorization` as given (`None`: no header).
async fn phone(
    app: &Router,
    method: &str,
    path: &str,
    body: Option<Value>,
    authorization: Option<&str>,
) -> Reply {
    let mut req = request(method, path, body.as_ref(), None);
    if let Some(value) = authorization {
        req.headers_mut()
            .insert("authorization", value.parse().unwrap());
    }
    send(app, req).await
}

/// The phone reads API №1: the procedure, with the token for API №2.
async fn scan(app: &Router, id: &str) -> (Value, String) {
    let reply = get(app, &format!("/api/egov/sign/{id}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let v = reply.json();
    let token = v["document"]["auth_token"].as_str().unwrap().to_owned();
    (v, token)
}

/// API №2 GET with this token.
async fn read(app: &Router, api2: &str, token: &str) -> Reply {
    phone(app, "GET", api2, None, Some(&format!("Bearer {token}"))).await
}

/// A phone's scan of a procedure: its id, API №2 path, document, bytes to sign, the binding
/// cookie of the browser that started it and the phone's API №2 token.
struct Scanned {
    id: String,
    api2: String,
    doc: Value,
    data: Vec<u8>,
    cookie: String,
    token: String,
}

/// Start → API №1 → API №2 (with the token API №1 gave).
async fn scanned(app: &Router) -> Scanned {
    let (p, cookie) = start(app, "127.0.0.1:8081").await;
    let id = p["id"].as_str().unwrap().to_owned();
    let (_, token) = scan(app, &id).await;
    let api2 = format!("/api/egov/sign/{id}/document");
    let reply = read(app, &api2, &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let doc = reply.json();
    let data = B64
        .decode(
            doc["documentsToSign"][0]["document"]["file"]["data"]
                .as_str()
                .unwrap(),
        )
        .unwrap();
    Scanned {
        id,
        api2,
        doc,
        data,
        cookie,
        token,
    }
}

/// API №2 PUT with this token.
async fn put(app: &Router, api2: &str, token: &str, body: Value) -> Reply {
    let bearer = format!("Bearer {token}");
    phone(app, "PUT", api2, Some(body), Some(&bearer)).await
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

    // API №1 (the phone scanned the QR code): API №2 and the phone's token for it
    let (v, token) = scan(&app, id).await;
    assert_eq!(
        v["document"],
        json!({"uri": format!("{api1}/document"), "auth_type": "Bearer", "auth_token": token})
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
    let doc = read(&app, &api2, &token).await.json();
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
    let body = signed(&doc, IVANOV, KeyKind::Auth, &data).await;
    let reply = put(&app, &api2, &token, body).await;
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
    let s = scanned(&app).await;
    let body = signed(&s.doc, PETROV, KeyKind::Sign, &s.data).await;
    let reply = put(&app, &s.api2, &s.token, body).await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = complete(&app, &s.id, Some(&s.cookie)).await;
    assert_eq!(reply.json()["profile"]["iin"], PETROV);
}

#[tokio::test]
async fn expired_procedures_answer_410() {
    let (_, app) = dev_app();
    let Scanned {
        id,
        api2,
        doc,
        data,
        cookie: mine,
        token,
    } = scanned(&app).await;
    advance(&app, PROCEDURE_SECONDS).await;
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
    let reply = get(&app, &format!("/api/egov/sign/{id}")).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::GONE, "expired")
    );
    // The phone's token expired with it: API №2 answers as to any stranger.
    assert_eq!(read(&app, &api2, &token).await.code(), "invalid_token");
    let body = signed(&doc, IVANOV, KeyKind::Auth, &data).await;
    let reply = put(&app, &api2, &token, body).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_token")
    );
    // One second before the end it was still live; an unscanned one too.
    let (_, app) = dev_app();
    let s = scanned(&app).await;
    let (p, _) = start(&app, "127.0.0.1:8081").await;
    advance(&app, PROCEDURE_SECONDS - 2).await;
    assert_eq!(read(&app, &s.api2, &s.token).await.status, StatusCode::OK);
    let api1 = format!("/api/egov/sign/{}", p["id"].as_str().unwrap());
    assert_eq!(get(&app, &api1).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_used_procedure_answers_409_and_its_token_is_dead() {
    let (_, app) = new_app(mock_api::Options::default());
    let Scanned {
        id,
        api2,
        doc,
        data,
        token,
        ..
    } = scanned(&app).await;
    let body = signed(&doc, IVANOV, KeyKind::Auth, &data).await;
    let reply = put(&app, &api2, &token, body.clone()).await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = get(&app, &format!("/api/egov/sign/{id}")).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "already_used")
    );
    // The token died with the signature: neither the document nor a second PUT.
    let reply = read(&app, &api2, &token).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_token")
    );
    let reply = put(&app, &api2, &token, body).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_token")
    );
}

#[tokio::test]
async fn wrong_document_and_unknown_signer_answer_401() {
    let (_, app) = new_app(mock_api::Options::default());
    let Scanned {
        id,
        api2,
        doc,
        data,
        cookie: mine,
        token,
    } = scanned(&app).await;
    // Another procedure's document.
    let other = scanned(&app).await.data;
    let body = signed(&doc, IVANOV, KeyKind::Auth, &other).await;
    let reply = put(&app, &api2, &token, body).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_signature")
    );
    // A key of the fake CA.
    let fake = &Pki::get().await.fake_ca_key;
    let cms = B64.encode(sign_attached(&fake.key, &fake.cert, &data).unwrap());
    let mut body = doc.clone();
    body["documentsToSign"][0]["document"]["file"]["data"] = json!(cms);
    let reply = put(&app, &api2, &token, body).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_signature")
    );
    // Сидоров has keys but no account.
    let body = signed(&doc, NOT_REGISTERED, KeyKind::Sign, &data).await;
    let reply = put(&app, &api2, &token, body).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "unknown_user")
    );
    // Refusals leave the procedure open: the right signature still goes through.
    assert_eq!(
        poll(&app, &id, Some(&mine)).await.json(),
        json!({"state": "scanned"})
    );
    let body = signed(&doc, AIGUL, KeyKind::Sign, &data).await;
    let reply = put(&app, &api2, &token, body).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        complete(&app, &id, Some(&mine)).await.json()["profile"]["iin"],
        AIGUL
    );
}

#[tokio::test]
async fn malformed_puts() {
    let (_, app) = new_app(mock_api::Options::default());
    let Scanned {
        api2, doc, token, ..
    } = scanned(&app).await;
    let mut xml = doc.clone();
    xml["signMethod"] = json!("XML");
    let reply = put(&app, &api2, &token, xml).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.json()["fields"]["signMethod"],
        "unsupported_sign_method"
    );
    let body = json!({"signMethod": "CMS_WITH_DATA", "documentsToSign": []});
    let reply = put(&app, &api2, &token, body).await;
    assert_eq!(reply.json()["fields"]["documentsToSign"], "invalid");
    let mut not_cms = doc.clone();
    not_cms["documentsToSign"][0]["document"]["file"]["data"] = json!("not base64!");
    let reply = put(&app, &api2, &token, not_cms).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::BAD_REQUEST, "invalid_cms")
    );
    let reply = phone(&app, "PUT", &api2, None, Some(&format!("Bearer {token}"))).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
}

#[tokio::test]
async fn rejection_by_the_dev_endpoint() {
    let (_, app) = dev_app();
    let Scanned {
        id,
        api2,
        doc,
        data,
        cookie: mine,
        token,
    } = scanned(&app).await;
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
    // Declined: the phone's token is dead.
    let body = signed(&doc, IVANOV, KeyKind::Auth, &data).await;
    let reply = put(&app, &api2, &token, body).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_token")
    );
    assert_eq!(
        get(&app, &format!("/api/egov/sign/{id}")).await.status,
        StatusCode::CONFLICT
    );
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
    // Not signed yet: created, then scanned (the phone signs after).
    let mut phone_signs_later = None;
    for step in ["created", "scanned"] {
        let reply = complete(&app, id, Some(&mine)).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::CONFLICT, "not_signed"),
            "{step}"
        );
        assert!(sets_no_cookie(&reply));
        if step == "created" {
            let (_, token) = scan(&app, id).await;
            let api2 = format!("/api/egov/sign/{id}/document");
            let doc = read(&app, &api2, &token).await.json();
            let data = doc["documentsToSign"][0]["document"]["file"]["data"].clone();
            let data = B64.decode(data.as_str().unwrap()).unwrap();
            let body = signed(&doc, AIGUL, KeyKind::Sign, &data).await;
            phone_signs_later = Some((api2, token, body));
        }
    }
    let (api2, token, body) = phone_signs_later.unwrap();
    assert_eq!(put(&app, &api2, &token, body).await.status, StatusCode::OK);
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

// ---- API №2 belongs to the phone that scanned the code -----------------------------------------

/// API №2's refusal: 401 `invalid_token` with a Bearer challenge, and nothing else.
fn assert_token_refused(reply: &Reply, what: &str) {
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_token"),
        "{what}: {:?}",
        reply.body
    );
    let challenge = reply.header("www-authenticate").unwrap_or_default();
    assert!(
        challenge.starts_with("Bearer realm=\"zeinet-egov\""),
        "{what}: {challenge}"
    );
    assert!(sets_no_cookie(reply), "{what}");
    let body = String::from_utf8(reply.body.to_vec()).unwrap();
    assert!(!body.contains("documentsToSign"), "{what}: {body}");
}

#[tokio::test]
async fn api1_hands_out_a_fresh_bearer_token_once() {
    let (_, app) = new_app(mock_api::Options::default());
    let (p, started) = start_in(&app, "127.0.0.1:8081", None).await;
    let id = p["id"].as_str().unwrap();
    let (v, token) = scan(&app, id).await;
    assert_eq!(v["document"]["auth_type"], "Bearer");
    assert!(
        token.len() == 64
            && token
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
        "256 random bits in hex: {token}"
    );
    // Nowhere but in API №1's answer: not in the page's answer, the QR text or the link.
    let body = String::from_utf8(started.body.to_vec()).unwrap();
    assert!(!body.contains(&token), "{body}");
    // A second read (whoever else saw the code, or the same phone again) gets no token, and
    // the first one keeps working: handing out a new one would hand it to the id alone.
    let again = get(&app, &format!("/api/egov/sign/{id}")).await;
    assert_eq!(
        (again.status, again.code().as_str()),
        (StatusCode::CONFLICT, "already_scanned")
    );
    let body = String::from_utf8(again.body.to_vec()).unwrap();
    assert!(!body.contains(&token), "{body}");
    let api2 = format!("/api/egov/sign/{id}/document");
    assert_eq!(read(&app, &api2, &token).await.status, StatusCode::OK);
    // Each procedure a token of its own.
    let (p, _) = start(&app, "127.0.0.1:8081").await;
    let (_, other) = scan(&app, p["id"].as_str().unwrap()).await;
    assert_ne!(other, token);
}

#[tokio::test]
async fn api2_answers_only_the_token_of_its_procedure() {
    let (_, app) = new_app(mock_api::Options::default());
    let s = scanned(&app).await;
    let other = scanned(&app).await;
    let (unscanned, _) = start(&app, "127.0.0.1:8081").await;
    let unscanned = format!(
        "/api/egov/sign/{}/document",
        unscanned["id"].as_str().unwrap()
    );
    let unknown = "/api/egov/sign/0123456789abcdef0123456789abcdef/document";
    let bearer = |token: &str| Some(format!("Bearer {token}"));
    let cases = [
        ("no token", s.api2.as_str(), None),
        ("a wrong token", &s.api2, bearer(&"0".repeat(64))),
        ("another procedure's token", &s.api2, bearer(&other.token)),
        ("a prefix of the token", &s.api2, bearer(&s.token[..63])),
        (
            "the token upper-case",
            &s.api2,
            bearer(&s.token.to_ascii_uppercase()),
        ),
        (
            "the token as Basic",
            &s.api2,
            Some(format!("Basic {}", s.token)),
        ),
        ("the token without a scheme", &s.api2, Some(s.token.clone())),
        ("the token, for another id", &other.api2, bearer(&s.token)),
        (
            "the token, for an unscanned id",
            &unscanned,
            bearer(&s.token),
        ),
        ("the token, for an unknown id", unknown, bearer(&s.token)),
        ("no token, for an unknown id", unknown, None),
        (
            "a path that is no id",
            "/api/egov/sign/%FF/document",
            bearer(&s.token),
        ),
    ];
    // A PUT that the right token would get accepted: only the token is wrong.
    let signature = signed(&s.doc, IVANOV, KeyKind::Auth, &s.data).await;
    let mut answers = std::collections::BTreeMap::new();
    for (what, path, authorization) in &cases {
        for method in ["GET", "PUT"] {
            let body = (method == "PUT").then(|| signature.clone());
            let reply = phone(&app, method, path, body, authorization.as_deref()).await;
            assert_token_refused(&reply, &format!("{method} {what}"));
            // The same answer whatever the id: it tells nothing about the procedure (a Bearer
            // token that fails, or none at all, are told apart; that says nothing of the id).
            let challenge = reply.header("www-authenticate").unwrap().to_owned();
            let answer = (reply.json(), challenge);
            let sent = authorization
                .as_deref()
                .is_some_and(|a| a.starts_with("Bearer "));
            let seen = answers.entry(sent).or_insert(answer.clone());
            assert_eq!(*seen, answer, "{method} {what}");
        }
    }
    // Without the token, a body is not even looked at: 401 before 400 or 422.
    for body in [None, Some(json!({"signMethod": "XML"}))] {
        let reply = phone(&app, "PUT", &s.api2, body, None).await;
        assert_token_refused(&reply, "an invalid body without the token");
    }
    // Nothing was used up: the right token (its scheme in any case) reads and signs.
    let lower = format!("bearer {}", s.token);
    let reply = phone(&app, "GET", &s.api2, None, Some(&lower)).await;
    assert_eq!(
        (reply.status, reply.json()),
        (StatusCode::OK, s.doc.clone())
    );
    let reply = put(&app, &s.api2, &s.token, signature).await;
    assert_eq!((reply.status, reply.json()), (StatusCode::OK, json!({})));
    assert_eq!(
        poll(&app, &s.id, Some(&s.cookie)).await.json(),
        json!({"state": "signed"})
    );
    // The other procedure was left alone too.
    assert_eq!(
        read(&app, &other.api2, &other.token).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_refund_document_is_not_readable_with_the_id_alone() {
    let (_, app) = dev_app();
    let petrov = login(&app, PETROV).await;
    let iban = "KZ896010002000300811";
    let doc = call(
        &app,
        "POST",
        "/api/refund/documents",
        Some(json!({"order_ids": ["po-50410066"], "account_type": "card", "iban": iban})),
        Some(&petrov),
    )
    .await;
    assert_eq!(doc.status, StatusCode::OK, "{:?}", doc.body);
    let document_id = doc.json()["document_id"].as_str().unwrap().to_owned();
    let started = call(
        &app,
        "POST",
        "/api/refund/egov",
        Some(json!({"document_id": document_id})),
        Some(&petrov),
    )
    .await;
    let id = started.json()["id"].as_str().unwrap().to_owned();
    let api2 = format!("/api/egov/sign/{id}/document");
    let leaks = |reply: &Reply| {
        let body = String::from_utf8(reply.body.to_vec()).unwrap();
        body.contains(PETROV) || body.contains(iban) || body.contains("documentsToSign")
    };
    // The id is in the QR code: before the scan and after it, the id alone reads nothing.
    for step in ["before the scan", "after the scan"] {
        for method in ["GET", "PUT"] {
            let body = (method == "PUT").then(|| json!({}));
            let reply = phone(&app, method, &api2, body, None).await;
            assert_token_refused(&reply, &format!("{method} {step}"));
            assert!(!leaks(&reply), "{method} {step}");
        }
        if step == "before the scan" {
            let (_, token) = scan(&app, &id).await;
            // The phone with the token sees the application itself: the person, the account.
            let reply = read(&app, &api2, &token).await;
            assert_eq!(reply.status, StatusCode::OK);
            let data = reply.json()["documentsToSign"][0]["document"]["file"]["data"].clone();
            let text = String::from_utf8(B64.decode(data.as_str().unwrap()).unwrap()).unwrap();
            assert!(text.contains(PETROV), "{text}");
        }
    }
    // Nor can a phone that comes second (the dev phone included) take it over.
    let reply = call(
        &app,
        "POST",
        "/__dev/egov/sign",
        Some(json!({"link": started.json()["qr_text"]})),
        None,
    )
    .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "already_scanned")
    );
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
