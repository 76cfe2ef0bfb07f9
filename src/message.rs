//! The messages that change the app. Keys become messages through the tables
//! in [`crate::keys`]; the update path ([`crate::app::ScreenMut`]) applies them.

/// Everything a user can ask for, independent of which key asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Quit,
    ToggleHelp,
    /// Close the top overlay or form.
    Back,
    Up,
    Down,
    /// To the top of a list or text.
    First,
    /// To the end of a list or text.
    Last,
    /// A screenful up or down (the presenter console).
    PageUp,
    PageDown,
    /// Scroll the selected item's detail, beside or below a list.
    DetailUp,
    DetailDown,
    /// Open the selected entry (home, deck) or edit the selected item.
    Select,
    NewSession,
    NextStage,
    PreviousStage,
    NextSlide,
    PreviousSlide,
    ToggleNotes,
    NextPage,
    Add,
    /// Open the stage's cards (the barrier deck, or the idea cards) to
    /// pick one: a new barrier, solution or action starts from it.
    PickCard,
    /// Open the stage's cards to read them, on a screen that cannot pick.
    BrowseCards,
    Edit,
    Delete,
    ToggleKind,
    Severity(u8),
    NextGroup,
    Export,
    /// After a failed save: write the session to another path.
    SaveElsewhere,
    ConfirmYes,
    ConfirmNo,
    ToggleTimeline,
    /// The inject banner: show the next older fired inject (back to the latest after the first).
    StepInject,
    /// Put the inject banner away, or bring it back.
    ToggleInject,
    FollowUp,
    Undo,
    Redo,
    // Running the room.
    TimerToggle,
    TimerPlus,
    TimerMinus,
    TimerReset,
    ToggleBell,
    ToggleProjector,
    /// A table looking back at an earlier stage returns to the room's.
    FollowRoom,
    /// In a served room: whether a table with an unknown name starts a group.
    ToggleOpenGroups,
    /// In a served room: a new room code, for tables that join from now on.
    NewRoomCode,
    FireInject,
    /// A group records how the news on show changes its plan.
    AnswerInject,
    /// A group chooses among the scenario's stance options.
    ChooseStance,
    /// The room's answers to the closing questions.
    WriteAnswers,
    /// Barriers of different groups that read alike: the same or not.
    SimilarBarriers,
    ManageGroups,
    Rename,
    Left,
    Right,
    Vote,
    Unvote,
    MoreDots,
    ToggleOwnVotes,
    // From the mouse: no key asks for these.
    /// Go to the stage at this index (a click on its tab).
    GoToStage(usize),
    /// Select the stage list's item at this index (a click on it).
    SelectRow(usize),
    // Inside a form.
    NextField,
    PreviousField,
    FieldLeft,
    FieldRight,
    FieldToggle,
    Submit,
}

impl Message {
    /// Whether it adds, changes or deletes one of a group's barriers,
    /// solutions or actions.
    pub fn edits_an_item(self) -> bool {
        matches!(
            self,
            Message::Add
                | Message::AnswerInject
                | Message::ChooseStance
                | Message::PickCard
                | Message::Edit
                | Message::Delete
                | Message::ToggleKind
                | Message::Severity(_)
        )
    }
}
