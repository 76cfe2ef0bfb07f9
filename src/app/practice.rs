//! Solo practice and follow-up: injects that arrive on their own while a
//! learner plans, the practice history behind the debrief, and recording
//! what became of each action after the workshop.

use std::path::Path;

use crate::domain::change::{Change, Field, ItemKind, ItemRef};
use crate::domain::review::{self, Figures};
use crate::domain::room::FiredInject;
use crate::domain::scenario::StageKind;
use crate::domain::session::{Mode, Session};
use crate::forms::Form;
use crate::store::{self, paths};

use super::{Level, Overlay, ScreenMut};

/// In solo practice, news arrives when the plan reaches these sizes.
const SOLO_INJECT_AT: [usize; 2] = [3, 5];

/// One past practice attempt, for the history and the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub title: String,
    pub created: u64,
    pub figures: Figures,
    /// This is the session open now.
    pub current: bool,
}

/// Every solo session in `dir`, oldest first, with its debrief figures.
pub fn practice_history(dir: &Path, current: &Session, current_path: &Path) -> Vec<Attempt> {
    let mut out: Vec<Attempt> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron") && p != current_path)
        .filter_map(|p| store::load_session(&p).ok())
        .filter(|s| s.mode == Mode::Solo)
        .map(|s| Attempt {
            figures: review::figures(s.group(), &s.scenario),
            title: s.title.clone(),
            created: s.created,
            current: false,
        })
        .collect();
    out.push(Attempt {
        title: current.title.clone(),
        created: current.created,
        figures: review::figures(current.group(), &current.scenario),
        current: true,
    });
    out.sort_by_key(|a| a.created);
    out
}

/// Sentences comparing this attempt with the one before it.
pub fn compare(previous: &Figures, latest: &Figures) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = |what: &str, before: usize, now: usize, of: Option<usize>| {
        let total = of.map_or(String::new(), |t| format!(" of {t}"));
        let verdict = match now.cmp(&before) {
            std::cmp::Ordering::Greater => "up",
            std::cmp::Ordering::Less => "down",
            std::cmp::Ordering::Equal => "the same",
        };
        out.push(format!("{what}: {before} → {now}{total} ({verdict})"));
    };
    line("Actions", previous.actions, latest.actions, (latest.actions_asked > 0).then_some(latest.actions_asked));
    line("Complete actions", previous.actions_complete, latest.actions_complete, Some(latest.actions));
    line("Barriers tackled", previous.barriers_tackled, latest.barriers_tackled, Some(latest.barriers));
    line("Areas of change covered", previous.areas_used, latest.areas_used, Some(latest.areas_total));
    line("Actions led jointly", previous.led_jointly, latest.led_jointly, None);
    line("Early starts", previous.early_starts, latest.early_starts, None);
    match (previous.key_tackled, latest.key_tackled) {
        (false, true) => out.push("The key barrier: now tackled (better)".into()),
        (true, false) => out.push("The key barrier: no longer tackled (worse)".into()),
        (true, true) => out.push("The key barrier: tackled both times".into()),
        (false, false) => out.push("The key barrier: still not tackled".into()),
    }
    out
}

impl ScreenMut<'_> {
    /// In solo practice, fires the scenario's next inject once the plan
    /// reaches a set size.
    pub(super) fn solo_injects(&mut self) {
        let now = self.work.now();
        let Some(session) = self.work.session() else { return };
        if session.mode != Mode::Solo
            || self.state.view.stage_kind(session) != StageKind::Actions
            || session.scenario.injects.is_empty()
        {
            return;
        }
        let due = SOLO_INJECT_AT.iter().filter(|n| self.state.view.group(session).actions.len() >= **n).count();
        if session.injects.len() >= due {
            return;
        }
        // A different inject for each attempt, chosen from when it started.
        let count = session.scenario.injects.len();
        let pick = (session.created as usize / 60 + session.injects.len() * 3) % count;
        let inject = &session.scenario.injects[pick];
        let fired = FiredInject::from_scenario(inject, now, self.state.view.stage(session));
        let title = fired.title.clone();
        // The scenario's news, not the learner's doing: not theirs to undo.
        let by = self.look().actor();
        if self.work.apply(by, Change::FireInject(fired)).is_err() {
            return;
        }
        self.say(Level::Warning, format!("News just in: {title}. Read it above your plan and revise if you need to."));
    }

    /// Loads the practice history for the debrief (when a solo session
    /// reaches the close stage).
    pub(super) fn load_history(&mut self) {
        let dir = paths::sessions_dir(&self.work.data_dir);
        let Some(open) = &self.work.open else { return };
        if open.session.mode == Mode::Solo && self.state.view.stage_kind(&open.session) == StageKind::Close {
            self.state.view.history = practice_history(&dir, &open.session, &open.path);
        }
    }

    pub(super) fn update_follow_up(&mut self, action: crate::message::Message) {
        use crate::message::Message;
        let Some(Overlay::FollowUp { selected }) = self.state.overlay else { return };
        let Some(open) = &self.work.open else { return };
        let rows: Vec<(usize, usize)> = open
            .session
            .groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| (0..group.actions.len()).map(move |a| (g, a)))
            .collect();
        if rows.is_empty() {
            self.state.overlay = None;
            return self.say(Level::Info, "There are no actions to review yet.");
        }
        let selected = selected.min(rows.len() - 1);
        let (g, a) = rows[selected];
        match action {
            Message::Up => self.state.overlay = Some(Overlay::FollowUp { selected: selected.saturating_sub(1) }),
            Message::Down => {
                self.state.overlay = Some(Overlay::FollowUp { selected: (selected + 1).min(rows.len() - 1) });
            }
            Message::Back => self.state.overlay = None,
            Message::Left | Message::Right => {
                let (group, act) = (&open.session.groups[g], &open.session.groups[g].actions[a]);
                let status = if action == Message::Right { act.status.next() } else { act.status.previous() };
                let item = ItemRef { group: group.id, kind: ItemKind::Action, id: act.id };
                self.change(Change::Set { item, field: Field::Status(status) });
            }
            Message::Select | Message::Edit => {
                let group = &open.session.groups[g];
                let act = &group.actions[a];
                self.state.form = Some(Form::status_note(group.id, act.id, &act.title, &act.status_note));
                self.state.overlay = None;
            }
            _ => {}
        }
    }
}
