//! A served room joined with the OpenSSH client, where one is installed:
//! the real binary serves, `ssh` in a pseudo-terminal joins as a table.

use std::process::Command;

use crate::common::pty::Tui;
use expectrl::Expect;

const CODE: &str = "heron-pike-3141";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address").port()
}

fn has_ssh() -> bool {
    Command::new("ssh").arg("-V").output().is_ok_and(|o| o.status.success())
}

/// Whether the OpenSSH tests can run here. Where tools are required
/// (`ROUNDTABLE_REQUIRE_TOOLS=1`, as CI sets it) a missing client fails the
/// test; elsewhere the test says it was skipped.
fn ssh_or_skip() -> bool {
    if has_ssh() {
        return true;
    }
    assert!(
        std::env::var_os("ROUNDTABLE_REQUIRE_TOOLS").is_none(),
        "the OpenSSH client (ssh) is required here but not installed"
    );
    eprintln!("SKIPPED: the OpenSSH client is not installed (install openssh-client to run this test)");
    false
}

#[test]
fn a_table_joins_with_openssh_types_a_barrier_and_leaves() {
    if !ssh_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let port = free_port().to_string();
    let listen = format!("127.0.0.1:{port}");
    let mut room = Tui::spawn(dir.path(), &["new", "--groups", "Red,Blue", "--serve", &listen, "--code", CODE]);
    room.expect("Tables join: ssh -p");
    room.expect(CODE);
    // The room on the barriers stage.
    room.send("]]");
    room.expect("Barriers to joint working");

    let mut ssh = Command::new("ssh");
    ssh.args(["-p", &port, "-o", "StrictHostKeyChecking=no", "-o"])
        .arg(format!("UserKnownHostsFile={}", dir.path().join("known_hosts").display()))
        .args(["-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1", "red@127.0.0.1"]);
    let mut red = Tui::spawn_command(ssh);
    red.expect("Room code");
    red.pty.send_line(CODE).expect("the code is typed");
    red.expect("Welcome, Red");
    room.expect("1 table");
    red.send("a");
    red.expect("New barrier");
    red.pty.send("Nobody owns the relationship").expect("typed");
    red.expect("Nobody owns the relationship");
    red.send("\x1b");
    room.expect("Nobody owns the relationship");
    red.send("q");
    red.wait_for_exit();
    // The table is told it has left; the last bytes may come just after
    // the client ends.
    let start = std::time::Instant::now();
    while !String::from_utf8_lossy(&red.raw).contains("Left the room") && start.elapsed().as_secs() < 5 {
        red.pump();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let said = String::from_utf8_lossy(&red.raw).into_owned();
    assert!(
        said.contains("Left the room"),
        "the table is told it has left: {:?}",
        &said[said.len().saturating_sub(300)..]
    );
    room.expect("0 tables");
    room.send("q");
    room.wait_for_exit();
}
