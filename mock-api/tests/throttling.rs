//! Throttling and floods (issue 20, items 3 and 6): failed password log-ins counted per IIN
//! and per client network, in bounded tables that never stop counting; a person locked out of
//! password log-in still gets in by EDS or eGov mobile; one client's flood of EDS challenges or
//! eGov procedures is refused (429) and evicts no one else's; the EDS challenge is looked up
//! before any signature work.

mod common;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use axum::Router;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use common::*;
use mock_api::cms::sign_attached;
use mock_api::eds::{MAX_CHALLENGES, MAX_CHALLENGES_PER_CLIENT};
use mock_api::egov::{MAX_PROCEDURES, MAX_PROCEDURES_PER_CLIENT};
use mock_api::pki::{KeyKind, Pki};
use mock_api::throttle::{MAX_CLIENTS, MAX_CLIENT_FAILURES};
use serde_json::{json, Value};

const LOGIN: &str = "/api/auth/password";
const CHALLENGE: &str = "/api/auth/eds/challenge";
const EDS_LOGIN: &str = "/api/auth/eds";
const EGOV: &str = "/api/auth/egov";
const REFUND_EGOV: &str = "/api/refund/egov";

/// The request as if it came from `ip` (the in-process router has no peer address otherwise).
fn from(ip: IpAddr, mut req: Request<Body>) -> Request<Body> {
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::new(ip, 50_000)));
    req
}

fn v4(a: u8, b: u8, c: u8, d: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(a, b, c, d))
}

/// An address in the /64 `2001:db8:<net>::/64` with interface id `host`.
fn v6(net: u16, host: u64) -> IpAddr {
    let prefix = (0x2001_0db8u128 << 96) | (u128::from(net) << 64);
    IpAddr::V6(Ipv6Addr::from(prefix | u128::from(host)))
}

async fn post_from(app: &Router, ip: IpAddr, path: &str, body: Option<Value>) -> Reply {
    send(app, from(ip, request("POST", path, body.as_ref(), None))).await
}

async fn password_from(app: &Router, ip: IpAddr, iin: &str, password: &str) -> Reply {
    post_from(
        app,
        ip,
        LOGIN,
        Some(json!({"iin": iin, "password": password})),
    )
    .await
}

/// `n` valid IINs without an account (check digit right, not in the fixtures).
fn unknown_iins(n: usize) -> Vec<String> {
    (850_505_400_000u64..)
        .map(|x| x.to_string())
        .filter(|s| zeinet_domain::is_valid_iin(s))
        .take(n)
        .collect()
}

fn status_code(reply: &Reply) -> (StatusCode, String) {
    (reply.status, reply.code())
}

fn too_many_requests() -> (StatusCode, String) {
    (
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_requests".to_owned(),
    )
}

/// A 429 says when to come back, in the body and in `Retry-After`.
fn assert_says_when(reply: &Reply) {
    let retry: i64 = reply
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!(retry >= 1, "{retry}");
    assert!(
        mock_api::time::parse_rfc3339(reply.json()["until"].as_str().expect("until")).is_some()
    );
}

/// Floods with `send(i)` for every `i` in `0..n`: the first refusal comes once the client holds
/// its `quota`, a 429 that says when to come back. That refusal.
async fn refused_over_quota<F, Fut>(n: usize, quota: usize, mut send: F) -> Reply
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = Reply>,
{
    let mut refused = None;
    for i in 0..n {
        let reply = send(i).await;
        if reply.status != StatusCode::OK {
            refused.get_or_insert((i, reply));
        }
    }
    let (at, reply) = refused.expect("the flood is refused at some point");
    assert_eq!(at, quota, "refused once over its quota");
    assert_eq!(status_code(&reply), too_many_requests());
    assert_says_when(&reply);
    reply
}

/// A challenge's id and the bytes to sign.
fn challenge_of(reply: &Reply) -> (String, Vec<u8>) {
    let v = reply.json();
    (
        v["challenge_id"].as_str().unwrap().to_owned(),
        B64.decode(v["data"].as_str().unwrap()).unwrap(),
    )
}

