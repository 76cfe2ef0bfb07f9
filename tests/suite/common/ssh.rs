//! A table's SSH client for tests and benchmarks: russh over loopback,
//! signed in with the room code, with a pty and a shell.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use russh::ChannelMsg;
use russh::client;
use russh::keys::PublicKeyOrCertificate;

pub struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _key: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// A connected table: its SSH connection, its shell and what it shows.
pub struct Table {
    /// Kept so that the connection stays open until the table is dropped.
    pub ssh: client::Handle<Client>,
    pub channel: russh::Channel<client::Msg>,
    pub screen: vt100::Parser,
}

/// Signs in as `user` with `code` and asks for an 80x24 terminal and a shell.
pub async fn join(addr: SocketAddr, user: &str, code: &str) -> Table {
    join_sized(addr, user, code, (80, 24)).await
}

/// Signs in and asks for a terminal of `(columns, rows)` and a shell. The
/// table's screen is kept at 80x24 at most (enough to read, and light).
pub async fn join_sized(addr: SocketAddr, user: &str, code: &str, (columns, rows): (u32, u32)) -> Table {
    let mut ssh = client::connect(Arc::new(client::Config::default()), addr, Client).await.expect("connected");
    assert!(ssh.authenticate_password(user, code).await.expect("an answer").success(), "the code is accepted");
    let channel = ssh.channel_open_session().await.expect("a session channel");
    channel.request_pty(true, "xterm-256color", columns, rows, 0, 0, &[]).await.expect("a pty");
    channel.request_shell(true).await.expect("a shell");
    let screen = vt100::Parser::new(rows.clamp(1, 24) as u16, columns.clamp(1, 80) as u16, 0);
    Table { ssh, channel, screen }
}

impl Table {
    /// Reads what has arrived within `wait` into the table's screen; false
    /// when the connection has ended.
    pub async fn read_for(&mut self, wait: Duration) -> bool {
        match tokio::time::timeout(wait, self.channel.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => {
                self.screen.process(&data);
                true
            }
            Ok(Some(_)) | Err(_) => true,
            Ok(None) => false,
        }
    }
}
