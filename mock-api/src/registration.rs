//! Registration and password reset by IIN, phone and an SMS code: `/api/register/*` and
//! `/api/password-reset/*` (three steps each: start → verify → complete).
//!
//! The "SMS" is a line on stderr (`SMS to +7 707 *** ** 23: code 123456`) and, with `--dev`,
//! `GET /__dev/sms?phone=…` or `?request_id=…`. The rules live in [`Registrations`], a pure
//! state machine that takes the time as an argument (unit-tested below); the handlers map
//! its outcomes onto the contract's answers.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rand::{Rng, RngCore};
use serde::{Deserialize, Serialize};
use zeinet_domain::is_valid_iin;

use crate::error::{ApiError, ApiJson};
use crate::handlers::session_set_cookie;
use crate::model::mask_phone;
use crate::time::{format_rfc3339, now_unix};
use crate::Ctx;

/// A new code may be asked this long after the previous one.
pub const RESEND_AFTER_SECONDS: i64 = 60;
/// A code is valid this long after it is sent.
pub const CODE_TTL_SECONDS: i64 = 5 * 60;
/// After a right code, the password must be set within this time.
pub const VERIFIED_TTL_SECONDS: i64 = 15 * 60;
/// Wrong codes that void a request (the last one answers `too_many_attempts`).
pub const MAX_CODE_ATTEMPTS: u32 = 5;
/// The password rules are the domain crate's, the same the form checks as it is typed.
pub use zeinet_domain::password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};

/// Which flow a code request belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    Register,
    PasswordReset,
}

/// One SMS code request.
#[derive(Clone, Debug)]
pub struct CodeRequest {
    pub id: String,
    pub flow: Flow,
    pub iin: String,
    /// `+77XXXXXXXXX`
    pub phone: String,
    pub code: String,
    pub sent_at: i64,
    /// The code's expiry; after a right code, the deadline to set the password.
    pub expires_at: i64,
    pub wrong_codes: u32,
    pub verified: bool,
    /// Voided by too many wrong codes.
    pub dead: bool,
}

/// The code requests, and the clock offset `/__dev/clock` adds (to test expiry and resend).
#[derive(Clone, Debug, Default)]
pub struct Registrations {
    requests: HashMap<String, CodeRequest>,
    /// Seconds added to the real time for these flows.
    pub clock_offset: i64,
}

/// What `start` comes to, before the person database is asked.
#[derive(Debug, PartialEq, Eq)]
pub enum StartOutcome {
    /// The new request (its code is "sent").
    Sent(CodeRequest),
    /// A code was sent less than [`RESEND_AFTER_SECONDS`] ago: come back at this time.
    TooSoon(i64),
}

/// Why a code was refused.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum VerifyError {
    NotFound,
    InvalidCode,
    Expired,
    TooManyAttempts,
}

/// Why a password could not be set.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum CompleteError {
    NotFound,
    NotVerified,
    Expired,
    /// The first password rule broken (its code for `fields.password`).
    Weak(&'static str),
}

impl PartialEq for CodeRequest {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl Eq for CodeRequest {}

fn random_id() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn random_code() -> String {
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32))
}

impl Registrations {
    /// The mock's "now" for these flows: the real time plus the dev clock offset.
    pub fn now(&self) -> i64 {
        now_unix() + self.clock_offset
    }

    /// Starts (or restarts) a request for `iin`/`phone` at `now` with `code`. The IIN and
    /// phone have been checked against the person database already. A restart after the
    /// resend delay replaces the earlier request of the same flow and IIN (its code dies).
    pub fn start(
        &mut self,
        flow: Flow,
        iin: &str,
        phone: &str,
        code: String,
        now: i64,
    ) -> StartOutcome {
        let earlier = self
            .requests
            .values()
            .filter(|r| r.flow == flow && r.iin == iin)
            .map(|r| r.sent_at)
            .max();
        if let Some(sent_at) = earlier {
            if now < sent_at + RESEND_AFTER_SECONDS {
                return StartOutcome::TooSoon(sent_at + RESEND_AFTER_SECONDS);
            }
        }
        self.requests
            .retain(|_, r| !(r.flow == flow && r.iin == iin));
        let request = CodeRequest {
            id: random_id(),
            flow,
            iin: iin.to_owned(),
            phone: phone.to_owned(),
            code,
            sent_at: now,
            expires_at: now + CODE_TTL_SECONDS,
            wrong_codes: 0,
            verified: false,
            dead: false,
        };
        self.requests.insert(request.id.clone(), request.clone());
        StartOutcome::Sent(request)
    }

