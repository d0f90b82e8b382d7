use super::form::{RefundForm, RefundStep};
use crate::api::{
    self,
    refund::{DocumentRequest, RefundApplication, SignedDocument},
    ApiError,
};
use crate::components::{EgovPoll, EgovSigning, LocalFuture, LoopbackNote, SigningStatus};
use crate::i18n::*;
use crate::session::use_session;
use crate::signing::{
    ncalayer::{self, KeyUsage, SignOutcome, SignRequest},
    SigningFailure,
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use zeinet_domain::{iban::normalise, refund::Draft};

/// Where a signing by EDS is (announced in a live region).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Document,
    Signing,
    Sending,
}

/// How the person chose to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    Eds,
    Qr,
}

/// The document the backend builds from the draft.
async fn document(draft: &Draft) -> Result<api::applications::SignDocument, ApiError> {
    let account_type = draft.account_type.map(|a| a.code()).unwrap_or_default();
    let iban = normalise(&draft.iban);
    api::refund::document(&DocumentRequest {
        order_ids: &draft.selected,
        account_type,
        iban: &iban,
    })
    .await
}

/// The backend's document → NCALayer signs it with the person's signing key (their own
/// certificates only) → filed with the draft's idempotency key. `Ok(None)`: NCALayer's
/// dialog was closed.
///
/// A submission whose answer was lost (network, timeout, 5xx) is kept in `unanswered` (in
/// memory only) and sent again as it was on "try again": same key, same body, so the backend
/// answers with the application it filed the first time instead of filing a second one.
async fn sign_with_eds(
    draft: Draft,
    iin: Option<String>,
    locale: &'static str,
    step: RwSignal<Option<Step>>,
    unanswered: StoredValue<Option<(String, String)>, LocalStorage>,
) -> Result<Option<RefundApplication>, SigningFailure> {
    if let Some((document_id, cms)) = unanswered.get_value() {
        step.set(Some(Step::Sending));
        return submit(&document_id, &cms, &draft.idempotency_key, unanswered).await;
    }
    step.set(Some(Step::Document));
    let document = crate::signing::prepare_with_ncalayer(document(&draft)).await?;
    step.set(Some(Step::Signing));
    let request = SignRequest {
        data_base64: document.data,
        usage: KeyUsage::Signing,
        iin,
        locale,
    };
    let cms = match ncalayer::shared()
        .sign(&request)
        .await
        .map_err(SigningFailure::NcaLayer)?
    {
        SignOutcome::Signed(cms) => cms,
        SignOutcome::Cancelled => return Ok(None),
    };
    step.set(Some(Step::Sending));
    submit(
        &document.document_id,
        &cms,
        &draft.idempotency_key,
        unanswered,
    )
    .await
}

async fn submit(
    document_id: &str,
    cms: &str,
    idempotency_key: &str,
    unanswered: StoredValue<Option<(String, String)>, LocalStorage>,
) -> Result<Option<RefundApplication>, SigningFailure> {
    let signed = SignedDocument { document_id, cms };
    let answer = api::refund::submit(&signed, idempotency_key).await;
    // Answers that say nothing about whether it was filed: send the same again.
    let lost = matches!(
        &answer,
        Err(ApiError::Offline
            | ApiError::Network
            | ApiError::Timeout
            | ApiError::Server { .. }
            | ApiError::Maintenance { .. }
            | ApiError::TooManyRequests { .. }
            | ApiError::Malformed)
    );
    unanswered.set_value(lost.then(|| (document_id.to_owned(), cms.to_owned())));
    answer.map(Some).map_err(SigningFailure::Backend)
}

