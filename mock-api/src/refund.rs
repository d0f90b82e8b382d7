//! Refund of VPC amounts credited in error (seeds 004; contract: listPaymentOrders,
//! checkBankDetails, createRefundDocument, submitRefundApplication, startRefundEgov,
//! getRefundEgov). The page lists the person's refundable payment orders, checks the bank
//! requisites, asks for a document covering the ticked orders and the account, and has it
//! signed: with the signing key in NCALayer (an attached CMS sent to submit, with an
//! `Idempotency-Key`) or by eGov mobile (an eGov procedure whose accepted PUT files it).
//!
//! Documents live on the mock's dev clock (15 minutes), are single use and bound to the person;
//! they record the orders with their available amounts, and filing re-checks those: an order
//! refunded meanwhile (or whose amount changed) is a 409 `order_conflict`. Filing sets the
//! orders' available amounts to 0, so they leave the list.

use std::collections::{BTreeMap, HashMap, HashSet};

use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use base64::Engine;
use rand::RngCore;
use serde::Deserialize;
use serde_json::{json, Value};
use zeinet_domain::banks::same_bic;
use zeinet_domain::{Date, Iban, Lang, Tiyn};

use crate::cancel::SignDocument;
use crate::cms::verify_attached;
use crate::eds::decode_cms_text;
use crate::egov::{EgovProcedure, EgovState, RefundOutcome, Refusal};
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::handlers::{Client, SessionUser};
use crate::model::{
    AccountType, ApplicationStatus, Bank, PaymentOrder, RefundApplication, StatusChange,
};
use crate::pki::{Pki, EMAIL_PROTECTION};
use crate::state::Store;
use crate::time::{almaty_date, format_rfc3339, format_rfc3339_almaty, now_unix};
use crate::Ctx;

/// How long a refund document may be signed and sent back.
pub const DOCUMENT_SECONDS: i64 = 15 * 60;
/// More documents than this and the oldest ones are forgotten.
pub const MAX_DOCUMENTS: usize = 10_000;
/// Used or expired documents are remembered this long (`startRefundEgov` answers 410, not 404).
const KEEP_SECONDS: i64 = 10 * 60;
/// More remembered submissions than this and the oldest ones are forgotten.
pub const MAX_IDEMPOTENCY_KEYS: usize = 10_000;
/// The longest `Idempotency-Key` (the contract's maxLength).
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 200;
/// How long a request waits for another one with its key to finish (then it goes on alone).
const IN_FLIGHT_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

// ---- the orders ------------------------------------------------------------------------------

/// A refund application still counts (pending or done) unless refused or cancelled: its orders
/// are taken.
fn holds_orders(r: &RefundApplication) -> bool {
    !matches!(
        r.status,
        ApplicationStatus::Refused | ApplicationStatus::CancelledByApplicant
    )
}

/// Whether order `number` of `iin` is in one of the person's refund applications that counts.
fn in_application(store: &Store, iin: &str, number: &str) -> bool {
    store.refund_applications.get(iin).is_some_and(|list| {
        list.iter()
            .any(|r| holds_orders(r) && r.order_numbers.iter().any(|n| n == number))
    })
}

/// Refundable: an amount is available and no application holds the order.
fn refundable(store: &Store, iin: &str, order: &PaymentOrder) -> bool {
    order.available_tiyn > 0 && !in_application(store, iin, &order.number)
}

/// The person's refundable payment orders, newest first (`GET /api/refund/payment-orders`).
pub fn refundable_orders(store: &Store, iin: &str) -> Vec<PaymentOrder> {
    store
        .payment_orders
        .get(iin)
        .map(|list| {
            list.iter()
                .filter(|o| refundable(store, iin, o))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

fn order_conflict(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, "order_conflict", message)
}

// ---- the bank requisites ----------------------------------------------------------------------

fn unprocessable(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
}

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
}

/// `account_type`: missing, null or "" → `fields.account_type = required`; a value that is not
/// the contract's enum → 400 `bad_request` (not the body's schema).
fn account_type(
    value: Option<&str>,
    fields: &mut BTreeMap<&'static str, &'static str>,
) -> Result<Option<AccountType>, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => {
            fields.insert("account_type", "required");
            Ok(None)
        }
        Some(code) => AccountType::from_code(code).map(Some).ok_or_else(|| {
            bad_request(format!(
                "account_type must be card or current, not {code:?}."
            ))
        }),
    }
}

/// `iban`: `required` or `invalid_iban` (zeinet_domain's rules: KZ, 20 characters, mod-97,
/// spaces and lower case accepted).
fn iban(value: Option<&str>, fields: &mut BTreeMap<&'static str, &'static str>) -> Option<Iban> {
    match value.filter(|v| !v.trim().is_empty()) {
        None => {
            fields.insert("iban", "required");
            None
        }
        Some(text) => match Iban::parse(text) {
            Ok(iban) => Some(iban),
            Err(_) => {
                fields.insert("iban", "invalid_iban");
                None
            }
        },
    }
}

