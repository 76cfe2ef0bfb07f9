//! Running a room: projector view, timers, groups, injects, report-back
//! views and votes, all rendered into a test terminal.

use crate::common;
use crate::common::{go_to_stage, keys, press, screen, session_app};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use roundtable::app::App;
use roundtable::domain::session::{Action, LeadSide};

const T0: u64 = 1_795_500_000;

/// Three groups with two actions each, placed in areas.
fn room() -> common::Fixture {
    let mut f = session_app(&["Red", "Blue", "Green"]);
    f.app.work.fake_now = Some(T0);
    let open = f.app.work.open.as_mut().unwrap();
    let areas: Vec<String> = open.session.scenario.areas.iter().map(|a| a.id.clone()).collect();
    for (gi, group) in open.session.groups.iter_mut().enumerate() {
        for n in 0..2 {
            group.add_action(Action {
                title: format!("{} plan {}", group.name, n + 1),
                lead: LeadSide::Jointly,
                start_month: Some(0),
                end_month: Some(6),
                areas: vec![areas[(gi + n) % areas.len()].clone()],
                ..Action::default()
            });
        }
    }
    f
}

#[test]
fn the_projector_view_shows_big_title_and_timer_without_notes() {
    let mut f = room();
    go_to_stage(&mut f.app, 2);
    press(&mut f.app, KeyCode::Char('n')); // speaker notes on, for the facilitator
    assert!(screen(&f.app, 200, 60).contains("Speaker notes"));
    press(&mut f.app, KeyCode::Char('p'));
    for (w, h) in [(200, 60), (80, 24)] {
        let s = screen(&f.app, w, h);
        assert!(s.contains("Stage 2 of 8"), "{w}x{h}: {s}");
        assert!(s.contains("Briefing"), "{w}x{h}: {s}");
        assert!(!s.contains("Speaker notes"), "notes leaked at {w}x{h}: {s}");
        assert!(!s.contains("Keep this short"), "notes leaked at {w}x{h}: {s}");
        // Big letters are drawn with block characters.
        assert!(s.contains('█') || s.contains('▀') || s.contains('▄'), "{w}x{h}: {s}");
        assert!(!s.contains("p:") && !s.contains("?: help"), "no key hints for the room: {s}");
    }
    press(&mut f.app, KeyCode::Char('p'));
    assert!(screen(&f.app, 80, 24).contains("] next stage"));
}

#[test]
fn no_color_gives_a_monochrome_projector_screen() {
    let mut f = room();
    f.app.screen.projector = true;
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    terminal.draw(|frame| frame.render_widget(&f.app, frame.area())).unwrap();
    let buf = terminal.backend().buffer();
    assert!(buf.content().iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset));
    f.app.screen.theme = roundtable::ui::theme::Theme::default();
    if f.app.screen.theme.is_colour() {
        terminal.draw(|frame| frame.render_widget(&f.app, frame.area())).unwrap();
        assert!(terminal.backend().buffer().content().iter().any(|c| c.bg == Color::Black));
    }
}

#[test]
fn the_stage_timer_starts_pauses_adjusts_and_signals_time_up() {
    let mut f = room();
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("⏱ 10:00 ⏸"), "{s}");
    press(&mut f.app, KeyCode::Char('s'));
    f.app.work.fake_now = Some(T0 + 65);
    assert!(screen(&f.app, 80, 24).contains("⏱ 8:55 ▶"));
    press(&mut f.app, KeyCode::Char('s'));
    f.app.work.fake_now = Some(T0 + 600);
    assert!(screen(&f.app, 80, 24).contains("⏱ 8:55 ⏸"), "paused time does not count");
    press(&mut f.app, KeyCode::Char('+'));
    press(&mut f.app, KeyCode::Char('+'));
    press(&mut f.app, KeyCode::Char('-'));
    assert!(screen(&f.app, 80, 24).contains("⏱ 9:55 ⏸"));
    press(&mut f.app, KeyCode::Char('s'));
    f.app.work.fake_now = Some(T0 + 600 + 600);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("TIME UP -0:05"), "{s}");
    f.app.work.bell = true;
    assert!(f.app.tick(std::time::Instant::now()), "time up redraws");
    assert!(f.app.work.bell_pending, "the bell rings once time is up");
    f.app.work.bell_pending = false;
    f.app.tick(std::time::Instant::now());
    assert!(!f.app.work.bell_pending, "and only once");
    let timer = f.app.session().unwrap().timer().unwrap();
    assert_eq!(timer.planned_secs, 660);
    assert_eq!(timer.actual_minutes(T0 + 1200), 11);
    press(&mut f.app, KeyCode::Char('R'));
    assert!(screen(&f.app, 80, 24).contains("⏱ 10:00 ⏸"));
}

