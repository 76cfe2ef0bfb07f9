//! Checks of meaning, after a file has parsed: ids unique, references that
//! resolve, numbers in range. Each problem names the field's path (for
//! example `injects[3].month`) and says how to fix it.

use std::collections::HashSet;

use super::scenario::{Scenario, StageKind};
use super::session::Session;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file, as a field path: `barrier_deck[2].id`.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

fn problem(path: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem { path: path.into(), message: message.into() }
}

/// Reports every id that appears more than once in a list.
fn unique_ids<'a>(list: &str, ids: impl Iterator<Item = &'a str>, out: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            out.push(problem(format!("{list}[{i}].id"), "the id is empty: give it a short unique name"));
        } else if !seen.insert(id) {
            out.push(problem(
                format!("{list}[{i}].id"),
                format!("the id \"{id}\" is used twice in {list}: ids must be unique, so rename one"),
            ));
        }
    }
}

/// Whether a scenario id is safe on a command line and in a file name:
/// letters, digits, dashes and underscores.
pub fn is_plain_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Checks a scenario file: its content, and that its id does not take the
/// name of one of the `built_in` scenarios (which would always be chosen
/// first).
pub fn check_scenario(s: &Scenario, built_in: &[Scenario]) -> Vec<Problem> {
    let mut out = check_scenario_content(s);
    if let Some(built_in) = built_in.iter().find(|b| b.id == s.id)
        && built_in != s
    {
        out.push(problem(
            "id",
            format!(
                "\"{}\" is the id of a built-in scenario, which would be chosen instead of this one: give this scenario its own id",
                s.id
            ),
        ));
    }
    out
}

/// Reports every empty title in a list: `list[i].field`.
fn titled<'a>(list: &str, field: &str, titles: impl Iterator<Item = &'a str>, out: &mut Vec<Problem>) {
    for (i, title) in titles.enumerate() {
        if title.trim().is_empty() {
            out.push(problem(format!("{list}[{i}].{field}"), format!("the {field} is empty: write a few words")));
        }
    }
}

