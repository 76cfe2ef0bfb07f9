//! What the room sees on each stage, as items of large and small text. No
//! key, instruction, speaker note, path or warning meant for the
//! facilitator is ever put here: this is the projector's whole vocabulary.

use crate::app::phones::PhoneRoom;
use crate::app::tables::ServedRoom;
use crate::app::{OpenSession, ReportView, ScenarioPage, SessionView};
use crate::domain::review;
use crate::domain::room;
use crate::domain::scenario::{BarrierKind, StageKind};
use crate::domain::session::{Action, Mode, Session};
use crate::ui::report::MAP_CENTRE;
use crate::ui::stages::{area_names, lead, months, plural};

/// How a piece of text is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Heading,
    Text,
    Muted,
    Alert,
}

/// One run of text, large or small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub large: bool,
    pub tone: Tone,
}

/// Pieces that belong together (a barrier and its details) and are kept
/// on one page where they fit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Item {
    pub pieces: Vec<Piece>,
}

impl Item {
    fn large(mut self, text: impl Into<String>, tone: Tone) -> Self {
        self.pieces.push(Piece { text: text.into(), large: true, tone });
        self
    }

    fn small(mut self, text: impl Into<String>, tone: Tone) -> Self {
        let text = text.into();
        if !text.trim().is_empty() {
            self.pieces.push(Piece { text, large: false, tone });
        }
        self
    }
}

/// A stage as the room sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoomView {
    /// A few words under the stage's name: which slide, which group.
    pub subtitle: String,
    pub items: Vec<Item>,
    /// The item the facilitator has selected; its page is the one shown.
    pub focus: Option<usize>,
    /// The page the facilitator stepped to: of the stage, or of the
    /// selected item when that is taller than a page.
    pub page: usize,
    /// The stage shown.
    pub stage: usize,
    /// An address to show as a QR code beside the items, where it fits:
    /// the phones' page, on the welcome stage.
    pub qr: Option<String>,
}

