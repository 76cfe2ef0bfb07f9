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
//!
//! # Drawing many tables
//!
//! A room may have sixty tables, each typing. The table that pressed a key
//! is drawn at once; every other screen the change can show on (its group's
//! other laptops, screens that show the whole room, the facilitator's) is
//! marked stale and drawn at the next frame, at most [`FRAME`] apart, so a
//! key costs about the same with sixty tables as with two
//! ([`super::reach::Reach`] says which screens a change can show on).
//! A table's terminal keeps one buffer, what it shows now: a frame is drawn
//! into a buffer all tables share, and only the difference is sent.
//!
//! Nothing a table's connection does reaches the facilitator's terminal:
//! writing to a table that has gone fails quietly, logged once.

use crate::domain::change::{Actor, Applied, Change};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use crossterm::event::Event;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;

use crate::domain::sanitize;
use crate::domain::scenario::StageKind;
use crate::domain::session::ScreenSeen;
use crate::keys::{Context, Keymap, Seat};
use crate::message::Message;
use crate::serve::{ConnId, MAX_COLUMNS, MAX_ROWS, RoomCode};
use crate::theme::Theme;

use super::reach::Reach;
use super::{App, Level, Role, Screen, ScreenMut, ScreenState};

/// The shortest time between two frames of the screens that did not make a
/// change (thirty a second).
pub const FRAME: Duration = Duration::from_millis(33);

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
    /// A stage other than the room's that its screen looks at.
    pub looking_at: Option<usize>,
}

impl ServedRoom {
    /// Forgets a connection that has gone.
    fn disconnected(&mut self, conn: ConnId) {
        self.connected.retain(|c| c.conn != conn);
    }

    /// The line a table types, for a group (`GROUP` when none is given).
    pub fn ssh_line(&self, group: Option<&str>) -> String {
        let user = group.map_or_else(|| "GROUP".to_string(), user_name_for);
        let host = self.addresses.first().map_or_else(|| "THIS-LAPTOP".to_string(), std::string::ToString::to_string);
        if self.port == 22 { format!("ssh {user}@{host}") } else { format!("ssh -p {} {user}@{host}", self.port) }
    }
}

/// The SSH user name that picks a group: its name in lower case, letters
/// and digits only ("Green team" is `greenteam`).
pub fn user_name_for(group: &str) -> String {
    crate::domain::session::short_name(group)
}

/// A table's terminal: what its screen shows now, and the connection that
/// carries it.
struct TableTerminal {
    out: CrosstermBackend<Quiet>,
    /// What the table's terminal shows: the last frame sent.
    shown: Buffer,
}

impl TableTerminal {
    fn new(output: Box<dyn Write + Send>, conn: ConnId, size: (u16, u16)) -> TableTerminal {
        TableTerminal { out: CrosstermBackend::new(Quiet::new(output, conn)), shown: Buffer::empty(area(size)) }
    }

    /// The terminal has a new size: it is cleared, and the next frame
    /// draws it whole.
    fn resize(&mut self, size: (u16, u16)) {
        let _ = crossterm::queue!(self.out, crossterm::terminal::Clear(crossterm::terminal::ClearType::All));
        self.shown = Buffer::empty(area(size));
    }

    /// Sends what differs between what the table shows and `frame`, and
    /// keeps `frame` as what it shows (the old buffer is handed back in
    /// `frame`, to draw the next table into).
    fn show(&mut self, frame: &mut Buffer) {
        let updates = self.shown.diff(frame);
        if !updates.is_empty() {
            let _ = self.out.draw(updates.into_iter());
            let _ = Backend::flush(&mut self.out);
        }
        std::mem::swap(&mut self.shown, frame);
    }
}

/// The whole of a table's screen, at most [`MAX_COLUMNS`] by [`MAX_ROWS`]
/// whatever its terminal says.
fn area((columns, rows): (u16, u16)) -> Rect {
    Rect::new(0, 0, columns.min(MAX_COLUMNS), rows.min(MAX_ROWS))
}

/// A table's connection as its screen writes to it: a write that fails
/// (the table has gone) is logged once and otherwise ignored, never
/// reported upwards, so nothing about it reaches the facilitator's
/// terminal. The server reports the table's leaving.
struct Quiet {
    inner: Box<dyn Write + Send>,
    conn: ConnId,
    failed: bool,
}

impl Quiet {
    fn new(inner: Box<dyn Write + Send>, conn: ConnId) -> Quiet {
        Quiet { inner, conn, failed: false }
    }

