//! The screens of the memos. Pages own their state and call `api`; they hold no protocol code
//! and no business rules of their own. A feature of several screens or steps is a folder
//! (`applications`, `login`, `refund`, `sms_flow`) whose `mod.rs` exports what the route table
//! names; folders import `messages` (the domain's errors in words) and `components`, never
//! each other.
mod applications;
mod login;
mod messages;
mod not_found;
mod refund;
mod services;
mod sms_flow;

pub use applications::{ApplicationPrintPage, ApplicationsLayout, PaymentsView, RefundsView};
pub use login::{login_url, safe_next, LoginPage};
pub use not_found::NotFoundPage;
pub use refund::RefundPage;
pub use services::ServicesPage;
pub use sms_flow::{PasswordResetPage, RegisterPage};