    /// Checks `code` for request `id` of `flow` at `now`, counting wrong codes.
    pub fn verify(
        &mut self,
        flow: Flow,
        id: &str,
        code: &str,
        now: i64,
    ) -> Result<(), VerifyError> {
        let r = self
            .requests
            .get_mut(id)
            .filter(|r| r.flow == flow)
            .ok_or(VerifyError::NotFound)?;
        if r.dead {
            return Err(VerifyError::TooManyAttempts);
        }
        if r.verified {
            // Asked again (a double submit, a reload): the same code is still right.
            return if r.code == code {
                Ok(())
            } else {
                Err(VerifyError::InvalidCode)
            };
        }
        if now >= r.expires_at {
            return Err(VerifyError::Expired);
        }
        if r.code != code {
            r.wrong_codes += 1;
            if r.wrong_codes >= MAX_CODE_ATTEMPTS {
                r.dead = true;
                return Err(VerifyError::TooManyAttempts);
            }
            return Err(VerifyError::InvalidCode);
        }
        r.verified = true;
        r.expires_at = now + VERIFIED_TTL_SECONDS;
        Ok(())
    }

    /// Takes a verified request of `flow` if `password` follows the rules: the caller sets
    /// the password of `request.iin`. The request is used up.
    pub fn complete(
        &mut self,
        flow: Flow,
        id: &str,
        password: &str,
        now: i64,
    ) -> Result<CodeRequest, CompleteError> {
        let r = self
            .requests
            .get(id)
            .filter(|r| r.flow == flow)
            .ok_or(CompleteError::NotFound)?;
        if !r.verified {
            return Err(CompleteError::NotVerified);
        }
        if now >= r.expires_at {
            return Err(CompleteError::Expired);
        }
        password_problem(password, &r.iin).map_or(Ok(()), |p| Err(CompleteError::Weak(p)))?;
        Ok(self.requests.remove(id).expect("found above"))
    }

    /// The latest request sent to `phone` (any flow).
    pub fn latest_for_phone(&self, phone: &str) -> Option<&CodeRequest> {
        self.requests
            .values()
            .filter(|r| r.phone == phone)
            .max_by_key(|r| r.sent_at)
    }

    pub fn get(&self, id: &str) -> Option<&CodeRequest> {
        self.requests.get(id)
    }
}

/// The first password rule `password` breaks, as the code of `fields.password`: at least 8
/// characters (at most 128), a letter, a digit, and not containing the IIN.
pub fn password_problem(password: &str, iin: &str) -> Option<&'static str> {
    zeinet_domain::password::PasswordProblem::check(password, iin).map(|p| p.code())
}

/// The operator codes of Kazakhstan's mobile numbers (`+7 7XX`).
const OPERATOR_CODES: [&str; 13] = [
    "700", "701", "702", "705", "706", "707", "708", "747", "771", "775", "776", "777", "778",
];

/// A Kazakhstan mobile number as people type it (`+7 (707) 000-08-23`, `8 707 …`, `7070000823`)
/// normalised to `+77XXXXXXXXX`; `None` if it is not one.
pub fn normalise_phone(input: &str) -> Option<String> {
    let s = input.trim();
    let (plus, rest) = match s.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut digits = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '\u{a0}' | '-' | '(' | ')' | '.' => {}
            _ => return None,
        }
    }
    let national = match (plus, digits.len()) {
        (true, 11) if digits.starts_with('7') => &digits[1..],
        (false, 11) if digits.starts_with('8') || digits.starts_with('7') => &digits[1..],
        (false, 10) => &digits[..],
        _ => return None,
    };
    OPERATOR_CODES
        .contains(&&national[..3])
        .then(|| format!("+7{national}"))
}

// ---- handlers --------------------------------------------------------------------------------

#[derive(Deserialize)]
pub struct StartBody {
    #[serde(default)]
    iin: Option<String>,
    #[serde(default)]
    phone: Option<String>,
}

#[derive(Serialize)]
struct CodeRequestAnswer {
    request_id: String,
    resend_after_seconds: i64,
    expires_at: String,
}

#[derive(Deserialize)]
pub struct VerifyBody {
    #[serde(default)]
    request_id: Option<String>,
    #[serde(default)]
    code: Option<String>,
}

#[derive(Deserialize)]
pub struct CompleteBody {
    #[serde(default)]
    request_id: Option<String>,
    #[serde(default)]
    password: Option<String>,
}

