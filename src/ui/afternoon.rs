//! The afternoon's plan and the table tracker: an overlay on the
//! facilitator's screen, and panes of the presenter console. Never on the
//! projector.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::afternoon::{TableRow, TableScreen};
use crate::app::{Link, Screen};
use crate::clock::{self, TimeZone};
use crate::domain::room;
use crate::domain::session::Session;
use crate::keys;
use crate::message::Message;

use super::theme::Theme;
use super::{KeyNames, centered, overlays, scroll, truncate, wrap};

/// "14:05", or "0:25" into the afternoon before it has started.
fn at(session: &Session, minutes_in: u32, zone: &TimeZone) -> String {
    match session.room_time.started_at {
        Some(start) => clock::time_of_day(start + u64::from(minutes_in) * 60, zone),
        None => format!("{}:{:02}", minutes_in / 60, minutes_in % 60),
    }
}

/// The one-line summary: how far ahead or behind the room is, and when it
/// will finish; or how to start the count.
pub fn summary(session: &Session, now: u64, zone: &TimeZone) -> String {
    if let Some(ends) = session.break_ends() {
        let back = clock::time_of_day(ends, zone);
        let tail = session.progress(now).map_or_else(String::new, |p| format!(" · {}", p.summary()));
        return format!("On a break until {back}{tail}");
    }
    match session.progress(now) {
        Some(p) => format!(
            "{} · planned finish {} · expected {}",
            capitalised(&p.summary()),
            clock::time_of_day(p.planned_finish, zone),
            clock::time_of_day(p.expected_finish, zone)
        ),
        None => format!(
            "Planned: {} minutes, breaks included. The count starts when the room's clock first runs.",
            session.agenda().total_minutes()
        ),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + chars.as_str())
}

/// The plan: each stage and break with its planned start and minutes, the
/// time each stage before the room's took, and the room's stage marked.
pub fn plan_lines(session: &Session, now: u64, zone: &TimeZone, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(summary(session, now, zone), theme.heading())), Line::raw("")];
    let room_stage = session.plan_stage();
    let agenda = session.agenda();
    let break_under_way = agenda.break_after(room_stage).filter(|_| session.on_break());
    for slot in &agenda.slots {
        let here = slot.stage == Some(room_stage) && !session.on_break() || break_under_way == Some(slot);
        let marker = if here { "▸" } else { " " };
        let name = match slot.stage {
            Some(i) => format!("{}. {}", i + 1, slot.title),
            None => format!("   {}", slot.title),
        };
        let took = match slot.stage {
            Some(i) if i < room_stage => {
                let timed = session.stage_time.get(i).zip(session.timers.get(i)).map_or(0, |(t, timer)| {
                    match t.timed_secs(timer) {
                        0 => t.open_secs,
                        timed => timed,
                    }
                });
                format!("took {} min", room::minutes(timed))
            }
            Some(i) if i == room_stage && !session.on_break() => session
                .timers
                .get(i)
                .filter(|t| t.elapsed(now) > 0)
                .map_or_else(|| "now".to_string(), |t| format!("now · {} left", room::clock_face(t.remaining(now)))),
            _ => String::new(),
        };
        let style = if here {
            theme.heading()
        } else if slot.is_break() {
            theme.muted()
        } else {
            theme.text()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker} {:>5}  ", at(session, slot.starts, zone)), theme.key()),
            // Long titles are cut, so that the minutes line up.
            Span::styled(format!("{:<30} {:>3} min  ", truncate(&name, 30), slot.minutes), style),
            Span::styled(took, theme.muted()),
        ]));
    }
    lines
}

/// Where a screen is, as the tracker says it.
fn screen_text(screen: &TableScreen, session: &Session, zone: &TimeZone) -> String {
    let stage = |s: usize| {
        if s == session.stage { format!("stage {} (the room's)", s + 1) } else { format!("stage {}", s + 1) }
    };
    match screen {
        TableScreen::Ssh { from, stage: s } => format!("SSH from {from}: {}", stage(*s)),
        TableScreen::Laptop { stage: s, saved_at } => {
            format!("laptop, saved {}: {}", clock::time_of_day(*saved_at, zone), stage(*s))
        }
    }
}

/// Where a group's screens are: "SSH from 10.0.0.4: stage 6 (the room's)".
pub fn screens_text(row: &TableRow, session: &Session, zone: &TimeZone) -> String {
    if row.typed_here {
        return "typed on the room's screen: its laptop failed".to_string();
    }
    let mut screens: Vec<String> = row.screens.iter().map(|s| screen_text(s, session, zone)).collect();
    if row.phones > 0 {
        let people = if row.phones == 1 { "person" } else { "people" };
        screens.push(format!("{} {people} on phones", row.phones));
    }
    if screens.is_empty() { "no screen of its own".to_string() } else { screens.join(" · ") }
}

