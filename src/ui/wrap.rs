//! The one text wrapping. Every screen that wraps text does it here and
//! draws the rows it is given (never with a widget's own wrapping), so the
//! height measured for a layout is always the height drawn.
//!
//! Words are kept whole and placed greedily, as many to a row as fit; a
//! word wider than a row is split between characters. A line's leading
//! indent stays on its first row, and spaces where a line breaks are
//! dropped. Styles are kept. Widths are those the terminal buffer gives
//! (a wide CJK character or an emoji takes two columns), and any kind of
//! space is shown as one space.

use std::borrow::Cow;

use ratatui::buffer::CellWidth;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Paragraph;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_segmentation::UnicodeSegmentation;

/// Styled lines wrapped to `width` columns.
pub fn lines<'a>(lines: impl IntoIterator<Item = Line<'a>>, width: u16) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for line in lines {
        wrap_line(&line, usize::from(width.max(1)), 0, &mut out);
    }
    out
}

/// Plain text wrapped to `width` columns; each line of it (ended by `\n`
/// or `\r\n`) starts a new row.
pub fn text(text: &str, width: u16) -> Vec<Line<'static>> {
    lines(Text::raw(text).lines, width)
}

/// A paragraph of `text` wrapped to `width` columns (inside its block, if
/// it is given one): the text's own style and alignment, its rows drawn
/// one to a line.
pub fn paragraph<'a>(text: impl Into<Text<'a>>, width: u16) -> Paragraph<'static> {
    let text = text.into();
    Paragraph::new(Text { lines: lines(text.lines, width), style: text.style, alignment: text.alignment })
}

/// The rows [`text`] gives `text` at `width` columns.
pub fn height(text: &str, width: u16) -> u16 {
    u16::try_from(self::text(text, width).len()).unwrap_or(u16::MAX)
}

/// Plain text wrapped, each row as a string: for text set out by hand,
/// beside a number or a marker.
pub fn strings(text: &str, width: usize) -> Vec<String> {
    let width = u16::try_from(width).unwrap_or(u16::MAX);
    self::text(text, width).iter().map(|row| row.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
}

/// Styled lines wrapped to `width` columns with a hanging indent: where a
/// line starts with spaces and then one of `bullets`, its later rows are
/// lined up under the text after the bullet, so a wrapped point still reads
/// as one. A line without a bullet, or too wide an indent for the width,
/// wraps as [`lines`] does.
pub fn hanging<'a>(lines: impl IntoIterator<Item = Line<'a>>, width: u16, bullets: &[&str]) -> Vec<Line<'static>> {
    /// Columns a hanging row keeps for its text, at least.
    const ROOM: usize = 12;
    let width = usize::from(width.max(1));
    let mut out = Vec::new();
    for line in lines {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let rest = text.trim_start_matches(' ');
        let spaces = text.len() - rest.len();
        let hang = bullets.iter().find(|b| rest.starts_with(**b)).map_or(0, |b| spaces + usize::from(b.cell_width()));
        let hang = if hang > 0 && width >= hang + ROOM { hang } else { 0 };
        wrap_line(&line, width, hang, &mut out);
    }
    out
}

/// One grapheme as the terminal buffer shows it: where it is in the line's
/// spans (bytes `start..end` of span `span`) and the columns it takes.
#[derive(Debug, Clone, Copy)]
struct Cell {
    span: usize,
    start: usize,
    end: usize,
    width: usize,
}

/// A word, or a piece of one too wide for a row, and the spaces after it.
#[derive(Debug)]
struct Word<'c> {
    cells: &'c [Cell],
    spaces: &'c [Cell],
    width: usize,
}

impl Fragment for Word<'_> {
    fn width(&self) -> f64 {
        self.width as f64
    }

    fn whitespace_width(&self) -> f64 {
        self.spaces.len() as f64
    }

    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// The graphemes of `text` (span `span`) that the terminal buffer draws:
/// those without control characters, and of some width.
fn push_graphemes(text: &str, span: usize, cells: &mut Vec<Cell>) {
    // Printable ASCII, the usual case, is one column a byte.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        cells.extend((0..text.len()).map(|start| Cell { span, start, end: start + 1, width: 1 }));
        return;
    }
    for (start, symbol) in text.grapheme_indices(true) {
        if symbol.contains(char::is_control) {
            continue;
        }
        let width = usize::from(symbol.cell_width());
        if width > 0 {
            cells.push(Cell { span, start, end: start + symbol.len(), width });
        }
    }
}

