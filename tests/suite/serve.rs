//! The SSH transport, driven by a russh client over loopback: signing in
//! with the room code, what is refused, keys in, screens out, limits.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use roundtable::serve::{ConnId, RoomCode, ServeConfig, ServeError, Server, TableEvent};
use russh::client::{self, KeyboardInteractiveAuthResponse};
use russh::keys::{HashAlg, PublicKeyOrCertificate};
use russh::{ChannelMsg, Disconnect};

const CODE: &str = "kite-moss-4729";
const WAIT: Duration = Duration::from_secs(5);

/// A served room on a free loopback port, with a host key in a temporary
/// folder, and the events it sends.
struct Room {
    server: Server,
    events: mpsc::Receiver<TableEvent>,
    rt: tokio::runtime::Runtime,
    dir: tempfile::TempDir,
}

fn config(dir: &std::path::Path) -> ServeConfig {
    let mut config =
        ServeConfig::new("127.0.0.1:0".parse().unwrap(), RoomCode::new(CODE), dir.join("keys").join("host_ed25519"));
    config.reject_delay = Duration::from_millis(5);
    config
}

fn room_with(tweak: impl FnOnce(&mut ServeConfig)) -> Room {
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path());
    tweak(&mut config);
    let (tx, events) = mpsc::channel();
    let server = Server::start(config, tx).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    Room { server, events, rt, dir }
}

fn room() -> Room {
    room_with(|_| {})
}

impl Room {
    fn addr(&self) -> SocketAddr {
        self.server.local_addr()
    }

    fn next(&self) -> TableEvent {
        self.events.recv_timeout(WAIT).expect("an event from the server")
    }

    fn joined(&self) -> (ConnId, String, (u16, u16)) {
        match self.next() {
            TableEvent::Joined { conn, user, from, size } => {
                assert!(from.ip().is_loopback());
                (conn, user, size)
            }
            other => panic!("expected Joined, got {other:?}"),
        }
    }

    fn input(&self, conn: ConnId) -> Event {
        match self.next() {
            TableEvent::Input { conn: c, event } if c == conn => event,
            other => panic!("expected Input from {conn}, got {other:?}"),
        }
    }

    fn left(&self, conn: ConnId) {
        match self.next() {
            TableEvent::Left { conn: c } if c == conn => {}
            other => panic!("expected Left from {conn}, got {other:?}"),
        }
    }

    fn connect(&self) -> Table {
        self.rt.block_on(connect(self.addr())).expect("connected")
    }

    /// Signed in, with a pty of `size` and a shell.
    fn join(&self, user: &str, size: (u32, u32)) -> Table {
        let mut table = self.connect();
        self.rt.block_on(async {
            assert!(table.ssh.authenticate_password(user, CODE).await.unwrap().success());
            let channel = table.ssh.channel_open_session().await.unwrap();
            channel.request_pty(true, "xterm-256color", size.0, size.1, 0, 0, &[]).await.unwrap();
            channel.request_shell(true).await.unwrap();
            table.channel = Some(channel);
        });
        table
    }
}

/// What the client's handler saw.
#[derive(Debug)]
enum Heard {
    HostKey(String),
    Disconnect(String),
    Ended,
}

struct Client(mpsc::Sender<Heard>);

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(&mut self, key: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        if let PublicKeyOrCertificate::PublicKey { key, .. } = key {
            let _ = self.0.send(Heard::HostKey(key.fingerprint(HashAlg::Sha256).to_string()));
        }
        Ok(true)
    }

    async fn disconnected(&mut self, reason: client::DisconnectReason<Self::Error>) -> Result<(), Self::Error> {
        if let client::DisconnectReason::ReceivedDisconnect(info) = reason {
            let _ = self.0.send(Heard::Disconnect(info.message));
        }
        Ok(())
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.0.send(Heard::Ended);
    }
}

struct Table {
    ssh: client::Handle<Client>,
    heard: mpsc::Receiver<Heard>,
    channel: Option<russh::Channel<client::Msg>>,
}

