use crate::i18n::*;
use crate::locale;
use leptos::prelude::*;

/// The kk | ru | en switch. Each button names its language in that language, whatever the page's
/// language (so `td_string!` reads the name from the button's own locale file, not `t!` from the
/// current one), with a matching `lang` so screen readers pronounce it right; the current one
/// is `aria-pressed`. The choice is remembered and `<html lang>` follows it (set by the i18n
/// provider).
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="language-switch" role="group" aria-label=move || t_string!(i18n, app.language)>
            {[Locale::kk, Locale::ru, Locale::en]
                .into_iter()
                .map(|choice| {
                    let name = td_string!(choice, app.language_endonym);
                    let short = td_string!(choice, app.language_endonym_short);
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
