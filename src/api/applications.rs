//! The person's applications for payments and transfers.
use super::ApiError;
use serde::Deserialize;

/// One row of "My applications": codes, translated by the page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ApplicationSummary {
    pub id: String,
    pub number: String,
    pub kind: String,
    pub contract: String,
    /// ISO date, `YYYY-MM-DD`.
    pub filed_on: String,
    pub status: String,
    pub cancellable: bool,
}

#[derive(Deserialize)]
struct Items<T> {
    items: Vec<T>,
}

/// Every application of the person, in the backend's order.
pub async fn list() -> Result<Vec<ApplicationSummary>, ApiError> {
    super::get::<Items<ApplicationSummary>>("/applications")
        .await
        .map(|list| list.items)
}
