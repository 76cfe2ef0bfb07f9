//! A session: one run of the workshop, and everything the groups wrote.
//!
//! The session keeps its own copy of the scenario it was started from, so a
//! later edit to a scenario file can never break or silently change a saved
//! afternoon's work.

use serde::{Deserialize, Serialize};

use super::room::{FiredInject, RoomTime, StageTime, StageTimer, Vote, VotingRules};
use super::scenario::{BarrierKind, Scenario, StageKind};

/// The version of the session file format this build writes.
///
/// 1: the first format. 2: adds group ids, stage timers, fired injects and
/// dot votes; a version 1 file is read with those empty and saved as 2.
/// 3: adds the time spent on each stage; an older file is read with none
/// counted yet. 4: groups say who holds which of the scenario's roles; an
/// older file is read with nobody in a role. The version says so because a
/// version-3 Roundtable would refuse the new field as unknown: it refuses a
/// version-4 file instead as one from a newer Roundtable, which tells its
/// user what to do. Format 4 also lets a solution or an action name the
/// idea card it was started from (none, in an older file). 5: the room
/// file of a shared folder says so (`shared_folder`), so that what a file
/// holds, not its name, decides how it opens; an older file named
/// `room.ron` beside group files is taken to be one. 6: the file counts
/// its saves (`saved`), so that the presenter console tells one save from
/// the next by what the file holds even when its time and length are
/// unchanged; an older file is read with 0, and counts on from there.
/// Format 6 also holds the afternoon's timekeeping (`room_time`: when it
/// started, a break under way), a scenario's breaks, the groups a folder
/// room's screen types for (`typed_here`), the tables connected when last
/// saved (`connected`), and in a group's file where its laptop was
/// (`laptop`); an older file is read with none of them. 7: the scenario a
/// session keeps may say when it is set (`setting`), explain the terms of
/// its day (`glossary`), group its idea cards in named decks
/// (`idea_decks`) and credit its slides, roles and news (`source`); an
/// older file's scenario has none of them, and an older Roundtable is told
/// the file is newer rather than that a field is unknown. 8: dots may be
/// one person's (`Vote::person`), a room may keep its dots hidden until
/// the facilitator reveals them (`votes_hidden`), and people say at the
/// close what they would answer and how the session was (`feedback`); an
/// older file has none, its dots shown as they always were.
pub const SCHEMA_VERSION: u32 = 8;

/// The one plan's name in solo practice.
pub const SOLO_PLAN: &str = "My plan";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Mode {
    /// One facilitator, several groups, one screen.
    #[default]
    Room,
    /// One group's own file.
    Group,
    /// Self-paced practice.
    Solo,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::Room => "room",
            Mode::Group => "group",
            Mode::Solo => "solo",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub schema_version: u32,
    /// How many times the session has been saved: each save writes the
    /// next number (`store::save_counted`), so a reader that follows the
    /// file sees a new save by what the file holds, not only by its time
    /// and length, which two quick saves can share. Near the top of the
    /// file, where a person reading it sees it first. 0 in a file from
    /// before format 6.
    #[serde(default)]
    pub saved: u64,
    pub title: String,
    /// Seconds since the Unix epoch when the session was started.
    pub created: u64,
    pub mode: Mode,
    pub scenario: Scenario,
    /// Index into `scenario.stages`.
    pub stage: usize,
    /// The briefing slide on show, saved so a notes screen can follow it.
    #[serde(default)]
    pub slide: usize,
    /// Index into `groups` of the group being edited.
    pub current_group: usize,
    pub groups: Vec<Group>,
    /// One per stage, in step with `scenario.stages`.
    #[serde(default)]
    pub timers: Vec<StageTimer>,
    /// Injects fired so far, oldest first.
    #[serde(default)]
    pub injects: Vec<FiredInject>,
    #[serde(default)]
    pub voting: VotingRules,
    #[serde(default)]
    pub votes: Vec<Vote>,
    /// Whether the count of dots is hidden while the room votes, so that
    /// early dots do not sway the rest; the facilitator reveals it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub votes_hidden: bool,
    /// What each person said at the close on their phone: their answers
    /// to the closing questions, and how the session was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Feedback>,
    /// Time spent on each stage, in step with `scenario.stages`; kept when
    /// a timer is reset.
    #[serde(default)]
    pub stage_time: Vec<StageTime>,
    /// The room's answers to the scenario's closing questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closing_answers: Vec<ClosingAnswer>,
    /// Barriers of different groups that read alike but that the
    /// facilitator has said are not the same: pairs of (group id, barrier id).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distinct_barriers: Vec<[(u32, u32); 2]>,
    /// The room file of a shared folder: each group's work is in a file of
    /// its own beside it, written by that group's laptop.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared_folder: bool,
    /// When the afternoon started, and a break under way.
    #[serde(default, skip_serializing_if = "is_default")]
    pub room_time: RoomTime,
    /// In a shared-folder room: groups whose laptop failed, for which the
    /// room's screen types (and writes their files) until it hands them back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub typed_here: Vec<u32>,
    /// The tables connected to a served room when last saved, and the
    /// stage each looks at: the presenter console's tracker reads them.
    /// The room's record, started afresh whenever the room is served.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub connected: Vec<ScreenSeen>,
}