/// Wraps one line into rows of `width` columns, every row after the first
/// starting with `hang` spaces (`hang` is less than `width`).
fn wrap_line(line: &Line<'_>, width: usize, hang: usize, out: &mut Vec<Line<'static>>) {
    // Any kind of space is one space: a tab or a newline would otherwise
    // not be drawn at all.
    let texts: Vec<Cow<'_, str>> = line
        .spans
        .iter()
        .map(|s| {
            if s.content.contains(|c: char| c.is_whitespace() && c != ' ') {
                Cow::Owned(s.content.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect())
            } else {
                Cow::Borrowed(s.content.as_ref())
            }
        })
        .collect();
    let styles: Vec<Style> = line.spans.iter().map(|s| line.style.patch(s.style)).collect();
    let mut cells = Vec::new();
    for (span, text) in texts.iter().enumerate() {
        push_graphemes(text, span, &mut cells);
    }
    let is_space = |c: &Cell| texts[c.span].as_bytes()[c.start] == b' ' && c.end == c.start + 1;

    let leading = cells.iter().take_while(|c| is_space(c)).count();
    // An indent is kept only where it leaves room on its row for any of
    // the line's characters.
    let widest = cells.iter().map(|c| c.width).max().unwrap_or(1);
    let indent = if leading + widest <= width { leading } else { 0 };
    let first = width - indent;
    let rest = width - hang;
    let narrowest = first.min(rest);

    let mut words = Vec::new();
    let mut i = leading;
    while i < cells.len() {
        let start = i;
        while i < cells.len() && !is_space(&cells[i]) {
            i += 1;
        }
        let end = i;
        while i < cells.len() && is_space(&cells[i]) {
            i += 1;
        }
        // A word wider than the narrowest row is cut into pieces that fit
        // it; pieces go back together where a row has room.
        let mut from = start;
        let mut used = 0;
        for at in start..end {
            if used > 0 && used + cells[at].width > narrowest {
                words.push(Word { cells: &cells[from..at], spaces: &[], width: used });
                from = at;
                used = 0;
            }
            used += cells[at].width;
        }
        words.push(Word { cells: &cells[from..end], spaces: &cells[end..i], width: used });
    }

    for (n, row) in wrap_first_fit(&words, &[first as f64, rest as f64]).into_iter().enumerate() {
        let mut drawn = Row { texts: &texts, styles: &styles, spans: Vec::new() };
        if !row.is_empty() {
            if n == 0 {
                drawn.push(&cells[..indent]);
            } else if hang > 0 {
                drawn.spans.push(Span::raw(" ".repeat(hang)));
            }
        }
        for (k, word) in row.iter().enumerate() {
            drawn.push(word.cells);
            if k + 1 < row.len() {
                drawn.push(word.spaces);
            }
        }
        let mut wrapped = Line::from(drawn.spans);
        wrapped.alignment = line.alignment;
        out.push(wrapped);
    }
}

/// A row being put together from a line's cells.
struct Row<'t> {
    texts: &'t [Cow<'t, str>],
    styles: &'t [Style],
    spans: Vec<Span<'static>>,
}

