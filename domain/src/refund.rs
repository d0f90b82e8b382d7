//! The refund of voluntary pension contributions credited in error (memo 004): which payment
//! orders go back, to which account, and whether the application is ready to be signed.
//!
//! The refund goes back to the requisites the payment came from, so one application holds
//! orders of one bank only, and the IBAN must belong to that bank.
//!
//! ```
//! use zeinet_domain::refund::{AccountType, Draft, Order};
//! use zeinet_domain::Tiyn;
//! let orders = [Order::new("po-1", "CASPKZKA", Tiyn::from_tenge(500))];
//! let mut draft = Draft::new("key-1");
//! draft.toggle("po-1");
//! assert_eq!(draft.total(&orders), Tiyn::from_tenge(500));
//! draft.account_type = Some(AccountType::Card);
//! draft.iban = zeinet_domain::Iban::with_check_digits("722S000012345678").unwrap().grouped();
//! // Everything is filled in, but the bank has not confirmed the IBAN yet.
//! assert_eq!(draft.problems(&orders, |_| Some("722")), [zeinet_domain::refund::Problem::BankNotChecked]);
//! ```
use crate::iban::{normalise, Iban, IbanError};
use crate::money::Tiyn;
use serde::{Deserialize, Serialize};

/// A payment order that may be refunded, as far as the rules care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: String,
    /// The bank the payment came from (and the refund goes back to).
    pub bank_bic: String,
    /// What may still be refunded; the refund amount is all of it.
    pub available: Tiyn,
}

impl Order {
    pub fn new(id: &str, bank_bic: &str, available: Tiyn) -> Order {
        Order {
            id: id.to_owned(),
            bank_bic: bank_bic.to_owned(),
            available,
        }
    }
}

/// «Шотты таңдау»: the kind of account the refund is paid to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    /// «Карточкалық»: a card account.
    Card,
    /// A current account.
    Current,
}

impl AccountType {
    pub const ALL: [AccountType; 2] = [AccountType::Card, AccountType::Current];

    /// The backend's code.
    pub fn code(self) -> &'static str {
        match self {
            AccountType::Card => "card",
            AccountType::Current => "current",
        }
    }
}

/// Why the application cannot go on yet; the page puts each at its field and in the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// «Қажетті төлем тапсырмасын белгілеу қажет»: no payment order ticked.
    NoOrder,
    /// Ticked orders come from more than one bank.
    MixedBanks,
    /// No account type chosen.
    NoAccountType,
    /// The IBAN breaks a rule.
    Iban(IbanError),
    /// The IBAN has not been checked with the bank (or was changed after the check).
    BankNotChecked,
}

/// What the person has chosen so far. It survives a reload (the page keeps it in
/// sessionStorage; it never holds a signature) and carries the key that makes the submission
/// idempotent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Ticked payment orders (their ids), in the order ticked.
    pub selected: Vec<String>,
    pub account_type: Option<AccountType>,
    /// As typed: spaces and lower case are fine.
    pub iban: String,
    /// The IBAN (normalised) the bank check accepted; a changed IBAN needs a new check.
    pub checked_iban: Option<String>,
    /// One per draft: a double click, a retry or a second tab files one application.
    pub idempotency_key: String,
}

impl Draft {
    pub fn new(idempotency_key: &str) -> Draft {
        Draft {
            selected: Vec::new(),
            account_type: None,
            iban: String::new(),
            checked_iban: None,
            idempotency_key: idempotency_key.to_owned(),
        }
    }

    pub fn is_selected(&self, id: &str) -> bool {
        self.selected.iter().any(|s| s == id)
    }

    /// Ticks or unticks an order.
    pub fn toggle(&mut self, id: &str) {
        if let Some(at) = self.selected.iter().position(|s| s == id) {
            self.selected.remove(at);
        } else {
            self.selected.push(id.to_owned());
        }
    }

    /// "Select all": ticks every order of `bic` and unticks the others (one bank per
    /// application); when all of them are ticked already, unticks them.
    pub fn toggle_all(&mut self, orders: &[Order], bic: &str) {
        let of_bank: Vec<&str> = orders
            .iter()
            .filter(|o| o.bank_bic == bic)
            .map(|o| o.id.as_str())
            .collect();
        let all = !of_bank.is_empty() && of_bank.iter().all(|id| self.is_selected(id));
        self.selected.clear();
        if !all {
            self.selected = of_bank.into_iter().map(str::to_owned).collect();
        }
    }

    /// Keeps only the orders still refundable (after the backend said one was refunded
    /// meanwhile); returns the ids dropped.
    pub fn retain_available(&mut self, orders: &[Order]) -> Vec<String> {
        let (kept, dropped) = self.selected.drain(..).partition(|id| {
            orders
                .iter()
                .any(|o| &o.id == id && o.available > Tiyn::ZERO)
        });
        self.selected = kept;
        dropped
    }

