//! The phones' page: with `--web PORT` everyone in the room can join their
//! table from a phone's browser, with the room code, and nothing
//! installed.
//!
//! This module is a transport, as [`crate::serve`] is for SSH: it turns
//! what a phone posts into a [`Change`] made by an [`Actor::Person`], and
//! draws pages from a [`PageView`]. It holds no rules of the room: every
//! change goes to the app's loop as a [`PhoneEvent`], on the same inbox
//! the SSH tables' input takes, and is made there through
//! `Session::apply`, whose permission table decides what a person may do
//! (their own table's work); the answer comes back to the phone. The app
//! publishes a new [`PageView`] after every change ([`Server::publish`]),
//! and each phone's live-update stream says that the page has changed,
//! when what that phone's page shows has.
//!
//! # Threads
//!
//! The rest of the crate stays synchronous. [`Server`] owns a
//! current-thread tokio runtime on a thread of its own, `roundtable-web`,
//! serving HTTP/1 with axum. The app's loop hears from it over the
//! [`std::sync::mpsc::Sender`] given to [`Server::start`]; a post waits for
//! the loop's answer (at most [`ANSWER_WITHIN`]), never the other way
//! round. Publishing a view is a plain call that never waits. Nothing
//! polls: an idle page is a socket, and a live-update stream wakes only
//! for a change and for a keep-alive every [`KEEP_ALIVE`].
//!
//! # Security
//!
//! The page is plain HTTP on the room's network: anyone in the room can
//! see the traffic, so the room code is as secret as the room it is shown
//! in, and the page asks for no names and holds nothing personal.
//!
//! - The room code is the SSH room's ([`RoomCode`]: compared in constant
//!   time) and so are the lock-outs per address ([`Lockouts`]): more than
//!   ten wrong codes a minute from one address, typed on either, shut it
//!   out of both for a minute. Each wrong code is answered only after
//!   [`WebConfig::reject_delay`].
//! - A person who gives the code gets a random 256-bit token in a cookie
//!   (`HttpOnly`, `SameSite=Strict`, `Path=/`); it names them to this
//!   process only and is an [`Actor::Person`] at the table they chose.
//! - Every form carries a second random token of the person's, which
//!   another site cannot read, and a post whose `Origin` or
//!   `Sec-Fetch-Site` says it came from elsewhere is refused (403).
//! - Every response carries a Content-Security-Policy that allows no
//!   inline script or style (`default-src 'self'`), `nosniff`, no
//!   referrer, and no framing. Pages are HTML written with maud, which
//!   escapes every value.
//! - Request bodies are bounded ([`BODY_MAX`] bytes: 413 beyond), posts
//!   are rate-limited per person and per address (429), open connections
//!   per address and in all are bounded, a connection that passes nothing
//!   for [`IDLE`] is closed, and so are the people and
//!   live-update streams remembered. Text is cleaned by the domain's
//!   sanitizer and cut to a few hundred characters
//!   ([`page::BARRIER_MAX_CHARS`], [`page::ANSWER_MAX_CHARS`]).

mod door;
mod limits;
pub mod page;
mod people;
mod routes;
pub mod view;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use crate::domain::change::{Actor, Change};
use crate::serve::{Lockouts, RoomCode, lock};

pub use self::people::PersonId;
pub use self::view::PageView;

/// The largest request body read, in bytes: a barrier form is a few
/// hundred; the close's form, its answers written in a script whose
/// letters each take nine bytes once encoded, a few thousand.
pub const BODY_MAX: usize = 16 * 1024;
/// How long a post waits for the app's answer before telling the phone to
/// try again.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(5);
/// How often an idle live-update stream says it is still there (and finds
/// out whether the phone is).
pub const KEEP_ALIVE: Duration = Duration::from_secs(20);
/// How long a connection may pass nothing either way before it is closed:
/// longer than a live-update stream's keep-alive, so that only a
/// connection that has gone quiet (or was opened to hold a socket) goes.
pub const IDLE: Duration = Duration::from_secs(3 * KEEP_ALIVE.as_secs());
/// How long a wrong room code waits before it is answered, as over SSH.
pub const DEFAULT_REJECT_DELAY: Duration = crate::serve::DEFAULT_REJECT_DELAY;

