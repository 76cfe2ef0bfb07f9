//! Reviewing a group's work: what it covers and leaves open, the map of
//! actions by area of change, and the debrief that compares a plan with
//! what the scenario's sources found and Roundtable's own rules of thumb,
//! each point saying which it rests on.

use super::plan::{self, ActionProblem};
use super::scenario::{Cited, Scenario};
use super::session::{Barrier, Group};
use super::{and_list, number_word, plural, plural_words};

/// The gaps in one group's plan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage<'a> {
    /// The group's barriers that no action tackles, worst first.
    pub untackled_barriers: Vec<&'a Barrier>,
    /// Names of areas of change no action was placed in, in scenario order.
    pub unchosen_areas: Vec<&'a str>,
}

pub fn coverage<'a>(group: &'a Group, scenario: &'a Scenario) -> Coverage<'a> {
    let mut untackled_barriers: Vec<&Barrier> =
        group.barriers.iter().filter(|b| !group.actions.iter().any(|a| a.barriers.contains(&b.id))).collect();
    // Stable sort: equal severities keep the order the group wrote them in.
    untackled_barriers.sort_by_key(|b| std::cmp::Reverse(b.severity));
    let unchosen_areas = scenario
        .areas
        .iter()
        .filter(|area| !group.actions.iter().any(|a| a.areas.contains(&area.id)))
        .map(|area| area.name.as_str())
        .collect();
    Coverage { untackled_barriers, unchosen_areas }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::Action;
    use crate::scenarios;

    #[test]
    fn coverage_lists_untackled_barriers_worst_first_and_unchosen_areas() {
        let scenario = scenarios::built_in_default();
        let mut g = Group::default();
        let mild = g.add_barrier(Barrier { text: "mild".into(), severity: 2, ..Barrier::default() });
        let worst = g.add_barrier(Barrier { text: "worst".into(), severity: 5, ..Barrier::default() });
        let tackled = g.add_barrier(Barrier { text: "tackled".into(), severity: 3, ..Barrier::default() });
        let first_area = scenario.areas[0].id.clone();
        g.add_action(Action {
            title: "a".into(),
            barriers: vec![tackled],
            areas: vec![first_area],
            ..Action::default()
        });

        let c = coverage(&g, &scenario);
        let ids: Vec<u32> = c.untackled_barriers.iter().map(|b| b.id).collect();
        assert_eq!(ids, vec![worst, mild]);
        assert_eq!(c.unchosen_areas.len(), scenario.areas.len() - 1);
        assert!(!c.unchosen_areas.contains(&scenario.areas[0].name.as_str()));
    }

    #[test]
    fn an_empty_group_leaves_every_area_unchosen() {
        let scenario = scenarios::built_in_default();
        let group = Group::default();
        let c = coverage(&group, &scenario);
        assert!(c.untackled_barriers.is_empty());
        assert_eq!(c.unchosen_areas.len(), scenario.areas.len());
    }
}

/// One action as placed on the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapItem<'a> {
    pub group: &'a str,
    pub title: &'a str,
    pub votes: usize,
}

/// One area of change on the map, with the actions placed in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapArea<'a> {
    pub name: &'a str,
    pub items: Vec<MapItem<'a>>,
}

/// The map: every area of change with the actions of every group placed in
/// it, most voted first (ties keep group order, then the group's order).
pub fn map(session: &crate::domain::session::Session) -> Vec<MapArea<'_>> {
    session
        .scenario
        .areas
        .iter()
        .map(|area| {
            let mut items: Vec<MapItem> = session
                .groups
                .iter()
                .flat_map(|g| {
                    g.actions.iter().filter(|a| a.areas.contains(&area.id)).map(move |a| MapItem {
                        group: g.name.as_str(),
                        title: a.title.as_str(),
                        votes: crate::domain::room::votes_for(&session.votes, g.id, a.id),
                    })
                })
                .collect();
            items.sort_by_key(|i| std::cmp::Reverse(i.votes));
            MapArea { name: area.name.as_str(), items }
        })
        .collect()
}

/// Whether a debrief point is something the plan does well, a gap to work
/// on, or a neutral note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Strength,
    Gap,
    Note,
}

/// What a debrief point rests on: a source the scenario cites, the
/// exercise's own brief, or Roundtable's rule of thumb, alone or drawn from
/// a finding. Only the first is the sources' own word, and each says which
/// it is: a verdict such as "every area needs an action" is Roundtable's,
/// even where the areas themselves are the research's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// What the scenario's source says, cited.
    Finding(Cited),
    /// Roundtable's rule of thumb, resting on a finding the scenario cites.
    Drawn(Cited),
    /// What the exercise asks of each group.
    Brief(String),
    /// Roundtable's own advice.
    Advice,
}

