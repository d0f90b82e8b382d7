//! The stand-in NCALayer: a WebSocket server (plain `ws://127.0.0.1:13579/`) speaking the
//! protocol of `shared/reference/signing-protocols.md`, signing with the test PKI's keys
//! (`pki.rs`, `cms.rs`), so that the frontend's NCALayer code runs unchanged in development.
//! `main` starts it with `--dev`; the tests start it on port 0 with [`serve`].
//!
//! Who is "at the computer": the IIN in `signerParams.iin` when given and known, else the one
//! chosen with `PUT /__dev/ncalayer` (default [`DEFAULT_IIN`]). Which key: by the requested
//! usage (clientAuth → the AUTH_RSA256 key, emailProtection → the RSA256 signing key).
//! `PUT /__dev/ncalayer` also makes it misbehave like a person or a broken NCALayer would:
//! see [`Mode`] and mock-api/README.md.

use std::time::Duration;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use base64::Engine;
use der::asn1::OctetString;
use der::oid::ObjectIdentifier;
use der::Decode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use x509_cert::ext::pkix::AuthorityKeyIdentifier;
use x509_cert::name::Name;

use crate::cms::{sign, Encapsulation};
use crate::error::{ApiError, ApiJson};
use crate::pki::{hex, KeyKind, KeyStore, Pki, CLIENT_AUTH, DEFAULT_IIN, EMAIL_PROTECTION};
use crate::state::AppState;
use crate::Ctx;

/// NCALayer's port.
pub const DEFAULT_PORT: u16 = 13579;
/// What NCALayer says first, unasked.
pub const GREETING: &str = r#"{"result":{"version":"1.4"}}"#;
/// A keep-alive some clients send; echoed.
pub const HEARTBEAT: &str = "--heartbeat--";
/// `slow` without `delay_ms`: a person typing a key password.
pub const DEFAULT_SLOW_MS: u64 = 3000;
/// The longest `delay_ms` accepted.
pub const MAX_DELAY_MS: u64 = 600_000;
/// The reply in `garbage` mode.
pub const GARBAGE: &str = "<html><body>NCALayer: internal error</body></html>";
/// The message of a `no_key` reply (there is no key of the asked usage in the storages).
pub const NO_KEY_MESSAGE: &str =
    "No key found: the allowed storages have no key of the requested key usage (storage.empty)";

const BASICS: &str = "kz.gov.pki.knca.basics";
const COMMON_UTILS: &str = "kz.gov.pki.knca.commonUtils";
const PKCS12: &str = "PKCS12";
const ID_AT_COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const ID_CE_SUBJECT_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");
const ID_CE_AUTHORITY_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.35");

/// How the stand-in answers key requests (sign, createCMSSignatureFromBase64, getKeyInfo, …).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Signs with the person's key of the asked usage.
    #[default]
    Normal,
    /// The person closes NCALayer's dialog.
    Cancel,
    /// No key of that usage in the storages.
    NoKey,
    /// The person picks their other key (signing key when AUTH was asked and vice versa).
    WrongKey,
    /// Someone else's key: the stranger's (900101300823).
    OtherPerson,
    /// NCALayer closes the socket without answering.
    CloseSocket,
    /// A reply that is not JSON.
    Garbage,
    /// Answers normally after `delay_ms` (default 3 s): a person typing a key password.
    Slow,
}

/// `PUT /__dev/ncalayer` (and `GET`): who is at the computer and how NCALayer behaves.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// The person at the computer; `null` = 900101300007.
    #[serde(default)]
    pub iin: Option<String>,
    #[serde(default)]
    pub mode: Mode,
    /// Delay before the reply to a key request (in any mode; `slow` defaults to 3000).
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// For how many key requests the mode holds (then back to `normal`); `null` = until reset.
    #[serde(default)]
    pub times: Option<u32>,
}

/// The behaviour for one key request.
#[derive(Clone, Debug)]
struct Applied {
    mode: Mode,
    delay: Option<Duration>,
    iin: String,
}

