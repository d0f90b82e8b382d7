use crate::i18n::*;
use leptos::prelude::*;

/// A field's error message, shown above its input while there is one. Screen readers hear
/// "There is a problem: …" first; the input names it in `aria-describedby` as `{field}-error`.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::FieldErrorMessage;
/// # fn demo(iin_error: Signal<Option<String>>) -> impl IntoView {
/// view! { <FieldErrorMessage field="iin" error=iin_error /> }
/// # }
/// ```
#[component]
pub fn FieldErrorMessage(
    field: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("{field}-error");
    move || {
        error.get().map(|message| {
            view! {
                <p class="field__error" id=id.clone()>
                    <span class="visually-hidden">{t!(i18n, errors.field_prefix)} ": "</span>
                    {message}
                </p>
            }
        })
    }
}