fn bank_by_bic<'s>(store: &'s Store, bic: &str) -> Option<&'s Bank> {
    store.banks.iter().find(|b| same_bic(&b.bic, bic))
}

/// What the "bank" says of an account, after the bank code matched: the table of
/// fixtures/accounts.json (closed → `account_closed`, someone else's → `name_mismatch`);
/// any IBAN not in it is fine.
fn check_account(store: &Store, iban: &Iban, iin: &str) -> Result<(), ApiError> {
    let Some(account) = store.accounts.iter().find(|a| a.iban == iban.as_str()) else {
        return Ok(());
    };
    if account.closed {
        return Err(unprocessable(
            "account_closed",
            format!("The account {} is closed.", iban.grouped()),
        ));
    }
    if account.holder_iin != iin {
        return Err(unprocessable(
            "name_mismatch",
            "The account belongs to someone else: the refund goes to the applicant's own account.",
        ));
    }
    Ok(())
}

fn bank_mismatch_message(iban: &Iban, bank: &Bank) -> String {
    format!(
        "The IBAN's bank code {} is not the code {} of {} ({}).",
        iban.bank_code(),
        bank.iban_code,
        bank.bic,
        bank.name
    )
}

/// The contract's `BankCheck` (every field optional here: missing ones answer 422).
#[derive(Deserialize)]
pub struct BankCheckBody {
    #[serde(default)]
    bic: Option<String>,
    #[serde(default)]
    iban: Option<String>,
    #[serde(default)]
    account_type: Option<String>,
}

/// `POST /api/refund/bank-check`. In order: 400 `bad_request`, 422 `validation` (every field at
/// once), 422 `bank_mismatch`, 422 `account_closed`, 422 `name_mismatch`; else 200 `{"ok":true}`.
pub(crate) async fn bank_check(
    State(ctx): State<Ctx>,
    Extension(user): Extension<SessionUser>,
    ApiJson(body): ApiJson<BankCheckBody>,
) -> Result<Response, ApiError> {
    let store = ctx.state.lock();
    let mut fields = BTreeMap::new();
    let bank = match body.bic.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        None => {
            fields.insert("bic", "required");
            None
        }
        Some(bic) => {
            let bank = bank_by_bic(&store, bic);
            if bank.is_none() {
                fields.insert("bic", "unknown_bic");
            }
            bank
        }
    };
    let iban = iban(body.iban.as_deref(), &mut fields);
    account_type(body.account_type.as_deref(), &mut fields)?;
    let (Some(bank), Some(iban), true) = (bank, iban, fields.is_empty()) else {
        return Err(ApiError::validation(fields));
    };
    if iban.bank_code() != bank.iban_code {
        return Err(unprocessable(
            "bank_mismatch",
            bank_mismatch_message(&iban, bank),
        ));
    }
    check_account(&store, &iban, &user.iin)?;
    Ok(Json(json!({"ok": true})).into_response())
}

// ---- the documents ----------------------------------------------------------------------------

/// One payment order as a document covers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoveredOrder {
    pub id: String,
    pub number: String,
    /// The available amount when the document was issued: filing needs it unchanged.
    pub amount_tiyn: u64,
}

/// A refund document: what the person signs and what filing it will do.
#[derive(Clone, Debug)]
pub struct RefundDocument {
    pub id: String,
    pub iin: String,
    pub data: Vec<u8>,
    pub orders: Vec<CoveredOrder>,
    pub total_tiyn: u64,
    pub bank_bic: String,
    pub account_type: AccountType,
    /// Normalised.
    pub iban: String,
    pub issued: i64,
    pub expires: i64,
    used: bool,
}

/// The refund documents handed out.
#[derive(Debug, Default)]
pub struct Documents {
    all: HashMap<String, RefundDocument>,
}

/// What [`Documents::peek`] and [`Documents::take`] find.
#[derive(Debug)]
pub enum Found {
    /// Live (and, for `take`, now used).
    Live(Box<RefundDocument>),
    /// This person's, but used or expired.
    Gone,
    /// Unknown, forgotten, or another person's.
    Unknown,
}

impl Documents {
    fn make_room(&mut self, now: i64) {
        crate::bounded::make_room(
            &mut self.all,
            MAX_DOCUMENTS,
            |d| d.expires + KEEP_SECONDS > now,
            |d| d.issued,
        );
    }

    /// What the document `id` is to `iin` at `now`, leaving it as it is.
    pub fn peek(&self, id: &str, iin: &str, now: i64) -> Found {
        match self.all.get(id) {
            Some(d) if d.iin != iin => Found::Unknown,
            Some(d) if d.used || now >= d.expires => Found::Gone,
            Some(d) => Found::Live(Box::new(d.clone())),
            None => Found::Unknown,
        }
    }

    /// As [`Documents::peek`], and a live document of `iin` is used up (whatever comes next).
    pub fn take(&mut self, id: &str, iin: &str, now: i64) -> Found {
        let found = self.peek(id, iin, now);
        if let Some(d) = self.all.get_mut(id).filter(|d| d.iin == iin) {
            d.used = true;
        }
        found
    }

