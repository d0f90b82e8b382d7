//! Registration and password reset by IIN, phone and an SMS code: `/api/register/*` and
//! `/api/password-reset/*` (three steps each: start → verify → complete).
//!
//! **What `start` tells** (issue 20, item 4): nothing. A well-formed IIN and phone always get
//! the same answer (200, a fresh request id, the same resend delay and expiry), whether or not
//! the state database knows the IIN, the phone is the one on record, or the IIN has an account.
//! An SMS goes only to the phone on record, and only when the phone typed is that phone:
//! a code when the flow applies (registration without an account, reset with one), otherwise a
//! notice that says which flow to use ("you already have an account: «Құпиясөзді ұмыттыңыз
//! ба?»", "no account yet: «Тіркелу»"). A request that sent no code is kept like any other and
//! refuses every code as a wrong one, to the end.
//!
//! **How often a code may be guessed**: wrong codes are counted per IIN and phone typed (the
//! one pair whose codes exist is the IIN's phone on record), across restarts and both flows:
//! [`MAX_CODE_ATTEMPTS`] per code, [`MAX_WRONG_CODES_PER_DAY`] in any
//! [`ATTEMPTS_WINDOW_SECONDS`] (a rolling 24 hours, not a calendar day: no burst at midnight).
//! Then `start` and `verify` answer 403 `verification_locked` with `until`, when the oldest of
//! them is a day old; a right code clears the count. A stranger who knows only the IIN locks
//! only the pair with the phone they typed, never the person's own.
//!
//! **The reset token** (the request id that lets a password be set) is dropped from the store
//! when used, and when it expires: looked up expired, it answers `code_expired` once and is
//! gone; never looked up again, it goes at the next call of these flows (the store is swept by
//! expiry, oldest first).
//!
//! The "SMS" is a line on stderr (`SMS to +7 707 *** ** 23: code 123456`) and, with `--dev`,
//! `GET /__dev/sms?phone=…` or `?request_id=…` (the dev SMS gateway's log). The rules live in
//! [`Registrations`], a pure state machine that takes the time as an argument (unit-tested
//! below); the handlers map its outcomes onto the contract's answers. Every table is bounded.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rand::Rng;
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
/// Wrong codes of one IIN and phone within [`ATTEMPTS_WINDOW_SECONDS`] that lock them
/// (403 `verification_locked`) until the oldest leaves the window.
pub const MAX_WRONG_CODES_PER_DAY: usize = 10;
/// The window of [`MAX_WRONG_CODES_PER_DAY`]: a rolling 24 hours.
pub const ATTEMPTS_WINDOW_SECONDS: i64 = 24 * 60 * 60;
/// The most requests held; past it the one that expires first goes (only under a flood).
pub const MAX_REQUESTS: usize = 100_000;
/// The most IIN-and-phone pairs whose wrong codes are remembered; past it the pair with the
/// fewest, the oldest first, is forgotten (a flood of single guesses evicts its own).
pub const MAX_PAIRS_COUNTED: usize = 100_000;
/// SMS kept by the dev gateway for `/__dev/sms` (with `--dev` only).
pub const MAX_SMS_KEPT: usize = 1_000;
/// The password rules are the domain crate's, the same the form checks as it is typed.
pub use zeinet_domain::password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};

/// Which flow a code request belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    Register,
    PasswordReset,
}

/// What goes to the phone on record when a flow starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sms {
    /// The code of this flow.
    Code,
    /// Registration of an IIN that has an account: no code, "restore the password instead".
    AccountExists,
    /// Password reset of an IIN without an account: no code, "register instead".
    NoAccount,
}

impl Sms {
    /// What `start` sends for `flow`, given the person the IIN names (`None`: the state
    /// database does not know it) and the phone typed. Only the phone on record gets anything.
    pub fn for_start(flow: Flow, person: Option<&crate::model::User>, phone: &str) -> Option<Sms> {
        let person = person.filter(|u| u.phone == phone)?;
        Some(match (flow, person.password.is_some()) {
            (Flow::Register, false) | (Flow::PasswordReset, true) => Sms::Code,
            (Flow::Register, true) => Sms::AccountExists,
            (Flow::PasswordReset, false) => Sms::NoAccount,
        })
    }

