//! Reviewing a group's work: what it covers and leaves open, the map of
//! actions by area of change, and the debrief that compares a plan with
//! the seminar's findings.

use super::plural;
use super::scenario::Scenario;
use super::session::{Barrier, Group};

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

/// One point of a debrief: a sentence a participant can act on, and the
/// finding of the seminar behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub topic: &'static str,
    pub tone: Tone,
    pub text: String,
    pub source: &'static str,
}

/// The numbers behind a debrief, kept to compare practice attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    pub actions: usize,
    pub barriers: usize,
    pub barriers_tackled: usize,
    pub trust_tackled: bool,
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

const SOURCE_BARRIERS: &str =
    "NLGN (2007): groups named the barriers to joint working from their own experience, then the ways round them.";
const SOURCE_TRUST: &str =
    "NLGN (2007): a lack of trust and understanding between the sectors was the most important single barrier.";
const SOURCE_AREAS: &str = "NLGN (2007): change happens across five areas: capacity and training, relationships, communications, knowledge and data, and coordination.";
const SOURCE_LEADS: &str = "NLGN (2007): poor relationships leave the third sector seen as the junior partner; good ones are built on both sides.";
const SOURCE_TIME: &str = "NLGN (2007): at the seminar, groups agreed practical actions for the next 18 months, to deliver on the leadership's aim.";

/// Does this barrier stand for trust and understanding: drawn from the
/// scenario's key card, or written about trust in the group's own words?
fn is_trust(b: &Barrier, scenario: &Scenario) -> bool {
    let key = scenario.barrier_deck.iter().find(|c| c.key).map(|c| c.id.as_str());
    (key.is_some() && b.card.as_deref() == key) || b.text.to_lowercase().contains("trust")
}

