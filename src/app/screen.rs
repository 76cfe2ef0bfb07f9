//! A screen on the workshop: what one person in front of one terminal sees
//! and is doing.
//!
//! The session is held once, in [`Workshop`]; each screen on it has its own
//! [`ScreenState`]: the stage it looks at, its selection and scrolling, its
//! form and overlays, its last notice, and whether it is the projector. The
//! facilitator's terminal is one screen; each table served over SSH is
//! another. [`Screen`] pairs the two for drawing (it only reads);
//! [`ScreenMut`] pairs them for the update path, where a key or a paste at
//! one screen becomes a change to the one session.

use std::path::PathBuf;

use crossterm::event::{Event, KeyEvent, KeyEventKind};

use crate::domain::change::{Actor, Applied, Change, Field as ItemField};
use crate::domain::scenario::{Scenario, StageKind};
use crate::domain::session::{Group, Mode, Session};
use crate::forms::{Form, KeyOutcome, Target};
use crate::keys::{Context, Keymap, Seat};
use crate::message::Message;
use crate::theme::Theme;

use super::workshop::Workshop;
use super::{Link, PANIC_KEY_ENV, PASTE_LIMIT, RunState, history, practice};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    ConfirmDelete(Target),
    /// Quitting ends the room for the tables and phones connected to it:
    /// asked first, with how many there are when asked.
    ConfirmQuit {
        tables: usize,
        phones: usize,
        /// The projector view was on: the question is for the person at
        /// the keyboard, and staying puts the view back.
        projector: bool,
    },
    /// Writing the reports beside the session file, asked first so that a
    /// stray key cannot overwrite last hour's export.
    ConfirmExport {
        /// Which of [`OpenSession::report_paths`](super::OpenSession::report_paths) already exist, a bit
        /// each, looked at once when asked rather than at every frame.
        existing: u8,
    },
    /// The barrier deck.
    Deck {
        selected: usize,
    },
    /// The scenario's stance options, for the screen's group to choose.
    Stance {
        selected: usize,
    },
    /// Barriers of different groups that read alike, for the facilitator
    /// to call the same or different.
    Similar {
        selected: usize,
    },
    /// The scenario's idea cards; picking one starts a solution or an
    /// action, as `pick` says.
    Ideas {
        selected: usize,
        pick: Pick,
        /// How far the selected card's text is scrolled.
        scroll: usize,
    },
    /// The group has taken the card at `selected` of `pick`'s cards
    /// before: take it again?
    PickAgain {
        pick: Pick,
        selected: usize,
    },
    /// The facilitator's list of injects to fire.
    Injects {
        selected: usize,
    },
    /// Adding, renaming, removing and switching groups.
    Groups {
        selected: usize,
    },
    /// Recording what became of each action after the workshop.
    FollowUp {
        selected: usize,
    },
    /// Quitting, the session could not be saved: what now? The details are
    /// in [`Workshop::save_failure`].
    SaveFailed,
    /// The afternoon's plan, or (with `tables`) the table tracker, with
    /// the group selected there.
    Afternoon {
        tables: bool,
        selected: usize,
    },
}

/// What a group makes from a card it picks: a barrier from the barrier
/// deck, a solution or an action from an idea card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Barrier,
    Solution,
    Action,
}

impl Pick {
    /// The item it makes, as a sentence names it.
    pub fn item(self) -> &'static str {
        match self {
            Pick::Barrier => "barrier",
            Pick::Solution => "solution",
            Pick::Action => "action",
        }
    }

    /// How many cards there are to pick from.
    pub fn cards(self, scenario: &Scenario) -> usize {
        match self {
            Pick::Barrier => scenario.barrier_deck.len(),
            Pick::Solution | Pick::Action => scenario.idea_cards.len(),
        }
    }

    /// The id of the card at `index`.
    pub fn card_id(self, scenario: &Scenario, index: usize) -> Option<&str> {
        match self {
            Pick::Barrier => scenario.barrier_deck.get(index).map(|c| c.id.as_str()),
            Pick::Solution | Pick::Action => scenario.idea_cards.get(index).map(|c| c.id.as_str()),
        }
    }

    /// Whether `group` already has a barrier, solution or action (whichever
    /// this makes) taken from the card called `id`.
    pub fn taken(self, group: &Group, id: &str) -> bool {
        let id = Some(id);
        match self {
            Pick::Barrier => group.barriers.iter().any(|b| b.card.as_deref() == id),
            Pick::Solution => group.solutions.iter().any(|s| s.idea.as_deref() == id),
            Pick::Action => group.actions.iter().any(|a| a.idea.as_deref() == id),
        }
    }
}

