//! The messages that change the app. Keys become messages through the tables
//! in [`crate::keys`]; the update path ([`crate::app::ScreenMut`]) applies them.

/// Everything a user can ask for, independent of which key asked. Each
/// has the name the settings file gives it (strum's), so a new message
/// cannot be left without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Message {
    Quit,
    #[strum(serialize = "help")]
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
    #[strum(serialize = "speaker_notes")]
    ToggleNotes,
    NextPage,
    Add,
    /// Open the stage's cards (the barrier deck, or the idea cards) to
    /// pick one: a new barrier, solution or action starts from it.
    PickCard,
    /// Open the stage's cards to read them, on a screen that cannot pick.
    #[strum(serialize = "read_cards")]
    BrowseCards,
    Edit,
    Delete,
    ToggleKind,
    #[strum(disabled)]
    Severity(u8),
    NextGroup,
    Export,
    /// After a failed save: write the session to another path.
    SaveElsewhere,
    #[strum(serialize = "yes")]
    ConfirmYes,
    #[strum(serialize = "no")]
    ConfirmNo,
    #[strum(serialize = "timeline")]
    ToggleTimeline,
    /// The inject banner: show the next older fired inject (back to the latest after the first).
    #[strum(serialize = "older_news")]
    StepInject,
    /// Put the inject banner away, or bring it back.
    #[strum(serialize = "hide_news")]
    ToggleInject,
    /// The inject banner's next rows, when the news is longer than the
    /// banner (back to its top after its end).
    ReadNews,
    FollowUp,
    Undo,
    Redo,
    // Running the room.
    #[strum(serialize = "timer")]
    TimerToggle,
    TimerPlus,
    TimerMinus,
    TimerReset,
    #[strum(serialize = "bell")]
    ToggleBell,
    #[strum(serialize = "projector")]
    ToggleProjector,
    /// The room starts its break, or ends it early.
    #[strum(serialize = "break")]
    ToggleBreak,
    /// The afternoon's plan: each stage's planned start, and how far
    /// ahead or behind the room is.
    #[strum(serialize = "plan")]
    ShowPlan,
    /// The table tracker: each group, its screens and how far it is.
    #[strum(serialize = "tables")]
    ShowTables,
    /// In a shared-folder room: the room's screen types for a group whose
    /// laptop failed, or hands the group back to its laptop.
    TakeOver,
    /// A table looking back at an earlier stage returns to the room's.
    FollowRoom,
    /// In a served room: whether a table with an unknown name starts a group.
    #[strum(serialize = "open_groups")]
    ToggleOpenGroups,
    /// In a served room: a new room code, for tables that join from now on.
    NewRoomCode,
    FireInject,
    /// A group records how the news on show changes its plan.
    #[strum(serialize = "answer_news")]
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
    #[strum(serialize = "own_votes")]
    ToggleOwnVotes,
    /// Show the count of dots to the room, or hide it while the room votes.
    #[strum(serialize = "reveal_dots")]
    RevealVotes,
    /// Open or close the phones' page.
    #[strum(serialize = "phones_page")]
    TogglePhones,
    // From the mouse: no key asks for these.
    /// Go to the stage at this index (a click on its tab).
    #[strum(disabled)]
    GoToStage(usize),
    /// Select the stage list's item at this index (a click on it).
    #[strum(disabled)]
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
