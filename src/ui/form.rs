//! Draws an editing form as a panel over the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::forms::{Field, FieldKind, Form};
use crate::keys::{Context, Keymap, Seat};

use super::theme::Theme;
use super::{KeyNames, centered, scroll, truncate, wrap};
use crate::domain::plural;
use crate::domain::scenario::Area;
use crate::message::Message;

fn text_of(field: &Field) -> String {
    match &field.kind {
        FieldKind::Text(area) => area.lines().join(" "),
        _ => String::new(),
    }
}

/// The width of the label column.
const LABEL_WIDTH: u16 = 18;

/// The columns a text field's value is wrapped to in `width`: one is kept
/// free, for the cursor at the end of a line while it is edited.
fn text_width(width: u16) -> u16 {
    width.saturating_sub(1)
}

/// Rows a field's value needs: checklists open up only while focused.
fn value_height(field: &Field, focused: bool, width: u16) -> u16 {
    match &field.kind {
        FieldKind::Text(_) => wrap::height(&text_of(field), text_width(width)).clamp(1, 4),
        FieldKind::Checklist { items, .. } if focused => (items.len() as u16).clamp(1, 8),
        _ => 1,
    }
}

/// A field's label after the mark of the focused field (or room for it).
fn label_text(field: &Field, focused: bool) -> String {
    let marker = if focused { "› " } else { "  " };
    format!("{marker}{}", field.label)
}

/// Rows a label too long for the label column takes above its value (a
/// closing question is its field's label); 0 when it fits the column.
fn label_rows(field: &Field, focused: bool, width: u16) -> u16 {
    let fits = unicode_width::UnicodeWidthStr::width(field.label.as_ref()) + 2 <= usize::from(LABEL_WIDTH);
    if fits { 0 } else { wrap::height(&label_text(field, focused), width) }
}

/// Rows a field takes: its label when it needs rows of its own, then its value.
fn field_height(field: &Field, focused: bool, width: u16) -> u16 {
    let rows = label_rows(field, focused, width);
    let value_width = if rows > 0 { width.saturating_sub(2) } else { width.saturating_sub(LABEL_WIDTH + 2) };
    rows + value_height(field, focused, value_width)
}

/// The form's keys along its bottom edge, from the same table as the hint
/// bar (so they say what finishing this form does), as many as fit.
fn footer(form: &Form, keys: &Keymap, seat: Seat, width: u16) -> String {
    let mut text = String::new();
    for (keys, label) in keys.hint_rows(Context::Form(form.target.kind()), seat) {
        // A label's aside in brackets gives way before the key does.
        let piece =
            |label: &str| if text.is_empty() { format!(" {keys} {label} ") } else { format!("· {keys} {label} ") };
        let fits = |piece: &String| text.chars().count() + piece.chars().count() <= usize::from(width);
        let Some(piece) = [piece(label), piece(super::short_label(label))].into_iter().find(fits) else { break };
        text.push_str(&piece);
    }
    text
}

/// The text under the fields: why the form did not close, or the focused
/// field's help and, on a list of areas of change, what the area under the
/// cursor covers, its moves and where they come from; wrapped to `width`.
fn help_lines(form: &Form, about: Option<&str>, keys: KeyNames<'_>, theme: Theme, width: u16) -> Vec<Line<'static>> {
    if let Some(problem) = &form.problem {
        return wrap::lines(vec![Line::styled(problem.clone(), theme.warning())], width);
    }
    let help = with_keys(form.focused().help, form, keys);
    let mut lines = Vec::new();
    if let Some(about) = about {
        lines.push(Line::styled(about.to_string(), theme.key()));
    }
    if let Some(who) = &form.orphaned {
        let noun = match form.target {
            crate::forms::Target::Barrier(_) => "barrier",
            crate::forms::Target::Solution(_) => "solution",
            _ => "action",
        };
        lines.push(Line::styled(
            format!("{who} deleted this {noun}. What you wrote is kept: closing this form puts it back."),
            theme.warning(),
        ));
    } else if let Some(heard) = &form.heard {
        lines.push(Line::styled(heard.clone(), theme.info()));
    }
    lines.push(Line::styled(help, theme.muted().add_modifier(Modifier::ITALIC)));
    if let Some(area) = form.focused_area() {
        lines.extend(area_lines(area, theme, width));
    }
    wrap::lines(lines, width)
}

/// A field's help with the form's own keys named as the keys in use: the
/// help is written with the built-in ones ("←/→ to change", "Space
/// ticks").
fn with_keys(help: &str, form: &Form, keys: KeyNames<'_>) -> String {
    let context = Context::Form(form.target.kind());
    let mut help = help.to_string();
    if let (Some(left), Some(right)) = (keys.get(context, Message::FieldLeft), keys.get(context, Message::FieldRight)) {
        help = help.replace("←/→", &format!("{left}/{right}"));
    }
    if let Some(toggle) = keys.get(context, Message::FieldToggle) {
        help = help.replace("Space ticks", &format!("{toggle} ticks"));
    }
    help
}

/// An area of change as a group choosing it needs it: its summary, its
/// moves (each wrapped under its bullet) and their source.
fn area_lines(area: &Area, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{}: ", area.name), theme.heading()),
        Span::raw(area.summary.clone()),
    ])];
    if !area.moves.is_empty() {
        lines.push(Line::styled("Moves to consider:", theme.key()));
        for m in &area.moves {
            for (i, row) in wrap::strings(m, usize::from(width.saturating_sub(4))).into_iter().enumerate() {
                let bullet = if i == 0 { "  • " } else { "    " };
                lines.push(Line::from(vec![Span::styled(bullet, theme.key()), Span::raw(row)]));
            }
        }
    }
    if !area.source.trim().is_empty() {
        lines.push(Line::styled(format!("Source: {}", area.source), theme.muted()));
    }
    lines
}

