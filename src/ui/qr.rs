//! The phones' page's address as a QR code, drawn in text: the `qrcode`
//! crate's Unicode renderer puts two modules in each cell (upper and lower
//! half blocks), and the code is drawn black on white whatever the theme,
//! as a camera expects, with a light margin of its own around it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use qrcode::render::unicode::Dense1x2;
use qrcode::{EcLevel, QrCode};

/// Light cells on each side of the code, and light rows above and below
/// (a row is two modules): the quiet zone a camera needs to find it.
const MARGIN_COLUMNS: usize = 2;
const MARGIN_ROWS: usize = 1;

/// A QR code's rows of cells, margin included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qr {
    rows: Vec<String>,
}

impl Qr {
    /// The code for `text`, or `None` if it cannot be made (far too long).
    /// Low error correction keeps the code small: a screen is not a
    /// crumpled poster.
    pub fn of(text: &str) -> Option<Qr> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).ok()?;
        let drawn = code.render::<Dense1x2>().quiet_zone(false).build();
        let width = drawn.lines().map(|l| l.chars().count()).max().unwrap_or(0) + 2 * MARGIN_COLUMNS;
        let side = " ".repeat(MARGIN_COLUMNS);
        let blank = " ".repeat(width);
        let mut rows = vec![blank.clone(); MARGIN_ROWS];
        rows.extend(drawn.lines().map(|line| format!("{side}{line}{side}")));
        rows.extend(std::iter::repeat_n(blank, MARGIN_ROWS));
        Some(Qr { rows })
    }

    /// Columns and rows it takes.
    pub fn size(&self) -> (u16, u16) {
        let width = self.rows.first().map_or(0, |r| r.chars().count());
        (u16::try_from(width).unwrap_or(u16::MAX), u16::try_from(self.rows.len()).unwrap_or(u16::MAX))
    }

    /// The code as lines, black on white.
    pub fn lines(&self) -> Vec<Line<'static>> {
        self.rows.iter().map(|row| Line::from(Span::styled(row.clone(), style()))).collect()
    }

    /// Draws the code at the top left of `area` if it fits whole; a code
    /// cut short cannot be read, so otherwise nothing is drawn.
    pub fn render(&self, area: Rect, buf: &mut Buffer) -> bool {
        let (width, height) = self.size();
        if width > area.width || height > area.height {
            return false;
        }
        for (dy, line) in self.lines().iter().enumerate() {
            buf.set_line(area.x, area.y + dy as u16, line, width);
        }
        true
    }
}

/// Dark modules black, light ones white: the way round a camera reads.
fn style() -> Style {
    Style::new().fg(Color::Black).bg(Color::White)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_room_address_makes_a_small_code_with_a_margin() {
        let qr = Qr::of("http://192.168.100.200:18080").unwrap();
        let (width, height) = qr.size();
        // Version 2 (25 modules) or 3 (29), two cells a side, two modules a row.
        assert!((29..=33).contains(&width), "{width}");
        assert!((15..=17).contains(&height), "{height}");
        assert!(qr.rows.iter().all(|r| r.chars().count() == usize::from(width)));
        assert!(qr.rows[0].trim().is_empty() && qr.rows.last().unwrap().trim().is_empty());
        assert!(qr.rows[1].starts_with("  █"), "the finder pattern's corner, after the margin: {:?}", qr.rows[1]);
    }

    #[test]
    fn a_code_is_drawn_whole_or_not_at_all() {
        let qr = Qr::of("http://10.0.0.1:8080").unwrap();
        let (width, height) = qr.size();
        let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
        assert!(qr.render(buf.area, &mut buf));
        assert_eq!(buf[(MARGIN_COLUMNS as u16, 1)].symbol(), "█");
        assert_eq!(buf[(0, 0)].bg, Color::White);
        let mut small = Buffer::empty(Rect::new(0, 0, width - 1, height));
        assert!(!qr.render(small.area, &mut small));
        assert_eq!(small[(MARGIN_COLUMNS as u16, 1)].symbol(), " ");
    }
}