impl Control {
    /// The behaviour for the next key request, counting `times` down.
    fn take(&mut self) -> Applied {
        let delay_ms = match (self.delay_ms, self.mode) {
            (Some(ms), _) => Some(ms),
            (None, Mode::Slow) => Some(DEFAULT_SLOW_MS),
            _ => None,
        };
        let applied = Applied {
            mode: self.mode,
            delay: delay_ms.map(Duration::from_millis),
            iin: self.iin.clone().unwrap_or_else(|| DEFAULT_IIN.to_owned()),
        };
        if let Some(times) = self.times.as_mut() {
            *times = times.saturating_sub(1);
            if *times == 0 {
                self.mode = Mode::Normal;
                self.delay_ms = None;
                self.times = None;
            }
        }
        applied
    }
}

// ---- the server ------------------------------------------------------------------------------

/// The stand-in's router: a WebSocket on any path (NCALayer's is `/`).
pub fn router(state: AppState) -> Router {
    Router::new().fallback(upgrade).with_state(state)
}

/// Serves the stand-in on `listener` until the process ends.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state)).await
}

/// Starts the stand-in on 127.0.0.1:`port` in the background (0 = off). A port already taken
/// (a real NCALayer, or another mock) is a warning, not an error: the API runs on without it.
pub async fn start(port: u16, state: AppState) -> Option<std::net::SocketAddr> {
    if port == 0 {
        eprintln!("mock-api: stand-in NCALayer off (--ncalayer-port 0)");
        return None;
    }
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    match TcpListener::bind(addr).await {
        Ok(listener) => {
            eprintln!(
                "mock-api: stand-in NCALayer on ws://{addr}/ (PUT /__dev/ncalayer to steer it)"
            );
            tokio::spawn(async move {
                if let Err(e) = serve(listener, state).await {
                    eprintln!("mock-api: the stand-in NCALayer stopped: {e}");
                }
            });
            Some(addr)
        }
        Err(e) => {
            eprintln!(
                "mock-api: WARNING: cannot listen on {addr} for the stand-in NCALayer ({e}); \
                 is a real NCALayer or another mock-api running? Going on without it \
                 (choose another port with --ncalayer-port N, or 0 for none)."
            );
            None
        }
    }
}

async fn upgrade(
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
    State(state): State<AppState>,
) -> Response {
    match ws {
        Ok(ws) => ws.on_upgrade(move |socket| session(socket, state)),
        Err(_) => (
            StatusCode::UPGRADE_REQUIRED,
            "The stand-in NCALayer of mock-api: connect with a WebSocket.\n",
        )
            .into_response(),
    }
}

/// What to do with one request.
enum Outcome {
    Reply(String),
    /// Close the socket without a reply.
    Close,
}

