//! What a facilitator runs the room with: stage timers, injects and dot
//! votes. Pure data and rules; time is passed in as seconds since the epoch.

use serde::{Deserialize, Serialize};

use super::scenario::Inject;

/// One stage's clock. Time already spent is kept in `elapsed_secs`; while
/// running, the wall-clock start is kept too, so a restarted app (or a
/// second screen reading the file) shows the same time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct StageTimer {
    pub planned_secs: u32,
    pub elapsed_secs: u32,
    #[serde(default)]
    pub running_since: Option<u64>,
}

impl StageTimer {
    pub fn for_minutes(minutes: u16) -> Self {
        StageTimer { planned_secs: u32::from(minutes) * 60, elapsed_secs: 0, running_since: None }
    }

    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    pub fn elapsed(&self, now: u64) -> u32 {
        let running = self.running_since.map_or(0, |since| now.saturating_sub(since));
        self.elapsed_secs.saturating_add(u32::try_from(running).unwrap_or(u32::MAX))
    }

    /// Seconds left; negative once time is up.
    pub fn remaining(&self, now: u64) -> i64 {
        i64::from(self.planned_secs) - i64::from(self.elapsed(now))
    }

    pub fn is_up(&self, now: u64) -> bool {
        self.remaining(now) <= 0 && (self.elapsed(now) > 0)
    }

    pub fn start(&mut self, now: u64) {
        if self.running_since.is_none() {
            self.running_since = Some(now);
        }
    }

    pub fn pause(&mut self, now: u64) {
        self.elapsed_secs = self.elapsed(now);
        self.running_since = None;
    }

    pub fn toggle(&mut self, now: u64) {
        if self.is_running() { self.pause(now) } else { self.start(now) }
    }

    pub fn add_minute(&mut self) {
        self.planned_secs = self.planned_secs.saturating_add(60);
    }

    /// Takes a minute off, never below one minute planned.
    pub fn take_minute(&mut self) {
        self.planned_secs = self.planned_secs.saturating_sub(60).max(60);
    }

    pub fn reset(&mut self, minutes: u16) {
        *self = StageTimer::for_minutes(minutes);
    }

    /// Whole minutes actually spent, rounded to the nearest.
    pub fn actual_minutes(&self, now: u64) -> u32 {
        (self.elapsed(now) + 30) / 60
    }

    /// Writes the time run so far into `elapsed_secs` without stopping
    /// the clock, so the saved file holds it even if the app then ends.
    pub fn bank(&mut self, now: u64) {
        if self.running_since.is_some() {
            self.elapsed_secs = self.elapsed(now);
            self.running_since = Some(now);
        }
    }
}

/// The room's timekeeping: when the afternoon started, and a break under
/// way. Saved in the session, so every screen (and a restarted app) agrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomTime {
    /// When the afternoon started, as the plan counts it: set when the
    /// room's clock first runs, and started again by resetting the first
    /// stage's clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<u64>,
    /// When the break under way began: the room is on a break from then
    /// until it moves on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_since: Option<u64>,
}

/// Time actually spent on one stage, kept apart from its timer (which a
/// reset starts again), for the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct StageTime {
    /// Seconds the session was on this stage while Roundtable had it open.
    #[serde(default)]
    pub open_secs: u64,
    /// Seconds the stage's timer had run when it was reset, added up (the
    /// timer itself holds the time since).
    #[serde(default)]
    pub reset_secs: u64,
}

impl StageTime {
    /// Seconds the stage's timer has run in all, as last banked.
    pub fn timed_secs(&self, timer: &StageTimer) -> u64 {
        self.reset_secs + u64::from(timer.elapsed_secs)
    }
}

/// Whole minutes, rounded to the nearest.
pub fn minutes(secs: u64) -> u64 {
    (secs + 30) / 60
}

