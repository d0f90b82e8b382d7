//! The browser's "apps on this device" permission (`loopback-network`), which Chrome 147 and
//! Firefox 154 ask before a public page may open a WebSocket to NCALayer on `127.0.0.1`.
//! What its states mean for a failed connection is a rule of the domain
//! ([`zeinet_domain::loopback`]); this module only asks the browser.
//!
//! ```no_run
//! # async fn demo() {
//! use zeinet::signing::ncalayer::permission;
//! if permission::query().await.will_ask() {
//!     // Say before connecting that the browser will ask, and what to answer.
//! }
//! # }
//! ```
pub use zeinet_domain::loopback::LoopbackAccess;

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{PermissionState, PermissionStatus};

/// The permission's name. Never the older `local-network-access`: querying that name crashes
/// the renderer of some Chrome versions, and no `catch` can stop it.
const NAME: &str = "loopback-network";

/// The browser's live status object of the permission, or `None` where the browser does not
/// know it (nothing gates the socket there).
pub async fn status() -> Option<PermissionStatus> {
    let navigator = web_sys::window()?.navigator();
    let permissions = js_sys::Reflect::get(&navigator, &JsValue::from_str("permissions"))
        .ok()
        .filter(|p| p.is_object())?
        .unchecked_into::<web_sys::Permissions>();
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"name".into(), &NAME.into()).ok()?;
    // An unknown name rejects with a TypeError: a browser that does not gate.
    let promise = permissions.query(&descriptor).ok()?;
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// The state of a status object as the domain names it.
pub fn access_of(status: Option<&PermissionStatus>) -> LoopbackAccess {
    match status.map(PermissionStatus::state) {
        Some(PermissionState::Granted) => LoopbackAccess::Granted,
        Some(PermissionState::Prompt) => LoopbackAccess::Prompt,
        Some(PermissionState::Denied) => LoopbackAccess::Denied,
        _ => LoopbackAccess::NotGated,
    }
}

/// The permission's state now.
pub async fn query() -> LoopbackAccess {
    access_of(status().await.as_ref())
}

/// Calls back on every change of the permission (the person answered the browser, or changed
/// it in the site settings) while it lives; dropping it stops listening.
pub struct Watch {
    status: PermissionStatus,
    _on_change: Closure<dyn FnMut()>,
}

impl Watch {
    /// Listens to `status`'s changes.
    pub fn new(status: PermissionStatus, on_change: impl FnMut() + 'static) -> Watch {
        let on_change = Closure::<dyn FnMut()>::new(on_change);
        status.set_onchange(Some(on_change.as_ref().unchecked_ref()));
        Watch {
            status,
            _on_change: on_change,
        }
    }

    /// The permission's state now.
    pub fn access(&self) -> LoopbackAccess {
        access_of(Some(&self.status))
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.status.set_onchange(None);
    }
}