    /// «Жиынтық қайтару сомасы»: the sum of the ticked orders (0 with none).
    pub fn total(&self, orders: &[Order]) -> Tiyn {
        let amounts = orders
            .iter()
            .filter(|o| self.is_selected(&o.id))
            .map(|o| o.available);
        crate::money::total(amounts).unwrap_or(Tiyn::ZERO)
    }

    /// The one bank of the ticked orders: `Ok(None)` with none ticked, `Err` when mixed.
    pub fn bank<'o>(&self, orders: &'o [Order]) -> Result<Option<&'o str>, Problem> {
        let mut bank: Option<&str> = None;
        for order in orders.iter().filter(|o| self.is_selected(&o.id)) {
            match bank {
                None => bank = Some(&order.bank_bic),
                Some(b) if b == order.bank_bic => {}
                Some(_) => return Err(Problem::MixedBanks),
            }
        }
        Ok(bank)
    }

    /// Step 1's rules: at least one order, all of one bank.
    pub fn orders_problem(&self, orders: &[Order]) -> Option<Problem> {
        match self.bank(orders) {
            Err(problem) => Some(problem),
            Ok(None) => Some(Problem::NoOrder),
            Ok(Some(_)) => None,
        }
    }

    /// The IBAN's rules, with the bank of the ticked orders: 20 characters, KZ, mod-97, and
    /// its bank code is the bank's (`iban_code` gives a BIC's code from the bank directory).
    pub fn iban_check<'d>(
        &self,
        orders: &[Order],
        iban_code: impl Fn(&str) -> Option<&'d str>,
    ) -> Result<Iban, IbanError> {
        let iban = Iban::parse(&self.iban)?;
        if let Ok(Some(bic)) = self.bank(orders) {
            if let Some(code) = iban_code(bic) {
                if iban.bank_code() != code {
                    return Err(IbanError::BankMismatch);
                }
            }
        }
        Ok(iban)
    }

    /// Whether the bank check passed for the IBAN as it is now.
    pub fn bank_checked(&self) -> bool {
        self.checked_iban.as_deref() == Some(normalise(&self.iban).as_str())
    }

    /// Everything that stands between the draft and signing, in the order of the form.
    /// Signing is offered only when this is empty.
    pub fn problems<'d>(
        &self,
        orders: &[Order],
        iban_code: impl Fn(&str) -> Option<&'d str>,
    ) -> Vec<Problem> {
        let mut problems = Vec::new();
        if let Some(problem) = self.orders_problem(orders) {
            problems.push(problem);
        }
        if self.account_type.is_none() {
            problems.push(Problem::NoAccountType);
        }
        match self.iban_check(orders, iban_code) {
            Err(error) => problems.push(Problem::Iban(error)),
            Ok(_) if !self.bank_checked() => problems.push(Problem::BankNotChecked),
            Ok(_) => {}
        }
        problems
    }
}

