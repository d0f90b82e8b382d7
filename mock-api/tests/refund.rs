//! VPC refund end to end: the refundable payment orders, the bank check against the test
//! accounts, the document, the submission signed with the signing key (Idempotency-Key, every
//! refusal, the re-check of the orders), and signing by eGov mobile through the dev phone.

mod common;

use axum::http::{Request, StatusCode};
use axum::Router;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use common::*;
use mock_api::cms::sign_attached;
use mock_api::pki::{KeyKind, Pki};
use mock_api::refund::DOCUMENT_SECONDS;
use mock_api::time::{almaty_date, parse_rfc3339};
use mock_api::AppState;
use serde_json::{json, Value};

const BANK_CHECK: &str = "/api/refund/bank-check";
const DOCUMENTS: &str = "/api/refund/documents";
const APPLICATIONS: &str = "/api/refund/applications";
const ORDERS: &str = "/api/refund/payment-orders";
const EGOV: &str = "/api/refund/egov";

/// The test accounts of fixtures/accounts.json (mock-api/README.md).
const IVANOV_KASPI_CARD: &str = "KZ327225000000680371";
const IVANOV_HALYK_CURRENT: &str = "KZ696010002000300007";
const IVANOV_BCC_CURRENT: &str = "KZ18856KZT1000300007";
const IVANOV_KASPI_CLOSED: &str = "KZ927225000000100007";
const SIDOROV_KASPI_CARD: &str = "KZ697225000000300823";
const PETROV_HALYK_CARD: &str = "KZ896010002000300811";
/// Not in the table: a valid Kaspi IBAN the "bank" takes for the person's own.
const OTHER_KASPI: &str = "KZ657225000000000001";
/// The memo's example: fails mod-97.
const MEMO_PLACEHOLDER: &str = "KZ397225000000680371";

fn status_code(reply: &Reply) -> (StatusCode, String) {
    (reply.status, reply.code())
}

fn err(status: StatusCode, code: &str) -> (StatusCode, String) {
    (status, code.to_owned())
}

async fn post(app: &Router, path: &str, body: Value, cookie: &str) -> Reply {
    call(app, "POST", path, Some(body), Some(cookie)).await
}

async fn bank_check(app: &Router, cookie: &str, bic: &str, iban: &str, kind: &str) -> Reply {
    let body = json!({"bic": bic, "iban": iban, "account_type": kind});
    post(app, BANK_CHECK, body, cookie).await
}

/// The numbers of the person's listed payment orders.
async fn listed_orders(app: &Router, cookie: &str) -> Vec<String> {
    let reply = call(app, "GET", ORDERS, None, Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["number"].as_str().unwrap().to_owned())
        .collect()
}

async fn refund_list(app: &Router, cookie: &str) -> Vec<Value> {
    let reply = call(app, "GET", APPLICATIONS, None, Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json()["items"].as_array().unwrap().clone()
}

fn document_body(orders: &[&str], kind: &str, iban: &str) -> Value {
    json!({"order_ids": orders, "account_type": kind, "iban": iban})
}

/// A document: its id, the bytes to sign and the whole answer.
async fn document(app: &Router, cookie: &str, body: Value) -> (String, Vec<u8>, Value) {
    let reply = post(app, DOCUMENTS, body, cookie).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let v = reply.json();
    let data = B64.decode(v["data"].as_str().unwrap()).unwrap();
    (v["document_id"].as_str().unwrap().to_owned(), data, v)
}

/// Иванов's document for the memo's order 49756052 to his Kaspi card.
async fn memo_document(app: &Router, cookie: &str) -> (String, Vec<u8>) {
    let body = document_body(&["po-49756052"], "card", IVANOV_KASPI_CARD);
    let (id, data, _) = document(app, cookie, body).await;
    (id, data)
}

/// The base64 CMS of `data` signed with this person's key.
async fn signed(iin: &str, kind: KeyKind, data: &[u8]) -> String {
    let store = Pki::get().await.identity(iin).unwrap().key(kind);
    B64.encode(sign_attached(&store.key, &store.cert, data).unwrap())
}

async fn submit(app: &Router, cookie: &str, key: Option<&str>, body: &Value) -> Reply {
    let mut req = request("POST", APPLICATIONS, Some(body), Some(cookie));
    if let Some(key) = key {
        req.headers_mut()
            .insert("idempotency-key", key.parse().unwrap());
    }
    send(app, req).await
}

fn signed_document(id: &str, cms: &str) -> Value {
    json!({"document_id": id, "cms": cms})
}

fn dev_today(state: &AppState) -> String {
    almaty_date(state.lock().registrations.now())
}

// ---- the payment orders --------------------------------------------------------------------

#[tokio::test]
async fn only_refundable_orders_are_listed() {
    let (_, app) = dev_app();
    let ivanov = login(&app, IVANOV).await;
    // 48820011 (nothing left) and 50011873/50011874 (in the accepted rf-7000498) are hidden.
    assert_eq!(
        listed_orders(&app, &ivanov).await,
        ["50377702", "50233981", "50102417", "49811230", "49756052"]
    );
    let petrov = login(&app, PETROV).await;
    assert_eq!(listed_orders(&app, &petrov).await, ["50488123", "50410066"]);
    let aigul = login(&app, AIGUL).await;
    assert!(listed_orders(&app, &aigul).await.is_empty());
    // An order with nothing left leaves the list.
    let body = json!({"available_tiyn": 0});
    let reply = call(
        &app,
        "PUT",
        "/__dev/payment-orders/po-50410066",
        Some(body),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(listed_orders(&app, &petrov).await, ["50488123"]);
}

// ---- the bank check --------------------------------------------------------------------------

#[tokio::test]
async fn bank_check_of_the_test_accounts() {
    let (_, app) = dev_app();
    let ivanov = login(&app, IVANOV).await;
    let petrov = login(&app, PETROV).await;
    for (cookie, bic, iban, kind) in [
        (&ivanov, "CASPKZKA", IVANOV_KASPI_CARD, "card"),
        // as people type it; BIC in lower case, or with the head office's XXX
        (&ivanov, "caspkzkaXXX", "kz32 7225 0000 0068 0371", "card"),
        (&ivanov, "HSBKKZKX", IVANOV_HALYK_CURRENT, "current"),
        (&ivanov, "KCJBKZKX", IVANOV_BCC_CURRENT, "current"),
        (&ivanov, "KCJBKZKX", "kz18 856k zt10 0030 0007", "current"),
        // any other valid IBAN with the BIC's bank code
        (&ivanov, "CASPKZKA", OTHER_KASPI, "current"),
        (&petrov, "HSBKKZKX", PETROV_HALYK_CARD, "card"),
    ] {
        let reply = bank_check(&app, cookie, bic, iban, kind).await;
        assert_eq!(
            (reply.status, reply.json()),
            (StatusCode::OK, json!({"ok": true})),
            "{iban}"
        );
    }
    for (cookie, bic, iban, code) in [
        (&ivanov, "HSBKKZKX", IVANOV_KASPI_CARD, "bank_mismatch"),
        (&ivanov, "CASPKZKA", IVANOV_HALYK_CURRENT, "bank_mismatch"),
        (&ivanov, "CASPKZKA", IVANOV_KASPI_CLOSED, "account_closed"),
        (&petrov, "CASPKZKA", IVANOV_KASPI_CLOSED, "account_closed"),
        (&ivanov, "CASPKZKA", SIDOROV_KASPI_CARD, "name_mismatch"),
        (&ivanov, "HSBKKZKX", PETROV_HALYK_CARD, "name_mismatch"),
        (&petrov, "CASPKZKA", IVANOV_KASPI_CARD, "name_mismatch"),
    ] {
        let reply = bank_check(&app, cookie, bic, iban, "card").await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::UNPROCESSABLE_ENTITY, code),
            "{iban}"
        );
        assert!(reply.json().get("fields").is_none());
    }
}