fn unprocessable(code: &'static str, message: &str) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
}

async fn start(ctx: Ctx, flow: Flow, body: StartBody) -> Result<Response, ApiError> {
    let iin = body.iin.unwrap_or_default().trim().to_owned();
    let phone_typed = body.phone.unwrap_or_default();
    let phone = normalise_phone(&phone_typed);
    let mut fields = BTreeMap::new();
    if iin.is_empty() {
        fields.insert("iin", "required");
    } else if !is_valid_iin(&iin) {
        fields.insert("iin", "invalid_iin");
    }
    if phone_typed.trim().is_empty() {
        fields.insert("phone", "required");
    } else if phone.is_none() {
        fields.insert("phone", "invalid_phone");
    }
    let (false, Some(phone)) = (!fields.is_empty(), phone) else {
        return Err(ApiError::validation(fields));
    };
    let mismatch = || {
        unprocessable(
            "phone_mismatch",
            "The phone is not the one of this IIN in the state database.",
        )
    };
    let mut store = ctx.state.lock();
    let person = store.users.get(&iin);
    let registered = person.is_some_and(|u| u.password.is_some());
    match flow {
        Flow::Register if registered => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "iin_registered",
                "This IIN already has an account: log in or reset the password.",
            ))
        }
        _ if person.is_none_or(|u| u.phone != phone) => return Err(mismatch()),
        Flow::PasswordReset if !registered => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "not_registered",
                "This IIN has no account yet: register first.",
            ))
        }
        _ => {}
    }
    let now = store.registrations.now();
    match store
        .registrations
        .start(flow, &iin, &phone, random_code(), now)
    {
        StartOutcome::TooSoon(until) => Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "resend_too_soon",
            "A code was sent a moment ago: wait before asking for another.",
        )
        .until(Some(format_rfc3339(until)))
        .retry_after(now, until)),
        StartOutcome::Sent(request) => {
            if ctx.options.log_requests {
                eprintln!("SMS to {}: code {}", mask_phone(&phone), request.code);
            }
            Ok(Json(CodeRequestAnswer {
                request_id: request.id,
                resend_after_seconds: RESEND_AFTER_SECONDS,
                expires_at: format_rfc3339(request.expires_at),
            })
            .into_response())
        }
    }
}

async fn verify(ctx: Ctx, flow: Flow, body: VerifyBody) -> Result<Response, ApiError> {
    let id = body.request_id.unwrap_or_default();
    let code = body.code.unwrap_or_default().trim().to_owned();
    let mut fields = BTreeMap::new();
    if id.is_empty() {
        fields.insert("request_id", "required");
    }
    if code.is_empty() {
        fields.insert("code", "required");
    } else if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        fields.insert("code", "invalid_format");
    }
    if !fields.is_empty() {
        return Err(ApiError::validation(fields));
    }
    let mut store = ctx.state.lock();
    let now = store.registrations.now();
    match store.registrations.verify(flow, &id, &code, now) {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(VerifyError::NotFound) => Err(ApiError::not_found()),
        Err(VerifyError::InvalidCode) => Err(unprocessable("invalid_code", "The code is wrong.")),
        Err(VerifyError::Expired) => Err(unprocessable(
            "code_expired",
            "The code has expired: ask for a new one.",
        )),
        Err(VerifyError::TooManyAttempts) => Err(unprocessable(
            "too_many_attempts",
            "Too many wrong codes: this request is void, start again.",
        )),
    }
}

async fn complete(ctx: Ctx, flow: Flow, body: CompleteBody) -> Result<Response, ApiError> {
    let id = body.request_id.unwrap_or_default();
    let password = body.password.unwrap_or_default();
    let mut fields = BTreeMap::new();
    if id.is_empty() {
        fields.insert("request_id", "required");
    }
    if password.is_empty() {
        fields.insert("password", "required");
    }
    if !fields.is_empty() {
        return Err(ApiError::validation(fields));
    }
    let mut store = ctx.state.lock();
    let now = store.registrations.now();
    let request = match store.registrations.complete(flow, &id, &password, now) {
        Ok(request) => request,
        Err(CompleteError::NotFound) => return Err(ApiError::not_found()),
        Err(CompleteError::NotVerified) => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "not_verified",
                "The code of this request was not verified.",
            ))
        }
        Err(CompleteError::Expired) => {
            return Err(unprocessable(
                "code_expired",
                "Too late to set the password: start again.",
            ))
        }
        Err(CompleteError::Weak(rule)) => {
            return Err(ApiError {
                fields: Some(BTreeMap::from([("password", rule)])),
                ..unprocessable("weak_password", "The password breaks a rule.")
            })
        }
    };
    let Some(user) = store.users.get_mut(&request.iin) else {
        return Err(ApiError::not_found());
    };
    user.password = Some(password);
    let profile = user.profile();
    let session = store.log_in_as(&request.iin);
    if flow == Flow::PasswordReset {
        // A new password ends every other session of the person: a cookie taken with the old
        // one dies with it.
        store.end_other_sessions(&request.iin, &session);
    }
    let headers = [(SET_COOKIE, session_set_cookie(&ctx, &session))];
    Ok((headers, Json(profile)).into_response())
}

