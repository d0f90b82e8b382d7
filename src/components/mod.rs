//! Reusable, accessible pieces: markup and behaviour together, no business rules.
mod api_error_alert;
mod error_summary;
mod field_error;
mod language_switch;
mod loading;
mod page_heading;
mod password_rules;
mod qr_code;
mod require_auth;
mod site_header;
mod tab_list;
mod text_field;

pub use api_error_alert::{api_error_message, ApiErrorAlert};
pub use error_summary::{ErrorSummary, FieldError};
pub use field_error::FieldErrorMessage;
pub use language_switch::LanguageSwitch;
pub use loading::Loading;
pub use page_heading::PageHeading;
pub use password_rules::{PasswordProblem, PasswordRule, PasswordRules};
pub use qr_code::{qr_path, QrCode};
pub use require_auth::RequireAuth;
pub use site_header::SiteHeader;
pub use tab_list::{TabList, TabPanel};
pub use text_field::TextField;