#[test]
fn moving_on_pauses_the_stage_clock() {
    let mut f = room();
    press(&mut f.app, KeyCode::Char('s'));
    f.app.work.fake_now = Some(T0 + 120);
    press(&mut f.app, KeyCode::Char(']'));
    let session = f.app.session().unwrap();
    assert!(!session.timers[0].is_running());
    assert_eq!(session.timers[0].elapsed_secs, 120);
}

#[test]
fn the_rooms_clock_runs_on_while_the_room_looks_back_and_stops_when_it_moves_on() {
    let mut f = room();
    go_to_stage(&mut f.app, 6);
    press(&mut f.app, KeyCode::Char('s'));
    f.app.work.fake_now = Some(T0 + 63);
    assert!(screen(&f.app, 100, 30).contains("⏱ 33:57 ▶"), "{}", screen(&f.app, 100, 30));
    press(&mut f.app, KeyCode::Char('['));
    f.app.work.fake_now = Some(T0 + 123);
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("⏱ stage 6 32:57 ▶"), "looking back, the header shows the room's clock still running: {s}");
    press(&mut f.app, KeyCode::Char(']'));
    f.app.work.fake_now = Some(T0 + 183);
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("⏱ 31:57 ▶"), "back on its stage, the clock never stopped: {s}");
    assert!(f.app.session().unwrap().timers[5].is_running());

    // The timer keys work the clock the header shows, and starting
    // another stage's clock stops this one: the room has one clock.
    press(&mut f.app, KeyCode::Char('['));
    press(&mut f.app, KeyCode::Char('s'));
    let session = f.app.session().unwrap();
    assert!(!session.timers[5].is_running(), "s paused the clock the header showed");
    assert_eq!(session.timers[5].elapsed_secs, 183);
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("⏱ 10:00 ⏸"), "with no clock running, the header shows the room's stage's: {s}");
    press(&mut f.app, KeyCode::Char('s'));
    let session = f.app.session().unwrap();
    assert!(session.timers[4].is_running() && !session.timers[5].is_running());
    assert_eq!(session.clock_stage(), 4);

    // Moving on past the clock's stage stops it.
    f.app.work.fake_now = Some(T0 + 243);
    press(&mut f.app, KeyCode::Char(']'));
    let session = f.app.session().unwrap();
    assert!(!session.timers[4].is_running());
    assert_eq!(session.timers[4].elapsed_secs, 60);
}

#[test]
fn groups_can_be_added_renamed_switched_and_removed() {
    let mut f = room();
    go_to_stage(&mut f.app, 3);
    press(&mut f.app, KeyCode::Char('G'));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Groups") && s.contains("Blue · 0 barriers, 0 solutions, 2 of 5 actions"), "{s}");
    press(&mut f.app, KeyCode::Char('a'));
    keys(&mut f.app, " Table");
    press(&mut f.app, KeyCode::Esc);
    let names: Vec<String> = f.app.session().unwrap().groups.iter().map(|g| g.name.clone()).collect();
    assert_eq!(names, vec!["Red", "Blue", "Green", "Group 4 Table"]);
    // Switch to Blue.
    press(&mut f.app, KeyCode::Up);
    press(&mut f.app, KeyCode::Up);
    press(&mut f.app, KeyCode::Enter);
    assert_eq!(f.app.session().unwrap().group().name, "Blue");
    let s = screen(&f.app, 200, 60);
    assert!(s.contains("Blue B0 S0 A2/5"), "{s}");
    // Remove Green, after confirming.
    press(&mut f.app, KeyCode::Char('G'));
    press(&mut f.app, KeyCode::Down);
    press(&mut f.app, KeyCode::Char('x'));
    assert!(screen(&f.app, 80, 24).contains("the group \"Green\" and all its work"));
    press(&mut f.app, KeyCode::Char('y'));
    let names: Vec<String> = f.app.session().unwrap().groups.iter().map(|g| g.name.clone()).collect();
    assert_eq!(names, vec!["Red", "Blue", "Group 4 Table"]);
}

