//! The HTML report: one self-contained page (styles inline, no scripts, no
//! network), printable on A4 with a page per group, the timeline as inline
//! SVG and the map as a grid.
//!
//! It is written with maud, as the phones' page is: the tags are checked
//! when the crate is built, and every value is escaped as it is written.
//! Text that a user or a scenario wrote goes in as [`Clean`], which first
//! drops control, bidi and other hidden characters. The facilitator's pack
//! writes its text the same way.

use maud::{DOCTYPE, Markup, PreEscaped, Render, html};

use crate::clock::{self, TimeZone};
use crate::domain::plural;
use crate::domain::review;
use crate::domain::sanitize;
use crate::domain::session::{Action, Group, RATING_MAX, RATING_WORDS, Session};

use super::{
    area_names, areas_chosen, follow_up_owner, has_follow_up, idea_title, is_solo, lead, months, stage_minutes,
    tackles, vote_tally, votes, voting_rules, within_reach,
};

const STYLE: &str = include_str!("../../assets/report.css");

/// Text from outside (a user's, a scenario's) as the report and the pack
/// show it: cleaned of controls and of bidi and other invisible characters
/// (see [`sanitize::clean`]), then escaped by maud like any other value.
#[derive(Debug, Clone, Copy)]
pub struct Clean<'a>(pub &'a str);

impl Render for Clean<'_> {
    fn render_to(&self, buffer: &mut String) {
        sanitize::clean(self.0).render_to(buffer);
    }
}

/// Text as the report and the pack write it: cleaned, then escaped. For
/// finding a piece of text in a page.
pub fn esc(text: &str) -> String {
    Clean(text).render().into_string()
}

/// A whole printable page: its title, its description (if any), its
/// styles inline and its body. The report and the pack are both one.
pub(super) fn document(title: &Markup, description: Option<&str>, style: &str, body: &Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="Roundtable";
                @if let Some(description) = description {
                    meta name="description" content=(description);
                }
                title { (title) }
                style { (PreEscaped(style)) }
            }
            body { (body) }
        }
    }
    .into_string()
}

/// A table's heading row.
pub(super) fn head_row(columns: &[&str]) -> Markup {
    html! {
        tr { @for column in columns { th { (column) } } }
    }
}

/// The report, with its dates and times as read in `zone`.
pub fn render(session: &Session, zone: &TimeZone) -> String {
    let body = html! {
        (title_page(session, zone))
        @for group in &session.groups {
            (group_section(session, group))
        }
        (room(session, zone))
        footer { (Clean(&session.scenario.source)) }
    };
    document(&html! { (Clean(&session.title)) }, None, STYLE, &body)
}

/// The session's title, scenario, date and question, and the groups with
/// their members.
fn title_page(session: &Session, zone: &TimeZone) -> Markup {
    let s = &session.scenario;
    html! {
        header {
            h1 { (Clean(&session.title)) }
            p.meta { (Clean(&s.title)) " · " (clock::date(session.created, zone)) }
            blockquote { (Clean(&s.question)) }
            ul.groups {
                @if !is_solo(session) {
                    @for g in &session.groups {
                        li {
                            strong { (Clean(&g.name)) }
                            @if !g.members.is_empty() { ": " (Clean(&g.members.join(", "))) }
                        }
                    }
                }
            }
        }
    }
}

/// One group's page: who held which role, its stance, barriers, solutions,
/// actions with their timeline, debrief and what is still open.
fn group_section(session: &Session, group: &Group) -> Markup {
    let s = &session.scenario;
    html! {
        section.group {
            h2 { (Clean(&group.name)) }
            (roles_held(session, group))
            @if let (Some(choice), Some(stance)) = (&s.stance, group.stance_title(s)) {
                p.stance {
                    strong { "Stance:" } " " (Clean(stance)) " " span.meta { "(" (Clean(&choice.question)) ")" }
                }
            }
            h3 { "Barriers" }
            (barriers(group))
            h3 { "Solutions" }
            (solutions(session, group))
            h3 { "Actions for the next " (plural(usize::from(s.rules.horizon_months), "month")) }
            @if group.actions.is_empty() {
                p { "None agreed." }
            } @else {
                (actions(session, group))
                p.meta { (super::FIFTEEN_PER_CENT_NOTE) }
                h3 { "Timeline" }
                p.meta {
                    "Bars run from start to end month; " span style="color:#e08a00" { "●" }
                    " marks the first step, within the next 30 days."
                }
                (timeline(session, group))
            }
            (debrief(session, group))
            (still_open(session, group))
        }
    }
}

