//! Sessions that end: 15 minutes without a request, 8 hours in all (both configurable), every
//! other session of a person ended by a password reset, what is left said on every answer,
//! and the cookie pinned to its host under `--secure-cookies`.
mod common;

use axum::http::StatusCode;
use axum::Router;
use common::*;
use mock_api::Options;
use serde_json::json;

async fn session_works(app: &Router, cookie: &str) -> bool {
    let reply = call(app, "GET", "/api/applications", None, Some(cookie)).await;
    match reply.status {
        StatusCode::OK => true,
        StatusCode::UNAUTHORIZED => {
            assert_eq!(reply.code(), "unauthenticated");
            false
        }
        other => panic!("unexpected {other}"),
    }
}

/// The `zeinet-session` header's (idle, absolute) seconds, within a second of `expected`: the
/// mock's clock is the wall clock (plus the dev offset), which may tick between two requests.
fn assert_left(reply: &Reply, expected: (u32, u32), why: &str) {
    let value = reply
        .header("zeinet-session")
        .unwrap_or_else(|| panic!("no header: {why}"));
    let left = zeinet_domain::session::Remaining::parse(value).expect(value);
    let close = |got: u32, want: u32| got <= want && want - got <= 1;
    assert!(
        close(left.idle_seconds, expected.0) && close(left.absolute_seconds, expected.1),
        "{value} for {expected:?}: {why}"
    );
}

fn dev_with(options: Options) -> Router {
    new_app(Options {
        dev: true,
        ..options
    })
    .1
}

#[tokio::test]
async fn a_session_ends_after_fifteen_minutes_without_a_request() {
    let (_, app) = dev_app();
    let cookie = login(&app, IVANOV).await;
    advance(&app, 15 * 60 - 1).await;
    assert!(
        session_works(&app, &cookie).await,
        "a request within 15 minutes"
    );
    advance(&app, 15 * 60 - 1).await;
    assert!(
        session_works(&app, &cookie).await,
        "each request starts the 15 minutes again"
    );
    advance(&app, 15 * 60).await;
    assert!(
        !session_works(&app, &cookie).await,
        "15 minutes without a request"
    );
}

#[tokio::test]
async fn a_session_ends_after_eight_hours_however_busy() {
    let (_, app) = dev_app();
    let cookie = login(&app, IVANOV).await;
    for _ in 0..47 {
        advance(&app, 10 * 60).await;
        assert!(session_works(&app, &cookie).await);
    }
    advance(&app, 10 * 60).await;
    assert!(
        !session_works(&app, &cookie).await,
        "8 hours after the log-in"
    );
}

#[tokio::test]
async fn the_two_lifetimes_are_options() {
    let app = dev_with(Options {
        session_idle_seconds: 60,
        session_absolute_seconds: 100,
        ..Options::default()
    });
    let cookie = login(&app, IVANOV).await;
    advance(&app, 59).await;
    assert!(session_works(&app, &cookie).await);
    advance(&app, 40).await;
    assert!(session_works(&app, &cookie).await);
    advance(&app, 1).await;
    assert!(!session_works(&app, &cookie).await, "100 seconds in all");
    let cookie = login(&app, IVANOV).await;
    advance(&app, 60).await;
    assert!(!session_works(&app, &cookie).await, "60 seconds idle");
}