#[test]
fn an_inject_reaches_every_group_and_is_logged() {
    let mut f = room();
    go_to_stage(&mut f.app, 6);
    press(&mut f.app, KeyCode::Char('i'));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Fire an inject") && s.contains("month  4  A mid-year budget cut"), "{s}");
    press(&mut f.app, KeyCode::Down);
    press(&mut f.app, KeyCode::Down);
    press(&mut f.app, KeyCode::Enter);
    for group in 0..3 {
        f.app.work.open.as_mut().unwrap().session.current_group = group;
        for (w, h) in [(80, 24), (200, 60)] {
            let s = screen(&f.app, w, h);
            assert!(s.contains("News, month 4: A mid-year budget cut"), "group {group} at {w}x{h}: {s}");
        }
    }
    // One written on the spot: Esc thinks better of it, Ctrl-s fires it.
    press(&mut f.app, KeyCode::Char('i'));
    press(&mut f.app, KeyCode::Char('w'));
    keys(&mut f.app, "The leader rests");
    assert!(screen(&f.app, 100, 30).contains("Esc cancel (nothing is fired)"));
    press(&mut f.app, KeyCode::Esc);
    assert!(f.app.screen.form.is_none());
    assert_eq!(f.app.session().unwrap().injects.len(), 1, "nothing fired");
    assert_eq!(f.app.screen.message.clone().unwrap().text, "No inject was fired.");
    press(&mut f.app, KeyCode::Char('i'));
    press(&mut f.app, KeyCode::Char('w'));
    keys(&mut f.app, "The leader resigns");
    press(&mut f.app, KeyCode::Tab);
    keys(&mut f.app, "9");
    f.app.handle_key(&KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let log = &f.app.session().unwrap().injects;
    assert_eq!(log.len(), 2);
    assert_eq!((log[0].title.as_str(), log[0].stage, log[0].fired_at), ("A mid-year budget cut", 5, T0));
    assert_eq!((log[1].title.as_str(), log[1].month), ("The leader resigns", 9));
    assert!(screen(&f.app, 80, 24).contains("News, month 9: The leader resigns"));
}

#[test]
fn report_back_shows_side_by_side_votes_and_the_map() {
    let mut f = room();
    go_to_stage(&mut f.app, 7);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Red: 2 of 5") && s.contains("1. Red plan 1"), "{s}");
    press(&mut f.app, KeyCode::Char('v'));
    // Red votes: not for its own action, then twice for Blue's first.
    press(&mut f.app, KeyCode::Char(' '));
    assert!(screen(&f.app, 80, 24).contains("may not vote for its own actions"));
    press(&mut f.app, KeyCode::Right);
    press(&mut f.app, KeyCode::Char(' '));
    press(&mut f.app, KeyCode::Char(' '));
    let s = screen(&f.app, 200, 60);
    assert!(s.contains("Voting: Red has 1 of 3 dots left"), "{s}");
    assert!(s.contains("Blue plan 1") && s.contains("Green plan 2"), "{s}");
    assert!(s.contains("●● 2"), "{s}");
    let narrow = screen(&f.app, 80, 24);
    assert!(narrow.contains("Blue plan 1"), "{narrow}");
    press(&mut f.app, KeyCode::Char('u'));
    assert_eq!(f.app.session().unwrap().votes.len(), 1);
    // The count is hidden while the room votes; the facilitator reveals it.
    let s = screen(&f.app, 200, 60);
    assert!(s.contains("The count is hidden (r reveals): 1 dot from 1 voter so far"), "{s}");
    press(&mut f.app, KeyCode::Char('r'));
    assert!(screen(&f.app, 200, 60).contains("The dots are revealed"));

    press(&mut f.app, KeyCode::Char('v'));
    for (w, h) in [(200, 60), (80, 24)] {
        // On a small screen the map is a list of areas, read by scrolling.
        f.app.handle_event(&crossterm::event::Event::Resize(w, h));
        let mut s = screen(&f.app, w, h);
        for _ in 0..40 {
            press(&mut f.app, KeyCode::Down);
            s.push_str(&screen(&f.app, w, h));
        }
        press(&mut f.app, KeyCode::Home);
        assert!(s.contains("Improving outcomes"), "{w}x{h}: {s}");
        assert!(s.contains("Capacity and training"), "{w}x{h}: {s}");
        assert!(s.contains("Coordination"), "{w}x{h}: {s}");
    }
    let s = screen(&f.app, 200, 60);
    // Blue plan 1 sits in Relationships with one vote, above Red plan 2.
    let blue = s.find("• Blue plan 1 (Blue) ● 1").expect("voted action listed");
    let red = s.find("• Red plan 2 (Red)").expect("other action listed");
    assert!(blue < red, "most voted first: {s}");
}

#[test]
fn escape_sequences_in_group_text_are_shown_as_harmless_text() {
    let mut f = room();
    let open = f.app.work.open.as_mut().unwrap();
    open.session.groups[0].name = "Red\x1b]0;owned\x07".into();
    open.session.groups[0].actions[0].title = "Plan \x1b[2J\x1b[31mred".into();
    go_to_stage(&mut f.app, 7);
    for projector in [false, true] {
        f.app.screen.projector = projector;
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal.draw(|frame| frame.render_widget(&f.app as &App, frame.area())).unwrap();
        let buf = terminal.backend().buffer();
        assert!(buf.content().iter().all(|c| !c.symbol().contains(|ch: char| ch.is_control())));
        let s = screen(&f.app, 120, 40);
        assert!(s.contains("]0;owned"), "{s}");
    }
}

#[test]
fn changing_the_voter_keeps_the_side_by_side_view() {
    let mut f = room();
    go_to_stage(&mut f.app, 7);
    press(&mut f.app, KeyCode::Char('v'));
    press(&mut f.app, KeyCode::Char('g'));
    let s = screen(&f.app, 120, 40);
    assert!(s.contains("Voting: Blue has 3 of 3 dots left"), "{s}");
}

#[test]
fn the_facilitator_sets_the_voting_rules() {
    let mut f = room();
    go_to_stage(&mut f.app, 7);
    press(&mut f.app, KeyCode::Char('v'));
    press(&mut f.app, KeyCode::Char('D'));
    press(&mut f.app, KeyCode::Char('O'));
    let voting = f.app.session().unwrap().voting;
    assert_eq!((voting.per_group, voting.own_actions), (4, true));
    press(&mut f.app, KeyCode::Char(' '));
    let s = screen(&f.app, 120, 40);
    assert!(s.contains("Voting: Red has 3 of 4 dots left."), "own action allowed now: {s}");
}

#[test]
fn the_projector_fills_a_large_screen_with_large_text_and_a_zoomed_one_with_plain_text() {
    let mut f = room();
    go_to_stage(&mut f.app, 2);
    press(&mut f.app, KeyCode::Char('p'));
    let s = screen(&f.app, 200, 60);
    let blocky = |line: &str| {
        line.chars().any(|c| {
            matches!(
                c,
                '▀' | '▄'
                    | '█'
                    | '▌'
                    | '▐'
                    | '▖'
                    | '▗'
                    | '▘'
                    | '▝'
                    | '▙'
                    | '▛'
                    | '▜'
                    | '▟'
                    | '▞'
                    | '▚'
            )
        })
    };
    let large_rows = s.lines().filter(|l| blocky(l)).count();
    assert!(large_rows * 2 > 60, "most rows carry large text: {large_rows} of 60\n{s}");
    // A terminal already zoomed still shows the slide large, one point a
    // page (read back here from the terminal's own large letters).
    f.app.screen.letters = roundtable::term::Letters::Sized;
    let s = common::read_projector(&mut f.app, (100, 30));
    assert!(s.contains("Why partnership, why now"), "{s}");
    f.app.screen.letters = roundtable::term::Letters::Blocks;
    // Speaker notes never reach the room, at any size.
    press(&mut f.app, KeyCode::Char('n'));
    for (w, h) in [(80, 24), (100, 30), (200, 60)] {
        assert!(!screen(&f.app, w, h).contains("Speaker notes"));
    }
}

#[test]
fn the_projector_follows_the_facilitators_selection_a_page_at_a_time() {
    let mut f = room();
    go_to_stage(&mut f.app, 6);
    press(&mut f.app, KeyCode::Char('p'));
    f.app.screen.letters = roundtable::term::Letters::Sized;
    let s = common::read_projector(&mut f.app, (100, 30));
    assert!(s.contains("1. Red plan 1"), "{s}");
    press(&mut f.app, KeyCode::Down);
    let s = common::read_projector(&mut f.app, (100, 30));
    assert!(s.contains("2. Red plan 2") && s.contains("▌"), "the selected action is marked: {s}");
    assert!(!s.contains("add action") && !s.contains("timeline"), "no key hints: {s}");
}

#[test]
fn a_stray_inject_is_undone_by_name_and_an_export_asks_first() {
    let mut f = room();
    go_to_stage(&mut f.app, 8);
    // Typing on the close stage as if it were a text field: "i", then Enter.
    press(&mut f.app, KeyCode::Char('i'));
    press(&mut f.app, KeyCode::Enter);
    let fired = f.app.session().unwrap().injects[0].title.clone();
    press(&mut f.app, KeyCode::Char('z'));
    assert!(f.app.session().unwrap().injects.is_empty());
    let s = screen(&f.app, 80, 24);
    assert!(s.contains(&format!("Undone: fired inject '{fired}'")), "{s}");
    press(&mut f.app, KeyCode::Char('Z'));
    assert!(screen(&f.app, 80, 24).contains(&format!("Redone: fired inject '{fired}'")));
    assert_eq!(f.app.session().unwrap().injects.len(), 1);

    // "e" twice, then Esc: the reports are offered, never written.
    let open = f.app.work.open.as_ref().unwrap();
    let reports: Vec<_> = open.report_paths().into_iter().map(|(_, p)| p).collect();
    press(&mut f.app, KeyCode::Char('e'));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Write the reports?"), "{s}");
    for path in &reports {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(s.contains(&format!("{name}  new")), "{name} offered as new: {s}");
    }
    assert!(s.contains("Enter/y write the reports   Esc/n cancel"), "the panel is tall enough for its keys: {s}");
    press(&mut f.app, KeyCode::Char('e'));
    press(&mut f.app, KeyCode::Esc);
    assert!(reports.iter().all(|p| !p.exists()), "nothing written without Enter");
    assert!(!screen(&f.app, 80, 24).contains("Write the reports?"));

    press(&mut f.app, KeyCode::Char('e'));
    press(&mut f.app, KeyCode::Enter);
    assert!(reports.iter().all(|p| p.exists()), "written once confirmed");
    assert!(screen(&f.app, 200, 60).contains("Reports written to"));
    press(&mut f.app, KeyCode::Char('e'));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("replaces the earlier export"), "a second export says what it replaces: {s}");
}

