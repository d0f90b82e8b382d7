use super::eds::EdsTab;
use super::egov::EgovTab;
use super::next::safe_next;
use crate::api::{self, ApiError};
use crate::components::{
    api_error_message, ErrorSummary, FieldError, LazyPanel, OtherWaysIn, PageHeading, TabList,
    TabPanel, TextField,
};
use crate::i18n::*;
use crate::pages::messages::iin_message;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
    NavigateOptions,
};
use zeinet_domain::iin::{Iin, IinError};

const REMEMBERED_IIN_KEY: &str = "zeinet.remembered_iin";

/// Why the password field was refused, kept as a value so the message follows the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PasswordProblem {
    Required,
    TooLong,
}

/// The longest password the form sends; longer input is a mistake (or an attack), not a key.
use zeinet_domain::password::MAX_PASSWORD_CHARS;

/// The tabs of the log-in page, in the memo's order; the URL's `?tab=` picks one.
const TABS: [&str; 3] = ["eds", "password", "egov"];
const DEFAULT_TAB: &str = "password";

split_point! {
    /// The EDS tab (the NCALayer client) as a split point: its chunk is fetched when the tab
    /// is first opened, so the first download holds the password tab only.
    fn eds_tab_view(), preload preload_eds_tab => view! { <EdsTab /> }
}

split_point! {
    /// The eGov mobile tab (QR code and polling) as a split point, like the EDS tab.
    fn egov_tab_view(active: Signal<bool>), preload preload_egov_tab
        => view! { <EgovTab active /> }
}