/// One connection: the greeting, then the requests one at a time, in order (a request sent
/// before the previous reply waits in the socket until that reply has gone).
async fn session(mut socket: WebSocket, state: AppState) {
    if socket.send(Message::Text(GREETING.into())).await.is_err() {
        return;
    }
    while let Some(Ok(message)) = socket.recv().await {
        let text = match message {
            Message::Text(text) => text.as_str().to_owned(),
            Message::Binary(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => continue,
        };
        match handle(&state, &text).await {
            Outcome::Reply(reply) => {
                if socket.send(Message::Text(reply.into())).await.is_err() {
                    break;
                }
            }
            Outcome::Close => {
                let _ = socket.send(Message::Close(None)).await;
                break;
            }
        }
    }
}

fn reply(value: Value) -> Outcome {
    Outcome::Reply(value.to_string())
}

/// The reply to a request that is not a JSON object.
pub fn protocol_error() -> Value {
    json!({"success": false, "code": "COMMON_JSON_WRAPPING_EXCEPTION"})
}

pub fn module_not_found() -> Value {
    json!({"success": false, "errorCode": "MODULE_NOT_FOUND"})
}

async fn handle(state: &AppState, text: &str) -> Outcome {
    if text == HEARTBEAT {
        return Outcome::Reply(HEARTBEAT.to_owned());
    }
    let Ok(request @ Value::Object(_)) = serde_json::from_str::<Value>(text) else {
        return reply(protocol_error());
    };
    let method = request
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let args = request.get("args").cloned().unwrap_or(Value::Null);
    // Without a module NCALayer means the legacy applet module, which it no longer ships.
    match request.get("module").and_then(Value::as_str) {
        Some(BASICS) => basics(state, method, &args).await,
        Some(COMMON_UTILS) => common_utils(state, method, &args).await,
        _ => reply(module_not_found()),
    }
}

// ---- key requests --------------------------------------------------------------------------------

/// A validated request for a key: what to sign and with which kind of key.
struct KeyRequest {
    /// The bytes to sign (one per item); empty for getKeyInfo.
    items: Vec<Vec<u8>>,
    encapsulation: Encapsulation,
    kind: KeyKind,
    /// `signerParams.iin`.
    iin: Option<String>,
    /// The allowed storages include the key files (PKCS12).
    storage_ok: bool,
}

/// What came of a key request, before it is shaped for its module.
enum KeyOutcome {
    Signed(Vec<String>),
    KeyInfo(Value),
    Cancelled,
    NoKey,
    Failed(String),
    Close,
    Garbage,
}

/// Runs a key request through the dev-selected behaviour, then signs (or describes the key).
async fn run_key_request(state: &AppState, request: KeyRequest, key_info: bool) -> KeyOutcome {
    let applied = state.lock().ncalayer.take();
    if let Some(delay) = applied.delay {
        tokio::time::sleep(delay).await;
    }
    match applied.mode {
        Mode::CloseSocket => return KeyOutcome::Close,
        Mode::Garbage => return KeyOutcome::Garbage,
        Mode::Cancel => return KeyOutcome::Cancelled,
        Mode::NoKey => return KeyOutcome::NoKey,
        Mode::Normal | Mode::Slow | Mode::WrongKey | Mode::OtherPerson => {}
    }
    if !request.storage_ok {
        return KeyOutcome::NoKey;
    }
    let pki = Pki::get().await;
    let at_the_computer = request
        .iin
        .as_deref()
        .and_then(|iin| pki.identity(iin))
        .or_else(|| pki.identity(&applied.iin))
        .or_else(|| pki.identity(DEFAULT_IIN));
    let (person, kind) = match applied.mode {
        Mode::WrongKey => (at_the_computer, request.kind.other()),
        Mode::OtherPerson => (Some(pki.stranger()), request.kind),
        _ => (at_the_computer, request.kind),
    };
    let Some(person) = person else {
        return KeyOutcome::NoKey;
    };
    let store = person.key(kind);
    if key_info {
        return KeyOutcome::KeyInfo(key_info_of(store));
    }
    let encapsulation = request.encapsulation;
    let items = request.items;
    let signed = tokio::task::spawn_blocking(move || {
        items
            .iter()
            .map(|data| {
                sign(&store.key, &store.cert, data, encapsulation)
                    .map(|der| base64::engine::general_purpose::STANDARD.encode(der))
            })
            .collect::<Result<Vec<String>, String>>()
    })
    .await;
    match signed {
        Ok(Ok(cms)) => KeyOutcome::Signed(cms),
        Ok(Err(e)) => KeyOutcome::Failed(e),
        Err(e) => KeyOutcome::Failed(e.to_string()),
    }
}

/// `commonUtils.getKeyInfo`'s responseObject (field names as NCALayer's KeyInfo).
fn key_info_of(store: &KeyStore) -> Value {
    let tbs = &store.cert.tbs_certificate;
    let extension = |oid: ObjectIdentifier| {
        tbs.extensions
            .iter()
            .flatten()
            .find(|e| e.extn_id == oid)
            .map(|e| e.extn_value.as_bytes().to_vec())
    };
    let key_id = extension(ID_CE_SUBJECT_KEY_ID)
        .and_then(|der| OctetString::from_der(&der).ok())
        .map(|ski| hex(ski.as_bytes()))
        .unwrap_or_default();
    let authority_key_id = extension(ID_CE_AUTHORITY_KEY_ID)
        .and_then(|der| AuthorityKeyIdentifier::from_der(&der).ok())
        .and_then(|aki| aki.key_identifier)
        .map(|id| hex(id.as_bytes()))
        .unwrap_or_default();
    json!({
        "alias": key_id,
        "keyId": key_id,
        "algorithm": "RSA",
        "subjectCn": common_name(&tbs.subject),
        "subjectDn": tbs.subject.to_string(),
        "issuerCn": common_name(&tbs.issuer),
        "issuerDn": tbs.issuer.to_string(),
        "serialNumber": hex(tbs.serial_number.as_bytes()),
        "certNotAfter": almaty_time(tbs.validity.not_after.to_unix_duration().as_secs()),
        "certNotBefore": almaty_time(tbs.validity.not_before.to_unix_duration().as_secs()),
        "authorityKeyIdentifier": authority_key_id,
        "pem": store.cert_pem(),
    })
}

fn common_name(name: &Name) -> String {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == ID_AT_COMMON_NAME)
        .and_then(|atv| std::str::from_utf8(atv.value.value()).ok())
        .unwrap_or_default()
        .to_owned()
}

