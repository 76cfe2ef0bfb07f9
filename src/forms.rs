//! Editing forms for barriers, solutions, actions and new sessions.
//!
//! A form edits its item live: every change is written straight back into
//! the session (and so autosaved), so nothing typed is lost by a crash or by
//! moving away. A new item left without its main text is dropped on close.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::domain::change::{Field as ItemField, Item, ItemKind, ItemRef};
use crate::domain::sanitize;
use crate::domain::scenario::{Area, BarrierKind, Scenario};
use crate::domain::session::{Action, Barrier, Group, LeadSide, Solution};
use crate::keys::FormKind;

/// What a form edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Barrier(u32),
    Solution(u32),
    Action(u32),
    NewSession,
    /// Renaming the group with this id.
    GroupName(u32),
    /// Who at the screen's group holds the scenario's role at this index.
    RoleHolder(usize),
    /// An inject the facilitator writes on the spot.
    CustomInject,
    /// How the screen's group answers the fired inject at this place in
    /// `Session::injects`.
    InjectResponse(usize),
    /// The room's answers to the scenario's closing questions.
    ClosingAnswers,
    /// The follow-up note on an action: (group id, action id).
    StatusNote(u32, u32),
    /// Where to write the session when its own file cannot be written.
    SaveAs,
}

impl Target {
    /// The barrier, solution or action of `group` this is, if it is one.
    pub fn item(self, group: u32) -> Option<ItemRef> {
        let (kind, id) = match self {
            Target::Barrier(id) => (ItemKind::Barrier, id),
            Target::Solution(id) => (ItemKind::Solution, id),
            Target::Action(id) => (ItemKind::Action, id),
            _ => return None,
        };
        Some(ItemRef { group, kind, id })
    }

    /// The kind of form that edits this, which decides what its keys say.
    pub fn kind(self) -> FormKind {
        match self {
            Target::Barrier(_) => FormKind::Barrier,
            Target::Solution(_) => FormKind::Solution,
            Target::Action(_) => FormKind::Action,
            Target::NewSession => FormKind::NewSession,
            Target::GroupName(_) => FormKind::GroupName,
            Target::RoleHolder(_) => FormKind::RoleHolder,
            Target::InjectResponse(_) => FormKind::InjectResponse,
            Target::ClosingAnswers => FormKind::ClosingAnswers,
            Target::CustomInject => FormKind::Inject,
            Target::StatusNote(..) => FormKind::StatusNote,
            Target::SaveAs => FormKind::SaveAs,
        }
    }
}