/// "Member 1a (Council leader); Member 1b (Chief officer)", or nothing.
fn roles_held(session: &Session, group: &Group) -> Markup {
    let held = group.roles_held(&session.scenario);
    html! {
        @if !held.is_empty() {
            p.roles {
                strong { "Roles at the table:" } " "
                @for (i, (role, who)) in held.iter().enumerate() {
                    @if i > 0 { "; " }
                    (Clean(who)) " (" (Clean(role)) ")"
                }
            }
        }
    }
}

fn barriers(group: &Group) -> Markup {
    html! {
        @if group.barriers.is_empty() {
            p { "None recorded." }
        } @else {
            table {
                (head_row(&["#", "Barrier", "Kind", "Severity", "Story"]))
                @for (i, b) in group.barriers.iter().enumerate() {
                    tr {
                        td.num { (i + 1) }
                        td { (Clean(&b.text)) }
                        td { (b.kind.label()) }
                        td.num { (b.severity) "/5" }
                        td { (Clean(&b.story)) }
                    }
                }
            }
        }
    }
}

/// Each solution with the barriers it answers, its areas and the idea
/// card it came from.
fn solutions(session: &Session, group: &Group) -> Markup {
    html! {
        @if group.solutions.is_empty() {
            p { "None recorded." }
        } @else {
            ul {
                @for sol in &group.solutions {
                    @let answers: Vec<&str> =
                        sol.barriers.iter().filter_map(|id| group.barrier(*id)).map(|b| b.text.as_str()).collect();
                    @let areas = area_names(session, &sol.areas);
                    li {
                        strong { (Clean(&sol.text)) }
                        @if !answers.is_empty() { br; "Answers: " (Clean(&answers.join("; "))) }
                        @if !areas.is_empty() { br; "Areas: " (Clean(&areas.join(", "))) }
                        @if let Some(title) = idea_title(session, sol.idea.as_deref()) {
                            br; "From the idea card '" (Clean(title)) "'"
                        }
                    }
                }
            }
        }
    }
}

fn actions(session: &Session, group: &Group) -> Markup {
    const COLUMNS: [&str; 10] =
        ["#", "Action", "Lead", "Months", "First step (30 days)", "Success", "Areas", "Tackles", "15% test", "Dots"];
    html! {
        table {
            (head_row(&COLUMNS))
            @for (i, a) in group.actions.iter().enumerate() {
                (action_row(session, group, i + 1, a))
            }
        }
    }
}

fn action_row(session: &Session, group: &Group, number: usize, a: &Action) -> Markup {
    html! {
        tr {
            td.num { (number) }
            td {
                strong { (Clean(&a.title)) }
                @if !a.what.trim().is_empty() { br; (Clean(&a.what)) }
                @if let Some(title) = idea_title(session, a.idea.as_deref()) {
                    br; span.meta { "from the idea card '" (Clean(title)) "'" }
                }
            }
            td { (Clean(&lead(a))) }
            td.num { (months(a)) }
            td { (Clean(&a.first_step)) }
            td { (Clean(&a.success)) }
            td { (Clean(&area_names(session, &a.areas).join(", "))) }
            td { (Clean(&tackles(group, a).join("; "))) }
            td { (within_reach(a)) }
            td.num.dots { (votes(session, group, a)) }
        }
    }
}

