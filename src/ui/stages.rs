//! The session screens: header, stage bar and one body per stage.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::app::phones::PhoneRoom;
use crate::app::tables::ServedRoom;
use crate::app::{ListArea, Tabs};
use crate::app::{OpenSession, ScenarioPage, Screen, SessionView};
use crate::clock::TimeZone;
use crate::domain::plan;
use crate::domain::room;
use crate::domain::scenario::{BarrierKind, Scenario, StageKind};
use crate::domain::session::{Action, Group, LeadSide, Mode, Session};

use super::theme::Theme;
use super::{KeyNames, readable, render_muted, truncate, wrap};
use crate::keys::Context;
use crate::message::Message;

pub fn render(screen: &Screen<'_>, open: &OpenSession, header: Rect, body: Rect, buf: &mut Buffer) {
    let theme = screen.theme;
    let session = &open.session;
    let view = &screen.view;
    let [title_row, bar_row, groups_row] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Fill(1)]).areas(header);
    // The served room's tables, phones and code at the right; the title gives way.
    let title_row = render_served(ways_in(screen), theme, title_row, buf);
    let keys = KeyNames::of(screen);
    render_title(session, view, open.read_only, keys, theme, title_row, buf);
    let clock = clock_text(screen, session, bar_row.width);
    let reserved = clock.as_ref().map_or(0, |(text, _)| text.chars().count() + 1);
    render_stage_bar(session, view, reserved, theme, bar_row, buf);
    render_timer(clock, bar_row, buf);
    if groups_row.height > 0 {
        render_group_progress(open, view, theme, groups_row, buf);
    }

    let Some(stage) = session.scenario.stage(view.stage(session)) else {
        return;
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(format!(" {} ", stage.title), theme.title()))
        .title_bottom(Line::from(Span::styled(format!(" {} min ", stage.minutes), theme.muted())).right_aligned());
    let inner = block.inner(body);
    block.render(body, buf);
    render_prompt_and_content(screen, open, Audience::Facilitator(keys), inner, buf);
}

/// Who is looking: the projector view must never show facilitator-only
/// text, nor keys.
#[derive(Debug, Clone, Copy)]
pub enum Audience<'a> {
    /// Someone at the keyboard, told which keys do what.
    Facilitator(KeyNames<'a>),
    Room,
}

impl Audience<'_> {
    /// What to press for `action` here; the room is never told.
    fn offer(self, context: Context, choices: &[(Message, &str)]) -> Option<String> {
        match self {
            Audience::Facilitator(keys) => keys.offer(context, choices),
            Audience::Room => None,
        }
    }
}

/// The stage's prompt wrapped to the area, its area and the area left for
/// the content.
fn prompt_layout(open: &OpenSession, view: &SessionView, area: Rect) -> Option<(Vec<Line<'static>>, Rect, Rect)> {
    let session = &open.session;
    let stage = session.scenario.stage(view.stage(session))?;
    // Solo practice speaks to one person, and adds the stage's hint.
    let (prompt, hint) = (stage.prompt_for(session.mode), stage.hint_for(session.mode));
    let solo = session.mode == Mode::Solo && !hint.is_empty();
    let text = if solo { format!("{prompt}\nHint: {hint}") } else { prompt.to_string() };
    let share = if solo { 3 } else { 4 };
    let prompt = wrap::text(&text, area.width);
    // On a short screen the stage's own content needs every row: one for
    // the question, which says where it is whole.
    let most = if area.height < 12 { 1 } else { area.height / share };
    let prompt_height = u16::try_from(prompt.len()).unwrap_or(u16::MAX).min(most).max(1);
    // A blank line under the prompt when there is room to spare.
    let gap = u16::from(area.height >= 20);
    let [prompt_area, _gap, content] =
        Layout::vertical([Constraint::Length(prompt_height), Constraint::Length(gap), Constraint::Fill(1)]).areas(area);
    Some((prompt, prompt_area, content))
}

/// The stage's prompt, then its content.
pub fn render_prompt_and_content(
    screen: &Screen<'_>,
    open: &OpenSession,
    audience: Audience,
    area: Rect,
    buf: &mut Buffer,
) {
    let (view, theme) = (&screen.view, screen.theme);
    let session = &open.session;
    let Some((mut prompt, prompt_area, content)) = prompt_layout(open, view, area) else { return };
    let shown = usize::from(prompt_area.height);
    if prompt.len() > shown && shown > 0 {
        // A question too long for its rows says so, and where it is whole.
        let help = match audience {
            Audience::Facilitator(keys) => keys.get(screen.context(), Message::ToggleHelp),
            Audience::Room => None,
        };
        let more = help.map_or_else(|| " …".to_string(), |key| format!(" … {key} shows it all"));
        let last: String = prompt[shown - 1].spans.iter().map(|s| s.content.as_ref()).collect();
        let room = usize::from(prompt_area.width).saturating_sub(more.chars().count());
        prompt.truncate(shown - 1);
        prompt.push(Line::raw(format!("{}{more}", truncate(last.trim_end(), room).trim_end_matches('…'))));
    }
    Paragraph::new(prompt).style(theme.muted().add_modifier(Modifier::ITALIC)).render(prompt_area, buf);

    let ways = ways_in(screen);
    let panes = scroll_panes(open, view, ways, &screen.work.zone, theme, audience, content);
    if let Some((row, line)) = &panes.header {
        line.clone().render(*row, buf);
    }
    for pane in &panes.panes {
        pane.render(view.scroll, theme, buf);
    }
    if view.stage_kind(session) == StageKind::Welcome
        && let Some((_, code_area, qr)) = welcome_beside_qr(ways, content)
    {
        qr.render(code_area, buf);
    }
    match view.stage_kind(session) {
        StageKind::Barriers => render_barriers(open, view, theme, audience, content, buf),
        StageKind::Solutions => render_solutions(open, view, theme, audience, content, buf),
        StageKind::Actions => render_actions(open, view, theme, audience, content, buf),
        StageKind::Scenario => render_roles(open, view, theme, content, buf),
        StageKind::ReportBack => super::report::render(open, view, theme, audience, content, buf),
        _ => {}
    }
}

/// Text that scrolls with the stage's ↑/↓: where it goes, an optional
/// frame, and its lines wrapped to the space inside the frame, an indented
/// line's later rows kept under its first, so that a long point still
/// reads as part of the heading above it.
pub struct Pane {
    pub area: Rect,
    pub frame: Option<Block<'static>>,
    pub lines: Vec<Line<'static>>,
}

impl Pane {
    pub fn new(area: Rect, frame: Option<Block<'static>>, lines: Vec<Line<'_>>) -> Self {
        let inner = frame.as_ref().map_or(area, |f| f.inner(area));
        Pane { area, frame, lines: wrap::hanging(lines, inner.width, &[""]) }
    }

    fn inner(&self) -> Rect {
        self.frame.as_ref().map_or(self.area, |f| f.inner(self.area))
    }

    /// How far this pane can scroll.
    pub fn max_offset(&self) -> usize {
        super::scroll::max_offset(self.lines.len(), usize::from(self.inner().height))
    }

    pub fn render(&self, offset: usize, theme: Theme, buf: &mut Buffer) {
        if let Some(frame) = &self.frame {
            frame.clone().render(self.area, buf);
        }
        super::scroll::render(&self.lines, offset, theme, self.inner(), buf);
    }
}

