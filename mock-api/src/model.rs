//! The data: fixture records (as stored) and the DTOs the API answers with (contract/openapi.json).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationKind {
    HousingLumpSum,
    TreatmentLumpSum,
    Payment,
    Age,
    Disability,
    Heirs,
    Burial,
    Emigration,
    VpcPayment,
    InsurerTransfer,
    IpmTransfer,
    BankDetailsChange,
}

impl ApplicationKind {
    pub const ALL: [ApplicationKind; 12] = [
        Self::HousingLumpSum,
        Self::TreatmentLumpSum,
        Self::Payment,
        Self::Age,
        Self::Disability,
        Self::Heirs,
        Self::Burial,
        Self::Emigration,
        Self::VpcPayment,
        Self::InsurerTransfer,
        Self::IpmTransfer,
        Self::BankDetailsChange,
    ];

    /// The contract's code (`ipm_transfer`).
    pub fn code(self) -> &'static str {
        self.domain().code()
    }

    /// The same kind in the shared rules.
    pub fn domain(self) -> zeinet_domain::applications::Kind {
        use zeinet_domain::applications::Kind as K;
        match self {
            Self::HousingLumpSum => K::HousingLumpSum,
            Self::TreatmentLumpSum => K::TreatmentLumpSum,
            Self::Payment => K::Payment,
            Self::Age => K::Age,
            Self::Disability => K::Disability,
            Self::Heirs => K::Heirs,
            Self::Burial => K::Burial,
            Self::Emigration => K::Emigration,
            Self::VpcPayment => K::VpcPayment,
            Self::InsurerTransfer => K::InsurerTransfer,
            Self::IpmTransfer => K::IpmTransfer,
            Self::BankDetailsChange => K::BankDetailsChange,
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ContractType {
    Opv,
    Oppv,
    Vpc,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Accepted,
    InProgress,
    Executed,
    Refused,
    CancelledByApplicant,
    CancelRequested,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 6] = [
        Self::Accepted,
        Self::InProgress,
        Self::Executed,
        Self::Refused,
        Self::CancelledByApplicant,
        Self::CancelRequested,
    ];

    /// The same status in the shared rules.
    pub fn domain(self) -> zeinet_domain::applications::Status {
        use zeinet_domain::applications::Status as S;
        match self {
            Self::Accepted => S::Accepted,
            Self::InProgress => S::InProgress,
            Self::Executed => S::Executed,
            Self::Refused => S::Refused,
            Self::CancelledByApplicant => S::CancelledByApplicant,
            Self::CancelRequested => S::CancelRequested,
        }
    }

    /// The contract's code (`cancel_requested`).
    pub fn code(self) -> &'static str {
        self.domain().code()
    }

    /// The status of a contract code; `None` for an unknown one.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    MortgagePartialRepayment,
    HousingPurchase,
    Treatment,
}

/// A person known to the state database "Individuals"; `password` is `None` for a person who
/// has no cabinet account (yet). Plain test passwords: it is a mock.
#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub iin: String,
    pub full_name: String,
    /// `+77XXXXXXXXX`
    pub phone: String,
    pub password: Option<String>,
    /// The account's opaque id (the Profile's `id`): random, not derived from the IIN, the same
    /// for every session of the person (new at each start or reset of the mock).
    #[serde(skip, default = "new_account_id")]
    pub account_id: String,
}

/// 16 random bytes in hex.
fn new_account_id() -> String {
    crate::pki::random_hex(16)
}

impl User {
    pub fn profile(&self) -> Profile {
        Profile {
            id: self.account_id.clone(),
            iin: self.iin.clone(),
            full_name: self.full_name.clone(),
            phone_masked: mask_phone(&self.phone),
        }
    }
}

/// Whether `s` is an IIN or BIN exactly as sent: the domain's rule (`zeinet_domain::Iin`,
/// the frontend's), which trims surrounding whitespace, on a string that has none.
pub fn is_exact_iin(s: &str) -> bool {
    zeinet_domain::Iin::parse(s).is_ok_and(|iin| iin.as_str() == s)
}

/// `+77010000007` → `+7 701 *** ** 07`.
pub fn mask_phone(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 11 {
        return "***".to_owned();
    }
    format!("+7 {} *** ** {}", &digits[1..4], &digits[9..11])
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub status: ApplicationStatus,
    pub at: String,
}

