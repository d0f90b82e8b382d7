//! The NCALayer client: one WebSocket to the desktop signer, one request at a time.
//!
//! ```no_run
//! # async fn demo() -> Result<(), zeinet::signing::ncalayer::NcaError> {
//! use zeinet::signing::ncalayer::{self, KeyUsage, SignOutcome, SignRequest};
//! let request = SignRequest { data_base64: "Y2hhbGxlbmdl".into(), usage: KeyUsage::Authentication, iin: None, locale: "kk" };
//! match ncalayer::shared().sign(&request).await? {
//!     SignOutcome::Signed(cms) => { /* send the CMS to the backend */ }
//!     SignOutcome::Cancelled => { /* back to the form, quietly */ }
//! }
//! # Ok(()) }
//! ```
pub mod permission;
pub mod protocol;

pub use protocol::{KeyUsage, NcaError, SignOutcome, SignRequest};

use futures::{
    channel::mpsc,
    future::{select, Either},
    lock::Mutex,
    StreamExt,
};
use std::{cell::RefCell, rc::Rc, time::Duration};
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{MessageEvent, WebSocket};

/// How long NCALayer may take to answer a request: the person picks a key file and types its
/// password in NCALayer's own window, which takes minutes, not seconds.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(300);
/// How long to wait for the socket to open and greet: a local program answers at once.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the browser's question ("allow apps on this device?") may stay open: the connect
/// timeout runs only once it is answered.
pub const QUESTION_TIMEOUT: Duration = REQUEST_TIMEOUT;

enum Event {
    Open,
    Message(String),
    Closed,
    /// The `loopback-network` permission changed (the person answered the browser).
    Access,
}

/// Opens the socket, telling the browser that it is for this computer (`targetAddressSpace:
/// 'loopback'`) where the constructor takes that option. A constructor that does not reads the
/// object as a subprotocol name and throws; a wrapper of the constructor (a test tool, an
/// extension) may keep or copy it whole. The browser's own reading of an options dictionary
/// takes only the members it knows: the option counts when `targetAddressSpace` was read and a
/// member no browser knows was not; otherwise the plain constructor follows.
fn new_socket(url: &str) -> Result<WebSocket, wasm_bindgen::JsValue> {
    use std::cell::Cell;
    let options = js_sys::Object::new();
    let read = |name: &str, value: &str| -> Result<_, wasm_bindgen::JsValue> {
        let flag = Rc::new(Cell::new(false));
        let getter = Closure::<dyn FnMut() -> wasm_bindgen::JsValue>::new({
            let (flag, value) = (flag.clone(), value.to_owned());
            move || {
                flag.set(true);
                value.as_str().into()
            }
        });
        let descriptor = js_sys::Object::new();
        // Owned by the JavaScript side from here: a wrapper may read the options later.
        js_sys::Reflect::set(&descriptor, &"get".into(), &getter.into_js_value())?;
        js_sys::Reflect::set(&descriptor, &"enumerable".into(), &true.into())?;
        js_sys::Object::define_property(&options, &name.into(), &descriptor);
        Ok(flag)
    };
    let option_read = read("targetAddressSpace", "loopback")?;
    let unknown_read = read("zeinetUnknownMember", "")?;
    let constructor = js_sys::Reflect::get(&js_sys::global(), &"WebSocket".into())?
        .dyn_into::<js_sys::Function>()?;
    let arguments = js_sys::Array::of2(&url.into(), &options);
    match js_sys::Reflect::construct(&constructor, &arguments) {
        Ok(socket) if option_read.get() && !unknown_read.get() => Ok(socket.unchecked_into()),
        Ok(socket) => {
            let _ = socket.unchecked_into::<WebSocket>().close();
            WebSocket::new(url)
        }
        Err(_) => WebSocket::new(url),
    }
}

/// Whether this page is served from this computer (the browser does not gate its sockets to
/// NCALayer).
fn page_on_this_computer() -> bool {
    web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .is_some_and(|host| zeinet_domain::loopback::is_this_computer(&host))
}

/// An open, greeted socket with its event stream.
struct Connection {
    socket: WebSocket,
    events: mpsc::UnboundedReceiver<Event>,
    _handlers: [Closure<dyn FnMut(web_sys::Event)>; 3],
}

impl Connection {
    /// Opens and greets a connection. A failure is told apart by the `loopback-network`
    /// permission read afterwards: the browser blocked it, or nothing listened.
    async fn open(url: &str) -> Result<Connection, NcaError> {
        let status = permission::status().await;
        let opened = Self::open_watching(url, status).await;
        match opened {
            Some(connection) => connection,
            None => {
                let access = permission::query().await;
                Err(access.connect_failure(page_on_this_computer()))
            }
        }
    }