/// A table's screen connected to a served room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreenSeen {
    pub group: u32,
    /// Where it connected from (an address).
    pub from: String,
    /// A stage other than the room's that it looks at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub looking_at: Option<usize>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Stable id, used by votes so that renaming or removing another group
    /// never moves a dot.
    #[serde(default)]
    pub id: u32,
    pub name: String,
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub barriers: Vec<Barrier>,
    #[serde(default)]
    pub solutions: Vec<Solution>,
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Who at the table holds which of the scenario's roles, recorded at
    /// the scenario stage, in the order they were given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub role_holders: Vec<RoleHolder>,
    /// The option the group chose, when the scenario asks for a stance
    /// (`scenario.stance`); the option's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<String>,
    /// How the group answered the news the facilitator fired.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inject_responses: Vec<InjectResponse>,
    /// Next id to hand out to a barrier, solution or action, so that links
    /// survive deletions and reordering.
    #[serde(default)]
    pub next_id: u32,
}

/// A group's answer to one fired inject: how it changes the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct InjectResponse {
    /// The inject's place in `Session::injects` (injects are only ever
    /// added, so the place is stable).
    pub inject: usize,
    /// How the news changes the plan, in the group's words.
    #[serde(default)]
    pub note: String,
    /// Ids of the group's actions it touched.
    #[serde(default)]
    pub actions: Vec<u32>,
}

/// The room's answer to one of the scenario's closing questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ClosingAnswer {
    /// The question as it was asked (kept with the answer, so the reports
    /// read right even if the scenario changes).
    pub question: String,
    pub answer: String,
}

/// What one person said at the close, on their phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// Their table (a group id).
    pub group: u32,
    /// Who they are to this room: a number, never a name.
    pub person: u64,
    /// Their own answers to the closing questions, each with its question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<ClosingAnswer>,
    /// How the session was, 1 (poor) to 5 (very good).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// One line on the session.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

/// The highest rating of a session.
pub const RATING_MAX: u8 = 5;
/// What each rating means, 1 to 5, as the phones' form and the charts say
/// it.
pub const RATING_WORDS: [&str; RATING_MAX as usize] = ["poor", "fair", "good", "very good", "excellent"];

/// How the room rated the session: how many gave each rating, 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ratings {
    pub counts: [usize; RATING_MAX as usize],
}

impl Ratings {
    pub fn of(feedback: &[Feedback]) -> Ratings {
        let mut counts = [0; RATING_MAX as usize];
        for rating in feedback.iter().filter_map(|f| f.rating) {
            if let Some(count) = counts.get_mut(usize::from(rating).wrapping_sub(1)) {
                *count += 1;
            }
        }
        Ratings { counts }
    }

    /// How many rated it.
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// The mean rating, to one decimal place, if anyone rated.
    pub fn mean(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| {
            let sum: usize = self.counts.iter().enumerate().map(|(i, n)| (i + 1) * n).sum();
            (sum as f64 * 10.0 / total as f64).round() / 10.0
        })
    }
}

