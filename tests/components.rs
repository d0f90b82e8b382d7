//! Components mounted into a real DOM in headless Chromium (wasm-bindgen-test): each test
//! checks the markup, the behaviour and the accessibility wiring together.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes, A},
    hooks::{use_location, use_navigate, use_query_map},
    path, NavigateOptions,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use zeinet::api::applications::HistoryEntry;
use zeinet::api::ApiError;
use zeinet::components::{
    ApiErrorAlert, DisclosureButton, ErrorSummary, FieldError, LanguageSwitch, LazyPanel,
    ModalDialog, SigningFailureAlert, SigningStatus, StatusBadge, StatusHistory, TextField,
};
use zeinet::i18n::*;
use zeinet::signing::{ncalayer::NcaError, SigningFailure};

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

#[wasm_bindgen_test]
async fn language_switch_names_each_language_in_that_language_whatever_the_page_language() {
    let root = mount(|| view! { <LanguageSwitch /> });
    settle().await;
    // The long name (visually hidden on narrow screens) and the short one, per button.
    let names = |root: &web_sys::HtmlElement| {
        ["kk", "ru", "en"].map(|lang| {
            let button = query(root, &format!("button[lang={lang}]"));
            let long = query(&button, ".language-switch__long").text_content();
            let short = query(&button, ".language-switch__short").text_content();
            (long.unwrap(), short.unwrap())
        })
    };
    let own = [("Қазақша", "ҚАЗ"), ("Русский", "РУС"), ("English", "ENG")]
        .map(|(long, short)| (long.to_owned(), short.to_owned()));
    let kk = query(&root, "button[lang=kk]");
    use_kazakh(&kk).await;
    assert_eq!(names(&root), own);
    for lang in ["ru", "en"] {
        query(&root, &format!("button[lang={lang}]")).click();
        settle().await;
        assert_eq!(names(&root), own, "with the page in {lang}");
    }
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
        // No choice is stored in this bare mount, so the default language (Kazakh) applies.
        text.contains("Техникалық жұмыстарды жүргізуге байланысты қызмет уақытша қолжетімсіз"),
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

#[wasm_bindgen_test]
async fn disclosure_button_toggles_its_region_and_says_so() {
    let open = RwSignal::new(false);
    let root = mount(move || {
        view! {
            <DisclosureButton open controls="region-1".to_string()>
                "Application 188041"
            </DisclosureButton>
            <div id="region-1" hidden=move || !open.get()>
                "details"
            </div>
        }
    });
    settle().await;
    let button = query(&root, "button.disclosure");
    assert_eq!(button.get_attribute("type").as_deref(), Some("button"));
    assert_eq!(
        button.get_attribute("aria-controls").as_deref(),
        Some("region-1")
    );
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(button.text_content().unwrap(), "Application 188041");
    assert!(query(&root, "#region-1").has_attribute("hidden"));

    button.click();
    settle().await;
    assert!(open.get_untracked());
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert!(!query(&root, "#region-1").has_attribute("hidden"));

    button.click();
    settle().await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn modal_dialog_opens_modally_closes_on_escape_and_gives_focus_back() {
    let open = RwSignal::new(false);
    let root = mount(move || {
        view! {
            <button id="opener" on:click=move |_| open.set(true)>
                "Cancel the application"
            </button>
            <ModalDialog open id="confirm".to_string() title=Signal::derive(|| "Sure?".to_string())>
                <button id="first">"Sign"</button>
                <button id="last" on:click=move |_| open.set(false)>
                    "Close"
                </button>
            </ModalDialog>
        }
    });
    settle().await;
    let dialog: web_sys::HtmlDialogElement = query(&root, "dialog").dyn_into().unwrap();
    assert!(!dialog.open());
    assert_eq!(
        dialog.get_attribute("aria-labelledby").as_deref(),
        Some("confirm-title")
    );
    assert_eq!(
        query(&root, "#confirm-title").text_content().unwrap(),
        "Sure?"
    );

    let opener = query(&root, "#opener");
    opener.focus().unwrap();
    opener.click();
    settle().await;
    assert!(dialog.open(), "shown");
    assert!(
        dialog.matches(":modal").unwrap(),
        "modal: the page behind is inert"
    );

    // Esc: the browser's `cancel` event; the signal follows and focus returns to the opener.
    let cancel = web_sys::Event::new_with_event_init_dict("cancel", &{
        let init = web_sys::EventInit::new();
        init.set_cancelable(true);
        init
    })
    .unwrap();
    dialog.dispatch_event(&cancel).unwrap();
    settle().await;
    assert!(!open.get_untracked());
    assert!(!dialog.open());
    assert_eq!(document().active_element().unwrap().id(), "opener");

    // Tab from the last control wraps to the first one.
    opener.click();
    settle().await;
    query(&root, "#last").focus().unwrap();
    let tab = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &{
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Tab");
        init.set_bubbles(true);
        init.set_cancelable(true);
        init
    })
    .unwrap();
    query(&root, "#last").dispatch_event(&tab).unwrap();
    assert!(tab.default_prevented());
    assert_eq!(document().active_element().unwrap().id(), "first");
    query(&root, "#last").click();
    settle().await;
    assert!(!dialog.open());
}

#[wasm_bindgen_test]
async fn status_badge_and_history_say_the_status_in_words() {
    let status = RwSignal::new("accepted".to_string());
    let root = mount(move || {
        view! {
            <LanguageSwitch />
            <StatusBadge status=status />
            <StatusHistory entries=vec![
                HistoryEntry {
                    status: "accepted".into(),
                    at: "2021-02-18".into(),
                },
                HistoryEntry {
                    status: "executed".into(),
                    at: "2021-02-19".into(),
                },
            ] />
        }
    });
    settle().await;
    use_kazakh(&query(&root, ".language-switch button[lang=kk]")).await;
    let badge = query(&root, ".badge");
    assert_eq!(badge.text_content().unwrap(), "Өңдеуге қабылданды");
    assert!(badge.class_list().contains("badge--pending"));
    status.set("refused".into());
    settle().await;
    assert_eq!(badge.text_content().unwrap(), "Бас тартылды");
    assert!(badge.class_list().contains("badge--danger"));

    let steps = root.query_selector_all(".history li").unwrap();
    assert_eq!(steps.length(), 2);
    let last: web_sys::HtmlElement = steps.item(1).unwrap().dyn_into().unwrap();
    assert_eq!(last.text_content().unwrap(), "✓Орындалды 19.02.2021");
    assert_eq!(last.get_attribute("aria-current").as_deref(), Some("step"));
    assert_eq!(
        query(&root, ".history time")
            .get_attribute("datetime")
            .as_deref(),
        Some("2021-02-18")
    );
}

#[wasm_bindgen_test]
async fn lazy_panel_loads_when_first_wanted_says_when_it_failed_and_retries_in_place() {
    let wanted = RwSignal::new(false);
    let calls = StoredValue::new(0_u32);
    let root = mount(move || {
        view! {
            <LazyPanel
                wanted=wanted
                load=move || {
                    calls.update_value(|n| *n += 1);
                    let failing = calls.get_value() == 1;
                    async move {
                        gloo_timers::future::TimeoutFuture::new(30).await;
                        if failing {
                            Err(())
                        } else {
                            Ok(|| view! { <p class="loaded">"tab content"</p> }.into_any())
                        }
                    }
                }
            />
        }
    });
    settle().await;
    assert_eq!(calls.get_value(), 0, "nothing fetched before it is wanted");
    assert_eq!(root.text_content().unwrap_or_default().trim(), "");

    wanted.set(true);
    gloo_timers::future::TimeoutFuture::new(5).await;
    let loading = query(&root, ".loading");
    assert_eq!(loading.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(
        loading.get_attribute("aria-live").as_deref(),
        Some("polite")
    );

    gloo_timers::future::TimeoutFuture::new(60).await;
    let alert = query(&root, "[data-error=part_not_loaded]");
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    let text = alert.text_content().unwrap();
    assert!(
        // The default language (Kazakh) in this bare mount.
        text.contains("Жеке кабинеттің бұл бөлігі жүктелмеді"),
        "{text}"
    );
    assert!(
        root.query_selector(".loading").unwrap().is_none(),
        "no spinner with the error"
    );

    let retry: web_sys::HtmlElement = alert
        .query_selector("button")
        .unwrap()
        .expect("a retry button")
        .dyn_into()
        .unwrap();
    assert_eq!(retry.get_attribute("type").as_deref(), Some("button"));
    retry.click();
    gloo_timers::future::TimeoutFuture::new(80).await;
    assert_eq!(calls.get_value(), 2, "retried once, without a reload");
    assert_eq!(
        query(&root, ".loaded").text_content().as_deref(),
        Some("tab content")
    );
    assert!(root.query_selector("[data-error]").unwrap().is_none());

    wanted.set(false);
    settle().await;
    assert!(
        root.query_selector(".loaded").unwrap().is_some(),
        "kept once loaded"
    );
    assert_eq!(calls.get_value(), 2, "not fetched again");
}

#[wasm_bindgen_test]
async fn signing_status_says_the_step_the_stop_and_the_failure_in_live_regions() {
    let step = RwSignal::new(None::<&'static str>);
    let stopped = RwSignal::new(false);
    let failure = RwSignal::new(None::<SigningFailure>);
    let retried = RwSignal::new(0u32);
    let root = mount(move || {
        view! {
            <SigningStatus
                step
                stopped
                stopped_text=Signal::derive(|| "Signing stopped".to_owned())
                stopped_testid="stopped"
                failure
                backend_message=|_, _| Some("Refused by the backend".to_owned())
                on_retry=Callback::new(move |_| retried.update(|n| *n += 1))
            />
        }
    });
    settle().await;
    // Both regions are there, empty, before anything is said in them.
    let polite = query(&root, ".live-region[role=status][aria-live=polite]");
    let assertive = query(&root, ".live-region[aria-live=assertive]");
    assert_eq!(polite.text_content().unwrap_or_default().trim(), "");
    assert_eq!(assertive.text_content().unwrap_or_default().trim(), "");

    step.set(Some("Signing…"));
    settle().await;
    assert!(polite.query_selector(".progress").unwrap().is_some());
    assert!(polite.text_content().unwrap().contains("Signing…"));

    step.set(None);
    stopped.set(true);
    settle().await;
    assert_eq!(
        query(&polite, "[data-testid=stopped]")
            .text_content()
            .unwrap(),
        "Signing stopped"
    );

    failure.set(Some(SigningFailure::Backend(ApiError::Server {
        status: 500,
    })));
    settle().await;
    let alert = query(&assertive, ".alert--error");
    assert_eq!(alert.get_attribute("data-error").as_deref(), Some("server"));
    assert!(alert
        .text_content()
        .unwrap()
        .contains("Refused by the backend"));
    query(&alert, "button").click();
    settle().await;
    assert_eq!(retried.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn signing_failure_alert_tells_a_browser_block_from_ncalayer_not_running() {
    let alert_of = |error: NcaError| {
        let root = mount(move || {
            view! {
                <SigningFailureAlert
                    failure=SigningFailure::NcaLayer(error)
                    backend_message=|_, _| None
                    on_retry=Callback::new(|_| ())
                />
            }
        });
        query(&root, ".alert--error")
    };
    let blocked = alert_of(NcaError::Blocked);
    settle().await;
    assert_eq!(
        blocked.get_attribute("data-error").as_deref(),
        Some("ncalayer_blocked")
    );
    assert_eq!(
        query(&blocked, "h2").text_content().unwrap(),
        "Браузер NCALayer-ге қосылуға рұқсат бермеді"
    );
    // How to allow it again, step by step, and the managed-PC policy; no install guide.
    assert_eq!(
        blocked
            .query_selector_all("ol.alert__steps > li")
            .unwrap()
            .length(),
        3
    );
    assert!(blocked
        .text_content()
        .unwrap()
        .contains("LocalNetworkAccessAllowedForUrls"));
    assert!(blocked
        .query_selector("a[href*='pki.gov.kz']")
        .unwrap()
        .is_none());
    assert!(blocked.query_selector("button").unwrap().is_some());

    let not_running = alert_of(NcaError::NotRunning);
    settle().await;
    assert_eq!(
        query(&not_running, "h2").text_content().unwrap(),
        "NCALayer іске қосылмаған"
    );
    assert!(not_running
        .query_selector("a[href*='pki.gov.kz']")
        .unwrap()
        .is_some());
    assert!(not_running
        .query_selector("ol.alert__steps")
        .unwrap()
        .is_none());
}

/// Dispatches a left click (with Ctrl when `ctrl`) on `link` and says whether the router took
/// it (prevented the browser's own). The browser's own is prevented afterwards in any case,
/// so that the test page never leaves.
fn click_taken(link: &web_sys::HtmlElement, ctrl: bool) -> bool {
    let taken = std::rc::Rc::new(std::cell::Cell::new(false));
    let seen = taken.clone();
    let after_router =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            seen.set(ev.default_prevented());
            ev.prevent_default();
        });
    let window = web_sys::window().unwrap();
    window
        .add_event_listener_with_callback("click", after_router.as_ref().unchecked_ref())
        .unwrap();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_ctrl_key(ctrl);
    let click = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    link.dispatch_event(&click).unwrap();
    window
        .remove_event_listener_with_callback("click", after_router.as_ref().unchecked_ref())
        .unwrap();
    taken.get()
}

#[wasm_bindgen_test]
async fn router_follows_the_apps_links_in_place_marks_the_current_one_and_follows_history() {
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/r"))
        .unwrap();
    let navigate = StoredValue::new_local(None);
    let root = mount(move || {
        view! {
            <Router>
                {
                    let location = use_location();
                    let query = use_query_map();
                    navigate.set_value(Some(use_navigate()));
                    view! {
                        <nav>
                            <A href="/r/list" attr:class="to-list">
                                "List"
                            </A>
                            <A href="/r/list/refunds" exact=true attr:class="to-refunds">
                                "Refunds"
                            </A>
                            <a class="elsewhere" href="https://example.org/r">
                                "Elsewhere"
                            </a>
                            <a class="new-window" href="/r/list" target="_blank">
                                "New window"
                            </a>
                        </nav>
                        <p class="path">{move || location.pathname.get()}</p>
                        <p class="tab">
                            {move || query.with(|q| q.get("tab").unwrap_or_default())}
                        </p>
                        <div style="height: 5000px"></div>
                        // leptos_router completes a move (the history entry) once its routes
                        // have drawn the new address.
                        <Routes fallback=|| ()>
                            <Route path=path!("/r") view=|| () />
                        </Routes>
                    }
                }
            </Router>
        }
    });
    settle().await;
    let (list, refunds) = (query(&root, ".to-list"), query(&root, ".to-refunds"));
    assert_eq!(list.get_attribute("href").as_deref(), Some("/r/list"));
    assert_eq!(list.get_attribute("aria-current"), None);
    let entries = history.length().unwrap();

    assert!(
        click_taken(&list, false),
        "the app's link is followed in place"
    );
    settle().await;
    assert_eq!(window().location().pathname().unwrap(), "/r/list");
    assert_eq!(
        history.length().unwrap(),
        entries + 1,
        "a history entry added"
    );
    assert_eq!(
        query(&root, ".path").text_content().as_deref(),
        Some("/r/list")
    );
    assert_eq!(list.get_attribute("aria-current").as_deref(), Some("page"));
    assert_eq!(refunds.get_attribute("aria-current"), None);

    for other in [".elsewhere", ".new-window"] {
        assert!(
            !click_taken(&query(&root, other), false),
            "{other} is the browser's"
        );
    }
    assert!(
        !click_taken(&list, true),
        "Ctrl+click is the browser's (a new tab)"
    );

    let navigate_to = |to: &str, options: NavigateOptions| {
        navigate.with_value(|navigate| navigate.as_ref().unwrap()(to, options))
    };
    navigate_to(
        "/r/list/refunds?tab=eds%20x",
        NavigateOptions {
            replace: true,
            ..Default::default()
        },
    );
    settle().await;
    assert_eq!(
        history.length().unwrap(),
        entries + 1,
        "replaced, not added"
    );
    assert_eq!(
        query(&root, ".tab").text_content().as_deref(),
        Some("eds x")
    );
    assert_eq!(
        list.get_attribute("aria-current").as_deref(),
        Some("page"),
        "current below its address"
    );
    assert_eq!(
        refunds.get_attribute("aria-current").as_deref(),
        Some("page")
    );

    // (An address of another site is not the router's to refuse: leptos_router leaves the page
    // for it, as a link would. The app never navigates to an address it did not write itself
    // or check first: `next` goes through `pages::safe_next`, tested on the host.)

    window().scroll_to_with_x_and_y(0.0, 600.0);
    assert!(window().scroll_y().unwrap() > 0.0);
    navigate_to("/r/list/refunds?tab=eds%20x", NavigateOptions::default());
    assert_eq!(
        window().scroll_y().unwrap(),
        0.0,
        "the same address: back to the top"
    );
    assert_eq!(history.length().unwrap(), entries + 1, "and no new entry");

    history.back().unwrap();
    gloo_timers::future::TimeoutFuture::new(150).await;
    assert_eq!(
        query(&root, ".path").text_content().as_deref(),
        Some("/r"),
        "back"
    );
    assert_eq!(query(&root, ".tab").text_content().as_deref(), Some(""));
    assert_eq!(list.get_attribute("aria-current"), None);
}
