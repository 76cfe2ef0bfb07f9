//! A scenario is the workshop's script: data only, loaded from RON.
//!
//! Everything a facilitator might want to change between runs of the seminar
//! lives here (stages, slides, the council brief, the card decks, injects and
//! the exercise rules), so that a new workshop is a new file, not new code.

use serde::{Deserialize, Serialize};

use super::session::Mode;

/// The eight stages of the seminar, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StageKind {
    Welcome,
    Briefing,
    Barriers,
    Solutions,
    Scenario,
    Actions,
    ReportBack,
    Close,
}

impl StageKind {
    /// A short label for the stage bar.
    pub fn short_label(self) -> &'static str {
        match self {
            StageKind::Welcome => "Welcome",
            StageKind::Briefing => "Briefing",
            StageKind::Barriers => "Barriers",
            StageKind::Solutions => "Solutions",
            StageKind::Scenario => "Scenario",
            StageKind::Actions => "Actions",
            StageKind::ReportBack => "Report-back",
            StageKind::Close => "Close",
        }
    }
}

/// Whether a barrier comes from the local climate or from weaknesses inside
/// the organisations themselves (the seminar's two categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum BarrierKind {
    #[default]
    Environmental,
    Organisational,
}

impl BarrierKind {
    pub fn label(self) -> &'static str {
        match self {
            BarrierKind::Environmental => "environmental",
            BarrierKind::Organisational => "organisational",
        }
    }

    pub fn toggled(self) -> Self {
        match self {
            BarrierKind::Environmental => BarrierKind::Organisational,
            BarrierKind::Organisational => BarrierKind::Environmental,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short machine name, used on the command line (`--scenario nlgn`).
    pub id: String,
    pub title: String,
    /// Who the content is drawn from; shown on the welcome screen and in reports.
    pub source: String,
    /// The question the seminar puts to the room.
    pub question: String,
    /// When and where the scenario is set, said plainly (a scenario drawn
    /// from a 2007 seminar runs on the institutions of its day); shown with
    /// the council's brief, on the projector and in the pack.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub setting: String,
    pub rules: ExerciseRules,
    pub stages: Vec<StageSpec>,
    #[serde(default)]
    pub slides: Vec<Slide>,
    pub council: CouncilBrief,
    #[serde(default)]
    pub roles: Vec<Role>,
    pub barrier_deck: Vec<BarrierCard>,
    pub areas: Vec<Area>,
    #[serde(default)]
    pub idea_cards: Vec<IdeaCard>,
    /// The decks the idea cards are grouped in, each named with its source,
    /// so that ideas from different documents are not read as one list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub idea_decks: Vec<IdeaDeck>,
    #[serde(default)]
    pub injects: Vec<Inject>,
    /// What the scenario's sources found, for the debrief to cite.
    #[serde(default, skip_serializing_if = "Findings::is_empty")]
    pub findings: Findings,
    /// A choice the scenario asks each group to make (the austerity
    /// scenario's four options), if it asks one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<StanceChoice>,
    /// Questions the room answers together at the close; the answers go
    /// into the reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closing_questions: Vec<String>,
    /// Breaks in the afternoon's running order, each after a stage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<Break>,
    /// The bodies and terms of the scenario's day that a room may not
    /// know, each with what it was and what became of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub glossary: Vec<GlossaryEntry>,
}

/// A term of the scenario's day, explained for a room that may not know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: String,
    /// What it was, in a sentence.
    pub meaning: String,
    /// What replaced it, or where it stands now; empty when it still
    /// stands as it was.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub now: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A named deck of idea cards: the ideas of one source document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdeaDeck {
    pub id: String,
    pub title: String,
    /// The document the deck's ideas come from, with its date.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A break in the running order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Break {
    /// The number of the stage it follows (1 is the first stage).
    pub after_stage: u8,
    pub minutes: u16,
    /// What the agenda calls it ("Break").
    #[serde(default = "break_title")]
    pub title: String,
}

fn break_title() -> String {
    "Break".to_string()
}

/// A finding of the scenario's sources, and where it is from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cited {
    /// What the source found, in a sentence.
    pub finding: String,
    /// The source, as a reader would look it up.
    pub source: String,
}

/// The findings the debrief cites, one per topic it reviews. A topic the
/// scenario leaves out is reviewed by Roundtable's own rule of thumb, and
/// labelled so; nothing is cited that the scenario's sources did not say.
/// The key barrier's finding is its card's `source`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Findings {
    /// On naming barriers before looking for ways round them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barriers: Option<Cited>,
    /// On the areas in which change is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub areas: Option<Cited>,
    /// On the part each sector plays in joint work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partnership: Option<Cited>,
    /// On pacing a plan: early starts and lasting work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<Cited>,
}

impl Findings {
    /// The findings the scenario cites, each with the topic it is on.
    pub fn cited(&self) -> Vec<(&'static str, &Cited)> {
        [
            ("Barriers", &self.barriers),
            ("Areas of change", &self.areas),
            ("Partnership", &self.partnership),
            ("Timing", &self.timing),
        ]
        .into_iter()
        .filter_map(|(topic, cited)| cited.as_ref().map(|c| (topic, c)))
        .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.barriers.is_none() && self.areas.is_none() && self.partnership.is_none() && self.timing.is_none()
    }
}