#[test]
fn fewer_dots_per_group_takes_back_the_latest_and_undo_gives_them_back() {
    let mut f = room();
    go_to_stage(&mut f.app, 7);
    f.app.work.open.as_mut().unwrap().session.voting.per_group = 9;
    press(&mut f.app, KeyCode::Char('v'));
    // Red gives a dot to Blue's first action and two to its second.
    press(&mut f.app, KeyCode::Right);
    press(&mut f.app, KeyCode::Char(' '));
    press(&mut f.app, KeyCode::Down);
    press(&mut f.app, KeyCode::Char(' '));
    press(&mut f.app, KeyCode::Char(' '));
    let given = f.app.session().unwrap().votes.clone();
    assert_eq!(given.len(), 3);

    press(&mut f.app, KeyCode::Char('D'));
    let message = f.app.screen.message.clone().unwrap().text;
    assert_eq!(message, "Dots per group now 1: took back 2 of Red's dots.");
    let session = f.app.session().unwrap();
    assert_eq!(session.voting.per_group, 1);
    assert_eq!(session.votes, given[..1], "the first dot given is the one kept");
    let s = screen(&f.app, 120, 40);
    assert!(s.contains("Voting: Red has 0 of 1 dot left"), "{s}");

    press(&mut f.app, KeyCode::Char('z'));
    let session = f.app.session().unwrap();
    assert_eq!((session.voting.per_group, &session.votes), (9, &given), "undo restores the number and the dots");
    press(&mut f.app, KeyCode::Char('Z'));
    let session = f.app.session().unwrap();
    assert_eq!((session.voting.per_group, session.votes.len()), (1, 1));
}

