//! Benchmarks for the figures in docs/performance.md.
//!
//! `cargo bench` runs them. The startup and memory figures drive the real
//! release binary, so build it first: `cargo build --release`.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roundtable::app::{App, ReportView};
use roundtable::domain::scenario::BarrierKind;
use roundtable::domain::session::{Action, Barrier, LeadSide, Mode, Session, Solution};
use roundtable::scenarios;
use roundtable::store::{load_session, save_session};

/// A room of `groups` groups, each with a full plan.
fn room(groups: usize) -> Session {
    let names: Vec<String> = (1..=groups).map(|i| format!("Table {i}")).collect();
    let mut s = Session::new("Benchmark", scenarios::built_in_default(), Mode::Room, &names, 0);
    let areas: Vec<String> = s.scenario.areas.iter().map(|a| a.id.clone()).collect();
    for g in &mut s.groups {
        let mut ids = Vec::new();
        for b in 0..6 {
            ids.push(g.add_barrier(Barrier {
                text: format!("Barrier {b}: officers and charities rarely meet as equals"),
                kind: if b % 2 == 0 { BarrierKind::Environmental } else { BarrierKind::Organisational },
                severity: (b % 5) as u8 + 1,
                story: "A story from the table about a contract that went wrong".into(),
                ..Barrier::default()
            }));
        }
        for n in 0..4 {
            g.add_solution(Solution {
                text: format!("Solution {n}: a named contact for every group"),
                barriers: vec![ids[n]],
                areas: vec![areas[n % areas.len()].clone()],
                ..Solution::default()
            });
        }
        for n in 0..5u8 {
            g.add_action(Action {
                title: format!("Action {n}: map the local sector with the infrastructure body"),
                what: "Survey every group and publish a directory".into(),
                lead: LeadSide::ALL[usize::from(n % 3) + 1],
                lead_role: "Head of policy".into(),
                areas: vec![areas[usize::from(n) % areas.len()].clone()],
                barriers: vec![ids[usize::from(n)]],
                start_month: Some(n * 2),
                end_month: Some(n * 3 + 4),
                first_step: "Call the chief officer".into(),
                success: "Three services use the directory".into(),
                within_reach: Some(true),
                ..Action::default()
            });
        }
    }
    s
}

fn app_on(session: Session, stage: usize) -> App {
    let dir = std::env::temp_dir();
    let mut app = App::with_session(dir.clone(), session, dir.join("roundtable-bench.ron"));
    if let Some(o) = app.work.open.as_mut() {
        o.session.stage = stage;
    }
    app
}

/// Draws as the run loop does, keeping what the drawing measured.
fn draw(terminal: &mut Terminal<TestBackend>, app: &mut App) {
    terminal.draw(|f| app.draw(f)).expect("a frame");
}

fn heaviest_screens(c: &mut Criterion) {
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("a test terminal");
    let mut app = app_on(room(12), 6);
    app.screen.view.report = ReportView::SideBySide;
    c.bench_function("draw 12 groups side by side at 200x60", |b| b.iter(|| draw(&mut terminal, black_box(&mut app))));
    app.screen.view.report = ReportView::Map;
    c.bench_function("draw the map of 12 groups at 200x60", |b| b.iter(|| draw(&mut terminal, black_box(&mut app))));
}

fn save_and_load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("fifty.ron");
    let session = room(50);
    save_session(&session, &path).expect("saved");
    c.bench_function("save a 50-group session (atomic, synced)", |b| {
        b.iter(|| save_session(black_box(&session), &path).expect("saved"))
    });
    c.bench_function("load a 50-group session", |b| b.iter(|| load_session(black_box(&path)).expect("loaded")));
}

/// Barriers as groups write them in their own words: some say the same
/// thing differently, most do not.
const OWN_WORDS: [&str; 16] = [
    "Council officers and charity staff barely know each other outside of contract meetings",
    "Officers and charity workers hardly know each other outside contract meetings",
    "No shared data on the local sector",
    "No shared budget for joint projects",
    "Short funding cycles stop charities planning ahead",
    "Funding is only ever for one year so nobody can plan",
    "Monitoring forms are far heavier than the grants they cover",
    "Trustees resist change",
    "The council treats the sector as a junior partner",
    "Small groups cannot compete for big contracts",
    "Nobody knows who to call at the council",
    "Commissioners do not understand what volunteers can offer",
    "Departments work in silos and never talk",
    "We speak different languages: outcomes, outputs, impact",
    "Procurement rules shut out small local charities",
    "Elected members see charities as a cost not a partner",
];