    /// Its name in `/__dev/sms` and the log.
    pub fn name(self) -> &'static str {
        match self {
            Sms::Code => "code",
            Sms::AccountExists => "account_exists",
            Sms::NoAccount => "no_account",
        }
    }

    /// The SMS text, in Kazakh and Russian as the fund writes them (the memo's labels).
    pub fn text(self, flow: Flow, code: Option<&str>) -> String {
        let code = code.unwrap_or_default();
        match (self, flow) {
            (Sms::Code, Flow::Register) => format!(
                "БЖЗҚ: тіркелу коды {code}. Кодты ешкімге айтпаңыз. / \
                 ЕНПФ: код для регистрации {code}. Никому его не сообщайте."
            ),
            (Sms::Code, Flow::PasswordReset) => format!(
                "БЖЗҚ: құпиясөзді қалпына келтіру коды {code}. Кодты ешкімге айтпаңыз. / \
                 ЕНПФ: код для восстановления пароля {code}. Никому его не сообщайте."
            ),
            (Sms::AccountExists, _) => "БЖЗҚ: бұл ЖСН бойынша жеке кабинет бұрыннан бар, \
                 қайта тіркелудің қажеті жоқ. Құпиясөзді ұмытсаңыз, кіру бетіндегі \
                 «Құпиясөзді ұмыттыңыз ба?» сілтемесі арқылы оны қалпына келтіріңіз. Бұл сіз \
                 болмасаңыз, хабарламаға мән бермеңіз. / ЕНПФ: для этого ИИН личный кабинет \
                 уже есть, регистрироваться заново не нужно. Если вы забыли пароль, \
                 восстановите его по ссылке «Забыли пароль?» на странице входа. Если это были \
                 не вы, не обращайте внимания на это сообщение."
                .to_owned(),
            (Sms::NoAccount, _) => "БЖЗҚ: бұл ЖСН бойынша жеке кабинет әлі жоқ. Кіру бетіндегі \
                 «Тіркелу» сілтемесі арқылы тіркеліңіз. Бұл сіз болмасаңыз, хабарламаға мән \
                 бермеңіз. / ЕНПФ: для этого ИИН личного кабинета ещё нет. Зарегистрируйтесь \
                 по ссылке «Регистрация» на странице входа. Если это были не вы, не обращайте \
                 внимания на это сообщение."
                .to_owned(),
        }
    }
}

/// One SMS code request (the reset token once its code is verified).
#[derive(Clone, Debug)]
pub struct CodeRequest {
    pub id: String,
    pub flow: Flow,
    pub iin: String,
    /// The phone typed, `+77XXXXXXXXX` (the one on record only if an SMS went out).
    pub phone: String,
    /// The code sent; `None` when no code went out (a notice, or nothing): no code is right.
    pub code: Option<String>,
    /// What went to the phone on record, if anything.
    pub sms: Option<Sms>,
    pub sent_at: i64,
    /// The code's expiry; after a right code, the deadline to set the password.
    pub expires_at: i64,
    pub wrong_codes: u32,
    pub verified: bool,
    /// Voided by too many wrong codes.
    pub dead: bool,
}

impl PartialEq for CodeRequest {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl Eq for CodeRequest {}

/// An SMS the dev gateway "sent" (what `/__dev/sms` shows).
#[derive(Clone, Debug, Serialize)]
pub struct SentSms {
    pub kind: Sms,
    pub code: Option<String>,
    pub text: String,
    pub request_id: String,
    pub flow: Flow,
    pub phone: String,
    #[serde(skip)]
    pub sent_at: i64,
    #[serde(skip)]
    pub expires_at: i64,
}

/// The code requests, the wrong codes per IIN and phone, the dev SMS log, and the clock offset
/// `/__dev/clock` adds (to test expiry, resend and the day's limit).
#[derive(Clone, Debug, Default)]
pub struct Registrations {
    requests: HashMap<String, CodeRequest>,
    /// `(expires_at, id)` of every request: the sweep takes the ended ones from the front.
    by_expiry: BTreeSet<(i64, String)>,
    /// Flow, IIN and phone → the id of their live request (a restart replaces it).
    by_key: HashMap<(Flow, String, String), String>,
    wrong_codes: WrongCodes,
    /// The dev SMS gateway's log, oldest first (filled with `--dev` only).
    outbox: VecDeque<SentSms>,
    /// Seconds added to the real time for these flows.
    pub clock_offset: i64,
}

/// What `start` comes to.
#[derive(Debug, PartialEq, Eq)]
pub enum StartOutcome {
    /// The new request (its SMS, if any, is to be "sent").
    Started(CodeRequest),
    /// A code was asked less than [`RESEND_AFTER_SECONDS`] ago: come back at this time.
    TooSoon(i64),
    /// Too many wrong codes for this IIN and phone: no code until this time.
    Locked(i64),
}

/// Why a code was refused.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum VerifyError {
    NotFound,
    InvalidCode,
    Expired,
    TooManyAttempts,
    /// Too many wrong codes for this IIN and phone today: none is checked until this time.
    Locked(i64),
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

fn random_id() -> String {
    crate::pki::random_hex(16)
}

fn random_code() -> String {
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32))
}