#[derive(Debug)]
pub enum FieldKind {
    Text(Box<TextArea<'static>>),
    Choice {
        options: Vec<String>,
        index: usize,
    },
    /// A month or a severity; `None` while the user has not set it.
    Number {
        value: Option<u8>,
        min: u8,
        max: u8,
    },
    Checklist {
        items: Vec<ChecklistItem>,
        cursor: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    pub key: String,
    pub label: String,
    pub checked: bool,
    /// The area of change this choice is, shown under the form while the
    /// cursor is on it: what the area covers, its moves and their source.
    pub area: Option<Area>,
}

#[derive(Debug)]
pub struct Field {
    pub id: FieldId,
    /// What the field is; a closing question is its own label.
    pub label: std::borrow::Cow<'static, str>,
    pub help: &'static str,
    pub kind: FieldKind,
}

#[derive(Debug)]
pub struct Form {
    pub target: Target,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The item was created when the form opened.
    pub is_new: bool,
    /// Why the form was not closed, shown in it until put right.
    pub problem: Option<String>,
    /// How far the text under the fields (the focused field's help, and
    /// the detail of the choice under the cursor) is scrolled.
    pub help_scroll: usize,
    /// The barrier, solution or action as it was when the form opened.
    base: Option<Item>,
    /// The item's fields as this form last wrote or was shown them: an
    /// edit is a field that differs from these, so a field another screen
    /// changed is never written back with this form's older value.
    last: Vec<ItemField>,
    /// Set when another screen deleted the item while this form was open:
    /// who did. What was typed is kept, and closing the form puts it back.
    pub orphaned: Option<String>,
    /// Word of another screen writing in the same thing ("Red laptop 2 is
    /// editing this title"), shown in the form until this screen writes.
    pub heard: Option<String>,
    /// Digits are being typed into the focused number: the next one is
    /// added to them. The first digit after coming to the field starts
    /// afresh, so typing "5" into a month that shows 1 gives 5, not 15.
    typing_number: bool,
}

/// Every field of every form, by name: code and tests reach a field by
/// what it is, never by where it sits, so adding a field moves nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    // A barrier.
    BarrierText,
    Kind,
    Severity,
    Story,
    // A solution.
    SolutionText,
    AnswersBarriers,
    // An action (with `Areas`).
    Title,
    What,
    Lead,
    LeadRole,
    TacklesBarriers,
    StartMonth,
    EndMonth,
    FirstStep,
    Success,
    WithinReach,
    /// The areas of change a solution or an action belongs to.
    Areas,
    // A new session.
    SessionTitle,
    Scenario,
    Mode,
    Groups,
    // A group's name, who holds a role, a follow-up note, where to save a copy.
    Name,
    Holder,
    Note,
    SavePath,
    // How a group answers the news: its note, and which actions it touched.
    TouchedActions,
    /// The room's answer to the closing question at this place.
    Answer(usize),
    // An inject written on the spot.
    Headline,
    Month,
    WhatHappens,
    Question,
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOutcome {
    /// The key changed a value.
    Changed,
    /// The key was used but changed nothing (a cursor move).
    Moved,
    /// Not a key for the focused field; the form's key table decides.
    Ignored,
}

/// The new-session form's modes.
pub const MODE_CHOICES: [&str; 2] = ["room: a facilitated workshop", "solo: practise on your own"];

/// The answers to the "15% test".
pub const REACH_CHOICES: [&str; 3] =
    ["not answered yet", "yes: it can start with what is already in hand", "no: it needs more authority or money"];

fn text(value: &str, placeholder: &str) -> FieldKind {
    let mut area = TextArea::new(vec![value.to_string()]);
    area.set_placeholder_text(placeholder);
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.move_cursor(CursorMove::End);
    FieldKind::Text(Box::new(area))
}

fn field(id: FieldId, label: &'static str, help: &'static str, kind: FieldKind) -> Field {
    Field { id, label: label.into(), help, kind }
}

fn barrier_checklist(group: &Group, chosen: &[u32]) -> FieldKind {
    FieldKind::Checklist {
        items: group
            .barriers
            .iter()
            .map(|b| ChecklistItem {
                key: b.id.to_string(),
                label: b.text.clone(),
                checked: chosen.contains(&b.id),
                area: None,
            })
            .collect(),
        cursor: 0,
    }
}

fn area_checklist(scenario: &Scenario, chosen: &[String]) -> FieldKind {
    FieldKind::Checklist {
        items: scenario
            .areas
            .iter()
            .map(|a| ChecklistItem {
                key: a.id.clone(),
                label: a.name.clone(),
                checked: chosen.contains(&a.id),
                area: Some(a.clone()),
            })
            .collect(),
        cursor: 0,
    }
}

fn month(value: Option<u8>, horizon: u8) -> FieldKind {
    FieldKind::Number { value, min: 0, max: horizon }
}

impl Form {
    pub fn for_barrier(b: &Barrier, is_new: bool) -> Form {
        let form = Form {
            target: Target::Barrier(b.id),
            title: if is_new { "New barrier".into() } else { "Edit barrier".into() },
            fields: vec![
                field(
                    FieldId::BarrierText,
                    "Barrier",
                    "What gets in the way, in a sentence.",
                    text(&b.text, "What gets in the way?"),
                ),
                field(
                    FieldId::Kind,
                    "Kind",
                    "Environmental: the local climate. Organisational: weaknesses inside organisations.",
                    FieldKind::Choice {
                        options: vec!["environmental".into(), "organisational".into()],
                        index: usize::from(b.kind == BarrierKind::Organisational),
                    },
                ),
                field(
                    FieldId::Severity,
                    "Severity",
                    "How much it hurts: 1 a nuisance, 5 it stops joint working. ←/→ or a digit.",
                    FieldKind::Number { value: Some(b.severity), min: 1, max: 5 },
                ),
                field(
                    FieldId::Story,
                    "Story",
                    "Optional: a time this got in the way, in your own councils and organisations.",
                    text(&b.story, "A story of when it happened (optional)"),
                ),
            ],
            focus: 0,
            problem: None,
            help_scroll: 0,
            base: None,
            last: Vec::new(),
            orphaned: None,
            heard: None,
            typing_number: false,
            is_new,
        };
        form.based_on(Item::Barrier(b.clone()))
    }

    pub fn for_solution(s: &Solution, group: &Group, scenario: &Scenario, is_new: bool) -> Form {
        let form = Form {
            target: Target::Solution(s.id),
            title: if is_new { "New solution".into() } else { "Edit solution".into() },
            fields: vec![
                field(FieldId::SolutionText, "Solution", "What worked, and where.", text(&s.text, "What has worked?")),
                field(
                    FieldId::AnswersBarriers,
                    "Answers barriers",
                    "Space ticks the barriers this answers.",
                    barrier_checklist(group, &s.barriers),
                ),
                field(
                    FieldId::Areas,
                    "Areas of change",
                    "Space ticks the areas it belongs to.",
                    area_checklist(scenario, &s.areas),
                ),
            ],
            focus: 0,
            problem: None,
            help_scroll: 0,
            base: None,
            last: Vec::new(),
            orphaned: None,
            heard: None,
            typing_number: false,
            is_new,
        };
        form.based_on(Item::Solution(s.clone()))
    }

    pub fn for_action(a: &Action, group: &Group, scenario: &Scenario, is_new: bool) -> Form {
        let horizon = scenario.rules.horizon_months;
        let form = Form {
            target: Target::Action(a.id),
            title: if is_new { "New action".into() } else { "Edit action".into() },
            fields: vec![
                field(FieldId::Title, "Title", "A short name for the action.", text(&a.title, "A short title")),
                field(FieldId::What, "What", "What will be done.", text(&a.what, "What will be done?")),
                field(
                    FieldId::Lead,
                    "Lead",
                    "Who leads: the council, the third sector, or both jointly. ←/→ to change.",
                    FieldKind::Choice {
                        options: LeadSide::ALL.iter().map(|l| l.label().to_string()).collect(),
                        index: LeadSide::ALL.iter().position(|l| *l == a.lead).unwrap_or(0),
                    },
                ),
                field(
                    FieldId::LeadRole,
                    "Lead role",
                    "Which role leads, for example the Director of Adult Social Care.",
                    text(&a.lead_role, "Which role leads?"),
                ),
                field(
                    FieldId::Areas,
                    "Areas of change",
                    "Space ticks the areas this action belongs to.",
                    area_checklist(scenario, &a.areas),
                ),
                field(
                    FieldId::TacklesBarriers,
                    "Tackles barriers",
                    "Space ticks the group's barriers this tackles.",
                    barrier_checklist(group, &a.barriers),
                ),
                field(
                    FieldId::StartMonth,
                    "Start month",
                    "0 is now; type a number or use ←/→.",
                    month(a.start_month, horizon),
                ),
                field(
                    FieldId::EndMonth,
                    "End month",
                    "Up to the plan's horizon; type a number or use ←/→.",
                    month(a.end_month, horizon),
                ),
                field(
                    FieldId::FirstStep,
                    "First step",
                    "What happens in the next 30 days.",
                    text(&a.first_step, "The first step, within 30 days"),
                ),
                field(
                    FieldId::Success,
                    "Success",
                    "How you will know it worked.",
                    text(&a.success, "How will success be seen?"),
                ),
                field(
                    FieldId::WithinReach,
                    "15% test",
                    "Roundtable's own check: can you start this with the authority and resources you already have, without waiting for permission or money? ←/→ to answer.",
                    FieldKind::Choice {
                        options: REACH_CHOICES.iter().map(std::string::ToString::to_string).collect(),
                        index: match a.within_reach {
                            None => 0,
                            Some(true) => 1,
                            Some(false) => 2,
                        },
                    },
                ),
            ],
            focus: 0,
            problem: None,
            help_scroll: 0,
            base: None,
            last: Vec::new(),
            orphaned: None,
            heard: None,
            typing_number: false,
            is_new,
        };
        form.based_on(Item::Action(a.clone()))
    }

    pub fn new_session(default_title: &str, scenarios: &[(String, String)]) -> Form {
        Form {
            target: Target::NewSession,
            title: "Start a new session".into(),
            fields: vec![
                field(
                    FieldId::SessionTitle,
                    "Title",
                    "A name for this workshop. Leave it empty to use the one shown.",
                    text("", default_title),
                ),
                field(
                    FieldId::Scenario,
                    "Scenario",
                    "←/→ to choose.",
                    FieldKind::Choice { options: scenarios.iter().map(|(_, title)| title.clone()).collect(), index: 0 },
                ),
                field(
                    FieldId::Mode,
                    "Mode",
                    "A facilitated room, or practice on your own with hints and a debrief at the end. ←/→ to choose.",
                    FieldKind::Choice {
                        options: MODE_CHOICES.iter().map(std::string::ToString::to_string).collect(),
                        index: 0,
                    },
                ),
                field(
                    FieldId::Groups,
                    "Groups",
                    "Group names separated by commas, for example: Red, Blue, Green. Empty gives one group.",
                    text("", "Group 1"),
                ),
            ],
            focus: 0,
            problem: None,
            help_scroll: 0,
            base: None,
            last: Vec::new(),
            orphaned: None,
            heard: None,
            typing_number: false,
            is_new: true,
        }
    }

    pub fn group_name(id: u32, name: &str) -> Form {
        Form {
            target: Target::GroupName(id),
            title: "Group name".into(),
            fields: vec![field(FieldId::Name, "Name", "What the group calls itself.", text(name, "Group name"))],
            focus: 0,
            problem: None,
            help_scroll: 0,
            base: None,
            last: Vec::new(),
            orphaned: None,
            heard: None,
            typing_number: false,
            is_new: false,
        }
    }

    /// Who holds the role called `title`; `person` is who holds it now
    /// (empty for nobody). Emptying the field frees the role.
    pub fn role_holder(index: usize, title: &str, person: &str) -> Form {
        Form {
            target: Target::RoleHolder(index),
            title: format!("Who holds this role? {title}"),
            fields: vec![field(
                FieldId::Holder,
                "Held by",
                "The name of the person at your table in this role. Leave it empty if nobody holds it.",
                text(person, "A name"),
            )],
            focus: 0,
            problem: None,
            help_scroll: 0,
            base: None,
            last: Vec::new(),
            orphaned: None,
            heard: None,
            typing_number: false,
            is_new: false,
        }
    }

    /// How the group answers the news `title`: a note, and which of its
    /// actions the news touched.
    pub fn inject_response(inject: usize, title: &str, group: &Group) -> Form {
        let given = group.response(inject);
        let touched = given.map(|r| r.actions.clone()).unwrap_or_default();
        Form {
            target: Target::InjectResponse(inject),
            title: format!("Your answer to the news: {title}"),
            fields: vec![
                field(
                    FieldId::Note,
                    "What changes",
                    "What you will do differently, in a sentence or two. It is shown at report-back.",
                    text(given.map_or("", |r| r.note.as_str()), "What changes, and why"),
                ),
                field(
                    FieldId::TouchedActions,
                    "Actions changed",
                    "Tick the actions you changed or would change. ↑/↓ move, Space ticks.",
                    FieldKind::Checklist {
                        items: group
                            .actions
                            .iter()
                            .map(|a| ChecklistItem {
                                key: a.id.to_string(),
                                label: if a.title.trim().is_empty() { "(untitled)".into() } else { a.title.clone() },
                                checked: touched.contains(&a.id),
                                area: None,
                            })
                            .collect(),
                        cursor: 0,
                    },
                ),
            ],
            focus: 0,
            problem: None,
            is_new: given.is_none(),
            help_scroll: 0,
            base: None,
            last: Vec::new(),
            orphaned: None,
            heard: None,
            typing_number: false,
        }
    }

    /// The room's answers to the closing questions, one field each.
    pub fn closing_answers(questions: &[String], answers: &[crate::domain::session::ClosingAnswer]) -> Form {
        let fields = questions
            .iter()
            .enumerate()
            .map(|(i, question)| {
                let answer = answers.iter().find(|a| a.question == *question).map_or("", |a| a.answer.as_str());
                Field {
                    id: FieldId::Answer(i),
                    label: question.clone().into(),
                    help: "What was agreed, in your own words. It goes into the reports.",
                    kind: text(answer, "Your answer"),
                }
            })
            .collect();
        Form {
            target: Target::ClosingAnswers,
            title: "Closing questions".into(),
            fields,
            focus: 0,
            problem: None,
            is_new: false,
            help_scroll: 0,
            base: None,
            last: Vec::new(),
            orphaned: None,
            heard: None,
            typing_number: false,
        }
    }

    /// The ids ticked in a checklist of the group's items.
    pub fn ticked(&self, id: FieldId) -> Vec<u32> {
        self.checked_ids(id)
    }

    pub fn status_note(group_id: u32, action_id: u32, title: &str, note: &str) -> Form {
        Form {
            target: Target::StatusNote(group_id, action_id),
            title: format!("Follow-up: {title}"),
            fields: vec![field(
                FieldId::Note,
                "Note",
                "What has happened since the workshop.",
                text(note, "What has happened?"),
            )],
            focus: 0,
            problem: None,
            help_scroll: 0,
            base: None,
            last: Vec::new(),
            orphaned: None,
            heard: None,
            typing_number: false,
            is_new: false,
        }
    }

    /// Asks where to save the session after its own file could not be
    /// written; `suggested` is a place that should take it.
    pub fn save_as(suggested: &std::path::Path) -> Form {
        Form {
            target: Target::SaveAs,
            title: "Save a copy of the session".into(),
            fields: vec![field(
                FieldId::SavePath,
                "Save to",
                "A new file in a folder you can write to: the copy is saved there, then Roundtable quits.",
                text(&suggested.display().to_string(), "A path for the copy"),
            )],
            focus: 0,
            problem: None,
            help_scroll: 0,
            base: None,
            last: Vec::new(),
            orphaned: None,
            heard: None,
            typing_number: false,
            is_new: true,
        }
    }

    pub fn custom_inject(horizon: u8) -> Form {
        Form {
            target: Target::CustomInject,
            title: "Write an inject".into(),
            fields: vec![
                field(
                    FieldId::Headline,
                    "Headline",
                    "The news in a few words.",
                    text("", "For example: The council's chief executive resigns"),
                ),
                field(
                    FieldId::Month,
                    "Month",
                    "The plan month in which it lands.",
                    FieldKind::Number { value: Some(0), min: 0, max: horizon },
                ),
                field(FieldId::WhatHappens, "What happens", "What has happened.", text("", "What has happened?")),
                field(
                    FieldId::Question,
                    "Question",
                    "The question it puts to every group.",
                    text("", "What will you change?"),
                ),
            ],
            focus: 0,
            problem: None,
            help_scroll: 0,
            base: None,
            last: Vec::new(),
            orphaned: None,
            heard: None,
            typing_number: false,
            is_new: true,
        }
    }

    /// The custom inject form's values: headline, month, what, question.
    pub fn inject_values(&self) -> (String, u8, String, String) {
        (
            self.text(FieldId::Headline),
            self.number(FieldId::Month).unwrap_or(0),
            self.text(FieldId::WhatHappens),
            self.text(FieldId::Question),
        )
    }

    pub fn focused(&self) -> &Field {
        &self.fields[self.focus]
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1).min(self.fields.len() - 1);
        self.help_scroll = 0;
        self.typing_number = false;
    }

    pub fn previous_field(&mut self) {
        self.focus = self.focus.saturating_sub(1);
        self.help_scroll = 0;
        self.typing_number = false;
    }

    /// The area of change under the cursor of the focused field, if it is
    /// a list of areas.
    pub fn focused_area(&self) -> Option<&Area> {
        match &self.focused().kind {
            FieldKind::Checklist { items, cursor } => items.get(*cursor)?.area.as_ref(),
            _ => None,
        }
    }

    pub fn at_last_field(&self) -> bool {
        self.focus + 1 == self.fields.len()
    }

    /// A digit typed into the focused number. A number that takes one
    /// digit (a severity) is replaced; a month is typed digit by digit,
    /// starting afresh on coming to the field, and a digit that would take
    /// it past its range is refused with a word of why rather than start
    /// the number again unseen.
    fn type_digit(&mut self, digit: u8) -> KeyOutcome {
        let typing = std::mem::replace(&mut self.typing_number, true);
        let field = &mut self.fields[self.focus];
        let FieldKind::Number { value, min, max } = &mut field.kind else { return KeyOutcome::Ignored };
        let appended = value.filter(|_| typing && *max >= 10).map(|v| u16::from(v) * 10 + u16::from(digit));
        match appended {
            Some(n) if n <= u16::from(*max) => *value = u8::try_from(n).ok(),
            Some(_) => {
                self.problem = Some(format!("{} goes from {min} to {max}.", field.label));
                return KeyOutcome::Moved;
            }
            None => *value = Some(digit.clamp(*min, *max)),
        }
        KeyOutcome::Changed
    }

    /// Offers a key to the focused field first.
    pub fn handle_key(&mut self, event: &KeyEvent) -> KeyOutcome {
        if matches!(self.fields[self.focus].kind, FieldKind::Number { .. }) {
            match event.code {
                KeyCode::Char(c) if c.is_ascii_digit() => return self.type_digit(c as u8 - b'0'),
                // Rubbing out goes on with the digits typed; anything else
                // ends them.
                KeyCode::Backspace | KeyCode::Delete => {}
                _ => self.typing_number = false,
            }
        }
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let shift = event.modifiers.contains(KeyModifiers::SHIFT);
        match &mut self.fields[self.focus].kind {
            FieldKind::Text(area) => match event.code {
                KeyCode::Tab | KeyCode::BackTab | KeyCode::Esc | KeyCode::Enter | KeyCode::Up | KeyCode::Down => {
                    KeyOutcome::Ignored
                }
                KeyCode::F(_) => KeyOutcome::Ignored,
                KeyCode::Char('s') if ctrl => KeyOutcome::Ignored,
                // A control or invisible character sent as a key goes in as
                // it would be kept, so the field never shows what it hides.
                KeyCode::Char(c) if sanitize::needs_cleaning(c) => {
                    if area.insert_str(sanitize::clean(&c.to_string())) {
                        KeyOutcome::Changed
                    } else {
                        KeyOutcome::Moved
                    }
                }
                _ => {
                    if area.input(*event) {
                        KeyOutcome::Changed
                    } else {
                        KeyOutcome::Moved
                    }
                }
            },
            FieldKind::Choice { options, index } => match event.code {
                KeyCode::Left => {
                    *index = (*index + options.len() - 1) % options.len();
                    KeyOutcome::Changed
                }
                KeyCode::Right | KeyCode::Char(' ') => {
                    *index = (*index + 1) % options.len();
                    KeyOutcome::Changed
                }
                _ => KeyOutcome::Ignored,
            },
            FieldKind::Number { value, min, max } => match event.code {
                KeyCode::Left => {
                    *value = Some(value.map_or(*min, |v| v.saturating_sub(1).max(*min)));
                    KeyOutcome::Changed
                }
                KeyCode::Right => {
                    *value = Some(value.map_or(*min, |v| (v + 1).min(*max)));
                    KeyOutcome::Changed
                }
                KeyCode::Backspace | KeyCode::Delete => {
                    *value = value.and_then(|v| if v >= 10 { Some(v / 10) } else { None });
                    KeyOutcome::Changed
                }
                _ => KeyOutcome::Ignored,
            },
            // Shift-↑/↓ scroll the text under the fields instead.
            FieldKind::Checklist { items, cursor } => match event.code {
                KeyCode::Up if *cursor > 0 && !shift => {
                    *cursor -= 1;
                    self.help_scroll = 0;
                    KeyOutcome::Moved
                }
                KeyCode::Down if *cursor + 1 < items.len() && !shift => {
                    *cursor += 1;
                    self.help_scroll = 0;
                    KeyOutcome::Moved
                }
                KeyCode::Char(' ' | 'x') => match items.get_mut(*cursor) {
                    Some(item) => {
                        item.checked = !item.checked;
                        KeyOutcome::Changed
                    }
                    None => KeyOutcome::Moved,
                },
                _ => KeyOutcome::Ignored,
            },
        }
    }

    /// Pastes text into the focused text field, cleaned (newlines become
    /// spaces: every field is one paragraph).
    pub fn paste(&mut self, pasted: &str) -> bool {
        if let FieldKind::Text(area) = &mut self.fields[self.focus].kind {
            area.insert_str(sanitize::clean(pasted))
        } else {
            false
        }
    }

    /// The field called `id`; a form without it has none.
    fn field(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// Puts the cursor on the field called `id`, if the form has it.
    pub fn focus_on(&mut self, id: FieldId) {
        if let Some(index) = self.fields.iter().position(|f| f.id == id) {
            self.focus = index;
            self.help_scroll = 0;
            self.typing_number = false;
        }
    }

    /// The field called `id`'s label, as the form shows it.
    fn label(&self, id: FieldId) -> &str {
        self.field(id).map_or("", |f| &f.label)
    }

    /// A text field's value, cleaned and trimmed.
    pub fn text(&self, id: FieldId) -> String {
        match self.field(id).map(|f| &f.kind) {
            Some(FieldKind::Text(area)) => sanitize::clean(&area.lines().join(" ")).trim().to_string(),
            _ => String::new(),
        }
    }

    fn choice(&self, id: FieldId) -> usize {
        match self.field(id).map(|f| &f.kind) {
            Some(FieldKind::Choice { index, .. }) => *index,
            _ => 0,
        }
    }

    pub fn number(&self, id: FieldId) -> Option<u8> {
        match self.field(id).map(|f| &f.kind) {
            Some(FieldKind::Number { value, .. }) => *value,
            _ => None,
        }
    }

    fn checked(&self, id: FieldId) -> Vec<String> {
        match self.field(id).map(|f| &f.kind) {
            Some(FieldKind::Checklist { items, .. }) => {
                items.iter().filter(|i| i.checked).map(|i| i.key.clone()).collect()
            }
            _ => Vec::new(),
        }
    }

    fn checked_ids(&self, id: FieldId) -> Vec<u32> {
        self.checked(id).iter().filter_map(|k| k.parse().ok()).collect()
    }

    /// Remembers the item the form opened on, and its fields as the form
    /// holds them.
    fn based_on(mut self, item: Item) -> Self {
        self.base = Some(item);
        self.last = self.item_fields();
        self
    }

    /// The item's fields as the form holds them. An action's months are
    /// left out while they end before they start: they stay in the form
    /// (which will not close on them) and out of the plan.
    pub fn item_fields(&self) -> Vec<ItemField> {
        match self.target {
            Target::Barrier(_) => vec![
                ItemField::BarrierText(self.text(FieldId::BarrierText)),
                ItemField::Kind(if self.choice(FieldId::Kind) == 1 {
                    BarrierKind::Organisational
                } else {
                    BarrierKind::Environmental
                }),
                ItemField::Severity(self.number(FieldId::Severity).unwrap_or(3).clamp(1, 5)),
                ItemField::Story(self.text(FieldId::Story)),
            ],
            Target::Solution(_) => vec![
                ItemField::SolutionText(self.text(FieldId::SolutionText)),
                ItemField::Answers(self.checked_ids(FieldId::AnswersBarriers)),
                ItemField::Areas(self.checked(FieldId::Areas)),
            ],
            Target::Action(_) => {
                let months = (self.number(FieldId::StartMonth), self.number(FieldId::EndMonth));
                let mut fields = vec![
                    ItemField::Title(self.text(FieldId::Title)),
                    ItemField::What(self.text(FieldId::What)),
                    ItemField::Lead(LeadSide::ALL.get(self.choice(FieldId::Lead)).copied().unwrap_or_default()),
                    ItemField::LeadRole(self.text(FieldId::LeadRole)),
                    ItemField::Areas(self.checked(FieldId::Areas)),
                    ItemField::Tackles(self.checked_ids(FieldId::TacklesBarriers)),
                ];
                if !matches!(months, (Some(start), Some(end)) if start > end) {
                    fields.push(ItemField::Months(months.0, months.1));
                }
                fields.extend([
                    ItemField::FirstStep(self.text(FieldId::FirstStep)),
                    ItemField::Success(self.text(FieldId::Success)),
                    ItemField::WithinReach(match self.choice(FieldId::WithinReach) {
                        1 => Some(true),
                        2 => Some(false),
                        _ => None,
                    }),
                ]);
                fields
            }
            _ => Vec::new(),
        }
    }

    /// The fields this form has changed since it last wrote or was shown
    /// them; they count as written from now on.
    pub fn edits(&mut self) -> Vec<ItemField> {
        let now = self.item_fields();
        let edits: Vec<ItemField> = now.iter().filter(|f| !self.last.contains(f)).cloned().collect();
        for edit in &edits {
            match self.last.iter_mut().find(|l| l.same_field(edit)) {
                Some(last) => *last = edit.clone(),
                None => self.last.push(edit.clone()),
            }
        }
        edits
    }

    /// Shows a field's value that another screen wrote, in place of what
    /// this form held. Returns whether the form showed something else.
    pub fn show(&mut self, value: &ItemField) -> bool {
        match self.last.iter_mut().find(|l| l.same_field(value)) {
            Some(last) if last == value => return false,
            Some(last) => *last = value.clone(),
            None => self.last.push(value.clone()),
        }
        let set_text = |form: &mut Form, id: FieldId, text_value: &str| {
            form.show_text(id, text_value);
        };
        let set_ticks = |form: &mut Form, id: FieldId, keys: &[String]| {
            if let Some(FieldKind::Checklist { items, .. }) =
                form.fields.iter_mut().find(|f| f.id == id).map(|f| &mut f.kind)
            {
                for item in items {
                    item.checked = keys.contains(&item.key);
                }
            }
        };
        let set_choice = |form: &mut Form, id: FieldId, to: usize| {
            if let Some(FieldKind::Choice { index, .. }) =
                form.fields.iter_mut().find(|f| f.id == id).map(|f| &mut f.kind)
            {
                *index = to;
            }
        };
        let set_number = |form: &mut Form, id: FieldId, to: Option<u8>| {
            if let Some(FieldKind::Number { value, .. }) =
                form.fields.iter_mut().find(|f| f.id == id).map(|f| &mut f.kind)
            {
                *value = to;
            }
        };
        let ids = |ids: &[u32]| ids.iter().map(u32::to_string).collect::<Vec<_>>();
        match value {
            ItemField::BarrierText(t) => set_text(self, FieldId::BarrierText, t),
            ItemField::Kind(k) => set_choice(self, FieldId::Kind, usize::from(*k == BarrierKind::Organisational)),
            ItemField::Severity(n) => set_number(self, FieldId::Severity, Some(*n)),
            ItemField::Story(t) => set_text(self, FieldId::Story, t),
            ItemField::SolutionText(t) => set_text(self, FieldId::SolutionText, t),
            ItemField::Answers(b) => set_ticks(self, FieldId::AnswersBarriers, &ids(b)),
            ItemField::Areas(a) => set_ticks(self, FieldId::Areas, a),
            ItemField::Title(t) => set_text(self, FieldId::Title, t),
            ItemField::What(t) => set_text(self, FieldId::What, t),
            ItemField::Lead(l) => {
                set_choice(self, FieldId::Lead, LeadSide::ALL.iter().position(|x| x == l).unwrap_or(0));
            }
            ItemField::LeadRole(t) => set_text(self, FieldId::LeadRole, t),
            ItemField::Tackles(b) => set_ticks(self, FieldId::TacklesBarriers, &ids(b)),
            ItemField::Months(start, end) => {
                set_number(self, FieldId::StartMonth, *start);
                set_number(self, FieldId::EndMonth, *end);
            }
            ItemField::FirstStep(t) => set_text(self, FieldId::FirstStep, t),
            ItemField::Success(t) => set_text(self, FieldId::Success, t),
            ItemField::WithinReach(w) => set_choice(
                self,
                FieldId::WithinReach,
                match w {
                    None => 0,
                    Some(true) => 1,
                    Some(false) => 2,
                },
            ),
            ItemField::Status(_) | ItemField::StatusNote(_) => {}
        }
        true
    }

    /// Shows text another screen wrote in the field called `id`, in place
    /// of what this form held; the cursor goes to its end. Returns whether
    /// the field showed something else.
    pub fn show_text(&mut self, id: FieldId, value: &str) -> bool {
        let Some(FieldKind::Text(area)) = self.fields.iter_mut().find(|f| f.id == id).map(|f| &mut f.kind) else {
            return false;
        };
        if sanitize::clean(&area.lines().join(" ")).trim() == value {
            return false;
        }
        let placeholder = area.placeholder_text().to_string();
        if let FieldKind::Text(fresh) = text(value, &placeholder) {
            *area = fresh;
        }
        true
    }

    /// Shows the ticks another screen gave in the checklist called `id`.
    pub fn show_ticks(&mut self, id: FieldId, ticked: &[u32]) {
        if let Some(FieldKind::Checklist { items, .. }) =
            self.fields.iter_mut().find(|f| f.id == id).map(|f| &mut f.kind)
        {
            for item in items {
                item.checked = item.key.parse().is_ok_and(|k: u32| ticked.contains(&k));
            }
        }
    }

    /// The item as the form holds it: the item it opened on, with every
    /// field from the form (to put back an item deleted while it was open).
    pub fn item(&self) -> Option<Item> {
        let mut item = self.base.clone()?;
        for field in self.item_fields() {
            item.set(field);
        }
        Some(item)
    }

    /// Writes the form's values into its item in `group`.
    #[cfg(test)]
    pub fn apply(&self, group: &mut Group) {
        let Some(item) = self.item() else { return };
        match item {
            Item::Barrier(b) => group.barriers.iter_mut().filter(|x| x.id == b.id).for_each(|x| *x = b.clone()),
            Item::Solution(s) => group.solutions.iter_mut().filter(|x| x.id == s.id).for_each(|x| *x = s.clone()),
            Item::Action(a) => group.actions.iter_mut().filter(|x| x.id == a.id).for_each(|x| *x = a.clone()),
        }
    }

    /// The new-session form's values: title, scenario index, solo or not,
    /// group names.
    pub fn new_session_values(&self) -> (String, usize, bool, Vec<String>) {
        let groups =
            self.text(FieldId::Groups).split(',').map(|g| g.trim().to_string()).filter(|g| !g.is_empty()).collect();
        (self.text(FieldId::SessionTitle), self.choice(FieldId::Scenario), self.choice(FieldId::Mode) == 1, groups)
    }

    /// Why the form cannot be closed as it stands: the field to put right
    /// and what is wrong, naming the fields as the form shows them.
    pub fn refusal(&self) -> Option<(FieldId, String)> {
        let Target::Action(_) = self.target else { return None };
        let (start_label, end_label) = (self.label(FieldId::StartMonth), self.label(FieldId::EndMonth));
        match (self.number(FieldId::StartMonth), self.number(FieldId::EndMonth)) {
            (Some(start), Some(end)) if start > end => Some((
                FieldId::EndMonth,
                format!(
                    "{start_label} {start} is after {end_label} {end}: set {end_label} to {start} or later, or {start_label} to {end} or earlier."
                ),
            )),
            _ => None,
        }
    }

    /// True when the item's main text is still empty (a new item with
    /// nothing in it is dropped rather than left as a blank row).
    pub fn is_blank(&self) -> bool {
        self.fields.first().is_none_or(|f| self.text(f.id).is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenarios;

    fn type_text(form: &mut Form, s: &str) {
        for c in s.chars() {
            form.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    fn press(form: &mut Form, code: KeyCode) -> KeyOutcome {
        form.handle_key(&KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn a_barrier_form_writes_back_every_field() {
        let mut group = Group::default();
        let id = group.add_barrier(Barrier { severity: 3, ..Barrier::default() });
        let mut form = Form::for_barrier(&group.barriers[0], true);
        type_text(&mut form, "Nobody returns calls");
        form.next_field();
        press(&mut form, KeyCode::Right);
        form.next_field();
        type_text(&mut form, "5");
        form.next_field();
        type_text(&mut form, "The day-care tender");
        form.apply(&mut group);
        let b = group.barrier(id).unwrap();
        assert_eq!(b.text, "Nobody returns calls");
        assert_eq!(b.kind, BarrierKind::Organisational);
        assert_eq!(b.severity, 5);
        assert_eq!(b.story, "The day-care tender");
    }

    #[test]
    fn month_typing_stays_within_the_horizon() {
        let scenario = scenarios::built_in_default();
        let mut group = Group::default();
        group.add_action(Action::default());
        let mut form = Form::for_action(&group.actions[0], &group, &scenario, true);
        form.focus_on(FieldId::StartMonth);
        type_text(&mut form, "18");
        form.focus_on(FieldId::EndMonth);
        type_text(&mut form, "99");
        assert_eq!(form.number(FieldId::StartMonth), Some(18));
        assert_eq!(form.number(FieldId::EndMonth), Some(9));
        for _ in 0..30 {
            press(&mut form, KeyCode::Right);
        }
        form.apply(&mut group);
        assert_eq!(group.actions[0].end_month, Some(18));
    }

    /// The first digit typed on coming to a month starts it afresh; a
    /// digit that would take it past the horizon is refused, and says so.
    #[test]
    fn a_month_is_typed_afresh_and_never_restarted_unseen() {
        let scenario = scenarios::built_in_default();
        let mut group = Group::default();
        group.add_action(Action { start_month: Some(1), ..Action::default() });
        let mut form = Form::for_action(&group.actions[0], &group, &scenario, false);
        form.focus_on(FieldId::StartMonth);
        type_text(&mut form, "5");
        assert_eq!(form.number(FieldId::StartMonth), Some(5), "5 after a saved 1 is 5, not 15");
        form.focus_on(FieldId::EndMonth);
        type_text(&mut form, "1");
        assert_eq!(press(&mut form, KeyCode::Char('9')), KeyOutcome::Moved);
        assert_eq!(form.number(FieldId::EndMonth), Some(1), "19 is past the horizon: the 1 stays");
        assert_eq!(form.problem.as_deref(), Some("End month goes from 0 to 18."));
        type_text(&mut form, "2");
        assert_eq!(form.number(FieldId::EndMonth), Some(12));
        // A severity takes one digit: each replaces the last.
        group.add_barrier(Barrier { severity: 3, ..Barrier::default() });
        let mut form = Form::for_barrier(&group.barriers[0], false);
        form.focus_on(FieldId::Severity);
        type_text(&mut form, "24");
        assert_eq!(form.number(FieldId::Severity), Some(4));
    }

    #[test]
    fn an_action_form_refuses_months_that_end_before_they_start() {
        let scenario = scenarios::built_in_default();
        let mut group = Group::default();
        group.add_action(Action { start_month: Some(2), end_month: Some(9), ..Action::default() });
        let mut form = Form::for_action(&group.actions[0], &group, &scenario, false);
        assert_eq!(form.refusal(), None);
        form.focus_on(FieldId::StartMonth);
        type_text(&mut form, "15");
        form.focus_on(FieldId::EndMonth);
        press(&mut form, KeyCode::Backspace);
        type_text(&mut form, "3");
        let (field, why) = form.refusal().expect("start after end is refused");
        assert_eq!(field, FieldId::EndMonth);
        assert_eq!(
            why,
            "Start month 15 is after End month 3: set End month to 15 or later, or Start month to 3 or earlier."
        );
        form.apply(&mut group);
        let a = &group.actions[0];
        assert_eq!((a.start_month, a.end_month), (Some(2), Some(9)), "reversed months never reach the plan");
        press(&mut form, KeyCode::Backspace);
        type_text(&mut form, "16");
        assert_eq!(form.refusal(), None);
        form.apply(&mut group);
        let a = &group.actions[0];
        assert_eq!((a.start_month, a.end_month), (Some(15), Some(16)));
    }

    #[test]
    fn checklists_tick_links() {
        let scenario = scenarios::built_in_default();
        let mut group = Group::default();
        let b1 = group.add_barrier(Barrier { text: "one".into(), severity: 2, ..Barrier::default() });
        let b2 = group.add_barrier(Barrier { text: "two".into(), severity: 2, ..Barrier::default() });
        group.add_solution(Solution::default());
        let mut form = Form::for_solution(&group.solutions[0], &group, &scenario, true);
        form.focus_on(FieldId::AnswersBarriers);
        assert_eq!(press(&mut form, KeyCode::Down), KeyOutcome::Moved);
        press(&mut form, KeyCode::Char(' '));
        assert_eq!(press(&mut form, KeyCode::Down), KeyOutcome::Ignored, "past the end the form moves on");
        form.focus_on(FieldId::Areas);
        press(&mut form, KeyCode::Char(' '));
        form.apply(&mut group);
        assert_eq!(group.solutions[0].barriers, vec![b2]);
        assert_ne!(b1, b2);
        assert_eq!(group.solutions[0].areas, vec![scenario.areas[0].id.clone()]);
    }

    #[test]
    fn pasted_text_is_cleaned() {
        let mut group = Group::default();
        group.add_barrier(Barrier { severity: 3, ..Barrier::default() });
        let mut form = Form::for_barrier(&group.barriers[0], true);
        form.paste("a\x1b]0;owned\x07b\nc\u{202E}d");
        form.apply(&mut group);
        assert_eq!(group.barriers[0].text, "a]0;ownedb cd");
    }
}