impl Row<'_> {
    /// Adds cells, joining those of one style into one span.
    fn push(&mut self, cells: &[Cell]) {
        let mut cells = cells.iter().peekable();
        while let Some(first) = cells.next() {
            // The run of cells next to each other in one span.
            let mut end = first.end;
            while let Some(next) = cells.next_if(|c| c.span == first.span && c.start == end) {
                end = next.end;
            }
            let text = &self.texts[first.span][first.start..end];
            let style = self.styles[first.span];
            match self.spans.last_mut() {
                Some(last) if last.style == style => last.content.to_mut().push_str(text),
                _ => self.spans.push(Span::styled(text.to_string(), style)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Stylize};
    use ratatui::widgets::Widget;

    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn words_are_kept_whole_with_the_indent() {
        let rows = lines(vec![Line::raw("  one two three four"), Line::raw("")], 10);
        assert_eq!(plain(&rows), ["  one two", "three four", ""]);
        assert_eq!(strings("Low trust and understanding", 14), ["Low trust and", "understanding"]);
        assert_eq!(strings("", 8), [""]);
    }

    #[test]
    fn only_a_word_too_wide_for_a_row_is_split() {
        assert_eq!(strings("abcdefghijkl", 5), ["abcde", "fghij", "kl"]);
        assert_eq!(strings("Supercalifragilistic", 8), ["Supercal", "ifragili", "stic"]);
        assert_eq!(strings("ab cdefghijkl", 5), ["ab", "cdefg", "hijkl"]);
        // Wide characters take two columns, and are never cut in half.
        assert_eq!(strings("地方自治体と市民", 5), ["地方", "自治", "体と", "市民"]);
    }

    #[test]
    fn spaces_between_words_are_kept_and_those_at_a_break_dropped() {
        assert_eq!(strings("a   b    c", 6), ["a   b", "c"]);
        assert_eq!(strings("one\ttwo  ", 20), ["one two"]);
        assert_eq!(strings("   ", 10), [""]);
        assert_eq!(strings("first\n\nthird\r\n", 10), ["first", "", "third"]);
        // An indent as wide as the row is let go, and so is one that
        // leaves no room for a wide character.
        assert_eq!(strings("          word", 6), ["word"]);
        assert_eq!(strings("    地方", 5), ["地方"]);
        assert_eq!(strings("   地方", 5), ["   地", "方"]);
    }

    #[test]
    fn styles_and_alignment_are_kept() {
        let line = Line::from(vec![Span::raw("plain "), "bold words here".bold(), Span::raw(" end")]).centered();
        let rows = lines(vec![line.style(Color::Red)], 11);
        assert_eq!(plain(&rows), ["plain bold", "words here", "end"]);
        assert!(rows.iter().all(|r| r.alignment == Some(ratatui::layout::Alignment::Center)));
        assert_eq!(rows[0].spans[0].style, Style::new().fg(Color::Red));
        assert_eq!(rows[0].spans[1].style, Style::new().fg(Color::Red).bold());
        assert_eq!(rows[0].spans[1].content, "bold");
        assert_eq!(rows[1].spans.len(), 1, "one style, one span: {:?}", rows[1]);
    }

    #[test]
    fn a_bulleted_line_hangs_under_its_text() {
        let bullets = ["· ", "▶ "];
        let rows = hanging(vec![Line::raw("  · one two three four five six seven")], 20, &bullets);
        assert_eq!(plain(&rows), ["  · one two three", "    four five six", "    seven"]);
        let rows = hanging(vec![Line::raw("no bullet here but words to wrap")], 20, &bullets);
        assert_eq!(plain(&rows), ["no bullet here but", "words to wrap"]);
        // Too narrow to hang: wrapped as any line.
        let rows = hanging(vec![Line::raw("▶ one two three")], 10, &bullets);
        assert_eq!(plain(&rows), ["▶ one two", "three"]);
    }

    /// The graphemes the terminal would show, without spaces.
    fn shown(text: &str) -> Vec<String> {
        let text: String = text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
        Span::raw(text)
            .styled_graphemes(Style::default())
            .filter(|g| g.symbol != " " && g.symbol.cell_width() > 0)
            .map(|g| g.symbol.to_string())
            .collect()
    }

    const AWKWARD: [&str; 12] = [
        "Supercalifragilisticexpialidocious is a long word, and so is pneumonoultramicroscopic",
        "地方自治体と市民社会のパートナーシップ 地方自治体 と 市民",
        "한국어 텍스트와 English mixed 混合 text",
        "many     spaces    between   words      and at the end      ",
        "      indented line that goes on and on past the edge",
        "    地方自治体 indented with room for less than a wide character",
        "line one\nline two\n\nline four after a blank",
        "ends with a newline\n",
        "",
        "tabs\tand\tcarriage returns\r\nin between",
        "Trust 🤝 between 👨‍👩‍👧 partners 🏛️ and the council, café, re\u{301}sume\u{301}",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z",
    ];

    /// Draws `text` wrapped to `width` into a buffer, and checks that the
    /// rows measured are the rows drawn, and that every character is on
    /// screen (nothing is cut off at the edge).
    fn check_drawn_as_measured(text: &str, width: u16) {
        let measured = height(text, width);
        let area = Rect::new(0, 0, width, measured + 4);
        let mut buf = Buffer::empty(area);
        paragraph(text, width).render(area, &mut buf);
        let row = |y: u16| (0..width).map(|x| buf[(x, y)].symbol().to_string()).collect::<Vec<_>>();
        let used = (0..area.height).rev().find(|&y| row(y).iter().any(|s| s != " ")).map_or(0, |y| y + 1);
        // A last line of nothing but spaces takes a row and shows nothing.
        if text.lines().next_back().is_none_or(|l| l.trim().is_empty()) {
            assert!(used < measured, "{text:?} at {width}: {used} rows used of {measured}");
        } else {
            assert_eq!(used, measured, "{text:?} at {width}");
        }
        let drawn: Vec<String> = (0..area.height).flat_map(row).filter(|s| s != " ").collect();
        assert_eq!(drawn, shown(text), "{text:?} at {width}");
    }

    #[test]
    fn awkward_texts_take_the_rows_measured_with_nothing_cut_off() {
        for text in AWKWARD {
            for width in 2..=48 {
                check_drawn_as_measured(text, width);
            }
        }
    }

    const PIECES: [&str; 14] = [
        "a",
        "word",
        "council",
        " ",
        "   ",
        "\n",
        "\t",
        "地方自治体",
        "Supercalifragilistic",
        "🤝",
        "👨‍👩‍👧",
        "e\u{301}",
        "—",
        ".",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        #[test]
        fn any_text_takes_the_rows_measured_with_nothing_cut_off(
            pieces in proptest::collection::vec(proptest::sample::select(&PIECES[..]), 0..40),
            width in 2u16..40,
        ) {
            check_drawn_as_measured(&pieces.concat(), width);
        }
    }
}
