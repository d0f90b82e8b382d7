use crate::api::{self, applications::ApplicationSummary, refund::RefundApplication, ApiError};
use crate::components::{ApiErrorAlert, Loading, PageHeading};
use crate::i18n::*;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

/// "Менің төлемдер / аударымдар туралы өтініштерім": the heading and the sub-navigation
/// between its two views, each with its own address.
#[component]
pub fn ApplicationsLayout() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, applications.title).to_owned()) />
        <nav class="subnav" aria-label=move || t_string!(i18n, applications.subnav_label)>
            <A href="/services/applications" exact=true attr:class="subnav__link">
                {t!(i18n, applications.view_payments)}
            </A>
            <A href="/services/applications/refunds" attr:class="subnav__link">
                {t!(i18n, applications.view_refunds)}
            </A>
        </nav>
        <Outlet />
    }
}

/// Shows a failed load with its way forward; an expired session goes to log-in.
fn load_error(error: ApiError, retry: Callback<()>) -> AnyView {
    let error = use_session().check(error);
    view! { <ApiErrorAlert error on_retry=retry /> }.into_any()
}

/// The payments/transfers view: the person's applications, newest first.
#[component]
pub fn PaymentsView() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(api::applications::list);
    let retry = Callback::new(move |_| list.refetch());
    view! {
        <p class="footnote">{t!(i18n, applications.footnote)}</p>
        <Transition fallback=|| {
            view! { <Loading rows=5 /> }
        }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => load_error(error, retry),
                    Ok(items) if items.is_empty() => {
                        view! {
                            <div class="empty-state">
                                <p>{t!(i18n, applications.empty)}</p>
                                <A href="/services">{t!(i18n, common.back_to_services)}</A>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(mut items) => {
                        zeinet_domain::applications::newest_first(
                            &mut items,
                            |a| (a.filed_on.as_str(), a.number.as_str()),
                        );
                        view! { <ApplicationsTable items /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn ApplicationsTable(items: Vec<ApplicationSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = items.into_iter().enumerate().collect::<Vec<_>>();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="applications-table">
                <caption class="table__caption">{t!(i18n, applications.caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, applications.col_index)}</th>
                        <th scope="col">{t!(i18n, applications.col_kind)}</th>
                        <th scope="col">{t!(i18n, applications.col_contract)}</th>
                        <th scope="col">{t!(i18n, applications.col_filed)}</th>
                        <th scope="col">{t!(i18n, applications.col_number)}</th>
                        <th scope="col">{t!(i18n, applications.col_status)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.clone()
                        key=|(_, a)| a.id.clone()
                        let((index, application))
                    >
                        <tr>
                            <td data-label=move || {
                                t_string!(i18n, applications.col_index)
                            }>{index + 1}</td>
                            <th
                                scope="row"
                                data-label=move || t_string!(i18n, applications.col_kind)
                            >
                                {crate::labels::kind(i18n, &application.kind)}
                            </th>
                            <td data-label=move || {
                                t_string!(i18n, applications.col_contract)
                            }>{crate::labels::contract(i18n, &application.contract)}</td>
                            <td data-label=move || {
                                t_string!(i18n, applications.col_filed)
                            }>{crate::format::date(&application.filed_on)}</td>
                            <td data-label=move || {
                                t_string!(i18n, applications.col_number)
                            }>{application.number.clone()}</td>
                            <td data-label=move || t_string!(i18n, applications.col_status)>
                                <StatusBadge status=application.status.clone() />
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// A status as text with a colour badge (the colour is never the only cue).
#[component]
fn StatusBadge(status: String) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("badge badge--{}", crate::labels::status_tone(&status));
    view! { <span class=class>{crate::labels::status(i18n, &status)}</span> }
}

/// The "ЕЗЖ қайтару" view: the person's VPC refund applications.
#[component]
pub fn RefundsView() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(api::refund::applications);
    let retry = Callback::new(move |_| list.refetch());
    view! {
        <p>
            <A href="/services/refund" attr:class="button button--secondary">
                {t!(i18n, applications.refund_new)}
            </A>
        </p>
        <Transition fallback=|| {
            view! { <Loading rows=3 /> }
        }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => load_error(error, retry),
                    Ok(items) if items.is_empty() => {
                        view! {
                            <div class="empty-state">
                                <p>{t!(i18n, applications.refunds_empty)}</p>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(mut items) => {
                        zeinet_domain::applications::newest_first(
                            &mut items,
                            |a| (a.filed_on.as_str(), a.number.as_str()),
                        );
                        view! { <RefundsTable items /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn RefundsTable(items: Vec<RefundApplication>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="refunds-table">
                <caption class="table__caption">{t!(i18n, applications.refunds_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, applications.col_number)}</th>
                        <th scope="col">{t!(i18n, applications.col_filed)}</th>
                        <th scope="col">{t!(i18n, applications.col_orders)}</th>
                        <th scope="col">{t!(i18n, applications.col_total)}</th>
                        <th scope="col">{t!(i18n, applications.col_iban)}</th>
                        <th scope="col">{t!(i18n, applications.col_status)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || items.clone() key=|r| r.id.clone() let(refund)>
                        <tr>
                            <th
                                scope="row"
                                data-label=move || t_string!(i18n, applications.col_number)
                            >
                                {refund.number.clone()}
                            </th>
                            <td data-label=move || {
                                t_string!(i18n, applications.col_filed)
                            }>{crate::format::date(&refund.filed_on)}</td>
                            <td data-label=move || {
                                t_string!(i18n, applications.col_orders)
                            }>{refund.order_numbers.join(", ")}</td>
                            <td data-label=move || {
                                t_string!(i18n, applications.col_total)
                            }>
                                {move || crate::format::money(refund.total_tiyn, i18n.get_locale())}
                            </td>
                            <td data-label=move || {
                                t_string!(i18n, applications.col_iban)
                            }>{format!("•••• {}", refund.iban_last4)}</td>
                            <td data-label=move || t_string!(i18n, applications.col_status)>
                                <StatusBadge status=refund.status.clone() />
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </div>
    }
}