/// Wrong codes per IIN and phone: the moments of the latest ones within the window.
#[derive(Clone, Debug, Default)]
struct WrongCodes {
    by_pair: HashMap<(String, String), VecDeque<i64>>,
}

impl WrongCodes {
    /// `Some(until)` while the pair is locked; forgets the moments out of the window.
    fn locked_until(&mut self, pair: &(String, String), now: i64) -> Option<i64> {
        let list = self.by_pair.get_mut(pair)?;
        while list
            .front()
            .is_some_and(|&t| t + ATTEMPTS_WINDOW_SECONDS <= now)
        {
            list.pop_front();
        }
        if list.is_empty() {
            self.by_pair.remove(pair);
            return None;
        }
        (list.len() >= MAX_WRONG_CODES_PER_DAY).then(|| list[0] + ATTEMPTS_WINDOW_SECONDS)
    }

    /// Counts a wrong code of `pair` at `now`, always: a full table first forgets the pairs
    /// out of the window, then the one with the fewest wrong codes, the oldest first (O(n),
    /// under a flood only: a real backend keeps these in a store with expiry).
    fn record(&mut self, pair: &(String, String), now: i64) {
        if !self.by_pair.contains_key(pair) && self.by_pair.len() >= MAX_PAIRS_COUNTED {
            self.by_pair.retain(|_, list| {
                list.back()
                    .is_some_and(|&t| t + ATTEMPTS_WINDOW_SECONDS > now)
            });
            if self.by_pair.len() >= MAX_PAIRS_COUNTED {
                let victim = self
                    .by_pair
                    .iter()
                    .min_by_key(|(_, list)| (list.len(), list.back().copied()))
                    .map(|(pair, _)| pair.clone());
                if let Some(victim) = victim {
                    self.by_pair.remove(&victim);
                }
            }
        }
        let list = self.by_pair.entry(pair.clone()).or_default();
        list.push_back(now);
        while list.len() > MAX_WRONG_CODES_PER_DAY {
            list.pop_front();
        }
    }

    fn clear(&mut self, pair: &(String, String)) {
        self.by_pair.remove(pair);
    }
}

impl Registrations {
    /// The mock's "now" for these flows: the real time plus the dev clock offset.
    pub fn now(&self) -> i64 {
        now_unix() + self.clock_offset
    }

    /// Requests held (tests: a used or expired one is not).
    pub fn len(&self) -> usize {
        self.requests.len()
    }

    pub fn is_empty(&self) -> bool {
        self.requests.is_empty()
    }

    /// Starts (or restarts) a request of `flow` for `iin` and the phone typed at `now`; `sms`
    /// is what the phone on record is to get ([`Sms::for_start`]), `code` the code if that is
    /// a code. Whatever `sms` is, the outcome has the same shape and timing: the lock and the
    /// resend delay count per IIN and phone typed, sent or not. A restart after the delay
    /// replaces the earlier request of the same flow, IIN and phone (its code dies).
    pub fn start(
        &mut self,
        flow: Flow,
        iin: &str,
        phone: &str,
        sms: Option<Sms>,
        code: String,
        now: i64,
    ) -> StartOutcome {
        self.sweep(now);
        let pair = (iin.to_owned(), phone.to_owned());
        if let Some(until) = self.wrong_codes.locked_until(&pair, now) {
            return StartOutcome::Locked(until);
        }
        let key = (flow, iin.to_owned(), phone.to_owned());
        if let Some(earlier) = self.by_key.get(&key).cloned() {
            let sent_at = self.requests.get(&earlier).map_or(i64::MIN, |r| r.sent_at);
            if now < sent_at.saturating_add(RESEND_AFTER_SECONDS) {
                return StartOutcome::TooSoon(sent_at + RESEND_AFTER_SECONDS);
            }
            self.remove(&earlier);
        }
        let request = CodeRequest {
            id: random_id(),
            flow,
            iin: iin.to_owned(),
            phone: phone.to_owned(),
            code: (sms == Some(Sms::Code)).then_some(code),
            sms,
            sent_at: now,
            expires_at: now + CODE_TTL_SECONDS,
            wrong_codes: 0,
            verified: false,
            dead: false,
        };
        self.insert(request.clone());
        StartOutcome::Started(request)
    }

