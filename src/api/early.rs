//! Answers the boot script (`src/boot.js`) asked for before the app ran: the session check on
//! every address, and a deep link's list (`early` in `src/routes.json`). They travel while the
//! main module downloads, instead of after it has run and the session check has come back.
//!
//! The boot script leaves them in `window.zeinetEarly`, a `Map` from the URL to
//! `{ answer: Promise<Response>, controller: AbortController }`. [`request`](super::request)
//! takes the one for its URL, once: a retry asks afresh. An answer is made for the address and
//! the session the page was opened with, so all that are left are forgotten
//! ([`forget_all`]) when that session turns out not to be a logged-in one, or changes
//! (`crate::session`): a list refused before a log-in is never taken after it; and when the
//! person moves to another address (`crate::app`): a screen left before it asked does not
//! get, minutes later, the list of when the page was opened.
//!
//! For a plain GET, `request` first calls `take` with the URL (`…/api/applications`, say):
//! when the boot script left a fetch there, it awaits that fetch's `answer` promise, aborted
//! by its `controller`, instead of fetching again.
use wasm_bindgen::{JsCast, JsValue};

/// Where the boot script leaves its early fetches.
const GLOBAL: &str = "zeinetEarly";

/// One early fetch: the browser's promise of the response, and what aborts it.
pub(crate) struct Early {
    pub answer: js_sys::Promise,
    pub controller: web_sys::AbortController,
}

/// The early fetch of `url`, if the boot script made one and nothing took it yet.
pub(crate) fn take(url: &str) -> Option<Early> {
    let map = map()?;
    let key = JsValue::from_str(url);
    let entry = map.get(&key);
    if entry.is_undefined() {
        return None;
    }
    map.delete(&key);
    let field = |name: &str| js_sys::Reflect::get(&entry, &JsValue::from_str(name)).ok();
    Some(Early {
        answer: field("answer")?.dyn_into().ok()?,
        controller: field("controller")?.dyn_into().ok()?,
    })
}

/// Forgets the early fetches nothing took (and stops those still running).
pub fn forget_all() {
    let Some(map) = map() else { return };
    map.for_each(&mut |entry, _| {
        if let Ok(controller) = js_sys::Reflect::get(&entry, &JsValue::from_str("controller")) {
            if let Ok(controller) = controller.dyn_into::<web_sys::AbortController>() {
                controller.abort();
            }
        }
    });
    map.clear();
}

fn map() -> Option<js_sys::Map> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str(GLOBAL))
        .ok()?
        .dyn_into()
        .ok()
}
