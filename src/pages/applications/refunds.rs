use crate::api::{self, refund::RefundApplication};
use crate::components::{
    element_id, load_error, DisclosureButton, EmptyState, Loading, StatusBadge, StatusHistory,
};
use crate::i18n::*;
use crate::polling::REFRESH_EVERY;
use leptos::{prelude::*, task::spawn_local_scoped_with_cancellation};
use leptos_router::components::A;
use std::collections::HashMap;
use zeinet_domain::applications::{newest_first, Status};

/// The latest answer for each refund application, by id: rows read their status and
/// history from it, so a refresh changes them in place (open rows and focus stay).
type Latest = RwSignal<HashMap<String, RefundApplication>>;

fn by_id(items: &[RefundApplication]) -> HashMap<String, RefundApplication> {
    items.iter().map(|r| (r.id.clone(), r.clone())).collect()
}

/// The "ЕЗЖ қайтару" view: the person's VPC refund applications, newest first, each opening
/// onto its payment orders and status history; unfinished ones refreshed while the page is
/// open and visible.
#[component]
pub fn RefundsView() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(api::refund::applications);
    let retry = Callback::new(move |_| list.refetch());
    let latest: Latest = RwSignal::new(HashMap::new());
    crate::polling::poll_while_visible(REFRESH_EVERY, move || {
        let pending = latest.with_untracked(|all| {
            all.values()
                .any(|r| Status::from_code(&r.status).is_some_and(Status::is_pending))
        });
        if pending {
            spawn_local_scoped_with_cancellation(async move {
                // A failed refresh keeps what is shown; the next one tries again.
                if let Ok(items) = api::refund::applications().await {
                    latest.try_set(by_id(&items));
                }
            });
        }
    });
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
                            <EmptyState
                                title=Signal::derive(move || {
                                    t_string!(i18n, applications.refunds_empty_title).to_owned()
                                })
                                text=Signal::derive(move || {
                                    t_string!(i18n, applications.refunds_empty_hint).to_owned()
                                })
                            >
                                <A href="/services">{t!(i18n, common.back_to_services)}</A>
                            </EmptyState>
                        }
                            .into_any()
                    }
                    Ok(mut items) => {
                        newest_first(&mut items, |a| (a.filed_on.as_str(), a.number.as_str()));
                        latest.set(by_id(&items));
                        view! { <RefundsTable items latest /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn RefundsTable(items: Vec<RefundApplication>, latest: Latest) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table table--disclosure" data-testid="refunds-table">
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
                <For each=move || items.clone() key=|r| r.id.clone() let(refund)>
                    <RefundRow refund latest />
                </For>
            </table>
        </div>
    }
}

/// A refund application's row and its details (already in the list: nothing to fetch).
#[component]
fn RefundRow(refund: RefundApplication, latest: Latest) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let details_id = element_id("refund", &refund.id);
    let id = refund.id.clone();
    let RefundApplication {
        number,
        filed_on,
        order_numbers,
        total_tiyn,
        iban_last4,
        status,
        history,
        ..
    } = refund;
    // The latest status and history (a refresh may have moved them on).
    let current = Memo::new(move |_| {
        latest.with(|all| {
            all.get(&id)
                .map(|r| (r.status.clone(), r.history.clone()))
                .unwrap_or_else(|| (status.clone(), history.clone()))
        })
    });
    let status = Signal::derive(move || current.with(|(status, _)| status.clone()));
    let iban = view! {
        <span class="visually-hidden">{t!(i18n, applications.iban_ending)} " "</span>
        <span aria-hidden="true">"•••• "</span>
        {iban_last4}
    };
    view! {
        <tbody class="row-group" class:row-group--open=move || open.get()>
            <tr class="row">
                <th scope="row" data-label=move || t_string!(i18n, applications.col_number)>
                    <DisclosureButton open controls=details_id.clone()>
                        {number}
                    </DisclosureButton>
                </th>
                <td data-label=move || {
                    t_string!(i18n, applications.col_filed)
                }>{crate::format::date(&filed_on)}</td>
                <td data-label=move || {
                    t_string!(i18n, applications.col_orders)
                }>{order_numbers.join(", ")}</td>
                <td data-label=move || {
                    t_string!(i18n, applications.col_total)
                }>{move || crate::format::money(total_tiyn, i18n.get_locale())}</td>
                <td data-label=move || t_string!(i18n, applications.col_iban)>{iban}</td>
                <td data-label=move || t_string!(i18n, applications.col_status)>
                    <StatusBadge status />
                </td>
            </tr>
            <tr class="details-row" id=details_id hidden=move || !open.get()>
                <td colspan="6">
                    <div class="details" data-testid="details">
                        <dl class="details__list">
                            <div class="details__item">
                                <dt>{t!(i18n, applications.refund_orders)}</dt>
                                <dd>
                                    <ul class="details__orders">
                                        {order_numbers
                                            .into_iter()
                                            .map(|n| view! { <li>{n}</li> })
                                            .collect_view()}
                                    </ul>
                                </dd>
                            </div>
                            <div class="details__item details__item--wide">
                                <dt>{t!(i18n, applications.details_history)}</dt>
                                <dd>
                                    {move || {
                                        let entries = current.with(|(_, history)| history.clone());
                                        view! { <StatusHistory entries /> }
                                    }}
                                </dd>
                            </div>
                        </dl>
                    </div>
                </td>
            </tr>
        </tbody>
    }
}