/// An application as stored (fixtures/applications.json).
#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub id: String,
    pub owner_iin: String,
    pub number: String,
    pub kind: ApplicationKind,
    pub contract: ContractType,
    pub filed_on: String,
    pub status: ApplicationStatus,
    pub purpose: Option<Purpose>,
    pub submitted: bool,
    pub received_at: String,
    pub bank_bic: String,
    pub currency: String,
    pub deadline: Option<String>,
    pub history: Vec<StatusChange>,
    pub refusal_reason: Option<String>,
}

impl Application {
    /// The rule of the memo, shared with the frontend (`zeinet_domain`): cancel is available
    /// only for a transfer to an IPM that is «Өңдеуге қабылданды» (accepted).
    pub fn cancellable(&self) -> bool {
        zeinet_domain::applications::cancel_allowed(self.kind.domain(), self.status.domain())
    }

    pub fn summary(&self) -> ApplicationSummary {
        ApplicationSummary {
            id: self.id.clone(),
            number: self.number.clone(),
            kind: self.kind,
            contract: self.contract,
            filed_on: self.filed_on.clone(),
            status: self.status,
            cancellable: self.cancellable(),
        }
    }

    pub fn details(&self, bank_name: &str) -> ApplicationDetails {
        ApplicationDetails {
            id: self.id.clone(),
            number: self.number.clone(),
            kind: self.kind,
            contract: self.contract,
            filed_on: self.filed_on.clone(),
            status: self.status,
            cancellable: self.cancellable(),
            purpose: self.purpose,
            submitted: self.submitted,
            received_at: self.received_at.clone(),
            bank: BankRef {
                bic: self.bank_bic.clone(),
                name: bank_name.to_owned(),
            },
            currency: self.currency.clone(),
            deadline: self.deadline.clone(),
            history: self.history.clone(),
            refusal_reason: self.refusal_reason.clone(),
        }
    }
}

/// The status history an application in `status` filed on `filed_on` goes through.
pub fn history_for(status: ApplicationStatus, filed_on: &str) -> Vec<StatusChange> {
    use ApplicationStatus::*;
    let day0: NaiveDate = filed_on.parse().unwrap_or_default();
    let steps: &[(ApplicationStatus, u64)] = match status {
        Accepted => &[(Accepted, 0)],
        InProgress => &[(Accepted, 0), (InProgress, 1)],
        Executed => &[(Accepted, 0), (Executed, 1)],
        Refused => &[(Accepted, 0), (InProgress, 1), (Refused, 3)],
        CancelRequested => &[(Accepted, 0), (CancelRequested, 2)],
        CancelledByApplicant => &[
            (Accepted, 0),
            (CancelRequested, 2),
            (CancelledByApplicant, 4),
        ],
    };
    steps
        .iter()
        .map(|&(status, d)| StatusChange {
            status,
            at: (day0 + Days::new(d)).to_string(),
        })
        .collect()
}

/// Order of the list: filed_on descending, then number descending (numerically).
pub fn newest_first(a: &Application, b: &Application) -> std::cmp::Ordering {
    b.filed_on
        .cmp(&a.filed_on)
        .then_with(|| b.number.len().cmp(&a.number.len()))
        .then_with(|| b.number.cmp(&a.number))
}

#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct PaymentOrder {
    pub id: String,
    #[serde(skip_serializing)]
    pub owner_iin: String,
    pub number: String,
    pub paid_on: String,
    pub available_tiyn: u64,
    pub bank_bic: String,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct Bank {
    pub bic: String,
    pub bin: String,
    pub name: String,
    pub branch: String,
    pub iban_code: String,
}

/// The contract's `AccountType`: the kind of account the refund goes to.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    /// Карточкалық / карточный счёт.
    Card,
    /// Ағымдағы / текущий счёт.
    Current,
}

impl AccountType {
    pub const ALL: [AccountType; 2] = [Self::Card, Self::Current];

    /// The contract's code (`card`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Card => "card",
            Self::Current => "current",
        }
    }

    /// The account type of a contract code; `None` for an unknown one.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// A bank account the mock's "bank directory" knows (fixtures/accounts.json): what the bank
