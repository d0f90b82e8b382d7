//! EDS log-in end to end: the API through the router with CMS made by the stand-in's signing
//! code, and the stand-in NCALayer over a real WebSocket (every reply shape, every dev mode).

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::Router;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use common::*;
use futures_util::{SinkExt, StreamExt};
use mock_api::cms::{sign_attached, verify_attached};
use mock_api::pki::{KeyKind, Pki, STRANGER_IIN};
use mock_api::{app, AppState, Options};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

const CHALLENGE: &str = "/api/auth/eds/challenge";
const LOGIN: &str = "/api/auth/eds";
const AUTH_OID: &str = "1.3.6.1.5.5.7.3.2";
const SIGN_OID: &str = "1.3.6.1.5.5.7.3.4";

/// A challenge: its id and the bytes to sign.
async fn challenge(app: &Router) -> (String, Vec<u8>) {
    let reply = call(app, "POST", CHALLENGE, None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let v = reply.json();
    let expires = mock_api::time::parse_rfc3339(v["expires_at"].as_str().unwrap()).unwrap();
    let left = expires - mock_api::time::now_unix();
    assert!((298..=300).contains(&left), "expires in {left} s");
    let data = B64.decode(v["data"].as_str().unwrap()).unwrap();
    (v["challenge_id"].as_str().unwrap().to_owned(), data)
}

/// The base64 CMS of `data` signed with this person's key.
async fn signed(iin: &str, kind: KeyKind, data: &[u8]) -> String {
    let store = Pki::get().await.identity(iin).unwrap().key(kind);
    B64.encode(sign_attached(&store.key, &store.cert, data).unwrap())
}

async fn eds_login(app: &Router, id: &str, cms: &str, cookie: Option<&str>) -> Reply {
    call(
        app,
        "POST",
        LOGIN,
        Some(json!({"challenge_id": id, "cms": cms})),
        cookie,
    )
    .await
}

fn dev() -> (AppState, Router) {
    dev_app()
}

// ---- the API -------------------------------------------------------------------------------------

#[tokio::test]
async fn eds_log_in_then_the_same_challenge_is_gone() {
    let (_, app) = new_app(Options::default());
    let (id, data) = challenge(&app).await;
    let cms = signed(IVANOV, KeyKind::Auth, &data).await;
    let reply = eds_login(&app, &id, &cms, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(
        without_id(reply.json()),
        json!({"iin": IVANOV, "full_name": "Иванов Иван Иванович", "phone_masked": "+7 701 *** ** 07"})
    );
    let set_cookie = reply.header("set-cookie").unwrap();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"));
    let cookie = reply.session_cookie().unwrap();
    let profile = call(&app, "GET", "/api/profile", None, Some(&cookie)).await;
    assert_eq!(profile.status, StatusCode::OK);
    assert_eq!(profile.json()["iin"], IVANOV);

    let again = eds_login(&app, &id, &cms, None).await;
    assert_eq!(
        (again.status, again.code().as_str()),
        (StatusCode::GONE, "challenge_expired")
    );
    let unknown = eds_login(&app, "no-such-challenge", &cms, None).await;
    assert_eq!(unknown.status, StatusCode::GONE);
}

#[tokio::test]
async fn eds_log_in_rotates_the_session() {
    let (_, app) = new_app(Options::default());
    let old = login(&app, PETROV).await;
    let (id, data) = challenge(&app).await;
    let cms = signed(AIGUL, KeyKind::Auth, &data).await;
    let reply = eds_login(&app, &id, &cms, Some(&old)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let new = reply.session_cookie().unwrap();
    assert_ne!(new, old);
    let session = call(&app, "GET", "/api/session", None, Some(&old)).await;
    assert_eq!(session.status, StatusCode::UNAUTHORIZED);
    let session = call(&app, "GET", "/api/session", None, Some(&new)).await;
    assert_eq!(session.json()["iin"], AIGUL);
}

#[tokio::test]
async fn eds_log_in_refusals() {
    let (_, app) = new_app(Options::default());
    let pki = Pki::get().await;

    // The signing key: the person chose the wrong key in NCALayer.
    let (id, data) = challenge(&app).await;
    let reply = eds_login(&app, &id, &signed(IVANOV, KeyKind::Sign, &data).await, None).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "wrong_key_usage")
    );
    // …and the challenge is used up by that failure.
    let reply = eds_login(&app, &id, &signed(IVANOV, KeyKind::Auth, &data).await, None).await;
    assert_eq!(reply.status, StatusCode::GONE);

    // A real key of the test CA, but no pension account.
    let (id, data) = challenge(&app).await;
    let reply = eds_login(
        &app,
        &id,
        &signed(STRANGER_IIN, KeyKind::Auth, &data).await,
        None,
    )
    .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "unknown_user")
    );

    // A tampered CMS: a byte of the signature flipped.
    let (id, data) = challenge(&app).await;
    let mut der = B64
        .decode(signed(IVANOV, KeyKind::Auth, &data).await)
        .unwrap();
    let at = der.len() - 50;
    der[at] ^= 0x01;
    let reply = eds_login(&app, &id, &B64.encode(&der), None).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_signature")
    );

    // Signed content other than the challenge (e.g. an older challenge).
    let (id, _) = challenge(&app).await;
    let cms = signed(IVANOV, KeyKind::Auth, b"another challenge").await;
    let reply = eds_login(&app, &id, &cms, None).await;
    assert_eq!(reply.code(), "invalid_signature");

    // A key of the fake CA (same CA name, other key).
    let (id, data) = challenge(&app).await;
    let fake = &pki.fake_ca_key;
    let cms = B64.encode(sign_attached(&fake.key, &fake.cert, &data).unwrap());
    let reply = eds_login(&app, &id, &cms, None).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_signature")
    );

    // Not base64; base64 of something that is not a CMS.
    for cms in ["%%% not base64 %%%", "bm90IGEgQ01T"] {
        let (id, _) = challenge(&app).await;
        let reply = eds_login(&app, &id, cms, None).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::BAD_REQUEST, "invalid_cms"),
            "{cms}"
        );
    }

    // Missing fields.
    let reply = call(&app, "POST", LOGIN, Some(json!({"cms": ""})), None).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.json()["fields"],
        json!({"challenge_id": "required", "cms": "required"})
    );
    // Not JSON.
    let reply = call(&app, "POST", LOGIN, None, None).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
}

