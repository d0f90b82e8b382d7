use super::form::{RefundForm, RefundStep};
use super::sign::SignRefund;
use crate::api::{self, refund::Requisites, ApiError};
use crate::components::{
    api_error_message, ErrorSummary, FieldError, FieldErrorMessage, StepHeading, TextField,
};
use crate::i18n::*;
use crate::pages::messages;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate, NavigateOptions};
use zeinet_domain::{
    iban::{group_in_fours, normalise, IbanError},
    refund::{iban_count, AccountType},
};

/// Why the IBAN is refused, in words: the rules of the page or the bank's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum IbanProblem {
    Rule(IbanError),
    Bank(String),
}

/// Step 2: the account type, the bank filled in from the chosen orders, the IBAN typed by the
/// person and checked with the bank; then the review of the whole application and signing.
#[component]
pub fn RequisitesStep(form: RefundForm, focus: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let draft = form.draft;

    // Opened without orders (a link, another tab filed them): back to step 1.
    let orders_ok = form
        .draft
        .with_untracked(|d| d.orders_problem(&form.rule_orders()).is_none());
    if !orders_ok {
        navigate(
            RefundStep::Orders.path(),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    }

    let iban = RwSignal::new(draft.with_untracked(|d| d.iban.clone()));
    Effect::new(move || {
        let typed = iban.get();
        draft.update(|d| {
            if d.iban != typed {
                d.iban = typed;
            }
        });
    });
    let attempt = RwSignal::new(0u32);
    let show_errors = RwSignal::new(false);
    let bank_problem = RwSignal::new(None::<String>);
    let check_failure = RwSignal::new(None::<ApiError>);
    // The message after the bank said yes (cleared when the IBAN changes).
    let confirmed = Memo::new(move |_| draft.with(|d| d.bank_checked()));

    let bank = Memo::new(move |_| form.bank());
    let iban_code = move || bank.with(|b| b.as_ref().map(|b| b.iban_code.clone()));
    let iban_problem = Memo::new(move |_| {
        if let Some(reason) = bank_problem.get() {
            return Some(IbanProblem::Bank(reason));
        }
        let code = iban_code();
        let orders = form.rule_orders();
        draft
            .with(|d| d.iban_check(&orders, |_| code.as_deref()))
            .err()
            .map(IbanProblem::Rule)
    });
    // A bank refusal is about the IBAN it was given: typing clears it.
    Effect::new(move |previous: Option<String>| {
        let now = iban.with(|i| normalise(i));
        if previous.as_ref().is_some_and(|p| p != &now) {
            bank_problem.set(None);
        }
        now
    });
    let iban_message = move |problem: &IbanProblem| -> String {
        match problem {
            IbanProblem::Bank(text) => text.clone(),
            IbanProblem::Rule(rule) => messages::iban_message(i18n, *rule, || {
                bank.with(|b| b.as_ref().map(|b| b.name.clone()).unwrap_or_default())
            }),
        }
    };
    let account_error = Signal::derive(move || {
        (show_errors.get() && draft.with(|d| d.account_type.is_none()))
            .then(|| t_string!(i18n, refund.error_account_type).to_owned())
    });
    let iban_error = Signal::derive(move || {
        if !show_errors.get() && bank_problem.with(Option::is_none) {
            return None;
        }
        iban_problem.get().map(|p| iban_message(&p))
    });
    let errors = Signal::derive(move || {
        let mut list = Vec::new();
        if let Some(message) = account_error.get() {
            list.push(FieldError {
                field_id: "account-card",
                message,
            });
        }
        if let Some(message) = iban_error.get() {
            list.push(FieldError {
                field_id: "iban",
                message,
            });
        }
        list
    });

    let check = Action::new_local(move |requisites: &(String, String, String)| {
        let (bic, iban, account_type) = requisites.clone();
        async move {
            api::refund::check_bank(&Requisites {
                bic: &bic,
                iban: &iban,
                account_type: &account_type,
            })
            .await
            .map(|_| iban)
        }
    });
    Effect::new(move || {
        let Some(answer) = check.value().get() else {
            return;
        };
        match answer {
            Ok(checked) => {
                check_failure.set(None);
                draft.update(|d| d.checked_iban = Some(checked));
            }
            Err(ApiError::Validation { code, fields }) => {
                let reason = match (code.as_str(), fields.get("iban").map(String::as_str)) {
                    ("account_closed", _) => t_string!(i18n, refund.bank_closed).to_owned(),
                    ("name_mismatch", _) => t_string!(i18n, refund.bank_not_yours).to_owned(),
                    ("bank_mismatch", _) | (_, Some("bank_mismatch")) => {
                        iban_message(&IbanProblem::Rule(IbanError::BankMismatch))
                    }
                    (_, Some(_)) => iban_message(&IbanProblem::Rule(IbanError::Checksum)),
                    _ => api_error_message(i18n, &ApiError::Validation { code, fields }),
                };
                bank_problem.set(Some(reason));
                show_errors.set(true);
                attempt.update(|n| *n += 1);
            }
            Err(error) => check_failure.set(Some(session.check(error))),
        }
    });
    let start_check = move || {
        show_errors.set(true);
        bank_problem.set(None);
        check.value().set(None);
        let has_errors = account_error.with_untracked(Option::is_some)
            || iban_problem.with_untracked(Option::is_some);
        if has_errors {
            attempt.update(|n| *n += 1);
            return;
        }
        let Some(bic) = bank.get_untracked().map(|b| b.bic) else {
            return;
        };
        let (iban, account_type) = draft.with_untracked(|d| {
            (
                normalise(&d.iban),
                d.account_type
                    .map(AccountType::code)
                    .unwrap_or_default()
                    .to_owned(),
            )
        });
        check.dispatch((bic, iban, account_type));
    };
    // Shown in groups of four once the person leaves the field (typing is left alone).
    let regroup = move |_| {
        iban.update(|value| {
            let grouped = group_in_fours(value);
            if !grouped.is_empty() && *value != grouped {
                *value = grouped;
            }
        });
    };
    let ready = Signal::derive(move || form.problems().is_empty());
    let needs_recheck = move || {
        draft.with(|d| d.checked_iban.is_some() && !d.bank_checked())
            && iban_problem.with(Option::is_none)
    };

    view! {
        <StepHeading
            text=Signal::derive(move || t_string!(i18n, refund.step2).to_owned())
            focus
        />
        <ErrorSummary errors attempt />
        <ChosenOrders form />
        <fieldset class="field fieldset" class:field--error=move || account_error.with(Option::is_some)>
            <legend class="field__label">
                {t!(i18n, refund.account_type)}
                <span class="field__required" aria-hidden="true">
                    " *"
                </span>
            </legend>
            <FieldErrorMessage field="account-type" error=account_error />
            {AccountType::ALL
                .into_iter()
                .map(|kind| {
                    let id = format!("account-{}", kind.code());
                    view! {
                        <div class="radio">
                            <input
                                type="radio"
                                class="radio__input"
                                name="account-type"
                                id=id.clone()
                                value=kind.code()
                                aria-describedby=move || {
                                    account_error.with(Option::is_some).then_some("account-type-error")
                                }
                                prop:checked=move || draft.with(|d| d.account_type == Some(kind))
                                on:change=move |_| draft.update(|d| d.account_type = Some(kind))
                            />
                            <label class="radio__label" for=id>
                                {move || match kind {
                                    AccountType::Card => t_string!(i18n, refund.account_card),
                                    AccountType::Current => t_string!(i18n, refund.account_current),
                                }}
                            </label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
        <p class="note">{t!(i18n, refund.auto_filled)}</p>
        <dl class="summary-list" data-testid="bank-requisites">
            <div class="summary-list__row">
                <dt>{t!(i18n, refund.currency)}</dt>
                <dd>{t!(i18n, refund.currency_value)}</dd>
            </div>
            <div class="summary-list__row">
                <dt>{t!(i18n, refund.bank_bic)}</dt>
                <dd>{move || bank.get().map(|b| b.bic)}</dd>
            </div>
            <div class="summary-list__row">
                <dt>{t!(i18n, refund.bank_bin)}</dt>
                <dd>{move || bank.get().map(|b| b.bin)}</dd>
            </div>
            <div class="summary-list__row">
                <dt>{t!(i18n, refund.bank_name)}</dt>
                <dd>{move || bank.get().map(|b| b.name)}</dd>
            </div>
            <div class="summary-list__row">
                <dt>{t!(i18n, refund.bank_branch)}</dt>
                <dd>{move || bank.get().map(|b| b.branch)}</dd>
            </div>
        </dl>
        <div class="iban-field" on:focusout=regroup>
            <TextField
                id="iban"
                label=Signal::derive(move || t_string!(i18n, refund.iban_label).to_owned())
                hint=Signal::derive(move || t_string!(i18n, refund.iban_hint).to_owned())
                value=iban
                error=iban_error
                autocomplete="off"
                maxlength=34
            />
            <p class="field__counter" id="iban-count" data-testid="iban-count">
                {move || {
                    let n = iban.with(|i| iban_count(i)).to_string();
                    t_string!(i18n, refund.iban_count, n).to_string()
                }}
            </p>
        </div>
        <div class="form-actions">
            <button
                type="button"
                class="button button--secondary"
                disabled=move || check.pending().get()
                on:click=move |_| start_check()
            >
                {t!(i18n, refund.check_bank)}
            </button>
        </div>
        <div class="live-region" role="status" aria-live="polite">
            {move || {
                check
                    .pending()
                    .get()
                    .then(|| {
                        view! { <crate::components::Progress text=t_string!(i18n, refund.checking_bank) /> }
                    })
            }}
            {move || {
                confirmed
                    .get()
                    .then(|| {
                        view! {
                            <div class="alert alert--success" data-testid="bank-ok">
                                <p class="alert__text">{t!(i18n, refund.bank_ok)}</p>
                            </div>
                        }
                    })
            }}
            {move || {
                needs_recheck()
                    .then(|| {
                        view! {
                            <p class="alert alert--info">{t!(i18n, refund.recheck_needed)}</p>
                        }
                    })
            }}
        </div>
        {move || {
            check_failure
                .get()
                .map(|error| {
                    view! {
                        <crate::components::ApiErrorAlert
                            error
                            on_retry=Callback::new(move |_| start_check())
                        />
                    }
                })
        }}
        <Show when=move || ready.get()>
            <Review form />
        </Show>
        <SignRefund form ready />
        <p>
            <A href=RefundStep::Orders.path()>{t!(i18n, refund.back)}</A>
        </p>
    }
}

/// The ticked orders and their total, at the top of step 2.
#[component]
fn ChosenOrders(form: RefundForm) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = move || {
        let selected = form.draft.with(|d| d.selected.clone());
        form.orders.with(|orders| {
            orders
                .iter()
                .filter(|o| selected.contains(&o.id))
                .map(|o| format!("№{} ({})", o.number, crate::format::date(&o.paid_on)))
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    let total = move || {
        let orders = form.rule_orders();
        let total = form.draft.with(|d| d.total(&orders));
        crate::format::money(total.0, i18n.get_locale())
    };
    view! {
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt>{t!(i18n, refund.chosen_orders)}</dt>
                <dd>{chosen}</dd>
            </div>
            <div class="summary-list__row summary-list__row--total">
                <dt>{t!(i18n, refund.total)}</dt>
                <dd>{total}</dd>
            </div>
        </dl>
    }
}

/// WCAG 3.3.4: the whole application once more before signing, each part with "change".
#[component]
fn Review(form: RefundForm) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let draft = form.draft;
    let total = move || {
        let orders = form.rule_orders();
        crate::format::money(draft.with(|d| d.total(&orders)).0, i18n.get_locale())
    };
    let orders = move || {
        let selected = draft.with(|d| d.selected.clone());
        form.orders.with(|orders| {
            orders
                .iter()
                .filter(|o| selected.contains(&o.id))
                .map(|o| o.number.clone())
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    let account = move || match draft.with(|d| d.account_type) {
        Some(AccountType::Card) => t_string!(i18n, refund.account_card),
        Some(AccountType::Current) => t_string!(i18n, refund.account_current),
        None => "",
    };
    let bank = move || form.bank().map(|b| format!("{} ({})", b.name, b.bic));
    let iban = move || draft.with(|d| group_in_fours(&d.iban));
    let focus_iban = move |_| {
        if let Some(input) = document().get_element_by_id("iban") {
            use wasm_bindgen::JsCast;
            if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
        }
    };
    view! {
        <section class="review" aria-labelledby="review-title" data-testid="review">
            <h3 id="review-title" class="review__title">
                {t!(i18n, refund.review_title)}
            </h3>
            <dl class="summary-list">
                <div class="summary-list__row">
                    <dt>{t!(i18n, refund.chosen_orders)}</dt>
                    <dd>{orders}</dd>
                    <dd class="summary-list__action">
                        <A href=RefundStep::Orders
                            .path()>
                            {t!(i18n, refund.change)}
                            <span class="visually-hidden">
                                " " {t!(i18n, refund.change_orders)}
                            </span>
                        </A>
                    </dd>
                </div>
                <div class="summary-list__row">
                    <dt>{t!(i18n, refund.total)}</dt>
                    <dd>{total}</dd>
                </div>
                <div class="summary-list__row">
                    <dt>{t!(i18n, refund.beneficiary_name)}</dt>
                    <dd>
                        {move || session.profile().map(|p| format!("{} ({})", p.full_name, p.iin))}
                    </dd>
                </div>
                <div class="summary-list__row">
                    <dt>{t!(i18n, refund.account_type)}</dt>
                    <dd>{account}</dd>
                </div>
                <div class="summary-list__row">
                    <dt>{t!(i18n, refund.bank_name)}</dt>
                    <dd>{bank}</dd>
                </div>
                <div class="summary-list__row">
                    <dt>{t!(i18n, applications.col_iban)}</dt>
                    <dd class="review__iban">{iban}</dd>
                    <dd class="summary-list__action">
                        <button type="button" class="button button--link" on:click=focus_iban>
                            {t!(i18n, refund.change)}
                            <span class="visually-hidden">" " {t!(i18n, refund.change_iban)}</span>
                        </button>
                    </dd>
                </div>
            </dl>
        </section>
    }
}