/// The three ways the report-back stage shows the plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportView {
    /// One group's actions, large.
    #[default]
    OneGroup,
    /// Every group's actions side by side, with dot voting.
    SideBySide,
    /// Actions placed on the map of the areas of change.
    Map,
}

impl ReportView {
    /// The next view; solo practice has no side-by-side view (one plan,
    /// nobody to give dots).
    pub fn next(self, mode: Mode) -> Self {
        match self {
            ReportView::OneGroup if mode == Mode::Solo => ReportView::Map,
            ReportView::OneGroup => ReportView::SideBySide,
            ReportView::SideBySide => ReportView::Map,
            ReportView::Map => ReportView::OneGroup,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
}

/// A session file found in the data directory.
#[derive(Debug, Clone)]
pub struct HomeEntry {
    pub path: PathBuf,
    /// The title and a one-line summary, or why the file cannot be opened.
    pub summary: Result<(String, String), String>,
    pub modified: std::time::SystemTime,
}

#[derive(Debug, Default)]
pub struct HomeState {
    pub entries: Vec<HomeEntry>,
    /// 0 is "start a new session"; 1.. are entries.
    pub selected: usize,
}

/// Where the user is on each stage's screen. Kept per session, not saved.
#[derive(Debug, Default, Clone)]
pub struct SessionView {
    /// A stage other than the room's that this screen is looking at.
    pub stage: Option<usize>,
    /// A briefing slide other than the room's that this screen is looking
    /// at (a table or a group's laptop reading ahead or back); the room's
    /// slide is the facilitator's, and theirs alone to move.
    pub slide: Option<usize>,
    /// The one group this screen works on (a table's); `None` follows the
    /// facilitator's choice of group, saved in the session.
    pub group: Option<u32>,
    pub barrier: usize,
    pub solution: usize,
    pub action: usize,
    pub show_notes: bool,
    /// Which of the scenario stage's pages is shown, counted round them:
    /// see [`SessionView::scenario_page`].
    pub scenario_page: usize,
    /// The role selected on the roles page (an index into the scenario's roles).
    pub role: usize,
    /// How far the stage's text is scrolled (the slide, the brief, the
    /// close, one group's plan); clamped to the text in update and when drawn.
    pub scroll: usize,
    /// The same for the view not on show: the facilitator's own while the
    /// projector is on, so that each opens where it should (the projector
    /// at the top of the stage, the facilitator's screen where it was).
    pub scroll_aside: usize,
    pub report: ReportView,
    /// The group shown in report-back's "one group" view.
    pub report_group: usize,
    /// How far the help is scrolled.
    pub help_scroll: usize,
    /// Which fired inject the actions stage's banner shows, counting back
    /// from the latest (0).
    pub inject_back: usize,
    /// The facilitator has put the inject banner away.
    pub inject_hidden: bool,
    /// Which part of the news on show the banner shows, when the news is
    /// longer than the banner; drawing goes back to the first after the last.
    pub news_part: usize,
    /// The actions stage shows the timeline and plan checks instead of the list.
    pub timeline: bool,
    /// Solo practice attempts, loaded when the debrief is shown.
    pub history: Vec<practice::Attempt>,
    /// In the side-by-side view: (group index, action index) under the cursor.
    pub vote_cursor: (usize, usize),
    /// The group whose live laptop the facilitator was asked about taking
    /// over: a second `t` takes it over.
    pub take_over_asked: Option<u32>,
}

/// The scenario stage's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioPage {
    /// The council's brief, with when it is set.
    Brief,
    /// The roles, to choose from.
    Roles,
    /// What the bodies and terms of the scenario's day were; only when the
    /// scenario explains any.
    Glossary,
}

impl ScenarioPage {
    /// The pages `scenario` has, in the order `NextPage` steps through them.
    pub fn all(scenario: &Scenario) -> Vec<ScenarioPage> {
        let mut pages = vec![ScenarioPage::Brief, ScenarioPage::Roles];
        if !scenario.glossary.is_empty() {
            pages.push(ScenarioPage::Glossary);
        }
        pages
    }
}

impl SessionView {
    /// The scenario stage's page on show.
    pub fn scenario_page(&self, scenario: &Scenario) -> ScenarioPage {
        let pages = ScenarioPage::all(scenario);
        pages[self.scenario_page % pages.len()]
    }

    /// The stage this screen shows: the room's, unless it is looking at
    /// another (a table looking back).
    pub fn stage(&self, session: &Session) -> usize {
        self.stage.filter(|s| *s < session.scenario.stages.len()).unwrap_or(session.stage)
    }

    /// The briefing slide this screen shows: the room's, unless it is
    /// looking at another.
    pub fn slide(&self, session: &Session) -> usize {
        let last = session.scenario.slides.len().saturating_sub(1);
        self.slide.unwrap_or(session.slide).min(last)
    }