/// The panes of a stage that scrolls as a whole with ↑/↓ (one offset for
/// all of them, each clamped to its own content), and a row above them.
/// Stages whose lists keep a selection in view have none.
#[derive(Default)]
pub struct Panes {
    pub header: Option<(Rect, Line<'static>)>,
    pub panes: Vec<Pane>,
}

pub fn scroll_panes(
    open: &OpenSession,
    view: &SessionView,
    ways: Ways<'_>,
    zone: &TimeZone,
    theme: Theme,
    audience: Audience,
    area: Rect,
) -> Panes {
    let session = &open.session;
    let readable_pane =
        |lines: Vec<Line<'static>>| Panes { header: None, panes: vec![Pane::new(readable(area), None, lines)] };
    match view.stage_kind(session) {
        StageKind::Welcome => {
            let mut lines = welcome_lines(session, ways, theme);
            // A folder room's tables join from their own laptops.
            if let crate::app::Link::Room(room) = &open.link {
                let join = Line::from(vec![
                    Span::styled("Tables join: ", theme.heading()),
                    Span::styled(format!("roundtable join {} --group NAME", room.dir.display()), theme.key()),
                ]);
                lines.splice(0..0, [join, Line::raw("")]);
            }
            // The phones' QR code, drawn beside the text where both fit.
            match welcome_beside_qr(ways, area) {
                Some((text, _, _)) => Panes { header: None, panes: vec![Pane::new(readable(text), None, lines)] },
                None => readable_pane(lines),
            }
        }
        StageKind::Briefing => briefing_panes(open, view, theme, audience, area),
        StageKind::Scenario => scenario_panes(open, view, theme, audience, area),
        StageKind::ReportBack => super::report::scroll_panes(open, view, theme, audience, area),
        StageKind::Close if session.mode == Mode::Solo => {
            super::debrief::panes(open, view, zone, theme, audience, area)
        }
        StageKind::Close => readable_pane(close_lines(session, theme)),
        StageKind::Actions if view.timeline => Panes { header: None, panes: timeline_pane(open, view, theme, area) },
        StageKind::Barriers | StageKind::Solutions | StageKind::Actions => {
            // The list keeps its selection in view; the selected item's
            // detail beside or below it scrolls (Shift-↑/↓).
            let panes = detail_pane(open, view, theme, area).into_iter().collect();
            Panes { header: None, panes }
        }
    }
}

/// Where a list stage draws its list (with a summary row above it on the
/// barriers stage) and the selected item's detail; `None` when the list is
/// empty (the stage says how to begin) or the actions are on the timeline.
fn list_areas(open: &OpenSession, view: &SessionView, theme: Theme, area: Rect) -> Option<(Rect, Rect)> {
    let session = &open.session;
    let group = view.group(session);
    // (items, rows above them)
    let (items, above) = match view.stage_kind(session) {
        StageKind::Barriers => (group.barriers.len(), 1),
        StageKind::Solutions => (group.solutions.len(), 0),
        StageKind::Actions if !view.timeline => (group.actions.len(), 0),
        _ => return None,
    };
    if items == 0 {
        return None;
    }
    // On the actions stage the list sits under the inject banner, the
    // plan's count and its checks.
    let area = match view.stage_kind(session) {
        StageKind::Actions => {
            let top = actions_top_height(open, view, theme, area);
            Layout::vertical([Constraint::Length(top), Constraint::Fill(1)]).areas::<2>(area)[1]
        }
        _ => area,
    };
    Some(list_and_detail(area, items + above))
}

/// The actions on their months and the plan's checks, under the banner
/// and the count: one pane, scrolled with Shift-↑/↓ where it is longer
/// than its place.
fn timeline_pane(open: &OpenSession, view: &SessionView, theme: Theme, area: Rect) -> Vec<Pane> {
    let session = &open.session;
    let group = view.group(session);
    if group.actions.is_empty() {
        return Vec::new();
    }
    let top = actions_top_height(open, view, theme, area);
    let [_, rest] = Layout::vertical([Constraint::Length(top), Constraint::Fill(1)]).areas(area);
    let rules = session.scenario.rules;
    let chart = super::timeline::Timeline {
        actions: &group.actions,
        horizon: rules.horizon_months,
        theme,
        selected: Some(view.action),
    };
    let mut lines = chart.lines(rest.width);
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("Plan checks", theme.heading()),
        Span::styled(" (Roundtable's rules of thumb, not research)", theme.muted()),
    ]));
    let warnings = plan::check_plan(&group.actions);
    if warnings.is_empty() {
        lines.push(Line::from(Span::styled("Nothing to flag: the plan passes every check.", theme.info())));
    }
    for w in &warnings {
        lines.push(Line::from(Span::styled(format!("! {w}"), theme.warning())));
    }
    vec![Pane::new(rest, None, lines)]
}

/// The selected item's detail, beside or below its list.
fn detail_pane(open: &OpenSession, view: &SessionView, theme: Theme, area: Rect) -> Option<Pane> {
    let (list, detail_area) = list_areas(open, view, theme, area)?;
    let lines = match view.stage_kind(&open.session) {
        StageKind::Barriers => barrier_detail(open, view, theme)?,
        StageKind::Solutions => solution_detail(open, view, theme)?,
        _ => action_detail(open, view, theme)?,
    };
    Some(Pane::new(detail_area, Some(detail_block(theme, list, detail_area)), lines))
}

/// How far the current stage scrolls on the facilitator's screen, measured
/// as it is drawn; `None` before the screen's size is known.
pub fn scroll_limit(screen: &Screen<'_>) -> Option<usize> {
    let (width, height) = screen.screen_size?;
    let open = screen.work.open.as_ref()?;
    if screen.projector {
        return Some(super::projector::scroll_limit(screen, open, Rect::new(0, 0, width, height)));
    }
    let content = content_area(screen)?;
    let keys = KeyNames::of(screen);
    let panes = scroll_panes(
        open,
        &screen.view,
        ways_in(screen),
        &screen.work.zone,
        screen.theme,
        Audience::Facilitator(keys),
        content,
    );
    Some(panes.panes.iter().map(Pane::max_offset).max().unwrap_or(0))
}

/// The stage's content area under its prompt, on the facilitator's
/// screen as last sized; `None` before the size is known.
fn content_area(screen: &Screen<'_>) -> Option<Rect> {
    let (width, height) = screen.screen_size?;
    let open = screen.work.open.as_ref()?;
    let [_, body, _, _] = super::frame_areas(screen, Rect::new(0, 0, width, height));
    let inner = Block::new().borders(Borders::ALL).inner(body);
    let (_, _, content) = prompt_layout(open, &screen.view, inner)?;
    Some(content)
}

fn render_title(
    session: &Session,
    view: &SessionView,
    read_only: bool,
    keys: KeyNames<'_>,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let group = view.group(session);
    let mut spans = vec![Span::styled(" Roundtable", theme.title()), Span::styled(" · ", theme.muted())];
    if read_only {
        spans.push(Span::styled("[read-only] ", theme.warning()));
    }
    // A table works on its own group alone: nothing to switch. On a narrow
    // row the switching hint goes first, then the count, and the title is
    // cut (with an ellipsis) before the group's name is.
    let switching = (session.groups.len() > 1 && view.group.is_none()).then(|| {
        let (at, of) = (view.group_index(session) + 1, session.groups.len());
        let switch =
            keys.get(Context::Welcome, Message::NextGroup).map_or_else(String::new, |k| format!(", {k} to switch"));
        [format!(" ({at} of {of}{switch})"), format!(" ({at} of {of})"), String::new()]
    });
    let group_name = truncate(&group.name, usize::from(area.width) / 3);
    let room = |spans: &[Span], tail: &str| {
        use unicode_width::UnicodeWidthStr;
        let used = spans.iter().map(Span::width).sum::<usize>() + 3 + group_name.width() + tail.width();
        usize::from(area.width).saturating_sub(used)
    };
    let tail =
        switching.into_iter().flatten().find(|tail| tail.is_empty() || room(&spans, tail) >= 12).unwrap_or_default();
    // A table looking back says so where the session's title would be.
    if let Some(shown) = view.stage {
        let name = |i: usize| session.scenario.stage(i).map_or("", |s| s.kind.short_label());
        spans.push(Span::styled(
            format!("Looking back at {}: . returns to {}", name(shown), name(session.stage)),
            theme.warning(),
        ));
    } else {
        let width = room(&spans, &tail).min(usize::from(area.width) / 2);
        spans.push(Span::raw(truncate(&session.title, width)));
    }
    spans.push(Span::styled(" · ", theme.muted()));
    spans.push(Span::styled(group_name, theme.heading()));
    if !tail.is_empty() {
        spans.push(Span::styled(tail, theme.muted()));
    }
    Line::from(spans).render(area, buf);
}

/// On the facilitator's title row, right-aligned: how many tables are
/// connected, how many people are on the phones' page, and the room code
/// (the whole line to type and the page's address are on the welcome
/// stage, in the groups list and on the projector). Returns the rest of
/// the row.
fn render_served(ways: Ways<'_>, theme: Theme, area: Rect, buf: &mut Buffer) -> Rect {
    let code = match (ways.ssh, ways.phones) {
        (Some(served), _) => served.code.get(),
        (None, Some(phones)) => phones.code.get(),
        (None, None) => return area,
    };
    let mut parts = Vec::new();
    if let Some(served) = ways.ssh {
        parts.push(crate::domain::plural(served.connected.len(), "table"));
    }
    if let Some(phones) = ways.phones {
        // A closed page says so until it is opened again, lest it be forgotten.
        parts.push(if phones.open {
            format!("{} on phones", phones.on_the_page())
        } else {
            "phones' page closed".to_string()
        });
    }
    let text = format!(" {} · code {code}", parts.join(" · "));
    let width = (text.chars().count() as u16).min(area.width / 2);
    let [rest, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(width)]).areas(area);
    Line::from(Span::styled(truncate(&text, usize::from(width)), theme.heading())).render(right, buf);
    rest
}

