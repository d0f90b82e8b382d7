use super::form::{RefundForm, RefundStep};
use crate::components::{
    element_id, EmptyState, ErrorSummary, FieldError, FieldErrorMessage, StepHeading,
};
use crate::i18n::*;
use crate::pages::messages::orders_message;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};
use zeinet_domain::refund::Problem;

/// The id the errors of the orders table point at.
const ORDERS_ID: &str = "orders";

/// Step 1: the person's refundable payment orders with a checkbox each and "select all", the
/// refund amount filled in (all that is available), the total following the ticks, and the
/// beneficiary and currency from the profile.
#[component]
pub fn OrdersStep(form: RefundForm, focus: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let draft = form.draft;
    let attempt = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<Problem>);
    // Orders refunded meanwhile (here or in another tab) leave the draft; the rest stays.
    Effect::new(move || {
        let orders = form.rule_orders();
        let stale = draft.with(|d| {
            d.selected
                .iter()
                .any(|id| !orders.iter().any(|o| &o.id == id))
        });
        if stale {
            draft.update(|d| {
                d.retain_available(&orders);
            });
        }
    });
    // A tick that mixes banks is said at once; "nothing ticked" only on continuing.
    Effect::new(move || {
        let orders = form.rule_orders();
        let now = draft.with(|d| d.orders_problem(&orders));
        problem.update(|shown| match now {
            Some(Problem::MixedBanks) => *shown = now,
            None => *shown = None,
            _ => {}
        });
    });
    let message = move |problem: Problem| orders_message(i18n, problem);
    let errors = Signal::derive(move || {
        problem
            .get()
            .map(|p| {
                vec![FieldError {
                    field_id: ORDERS_ID,
                    message: message(p),
                }]
            })
            .unwrap_or_default()
    });
    let next = move |_| {
        let orders = form.rule_orders();
        match draft.with(|d| d.orders_problem(&orders)) {
            Some(found) => {
                problem.set(Some(found));
                attempt.update(|n| *n += 1);
            }
            None => {
                form.conflict.set(false);
                navigate(RefundStep::Requisites.path(), Default::default());
            }
        }
    };
    let total = move || {
        let orders = form.rule_orders();
        let total = draft.with(|d| d.total(&orders));
        crate::format::money(total.0, i18n.get_locale())
    };
    let has_orders = move || form.orders.with(|o| !o.is_empty());

    view! {
        <StepHeading
            text=Signal::derive(move || t_string!(i18n, refund.form_title).to_owned())
            focus
        />
        <Show
            when=has_orders
            fallback=move || {
                view! {
                    <EmptyState
                        title=Signal::derive(move || {
                            t_string!(i18n, refund.no_orders_title).to_owned()
                        })
                        text=Signal::derive(move || {
                            t_string!(i18n, refund.no_orders_text).to_owned()
                        })
                    >
                        <A href="/services/applications/refunds">
                            {t!(i18n, refund.go_status)}
                        </A>
                    </EmptyState>
                }
            }
        >
            <Conditions />
            {move || {
                form.conflict
                    .get()
                    .then(|| {
                        view! {
                            <div class="alert alert--warning" role="alert" data-testid="conflict">
                                <p class="alert__text">{t!(i18n, refund.conflict)}</p>
                            </div>
                        }
                    })
            }}
            <ErrorSummary errors attempt />
            <div
                class="field"
                class:field--error=move || problem.with(Option::is_some)
                id=ORDERS_ID
                tabindex="-1"
            >
                <FieldErrorMessage
                    field=ORDERS_ID
                    error=Signal::derive(move || problem.get().map(message))
                />
                <OrdersTable form />
            </div>
            <p class="footnote">{t!(i18n, refund.auto_amount)}</p>
            <dl class="summary-list">
                <div class="summary-list__row summary-list__row--total">
                    <dt>{t!(i18n, refund.total)}</dt>
                    <dd aria-live="polite" data-testid="refund-total">
                        {total}
                    </dd>
                </div>
                <div class="summary-list__row">
                    <dt>{t!(i18n, refund.beneficiary_name)}</dt>
                    <dd>{move || session.profile().map(|p| p.full_name)}</dd>
                </div>
                <div class="summary-list__row">
                    <dt>{t!(i18n, refund.beneficiary_iin)}</dt>
                    <dd>{move || session.profile().map(|p| p.iin)}</dd>
                </div>
                <div class="summary-list__row">
                    <dt>{t!(i18n, refund.currency)}</dt>
                    <dd>{t!(i18n, refund.currency_value)}</dd>
                </div>
            </dl>
            <div class="form-actions">
                <button type="button" class="button button--primary" on:click=next.clone()>
                    {t!(i18n, refund.next_step)}
                </button>
            </div>
        </Show>
    }
}