    pub fn stage_kind(&self, session: &Session) -> StageKind {
        session.scenario.stage(self.stage(session)).map_or(StageKind::Welcome, |s| s.kind)
    }

    /// The index of the group this screen works on: its own group for a
    /// table, else the group the facilitator has chosen.
    pub fn group_index(&self, session: &Session) -> usize {
        let last = session.groups.len().saturating_sub(1);
        match self.group {
            Some(id) => session.groups.iter().position(|g| g.id == id).unwrap_or(last),
            None => session.current_group.min(last),
        }
    }

    pub fn group<'s>(&self, session: &'s Session) -> &'s Group {
        &session.groups[self.group_index(session)]
    }

    pub fn group_mut<'s>(&self, session: &'s mut Session) -> &'s mut Group {
        let index = self.group_index(session);
        &mut session.groups[index]
    }

    /// Switching group starts its lists at the top but keeps the way the
    /// screens are being shown (so a voter can change mid-vote).
    pub fn for_another_group(&mut self) {
        self.barrier = 0;
        self.solution = 0;
        self.action = 0;
        self.scroll = 0;
    }
}

/// The smallest terminal the screens are drawn in; below it a screen says
/// so, and keys other than quit do nothing that nobody could see.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// What drawing a screen measured: how far each scrolling text can go, and
/// where a click lands. Drawing returns it (the state of ratatui's
/// `StatefulWidget`), as television's draw returns its layout, so the
/// update path reads it without any drawing code of its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Measured {
    /// Measured for the screen as it is now; input may change what there
    /// is to measure, so any input makes it stale.
    pub fresh: bool,
    /// How far the stage's text scrolls (the slide, the brief, one plan).
    pub stage_scroll: Option<usize>,
    pub help_scroll: Option<usize>,
    /// Rows a page up or down moves in the help.
    pub help_page: Option<usize>,
    /// How far the selected idea card's text scrolls.
    pub ideas_scroll: Option<usize>,
    /// How far the text under a form's fields scrolls.
    pub form_help_scroll: Option<usize>,
    pub console_scroll: Option<usize>,
    /// Rows a page up or down moves on the presenter console.
    pub console_page: Option<usize>,
    /// The stage tabs as drawn.
    pub tabs: Option<Tabs>,
    /// The stage's list as drawn, for a click on an item.
    pub list: Option<ListArea>,
}

/// The stage tabs as drawn: their row, and the columns of each tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tabs {
    pub row: u16,
    pub columns: Vec<std::ops::Range<u16>>,
}

/// A stage's list as drawn: where, scrolled how far, and how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListArea {
    pub area: ratatui::layout::Rect,
    pub offset: usize,
    pub len: usize,
}

/// Where a click landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Click {
    /// A stage's tab, by index.
    Stage(usize),
    /// An item of the stage's list, by index.
    Item(usize),
}

impl Measured {
    /// What a click at (`column`, `row`) lands on, as the screen was drawn.
    pub fn click(&self, column: u16, row: u16) -> Option<Click> {
        if let Some(tabs) = &self.tabs
            && row == tabs.row
        {
            return tabs.columns.iter().position(|columns| columns.contains(&column)).map(Click::Stage);
        }
        let list = self.list?;
        if !list.area.contains(ratatui::layout::Position { x: column, y: row }) {
            return None;
        }
        let index = list.offset + usize::from(row - list.area.y);
        (index < list.len).then_some(Click::Item(index))
    }
}

/// Whose screen this is, which decides what it may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// The terminal the app was started in: the facilitator's, or a
    /// person practising alone, or a group's laptop in a shared folder.
    #[default]
    Local,
    /// A table served over SSH (its connection); the group it works on is
    /// its view's [`SessionView::group`].
    Table { conn: crate::serve::ConnId },
    /// The presenter console (`roundtable notes FILE`): the facilitator's
    /// second screen, on a workshop that follows the session as another
    /// Roundtable saves it. It only reads and scrolls (its offset is the
    /// view's `scroll`).
    Console,
}

