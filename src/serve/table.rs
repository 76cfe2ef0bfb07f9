//! One connection: the accept loop, signing in, the one shell a table gets,
//! its input and its output. Everything here runs on the server's thread.

use std::borrow::Cow;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::keys::PrivateKey;
use russh::server::{Auth, ChannelOpenHandle, Config, Handler, Msg, Response, Session, run_stream};
use russh::{Channel, ChannelId, ChannelOpenFailure, Disconnect, MethodKind, MethodSet, Pty};
use tokio::sync::Notify;
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::guard::Penalty;
use super::input::{Budget, Decoder, clean_text};
use super::startups::Admission;
use super::{ConnId, ServeConfig, Shared, TableEvent, lock};

/// Wrong codes a connection may give; the last ends it.
const MAX_TRIES: u32 = 3;
/// Time to send the SSH greeting, which every client sends at once.
const BANNER_GRACE: Duration = Duration::from_secs(10);
/// Time to sign in and ask for a shell (OpenSSH's `LoginGraceTime` is two
/// minutes; a table types one short code).
const LOGIN_GRACE: Duration = Duration::from_secs(60);
/// The largest terminal a table's screen is drawn for; a larger one gets
/// its screen in the top left corner. Beyond any real screen's use, and
/// small enough that what a table's screen holds stays bounded.
pub const MAX_COLUMNS: u16 = 400;
/// See [`MAX_COLUMNS`].
pub const MAX_ROWS: u16 = 150;
/// Time a closing connection gets to hear why, and to go, before it is cut.
const CLOSE_GRACE: Duration = Duration::from_secs(2);
/// Bytes flushed to a table and not yet sent before it counts as stuck.
const OUTPUT_MAX: usize = 1 << 20;
/// The longest user name kept.
const USER_MAX_CHARS: usize = 64;

/// russh's settings for the room.
pub(super) fn ssh_config(key: PrivateKey, config: &ServeConfig) -> Config {
    Config {
        server_id: russh::SshId::Standard(Cow::Borrowed("SSH-2.0-Roundtable")),
        methods: MethodSet::from(&[MethodKind::Password, MethodKind::KeyboardInteractive][..]),
        auth_rejection_time: config.reject_delay,
        // OpenSSH first asks with "none" to learn the methods: answer at once.
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![key],
        // Counted here are all rejections, "none" and public keys offered by
        // an agent included; wrong codes are counted by `Table`.
        max_auth_attempts: 20,
        // A backstop only: russh counts output as activity, so the idle
        // rule (input only) is `watch`'s.
        inactivity_timeout: Some(config.idle_timeout.max(LOGIN_GRACE)),
        nodelay: true,
        ..Config::default()
    }
}

/// Accepts connections until `stop` is notified, then closes them all.
pub(super) async fn serve(listener: tokio::net::TcpListener, ssh: Arc<Config>, shared: Arc<Shared>, stop: Arc<Notify>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            () = stop.notified() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let now = std::time::Instant::now();
                    // Refusals are plain text before the SSH greeting: `ssh
                    // -v` logs it, `nc` shows it. Each is logged at debug
                    // level only: a flood of them must not flood the log.
                    if lock(shared.lockouts.guard()).is_shut_out(peer.ip(), now) {
                        tracing::debug!("refused a connection from {peer}: the address is shut out for a while");
                        let _ = stream.try_write(b"Roundtable: this address is shut out for a while. Wait a minute.\r\n");
                        continue;
                    }
                    let conn = shared.next_id.fetch_add(1, Ordering::SeqCst);
                    let admission = lock(&shared.startups).admit(conn, peer.ip(), now, roll());
                    match admission {
                        Admission::Refuse(why) => {
                            tracing::debug!("refused a connection from {peer}: {why:?}");
                            let _ = stream.try_write(why.text().as_bytes());
                            continue;
                        }
                        Admission::AdmitInPlaceOf(silent, from) => {
                            tracing::debug!("closed silent connection {silent} from {from} to make room for one from {peer}");
                            if let Some(entry) = lock(&shared.conns).get(&silent) {
                                entry.ctl.kick("");
                            }
                            if lock(shared.lockouts.guard()).penalise(from, Penalty::LeftUnsigned, now) {
                                tracing::warn!("shut out {from} for a while: it keeps opening connections that say nothing");
                            }
                        }
                        Admission::Admit => {}
                    }
                    shared.open.fetch_add(1, Ordering::SeqCst);
                    tracing::debug!("connection {conn} from {peer}");
                    connections.spawn(connection(stream, peer, conn, ssh.clone(), shared.clone()));
                }
                // Out of file descriptors and the like: wait, do not spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            },
        }
    }
    // Through each table's outbox, so that what the app last sent (its
    // goodbye, the terminal put back) arrives before the connection ends.
    for entry in lock(&shared.conns).values() {
        entry.close("The room has closed. Thank you.");
    }
    let _ = tokio::time::timeout(CLOSE_GRACE * 2, async { while connections.join_next().await.is_some() {} }).await;
}

