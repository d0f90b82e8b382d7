use crate::i18n::*;
use leptos::prelude::*;
use zeinet_domain::pagination::{Page, PageLink};

/// Page navigation under a long list, after GOV.UK's pagination: "previous", the numbered
/// pages (first, last, this one and its neighbours, "…" between), "next". Plain links to
/// `{path}?page=N`, so a page can be bookmarked, opened in a new tab and left with "back"; the
/// router handles them without reloading. Nothing shows for a list of one page.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::Pagination;
/// # use zeinet::domain::pagination::Page;
/// # fn demo(requested: Signal<Option<String>>, total: Signal<usize>) -> impl IntoView {
/// let page = Memo::new(move |_| Page::new(requested.get().as_deref(), total.get()));
/// view! { <Pagination page path="/services/applications" /> }
/// # }
/// ```
#[component]
pub fn Pagination(#[prop(into)] page: Signal<Page>, #[prop(into)] path: String) -> impl IntoView {
    let i18n = use_i18n();
    let href = move |n: usize| {
        if n == 1 {
            path.clone()
        } else {
            format!("{path}?page={n}")
        }
    };
    move || {
        let page = page.get();
        page.is_paged().then(|| {
            let link = |n: usize| {
                let current = n == page.number();
                let label = if current {
                    t_string!(i18n, pagination.current, n).to_string()
                } else {
                    t_string!(i18n, pagination.page, n).to_string()
                };
                view! {
                    <li class="pagination__item" class:pagination__item--current=current>
                        <a
                            class="pagination__link"
                            href=href(n)
                            aria-label=label
                            aria-current=current.then_some("page")
                        >
                            {n}
                        </a>
                    </li>
                }
                .into_any()
            };
            let gap = || {
                view! {
                    <li class="pagination__item pagination__item--gap" aria-hidden="true">
                        "…"
                    </li>
                }
                .into_any()
            };
            view! {
                <nav class="pagination" aria-label=t_string!(i18n, pagination.label)>
                    {page
                        .previous()
                        .map(|n| {
                            view! {
                                <a class="pagination__prev" href=href(n) rel="prev">
                                    <span aria-hidden="true">"‹ "</span>
                                    {t!(i18n, pagination.previous)}
                                </a>
                            }
                        })}
                    <ul class="pagination__list">
                        {page
                            .links()
                            .into_iter()
                            .map(|entry| match entry {
                                PageLink::Page(n) => link(n),
                                PageLink::Gap => gap(),
                            })
                            .collect_view()}
                    </ul>
                    {page
                        .next()
                        .map(|n| {
                            view! {
                                <a class="pagination__next" href=href(n) rel="next">
                                    {t!(i18n, pagination.next)}
                                    <span aria-hidden="true">" ›"</span>
                                </a>
                            }
                        })}
                </nav>
            }
        })
    }
}
