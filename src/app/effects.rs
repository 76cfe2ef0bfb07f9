//! What an input asks for beyond the screens' state: the disk (saving and
//! leaving, reports, session files, a shared folder's group files, the
//! practice history). The update path only says what it wants, as an
//! [`Effect`] on the screen's list; the app carries the list out once the
//! update is done, as gitui's queue does. So no update touches the disk,
//! and a test of the update can see what an input asked for.

use std::path::PathBuf;

use crate::clock;
use crate::domain::session::{Group, Mode, SOLO_PLAN, Session};
use crate::export;
use crate::forms::Form;
use crate::scenarios;
use crate::store::{self, paths};

use super::screen::{Level, Overlay, Role, ScreenMut};
use super::workshop::{OpenSession, SaveFailure};
use super::{RunState, default_title};

/// Something the update path wants done outside the screens' state.
#[derive(Debug)]
pub enum Effect {
    /// Open a session file (from the home list).
    OpenSession(PathBuf),
    /// Offer the new-session form, with the scenarios on this machine.
    NewSessionForm,
    /// Start and save a session from the new-session form.
    StartSession(Box<Form>),
    /// Write the Markdown, HTML and CSV reports beside the session file.
    WriteReports,
    /// Save, then leave.
    Quit,
    /// Saving failed and the user leaves anyway: an emergency copy first.
    EmergencyCopyAndQuit,
    /// Saving failed: write the session where the user says, then leave.
    SaveCopyAndQuit(String),
    /// Read the practice history, for a solo debrief.
    LoadPracticeHistory,
    /// Move a removed group's file out of the shared folder.
    RetireGroupFile(Group),
    /// Bring back the file of a group whose removal was undone.
    BringBackGroupFile(Group),
}

