//! In-memory state seeded from the fixture files (compiled in, so the binary runs anywhere).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use zeinet_domain::session::Remaining;
use zeinet_domain::{Date, DateTime};

use crate::model::*;

/// Generated fixtures go back from this day.
const GENERATED_UNTIL: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();

/// Consecutive failed log-ins of one IIN that lock it.
pub const MAX_LOGIN_FAILURES: u32 = 5;
/// How long a locked IIN stays locked.
pub const LOCK_SECONDS: i64 = 15 * 60;
/// The most IINs whose failures are remembered; past it the oldest entry is forgotten.
pub const MAX_IINS_COUNTED: usize = 100_000;

/// The fixture files, parsed and checked.
#[derive(Clone, Debug)]
pub struct Fixtures {
    pub users: Vec<User>,
    pub applications: Vec<Application>,
    pub payment_orders: Vec<PaymentOrder>,
    pub banks: Vec<Bank>,
    pub refund_applications: Vec<RefundApplication>,
    /// The bank accounts the bank check knows (the rest of the valid IBANs pass).
    pub accounts: Vec<TestAccount>,
}

fn parse<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("fixtures/{name}: {e}"))
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

impl Fixtures {
    /// The fixtures compiled into the binary.
    pub fn builtin() -> Result<Self, String> {
        let f = Fixtures {
            users: parse("users.json", include_str!("../fixtures/users.json"))?,
            applications: parse(
                "applications.json",
                include_str!("../fixtures/applications.json"),
            )?,
            payment_orders: parse(
                "payment_orders.json",
                include_str!("../fixtures/payment_orders.json"),
            )?,
            banks: parse("banks.json", include_str!("../fixtures/banks.json"))?,
            refund_applications: parse(
                "refund_applications.json",
                include_str!("../fixtures/refund_applications.json"),
            )?,
            accounts: parse("accounts.json", include_str!("../fixtures/accounts.json"))?,
        };
        f.check()?;
        Ok(f)
    }

    /// Consistency of the fixtures: what the contract promises about the data.
    pub fn check(&self) -> Result<(), String> {
        let mut iins = HashSet::new();
        for u in &self.users {
            if !is_exact_iin(&u.iin) || !iins.insert(u.iin.as_str()) {
                return Err(format!("users: bad or duplicate IIN {}", u.iin));
            }
            if !(u.phone.len() == 12 && u.phone.starts_with("+77") && digits(&u.phone[1..])) {
                return Err(format!("users: bad phone of {}", u.iin));
            }
        }
        let bics: HashSet<&str> = self.banks.iter().map(|b| b.bic.as_str()).collect();
        for b in &self.banks {
            if !is_exact_iin(&b.bin) || b.iban_code.len() != 3 || !digits(&b.iban_code) {
                return Err(format!("banks: bad BIN or IBAN code of {}", b.bic));
            }
        }
        let mut ids = HashSet::new();
        for a in &self.applications {
            let ctx = || format!("applications: {}", a.id);
            if !ids.insert(a.id.as_str()) || !iins.contains(a.owner_iin.as_str()) {
                return Err(format!("{}: duplicate id or unknown owner", ctx()));
            }
            if !digits(&a.number) || !bics.contains(a.bank_bic.as_str()) || a.currency != "KZT" {
                return Err(format!("{}: bad number, bank or currency", ctx()));
            }
            // As the frontend reads them.
            if Date::parse(&a.filed_on).is_err()
                || DateTime::parse(&a.received_at).is_err()
                || a.deadline
                    .as_deref()
                    .is_some_and(|d| Date::parse(d).is_err())
                || a.history.iter().any(|h| Date::parse(&h.at).is_err())
            {
                return Err(format!("{}: bad date", ctx()));
            }
            if a.history.last().map(|h| h.status) != Some(a.status) {
                return Err(format!("{}: history does not end in the status", ctx()));
            }
            if (a.status == ApplicationStatus::Refused) != a.refusal_reason.is_some() {
                return Err(format!("{}: refusal_reason iff refused", ctx()));
            }
        }
        for o in &self.payment_orders {
            if !ids.insert(o.id.as_str())
                || !iins.contains(o.owner_iin.as_str())
                || !digits(&o.number)
                || !bics.contains(o.bank_bic.as_str())
                || Date::parse(&o.paid_on).is_err()
            {
                return Err(format!("payment_orders: {}", o.id));
            }
        }
        for r in &self.refund_applications {
            if !ids.insert(r.id.as_str())
                || !iins.contains(r.owner_iin.as_str())
                || !digits(&r.number)
                || r.iban_last4.len() != 4
                || r.history.last().map(|h| h.status) != Some(r.status)
            {
                return Err(format!("refund_applications: {}", r.id));
            }
        }
        let mut ibans = HashSet::new();
        for a in &self.accounts {
            let iban = zeinet_domain::Iban::parse(&a.iban)
                .map_err(|e| format!("accounts: {}: {e}", a.iban))?;
            let bank = self.banks.iter().find(|b| b.bic == a.bank_bic);
            if iban.as_str() != a.iban
                || !ibans.insert(a.iban.as_str())
                || bank.is_none_or(|b| b.iban_code != iban.bank_code())
                || !iins.contains(a.holder_iin.as_str())
            {
                return Err(format!(
                    "accounts: {}: not normalised, duplicate, wrong bank code or unknown holder",
                    a.iban
                ));
            }
        }
        Ok(())
    }
}

