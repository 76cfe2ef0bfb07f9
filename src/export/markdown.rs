//! The Markdown report.

use std::fmt::Write;

use crate::clock::{self, TimeZone};
use crate::domain::review;
use crate::domain::sanitize;
use crate::domain::session::{Action, Group, RATING_MAX, RATING_WORDS, Session};

use crate::domain::plural;

use super::{
    area_names, areas_chosen, follow_up_owner, has_follow_up, idea_title, is_solo, lead_with, months, stage_minutes,
    tackles, vote_tally, votes, voting_rules, within_reach,
};

/// A table cell: one line of escaped text, or a dash when there is none.
fn cell(text: &str) -> String {
    or_dash(line(text))
}

fn or_dash(escaped: String) -> String {
    if escaped.is_empty() { "—".into() } else { escaped }
}

/// Text from a session or scenario as Markdown that shows exactly what was
/// written and does nothing else. Both are untrusted: a scenario file can
/// come from anyone, and the report is opened in viewers that render HTML.
///
/// The text is cleaned to one line; `<`, `>` and `&` become entities, so no
/// tag, comment, autolink or entity can open; and the characters Markdown
/// gives a meaning are backslash-escaped, so no link, image, emphasis, code
/// span, heading close, table cell, maths or attribute list (`{...}`) can
/// form. A leading `-`, `+` or `1.` is escaped too, as it would start a list
/// where the text begins a list item. Brackets are escaped but parentheses
/// need not be: a link or image needs `](`, and no `]` is left unescaped.
fn line(text: &str) -> String {
    let clean = sanitize::clean(text);
    let text = clean.trim();
    let list_marker = list_marker(text);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, c) in text.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '{' | '}' | '#' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if Some(i) == list_marker => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Where `text` starts with a list marker (`-`, `+`, `1.` or `1)`, then a
/// space or nothing more), the byte index of the marker's punctuation.
fn list_marker(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let marks: &[u8] = if digits > 0 { b".)" } else { b"-+" };
    let mark = bytes.get(digits)?;
    let ends_marker = bytes.get(digits + 1).is_none_or(|b| *b == b' ');
    (marks.contains(mark) && ends_marker).then_some(digits)
}

/// Several texts, each escaped, joined by `separator`.
fn lines(texts: &[impl AsRef<str>], separator: &str) -> String {
    texts.iter().map(|t| line(t.as_ref())).collect::<Vec<_>>().join(separator)
}

/// The report, with its dates and times as read in `zone`.
pub fn render(session: &Session, zone: &TimeZone) -> String {
    let mut out = String::new();
    let s = &session.scenario;
    // Writing to a String cannot fail.
    let _ = writeln!(out, "# {}\n", line(&session.title));
    let _ = writeln!(out, "- **Scenario:** {}", line(&s.title));
    let _ = writeln!(out, "- **Date:** {}", clock::date(session.created, zone));
    if is_solo(session) {
        let _ = writeln!(out, "- **Practised alone**");
    } else {
        let _ = writeln!(out, "- **Groups:**");
        for g in &session.groups {
            let members: Vec<String> = g.members.iter().map(|m| line(m)).collect();
            let who = if members.is_empty() { String::new() } else { format!(": {}", members.join(", ")) };
            let _ = writeln!(out, "  - {}{who}", line(&g.name));
        }
    }
    let _ = writeln!(out, "\n> {}\n", line(&s.question));
    for group in &session.groups {
        render_group(session, group, &mut out);
    }
    render_room(session, zone, &mut out);
    let _ = writeln!(out, "---\n\n*{}*", line(&s.source));
    out
}

fn render_group(session: &Session, group: &Group, out: &mut String) {
    let s = &session.scenario;
    let _ = writeln!(out, "## {}\n", line(&group.name));
    let held = group.roles_held(s);
    if !held.is_empty() {
        let roles: Vec<String> = held.iter().map(|(role, who)| format!("{} ({})", line(who), line(role))).collect();
        let _ = writeln!(out, "**Roles at the table:** {}\n", roles.join("; "));
    }
    if let (Some(choice), Some(stance)) = (&s.stance, group.stance_title(s)) {
        let _ = writeln!(out, "**Stance:** {} *({})*\n", line(stance), line(&choice.question));
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
        let areas = area_names(session, &sol.areas);
        if !areas.is_empty() {
            let _ = writeln!(out, "  - Areas: {}", lines(&areas, ", "));
        }
        if let Some(title) = idea_title(session, sol.idea.as_deref()) {
            let _ = writeln!(out, "  - From the idea card '{}'", line(title));
        }
    }
    if !group.solutions.is_empty() {
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "### Actions for the next {}\n", plural(usize::from(s.rules.horizon_months), "month"));
    if group.actions.is_empty() {
        let _ = writeln!(out, "None agreed.\n");
    } else {
        let _ = writeln!(
            out,
            "| # | Action | What | Lead | Months | First step (30 days) | Success | Areas | Tackles | 15% test | Dots |\n|---|---|---|---|---|---|---|---|---|---|---|"
        );
        for (i, a) in group.actions.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                i + 1,
                action_cell(session, a),
                cell(&a.what),
                lead_with(a, line),
                months(a),
                cell(&a.first_step),
                cell(&a.success),
                or_dash(lines(&area_names(session, &a.areas), ", ")),
                or_dash(lines(&tackles(group, a), "; ")),
                within_reach(a),
                votes(session, group, a),
            );
        }
        let _ = writeln!(out, "\n*{}*\n", super::FIFTEEN_PER_CENT_NOTE);
    }

    let debrief = review::debrief(group, s);
    let _ = writeln!(out, "### Debrief\n");
    for f in &debrief.findings {
        let mark = match f.tone {
            review::Tone::Strength => "Strength",
            review::Tone::Gap => "To work on",
            review::Tone::Note => "Note",
        };
        let _ = writeln!(out, "- **{}** ({mark}): {} *{}*", line(f.topic), line(&f.text), line(&f.basis.label()));
    }
    let _ = writeln!(out);

    let gaps = review::coverage(group, s);
    if !gaps.untackled_barriers.is_empty() || !gaps.unchosen_areas.is_empty() {
        let _ = writeln!(out, "### Still open\n");
        for b in &gaps.untackled_barriers {
            let _ = writeln!(out, "- Barrier no action tackles: {} (severity {})", line(&b.text), b.severity);
        }
        if !gaps.unchosen_areas.is_empty() {
            let _ = writeln!(out, "- Areas of change no action was placed in: {}", lines(&gaps.unchosen_areas, ", "));
        }
        let _ = writeln!(out);
    }
}

