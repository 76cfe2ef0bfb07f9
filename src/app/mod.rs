//! The app's state machine: events in, [`Message`](crate::message::Message)s applied, state out.
//!
//! One session, many screens. The session is held once, in a
//! [`Workshop`]: its file, its lock, its link to a shared folder, and
//! whether a change is waiting to be saved. Every screen on it has its own
//! [`ScreenState`]: the stage it looks at, its selection, its form and
//! overlays, its notices, projector or not, and its [`Role`]. [`App`] is the
//! process: the workshop, the screen of the terminal it runs in, and any
//! tables served over SSH ([`crate::serve`]), each a screen of the same
//! kind; and the phones' page ([`crate::web`], [`phones`]), whose people
//! change the session on the same path and are given a view of it.
//!
//! Where the session lives decides how the workshop keeps it: in its own
//! file (written here), in a shared folder (`app::folder`: the room's file
//! written by the facilitator's screen, each group's by its laptop, each
//! side reading the others' as they change), or in another Roundtable's
//! file that this one only follows ([`follow`]: the presenter console,
//! whose screen has the console's role and draws its own parts).
//!
//! Input from any screen takes one path, change → apply → effects →
//! redraw:
//!
//! 1. A terminal event becomes a [`Message`](crate::message::Message)
//!    through the tables in [`crate::keys`], and the update
//!    ([`screen::ScreenMut`]) handles it for that screen. What it reads of
//!    the screen's layout (scroll limits, where a click lands) is what the
//!    last drawing measured ([`Measured`]), so the update needs no drawing.
//! 2. Every change it makes to the session is a
//!    [`Change`](crate::domain::change::Change) made by the screen's
//!    [`Actor`](crate::domain::change::Actor), through
//!    [`Workshop::apply`] and so `Session::apply`, which checks who may
//!    make it. The change marks the session for saving, says which screens
//!    it reaches ([`reach::Reach`]), and goes on the screen's own undo
//!    ([`history`]); the other screens hear of it, so an open form shows
//!    another's typing and who is writing.
//! 3. What the input wants beyond that (save and leave, reports, files in a
//!    shared folder) comes back as [`effects::Effect`]s, which the app
//!    carries out once the update is done: no update touches the disk.
//! 4. The screen that had the input is drawn at once; the others the change
//!    reaches are drawn at the next frame ([`App::frame`], at most thirty a
//!    second), so a room of typing tables costs a frame's drawing, not a
//!    drawing per key. [`App::tick`] writes the session soon after (at most
//!    a second later while someone keeps typing), atomically. Drawing
//!    ([`crate::ui`]) only reads a [`Screen`], and returns what it measured.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::Backend;

pub mod afternoon;
mod apply;
mod change_log;
mod content;
pub mod effects;
mod folder;
pub mod follow;
pub mod history;
mod mouse;
pub mod phones;
pub mod practice;
pub mod reach;
mod room;
pub mod screen;
pub mod tables;
mod update;
pub mod workshop;

pub use folder::{GroupLink, Link, RoomLink, join_room, open_room};
pub use screen::{
    Click, HomeEntry, HomeState, Level, ListArea, MIN_HEIGHT, MIN_WIDTH, Measured, Notice, Overlay, Pick, ReportView,
    Role, ScenarioPage, Screen, ScreenMut, ScreenState, SessionView, Tabs,
};
pub use workshop::{OpenSession, SaveFailure, Workshop};

use crate::clock;
use crate::domain::session::{Mode, Session};
use crate::keys::Keymap;
use crate::store::{self, paths};
use crate::theme::Theme;

/// Whether a folder already holds a room file.
pub fn folder_has_room(dir: &Path) -> bool {
    store::folder::room_path(dir).exists()
}

/// Save this long after the last change...
const SAVE_AFTER_QUIET: Duration = Duration::from_millis(250);
/// ...but never leave a change unsaved for longer than this.
const SAVE_AT_LEAST_EVERY: Duration = Duration::from_millis(500);
/// The most characters one paste puts into a field.
pub const PASTE_LIMIT: usize = 10_000;