/// One injected fault (PUT /__dev/faults).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// `GET`, `POST`, …; `null` = any method.
    #[serde(default)]
    pub method: Option<String>,
    /// An exact path, or a prefix ending in `*`.
    pub path: String,
    #[serde(default)]
    pub latency_ms: Option<u64>,
    #[serde(default)]
    pub status: Option<u16>,
    /// The raw body to answer with (e.g. malformed JSON).
    #[serde(default)]
    pub body: Option<String>,
    /// Drop the connection without an answer.
    #[serde(default)]
    pub drop: bool,
    /// How many requests it still applies to; `null` = until cleared.
    #[serde(default)]
    pub times: Option<u32>,
}

impl Fault {
    pub fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = self
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method));
        let path_ok = match self.path.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == self.path,
        };
        method_ok && path_ok
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Failures {
    count: u32,
    locked_until: Option<i64>,
    /// The last failure (Unix seconds): the oldest entry goes when the table is full.
    last: i64,
}

/// A session: whose, and when it started and was last used (the mock's Unix seconds).
#[derive(Clone, Debug)]
struct LiveSession {
    iin: String,
    started: i64,
    last_seen: i64,
}

/// How long sessions live (from [`crate::Options`]).
#[derive(Clone, Copy, Debug)]
pub struct SessionLimits {
    pub idle_seconds: u32,
    pub absolute_seconds: u32,
}

impl LiveSession {
    /// What is left of it at `now`, or `None` once it has ended.
    fn remaining(&self, now: i64, limits: SessionLimits) -> Option<Remaining> {
        let idle = self.last_seen + i64::from(limits.idle_seconds) - now;
        let absolute = self.started + i64::from(limits.absolute_seconds) - now;
        (idle > 0 && absolute > 0).then(|| Remaining {
            idle_seconds: u32::try_from(idle).unwrap_or(u32::MAX),
            absolute_seconds: u32::try_from(absolute).unwrap_or(u32::MAX),
        })
    }
}

/// What a password log-in comes to.
#[derive(Debug)]
pub enum LoginOutcome {
    /// The profile and the new session id.
    Success(Profile, String),
    Invalid,
    /// Locked until these Unix seconds.
    Locked(i64),
}

/// Everything that changes while the mock runs.
#[derive(Debug)]
pub struct Store {
    pub users: BTreeMap<String, User>,
    /// By owner IIN, newest first.
    pub applications: HashMap<String, Vec<Application>>,
    pub payment_orders: HashMap<String, Vec<PaymentOrder>>,
    pub banks: Vec<Bank>,
    pub refund_applications: HashMap<String, Vec<RefundApplication>>,
    /// Live sessions by id.
    sessions: HashMap<String, LiveSession>,
    failures: HashMap<String, Failures>,
    /// Failed password log-ins per client (429 `too_many_attempts`); cleared by a reset.
    pub throttle: crate::throttle::ClientThrottle,
    pub maintenance: ServiceStatus,
    pub faults: Vec<Fault>,
    /// EDS log-in challenges handed out and not used yet.
    pub eds_challenges: crate::eds::Challenges,
    /// eGov mobile log-in procedures.
    pub egov: crate::egov::Procedures,
    /// Cancellation documents handed out and not used yet.
    pub cancel_documents: crate::cancel::Documents,
    /// The bank accounts the bank check knows (fixtures/accounts.json).
    pub accounts: Vec<TestAccount>,
    /// VPC refund documents handed out (kept a while after use or expiry).
    pub refund_documents: crate::refund::Documents,
    /// Filed refunds by (IIN, Idempotency-Key): the body and the answer, for retries.
    pub refund_idempotency: crate::refund::Idempotency,
    /// The number of the next refund application filed.
    pub next_refund_number: u64,
    /// How the stand-in NCALayer behaves (PUT /__dev/ncalayer).
    pub ncalayer: crate::ncalayer::Control,
    /// SMS code requests of registration and password reset.
    pub registrations: crate::registration::Registrations,
}

