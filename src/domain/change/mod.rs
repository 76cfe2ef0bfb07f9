//! Every change a person can make to a session, as a value, and the one
//! function that makes it: [`Session::apply`].
//!
//! A room is one session changed by many people at once: the facilitator,
//! the tables over SSH, a group's laptops, people on their phones. Each of
//! them is an [`Actor`]; what they do is a [`Change`]. `apply` checks one
//! permission table ([`Actor::may`]), makes the change, and returns what it
//! did ([`Applied`]): a description for the status line, the change that
//! would put it back (for that actor's own undo), the state it left (so an
//! undo can tell whether someone else has since changed the same thing) and
//! how far it reaches (one group's work, or the room).
//!
//! Changes are at the level of fields: two people editing different fields
//! of one action both keep their edits, and an undo puts back one field,
//! never a whole group.

use super::room::RoomTime;
use super::room::{FiredInject, StageTimer, Vote, VotingRules, cast_vote};
use super::sanitize::kept;
use super::scenario::BarrierKind;
use super::session::{
    Action, Barrier, ClosingAnswer, Feedback, FollowUp, Group, LeadSide, RATING_MAX, ScreenSeen, Session, Solution,
};

/// Who is changing the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// The facilitator's own screen, or a person practising alone: the
    /// session is theirs.
    Facilitator,
    /// A screen that works for one group: a table over SSH or a group's
    /// laptop in a shared folder. `screen` tells two screens at one table
    /// apart (a connection, or 0 for a laptop).
    Group { group: u32, screen: u64 },
    /// A person at a table on their phone.
    Person { group: u32, person: u64 },
    /// A screen that only reads: the presenter console, a session open
    /// read-only elsewhere.
    Viewer,
}

impl Actor {
    /// The group this actor works for, if it is one group's.
    pub fn group(self) -> Option<u32> {
        match self {
            Actor::Group { group, .. } | Actor::Person { group, .. } => Some(group),
            Actor::Facilitator | Actor::Viewer => None,
        }
    }

    /// Whether this actor may make `change` to `session`, and if not, why.
    /// This is the room's one permission table; see the tests for it row by
    /// row.
    pub fn may(self, change: &Change, session: &Session) -> Result<(), Refusal> {
        let owner = change.owner();
        match (self, owner) {
            (Actor::Viewer, _) => Err(Refusal::new("This screen only shows the session; nothing here can change.")),
            // In a shared folder each group writes its own file on its own
            // laptop; the room's screen shows their work.
            (Actor::Facilitator, Owner::Group(group))
                if session.shared_folder
                    && change.kind() != ChangeKind::Dots
                    && !session.typed_here.contains(&group) =>
            {
                Err(Refusal::new(
                    "In a shared-folder room each group writes on its own laptop; this screen shows their work.",
                ))
            }
            (Actor::Facilitator, _) => Ok(()),
            // A group's own file (a laptop in a shared folder) is that
            // group's: its screen moves its own stages and slides.
            (Actor::Group { group, .. }, _)
                if session.mode == super::session::Mode::Group && session.groups.iter().all(|g| g.id == group) =>
            {
                Ok(())
            }
            (Actor::Person { group, person }, Owner::Person { group: g, person: p }) if group == g && person == p => {
                Ok(())
            }
            (Actor::Person { .. }, Owner::Group(_)) if change.kind() == ChangeKind::Dots => {
                Err(Refusal::new("On a phone a person gives their own dots, not the table's."))
            }
            (Actor::Group { group, .. } | Actor::Person { group, .. }, Owner::Group(owner)) if group == owner => Ok(()),
            (Actor::Group { .. } | Actor::Person { .. }, Owner::Group(_)) => {
                Err(Refusal::new("That is another group's work: a table changes its own group's work only."))
            }
            (Actor::Group { .. } | Actor::Person { .. }, Owner::Person { .. }) => {
                Err(Refusal::new("That is one person's own: only they can change it."))
            }
            (Actor::Group { .. } | Actor::Person { .. }, Owner::Room) => {
                Err(Refusal::new(format!("{} belongs to the facilitator.", change.kind().what())))
            }
        }
    }
}

/// Whose a change is: one group's work, one person's own say (their dots
/// and feedback, given on a phone), or the room's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Group(u32),
    Person { group: u32, person: u64 },
    Room,
}

/// The kind of a barrier, solution or action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Barrier,
    Solution,
    Action,
}

impl ItemKind {
    pub fn noun(self) -> &'static str {
        match self {
            ItemKind::Barrier => "barrier",
            ItemKind::Solution => "solution",
            ItemKind::Action => "action",
        }
    }
}

/// One barrier, solution or action of one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ItemRef {
    pub group: u32,
    pub kind: ItemKind,
    pub id: u32,
}

impl Change {
    /// The item this change puts back or sets, for a screen to show it:
    /// an item restored or an item's field (not an added one, whose id
    /// only `apply` knows).
    pub fn item_put_back(&self) -> Option<ItemRef> {
        match self {
            Change::Restore { group, item, .. } => Some(ItemRef { group: *group, kind: item.kind(), id: item.id() }),
            Change::Set { item, .. } => Some(*item),
            _ => None,
        }
    }
}

/// A whole barrier, solution or action.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Barrier(Barrier),
    Solution(Solution),
    Action(Action),
}

impl Item {
    pub fn kind(&self) -> ItemKind {
        match self {
            Item::Barrier(_) => ItemKind::Barrier,
            Item::Solution(_) => ItemKind::Solution,
            Item::Action(_) => ItemKind::Action,
        }
    }

    pub fn id(&self) -> u32 {
        match self {
            Item::Barrier(b) => b.id,
            Item::Solution(s) => s.id,
            Item::Action(a) => a.id,
        }
    }

    fn set_id(&mut self, id: u32) {
        match self {
            Item::Barrier(b) => b.id = id,
            Item::Solution(s) => s.id = id,
            Item::Action(a) => a.id = id,
        }
    }

    /// What the item is called: its text or title.
    pub fn name(&self) -> &str {
        match self {
            Item::Barrier(b) => &b.text,
            Item::Solution(s) => &s.text,
            Item::Action(a) => &a.title,
        }
    }

    /// Sets one of the item's fields; false if it has no such field.
    pub fn set(&mut self, field: Field) -> bool {
        field.write(self)
    }