#[tokio::test]
async fn bank_check_validation() {
    let (_, app) = dev_app();
    let ivanov = login(&app, IVANOV).await;
    for (body, fields) in [
        (
            json!({}),
            json!({"bic": "required", "iban": "required", "account_type": "required"}),
        ),
        (
            json!({"bic": " ", "iban": "", "account_type": null}),
            json!({"bic": "required", "iban": "required", "account_type": "required"}),
        ),
        // the memo's placeholder fails mod-97
        (
            json!({"bic": "CASPKZKA", "iban": MEMO_PLACEHOLDER, "account_type": "card"}),
            json!({"iban": "invalid_iban"}),
        ),
        (
            json!({"bic": "CASPKZKA", "iban": "KZ32722500000068037", "account_type": "card"}),
            json!({"iban": "invalid_iban"}),
        ),
        (
            json!({"bic": "CASPKZKA", "iban": "DE89370400440532013000", "account_type": "card"}),
            json!({"iban": "invalid_iban"}),
        ),
        (
            json!({"bic": "NOPEKZKA", "iban": IVANOV_KASPI_CARD, "account_type": "card"}),
            json!({"bic": "unknown_bic"}),
        ),
        (
            json!({"bic": "NOPEKZKA", "iban": MEMO_PLACEHOLDER}),
            json!({"bic": "unknown_bic", "iban": "invalid_iban", "account_type": "required"}),
        ),
    ] {
        let reply = post(&app, BANK_CHECK, body.clone(), &ivanov).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::UNPROCESSABLE_ENTITY, "validation"),
            "{body}"
        );
        assert_eq!(reply.json()["fields"], fields, "{body}");
    }
    // Not the body's schema: 400.
    for body in [
        json!({"bic": "CASPKZKA", "iban": IVANOV_KASPI_CARD, "account_type": "savings"}),
        json!({"bic": 1, "iban": IVANOV_KASPI_CARD, "account_type": "card"}),
    ] {
        let reply = post(&app, BANK_CHECK, body.clone(), &ivanov).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::BAD_REQUEST, "bad_request"),
            "{body}"
        );
    }
    let body = json!({"bic": "CASPKZKA", "iban": IVANOV_KASPI_CARD, "account_type": "card"});
    let reply = call(&app, "POST", BANK_CHECK, Some(body), None).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::UNAUTHORIZED, "unauthenticated")
    );
}

// ---- the document ------------------------------------------------------------------------------