impl ScreenMut<'_> {
    /// Asks for `effect`, to be carried out once the update is done.
    pub(super) fn effect(&mut self, effect: Effect) {
        self.state.effects.push(effect);
    }

    /// Carries out what the updates asked for, in order.
    pub fn carry_out_effects(&mut self) {
        while !self.state.effects.is_empty() {
            let effect = self.state.effects.remove(0);
            self.carry_out(effect);
        }
    }

    fn carry_out(&mut self, effect: Effect) {
        match effect {
            Effect::OpenSession(path) => self.open_session(path),
            Effect::NewSessionForm => self.open_new_session_form(),
            Effect::StartSession(form) => self.start_session_from(&form),
            Effect::WriteReports => self.export_reports(),
            Effect::Quit => self.quit(),
            Effect::EmergencyCopyAndQuit => self.quit_with_emergency_copy(),
            Effect::SaveCopyAndQuit(path) => self.save_copy_and_quit(&path),
            Effect::LoadPracticeHistory => self.load_history(),
            Effect::RetireGroupFile(group) => self.retire_group_file(&group),
            Effect::BringBackGroupFile(group) => self.bring_back_group_file(&group),
        }
    }

    /// Opens a session file from the home list.
    fn open_session(&mut self, path: PathBuf) {
        match store::load_session(&path) {
            Ok(session) => {
                let mut open = OpenSession::new(session, path);
                match open.lock() {
                    Ok(()) => {
                        self.work.open = Some(open);
                        self.work.count_stage_time();
                    }
                    Err(e) => self
                        .say(Level::Error, format!("{e}. Close it there first, or use `roundtable open --read-only`.")),
                }
            }
            Err(e) => self.say(Level::Error, e.to_string()),
        }
    }

    fn open_new_session_form(&mut self) {
        self.work.scenario_choices = scenarios::list(&paths::scenarios_dir(&self.work.data_dir))
            .into_iter()
            .filter_map(|l| l.scenario.ok())
            .collect();
        let choices: Vec<(String, String)> =
            self.work.scenario_choices.iter().map(|s| (s.id.clone(), s.title.clone())).collect();
        self.state.form = Some(Form::new_session(&default_title(clock::now_unix(), &self.work.zone), &choices));
    }

    fn start_session_from(&mut self, form: &Form) {
        let (title, scenario_index, solo, groups) = form.new_session_values();
        let Some(scenario) = self.work.scenario_choices.get(scenario_index).cloned() else {
            return;
        };
        let now = clock::now_unix();
        let title = if title.is_empty() { default_title(now, &self.work.zone) } else { title };
        let (mode, groups) = if solo { (Mode::Solo, vec![SOLO_PLAN.to_string()]) } else { (Mode::Room, groups) };
        let session = Session::new(&title, scenario, mode, &groups, now);
        let path = paths::new_session_path(
            &paths::sessions_dir(&self.work.data_dir),
            &title,
            &clock::date(now, &self.work.zone),
        );
        match store::save_session(&session, &path) {
            Ok(()) => {
                self.say(Level::Info, format!("Started. Saved as {}", path.display()));
                let mut open = OpenSession::new(session, path);
                // A brand-new file: nobody else can hold it.
                let _ = open.lock();
                self.work.open = Some(open);
                self.work.count_stage_time();
            }
            Err(e) => self.say(Level::Error, format!("Could not create {}: {e}", path.display())),
        }
    }

    /// Writes the Markdown, HTML and CSV reports beside the session file.
    fn export_reports(&mut self) {
        // The reports count the time on the stage up to now.
        self.work.count_stage_time();
        let Some(open) = &self.work.open else { return };
        let mut written = Vec::new();
        for (format, out) in open.report_paths() {
            let report = export::render(&open.session, format, &self.work.zone);
            if let Err(e) = export::file::write_report(&out, format, &report, false) {
                let what = match e {
                    export::file::ReportWriteError::NotAReport { .. } => {
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
        if matches!(self.state.role, Role::Table { .. } | Role::Console) {
            // The session is the facilitator's to save; a table's work is in
            // it, and the console only reads.
            self.state.run = RunState::Quit;
            return;
        }
        self.work.count_stage_time();
        match self.work.save_now() {
            Ok(()) => self.state.run = RunState::Quit,
            Err(e) => self.hold_up_quit(&e.to_string()),
        }
    }

    fn hold_up_quit(&mut self, reason: &str) {
        let Some(open) = &self.work.open else { return };
        let path = open.writes_to().unwrap_or_else(|| open.path.clone());
        let suggested = store::rescue::suggested_path(
            &self.work.data_dir,
            &path,
            &store::rescue::stamp(self.work.now(), &self.work.zone),
        );
        self.work.save_failure = Some(SaveFailure { path, reason: reason.to_string(), suggested, nowhere: None });
        self.state.form = None;
        // The question is for the person at the keyboard: leave the
        // projector view so it can be seen.
        self.state.projector = false;
        self.state.overlay = Some(Overlay::SaveFailed);
    }

    /// Writes an emergency copy where one can go, then leaves; if none can
    /// be written anywhere, says so and stays.
    fn quit_with_emergency_copy(&mut self) {
        match self.work.write_emergency_copy() {
            Ok(()) => self.state.run = RunState::Quit,
            Err(nowhere) => {
                if let Some(failure) = &mut self.work.save_failure {
                    failure.nowhere = Some(nowhere);
                }
                self.state.overlay = Some(Overlay::SaveFailed);
            }
        }
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
        let Some(open) = &mut self.work.open else { return };
        let result = match refused {
            Some(why) => Err(why),
            None => store::save_session(&open.session, &path).map_err(|e| format!("{}: {e}", path.display())),
        };
        match result {
            Ok(()) => {
                open.mark_saved();
                let own = open.writes_to().unwrap_or_else(|| open.path.clone());
                self.work.saved_elsewhere(&own, &path);
                self.state.run = RunState::Quit;
            }
            Err(why) => {
                if let Some(failure) = &mut self.work.save_failure {
                    failure.reason = format!("the copy could not be written either: {why}");
                    failure.suggested = path;
                }
                self.state.overlay = Some(Overlay::SaveFailed);
            }
        }
    }
}
