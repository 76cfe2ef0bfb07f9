//! Overlays drawn on top of a screen: help, delete confirmation, the barrier
//! deck and the idea cards.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::app::{Pick, Screen};
use crate::domain::plural;
use crate::forms::Target;
use crate::keys;
use crate::message::Message;

use super::qr::Qr;
use super::{KeyNames, centered, truncate, wrap};

/// The rows wrapped lines take.
fn rows(lines: &[Line<'_>]) -> u16 {
    u16::try_from(lines.len()).unwrap_or(u16::MAX)
}

fn panel_block(screen: &Screen<'_>, title: &str) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(screen.theme.focus_border())
        .title(Span::styled(format!(" {title} "), screen.theme.title()))
}

pub(super) fn panel(screen: &Screen<'_>, title: &str, area: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(area, buf);
    let block = panel_block(screen, title);
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// The help's place on the screen and its lines, wrapped to fit inside it.
fn help_layout(screen: &Screen<'_>, whole: Rect) -> (Rect, Vec<Line<'static>>) {
    // Help describes the screen underneath: the form, or the stage.
    let context = match &screen.form {
        Some(form) => keys::Context::Form(form.target.kind()),
        None => screen.base_context(),
    };
    let rows = screen.keys.help_rows(context, screen.seat());
    // The keys in a column as wide as the longest (the user's own keys
    // may be longer than the built-in ones).
    let key_width = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0).max(14);
    // Sized to what it holds once wrapped, as far as the screen allows.
    let width = u16::try_from(key_width + 50).unwrap_or(u16::MAX).min(whole.width);
    let inner_width = panel_block(screen, "Help").inner(Rect::new(0, 0, width, 3)).width;
    // A label too long for its row goes on under itself, not under the keys.
    let label_width = usize::from(inner_width).saturating_sub(key_width + 3).max(10);
    let mut lines: Vec<Line> = Vec::new();
    // The stage's question, which its own rows may cut short.
    if screen.form.is_none()
        && let Some(open) = &screen.work.open
        && let Some(stage) = open.session.scenario.stage(screen.view.stage(&open.session))
    {
        lines.push(Line::from(vec![
            Span::styled("This stage asks: ", screen.theme.key()),
            Span::styled(stage.prompt_for(open.session.mode).to_string(), screen.theme.muted()),
        ]));
        lines.push(Line::raw(""));
    }
    for (keys, label) in rows {
        for (i, part) in wrap::strings(label, label_width).into_iter().enumerate() {
            let keys = if i == 0 { keys.as_str() } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!(" {keys:>key_width$}  "), screen.theme.key()),
                Span::raw(part),
            ]));
        }
    }
    lines.push(Line::raw(""));
    let help_keys = screen.keys.help_rows(keys::Context::Help, screen.seat());
    let keys_of = |label: &str| help_keys.iter().find(|(_, l)| *l == label).map(|(k, _)| k.clone());
    let scroll = keys_of("scroll").map_or_else(String::new, |k| format!(" {k} scroll;"));
    let close = keys_of("close help").map_or_else(String::new, |k| {
        let keys: Vec<&str> = k.split('/').collect();
        format!(" {} closes this help.", crate::domain::or_list(&keys))
    });
    let footer = if screen.role == crate::app::Role::Console {
        format!(
            " This console only reads the session and never changes it. It follows the file as the main \
             screen saves it.{scroll}{close}"
        )
    } else {
        let mouse = if screen.mouse {
            " The wheel scrolls and a click selects a stage or an item; to select text, hold Shift as you drag \
             (Option on macOS)."
        } else {
            ""
        };
        format!(" Everything is saved as you type.{scroll}{close}{mouse}")
    };
    lines.push(Line::from(Span::styled(footer, screen.theme.muted())));
    let lines = wrap::lines(lines, inner_width);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(whole.height);
    (centered(whole, width, height), lines)
}

/// How far the help scrolls on the screen as last sized, and how many
/// rows a page moves: all it shows but one, which stays for context.
pub fn help_scroll(screen: &Screen<'_>) -> Option<(usize, usize)> {
    let (width, height) = screen.screen_size?;
    let (area, lines) = help_layout(screen, Rect::new(0, 0, width, height));
    let rows = usize::from(panel_block(screen, "Help").inner(area).height);
    let shown = super::scroll::rows_shown(lines.len(), rows);
    Some((super::scroll::max_offset(lines.len(), rows), shown.saturating_sub(1).max(1)))
}