/// A number from 0 to 99, drawn at random, for dropping connections at
/// random as `MaxStartups` does.
fn roll() -> usize {
    use ring::rand::SecureRandom;
    let mut byte = [0u8; 2];
    let _ = ring::rand::SystemRandom::new().fill(&mut byte);
    usize::from(u16::from_le_bytes(byte)) % 100
}

/// One connection from its first byte to its last.
async fn connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    conn: ConnId,
    ssh: Arc<Config>,
    shared: Arc<Shared>,
) {
    let ctl = Arc::new(Ctl::default());
    let slot = Slot { shared: shared.clone(), conn, ctl: ctl.clone() };
    // A second handle on the socket, to cut it if the client does not go.
    let Ok((stream, cutter)) = split_off_cutter(stream) else { return };
    lock(&shared.conns).insert(conn, Entry { ctl: ctl.clone(), outbox: None });
    let stream = Heard { stream, shared: shared.clone(), ctl: ctl.clone(), conn };
    let table = Table {
        shared: shared.clone(),
        ctl: ctl.clone(),
        conn,
        peer,
        user: None,
        wrong: 0,
        channel: None,
        size: None,
        joined: false,
        decoder: Decoder::default(),
        budget: Budget::new(std::time::Instant::now()),
    };

    let handle: Mutex<Option<russh::server::Handle>> = Mutex::new(None);
    let run = async {
        let Ok(session) = run_stream(ssh, stream, table).await else { return };
        *lock(&handle) = Some(session.handle());
        let _ = session.await;
    };
    tokio::pin!(run);
    let (reason, penalty) = tokio::select! {
        () = &mut run => (None, None),
        reason = ctl.kicked() => (Some(reason), None),
        (reason, penalty) = watch(&ctl, shared.idle_timeout) => (Some(reason), penalty),
    };
    let penalty = penalty.or_else(|| {
        let spoke = ctl.heard.load(Ordering::SeqCst) && !ctl.signed_in.load(Ordering::SeqCst);
        // A connection closed to make room, or for wrong codes, pays no more.
        (spoke && reason.is_none()).then_some(Penalty::LeftUnsigned)
    });
    if let Some(penalty) = penalty {
        let ip = peer.ip();
        if lock(shared.lockouts.guard()).penalise(ip, penalty, std::time::Instant::now()) {
            tracing::warn!("shut out {ip} for a while: its connections keep signing in to nothing");
        }
    }
    if let Some(reason) = reason {
        if !reason.is_empty() {
            tracing::info!("closing connection {conn} from {peer}: {reason}");
        }
        let handle = lock(&handle).take();
        if let Some(handle) = handle {
            let _ = tokio::time::timeout(CLOSE_GRACE, async {
                let _ = handle.disconnect(Disconnect::ByApplication, reason, String::new()).await;
                run.await;
            })
            .await;
        }
    }
    let _ = cutter.shutdown(std::net::Shutdown::Both);

    ctl.gone.store(true, Ordering::SeqCst);
    if let Some(entry) = lock(&shared.conns).remove(&conn)
        && let Some(outbox) = entry.outbox
    {
        outbox.gone();
    }
    // Counted out before `Left`, so the app sees the room's new count.
    drop(slot);
    if ctl.joined.load(Ordering::SeqCst) {
        tracing::info!("table {conn} from {peer} left");
        let _ = shared.events.send(TableEvent::Left { conn });
    } else {
        tracing::debug!("connection {conn} from {peer} ended without joining");
    }
}

