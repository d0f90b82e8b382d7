use leptos::{html, prelude::*};

/// The step's `<h2>`; it takes focus when the step is not the first one shown on the page,
/// so a screen reader announces the new step.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::StepHeading;
/// # fn demo() -> impl IntoView {
/// view! { <StepHeading text=Signal::derive(|| "Step 2".to_owned()) focus=true /> }
/// # }
/// ```
#[component]
pub fn StepHeading(#[prop(into)] text: Signal<String>, focus: bool) -> impl IntoView {
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move || {
        if let Some(heading) = heading.get() {
            if focus {
                let _ = heading.focus();
            }
        }
    });
    view! {
        <h2 id="step-heading" class="step-heading" tabindex="-1" node_ref=heading>
            {text}
        </h2>
    }
}