#[tokio::test]
async fn a_document_for_the_ticked_orders() {
    let (state, app) = dev_app();
    let ivanov = login(&app, IVANOV).await;
    let body = document_body(
        &["po-49756052", "po-49811230", "po-49756052"],
        "card",
        "kz32 7225 0000 0068 0371",
    );
    let (id, data, v) = document(&app, &ivanov, body.clone()).await;
    assert_eq!(v.as_object().unwrap().len(), 3, "{v}");
    let expires = parse_rfc3339(v["expires_at"].as_str().unwrap()).unwrap();
    let left = expires - state.lock().registrations.now();
    assert!((898..=900).contains(&left), "expires in {left} s");
    let text = String::from_utf8(data).unwrap();
    for part in [
        id.as_str(),
        "applicant IIN: 900101300007",
        "applicant: Иванов Иван Иванович",
        "№ 49756052 of 12.06.2026: 500.00 KZT",
        "№ 49811230 of 03.07.2026: 12,500.00 KZT",
        "total: 13,000.00 KZT",
        "bank BIC: CASPKZKA",
        "bank BIN: 971240001315",
        "bank: АО \"KASPI BANK\"",
        "account type: card",
        "IBAN: KZ32 7225 0000 0068 0371",
        "nonce: ",
        "issued: ",
    ] {
        assert!(text.contains(part), "{part:?} in {text}");
    }
    // The repeated id counts once.
    assert_eq!(text.matches("49756052").count(), 1, "{text}");
    // Each document is new.
    let (id2, data2, _) = document(&app, &ivanov, body).await;
    assert_ne!(id, id2);
    assert_ne!(text.as_bytes(), data2.as_slice());
    // Petrov's orders at Halyk, to his card.
    let petrov = login(&app, PETROV).await;
    let body = document_body(&["po-50410066", "po-50488123"], "card", PETROV_HALYK_CARD);
    let (_, data, _) = document(&app, &petrov, body).await;
    let text = String::from_utf8(data).unwrap();
    assert!(text.contains("total: 3,450.00 KZT"), "{text}");
    assert!(text.contains("bank BIN: 940140000385"), "{text}");
}

#[tokio::test]
async fn document_refusals() {
    let (_, app) = dev_app();
    let ivanov = login(&app, IVANOV).await;
    let kaspi = IVANOV_KASPI_CARD;
    for (body, fields) in [
        (
            json!({}),
            json!({"order_ids": "required", "iban": "required", "account_type": "required"}),
        ),
        (
            document_body(&[], "card", kaspi),
            json!({"order_ids": "required"}),
        ),
        (
            document_body(&["po-49756052", "po-50102417"], "card", kaspi),
            json!({"order_ids": "mixed_banks"}),
        ),
        // Petrov's order: unknown to Иванов
        (
            document_body(&["po-50410066"], "card", IVANOV_HALYK_CURRENT),
            json!({"order_ids": "unknown_order"}),
        ),
        (
            document_body(&["po-49756052", "nope"], "card", kaspi),
            json!({"order_ids": "unknown_order"}),
        ),
        // a Halyk IBAN for a Kaspi order
        (
            document_body(&["po-49756052"], "current", IVANOV_HALYK_CURRENT),
            json!({"iban": "bank_mismatch"}),
        ),
        (
            document_body(&["po-49756052"], "card", MEMO_PLACEHOLDER),
            json!({"iban": "invalid_iban"}),
        ),
        (
            json!({"order_ids": ["po-49756052"], "iban": kaspi}),
            json!({"account_type": "required"}),
        ),
    ] {
        let reply = post(&app, DOCUMENTS, body.clone(), &ivanov).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::UNPROCESSABLE_ENTITY, "validation"),
            "{body}"
        );
        assert_eq!(reply.json()["fields"], fields, "{body}");
    }
    // The bank check again: a closed account, someone else's.
    for (iban, code) in [
        (IVANOV_KASPI_CLOSED, "account_closed"),
        (SIDOROV_KASPI_CARD, "name_mismatch"),
    ] {
        let body = document_body(&["po-49756052"], "card", iban);
        let reply = post(&app, DOCUMENTS, body, &ivanov).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::UNPROCESSABLE_ENTITY, code)
        );
    }
    // In a filed application (rf-7000498, accepted), or nothing left (48820011): 409.
    for order in ["po-50011873", "po-48820011"] {
        let bank_iban = if order == "po-48820011" {
            kaspi
        } else {
            IVANOV_HALYK_CURRENT
        };
        let body = document_body(&[order], "current", bank_iban);
        let reply = post(&app, DOCUMENTS, body, &ivanov).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::CONFLICT, "order_conflict"),
            "{order}"
        );
    }
    let body = json!({"order_ids": ["po-49756052"], "account_type": "savings", "iban": kaspi});
    let reply = post(&app, DOCUMENTS, body, &ivanov).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::BAD_REQUEST, "bad_request")
    );
    let body = document_body(&["po-49756052"], "card", kaspi);
    let reply = call(&app, "POST", DOCUMENTS, Some(body), None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

// ---- the submission ------------------------------------------------------------------------------

#[tokio::test]
async fn submit_with_the_signing_key() {
    let (state, app) = dev_app();
    let ivanov = login(&app, IVANOV).await;
    let before = refund_list(&app, &ivanov).await.len();
    // A second document for the same order, made before the filing.
    let (early_id, early_data) = memo_document(&app, &ivanov).await;
    let body = document_body(&["po-49756052", "po-49811230"], "card", IVANOV_KASPI_CARD);
    let (id, data, _) = document(&app, &ivanov, body.clone()).await;
    let body = signed_document(&id, &signed(IVANOV, KeyKind::Sign, &data).await);
    let reply = submit(&app, &ivanov, Some("key-1"), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let filed = reply.json();
    let today = dev_today(&state);
    assert_eq!(filed["filed_on"], today.as_str());
    assert_eq!(filed["status"], "accepted");
    assert_eq!(
        filed["history"],
        json!([{"status": "accepted", "at": today}])
    );
    assert_eq!(filed["order_numbers"], json!(["49756052", "49811230"]));
    assert_eq!(filed["total_tiyn"], 1_300_000);
    assert_eq!(filed["iban_last4"], "0371");
    assert_eq!(filed["number"], "7000499");
    assert_eq!(filed["id"], "rf-7000499");
    // First in the list; the orders are gone.
    let list = refund_list(&app, &ivanov).await;
    assert_eq!((list.len(), &list[0]), (before + 1, &filed));
    let orders = listed_orders(&app, &ivanov).await;
    assert!(!orders.iter().any(|o| o == "49756052" || o == "49811230"));
    assert_eq!(orders.len(), 3);

    // A retry with the same key and body: the same 201 (the document is used by now).
    let reply = submit(&app, &ivanov, Some("key-1"), &body).await;
    assert_eq!(
        (reply.status, reply.json()),
        (StatusCode::CREATED, filed.clone())
    );
    assert_eq!(refund_list(&app, &ivanov).await.len(), before + 1);
    // The same key with another body: 409.
    let other = signed_document(&early_id, &signed(IVANOV, KeyKind::Sign, &early_data).await);
    let reply = submit(&app, &ivanov, Some("key-1"), &other).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::CONFLICT, "idempotency_mismatch")
    );
    // The keys are per person: Petrov's "key-1" is his own.
    let petrov = login(&app, PETROV).await;
    let reply = submit(&app, &petrov, Some("key-1"), &body).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::GONE, "document_expired")
    );
    // The document made before the filing, with a new key: the order is taken.
    let reply = submit(&app, &ivanov, Some("key-2"), &other).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::CONFLICT, "order_conflict")
    );
    // And no new document for it.
    let reply = post(
        &app,
        DOCUMENTS,
        document_body(&["po-49756052"], "card", IVANOV_KASPI_CARD),
        &ivanov,
    )
    .await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::CONFLICT, "order_conflict")
    );
    // The next filing gets the next number; reset brings the fixtures back.
    let body = document_body(&["po-50377702"], "current", IVANOV_BCC_CURRENT);
    let (id, data, _) = document(&app, &ivanov, body).await;
    let body = signed_document(&id, &signed(IVANOV, KeyKind::Sign, &data).await);
    let reply = submit(&app, &ivanov, Some("key-3"), &body).await;
    assert_eq!(reply.json()["number"], "7000500");
    let list = refund_list(&app, &ivanov).await;
    assert_eq!(list[0]["number"], "7000500");
    assert_eq!(list[1]["number"], "7000499");
    let reply = call(&app, "POST", "/__dev/reset", None, None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let ivanov = login(&app, IVANOV).await;
    assert_eq!(refund_list(&app, &ivanov).await.len(), before);
    assert_eq!(listed_orders(&app, &ivanov).await.len(), 5);
}

