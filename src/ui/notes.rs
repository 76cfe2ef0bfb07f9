//! The presenter console (`roundtable notes FILE`), read-only: what the
//! facilitator needs on the laptop while the projector shows the room.
//!
//! Two rows at the top always show the stage, the time of day and the
//! timer. Below them the console's parts (now and next, speaker notes, the
//! big clock, each group's progress, the injects fired, a preview of the
//! projector and the running order) are stacked in one column on a small
//! terminal and spread over two or three on a large one. Every column is
//! laid out by `console`, which both drawing and the scroll limit use, so
//! what is counted is what is drawn; a column longer than the screen
//! scrolls (one offset for all) and says what is hidden.
//!
//! The projector preview is the real projector view
//! ([`super::projector::render_at`]) drawn into a small off-screen buffer
//! and copied in row by row, so it scrolls like the text around it. The
//! session file does not carry the main screen's selection or page, so the
//! preview shows each stage from its top, and says so.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::app::Screen;
use crate::app::SessionView;
use crate::app::follow::GroupFileProblem;
use crate::clock;
use crate::domain::plan::{self, ActionProblem};
use crate::domain::plural;
use crate::domain::room;
use crate::domain::scenario::StageKind;
use crate::domain::session::{Action, Group, Session};
use crate::term::Letters;

use super::projector::big::{self, Scale};
use super::theme::Theme;
use super::{scroll, truncate, wrap};

/// The marks that start a point, an action or a warning in the console.
const BULLETS: [&str; 3] = ["· ", "▶ ", "⚠ "];

/// The preview's label: the session file holds the stage and the slide,
/// not what the main screen has selected or paged to.
pub const PREVIEW_LABEL: &str = "Projector (stage and slide as saved)";

/// How the console's parts are spread over the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrangement {
    OneColumn,
    TwoColumns,
    ThreeColumns,
}

impl Arrangement {
    pub fn for_size(width: u16, height: u16) -> Self {
        if width >= 150 && height >= 36 {
            Arrangement::ThreeColumns
        } else if width >= 110 {
            Arrangement::TwoColumns
        } else {
            Arrangement::OneColumn
        }
    }

    /// Each column's parts, top to bottom, and its share of the width.
    fn columns(self) -> Vec<(u16, Vec<Part>)> {
        use Part::{Clock, Groups, Injects, Notes, NowAndNext, Projector, RunningOrder};
        match self {
            Arrangement::OneColumn => {
                vec![(100, vec![NowAndNext, Notes, Injects, Groups, Projector, RunningOrder])]
            }
            Arrangement::TwoColumns => {
                vec![(55, vec![NowAndNext, Notes, Injects, RunningOrder]), (45, vec![Clock, Groups, Projector])]
            }
            Arrangement::ThreeColumns => vec![
                (36, vec![NowAndNext, Notes, Injects]),
                (30, vec![Clock, Groups]),
                (34, vec![Projector, RunningOrder]),
            ],
        }
    }
}

/// The parts of the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    NowAndNext,
    Notes,
    /// The timer in large digits (the top rows show it small on a one-column
    /// screen, so it is not repeated there).
    Clock,
    Groups,
    Injects,
    Projector,
    RunningOrder,
}

/// Something drawn, rather than written, inside a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PictureKind {
    Clock,
    Projector,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Picture {
    kind: PictureKind,
    width: u16,
    height: u16,
}

