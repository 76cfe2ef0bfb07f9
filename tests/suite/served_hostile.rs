//! The real binary serving a room, attacked as a hostile table or a
//! hostile laptop on the same network would: nothing they send stops the
//! room, freezes it, locks tables out or writes on the facilitator's screen.
//! Every attack is on loopback, bounded in count and time.

use crate::common;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::pty::Tui;
use crate::common::ssh::{self, Client, Table};
use russh::client;

const CODE: &str = "wren-larch-5150";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address").port()
}

/// The facilitator's Roundtable serving two groups on a loopback port, on
/// the barriers stage.
fn serve(dir: &std::path::Path) -> (Tui, SocketAddr) {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let mut room = Tui::spawn(dir, &["new", "--groups", "Red,Blue", "--serve", &listen, "--code", CODE]);
    room.expect("Tables join: ssh -p");
    room.send("]]");
    room.expect("Barriers to joint working");
    (room, SocketAddr::from(([127, 0, 0, 1], port)))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime")
}

/// Resident memory of a process, in KiB.
fn resident_kib(room: &Tui) -> u64 {
    let pid = room.pty.get_process().pid().as_raw();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the process's status");
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .expect("VmRSS")
}

/// Signs in and asks for a terminal of any size, as `stty cols 65535 rows
/// 65535; ssh ...` would.
async fn join_sized(addr: SocketAddr, user: &str, columns: u32, rows: u32) -> Table {
    let mut ssh = client::connect(Arc::new(client::Config::default()), addr, Client).await.expect("connected");
    assert!(ssh.authenticate_password(user, CODE).await.expect("an answer").success());
    let channel = ssh.channel_open_session().await.expect("a session channel");
    channel.request_pty(true, "xterm-256color", columns, rows, 0, 0, &[]).await.expect("a pty");
    channel.request_shell(true).await.expect("a shell");
    Table { ssh, channel, screen: vt100::Parser::new(150, 400, 0) }
}

/// Reads what a table is sent until its screen shows `want`.
async fn until_shown(table: &mut Table, want: &str, within: Duration) -> Duration {
    let start = Instant::now();
    while !table.screen.screen().contents().contains(want) {
        assert!(
            start.elapsed() < within,
            "the table never showed {want:?} within {within:?}:\n{}",
            table.screen.screen().contents()
        );
        table.read_for(Duration::from_millis(10)).await;
    }
    start.elapsed()
}

#[test]
fn a_huge_terminal_and_a_huge_window_change_leave_the_room_up_with_bounded_memory() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut room, addr) = serve(dir.path());
    let rt = runtime();
    let before = resident_kib(&room);
    let mut red = rt.block_on(join_sized(addr, "red", 65535, 65535));
    room.expect("1 table");
    rt.block_on(until_shown(&mut red, "Welcome, Red", Duration::from_secs(5)));
    rt.block_on(red.channel.window_change(10_000, 10_000, 0, 0)).expect("a window change");
    // The room still answers: a second table joins and types a barrier
    // that the facilitator sees.
    let mut blue = rt.block_on(ssh::join(addr, "blue", CODE));
    room.expect("2 tables");
    rt.block_on(blue.channel.data(&b"a"[..])).expect("sent");
    rt.block_on(until_shown(&mut blue, "New barrier", Duration::from_secs(5)));
    rt.block_on(blue.channel.data(&b"Still standing"[..])).expect("sent");
    room.send("g");
    room.expect("Still standing");
    let grown = resident_kib(&room).saturating_sub(before);
    // The largest screen a table gets (400x150) costs a few megabytes;
    // 65535x65535 would be hundreds of gigabytes.
    assert!(grown < 40 * 1024, "serving the huge table cost {grown} KiB");
    rt.block_on(until_shown(&mut red, "Barriers", Duration::from_secs(5)));
}

#[test]
fn after_a_storm_of_window_changes_another_tables_key_is_answered_at_once() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut room, addr) = serve(dir.path());
    let rt = runtime();
    let mut red = rt.block_on(join_sized(addr, "red", 80, 24));
    let mut blue = rt.block_on(ssh::join(addr, "blue", CODE));
    room.expect("2 tables");
    rt.block_on(until_shown(&mut blue, "Welcome, Blue", Duration::from_secs(5)));
    rt.block_on(async {
        for i in 0..2_000u32 {
            red.channel.window_change(1000 + i % 1000, 1000 + i % 1000, 0, 0).await.expect("a window change");
        }
        red.channel.window_change(2000, 2000, 0, 0).await.expect("a window change");
    });
    rt.block_on(blue.channel.data(&b"a"[..])).expect("sent");
    let took = rt.block_on(until_shown(&mut blue, "New barrier", Duration::from_secs(5)));
    assert!(took < Duration::from_millis(200), "Blue waited {took:?} for its key after Red's storm");
    // Red's screen is drawn for its newest size, clamped.
    red.screen.screen_mut().set_size(150, 400);
    rt.block_on(until_shown(&mut red, "Barriers", Duration::from_secs(5)));
}