/// Names the test-only key that makes the app panic.
pub const PANIC_KEY_ENV: &str = "ROUNDTABLE_TEST_PANIC_KEY";

/// How often a shared folder is looked at for other machines' changes.
const FOLDER_CHECK_EVERY: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RunState {
    #[default]
    Running,
    Quit,
}

/// The process: the workshop, the screen of the terminal it runs in, the
/// tables served over SSH and the phones' page.
pub struct App {
    pub work: Workshop,
    /// The screen of the terminal the app was started in.
    pub screen: ScreenState,
    /// The tables connected over SSH, each a screen of its own.
    pub tables: Vec<tables::Table>,
    /// The SSH server, while the room is served.
    pub server: Option<crate::serve::Server>,
    /// What the server reports, until the run loop takes it.
    table_events: Option<std::sync::mpsc::Receiver<crate::serve::TableEvent>>,
    /// The phones' page, while the room has one.
    pub web: Option<crate::web::Server>,
    /// What the page reports, until the run loop takes it.
    phone_events: Option<std::sync::mpsc::Receiver<crate::web::PhoneEvent>>,
    /// The session's version the phones were last given.
    /// The session's version and whether the page was open, when the
    /// phones were last given the room.
    published_version: Option<(u64, bool)>,
    /// The buffer every table's frame is drawn into before it is compared
    /// with what the table shows.
    table_frame: ratatui::buffer::Buffer,
    /// The terminal's own screen is out of date (a change made elsewhere):
    /// it is drawn at the next frame.
    screen_stale: bool,
    /// When the last frame of stale screens was drawn.
    last_frame: Option<Instant>,
}

impl App {
    /// The home screen, listing the sessions in the data directory.
    pub fn home(data_dir: PathBuf) -> Self {
        let mut app = App::new(data_dir);
        app.refresh_home();
        app
    }

    /// An app with nothing open and the home list not yet read.
    fn new(data_dir: PathBuf) -> Self {
        App::from_parts(Workshop::new(data_dir), ScreenState::new(Theme::default(), Keymap::default()))
    }

    fn from_parts(work: Workshop, screen: ScreenState) -> Self {
        App {
            work,
            screen,
            tables: Vec::new(),
            server: None,
            table_events: None,
            web: None,
            phone_events: None,
            published_version: None,
            table_frame: ratatui::buffer::Buffer::default(),
            screen_stale: false,
            last_frame: None,
        }
    }

    /// The presenter console: a read-only screen on the session in `path`
    /// (a session file or a shared folder's room file), following it as
    /// another Roundtable saves it.
    pub fn console(path: PathBuf) -> Self {
        let work = Workshop::following(path);
        let mut screen = ScreenState::new(Theme::default(), Keymap::default());
        screen.role = Role::Console;
        App::from_parts(work, screen)
    }

    /// Reads the followed session again if its file changed. Returns true
    /// when it did.
    pub fn read_followed(&mut self) -> bool {
        match self.work.read_followed() {
            follow::Reading::Unchanged => false,
            follow::Reading::Changed { moved } => {
                if moved {
                    // A new slide or stage starts the console at its top.
                    self.screen.view.scroll = 0;
                }
                true
            }
        }
    }

    /// Straight into a session.
    pub fn with_session(data_dir: PathBuf, session: Session, path: PathBuf) -> Self {
        App::with_open(data_dir, OpenSession::new(session, path))
    }

    /// Straight into a session already opened (from a file or a folder).
    pub fn with_open(data_dir: PathBuf, open: OpenSession) -> Self {
        // The home list is not read: opening a session straight away should
        // not wait on every other session file.
        let mut app = App::new(data_dir);
        app.work.open = Some(open);
        app.local().load_history();
        app
    }

    pub fn refresh_home(&mut self) {
        self.screen.home.entries = list_sessions(&paths::sessions_dir(&self.work.data_dir));
        self.screen.home.selected = self.screen.home.selected.min(self.screen.home.entries.len());
    }

    pub fn session(&self) -> Option<&Session> {
        self.work.session()
    }

