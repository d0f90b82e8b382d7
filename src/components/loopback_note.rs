use crate::i18n::*;
use crate::signing::ncalayer::permission;
use leptos::prelude::*;

/// Says, before the first connection to NCALayer, that the browser will ask to allow "apps on
/// this device" and what to answer; shown only while the browser has that question to ask
/// (the `loopback-network` permission is `prompt`), and gone once it is answered.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::LoopbackNote;
/// # fn demo() -> impl IntoView {
/// view! { <LoopbackNote /> <button>"Sign with EDS"</button> }
/// # }
/// ```
#[component]
pub fn LoopbackNote() -> impl IntoView {
    let i18n = use_i18n();
    let will_ask = RwSignal::new(false);
    leptos::task::spawn_local_scoped_with_cancellation(async move {
        let Some(status) = permission::status().await else {
            return;
        };
        will_ask.try_set(permission::access_of(Some(&status)).will_ask());
        let watch = permission::Watch::new(status.clone(), move || {
            will_ask.try_set(permission::access_of(Some(&status)).will_ask());
        });
        // The browser's status object outlives the component: stop listening with it.
        let watch = send_wrapper::SendWrapper::new(watch);
        on_cleanup(move || drop(watch));
    });
    view! {
        <Show when=move || will_ask.get()>
            <p class="note note--info" data-testid="loopback-note">
                {t!(i18n, signing.will_ask)}
            </p>
        </Show>
    }
}