    pub fn len(&self) -> usize {
        self.all.len()
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }
}

fn tenge(tiyn: u64) -> String {
    let amount = Tiyn(i64::try_from(tiyn).unwrap_or(i64::MAX));
    format!("{} KZT", amount.format_number(Lang::En))
}

fn date_text(iso: &str) -> String {
    Date::parse(iso).map_or_else(|_| iso.to_owned(), Date::format)
}

fn account_type_text(t: AccountType) -> &'static str {
    match t {
        AccountType::Card => "card (Карточкалық / Карточный)",
        AccountType::Current => "current (Ағымдағы / Текущий)",
    }
}

/// Everything a document is made of, checked.
struct Draft<'a> {
    iin: &'a str,
    full_name: &'a str,
    orders: Vec<PaymentOrder>,
    /// The orders' sum, checked ([`Tiyn::sum_in_range`]).
    total: Tiyn,
    bank: Bank,
    account_type: AccountType,
    iban: Iban,
}

impl Documents {
    /// A new document at `now`.
    fn issue(&mut self, now: i64, draft: Draft<'_>) -> RefundDocument {
        self.make_room(now);
        let mut random = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut random);
        let id = crate::pki::hex(&random[..16]);
        let nonce = crate::pki::hex(&random[16..]);
        let expires = now + DOCUMENT_SECONDS;
        let total_tiyn = draft.total.0.unsigned_abs();
        let orders_text: String = draft
            .orders
            .iter()
            .map(|o| {
                format!(
                    "  № {} of {}: {}\n",
                    o.number,
                    date_text(&o.paid_on),
                    tenge(o.available_tiyn)
                )
            })
            .collect();
        let Draft {
            iin,
            full_name,
            bank,
            account_type,
            iban,
            ..
        } = &draft;
        let text = format!(
            "Zeinet: application for refund of erroneously credited VPC amounts / \
             ЖЗШ-дан қате есептелген ЕЗЖ сомаларын қайтаруға арналған өтініш / \
             Заявление на возврат ошибочно зачисленных сумм ДПВ\n\
             I, {full_name}, IIN {iin}, ask ENPF to refund the voluntary pension contributions \
             credited in error to my individual pension account under the payment orders below, \
             to my account at the bank from which they were paid.\n\
             applicant IIN: {iin}\n\
             applicant: {full_name}\n\
             payment orders:\n{orders_text}\
             total: {total}\n\
             currency: KZT\n\
             bank BIC: {bic}\n\
             bank BIN: {bin}\n\
             bank: {bank_name}\n\
             branch: {branch}\n\
             account type: {account_type_text}\n\
             IBAN: {iban_text}\n\
             document: {id}\n\
             nonce: {nonce}\n\
             issued: {issued}\n\
             expires: {expires_text}\n",
            total = tenge(total_tiyn),
            bic = bank.bic,
            bin = bank.bin,
            bank_name = bank.name,
            branch = bank.branch,
            account_type_text = account_type_text(*account_type),
            iban_text = iban.grouped(),
            issued = format_rfc3339_almaty(now),
            expires_text = format_rfc3339_almaty(expires),
        );
        let document = RefundDocument {
            id: id.clone(),
            iin: iin.to_string(),
            data: text.into_bytes(),
            orders: draft
                .orders
                .iter()
                .map(|o| CoveredOrder {
                    id: o.id.clone(),
                    number: o.number.clone(),
                    amount_tiyn: o.available_tiyn,
                })
                .collect(),
            total_tiyn,
            bank_bic: draft.bank.bic.clone(),
            account_type: draft.account_type,
            iban: draft.iban.as_str().to_owned(),
            issued: now,
            expires,
            used: false,
        };
        self.all.insert(id, document.clone());
        document
    }
}

/// The contract's `RefundDocumentRequest` (every field optional here: missing ones answer 422).
#[derive(Deserialize)]
pub struct DocumentBody {
    #[serde(default)]
    order_ids: Option<Vec<String>>,
    #[serde(default)]
    account_type: Option<String>,
    #[serde(default)]
    iban: Option<String>,
}

/// The person's orders of `ids` (repeats dropped, order kept), or the field's error code.
fn own_orders(store: &Store, iin: &str, ids: &[String]) -> Result<Vec<PaymentOrder>, &'static str> {
    let mine = store.payment_orders.get(iin);
    let mut orders: Vec<PaymentOrder> = Vec::new();
    for id in ids {
        if orders.iter().any(|o| &o.id == id) {
            continue;
        }
        let order = mine
            .and_then(|list| list.iter().find(|o| &o.id == id))
            .ok_or("unknown_order")?;
        orders.push(order.clone());
    }
    if orders.is_empty() {
        return Err("required");
    }
    if orders.iter().any(|o| o.bank_bic != orders[0].bank_bic) {
        return Err("mixed_banks");
    }
    Ok(orders)
}