/// Resolves when the connection has not greeted the server in time, has
/// not signed in in time, or has been idle too long; with what its address
/// pays for it. Wakes only at those deadlines (each later than the one
/// before, as the connection gets further).
async fn watch(ctl: &Ctl, idle: Duration) -> (String, Option<Penalty>) {
    let started = Instant::now();
    loop {
        let last_input = *lock(&ctl.last_input);
        let (deadline, why) = if !ctl.heard.load(Ordering::SeqCst) {
            (started + BANNER_GRACE.min(idle), Deadline::Greeting)
        } else if let Some(last) = last_input {
            (last + idle, Deadline::Idle)
        } else {
            (started + LOGIN_GRACE.min(idle), Deadline::SignIn)
        };
        if Instant::now() >= deadline {
            return match why {
                Deadline::Greeting => (String::new(), Some(Penalty::Silent)),
                Deadline::SignIn => (
                    "Closed: signing in took too long.".into(),
                    (!ctl.signed_in.load(Ordering::SeqCst)).then_some(Penalty::SlowToSignIn),
                ),
                Deadline::Idle => {
                    ("Closed after a long time with no keys pressed. Connect again to carry on.".into(), None)
                }
            };
        }
        tokio::time::sleep_until(deadline).await;
    }
}

enum Deadline {
    Greeting,
    SignIn,
    Idle,
}

/// The connection's stream, noting the first bytes it brings: a connection
/// that has said something is no longer silent ([`super::startups`]).
struct Heard {
    stream: tokio::net::TcpStream,
    shared: Arc<Shared>,
    ctl: Arc<Ctl>,
    conn: ConnId,
}

impl tokio::io::AsyncRead for Heard {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = std::pin::Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before && !self.ctl.heard.swap(true, Ordering::SeqCst) {
            lock(&self.shared.startups).heard(self.conn);
        }
        polled
    }
}

impl tokio::io::AsyncWrite for Heard {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

fn split_off_cutter(stream: tokio::net::TcpStream) -> std::io::Result<(tokio::net::TcpStream, std::net::TcpStream)> {
    let _ = stream.set_nodelay(true);
    let stream = stream.into_std()?;
    let cutter = stream.try_clone()?;
    Ok((tokio::net::TcpStream::from_std(stream)?, cutter))
}

/// Counts the connection as open while it lives, and as signing in until
/// it has signed in.
struct Slot {
    shared: Arc<Shared>,
    conn: ConnId,
    ctl: Arc<Ctl>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        lock(&self.shared.startups).done(self.conn);
        if self.ctl.signed_in.load(Ordering::SeqCst) {
            self.shared.tables.fetch_sub(1, Ordering::SeqCst);
        }
        self.shared.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A connection as the server's map holds it.
pub(crate) struct Entry {
    pub(crate) ctl: Arc<Ctl>,
    /// Set when the table has joined.
    pub(crate) outbox: Option<Arc<Outbox>>,
}

impl Entry {
    /// Closes the connection after what has been flushed to it.
    pub(crate) fn close(&self, reason: &str) {
        match &self.outbox {
            Some(outbox) => outbox.close(reason),
            None => self.ctl.kick(reason),
        }
    }
}

/// Ways to end a connection from outside its handler, and what it needs
/// to know about itself.
#[derive(Default)]
pub(crate) struct Ctl {
    kick: Notify,
    reason: Mutex<Option<String>>,
    /// When the table last typed; `None` until it signs in.
    last_input: Mutex<Option<Instant>>,
    /// It has said something (the SSH greeting, at least).
    heard: AtomicBool,
    /// It gave the room code, and holds one of the tables' places.
    signed_in: AtomicBool,
    joined: AtomicBool,
    gone: AtomicBool,
    /// The newest terminal size it gave, and whether the app has yet to
    /// take it ([`super::Server::take_size`]).
    size: Mutex<(u16, u16)>,
    resize_pending: AtomicBool,
}

impl Ctl {
    /// Ends the connection, telling the client `reason`.
    pub(crate) fn kick(&self, reason: &str) {
        lock(&self.reason).get_or_insert_with(|| reason.to_string());
        self.kick.notify_one();
    }

