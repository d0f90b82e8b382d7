use crate::api::applications::ApplicationDetails;
use crate::components::StatusHistory;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// What opens under an application's row, in the memo's order: purpose, fact of submission,
/// received by ENPF (with the bank and currency), deadline, the status history and, for a
/// refusal, its reason. Text from the backend is shown as text.
#[component]
pub fn DetailsList(
    details: ApplicationDetails,
    #[prop(optional)] printable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let ApplicationDetails {
        id,
        purpose,
        submitted,
        received_at,
        bank,
        currency,
        deadline,
        history,
        refusal_reason,
        ..
    } = details;
    let print_href = format!(
        "/services/applications/{}/print",
        String::from(js_sys::encode_uri_component(&id))
    );
    view! {
        <div class="details" data-testid="details">
            <dl class="details__list">
                {purpose
                    .map(|purpose| {
                        view! {
                            <div class="details__item">
                                <dt>{t!(i18n, applications.details_purpose)}</dt>
                                <dd>{move || crate::labels::purpose(i18n, &purpose)}</dd>
                            </div>
                        }
                    })} <div class="details__item">
                    <dt>{t!(i18n, applications.details_submitted)}</dt>
                    <dd>
                        {move || {
                            if submitted {
                                t_string!(i18n, applications.yes)
                            } else {
                                t_string!(i18n, applications.no)
                            }
                        }}
                    </dd>
                </div> <div class="details__item">
                    <dt>{t!(i18n, applications.details_received)}</dt>
                    <dd>
                        {crate::format::instant(&received_at)} " ("{bank.name.clone()}", "
                        {move || crate::labels::currency(i18n, &currency)}")"
                    </dd>
                </div> <div class="details__item">
                    <dt>{t!(i18n, applications.details_deadline)}</dt>
                    <dd>
                        {match deadline {
                            Some(day) => crate::format::date(&day).into_any(),
                            None => t!(i18n, applications.details_none).into_any(),
                        }}
                    </dd>
                </div> <div class="details__item details__item--wide">
                    <dt>{t!(i18n, applications.details_history)}</dt>
                    <dd>
                        <StatusHistory entries=history />
                    </dd>
                </div>
                {refusal_reason
                    .map(|reason| {
                        view! {
                            <div class="details__item details__item--wide details__item--refusal">
                                <dt>{t!(i18n, applications.details_refusal)}</dt>
                                <dd class="details__reason">{reason}</dd>
                            </div>
                        }
                    })}
            </dl>
            {(!printable)
                .then(|| {
                    view! {
                        <p class="details__actions">
                            <A href=print_href>{t!(i18n, applications.print_link)}</A>
                        </p>
                    }
                })}
        </div>
    }
}