/// One person at a table in one of the scenario's roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RoleHolder {
    /// The role's id in the scenario (`roles[..].id`).
    pub role: String,
    /// Who holds it: a name, or whatever the table calls them.
    pub person: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Barrier {
    pub id: u32,
    pub text: String,
    pub kind: BarrierKind,
    /// How much it hurts, 1 (a nuisance) to 5 (it stops joint working).
    pub severity: u8,
    #[serde(default)]
    pub story: String,
    /// The deck card this barrier was drawn from, if any.
    #[serde(default)]
    pub card: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Solution {
    pub id: u32,
    pub text: String,
    /// Ids of the group's barriers this answers.
    #[serde(default)]
    pub barriers: Vec<u32>,
    /// Ids of the scenario's areas of change.
    #[serde(default)]
    pub areas: Vec<String>,
    /// The idea card this solution was started from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idea: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum LeadSide {
    #[default]
    Unset,
    Council,
    ThirdSector,
    Jointly,
}

impl LeadSide {
    pub const ALL: [LeadSide; 4] = [LeadSide::Unset, LeadSide::Council, LeadSide::ThirdSector, LeadSide::Jointly];

    pub fn label(self) -> &'static str {
        match self {
            LeadSide::Unset => "not yet decided",
            LeadSide::Council => "council",
            LeadSide::ThirdSector => "third sector",
            LeadSide::Jointly => "jointly",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub id: u32,
    pub title: String,
    /// What will be done.
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub lead: LeadSide,
    /// Which role leads (free text, or one of the scenario's roles).
    #[serde(default)]
    pub lead_role: String,
    #[serde(default)]
    pub areas: Vec<String>,
    /// Ids of the group's barriers this action tackles.
    #[serde(default)]
    pub barriers: Vec<u32>,
    #[serde(default)]
    pub start_month: Option<u8>,
    #[serde(default)]
    pub end_month: Option<u8>,
    /// The first step, within the next 30 days.
    #[serde(default)]
    pub first_step: String,
    /// How success will be seen.
    #[serde(default)]
    pub success: String,
    /// The "15% test": can the action start with the authority and
    /// resources the group already has? `None` until the group answers.
    #[serde(default)]
    pub within_reach: Option<bool>,
    /// Follow-up: what happened to the action after the workshop.
    #[serde(default)]
    pub status: FollowUp,
    #[serde(default)]
    pub status_note: String,
    /// The idea card this action was started from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idea: Option<String>,
}

impl Action {
    /// The months the action runs, first to last, once both are set and
    /// it does not end before it starts.
    pub fn span(&self) -> Option<(u8, u8)> {
        match (self.start_month, self.end_month) {
            (Some(start), Some(end)) if start <= end => Some((start, end)),
            _ => None,
        }
    }

    /// Both months are set, and the end comes before the start.
    pub fn ends_before_it_starts(&self) -> bool {
        matches!((self.start_month, self.end_month), (Some(start), Some(end)) if end < start)
    }
}

/// What became of an action, recorded at a follow-up review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum FollowUp {
    /// No review recorded yet.
    #[default]
    NotReviewed,
    NotStarted,
    OnTrack,
    Done,
    Dropped,
}

impl FollowUp {
    pub const ALL: [FollowUp; 5] =
        [FollowUp::NotReviewed, FollowUp::NotStarted, FollowUp::OnTrack, FollowUp::Done, FollowUp::Dropped];

    pub fn label(self) -> &'static str {
        match self {
            FollowUp::NotReviewed => "not reviewed",
            FollowUp::NotStarted => "not started",
            FollowUp::OnTrack => "on track",
            FollowUp::Done => "done",
            FollowUp::Dropped => "dropped",
        }
    }

    pub fn next(self) -> Self {
        let i = FollowUp::ALL.iter().position(|s| *s == self).unwrap_or(0);
        FollowUp::ALL[(i + 1) % FollowUp::ALL.len()]
    }

    pub fn previous(self) -> Self {
        let i = FollowUp::ALL.iter().position(|s| *s == self).unwrap_or(0);
        FollowUp::ALL[(i + FollowUp::ALL.len() - 1) % FollowUp::ALL.len()]
    }
}

impl Session {
    /// A new session on `scenario` with the named groups (at least one).
    pub fn new(title: &str, scenario: Scenario, mode: Mode, groups: &[String], created: u64) -> Self {
        let groups: Vec<Group> = groups
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(|name| Group { name: name.to_string(), ..Group::default() })
            .collect();
        let mut session = Session {
            schema_version: SCHEMA_VERSION,
            saved: 0,
            title: title.to_string(),
            created,
            mode,
            scenario,
            stage: 0,
            slide: 0,
            current_group: 0,
            groups,
            timers: Vec::new(),
            injects: Vec::new(),
            voting: VotingRules::default(),
            votes: Vec::new(),
            // A room votes unseen until the facilitator reveals the dots;
            // one person practising has nobody to sway.
            votes_hidden: mode == Mode::Room,
            feedback: Vec::new(),
            stage_time: Vec::new(),
            room_time: RoomTime::default(),
            typed_here: Vec::new(),
            connected: Vec::new(),
            closing_answers: Vec::new(),
            distinct_barriers: Vec::new(),
            shared_folder: false,
        };
        session.normalise();
        session
    }

