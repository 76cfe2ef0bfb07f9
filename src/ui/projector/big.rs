//! Large text for the back of the room: block-glyph letters (tui-big-text)
//! at the largest scale the space allows, word-wrapped here (the widget
//! draws one line as given and clips the rest).

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};
use tui_big_text::{BigText, PixelSize};

use crate::term::Letters;

/// How large the room's text is drawn. The glyphs are 8x8 pixels; at
/// `Quadrant` each takes 4x4 cells (four times ordinary text, in ordinary
/// proportions), at `Tall` 4x8 cells (as many letters a line, twice as
/// tall), at `Full` 8x8 cells. All use block characters every terminal
/// font has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Ordinary terminal text: for a terminal already zoomed for the room.
    Normal,
    Quadrant,
    Tall,
    Full,
}

impl Scale {
    /// Columns and rows one character takes.
    pub fn cell(self) -> (u16, u16) {
        match self {
            Scale::Normal => (1, 1),
            Scale::Quadrant => (4, 4),
            Scale::Tall => (4, 8),
            Scale::Full => (8, 8),
        }
    }

    /// Characters that fit on a line `width` columns wide.
    pub fn columns(self, width: u16) -> usize {
        usize::from(width / self.cell().0).max(1)
    }

    fn pixel_size(self) -> Option<PixelSize> {
        match self {
            Scale::Normal => None,
            Scale::Quadrant => Some(PixelSize::Quadrant),
            Scale::Tall => Some(PixelSize::HalfWidth),
            Scale::Full => Some(PixelSize::Full),
        }
    }

    /// The large scales that give at least `min_columns` characters a line
    /// and `min_lines` lines in `area`, largest first; empty where only
    /// ordinary text will do.
    pub fn fitting(area: Rect, min_columns: u16, min_lines: u16, letters: Letters) -> Vec<Scale> {
        [Scale::Full, Scale::Tall, Scale::Quadrant]
            .into_iter()
            // The terminal's own letters keep their proportions.
            .filter(|s| !(letters == Letters::Sized && *s == Scale::Tall))
            .filter(|s| {
                let (w, h) = s.cell();
                area.width / w >= min_columns && area.height / h >= min_lines
            })
            .collect()
    }
}

/// Whether the glyph font has every character of `text` (ASCII and the
/// Latin-1 letters: £, é, ö...). Other text is drawn at ordinary size
/// rather than with gaps.
pub fn drawable(text: &str) -> bool {
    text.chars().all(|c| (' '..='~').contains(&c) || ('\u{a0}'..='\u{ff}').contains(&c))
}

/// Typographic punctuation the glyph font lacks, as the nearest ASCII.
pub fn plain_punctuation(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' => out.push('\''),
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => out.push('"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            '\u{2022}' | '\u{25cf}' => out.push('\u{b7}'),
            c => out.push(c),
        }
    }
    out
}

/// Draws one line of text at `scale` in the top of `area`. Returns the
/// rows used.
pub fn draw_line(text: &str, scale: Scale, letters: Letters, style: Style, area: Rect, buf: &mut Buffer) -> u16 {
    let (_, rows) = scale.cell();
    let area = Rect { height: rows.min(area.height), ..area };
    if letters == Letters::Sized && scale != Scale::Normal && area.height == rows {
        draw_sized(text, scale, style, area, buf);
        return area.height;
    }
    match scale.pixel_size() {
        Some(size) => BigText::builder()
            .pixel_size(size)
            .style(style)
            .lines(vec![Line::raw(text.to_string())])
            .build()
            .render(area, buf),
        None => Paragraph::new(Line::styled(text.to_string(), style)).render(area, buf),
    }
    area.height
}

/// `text` in the terminal's own font, each letter a block of cells: the
/// whole line is one escape sequence in its first cell, which is told how
/// many columns it covers, and the cells under it are left to the terminal.
fn draw_sized(text: &str, scale: Scale, style: Style, area: Rect, buf: &mut Buffer) {
    // Full is 8x8 cells; the protocol goes to 7, drawn at the block's top.
    let s = scale.cell().1.min(7);
    let text: String = text.chars().take(usize::from(area.width / s)).collect();
    let text = text.trim_end();
    let width = u16::try_from(text.chars().count()).unwrap_or(u16::MAX).saturating_mul(s).min(area.width);
    let Some(columns) = std::num::NonZeroU16::new(width) else { return };
    for y in area.y..area.y + s.min(area.height) {
        for x in area.x..area.x + width {
            buf[(x, y)].reset();
            buf[(x, y)].set_diff_option(CellDiffOption::Skip);
        }
    }
    let first = &mut buf[(area.x, area.y)];
    first.set_symbol(&crate::term::sized_text(text, u8::try_from(s).unwrap_or(7))).set_style(style);
    first.set_diff_option(CellDiffOption::ForcedWidth(columns));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sized_letters_are_one_sequence_covering_their_block() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 60, 10));
        let area = Rect::new(2, 1, 50, 4);
        draw_line("Low trust", Scale::Quadrant, Letters::Sized, Style::default(), area, &mut buf);
        assert_eq!(buf[(2, 1)].symbol(), "\x1b]66;s=4;Low trust\x07");
        assert_eq!(buf[(2, 1)].diff_option, CellDiffOption::ForcedWidth(std::num::NonZeroU16::new(36).unwrap()));
        // The block under the letters is the terminal's; what follows is not.
        assert_eq!(buf[(37, 4)].diff_option, CellDiffOption::Skip);
        assert_eq!(buf[(38, 1)].diff_option, CellDiffOption::None);
        // Block letters elsewhere, whatever the terminal.
        let mut blocks = Buffer::empty(Rect::new(0, 0, 60, 10));
        draw_line("Low trust", Scale::Quadrant, Letters::Blocks, Style::default(), area, &mut blocks);
        assert!(!crate::term::is_sized_text(blocks[(2, 1)].symbol()));
    }

    #[test]
    fn the_scales_are_those_that_give_enough_room_largest_first() {
        let projector = Rect::new(0, 0, 200, 52);
        assert_eq!(Scale::fitting(projector, 40, 6, Letters::Blocks), [Scale::Tall, Scale::Quadrant]);
        assert_eq!(Scale::fitting(Rect::new(0, 0, 200, 40), 40, 6, Letters::Blocks), [Scale::Quadrant]);
        assert_eq!(
            Scale::fitting(Rect::new(0, 0, 400, 110), 40, 6, Letters::Blocks),
            [Scale::Full, Scale::Tall, Scale::Quadrant]
        );
        assert!(Scale::fitting(Rect::new(0, 0, 100, 24), 40, 6, Letters::Blocks).is_empty());
    }

    #[test]
    fn only_text_the_font_has_is_drawn_large() {
        assert!(drawable("Budget cut: £2m, café"));
        assert!(!drawable("社区合作"));
        assert_eq!(plain_punctuation("council’s “offer” – now…"), "council's \"offer\" - now...");
    }

    #[test]
    fn a_big_line_covers_the_rows_of_its_scale() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 8));
        assert_eq!(draw_line("Hi", Scale::Quadrant, Letters::Blocks, Style::default(), buf.area, &mut buf), 4);
        let drawn: String =
            (0..4).flat_map(|y| (0..8).map(move |x| (x, y))).map(|p| buf[p].symbol().to_string()).collect();
        assert!(drawn.chars().any(|c| c != ' '), "{drawn:?}");
        assert!((4..8).all(|y| (0..40).all(|x| buf[(x, y)].symbol() == " ")), "nothing below its rows");
    }
}