/// The room's clock as the header shows it, from any stage: named by its
/// stage's number when the screen shows another stage, or the break; on
/// the facilitator's wide screen, how far ahead or behind the room is.
fn clock_text(screen: &Screen<'_>, session: &Session, width: u16) -> Option<(String, ratatui::style::Style)> {
    let (now, zone, theme, view) = (screen.now(), &screen.work.zone, screen.theme, &screen.view);
    // How the afternoon is going is the facilitator's to know, not the
    // room's; on a narrow screen the stage tabs need the row, and `P` has it.
    let runs_the_room = matches!(screen.seat(), crate::keys::Seat::Full | crate::keys::Seat::FolderRoom) && width >= 80;
    let progress =
        session.progress(now).filter(|_| runs_the_room).map_or_else(String::new, |p| format!(" {} ·", p.summary()));
    if let Some(ends) = session.break_ends() {
        let text = format!("{progress} Break · back at {} ", crate::clock::time_of_day(ends, zone));
        return Some((text, theme.warning()));
    }
    let timer = session.timer()?;
    let clock_stage = session.clock_stage();
    let face = if clock_stage == view.stage(session) {
        room::clock_face(timer.remaining(now))
    } else {
        format!("stage {} {}", clock_stage + 1, room::clock_face(timer.remaining(now)))
    };
    Some(if timer.is_up(now) {
        (format!("{progress} TIME UP {face} "), theme.error())
    } else if timer.is_running() {
        (format!("{progress} ⏱ {face} ▶ "), theme.heading())
    } else {
        (format!("{progress} ⏱ {face} ⏸ "), theme.muted())
    })
}

/// The room's clock, right-aligned on the stage bar's row.
fn render_timer(clock: Option<(String, ratatui::style::Style)>, area: Rect, buf: &mut Buffer) {
    let Some((text, style)) = clock else { return };
    let width = text.chars().count() as u16;
    if area.width > width + 20 {
        let x = area.right() - width;
        Line::from(Span::styled(text, style)).render(Rect { x, width, ..area }, buf);
    }
}

/// One entry per group: barriers, solutions and actions so far.
fn render_group_progress(open: &OpenSession, view: &SessionView, theme: Theme, area: Rect, buf: &mut Buffer) {
    let session = &open.session;
    let warning = |g: &Group| match &open.link {
        crate::app::Link::Room(room) => room.warning_for(g.id).is_some(),
        _ => false,
    };
    let n = session.scenario.rules.actions;
    let long = |g: &Group| {
        format!(
            " {}: barriers {}, solutions {}, actions {} of {n} ",
            g.name,
            g.barriers.len(),
            g.solutions.len(),
            g.actions.len()
        )
    };
    let short =
        |g: &Group| format!(" {} B{} S{} A{}/{n} ", g.name, g.barriers.len(), g.solutions.len(), g.actions.len());
    let full: usize = session.groups.iter().map(|g| long(g).chars().count() + 1).sum();
    let compact = full >= usize::from(area.width);
    let label = |g: &Group| if compact { short(g) } else { long(g) };
    let mut spans = vec![Span::raw(" ")];
    for (i, g) in session.groups.iter().enumerate() {
        let text = truncate(&label(g), usize::from(area.width) / session.groups.len().max(1));
        let style = if i == view.group_index(session) { theme.heading() } else { theme.muted() };
        spans.push(Span::styled(text, style));
        if warning(g) {
            spans.push(Span::styled("⚠ file unreadable ", theme.warning()));
        }
        spans.push(Span::styled("│", theme.border()));
    }
    spans.pop();
    Line::from(spans).render(area, buf);
}

/// A stage's label with the current group's progress in it.
fn stage_label(session: &Session, view: &SessionView, index: usize, kind: StageKind) -> String {
    let g = view.group(session);
    let base = format!("{} {}", index + 1, kind.short_label());
    match kind {
        StageKind::Barriers => format!("{base} ({})", g.barriers.len()),
        StageKind::Solutions => format!("{base} ({})", g.solutions.len()),
        StageKind::Actions => format!("{base} {}/{}", g.actions.len(), session.scenario.rules.actions),
        _ => base,
    }
}

/// The stage bar's tabs: each stage's text and the columns it takes.
fn stage_tabs(session: &Session, view: &SessionView, width: u16, clock: usize) -> Vec<(String, std::ops::Range<u16>)> {
    let labels: Vec<String> =
        session.scenario.stages.iter().enumerate().map(|(i, s)| stage_label(session, view, i, s.kind)).collect();
    let full: usize = labels.iter().map(|l| l.chars().count() + 2).sum::<usize>() + 1;
    // The clock is at the end of the row; the tabs stop short of it.
    // Too narrow for every label: the other stages shrink to their numbers.
    let compact = full + clock > usize::from(width);
    let mut x = 1u16;
    let mut tabs = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let current = i == view.stage(session);
        let text = if compact && !current { format!(" {} ", i + 1) } else { format!(" {label} ") };
        let w = u16::try_from(unicode_width::UnicodeWidthStr::width(text.as_str())).unwrap_or(u16::MAX);
        tabs.push((text, x..x.saturating_add(w)));
        // A space between tabs.
        x = x.saturating_add(w + 1);
    }
    tabs
}

fn render_stage_bar(session: &Session, view: &SessionView, clock: usize, theme: Theme, area: Rect, buf: &mut Buffer) {
    let mut spans = vec![Span::raw(" ")];
    for (i, (text, _)) in stage_tabs(session, view, area.width, clock).into_iter().enumerate() {
        let style = if i == view.stage(session) { theme.selected() } else { theme.muted() };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    Line::from(spans).render(area, buf);
}

/// Where clicks land on a stage as drawn on a screen of the last known
/// size: the stage tabs (their row, and each tab's columns) and the stage's
/// list. Worked out from the same layout the drawing uses.
pub fn clicks(screen: &Screen<'_>) -> (Option<Tabs>, Option<ListArea>) {
    let Some((width, height)) = screen.screen_size else { return (None, None) };
    let Some(open) = screen.work.open.as_ref() else { return (None, None) };
    let whole = Rect::new(0, 0, width, height);
    let [header, body, _, _] = super::frame_areas(screen, whole);
    let clock = clock_text(screen, &open.session, width).map_or(0, |(text, _)| text.chars().count() + 1);
    let columns =
        stage_tabs(&open.session, &screen.view, width, clock).into_iter().map(|(_, columns)| columns).collect();
    let tabs = Some(Tabs { row: header.y + 1, columns });
    let inner = Block::new().borders(Borders::ALL).inner(body);
    let Some((_, _, content)) = prompt_layout(open, &screen.view, inner) else { return (tabs, None) };
    let Some((list, _)) = list_areas(open, &screen.view, screen.theme, content) else { return (tabs, None) };
    let view = &screen.view;
    let group = view.group(&open.session);
    let (list, selected, len) = match view.stage_kind(&open.session) {
        // The barriers' list has its count above it.
        StageKind::Barriers => {
            (Rect { y: list.y + 1, height: list.height.saturating_sub(1), ..list }, view.barrier, group.barriers.len())
        }
        StageKind::Solutions => (list, view.solution, group.solutions.len()),
        StageKind::Actions => (list, view.action, group.actions.len()),
        _ => return (tabs, None),
    };
    let area = list.intersection(body);
    let offset = super::scroll::revealing(0, len, usize::from(list.height), selected, selected + 1);
    (tabs, Some(ListArea { area, offset, len }))
}

/// How the room is joined: over SSH, from phones, both or neither.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ways<'a> {
    pub ssh: Option<&'a ServedRoom>,
    pub phones: Option<&'a PhoneRoom>,
}

/// The ways in, as the facilitator's own screen shows them: a table's
/// screen is not shown the room code.
fn ways_in<'a>(screen: &Screen<'a>) -> Ways<'a> {
    if screen.state.role != crate::app::Role::Local {
        return Ways::default();
    }
    Ways { ssh: screen.work.served.as_ref(), phones: screen.work.phones.as_ref() }
}

/// Text at least this wide beside the phones' QR code, or no code.
const TEXT_BESIDE_QR: u16 = 48;

