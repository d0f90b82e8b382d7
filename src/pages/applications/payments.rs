use super::cancel::{preload_cancel_dialog_soon, CancelApplication};
use super::details::DetailsList;
use crate::api::{
    self,
    applications::{ApplicationDetails, ApplicationSummary},
    ApiError,
};
use crate::components::{
    element_id, load_error, DisclosureButton, EmptyState, Loading, Pagination, StatusBadge,
};
use crate::i18n::*;
use crate::polling::REFRESH_EVERY;
use crate::session::use_session;
use leptos::{html, prelude::*, task::spawn_local_scoped_with_cancellation};
use leptos_router::{components::A, hooks::use_query_map};
use std::{collections::HashMap, sync::Arc};
use zeinet_domain::applications::{cancel_allowed_codes, newest_first, Kind, Status};
use zeinet_domain::pagination::Page;

/// One application as the page keeps it: its row from the list, and what may change while
/// the page is open (status, disclosure, the details once fetched). Reference-counted
/// signals: a row lives as long as the list holds it, whichever reactive scope made it.
#[derive(Clone)]
struct Row {
    /// Shared: the list is cloned for every page shown, and may hold 10,000 applications.
    summary: Arc<ApplicationSummary>,
    status: ArcRwSignal<String>,
    open: ArcRwSignal<bool>,
    /// `None` until first opened (and again when the status moved on and they are stale).
    details: ArcRwSignal<Option<Result<ApplicationDetails, ApiError>>>,
}

impl Row {
    fn new(summary: ApplicationSummary) -> Row {
        Row {
            status: ArcRwSignal::new(summary.status.clone()),
            open: ArcRwSignal::new(false),
            details: ArcRwSignal::new(None),
            summary: Arc::new(summary),
        }
    }

    /// Takes the status the backend now reports; details fetched before are stale.
    fn set_status(&self, status: &str) {
        if self.status.with_untracked(|s| s != status) {
            self.status.set(status.to_owned());
            self.details.set(None);
        }
    }
}

/// Puts a fresh list into the rows: known applications keep their row (and its open state),
/// new ones are added, gone ones dropped; newest first. Linear in the list's length (rows
/// found by id), so a refresh of a long history stays cheap.
fn merge(rows: RwSignal<Vec<Row>>, mut items: Vec<ApplicationSummary>) {
    newest_first(&mut items, |a| (a.filed_on.as_str(), a.number.as_str()));
    let next = rows.with_untracked(|current| {
        let same_members = current.len() == items.len()
            && current
                .iter()
                .zip(&items)
                .all(|(row, item)| row.summary.id == item.id);
        if same_members {
            for (row, item) in current.iter().zip(&items) {
                row.set_status(&item.status);
            }
            return None;
        }
        let known: HashMap<&str, &Row> = current
            .iter()
            .map(|row| (row.summary.id.as_str(), row))
            .collect();
        Some(
            items
                .into_iter()
                .map(|item| match known.get(item.id.as_str()) {
                    Some(row) => {
                        row.set_status(&item.status);
                        (*row).clone()
                    }
                    None => Row::new(item),
                })
                .collect::<Vec<_>>(),
        )
    });
    if let Some(next) = next {
        rows.set(next);
    }
}

