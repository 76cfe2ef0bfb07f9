//! What the phones' page may show of a session, taken from it on the app's
//! thread and handed to the web server's.
//!
//! The page is drawn only from a [`PageView`], never from the session, so
//! what is not copied here cannot reach a phone: no speaker notes, hints,
//! guides, file paths, the count of dots while the room keeps it hidden,
//! or what another person gave or said. Each table's page shows its own
//! group's barriers, solutions and actions, and at report-back every
//! group's actions to vote for.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::domain::room::{self, StageTimer, Voter};
use crate::domain::scenario::{BarrierKind, StageKind};
use crate::domain::session::{Action, Session, short_name};

/// What every phone's page is drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageView {
    /// Counts the views published, so that a page knows whether it is out
    /// of date. Set by the server as it publishes; 0 before the first.
    pub version: u64,
    /// The session's title.
    pub title: String,
    pub stage: StageView,
    /// The room's clock (the stage whose clock runs, or the room's stage).
    pub clock: Option<StageTimer>,
    /// When a break under way ends (seconds since the epoch).
    pub break_ends: Option<u64>,
    pub tables: Vec<TableView>,
    /// Whether the facilitator has closed the page for now.
    pub closed: bool,
    pub voting: VotingView,
    /// The scenario's closing questions, asked of each person at the close.
    pub closing_questions: Vec<String>,
    /// At the scenario stage, the council's brief: its name, when it is
    /// set, and its sections with their headings.
    pub brief: Option<BriefView>,
    /// The news the facilitator has fired, newest first: (title, plan
    /// month, what happened, the question it asks).
    pub news: Vec<(String, u8, String, String)>,
    /// What each person has given and said, by their id: a page shows a
    /// person their own and nobody else's.
    pub people: HashMap<u64, PersonView>,
}

/// The room's voting, as a phone may see it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct VotingView {
    /// Dots each person has.
    pub per_person: u8,
    /// Whether a person may vote for their own table's actions.
    pub own_actions: bool,
    /// Whether the count is hidden until the facilitator reveals it.
    pub hidden: bool,
    /// How many dots were given in all, and by how many voters (shown
    /// while the count is hidden).
    pub given: usize,
    pub voters: usize,
}

/// The scenario's council, as the brief on the scenario stage tells it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct BriefView {
    pub council: String,
    pub setting: String,
    pub sections: Vec<(String, String)>,
}

/// What one person has given and said.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonView {
    /// Their dots: (group id, action id), one entry a dot.
    pub dots: Vec<(u32, u32)>,
    /// Their answers, in step with the closing questions (blank: none).
    pub answers: Vec<String>,
    pub rating: Option<u8>,
    pub comment: String,
}

impl PersonView {
    pub fn dots_on(&self, group: u32, action: u32) -> usize {
        self.dots.iter().filter(|d| **d == (group, action)).count()
    }
}

/// The room's stage as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct StageView {
    /// 1-based, with how many there are.
    pub number: usize,
    pub count: usize,
    pub kind: Option<StageKind>,
    pub title: String,
    /// What the room is asked to do: the stage's prompt as the projector
    /// shows it.
    pub prompt: String,
    /// The briefing's slide on show: its title and points (its notes are
    /// the facilitator's).
    pub slide: Option<(String, Vec<String>)>,
}

/// One table: a group and its work.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct TableView {
    pub id: u32,
    pub name: String,
    /// The group's name as a link carries it (`?table=red`).
    pub short: String,
    pub barriers: Vec<BarrierView>,
    /// Its solution ideas' texts.
    pub solutions: Vec<String>,
    pub actions: Vec<ActionView>,
}

/// An action as a phone shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActionView {
    pub id: u32,
    pub title: String,
    /// When it runs, in words ("months 1–6").
    pub months: String,
    /// Its dots, when the room may see them.
    pub dots: Option<usize>,
}

/// A barrier as a phone shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BarrierView {
    pub id: u32,
    pub text: String,
    pub kind: BarrierKind,
    pub severity: u8,
}