    /// The greeted connection, a protocol error, or `None` when the socket failed or timed out.
    async fn open_watching(
        url: &str,
        status: Option<web_sys::PermissionStatus>,
    ) -> Option<Result<Connection, NcaError>> {
        let socket = new_socket(url).ok()?;
        let (sender, events) = mpsc::unbounded();
        let handler = |make: fn(web_sys::Event) -> Event| {
            let sender = sender.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                let _ = sender.unbounded_send(make(e));
            })
        };
        let on_open = handler(|_| Event::Open);
        let on_message = handler(|e| {
            e.dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
                .map(Event::Message)
                // A binary frame is not the protocol.
                .unwrap_or(Event::Message(String::new()))
        });
        // An error event is always followed by close; either ends the conversation.
        let on_close = handler(|_| Event::Closed);
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        socket.set_onerror(Some(on_close.as_ref().unchecked_ref()));
        let watch = status.map(|status| {
            let sender = sender.clone();
            permission::Watch::new(status, move || {
                let _ = sender.unbounded_send(Event::Access);
            })
        });
        let mut connection = Connection {
            socket,
            events,
            _handlers: [on_open, on_message, on_close],
        };
        loop {
            // While the browser asks the person, the socket waits on them, not on NCALayer.
            // (A page of this computer is never asked: there the state stays undecided.)
            let asking =
                watch.as_ref().is_some_and(|w| w.access().will_ask()) && !page_on_this_computer();
            let limit = if asking {
                QUESTION_TIMEOUT
            } else {
                CONNECT_TIMEOUT
            };
            match connection.next_event(limit).await {
                Some(Event::Open | Event::Access) => continue,
                Some(Event::Message(greeting)) => {
                    return Some(protocol::decode_greeting(&greeting).map(|_| connection));
                }
                Some(Event::Closed) | None => return None,
            }
        }
    }

    /// Sends one request and waits for its reply (replies carry no id: strictly in turn).
    async fn call(&mut self, text: &str) -> Result<String, NcaError> {
        self.socket
            .send_with_str(text)
            .map_err(|_| NcaError::Closed)?;
        loop {
            match self.next_event(REQUEST_TIMEOUT).await {
                Some(Event::Message(reply)) => return Ok(reply),
                Some(Event::Open | Event::Access) => continue,
                Some(Event::Closed) => return Err(NcaError::Closed),
                None => return Err(NcaError::Timeout),
            }
        }
    }

    /// The next socket event, or `None` after `limit`.
    async fn next_event(&mut self, limit: Duration) -> Option<Event> {
        let timer = gloo_timers::future::sleep(limit);
        match select(self.events.next(), Box::pin(timer)).await {
            Either::Left((event, _)) => Some(event.unwrap_or(Event::Closed)),
            Either::Right(_) => None,
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        self.socket.set_onerror(None);
        let _ = self.socket.close();
    }
}

/// A client of one NCALayer address. Clones share the socket and the queue: a second request
/// waits until the first is answered.
#[derive(Clone)]
pub struct NcaLayer {
    url: String,
    connection: Rc<Mutex<Option<Connection>>>,
}

impl NcaLayer {
    /// A client of NCALayer at `url` (connects on first use).
    pub fn new(url: impl Into<String>) -> Self {
        NcaLayer {
            url: url.into(),
            connection: Rc::new(Mutex::new(None)),
        }
    }

    /// Opens the connection now, if it is not open: called first thing after the person's
    /// click, so that the browser, whose question needs a recent click, may ask them.
    pub async fn connect(&self) -> Result<(), NcaError> {
        let mut slot = self.connection.lock().await;
        if slot.is_none() {
            *slot = Some(Connection::open(&self.url).await?);
        }
        Ok(())
    }

    /// Asks NCALayer to sign; the person chooses the key and types its password there.
    pub async fn sign(&self, request: &SignRequest) -> Result<SignOutcome, NcaError> {
        let mut slot = self.connection.lock().await;
        if slot.is_none() {
            *slot = Some(Connection::open(&self.url).await?);
        }
        let Some(connection) = slot.as_mut() else {
            return Err(NcaError::NotRunning);
        };
        let outcome = connection
            .call(&protocol::encode_sign(request))
            .await
            .and_then(|reply| protocol::decode_sign_reply(&reply));
        // After a timeout a late reply could be taken for the next request's, and after a
        // garbled one the conversation is in an unknown state: start afresh next time.
        if matches!(
            outcome,
            Err(NcaError::Closed | NcaError::Timeout | NcaError::Garbage)
        ) {
            *slot = None;
        }
        outcome
    }
}

thread_local! {
    static SHARED: RefCell<Option<NcaLayer>> = const { RefCell::new(None) };
}

/// The app's one client, at the configured address (`zeinet:ncalayer-url`).
pub fn shared() -> NcaLayer {
    SHARED.with(|shared| {
        shared
            .borrow_mut()
            .get_or_insert_with(|| NcaLayer::new(crate::config::ncalayer_url()))
            .clone()
    })
}