impl Table {
    /// Waits until the connection is over; returns the reason the server
    /// gave, if it gave one.
    fn ended(&self) -> Option<String> {
        let mut reason = None;
        loop {
            match self.heard.recv_timeout(WAIT).expect("the connection to end") {
                Heard::Disconnect(why) => reason = Some(why),
                Heard::Ended => return reason,
                Heard::HostKey(_) => {}
            }
        }
    }

    fn host_key(&self) -> String {
        match self.heard.recv_timeout(WAIT) {
            Ok(Heard::HostKey(fingerprint)) => fingerprint,
            other => panic!("expected the host key first, got {other:?}"),
        }
    }

    fn channel(&mut self) -> &mut russh::Channel<client::Msg> {
        self.channel.as_mut().expect("a shell")
    }
}

async fn connect(addr: SocketAddr) -> Result<Table, russh::Error> {
    let (tx, heard) = mpsc::channel();
    let ssh = client::connect(Arc::new(client::Config::default()), addr, Client(tx)).await?;
    Ok(Table { ssh, heard, channel: None })
}

/// The next reply to a request on the channel, skipping data.
async fn reply(channel: &mut russh::Channel<client::Msg>) -> ChannelMsg {
    tokio::time::timeout(WAIT, async {
        loop {
            match channel.wait().await {
                Some(ChannelMsg::Data { .. } | ChannelMsg::WindowAdjusted { .. }) => {}
                Some(msg) => return msg,
                None => return ChannelMsg::Close,
            }
        }
    })
    .await
    .expect("a reply")
}

/// Bytes from the server until `want` has arrived, or the channel ends.
async fn read_until(channel: &mut russh::Channel<client::Msg>, want: &[u8]) -> Vec<u8> {
    let mut got = Vec::new();
    let _ = tokio::time::timeout(WAIT, async {
        while !got.windows(want.len()).any(|w| w == want) {
            match channel.wait().await {
                Some(ChannelMsg::Data { data }) => got.extend_from_slice(&data),
                Some(_) => {}
                None => return,
            }
        }
    })
    .await;
    got
}

