//! Components mounted into a real DOM in headless Chromium (wasm-bindgen-test): each test
//! checks the markup, the behaviour and the accessibility wiring together.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use zeinet::api::ApiError;
use zeinet::components::{ApiErrorAlert, ErrorSummary, FieldError, LanguageSwitch, TextField};
use zeinet::i18n::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `view` (inside the i18n provider) into a fresh container and returns it.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + Send + 'static) -> web_sys::HtmlElement {
    let container: web_sys::HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <I18nContextProvider>{view()}</I18nContextProvider> }
    });
    handle.forget();
    container
}

/// Lets effects and re-renders run.
async fn settle() {
    gloo_timers::future::TimeoutFuture::new(20).await;
}

fn query(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn error_summary_lists_errors_links_them_to_fields_and_takes_focus() {
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let attempt = RwSignal::new(0u32);
    let root = mount(move || {
        view! {
            <ErrorSummary errors=errors attempt=attempt />
            <input id="iin" />
        }
    });
    settle().await;
    assert!(
        root.query_selector(".error-summary").unwrap().is_none(),
        "hidden without errors"
    );

    errors.set(vec![FieldError {
        field_id: "iin",
        message: "Enter your IIN".into(),
    }]);
    attempt.set(1);
    settle().await;
    let summary = query(&root, ".error-summary");
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(
        document().active_element().unwrap(),
        summary.clone().into(),
        "focus on the summary"
    );
    let link = query(&root, ".error-summary a");
    assert_eq!(link.text_content().unwrap(), "Enter your IIN");
    assert_eq!(link.get_attribute("href").as_deref(), Some("#iin"));

    link.click();
    settle().await;
    assert_eq!(
        document().active_element().unwrap().id(),
        "iin",
        "the link focuses its field"
    );
}

#[wasm_bindgen_test]
async fn text_field_ties_its_hint_and_error_to_the_input_and_keeps_the_value() {
    let value = RwSignal::new("12345".to_owned());
    let error = RwSignal::new(None::<String>);
    let root = mount(move || {
        view! {
            <TextField
                id="iin"
                label="IIN"
                hint=Signal::derive(|| "12 digits".to_owned())
                value=value
                error=error
            />
        }
    });
    settle().await;
    let input: web_sys::HtmlInputElement = query(&root, "input").dyn_into().unwrap();
    assert_eq!(input.value(), "12345");
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("iin-hint")
    );
    assert_eq!(
        query(&root, "label").get_attribute("for").as_deref(),
        Some("iin")
    );

    error.set(Some("The IIN has 12 digits".into()));
    settle().await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("iin-hint iin-error")
    );
    assert!(query(&root, "#iin-error")
        .text_content()
        .unwrap()
        .contains("The IIN has 12 digits"));
    assert_eq!(
        input.value(),
        "12345",
        "an error never clears what was typed"
    );

    input.set_value("123456789012");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(value.get_untracked(), "123456789012");
}

#[wasm_bindgen_test]
async fn language_switch_changes_language_html_lang_and_remembers_it() {
    let root = mount(|| {
        let i18n = use_i18n();
        view! {
            <LanguageSwitch />
            <p id="probe">{t!(i18n, login.remember_iin)}</p>
        }
    });
    settle().await;
    let kk = query(&root, "button[lang=kk]");
    let ru = query(&root, "button[lang=ru]");
    use_kazakh(&kk).await;
    assert_eq!(
        query(&root, "#probe").text_content().unwrap(),
        "ЖСН-ды еске сақтау"
    );

    ru.click();
    settle().await;
    assert_eq!(ru.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(kk.get_attribute("aria-pressed").as_deref(), Some("false"));
    assert_eq!(
        query(&root, "#probe").text_content().unwrap(),
        "Запомнить ИИН"
    );
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("ru")
    );
    let stored = window()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("zeinet.locale")
        .unwrap();
    assert_eq!(stored.as_deref(), Some("ru"));
    use_kazakh(&kk).await;
}

async fn use_kazakh(kk: &web_sys::HtmlElement) {
    kk.click();
    settle().await;
    assert_eq!(kk.get_attribute("aria-pressed").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn api_error_alert_offers_retry_only_where_it_helps() {
    let retried = RwSignal::new(0);
    let root = mount(move || {
        view! {
            <div id="maintenance">
                <ApiErrorAlert
                    error=ApiError::Maintenance {
                        until: Some("2026-11-22T06:00:00+05:00".into()),
                    }
                    on_retry=Callback::new(move |_| retried.update(|n| *n += 1))
                />
            </div>
            <div id="not-found">
                <ApiErrorAlert error=ApiError::NotFound on_retry=Callback::new(|_| {}) />
            </div>
        }
    });
    settle().await;
    let maintenance = query(&root, "#maintenance [role=alert]");
    let text = maintenance.text_content().unwrap();
    assert!(
        // No choice is stored in this bare mount, so the browser's language (English) applies.
        text.contains("unavailable due to technical works"),
        "{text}"
    );
    assert!(
        text.contains("22.11.2026 06:00:00"),
        "the expected end, in Almaty time: {text}"
    );
    query(&root, "#maintenance button").click();
    settle().await;
    assert_eq!(retried.get_untracked(), 1);
    assert!(
        root.query_selector("#not-found button").unwrap().is_none(),
        "no retry for a 404"
    );
}
