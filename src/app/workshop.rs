//! The workshop: the session held once, and its keeping.
//!
//! However many screens are on it (the facilitator's, the projector, each
//! table served over SSH), a session is open once, here: its file, its lock,
//! where it lives (its own file or a shared folder), and whether a change is
//! waiting to be written. The screens' own state is in [`super::screen`].

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::clock;
use crate::domain::scenario::Scenario;
use crate::domain::session::Session;
use crate::export;
use crate::store;

use super::reach::Reach;
use super::{Link, SAVE_AFTER_QUIET, SAVE_AT_LEAST_EVERY};

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

#[derive(Debug)]
pub struct OpenSession {
    pub session: Session,
    /// The session file; in a shared folder, the room file.
    pub path: PathBuf,
    /// Where the session lives: its own file, or a shared folder.
    pub link: Link,
    /// This instance's claim to be the one writer; `None` when read-only.
    pub lock: Option<store::lock::SessionLock>,
    /// Opened while another instance has it: shown, never written.
    pub read_only: bool,
    pub(super) dirty_since: Option<Instant>,
    pub(super) last_change: Option<Instant>,
    /// The wall-clock second up to which time on the current stage has
    /// been counted into the session; `None` until the count starts.
    pub(super) counted_to: Option<u64>,
    /// Counts the changes made to the session since it was opened.
    pub(super) version: u64,
    /// Which screens the changes since the screens were last told can show on.
    pub(super) reach: Reach,
}

impl OpenSession {
    pub fn new(session: Session, path: PathBuf) -> Self {
        OpenSession {
            session,
            path,
            link: Link::File,
            lock: None,
            read_only: false,
            dirty_since: None,
            last_change: None,
            counted_to: None,
            version: 0,
            reach: Reach::Nothing,
        }
    }

    /// Where each report goes: beside the session file, named after it.
    pub fn report_paths(&self) -> Vec<(export::Format, PathBuf)> {
        export::Format::ALL.into_iter().map(|format| (format, self.path.with_extension(format.extension()))).collect()
    }

    /// Whether this screen writes the group's work: a folder room's screen
    /// only for a group whose laptop failed (it types for it then).
    pub fn can_edit_group(&self, group: u32) -> bool {
        !matches!(self.link, Link::Room(_)) || self.session.typed_here.contains(&group)
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty_since.is_some()
    }

    /// Marks the session for saving. A person's change marks it through
    /// [`Workshop::apply`]; this is for what comes from outside (a group's
    /// file read again, a session loaded).
    pub(super) fn touch(&mut self) {
        self.touch_within(Reach::Room);
    }

    /// Marks the session for saving after a change of that reach.
    pub(super) fn touch_within(&mut self, reach: Reach) {
        if reach != Reach::Nothing {
            self.version += 1;
            self.reach = std::mem::take(&mut self.reach).and(reach);
        }
        self.mark_dirty();
    }

    /// Marks the session for saving, with nothing any screen shows changed.
    fn mark_dirty(&mut self) {
        let now = Instant::now();
        self.dirty_since.get_or_insert(now);
        self.last_change = Some(now);
    }

    /// When the next save is due, if one is.
    pub(super) fn save_due(&self) -> Option<Instant> {
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
    pub(super) fn mark_saved(&mut self) {
        self.dirty_since = None;
        self.last_change = None;
    }

    /// Writes the session if anything changed since the last save.
    pub(super) fn save(&mut self) -> std::io::Result<()> {
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
                    let laptop =
                        store::folder::Laptop { stage: self.session.stage, saved_at: crate::clock::now_unix() };
                    store::folder::save_group(&group.dir, mine, Some(laptop))?;
                }
            }
            // Counted, so that the presenter console following this file
            // sees every save, however quickly they come.
            Link::Room(room) => {
                store::save_counted(&mut self.session, &self.path)?;
                // The groups this screen types for, whose laptops failed.
                for group in self.session.groups.iter().filter(|g| self.session.typed_here.contains(&g.id)) {
                    store::folder::save_group(&room.dir, group, None)?;
                }
            }
            Link::File => store::save_counted(&mut self.session, &self.path)?,
        }
        self.dirty_since = None;
        self.last_change = None;
        Ok(())
    }
}

