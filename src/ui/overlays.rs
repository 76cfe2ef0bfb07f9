//! Overlays drawn on top of a screen: help, delete confirmation, the deck.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::app::App;
use crate::forms::Target;
use crate::keys;

use super::{centered, truncate};

fn panel(app: &App, title: &str, area: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(area, buf);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.focus_border())
        .title(Span::styled(format!(" {title} "), app.theme.title()));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

pub fn render_help(app: &App, screen: Rect, buf: &mut Buffer) {
    // Help describes the screen underneath: the form, or the stage.
    let context = if app.form.is_some() { keys::Context::Form } else { app.base_context() };
    let rows = keys::help_rows(context);
    let height = (rows.len() as u16 + 6).min(screen.height);
    let area = centered(screen, 64, height);
    let inner = panel(app, "Help", area, buf);
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|(keys, label)| {
            Line::from(vec![Span::styled(format!(" {keys:>14}  "), app.theme.key()), Span::raw(label)])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        " Everything is saved as you type. Esc or ? closes this help.",
        app.theme.muted(),
    )));
    Paragraph::new(lines).render(inner, buf);
}

pub fn render_confirm(app: &App, target: Target, screen: Rect, buf: &mut Buffer) {
    let Some(open) = &app.open else { return };
    let group = open.session.group();
    let what = match target {
        Target::Barrier(id) => group.barrier(id).map(|b| format!("the barrier \"{}\"", b.text)),
        Target::Solution(id) => {
            group.solutions.iter().find(|s| s.id == id).map(|s| format!("the solution \"{}\"", s.text))
        }
        Target::Action(id) => group.actions.iter().find(|a| a.id == id).map(|a| format!("the action \"{}\"", a.title)),
        Target::NewSession => None,
    }
    .unwrap_or_default();
    let area = centered(screen, 60, 7);
    let inner = panel(app, "Delete?", area, buf);
    Paragraph::new(vec![
        Line::raw(format!("Delete {}?", truncate(&what, 120))),
        Line::raw(""),
        Line::from(vec![
            Span::styled("y", app.theme.key()),
            Span::raw(" delete   "),
            Span::styled("n", app.theme.key()),
            Span::raw("/"),
            Span::styled("Esc", app.theme.key()),
            Span::raw(" keep it"),
        ]),
    ])
    .wrap(Wrap { trim: true })
    .render(inner, buf);
}

pub fn render_deck(app: &App, selected: usize, screen: Rect, buf: &mut Buffer) {
    let Some(open) = &app.open else { return };
    let deck = &open.session.scenario.barrier_deck;
    let group = open.session.group();
    let area = centered(screen, screen.width.saturating_sub(4).min(100), screen.height.saturating_sub(2));
    let inner = panel(app, "The seminar's barrier deck", area, buf);
    let [list_area, detail_area] = Layout::vertical([Constraint::Fill(1), Constraint::Length(5)]).areas(inner);
    let height = usize::from(list_area.height);
    let first = selected.saturating_sub(height.saturating_sub(1));
    let width = usize::from(list_area.width);
    for (row, (i, card)) in deck.iter().enumerate().skip(first).take(height).enumerate() {
        let used = group.barriers.iter().any(|b| b.card.as_deref() == Some(card.id.as_str()));
        let mark = if used { "✓" } else { " " };
        let key = if card.key { " ★ most important" } else { "" };
        let text = truncate(&format!("{mark} {:<14} {}{key}", card.kind.label(), card.title), width);
        let style = if i == selected { app.theme.selected() } else { app.theme.text() };
        Line::from(Span::styled(format!("{text:<width$}"), style))
            .render(Rect { x: list_area.x, y: list_area.y + row as u16, width: list_area.width, height: 1 }, buf);
    }
    if let Some(card) = deck.get(selected) {
        let block = Block::new().borders(Borders::TOP).border_style(app.theme.border());
        Paragraph::new(vec![
            Line::raw(card.explanation.clone()),
            Line::from(vec![Span::styled("Ask: ", app.theme.key()), Span::raw(card.prompt.clone())]),
        ])
        .wrap(Wrap { trim: true })
        .block(block)
        .render(detail_area, buf);
    }
}
