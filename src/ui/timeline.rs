//! The plan on its months: one row per action, a bar from start to end
//! month, the first step marked in the first month, quick wins and
//! long-term work told apart at a glance.

use ratatui::text::{Line, Span};

use crate::domain::session::Action;

use super::theme::Theme;
use super::truncate;

/// How an action sits in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span18 {
    /// Ends within six months.
    QuickWin,
    /// Runs past month twelve.
    LongTerm,
    Middle,
    /// Months not set yet.
    Unplaced,
    /// Ends before it starts (from a file written by hand or an older
    /// version): not drawn until the months are put right.
    Reversed,
}

pub fn classify(a: &Action) -> Span18 {
    if a.ends_before_it_starts() {
        return Span18::Reversed;
    }
    match a.span() {
        Some((_, end)) if end <= 6 => Span18::QuickWin,
        Some((_, end)) if end > 12 => Span18::LongTerm,
        Some(_) => Span18::Middle,
        None => Span18::Unplaced,
    }
}

fn tag(kind: Span18) -> &'static str {
    match kind {
        Span18::QuickWin => "quick win",
        Span18::LongTerm => "long term",
        Span18::Middle => "",
        Span18::Unplaced => "no months",
        Span18::Reversed => "reversed",
    }
}

pub struct Timeline<'a> {
    pub actions: &'a [Action],
    pub horizon: u8,
    pub theme: Theme,
    /// The row to highlight.
    pub selected: Option<usize>,
}

impl Timeline<'_> {
    /// The chart as rows `width` columns wide: the months, a row per
    /// action, and the legend (wrapped by the pane that shows it).
    pub fn lines(&self, width: u16) -> Vec<Line<'static>> {
        const TAG: u16 = 10;
        let theme = self.theme;
        let months = u16::from(self.horizon) + 1;
        // Three columns a month where there is room, else two, else one.
        let cell = [3u16, 2, 1].into_iter().find(|c| c * months + TAG + 16 <= width).unwrap_or(1);
        let label_w = width.saturating_sub(cell * months + TAG + 1);
        let mut lines = Vec::new();

        // Month numbers: every month at three columns, every third otherwise.
        let mut header = format!("{:w$}", "month", w = usize::from(label_w));
        for m in 0..months {
            let show = cell >= 3 || m % 3 == 0;
            let text = if show { format!("{m:<w$}", w = usize::from(cell)) } else { " ".repeat(usize::from(cell)) };
            header.push_str(&text);
        }
        lines.push(Line::from(Span::styled(header.trim_end().to_string(), theme.muted())));

        for (i, a) in self.actions.iter().enumerate() {
            let kind = classify(a);
            let title = if a.title.is_empty() { "(untitled)" } else { a.title.as_str() };
            let label = truncate(&format!("{}. {title}", i + 1), usize::from(label_w.saturating_sub(1)));
            let label_style = if self.selected == Some(i) { theme.selected() } else { theme.text() };
            let mut spans = vec![Span::styled(format!("{label:<w$}", w = usize::from(label_w)), label_style)];
            let bar_style = match kind {
                Span18::QuickWin => theme.info(),
                Span18::LongTerm => theme.heading(),
                Span18::Reversed => theme.warning(),
                _ => theme.key(),
            };
            for m in 0..months {
                let m = m as u8;
                let inside = a.span().is_some_and(|(start, end)| (start..=end).contains(&m));
                let first_step = m == 0 && !a.first_step.trim().is_empty();
                let (fill, style) = match (first_step, inside) {
                    (true, _) => ("◆", theme.warning()),
                    (false, true) => ("█", bar_style),
                    (false, false) => ("·", theme.border()),
                };
                // The marker takes one column; the bar fills the rest of the cell.
                let rest = if inside { "█" } else { " " };
                let text = format!("{fill}{}", rest.repeat(usize::from(cell - 1)));
                spans.push(Span::styled(text, style));
            }
            let tag = tag(kind);
            if !tag.is_empty() {
                spans.push(Span::styled(format!(" {tag}"), bar_style));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("◆", theme.warning()),
            Span::styled(" first step (30 days)  ", theme.muted()),
            Span::styled("█", theme.info()),
            Span::styled(" quick win (by month 6)  ", theme.muted()),
            Span::styled("█", theme.heading()),
            Span::styled(" long term (past month 12)", theme.muted()),
        ]));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(start: Option<u8>, end: Option<u8>) -> Action {
        Action { start_month: start, end_month: end, ..Action::default() }
    }

    #[test]
    fn an_action_that_ends_before_it_starts_is_no_quick_win() {
        assert_eq!(classify(&months(Some(15), Some(3))), Span18::Reversed);
        assert_eq!(classify(&months(Some(3), Some(15))), Span18::LongTerm);
        assert_eq!(classify(&months(Some(0), Some(6))), Span18::QuickWin);
        assert_eq!(classify(&months(Some(7), Some(12))), Span18::Middle);
        assert_eq!(classify(&months(Some(3), None)), Span18::Unplaced);
    }
}
