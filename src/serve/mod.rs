//! Serving the room over SSH: each table types `ssh -p 2222 red@LAPTOP`,
//! gives the room code as its password, and gets a screen.
//!
//! This module is the transport only. It accepts connections, checks the
//! room code, and then for each table that is in it reports a
//! [`TableEvent`]: [`Joined`](TableEvent::Joined) with the SSH user name and
//! terminal size, [`Input`](TableEvent::Input) with each key, paste and
//! resize as a crossterm [`Event`], [`Left`](TableEvent::Left) when the
//! connection ends. The app draws a table's screen through
//! [`Server::output`], a [`std::io::Write`] that a ratatui
//! `CrosstermBackend` can own. What a table may see and change is the app's
//! business, not this module's.
//!
//! # Threads
//!
//! The rest of the crate stays synchronous and sees only std types and
//! crossterm events. Inside, [`Server`] owns a current-thread tokio runtime
//! (russh needs one) running on one thread of its own, `roundtable-ssh`:
//!
//! - events go to the app over the [`std::sync::mpsc::Sender`] given to
//!   [`Server::start`], so the app's loop can wait on one channel for its own
//!   terminal and for every table;
//! - flushing a [`TableOutput`] hands the frame's bytes to the connection's
//!   writer task and returns at once; it never waits for the network;
//! - [`Server::close`] and the room code ([`RoomCode::set`]) are plain calls
//!   from any thread.
//!
//! Nothing polls: an idle connection is a socket read and one timer that
//! fires when its idle time is up, so forty idle tables use no CPU.
//! Dropping the [`Server`] (or [`Server::stop`]) tells every table the room
//! has closed and ends the thread.
//!
//! # Security
//!
//! - Crypto is russh's `ring` backend; nothing is linked from OpenSSL or
//!   aws-lc.
//! - Only `password` and `keyboard-interactive` authentication are offered,
//!   and both take the room code, compared in constant time
//!   ([`RoomCode::matches`]). Any user name is accepted here; the app decides
//!   what it means after [`TableEvent::Joined`]. Public keys are refused.
//! - Three wrong codes end the connection. More than ten wrong codes from one
//!   address within a minute shut that address out for a minute: its new
//!   connections are closed as they arrive and its open ones cannot sign in.
//!   Each wrong code is answered only after [`ServeConfig::reject_delay`].
//! - A connection gets one session channel, one pty and one shell, and
//!   nothing else: `exec`, subsystems (sftp), environment variables, agent
//!   and X11 forwarding, TCP forwarding both ways and every other channel
//!   type are refused with a failure reply and never acted on.
//! - Signing in is bounded as OpenSSH's sshd bounds it. A connection must
//!   greet the server in SSH within ten seconds and sign in within a
//!   minute. Connections that have not signed in have a budget of their own
//!   (`startups`: ten from one address, and past ten in all new ones are
//!   dropped at random, every one at a hundred; a connection that has said
//!   nothing for half a second makes way for a new one), apart from the
//!   [`ServeConfig::max_connections`] places for tables that have, so no
//!   number of idle connections keeps a table out. Connections that waste
//!   the server's time (silent, slow to sign in, gone without signing in)
//!   cost their address penalties that shut it out for a while (`guard`).
//!   A table that sends no input for [`ServeConfig::idle_timeout`] is closed.
//! - A table's terminal size is clamped to [`MAX_COLUMNS`] by [`MAX_ROWS`],
//!   so what its screen costs is bounded whatever it asks for, and a storm
//!   of window changes is one event for the app ([`Server::take_size`]).
//! - Input is bounded: undecoded bytes are kept only for one unfinished
//!   sequence (64 bytes) or one paste (10 000 characters, the rest is read
//!   and dropped), and what a table sends as text is cleaned of control
//!   characters and escape sequences ([`clean_text`]); so is its user name.
//!   Output to a table that stops reading is bounded too: past 1 MiB queued
//!   the connection is closed.
//! - The ed25519 host key is made once at [`ServeConfig::host_key`] with mode
//!   0600 and reused, so tables are not warned each session; a file there
//!   that is not such a key is an error naming it, never replaced.

