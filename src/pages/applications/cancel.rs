use crate::api::{
    self,
    applications::{ApplicationDetails, SignedDocument},
    ApiError,
};
use crate::components::{element_id, LazyPanel, LoopbackNote, ModalDialog, SigningStatus};
use crate::i18n::*;
use crate::session::use_session;
use crate::signing::{
    ncalayer::{self, KeyUsage, SignOutcome, SignRequest},
    SigningFailure,
};
use leptos::prelude::*;

/// Where a cancellation is while it runs (announced in the dialog's live region).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Preparing,
    Signing,
    Sending,
}

/// The backend's document → NCALayer signs it with the person's signing key (only their own
/// certificates offered) → the backend checks it and records the cancellation.
/// `Ok(None)`: the person closed NCALayer's dialog.
async fn cancel(
    id: &str,
    iin: Option<String>,
    locale: &'static str,
    step: RwSignal<Option<Step>>,
) -> Result<Option<ApplicationDetails>, SigningFailure> {
    step.set(Some(Step::Preparing));
    let document =
        crate::signing::prepare_with_ncalayer(api::applications::cancel_document(id)).await?;
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
    let signed = SignedDocument {
        document_id: &document.document_id,
        cms: &cms,
    };
    api::applications::cancel(id, &signed)
        .await
        .map(Some)
        .map_err(SigningFailure::Backend)
}

split_point! {
    /// The dialog of a cancellation, its signing through NCALayer included, as a split point:
    /// a page of applications does not wait for code that only a cancellation runs. Fetched
    /// when a dialog is first opened, or in the background once a row offers one
    /// ([`preload_cancel_dialog`]).
    fn cancel_dialog_view(dialog: DialogOf), preload preload_cancel_dialog
        => view! { <CancelDialog dialog /> }
}

/// Once a page of applications shows a row whose cancellation the backend offers, fetches
/// the dialog's chunk in the background, a moment after the page is built: the dialog then
/// opens at once, and does not need the network any more.
/// Stops with the page.
pub(crate) fn preload_cancel_dialog_soon() {
    leptos::task::spawn_local_scoped_with_cancellation(async {
        gloo_timers::future::TimeoutFuture::new(1_000).await;
        // A failure is fetched again when a dialog is opened (and said there).
        let _ = preload_cancel_dialog().await;
    });
}

/// What the dialog of one application's cancellation is given by its row.
#[derive(Clone)]
pub struct DialogOf {
    id: String,
    number: String,
    open: RwSignal<bool>,
    /// The id of the row's button: focus goes back there when the dialog closes.
    button: String,
    status_cell: String,
    on_cancelled: Callback<ApplicationDetails>,
    on_stale: Callback<()>,
}

/// «Күшін жою»: the button in an application's row, and the dialog that confirms and signs
/// the cancellation. `on_cancelled` gets the application in its new status; `on_stale` asks
/// the page to refresh the list when the backend says the application can no longer be
/// cancelled.
///
/// The dialog is built when first opened and kept afterwards (an open dialog survives a
/// change of status): a page of rows does not build, for every transfer, a dialog hardly
/// anyone opens.
/// Its code is a chunk of its own ([`cancel_dialog_view`]): "loading…", or "try again" if it
/// cannot be fetched, stand in the row meanwhile.
#[component]
pub fn CancelApplication(
    id: String,
    number: String,
    /// Whether the memo's rule allows cancelling now: the button shows only then.
    offered: Signal<bool>,
    /// The id of the row's status cell: focused when the dialog closes and the button is gone.
    status_cell: String,
    on_cancelled: Callback<ApplicationDetails>,
    on_stale: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let label_number = number.clone();
    let button = element_id("cancel-button", &id);
    let dialog = DialogOf {
        id,
        number,
        open,
        button: button.clone(),
        status_cell,
        on_cancelled,
        on_stale,
    };
    let load = move || {
        let dialog = dialog.clone();
        async move {
            cancel_dialog_view()
                .await
                .map(move |build| move || build(dialog.clone()))
        }
    };

    view! {
        <button
            type="button"
            id=button
            class="button button--link row__cancel"
            hidden=move || !offered.get()
            aria-label=move || {
                let number = label_number.clone();
                t_string!(i18n, applications.cancel_button_label, number).to_string()
            }
            aria-haspopup="dialog"
            on:click=move |_| open.set(true)
        >
            {t!(i18n, applications.cancel_button)}
        </button>
        <LazyPanel wanted=open load />
    }
}