/// One row of a column: a line of text, or a row of a picture.
#[derive(Debug, Clone)]
enum Row {
    Text(Line<'static>),
    Picture { picture: usize, y: u16 },
}

#[derive(Debug, Clone)]
struct Column {
    area: Rect,
    rows: Vec<Row>,
    pictures: Vec<Picture>,
}

impl Column {
    fn max_offset(&self) -> usize {
        scroll::max_offset(self.rows.len(), usize::from(self.area.height))
    }
}

/// The console as laid out for one screen size.
struct Console {
    header: Rect,
    body: Rect,
    status: Option<Rect>,
    hints: Rect,
    columns: Vec<Column>,
}

fn frame_areas(app: &Screen<'_>, area: Rect) -> (Rect, Rect, Option<Rect>, Rect) {
    let status_rows = u16::from(problem(app).is_some());
    let [header, body, status, hints] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(status_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    (header, body, (status_rows > 0).then_some(status), hints)
}

/// Lays the console out in `area`. Drawing and the scroll limit both use
/// this, so they always agree.
fn console(app: &Screen<'_>, area: Rect) -> Console {
    let (header, body, status, hints) = frame_areas(app, area);
    let mut columns = Vec::new();
    if let Some(session) = app.session() {
        let arrangement = Arrangement::for_size(area.width, area.height);
        let plan = arrangement.columns();
        let constraints: Vec<Constraint> = plan.iter().map(|(share, _)| Constraint::Percentage(*share)).collect();
        let gap = if plan.len() > 1 { 3 } else { 0 };
        let areas = Layout::horizontal(constraints).spacing(gap).split(pad(body));
        for ((_, parts), column_area) in plan.into_iter().zip(areas.iter()) {
            columns.push(lay_out_column(app, session, &parts, *column_area, body.height));
        }
    }
    Console { header, body, status, hints, columns }
}

/// One column of space either side of the body.
fn pad(area: Rect) -> Rect {
    Rect { x: area.x + 1, width: area.width.saturating_sub(2), ..area }
}

fn lay_out_column(app: &Screen<'_>, session: &Session, parts: &[Part], area: Rect, body_height: u16) -> Column {
    let mut column = Column { area, rows: Vec::new(), pictures: Vec::new() };
    for part in parts {
        let mut lines = Vec::new();
        let mut picture = None;
        match part {
            Part::NowAndNext => now_and_next(session, app.theme, &mut lines),
            Part::Notes => notes_lines(session, app.theme, &mut lines),
            Part::Clock => {
                let now = app.now();
                if let Some(timer) = session.timer() {
                    let face = big::plain_punctuation(&room::clock_face(timer.remaining(now)));
                    let fits = face.chars().count() * 4 < usize::from(area.width);
                    if fits && big::drawable(&face) {
                        picture = Some(Picture { kind: PictureKind::Clock, width: area.width, height: 4 });
                    }
                }
                clock_lines(app, session, &mut lines);
            }
            Part::Groups => group_lines(app, session, &mut lines),
            Part::Injects => inject_lines(session, app.theme, &mut lines),
            Part::Projector => {
                // Roughly a projector's shape: rows about a third of columns,
                // and never taller than the screen can show at once.
                let inner_width = area.width.saturating_sub(2);
                let inner_height = (inner_width / 3).clamp(6, 28).min(body_height.saturating_sub(3)).max(4);
                picture = Some(Picture { kind: PictureKind::Projector, width: area.width, height: inner_height + 2 });
            }
            Part::RunningOrder => running_order(app, session, &mut lines),
        }
        if !column.rows.is_empty() {
            column.rows.push(Row::Text(Line::raw("")));
        }
        // The clock's digits come before its words; other pictures after.
        let before = matches!(part, Part::Clock);
        if before {
            push_picture(&mut column, picture.take());
        }
        // A wrapped point or action reads as one: its later rows line up
        // under its text, after its indent and bullet.
        column.rows.extend(wrap::hanging(lines, area.width, &BULLETS).into_iter().map(Row::Text));
        push_picture(&mut column, picture);
        if matches!(part, Part::Projector) {
            let note = Line::from(Span::styled(
                "The main screen's selection and page are not saved, so each stage is shown from its top.",
                app.theme.muted(),
            ));
            column.rows.extend(wrap::lines(vec![note], area.width).into_iter().map(Row::Text));
        }
    }
    column
}

fn push_picture(column: &mut Column, picture: Option<Picture>) {
    let Some(picture) = picture else { return };
    let index = column.pictures.len();
    column.pictures.push(picture);
    column.rows.extend((0..picture.height).map(|y| Row::Picture { picture: index, y }));
}

fn heading(text: impl Into<String>, theme: Theme) -> Line<'static> {
    Line::from(Span::styled(text.into(), theme.title()))
}

fn labelled(label: &str, text: impl Into<String>, label_style: Style) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{label} "), label_style), Span::raw(text.into())])
}

fn stage_name(session: &Session, index: usize) -> String {
    let Some(stage) = session.scenario.stage(index) else { return String::new() };
    let label = stage.kind.short_label();
    let mut name = format!("Stage {} of {} · {label}", index + 1, session.scenario.stages.len());
    if stage.title != label {
        name.push_str(&format!(": {}", stage.title));
    }
    name
}

/// The slide shown now, kept within the deck.
fn current_slide(session: &Session) -> Option<usize> {
    let slides = session.scenario.slides.len();
    (slides > 0).then(|| session.slide.min(slides - 1))
}