/// One screen's own state. Nothing here is saved: the session is.
#[derive(Debug)]
pub struct ScreenState {
    pub role: Role,
    /// Running until this screen leaves (the app, or a table's connection).
    pub run: RunState,
    pub home: HomeState,
    pub view: SessionView,
    /// Undo and redo of what this screen changed.
    pub history: history::History,
    pub overlay: Option<Overlay>,
    pub form: Option<Form>,
    pub message: Option<Notice>,
    pub theme: Theme,
    /// The keys this screen answers to: the built-in tables, with the
    /// user's own keys where the settings give them.
    pub keys: Keymap,
    /// Whether the screen takes the mouse (the wheel and clicks); while it
    /// does, the terminal selects text with Shift held.
    pub mouse: bool,
    /// The large, high-contrast view for a projector.
    pub projector: bool,
    /// How the projector draws large letters, as the terminal allows.
    pub letters: crate::term::Letters,
    /// The terminal's size as last seen (columns, rows); `None` until the
    /// run loop has looked. Below the smallest usable size the screen says
    /// so, and keys other than quit do nothing that nobody could see.
    pub screen_size: Option<(u16, u16)>,
    /// What the last drawing of this screen measured.
    pub measured: Measured,
    /// What this screen's input asked for beyond its state, to be carried
    /// out once the update is done.
    pub effects: Vec<super::effects::Effect>,
}

impl ScreenState {
    pub fn new(theme: Theme, keys: Keymap) -> Self {
        ScreenState {
            role: Role::Local,
            run: RunState::Running,
            home: HomeState::default(),
            view: SessionView::default(),
            history: history::History::default(),
            overlay: None,
            form: None,
            message: None,
            theme,
            keys,
            mouse: false,
            projector: false,
            letters: crate::term::Letters::Blocks,
            screen_size: None,
            measured: Measured::default(),
            effects: Vec::new(),
        }
    }

    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        self.message = Some(Notice { level, text: text.into() });
    }

    /// Hears of a change another screen made. An open form on the same
    /// thing shows the other's text as it arrives, and says who is writing;
    /// an item deleted while open here is kept in the form, to be put back.
    pub(super) fn hear(&mut self, who: &str, change: &Change, session: &Session) {
        use crate::forms::FieldId;
        self.history.heard(who, change);
        let Some(form) = &mut self.form else { return };
        let group = self.view.group(session).id;
        let mine = form.target.item(group);
        let noun = mine.map_or("item", |item| item.kind.noun());
        let said = match change {
            Change::Set { item, field } if mine == Some(*item) => match session.field(*item, field) {
                Some(now) if form.show(&now) => Some(format!("{who} is editing this {}.", now.name())),
                _ => None,
            },
            Change::Set { item, field: ItemField::StatusNote(note) }
                if form.target == Target::StatusNote(item.group, item.id) =>
            {
                form.show_text(FieldId::Note, note).then(|| format!("{who} is editing this note."))
            }
            Change::Delete { item } if mine == Some(*item) && form.orphaned.is_none() => {
                form.orphaned = Some(who.to_string());
                self.message = Some(Notice {
                    level: Level::Warning,
                    text: format!("{who} deleted this {noun}. What you wrote is kept: closing this form puts it back."),
                });
                return;
            }
            Change::Restore { .. } | Change::Add { .. } if change.item() == mine && mine.is_some() => {
                form.orphaned = None;
                for field in form.item_fields() {
                    if let Some(now) = mine.and_then(|item| session.field(item, &field)) {
                        form.show(&now);
                    }
                }
                Some(format!("{who} put this {noun} back."))
            }
            Change::AnswerInject { group: g, inject, note, actions }
                if *g == group && form.target == Target::InjectResponse(*inject) =>
            {
                form.show_ticks(FieldId::TouchedActions, actions);
                form.show_text(FieldId::Note, note).then(|| format!("{who} is editing this answer."))
            }
            Change::HoldRole { group: g, role, person } if *g == group => match form.target {
                Target::RoleHolder(index) if session.scenario.roles.get(index).is_some_and(|r| &r.id == role) => {
                    form.show_text(FieldId::Holder, person).then(|| format!("{who} is writing who holds this role."))
                }
                _ => None,
            },
            Change::CloseAnswer { question, answer } if form.target == Target::ClosingAnswers => form
                .show_text(FieldId::Answer(*question), answer)
                .then(|| format!("{who} is editing closing answer {}.", question + 1)),
            Change::RenameGroup { group: g, name } if form.target == Target::GroupName(*g) => {
                form.show_text(FieldId::Name, name).then(|| format!("{who} is renaming this group."))
            }
            _ => None,
        };
        if let Some(text) = said {
            form.heard = Some(text.clone());
            self.message = Some(Notice { level: Level::Info, text });
        }
    }

    /// Which group's which item the list stages have selected.
    fn selected_item(&self, session: &Session) -> (usize, usize, usize, usize, usize, usize) {
        let view = &self.view;
        (view.group_index(session), view.stage(session), view.barrier, view.solution, view.action, view.role)
    }
}

/// A screen with the workshop it is on, for drawing.
#[derive(Clone, Copy)]
pub struct Screen<'a> {
    pub work: &'a Workshop,
    pub state: &'a ScreenState,
}