pub fn figures(group: &Group, scenario: &Scenario) -> Figures {
    use crate::domain::session::LeadSide;
    let tackled = |b: &&Barrier| group.actions.iter().any(|a| a.barriers.contains(&b.id));
    let count_lead = |side: LeadSide| group.actions.iter().filter(|a| a.lead == side).count();
    Figures {
        actions: group.actions.len(),
        barriers: group.barriers.len(),
        barriers_tackled: group.barriers.iter().filter(tackled).count(),
        trust_tackled: group.barriers.iter().filter(tackled).any(|b| is_trust(b, scenario)),
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

fn finding(topic: &'static str, tone: Tone, text: String, source: &'static str) -> Finding {
    Finding { topic, tone, text, source }
}

/// Reviews a group's plan against the seminar's findings.
pub fn debrief(group: &Group, scenario: &Scenario) -> Debrief {
    let f = figures(group, scenario);
    let mut findings = Vec::new();
    if f.actions == 0 {
        findings.push(finding(
            "The plan",
            Tone::Gap,
            format!(
                "There are no actions yet. Agree {}: start with the barrier that hurts most.",
                super::plural_words(usize::from(scenario.rules.actions), "practical action")
            ),
            SOURCE_TIME,
        ));
    }

    // Barriers tackled and left.
    let gaps = coverage(group, scenario);
    if f.barriers == 0 {
        findings.push(finding(
            "Barriers",
            Tone::Note,
            "You recorded no barriers, so the plan cannot be checked against them. Name the two or three that hurt most."
                .into(),
            SOURCE_BARRIERS,
        ));
    } else if gaps.untackled_barriers.is_empty() {
        findings.push(finding(
            "Barriers",
            Tone::Strength,
            if f.barriers == 1 {
                "Your one barrier is tackled by at least one action.".to_string()
            } else {
                format!("Every one of your {} barriers is tackled by at least one action.", f.barriers)
            },
            SOURCE_BARRIERS,
        ));
    } else {
        let worst: Vec<String> = gaps.untackled_barriers.iter().take(3).map(|b| format!("\"{}\"", b.text)).collect();
        findings.push(finding(
            "Barriers",
            if f.barriers_tackled * 2 >= f.barriers { Tone::Note } else { Tone::Gap },
            format!(
                "The plan tackles {} of your {}. Still untouched: {}. Link an action to the worst of these, or say why it can wait.",
                f.barriers_tackled,
                plural(f.barriers, "barrier"),
                worst.join(", ")
            ),
            SOURCE_BARRIERS,
        ));
    }

    // Trust and understanding.
    findings.push(if f.trust_tackled {
        finding(
            "Trust",
            Tone::Strength,
            "Your plan works on trust and understanding, the seminar's most important barrier.".into(),
            SOURCE_TRUST,
        )
    } else {
        finding(
            "Trust",
            Tone::Gap,
            "No action tackles trust and understanding. The seminars found it the most important single barrier: add or link an action that builds it, such as regular senior meetings or secondments."
                .into(),
            SOURCE_TRUST,
        )
    });

    // Spread across the areas of change.
    if f.actions > 0 {
        let tone = if f.areas_used * 5 >= f.areas_total * 3 { Tone::Strength } else { Tone::Gap };
        let missing = if gaps.unchosen_areas.is_empty() {
            String::new()
        } else {
            format!(" Nothing yet in: {}.", gaps.unchosen_areas.join(", "))
        };
        findings.push(finding(
            "Areas of change",
            tone,
            format!(
                "Your actions cover {} of the {} of making change happen.{missing}",
                f.areas_used,
                plural(f.areas_total, "area")
            ),
            SOURCE_AREAS,
        ));
    }

    // Who leads.
    if f.actions > 0 {
        let unset = f.actions - f.led_by_council - f.led_by_third_sector - f.led_jointly;
        let mix = format!(
            "{} led by the council, {} by the third sector, {} jointly{}",
            f.led_by_council,
            f.led_by_third_sector,
            f.led_jointly,
            if unset > 0 { format!(", {unset} undecided") } else { String::new() }
        );
        let (tone, advice) = if f.led_by_council == f.actions {
            (Tone::Gap, "Every action sits with the council: give the third sector the lead on at least one.")
        } else if f.led_jointly + f.led_by_third_sector == 0 {
            (Tone::Gap, "Decide who leads each action; a plan nobody owns does not happen.")
        } else if f.led_jointly > 0 {
            (Tone::Strength, "Joint leadership shows the sectors working as equals.")
        } else {
            (Tone::Note, "Consider leading at least one action jointly, so the work is shared.")
        };
        findings.push(finding("Who leads", tone, format!("{mix}. {advice}"), SOURCE_LEADS));
    }

    // Spread over the months.
    if f.actions > 0 {
        let horizon = scenario.rules.horizon_months;
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
            (
                Tone::Strength,
                format!(
                    "{} in the first three months, {} within six and {} past month twelve: a mix of quick wins and longer work.",
                    agree(f.early_starts, "action starts", "actions start"),
                    agree(f.quick_wins, "ends", "end"),
                    agree(f.long_term, "runs", "run")
                ),
            )
        };
        findings.push(finding("Timing", tone, text, SOURCE_TIME));
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

    #[test]
    fn no_actions_gives_a_starting_point_not_a_crash() {
        let s = scenarios::built_in_default();
        let d = debrief(&Group::default(), &s);
        assert_eq!(d.figures, Figures { areas_total: 5, ..Figures::default() });
        assert_eq!(tone_of(&d, "The plan"), Some(Tone::Gap));
        assert_eq!(tone_of(&d, "Trust"), Some(Tone::Gap));
        assert!(d.findings.iter().all(|f| !f.text.is_empty() && f.source.starts_with("NLGN")));
    }

    #[test]
    fn a_balanced_plan_that_tackles_trust_reads_as_strengths() {
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
        assert!(d.figures.trust_tackled);
        assert_eq!(d.figures.areas_used, 5);
        assert_eq!((d.figures.led_by_council, d.figures.led_by_third_sector, d.figures.led_jointly), (2, 1, 2));
        for topic in ["Barriers", "Trust", "Areas of change", "Who leads", "Timing"] {
            assert_eq!(tone_of(&d, topic), Some(Tone::Strength), "{topic}: {:?}", d.findings);
        }
    }

    #[test]
    fn five_identical_council_actions_at_month_zero_show_the_gaps() {
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
        assert_eq!(tone_of(&d, "Who leads"), Some(Tone::Gap));
        assert_eq!(tone_of(&d, "Areas of change"), Some(Tone::Gap));
        assert_eq!(tone_of(&d, "Timing"), Some(Tone::Gap), "all quick wins, nothing lasting");
        assert_eq!(tone_of(&d, "Barriers"), Some(Tone::Gap));
        assert!(d.findings.iter().any(|f| f.text.contains("\"Nobody returns calls\"")));
    }

    #[test]
    fn counts_of_one_read_in_the_singular() {
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
            texts
                .iter()
                .any(|t| t.starts_with("1 action starts in the first three months, 0 end within six and 1 runs")),
            "{texts:?}"
        );
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
}
