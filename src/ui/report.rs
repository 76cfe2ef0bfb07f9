//! The report-back stage: one group's plan large, every group side by side
//! with dot votes, and the map of the areas of change around the goal.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Widget};

use crate::app::{OpenSession, ReportView, SessionView};
use crate::domain::plan;
use crate::domain::plural;
use crate::domain::review;
use crate::domain::room;
use crate::domain::scenario::Area;
use crate::domain::session::{Mode, Session};

use super::scroll;
use super::stages::{Audience, Pane, Panes, lead, months};
use super::theme::Theme;
use super::{readable, truncate, wrap};
use crate::keys::{Context, Seat};
use crate::message::Message;

/// What sits at the centre of the map.
pub const MAP_CENTRE: &str = "Improving outcomes for citizens";

/// The tabs above the views, and the one-group view, which scrolls with ↑/↓.
/// "name what" for each choice this screen has a key for, joined.
fn key_pieces(audience: Audience<'_>, choices: &[(Message, &str)]) -> Vec<String> {
    match audience {
        Audience::Facilitator(keys) => keys.pieces(Context::ReportBack, choices),
        Audience::Room => Vec::new(),
    }
}

pub fn scroll_panes(
    open: &OpenSession,
    shown: &SessionView,
    theme: Theme,
    audience: Audience<'_>,
    area: Rect,
) -> Panes {
    let [tabs, body] = tabs_and_body(area);
    let view = shown.report;
    let tab = |label: &'static str, this: ReportView| {
        Span::styled(format!(" {label} "), if view == this { theme.selected() } else { theme.muted() })
    };
    let switches = key_pieces(audience, &[(Message::NextPage, "switches")]).concat();
    let switches = if switches.is_empty() { switches } else { format!("   {switches}") };
    // Practising alone there is one plan and nobody to give dots.
    let header = Line::from(match open.session.mode {
        Mode::Solo => vec![
            tab("Your plan", ReportView::OneGroup),
            Span::raw(" "),
            tab("Map", ReportView::Map),
            Span::styled(switches.clone(), theme.muted()),
        ],
        _ => vec![
            tab("One group", ReportView::OneGroup),
            Span::raw(" "),
            tab("Side by side", ReportView::SideBySide),
            Span::raw(" "),
            tab("Map", ReportView::Map),
            Span::styled(switches, theme.muted()),
        ],
    });
    let panes = match view {
        ReportView::OneGroup => vec![Pane::new(readable(body), None, one_group_lines(open, shown, theme, audience))],
        ReportView::Map => map_panes(&open.session, theme, body),
        ReportView::SideBySide => Vec::new(),
    };
    Panes { header: Some((tabs, header)), panes }
}

/// The views that are not scrolling text: side by side and the map.
pub fn render(
    open: &OpenSession,
    view: &SessionView,
    theme: Theme,
    audience: Audience<'_>,
    area: Rect,
    buf: &mut Buffer,
) {
    let [_tabs, body] = tabs_and_body(area);
    match view.report {
        ReportView::OneGroup => {}
        ReportView::SideBySide => render_side_by_side(open, view, theme, audience, body, buf),
        ReportView::Map => render_map(theme, body, buf),
    }
}

/// Whether the stage has few rows: the views give up their spacing and
/// their second rows of words to keep the plans in sight.
fn short(area: Rect) -> bool {
    area.height < 12
}

/// The tabs above the views (and a blank row, where there is room), and the views' area.
fn tabs_and_body(area: Rect) -> [Rect; 2] {
    let tabs = if short(area) { 1 } else { 2 };
    Layout::vertical([Constraint::Length(tabs), Constraint::Fill(1)]).areas(area)
}

fn dots(n: usize) -> String {
    if n == 0 { String::new() } else { format!(" {} {n}", "●".repeat(n.min(10))) }
}