impl Basis {
    /// The line shown under the point.
    pub fn label(&self) -> String {
        match self {
            Basis::Finding(cited) if cited.finding.trim().is_empty() => sentence(&cited.source),
            Basis::Finding(cited) => sentence(&format!("{}: {}", cited.source.trim(), cited.finding.trim())),
            Basis::Drawn(cited) => sentence(&format!(
                "Roundtable's rule of thumb, drawn from {}: {}",
                cited.source.trim(),
                cited.finding.trim()
            )),
            Basis::Brief(brief) => format!("The exercise's brief: {brief}"),
            Basis::Advice => "Roundtable's own rule of thumb, not a research finding.".to_string(),
        }
    }

    /// The verdicts are Roundtable's; where the scenario cites a finding on
    /// the topic, the point says it rests on that finding.
    fn drawn_or_advice(cited: Option<&Cited>) -> Basis {
        cited.map_or(Basis::Advice, |c| Basis::Drawn(c.clone()))
    }
}

/// Text ending with a full stop.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?']) { text.to_string() } else { format!("{text}.") }
}

/// One point of a debrief: a sentence a participant can act on, and what
/// it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub topic: &'static str,
    pub tone: Tone,
    pub text: String,
    pub basis: Basis,
}

/// The numbers behind a debrief, kept to compare practice attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    pub actions: usize,
    /// How many actions the exercise asks for (five in the seminar).
    pub actions_asked: usize,
    /// Actions with nothing missing: [`plan::check_action`] finds no
    /// problem, as the actions screen shows.
    pub actions_complete: usize,
    /// Actions without a title.
    pub without_title: usize,
    /// Actions without who leads.
    pub without_lead: usize,
    /// Actions without a start or an end month.
    pub without_months: usize,
    /// Actions whose months do not fit: past the horizon, or ending before
    /// they start.
    pub months_wrong: usize,
    /// Actions without a first step for the next 30 days.
    pub without_first_step: usize,
    /// Actions without how success will be seen.
    pub without_success: usize,
    pub barriers: usize,
    pub barriers_tackled: usize,
    /// An action tackles a barrier taken from the scenario's key card.
    pub key_tackled: bool,
    pub areas_used: usize,
    pub areas_total: usize,
    pub led_by_council: usize,
    pub led_by_third_sector: usize,
    pub led_jointly: usize,
    /// Actions that start within the first three months.
    pub early_starts: usize,
    /// Actions that end within six months.
    pub quick_wins: usize,
    /// Actions that run past month twelve.
    pub long_term: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debrief {
    pub figures: Figures,
    pub findings: Vec<Finding>,
}

/// Whether a barrier was taken from the scenario's key card. Matched by the
/// card's id alone: a barrier in a group's own words is its own.
fn is_key(b: &Barrier, scenario: &Scenario) -> bool {
    scenario.key_card().is_some_and(|card| b.card.as_deref() == Some(card.id.as_str()))
}

pub fn figures(group: &Group, scenario: &Scenario) -> Figures {
    use crate::domain::session::LeadSide;
    let tackled = |b: &&Barrier| group.actions.iter().any(|a| a.barriers.contains(&b.id));
    let count_lead = |side: LeadSide| group.actions.iter().filter(|a| a.lead == side).count();
    let problems: Vec<Vec<ActionProblem>> =
        group.actions.iter().map(|a| plan::check_action(a, &scenario.rules)).collect();
    let with = |wanted: fn(&ActionProblem) -> bool| problems.iter().filter(|p| p.iter().any(wanted)).count();
    Figures {
        actions: group.actions.len(),
        actions_asked: usize::from(scenario.rules.actions),
        actions_complete: problems.iter().filter(|p| p.is_empty()).count(),
        without_title: with(|p| *p == ActionProblem::NoTitle),
        without_lead: with(|p| *p == ActionProblem::NoLead),
        without_months: with(|p| *p == ActionProblem::NoMonths),
        months_wrong: with(|p| {
            matches!(p, ActionProblem::MonthOutOfRange { .. } | ActionProblem::EndsBeforeStart { .. })
        }),
        without_first_step: with(|p| *p == ActionProblem::NoFirstStep),
        without_success: with(|p| *p == ActionProblem::NoSuccessMeasure),
        barriers: group.barriers.len(),
        barriers_tackled: group.barriers.iter().filter(tackled).count(),
        key_tackled: group.barriers.iter().filter(tackled).any(|b| is_key(b, scenario)),
        areas_used: scenario.areas.iter().filter(|ar| group.actions.iter().any(|a| a.areas.contains(&ar.id))).count(),
        areas_total: scenario.areas.len(),
        led_by_council: count_lead(LeadSide::Council),
        led_by_third_sector: count_lead(LeadSide::ThirdSector),
        led_jointly: count_lead(LeadSide::Jointly),
        early_starts: group
            .actions
            .iter()
            .filter(|a| a.start_month.is_some_and(|m| m < crate::domain::plan::EARLY_START_MONTHS))
            .count(),
        quick_wins: group.actions.iter().filter(|a| a.span().is_some_and(|(_, end)| end <= 6)).count(),
        long_term: group.actions.iter().filter(|a| a.span().is_some_and(|(_, end)| end > 12)).count(),
    }
}