impl Store {
    fn from_fixtures(f: &Fixtures) -> Self {
        let mut applications: HashMap<String, Vec<Application>> = HashMap::new();
        for a in &f.applications {
            applications
                .entry(a.owner_iin.clone())
                .or_default()
                .push(a.clone());
        }
        for list in applications.values_mut() {
            list.sort_by(newest_first);
        }
        let mut payment_orders: HashMap<String, Vec<PaymentOrder>> = HashMap::new();
        for o in &f.payment_orders {
            payment_orders
                .entry(o.owner_iin.clone())
                .or_default()
                .push(o.clone());
        }
        for list in payment_orders.values_mut() {
            list.sort_by(|a, b| {
                b.paid_on
                    .cmp(&a.paid_on)
                    .then_with(|| b.number.cmp(&a.number))
            });
        }
        let mut refund_applications: HashMap<String, Vec<RefundApplication>> = HashMap::new();
        for r in &f.refund_applications {
            refund_applications
                .entry(r.owner_iin.clone())
                .or_default()
                .push(r.clone());
        }
        for list in refund_applications.values_mut() {
            list.sort_by(|a, b| {
                b.filed_on
                    .cmp(&a.filed_on)
                    .then_with(|| b.number.cmp(&a.number))
            });
        }
        let next_refund_number = f
            .refund_applications
            .iter()
            .filter_map(|r| r.number.parse::<u64>().ok())
            .max()
            .unwrap_or(7_000_000)
            + 1;
        Store {
            users: f.users.iter().map(|u| (u.iin.clone(), u.clone())).collect(),
            applications,
            payment_orders,
            banks: f.banks.clone(),
            refund_applications,
            sessions: HashMap::new(),
            failures: HashMap::new(),
            throttle: Default::default(),
            maintenance: ServiceStatus {
                maintenance: false,
                until: None,
            },
            faults: Vec::new(),
            eds_challenges: Default::default(),
            egov: Default::default(),
            cancel_documents: Default::default(),
            accounts: f.accounts.clone(),
            refund_documents: Default::default(),
            refund_idempotency: Default::default(),
            next_refund_number,
            ncalayer: Default::default(),
            registrations: Default::default(),
        }
    }

    /// Checks a password log-in at `now` (Unix seconds), counting failures per IIN.
    /// An IIN without an account fails like a wrong password (and is counted the same way),
    /// so the answer never tells which of the two was wrong. The table holds at most
    /// [`MAX_IINS_COUNTED`] IINs: a new one is always counted, and the oldest makes room.
    pub fn login(&mut self, iin: &str, password: &str, now: i64) -> LoginOutcome {
        if !self.failures.contains_key(iin) && self.failures.len() >= MAX_IINS_COUNTED {
            self.forget_oldest_failures(now);
        }
        let entry = self.failures.entry(iin.to_owned()).or_default();
        if let Some(until) = entry.locked_until {
            if now < until {
                return LoginOutcome::Locked(until);
            }
            *entry = Failures::default();
        }
        let user = self
            .users
            .get(iin)
            .filter(|u| u.password.as_deref() == Some(password));
        match user {
            Some(user) => {
                let profile = user.profile();
                self.failures.remove(iin);
                let session = self.new_session(iin);
                LoginOutcome::Success(profile, session)
            }
            None => {
                entry.count += 1;
                entry.last = now;
                if entry.count >= MAX_LOGIN_FAILURES {
                    let until = now + LOCK_SECONDS;
                    entry.locked_until = Some(until);
                    LoginOutcome::Locked(until)
                } else {
                    LoginOutcome::Invalid
                }
            }
        }
    }

