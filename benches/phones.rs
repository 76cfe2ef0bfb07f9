//! The phones' page under a room's load, for the figures in
//! docs/performance.md.
//!
//! A room of 12 groups: 12 tables joined over SSH (russh over loopback,
//! one a group) and 40 phones joined on the page with the room code,
//! spread over the 12 tables. Each phone is a plain HTTP client (ureq) on
//! a loopback address of its own, as each phone in a room has its own
//! address, and behaves as the page's script does: it holds its
//! live-update stream (`/events`) open on a thread of its own and, at each
//! `change`, fetches its table's page again. A person's post is the form's
//! (the post, then the page the answer sends the phone back to). The
//! facilitator's app runs as `app::run` does, its inbox fed by the SSH
//! server and the page alike, with its screen on the projector view drawn
//! into a 200x60 test terminal. `cargo bench --bench phones` prints:
//!
//! - the memory forty phones add: with these clients, and (in a process
//!   of its own) with clients that hold almost nothing, to show the
//!   room's own share;
//! - the CPU the app's and the web server's threads use over 5 s with
//!   forty idle phones holding their streams open;
//! - a barrier added on a phone to each other phone at that table having
//!   it (its `change` heard and `/table` fetched showing it), with every
//!   person adding barriers at a room's pace, the SSH tables quiet and
//!   then typing, and at about four times that pace;
//! - a dot given on a phone at report-back to the facilitator's next
//!   projector frame, with everyone giving their dots at once;
//! - the bytes of a table's page at each stage, with the script and style.

#[path = "common/measure.rs"]
mod measure;
#[path = "../tests/suite/common/ssh.rs"]
mod ssh;

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::io::BufRead;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roundtable::app::App;
use roundtable::domain::change::{Actor, Change, Item};
use roundtable::domain::scenario::StageKind;
use roundtable::domain::session::{Action, Mode, Session};
use roundtable::scenarios;
use roundtable::serve::{Lockouts, RoomCode, ServeConfig, TableEvent};
use roundtable::web::{self, PhoneEvent, WebConfig};
use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, LazyBuffers, NextTimeout, Transport};

use measure::{main_thread_ticks, report, resident_kib, thread_ticks};

const CODE: &str = "otter-reed-2718";
const GROUPS: usize = 12;
const PHONES: usize = 40;
/// What the benchmark's own threads are called, so that none is taken
/// for the app's (an unnamed thread takes its parent's name).
const PHONE_THREAD: &str = "phone";
/// A group's actions: the built-in scenario's five, as a plan has them.
const ACTIONS: [&str; 5] = [
    "Joint commissioning pilot for early help with the CVS",
    "Shared data officer across the council and the trust",
    "Three-year grants for the advice partnership",
    "One front door for housing and debt advice",
    "Quarterly partnership forum with a rotating chair",
];
/// The flag that runs this binary as the light clients' process.
const LIGHT: &str = "--light-phones-memory";

// The room.

/// One thing for the app's loop, from either server, as `app::run` has it.
enum Input {
    Table(TableEvent),
    Phone(PhoneEvent),
}

/// Where the app's loop spent its time, and how often it woke.
#[derive(Default)]
struct Busy {
    wakes: u64,
    phone_events: u64,
    handling_phones: Duration,
    handling_tables: Duration,
    frames: u64,
    drawing: Duration,
}

struct Room {
    app: App,
    inbox: mpsc::Receiver<Input>,
    ssh: SocketAddr,
    web: SocketAddr,
    projector: Terminal<TestBackend>,
    /// A tick asked for every screen to be drawn.
    redraw: bool,
    busy: Busy,
    _dir: tempfile::TempDir,
}

/// Passes a server's events on to the loop's one inbox, on a thread that
/// blocks until there is one (as `app::run` does).
fn forward<T: Send + 'static>(from: mpsc::Receiver<T>, to: mpsc::Sender<Input>, wrap: fn(T) -> Input) {
    std::thread::Builder::new()
        .name("forward".into())
        .spawn(move || {
            while let Ok(event) = from.recv() {
                if to.send(wrap(event)).is_err() {
                    break;
                }
            }
        })
        .expect("a thread");
}

/// A room of [`GROUPS`] groups served over SSH and on the page, on the
/// barriers stage.
fn room() -> Room {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let names: Vec<String> = (1..=GROUPS).map(|i| format!("Table{i}")).collect();
    let session = Session::new("Load", scenarios::built_in_default(), Mode::Room, &names, 0);
    let mut app = App::with_session(dir.path().to_path_buf(), session, dir.path().join("load.ron"));
    let code = RoomCode::new(CODE);
    let (tables_tx, tables_rx) = mpsc::channel();
    let mut config = ServeConfig::new("127.0.0.1:0".parse().expect("an address"), code.clone(), dir.path().join("key"));
    config.max_connections = 128;
    let server = roundtable::serve::Server::start(config, tables_tx).expect("the SSH server starts");
    let ssh = server.local_addr();
    app.serve(server, tables_rx, code.clone(), false);
    let (phones_tx, phones_rx) = mpsc::channel();
    let config = WebConfig::new("127.0.0.1:0".parse().expect("an address"), code.clone(), Lockouts::default());
    let page = web::Server::start(config, phones_tx).expect("the page starts");
    let web = page.local_addr();
    app.serve_phones(page, phones_rx, code);
    let (tx, inbox) = mpsc::channel();
    forward(app.take_table_events().expect("the tables' events"), tx.clone(), Input::Table);
    forward(app.take_phone_events().expect("the page's events"), tx, Input::Phone);
    let projector = Terminal::new(TestBackend::new(200, 60)).expect("a test terminal");
    let mut room = Room { app, inbox, ssh, web, projector, redraw: false, busy: Busy::default(), _dir: dir };
    room.go_to(StageKind::Barriers);
    room
}