pub fn render_help(screen: &Screen<'_>, whole: Rect, buf: &mut Buffer) {
    let (area, lines) = help_layout(screen, whole);
    let inner = panel(screen, "Help", area, buf);
    let offset = screen.view.help_scroll;
    super::scroll::render(&lines, offset, screen.theme, inner, buf);
}

pub fn render_confirm(screen: &Screen<'_>, target: Target, whole: Rect, buf: &mut Buffer) {
    let Some(open) = &screen.work.open else { return };
    let group = screen.view.group(&open.session);
    let what = match target {
        Target::Barrier(id) => group.barrier(id).map(|b| format!("the barrier \"{}\"", b.text)),
        Target::Solution(id) => {
            group.solutions.iter().find(|s| s.id == id).map(|s| format!("the solution \"{}\"", s.text))
        }
        Target::Action(id) => group.actions.iter().find(|a| a.id == id).map(|a| format!("the action \"{}\"", a.title)),
        Target::GroupName(id) => {
            open.session.group_by_id(id).map(|g| format!("the group \"{}\" and all its work", g.name))
        }
        Target::NewSession
        | Target::RoleHolder(_)
        | Target::InjectResponse(_)
        | Target::ClosingAnswers
        | Target::CustomInject
        | Target::StatusNote(..)
        | Target::SaveAs => None,
    }
    .unwrap_or_default();
    let area = centered(whole, 60, 7);
    let inner = panel(screen, "Delete?", area, buf);
    let lines = vec![
        Line::raw(format!("Delete {}?", truncate(&what, 120))),
        Line::raw(""),
        key_choices(screen, keys::Context::Confirm),
    ];
    wrap::paragraph(lines, inner.width).render(inner, buf);
}

pub fn render_confirm_export(screen: &Screen<'_>, existing: u8, whole: Rect, buf: &mut Buffer) {
    let Some(open) = &screen.work.open else { return };
    let paths = open.report_paths();
    let dir = open.path.parent().map_or(String::new(), |d| d.display().to_string());
    let into = format!("Into {dir}:");
    let width = whole.width.min(72);
    // The folder in full: it is where the facilitator will look for them.
    let mut lines = vec![Line::raw(into), Line::raw("")];
    for (i, (_, path)) in paths.iter().enumerate() {
        let name = path.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned());
        let what = if existing & (1 << i) != 0 { "replaces the earlier export" } else { "new" };
        lines.push(Line::from(vec![Span::raw(format!("  {name}  ")), Span::styled(what, screen.theme.muted())]));
    }
    lines.push(Line::raw(""));
    lines.push(key_choices(screen, keys::Context::ConfirmExport));
    let lines = wrap::lines(lines, width.saturating_sub(2));
    let area = centered(whole, width, rows(&lines) + 2);
    let inner = panel(screen, "Write the reports?", area, buf);
    Paragraph::new(lines).render(inner, buf);
}

/// Quitting a room that tables or phones are connected to: what it ends
/// for them, and the keys that quit or stay.
pub fn render_confirm_quit(screen: &Screen<'_>, tables: usize, phones: usize, whole: Rect, buf: &mut Buffer) {
    let mut who = Vec::new();
    if tables > 0 {
        who.push(format!("{} over SSH", plural(tables, "table")));
    }
    if phones > 0 {
        who.push(format!("{} on the phones' page", crate::domain::people(phones)));
    }
    let width = whole.width.min(64);
    let lines = vec![
        Line::raw(format!("Connected to this room: {}.", crate::domain::and_list(&who))),
        Line::raw(""),
        Line::raw(
            "Quitting ends the room for them: their screens stop until you start it again, and then they join \
             again with the room code. Everything is saved.",
        ),
        Line::raw(""),
        key_choices(screen, keys::Context::ConfirmQuit),
    ];
    let lines = wrap::lines(lines, width.saturating_sub(2));
    let area = centered(whole, width, rows(&lines) + 2);
    let inner = panel(screen, "Quit and end the room?", area, buf);
    Paragraph::new(lines).render(inner, buf);
}