impl PageView {
    /// What the page may show of `session` now.
    pub fn of(session: &Session) -> PageView {
        let stage = session.scenario.stage(session.stage).map_or_else(StageView::default, |spec| {
            let slide = (spec.kind == StageKind::Briefing)
                .then(|| {
                    let slides = &session.scenario.slides;
                    slides.get(session.slide.min(slides.len().saturating_sub(1)))
                })
                .flatten()
                .map(|s| (s.title.clone(), s.points.clone()));
            StageView {
                number: session.stage + 1,
                count: session.scenario.stages.len(),
                kind: Some(spec.kind),
                title: spec.title.clone(),
                prompt: spec.prompt_for(session.mode).to_string(),
                slide,
            }
        });
        let shown = !session.votes_hidden;
        let tables = session
            .groups
            .iter()
            .map(|g| TableView {
                id: g.id,
                name: g.name.clone(),
                short: short_name(&g.name),
                barriers: g
                    .barriers
                    .iter()
                    .map(|b| BarrierView { id: b.id, text: b.text.clone(), kind: b.kind, severity: b.severity })
                    .collect(),
                solutions: g.solutions.iter().map(|s| s.text.clone()).collect(),
                actions: g
                    .actions
                    .iter()
                    .map(|a| ActionView {
                        id: a.id,
                        title: a.title.clone(),
                        months: months(a),
                        dots: shown.then(|| room::votes_for(&session.votes, g.id, a.id)),
                    })
                    .collect(),
            })
            .collect();
        let (given, voters) = room::dots_given(&session.votes);
        let questions = &session.scenario.closing_questions;
        let mut people: HashMap<u64, PersonView> = HashMap::new();
        for vote in &session.votes {
            if let Voter { person: Some(person), .. } = vote.voter() {
                people.entry(person).or_default().dots.push((vote.group, vote.action));
            }
        }
        for said in &session.feedback {
            let person = people.entry(said.person).or_default();
            person.answers = questions
                .iter()
                .map(|q| said.answers.iter().find(|a| a.question == *q).map(|a| a.answer.clone()).unwrap_or_default())
                .collect();
            person.rating = said.rating;
            person.comment.clone_from(&said.comment);
        }
        PageView {
            version: 0,
            title: session.title.clone(),
            stage,
            clock: session.timer().cloned(),
            break_ends: session.break_ends(),
            tables,
            closed: false,
            voting: VotingView {
                per_person: session.voting.per_group,
                own_actions: session.voting.own_actions,
                hidden: session.votes_hidden,
                given,
                voters,
            },
            closing_questions: questions.clone(),
            brief: (session.stage_kind() == StageKind::Scenario).then(|| {
                let s = &session.scenario;
                BriefView {
                    council: s.council.name.clone(),
                    setting: s.setting.clone(),
                    sections: s
                        .council
                        .sections()
                        .iter()
                        .filter(|(_, text)| !text.trim().is_empty())
                        .map(|(heading, text)| ((*heading).to_string(), (*text).to_string()))
                        .collect(),
                }
            }),
            news: session
                .injects
                .iter()
                .rev()
                .map(|i| (i.title.clone(), i.month, i.what.clone(), i.question.clone()))
                .collect(),
            people,
        }
    }

    /// What a person has given and said (nothing yet, for someone new).
    pub fn person(&self, id: u64) -> PersonView {
        self.people.get(&id).cloned().unwrap_or_default()
    }

    /// How many dots a person has still to give.
    pub fn dots_left(&self, id: u64) -> usize {
        usize::from(self.voting.per_person).saturating_sub(self.people.get(&id).map_or(0, |p| p.dots.len()))
    }

    /// The table a link or a form names (`red`, or `Red`), if the room has it.
    pub fn table_named(&self, name: &str) -> Option<&TableView> {
        let wanted = short_name(name);
        self.tables.iter().find(|t| !wanted.is_empty() && t.short == wanted)
    }

    pub fn table(&self, id: u32) -> Option<&TableView> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// What a table's page shows of the room, as one number: a live-update
    /// stream tells a page of a change only when this has changed. A
    /// person's own dots and answers are left out: they change only by
    /// their own posts, whose answer loads the page afresh.
    pub fn shown_at(&self, table: u32) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (&self.title, &self.stage, &self.clock, self.break_ends, self.closed, self.table(table), &self.brief)
            .hash(&mut hasher);
        if matches!(self.stage.kind, Some(StageKind::Scenario | StageKind::Actions)) {
            self.news.hash(&mut hasher);
        }
        match self.stage.kind {
            Some(StageKind::ReportBack) => (&self.tables, &self.voting).hash(&mut hasher),
            Some(StageKind::Close) => self.closing_questions.hash(&mut hasher),
            _ => {}
        }
        hasher.finish()
    }

    /// Whether two views show the same, whatever their versions.
    pub fn shows_the_same_as(&self, other: &PageView) -> bool {
        PageView { version: other.version, ..self.clone() } == *other
    }
}