#[tokio::test]
async fn a_pem_armoured_cms_is_accepted_and_reset_forgets_challenges() {
    let (state, app) = dev();
    let (id, data) = challenge(&app).await;
    let b64 = signed(PETROV, KeyKind::Auth, &data).await;
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let pem = format!(
        "-----BEGIN CMS-----\n{}\n-----END CMS-----\n",
        lines.join("\n")
    );
    let reply = eds_login(&app, &id, &pem, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["iin"], PETROV);

    let (id, data) = challenge(&app).await;
    assert_eq!(state.lock().eds_challenges.len(), 1);
    call(&app, "POST", "/__dev/reset", None, None).await;
    let reply = eds_login(&app, &id, &signed(PETROV, KeyKind::Auth, &data).await, None).await;
    assert_eq!(reply.status, StatusCode::GONE);
}

// ---- the stand-in NCALayer over a real socket -------------------------------------------------------

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The stand-in on a free port, sharing the state of a dev app.
async fn stand_in() -> (AppState, Router, String) {
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
    (state, app, url)
}

/// Connects and returns the socket and the greeting.
async fn connect(url: &str) -> (Ws, String) {
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let greeting = next_text(&mut ws).await.expect("a greeting");
    (ws, greeting)
}

/// The next text message; `None` when the socket closes.
async fn next_text(ws: &mut Ws) -> Option<String> {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(30), ws.next())
            .await
            .expect("an answer within 30 s");
        match message {
            Some(Ok(Message::Text(text))) => return Some(text.as_str().to_owned()),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return None,
            Some(Ok(other)) => panic!("unexpected {other:?}"),
        }
    }
}

async fn send(ws: &mut Ws, request: &Value) {
    ws.send(Message::text(request.to_string())).await.unwrap();
}