/// `POST /api/refund/documents`. In order: 400 `bad_request`, 422 `validation` (every field at
/// once: `order_ids` required / unknown_order / mixed_banks, `iban` required / invalid_iban /
/// bank_mismatch, `account_type` required), 422 `account_closed` / `name_mismatch` (the bank
/// check again), 409 `order_conflict`, 422 `amount_out_of_range` (the orders' sum over
/// `Tiyn::MAX_AMOUNT`); else 200 with the document.
pub(crate) async fn create_document(
    State(ctx): State<Ctx>,
    Extension(user): Extension<SessionUser>,
    ApiJson(body): ApiJson<DocumentBody>,
) -> Result<Json<SignDocument>, ApiError> {
    let mut store = ctx.state.lock();
    let mut fields = BTreeMap::new();
    let ids = body.order_ids.unwrap_or_default();
    let orders = match own_orders(&store, &user.iin, &ids) {
        Ok(orders) => Some(orders),
        Err(code) => {
            fields.insert("order_ids", code);
            None
        }
    };
    let iban = iban(body.iban.as_deref(), &mut fields);
    let account_type = account_type(body.account_type.as_deref(), &mut fields)?;
    let bank = orders
        .as_ref()
        .and_then(|orders| bank_by_bic(&store, &orders[0].bank_bic))
        .cloned();
    if let (Some(iban), Some(bank)) = (&iban, &bank) {
        if iban.bank_code() != bank.iban_code {
            fields.insert("iban", "bank_mismatch");
        }
    }
    let (Some(orders), Some(iban), Some(account_type), Some(bank), true) =
        (orders, iban, account_type, bank, fields.is_empty())
    else {
        return Err(ApiError::validation(fields));
    };
    check_account(&store, &iban, &user.iin)?;
    if let Some(taken) = orders.iter().find(|o| !refundable(&store, &user.iin, o)) {
        return Err(order_conflict(format!(
            "Payment order {} is already in a refund application (or has nothing left to refund).",
            taken.number
        )));
    }
    // Checked, step by step: a sum past the range is refused, never wrapped or saturated.
    let Some(total) = Tiyn::sum_in_range(orders.iter().map(|o| o.available_tiyn)) else {
        return Err(unprocessable(
            "amount_out_of_range",
            "The orders' sum is beyond what can be refunded online.",
        ));
    };
    let full_name = store
        .users
        .get(&user.iin)
        .map(|u| u.full_name.clone())
        .unwrap_or_default();
    let now = store.registrations.now();
    let document = store.refund_documents.issue(
        now,
        Draft {
            iin: &user.iin,
            full_name: &full_name,
            orders,
            total,
            bank,
            account_type,
            iban,
        },
    );
    drop(store);
    Ok(Json(SignDocument {
        document_id: document.id,
        data: base64::engine::general_purpose::STANDARD.encode(document.data),
        expires_at: format_rfc3339(document.expires),
    }))
}

// ---- filing -------------------------------------------------------------------------------------

/// Files `doc` at `now`: re-checks every order (still the person's, the same amount available,
/// in no application), then a new application (accepted today, first in the list) and the
/// orders' available amounts set to 0. 409 `order_conflict` otherwise, and nothing changes.
pub(crate) fn file(
    store: &mut Store,
    doc: &RefundDocument,
    now: i64,
) -> Result<RefundApplication, ApiError> {
    for covered in &doc.orders {
        let order = store
            .payment_orders
            .get(&doc.iin)
            .and_then(|list| list.iter().find(|o| o.id == covered.id));
        let ok = order.is_some_and(|o| {
            o.available_tiyn == covered.amount_tiyn && refundable(store, &doc.iin, o)
        });
        if !ok {
            return Err(order_conflict(format!(
                "Payment order {} was refunded or changed since the document was made: \
                 build the document again.",
                covered.number
            )));
        }
    }
    let today = almaty_date(now);
    let number = store.next_refund_number;
    store.next_refund_number += 1;
    let application = RefundApplication {
        id: format!("rf-{number}"),
        owner_iin: doc.iin.clone(),
        number: number.to_string(),
        filed_on: today.clone(),
        order_numbers: doc.orders.iter().map(|o| o.number.clone()).collect(),
        total_tiyn: doc.total_tiyn,
        iban_last4: doc.iban[doc.iban.len() - 4..].to_owned(),
        status: ApplicationStatus::Accepted,
        history: vec![StatusChange {
            status: ApplicationStatus::Accepted,
            at: today,
        }],
    };
    if let Some(list) = store.payment_orders.get_mut(&doc.iin) {
        for order in list
            .iter_mut()
            .filter(|o| doc.orders.iter().any(|c| c.id == o.id))
        {
            order.available_tiyn = 0;
        }
    }
    store
        .refund_applications
        .entry(doc.iin.clone())
        .or_default()
        .insert(0, application.clone());
    eprintln!(
        "refund: application {} of {} filed ({} orders, {} tiyn)",
        application.number,
        crate::redact::mask_iin(&doc.iin),
        doc.orders.len(),
        doc.total_tiyn
    );
    Ok(application)
}

