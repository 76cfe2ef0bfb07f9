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
use std::ops::Range;

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

/// A stretch of a line as the terminal buffer draws it: bytes `start..end`
/// of span `span`, taking `width` columns.
#[derive(Debug, Clone, Copy)]
struct Cell {
    span: usize,
    start: usize,
    end: usize,
    width: usize,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Spaces, one column each.
    Space,
    /// Printable ASCII, one column a byte: it can be cut anywhere.
    Ascii,
    /// One grapheme of any other text.
    Grapheme,
}

/// A word, or a piece of one too wide for a row, and the spaces after it.
#[derive(Debug)]
struct Word<'c> {
    cells: &'c [Cell],
    width: usize,
    spaces: &'c [Cell],
    spaces_width: usize,
}

impl Fragment for Word<'_> {
    fn width(&self) -> f64 {
        self.width as f64
    }

    fn whitespace_width(&self) -> f64 {
        self.spaces_width as f64
    }

    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// The cells of span `span`, whose text is `text`: runs of spaces, words
/// of printable ASCII whole, and other words grapheme by grapheme, found
/// as the buffer finds them (it draws a span's graphemes, leaving out
/// control characters).
fn push_cells(text: &str, span: usize, cells: &mut Vec<Cell>) {
    let bytes = text.as_bytes();
    let first = cells.len();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let space = bytes[i] == b' ';
        while i < bytes.len() && (bytes[i] == b' ') == space {
            i += 1;
        }
        let kind = if space {
            Kind::Space
        } else if bytes[start..i].iter().all(|b| (0x21..0x7f).contains(b)) {
            Kind::Ascii
        } else {
            // Graphemes are found within the word; unless a character at
            // either end joins the space beside it into one grapheme, they
            // are those of the whole span.
            let context = &text[start.saturating_sub(1)..(i + 1).min(bytes.len())];
            let apart = (start == 0 || context.graphemes(true).next() == Some(" "))
                && (i == bytes.len() || context.graphemes(true).next_back() == Some(" "));
            if !apart {
                cells.truncate(first);
                push_graphemes(text, span, 0, cells);
                return;
            }
            push_graphemes(&text[start..i], span, start, cells);
            continue;
        };
        cells.push(Cell { span, start, end: i, width: i - start, kind });
    }
}

