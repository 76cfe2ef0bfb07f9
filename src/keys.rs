//! Which key does what, one table per screen.
//!
//! The help overlay and the key-hint bar are generated from these same
//! tables, so what they say can never disagree with what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::message::Message;

/// The screen or overlay that has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum Context {
    Home,
    Welcome,
    Briefing,
    Barriers,
    Solutions,
    Scenario,
    /// The scenario stage's roles page: who at the table holds each role.
    Roles,
    Actions,
    ReportBack,
    Close,
    /// The presenter console: it reads the session and only scrolls.
    Console,
    Help,
    Confirm,
    /// Writing the reports: where, and what they replace.
    ConfirmExport,
    /// Quitting while tables or phones are connected to the room.
    ConfirmQuit,
    /// The barrier deck, to pick a card from (or read, where the seat
    /// cannot pick).
    Deck,
    /// Choosing the group's stance among the scenario's options.
    Stance,
    /// Barriers of different groups that read alike.
    Similar,
    /// The scenario's idea cards, on the solutions and actions stages.
    Ideas,
    /// A card the group has taken before: take it again?
    PickAgain,
    Injects,
    Groups,
    FollowUp,
    /// Saving failed on the way out: save elsewhere, quit anyway, or stay.
    SaveFailed,
    /// The afternoon's plan and the table tracker.
    Afternoon,
    /// A form is open; what finishing it does depends on the form.
    Form(FormKind),
}

/// Which form is open. The keys that finish a form say what they do to
/// it: save a barrier, start a session, fire an inject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, strum::EnumIter)]
pub enum FormKind {
    #[default]
    NewSession,
    Barrier,
    Solution,
    Action,
    GroupName,
    RoleHolder,
    InjectResponse,
    ClosingAnswers,
    Inject,
    StatusNote,
    SaveAs,
}

/// Which screen a person has in front of them, and so what it may do. The
/// tables below are filtered by it, so the hint bar and the help never
/// offer a key that would then be refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Seat {
    /// A session in its own file: everything.
    #[default]
    Full,
    /// The facilitator's screen of a shared-folder room: runs the room (the
    /// timers, injects, groups and votes); each group writes its own work on
    /// its own laptop.
    FolderRoom,
    /// One group's laptop in a shared-folder room: its own work only; the
    /// room's timers, injects, votes and reports are the facilitator's.
    GroupLaptop,
    /// A table served over SSH: its own group's work only, like a group's
    /// laptop, on the room's one session.
    Table,
    /// Looking at a session that another Roundtable has open.
    ReadOnly,
    /// One person practising alone: everything but what needs other groups
    /// (switching and managing groups, changing group, giving dots).
    Solo,
}