/// Checks what a scenario says, wherever it is kept (a session's copy of an
/// older built-in scenario is checked by this alone).
pub fn check_scenario_content(s: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    if s.id.trim().is_empty() {
        out.push(problem("id", "the scenario needs an id, a short name such as \"my-council\""));
    } else if !is_plain_id(&s.id) {
        out.push(problem(
            "id",
            format!(
                "the id \"{}\" has characters other than letters, digits, dashes and underscores: use a short name such as \"my-council\"",
                s.id
            ),
        ));
    }
    if s.title.trim().is_empty() {
        out.push(problem("title", "the title is empty: give the workshop a title"));
    }
    if s.council.name.trim().is_empty() {
        out.push(problem("council.name", "the council needs a name"));
    }
    if s.rules.actions == 0 {
        out.push(problem("rules.actions", "each group must agree at least one action: set it to 1 or more"));
    }
    if s.rules.horizon_months == 0 {
        out.push(problem("rules.horizon_months", "the plan needs at least one month: set it to 1 or more"));
    }
    if s.stages.is_empty() {
        out.push(problem("stages", "a scenario needs at least one stage"));
    }
    for (i, stage) in s.stages.iter().enumerate() {
        if stage.minutes == 0 {
            out.push(problem(
                format!("stages[{i}].minutes"),
                "a stage must last at least one minute: give it a positive number",
            ));
        }
        if let Some(first) = s.stages[..i].iter().position(|earlier| earlier.kind == stage.kind) {
            out.push(problem(
                format!("stages[{i}].kind"),
                format!(
                    "stages[{first}] is already a {:?} stage: each kind of stage comes once, so remove one or choose another kind",
                    stage.kind
                ),
            ));
        }
        if stage.kind == StageKind::Briefing && s.slides.is_empty() {
            out.push(problem(
                format!("stages[{i}].kind"),
                "a Briefing stage shows the slides, and there are none: add `slides`, or remove the stage",
            ));
        }
    }
    for (i, pause) in s.breaks.iter().enumerate() {
        let between = 1..s.stages.len();
        if !between.contains(&usize::from(pause.after_stage)) {
            out.push(problem(
                format!("breaks[{i}].after_stage"),
                format!(
                    "a break comes between two stages: give the number of the stage it follows, from 1 to {}",
                    s.stages.len().saturating_sub(1)
                ),
            ));
        }
        if pause.minutes == 0 || pause.minutes > 120 {
            out.push(problem(format!("breaks[{i}].minutes"), "a break lasts from 1 to 120 minutes"));
        }
    }
    titled("stages", "title", s.stages.iter().map(|x| x.title.as_str()), &mut out);
    titled("slides", "title", s.slides.iter().map(|x| x.title.as_str()), &mut out);
    titled("roles", "title", s.roles.iter().map(|x| x.title.as_str()), &mut out);
    titled("barrier_deck", "title", s.barrier_deck.iter().map(|x| x.title.as_str()), &mut out);
    titled("areas", "name", s.areas.iter().map(|x| x.name.as_str()), &mut out);
    titled("idea_cards", "title", s.idea_cards.iter().map(|x| x.title.as_str()), &mut out);
    titled("injects", "title", s.injects.iter().map(|x| x.title.as_str()), &mut out);
    if s.barrier_deck.is_empty() {
        out.push(problem("barrier_deck", "the barrier deck is empty: add at least one card for groups to draw"));
    }
    let keys: Vec<usize> = s.barrier_deck.iter().enumerate().filter(|(_, c)| c.key).map(|(i, _)| i).collect();
    if let [first, rest @ ..] = keys.as_slice() {
        for i in rest {
            out.push(problem(
                format!("barrier_deck[{i}].key"),
                format!(
                    "barrier_deck[{first}] is already marked as the key barrier: only one card may have `key: true`"
                ),
            ));
        }
    }
    unique_ids("roles", s.roles.iter().map(|r| r.id.as_str()), &mut out);
    unique_ids("barrier_deck", s.barrier_deck.iter().map(|c| c.id.as_str()), &mut out);
    unique_ids("areas", s.areas.iter().map(|a| a.id.as_str()), &mut out);
    unique_ids("idea_cards", s.idea_cards.iter().map(|c| c.id.as_str()), &mut out);
    unique_ids("injects", s.injects.iter().map(|c| c.id.as_str()), &mut out);
    if s.areas.is_empty() {
        out.push(problem("areas", "list at least one area of change for actions to be placed in"));
    }
    for (i, card) in s.idea_cards.iter().enumerate() {
        for (j, area) in card.areas.iter().enumerate() {
            if s.area(area).is_none() {
                out.push(problem(
                    format!("idea_cards[{i}].areas[{j}]"),
                    format!("no area has the id \"{area}\": use one of the ids under `areas`"),
                ));
            }
        }
    }
    titled("idea_decks", "title", s.idea_decks.iter().map(|x| x.title.as_str()), &mut out);
    unique_ids("idea_decks", s.idea_decks.iter().map(|d| d.id.as_str()), &mut out);
    if !s.idea_decks.is_empty() {
        for (i, card) in s.idea_cards.iter().enumerate() {
            if !s.idea_decks.iter().any(|d| d.id == card.deck) {
                out.push(problem(
                    format!("idea_cards[{i}].deck"),
                    format!(
                        "the scenario groups its cards in decks, and \"{}\" is not one of them: use one of the ids under `idea_decks`",
                        card.deck
                    ),
                ));
            }
        }
    }
    for (i, entry) in s.glossary.iter().enumerate() {
        if entry.term.trim().is_empty() {
            out.push(problem(format!("glossary[{i}].term"), "the term is empty: name what is explained"));
        }
        if entry.meaning.trim().is_empty() {
            out.push(problem(format!("glossary[{i}].meaning"), "the meaning is empty: say in a sentence what it was"));
        }
        if let Some(first) = s.glossary[..i].iter().position(|e| e.term.trim().eq_ignore_ascii_case(entry.term.trim()))
        {
            out.push(problem(
                format!("glossary[{i}].term"),
                format!("glossary[{first}] already explains \"{}\": keep one of them", entry.term.trim()),
            ));
        }
    }
    let f = &s.findings;
    for (topic, cited) in
        [("barriers", &f.barriers), ("areas", &f.areas), ("partnership", &f.partnership), ("timing", &f.timing)]
    {
        let Some(cited) = cited else { continue };
        if cited.finding.trim().is_empty() {
            out.push(problem(
                format!("findings.{topic}.finding"),
                "the finding is empty: say in a sentence what the source found",
            ));
        }
        if cited.source.trim().is_empty() {
            out.push(problem(
                format!("findings.{topic}.source"),
                "a finding needs its source, as a reader would look it up; leave the finding out to have the debrief give its own advice instead",
            ));
        }
    }
    if let Some(stance) = &s.stance {
        if stance.question.trim().is_empty() {
            out.push(problem("stance.question", "the question is empty: say what each group is asked to choose"));
        }
        if stance.options.len() < 2 {
            out.push(problem("stance.options", "a choice needs at least two options"));
        }
        titled("stance.options", "title", stance.options.iter().map(|o| o.title.as_str()), &mut out);
        unique_ids("stance.options", stance.options.iter().map(|o| o.id.as_str()), &mut out);
    }
    for (i, inject) in s.injects.iter().enumerate() {
        if inject.month > s.rules.horizon_months {
            out.push(problem(
                format!("injects[{i}].month"),
                format!(
                    "month {} is after the plan's horizon of {}: choose a month from 0 to {}",
                    inject.month,
                    super::plural(usize::from(s.rules.horizon_months), "month"),
                    s.rules.horizon_months
                ),
            ));
        }
    }
    out
}

