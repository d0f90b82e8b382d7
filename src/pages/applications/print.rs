use super::details::DetailsList;
use crate::api;
use crate::components::{load_error, Loading, PageHeading, StatusBadge};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

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
                                                move || crate::labels::kind(i18n.get_locale(), &kind)
                                            }
                                        </dd>
                                    </div>
                                    <div class="details__item">
                                        <dt>{t!(i18n, applications.col_contract)}</dt>
                                        <dd>
                                            {
                                                let contract = details.contract.clone();
                                                move || crate::labels::contract(
                                                    i18n.get_locale(),
                                                    &contract,
                                                )
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