impl Seat {
    /// Why a key this screen does not offer does nothing here.
    pub fn refusal(self) -> &'static str {
        match self {
            Seat::Full => "",
            Seat::FolderRoom => {
                "In a shared-folder room each group writes on its own laptop; this screen shows their work."
            }
            Seat::GroupLaptop => {
                "The facilitator runs the room's timers, injects, votes and reports; this laptop works on its group's plan."
            }
            Seat::Table => {
                "The facilitator runs the room's timers, injects, votes and reports; this screen works on its group's plan."
            }
            Seat::ReadOnly => "Read-only: this session is open in another Roundtable, so nothing here can change.",
            Seat::Solo => "Practising alone there are no other groups: that key is for a room.",
        }
    }

    /// Whether this screen can do what `action` asks in `context`.
    pub fn allows(self, context: Context, action: Message) -> bool {
        // Reading the cards is offered where picking one is not.
        if action == Message::BrowseCards {
            return !self.allows(context, Message::PickCard);
        }
        let runs_the_room = match context {
            // Adding, renaming and removing groups is the room's business.
            Context::Groups | Context::Injects | Context::Afternoon => true,
            _ => matches!(
                action,
                Message::TimerToggle
                    | Message::TimerPlus
                    | Message::TimerMinus
                    | Message::TimerReset
                    | Message::FireInject
                    | Message::WriteAnswers
                    | Message::SimilarBarriers
                    | Message::ManageGroups
                    | Message::ToggleBreak
                    | Message::ShowPlan
                    | Message::ShowTables
                    | Message::TakeOver
                    | Message::Vote
                    | Message::Unvote
                    | Message::MoreDots
                    | Message::ToggleOwnVotes
                    | Message::RevealVotes
                    | Message::TogglePhones
            ),
        };
        // Taking a card makes a barrier, a solution or an action.
        let picks = matches!(context, Context::Deck | Context::Ideas | Context::PickAgain)
            && matches!(action, Message::Select | Message::ConfirmYes);
        let edits_group_work = !runs_the_room && (action.edits_an_item() || picks || action == Message::FollowUp);
        let runs_the_room = runs_the_room && !matches!(action, Message::Up | Message::Down | Message::Back);
        let changes = matches!(action, Message::Undo | Message::Redo);
        let needs_groups = matches!(
            action,
            Message::NextGroup
                | Message::ManageGroups
                | Message::Vote
                | Message::Unvote
                | Message::MoreDots
                | Message::ToggleOwnVotes
                | Message::RevealVotes
        ) || (context == Context::ReportBack && matches!(action, Message::Left | Message::Right));
        match self {
            // Only a table looks at a stage other than the room's.
            _ if action == Message::FollowRoom => self == Seat::Table,
            Seat::Full => true,
            Seat::Solo => !needs_groups,
            // A group's name is written in its own file by its own laptop.
            Seat::FolderRoom => {
                let renames_a_group = context == Context::Groups && action == Message::Rename;
                !edits_group_work && !renames_a_group
            }
            // Speaker notes are the facilitator's (and a learner's, alone).
            Seat::GroupLaptop => {
                !runs_the_room
                    && !matches!(
                        action,
                        Message::Export | Message::NextGroup | Message::FollowRoom | Message::ToggleNotes
                    )
            }
            // The bell, the projector and the follow-up review are the
            // facilitator's; the review would reach other groups' actions.
            // So are the speaker notes; and the room's stage is moved on by
            // the facilitator alone (a table looks back with the previous
            // stage's key and returns with FollowRoom).
            Seat::Table => {
                !runs_the_room
                    && !matches!(
                        action,
                        Message::Export
                            | Message::NextGroup
                            | Message::ToggleProjector
                            | Message::ToggleBell
                            | Message::FollowUp
                            | Message::ToggleNotes
                            | Message::NextStage
                    )
            }
            Seat::ReadOnly => !edits_group_work && !runs_the_room && !changes,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    pub action: Message,
    /// What the key does, in a few words. Bindings that share a label are
    /// shown together ("↑/k").
    pub label: &'static str,
    /// Shown in the bottom hint bar as well as in the help.
    pub hint: bool,
}

impl Binding {
    fn is_ctrl_c_quit(&self) -> bool {
        self.action == Message::Quit && self.code == KeyCode::Char('c') && self.modifiers == KeyModifiers::CONTROL
    }
}

const fn key(code: KeyCode, action: Message, label: &'static str, hint: bool) -> Binding {
    Binding { code, modifiers: KeyModifiers::NONE, action, label, hint }
}

const fn ch(c: char, action: Message, label: &'static str, hint: bool) -> Binding {
    key(KeyCode::Char(c), action, label, hint)
}

const fn shift(code: KeyCode, action: Message, label: &'static str, hint: bool) -> Binding {
    Binding { code, modifiers: KeyModifiers::SHIFT, action, label, hint }
}

const fn ctrl(c: char, action: Message, label: &'static str) -> Binding {
    Binding { code: KeyCode::Char(c), modifiers: KeyModifiers::CONTROL, action, label, hint: false }
}

/// Keys that work on every stage of a session.
const STAGE_COMMON: &[Binding] = &[
    ch(']', Message::NextStage, "next stage", true),
    key(KeyCode::PageDown, Message::NextStage, "next stage", false),
    ch('[', Message::PreviousStage, "previous stage", true),
    ch('.', Message::FollowRoom, "back to the room's stage", true),
    key(KeyCode::PageUp, Message::PreviousStage, "previous stage", false),
    ch('g', Message::NextGroup, "next group", false),
    ch('G', Message::ManageGroups, "groups: add, rename, remove", false),
    ch('s', Message::TimerToggle, "start/pause timer", true),
    ch('+', Message::TimerPlus, "add a minute", false),
    ch('=', Message::TimerPlus, "add a minute", false),
    ch('-', Message::TimerMinus, "take a minute", false),
    ch('R', Message::TimerReset, "reset timer", false),
    ch('b', Message::ToggleBell, "bell at time up on/off", false),
    ch('B', Message::ToggleBreak, "start/end the break", false),
    ch('P', Message::ShowPlan, "the afternoon's plan: ahead or behind", false),
    ch('W', Message::ShowTables, "the tables: who is where, how far", false),
    ch('p', Message::ToggleProjector, "projector view", true),
    ch('i', Message::FireInject, "fire an inject", false),
    ch('E', Message::Export, "export reports (Markdown, HTML, CSV)", false),
    ch('z', Message::Undo, "undo", false),
    ctrl('z', Message::Undo, "undo"),
    ch('Z', Message::Redo, "redo", false),
    ctrl('y', Message::Redo, "redo"),
    ch('?', Message::ToggleHelp, "help", true),
    ch('q', Message::Quit, "save and quit", true),
    ctrl('c', Message::Quit, "save and quit"),
];

const LIST_MOVES: &[Binding] = &[
    // The selected item's detail, when it is longer than its pane.
    shift(KeyCode::Up, Message::DetailUp, "scroll detail", false),
    ch('K', Message::DetailUp, "scroll detail", false),
    shift(KeyCode::Down, Message::DetailDown, "scroll detail", true),
    ch('J', Message::DetailDown, "scroll detail", false),
    key(KeyCode::Up, Message::Up, "move", false),
    ch('k', Message::Up, "move", false),
    key(KeyCode::Down, Message::Down, "move", false),
    ch('j', Message::Down, "move", false),
    key(KeyCode::Home, Message::First, "first/last", false),
    key(KeyCode::End, Message::Last, "first/last", false),
];

/// Scrolling a stage's text (PgUp/PgDn are the stage keys).
const SCROLL: &[Binding] = &[
    key(KeyCode::Up, Message::Up, "scroll", true),
    ch('k', Message::Up, "scroll", false),
    key(KeyCode::Down, Message::Down, "scroll", true),
    ch('j', Message::Down, "scroll", false),
    key(KeyCode::Home, Message::First, "top/end", false),
    key(KeyCode::End, Message::Last, "top/end", false),
];

const HOME: &[Binding] = &[
    key(KeyCode::Up, Message::Up, "move", false),
    ch('k', Message::Up, "move", false),
    key(KeyCode::Down, Message::Down, "move", false),
    ch('j', Message::Down, "move", false),
    key(KeyCode::Enter, Message::Select, "open", true),
    ch('n', Message::NewSession, "new session", true),
    ch('?', Message::ToggleHelp, "help", true),
    ch('q', Message::Quit, "quit", true),
    key(KeyCode::Esc, Message::Quit, "quit", false),
    ctrl('c', Message::Quit, "quit"),
];

const BRIEFING: &[Binding] = &[
    key(KeyCode::Right, Message::NextSlide, "next slide", true),
    ch('l', Message::NextSlide, "next slide", false),
    key(KeyCode::Left, Message::PreviousSlide, "previous slide", true),
    ch('h', Message::PreviousSlide, "previous slide", false),
    ch('n', Message::ToggleNotes, "speaker notes", true),
];

const BARRIERS: &[Binding] = &[
    ch('a', Message::Add, "add barrier", true),
    ch('d', Message::PickCard, "pick from the deck", true),
    ch('d', Message::BrowseCards, "read the deck", true),
    key(KeyCode::Enter, Message::Edit, "edit", true),
    ch('e', Message::Edit, "edit", false),
    ch('t', Message::ToggleKind, "environmental/organisational", false),
    ch('1', Message::Severity(1), "severity", false),
    ch('2', Message::Severity(2), "severity", false),
    ch('3', Message::Severity(3), "severity", false),
    ch('4', Message::Severity(4), "severity", false),
    ch('5', Message::Severity(5), "severity", false),
    ch('x', Message::Delete, "delete", true),
    key(KeyCode::Delete, Message::Delete, "delete", false),
];

const SOLUTIONS: &[Binding] = &[
    ch('a', Message::Add, "add solution", true),
    ch('d', Message::PickCard, "pick an idea card", true),
    ch('d', Message::BrowseCards, "read the idea cards", true),
    key(KeyCode::Enter, Message::Edit, "edit", true),
    ch('e', Message::Edit, "edit", false),
    ch('x', Message::Delete, "delete", true),
    key(KeyCode::Delete, Message::Delete, "delete", false),
];

// The timeline's key is on the stage itself, so on a narrow hint bar it
// gives way to editing and deleting.
const ACTIONS: &[Binding] = &[
    // Offered only while the news on show is longer than its banner.
    ch('m', Message::ReadNews, "read on in the news", true),
    ch('a', Message::Add, "add action", true),
    ch('d', Message::PickCard, "pick an idea card", true),
    ch('d', Message::BrowseCards, "read the idea cards", true),
    key(KeyCode::Enter, Message::Edit, "edit", true),
    ch('e', Message::Edit, "edit", false),
    ch('x', Message::Delete, "delete", true),
    key(KeyCode::Delete, Message::Delete, "delete", false),
    ch('T', Message::ToggleTimeline, "timeline and plan checks", true),
    ch('n', Message::StepInject, "news: the inject before (then the latest)", false),
    ch('h', Message::ToggleInject, "news: hide/show", false),
    ch('r', Message::AnswerInject, "news: answer it (how it changes your plan)", false),
    ch('c', Message::ChooseStance, "choose your group's stance (where the scenario asks one)", false),
];

const SCENARIO: &[Binding] = &[
    key(KeyCode::Tab, Message::NextPage, "next page", true),
    ch('c', Message::ChooseStance, "choose your group's stance (where the scenario asks one)", false),
];

const ROLES: &[Binding] = &[
    key(KeyCode::Tab, Message::NextPage, "next page", true),
    key(KeyCode::Enter, Message::Edit, "record who holds it", true),
    ch('e', Message::Edit, "record who holds it", false),
    ch('c', Message::ChooseStance, "choose your group's stance (where the scenario asks one)", false),
];

const CLOSE: &[Binding] = &[
    ch('e', Message::Export, "export reports", true),
    ch('w', Message::WriteAnswers, "answer the closing questions", true),
    ch('m', Message::SimilarBarriers, "barriers that read alike: the same or not", false),
    ch('f', Message::FollowUp, "follow-up review of the actions", true),
];

const FOLLOW_UP: &[Binding] = &[
    key(KeyCode::Up, Message::Up, "move", false),
    key(KeyCode::Down, Message::Down, "move", false),
    key(KeyCode::Left, Message::Left, "change status", true),
    key(KeyCode::Right, Message::Right, "change status", true),
    key(KeyCode::Enter, Message::Select, "write a note", true),
    key(KeyCode::Esc, Message::Back, "close", true),
];

const REPORT_BACK: &[Binding] = &[
    ch('v', Message::NextPage, "change view (the tabs above)", true),
    key(KeyCode::Left, Message::Left, "change group", true),
    key(KeyCode::Right, Message::Right, "change group", true),
    key(KeyCode::Up, Message::Up, "move between actions, scroll", true),
    key(KeyCode::Down, Message::Down, "move between actions, scroll", true),
    key(KeyCode::Home, Message::First, "top/end", false),
    key(KeyCode::End, Message::Last, "top/end", false),
    ch(' ', Message::Vote, "give a dot (side by side)", true),
    ch('u', Message::Unvote, "take a dot back", false),
    ch('D', Message::MoreDots, "dots per group (1 to 9)", false),
    ch('O', Message::ToggleOwnVotes, "allow votes for a group's own actions", false),
    ch('r', Message::RevealVotes, "reveal the dots / hide them while the room votes", true),
];

const STANCE: &[Binding] = &[
    key(KeyCode::Up, Message::Up, "move", false),
    key(KeyCode::Down, Message::Down, "move", false),
    key(KeyCode::Enter, Message::Select, "choose this stance", true),
    key(KeyCode::Esc, Message::Back, "close", true),
];

const SIMILAR: &[Binding] = &[
    key(KeyCode::Up, Message::Up, "move", false),
    key(KeyCode::Down, Message::Down, "move", false),
    key(KeyCode::Enter, Message::Select, "the same barrier / different barriers", true),
    key(KeyCode::Esc, Message::Back, "close", true),
];

const INJECTS: &[Binding] = &[
    key(KeyCode::Up, Message::Up, "move", false),
    key(KeyCode::Down, Message::Down, "move", false),
    key(KeyCode::Enter, Message::Select, "fire this inject", true),
    ch('w', Message::Add, "write your own", true),
    key(KeyCode::Esc, Message::Back, "close", true),
];

const GROUPS: &[Binding] = &[
    key(KeyCode::Up, Message::Up, "move", false),
    key(KeyCode::Down, Message::Down, "move", false),
    key(KeyCode::Enter, Message::Select, "work on this group", true),
    ch('a', Message::Add, "add a group", true),
    ch('r', Message::Rename, "rename", true),
    ch('x', Message::Delete, "remove", true),
    ch('o', Message::ToggleOpenGroups, "served room: let new tables start groups", false),
    ch('c', Message::NewRoomCode, "served room: a new room code", false),
    ch('p', Message::TogglePhones, "phones' page: close it / open it again", false),
    key(KeyCode::Esc, Message::Back, "close", true),
];

const AFTERNOON: &[Binding] = &[
    key(KeyCode::Tab, Message::NextPage, "plan/tables", true),
    key(KeyCode::Up, Message::Up, "move", false),
    key(KeyCode::Down, Message::Down, "move", false),
    ch('B', Message::ToggleBreak, "start/end the break", true),
    ch('t', Message::TakeOver, "folder room: type for this group / hand it back", true),
    key(KeyCode::Esc, Message::Back, "close", true),
];

/// The presenter console only scrolls: it never changes the session.
const CONSOLE: &[Binding] = &[
    key(KeyCode::Up, Message::Up, "scroll", true),
    key(KeyCode::Down, Message::Down, "scroll", true),
    ch('k', Message::Up, "scroll", false),
    ch('j', Message::Down, "scroll", false),
    key(KeyCode::PageUp, Message::PageUp, "page up/down", true),
    key(KeyCode::PageDown, Message::PageDown, "page up/down", true),
    ch(' ', Message::PageDown, "page down", false),
    // Before Home/End, so that a narrow hint bar keeps it.
    ch('q', Message::Quit, "quit", true),
    key(KeyCode::Esc, Message::Quit, "quit", false),
    ctrl('c', Message::Quit, "quit"),
    key(KeyCode::Home, Message::First, "top/end", true),
    key(KeyCode::End, Message::Last, "top/end", true),
    ch('?', Message::ToggleHelp, "help", true),
];

const HELP: &[Binding] = &[
    key(KeyCode::Up, Message::Up, "scroll", true),
    key(KeyCode::Down, Message::Down, "scroll", true),
    key(KeyCode::PageUp, Message::PageUp, "scroll", false),
    key(KeyCode::PageDown, Message::PageDown, "scroll", false),
    ch(' ', Message::PageDown, "scroll", false),
    key(KeyCode::Home, Message::First, "top/end", false),
    key(KeyCode::End, Message::Last, "top/end", false),
    key(KeyCode::Esc, Message::Back, "close help", true),
    ch('?', Message::Back, "close help", false),
    ch('q', Message::Back, "close help", false),
];

const CONFIRM: &[Binding] = &[
    ch('y', Message::ConfirmYes, "yes, delete", true),
    ch('n', Message::ConfirmNo, "no, keep it", true),
    key(KeyCode::Esc, Message::ConfirmNo, "no, keep it", false),
];

const CONFIRM_EXPORT: &[Binding] = &[
    key(KeyCode::Enter, Message::ConfirmYes, "write the reports", true),
    ch('y', Message::ConfirmYes, "write the reports", false),
    key(KeyCode::Esc, Message::ConfirmNo, "cancel (nothing is written)", true),
    ch('n', Message::ConfirmNo, "cancel (nothing is written)", false),
];

/// `q` again quits, so a facilitator who means it presses the key twice.
const CONFIRM_QUIT: &[Binding] = &[
    ch('y', Message::ConfirmYes, "save and quit", true),
    ch('q', Message::ConfirmYes, "save and quit", false),
    ctrl('c', Message::ConfirmYes, "save and quit"),
    ch('n', Message::ConfirmNo, "stay", true),
    key(KeyCode::Esc, Message::ConfirmNo, "stay", false),
];

const DECK: &[Binding] = &[
    key(KeyCode::Up, Message::Up, "move", false),
    key(KeyCode::Down, Message::Down, "move", false),
    key(KeyCode::Enter, Message::Select, "pick this card", true),
    key(KeyCode::Esc, Message::Back, "close", true),
];

const IDEAS: &[Binding] = &[
    key(KeyCode::Enter, Message::Select, "pick this card", true),
    key(KeyCode::Esc, Message::Back, "close", true),
    key(KeyCode::Up, Message::Up, "move", false),
    ch('k', Message::Up, "move", false),
    key(KeyCode::Down, Message::Down, "move", false),
    ch('j', Message::Down, "move", false),
    key(KeyCode::Home, Message::First, "first/last", false),
    key(KeyCode::End, Message::Last, "first/last", false),
    // The card's text, when it is longer than its pane.
    shift(KeyCode::Up, Message::DetailUp, "scroll the card", false),
    ch('K', Message::DetailUp, "scroll the card", false),
    shift(KeyCode::Down, Message::DetailDown, "scroll the card", true),
    ch('J', Message::DetailDown, "scroll the card", false),
];

const PICK_AGAIN: &[Binding] = &[
    ch('y', Message::ConfirmYes, "yes, take it again", true),
    ch('n', Message::ConfirmNo, "no, back to the cards", true),
    key(KeyCode::Esc, Message::ConfirmNo, "no, back to the cards", false),
];

const SAVE_FAILED: &[Binding] = &[
    ch('s', Message::SaveElsewhere, "save a copy elsewhere", true),
    ch('q', Message::Quit, "quit anyway (an emergency copy is written first)", true),
    key(KeyCode::Esc, Message::Back, "keep working", true),
];

/// Form keys. Anything not listed here is typed into the focused field.
const FORM: &[Binding] = &[
    key(KeyCode::Tab, Message::NextField, "next field", true),
    key(KeyCode::Down, Message::NextField, "next field", false),
    key(KeyCode::Enter, Message::NextField, "next field", false),
    key(KeyCode::BackTab, Message::PreviousField, "previous field", true),
    key(KeyCode::Up, Message::PreviousField, "previous field", false),
    key(KeyCode::Left, Message::FieldLeft, "change choice", false),
    key(KeyCode::Right, Message::FieldRight, "change choice", false),
    ch(' ', Message::FieldToggle, "tick/untick", false),
    // The text under the fields: help, and the detail of an area of change.
    shift(KeyCode::Up, Message::DetailUp, "scroll the text under the fields", false),
    shift(KeyCode::Down, Message::DetailDown, "scroll the text under the fields", false),
    key(KeyCode::F(1), Message::ToggleHelp, "help", true),
];

/// Ctrl-s and Esc on a form, each saying what it does there. Where both
/// keep what was written (the form writes as it goes), they share a label
/// and are shown together.
const fn form_ends(done: &'static str, esc: &'static str) -> [Binding; 2] {
    [
        Binding {
            code: KeyCode::Char('s'),
            modifiers: KeyModifiers::CONTROL,
            action: Message::Submit,
            label: done,
            hint: true,
        },
        key(KeyCode::Esc, Message::Back, esc, true),
    ]
}

const NEW_SESSION_ENDS: [Binding; 2] = form_ends("start the session", "cancel (no session is started)");
const BARRIER_ENDS: [Binding; 2] = form_ends("save the barrier and close", "save the barrier and close");
const SOLUTION_ENDS: [Binding; 2] = form_ends("save the solution and close", "save the solution and close");
const ACTION_ENDS: [Binding; 2] = form_ends("save the action and close", "save the action and close");
const GROUP_NAME_ENDS: [Binding; 2] = form_ends("save the name and close", "save the name and close");
const ROLE_HOLDER_ENDS: [Binding; 2] = form_ends("save who holds it and close", "save who holds it and close");
const INJECT_RESPONSE_ENDS: [Binding; 2] = form_ends("save your answer and close", "save your answer and close");
const CLOSING_ANSWERS_ENDS: [Binding; 2] = form_ends("save the answers and close", "save the answers and close");
const INJECT_ENDS: [Binding; 2] = form_ends("fire the inject", "cancel (nothing is fired)");
const STATUS_NOTE_ENDS: [Binding; 2] = form_ends("save the note and close", "save the note and close");
const SAVE_AS_ENDS: [Binding; 2] = form_ends("save the copy and quit", "back (nothing is saved)");

/// The finishing keys of one kind of form.
fn form_end_table(kind: FormKind) -> &'static [Binding] {
    match kind {
        FormKind::NewSession => &NEW_SESSION_ENDS,
        FormKind::Barrier => &BARRIER_ENDS,
        FormKind::Solution => &SOLUTION_ENDS,
        FormKind::Action => &ACTION_ENDS,
        FormKind::GroupName => &GROUP_NAME_ENDS,
        FormKind::RoleHolder => &ROLE_HOLDER_ENDS,
        FormKind::InjectResponse => &INJECT_RESPONSE_ENDS,
        FormKind::ClosingAnswers => &CLOSING_ANSWERS_ENDS,
        FormKind::Inject => &INJECT_ENDS,
        FormKind::StatusNote => &STATUS_NOTE_ENDS,
        FormKind::SaveAs => &SAVE_AS_ENDS,
    }
}