/// A question's answers, one per key as the keys table labels them:
/// "y yes, delete   n/Esc no, keep it".
fn key_choices(screen: &Screen<'_>, context: keys::Context) -> Line<'static> {
    let mut spans = Vec::new();
    for (keys, label) in screen.keys.help_rows(context, screen.seat()) {
        if !spans.is_empty() {
            spans.push(Span::raw("   "));
        }
        spans.push(Span::styled(keys, screen.theme.key()));
        spans.push(Span::raw(format!(" {label}")));
    }
    Line::from(spans)
}

/// A card's row in a deck: its text, cut to fit, and "✓ taken" at the
/// right when the group has already taken it.
fn card_row(text: &str, taken: bool, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let tag = if taken { "  ✓ taken" } else { "" };
    let text = truncate(text, width.saturating_sub(tag.width()));
    let pad = width.saturating_sub(text.width() + tag.width());
    format!("{text}{}{tag}", " ".repeat(pad))
}

/// The line under a deck saying what picking does, or, where the screen
/// cannot pick, why the cards are there to read only.
fn cards_note(screen: &Screen<'_>, pick: Pick) -> String {
    let context = if pick == Pick::Barrier { keys::Context::Deck } else { keys::Context::Ideas };
    match screen.keys.key_for(context, screen.seat(), crate::message::Message::Select) {
        Some(key) => match pick {
            Pick::Barrier => format!("{key} takes the card as a new barrier, for the group to say how much it hurts."),
            Pick::Solution => format!(
                "{key} starts a new solution from the card, with its areas ticked: say where it worked and what it answers."
            ),
            Pick::Action => format!(
                "{key} starts a new action from the card, with its title, what and areas: make it the group's own."
            ),
        },
        None => match screen.seat() {
            keys::Seat::ReadOnly => "To read only: this session is open in another Roundtable.".into(),
            _ => "To read only: each group picks its cards on its own laptop.".into(),
        },
    }
}

pub fn render_deck(screen: &Screen<'_>, selected: usize, whole: Rect, buf: &mut Buffer) {
    let Some(open) = &screen.work.open else { return };
    let deck = &open.session.scenario.barrier_deck;
    let group = screen.view.group(&open.session);
    let area = centered(whole, whole.width.saturating_sub(4).min(100), whole.height.saturating_sub(2));
    let inner = panel(screen, "The scenario's barrier deck: pick a card", area, buf);
    let note = wrap::text(&cards_note(screen, Pick::Barrier), inner.width);
    // The card's explanation and question, in full, under a rule.
    let detail = deck.get(selected).map(|card| {
        let lines = vec![
            Line::raw(card.explanation.clone()),
            Line::from(vec![Span::styled("Ask: ", screen.theme.key()), Span::raw(card.prompt.clone())]),
        ];
        wrap::lines(lines, inner.width)
    });
    let detail_rows = detail.as_ref().map_or(4, |lines| rows(lines) + 1);
    let [list_area, detail_area, note_area] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(detail_rows.min(inner.height / 2)),
        Constraint::Length(rows(&note)),
    ])
    .areas(inner);
    let height = usize::from(list_area.height);
    let first = selected.saturating_sub(height.saturating_sub(1));
    let width = usize::from(list_area.width);
    for (row, (i, card)) in deck.iter().enumerate().skip(first).take(height).enumerate() {
        // The scenario's key card: its source says why (the debrief cites it).
        let key = if card.key { " ★ key barrier" } else { "" };
        let text = format!("{:<14} {}{key}", card.kind.label(), card.title);
        let text = card_row(&text, Pick::Barrier.taken(group, &card.id), width);
        let style = if i == selected { screen.theme.selected() } else { screen.theme.text() };
        Line::from(Span::styled(text, style))
            .render(Rect { x: list_area.x, y: list_area.y + row as u16, width: list_area.width, height: 1 }, buf);
    }
    if let Some(detail) = detail {
        let block = Block::new().borders(Borders::TOP).border_style(screen.theme.border());
        Paragraph::new(detail).block(block).render(detail_area, buf);
    }
    Paragraph::new(note).style(screen.theme.muted()).render(note_area, buf);
}

/// Where the idea cards' overlay puts its parts: the panel, the list, the
/// selected card's pane (below a rule) and the note under them; and the
/// card's lines, wrapped to the pane.
struct IdeasLayout {
    area: Rect,
    list: Rect,
    card: Rect,
    note: Rect,
    lines: Vec<Line<'static>>,
    note_lines: Vec<Line<'static>>,
}

fn ideas_title(screen: &Screen<'_>, pick: Pick) -> String {
    match screen.keys.key_for(keys::Context::Ideas, screen.seat(), crate::message::Message::Select) {
        Some(_) => {
            format!("Idea cards: pick one to start {}", if pick == Pick::Action { "an action" } else { "a solution" })
        }
        None => "Idea cards".into(),
    }
}