/// "news 1 of 2 answered ✓·", or that none has been fired.
pub fn news_text(row: &TableRow) -> String {
    if row.answered.is_empty() {
        return "no news fired".to_string();
    }
    let answered = row.answered.iter().filter(|a| **a).count();
    let marks: String = row.answered.iter().map(|a| if *a { '✓' } else { '○' }).collect();
    format!("news {answered} of {} answered {marks}", row.answered.len())
}

/// The tracker: two lines a group (its progress, then its screens).
pub fn tracker_lines(rows: &[TableRow], session: &Session, zone: &TimeZone, theme: Theme) -> Vec<Line<'static>> {
    let actions = usize::from(session.scenario.rules.actions);
    rows.iter()
        .flat_map(|row| {
            let news = news_text(row);
            let first = Line::from(vec![
                Span::styled(row.name.clone(), theme.heading()),
                Span::raw(format!(
                    " · actions {} of {actions} complete, {} written · {news} · dots {} of {}",
                    row.actions_complete, row.actions, row.dots_given, row.dots_allowed
                )),
            ]);
            let mut second = vec![Span::styled(format!("  {}", screens_text(row, session, zone)), theme.muted())];
            if let Some(w) = &row.warning {
                second.push(Span::styled(format!("  ⚠ file {w}"), theme.warning()));
            }
            [first, Line::from(second)]
        })
        .collect()
}

/// The overlay: the plan, or (with `tables`) the tracker.
pub fn render(screen: &Screen<'_>, tables: bool, selected: usize, whole: Rect, buf: &mut Buffer) {
    let Some(open) = &screen.work.open else { return };
    let session = &open.session;
    let theme = screen.theme;
    let zone = &screen.work.zone;
    let now = screen.now();
    // Clear of the bottom rows, where a warning (taking over a laptop
    // still in use) and the keys are read.
    let area = Rect { height: whole.height.saturating_sub(3), ..whole };
    let area = centered(area, area.width.saturating_sub(4).min(110), area.height.saturating_sub(1));
    let title = if tables { "The tables" } else { "The afternoon's plan" };
    let inner = overlays::panel(screen, title, area, buf);
    let names = KeyNames::of(screen);
    let mut choices = vec![(Message::NextPage, if tables { "the plan" } else { "the tables" })];
    choices.push((Message::ToggleBreak, if session.on_break() { "ends the break" } else { "starts the break" }));
    if tables && matches!(open.link, Link::Room(_)) {
        let typed = session.groups.get(selected).is_some_and(|g| session.typed_here.contains(&g.id));
        choices.push((Message::TakeOver, if typed { "hands the group back" } else { "types for the group" }));
    }
    choices.push((Message::Back, "closes"));
    let hint = names.pieces(keys::Context::Afternoon, &choices).join(" · ");
    let hint = wrap::text(&hint, inner.width);
    let [body, foot] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(hint.len().min(3) as u16)]).areas(inner);
    let (lines, focus) = if tables {
        let rows = screen.work.tracker();
        let mut lines = tracker_lines(&rows, session, zone, theme);
        // The selected group's first line is marked.
        if let Some(line) = lines.get_mut(selected * 2) {
            line.spans.insert(0, Span::styled("▸ ", theme.key()));
        }
        (lines, selected * 2)
    } else {
        let lines = plan_lines(session, now, zone, theme);
        let room_stage = session.plan_stage();
        let focus = session.agenda().slots.iter().position(|s| s.stage == Some(room_stage)).map_or(0, |i| i + 2);
        (lines, focus)
    };
    // Where the focus falls once the lines before it are wrapped.
    let focus = wrap::lines(lines[..focus.min(lines.len())].to_vec(), body.width).len();
    let lines = wrap::lines(lines, body.width);
    let offset = scroll::revealing(0, lines.len(), usize::from(body.height), focus, focus + 2);
    scroll::render(&lines, offset, theme, body, buf);
    Line::default().render(foot, buf);
    for (row, line) in hint.into_iter().take(usize::from(foot.height)).enumerate() {
        let rect = Rect { y: foot.y + row as u16, height: 1, ..foot };
        Line::from(Span::styled(line.to_string(), theme.muted())).render(rect, buf);
    }
}