/// A submission whose connection went away mid-way (its future dropped) frees its key at once:
/// a retry is answered now, not after the in-flight wait.
#[tokio::test]
async fn a_submission_dropped_mid_way_frees_its_key_at_once() {
    use tower::ServiceExt;
    let (state, app) = dev_app();
    let in_flight = || state.lock().refund_idempotency.in_flight();
    // Polled one step at a time until its key is being processed (it then waits for the
    // signature check, which runs off the thread), and dropped there. A run that finished in
    // one step was not dropped: the mock is reset and the run made again.
    let mut attempts = 0;
    let (ivanov, body, first) = loop {
        attempts += 1;
        assert!(attempts <= 20, "never caught in flight");
        let reset = call(&app, "POST", "/__dev/reset", None, None).await;
        assert_eq!(reset.status, StatusCode::NO_CONTENT);
        let ivanov = login(&app, IVANOV).await;
        let (id, data) = memo_document(&app, &ivanov).await;
        let body = signed_document(&id, &signed(IVANOV, KeyKind::Sign, &data).await);
        let mut req = request("POST", APPLICATIONS, Some(&body), Some(&ivanov));
        req.headers_mut()
            .insert("idempotency-key", "dropped".parse().unwrap());
        let mut first = Box::pin(app.clone().oneshot(req));
        let caught = loop {
            let step = std::future::poll_fn(|cx| {
                std::task::Poll::Ready(std::future::Future::poll(first.as_mut(), cx))
            })
            .await;
            if step.is_ready() {
                break false;
            }
            if in_flight() > 0 {
                break true;
            }
            tokio::task::yield_now().await;
        };
        if caught {
            break (ivanov, body, first);
        }
    };
    drop(first);
    assert_eq!(in_flight(), 0, "the key is free again");
    let started = std::time::Instant::now();
    let retry = submit(&app, &ivanov, Some("dropped"), &body).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // The document was used up by the first attempt: the retry is told to build it again.
    assert_eq!(
        status_code(&retry),
        err(StatusCode::GONE, "document_expired")
    );
}

#[tokio::test]
async fn a_retry_that_overtakes_the_first_attempt_gets_its_answer() {
    let (_, app) = dev_app();
    let ivanov = login(&app, IVANOV).await;
    let (id, data) = memo_document(&app, &ivanov).await;
    let body = signed_document(&id, &signed(IVANOV, KeyKind::Sign, &data).await);
    // The second waits for the first (the document is used by then), then replays its 201.
    let (a, b) = tokio::join!(
        submit(&app, &ivanov, Some("same"), &body),
        submit(&app, &ivanov, Some("same"), &body)
    );
    assert_eq!(
        (a.status, b.status),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert_eq!(a.json(), b.json());
    assert_eq!(refund_list(&app, &ivanov).await[0], a.json());
    // Two keys for one document: one is filed, the other finds the document used.
    let body = document_body(&["po-49811230"], "card", IVANOV_KASPI_CARD);
    let (id, data, _) = document(&app, &ivanov, body).await;
    let body = signed_document(&id, &signed(IVANOV, KeyKind::Sign, &data).await);
    let (a, b) = tokio::join!(
        submit(&app, &ivanov, Some("one"), &body),
        submit(&app, &ivanov, Some("two"), &body)
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::GONE]);
}

