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
//! page. It is written with maud, as the report is: every piece of
//! scenario text goes in as the report's [`Clean`] text, cleaned of hidden
//! characters and escaped, so a scenario from anyone can be packed.

use std::path::Path;

use maud::{Markup, html};

use super::file::{ReportWriteError, write_report};
use crate::domain::agenda::{Agenda, Slot};
use crate::domain::plural;
use crate::domain::scenario::{Area, BarrierCard, BarrierKind, IdeaCard, Inject, Role, Scenario, Slide};
use crate::scenarios;

use super::Format;
use super::html::{Clean, document, head_row};

const STYLE: &str = include_str!("../../assets/pack.css");

/// What the map says at its centre, as the pamphlet's map did.
pub const CENTRE: &str = "Improving outcomes for citizens";

/// Text that may hold paragraphs (a guide, speaker notes), each set as its
/// own paragraph, of `class` if one is given.
fn paragraphs(text: &str, class: Option<&str>) -> Markup {
    html! {
        @for paragraph in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
            p class=[class] { (Clean(paragraph)) }
        }
    }
}

/// A card's or slide's credit, or nothing when it has none.
fn credit(source: &str) -> Markup {
    html! {
        @if !source.trim().is_empty() {
            p.source { (Clean(source)) }
        }
    }
}

/// "1:05" for 65 minutes.
fn clock(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// The line above a deck of cards to cut out.
fn cut(text: &str) -> Markup {
    html! { p.cut { "✂ " (text) "." } }
}

pub fn render(s: &Scenario) -> String {
    let body = html! {
        (agenda(s))
        (briefing(s))
        (brief(s))
        @for (i, role) in s.roles.iter().enumerate() {
            (role_card(s, i, role))
        }
        (barrier_cards(s))
        (idea_cards(s))
        (areas(s))
        (map(s))
        (inject_cards(s))
        (close(s))
        (plan_sheet(s))
        footer { (Clean(&s.source)) }
    };
    let title = html! { (Clean(&s.title)) ": facilitator's pack" };
    document(&title, Some("Roundtable facilitator's pack"), STYLE, &body)
}

/// The first page: the scenario, its question, and the running order with
/// what the room does at each stage.
fn agenda(s: &Scenario) -> Markup {
    // The same running order as the welcome screen and the facilitator's plan.
    let running_order = Agenda::of(s);
    let total = running_order.total_minutes();
    html! {
        section #agenda {
            h1 { (Clean(&s.title)) }
            p.meta {
                "Facilitator's pack · " (plural(total as usize, "minute"))
                " · each group agrees " (plural(usize::from(s.rules.actions), "action"))
                " for the next " (plural(usize::from(s.rules.horizon_months), "month"))
            }
            blockquote { (Clean(&s.question)) }
            h2 { "Agenda" }
            table {
                (head_row(&["Time", "Minutes", "Stage", "What the room does"]))
                @for slot in &running_order.slots {
                    (agenda_row(s, slot))
                }
            }
        }
    }
}

/// A stage's row says what the room does; a break's only its name.
fn agenda_row(s: &Scenario, slot: &Slot) -> Markup {
    let stage = slot.stage.and_then(|i| s.stages.get(i));
    html! {
        tr class=[stage.is_none().then_some("break")] {
            td.num { (clock(slot.starts)) "–" (clock(slot.ends())) }
            td.num { (slot.minutes) }
            @if let Some(stage) = stage {
                td { strong { (Clean(&stage.title)) } }
                td { (Clean(&stage.prompt)) (paragraphs(&stage.guide, Some("guide"))) }
            } @else {
                td { em { (Clean(&slot.title)) } }
                td {}
            }
        }
    }
}

fn briefing(s: &Scenario) -> Markup {
    html! {
        @if !s.slides.is_empty() {
            section.page #briefing {
                h2 { "Briefing slides and speaker notes" }
                @for (i, slide) in s.slides.iter().enumerate() {
                    (slide_with_notes(i + 1, slide))
                }
            }
        }
    }
}

fn slide_with_notes(number: usize, slide: &Slide) -> Markup {
    html! {
        div.slide {
            h3 { (number) ". " (Clean(&slide.title)) }
            ul { @for point in &slide.points { li { (Clean(point)) } } }
            (credit(&slide.source))
            @if !slide.notes.trim().is_empty() {
                div.notes { strong { "Notes:" } (paragraphs(&slide.notes, None)) }
            }
        }
    }
}

