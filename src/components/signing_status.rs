use super::{Progress, SigningFailureAlert};
use crate::api::ApiError;
use crate::signing::SigningFailure;
use leptos::prelude::*;

/// Where a signing stands, in two live regions that are there before anything is said in
/// them: politely, the step it is at (a spinner and its words) or that the person stopped it
/// in NCALayer; assertively, why it failed, with "try again". The cancellation's dialog and
/// the refund's signing step both show it.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::api::ApiError;
/// # use zeinet::components::SigningStatus;
/// # use zeinet::i18n::*;
/// # use zeinet::signing::SigningFailure;
/// # #[derive(Clone, Copy)]
/// # enum Step { Signing }
/// # fn step_words(_: zeinet::I18n, _: Step) -> &'static str { "" }
/// # fn backend_message(_: zeinet::I18n, _: &ApiError) -> Option<String> { None }
/// # fn demo() -> impl IntoView {
/// # let i18n = use_i18n();
/// # let (step, stopped) = (RwSignal::new(Some(Step::Signing)), RwSignal::new(false));
/// # let failure = move || None::<SigningFailure>;
/// # let start = move || {};
/// view! {
///     <SigningStatus
///         step=Signal::derive(move || step.get().map(|step| step_words(i18n, step)))
///         stopped
///         stopped_text=Signal::derive(move || t_string!(i18n, refund.signing_stopped).to_owned())
///         stopped_testid="signing-stopped"
///         failure=Signal::derive(failure)
///         backend_message=backend_message
///         on_retry=Callback::new(move |_| start())
///     />
/// }
/// # }
/// ```
#[component]
pub fn SigningStatus(
    /// The words of the step the signing is at, while it runs.
    #[prop(into)]
    step: Signal<Option<&'static str>>,
    /// Whether the person closed NCALayer's dialog (nothing was signed).
    #[prop(into)]
    stopped: Signal<bool>,
    #[prop(into)] stopped_text: Signal<String>,
    stopped_testid: &'static str,
    #[prop(into)] failure: Signal<Option<SigningFailure>>,
    /// The screen's own words for the backend's refusals (see [`SigningFailureAlert`]).
    backend_message: fn(crate::I18n, &ApiError) -> Option<String>,
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="live-region" role="status" aria-live="polite">
            {move || step.get().map(|text| view! { <Progress text /> })}
            {move || {
                stopped
                    .get()
                    .then(|| {
                        view! {
                            <p class="alert alert--info" data-testid=stopped_testid>
                                {stopped_text}
                            </p>
                        }
                    })
            }}
        </div>
        <div class="live-region" aria-live="assertive">
            {move || {
                failure
                    .get()
                    .map(|failure| {
                        view! { <SigningFailureAlert failure backend_message on_retry /> }
                    })
            }}
        </div>
    }
}