fn press(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

#[test]
fn the_right_code_joins_with_the_user_name_and_terminal_size() {
    let room = room();
    let _red = room.join("Red", (100, 30));
    let (_, user, size) = room.joined();
    assert_eq!(user, "Red");
    assert_eq!(size, (100, 30));
    assert_eq!(room.server.connections(), 1);
}

#[test]
fn keyboard_interactive_asks_for_the_room_code() {
    let room = room();
    let mut table = room.connect();
    room.rt.block_on(async {
        let asked = table.ssh.authenticate_keyboard_interactive_start("blue", None).await.unwrap();
        let KeyboardInteractiveAuthResponse::InfoRequest { prompts, .. } = asked else { panic!("{asked:?}") };
        assert_eq!(prompts.len(), 1);
        assert!(prompts[0].prompt.contains("Room code") && !prompts[0].echo);
        let answer = table.ssh.authenticate_keyboard_interactive_respond(vec![format!(" {} ", CODE.to_uppercase())]);
        assert!(matches!(answer.await.unwrap(), KeyboardInteractiveAuthResponse::Success));
    });
}

#[test]
fn a_wrong_code_is_refused_and_the_third_ends_the_connection() {
    let room = room();
    let mut table = room.connect();
    room.rt.block_on(async {
        for _ in 0..2 {
            assert!(!table.ssh.authenticate_password("red", "kite-moss-0000").await.unwrap().success());
        }
        let third = table.ssh.authenticate_password("red", "").await;
        assert!(!third.is_ok_and(|r| r.success()));
    });
    let reason = table.ended().expect("a reason");
    assert!(reason.contains("Three wrong room codes"), "{reason}");
    assert!(room.events.try_recv().is_err(), "nothing joined");
}

#[test]
fn a_code_changed_live_is_the_one_that_works() {
    let room = room();
    room.server.code().set("otter-1234");
    let mut table = room.connect();
    room.rt.block_on(async {
        assert!(!table.ssh.authenticate_password("red", CODE).await.unwrap().success());
        assert!(table.ssh.authenticate_password("red", "otter-1234").await.unwrap().success());
    });
}

#[test]
fn public_keys_are_not_offered_as_a_way_in() {
    let room = room();
    let mut table = room.connect();
    room.rt.block_on(async {
        let none = table.ssh.authenticate_none("red").await.unwrap();
        let russh::client::AuthResult::Failure { remaining_methods, .. } = none else { panic!("none let us in") };
        let methods: Vec<&str> = remaining_methods.iter().map(<&str>::from).collect();
        assert_eq!(methods, ["password", "keyboard-interactive"]);
    });
}

#[test]
fn exec_sftp_forwarding_agent_and_x11_are_all_refused() {
    let room = room();
    let mut table = room.connect();
    room.rt.block_on(async {
        assert!(table.ssh.authenticate_password("red", CODE).await.unwrap().success());
        let mut channel = table.ssh.channel_open_session().await.unwrap();
        channel.exec(true, "cat /etc/passwd").await.unwrap();
        assert!(matches!(reply(&mut channel).await, ChannelMsg::Failure), "exec");
        channel.request_subsystem(true, "sftp").await.unwrap();
        assert!(matches!(reply(&mut channel).await, ChannelMsg::Failure), "sftp");
        channel.agent_forward(true).await.unwrap();
        assert!(matches!(reply(&mut channel).await, ChannelMsg::Failure), "agent forwarding");
        channel.request_x11(true, false, "MIT-MAGIC-COOKIE-1", "00", 0).await.unwrap();
        assert!(matches!(reply(&mut channel).await, ChannelMsg::Failure), "x11");
        channel.set_env(true, "LD_PRELOAD", "/tmp/evil.so").await.unwrap();
        assert!(matches!(reply(&mut channel).await, ChannelMsg::Failure), "env");
        let forward = table.ssh.channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 40000).await;
        assert!(
            matches!(
                forward,
                Err(russh::Error::ChannelOpenFailure(russh::ChannelOpenFailure::AdministrativelyProhibited))
            ),
            "direct-tcpip: {:?}",
            forward.map(|c| c.id())
        );
        assert!(table.ssh.tcpip_forward("127.0.0.1", 0).await.is_err(), "tcpip-forward");

        // A shell without a pty is no use to a table: refused, and the
        // connection ends with a hint.
        channel.request_shell(true).await.unwrap();
        assert!(matches!(reply(&mut channel).await, ChannelMsg::Failure), "shell without a pty");
    });
    assert!(table.ended().is_some_and(|why| why.contains("ssh -t")));
    assert!(room.events.try_recv().is_err(), "nothing joined");
}

#[test]
fn one_session_channel_per_connection() {
    let room = room();
    let table = room.join("red", (80, 24));
    room.joined();
    let second = room.rt.block_on(table.ssh.channel_open_session());
    assert!(matches!(second, Err(russh::Error::ChannelOpenFailure(_))), "{:?}", second.map(|c| c.id()));
}

#[test]
fn keys_pastes_and_resizes_arrive_as_crossterm_events_in_order() {
    let room = room();
    let mut table = room.join("green", (80, 24));
    let (conn, _, _) = room.joined();
    room.rt.block_on(async {
        let channel = table.channel();
        for packet in
            [&b"abc"[..], b"\r", b"\x1b[A", b"\x1b[200~one\r\ntwo\x1b[2J\x07\x1b[201~", b"\x1b", b"\x1b[1;5C", b"\x03"]
        {
            channel.data_bytes(packet.to_vec()).await.unwrap();
        }
        channel.window_change(120, 40, 0, 0).await.unwrap();
        channel.data_bytes(&b"z"[..]).await.unwrap();
    });
    let expected = [
        press(KeyCode::Char('a')),
        press(KeyCode::Char('b')),
        press(KeyCode::Char('c')),
        press(KeyCode::Enter),
        press(KeyCode::Up),
        Event::Paste("one\ntwo".into()),
        press(KeyCode::Esc),
        Event::Key(KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL)),
        Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Event::Resize(120, 40),
        press(KeyCode::Char('z')),
    ];
    for want in expected {
        assert_eq!(room.input(conn), want);
    }
}

