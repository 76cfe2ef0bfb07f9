//! Panes whose content can be longer than their area.
//!
//! Content is wrapped to the pane's width once, by [`super::wrap`], and the
//! same wrapped lines are both counted (to clamp the scroll offset, in
//! update and when drawing) and drawn, so the measure can never disagree
//! with what is on screen. A pane that overflows gives up its last row to
//! say what is hidden ("3 more below").

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;

/// Rows of content shown in a pane `height` rows tall holding `len` rows:
/// one fewer when it overflows, for the "more below" row.
pub fn rows_shown(len: usize, height: usize) -> usize {
    if len > height { height.saturating_sub(1).max(1) } else { height }
}

/// The largest useful offset: the last row of content on the last row shown.
pub fn max_offset(len: usize, height: usize) -> usize {
    len.saturating_sub(rows_shown(len, height))
}

/// `offset`, kept within the content.
pub fn clamp(offset: usize, len: usize, height: usize) -> usize {
    offset.min(max_offset(len, height))
}

/// The offset nearest to `offset` that shows rows `start..end` (as much of
/// them as fits, from `start`).
pub fn revealing(offset: usize, len: usize, height: usize, start: usize, end: usize) -> usize {
    let shown = rows_shown(len, height);
    let offset = if end > offset + shown { end.saturating_sub(shown) } else { offset };
    clamp(offset.min(start), len, height)
}

/// What the pane's last row says when something is hidden.
pub fn hidden_note(offset: usize, len: usize, height: usize) -> Option<String> {
    let shown = rows_shown(len, height);
    let above = offset;
    let below = len.saturating_sub(offset + shown);
    match (above, below) {
        (0, 0) => None,
        (0, b) => Some(format!("↓ {b} more below")),
        (a, 0) => Some(format!("↑ {a} more above")),
        (a, b) => Some(format!("↑ {a} more above · ↓ {b} more below")),
    }
}

/// The note of what is hidden, in a few columns: "↑3 ↓7".
fn short_note(offset: usize, len: usize, height: usize) -> String {
    let below = len.saturating_sub(offset + rows_shown(len, height));
    let parts: Vec<String> = [("↑", offset), ("↓", below)]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(arrow, n)| format!("{arrow}{n}"))
        .collect();
    parts.join(" ")
}

/// Draws `lines` (already wrapped to the area's width) from `offset`,
/// clamped, with a note of what is hidden on the last row.
pub fn render(lines: &[Line<'_>], offset: usize, theme: Theme, area: Rect, buf: &mut Buffer) {
    let height = usize::from(area.height);
    if height == 0 {
        return;
    }
    let offset = clamp(offset, lines.len(), height);
    let shown = rows_shown(lines.len(), height);
    for (row, line) in lines.iter().skip(offset).take(shown).enumerate() {
        let y = area.y + u16::try_from(row).unwrap_or(u16::MAX);
        line.clone().render(Rect { y, height: 1, ..area }, buf);
    }
    if let Some(note) = hidden_note(offset, lines.len(), height) {
        // A narrow pane (a box of the map) gets the note in short.
        let note = if note.width() > usize::from(area.width) { short_note(offset, lines.len(), height) } else { note };
        let y = area.bottom() - 1;
        Line::from(Span::styled(note, theme.muted())).right_aligned().render(Rect { y, height: 1, ..area }, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offset_stops_at_the_end_and_keeps_the_selection_in_view() {
        // 10 rows in 4: 3 shown and a note, so the last offset is 7.
        assert_eq!(max_offset(10, 4), 7);
        assert_eq!(clamp(50, 10, 4), 7);
        assert_eq!(clamp(5, 3, 4), 0);
        assert_eq!(revealing(0, 10, 4, 5, 6), 3);
        assert_eq!(revealing(6, 10, 4, 2, 3), 2);
        assert_eq!(hidden_note(0, 10, 4).as_deref(), Some("↓ 7 more below"));
        assert_eq!(hidden_note(7, 10, 4).as_deref(), Some("↑ 7 more above"));
        assert_eq!(hidden_note(0, 4, 4), None);
        assert_eq!(short_note(2, 10, 4), "↑2 ↓5");
        assert_eq!(short_note(0, 10, 4), "↓7");
    }
}
