//! `roundtable notes FILE`: the presenter console, a read-only second screen
//! for the facilitator's laptop while the projector shows the room.
//!
//! It follows the session file (or a shared folder's room and group files)
//! as the main screen saves it, and shows the current and next slide or
//! stage, the speaker notes, the timer, each group's progress, the injects
//! fired and a preview of what the projector shows. It never writes
//! anything. Like every screen it holds the session in a [`Workshop`] (here
//! read-only, and read again as the file changes); its preview is a
//! projector [`ScreenState`] on that workshop, drawn by the same code as
//! the projector itself. The console's own state is how far it is scrolled
//! and whether its help is open. A read that fails (a file half saved or half
//! synced) keeps the last good state on screen and says so.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::app::{OpenSession, Screen, ScreenState, Workshop};
use crate::clock;
use crate::domain::session::Session;
use crate::store::{self, folder};
use crate::ui::theme::Theme;

/// How often the file is looked at (file events may not arrive on a share).
const CHECK_EVERY: Duration = Duration::from_millis(500);

/// What a key asks the console to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotesAction {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    End,
    ToggleHelp,
    Quit,
}

/// One key of the console: the help and the hint bar are made from the
/// same table that [`NotesApp::handle_key`] reads.
#[derive(Debug, Clone, Copy)]
pub struct NotesKey {
    pub code: KeyCode,
    pub ctrl: bool,
    pub action: NotesAction,
    /// Keys that share a label are shown together ("↑/k").
    pub label: &'static str,
    /// Shown in the hint bar as well as in the help.
    pub hint: bool,
}

const fn key(code: KeyCode, action: NotesAction, label: &'static str, hint: bool) -> NotesKey {
    NotesKey { code, ctrl: false, action, label, hint }
}

pub const KEYS: &[NotesKey] = &[
    key(KeyCode::Up, NotesAction::Up, "scroll", true),
    key(KeyCode::Down, NotesAction::Down, "scroll", true),
    key(KeyCode::Char('k'), NotesAction::Up, "scroll", false),
    key(KeyCode::Char('j'), NotesAction::Down, "scroll", false),
    key(KeyCode::PageUp, NotesAction::PageUp, "page up/down", true),
    key(KeyCode::PageDown, NotesAction::PageDown, "page up/down", true),
    key(KeyCode::Char(' '), NotesAction::PageDown, "page down", false),
    // Before Home/End, so that a narrow hint bar keeps it.
    key(KeyCode::Char('q'), NotesAction::Quit, "quit", true),
    key(KeyCode::Esc, NotesAction::Quit, "quit", false),
    NotesKey { code: KeyCode::Char('c'), ctrl: true, action: NotesAction::Quit, label: "quit", hint: false },
    key(KeyCode::Home, NotesAction::Top, "top/end", true),
    key(KeyCode::End, NotesAction::End, "top/end", true),
    key(KeyCode::Char('?'), NotesAction::ToggleHelp, "help", true),
];

fn key_name(k: &NotesKey) -> String {
    let base = match k.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Esc => "Esc".into(),
        other => format!("{other:?}"),
    };
    if k.ctrl { format!("Ctrl-{}", base.to_uppercase()) } else { base }
}

/// ("↑/↓/k/j", "scroll"): one row per label, for the help (`hints_only`
/// false) or the hint bar.
pub fn key_rows(hints_only: bool) -> Vec<(String, &'static str)> {
    let mut rows: Vec<(String, &'static str)> = Vec::new();
    for k in KEYS.iter().filter(|k| k.hint || !hints_only) {
        let name = key_name(k);
        match rows.iter_mut().find(|(_, label)| *label == k.label) {
            Some((keys, _)) => {
                keys.push('/');
                keys.push_str(&name);
            }
            None => rows.push((name, k.label)),
        }
    }
    rows
}

/// The action `event` asks for, if any.
pub fn action_for(event: &KeyEvent) -> Option<NotesAction> {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    KEYS.iter().find(|k| k.code == event.code && k.ctrl == ctrl).map(|k| k.action)
}

/// A group file of a shared-folder room that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFileProblem {
    /// The group it belongs to, when that is known.
    pub group_id: Option<u32>,
    pub file: String,
    pub warning: String,
}

pub struct NotesApp {
    pub path: PathBuf,
    /// The session as last read, held as for any screen. Never written:
    /// it is marked read-only. The clock for tests is its `fake_now`.
    pub work: Workshop,
    /// The preview's screen: the projector view of the session as saved.
    pub preview: ScreenState,
    /// Why the last read failed; the last good session stays on screen.
    pub problem: Option<String>,
    /// Group files that could not be read; those groups keep their last
    /// good work.
    pub group_problems: Vec<GroupFileProblem>,
    pub theme: Theme,
    pub quit: bool,
    /// The local time zone's offset from UTC, for the time of day.
    pub utc_offset: Option<i32>,
    /// How far the console is scrolled; clamped to the content in update
    /// (for the screen size last seen) and when drawn.
    pub scroll: usize,
    /// The key help is open.
    pub help: bool,
    /// The terminal's size as last seen (columns, rows).
    pub screen_size: Option<(u16, u16)>,
    seen: Option<(SystemTime, u64)>,
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The room's group files change without room.ron changing.
fn folder_stamp(path: &Path) -> u64 {
    let Some(dir) = path.parent() else { return 0 };
    if is_room_file(path) {
        folder::fingerprint(dir)
            .iter()
            .map(|(_, m, len)| {
                len + m.and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_millis() as u64)
            })
            .sum()
    } else {
        0
    }
}

