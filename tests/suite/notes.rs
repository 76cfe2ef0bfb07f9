//! The notes screen follows the session file and shows facilitator-only text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roundtable::app::App;
use roundtable::domain::session::{Action, Mode, Session};
use roundtable::scenarios;
use roundtable::store::save_session;

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = terminal.backend().buffer();
    (0..h).map(|y| (0..w).map(|x| buf.cell((x, y)).map_or(" ", |c| c.symbol())).collect::<String>() + "\n").collect()
}

#[test]
fn notes_follow_the_session_as_it_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    let mut session = Session::new("Notes", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
    session.stage = 1;
    save_session(&session, &path).unwrap();
    let mut notes = App::console(path.clone());
    notes.screen.theme = roundtable::ui::theme::Theme::monochrome();
    let s = screen(&notes, 120, 30);
    assert!(s.contains("Slide 1 of 7: Why partnership, why now"), "{s}");
    assert!(s.contains("Keep this short"), "speaker notes shown: {s}");

    session.slide = 2;
    session.groups[0].add_action(Action { title: "Map the sector".into(), ..Action::default() });
    std::thread::sleep(std::time::Duration::from_millis(10));
    save_session(&session, &path).unwrap();
    assert!(notes.read_followed());
    let s = screen(&notes, 120, 30);
    assert!(s.contains("Slide 3 of 7"), "{s}");
    assert!(s.contains("action: Map the sector"), "{s}");

    std::fs::write(&path, "Session(").unwrap();
    notes.read_followed();
    let s = screen(&notes, 120, 30);
    assert!(s.contains("Last read failed"), "{s}");
    assert!(s.contains("Slide 3 of 7"), "the last good state stays: {s}");
}

// The presenter console: what the facilitator sees at 80x24 and 200x60.

use std::path::{Path, PathBuf};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use roundtable::domain::room::{FiredInject, Vote};
use roundtable::domain::session::LeadSide;
use roundtable::ui::notes::PREVIEW_LABEL;
use roundtable::ui::theme::Theme;

/// 06:00 UTC.
const T0: u64 = 1_795_500_000;

fn buffer(app: &App, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().buffer().clone()
}

fn complete(title: &str, barrier: u32) -> Action {
    Action {
        title: title.into(),
        what: "Described".into(),
        lead: LeadSide::Jointly,
        lead_role: "Head of policy".into(),
        barriers: vec![barrier],
        start_month: Some(1),
        end_month: Some(12),
        first_step: "Book the room".into(),
        success: "People notice".into(),
        within_reach: Some(true),
        ..Action::default()
    }
}

/// Three groups; Red has two complete actions and one half written, the
/// others one complete action each; two injects fired; Red gave two dots.
fn full_room(stage: usize) -> Session {
    let mut s = Session::new(
        "Console",
        scenarios::built_in_default(),
        Mode::Room,
        &["Red".into(), "Blue".into(), "Green".into()],
        T0,
    );
    for g in &mut s.groups {
        let name = g.name.clone();
        let b = g.add_barrier(roundtable::domain::session::Barrier {
            text: format!("{name} barrier"),
            severity: 4,
            ..Default::default()
        });
        g.add_action(complete(&format!("{name} forum"), b));
    }
    let red = &mut s.groups[0];
    red.add_action(complete("Red directory", 1));
    red.add_action(Action { title: "Red half-written pact".into(), ..Action::default() });
    let injects = s.scenario.injects.clone();
    s.injects.push(FiredInject::from_scenario(&injects[0], T0 - 600, 5));
    s.injects.push(FiredInject::from_scenario(&injects[1], T0 - 300, 5));
    let (red, blue, green) = (s.groups[0].id, s.groups[1].id, s.groups[2].id);
    let blue_action = s.groups[1].actions[0].id;
    let green_action = s.groups[2].actions[0].id;
    s.votes.push(Vote { from: red, group: blue, action: blue_action, person: None });
    s.votes.push(Vote { from: red, group: green, action: green_action, person: None });
    s.votes.push(Vote { from: blue, group: green, action: green_action, person: None });
    s.stage = stage;
    s
}

