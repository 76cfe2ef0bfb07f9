//! Tables served over SSH: each is a screen on the workshop, like the
//! facilitator's own, drawn into its connection instead of a terminal.
//!
//! A table's SSH user name picks its group. Its screen follows the room's
//! stage, timers and injects as they happen, may look back at earlier
//! stages, and can change only its own group's work: the seat
//! ([`crate::keys::Seat::Table`]) and the screen's one group
//! ([`super::SessionView::group`]) see to that. Everything a table types
//! goes through the same update path as the facilitator's keys, so it is in
//! the one session and saved with it.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};

use crossterm::event::Event;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::domain::sanitize;
use crate::keys::{Context, Keymap, Seat};
use crate::message::Message;
use crate::serve::{ConnId, RoomCode};
use crate::ui::theme::Theme;

use super::{App, Level, Role, Screen, ScreenMut, ScreenState};

/// How a served room is reached, for the screens that show it.
#[derive(Debug)]
pub struct ServedRoom {
    pub port: u16,
    /// This machine's addresses on the network, for the line to type.
    pub addresses: Vec<IpAddr>,
    pub code: RoomCode,
    /// The host key's fingerprint, as OpenSSH shows it on first connecting.
    pub fingerprint: String,
    /// Whether a table with a name the room does not have starts a group.
    pub open_groups: bool,
    /// Who is connected now: each connection's group and where from. The
    /// room's record, drawn by the facilitator's screens; each connection's
    /// screen is an [`App::tables`] entry.
    pub connected: Vec<Connection>,
}

/// A table connected to a served room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Connection {
    pub conn: ConnId,
    /// The group it works on.
    pub group: u32,
    pub from: SocketAddr,
}

impl ServedRoom {
    /// Forgets a connection that has gone.
    fn disconnected(&mut self, conn: ConnId) {
        self.connected.retain(|c| c.conn != conn);
    }

    /// The line a table types, for a group (`GROUP` when none is given).
    pub fn ssh_line(&self, group: Option<&str>) -> String {
        let user = group.map_or_else(|| "GROUP".to_string(), user_name_for);
        let host = self.addresses.first().map_or_else(|| "THIS-LAPTOP".to_string(), |a| a.to_string());
        if self.port == 22 { format!("ssh {user}@{host}") } else { format!("ssh -p {} {user}@{host}", self.port) }
    }
}

/// The SSH user name that picks a group: its name in lower case, letters
/// and digits only ("Green team" is `greenteam`).
pub fn user_name_for(group: &str) -> String {
    group.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A table's terminal: ratatui drawing into the connection, at the size the
/// table's SSH client gave.
type TableTerminal = Terminal<CrosstermBackend<Box<dyn Write + Send>>>;

/// One connected table's screen.
pub struct Table {
    pub conn: ConnId,
    pub state: ScreenState,
    terminal: TableTerminal,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").field("conn", &self.conn).finish_non_exhaustive()
    }
}

/// What became of a table that asked to join.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Joining {
    /// It has its group's screen.
    Joined { group: u32 },
    /// It was turned away, and told why.
    TurnedAway(String),
}

fn terminal_for(output: Box<dyn Write + Send>, (columns, rows): (u16, u16)) -> std::io::Result<TableTerminal> {
    Terminal::with_options(
        CrosstermBackend::new(output),
        TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, columns, rows)) },
    )
}

/// The alternate screen, no cursor, pastes marked as pastes: what a table's
/// terminal is put into on joining, and taken out of on leaving.
fn enter(out: &mut impl Write) -> std::io::Result<()> {
    use crossterm::{cursor, event, terminal};
    crossterm::queue!(
        out,
        terminal::EnterAlternateScreen,
        cursor::Hide,
        event::EnableBracketedPaste,
        terminal::Clear(terminal::ClearType::All)
    )?;
    out.flush()
}

fn leave(out: &mut impl Write, farewell: &str) -> std::io::Result<()> {
    use crossterm::{cursor, event, terminal};
    crossterm::queue!(out, event::DisableBracketedPaste, cursor::Show, terminal::LeaveAlternateScreen)?;
    out.write_all(farewell.replace('\n', "\r\n").as_bytes())?;
    out.write_all(b"\r\n")?;
    out.flush()
}

