//! The projector view: the stage title and the timer in large letters, the
//! stage's content beneath, a high-contrast palette and almost no chrome.
//! Facilitator-only text (speaker notes) is never drawn here.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};
use tui_big_text::{BigText, PixelSize};

use crate::app::{App, OpenSession};
use crate::domain::room;

use super::stages::{Audience, render_prompt_and_content};
use super::{readable, truncate};

/// Pixel sizes to try, largest first, with the cells one 8x8 glyph takes.
const SIZES: [(PixelSize, u16, u16); 3] =
    [(PixelSize::Full, 8, 8), (PixelSize::HalfHeight, 8, 4), (PixelSize::Quadrant, 4, 4)];

/// The largest pixel size at which `text` fits in `width` x `height`, and the
/// rows it then takes.
pub fn fit(text: &str, width: u16, height: u16) -> Option<(PixelSize, u16)> {
    let chars = text.chars().count() as u16;
    SIZES.iter().find(|(_, w, h)| chars * w <= width && *h <= height).map(|(size, _, h)| (*size, *h))
}

/// Draws `text` as large as fits, or as plain bold text when nothing does.
fn big(text: &str, style: Style, area: Rect, buf: &mut Buffer) -> u16 {
    match fit(text, area.width, area.height) {
        Some((size, rows)) => {
            BigText::builder()
                .pixel_size(size)
                .style(style)
                .lines(vec![Line::raw(text.to_string())])
                .centered()
                .build()
                .render(Rect { height: rows, ..area }, buf);
            rows
        }
        None => {
            Line::from(Span::styled(truncate(text, usize::from(area.width)), style)).centered().render(area, buf);
            1
        }
    }
}

pub fn render(app: &App, open: &OpenSession, area: Rect, buf: &mut Buffer) {
    let theme = app.theme.for_projector();
    Block::new().style(theme.backdrop()).render(area, buf);
    let session = &open.session;
    let Some(stage) = session.scenario.stage(session.stage) else { return };
    let now = app.now();

    // Big letters take about a third of a tall screen, less of a short one.
    let band = (area.height / 3).clamp(3, 10);
    let [top, band_area, title_row, _, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(band),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);

    let mut top_line = format!(" Stage {} of {}", session.stage + 1, session.scenario.stages.len());
    if session.groups.len() > 1 {
        top_line.push_str(&format!(" · {}", session.group().name));
    }
    Line::from(Span::styled(top_line, theme.muted())).render(top, buf);

    let [label_area, timer_area] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).spacing(2).areas(band_area);
    big(stage.kind.short_label(), theme.title(), label_area, buf);
    if let Some(timer) = session.timer() {
        let face = room::clock_face(timer.remaining(now));
        let style = if timer.is_up(now) { theme.error() } else { theme.heading() };
        big(&face, style, timer_area, buf);
    }
    let title = if session.timer().is_some_and(|t| t.is_up(now)) {
        format!("{} · TIME IS UP", stage.title)
    } else {
        stage.title.clone()
    };
    Line::from(Span::styled(title, theme.heading())).centered().render(title_row, buf);

    render_prompt_and_content(open, theme, Audience::Room, readable(body), buf);
    Line::from(Span::styled(" p: leave the projector view  ?: help", theme.muted())).render(footer, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_text_shrinks_to_fit_and_gives_up_when_it_cannot() {
        assert_eq!(fit("12:05", 200, 10).map(|f| f.1), Some(8));
        assert_eq!(fit("12:05", 200, 5).map(|f| f.1), Some(4));
        assert!(matches!(fit("Barriers", 40, 8), Some((PixelSize::Quadrant, 4))));
        assert_eq!(fit("Report-back", 30, 8), None);
    }
}