/// `dd.MM.yyyy HH:mm:ss` in Almaty time (the domain's rule), as NCALayer shows certificate
/// dates.
fn almaty_time(unix: u64) -> String {
    zeinet_domain::DateTime::from_unix(i64::try_from(unix).unwrap_or(i64::MAX)).format()
}

// ---- kz.gov.pki.knca.basics -----------------------------------------------------------------------

fn basics_error(code: &str, message: impl Into<String>) -> Value {
    json!({"status": false, "code": code, "message": message.into()})
}

async fn basics(state: &AppState, method: &str, args: &Value) -> Outcome {
    if method != "sign" {
        return reply(basics_error(
            "INVOCATION_ERROR",
            format!("The stand-in NCALayer has no method {method:?} in {BASICS}."),
        ));
    }
    let (request, array) = match parse_basics_sign(args) {
        Ok(parsed) => parsed,
        Err(message) => return reply(basics_error("INVALID_SIGNING_PARAMS", message)),
    };
    match run_key_request(state, request, false).await {
        KeyOutcome::Signed(mut cms) => {
            let result = if array {
                json!(cms)
            } else {
                json!(cms.remove(0))
            };
            reply(json!({"status": true, "body": {"result": result}}))
        }
        KeyOutcome::Cancelled => reply(json!({"status": true, "body": {}})),
        KeyOutcome::NoKey => reply(basics_error("SIGNING_FAILURE", NO_KEY_MESSAGE)),
        KeyOutcome::Failed(e) => reply(basics_error("SIGNING_FAILURE", e)),
        KeyOutcome::KeyInfo(_) => reply(basics_error("GENERAL_ERROR", "unexpected key info")),
        KeyOutcome::Close => Outcome::Close,
        KeyOutcome::Garbage => Outcome::Reply(GARBAGE.to_owned()),
    }
}

fn flag(params: &Value, name: &str, default: bool) -> Result<bool, String> {
    match params.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(format!(
            "signingParams.{name} must be a boolean, not {other}"
        )),
    }
}

fn base64_item(item: &str) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::STANDARD
        .decode(item)
        .map_err(|e| format!("data is not base64 ({e})"))
}

