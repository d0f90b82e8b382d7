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

enum Event {
    Open,
    Message(String),
    Closed,
}

/// An open, greeted socket with its event stream.
struct Connection {
    socket: WebSocket,
    events: mpsc::UnboundedReceiver<Event>,
    _handlers: [Closure<dyn FnMut(web_sys::Event)>; 3],
}

impl Connection {
    async fn open(url: &str) -> Result<Connection, NcaError> {
        let socket = WebSocket::new(url).map_err(|_| NcaError::NotRunning)?;
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
        let mut connection = Connection {
            socket,
            events,
            _handlers: [on_open, on_message, on_close],
        };
        loop {
            match connection.next_event(CONNECT_TIMEOUT).await {
                Some(Event::Open) => continue,
                Some(Event::Message(greeting)) => {
                    protocol::decode_greeting(&greeting)?;
                    return Ok(connection);
                }
                Some(Event::Closed) | None => return Err(NcaError::NotRunning),
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
                Some(Event::Open) => continue,
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
