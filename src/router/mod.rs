//! The cabinet's router: the address as signals, links that move without a reload, the
//! browser's back and forward, and the screen an address shows.
//!
//! It replaces `leptos_router`, whose general machinery (nested route matching, async route
//! data, relative paths) was the third largest part of the first download, for nine
//! addresses that a `match` describes ([`Screen`]). The API is a subset of `leptos_router`'s,
//! under the same names: [`A`], [`use_navigate`], [`use_query_map`], [`use_params_map`],
//! [`use_location`], [`Outlet`].
//!
//! ```ignore
//! provide_router();
//! let location = use_location();
//! view! { {move || match Screen::at(&location.pathname.get()) { … }} }
//! ```
mod link;
mod location;
mod outlet;
mod params;
mod screen;

pub use link::A;
pub use location::{provide_router, use_location, use_navigate, Location, NavigateOptions};
pub use outlet::{Outlet, OutletView};
pub use params::{use_params_map, use_query_map, ParamsMap, RouteParams};
pub use screen::{ApplicationsTab, Screen};