/// Every group's actions in columns. The cursor picks the action the
/// current group gives a dot to.
pub fn render_side_by_side(
    open: &OpenSession,
    view: &SessionView,
    theme: Theme,
    audience: Audience<'_>,
    area: Rect,
    buf: &mut Buffer,
) {
    let session = &open.session;
    let groups = &session.groups;
    let voter = view.group(session);
    let table = room::Voter { group: voter.id, person: None };
    let left = room::dots_left(&session.votes, session.voting, table);
    // Few rows: one line of who votes, its keys being in the hint bar and the help.
    let compact = area.height < 10;
    let [info, columns_area] =
        Layout::vertical([Constraint::Length(if compact { 1 } else { 2 }), Constraint::Fill(1)]).areas(area);
    let who = format!("Voting: {}", voter.name);
    let rest = format!(
        " has {left} of {} left{}.{}{}",
        plural(usize::from(session.voting.per_group), "dot"),
        if session.voting.own_actions { "" } else { " (not for its own actions)" },
        hidden_note(session, audience),
        voting_keys(audience)
    );
    let rest =
        if compact { truncate(&rest, usize::from(info.width).saturating_sub(who.chars().count())) } else { rest };
    let voting = Line::from(vec![Span::styled(who, theme.heading()), Span::styled(rest, theme.muted())]);
    wrap::paragraph(voting, info.width).render(info, buf);

    // As many columns as fit at 20 or more columns each, keeping the
    // cursor's group in view.
    let fit = usize::from(columns_area.width / 20).clamp(1, groups.len().max(1));
    let (cursor_group, cursor_action) = view.vote_cursor;
    let first = cursor_group.saturating_sub(fit - 1).min(groups.len().saturating_sub(fit));
    let columns = Layout::horizontal(vec![Constraint::Fill(1); fit]).spacing(1).split(columns_area);
    for (column, (gi, group)) in columns.iter().zip(groups.iter().enumerate().skip(first)) {
        let here = gi == view.group_index(session);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(if here { theme.focus_border() } else { theme.border() })
            .title(Span::styled(format!(" {} ", group.name), theme.heading()));
        let inner = block.inner(*column);
        block.render(*column, buf);
        let width = usize::from(inner.width);
        let mut lines: Vec<Line> = Vec::new();
        // The rows of the action under the cursor, kept in view.
        let mut cursor_rows = 0..0;
        if group.actions.is_empty() {
            lines.push(Line::from(Span::styled("no actions", theme.muted())));
        }
        for (ai, a) in group.actions.iter().enumerate() {
            // While the count is hidden, the voter's own dots only.
            let votes = if session.votes_hidden {
                session.votes.iter().filter(|v| v.voter() == table && v.group == group.id && v.action == a.id).count()
            } else {
                room::votes_for(&session.votes, group.id, a.id)
            };
            let selected = gi == cursor_group && ai == cursor_action;
            let style = if selected { theme.selected() } else { theme.text().add_modifier(Modifier::BOLD) };
            let start = lines.len();
            let title = format!("{}. {}", ai + 1, a.title);
            // Few rows: a title a row, its whole in the one-group view.
            let rows = if compact { vec![truncate(&title, width)] } else { wrap::strings(&title, width) };
            for row in rows {
                let text = if selected { format!("{row:<width$}") } else { row };
                lines.push(Line::from(Span::styled(text, style)));
            }
            lines.push(Line::from(vec![
                Span::styled(truncate(&months(a), width.saturating_sub(8)), theme.muted()),
                Span::styled(dots(votes), theme.warning()),
            ]));
            if selected {
                cursor_rows = start..lines.len();
            }
            if !compact {
                lines.push(Line::raw(""));
            }
        }
        // The blank after the last action is not worth a row of its own.
        if lines.len() > 1 && lines.last().is_some_and(|l| l.width() == 0) {
            lines.pop();
        }
        let height = usize::from(inner.height);
        let offset = scroll::revealing(0, lines.len(), height, cursor_rows.start, cursor_rows.end);
        scroll::render(&lines, offset, theme, inner, buf);
    }
}

/// Where the n-th area sits on a 3x3 grid around the centre.
const MAP_CELLS: [(usize, usize); 8] = [(0, 0), (0, 2), (1, 0), (1, 2), (2, 1), (0, 1), (2, 0), (2, 2)];

/// The map's 3x3 grid: rows of cells, the goal in the middle one.
fn map_grid(area: Rect) -> Vec<Vec<Rect>> {
    let rows = Layout::vertical([Constraint::Fill(1); 3]).split(area);
    rows.iter().map(|row| Layout::horizontal([Constraint::Fill(1); 3]).split(*row).to_vec()).collect()
}

/// Whether the map's boxes have room for a few lines each; where they do
/// not, the map is a list.
fn map_fits(area: Rect) -> bool {
    let cell = map_grid(area)[0][0];
    cell.width >= 24 && cell.height >= 5
}

