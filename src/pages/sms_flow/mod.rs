//! Registration and password reset: two pages over one flow of three steps (IIN + phone, the
//! SMS code, the new password). Imports go one way: the pages (`register`, `password_reset`)
//! → `flow` → the steps (`iin_phone_form`, `sms_code_step`, `new_password_step`) → `state`,
//! `errors` (the pages use `state` too).
mod errors;
mod flow;
mod iin_phone_form;
mod new_password_step;
mod password_reset;
mod register;
mod sms_code_step;
mod state;

pub use password_reset::PasswordResetPage;
pub use register::RegisterPage;