impl Room {
    fn session(&self) -> &Session {
        self.app.session().expect("a session")
    }

    /// Moves the room to the first stage of `kind`, as the facilitator does.
    fn go_to(&mut self, kind: StageKind) {
        let to = self.session().scenario.stages.iter().position(|s| s.kind == kind).expect("the stage");
        self.go_to_stage(to);
    }

    fn go_to_stage(&mut self, to: usize) {
        for _ in 0..100 {
            let at = self.session().stage;
            let key = match at.cmp(&to) {
                std::cmp::Ordering::Equal => return,
                std::cmp::Ordering::Less => ']',
                std::cmp::Ordering::Greater => '[',
            };
            self.app.handle_key(&KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE));
        }
        panic!("could not reach stage {to}");
    }

    /// Joins a table over SSH for each group, each with a new barrier's
    /// form open.
    fn join_tables(&mut self, rt: &tokio::runtime::Runtime) -> Vec<ssh::Table> {
        let mut tables = Vec::new();
        for i in 1..=GROUPS {
            let table = rt.block_on(ssh::join(self.ssh, &format!("table{i}"), CODE));
            let deadline = Instant::now() + Duration::from_secs(5);
            while self.app.tables.len() < i {
                assert!(Instant::now() < deadline, "table {i} did not join");
                self.run_for(Instant::now() + Duration::from_millis(20), |_, _| {}, |_| {});
            }
            rt.block_on(table.channel.data(&b"a"[..])).expect("sent");
            tables.push(table);
        }
        self.run_for(Instant::now() + Duration::from_millis(300), |_, _| {}, |_| {});
        tables
    }

    /// Runs as `app::run` does, until `until`: events are handled as they
    /// come, a burst whole before its frame; a frame is drawn when due and
    /// the loop sleeps until the next event or whatever is due. Calls
    /// `dot` with each dot a phone gave, as (from group, to group) and
    /// whether it was given, and `framed` at each frame of the projector.
    fn run_for(&mut self, until: Instant, mut dot: impl FnMut((u32, u32), bool), mut framed: impl FnMut(Instant)) {
        let mut draining_since: Option<Instant> = None;
        let mut held: Option<Input> = None;
        while Instant::now() < until {
            let now = Instant::now();
            let wait = self.app.wake_in(now).into_iter().chain(self.app.frame_in(now)).min().unwrap_or(until - now);
            let next = held.take().or_else(|| self.inbox.recv_timeout(wait.min(until - now)).ok());
            self.busy.wakes += 1;
            if let Some(input) = next {
                let started = Instant::now();
                match input {
                    Input::Table(event) => {
                        self.app.handle_table(event);
                        self.busy.handling_tables += started.elapsed();
                    }
                    Input::Phone(event) => {
                        let given = match &event {
                            PhoneEvent::Change { change, .. } => match change.as_ref() {
                                Change::GiveDot(vote) => Some((vote.from, vote.group)),
                                _ => None,
                            },
                            PhoneEvent::Present(_) => None,
                        };
                        let votes = self.session().votes.len();
                        self.app.handle_phone(event);
                        self.busy.handling_phones += started.elapsed();
                        self.busy.phone_events += 1;
                        if let Some(given) = given {
                            dot(given, self.session().votes.len() > votes);
                        }
                    }
                }
                // As app::run does: a burst is handled whole before its
                // frame, for at most a frame's time.
                held = self.inbox.try_recv().ok();
                if held.is_some() {
                    let since = *draining_since.get_or_insert_with(Instant::now);
                    if since.elapsed() < roundtable::app::tables::FRAME {
                        continue;
                    }
                }
            }
            draining_since = None;
            if self.app.tick(Instant::now()) {
                self.app.draw_tables();
                self.redraw = true;
            }
            let started = Instant::now();
            if self.app.frame(Instant::now()) || std::mem::take(&mut self.redraw) {
                let app = &mut self.app;
                self.projector.draw(|f| app.draw(f)).expect("a frame");
                framed(Instant::now());
                self.busy.frames += 1;
                self.busy.drawing += started.elapsed();
            }
        }
        // An input taken to look ahead is handled, not lost.
        if let Some(input) = held {
            match input {
                Input::Table(event) => {
                    self.app.handle_table(event);
                }
                Input::Phone(event) => {
                    self.app.handle_phone(event);
                }
            }
        }
    }

    /// Runs the loop until `done` holds, then for `after` more.
    fn run_until(&mut self, done: impl Fn() -> bool, after: Duration) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !done() && Instant::now() < deadline {
            self.run_for(Instant::now() + Duration::from_millis(50), |_, _| {}, |_| {});
        }
        self.run_for(Instant::now() + after, |_, _| {}, |_| {});
    }

    fn group_ids(&self) -> Vec<u32> {
        self.session().groups.iter().map(|g| g.id).collect()
    }

    /// Gives each group `n` of [`ACTIONS`] (as the facilitator), and the
    /// phones the room as it is now.
    fn give_actions(&mut self, n: usize) {
        for group in self.group_ids() {
            let had = self.session().group_by_id(group).map_or(0, |g| g.actions.len());
            for title in ACTIONS.iter().take(n).skip(had) {
                let action =
                    Action { title: (*title).into(), start_month: Some(1), end_month: Some(6), ..Action::default() };
                self.app
                    .work
                    .apply(Actor::Facilitator, Change::Add { group, item: Item::Action(action) })
                    .expect("an action added");
            }
        }
        // The loop's next tick gives the phones the room as it is.
        self.run_for(Instant::now() + Duration::from_millis(50), |_, _| {}, |_| {});
    }

    fn ticks(&self) -> Ticks {
        Ticks {
            app: main_thread_ticks(),
            web: thread_ticks(&["roundtable-web"]),
            ssh: thread_ticks(&["roundtable-ssh"]),
        }
    }
}

