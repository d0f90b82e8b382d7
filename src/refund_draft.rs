//! The refund draft kept in this tab's sessionStorage, so that a reload, a failed request or
//! a new log-in after an expired session brings the person back to the same data. It holds
//! what was chosen and typed and the idempotency key; never a signature. It is kept under the
//! account's opaque id (the profile's `id`, never the IIN): another person logging in at the
//! same tab starts empty, and the previous person's draft is dropped then. It is cleared after
//! the application is filed and at log-out.
use serde::{Deserialize, Serialize};
use zeinet_domain::refund::Draft;

const STORAGE_KEY: &str = "zeinet.refund.draft";

/// What is stored: whose, and the draft.
#[derive(Serialize, Deserialize)]
struct Kept {
    owner: String,
    draft: Draft,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The draft `owner` (a profile's `id`) left in this tab, or a new one with a fresh
/// idempotency key. Someone else's draft is dropped, unseen.
pub fn load(owner: &str) -> Draft {
    let kept = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str::<Kept>(&json).ok());
    match kept {
        Some(kept) if kept.owner == owner => kept.draft,
        other => {
            if other.is_some() {
                clear();
            }
            Draft::new(&new_key())
        }
    }
}

/// Keeps `owner`'s draft (private browsing may refuse: it then lasts for this page only). A
/// draft with nothing chosen or typed is not kept.
pub fn save(owner: &str, draft: &Draft) {
    if draft.selected.is_empty() && draft.account_type.is_none() && draft.iban.trim().is_empty() {
        return clear();
    }
    let kept = Kept {
        owner: owner.to_owned(),
        draft: draft.clone(),
    };
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&kept)) {
        let _ = storage.set_item(STORAGE_KEY, &json);
    }
}

/// Forgets the draft: after filing, and at log-out.
pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

/// A random idempotency key (a UUID from the browser's CSPRNG).
pub fn new_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}", (js_sys::Math::random() * 1e16) as u64))
}
