//! The facilitator's pack (`roundtable pack SCENARIO`): one self-contained
//! printable HTML page made from a scenario alone, for the paper on the
//! tables. The agenda with its timings and the guide to each stage; the
//! briefing slides with their notes; the council brief; one role card to a
//! page; the barrier deck, the idea cards (deck by deck) and the injects as
//! cards to cut out, each with its credit; the areas of change with their
//! moves; the map with *improving outcomes for citizens* at its centre; the
//! close's questions and choice with what the sources found; and a blank
//! plan sheet with every field of the exercise.
//!
//! Like the HTML report it has no scripts and no network references; its
//! styles are inline, black and white, and each part starts a new printed
//! page. Every piece of scenario text goes through the report's escaping,
//! so a scenario from anyone can be packed.

use std::fmt::Write;
use std::path::Path;

use crate::domain::agenda::Agenda;
use crate::domain::plural;
use crate::domain::scenario::{BarrierKind, IdeaCard, Scenario};
use crate::scenarios;
use crate::store::report::{ReportWriteError, write_report};

use super::Format;
use super::html::esc;

const STYLE: &str = include_str!("../../assets/pack.css");

/// What the map says at its centre, as the pamphlet's map did.
pub const CENTRE: &str = "Improving outcomes for citizens";

/// Text that may hold paragraphs (a guide, speaker notes), each escaped
/// and set as its own paragraph.
fn paragraphs(text: &str, class: &str) -> String {
    let class = if class.is_empty() { String::new() } else { format!(" class=\"{class}\"") };
    text.split('\n').map(str::trim).filter(|p| !p.is_empty()).map(|p| format!("<p{class}>{}</p>\n", esc(p))).collect()
}

/// A card's or slide's credit, or nothing when it has none.
fn credit(source: &str) -> String {
    if source.trim().is_empty() { String::new() } else { format!("<p class=\"source\">{}</p>\n", esc(source)) }
}

/// "1:05" for 65 minutes.
fn clock(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

pub fn render(s: &Scenario) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"Roundtable\">\n<meta name=\"description\" content=\"Roundtable facilitator's pack\">\n<title>{}: facilitator's pack</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&s.title)
    );
    agenda(s, &mut out);
    briefing(s, &mut out);
    brief(s, &mut out);
    roles(s, &mut out);
    barrier_cards(s, &mut out);
    idea_cards(s, &mut out);
    areas(s, &mut out);
    map(s, &mut out);
    inject_cards(s, &mut out);
    close(s, &mut out);
    plan_sheet(s, &mut out);
    let _ = writeln!(out, "<footer>{}</footer>\n</body>\n</html>", esc(&s.source));
    out
}

fn agenda(s: &Scenario, out: &mut String) {
    // The same running order as the welcome screen and the facilitator's plan.
    let running_order = Agenda::of(s);
    let total = running_order.total_minutes();
    let _ = writeln!(
        out,
        "<section id=\"agenda\">\n<h1>{}</h1>\n<p class=\"meta\">Facilitator's pack · {} · each group agrees {} for the next {}</p>\n<blockquote>{}</blockquote>",
        esc(&s.title),
        plural(total as usize, "minute"),
        plural(usize::from(s.rules.actions), "action"),
        plural(usize::from(s.rules.horizon_months), "month"),
        esc(&s.question)
    );
    let _ = writeln!(
        out,
        "<h2>Agenda</h2>\n<table>\n<tr><th>Time</th><th>Minutes</th><th>Stage</th><th>What the room does</th></tr>"
    );
    for slot in &running_order.slots {
        // A stage's row says what the room does; a break's only its name.
        let (class, name, what) = match slot.stage.and_then(|i| s.stages.get(i)) {
            Some(stage) => {
                let guide =
                    if stage.guide.trim().is_empty() { String::new() } else { paragraphs(&stage.guide, "guide") };
                ("", format!("<strong>{}</strong>", esc(&stage.title)), format!("{}{guide}", esc(&stage.prompt)))
            }
            None => (" class=\"break\"", format!("<em>{}</em>", esc(&slot.title)), String::new()),
        };
        let _ = writeln!(
            out,
            "<tr{class}><td class=\"num\">{}–{}</td><td class=\"num\">{}</td><td>{name}</td><td>{what}</td></tr>",
            clock(slot.starts),
            clock(slot.ends()),
            slot.minutes,
        );
    }
    let _ = writeln!(out, "</table>\n</section>");
}