/// `12:05`, or `-0:42` once time is up.
pub fn clock_face(remaining: i64) -> String {
    let sign = if remaining < 0 { "-" } else { "" };
    let r = remaining.unsigned_abs();
    format!("{sign}{}:{:02}", r / 60, r % 60)
}

/// Where a table finds news just fired, said from the stage its room is
/// on: the news is shown above the actions.
pub fn where_news_is(room_stage: super::scenario::StageKind) -> &'static str {
    if room_stage == super::scenario::StageKind::Actions {
        "it is above your actions."
    } else {
        "it will be above your actions when the room reaches that stage."
    }
}

/// An inject as fired: a copy of the news (so it survives scenario edits),
/// when, and during which stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiredInject {
    pub title: String,
    pub month: u8,
    pub what: String,
    pub question: String,
    /// Seconds since the epoch.
    pub fired_at: u64,
    /// Index of the stage the room was on.
    pub stage: usize,
}

impl FiredInject {
    pub fn from_scenario(inject: &Inject, fired_at: u64, stage: usize) -> Self {
        FiredInject {
            title: inject.title.clone(),
            month: inject.month,
            what: inject.what.clone(),
            question: inject.question.clone(),
            fired_at,
            stage,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VotingRules {
    /// Dots each group may place.
    pub per_group: u8,
    /// Whether a group may vote for its own actions.
    pub own_actions: bool,
}

impl Default for VotingRules {
    fn default() -> Self {
        VotingRules { per_group: 3, own_actions: false }
    }
}

/// One dot: group `from` likes action `action` of group `group` (group ids).
/// A dot given on a phone is one person's at that table (`person`); a
/// table's own screen gives the table's dots. The room's rules apply to
/// each voter alike: a person has as many dots as a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    pub from: u32,
    pub group: u32,
    pub action: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<u64>,
}

impl Vote {
    /// Who gave it: a table, or one person at it.
    pub fn voter(&self) -> Voter {
        Voter { group: self.from, person: self.person }
    }
}

/// Whose dots they are: a table's (`person` none) or one person's at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Voter {
    pub group: u32,
    pub person: Option<u64>,
}

/// Why a dot could not be placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteRefused {
    NoDotsLeft { per_group: u8 },
    OwnAction,
}

impl std::fmt::Display for VoteRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VoteRefused::NoDotsLeft { per_group: 1 } => write!(f, "the one dot is used: take it back first"),
            VoteRefused::NoDotsLeft { per_group } => {
                write!(f, "all {per_group} dots are used: take one back first")
            }
            VoteRefused::OwnAction => write!(f, "a group may not vote for its own actions"),
        }
    }
}

/// Places a dot, within the rules.
pub fn cast_vote(votes: &mut Vec<Vote>, rules: VotingRules, vote: Vote) -> Result<(), VoteRefused> {
    if vote.from == vote.group && !rules.own_actions {
        return Err(VoteRefused::OwnAction);
    }
    let used = votes.iter().filter(|v| v.voter() == vote.voter()).count();
    if used >= usize::from(rules.per_group) {
        return Err(VoteRefused::NoDotsLeft { per_group: rules.per_group });
    }
    votes.push(vote);
    Ok(())
}

/// Takes back one of the voter's dots on the vote's action; false if
/// there was none.
pub fn withdraw_vote(votes: &mut Vec<Vote>, vote: Vote) -> bool {
    match votes.iter().rposition(|v| *v == vote) {
        Some(i) => {
            votes.remove(i);
            true
        }
        None => false,
    }
}

/// Dots taken back from one voter when the rules came to allow fewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TakenBack {
    /// Who gave them.
    pub from: Voter,
    pub dots: usize,
}

