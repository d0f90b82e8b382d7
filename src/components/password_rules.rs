//! The rules of a new password (the backend's `weak_password` rules), checked as it is typed
//! and listed with each rule's state in words and an icon — never by colour alone.
use crate::i18n::*;
use leptos::prelude::*;

pub use zeinet_domain::password::PasswordRule;

/// The list of rules under the password field, each with its state as text and icon.
/// `id` is for the field's `aria-describedby`.
#[component]
pub fn PasswordRules(
    id: &'static str,
    #[prop(into)] password: Signal<String>,
    #[prop(into)] iin: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |rule: PasswordRule| match rule {
        PasswordRule::Length => t_string!(i18n, password.rule_length),
        PasswordRule::Letter => t_string!(i18n, password.rule_letter),
        PasswordRule::Digit => t_string!(i18n, password.rule_digit),
        PasswordRule::NotIin => t_string!(i18n, password.rule_not_iin),
    };
    view! {
        <div class="password-rules" id=id>
            <p class="password-rules__title">{t!(i18n, password.rules_title)}</p>
            <ul class="password-rules__list">
                {PasswordRule::ALL
                    .into_iter()
                    .map(|rule| {
                        let met = move || password.with(|p| iin.with(|i| rule.met(p, i)));
                        view! {
                            <li
                                class="password-rules__rule"
                                class:password-rules__rule--met=met
                                data-met=move || met().to_string()
                            >
                                <span class="password-rules__icon" aria-hidden="true">
                                    {move || if met() { "✓" } else { "✗" }}
                                </span>
                                " "
                                {move || label(rule)}
                                " — "
                                <span class="password-rules__state">
                                    {move || {
                                        if met() {
                                            t_string!(i18n, password.rule_met)
                                        } else {
                                            t_string!(i18n, password.rule_unmet)
                                        }
                                    }}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}
