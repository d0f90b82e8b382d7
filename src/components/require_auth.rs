use crate::components::{ApiErrorAlert, Loading};
use crate::session::{use_session, LogoutReason, SessionState};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_location, use_navigate},
    NavigateOptions,
};

/// Shows its children only to a logged-in person. A logged-out visitor is sent to log-in
/// with `?next=` set to where they were, so that log-in brings them back.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::RequireAuth;
/// # use zeinet::pages::ServicesPage;
/// # fn demo() -> impl IntoView {
/// view! { <RequireAuth><ServicesPage /></RequireAuth> }
/// # }
/// ```
#[component]
pub fn RequireAuth(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();

    Effect::new(move || {
        // After "log out" the header takes the person to the log-in page itself.
        if let SessionState::LoggedOut(reason @ (LogoutReason::None | LogoutReason::Expired)) =
            session.state()
        {
            // leptos_router changes the address before it draws the new screen: a second end
            // of the session meanwhile (another request's 401) must not send log-in to itself.
            if location
                .pathname
                .with_untracked(|path| path.trim_end_matches('/') == "/login")
            {
                return;
            }
            let search = location.search.get_untracked();
            let here = if search.is_empty() {
                location.pathname.get_untracked()
            } else {
                format!(
                    "{}?{}",
                    location.pathname.get_untracked(),
                    search.trim_start_matches('?')
                )
            };
            let expired = reason == LogoutReason::Expired;
            navigate(
                &crate::pages::login_url(&here, expired),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    // What the guard shows. Once the page is shown it stays until the route changes: a session
    // that ends (or is refreshed) must not tear the page down under the code still handling
    // the answer that ended it, nor lose what was typed; the effect above moves to log-in.
    let gate = Memo::new(move |shown: Option<&Gate>| {
        if shown == Some(&Gate::Page) {
            return Gate::Page;
        }
        match session.state() {
            SessionState::LoggedIn(_) => Gate::Page,
            SessionState::Unavailable(error) => Gate::Unavailable(error),
            SessionState::Checking | SessionState::LoggedOut(_) => Gate::Waiting,
        }
    });
    move || match gate.get() {
        Gate::Page => children().into_any(),
        Gate::Unavailable(error) => {
            view! { <ApiErrorAlert error on_retry=Callback::new(move |_| session.refresh()) /> }
                .into_any()
        }
        Gate::Waiting => view! { <Loading rows=2 /> }.into_any(),
    }
}

/// What [`RequireAuth`] shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Gate {
    Waiting,
    Unavailable(crate::api::ApiError),
    Page,
}