/// Keeps each voter to `rules.per_group` dots after the number was
/// lowered, taking back the dots given last. Returns what was taken from
/// each voter, in the order they first gave a dot; nothing when all is
/// within the rules.
pub fn take_back_excess(votes: &mut Vec<Vote>, rules: VotingRules) -> Vec<TakenBack> {
    let allowed = usize::from(rules.per_group);
    let mut given: Vec<(Voter, usize)> = Vec::new();
    let mut taken: Vec<TakenBack> = Vec::new();
    votes.retain(|vote| {
        let voter = vote.voter();
        let index = given.iter().position(|(from, _)| *from == voter).unwrap_or_else(|| {
            given.push((voter, 0));
            given.len() - 1
        });
        given[index].1 += 1;
        if given[index].1 <= allowed {
            return true;
        }
        match taken.iter_mut().find(|t| t.from == voter) {
            Some(t) => t.dots += 1,
            None => taken.push(TakenBack { from: voter, dots: 1 }),
        }
        false
    });
    // In the order the groups first voted, not the order their excess was found.
    taken.sort_by_key(|t| given.iter().position(|(from, _)| *from == t.from));
    taken
}

pub fn votes_for(votes: &[Vote], group: u32, action: u32) -> usize {
    votes.iter().filter(|v| v.group == group && v.action == action).count()
}

/// How many dots a voter has still to give.
pub fn dots_left(votes: &[Vote], rules: VotingRules, voter: Voter) -> usize {
    usize::from(rules.per_group).saturating_sub(votes.iter().filter(|v| v.voter() == voter).count())
}