    /// Cleans what a person wrote, and keeps numbers in range.
    fn cleaned(mut self) -> Self {
        match &mut self {
            Item::Barrier(b) => {
                b.text = kept(&b.text);
                b.story = kept(&b.story);
                b.severity = b.severity.clamp(1, 5);
            }
            Item::Solution(s) => s.text = kept(&s.text),
            Item::Action(a) => {
                for text in [&mut a.title, &mut a.what, &mut a.lead_role, &mut a.first_step, &mut a.success] {
                    *text = kept(text);
                }
                a.status_note = kept(&a.status_note);
            }
        }
        self
    }
}

/// A field of an item, with a value for it.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    BarrierText(String),
    Kind(BarrierKind),
    Severity(u8),
    Story(String),
    SolutionText(String),
    /// The barriers a solution answers (ids).
    Answers(Vec<u32>),
    /// The areas of change of a solution or an action (ids).
    Areas(Vec<String>),
    Title(String),
    What(String),
    Lead(LeadSide),
    LeadRole(String),
    /// The barriers an action tackles (ids).
    Tackles(Vec<u32>),
    /// An action's first and last months; both at once, so that a start
    /// after the end is never saved.
    Months(Option<u8>, Option<u8>),
    FirstStep(String),
    Success(String),
    WithinReach(Option<bool>),
    Status(FollowUp),
    StatusNote(String),
}

impl Field {
    /// The field's name as a sentence says it ("Red laptop 2 is editing
    /// this title").
    pub fn name(&self) -> &'static str {
        match self {
            Field::BarrierText(_) | Field::SolutionText(_) => "text",
            Field::Kind(_) => "kind",
            Field::Severity(_) => "severity",
            Field::Story(_) => "story",
            Field::Answers(_) => "barriers answered",
            Field::Areas(_) => "areas",
            Field::Title(_) => "title",
            Field::What(_) => "description",
            Field::Lead(_) => "lead",
            Field::LeadRole(_) => "lead role",
            Field::Tackles(_) => "barriers tackled",
            Field::Months(..) => "months",
            Field::FirstStep(_) => "first step",
            Field::Success(_) => "measure of success",
            Field::WithinReach(_) => "15% test",
            Field::Status(_) => "follow-up status",
            Field::StatusNote(_) => "follow-up note",
        }
    }

    /// Whether two values are of the same field.
    pub fn same_field(&self, other: &Field) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    /// This field's value in `item`, or `None` if the item has no such field.
    fn read(&self, item: &Item) -> Option<Field> {
        Some(match (self, item) {
            (Field::BarrierText(_), Item::Barrier(b)) => Field::BarrierText(b.text.clone()),
            (Field::Kind(_), Item::Barrier(b)) => Field::Kind(b.kind),
            (Field::Severity(_), Item::Barrier(b)) => Field::Severity(b.severity),
            (Field::Story(_), Item::Barrier(b)) => Field::Story(b.story.clone()),
            (Field::SolutionText(_), Item::Solution(s)) => Field::SolutionText(s.text.clone()),
            (Field::Answers(_), Item::Solution(s)) => Field::Answers(s.barriers.clone()),
            (Field::Areas(_), Item::Solution(s)) => Field::Areas(s.areas.clone()),
            (Field::Areas(_), Item::Action(a)) => Field::Areas(a.areas.clone()),
            (Field::Title(_), Item::Action(a)) => Field::Title(a.title.clone()),
            (Field::What(_), Item::Action(a)) => Field::What(a.what.clone()),
            (Field::Lead(_), Item::Action(a)) => Field::Lead(a.lead),
            (Field::LeadRole(_), Item::Action(a)) => Field::LeadRole(a.lead_role.clone()),
            (Field::Tackles(_), Item::Action(a)) => Field::Tackles(a.barriers.clone()),
            (Field::Months(..), Item::Action(a)) => Field::Months(a.start_month, a.end_month),
            (Field::FirstStep(_), Item::Action(a)) => Field::FirstStep(a.first_step.clone()),
            (Field::Success(_), Item::Action(a)) => Field::Success(a.success.clone()),
            (Field::WithinReach(_), Item::Action(a)) => Field::WithinReach(a.within_reach),
            (Field::Status(_), Item::Action(a)) => Field::Status(a.status),
            (Field::StatusNote(_), Item::Action(a)) => Field::StatusNote(a.status_note.clone()),
            _ => return None,
        })
    }

    /// Writes this value into `item`; false if the item has no such field.
    fn write(self, item: &mut Item) -> bool {
        match (self, item) {
            (Field::BarrierText(t), Item::Barrier(b)) => b.text = kept(&t),
            (Field::Kind(k), Item::Barrier(b)) => b.kind = k,
            (Field::Severity(n), Item::Barrier(b)) => b.severity = n.clamp(1, 5),
            (Field::Story(t), Item::Barrier(b)) => b.story = kept(&t),
            (Field::SolutionText(t), Item::Solution(s)) => s.text = kept(&t),
            (Field::Answers(ids), Item::Solution(s)) => s.barriers = ids,
            (Field::Areas(ids), Item::Solution(s)) => s.areas = ids,
            (Field::Areas(ids), Item::Action(a)) => a.areas = ids,
            (Field::Title(t), Item::Action(a)) => a.title = kept(&t),
            (Field::What(t), Item::Action(a)) => a.what = kept(&t),
            (Field::Lead(l), Item::Action(a)) => a.lead = l,
            (Field::LeadRole(t), Item::Action(a)) => a.lead_role = kept(&t),
            (Field::Tackles(ids), Item::Action(a)) => a.barriers = ids,
            (Field::Months(start, end), Item::Action(a)) => (a.start_month, a.end_month) = (start, end),
            (Field::FirstStep(t), Item::Action(a)) => a.first_step = kept(&t),
            (Field::Success(t), Item::Action(a)) => a.success = kept(&t),
            (Field::WithinReach(w), Item::Action(a)) => a.within_reach = w,
            (Field::Status(s), Item::Action(a)) => a.status = s,
            (Field::StatusNote(t), Item::Action(a)) => a.status_note = kept(&t),
            _ => return false,
        }
        true
    }
}