/// "1 action starts", "3 actions start": a count with its verb agreeing.
fn agree(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

fn finding(topic: &'static str, tone: Tone, text: String, basis: Basis) -> Finding {
    Finding { topic, tone, text, basis }
}

/// How many actions the plan has against how many the exercise asks for,
/// with true counts: a gap while it is short, a note when it has more, a
/// strength only when it has them all.
fn plan_size(f: &Figures, brief: Basis) -> Finding {
    let (have, asked) = (f.actions, f.actions_asked);
    let asked_words = plural_words(asked, "practical action");
    let (tone, text) = if have == 0 {
        (Tone::Gap, format!("There are no actions yet. Agree {asked_words}: start with the barrier that hurts most."))
    } else if have < asked {
        let short = asked - have;
        (
            Tone::Gap,
            format!(
                "Your plan has {} of the {asked_words} the exercise asks for: {} short. Agree {} more, starting with the barrier that hurts most and that no action tackles yet.",
                number_word(have),
                number_word(short),
                number_word(short)
            ),
        )
    } else if have > asked {
        (
            Tone::Note,
            format!(
                "Your plan has {} where the exercise asks for {}: choose the {} that matter most, or say why every one must happen.",
                plural_words(have, "action"),
                number_word(asked),
                number_word(asked)
            ),
        )
    } else {
        (Tone::Strength, format!("Your plan has the {asked_words} the exercise asks for."))
    };
    finding("The plan", tone, text, brief)
}

/// What every action needs, as the actions screen asks for it.
const COMPLETE_MEANS: &str =
    "a title, who leads, start and end months, a first step for the next 30 days and how success will be seen";

/// Whether each action has what it needs, and what is missing from how
/// many. All complete is a strength only once the plan has all its
/// actions.
fn completeness(f: &Figures, horizon: u8) -> Option<Finding> {
    let have = f.actions;
    if have == 0 {
        return None;
    }
    let basis = Basis::Brief(format!("each action has {COMPLETE_MEANS}."));
    let incomplete = have - f.actions_complete;
    if incomplete == 0 {
        let all = match have {
            1 => "Your one action is complete".to_string(),
            2 => "Both of your actions are complete".to_string(),
            n => format!("All {n} of your actions are complete"),
        };
        // What complete means is said once, in the basis below.
        return Some(if have >= f.actions_asked {
            finding("Each action", Tone::Strength, format!("{all}."), basis)
        } else {
            let to_come = f.actions_asked - have;
            let rest = if to_come == 1 { "the one still to agree needs" } else { "the ones still to agree need" };
            finding("Each action", Tone::Note, format!("{all}; {rest} the same."), basis)
        });
    }
    let missing: Vec<String> = [
        (f.without_title, "a title".to_string()),
        (f.without_lead, "who leads".to_string()),
        (f.without_months, "start and end months".to_string()),
        (f.months_wrong, format!("months that fit within 0 to {horizon}, ending no earlier than they start")),
        (f.without_first_step, "a first step for the next 30 days".to_string()),
        (f.without_success, "how success will be seen".to_string()),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| if have == 1 { what } else { format!("{what} ({})", plural(n, "action")) })
    .collect();
    let which = match (incomplete, have) {
        (_, 1) => "Your one action is not complete yet".to_string(),
        (2, 2) => "Neither of your actions is complete yet".to_string(),
        (i, n) if i == n => format!("None of your {n} actions is complete yet"),
        (1, n) => format!("1 of your {n} actions is not complete yet"),
        (i, n) => format!("{i} of your {n} actions are not complete yet"),
    };
    Some(finding("Each action", Tone::Gap, format!("{which}. Missing: {}.", and_list(&missing)), basis))
}

/// Reviews a group's plan against what the scenario's sources found, the
/// exercise's brief, and Roundtable's own rules of thumb, saying which is which.
pub fn debrief(group: &Group, scenario: &Scenario) -> Debrief {
    let f = figures(group, scenario);
    let found = &scenario.findings;
    let horizon = scenario.rules.horizon_months;
    let brief = Basis::Brief(format!(
        "{} for the next {}.",
        super::plural_words(usize::from(scenario.rules.actions), "practical action"),
        plural(usize::from(horizon), "month")
    ));
    let mut findings = vec![plan_size(&f, brief)];
    findings.extend(completeness(&f, horizon));

    // Barriers tackled and left.
    let gaps = coverage(group, scenario);
    let barriers_basis = || Basis::drawn_or_advice(found.barriers.as_ref());
    if f.barriers == 0 {
        findings.push(finding(
            "Barriers",
            Tone::Note,
            "You recorded no barriers, so the plan cannot be checked against them. Name the two or three that hurt most."
                .into(),
            barriers_basis(),
        ));
    } else if gaps.untackled_barriers.is_empty() {
        findings.push(finding(
            "Barriers",
            Tone::Strength,
            if f.barriers == 1 {
                "Your one barrier is tackled by at least one action.".to_string()
            } else if f.barriers == 2 {
                "Both of your barriers are tackled by at least one action.".to_string()
            } else {
                format!("All {} of your barriers are tackled by at least one action.", f.barriers)
            },
            barriers_basis(),
        ));
    } else {
        let worst: Vec<String> = gaps.untackled_barriers.iter().take(3).map(|b| format!("\"{}\"", b.text)).collect();
        let tackled = if f.barriers == 1 {
            "The plan does not yet tackle your one barrier".to_string()
        } else {
            format!("The plan tackles {} of your {} barriers", f.barriers_tackled, f.barriers)
        };
        findings.push(finding(
            "Barriers",
            if f.barriers_tackled * 2 >= f.barriers { Tone::Note } else { Tone::Gap },
            format!(
                "{tackled}. Still untouched: {}. Link an action to the worst of these, or say why it can wait.",
                and_list(&worst)
            ),
            barriers_basis(),
        ));
    }

    // The barrier the scenario puts at its centre, matched by card.
    if let Some(card) = scenario.key_card() {
        // The card's source says what was found about it.
        let basis = if card.source.trim().is_empty() {
            Basis::Advice
        } else {
            Basis::Finding(Cited { finding: String::new(), source: card.source.clone() })
        };
        findings.push(if f.key_tackled {
            finding(
                "Key barrier",
                Tone::Strength,
                format!("Your plan works on \"{}\", the barrier this scenario marks as key.", card.title),
                basis,
            )
        } else {
            finding(
                "Key barrier",
                Tone::Gap,
                format!(
                    "No action tackles \"{}\", the barrier this scenario marks as key. Take its card from the deck and link an action to it (a barrier in your own words is not matched to the card).",
                    card.title
                ),
                basis,
            )
        });
    }

    // Spread across the areas of change: a strength only when every area
    // has an action, since making change happen takes work in all of them.
    if f.actions > 0 {
        let tone = if f.areas_used == f.areas_total { Tone::Strength } else { Tone::Gap };
        let missing = if gaps.unchosen_areas.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = gaps.unchosen_areas.iter().map(ToString::to_string).collect();
            format!(" Nothing yet in {}.", and_list(&names))
        };
        findings.push(finding(
            "Areas of change",
            tone,
            match (f.areas_used, f.areas_total) {
                (0, _) => "None of your actions is placed in an area of change yet: give each the area it works in."
                    .to_string(),
                (_, 1) => "Your actions cover the scenario's one area of change.".to_string(),
                (used, total) if used == total => format!("Your actions cover all {total} areas of change."),
                (used, total) => format!("Your actions cover {used} of the {total} areas of change.{missing}"),
            },
            Basis::drawn_or_advice(found.areas.as_ref()),
        ));
    }

    // The third sector's part. The exercise casts a group as the council's
    // leadership, so a council lead is no fault: the question is whether
    // the other sector has a real part in the work.
    if f.actions > 0 {
        let unset = f.actions - f.led_by_council - f.led_by_third_sector - f.led_jointly;
        let shared = f.led_jointly + f.led_by_third_sector;
        let mut parts = Vec::new();
        for (n, by) in [
            (f.led_by_council, "by the council"),
            (f.led_by_third_sector, "by the third sector"),
            (f.led_jointly, "jointly"),
        ] {
            if n > 0 {
                parts.push(format!("{n} led {by}"));
            }
        }
        if unset > 0 {
            parts.push(format!("{unset} with the lead not yet decided"));
        }
        let mix = and_list(&parts);
        let council_led: Vec<String> = group
            .actions
            .iter()
            .filter(|a| a.lead == crate::domain::session::LeadSide::Council)
            .take(3)
            .map(|a| format!("\"{}\"", if a.title.trim().is_empty() { "untitled" } else { a.title.trim() }))
            .collect();
        let (tone, advice) = if unset > 0 {
            (Tone::Gap, "Decide who leads each action: a plan nobody owns does not happen.".to_string())
        } else if shared == 0 {
            (
                Tone::Note,
                format!(
                    "As the council's leadership you may well lead them all. For each, ask what part the third sector plays: who from the sector shapes {}, and is that part real or a consultation?",
                    and_list(&council_led)
                ),
            )
        } else if f.led_by_council > 0 {
            (
                Tone::Strength,
                format!(
                    "The third sector leads or shares some of the work. For the council's own, check it has a real part too: {}.",
                    and_list(&council_led)
                ),
            )
        } else {
            (Tone::Strength, "The third sector leads or shares every action.".to_string())
        };
        findings.push(finding(
            "The third sector's part",
            tone,
            format!("{mix}. {advice}"),
            Basis::drawn_or_advice(found.partnership.as_ref()),
        ));
    }

    // Spread over the months.
    if f.actions > 0 {
        let (tone, text) = if f.early_starts == 0 {
            (
                Tone::Gap,
                "Nothing starts in the first three months. Momentum matters: bring one action forward so people see change soon."
                    .to_string(),
            )
        } else if f.long_term == 0 && f.quick_wins == f.actions {
            (
                Tone::Gap,
                format!(
                    "Every action ends within six months. Add one that builds something to last the full {}.",
                    plural(usize::from(horizon), "month")
                ),
            )
        } else {
            let mut parts =
                vec![format!("{} in the first three months", agree(f.early_starts, "action starts", "actions start"))];
            if f.quick_wins > 0 {
                parts.push(format!("{} within six", agree(f.quick_wins, "ends", "end")));
            }
            if f.long_term > 0 {
                parts.push(format!("{} past month twelve", agree(f.long_term, "runs", "run")));
            }
            let verdict = if f.long_term > 0 {
                "quick starts and work that lasts."
            } else {
                "nothing runs past month twelve yet: is there one thing worth building to last?"
            };
            (if f.long_term > 0 { Tone::Strength } else { Tone::Note }, format!("{}: {verdict}", and_list(&parts)))
        };
        findings.push(finding("Timing", tone, text, Basis::drawn_or_advice(found.timing.as_ref())));
    }
    // The stance the scenario asks for.
    if let Some(choice) = &scenario.stance {
        let basis = if choice.source.trim().is_empty() {
            Basis::Brief(choice.question.clone())
        } else {
            Basis::Finding(Cited { finding: String::new(), source: choice.source.clone() })
        };
        let chosen = group.stance.as_deref().and_then(|id| choice.options.iter().find(|o| o.id == id));
        findings.push(if let Some(option) = chosen {
            finding(
                "Stance",
                Tone::Note,
                format!(
                    "You chose to {}: {} Do your actions follow from it?",
                    option.title.to_lowercase(),
                    option.text.trim()
                ),
                basis,
            )
        } else {
            let titles: Vec<String> = choice.options.iter().map(|o| o.title.to_lowercase()).collect();
            finding(
                "Stance",
                Tone::Gap,
                format!("You have not said which way your plan goes: {}.", super::or_list(&titles)),
                basis,
            )
        });
    }
    Debrief { figures: f, findings }
}