    /// The terminal's own screen, to draw.
    /// Draws the terminal's own screen into `frame`, keeping what the
    /// drawing measured for the next input.
    pub fn draw(&mut self, frame: &mut ratatui::Frame<'_>) {
        let mut measured = Measured::default();
        frame.render_stateful_widget(&self.view(), frame.area(), &mut measured);
        self.screen.measured = measured;
    }

    pub fn view(&self) -> Screen<'_> {
        Screen { work: &self.work, state: &self.screen }
    }

    /// The terminal's own screen, to update.
    pub fn local(&mut self) -> ScreenMut<'_> {
        ScreenMut { work: &mut self.work, state: &mut self.screen }
    }

    /// Whether the app is still running (the terminal's screen has not left).
    pub fn running(&self) -> bool {
        self.screen.run == RunState::Running
    }

    /// Handles one event at the terminal. Returns true when the screen must
    /// be redrawn; the tables are redrawn here if the session changed.
    pub fn handle_event(&mut self, event: &Event) -> bool {
        let injects = self.work.session().map_or(0, |s| s.injects.len());
        let redraw = self.local().handle_event(event);
        self.local().carry_out_effects();
        let gone = self.after_change(injects, None);
        self.close_tables(&gone);
        // The terminal's own screen is drawn at once: its key came first.
        self.screen_stale = false;
        redraw
    }

    /// Handles what the server reports about the tables: the table that
    /// sent it is drawn at once, other screens the change shows on at the
    /// next [`App::frame`]. Returns true when the terminal's own screen is
    /// stale (it shows who is connected, and the room's work).
    pub fn handle_table(&mut self, event: crate::serve::TableEvent) -> bool {
        use crate::serve::TableEvent;
        let injects = self.work.session().map_or(0, |s| s.injects.len());
        // The connections to let go once every screen has caught up.
        let mut closing = Vec::new();
        let at = match event {
            TableEvent::Joined { conn, user, from, size } => {
                let Some(server) = &self.server else { return false };
                let output = Box::new(server.output(conn));
                if let tables::Joining::TurnedAway(_) = self.table_joined(conn, &user, from, size, output) {
                    closing.push(conn);
                }
                // The count of tables connected is on the facilitator's screen.
                self.screen_stale = true;
                None
            }
            TableEvent::Input { conn, event } => {
                if !self.table_input(conn, &event) {
                    closing.push(conn);
                }
                Some(conn)
            }
            TableEvent::Left { conn } => {
                self.table_left(conn);
                self.screen_stale = true;
                None
            }
        };
        // A group a table started, or its edits, reach the other screens.
        closing.extend(self.after_change(injects, at));
        self.close_tables(&closing);
        self.screen_stale
    }

    /// Serves the room over SSH through a started server: tables join with
    /// the room code and each gets its group's screen on this session.
    pub fn serve(
        &mut self,
        server: crate::serve::Server,
        events: std::sync::mpsc::Receiver<crate::serve::TableEvent>,
        code: crate::serve::RoomCode,
        open_groups: bool,
    ) {
        let listening = server.local_addr();
        let addresses =
            if listening.ip().is_unspecified() { crate::serve::network_addresses() } else { vec![listening.ip()] };
        self.work.served = Some(tables::ServedRoom {
            port: listening.port(),
            addresses,
            code,
            fingerprint: server.fingerprint(),
            open_groups,
            connected: Vec::new(),
        });
        self.server = Some(server);
        self.table_events = Some(events);
        // No table has joined this serving yet, whatever the file last said.
        self.note_connections();
    }

    /// Takes what the server has reported, for a caller running its own loop.
    pub fn take_table_events(&mut self) -> Option<std::sync::mpsc::Receiver<crate::serve::TableEvent>> {
        self.table_events.take()
    }

    fn close_tables(&mut self, conns: &[crate::serve::ConnId]) {
        if let Some(server) = &self.server {
            for conn in conns {
                server.close(*conn);
            }
        }
    }

    pub fn handle_key(&mut self, key: &crossterm::event::KeyEvent) {
        self.local().handle_key(key);
        self.local().carry_out_effects();
        self.publish_to_phones();
    }

    pub fn count_stage_time(&mut self) {
        self.work.count_stage_time();
    }

    pub fn save_now(&mut self) -> std::io::Result<()> {
        self.work.save_now()
    }

    /// After the app has stopped (normally, on a terminal error or a
    /// panic): makes sure the work is on disk, in its own file or in an
    /// emergency copy, and says where.
    pub fn finish(&mut self) {
        self.close_room();
        if let Some(web) = self.web.take() {
            web.stop();
        }
        // Quitting counted the time already; an app that stopped for any
        // other reason counts it now.
        if self.screen.run == RunState::Running {
            self.work.count_stage_time();
        }
        let Some(open) = &mut self.work.open else { return };
        match open.save() {
            Ok(()) => {
                if !self.work.ended_badly
                    && let Some(path) = open.writes_to()
                {
                    self.work.farewell.push(format!("Saved: {}", path.display()));
                }
            }
            Err(e) => {
                let own = open.writes_to().unwrap_or_else(|| open.path.clone());
                if let Err(nowhere) = self.work.write_emergency_copy() {
                    self.work.ended_badly = true;
                    self.work.farewell.push(format!(
                        "roundtable: the latest changes were lost: {} could not be written ({e}), nor any copy ({nowhere}).",
                        own.display()
                    ));
                }
            }
        }
    }

    /// How long the loop may sleep before something is due: a save, or
    /// the next second of a running timer. `None`: nothing is pending, so
    /// sleep until the next event (an idle app uses no CPU).
    pub fn wake_in(&self, now: Instant) -> Option<Duration> {
        let save =
            self.work.open.as_ref().and_then(OpenSession::save_due).map(|due| due.saturating_duration_since(now));
        let second = self.work.timer_running().then(|| {
            let millis = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| u64::from(d.subsec_millis()));
            Duration::from_millis(1000 - millis.min(999))
        });
        let folder = self.work.watches_folder().then(|| {
            self.work
                .last_folder_check
                .map_or(Duration::ZERO, |at| (at + FOLDER_CHECK_EVERY).saturating_duration_since(now))
        });
        // The console's clock and timer move on their own: it redraws on
        // each look at the file, changed or not.
        let follow = self.work.following.is_some().then(|| {
            self.work
                .last_follow_check
                .map_or(Duration::ZERO, |at| (at + follow::CHECK_EVERY).saturating_duration_since(now))
        });
        save.into_iter().chain(second).chain(folder).chain(follow).min()
    }

    /// Does whatever is due: saves, the timer's next second, the time-up
    /// signal. Returns true when the screen must be redrawn.
    pub fn tick(&mut self, now: Instant) -> bool {
        let mut redraw = false;
        let save_due = self.work.open.as_ref().and_then(OpenSession::save_due).is_some_and(|due| now >= due);
        if save_due {
            self.work.count_stage_time();
        }
        if save_due
            && let Some(open) = &mut self.work.open
            && let Err(e) = open.save()
        {
            let text = format!("Could not save {}: {e}. Your work is kept; retrying.", open.path.display());
            // Try again in a second rather than spinning.
            open.dirty_since = Some(now);
            open.last_change = Some(now + SAVE_AT_LEAST_EVERY);
            self.screen.say(Level::Error, text);
            redraw = true;
        }
        if self.work.watches_folder() && self.work.last_folder_check.is_none_or(|at| now >= at + FOLDER_CHECK_EVERY) {
            self.work.last_folder_check = Some(now);
            redraw |= self.refresh_folder();
        }
        if self.work.following.is_some() && self.work.last_follow_check.is_none_or(|at| now >= at + follow::CHECK_EVERY)
        {
            self.work.last_follow_check = Some(now);
            self.read_followed();
            redraw = true;
        }
        let second = self.work.now();
        if self.work.timer_running() && second != self.work.last_second {
            self.work.last_second = second;
            redraw = true;
        }
        if let Some(open) = &self.work.open
            && let Some(timer) = open.session.timer()
            && timer.is_running()
            && timer.is_up(second)
            && self.work.rung_for != Some(open.session.stage)
        {
            self.work.rung_for = Some(open.session.stage);
            self.work.bell_pending = self.work.bell;
            redraw = true;
        }
        self.publish_to_phones();
        redraw
    }
}