/// CPU ticks (1/100 s) of the app's, the page's and the SSH server's threads.
#[derive(Debug, Clone, Copy)]
struct Ticks {
    app: u64,
    web: u64,
    ssh: u64,
}

impl Ticks {
    fn since(self, before: Ticks) -> Ticks {
        Ticks { app: self.app - before.app, web: self.web - before.web, ssh: self.ssh - before.ssh }
    }
}

/// Reads what each SSH table is sent, as a terminal would.
fn read_tables(rt: &tokio::runtime::Runtime, tables: Vec<ssh::Table>) {
    for mut table in tables {
        rt.spawn(async move {
            while table.channel.wait().await.is_some() {}
            drop(table.ssh);
        });
    }
}

/// Types a key into each table's form twice a second, spread evenly,
/// while `typing` says so.
fn type_at_tables<W>(rt: &tokio::runtime::Runtime, writers: Vec<W>, mut typing: tokio::sync::watch::Receiver<bool>)
where
    W: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    rt.spawn(async move {
        use tokio::io::AsyncWriteExt;
        let mut writers = writers;
        let gap = Duration::from_millis(500) / writers.len() as u32;
        loop {
            if typing.wait_for(|on| *on).await.is_err() {
                return;
            }
            for writer in &mut writers {
                tokio::time::sleep(gap).await;
                let _ = writer.write_all(b"x").await;
            }
        }
    });
}

// The phones.

/// Connects from one loopback address, as a phone has its own address on
/// the room's network (the page bounds connections and posts per address).
#[derive(Debug)]
struct FromAddress {
    ip: IpAddr,
    runtime: tokio::runtime::Handle,
}

impl Connector<()> for FromAddress {
    type Out = Socket;

    fn connect(&self, details: &ConnectionDetails, _chained: Option<()>) -> Result<Option<Socket>, ureq::Error> {
        let to = *details.addrs.first().ok_or_else(|| std::io::Error::other("no address"))?;
        let socket = tokio::net::TcpSocket::new_v4()?;
        socket.bind(SocketAddr::new(self.ip, 0))?;
        let stream = self.runtime.block_on(socket.connect(to))?.into_std()?;
        stream.set_nonblocking(false)?;
        stream.set_nodelay(true)?;
        let buffers = LazyBuffers::new(details.config.input_buffer_size(), details.config.output_buffer_size());
        Ok(Some(Socket { stream, buffers, read_timeout: None }))
    }
}

/// A plain TCP connection for ureq (its own is not public).
#[derive(Debug)]
struct Socket {
    stream: std::net::TcpStream,
    buffers: LazyBuffers,
    read_timeout: Option<Duration>,
}

fn io_error(e: std::io::Error, timeout: NextTimeout) -> ureq::Error {
    match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => ureq::Error::Timeout(timeout.reason),
        _ => e.into(),
    }
}

impl Transport for Socket {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        use std::io::Write;
        let output = &self.buffers.output()[..amount];
        (&self.stream).write_all(output).map_err(|e| io_error(e, timeout))
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        use std::io::Read;
        let timeout = timeout.for_read();
        let wait = timeout.not_zero().map(|t| *t);
        if wait != self.read_timeout {
            self.stream.set_read_timeout(wait)?;
            self.read_timeout = wait;
        }
        let input = self.buffers.input_append_buf();
        let read = loop {
            match (&self.stream).read(input) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                read => break read,
            }
        };
        let amount = read.map_err(|e| io_error(e, timeout))?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        use std::io::Read;
        // Open if nothing is waiting to be read and the peer has not closed it.
        if self.stream.set_nonblocking(true).is_err() {
            return false;
        }
        let open = matches!((&self.stream).read(&mut [0u8]), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock);
        open && self.stream.set_nonblocking(false).is_ok()
    }
}

/// The loopback address of phone `index`.
fn phone_ip(index: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 1 + (index / 200) as u8, 10 + (index % 200) as u8))
}

/// One answer from the page.
struct Page {
    status: u16,
    body: String,
}

impl Page {
    /// The value of `attribute="..."` where it first appears.
    fn attribute(&self, attribute: &str) -> String {
        let key = format!("{attribute}=\"");
        let at = self.body.find(&key).unwrap_or_else(|| panic!("no {attribute} in {}", self.body));
        let rest = &self.body[at + key.len()..];
        rest[..rest.find('"').expect("the value's end")].to_string()
    }