fn ideas_layout(screen: &Screen<'_>, whole: Rect, selected: usize, pick: Pick) -> Option<IdeasLayout> {
    let open = screen.work.open.as_ref()?;
    let session = &open.session;
    let cards = &session.scenario.idea_cards;
    let card = cards.get(selected)?;
    let theme = screen.theme;
    let width = whole.width.saturating_sub(4).min(100);
    let inner_width = width.saturating_sub(2);
    let note_lines = wrap::text(&cards_note(screen, pick), inner_width);
    let note_rows = rows(&note_lines);
    let taken = pick.taken(screen.view.group(session), &card.id);
    let lines = idea_lines(session, card, taken.then_some(pick), theme, inner_width);
    // As tall as the list and the longest card need, so that the panel
    // keeps its size as the selection moves.
    let longest = cards.iter().map(|c| idea_lines(session, c, Some(pick), theme, inner_width).len()).max().unwrap_or(0);
    let listed = deck_rows(&session.scenario).len();
    let wanted = u16::try_from(listed + longest).unwrap_or(u16::MAX).saturating_add(note_rows + 3);
    let area = centered(whole, width, wanted.min(whole.height.saturating_sub(2)));
    let inner = panel_block(screen, &ideas_title(screen, pick)).inner(area);
    // The card in full where it fits, leaving the list at least half (or
    // all it needs); the rule above the card takes a row.
    let room = inner.height.saturating_sub(note_rows);
    let list_wanted = u16::try_from(listed).unwrap_or(u16::MAX).min(room / 2).max(1);
    let card_rows = (u16::try_from(lines.len()).unwrap_or(u16::MAX) + 1).min(room.saturating_sub(list_wanted));
    let [list, card_area, note] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(card_rows), Constraint::Length(note_rows)])
            .areas(inner);
    let card_inner = Block::new().borders(Borders::TOP).inner(card_area);
    Some(IdeasLayout { area, list, card: card_inner, note, lines, note_lines })
}

/// A row of the idea cards' list: a deck's heading, or a card (by its
/// index in the scenario).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DeckRow<'a> {
    Deck(&'a crate::domain::scenario::IdeaDeck),
    Card(usize),
}

/// The idea cards in the scenario's order, with a deck's heading wherever
/// the deck changes, so that a scenario listing each deck's cards together
/// shows each heading once.
fn deck_rows(scenario: &crate::domain::scenario::Scenario) -> Vec<DeckRow<'_>> {
    let mut rows = Vec::new();
    let mut current: Option<&str> = None;
    for (i, card) in scenario.idea_cards.iter().enumerate() {
        if let Some(deck) = scenario.idea_decks.iter().find(|d| d.id == card.deck)
            && current != Some(deck.id.as_str())
        {
            rows.push(DeckRow::Deck(deck));
            current = Some(deck.id.as_str());
        }
        rows.push(DeckRow::Card(i));
    }
    rows
}

/// An idea card in full, wrapped to `width`: its title, text, areas and
/// source, and, with `taken`, that the group already has an item from it.
fn idea_lines(
    session: &crate::domain::session::Session,
    card: &crate::domain::scenario::IdeaCard,
    taken: Option<Pick>,
    theme: super::theme::Theme,
    width: u16,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(card.title.clone(), theme.heading())), Line::raw(card.text.clone())];
    let areas = super::stages::area_names(session, &card.areas);
    if !areas.is_empty() {
        lines.push(Line::from(vec![Span::styled("Areas: ", theme.key()), Span::raw(areas)]));
    }
    if !card.source.trim().is_empty() {
        lines.push(Line::from(vec![
            Span::styled("From: ", theme.key()),
            Span::styled(card.source.clone(), theme.muted()),
        ]));
    }
    if let Some(pick) = taken {
        lines.push(Line::from(Span::styled(
            format!("✓ This group already has {} {} from this card.", article(pick), pick.item()),
            theme.info(),
        )));
    }
    wrap::lines(lines, width)
}

fn article(pick: Pick) -> &'static str {
    if pick == Pick::Action { "an" } else { "a" }
}

/// How far the selected idea card's text scrolls on the screen as last sized.
pub fn ideas_scroll_limit(screen: &Screen<'_>, selected: usize) -> Option<usize> {
    let (width, height) = screen.screen_size?;
    let Some(crate::app::Overlay::Ideas { pick, .. }) = screen.overlay else { return None };
    let layout = ideas_layout(screen, Rect::new(0, 0, width, height), selected, pick)?;
    Some(super::scroll::max_offset(layout.lines.len(), usize::from(layout.card.height)))
}