fn briefing(s: &Scenario, out: &mut String) {
    if s.slides.is_empty() {
        return;
    }
    let _ = writeln!(out, "<section class=\"page\" id=\"briefing\">\n<h2>Briefing slides and speaker notes</h2>");
    for (i, slide) in s.slides.iter().enumerate() {
        let _ = writeln!(out, "<div class=\"slide\">\n<h3>{}. {}</h3>\n<ul>", i + 1, esc(&slide.title));
        for point in &slide.points {
            let _ = writeln!(out, "<li>{}</li>", esc(point));
        }
        let _ = write!(out, "</ul>\n{}", credit(&slide.source));
        if !slide.notes.trim().is_empty() {
            let _ =
                write!(out, "<div class=\"notes\"><strong>Notes:</strong>\n{}</div>\n", paragraphs(&slide.notes, ""));
        }
        let _ = writeln!(out, "</div>");
    }
    let _ = writeln!(out, "</section>");
}

fn brief(s: &Scenario, out: &mut String) {
    let c = &s.council;
    let _ = writeln!(
        out,
        "<section class=\"page\" id=\"brief\">\n<h2>The council brief: {}</h2>\n<dl class=\"brief\">",
        esc(&c.name)
    );
    if !s.setting.trim().is_empty() {
        let _ = writeln!(out, "<dt>When</dt>\n<dd>{}</dd>", esc(&s.setting));
    }
    for (heading, text) in c.sections() {
        let _ = writeln!(out, "<dt>{heading}</dt>\n<dd>{}</dd>", esc(text));
    }
    let _ = writeln!(out, "</dl>");
    if !s.glossary.is_empty() {
        let _ = writeln!(
            out,
            "<h3>Glossary: then and now</h3>\n<table class=\"glossary\">\n<tr><th>Term</th><th>What it was</th><th>Now</th></tr>"
        );
        for entry in &s.glossary {
            let source = if entry.source.trim().is_empty() {
                String::new()
            } else {
                format!("<br><small>{}</small>", esc(&entry.source))
            };
            let _ = writeln!(
                out,
                "<tr><td><strong>{}</strong></td><td>{}</td><td>{}{source}</td></tr>",
                esc(&entry.term),
                esc(&entry.meaning),
                esc(&entry.now)
            );
        }
        let _ = writeln!(out, "</table>");
    }
    let _ = writeln!(out, "</section>");
}

fn roles(s: &Scenario, out: &mut String) {
    for (i, role) in s.roles.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section class=\"page role\" id=\"role-{}\">\n<p class=\"meta\">{} · role {} of {}</p>\n<h2>{}</h2>\n<p>{}</p>",
            i + 1,
            esc(&s.council.name),
            i + 1,
            s.roles.len(),
            esc(&role.title),
            esc(&role.brief)
        );
        if !role.pressures.is_empty() {
            let _ = writeln!(out, "<h3>Your pressures</h3>\n<ul>");
            for p in &role.pressures {
                let _ = writeln!(out, "<li>{}</li>", esc(p));
            }
            let _ = writeln!(out, "</ul>");
        }
        let _ = writeln!(out, "{}<p class=\"held\">Held at this table by: </p>\n</section>", credit(&role.source));
    }
}