/// The room as a whole: barriers named by several groups, what nobody took
/// on, and the room's answers to the closing questions.
fn render_synthesis(session: &Session, out: &mut String) {
    use crate::domain::synthesis::{self, Match};
    let syn = synthesis::synthesise(session);
    let several = session.groups.len() > 1;
    let _ = writeln!(out, "## {}\n", if several { "The room as a whole" } else { "The plan as a whole" });
    if several {
        if syn.shared.is_empty() {
            let _ = writeln!(out, "No barrier was named by more than one group.\n");
        } else {
            let _ = writeln!(out, "Barriers named by more than one group:\n");
            for shared in &syn.shared {
                let names: Vec<String> = shared
                    .named_by
                    .iter()
                    .filter_map(|(g, _)| session.group_by_id(*g))
                    .map(|g| line(&g.name))
                    .collect();
                let how = if shared.how == Match::Similar { " (in words alike)" } else { "" };
                let _ = writeln!(
                    out,
                    "- {}: named by {} groups{how}: {}",
                    line(shared.text),
                    shared.named_by.len(),
                    crate::domain::and_list(&names)
                );
            }
            let _ = writeln!(out);
        }
    }
    if !syn.unchosen_areas.is_empty() {
        let names: Vec<String> = syn.unchosen_areas.iter().map(|a| line(&a.name)).collect();
        let _ = writeln!(out, "**Areas of change nobody chose:** {}\n", names.join(", "));
    }
    if !syn.untackled.is_empty() {
        let _ = writeln!(out, "**Barriers no action tackles:**\n");
        for u in &syn.untackled {
            let whose = if several { format!("{}: ", line(u.group)) } else { String::new() };
            let _ = writeln!(out, "- {whose}{} (severity {})", line(&u.barrier.text), u.barrier.severity);
        }
        let _ = writeln!(out);
    }
    if let Some(choice) = &session.scenario.stance {
        let _ = writeln!(out, "**{}**\n", line(&choice.question));
        for g in &session.groups {
            let _ = writeln!(
                out,
                "- {}: {}",
                line(&g.name),
                line(g.stance_title(&session.scenario).unwrap_or("not chosen"))
            );
        }
        let _ = writeln!(out);
    }
    for question in &session.scenario.closing_questions {
        let answer = session.closing_answers.iter().find(|a| a.question == *question);
        let _ = writeln!(out, "**{}**\n", line(question));
        let _ = writeln!(out, "{}\n", answer.map_or_else(|| "*Not answered.*".to_string(), |a| line(&a.answer)));
    }
}