fn now_and_next(session: &Session, theme: Theme, lines: &mut Vec<Line<'static>>) {
    let Some(stage) = session.scenario.stage(session.stage) else { return };
    let slides = &session.scenario.slides;
    lines.push(heading("Now", theme));
    lines.push(Line::from(Span::styled(
        format!("{} · {} min", stage_name(session, session.stage), stage.minutes),
        theme.heading(),
    )));
    let slide = current_slide(session).filter(|_| stage.kind == StageKind::Briefing);
    if let Some(index) = slide {
        let current = &slides[index];
        lines.push(Line::from(Span::styled(
            format!("Slide {} of {}: {}", index + 1, slides.len(), current.title),
            theme.key(),
        )));
        for point in &current.points {
            lines.push(Line::raw(format!("  · {point}")));
        }
    }
    lines.push(Line::raw(""));
    lines.push(heading("Next", theme));
    if let Some(index) = slide
        && let Some(next) = slides.get(index + 1)
    {
        lines.push(Line::raw(format!("Slide {} of {}: {}", index + 2, slides.len(), next.title)));
        return;
    }
    match session.scenario.stage(session.stage + 1) {
        Some(next) => {
            let after = if slide.is_some() { "After the last slide: " } else { "" };
            lines.push(Line::raw(format!("{after}{} · {} min", stage_name(session, session.stage + 1), next.minutes)));
        }
        None => lines.push(Line::from(Span::styled("Nothing: this is the last stage.", theme.muted()))),
    }
}

fn notes_lines(session: &Session, theme: Theme, lines: &mut Vec<Line<'static>>) {
    let Some(stage) = session.scenario.stage(session.stage) else { return };
    if stage.kind == StageKind::Briefing
        && let Some(index) = current_slide(session)
    {
        lines.push(heading("Speaker notes", theme));
        let notes = &session.scenario.slides[index].notes;
        if notes.trim().is_empty() {
            lines.push(Line::from(Span::styled("(no notes for this slide)", theme.muted())));
        } else {
            lines.extend(notes.lines().map(|l| Line::raw(l.to_string())));
        }
    }
    if !stage.prompt.trim().is_empty() {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(heading("Ask the room", theme));
        lines.push(Line::raw(stage.prompt.clone()));
    }
    if !stage.hint.trim().is_empty() {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(heading("If a group is stuck", theme));
        lines.push(Line::raw(stage.hint.clone()));
    }
    guide_lines(&stage.guide, theme, lines);
}

/// The stage's guide for the facilitator (from the scenario), a paragraph
/// to a line; nothing when the scenario has none.
fn guide_lines(guide: &str, theme: Theme, lines: &mut Vec<Line<'static>>) {
    if guide.trim().is_empty() {
        return;
    }
    if !lines.is_empty() {
        lines.push(Line::raw(""));
    }
    lines.push(heading("Running this stage", theme));
    lines.extend(guide.lines().filter(|l| !l.trim().is_empty()).map(|l| Line::raw(l.trim().to_string())));
}

const TIME_UP: &str = "TIME IS UP";

/// The timer's state in words, and its style.
fn timer_state(session: &Session, now: u64, theme: Theme) -> Option<(String, &'static str, Style)> {
    let timer = session.timer()?;
    let face = room::clock_face(timer.remaining(now));
    Some(if timer.is_up(now) {
        (face, TIME_UP, theme.error())
    } else if timer.is_running() {
        (face, "running", theme.heading())
    } else if timer.elapsed(now) == 0 {
        (face, "paused, not started", theme.key())
    } else {
        (face, "paused", theme.key())
    })
}