/// When an action runs, in words.
fn months(a: &Action) -> String {
    match (a.start_month, a.end_month) {
        (Some(s), Some(e)) if s == e => format!("month {s}"),
        (Some(s), Some(e)) => format!("months {s} to {e}"),
        (Some(s), None) => format!("from month {s}"),
        (None, Some(e)) => format!("by month {e}"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{Barrier, Mode};

    fn session() -> Session {
        let names = ["Red".to_string(), "Blue team".to_string()];
        let mut s = Session::new("Wexcombe", crate::scenarios::built_in_default(), Mode::Room, &names, 0);
        s.groups[0].add_barrier(Barrier { text: "No shared data".into(), severity: 4, ..Barrier::default() });
        s
    }

    #[test]
    fn the_view_has_each_table_and_its_barriers() {
        let view = PageView::of(&session());
        assert_eq!(view.tables.len(), 2);
        assert_eq!(view.tables[0].barriers[0].text, "No shared data");
        assert_eq!(view.tables[0].barriers[0].severity, 4);
        assert_eq!(view.table_named("BLUE TEAM").map(|t| t.name.as_str()), Some("Blue team"));
        assert_eq!(view.table_named("blueteam").map(|t| t.id), Some(view.tables[1].id));
        assert!(view.table_named("").is_none());
        assert!(view.table_named("green").is_none());
    }

    #[test]
    fn the_briefing_shows_the_slide_but_never_its_notes_hints_or_guide() {
        let mut s = session();
        let briefing = s.scenario.stages.iter().position(|st| st.kind == StageKind::Briefing).unwrap();
        s.stage = briefing;
        let slide = &s.scenario.slides[0];
        assert!(!slide.notes.is_empty(), "the built-in slides have notes to leave out");
        let view = PageView::of(&s);
        assert_eq!(view.stage.slide.as_ref().map(|(title, _)| title.as_str()), Some(slide.title.as_str()));
        let everything = format!("{view:?}");
        assert!(!everything.contains(&slide.notes), "{everything}");
        for stage in &s.scenario.stages {
            for secret in [&stage.hint, &stage.guide] {
                assert!(secret.is_empty() || !everything.contains(secret.as_str()), "{secret}");
            }
        }
    }

    #[test]
    fn a_tables_page_is_woken_by_what_it_shows_and_not_by_another_tables_work() {
        let mut s = session();
        s.stage = s.scenario.stages.iter().position(|st| st.kind == StageKind::Barriers).unwrap();
        let (red, blue) = (s.groups[0].id, s.groups[1].id);
        let before = PageView::of(&s);
        s.groups[0].add_barrier(Barrier { text: "Short grants".into(), ..Barrier::default() });
        let after = PageView::of(&s);
        assert_ne!(before.shown_at(red), after.shown_at(red), "Red's own list");
        assert_eq!(before.shown_at(blue), after.shown_at(blue), "not Blue's page");
        // At report-back every table's actions are on every page.
        s.stage = s.scenario.stages.iter().position(|st| st.kind == StageKind::ReportBack).unwrap();
        let before = PageView::of(&s);
        s.groups[0].add_action(crate::domain::session::Action { title: "Joint fund".into(), ..Default::default() });
        assert_ne!(before.shown_at(blue), PageView::of(&s).shown_at(blue));
        // The news, on the pages of the stages that answer it.
        s.stage = s.scenario.stages.iter().position(|st| st.kind == StageKind::Actions).unwrap();
        let before = PageView::of(&s);
        let inject = &s.scenario.injects[0];
        s.injects.push(crate::domain::room::FiredInject::from_scenario(inject, 0, s.stage));
        let after = PageView::of(&s);
        assert_eq!(after.news[0].0, s.injects[0].title);
        assert_ne!(before.shown_at(blue), after.shown_at(blue));
        s.stage = s.scenario.stages.iter().position(|st| st.kind == StageKind::ReportBack).unwrap();
        // So is how many dots are in while the count is hidden.
        let before = PageView::of(&s);
        let action = s.groups[0].actions[0].id;
        s.votes.push(crate::domain::room::Vote { from: blue, group: red, action, person: Some(9) });
        assert_ne!(before.shown_at(blue), PageView::of(&s).shown_at(blue));
    }

    #[test]
    fn the_scenario_stage_carries_the_councils_brief_and_no_other_stage_does() {
        let mut s = session();
        assert!(PageView::of(&s).brief.is_none());
        s.stage = s.scenario.stages.iter().position(|st| st.kind == StageKind::Scenario).unwrap();
        let brief = PageView::of(&s).brief.expect("the brief");
        assert_eq!(brief.council, s.scenario.council.name);
        assert!(brief.sections.iter().any(|(heading, text)| heading == "Money" && *text == s.scenario.council.money));
    }

    #[test]
    fn a_new_version_of_the_same_view_shows_the_same() {
        let view = PageView::of(&session());
        let later = PageView { version: 9, ..view.clone() };
        assert!(view.shows_the_same_as(&later));
        let mut changed = session();
        changed.stage = 2;
        assert!(!PageView::of(&changed).shows_the_same_as(&view));
    }
}
