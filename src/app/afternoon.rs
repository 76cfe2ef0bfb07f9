//! The facilitator's afternoon: the plan's start, the break, and the table
//! tracker (each group, its screens and how far it is), with a folder
//! room's way to type for a group whose laptop failed.

use crate::clock;
use crate::domain::change::Change;
use crate::domain::plan;
use crate::domain::room::RoomTime;
use crate::message::Message;

use super::{Level, Link, Overlay, ScreenMut, Workshop};

/// One group in the table tracker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub id: u32,
    pub name: String,
    /// The screens working on it, and the stage each shows.
    pub screens: Vec<TableScreen>,
    /// For each fired inject, whether the group has answered it.
    pub answered: Vec<bool>,
    /// Actions with nothing left to do, of those written.
    pub actions_complete: usize,
    pub actions: usize,
    pub dots_given: usize,
    pub dots_allowed: usize,
    /// A folder room's screen types for this group (its laptop failed).
    pub typed_here: bool,
    /// People at this table on the phones' page now.
    pub phones: usize,
    /// Why its file could not be read, in a folder room.
    pub warning: Option<String>,
}

/// A screen working on a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableScreen {
    /// A table connected over SSH, and the stage it looks at.
    Ssh { from: String, stage: usize },
    /// A group's laptop in a shared folder: the stage it showed and when
    /// it last saved.
    Laptop { stage: usize, saved_at: u64 },
}

impl TableScreen {
    pub fn stage(&self) -> usize {
        match self {
            TableScreen::Ssh { stage, .. } | TableScreen::Laptop { stage, .. } => *stage,
        }
    }
}

impl Workshop {
    /// The table tracker: every group, with its screens and progress.
    pub fn tracker(&self) -> Vec<TableRow> {
        let Some(open) = &self.open else { return Vec::new() };
        let session = &open.session;
        let rules = &session.scenario.rules;
        session
            .groups
            .iter()
            .map(|group| {
                let mut screens = Vec::new();
                if let Some(served) = &self.served {
                    for c in served.connected.iter().filter(|c| c.group == group.id) {
                        let from = c.from.ip().to_string();
                        screens.push(TableScreen::Ssh { from, stage: c.looking_at.unwrap_or(session.stage) });
                    }
                } else if self.following.is_some() {
                    // The presenter console knows the tables from the
                    // session file, as the serving screen last saved them.
                    for c in session.connected.iter().filter(|c| c.group == group.id) {
                        let stage = c.looking_at.unwrap_or(session.stage);
                        screens.push(TableScreen::Ssh { from: c.from.clone(), stage });
                    }
                }
                if let Some(following) = &self.following {
                    for (_, laptop) in following.laptops.iter().filter(|(id, _)| *id == group.id) {
                        screens.push(TableScreen::Laptop { stage: laptop.stage, saved_at: laptop.saved_at });
                    }
                }
                let mut warning = None;
                if let Link::Room(room) = &open.link
                    && let Some(file) = room.files.iter().find(|f| f.group_id == Some(group.id))
                {
                    warning.clone_from(&file.warning);
                    if let Some(laptop) = file.laptop {
                        screens.push(TableScreen::Laptop { stage: laptop.stage, saved_at: laptop.saved_at });
                    }
                }
                TableRow {
                    id: group.id,
                    name: group.name.clone(),
                    screens,
                    answered: (0..session.injects.len()).map(|i| group.response(i).is_some()).collect(),
                    actions_complete: group.actions.iter().filter(|a| plan::check_action(a, rules).is_empty()).count(),
                    actions: group.actions.len(),
                    dots_given: session.votes.iter().filter(|v| v.from == group.id).count(),
                    dots_allowed: usize::from(session.voting.per_group),
                    typed_here: session.typed_here.contains(&group.id),
                    phones: self.phones.as_ref().map_or(0, |p| p.at_table(group.id)),
                    warning,
                }
            })
            .collect()
    }
}

/// A laptop that saved within this many seconds may still be in use.
const LAPTOP_IN_USE_SECS: u64 = 120;

