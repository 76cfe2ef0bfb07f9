//! The home screen: start a new session or resume a recent one.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::app::Screen;
use crate::clock;
use crate::keys::Context;
use crate::message::Message;

use super::truncate;

pub fn render(screen: &Screen<'_>, header: Rect, body: Rect, buf: &mut Buffer) {
    let theme = screen.theme;
    Line::from(vec![
        Span::styled(" Roundtable", theme.title()),
        Span::styled("  partnership workshops for councils and their third sector", theme.muted()),
    ])
    .render(header, buf);

    let block = Block::new().borders(Borders::ALL).border_style(theme.border()).title(" Sessions ");
    let inner = block.inner(body);
    block.render(body, buf);
    let [list_area, about] = Layout::vertical([Constraint::Fill(1), Constraint::Length(3)]).areas(inner);

    let width = usize::from(list_area.width);
    let mut lines = Vec::new();
    let new_style = if screen.home.selected == 0 { theme.selected() } else { theme.heading() };
    lines.push(Line::from(Span::styled(format!("{:<width$}", " + Start a new session"), new_style)));
    // Scroll so the selection stays visible.
    let visible = usize::from(list_area.height).saturating_sub(1) / 2;
    let first = screen.home.selected.saturating_sub(visible.max(1));
    for (i, entry) in screen.home.entries.iter().enumerate().skip(first) {
        let selected = screen.home.selected == i + 1;
        let when = entry
            .modified
            .duration_since(std::time::UNIX_EPOCH)
            .map_or_else(|_| String::new(), |d| clock::date_time(d.as_secs(), &screen.work.zone));
        let (title, summary) = match &entry.summary {
            Ok((title, summary)) => (title.clone(), summary.clone()),
            Err(problem) => (
                entry.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                format!("cannot be opened: {problem}"),
            ),
        };
        let first_line = truncate(&format!(" {title}  ({when})"), width);
        let style = if selected { theme.selected() } else { theme.text() };
        lines.push(Line::from(Span::styled(format!("{first_line:<width$}"), style)));
        let detail_style = if entry.summary.is_err() { theme.warning() } else { theme.muted() };
        lines.push(Line::from(Span::styled(truncate(&format!("     {summary}"), width), detail_style)));
    }
    if screen.home.entries.is_empty() {
        lines.push(Line::raw(""));
        let offer = super::KeyNames::of(screen).offer(Context::Home, &[(Message::NewSession, "start one")]);
        let text = format!(" No saved sessions yet. {}", offer.unwrap_or_default());
        lines.push(Line::from(Span::styled(text, theme.muted())));
    }
    Paragraph::new(lines).render(list_area, buf);

    let saved_in = crate::store::paths::sessions_dir(&screen.work.data_dir);
    let about = Rect { x: about.x + 1, width: about.width.saturating_sub(1), ..about };
    let lines = vec![
        Line::from(Span::styled(
            "Steps a team through barriers, solutions and five practical actions for the next 18 months.",
            theme.muted(),
        )),
        Line::from(Span::styled(format!("Sessions are saved in {}", saved_in.display()), theme.muted())),
    ];
    super::wrap::paragraph(lines, about.width).render(about, buf);
}
