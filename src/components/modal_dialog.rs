use leptos::{ev, html, prelude::*};
use wasm_bindgen::JsCast;

/// What can take focus inside the dialog, for the focus trap.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
                         select:not([disabled]), textarea:not([disabled]), \
                         [tabindex]:not([tabindex='-1'])";

/// A modal dialog on the native `<dialog>`: `showModal()` makes the rest of the page inert,
/// Esc closes it, Tab and Shift+Tab cycle inside it, and on closing the focus goes back to
/// what opened it, or to the element `fallback_focus` names when the opener is gone or hidden.
/// Its buttons go in a `.dialog__actions` block, last: it stays in view at the dialog's foot
/// while a long dialog scrolls, and what takes the focus is scrolled clear of it.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::ModalDialog;
/// # fn demo() -> impl IntoView {
/// let open = RwSignal::new(false);
/// view! {
///     <button on:click=move |_| open.set(true)>"Cancel the application"</button>
///     <ModalDialog open id="cancel-188041".into() title=Signal::derive(|| "Cancel?".to_owned())>
///         <p>"…"</p>
///     </ModalDialog>
/// }
/// # }
/// ```
#[component]
pub fn ModalDialog(
    open: RwSignal<bool>,
    /// Unique on the page; the title's id is derived from it.
    id: String,
    #[prop(into)] title: Signal<String>,
    /// The id of what takes focus on closing if the opener can no longer have it.
    #[prop(optional)]
    fallback_focus: Option<String>,
    /// The id of what opens it, when the focus may have moved by the time it opens (its code
    /// was fetched first): focus goes back there on closing. Otherwise what had the focus.
    #[prop(optional)]
    opened_by: Option<String>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();

    Effect::new(move || {
        let Some(element) = dialog.get() else { return };
        if open.get() {
            if !element.open() {
                let by_id = opened_by
                    .as_deref()
                    .and_then(|id| document().get_element_by_id(id));
                opener.set_value(
                    by_id
                        .or_else(|| document().active_element())
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
                );
                let _ = element.show_modal();
            }
        } else if element.open() {
            element.close();
            let visible =
                |e: &web_sys::HtmlElement| e.is_connected() && e.offset_parent().is_some();
            let target = opener.get_value().filter(visible).or_else(|| {
                fallback_focus
                    .as_deref()
                    .and_then(|id| document().get_element_by_id(id))
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            });
            if let Some(target) = target {
                let _ = target.focus();
            }
        }
    });

    // Esc: the browser closes the dialog itself; keep the signal in step instead.
    let on_cancel = move |event: ev::Event| {
        event.prevent_default();
        open.set(false);
    };
    let on_keydown = move |event: ev::KeyboardEvent| {
        if event.key() != "Tab" {
            return;
        }
        let Some(element) = dialog.get() else { return };
        let Ok(nodes) = element.query_selector_all(FOCUSABLE) else {
            return;
        };
        let focusable: Vec<web_sys::HtmlElement> = (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(|e| e.offset_parent().is_some())
            .collect();
        let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
            event.prevent_default();
            return;
        };
        let active = document().active_element();
        let is = |e: &web_sys::HtmlElement| active.as_ref() == Some(e.unchecked_ref());
        if event.shift_key() && (is(first) || active.as_ref() == Some(element.unchecked_ref())) {
            event.prevent_default();
            let _ = last.focus();
        } else if !event.shift_key() && is(last) {
            event.prevent_default();
            let _ = first.focus();
        }
    };

    // What the keyboard focuses is scrolled clear of the actions kept at the dialog's foot
    // (`.dialog__actions` is sticky): the browser scrolls only what is outside the dialog's
    // box, not what is under them (WCAG 2.4.11, focus not obscured). Not on a press: the
    // press's target would move from under the pointer before it is released.
    let on_focusin = move |event: ev::FocusEvent| {
        let Some(element) = dialog.get() else { return };
        let Some(target) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .filter(|t| t.matches(":focus-visible").unwrap_or(true))
        else {
            return;
        };
        let Ok(Some(actions)) = element.query_selector(".dialog__actions") else {
            return;
        };
        if actions.contains(Some(&target)) {
            return;
        }
        let hidden =
            target.get_bounding_client_rect().bottom() - actions.get_bounding_client_rect().top();
        if hidden > 0.0 {
            element.scroll_by_with_x_and_y(0.0, hidden + 16.0);
        }
    };

    view! {
        <dialog
            class="dialog"
            id=id
            aria-labelledby=labelled_by
            node_ref=dialog
            on:cancel=on_cancel
            on:keydown=on_keydown
            on:focusin=on_focusin
        >
            <h2 class="dialog__title" id=title_id>
                {title}
            </h2>
            {children()}
        </dialog>
    }
}
