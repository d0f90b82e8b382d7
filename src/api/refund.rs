//! Refunds of voluntary pension contributions credited in error: the orders that may be
//! refunded, the bank check, the document to sign, the submission and the filed applications.
use super::{applications::SignDocument, auth::EgovProcedure, ApiError};
use gloo_net::http::Method;
use serde::{Deserialize, Serialize};

pub use super::applications::{HistoryEntry, SignedDocument};

/// A filed refund application.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RefundApplication {
    pub id: String,
    pub number: String,
    pub filed_on: String,
    pub order_numbers: Vec<String>,
    pub total_tiyn: i64,
    pub iban_last4: String,
    pub status: String,
    pub history: Vec<HistoryEntry>,
}

/// A payment order of voluntary contributions that may be refunded.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PaymentOrder {
    pub id: String,
    pub number: String,
    /// ISO date.
    pub paid_on: String,
    pub available_tiyn: i64,
    /// The bank the payment came from; the refund goes back to it.
    pub bank_bic: String,
}

impl PaymentOrder {
    /// The order as the refund rules see it.
    pub fn rule_view(&self) -> zeinet_domain::refund::Order {
        zeinet_domain::refund::Order::new(
            &self.id,
            &self.bank_bic,
            zeinet_domain::Tiyn(self.available_tiyn),
        )
    }
}

/// A bank of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Bank {
    pub bic: String,
    pub bin: String,
    pub name: String,
    pub branch: String,
    /// IBAN characters 5–7.
    pub iban_code: String,
}

/// The requisites the refund goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requisites<'a> {
    pub bic: &'a str,
    pub iban: &'a str,
    pub account_type: &'a str,
}

/// What the application covers, for the document to sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRequest<'a> {
    pub order_ids: &'a [String],
    pub account_type: &'a str,
    pub iban: &'a str,
}

/// Where an eGov mobile signing of the refund is; the application once signed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RefundEgovState {
    pub state: String,
    #[serde(default)]
    pub application: Option<RefundApplication>,
}

#[derive(Deserialize)]
struct Items<T> {
    items: Vec<T>,
}

/// The person's refund applications.
pub async fn applications() -> Result<Vec<RefundApplication>, ApiError> {
    super::get::<Items<RefundApplication>>("/refund/applications")
        .await
        .map(|list| list.items)
}

/// The person's payment orders that may be refunded, newest first.
pub async fn payment_orders() -> Result<Vec<PaymentOrder>, ApiError> {
    super::get::<Items<PaymentOrder>>("/refund/payment-orders")
        .await
        .map(|list| list.items)
}

/// The bank directory.
pub async fn banks() -> Result<Vec<Bank>, ApiError> {
    super::get::<Items<Bank>>("/banks")
        .await
        .map(|list| list.items)
}

#[derive(Deserialize)]
struct CheckResult {
    #[allow(dead_code)]
    ok: bool,
}

/// «Банк мәліметтерін тексеру»: `Ok` when the bank confirms the account; a refusal comes as
/// [`ApiError::Validation`] with its code (`bank_mismatch`, `account_closed`, `name_mismatch`).
pub async fn check_bank(requisites: &Requisites<'_>) -> Result<(), ApiError> {
    super::post::<CheckResult, _>("/refund/bank-check", requisites)
        .await
        .map(|_| ())
}

/// The application as a document to sign (by EDS or in eGov mobile).
pub async fn document(request: &DocumentRequest<'_>) -> Result<SignDocument, ApiError> {
    super::post("/refund/documents", request).await
}

/// Files the signed application. The same `idempotency_key` (one per draft) makes a double
/// click, a retry or a second tab file it once.
pub async fn submit(
    signed: &SignedDocument<'_>,
    idempotency_key: &str,
) -> Result<RefundApplication, ApiError> {
    super::request(
        Method::POST,
        "/refund/applications",
        Some(signed),
        &[("Idempotency-Key", idempotency_key)],
    )
    .await
}

/// Opens an eGov mobile procedure for the document, bound to this session: only this session
/// may poll it (another one, even of the same person, gets 404).
pub async fn start_egov(document_id: &str) -> Result<EgovProcedure, ApiError> {
    #[derive(Serialize)]
    struct Start<'a> {
        document_id: &'a str,
    }
    super::post("/refund/egov", &Start { document_id }).await
}

/// The eGov procedure's state (and once signed the filed application), for the session that
/// opened it.
pub async fn egov_state(id: &str) -> Result<RefundEgovState, ApiError> {
    super::get(&format!(
        "/refund/egov/{}",
        js_sys::encode_uri_component(id)
    ))
    .await
}