/// What [`Server::start`] needs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Where to listen; see [`crate::serve::parse_listen`].
    pub addr: SocketAddr,
    /// The room code: the SSH room's, when the room has one.
    pub code: RoomCode,
    /// Which addresses are shut out: the SSH room's, when it has one.
    pub lockouts: Lockouts,
    /// How long a wrong code waits before it is answered (tests shorten it).
    pub reject_delay: Duration,
    /// How long a connection may pass nothing either way before it is
    /// closed (tests shorten it).
    pub idle: Duration,
}

impl WebConfig {
    pub fn new(addr: SocketAddr, code: RoomCode, lockouts: Lockouts) -> WebConfig {
        WebConfig { addr, code, lockouts, reject_delay: DEFAULT_REJECT_DELAY, idle: IDLE }
    }
}

/// What the page tells the app.
#[derive(Debug)]
pub enum PhoneEvent {
    /// A person asks for a change; the app answers on `reply` with what it
    /// did or why not.
    Change { by: Actor, change: Box<Change>, reply: Reply },
    /// How many people are on the page at each table (group id, count)
    /// has changed; tables with nobody are left out.
    Present(Vec<(u32, usize)>),
}

/// Where the app's answer to a change goes: what it did, or why it was
/// refused, in words for the person.
#[derive(Debug)]
pub struct Reply(tokio::sync::oneshot::Sender<Result<String, String>>);

impl Reply {
    /// A reply, and where its answer arrives.
    pub(crate) fn new() -> (Reply, tokio::sync::oneshot::Receiver<Result<String, String>>) {
        let (tx, rx) = tokio::sync::oneshot::channel();
        (Reply(tx), rx)
    }

    /// Answers the phone; a phone that has stopped waiting is not told.
    pub fn send(self, answer: Result<String, String>) {
        let _ = self.0.send(answer);
    }
}

/// Why the server could not start.
#[derive(Debug)]
pub enum WebError {
    /// The address could not be listened on.
    Bind { addr: SocketAddr, source: std::io::Error },
    /// The server's thread or runtime could not be set up.
    Runtime(std::io::Error),
}

impl std::fmt::Display for WebError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebError::Bind { addr, source } => match source.kind() {
                std::io::ErrorKind::AddrInUse => write!(
                    f,
                    "cannot serve the phones' page on {addr}: the port is in use (another Roundtable or web server?); try another, such as {}",
                    if addr.port() == 8080 { 8081 } else { 8080 }
                ),
                std::io::ErrorKind::PermissionDenied if addr.port() < 1024 => write!(
                    f,
                    "cannot serve the phones' page on {addr}: ports below 1024 need administrator rights, so use one such as 8080"
                ),
                std::io::ErrorKind::AddrNotAvailable => {
                    write!(f, "cannot serve the phones' page on {addr}: that address is not one of this machine's")
                }
                _ => write!(f, "cannot serve the phones' page on {addr}: {source}"),
            },
            WebError::Runtime(e) => write!(f, "cannot start the phones' page: {e}"),
        }
    }
}

impl std::error::Error for WebError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebError::Bind { source, .. } | WebError::Runtime(source) => Some(source),
        }
    }
}

/// What the server's thread and the app's thread share.
pub(crate) struct Shared {
    pub(crate) code: RoomCode,
    pub(crate) lockouts: Lockouts,
    pub(crate) reject_delay: Duration,
    pub(crate) idle: Duration,
    pub(crate) events: mpsc::Sender<PhoneEvent>,
    /// The newest view; each live-update stream watches it.
    pub(crate) view: tokio::sync::watch::Sender<Arc<PageView>>,
    pub(crate) people: Mutex<people::People>,
    pub(crate) posts: Mutex<limits::AddressLimits>,
    /// Wakes the task that counts who is on the page.
    pub(crate) presence: tokio::sync::Notify,
    pub(crate) doors: Mutex<door::Open>,
}