fn barrier_cards(s: &Scenario, out: &mut String) {
    let _ = writeln!(
        out,
        "<section class=\"page\" id=\"barriers\">\n<h2>The barrier deck</h2>\n<p class=\"cut\">✂ Cut along the dashed lines: {}.</p>\n<div class=\"cards\">",
        plural(s.barrier_deck.len(), "card")
    );
    for card in &s.barrier_deck {
        let kind = match card.kind {
            BarrierKind::Environmental => "Environmental: the local climate",
            BarrierKind::Organisational => "Organisational: inside the organisations",
        };
        let key = if card.key { " <span class=\"key\">the key barrier</span>" } else { "" };
        let _ = writeln!(
            out,
            "<div class=\"card barrier\">\n<p class=\"kind\">{kind}{key}</p>\n<h3>{}</h3>\n<p>{}</p>\n<p class=\"ask\">{}</p>\n{}</div>",
            esc(&card.title),
            esc(&card.explanation),
            esc(&card.prompt),
            credit(&card.source)
        );
    }
    let _ = writeln!(out, "</div>\n</section>");
}

fn idea_cards(s: &Scenario, out: &mut String) {
    if s.idea_cards.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section class=\"page\" id=\"ideas\">\n<h2>Idea cards</h2>\n<p class=\"cut\">✂ Cut along the dashed lines: {}.</p>",
        plural(s.idea_cards.len(), "card")
    );
    // Each deck under its own heading, so that ideas from different
    // documents are not read as one list.
    for (deck, cards) in s.idea_cards_by_deck() {
        if let Some(deck) = deck {
            let _ = write!(out, "<h3 class=\"deck\">{}</h3>\n{}", esc(&deck.title), credit(&deck.source));
        }
        let _ = writeln!(out, "<div class=\"cards\">");
        idea_deck(s, &cards, out);
        let _ = writeln!(out, "</div>");
    }
    let _ = writeln!(out, "</section>");
}

fn idea_deck(s: &Scenario, cards: &[&IdeaCard], out: &mut String) {
    for card in cards {
        let areas: Vec<String> = card.areas.iter().map(|id| esc(s.area_name(id))).collect();
        let areas =
            if areas.is_empty() { String::new() } else { format!("<p class=\"kind\">{}</p>\n", areas.join(" · ")) };
        // The credit travels with the card once it is cut out.
        let source = if card.source.trim().is_empty() {
            String::new()
        } else {
            format!("<p class=\"source\">{}</p>\n", esc(&card.source))
        };
        let _ = writeln!(
            out,
            "<div class=\"card idea\">\n{areas}<h3>{}</h3>\n<p>{}</p>\n{source}</div>",
            esc(&card.title),
            esc(&card.text)
        );
    }
}

fn areas(s: &Scenario, out: &mut String) {
    let _ = writeln!(
        out,
        "<section class=\"page\" id=\"areas\">\n<h2>{} of making change happen</h2>",
        if s.areas.len() == 5 {
            "The five areas".to_string()
        } else {
            format!("The {}", plural(s.areas.len(), "area"))
        }
    );
    for area in &s.areas {
        let _ = writeln!(out, "<div class=\"area\">\n<h3>{}</h3>\n<p>{}</p>", esc(&area.name), esc(&area.summary));
        if !area.moves.is_empty() {
            let _ = writeln!(out, "<ul>");
            for m in &area.moves {
                let _ = writeln!(out, "<li>{}</li>", esc(m));
            }
            let _ = writeln!(out, "</ul>");
        }
        let _ = writeln!(out, "{}</div>", credit(&area.source));
    }
    let _ = writeln!(out, "</section>");
}