    fn form_token(&self) -> String {
        let at = self.body.find(r#"name="form_token" value=""#).expect("a form with the person's token");
        let rest = &self.body[at + r#"name="form_token" value=""#.len()..];
        rest[..rest.find('"').expect("the token's end")].to_string()
    }
}

/// A phone that has joined a table.
struct Phone {
    agent: ureq::Agent,
    base: String,
    cookie: String,
    form_token: String,
    index: usize,
    /// The index of the group whose table it joined.
    table: usize,
}

fn agent(ip: IpAddr, runtime: tokio::runtime::Handle) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_connect(Some(Duration::from_secs(5)))
        .timeout_recv_response(Some(Duration::from_secs(15)))
        // Enough for any of the page's headers; ureq's default is 128 KiB
        // each way per connection.
        .input_buffer_size(16 * 1024)
        .output_buffer_size(4 * 1024)
        .build();
    ureq::Agent::with_parts(
        config,
        FromAddress { ip, runtime },
        ureq::unversioned::resolver::DefaultResolver::default(),
    )
}

fn answer(
    result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<(Page, Option<String>), ureq::Error> {
    let response = result?;
    let status = response.status().as_u16();
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_string);
    let body = response.into_body().read_to_string()?;
    Ok((Page { status, body }, cookie))
}

impl Phone {
    /// Joins table `table` (a group's index) with the room code and loads
    /// its page.
    fn join(rt: &tokio::runtime::Runtime, web: SocketAddr, index: usize, table: usize) -> Phone {
        let agent = agent(phone_ip(index), rt.handle().clone());
        let base = format!("http://{web}");
        let short = format!("table{}", table + 1);
        let (joined, cookie) =
            answer(agent.post(format!("{base}/join")).send_form([("code", CODE), ("table", short.as_str())]))
                .expect("the page answers");
        assert_eq!(joined.status, 303, "{}", joined.body);
        let mut phone =
            Phone { agent, base, cookie: cookie.expect("a cookie"), form_token: String::new(), index, table };
        let page = phone.get("/table");
        assert_eq!(page.status, 200, "{}", page.body);
        phone.form_token = page.form_token();
        phone
    }

    /// Asks for `path`, again once if a kept connection had gone.
    fn get(&self, path: &str) -> Page {
        let ask = || answer(self.agent.get(format!("{}{path}", self.base)).header("Cookie", &self.cookie).call());
        ask().or_else(|_| ask()).expect("the page answers").0
    }

    /// Posts a form as the page's does: the post, then the page its answer
    /// sends the phone to. Returns the post's status and how long its
    /// answer took.
    fn post(&self, path: &str, form: &[(&str, &str)]) -> (u16, Duration) {
        let mut fields = vec![("form_token", self.form_token.as_str())];
        fields.extend_from_slice(form);
        let sent = Instant::now();
        let request = self.agent.post(format!("{}{path}", self.base)).header("Cookie", &self.cookie);
        let (posted, _) = answer(request.send_form(fields.iter().copied())).expect("the page answers");
        let took = sent.elapsed();
        if posted.status == 303 {
            self.get("/table");
        }
        (posted.status, took)
    }

    /// Opens the live updates for a page drawn from view `since`.
    fn events(&self, since: &str) -> ureq::BodyReader<'static> {
        let response = self
            .agent
            .get(format!("{}/events?since={since}", self.base))
            .header("Cookie", &self.cookie)
            .call()
            .expect("the page answers");
        assert_eq!(response.status().as_u16(), 200, "the live updates open");
        response.into_body().into_reader()
    }
}

/// A barrier posted on a phone, until each other phone at its table has
/// fetched a page showing it.
struct Posted {
    table: usize,
    text: String,
    at: Instant,
    /// The phones that have yet to show it.
    waiting: Vec<usize>,
}

/// What the phones' threads tell the benchmark.
#[derive(Default)]
struct Watch {
    posted: Mutex<Vec<Posted>>,
    /// Each barrier on each other phone at its table: from its post to the
    /// `change` that phone heard before fetching it, and to the fetched page.
    seen: Mutex<Vec<(Duration, Duration)>>,
    /// Pages fetched after a `change`, their bytes, and how many showed
    /// the phone what it showed before.
    fetches: AtomicU64,
    bytes: AtomicU64,
    unchanged: AtomicU64,
    /// What each phone's last page showed (a hash of it, its version left out).
    shown: Mutex<HashMap<usize, u64>>,
}

/// Pages fetched after a `change`, over a while.
#[derive(Debug, Clone, Copy)]
struct Fetched {
    pages: u64,
    bytes: u64,
    unchanged: u64,
}

impl Fetched {
    fn since(self, before: Fetched) -> Fetched {
        Fetched {
            pages: self.pages - before.pages,
            bytes: self.bytes - before.bytes,
            unchanged: self.unchanged - before.unchanged,
        }
    }
}

/// A hash of what a page shows, its version left out.
fn shows(body: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let key = "data-version=\"";
    match body.find(key) {
        Some(at) => {
            let rest = &body[at + key.len()..];
            body[..at].hash(&mut hasher);
            rest[rest.find('"').unwrap_or(0)..].hash(&mut hasher);
        }
        None => body.hash(&mut hasher),
    }
    hasher.finish()
}

impl Watch {
    fn fetched(&self, phone: &Phone, body: &str, heard: Instant, at: Instant) {
        self.fetches.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(body.len() as u64, Ordering::Relaxed);
        let hash = shows(body);
        if self.shown.lock().expect("shown").insert(phone.index, hash) == Some(hash) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        let mut posted = self.posted.lock().expect("posted");
        for barrier in posted.iter_mut().filter(|b| b.table == phone.table && b.waiting.contains(&phone.index)) {
            if body.contains(&barrier.text) {
                barrier.waiting.retain(|i| *i != phone.index);
                self.seen.lock().expect("seen").push((heard - barrier.at, at - barrier.at));
            }
        }
    }

    fn fetches(&self) -> Fetched {
        Fetched {
            pages: self.fetches.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        }
    }
}