#[test]
fn the_command_line_sets_the_lifetimes() {
    let args = "--session-idle 600 --session-absolute 3600"
        .split(' ')
        .map(str::to_owned);
    let cli = mock_api::Cli::parse(args).unwrap();
    assert_eq!(
        (
            cli.options.session_idle_seconds,
            cli.options.session_absolute_seconds
        ),
        (600, 3600)
    );
    let defaults = mock_api::Cli::parse(Vec::new()).unwrap().options;
    assert_eq!(
        (
            defaults.session_idle_seconds,
            defaults.session_absolute_seconds
        ),
        (900, 28800)
    );
    for bad in ["--session-idle 0", "--session-idle x", "--session-absolute"] {
        assert!(
            mock_api::Cli::parse(bad.split(' ').map(str::to_owned)).is_err(),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn every_answer_to_a_live_session_says_what_is_left_of_it() {
    let (_, app) = dev_app();
    let reply = call(
        &app,
        "POST",
        "/api/auth/password",
        Some(json!({"iin": IVANOV, "password": PASSWORD})),
        None,
    )
    .await;
    assert_left(&reply, (900, 28800), "a new session");
    let cookie = reply.session_cookie().unwrap();
    advance(&app, 100).await;
    let reply = call(&app, "GET", "/api/applications", None, Some(&cookie)).await;
    assert_left(&reply, (900, 28700), "a request uses the session");
    advance(&app, 60).await;
    let reply = call(&app, "GET", "/api/session/status", None, Some(&cookie)).await;
    assert_eq!(reply.json()["authenticated"], true);
    assert_left(
        &reply,
        (900, 28640),
        "asking whether one is logged in is a request of the person's too",
    );
    // An answer that needs no session says nothing, and the session's time runs on.
    advance(&app, 30).await;
    let reply = call(&app, "GET", "/api/status", None, Some(&cookie)).await;
    assert_eq!(reply.header("zeinet-session"), None);
    let reply = call(&app, "GET", "/api/applications", None, Some(&cookie)).await;
    assert_left(&reply, (900, 28610), "the absolute time ran on");
    // Nobody's session, an ended one: nothing.
    let reply = call(&app, "GET", "/api/session/status", None, None).await;
    assert_eq!(reply.header("zeinet-session"), None);
    let reply = call(&app, "POST", "/api/auth/logout", None, Some(&cookie)).await;
    assert_eq!(reply.header("zeinet-session"), None);
    let reply = call(&app, "GET", "/api/applications", None, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.header("zeinet-session"), None);
}

#[tokio::test]
async fn a_password_reset_ends_every_other_session_of_that_person() {
    let (_, app) = dev_app();
    let on_a_stolen_laptop = login(&app, PETROV).await;
    let someone_else = login(&app, IVANOV).await;
    let reply = call(
        &app,
        "POST",
        "/api/password-reset/start",
        // Petrov's phone on record
        Some(json!({"iin": PETROV, "phone": "+77050000811"})),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let id = reply.json()["request_id"].as_str().unwrap().to_owned();
    let sms = call(
        &app,
        "GET",
        &format!("/__dev/sms?request_id={id}"),
        None,
        None,
    )
    .await;
    let code = sms.json()["code"].as_str().unwrap().to_owned();
    let verify = json!({"request_id": id, "code": code});
    let reply = call(
        &app,
        "POST",
        "/api/password-reset/verify",
        Some(verify),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let complete = json!({"request_id": id, "password": "Another-Pass-2026!"});
    let reply = call(
        &app,
        "POST",
        "/api/password-reset/complete",
        Some(complete),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let new = reply.session_cookie().unwrap();
    assert!(
        !session_works(&app, &on_a_stolen_laptop).await,
        "the old sessions end"
    );
    assert!(
        session_works(&app, &new).await,
        "the reset's own session lives"
    );
    assert!(
        session_works(&app, &someone_else).await,
        "other people's sessions live"
    );
}

#[tokio::test]
async fn under_secure_cookies_the_session_cookie_is_pinned_to_its_host() {
    let (_, app) = new_app(Options {
        secure_cookies: true,
        ..Options::default()
    });
    let reply = call(
        &app,
        "POST",
        "/api/auth/password",
        Some(json!({"iin": IVANOV, "password": PASSWORD})),
        None,
    )
    .await;
    let set = reply.header("set-cookie").unwrap().to_owned();
    assert!(set.starts_with("__Host-zeinet_session="), "{set}");
    let attrs = attributes(&set);
    for needed in ["httponly", "samesite=strict", "path=/", "secure"] {
        assert!(attrs.iter().any(|a| a == needed), "{needed} in {set}");
    }
    assert!(!attrs.iter().any(|a| a.starts_with("domain")), "{set}");
    let id = set.split(';').next().unwrap().split_once('=').unwrap().1;
    let pinned = format!("__Host-zeinet_session={id}");
    assert!(session_works(&app, &pinned).await);
    // The same id under the unprefixed name is what a sibling subdomain could plant.
    assert!(!session_works(&app, &format!("zeinet_session={id}")).await);
    let reply = call(&app, "POST", "/api/auth/logout", None, Some(&pinned)).await;
    let cleared = reply.header("set-cookie").unwrap();
    assert!(cleared.starts_with("__Host-zeinet_session=;"), "{cleared}");
    assert!(
        attributes(cleared).iter().any(|a| a == "secure"),
        "{cleared}"
    );
}

#[tokio::test]
async fn over_plain_http_in_development_the_cookie_keeps_its_plain_name() {
    let (_, app) = new_app(Options::default());
    let cookie = login(&app, IVANOV).await;
    assert!(cookie.starts_with("zeinet_session="), "{cookie}");
    assert!(session_works(&app, &cookie).await);
}

#[tokio::test]
async fn the_profile_names_the_account_by_an_opaque_id_that_outlives_sessions() {
    let (_, app) = dev_app();
    let profile = |cookie: String| {
        let app = app.clone();
        async move {
            call(&app, "GET", "/api/profile", None, Some(&cookie))
                .await
                .json()
        }
    };
    let first = profile(login(&app, IVANOV).await).await;
    let id = first["id"].as_str().expect("an id").to_owned();
    assert_eq!(id.len(), 32, "{id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    assert!(
        !id.contains(&IVANOV[..6]) && !id.contains(&IVANOV[6..]),
        "not the IIN"
    );
    // Another session of the same person (after the first one ended): the same id.
    advance(&app, 15 * 60).await;
    assert_eq!(profile(login(&app, IVANOV).await).await["id"], id);
    // Another person: another id.
    assert_ne!(profile(login(&app, PETROV).await).await["id"], id);
}
