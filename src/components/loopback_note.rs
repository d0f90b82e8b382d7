use crate::i18n::*;
use crate::signing::ncalayer::permission;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

/// Says, before the first connection to NCALayer, that the browser will ask to allow "apps on
/// this device" and what to answer; shown only while the browser has that question to ask
/// (the `loopback-network` permission is `prompt`), and gone once it is answered.
///
/// ```ignore
/// view! { <LoopbackNote /> <button>"Sign with EDS"</button> }
/// ```
#[component]
pub fn LoopbackNote() -> impl IntoView {
    let i18n = use_i18n();
    let will_ask = RwSignal::new(false);
    leptos::task::spawn_local_scoped_with_cancellation(async move {
        let Some(status) = permission::status().await else {
            return;
        };
        let read = {
            let status = status.clone();
            move || {
                will_ask.try_set(permission::access_of(Some(&status)).will_ask());
            }
        };
        read();
        let on_change = Closure::<dyn FnMut()>::new(read);
        status.set_onchange(Some(on_change.as_ref().unchecked_ref()));
        // The browser's status object outlives the component: stop listening with it.
        let handler = send_wrapper::SendWrapper::new((status, on_change));
        on_cleanup(move || handler.0.set_onchange(None));
    });
    view! {
        <Show when=move || will_ask.get()>
            <p class="note note--info" data-testid="loopback-note">
                {t!(i18n, signing.will_ask)}
            </p>
        </Show>
    }
}
