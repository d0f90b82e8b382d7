use leptos::prelude::*;

/// A labelled input with its hint and error tied to it (`aria-describedby`, `aria-invalid`).
/// The value lives in the page's signal, so nothing typed is lost when an error shows.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::TextField;
/// # fn demo(
/// #     label: Signal<String>,
/// #     iin: RwSignal<String>,
/// #     iin_error: Signal<Option<String>>,
/// # ) -> impl IntoView {
/// view! { <TextField id="iin" label=label value=iin error=iin_error inputmode="numeric" /> }
/// # }
/// ```
#[component]
pub fn TextField(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--error=move || error.with(Option::is_some)>
            <label class="field__label" for=id>
                {label}
                {required
                    .then(|| {
                        view! {
                            <span class="field__required" aria-hidden="true">
                                " *"
                            </span>
                        }
                    })}
            </label>
            {hint
                .map(|hint| {
                    view! {
                        <p class="field__hint" id=hint_id.clone()>
                            {hint}
                        </p>
                    }
                })}
            <crate::components::FieldErrorMessage field=id error=error />
            <input
                class="field__input"
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength=maxlength
                required=required
                aria-required=required.to_string()
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
        </div>
    }
}
