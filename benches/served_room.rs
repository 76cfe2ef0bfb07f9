//! A served room under load, for the figures in docs/performance.md.
//!
//! Tables connect over loopback with a russh client, each on its own group,
//! open a new barrier's form and type into it. The facilitator's app runs
//! as its run loop does: a table's key is drawn on that table at once, the
//! other screens at the next frame, with the facilitator's screen (200x60)
//! drawn into a test terminal. `cargo bench --bench served_room` prints:
//!
//! - 64 tables each typing 2 keys a second: from a key to its echo on that
//!   table's screen, and to the facilitator's next frame (p50, p95, max);
//! - 12 tables pressing a key at the same instant, twenty times;
//! - the CPU the room's two threads (the app's and the SSH server's) use
//!   per key at 2, 12, 40 and 64 tables;
//! - the memory forty tables at 200x60 add, and the CPU forty idle tables use.
//!
//! Keys are paced as people type (each table's input is capped at 500
//! keys a second, so a criterion loop firing keys back to back would
//! measure the cap, not the room).

#[path = "common/measure.rs"]
mod measure;
#[path = "../tests/suite/common/ssh.rs"]
mod ssh;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roundtable::app::App;
use roundtable::domain::session::{Mode, Session};
use roundtable::scenarios;
use roundtable::serve::{ConnId, RoomCode, ServeConfig, Server, TableEvent};

use measure::{main_thread_name, report, resident_kib, thread_ticks};

const CODE: &str = "otter-reed-2718";

struct Room {
    app: App,
    events: mpsc::Receiver<TableEvent>,
    addr: SocketAddr,
    facilitator: Terminal<TestBackend>,
    _dir: tempfile::TempDir,
}

fn room(groups: usize) -> Room {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let names: Vec<String> = (1..=groups).map(|i| format!("Table{i}")).collect();
    let session = Session::new("Load", scenarios::built_in_default(), Mode::Room, &names, 0);
    let mut app = App::with_session(dir.path().to_path_buf(), session, dir.path().join("load.ron"));
    // The room on the barriers stage, where tables type.
    for _ in 0..2 {
        app.handle_key(&KeyEvent::new(KeyCode::Char(']'), KeyModifiers::NONE));
    }
    let (tx, rx) = mpsc::channel();
    let mut config =
        ServeConfig::new("127.0.0.1:0".parse().expect("an address"), RoomCode::new(CODE), dir.path().join("key"));
    config.max_connections = 128;
    let server = Server::start(config, tx).expect("the server starts");
    let addr = server.local_addr();
    app.serve(server, rx, RoomCode::new(CODE), false);
    let events = app.take_table_events().expect("events");
    let facilitator = Terminal::new(TestBackend::new(200, 60)).expect("a test terminal");
    Room { app, events, addr, facilitator, _dir: dir }
}

impl Room {
    fn draw(&mut self) {
        let app = &mut self.app;
        self.facilitator.draw(|f| app.draw(f)).expect("a frame");
    }

    /// Joins `n` tables, one per group, each with a new barrier's form open.
    fn join(&mut self, rt: &tokio::runtime::Runtime, n: usize, size: (u32, u32)) -> Vec<ssh::Table> {
        let mut tables = Vec::new();
        for i in 1..=n {
            tables.push(rt.block_on(ssh::join_sized(
                self.addr,
                &format!("table{}", (i - 1) % self.groups() + 1),
                CODE,
                size,
            )));
            let joined = self.events.recv_timeout(Duration::from_secs(5)).expect("joined");
            self.app.handle_table(joined);
        }
        tables
    }

    fn groups(&self) -> usize {
        self.app.session().map_or(1, |s| s.groups.len())
    }

    /// Runs as `app::run` does, until `until`: events are handled as they
    /// come, a burst whole before its frame; a frame is drawn when due.
    /// Calls `handled` with each key's table, and `framed` at each frame
    /// of the facilitator's screen.
    fn run_for(&mut self, until: Instant, mut handled: impl FnMut(ConnId), mut framed: impl FnMut(Instant)) {
        let mut draining_since: Option<Instant> = None;
        let mut held: Option<TableEvent> = None;
        while Instant::now() < until {
            let now = Instant::now();
            let wait = self.app.frame_in(now).unwrap_or(Duration::from_millis(50)).min(until - now);
            let next = held.take().or_else(|| self.events.recv_timeout(wait).ok());
            if let Some(event) = next {
                let conn = match &event {
                    TableEvent::Input { conn, .. } => Some(*conn),
                    _ => None,
                };
                self.app.handle_table(event);
                if let Some(conn) = conn {
                    handled(conn);
                }
                // As app::run does: a burst is handled whole before its
                // frame, for at most a frame's time.
                held = self.events.try_recv().ok();
                if held.is_some() {
                    let since = *draining_since.get_or_insert_with(Instant::now);
                    if since.elapsed() < roundtable::app::tables::FRAME {
                        continue;
                    }
                }
            }
            draining_since = None;
            self.app.tick(Instant::now());
            if self.app.frame(Instant::now()) {
                self.draw();
                framed(Instant::now());
            }
        }
    }
}

/// When each table's packets arrived, table by table.
type Arrivals = Arc<Mutex<Vec<VecDeque<Instant>>>>;

/// Each table reads what it is sent, as a terminal would, noting when
/// each packet came.
fn readers(rt: &tokio::runtime::Runtime, tables: Vec<ssh::Table>) -> (Vec<tokio::task::JoinHandle<()>>, Arrivals) {
    let arrivals = Arc::new(Mutex::new(vec![VecDeque::new(); tables.len()]));
    let mut handles = Vec::new();
    for (i, mut table) in tables.into_iter().enumerate() {
        let arrivals = arrivals.clone();
        handles.push(rt.spawn(async move {
            loop {
                match table.channel.wait().await {
                    Some(russh::ChannelMsg::Data { .. }) => {
                        arrivals.lock().expect("arrivals")[i].push_back(Instant::now())
                    }
                    Some(_) => {}
                    None => break,
                }
            }
        }));
    }
    (handles, arrivals)
}

