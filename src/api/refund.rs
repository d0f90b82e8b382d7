//! Refunds of voluntary pension contributions credited in error.
use super::ApiError;
use serde::Deserialize;

pub use super::applications::HistoryEntry;

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