pub(crate) async fn register_start(
    State(ctx): State<Ctx>,
    ApiJson(body): ApiJson<StartBody>,
) -> Result<Response, ApiError> {
    start(ctx, Flow::Register, body).await
}

pub(crate) async fn register_verify(
    State(ctx): State<Ctx>,
    ApiJson(body): ApiJson<VerifyBody>,
) -> Result<Response, ApiError> {
    verify(ctx, Flow::Register, body).await
}

pub(crate) async fn register_complete(
    State(ctx): State<Ctx>,
    ApiJson(body): ApiJson<CompleteBody>,
) -> Result<Response, ApiError> {
    complete(ctx, Flow::Register, body).await
}

pub(crate) async fn reset_start(
    State(ctx): State<Ctx>,
    ApiJson(body): ApiJson<StartBody>,
) -> Result<Response, ApiError> {
    start(ctx, Flow::PasswordReset, body).await
}

pub(crate) async fn reset_verify(
    State(ctx): State<Ctx>,
    ApiJson(body): ApiJson<VerifyBody>,
) -> Result<Response, ApiError> {
    verify(ctx, Flow::PasswordReset, body).await
}

pub(crate) async fn reset_complete(
    State(ctx): State<Ctx>,
    ApiJson(body): ApiJson<CompleteBody>,
) -> Result<Response, ApiError> {
    complete(ctx, Flow::PasswordReset, body).await
}

// ---- /__dev ----------------------------------------------------------------------------------

#[derive(Deserialize)]
pub struct SmsQuery {
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    request_id: Option<String>,
}