/// Where a form goes on the screen: its panel, its fields, the text under
/// them, and that text's lines.
struct FormLayout {
    area: Rect,
    fields: Rect,
    help: Rect,
    help_lines: Vec<Line<'static>>,
}

fn layout(form: &Form, about: Option<&str>, keys: KeyNames<'_>, theme: Theme, whole: Rect) -> FormLayout {
    let width = whole.width.saturating_sub(4).min(100);
    let inner_width = width.saturating_sub(2);
    // The most the text under the fields can need: the longest help, or
    // the longest area's detail, so that the panel keeps its size as the
    // focus and the cursor move.
    let help_wanted = form
        .fields
        .iter()
        .map(|f| {
            let help = wrap::lines(vec![Line::raw(with_keys(f.help, form, keys))], inner_width).len();
            let area = match &f.kind {
                FieldKind::Checklist { items, .. } => items
                    .iter()
                    .filter_map(|i| i.area.as_ref())
                    .map(|a| wrap::lines(area_lines(a, theme, inner_width), inner_width).len())
                    .max()
                    .unwrap_or(0),
                _ => 0,
            };
            help + area
        })
        .max()
        .unwrap_or(0)
        .saturating_add(about.map_or(0, |a| wrap::height(a, inner_width).into()))
        .max(2);
    let help_wanted = u16::try_from(help_wanted).unwrap_or(u16::MAX);
    // Tall enough for every field with any list opened, so the panel does
    // not jump about as the focus moves.
    let fields_wanted: u16 = form.fields.iter().map(|f| field_height(f, true, inner_width)).sum();
    let wanted = fields_wanted.saturating_add(help_wanted).saturating_add(3);
    let area = centered(whole, width, wanted.min(whole.height.saturating_sub(2)));
    let inner = Block::new().borders(Borders::ALL).inner(area);
    let help_lines = help_lines(form, about, keys, theme, inner.width);
    // The text under the fields takes what it needs, leaving the focused
    // field its rows; what does not fit scrolls.
    let focused = field_height(form.focused(), true, inner.width);
    let help_rows =
        u16::try_from(help_lines.len()).unwrap_or(u16::MAX).max(2).min(inner.height.saturating_sub(focused + 1).max(1));
    // The text sits right under the fields; spare rows go below it.
    let shown: u16 = form.fields.iter().enumerate().map(|(i, f)| field_height(f, i == form.focus, inner.width)).sum();
    let fields_rows = shown.min(inner.height.saturating_sub(help_rows + 1));
    let [fields, _, help] =
        Layout::vertical([Constraint::Length(fields_rows), Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    FormLayout { area, fields, help, help_lines }
}

/// How far the text under the fields scrolls, on a screen of `size`.
pub fn help_scroll_limit(
    form: &Form,
    about: Option<&str>,
    keys: KeyNames<'_>,
    theme: Theme,
    (width, height): (u16, u16),
) -> usize {
    let layout = layout(form, about, keys, theme, Rect::new(0, 0, width, height));
    scroll::max_offset(layout.help_lines.len(), usize::from(layout.help.height))
}

/// Labels sit in a column to the left of their values, so that all ten
/// fields of an action fit on an 80x24 screen.
///
/// `about` is what the form answers (the news's question), shown above
/// the focused field's help.
pub fn render(
    form: &Form,
    about: Option<&str>,
    keys: &Keymap,
    seat: Seat,
    theme: Theme,
    whole: Rect,
    buf: &mut Buffer,
) {
    let FormLayout { area, fields: fields_area, help: help_area, help_lines } =
        layout(form, about, KeyNames::new(keys, seat), theme, whole);
    // The rows the form covers are its own, edge to edge: no letters of
    // the screen beneath peek out beside it.
    Clear.render(Rect { x: whole.x, width: whole.width, ..area }, buf);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.focus_border())
        .title(Span::styled(format!(" {} ", form.title), theme.title()))
        .title_bottom(Line::from(Span::styled(footer(form, keys, seat, area.width.saturating_sub(4)), theme.muted())));
    block.render(area, buf);

    let heights: Vec<u16> =
        form.fields.iter().enumerate().map(|(i, f)| field_height(f, i == form.focus, fields_area.width)).collect();
    // Scroll so the focused field is fully visible.
    let mut first = 0;
    while first < form.focus && heights[first..=form.focus].iter().sum::<u16>() > fields_area.height {
        first += 1;
    }
    let mut y = fields_area.y;
    let mut last = first;
    for (i, field) in form.fields.iter().enumerate().skip(first) {
        let focused = i == form.focus;
        let h = heights[i];
        if y + h > fields_area.bottom() {
            break;
        }
        last = i;
        let label_style = if focused { theme.focus_border() } else { theme.key() };
        let above = label_rows(field, focused, fields_area.width);
        let label = Span::styled(label_text(field, focused), label_style);
        let value_area = if above > 0 {
            // A long label on rows of its own, its value indented below.
            wrap::paragraph(Line::from(label), fields_area.width)
                .render(Rect { x: fields_area.x, y, width: fields_area.width, height: above }, buf);
            Rect { x: fields_area.x + 2, y: y + above, width: fields_area.width.saturating_sub(2), height: h - above }
        } else {
            Line::from(label)
                .render(Rect { x: fields_area.x, y, width: LABEL_WIDTH.min(fields_area.width), height: 1 }, buf);
            Rect {
                x: fields_area.x + LABEL_WIDTH + 1,
                y,
                width: fields_area.width.saturating_sub(LABEL_WIDTH + 1),
                height: h,
            }
        };
        render_value(field, focused, theme, value_area, buf);
        y += h;
    }
    // Fields the panel has no room for are named by how many, on the row
    // between the fields and the text under them; the focus reaches them.
    let (above, below) = (first, form.fields.len() - 1 - last);
    if above + below > 0 && fields_area.bottom() < help_area.y {
        let fields = |n: usize| if n == 1 { "field" } else { "fields" };
        let note = match (above, below) {
            (0, b) => format!("↓ {b} more {}", fields(b)),
            (a, 0) => format!("↑ {} above", plural(a, "field")),
            (a, b) => format!("↑ {} above · ↓ {b} more {}", plural(a, "field"), fields(b)),
        };
        let row = Rect { y: fields_area.bottom(), height: 1, ..fields_area };
        Line::from(Span::styled(note, theme.muted())).right_aligned().render(row, buf);
    }
    scroll::render(&help_lines, form.help_scroll, theme, help_area, buf);
}

fn render_value(field: &Field, focused: bool, theme: Theme, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    match &field.kind {
        FieldKind::Text(text_area) if focused => text_area.as_ref().render(area, buf),
        FieldKind::Text(_) => {
            let text = text_of(field);
            if text.trim().is_empty() {
                Line::from(Span::styled("—", theme.muted())).render(area, buf);
            } else {
                wrap::paragraph(text, text_width(area.width)).render(area, buf);
            }
        }
        FieldKind::Choice { options, index } => {
            let value = options.get(*index).cloned().unwrap_or_default();
            let line = if focused {
                Line::from(vec![
                    Span::styled("‹ ", theme.key()),
                    Span::styled(value, theme.selected()),
                    Span::styled(" ›", theme.key()),
                ])
            } else {
                Line::raw(value)
            };
            line.render(area, buf);
        }
        FieldKind::Number { value, min, max } => {
            let shown = value.map_or("—".to_string(), |v| v.to_string());
            let style = if focused { theme.selected() } else { theme.text() };
            Line::from(vec![
                Span::styled(format!(" {shown} "), style),
                Span::styled(format!("  ({min} to {max})"), theme.muted()),
            ])
            .render(area, buf);
        }
        FieldKind::Checklist { items, cursor } if focused => {
            if items.is_empty() {
                Line::from(Span::styled("Nothing to choose from yet.", theme.muted())).render(area, buf);
                return;
            }
            let height = usize::from(area.height);
            let first = cursor.saturating_sub(height.saturating_sub(1));
            for (row, (i, item)) in items.iter().enumerate().skip(first).take(height).enumerate() {
                let tick = if item.checked { "[x] " } else { "[ ] " };
                let style = if i == *cursor { theme.selected() } else { theme.text() };
                let text = truncate(&format!("{tick}{}", item.label), width);
                Line::from(Span::styled(text, style))
                    .render(Rect { x: area.x, y: area.y + row as u16, width: area.width, height: 1 }, buf);
            }
        }
        FieldKind::Checklist { items, .. } => {
            let chosen: Vec<&str> = items.iter().filter(|i| i.checked).map(|i| i.label.as_str()).collect();
            let text = if chosen.is_empty() { "none ticked".to_string() } else { chosen.join("; ") };
            Line::from(Span::styled(
                truncate(&text, width),
                if chosen.is_empty() { theme.muted() } else { theme.text() },
            ))
            .render(area, buf);
        }
    }
}