fn map(s: &Scenario, out: &mut String) {
    let _ = writeln!(
        out,
        "<section class=\"page\" id=\"map\">\n<h2>The map</h2>\n<p>At report-back, write each group's actions into the area they belong to, around the goal they share.</p>\n<div class=\"map\">"
    );
    let area = |out: &mut String, i: usize| {
        if let Some(a) = s.areas.get(i) {
            let _ = writeln!(
                out,
                "<div class=\"area\"><h3>{}</h3>{}</div>",
                esc(&a.name),
                "<div class=\"lines\"></div>".repeat(6)
            );
        } else {
            let _ = writeln!(out, "<div></div>");
        }
    };
    let centre = |out: &mut String| {
        let _ = writeln!(out, "<div class=\"centre\">{CENTRE}</div>");
    };
    if s.areas.len() <= 8 {
        // The areas around the goal, in reading order: with five, three
        // above it and one on each side.
        for slot in [0usize, 1, 2, 3, 8, 4, 5, 6, 7].into_iter().take(if s.areas.len() <= 5 { 6 } else { 9 }) {
            if slot == 8 { centre(out) } else { area(out, slot) }
        }
    } else {
        centre(out);
        (0..s.areas.len()).for_each(|i| area(out, i));
    }
    let _ = writeln!(out, "</div>\n</section>");
}

fn inject_cards(s: &Scenario, out: &mut String) {
    if s.injects.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section class=\"page\" id=\"injects\">\n<h2>Injects</h2>\n<p class=\"cut\">✂ News to hand to the tables during planning: {}.</p>\n<div class=\"cards\">",
        plural(s.injects.len(), "card")
    );
    for inject in &s.injects {
        let _ = writeln!(
            out,
            "<div class=\"card inject\">\n<p class=\"kind\">Month {}</p>\n<h3>{}</h3>\n<p>{}</p>\n<p class=\"ask\">{}</p>\n{}</div>",
            inject.month,
            esc(&inject.title),
            esc(&inject.what),
            esc(&inject.question),
            credit(&inject.source)
        );
    }
    let _ = writeln!(out, "</div>\n</section>");
}

/// The close: the choice each group makes, the questions the room answers
/// together, and what the sources found, to set beside the plans.
fn close(s: &Scenario, out: &mut String) {
    let found = s.findings.cited();
    if s.stance.is_none() && s.closing_questions.is_empty() && found.is_empty() {
        return;
    }
    let _ = writeln!(out, "<section class=\"page\" id=\"close\">\n<h2>The close</h2>");
    if let Some(choice) = &s.stance {
        let _ = writeln!(out, "<h3>Each group's choice: {}</h3>\n<dl class=\"brief\">", esc(&choice.question));
        for option in &choice.options {
            let _ = writeln!(out, "<dt>{}</dt>\n<dd>{}</dd>", esc(&option.title), esc(&option.text));
        }
        let _ = write!(out, "</dl>\n{}", credit(&choice.source));
    }
    if !s.closing_questions.is_empty() {
        let _ = writeln!(out, "<h3>Questions for the whole room</h3>\n<ol>");
        for question in &s.closing_questions {
            let _ = writeln!(out, "<li>{}<div class=\"blank tall\"></div></li>", esc(question));
        }
        let _ = writeln!(out, "</ol>");
    }
    if !found.is_empty() {
        let _ = writeln!(out, "<h3>What the sources found</h3>\n<dl class=\"brief\">");
        for (topic, cited) in found {
            let _ = writeln!(
                out,
                "<dt>{topic}</dt>\n<dd>{}<br><small>{}</small></dd>",
                esc(&cited.finding),
                esc(&cited.source)
            );
        }
        let _ = writeln!(out, "</dl>");
    }
    let _ = writeln!(out, "</section>");
}

