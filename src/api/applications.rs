//! The person's applications for payments and transfers, their details and their cancellation.
use super::ApiError;
use serde::{Deserialize, Serialize};

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

/// One step of an application's history: the status it reached and the day.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HistoryEntry {
    pub status: String,
    /// ISO date, `YYYY-MM-DD`.
    pub at: String,
}

/// The bank an application's money goes through.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BankRef {
    pub bic: String,
    pub name: String,
}

/// Everything about one application (what opens under its row).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ApplicationDetails {
    pub id: String,
    pub number: String,
    pub kind: String,
    pub contract: String,
    pub filed_on: String,
    pub status: String,
    pub cancellable: bool,
    /// The purpose of a lump-sum payment, a code (`mortgage_partial_repayment`…).
    #[serde(default)]
    pub purpose: Option<String>,
    /// "Беру фактісі": whether the application was submitted.
    pub submitted: bool,
    /// RFC 3339 with the Kazakhstan offset of that day.
    pub received_at: String,
    pub bank: BankRef,
    pub currency: String,
    #[serde(default)]
    pub deadline: Option<String>,
    /// Oldest first; the last entry is the current status.
    pub history: Vec<HistoryEntry>,
    /// Free text from the back office: shown as text, never as markup.
    #[serde(default)]
    pub refusal_reason: Option<String>,
}

impl ApplicationDetails {
    /// The row this application shows in the list.
    pub fn summary(&self) -> ApplicationSummary {
        ApplicationSummary {
            id: self.id.clone(),
            number: self.number.clone(),
            kind: self.kind.clone(),
            contract: self.contract.clone(),
            filed_on: self.filed_on.clone(),
            status: self.status.clone(),
            cancellable: self.cancellable,
        }
    }
}

/// A document the backend issued to be signed with the person's signing key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SignDocument {
    pub document_id: String,
    /// Base64 of the bytes to sign.
    pub data: String,
    pub expires_at: String,
}

/// A signed document on its way back: the attached CMS over the document's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignedDocument<'a> {
    pub document_id: &'a str,
    pub cms: &'a str,
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

/// One application with its details.
pub async fn details(id: &str) -> Result<ApplicationDetails, ApiError> {
    super::get(&format!("/applications/{}", path_segment(id))).await
}

/// The cancellation document of a transfer to an investment portfolio manager (409
/// `not_cancellable` for anything else).
pub async fn cancel_document(id: &str) -> Result<SignDocument, ApiError> {
    let path = format!("/applications/{}/cancel/document", path_segment(id));
    super::request::<_, ()>(gloo_net::http::Method::POST, &path, None, &[]).await
}

/// Sends the signed cancellation; the answer is the application, now `cancel_requested`.
pub async fn cancel(id: &str, signed: &SignedDocument<'_>) -> Result<ApplicationDetails, ApiError> {
    super::post(
        &format!("/applications/{}/cancel", path_segment(id)),
        signed,
    )
    .await
}

/// An id as one URL path segment: anything outside `[A-Za-z0-9_-]` is percent-encoded, so an
/// id from the backend can never change which path is asked for.
fn path_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_stay_one_path_segment() {
        assert_eq!(path_segment("app-188041"), "app-188041");
        assert_eq!(path_segment("../status"), "%2E%2E%2Fstatus");
        assert_eq!(path_segment("a b?c#"), "a%20b%3Fc%23");
    }
}