/// What people said on their phones: the ratings, their answers to the
/// closing questions and their lines on the session.
fn render_phones(session: &Session, out: &mut String) {
    let Some(said) = super::phone_feedback(session) else { return };
    let _ = writeln!(
        out,
        "## From the phones
"
    );
    if let Some(mean) = said.ratings.mean() {
        let _ = writeln!(
            out,
            "Rated {mean:.1} of {RATING_MAX} on average, by {}.\n\n| Rating | People |\n|---|---|",
            crate::domain::people(said.ratings.total())
        );
        for rating in (1..=RATING_MAX).rev() {
            let words = RATING_WORDS[usize::from(rating - 1)];
            let _ = writeln!(out, "| {rating} ({words}) | {} |", said.ratings.counts[usize::from(rating - 1)]);
        }
        let _ = writeln!(out);
    }
    for (question, answers) in &said.answers {
        let _ = writeln!(out, "**{}**\n", line(question));
        for (group, answer) in answers {
            let _ = writeln!(out, "- {}: {}", line(group), line(answer));
        }
        let _ = writeln!(out);
    }
    if !said.comments.is_empty() {
        let _ = writeln!(out, "**On the session**\n");
        for (group, comment) in &said.comments {
            let _ = writeln!(out, "- {}: {}", line(group), line(comment));
        }
        let _ = writeln!(out);
    }
}

/// An action's title, and the idea card it was started from.
fn action_cell(session: &Session, a: &Action) -> String {
    match idea_title(session, a.idea.as_deref()) {
        Some(title) => format!("{} (from the idea card '{}')", cell(&a.title), line(title)),
        None => cell(&a.title),
    }
}

/// Every area of change with what it covers, its moves and their source,
/// marking those where no action was placed.
fn render_areas(session: &Session, out: &mut String) {
    let _ = writeln!(
        out,
        "## Areas of change
"
    );
    for (area, chosen) in areas_chosen(session) {
        let unchosen = if chosen { "" } else { " (nobody chose this area)" };
        let _ = writeln!(out, "- **{}**{unchosen}: {}", line(&area.name), line(&area.summary));
        if !area.moves.is_empty() {
            let _ = writeln!(out, "  - Moves to consider:");
            for m in &area.moves {
                let _ = writeln!(out, "    - {}", line(m));
            }
        }
        if !area.source.trim().is_empty() {
            let _ = writeln!(out, "  - Source: {}", line(&area.source));
        }
    }
    let _ = writeln!(out);
}