#[tokio::test]
async fn submit_refusals() {
    let (state, app) = dev_app_with_lasting_sessions();
    let ivanov = login(&app, IVANOV).await;
    let (id, data) = memo_document(&app, &ivanov).await;
    let good = signed_document(&id, &signed(IVANOV, KeyKind::Sign, &data).await);

    // No key, a blank one, a too long one: 400 (and the document is not touched).
    let long = "k".repeat(201);
    for key in [None, Some(" "), Some(long.as_str())] {
        let reply = submit(&app, &ivanov, key, &good).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::BAD_REQUEST, "idempotency_key_required"),
            "{key:?}"
        );
    }
    // Not JSON of the shape.
    let raw = Request::builder()
        .method("POST")
        .uri(APPLICATIONS)
        .header("content-type", "application/json")
        .header("cookie", &ivanov)
        .header("idempotency-key", "k")
        .body(axum::body::Body::from("{not json"))
        .unwrap();
    assert_eq!(
        status_code(&send(&app, raw).await),
        err(StatusCode::BAD_REQUEST, "bad_request")
    );
    let reply = submit(&app, &ivanov, Some("k"), &json!({"document_id": 5})).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::BAD_REQUEST, "bad_request")
    );
    // Validation.
    let reply = submit(&app, &ivanov, Some("k"), &json!({"cms": ""})).await;
    assert_eq!(
        reply.json()["fields"],
        json!({"document_id": "required", "cms": "required"})
    );
    // Without a session: 401 first.
    let req = request("POST", APPLICATIONS, Some(&good), None);
    assert_eq!(send(&app, req).await.status, StatusCode::UNAUTHORIZED);
    // Another person's document: 410 (and it stays usable by its person).
    let petrov = login(&app, PETROV).await;
    let reply = submit(&app, &petrov, Some("k"), &good).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::GONE, "document_expired")
    );

    // The AUTH key, another person's signing key, another content, not a CMS: each a new
    // document, used up by the attempt.
    for (iin, kind, content, expected) in [
        (
            IVANOV,
            KeyKind::Auth,
            None,
            err(StatusCode::UNPROCESSABLE_ENTITY, "wrong_key_usage"),
        ),
        (
            PETROV,
            KeyKind::Sign,
            None,
            err(StatusCode::UNPROCESSABLE_ENTITY, "signer_mismatch"),
        ),
        (
            IVANOV,
            KeyKind::Sign,
            Some(b"another document".as_slice()),
            err(StatusCode::UNPROCESSABLE_ENTITY, "invalid_signature"),
        ),
    ] {
        let (id, data) = memo_document(&app, &ivanov).await;
        let cms = signed(iin, kind, content.unwrap_or(&data)).await;
        let body = signed_document(&id, &cms);
        let reply = submit(&app, &ivanov, Some("k"), &body).await;
        assert_eq!(status_code(&reply), expected);
        let good = signed_document(&id, &signed(IVANOV, KeyKind::Sign, &data).await);
        let reply = submit(&app, &ivanov, Some("k"), &good).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::GONE, "document_expired")
        );
    }
    let (other_id, _) = memo_document(&app, &ivanov).await;
    let reply = submit(
        &app,
        &ivanov,
        Some("k"),
        &signed_document(&other_id, "bm90IGEgQ01T"),
    )
    .await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::BAD_REQUEST, "invalid_cms")
    );

    // Expired after 15 minutes on the dev clock.
    advance(&app, DOCUMENT_SECONDS + 1).await;
    let reply = submit(&app, &ivanov, Some("k"), &good).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::GONE, "document_expired")
    );
    // Nothing was filed; the refused key "k" is free for the next submission.
    let (id, data) = memo_document(&app, &ivanov).await;
    let body = signed_document(&id, &signed(IVANOV, KeyKind::Sign, &data).await);
    let reply = submit(&app, &ivanov, Some("k"), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    assert_eq!(reply.json()["filed_on"], dev_today(&state).as_str());
}