pub fn check_session(session: &Session) -> Vec<Problem> {
    let mut out: Vec<Problem> = check_scenario_content(&session.scenario)
        .into_iter()
        .map(|p| problem(format!("scenario.{}", p.path), p.message))
        .collect();
    if session.groups.is_empty() {
        out.push(problem("groups", "a session needs at least one group"));
    }
    if session.stage >= session.scenario.stages.len().max(1) {
        out.push(problem("stage", "the stage number is past the last stage of the scenario"));
    }
    let horizon = session.scenario.rules.horizon_months;
    for (g, group) in session.groups.iter().enumerate() {
        for (i, answer) in group.inject_responses.iter().enumerate() {
            if answer.inject >= session.injects.len() {
                out.push(problem(
                    format!("groups[{g}].inject_responses[{i}].inject"),
                    format!("no inject number {} was fired: the answer is kept but not shown", answer.inject),
                ));
            }
        }
        if let Some(stance) = &group.stance
            && !session.scenario.stance.as_ref().is_some_and(|c| c.options.iter().any(|o| o.id == *stance))
        {
            out.push(problem(
                format!("groups[{g}].stance"),
                format!("the scenario has no stance option \"{stance}\": the group's choice is kept but not shown"),
            ));
        }
        for (i, b) in group.barriers.iter().enumerate() {
            if !(1..=5).contains(&b.severity) {
                out.push(problem(format!("groups[{g}].barriers[{i}].severity"), "severity runs from 1 to 5"));
            }
        }
        let mut held = HashSet::new();
        for (i, holder) in group.role_holders.iter().enumerate() {
            let path = format!("groups[{g}].role_holders[{i}].role");
            if !session.scenario.roles.iter().any(|r| r.id == holder.role) {
                out.push(problem(
                    path,
                    format!(
                        "the scenario has no role with the id \"{}\": use one of the ids under `roles`",
                        holder.role
                    ),
                ));
            } else if !held.insert(holder.role.as_str()) {
                out.push(problem(
                    path,
                    format!("the role \"{}\" is given twice in this group: one person holds each role", holder.role),
                ));
            }
        }
        let barrier_ids: HashSet<u32> = group.barriers.iter().map(|b| b.id).collect();
        let links = group
            .solutions
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                s.barriers.iter().enumerate().map(move |(j, id)| (format!("solutions[{i}].barriers[{j}]"), *id))
            })
            .chain(group.actions.iter().enumerate().flat_map(|(i, a)| {
                a.barriers.iter().enumerate().map(move |(j, id)| (format!("actions[{i}].barriers[{j}]"), *id))
            }));
        for (path, id) in links {
            if !barrier_ids.contains(&id) {
                out.push(problem(
                    format!("groups[{g}].{path}"),
                    format!("no barrier in this group has id {id}: remove the link or add the barrier"),
                ));
            }
        }
        let ideas = group
            .solutions
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("solutions[{i}].idea"), &s.idea))
            .chain(group.actions.iter().enumerate().map(|(i, a)| (format!("actions[{i}].idea"), &a.idea)));
        for (path, idea) in ideas {
            if let Some(id) = idea
                && session.scenario.idea(id).is_none()
            {
                out.push(problem(
                    format!("groups[{g}].{path}"),
                    format!(
                        "the scenario has no idea card with the id \"{id}\": use one of the ids under `idea_cards`, or remove the link (the item is kept either way)"
                    ),
                ));
            }
        }
        for (i, a) in group.actions.iter().enumerate() {
            for (field, month) in [("start_month", a.start_month), ("end_month", a.end_month)] {
                if let Some(m) = month
                    && m > horizon
                {
                    out.push(problem(
                        format!("groups[{g}].actions[{i}].{field}"),
                        format!("month {m} is outside the plan's 0 to {horizon} months"),
                    ));
                }
            }
            if let (Some(start), Some(end)) = (a.start_month, a.end_month)
                && end < start
            {
                out.push(problem(
                    format!("groups[{g}].actions[{i}].end_month"),
                    format!(
                        "the action ends in month {end}, before it starts in month {start}: swap them or correct one (the file is opened as it is, and the action's form will not close until it is put right)"
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenarios;

    #[test]
    fn the_built_in_scenarios_are_clean() {
        for s in scenarios::built_in() {
            assert_eq!(check_scenario(&s, &crate::scenarios::built_in()), vec![], "scenario {}", s.id);
        }
    }

    #[test]
    fn duplicate_ids_and_late_injects_are_named_by_path() {
        let mut s = scenarios::built_in_default();
        let first = s.barrier_deck[0].id.clone();
        s.barrier_deck[1].id = first;
        s.injects[0].month = s.rules.horizon_months + 1;
        s.stages[2].minutes = 0;
        s.rules.actions = 0;
        let paths: Vec<String> =
            check_scenario(&s, &crate::scenarios::built_in()).into_iter().map(|p| p.path).collect();
        assert!(paths.contains(&"barrier_deck[1].id".to_string()), "{paths:?}");
        assert!(paths.contains(&"injects[0].month".to_string()), "{paths:?}");
        assert!(paths.contains(&"stages[2].minutes".to_string()), "{paths:?}");
        assert!(paths.contains(&"rules.actions".to_string()), "{paths:?}");
    }

    #[test]
    fn a_break_must_fall_between_two_stages_and_last_a_while() {
        let mut s = scenarios::built_in_default();
        let last = u8::try_from(s.stages.len()).unwrap();
        s.breaks.push(crate::domain::scenario::Break { after_stage: last, minutes: 10, title: "Late".into() });
        s.breaks.push(crate::domain::scenario::Break { after_stage: 2, minutes: 0, title: "None".into() });
        let paths: Vec<String> = check_scenario_content(&s).into_iter().map(|p| p.path).collect();
        assert_eq!(paths, ["breaks[1].after_stage", "breaks[2].minutes"]);
    }

    #[test]
    fn an_action_that_ends_before_it_starts_is_reported_and_kept() {
        use crate::domain::session::{Action, Mode};
        let mut session = Session::new("S", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
        session.group_mut().add_action(Action { title: "Pilot".into(), ..Action::default() });
        session.group_mut().add_action(Action {
            title: "Back to front".into(),
            start_month: Some(15),
            end_month: Some(3),
            ..Action::default()
        });
        session.normalise();
        let problems = check_session(&session);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "groups[0].actions[1].end_month");
        assert!(problems[0].message.contains("ends in month 3, before it starts in month 15"), "{}", problems[0]);
        let a = &session.groups[0].actions[1];
        assert_eq!((a.start_month, a.end_month), (Some(15), Some(3)), "opening keeps what was written");
    }

    #[test]
    fn a_session_keeps_an_older_copy_of_a_built_in_scenario_without_complaint() {
        use crate::domain::session::Mode;
        let mut older = scenarios::built_in_default();
        older.title = "An older wording".into();
        assert_eq!(
            check_scenario(&older, &crate::scenarios::built_in()).len(),
            1,
            "as a scenario file, the id clashes with the built-in"
        );
        let session = Session::new("S", older, Mode::Room, &["Red".into()], 0);
        assert_eq!(check_session(&session), vec![], "a session's copy is its own");
    }

    #[test]
    fn findings_need_their_source_and_a_stance_needs_options() {
        use crate::domain::scenario::{Cited, StanceChoice, StanceOption};
        let mut s = crate::scenarios::built_in_default();
        s.id = "mine".into();
        s.findings.timing = Some(Cited { finding: "early starts matter".into(), source: " ".into() });
        s.findings.barriers = Some(Cited { finding: String::new(), source: "A book".into() });
        s.stance = Some(StanceChoice {
            question: String::new(),
            options: vec![StanceOption { id: "only".into(), title: "Only".into(), text: String::new() }],
            source: String::new(),
        });
        let paths: Vec<String> =
            check_scenario(&s, &crate::scenarios::built_in()).into_iter().map(|p| p.path).collect();
        for path in ["findings.timing.source", "findings.barriers.finding", "stance.question", "stance.options"] {
            assert!(paths.iter().any(|p| p == path), "{path} in {paths:?}");
        }
    }

    #[test]
    fn a_role_holder_must_name_a_role_of_the_scenario_once() {
        use crate::domain::session::{Mode, RoleHolder};
        let mut session = Session::new("S", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
        let group = session.group_mut();
        group.hold_role("leader", "Asha");
        group.role_holders.push(RoleHolder { role: "leader".into(), person: "Ben".into() });
        group.role_holders.push(RoleHolder { role: "mayor".into(), person: "Cy".into() });
        let paths: Vec<String> = check_session(&session).into_iter().map(|p| p.path).collect();
        assert_eq!(paths, vec!["groups[0].role_holders[1].role", "groups[0].role_holders[2].role"]);
    }

    #[test]
    fn an_item_linked_to_an_idea_card_the_scenario_lacks_is_reported() {
        use crate::domain::session::{Action, Mode, Solution};
        let mut session = Session::new("S", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
        let group = session.group_mut();
        group.add_solution(Solution { text: "Ours".into(), idea: Some("secondments".into()), ..Solution::default() });
        group.add_solution(Solution { text: "Lost".into(), idea: Some("gone-card".into()), ..Solution::default() });
        group.add_action(Action { title: "Lost too".into(), idea: Some("also-gone".into()), ..Action::default() });
        let problems = check_session(&session);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, vec!["groups[0].solutions[1].idea", "groups[0].actions[0].idea"]);
        assert!(problems[0].message.contains("\"gone-card\""), "{}", problems[0]);
    }

    #[test]
    fn an_idea_card_naming_a_missing_area_is_reported() {
        let mut s = scenarios::built_in_default();
        s.idea_cards[0].areas = vec!["no-such-area".into()];
        let problems = check_scenario_content(&s);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "idea_cards[0].areas[0]");
        assert!(problems[0].message.contains("no-such-area"));
    }
}