/// How many dots were given in all, and by how many voters: what a room
/// with hidden results is told while it votes.
pub fn dots_given(votes: &[Vote]) -> (usize, usize) {
    let mut voters: Vec<Voter> = votes.iter().map(Vote::voter).collect();
    voters.sort_by_key(|v| (v.group, v.person));
    voters.dedup();
    (votes.len(), voters.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_told_where_the_news_is_from_the_rooms_stage() {
        use crate::domain::scenario::StageKind;
        assert_eq!(where_news_is(StageKind::Actions), "it is above your actions.");
        assert!(where_news_is(StageKind::Barriers).contains("when the room reaches that stage"));
    }

    #[test]
    fn a_timer_counts_only_while_running() {
        let mut t = StageTimer::for_minutes(10);
        assert_eq!(t.remaining(1000), 600);
        t.start(1000);
        assert_eq!(t.remaining(1100), 500);
        t.pause(1100);
        assert_eq!(t.remaining(5000), 500, "paused time does not count");
        t.start(5000);
        assert_eq!(t.elapsed(5030), 130);
        assert!(!t.is_up(5030));
        assert!(t.is_up(5000 + 500));
        assert_eq!(clock_face(t.remaining(5000 + 542)), "-0:42");
        assert_eq!(t.actual_minutes(5000 + 542), 11);
    }

    #[test]
    fn minutes_can_be_added_and_taken_but_not_below_one() {
        let mut t = StageTimer::for_minutes(2);
        t.add_minute();
        assert_eq!(t.planned_secs, 180);
        for _ in 0..5 {
            t.take_minute();
        }
        assert_eq!(t.planned_secs, 60);
        t.start(0);
        t.reset(5);
        assert_eq!(t, StageTimer::for_minutes(5));
    }

    #[test]
    fn clock_faces() {
        assert_eq!(clock_face(1205), "20:05");
        assert_eq!(clock_face(0), "0:00");
        assert_eq!(clock_face(-61), "-1:01");
    }

    #[test]
    fn lowering_the_dots_takes_back_the_latest_given_first() {
        let dot = |from, action| Vote { from, group: 9, action, person: None };
        // Red (1) gives three dots, Blue (2) two, Green (3) one, interleaved.
        let mut votes = vec![dot(1, 10), dot(2, 20), dot(1, 11), dot(3, 30), dot(2, 21), dot(1, 12)];
        let taken = take_back_excess(&mut votes, VotingRules { per_group: 1, own_actions: false });
        let table = |group| Voter { group, person: None };
        assert_eq!(taken, vec![TakenBack { from: table(1), dots: 2 }, TakenBack { from: table(2), dots: 1 }]);
        assert_eq!(votes, vec![dot(1, 10), dot(2, 20), dot(3, 30)], "each group keeps its first dot");
        let rules = VotingRules { per_group: 1, own_actions: false };
        assert_eq!(dots_left(&votes, rules, table(1)), 0);
    }

    #[test]
    fn each_person_at_a_table_has_the_rooms_dots_apart_from_the_tables_own() {
        let rules = VotingRules { per_group: 2, own_actions: false };
        let dot = |person| Vote { from: 1, group: 2, action: 5, person };
        let mut votes = Vec::new();
        for voter in [None, Some(7), Some(8)] {
            cast_vote(&mut votes, rules, dot(voter)).unwrap();
            cast_vote(&mut votes, rules, dot(voter)).unwrap();
            assert_eq!(cast_vote(&mut votes, rules, dot(voter)), Err(VoteRefused::NoDotsLeft { per_group: 2 }));
        }
        assert_eq!(votes_for(&votes, 2, 5), 6, "every dot counts for the action");
        assert_eq!(dots_given(&votes), (6, 3));
        // A person takes back only their own dot.
        assert!(withdraw_vote(&mut votes, dot(Some(7))));
        assert_eq!(dots_left(&votes, rules, Voter { group: 1, person: Some(7) }), 1);
        assert_eq!(dots_left(&votes, rules, Voter { group: 1, person: Some(8) }), 0);
        assert_eq!(dots_left(&votes, rules, Voter { group: 1, person: None }), 0);
        // A person may not vote for their own table's actions either.
        let own = Vote { from: 2, group: 2, action: 5, person: Some(9) };
        assert_eq!(cast_vote(&mut votes, rules, own), Err(VoteRefused::OwnAction));
        // Lowering the dots keeps each person to the new number.
        let taken = take_back_excess(&mut votes, VotingRules { per_group: 1, own_actions: false });
        assert_eq!(taken.len(), 2, "the table and person 8 each had one too many: {taken:?}");
        assert_eq!(dots_given(&votes), (3, 3));
    }

    #[test]
    fn dots_within_the_rules_are_left_alone() {
        let mut votes = vec![
            Vote { from: 1, group: 2, action: 3, person: None },
            Vote { from: 1, group: 2, action: 3, person: None },
        ];
        let before = votes.clone();
        assert!(take_back_excess(&mut votes, VotingRules { per_group: 2, own_actions: false }).is_empty());
        assert_eq!(votes, before);
        assert!(take_back_excess(&mut Vec::new(), VotingRules { per_group: 1, own_actions: false }).is_empty());
    }

    #[test]
    fn voting_keeps_to_the_rules() {
        let rules = VotingRules { per_group: 2, own_actions: false };
        let mut votes = Vec::new();
        assert_eq!(
            cast_vote(&mut votes, rules, Vote { from: 1, group: 1, action: 5, person: None }),
            Err(VoteRefused::OwnAction)
        );
        cast_vote(&mut votes, rules, Vote { from: 1, group: 2, action: 5, person: None }).unwrap();
        cast_vote(&mut votes, rules, Vote { from: 1, group: 2, action: 5, person: None }).unwrap();
        assert_eq!(
            cast_vote(&mut votes, rules, Vote { from: 1, group: 3, action: 1, person: None }),
            Err(VoteRefused::NoDotsLeft { per_group: 2 })
        );
        assert_eq!(votes_for(&votes, 2, 5), 2);
        let red = Voter { group: 1, person: None };
        assert_eq!(dots_left(&votes, rules, red), 0);
        assert!(withdraw_vote(&mut votes, Vote { from: 1, group: 2, action: 5, person: None }));
        assert_eq!(dots_left(&votes, rules, red), 1);
        assert!(!withdraw_vote(&mut votes, Vote { from: 3, group: 2, action: 5, person: None }));
        let own = VotingRules { per_group: 1, own_actions: true };
        assert!(cast_vote(&mut Vec::new(), own, Vote { from: 1, group: 1, action: 5, person: None }).is_ok());
    }
}