/// The title a session gets when none is given.
pub fn default_title(now: u64, zone: &clock::TimeZone) -> String {
    format!("Partnership workshop {}", clock::date(now, zone))
}

/// Session files in `dir`, newest first.
pub fn list_sessions(dir: &Path) -> Vec<HomeEntry> {
    let mut entries: Vec<HomeEntry> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|path| {
            let modified = std::fs::metadata(&path).and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH);
            let summary = store::load_session(&path)
                .map(|s| {
                    let stage = s.scenario.stage(s.stage).map_or("", |st| st.kind.short_label());
                    // Practice on one's own is told apart from a room's workshop.
                    let who = match s.mode {
                        Mode::Solo => "solo practice".to_string(),
                        Mode::Room | Mode::Group => crate::domain::plural(s.groups.len(), "group"),
                    };
                    (s.title.clone(), format!("{who} · {stage} · {}", s.scenario.title))
                })
                .map_err(|e| e.message);
            HomeEntry { path, summary, modified }
        })
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.modified));
    entries
}

/// Runs the app until it quits, whichever screen the terminal has (the
/// facilitator's, a group's laptop, the presenter console). Generic over
/// the backend so tests can drive it; blocks on input with no timeout
/// unless a save, a timer's second or a look at a followed file is due, so
/// an idle app uses no CPU, with or without tables connected.
pub fn run<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> color_eyre::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    if let Ok(size) = terminal.size() {
        app.screen.screen_size = Some((size.width, size.height));
    }
    // Time on the stage counts from now.
    app.count_stage_time();
    let mut inbox = Inbox::for_app(app);
    // Since when events have been handled without a frame, while more kept
    // coming: a burst is handled whole before its frame, a flood is not
    // let hold frames back longer than one frame's time.
    let mut draining_since: Option<Instant> = None;
    let mut sized = SizedText::default();
    sized.draw(terminal, app)?;
    while app.running() {
        let now = Instant::now();
        let wait = app.wake_in(now).into_iter().chain(app.frame_in(now)).min();
        let redraw = match inbox.next(wait)? {
            // The terminal's own keys are answered at once.
            Some(Input::Terminal(event)) => app.handle_event(&event),
            // A table's are drawn on that table at once; everything else
            // it changed waits for the frame, so a room of typing tables
            // costs a frame's drawing, not a drawing per key.
            Some(Input::Table(event)) => {
                app.handle_table(event);
                false
            }
            // A phone's change, likewise: its page has the answer.
            Some(Input::Phone(event)) => {
                app.handle_phone(event);
                false
            }
            None => false,
        };
        if app.tick(Instant::now()) {
            app.draw_tables();
            app.screen_stale = true;
        }
        if std::mem::take(&mut app.work.bell_pending) {
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
        // Events already waiting are handled before a frame is drawn.
        if !redraw && inbox.has_more() {
            let since = *draining_since.get_or_insert_with(Instant::now);
            if since.elapsed() < tables::FRAME {
                continue;
            }
        }
        draining_since = None;
        if app.frame(Instant::now()) || redraw {
            sized.draw(terminal, app)?;
        }
    }
    Ok(())
}