mod code;
mod guard;
mod hostkey;
mod input;
mod startups;
mod table;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, mpsc};
use std::time::Duration;

use crossterm::event::Event;

pub use self::code::RoomCode;
pub use self::guard::Lockouts;
pub use self::input::{PASTE_MAX_CHARS, clean_text};
pub use self::table::{MAX_COLUMNS, MAX_ROWS, TableOutput};

/// Tables signed in at once unless the facilitator says otherwise.
pub const DEFAULT_MAX_CONNECTIONS: usize = 64;
/// A connection with no input for this long is closed.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(4 * 60 * 60);
/// How long a wrong room code waits before it is answered.
pub const DEFAULT_REJECT_DELAY: Duration = Duration::from_secs(1);

/// What [`Server::start`] needs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Where to listen; see [`parse_listen`].
    pub addr: SocketAddr,
    /// The code tables type as their password.
    pub code: RoomCode,
    /// Where the ed25519 host key is kept (made there on first start).
    pub host_key: PathBuf,
    /// Tables signed in at once. Connections still signing in have a
    /// budget of their own (see the module's security notes).
    pub max_connections: usize,
    /// A connection with no input for this long is closed.
    pub idle_timeout: Duration,
    /// How long a wrong code waits before it is answered, the same for
    /// every wrong code (it slows guessing; tests shorten it).
    pub reject_delay: Duration,
    /// Which addresses are shut out: shared with the phones' page when the
    /// room has one, so a wrong code on either counts for both.
    pub lockouts: Lockouts,
}

impl ServeConfig {
    /// A configuration with the default limits.
    pub fn new(addr: SocketAddr, code: RoomCode, host_key: impl Into<PathBuf>) -> ServeConfig {
        ServeConfig {
            addr,
            code,
            host_key: host_key.into(),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            reject_delay: DEFAULT_REJECT_DELAY,
            lockouts: Lockouts::default(),
        }
    }
}

/// Reads `--serve [ADDR:]PORT`: `2222` is every IPv4 address on port 2222,
/// `127.0.0.1:2222` and `[::]:2222` are as written.
pub fn parse_listen(text: &str) -> Result<SocketAddr, String> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<u16>()
            .map(|port| SocketAddr::from(([0, 0, 0, 0], port)))
            .map_err(|_| format!("port {text} is out of range: ports go up to 65535"));
    }
    text.parse::<SocketAddr>().map_err(|_| {
        format!("'{text}' is not [ADDR:]PORT: give a port such as 2222, or an address and port such as 192.168.1.20:2222 or [::]:2222")
    })
}

/// Identifies one connection for as long as the server runs; never reused.
pub type ConnId = u64;

/// What the server tells the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableEvent {
    /// A table signed in with the room code, asked for a terminal and a
    /// shell: it now waits for its screen. `user` is the SSH user name,
    /// cleaned of control characters and cut to 64 characters; `size` is
    /// (columns, rows), 80x24 if the client did not say.
    Joined { conn: ConnId, user: String, from: SocketAddr, size: (u16, u16) },
    /// A key, a paste (cleaned, at most [`PASTE_MAX_CHARS`]) or a resize
    /// (`Event::Resize(columns, rows)`) from a table that has joined.
    Input { conn: ConnId, event: Event },
    /// A table that had joined is gone, for whatever reason.
    Left { conn: ConnId },
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The address could not be listened on.
    Bind { addr: SocketAddr, source: std::io::Error },
    /// The host key could not be read or made.
    HostKey { path: PathBuf, reason: String },
    /// The server's thread or runtime could not be set up.
    Runtime(std::io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Bind { addr, source } => {
                let port = addr.port();
                match source.kind() {
                    std::io::ErrorKind::AddrInUse => write!(
                        f,
                        "cannot listen on {addr}: the port is in use (another Roundtable or SSH server?); try another port, such as {}",
                        if port == 2222 { 2223 } else { 2222 }
                    ),
                    std::io::ErrorKind::PermissionDenied => write!(
                        f,
                        "cannot listen on {addr}: permission denied{}",
                        if port < 1024 {
                            "; ports below 1024 need administrator rights, so use one such as 2222"
                        } else {
                            ""
                        }
                    ),
                    std::io::ErrorKind::AddrNotAvailable => {
                        write!(f, "cannot listen on {addr}: that address is not one of this machine's")
                    }
                    _ => write!(f, "cannot listen on {addr}: {source}"),
                }
            }
            ServeError::HostKey { path, reason } => write!(f, "SSH host key {}: {reason}", path.display()),
            ServeError::Runtime(e) => write!(f, "cannot start the SSH server: {e}"),
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Bind { source, .. } | ServeError::Runtime(source) => Some(source),
            ServeError::HostKey { .. } => None,
        }
    }
}