/// The `zeinet_egov=<secret>` binding of a log-in procedure's answer, for a Cookie header.
fn binding_cookie(reply: &Reply) -> String {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("zeinet_egov="))
        .expect("the binding cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// A refund document of the session `cookie` for `body`: its id.
async fn refund_document(app: &Router, cookie: &str, body: Value) -> String {
    let reply = call(
        app,
        "POST",
        "/api/refund/documents",
        Some(body),
        Some(cookie),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.json()["document_id"].as_str().unwrap().to_owned()
}

// ---- item 3: the password log-in throttle ---------------------------------------------------------

/// An IPv6 client has a whole /64 to itself: every address of it is the same client.
#[tokio::test]
async fn failures_from_one_ipv6_64_count_as_one_client() {
    let (_, app) = dev_app();
    for (i, iin) in unknown_iins(MAX_CLIENT_FAILURES).iter().enumerate() {
        // a new address of the same /64 for every attempt
        let reply = password_from(&app, v6(1, i as u64 + 1), iin, "Qwerty-2026!").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {}", i + 1);
    }
    let reply = password_from(&app, v6(1, 0xdead_beef), IVANOV, PASSWORD).await;
    assert_eq!(
        status_code(&reply),
        (
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts".to_owned()
        ),
        "another address of the same /64"
    );
    // the next /64 is another client
    let reply = password_from(&app, v6(2, 1), IVANOV, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK);
    // an IPv4 client is its address: the neighbour is another client
    for iin in unknown_iins(MAX_CLIENT_FAILURES) {
        password_from(&app, v4(203, 0, 113, 9), &iin, "x").await;
    }
    let reply = password_from(&app, v4(203, 0, 113, 9), IVANOV, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    let reply = password_from(&app, v4(203, 0, 113, 10), IVANOV, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK);
    // …and the same IPv4 client over IPv6 (an IPv4-mapped address) is the same client
    let mapped = IpAddr::V6(Ipv4Addr::new(203, 0, 113, 9).to_ipv6_mapped());
    let reply = password_from(&app, mapped, IVANOV, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}

/// Once the table of clients is full, a new client is still counted (the oldest entry makes
/// room): filling it first cannot switch the throttle off.
#[tokio::test]
async fn a_full_client_table_keeps_counting() {
    let (_, app) = dev_app();
    let iin = &unknown_iins(1)[0];
    for i in 0..MAX_CLIENTS as u32 {
        let [_, b, c, d] = i.to_be_bytes();
        let reply = password_from(&app, v4(10, b, c, d), iin, "x").await;
        assert_ne!(reply.status, StatusCode::TOO_MANY_REQUESTS, "client {i}");
    }
    let sprayer = v4(198, 51, 100, 77);
    for iin in unknown_iins(MAX_CLIENT_FAILURES + 1).iter().skip(1) {
        let reply = password_from(&app, sprayer, iin, "Qwerty-2026!").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let reply = password_from(&app, sprayer, IVANOV, PASSWORD).await;
    assert_eq!(
        status_code(&reply),
        (
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts".to_owned()
        ),
        "the sprayer is counted although the table was full"
    );
}

/// Plays eGov mobile's log-in for `iin` in a browser at `ip`: the answer to taking the session.
async fn egov_log_in(app: &Router, ip: IpAddr, iin: &str) -> Reply {
    let reply = post_from(app, ip, EGOV, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    egov_signed_session(app, ip, &reply.json(), &binding_cookie(&reply), iin).await
}

/// The dev phone signs procedure `p` as `iin`; the browser at `ip` holding `binding` then
/// takes the session: the answer.
async fn egov_signed_session(
    app: &Router,
    ip: IpAddr,
    p: &Value,
    binding: &str,
    iin: &str,
) -> Reply {
    let id = p["id"].as_str().unwrap();
    let reply = call(
        app,
        "POST",
        "/__dev/egov/sign",
        Some(json!({"link": p["qr_text"], "iin": iin})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let path = format!("/api/auth/egov/{id}/session");
    send(app, from(ip, request("POST", &path, None, Some(binding)))).await
}

/// An EDS log-in of `iin` from `ip` with its AUTH key: the answer.
async fn eds_log_in(app: &Router, ip: IpAddr, iin: &str) -> Reply {
    let reply = post_from(app, ip, CHALLENGE, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let (id, data) = challenge_of(&reply);
    eds_answer(app, ip, &id, iin, &data).await
}

/// Sends challenge `id` back signed by `iin`'s AUTH key over `data`.
async fn eds_answer(app: &Router, ip: IpAddr, id: &str, iin: &str, data: &[u8]) -> Reply {
    let store = Pki::get().await.identity(iin).unwrap().key(KeyKind::Auth);
    let cms = B64.encode(sign_attached(&store.key, &store.cert, data).unwrap());
    post_from(
        app,
        ip,
        EDS_LOGIN,
        Some(json!({"challenge_id": id, "cms": cms})),
    )
    .await
}

/// Anyone can lock an IIN out of password log-in (5 wrong passwords); the person still gets in
/// by EDS and by eGov mobile, from anywhere, and the password lock does not stand in the way.
#[tokio::test]
async fn a_person_locked_out_by_someone_else_still_logs_in_by_eds_and_egov() {
    let (_, app) = dev_app();
    let attacker = v4(192, 0, 2, 66);
    let person = v4(198, 51, 100, 5);
    for _ in 0..5 {
        password_from(&app, attacker, IVANOV, "guess").await;
    }
    let reply = password_from(&app, person, IVANOV, PASSWORD).await;
    assert_eq!(
        status_code(&reply),
        (StatusCode::FORBIDDEN, "account_locked".to_owned()),
        "the right password, while locked"
    );
    let reply = eds_log_in(&app, person, IVANOV).await;
    assert_eq!(reply.status, StatusCode::OK, "EDS: {:?}", reply.body);
    assert!(reply.session_cookie().is_some());

    // locked again; eGov mobile, even from the attacker's own network (a shared NAT)
    for _ in 0..5 {
        password_from(&app, v4(192, 0, 2, 67), IVANOV, "guess").await;
    }
    let reply = password_from(&app, person, IVANOV, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = egov_log_in(&app, attacker, IVANOV).await;
    assert_eq!(reply.status, StatusCode::OK, "eGov: {:?}", reply.body);
    assert!(reply.session_cookie().is_some());
}

// ---- item 6: floods -------------------------------------------------------------------------------

/// One client asking for challenges without end gets 429 once it holds its quota, and
/// another person's challenge, asked for before the flood, still logs them in.
#[tokio::test]
async fn an_eds_challenge_flood_from_one_client_is_refused_and_evicts_no_one() {
    let (_, app) = new_app(mock_api::Options::default());
    let person = v4(198, 51, 100, 5);
    let (id, data) = challenge_of(&post_from(&app, person, CHALLENGE, None).await);

    let flooder = v6(7, 1);
    refused_over_quota(MAX_CHALLENGES, MAX_CHALLENGES_PER_CLIENT, |i| {
        post_from(&app, v6(7, i as u64), CHALLENGE, None)
    })
    .await;
    // any address of the flooder's /64 is refused; another client is not
    let reply = post_from(&app, flooder, CHALLENGE, None).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    let reply = eds_log_in(&app, v6(8, 1), PETROV).await;
    assert_eq!(reply.status, StatusCode::OK);

    let reply = eds_answer(&app, person, &id, IVANOV, &data).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "the person's challenge survived: {:?}",
        reply.body
    );
}

/// Many clients, each within its quota, filling the table: the clients holding the most lose
/// their oldest first, so one that asked for one challenge keeps it.
#[tokio::test]
async fn a_flood_from_many_networks_evicts_the_flooders_oldest_first() {
    let (_, app) = new_app(mock_api::Options::default());
    let person = v4(198, 51, 100, 5);
    let (id, data) = challenge_of(&post_from(&app, person, CHALLENGE, None).await);
    // twice the table: the person's challenge would be among the oldest many times over
    let networks = 2 * MAX_CHALLENGES / MAX_CHALLENGES_PER_CLIENT;
    for net in 0..networks {
        for host in 0..MAX_CHALLENGES_PER_CLIENT {
            let reply = post_from(&app, v6(100 + net as u16, host as u64), CHALLENGE, None).await;
            assert_eq!(reply.status, StatusCode::OK, "network {net}, {host}");
        }
    }
    let reply = eds_answer(&app, person, &id, IVANOV, &data).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "the person's challenge survived: {:?}",
        reply.body
    );
}

/// The same for eGov mobile log-in procedures: the flooder gets 429, the person's procedure
/// (opened before the flood) still logs them in.
#[tokio::test]
async fn an_egov_flood_from_one_client_is_refused_and_evicts_no_one() {
    let (_, app) = dev_app();
    let person = v4(198, 51, 100, 5);
    let reply = post_from(&app, person, EGOV, None).await;
    let binding = binding_cookie(&reply);
    let p = reply.json();

    let reply = refused_over_quota(MAX_PROCEDURES, MAX_PROCEDURES_PER_CLIENT, |i| {
        post_from(&app, v6(9, i as u64), EGOV, None)
    })
    .await;
    assert!(reply.headers.get("set-cookie").is_none());

    let reply = egov_signed_session(&app, person, &p, &binding, IVANOV).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
}

/// A refund's eGov procedures count in the same table: a logged-in flooder asking for codes
/// without end gets 429, and another person's open procedure is kept.
#[tokio::test]
async fn a_refund_egov_flood_is_refused_and_evicts_no_one() {
    let (_, app) = dev_app();
    let ivanov = login(&app, IVANOV).await;
    let petrov = login(&app, PETROV).await;
    let body = json!({"order_ids": ["po-49756052"], "account_type": "card", "iban": "KZ327225000000680371"});
    let ivanov_doc = refund_document(&app, &ivanov, body).await;
    let petrov_orders = call(
        &app,
        "GET",
        "/api/refund/payment-orders",
        None,
        Some(&petrov),
    )
    .await
    .json();
    let petrov_order = petrov_orders["items"][0]["id"].as_str().unwrap().to_owned();
    let body = json!({"order_ids": [petrov_order], "account_type": "card", "iban": "KZ896010002000300811"});
    let petrov_doc = refund_document(&app, &petrov, body).await;

    let person = v4(198, 51, 100, 5);
    let open = |ip: IpAddr, cookie: String, doc: String| {
        let app = app.clone();
        async move {
            let req = request(
                "POST",
                REFUND_EGOV,
                Some(&json!({"document_id": doc})),
                Some(&cookie),
            );
            send(&app, from(ip, req)).await
        }
    };
    let reply = open(person, ivanov.clone(), ivanov_doc.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let id = reply.json()["id"].as_str().unwrap().to_owned();

    refused_over_quota(MAX_PROCEDURES, MAX_PROCEDURES_PER_CLIENT, |i| {
        open(v6(11, i as u64), petrov.clone(), petrov_doc.clone())
    })
    .await;

    let reply = call(
        &app,
        "GET",
        &format!("{REFUND_EGOV}/{id}"),
        None,
        Some(&ivanov),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "the person's procedure survived"
    );
}

/// The challenge is looked up (known, unused, live) before the CMS is parsed or any signature
/// checked: an unknown challenge answers 410 whatever the CMS, so a flood of made-up ids costs
/// no RSA work.
#[tokio::test]
async fn the_challenge_is_looked_up_before_any_signature_work() {
    let (_, app) = new_app(mock_api::Options::default());
    let ip = v4(198, 51, 100, 5);
    for cms in ["bm90IGEgQ01T", "%%% not base64 %%%"] {
        let reply = post_from(
            &app,
            ip,
            EDS_LOGIN,
            Some(json!({"challenge_id": "no-such-challenge", "cms": cms})),
        )
        .await;
        assert_eq!(
            status_code(&reply),
            (StatusCode::GONE, "challenge_expired".to_owned()),
            "{cms}"
        );
    }
    // a live challenge with a malformed CMS is still 400 (and is used up)
    let reply = post_from(&app, ip, CHALLENGE, None).await;
    let id = reply.json()["challenge_id"].as_str().unwrap().to_owned();
    let reply = post_from(
        &app,
        ip,
        EDS_LOGIN,
        Some(json!({"challenge_id": id, "cms": "bm90IGEgQ01T"})),
    )
    .await;
    assert_eq!(
        status_code(&reply),
        (StatusCode::BAD_REQUEST, "invalid_cms".to_owned())
    );
}