pub fn render_ideas(screen: &Screen<'_>, selected: usize, pick: Pick, scroll: usize, whole: Rect, buf: &mut Buffer) {
    let Some(open) = &screen.work.open else { return };
    let Some(layout) = ideas_layout(screen, whole, selected, pick) else { return };
    let theme = screen.theme;
    let group = screen.view.group(&open.session);
    panel(screen, &ideas_title(screen, pick), layout.area, buf);
    let width = usize::from(layout.list.width);
    let scenario = &open.session.scenario;
    let listed = deck_rows(scenario);
    let selected_row = listed.iter().position(|row| *row == DeckRow::Card(selected)).unwrap_or(0);
    let rows = listed
        .iter()
        .map(|row| match row {
            // The title names the source and its date; the card's own
            // credit says the rest.
            DeckRow::Deck(deck) => Line::from(Span::styled(truncate(&deck.title, width), theme.heading())),
            DeckRow::Card(i) => {
                let card = &scenario.idea_cards[*i];
                Line::raw(card_row(&card.title, pick.taken(group, &card.id), width))
            }
        })
        .collect();
    super::stages::render_list(rows, selected_row, theme, layout.list, buf);
    let rule = Rect { y: layout.card.y.saturating_sub(1), height: 1, ..layout.card };
    Block::new().borders(Borders::TOP).border_style(theme.border()).render(rule, buf);
    super::scroll::render(&layout.lines, scroll, theme, layout.card, buf);
    Paragraph::new(layout.note_lines).style(theme.muted()).render(layout.note, buf);
}

/// The group has taken this card before: take it again?
pub fn render_pick_again(screen: &Screen<'_>, pick: Pick, selected: usize, whole: Rect, buf: &mut Buffer) {
    let Some(open) = &screen.work.open else { return };
    let scenario = &open.session.scenario;
    let title = match pick {
        Pick::Barrier => scenario.barrier_deck.get(selected).map(|c| c.title.as_str()),
        Pick::Solution | Pick::Action => scenario.idea_cards.get(selected).map(|c| c.title.as_str()),
    }
    .unwrap_or_default();
    let question = format!(
        "This group already has {} {} from this card (\"{}\"). Take it again?",
        article(pick),
        pick.item(),
        truncate(title, 80)
    );
    let width = whole.width.min(64);
    let lines = vec![Line::raw(question), Line::raw(""), key_choices(screen, keys::Context::PickAgain)];
    let lines = wrap::lines(lines, width.saturating_sub(2));
    let area = centered(whole, width, rows(&lines) + 2);
    let inner = panel(screen, "Taken before", area, buf);
    Paragraph::new(lines).render(inner, buf);
}

/// Renders rows with the selected one highlighted, scrolled into view.
fn render_rows(screen: &Screen<'_>, rows: &[String], selected: usize, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let lines = rows.iter().map(|text| Line::raw(truncate(text, width))).collect();
    super::stages::render_list(lines, selected, screen.theme, area, buf);
}

pub fn render_injects(screen: &Screen<'_>, selected: usize, whole: Rect, buf: &mut Buffer) {
    let Some(open) = &screen.work.open else { return };
    let injects = &open.session.scenario.injects;
    let area = centered(whole, whole.width.saturating_sub(4).min(100), whole.height.saturating_sub(2));
    let inner = panel(screen, "Fire an inject (facilitator)", area, buf);
    let [list_area, detail_area] = Layout::vertical([Constraint::Fill(1), Constraint::Length(7)]).areas(inner);
    let fired: Vec<&str> = open.session.injects.iter().map(|f| f.title.as_str()).collect();
    let mut rows: Vec<String> = injects
        .iter()
        .map(|i| {
            let mark = if fired.contains(&i.title.as_str()) { "✓" } else { " " };
            format!("{mark} month {:>2}  {}", i.month, i.title)
        })
        .collect();
    rows.push("+ Write your own inject".into());
    render_rows(screen, &rows, selected, list_area, buf);
    let block = Block::new().borders(Borders::TOP).border_style(screen.theme.border());
    let detail = match injects.get(selected) {
        Some(inject) => vec![
            Line::raw(inject.what.clone()),
            Line::from(vec![Span::styled("Question: ", screen.theme.key()), Span::raw(inject.question.clone())]),
            Line::from(Span::styled(inject.source.clone(), screen.theme.muted())),
        ],
        None => vec![Line::raw(
            "Write news of your own: a headline, the month it lands, what happens and the question it asks.",
        )],
    };
    let width = block.inner(detail_area).width;
    wrap::paragraph(detail, width).block(block).render(detail_area, buf);
}