impl ScreenMut<'_> {
    /// Starts the plan's count the first time the room's clock runs (or
    /// the room breaks), as if the stages before had kept to time.
    pub(super) fn start_the_afternoon(&mut self) {
        let now = self.work.now();
        let Some(session) = self.work.session() else { return };
        if session.room_time.started_at.is_some() {
            return;
        }
        let time = RoomTime { started_at: Some(session.plan_start_at(now)), ..session.room_time };
        self.change(Change::RoomTime(time));
    }

    /// The room starts its break (its clock stops), or ends it early.
    pub(super) fn toggle_break(&mut self) {
        let now = self.work.now();
        self.start_the_afternoon();
        let Some(session) = self.work.session() else { return };
        if session.on_break() {
            let time = RoomTime { break_since: None, ..session.room_time };
            if self.change(Change::RoomTime(time)).is_some() {
                self.say(Level::Info, "The break is over.");
            }
            return;
        }
        let stage = session.clock_stage();
        let running = session.timer().filter(|t| t.is_running()).cloned();
        let time = RoomTime { break_since: Some(now), ..session.room_time };
        if let Some(mut timer) = running {
            timer.pause(now);
            self.change(Change::Timer { stage, timer });
        }
        if self.change(Change::RoomTime(time)).is_some() {
            let ends = self.work.session().and_then(crate::domain::session::Session::break_ends);
            let back =
                ends.map_or_else(String::new, |t| format!(" Back at {}.", clock::time_of_day(t, clock::local_zone())));
            self.say(Level::Info, format!("Break.{back} ] moves the room on, B ends the break."));
        }
    }

    /// The plan and the tracker.
    pub(super) fn update_afternoon(&mut self, action: Message) {
        let Some(Overlay::Afternoon { tables, selected }) = self.state.overlay else { return };
        let count = self.work.session().map_or(0, |s| s.groups.len());
        let selected = selected.min(count.saturating_sub(1));
        match action {
            Message::Back => self.state.overlay = None,
            Message::NextPage => self.state.overlay = Some(Overlay::Afternoon { tables: !tables, selected }),
            Message::Up => {
                self.state.overlay = Some(Overlay::Afternoon { tables, selected: selected.saturating_sub(1) });
            }
            Message::Down => {
                let selected = (selected + 1).min(count.saturating_sub(1));
                self.state.overlay = Some(Overlay::Afternoon { tables, selected });
            }
            Message::ToggleBreak => self.toggle_break(),
            Message::TakeOver => self.take_over(selected),
            _ => {}
        }
    }

    /// In a folder room: types for the group at `index` on this screen
    /// (its laptop failed), or hands it back.
    fn take_over(&mut self, index: usize) {
        let Some(open) = &self.work.open else { return };
        if !matches!(open.link, Link::Room(_)) {
            return self.say(
                Level::Info,
                "Typing for a group is for a shared-folder room, where each group writes on its own laptop.",
            );
        }
        let Some(group) = open.session.groups.get(index) else { return };
        let (id, name) = (group.id, group.name.clone());
        // The laptop's last save is already here: this screen reads every
        // group's file as it changes, and stops only from now on.
        let here = !open.session.typed_here.contains(&id);
        // A laptop that saved a moment ago is likely still in use: asked
        // once more, so that a table mid-sentence is not taken over by a
        // stray key.
        let now = self.work.now();
        let lately = match &open.link {
            Link::Room(room) => room
                .files
                .iter()
                .find(|f| f.group_id == Some(id))
                .and_then(|f| f.laptop)
                .filter(|l| now.saturating_sub(l.saved_at) < LAPTOP_IN_USE_SECS),
            _ => None,
        };
        if here
            && let Some(laptop) = lately
            && self.state.view.take_over_asked != Some(id)
        {
            self.state.view.take_over_asked = Some(id);
            let ago = now.saturating_sub(laptop.saved_at);
            return self.say(
                Level::Warning,
                format!(
                    "{name}'s laptop saved {} ago and may still be in use. Press t again to type for {name} here.",
                    crate::domain::plural(usize::try_from(ago).unwrap_or(usize::MAX).max(1), "second")
                ),
            );
        }
        self.state.view.take_over_asked = None;
        if self.change(Change::TypeHere { group: id, here }).is_none() {
            return;
        }
        if here {
            self.change(Change::ChooseGroup(index));
            self.state.view.for_another_group();
            self.say(
                Level::Warning,
                format!(
                    "This screen now types for {name}, and writes its file. Its laptop only shows the work until you hand it back with t."
                ),
            );
        } else {
            self.say(Level::Info, format!("{name} is handed back: its laptop saves again, from what was typed here."));
        }
    }
}
