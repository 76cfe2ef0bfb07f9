//! The HTML report: one self-contained page (styles inline, no scripts, no
//! network), printable on A4 with a page per group, the timeline as inline
//! SVG and the map as a grid. All user text is escaped.

use std::fmt::Write;

use crate::clock::{self, TimeZone};
use crate::domain::plural;
use crate::domain::review;
use crate::domain::sanitize;
use crate::domain::session::{Group, Session};

use super::{
    area_names, areas_chosen, follow_up_owner, has_follow_up, idea_title, is_solo, lead, months, stage_minutes,
    tackles, vote_tally, votes, voting_rules, within_reach,
};

const STYLE: &str = include_str!("../../assets/report.css");

/// Cleans text (no controls, no bidi or other invisible characters) and
/// escapes it for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in sanitize::clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The report, with its dates and times as read in `zone`.
pub fn render(session: &Session, zone: &TimeZone) -> String {
    let s = &session.scenario;
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"Roundtable\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&session.title)
    );
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", esc(&session.title));
    let _ = writeln!(out, "<p class=\"meta\">{} · {}</p>", esc(&s.title), clock::date(session.created, zone));
    let _ = writeln!(out, "<blockquote>{}</blockquote>\n<ul class=\"groups\">", esc(&s.question));
    for g in session.groups.iter().filter(|_| !is_solo(session)) {
        let members = if g.members.is_empty() {
            String::new()
        } else {
            format!(": {}", g.members.iter().map(|m| esc(m)).collect::<Vec<_>>().join(", "))
        };
        let _ = writeln!(out, "<li><strong>{}</strong>{members}</li>", esc(&g.name));
    }
    let _ = writeln!(out, "</ul>\n</header>");
    for group in &session.groups {
        render_group(session, group, &mut out);
    }
    render_room(session, zone, &mut out);
    let _ = writeln!(out, "<footer>{}</footer>\n</body>\n</html>", esc(&s.source));
    out
}