/// `n/20`: how many IBAN characters are typed (spaces excluded), for the counter by the field.
///
/// ```
/// assert_eq!(zeinet_domain::refund::iban_count("kz86 125k"), 8);
/// ```
pub fn iban_count(input: &str) -> usize {
    normalise(input).chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The memo's order (Kaspi, 500 ₸) and others at Kaspi and Halyk.
    fn orders() -> Vec<Order> {
        vec![
            Order::new("po-49756052", "CASPKZKA", Tiyn::from_tenge(500)),
            Order::new("po-49811230", "CASPKZKA", Tiyn(1_250_000)),
            Order::new("po-50102417", "HSBKKZKX", Tiyn(730_050)),
        ]
    }

    fn directory(bic: &str) -> Option<&'static str> {
        match bic {
            "CASPKZKA" => Some("722"),
            "HSBKKZKX" => Some("601"),
            _ => None,
        }
    }

    /// A valid Kaspi IBAN made with the domain's own check digits.
    fn kaspi_iban() -> String {
        Iban::with_check_digits("722S000012345678")
            .unwrap()
            .as_str()
            .to_owned()
    }

    #[test]
    fn the_total_follows_the_ticks_in_tiyn() {
        let orders = orders();
        let mut draft = Draft::new("k");
        assert_eq!(draft.total(&orders), Tiyn::ZERO, "0 with none");
        draft.toggle("po-49756052");
        assert_eq!(
            draft.total(&orders),
            Tiyn(50_000),
            "the memo's 500 after the tick"
        );
        draft.toggle("po-49811230");
        assert_eq!(draft.total(&orders), Tiyn(1_300_000));
        draft.toggle("po-49756052");
        assert_eq!(draft.total(&orders), Tiyn(1_250_000));
        draft.toggle("po-49811230");
        assert_eq!(draft.total(&orders), Tiyn::ZERO);
    }

    #[test]
    fn one_bank_per_application() {
        let orders = orders();
        let mut draft = Draft::new("k");
        assert_eq!(draft.orders_problem(&orders), Some(Problem::NoOrder));
        draft.toggle("po-49756052");
        assert_eq!(draft.bank(&orders), Ok(Some("CASPKZKA")));
        assert_eq!(draft.orders_problem(&orders), None);
        draft.toggle("po-50102417");
        assert_eq!(draft.orders_problem(&orders), Some(Problem::MixedBanks));
    }

    #[test]
    fn select_all_takes_one_banks_orders_and_gives_them_back() {
        let orders = orders();
        let mut draft = Draft::new("k");
        draft.toggle("po-50102417");
        draft.toggle_all(&orders, "CASPKZKA");
        assert_eq!(draft.selected, ["po-49756052", "po-49811230"]);
        draft.toggle_all(&orders, "CASPKZKA");
        assert!(draft.selected.is_empty());
    }

    #[test]
    fn every_iban_rule_has_its_own_error() {
        let orders = orders();
        let mut draft = Draft::new("k");
        draft.toggle("po-49756052");
        let check = |iban: &str| {
            let mut d = draft.clone();
            d.iban = iban.into();
            d.iban_check(&orders, directory)
        };
        assert_eq!(check(""), Err(IbanError::Empty));
        assert_eq!(
            check("KZ39722500000068037"),
            Err(IbanError::WrongLength { len: 19 })
        );
        assert_eq!(
            check("KZ3972250000006803711"),
            Err(IbanError::WrongLength { len: 21 })
        );
        assert_eq!(check("DE89370400440532013000"), Err(IbanError::NotKazakh));
        // The memo's placeholder fails the checksum.
        assert_eq!(check("KZ397225000000680371"), Err(IbanError::Checksum));
        let halyk = Iban::with_check_digits("601A000012345678").unwrap();
        assert_eq!(check(halyk.as_str()), Err(IbanError::BankMismatch));
        let kaspi = kaspi_iban();
        assert!(check(&kaspi).is_ok());
        // Lower case and spaces are accepted.
        let typed = Iban::parse(&kaspi).unwrap().grouped().to_lowercase();
        assert_eq!(check(&typed).map(|i| i.as_str().to_owned()), Ok(kaspi));
    }

    #[test]
    fn signing_waits_for_every_field_and_a_bank_check_of_this_iban() {
        let orders = orders();
        let mut draft = Draft::new("k");
        assert_eq!(
            draft.problems(&orders, directory),
            [
                Problem::NoOrder,
                Problem::NoAccountType,
                Problem::Iban(IbanError::Empty)
            ]
        );
        draft.toggle("po-49756052");
        draft.account_type = Some(AccountType::Card);
        draft.iban = kaspi_iban().to_lowercase();
        assert_eq!(
            draft.problems(&orders, directory),
            [Problem::BankNotChecked]
        );
        draft.checked_iban = Some(kaspi_iban());
        assert!(draft.problems(&orders, directory).is_empty());
        // Changing the IBAN after the check requires a new check.
        draft.iban.push('0');
        assert_eq!(
            draft.problems(&orders, directory),
            [Problem::Iban(IbanError::WrongLength { len: 21 })]
        );
        draft.iban.pop();
        assert!(draft.bank_checked());
    }

    #[test]
    fn an_order_refunded_meanwhile_is_dropped_and_the_rest_kept() {
        let mut orders = orders();
        let mut draft = Draft::new("k");
        draft.toggle("po-49756052");
        draft.toggle("po-49811230");
        orders[0].available = Tiyn::ZERO;
        assert_eq!(draft.retain_available(&orders), ["po-49756052"]);
        assert_eq!(draft.selected, ["po-49811230"]);
        orders.remove(1);
        assert_eq!(draft.retain_available(&orders), ["po-49811230"]);
        assert!(draft.selected.is_empty());
    }

    #[test]
    fn the_draft_round_trips_through_json_without_a_signature() {
        let mut draft = Draft::new("4f1c2d9e");
        draft.toggle("po-49756052");
        draft.account_type = Some(AccountType::Current);
        draft.iban = "kz86 722s".into();
        let json = serde_json::to_string(&draft).unwrap();
        assert!(json.contains(r#""account_type":"current""#));
        assert!(!json.contains("cms") && !json.contains("signature"));
        assert_eq!(serde_json::from_str::<Draft>(&json).unwrap(), draft);
    }

    #[test]
    fn the_counter_counts_characters_not_spaces() {
        assert_eq!(iban_count(""), 0);
        assert_eq!(iban_count("KZ39 7225 0000 0068 0371"), 20);
    }
}
