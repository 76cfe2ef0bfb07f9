//! Drawing. Every screen renders from `&Screen<'_>` and never changes it.
//!
//! The frame is: a header (session and group), the stage bar, the body of
//! the current stage, a message line and a key-hint bar generated from the
//! same key tables that drive the screen. Overlays (help, the card decks, a
//! delete confirmation) and forms draw on top.
//!
//! The presenter console ([`notes`], `roundtable notes FILE`) is a screen
//! like the others, with the console's role: it lays out its own parts,
//! previews the projector through [`projector::render_at`], and shares the
//! help overlay and hint bar.
//!
//! Text is wrapped by [`wrap`] alone, and what it measures is what is
//! drawn: a layout sized from wrapped text draws those same rows.

pub mod afternoon;
pub mod debrief;
pub mod form;
pub mod home;
pub mod notes;
pub mod overlays;
pub mod projector;
pub mod qr;
pub mod ratings;
pub mod report;
pub mod scroll;
pub mod stages;
pub use crate::theme;
pub mod timeline;
pub mod wrap;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, StatefulWidget, Widget};

use crate::app::{App, Level, Measured, Overlay, Screen};
use crate::keys::{Context, Keymap, Seat};
use crate::message::Message;
use theme::Theme;

/// Below this the screen says so instead of drawing a broken layout.
pub use crate::app::{MIN_HEIGHT, MIN_WIDTH};

/// The app draws the screen of the terminal it runs in.
impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Widget::render(&self.view(), area, buf);
    }
}

/// Drawing a screen returns what it measured (how far each scrolling text
/// can go, where a click lands), for the update path to read.
impl StatefulWidget for &Screen<'_> {
    type State = Measured;

    fn render(self, area: Rect, buf: &mut Buffer, measured: &mut Measured) {
        Widget::render(self, area, buf);
        *measured = measure(self);
    }
}

/// What a screen's drawing measures, for the screen as it is now: only
/// what the keys that screen takes now can use (under a form, the form's
/// text; under an overlay, the overlay's; else the stage's).
pub fn measure(screen: &Screen<'_>) -> Measured {
    let mut measured = Measured { fresh: true, ..Measured::default() };
    let size = screen.screen_size;
    if screen.role == crate::app::Role::Console {
        measured.console_scroll = size.map(|(w, h)| notes::scroll_limit(screen, w, h));
        measured.console_page = size.map(|(w, h)| notes::page_rows(screen, w, h));
        if screen.overlay == Some(Overlay::Help) {
            (measured.help_scroll, measured.help_page) = overlays::help_scroll(screen).unzip();
        }
        return measured;
    }
    match (&screen.overlay, &screen.form) {
        (Some(Overlay::Help), _) => (measured.help_scroll, measured.help_page) = overlays::help_scroll(screen).unzip(),
        (Some(Overlay::Ideas { selected, .. }), _) => {
            measured.ideas_scroll = overlays::ideas_scroll_limit(screen, *selected);
        }
        (Some(_), _) => {}
        (None, Some(form)) => {
            let about = form_about(screen, form);
            measured.form_help_scroll = size.map(|size| {
                let keys = KeyNames::new(&screen.keys, screen.seat());
                form::help_scroll_limit(form, about.as_deref(), keys, screen.theme, size)
            });
        }
        (None, None) => {
            measured.stage_scroll = stages::scroll_limit(screen);
            if screen.mouse && !screen.projector {
                (measured.tabs, measured.list) = stages::clicks(screen);
            }
        }
    }
    measured
}

impl Widget for &Screen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            render_too_small(area, buf);
            return;
        }
        if self.role == crate::app::Role::Console {
            notes::render(self, area, buf);
            if let Some(Overlay::Help) = self.overlay {
                overlays::render_help(self, area, buf);
            }
            return;
        }
        if self.projector
            && let Some(open) = &self.work.open
        {
            // The room reads the projector: never the keys or the help.
            projector::render(self, open, area, buf);
            return;
        }
        let [header, body, message, hints] = frame_areas(self, area);
        match &self.work.open {
            None => home::render(self, header, body, buf),
            Some(open) => stages::render(self, open, header, body, buf),
        }
        render_message(self, message, buf);
        render_hints(self, hints, buf);
        if let Some(form) = &self.form {
            let about = form_about(self, form);
            form::render(form, about.as_deref(), &self.keys, self.seat(), self.theme, area, buf);
        }
        match self.overlay {
            Some(Overlay::Help) => overlays::render_help(self, area, buf),
            Some(Overlay::ConfirmDelete(target)) => overlays::render_confirm(self, target, area, buf),
            Some(Overlay::ConfirmExport { existing }) => overlays::render_confirm_export(self, existing, area, buf),
            Some(Overlay::ConfirmQuit { tables, phones, .. }) => {
                overlays::render_confirm_quit(self, tables, phones, area, buf);
            }
            Some(Overlay::Deck { selected }) => overlays::render_deck(self, selected, area, buf),
            Some(Overlay::Stance { selected }) => overlays::render_stance(self, selected, area, buf),
            Some(Overlay::Similar { selected }) => overlays::render_similar(self, selected, area, buf),
            Some(Overlay::Ideas { selected, pick, scroll }) => {
                overlays::render_ideas(self, selected, pick, scroll, area, buf);
            }
            Some(Overlay::PickAgain { pick, selected }) => overlays::render_pick_again(self, pick, selected, area, buf),
            Some(Overlay::Injects { selected }) => overlays::render_injects(self, selected, area, buf),
            Some(Overlay::Groups { selected }) => overlays::render_groups(self, selected, area, buf),
            Some(Overlay::FollowUp { selected }) => overlays::render_follow_up(self, selected, area, buf),
            Some(Overlay::SaveFailed) => overlays::render_save_failed(self, area, buf),
            Some(Overlay::Afternoon { tables, selected }) => afternoon::render(self, tables, selected, area, buf),
            None => {}
        }
    }
}