/// What the server's thread and the app's thread share.
pub(crate) struct Shared {
    pub(crate) code: RoomCode,
    pub(crate) events: mpsc::Sender<TableEvent>,
    pub(crate) conns: Mutex<std::collections::HashMap<ConnId, table::Entry>>,
    pub(crate) lockouts: Lockouts,
    pub(crate) startups: Mutex<startups::Startups>,
    /// Connections open, signed in or not.
    pub(crate) open: AtomicUsize,
    /// Connections signed in: the tables' places taken.
    pub(crate) tables: AtomicUsize,
    pub(crate) next_id: AtomicU64,
    pub(crate) max_connections: usize,
    pub(crate) idle_timeout: Duration,
}

/// A lock that a panic elsewhere does not poison for good: every value
/// behind one is consistent after each statement.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running SSH server. Dropping it closes every connection and stops it.
pub struct Server {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    fingerprint: String,
    stop: Arc<tokio::sync::Notify>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Loads (or makes) the host key, listens on `config.addr`, and serves
    /// on a thread of its own until dropped; events go to `events`.
    #[allow(clippy::needless_pass_by_value, reason = "the server is given its configuration to keep")]
    pub fn start(config: ServeConfig, events: mpsc::Sender<TableEvent>) -> Result<Server, ServeError> {
        let key = hostkey::load_or_create(&config.host_key)?;
        let fingerprint = hostkey::fingerprint(&key);
        let listener = std::net::TcpListener::bind(config.addr)
            .map_err(|source| ServeError::Bind { addr: config.addr, source })?;
        let local_addr = listener.local_addr().map_err(ServeError::Runtime)?;
        listener.set_nonblocking(true).map_err(ServeError::Runtime)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(ServeError::Runtime)?;
        let listener = {
            let _inside = runtime.enter();
            tokio::net::TcpListener::from_std(listener).map_err(ServeError::Runtime)?
        };
        let shared = Arc::new(Shared {
            code: config.code.clone(),
            events,
            conns: Mutex::default(),
            lockouts: config.lockouts.clone(),
            startups: Mutex::default(),
            open: AtomicUsize::new(0),
            tables: AtomicUsize::new(0),
            next_id: AtomicU64::new(1),
            max_connections: config.max_connections,
            idle_timeout: config.idle_timeout,
        });
        let ssh = Arc::new(table::ssh_config(key, &config));
        let stop = Arc::new(tokio::sync::Notify::new());
        let thread = std::thread::Builder::new()
            .name("roundtable-ssh".into())
            .spawn({
                let (shared, stop) = (shared.clone(), stop.clone());
                move || runtime.block_on(table::serve(listener, ssh, shared, stop))
            })
            .map_err(ServeError::Runtime)?;
        tracing::info!("serving the room over SSH on {local_addr}, host key {fingerprint}");
        Ok(Server { shared, local_addr, fingerprint, stop, thread: Some(thread) })
    }

    /// The address listened on, with the port the system chose if it was 0.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The host key's fingerprint as `ssh` prints it (`SHA256:...`), for
    /// tables to check on first connection.
    pub fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    /// The room code the server checks; setting it here changes it live.
    pub fn code(&self) -> &RoomCode {
        &self.shared.code
    }

    /// Where to draw a table's screen: bytes written are kept until
    /// `flush`, which sends them to the table without waiting. Writing to a
    /// connection that has gone (or never joined) fails with `BrokenPipe`
    /// or `NotConnected` at flush.
    pub fn output(&self, conn: ConnId) -> TableOutput {
        let outbox = lock(&self.shared.conns).get(&conn).and_then(|entry| entry.outbox.clone());
        TableOutput::new(conn, outbox)
    }

