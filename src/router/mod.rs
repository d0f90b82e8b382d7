//! The cabinet's router: the address as signals, links that move without a reload, the
//! browser's back and forward, and the screen an address shows.
//!
//! It replaces `leptos_router`, whose general machinery (nested route matching, async route
//! data, relative paths, a URL parser) was the third largest part of the first download, for
//! nine addresses that a `match` describes ([`Screen`]); the first load is a fifth smaller
//! (README, "Performance"). The pages use it through the names they used before ([`A`],
//! [`use_navigate`], [`use_query_map`], [`use_params_map`], [`use_location`], [`Outlet`]),
//! but only what the cabinet needs: `href`s are absolute and fixed, a repeated query key
//! keeps its first value (as `URLSearchParams.get`), a path's parameters are those of the
//! screen shown (a new id is a new screen), and there is no history `state`.
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