impl std::ops::Deref for Screen<'_> {
    type Target = ScreenState;

    fn deref(&self) -> &ScreenState {
        self.state
    }
}

/// A screen with the workshop it is on, for the update path.
pub struct ScreenMut<'a> {
    pub work: &'a mut Workshop,
    pub state: &'a mut ScreenState,
}

impl<'a> Screen<'a> {
    pub fn session(&self) -> Option<&'a Session> {
        self.work.session()
    }

    /// The wall clock in seconds (fixed in tests).
    pub fn now(&self) -> u64 {
        self.work.now()
    }

    /// What this screen may do: everything, or less in a shared-folder room
    /// or a read-only view.
    pub fn seat(&self) -> Seat {
        match self.state.role {
            Role::Table { .. } => return Seat::Table,
            Role::Console => return Seat::ReadOnly,
            Role::Local => {}
        }
        match &self.work.open {
            Some(open) if open.read_only => Seat::ReadOnly,
            Some(open) => match open.link {
                Link::File if open.session.mode == Mode::Solo => Seat::Solo,
                Link::File => Seat::Full,
                // A group whose laptop failed is typed for here.
                Link::Room(_) if open.session.typed_here.contains(&self.state.view.group(&open.session).id) => {
                    Seat::Full
                }
                Link::Room(_) => Seat::FolderRoom,
                Link::Group(_) => Seat::GroupLaptop,
            },
            None => Seat::Full,
        }
    }

    /// Who this screen is to the session: the facilitator, a table or a
    /// group's laptop (its group, and which connection), or a viewer.
    pub fn actor(&self) -> Actor {
        let group = || self.work.session().map_or(0, |s| self.state.view.group(s).id);
        match self.state.role {
            Role::Table { conn } => Actor::Group { group: group(), screen: conn },
            Role::Console => Actor::Viewer,
            Role::Local => match &self.work.open {
                Some(open) if open.read_only => Actor::Viewer,
                Some(open) if matches!(open.link, Link::Group(_)) => Actor::Group { group: group(), screen: 0 },
                _ => Actor::Facilitator,
            },
        }
    }

    /// Whether the terminal is below the smallest size the screens need.
    pub fn too_small(&self) -> bool {
        self.state.screen_size.is_some_and(|(w, h)| w < MIN_WIDTH || h < MIN_HEIGHT)
    }

    /// The screen that has the keyboard, ignoring overlays.
    pub fn base_context(&self) -> Context {
        if self.state.role == Role::Console {
            return Context::Console;
        }
        match &self.work.open {
            None => Context::Home,
            Some(open) => match self.state.view.stage_kind(&open.session) {
                StageKind::Welcome => Context::Welcome,
                StageKind::Briefing => Context::Briefing,
                StageKind::Barriers => Context::Barriers,
                StageKind::Solutions => Context::Solutions,
                // The roles page is a list to choose from, not text to scroll.
                StageKind::Scenario if self.state.view.scenario_page(&open.session.scenario) == ScenarioPage::Roles => {
                    Context::Roles
                }
                StageKind::Scenario => Context::Scenario,
                StageKind::Actions => Context::Actions,
                StageKind::ReportBack => Context::ReportBack,
                StageKind::Close => Context::Close,
            },
        }
    }

    /// The context whose keys apply now.
    pub fn context(&self) -> Context {
        match self.state.overlay {
            Some(Overlay::Help) => Context::Help,
            Some(Overlay::ConfirmDelete(_)) => Context::Confirm,
            Some(Overlay::ConfirmExport { .. }) => Context::ConfirmExport,
            Some(Overlay::ConfirmQuit { .. }) => Context::ConfirmQuit,
            Some(Overlay::Deck { .. }) => Context::Deck,
            Some(Overlay::Stance { .. }) => Context::Stance,
            Some(Overlay::Similar { .. }) => Context::Similar,
            Some(Overlay::Ideas { .. }) => Context::Ideas,
            Some(Overlay::PickAgain { .. }) => Context::PickAgain,
            Some(Overlay::Injects { .. }) => Context::Injects,
            Some(Overlay::Groups { .. }) => Context::Groups,
            Some(Overlay::FollowUp { .. }) => Context::FollowUp,
            Some(Overlay::SaveFailed) => Context::SaveFailed,
            Some(Overlay::Afternoon { .. }) => Context::Afternoon,
            None => match &self.state.form {
                Some(form) => Context::Form(form.target.kind()),
                None => self.base_context(),
            },
        }
    }
}