    /// Makes room in the failures table (full only under a flood of IINs): the ended lock-outs
    /// go, then the entry whose last failure is the oldest. (O(n): a real backend keeps these
    /// in a store with expiry.)
    fn forget_oldest_failures(&mut self, now: i64) {
        self.failures
            .retain(|_, f| f.locked_until.is_none_or(|until| until > now));
        if self.failures.len() >= MAX_IINS_COUNTED {
            let oldest = self
                .failures
                .iter()
                .min_by_key(|(_, f)| f.last)
                .map(|(iin, _)| iin.clone());
            if let Some(oldest) = oldest {
                self.failures.remove(&oldest);
            }
        }
    }

    /// A new session of `iin` after registration, a password reset, EDS or eGov mobile: a
    /// person who proved who they are is let in whatever the password lock-out says (anyone
    /// can lock an IIN by guessing), and the lock-out is cleared.
    pub(crate) fn log_in_as(&mut self, iin: &str) -> String {
        self.failures.remove(iin);
        self.new_session(iin)
    }

    fn new_session(&mut self, iin: &str) -> String {
        let id = crate::pki::random_hex(32);
        let now = self.registrations.now();
        let session = LiveSession {
            iin: iin.to_owned(),
            started: now,
            last_seen: now,
        };
        self.sessions.insert(id.clone(), session);
        id
    }

    /// The IIN of a live session, which this request uses: its idle time starts again. A
    /// session past either limit is ended here (and stays ended, whatever the clock does).
    pub fn use_session(&mut self, session: &str, limits: SessionLimits) -> Option<String> {
        let now = self.registrations.now();
        let live = self.sessions.get_mut(session)?;
        if live.remaining(now, limits).is_none() {
            self.sessions.remove(session);
            return None;
        }
        live.last_seen = now;
        Some(live.iin.clone())
    }

    /// What is left of a live session now (without using it).
    pub fn session_remaining(&self, session: &str, limits: SessionLimits) -> Option<Remaining> {
        let now = self.registrations.now();
        self.sessions.get(session)?.remaining(now, limits)
    }

    /// Ends every session of `iin` but `keep` (a password reset: a stolen cookie dies with
    /// the old password).
    pub fn end_other_sessions(&mut self, iin: &str, keep: &str) {
        self.sessions.retain(|id, s| s.iin != iin || id == keep);
    }

    pub fn end_session(&mut self, session: &str) {
        self.sessions.remove(session);
    }

    pub fn end_all_sessions(&mut self) {
        self.sessions.clear();
    }

    pub fn bank_name(&self, bic: &str) -> &str {
        self.banks
            .iter()
            .find(|b| b.bic == bic)
            .map_or("", |b| b.name.as_str())
    }

    /// The first fault that applies to this request, counting it down.
    pub fn take_fault(&mut self, method: &str, path: &str) -> Option<Fault> {
        let i = self.faults.iter().position(|f| f.matches(method, path))?;
        let fault = self.faults[i].clone();
        if let Some(times) = self.faults[i].times.as_mut() {
            *times = times.saturating_sub(1);
            if *times == 0 {
                self.faults.remove(i);
            }
        }
        Some(fault)
    }

    /// Replaces the applications of `iin` with `n` generated ones (deterministic).
    pub fn generate_applications(&mut self, iin: &str, n: usize) {
        let mut list: Vec<Application> = (0..n).map(|i| generated_application(iin, i)).collect();
        list.sort_by(newest_first);
        self.applications.insert(iin.to_owned(), list);
    }

    /// Replaces the payment orders of `iin` with `n` generated ones (deterministic).
    pub fn generate_payment_orders(&mut self, iin: &str, n: usize) {
        const BICS: [&str; 3] = ["CASPKZKA", "HSBKKZKX", "KCJBKZKX"];
        let list = (0..n)
            .map(|i| {
                let number = (60_000_000 + i).to_string();
                PaymentOrder {
                    id: format!("gen-po-{number}"),
                    owner_iin: iin.to_owned(),
                    paid_on: (GENERATED_UNTIL - Days::new((i / 2) as u64)).to_string(),
                    available_tiyn: 10_000 * (1 + (i as u64 * 37) % 500),
                    bank_bic: BICS[i % BICS.len()].to_owned(),
                    number,
                }
            })
            .collect();
        self.payment_orders.insert(iin.to_owned(), list);
    }
}