fn render_group(session: &Session, group: &Group, out: &mut String) {
    let s = &session.scenario;
    let _ = writeln!(out, "<section class=\"group\">\n<h2>{}</h2>", esc(&group.name));
    let held = group.roles_held(s);
    if !held.is_empty() {
        let roles: Vec<String> = held.iter().map(|(role, who)| format!("{} ({})", esc(who), esc(role))).collect();
        let _ = writeln!(out, "<p class=\"roles\"><strong>Roles at the table:</strong> {}</p>", roles.join("; "));
    }
    if let (Some(choice), Some(stance)) = (&s.stance, group.stance_title(s)) {
        let _ = writeln!(
            out,
            "<p class=\"stance\"><strong>Stance:</strong> {} <span class=\"meta\">({})</span></p>",
            esc(stance),
            esc(&choice.question)
        );
    }
    let _ = writeln!(out, "<h3>Barriers</h3>");
    if group.barriers.is_empty() {
        let _ = writeln!(out, "<p>None recorded.</p>");
    } else {
        let _ =
            writeln!(out, "<table>\n<tr><th>#</th><th>Barrier</th><th>Kind</th><th>Severity</th><th>Story</th></tr>");
        for (i, b) in group.barriers.iter().enumerate() {
            let _ = writeln!(
                out,
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}/5</td><td>{}</td></tr>",
                i + 1,
                esc(&b.text),
                b.kind.label(),
                b.severity,
                esc(&b.story)
            );
        }
        let _ = writeln!(out, "</table>");
    }

    let _ = writeln!(out, "<h3>Solutions</h3>");
    if group.solutions.is_empty() {
        let _ = writeln!(out, "<p>None recorded.</p>");
    } else {
        let _ = writeln!(out, "<ul>");
        for sol in &group.solutions {
            let answers: Vec<String> =
                sol.barriers.iter().filter_map(|id| group.barrier(*id)).map(|b| esc(&b.text)).collect();
            let areas: Vec<String> = area_names(session, &sol.areas).iter().map(|a| esc(a)).collect();
            let _ = write!(out, "<li><strong>{}</strong>", esc(&sol.text));
            if !answers.is_empty() {
                let _ = write!(out, "<br>Answers: {}", answers.join("; "));
            }
            if !areas.is_empty() {
                let _ = write!(out, "<br>Areas: {}", areas.join(", "));
            }
            if let Some(title) = idea_title(session, sol.idea.as_deref()) {
                let _ = write!(out, "<br>From the idea card &#39;{}&#39;", esc(title));
            }
            let _ = writeln!(out, "</li>");
        }
        let _ = writeln!(out, "</ul>");
    }

    let _ = writeln!(out, "<h3>Actions for the next {}</h3>", plural(usize::from(s.rules.horizon_months), "month"));
    if group.actions.is_empty() {
        let _ = writeln!(out, "<p>None agreed.</p>");
    } else {
        let _ = writeln!(
            out,
            "<table>\n<tr><th>#</th><th>Action</th><th>Lead</th><th>Months</th><th>First step (30 days)</th><th>Success</th><th>Areas</th><th>Tackles</th><th>15% test</th><th>Dots</th></tr>"
        );
        for (i, a) in group.actions.iter().enumerate() {
            let mut what = if a.what.trim().is_empty() { String::new() } else { format!("<br>{}", esc(&a.what)) };
            if let Some(title) = idea_title(session, a.idea.as_deref()) {
                what.push_str(&format!("<br><span class=\"meta\">from the idea card &#39;{}&#39;</span>", esc(title)));
            }
            let _ = writeln!(
                out,
                "<tr><td class=\"num\">{}</td><td><strong>{}</strong>{what}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num dots\">{}</td></tr>",
                i + 1,
                esc(&a.title),
                esc(&lead(a)),
                months(a),
                esc(&a.first_step),
                esc(&a.success),
                esc(&area_names(session, &a.areas).join(", ")),
                esc(&tackles(group, a).join("; ")),
                within_reach(a),
                votes(session, group, a)
            );
        }
        let _ = writeln!(out, "</table>\n<p class=\"meta\">{}</p>", esc(super::FIFTEEN_PER_CENT_NOTE));
        let _ = writeln!(
            out,
            "<h3>Timeline</h3>\n<p class=\"meta\">Bars run from start to end month; <span style=\"color:#e08a00\">●</span> marks the first step, within the next 30 days.</p>"
        );
        render_timeline(session, group, out);
    }

    let debrief = review::debrief(group, s);
    let _ = writeln!(out, "<h3>Debrief</h3>\n<ul class=\"debrief\">");
    for f in &debrief.findings {
        let mark = match f.tone {
            review::Tone::Strength => "✓",
            review::Tone::Gap => "!",
            review::Tone::Note => "·",
        };
        let _ = writeln!(
            out,
            "<li><strong>{mark} {}:</strong> {} <span class=\"meta\">{}</span></li>",
            esc(f.topic),
            esc(&f.text),
            esc(&f.basis.label())
        );
    }
    let _ = writeln!(out, "</ul>");

    let gaps = review::coverage(group, s);
    if !gaps.untackled_barriers.is_empty() || !gaps.unchosen_areas.is_empty() {
        let _ = writeln!(out, "<h3>Still open</h3>\n<ul class=\"open\">");
        for b in &gaps.untackled_barriers {
            let _ = writeln!(out, "<li>Barrier no action tackles: {} (severity {})</li>", esc(&b.text), b.severity);
        }
        if !gaps.unchosen_areas.is_empty() {
            let _ = writeln!(
                out,
                "<li>Areas of change no action was placed in: {}</li>",
                esc(&gaps.unchosen_areas.join(", "))
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "</section>");
}

/// The actions on the plan's months as an inline SVG chart: a bar from
/// start to end month, and a marker for the first step in the first month.
/// The months are points on an axis from 0 to the horizon, each with its
/// tick, so a bar ends on its last month's tick.
fn render_timeline(session: &Session, group: &Group, out: &mut String) {
    let horizon = u32::from(session.scenario.rules.horizon_months).max(1);
    let (label_w, chart_w, row_h, top) = (190u32, 520u32, 22u32, 18u32);
    let month_w = chart_w as f32 / horizon as f32;
    let x_of = |month: u32| label_w as f32 + month.min(horizon) as f32 * month_w;
    let height = top + row_h * group.actions.len() as u32 + 6;
    let _ = writeln!(
        out,
        "<svg class=\"timeline\" viewBox=\"0 0 {} {height}\" role=\"img\" aria-label=\"Timeline of {}'s actions over {}\">",
        label_w + chart_w + 10,
        esc(&group.name),
        plural(horizon as usize, "month")
    );
    for m in 0..=horizon {
        let x = x_of(m);
        let _ = writeln!(out, "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{height}\"/>");
        if m % 3 == 0 || m == horizon {
            let _ = writeln!(out, "<text x=\"{x:.1}\" y=\"12\" text-anchor=\"middle\">{m}</text>");
        }
    }
    for (i, a) in group.actions.iter().enumerate() {
        let y = top + row_h * i as u32;
        let _ = writeln!(
            out,
            "<text x=\"0\" y=\"{}\">{}. {}<title>{}</title></text>",
            y + 14,
            i + 1,
            esc(&label(&a.title, 30)),
            esc(&a.title)
        );
        // Months that end before they start get no bar: the table says what they are.
        if let Some((start, end)) = a.span() {
            // An action of one month is a short bar about its tick.
            let (x0, x1) = (x_of(u32::from(start)), x_of(u32::from(end)));
            let (x, w) = if x1 - x0 < month_w / 2.0 { (x0 - month_w / 4.0, month_w / 2.0) } else { (x0, x1 - x0) };
            let _ = writeln!(
                out,
                "<rect class=\"bar\" x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"12\" rx=\"2\"><title>{}: months {}</title></rect>",
                y + 4,
                esc(&a.title),
                months(a)
            );
            if !a.first_step.trim().is_empty() {
                let cx = x_of(0) + 0.5 * month_w;
                let _ = writeln!(
                    out,
                    "<circle class=\"step\" cx=\"{cx:.1}\" cy=\"{}\" r=\"4\"><title>First step: {}</title></circle>",
                    y + 10,
                    esc(&a.first_step)
                );
            }
        }
    }
    let _ = writeln!(out, "</svg>");
}

/// A title cut to about `most` characters at a word, with an ellipsis:
/// never in the middle of a word. Cleaned first, so hidden characters do
/// not count.
fn label(title: &str, most: usize) -> String {
    let title = sanitize::clean(title);
    let title = title.trim();
    if title.chars().count() <= most {
        return title.to_string();
    }
    let cut: String = title.chars().take(most).collect();
    let kept = match cut.rfind(' ') {
        Some(at) if at > 0 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", kept.trim_end_matches([',', ';', ':', ' ']))
}

/// The room as a whole, as in the Markdown report.
fn render_synthesis(session: &Session, out: &mut String) {
    use crate::domain::synthesis::{self, Match};
    let syn = synthesis::synthesise(session);
    let several = session.groups.len() > 1;
    let _ = writeln!(out, "<h2>{}</h2>", if several { "The room as a whole" } else { "The plan as a whole" });
    if several {
        if syn.shared.is_empty() {
            let _ = writeln!(out, "<p>No barrier was named by more than one group.</p>");
        } else {
            let _ = writeln!(out, "<p>Barriers named by more than one group:</p>\n<ul>");
            for shared in &syn.shared {
                let names: Vec<String> =
                    shared.named_by.iter().filter_map(|(g, _)| session.group_by_id(*g)).map(|g| esc(&g.name)).collect();
                let how = if shared.how == Match::Similar { " (in words alike)" } else { "" };
                let _ = writeln!(
                    out,
                    "<li>{}: named by {} groups{how}: {}</li>",
                    esc(shared.text),
                    shared.named_by.len(),
                    crate::domain::and_list(&names)
                );
            }
            let _ = writeln!(out, "</ul>");
        }
    }
    if !syn.unchosen_areas.is_empty() {
        let names: Vec<String> = syn.unchosen_areas.iter().map(|a| esc(&a.name)).collect();
        let _ = writeln!(out, "<p><strong>Areas of change nobody chose:</strong> {}</p>", names.join(", "));
    }
    if !syn.untackled.is_empty() {
        let _ = writeln!(out, "<p><strong>Barriers no action tackles:</strong></p>\n<ul>");
        for u in &syn.untackled {
            let whose = if several { format!("{}: ", esc(u.group)) } else { String::new() };
            let _ = writeln!(out, "<li>{whose}{} (severity {})</li>", esc(&u.barrier.text), u.barrier.severity);
        }
        let _ = writeln!(out, "</ul>");
    }
    if let Some(choice) = &session.scenario.stance {
        let _ = writeln!(out, "<p><strong>{}</strong></p>\n<ul>", esc(&choice.question));
        for g in &session.groups {
            let _ = writeln!(
                out,
                "<li>{}: {}</li>",
                esc(&g.name),
                esc(g.stance_title(&session.scenario).unwrap_or("not chosen"))
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    for question in &session.scenario.closing_questions {
        let answer = session.closing_answers.iter().find(|a| a.question == *question);
        let _ = writeln!(out, "<h3>{}</h3>", esc(question));
        let _ = writeln!(
            out,
            "<p>{}</p>",
            answer.map_or_else(|| "<span class=\"meta\">Not answered.</span>".to_string(), |a| esc(&a.answer))
        );
    }
}

/// Every area of change with what it covers, its moves and their source,
/// marking those where no action was placed.
fn render_areas(session: &Session, out: &mut String) {
    let _ = writeln!(out, "<h2>Areas of change</h2>");
    for (area, chosen) in areas_chosen(session) {
        let class = if chosen { "area-detail" } else { "area-detail unchosen" };
        let unchosen = if chosen { "" } else { " <span class=\"mark\">nobody chose this area</span>" };
        let _ = writeln!(
            out,
            "<div class=\"{class}\"><h3>{}{unchosen}</h3>\n<p>{}</p>",
            esc(&area.name),
            esc(&area.summary)
        );
        if !area.moves.is_empty() {
            let _ = writeln!(out, "<p>Moves to consider:</p>\n<ul>");
            for m in &area.moves {
                let _ = writeln!(out, "<li>{}</li>", esc(m));
            }
            let _ = writeln!(out, "</ul>");
        }
        if !area.source.trim().is_empty() {
            let _ = writeln!(out, "<p class=\"meta\">Source: {}</p>", esc(&area.source));
        }
        let _ = writeln!(out, "</div>");
    }
}

fn render_room(session: &Session, zone: &TimeZone, out: &mut String) {
    let _ = writeln!(out, "<section class=\"room\">");
    if !session.injects.is_empty() {
        let _ = writeln!(
            out,
            "<h2>Injects fired</h2>\n<table>\n<tr><th>When</th><th>Stage</th><th>Plan month</th><th>News</th><th>Question</th></tr>"
        );
        for inject in &session.injects {
            let stage = session.scenario.stage(inject.stage).map_or(String::new(), |s| esc(&s.title));
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{stage}</td><td class=\"num\">{}</td><td><strong>{}</strong><br>{}</td><td>{}</td></tr>",
                clock::date_time_labelled(inject.fired_at, zone),
                inject.month,
                esc(&inject.title),
                esc(&inject.what),
                esc(&inject.question)
            );
        }
        let _ = writeln!(out, "</table>");
        let _ = writeln!(out, "<h3>How each group answered the news</h3>\n<ul>");
        for (i, inject) in session.injects.iter().enumerate() {
            let _ = writeln!(out, "<li><strong>Month {}: {}</strong><ul>", inject.month, esc(&inject.title));
            for g in &session.groups {
                let answer = g.response(i).map_or_else(|| "no answer".to_string(), |r| super::answer_text(g, r, esc));
                let _ = writeln!(out, "<li>{}: {answer}</li>", esc(&g.name));
            }
            let _ = writeln!(out, "</ul></li>");
        }
        let _ = writeln!(out, "</ul>");
    }
    render_synthesis(session, out);

    // The same as the Markdown report's, in the same place.
    if is_solo(session) {
        // No room voted.
    } else if session.votes.is_empty() {
        let _ = writeln!(out, "<h2>Dot votes</h2>");
        let _ = writeln!(out, "<p>No votes were cast.</p>");
    } else {
        let _ = writeln!(out, "<h2>Dot votes</h2>");
        let _ = writeln!(out, "<p>{}</p>", esc(&voting_rules(session)));
        let _ = writeln!(out, "<table>\n<tr><th>Dots</th><th>Action</th><th>Group</th></tr>");
        for (n, group, action) in vote_tally(session) {
            let _ = writeln!(
                out,
                "<tr><td class=\"num\">{n}</td><td>{}</td><td>{}</td></tr>",
                esc(&action.title),
                esc(&group.name)
            );
        }
        let _ = writeln!(out, "</table>");
    }

    let _ = writeln!(out, "<h2>The map</h2>\n<div class=\"map\">");
    // The same 3x3 arrangement as the screen: areas around the goal.
    let areas = review::map(session);
    let order = [0usize, 5, 1, 2, 8, 3, 6, 4, 7];
    for slot in order {
        match slot {
            8 => {
                let _ = writeln!(out, "<div class=\"centre\">Improving outcomes for citizens</div>");
            }
            n => match areas.get(n) {
                Some(area) => {
                    let _ = writeln!(out, "<div class=\"area\"><h4>{}</h4><ul>", esc(area.name));
                    for item in &area.items {
                        let dots = if item.votes > 0 {
                            format!(" <span class=\"dots\">● {}</span>", item.votes)
                        } else {
                            String::new()
                        };
                        let _ = writeln!(out, "<li>{} ({}){dots}</li>", esc(item.title), esc(item.group));
                    }
                    if area.items.is_empty() {
                        let _ = writeln!(out, "<li>no actions</li>");
                    }
                    let _ = writeln!(out, "</ul></div>");
                }
                None => {
                    let _ = writeln!(out, "<div></div>");
                }
            },
        }
    }
    let _ = writeln!(out, "</div>");
    render_areas(session, out);

    if has_follow_up(session) {
        let _ = writeln!(
            out,
            "<h2>Follow-up</h2>\n<table>\n<tr><th>{}</th><th>Action</th><th>Status</th><th>Note</th></tr>",
            follow_up_owner(session)
        );
        for g in &session.groups {
            for a in &g.actions {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&g.name),
                    esc(&a.title),
                    a.status.label(),
                    esc(&a.status_note)
                );
            }
        }
        let _ = writeln!(out, "</table>");
    }
    let _ = writeln!(
        out,
        "<h2>Stages</h2>\n<table>\n<tr><th>Stage</th><th>Planned minutes</th><th>Minutes on the stage</th><th>Minutes timed</th></tr>"
    );
    for row in stage_minutes(session) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&row.title),
            row.planned,
            row.on_stage,
            row.timed
        );
    }
    let _ = writeln!(out, "</table>\n</section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeline_label_is_cut_at_a_word() {
        assert_eq!(label("Cut the monitoring return to two pages", 30), "Cut the monitoring return to…");
        assert_eq!(label("Short title", 30), "Short title");
        assert_eq!(label("Onewordthatisfartoolongforthelabel", 10), "Onewordtha…");
    }

    #[test]
    fn a_bar_ends_on_its_last_months_tick() {
        use crate::domain::session::{Action, Mode};
        let mut s = Session::new("T", crate::scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
        s.groups[0].add_action(Action {
            title: "A".into(),
            start_month: Some(3),
            end_month: Some(18),
            ..Action::default()
        });
        let mut out = String::new();
        render_timeline(&s, &s.groups[0], &mut out);
        let tick = |m: u32| {
            let x = 190.0 + m as f32 * 520.0 / 18.0;
            format!("{x:.1}")
        };
        assert!(out.contains(&format!("<line class=\"grid\" x1=\"{}\"", tick(18))), "{out}");
        let bar = out.lines().find(|l| l.starts_with("<rect class=\"bar\"")).expect("a bar");
        let x: f32 =
            bar.split("x=\"").nth(1).and_then(|r| r.split('"').next()).and_then(|v| v.parse().ok()).expect("x");
        let w: f32 =
            bar.split("width=\"").nth(1).and_then(|r| r.split('"').next()).and_then(|v| v.parse().ok()).expect("w");
        assert!((x + w - (190.0 + 520.0)).abs() < 0.2, "the bar ends on the 18 tick: {bar}");
        assert!((x - (190.0 + 3.0 * 520.0 / 18.0)).abs() < 0.2, "and starts on the 3 tick: {bar}");
    }
}