/// The phone's page as its script runs it: the live updates held open,
/// and the page fetched again at each `change`.
fn listen(phone: Arc<Phone>, watch: Arc<Watch>, opened: mpsc::Sender<()>) {
    let page = phone.get("/table");
    let stream = phone.events(&page.attribute("data-version"));
    let _ = opened.send(());
    for line in std::io::BufReader::new(stream).lines() {
        let Ok(line) = line else { break };
        if line == "event: change" {
            let heard = Instant::now();
            let page = phone.get("/table");
            watch.fetched(&phone, &page.body, heard, Instant::now());
        }
    }
}

/// Joins [`PHONES`] phones spread over the tables, each listening on a
/// thread of its own.
fn join_phones(rt: &tokio::runtime::Runtime, room: &mut Room, watch: &Arc<Watch>) -> Vec<Arc<Phone>> {
    let (opened_tx, opened) = mpsc::channel();
    let mut phones = Vec::new();
    for index in 0..PHONES {
        let phone = Arc::new(Phone::join(rt, room.web, index, index % GROUPS));
        let (phone_, watch, opened_tx) = (phone.clone(), watch.clone(), opened_tx.clone());
        std::thread::Builder::new()
            .name(PHONE_THREAD.into())
            .spawn(move || listen(phone_, watch, opened_tx))
            .expect("a thread");
        phones.push(phone);
        // Each join tells the app who is on the page.
        room.run_for(Instant::now() + Duration::from_millis(5), |_, _| {}, |_| {});
    }
    let open = AtomicUsize::new(0);
    room.run_until(
        || {
            while opened.try_recv().is_ok() {
                open.fetch_add(1, Ordering::Relaxed);
            }
            open.load(Ordering::Relaxed) == PHONES
        },
        Duration::from_millis(500),
    );
    assert_eq!(open.load(Ordering::Relaxed), PHONES, "every phone's live updates open");
    phones
}

/// A small generator of pseudo-random numbers (xorshift), so that each
/// run paces the phones alike.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }

    fn within(&mut self, span: Duration) -> Duration {
        Duration::from_micros(self.below(span.as_micros() as u64))
    }
}

/// Runs `person` for each phone on a thread of its own while the app's
/// loop runs, until every one has finished and `after` has passed.
fn people(room: &mut Room, phones: &[Arc<Phone>], after: Duration, person: impl Fn(&Phone) + Sync) {
    let done = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for phone in phones {
            let (person, done) = (&person, &done);
            std::thread::Builder::new()
                .name(PHONE_THREAD.into())
                .spawn_scoped(scope, move || {
                    person(phone);
                    done.fetch_add(1, Ordering::Relaxed);
                })
                .expect("a thread");
        }
        room.run_until(|| done.load(Ordering::Relaxed) == phones.len(), after);
    });
}

fn sleep_until(at: Instant) {
    std::thread::sleep(at.saturating_duration_since(Instant::now()));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Prints where the room's threads spent their time over a phase.
fn profile(label: &str, room: &Room, ticks: Ticks, fetched: Fetched, seconds: f64) {
    let busy = &room.busy;
    let fetches = fetched.pages;
    println!(
        "{label}: CPU ticks (1/100 s) app {} web {} ssh {}; {} pages fetched after a change ({:.0} a second, {:.2} ms of the web thread each, {:.1} MB a second, {} showing nothing new to that phone); app loop: {} phone events in {:.0} ms, table keys {:.0} ms, {} frames in {:.0} ms",
        ticks.app,
        ticks.web,
        ticks.ssh,
        fetches,
        fetches as f64 / seconds,
        ticks.web as f64 * 10.0 / fetches.max(1) as f64,
        fetched.bytes as f64 / seconds / 1e6,
        fetched.unchanged,
        busy.phone_events,
        ms(busy.handling_phones),
        ms(busy.handling_tables),
        busy.frames,
        ms(busy.drawing),
    );
}

// The measurements.

/// How the SSH tables behave while the phones add barriers.
struct Tables<'a> {
    /// Whether they type (each key edits the table's new barrier in the
    /// session, as its form does).
    typing: bool,
    switch: &'a tokio::sync::watch::Sender<bool>,
}