/// The timeline's measures, in the SVG's units. The months are points on
/// an axis from 0 to the horizon, each with its tick, so a bar ends on its
/// last month's tick.
struct Chart {
    horizon: u32,
    rows: u32,
}

impl Chart {
    const LABEL_W: u32 = 190;
    const CHART_W: u32 = 520;
    const ROW_H: u32 = 22;
    const TOP: u32 = 18;
    const WIDTH: u32 = Self::LABEL_W + Self::CHART_W + 10;

    fn new(session: &Session, group: &Group) -> Self {
        Chart { horizon: u32::from(session.scenario.rules.horizon_months).max(1), rows: group.actions.len() as u32 }
    }

    fn height(&self) -> u32 {
        Self::TOP + Self::ROW_H * self.rows + 6
    }

    fn month_w(&self) -> f32 {
        Self::CHART_W as f32 / self.horizon as f32
    }

    /// Where a month's tick is.
    fn x(&self, month: u32) -> f32 {
        Self::LABEL_W as f32 + month.min(self.horizon) as f32 * self.month_w()
    }

    /// The top of the `i`th action's row.
    fn row_top(i: usize) -> u32 {
        Self::TOP + Self::ROW_H * i as u32
    }
}

/// A coordinate as the SVG gives it: to a tenth.
fn at(v: f32) -> String {
    format!("{v:.1}")
}

/// The actions on the plan's months as an inline SVG chart: a bar from
/// start to end month, and a marker for the first step in the first month.
fn timeline(session: &Session, group: &Group) -> Markup {
    let chart = Chart::new(session, group);
    let what = format!("Timeline of {}'s actions over {}", group.name, plural(chart.horizon as usize, "month"));
    html! {
        svg.timeline viewBox={ "0 0 " (Chart::WIDTH) " " (chart.height()) } role="img" aria-label=(Clean(&what)) {
            @for m in 0..=chart.horizon {
                line.grid x1=(at(chart.x(m))) y1=(Chart::TOP) x2=(at(chart.x(m))) y2=(chart.height()) {}
                @if m % 3 == 0 || m == chart.horizon {
                    text x=(at(chart.x(m))) y="12" text-anchor="middle" { (m) }
                }
            }
            @for (i, a) in group.actions.iter().enumerate() {
                (timeline_row(&chart, i, a))
            }
        }
    }
}

/// An action's label, bar and first-step marker.
fn timeline_row(chart: &Chart, i: usize, a: &Action) -> Markup {
    let y = Chart::row_top(i);
    html! {
        text x="0" y=(y + 14) {
            (i + 1) ". " (Clean(&label(&a.title, 30)))
            title { (Clean(&a.title)) }
        }
        // Months that end before they start get no bar: the table says what they are.
        @if let Some((start, end)) = a.span() {
            @let (x, w) = bar(chart, start, end);
            rect.bar x=(at(x)) y=(y + 4) width=(at(w)) height="12" rx="2" {
                title { (Clean(&a.title)) ": months " (months(a)) }
            }
            @if !a.first_step.trim().is_empty() {
                circle.step cx=(at(chart.x(0) + 0.5 * chart.month_w())) cy=(y + 10) r="4" {
                    title { "First step: " (Clean(&a.first_step)) }
                }
            }
        }
    }
}

