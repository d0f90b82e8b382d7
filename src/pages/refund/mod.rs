//! The refund form of memo 004, a stepper: the page (`page`) shows step 1 (`orders`), step 2
//! (`requisites`, which signs through `sign`) or the end (`done`). Imports go one way: `page`
//! → the steps → `form` (the draft and the step they share); no step imports the page.
mod done;
mod form;
mod orders;
mod page;
mod requisites;
mod sign;

pub use page::RefundPage;