/// The accepted PUT of a refund procedure (`egov.rs`, after the CMS checks: the person's signing
/// key over this document): uses up the document and files it, exactly once per procedure.
/// 404/409/410 as the phone's other refusals; 410 `expired` (and the procedure with it) when
/// the document was used up meanwhile (e.g. submitted with NCALayer); 409 `order_conflict`
/// when an order was refunded meanwhile (the procedure is then over: its poll answers 409).
pub(crate) fn file_by_egov(
    store: &mut Store,
    procedure: &str,
    document_id: &str,
    iin: &str,
    now: i64,
) -> Result<(), ApiError> {
    // Signed, rejected or expired while the CMS was being checked?
    store
        .egov
        .document(procedure, now)
        .map_err(Refusal::error)?;
    let doc = match store.refund_documents.take(document_id, iin, now) {
        Found::Live(doc) => doc,
        Found::Gone | Found::Unknown => {
            store.egov.expire(procedure, now);
            return Err(Refusal::Expired.error());
        }
    };
    let outcome = match file(store, &doc, now) {
        Ok(application) => RefundOutcome::Filed(application),
        Err(e) => RefundOutcome::Conflict(e.message),
    };
    store
        .egov
        .finish_refund(procedure, iin, outcome.clone(), now)
        .map_err(Refusal::error)?;
    match outcome {
        RefundOutcome::Filed(_) => Ok(()),
        RefundOutcome::Conflict(message) => Err(order_conflict(message)),
    }
}

// ---- submission with NCALayer ---------------------------------------------------------------------

/// A filed submission: the body it came with and the answer.
#[derive(Debug, Clone)]
struct Remembered {
    body: Value,
    application: RefundApplication,
    at: i64,
}

/// Filed submissions by (IIN, Idempotency-Key). Only a 201 is remembered: a refused attempt
/// leaves its key free for the next one.
#[derive(Debug, Default)]
pub struct Idempotency {
    done: HashMap<(String, String), Remembered>,
    /// Keys whose first request is being processed.
    in_flight: HashSet<(String, String)>,
}

/// What an `Idempotency-Key` says about a request.
enum Replay {
    /// Not seen: go on.
    New,
    /// The same body again: the same answer.
    Same(RefundApplication),
    /// Another body.
    Mismatch,
}

impl Idempotency {
    fn replay(&self, iin: &str, key: &str, body: &Value) -> Replay {
        match self.done.get(&(iin.to_owned(), key.to_owned())) {
            None => Replay::New,
            Some(r) if &r.body == body => Replay::Same(r.application.clone()),
            Some(_) => Replay::Mismatch,
        }
    }

    fn remember(
        &mut self,
        iin: &str,
        key: &str,
        body: Value,
        application: RefundApplication,
        now: i64,
    ) {
        if self.done.len() >= MAX_IDEMPOTENCY_KEYS {
            if let Some(oldest) = self
                .done
                .iter()
                .min_by_key(|(_, r)| r.at)
                .map(|(k, _)| k.clone())
            {
                self.done.remove(&oldest);
            }
        }
        self.done.insert(
            (iin.to_owned(), key.to_owned()),
            Remembered {
                body,
                application,
                at: now,
            },
        );
    }

    /// Marks the key as being processed; `false` if it already is.
    fn start(&mut self, iin: &str, key: &str) -> bool {
        self.in_flight.insert((iin.to_owned(), key.to_owned()))
    }

    fn finish(&mut self, iin: &str, key: &str) {
        self.in_flight.remove(&(iin.to_owned(), key.to_owned()));
    }

    pub fn len(&self) -> usize {
        self.done.len()
    }

    pub fn is_empty(&self) -> bool {
        self.done.is_empty()
    }

    /// How many keys are being processed now.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }
}

/// The contract's `SignedDocument` (both fields optional here: missing ones answer 422).
#[derive(Deserialize)]
struct SignedDocumentBody {
    #[serde(default)]
    document_id: Option<String>,
    #[serde(default)]
    cms: Option<String>,
}

fn created(application: RefundApplication) -> Response {
    (StatusCode::CREATED, Json(application)).into_response()
}