/// The timer in one line: the top rows of every arrangement.
fn timer_line(app: &Screen<'_>, session: &Session) -> Line<'static> {
    let now = app.now();
    let Some((face, state, style)) = timer_state(session, now, app.theme) else {
        return Line::from(Span::styled(" No timer on this stage", app.theme.muted()));
    };
    let up = state == TIME_UP;
    // The face as a badge: it is what the eye looks for.
    let badge = if up { app.theme.error() } else { app.theme.selected() };
    let mut spans =
        vec![Span::raw(" "), Span::styled(format!(" ⏱ {face} "), badge.add_modifier(ratatui::style::Modifier::BOLD))];
    let left = if up { "" } else { "left · " };
    spans.push(Span::styled(format!("{left}{state}"), style));
    if let Some(end) = ends_at(app, session) {
        spans.push(Span::styled(format!(" · ends about {end}"), app.theme.muted()));
    }
    Line::from(spans)
}

/// The time of day a running timer reaches zero.
fn ends_at(app: &Screen<'_>, session: &Session) -> Option<String> {
    let now = app.now();
    let timer = session.timer().filter(|t| t.is_running() && !t.is_up(now))?;
    let end = now.saturating_add(u64::try_from(timer.remaining(now)).unwrap_or(0));
    Some(clock::time_of_day(end, &app.work.zone))
}

fn clock_lines(app: &Screen<'_>, session: &Session, lines: &mut Vec<Line<'static>>) {
    let now = app.now();
    let theme = app.theme;
    let Some((face, state, style)) = timer_state(session, now, theme) else {
        lines.push(heading("Timer", theme));
        lines.push(Line::from(Span::styled("No timer on this stage.", theme.muted())));
        return;
    };
    let Some(timer) = session.timer() else { return };
    let planned = timer.planned_secs / 60;
    let mut spans = vec![Span::styled(format!("{face} "), style), Span::styled(state.to_string(), style)];
    if timer.is_up(now) {
        spans.push(Span::raw(format!(" · over by {}", room::clock_face(-timer.remaining(now)))));
    }
    spans.push(Span::styled(format!(" · {planned} min planned"), theme.muted()));
    lines.push(Line::from(spans));
    let mut when = vec![Span::raw(format!("Time now {}", clock::time_of_day(now, &app.work.zone)))];
    if let Some(end) = ends_at(app, session) {
        when.push(Span::raw(format!(" · ends about {end}")));
    }
    lines.push(Line::from(when));
    // How the afternoon is going: for the facilitator, never the room.
    let plan = super::afternoon::summary(session, now, &app.work.zone);
    lines.push(Line::from(Span::styled(plan, theme.heading())));
}

/// What an incomplete action still needs, in a word or two each.
fn needs(action: &Action, session: &Session) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for problem in plan::check_action(action, &session.scenario.rules) {
        let word = match problem {
            ActionProblem::NoTitle => "title",
            ActionProblem::MonthOutOfRange { .. } | ActionProblem::EndsBeforeStart { .. } | ActionProblem::NoMonths => {
                "months"
            }
            ActionProblem::NoLead => "lead",
            ActionProblem::NoFirstStep => "first step",
            ActionProblem::NoSuccessMeasure => "success measure",
        };
        if !out.contains(&word) {
            out.push(word);
        }
    }
    out
}

/// ●●◐○○: complete, started and still to write, against the rules' number.
fn action_dots(group: &Group, session: &Session) -> String {
    let wanted = usize::from(session.scenario.rules.actions).max(group.actions.len());
    (0..wanted)
        .map(|i| match group.actions.get(i) {
            Some(a) if needs(a, session).is_empty() => '●',
            Some(_) => '◐',
            None => '○',
        })
        .collect()
}

fn group_lines(app: &Screen<'_>, session: &Session, lines: &mut Vec<Line<'static>>) {
    let theme = app.theme;
    let rules = session.scenario.rules;
    let kind = session.stage_kind();
    lines.push(heading(
        format!(
            "Groups ({}) · {} each, {} months",
            session.groups.len(),
            plural(usize::from(rules.actions), "action"),
            rules.horizon_months
        ),
        theme,
    ));
    let report_back = kind == StageKind::ReportBack;
    let tracker = app.work.tracker();
    for (i, group) in session.groups.iter().enumerate() {
        let complete = group.actions.iter().filter(|a| needs(a, session).is_empty()).count();
        let mut name = vec![Span::styled(group.name.clone(), theme.heading())];
        let shown = session.groups.len() > 1 && matches!(kind, StageKind::Barriers | StageKind::Solutions);
        if shown && i == session.current_group {
            name.push(Span::styled(" · on the main screen", theme.muted()));
        }
        lines.push(Line::from(name));
        if let Some(row) = tracker.iter().find(|r| r.id == group.id) {
            let screens = super::afternoon::screens_text(row, session, &app.work.zone);
            lines.push(Line::from(Span::styled(format!("  {screens}"), theme.muted())));
            if !row.answered.is_empty() {
                lines.push(Line::raw(format!("  {}", super::afternoon::news_text(row))));
            }
        }
        lines.push(Line::raw(format!("  barriers {} · solutions {}", group.barriers.len(), group.solutions.len())));
        lines.push(Line::from(vec![
            Span::raw("  actions "),
            Span::styled(action_dots(group, session), theme.key()),
            Span::raw(format!(" {} of {} · {complete} complete", group.actions.len(), rules.actions)),
        ]));
        if report_back {
            let given = session.votes.iter().filter(|v| v.from == group.id).count();
            let received = session.votes.iter().filter(|v| v.group == group.id).count();
            lines
                .push(Line::raw(format!("  dots given {given} of {} · received {received}", session.voting.per_group)));
        }
        for problem in group_problems(app).iter().filter(|p| p.group_id == Some(group.id)) {
            lines.push(Line::from(Span::styled(
                format!("  ⚠ {} {}; showing its last good work", problem.file, problem.warning),
                theme.warning(),
            )));
        }
        if kind == StageKind::Barriers {
            for b in &group.barriers {
                lines.push(Line::raw(format!("  barrier: {} (hurts {} of 5)", b.text, b.severity)));
            }
        }
        if kind == StageKind::Solutions {
            for s in &group.solutions {
                lines.push(Line::raw(format!("  solution: {}", s.text)));
            }
        }
        for a in &group.actions {
            let title = if a.title.trim().is_empty() { "(untitled)" } else { a.title.as_str() };
            let missing = needs(a, session);
            let line = if missing.is_empty() {
                Line::from(vec![Span::raw(format!("  action: {title} ")), Span::styled("✓", theme.key())])
            } else {
                Line::from(vec![
                    Span::raw(format!("  action: {title} ")),
                    Span::styled(format!("(needs {})", missing.join(", ")), theme.muted()),
                ])
            };
            lines.push(line);
        }
    }
    for problem in group_problems(app).iter().filter(|p| p.group_id.is_none()) {
        lines.push(Line::from(Span::styled(format!("⚠ {} {}", problem.file, problem.warning), theme.warning())));
    }
}