/// A room of `groups` groups, each with `per_group` barriers in its own
/// words drawn from [`OWN_WORDS`].
fn room_of_own_words(groups: usize, per_group: usize) -> Session {
    let names: Vec<String> = (1..=groups).map(|i| format!("Table {i}")).collect();
    let mut s = Session::new("Benchmark", scenarios::built_in_default(), Mode::Room, &names, 0);
    for (gi, g) in s.groups.iter_mut().enumerate() {
        for b in 0..per_group {
            let text = OWN_WORDS[(gi * 5 + b * 3) % OWN_WORDS.len()];
            g.add_barrier(Barrier { text: text.into(), severity: 3, ..Barrier::default() });
        }
    }
    s
}

fn barriers_alike(c: &mut Criterion) {
    let twelve = room_of_own_words(12, 8);
    c.bench_function("barriers alike: 12 groups of 8 barriers", |b| {
        b.iter(|| roundtable::domain::synthesis::similar_pairs(black_box(&twelve)).len())
    });
    let fifty = room_of_own_words(50, 8);
    c.bench_function("barriers alike: 50 groups of 8 barriers", |b| {
        b.iter(|| roundtable::domain::synthesis::similar_pairs(black_box(&fifty)).len())
    });
}

fn keystroke(c: &mut Criterion) {
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("a test terminal");
    let mut app = app_on(room(3), 5);
    app.handle_key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let key = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
    let back = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
    // Type and rub out in turn, so the text stays the same length.
    let mut typed = false;
    c.bench_function("keystroke in the action editor: event, update, draw", |b| {
        b.iter(|| {
            app.handle_key(black_box(if typed { &back } else { &key }));
            typed = !typed;
            draw(&mut terminal, &mut app);
        })
    });
}

/// Peak memory (VmHWM) of a process, in kB.
fn peak_memory_kb(pid: i32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

fn startup(c: &mut Criterion) {
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/roundtable");
    if !binary.exists() {
        eprintln!("skipping startup and memory: build the release binary first (cargo build --release)");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("three.ron");
    save_session(&room(3), &file).expect("saved");
    let spawn = || {
        let mut cmd = std::process::Command::new(&binary);
        cmd.args(["open", "--read-only"])
            .arg(&file)
            .env("ROUNDTABLE_DATA_DIR", dir.path())
            .env("TERM", "xterm-256color");
        let mut pty = expectrl::Session::spawn(cmd).expect("spawned");
        pty.get_process_mut().set_window_size(200, 60).expect("a window size");
        pty
    };
    let first_frame = |pty: &mut expectrl::session::OsSession| {
        let mut buf = [0u8; 65536];
        let mut seen = Vec::new();
        let start = Instant::now();
        let mut answered = false;
        // The stage title is the first frame's; wait for it.
        while !String::from_utf8_lossy(&seen).contains("Welcome and agenda") {
            if let Ok(n) = pty.try_read(&mut buf) {
                seen.extend_from_slice(&buf[..n]);
            }
            // Answer the colour questions as a dark terminal does at once,
            // with the device attributes after them.
            if !answered && seen.windows(3).any(|w| w == b"\x1b[c") {
                answered = true;
                let answer = "\x1b]10;rgb:ffff/ffff/ffff\x1b\\\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[?62;22c";
                let _ = expectrl::Expect::send(pty, answer);
            }
            assert!(start.elapsed() < Duration::from_secs(10), "no first frame");
        }
    };
    let mut group = c.benchmark_group("real binary");
    group.sample_size(20);
    group.bench_function("startup to the first drawn frame (3 groups, 200x60)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let mut pty = spawn();
                first_frame(&mut pty);
                total += start.elapsed();
                let _ = pty.get_process_mut().exit(true);
            }
            total
        })
    });
    group.finish();

    let mut pty = spawn();
    first_frame(&mut pty);
    // Walk every stage once so every screen has been drawn.
    for _ in 0..8 {
        let _ = expectrl::Expect::send(&mut pty, "]");
        std::thread::sleep(Duration::from_millis(50));
        let mut buf = [0u8; 65536];
        while pty.try_read(&mut buf).is_ok_and(|n| n > 0) {}
    }
    let pid = pty.get_process().pid().as_raw();
    if let Some(kb) = peak_memory_kb(pid) {
        eprintln!("peak memory of a 3-group session after every stage: {:.1} MB", kb as f64 / 1024.0);
    }
    let _ = pty.get_process_mut().exit(true);
}

criterion_group!(benches, heaviest_screens, save_and_load, barriers_alike, keystroke, startup);
criterion_main!(benches);