/// The memo's conditions of the service, briefly.
#[component]
fn Conditions() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="conditions">
            <summary>{t!(i18n, refund.when_title)}</summary>
            <ul class="bullets">
                <li>{t!(i18n, refund.when_error)}</li>
                <li>{t!(i18n, refund.when_eds)}</li>
                <li>{t!(i18n, refund.when_login)}</li>
            </ul>
            <p>{t!(i18n, refund.status_where)}</p>
        </details>
        <p class="note">
            <em>{t!(i18n, refund.to_requisites)}</em>
        </p>
    }
}

/// The orders with their checkboxes. "Select all" takes the orders of one bank: the bank of
/// the orders already ticked, else of the newest order.
#[component]
fn OrdersTable(form: RefundForm) -> impl IntoView {
    let i18n = use_i18n();
    let draft = form.draft;
    let bank_name = move |bic: &str| {
        form.banks.with(|banks| {
            banks
                .iter()
                .find(|b| b.bic == bic)
                .map(|b| b.name.clone())
                .unwrap_or_else(|| bic.to_owned())
        })
    };
    let select_all_bank = move || {
        let orders = form.rule_orders();
        draft
            .with(|d| d.bank(&orders).ok().flatten().map(str::to_owned))
            .or_else(|| orders.first().map(|o| o.bank_bic.clone()))
    };
    let all_checked = move || {
        let orders = form.rule_orders();
        let Some(bic) = select_all_bank() else {
            return false;
        };
        draft.with(|d| {
            orders
                .iter()
                .filter(|o| o.bank_bic == bic)
                .all(|o| d.is_selected(&o.id))
        })
    };
    let toggle_all = move |_| {
        if let Some(bic) = select_all_bank() {
            let orders = form.rule_orders();
            draft.update(|d| d.toggle_all(&orders, &bic));
        }
    };
    view! {
        <div class="table-wrap">
            <table class="table table--orders" data-testid="orders-table">
                <caption class="table__caption">{t!(i18n, refund.orders_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="table__check">
                            <input
                                type="checkbox"
                                class="checkbox__input"
                                id="select-all"
                                aria-label=move || t_string!(i18n, refund.select_all)
                                prop:checked=all_checked
                                on:change=toggle_all
                            />
                        </th>
                        <th scope="col">{t!(i18n, refund.col_order)}</th>
                        <th scope="col">{t!(i18n, refund.col_date)}</th>
                        <th scope="col">{t!(i18n, refund.col_bank)}</th>
                        <th scope="col">{t!(i18n, refund.col_available)}</th>
                        <th scope="col">{t!(i18n, refund.col_refund)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || form.orders.get() key=|order| order.id.clone() let(order)>
                        {
                            let id = order.id.clone();
                            let toggle_id = order.id.clone();
                            let checked = Signal::derive(move || {
                                draft.with(|d| d.is_selected(&id))
                            });
                            let input_id = element_id("order", &order.id);
                            let number = order.number.clone();
                            let available = order.available_tiyn;
                            let bank = bank_name(&order.bank_bic);
                            view! {
                                <tr class:row--selected=checked>
                                    <td class="table__check">
                                        <input
                                            type="checkbox"
                                            class="checkbox__input"
                                            id=input_id.clone()
                                            aria-label=move || {
                                                let number = number.clone();
                                                t_string!(i18n, refund.select_order, number)
                                                    .to_string()
                                            }
                                            prop:checked=checked
                                            on:change=move |_| {
                                                draft.update(|d| d.toggle(&toggle_id))
                                            }
                                        />
                                    </td>
                                    <th
                                        scope="row"
                                        data-label=move || t_string!(i18n, refund.col_order)
                                    >
                                        <label for=input_id>{order.number.clone()}</label>
                                    </th>
                                    <td data-label=move || {
                                        t_string!(i18n, refund.col_date)
                                    }>{crate::format::date(&order.paid_on)}</td>
                                    <td data-label=move || t_string!(i18n, refund.col_bank)>
                                        {bank}
                                    </td>
                                    <td data-label=move || {
                                        t_string!(i18n, refund.col_available)
                                    }>{move || crate::format::money(available, i18n.get_locale())}</td>
                                    <td data-label=move || {
                                        t_string!(i18n, refund.col_refund)
                                    }>
                                        {move || {
                                            if checked.get() {
                                                crate::format::money(available, i18n.get_locale())
                                            } else {
                                                "—".to_owned()
                                            }
                                        }}
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}
