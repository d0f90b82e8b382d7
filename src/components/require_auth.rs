use crate::components::{ApiErrorAlert, Loading};
use crate::session::{use_session, SessionState};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_location, use_navigate},
    NavigateOptions,
};

/// Shows its children only to a logged-in person. A logged-out visitor is sent to log-in
/// with `?next=` set to where they were, so that log-in brings them back.
///
/// ```ignore
/// view! { <RequireAuth><ServicesPage /></RequireAuth> }
/// ```
#[component]
pub fn RequireAuth(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();

    Effect::new(move || {
        if let SessionState::LoggedOut(reason) = session.state() {
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            let expired = matches!(reason, crate::session::LogoutReason::Expired);
            navigate(
                &crate::pages::login_url(&here, expired),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    move || match session.state() {
        SessionState::LoggedIn(_) => children().into_any(),
        SessionState::Unavailable(error) => view! {
            <ApiErrorAlert error on_retry=Callback::new(move |_| session.refresh()) />
        }
        .into_any(),
        SessionState::Checking | SessionState::LoggedOut(_) => view! { <Loading rows=2 /> }.into_any(),
    }
}