/// The tables that apply in a context, most specific first.
pub fn tables(context: Context) -> Vec<&'static [Binding]> {
    match context {
        Context::Home => vec![HOME],
        Context::Welcome => vec![STAGE_COMMON, SCROLL],
        Context::ReportBack => vec![REPORT_BACK, STAGE_COMMON],
        Context::Briefing => vec![BRIEFING, STAGE_COMMON, SCROLL],
        Context::Barriers => vec![BARRIERS, LIST_MOVES, STAGE_COMMON],
        Context::Solutions => vec![SOLUTIONS, LIST_MOVES, STAGE_COMMON],
        Context::Scenario => vec![SCENARIO, STAGE_COMMON, SCROLL],
        Context::Roles => vec![ROLES, LIST_MOVES, STAGE_COMMON],
        Context::Actions => vec![ACTIONS, LIST_MOVES, STAGE_COMMON],
        Context::Close => vec![CLOSE, STAGE_COMMON, SCROLL],
        Context::Console => vec![CONSOLE],
        Context::Help => vec![HELP],
        Context::Confirm => vec![CONFIRM],
        Context::ConfirmExport => vec![CONFIRM_EXPORT],
        Context::ConfirmQuit => vec![CONFIRM_QUIT],
        Context::Deck => vec![DECK],
        Context::Stance => vec![STANCE],
        Context::Similar => vec![SIMILAR],
        Context::Ideas => vec![IDEAS],
        Context::PickAgain => vec![PICK_AGAIN],
        Context::Injects => vec![INJECTS],
        Context::Groups => vec![GROUPS],
        Context::FollowUp => vec![FOLLOW_UP],
        Context::SaveFailed => vec![SAVE_FAILED],
        Context::Afternoon => vec![AFTERNOON],
        Context::Form(kind) => vec![form_end_table(kind), FORM],
    }
}