#[test]
fn time_on_each_stage_is_counted_kept_through_a_timer_reset_and_saved() {
    let mut f = room();
    let path = f.app.work.open.as_ref().unwrap().path.clone();
    f.app.count_stage_time(); // as the run loop does when it starts
    press(&mut f.app, KeyCode::Char('s'));
    f.app.work.fake_now = Some(T0 + 600);
    press(&mut f.app, KeyCode::Char('R'));
    assert_eq!(f.app.screen.message.clone().unwrap().text, "Timer reset to 10 minutes.");
    f.app.work.fake_now = Some(T0 + 900);
    press(&mut f.app, KeyCode::Char(']'));
    f.app.work.fake_now = Some(T0 + 900 + 1800);
    press(&mut f.app, KeyCode::Char('q'));
    let saved = roundtable::store::load_session(&path).unwrap();
    assert_eq!((saved.stage_time[0].open_secs, saved.stage_time[0].reset_secs), (900, 600));
    assert_eq!(saved.stage_time[1].open_secs, 1800, "the stage on show counts up to quitting");
    let md =
        roundtable::export::render(&saved, roundtable::export::Format::Markdown, &roundtable::clock::TimeZone::UTC);
    assert!(md.contains("| Welcome and agenda | 10 | 15 | 10 |"), "{md}");
    assert!(md.contains("| Briefing | 15 | 30 | 0 |"), "{md}");

    // A day later the session is opened again: the day it was closed does
    // not count, only the time it is open.
    let mut app = App::with_session(f.dir.path().to_path_buf(), saved, path.clone());
    app.work.fake_now = Some(T0 + 86_400);
    app.count_stage_time();
    app.work.fake_now = Some(T0 + 86_400 + 120);
    press(&mut app, KeyCode::Char('q'));
    let saved = roundtable::store::load_session(&path).unwrap();
    assert_eq!(saved.stage_time[1].open_secs, 1800 + 120);
}