    fn failed(&mut self, error: &std::io::Error) {
        if !self.failed {
            self.failed = true;
            tracing::debug!("stopped drawing table {}: {error}", self.conn);
        }
    }
}

impl Write for Quiet {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.failed
            && let Err(e) = self.inner.write_all(buf)
        {
            self.failed(&e);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.failed
            && let Err(e) = self.inner.flush()
        {
            self.failed(&e);
        }
        Ok(())
    }
}

/// One connected table's screen.
pub struct Table {
    pub conn: ConnId,
    pub state: ScreenState,
    terminal: TableTerminal,
    /// What it shows is out of date: it is drawn at the next frame.
    stale: bool,
}

impl Table {
    /// Whether a change of this reach can show on this table's screen.
    fn reached_by(&self, reach: &Reach, session: Option<&crate::domain::session::Session>) -> bool {
        match reach {
            Reach::Nothing => false,
            Reach::Room => true,
            Reach::Groups(groups) => {
                self.state.view.group.is_some_and(|own| groups.contains(&own))
                    || session.is_none_or(|session| sees_other_groups(&self.state, session))
            }
        }
    }
}

/// Whether a screen shows other groups' work beyond their names and how
/// many barriers, solutions and actions they have: report-back and the
/// close show every group's plan, and an overlay or the projector may.
pub(crate) fn sees_other_groups(state: &ScreenState, session: &crate::domain::session::Session) -> bool {
    let kind = session.scenario.stage(state.view.stage(session)).map(|s| s.kind);
    state.projector
        || state.overlay.is_some()
        || state.view.group.is_none()
        || matches!(kind, Some(StageKind::ReportBack | StageKind::Close))
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
        let Some(open) = &self.work.open else {
            return turn_away(&mut output, "No session is open yet: try again in a minute.".into());
        };
        let found = open.session.groups.iter().find(|g| !wanted.is_empty() && user_name_for(&g.name) == wanted);
        let group = match found {
            Some(g) => g.id,
            None if open_groups && !wanted.is_empty() => {
                // The facilitator opened the door to new groups: the room
                // adds one in their name (not a step of anyone's undo).
                let name = sanitize::clean(user.trim());
                match self.work.apply(Actor::Facilitator, Change::AddGroup { id: 0, name }) {
                    Ok(Applied { change: Change::AddGroup { id, name }, .. }) => {
                        self.screen.say(Level::Info, format!("A table started the group \"{name}\"."));
                        id
                    }
                    _ => return turn_away(&mut output, "The room could not add a group just now.".into()),
                }
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
        let size = (size.0.clamp(1, MAX_COLUMNS), size.1.clamp(1, MAX_ROWS));
        let terminal = TableTerminal::new(output, conn, size);
        // A table's terminal is not the facilitator's: it gets the
        // defaults, not the facilitator's own settings.
        let mut state = ScreenState::new(Theme::default(), Keymap::default());
        state.role = Role::Table { conn };
        state.view.group = Some(group);
        state.screen_size = Some(size);
        if let Some(served) = &mut self.work.served {
            served.connected.push(Connection { conn, group, from, looking_at: None });
        }
        self.note_connections();
        let name = self.work.session().and_then(|s| s.group_by_id(group)).map_or("", |g| g.name.as_str());
        let key = |action| state.keys.key_for(Context::Welcome, Seat::Table, action).unwrap_or_default();
        // With two laptops at a table, each is told its name, which other
        // screens' notices use ("Red laptop 2 is editing this title").
        let me = self.work.name_of(Actor::Group { group, screen: conn });
        let others: Vec<&mut Table> = self.tables.iter_mut().filter(|t| t.state.view.group == Some(group)).collect();
        let which = if others.is_empty() { String::new() } else { format!(" This screen is {me}.") };
        for other in others {
            other.state.say(Level::Info, format!("{me} has joined your table."));
            other.stale = true;
        }
        let welcome = format!(
            "Welcome, {name}.{which} Press {} for help; {} leaves (your work stays in the room).",
            key(Message::ToggleHelp),
            key(Message::Quit)
        );
        state.say(Level::Info, welcome);
        let mut table = Table { conn, state, terminal, stale: false };
        draw(&self.work, &mut table, &mut self.table_frame);
        self.tables.push(table);
        Joining::Joined { group }
    }

    /// A key, a paste or a resize at a table. Returns false when the table
    /// has left (it quit, or its group was removed) and its connection is
    /// to be closed.
    pub fn table_input(&mut self, conn: ConnId, event: &Event) -> bool {
        let Some(index) = self.tables.iter().position(|t| t.conn == conn) else { return false };
        let table = &mut self.tables[index];
        if let Event::Resize(columns, rows) = event {
            // Only the newest size counts (a storm of window changes is
            // one event), and the screen is drawn for it at the next frame.
            let newest = self.server.as_ref().and_then(|s| s.take_size(conn)).unwrap_or((*columns, *rows));
            let size = (newest.0.clamp(1, MAX_COLUMNS), newest.1.clamp(1, MAX_ROWS));
            if table.state.screen_size != Some(size) {
                table.state.screen_size = Some(size);
                table.terminal.resize(size);
                table.stale = true;
            }
            return true;
        }
        let mut screen = ScreenMut { work: &mut self.work, state: &mut table.state };
        screen.handle_event(event);
        screen.carry_out_effects();
        let looking_at = table.state.view.stage;
        if let Some(served) = &mut self.work.served
            && let Some(c) = served.connected.iter_mut().find(|c| c.conn == conn)
        {
            c.looking_at = looking_at;
        }
        let staying = table.state.run == super::RunState::Running;
        self.note_connections();
        if !staying {
            let mut table = self.tables.remove(index);
            let _ = leave(&mut table.terminal.out, "Left the room. Your group's work is saved there.");
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
        self.note_connections();
    }

    /// Keeps the session's record of who is connected, and where each
    /// looks, in step with the room: the presenter console reads it there.
    pub(super) fn note_connections(&mut self) {
        let Some(served) = &self.work.served else { return };
        let seen: Vec<ScreenSeen> = served
            .connected
            .iter()
            .map(|c| ScreenSeen { group: c.group, from: c.from.ip().to_string(), looking_at: c.looking_at })
            .collect();
        if self.work.session().is_some_and(|s| s.connected != seen) {
            // Only the facilitator's app serves, and it may always keep this record.
            let _ = self.work.apply(Actor::Facilitator, Change::Screens(seen));
        }
    }

    fn injects_fired(&self) -> usize {
        self.work.session().map_or(0, |s| s.injects.len())
    }

    /// After an event at any screen: tables whose group has gone are told
    /// and let go; news of an inject is given at every table; the table
    /// that had the event is drawn at once, and every other screen the
    /// change can show on is marked to be drawn at the next frame. Returns
    /// the tables to disconnect.
    pub(super) fn after_change(&mut self, injects: usize, at: Option<ConnId>) -> Vec<ConnId> {
        self.tell_screens();
        let reach = self.work.take_reach();
        if reach != Reach::Nothing {
            self.screen_stale = true;
        }
        let news = self.injects_fired() > injects;
        let mut gone = Vec::new();
        let session = self.work.session();
        self.tables.retain_mut(|table| {
            let group = table.state.view.group;
            if session.is_some_and(|s| group.is_some_and(|id| s.group_by_id(id).is_none())) {
                let _ = leave(
                    &mut table.terminal.out,
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
        let session = self.work.session();
        let where_news = session.map_or("", |s| crate::domain::room::where_news_is(s.stage_kind()));
        for table in &mut self.tables {
            if news {
                table.state.say(Level::Warning, format!("News from the facilitator: {where_news}"));
            }
            if at == Some(table.conn) {
                draw(&self.work, table, &mut self.table_frame);
            } else if news || table.reached_by(&reach, session) {
                table.stale = true;
            }
        }
        self.publish_to_phones();
        gone
    }

    /// Tells every screen of the changes other screens made since the last
    /// time, so that an open form shows another's typing as it arrives.
    fn tell_screens(&mut self) {
        let heard = self.work.take_unheard();
        let Some(session) = self.work.session() else { return };
        for (by, change) in heard {
            let who = self.work.name_of(by);
            let local = Screen { work: &self.work, state: &self.screen }.actor();
            if local != by {
                self.screen.hear(&who, &change, session);
            }
            for table in &mut self.tables {
                let actor = Screen { work: &self.work, state: &table.state }.actor();
                if actor != by {
                    table.state.hear(&who, &change, session);
                }
            }
        }
    }

    /// The room is closing: every table's terminal is given back, with word
    /// of why, before the server lets the connections go.
    pub fn close_room(&mut self) {
        for mut table in self.tables.drain(..) {
            let _ = leave(&mut table.terminal.out, "The facilitator has closed the room. Your group's work is saved.");
            if let Some(server) = &self.server {
                server.close(table.conn);
            }
        }
        if let Some(served) = &mut self.work.served {
            served.connected.clear();
        }
    }

    /// Marks every table to be drawn at the next frame (a timer's second,
    /// a change from a shared folder).
    pub fn draw_tables(&mut self) {
        for table in &mut self.tables {
            table.stale = true;
        }
    }

    /// How long until the next frame is due, if any screen is stale.
    pub fn frame_in(&self, now: Instant) -> Option<Duration> {
        let stale = self.screen_stale || self.tables.iter().any(|t| t.stale);
        stale.then(|| self.last_frame.map_or(Duration::ZERO, |at| (at + FRAME).saturating_duration_since(now)))
    }

    /// Draws every stale table if a frame is due, and says whether the
    /// facilitator's screen is to be drawn with them (the caller draws it:
    /// its terminal is the caller's).
    pub fn frame(&mut self, now: Instant) -> bool {
        if self.frame_in(now).is_none_or(|wait| !wait.is_zero()) {
            return false;
        }
        self.last_frame = Some(now);
        for table in &mut self.tables {
            if std::mem::take(&mut table.stale) {
                draw(&self.work, table, &mut self.table_frame);
            }
        }
        std::mem::take(&mut self.screen_stale)
    }
}

fn turn_away(output: &mut Box<dyn Write + Send>, text: String) -> Joining {
    let _ = output.write_all(text.replace('\n', "\r\n").as_bytes()).and_then(|()| output.write_all(b"\r\n"));
    let _ = output.flush();
    Joining::TurnedAway(text)
}

/// Draws a table's screen into `frame` (a buffer every table shares) and
/// sends it what changed.
fn draw(work: &super::Workshop, table: &mut Table, frame: &mut Buffer) {
    table.stale = false;
    let area = table.terminal.shown.area;
    frame.resize(area);
    frame.reset();
    let mut measured = super::Measured::default();
    StatefulWidget::render(&Screen { work, state: &table.state }, area, frame, &mut measured);
    table.state.measured = measured;
    table.terminal.show(frame);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scenario::BarrierKind;
    use crate::domain::session::{Action, Barrier, Mode, Session, Solution};

    fn plan(session: &mut Session, group: usize, words: &str) {
        let g = &mut session.groups[group];
        let barrier = g.add_barrier(Barrier { text: format!("{words} barrier"), severity: 3, ..Barrier::default() });
        g.add_solution(Solution { text: format!("{words} solution"), barriers: vec![barrier], ..Solution::default() });
        g.add_action(Action { title: format!("{words} action"), barriers: vec![barrier], ..Action::default() });
    }

    /// Red's work changed by Red's table in every field a table can edit,
    /// with the same number of barriers, solutions and actions; and how far
    /// those changes reach, as `apply` says.
    fn edited(session: &Session) -> (Session, Reach) {
        use crate::domain::change::{Actor, Change, Field, ItemKind, ItemRef};
        let mut after = session.clone();
        let red = &after.groups[0];
        let by = Actor::Group { group: red.id, screen: 1 };
        let item = |kind, id| ItemRef { group: red.id, kind, id };
        let (barrier, solution, action) = (
            item(ItemKind::Barrier, red.barriers[0].id),
            item(ItemKind::Solution, red.solutions[0].id),
            item(ItemKind::Action, red.actions[0].id),
        );
        let mut changes = vec![
            Change::Set { item: barrier, field: Field::BarrierText("Edited barrier".into()) },
            Change::Set { item: barrier, field: Field::Kind(BarrierKind::Organisational) },
            Change::Set { item: barrier, field: Field::Severity(5) },
            Change::Set { item: barrier, field: Field::Story("A story".into()) },
            Change::Set { item: solution, field: Field::SolutionText("Edited solution".into()) },
            Change::Set { item: solution, field: Field::Areas(vec!["capacity".into()]) },
            Change::Set { item: action, field: Field::Title("Edited action".into()) },
            Change::Set { item: action, field: Field::What("Something else".into()) },
            Change::Set { item: action, field: Field::Months(Some(3), Some(9)) },
            Change::Set { item: action, field: Field::Success("It works".into()) },
            Change::Set { item: action, field: Field::FirstStep("Ring them".into()) },
            Change::Set { item: action, field: Field::WithinReach(Some(true)) },
            Change::HoldRole { group: red.id, role: "leader".into(), person: "Ann".into() },
        ];
        if let Some(choice) = &session.scenario.stance {
            changes.push(Change::Stance { group: red.id, option: Some(choice.options[0].id.clone()) });
        }
        let mut reach = Reach::Nothing;
        for change in changes {
            let applied = after.apply(by, change).expect("a table edits its own group's work");
            reach = reach.and(match applied.scope {
                crate::domain::change::Scope::Group(id) => Reach::Groups(vec![id]),
                crate::domain::change::Scope::Room => Reach::Room,
            });
        }
        (after, reach)
    }

    /// What a table of Blue's shows of the session, as text and style.
    fn blue_sees(session: &Session, state: &ScreenState) -> Buffer {
        let mut work = super::super::Workshop::new(std::env::temp_dir());
        work.open = Some(super::super::OpenSession::new(session.clone(), std::env::temp_dir().join("reach.ron")));
        let area = Rect::new(0, 0, 100, 40);
        let mut buffer = Buffer::empty(area);
        ratatui::widgets::Widget::render(&Screen { work: &work, state }, area, &mut buffer);
        buffer
    }

    /// A change the reach calls Red's alone never shows on a screen of
    /// Blue's that is not drawn again for it: whatever stage it looks at.
    #[test]
    fn an_edit_inside_one_group_shows_only_where_the_reach_says() {
        let names = ["Red".to_string(), "Blue".to_string()];
        let mut before = Session::new("Reach", crate::scenarios::built_in_default(), Mode::Room, &names, 0);
        plan(&mut before, 0, "Red");
        plan(&mut before, 1, "Blue");
        let (after, reach) = edited(&before);
        let red = before.groups[0].id;
        assert_eq!(reach, Reach::Groups(vec![red]));
        let blue = before.groups[1].id;
        let mut skipped = 0;
        for stage in 0..before.scenario.stages.len() {
            let (mut was, mut is) = (before.clone(), after.clone());
            was.stage = stage;
            is.stage = stage;
            let mut state = ScreenState::new(Theme::default(), Keymap::default());
            state.role = Role::Table { conn: 1 };
            state.view.group = Some(blue);
            let table = Table {
                conn: 1,
                state,
                terminal: TableTerminal::new(Box::new(std::io::sink()), 1, (100, 40)),
                stale: false,
            };
            let reached = table.reached_by(&Reach::Groups(vec![red]), Some(&is));
            let shown_before = blue_sees(&was, &table.state);
            let shown_after = blue_sees(&is, &table.state);
            if !reached {
                skipped += 1;
                assert_eq!(shown_before, shown_after, "stage {stage}: Blue's screen changed but was not redrawn");
            }
        }
        assert!(skipped >= 4, "most stages are not redrawn for another group's edit ({skipped})");
    }

    #[test]
    fn a_new_item_or_a_renamed_group_reaches_the_room() {
        use crate::domain::change::{Actor, Change, Item, Scope};
        use crate::domain::session::Barrier;
        let names = ["Red".to_string(), "Blue".to_string()];
        let mut s = Session::new("Reach", crate::scenarios::built_in_default(), Mode::Room, &names, 0);
        let (red, blue) = (s.groups[0].id, s.groups[1].id);
        let table = Actor::Group { group: red, screen: 1 };
        let added = s.apply(table, Change::Add { group: red, item: Item::Barrier(Barrier::default()) }).unwrap();
        assert_eq!(added.scope, Scope::Room, "every screen shows how many barriers a group has");
        let renamed = s.apply(Actor::Facilitator, Change::RenameGroup { group: blue, name: "Crimson".into() }).unwrap();
        assert_eq!(renamed.scope, Scope::Room);
        let moved = s.apply(Actor::Facilitator, Change::Stage(3)).unwrap();
        assert_eq!(moved.scope, Scope::Room);
    }

    #[test]
    fn writing_to_a_gone_table_fails_quietly() {
        struct Gone;
        impl Write for Gone {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
        }
        let mut quiet = Quiet::new(Box::new(Gone), 7);
        assert!(quiet.write_all(b"frame").is_ok());
        assert!(quiet.flush().is_ok());
        assert!(quiet.failed);
    }

    #[test]
    fn a_huge_terminal_costs_no_more_than_the_largest_screen() {
        let terminal = TableTerminal::new(Box::new(std::io::sink()), 1, (u16::MAX, u16::MAX));
        assert_eq!(terminal.shown.area, Rect::new(0, 0, MAX_COLUMNS, MAX_ROWS));
    }
}
