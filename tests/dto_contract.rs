//! The frontend's types against the mock's real answers: every response the pages decode is
//! fetched from the mock (which `mock-api/tests/contract.rs` checks against the OpenAPI
//! document) and decoded with the same `decode` the browser uses. A renamed or retyped field on
//! either side fails here.
#![cfg(not(target_arch = "wasm32"))]

use axum::body::{to_bytes, Body};
use axum::http::{header, Request};
use mock_api::{app, AppState, Options};
use tower::ServiceExt;
use zeinet::api::{
    self,
    applications::{ApplicationDetails, ApplicationSummary, SignDocument},
    auth::Profile,
    refund::RefundApplication,
    status::Status,
    ApiError,
};

/// The mock with one browser's cookie jar (name → value), as the page's fetches send them.
struct Mock {
    router: axum::Router,
    cookies: std::collections::BTreeMap<String, String>,
}

impl Mock {
    fn new() -> Self {
        let options = Options {
            log_requests: false,
            ..Options::default()
        };
        Mock {
            router: app(AppState::from_fixtures(), options),
            cookies: Default::default(),
        }
    }

    /// Another browser at the same backend: the same data, no cookies.
    fn stranger(&self) -> Mock {
        Mock {
            router: self.router.clone(),
            cookies: Default::default(),
        }
    }

