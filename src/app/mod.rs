//! The app's state machine: events in, [`Message`]s applied, state out.
//!
//! [`App`] holds everything the screens draw from. [`App::handle_event`]
//! turns a terminal event into a [`Message`] using the tables in
//! [`crate::keys`], and [`App::update`] applies it. Whatever a key or a
//! paste changed in the session is found by comparing it before and after,
//! which marks it dirty; [`App::tick`] then writes it soon after (at most a
//! second later while someone keeps typing), atomically.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::Terminal;
use ratatui::backend::Backend;

mod folder;
pub mod history;
pub mod notes;
pub mod practice;
mod room;

pub use folder::{GroupLink, Link, RoomLink, join_room, open_room};

/// Whether a folder already holds a room file.
pub fn folder_has_room(dir: &Path) -> bool {
    store::folder::room_path(dir).exists()
}

use crate::clock;
use crate::domain::scenario::{BarrierKind, Scenario, StageKind};
use crate::domain::session::{Action as PlanAction, Barrier, Mode, SOLO_PLAN, Session, Solution};
use crate::export;
use crate::forms::{Form, KeyOutcome, Target};
use crate::keys::{self, Context, Seat};
use crate::message::Message;
use crate::scenarios;
use crate::store::{self, paths};
use crate::ui::theme::Theme;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    Running,
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    ConfirmDelete(Target),
    /// Writing the reports beside the session file, asked first so that a
    /// stray key cannot overwrite last hour's export.
    ConfirmExport {
        /// Which of [`OpenSession::report_paths`] already exist, a bit
        /// each, looked at once when asked rather than at every frame.
        existing: u8,
    },
    Deck {
        selected: usize,
    },
    /// The facilitator's list of injects to fire.
    Injects {
        selected: usize,
    },
    /// Adding, renaming, removing and switching groups.
    Groups {
        selected: usize,
    },
    /// Recording what became of each action after the workshop.
    FollowUp {
        selected: usize,
    },
    /// Quitting, the session could not be saved: what now? The details are
    /// in [`App::save_failure`].
    SaveFailed,
}

/// Why leaving was stopped: the session's own file could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveFailure {
    /// The file that could not be written, and why.
    pub path: PathBuf,
    pub reason: String,
    /// Where a copy would go if the user says nothing else.
    pub suggested: PathBuf,
    /// Set when even an emergency copy could not be written anywhere.
    pub nowhere: Option<String>,
}

/// The three ways the report-back stage shows the plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportView {
    /// One group's actions, large.
    #[default]
    OneGroup,
    /// Every group's actions side by side, with dot voting.
    SideBySide,
    /// Actions placed on the map of the areas of change.
    Map,
}

