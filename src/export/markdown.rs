//! The Markdown report: everything the session holds, in a stable order so
//! that the same session always gives the same report.

use std::fmt::Write;

use crate::clock;
use crate::domain::review;
use crate::domain::session::{Action, Group, LeadSide, Session};

/// Keeps user text from breaking the report's structure: table cells lose
/// their pipes and newlines, and control characters are dropped.
fn cell(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect::<String>()
        .replace('\n', " ")
        .replace('|', "\\|");
    if clean.trim().is_empty() { "—".into() } else { clean.trim().to_string() }
}

fn line(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_string()
}

fn months(a: &Action) -> String {
    let m = |v: Option<u8>| v.map_or("?".to_string(), |m| m.to_string());
    format!("{}–{}", m(a.start_month), m(a.end_month))
}

fn lead(a: &Action) -> String {
    let side = if a.lead == LeadSide::Unset { "—" } else { a.lead.label() };
    if a.lead_role.trim().is_empty() { side.to_string() } else { format!("{side} ({})", cell(&a.lead_role)) }
}

pub fn render(session: &Session) -> String {
    let mut out = String::new();
    let s = &session.scenario;
    // Writing to a String cannot fail.
    let _ = writeln!(out, "# {}\n", line(&session.title));
    let _ = writeln!(out, "- **Scenario:** {}", line(&s.title));
    let _ = writeln!(out, "- **Started:** {}", clock::date(session.created));
    let names: Vec<String> = session.groups.iter().map(|g| line(&g.name)).collect();
    let _ = writeln!(out, "- **Groups:** {}", names.join(", "));
    let _ = writeln!(out, "\n> {}\n", line(&s.question));
    for group in &session.groups {
        render_group(session, group, &mut out);
    }
    let _ = writeln!(out, "## Stages\n\n| Stage | Planned minutes |\n|---|---|");
    for stage in &s.stages {
        let _ = writeln!(out, "| {} | {} |", cell(&stage.title), stage.minutes);
    }
    let _ = writeln!(out, "\n---\n\n*{}*", line(&s.source));
    out
}

fn render_group(session: &Session, group: &Group, out: &mut String) {
    let s = &session.scenario;
    let _ = writeln!(out, "## {}\n", line(&group.name));
    if !group.members.is_empty() {
        let members: Vec<String> = group.members.iter().map(|m| line(m)).collect();
        let _ = writeln!(out, "Members: {}\n", members.join(", "));
    }

    let _ = writeln!(out, "### Barriers\n");
    if group.barriers.is_empty() {
        let _ = writeln!(out, "None recorded.\n");
    } else {
        let _ = writeln!(out, "| # | Barrier | Kind | Severity | Story |\n|---|---|---|---|---|");
        for (i, b) in group.barriers.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}/5 | {} |",
                i + 1,
                cell(&b.text),
                b.kind.label(),
                b.severity,
                cell(&b.story)
            );
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "### Solutions\n");
    if group.solutions.is_empty() {
        let _ = writeln!(out, "None recorded.\n");
    }
    for sol in &group.solutions {
        let _ = writeln!(out, "- **{}**", line(&sol.text));
        let barriers: Vec<String> =
            sol.barriers.iter().filter_map(|id| group.barrier(*id)).map(|b| line(&b.text)).collect();
        if !barriers.is_empty() {
            let _ = writeln!(out, "  - Answers: {}", barriers.join("; "));
        }
        let areas: Vec<&str> = sol.areas.iter().map(|a| s.area_name(a)).collect();
        if !areas.is_empty() {
            let _ = writeln!(out, "  - Areas: {}", areas.join(", "));
        }
    }
    if !group.solutions.is_empty() {
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "### Five actions for the next {} months\n", s.rules.horizon_months);
    if group.actions.is_empty() {
        let _ = writeln!(out, "None agreed.\n");
    } else {
        let _ = writeln!(
            out,
            "| # | Action | What | Lead | Months | First step (30 days) | Success | Areas | Tackles |\n|---|---|---|---|---|---|---|---|---|"
        );
        for (i, a) in group.actions.iter().enumerate() {
            let areas: Vec<&str> = a.areas.iter().map(|id| s.area_name(id)).collect();
            let tackles: Vec<String> =
                a.barriers.iter().filter_map(|id| group.barrier(*id)).map(|b| cell(&b.text)).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                i + 1,
                cell(&a.title),
                cell(&a.what),
                lead(a),
                months(a),
                cell(&a.first_step),
                cell(&a.success),
                cell(&areas.join(", ")),
                cell(&tackles.join("; ")),
            );
        }
        let _ = writeln!(out);
    }

    let gaps = review::coverage(group, s);
    if !gaps.untackled_barriers.is_empty() || !gaps.unchosen_areas.is_empty() {
        let _ = writeln!(out, "### Still open\n");
        for b in &gaps.untackled_barriers {
            let _ = writeln!(out, "- Barrier no action tackles: {} (severity {})", line(&b.text), b.severity);
        }
        if !gaps.unchosen_areas.is_empty() {
            let _ = writeln!(out, "- Areas of change no action was placed in: {}", gaps.unchosen_areas.join(", "));
        }
        let _ = writeln!(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scenario::BarrierKind;
    use crate::domain::session::{Barrier, Mode, Solution};
    use crate::scenarios;

    #[test]
    fn the_report_holds_every_part_of_the_work() {
        let mut session = Session::new("Tuesday", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
        let g = session.group_mut();
        let b = g.add_barrier(Barrier {
            text: "Silo | working".into(),
            kind: BarrierKind::Organisational,
            severity: 4,
            ..Barrier::default()
        });
        g.add_solution(Solution {
            text: "Joint team".into(),
            barriers: vec![b],
            areas: vec!["coordination".into()],
            ..Solution::default()
        });
        g.add_action(Action {
            title: "Map the sector".into(),
            lead: LeadSide::Jointly,
            start_month: Some(0),
            end_month: Some(6),
            first_step: "Call the CVS".into(),
            barriers: vec![b],
            ..Action::default()
        });
        let md = render(&session);
        assert!(md.starts_with("# Tuesday\n"));
        assert!(md.contains("| 1 | Silo \\| working | organisational | 4/5 |"), "{md}");
        assert!(md.contains("- **Joint team**\n  - Answers: Silo | working\n  - Areas: Coordination"), "{md}");
        assert!(md.contains("| 1 | Map the sector | — | jointly | 0–6 | Call the CVS |"), "{md}");
        assert!(md.contains("Areas of change no action was placed in"));
        assert_eq!(md, render(&session), "the same session gives the same report");
    }
}
