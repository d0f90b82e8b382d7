//! Zeinet: the personal cabinet of ENPF as a single-page WebAssembly app.
//!
//! Data flows one way: `pages` → `api` → the backend. `domain` (a crate of its own, so that it
//! cannot reach browser APIs) holds the rules; `components` hold markup and accessibility
//! behaviour but no business rules; pages own their state.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

#[macro_use]
mod split_point;

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod format;
pub mod labels;

pub mod locale;
pub mod pages;
pub mod polling;
pub mod refund_draft;
pub mod routes;
pub mod session;
pub mod signing;

pub use app::App;
/// The pure rules (IIN, IBAN, phone, money, dates), re-exported for the pages.
pub use zeinet_domain as domain;

/// The i18n context handle every translated view takes.
pub type I18n = leptos_i18n::I18nContext<i18n::Locale>;