/// Application `i` of a generated fixture: every kind and status, three a day going back from
/// 2026-11-01 (so days repeat and the tie-break by number matters).
fn generated_application(iin: &str, i: usize) -> Application {
    use ApplicationStatus::*;
    const BICS: [&str; 5] = ["HSBKKZKX", "CASPKZKA", "KCJBKZKX", "HCSKKZKA", "IRTYKZKA"];
    let kind = ApplicationKind::ALL[i % ApplicationKind::ALL.len()];
    let status = if kind == ApplicationKind::IpmTransfer {
        ApplicationStatus::ALL[(i / 12) % 6]
    } else {
        [Accepted, InProgress, Executed, Refused][(i / 12 + i) % 4]
    };
    let contract = match kind {
        ApplicationKind::VpcPayment => ContractType::Vpc,
        _ if i.is_multiple_of(3) => ContractType::Oppv,
        _ => ContractType::Opv,
    };
    let purpose = match kind {
        ApplicationKind::HousingLumpSum if i.is_multiple_of(2) => {
            Some(Purpose::MortgagePartialRepayment)
        }
        ApplicationKind::HousingLumpSum => Some(Purpose::HousingPurchase),
        ApplicationKind::TreatmentLumpSum => Some(Purpose::Treatment),
        _ => None,
    };
    let day = GENERATED_UNTIL - Days::new((i / 3) as u64);
    let filed_on = day.to_string();
    // Almaty's offset that day, by the domain's rule (noon UTC is that day in Almaty).
    let noon = zeinet_domain::DateTime::parse(&format!("{day}T12:00:00Z")).expect("a valid date");
    let almaty_noon = noon.to_string();
    let offset = &almaty_noon[almaty_noon.len() - 6..];
    let secs = (i * 7919) % 32_400 + 9 * 3600;
    let number = (2_000_000 + i).to_string();
    Application {
        id: format!("gen-{number}"),
        owner_iin: iin.to_owned(),
        kind,
        contract,
        status,
        purpose,
        submitted: i % 10 != 9,
        received_at: format!(
            "{filed_on}T{:02}:{:02}:{:02}{offset}",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        ),
        bank_bic: BICS[i % BICS.len()].to_owned(),
        currency: "KZT".to_owned(),
        deadline: match status {
            Refused | CancelledByApplicant => None,
            _ => Some((day + Days::new(7)).to_string()),
        },
        history: history_for(status, &filed_on),
        refusal_reason: (status == Refused).then(|| format!("Generated refusal reason №{}", i + 1)),
        filed_on,
        number,
    }
}

/// The shared state: the store behind a mutex, and the fixtures to reset to.
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Mutex<Store>>,
    fixtures: Arc<Fixtures>,
}

impl AppState {
    pub fn new(fixtures: Fixtures) -> Self {
        AppState {
            inner: Arc::new(Mutex::new(Store::from_fixtures(&fixtures))),
            fixtures: Arc::new(fixtures),
        }
    }

    /// State seeded from the built-in fixtures.
    pub fn from_fixtures() -> Self {
        Self::new(Fixtures::builtin().expect("the built-in fixtures are checked by the tests"))
    }

    /// Everything back to the fixtures: data, sessions, lock-outs, faults, maintenance.
    pub fn reset(&self) {
        *self.lock() = Store::from_fixtures(&self.fixtures);
    }