/// "Жеке кабинетке кіру": the ways in as WAI-ARIA tabs (the chosen one in the URL, so a link
/// opens it). A panel's code is fetched when it is first opened; from then on every panel
/// stays mounted while hidden, so switching tabs loses nothing typed.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    // For `make bench`: the moment the log-in form is on screen and answers input.
    Effect::new(|| {
        if let Some(performance) = window().performance() {
            let _ = performance.mark("zeinet:interactive");
        }
    });

    // Logged in (now, or already when the page opened): go where the person was going.
    Effect::new({
        let navigate = navigate.clone();
        move || {
            if session.profile().is_some() {
                let next = safe_next(query.with_untracked(|q| q.get("next")).as_deref());
                navigate(
                    &next,
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
        }
    });

    let tab = Signal::derive(move || {
        let asked = query.with(|q| q.get("tab"));
        TABS.into_iter()
            .find(|t| Some(*t) == asked.as_deref())
            .unwrap_or(DEFAULT_TAB)
    });
    let select_tab = Callback::new(move |chosen: &'static str| {
        let url = query.with_untracked(|q| tab_url(q, chosen));
        navigate(
            &url,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });

    let egov_active = Signal::derive(move || tab.get() == "egov");

    let notice = move || {
        query.with(|q| {
            if q.get("expired").is_some() {
                Some(t_string!(i18n, login.session_ended))
            } else if q.get("logged_out").is_some() {
                Some(t_string!(i18n, login.logged_out))
            } else {
                None
            }
        })
    };

    view! {
        <div class="narrow">
            <PageHeading text=Signal::derive(move || t_string!(i18n, login.title).to_owned()) />
            {move || {
                notice()
                    .map(|text| {
                        view! {
                            <div class="alert alert--info" role="status">
                                <p class="alert__text">{text}</p>
                            </div>
                        }
                    })
            }}
            <div class="tabs">
                <TabList
                    label=Signal::derive(move || t_string!(i18n, login.tabs_label).to_owned())
                    tabs=vec![
                        ("eds", Signal::derive(move || t_string!(i18n, login.tab_eds).to_owned())),
                        (
                            "password",
                            Signal::derive(move || t_string!(i18n, login.tab_password).to_owned()),
                        ),
                        ("egov", Signal::derive(move || t_string!(i18n, login.tab_egov).to_owned())),
                    ]
                    selected=tab
                    on_select=select_tab
                />
                <TabPanel id="eds" selected=tab>
                    <LazyPanel
                        wanted=Signal::derive(move || tab.get() == "eds")
                        load=eds_tab_view
                    />
                </TabPanel>
                <TabPanel id="password" selected=tab>
                    <PasswordTab />
                </TabPanel>
                <TabPanel id="egov" selected=tab>
                    <LazyPanel
                        wanted=egov_active
                        load=move || async move {
                            egov_tab_view().await.map(move |build| move || build(egov_active))
                        }
                    />
                </TabPanel>
            </div>
            <p class="form-links">
                <A href="/register">{t!(i18n, login.register)}</A>
                <span aria-hidden="true">" / "</span>
                <A href="/password-reset">{t!(i18n, login.forgot)}</A>
            </p>
        </div>
    }
}

/// The log-in page on tab `tab`, keeping where the person was going (`next`, `expired`).
fn tab_url(query: &leptos_router::params::ParamsMap, tab: &str) -> String {
    let mut url = format!("/login?tab={tab}");
    for key in ["next", "expired"] {
        if let Some(value) = query.get(key) {
            url.push_str(&format!("&{key}={}", js_sys::encode_uri_component(&value)));
        }
    }
    url
}

/// Log-in by IIN and password, with "remember IIN".
#[component]
fn PasswordTab() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();

    let remembered = remembered_iin();
    let iin = RwSignal::new(remembered.clone().unwrap_or_default());
    let password = RwSignal::new(String::new());
    let remember = RwSignal::new(remembered.is_some());
    let show_password = RwSignal::new(false);
    let iin_problem = RwSignal::new(None::<IinError>);
    let password_problem = RwSignal::new(None::<PasswordProblem>);
    let attempt = RwSignal::new(0u32);

    let log_in = Action::new_local(move |(iin, password): &(String, String)| {
        let (iin, password) = (iin.clone(), password.clone());
        async move { api::auth::log_in_with_password(&iin, &password).await }
    });
    let server_error = move || log_in.value().get().and_then(Result::err);

    Effect::new(move || {
        if let Some(Ok(profile)) = log_in.value().get() {
            remember_iin(remember.get_untracked().then(|| profile.iin.clone()));
            session.logged_in(profile);
        }
    });

    let iin_error = Signal::derive(move || iin_problem.get().map(|p| iin_message(i18n, p)));
    let password_error = Signal::derive(move || {
        password_problem.get().map(|p| match p {
            PasswordProblem::Required => t_string!(i18n, validation.password_required).to_owned(),
            PasswordProblem::TooLong => t_string!(i18n, validation.password_too_long).to_owned(),
        })
    });
    let summary = Signal::derive(move || {
        let mut errors = Vec::new();
        if let Some(message) = iin_error.get() {
            errors.push(FieldError {
                field_id: "iin",
                message,
            });
        }
        if let Some(message) = password_error.get() {
            errors.push(FieldError {
                field_id: "password",
                message,
            });
        }
        errors
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed_iin = iin.get_untracked();
        let typed_password = password.get_untracked();
        let parsed = Iin::parse(&typed_iin);
        iin_problem.set(parsed.as_ref().err().copied());
        password_problem.set(if typed_password.is_empty() {
            Some(PasswordProblem::Required)
        } else if typed_password.chars().count() > MAX_PASSWORD_CHARS {
            Some(PasswordProblem::TooLong)
        } else {
            None
        });
        attempt.update(|n| *n += 1);
        if let (Ok(valid_iin), None) = (parsed, password_problem.get_untracked()) {
            log_in.dispatch((valid_iin.as_str().to_owned(), typed_password));
        }
    };

    view! {
            <ErrorSummary errors=summary attempt=attempt />
            <div aria-live="assertive" class="live-region">
                {move || {
                    server_error()
                        .map(|error| {
                            // Anyone can lock an IIN by guessing: the person still gets in by
                            // EDS or eGov mobile, one step away.
                            let locked = matches!(
                                &error, ApiError::Forbidden { code, .. } if code == "account_locked"
                            );
                            view! {
                                <div class="alert alert--error" data-error=error.kind()>
                                    <p class="alert__text">{login_error_message(i18n, &error)}</p>
                                    {locked
                                        .then(|| {
                                            let (eds, egov) = query
                                                .with_untracked(|q| {
                                                    (tab_url(q, "eds"), tab_url(q, "egov"))
                                                });
                                            view! {
                                                <OtherWaysIn eds egov>
                                                    {t!(i18n, login.locked_other_ways)}
                                                </OtherWaysIn>
                                            }
                                        })}
                                </div>
                            }
                        })
                }}
            </div>
            <p>{t!(i18n, login.intro)}</p>
            <form class="form" novalidate on:submit=on_submit>
                <TextField
                    id="iin"
                    label=Signal::derive(move || t_string!(i18n, login.iin).to_owned())
                    hint=Signal::derive(move || t_string!(i18n, login.iin_hint).to_owned())
                    value=iin
                    error=iin_error
                    autocomplete="username"
                    inputmode="numeric"
                />
                <div class="field" class:field--error=move || password_error.with(Option::is_some)>
                    <label class="field__label" for="password">
                        {t!(i18n, login.password)}
                        <span class="field__required" aria-hidden="true">
                            " *"
                        </span>
                    </label>
                    {move || {
                        password_error
                            .get()
                            .map(|message| {
                                view! {
                                    <p class="field__error" id="password-error">
                                        {message}
                                    </p>
                                }
                            })
                    }}
                    <div class="password-input">
                        <input
                            class="field__input"
                            id="password"
                            name="password"
                            type=move || if show_password.get() { "text" } else { "password" }
                            autocomplete="current-password"
                            required
                            aria-required="true"
                            aria-invalid=move || password_error.with(Option::is_some).to_string()
                            aria-describedby=move || {
                                password_error.with(Option::is_some).then_some("password-error")
                            }
                            prop:value=move || password.get()
                            on:input:target=move |ev| password.set(ev.target().value())
                        />
                        <button
                            type="button"
                            class="button button--secondary password-input__toggle"
                            aria-controls="password"
                            aria-pressed=move || show_password.get().to_string()
                            on:click=move |_| show_password.update(|s| *s = !*s)
                        >
                            {move || {
                                if show_password.get() {
                                    t_string!(i18n, login.hide_password)
                                } else {
                                    t_string!(i18n, login.show_password)
                                }
                            }}
                        </button>
                    </div>
                </div>
                <div class="checkbox">
                    <input
                        type="checkbox"
                        id="remember-iin"
                        class="checkbox__input"
                        prop:checked=move || remember.get()
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            remember.set(on);
                            if !on {
                                remember_iin(None);
                            }
                        }
                    />
                    <label class="checkbox__label" for="remember-iin">
                        {t!(i18n, login.remember_iin)}
                    </label>
                </div>
                <button
                    type="submit"
                    class="button button--primary"
                    disabled=move || log_in.pending().get()
                    aria-disabled=move || log_in.pending().get().to_string()
                >
                    {move || {
                        if log_in.pending().get() {
                            t_string!(i18n, login.submitting)
                        } else {
                            t_string!(i18n, login.submit)
                        }
                    }}
                </button>
            </form>
    }
}

