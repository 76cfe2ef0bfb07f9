//! The afternoon's running order: each stage and break with its planned
//! start, and how far ahead or behind the room is.
//!
//! One source for every place the timings are shown (the welcome
//! agenda, the facilitator's pack, the plan on the facilitator's screen and
//! the presenter console), so they cannot disagree. Time is passed in as
//! seconds since the epoch.

use super::room::StageTimer;
use super::scenario::Scenario;
use super::session::Session;

/// One entry of the running order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The stage's index, or `None` for a break.
    pub stage: Option<usize>,
    pub title: String,
    /// Minutes from the start of the afternoon.
    pub starts: u32,
    pub minutes: u32,
}

impl Slot {
    pub fn ends(&self) -> u32 {
        self.starts + self.minutes
    }

    pub fn is_break(&self) -> bool {
        self.stage.is_none()
    }
}

/// A scenario's running order: its stages, with its breaks between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agenda {
    pub slots: Vec<Slot>,
}

impl Agenda {
    pub fn of(scenario: &Scenario) -> Agenda {
        let mut slots = Vec::new();
        let mut at = 0;
        let mut push = |stage, title: &str, minutes: u32| {
            slots.push(Slot { stage, title: title.to_string(), starts: at, minutes });
            at += minutes;
        };
        for (i, stage) in scenario.stages.iter().enumerate() {
            push(Some(i), &stage.title, u32::from(stage.minutes));
            for pause in scenario.breaks.iter().filter(|b| usize::from(b.after_stage) == i + 1) {
                push(None, &pause.title, u32::from(pause.minutes));
            }
        }
        Agenda { slots }
    }

    /// Minutes in all, breaks included.
    pub fn total_minutes(&self) -> u32 {
        self.slots.last().map_or(0, Slot::ends)
    }

    /// The stage's slot.
    pub fn stage(&self, stage: usize) -> Option<&Slot> {
        self.slots.iter().find(|s| s.stage == Some(stage))
    }

    /// The break that follows `stage`, if the plan has one there.
    pub fn break_after(&self, stage: usize) -> Option<&Slot> {
        let at = self.slots.iter().position(|s| s.stage == Some(stage))?;
        self.slots.get(at + 1).filter(|s| s.is_break())
    }
}

/// How the afternoon is going against its plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub started_at: u64,
    /// When the plan said the afternoon would end.
    pub planned_finish: u64,
    /// When it will end if the rest goes to plan.
    pub expected_finish: u64,
}

impl Progress {
    /// Seconds behind the plan; negative when ahead.
    pub fn behind_secs(&self) -> i64 {
        secs(self.expected_finish) - secs(self.planned_finish)
    }

    /// "on time", "8 min behind", "3 min ahead": whole minutes, with
    /// anything under a minute counted as on time.
    pub fn summary(&self) -> String {
        let behind = self.behind_secs();
        let minutes = (behind.unsigned_abs() + 30) / 60;
        match minutes {
            0 => "on time".to_string(),
            m if behind > 0 => format!("{m} min behind"),
            m => format!("{m} min ahead"),
        }
    }
}

fn secs(at: u64) -> i64 {
    i64::try_from(at).unwrap_or(i64::MAX)
}

/// Seconds of a slot still to run, from its planned minutes and what the
/// room has spent on it.
fn left_of(planned_secs: u64, spent: u64) -> u64 {
    planned_secs.saturating_sub(spent)
}

impl Session {
    /// The afternoon's running order.
    pub fn agenda(&self) -> Agenda {
        Agenda::of(&self.scenario)
    }

    /// The stage the plan counts the room on: its stage, or the later
    /// stage whose clock runs while the room looks back.
    pub fn plan_stage(&self) -> usize {
        let running = self.timers.iter().rposition(StageTimer::is_running);
        running.map_or(self.stage, |clock| clock.max(self.stage))
    }

    /// Whether the room is on a break.
    pub fn on_break(&self) -> bool {
        self.room_time.break_since.is_some()
    }

    /// When the room's break ends as planned, if it is on one.
    pub fn break_ends(&self) -> Option<u64> {
        let since = self.room_time.break_since?;
        let minutes = self.agenda().break_after(self.plan_stage()).map_or(10, |b| b.minutes);
        Some(since + u64::from(minutes) * 60)
    }