/// Validates `basics.sign` args; `Err` is the INVALID_SIGNING_PARAMS message. The bool: the
/// data was an array (the reply then is one).
fn parse_basics_sign(args: &Value) -> Result<(KeyRequest, bool), String> {
    if !args.is_object() {
        return Err("args must be an object".into());
    }
    match args.get("format") {
        None | Some(Value::Null) => {}
        Some(Value::String(f)) if f == "cms" => {}
        Some(Value::String(f)) if f == "xml" || f == "raw" => {
            return Err(format!(
                "format {f} is not supported by the stand-in NCALayer (only cms)"
            ))
        }
        Some(other) => return Err(format!("unknown format {other}")),
    }
    let storage_ok = match args.get("allowedStorages") {
        None | Some(Value::Null) => true,
        Some(Value::Array(names)) if names.iter().all(Value::is_string) => {
            names.iter().any(|n| n.as_str() == Some(PKCS12))
        }
        Some(_) => return Err("allowedStorages must be null or an array of storage names".into()),
    };
    let (raw_items, array): (Vec<&str>, bool) = match args.get("data") {
        Some(Value::String(s)) => (vec![s.as_str()], false),
        Some(Value::Array(items)) if !items.is_empty() => (
            items
                .iter()
                .map(|v| v.as_str().ok_or("data items must be strings"))
                .collect::<Result<_, _>>()?,
            true,
        ),
        _ => return Err("data must be a string or a non-empty array of strings".into()),
    };
    let params = match args.get("signingParams") {
        None | Some(Value::Null) => json!({}),
        Some(p @ Value::Object(_)) => p.clone(),
        Some(_) => return Err("signingParams must be an object".into()),
    };
    let decode = flag(&params, "decode", false)?;
    let encapsulate = flag(&params, "encapsulate", false)?;
    let digested = flag(&params, "digested", false)?;
    let encapsulation = match (digested, encapsulate) {
        (true, true) => return Err("digested data cannot be encapsulated".into()),
        (true, false) => Encapsulation::Digest,
        (false, true) => Encapsulation::Attached,
        (false, false) => Encapsulation::Detached,
    };
    let mut items = Vec::with_capacity(raw_items.len());
    for item in raw_items {
        let bytes = if decode || digested {
            base64_item(item)?
        } else {
            item.as_bytes().to_vec()
        };
        if digested && bytes.len() != 32 {
            return Err("digested data must be a SHA-256 digest (32 bytes)".into());
        }
        items.push(bytes);
    }
    let Some(signer) = args.get("signerParams").filter(|s| s.is_object()) else {
        return Err("signerParams is required".into());
    };
    let Some(oids) = signer.get("extKeyUsageOids").and_then(Value::as_array) else {
        return Err("signerParams.extKeyUsageOids is required (an array of OIDs)".into());
    };
    let oids: Vec<&str> = oids
        .iter()
        .map(|o| o.as_str().ok_or("extKeyUsageOids must be strings"))
        .collect::<Result<_, _>>()?;
    let client_auth = CLIENT_AUTH.to_string();
    let email = EMAIL_PROTECTION.to_string();
    // The first usage we have keys for; none (or `[]`, any key) → the signing key.
    let kind = oids
        .iter()
        .find_map(|o| {
            if *o == client_auth {
                Some(KeyKind::Auth)
            } else if *o == email {
                Some(KeyKind::Sign)
            } else {
                None
            }
        })
        .unwrap_or(KeyKind::Sign);
    let iin = match signer.get("iin") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) => {
            Some(s.clone())
        }
        Some(other) => return Err(format!("signerParams.iin must be 12 digits, not {other}")),
    };
    match signer.get("chain") {
        None | Some(Value::Null) | Some(Value::Array(_)) => {}
        Some(_) => return Err("signerParams.chain must be an array".into()),
    }
    match args.get("locale") {
        None | Some(Value::Null) => {}
        Some(Value::String(l)) if matches!(l.as_str(), "kk" | "ru" | "en") => {}
        Some(other) => return Err(format!("locale must be kk, ru or en, not {other}")),
    }
    Ok((
        KeyRequest {
            items,
            encapsulation,
            kind,
            iin,
            storage_ok,
        },
        array,
    ))
}

// ---- kz.gov.pki.knca.commonUtils ------------------------------------------------------------------

fn common_ok(object: Value) -> Value {
    json!({"code": "200", "responseObject": object})
}

fn common_error(message: impl Into<String>) -> Value {
    json!({"code": "500", "message": message.into()})
}

/// What NCALayer answers for arguments of the wrong type.
fn type_mismatch(method: &str) -> Value {
    common_error(format!(
        "java.lang.IllegalArgumentException: argument type mismatch. Method: {method}"
    ))
}