fn is_room_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == folder::ROOM_FILE)
}

impl NotesApp {
    pub fn new(path: PathBuf) -> Self {
        let mut app = NotesApp {
            work: Workshop::new(path.parent().map(Path::to_path_buf).unwrap_or_default()),
            preview: ScreenState { projector: true, ..ScreenState::new(Theme::from_env()) },
            path,
            problem: None,
            group_problems: Vec::new(),
            theme: Theme::from_env(),
            quit: false,
            utc_offset: clock::local_offset(),
            scroll: 0,
            help: false,
            screen_size: None,
            seen: None,
        };
        app.reload();
        app
    }

    /// The preview: the projector's screen on the session as last read.
    pub fn preview(&self) -> Screen<'_> {
        Screen { work: &self.work, state: &self.preview }
    }

    pub fn now(&self) -> u64 {
        self.work.now()
    }

    /// The session as last read.
    pub fn session(&self) -> Option<&Session> {
        self.work.session()
    }

    /// Reads the file again if it changed. Returns true when it did.
    pub fn reload(&mut self) -> bool {
        let now = stamp(&self.path).map(|(t, len)| (t, len + folder_stamp(&self.path)));
        if now.is_some() && now == self.seen {
            return false;
        }
        self.seen = now;
        let loaded = if is_room_file(&self.path) {
            let dir = self.path.parent().map(Path::to_path_buf).unwrap_or_default();
            folder::load_room(&dir).map(|mut s| {
                let states = folder::merge_group_files(&dir, &mut s);
                self.group_problems = self.keep_last_good_groups(&mut s, states);
                s
            })
        } else {
            store::load_session(&self.path)
        };
        match loaded {
            Ok(session) => {
                // A new slide or stage starts the console at its top.
                let moved = self.session().is_none_or(|old| (old.stage, old.slide) != (session.stage, session.slide));
                if moved {
                    self.scroll = 0;
                }
                let mut open = OpenSession::new(session, self.path.clone());
                open.read_only = true;
                self.work.open = Some(open);
                self.problem = None;
            }
            // Mid-save or half-synced: keep showing the last good state.
            Err(e) => self.problem = Some(e.to_string()),
        }
        true
    }

    /// A group whose file cannot be read keeps the work last read from it
    /// (the room file's copy may be older). Returns the problems.
    fn keep_last_good_groups(
        &self,
        session: &mut Session,
        states: Vec<folder::GroupFileState>,
    ) -> Vec<GroupFileProblem> {
        let mut problems = Vec::new();
        for state in states {
            let Some(warning) = state.warning else { continue };
            if let Some(id) = state.group_id
                && let Some(last) = self.session().and_then(|s| s.group_by_id(id))
                && let Some(group) = session.groups.iter_mut().find(|g| g.id == id)
            {
                *group = last.clone();
            }
            let file = state.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            problems.push(GroupFileProblem { group_id: state.group_id, file, warning });
        }
        problems
    }

    pub fn handle_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                self.handle_key(key);
                true
            }
            Event::Resize(w, h) => {
                self.screen_size = Some((*w, *h));
                true
            }
            _ => false,
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) {
        let Some(action) = action_for(key) else { return };
        if self.help {
            // The help is a page of its own: anything but Ctrl-C closes it.
            let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
            if ctrl_c {
                self.quit = true;
            } else if matches!(action, NotesAction::ToggleHelp | NotesAction::Quit) {
                self.help = false;
            }
            return;
        }
        self.update(action);
    }

    pub fn update(&mut self, action: NotesAction) {
        let limit = self.screen_size.map(|(w, h)| crate::ui::notes::scroll_limit(self, w, h));
        let page = self.screen_size.map_or(10, |(w, h)| crate::ui::notes::page_rows(self, w, h));
        let limit_or_max = limit.unwrap_or(usize::MAX);
        // Content may have shrunk since the last key.
        let scroll = self.scroll.min(limit_or_max);
        self.scroll = match action {
            NotesAction::Up => scroll.saturating_sub(1),
            NotesAction::Down => scroll.saturating_add(1).min(limit_or_max),
            NotesAction::PageUp => scroll.saturating_sub(page),
            NotesAction::PageDown => scroll.saturating_add(page).min(limit_or_max),
            NotesAction::Top => 0,
            NotesAction::End => limit_or_max,
            NotesAction::ToggleHelp => {
                self.help = true;
                scroll
            }
            NotesAction::Quit => {
                self.quit = true;
                scroll
            }
        };
    }
}

pub fn run_notes<B: Backend>(terminal: &mut Terminal<B>, app: &mut NotesApp) -> color_eyre::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let size = terminal.size()?;
    app.screen_size = Some((size.width, size.height));
    let mut last_check = Instant::now();
    terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
    while !app.quit {
        let wait = (last_check + CHECK_EVERY).saturating_duration_since(Instant::now());
        let mut redraw = false;
        if crossterm::event::poll(wait)? {
            redraw |= app.handle_event(&crossterm::event::read()?);
        }
        if last_check.elapsed() >= CHECK_EVERY {
            last_check = Instant::now();
            app.reload();
            // The timer and the time of day move on their own, so the
            // screen is drawn again whether or not the file changed.
            redraw = true;
        }
        if redraw {
            terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        }
    }
    Ok(())
}
