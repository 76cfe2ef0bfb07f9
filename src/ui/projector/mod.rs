//! The projector view, for a room of 10 to 40 people: the stage's name and
//! the timer in large letters, then the stage's content in large text (the
//! item the facilitator has selected, and as many others as fit), a page at
//! a time when it does not all fit. Nothing meant for the facilitator alone
//! (keys, instructions, speaker notes, paths, warnings) is drawn here: the
//! content comes only from [`content::room_view`].
//!
//! The scale is chosen from the cells available and the content: little
//! content is drawn at the largest scale at which it fits one page (its
//! small print large too), more at letters four cells high, a page at a
//! time. A terminal too small for that (a laptop's, mirrored) gives the
//! body the whole screen under one line of stage and clock, and shows one
//! item at a time in letters four cells high; only a terminal too small
//! even for that gets ordinary text.
//! The letters are block glyphs, or the terminal's own font where it has
//! kitty's text-sizing protocol ([`crate::term::Letters`]). The keys that
//! scroll a stage step through its pages, and through the pages of a
//! selected item taller than one.

pub mod big;
pub mod content;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use crate::app::{OpenSession, Screen};
use crate::domain::room;
use crate::term::Letters;

use super::theme::Theme;
use big::Scale;
use content::{Piece, RoomView, Tone};

/// Large text needs at least this many characters a line to be worth it...
const MIN_LARGE_COLUMNS: u16 = 36;
/// Fewer will do for the largest letters when everything fits on one page.
const MIN_FULL_COLUMNS: u16 = 20;
/// ...and room for this many lines.
const MIN_LARGE_LINES: u16 = 6;
/// One item at a time still reads in large letters with this few
/// characters a line and lines a page (60x16 has 13 and 2).
const MIN_ONE_ITEM_COLUMNS: u16 = 10;
const MIN_ONE_ITEM_LINES: u16 = 2;

/// How the screen is shared out: a projector terminal has room for the
/// stage's name and clock large above pages of large content; a smaller
/// one gives the content the room, one item a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Room,
    OneItem,
}

impl Fit {
    fn of(area: Rect, letters: Letters) -> Fit {
        let body = pad(room_areas(area, Scale::Quadrant)[4]);
        if Scale::fitting(Body::text_area(body), MIN_LARGE_COLUMNS, MIN_LARGE_LINES, letters).is_empty() {
            Fit::OneItem
        } else {
            Fit::Room
        }
    }

    /// The heading band's scale: the stage's name and the clock large
    /// where the content is large beside them.
    fn heading_scale(self) -> Scale {
        match self {
            Fit::Room => Scale::Quadrant,
            Fit::OneItem => Scale::Normal,
        }
    }
}

/// The screen's rows with the heading band at `band`: the stage line, the
/// heading band, the title, a gap and the body.
fn room_areas(area: Rect, band: Scale) -> [Rect; 5] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(band.cell().1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area)
}

/// The screen's rows for `fit`: the stage line, the heading band (none
/// where one item a page has the room: the clock is on the stage line),
/// the title, a gap and the body.
fn areas(area: Rect, fit: Fit) -> [Rect; 5] {
    match fit {
        Fit::Room => room_areas(area, fit.heading_scale()),
        Fit::OneItem => {
            let [top, title, gap, body] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Fill(1),
            ])
            .areas(area);
            [top, Rect { height: 0, ..title }, title, gap, body]
        }
    }
}

/// How far the facilitator can step with the scrolling keys: through the
/// pages of a stage without a selection, or through the pages of the
/// selected item when it is taller than one page.
pub fn scroll_limit(screen: &Screen<'_>, open: &OpenSession, area: Rect) -> usize {
    let view = content::room_view(open, &screen.view, screen.work.served.as_ref(), screen.work.phones.as_ref());
    let letters = screen.letters;
    let fit = Fit::of(area, letters);
    let (text, _) = text_and_qr(&view, pad(areas(area, fit)[4]), letters);
    let body = Body::lay_out(&view, text, letters, fit);
    match view.focus {
        Some(focus) => body.pages_of(focus).len().saturating_sub(1),
        None => body.starts.len().saturating_sub(1),
    }
}