    /// Checks `code` for request `id` of `flow` at `now`, counting wrong codes per request
    /// and per IIN and phone. A request that sent no code refuses every code the same way.
    pub fn verify(
        &mut self,
        flow: Flow,
        id: &str,
        code: &str,
        now: i64,
    ) -> Result<(), VerifyError> {
        let outcome = self.verify_one(flow, id, code, now);
        self.sweep(now);
        outcome
    }

    fn verify_one(
        &mut self,
        flow: Flow,
        id: &str,
        code: &str,
        now: i64,
    ) -> Result<(), VerifyError> {
        let r = self
            .requests
            .get(id)
            .filter(|r| r.flow == flow)
            .ok_or(VerifyError::NotFound)?;
        if now >= r.expires_at {
            // Said once, then gone.
            self.remove(id);
            return Err(VerifyError::Expired);
        }
        let pair = (r.iin.clone(), r.phone.clone());
        let right = r.code.as_deref() == Some(code);
        if r.verified {
            // Asked again (a double submit, a reload): the same code is still right.
            return if right {
                Ok(())
            } else {
                Err(VerifyError::InvalidCode)
            };
        }
        if let Some(until) = self.wrong_codes.locked_until(&pair, now) {
            return Err(VerifyError::Locked(until));
        }
        let r = self.requests.get_mut(id).expect("found above");
        if r.dead {
            return Err(VerifyError::TooManyAttempts);
        }
        if right {
            r.verified = true;
            let old = std::mem::replace(&mut r.expires_at, now + VERIFIED_TTL_SECONDS);
            self.by_expiry.remove(&(old, id.to_owned()));
            self.by_expiry
                .insert((now + VERIFIED_TTL_SECONDS, id.to_owned()));
            self.wrong_codes.clear(&pair);
            return Ok(());
        }
        r.wrong_codes += 1;
        let void = r.wrong_codes >= MAX_CODE_ATTEMPTS;
        r.dead |= void;
        self.wrong_codes.record(&pair, now);
        if let Some(until) = self.wrong_codes.locked_until(&pair, now) {
            return Err(VerifyError::Locked(until));
        }
        if void {
            return Err(VerifyError::TooManyAttempts);
        }
        Err(VerifyError::InvalidCode)
    }

    /// Takes a verified request of `flow` if `password` follows the rules: the caller sets
    /// the password of `request.iin`. The request is used up (dropped); an expired one is
    /// dropped too.
    pub fn complete(
        &mut self,
        flow: Flow,
        id: &str,
        password: &str,
        now: i64,
    ) -> Result<CodeRequest, CompleteError> {
        let outcome = self.complete_one(flow, id, password, now);
        self.sweep(now);
        outcome
    }

    fn complete_one(
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
        if now >= r.expires_at {
            self.remove(id);
            return Err(CompleteError::Expired);
        }
        if !r.verified {
            return Err(CompleteError::NotVerified);
        }
        password_problem(password, &r.iin).map_or(Ok(()), |p| Err(CompleteError::Weak(p)))?;
        Ok(self.remove(id).expect("found above"))
    }

    /// Notes an SMS "sent" for `request`, for `/__dev/sms` (the oldest goes past
    /// [`MAX_SMS_KEPT`]); returns it.
    pub fn log_sms(&mut self, request: &CodeRequest) -> Option<&SentSms> {
        let kind = request.sms?;
        if self.outbox.len() >= MAX_SMS_KEPT {
            self.outbox.pop_front();
        }
        self.outbox.push_back(SentSms {
            kind,
            code: request.code.clone(),
            text: kind.text(request.flow, request.code.as_deref()),
            request_id: request.id.clone(),
            flow: request.flow,
            phone: request.phone.clone(),
            sent_at: request.sent_at,
            expires_at: request.expires_at,
        });
        self.outbox.back()
    }

