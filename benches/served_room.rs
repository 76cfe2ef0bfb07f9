//! A served room under load, for the figures in docs/performance.md.
//!
//! Twelve tables connect over loopback with a russh client and each types
//! ten keys a second into an open form. For each key this measures the time
//! from the table sending it to the change being in the session, and to
//! the facilitator's screen being redrawn with it (200x60). Then forty idle
//! connections: the CPU the process uses over a few seconds, and the memory
//! each connection adds. `cargo bench --bench served_room` prints the
//! figures. (Each table's input is capped at 500 keys a second, so a
//! criterion loop firing keys back to back would measure the cap, not the room.)

#[path = "../tests/common/ssh.rs"]
mod ssh;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roundtable::app::App;
use roundtable::domain::session::{Mode, Session};
use roundtable::scenarios;
use roundtable::serve::{ConnId, RoomCode, ServeConfig, Server, TableEvent};

const CODE: &str = "otter-reed-2718";
const TABLES: usize = 12;
const KEYS_PER_SECOND: u64 = 10;
const SECONDS: u64 = 10;

struct Room {
    app: App,
    events: mpsc::Receiver<TableEvent>,
    addr: SocketAddr,
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
    let config =
        ServeConfig::new("127.0.0.1:0".parse().expect("an address"), RoomCode::new(CODE), dir.path().join("key"));
    let server = Server::start(config, tx).expect("the server starts");
    let addr = server.local_addr();
    app.serve(server, rx, RoomCode::new(CODE), false);
    let events = app.take_table_events().expect("events");
    Room { app, events, addr, _dir: dir }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{what}: {} keys, p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        samples.len(),
        percentile(&samples, 0.5).as_secs_f64() * 1e3,
        percentile(&samples, 0.95).as_secs_f64() * 1e3,
        samples.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
}

/// CPU time (user and system, in clock ticks) this process has used.
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after.split_whitespace().collect();
    fields.get(11).and_then(|u| u.parse::<u64>().ok()).unwrap_or(0)
        + fields.get(12).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0)
}

fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn twelve_tables_typing(rt: &tokio::runtime::Runtime) {
    let mut room = room(TABLES);
    let mut tables = Vec::new();
    for i in 1..=TABLES {
        tables.push(rt.block_on(ssh::join(room.addr, &format!("table{i}"), CODE)));
        let joined = room.events.recv_timeout(Duration::from_secs(5)).expect("joined");
        room.app.handle_table(joined);
    }
    // Each table opens a new barrier's form; what it types goes in as it types.
    for table in &tables {
        rt.block_on(table.channel.data(&b"a"[..])).expect("sent");
    }
    let mut conn_of = HashMap::new();
    for _ in 0..TABLES {
        if let Ok(TableEvent::Input { conn, event }) = room.events.recv_timeout(Duration::from_secs(5)) {
            conn_of.insert(conn_of.len(), conn);
            room.app.handle_table(TableEvent::Input { conn, event });
        }
    }
    let conns: Vec<ConnId> = room.app.tables.iter().map(|t| t.conn).collect();
    // The typists: one thread sending every table's keys at the pace.
    let (sent_tx, sent_rx) = mpsc::channel::<(usize, Instant)>();
    let total = TABLES as u64 * KEYS_PER_SECOND * SECONDS;
    let channels: Vec<_> = tables.iter().map(|t| t.channel.make_writer()).collect();
    // Each table reads what it is sent, as a terminal would.
    let mut readers = Vec::new();
    for mut table in tables {
        readers.push(rt.spawn(async move { while table.read_for(Duration::from_secs(60)).await {} }));
    }
    let pace = Duration::from_micros(1_000_000 / (TABLES as u64 * KEYS_PER_SECOND));
    let typist = rt.spawn(async move {
        use tokio::io::AsyncWriteExt;
        let mut writers = channels;
        let start = tokio::time::Instant::now();
        for n in 0..total {
            tokio::time::sleep_until(start + pace * n as u32).await;
            let table = n as usize % TABLES;
            let _ = sent_tx.send((table, Instant::now()));
            let _ = writers[table].write_all(b"x").await;
        }
    });
    let mut facilitator = Terminal::new(TestBackend::new(200, 60)).expect("a test terminal");
    let mut pending: HashMap<ConnId, VecDeque<Instant>> = HashMap::new();
    let (mut to_session, mut to_frame) = (Vec::new(), Vec::new());
    while (to_session.len() as u64) < total {
        let Ok(event) = room.events.recv_timeout(Duration::from_secs(5)) else { break };
        while let Ok((table, at)) = sent_rx.try_recv() {
            pending.entry(conns[table]).or_default().push_back(at);
        }
        let TableEvent::Input { conn, .. } = &event else { continue };
        let conn = *conn;
        room.app.handle_table(event);
        let Some(sent) = pending.get_mut(&conn).and_then(VecDeque::pop_front) else { continue };
        to_session.push(sent.elapsed());
        facilitator.draw(|f| f.render_widget(&room.app, f.area())).expect("a frame");
        to_frame.push(sent.elapsed());
    }
    rt.block_on(typist).expect("the typist finished");
    report("key at a table to the change in the session", to_session);
    report("key at a table to the facilitator's redrawn frame", to_frame);
    for reader in readers {
        reader.abort();
    }
}

fn forty_idle_tables(rt: &tokio::runtime::Runtime) {
    let mut room = room(4);
    let before = resident_kib();
    let mut tables = Vec::new();
    for i in 0..40 {
        tables.push(rt.block_on(ssh::join(room.addr, &format!("table{}", i % 4 + 1), CODE)));
        let joined = room.events.recv_timeout(Duration::from_secs(5)).expect("joined");
        room.app.handle_table(joined);
    }
    let mut readers = Vec::new();
    for mut table in tables {
        readers.push(rt.spawn(async move { while table.read_for(Duration::from_secs(60)).await {} }));
    }
    let after = resident_kib();
    println!(
        "forty connections add {} KiB resident, {:.0} KiB each (server, app screens and the test's clients together)",
        after.saturating_sub(before),
        after.saturating_sub(before) as f64 / 40.0
    );
    let ticks = cpu_ticks();
    std::thread::sleep(Duration::from_secs(5));
    println!("forty idle connections: {} CPU ticks (1/100 s) over 5 s", cpu_ticks() - ticks);
    for reader in readers {
        reader.abort();
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime");
    twelve_tables_typing(&rt);
    forty_idle_tables(&rt);
}