pub fn render_groups(screen: &Screen<'_>, selected: usize, whole: Rect, buf: &mut Buffer) {
    let Some(open) = &screen.work.open else { return };
    let session = &open.session;
    let served = screen.work.served.as_ref();
    let phones = screen.work.phones.as_ref();
    let note_rows = 2 + if served.is_some() { 3 } else { 0 } + if phones.is_some() { 2 } else { 0 };
    // The chosen table's own link as a QR code, where the screen has room:
    // a person who scans it lands at that table.
    let own_link = phones.zip(session.groups.get(selected)).and_then(|(p, g)| {
        let qr = Qr::of(&format!("{}/?table={}", p.address(), crate::domain::session::short_name(&g.name)))?;
        let (width, height) = qr.size();
        let fits = whole.width >= 110 && height + 2 + note_rows + 4 <= whole.height;
        fits.then(|| (qr, format!("{}'s own link", g.name), width, height + 1))
    });
    let list_rows = (session.groups.len() as u16 + 1).max(own_link.as_ref().map_or(0, |(.., rows)| *rows));
    let height = (list_rows + 2 + note_rows).min(whole.height);
    let area = centered(whole, whole.width.saturating_sub(4).min(110), height);
    let inner = panel(screen, "Groups", area, buf);
    let [list_area, note] = Layout::vertical([Constraint::Fill(1), Constraint::Length(note_rows)]).areas(inner);
    let list_area = match &own_link {
        Some((qr, caption, width, _)) => {
            let [list, code] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(*width)]).areas(list_area);
            let [caption_row, code] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(code);
            Line::from(Span::styled(truncate(caption, usize::from(*width)), screen.theme.muted()))
                .centered()
                .render(caption_row, buf);
            qr.render(code, buf);
            list
        }
        None => list_area,
    };
    let rows: Vec<String> = session
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let here = if i == screen.view.group_index(session) { "▸" } else { " " };
            format!(
                "{here} {} · {}, {}, {} of {}",
                g.name,
                plural(g.barriers.len(), "barrier"),
                plural(g.solutions.len(), "solution"),
                g.actions.len(),
                plural(usize::from(session.scenario.rules.actions), "action")
            )
        })
        .collect();
    let rows: Vec<String> = rows
        .into_iter()
        .zip(&session.groups)
        .map(|(row, g)| match &open.link {
            crate::app::Link::Room(room) => match room.warning_for(g.id) {
                Some(w) => format!("{row}  ⚠ {w}"),
                None => row,
            },
            _ => row,
        })
        .zip(&session.groups)
        .map(|(row, g)| {
            // Who is connected to each group, and from where; two laptops
            // at one table by the names their notices use (in the order
            // they joined).
            let mut connected: Vec<_> = served.iter().flat_map(|s| &s.connected).filter(|c| c.group == g.id).collect();
            connected.sort_by_key(|c| c.conn);
            let several = connected.len() > 1;
            let from: Vec<String> = connected
                .iter()
                .enumerate()
                .map(
                    |(i, c)| {
                        if several { format!("laptop {} ({})", i + 1, c.from.ip()) } else { c.from.ip().to_string() }
                    },
                )
                .collect();
            if from.is_empty() { row } else { format!("{row} · connected: {}", from.join(", ")) }
        })
        .zip(&session.groups)
        .map(|(row, g)| match screen.work.phones.as_ref().map_or(0, |p| p.at_table(g.id)) {
            0 => row,
            n => format!("{row} · {n} on phones"),
        })
        .collect();
    render_rows(screen, &rows, selected, list_area, buf);
    let theme = screen.theme;
    let names = KeyNames::of(screen);
    let pieces = names.pieces(
        keys::Context::Groups,
        &[
            (Message::Select, "works on a group"),
            (Message::Add, "adds"),
            (Message::Rename, "renames"),
            (Message::Delete, "removes"),
            (Message::Back, "closes"),
        ],
    );
    let mut lines = vec![Line::from(Span::styled(pieces.join(" · "), theme.muted()))];
    if let Some(served) = served {
        let door = if served.open_groups { "a new name starts a group" } else { "only these groups" };
        lines.push(Line::from(vec![
            Span::styled("Tables join: ", theme.heading()),
            Span::raw(served.ssh_line(None)),
            Span::styled(" (GROUP: the group's name in lower case) · code ", theme.muted()),
            Span::styled(served.code.get(), theme.heading()),
        ]));
        let switch = names
            .get(keys::Context::Groups, Message::ToggleOpenGroups)
            .map_or_else(String::new, |k| format!(" ({k} switches)"));
        let code = names.pieces(keys::Context::Groups, &[(Message::NewRoomCode, "gives a new code · ")]).concat();
        lines.push(Line::from(Span::styled(
            format!("{door}{switch} · {code}key {}", served.fingerprint),
            theme.muted(),
        )));
    }
    if let Some(phones) = phones {
        lines.push(Line::from(vec![
            Span::styled("Phones join: ", theme.heading()),
            Span::raw(phones.address()),
            Span::styled(" · code ", theme.muted()),
            Span::styled(phones.code.get(), theme.heading()),
            Span::styled(format!(" · {} on the page", phones.on_the_page()), theme.muted()),
            Span::styled(
                match (phones.open, names.get(keys::Context::Groups, Message::TogglePhones)) {
                    (true, Some(key)) => format!(" · {key} closes the page"),
                    (false, Some(key)) => format!(" · the page is CLOSED: {key} opens it"),
                    (false, None) => " · the page is CLOSED".to_string(),
                    (true, None) => String::new(),
                },
                if phones.open { theme.muted() } else { theme.warning() },
            ),
        ]));
    }
    wrap::paragraph(lines, note.width).render(note, buf);
}