impl App {
    /// A table has signed in: it gets its group's screen, or a short
    /// screen saying which groups the room has, after which the caller
    /// closes the connection.
    pub fn table_joined(
        &mut self,
        conn: ConnId,
        user: &str,
        from: SocketAddr,
        size: (u16, u16),
        mut output: Box<dyn Write + Send>,
    ) -> Joining {
        let wanted = user_name_for(user);
        let open_groups = self.work.served.as_ref().is_some_and(|s| s.open_groups);
        let Some(open) = &mut self.work.open else {
            return turn_away(&mut output, "No session is open yet: try again in a minute.".into());
        };
        let found = open.session.groups.iter().find(|g| !wanted.is_empty() && user_name_for(&g.name) == wanted);
        let group = match found {
            Some(g) => g.id,
            None if open_groups && !wanted.is_empty() => {
                let name = sanitize::clean(user.trim());
                let index = open.session.add_group(&name);
                open.touch();
                let group = &open.session.groups[index];
                self.screen.say(Level::Info, format!("A table started the group \"{}\".", group.name));
                group.id
            }
            None => {
                let served = self.work.served.as_ref();
                let lines: Vec<String> = open
                    .session
                    .groups
                    .iter()
                    .map(|g| {
                        let line = served.map_or_else(|| user_name_for(&g.name), |s| s.ssh_line(Some(&g.name)));
                        format!("  {:<16} {line}", sanitize::clean(&g.name))
                    })
                    .collect();
                let shown = sanitize::clean(user.trim());
                let text = format!(
                    "Roundtable: this room has no group called \"{shown}\". Connect as one of its groups:\n{}",
                    lines.join("\n")
                );
                return turn_away(&mut output, text);
            }
        };
        if enter(&mut output).is_err() {
            return Joining::TurnedAway("the connection closed while joining".into());
        }
        let Ok(terminal) = terminal_for(output, size) else {
            return Joining::TurnedAway("the connection closed while joining".into());
        };
        // A table's terminal is not the facilitator's: it gets the
        // defaults, not the facilitator's own settings.
        let mut state = ScreenState::new(Theme::default(), Keymap::default());
        state.role = Role::Table { conn };
        state.view.group = Some(group);
        state.screen_size = Some(size);
        let name = self.work.session().and_then(|s| s.group_by_id(group)).map_or("", |g| g.name.as_str());
        let key = |action| state.keys.key_for(Context::Welcome, Seat::Table, action).unwrap_or_default();
        let welcome = format!(
            "Welcome, {name}. Press {} for help; {} leaves (your work stays in the room).",
            key(Message::ToggleHelp),
            key(Message::Quit)
        );
        state.say(Level::Info, welcome);
        let mut table = Table { conn, state, terminal };
        draw(&self.work, &mut table);
        self.tables.push(table);
        if let Some(served) = &mut self.work.served {
            served.connected.push(Connection { conn, group, from });
        }
        Joining::Joined { group }
    }

    /// A key, a paste or a resize at a table. Returns false when the table
    /// has left (it quit, or its group was removed) and its connection is
    /// to be closed.
    pub fn table_input(&mut self, conn: ConnId, event: &Event) -> bool {
        let Some(index) = self.tables.iter().position(|t| t.conn == conn) else { return false };
        let table = &mut self.tables[index];
        if let Event::Resize(columns, rows) = event {
            let _ = table.terminal.resize(Rect::new(0, 0, *columns, *rows));
        }
        ScreenMut { work: &mut self.work, state: &mut table.state }.handle_event(event);
        let staying = table.state.run == super::RunState::Running;
        if !staying {
            let mut table = self.tables.remove(index);
            let _ = leave(table.terminal.backend_mut(), "Left the room. Your group's work is saved there.");
            self.disconnected(conn);
        }
        staying
    }

    /// A table's connection has gone. Its work is already in the session.
    pub fn table_left(&mut self, conn: ConnId) {
        self.tables.retain(|t| t.conn != conn);
        self.disconnected(conn);
    }

    fn disconnected(&mut self, conn: ConnId) {
        if let Some(served) = &mut self.work.served {
            served.disconnected(conn);
        }
    }

    fn injects_fired(&self) -> usize {
        self.work.session().map_or(0, |s| s.injects.len())
    }

    /// After an event at any screen: tables whose group has gone are told
    /// and let go; news of an inject is given at every table; and every
    /// table is redrawn if the session changed (else only the one that had
    /// the event). Returns the tables to disconnect.
    pub(super) fn after_change(&mut self, version: u64, injects: usize, at: Option<ConnId>) -> Vec<ConnId> {
        let changed = self.work.version() != version;
        let news = self.injects_fired() > injects;
        let mut gone = Vec::new();
        let session = self.work.session();
        self.tables.retain_mut(|table| {
            let group = table.state.view.group;
            if session.is_some_and(|s| group.is_some_and(|id| s.group_by_id(id).is_none())) {
                let _ = leave(
                    table.terminal.backend_mut(),
                    "The facilitator removed this group from the room; its work is kept in the session.",
                );
                gone.push(table.conn);
                return false;
            }
            true
        });
        for conn in &gone {
            self.disconnected(*conn);
        }
        for table in &mut self.tables {
            if news {
                table.state.say(Level::Warning, "News from the facilitator: see the actions stage.");
            }
            if changed || news || at == Some(table.conn) {
                draw(&self.work, table);
            }
        }
        gone
    }

    /// The room is closing: every table's terminal is given back, with word
    /// of why, before the server lets the connections go.
    pub fn close_room(&mut self) {
        for mut table in self.tables.drain(..) {
            let _ =
                leave(table.terminal.backend_mut(), "The facilitator has closed the room. Your group's work is saved.");
            if let Some(server) = &self.server {
                server.close(table.conn);
            }
        }
        if let Some(served) = &mut self.work.served {
            served.connected.clear();
        }
    }

    /// Redraws every table (a timer's second, a change from a shared folder).
    pub fn draw_tables(&mut self) {
        for table in &mut self.tables {
            draw(&self.work, table);
        }
    }
}

fn turn_away(output: &mut Box<dyn Write + Send>, text: String) -> Joining {
    let _ = output.write_all(text.replace('\n', "\r\n").as_bytes()).and_then(|()| output.write_all(b"\r\n"));
    let _ = output.flush();
    Joining::TurnedAway(text)
}

fn draw(work: &super::Workshop, table: &mut Table) {
    let screen = Screen { work, state: &table.state };
    // A table that cannot be written to has gone; its leaving is reported
    // by the server.
    let _ = table.terminal.draw(|frame| frame.render_widget(&screen, frame.area()));
}