/// Of the rows the page on screen has for content, how many carry large
/// text: the measure of whether the back of the room can read it.
pub fn large_rows(screen: &Screen<'_>, open: &OpenSession, area: Rect) -> (u16, u16) {
    let view = content::room_view(open, &screen.view, screen.work.served.as_ref(), screen.work.phones.as_ref());
    let letters = screen.letters;
    let fit = Fit::of(area, letters);
    let (text, _) = text_and_qr(&view, pad(areas(area, fit)[4]), letters);
    let body = Body::lay_out(&view, text, letters, fit);
    let page = body.page(&view);
    let end = body.starts.get(page + 1).copied().unwrap_or(body.rows.len());
    let large = body.rows[body.starts[page]..end].iter().filter(|r| r.scale != Scale::Normal).map(Row::height).sum();
    (large, body.text_area.height)
}

pub fn render(screen: &Screen<'_>, open: &OpenSession, area: Rect, buf: &mut Buffer) {
    let view = content::room_view(open, &screen.view, screen.work.served.as_ref(), screen.work.phones.as_ref());
    render_at(open, &view, screen.theme, screen.letters, screen.now(), area, buf);
}

/// The projector view of `open` at `now` (seconds since the epoch), for a
/// screen of its own: the presenter console's preview (in block
/// letters, since it is copied cell by cell).
pub fn render_at(
    open: &OpenSession,
    view: &RoomView,
    theme: Theme,
    letters: Letters,
    now: u64,
    area: Rect,
    buf: &mut Buffer,
) {
    let theme = theme.for_projector();
    Block::new().style(theme.backdrop()).render(area, buf);
    let session = &open.session;
    if let Some(ends) = session.break_ends() {
        return render_break(ends, theme, letters, now, area, buf);
    }
    let Some(stage) = session.scenario.stage(view.stage) else { return };

    let fit = Fit::of(area, letters);
    let heading_scale = fit.heading_scale();
    let [top, band_area, title_row, _, body] = areas(area, fit);

    let mut top_line = format!(" Stage {} of {}", view.stage + 1, session.scenario.stages.len());
    if !view.subtitle.is_empty() {
        top_line.push_str(&format!(" · {}", view.subtitle));
    }

    // The room's clock, whichever stage is on show.
    let clock = session.timer().map(|t| (room::clock_face(t.remaining(now)), t.is_up(now)));
    let clock_width = clock.as_ref().map_or(0, |(face, _)| face.chars().count() as u16 * heading_scale.cell().0 + 2);
    // Without a heading band the clock ends the stage line.
    let clock_row = if band_area.height == 0 { top } else { band_area };
    let [label_area, clock_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(clock_width)]).areas(clock_row);
    let top = if band_area.height == 0 { label_area } else { top };
    Line::from(Span::styled(super::truncate(&top_line, usize::from(top.width)), theme.muted())).render(top, buf);
    if band_area.height > 0 {
        draw_fitted(stage.kind.short_label(), heading_scale, letters, theme.title(), pad(label_area), buf);
    }
    if let Some((face, up)) = clock {
        draw_fitted(&face, heading_scale, letters, if up { theme.error() } else { theme.heading() }, clock_area, buf);
    }
    let title = if session.clock_stage() == view.stage && session.timer().is_some_and(|t| t.is_up(now)) {
        format!("{} · TIME IS UP", stage.title)
    } else {
        stage.title.clone()
    };
    Line::from(Span::styled(format!(" {title}"), theme.heading())).render(title_row, buf);

    render_body(view, theme, letters, fit, pad(body), buf);
}