/// Where the welcome's text and the phones' QR code go when both fit
/// side by side in `area`: (text, code, the code). `None` when there is
/// no page for phones, or no room (at 80x24 the address alone is shown).
fn welcome_beside_qr(ways: Ways<'_>, area: Rect) -> Option<(Rect, Rect, crate::ui::qr::Qr)> {
    let qr = crate::ui::qr::Qr::of(&ways.phones?.address())?;
    let (width, height) = qr.size();
    if area.width < width + 2 + TEXT_BESIDE_QR || area.height < height {
        return None;
    }
    let [text, _, code] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(2), Constraint::Length(width)]).areas(area);
    Some((text, Rect { height, ..code }, qr))
}

fn welcome_lines(session: &Session, ways: Ways<'_>, theme: Theme) -> Vec<Line<'static>> {
    let s = &session.scenario;
    let mut lines = Vec::new();
    if let Some(phones) = ways.phones {
        lines.push(Line::from(vec![
            Span::styled("Phones join: ", theme.heading()),
            Span::styled(phones.address(), theme.key()),
            Span::styled("  room code ", theme.muted()),
            Span::styled(phones.code.get(), theme.key()),
        ]));
        let names: Vec<String> = session.groups.iter().map(|g| crate::app::tables::user_name_for(&g.name)).collect();
        lines.push(Line::from(Span::styled(
            format!("A table's own link adds ?table=NAME ({}); the page asks for no names.", names.join(", ")),
            theme.muted(),
        )));
        lines.push(Line::raw(""));
    }
    if let Some(served) = ways.ssh {
        lines.push(Line::from(vec![
            Span::styled("Tables join: ", theme.heading()),
            Span::styled(served.ssh_line(None), theme.key()),
            Span::styled("  room code ", theme.muted()),
            Span::styled(served.code.get(), theme.key()),
        ]));
        let names: Vec<String> = session.groups.iter().map(|g| crate::app::tables::user_name_for(&g.name)).collect();
        lines.push(Line::from(Span::styled(
            format!("GROUP is one of: {}. The laptop's key: {}", names.join(", "), served.fingerprint),
            theme.muted(),
        )));
        lines.push(Line::raw(""));
    }
    lines.extend([
        Line::from(Span::styled(s.title.clone(), theme.heading())),
        Line::raw(""),
        Line::from(Span::styled(s.question.clone(), theme.text().add_modifier(Modifier::BOLD))),
        Line::raw(""),
        Line::from(Span::styled("Agenda", theme.heading())),
    ]);
    // The same running order as the pack and the facilitator's plan.
    let agenda = crate::domain::agenda::Agenda::of(s);
    for slot in &agenda.slots {
        let clock = format!("{}:{:02}", slot.starts / 60, slot.starts % 60);
        let (name, style) = match slot.stage {
            Some(i) => (format!("{}. {}", i + 1, slot.title), theme.text()),
            None => (format!("   {}", slot.title), theme.muted()),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{clock:>5}  {:>3} min  ", slot.minutes), theme.key()),
            Span::styled(name, style),
        ]));
    }
    lines.push(Line::from(Span::styled(
        format!("       {:>3} min  in all, breaks included", agenda.total_minutes()),
        theme.muted(),
    )));
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(s.source.clone(), theme.muted())));
    lines
}

/// The slide, and the speaker notes below it (beside it on a wide screen)
/// when the facilitator has them on.
fn briefing_panes(open: &OpenSession, view: &SessionView, theme: Theme, audience: Audience, area: Rect) -> Panes {
    let slides = &open.session.scenario.slides;
    let shown = view.slide(&open.session);
    let Some(slide) = slides.get(shown) else {
        let lines = vec![Line::from(Span::styled("This scenario has no briefing slides.", theme.muted()))];
        return Panes { header: None, panes: vec![Pane::new(area, None, lines)] };
    };
    let show_notes = view.show_notes && matches!(audience, Audience::Facilitator(_)) && !slide.notes.is_empty();
    // Practising alone, the notes are the learner's to read as well.
    let notes_title = match open.session.mode {
        Mode::Solo => Span::styled(" The facilitator's notes ", theme.warning()),
        _ => Span::styled(" Speaker notes: facilitator only ", theme.warning()),
    };
    let (slide_area, notes) = if !show_notes {
        (readable(area), None)
    } else if area.width >= 120 {
        let [slide_area, notes_area] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Fill(1)]).spacing(1).areas(area);
        let frame = Block::new()
            .borders(Borders::LEFT)
            .border_style(theme.border())
            .title(notes_title)
            .padding(ratatui::widgets::Padding::new(1, 0, 1, 0));
        (slide_area, Some((notes_area, frame)))
    } else {
        // Below the slide, as tall as the notes need and no more than half.
        let inner_width = area.width.max(1);
        let wanted = u16::try_from(wrap::lines(vec![Line::raw(slide.notes.clone())], inner_width).len())
            .unwrap_or(u16::MAX)
            .saturating_add(1);
        let [slide_area, notes_area] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(wanted.min(area.height / 2).max(2))]).areas(area);
        let frame = Block::new().borders(Borders::TOP).border_style(theme.border()).title(notes_title);
        (readable(slide_area), Some((notes_area, frame)))
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(slide.title.clone(), theme.heading()),
            Span::styled(format!("   slide {} of {}", shown + 1, slides.len()), theme.muted()),
        ]),
        Line::raw(""),
    ];
    for point in &slide.points {
        let rows = wrap::strings(point, usize::from(slide_area.width).saturating_sub(3));
        for (i, row) in rows.into_iter().enumerate() {
            let bullet = if i == 0 { " • " } else { "   " };
            lines.push(Line::from(vec![Span::styled(bullet, theme.key()), Span::raw(row)]));
        }
        lines.push(Line::raw(""));
    }
    if !slide.source.trim().is_empty() {
        lines.push(Line::from(Span::styled(format!("Source: {}", slide.source), theme.muted())));
    }
    let mut panes = vec![Pane::new(slide_area, None, lines)];
    if let Some((notes_area, frame)) = notes {
        panes.push(Pane::new(notes_area, Some(frame), vec![Line::raw(slide.notes.clone())]));
    }
    Panes { header: None, panes }
}

/// Splits a stage body into a list of `rows` rows and a detail pane: side by
/// side when wide; stacked when narrow, the list taking no more than it needs.
fn list_and_detail(area: Rect, rows: usize) -> (Rect, Rect) {
    if area.width >= 110 {
        let [list, detail] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
        (list, detail)
    } else {
        let list_height = u16::try_from(rows).unwrap_or(u16::MAX).clamp(1, (area.height / 2).max(1));
        let [list, detail] = Layout::vertical([Constraint::Length(list_height), Constraint::Fill(1)]).areas(area);
        (list, detail)
    }
}

/// The detail pane's frame: a rule above it when stacked, beside it when
/// the two sit side by side.
fn detail_block(theme: Theme, list: Rect, detail: Rect) -> Block<'static> {
    let side_by_side = detail.x > list.x;
    let block = Block::new()
        .borders(if side_by_side { Borders::LEFT } else { Borders::TOP })
        .border_style(theme.border())
        .title(Span::styled(" Detail ", theme.muted()));
    if side_by_side { block.padding(ratatui::widgets::Padding::left(1)) } else { block }
}

/// Renders rows with the selected one highlighted, scrolled so it is
/// visible, saying how many more are above or below.
pub fn render_list(rows: Vec<Line<'static>>, selected: usize, theme: Theme, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let rows: Vec<Line> = rows
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            if i != selected {
                return line;
            }
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            Line::from(Span::styled(format!("{:<width$}", truncate(&text, width)), theme.selected()))
        })
        .collect();
    let offset = super::scroll::revealing(0, rows.len(), usize::from(area.height), selected, selected + 1);
    super::scroll::render(&rows, offset, theme, area, buf);
}

pub use crate::domain::plural;

fn severity_dots(n: u8) -> String {
    (1..=5).map(|i| if i <= n { '●' } else { '○' }).collect()
}

fn kind_tag(kind: BarrierKind) -> &'static str {
    match kind {
        BarrierKind::Environmental => "env",
        BarrierKind::Organisational => "org",
    }
}