#[cfg(test)]
mod debrief_tests {
    use super::*;
    use crate::domain::session::{Action, LeadSide};
    use crate::scenarios;

    fn tone_of(d: &Debrief, topic: &str) -> Option<Tone> {
        d.findings.iter().find(|f| f.topic == topic).map(|f| f.tone)
    }

    fn text_of<'a>(d: &'a Debrief, topic: &str) -> &'a str {
        d.findings.iter().find(|f| f.topic == topic).map_or("", |f| f.text.as_str())
    }

    fn austerity() -> Scenario {
        scenarios::built_in().into_iter().find(|s| s.id == "austerity").expect("the austerity scenario")
    }

    #[test]
    fn no_actions_gives_a_starting_point_not_a_crash() {
        let s = scenarios::built_in_default();
        let d = debrief(&Group::default(), &s);
        assert_eq!(d.figures, Figures { areas_total: 5, actions_asked: 5, ..Figures::default() });
        assert!(tone_of(&d, "Each action").is_none(), "no actions, nothing to complete");
        assert_eq!(tone_of(&d, "The plan"), Some(Tone::Gap));
        assert_eq!(tone_of(&d, "Key barrier"), Some(Tone::Gap));
        let plan = d.findings.iter().find(|f| f.topic == "The plan").expect("the plan");
        assert!(plan.basis.label().starts_with("The exercise's brief: five practical actions for the next 18 months"));
        assert!(d.findings.iter().all(|f| !f.text.is_empty()));
    }

    #[test]
    fn a_balanced_plan_that_tackles_the_key_barrier_reads_as_strengths() {
        let s = scenarios::built_in_default();
        let mut g = Group::default();
        let trust = g.add_barrier(Barrier {
            text: "Low trust".into(),
            severity: 5,
            card: Some("trust".into()),
            ..Barrier::default()
        });
        let silo = g.add_barrier(Barrier { text: "Silos".into(), severity: 3, ..Barrier::default() });
        let leads = [LeadSide::Jointly, LeadSide::Council, LeadSide::ThirdSector, LeadSide::Jointly, LeadSide::Council];
        for (i, lead) in leads.into_iter().enumerate() {
            g.add_action(Action {
                title: format!("a{i}"),
                lead,
                areas: vec![s.areas[i].id.clone()],
                barriers: if i == 0 { vec![trust, silo] } else { vec![] },
                start_month: Some(i as u8 * 3),
                end_month: Some((i as u8 * 3 + 5).min(18)),
                ..Action::default()
            });
        }
        let d = debrief(&g, &s);
        assert_eq!(d.figures.barriers_tackled, 2);
        assert!(d.figures.key_tackled);
        assert_eq!(d.figures.areas_used, 5);
        assert_eq!((d.figures.led_by_council, d.figures.led_by_third_sector, d.figures.led_jointly), (2, 1, 2));
        for topic in ["Barriers", "Key barrier", "Areas of change", "The third sector's part", "Timing"] {
            assert_eq!(tone_of(&d, topic), Some(Tone::Strength), "{topic}: {:?}", d.findings);
        }
        assert_eq!(text_of(&d, "Barriers"), "Both of your barriers are tackled by at least one action.");
        let key = d.findings.iter().find(|f| f.topic == "Key barrier").expect("the key barrier");
        assert!(key.basis.label().starts_with("NLGN, Making change happen (2007)"), "{:?}", key.basis);
    }

    /// An action with everything the actions screen asks for.
    fn complete(title: &str, area: &str) -> Action {
        Action {
            title: title.into(),
            lead: LeadSide::Jointly,
            areas: vec![area.into()],
            start_month: Some(1),
            end_month: Some(12),
            first_step: "Call the chief officer".into(),
            success: "Three services use it".into(),
            ..Action::default()
        }
    }

    #[test]
    fn a_two_action_plan_is_told_it_is_three_short_and_what_its_actions_lack() {
        let s = scenarios::built_in_default();
        let mut g = Group::default();
        g.add_action(complete("Map the sector", &s.areas[0].id));
        g.add_action(Action {
            lead: LeadSide::Unset,
            first_step: String::new(),
            start_month: Some(9),
            end_month: Some(4),
            ..complete("Joint training", &s.areas[1].id)
        });
        let d = debrief(&g, &s);
        let f = d.figures;
        assert_eq!((f.actions, f.actions_asked, f.actions_complete), (2, 5, 1));
        assert_eq!((f.without_title, f.without_lead, f.without_months, f.months_wrong), (0, 1, 0, 1));
        assert_eq!((f.without_first_step, f.without_success), (1, 0));
        assert_eq!(tone_of(&d, "The plan"), Some(Tone::Gap));
        assert_eq!(
            text_of(&d, "The plan"),
            "Your plan has two of the five practical actions the exercise asks for: three short. Agree three more, starting with the barrier that hurts most and that no action tackles yet."
        );
        assert_eq!(tone_of(&d, "Each action"), Some(Tone::Gap));
        assert_eq!(
            text_of(&d, "Each action"),
            "1 of your 2 actions is not complete yet. Missing: who leads (1 action), months that fit within 0 to 18, ending no earlier than they start (1 action) and a first step for the next 30 days (1 action)."
        );
        assert_eq!(tone_of(&d, "Areas of change"), Some(Tone::Gap), "two of five areas");
        assert!(
            text_of(&d, "Areas of change").starts_with("Your actions cover 2 of the 5 areas of change. Nothing yet in")
        );
    }

    #[test]
    fn three_of_five_areas_is_a_gap_and_all_five_a_strength() {
        let s = scenarios::built_in_default();
        let mut g = Group::default();
        for i in 0..5 {
            g.add_action(complete(&format!("a{i}"), &s.areas[i.min(2)].id));
        }
        let d = debrief(&g, &s);
        assert_eq!((d.figures.areas_used, d.figures.areas_total), (3, 5));
        assert_eq!(tone_of(&d, "Areas of change"), Some(Tone::Gap), "{d:?}");
        let names = format!("{} and {}", s.areas[3].name, s.areas[4].name);
        assert_eq!(
            text_of(&d, "Areas of change"),
            format!("Your actions cover 3 of the 5 areas of change. Nothing yet in {names}.")
        );
        for (i, action) in g.actions.iter_mut().enumerate() {
            action.areas = vec![s.areas[i].id.clone()];
        }
        let d = debrief(&g, &s);
        assert_eq!(tone_of(&d, "Areas of change"), Some(Tone::Strength));
        assert_eq!(text_of(&d, "Areas of change"), "Your actions cover all 5 areas of change.");
    }

    #[test]
    fn five_complete_actions_are_strengths_and_more_than_five_a_note() {
        let s = scenarios::built_in_default();
        let mut g = Group::default();
        for i in 0..5 {
            g.add_action(complete(&format!("a{i}"), &s.areas[i].id));
        }
        let d = debrief(&g, &s);
        assert_eq!(d.figures.actions_complete, 5);
        assert_eq!(tone_of(&d, "The plan"), Some(Tone::Strength));
        assert_eq!(text_of(&d, "The plan"), "Your plan has the five practical actions the exercise asks for.");
        assert_eq!(tone_of(&d, "Each action"), Some(Tone::Strength));
        assert_eq!(text_of(&d, "Each action"), "All 5 of your actions are complete.");
        let each = d.findings.iter().find(|f| f.topic == "Each action").expect("each action");
        assert!(each.basis.label().starts_with("The exercise's brief: each action has a title, who leads"), "{each:?}");

        g.actions[3].success.clear();
        g.actions[4].success.clear();
        g.actions[4].title.clear();
        let d = debrief(&g, &s);
        assert_eq!(tone_of(&d, "The plan"), Some(Tone::Strength), "five actions, whatever they lack");
        assert_eq!(
            text_of(&d, "Each action"),
            "2 of your 5 actions are not complete yet. Missing: a title (1 action) and how success will be seen (2 actions)."
        );

        for i in 5..7 {
            g.add_action(complete(&format!("a{i}"), &s.areas[0].id));
        }
        let d = debrief(&g, &s);
        assert_eq!(tone_of(&d, "The plan"), Some(Tone::Note));
        assert_eq!(
            text_of(&d, "The plan"),
            "Your plan has seven actions where the exercise asks for five: choose the five that matter most, or say why every one must happen."
        );
    }

    #[test]
    fn complete_actions_in_a_short_plan_are_a_note_not_a_strength() {
        let s = scenarios::built_in_default();
        let mut g = Group::default();
        g.add_action(complete("a", &s.areas[0].id));
        g.add_action(complete("b", &s.areas[1].id));
        let d = debrief(&g, &s);
        assert_eq!(tone_of(&d, "Each action"), Some(Tone::Note));
        assert_eq!(
            text_of(&d, "Each action"),
            "Both of your actions are complete; the ones still to agree need the same."
        );
        let mut one = Group::default();
        one.add_action(Action::default());
        let d = debrief(&one, &s);
        assert_eq!(
            text_of(&d, "Each action"),
            "Your one action is not complete yet. Missing: a title, who leads, start and end months, a first step for the next 30 days and how success will be seen."
        );
        assert!(
            text_of(&d, "The plan").contains("one of the five practical actions the exercise asks for: four short")
        );
    }

    #[test]
    fn a_council_led_plan_is_asked_about_the_third_sectors_part_not_marked_down() {
        let s = scenarios::built_in_default();
        let mut g = Group::default();
        g.add_barrier(Barrier { text: "Nobody returns calls".into(), severity: 4, ..Barrier::default() });
        for _ in 0..5 {
            g.add_action(Action {
                title: "Same".into(),
                lead: LeadSide::Council,
                areas: vec![s.areas[0].id.clone()],
                start_month: Some(0),
                end_month: Some(0),
                ..Action::default()
            });
        }
        let d = debrief(&g, &s);
        assert_eq!(d.figures.quick_wins, 5);
        assert_eq!(d.figures.areas_used, 1);
        assert_eq!(tone_of(&d, "The third sector's part"), Some(Tone::Note), "a council lead is no fault");
        assert!(text_of(&d, "The third sector's part").contains("what part the third sector plays"), "{d:?}");
        assert_eq!(tone_of(&d, "Areas of change"), Some(Tone::Gap));
        assert_eq!(tone_of(&d, "Timing"), Some(Tone::Gap), "all quick wins, nothing lasting");
        assert_eq!(tone_of(&d, "Barriers"), Some(Tone::Gap));
        assert!(text_of(&d, "Barriers").contains("\"Nobody returns calls\""));
        assert!(text_of(&d, "Barriers").starts_with("The plan does not yet tackle your one barrier"), "{d:?}");
        let timing = d.findings.iter().find(|f| f.topic == "Timing").expect("timing");
        assert_eq!(timing.basis, Basis::Advice, "quick-win timing is Roundtable's rule of thumb");
        assert!(timing.basis.label().contains("not a research finding"));
    }

    #[test]
    fn counts_read_naturally_with_no_zero_clauses() {
        let mut s = scenarios::built_in_default();
        s.rules.actions = 1;
        let d = debrief(&Group::default(), &s);
        assert!(d.findings[0].text.contains("Agree one practical action:"), "{:?}", d.findings[0]);
        let mut g = Group::default();
        let b = g.add_barrier(Barrier { text: "Silos".into(), severity: 3, ..Barrier::default() });
        g.add_action(Action {
            lead: LeadSide::Jointly,
            barriers: vec![b],
            start_month: Some(0),
            end_month: Some(18),
            ..Action::default()
        });
        let texts: Vec<String> = debrief(&g, &s).findings.into_iter().map(|f| f.text).collect();
        assert!(texts.contains(&"Your one barrier is tackled by at least one action.".to_string()), "{texts:?}");
        assert!(
            texts.contains(
                &"1 action starts in the first three months and 1 runs past month twelve: quick starts and work that lasts."
                    .to_string()
            ),
            "{texts:?}"
        );
        for t in &texts {
            assert!(!t.contains(" 0 ") && !t.contains("1 barriers") && !t.contains("of your 1 "), "{t}");
        }
    }

    #[test]
    fn actions_ending_at_month_eighteen_count_as_long_term() {
        let s = scenarios::built_in_default();
        let mut g = Group::default();
        g.add_action(Action {
            lead: LeadSide::Jointly,
            start_month: Some(17),
            end_month: Some(18),
            ..Action::default()
        });
        let d = debrief(&g, &s);
        assert_eq!(d.figures.long_term, 1);
        assert_eq!(d.figures.early_starts, 0);
        assert_eq!(tone_of(&d, "Timing"), Some(Tone::Gap), "nothing starts early");
    }

    #[test]
    fn the_key_barrier_is_matched_by_card_never_by_its_words() {
        let s = scenarios::built_in_default();
        let mut g = Group::default();
        let trustees = g.add_barrier(Barrier { text: "Trustees resist change".into(), ..Barrier::default() });
        let trust = g.add_barrier(Barrier { text: "We do not trust them".into(), ..Barrier::default() });
        g.add_action(Action { title: "Board away day".into(), barriers: vec![trustees, trust], ..Action::default() });
        let d = debrief(&g, &s);
        assert!(!d.figures.key_tackled, "\"Trustees\" and the group's own words are not the key card");
        assert!(text_of(&d, "Key barrier").contains("Take its card from the deck"), "{d:?}");

        let card =
            g.add_barrier(Barrier { text: "Low trust".into(), card: Some("trust".into()), ..Barrier::default() });
        g.actions[0].barriers.push(card);
        assert!(debrief(&g, &s).figures.key_tackled);
    }

    #[test]
    fn an_austerity_plan_is_reviewed_by_its_own_scenario_not_by_nlgn() {
        let s = austerity();
        let mut g = Group::default();
        let nice = g.add_barrier(Barrier {
            text: "Partnership seen as nice to have".into(),
            card: Some("partnership-first-casualty".into()),
            severity: 5,
            ..Barrier::default()
        });
        g.add_action(Action {
            title: "Protect the partnership board".into(),
            lead: LeadSide::Council,
            barriers: vec![nice],
            areas: vec!["relationships".into()],
            start_month: Some(1),
            end_month: Some(18),
            ..Action::default()
        });
        let d = debrief(&g, &s);
        assert!(d.figures.key_tackled);
        let key = d.findings.iter().find(|f| f.topic == "Key barrier").expect("the key barrier");
        assert!(key.text.contains("\"Partnership seen as nice to have\", the barrier this scenario marks as key"));
        assert!(key.basis.label().starts_with("On partnerships for transformation"), "{:?}", key.basis);
        for f in &d.findings {
            let all = format!("{} {}", f.text, f.basis.label()).to_lowercase();
            assert!(!all.contains("trust"), "nothing here is about trust: {f:?}");
            if f.topic != "Areas of change" {
                assert!(!all.contains("nlgn"), "NLGN did not find this: {f:?}");
            }
        }
        let areas = d.findings.iter().find(|f| f.topic == "Areas of change").expect("areas");
        assert!(
            areas
                .basis
                .label()
                .starts_with("Roundtable's rule of thumb, drawn from NLGN, Making change happen (2007): making change happen takes work in five areas")
        );
        let barriers = d.findings.iter().find(|f| f.topic == "Barriers").expect("barriers");
        assert_eq!(barriers.basis, Basis::Advice);
    }
}