/// What a form answers, repeated in it: the news's question, under the
/// answer to it.
fn form_about(screen: &Screen<'_>, form: &crate::forms::Form) -> Option<String> {
    let crate::forms::Target::InjectResponse(index) = form.target else { return None };
    let inject = screen.session()?.injects.get(index)?;
    Some(format!("The news asks: {}", inject.question))
}

fn render_too_small(area: Rect, buf: &mut Buffer) {
    let text = format!(
        "Terminal too small: {}x{}. Roundtable needs at least {MIN_WIDTH}x{MIN_HEIGHT}. Enlarge the window or reduce the font size.",
        area.width, area.height
    );
    wrap::paragraph(text, area.width).render(area, buf);
}

/// The header, the stage's body, the message line and the hint bar.
pub fn frame_areas(screen: &Screen<'_>, area: Rect) -> [Rect; 4] {
    // A room of several groups gets a row showing each group's progress.
    let header_rows = if screen.session().is_some_and(|s| s.groups.len() > 1) { 3 } else { 2 };
    // A message too long for one row (a path, say) takes two, from the
    // body, so that it is read whole and the body's frame stays whole.
    let message_rows = match &screen.message {
        Some(message) if wrap::strings(&message.text, usize::from(area.width.saturating_sub(2))).len() > 1 => 2,
        _ => 1,
    };
    Layout::vertical([
        Constraint::Length(header_rows),
        Constraint::Fill(1),
        Constraint::Length(message_rows),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// The message line (two rows for a long message).
fn render_message(screen: &Screen<'_>, area: Rect, buf: &mut Buffer) {
    let Some(message) = &screen.message else { return };
    let style = match message.level {
        Level::Info => screen.theme.info(),
        Level::Warning => screen.theme.warning(),
        Level::Error => screen.theme.error(),
    };
    let rows = wrap::strings(&message.text, usize::from(area.width.saturating_sub(2)));
    ratatui::widgets::Clear.render(area, buf);
    let lines: Vec<Line> = rows.into_iter().map(|row| Line::from(Span::styled(format!(" {row}"), style))).collect();
    let overflow = lines.len() > usize::from(area.height);
    Paragraph::new(lines).render(area, buf);
    if overflow {
        // Even two rows cannot hold it: say that it goes on.
        let end = Rect { x: area.right().saturating_sub(1), y: area.bottom() - 1, width: 1, height: 1 };
        Line::from(Span::styled("…", style)).render(end, buf);
    }
}

/// Names keys in a screen's own text from the keys that screen answers
/// to, so that text and keys never disagree, and text never offers a key
/// the screen does not have.
#[derive(Debug, Clone, Copy)]
pub struct KeyNames<'a> {
    keys: &'a Keymap,
    seat: Seat,
}

impl<'a> KeyNames<'a> {
    pub fn of(screen: &'a Screen<'_>) -> Self {
        KeyNames::new(&screen.state.keys, screen.seat())
    }

    pub fn new(keys: &'a Keymap, seat: Seat) -> Self {
        KeyNames { keys, seat }
    }

    /// Whose screen the keys are for.
    pub fn seat(self) -> Seat {
        self.seat
    }

    /// The first key for `action` in `context`, if this screen has one.
    pub fn get(self, context: Context, action: Message) -> Option<String> {
        self.keys.key_for(context, self.seat, action)
    }

    /// "Press a to add one, or d to pick a card." from the choices this
    /// screen has; `None` where it has none of them.
    pub fn offer(self, context: Context, choices: &[(Message, &str)]) -> Option<String> {
        let parts: Vec<String> = choices
            .iter()
            .filter_map(|(action, what)| self.get(context, *action).map(|key| format!("{key} to {what}")))
            .collect();
        // Each choice is a clause of its own: a comma before each "or".
        (!parts.is_empty()).then(|| format!("Press {}.", parts.join(", or ")))
    }

    /// "a adds · r renames" pieces for the choices this screen has.
    pub fn pieces(self, context: Context, choices: &[(Message, &str)]) -> Vec<String> {
        choices
            .iter()
            .filter_map(|(action, what)| self.get(context, *action).map(|key| format!("{key} {what}")))
            .collect()
    }
}

/// The hint bar: as many of the context's hints as fit, and always the way
/// to the full help.
pub fn render_hints(screen: &Screen<'_>, area: Rect, buf: &mut Buffer) {
    let mut rows = screen.keys.hint_rows(screen.context(), screen.seat());
    // Reading on in the news is offered while there is more of it to read.
    if screen.context() == Context::Actions
        && !stages::news_overflows(screen)
        && let Some(key) = screen.keys.key_for(Context::Actions, screen.seat(), Message::ReadNews)
    {
        rows.retain(|(keys, _)| *keys != key);
    }
    render_hint_rows(rows, screen.theme, area, buf);
}

/// A hint bar from (keys, label) rows: as many as fit, and the "help" row
/// always, last.
pub fn render_hint_rows(rows: Vec<(String, &str)>, theme: Theme, area: Rect, buf: &mut Buffer) {
    let piece = |keys: &str, label: &str| keys.chars().count() + label.chars().count() + 3;
    let help = rows.iter().find(|(_, label)| *label == "help").cloned();
    let reserved = help.as_ref().map_or(0, |(k, l)| piece(k, l));
    let mut spans: Vec<Span> = vec![Span::raw(" ")];
    let mut width = 1 + reserved;
    for (keys, label) in rows.into_iter().filter(|(_, label)| *label != "help") {
        // A label's aside in brackets gives way before the key does.
        let label = if width + piece(&keys, label) > usize::from(area.width) { short_label(label) } else { label };
        if width + piece(&keys, label) > usize::from(area.width) {
            break;
        }
        width += piece(&keys, label);
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::styled(format!(" {label}  "), theme.muted()));
    }
    if let Some((keys, label)) = help {
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::styled(format!(" {label}"), theme.muted()));
    }
    Line::from(spans).render(area, buf);
}

