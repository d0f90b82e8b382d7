use crate::i18n::*;
use crate::locale;
use leptos::prelude::*;

/// The kk | ru | en switch. Each button names its language in that language (with a matching
/// `lang` so screen readers pronounce it right); the current one is `aria-pressed`. The choice
/// is remembered and `<html lang>` follows it (set by the i18n provider).
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choices = [
        (Locale::kk, "Қазақша", "ҚАЗ"),
        (Locale::ru, "Русский", "РУС"),
        (Locale::en, "English", "ENG"),
    ];
    view! {
        <div class="language-switch" role="group" aria-label=move || t_string!(i18n, app.language)>
            {choices
                .into_iter()
                .map(|(choice, name, short)| {
                    view! {
                        <button
                            type="button"
                            class="language-switch__button"
                            lang=locale::code(choice)
                            aria-pressed=move || (i18n.get_locale() == choice).to_string()
                            on:click=move |_| {
                                i18n.set_locale(choice);
                                locale::remember(choice);
                            }
                        >
                            <span class="language-switch__long">{name}</span>
                            <span class="language-switch__short" aria-hidden="true">
                                {short}
                            </span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