    /// Disconnects a table once the bytes already flushed to it are sent.
    /// [`TableEvent::Left`] follows.
    pub fn close(&self, conn: ConnId) {
        if let Some(entry) = lock(&self.shared.conns).get(&conn) {
            entry.close("Roundtable closed this connection.");
        }
    }

    /// Connections open now, signed in or not.
    pub fn connections(&self) -> usize {
        self.shared.open.load(Ordering::SeqCst)
    }

    /// Connections open now that have not signed in.
    pub fn signing_in(&self) -> usize {
        lock(&self.shared.startups).len()
    }

    /// The newest terminal size a table gave, clamped to what a screen can
    /// use. A table's window changes are announced by one
    /// [`TableEvent::Input`] with an `Event::Resize` until this is called:
    /// a storm of them costs the app one event, and the size it reads here
    /// is the last one. `None` if the connection has gone.
    pub fn take_size(&self, conn: ConnId) -> Option<(u16, u16)> {
        let conns = lock(&self.shared.conns);
        Some(conns.get(&conn)?.ctl.take_size())
    }

    /// Closes every connection and stops serving (as dropping does).
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        self.stop.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
            tracing::info!("stopped serving the room on {}", self.local_addr);
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
        f.debug_struct("Server")
            .field("local_addr", &self.local_addr)
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

/// This machine's addresses that a table could reach, for the line the
/// room screen shows: IPv4 first, then IPv6; no loopback, no link-local,
/// and no container or virtual-machine bridges (docker, veth, virbr...).
pub fn network_addresses() -> Vec<IpAddr> {
    const BRIDGES: [&str; 8] = ["docker", "br-", "veth", "virbr", "vboxnet", "vmnet", "cni", "podman"];
    let Ok(interfaces) = if_addrs::get_if_addrs() else { return Vec::new() };
    let mut addresses: Vec<IpAddr> = interfaces
        .iter()
        .filter(|i| !i.is_loopback() && !i.is_link_local())
        .filter(|i| !BRIDGES.iter().any(|b| i.name.starts_with(b)))
        .map(if_addrs::Interface::ip)
        .collect();
    addresses.sort_by_key(std::net::IpAddr::is_ipv6);
    addresses.dedup();
    addresses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_port_listens_everywhere_on_ipv4() {
        assert_eq!(parse_listen("2222"), Ok(SocketAddr::from(([0, 0, 0, 0], 2222))));
        assert_eq!(parse_listen(" 0 "), Ok(SocketAddr::from(([0, 0, 0, 0], 0))));
    }

    #[test]
    fn an_address_and_port_are_taken_as_written() {
        assert_eq!(parse_listen("127.0.0.1:2222"), Ok(SocketAddr::from(([127, 0, 0, 1], 2222))));
        assert_eq!(parse_listen("[::1]:2222"), Ok("[::1]:2222".parse().unwrap()));
    }

    #[test]
    fn a_bad_listen_says_what_it_wants() {
        assert!(parse_listen("70000").unwrap_err().contains("65535"));
        assert!(parse_listen("red:22").unwrap_err().contains("[ADDR:]PORT"));
        assert!(parse_listen("").is_err());
        assert!(parse_listen("::1").is_err());
    }

    #[test]
    fn bind_errors_name_the_address_and_the_cause() {
        let addr = SocketAddr::from(([0, 0, 0, 0], 22));
        let denied = ServeError::Bind { addr, source: std::io::ErrorKind::PermissionDenied.into() };
        assert!(denied.to_string().contains("0.0.0.0:22") && denied.to_string().contains("below 1024"));
        let in_use = ServeError::Bind { addr, source: std::io::ErrorKind::AddrInUse.into() };
        assert!(in_use.to_string().contains("in use"));
    }

    #[test]
    fn network_addresses_are_never_loopback() {
        assert!(network_addresses().iter().all(|ip| !ip.is_loopback()));
    }
}