/// What the follow-up review's keys do, from its keys table.
fn follow_up_keys(screen: &Screen<'_>) -> String {
    let names = KeyNames::of(screen);
    let context = keys::Context::FollowUp;
    let mut pieces = Vec::new();
    if let (Some(left), Some(right)) = (names.get(context, Message::Left), names.get(context, Message::Right)) {
        pieces.push(format!("{left}/{right} changes the status"));
    }
    pieces.extend(names.pieces(context, &[(Message::Select, "writes a note"), (Message::Back, "closes")]));
    pieces.join(" · ")
}

pub fn render_follow_up(screen: &Screen<'_>, selected: usize, whole: Rect, buf: &mut Buffer) {
    let Some(open) = &screen.work.open else { return };
    let area = centered(whole, whole.width.saturating_sub(4).min(110), whole.height.saturating_sub(2));
    let inner = panel(screen, "Follow-up: what became of each action", area, buf);
    let [list_area, detail_area] = Layout::vertical([Constraint::Fill(1), Constraint::Length(4)]).areas(inner);
    let actions: Vec<(&str, &crate::domain::session::Action)> =
        open.session.groups.iter().flat_map(|g| g.actions.iter().map(move |a| (g.name.as_str(), a))).collect();
    let rows: Vec<String> = actions
        .iter()
        .map(|(group, a)| format!("{:<14} {}: {}", format!("[{}]", a.status.label()), group, a.title))
        .collect();
    render_rows(screen, &rows, selected, list_area, buf);
    let block = Block::new().borders(Borders::TOP).border_style(screen.theme.border());
    let detail = match actions.get(selected) {
        Some((_, a)) => vec![
            Line::from(vec![
                Span::styled("Note: ", screen.theme.key()),
                Span::raw(if a.status_note.is_empty() { "—".to_string() } else { a.status_note.clone() }),
            ]),
            Line::from(Span::styled(follow_up_keys(screen), screen.theme.muted())),
        ],
        None => vec![Line::raw("No actions to review yet.")],
    };
    let width = block.inner(detail_area).width;
    wrap::paragraph(detail, width).block(block).render(detail_area, buf);
}

/// Leaving was held up because the session could not be saved: what
/// happened, that nothing is lost yet, and the choices.
pub fn render_save_failed(screen: &Screen<'_>, whole: Rect, buf: &mut Buffer) {
    let Some(failure) = &screen.work.save_failure else { return };
    let area = centered(whole, 78, 18);
    let inner = panel(screen, "Saving failed", area, buf);
    let mut lines = vec![
        Line::raw(format!("Roundtable could not write {}:", failure.path.display())),
        Line::styled(failure.reason.clone(), screen.theme.error()),
        Line::raw(""),
    ];
    match &failure.nowhere {
        None => {
            lines.push(Line::raw("Nothing is lost: your work is still here. Before leaving, choose:"));
            lines.push(Line::raw(""));
            for (keys, label) in screen.keys.help_rows(keys::Context::SaveFailed, screen.seat()) {
                lines.push(Line::from(vec![Span::styled(format!("{keys:>5} "), screen.theme.key()), Span::raw(label)]));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(format!("Suggested place: {}", failure.suggested.display()), screen.theme.muted()));
        }
        Some(nowhere) => {
            lines.push(Line::styled(
                format!("No copy could be written anywhere either: {nowhere}"),
                screen.theme.error(),
            ));
            lines.push(Line::raw(""));
            let names = KeyNames::of(screen);
            for (action, what) in [
                (Message::SaveElsewhere, "try another place (a USB stick, another drive)"),
                (Message::Back, "keep working and free some space or fix the folder"),
                (Message::Quit, "quit and lose the changes since the last save"),
            ] {
                if let Some(key) = names.get(keys::Context::SaveFailed, action) {
                    lines.push(Line::from(vec![
                        Span::styled(format!("{key:>5} "), screen.theme.key()),
                        Span::raw(what),
                    ]));
                }
            }
        }
    }
    wrap::paragraph(lines, inner.width).render(inner, buf);
}

