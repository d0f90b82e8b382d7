use super::done::RefundDone;
use super::form::{RefundForm, RefundStep};
use super::orders::OrdersStep;
use super::requisites::RequisitesStep;
use crate::api;
use crate::components::{load_error, Loading, PageHeading};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// "ЖЗШ-дан қате есептелген ЕЗЖ сомаларын қайтаруға өтініш беру": the two-step form of memo
/// 004. Step 1 picks the payment orders, step 2 the account (the bank filled in from the
/// orders, the IBAN typed and checked), then the application is signed by EDS or in eGov
/// mobile. The step is in the address, the draft in this tab's sessionStorage.
#[component]
pub fn RefundPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let step = Memo::new(move |_| query.with(|q| RefundStep::from_query(q.get("step").as_deref())));
    // The page is behind the log-in: the draft is this person's (another's is dropped).
    let owner = crate::session::use_session()
        .profile()
        .map(|p| p.id)
        .unwrap_or_default();
    let draft = RwSignal::new(crate::refund_draft::load(&owner));
    let conflict = RwSignal::new(false);
    Effect::new(move || draft.with(|d| crate::refund_draft::save(&owner, d)));

    let orders = LocalResource::new(api::refund::payment_orders);
    let banks = LocalResource::new(api::refund::banks);
    let retry = Callback::new(move |_| {
        orders.refetch();
        banks.refetch();
    });
    let title = Signal::derive(move || {
        let service = t_string!(i18n, refund.title);
        match step.get() {
            RefundStep::Orders => {
                format!("{} — {service}", t_string!(i18n, refund.step1))
            }
            RefundStep::Requisites => {
                format!("{} — {service}", t_string!(i18n, refund.step2))
            }
            RefundStep::Done => {
                format!("{} — {service}", t_string!(i18n, refund.done_title))
            }
        }
    });

    view! {
        <PageHeading
            text=Signal::derive(move || t_string!(i18n, refund.title).to_owned())
            title=title
        />
        {move || { (step.get() != RefundStep::Done).then(|| view! { <Stepper step /> }) }}
        <Transition fallback=|| {
            view! { <Loading rows=5 /> }
        }>
            {move || Suspend::new(async move {
                let (orders_answer, banks_answer) = (orders.await, banks.await);
                match (orders_answer, banks_answer) {
                    (Err(error), _) | (_, Err(error)) => load_error(error, retry),
                    (Ok(order_list), Ok(bank_list)) => {
                        let form = RefundForm {
                            draft,
                            orders: Signal::stored(order_list),
                            banks: Signal::stored(bank_list),
                            reload_orders: Callback::new(move |_| orders.refetch()),
                            conflict,
                        };
                        view! { <Steps form step /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The step the address asks for. A later step opened without what it needs (a fresh tab,
/// a link) goes back to step 1.
#[component]
fn Steps(form: RefundForm, step: Memo<RefundStep>) -> impl IntoView {
    // The first step shown keeps the page's focus on the h1; later ones focus their heading.
    let shown_once = StoredValue::new(false);
    move || {
        let focus = shown_once.get_value();
        shown_once.set_value(true);
        match step.get() {
            RefundStep::Orders => view! { <OrdersStep form focus /> }.into_any(),
            RefundStep::Requisites => view! { <RequisitesStep form focus /> }.into_any(),
            RefundStep::Done => view! { <RefundDone /> }.into_any(),
        }
    }
}

/// The memo's "1 2": where the person is (announced as the current step), not a clickable
/// progress bar.
#[component]
fn Stepper(step: Memo<RefundStep>) -> impl IntoView {
    let i18n = use_i18n();
    let item = move |n: u8, this: RefundStep| {
        let current = move || step.get() == this;
        let done = move || this == RefundStep::Orders && step.get() == RefundStep::Requisites;
        view! {
            <li
                class="stepper__step"
                class:stepper__step--current=current
                class:stepper__step--done=done
                aria-current=move || current().then_some("step")
            >
                <span class="stepper__number" aria-hidden="true">
                    {n}
                </span>
                <span class="stepper__label">
                    <span class="visually-hidden">
                        {move || {
                            let n = n.to_string();
                            t_string!(i18n, refund.step_of, n).to_string()
                        }}
                        ": "
                    </span>
                    {move || match this {
                        RefundStep::Orders => t_string!(i18n, refund.step1),
                        _ => t_string!(i18n, refund.step2),
                    }}
                </span>
            </li>
        }
    };
    view! {
        <ol class="stepper" aria-label=move || t_string!(i18n, refund.steps_label)>
            {item(1, RefundStep::Orders)}
            {item(2, RefundStep::Requisites)}
        </ol>
    }
}