/// Every change a person can make to a session.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new barrier, solution or action; its id is given by `apply`.
    Add {
        group: u32,
        item: Item,
    },
    /// One field of an item.
    Set {
        item: ItemRef,
        field: Field,
    },
    /// An item, and every link to it from the group's other items.
    Delete {
        item: ItemRef,
    },
    /// An item as it was (its id kept), at its place in the list, with the
    /// links to it that other items had (`linked`: solutions and actions).
    Restore {
        group: u32,
        item: Item,
        at: usize,
        linked: Vec<(ItemKind, u32)>,
    },
    /// The option a group chose (an id of the scenario's stance options).
    Stance {
        group: u32,
        option: Option<String>,
    },
    /// Who holds one of the scenario's roles at a table; blank frees it.
    HoldRole {
        group: u32,
        role: String,
        person: String,
    },
    /// A group's answer to a fired inject; blank takes it back.
    AnswerInject {
        group: u32,
        inject: usize,
        note: String,
        actions: Vec<u32>,
    },
    /// The room's answer to one of the scenario's closing questions.
    CloseAnswer {
        question: usize,
        answer: String,
    },
    /// One person's own answer to a closing question; blank takes it back.
    PersonAnswer {
        group: u32,
        person: u64,
        question: usize,
        answer: String,
    },
    /// One person's rating of the session (1 to 5) and line on it.
    Rate {
        group: u32,
        person: u64,
        rating: Option<u8>,
        comment: String,
    },
    /// One more dot from a group on an action.
    GiveDot(Vote),
    /// One dot fewer.
    TakeDot(Vote),
    /// How many dots `vote.from` has on that action, set outright (undo).
    Dots {
        vote: Vote,
        count: usize,
    },
    /// The voting rules; lowering the dots takes back the latest given.
    Voting(VotingRules),
    /// Whether the count of dots is hidden while the room votes.
    HideVotes(bool),
    /// The rules and every dot, as they were (undo of a rules change).
    VotingAndDots {
        rules: VotingRules,
        votes: Vec<Vote>,
    },
    /// Two barriers that read alike are different (or, false, the same).
    Distinct {
        pair: [(u32, u32); 2],
        distinct: bool,
    },
    /// The room moves to a stage.
    Stage(usize),
    /// The room's briefing slide.
    Slide(usize),
    /// A stage's timer, as it should be (started, paused, a minute more).
    Timer {
        stage: usize,
        timer: StageTimer,
    },
    /// A stage's timer starts again at its planned minutes, the time it
    /// had run kept for the reports.
    ResetTimer {
        stage: usize,
        now: u64,
    },
    /// When the afternoon started, and a break under way.
    RoomTime(RoomTime),
    FireInject(FiredInject),
    /// Every fired inject, as it was (undo of firing one).
    Injects(Vec<FiredInject>),
    /// A new group (its id is given by `apply`; 0 asks for one).
    AddGroup {
        id: u32,
        name: String,
    },
    RenameGroup {
        group: u32,
        name: String,
    },
    /// A group, its work and every dot it gave or was given.
    RemoveGroup {
        group: u32,
    },
    /// A group as it was, at its place, with its dots.
    RestoreGroup {
        group: Group,
        at: usize,
        votes: Vec<Vote>,
    },
    /// The group the facilitator's screens work on (an index).
    ChooseGroup(usize),
    /// In a shared-folder room: the room's screen types for a group whose
    /// laptop failed (`here`), or hands it back to its laptop.
    TypeHere {
        group: u32,
        here: bool,
    },
    /// Who is connected to a served room: the room's record of it.
    Screens(Vec<ScreenSeen>),
}

/// The kinds of change, for the permission table and its test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Item,
    Stance,
    Role,
    InjectAnswer,
    CloseAnswer,
    Feedback,
    Dots,
    VotingRules,
    Reveal,
    Distinct,
    Stage,
    Slide,
    Timer,
    Inject,
    Groups,
    ChooseGroup,
    Screens,
}

impl ChangeKind {
    /// The thing changed, as a sentence begins.
    pub fn what(self) -> &'static str {
        match self {
            ChangeKind::Item => "A group's work",
            ChangeKind::Stance => "A group's stance",
            ChangeKind::Role => "Who holds a role",
            ChangeKind::InjectAnswer => "A group's answer to the news",
            ChangeKind::CloseAnswer => "The room's closing answers",
            ChangeKind::Feedback => "A person's own answers and rating",
            ChangeKind::Dots => "Giving dots",
            ChangeKind::VotingRules => "The voting rules",
            ChangeKind::Reveal => "Showing or hiding the dots",
            ChangeKind::Distinct => "Calling barriers the same or different",
            ChangeKind::Stage => "The room's stage",
            ChangeKind::Slide => "The room's slide",
            ChangeKind::Timer => "The room's clock",
            ChangeKind::Inject => "Firing the news",
            ChangeKind::Groups => "Adding, renaming and removing groups",
            ChangeKind::ChooseGroup => "Choosing the group on the main screen",
            ChangeKind::Screens => "The record of who is connected",
        }
    }
}

impl Change {
    pub fn kind(&self) -> ChangeKind {
        match self {
            Change::Add { .. } | Change::Set { .. } | Change::Delete { .. } | Change::Restore { .. } => {
                ChangeKind::Item
            }
            Change::Stance { .. } => ChangeKind::Stance,
            Change::HoldRole { .. } => ChangeKind::Role,
            Change::AnswerInject { .. } => ChangeKind::InjectAnswer,
            Change::CloseAnswer { .. } => ChangeKind::CloseAnswer,
            Change::PersonAnswer { .. } | Change::Rate { .. } => ChangeKind::Feedback,
            Change::HideVotes(_) => ChangeKind::Reveal,
            Change::GiveDot(_) | Change::TakeDot(_) | Change::Dots { .. } => ChangeKind::Dots,
            Change::Voting(_) | Change::VotingAndDots { .. } => ChangeKind::VotingRules,
            Change::Distinct { .. } => ChangeKind::Distinct,
            Change::Stage(_) => ChangeKind::Stage,
            Change::Slide(_) => ChangeKind::Slide,
            Change::Timer { .. } | Change::ResetTimer { .. } | Change::RoomTime(_) => ChangeKind::Timer,
            Change::FireInject(_) | Change::Injects(_) => ChangeKind::Inject,
            Change::AddGroup { .. }
            | Change::RenameGroup { .. }
            | Change::RemoveGroup { .. }
            | Change::RestoreGroup { .. } => ChangeKind::Groups,
            Change::ChooseGroup(_) => ChangeKind::ChooseGroup,
            Change::TypeHere { .. } => ChangeKind::Groups,
            Change::Screens(_) => ChangeKind::Screens,
        }
    }