    async fn kicked(&self) -> String {
        self.kick.notified().await;
        lock(&self.reason).take().unwrap_or_default()
    }

    fn touch(&self) {
        *lock(&self.last_input) = Some(Instant::now());
    }

    /// The newest terminal size the table gave, marking it taken: the next
    /// window change is announced again.
    pub(crate) fn take_size(&self) -> (u16, u16) {
        self.resize_pending.store(false, Ordering::SeqCst);
        *lock(&self.size)
    }
}

/// Bytes flushed to one table and not yet handed to russh.
pub(crate) struct Outbox {
    state: Mutex<OutState>,
    wake: Notify,
    ctl: Arc<Ctl>,
}

#[derive(Default)]
struct OutState {
    bytes: Vec<u8>,
    closing: Option<String>,
    gone: bool,
}

impl Outbox {
    fn new(ctl: Arc<Ctl>) -> Outbox {
        Outbox { state: Mutex::default(), wake: Notify::new(), ctl }
    }

    fn push(&self, bytes: &[u8]) -> std::io::Result<()> {
        let mut state = lock(&self.state);
        if state.gone || state.closing.is_some() {
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        if state.bytes.len() + bytes.len() > OUTPUT_MAX {
            state.gone = true;
            drop(state);
            self.ctl.kick("Closed: this connection was not keeping up with the screen.");
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        state.bytes.extend_from_slice(bytes);
        drop(state);
        self.wake.notify_one();
        Ok(())
    }

    fn close(&self, reason: &str) {
        lock(&self.state).closing.get_or_insert_with(|| reason.to_string());
        self.wake.notify_one();
    }

    fn gone(&self) {
        lock(&self.state).gone = true;
        self.wake.notify_one();
    }

    /// Waits until the connection has ended.
    async fn until_gone(&self) {
        loop {
            let notified = self.wake.notified();
            if lock(&self.state).gone {
                return;
            }
            notified.await;
        }
    }

    /// Sends what is flushed, in order, until the connection goes; after a
    /// close, sends what is left and then ends the connection.
    async fn pump(self: Arc<Self>, handle: russh::server::Handle, channel: ChannelId) {
        loop {
            let (bytes, closing) = {
                let mut state = lock(&self.state);
                if state.gone {
                    return;
                }
                (std::mem::take(&mut state.bytes), state.closing.clone())
            };
            if !bytes.is_empty() {
                if handle.data(channel, bytes).await.is_err() {
                    return;
                }
            } else if let Some(reason) = closing {
                // The channel is ended first, after the data already handed
                // over, so the table's client shows the farewell and leaves
                // by itself; a disconnect straight away could overtake it.
                let _ = handle.eof(channel).await;
                let _ = handle.close(channel).await;
                let _ = tokio::time::timeout(CLOSE_GRACE, self.until_gone()).await;
                self.ctl.kick(&reason);
                return;
            } else {
                self.wake.notified().await;
            }
        }
    }
}

/// Where the app draws one table's screen. Bytes written are kept until
/// [`flush`](std::io::Write::flush), which hands them to the connection
/// and returns without waiting for the network.
#[derive(Clone)]
pub struct TableOutput {
    conn: ConnId,
    outbox: Option<Arc<Outbox>>,
    buffer: Vec<u8>,
}

impl TableOutput {
    pub(super) fn new(conn: ConnId, outbox: Option<Arc<Outbox>>) -> TableOutput {
        TableOutput { conn, outbox, buffer: Vec::new() }
    }

    /// The connection this writes to.
    pub fn conn(&self) -> ConnId {
        self.conn
    }
}

impl std::fmt::Debug for TableOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableOutput")
            .field("conn", &self.conn)
            .field("buffered", &self.buffer.len())
            .finish_non_exhaustive()
    }
}

impl std::io::Write for TableOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.buffer.len() + buf.len() > OUTPUT_MAX {
            return Err(std::io::Error::other("a frame larger than 1 MiB"));
        }
        self.buffer.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let Some(outbox) = &self.outbox else { return Err(std::io::ErrorKind::NotConnected.into()) };
        if !self.buffer.is_empty() {
            outbox.push(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(())
    }
}

/// russh's handler for one connection.
struct Table {
    shared: Arc<Shared>,
    ctl: Arc<Ctl>,
    conn: ConnId,
    peer: SocketAddr,
    /// Set once the room code was right.
    user: Option<String>,
    wrong: u32,
    /// The one session channel.
    channel: Option<ChannelId>,
    /// From the pty request.
    size: Option<(u16, u16)>,
    joined: bool,
    decoder: Decoder,
    budget: Budget,
}

impl Table {
    fn check(&mut self, user: &str, typed: &str) -> Auth {
        if self.wrong >= MAX_TRIES {
            return Auth::reject();
        }
        let ip = self.peer.ip();
        let now = std::time::Instant::now();
        if lock(self.shared.lockouts.guard()).is_shut_out(ip, now) {
            self.wrong = MAX_TRIES;
            self.ctl.kick("Too many wrong room codes from your address: wait a minute, then try again.");
            return Auth::reject();
        }
        if self.shared.code.matches(typed) {
            if !self.take_place() {
                tracing::warn!(
                    "turned away {} as {:?}: the room is full ({} tables)",
                    self.peer,
                    clean_user(user),
                    self.shared.max_connections
                );
                self.ctl.kick("The room is full: every table's place is taken. Ask the facilitator.");
                return Auth::reject();
            }
            self.user = Some(clean_user(user));
            tracing::debug!("connection {} from {} signed in as {:?}", self.conn, self.peer, clean_user(user));
            return Auth::Accept;
        }
        self.wrong += 1;
        tracing::warn!("wrong room code from {} for {:?} ({} of {MAX_TRIES})", self.peer, clean_user(user), self.wrong);
        let shut_out = lock(self.shared.lockouts.guard()).fail(ip, now);
        if shut_out {
            tracing::warn!("shut out {ip} for a minute: too many wrong room codes");
            self.wrong = MAX_TRIES;
            self.ctl.kick("Too many wrong room codes from your address: wait a minute, then try again.");
        } else if self.wrong >= MAX_TRIES {
            self.ctl.kick("Three wrong room codes. Check the code on the room's screen and connect again.");
        }
        Auth::reject()
    }