/// The payments/transfers view: the person's applications, newest first, each opening onto
/// its details; unfinished ones refreshed while the page is open and visible.
#[component]
pub fn PaymentsView() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let list = LocalResource::new(api::applications::list);
    let retry = Callback::new(move |_| list.refetch());
    let rows = RwSignal::new(Vec::<Row>::new());
    // The application whose cancellation was just sent: its number and new status.
    let notice = RwSignal::new(None::<(String, String)>);

    let refresh = move || {
        spawn_local_scoped_with_cancellation(async move {
            match api::applications::list().await {
                Ok(items) => merge(rows, items),
                // A failed refresh keeps what is shown; the next one tries again.
                Err(error) if error.is_session_expired() => {
                    session.check(error);
                }
                Err(_) => {}
            }
        });
    };
    crate::polling::poll_while_visible(REFRESH_EVERY, move || {
        let pending = rows.with_untracked(|rows| {
            rows.iter().any(|row| {
                row.status
                    .with_untracked(|s| Status::from_code(s).is_some_and(Status::is_pending))
            })
        });
        if pending {
            refresh();
        }
    });

    let on_cancelled = Callback::new(move |details: ApplicationDetails| {
        if let Some(row) = rows.with_untracked(|rows| {
            rows.iter()
                .find(|row| row.summary.id == details.id)
                .cloned()
        }) {
            row.status.set(details.status.clone());
            notice.set(Some((details.number.clone(), details.status.clone())));
            row.details.set(Some(Ok(details)));
        }
    });
    let on_stale = Callback::new(move |_| refresh());
    // Once a row offers a cancellation, its dialog's code is fetched in the background.
    Effect::new(move |fetched: Option<bool>| {
        fetched == Some(true) || {
            let offered = rows.with(|rows| rows.iter().any(|row| row.summary.cancellable));
            if offered {
                preload_cancel_dialog_soon();
            }
            offered
        }
    });

    view! {
        <p class="footnote">{t!(i18n, applications.footnote)}</p>
        <Notice notice />
        <Transition fallback=|| {
            view! { <Loading rows=6 /> }
        }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => load_error(error, retry),
                    Ok(items) if items.is_empty() => {
                        view! {
                            <EmptyState
                                title=Signal::derive(move || {
                                    t_string!(i18n, applications.empty_title).to_owned()
                                })
                                text=Signal::derive(move || {
                                    t_string!(i18n, applications.empty).to_owned()
                                })
                            >
                                <A href="/services">{t!(i18n, common.back_to_services)}</A>
                            </EmptyState>
                        }
                            .into_any()
                    }
                    Ok(items) => {
                        merge(rows, items);
                        view! { <ApplicationsTable rows on_cancelled on_stale /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The outcome of a cancellation, announced and focused so that it is not missed.
#[component]
fn Notice(notice: RwSignal<Option<(String, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<html::Div>::new();
    Effect::new(move || {
        if notice.with(Option::is_some) {
            if let Some(node) = node.get() {
                let _ = node.focus();
            }
        }
    });
    view! {
        <div class="live-region" role="status" aria-live="polite">
            {move || {
                notice
                    .get()
                    .map(|(number, status)| {
                        let text = move || {
                            let (number, status) = (
                                number.clone(),
                                crate::labels::status(i18n.get_locale(), &status),
                            );
                            t_string!(i18n, applications.cancel_done, number, status).to_string()
                        };
                        view! {
                            <div
                                class="alert alert--success"
                                tabindex="-1"
                                node_ref=node
                                data-testid="notice"
                            >
                                <p class="alert__text">{text}</p>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// The table, a page at a time (`?page=N`): a long history stays quick to paint and to walk
/// with a screen reader. Turning the page focuses the line saying which rows are shown.
#[component]
fn ApplicationsTable(
    rows: RwSignal<Vec<Row>>,
    on_cancelled: Callback<ApplicationDetails>,
    on_stale: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = Memo::new(move |_| {
        let total = rows.with(Vec::len);
        query.with(|q| Page::new(q.get_str("page"), total))
    });
    let shown = NodeRef::<html::P>::new();
    Effect::new(move |previous: Option<usize>| {
        let number = page.get().number();
        if previous.is_some_and(|previous| previous != number) {
            if let Some(shown) = shown.get_untracked() {
                let _ = shown.focus();
            }
        }
        number
    });
    view! {
        <p
            class="table-range"
            tabindex="-1"
            node_ref=shown
            hidden=move || !page.get().is_paged()
            data-testid="table-range"
        >
            {move || {
                let page = page.get();
                let lang = crate::locale::lang(i18n.get_locale());
                let count = |n: usize| lang.group_digits(n as u64);
                let (from, to, total) = (
                    count(page.first_shown_row()),
                    count(page.last_shown_row()),
                    count(page.total()),
                );
                t_string!(i18n, pagination.shown, from, to, total).to_string()
            }}
        </p>
        <div class="table-wrap">
            <table class="table table--disclosure" data-testid="applications-table">
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
                // The position is part of the key: a new application on top renumbers the rows.
                // So is the language: a row's labels are read once, when it is built, instead of
                // subscribing every cell of a long table to the language (its open state and
                // details live in `Row`, so a row built again keeps them).
                <For
                    each=move || {
                        let range = page.get().rows();
                        let locale = i18n.get_locale();
                        rows.with(|rows| {
                            rows.get(range.clone())
                                .unwrap_or_default()
                                .iter()
                                .cloned()
                                .zip(range)
                                .map(|(row, index)| (index, row, locale))
                                .collect::<Vec<_>>()
                        })
                    }
                    key=|(index, row, locale)| (*index, row.summary.id.clone(), *locale)
                    let((index, row, locale))
                >
                    <ApplicationRow index row locale on_cancelled on_stale />
                </For>
            </table>
        </div>
        <Pagination page path="/services/applications" />
    }
}

/// A row and, right under it, its details (fetched when first opened). Each row is its own
/// `<tbody>` so that the pair stays together in the table and in the narrow-screen cards.
#[component]
fn ApplicationRow(
    index: usize,
    row: Row,
    locale: Locale,
    on_cancelled: Callback<ApplicationDetails>,
    on_stale: Callback<()>,
) -> impl IntoView {
    let (summary, status, open, details) = (
        row.summary,
        RwSignal::from(row.status),
        RwSignal::from(row.open),
        RwSignal::from(row.details),
    );
    let details_id = element_id("details", &summary.id);
    let status_cell = element_id("status", &summary.id);
    let id = summary.id.clone();
    // Fetched on first opening, and again after a retry or a change of status.
    Effect::new(move || {
        if open.get() && details.with(Option::is_none) {
            let id = id.clone();
            spawn_local_scoped_with_cancellation(async move {
                let answer = api::applications::details(&id).await;
                details.try_set(Some(answer));
            });
        }
    });
    let retry = Callback::new(move |_| {
        details.set(None);
    });
    let (kind, offered) = (summary.kind.clone(), summary.cancellable);
    let may_cancel = Kind::from_code(&kind) == Some(Kind::IpmTransfer);
    // The memo's rule on the status shown now (it changes after a cancellation or a refresh).
    let cancellable = move || status.with(|s| offered && cancel_allowed_codes(&kind, s));
    let number = summary.number.clone();
    let application_id = summary.id.clone();
    let kind_label = crate::labels::kind(locale, &summary.kind);

    view! {
        <tbody class="row-group" class:row-group--open=move || open.get()>
            <tr class="row">
                <td data-label=td_string!(locale, applications.col_index)>{index + 1}</td>
                <th scope="row" data-label=td_string!(locale, applications.col_kind)>
                    <DisclosureButton open controls=details_id.clone()>
                        {kind_label}
                    </DisclosureButton>
                </th>
                <td data-label=td_string!(
                    locale, applications.col_contract
                )>{crate::labels::contract(locale, &summary.contract)}</td>
                <td data-label=td_string!(
                    locale, applications.col_filed
                )>{crate::format::date(&summary.filed_on)}</td>
                <td data-label=td_string!(
                    locale, applications.col_number
                )>{summary.number.clone()}</td>
                <td
                    class="row__status"
                    id=status_cell.clone()
                    tabindex="-1"
                    data-label=td_string!(locale, applications.col_status)
                >
                    <StatusBadge status=status />
                    // Mounted for every transfer to an IPM (the button shows only while the rule
                    // allows it), so that an open dialog survives a change of status.
                    {may_cancel
                        .then(|| {
                            view! {
                                <CancelApplication
                                    id=application_id.clone()
                                    number=number.clone()
                                    offered=Signal::derive(cancellable)
                                    status_cell=status_cell.clone()
                                    on_cancelled
                                    on_stale
                                />
                            }
                        })}
                </td>
            </tr>
            <tr class="details-row" id=details_id hidden=move || !open.get()>
                <td colspan="6">
                    {move || {
                        open.get()
                            .then(|| match details.get() {
                                None => view! { <Loading rows=2 /> }.into_any(),
                                Some(Err(error)) => load_error(error, retry),
                                Some(Ok(details)) => view! { <DetailsList details /> }.into_any(),
                            })
                    }}
                </td>
            </tr>
        </tbody>
    }
}