/// The scenario's stance options: the question, each option, and what the
/// selected one means.
pub fn render_stance(screen: &Screen<'_>, selected: usize, whole: Rect, buf: &mut Buffer) {
    let Some(open) = &screen.work.open else { return };
    let Some(choice) = &open.session.scenario.stance else { return };
    let group = screen.view.group(&open.session);
    let width = whole.width.saturating_sub(4).min(90);
    let text_width = width.saturating_sub(2);
    let question = wrap::text(&choice.question, text_width);
    let question_rows = rows(&question);
    // The option's text and the source, under a rule.
    let detail = |option: &crate::domain::scenario::StanceOption| {
        let mut lines = vec![Line::raw(option.text.clone())];
        if !choice.source.is_empty() {
            lines.push(Line::from(Span::styled(choice.source.clone(), screen.theme.muted())));
        }
        wrap::lines(lines, text_width)
    };
    // Tall enough for the longest option's text, so the panel keeps its size.
    let detail_rows = choice.options.iter().map(|o| rows(&detail(o))).max().unwrap_or(1) + 1;
    let rows = question_rows + choice.options.len() as u16 + detail_rows + 3;
    let area = centered(whole, width, rows.min(whole.height.saturating_sub(2)));
    let inner = panel(screen, &format!("{}'s stance", group.name), area, buf);
    let [question_area, list_area, detail_area] = Layout::vertical([
        Constraint::Length(question_rows.min(inner.height / 3)),
        Constraint::Fill(1),
        Constraint::Length(detail_rows.min(inner.height / 2)),
    ])
    .areas(inner);
    Paragraph::new(question).render(question_area, buf);
    let rows: Vec<String> = choice
        .options
        .iter()
        .map(|o| {
            let mark = if group.stance.as_deref() == Some(o.id.as_str()) { "✓" } else { " " };
            format!("{mark} {}", o.title)
        })
        .collect();
    render_rows(screen, &rows, selected, list_area, buf);
    if let Some(option) = choice.options.get(selected) {
        Paragraph::new(detail(option))
            .block(Block::new().borders(Borders::TOP).border_style(screen.theme.border()))
            .render(detail_area, buf);
    }
}

/// Barriers of different groups that read alike, each pair counted as one
/// barrier unless the facilitator has said they differ.
pub fn render_similar(screen: &Screen<'_>, selected: usize, whole: Rect, buf: &mut Buffer) {
    let Some(open) = &screen.work.open else { return };
    let session = &open.session;
    let area = centered(whole, whole.width.saturating_sub(4).min(100), whole.height.saturating_sub(2));
    let inner = panel(screen, "Barriers that read alike", area, buf);
    let [note_area, list_area] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
    super::render_muted(
        "Groups wrote these in words alike: the close counts each pair as one barrier named by both, unless you say they differ.",
        screen.theme,
        note_area,
        buf,
    );
    let name = |id: u32| session.group_by_id(id).map_or("?", |g| g.name.as_str());
    let rows: Vec<String> = crate::domain::synthesis::similar_pairs(session)
        .iter()
        .map(|[(ga, a), (gb, b)]| {
            let split = session
                .distinct_barriers
                .iter()
                .any(|p| *p == [(*ga, a.id), (*gb, b.id)] || *p == [(*gb, b.id), (*ga, a.id)]);
            let verdict = if split { "different" } else { "the same" };
            format!("{verdict:<10} {}: \"{}\" · {}: \"{}\"", name(*ga), a.text, name(*gb), b.text)
        })
        .collect();
    render_rows(screen, &rows, selected, list_area, buf);
}
