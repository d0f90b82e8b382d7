//! My applications: the layout with its two views (payments/transfers, VPC refunds), an
//! application's details, its cancellation and its print page. Imports go one way: `payments`
//! → `cancel`, `details`; `print` → `details`; the other files import no sibling.
mod cancel;
mod details;
mod layout;
mod payments;
mod print;
mod refunds;

pub use layout::ApplicationsLayout;
pub use payments::PaymentsView;
pub use print::ApplicationPrintPage;
pub use refunds::RefundsView;