    /// Whose the changed thing is. The dots a group gives are its own to
    /// give (the facilitator gives them for a room without phones), and a
    /// person's dots and feedback are theirs; every other room-wide thing
    /// is the facilitator's.
    pub fn owner(&self) -> Owner {
        match self {
            Change::Add { group, .. }
            | Change::Restore { group, .. }
            | Change::Stance { group, .. }
            | Change::HoldRole { group, .. }
            | Change::AnswerInject { group, .. } => Owner::Group(*group),
            Change::Set { item, .. } | Change::Delete { item } => Owner::Group(item.group),
            Change::GiveDot(vote) | Change::TakeDot(vote) | Change::Dots { vote, .. } => match vote.person {
                Some(person) => Owner::Person { group: vote.from, person },
                None => Owner::Group(vote.from),
            },
            Change::PersonAnswer { group, person, .. } | Change::Rate { group, person, .. } => {
                Owner::Person { group: *group, person: *person }
            }
            _ => Owner::Room,
        }
    }

    /// Whether it can be undone. Moving the room and its clock are not
    /// edits: the same keys move them back.
    fn undoable(&self) -> bool {
        !matches!(
            self.kind(),
            ChangeKind::Stage | ChangeKind::Slide | ChangeKind::Timer | ChangeKind::ChooseGroup | ChangeKind::Screens
        )
    }

    /// Whether two changes are to the same thing: the same field of one
    /// item, one item whole, one group's stance, one role, and so on.
    pub fn same_target(&self, other: &Change) -> bool {
        use Change as C;
        if let (Some(a), Some(b)) = (self.item(), other.item()) {
            return match (self, other) {
                (C::Set { field: x, .. }, C::Set { field: y, .. }) => a == b && x.same_field(y),
                (C::Set { .. }, _) | (_, C::Set { .. }) => false,
                _ => a == b,
            };
        }
        let group_of = |c: &Change| match c {
            C::AddGroup { id, .. } | C::RemoveGroup { group: id } | C::RenameGroup { group: id, .. } => Some(*id),
            C::RestoreGroup { group, .. } => Some(group.id),
            _ => None,
        };
        match (self, other) {
            (C::Stance { group: a, .. }, C::Stance { group: b, .. }) => a == b,
            (C::HoldRole { group: a, role: r, .. }, C::HoldRole { group: b, role: s, .. }) => a == b && r == s,
            (C::AnswerInject { group: a, inject: i, .. }, C::AnswerInject { group: b, inject: j, .. }) => {
                a == b && i == j
            }
            (C::CloseAnswer { question: a, .. }, C::CloseAnswer { question: b, .. }) => a == b,
            (C::PersonAnswer { person: a, question: i, .. }, C::PersonAnswer { person: b, question: j, .. }) => {
                a == b && i == j
            }
            (C::Rate { person: a, .. }, C::Rate { person: b, .. }) => a == b,
            (C::PersonAnswer { .. }, C::Rate { .. }) | (C::Rate { .. }, C::PersonAnswer { .. }) => false,
            (C::Distinct { pair: a, .. }, C::Distinct { pair: b, .. }) => a == b || (a[0] == b[1] && a[1] == b[0]),
            (
                C::Timer { stage: a, .. } | C::ResetTimer { stage: a, .. },
                C::Timer { stage: b, .. } | C::ResetTimer { stage: b, .. },
            ) => a == b,
            (C::RenameGroup { group: a, .. }, C::RenameGroup { group: b, .. }) => a == b,
            (C::RenameGroup { .. }, _) | (_, C::RenameGroup { .. }) => false,
            _ if group_of(self).is_some() || group_of(other).is_some() => group_of(self) == group_of(other),
            _ if self.kind() == ChangeKind::Dots && other.kind() == ChangeKind::Dots => {
                let vote = |c: &Change| match c {
                    C::GiveDot(v) | C::TakeDot(v) | C::Dots { vote: v, .. } => Some(*v),
                    _ => None,
                };
                vote(self) == vote(other)
            }
            _ => self.kind() == other.kind(),
        }
    }

    /// The item a change is to, if it is to one.
    pub fn item(&self) -> Option<ItemRef> {
        match self {
            Change::Add { group, item } | Change::Restore { group, item, .. } => {
                Some(ItemRef { group: *group, kind: item.kind(), id: item.id() })
            }
            Change::Set { item, .. } | Change::Delete { item } => Some(*item),
            _ => None,
        }
    }
}

/// Why a change was not made, in words for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl Refusal {
    pub fn new(why: impl Into<String>) -> Self {
        Refusal(why.into())
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How far a change reaches: which screens may show something new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One group's work.
    Group(u32),
    /// Anything else: the room's stage, slide, clock, groups, news, dots.
    Room,
}

/// What `apply` did.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The change as made (with the id it was given, for an addition).
    pub change: Change,
    /// What it did, in a few words ("added barrier 'No shared data'").
    pub what: String,
    /// The change that puts back what it changed, when it can be undone.
    pub undo: Option<Change>,
    /// What it changed, as it left it: an undo checks that it is still so,
    /// and says so rather than overwrite someone else's later change.
    pub after: Option<Change>,
    pub scope: Scope,
}

impl Applied {
    /// The change left everything as it was (a value set to what it was).
    pub fn changed_nothing(&self) -> bool {
        match (&self.undo, &self.after) {
            (Some(undo), Some(after)) => state_of(undo) == state_of(after),
            _ => false,
        }
    }
}

/// The value `apply` is checked against when undoing: the target's state,
/// without where in its list it is (another's deletion moves it, and that
/// is no reason to refuse).
fn state_of(change: &Change) -> Change {
    match change {
        Change::Restore { group, item, linked, .. } => {
            let mut linked = linked.clone();
            linked.sort_by_key(|(kind, id)| (*kind as u8, *id));
            Change::Restore { group: *group, item: item.clone(), at: 0, linked }
        }
        Change::RestoreGroup { group, votes, .. } => {
            Change::RestoreGroup { group: group.clone(), at: 0, votes: votes.clone() }
        }
        other => other.clone(),
    }
}

/// Quoted and kept short enough for the status line.
pub fn quoted(text: &str) -> String {
    const MOST: usize = 40;
    let text = text.trim();
    if text.is_empty() {
        "(untitled)".to_string()
    } else if text.chars().count() <= MOST {
        format!("'{text}'")
    } else {
        format!("'{}…'", text.chars().take(MOST - 1).collect::<String>().trim_end())
    }
}