    /// The latest SMS sent to `phone` (any flow).
    pub fn latest_sms_to(&self, phone: &str) -> Option<&SentSms> {
        self.outbox.iter().rev().find(|s| s.phone == phone)
    }

    /// The SMS sent for request `id`, if one was.
    pub fn sms_of(&self, id: &str) -> Option<&SentSms> {
        self.outbox.iter().rev().find(|s| s.request_id == id)
    }

    pub fn get(&self, id: &str) -> Option<&CodeRequest> {
        self.requests.get(id)
    }

    fn insert(&mut self, request: CodeRequest) {
        if self.requests.len() >= MAX_REQUESTS {
            // Under a flood only (the ended ones went in the sweep): the first to expire.
            if let Some((_, id)) = self.by_expiry.first().cloned() {
                self.remove(&id);
            }
        }
        self.by_expiry
            .insert((request.expires_at, request.id.clone()));
        self.by_key.insert(
            (request.flow, request.iin.clone(), request.phone.clone()),
            request.id.clone(),
        );
        self.requests.insert(request.id.clone(), request);
    }

    fn remove(&mut self, id: &str) -> Option<CodeRequest> {
        let r = self.requests.remove(id)?;
        self.by_expiry.remove(&(r.expires_at, r.id.clone()));
        let key = (r.flow, r.iin.clone(), r.phone.clone());
        if self.by_key.get(&key).is_some_and(|held| held == id) {
            self.by_key.remove(&key);
        }
        Some(r)
    }