fn matches(binding: &Binding, event: &KeyEvent) -> bool {
    // Shift is part of the character for printable keys ('?' is shift-/),
    // so only Control and Alt must match exactly.
    let significant = match binding.code {
        KeyCode::Char(_) | KeyCode::BackTab => KeyModifiers::CONTROL | KeyModifiers::ALT,
        // Shift-↓ is not ↓.
        _ => KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT,
    };
    binding.code == event.code && (event.modifiers & significant) == (binding.modifiers & significant)
}

/// One key with its modifiers, as a user writes it in the settings file
/// (`"n"`, `"Ctrl-s"`, `"Shift-Up"`, `"PgDn"`) and as the help shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPress {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeyPress {
    /// Reads a key's name; says what is not understood.
    pub fn parse(text: &str) -> Result<KeyPress, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        // "Ctrl--" is Control and minus: a modifier is taken only while a
        // key name follows it.
        loop {
            let lower = rest.to_ascii_lowercase();
            let (found, len) =
                [("ctrl-", KeyModifiers::CONTROL), ("alt-", KeyModifiers::ALT), ("shift-", KeyModifiers::SHIFT)]
                    .into_iter()
                    .find(|(prefix, _)| lower.starts_with(prefix) && rest.len() > prefix.len())
                    .map_or((KeyModifiers::NONE, 0), |(prefix, m)| (m, prefix.len()));
            if len == 0 {
                break;
            }
            modifiers |= found;
            rest = &rest[len..];
        }
        let named = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => Some(KeyCode::Enter),
            "esc" | "escape" => Some(KeyCode::Esc),
            "tab" => Some(KeyCode::Tab),
            "backtab" => Some(KeyCode::BackTab),
            "space" => Some(KeyCode::Char(' ')),
            "up" | "↑" => Some(KeyCode::Up),
            "down" | "↓" => Some(KeyCode::Down),
            "left" | "←" => Some(KeyCode::Left),
            "right" | "→" => Some(KeyCode::Right),
            "pgup" | "pageup" => Some(KeyCode::PageUp),
            "pgdn" | "pagedown" => Some(KeyCode::PageDown),
            "del" | "delete" => Some(KeyCode::Delete),
            "backspace" => Some(KeyCode::Backspace),
            "insert" | "ins" => Some(KeyCode::Insert),
            "home" => Some(KeyCode::Home),
            "end" => Some(KeyCode::End),
            f if f.len() > 1 && f.starts_with('f') => {
                f[1..].parse::<u8>().ok().filter(|n| (1..=12).contains(n)).map(KeyCode::F)
            }
            _ => None,
        };
        let code = if let Some(code) = named {
            code
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() && !c.is_whitespace() => KeyCode::Char(c),
                _ => {
                    return Err(format!(
                        "\"{text}\" is not a key: write one character (\"n\", \"N\", \"?\") or a key's name \
                         (Enter, Esc, Tab, Space, Up, Down, Left, Right, PgUp, PgDn, Home, End, Del, F1 to F12), \
                         with Ctrl-, Alt- or Shift- before it if needed"
                    ));
                }
            }
        };
        // Shift with a character is part of the character (Shift-n is N);
        // Shift-Tab is a key of its own.
        let (code, modifiers) = match code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::SHIFT) => {
                (KeyCode::Char(c.to_uppercase().next().unwrap_or(c)), modifiers - KeyModifiers::SHIFT)
            }
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => {
                (KeyCode::BackTab, modifiers - KeyModifiers::SHIFT)
            }
            code => (code, modifiers),
        };
        Ok(KeyPress { code, modifiers })
    }

    fn binding(self, action: Message, label: &'static str, hint: bool) -> Binding {
        Binding { code: self.code, modifiers: self.modifiers, action, label, hint }
    }
}