/// `GET /__dev/sms?phone=+77070000823` or `?request_id=…`: the last code "sent".
/// (A `+` in a query string may arrive as a space: the phone is normalised either way.)
pub(crate) async fn dev_sms(
    State(ctx): State<Ctx>,
    Query(q): Query<SmsQuery>,
) -> Result<Response, ApiError> {
    let store = ctx.state.lock();
    let regs = &store.registrations;
    let request = match (&q.request_id, &q.phone) {
        (Some(id), _) => regs.get(id),
        (None, Some(phone)) => normalise_phone(phone).and_then(|p| regs.latest_for_phone(&p)),
        (None, None) => None,
    }
    .ok_or_else(ApiError::not_found)?;
    Ok(Json(serde_json::json!({
        "code": request.code,
        "request_id": request.id,
        "flow": request.flow,
        "phone": request.phone,
        "sent_at": format_rfc3339(request.sent_at),
        "expires_at": format_rfc3339(request.expires_at),
        "wrong_codes": request.wrong_codes,
    }))
    .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockBody {
    advance_seconds: i64,
}

/// `POST /__dev/clock {"advance_seconds": 61}`: moves the SMS codes' clock forward (resend
/// delay, code expiry) without waiting. Reset puts it back.
pub(crate) async fn dev_clock(
    State(ctx): State<Ctx>,
    ApiJson(body): ApiJson<ClockBody>,
) -> Result<Response, ApiError> {
    if !(0..=86_400).contains(&body.advance_seconds) {
        return Err(unprocessable("validation", "advance_seconds: 0..=86400"));
    }
    let mut store = ctx.state.lock();
    store.registrations.clock_offset += body.advance_seconds;
    let offset = store.registrations.clock_offset;
    Ok(Json(serde_json::json!({ "offset_seconds": offset })).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    const IIN: &str = "900101300823";
    const PHONE: &str = "+77070000823";

    fn started(r: &mut Registrations, now: i64) -> CodeRequest {
        match r.start(Flow::Register, IIN, PHONE, "123456".into(), now) {
            StartOutcome::Sent(req) => req,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn phones_as_people_type_them() {
        for typed in [
            "+77070000823",
            "+7 707 000 08 23",
            "+7 (707) 000-08-23",
            "8 707 000 08 23",
            "87070000823",
            "7070000823",
            " 77070000823",
        ] {
            assert_eq!(normalise_phone(typed).as_deref(), Some(PHONE), "{typed}");
        }
        for bad in [
            "",
            "+7 727 250 00 00",
            "+49 30 1234567",
            "+7 709 000 08 23",
            "707-abc",
            "+7707000082",
        ] {
            assert_eq!(normalise_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn password_rules() {
        assert_eq!(password_problem("", IIN), Some("required"));
        assert_eq!(password_problem("abc1234", IIN), Some("too_short"));
        assert_eq!(password_problem(&"a1".repeat(65), IIN), Some("too_long"));
        assert_eq!(password_problem("12345678", IIN), Some("no_letter"));
        assert_eq!(password_problem("abcdefgh", IIN), Some("no_digit"));
        assert_eq!(password_problem("x900101300823", IIN), Some("contains_iin"));
        assert_eq!(
            password_problem("Сәлем2026", IIN),
            None,
            "Cyrillic letters count"
        );
        assert_eq!(password_problem("abcdefg1", IIN), None);
    }

    #[test]
    fn resend_only_after_the_delay_and_the_new_code_replaces_the_old() {
        let mut r = Registrations::default();
        let first = started(&mut r, 1000);
        assert_eq!(first.expires_at, 1000 + CODE_TTL_SECONDS);
        assert_eq!(
            r.start(Flow::Register, IIN, PHONE, "654321".into(), 1059),
            StartOutcome::TooSoon(1060)
        );
        // the other flow is separate
        assert!(matches!(
            r.start(Flow::PasswordReset, IIN, PHONE, "111111".into(), 1001),
            StartOutcome::Sent(_)
        ));
        let StartOutcome::Sent(second) = r.start(Flow::Register, IIN, PHONE, "654321".into(), 1060)
        else {
            panic!("resend refused")
        };
        assert_ne!(first.id, second.id);
        assert_eq!(
            r.verify(Flow::Register, &first.id, "123456", 1061),
            Err(VerifyError::NotFound)
        );
        assert_eq!(r.verify(Flow::Register, &second.id, "654321", 1061), Ok(()));
    }

    #[test]
    fn five_wrong_codes_void_the_request() {
        let mut r = Registrations::default();
        let req = started(&mut r, 1000);
        for _ in 0..4 {
            assert_eq!(
                r.verify(Flow::Register, &req.id, "000000", 1001),
                Err(VerifyError::InvalidCode)
            );
        }
        assert_eq!(
            r.verify(Flow::Register, &req.id, "000000", 1001),
            Err(VerifyError::TooManyAttempts)
        );
        assert_eq!(
            r.verify(Flow::Register, &req.id, "123456", 1001),
            Err(VerifyError::TooManyAttempts),
            "even the right code"
        );
    }

    #[test]
    fn codes_expire_and_belong_to_their_flow() {
        let mut r = Registrations::default();
        let req = started(&mut r, 1000);
        assert_eq!(
            r.verify(Flow::PasswordReset, &req.id, "123456", 1001),
            Err(VerifyError::NotFound)
        );
        assert_eq!(
            r.verify(Flow::Register, &req.id, "123456", 1000 + CODE_TTL_SECONDS),
            Err(VerifyError::Expired)
        );
    }

    #[test]
    fn complete_needs_a_verified_code_and_a_good_password() {
        let mut r = Registrations::default();
        let req = started(&mut r, 1000);
        assert_eq!(
            r.complete(Flow::Register, &req.id, "abcdefg1", 1001),
            Err(CompleteError::NotVerified)
        );
        assert_eq!(r.verify(Flow::Register, &req.id, "123456", 1002), Ok(()));
        assert_eq!(
            r.complete(Flow::Register, &req.id, "short1", 1003),
            Err(CompleteError::Weak("too_short"))
        );
        assert_eq!(
            r.complete(
                Flow::Register,
                &req.id,
                "abcdefg1",
                1002 + VERIFIED_TTL_SECONDS
            ),
            Err(CompleteError::Expired)
        );
        let done = r
            .complete(Flow::Register, &req.id, "abcdefg1", 1004)
            .unwrap();
        assert_eq!(done.iin, IIN);
        assert_eq!(
            r.complete(Flow::Register, &req.id, "abcdefg1", 1005),
            Err(CompleteError::NotFound),
            "used up"
        );
    }
}