#[tokio::test]
async fn an_order_refunded_meanwhile_is_a_conflict() {
    let (_, app) = dev_app();
    let ivanov = login(&app, IVANOV).await;
    let (id, data) = memo_document(&app, &ivanov).await;
    // The fund paid part of the order back meanwhile.
    let path = "/__dev/payment-orders/po-49756052";
    let reply = call(
        &app,
        "PUT",
        path,
        Some(json!({"available_tiyn": 20_000})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let body = signed_document(&id, &signed(IVANOV, KeyKind::Sign, &data).await);
    let reply = submit(&app, &ivanov, Some("k"), &body).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::CONFLICT, "order_conflict")
    );
    // Nothing filed, the order still listed with its new amount; a new document files it.
    let orders = call(&app, "GET", ORDERS, None, Some(&ivanov)).await.json();
    let memo = orders["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "po-49756052")
        .unwrap()
        .clone();
    assert_eq!(memo["available_tiyn"], 20_000);
    let (id, data) = memo_document(&app, &ivanov).await;
    let body = signed_document(&id, &signed(IVANOV, KeyKind::Sign, &data).await);
    let reply = submit(&app, &ivanov, Some("k"), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.json()["total_tiyn"], 20_000);

    // The dev endpoint's refusals.
    for (path, body, status) in [
        (
            "/__dev/payment-orders/nope",
            json!({"available_tiyn": 1}),
            StatusCode::NOT_FOUND,
        ),
        (path, json!({}), StatusCode::UNPROCESSABLE_ENTITY),
        (path, json!({"available_tiyn": -1}), StatusCode::BAD_REQUEST),
        (
            path,
            json!({"available_tiyn": 1, "x": 1}),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let reply = call(&app, "PUT", path, Some(body.clone()), None).await;
        assert_eq!(reply.status, status, "{path} {body}");
    }
    // Without --dev there is no /__dev.
    let (_, plain) = new_app(mock_api::Options::default());
    let reply = call(
        &plain,
        "PUT",
        path,
        Some(json!({"available_tiyn": 1})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

// ---- eGov mobile ---------------------------------------------------------------------------------

/// Opens a refund procedure for document `id`.
async fn egov_start(app: &Router, cookie: &str, id: &str) -> Reply {
    let mut req = request(
        "POST",
        EGOV,
        Some(&json!({"document_id": id})),
        Some(cookie),
    );
    req.headers_mut()
        .insert("host", "localhost:8081".parse().unwrap());
    send(app, req).await
}

async fn egov_poll(app: &Router, cookie: &str, id: &str) -> Reply {
    call(app, "GET", &format!("{EGOV}/{id}"), None, Some(cookie)).await
}

async fn dev_phone(app: &Router, link: &str, iin: Option<&str>) -> Reply {
    let body = match iin {
        Some(iin) => json!({"link": link, "iin": iin}),
        None => json!({"link": link}),
    };
    call(app, "POST", "/__dev/egov/sign", Some(body), None).await
}

/// The procedure is the session's that opened it: another session of the same person (another
/// browser, or a log-in elsewhere) gets 404, as for an unknown id, before and after signing.
#[tokio::test]
async fn egov_refund_is_polled_only_by_the_session_that_opened_it() {
    let (_, app) = dev_app();
    let mine = login(&app, PETROV).await;
    let other = login(&app, PETROV).await;
    assert_ne!(mine, other);
    let body = document_body(&["po-50410066"], "card", PETROV_HALYK_CARD);
    let (doc_id, _, _) = document(&app, &mine, body).await;
    let reply = egov_start(&app, &mine, &doc_id).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let p = reply.json();
    let id = p["id"].as_str().unwrap().to_owned();
    let unknown = egov_poll(&app, &other, "0123456789abcdef0123456789abcdef").await;
    assert_eq!(
        status_code(&unknown),
        err(StatusCode::NOT_FOUND, "not_found")
    );
    for when in ["created", "signed"] {
        if when == "signed" {
            let reply = dev_phone(&app, p["qr_text"].as_str().unwrap(), None).await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        }
        let reply = egov_poll(&app, &other, &id).await;
        assert_eq!(
            (reply.status, reply.json()),
            (unknown.status, unknown.json()),
            "{when}: another session of the same person"
        );
        let reply = egov_poll(&app, &mine, &id).await;
        assert_eq!(reply.status, StatusCode::OK, "{when}");
        assert_eq!(reply.json()["state"], when);
    }
    // Logged out and in again: a new session, not the one that opened it.
    call(&app, "POST", "/api/auth/logout", None, Some(&mine)).await;
    let again = login(&app, PETROV).await;
    assert_eq!(
        egov_poll(&app, &again, &id).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn egov_refund_signed_by_the_dev_phone() {
    let (state, app) = dev_app();
    let petrov = login(&app, PETROV).await;
    let body = document_body(&["po-50410066", "po-50488123"], "card", PETROV_HALYK_CARD);
    let (doc_id, data, doc) = document(&app, &petrov, body).await;
    let reply = egov_start(&app, &petrov, &doc_id).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let p = reply.json();
    let id = p["id"].as_str().unwrap().to_owned();
    let api1 = format!("http://localhost:8081/api/egov/sign/{id}");
    assert_eq!(p["qr_text"], format!("mobileSign:{api1}"));
    assert!(p["mobile_link"].as_str().unwrap().starts_with(
        "https://m.egov.kz/mobileSign/?link=http%3A%2F%2Flocalhost%3A8081%2Fapi%2Fegov%2Fsign%2F"
    ));
    let expires = parse_rfc3339(p["expires_at"].as_str().unwrap()).unwrap();
    let left = expires - state.lock().registrations.now();
    assert!((178..=180).contains(&left), "{left}");
    assert!(expires <= parse_rfc3339(doc["expires_at"].as_str().unwrap()).unwrap());
    assert_eq!(
        egov_poll(&app, &petrov, &id).await.json(),
        json!({"state": "created"})
    );
    // The phone sees the refund document itself (API №2 with the token API №1 gave it).
    let reply = call(&app, "GET", &format!("/api/egov/sign/{id}"), None, None).await;
    assert!(reply.json()["description"]
        .as_str()
        .unwrap()
        .contains("ЕЗЖ"));
    let token = reply.json()["document"]["auth_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let api2_path = format!("/api/egov/sign/{id}/document");
    let api2 = call_bearer(&app, "GET", &api2_path, None, &token)
        .await
        .json();
    let shown = &api2["documentsToSign"][0];
    assert_eq!(
        B64.decode(shown["document"]["file"]["data"].as_str().unwrap())
            .unwrap(),
        data
    );
    assert!(shown["meta"]
        .as_array()
        .unwrap()
        .contains(&json!({"name": "document", "value": doc_id})));
    assert_eq!(
        egov_poll(&app, &petrov, &id).await.json(),
        json!({"state": "scanned"})
    );
    // Not a log-in procedure, not Иванов's.
    let reply = call(&app, "GET", &format!("/api/auth/egov/{id}"), None, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let ivanov = login(&app, IVANOV).await;
    assert_eq!(
        egov_poll(&app, &ivanov, &id).await.status,
        StatusCode::NOT_FOUND
    );
    // Иванов at the phone: refused (the procedure stays open).
    let mut put = api2.clone();
    put["documentsToSign"][0]["document"]["file"]["data"] =
        json!(signed(IVANOV, KeyKind::Sign, &data).await);
    let reply = call_bearer(&app, "PUT", &api2_path, Some(put.clone()), &token).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::UNAUTHORIZED, "signer_mismatch")
    );
    // Another phone cannot take over the scanned code, not even the dev one.
    let reply = dev_phone(&app, p["mobile_link"].as_str().unwrap(), None).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::CONFLICT, "already_scanned")
    );
    // The applicant, with his signing key.
    put["documentsToSign"][0]["document"]["file"]["data"] =
        json!(signed(PETROV, KeyKind::Sign, &data).await);
    let reply = call_bearer(&app, "PUT", &api2_path, Some(put), &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let reply = egov_poll(&app, &petrov, &id).await;
    assert_eq!(reply.status, StatusCode::OK);
    let v = reply.json();
    assert_eq!(v["state"], "signed");
    let application = v["application"].clone();
    assert_eq!(
        application["order_numbers"],
        json!(["50410066", "50488123"])
    );
    assert_eq!(application["total_tiyn"], 345_000);
    assert_eq!(application["iban_last4"], "0811");
    assert_eq!(application["status"], "accepted");
    assert_eq!(application["filed_on"], dev_today(&state).as_str());
    // Filed once: the same on every poll, first in the list, the orders gone.
    assert_eq!(egov_poll(&app, &petrov, &id).await.json(), v);
    let list = refund_list(&app, &petrov).await;
    assert_eq!(list, vec![application]);
    assert!(listed_orders(&app, &petrov).await.is_empty());
    // The phone again: used. The document by NCALayer: used.
    let reply = dev_phone(&app, &api1, None).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::CONFLICT, "already_used")
    );
    let body = signed_document(&doc_id, &signed(PETROV, KeyKind::Sign, &data).await);
    let reply = submit(&app, &petrov, Some("k"), &body).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::GONE, "document_expired")
    );
    // And a new procedure for it: 410.
    assert_eq!(
        status_code(&egov_start(&app, &petrov, &doc_id).await),
        err(StatusCode::GONE, "document_expired")
    );
    assert_eq!(refund_list(&app, &petrov).await.len(), 1);
}

#[tokio::test]
async fn egov_refund_needs_the_signing_key() {
    let (_, app) = dev_app();
    let ivanov = login(&app, IVANOV).await;
    let (doc_id, data) = memo_document(&app, &ivanov).await;
    let id = egov_start(&app, &ivanov, &doc_id).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let api2 = format!("/api/egov/sign/{id}/document");
    let token = egov_scan(&app, &id).await;
    let mut doc = call_bearer(&app, "GET", &api2, None, &token).await.json();
    doc["documentsToSign"][0]["document"]["file"]["data"] =
        json!(signed(IVANOV, KeyKind::Auth, &data).await);
    let reply = call_bearer(&app, "PUT", &api2, Some(doc.clone()), &token).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::UNAUTHORIZED, "wrong_key_usage")
    );
    doc["documentsToSign"][0]["document"]["file"]["data"] =
        json!(signed(NOT_REGISTERED, KeyKind::Sign, &data).await);
    let reply = call_bearer(&app, "PUT", &api2, Some(doc.clone()), &token).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::UNAUTHORIZED, "signer_mismatch")
    );
    // Refused PUTs leave the procedure open.
    assert_eq!(
        egov_poll(&app, &ivanov, &id).await.json(),
        json!({"state": "scanned"})
    );
    doc["documentsToSign"][0]["document"]["file"]["data"] =
        json!(signed(IVANOV, KeyKind::Sign, &data).await);
    let reply = call_bearer(&app, "PUT", &api2, Some(doc), &token).await;
    assert_eq!((reply.status, reply.json()), (StatusCode::OK, json!({})));
    assert_eq!(
        egov_poll(&app, &ivanov, &id).await.json()["state"],
        "signed"
    );
}