/// The dialog itself: the question, the signing's progress and failures, "sign and cancel"
/// and "close". Each opening starts afresh.
#[component]
fn CancelDialog(dialog: DialogOf) -> impl IntoView {
    let DialogOf {
        id,
        number,
        open,
        button,
        status_cell,
        on_cancelled,
        on_stale,
    } = dialog;
    let i18n = use_i18n();
    let session = use_session();
    let step = RwSignal::new(None::<Step>);
    let stopped = RwSignal::new(false);
    let dialog_id = element_id("cancel", &id);

    let attempt = Action::new_local(move |_: &()| {
        let id = id.clone();
        let iin = session.profile().map(|p| p.iin);
        let locale = crate::locale::code(i18n.get_locale_untracked());
        async move {
            stopped.set(false);
            let outcome = cancel(&id, iin, locale, step).await;
            step.set(None);
            outcome
        }
    });
    Effect::new(move || match attempt.value().get() {
        Some(Ok(Some(details))) => {
            open.set(false);
            on_cancelled.run(details);
        }
        Some(Ok(None)) => stopped.set(true),
        Some(Err(SigningFailure::Backend(ApiError::Conflict { .. }))) => on_stale.run(()),
        Some(Err(SigningFailure::Backend(ref error))) if error.is_session_expired() => {
            session.check(error.clone());
        }
        _ => {}
    });
    // A new opening does not show the outcome of the last one.
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if is_open && was_open == Some(false) {
            attempt.value().set(None);
            stopped.set(false);
        }
        is_open
    });
    let failure = move || attempt.value().get().and_then(Result::err);
    // While it runs, "sign and cancel" says so (`aria-disabled`) but keeps the focus it has:
    // a `disabled` button would drop it to <body>, out of the dialog.
    let start = move || {
        if !attempt.pending().get_untracked() {
            attempt.dispatch(());
        }
    };
    let text = Signal::derive(move || {
        let number = number.clone();
        t_string!(i18n, applications.cancel_text, number).to_string()
    });
    let step_words = Signal::derive(move || {
        step.get().map(|step| match step {
            Step::Preparing => t_string!(i18n, applications.cancel_step_prepare),
            Step::Signing => t_string!(i18n, applications.cancel_step_sign),
            Step::Sending => t_string!(i18n, applications.cancel_step_send),
        })
    });

    view! {
        <ModalDialog
            open
            id=dialog_id
            fallback_focus=status_cell
            opened_by=button
            title=Signal::derive(move || t_string!(i18n, applications.cancel_title).to_owned())
        >
            <p>{text}</p>
            <LoopbackNote />
            <SigningStatus
                step=step_words
                stopped
                stopped_text=Signal::derive(move || {
                    t_string!(i18n, applications.cancel_signing_stopped).to_owned()
                })
                stopped_testid="cancel-stopped"
                failure=Signal::derive(failure)
                backend_message=backend_message
                on_retry=Callback::new(move |_| start())
            />
            <div class="dialog__actions">
                <button
                    type="button"
                    class="button button--primary"
                    aria-disabled=move || attempt.pending().get().then_some("true")
                    on:click=move |_| start()
                >
                    {t!(i18n, applications.cancel_confirm)}
                </button>
                <button
                    type="button"
                    class="button button--secondary"
                    on:click=move |_| open.set(false)
                >
                    {t!(i18n, applications.cancel_close)}
                </button>
            </div>
        </ModalDialog>
    }
}

/// The cancellation's own words for the backend's refusals.
fn backend_message(i18n: crate::I18n, error: &ApiError) -> Option<String> {
    let text = match error {
        ApiError::Conflict { .. } => t_string!(i18n, applications.cancel_not_cancellable),
        ApiError::Validation { code, .. } => match code.as_str() {
            "wrong_key_usage" => t_string!(i18n, applications.cancel_wrong_key),
            "signer_mismatch" => t_string!(i18n, applications.cancel_signer_mismatch),
            "certificate_revoked" => t_string!(i18n, signing.certificate_revoked),
            _ => t_string!(i18n, applications.cancel_invalid_signature),
        },
        ApiError::Gone { .. } => t_string!(i18n, applications.cancel_expired),
        _ => return None,
    };
    Some(text.to_owned())
}
