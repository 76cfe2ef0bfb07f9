//! `roundtable notes FILE`: a read-only second screen for the facilitator's
//! laptop. It follows the session file as the main screen saves it and
//! shows the current stage's speaker notes, the timer and each group's work,
//! while the projector shows the room.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::clock;
use crate::domain::session::Session;
use crate::store::{self, folder};
use crate::ui::theme::Theme;

/// How often the file is looked at (file events may not arrive on a share).
const CHECK_EVERY: Duration = Duration::from_millis(500);

pub struct NotesApp {
    pub path: PathBuf,
    /// The session as last read.
    pub session: Option<Session>,
    /// Why the last read failed; the last good session stays on screen.
    pub problem: Option<String>,
    pub theme: Theme,
    pub quit: bool,
    /// Tests fix the clock here.
    pub fake_now: Option<u64>,
    seen: Option<(SystemTime, u64)>,
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The room's group files change without room.ron changing.
fn folder_stamp(path: &Path) -> u64 {
    let Some(dir) = path.parent() else { return 0 };
    if path.file_name().is_some_and(|n| n == folder::ROOM_FILE) {
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

impl NotesApp {
    pub fn new(path: PathBuf) -> Self {
        let mut app = NotesApp {
            path,
            session: None,
            problem: None,
            theme: Theme::from_env(),
            quit: false,
            fake_now: None,
            seen: None,
        };
        app.reload();
        app
    }

    pub fn now(&self) -> u64 {
        self.fake_now.unwrap_or_else(clock::now_unix)
    }

    /// Reads the file again if it changed. Returns true when it did.
    pub fn reload(&mut self) -> bool {
        let now = stamp(&self.path).map(|(t, len)| (t, len + folder_stamp(&self.path)));
        if now.is_some() && now == self.seen {
            return false;
        }
        self.seen = now;
        let loaded = if self.path.file_name().is_some_and(|n| n == folder::ROOM_FILE) {
            let dir = self.path.parent().map(Path::to_path_buf).unwrap_or_default();
            folder::load_room(&dir).map(|mut s| {
                folder::merge_group_files(&dir, &mut s);
                s
            })
        } else {
            store::load_session(&self.path)
        };
        match loaded {
            Ok(session) => {
                self.session = Some(session);
                self.problem = None;
            }
            // Mid-save or half-synced: keep showing the last good state.
            Err(e) => self.problem = Some(e.to_string()),
        }
        true
    }

    pub fn handle_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
                if matches!(key.code, KeyCode::Char('q') | KeyCode::Esc) || ctrl_c {
                    self.quit = true;
                }
                true
            }
            Event::Resize(..) => true,
            _ => false,
        }
    }
}

pub fn run_notes<B: Backend>(terminal: &mut Terminal<B>, app: &mut NotesApp) -> color_eyre::Result<()>
where
    B::Error: Send + Sync + 'static,
{
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
            redraw |= app.reload();
            // The timer moves on its own while it runs.
            redraw |= app.session.as_ref().and_then(Session::timer).is_some_and(|t| t.is_running());
        }
        if redraw {
            terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        }
    }
    Ok(())
}