async fn ask(ws: &mut Ws, request: &Value) -> Value {
    send(ws, request).await;
    let text = next_text(ws).await.expect("a reply");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn sign_request(data_b64: &str, oid: &str, iin: Option<&str>) -> Value {
    let mut signer = json!({"extKeyUsageOids": [oid], "chain": []});
    if let Some(iin) = iin {
        signer["iin"] = json!(iin);
    }
    json!({"module": "kz.gov.pki.knca.basics", "method": "sign", "args": {
        "allowedStorages": null, "format": "cms", "data": data_b64,
        "signingParams": {"decode": true, "encapsulate": true, "digested": false},
        "signerParams": signer, "locale": "kk"}})
}

async fn set_mode(app: &Router, control: Value) {
    let reply = call(app, "PUT", "/__dev/ncalayer", Some(control), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
}

/// The CMS of a successful basics.sign reply.
fn cms_of(reply: &Value) -> String {
    assert_eq!(reply["status"], true, "{reply}");
    reply["body"]["result"]
        .as_str()
        .unwrap_or_else(|| panic!("no result: {reply}"))
        .to_owned()
}

#[tokio::test]
async fn ncalayer_greets_and_signs_what_the_api_accepts() {
    let (_, app, url) = stand_in().await;
    let (mut ws, greeting) = connect(&url).await;
    assert_eq!(greeting, r#"{"result":{"version":"1.4"}}"#);

    let reply = call(&app, "POST", CHALLENGE, None, None).await.json();
    let id = reply["challenge_id"].as_str().unwrap();
    let data = reply["data"].as_str().unwrap();
    let answer = ask(&mut ws, &sign_request(data, AUTH_OID, None)).await;
    assert_eq!(answer.as_object().unwrap().len(), 2, "{answer}");
    let login = eds_login(&app, id, &cms_of(&answer), None).await;
    assert_eq!(login.status, StatusCode::OK);
    assert_eq!(login.json()["iin"], IVANOV);

    // signerParams.iin: that person is at the computer.
    let reply = call(&app, "POST", CHALLENGE, None, None).await.json();
    let answer = ask(
        &mut ws,
        &sign_request(reply["data"].as_str().unwrap(), AUTH_OID, Some(PETROV)),
    )
    .await;
    let login = eds_login(
        &app,
        reply["challenge_id"].as_str().unwrap(),
        &cms_of(&answer),
        None,
    )
    .await;
    assert_eq!(login.json()["iin"], PETROV);

    // An array of data: an array of signatures, in order, with the signing key.
    let mut request = sign_request("", SIGN_OID, None);
    request["args"]["data"] = json!([B64.encode("one"), B64.encode("two")]);
    let answer = ask(&mut ws, &request).await;
    let results = answer["body"]["result"].as_array().unwrap();
    let ca = &Pki::get().await.ca;
    for (cms, content) in results.iter().zip(["one", "two"]) {
        let der = B64.decode(cms.as_str().unwrap()).unwrap();
        let v = verify_attached(&der, ca, mock_api::time::now_unix()).unwrap();
        assert_eq!(v.content, content.as_bytes());
        assert_eq!(v.ekus, vec![SIGN_OID.to_owned()]);
    }
}

#[tokio::test]
async fn ncalayer_answers_in_order_one_request_at_a_time() {
    let (_, app, url) = stand_in().await;
    let (mut ws, _) = connect(&url).await;
    // The first request is slow (a key password being typed); the second is instant.
    set_mode(&app, json!({"mode": "slow", "delay_ms": 300, "times": 1})).await;
    send(&mut ws, &sign_request(&B64.encode("first"), AUTH_OID, None)).await;
    send(
        &mut ws,
        &json!({"module": "kz.gov.pki.knca.commonUtils", "method": "getActiveTokens"}),
    )
    .await;
    let first: Value = serde_json::from_str(&next_text(&mut ws).await.unwrap()).unwrap();
    let second: Value = serde_json::from_str(&next_text(&mut ws).await.unwrap()).unwrap();
    assert_eq!(first["status"], true, "{first}");
    assert_eq!(second, json!({"code": "200", "responseObject": []}));
}

#[tokio::test]
async fn ncalayer_protocol_errors_and_common_utils() {
    let (_, app, url) = stand_in().await;
    let (mut ws, _) = connect(&url).await;
    let reply = ask(
        &mut ws,
        &json!({"module": "kz.gov.pki.knca.nope", "method": "sign", "args": {}}),
    )
    .await;
    assert_eq!(
        reply,
        json!({"success": false, "errorCode": "MODULE_NOT_FOUND"})
    );
    let reply = ask(&mut ws, &json!({"method": "signXml"})).await;
    assert_eq!(reply["errorCode"], "MODULE_NOT_FOUND");

    ws.send(Message::text("{not json")).await.unwrap();
    let reply: Value = serde_json::from_str(&next_text(&mut ws).await.unwrap()).unwrap();
    assert_eq!(
        reply,
        json!({"success": false, "code": "COMMON_JSON_WRAPPING_EXCEPTION"})
    );
    ws.send(Message::text("--heartbeat--")).await.unwrap();
    assert_eq!(next_text(&mut ws).await.unwrap(), "--heartbeat--");

    // Validation: INVALID_SIGNING_PARAMS.
    let mut request = sign_request("AQID", AUTH_OID, None);
    request["args"]["signerParams"] = json!(null);
    let reply = ask(&mut ws, &request).await;
    assert_eq!(reply["status"], false);
    assert_eq!(reply["code"], "INVALID_SIGNING_PARAMS");
    assert!(!reply["message"].as_str().unwrap().is_empty());
    let reply = ask(
        &mut ws,
        &json!({"module": "kz.gov.pki.knca.basics", "method": "nope", "args": {}}),
    )
    .await;
    assert_eq!(reply["code"], "INVOCATION_ERROR");
    // Hardware storages only: no key.
    let mut request = sign_request("AQID", AUTH_OID, None);
    request["args"]["allowedStorages"] = json!(["AKKaztokenStore"]);
    let reply = ask(&mut ws, &request).await;
    assert_eq!(reply["code"], "SIGNING_FAILURE");

    // commonUtils.
    let cu = |method: &str, args: Value| json!({"module": "kz.gov.pki.knca.commonUtils", "method": method, "args": args});
    let reply = ask(&mut ws, &cu("changeLocale", json!(["ru"]))).await;
    assert_eq!(reply, json!({"code": "200"}));
    let reply = ask(&mut ws, &cu("changeLocale", json!([2]))).await;
    assert_eq!(reply["code"], "500");
    let reply = ask(&mut ws, &cu("getKeyInfo", json!(["PKCS12"]))).await;
    let info = &reply["responseObject"];
    assert_eq!(reply["code"], "200");
    assert_eq!(info["subjectCn"], "Иванов Иван Иванович");
    assert_eq!(info["algorithm"], "RSA");
    assert!(info["issuerDn"]
        .as_str()
        .unwrap()
        .contains("ZEINET TEST CA"));
    assert!(info["pem"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN CERTIFICATE-----"));
    assert_eq!(info["certNotBefore"], "01.01.2025 05:00:00");

    let ch = call(&app, "POST", CHALLENGE, None, None).await.json();
    let data = ch["data"].as_str().unwrap();
    let reply = ask(
        &mut ws,
        &cu(
            "createCMSSignatureFromBase64",
            json!(["PKCS12", "AUTHENTICATION", data, true]),
        ),
    )
    .await;
    assert_eq!(reply["code"], "200");
    let login = eds_login(
        &app,
        ch["challenge_id"].as_str().unwrap(),
        reply["responseObject"].as_str().unwrap(),
        None,
    )
    .await;
    assert_eq!(login.status, StatusCode::OK);
    let reply = ask(
        &mut ws,
        &cu(
            "createCMSSignatureFromBase64",
            json!(["PKCS12", 7, data, true]),
        ),
    )
    .await;
    assert_eq!(reply["code"], "500");
    let reply = ask(
        &mut ws,
        &cu("signXml", json!(["PKCS12", "SIGNATURE", "<a/>", "", ""])),
    )
    .await;
    assert_eq!(reply["code"], "500");
}

#[tokio::test]
async fn ncalayer_dev_modes() {
    let (_, app, url) = stand_in().await;
    let (mut ws, _) = connect(&url).await;
    let pki = Pki::get().await;
    let now = mock_api::time::now_unix;

    // cancel: the person closed the dialog.
    set_mode(&app, json!({"mode": "cancel", "times": 2})).await;
    let reply = ask(&mut ws, &sign_request("AQID", AUTH_OID, None)).await;
    assert_eq!(reply, json!({"status": true, "body": {}}));
    let reply = ask(
        &mut ws,
        &json!({"module": "kz.gov.pki.knca.commonUtils", "method": "getKeyInfo", "args": ["PKCS12"]}),
    )
    .await;
    assert_eq!(reply, json!({"code": "500", "message": "action.canceled"}));
    // times used up: normal again.
    let reply = ask(&mut ws, &sign_request("AQID", AUTH_OID, None)).await;
    cms_of(&reply);

    // no_key.
    set_mode(&app, json!({"mode": "no_key", "times": 1})).await;
    let reply = ask(&mut ws, &sign_request("AQID", AUTH_OID, None)).await;
    assert_eq!(
        reply,
        json!({"status": false, "code": "SIGNING_FAILURE", "message": mock_api::ncalayer::NO_KEY_MESSAGE})
    );

    // wrong_key: AUTH asked, the signing key used; the API says wrong_key_usage.
    set_mode(&app, json!({"mode": "wrong_key", "times": 1})).await;
    let ch = call(&app, "POST", CHALLENGE, None, None).await.json();
    let reply = ask(
        &mut ws,
        &sign_request(ch["data"].as_str().unwrap(), AUTH_OID, None),
    )
    .await;
    let login = eds_login(
        &app,
        ch["challenge_id"].as_str().unwrap(),
        &cms_of(&reply),
        None,
    )
    .await;
    assert_eq!(login.code(), "wrong_key_usage");

    // other_person: the stranger's key; the API says unknown_user.
    set_mode(&app, json!({"mode": "other_person", "times": 1})).await;
    let ch = call(&app, "POST", CHALLENGE, None, None).await.json();
    let reply = ask(
        &mut ws,
        &sign_request(ch["data"].as_str().unwrap(), AUTH_OID, None),
    )
    .await;
    let cms = cms_of(&reply);
    let v = verify_attached(&B64.decode(&cms).unwrap(), &pki.ca, now()).unwrap();
    assert_eq!(v.signer_iin, STRANGER_IIN);
    let login = eds_login(&app, ch["challenge_id"].as_str().unwrap(), &cms, None).await;
    assert_eq!(login.code(), "unknown_user");

    // garbage: not JSON.
    set_mode(&app, json!({"mode": "garbage", "times": 1})).await;
    send(&mut ws, &sign_request("AQID", AUTH_OID, None)).await;
    let text = next_text(&mut ws).await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");

    // slow: the reply after delay_ms.
    set_mode(&app, json!({"mode": "slow", "delay_ms": 400, "times": 1})).await;
    let started = Instant::now();
    let reply = ask(&mut ws, &sign_request("AQID", AUTH_OID, None)).await;
    assert!(started.elapsed() >= Duration::from_millis(400));
    cms_of(&reply);

    // The person at the computer.
    set_mode(&app, json!({"iin": AIGUL})).await;
    let reply = ask(&mut ws, &sign_request("AQID", AUTH_OID, None)).await;
    let v = verify_attached(&B64.decode(cms_of(&reply)).unwrap(), &pki.ca, now()).unwrap();
    assert_eq!(v.signer_iin, AIGUL);
    let control = call(&app, "GET", "/__dev/ncalayer", None, None)
        .await
        .json();
    assert_eq!(
        control,
        json!({"iin": AIGUL, "mode": "normal", "delay_ms": null, "times": null})
    );

    // close_socket: no reply, the socket closes.
    set_mode(&app, json!({"mode": "close_socket"})).await;
    send(&mut ws, &sign_request("AQID", AUTH_OID, None)).await;
    assert_eq!(next_text(&mut ws).await, None);
    // A new connection is greeted, and still closed on a key request (no `times`).
    let (mut ws, greeting) = connect(&url).await;
    assert!(greeting.contains("version"));
    send(&mut ws, &sign_request("AQID", AUTH_OID, None)).await;
    assert_eq!(next_text(&mut ws).await, None);

    // /__dev/reset: back to normal, Ivanov at the computer.
    call(&app, "POST", "/__dev/reset", None, None).await;
    let control = call(&app, "GET", "/__dev/ncalayer", None, None)
        .await
        .json();
    assert_eq!(control["mode"], "normal");
    let (mut ws, _) = connect(&url).await;
    let reply = ask(&mut ws, &sign_request("AQID", AUTH_OID, None)).await;
    let v = verify_attached(&B64.decode(cms_of(&reply)).unwrap(), &pki.ca, now()).unwrap();
    assert_eq!(v.signer_iin, IVANOV);
}

#[tokio::test]
async fn ncalayer_dev_control_is_validated() {
    let (_, app) = dev();
    for bad in [
        json!({"iin": "900101300008"}),
        json!({"mode": "normal", "times": 0}),
        json!({"mode": "slow", "delay_ms": 600_001}),
    ] {
        let reply = call(&app, "PUT", "/__dev/ncalayer", Some(bad.clone()), None).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    for bad in [json!({"mode": "sleepy"}), json!({"color": "red"})] {
        let reply = call(&app, "PUT", "/__dev/ncalayer", Some(bad.clone()), None).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let (_, prod) = new_app(Options::default());
    let reply = call(&prod, "GET", "/__dev/ncalayer", None, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}