/// The goal at the centre of the map; the areas around it are panes.
pub fn render_map(theme: Theme, area: Rect, buf: &mut Buffer) {
    if !map_fits(area) {
        return;
    }
    let centre = map_grid(area)[1][1];
    let block = Block::new().borders(Borders::ALL).border_type(BorderType::Double).border_style(theme.title());
    let inner = block.inner(centre);
    block.render(centre, buf);
    let text = wrap::text(MAP_CENTRE, inner.width);
    let top = inner.y + inner.height.saturating_sub(u16::try_from(text.len()).unwrap_or(u16::MAX)) / 2;
    Paragraph::new(text)
        .style(theme.title())
        .centered()
        .render(Rect { y: top, height: inner.bottom().saturating_sub(top), ..inner }, buf);
}

/// The areas of change around the goal, each listing the actions placed
/// in it, the most voted first, or, where nobody chose it, its moves as
/// suggestions. They scroll together with ↑/↓ where they are too long.
fn map_panes(session: &Session, theme: Theme, area: Rect) -> Vec<Pane> {
    if !map_fits(area) {
        return vec![Pane::new(readable(area), None, map_list(session, theme, usize::from(area.width)))];
    }
    let grid = map_grid(area);
    // `review::map` keeps the scenario's order of areas.
    review::map(session)
        .iter()
        .zip(&session.scenario.areas)
        .zip(MAP_CELLS.iter())
        .map(|((placed, scenario_area), (row, col))| {
            let cell = grid[*row][*col];
            let block = Block::new()
                .borders(Borders::ALL)
                .border_style(theme.border())
                .title(Span::styled(format!(" {} ({}) ", placed.name, placed.items.len()), theme.heading()));
            let width = usize::from(block.inner(cell).width);
            let mut lines: Vec<Line> = placed
                .items
                .iter()
                .map(|item| {
                    let mark = dots(if session.votes_hidden { 0 } else { item.votes });
                    Line::from(vec![
                        Span::raw(truncate(
                            &format!("• {} ({})", item.title, item.group),
                            width.saturating_sub(mark.chars().count()),
                        )),
                        Span::styled(mark, theme.warning()),
                    ])
                })
                .collect();
            if lines.is_empty() {
                lines = unchosen_lines(scenario_area, theme, width);
            }
            Pane::new(cell, Some(block), lines)
        })
        .collect()
}

/// The map as a list, for a screen too small for its boxes: the goal,
/// then each area with the actions placed in it.
fn map_list(session: &Session, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(format!("At the centre: {MAP_CENTRE}"), theme.title()))];
    for (placed, scenario_area) in review::map(session).iter().zip(&session.scenario.areas) {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            format!("{} ({})", placed.name, plural(placed.items.len(), "action")),
            theme.heading(),
        )));
        for item in &placed.items {
            lines.push(Line::from(vec![
                Span::raw(format!("• {} ({})", item.title, item.group)),
                Span::styled(dots(if session.votes_hidden { 0 } else { item.votes }), theme.warning()),
            ]));
        }
        if placed.items.is_empty() {
            lines.extend(unchosen_lines(scenario_area, theme, width));
        }
    }
    lines
}

/// An area no group chose: its moves, offered as suggestions.
fn unchosen_lines(area: &Area, theme: Theme, width: usize) -> Vec<Line<'static>> {
    if area.moves.is_empty() {
        return vec![Line::from(Span::styled("no actions yet", theme.muted()))];
    }
    let mut lines = vec![
        Line::from(Span::styled("Nobody chose this area.", theme.warning())),
        Line::from(Span::styled("Moves to consider:", theme.muted())),
    ];
    for m in &area.moves {
        for (i, row) in wrap::strings(m, width.saturating_sub(2)).into_iter().enumerate() {
            lines.push(Line::raw(format!("{}{row}", if i == 0 { "• " } else { "  " })));
        }
    }
    lines
}

/// The group chosen with ←/→, its actions in full.
/// ", ←/→ changes group", where this screen can.
fn change_group(audience: Audience<'_>) -> String {
    let Audience::Facilitator(keys) = audience else { return String::new() };
    match (keys.get(Context::ReportBack, Message::Left), keys.get(Context::ReportBack, Message::Right)) {
        (Some(l), Some(r)) => format!(", {l}/{r} changes group"),
        _ => String::new(),
    }
}