impl ScreenMut<'_> {
    /// The same screen, to read.
    pub fn look(&self) -> Screen<'_> {
        Screen { work: self.work, state: self.state }
    }

    pub(super) fn say(&mut self, level: Level, text: impl Into<String>) {
        self.state.say(level, text);
    }

    /// Makes `state.measured` true of the screen as it is now, drawing it
    /// where nobody sees it if it has not been drawn since the last input.
    pub(super) fn measured(&mut self) {
        if !self.state.measured.fresh {
            self.measure();
        }
    }

    /// Draws the screen where nobody sees it, for what drawing measures.
    fn measure(&mut self) {
        use ratatui::widgets::StatefulWidget;
        let Some((width, height)) = self.state.screen_size else { return };
        let area = ratatui::layout::Rect::new(0, 0, width, height);
        let mut scratch = ratatui::buffer::Buffer::empty(area);
        let mut measured = Measured::default();
        StatefulWidget::render(&self.look(), area, &mut scratch, &mut measured);
        self.state.measured = measured;
    }

    pub fn handle_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                self.handle_key(key);
                true
            }
            Event::Mouse(mouse) => self.handle_mouse(*mouse),
            Event::Paste(text) => {
                self.handle_paste(text);
                true
            }
            Event::Resize(width, height) => {
                self.state.screen_size = Some((*width, *height));
                self.state.measured.fresh = false;
                true
            }
            _ => false,
        }
    }

    /// Runs `input` on the app. Every change to the session goes through
    /// [`Self::change`] (and so [`Workshop::apply`], which marks it for
    /// saving and notes which screens it reaches); in a debug build this
    /// checks that nothing changed the session any other way.
    pub(super) fn guarded(&mut self, input: impl FnOnce(&mut Self)) {
        // Input that reads what the screen's drawing measures (how far a
        // pane scrolls) asks for it with `measured`, which measures afresh
        // when no drawing has since the last input; other input, typing
        // above all, measures nothing.
        self.guarded_input(input);
        self.state.measured.fresh = false;
    }

    fn guarded_input(&mut self, input: impl FnOnce(&mut Self)) {
        #[cfg(debug_assertions)]
        let before = self.work.session().cloned().map(|s| (s, self.work.version()));
        input(self);
        #[cfg(debug_assertions)]
        if let (Some((mut before, version)), Some(after)) = (before, self.work.session())
            && version == self.work.version()
            && (before.created, &before.title) == (after.created, &after.title)
        {
            // Counted time is kept outside the changes people make.
            before.stage_time.clone_from(&after.stage_time);
            before.timers.clone_from(&after.timers);
            assert!(before == *after, "the session changed outside Session::apply");
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) {
        self.guarded(|app| app.apply_key(key));
        self.show_what_the_projector_hides();
    }

    /// The projector never draws a list or a form, so a key that opens one
    /// there (the news to fire, the groups, a barrier to write) brings back
    /// the facilitator's screen to show it, rather than leave it working
    /// unseen.
    fn show_what_the_projector_hides(&mut self) {
        let hidden = self.state.form.is_some() || self.state.overlay.as_ref().is_some_and(|o| *o != Overlay::Help);
        if self.state.projector && hidden {
            self.state.projector = false;
            let view = &mut self.state.view;
            view.scroll = std::mem::take(&mut view.scroll_aside);
        }
    }

    #[allow(clippy::panic, reason = "the panic key exists to prove a panic restores the terminal and keeps the work")]
    fn apply_key(&mut self, key: &KeyEvent) {
        self.state.message = None;
        if let (Some(panic_key), crossterm::event::KeyCode::Char(c)) = (self.work.panic_key, key.code)
            && c == panic_key
        {
            panic!("a panic injected for testing ({PANIC_KEY_ENV})");
        }
        if self.look().too_small() {
            // Nothing may change unseen: only quitting works (which saves),
            // with the stage's own quit keys.
            let (context, seat) = (self.look().base_context(), self.look().seat());
            if self.state.keys.action_for(context, seat, key) == Some(Message::Quit) {
                self.effect(super::effects::Effect::Quit);
            }
            return;
        }
        if self.state.overlay.is_none()
            && let Some(form) = &mut self.state.form
        {
            match form.handle_key(key) {
                KeyOutcome::Changed => {
                    self.apply_form();
                    return;
                }
                KeyOutcome::Moved => return,
                KeyOutcome::Ignored => {}
            }
        }
        let (context, seat) = (self.look().context(), self.look().seat());
        if let Some(action) = self.state.keys.action_for(context, seat, key) {
            self.update(action);
        } else if self.state.keys.refused(context, seat, key) {
            self.say(Level::Info, seat.refusal());
        }
    }

    fn handle_paste(&mut self, text: &str) {
        self.guarded(|app| app.apply_paste(text));
    }

    fn apply_paste(&mut self, text: &str) {
        if self.look().too_small() {
            return;
        }
        let Some(form) = self.state.form.as_mut().filter(|_| self.state.overlay.is_none()) else {
            let (context, seat) = (self.look().context(), self.look().seat());
            let key = |action| self.state.keys.key_for(context, seat, action);
            let how: Vec<String> = [(Message::Add, "adds"), (Message::Edit, "edits")]
                .into_iter()
                .filter_map(|(action, what)| key(action).map(|k| format!("{k} {what}")))
                .collect();
            let text = if how.is_empty() {
                "To paste, open a field first.".to_string()
            } else {
                format!("To paste, open a field first: {}.", how.join(", "))
            };
            return self.say(Level::Info, text);
        };
        // A field is a sentence or a paragraph: a pasted document is cut
        // short rather than freezing the screen.
        let count = text.chars().count();
        let kept: String = text.chars().take(PASTE_LIMIT).collect();
        if form.paste(&kept) {
            self.apply_form();
        }
        if count > PASTE_LIMIT {
            self.say(
                Level::Warning,
                format!("The paste was {count} characters; only the first {PASTE_LIMIT} were kept."),
            );
        }
    }

    /// Makes a change as this screen, and keeps it for this screen's undo;
    /// a refusal is said on the screen.
    pub(super) fn change(&mut self, change: Change) -> Option<Applied> {
        let by = self.look().actor();
        match self.work.apply(by, change) {
            Ok(applied) => {
                if !applied.changed_nothing() {
                    self.state.history.record(&applied);
                }
                Some(applied)
            }
            Err(refused) => {
                if refused.0 == super::apply::READ_ONLY {
                    self.state.form = None;
                    self.state.history.forget_form();
                }
                self.say(Level::Warning, refused.0);
                None
            }
        }
    }

    /// The id of the group this screen works on.
    pub(super) fn group_id(&self) -> u32 {
        self.work.session().map_or(0, |s| self.state.view.group(s).id)
    }

    /// Writes what the open form's key changed into the session: for a
    /// barrier, solution or action, each field it changed, so that another
    /// screen's edits to other fields stand.
    fn apply_form(&mut self) {
        let Some(session) = self.work.session() else { return };
        let Some(form) = &mut self.state.form else { return };
        form.heard = None;
        let group = self.state.view.group(session);
        let group_id = group.id;
        let changes: Vec<Change> = match form.target {
            Target::NewSession | Target::CustomInject | Target::SaveAs => Vec::new(),
            Target::StatusNote(group, action) => {
                let item =
                    crate::domain::change::ItemRef { group, kind: crate::domain::change::ItemKind::Action, id: action };
                let note = ItemField::StatusNote(form.text(crate::forms::FieldId::Note));
                if session.field(item, &note).is_some_and(|now| now != note) {
                    vec![Change::Set { item, field: note }]
                } else {
                    Vec::new()
                }
            }
            Target::InjectResponse(inject) => {
                let note = form.text(crate::forms::FieldId::Note);
                let actions = form.ticked(crate::forms::FieldId::TouchedActions);
                let now = group.response(inject).cloned().unwrap_or_default();
                if (now.note.as_str(), &now.actions) == (note.as_str(), &actions) {
                    Vec::new()
                } else {
                    vec![Change::AnswerInject { group: group_id, inject, note, actions }]
                }
            }
            Target::ClosingAnswers => {
                let questions = &session.scenario.closing_questions;
                (0..questions.len())
                    .filter_map(|i| {
                        let answer = form.text(crate::forms::FieldId::Answer(i));
                        let now = session.closing_answers.iter().find(|a| a.question == questions[i]);
                        (now.map_or("", |a| a.answer.as_str()) != answer)
                            .then_some(Change::CloseAnswer { question: i, answer })
                    })
                    .collect()
            }
            Target::RoleHolder(index) => {
                let person = form.text(crate::forms::FieldId::Holder);
                match session.scenario.roles.get(index) {
                    Some(role) if group.role_holder(&role.id).unwrap_or_default() != person => {
                        vec![Change::HoldRole { group: group_id, role: role.id.clone(), person }]
                    }
                    _ => Vec::new(),
                }
            }
            Target::GroupName(id) => {
                let name = form.text(crate::forms::FieldId::Name);
                let now = session.group_by_id(id).map(|g| g.name.as_str());
                if name.is_empty() || now == Some(name.as_str()) {
                    Vec::new()
                } else {
                    vec![Change::RenameGroup { group: id, name }]
                }
            }
            // Deleted elsewhere: the text stays in the form until it closes.
            Target::Barrier(_) | Target::Solution(_) | Target::Action(_) if form.orphaned.is_some() => Vec::new(),
            Target::Barrier(_) | Target::Solution(_) | Target::Action(_) => match form.target.item(group_id) {
                Some(item) => form.edits().into_iter().map(|field| Change::Set { item, field }).collect(),
                None => Vec::new(),
            },
        };
        for change in changes {
            self.change(change);
        }
        // A refusal shown in the form goes once it is put right.
        if let Some(form) = &mut self.state.form
            && form.problem.is_some()
        {
            form.problem = form.refusal().map(|(_, why)| why);
        }
    }

    pub fn update(&mut self, action: Message) {
        if !self.look().seat().allows(self.look().context(), action) {
            return;
        }
        if matches!(action, Message::Undo | Message::Redo) && self.state.form.is_none() && self.state.overlay.is_none()
        {
            return self.undo_or_redo(action == Message::Undo);
        }
        let stage_before = self.work.open.as_ref().map(|o| self.state.view.stage(&o.session));
        let selected_before = self.work.open.as_ref().map(|o| self.state.selected_item(&o.session));
        // Everything one action changes is one step of undo; a form that
        // opens gathers its edits into the same step until it closes.
        if !self.state.history.in_form() {
            self.state.history.open_form();
        }
        self.dispatch(action);
        if let Some(open) = &mut self.work.open
            && Some(self.state.selected_item(&open.session)) != selected_before
        {
            // Another item's detail starts at its top.
            self.state.view.scroll = 0;
            self.state.view.scroll_aside = 0;
        }
        if self.state.form.is_some() {
            self.state.history.form_is_open();
        } else {
            self.state.history.finish(self.work.session());
        }
        self.solo_injects();
        if self.work.open.as_ref().map(|o| self.state.view.stage(&o.session)) != stage_before {
            self.state.view.scroll_aside = 0;
            self.effect(super::effects::Effect::LoadPracticeHistory);
        }
    }

    fn undo_or_redo(&mut self, undo: bool) {
        let Some(step) = self.state.history.take(undo) else {
            return self.say(Level::Info, if undo { "Nothing to undo." } else { "Nothing to redo." });
        };
        let by = self.look().actor();
        let done = if undo { "Undone" } else { "Redone" };
        match self.work.put_back(by, &step) {
            Ok(reverse) => {
                // A shared folder's group files follow their groups.
                for made in &step.changes {
                    match (&made.undo, &made.after) {
                        (Change::RestoreGroup { group, .. }, _) => {
                            self.effect(super::effects::Effect::BringBackGroupFile(group.clone()));
                        }
                        (Change::RemoveGroup { .. }, Change::RestoreGroup { group, .. }) => {
                            self.effect(super::effects::Effect::RetireGroupFile(group.clone()));
                        }
                        _ => {}
                    }
                }
                self.state.history.done(undo, reverse);
                self.clamp_selection();
                // The cursor goes to what was put back, where it can be seen.
                let mut applied = step.changes.iter().rev().map(|made| if undo { &made.undo } else { &made.after });
                if let Some(item) = applied.find_map(Change::item_put_back) {
                    self.select(item);
                }
                self.say(Level::Info, format!("{done}: {}.", step.what));
            }
            // The step is let go: another's later change stands, and the
            // next undo goes on to the step before.
            Err(why) => self.say(Level::Warning, format!("Not {}: {}. {why}.", done.to_lowercase(), step.what)),
        }
    }

    fn dispatch(&mut self, action: Message) {
        match self.look().context() {
            Context::Help => self.update_help(action),
            Context::Confirm => self.update_confirm(action),
            Context::ConfirmExport => {
                self.state.overlay = None;
                if action == Message::ConfirmYes {
                    self.effect(super::effects::Effect::WriteReports);
                }
            }
            Context::ConfirmQuit => {
                let Some(Overlay::ConfirmQuit { projector, .. }) = self.state.overlay.take() else { return };
                match action {
                    Message::ConfirmYes => self.effect(super::effects::Effect::Quit),
                    _ => self.state.projector = projector,
                }
            }
            Context::Deck => self.update_deck(action),
            Context::Stance => self.update_stance(action),
            Context::Similar => self.update_similar(action),
            Context::Ideas => self.update_ideas(action),
            Context::PickAgain => self.update_pick_again(action),
            Context::Injects => self.update_injects(action),
            Context::Groups => self.update_groups(action),
            Context::FollowUp => self.update_follow_up(action),
            Context::SaveFailed => self.update_save_failed(action),
            Context::Afternoon => self.update_afternoon(action),
            Context::Form(_) => self.update_form(action),
            Context::Home => self.update_home(action),
            Context::Console => self.update_console(action),
            _ => self.update_stage(action),
        }
    }
}