/// A margin of two columns either side.
/// The room on a break: when it is back, and the minutes left, large.
fn render_break(ends: u64, theme: Theme, letters: Letters, now: u64, area: Rect, buf: &mut Buffer) {
    let scale = if area.height >= 16 { Scale::Quadrant } else { Scale::Normal };
    let rows = scale.cell().1;
    let back = format!("Back at {}", crate::clock::time_of_day(ends, crate::clock::local_zone()));
    let left = room::clock_face(i64::try_from(ends.saturating_sub(now)).unwrap_or(i64::MAX));
    let [_, title, _, when, _, clock, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(rows),
        Constraint::Length(1),
        Constraint::Length(rows),
        Constraint::Length(1),
        Constraint::Length(rows),
        Constraint::Fill(1),
    ])
    .areas(area);
    draw_fitted("Break", scale, letters, theme.title(), pad(title), buf);
    draw_fitted(&back, scale, letters, theme.heading(), pad(when), buf);
    draw_fitted(&left, scale, letters, theme.muted(), pad(clock), buf);
}

fn pad(area: Rect) -> Rect {
    Rect { x: area.x + 2, width: area.width.saturating_sub(4), ..area }
}

/// One line of heading text at `scale` when the font has it and it fits,
/// else ordinary text.
fn draw_fitted(text: &str, scale: Scale, letters: Letters, style: Style, area: Rect, buf: &mut Buffer) {
    let text = big::plain_punctuation(text);
    let fits = text.chars().count() <= scale.columns(area.width);
    let scale = if fits && big::drawable(&text) { scale } else { Scale::Normal };
    big::draw_line(&text, scale, letters, style, area, buf);
}

/// One row of the laid-out body: a line of large or small text, or a gap.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    text: String,
    scale: Scale,
    tone: Tone,
    item: usize,
    /// Meant large: drawn bold when the scale is ordinary text.
    large: bool,
}

impl Row {
    fn is_gap(&self) -> bool {
        self.text.is_empty() && self.scale == Scale::Normal
    }

    fn height(&self) -> u16 {
        self.scale.cell().1
    }
}

/// Whether the small print of each item is drawn small, or large with
/// the rest of its item when everything fits on one page that way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Print {
    AsMarked,
    AllLarge,
}

/// The items as rows at `scale`, wrapped to `width`. Text the glyph font
/// lacks is drawn at ordinary size.
fn lay_out(view: &RoomView, scale: Scale, width: u16, print: Print) -> Vec<Row> {
    let mut rows = Vec::new();
    for (item, it) in view.items.iter().enumerate() {
        if item > 0 {
            rows.push(Row { text: String::new(), scale: Scale::Normal, tone: Tone::Text, item, large: false });
        }
        // An item all in small print (the stage's question above a list)
        // stays small.
        let grows = print == Print::AllLarge && it.pieces.iter().any(|p| p.large);
        for Piece { text, large, tone } in &it.pieces {
            let large = &(*large || grows);
            let plain = big::plain_punctuation(text);
            let scale = if *large && big::drawable(&plain) { scale } else { Scale::Normal };
            let text = if scale == Scale::Normal { text.clone() } else { plain };
            // Each of the font's letters is one column of text.
            for line in super::wrap::strings(&text, scale.columns(width)) {
                rows.push(Row { text: line, scale, tone: *tone, item, large: *large });
            }
        }
    }
    rows
}

/// Splits rows into pages of at most `height` rows, starting an item on a
/// new page when it would not fit on the current one (an item taller than
/// a page runs on over several). Returns each page's first row.
fn paginate(rows: &[Row], height: u16, fit: Fit) -> Vec<usize> {
    let mut starts: Vec<usize> = Vec::new();
    let mut used = 0u16;
    for (i, row) in rows.iter().enumerate() {
        // A gap at the top of a page is wasted space.
        if row.is_gap() && used == 0 {
            continue;
        }
        let starts_item = i == 0 || rows[i - 1].item != row.item;
        let item_height: u16 = rows[i..].iter().take_while(|r| r.item == row.item).map(Row::height).sum();
        let overflow = used + row.height() > height;
        let item_would_split = starts_item && used + item_height > height && item_height <= height;
        let one_item = fit == Fit::OneItem && starts_item;
        if used > 0 && (overflow || item_would_split || one_item) {
            used = 0;
            if row.is_gap() {
                continue;
            }
        }
        if used == 0 {
            starts.push(i);
        }
        used += row.height();
    }
    if starts.is_empty() {
        starts.push(0);
    }
    starts
}