impl Session {
    /// Makes `change` as `by`, if the permission table allows it and the
    /// change makes sense here. Nothing is changed when it is refused.
    pub fn apply(&mut self, by: Actor, change: Change) -> Result<Applied, Refusal> {
        by.may(&change, self)?;
        let change = self.settle(change)?;
        let undo = if change.undoable() { self.current(&change) } else { None };
        let what = self.describe(&change);
        // Every screen shows how many items each group has; a field, a
        // stance, a role or an answer shows on that group's screens alone
        // (and on those that show the whole room).
        let scope = match (&change, change.owner()) {
            (Change::Add { .. } | Change::Delete { .. } | Change::Restore { .. }, _) => Scope::Room,
            (_, Owner::Group(group)) if change.kind() != ChangeKind::Dots => Scope::Group(group),
            _ => Scope::Room,
        };
        self.make(change.clone())?;
        let after = if change.undoable() { self.current(&change) } else { None };
        Ok(Applied { change, what, undo, after, scope })
    }

    /// Whether what a change left is still so: nobody has changed the same
    /// thing since.
    pub fn still(&self, after: &Change) -> bool {
        self.current(after).is_some_and(|now| state_of(&now) == state_of(after))
    }

    /// Gives a new item or group its id, and cleans what a person wrote.
    fn settle(&self, change: Change) -> Result<Change, Refusal> {
        Ok(match change {
            Change::Add { group, mut item } => {
                let g = self.group_ref(group)?;
                item.set_id(g.next_id.max(g.highest_id()) + 1);
                Change::Add { group, item: item.cleaned() }
            }
            Change::Restore { group, item, at, linked } => Change::Restore { group, item: item.cleaned(), at, linked },
            Change::AddGroup { id: 0, name } => {
                let id = self.groups.iter().map(|g| g.id).max().unwrap_or(0) + 1;
                Change::AddGroup { id, name: self.unique_group_name(&name) }
            }
            Change::HoldRole { group, role, person } => Change::HoldRole { group, role, person: kept(person.trim()) },
            Change::AnswerInject { group, inject, note, actions } => {
                Change::AnswerInject { group, inject, note: kept(note.trim()), actions }
            }
            Change::CloseAnswer { question, answer } => Change::CloseAnswer { question, answer: kept(&answer) },
            Change::PersonAnswer { group, person, question, answer } => {
                Change::PersonAnswer { group, person, question, answer: kept(answer.trim()) }
            }
            Change::Rate { group, person, rating, comment } => Change::Rate {
                group,
                person,
                rating: rating.map(|r| r.clamp(1, RATING_MAX)),
                // One line: a chart's caption in the reports.
                comment: super::sanitize::clean(comment.trim()).trim().to_string(),
            },
            Change::RenameGroup { group, name } => {
                let name = kept(name.trim());
                if name.is_empty() {
                    return Err(Refusal::new("A group needs a name."));
                }
                Change::RenameGroup { group, name }
            }
            Change::FireInject(mut inject) => {
                inject.title = kept(&inject.title);
                inject.what = kept(&inject.what);
                inject.question = kept(&inject.question);
                Change::FireInject(inject)
            }
            other => other,
        })
    }

    fn unique_group_name(&self, name: &str) -> String {
        let name = kept(name.trim());
        let base = if name.is_empty() { format!("Group {}", self.groups.len() + 1) } else { name };
        let mut candidate = base.clone();
        let mut n = 2;
        while self.groups.iter().any(|g| g.name == candidate) {
            candidate = format!("{base} ({n})");
            n += 1;
        }
        candidate
    }

    fn group_ref(&self, id: u32) -> Result<&Group, Refusal> {
        self.groups.iter().find(|g| g.id == id).ok_or_else(|| Refusal::new("That group is no longer in the session."))
    }

    fn group_at(&mut self, id: u32) -> Result<&mut Group, Refusal> {
        self.groups
            .iter_mut()
            .find(|g| g.id == id)
            .ok_or_else(|| Refusal::new("That group is no longer in the session."))
    }

    /// The item `item` refers to, whole.
    pub fn item(&self, item: ItemRef) -> Option<Item> {
        let group = self.group_by_id(item.group)?;
        match item.kind {
            ItemKind::Barrier => group.barriers.iter().find(|b| b.id == item.id).cloned().map(Item::Barrier),
            ItemKind::Solution => group.solutions.iter().find(|s| s.id == item.id).cloned().map(Item::Solution),
            ItemKind::Action => group.actions.iter().find(|a| a.id == item.id).cloned().map(Item::Action),
        }
    }

    /// The value of one field of an item as it is now (`like` names the
    /// field; its value is not read).
    pub fn field(&self, item: ItemRef, like: &Field) -> Option<Field> {
        like.read(&self.item(item)?)
    }

    /// The change that would put `change`'s target back as it is now.
    fn current(&self, change: &Change) -> Option<Change> {
        Some(match change {
            Change::Add { .. } | Change::Delete { .. } | Change::Restore { .. } => {
                let item = change.item()?;
                let group = self.group_by_id(item.group)?;
                match self.item(item) {
                    Some(whole) => Change::Restore {
                        group: item.group,
                        at: group.position(item).unwrap_or(0),
                        linked: group.links_to(item),
                        item: whole,
                    },
                    None => Change::Delete { item },
                }
            }
            Change::Set { item, field } => Change::Set { item: *item, field: field.read(&self.item(*item)?)? },
            Change::Stance { group, .. } => {
                Change::Stance { group: *group, option: self.group_by_id(*group)?.stance.clone() }
            }
            Change::HoldRole { group, role, .. } => Change::HoldRole {
                group: *group,
                role: role.clone(),
                person: self.group_by_id(*group)?.role_holder(role).unwrap_or_default().to_string(),
            },
            Change::AnswerInject { group, inject, .. } => {
                let response = self.group_by_id(*group)?.response(*inject).cloned().unwrap_or_default();
                Change::AnswerInject { group: *group, inject: *inject, note: response.note, actions: response.actions }
            }
            Change::CloseAnswer { question, .. } => {
                let asked = self.scenario.closing_questions.get(*question)?;
                let answer = self.closing_answers.iter().find(|a| &a.question == asked);
                Change::CloseAnswer {
                    question: *question,
                    answer: answer.map(|a| a.answer.clone()).unwrap_or_default(),
                }
            }
            Change::PersonAnswer { group, person, question, .. } => {
                let asked = self.scenario.closing_questions.get(*question)?;
                let answer = self.feedback_of(*person).and_then(|f| f.answers.iter().find(|a| &a.question == asked));
                Change::PersonAnswer {
                    group: *group,
                    person: *person,
                    question: *question,
                    answer: answer.map(|a| a.answer.clone()).unwrap_or_default(),
                }
            }
            Change::Rate { group, person, .. } => {
                let said = self.feedback_of(*person);
                Change::Rate {
                    group: *group,
                    person: *person,
                    rating: said.and_then(|f| f.rating),
                    comment: said.map(|f| f.comment.clone()).unwrap_or_default(),
                }
            }
            Change::HideVotes(_) => Change::HideVotes(self.votes_hidden),
            Change::GiveDot(vote) | Change::TakeDot(vote) | Change::Dots { vote, .. } => {
                Change::Dots { vote: *vote, count: self.votes.iter().filter(|v| *v == vote).count() }
            }
            Change::Voting(_) | Change::VotingAndDots { .. } => {
                Change::VotingAndDots { rules: self.voting, votes: self.votes.clone() }
            }
            Change::Distinct { pair: [a, b], .. } => Change::Distinct {
                pair: [*a, *b],
                distinct: self.distinct_barriers.iter().any(|p| *p == [*a, *b] || *p == [*b, *a]),
            },
            Change::FireInject(_) | Change::Injects(_) => Change::Injects(self.injects.clone()),
            Change::AddGroup { id, .. } | Change::RemoveGroup { group: id } => self.group_state(*id),
            Change::RestoreGroup { group, .. } => self.group_state(group.id),
            Change::RenameGroup { group, .. } => {
                Change::RenameGroup { group: *group, name: self.group_by_id(*group)?.name.clone() }
            }
            Change::Stage(_) => Change::Stage(self.stage),
            Change::Slide(_) => Change::Slide(self.slide),
            Change::Timer { stage, .. } | Change::ResetTimer { stage, .. } => {
                Change::Timer { stage: *stage, timer: self.timers.get(*stage)?.clone() }
            }
            Change::RoomTime(_) => Change::RoomTime(self.room_time),
            Change::TypeHere { group, .. } => Change::TypeHere { group: *group, here: self.typed_here.contains(group) },
            Change::ChooseGroup(_) => Change::ChooseGroup(self.current_group),
            Change::Screens(_) => Change::Screens(self.connected.clone()),
        })
    }