    /// Takes one of the tables' places, if one is free. Connections still
    /// signing in hold none, so they never keep a table out.
    fn take_place(&self) -> bool {
        if self.ctl.signed_in.load(Ordering::SeqCst) {
            return true;
        }
        let taken = self
            .shared
            .tables
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < self.shared.max_connections).then_some(n + 1));
        if taken.is_err() {
            return false;
        }
        self.ctl.signed_in.store(true, Ordering::SeqCst);
        lock(&self.shared.startups).done(self.conn);
        true
    }

    fn ours(&self, channel: ChannelId) -> bool {
        self.channel == Some(channel)
    }

    /// Passes on a table's event if its budget allows.
    fn input(&mut self, event: crossterm::event::Event) {
        if self.budget.take(std::time::Instant::now()) {
            self.send(TableEvent::Input { conn: self.conn, event });
        }
    }

    fn send(&self, event: TableEvent) {
        // After `Left` nothing more is said about this connection.
        if !self.ctl.gone.load(Ordering::SeqCst) {
            let _ = self.shared.events.send(event);
        }
    }
}

fn clean_user(user: &str) -> String {
    clean_text(user, USER_MAX_CHARS).replace(['\n', '\t'], " ").trim().to_string()
}

/// A terminal size as a client gives it, as a table's screen uses it:
/// 80x24 where it says nothing, at most [`MAX_COLUMNS`] by [`MAX_ROWS`].
pub(crate) fn clamp_size(columns: u32, rows: u32) -> (u16, u16) {
    let clamp = |n: u32, default: u16, max: u16| match n {
        0 => default,
        n => u16::try_from(n).unwrap_or(u16::MAX).min(max),
    };
    (clamp(columns, 80, MAX_COLUMNS), clamp(rows, 24, MAX_ROWS))
}