fn render_barriers(
    open: &OpenSession,
    view: &SessionView,
    theme: Theme,
    audience: Audience<'_>,
    area: Rect,
    buf: &mut Buffer,
) {
    let group = view.group(&open.session);
    if group.barriers.is_empty() {
        let offer = audience.offer(
            Context::Barriers,
            &[
                (Message::Add, "write one in your own words"),
                (Message::PickCard, "pick a card from the scenario's deck"),
                (Message::BrowseCards, "read the scenario's deck"),
            ],
        );
        let text = ["No barriers yet.".to_string(), offer.unwrap_or_default()].join(" ");
        render_muted(text.trim_end(), theme, area, buf);
        return;
    }
    let Some((list_area, _)) = list_areas(open, view, theme, area) else { return };
    let env = group.barriers.iter().filter(|b| b.kind == BarrierKind::Environmental).count();
    let [summary, list_area] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(list_area);
    Line::from(Span::styled(
        format!(
            "{} · {env} environmental · {} organisational",
            plural(group.barriers.len(), "barrier"),
            group.barriers.len() - env
        ),
        theme.muted(),
    ))
    .render(summary, buf);
    let text_width = usize::from(list_area.width).saturating_sub(12);
    let rows = group
        .barriers
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(severity_dots(b.severity), theme.severity(b.severity)),
                Span::styled(format!(" {} ", kind_tag(b.kind)), theme.muted()),
                Span::raw(truncate(&b.text, text_width)),
            ])
        })
        .collect();
    render_list(rows, view.barrier, theme, list_area, buf);
}

/// The selected barrier in full: its story and, if taken from the deck,
/// the card's explanation and question.
fn barrier_detail(open: &OpenSession, view: &SessionView, theme: Theme) -> Option<Vec<Line<'static>>> {
    let b = view.group(&open.session).barriers.get(view.barrier)?;
    let mut lines = vec![
        Line::from(Span::styled(b.text.clone(), theme.heading())),
        Line::from(Span::styled(format!("{}, severity {} of 5", b.kind.label(), b.severity), theme.muted())),
    ];
    if !b.story.is_empty() {
        lines.push(Line::from(vec![Span::styled("Story: ", theme.key()), Span::raw(b.story.clone())]));
    }
    if let Some(card) = b.card.as_deref().and_then(|id| open.session.scenario.card(id)) {
        lines.push(Line::from(Span::styled(card.explanation.clone(), theme.muted())));
        lines.push(Line::from(vec![Span::styled("Ask: ", theme.key()), Span::raw(card.prompt.clone())]));
    }
    Some(lines)
}

pub fn area_names(session: &Session, ids: &[String]) -> String {
    ids.iter().map(|id| session.scenario.area_name(id)).collect::<Vec<_>>().join(", ")
}

fn render_solutions(
    open: &OpenSession,
    view: &SessionView,
    theme: Theme,
    audience: Audience<'_>,
    area: Rect,
    buf: &mut Buffer,
) {
    let session = &open.session;
    let group = view.group(session);
    if group.solutions.is_empty() {
        let offer = audience.offer(
            Context::Solutions,
            &[
                (Message::Add, "add what has worked in your areas"),
                (Message::PickCard, "start from an idea card"),
                (Message::BrowseCards, "read the idea cards"),
            ],
        );
        let after = if group.barriers.is_empty() {
            "Record barriers first, on stage 3, to link solutions to them."
        } else {
            "Tick the barriers each one answers."
        };
        let text = ["No solutions yet.".to_string(), offer.unwrap_or_default(), after.to_string()].join(" ");
        render_muted(&text.replace("  ", " "), theme, area, buf);
        return;
    }
    let Some((list_area, _)) = list_areas(open, view, theme, area) else { return };
    let width = usize::from(list_area.width);
    let rows = group
        .solutions
        .iter()
        .map(|s| {
            let links = format!(" [{}]", plural(s.barriers.len(), "barrier"));
            Line::from(vec![
                Span::raw(truncate(&s.text, width.saturating_sub(links.len()))),
                Span::styled(links, theme.muted()),
            ])
        })
        .collect();
    render_list(rows, view.solution, theme, list_area, buf);
}

/// The selected solution in full: its areas and the barriers it answers.
fn solution_detail(open: &OpenSession, view: &SessionView, theme: Theme) -> Option<Vec<Line<'static>>> {
    let session = &open.session;
    let group = view.group(session);
    let s = group.solutions.get(view.solution)?;
    let mut lines = vec![Line::from(Span::styled(s.text.clone(), theme.heading()))];
    let areas = area_names(session, &s.areas);
    lines.push(Line::from(vec![
        Span::styled("Areas: ", theme.key()),
        Span::raw(if areas.is_empty() { "none chosen yet".to_string() } else { areas }),
    ]));
    lines.push(Line::from(Span::styled("Answers:", theme.key())));
    if s.barriers.is_empty() {
        lines.push(Line::from(Span::styled("  no barriers linked yet", theme.muted())));
    }
    for id in &s.barriers {
        if let Some(b) = group.barrier(*id) {
            lines.push(Line::raw(format!("  • {}", b.text)));
        }
    }
    lines.extend(idea_lines(session, s.idea.as_deref(), theme));
    Some(lines)
}

/// The idea card an item was started from, and what it says.
fn idea_lines(session: &Session, idea: Option<&str>, theme: Theme) -> Vec<Line<'static>> {
    let Some(id) = idea else { return Vec::new() };
    match session.scenario.idea(id) {
        Some(card) => vec![
            Line::from(vec![Span::styled("From the idea card: ", theme.key()), Span::raw(card.title.clone())]),
            Line::from(Span::styled(card.text.clone(), theme.muted())),
        ],
        // A hand-edited file may name a card the scenario does not have.
        None => vec![Line::from(vec![
            Span::styled("From the idea card: ", theme.key()),
            Span::styled(format!("\"{id}\", which this scenario no longer has"), theme.muted()),
        ])],
    }
}

fn brief_lines(scenario: &Scenario, theme: Theme) -> Vec<Line<'static>> {
    let c = &scenario.council;
    let mut lines = vec![Line::from(Span::styled(c.name.clone(), theme.heading()))];
    if !scenario.setting.trim().is_empty() {
        lines.push(Line::from(vec![Span::styled("When: ", theme.key()), Span::raw(scenario.setting.clone())]));
    }
    for (label, text) in c.sections() {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![Span::styled(format!("{label}: "), theme.key()), Span::raw(text.to_string())]));
    }
    lines
}

/// What each body and term of the scenario's day was, and what became of it.
pub fn glossary_lines(scenario: &Scenario, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if !scenario.setting.trim().is_empty() {
        lines.push(Line::from(Span::styled(scenario.setting.clone(), theme.muted())));
        lines.push(Line::raw(""));
    }
    for entry in &scenario.glossary {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", entry.term), theme.key()),
            Span::raw(entry.meaning.clone()),
        ]));
        if !entry.now.trim().is_empty() {
            lines.push(Line::from(vec![Span::styled("  Now: ", theme.info()), Span::raw(entry.now.clone())]));
        }
        if !entry.source.trim().is_empty() {
            lines.push(Line::from(Span::styled(format!("  {}", entry.source), theme.muted())));
        }
        lines.push(Line::raw(""));
    }
    lines
}

/// Every role in full, each with who holds it at `group`'s table.
fn role_lines(scenario: &Scenario, group: &Group, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for role in &scenario.roles {
        let mut title = vec![Span::styled(role.title.clone(), theme.heading())];
        if let Some(person) = group.role_holder(&role.id) {
            title.push(Span::styled(format!("  held by {person}"), theme.info()));
        }
        lines.push(Line::from(title));
        lines.push(Line::raw(role.brief.clone()));
        for p in &role.pressures {
            lines.push(Line::from(vec![Span::styled("  Pressure: ", theme.warning()), Span::raw(p.clone())]));
        }
        if !role.source.trim().is_empty() {
            lines.push(Line::from(Span::styled(format!("  {}", role.source), theme.muted())));
        }
        lines.push(Line::raw(""));
    }
    lines
}

/// The selected role in full, with who holds it.
fn role_detail(scenario: &Scenario, group: &Group, index: usize, theme: Theme) -> Option<Vec<Line<'static>>> {
    let role = scenario.roles.get(index)?;
    let held = match group.role_holder(&role.id) {
        Some(person) => Span::styled(format!("Held by {person}"), theme.info()),
        None => Span::styled("Nobody at the table holds this role yet.", theme.muted()),
    };
    let mut lines = vec![
        Line::from(Span::styled(role.title.clone(), theme.heading())),
        Line::from(held),
        Line::raw(role.brief.clone()),
    ];
    for p in &role.pressures {
        lines.push(Line::from(vec![Span::styled("Pressure: ", theme.warning()), Span::raw(p.clone())]));
    }
    if !role.source.trim().is_empty() {
        lines.push(Line::from(Span::styled(role.source.clone(), theme.muted())));
    }
    Some(lines)
}

/// The scenario stage's rows: the page tabs, and the space under them.
fn scenario_areas(area: Rect) -> (Rect, Rect) {
    let [tab_row, rest] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
    (tab_row, rest)
}