fn style_for(tone: Tone, focused: bool, theme: Theme) -> Style {
    match tone {
        Tone::Heading => theme.title(),
        Tone::Alert => theme.warning(),
        Tone::Muted => theme.muted(),
        Tone::Text if focused => theme.heading(),
        Tone::Text => theme.text(),
    }
}

/// The body laid out: its rows at the scale that fits, and where each page
/// starts.
struct Body {
    page_area: Rect,
    footer: Rect,
    text_area: Rect,
    rows: Vec<Row>,
    starts: Vec<usize>,
}

impl Body {
    /// Where the text goes in a body's `area`: above the footer, beside
    /// the bar that marks the selected item.
    fn text_area(area: Rect) -> Rect {
        let [page_area, _] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        Rect { x: page_area.x + 2, width: page_area.width.saturating_sub(2), ..page_area }
    }

    fn lay_out(view: &RoomView, area: Rect, letters: Letters, fit: Fit) -> Body {
        let [page_area, footer] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        let text_area = Body::text_area(area);
        if fit == Fit::OneItem {
            // One item a page, in the smallest large letters where they
            // fit at all.
            let scale = Scale::fitting(text_area, MIN_ONE_ITEM_COLUMNS, MIN_ONE_ITEM_LINES, letters)
                .last()
                .copied()
                .unwrap_or(Scale::Normal);
            let rows = lay_out(view, scale, text_area.width, Print::AsMarked);
            let starts = paginate(&rows, text_area.height, fit);
            return Body { page_area, footer, text_area, rows, starts };
        }
        // Little content fills the screen: the largest scale at which it
        // all fits on one page, the small print large too if that fits.
        // More content is drawn at the smallest large scale, a page at a
        // time. The largest letters may have fewer to a line, as long as
        // everything fits.
        let mut scales = Scale::fitting(text_area, MIN_LARGE_COLUMNS, MIN_LARGE_LINES, letters);
        let full_fits =
            Scale::fitting(text_area, MIN_FULL_COLUMNS, MIN_LARGE_LINES, letters).first() == Some(&Scale::Full);
        if full_fits && scales.first() != Some(&Scale::Full) {
            scales.insert(0, Scale::Full);
        }
        let mut tries: Vec<(Scale, Print)> = Vec::new();
        tries.extend(scales.iter().map(|s| (*s, Print::AllLarge)));
        tries.extend(scales.iter().map(|s| (*s, Print::AsMarked)));
        let fallback = (scales.last().copied().unwrap_or(Scale::Normal), Print::AsMarked);
        let (rows, starts) = tries
            .into_iter()
            .map(|(scale, print)| {
                let rows = lay_out(view, scale, text_area.width, print);
                let starts = paginate(&rows, text_area.height, fit);
                (rows, starts)
            })
            .find(|(_, starts)| starts.len() == 1)
            .unwrap_or_else(|| {
                let rows = lay_out(view, fallback.0, text_area.width, fallback.1);
                let starts = paginate(&rows, text_area.height, fit);
                (rows, starts)
            });
        Body { page_area, footer, text_area, rows, starts }
    }

    /// The pages that show some of `item`, in order.
    fn pages_of(&self, item: usize) -> Vec<usize> {
        (0..self.starts.len())
            .filter(|&page| {
                let end = self.starts.get(page + 1).copied().unwrap_or(self.rows.len());
                self.rows[self.starts[page]..end].iter().any(|r| r.item == item && !r.is_gap())
            })
            .collect()
    }

    /// The page on screen: the selected item's first page (or a later one
    /// of its own when stepped on), else the page stepped to.
    fn page(&self, view: &RoomView) -> usize {
        let last = self.starts.len() - 1;
        match view.focus {
            Some(focus) => {
                let pages = self.pages_of(focus);
                match pages.len() {
                    0 => self
                        .starts
                        .iter()
                        .rposition(|s| self.rows.get(*s).is_some_and(|r| r.item <= focus))
                        .unwrap_or(0),
                    n => pages[view.page.min(n - 1)],
                }
            }
            None => view.page.min(last),
        }
    }
}

/// Text at least this wide beside a QR code, or no code.
const TEXT_BESIDE_QR: u16 = 60;