#[tokio::test]
async fn egov_refund_rejected() {
    let (_, app) = dev_app();
    let ivanov = login(&app, IVANOV).await;
    let (doc_id, _) = memo_document(&app, &ivanov).await;
    let p = egov_start(&app, &ivanov, &doc_id).await.json();
    let id = p["id"].as_str().unwrap();
    let reject = format!("/__dev/egov/{id}/reject");
    let reply = call(&app, "PUT", &reject, None, None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(
        egov_poll(&app, &ivanov, id).await.json(),
        json!({"state": "rejected"})
    );
    let reply = dev_phone(&app, p["qr_text"].as_str().unwrap(), None).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::CONFLICT, "already_used")
    );
    assert_eq!(
        call(&app, "PUT", &reject, None, None).await.status,
        StatusCode::CONFLICT
    );
    // The document is still good: a new code, signed.
    let p = egov_start(&app, &ivanov, &doc_id).await.json();
    let reply = dev_phone(&app, p["qr_text"].as_str().unwrap(), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let v = egov_poll(&app, &ivanov, p["id"].as_str().unwrap())
        .await
        .json();
    assert_eq!(v["state"], "signed");
    assert_eq!(v["application"]["order_numbers"], json!(["49756052"]));
}

#[tokio::test]
async fn egov_refund_expired() {
    let (_, app) = dev_app();
    let ivanov = login(&app, IVANOV).await;
    let (doc_id, _) = memo_document(&app, &ivanov).await;
    let p = egov_start(&app, &ivanov, &doc_id).await.json();
    let id = p["id"].as_str().unwrap();
    advance(&app, mock_api::egov::PROCEDURE_SECONDS).await;
    assert_eq!(
        egov_poll(&app, &ivanov, id).await.json(),
        json!({"state": "expired"})
    );
    let reply = dev_phone(&app, p["qr_text"].as_str().unwrap(), None).await;
    assert_eq!(status_code(&reply), err(StatusCode::GONE, "expired"));
    assert_eq!(
        call(&app, "PUT", &format!("/__dev/egov/{id}/reject"), None, None)
            .await
            .status,
        StatusCode::GONE
    );
    // The document outlives the procedure: a new one until 15 minutes, then 410.
    let reply = egov_start(&app, &ivanov, &doc_id).await;
    assert_eq!(reply.status, StatusCode::OK);
    advance(
        &app,
        DOCUMENT_SECONDS - mock_api::egov::PROCEDURE_SECONDS - 60,
    )
    .await;
    // Less than 3 minutes left of the document: the procedure ends with it.
    let p = egov_start(&app, &ivanov, &doc_id).await.json();
    let expires = parse_rfc3339(p["expires_at"].as_str().unwrap()).unwrap();
    advance(&app, 60).await;
    let reply = egov_poll(&app, &ivanov, p["id"].as_str().unwrap()).await;
    assert_eq!(reply.json(), json!({"state": "expired"}), "{expires}");
    assert_eq!(
        status_code(&egov_start(&app, &ivanov, &doc_id).await),
        err(StatusCode::GONE, "document_expired")
    );
    // Unknown, another person's: 404; no document_id: 400; no session: 401.
    let petrov = login(&app, PETROV).await;
    let (petrovs, _, _) = document(
        &app,
        &petrov,
        document_body(&["po-50410066"], "card", PETROV_HALYK_CARD),
    )
    .await;
    for id in ["nope", petrovs.as_str()] {
        let reply = egov_start(&app, &ivanov, id).await;
        assert_eq!(status_code(&reply), err(StatusCode::NOT_FOUND, "not_found"));
    }
    let reply = post(&app, EGOV, json!({}), &ivanov).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::BAD_REQUEST, "bad_request")
    );
    let reply = call(
        &app,
        "POST",
        EGOV,
        Some(json!({"document_id": petrovs})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        egov_poll(&app, &ivanov, "nope").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn egov_refund_after_the_document_was_submitted_or_the_order_refunded() {
    let (_, app) = dev_app();
    let ivanov = login(&app, IVANOV).await;
    // Submitted with NCALayer while the QR code was shown: the phone's PUT finds it used.
    let (doc_id, data) = memo_document(&app, &ivanov).await;
    let p = egov_start(&app, &ivanov, &doc_id).await.json();
    let body = signed_document(&doc_id, &signed(IVANOV, KeyKind::Sign, &data).await);
    assert_eq!(
        submit(&app, &ivanov, Some("k"), &body).await.status,
        StatusCode::CREATED
    );
    let reply = dev_phone(&app, p["qr_text"].as_str().unwrap(), None).await;
    assert_eq!(status_code(&reply), err(StatusCode::GONE, "expired"));
    assert_eq!(
        egov_poll(&app, &ivanov, p["id"].as_str().unwrap())
            .await
            .json(),
        json!({"state": "expired"})
    );
    // Refunded meanwhile: the PUT and every poll answer 409, nothing is filed.
    let body = document_body(&["po-49811230"], "card", IVANOV_KASPI_CARD);
    let (doc_id, _, _) = document(&app, &ivanov, body).await;
    let p = egov_start(&app, &ivanov, &doc_id).await.json();
    let path = "/__dev/payment-orders/po-49811230";
    let reply = call(&app, "PUT", path, Some(json!({"available_tiyn": 0})), None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let before = refund_list(&app, &ivanov).await.len();
    let reply = dev_phone(&app, p["mobile_link"].as_str().unwrap(), None).await;
    assert_eq!(
        status_code(&reply),
        err(StatusCode::CONFLICT, "order_conflict")
    );
    for _ in 0..2 {
        let reply = egov_poll(&app, &ivanov, p["id"].as_str().unwrap()).await;
        assert_eq!(
            status_code(&reply),
            err(StatusCode::CONFLICT, "order_conflict")
        );
    }
    assert_eq!(refund_list(&app, &ivanov).await.len(), before);
}

/// Every amount and every sum stays within `Tiyn::MAX_AMOUNT` (exact as a JavaScript number):
/// never overflowed, refused with a code of its own.
#[tokio::test]
async fn amounts_out_of_range_are_refused_with_their_own_code_never_overflowed() {
    let (_, app) = dev_app();
    let max = zeinet_domain::Tiyn::MAX_AMOUNT.0 as u64;
    let set = |id: &'static str, tiyn: u64| {
        let app = app.clone();
        async move {
            let path = format!("/__dev/payment-orders/{id}");
            call(
                &app,
                "PUT",
                &path,
                Some(json!({ "available_tiyn": tiyn })),
                None,
            )
            .await
        }
    };
    for tiyn in [max + 1, u64::MAX] {
        let reply = set("po-49756052", tiyn).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation"),
            "{tiyn}"
        );
        assert_eq!(reply.json()["fields"]["available_tiyn"], "out_of_range");
    }
    // Two orders at the maximum each: the sum is over it.
    assert_eq!(set("po-49756052", max).await.status, StatusCode::NO_CONTENT);
    assert_eq!(set("po-49811230", max).await.status, StatusCode::NO_CONTENT);
    let ivanov = login(&app, IVANOV).await;
    let body = document_body(&["po-49756052", "po-49811230"], "card", IVANOV_KASPI_CARD);
    let reply = post(&app, DOCUMENTS, body, &ivanov).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "amount_out_of_range"),
        "{:?}",
        reply.body
    );
    // One at the maximum is fine.
    let body = document_body(&["po-49756052"], "card", IVANOV_KASPI_CARD);
    let reply = post(&app, DOCUMENTS, body, &ivanov).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
}