    /// A group as it is now: there, with its dots, or gone.
    fn group_state(&self, id: u32) -> Change {
        match self.groups.iter().position(|g| g.id == id) {
            Some(at) => Change::RestoreGroup {
                group: self.groups[at].clone(),
                at,
                votes: self.votes.iter().filter(|v| v.from == id || v.group == id).copied().collect(),
            },
            None => Change::RemoveGroup { group: id },
        }
    }

    /// What a run of changes to one thing did as a whole: `undo` puts back
    /// how it was, `after` is how it is now ("Ben took over 'Leader' from
    /// Asha", however many keys it took).
    pub fn describe_whole(&self, undo: &Change, after: &Change) -> String {
        let mut was = self.clone();
        match was.make(undo.clone()) {
            Ok(()) => was.describe(after),
            Err(_) => self.describe(after),
        }
    }

    /// What `change` does, in a few words, said before it is made (so a
    /// deletion can name what it deletes).
    fn describe(&self, change: &Change) -> String {
        let item_name = |item: ItemRef| self.item(item).map_or_else(|| "(deleted)".to_string(), |i| quoted(i.name()));
        let group_name =
            |id: u32| self.group_by_id(id).map_or_else(|| "a removed group".to_string(), |g| g.name.clone());
        let action_name = |vote: &Vote| {
            self.group_by_id(vote.group)
                .and_then(|g| g.actions.iter().find(|a| a.id == vote.action))
                .map_or_else(|| "an action".to_string(), |a| quoted(&a.title))
        };
        match change {
            Change::Add { item, .. } => format!("added {} {}", item.kind().noun(), quoted(item.name())),
            Change::Set { item, field } => {
                format!("changed the {} of {} {}", field.name(), item.kind.noun(), item_name(*item))
            }
            Change::Delete { item } => format!("deleted {} {}", item.kind.noun(), item_name(*item)),
            Change::Restore { item, .. } => format!("put back {} {}", item.kind().noun(), quoted(item.name())),
            Change::Stance { group, option } => {
                let title = option.as_deref().and_then(|id| {
                    self.scenario.stance.as_ref()?.options.iter().find(|o| o.id == id).map(|o| o.title.clone())
                });
                match title {
                    Some(title) => format!("{}'s stance: {title}", group_name(*group)),
                    None => format!("cleared {}'s stance", group_name(*group)),
                }
            }
            Change::HoldRole { group, role, person } => {
                let title = quoted(self.scenario.roles.iter().find(|r| &r.id == role).map_or(role, |r| &r.title));
                let was = self.group_by_id(*group).and_then(|g| g.role_holder(role)).map(str::to_string);
                match (was, person.is_empty()) {
                    (Some(was), true) => format!("{was} no longer holds {title}"),
                    (Some(was), false) if was != *person => format!("{person} took over {title} from {was}"),
                    (None, true) => format!("left {title} free"),
                    _ => format!("{person} holds {title}"),
                }
            }
            Change::AnswerInject { inject, .. } => {
                let title = self.injects.get(*inject).map_or_else(|| "the news".to_string(), |i| quoted(&i.title));
                format!("answered {title}")
            }
            Change::CloseAnswer { question, .. } => format!("answered closing question {}", question + 1),
            Change::PersonAnswer { question, answer, .. } if answer.is_empty() => {
                format!("took back an answer to closing question {}", question + 1)
            }
            Change::PersonAnswer { question, .. } => format!("answered closing question {}", question + 1),
            Change::Rate { rating: Some(rating), .. } => format!("rated the session {rating} of {RATING_MAX}"),
            Change::Rate { .. } => "said how the session was".to_string(),
            Change::HideVotes(true) => "hid the dots until they are revealed".to_string(),
            Change::HideVotes(false) => "revealed the dots".to_string(),
            Change::GiveDot(vote) => format!("gave a dot to {}", action_name(vote)),
            Change::TakeDot(vote) => format!("took back a dot from {}", action_name(vote)),
            Change::Dots { vote, .. } => format!("put back the dots on {}", action_name(vote)),
            Change::Voting(rules) if rules.per_group != self.voting.per_group => {
                format!("set the dots per group to {}", rules.per_group)
            }
            Change::Voting(rules) => {
                let may = if rules.own_actions { "may" } else { "may not" };
                format!("said a group {may} vote for its own actions")
            }
            Change::VotingAndDots { .. } => "put back the voting rules and dots".to_string(),
            Change::Distinct { distinct: true, .. } => "counted two barriers as different".to_string(),
            Change::Distinct { distinct: false, .. } => "counted two barriers as one".to_string(),
            Change::Stage(stage) => {
                let title = self.scenario.stage(*stage).map_or("the next stage", |s| s.title.as_str());
                format!("moved the room to {title}")
            }
            Change::Slide(slide) => format!("showed slide {}", slide + 1),
            Change::Timer { timer, .. } if timer.is_running() => "the timer runs".to_string(),
            Change::Timer { .. } => "set the timer".to_string(),
            Change::ResetTimer { .. } => "reset the timer".to_string(),
            Change::RoomTime(RoomTime { break_since: Some(_), .. }) => "started the break".to_string(),
            Change::RoomTime(_) => "set the afternoon's start".to_string(),
            Change::FireInject(inject) => format!("fired inject {}", quoted(&inject.title)),
            Change::Injects(_) => "put back the news as it was".to_string(),
            Change::AddGroup { name, .. } => format!("added group {}", quoted(name)),
            Change::RenameGroup { group, name } => {
                format!("renamed group {} to {}", quoted(&group_name(*group)), quoted(name))
            }
            Change::RemoveGroup { group } => format!("removed group {}", quoted(&group_name(*group))),
            Change::RestoreGroup { group, .. } => format!("put back group {}", quoted(&group.name)),
            Change::ChooseGroup(index) => {
                let name = self.groups.get(*index).map_or("a group", |g| g.name.as_str());
                format!("now working on {name}")
            }
            Change::TypeHere { group, here: true } => {
                format!("typed for group {} on the room's screen", quoted(&group_name(*group)))
            }
            Change::TypeHere { group, here: false } => {
                format!("handed group {} back to its laptop", quoted(&group_name(*group)))
            }
            Change::Screens(screens) => format!("noted {} connected", crate::domain::plural(screens.len(), "table")),
        }
    }