/// check answers for it. Any other valid IBAN with the right bank code passes the check.
#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct TestAccount {
    /// Normalised: 20 characters, upper case, no spaces.
    pub iban: String,
    pub bank_bic: String,
    pub account_type: AccountType,
    /// Whose account it is: the check answers `name_mismatch` to anyone else.
    pub holder_iin: String,
    pub holder_name: String,
    /// A closed account: the check answers `account_closed` (to anyone).
    pub closed: bool,
    /// What it is for (documentation only).
    pub note: String,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct RefundApplication {
    pub id: String,
    #[serde(skip_serializing)]
    pub owner_iin: String,
    pub number: String,
    pub filed_on: String,
    pub order_numbers: Vec<String>,
    pub total_tiyn: u64,
    pub iban_last4: String,
    pub status: ApplicationStatus,
    pub history: Vec<StatusChange>,
}

// ---- DTOs -------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Opaque and stable: what a page may keep with a person's typed data to tell whose it is.
    pub id: String,
    pub iin: String,
    pub full_name: String,
    pub phone_masked: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct ApplicationSummary {
    pub id: String,
    pub number: String,
    pub kind: ApplicationKind,
    pub contract: ContractType,
    pub filed_on: String,
    pub status: ApplicationStatus,
    pub cancellable: bool,
}

#[derive(Serialize, Clone, Debug)]
pub struct BankRef {
    pub bic: String,
    pub name: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct ApplicationDetails {
    pub id: String,
    pub number: String,
    pub kind: ApplicationKind,
    pub contract: ContractType,
    pub filed_on: String,
    pub status: ApplicationStatus,
    pub cancellable: bool,
    pub purpose: Option<Purpose>,
    pub submitted: bool,
    pub received_at: String,
    pub bank: BankRef,
    pub currency: String,
    pub deadline: Option<String>,
    pub history: Vec<StatusChange>,
    pub refusal_reason: Option<String>,
}

/// `{"items": [...]}`, the shape of every list.
#[derive(Serialize, Debug)]
pub struct Items<T> {
    pub items: Vec<T>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ServiceStatus {
    pub maintenance: bool,
    pub until: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_mask() {
        assert_eq!(mask_phone("+77010000007"), "+7 701 *** ** 07");
        assert_eq!(mask_phone("+77770000017"), "+7 777 *** ** 17");
    }

    #[test]
    fn enums_match_the_shared_rules() {
        for kind in ApplicationKind::ALL {
            assert_eq!(serde_json::json!(kind), kind.code(), "{kind:?}");
        }
        for status in ApplicationStatus::ALL {
            assert_eq!(serde_json::json!(status), status.code(), "{status:?}");
            assert_eq!(ApplicationStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(ApplicationStatus::from_code("lost"), None);
        for kind in ApplicationKind::ALL {
            for status in ApplicationStatus::ALL {
                let a = Application {
                    id: "a".into(),
                    owner_iin: "900101300007".into(),
                    number: "1".into(),
                    kind,
                    contract: ContractType::Opv,
                    filed_on: "2026-01-01".into(),
                    status,
                    purpose: None,
                    submitted: true,
                    received_at: "2026-01-01T10:00:00+05:00".into(),
                    bank_bic: "HSBKKZKX".into(),
                    currency: "KZT".into(),
                    deadline: None,
                    history: history_for(status, "2026-01-01"),
                    refusal_reason: None,
                };
                let expected =
                    kind == ApplicationKind::IpmTransfer && status == ApplicationStatus::Accepted;
                assert_eq!(a.cancellable(), expected, "{kind:?} {status:?}");
                assert_eq!(
                    a.cancellable(),
                    zeinet_domain::applications::cancel_allowed_codes(
                        kind.domain().code(),
                        status.code()
                    )
                );
            }
        }
    }

    #[test]
    fn history_ends_in_status() {
        for s in ApplicationStatus::ALL {
            let h = history_for(s, "2024-02-28");
            assert_eq!(h.last().unwrap().status, s);
            assert_eq!(h[0].at, "2024-02-28");
        }
        assert_eq!(
            history_for(ApplicationStatus::Executed, "2021-02-18")[1].at,
            "2021-02-19"
        );
    }
}