/// What the projector shows of `open`, as `shown` has it; on the welcome
/// stage, `served` adds the line tables type to join, and `phones` the
/// page's address (and its QR code).
pub fn room_view(
    open: &OpenSession,
    shown: &SessionView,
    served: Option<&ServedRoom>,
    phones: Option<&PhoneRoom>,
) -> RoomView {
    let session = &open.session;
    let Some(stage) = session.scenario.stage(shown.stage(session)) else { return RoomView::default() };
    let page = shown.scroll;
    let mut view = RoomView { page, stage: shown.stage(session), ..RoomView::default() };
    let prompt = |large: bool| {
        Item::default().large(stage.prompt_for(session.mode).to_string(), Tone::Muted).pieces.into_iter().map(
            move |mut p| {
                p.large = large;
                p
            },
        )
    };
    let group = shown.group(session);
    let several = session.groups.len() > 1;
    if several && matches!(stage.kind, StageKind::Barriers | StageKind::Solutions | StageKind::Actions) {
        view.subtitle.clone_from(&group.name);
    }
    match stage.kind {
        StageKind::Welcome => {
            // The code first, once for both ways in, so that even a small
            // projector's first page has it; then each way in.
            if let Some(code) = served.map(|s| &s.code).or(phones.map(|p| &p.code)) {
                view.items.push(Item::default().large(format!("Room code: {}", code.get()), Tone::Heading));
            }
            if let Some(phones) = phones {
                view.items.push(
                    Item::default()
                        .large(format!("Phones: {}", phones.address()), Tone::Text)
                        .small("Scan the code or type the address. No names are asked.", Tone::Muted),
                );
                view.qr = Some(phones.address());
            }
            if let Some(served) = served {
                // Read off the screen at the back of the room, so large.
                view.items.push(
                    Item::default().large(format!("Laptops: {}", served.ssh_line(None)), Tone::Text).small(
                        format!("GROUP is your group's name in lower case. The laptop's key: {}", served.fingerprint),
                        Tone::Muted,
                    ),
                );
            }
            view.items.push(Item::default().large(session.scenario.question.clone(), Tone::Heading));
            // The running order, with its breaks and, once the afternoon
            // has started, the time of day each begins.
            for slot in &session.agenda().slots {
                let at = session.room_time.started_at.map_or_else(String::new, |start| {
                    let begins = start + u64::from(slot.starts) * 60;
                    format!("{} ", crate::clock::time_of_day(begins, crate::clock::local_zone()))
                });
                let (text, tone) = match slot.stage {
                    Some(i) => (format!("{at}{}. {} · {} min", i + 1, slot.title, slot.minutes), Tone::Text),
                    None => (format!("{at}{} · {} min", slot.title, slot.minutes), Tone::Muted),
                };
                view.items.push(Item::default().large(text, tone));
            }
        }
        StageKind::Briefing => {
            let slides = &session.scenario.slides;
            if let Some(slide) = slides.get(session.slide.min(slides.len().saturating_sub(1))) {
                view.subtitle = format!("{} of {}", session.slide + 1, slides.len());
                view.items.push(Item::default().large(slide.title.clone(), Tone::Heading));
                for point in &slide.points {
                    view.items.push(Item::default().large(format!("· {point}"), Tone::Text));
                }
                if !slide.source.trim().is_empty() {
                    view.items.push(Item::default().small(format!("Source: {}", slide.source), Tone::Muted));
                }
            }
        }
        StageKind::Barriers => {
            view.items.push(Item { pieces: prompt(group.barriers.is_empty()).collect() });
            for b in &group.barriers {
                let kind = match b.kind {
                    BarrierKind::Environmental => "environmental",
                    BarrierKind::Organisational => "organisational",
                };
                view.items.push(
                    Item::default()
                        .large(b.text.clone(), Tone::Text)
                        .small(format!("{kind} · hurts {} of 5", b.severity), Tone::Muted)
                        .small(b.story.clone(), Tone::Muted),
                );
            }
            view.focus = (!group.barriers.is_empty()).then_some(shown.barrier + 1);
        }
        StageKind::Solutions => {
            view.items.push(Item { pieces: prompt(group.solutions.is_empty()).collect() });
            for s in &group.solutions {
                let answers: Vec<&str> =
                    s.barriers.iter().filter_map(|id| group.barrier(*id)).map(|b| b.text.as_str()).collect();
                let mut item = Item::default().large(s.text.clone(), Tone::Text);
                if !answers.is_empty() {
                    item = item.small(format!("answers: {}", answers.join("; ")), Tone::Muted);
                }
                if !s.areas.is_empty() {
                    item = item.small(format!("areas: {}", area_names(session, &s.areas)), Tone::Muted);
                }
                view.items.push(item);
            }
            view.focus = (!group.solutions.is_empty()).then_some(shown.solution + 1);
        }
        StageKind::Scenario => scenario_items(session, shown, &mut view),
        StageKind::Actions => {
            let mut offset = 1;
            view.items.push(Item { pieces: prompt(group.actions.is_empty()).collect() });
            if let Some(inject) = session.injects.last() {
                view.items.push(inject_item(inject));
                offset += 1;
            }
            for (i, a) in group.actions.iter().enumerate() {
                view.items.push(action_item(i, a));
            }
            view.focus = (!group.actions.is_empty()).then_some(shown.action + offset);
        }
        StageKind::ReportBack => report_items(open, shown, &mut view),
        StageKind::Close => close_items(session, &mut view),
    }
    view
}

fn action_item(i: usize, a: &Action) -> Item {
    let title = if a.title.is_empty() { "(untitled)" } else { a.title.as_str() };
    let mut item = Item::default()
        .large(format!("{}. {title}", i + 1), Tone::Text)
        .small(format!("{} · {}", lead(a), months(a)), Tone::Muted);
    if !a.first_step.is_empty() {
        item = item.small(format!("first step: {}", a.first_step), Tone::Muted);
    }
    item
}

fn inject_item(inject: &room::FiredInject) -> Item {
    Item::default()
        .large(format!("News, month {}: {}", inject.month, inject.title), Tone::Alert)
        .small(inject.what.clone(), Tone::Text)
        .small(inject.question.clone(), Tone::Alert)
}

