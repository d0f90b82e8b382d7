use crate::i18n::*;
use leptos::{html, prelude::*};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a page has been shown already: the first page keeps the browser's natural focus
/// (at the top, where the skip link is); every later one moves focus to its heading.
static FIRST_PAGE_SHOWN: AtomicBool = AtomicBool::new(false);

/// The page's `<h1>`. It keeps `document.title` in step ("heading — ENPF personal cabinet")
/// and, after a route change, takes focus so that screen readers announce the new page.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::PageHeading;
/// # use zeinet::i18n::*;
/// # fn demo() -> impl IntoView {
/// # let i18n = use_i18n();
/// view! { <PageHeading text=Signal::derive(move || t_string!(i18n, services.title).to_owned()) /> }
/// # }
/// ```
#[component]
pub fn PageHeading(
    #[prop(into)] text: Signal<String>,
    /// The `<title>` when it must say more than the heading (e.g. the step of a form).
    #[prop(into, optional)]
    title: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();

    Effect::new(move || {
        let page = title.map(|t| t.get()).unwrap_or_else(|| text.get());
        let title = format!("{} — {}", page, t_string!(i18n, app.title_suffix));
        document().set_title(&title);
    });
    Effect::new(move || {
        if let Some(heading) = heading.get() {
            if FIRST_PAGE_SHOWN.swap(true, Ordering::Relaxed) {
                let _ = heading.focus();
            }
        }
    });

    view! {
        <h1 id="page-heading" class="page-heading" tabindex="-1" node_ref=heading>
            {text}
        </h1>
    }
}