/// `POST /api/refund/applications` (header `Idempotency-Key`, body `SignedDocument`). In order:
/// 400 `idempotency_key_required` (missing, blank or over 200 characters), 400 `bad_request`,
/// the key: the same body as a filed submission of this person → that 201 again, another body
/// → 409 `idempotency_mismatch` (a request whose key is being processed waits for it, so a
/// retry that overtakes a slow first attempt gets its answer); then [`submit_checked`].
pub(crate) async fn submit(
    State(ctx): State<Ctx>,
    Extension(user): Extension<SessionUser>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, ApiError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.chars().count() <= MAX_IDEMPOTENCY_KEY_CHARS)
        .map(str::to_owned)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "idempotency_key_required",
                "Send an Idempotency-Key header (1–200 characters, e.g. a UUID) with each \
                 submission; a retry reuses it.",
            )
        })?;
    let ApiJson(raw) = ApiJson::<Value>::from_request(request, &()).await?;
    let body: SignedDocumentBody = serde_json::from_value(raw.clone())
        .map_err(|e| bad_request(format!("Not a SignedDocument: {e}")))?;

    let waited_since = std::time::Instant::now();
    loop {
        let replay = {
            let mut store = ctx.state.lock();
            match store.refund_idempotency.replay(&user.iin, &key, &raw) {
                Replay::New
                    if !store.refund_idempotency.start(&user.iin, &key)
                        && waited_since.elapsed() < IN_FLIGHT_WAIT =>
                {
                    None
                }
                replay => Some(replay),
            }
        };
        match replay {
            None => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
            Some(Replay::New) => break,
            Some(Replay::Same(application)) => return Ok(created(application)),
            Some(Replay::Mismatch) => {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "idempotency_mismatch",
                    "This Idempotency-Key was used with another body: a new submission needs a \
                     new key.",
                ))
            }
        }
    }

    // Frees the key however this ends, a connection dropped mid-way included (the future is
    // then dropped at an await): a retry is answered at once, not after IN_FLIGHT_WAIT.
    let in_flight = InFlight {
        ctx: &ctx,
        iin: &user.iin,
        key: &key,
    };
    let application = submit_checked(&ctx, &user.iin, &body).await?;
    {
        // Remembered before the key is released: a waiting retry then finds the answer.
        let mut store = ctx.state.lock();
        let now = store.registrations.now();
        store
            .refund_idempotency
            .remember(&user.iin, &key, raw, application.clone(), now);
    }
    drop(in_flight);
    Ok(created(application))
}

/// A key being processed, released when dropped.
struct InFlight<'a> {
    ctx: &'a Ctx,
    iin: &'a str,
    key: &'a str,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.ctx
            .state
            .lock()
            .refund_idempotency
            .finish(self.iin, self.key);
    }
}

/// The checks of a submission and the filing, in order: 422 `validation`, 410
/// `document_expired` (unknown, used, expired or another person's; a live document is used up
/// from here on, whatever the answer), 400 `invalid_cms`, 422 `invalid_signature` /
/// `wrong_key_usage` / `signer_mismatch`, 409 `order_conflict`.
async fn submit_checked(
    ctx: &Ctx,
    iin: &str,
    body: &SignedDocumentBody,
) -> Result<RefundApplication, ApiError> {
    let document = {
        let mut store = ctx.state.lock();
        let document_id = body.document_id.clone().unwrap_or_default();
        let mut fields = BTreeMap::new();
        if document_id.trim().is_empty() {
            fields.insert("document_id", "required");
        }
        if body.cms.as_deref().unwrap_or_default().trim().is_empty() {
            fields.insert("cms", "required");
        }
        if !fields.is_empty() {
            return Err(ApiError::validation(fields));
        }
        let now = store.registrations.now();
        match store.refund_documents.take(&document_id, iin, now) {
            Found::Live(document) => document,
            Found::Gone | Found::Unknown => {
                return Err(ApiError::new(
                    StatusCode::GONE,
                    "document_expired",
                    "Unknown, used or expired refund document: build it again.",
                ))
            }
        }
    };

    let invalid_cms = |m: String| ApiError::new(StatusCode::BAD_REQUEST, "invalid_cms", m);
    let der = decode_cms_text(body.cms.as_deref().unwrap_or_default())
        .ok_or_else(|| invalid_cms("cms is not base64.".into()))?;
    let pki = Pki::get().await;
    // The certificate's validity against the real time; RSA and DER off the async threads.
    let real_now = now_unix();
    let verified =
        match tokio::task::spawn_blocking(move || verify_attached(&der, &pki.ca, real_now)).await {
            Ok(verified) => verified,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };
    let verified = match verified {
        Ok(v) => v,
        Err(e) if e.is_malformed() => return Err(invalid_cms(e.to_string())),
        Err(e) => return Err(unprocessable("invalid_signature", e.to_string())),
    };
    if verified.content != document.data {
        return Err(unprocessable(
            "invalid_signature",
            "The signed content is not this refund document.",
        ));
    }
    if !verified.has_eku(EMAIL_PROTECTION) {
        return Err(unprocessable(
            "wrong_key_usage",
            "Not a signing key (RSA256, extended key usage emailProtection 1.3.6.1.5.5.7.3.4): \
             sign with the key for signing documents, not the AUTH key.",
        ));
    }
    if verified.signer_iin != iin {
        return Err(unprocessable(
            "signer_mismatch",
            "The certificate's IIN is not the applicant's: the person logged in must sign.",
        ));
    }
    let mut store = ctx.state.lock();
    let now = store.registrations.now();
    file(&mut store, &document, now)
}

// ---- signing with eGov mobile -------------------------------------------------------------------