/// Every person adds a barrier about every `every` for `window`, the SSH
/// tables typing or not; each barrier is timed to each other phone at its
/// table showing it.
fn barriers(room: &mut Room, phones: &[Arc<Phone>], watch: &Watch, tables: Tables, every: Duration, window: Duration) {
    let label = format!(
        "barriers, one a person every {} s, tables {}",
        every.as_secs(),
        if tables.typing { "typing" } else { "quiet" }
    );
    let label = label.as_str();
    let tag = format!("{}{}", if tables.typing { 't' } else { 'q' }, every.as_secs());
    tables.switch.send_replace(tables.typing);
    let start = Instant::now() + Duration::from_millis(200);
    let at_table =
        |table: usize| -> Vec<usize> { phones.iter().filter(|p| p.table == table).map(|p| p.index).collect() };
    watch.seen.lock().expect("seen").clear();
    watch.posted.lock().expect("posted").clear();
    let fetches = watch.fetches();
    let (ticks, posts) = (room.ticks(), Mutex::new(Vec::new()));
    room.busy = Busy::default();
    people(room, phones, Duration::from_millis(1500), |phone| {
        let mut dice = Dice(0x9e37_79b9_7f4a_7c15 ^ ((phone.index as u64 + 1) * 0x2545_f491));
        let mut at = start + dice.within(every);
        let mut n = 0;
        while at < start + window {
            sleep_until(at);
            let text = format!("({tag} {}.{n}) Funding cycles too short for trust to grow", phone.index);
            let mut waiting = at_table(phone.table);
            waiting.retain(|i| *i != phone.index);
            let posted = Instant::now();
            watch.posted.lock().expect("posted").push(Posted {
                table: phone.table,
                text: text.clone(),
                at: posted,
                waiting,
            });
            let (status, took) =
                phone.post("/barriers", &[("text", &text), ("kind", "organisational"), ("severity", "3")]);
            assert_eq!(status, 303, "the barrier is taken");
            posts.lock().expect("posts").push(took);
            n += 1;
            // The next about `every` later, give or take a quarter.
            at += every * 3 / 4 + dice.within(every / 2);
        }
    });
    let used = room.ticks().since(ticks);
    let seen = std::mem::take(&mut *watch.seen.lock().expect("seen"));
    let posted = watch.posted.lock().expect("posted");
    let missing: usize = posted.iter().map(|b| b.waiting.len()).sum();
    let seconds = window.as_secs_f64();
    tables.switch.send_replace(false);
    println!(
        "{label}: {} barriers from {} phones in {seconds:.0} s ({:.1} a second), the SSH tables {}",
        posted.len(),
        phones.len(),
        posted.len() as f64 / seconds,
        if tables.typing { "typing 2 keys a second each" } else { "quiet" }
    );
    report(&format!("{label}: a barrier's post answered"), "posts", std::mem::take(&mut *posts.lock().expect("posts")));
    report(
        &format!("{label}: posted to the change heard at another phone at the table"),
        "pages",
        seen.iter().map(|s| s.0).collect(),
    );
    report(
        &format!("{label}: posted to another phone at the table showing it"),
        "pages",
        seen.iter().map(|s| s.1).collect(),
    );
    if missing > 0 {
        println!("{label}: {missing} pages never showed their barrier");
    }
    profile(label, room, used, watch.fetches().since(fetches), seconds + 1.5);
}

/// Every person gives their three dots within `window` at report-back;
/// each dot is timed to the facilitator's next projector frame.
fn dots(room: &mut Room, phones: &[Arc<Phone>], watch: &Watch, window: Duration) {
    let ids = room.group_ids();
    let actions: Vec<Vec<u32>> =
        room.session().groups.iter().map(|g| g.actions.iter().map(|a| a.id).collect()).collect();
    // Phone k, at table k % 12, gives its dots to the (1 + k / 12)th table
    // after its own: so (from, to) names the phone.
    let target = |phone: &Phone| (phone.table + 1 + phone.index / GROUPS) % GROUPS;
    let by_groups: HashMap<(u32, u32), usize> =
        phones.iter().map(|p| ((ids[p.table], ids[target(p)]), p.index)).collect();
    assert_eq!(by_groups.len(), phones.len(), "each phone's dots are told apart");
    let (sent_tx, sent_rx) = mpsc::channel::<(usize, Instant)>();
    let sent_tx = Mutex::new(sent_tx);
    let start = Instant::now() + Duration::from_millis(200);
    let fetches = watch.fetches();
    let (ticks, posts) = (room.ticks(), Mutex::new(Vec::new()));
    room.busy = Busy::default();
    let mut pending: HashMap<usize, VecDeque<Instant>> = HashMap::new();
    let handled: RefCell<Vec<Instant>> = RefCell::default();
    let mut to_frame = Vec::new();
    let mut refused = 0;
    let done = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for phone in phones {
            let (done, sent_tx, posts, actions, ids) = (&done, &sent_tx, &posts, &actions, &ids);
            std::thread::Builder::new()
                .name(PHONE_THREAD.into())
                .spawn_scoped(scope, move || {
                    let mut dice = Dice(0x51_7cc1_b727_220a ^ ((phone.index as u64 + 1) * 0x9e37_79b9));
                    let mut times: Vec<Duration> = (0..3).map(|_| dice.within(window)).collect();
                    times.sort();
                    let to = target(phone);
                    for (n, after) in times.into_iter().enumerate() {
                        sleep_until(start + after);
                        let button = format!("give {} {}", ids[to], actions[to][n]);
                        let _ = sent_tx.lock().expect("sent").send((phone.index, Instant::now()));
                        let (status, took) = phone.post("/dots", &[("dot", &button)]);
                        assert_eq!(status, 303, "the dot is taken");
                        posts.lock().expect("posts").push(took);
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                })
                .expect("a thread");
        }
        let deadline = Instant::now() + window + Duration::from_secs(30);
        let mut finished_at = None;
        while finished_at.is_none_or(|at: Instant| at.elapsed() < Duration::from_millis(1500))
            && Instant::now() < deadline
        {
            if finished_at.is_none() && done.load(Ordering::Relaxed) == phones.len() {
                finished_at = Some(Instant::now());
            }
            room.run_for(
                Instant::now() + Duration::from_millis(50),
                |(from, to), given| {
                    while let Ok((phone, at)) = sent_rx.try_recv() {
                        pending.entry(phone).or_default().push_back(at);
                    }
                    let phone = by_groups[&(from, to)];
                    let at = pending.get_mut(&phone).and_then(VecDeque::pop_front).expect("a dot sent");
                    if given {
                        handled.borrow_mut().push(at);
                    } else {
                        refused += 1;
                    }
                },
                |at| {
                    for sent in handled.borrow_mut().drain(..) {
                        to_frame.push(at - sent);
                    }
                },
            );
        }
    });
    let used = room.ticks().since(ticks);
    let seconds = window.as_secs_f64() + 1.5;
    println!(
        "dots: {} phones each giving 3 dots within {:.0} s ({:.0} a second), {refused} refused",
        phones.len(),
        window.as_secs_f64(),
        phones.len() as f64 * 3.0 / window.as_secs_f64()
    );
    report("dots: a dot's post answered", "posts", std::mem::take(&mut *posts.lock().expect("posts")));
    report("dots: a dot given on a phone to the facilitator's next projector frame (200x60)", "dots", to_frame);
    profile("dots", room, used, watch.fetches().since(fetches), seconds);
}