/// Where the body's items go, and the view's QR code beside them where
/// both fit and the items keep the letters they would have without it:
/// the room reads the items first, so where the code would shrink them or
/// crowd them, the address is shown alone.
fn text_and_qr(view: &RoomView, body: Rect, letters: Letters) -> (Rect, Option<(Rect, crate::ui::qr::Qr)>) {
    let Some(qr) = view.qr.as_deref().and_then(crate::ui::qr::Qr::of) else { return (body, None) };
    let (width, height) = qr.size();
    if body.width < width + 2 + TEXT_BESIDE_QR || body.height < height {
        return (body, None);
    }
    let [text, _, code] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(2), Constraint::Length(width)]).areas(body);
    let scales = |area: Rect| {
        let area = Body::text_area(area);
        [
            Scale::fitting(area, MIN_LARGE_COLUMNS, MIN_LARGE_LINES, letters),
            Scale::fitting(area, MIN_FULL_COLUMNS, MIN_LARGE_LINES, letters),
            Scale::fitting(area, MIN_ONE_ITEM_COLUMNS, MIN_ONE_ITEM_LINES, letters),
        ]
    };
    if scales(text) != scales(body) {
        return (body, None);
    }
    (text, Some((Rect { height, ..code }, qr)))
}

fn render_body(view: &RoomView, theme: Theme, letters: Letters, fit: Fit, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let (area, qr) = text_and_qr(view, area, letters);
    if let Some((code_area, qr)) = qr {
        qr.render(code_area, buf);
    }
    let body = Body::lay_out(view, area, letters, fit);
    let Body { page_area, footer, text_area, ref rows, ref starts } = body;
    let page = body.page(view);
    let end = starts.get(page + 1).copied().unwrap_or(rows.len());
    let mut y = text_area.y;
    for row in rows.iter().take(end).skip(starts[page]) {
        if y == text_area.y && row.is_gap() {
            continue;
        }
        let height = row.height().min(text_area.bottom().saturating_sub(y));
        if height == 0 {
            break;
        }
        let focused = view.focus == Some(row.item);
        let line_area = Rect { y, height, ..text_area };
        let mut style = style_for(row.tone, focused, theme);
        if row.large {
            style = style.add_modifier(ratatui::style::Modifier::BOLD);
        }
        big::draw_line(&row.text, row.scale, letters, style, line_area, buf);
        if focused && !row.is_gap() {
            for dy in 0..height {
                buf[(page_area.x, y + dy)].set_symbol("▌").set_style(theme.heading());
            }
        }
        y += height;
    }
    if starts.len() > 1 {
        Line::from(Span::styled(format!("{} of {} ", page + 1, starts.len()), theme.muted()))
            .right_aligned()
            .render(footer, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use content::Item;

    fn item(text: &str, large: bool) -> Item {
        Item { pieces: vec![Piece { text: text.into(), large, tone: Tone::Text }] }
    }

    #[test]
    fn pages_keep_items_whole_where_they_fit() {
        let view =
            RoomView { items: (0..6).map(|i| item(&format!("Item {i}"), true)).collect(), ..RoomView::default() };
        let rows = lay_out(&view, Scale::Quadrant, 200, Print::AsMarked);
        // Each item is 4 rows, with a gap row between: 9 rows take two items.
        let starts = paginate(&rows, 9, Fit::Room);
        assert_eq!(starts.len(), 3, "{starts:?}");
        for s in &starts {
            assert!(!rows[*s].text.is_empty(), "a page starts with text, not a gap");
        }
    }

    #[test]
    fn an_item_longer_than_a_page_runs_on() {
        let long = "word ".repeat(200);
        let view = RoomView { items: vec![item(&long, true)], ..RoomView::default() };
        let rows = lay_out(&view, Scale::Quadrant, 80, Print::AsMarked);
        let starts = paginate(&rows, 8, Fit::Room);
        assert!(starts.len() > 2);
        let total: usize = rows.iter().map(|r| r.text.split_whitespace().count()).sum();
        assert_eq!(total, 200, "no word is lost between pages");
    }
}