    /// The stage whose clock is the room's: the one whose timer runs
    /// (the latest, should an older file hold two), else the room's
    /// stage. A running clock keeps running whatever any screen looks at,
    /// and while the room looks back at an earlier stage: it stops only
    /// when paused, or when the room moves on past its stage.
    pub fn clock_stage(&self) -> usize {
        self.timers.iter().rposition(StageTimer::is_running).unwrap_or(self.stage)
    }

    /// The room's clock (see [`Session::clock_stage`]).
    pub fn timer(&self) -> Option<&StageTimer> {
        self.timers.get(self.clock_stage())
    }

    pub fn timer_mut(&mut self) -> Option<&mut StageTimer> {
        self.timers.get_mut(self.stage)
    }

    /// Counts `secs` more of time on the stage on show, and banks the
    /// time its running timer has run (as of `now`) into the session, so
    /// that what is saved holds it.
    pub fn count_time(&mut self, secs: u64, now: u64) {
        if let Some(time) = self.stage_time.get_mut(self.stage) {
            time.open_secs = time.open_secs.saturating_add(secs);
        }
        for timer in &mut self.timers {
            timer.bank(now);
        }
    }

    /// Starts the current stage's timer again at its planned minutes,
    /// keeping the time it had run for the reports.
    pub fn reset_timer(&mut self, now: u64) {
        let minutes = self.scenario.stage(self.stage).map_or(1, |s| s.minutes);
        let Some(timer) = self.timers.get_mut(self.stage) else { return };
        if let Some(time) = self.stage_time.get_mut(self.stage) {
            time.reset_secs = time.reset_secs.saturating_add(u64::from(timer.elapsed(now)));
        }
        timer.reset(minutes);
    }

    pub fn group_by_id(&self, id: u32) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// Adds a group with a unique name; returns its index.
    pub fn add_group(&mut self, name: &str) -> usize {
        let base =
            if name.trim().is_empty() { format!("Group {}", self.groups.len() + 1) } else { name.trim().to_string() };
        let mut candidate = base.clone();
        let mut n = 2;
        while self.groups.iter().any(|g| g.name == candidate) {
            candidate = format!("{base} ({n})");
            n += 1;
        }
        let id = self.groups.iter().map(|g| g.id).max().unwrap_or(0) + 1;
        self.groups.push(Group { id, name: candidate, ..Group::default() });
        self.groups.len() - 1
    }

    /// Removes a group and every dot it cast or received. The last group
    /// cannot be removed.
    pub fn remove_group(&mut self, index: usize) -> Option<Group> {
        if self.groups.len() <= 1 || index >= self.groups.len() {
            return None;
        }
        let group = self.groups.remove(index);
        self.votes.retain(|v| v.from != group.id && v.group != group.id);
        self.current_group = self.current_group.min(self.groups.len() - 1);
        Some(group)
    }

    pub fn stage_kind(&self) -> StageKind {
        self.scenario.stage(self.stage).map_or(StageKind::Welcome, |s| s.kind)
    }

