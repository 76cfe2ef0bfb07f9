//! The debrief at the end of solo practice: the plan reviewed against the
//! scenario's sources and Roundtable's rules of thumb, then the practice
//! history and how this attempt compares with the one before.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::app::practice::compare;
use crate::app::{OpenSession, SessionView};
use crate::clock::{self, TimeZone};
use crate::domain::plural;
use crate::domain::review::{self, Tone};

use super::stages::{Audience, Pane, Panes};
use super::theme::Theme;
use crate::keys::Context;
use crate::message::Message;

/// The review, and beside or below it the practice history and the
/// comparison with the attempt before; both scroll with ↑/↓.
pub fn panes(
    open: &OpenSession,
    view: &SessionView,
    zone: &TimeZone,
    theme: Theme,
    audience: Audience<'_>,
    area: Rect,
) -> Panes {
    let (review_area, history_area) = if area.width >= 120 {
        let [a, b] = Layout::horizontal([Constraint::Percentage(60), Constraint::Fill(1)]).spacing(2).areas(area);
        (a, b)
    } else {
        let [a, b] = Layout::vertical([Constraint::Percentage(65), Constraint::Fill(1)]).areas(area);
        (a, b)
    };
    let frame = Block::new()
        .borders(if history_area.x > review_area.x { Borders::LEFT } else { Borders::TOP })
        .border_style(theme.border())
        .title(Span::styled(" Practice history ", theme.heading()));
    Panes {
        header: None,
        panes: vec![
            Pane::new(review_area, None, review_lines(open, view, theme, audience)),
            Pane::new(history_area, Some(frame), history_lines(view, zone, theme)),
        ],
    }
}

fn review_lines(open: &OpenSession, view: &SessionView, theme: Theme, audience: Audience<'_>) -> Vec<Line<'static>> {
    let session = &open.session;
    let debrief = review::debrief(view.group(session), &session.scenario);
    let mut lines =
        vec![Line::from(Span::styled("Debrief: your plan against the sources and rules of thumb", theme.heading()))];
    for f in &debrief.findings {
        let (mark, style) = match f.tone {
            Tone::Strength => ("✓", theme.info()),
            Tone::Gap => ("!", theme.warning()),
            Tone::Note => ("·", theme.key()),
        };
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![Span::styled(format!("{mark} {}: ", f.topic), style), Span::raw(f.text.clone())]));
        lines.push(Line::from(Span::styled(format!("  {}", f.basis.label()), theme.muted())));
    }
    lines.push(Line::raw(""));
    let export = match audience {
        Audience::Facilitator(keys) => keys.get(Context::Close, Message::Export),
        Audience::Room => None,
    };
    let mut last = Vec::new();
    if let Some(key) = export {
        last.push(Span::styled(format!("{key} "), theme.key()));
        last.push(Span::raw("exports the reports; "));
    }
    last.push(Span::raw("start another attempt from the home screen to compare."));
    lines.push(Line::from(last));
    lines
}

fn history_lines(view: &SessionView, zone: &TimeZone, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let attempts = &view.history;
    for (i, a) in attempts.iter().enumerate() {
        let f = &a.figures;
        let this = if a.current { " ← this attempt" } else { "" };
        lines.push(Line::from(Span::styled(
            format!("{}. {}{this}", i + 1, clock::date(a.created, zone)),
            if a.current { theme.heading() } else { theme.text() },
        )));
        // Attempts are counted against what the exercise asked of them.
        let actions = if f.actions_asked > 0 {
            format!("{} of {} actions ({} complete)", f.actions, f.actions_asked, f.actions_complete)
        } else {
            plural(f.actions, "action")
        };
        lines.push(Line::raw(format!(
            "   {actions}, {}/{} tackled, {}/{}, key barrier {}",
            f.barriers_tackled,
            plural(f.barriers, "barrier"),
            f.areas_used,
            plural(f.areas_total, "area"),
            if f.key_tackled { "yes" } else { "no" }
        )));
    }
    let current = attempts.iter().position(|a| a.current);
    if let Some((previous, latest)) = current.and_then(|i| i.checked_sub(1)).map(|p| (&attempts[p], &attempts[p + 1])) {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled("Compared with the attempt before:", theme.key())));
        for sentence in compare(&previous.figures, &latest.figures) {
            lines.push(Line::raw(format!("  {sentence}")));
        }
    } else {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            "This is your first practice attempt: the next one will be compared with it.",
            theme.muted(),
        )));
    }
    lines
}