/// Where a bar starts and how wide it is: from tick to tick, but an
/// action of one month is a short bar about its tick.
fn bar(chart: &Chart, start: u8, end: u8) -> (f32, f32) {
    let (x0, x1) = (chart.x(u32::from(start)), chart.x(u32::from(end)));
    let month_w = chart.month_w();
    if x1 - x0 < month_w / 2.0 { (x0 - month_w / 4.0, month_w / 2.0) } else { (x0, x1 - x0) }
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

/// What the group's plan does well and misses, each finding with its
/// basis.
fn debrief(session: &Session, group: &Group) -> Markup {
    let debrief = review::debrief(group, &session.scenario);
    html! {
        h3 { "Debrief" }
        ul.debrief {
            @for f in &debrief.findings {
                @let mark = match f.tone {
                    review::Tone::Strength => "✓",
                    review::Tone::Gap => "!",
                    review::Tone::Note => "·",
                };
                li {
                    strong { (mark) " " (Clean(f.topic)) ":" }
                    " " (Clean(&f.text)) " "
                    span.meta { (Clean(&f.basis.label())) }
                }
            }
        }
    }
}

/// The group's barriers no action tackles and the areas it left empty.
fn still_open(session: &Session, group: &Group) -> Markup {
    let gaps = review::coverage(group, &session.scenario);
    html! {
        @if !gaps.untackled_barriers.is_empty() || !gaps.unchosen_areas.is_empty() {
            h3 { "Still open" }
            ul.open {
                @for b in &gaps.untackled_barriers {
                    li { "Barrier no action tackles: " (Clean(&b.text)) " (severity " (b.severity) ")" }
                }
                @if !gaps.unchosen_areas.is_empty() {
                    li { "Areas of change no action was placed in: " (Clean(&gaps.unchosen_areas.join(", "))) }
                }
            }
        }
    }
}

/// The room's part, after the groups': the injects and the answers to
/// them, the room as a whole, the dot votes, the map, the areas of change,
/// the follow-up and the time each stage took.
fn room(session: &Session, zone: &TimeZone) -> Markup {
    html! {
        section.room {
            (injects(session, zone))
            (synthesis(session))
            // The same as the Markdown report's, in the same place.
            (phones(session))
            (dot_votes(session))
            (map(session))
            (areas(session))
            (follow_up(session))
            (stages(session))
        }
    }
}

/// The news fired during the session, and how each group answered it.
fn injects(session: &Session, zone: &TimeZone) -> Markup {
    html! {
        @if !session.injects.is_empty() {
            h2 { "Injects fired" }
            table {
                (head_row(&["When", "Stage", "Plan month", "News", "Question"]))
                @for inject in &session.injects {
                    tr {
                        td { (clock::date_time_labelled(inject.fired_at, zone)) }
                        td {
                            @if let Some(stage) = session.scenario.stage(inject.stage) { (Clean(&stage.title)) }
                        }
                        td.num { (inject.month) }
                        td { strong { (Clean(&inject.title)) } br; (Clean(&inject.what)) }
                        td { (Clean(&inject.question)) }
                    }
                }
            }
            h3 { "How each group answered the news" }
            ul {
                @for (i, inject) in session.injects.iter().enumerate() {
                    li {
                        strong { "Month " (inject.month) ": " (Clean(&inject.title)) }
                        ul {
                            @for g in &session.groups {
                                li { (Clean(&g.name)) ": " (Clean(&answer(g, i))) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A group's answer to the `i`th inject fired: its note and the actions
/// it changed.
fn answer(group: &Group, i: usize) -> String {
    group.response(i).map_or_else(|| "no answer".to_string(), |r| super::answer_text(group, r, str::to_string))
}

/// The room as a whole, as in the Markdown report.
fn synthesis(session: &Session) -> Markup {
    use crate::domain::synthesis::{self, Match};
    let syn = synthesis::synthesise(session);
    let several = session.groups.len() > 1;
    html! {
        h2 { @if several { "The room as a whole" } @else { "The plan as a whole" } }
        @if several {
            @if syn.shared.is_empty() {
                p { "No barrier was named by more than one group." }
            } @else {
                p { "Barriers named by more than one group:" }
                ul {
                    @for shared in &syn.shared {
                        @let names: Vec<&str> = shared
                            .named_by
                            .iter()
                            .filter_map(|(g, _)| session.group_by_id(*g))
                            .map(|g| g.name.as_str())
                            .collect();
                        li {
                            (Clean(shared.text)) ": named by " (shared.named_by.len()) " groups"
                            @if shared.how == Match::Similar { " (in words alike)" }
                            ": " (Clean(&crate::domain::and_list(&names)))
                        }
                    }
                }
            }
        }
        @if !syn.unchosen_areas.is_empty() {
            @let names: Vec<&str> = syn.unchosen_areas.iter().map(|a| a.name.as_str()).collect();
            p { strong { "Areas of change nobody chose:" } " " (Clean(&names.join(", "))) }
        }
        @if !syn.untackled.is_empty() {
            p { strong { "Barriers no action tackles:" } }
            ul {
                @for u in &syn.untackled {
                    li {
                        @if several { (Clean(u.group)) ": " }
                        (Clean(&u.barrier.text)) " (severity " (u.barrier.severity) ")"
                    }
                }
            }
        }
        @if let Some(choice) = &session.scenario.stance {
            p { strong { (Clean(&choice.question)) } }
            ul {
                @for g in &session.groups {
                    li { (Clean(&g.name)) ": " (Clean(g.stance_title(&session.scenario).unwrap_or("not chosen"))) }
                }
            }
        }
        @for question in &session.scenario.closing_questions {
            h3 { (Clean(question)) }
            p {
                @match session.closing_answers.iter().find(|a| a.question == *question) {
                    Some(answer) => (Clean(&answer.answer)),
                    None => span.meta { "Not answered." },
                }
            }
        }
    }
}

/// What people said on their phones: the ratings, their answers to the
/// closing questions and their lines on the session.
fn phones(session: &Session) -> Markup {
    let Some(said) = super::phone_feedback(session) else { return html! {} };
    html! {
        h2 { "From the phones" }
        @if let Some(mean) = said.ratings.mean() {
            p { "Rated " (format!("{mean:.1}")) " of " (RATING_MAX) " on average, by " (crate::domain::people(said.ratings.total())) "." }
            table {
                (head_row(&["Rating", "People"]))
                @for rating in (1..=RATING_MAX).rev() {
                    tr {
                        td { (rating) " (" (RATING_WORDS[usize::from(rating - 1)]) ")" }
                        td.num { (said.ratings.counts[usize::from(rating - 1)]) }
                    }
                }
            }
        }
        @for (question, answers) in &said.answers {
            h3 { (Clean(question)) }
            ul { @for (group, answer) in answers { li { strong { (Clean(group)) } ": " (Clean(answer)) } } }
        }
        @if !said.comments.is_empty() {
            h3 { "On the session" }
            ul { @for (group, comment) in &said.comments { li { strong { (Clean(group)) } ": " (Clean(comment)) } } }
        }
    }
}

/// The dot votes, most dots first; nothing for one person's practice,
/// where no room voted.
fn dot_votes(session: &Session) -> Markup {
    html! {
        @if !is_solo(session) {
            h2 { "Dot votes" }
            @if session.votes.is_empty() {
                p { "No votes were cast." }
            } @else {
                p { (voting_rules(session)) }
                table {
                    (head_row(&["Dots", "Action", "Group"]))
                    @for (n, group, action) in vote_tally(session) {
                        tr { td.num { (n) } td { (Clean(&action.title)) } td { (Clean(&group.name)) } }
                    }
                }
            }
        }
    }
}

/// The same 3x3 arrangement as the screen: the areas around the goal, with
/// every group's actions in them.
fn map(session: &Session) -> Markup {
    const CENTRE: usize = 8;
    const ORDER: [usize; 9] = [0, 5, 1, 2, CENTRE, 3, 6, 4, 7];
    let areas = review::map(session);
    html! {
        h2 { "The map" }
        div.map {
            @for slot in ORDER {
                @if slot == CENTRE {
                    div.centre { "Improving outcomes for citizens" }
                } @else if let Some(area) = areas.get(slot) {
                    (map_area(area))
                } @else {
                    div {}
                }
            }
        }
    }
}

fn map_area(area: &review::MapArea<'_>) -> Markup {
    html! {
        div.area {
            h4 { (Clean(area.name)) }
            ul {
                @for item in &area.items {
                    li {
                        (Clean(item.title)) " (" (Clean(item.group)) ")"
                        @if item.votes > 0 { " " span.dots { "● " (item.votes) } }
                    }
                }
                @if area.items.is_empty() {
                    li { "no actions" }
                }
            }
        }
    }
}

/// Every area of change with what it covers, its moves and their source,
/// marking those where no action was placed.
fn areas(session: &Session) -> Markup {
    html! {
        h2 { "Areas of change" }
        @for (area, chosen) in areas_chosen(session) {
            div.area-detail.unchosen[!chosen] {
                h3 {
                    (Clean(&area.name))
                    @if !chosen { " " span.mark { "nobody chose this area" } }
                }
                p { (Clean(&area.summary)) }
                @if !area.moves.is_empty() {
                    p { "Moves to consider:" }
                    ul { @for m in &area.moves { li { (Clean(m)) } } }
                }
                @if !area.source.trim().is_empty() {
                    p.meta { "Source: " (Clean(&area.source)) }
                }
            }
        }
    }
}

/// Where each action stands since the workshop, once anyone has said.
fn follow_up(session: &Session) -> Markup {
    html! {
        @if has_follow_up(session) {
            h2 { "Follow-up" }
            table {
                (head_row(&[follow_up_owner(session), "Action", "Status", "Note"]))
                @for g in &session.groups {
                    @for a in &g.actions {
                        tr {
                            td { (Clean(&g.name)) }
                            td { (Clean(&a.title)) }
                            td { (a.status.label()) }
                            td { (Clean(&a.status_note)) }
                        }
                    }
                }
            }
        }
    }
}

/// Planned and actual minutes per stage.
fn stages(session: &Session) -> Markup {
    html! {
        h2 { "Stages" }
        table {
            (head_row(&["Stage", "Planned minutes", "Minutes on the stage", "Minutes timed"]))
            @for row in stage_minutes(session) {
                tr {
                    td { (Clean(&row.title)) }
                    td.num { (row.planned) }
                    td.num { (row.on_stage) }
                    td.num { (row.timed) }
                }
            }
        }
    }
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

    /// The value of the attribute `name` in `tag`.
    fn attribute(tag: &str, name: &str) -> f32 {
        let needle = format!(" {name}=\"");
        let from = tag.find(&needle).unwrap_or_else(|| panic!("no {name} in {tag}")) + needle.len();
        tag[from..].split('"').next().and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{name} in {tag}"))
    }

    #[test]
    fn a_bar_ends_on_its_last_months_tick() {
        use crate::domain::session::Mode;
        let mut s = Session::new("T", crate::scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
        s.groups[0].add_action(Action {
            title: "A".into(),
            start_month: Some(3),
            end_month: Some(18),
            ..Action::default()
        });
        let svg = timeline(&s, &s.groups[0]).into_string();
        let tick = |m: u32| {
            let x = 190.0 + m as f32 * 520.0 / 18.0;
            format!("{x:.1}")
        };
        assert!(svg.contains(&format!("<line class=\"grid\" x1=\"{}\"", tick(18))), "{svg}");
        let from = svg.find("<rect class=\"bar\"").expect("a bar");
        let bar = &svg[from..from + svg[from..].find('>').expect("the tag's end")];
        let (x, w) = (attribute(bar, "x"), attribute(bar, "width"));
        assert!((x + w - (190.0 + 520.0)).abs() < 0.2, "the bar ends on the 18 tick: {bar}");
        assert!((x - (190.0 + 3.0 * 520.0 / 18.0)).abs() < 0.2, "and starts on the 3 tick: {bar}");
    }

    #[test]
    fn text_is_cleaned_then_escaped() {
        assert_eq!(esc("a\u{202E}<b> & \"c\"\nd"), "a&lt;b&gt; &amp; &quot;c&quot; d");
        let page = html! { p title=(Clean("x\u{200B}\"y\"")) { (Clean("<i>\u{7}")) } }.into_string();
        assert_eq!(page, "<p title=\"x&quot;y&quot;\">&lt;i&gt;</p>");
    }
}
