//! Panes whose content can be longer than their area.
//!
//! Content is wrapped to the pane's width once, by [`wrap_lines`], and the
//! same wrapped lines are both counted (to clamp the scroll offset, in
//! update and when drawing) and drawn, so the measure can never disagree
//! with what is on screen. A pane that overflows gives up its last row to
//! say what is hidden ("3 more below").

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
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

/// Word-wraps styled lines to `width` columns, keeping each word's style
/// and a line's leading indent; a word longer than the line is split.
pub fn wrap_lines(lines: Vec<Line<'_>>, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut out = Vec::new();
    for line in lines {
        wrap_line(&line, width, &mut out);
    }
    out
}

fn wrap_line(line: &Line<'_>, width: usize, out: &mut Vec<Line<'static>>) {
    // Words and the spaces between them, each with its span's style.
    let mut pieces: Vec<(String, Style, bool)> = Vec::new();
    for span in &line.spans {
        let style = line.style.patch(span.style);
        let mut piece = String::new();
        let mut blank = false;
        for c in span.content.chars() {
            let is_blank = c.is_whitespace();
            if !piece.is_empty() && is_blank != blank {
                pieces.push((std::mem::take(&mut piece), style, blank));
            }
            blank = is_blank;
            piece.push(if is_blank { ' ' } else { c });
        }
        if !piece.is_empty() {
            pieces.push((piece, style, blank));
        }
    }
    let mut row: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let mut started = false;
    let flush = |row: &mut Vec<Span<'static>>, used: &mut usize, out: &mut Vec<Line<'static>>| {
        // Spaces left at the end of a row are not part of it.
        while row.last().is_some_and(|s| s.content.trim().is_empty()) {
            row.pop();
        }
        out.push(Line::from(std::mem::take(row)));
        *used = 0;
    };
    for (text, style, blank) in pieces {
        let w = text.width();
        if blank {
            // The indent a line starts with is kept; spaces at a wrap are not.
            if used + w <= width && (used > 0 || !started) {
                row.push(Span::styled(text, style));
                used += w;
            }
            continue;
        }
        started = true;
        if used + w > width && used > 0 {
            flush(&mut row, &mut used, out);
        }
        if w <= width {
            row.push(Span::styled(text, style));
            used += w;
            continue;
        }
        let mut part = String::new();
        for c in text.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + part.width() + cw > width {
                row.push(Span::styled(std::mem::take(&mut part), style));
                flush(&mut row, &mut used, out);
            }
            part.push(c);
        }
        used += part.width();
        row.push(Span::styled(part, style));
    }
    flush(&mut row, &mut used, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn wrapping_keeps_words_whole_and_the_indent() {
        let lines = wrap_lines(vec![Line::raw("  one two three four"), Line::raw("")], 10);
        assert_eq!(text(&lines), ["  one two", "three four", ""]);
        let long = wrap_lines(vec![Line::raw("abcdefghijkl")], 5);
        assert_eq!(text(&long), ["abcde", "fghij", "kl"]);
    }

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