/// One thing for the run loop to handle.
enum Input {
    Terminal(Event),
    Table(crate::serve::TableEvent),
    Phone(crate::web::PhoneEvent),
}

/// Where the run loop's input comes from: the terminal alone or, when the
/// room is served (over SSH, to phones, or both), one channel that the
/// terminal and the servers all feed, so that a key at a table or a post
/// from a phone wakes the loop just as a key here does. Either way the
/// loop sleeps until there is input or something is due.
enum Inbox {
    Terminal,
    /// The channel, and an input taken from it to see if there was one.
    Shared(std::sync::mpsc::Receiver<Input>, Option<Input>),
}

impl Inbox {
    fn for_app(app: &mut App) -> Inbox {
        let (tables, phones) = (app.table_events.take(), app.phone_events.take());
        if tables.is_none() && phones.is_none() {
            return Inbox::Terminal;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let from_terminal = tx.clone();
        // Each thread blocks on its source; none polls.
        std::thread::spawn(move || {
            while let Ok(event) = crossterm::event::read() {
                if from_terminal.send(Input::Terminal(event)).is_err() {
                    break;
                }
            }
        });
        if let Some(tables) = tables {
            forward(tables, tx.clone(), Input::Table);
        }
        if let Some(phones) = phones {
            forward(phones, tx, Input::Phone);
        }
        Inbox::Shared(rx, None)
    }

    /// Whether more input is already waiting (the terminal's alone is not
    /// looked at: it needs no frame).
    fn has_more(&mut self) -> bool {
        match self {
            Inbox::Terminal => false,
            Inbox::Shared(_, Some(_)) => true,
            Inbox::Shared(rx, held) => {
                *held = rx.try_recv().ok();
                held.is_some()
            }
        }
    }

    /// The next input, waiting at most `timeout` (`None`: until there is one).
    fn next(&mut self, timeout: Option<Duration>) -> std::io::Result<Option<Input>> {
        use std::sync::mpsc::RecvTimeoutError;
        match self {
            Inbox::Shared(_, held @ Some(_)) => Ok(held.take()),
            Inbox::Terminal => {
                let ready = match timeout {
                    Some(timeout) => crossterm::event::poll(timeout)?,
                    None => true,
                };
                Ok(if ready { Some(Input::Terminal(crossterm::event::read()?)) } else { None })
            }
            Inbox::Shared(rx, None) => {
                let gone = || std::io::Error::other("the terminal's input has closed");
                match timeout {
                    Some(timeout) => match rx.recv_timeout(timeout) {
                        Ok(input) => Ok(Some(input)),
                        Err(RecvTimeoutError::Timeout) => Ok(None),
                        Err(RecvTimeoutError::Disconnected) => Err(gone()),
                    },
                    None => rx.recv().map(Some).map_err(|_| gone()),
                }
            }
        }
    }
}

/// Passes what a server reports on to the run loop's inbox, on a thread
/// that blocks until there is something.
fn forward<T: Send + 'static>(
    from: std::sync::mpsc::Receiver<T>,
    to: std::sync::mpsc::Sender<Input>,
    wrap: fn(T) -> Input,
) {
    std::thread::spawn(move || {
        while let Ok(event) = from.recv() {
            if to.send(wrap(event)).is_err() {
                break;
            }
        }
    });
}