/// What drawing the page costs on the web server's thread: the view taken
/// from the session on each change, and a table's page drawn from it.
fn drawing_the_page(room: &Room) {
    let session = room.session();
    let rounds = 200;
    let started = Instant::now();
    let mut view = web::PageView::default();
    for _ in 0..rounds {
        view = web::PageView::of(session);
    }
    let taking = started.elapsed() / rounds;
    let table = &view.tables[0];
    let token = "0".repeat(64);
    let page = web::page::TablePage { view: &view, table, person: 1, form_token: &token, notice: None, now: 0 };
    let started = Instant::now();
    let mut bytes = 0;
    for _ in 0..rounds {
        bytes = web::page::table(&page).into_string().len();
    }
    let drawing = started.elapsed() / rounds;
    println!(
        "the page at report-back: the view taken from the session in {:.3} ms, a table's page ({bytes} bytes) drawn in {:.3} ms",
        ms(taking),
        ms(drawing)
    );
}

/// The bytes of a table's page at each stage, and of the script and style.
fn page_weight(room: &mut Room, phone: &Phone) {
    let script = phone.get("/app.js").body.len();
    let style = phone.get("/style.css").body.len();
    let stages: Vec<(usize, String)> = room
        .session()
        .scenario
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (i, format!("{} ({})", i + 1, s.kind.short_label())))
        .collect();
    let mut largest = (0, String::new());
    let mut line = Vec::new();
    for (stage, name) in stages {
        room.go_to_stage(stage);
        room.run_for(Instant::now() + Duration::from_millis(100), |_, _| {}, |_| {});
        let bytes = phone.get("/table").body.len();
        line.push(format!("{name} {bytes}"));
        if bytes > largest.0 {
            largest = (bytes, name);
        }
    }
    println!("a table's page at each stage, in bytes: {}", line.join(", "));
    println!(
        "page weight: the largest table page (stage {}) {} bytes + /app.js {script} + /style.css {style} = {} bytes ({:.1} KiB)",
        largest.1,
        largest.0,
        largest.0 + script + style,
        (largest.0 + script + style) as f64 / 1024.0
    );
}

// Memory with clients that hold almost nothing.

/// Connects from `ip` to `to`.
async fn connect_from(ip: IpAddr, to: SocketAddr) -> tokio::net::TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket.bind(SocketAddr::new(ip, 0)).expect("bound");
    let stream = socket.connect(to).await.expect("connected");
    stream.set_nodelay(true).expect("no delay");
    stream
}

/// Sends `request` and reads the answer's head and, if it says how long it
/// is, its body.
async fn exchange(conn: &mut tokio::net::TcpStream, request: &str, body: bool) -> (String, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    conn.write_all(request.as_bytes()).await.expect("sent");
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let end = loop {
        if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let n = conn.read(&mut buf).await.expect("an answer");
        assert!(n > 0, "the page closed the connection");
        got.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&got[..end]).to_string();
    let mut rest = got[end..].to_vec();
    if body {
        let length = header(&head, "content-length").and_then(|l| l.parse::<usize>().ok()).unwrap_or(0);
        while rest.len() < length {
            let n = conn.read(&mut buf).await.expect("the body");
            assert!(n > 0, "the page closed the connection");
            rest.extend_from_slice(&buf[..n]);
        }
    }
    (head, rest)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// A phone that holds its page's connection and its live updates open
/// and reads them into a small buffer: what a phone costs the room, with
/// next to nothing on the client's side.
async fn light_phone(web: SocketAddr, index: usize) {
    use tokio::io::AsyncReadExt;
    let ip = phone_ip(index);
    let mut page = connect_from(ip, web).await;
    let form = format!("code={CODE}&table=table{}", index % GROUPS + 1);
    let join = format!(
        "POST /join HTTP/1.1\r\nHost: {web}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
        form.len()
    );
    let (head, _) = exchange(&mut page, &join, true).await;
    assert!(head.starts_with("HTTP/1.1 303"), "{head}");
    let cookie = header(&head, "set-cookie").and_then(|c| c.split(';').next()).expect("a cookie").to_string();
    let (head, body) =
        exchange(&mut page, &format!("GET /table HTTP/1.1\r\nHost: {web}\r\nCookie: {cookie}\r\n\r\n"), true).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let body = String::from_utf8_lossy(&body);
    let at = body.find("data-version=\"").expect("a version") + "data-version=\"".len();
    let version = &body[at..at + body[at..].find('"').expect("its end")];
    let mut stream = connect_from(ip, web).await;
    let events = format!("GET /events?since={version} HTTP/1.1\r\nHost: {web}\r\nCookie: {cookie}\r\n\r\n");
    let (head, _) = exchange(&mut stream, &events, false).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    tokio::spawn(async move {
        let _page = page;
        let mut buf = [0u8; 256];
        while stream.read(&mut buf).await.is_ok_and(|n| n > 0) {}
    });
}

/// Lets a phone in, loads its page, opens and closes its live updates and
/// leaves: what the room sets up once, before the first phone.
fn warm_up(rt: &tokio::runtime::Runtime, room: &mut Room) {
    let phone = Phone::join(rt, room.web, PHONES + 10, 0);
    let version = phone.get("/table").attribute("data-version");
    phone.get("/app.js");
    phone.get("/style.css");
    drop(phone.events(&version));
    let _ = phone.post("/leave", &[]);
    room.run_for(Instant::now() + Duration::from_millis(300), |_, _| {}, |_| {});
}

/// In a process of its own: the memory forty light phones add.
fn light_memory() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime");
    let mut room = room();
    read_tables(&rt, room.join_tables(&rt));
    warm_up(&rt, &mut room);
    let before = resident_kib();
    for index in 0..PHONES {
        rt.block_on(light_phone(room.web, index));
        room.run_for(Instant::now() + Duration::from_millis(5), |_, _| {}, |_| {});
    }
    room.run_for(Instant::now() + Duration::from_millis(500), |_, _| {}, |_| {});
    let on_page = room.app.work.phones.as_ref().map_or(0, |p| p.on_the_page());
    assert_eq!(on_page, PHONES, "every light phone is on the page");
    let after = resident_kib();
    let added = after.saturating_sub(before);
    println!(
        "memory: forty phones with clients that hold almost nothing add {added} KiB resident, {:.1} KiB each (the room's share: the person, two connections, the live-update stream; the clients' own share, two sockets and a 256-byte buffer each on one task, is under 1 KiB)",
        added as f64 / PHONES as f64
    );
}

