use crate::api::refund::{Bank, PaymentOrder};
use leptos::prelude::*;
use zeinet_domain::refund::{Draft, Order};

/// Which part of the form the address asks for (`?step=2`, `?step=done`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundStep {
    Orders,
    Requisites,
    Done,
}

impl RefundStep {
    pub(super) fn from_query(step: Option<&str>) -> RefundStep {
        match step {
            Some("2") => RefundStep::Requisites,
            Some("done") => RefundStep::Done,
            _ => RefundStep::Orders,
        }
    }

    /// The address of the step.
    pub fn path(self) -> &'static str {
        match self {
            RefundStep::Orders => "/services/refund",
            RefundStep::Requisites => "/services/refund?step=2",
            RefundStep::Done => "/services/refund?step=done",
        }
    }
}

/// What the steps share: the draft (kept in sessionStorage on every change), the person's
/// refundable orders and the bank directory.
#[derive(Clone, Copy)]
pub struct RefundForm {
    pub draft: RwSignal<Draft>,
    pub orders: Signal<Vec<PaymentOrder>>,
    pub banks: Signal<Vec<Bank>>,
    /// Asks the backend for the orders again (after a conflict).
    pub reload_orders: Callback<()>,
    /// Set when the backend said an order was refunded meanwhile: step 1 says so.
    pub conflict: RwSignal<bool>,
}

impl RefundForm {
    /// The orders as the refund rules see them.
    pub fn rule_orders(&self) -> Vec<Order> {
        self.orders
            .with(|orders| orders.iter().map(PaymentOrder::rule_view).collect())
    }

    /// The bank of the ticked orders, from the directory.
    pub fn bank(&self) -> Option<Bank> {
        let orders = self.rule_orders();
        let bic = self
            .draft
            .with(|d| d.bank(&orders).ok().flatten().map(str::to_owned))?;
        self.banks
            .with(|banks| banks.iter().find(|b| b.bic == bic).cloned())
    }

    /// Everything still missing before signing (see [`Draft::problems`]).
    pub fn problems(&self) -> Vec<zeinet_domain::refund::Problem> {
        let orders = self.rule_orders();
        let banks = self.banks.get();
        self.draft.with(|draft| {
            draft.problems(&orders, |bic| {
                banks
                    .iter()
                    .find(|b| b.bic == bic)
                    .map(|b| b.iban_code.as_str())
            })
        })
    }
}