/// Everything about the open session that is the same for every screen on
/// it, and what the process keeps on the way out.
pub struct Workshop {
    pub data_dir: PathBuf,
    /// The session, once opened (from the home screen or the command line).
    pub open: Option<OpenSession>,
    /// Set while leaving is held up by a failed save.
    pub save_failure: Option<SaveFailure>,
    /// What to tell the user on the normal screen once the app has ended
    /// (where the work was saved, or why not).
    pub farewell: Vec<String>,
    /// Whether the work ended up anywhere other than where it belongs (an
    /// emergency copy), or nowhere: the process then exits non-zero.
    pub ended_badly: bool,
    /// Scenarios offered by the new-session form.
    pub(super) scenario_choices: Vec<Scenario>,
    /// Ring the terminal bell when a stage's time is up.
    pub bell: bool,
    /// Set when time ran out; the run loop rings the bell and clears it.
    pub bell_pending: bool,
    /// The stage whose time-up has been signalled, so it rings once.
    pub(super) rung_for: Option<usize>,
    /// The wall-clock second last drawn while a timer runs.
    pub(super) last_second: u64,
    /// Tests fix the clock here; `None` reads the system clock.
    pub fake_now: Option<u64>,
    /// When a shared folder was last looked at.
    pub(super) last_folder_check: Option<Instant>,
    /// How tables reach the room when it is served over SSH.
    pub served: Option<super::tables::ServedRoom>,
    /// How phones reach the room when it has a page for them.
    pub phones: Option<super::phones::PhoneRoom>,
    /// Set when the session is another Roundtable's, read again as it is
    /// saved (the presenter console's).
    pub following: Option<super::follow::Following>,
    /// When the followed file was last looked at.
    pub(super) last_follow_check: Option<Instant>,
    /// The time zone dates and times are shown in: the system's, asked
    /// once at start-up (tests fix it).
    pub zone: clock::TimeZone,
    /// The changes made, for telling other screens and naming who.
    pub(super) log: super::change_log::ChangeLog,
    /// Test-only: a key that makes the app panic, to prove a panic restores
    /// the terminal and keeps the session (set by `ROUNDTABLE_TEST_PANIC_KEY`).
    pub(super) panic_key: Option<char>,
}

impl Workshop {
    pub fn new(data_dir: PathBuf) -> Self {
        Workshop {
            data_dir,
            open: None,
            save_failure: None,
            farewell: Vec::new(),
            ended_badly: false,
            scenario_choices: Vec::new(),
            bell: false,
            bell_pending: false,
            rung_for: None,
            last_second: 0,
            fake_now: None,
            last_folder_check: None,
            served: None,
            phones: None,
            following: None,
            last_follow_check: None,
            zone: clock::local_zone().clone(),
            log: super::change_log::ChangeLog::default(),
            panic_key: std::env::var(super::PANIC_KEY_ENV).ok().and_then(|k| k.chars().next()),
        }
    }

    pub fn session(&self) -> Option<&Session> {
        self.open.as_ref().map(|o| &o.session)
    }

    /// The wall clock in seconds (fixed in tests).
    pub fn now(&self) -> u64 {
        self.fake_now.unwrap_or_else(clock::now_unix)
    }

    pub fn timer_running(&self) -> bool {
        self.session().and_then(|s| s.timer()).is_some_and(super::super::domain::room::StageTimer::is_running)
    }

    /// Counts the changes to the session: every screen is redrawn when it moves.
    /// Which screens the changes since the last call can show on.
    pub fn take_reach(&mut self) -> Reach {
        self.open.as_mut().map_or(Reach::Nothing, |o| std::mem::take(&mut o.reach))
    }

    pub fn version(&self) -> u64 {
        self.open.as_ref().map_or(0, |o| o.version)
    }

    /// Whether the session has a change waiting to be written.
    pub fn is_dirty(&self) -> bool {
        self.open.as_ref().is_some_and(OpenSession::is_dirty)
    }

    /// Whether a shared folder needs looking at every second.
    pub fn watches_folder(&self) -> bool {
        self.open.as_ref().is_some_and(|o| !matches!(o.link, Link::File))
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
    /// clock ticking while nobody looks. A group's laptop and a read-only
    /// view count nothing: the room's time is the facilitator's.
    pub fn count_stage_time(&mut self) {
        let now = self.now();
        let Some(open) = &mut self.open else { return };
        // The room's time is its writer's to count.
        if matches!(open.link, Link::Group(_)) || open.read_only {
            return;
        }
        let secs = open.counted_to.map_or(0, |from| now.saturating_sub(from));
        open.counted_to = Some(now);
        if secs > 0 || open.session.timer().is_some_and(super::super::domain::room::StageTimer::is_running) {
            open.session.count_time(secs, now);
            // Counted time is in the reports, not on any screen.
            open.mark_dirty();
        }
    }

    /// Writes the whole session to the first folder that takes it, and
    /// leaves word of where it went.
    pub fn write_emergency_copy(&mut self) -> Result<(), String> {
        let stamp = store::rescue::stamp(self.now(), &self.zone);
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
    pub(super) fn saved_elsewhere(&mut self, own: &Path, copy: &Path) {
        self.ended_badly = true;
        self.farewell.push(format!(
            "roundtable: {} could not be written, so everything was saved to {}\n  Carry on with: roundtable open {}",
            own.display(),
            copy.display(),
            copy.display()
        ));
    }
}