#[test]
fn two_hundred_idle_connections_do_not_keep_a_table_out() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut room, addr) = serve(dir.path());
    let rt = runtime();
    // A laptop on the network opens connections and never speaks SSH.
    let idle = rt.block_on(async {
        let mut held = Vec::new();
        for _ in 0..200 {
            let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
            socket.bind("127.0.0.2:0".parse().expect("an address")).expect("bound to a second loopback address");
            if let Ok(stream) = socket.connect(addr).await {
                held.push(stream);
            }
        }
        held
    });
    assert!(idle.len() >= 100, "the idle connections were opened ({})", idle.len());
    std::thread::sleep(Duration::from_millis(600));
    let start = Instant::now();
    let mut red = rt.block_on(async {
        tokio::time::timeout(Duration::from_secs(2), ssh::join(addr, "red", CODE)).await.expect("signed in within 2 s")
    });
    assert!(start.elapsed() < Duration::from_secs(2));
    rt.block_on(until_shown(&mut red, "Welcome, Red", Duration::from_secs(2)));
    room.expect("1 table");
    drop(idle);
}

#[test]
fn a_table_that_drops_writes_nothing_on_the_facilitators_terminal() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut room, addr) = serve(dir.path());
    let rt = runtime();
    let mut red = rt.block_on(ssh::join(addr, "red", CODE));
    let mut blue = rt.block_on(ssh::join(addr, "blue", CODE));
    room.expect("2 tables");
    rt.block_on(until_shown(&mut red, "Welcome, Red", Duration::from_secs(5)));
    rt.block_on(until_shown(&mut blue, "Welcome, Blue", Duration::from_secs(5)));
    let seen = room.raw.len();
    // Red's laptop goes: the connection ends without a word.
    drop(red);
    room.expect("1 table");
    // The room goes on drawing (a change the facilitator makes), and then
    // quits with Blue still connected.
    room.send("a");
    room.expect("New barrier");
    room.send("\x1b");
    room.send("q");
    room.expect("Connected to this room: 1 table over SSH.");
    room.send("y");
    room.wait_for_exit();
    let after = String::from_utf8_lossy(&room.raw[seen..]).into_owned();
    for stray in ["Failed", "broken pipe", "Broken pipe", "not connected", "error"] {
        assert!(!after.contains(stray), "{stray:?} reached the facilitator's terminal:\n{after}");
    }
    rt.block_on(async {
        while blue.read_for(Duration::from_millis(200)).await
            && !blue.screen.screen().contents().contains("closed the room")
        {}
    });
}

#[test]
fn a_session_file_called_room_ron_can_be_served() {
    use roundtable::domain::session::{Mode, Session};
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("room.ron");
    let session =
        Session::new("Called room", roundtable::scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
    roundtable::store::save_session(&session, &file).expect("saved");
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let path = file.to_string_lossy().into_owned();
    let mut room = Tui::spawn(dir.path(), &["open", &path, "--serve", &listen, "--code", CODE]);
    room.expect("Tables join: ssh -p");
    let rt = runtime();
    let mut red = rt.block_on(ssh::join(SocketAddr::from(([127, 0, 0, 1], port)), "red", CODE));
    rt.block_on(until_shown(&mut red, "Welcome, Red", Duration::from_secs(5)));
    room.send("q");
    room.expect("Quit and end the room?");
    room.send("q");
    room.wait_for_exit();
}

#[test]
fn a_shared_folders_room_is_not_served() {
    use roundtable::domain::session::{Mode, Session};
    let dir = tempfile::tempdir().expect("a temporary folder");
    let session = Session::new("Folder", roundtable::scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
    let room = roundtable::store::folder::create_room(dir.path(), &session).expect("a room");
    let out = std::process::Command::new(common::pty::BIN)
        .args(["open", &room.to_string_lossy(), "--serve", "127.0.0.1:0"])
        .env("ROUNDTABLE_DATA_DIR", dir.path())
        .output()
        .expect("it runs");
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("shared folder") && said.contains("not both"), "{said}");
}
