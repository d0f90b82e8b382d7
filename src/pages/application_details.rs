use crate::api::{self, applications::ApplicationDetails};
use crate::components::{Loading, PageHeading, StatusBadge, StatusHistory};
use crate::i18n::*;
use crate::pages::applications::load_error;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

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

/// One application on a page of its own, laid out for paper (the print stylesheet drops the
/// site's chrome): `/services/applications/{id}/print`.
#[component]
pub fn ApplicationPrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    // leptos_router leaves a path's reserved escapes (`%2F`) as they are: the id is decoded
    // here, and encoded again, once, by the API client.
    let id = move || {
        let raw = params.with(|p| p.get("id").unwrap_or_default());
        js_sys::decode_uri_component(&raw).map_or(raw, String::from)
    };
    let application = LocalResource::new(move || {
        let id = id();
        async move { api::applications::details(&id).await }
    });
    let retry = Callback::new(move |_| application.refetch());
    let heading = Signal::derive(move || match application.get() {
        Some(Ok(details)) => {
            let number = details.number.clone();
            t_string!(i18n, applications.print_title, number).to_string()
        }
        _ => t_string!(i18n, applications.print_loading_title).to_owned(),
    });
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <PageHeading text=heading />
        <p class="no-print">
            <A href="/services/applications">{t!(i18n, applications.back_to_list)}</A>
        </p>
        <Transition fallback=|| {
            view! { <Loading rows=6 /> }
        }>
            {move || Suspend::new(async move {
                match application.await {
                    Err(error) => load_error(error, retry),
                    Ok(details) => {
                        view! {
                            <div class="print-sheet">
                                <dl class="details__list">
                                    <div class="details__item details__item--wide">
                                        <dt>{t!(i18n, applications.col_kind)}</dt>
                                        <dd>
                                            {
                                                let kind = details.kind.clone();
                                                move || crate::labels::kind(i18n, &kind)
                                            }
                                        </dd>
                                    </div>
                                    <div class="details__item">
                                        <dt>{t!(i18n, applications.col_contract)}</dt>
                                        <dd>
                                            {
                                                let contract = details.contract.clone();
                                                move || crate::labels::contract(i18n, &contract)
                                            }
                                        </dd>
                                    </div>
                                    <div class="details__item">
                                        <dt>{t!(i18n, applications.col_filed)}</dt>
                                        <dd>{crate::format::date(&details.filed_on)}</dd>
                                    </div>
                                    <div class="details__item">
                                        <dt>{t!(i18n, applications.col_number)}</dt>
                                        <dd>{details.number.clone()}</dd>
                                    </div>
                                    <div class="details__item">
                                        <dt>{t!(i18n, applications.col_status)}</dt>
                                        <dd>
                                            <StatusBadge status=details.status.clone() />
                                        </dd>
                                    </div>
                                </dl>
                                <DetailsList details printable=true />
                                <button
                                    type="button"
                                    class="button button--primary no-print"
                                    on:click=print
                                >
                                    {t!(i18n, applications.print_button)}
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}