/// A key's label without its aside in brackets ("cancel (nothing is
/// fired)" is "cancel"), for a row too narrow for the whole.
pub fn short_label(label: &str) -> &str {
    label.split_once(" (").map_or(label, |(short, _)| short)
}

/// A rectangle of at most `width` x `height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Draws a short paragraph in the muted style, wrapped to `area`.
pub fn render_muted(text: &str, theme: Theme, area: Rect, buf: &mut Buffer) {
    wrap::paragraph(text, area.width).style(theme.muted()).render(area, buf);
}

/// `text`, shortened with an ellipsis to fit `width` columns. It is cut
/// between whole characters as the terminal shows them (an accented letter
/// or a family emoji is never split), and a wide character that would
/// straddle the edge goes whole.
pub fn truncate(text: &str, width: usize) -> String {
    use unicode_truncate::UnicodeTruncateStr;
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    // One column is kept for the ellipsis.
    let (kept, _) = text.unicode_truncate(width - 1);
    format!("{kept}…")
}

/// Long lines are hard to read from the back of a room: text-heavy screens
/// keep to this width, centred, on a wide terminal.
pub const READABLE_WIDTH: u16 = 120;

pub fn readable(area: Rect) -> Rect {
    if area.width <= READABLE_WIDTH {
        return area;
    }
    Rect { x: area.x + (area.width - READABLE_WIDTH) / 2, width: READABLE_WIDTH, ..area }
}

#[cfg(test)]
mod tests {
    use super::truncate;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn truncated_text_never_exceeds_its_width_even_with_wide_characters() {
        let texts = [
            "Wexcombe Borough Council",
            "地方自治体と市民社会のパートナーシップ",
            "Trust 🤝 between partners 👨‍👩‍👧 and the council 🏛️",
            "Cafe\u{301} de la Paix, re\u{301}sume\u{301}",
            "한국어 텍스트와 English mixed 混合",
        ];
        for text in texts {
            for width in 0..=text.width() + 2 {
                let cut = truncate(text, width);
                assert!(cut.width() <= width, "{text:?} at {width}: {cut:?} is {} wide", cut.width());
                if text.width() <= width {
                    assert_eq!(cut, text);
                } else if width > 0 {
                    assert!(cut.ends_with('…') && text.starts_with(cut.trim_end_matches('…')), "{cut:?}");
                    // Nothing is cut short needlessly: at most the one
                    // column a wide character could not fill is left.
                    assert!(cut.width() + 1 >= width, "{text:?} at {width}: {cut:?}");
                }
            }
        }
        assert_eq!(truncate("地方自治体", 6), "地方…");
        assert_eq!(truncate("地方自治体", 5), "地方…");
        assert_eq!(truncate("👨‍👩‍👧 family", 2), "…", "the family emoji is one character, kept whole or not at all");
        assert_eq!(truncate("Cafe\u{301}s!", 5), "Cafe\u{301}…", "the accent stays on its letter");
    }
}