impl Handler for Table {
    type Error = russh::Error;

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        Ok(self.check(user, password))
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        response: Option<Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        match response {
            None if self.wrong < MAX_TRIES => Ok(Auth::Partial {
                name: Cow::Borrowed("Roundtable"),
                instructions: Cow::Borrowed("The room code is on the room's screen."),
                prompts: Cow::Owned(vec![(Cow::Borrowed("Room code: "), false)]),
            }),
            None => Ok(Auth::reject()),
            Some(mut answers) => {
                let typed = answers.next().map(|a| String::from_utf8_lossy(&a).into_owned()).unwrap_or_default();
                Ok(self.check(user, &typed))
            }
        }
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        _offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(Auth::reject())
    }

    async fn auth_publickey(
        &mut self,
        _user: &str,
        _key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(Auth::reject())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel.is_some() {
            reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        } else {
            self.channel = Some(channel.id());
            reply.accept().await;
        }
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<Msg>,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host_to_connect: &str,
        _port_to_connect: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        Ok(())
    }

    async fn channel_open_forwarded_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host_to_connect: &str,
        _port_to_connect: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        _socket_path: &str,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.ours(channel) && self.size.is_none() {
            let size = clamp_size(col_width, row_height);
            self.size = Some(size);
            *lock(&self.ctl.size) = size;
            session.channel_success(channel)
        } else {
            session.channel_failure(channel)
        }
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        let (Some(user), Some(size)) = (self.user.clone(), self.size) else {
            if self.ours(channel) && self.size.is_none() {
                session.data(channel, &b"Roundtable needs a terminal: connect with ssh -t.\r\n"[..])?;
                session.channel_failure(channel)?;
                self.ctl.kick("Roundtable needs a terminal: connect with ssh -t.");
                return Ok(());
            }
            return session.channel_failure(channel);
        };
        if !self.ours(channel) || self.joined {
            return session.channel_failure(channel);
        }
        self.joined = true;
        let outbox = Arc::new(Outbox::new(self.ctl.clone()));
        if let Some(entry) = lock(&self.shared.conns).get_mut(&self.conn) {
            entry.outbox = Some(outbox.clone());
        }
        tokio::spawn(outbox.pump(session.handle(), channel));
        self.ctl.touch();
        self.ctl.joined.store(true, Ordering::SeqCst);
        tracing::info!("table {} joined as {user:?} from {}, {}x{}", self.conn, self.peer, size.0, size.1);
        self.send(TableEvent::Joined { conn: self.conn, user, from: self.peer, size });
        session.channel_success(channel)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.ours(channel) {
            let size = clamp_size(col_width, row_height);
            self.size = Some(size);
            *lock(&self.ctl.size) = size;
            // Only the newest size matters: a storm of window changes is
            // one event until the app has taken the size.
            if self.joined && !self.ctl.resize_pending.swap(true, Ordering::SeqCst) {
                self.ctl.touch();
                self.send(TableEvent::Input {
                    conn: self.conn,
                    event: crossterm::event::Event::Resize(size.0, size.1),
                });
            }
        }
        Ok(())
    }

    async fn data(&mut self, channel: ChannelId, data: &[u8], _session: &mut Session) -> Result<(), Self::Error> {
        if !self.joined || !self.ours(channel) {
            return Ok(());
        }
        self.ctl.touch();
        let mut decoder = std::mem::take(&mut self.decoder);
        decoder.feed(data, |event| self.input(event));
        self.decoder = decoder;
        Ok(())
    }

    async fn channel_eof(&mut self, channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        if self.ours(channel) {
            self.ctl.kick("");
        }
        Ok(())
    }

    async fn channel_close(&mut self, channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        if self.ours(channel) {
            self.ctl.kick("");
        }
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        tracing::info!(
            "refused a command from connection {} ({}): only the room's screen is offered",
            self.conn,
            self.peer
        );
        session.channel_failure(channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        tracing::info!(
            "refused the subsystem {:?} to connection {} ({})",
            clean_text(name, USER_MAX_CHARS),
            self.conn,
            self.peer
        );
        session.channel_failure(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _variable_name: &str,
        _variable_value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn agent_request(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn cancel_tcpip_forward(
        &mut self,
        _address: &str,
        _port: u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn streamlocal_forward(&mut self, _socket_path: &str, _session: &mut Session) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn cancel_streamlocal_forward(
        &mut self,
        _socket_path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }
}