fn main() {
    if std::env::args().any(|a| a == LIGHT) {
        return light_memory();
    }
    let started = Instant::now();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime");
    let mut room = room();
    let tables = room.join_tables(&rt);
    let writers: Vec<_> = tables.iter().map(|t| t.channel.make_writer()).collect();
    let (typing_tx, typing) = tokio::sync::watch::channel(false);
    type_at_tables(&rt, writers, typing);
    read_tables(&rt, tables);
    warm_up(&rt, &mut room);

    // Memory: forty phones as this benchmark runs them.
    let watch = Arc::new(Watch::default());
    let before = resident_kib();
    let phones = join_phones(&rt, &mut room, &watch);
    let after = resident_kib();
    let added = after.saturating_sub(before);
    println!(
        "memory: forty phones add {added} KiB resident, {:.1} KiB each (the room's share and this benchmark's clients together: a thread, two ureq connections and their buffers each)",
        added as f64 / PHONES as f64
    );
    let light = std::process::Command::new(std::env::current_exe().expect("this binary")).arg(LIGHT).output();
    match light {
        Ok(out) if out.status.success() => print!("{}", String::from_utf8_lossy(&out.stdout)),
        Ok(out) => println!("the light clients' process failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => println!("the light clients' process did not start: {e}"),
    }

    // Idle: forty phones holding their streams open, twelve tables quiet.
    assert!(!room.app.work.timer_running(), "no timer wakes the app");
    room.run_for(Instant::now() + Duration::from_secs(1), |_, _| {}, |_| {});
    let (ticks, wakes) = (room.ticks(), room.busy.wakes);
    room.run_for(Instant::now() + Duration::from_secs(5), |_, _| {}, |_| {});
    let used = room.ticks().since(ticks);
    println!(
        "idle: forty phones holding their live updates open and twelve quiet tables, over 5 s: app thread {} ticks, web thread {} ticks, SSH thread {} ticks (1/100 s); the app's loop woke {} times",
        used.app,
        used.web,
        used.ssh,
        room.busy.wakes - wakes - 1
    );

    // Barriers at a room's pace, the tables quiet and typing, then at
    // about four times that pace.
    let (quiet, typing) = (Tables { typing: false, switch: &typing_tx }, Tables { typing: true, switch: &typing_tx });
    barriers(&mut room, &phones, &watch, quiet, Duration::from_secs(30), Duration::from_secs(20));
    barriers(&mut room, &phones, &watch, typing, Duration::from_secs(30), Duration::from_secs(16));
    let typing = Tables { typing: true, switch: &typing_tx };
    barriers(&mut room, &phones, &watch, typing, Duration::from_secs(8), Duration::from_secs(12));
    let counts: Vec<usize> = room.session().groups.iter().map(|g| g.barriers.len()).collect();
    println!("barriers at each table now: {counts:?}");

    // Dots at report-back, on the projector.
    room.give_actions(1);
    room.go_to(StageKind::ReportBack);
    room.run_for(Instant::now() + Duration::from_millis(300), |_, _| {}, |_| {});
    let one = phones[0].get("/table").body.len();
    room.give_actions(ACTIONS.len());
    room.run_for(Instant::now() + Duration::from_millis(300), |_, _| {}, |_| {});
    let five = phones[0].get("/table").body.len();
    println!("report-back page with 12 groups: {one} bytes with an action each, {five} bytes with five each");
    room.app.screen.projector = true;
    room.run_for(Instant::now() + Duration::from_millis(300), |_, _| {}, |_| {});
    dots(&mut room, &phones, &watch, Duration::from_secs(12));
    drawing_the_page(&room);

    page_weight(&mut room, &phones[0]);
    println!("(the benchmark ran for {:.0} s)", started.elapsed().as_secs_f64());
    // Stopping the page ends the phones' streams, and their threads.
    drop(room);
}