/// The message on the facilitator's status line.
fn said(app: &App) -> String {
    app.screen.message.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

/// Undo after writing a closing answer takes back the answer, and an answer
/// to the news is undone by itself: neither reaches back to older work.
#[test]
fn undo_after_a_closing_answer_takes_back_the_answer_not_older_work() {
    let mut f = room();
    go_to_stage(&mut f.app, 3);
    keys(&mut f.app, "a");
    keys(&mut f.app, "Barrier one");
    press(&mut f.app, KeyCode::Esc);
    let last = f.app.session().expect("a session").scenario.stages.len();
    go_to_stage(&mut f.app, last);
    keys(&mut f.app, "w");
    keys(&mut f.app, "Meet every month");
    press(&mut f.app, KeyCode::Esc);
    assert_eq!(f.app.session().expect("a session").closing_answers.len(), 1);
    keys(&mut f.app, "z");
    assert_eq!(said(&f.app), "Undone: answered closing question 1.");
    let session = f.app.session().expect("a session");
    assert!(session.closing_answers.is_empty());
    assert_eq!(session.groups[0].barriers.len(), 1, "the barrier of an hour ago stands");
    keys(&mut f.app, "Z");
    assert_eq!(said(&f.app), "Redone: answered closing question 1.");
    assert_eq!(f.app.session().expect("a session").closing_answers[0].answer, "Meet every month");
}

/// The update only asks for the reports; they are written when the app
/// carries out what was asked, so an update never touches the disk.
#[test]
fn an_update_asks_for_the_reports_and_the_app_writes_them() {
    use roundtable::app::effects::Effect;
    let mut f = room();
    let md = f.app.work.open.as_ref().expect("a session").path.with_extension("md");
    let last = f.app.session().expect("a session").scenario.stages.len();
    go_to_stage(&mut f.app, last);
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    f.app.local().handle_key(&key('e'));
    f.app.local().handle_key(&key('y'));
    assert!(matches!(f.app.screen.effects.as_slice(), [Effect::WriteReports]), "{:?}", f.app.screen.effects);
    assert!(!md.exists(), "nothing is written by the update");
    f.app.local().carry_out_effects();
    assert!(md.exists(), "the app writes the reports");
    assert!(f.app.screen.effects.is_empty());
    assert!(said(&f.app).starts_with("Reports written to"), "{}", said(&f.app));
}

/// The projector never draws a list or a form: a key that opens one
/// brings back the facilitator's screen to show it.
#[test]
fn a_list_opened_from_the_projector_is_shown_on_the_facilitators_screen() {
    let mut f = room();
    go_to_stage(&mut f.app, 6);
    press(&mut f.app, KeyCode::Char('p'));
    assert!(f.app.screen.projector);
    press(&mut f.app, KeyCode::Char('i'));
    assert!(!f.app.screen.projector, "the facilitator's screen is back");
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("Fire an inject"), "{s}");
    press(&mut f.app, KeyCode::Esc);
    // Moving through the stage, or the clock, keeps the projector.
    press(&mut f.app, KeyCode::Char('p'));
    press(&mut f.app, KeyCode::Char('s'));
    press(&mut f.app, KeyCode::Down);
    assert!(f.app.screen.projector);
}