/// Where the roles page puts its list of roles and the selected role's
/// detail; `None` on the brief's page or when the scenario has no roles.
fn roles_areas(open: &OpenSession, view: &SessionView, area: Rect) -> Option<(Rect, Rect)> {
    let roles = open.session.scenario.roles.len();
    if view.scenario_page(&open.session.scenario) != ScenarioPage::Roles || roles == 0 {
        return None;
    }
    Some(list_and_detail(scenario_areas(area).1, roles))
}

/// The scenario stage's keys beside its tabs: switching, and scrolling the
/// brief or choosing a role.
fn scenario_keys(audience: Audience<'_>, page: ScenarioPage) -> String {
    let Audience::Facilitator(keys) = audience else { return String::new() };
    let context = if page == ScenarioPage::Roles { Context::Roles } else { Context::Scenario };
    let moves = match (keys.get(context, Message::Up), keys.get(context, Message::Down)) {
        (Some(up), Some(down)) => {
            Some(format!("{up}/{down} {}", if page == ScenarioPage::Roles { "choose" } else { "scroll" }))
        }
        _ => None,
    };
    let switch = keys.get(context, Message::NextPage).map(|k| format!("{k} switches"));
    let parts: Vec<String> = switch.into_iter().chain(moves).collect();
    if parts.is_empty() { String::new() } else { format!("   {}", parts.join(", ")) }
}

fn scenario_panes(open: &OpenSession, view: &SessionView, theme: Theme, audience: Audience<'_>, area: Rect) -> Panes {
    let scenario = &open.session.scenario;
    let group = view.group(&open.session);
    let page = view.scenario_page(scenario);
    let mut tabs = Vec::new();
    for each in ScenarioPage::all(scenario) {
        let label = match each {
            ScenarioPage::Brief => " Council brief ".to_string(),
            ScenarioPage::Roles => format!(" Roles ({}) ", scenario.roles.len()),
            ScenarioPage::Glossary => format!(" Glossary ({}) ", scenario.glossary.len()),
        };
        tabs.push(Span::styled(label, if each == page { theme.selected() } else { theme.muted() }));
        tabs.push(Span::raw(" "));
    }
    tabs.pop();
    tabs.push(Span::styled(scenario_keys(audience, page), theme.muted()));
    let tabs = Line::from(tabs);
    let (tab_row, text_area) = scenario_areas(area);
    let header = Some((tab_row, tabs));
    if page == ScenarioPage::Glossary {
        return Panes { header, panes: vec![Pane::new(text_area, None, glossary_lines(scenario, theme))] };
    }
    if page == ScenarioPage::Roles {
        let panes = match roles_areas(open, view, area) {
            Some((list, detail_area)) => role_detail(scenario, group, view.role, theme)
                .map(|lines| Pane::new(detail_area, Some(detail_block(theme, list, detail_area)), lines))
                .into_iter()
                .collect(),
            None => vec![Pane::new(
                text_area,
                None,
                vec![Line::from(Span::styled("This scenario has no roles.", theme.muted()))],
            )],
        };
        return Panes { header, panes };
    }
    // A projector-sized terminal shows the brief and the roles side by side.
    if area.width >= 140 {
        let [left, _, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Length(2), Constraint::Fill(1)])
                .areas(text_area);
        let mut roles = vec![Line::from(Span::styled("Roles", theme.title())), Line::raw("")];
        roles.extend(role_lines(scenario, group, theme));
        return Panes {
            header,
            panes: vec![Pane::new(left, None, brief_lines(scenario, theme)), Pane::new(right, None, roles)],
        };
    }
    Panes { header, panes: vec![Pane::new(text_area, None, brief_lines(scenario, theme))] }
}

/// The roles as a list to choose from, each saying who holds it.
fn render_roles(open: &OpenSession, view: &SessionView, theme: Theme, area: Rect, buf: &mut Buffer) {
    let Some((list_area, _)) = roles_areas(open, view, area) else { return };
    let group = view.group(&open.session);
    let width = usize::from(list_area.width);
    let rows = open
        .session
        .scenario
        .roles
        .iter()
        .map(|role| {
            let (tag, style) = match group.role_holder(&role.id) {
                Some(person) => (format!("held by {person}"), theme.info()),
                None => ("nobody yet".to_string(), theme.muted()),
            };
            // The holder matters as much as the title: each keeps at least half.
            let tag = truncate(&tag, width / 2);
            let room = width.saturating_sub(unicode_width::UnicodeWidthStr::width(tag.as_str()) + 2);
            Line::from(vec![Span::raw(truncate(&role.title, room)), Span::raw("  "), Span::styled(tag, style)])
        })
        .collect();
    render_list(rows, view.role, theme, list_area, buf);
}

pub fn months(a: &Action) -> String {
    match (a.start_month, a.end_month) {
        (Some(s), Some(e)) => format!("months {s}–{e}"),
        (Some(s), None) => format!("from month {s}"),
        (None, Some(e)) => format!("until month {e}"),
        (None, None) => "months not set".into(),
    }
}

pub fn lead(a: &Action) -> String {
    match (a.lead, a.lead_role.is_empty()) {
        (LeadSide::Unset, true) => "lead not decided".into(),
        (LeadSide::Unset, false) => format!("led by {}", a.lead_role),
        (LeadSide::Jointly, true) => "led jointly".into(),
        (LeadSide::Jointly, false) => format!("led jointly ({})", a.lead_role),
        (side, true) => format!("led by the {}", side.label()),
        (side, false) => format!("led by the {} ({})", side.label(), a.lead_role),
    }
}

/// An 18-month strip: `░` outside the action, `█` while it runs.
fn month_strip(a: &Action, horizon: u8) -> String {
    (0..=horizon)
        .map(|m| match (a.start_month, a.end_month) {
            (Some(s), Some(e)) if m >= s && m <= e => '█',
            _ => '░',
        })
        .collect()
}

/// Rows the inject banner takes on the actions stage: the whole inject if
/// it can be had while the plan keeps its count, its checks and a few rows
/// of the list; one row when put away; none before any inject.
fn banner_height(open: &OpenSession, view: &SessionView, theme: Theme, area: Rect) -> u16 {
    let Some((_, lines)) = inject_banner_lines(open, view, theme, area.width.saturating_sub(2)) else { return 0 };
    if view.inject_hidden {
        return 1;
    }
    // On a short screen the list and its detail keep their rows: the
    // news shows a row at a time.
    let room = if area.height < 12 { 3 } else { (area.height / 2).max(area.height.saturating_sub(6)) };
    (u16::try_from(lines.len()).unwrap_or(u16::MAX) + 2).min(room).max(3).min(area.height)
}

/// Where the actions stage's banner puts the news on the facilitator's
/// screen, and its lines; `None` where no news is on show.
fn news_on_show(screen: &Screen<'_>) -> Option<(Rect, Vec<Line<'static>>)> {
    let open = screen.work.open.as_ref()?;
    let view = &screen.view;
    if screen.projector || view.inject_hidden || view.stage_kind(&open.session) != StageKind::Actions {
        return None;
    }
    let content = content_area(screen)?;
    let (_, lines) = inject_banner_lines(open, view, screen.theme, content.width.saturating_sub(2))?;
    let banner = Rect { height: banner_height(open, view, screen.theme, content), ..content };
    Some((Block::new().borders(Borders::ALL).inner(banner), lines))
}

/// Whether the news on show is longer than its banner, so that the key
/// that reads on is worth offering.
pub fn news_overflows(screen: &Screen<'_>) -> bool {
    news_on_show(screen).is_some_and(|(inner, lines)| lines.len() > usize::from(inner.height))
}

/// The offset of part `part` of `len` rows shown `height` at a time: each
/// part begins where the one before ended, the last ends with the text,
/// and after the last comes the first again.
fn part_offset(part: usize, len: usize, height: usize) -> usize {
    let last = len.saturating_sub(height);
    let shown = height.max(1);
    let parts = last.div_ceil(shown) + 1;
    ((part % parts) * shown).min(last)
}

/// The banner, the plan's count and its checks: everything above the list.
fn actions_top_height(open: &OpenSession, view: &SessionView, theme: Theme, area: Rect) -> u16 {
    banner_height(open, view, theme, area) + 2
}