fn plan_sheet(s: &Scenario, out: &mut String) {
    let horizon = s.rules.horizon_months;
    let _ = writeln!(
        out,
        "<section class=\"page\" id=\"plan\">\n<h2>Our {} for the next {}</h2>\n<p><span class=\"label\"><strong>Group:</strong></span></p><div class=\"blank\"></div>",
        plural(usize::from(s.rules.actions), "action"),
        plural(usize::from(horizon), "month")
    );
    if !s.roles.is_empty() {
        let _ = writeln!(out, "<table class=\"holders\">\n<tr><th>Role</th><th>Held by</th></tr>");
        for role in &s.roles {
            let _ = writeln!(out, "<tr><td>{}</td><td></td></tr>", esc(&role.title));
        }
        let _ = writeln!(out, "</table>");
    }
    let boxes = |labels: Vec<String>| -> String {
        labels.iter().map(|l| format!("<span class=\"box\"></span>{l}")).collect::<Vec<_>>().join(" ")
    };
    let field = |label: &str, tall: bool| {
        format!(
            "<div class=\"field\"><span class=\"label\">{label}</span><div class=\"blank{}\"></div></div>\n",
            if tall { " tall" } else { "" }
        )
    };
    let months: String = (0..=horizon).map(|m| format!("<span>{m}</span>")).collect();
    let areas: Vec<String> = s.areas.iter().map(|a| esc(&a.name)).collect();
    for n in 1..=s.rules.actions {
        let _ = write!(out, "<div class=\"plan\">\n<h3>Action {n}</h3>\n");
        out.push_str(&field("Title", false));
        out.push_str(&field("What will be done", true));
        let _ = writeln!(
            out,
            "<div class=\"field\"><span class=\"label\">Who leads:</span>{}</div>",
            boxes(vec!["council".into(), "third sector".into(), "jointly".into()])
        );
        out.push_str(&field("Which role leads", false));
        let _ = writeln!(
            out,
            "<div class=\"field\"><span class=\"label\">Areas of change:</span>{}</div>",
            boxes(areas.clone())
        );
        out.push_str(&field("Barriers it tackles", false));
        let _ = writeln!(
            out,
            "<div class=\"field\"><span class=\"label\">When: shade the months it runs, from month 0 (now) to {horizon}</span><div class=\"months\">{months}</div></div>"
        );
        out.push_str(&field("First step, within the next 30 days", false));
        out.push_str(&field("How success will be seen", false));
        let _ = writeln!(
            out,
            "<div class=\"field\"><span class=\"label\">Can it start with the authority and resources you have now?</span>{}</div>\n</div>",
            boxes(vec!["yes".into(), "no".into()])
        );
    }
    let _ = writeln!(out, "</section>");
}

/// Why a pack was not made.
#[derive(Debug)]
pub enum PackError {
    /// No such scenario, or its file could not be read.
    Scenario(String),
    Write(ReportWriteError),
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackError::Scenario(e) => write!(f, "cannot make a pack: {e}"),
            PackError::Write(ReportWriteError::NotAReport { path, .. }) => write!(
                f,
                "{} already exists and is not a Roundtable pack or HTML report, so it was left as it is; choose another name",
                path.display()
            ),
            PackError::Write(e) => write!(f, "{e}"),
        }
    }
}

/// The pack for a scenario (a built-in or user id, or a file), written to
/// `output` or returned for standard output. A file is replaced only when
/// it is a pack or an HTML report already.
pub fn make(spec: &str, user_dir: &Path, output: Option<&Path>) -> Result<Option<String>, PackError> {
    let scenario = scenarios::resolve(spec, user_dir).map_err(PackError::Scenario)?;
    let html = render(&scenario);
    match output {
        Some(path) => {
            write_report(path, Format::Html, &html, false).map_err(PackError::Write)?;
            Ok(None)
        }
        None => Ok(Some(html)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_agenda_counts_the_clock_from_the_start() {
        let s = scenarios::built_in_default();
        let html = render(&s);
        let first = &s.stages[0];
        assert!(html.contains(&format!("0:00–{}", clock(u32::from(first.minutes)))), "{html}");
        let total: u32 = s.stages.iter().map(|st| u32::from(st.minutes)).sum();
        assert!(html.contains(&format!("–{}</td>", clock(total))));
    }

    #[test]
    fn guides_keep_their_paragraphs() {
        assert_eq!(
            paragraphs("One.\n\n Two <b> ", "guide"),
            "<p class=\"guide\">One.</p>\n<p class=\"guide\">Two &lt;b&gt;</p>\n"
        );
    }
}