/// Every message a key can ask for, by the name the settings file uses:
/// each message's own name (`Message`'s strum names), and a severity by its
/// number. The mouse's messages have none.
pub fn action_names() -> Vec<(&'static str, Message)> {
    use strum::IntoEnumIterator;
    const SEVERITIES: [(&str, Message); 5] = [
        ("severity_1", Message::Severity(1)),
        ("severity_2", Message::Severity(2)),
        ("severity_3", Message::Severity(3)),
        ("severity_4", Message::Severity(4)),
        ("severity_5", Message::Severity(5)),
    ];
    Message::iter().map(|m| (m.into(), m)).chain(SEVERITIES).collect()
}

/// The settings file's name for a message.
pub fn action_name(action: Message) -> Option<&'static str> {
    action_names().into_iter().find(|(_, m)| *m == action).map(|(name, _)| name)
}

/// Every context, for checking a keymap as a whole: each stage, overlay
/// and screen, and each kind of form (both lists derived, so a new one
/// cannot be left out).
pub fn all_contexts() -> Vec<Context> {
    use strum::IntoEnumIterator;
    let forms = FormKind::iter().map(Context::Form);
    Context::iter().filter(|c| !matches!(c, Context::Form(_))).chain(forms).collect()
}

impl Context {
    /// Where the context is, as people read it (in a clash's message).
    pub fn describe(self) -> String {
        let form = |name: &str| format!("the {name} form");
        match self {
            Context::Home => "the home screen".into(),
            Context::Welcome => "the welcome stage".into(),
            Context::Briefing => "the briefing stage".into(),
            Context::Barriers => "the barriers stage".into(),
            Context::Solutions => "the solutions stage".into(),
            Context::Scenario => "the scenario stage".into(),
            Context::Roles => "the scenario's roles page".into(),
            Context::Actions => "the actions stage".into(),
            Context::ReportBack => "the report-back stage".into(),
            Context::Close => "the close stage".into(),
            Context::Console => "the presenter console".into(),
            Context::Help => "the help".into(),
            Context::Confirm => "the question before deleting".into(),
            Context::ConfirmExport => "the question before exporting".into(),
            Context::ConfirmQuit => "the question before quitting a connected room".into(),
            Context::Deck => "the barrier deck".into(),
            Context::Stance => "the stance chooser".into(),
            Context::Similar => "the list of barriers alike".into(),
            Context::Ideas => "the idea cards".into(),
            Context::PickAgain => "the question before taking a card again".into(),
            Context::Injects => "the list of injects".into(),
            Context::Groups => "the groups list".into(),
            Context::FollowUp => "the follow-up review".into(),
            Context::SaveFailed => "the box shown when saving fails".into(),
            Context::Afternoon => "the plan and the tables".into(),
            Context::Form(kind) => match kind {
                FormKind::NewSession => form("new session"),
                FormKind::Barrier => form("barrier"),
                FormKind::Solution => form("solution"),
                FormKind::Action => form("action"),
                FormKind::GroupName => form("group name"),
                FormKind::RoleHolder => form("role holder"),
                FormKind::InjectResponse => form("answer to the news"),
                FormKind::ClosingAnswers => form("closing answers"),
                FormKind::Inject => form("inject"),
                FormKind::StatusNote => form("status note"),
                FormKind::SaveAs => form("save-as"),
            },
        }
    }
}