fn render_actions(
    open: &OpenSession,
    view: &SessionView,
    theme: Theme,
    audience: Audience,
    area: Rect,
    buf: &mut Buffer,
) {
    let session = &open.session;
    let group = view.group(session);
    let rules = session.scenario.rules;
    let [banner_area, count_row, checks_row, rest] = Layout::vertical([
        Constraint::Length(banner_height(open, view, theme, area)),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    if let Some((title, lines)) = inject_banner_lines(open, view, theme, area.width.saturating_sub(2)) {
        render_inject_banner(open, view, (title, &lines), theme, audience, banner_area, buf);
    }
    let complete = group.actions.len() == usize::from(rules.actions);
    let key = match audience {
        Audience::Facilitator(keys) => keys.get(Context::Actions, Message::ToggleTimeline),
        Audience::Room => None,
    };
    let view_hint = match key {
        Some(key) if view.timeline => format!("{key}: list"),
        Some(key) => format!("{key}: timeline and plan checks"),
        None => String::new(),
    };
    let count = format!("Actions {}", plan::progress_label(group.actions.len(), &rules));
    let rest_of_row = truncate(
        &format!("   months 0 to {}   {view_hint}", rules.horizon_months),
        usize::from(count_row.width).saturating_sub(count.chars().count()),
    );
    Line::from(vec![
        Span::styled(count, if complete { theme.info() } else { theme.heading() }),
        Span::styled(rest_of_row, theme.muted()),
    ])
    .render(count_row, buf);
    let warnings = plan::check_plan(&group.actions);
    if let Some(first) = warnings.first().filter(|_| !view.timeline) {
        let more = if warnings.len() > 1 { format!(" (+{} more: T)", warnings.len() - 1) } else { String::new() };
        Line::from(Span::styled(truncate(&format!("! {first}{more}"), usize::from(checks_row.width)), theme.warning()))
            .render(checks_row, buf);
    }
    if view.timeline && !group.actions.is_empty() {
        // The chart and the checks scroll as one pane (Shift-↓), drawn
        // with the stage's panes.
        return;
    }
    if group.actions.is_empty() {
        let first = match rules.actions {
            1 => "add it".to_string(),
            n => format!("add the first of your {}", crate::domain::number_word(usize::from(n))),
        };
        let offer = audience.offer(
            Context::Actions,
            &[
                (Message::Add, &first),
                (Message::PickCard, "start from an idea card"),
                (Message::BrowseCards, "read the idea cards"),
            ],
        );
        let text = [
            "No actions yet.",
            &offer.unwrap_or_default(),
            "Each needs a lead, months, a first step in the next 30 days and a way to see success.",
        ]
        .join(" ")
        .replace("  ", " ");
        render_muted(&text, theme, rest, buf);
        return;
    }
    let Some((list_area, _)) = list_areas(open, view, theme, area) else { return };
    let width = usize::from(list_area.width);
    let strip_width = usize::from(rules.horizon_months) + 2;
    let show_strip = width >= 60 + strip_width;
    let rows = group
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let warn = if plan::check_action(a, &rules).is_empty() { "  " } else { "! " };
            let title = if a.title.is_empty() { "(untitled)" } else { a.title.as_str() };
            let mut spans = vec![Span::styled(warn, theme.warning()), Span::raw(format!("{}. ", i + 1))];
            let room = width.saturating_sub(5 + if show_strip { strip_width } else { 0 });
            spans.push(Span::raw(format!("{:<room$}", truncate(title, room))));
            if show_strip {
                spans.push(Span::styled(format!(" {}", month_strip(a, rules.horizon_months)), theme.key()));
            }
            Line::from(spans)
        })
        .collect();
    render_list(rows, view.action, theme, list_area, buf);
}

/// The selected action in full: lead, months, what the checks flag, and
/// each of its fields.
fn action_detail(open: &OpenSession, view: &SessionView, theme: Theme) -> Option<Vec<Line<'static>>> {
    let session = &open.session;
    let group = view.group(session);
    let rules = session.scenario.rules;
    let a = group.actions.get(view.action)?;
    let mut lines = vec![
        Line::from(Span::styled(
            if a.title.is_empty() { "(untitled)".to_string() } else { a.title.clone() },
            theme.heading(),
        )),
        Line::from(Span::styled(format!("{} · {}", lead(a), months(a)), theme.muted())),
    ];
    let field = |label: &str, value: &str| {
        Line::from(vec![
            Span::styled(format!("{label}: "), theme.key()),
            Span::raw(if value.is_empty() { "—".to_string() } else { value.to_string() }),
        ])
    };
    for problem in plan::check_action(a, &rules) {
        lines.push(Line::from(Span::styled(format!("! {problem}"), theme.warning())));
    }
    lines.push(field("What", &a.what));
    lines.push(field("First step", &a.first_step));
    lines.push(field("Success", &a.success));
    lines.push(field("Areas", &area_names(session, &a.areas)));
    let tackles: Vec<&str> = a.barriers.iter().filter_map(|id| group.barrier(*id)).map(|b| b.text.as_str()).collect();
    lines.push(field("Tackles", &tackles.join("; ")));
    lines.extend(idea_lines(session, a.idea.as_deref(), theme));
    Some(lines)
}

/// The banner's title and its lines wrapped to `width`: the inject chosen
/// with n (the latest unless stepped back), and which of how many it is.
fn inject_banner_lines(
    open: &OpenSession,
    view: &SessionView,
    theme: Theme,
    width: u16,
) -> Option<(String, Vec<Line<'static>>)> {
    let injects = &open.session.injects;
    let index = injects.len().checked_sub(1 + view.inject_back % injects.len().max(1))?;
    let inject = injects.get(index)?;
    let count = if injects.len() > 1 { format!(" ({} of {})", index + 1, injects.len()) } else { String::new() };
    let title = format!(" News, month {}: {}{count} ", inject.month, inject.title);
    let lines = vec![
        Line::raw(inject.what.clone()),
        Line::from(vec![Span::styled("Revise your plan: ", theme.key()), Span::raw(inject.question.clone())]),
    ];
    Some((title, wrap::lines(lines, width)))
}