fn scenario_items(session: &Session, shown: &SessionView, view: &mut RoomView) {
    let scenario = &session.scenario;
    let page = shown.scenario_page(scenario);
    if page == ScenarioPage::Glossary {
        view.subtitle = "glossary".into();
        if !scenario.setting.trim().is_empty() {
            view.items.push(Item::default().large(scenario.setting.clone(), Tone::Muted));
        }
        for entry in &scenario.glossary {
            let mut item =
                Item::default().large(entry.term.clone(), Tone::Heading).small(entry.meaning.clone(), Tone::Text);
            if !entry.now.trim().is_empty() {
                item = item.small(format!("now: {}", entry.now), Tone::Muted);
            }
            view.items.push(item);
        }
        return;
    }
    if page == ScenarioPage::Roles {
        view.subtitle = "the roles".into();
        // The role the facilitator has chosen is the one on show.
        view.focus = (!scenario.roles.is_empty()).then_some(shown.role.min(scenario.roles.len() - 1));
        for role in &scenario.roles {
            let mut item =
                Item::default().large(role.title.clone(), Tone::Heading).small(role.brief.clone(), Tone::Text);
            for p in &role.pressures {
                item = item.small(format!("pressure: {p}"), Tone::Muted);
            }
            view.items.push(item);
        }
        return;
    }
    let c = &scenario.council;
    view.subtitle.clone_from(&c.name);
    if !scenario.setting.trim().is_empty() {
        view.items.push(Item::default().large("When", Tone::Heading).large(scenario.setting.clone(), Tone::Text));
    }
    for (label, text) in c.sections() {
        view.items.push(Item::default().large(label, Tone::Heading).large(text.to_string(), Tone::Text));
    }
}

fn report_items(open: &OpenSession, shown: &SessionView, view: &mut RoomView) {
    let session = &open.session;
    match shown.report {
        ReportView::OneGroup => {
            // The group the facilitator chose with ←/→, a page at a time.
            let index = shown.report_group.min(session.groups.len().saturating_sub(1));
            let Some(group) = session.groups.get(index) else { return };
            view.subtitle.clone_from(&group.name);
            view.items.push(
                Item::default()
                    .large(format!("{}: {}", group.name, plural(group.actions.len(), "action")), Tone::Heading),
            );
            // Who spoke for whom, one role a line, so the room can tell.
            let held = group.roles_held(&session.scenario);
            if !held.is_empty() {
                let mut roles = Item::default();
                for (role, person) in held {
                    roles = roles.large(format!("{role}: {person}"), Tone::Text);
                }
                view.items.push(roles);
            }
            for (i, a) in group.actions.iter().enumerate() {
                view.items.push(action_item(i, a));
            }
        }
        ReportView::SideBySide if session.votes_hidden => {
            // The room votes unswayed: every action in the groups' order,
            // and how many dots are in, never where.
            let (given, voters) = room::dots_given(&session.votes);
            view.subtitle = format!(
                "the votes, hidden until the facilitator reveals them: {} from {} so far",
                plural(given, "dot"),
                plural(voters, "voter")
            );
            for (gi, g) in session.groups.iter().enumerate() {
                for (ai, a) in g.actions.iter().enumerate() {
                    let title = if a.title.is_empty() { "(untitled)" } else { a.title.as_str() };
                    view.items.push(
                        Item::default()
                            .large(title.to_string(), Tone::Text)
                            .small(format!("{} · {}", g.name, months(a)), Tone::Muted),
                    );
                    if (gi, ai) == shown.vote_cursor {
                        view.focus = Some(view.items.len() - 1);
                    }
                }
            }
        }
        ReportView::SideBySide => {
            view.subtitle = "the votes".into();
            let mut ranked: Vec<(usize, &str, &Action, (usize, usize))> = Vec::new();
            for (gi, g) in session.groups.iter().enumerate() {
                for (ai, a) in g.actions.iter().enumerate() {
                    ranked.push((room::votes_for(&session.votes, g.id, a.id), g.name.as_str(), a, (gi, ai)));
                }
            }
            ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
            for (rank, (votes, group, a, at)) in ranked.iter().enumerate() {
                let title = if a.title.is_empty() { "(untitled)" } else { a.title.as_str() };
                view.items.push(
                    Item::default()
                        .large(format!("{} {title}", dots(*votes)), Tone::Text)
                        .small(format!("{group} · {} · {}", plural(*votes, "dot"), months(a)), Tone::Muted),
                );
                if *at == shown.vote_cursor {
                    view.focus = Some(rank);
                }
            }
        }
        ReportView::Map => {
            view.subtitle = "the map".into();
            view.items.push(Item::default().large(MAP_CENTRE, Tone::Heading));
            // `review::map` keeps the scenario's order of areas.
            for (area, scenario_area) in review::map(session).iter().zip(&session.scenario.areas) {
                let mut item =
                    Item::default().large(format!("{}: {}", area.name, plural(area.items.len(), "action")), Tone::Text);
                for placed in &area.items {
                    let votes = if placed.votes > 0 && !session.votes_hidden {
                        format!(" ({})", plural(placed.votes, "dot"))
                    } else {
                        String::new()
                    };
                    item = item.large(format!("{}: {}{votes}", placed.group, placed.title), Tone::Text);
                }
                // Where nobody chose, the area's moves, for the room to consider.
                if area.items.is_empty() && !scenario_area.moves.is_empty() {
                    item = item.small("Nobody chose this area. Moves to consider:", Tone::Muted);
                    for m in &scenario_area.moves {
                        item = item.small(format!("· {m}"), Tone::Muted);
                    }
                }
                view.items.push(item);
            }
        }
    }
}