    /// Makes a settled, permitted change.
    fn make(&mut self, change: Change) -> Result<(), Refusal> {
        let gone = |noun: &str| Refusal::new(format!("That {noun} has been deleted."));
        match change {
            Change::Add { group, item } => {
                let g = self.group_at(group)?;
                g.next_id = g.next_id.max(item.id());
                g.insert(item, usize::MAX);
            }
            Change::Set { item, field } => {
                let g = self.group_at(item.group)?;
                let mut whole = g.take(item).ok_or_else(|| gone(item.kind.noun()))?;
                let at = whole.0;
                let fits = field.write(&mut whole.1);
                g.insert(whole.1, at);
                if !fits {
                    return Err(Refusal::new("That field is not one of this item's."));
                }
            }
            Change::Delete { item } => {
                let g = self.group_at(item.group)?;
                g.take(item).ok_or_else(|| gone(item.kind.noun()))?;
                if item.kind == ItemKind::Barrier {
                    g.unlink_barrier(item.id);
                }
            }
            Change::Restore { group, item, at, linked } => {
                let g = self.group_at(group)?;
                let id = item.id();
                let kind = item.kind();
                let at = g.take(ItemRef { group, kind, id }).map_or(at, |(was, _)| was);
                g.next_id = g.next_id.max(id);
                g.insert(item, at);
                if kind == ItemKind::Barrier {
                    g.link_barrier(id, &linked);
                }
            }
            Change::Stance { group, option } => {
                let known = option.as_deref().is_none_or(|id| {
                    self.scenario.stance.as_ref().is_some_and(|s| s.options.iter().any(|o| o.id == id))
                });
                if !known {
                    return Err(Refusal::new("That is not one of the scenario's stances."));
                }
                self.group_at(group)?.stance = option;
            }
            Change::HoldRole { group, role, person } => self.group_at(group)?.hold_role(&role, &person),
            Change::AnswerInject { group, inject, note, actions } => {
                if inject >= self.injects.len() {
                    return Err(Refusal::new("That news has not been fired."));
                }
                self.group_at(group)?.answer_inject(inject, &note, actions);
            }
            Change::CloseAnswer { question, answer } => {
                let questions = self.scenario.closing_questions.clone();
                let asked =
                    questions.get(question).ok_or_else(|| Refusal::new("There is no such closing question."))?;
                self.closing_answers.retain(|a| &a.question != asked);
                if !answer.trim().is_empty() {
                    self.closing_answers.push(ClosingAnswer { question: asked.clone(), answer });
                }
                // In the scenario's order, whatever order they were written in.
                self.closing_answers
                    .sort_by_key(|a| questions.iter().position(|q| *q == a.question).unwrap_or(usize::MAX));
            }
            Change::PersonAnswer { group, person, question, answer } => {
                let asked = self.scenario.closing_questions.get(question).cloned();
                let asked = asked.ok_or_else(|| Refusal::new("There is no such closing question."))?;
                let questions = self.scenario.closing_questions.clone();
                let said = self.feedback_entry(group, person);
                said.answers.retain(|a| a.question != asked);
                if !answer.is_empty() {
                    said.answers.push(ClosingAnswer { question: asked, answer });
                }
                said.answers.sort_by_key(|a| questions.iter().position(|q| *q == a.question).unwrap_or(usize::MAX));
                self.drop_empty_feedback();
            }
            Change::Rate { group, person, rating, comment } => {
                let said = self.feedback_entry(group, person);
                said.rating = rating;
                said.comment = comment;
                self.drop_empty_feedback();
            }
            Change::HideVotes(hidden) => self.votes_hidden = hidden,
            Change::GiveDot(vote) => self.give_dot(vote)?,
            Change::TakeDot(vote) => {
                if !super::room::withdraw_vote(&mut self.votes, vote) {
                    let whose = if vote.person.is_some() { "your" } else { "this group's" };
                    return Err(Refusal::new(format!("There is no dot of {whose} on that action.")));
                }
            }
            Change::Dots { vote, count } => {
                let mut now = self.votes.iter().filter(|v| **v == vote).count();
                while now > count {
                    super::room::withdraw_vote(&mut self.votes, vote);
                    now -= 1;
                }
                while now < count {
                    self.give_dot(vote)?;
                    now += 1;
                }
            }
            Change::Voting(rules) => {
                self.voting = VotingRules { per_group: rules.per_group.clamp(1, 9), ..rules };
                super::room::take_back_excess(&mut self.votes, self.voting);
            }
            Change::VotingAndDots { rules, votes } => {
                self.voting = rules;
                self.votes = votes;
            }
            Change::Distinct { pair: [a, b], distinct } => {
                self.distinct_barriers.retain(|p| *p != [a, b] && *p != [b, a]);
                if distinct {
                    self.distinct_barriers.push([a, b]);
                }
            }
            Change::Stage(stage) => {
                if stage >= self.scenario.stages.len() {
                    return Err(Refusal::new("This is the last stage."));
                }
                self.stage = stage;
            }
            Change::Slide(slide) => self.slide = slide.min(self.scenario.slides.len().saturating_sub(1)),
            Change::Timer { stage, timer } => {
                *self.timers.get_mut(stage).ok_or_else(|| Refusal::new("There is no such stage."))? = timer;
            }
            Change::ResetTimer { stage, now } => {
                let minutes = self.scenario.stage(stage).map_or(1, |s| s.minutes);
                let timer = self.timers.get_mut(stage).ok_or_else(|| Refusal::new("There is no such stage."))?;
                if let Some(time) = self.stage_time.get_mut(stage) {
                    time.reset_secs = time.reset_secs.saturating_add(u64::from(timer.elapsed(now)));
                }
                timer.reset(minutes);
            }
            Change::RoomTime(time) => self.room_time = time,
            Change::TypeHere { group, here } => {
                if self.group_by_id(group).is_none() {
                    return Err(Refusal::new("There is no such group."));
                }
                self.typed_here.retain(|g| *g != group);
                if here {
                    self.typed_here.push(group);
                }
            }
            Change::FireInject(inject) => self.injects.push(inject),
            Change::Injects(injects) => self.injects = injects,
            Change::AddGroup { id, name } => {
                if self.group_by_id(id).is_some() {
                    return Err(Refusal::new("There is already a group with that id."));
                }
                self.groups.push(Group { id, name, ..Group::default() });
            }
            Change::RenameGroup { group, name } => {
                if self.groups.iter().any(|g| g.name == name && g.id != group) {
                    return Err(Refusal::new(format!("There is already a group called {name}.")));
                }
                self.group_at(group)?.name = name;
            }
            Change::RemoveGroup { group } => {
                let index = self.groups.iter().position(|g| g.id == group).ok_or_else(|| gone("group"))?;
                if self.remove_group(index).is_none() {
                    return Err(Refusal::new("A session needs at least one group."));
                }
            }
            Change::RestoreGroup { mut group, at, votes } => {
                super::sanitize::clean_group(&mut group);
                let id = group.id;
                self.groups.retain(|g| g.id != id);
                self.groups.insert(at.min(self.groups.len()), group);
                self.votes.retain(|v| v.from != id && v.group != id);
                self.votes.extend(votes);
            }
            Change::ChooseGroup(index) => self.current_group = index.min(self.groups.len().saturating_sub(1)),
            Change::Screens(screens) => self.connected = screens,
        }
        Ok(())
    }

