//! The screens of the cabinet, by address: leptos_router's routes made from the one route
//! table, `src/routes.json` (build.rs, `src/routes/codegen.rs`). A new screen is a row there and its page.
//!
//! The first visit is nearly always the log-in page, so only it (with the frame, router,
//! session and API client) belongs in the first download. Every screen with a `split` is a
//! [`split_point!`]: in the release build (the `split` feature) its code is a wasm chunk
//! fetched the first time it is shown, behind a "loading…" status, and if the network fails
//! then, a message with "try again" in place ([`LazyPanel`]); leptos_router's own `#[lazy]`
//! would panic there, and a panic stops the whole app. Without the feature (dev server, wasm
//! tests) the same screens are compiled in and shown the same way.
//!
//! Once someone logs in, [`preload_after_log_in`] fetches the chunks of the screens behind the
//! log-in in the background, so that moving between them later does not wait for the network
//! (and still works if the connection drops meanwhile).
//!
//! ```no_run
//! use leptos::prelude::*;
//! use leptos_router::components::Router;
//! use zeinet::routes::ScreenRoutes;
//!
//! let _ = view! { <Router><main><ScreenRoutes /></main></Router> };
//! ```
use crate::components::{LazyPanel, RequireAuth};
use crate::pages::*;
use crate::session::{Session, SessionState};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::components::{ParentRoute, Redirect, Route, Routes};
use leptos_router::{hooks::use_location, path, Lazy, LazyRoute, NavigateOptions};

#[cfg(test)]
mod codegen;

include!(concat!(env!("OUT_DIR"), "/routes.rs"));

/// `path` without a trailing slash (`/` stays `/`).
fn trimmed(path: &str) -> &str {
    match path.strip_suffix('/') {
        Some(rest) if !rest.is_empty() => rest,
        _ => path,
    }
}

/// Whether `path` is the address `pattern` of the table (`:id`: any one segment).
fn is_at(pattern: &str, path: &str) -> bool {
    let mut wanted = pattern.split('/');
    let mut given = trimmed(path).split('/');
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w == g || w.starts_with(':') && !g.is_empty() => {}
            _ => return false,
        }
    }
}

/// Whether `path` is one of the screens behind the log-in.
pub fn is_behind_log_in(path: &str) -> bool {
    BEHIND_LOG_IN.iter().any(|pattern| is_at(pattern, path))
}

/// Once someone logs in (once per page load), fetches the chunks of the screens behind the
/// log-in side by side, 2 s later: the screen asked for comes first. A page opened already
/// logged in (a link, a reload) fetches only what it shows. A chunk that fails is simply
/// fetched again when its screen is opened.
pub fn preload_after_log_in(session: Session) {
    let started = StoredValue::new(false);
    Effect::new(move |seen_logged_out: Option<bool>| {
        let state = session.state();
        let seen_logged_out =
            seen_logged_out.unwrap_or(false) || matches!(state, SessionState::LoggedOut(_));
        if seen_logged_out && matches!(state, SessionState::LoggedIn(_)) && !started.get_value() {
            started.set_value(true);
            leptos::task::spawn_local(async {
                gloo_timers::future::TimeoutFuture::new(2_000).await;
                preload_behind_log_in().await;
            });
        }
        seen_logged_out
    });
}

#[cfg(test)]
mod tests {
    use super::{is_at, is_behind_log_in};

    const TABLE: &str = include_str!("../routes.json");

    #[test]
    fn the_table_makes_routes() {
        let code = super::codegen::generate(TABLE).expect("the table is well formed");
        for expected in [
            "<Route path=path!(\"/login\") view=LoginPage />",
            "<ParentRoute path=path!(\"/services/applications\") view={Lazy::<ApplicationsRoute>::new()}>",
            "<Route path=path!(\"/refunds\") view={Lazy::<RefundsRoute>::new()} />",
            "fn register_view(), preload preload_register => view! { <RegisterPage /> }",
            "<RequireAuth><RefundPage /></RequireAuth>",
        ] {
            assert!(code.contains(expected), "{expected}\n--\n{code}");
        }
    }

    #[test]
    fn a_screen_behind_the_log_in_is_guarded_with_or_without_a_split() {
        let table = TABLE.replace(
            r#""view": "ServicesPage", "split": "services_view", "auth": true"#,
            r#""view": "ServicesPage", "auth": true"#,
        );
        assert_ne!(table, TABLE);
        let code = super::codegen::generate(&table).unwrap();
        assert!(
            code.contains(
                "<Route path=path!(\"/services\") view={|| view! { <RequireAuth><ServicesPage /></RequireAuth> }} />"
            ),
            "{code}"
        );
    }

    #[test]
    fn a_split_not_named_after_its_view_is_refused() {
        let table = TABLE.replace("\"register_view\"", "\"register\"");
        let error = super::codegen::generate(&table).unwrap_err();
        assert!(error.contains("\"register\""), "{error}");
    }

    /// Every `split_point!` of the app is in the table: a screen (or a part fetched on its
    /// own) cannot be added without its row, which the boot script and the tests read.
    #[test]
    fn every_split_point_is_in_the_table() {
        let mut declared = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let mut rest = text.as_str();
                    while let Some(at) = rest.find("split_point! {") {
                        rest = &rest[at..];
                        let name = rest.split("fn ").nth(1).and_then(|r| r.split('(').next());
                        let name = name.unwrap().trim();
                        // (Not the code that build.rs writes, `{stem}_view`.)
                        if name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                            declared.push(name.to_owned());
                        }
                        rest = &rest[1..];
                    }
                }
            }
        }
        // (Those of the screens themselves are written by build.rs from the table.)
        assert!(declared.len() >= 3, "{declared:?}");
        for name in &declared {
            assert!(
                TABLE.contains(&format!("\"{name}\"")),
                "split {name} has no row in src/routes.json"
            );
        }
    }

    #[test]
    fn an_address_matches_its_row() {
        assert!(is_at("/services", "/services"));
        assert!(is_at("/services", "/services/"));
        assert!(is_at(
            "/services/applications/:id/print",
            "/services/applications/A-1/print"
        ));
        assert!(!is_at(
            "/services/applications/:id/print",
            "/services/applications//print"
        ));
        assert!(!is_at("/services", "/servicesx"));
        assert!(!is_at("/services", "/services/x"));
    }

    #[test]
    fn the_screens_behind_the_log_in_are_those_marked_so() {
        for path in [
            "/services",
            "/services/",
            "/services/applications",
            "/services/applications/refunds",
            "/services/applications/7/print",
            "/services/refund",
        ] {
            assert!(is_behind_log_in(path), "{path}");
        }
        for path in [
            "/",
            "/login",
            "/register",
            "/password-reset",
            "/servicesx",
            "/x/services",
        ] {
            assert!(!is_behind_log_in(path), "{path}");
        }
    }
}