/// The graphemes of `part`, which starts at byte `offset` of span `span`.
fn push_graphemes(part: &str, span: usize, offset: usize, cells: &mut Vec<Cell>) {
    for (at, symbol) in part.grapheme_indices(true) {
        // What the buffer leaves out takes no columns, but stays in the
        // text so that the graphemes around it stay as they are.
        let width = if symbol.contains(char::is_control) { 0 } else { usize::from(symbol.cell_width()) };
        let kind = if symbol == " " { Kind::Space } else { Kind::Grapheme };
        cells.push(Cell { span, start: offset + at, end: offset + at + symbol.len(), width, kind });
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
        push_cells(text, span, &mut cells);
    }

    let leading = cells.iter().take_while(|c| c.kind == Kind::Space).count();
    let leading_width: usize = cells[..leading].iter().map(|c| c.width).sum();
    // An indent is kept only where it leaves room on its row for any of
    // the line's characters.
    let widest = cells.iter().map(|c| if c.kind == Kind::Grapheme { c.width } else { 1 }).max().unwrap_or(1);
    let (indent, indent_width) = if leading_width + widest <= width { (leading, leading_width) } else { (0, 0) };
    let first = width - indent_width;
    let rest = width - hang;
    let narrowest = first.min(rest);

    // The words' cells, a word wider than the narrowest row cut into
    // pieces that fit it (pieces go back together where a row has room),
    // each followed by its spaces: (cells, width, spaces, spaces' width).
    let mut pieces: Vec<Cell> = Vec::with_capacity(cells.len());
    let mut bounds: Vec<(Range<usize>, usize, Range<usize>, usize)> = Vec::new();
    let mut i = leading;
    while i < cells.len() {
        let end = cells[i..].iter().position(|c| c.kind == Kind::Space).map_or(cells.len(), |n| i + n);
        if cells[i..end].iter().all(|c| c.width == 0) {
            // A word of nothing the buffer draws is left out (it would
            // only take a row of its own); its spaces join those before it.
            i = end;
            let from = pieces.len();
            while let Some(&cell) = cells.get(i).filter(|c| c.kind == Kind::Space) {
                i += 1;
                pieces.push(cell);
            }
            if let Some((_, _, spaces, spaces_width)) = bounds.last_mut().filter(|b| b.2.end == from) {
                spaces.end = pieces.len();
                *spaces_width += pieces[from..].iter().map(|c| c.width).sum::<usize>();
            }
            continue;
        }
        let mut from = pieces.len();
        let mut used = 0;
        while let Some(&cell) = cells.get(i).filter(|c| c.kind != Kind::Space) {
            i += 1;
            if cell.kind == Kind::Grapheme {
                if used > 0 && used + cell.width > narrowest {
                    bounds.push((from..pieces.len(), used, 0..0, 0));
                    (from, used) = (pieces.len(), 0);
                }
                pieces.push(cell);
                used += cell.width;
                continue;
            }
            let mut at = cell.start;
            while at < cell.end {
                if used >= narrowest {
                    bounds.push((from..pieces.len(), used, 0..0, 0));
                    (from, used) = (pieces.len(), 0);
                }
                let take = (cell.end - at).min(narrowest - used);
                pieces.push(Cell { start: at, end: at + take, width: take, ..cell });
                (at, used) = (at + take, used + take);
            }
        }
        let word = from..pieces.len();
        let mut spaces_width = 0;
        while let Some(&cell) = cells.get(i).filter(|c| c.kind == Kind::Space) {
            i += 1;
            pieces.push(cell);
            spaces_width += cell.width;
        }
        bounds.push((word.clone(), used, word.end..pieces.len(), spaces_width));
    }
    let words: Vec<Word<'_>> = bounds
        .into_iter()
        .map(|(cells, width, spaces, spaces_width)| Word {
            cells: &pieces[cells],
            width,
            spaces: &pieces[spaces],
            spaces_width,
        })
        .collect();

    for (n, row) in wrap_first_fit(&words, &[first as f64, rest as f64]).into_iter().enumerate() {
        let mut drawn = Row { texts: &texts, styles: &styles, spans: Vec::new(), end: None };
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
    /// Where the last span's text ends in the line: (span, byte).
    end: Option<(usize, usize)>,
}

impl Row<'_> {
    /// Adds cells. Text that runs on in one of the line's spans stays one
    /// span; text from different spans stays apart, as the buffer would
    /// find its graphemes span by span.
    fn push(&mut self, cells: &[Cell]) {
        for cell in cells {
            let text = &self.texts[cell.span][cell.start..cell.end];
            match self.spans.last_mut() {
                Some(last) if self.end == Some((cell.span, cell.start)) => last.content.to_mut().push_str(text),
                _ => self.spans.push(Span::styled(text.to_string(), self.styles[cell.span])),
            }
            self.end = Some((cell.span, cell.end));
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
    /// The graphemes the terminal would show of `text`'s lines, without
    /// spaces.
    fn shown(text: &str) -> Vec<String> {
        let mut shown = Vec::new();
        for line in text.lines() {
            let line: String = line.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
            let graphemes =
                Span::raw(line).styled_graphemes(Style::default()).map(|g| g.symbol.to_string()).collect::<Vec<_>>();
            shown.extend(
                graphemes.into_iter().filter(|g| g != " " && !g.contains(char::is_control) && g.cell_width() > 0),
            );
        }
        shown
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
        if shown(text).iter().any(|g| g.cell_width() > width) {
            // A character wider than the row cannot be drawn at all.
            return;
        }
        let measured = height(text, width);
        let area = Rect::new(0, 0, width, measured + 4);
        let mut buf = Buffer::empty(area);
        paragraph(text, width).render(area, &mut buf);
        let row = |y: u16| (0..width).map(|x| buf[(x, y)].symbol().to_string()).collect::<Vec<_>>();
        let used = (0..area.height).rev().find(|&y| row(y).iter().any(|s| s != " ")).map_or(0, |y| y + 1);
        // A last line of nothing visible takes a row and shows nothing.
        if text.lines().next_back().is_none_or(|l| shown(l).is_empty()) {
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

    /// Pieces of text that are hard to measure: wide characters, emoji
    /// sequences, flags and keycaps, accents that join the letter (or the
    /// space) before them, a mark that joins what follows it, an Indic
    /// conjunct, halfwidth kana with their sound marks.
    const PIECES: [&str; 22] = [
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
        "\u{301}",
        "\u{600}",
        "\u{915}\u{94d}\u{937}",
        "🇬🇧",
        "1\u{fe0f}\u{20e3}",
        "ｶﾞｲﾄﾞ",
        "\u{200b}",
        "—",
        ".",
        "\u{7}",
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
