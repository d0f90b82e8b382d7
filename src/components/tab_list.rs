use leptos::{html, prelude::*};

/// A WAI-ARIA tab list: arrow keys move between tabs (wrapping), Home/End jump to the ends,
/// only the selected tab is in the Tab order (roving tabindex), and moving selects (automatic
/// activation). The page renders the panel: `role="tabpanel"`, `id="panel-{id}"`,
/// `aria-labelledby="tab-{id}"`.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::TabList;
/// # fn demo(
/// #     label: Signal<String>,
/// #     eds_label: Signal<String>,
/// #     pw_label: Signal<String>,
/// #     tab: Signal<&'static str>,
/// #     select: Callback<&'static str>,
/// # ) -> impl IntoView {
/// view! { <TabList label=label tabs=vec![("eds", eds_label), ("password", pw_label)] selected=tab on_select=select /> }
/// # }
/// ```
#[component]
pub fn TabList(
    #[prop(into)] label: Signal<String>,
    tabs: Vec<(&'static str, Signal<String>)>,
    #[prop(into)] selected: Signal<&'static str>,
    on_select: Callback<&'static str>,
) -> impl IntoView {
    let ids: Vec<&'static str> = tabs.iter().map(|(id, _)| *id).collect();
    let list = NodeRef::<html::Div>::new();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let current = ids.iter().position(|id| *id == selected.get_untracked());
        let Some(current) = current else { return };
        let last = ids.len() - 1;
        let next = match ev.key().as_str() {
            "ArrowRight" => Some(if current == last { 0 } else { current + 1 }),
            "ArrowLeft" => Some(if current == 0 { last } else { current - 1 }),
            "Home" => Some(0),
            "End" => Some(last),
            _ => None,
        };
        if let Some(next) = next {
            ev.prevent_default();
            let id = ids[next];
            on_select.run(id);
            focus_tab(list, id);
        }
    };
    view! {
        <div class="tabs__list" role="tablist" aria-label=label node_ref=list on:keydown=on_keydown>
            {tabs
                .into_iter()
                .map(|(id, text)| {
                    let is_selected = move || selected.get() == id;
                    view! {
                        <button
                            type="button"
                            role="tab"
                            class="tabs__tab"
                            id=format!("tab-{id}")
                            aria-controls=format!("panel-{id}")
                            aria-selected=move || is_selected().to_string()
                            tabindex=move || if is_selected() { "0" } else { "-1" }
                            on:click=move |_| on_select.run(id)
                        >
                            {text}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The panel of tab `id` of a [`TabList`]: hidden, but kept mounted (so nothing typed in it is
/// lost), while another tab is selected.
#[component]
pub fn TabPanel(
    id: &'static str,
    #[prop(into)] selected: Signal<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <div
            class="tabs__panel"
            role="tabpanel"
            id=format!("panel-{id}")
            aria-labelledby=format!("tab-{id}")
            tabindex="0"
            hidden=move || selected.get() != id
        >
            {children()}
        </div>
    }
}

fn focus_tab(list: NodeRef<html::Div>, id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(tab) = list
        .get_untracked()
        .and_then(|l| l.query_selector(&format!("#tab-{id}")).ok().flatten())
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = tab.focus();
    }
}