/// The council brief, and the glossary of terms then and now.
fn brief(s: &Scenario) -> Markup {
    let c = &s.council;
    html! {
        section.page #brief {
            h2 { "The council brief: " (Clean(&c.name)) }
            dl.brief {
                @if !s.setting.trim().is_empty() {
                    dt { "When" }
                    dd { (Clean(&s.setting)) }
                }
                @for (heading, text) in c.sections() {
                    dt { (heading) }
                    dd { (Clean(text)) }
                }
            }
            @if !s.glossary.is_empty() {
                h3 { "Glossary: then and now" }
                table.glossary {
                    (head_row(&["Term", "What it was", "Now"]))
                    @for entry in &s.glossary {
                        tr {
                            td { strong { (Clean(&entry.term)) } }
                            td { (Clean(&entry.meaning)) }
                            td {
                                (Clean(&entry.now))
                                @if !entry.source.trim().is_empty() { br; small { (Clean(&entry.source)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A role's card, on a page of its own.
fn role_card(s: &Scenario, i: usize, role: &Role) -> Markup {
    html! {
        section.page.role id={ "role-" (i + 1) } {
            p.meta { (Clean(&s.council.name)) " · role " (i + 1) " of " (s.roles.len()) }
            h2 { (Clean(&role.title)) }
            p { (Clean(&role.brief)) }
            @if !role.pressures.is_empty() {
                h3 { "Your pressures" }
                ul { @for p in &role.pressures { li { (Clean(p)) } } }
            }
            (credit(&role.source))
            p.held { "Held at this table by: " }
        }
    }
}

fn barrier_cards(s: &Scenario) -> Markup {
    html! {
        section.page #barriers {
            h2 { "The barrier deck" }
            (cut(&format!("Cut along the dashed lines: {}", plural(s.barrier_deck.len(), "card"))))
            div.cards { @for card in &s.barrier_deck { (barrier_card(card)) } }
        }
    }
}

fn barrier_card(card: &BarrierCard) -> Markup {
    let kind = match card.kind {
        BarrierKind::Environmental => "Environmental: the local climate",
        BarrierKind::Organisational => "Organisational: inside the organisations",
    };
    html! {
        div.card.barrier {
            p.kind { (kind) @if card.key { " " span.key { "the key barrier" } } }
            h3 { (Clean(&card.title)) }
            p { (Clean(&card.explanation)) }
            p.ask { (Clean(&card.prompt)) }
            (credit(&card.source))
        }
    }
}

fn idea_cards(s: &Scenario) -> Markup {
    html! {
        @if !s.idea_cards.is_empty() {
            section.page #ideas {
                h2 { "Idea cards" }
                (cut(&format!("Cut along the dashed lines: {}", plural(s.idea_cards.len(), "card"))))
                // Each deck under its own heading, so that ideas from
                // different documents are not read as one list.
                @for (deck, cards) in s.idea_cards_by_deck() {
                    @if let Some(deck) = deck {
                        h3.deck { (Clean(&deck.title)) }
                        (credit(&deck.source))
                    }
                    div.cards { @for card in &cards { (idea_card(s, card)) } }
                }
            }
        }
    }
}

/// An idea card with its areas; its credit travels with it once it is cut
/// out.
fn idea_card(s: &Scenario, card: &IdeaCard) -> Markup {
    let areas: Vec<&str> = card.areas.iter().map(|id| s.area_name(id)).collect();
    html! {
        div.card.idea {
            @if !areas.is_empty() { p.kind { (Clean(&areas.join(" · "))) } }
            h3 { (Clean(&card.title)) }
            p { (Clean(&card.text)) }
            (credit(&card.source))
        }
    }
}

fn areas(s: &Scenario) -> Markup {
    let heading = if s.areas.len() == 5 {
        "The five areas".to_string()
    } else {
        format!("The {}", plural(s.areas.len(), "area"))
    };
    html! {
        section.page #areas {
            h2 { (heading) " of making change happen" }
            @for area in &s.areas { (area_moves(area)) }
        }
    }
}

fn area_moves(area: &Area) -> Markup {
    html! {
        div.area {
            h3 { (Clean(&area.name)) }
            p { (Clean(&area.summary)) }
            @if !area.moves.is_empty() {
                ul { @for m in &area.moves { li { (Clean(m)) } } }
            }
            (credit(&area.source))
        }
    }
}

/// The map to write the groups' actions on: the areas around the goal.
fn map(s: &Scenario) -> Markup {
    // The areas around the goal (8), in reading order: with five, three
    // above it and one on each side.
    let around: &[usize] = if s.areas.len() <= 5 { &[0, 1, 2, 3, 8, 4] } else { &[0, 1, 2, 3, 8, 4, 5, 6, 7] };
    html! {
        section.page #map {
            h2 { "The map" }
            p { "At report-back, write each group's actions into the area they belong to, around the goal they share." }
            div.map {
                @if s.areas.len() <= 8 {
                    @for &slot in around {
                        @if slot == 8 { (map_centre()) } @else { (map_area(s.areas.get(slot))) }
                    }
                } @else {
                    (map_centre())
                    @for area in &s.areas { (map_area(Some(area))) }
                }
            }
        }
    }
}

fn map_centre() -> Markup {
    html! { div.centre { (CENTRE) } }
}

/// An area's box on the map, with lines to write on; an empty cell where
/// the grid has no area.
fn map_area(area: Option<&Area>) -> Markup {
    html! {
        @if let Some(area) = area {
            div.area {
                h3 { (Clean(&area.name)) }
                @for _ in 0..6 { div.lines {} }
            }
        } @else {
            div {}
        }
    }
}

fn inject_cards(s: &Scenario) -> Markup {
    html! {
        @if !s.injects.is_empty() {
            section.page #injects {
                h2 { "Injects" }
                (cut(&format!("News to hand to the tables during planning: {}", plural(s.injects.len(), "card"))))
                div.cards { @for inject in &s.injects { (inject_card(inject)) } }
            }
        }
    }
}

fn inject_card(inject: &Inject) -> Markup {
    html! {
        div.card.inject {
            p.kind { "Month " (inject.month) }
            h3 { (Clean(&inject.title)) }
            p { (Clean(&inject.what)) }
            p.ask { (Clean(&inject.question)) }
            (credit(&inject.source))
        }
    }
}

/// The close: the choice each group makes, the questions the room answers
/// together, and what the sources found, to set beside the plans.
fn close(s: &Scenario) -> Markup {
    let found = s.findings.cited();
    html! {
        @if s.stance.is_some() || !s.closing_questions.is_empty() || !found.is_empty() {
            section.page #close {
                h2 { "The close" }
                @if let Some(choice) = &s.stance {
                    h3 { "Each group's choice: " (Clean(&choice.question)) }
                    dl.brief {
                        @for option in &choice.options {
                            dt { (Clean(&option.title)) }
                            dd { (Clean(&option.text)) }
                        }
                    }
                    (credit(&choice.source))
                }
                @if !s.closing_questions.is_empty() {
                    h3 { "Questions for the whole room" }
                    ol { @for question in &s.closing_questions { li { (Clean(question)) div.blank.tall {} } } }
                }
                @if !found.is_empty() {
                    h3 { "What the sources found" }
                    dl.brief {
                        @for (topic, cited) in &found {
                            dt { (topic) }
                            dd { (Clean(&cited.finding)) br; small { (Clean(&cited.source)) } }
                        }
                    }
                }
            }
        }
    }
}

/// A blank plan for a group to fill in by hand: who holds which role, and
/// a block per action with every field of the exercise.
fn plan_sheet(s: &Scenario) -> Markup {
    html! {
        section.page #plan {
            h2 {
                "Our " (plural(usize::from(s.rules.actions), "action"))
                " for the next " (plural(usize::from(s.rules.horizon_months), "month"))
            }
            p { span.label { strong { "Group:" } } }
            div.blank {}
            @if !s.roles.is_empty() {
                table.holders {
                    (head_row(&["Role", "Held by"]))
                    @for role in &s.roles { tr { td { (Clean(&role.title)) } td {} } }
                }
            }
            @for n in 1..=s.rules.actions { (plan_action(s, n)) }
        }
    }
}

/// One action's block on the plan sheet.
fn plan_action(s: &Scenario, n: u8) -> Markup {
    let horizon = s.rules.horizon_months;
    let areas: Vec<&str> = s.areas.iter().map(|a| a.name.as_str()).collect();
    html! {
        div.plan {
            h3 { "Action " (n) }
            (field("Title", false))
            (field("What will be done", true))
            (choices("Who leads:", &["council", "third sector", "jointly"]))
            (field("Which role leads", false))
            (choices("Areas of change:", &areas))
            (field("Barriers it tackles", false))
            div.field {
                span.label { "When: shade the months it runs, from month 0 (now) to " (horizon) }
                div.months { @for m in 0..=horizon { span { (m) } } }
            }
            (field("First step, within the next 30 days", false))
            (field("How success will be seen", false))
            (choices("Can it start with the authority and resources you have now?", &["yes", "no"]))
        }
    }
}

/// A field to write in: a line, or a taller box.
fn field(label: &str, tall: bool) -> Markup {
    html! {
        div.field {
            span.label { (label) }
            div.blank.tall[tall] {}
        }
    }
}

/// A field of boxes to tick, one for each choice.
fn choices(label: &str, choices: &[&str]) -> Markup {
    html! {
        div.field {
            span.label { (label) }
            @for (i, choice) in choices.iter().enumerate() {
                @if i > 0 { " " }
                span.box {} (Clean(choice))
            }
        }
    }
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
            paragraphs("One.\n\n Two <b> ", Some("guide")).into_string(),
            "<p class=\"guide\">One.</p><p class=\"guide\">Two &lt;b&gt;</p>"
        );
        assert_eq!(paragraphs("Notes", None).into_string(), "<p>Notes</p>");
    }
}