impl Shared {
    /// Tells the app how many people are on the page at each table, if
    /// that has changed.
    pub(crate) fn tell_presence(&self) {
        let news = lock(&self.people).presence_news(std::time::Instant::now());
        if let Some(present) = news {
            let _ = self.events.send(PhoneEvent::Present(present.into_iter().collect()));
        }
    }

    /// Someone joined, left, or opened or closed a page: the app is told,
    /// and the count's timer set again.
    pub(crate) fn presence_changed(&self) {
        self.tell_presence();
        self.presence.notify_one();
    }
}

/// A running web server. Dropping it stops it.
pub struct Server {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    closing: tokio::sync::watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Listens on `config.addr` and serves the page on a thread of its own
    /// until dropped; what phones ask of the room goes to `events`.
    pub fn start(config: WebConfig, events: mpsc::Sender<PhoneEvent>) -> Result<Server, WebError> {
        let listener =
            std::net::TcpListener::bind(config.addr).map_err(|source| WebError::Bind { addr: config.addr, source })?;
        let local_addr = listener.local_addr().map_err(WebError::Runtime)?;
        listener.set_nonblocking(true).map_err(WebError::Runtime)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(WebError::Runtime)?;
        let listener = {
            let _inside = runtime.enter();
            tokio::net::TcpListener::from_std(listener).map_err(WebError::Runtime)?
        };
        let shared = Arc::new(Shared {
            code: config.code,
            lockouts: config.lockouts,
            reject_delay: config.reject_delay,
            idle: config.idle,
            events,
            view: tokio::sync::watch::Sender::new(Arc::new(PageView::default())),
            people: Mutex::default(),
            posts: Mutex::default(),
            presence: tokio::sync::Notify::new(),
            doors: Mutex::default(),
        });
        let (closing, closed) = tokio::sync::watch::channel(false);
        let thread = std::thread::Builder::new()
            .name("roundtable-web".into())
            .spawn({
                let shared = shared.clone();
                move || runtime.block_on(routes::serve(listener, shared, closed))
            })
            .map_err(WebError::Runtime)?;
        tracing::info!("serving the phones' page on http://{local_addr}");
        Ok(Server { shared, local_addr, closing, thread: Some(thread) })
    }

    /// The address listened on, with the port the system chose if it was 0.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Shows `view` on every phone from now on: pages drawn after this
    /// call show it, and each open page is told it has changed. A view
    /// that shows the same as the last one changes nothing.
    pub fn publish(&self, view: PageView) {
        self.shared.view.send_if_modified(|current| {
            if view.shows_the_same_as(current) {
                return false;
            }
            *current = Arc::new(PageView { version: current.version + 1, ..view });
            true
        });
    }

    /// The view phones are shown now.
    pub fn published(&self) -> Arc<PageView> {
        self.shared.view.borrow().clone()
    }

    /// Stops serving (as dropping does): open pages are cut off.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        self.closing.send_replace(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
            tracing::info!("stopped serving the phones' page on {}", self.local_addr);
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shut_down();
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("local_addr", &self.local_addr).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_errors_name_the_address_and_what_to_do() {
        let addr = SocketAddr::from(([0, 0, 0, 0], 8080));
        let in_use = WebError::Bind { addr, source: std::io::ErrorKind::AddrInUse.into() };
        assert!(in_use.to_string().contains("in use") && in_use.to_string().contains("8081"));
        let low = SocketAddr::from(([0, 0, 0, 0], 80));
        let denied = WebError::Bind { addr: low, source: std::io::ErrorKind::PermissionDenied.into() };
        assert!(denied.to_string().contains("below 1024"));
    }
}