/// The console on a saved copy of `session`, clock fixed at T0 (UTC).
fn console(session: &Session) -> (tempfile::TempDir, PathBuf, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("room-session.ron");
    save_session(session, &path).unwrap();
    let mut notes = App::console(path.clone());
    notes.screen.theme = Theme::monochrome();
    notes.work.fake_now = Some(T0);
    notes.work.zone = roundtable::clock::TimeZone::UTC;
    (dir, path, notes)
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn sized(app: &mut App, w: u16, h: u16) {
    app.handle_event(&Event::Resize(w, h));
}

#[test]
fn at_80x24_the_console_shows_the_slide_the_next_one_the_notes_and_the_timer() {
    let mut session = full_room(1);
    session.slide = 1;
    session.timer_mut().unwrap().start(T0 - 60);
    let slides = session.scenario.slides.clone();
    let (_dir, _path, notes) = console(&session);
    let s = screen(&notes, 80, 24);
    assert!(s.contains("Stage 2 of 8 · Briefing"), "{s}");
    assert!(s.contains(&format!("Slide 2 of 7: {}", slides[1].title)), "the current slide: {s}");
    let first_point: String = slides[1].points[0].chars().take(30).collect();
    assert!(s.contains(&first_point), "its points: {s}");
    assert!(s.contains(&format!("Slide 3 of 7: {}", slides[2].title)), "the next slide: {s}");
    let note: String = slides[1].notes.chars().take(30).collect();
    assert!(s.contains(&note), "the speaker notes: {s}");
    assert!(s.contains("⏱ 14:00") && s.contains("left · running"), "the timer: {s}");
    assert!(s.contains("ends about 06:14"), "when it ends: {s}");
    assert!(s.lines().next().unwrap().trim_end().ends_with("06:00"), "the time of day, top right: {s}");
    assert!(s.contains("↓") && s.contains("more below"), "it says there is more: {s}");
    assert!(s.contains("PgUp/PgDn") && s.contains("? help") && s.contains("q quit"), "the hint bar: {s}");
    let smallest = screen(&notes, 60, 16);
    assert!(smallest.contains("q quit") && smallest.contains("? help"), "even at 60x16: {smallest}");
}

#[test]
fn the_next_of_the_last_slide_is_the_next_stage_and_the_last_stage_has_none() {
    let mut session = full_room(1);
    session.slide = 6;
    let (_dir, path, mut notes) = console(&session);
    let s = screen(&notes, 80, 24);
    assert!(s.contains("Slide 7 of 7"), "{s}");
    assert!(s.contains("After the last slide: Stage 3 of 8 · Barriers"), "{s}");

    session.stage = 2;
    std::thread::sleep(std::time::Duration::from_millis(10));
    save_session(&session, &path).unwrap();
    assert!(notes.read_followed());
    let s = screen(&notes, 80, 24);
    assert!(s.contains("Stage 4 of 8 · Solutions"), "the next stage: {s}");
    assert!(s.contains("Ask the room") && s.contains("If a group is stuck"), "prompt and hint: {s}");
    let hint: String = session.scenario.stages[2].hint.chars().take(25).collect();
    assert!(s.contains(&hint), "{s}");

    session.stage = 7;
    std::thread::sleep(std::time::Duration::from_millis(10));
    save_session(&session, &path).unwrap();
    assert!(notes.read_followed());
    let s = screen(&notes, 80, 24);
    assert!(s.contains("Nothing: this is the last stage."), "{s}");
}

/// The cell where the header's timer badge starts.
fn badge(buf: &Buffer) -> ratatui::buffer::Cell {
    let x = (0..buf.area.width).find(|x| buf[(*x, 1)].symbol() == "⏱").expect("a timer badge on row 2");
    buf[(x, 1)].clone()
}

#[test]
fn time_up_is_said_and_coloured_as_an_alarm() {
    let mut session = full_room(5);
    session.timer_mut().unwrap().start(T0 - 60);
    let (_dir, path, mut notes) = console(&session);
    notes.screen.theme = Theme::default();
    let running = badge(&buffer(&notes, 80, 24));
    let selected = notes.screen.theme.selected();
    assert!(running.modifier.contains(selected.add_modifier), "{running:?}");

    // Started an hour ago: 35 minutes planned, so time is up.
    session.timer_mut().unwrap().pause(T0);
    session.timer_mut().unwrap().start(T0 - 3600);
    session.timers[5].elapsed_secs = 0;
    std::thread::sleep(std::time::Duration::from_millis(10));
    save_session(&session, &path).unwrap();
    assert!(notes.read_followed());
    let buf = buffer(&notes, 80, 24);
    let up = badge(&buf);
    let error = notes.screen.theme.error();
    assert!(up.modifier.contains(error.add_modifier), "{up:?}");
    if let Some(bg) = error.bg {
        assert_eq!(up.bg, bg, "time up is on the alarm colour");
    }
    assert_ne!((up.fg, up.bg, up.modifier), (running.fg, running.bg, running.modifier));
    notes.screen.theme = Theme::monochrome();
    let s = screen(&notes, 80, 24);
    assert!(s.contains("⏱ -25:00") && s.contains("TIME IS UP"), "{s}");

    let mut paused = full_room(5);
    paused.timer_mut().unwrap().start(T0 - 60);
    paused.timer_mut().unwrap().pause(T0 - 30);
    std::thread::sleep(std::time::Duration::from_millis(10));
    save_session(&paused, &path).unwrap();
    assert!(notes.read_followed());
    let s = screen(&notes, 80, 24);
    assert!(s.contains("⏱ 34:30") && s.contains("left · paused"), "{s}");
}

/// Every row of text the console shows while scrolled from the top to the
/// end one row at a time, and the screen at the end.
fn scroll_through(notes: &mut App, w: u16, h: u16) -> (String, String, usize) {
    sized(notes, w, h);
    press(notes, KeyCode::Home);
    let mut seen = String::new();
    let mut steps = 0;
    let mut s = screen(notes, w, h);
    while s.contains("more below") {
        seen.push_str(&s);
        press(notes, KeyCode::Down);
        steps += 1;
        assert!(steps < 500, "scrolling never reached the end");
        s = screen(notes, w, h);
    }
    seen.push_str(&s);
    (seen, s, steps)
}

#[test]
fn at_80x24_scrolling_reaches_every_part_and_stops_at_the_end() {
    let mut session = full_room(5);
    session.timer_mut().unwrap().start(T0 - 60);
    let (_dir, _path, mut notes) = console(&session);
    let (seen, end, steps) = scroll_through(&mut notes, 80, 24);
    assert!(steps > 10, "at 80x24 the console is longer than the screen");
    for group in ["Red", "Blue", "Green"] {
        assert!(seen.contains(&format!("action: {group} forum ✓")), "{group}'s complete action: {seen}");
    }
    assert!(seen.contains("actions ●●◐○○ 3 of 5 · 2 complete"), "Red's progress: {seen}");
    assert!(seen.contains("actions ●○○○○ 1 of 5 · 1 complete"), "Blue's progress: {seen}");
    assert!(seen.contains("action: Red half-written pact (needs months, lead, first step"), "{seen}");
    let injects = &session.scenario.injects;
    assert!(seen.contains("Injects fired: 2"), "{seen}");
    assert!(seen.contains(&format!("Latest, month {}: {}", injects[1].month, injects[1].title)), "{seen}");
    assert!(seen.contains(&format!("earlier, month {}: {}", injects[0].month, injects[0].title)), "{seen}");
    assert!(seen.contains(PREVIEW_LABEL), "the projector preview: {seen}");
    assert!(
        seen.contains("Stage 6 of 8 · Red"),
        "the preview is the projector's own view of the actions stage: {seen}"
    );
    assert!(end.contains("8. Close") && end.contains("10 min"), "the end is the plan's last stage: {end}");
    assert!(end.contains("more above") && !end.contains("more below"), "{end}");

    // Past the end nothing moves; End and PgDn land on the same screen.
    press(&mut notes, KeyCode::Down);
    assert_eq!(screen(&notes, 80, 24), end, "scrolling stops at the end");
    press(&mut notes, KeyCode::Home);
    assert!(screen(&notes, 80, 24).contains("Now"), "Home goes back to the top");
    press(&mut notes, KeyCode::End);
    assert_eq!(screen(&notes, 80, 24), end);
    press(&mut notes, KeyCode::Up);
    assert!(screen(&notes, 80, 24).contains("more below"), "one up from the end shows there is more below");
    press(&mut notes, KeyCode::Home);
    let mut pages = 0;
    while screen(&notes, 80, 24).contains("more below") {
        press(&mut notes, KeyCode::PageDown);
        pages += 1;
        assert!(pages < 50);
    }
    assert_eq!(screen(&notes, 80, 24), end, "a page at a time reaches the same end");
    assert!(pages < steps / 5, "a page moves many rows: {pages} pages, {steps} rows");
}

#[test]
fn at_200x60_three_columns_show_everything_without_scrolling() {
    let mut session = full_room(6);
    session.timer_mut().unwrap().start(T0 - 60);
    let (_dir, _path, mut notes) = console(&session);
    sized(&mut notes, 200, 60);
    let s = screen(&notes, 200, 60);
    assert!(!s.contains("more below"), "everything fits: {s}");
    assert!(s.contains("Stage 7 of 8 · Report-back"), "{s}");
    assert!(s.contains("Stage 8 of 8 · Close"), "the next stage: {s}");
    assert!(s.contains("Groups (3)"), "{s}");
    assert!(s.contains("dots given 2 of 3 · received 0"), "Red's dots on report-back: {s}");
    assert!(s.contains("dots given 0 of 3 · received 2"), "Green's dots: {s}");
    assert!(s.contains("Injects fired: 2"), "{s}");
    assert!(s.contains("19:00 running"), "the timer's state beside the big clock: {s}");
    assert!(s.contains(PREVIEW_LABEL), "{s}");
    assert!(
        s.contains("Stage 7 of 8 · Red") && s.contains("1 of 4"),
        "the projector's own report-back view of the main screen's group, a page at a time: {s}"
    );
    assert!(s.contains("▸") && s.contains("7. Report-back"), "the plan, the room's stage marked: {s}");
    assert!(s.contains("no screen of its own"), "the tracker's word on each group's screens: {s}");

    // Three columns side by side: the notes, the groups and the preview
    // share rows.
    let row = s.lines().find(|l| l.contains("Now")).unwrap();
    assert!(row.contains("█") || row.contains("▀") || row.contains("▄"), "the clock in big digits beside Now: {row}");
    assert!(row.contains(PREVIEW_LABEL), "the preview beside them: {row}");
    // The big clock says 19:00 in block glyphs, four rows tall.
    let glyph_rows = s.lines().skip(2).take(4).filter(|l| l.contains('█') || l.contains('▀')).count();
    assert_eq!(glyph_rows, 4, "{s}");
}

#[test]
fn help_lists_the_keys_and_q_or_esc_quits() {
    let session = full_room(2);
    let (_dir, _path, mut notes) = console(&session);
    sized(&mut notes, 80, 24);
    press(&mut notes, KeyCode::Char('?'));
    let s = screen(&notes, 80, 24);
    for keys in ["↑/↓/k/j", "PgUp/PgDn", "Home/End", "q/Esc/Ctrl-c", "never changes it"] {
        assert!(s.contains(keys), "{keys}: {s}");
    }
    press(&mut notes, KeyCode::Esc);
    assert!(notes.running(), "Esc closes the help first");
    assert!(!screen(&notes, 80, 24).contains("Ctrl-c"));
    press(&mut notes, KeyCode::Esc);
    assert!(!notes.running());

    let (_dir, _path, mut notes) = console(&session);
    press(&mut notes, KeyCode::Char('q'));
    assert!(!notes.running());
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let meta = std::fs::metadata(&p).unwrap();
            (p.clone(), std::fs::read(&p).unwrap(), meta.modified().unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_console_never_writes() {
    let session = full_room(5);
    let (dir, _path, mut notes) = console(&session);
    let before = snapshot(dir.path());
    sized(&mut notes, 80, 24);
    for code in [KeyCode::Down, KeyCode::PageDown, KeyCode::End, KeyCode::Char('?'), KeyCode::Esc, KeyCode::Char('q')] {
        press(&mut notes, code);
        screen(&notes, 80, 24);
        screen(&notes, 200, 60);
        notes.read_followed();
    }
    assert_eq!(snapshot(dir.path()), before, "no file is written, added or touched");
}

#[test]
fn a_new_slide_starts_the_console_at_its_top() {
    let mut session = full_room(1);
    let (_dir, path, mut notes) = console(&session);
    sized(&mut notes, 80, 24);
    press(&mut notes, KeyCode::End);
    assert!(!screen(&notes, 80, 24).contains("Slide 1 of 7"));
    session.slide = 1;
    std::thread::sleep(std::time::Duration::from_millis(10));
    save_session(&session, &path).unwrap();
    assert!(notes.read_followed());
    assert!(screen(&notes, 80, 24).contains("Slide 2 of 7"), "the new slide is in view");
}

#[test]
fn in_a_shared_folder_an_unreadable_group_file_keeps_that_groups_last_good_work() {
    use roundtable::store::folder;
    let dir = tempfile::tempdir().unwrap();
    let mut session =
        Session::new("Shared", scenarios::built_in_default(), Mode::Room, &["Red".into(), "Blue".into()], T0);
    session.stage = 5;
    folder::create_room(dir.path(), &session).unwrap();
    let red_path = dir.path().join("red.group.ron");
    let mut red = folder::load_group(&red_path).unwrap();
    red.add_action(complete("Red's shared action", 1));
    folder::save_group(dir.path(), &red, None).unwrap();

    let mut notes = App::console(folder::room_path(dir.path()));
    notes.screen.theme = Theme::monochrome();
    notes.work.fake_now = Some(T0);
    let s = screen(&notes, 200, 60);
    assert!(s.contains("action: Red's shared action ✓"), "{s}");

    std::fs::write(&red_path, "GroupFile(schema_version: 1, group: Group(").unwrap();
    assert!(notes.read_followed());
    let s = screen(&notes, 200, 60);
    assert!(s.contains("⚠ red.group.ron cannot read"), "the problem beside Red: {s}");
    assert!(s.contains("action: Red's shared action ✓"), "Red's last good work stays: {s}");
}

/// The console's tracker: the tables the serving screen last saved as
/// connected, the stage each looks at, the news each answered, and how
/// far the afternoon is behind its plan.
#[test]
fn the_console_tracks_each_tables_screen_its_answers_and_the_plan() {
    let mut session = full_room(5);
    let red = session.groups[0].id;
    session.connected =
        vec![roundtable::domain::session::ScreenSeen { group: red, from: "10.0.0.4".into(), looking_at: Some(4) }];
    session.groups[0].answer_inject(0, "We slow down", vec![]);
    // Started 40 minutes before an actions stage planned to start 85 in:
    // the room is ahead.
    session.room_time.started_at = Some(T0 - 40 * 60);
    let (_dir, _path, mut notes) = console(&session);
    sized(&mut notes, 200, 60);
    let s = screen(&notes, 200, 60);
    assert!(s.contains("SSH from 10.0.0.4: stage 5"), "Red's table looks back at the scenario: {s}");
    assert!(s.contains("news 1 of 2 answered ✓○"), "{s}");
    assert!(s.contains("news 0 of 2 answered ○○"), "{s}");
    assert!(s.contains("min ahead · planned finish"), "{s}");
    assert!(s.contains("Break") && s.contains("10 min"), "the plan has its break: {s}");
}

/// Two saves of the same length within a second, on a file system whose
/// clock ticks so coarsely that both leave the file the same time: the
/// console tells them apart by the save count each writes.
#[test]
fn the_console_follows_two_same_length_saves_within_one_second() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("room-session.ron");
    let mut session = full_room(1);
    session.slide = 0;
    save_session(&session, &path).unwrap();
    let mut room = App::with_session(dir.path().to_path_buf(), session, path.clone());
    room.work.fake_now = Some(T0);
    let tick = std::time::SystemTime::now();
    let set_time = || std::fs::File::options().write(true).open(&path).unwrap().set_modified(tick).unwrap();
    set_time();
    let length = std::fs::metadata(&path).unwrap().len();
    let mut notes = App::console(path.clone());
    notes.screen.theme = Theme::monochrome();
    notes.work.fake_now = Some(T0);
    assert!(screen(&notes, 80, 24).contains("Slide 1 of 7"));

    let started = std::time::Instant::now();
    for slide in [2, 3] {
        press(&mut room, KeyCode::Right);
        room.save_now().unwrap();
        set_time();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), length, "the same length as before");
        assert!(notes.read_followed(), "slide {slide} is a new save");
        let s = screen(&notes, 80, 24);
        assert!(s.contains(&format!("Slide {slide} of 7")), "{s}");
        assert!(!notes.read_followed(), "and it is read once");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(1), "both within one second");
    assert_eq!(roundtable::store::load_session(&path).unwrap().saved, 2, "the facilitator's saves are counted");
}