    async fn send(&mut self, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
        let mut request = Request::builder().method(method).uri(path);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            request = request.header(header::COOKIE, jar.join("; "));
        }
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let request = request
            .body(Body::from(body.unwrap_or("").to_owned()))
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        for set_cookie in response.headers().get_all(header::SET_COOKIE) {
            let set_cookie = set_cookie.to_str().unwrap();
            let pair = set_cookie.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || set_cookie.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.status().as_u16();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    async fn get<T: serde::de::DeserializeOwned>(&mut self, path: &str) -> Result<T, ApiError> {
        let (status, text) = self.send("GET", path, None).await;
        api::decode(status, text.as_bytes())
    }

    async fn log_in(&mut self, iin: &str) -> Profile {
        let body = format!(r#"{{"iin":"{iin}","password":"Zeinet-2026!"}}"#);
        let (status, text) = self.send("POST", "/api/auth/password", Some(&body)).await;
        api::decode(status, text.as_bytes()).expect("log-in decodes as Profile")
    }
}

#[tokio::test]
async fn every_answer_the_pages_read_decodes_into_the_frontend_types() {
    let mut mock = Mock::new();
    let status: Status = mock.get("/api/status").await.unwrap();
    assert!(!status.maintenance);

    let (code, text) = mock
        .send(
            "POST",
            "/api/register/start",
            Some(r#"{"iin":"900101300823","phone":"+77070000823"}"#),
        )
        .await;
    let sms: api::auth::SmsChallenge = api::decode(code, text.as_bytes()).unwrap();
    assert_eq!(sms.resend_after_seconds, 60);
    let (code, text) = mock
        .send("POST", "/api/auth/eds/challenge", Some("{}"))
        .await;
    let challenge: api::auth::EdsChallenge = api::decode(code, text.as_bytes()).unwrap();
    assert!(!challenge.data.is_empty() && !challenge.challenge_id.is_empty());

    let profile = mock.log_in("900101300007").await;
    assert_eq!(profile.full_name, "Иванов Иван Иванович");
    let session: Profile = mock.get("/api/session").await.unwrap();
    assert_eq!(session, profile);
    let status: api::auth::SessionStatus = mock.get("/api/session/status").await.unwrap();
    assert_eq!(
        (status.authenticated, status.profile),
        (true, Some(profile.clone()))
    );

    let applications: Vec<ApplicationSummary> = mock
        .get::<serde_json::Value>("/api/applications")
        .await
        .map(|v| serde_json::from_value::<Vec<ApplicationSummary>>(v["items"].clone()).unwrap())
        .unwrap();
    assert!(applications.len() > 20);
    assert!(applications
        .iter()
        .any(|a| a.number == "188041" && a.kind == "housing_lump_sum"));

    // Every application's details, as the disclosure rows read them.
    for summary in &applications {
        let details: ApplicationDetails = mock
            .get(&format!("/api/applications/{}", summary.id))
            .await
            .unwrap();
        assert_eq!(details.summary(), *summary);
        assert_eq!(
            details.history.last().map(|h| h.status.as_str()),
            Some(summary.status.as_str())
        );
    }
    let (status, text) = mock
        .send(
            "POST",
            "/api/applications/app-1210789/cancel/document",
            None,
        )
        .await;
    let document: SignDocument = api::decode(status, text.as_bytes()).unwrap();
    assert!(!document.document_id.is_empty() && !document.data.is_empty());

    let orders: Vec<api::refund::PaymentOrder> = mock
        .get::<serde_json::Value>("/api/refund/payment-orders")
        .await
        .map(|v| serde_json::from_value(v["items"].clone()).unwrap())
        .unwrap();
    assert!(orders
        .iter()
        .any(|o| o.number == "49756052" && o.available_tiyn == 50_000));
    let banks: Vec<api::refund::Bank> = mock
        .get::<serde_json::Value>("/api/banks")
        .await
        .map(|v| serde_json::from_value(v["items"].clone()).unwrap())
        .unwrap();
    assert!(banks
        .iter()
        .any(|b| b.bic == "CASPKZKA" && b.iban_code == "722"));

    let refunds: Vec<RefundApplication> = mock
        .get::<serde_json::Value>("/api/refund/applications")
        .await
        .map(|v| serde_json::from_value::<Vec<RefundApplication>>(v["items"].clone()).unwrap())
        .unwrap();
    assert!(!refunds.is_empty());
    assert!(refunds.iter().all(|r| r.iban_last4.len() == 4));
}

/// The eGov log-in as the page makes it: start, poll until signed, take the session once.
#[tokio::test]
async fn the_egov_log_in_decodes_into_the_frontend_types() {
    let mut mock = Mock::new();
    let (status, text) = mock.send("POST", "/api/auth/egov", Some("null")).await;
    let procedure: api::auth::EgovProcedure = api::decode(status, text.as_bytes()).unwrap();
    assert!(mock.cookies.contains_key("zeinet_egov"));
    let phone = mock_api::egov::Transport::InProcess(mock.router.clone());
    mock_api::egov::play_phone(&phone, &procedure.mobile_link, "900101300007")
        .await
        .expect("the phone signs");
    let poll = format!("/api/auth/egov/{}", procedure.id);
    let session = format!("{poll}/session");
    let state: api::auth::EgovLoginState = mock.get(&poll).await.unwrap();
    assert_eq!(state.state, "signed");
    assert!(
        !mock.cookies.contains_key("zeinet_session"),
        "a poll never logs in"
    );
    // A stranger with the id: 404 for the poll and the session, nothing used up.
    let mut stranger = mock.stranger();
    let (status, text) = stranger.send("POST", &session, Some("null")).await;
    assert_eq!(
        api::decode::<api::auth::EgovLoginSession>(status, text.as_bytes()),
        Err(ApiError::NotFound)
    );
    assert!(stranger.cookies.is_empty());
    let (status, text) = mock.send("POST", &session, Some("null")).await;
    let answer: api::auth::EgovLoginSession = api::decode(status, text.as_bytes()).unwrap();
    assert_eq!(answer.profile.iin, "900101300007");
    assert!(mock.cookies.contains_key("zeinet_session"));
    let me: Profile = mock.get("/api/session").await.unwrap();
    assert_eq!(me, answer.profile);
    // Once only.
    let (status, text) = mock.send("POST", &session, Some("null")).await;
    assert_eq!(
        api::decode::<api::auth::EgovLoginSession>(status, text.as_bytes()),
        Err(ApiError::Conflict {
            code: "already_used".into()
        })
    );
}

#[tokio::test]
async fn the_error_answers_map_onto_the_right_variants() {
    let mut mock = Mock::new();
    // Nobody logged in: the status operation says so with a 200, never an error.
    let status: api::auth::SessionStatus = mock.get("/api/session/status").await.unwrap();
    assert_eq!((status.authenticated, status.profile), (false, None));
    assert_eq!(
        mock.get::<Profile>("/api/session").await,
        Err(ApiError::Unauthorized {
            code: "unauthenticated".into()
        })
    );
    let (status, text) = mock
        .send(
            "POST",
            "/api/auth/password",
            Some(r#"{"iin":"900101300007","password":"wrong"}"#),
        )
        .await;
    assert_eq!(
        api::decode::<Profile>(status, text.as_bytes()),
        Err(ApiError::Unauthorized {
            code: "invalid_credentials".into()
        })
    );
    let (status, text) = mock
        .send(
            "POST",
            "/api/auth/password",
            Some(r#"{"iin":"123","password":""}"#),
        )
        .await;
    let Err(ApiError::Validation { fields, .. }) = api::decode::<Profile>(status, text.as_bytes())
    else {
        panic!("expected a validation error, got {status} {text}");
    };
    assert!(fields.contains_key("iin"), "{fields:?}");

    let (status, text) = mock.send("POST", "/api/auth/egov", Some("{}")).await;
    let procedure: api::auth::EgovProcedure = api::decode(status, text.as_bytes()).unwrap();
    assert!(procedure.qr_text.starts_with("mobileSign:"));
    assert!(procedure
        .mobile_link
        .starts_with("https://m.egov.kz/mobileSign/?link=http%3A%2F%2F"));
    let poll = format!("/api/auth/egov/{}", procedure.id);
    let session = format!("{poll}/session");
    let state: api::auth::EgovLoginState = mock.get(&poll).await.unwrap();
    assert_eq!(state.state, "created");
    // Not signed yet: the session is refused, and the page keeps polling.
    let (status, text) = mock.send("POST", &session, Some("null")).await;
    assert_eq!(
        api::decode::<api::auth::EgovLoginSession>(status, text.as_bytes()),
        Err(ApiError::Conflict {
            code: "not_signed".into()
        })
    );
    // Another browser with the id: the procedure does not exist for it.
    let mut stranger = mock.stranger();
    assert_eq!(
        stranger.get::<api::auth::EgovLoginState>(&poll).await,
        Err(ApiError::NotFound)
    );

    mock.log_in("900101300007").await;
    let (status, text) = mock
        .send("POST", "/api/refund/egov", Some(r#"{"document_id":"d"}"#))
        .await;
    assert_eq!(
        api::decode::<serde_json::Value>(status, text.as_bytes()),
        Err(ApiError::NotFound),
        "an unknown document"
    );
    let (status, text) = mock
        .send(
            "POST",
            "/api/refund/bank-check",
            Some(r#"{"bic":"CASPKZKA","iban":"KZ397225000000680371","account_type":"card"}"#),
        )
        .await;
    match api::decode::<serde_json::Value>(status, text.as_bytes()) {
        Err(ApiError::Validation { fields, .. }) => {
            assert_eq!(fields.get("iban").map(String::as_str), Some("invalid_iban"))
        }
        other => panic!("the memo's placeholder IBAN must be refused: {other:?}"),
    }
    assert_eq!(
        mock.get::<serde_json::Value>("/api/applications/does-not-exist")
            .await,
        Err(ApiError::NotFound)
    );
}