    pub fn lock(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock leaves consistent data (every change is one step).
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_failures_per_iin_are_bounded_and_the_oldest_goes_first() {
        let state = AppState::from_fixtures();
        let mut store = state.lock();
        for _ in 0..MAX_LOGIN_FAILURES {
            store.login("900101300007", "wrong", 1000);
        }
        for i in 0..MAX_IINS_COUNTED as i64 {
            store.login(&format!("7{i:011}"), "wrong", 2000 + i);
        }
        assert!(store.failures.len() <= MAX_IINS_COUNTED, "bounded");
        assert!(
            !store.failures.contains_key("900101300007"),
            "the oldest made room"
        );
        let now = 2000 + MAX_IINS_COUNTED as i64;
        for _ in 0..MAX_LOGIN_FAILURES - 1 {
            assert!(matches!(
                store.login("900101300811", "wrong", now),
                LoginOutcome::Invalid
            ));
        }
        assert!(
            matches!(
                store.login("900101300811", "wrong", now),
                LoginOutcome::Locked(_)
            ),
            "a new IIN is counted although the table was full"
        );
        assert!(store.failures.len() <= MAX_IINS_COUNTED);
    }

    #[test]
    fn builtin_fixtures_are_consistent() {
        let f = Fixtures::builtin().unwrap();
        assert_eq!(f.banks.len(), 18);
        let ivanov: Vec<_> = f
            .applications
            .iter()
            .filter(|a| a.owner_iin == "900101300007")
            .collect();
        for kind in ApplicationKind::ALL {
            assert!(
                ivanov.iter().filter(|a| a.kind == kind).count() >= 2,
                "{kind:?}"
            );
        }
        for status in ApplicationStatus::ALL {
            assert!(
                ivanov.iter().filter(|a| a.status == status).count() >= 3,
                "{status:?}"
            );
        }
        assert!(ivanov.iter().filter(|a| a.cancellable()).count() >= 3);
        let memo = ivanov.iter().find(|a| a.number == "188041").unwrap();
        assert_eq!(memo.received_at, "2021-02-18T12:26:02+06:00");
        assert_eq!(memo.deadline.as_deref(), Some("2021-02-25"));
        let order = f
            .payment_orders
            .iter()
            .find(|o| o.number == "49756052")
            .unwrap();
        assert_eq!(
            (order.available_tiyn, order.bank_bic.as_str()),
            (50_000, "CASPKZKA")
        );
        let aigul = "900101300017";
        assert!(!f.applications.iter().any(|a| a.owner_iin == aigul));
        assert!(!f.payment_orders.iter().any(|o| o.owner_iin == aigul));
        let not_registered = f.users.iter().find(|u| u.iin == "900101300823").unwrap();
        assert!(not_registered.password.is_none());
    }

    #[test]
    fn generated_fixture_is_consistent_and_deterministic() {
        let mut f = Fixtures::builtin().unwrap();
        f.applications = (0..1000)
            .map(|i| generated_application("900101300007", i))
            .collect();
        f.check().unwrap();
        let a = generated_application("900101300007", 777);
        let b = generated_application("900101300007", 777);
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }

    #[test]
    fn lockout_after_five_failures_and_reset_on_success() {
        let state = AppState::from_fixtures();
        let mut s = state.lock();
        let iin = "900101300007";
        for _ in 0..4 {
            assert!(matches!(s.login(iin, "wrong", 1000), LoginOutcome::Invalid));
        }
        assert!(matches!(
            s.login(iin, "Zeinet-2026!", 1000),
            LoginOutcome::Success(..)
        ));
        for _ in 0..4 {
            assert!(matches!(s.login(iin, "wrong", 1000), LoginOutcome::Invalid));
        }
        assert!(matches!(
            s.login(iin, "wrong", 1000),
            LoginOutcome::Locked(1900)
        ));
        assert!(matches!(
            s.login(iin, "Zeinet-2026!", 1899),
            LoginOutcome::Locked(1900)
        ));
        assert!(matches!(
            s.login(iin, "Zeinet-2026!", 1900),
            LoginOutcome::Success(..)
        ));
    }

    #[test]
    fn fault_matching_and_countdown() {
        let f = Fault {
            method: Some("get".into()),
            path: "/api/applications*".into(),
            latency_ms: None,
            status: Some(500),
            body: None,
            drop: false,
            times: Some(2),
        };
        assert!(f.matches("GET", "/api/applications/app-1"));
        assert!(!f.matches("POST", "/api/applications"));
        let exact = Fault {
            path: "/api/banks".into(),
            method: None,
            ..f.clone()
        };
        assert!(exact.matches("PUT", "/api/banks") && !exact.matches("GET", "/api/banks/x"));
        let state = AppState::from_fixtures();
        let mut s = state.lock();
        s.faults.push(f);
        assert!(s.take_fault("GET", "/api/applications").is_some());
        assert!(s.take_fault("GET", "/api/applications").is_some());
        assert!(s.take_fault("GET", "/api/applications").is_none());
    }
}