/// The keys in use: the built-in tables, with the keys a user's settings
/// give some actions in place of theirs.
///
/// An action given keys in the settings has those keys, and only those,
/// wherever the tables give it a key; the help and the hint bar show them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    overrides: Vec<(Message, Vec<KeyPress>)>,
}

impl Keymap {
    /// A keymap with these actions' keys replaced. Refused, with every
    /// reason, where a key would then mean two things on one screen, or an
    /// action would have no key left.
    pub fn with_overrides(overrides: Vec<(Message, Vec<KeyPress>)>) -> Result<Keymap, Vec<String>> {
        let mut problems = Vec::new();
        for (action, keys) in &overrides {
            if keys.is_empty() {
                let name = action_name(*action).unwrap_or("?");
                problems.push(format!("\"{name}\" has no key: give it at least one, or leave it out"));
            }
        }
        let map = Keymap { overrides };
        for context in all_contexts() {
            let bindings = map.bindings(context, Seat::Full);
            for (i, a) in bindings.iter().enumerate() {
                for b in &bindings[i + 1..] {
                    let same_key = a.code == b.code && a.modifiers == b.modifiers;
                    // Picking and reading the cards are never both offered.
                    let exclusive = matches!(
                        (a.action, b.action),
                        (Message::PickCard, Message::BrowseCards) | (Message::BrowseCards, Message::PickCard)
                    );
                    if !same_key || a.action == b.action || exclusive {
                        continue;
                    }
                    if !(map.overridden(a.action) || map.overridden(b.action)) {
                        continue;
                    }
                    let problem = format!(
                        "{} would mean both \"{}\" and \"{}\" on {}",
                        key_name(a),
                        a.label,
                        b.label,
                        context.describe()
                    );
                    if !problems.contains(&problem) {
                        problems.push(problem);
                    }
                }
            }
        }
        if problems.is_empty() { Ok(map) } else { Err(problems) }
    }

    fn overridden(&self, action: Message) -> bool {
        self.overrides.iter().any(|(a, _)| *a == action)
    }

    /// The bindings a seat can use in a context, most specific first.
    fn bindings(&self, context: Context, seat: Seat) -> Vec<Binding> {
        let mut out = Vec::new();
        for table in tables(context) {
            let mut replaced: Vec<Message> = Vec::new();
            for b in table.iter().filter(|b| seat.allows(context, b.action)) {
                match self.overrides.iter().find(|(a, _)| *a == b.action) {
                    None => out.push(*b),
                    // Ctrl-c saves and quits whatever the settings say, so
                    // nobody is ever stuck in front of a room.
                    Some(_) if b.is_ctrl_c_quit() => out.push(*b),
                    // The user's keys take the place of the table's, with
                    // the first one's label and hint.
                    Some((action, keys)) if !replaced.contains(action) => {
                        replaced.push(*action);
                        out.extend(keys.iter().map(|k| k.binding(b.action, b.label, b.hint)));
                    }
                    Some(_) => {}
                }
            }
        }
        out
    }

    /// Whether a key has a meaning in this context that `seat` cannot use.
    pub fn refused(&self, context: Context, seat: Seat, event: &KeyEvent) -> bool {
        self.bindings(context, Seat::Full).iter().any(|b| matches(b, event) && !seat.allows(context, b.action))
            && self.action_for(context, seat, event).is_none()
    }

    /// The action a key asks for in a context, if any.
    pub fn action_for(&self, context: Context, seat: Seat, event: &KeyEvent) -> Option<Message> {
        self.bindings(context, seat).into_iter().find(|b| matches(b, event)).map(|b| b.action)
    }

    /// The name of the first key that asks for `action` in a context, for
    /// text that tells people which key to press; `None` where the seat has
    /// no such key.
    pub fn key_for(&self, context: Context, seat: Seat, action: Message) -> Option<String> {
        self.bindings(context, seat).iter().find(|b| b.action == action).map(key_name)
    }

    /// One line per distinct label: ("↑/k", "move"). Used by the help overlay.
    pub fn help_rows(&self, context: Context, seat: Seat) -> Vec<(String, &'static str)> {
        grouped(self.bindings(context, seat).iter())
    }

    /// The short hint bar: only bindings marked as hints.
    pub fn hint_rows(&self, context: Context, seat: Seat) -> Vec<(String, &'static str)> {
        grouped(self.bindings(context, seat).iter().filter(|b| b.hint))
    }