    /// How the afternoon is going, once it has started: the room's stage
    /// takes the rest of its planned time (its clock's, as adjusted live,
    /// once started), a break under way the rest of its own, and every
    /// later stage and break its planned minutes.
    pub fn progress(&self, now: u64) -> Option<Progress> {
        let started_at = self.room_time.started_at?;
        let agenda = self.agenda();
        let stage = self.plan_stage();
        let current = agenda.stage(stage)?;
        let mut left = 0;
        if let Some(since) = self.room_time.break_since {
            let pause = agenda.break_after(stage).map_or(600, |b| u64::from(b.minutes) * 60);
            left += left_of(pause, now.saturating_sub(since));
        } else {
            let timer = self.timers.get(stage);
            let opened = self.stage_time.get(stage).map_or(0, |t| t.open_secs);
            left += match timer {
                Some(t) if t.elapsed(now) > 0 => u64::try_from(t.remaining(now).max(0)).unwrap_or(0),
                _ => left_of(u64::from(current.minutes) * 60, opened),
            };
            left += agenda.break_after(stage).map_or(0, |b| u64::from(b.minutes) * 60);
        }
        let after = agenda.slots.iter().position(|s| s.stage == Some(stage)).map_or(0, |at| at + 1);
        left += agenda.slots[after..]
            .iter()
            .filter(|s| !s.is_break() || s.starts > current.ends())
            .fold(0u64, |sum, s| sum + u64::from(s.minutes) * 60);
        Some(Progress {
            started_at,
            planned_finish: started_at + u64::from(agenda.total_minutes()) * 60,
            expected_finish: now + left,
        })
    }

    /// The afternoon's start as the plan should count it when the room
    /// first runs its clock at `now`: as if every stage before
    /// the room's had kept to time, less what the room's clock has already
    /// run. Time the screen merely stood open is not counted: a session is
    /// often opened while the room is still filling.
    pub fn plan_start_at(&self, now: u64) -> u64 {
        let planned = self.agenda().stage(self.stage).map_or(0, |s| u64::from(s.starts) * 60);
        let spent = self.timers.get(self.stage).map_or(0, |t: &StageTimer| u64::from(t.elapsed(now)));
        now.saturating_sub(planned + spent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::Mode;

    const T0: u64 = 1_795_500_000;

    fn session() -> Session {
        Session::new("Test", crate::scenarios::built_in_default(), Mode::Room, &["Red".to_string()], T0)
    }

    #[test]
    fn the_agenda_puts_the_break_after_its_stage_and_counts_from_the_start() {
        let s = session();
        let agenda = s.agenda();
        let titles: Vec<_> = agenda.slots.iter().map(|s| (s.title.as_str(), s.starts, s.minutes)).collect();
        assert_eq!(titles[0], ("Welcome and agenda", 0, 10));
        assert!(agenda.slots[4].is_break(), "{titles:?}");
        assert_eq!(agenda.slots[4].starts, 65);
        assert_eq!(agenda.total_minutes(), 150);
        assert_eq!(agenda.break_after(3).map(|b| b.minutes), Some(10));
        assert_eq!(agenda.break_after(2), None);
    }

    #[test]
    fn a_room_that_keeps_to_time_is_on_time_and_an_overrun_puts_it_behind() {
        let mut s = session();
        s.room_time.started_at = Some(T0);
        s.stage = 2; // Barriers, planned 25 to 45 minutes in.
        s.timers[2].start(T0 + 25 * 60);
        let p = s.progress(T0 + 30 * 60).unwrap();
        assert_eq!(p.planned_finish, T0 + 150 * 60);
        assert_eq!(p.behind_secs(), 0);
        assert_eq!(p.summary(), "on time");
        // Started eight minutes late: eight behind.
        s.timers[2] = StageTimer::for_minutes(20);
        s.timers[2].start(T0 + 33 * 60);
        assert_eq!(s.progress(T0 + 40 * 60).unwrap().summary(), "8 min behind");
        // The clock run out and five more minutes spent: thirteen behind.
        assert_eq!(s.progress(T0 + 58 * 60).unwrap().summary(), "13 min behind");
        // A minute added live is part of the plan the room is keeping.
        s.timers[2].add_minute();
        assert_eq!(s.progress(T0 + 40 * 60).unwrap().summary(), "9 min behind");
    }

    #[test]
    fn a_break_counts_once_and_a_short_one_puts_the_room_ahead() {
        let mut s = session();
        s.room_time.started_at = Some(T0);
        s.stage = 3; // Solutions, planned 45 to 65 minutes in; the break follows.
        s.timers[3].start(T0 + 45 * 60);
        s.timers[3].pause(T0 + 65 * 60);
        s.room_time.break_since = Some(T0 + 65 * 60);
        assert_eq!(s.progress(T0 + 70 * 60).unwrap().summary(), "on time", "half-way through the break");
        assert_eq!(s.break_ends(), Some(T0 + 75 * 60));
        // Back after five minutes: on the scenario stage, five ahead.
        s.room_time.break_since = None;
        s.stage = 4;
        assert_eq!(s.progress(T0 + 70 * 60).unwrap().summary(), "5 min ahead");
    }

    #[test]
    fn the_plan_starts_as_if_earlier_stages_kept_to_time() {
        let mut s = session();
        s.stage = 2;
        assert_eq!(s.plan_start_at(T0), T0 - 25 * 60);
        assert!(s.progress(T0).is_none(), "no figure before the afternoon starts");
    }
}