fn inject_lines(session: &Session, theme: Theme, lines: &mut Vec<Line<'static>>) {
    let Some(latest) = session.injects.last() else {
        lines.push(heading("Injects", theme));
        lines.push(Line::from(Span::styled("None fired yet.", theme.muted())));
        return;
    };
    lines.push(heading(format!("Injects fired: {}", session.injects.len()), theme));
    lines.push(Line::from(Span::styled(format!("Latest, month {}: {}", latest.month, latest.title), theme.warning())));
    if !latest.what.trim().is_empty() {
        lines.push(Line::raw(format!("  {}", latest.what)));
    }
    if !latest.question.trim().is_empty() {
        lines.push(labelled("  Ask:", latest.question.clone(), theme.key()));
    }
    for earlier in session.injects.iter().rev().skip(1) {
        lines.push(Line::from(Span::styled(
            format!("  earlier, month {}: {}", earlier.month, earlier.title),
            theme.muted(),
        )));
    }
}

/// The afternoon's plan, as the facilitator's screen shows it (`P`).
fn running_order(app: &Screen<'_>, session: &Session, lines: &mut Vec<Line<'static>>) {
    lines.push(heading("The afternoon's plan", app.theme));
    lines.extend(super::afternoon::plan_lines(session, app.now(), &app.work.zone, app.theme));
}

/// How far the console can scroll on a screen `width` x `height`: as far
/// as its longest column needs.
pub fn scroll_limit(app: &Screen<'_>, width: u16, height: u16) -> usize {
    console(app, Rect::new(0, 0, width, height)).columns.iter().map(Column::max_offset).max().unwrap_or(0)
}

/// Rows a page up or down moves: one fewer than the body shows, so a line
/// stays in view.
pub fn page_rows(app: &Screen<'_>, width: u16, height: u16) -> usize {
    let (_, body, _, _) = frame_areas(app, Rect::new(0, 0, width, height));
    usize::from(body.height).saturating_sub(2).max(1)
}

/// Draws the console. Below the smallest size and for the help, the
/// screens' shared drawing takes over ([`super`]).
pub fn render(app: &Screen<'_>, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let console = console(app, area);
    render_header(app, console.header, buf);
    if let Some(status) = console.status
        && let Some(problem) = problem(app)
    {
        let text = format!(" Last read failed (showing the last good state): {problem}");
        Line::from(Span::styled(truncate(&text, usize::from(status.width)), theme.warning())).render(status, buf);
    }
    super::render_hints(app, console.hints, buf);
    if app.session().is_none() {
        Paragraph::new(" Waiting for a readable session file…").style(theme.muted()).render(console.body, buf);
    }
    for (i, column) in console.columns.iter().enumerate() {
        if i > 0 {
            let x = column.area.x - 2;
            for y in console.body.top()..console.body.bottom() {
                buf[(x, y)].set_symbol("│").set_style(theme.border());
            }
        }
        render_column(app, column, buf);
    }
}