/// «ЭЦҚ-мен қол қою» and «QR-мен қол қою», enabled only when the application is complete and
/// the bank check passed; then the chosen way, and on success the confirmation.
#[component]
pub fn SignRefund(form: RefundForm, #[prop(into)] ready: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let back_to_orders = {
        let navigate = navigate.clone();
        Callback::new(move |()| navigate(RefundStep::Orders.path(), Default::default()))
    };
    let way = RwSignal::new(None::<Way>);
    let step = RwSignal::new(None::<Step>);
    let stopped = RwSignal::new(false);
    let unanswered = StoredValue::new_local(None::<(String, String)>);

    let filed = Callback::new(move |application: RefundApplication| {
        crate::refund_draft::clear();
        form.draft.set(Draft::new(&crate::refund_draft::new_key()));
        navigate(
            &format!(
                "{}&number={}",
                RefundStep::Done.path(),
                js_sys::encode_uri_component(&application.number)
            ),
            Default::default(),
        );
    });
    let eds = Action::new_local(move |_: &()| {
        let draft = form.draft.get_untracked();
        let iin = session.profile().map(|p| p.iin);
        let locale = crate::locale::code(i18n.get_locale_untracked());
        async move {
            stopped.set(false);
            let outcome = sign_with_eds(draft, iin, locale, step, unanswered).await;
            step.set(None);
            outcome
        }
    });
    let on_failure = move |error: &ApiError| match error {
        ApiError::Conflict { code } if code == "order_conflict" => {
            form.conflict.set(true);
            form.reload_orders.run(());
            back_to_orders.run(());
        }
        // Filed already (another tab with this draft): nothing more to do here.
        ApiError::Conflict { code } if code == "idempotency_mismatch" => {
            crate::refund_draft::clear();
        }
        error if error.is_session_expired() => {
            session.check(error.clone());
        }
        _ => {}
    };
    Effect::new(move || match eds.value().get() {
        Some(Ok(Some(application))) => filed.run(application),
        Some(Ok(None)) => stopped.set(true),
        Some(Err(SigningFailure::Backend(ref error))) => on_failure(error),
        _ => {}
    });
    let failure = move || eds.value().get().and_then(Result::err);

    // QR: the backend opens an eGov procedure for the same document.
    let start = Callback::new(move |()| {
        let draft = form.draft.get_untracked();
        Box::pin(async move {
            let document = document(&draft).await?;
            api::refund::start_egov(&document.document_id).await
        }) as LocalFuture<_>
    });
    let poll = Callback::new(|id: String| {
        Box::pin(async move {
            api::refund::egov_state(&id).await.map(|answer| EgovPoll {
                state: answer.state,
                outcome: answer.application,
            })
        }) as LocalFuture<_>
    });

    // An order refunded meanwhile: as with EDS, explained on step 1 with that order dropped.
    let qr_handled = Callback::new(move |error: ApiError| {
        let conflict = matches!(&error, ApiError::Conflict { code } if code == "order_conflict");
        if conflict {
            on_failure(&error);
        }
        conflict
    });

    // While a signing runs the buttons say so (`aria-disabled`) but keep the focus a person
    // (or a screen reader) had on them, as a `disabled` one would not: every press, "try
    // again" included, is ignored meanwhile.
    let idle = move || !eds.pending().get_untracked();
    let choose = move |chosen: Way| {
        move |_| {
            if idle() {
                way.set(Some(chosen));
                if chosen == Way::Eds {
                    eds.dispatch(());
                }
            }
        }
    };
    view! {
        <section class="signing" aria-labelledby="sign-title">
            <h3 id="sign-title" class="review__title">
                {t!(i18n, refund.sign_title)}
            </h3>
            <Show when=move || !ready.get()>
                <p class="note" id="sign-locked">
                    {t!(i18n, refund.sign_locked)}
                </p>
            </Show>
            <LoopbackNote />
            <div class="form-actions">
                <button
                    type="button"
                    class="button button--primary"
                    disabled=move || !ready.get()
                    aria-disabled=move || eds.pending().get().then_some("true")
                    aria-describedby=move || (!ready.get()).then_some("sign-locked")
                    on:click=choose(Way::Eds)
                >
                    {t!(i18n, refund.sign_eds)}
                </button>
                <button
                    type="button"
                    class="button button--secondary"
                    disabled=move || !ready.get()
                    aria-disabled=move || eds.pending().get().then_some("true")
                    aria-describedby=move || (!ready.get()).then_some("sign-locked")
                    on:click=choose(Way::Qr)
                >
                    {t!(i18n, refund.sign_qr)}
                </button>
            </div>
            <SigningStatus
                step=Signal::derive(move || {
                    step.get()
                        .map(|step| match step {
                            Step::Document => t_string!(i18n, refund.step_document),
                            Step::Signing => t_string!(i18n, refund.step_sign),
                            Step::Sending => t_string!(i18n, refund.step_send),
                        })
                })
                stopped
                stopped_text=Signal::derive(move || {
                    t_string!(i18n, refund.signing_stopped).to_owned()
                })
                stopped_testid="signing-stopped"
                failure=Signal::derive(failure)
                backend_message=backend_message
                on_retry=Callback::new(move |_| {
                    if idle() {
                        eds.dispatch(());
                    }
                })
            />
            {move || {
                (way.get() == Some(Way::Qr) && ready.get())
                    .then(|| {
                        view! {
                            <div class="qr-signing" data-testid="qr-signing">
                                <EgovSigning
                                    active=Signal::derive(|| true)
                                    intro=Signal::derive(move || {
                                        t_string!(i18n, refund.qr_intro).to_owned()
                                    })
                                    qr_label=Signal::derive(move || {
                                        t_string!(i18n, refund.qr_label).to_owned()
                                    })
                                    start
                                    poll
                                    on_signed=filed
                                    handled=qr_handled
                                />
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// The refund's own words for the backend's refusals of a signed application.
fn backend_message(i18n: crate::I18n, error: &ApiError) -> Option<String> {
    let text = match error {
        ApiError::Conflict { code } if code == "order_conflict" => t_string!(i18n, refund.conflict),
        ApiError::Conflict { code } if code == "idempotency_mismatch" => {
            t_string!(i18n, refund.already_filed)
        }
        ApiError::Validation { code, .. } => match code.as_str() {
            "wrong_key_usage" => t_string!(i18n, refund.wrong_key),
            "signer_mismatch" => t_string!(i18n, refund.signer_mismatch),
            "invalid_signature" => t_string!(i18n, refund.invalid_signature),
            "amount_out_of_range" => t_string!(i18n, refund.amount_out_of_range),
            "certificate_revoked" => t_string!(i18n, signing.certificate_revoked),
            _ => return None,
        },
        ApiError::Gone { .. } => t_string!(i18n, refund.document_expired),
        _ => return None,
    };
    Some(text.to_owned())
}