/// The contract's `RefundEgovStart`.
#[derive(Deserialize)]
pub struct EgovStartBody {
    document_id: String,
}

fn document_expired() -> ApiError {
    ApiError::new(
        StatusCode::GONE,
        "document_expired",
        "Used or expired refund document: build it again.",
    )
}

/// `POST /api/refund/egov {"document_id"}`: 400 `bad_request` (no `document_id`), 404 (unknown
/// or another person's document), 410 `document_expired` (used or expired), 429
/// `too_many_requests` (this client holds its quota of procedures); else 200 with a
/// procedure (3 minutes, never past the document's expiry) whose document to sign is the
/// refund document, bound to this session (only a hash of its id is kept). Starting one does
/// not use the document up: signing does.
pub(crate) async fn egov_start(
    State(ctx): State<Ctx>,
    Extension(user): Extension<SessionUser>,
    Client(client): Client,
    headers: HeaderMap,
    ApiJson(body): ApiJson<EgovStartBody>,
) -> Result<Json<EgovProcedure>, ApiError> {
    // The session the auth layer let through: the procedure is this session's.
    let session = &user.session;
    let mut store = ctx.state.lock();
    let now = store.registrations.now();
    let document = match store
        .refund_documents
        .peek(&body.document_id, &user.iin, now)
    {
        Found::Live(document) => document,
        Found::Gone => return Err(document_expired()),
        Found::Unknown => return Err(ApiError::not_found()),
    };
    // Counted per client with the log-in procedures: a session asking for codes without end
    // gets 429 and evicts no one else's.
    let opened = store.egov.open_refund(
        now,
        document.data.clone(),
        document.expires,
        &document.id,
        &user.iin,
        session,
        &client,
    );
    drop(store);
    let (id, expires) =
        opened.map_err(|until| crate::eds::too_many_open("procedures", now, until))?;
    Ok(Json(crate::egov::procedure(&headers, id, expires)))
}

/// `GET /api/refund/egov/{id}`: `{"state"}`, and once `signed` the filed `application` (on every
/// poll); 409 `order_conflict` when the phone signed but an order had been refunded meanwhile
/// (nothing was filed); 404 for an unknown id, a log-in procedure, another person's, or one
/// opened by another session (even of the same person).
pub(crate) async fn egov_poll(
    State(ctx): State<Ctx>,
    Extension(user): Extension<SessionUser>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let store = ctx.state.lock();
    let now = store.registrations.now();
    let (state, outcome) = store
        .egov
        .poll_refund(&id, &user.iin, &user.session, now)
        .ok_or_else(ApiError::not_found)?;
    drop(store);
    match (state, outcome) {
        (EgovState::Signed, Some(RefundOutcome::Filed(application))) => {
            Ok(Json(json!({"state": state, "application": application})).into_response())
        }
        (EgovState::Signed, Some(RefundOutcome::Conflict(message))) => Err(order_conflict(message)),
        _ => Ok(Json(json!({"state": state})).into_response()),
    }
}

// ---- development ----------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentOrderBody {
    #[serde(default)]
    available_tiyn: Option<u64>,
}