/// The keys of voting, side by side: " ←/→ ↑/↓ choose, Space gives a dot, …".
/// What a screen says while the count of dots is hidden: how many have
/// been given, and (to the facilitator) the key that reveals them.
fn hidden_note(session: &crate::domain::session::Session, audience: Audience<'_>) -> String {
    if !session.votes_hidden {
        return String::new();
    }
    let (given, voters) = room::dots_given(&session.votes);
    let reveal = match audience {
        Audience::Facilitator(keys) => {
            keys.get(Context::ReportBack, Message::RevealVotes).map_or_else(String::new, |k| format!(" ({k} reveals)"))
        }
        Audience::Room => String::new(),
    };
    format!(
        " The count is hidden{reveal}: {} from {} so far; each column shows this voter's own.",
        plural(given, "dot"),
        plural(voters, "voter")
    )
}

fn voting_keys(audience: Audience<'_>) -> String {
    let Audience::Facilitator(keys) = audience else { return String::new() };
    let key = |action| keys.get(Context::ReportBack, action);
    // A table's own screen shows its dots but cannot give them.
    if matches!(keys.seat(), Seat::Table | Seat::GroupLaptop) {
        return " The facilitator gives your table's dots: say which actions.".into();
    }
    let mut pieces = Vec::new();
    if let (Some(l), Some(r), Some(u), Some(d)) =
        (key(Message::Left), key(Message::Right), key(Message::Up), key(Message::Down))
    {
        pieces.push(format!("{l}/{r} {u}/{d} choose"));
    }
    pieces.extend(key_pieces(audience, &[(Message::Vote, "gives a dot"), (Message::Unvote, "takes it back")]));
    if let Some(g) = keys.get(Context::Welcome, Message::NextGroup) {
        pieces.push(format!("{g} changes voter"));
    }
    if pieces.is_empty() { String::new() } else { format!(" {}.", pieces.join(", ")) }
}

fn one_group_lines(open: &OpenSession, view: &SessionView, theme: Theme, audience: Audience<'_>) -> Vec<Line<'static>> {
    let session = &open.session;
    let index = view.report_group.min(session.groups.len().saturating_sub(1));
    let Some(group) = session.groups.get(index) else { return Vec::new() };
    let mut heading = vec![Span::styled(
        format!("{}: {}", group.name, plan::progress_label(group.actions.len(), &session.scenario.rules)),
        theme.heading(),
    )];
    if session.groups.len() > 1 {
        heading.push(Span::styled(
            format!("   group {} of {}{}", index + 1, session.groups.len(), change_group(audience)),
            theme.muted(),
        ));
    }
    let mut lines = vec![Line::from(heading)];
    let held = group.roles_held(&session.scenario);
    if !held.is_empty() {
        let roles: Vec<String> = held.iter().map(|(role, person)| format!("{role}: {person}")).collect();
        lines.push(Line::from(vec![Span::styled("Roles: ", theme.key()), Span::raw(roles.join(" · "))]));
    }
    if let Some(stance) = group.stance_title(&session.scenario) {
        lines.push(Line::from(vec![Span::styled("Stance: ", theme.key()), Span::raw(stance.to_string())]));
    }
    for (i, fired) in session.injects.iter().enumerate() {
        let Some(answer) = group.response(i) else { continue };
        let touched: Vec<String> = group
            .actions
            .iter()
            .enumerate()
            .filter(|(_, a)| answer.actions.contains(&a.id))
            .map(|(n, _)| (n + 1).to_string())
            .collect();
        let touched = if touched.is_empty() { String::new() } else { format!(" (actions {})", touched.join(", ")) };
        lines.push(Line::from(vec![
            Span::styled(format!("News, month {}: {}: ", fired.month, fired.title), theme.warning()),
            Span::raw(format!("{}{touched}", answer.note)),
        ]));
    }
    if group.actions.is_empty() {
        let none =
            if session.mode == Mode::Solo { "Your plan has no actions yet." } else { "This group has no actions yet." };
        lines.push(Line::from(Span::styled(none, theme.muted())));
    }
    for (i, a) in group.actions.iter().enumerate() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            format!("{}. {}", i + 1, a.title),
            theme.text().add_modifier(Modifier::BOLD),
        )));
        lines.push(Line::from(Span::styled(format!("   {} · {}", lead(a), months(a)), theme.muted())));
        if !a.first_step.is_empty() {
            lines.push(Line::from(vec![Span::styled("   First step: ", theme.key()), Span::raw(a.first_step.clone())]));
        }
    }
    lines
}