    #[allow(
        clippy::expect_used,
        reason = "normalise gives every session at least one group, and the last cannot be removed"
    )]
    pub fn group(&self) -> &Group {
        // `current_group` is kept in range by every mutation; the fallback
        // covers a hand-edited file.
        self.groups
            .get(self.current_group)
            .or_else(|| self.groups.first())
            .expect("a session always has at least one group")
    }

    pub fn group_mut(&mut self) -> &mut Group {
        let index = self.current_group.min(self.groups.len().saturating_sub(1));
        &mut self.groups[index]
    }

    /// Moves to the next stage; returns false at the last one.
    pub fn next_stage(&mut self) -> bool {
        if self.stage + 1 < self.scenario.stages.len() {
            self.stage += 1;
            true
        } else {
            false
        }
    }

    /// Moves to the previous stage; returns false at the first one.
    pub fn previous_stage(&mut self) -> bool {
        if self.stage > 0 {
            self.stage -= 1;
            true
        } else {
            false
        }
    }

    /// Puts a hand-edited or older file back in shape: indices in range,
    /// a timer per stage, unique group ids, the current format version, and
    /// no text that could send control sequences to a terminal or hide
    /// what it says (every file is opened through here).
    pub fn normalise(&mut self) {
        self.schema_version = SCHEMA_VERSION;
        super::sanitize::clean_session(self);
        if self.groups.is_empty() {
            self.groups.push(Group { name: "Group 1".into(), ..Group::default() });
        }
        let mut seen = std::collections::HashSet::new();
        let mut next = self.groups.iter().map(|g| g.id).max().unwrap_or(0) + 1;
        for group in &mut self.groups {
            if group.id == 0 || !seen.insert(group.id) {
                group.id = next;
                seen.insert(next);
                next += 1;
            }
            group.repair_ids();
        }
        self.current_group = self.current_group.min(self.groups.len() - 1);
        self.stage = self.stage.min(self.scenario.stages.len().saturating_sub(1));
        let stages = &self.scenario.stages;
        self.timers.truncate(stages.len());
        for stage in &stages[self.timers.len()..] {
            self.timers.push(StageTimer::for_minutes(stage.minutes));
        }
        self.stage_time.resize(stages.len(), StageTime::default());
        // A hand-edited file's rating is kept to the scale.
        for feedback in &mut self.feedback {
            feedback.rating = feedback.rating.map(|r| r.clamp(1, RATING_MAX));
        }
    }

    /// What a person has said at the close, if anything.
    pub fn feedback_of(&self, person: u64) -> Option<&Feedback> {
        self.feedback.iter().find(|f| f.person == person)
    }

    /// What people on their phones answered to a closing question, in the
    /// order they answered: (group id, answer).
    pub fn phone_answers(&self, question: &str) -> Vec<(u32, &str)> {
        self.feedback
            .iter()
            .flat_map(|f| {
                f.answers.iter().filter(|a| a.question == question).map(move |a| (f.group, a.answer.as_str()))
            })
            .collect()
    }
}