    /// Every action's keys as the built-in tables give them: for each
    /// action, each different set of keys with where it applies and what
    /// it does there, the most usual first. What `roundtable config` prints.
    pub fn defaults() -> Vec<DefaultKeys> {
        let mut rows = Vec::new();
        for (name, action) in action_names() {
            let mut sets: Vec<KeySet> = Vec::new();
            for context in all_contexts() {
                let bindings: Vec<&Binding> =
                    tables(context).into_iter().flatten().filter(|b| b.action == action).collect();
                if bindings.is_empty() {
                    continue;
                }
                let mut keys: Vec<String> = Vec::new();
                for b in &bindings {
                    let key = key_name(b);
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
                let index = if let Some(i) = sets.iter().position(|set| set.keys == keys) {
                    i
                } else {
                    sets.push(KeySet { keys, contexts: Vec::new(), labels: Vec::new() });
                    sets.len() - 1
                };
                let set = &mut sets[index];
                set.contexts.push(context);
                for b in bindings {
                    if !set.labels.contains(&b.label) {
                        set.labels.push(b.label);
                    }
                }
            }
            sets.sort_by_key(|set| std::cmp::Reverse(set.contexts.len()));
            if !sets.is_empty() {
                rows.push(DefaultKeys { name, sets });
            }
        }
        rows
    }
}

/// One action's keys as the built-in tables give them.
#[derive(Debug, Clone)]
pub struct DefaultKeys {
    pub name: &'static str,
    /// Each different set of keys, the most usual first.
    pub sets: Vec<KeySet>,
}

/// Keys an action has in some contexts.
#[derive(Debug, Clone)]
pub struct KeySet {
    pub keys: Vec<String>,
    pub contexts: Vec<Context>,
    pub labels: Vec<&'static str>,
}

/// A key's name as people read it.
pub fn key_name(binding: &Binding) -> String {
    let base = match binding.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Insert => "Insert".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    let mut name = String::new();
    if binding.modifiers.contains(KeyModifiers::CONTROL) {
        name.push_str("Ctrl-");
    }
    if binding.modifiers.contains(KeyModifiers::ALT) {
        name.push_str("Alt-");
    }
    if binding.modifiers.contains(KeyModifiers::SHIFT) {
        name.push_str("Shift-");
    }
    name + &base
}

fn grouped<'a>(bindings: impl Iterator<Item = &'a Binding>) -> Vec<(String, &'static str)> {
    let mut rows: Vec<(String, &'static str)> = Vec::new();
    for b in bindings {
        let name = key_name(b);
        match rows.iter_mut().find(|(_, label)| *label == b.label) {
            Some((keys, _)) => {
                if !keys.split('/').any(|k| k == name) {
                    keys.push('/');
                    keys.push_str(&name);
                }
            }
            None => rows.push((name, b.label)),
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn stage_keys_resolve_through_the_common_table() {
        assert_eq!(
            Keymap::default().action_for(Context::Barriers, Seat::Full, &press(KeyCode::Char(']'))),
            Some(Message::NextStage)
        );
        assert_eq!(
            Keymap::default().action_for(Context::Barriers, Seat::Full, &press(KeyCode::Char('4'))),
            Some(Message::Severity(4))
        );
        assert_eq!(Keymap::default().action_for(Context::Welcome, Seat::Full, &press(KeyCode::Char('a'))), None);
    }

    #[test]
    fn shifted_question_mark_still_opens_help() {
        let e = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(Keymap::default().action_for(Context::Actions, Seat::Full, &e), Some(Message::ToggleHelp));
    }

    #[test]
    fn help_groups_keys_that_share_a_label() {
        let rows = Keymap::default().help_rows(Context::Barriers, Seat::Full);
        let severity = rows.iter().find(|(_, l)| *l == "severity").unwrap();
        assert_eq!(severity.0, "1/2/3/4/5");
        assert!(rows.iter().any(|(_, l)| *l == "next stage"));
    }

    #[test]
    fn each_seat_is_offered_only_what_it_can_do() {
        let i = press(KeyCode::Char('i'));
        let a = press(KeyCode::Char('a'));
        assert_eq!(Keymap::default().action_for(Context::Actions, Seat::Full, &i), Some(Message::FireInject));
        assert_eq!(Keymap::default().action_for(Context::Actions, Seat::GroupLaptop, &i), None);
        assert_eq!(Keymap::default().action_for(Context::Actions, Seat::GroupLaptop, &a), Some(Message::Add));
        assert_eq!(Keymap::default().action_for(Context::Actions, Seat::FolderRoom, &a), None);
        assert_eq!(Keymap::default().action_for(Context::Actions, Seat::FolderRoom, &i), Some(Message::FireInject));
        assert_eq!(Keymap::default().action_for(Context::Actions, Seat::ReadOnly, &a), None);
        let laptop: Vec<_> =
            Keymap::default().help_rows(Context::Actions, Seat::GroupLaptop).into_iter().map(|(_, l)| l).collect();
        for room_only in ["start/pause timer", "reset timer", "fire an inject", "next group"] {
            assert!(!laptop.contains(&room_only), "{room_only} offered on a group's laptop: {laptop:?}");
        }
        let room: Vec<_> =
            Keymap::default().hint_rows(Context::Barriers, Seat::FolderRoom).into_iter().map(|(_, l)| l).collect();
        assert!(!room.iter().any(|l| l.contains("add") || *l == "delete"), "{room:?}");
    }

    #[test]
    fn a_groups_own_screen_records_who_holds_a_role_and_the_folder_rooms_does_not() {
        let enter = press(KeyCode::Enter);
        for seat in [Seat::Full, Seat::Solo, Seat::GroupLaptop, Seat::Table] {
            assert_eq!(Keymap::default().action_for(Context::Roles, seat, &enter), Some(Message::Edit), "{seat:?}");
            assert!(Keymap::default().hint_rows(Context::Roles, seat).iter().any(|(_, l)| *l == "record who holds it"));
        }
        for seat in [Seat::FolderRoom, Seat::ReadOnly] {
            assert_eq!(Keymap::default().action_for(Context::Roles, seat, &enter), None, "{seat:?}");
            assert!(Keymap::default().refused(Context::Roles, seat, &enter), "{seat:?}");
            assert!(
                !Keymap::default().help_rows(Context::Roles, seat).iter().any(|(_, l)| l.contains("holds")),
                "{seat:?}"
            );
            // Choosing a role to read is still theirs.
            assert_eq!(
                Keymap::default().action_for(Context::Roles, seat, &press(KeyCode::Down)),
                Some(Message::Down),
                "{seat:?}"
            );
        }
    }

    #[test]
    fn a_groups_own_screen_picks_cards_and_the_folder_rooms_reads_them() {
        let (d, enter) = (press(KeyCode::Char('d')), press(KeyCode::Enter));
        for context in [Context::Barriers, Context::Solutions, Context::Actions] {
            for seat in [Seat::Full, Seat::Solo, Seat::GroupLaptop, Seat::Table] {
                assert_eq!(
                    Keymap::default().action_for(context, seat, &d),
                    Some(Message::PickCard),
                    "{context:?} {seat:?}"
                );
                let labels: Vec<_> = Keymap::default().help_rows(context, seat).into_iter().map(|(_, l)| l).collect();
                assert!(!labels.iter().any(|l| l.starts_with("read the")), "{context:?} {seat:?}: {labels:?}");
            }
            for seat in [Seat::FolderRoom, Seat::ReadOnly] {
                assert_eq!(
                    Keymap::default().action_for(context, seat, &d),
                    Some(Message::BrowseCards),
                    "{context:?} {seat:?}"
                );
                assert!(
                    !Keymap::default().help_rows(context, seat).iter().any(|(_, l)| l.starts_with("pick")),
                    "{seat:?}"
                );
            }
        }
        assert!(
            Keymap::default()
                .hint_rows(Context::Solutions, Seat::Full)
                .contains(&("d".to_string(), "pick an idea card"))
        );
        assert!(
            Keymap::default()
                .hint_rows(Context::Barriers, Seat::Full)
                .contains(&("d".to_string(), "pick from the deck"))
        );
        for context in [Context::Deck, Context::Ideas] {
            for seat in [Seat::Full, Seat::Solo, Seat::GroupLaptop, Seat::Table] {
                assert_eq!(
                    Keymap::default().action_for(context, seat, &enter),
                    Some(Message::Select),
                    "{context:?} {seat:?}"
                );
            }
            for seat in [Seat::FolderRoom, Seat::ReadOnly] {
                assert_eq!(Keymap::default().action_for(context, seat, &enter), None, "{context:?} {seat:?}");
                assert!(Keymap::default().refused(context, seat, &enter), "{context:?} {seat:?}");
                assert_eq!(
                    Keymap::default().action_for(context, seat, &press(KeyCode::Down)),
                    Some(Message::Down),
                    "{seat:?}"
                );
            }
        }
        assert_eq!(
            Keymap::default().action_for(Context::PickAgain, Seat::FolderRoom, &press(KeyCode::Char('y'))),
            None
        );
        assert_eq!(
            Keymap::default().action_for(Context::PickAgain, Seat::Table, &press(KeyCode::Char('y'))),
            Some(Message::ConfirmYes)
        );
    }

    #[test]
    fn a_form_says_what_finishing_it_does_to_that_form() {
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        let barrier = Context::Form(FormKind::Barrier);
        assert_eq!(Keymap::default().action_for(barrier, Seat::Full, &ctrl_s), Some(Message::Submit));
        assert_eq!(Keymap::default().action_for(barrier, Seat::Full, &press(KeyCode::Esc)), Some(Message::Back));
        let label = |kind, key: &str| {
            Keymap::default()
                .help_rows(Context::Form(kind), Seat::Full)
                .into_iter()
                .find(|(keys, _)| keys.split('/').any(|k| k == key))
                .map(|(_, label)| label)
        };
        assert_eq!(label(FormKind::Barrier, "Ctrl-s"), Some("save the barrier and close"));
        assert_eq!(label(FormKind::Barrier, "Esc"), Some("save the barrier and close"));
        assert_eq!(label(FormKind::Action, "Esc"), Some("save the action and close"));
        assert_eq!(label(FormKind::NewSession, "Ctrl-s"), Some("start the session"));
        assert_eq!(label(FormKind::NewSession, "Esc"), Some("cancel (no session is started)"));
        assert_eq!(label(FormKind::Inject, "Esc"), Some("cancel (nothing is fired)"));
        assert_eq!(label(FormKind::SaveAs, "Esc"), Some("back (nothing is saved)"));
        let hints = Keymap::default().hint_rows(barrier, Seat::Full);
        assert_eq!(hints[0], ("Ctrl-s/Esc".to_string(), "save the barrier and close"));
        for kind in
            [FormKind::Barrier, FormKind::Solution, FormKind::GroupName, FormKind::RoleHolder, FormKind::StatusNote]
        {
            let rows = Keymap::default().help_rows(Context::Form(kind), Seat::Full);
            assert!(!rows.iter().any(|(_, l)| l.contains("session")), "{kind:?}: {rows:?}");
        }
    }

    #[test]
    fn practising_alone_is_offered_nothing_that_needs_other_groups() {
        let rows: Vec<_> =
            Keymap::default().help_rows(Context::ReportBack, Seat::Solo).into_iter().map(|(_, l)| l).collect();
        for room_only in ["next group", "groups: add, rename, remove", "change group", "give a dot (side by side)"] {
            assert!(!rows.contains(&room_only), "{room_only} offered to a solo learner: {rows:?}");
        }
        assert!(rows.contains(&"start/pause timer") && rows.contains(&"save and quit"), "{rows:?}");
        let g = press(KeyCode::Char('g'));
        assert_eq!(Keymap::default().action_for(Context::Actions, Seat::Solo, &g), None);
        assert!(Keymap::default().refused(Context::Actions, Seat::Solo, &g));
        assert_eq!(
            Keymap::default().action_for(Context::Actions, Seat::Solo, &press(KeyCode::Char('a'))),
            Some(Message::Add)
        );
        // ←/→ still change a form's choices.
        assert_eq!(
            Keymap::default().action_for(Context::Form(FormKind::Action), Seat::Solo, &press(KeyCode::Left)),
            Some(Message::FieldLeft)
        );
    }

    #[test]
    fn text_names_a_key_only_where_the_seat_has_it() {
        assert_eq!(Keymap::default().key_for(Context::Close, Seat::Full, Message::Export).as_deref(), Some("e"));
        assert_eq!(Keymap::default().key_for(Context::Actions, Seat::Full, Message::Export).as_deref(), Some("E"));
        assert_eq!(Keymap::default().key_for(Context::Close, Seat::Table, Message::Export), None);
        assert_eq!(Keymap::default().key_for(Context::Close, Seat::GroupLaptop, Message::Export), None);
    }

    #[test]
    fn every_context_has_a_way_out_and_every_screen_help() {
        let keys = Keymap::default();
        for c in all_contexts() {
            let actions: Vec<Message> = keys.bindings(c, Seat::Full).iter().map(|b| b.action).collect();
            for a in &actions {
                assert!(action_name(*a).is_some(), "{a:?} has no name for the settings file");
            }
            let out = [Message::Quit, Message::Back, Message::ConfirmNo];
            assert!(actions.iter().any(|a| out.contains(a)), "{c:?} has no way out");
            let a_screen = c == Context::Home || tables(c).iter().any(|t| std::ptr::eq(*t, STAGE_COMMON));
            if a_screen {
                let rows = keys.help_rows(c, Seat::Full);
                assert!(rows.iter().any(|(_, l)| *l == "help"), "{c:?}");
                assert!(rows.iter().any(|(_, l)| l.contains("quit")), "{c:?}");
            }
        }
    }

    #[test]
    fn speaker_notes_and_the_rooms_stage_are_not_offered_at_a_table() {
        let keys = Keymap::default();
        for seat in [Seat::Table, Seat::GroupLaptop] {
            assert_eq!(keys.key_for(Context::Briefing, seat, Message::ToggleNotes), None, "{seat:?}");
            assert!(
                !keys.hint_rows(Context::Briefing, seat).iter().any(|(_, l)| l.contains("speaker notes")),
                "{seat:?}"
            );
            // Turning slides is theirs: their own screen's.
            assert!(keys.key_for(Context::Briefing, seat, Message::NextSlide).is_some(), "{seat:?}");
        }
        assert_eq!(keys.key_for(Context::Briefing, Seat::Table, Message::NextStage), None);
        assert!(keys.key_for(Context::Briefing, Seat::Table, Message::PreviousStage).is_some());
        for seat in [Seat::Full, Seat::FolderRoom, Seat::Solo] {
            assert!(keys.key_for(Context::Briefing, seat, Message::ToggleNotes).is_some(), "{seat:?}");
        }
    }
}