    /// A person's feedback, made if they have said nothing yet.
    fn feedback_entry(&mut self, group: u32, person: u64) -> &mut Feedback {
        let at = self.feedback.iter().position(|f| f.person == person).unwrap_or_else(|| {
            self.feedback.push(Feedback { group, person, ..Feedback::default() });
            self.feedback.len() - 1
        });
        &mut self.feedback[at]
    }

    /// Forgets the feedback of anyone who has taken back all they said.
    fn drop_empty_feedback(&mut self) {
        self.feedback.retain(|f| !f.answers.is_empty() || f.rating.is_some() || !f.comment.is_empty());
    }

    fn give_dot(&mut self, vote: Vote) -> Result<(), Refusal> {
        let exists = self.group_by_id(vote.group).is_some_and(|g| g.actions.iter().any(|a| a.id == vote.action));
        if !exists || self.group_by_id(vote.from).is_none() {
            return Err(Refusal::new("That action is no longer in the session."));
        }
        cast_vote(&mut self.votes, self.voting, vote).map_err(|why| Refusal::new(why.to_string()))
    }
}

impl Group {
    fn highest_id(&self) -> u32 {
        let ids = self.barriers.iter().map(|b| b.id);
        ids.chain(self.solutions.iter().map(|s| s.id)).chain(self.actions.iter().map(|a| a.id)).max().unwrap_or(0)
    }

    /// Where an item is in its list.
    pub fn position(&self, item: ItemRef) -> Option<usize> {
        match item.kind {
            ItemKind::Barrier => self.barriers.iter().position(|b| b.id == item.id),
            ItemKind::Solution => self.solutions.iter().position(|s| s.id == item.id),
            ItemKind::Action => self.actions.iter().position(|a| a.id == item.id),
        }
    }

    /// The solutions and actions that name a barrier.
    fn links_to(&self, item: ItemRef) -> Vec<(ItemKind, u32)> {
        if item.kind != ItemKind::Barrier {
            return Vec::new();
        }
        let solutions =
            self.solutions.iter().filter(|s| s.barriers.contains(&item.id)).map(|s| (ItemKind::Solution, s.id));
        let actions = self.actions.iter().filter(|a| a.barriers.contains(&item.id)).map(|a| (ItemKind::Action, a.id));
        solutions.chain(actions).collect()
    }

    fn unlink_barrier(&mut self, id: u32) {
        self.solutions.iter_mut().for_each(|s| s.barriers.retain(|b| *b != id));
        self.actions.iter_mut().for_each(|a| a.barriers.retain(|b| *b != id));
    }

    fn link_barrier(&mut self, id: u32, linked: &[(ItemKind, u32)]) {
        for (kind, other) in linked {
            let list = match kind {
                ItemKind::Solution => self.solutions.iter_mut().find(|s| s.id == *other).map(|s| &mut s.barriers),
                ItemKind::Action => self.actions.iter_mut().find(|a| a.id == *other).map(|a| &mut a.barriers),
                ItemKind::Barrier => None,
            };
            if let Some(list) = list
                && !list.contains(&id)
            {
                list.push(id);
            }
        }
    }

    /// Takes an item out of its list, with where it was.
    fn take(&mut self, item: ItemRef) -> Option<(usize, Item)> {
        let at = self.position(item)?;
        Some(match item.kind {
            ItemKind::Barrier => (at, Item::Barrier(self.barriers.remove(at))),
            ItemKind::Solution => (at, Item::Solution(self.solutions.remove(at))),
            ItemKind::Action => (at, Item::Action(self.actions.remove(at))),
        })
    }

    /// Puts an item into its list at `at` (or last).
    fn insert(&mut self, item: Item, at: usize) {
        match item {
            Item::Barrier(b) => self.barriers.insert(at.min(self.barriers.len()), b),
            Item::Solution(s) => self.solutions.insert(at.min(self.solutions.len()), s),
            Item::Action(a) => self.actions.insert(at.min(self.actions.len()), a),
        }
    }
}

#[cfg(test)]
mod tests;