/// `tables` tables each typing `per_second` keys a second for `seconds`,
/// all at once if `together`, else spread evenly. Prints the key-to-echo
/// and key-to-frame times and the CPU per key.
fn typing(rt: &tokio::runtime::Runtime, tables: usize, per_second: u64, seconds: u64, together: bool, label: &str) {
    let mut room = room(tables);
    let joined = room.join(rt, tables, (80, 24));
    let writers: Vec<_> = joined.iter().map(|t| t.channel.make_writer()).collect();
    let conns: Vec<ConnId> = room.app.tables.iter().map(|t| t.conn).collect();
    // Each table opens a new barrier's form.
    for channel in joined.iter().map(|t| &t.channel) {
        rt.block_on(channel.data(&b"a"[..])).expect("sent");
    }
    room.run_for(Instant::now() + Duration::from_millis(500), |_| {}, |_| {});
    let (readers, arrivals) = readers(rt, joined);
    std::thread::sleep(Duration::from_millis(100));
    arrivals.lock().expect("arrivals").iter_mut().for_each(VecDeque::clear);

    let (sent_tx, sent_rx) = mpsc::channel::<(usize, Instant)>();
    let rounds = per_second * seconds;
    let gap = Duration::from_micros(1_000_000 / per_second);
    let typist = rt.spawn(async move {
        use tokio::io::AsyncWriteExt;
        let mut writers = writers;
        let start = tokio::time::Instant::now() + Duration::from_millis(50);
        for round in 0..rounds {
            for (table, writer) in writers.iter_mut().enumerate() {
                let offset = if together { Duration::ZERO } else { gap * table as u32 / tables as u32 };
                tokio::time::sleep_until(start + gap * round as u32 + offset).await;
                let _ = sent_tx.send((table, Instant::now()));
                let _ = writer.write_all(b"x").await;
            }
        }
    });
    let main = main_thread_name();
    let threads = [main.as_str(), "roundtable-ssh"];
    let ticks = thread_ticks(&threads);
    let mut sent: Vec<(usize, Instant)> = Vec::new();
    let handled_since_frame: std::cell::RefCell<Vec<Instant>> = std::cell::RefCell::default();
    let mut pending: HashMap<ConnId, VecDeque<Instant>> = HashMap::new();
    let mut to_frame = Vec::new();
    let end = Instant::now() + Duration::from_secs(seconds) + Duration::from_millis(700);
    room.run_for(
        end,
        |conn| {
            while let Ok((table, at)) = sent_rx.try_recv() {
                sent.push((table, at));
                pending.entry(conns[table]).or_default().push_back(at);
            }
            if let Some(at) = pending.get_mut(&conn).and_then(VecDeque::pop_front) {
                handled_since_frame.borrow_mut().push(at);
            }
        },
        |at| {
            for key in handled_since_frame.borrow_mut().drain(..) {
                to_frame.push(at - key);
            }
        },
    );
    let used = thread_ticks(&threads) - ticks;
    rt.block_on(typist).expect("the typist finished");
    while let Ok(s) = sent_rx.try_recv() {
        sent.push(s);
    }
    // Each key's echo: the first packet its table got after it was sent.
    let arrivals = arrivals.lock().expect("arrivals").clone();
    let mut to_echo = Vec::new();
    for (table, at) in &sent {
        if let Some(echo) = arrivals[*table].iter().find(|t| **t >= *at) {
            to_echo.push(*echo - *at);
        }
    }
    report(&format!("{label}: key at a table to its echo on that table"), "keys", to_echo);
    report(&format!("{label}: key at a table to the facilitator's next frame"), "keys", to_frame);
    let keys = sent.len().max(1);
    println!(
        "{label}: {:.2} ms of the room's CPU per key ({} keys, {} ticks of 10 ms on the app's and the SSH server's threads)",
        used as f64 * 10.0 / keys as f64,
        keys,
        used
    );
    for reader in readers {
        reader.abort();
    }
}

fn forty_tables_at_200x60(rt: &tokio::runtime::Runtime) {
    let mut room = room(4);
    let before = resident_kib();
    let tables = room.join(rt, 40, (200, 60));
    room.run_for(Instant::now() + Duration::from_millis(300), |_| {}, |_| {});
    let (readers, _) = readers(rt, tables);
    std::thread::sleep(Duration::from_millis(300));
    let after = resident_kib();
    println!(
        "forty tables at 200x60 add {} KiB resident, {:.0} KiB each (server, app screens and the test's clients together)",
        after.saturating_sub(before),
        after.saturating_sub(before) as f64 / 40.0
    );
    let main = main_thread_name();
    let threads = [main.as_str(), "roundtable-ssh"];
    let ticks = thread_ticks(&threads);
    room.run_for(Instant::now() + Duration::from_secs(5), |_| {}, |_| {});
    println!("forty idle tables: {} CPU ticks (1/100 s) over 5 s", thread_ticks(&threads) - ticks);
    for reader in readers {
        reader.abort();
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime");
    typing(&rt, 64, 2, 10, false, "64 tables, 2 keys a second each");
    typing(&rt, 12, 2, 10, true, "12 tables pressing a key at the same instant");
    for tables in [2, 12, 40] {
        typing(&rt, tables, 2, 8, false, &format!("{tables} tables, 2 keys a second each"));
    }
    forty_tables_at_200x60(&rt);
}