/// `PUT /__dev/payment-orders/{id} {"available_tiyn": n}`: the fund refunded (part of) an order
/// meanwhile (anyone's). 204; 404 unknown id; 422 `validation` (`fields.available_tiyn =
/// required`, or `out_of_range` over `Tiyn::MAX_AMOUNT`); 400 for an unknown field or a
/// negative amount.
pub(crate) async fn dev_payment_order(
    State(ctx): State<Ctx>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<PaymentOrderBody>,
) -> Result<StatusCode, ApiError> {
    let mut store = ctx.state.lock();
    let order = store
        .payment_orders
        .values_mut()
        .flat_map(|list| list.iter_mut())
        .find(|o| o.id == id)
        .ok_or_else(ApiError::not_found)?;
    let Some(available) = body.available_tiyn else {
        let mut fields = BTreeMap::new();
        fields.insert("available_tiyn", "required");
        return Err(ApiError::validation(fields));
    };
    if !Tiyn(i64::try_from(available).unwrap_or(i64::MAX)).in_range() {
        let mut fields = BTreeMap::new();
        fields.insert("available_tiyn", "out_of_range");
        return Err(ApiError::validation(fields));
    }
    order.available_tiyn = available;
    eprintln!(
        "dev: payment order {} now has {available} tiyn available",
        order.number
    );
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{AppState, Fixtures};

    const IVANOV: &str = "900101300007";

    /// The test accounts of fixtures/accounts.json are what zeinet_domain makes of their BBANs:
    /// valid mod-97, normalised, and the bank code of their bank in banks.json.
    #[test]
    fn test_accounts_are_valid_ibans_of_their_banks() {
        let f = Fixtures::builtin().unwrap();
        let expected = [
            ("7225000000680371", "CASPKZKA", IVANOV, false),
            ("6010002000300007", "HSBKKZKX", IVANOV, false),
            ("856KZT1000300007", "KCJBKZKX", IVANOV, false),
            ("7225000000100007", "CASPKZKA", IVANOV, true),
            ("7225000000300823", "CASPKZKA", "900101300823", false),
            ("6010002000300811", "HSBKKZKX", "900101300811", false),
        ];
        assert_eq!(f.accounts.len(), expected.len());
        for (a, (bban, bic, holder, closed)) in f.accounts.iter().zip(expected) {
            let iban = Iban::with_check_digits(bban).unwrap();
            assert_eq!(a.iban, iban.as_str(), "{bban}");
            assert_eq!(Iban::parse(&a.iban).unwrap(), iban);
            let bank = f.banks.iter().find(|b| b.bic == bic).unwrap();
            assert_eq!(iban.bank_code(), bank.iban_code, "{bban}");
            assert_eq!(
                (a.bank_bic.as_str(), a.holder_iin.as_str(), a.closed),
                (bic, holder, closed)
            );
            // Lower case and spaces, as people type it.
            let typed = iban.grouped().to_lowercase();
            assert_eq!(Iban::parse(&typed).unwrap(), iban);
        }
        // The memo's placeholder fails the check; its account with the right digits passes.
        assert!(Iban::parse("KZ397225000000680371").is_err());
        assert_eq!(f.accounts[0].iban, "KZ327225000000680371");
    }

    #[test]
    fn listing_hides_empty_and_taken_orders() {
        let state = AppState::from_fixtures();
        let store = state.lock();
        let listed: Vec<String> = refundable_orders(&store, IVANOV)
            .into_iter()
            .map(|o| o.number)
            .collect();
        assert_eq!(
            listed,
            ["50377702", "50233981", "50102417", "49811230", "49756052"]
        );
        // 48820011: nothing left (refunded, rf-7000315); 50011873/4: in rf-7000498 (accepted).
        assert_eq!(store.payment_orders[IVANOV].len(), 8);
        assert!(refundable_orders(&store, "900101300017").is_empty());
        assert_eq!(refundable_orders(&store, "900101300811").len(), 2);
    }

    #[test]
    fn documents_are_bound_single_use_and_expire() {
        let state = AppState::from_fixtures();
        let store = state.lock();
        let orders: Vec<PaymentOrder> = store.payment_orders[IVANOV]
            .iter()
            .filter(|o| o.bank_bic == "CASPKZKA" && o.available_tiyn > 0)
            .cloned()
            .collect();
        let bank = bank_by_bic(&store, "caspkzka").unwrap().clone();
        drop(store);
        let total = Tiyn::sum_in_range(orders.iter().map(|o| o.available_tiyn)).unwrap();
        let draft = || Draft {
            iin: IVANOV,
            full_name: "Иванов Иван Иванович",
            orders: orders.clone(),
            total,
            bank: bank.clone(),
            account_type: AccountType::Card,
            iban: Iban::parse("kz32 7225 0000 0068 0371").unwrap(),
        };
        let mut d = Documents::default();
        let doc = d.issue(1000, draft());
        assert_eq!(doc.expires, 1000 + DOCUMENT_SECONDS);
        assert_eq!(doc.total_tiyn, 50_000 + 1_250_000);
        let text = String::from_utf8(doc.data.clone()).unwrap();
        for part in [
            doc.id.as_str(),
            "IIN 900101300007",
            "Иванов Иван Иванович",
            "№ 49756052 of 12.06.2026: 500.00 KZT",
            "№ 49811230 of 03.07.2026: 12,500.00 KZT",
            "total: 13,000.00 KZT",
            "bank BIC: CASPKZKA",
            "bank BIN: 971240001315",
            "АО \"KASPI BANK\"",
            "account type: card",
            "IBAN: KZ32 7225 0000 0068 0371",
            "nonce: ",
        ] {
            assert!(text.contains(part), "{part:?} in {text}");
        }
        assert!(matches!(d.peek(&doc.id, IVANOV, 1001), Found::Live(_)));
        assert!(matches!(
            d.peek(&doc.id, "900101300811", 1001),
            Found::Unknown
        ));
        // Another person's take does not use it up.
        assert!(matches!(
            d.take(&doc.id, "900101300811", 1001),
            Found::Unknown
        ));
        assert!(matches!(d.take(&doc.id, IVANOV, 1001), Found::Live(_)));
        assert!(matches!(d.take(&doc.id, IVANOV, 1001), Found::Gone));
        assert!(matches!(d.peek(&doc.id, IVANOV, 1001), Found::Gone));
        let doc = d.issue(2000, draft());
        assert!(matches!(
            d.peek(&doc.id, IVANOV, 2000 + DOCUMENT_SECONDS),
            Found::Gone
        ));
        // Forgotten a while after expiry.
        d.issue(2000 + DOCUMENT_SECONDS + KEEP_SECONDS, draft());
        assert!(matches!(d.peek(&doc.id, IVANOV, 5000), Found::Unknown));
        assert_eq!(d.len(), 1);
    }
}
