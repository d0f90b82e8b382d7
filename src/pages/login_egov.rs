use crate::api;
use crate::components::{EgovPoll, EgovSigning, LocalFuture};
use crate::i18n::*;
use crate::session::use_session;
use leptos::prelude::*;

/// "eGov mobile": log-in by a QR code scanned and signed in eGov mobile; once signed, the
/// backend has set the session and the person is in.
#[component]
pub fn EgovTab(#[prop(into)] active: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let start = Callback::new(|()| Box::pin(api::auth::start_egov_login()) as LocalFuture<_>);
    let poll = Callback::new(|id: String| {
        Box::pin(async move {
            api::auth::egov_login_state(&id)
                .await
                .map(|answer| EgovPoll {
                    state: answer.state,
                    outcome: answer.profile,
                })
        }) as LocalFuture<_>
    });
    view! {
        <EgovSigning
            active
            intro=Signal::derive(move || t_string!(i18n, login.egov_open_app).to_owned())
            qr_label=Signal::derive(move || t_string!(i18n, login.egov_qr_label).to_owned())
            start
            poll
            on_signed=Callback::new(move |profile| session.logged_in(profile))
        />
    }
}
