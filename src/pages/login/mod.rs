//! Log-in: the page (`page`) with its password tab, and the EDS (`eds`) and eGov mobile
//! (`egov`) tabs it fetches as split points; `next` says where the person goes afterwards.
//! Imports go one way: `page` → `eds`, `egov`, `next`; no tab imports the page.
mod eds;
mod egov;
mod next;
mod page;

pub use next::{login_url, safe_next};
pub use page::LoginPage;