/// Votes as dots, or a dash for none, so every line starts alike.
fn dots(n: usize) -> String {
    if n == 0 { "-".into() } else { format!("{n}") }
}

fn close_items(session: &Session, view: &mut RoomView) {
    let solo = session.mode == Mode::Solo;
    closing_items(session, view);
    rating_items(session, view);
    if session.groups.len() > 1 {
        room_items(session, view);
    }
    for group in &session.groups {
        let who = if solo { "Your plan".to_string() } else { group.name.clone() };
        view.items
            .push(Item::default().large(format!("{who}: {}", plural(group.actions.len(), "action")), Tone::Heading));
        // Each action large, a page of them at a time: the plan is what the
        // room takes away.
        for (i, a) in group.actions.iter().enumerate() {
            view.items.push(
                Item::default().large(format!("{}. {}", i + 1, a.title), Tone::Text).small(months(a), Tone::Muted),
            );
        }
        let gaps = review::coverage(group, &session.scenario);
        if !gaps.unchosen_areas.is_empty() {
            view.items
                .push(Item::default().large(format!("No action in: {}", gaps.unchosen_areas.join(", ")), Tone::Alert));
        }
        if !gaps.untackled_barriers.is_empty() {
            let names: Vec<&str> = gaps.untackled_barriers.iter().map(|b| b.text.as_str()).collect();
            view.items.push(
                Item::default()
                    .large(format!("Barriers left: {}", gaps.untackled_barriers.len()), Tone::Alert)
                    .small(names.join("; "), Tone::Muted),
            );
        }
    }
}

/// The room as a whole, large: what several groups named, each group's
/// stance.
fn room_items(session: &Session, view: &mut RoomView) {
    let syn = crate::domain::synthesis::synthesise(session);
    for shared in &syn.shared {
        let names: Vec<String> =
            shared.named_by.iter().filter_map(|(g, _)| session.group_by_id(*g)).map(|g| g.name.clone()).collect();
        view.items.push(
            Item::default()
                .large(format!("Named by {} groups: {}", shared.named_by.len(), shared.text), Tone::Heading)
                .small(crate::domain::and_list(&names), Tone::Muted),
        );
    }
    if !syn.unchosen_areas.is_empty() {
        let names: Vec<&str> = syn.unchosen_areas.iter().map(|a| a.name.as_str()).collect();
        view.items.push(Item::default().large(format!("No group chose: {}", names.join(", ")), Tone::Alert));
    }
    if session.scenario.stance.is_some() {
        for g in &session.groups {
            let stance = g.stance_title(&session.scenario).unwrap_or("not chosen");
            view.items.push(Item::default().large(format!("{}: {stance}", g.name), Tone::Text));
        }
    }
}

/// How the room rated the session, once anyone has: the mean large, for
/// the back of the room, and a bar a rating.
fn rating_items(session: &Session, view: &mut RoomView) {
    let ratings = crate::domain::session::Ratings::of(&session.feedback);
    let Some(heading) = crate::ui::ratings::heading(&ratings) else { return };
    let mut chart = Item::default().large(heading, Tone::Heading);
    for row in crate::ui::ratings::rows(&ratings, 24) {
        chart = chart.small(row, Tone::Text);
    }
    view.items.push(chart);
}

/// The closing questions, large while the room is still answering them;
/// once the facilitator has typed an answer, the answer is the large part.
fn closing_items(session: &Session, view: &mut RoomView) {
    for question in &session.scenario.closing_questions {
        let answered = session.closing_answers.iter().find(|a| a.question == *question && !a.answer.trim().is_empty());
        view.items.push(match answered {
            Some(a) => Item::default().small(question.clone(), Tone::Muted).large(a.answer.clone(), Tone::Text),
            None => Item::default().large(question.clone(), Tone::Heading),
        });
    }
}