#[test]
fn a_paste_is_cut_at_ten_thousand_characters() {
    let room = room();
    let mut table = room.join("green", (80, 24));
    let (conn, _, _) = room.joined();
    room.rt.block_on(async {
        let mut paste = b"\x1b[200~".to_vec();
        paste.extend(std::iter::repeat_n(b'x', 50_000));
        paste.extend_from_slice(b"\x1b[201~");
        table.channel().data_bytes(paste).await.unwrap();
        table.channel().data_bytes(&b"q"[..]).await.unwrap();
    });
    let Event::Paste(text) = room.input(conn) else { panic!("a paste") };
    assert_eq!(text.len(), 10_000);
    assert_eq!(room.input(conn), press(KeyCode::Char('q')));
}

#[test]
fn flushed_output_reaches_the_table_and_a_ratatui_frame_draws_there() {
    let room = room();
    let mut table = room.join("red", (40, 6));
    let (conn, _, (w, h)) = room.joined();

    let mut out = room.server.output(conn);
    out.write_all(b"hello, ").unwrap();
    out.write_all(b"Red table").unwrap();
    out.flush().unwrap();
    let got = room.rt.block_on(read_until(table.channel(), b"hello, Red table"));
    assert!(got.ends_with(b"hello, Red table"), "{}", String::from_utf8_lossy(&got));

    let backend = ratatui::backend::CrosstermBackend::new(room.server.output(conn));
    let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h));
    let mut terminal = ratatui::Terminal::with_options(backend, ratatui::TerminalOptions { viewport }).unwrap();
    terminal.draw(|f| f.render_widget(ratatui::widgets::Paragraph::new("Barriers: trust"), f.area())).unwrap();
    let got = room.rt.block_on(read_until(table.channel(), b"trust"));
    let mut screen = vt100::Parser::new(h, w, 0);
    screen.process(&got);
    assert!(screen.screen().contents().contains("Barriers: trust"), "{:?}", screen.screen().contents());
}

#[test]
fn close_sends_what_was_flushed_then_disconnects_and_the_table_leaves() {
    let room = room();
    let mut table = room.join("red", (80, 24));
    let (conn, _, _) = room.joined();
    let mut out = room.server.output(conn);
    write!(out, "goodbye, Red").unwrap();
    out.flush().unwrap();
    room.server.close(conn);
    let got = room.rt.block_on(read_until(table.channel(), b"goodbye, Red"));
    assert!(got.ends_with(b"goodbye, Red"));
    table.ended();
    room.left(conn);
    assert_eq!(room.server.connections(), 0);
    assert!(out.write_all(b"more").and_then(|()| out.flush()).is_err(), "writing to a gone table fails");
}

#[test]
fn a_table_that_hangs_up_leaves() {
    let room = room();
    let table = room.join("red", (80, 24));
    let (conn, _, _) = room.joined();
    room.rt.block_on(table.ssh.disconnect(Disconnect::ByApplication, "", "")).unwrap();
    room.left(conn);
}

#[test]
fn an_idle_table_is_closed() {
    let room = room_with(|c| c.idle_timeout = Duration::from_millis(300));
    let table = room.join("red", (80, 24));
    let (conn, _, _) = room.joined();
    room.left(conn);
    assert!(table.ended().is_some_and(|why| why.contains("no keys pressed")));
}