/// The fired inject shown to every group on the actions stage, or one row
/// saying it is put away.
fn render_inject_banner(
    open: &OpenSession,
    view: &SessionView,
    (title, lines): (String, &[Line<'static>]),
    theme: Theme,
    audience: Audience,
    area: Rect,
    buf: &mut Buffer,
) {
    let height = usize::from(area.height.saturating_sub(2));
    let offset = part_offset(view.news_part, lines.len(), height);
    let below = lines.len().saturating_sub(offset + height);
    // Keys are for the facilitator, not the room.
    let (keys, show) = match audience {
        Audience::Room => {
            let note = if below > 0 { format!(" ↓ {below} more below ") } else { String::new() };
            (note, None)
        }
        Audience::Facilitator(names) => {
            let mut pieces = Vec::new();
            // News longer than the banner says so first, with the key that reads on.
            if lines.len() > height
                && let Some(key) = names.get(Context::Actions, Message::ReadNews)
            {
                pieces.push(if below > 0 {
                    format!("↓ {below} more: {key} reads on")
                } else {
                    format!("{key}: from the top")
                });
            }
            let mut choices = vec![(Message::AnswerInject, "answer it")];
            if open.session.injects.len() > 1 {
                choices.push((Message::StepInject, "the one before"));
            }
            choices.push((Message::ToggleInject, "hide"));
            pieces.extend(
                choices
                    .iter()
                    .filter_map(|(action, what)| names.get(Context::Actions, *action).map(|k| format!("{k}: {what}"))),
            );
            // As many as the border holds; the rest are in the help.
            let room = usize::from(area.width.saturating_sub(4));
            while pieces.len() > 1 && pieces.join(", ").chars().count() + 2 > room {
                pieces.pop();
            }
            let keys = if pieces.is_empty() { String::new() } else { format!(" {} ", pieces.join(", ")) };
            (keys, names.get(Context::Actions, Message::ToggleInject))
        }
    };
    if view.inject_hidden {
        let n = open.session.injects.len();
        let fired = if n == 1 { "1 inject fired".to_string() } else { format!("{n} injects fired") };
        let show = show.map_or_else(String::new, |k| format!(": {k} shows it"));
        Line::from(Span::styled(format!("News hidden ({fired}){show}"), theme.warning())).render(area, buf);
        return;
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.warning())
        .title(Span::styled(title, theme.warning()))
        .title_bottom(Line::from(Span::styled(keys, theme.muted())).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    for (row, line) in lines.iter().skip(offset).take(height).enumerate() {
        let y = inner.y + u16::try_from(row).unwrap_or(u16::MAX);
        line.clone().render(Rect { y, height: 1, ..inner }, buf);
    }
}

/// The room as a whole, then each group's plan. Exporting the reports is
/// offered by the hint bar, to the screens that may export, and asks
/// first, naming where they go.
fn close_lines(session: &Session, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    room_lines(session, theme, &mut lines);
    phone_lines(session, theme, &mut lines);
    findings_lines(session, theme, &mut lines);
    for group in &session.groups {
        close_group(session, group, theme, &mut lines);
    }
    lines
}

/// What the room found together: barriers several groups named, what
/// nobody took on, every action by area, the news and the groups' answers,
/// the stances, and the room's answers to the closing questions.
fn room_lines(session: &Session, theme: Theme, lines: &mut Vec<Line<'static>>) {
    use crate::domain::synthesis::{self, Match};
    let syn = synthesis::synthesise(session);
    let name = |id: u32| session.group_by_id(id).map_or_else(String::new, |g| g.name.clone());
    let several = session.groups.len() > 1;
    lines.push(Line::from(Span::styled(
        if several { "The room as a whole" } else { "The plan as a whole" },
        theme.heading(),
    )));
    if several {
        if syn.shared.is_empty() {
            lines.push(Line::from(Span::styled("  No barrier was named by more than one group.", theme.muted())));
        } else {
            lines.push(Line::raw("  Barriers named by more than one group:"));
        }
        for shared in &syn.shared {
            let groups: Vec<String> = shared.named_by.iter().map(|(g, _)| name(*g)).collect();
            let how = match shared.how {
                Match::Card => String::new(),
                Match::Similar => " (in words alike, for the facilitator to confirm)".to_string(),
            };
            lines.push(Line::from(vec![
                Span::raw(format!("    \"{}\" ", shared.text)),
                Span::styled(
                    format!("named by {} groups: {}{how}", shared.named_by.len(), crate::domain::and_list(&groups)),
                    theme.key(),
                ),
            ]));
        }
    }
    if !syn.unchosen_areas.is_empty() {
        let names: Vec<&str> = syn.unchosen_areas.iter().map(|a| a.name.as_str()).collect();
        let who = if several { "no group" } else { "no action" };
        lines.push(Line::from(vec![
            Span::styled(format!("  Areas of change {who} chose: "), theme.warning()),
            Span::raw(names.join(", ")),
        ]));
    }
    if !syn.untackled.is_empty() {
        lines.push(Line::from(Span::styled("  Barriers no action tackles:", theme.warning())));
        for u in &syn.untackled {
            let whose = if several { format!("{}: ", u.group) } else { String::new() };
            lines.push(Line::raw(format!("    {whose}\"{}\" (hurts {} of 5)", u.barrier.text, u.barrier.severity)));
        }
    }
    let placed: Vec<_> = syn.by_area.iter().filter(|area| !area.items.is_empty()).collect();
    if !placed.is_empty() {
        lines.push(Line::raw("  Actions by area, most dots first:"));
        for area in placed {
            lines.push(Line::from(Span::styled(
                format!("    {}", area.name),
                theme.text().add_modifier(Modifier::BOLD),
            )));
            for item in &area.items {
                let whose = if several { format!("{}: ", item.group) } else { String::new() };
                let dots = if item.votes > 0 && !session.votes_hidden {
                    format!(" ({})", crate::domain::plural(item.votes, "dot"))
                } else {
                    String::new()
                };
                lines.push(Line::raw(format!("      {whose}{}{dots}", item.title)));
            }
        }
    }
    // An action placed in no area is still part of the plan: listed, not lost.
    let unplaced: Vec<String> = session
        .groups
        .iter()
        .flat_map(|g| g.actions.iter().filter(|a| a.areas.is_empty()).map(move |a| (g, a)))
        .map(|(g, a)| {
            let whose = if several { format!("{}: ", g.name) } else { String::new() };
            let votes = crate::domain::room::votes_for(&session.votes, g.id, a.id);
            let dots = if votes > 0 && !session.votes_hidden {
                format!(" ({})", crate::domain::plural(votes, "dot"))
            } else {
                String::new()
            };
            format!("    {whose}{}{dots}", a.title)
        })
        .collect();
    if !unplaced.is_empty() {
        lines.push(Line::raw("  Actions in no area of change yet:"));
        lines.extend(unplaced.into_iter().map(Line::raw));
    }
    if let Some(choice) = &session.scenario.stance {
        let stances: Vec<String> = session
            .groups
            .iter()
            .map(|g| format!("{}: {}", g.name, g.stance_title(&session.scenario).unwrap_or("not chosen")))
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("  {} ", choice.question), theme.muted()),
            Span::raw(stances.join(" · ")),
        ]));
    }
    for (i, fired) in session.injects.iter().enumerate() {
        lines.push(Line::raw(format!("  News, month {}: {}", fired.month, fired.title)));
        for g in &session.groups {
            let answer = match g.response(i) {
                Some(r) => {
                    let touched = if r.actions.is_empty() {
                        String::new()
                    } else {
                        format!(" ({} changed)", crate::domain::plural(r.actions.len(), "action"))
                    };
                    format!("{}{touched}", if r.note.is_empty() { "(no note)" } else { r.note.as_str() })
                }
                None => "no answer yet".to_string(),
            };
            let whose = if several { format!("{}: ", g.name) } else { String::new() };
            lines.push(Line::raw(format!("    {whose}{answer}")));
        }
    }
    for question in &session.scenario.closing_questions {
        let answer = session.closing_answers.iter().find(|a| a.question == *question);
        lines.push(Line::from(Span::styled(format!("  {question}"), theme.key())));
        lines.push(match answer {
            Some(a) => Line::raw(format!("    {}", a.answer)),
            None => Line::from(Span::styled("    Not answered yet.", theme.muted())),
        });
    }
    lines.push(Line::raw(""));
}

/// What the scenario's sources found, for the facilitator to set beside
/// what the room agreed.
fn findings_lines(session: &Session, theme: Theme, lines: &mut Vec<Line<'static>>) {
    let cited = session.scenario.findings.cited();
    if cited.is_empty() {
        return;
    }
    lines.push(Line::from(Span::styled("What the sources found", theme.heading())));
    for (topic, found) in cited {
        lines.push(Line::from(vec![
            Span::styled(format!("  {topic}: "), theme.key()),
            Span::raw(found.finding.clone()),
        ]));
        lines.push(Line::from(Span::styled(format!("    {}", found.source), theme.muted())));
    }
    lines.push(Line::raw(""));
}

/// What people said on their phones: how they rated the session, and
/// their own answers to the closing questions, each with its table, for
/// the facilitator to draw on in the room's answers.
fn phone_lines(session: &Session, theme: Theme, lines: &mut Vec<Line<'static>>) {
    if session.feedback.is_empty() {
        return;
    }
    let ratings = crate::domain::session::Ratings::of(&session.feedback);
    lines.push(Line::from(Span::styled(
        format!("From the phones: {}", crate::domain::people(session.feedback.len())),
        theme.heading(),
    )));
    if let Some(heading) = super::ratings::heading(&ratings) {
        lines.push(Line::raw(format!("  {heading}")));
        for row in super::ratings::rows(&ratings, 20) {
            lines.push(Line::from(Span::styled(format!("    {row}"), theme.key())));
        }
    }
    let name = |id: u32| session.group_by_id(id).map_or_else(|| "a removed table".to_string(), |g| g.name.clone());
    for question in &session.scenario.closing_questions {
        let answers = session.phone_answers(question);
        if answers.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(format!("  {question}"), theme.text().add_modifier(Modifier::BOLD))));
        for (group, answer) in answers {
            lines.push(Line::from(vec![
                Span::styled(format!("    {}: ", name(group)), theme.muted()),
                Span::raw(answer.to_string()),
            ]));
        }
    }
    let comments: Vec<_> = session.feedback.iter().filter(|f| !f.comment.is_empty()).collect();
    if !comments.is_empty() {
        lines.push(Line::from(Span::styled("  On the session:", theme.text().add_modifier(Modifier::BOLD))));
        for said in comments {
            lines.push(Line::from(vec![
                Span::styled(format!("    {}: ", name(said.group)), theme.muted()),
                Span::raw(said.comment.clone()),
            ]));
        }
    }
    lines.push(Line::raw(""));
}

fn close_group(session: &Session, group: &Group, theme: Theme, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::from(Span::styled(
        format!("{}: agreed {}", group.name, plan::progress_label(group.actions.len(), &session.scenario.rules)),
        theme.heading(),
    )));
    for (i, a) in group.actions.iter().enumerate() {
        lines.push(Line::raw(format!("  {}. {} ({})", i + 1, a.title, months(a))));
    }
    lines.push(Line::raw(""));
}