fn render_header(app: &Screen<'_>, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let [top, second] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let now = clock::time_of_day(app.now(), &app.work.zone);
    let clock_width = u16::try_from(now.chars().count() + 2).unwrap_or(0);
    let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(clock_width)]).areas(top);
    Line::from(Span::styled(format!("{now} "), theme.heading())).right_aligned().render(right, buf);
    let console = " Presenter console · ";
    let room = usize::from(left.width).saturating_sub(console.chars().count() + 1);
    let stage = match app.session() {
        Some(session) => Span::styled(truncate(&stage_name(session, session.stage), room), theme.heading()),
        None => Span::styled("waiting for the session", theme.muted()),
    };
    Line::from(vec![Span::styled(console, theme.title()), stage]).render(left, buf);

    let file = app.work.following.as_ref().map_or_else(String::new, super::super::app::follow::Following::file_name);
    let follow = format!("read-only, following {file} ");
    let follow_width = u16::try_from(follow.chars().count()).unwrap_or(u16::MAX);
    let timer = app.session().map(|s| timer_line(app, s)).unwrap_or_default();
    let room_for_both = timer.width() + usize::from(follow_width) + 2 <= usize::from(second.width);
    timer.render(second, buf);
    if room_for_both {
        let x = second.right() - follow_width;
        Line::from(Span::styled(follow, theme.muted())).render(Rect { x, width: follow_width, ..second }, buf);
    }
}

/// Why the followed file could not be read last time, if it could not.
fn problem<'a>(app: &'a Screen<'_>) -> Option<&'a String> {
    app.work.following.as_ref().and_then(|f| f.problem.as_ref())
}

/// The shared folder's group files that could not be read.
fn group_problems<'a>(app: &'a Screen<'_>) -> &'a [GroupFileProblem] {
    app.work.following.as_ref().map_or(&[], |f| &f.group_problems)
}

fn render_column(app: &Screen<'_>, column: &Column, buf: &mut Buffer) {
    let area = column.area;
    let height = usize::from(area.height);
    if height == 0 || area.width == 0 {
        return;
    }
    let len = column.rows.len();
    let offset = scroll::clamp(app.view.scroll, len, height);
    let shown = scroll::rows_shown(len, height);
    let pictures: Vec<Buffer> = column.pictures.iter().map(|p| draw_picture(app, *p)).collect();
    for (i, row) in column.rows.iter().skip(offset).take(shown).enumerate() {
        let y = area.y + u16::try_from(i).unwrap_or(u16::MAX);
        match row {
            Row::Text(line) => line.clone().render(Rect { y, height: 1, ..area }, buf),
            Row::Picture { picture, y: from } => {
                let Some(picture) = pictures.get(*picture) else { continue };
                for x in 0..picture.area.width.min(area.width) {
                    buf[(area.x + x, y)] = picture[(x, *from)].clone();
                }
            }
        }
    }
    if let Some(note) = scroll::hidden_note(offset, len, height) {
        let y = area.bottom() - 1;
        Line::from(Span::styled(note, app.theme.muted())).right_aligned().render(Rect { y, height: 1, ..area }, buf);
    }
}

/// A picture drawn into a buffer of its own, to be copied in row by row.
fn draw_picture(app: &Screen<'_>, picture: Picture) -> Buffer {
    let area = Rect::new(0, 0, picture.width, picture.height);
    let mut buf = Buffer::empty(area);
    let Some(open) = &app.work.open else { return buf };
    let session = &open.session;
    let now = app.now();
    match picture.kind {
        PictureKind::Clock => {
            if let Some((face, _, style)) = timer_state(session, now, app.theme) {
                big::draw_line(&big::plain_punctuation(&face), Scale::Quadrant, Letters::Blocks, style, area, &mut buf);
            }
        }
        PictureKind::Projector => {
            let block = Block::new()
                .borders(Borders::ALL)
                .border_style(app.theme.border())
                .title(Span::styled(format!(" {PREVIEW_LABEL} "), app.theme.title()));
            let inner = block.inner(area);
            block.render(area, &mut buf);
            // The preview's own screen on the session, drawn as the
            // projector draws (in the console's theme, and block letters
            // since it is copied cell by cell).
            // A projector screen that has not moved: it follows the room.
            let view = super::projector::content::room_view(open, &SessionView::default(), None, None);
            super::projector::render_at(open, &view, app.theme, Letters::Blocks, now, inner, &mut buf);
        }
    }
    buf
}
