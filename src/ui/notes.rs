//! The facilitator's notes screen: speaker notes, the timer, and what each
//! group has written, read-only.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::app::notes::NotesApp;
use crate::domain::room;
use crate::domain::scenario::StageKind;

use super::{MIN_HEIGHT, MIN_WIDTH, truncate};

impl Widget for &NotesApp {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            Paragraph::new(format!("Terminal too small: {}x{}.", area.width, area.height))
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        }
        let [header, body, footer] =
            Layout::vertical([Constraint::Length(2), Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        Line::from(vec![
            Span::styled(" Speaker notes", theme.title()),
            Span::styled(format!("  read-only, following {}", self.path.display()), theme.muted()),
        ])
        .render(header, buf);
        let footer_text = match &self.problem {
            Some(p) => Span::styled(format!(" Last read failed (showing the last good state): {p}"), theme.warning()),
            None => Span::styled(" q quits. This screen changes nothing.", theme.muted()),
        };
        Line::from(footer_text).render(footer, buf);

        let Some(session) = &self.session else {
            Paragraph::new("Waiting for a readable session file…").style(theme.muted()).render(body, buf);
            return;
        };
        let Some(stage) = session.scenario.stage(session.stage) else { return };
        let now = self.now();
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).spacing(1).areas(body);

        let mut lines = vec![Line::from(vec![Span::styled(
            format!("Stage {} of {}: {}", session.stage + 1, session.scenario.stages.len(), stage.title),
            theme.heading(),
        )])];
        if let Some(timer) = session.timer() {
            let state = if timer.is_up(now) {
                "time is up"
            } else if timer.is_running() {
                "running"
            } else {
                "paused"
            };
            let style = if timer.is_up(now) { theme.error() } else { theme.key() };
            lines.push(Line::from(Span::styled(
                format!("⏱ {} ({state})", room::clock_face(timer.remaining(now))),
                style,
            )));
        }
        lines.push(Line::raw(""));
        if stage.kind == StageKind::Briefing
            && let Some(slide) = session.scenario.slides.get(session.slide)
        {
            lines.push(Line::from(Span::styled(
                format!("Slide {} of {}: {}", session.slide + 1, session.scenario.slides.len(), slide.title),
                theme.key(),
            )));
            lines.push(Line::raw(if slide.notes.is_empty() {
                "(no notes for this slide)".into()
            } else {
                slide.notes.clone()
            }));
        } else {
            lines.push(Line::from(vec![Span::styled("Ask: ", theme.key()), Span::raw(stage.prompt.clone())]));
            if !stage.hint.is_empty() {
                lines.push(Line::raw(""));
                lines.push(Line::from(vec![
                    Span::styled("If a group is stuck: ", theme.key()),
                    Span::raw(stage.hint.clone()),
                ]));
            }
        }
        if let Some(inject) = session.injects.last() {
            lines.push(Line::raw(""));
            lines.push(Line::from(Span::styled(
                format!("Last inject: {} (month {})", inject.title, inject.month),
                theme.warning(),
            )));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::new().borders(Borders::RIGHT).border_style(theme.border()))
            .render(left, buf);

        let width = usize::from(right.width);
        let rules = session.scenario.rules;
        let mut lines = Vec::new();
        for group in &session.groups {
            lines.push(Line::from(Span::styled(
                format!(
                    "{}: {}, {}, {} of {}",
                    group.name,
                    crate::domain::plural(group.barriers.len(), "barrier"),
                    crate::domain::plural(group.solutions.len(), "solution"),
                    group.actions.len(),
                    crate::domain::plural(usize::from(rules.actions), "action")
                ),
                theme.heading(),
            )));
            for b in group.barriers.iter().take(3) {
                lines.push(Line::raw(truncate(&format!("  barrier: {}", b.text), width)));
            }
            for a in &group.actions {
                lines.push(Line::raw(truncate(&format!("  action: {}", a.title), width)));
            }
            lines.push(Line::raw(""));
        }
        Paragraph::new(lines).render(right, buf);
    }
}