#[test]
fn the_host_key_is_private_reused_and_what_clients_see() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys").join("host_ed25519");
    let start = || Server::start(config(dir.path()), mpsc::channel().0).unwrap();

    let first = start();
    let fingerprint = first.fingerprint();
    assert!(fingerprint.starts_with("SHA256:") && fingerprint.len() == 50, "{fingerprint}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let table = rt.block_on(connect(first.local_addr())).unwrap();
    assert_eq!(table.host_key(), fingerprint);
    drop(first);

    let text = std::fs::read(&path).unwrap();
    let second = start();
    assert_eq!(second.fingerprint(), fingerprint);
    assert_eq!(std::fs::read(&path).unwrap(), text);
}

#[test]
fn a_corrupt_host_key_is_an_error_naming_the_file_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys").join("host_ed25519");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n").unwrap();
    let error = Server::start(config(dir.path()), mpsc::channel().0).unwrap_err();
    assert!(matches!(error, ServeError::HostKey { .. }));
    assert!(error.to_string().contains(&path.display().to_string()), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n");
}

#[test]
fn a_port_in_use_is_an_error_naming_the_address() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path());
    config.addr = taken.local_addr().unwrap();
    let error = Server::start(config, mpsc::channel().0).unwrap_err();
    let message = error.to_string();
    assert!(message.contains(&taken.local_addr().unwrap().to_string()) && message.contains("in use"), "{message}");
}

#[test]
fn tables_past_the_limit_are_turned_away_until_one_leaves() {
    let room = room_with(|c| c.max_connections = 2);
    let red = room.join("red", (80, 24));
    let (red_conn, _, _) = room.joined();
    // Connections that have not signed in hold no table's place.
    let _waiting = room.connect();
    let _waiting_too = room.connect();
    assert_eq!(room.server.connections(), 3);
    assert_eq!(room.server.signing_in(), 2);
    let _blue = room.join("blue", (80, 24));
    room.joined();
    // Both places are taken: a third table is told so.
    let mut green = room.connect();
    let refused = room.rt.block_on(green.ssh.authenticate_password("green", CODE));
    assert!(!refused.is_ok_and(|r| r.success()), "a third table signed in");
    assert!(green.ended().is_some_and(|why| why.contains("room is full")), "{:?}", green.ended());

    room.rt.block_on(red.ssh.disconnect(Disconnect::ByApplication, "", "")).unwrap();
    room.left(red_conn);
    let _green = room.join("green", (80, 24));
    room.joined();
}

#[test]
fn more_than_ten_wrong_codes_in_a_minute_shut_the_address_out() {
    let room = room();
    let mut early = room.connect();
    for _ in 0..4 {
        let mut table = room.connect();
        room.rt.block_on(async {
            for _ in 0..3 {
                if table.ssh.authenticate_password("red", "wrong").await.is_err() {
                    break;
                }
            }
        });
        table.ended();
    }
    // Shut out: a connection already open cannot sign in even with the
    // right code, and a new one is closed as it arrives.
    let refused = room.rt.block_on(early.ssh.authenticate_password("red", CODE));
    assert!(!refused.is_ok_and(|r| r.success()));
    assert!(early.ended().is_some_and(|why| why.contains("wait a minute")));
    assert!(room.rt.block_on(connect(room.addr())).is_err());
    assert!(room.events.try_recv().is_err(), "nothing joined");
}

#[test]
fn a_user_name_with_control_characters_is_cleaned() {
    let room = room();
    let _table = room.join("re\x1b[31md\x07\u{202e}", (80, 24));
    let (_, user, _) = room.joined();
    assert_eq!(user, "red");
}

#[test]
fn stopping_the_server_says_goodbye_to_every_table() {
    let room = room();
    let table = room.join("red", (80, 24));
    let (conn, _, _) = room.joined();
    let Room { server, events, rt: _rt, dir: _dir } = room;
    server.stop();
    assert!(table.ended().is_some_and(|why| why.contains("room has closed")));
    assert_eq!(events.recv_timeout(WAIT).unwrap(), TableEvent::Left { conn });
}