async fn common_utils(state: &AppState, method: &str, args: &Value) -> Outcome {
    let arg = |i: usize| args.get(i);
    let text = |i: usize| arg(i).and_then(Value::as_str);
    match method {
        // Hardware tokens only: key files (PKCS12) are never listed, as in NCALayer.
        "getActiveTokens" => reply(common_ok(json!([]))),
        "changeLocale" => match text(0) {
            Some(_) => reply(json!({"code": "200"})),
            None => reply(type_mismatch(method)),
        },
        "getKeyInfo" => {
            let Some(storage) = text(0) else {
                return reply(type_mismatch(method));
            };
            let request = KeyRequest {
                items: Vec::new(),
                encapsulation: Encapsulation::Attached,
                kind: KeyKind::Auth,
                iin: None,
                storage_ok: storage == PKCS12,
            };
            common_key_reply(run_key_request(state, request, true).await)
        }
        "createCMSSignatureFromBase64" | "createCAdESFromBase64" | "createCAdESFromBase64Hash" => {
            let hash = method == "createCAdESFromBase64Hash";
            let (Some(storage), Some(key_type), Some(data)) = (text(0), text(1), text(2)) else {
                return reply(type_mismatch(method));
            };
            let attach = match arg(3) {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) if !hash => *b,
                Some(_) => return reply(type_mismatch(method)),
            };
            let bytes = match base64_item(data) {
                Ok(bytes) => bytes,
                Err(e) => return reply(common_error(e)),
            };
            if hash && bytes.len() != 32 {
                return reply(common_error("the hash must be a SHA-256 digest (32 bytes)"));
            }
            let request = KeyRequest {
                items: vec![bytes],
                encapsulation: match (hash, attach) {
                    (true, _) => Encapsulation::Digest,
                    (false, true) => Encapsulation::Attached,
                    (false, false) => Encapsulation::Detached,
                },
                // "AUTHENTICATION" / "SIGNATURE"; anything else lets the person pick any key.
                kind: if key_type == "AUTHENTICATION" {
                    KeyKind::Auth
                } else {
                    KeyKind::Sign
                },
                iin: None,
                storage_ok: storage == PKCS12,
            };
            common_key_reply(run_key_request(state, request, false).await)
        }
        other => reply(common_error(format!(
            "The stand-in NCALayer has no method {other:?} in {COMMON_UTILS}."
        ))),
    }
}

fn common_key_reply(outcome: KeyOutcome) -> Outcome {
    match outcome {
        KeyOutcome::Signed(mut cms) => reply(common_ok(json!(cms.remove(0)))),
        KeyOutcome::KeyInfo(info) => reply(common_ok(info)),
        KeyOutcome::Cancelled => reply(common_error("action.canceled")),
        KeyOutcome::NoKey => reply(common_error(NO_KEY_MESSAGE)),
        KeyOutcome::Failed(e) => reply(common_error(e)),
        KeyOutcome::Close => Outcome::Close,
        KeyOutcome::Garbage => Outcome::Reply(GARBAGE.to_owned()),
    }
}

// ---- /__dev/ncalayer ---------------------------------------------------------------------------------

pub(crate) async fn get_control(State(ctx): State<Ctx>) -> Json<Control> {
    Json(ctx.state.lock().ncalayer.clone())
}