impl ReportView {
    /// The next view; solo practice has no side-by-side view (one plan,
    /// nobody to give dots).
    pub fn next(self, mode: Mode) -> Self {
        match self {
            ReportView::OneGroup if mode == Mode::Solo => ReportView::Map,
            ReportView::OneGroup => ReportView::SideBySide,
            ReportView::SideBySide => ReportView::Map,
            ReportView::Map => ReportView::OneGroup,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
}

/// A session file found in the data directory.
#[derive(Debug, Clone)]
pub struct HomeEntry {
    pub path: PathBuf,
    /// The title and a one-line summary, or why the file cannot be opened.
    pub summary: Result<(String, String), String>,
    pub modified: std::time::SystemTime,
}

#[derive(Debug, Default)]
pub struct HomeState {
    pub entries: Vec<HomeEntry>,
    /// 0 is "start a new session"; 1.. are entries.
    pub selected: usize,
}

/// Where the user is on each stage's screen. Kept per session, not saved.
#[derive(Debug, Default, Clone)]
pub struct SessionView {
    pub barrier: usize,
    pub solution: usize,
    pub action: usize,
    pub show_notes: bool,
    /// 0: the council brief, 1: the roles.
    pub scenario_page: usize,
    /// How far the stage's text is scrolled (the slide, the brief, the
    /// close, one group's plan); clamped to the text in update and when drawn.
    pub scroll: usize,
    pub report: ReportView,
    /// The group shown in report-back's "one group" view.
    pub report_group: usize,
    /// How far the help is scrolled.
    pub help_scroll: usize,
    /// Which fired inject the actions stage's banner shows, counting back
    /// from the latest (0).
    pub inject_back: usize,
    /// The facilitator has put the inject banner away.
    pub inject_hidden: bool,
    /// The actions stage shows the timeline and plan checks instead of the list.
    pub timeline: bool,
    /// Solo practice attempts, loaded when the debrief is shown.
    pub history: Vec<practice::Attempt>,
    /// In the side-by-side view: (group index, action index) under the cursor.
    pub vote_cursor: (usize, usize),
}

#[derive(Debug)]
pub struct OpenSession {
    pub session: Session,
    /// The session file; in a shared folder, the room file.
    pub path: PathBuf,
    pub view: SessionView,
    /// Where the session lives: its own file, or a shared folder.
    pub link: Link,
    /// Undo and redo of the groups' work.
    pub history: history::History,
    /// This instance's claim to be the one writer; `None` when read-only.
    pub lock: Option<store::lock::SessionLock>,
    /// Opened while another instance has it: shown, never written.
    pub read_only: bool,
    dirty_since: Option<Instant>,
    last_change: Option<Instant>,
    /// The wall-clock second up to which time on the current stage has
    /// been counted into the session; `None` until the count starts.
    counted_to: Option<u64>,
}

impl SessionView {
    /// Switching group starts its lists at the top but keeps the way the
    /// screens are being shown (so a voter can change mid-vote).
    pub fn for_another_group(&mut self) {
        self.barrier = 0;
        self.solution = 0;
        self.action = 0;
        self.scroll = 0;
    }
}

impl OpenSession {
    pub fn new(session: Session, path: PathBuf) -> Self {
        OpenSession {
            session,
            path,
            view: SessionView::default(),
            link: Link::File,
            history: history::History::default(),
            lock: None,
            read_only: false,
            dirty_since: None,
            last_change: None,
            counted_to: None,
        }
    }

    /// Which group's which item the list stages have selected.
    fn selected_item(&self) -> (usize, usize, usize, usize) {
        let view = &self.view;
        (self.session.current_group, view.barrier, view.solution, view.action)
    }

    /// Where each report goes: beside the session file, named after it.
    pub fn report_paths(&self) -> Vec<(export::Format, PathBuf)> {
        export::Format::ALL.into_iter().map(|format| (format, self.path.with_extension(format.extension()))).collect()
    }

    /// True where this screen may change the current group's work: not in
    /// a shared-folder room, where each group writes its own file.
    pub fn can_edit_groups(&self) -> bool {
        !matches!(self.link, Link::Room(_))
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty_since.is_some()
    }

    /// Marks the session for saving. Input marks it through
    /// [`App::saving_changes`], by comparing the session before and after;
    /// this is for changes made outside input (a new group file, the time
    /// on the stage).
    fn touch(&mut self) {
        let now = Instant::now();
        self.dirty_since.get_or_insert(now);
        self.last_change = Some(now);
    }

    /// When the next save is due, if one is.
    fn save_due(&self) -> Option<Instant> {
        let since = self.dirty_since?;
        let quiet = self.last_change.unwrap_or(since) + SAVE_AFTER_QUIET;
        Some(quiet.min(since + SAVE_AT_LEAST_EVERY))
    }

    /// Takes the one-writer lock on the file this session writes.
    pub fn lock(&mut self) -> Result<(), store::lock::LockError> {
        self.lock = Some(store::lock::acquire(&self.written_path())?);
        Ok(())
    }

    /// The file this screen writes, if any: a group's laptop writes its
    /// group's file, a read-only view nothing.
    pub fn writes_to(&self) -> Option<PathBuf> {
        (!self.read_only).then(|| self.written_path())
    }

    /// The work is on disk (in its own file or a copy): nothing is due.
    fn mark_saved(&mut self) {
        self.dirty_since = None;
        self.last_change = None;
    }

    /// Writes the session if anything changed since the last save.
    fn save(&mut self) -> std::io::Result<()> {
        if self.dirty_since.is_none() {
            return Ok(());
        }
        if self.read_only {
            // Another instance is the writer; nothing here is written.
            self.dirty_since = None;
            self.last_change = None;
            return Ok(());
        }
        match &self.link {
            Link::Group(group) => {
                if let Some(mine) = self.session.groups.iter().find(|g| g.id == group.group_id) {
                    store::folder::save_group(&group.dir, mine)?;
                }
            }
            Link::File | Link::Room(_) => store::save_session(&self.session, &self.path)?,
        }
        self.dirty_since = None;
        self.last_change = None;
        Ok(())
    }
}

pub struct App {
    pub state: RunState,
    pub data_dir: PathBuf,
    pub home: HomeState,
    pub open: Option<OpenSession>,
    pub overlay: Option<Overlay>,
    pub form: Option<Form>,
    pub message: Option<Notice>,
    pub theme: Theme,
    /// Set while leaving is held up by a failed save.
    pub save_failure: Option<SaveFailure>,
    /// What to tell the user on the normal screen once the app has ended
    /// (where the work was saved, or why not).
    pub farewell: Vec<String>,
    /// Whether the work ended up anywhere other than where it belongs (an
    /// emergency copy), or nowhere: the process then exits non-zero.
    pub ended_badly: bool,
    /// Scenarios offered by the new-session form: (id, title).
    scenario_choices: Vec<Scenario>,
    /// The large, high-contrast view for a projector.
    pub projector: bool,
    /// How the projector draws large letters, as the terminal allows.
    pub letters: crate::term::Letters,
    /// Ring the terminal bell when a stage's time is up.
    pub bell: bool,
    /// Set when time ran out; the run loop rings the bell and clears it.
    pub bell_pending: bool,
    /// The stage whose time-up has been signalled, so it rings once.
    rung_for: Option<usize>,
    /// The wall-clock second last drawn while a timer runs.
    last_second: u64,
    /// Tests fix the clock here; `None` reads the system clock.
    pub fake_now: Option<u64>,
    /// When a shared folder was last looked at.
    last_folder_check: Option<Instant>,
    /// The terminal's size as last seen (columns, rows); `None` until the
    /// run loop has looked. Below the smallest usable size the screen says
    /// so, and keys other than quit do nothing that nobody could see.
    pub screen_size: Option<(u16, u16)>,
    /// Test-only: a key that makes the app panic, to prove a panic restores
    /// the terminal and keeps the session (set by `ROUNDTABLE_TEST_PANIC_KEY`).
    panic_key: Option<char>,
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
        App {
            state: RunState::Running,
            home: HomeState::default(),
            open: None,
            overlay: None,
            form: None,
            message: None,
            theme: Theme::from_env(),
            save_failure: None,
            farewell: Vec::new(),
            ended_badly: false,
            scenario_choices: Vec::new(),
            projector: false,
            letters: crate::term::Letters::Blocks,
            bell: false,
            bell_pending: false,
            rung_for: None,
            last_second: 0,
            fake_now: None,
            last_folder_check: None,
            screen_size: None,
            panic_key: std::env::var(PANIC_KEY_ENV).ok().and_then(|k| k.chars().next()),
            data_dir,
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
        app.open = Some(open);
        app.load_history();
        app
    }

    pub fn refresh_home(&mut self) {
        self.home.entries = list_sessions(&paths::sessions_dir(&self.data_dir));
        self.home.selected = self.home.selected.min(self.home.entries.len());
    }

    pub fn session(&self) -> Option<&Session> {
        self.open.as_ref().map(|o| &o.session)
    }

    fn say(&mut self, level: Level, text: impl Into<String>) {
        self.message = Some(Notice { level, text: text.into() });
    }

    /// What this screen may do: everything, or less in a shared-folder room
    /// or a read-only view.
    pub fn seat(&self) -> Seat {
        match &self.open {
            Some(open) if open.read_only => Seat::ReadOnly,
            Some(open) => match open.link {
                Link::File if open.session.mode == Mode::Solo => Seat::Solo,
                Link::File => Seat::Full,
                Link::Room(_) => Seat::FolderRoom,
                Link::Group(_) => Seat::GroupLaptop,
            },
            None => Seat::Full,
        }
    }

    /// Whether the terminal is below the smallest size the screens need.
    pub fn too_small(&self) -> bool {
        self.screen_size.is_some_and(|(w, h)| w < crate::ui::MIN_WIDTH || h < crate::ui::MIN_HEIGHT)
    }

    /// The screen that has the keyboard, ignoring overlays.
    pub fn base_context(&self) -> Context {
        match &self.open {
            None => Context::Home,
            Some(open) => match open.session.stage_kind() {
                StageKind::Welcome => Context::Welcome,
                StageKind::Briefing => Context::Briefing,
                StageKind::Barriers => Context::Barriers,
                StageKind::Solutions => Context::Solutions,
                StageKind::Scenario => Context::Scenario,
                StageKind::Actions => Context::Actions,
                StageKind::ReportBack => Context::ReportBack,
                StageKind::Close => Context::Close,
            },
        }
    }

    /// The context whose keys apply now.
    pub fn context(&self) -> Context {
        match self.overlay {
            Some(Overlay::Help) => Context::Help,
            Some(Overlay::ConfirmDelete(_)) => Context::Confirm,
            Some(Overlay::ConfirmExport { .. }) => Context::ConfirmExport,
            Some(Overlay::Deck { .. }) => Context::Deck,
            Some(Overlay::Injects { .. }) => Context::Injects,
            Some(Overlay::Groups { .. }) => Context::Groups,
            Some(Overlay::FollowUp { .. }) => Context::FollowUp,
            Some(Overlay::SaveFailed) => Context::SaveFailed,
            None if let Some(form) = &self.form => Context::Form(form.target.kind()),
            None => self.base_context(),
        }
    }

    /// Handles one terminal event. Returns true when the screen must be redrawn.
    pub fn handle_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                self.handle_key(key);
                true
            }
            Event::Paste(text) => {
                self.handle_paste(text);
                true
            }
            Event::Resize(width, height) => {
                self.screen_size = Some((*width, *height));
                true
            }
            _ => false,
        }
    }

    /// Runs `change` on the app, then marks the session for saving if the
    /// session differs: a save follows from any change a person makes,
    /// wherever in the update it was made, and never from looking around.
    fn saving_changes(&mut self, change: impl FnOnce(&mut Self)) {
        let before = self.open.as_ref().map(|o| o.session.clone());
        change(self);
        if let (Some(open), Some(before)) = (&mut self.open, before)
            && open.session != before
        {
            open.touch();
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) {
        self.saving_changes(|app| app.apply_key(key));
    }

    fn apply_key(&mut self, key: &KeyEvent) {
        self.message = None;
        if let (Some(panic_key), crossterm::event::KeyCode::Char(c)) = (self.panic_key, key.code)
            && c == panic_key
        {
            panic!("a panic injected for testing ({PANIC_KEY_ENV})");
        }
        if self.too_small() {
            // Nothing may change unseen: only quitting works (which saves).
            let quit = matches!(key.code, crossterm::event::KeyCode::Char('q'))
                || (key.code == crossterm::event::KeyCode::Char('c')
                    && key.modifiers.contains(crossterm::event::KeyModifiers::CONTROL));
            if quit {
                self.quit();
            }
            return;
        }
        if self.overlay.is_none()
            && let Some(form) = &mut self.form
        {
            match form.handle_key(key) {
                KeyOutcome::Changed => {
                    self.apply_form();
                    return;
                }
                KeyOutcome::Moved => return,
                KeyOutcome::Ignored => {}
            }
        }
        let (context, seat) = (self.context(), self.seat());
        if let Some(action) = keys::action_for(context, seat, key) {
            self.update(action);
        } else if keys::refused(context, seat, key) {
            self.say(Level::Info, seat.refusal());
        }
    }

    fn handle_paste(&mut self, text: &str) {
        self.saving_changes(|app| app.apply_paste(text));
    }

    fn apply_paste(&mut self, text: &str) {
        if self.too_small() {
            return;
        }
        let Some(form) = self.form.as_mut().filter(|_| self.overlay.is_none()) else {
            return self.say(Level::Info, "To paste, open a field first: a adds, Enter edits.");
        };
        // A field is a sentence or a paragraph: a pasted document is cut
        // short rather than freezing the screen.
        let count = text.chars().count();
        let kept: String = text.chars().take(PASTE_LIMIT).collect();
        if form.paste(&kept) {
            self.apply_form();
        }
        if count > PASTE_LIMIT {
            self.say(
                Level::Warning,
                format!("The paste was {count} characters; only the first {PASTE_LIMIT} were kept."),
            );
        }
    }

    /// Copies the open form's values into the session and marks it dirty.
    fn apply_form(&mut self) {
        let (Some(form), Some(open)) = (&self.form, &mut self.open) else { return };
        if open.read_only {
            return;
        }
        match form.target {
            Target::NewSession | Target::CustomInject | Target::SaveAs => {}
            Target::StatusNote(..) => {
                let form = self.form.take();
                if let Some(form) = &form {
                    self.apply_status_note(form);
                }
                self.form = form;
            }
            Target::GroupName(id) => {
                let name = form.text(crate::forms::FieldId::Name);
                if let Some(group) = open.session.groups.iter_mut().find(|g| g.id == id)
                    && !name.is_empty()
                {
                    group.name = name;
                }
            }
            _ => {
                form.apply(open.session.group_mut());
            }
        }
        // A refusal shown in the form goes once it is put right.
        if let Some(form) = &mut self.form
            && form.problem.is_some()
        {
            form.problem = form.refusal().map(|(_, why)| why);
        }
    }

    pub fn update(&mut self, action: Message) {
        if !self.seat().allows(self.context(), action) {
            return;
        }
        if matches!(action, Message::Undo | Message::Redo) && self.form.is_none() && self.overlay.is_none() {
            return self.undo_or_redo(action == Message::Undo);
        }
        let before = self.open.as_ref().map(|o| history::Snapshot::of(&o.session));
        let stage_before = self.open.as_ref().map(|o| o.session.stage);
        let form_was_open = self.form.is_some();
        let selected_before = self.open.as_ref().map(OpenSession::selected_item);
        self.dispatch(action);
        if let Some(open) = &mut self.open
            && Some(open.selected_item()) != selected_before
        {
            // Another item's detail starts at its top.
            open.view.scroll = 0;
        }
        if self.refuse_if_read_only(before.as_ref()) {
            return;
        }
        self.solo_injects();
        if self.open.as_ref().map(|o| o.session.stage) != stage_before {
            self.load_history();
        }
        let Some(open) = &mut self.open else { return };
        match (form_was_open, self.form.is_some()) {
            // A form just opened: the whole edit becomes one undo step when it closes.
            (false, true) => open.history.form_before = before,
            (true, false) => {
                if let Some(before) = open.history.form_before.take() {
                    open.history.record(before, &open.session);
                }
            }
            (false, false) => {
                if let Some(before) = before {
                    open.history.record(before, &open.session);
                }
            }
            (true, true) => {}
        }
    }

    /// Puts back any change made to a read-only session. Returns true when
    /// something had to be put back.
    fn refuse_if_read_only(&mut self, before: Option<&history::Snapshot>) -> bool {
        let Some(open) = &mut self.open else { return false };
        if !open.read_only {
            return false;
        }
        let changed = before.is_some_and(|b| !b.same_work(&open.session));
        if changed {
            if let Some(b) = before {
                b.clone().restore(&mut open.session);
            }
            self.form = None;
            self.say(
                Level::Warning,
                "Read-only: this session is open in another Roundtable, so nothing here can change.",
            );
        }
        changed
    }

    fn undo_or_redo(&mut self, undo: bool) {
        let Some(open) = &mut self.open else { return };
        let done = if undo { open.history.undo(&mut open.session) } else { open.history.redo(&mut open.session) };
        match done {
            Some(what) => {
                self.clamp_selection();
                self.say(Level::Info, format!("{}: {what}.", if undo { "Undone" } else { "Redone" }));
            }
            None => self.say(Level::Info, if undo { "Nothing to undo." } else { "Nothing to redo." }),
        }
    }

    fn dispatch(&mut self, action: Message) {
        match self.context() {
            Context::Help => self.update_help(action),
            Context::Confirm => self.update_confirm(action),
            Context::ConfirmExport => {
                self.overlay = None;
                if action == Message::ConfirmYes {
                    self.export_reports();
                }
            }
            Context::Deck => self.update_deck(action),
            Context::Injects => self.update_injects(action),
            Context::Groups => self.update_groups(action),
            Context::FollowUp => self.update_follow_up(action),
            Context::SaveFailed => self.update_save_failed(action),
            Context::Form(_) => self.update_form(action),
            Context::Home => self.update_home(action),
            _ => self.update_stage(action),
        }
    }

    fn update_help(&mut self, action: Message) {
        let limit = crate::ui::overlays::help_scroll_limit(self);
        let Some(open) = &mut self.open else {
            if matches!(action, Message::Back | Message::ToggleHelp) {
                self.overlay = None;
            }
            return;
        };
        let scroll = &mut open.view.help_scroll;
        let limit = limit.unwrap_or(usize::MAX);
        match action {
            Message::Back | Message::ToggleHelp => {
                self.overlay = None;
                *scroll = 0;
            }
            Message::Up => *scroll = (*scroll).min(limit).saturating_sub(1),
            Message::Down => *scroll = scroll.saturating_add(1).min(limit),
            Message::First => *scroll = 0,
            Message::Last => *scroll = limit.min(usize::from(u16::MAX)),
            _ => {}
        }
    }

    fn update_confirm(&mut self, action: Message) {
        let Some(Overlay::ConfirmDelete(target)) = self.overlay else {
            return;
        };
        match action {
            Message::ConfirmYes => {
                self.overlay = None;
                let Some(open) = &mut self.open else { return };
                if let Target::GroupName(id) = target {
                    let index = open.session.groups.iter().position(|g| g.id == id);
                    let removed = index.and_then(|i| open.session.remove_group(i));
                    self.overlay = Some(Overlay::Groups { selected: index.unwrap_or(0).saturating_sub(1) });
                    if let Some(group) = removed {
                        self.say(Level::Info, format!("Removed the group \"{}\" and its work.", group.name));
                        self.retire_group_file(&group);
                    }
                    return;
                }
                let group = open.session.group_mut();
                let removed = match target {
                    Target::Barrier(id) => group.remove_barrier(id).map(|b| format!("barrier \"{}\"", b.text)),
                    Target::Solution(id) => group.remove_solution(id).map(|s| format!("solution \"{}\"", s.text)),
                    Target::Action(id) => group.remove_action(id).map(|a| format!("action \"{}\"", a.title)),
                    Target::NewSession
                    | Target::GroupName(_)
                    | Target::CustomInject
                    | Target::StatusNote(..)
                    | Target::SaveAs => None,
                };
                self.clamp_selection();
                if let Some(what) = removed {
                    self.say(Level::Info, format!("Deleted the {what}."));
                }
            }
            Message::ConfirmNo => self.overlay = None,
            _ => {}
        }
    }

    fn update_deck(&mut self, action: Message) {
        let Some(Overlay::Deck { selected }) = self.overlay else {
            return;
        };
        let Some(open) = &mut self.open else { return };
        let deck_len = open.session.scenario.barrier_deck.len();
        match action {
            Message::Up => self.overlay = Some(Overlay::Deck { selected: selected.saturating_sub(1) }),
            Message::Down => {
                self.overlay = Some(Overlay::Deck { selected: (selected + 1).min(deck_len.saturating_sub(1)) })
            }
            Message::Back => self.overlay = None,
            Message::Select => {
                let Some(card) = open.session.scenario.barrier_deck.get(selected).cloned() else {
                    return;
                };
                self.overlay = None;
                let group = open.session.group_mut();
                let id = group.add_barrier(Barrier {
                    text: card.title.clone(),
                    kind: card.kind,
                    severity: 3,
                    card: Some(card.id.clone()),
                    ..Barrier::default()
                });
                let last = group.barriers.len() - 1;
                let barrier = group.barrier(id).cloned().unwrap_or_default();
                open.view.barrier = last;
                let mut form = Form::for_barrier(&barrier, false);
                form.title = format!("From the deck: {}", card.title);
                // Start on severity: the card already names the barrier.
                form.focus_on(crate::forms::FieldId::Severity);
                self.form = Some(form);
            }
            _ => {}
        }
    }

    fn update_form(&mut self, action: Message) {
        let Some(form) = &mut self.form else { return };
        match action {
            Message::NextField if form.at_last_field() => self.close_form_if_valid(),
            Message::NextField => form.next_field(),
            Message::PreviousField => form.previous_field(),
            Message::Submit => self.close_form_if_valid(),
            // Esc on the new-session form means "not now".
            Message::Back if form.target == Target::NewSession => {
                self.form = None;
                self.say(Level::Info, "No session started.");
            }
            Message::Back if form.target == Target::CustomInject => {
                self.form = None;
                self.say(Level::Info, "No inject was fired.");
            }
            // Back to the question of what to do about the failed save.
            Message::Back if form.target == Target::SaveAs => {
                self.form = None;
                self.overlay = Some(Overlay::SaveFailed);
            }
            Message::Back => self.close_form_if_valid(),
            Message::ToggleHelp => self.overlay = Some(Overlay::Help),
            _ => {}
        }
    }

    /// Closes the form unless what it holds cannot be kept (an action that
    /// ends before it starts): then it stays open on the field to put
    /// right, and says why in the form itself.
    fn close_form_if_valid(&mut self) {
        let Some(form) = &mut self.form else { return };
        // A new item left blank is dropped, whatever else it holds.
        let refusal = if form.is_new && form.is_blank() { None } else { form.refusal() };
        match refusal {
            Some((field, why)) => {
                form.focus_on(field);
                form.problem = Some(why);
            }
            None => self.close_form(),
        }
    }

    /// Closes the form. Its values are already in the session; a new item
    /// left blank is dropped, and the new-session form starts the session.
    fn close_form(&mut self) {
        let Some(form) = self.form.take() else { return };
        match form.target {
            Target::NewSession => return self.start_session_from(&form),
            Target::SaveAs => return self.save_copy_and_quit(&form.text(crate::forms::FieldId::SavePath)),
            Target::CustomInject => return self.fire_custom_inject(&form),
            Target::StatusNote(group_id, action_id) => {
                // Back to the follow-up list, on the same action.
                let selected = self.open.as_ref().map_or(0, |o| {
                    o.session
                        .groups
                        .iter()
                        .flat_map(|g| g.actions.iter().map(move |a| (g.id, a.id)))
                        .position(|ids| ids == (group_id, action_id))
                        .unwrap_or(0)
                });
                self.overlay = Some(Overlay::FollowUp { selected });
                return;
            }
            Target::GroupName(id) => {
                // Back to the groups list, on the group just named.
                self.overlay = self.open.as_ref().map(|o| Overlay::Groups {
                    selected: o.session.groups.iter().position(|g| g.id == id).unwrap_or(o.session.current_group),
                });
                return;
            }
            _ => {}
        }
        let Some(open) = &mut self.open else { return };
        if form.is_new && form.is_blank() {
            let group = open.session.group_mut();
            match form.target {
                Target::Barrier(id) => drop(group.remove_barrier(id)),
                Target::Solution(id) => drop(group.remove_solution(id)),
                Target::Action(id) => drop(group.remove_action(id)),
                _ => {}
            }
            self.clamp_selection();
            self.say(Level::Info, "Nothing was written, so nothing was added.");
        } else if let Target::Action(id) = form.target {
            let rules = open.session.scenario.rules;
            if let Some(a) = open.session.group().actions.iter().find(|a| a.id == id) {
                let problems = crate::domain::plan::check_action(a, &rules);
                if let Some(first) = problems.first() {
                    self.say(Level::Warning, format!("Saved. Still to do: {first}."));
                }
            }
        }
    }

    fn update_home(&mut self, action: Message) {
        match action {
            Message::Quit => self.state = RunState::Quit,
            Message::ToggleHelp => self.overlay = Some(Overlay::Help),
            Message::Up => self.home.selected = self.home.selected.saturating_sub(1),
            Message::Down => self.home.selected = (self.home.selected + 1).min(self.home.entries.len()),
            Message::NewSession => self.open_new_session_form(),
            Message::Select if self.home.selected == 0 => self.open_new_session_form(),
            Message::Select => {
                let Some(entry) = self.home.entries.get(self.home.selected - 1) else {
                    return;
                };
                let path = entry.path.clone();
                match store::load_session(&path) {
                    Ok(session) => {
                        let mut open = OpenSession::new(session, path);
                        match open.lock() {
                            Ok(()) => {
                                self.open = Some(open);
                                self.count_stage_time();
                            }
                            Err(e) => self.say(
                                Level::Error,
                                format!("{e}. Close it there first, or use `roundtable open --read-only`."),
                            ),
                        }
                    }
                    Err(e) => self.say(Level::Error, e.to_string()),
                }
            }
            _ => {}
        }
    }

    fn open_new_session_form(&mut self) {
        self.scenario_choices = scenarios::list(&paths::scenarios_dir(&self.data_dir))
            .into_iter()
            .filter_map(|l| l.scenario.ok())
            .collect();
        let choices: Vec<(String, String)> =
            self.scenario_choices.iter().map(|s| (s.id.clone(), s.title.clone())).collect();
        self.form = Some(Form::new_session(&default_title(clock::now_unix()), &choices));
    }

    fn start_session_from(&mut self, form: &Form) {
        let (title, scenario_index, solo, groups) = form.new_session_values();
        let Some(scenario) = self.scenario_choices.get(scenario_index).cloned() else {
            return;
        };
        let now = clock::now_unix();
        let title = if title.is_empty() { default_title(now) } else { title };
        let (mode, groups) = if solo { (Mode::Solo, vec![SOLO_PLAN.to_string()]) } else { (Mode::Room, groups) };
        let session = Session::new(&title, scenario, mode, &groups, now);
        let path = paths::new_session_path(&paths::sessions_dir(&self.data_dir), &title, &clock::date(now));
        match store::save_session(&session, &path) {
            Ok(()) => {
                self.say(Level::Info, format!("Started. Saved as {}", path.display()));
                let mut open = OpenSession::new(session, path);
                // A brand-new file: nobody else can hold it.
                let _ = open.lock();
                self.open = Some(open);
                self.count_stage_time();
            }
            Err(e) => self.say(Level::Error, format!("Could not create {}: {e}", path.display())),
        }
    }

    fn update_stage(&mut self, action: Message) {
        let context = self.base_context();
        // Measured as the stage is drawn, so scrolling stops at the end.
        let scroll_limit = crate::ui::stages::scroll_limit(self);
        if self.update_room(action, context) {
            return;
        }
        if matches!(action, Message::NextStage | Message::PreviousStage) {
            // The time so far belongs to the stage being left.
            self.count_stage_time();
        }
        let now = self.now();
        let Some(open) = &mut self.open else { return };
        if action.edits_an_item() && !open.can_edit_groups() {
            self.say(
                Level::Info,
                "In a shared-folder room each group writes on its own laptop; this screen shows their work.",
            );
            return;
        }
        match action {
            Message::Quit => self.quit(),
            Message::ToggleHelp => self.overlay = Some(Overlay::Help),
            Message::NextStage => {
                // A stage's clock stops when the room moves on.
                if let Some(timer) = open.session.timer_mut() {
                    timer.pause(now);
                }
                if open.session.next_stage() {
                    open.view.scroll = 0;
                } else {
                    self.say(Level::Info, "This is the last stage. Press e to export the report, q to quit.");
                }
            }
            Message::PreviousStage => {
                if let Some(timer) = open.session.timer_mut() {
                    timer.pause(now);
                }
                let moved = open.session.previous_stage();
                if moved {
                    open.view.scroll = 0;
                }
            }
            Message::NextGroup => {
                let n = open.session.groups.len();
                open.session.current_group = (open.session.current_group + 1) % n;
                open.view.for_another_group();
                open.view.report_group = open.session.current_group;
                let name = open.session.group().name.clone();
                self.say(Level::Info, format!("Now editing: {name}"));
            }
            // The slide is saved, so a notes screen can follow it.
            Message::NextSlide => {
                open.session.slide = (open.session.slide + 1).min(open.session.scenario.slides.len().saturating_sub(1));
                open.view.scroll = 0;
            }
            Message::PreviousSlide => {
                open.session.slide = open.session.slide.saturating_sub(1);
                open.view.scroll = 0;
            }
            Message::ToggleNotes => open.view.show_notes = !open.view.show_notes,
            Message::ToggleTimeline => open.view.timeline = !open.view.timeline,
            Message::StepInject | Message::ToggleInject if open.session.injects.is_empty() => {
                self.say(Level::Info, "No inject has been fired yet.");
            }
            Message::StepInject => {
                open.view.inject_back = (open.view.inject_back + 1) % open.session.injects.len();
                open.view.inject_hidden = false;
            }
            Message::ToggleInject => open.view.inject_hidden = !open.view.inject_hidden,
            Message::NextPage => {
                open.view.scenario_page = (open.view.scenario_page + 1) % 2;
                open.view.scroll = 0;
            }
            Message::Up | Message::Down | Message::First | Message::Last => {
                let group = open.session.group();
                let (selected, len) = match context {
                    Context::Barriers => (&mut open.view.barrier, group.barriers.len()),
                    Context::Solutions => (&mut open.view.solution, group.solutions.len()),
                    Context::Actions => (&mut open.view.action, group.actions.len()),
                    _ => {
                        // Until the screen's size is known, drawing clamps.
                        let limit = scroll_limit.unwrap_or(usize::MAX);
                        let scroll = open.view.scroll.min(limit);
                        open.view.scroll = match action {
                            Message::Up => scroll.saturating_sub(1),
                            Message::Down => scroll.saturating_add(1).min(limit),
                            Message::First => 0,
                            _ => scroll_limit.unwrap_or(scroll),
                        };
                        return;
                    }
                };
                *selected = match action {
                    Message::Up => selected.saturating_sub(1),
                    Message::Down => (*selected + 1).min(len.saturating_sub(1)),
                    Message::First => 0,
                    _ => len.saturating_sub(1),
                };
            }
            Message::DetailUp => {
                open.view.scroll = open.view.scroll.min(scroll_limit.unwrap_or(usize::MAX)).saturating_sub(1);
            }
            Message::DetailDown => {
                open.view.scroll = open.view.scroll.saturating_add(1).min(scroll_limit.unwrap_or(usize::MAX));
            }
            Message::Add => self.add_item(context),
            Message::DrawCard => self.overlay = Some(Overlay::Deck { selected: 0 }),
            Message::Edit => self.edit_selected(context),
            Message::Delete => {
                if let Some(target) = self.selected_target(context) {
                    self.overlay = Some(Overlay::ConfirmDelete(target));
                }
            }
            Message::ToggleKind | Message::Severity(_) => {
                let index = open.view.barrier;
                if let Some(b) = open.session.group_mut().barriers.get_mut(index) {
                    match action {
                        Message::ToggleKind => b.kind = b.kind.toggled(),
                        Message::Severity(n) => b.severity = n.clamp(1, 5),
                        _ => {}
                    }
                }
            }
            Message::Export => {
                let existing = open
                    .report_paths()
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, path))| path.exists())
                    .fold(0u8, |bits, (i, _)| bits | (1 << i));
                self.overlay = Some(Overlay::ConfirmExport { existing });
            }
            _ => {}
        }
    }

    fn add_item(&mut self, context: Context) {
        let Some(open) = &mut self.open else { return };
        let scenario = &open.session.scenario;
        let max_actions = usize::from(scenario.rules.actions);
        let index = open.session.current_group.min(open.session.groups.len() - 1);
        let Some(group) = open.session.groups.get_mut(index) else {
            return;
        };
        let form = match context {
            Context::Barriers => {
                let id =
                    group.add_barrier(Barrier { kind: BarrierKind::Environmental, severity: 3, ..Barrier::default() });
                open.view.barrier = group.barriers.len() - 1;
                group.barrier(id).map(|b| Form::for_barrier(b, true))
            }
            Context::Solutions => {
                let id = group.add_solution(Solution::default());
                open.view.solution = group.solutions.len() - 1;
                group.solutions.iter().find(|s| s.id == id).map(|s| Form::for_solution(s, group, scenario, true))
            }
            Context::Actions if group.actions.len() >= max_actions => {
                let text = format!(
                    "The plan already has {}. Edit one (Enter) or delete one (x) to make room.",
                    crate::domain::plural(max_actions, "action")
                );
                self.say(Level::Warning, text);
                return;
            }
            Context::Actions => {
                let id = group.add_action(PlanAction::default());
                open.view.action = group.actions.len() - 1;
                group.actions.iter().find(|a| a.id == id).map(|a| Form::for_action(a, group, scenario, true))
            }
            _ => None,
        };
        if form.is_some() {
            self.form = form;
        }
    }

    fn selected_target(&self, context: Context) -> Option<Target> {
        let open = self.open.as_ref()?;
        let group = open.session.group();
        match context {
            Context::Barriers => group.barriers.get(open.view.barrier).map(|b| Target::Barrier(b.id)),
            Context::Solutions => group.solutions.get(open.view.solution).map(|s| Target::Solution(s.id)),
            Context::Actions => group.actions.get(open.view.action).map(|a| Target::Action(a.id)),
            _ => None,
        }
    }

    fn edit_selected(&mut self, context: Context) {
        let Some(target) = self.selected_target(context) else {
            self.say(Level::Info, "Nothing to edit yet: press a to add one.");
            return;
        };
        let Some(open) = &self.open else { return };
        let group = open.session.group();
        let scenario = &open.session.scenario;
        self.form = match target {
            Target::Barrier(id) => group.barrier(id).map(|b| Form::for_barrier(b, false)),
            Target::Solution(id) => {
                group.solutions.iter().find(|s| s.id == id).map(|s| Form::for_solution(s, group, scenario, false))
            }
            Target::Action(id) => {
                group.actions.iter().find(|a| a.id == id).map(|a| Form::for_action(a, group, scenario, false))
            }
            Target::NewSession
            | Target::GroupName(_)
            | Target::CustomInject
            | Target::StatusNote(..)
            | Target::SaveAs => None,
        };
    }

    fn clamp_selection(&mut self) {
        let Some(open) = &mut self.open else { return };
        let group = &open.session.groups[open.session.current_group.min(open.session.groups.len() - 1)];
        open.view.barrier = open.view.barrier.min(group.barriers.len().saturating_sub(1));
        open.view.solution = open.view.solution.min(group.solutions.len().saturating_sub(1));
        open.view.action = open.view.action.min(group.actions.len().saturating_sub(1));
    }

    /// Writes the Markdown, HTML and CSV reports beside the session file.
    fn export_reports(&mut self) {
        // The reports count the time on the stage up to now.
        self.count_stage_time();
        let Some(open) = &self.open else { return };
        let mut written = Vec::new();
        for (format, out) in open.report_paths() {
            let report = export::render(&open.session, format);
            if let Err(e) = store::report::write_report(&out, format, &report, false) {
                let what = match e {
                    store::report::ReportWriteError::NotAReport { .. } => {
                        format!("{e}. Move it aside and export again.")
                    }
                    _ => format!("{e}."),
                };
                return self.say(Level::Error, format!("Reports not written: {what}"));
            }
            written.push(out);
        }
        let dir = open.path.parent().map_or(String::new(), |d| d.display().to_string());
        let names: Vec<String> =
            written.iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
        self.say(Level::Info, format!("Reports written to {dir}: {}", names.join(", ")));
    }

    /// Leaves, once the work is safe. A failed save never ends the app
    /// silently: it asks what to do (see [`Overlay::SaveFailed`]).
    fn quit(&mut self) {
        self.count_stage_time();
        match self.save_now() {
            Ok(()) => self.state = RunState::Quit,
            Err(e) => self.hold_up_quit(&e.to_string()),
        }
    }

    fn hold_up_quit(&mut self, reason: &str) {
        let Some(open) = &self.open else { return };
        let path = open.writes_to().unwrap_or_else(|| open.path.clone());
        let suggested = store::rescue::suggested_path(&self.data_dir, &path, &store::rescue::stamp(self.now()));
        self.save_failure = Some(SaveFailure { path, reason: reason.to_string(), suggested, nowhere: None });
        self.form = None;
        // The question is for the person at the keyboard: leave the
        // projector view so it can be seen.
        self.projector = false;
        self.overlay = Some(Overlay::SaveFailed);
    }

    fn update_save_failed(&mut self, action: Message) {
        let Some(failure) = self.save_failure.clone() else {
            self.overlay = None;
            return;
        };
        match action {
            Message::Back => {
                self.overlay = None;
                self.save_failure = None;
                self.say(
                    Level::Warning,
                    format!("Not saved yet ({}). Your work is kept here and saving is retried.", failure.reason),
                );
            }
            Message::SaveElsewhere => {
                self.overlay = None;
                self.form = Some(Form::save_as(&failure.suggested));
            }
            Message::Quit if failure.nowhere.is_some() => {
                // Asked twice, with nowhere to write: the user's call.
                self.farewell.push(format!(
                    "roundtable: the changes since the last save were lost: {} could not be written ({}), nor any copy.",
                    failure.path.display(),
                    failure.reason
                ));
                self.ended_badly = true;
                self.state = RunState::Quit;
            }
            Message::Quit => self.quit_with_emergency_copy(),
            _ => {}
        }
    }

    /// Writes an emergency copy where one can go, then leaves; if none can
    /// be written anywhere, says so and stays.
    fn quit_with_emergency_copy(&mut self) {
        match self.write_emergency_copy() {
            Ok(()) => self.state = RunState::Quit,
            Err(nowhere) => {
                if let Some(failure) = &mut self.save_failure {
                    failure.nowhere = Some(nowhere);
                }
                self.overlay = Some(Overlay::SaveFailed);
            }
        }
    }

    /// Writes the whole session to the first folder that takes it, and
    /// leaves word of where it went.
    fn write_emergency_copy(&mut self) -> Result<(), String> {
        let stamp = store::rescue::stamp(self.now());
        let Some(open) = &mut self.open else { return Ok(()) };
        let own = open.writes_to().unwrap_or_else(|| open.path.clone());
        match store::rescue::write_emergency_copy(&open.session, &own, &self.data_dir, &stamp) {
            Ok(copy) => {
                open.mark_saved();
                self.saved_elsewhere(&own, &copy);
                Ok(())
            }
            Err(tried) => {
                Err(tried.iter().map(|(path, e)| format!("{}: {e}", path.display())).collect::<Vec<_>>().join("; "))
            }
        }
    }

    /// The work is safe, but not in its own file: say where, and end with a
    /// non-zero exit so scripts and people notice.
    fn saved_elsewhere(&mut self, own: &Path, copy: &Path) {
        self.ended_badly = true;
        self.farewell.push(format!(
            "roundtable: {} could not be written, so everything was saved to {}\n  Carry on with: roundtable open {}",
            own.display(),
            copy.display(),
            copy.display()
        ));
    }

    /// Saves the session to a path the user chose, then leaves.
    fn save_copy_and_quit(&mut self, path: &str) {
        let path = PathBuf::from(path.trim());
        let refused = if path.as_os_str().is_empty() {
            Some("no path was given".to_string())
        } else if std::fs::symlink_metadata(&path).is_ok() {
            Some(format!("{} already exists; choose a new name", path.display()))
        } else {
            None
        };
        let Some(open) = &mut self.open else { return };
        let result = match refused {
            Some(why) => Err(why),
            None => store::save_session(&open.session, &path).map_err(|e| format!("{}: {e}", path.display())),
        };
        match result {
            Ok(()) => {
                open.mark_saved();
                let own = open.writes_to().unwrap_or_else(|| open.path.clone());
                self.saved_elsewhere(&own, &path);
                self.state = RunState::Quit;
            }
            Err(why) => {
                if let Some(failure) = &mut self.save_failure {
                    failure.reason = format!("the copy could not be written either: {why}");
                    failure.suggested = path;
                }
                self.overlay = Some(Overlay::SaveFailed);
            }
        }
    }

    /// After the app has stopped (normally, on a terminal error or a
    /// panic): makes sure the work is on disk, in its own file or in an
    /// emergency copy, and says where.
    pub fn finish(&mut self) {
        // Quitting counted the time already; an app that stopped for any
        // other reason counts it now.
        if self.state == RunState::Running {
            self.count_stage_time();
        }
        let Some(open) = &mut self.open else { return };
        match open.save() {
            Ok(()) => {
                if !self.ended_badly
                    && let Some(path) = open.writes_to()
                {
                    self.farewell.push(format!("Saved: {}", path.display()));
                }
            }
            Err(e) => {
                let own = open.writes_to().unwrap_or_else(|| open.path.clone());
                if let Err(nowhere) = self.write_emergency_copy() {
                    self.ended_badly = true;
                    self.farewell.push(format!(
                        "roundtable: the latest changes were lost: {} could not be written ({e}), nor any copy ({nowhere}).",
                        own.display()
                    ));
                }
            }
        }
    }

    /// Saves now if anything changed.
    pub fn save_now(&mut self) -> std::io::Result<()> {
        if self.open.as_ref().is_some_and(OpenSession::is_dirty) {
            self.count_stage_time();
        }
        match &mut self.open {
            Some(open) if open.is_dirty() => open.save(),
            _ => Ok(()),
        }
    }

    /// Counts the time since it was last counted to the stage on show (and
    /// banks a running timer's time), so that the session holds it; the
    /// first call starts the count. Called as the stage changes, before
    /// every save and on the way out, so the count never depends on a
    /// clock ticking while nobody looks. A group's laptop counts nothing:
    /// the room's time is the facilitator's.
    pub fn count_stage_time(&mut self) {
        let now = self.now();
        let Some(open) = &mut self.open else { return };
        if matches!(open.link, Link::Group(_)) {
            return;
        }
        let secs = open.counted_to.map_or(0, |from| now.saturating_sub(from));
        open.counted_to = Some(now);
        if secs > 0 || open.session.timer().is_some_and(|t| t.is_running()) {
            open.session.count_time(secs, now);
            open.touch();
        }
    }

    /// How long the loop may sleep before something is due: a save, or
    /// the next second of a running timer. `None`: nothing is pending, so
    /// sleep until the next event (an idle app uses no CPU).
    pub fn wake_in(&self, now: Instant) -> Option<Duration> {
        let save = self.open.as_ref().and_then(OpenSession::save_due).map(|due| due.saturating_duration_since(now));
        let second = self.timer_running().then(|| {
            let millis = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| u64::from(d.subsec_millis()));
            Duration::from_millis(1000 - millis.min(999))
        });
        let folder = self.watches_folder().then(|| {
            self.last_folder_check.map_or(Duration::ZERO, |at| (at + FOLDER_CHECK_EVERY).saturating_duration_since(now))
        });
        save.into_iter().chain(second).chain(folder).min()
    }

    /// Does whatever is due: saves, the timer's next second, the time-up
    /// signal. Returns true when the screen must be redrawn.
    pub fn tick(&mut self, now: Instant) -> bool {
        let mut redraw = false;
        let save_due = self.open.as_ref().and_then(OpenSession::save_due).is_some_and(|due| now >= due);
        if save_due {
            self.count_stage_time();
        }
        if save_due
            && let Some(open) = &mut self.open
            && let Err(e) = open.save()
        {
            let text = format!("Could not save {}: {e}. Your work is kept; retrying.", open.path.display());
            // Try again in a second rather than spinning.
            open.dirty_since = Some(now);
            open.last_change = Some(now + SAVE_AT_LEAST_EVERY);
            self.say(Level::Error, text);
            redraw = true;
        }
        if self.watches_folder() && self.last_folder_check.is_none_or(|at| now >= at + FOLDER_CHECK_EVERY) {
            self.last_folder_check = Some(now);
            redraw |= self.refresh_folder();
        }
        let second = self.now();
        if self.timer_running() && second != self.last_second {
            self.last_second = second;
            redraw = true;
        }
        if let Some(open) = &self.open
            && let Some(timer) = open.session.timer()
            && timer.is_running()
            && timer.is_up(second)
            && self.rung_for != Some(open.session.stage)
        {
            self.rung_for = Some(open.session.stage);
            self.bell_pending = self.bell;
            redraw = true;
        }
        redraw
    }
}