fn render_room(session: &Session, zone: &TimeZone, out: &mut String) {
    if !session.injects.is_empty() {
        let _ =
            writeln!(out, "## Injects fired\n\n| When | Stage | Plan month | News | Question |\n|---|---|---|---|---|");
        for inject in &session.injects {
            let stage = session.scenario.stage(inject.stage).map_or("—".to_string(), |s| cell(&s.title));
            let _ = writeln!(
                out,
                "| {} | {stage} | {} | {}: {} | {} |",
                clock::date_time_labelled(inject.fired_at, zone),
                inject.month,
                cell(&inject.title),
                cell(&inject.what),
                cell(&inject.question)
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "### How each group answered the news\n");
        for (i, inject) in session.injects.iter().enumerate() {
            let _ = writeln!(out, "- **Month {}: {}**", inject.month, line(&inject.title));
            for g in &session.groups {
                let answer = g.response(i).map_or_else(|| "no answer".to_string(), |r| super::answer_text(g, r, line));
                let _ = writeln!(out, "  - {}: {}", line(&g.name), answer);
            }
        }
        let _ = writeln!(out);
    }

    render_synthesis(session, out);
    render_phones(session, out);

    if is_solo(session) {
        // No room voted.
    } else if session.votes.is_empty() {
        let _ = writeln!(out, "## Dot votes\n");
        let _ = writeln!(out, "No votes were cast.\n");
    } else {
        let _ = writeln!(out, "## Dot votes\n");
        let _ = writeln!(out, "{}\n", voting_rules(session));
        let _ = writeln!(out, "| Dots | Action | Group |\n|---|---|---|");
        for (n, group, action) in vote_tally(session) {
            let _ = writeln!(out, "| {n} | {} | {} |", cell(&action.title), line(&group.name));
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "## The map\n\nAt the centre: **improving outcomes for citizens**.\n");
    for area in review::map(session) {
        let _ = writeln!(out, "- **{}**", line(area.name));
        if area.items.is_empty() {
            let _ = writeln!(out, "  - no actions");
        }
        for item in &area.items {
            let dots = if item.votes > 0 { format!(" ({})", plural(item.votes, "dot")) } else { String::new() };
            let _ = writeln!(out, "  - {} ({}){dots}", line(item.title), line(item.group));
        }
    }
    let _ = writeln!(out);
    render_areas(session, out);

    if has_follow_up(session) {
        let owner = follow_up_owner(session);
        let _ = writeln!(out, "## Follow-up\n\n| {owner} | Action | Status | Note |\n|---|---|---|---|");
        for g in &session.groups {
            for a in &g.actions {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    cell(&g.name),
                    cell(&a.title),
                    a.status.label(),
                    cell(&a.status_note)
                );
            }
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(
        out,
        "## Stages\n\n| Stage | Planned minutes | Minutes on the stage | Minutes timed |\n|---|---|---|---|"
    );
    for row in stage_minutes(session) {
        let _ = writeln!(out, "| {} | {} | {} | {} |", cell(&row.title), row.planned, row.on_stage, row.timed);
    }
    let _ = writeln!(out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_shows_as_written_and_nothing_links_or_runs() {
        for (text, escaped) in [
            ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
            ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
            ("![](http://x/y.png)", "!\\[\\](http://x/y.png)"),
            ("<http://x> <!-- & &amp;", "&lt;http://x&gt; &lt;!-- &amp; &amp;amp;"),
            (
                "**b** _i_ `c` ~s~ a|b #5 {: x} $1 \\",
                "\\*\\*b\\*\\* \\_i\\_ \\`c\\` \\~s\\~ a\\|b \\#5 \\{: x\\} \\$1 \\\\",
            ),
            ("- item", "\\- item"),
            ("+ one", "\\+ one"),
            ("-", "\\-"),
            ("-1 +1", "-1 +1"),
            ("12. twelfth", "12\\. twelfth"),
            ("3) third", "3\\) third"),
            ("2.5% more, 1-2 (maybe)", "2.5% more, 1-2 (maybe)"),
            ("  two\nlines\u{202E} ", "two lines"),
        ] {
            assert_eq!(line(text), escaped, "{text:?}");
        }
    }
}