/// Where the last frame had letters in the terminal's own font, and the
/// blocks they cover. Writing into the lower rows of such letters does not
/// erase them, so when the blocks move the whole screen is drawn afresh
/// (new text in the same block, such as the clock's, replaces the old).
#[derive(Default)]
struct SizedText(Vec<(u16, u16, u16, String)>);

impl SizedText {
    fn draw<B: Backend>(&mut self, terminal: &mut Terminal<B>, app: &mut App) -> color_eyre::Result<()>
    where
        B::Error: Send + Sync + 'static,
    {
        let frame = terminal.draw(|frame| app.draw(frame))?;
        if app.screen.letters == crate::term::Letters::Blocks {
            return Ok(());
        }
        let buffer = frame.buffer;
        let now: Vec<(u16, u16, u16, String)> = buffer
            .content
            .iter()
            .enumerate()
            .filter(|(_, cell)| crate::term::is_sized_text(cell.symbol()))
            .map(|(i, cell)| {
                use ratatui::buffer::CellWidth;
                let (x, y) = buffer.pos_of(i);
                let scale = cell.symbol().split(';').nth(1).unwrap_or_default().to_string();
                (x, y, cell.cell_width(), scale)
            })
            .collect();
        if now != self.0 {
            self.0 = now;
            // Clear, then write every cell (not only those that changed);
            // ratatui's own clear would ask the terminal where its cursor is.
            terminal.backend_mut().clear_region(ratatui::backend::ClearType::All)?;
            terminal.draw(|frame| {
                frame.render_widget(&app.view(), frame.area());
                for cell in &mut frame.buffer_mut().content {
                    if cell.diff_option == ratatui::buffer::CellDiffOption::None {
                        cell.set_diff_option(ratatui::buffer::CellDiffOption::AlwaysUpdate);
                    }
                }
            })?;
        }
        Ok(())
    }
}