/// A group's name as one short word that a person can type and a link can
/// carry: its letters and digits in lower case ("Green team" is
/// `greenteam`). A table's SSH user name and the phones' page's `?table=`
/// are both this.
pub fn short_name(group_name: &str) -> String {
    group_name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

impl Group {
    fn take_id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    /// Makes `next_id` larger than every id in use, so a file edited by hand
    /// never hands out an id twice.
    fn repair_ids(&mut self) {
        let highest = self
            .barriers
            .iter()
            .map(|b| b.id)
            .chain(self.solutions.iter().map(|s| s.id))
            .chain(self.actions.iter().map(|a| a.id))
            .max()
            .unwrap_or(0);
        self.next_id = self.next_id.max(highest);
    }

    pub fn add_barrier(&mut self, mut barrier: Barrier) -> u32 {
        barrier.id = self.take_id();
        barrier.severity = barrier.severity.clamp(1, 5);
        let id = barrier.id;
        self.barriers.push(barrier);
        id
    }

    pub fn add_solution(&mut self, mut solution: Solution) -> u32 {
        solution.id = self.take_id();
        let id = solution.id;
        self.solutions.push(solution);
        id
    }

    pub fn add_action(&mut self, mut action: Action) -> u32 {
        action.id = self.take_id();
        let id = action.id;
        self.actions.push(action);
        id
    }

    /// Removes a barrier and every link to it.
    pub fn remove_barrier(&mut self, id: u32) -> Option<Barrier> {
        let index = self.barriers.iter().position(|b| b.id == id)?;
        for s in &mut self.solutions {
            s.barriers.retain(|b| *b != id);
        }
        for a in &mut self.actions {
            a.barriers.retain(|b| *b != id);
        }
        Some(self.barriers.remove(index))
    }

    pub fn remove_solution(&mut self, id: u32) -> Option<Solution> {
        let index = self.solutions.iter().position(|s| s.id == id)?;
        Some(self.solutions.remove(index))
    }

    pub fn remove_action(&mut self, id: u32) -> Option<Action> {
        let index = self.actions.iter().position(|a| a.id == id)?;
        Some(self.actions.remove(index))
    }

    pub fn barrier(&self, id: u32) -> Option<&Barrier> {
        self.barriers.iter().find(|b| b.id == id)
    }

    /// Who holds a role at this table, if anyone.
    pub fn role_holder(&self, role: &str) -> Option<&str> {
        self.role_holders.iter().find(|h| h.role == role).map(|h| h.person.as_str())
    }

    /// The group's answer to the inject at `inject`, if it gave one.
    pub fn response(&self, inject: usize) -> Option<&InjectResponse> {
        self.inject_responses.iter().find(|r| r.inject == inject)
    }

    /// Records how the inject at `inject` changes the plan; a blank note
    /// with no actions takes the answer back.
    pub fn answer_inject(&mut self, inject: usize, note: &str, actions: Vec<u32>) {
        let note = note.trim();
        let index = self.inject_responses.iter().position(|r| r.inject == inject);
        match index {
            Some(i) if note.is_empty() && actions.is_empty() => {
                self.inject_responses.remove(i);
            }
            Some(i) => {
                self.inject_responses[i].note = note.to_string();
                self.inject_responses[i].actions = actions;
            }
            None if note.is_empty() && actions.is_empty() => {}
            None => self.inject_responses.push(InjectResponse { inject, note: note.to_string(), actions }),
        }
    }

    /// The title of the stance the group chose, if the scenario asks one
    /// and the choice is one of its options.
    pub fn stance_title<'a>(&self, scenario: &'a Scenario) -> Option<&'a str> {
        let id = self.stance.as_deref()?;
        scenario.stance.as_ref()?.options.iter().find(|o| o.id == id).map(|o| o.title.as_str())
    }

    /// Gives a role to a person, in place of whoever held it; a blank name
    /// leaves the role free. One person may hold more than one role (a
    /// small table shares them out).
    pub fn hold_role(&mut self, role: &str, person: &str) {
        let person = person.trim();
        match self.role_holders.iter().position(|h| h.role == role) {
            Some(i) if person.is_empty() => {
                self.role_holders.remove(i);
            }
            Some(i) => self.role_holders[i].person = person.to_string(),
            None if person.is_empty() => {}
            None => self.role_holders.push(RoleHolder { role: role.to_string(), person: person.to_string() }),
        }
    }

    /// The roles held at this table, in the scenario's order, each with its
    /// title and holder; a role the scenario no longer has is listed last
    /// under its id, so nothing recorded is lost from a report.
    pub fn roles_held<'a>(&'a self, scenario: &'a Scenario) -> Vec<(&'a str, &'a str)> {
        let mut out: Vec<(&str, &str)> =
            scenario.roles.iter().filter_map(|r| self.role_holder(&r.id).map(|who| (r.title.as_str(), who))).collect();
        out.extend(
            self.role_holders
                .iter()
                .filter(|h| !scenario.roles.iter().any(|r| r.id == h.role))
                .map(|h| (h.role.as_str(), h.person.as_str())),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> Group {
        Group { name: "Tables".into(), ..Group::default() }
    }

    #[test]
    fn a_table_records_who_holds_each_role_and_old_files_have_nobody() {
        let scenario = crate::scenarios::built_in_default();
        let mut g = group();
        g.hold_role("chief-executive", "Ben");
        g.hold_role("leader", "Asha");
        g.hold_role("leader", " Asha K ");
        g.hold_role("gone-role", "Cy");
        assert_eq!(g.role_holder("leader"), Some("Asha K"));
        let held = g.roles_held(&scenario);
        assert_eq!(held, vec![("Leader of the council", "Asha K"), ("Chief Executive", "Ben"), ("gone-role", "Cy")]);
        g.hold_role("leader", "  ");
        assert_eq!(g.role_holder("leader"), None, "a blank name frees the role");

        // A group written without the field reads with nobody in a role,
        // and a group with nobody in a role writes no field.
        let old: Group = ron::from_str("(name: \"Red\")").unwrap();
        assert!(old.role_holders.is_empty());
        assert!(!ron::to_string(&old).unwrap().contains("role_holders"));
        let text = ron::to_string(&g).unwrap();
        assert_eq!(ron::from_str::<Group>(&text).unwrap(), g);
    }

    #[test]
    fn an_idea_card_link_round_trips_and_older_items_have_none() {
        let mut g = group();
        g.add_solution(Solution { text: "Swap staff".into(), idea: Some("secondments".into()), ..Solution::default() });
        g.add_action(Action { title: "Compact".into(), idea: Some("compact".into()), ..Action::default() });
        g.add_action(Action { title: "Our own".into(), ..Action::default() });
        let text = ron::to_string(&g).unwrap();
        assert_eq!(ron::from_str::<Group>(&text).unwrap(), g);
        assert_eq!(text.matches("idea:").count(), 2, "an item of the group's own writes no link: {text}");

        let old: Solution = ron::from_str("(id: 1, text: \"Mentoring\")").unwrap();
        assert_eq!(old.idea, None);
        let old: Action = ron::from_str("(id: 2, title: \"Pilot\")").unwrap();
        assert_eq!(old.idea, None);
    }

    #[test]
    fn ids_are_never_reused_after_a_delete() {
        let mut g = group();
        let a = g.add_barrier(Barrier { text: "a".into(), ..Barrier::default() });
        let b = g.add_barrier(Barrier { text: "b".into(), ..Barrier::default() });
        g.remove_barrier(b);
        let c = g.add_barrier(Barrier { text: "c".into(), ..Barrier::default() });
        assert_ne!(b, c);
        assert_ne!(a, c);
    }

    #[test]
    fn removing_a_barrier_unlinks_it_everywhere() {
        let mut g = group();
        let b = g.add_barrier(Barrier { text: "silos".into(), severity: 4, ..Barrier::default() });
        g.add_solution(Solution { text: "joint team".into(), barriers: vec![b], ..Solution::default() });
        g.add_action(Action { title: "pilot".into(), barriers: vec![b], ..Action::default() });
        assert!(g.remove_barrier(b).is_some());
        assert!(g.solutions[0].barriers.is_empty());
        assert!(g.actions[0].barriers.is_empty());
    }

    #[test]
    fn severity_is_clamped_into_one_to_five() {
        let mut g = group();
        g.add_barrier(Barrier { text: "x".into(), severity: 0, ..Barrier::default() });
        g.add_barrier(Barrier { text: "y".into(), severity: 9, ..Barrier::default() });
        assert_eq!(g.barriers[0].severity, 1);
        assert_eq!(g.barriers[1].severity, 5);
    }

    fn session() -> Session {
        Session::new("T", crate::scenarios::built_in_default(), Mode::Room, &["Red".into()], 0)
    }

    #[test]
    fn time_on_a_stage_is_counted_and_a_timer_reset_keeps_it() {
        let mut s = session();
        assert_eq!(s.stage_time.len(), s.scenario.stages.len());
        s.count_time(300, 1000);
        s.timer_mut().unwrap().start(1000);
        s.count_time(120, 1120);
        assert_eq!(s.timer().unwrap().elapsed_secs, 120, "a running timer's time is banked");
        assert!(s.timer().unwrap().is_running());
        s.reset_timer(1180);
        assert_eq!(s.timer().unwrap(), &StageTimer::for_minutes(s.scenario.stages[0].minutes));
        assert!(s.next_stage());
        s.count_time(60, 1240);
        assert_eq!(s.stage_time[0], StageTime { open_secs: 420, reset_secs: 180 });
        assert_eq!(s.stage_time[1], StageTime { open_secs: 60, reset_secs: 0 });
        assert_eq!(s.stage_time[0].timed_secs(&s.timers[0]), 180);
    }

    #[test]
    fn a_file_without_stage_time_loads_and_the_time_round_trips() {
        let mut s = session();
        s.count_time(754, 0);
        let text = ron::ser::to_string_pretty(&s, ron::ser::PrettyConfig::new()).unwrap();
        let back: Session = ron::from_str(&text).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.stage_time[0].open_secs, 754);

        let start = text.find("stage_time:").unwrap();
        let end = start + text[start..].find("],").unwrap() + 2;
        let older = format!("{}{}", &text[..start], &text[end..]);
        assert!(!older.contains("stage_time"), "{older}");
        let mut old: Session = ron::from_str(&older).unwrap();
        old.normalise();
        assert_eq!(old.stage_time, vec![StageTime::default(); s.scenario.stages.len()]);
    }

    #[test]
    fn repair_ids_skips_past_hand_written_ids() {
        let mut g = group();
        g.barriers.push(Barrier { id: 7, text: "hand".into(), severity: 2, ..Barrier::default() });
        g.repair_ids();
        let id = g.add_action(Action::default());
        assert_eq!(id, 8);
    }
}
