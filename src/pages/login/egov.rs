use crate::api::{self, auth::Profile, ApiError};
use crate::components::{EgovPoll, EgovSigning, LocalFuture};
use crate::i18n::*;
use crate::session::use_session;
use leptos::prelude::*;

/// "eGov mobile": log-in by a QR code scanned and signed in eGov mobile. The procedure belongs
/// to this browser (the backend's HttpOnly cookie); once the poll says signed, the page takes
/// the session (the backend sets it) and the person is in.
#[component]
pub fn EgovTab(#[prop(into)] active: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let start = Callback::new(|()| Box::pin(api::auth::start_egov_login()) as LocalFuture<_>);
    let poll = Callback::new(|id: String| {
        Box::pin(async move {
            let answer = api::auth::egov_login_state(&id).await?;
            if answer.state != "signed" {
                return Ok(EgovPoll {
                    state: answer.state,
                    outcome: None,
                });
            }
            signed_outcome(api::auth::complete_egov_login(&id).await)
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
            remember_as="zeinet.egov.login"
        />
    }
}

/// The poll's answer once the procedure is signed, from the request for its session: the
/// profile (the session is set); signed but no session (`outcome: None`) when the backend
/// refuses it for good (404: not this browser's procedure, 409: not signed or already taken,
/// 410: expired); any other error is the poll's, so a passing one (network, 5xx, timeout)
/// keeps the polling going and the next poll asks again.
fn signed_outcome(session: Result<Profile, ApiError>) -> Result<EgovPoll<Profile>, ApiError> {
    let signed = |outcome| EgovPoll {
        state: "signed".to_owned(),
        outcome,
    };
    match session {
        Ok(profile) => Ok(signed(Some(profile))),
        Err(ApiError::NotFound | ApiError::Conflict { .. } | ApiError::Gone { .. }) => {
            Ok(signed(None))
        }
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_procedure_gives_the_profile_or_says_no_session_will_come() {
        let profile = Profile {
            id: "5b0c1f3e9a7d42c88e61f2a4d9b3c7e0".into(),
            iin: "900101300007".into(),
            full_name: "Иванов Иван Иванович".into(),
            phone_masked: "+7 701 *** ** 07".into(),
        };
        let signed = |outcome| {
            Ok(EgovPoll {
                state: "signed".to_owned(),
                outcome,
            })
        };
        assert_eq!(signed_outcome(Ok(profile.clone())), signed(Some(profile)));
        for refusal in [
            ApiError::NotFound,
            ApiError::Conflict {
                code: "already_used".into(),
            },
            ApiError::Conflict {
                code: "not_signed".into(),
            },
            ApiError::Gone {
                code: "expired".into(),
            },
        ] {
            assert_eq!(
                signed_outcome(Err(refusal.clone())),
                signed(None),
                "{refusal:?}"
            );
        }
        for passing in [
            ApiError::Network,
            ApiError::Timeout,
            ApiError::Offline,
            ApiError::Server { status: 500 },
            ApiError::Maintenance { until: None },
            ApiError::Malformed,
        ] {
            assert!(passing.is_retryable());
            assert_eq!(signed_outcome(Err(passing.clone())), Err(passing));
        }
    }
}