/// A choice each group makes among a scenario's options, recorded per group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StanceChoice {
    /// The question put to each group.
    pub question: String,
    pub options: Vec<StanceOption>,
    /// Where the options come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StanceOption {
    pub id: String,
    pub title: String,
    /// What choosing it means, in a sentence or two.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseRules {
    /// How many actions each group agrees (five in the seminar).
    pub actions: u8,
    /// The plan's horizon in months (eighteen in the seminar).
    pub horizon_months: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    pub kind: StageKind,
    pub title: String,
    pub minutes: u16,
    /// What the room is asked to do in this stage.
    pub prompt: String,
    /// A nudge for a group that is stuck: on the facilitator's notes, and
    /// under the prompt in solo practice.
    #[serde(default)]
    pub hint: String,
    /// The prompt as put to one person practising alone, where `prompt`
    /// speaks to a room; empty when `prompt` serves both.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub solo_prompt: String,
    /// The hint for one person practising alone; empty when `hint` serves.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub solo_hint: String,
    /// How to run the stage, for the facilitator only: shown on the notes
    /// screen, never on the projector. Empty in files written before it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guide: String,
}

impl StageSpec {
    /// The prompt for a session of this mode: solo practice speaks to one
    /// person.
    pub fn prompt_for(&self, mode: Mode) -> &str {
        if mode == Mode::Solo && !self.solo_prompt.trim().is_empty() { &self.solo_prompt } else { &self.prompt }
    }

    /// The hint for a session of this mode.
    pub fn hint_for(&self, mode: Mode) -> &str {
        if mode == Mode::Solo && !self.solo_hint.trim().is_empty() { &self.solo_hint } else { &self.hint }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slide {
    pub title: String,
    pub points: Vec<String>,
    /// Speaker notes: for the facilitator's eyes only.
    #[serde(default)]
    pub notes: String,
    /// Where the slide's points come from; shown under them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilBrief {
    pub name: String,
    pub place: String,
    pub people: String,
    pub politics: String,
    pub money: String,
    pub third_sector: String,
    /// What the Leader and the Chief Executive want from the exercise.
    pub leadership_aim: String,
}

impl CouncilBrief {
    /// The brief's sections in reading order, each with its heading.
    pub fn sections(&self) -> [(&'static str, &str); 6] {
        [
            ("Place", &self.place),
            ("People", &self.people),
            ("Politics", &self.politics),
            ("Money", &self.money),
            ("Third sector", &self.third_sector),
            ("What the leadership wants", &self.leadership_aim),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub title: String,
    pub brief: String,
    #[serde(default)]
    pub pressures: Vec<String>,
    /// Where the role and its pressures come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BarrierCard {
    pub id: String,
    pub kind: BarrierKind,
    pub title: String,
    pub explanation: String,
    /// A question for the table, to start the conversation.
    pub prompt: String,
    /// Marks the barrier the scenario puts at its centre (the seminar's
    /// most important); the debrief matches it by card id.
    #[serde(default)]
    pub key: bool,
    /// Where the card comes from, and for the key card what its source
    /// found about it; cited by the debrief.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: String,
    pub name: String,
    pub summary: String,
    /// Practical moves the seminar found in this area.
    #[serde(default)]
    pub moves: Vec<String>,
    /// Where the area and its moves come from (a scenario's own
    /// suggestions say so here).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdeaCard {
    pub id: String,
    pub title: String,
    pub text: String,
    /// Ids of areas of change the idea belongs to.
    #[serde(default)]
    pub areas: Vec<String>,
    /// Where the idea comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// The id of the deck the card belongs to, when the scenario groups
    /// its cards in `idea_decks`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub deck: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inject {
    pub id: String,
    pub title: String,
    /// The plan month in which the news lands.
    pub month: u8,
    pub what: String,
    pub question: String,
    /// Where the news is drawn from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

impl Scenario {
    pub fn stage(&self, index: usize) -> Option<&StageSpec> {
        self.stages.get(index)
    }

    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    pub fn card(&self, id: &str) -> Option<&BarrierCard> {
        self.barrier_deck.iter().find(|c| c.id == id)
    }

    /// The barrier card the scenario marks as key, if one is.
    pub fn key_card(&self) -> Option<&BarrierCard> {
        self.barrier_deck.iter().find(|c| c.key)
    }

    pub fn idea(&self, id: &str) -> Option<&IdeaCard> {
        self.idea_cards.iter().find(|c| c.id == id)
    }

    /// The idea cards deck by deck, in the order the decks are listed; a
    /// scenario without decks has one unnamed deck of every card.
    pub fn idea_cards_by_deck(&self) -> Vec<(Option<&IdeaDeck>, Vec<&IdeaCard>)> {
        if self.idea_decks.is_empty() {
            return vec![(None, self.idea_cards.iter().collect())];
        }
        let mut out: Vec<(Option<&IdeaDeck>, Vec<&IdeaCard>)> = self
            .idea_decks
            .iter()
            .map(|d| (Some(d), self.idea_cards.iter().filter(|c| c.deck == d.id).collect()))
            .collect();
        let loose: Vec<&IdeaCard> =
            self.idea_cards.iter().filter(|c| !self.idea_decks.iter().any(|d| d.id == c.deck)).collect();
        if !loose.is_empty() {
            out.push((None, loose));
        }
        out
    }

    /// The area name for an id, or the id itself when the scenario lacks it
    /// (a session keeps working even if a hand-edited file names an old area).
    pub fn area_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.area(id).map_or(id, |a| a.name.as_str())
    }
}