/// The message for a refused log-in: never says whether the IIN or the password was wrong.
fn login_error_message(i18n: crate::I18n, error: &ApiError) -> String {
    match error {
        ApiError::Unauthorized { code } if code == "invalid_credentials" => {
            t_string!(i18n, login.invalid_credentials).to_owned()
        }
        ApiError::Forbidden { code, until } if code == "account_locked" => {
            let until = until
                .as_deref()
                .map(crate::format::instant)
                .unwrap_or_default();
            t_string!(i18n, login.locked, until).to_string()
        }
        other => api_error_message(i18n, other),
    }
}

/// The IIN remembered on this device (the IIN alone: never the password).
fn remembered_iin() -> Option<String> {
    let storage = window().local_storage().ok()??;
    storage
        .get_item(REMEMBERED_IIN_KEY)
        .ok()?
        .filter(|iin| Iin::parse(iin).is_ok())
}

/// Remembers `Some(iin)`, or forgets with `None`.
fn remember_iin(iin: Option<String>) {
    let Some(storage) = window().local_storage().ok().flatten() else {
        return;
    };
    let _ = match iin {
        Some(iin) => storage.set_item(REMEMBERED_IIN_KEY, &iin),
        None => storage.remove_item(REMEMBERED_IIN_KEY),
    };
}