    /// Drops every request that has expired by `now` (its code, or its time to set the
    /// password): a token is never kept past its end.
    fn sweep(&mut self, now: i64) {
        while let Some((expires_at, id)) = self.by_expiry.first().cloned() {
            if expires_at > now {
                break;
            }
            self.remove(&id);
        }
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

/// 403 `verification_locked`: too many wrong codes for this IIN and phone; `until` (and
/// `Retry-After`) when a code may be asked and checked again.
fn locked(now: i64, until: i64) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "verification_locked",
        "Too many wrong codes for this IIN and phone in 24 hours: no code until `until`.",
    )
    .lasting(now, until)
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
    let mut store = ctx.state.lock();
    // What the phone on record gets (if the phone typed is it): decided here, told to no one.
    let sms = Sms::for_start(flow, store.users.get(&iin), &phone);
    let now = store.registrations.now();
    let request = match store
        .registrations
        .start(flow, &iin, &phone, sms, random_code(), now)
    {
        StartOutcome::Locked(until) => return Err(locked(now, until)),
        StartOutcome::TooSoon(until) => {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "resend_too_soon",
                "A code was asked a moment ago: wait before asking for another.",
            )
            .lasting(now, until))
        }
        StartOutcome::Started(request) => request,
    };
    if ctx.options.log_requests {
        // The SMS gateway's log: the phone masked, never the IIN.
        match (request.sms, &request.code) {
            (Some(Sms::Code), Some(code)) => {
                eprintln!("SMS to {}: code {code}", mask_phone(&phone))
            }
            (Some(notice), _) => eprintln!(
                "SMS to {}: {} notice (no code)",
                mask_phone(&phone),
                notice.name()
            ),
            (None, _) => eprintln!("SMS: none (the IIN and phone match no one on record)"),
        }
    }
    if ctx.options.dev {
        store.registrations.log_sms(&request);
    }
    Ok(Json(CodeRequestAnswer {
        request_id: request.id,
        resend_after_seconds: RESEND_AFTER_SECONDS,
        expires_at: format_rfc3339(request.expires_at),
    })
    .into_response())
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
            "Too many wrong codes: this request is void, ask for a new code.",
        )),
        Err(VerifyError::Locked(until)) => Err(locked(now, until)),
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
    // A registration that finds an account (made meanwhile by another request) replaces its
    // password like a reset: the code proved the phone on record either way.
    let had_password = user.password.is_some();
    user.password = Some(password);
    let profile = user.profile();
    let session = store.log_in_as(&request.iin);
    if flow == Flow::PasswordReset || had_password {
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

/// `GET /__dev/sms?phone=+77070000823` or `?request_id=…`: the last SMS "sent" — a code, or a
/// notice without one (`kind`: `code`, `account_exists`, `no_account`). A request that sent
/// nothing has none (404), and nothing ever goes to a phone that is not on record.
/// (A `+` in a query string may arrive as a space: the phone is normalised either way.)
pub(crate) async fn dev_sms(
    State(ctx): State<Ctx>,
    Query(q): Query<SmsQuery>,
) -> Result<Response, ApiError> {
    let store = ctx.state.lock();
    let regs = &store.registrations;
    let sms = match (&q.request_id, &q.phone) {
        (Some(id), _) => regs.sms_of(id),
        (None, Some(phone)) => normalise_phone(phone).and_then(|p| regs.latest_sms_to(&p)),
        (None, None) => None,
    }
    .ok_or_else(ApiError::not_found)?;
    let wrong_codes = regs.get(&sms.request_id).map(|r| r.wrong_codes);
    let mut answer = serde_json::to_value(sms).unwrap_or_default();
    answer["sent_at"] = format_rfc3339(sms.sent_at).into();
    answer["expires_at"] = format_rfc3339(sms.expires_at).into();
    answer["wrong_codes"] = serde_json::json!(wrong_codes);
    Ok(Json(answer).into_response())
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

    fn start_with(r: &mut Registrations, sms: Option<Sms>, phone: &str, now: i64) -> CodeRequest {
        match r.start(Flow::Register, IIN, phone, sms, "123456".into(), now) {
            StartOutcome::Started(req) => req,
            other => panic!("{other:?}"),
        }
    }

    fn started(r: &mut Registrations, now: i64) -> CodeRequest {
        start_with(r, Some(Sms::Code), PHONE, now)
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
        for sms in [Some(Sms::Code), None] {
            assert_eq!(
                r.start(Flow::Register, IIN, PHONE, sms, "654321".into(), 1059),
                StartOutcome::TooSoon(1060),
                "the same wait, sent or not"
            );
        }
        // the other flow is separate, and so is another phone typed
        assert!(matches!(
            r.start(Flow::PasswordReset, IIN, PHONE, None, "111111".into(), 1001),
            StartOutcome::Started(_)
        ));
        start_with(&mut r, None, "+77010000007", 1001);
        let StartOutcome::Started(second) = r.start(
            Flow::Register,
            IIN,
            PHONE,
            Some(Sms::Code),
            "654321".into(),
            1060,
        ) else {
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
    fn a_request_that_sent_no_code_refuses_every_code_like_a_wrong_one() {
        let mut r = Registrations::default();
        for sms in [None, Some(Sms::AccountExists), Some(Sms::NoAccount)] {
            let req = start_with(
                &mut r,
                sms,
                &format!("+7707000{:04}", sms.is_some() as u8),
                1000,
            );
            assert_eq!(req.code, None, "{sms:?}");
            let mut answers = Vec::new();
            for _ in 0..MAX_CODE_ATTEMPTS {
                answers.push(r.verify(Flow::Register, &req.id, "123456", 1001));
            }
            let mut expected = vec![Err(VerifyError::InvalidCode); MAX_CODE_ATTEMPTS as usize - 1];
            expected.push(Err(VerifyError::TooManyAttempts));
            assert_eq!(answers, expected, "{sms:?}");
            r = Registrations::default();
        }
        let req = started(&mut r, 1000);
        assert_eq!(req.code.as_deref(), Some("123456"));
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
    fn ten_wrong_codes_in_24_hours_lock_the_iin_and_phone_across_restarts() {
        let mut r = Registrations::default();
        let mut now = 1000;
        // 4 + 4 wrong codes on two requests, a day's count of 8
        for _ in 0..2 {
            let req = started(&mut r, now);
            for _ in 0..4 {
                assert_eq!(
                    r.verify(Flow::Register, &req.id, "000000", now),
                    Err(VerifyError::InvalidCode)
                );
                now += 1;
            }
            now += RESEND_AFTER_SECONDS;
        }
        let first_wrong = 1000;
        let req = started(&mut r, now);
        assert_eq!(
            r.verify(Flow::Register, &req.id, "000000", now),
            Err(VerifyError::InvalidCode)
        );
        let until = first_wrong + ATTEMPTS_WINDOW_SECONDS;
        assert_eq!(
            r.verify(Flow::Register, &req.id, "000000", now),
            Err(VerifyError::Locked(until)),
            "the tenth"
        );
        assert_eq!(
            r.verify(Flow::Register, &req.id, "123456", now + 1),
            Err(VerifyError::Locked(until)),
            "even the right code"
        );
        now += RESEND_AFTER_SECONDS;
        for flow in [Flow::Register, Flow::PasswordReset] {
            assert_eq!(
                r.start(flow, IIN, PHONE, Some(Sms::Code), "123456".into(), now),
                StartOutcome::Locked(until)
            );
        }
        // another phone typed with the IIN is another pair
        start_with(&mut r, None, "+77010000007", now);
        // the window rolls: once the first wrong code is a day old, one more try
        let req = started(&mut r, until);
        assert_eq!(
            r.verify(Flow::Register, &req.id, "000000", until),
            Err(VerifyError::Locked(1001 + ATTEMPTS_WINDOW_SECONDS))
        );
        // and a right code clears the count
        let later = 1010 + ATTEMPTS_WINDOW_SECONDS + 2 * RESEND_AFTER_SECONDS;
        let req = started(&mut r, later);
        assert_eq!(r.verify(Flow::Register, &req.id, "123456", later), Ok(()));
        assert!(r.wrong_codes.by_pair.is_empty());
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
        assert_eq!(
            r.verify(Flow::Register, &req.id, "123456", 1000 + CODE_TTL_SECONDS),
            Err(VerifyError::NotFound),
            "said once, then gone"
        );
        assert!(r.is_empty());
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
        let done = r
            .complete(Flow::Register, &req.id, "abcdefg1", 1004)
            .unwrap();
        assert_eq!(done.iin, IIN);
        assert_eq!(
            r.complete(Flow::Register, &req.id, "abcdefg1", 1005),
            Err(CompleteError::NotFound),
            "used up"
        );
        assert!(r.is_empty() && r.by_expiry.is_empty() && r.by_key.is_empty());
    }

    #[test]
    fn a_token_is_dropped_when_it_expires_looked_up_or_not() {
        let mut r = Registrations::default();
        let req = started(&mut r, 1000);
        assert_eq!(r.verify(Flow::Register, &req.id, "123456", 1002), Ok(()));
        let deadline = 1002 + VERIFIED_TTL_SECONDS;
        assert_eq!(
            r.complete(Flow::Register, &req.id, "abcdefg1", deadline),
            Err(CompleteError::Expired)
        );
        assert!(r.get(&req.id).is_none());
        // never looked up again: gone at the next call of anyone
        let verified = started(&mut r, 5000);
        assert_eq!(
            r.verify(Flow::Register, &verified.id, "123456", 5001),
            Ok(())
        );
        let unverified = start_with(&mut r, None, "+77010000007", 5001);
        assert_eq!(r.len(), 2);
        let _ = r.verify(Flow::Register, "nope", "123456", 5001 + CODE_TTL_SECONDS);
        assert!(r.get(&unverified.id).is_none() && r.get(&verified.id).is_some());
        let _ = r.complete(Flow::Register, "nope", "x", 5001 + VERIFIED_TTL_SECONDS);
        assert!(r.is_empty() && r.by_expiry.is_empty() && r.by_key.is_empty());
    }

    #[test]
    fn the_tables_are_bounded() {
        let mut r = Registrations::default();
        let person = started(&mut r, 1000);
        for i in 0..MAX_REQUESTS {
            let iin = format!("7{i:011}");
            let _ = r.start(Flow::Register, &iin, PHONE, None, String::new(), 1001);
        }
        assert_eq!(r.len(), MAX_REQUESTS);
        assert!(r.get(&person.id).is_none(), "the first to expire made room");
        assert_eq!(r.by_expiry.len(), MAX_REQUESTS);
        assert_eq!(r.by_key.len(), MAX_REQUESTS);
        for _ in 0..MAX_SMS_KEPT + 5 {
            r.log_sms(&started(&mut Registrations::default(), 1000));
        }
        assert_eq!(r.outbox.len(), MAX_SMS_KEPT);

        // pairs: a flood of single guesses evicts its own, never a pair near its limit
        let mut w = WrongCodes::default();
        let target = (IIN.to_owned(), PHONE.to_owned());
        for t in 0..9 {
            w.record(&target, 1000 + t);
        }
        for i in 0..MAX_PAIRS_COUNTED {
            w.record(&(format!("7{i:011}"), PHONE.to_owned()), 2000);
        }
        assert_eq!(w.by_pair.len(), MAX_PAIRS_COUNTED);
        w.record(&target, 2001);
        assert_eq!(
            w.locked_until(&target, 2001),
            Some(1000 + ATTEMPTS_WINDOW_SECONDS)
        );
    }
}