/// The title a session gets when none is given.
pub fn default_title(now: u64) -> String {
    format!("Partnership workshop {}", clock::date(now))
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

/// Runs the app until it quits. Generic over the backend so tests can drive
/// it; blocks on input with no timeout unless a save is pending, so an idle
/// app uses no CPU.
pub fn run<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> color_eyre::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    if let Ok(size) = terminal.size() {
        app.screen_size = Some((size.width, size.height));
    }
    // Time on the stage counts from now.
    app.count_stage_time();
    let mut sized = SizedText::default();
    sized.draw(terminal, app)?;
    while app.state == RunState::Running {
        let ready = match app.wake_in(Instant::now()) {
            Some(timeout) => crossterm::event::poll(timeout)?,
            None => true,
        };
        let mut redraw = false;
        if ready {
            redraw |= app.handle_event(&crossterm::event::read()?);
        }
        redraw |= app.tick(Instant::now());
        if std::mem::take(&mut app.bell_pending) {
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
        if redraw {
            sized.draw(terminal, app)?;
        }
    }
    Ok(())
}

/// Where the last frame had letters in the terminal's own font, and the
/// blocks they cover. Writing into the lower rows of such letters does not
/// erase them, so when the blocks move the whole screen is drawn afresh
/// (new text in the same block, such as the clock's, replaces the old).
#[derive(Default)]
struct SizedText(Vec<(u16, u16, u16, String)>);

impl SizedText {
    fn draw<B: Backend>(&mut self, terminal: &mut Terminal<B>, app: &App) -> color_eyre::Result<()>
    where
        B::Error: Send + Sync + 'static,
    {
        let frame = terminal.draw(|frame| frame.render_widget(app, frame.area()))?;
        if app.letters == crate::term::Letters::Blocks {
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
                frame.render_widget(app, frame.area());
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