pub(crate) async fn put_control(
    State(ctx): State<Ctx>,
    ApiJson(control): ApiJson<Control>,
) -> Result<Json<Control>, ApiError> {
    let invalid = |m: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "validation", m);
    if let Some(iin) = &control.iin {
        if Pki::get().await.identity(iin).is_none() {
            return Err(invalid(format!(
                "iin {iin} has no test keys (users.json has the people who do)"
            )));
        }
    }
    if control.times == Some(0) {
        return Err(invalid("times must be at least 1 (or null)".into()));
    }
    if control.delay_ms.is_some_and(|ms| ms > MAX_DELAY_MS) {
        return Err(invalid(format!("delay_ms must be at most {MAX_DELAY_MS}")));
    }
    ctx.state.lock().ncalayer = control.clone();
    eprintln!(
        "dev: ncalayer set: iin {}, mode {:?}, delay_ms {:?}, times {:?}",
        control
            .iin
            .as_deref()
            .map_or_else(|| "default".to_owned(), crate::redact::mask_iin),
        control.mode,
        control.delay_ms,
        control.times
    );
    Ok(Json(control))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign_args(data: Value, params: Value, oids: Value) -> Value {
        json!({"allowedStorages": null, "format": "cms", "data": data, "signingParams": params,
               "signerParams": {"extKeyUsageOids": oids, "chain": []}, "locale": "kk"})
    }

    #[test]
    fn basics_sign_args_are_validated() {
        let attached = json!({"decode": true, "encapsulate": true, "digested": false});
        let (req, array) = parse_basics_sign(&sign_args(
            json!("AQID"),
            attached.clone(),
            json!([CLIENT_AUTH.to_string()]),
        ))
        .unwrap();
        assert_eq!(req.items, vec![vec![1, 2, 3]]);
        assert!(!array && req.storage_ok && req.iin.is_none());
        assert_eq!(
            (req.kind, req.encapsulation),
            (KeyKind::Auth, Encapsulation::Attached)
        );
        let (req, array) = parse_basics_sign(&sign_args(
            json!(["AQ==", "Ag=="]),
            attached.clone(),
            json!(["1.3.6.1.5.5.7.3.4"]),
        ))
        .unwrap();
        assert!(array && req.items.len() == 2 && req.kind == KeyKind::Sign);
        let (req, _) = parse_basics_sign(&sign_args(json!("text"), json!({}), json!([]))).unwrap();
        assert_eq!(req.items, vec![b"text".to_vec()]);
        assert_eq!(
            (req.kind, req.encapsulation),
            (KeyKind::Sign, Encapsulation::Detached)
        );

        let bad = [
            json!([]),
            sign_args(json!("AQID"), attached.clone(), json!(null)),
            sign_args(json!(7), attached.clone(), json!([])),
            sign_args(json!([]), attached.clone(), json!([])),
            sign_args(json!("%%%"), attached.clone(), json!([])),
            sign_args(json!("AQID"), json!(555), json!([])),
            sign_args(json!("AQID"), json!({"decode": "yes"}), json!([])),
            sign_args(
                json!("AQID"),
                json!({"digested": true, "encapsulate": true}),
                json!([]),
            ),
            sign_args(json!("AQID"), json!({"digested": true}), json!([])),
            json!({"format": "xml", "data": "x", "signerParams": {"extKeyUsageOids": []}}),
            json!({"data": "x", "signerParams": {"extKeyUsageOids": [], "iin": "123"}}),
            json!({"data": "x", "signerParams": {"extKeyUsageOids": []}, "locale": "de"}),
            json!({"data": "x", "allowedStorages": "PKCS12", "signerParams": {"extKeyUsageOids": []}}),
        ];
        for args in bad {
            assert!(parse_basics_sign(&args).is_err(), "{args}");
        }
        let (req, _) =
            parse_basics_sign(&json!({"data": "x", "allowedStorages": ["AKKaztokenStore"],
            "signerParams": {"extKeyUsageOids": [], "iin": "900101300017"}}))
            .unwrap();
        assert!(!req.storage_ok);
        assert_eq!(req.iin.as_deref(), Some("900101300017"));
    }

    #[test]
    fn control_counts_down_then_is_normal() {
        let mut c = Control {
            iin: Some("900101300811".into()),
            mode: Mode::Slow,
            delay_ms: None,
            times: Some(2),
        };
        let a = c.take();
        assert_eq!(
            (a.mode, a.delay, a.iin.as_str()),
            (
                Mode::Slow,
                Some(Duration::from_millis(3000)),
                "900101300811"
            )
        );
        c.take();
        assert_eq!(c.mode, Mode::Normal);
        assert_eq!(c.take().delay, None);
        assert_eq!(c.iin.as_deref(), Some("900101300811"));
        assert_eq!(Control::default().take().iin, DEFAULT_IIN);
    }

    #[test]
    fn almaty_dates() {
        assert_eq!(almaty_time(1_735_689_600), "01.01.2025 05:00:00");
    }
}
