//! The plan in depth: timeline, plan checks, solo practice with its
//! debrief and history, follow-up review, and undo.

use crate::common;
use crate::common::{go_to_stage, keys, press, screen};
use crossterm::event::KeyCode;
use roundtable::app::App;
use roundtable::domain::session::{Action, FollowUp, LeadSide, Mode, Session};
use roundtable::scenarios;
use roundtable::store::{paths, save_session};

fn solo_app(dir: &std::path::Path, created: u64) -> App {
    let session = Session::new("Practice", scenarios::built_in_default(), Mode::Solo, &["My plan".into()], created);
    let path = paths::sessions_dir(dir).join(format!("practice-{created}.ron"));
    save_session(&session, &path).unwrap();
    let mut app = App::with_session(dir.to_path_buf(), session, path);
    app.screen.theme = roundtable::ui::theme::Theme::monochrome();
    app
}

fn add_action(app: &mut App, title: &str, start: &str, end: &str) {
    press(app, KeyCode::Char('a'));
    keys(app, title);
    // Title, what, lead, lead role, areas, barriers, start month.
    for _ in 0..6 {
        press(app, KeyCode::Tab);
    }
    keys(app, start);
    press(app, KeyCode::Tab);
    keys(app, end);
    press(app, KeyCode::Tab);
    keys(app, "Make the first call");
    press(app, KeyCode::Esc);
}

#[test]
fn the_timeline_shows_months_first_steps_and_kinds_of_action() {
    let mut f = common::session_app(&["Red"]);
    go_to_stage(&mut f.app, 6);
    add_action(&mut f.app, "Quick start", "0", "4");
    add_action(&mut f.app, "Long haul", "2", "18");
    press(&mut f.app, KeyCode::Char('T'));
    for (w, h) in [(80, 24), (200, 60)] {
        let s = screen(&f.app, w, h);
        assert!(s.contains("month"), "{w}x{h}: {s}");
        assert!(s.contains("1. Quick start") && s.contains("quick win"), "{w}x{h}: {s}");
        assert!(s.contains("2. Long haul") && s.contains("long term"), "{w}x{h}: {s}");
        assert!(s.contains('◆'), "first step marked at {w}x{h}: {s}");
        assert!(s.contains("Plan checks"), "{w}x{h}: {s}");
        assert!(!s.contains("every action is led by the council alone"), "{s}");
        assert!(s.contains("action 1 does not tackle any of your barriers"), "{w}x{h}: {s}");
    }
    insta::assert_snapshot!("timeline_80x24", screen(&f.app, 80, 24));
}

#[test]
fn undo_and_redo_work_through_the_keys() {
    let mut f = common::session_app(&["Red"]);
    go_to_stage(&mut f.app, 3);
    press(&mut f.app, KeyCode::Char('a'));
    keys(&mut f.app, "Silos");
    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Char('4'));
    assert_eq!(f.app.session().unwrap().group().barriers[0].severity, 4);
    press(&mut f.app, KeyCode::Char('z'));
    assert_eq!(f.app.session().unwrap().group().barriers[0].severity, 3, "severity change undone");
    press(&mut f.app, KeyCode::Char('z'));
    assert!(f.app.session().unwrap().group().barriers.is_empty(), "the whole add, text and all, undone");
    press(&mut f.app, KeyCode::Char('Z'));
    assert_eq!(f.app.session().unwrap().group().barriers[0].text, "Silos");
    press(&mut f.app, KeyCode::Char('x'));
    press(&mut f.app, KeyCode::Char('y'));
    assert!(f.app.session().unwrap().group().barriers.is_empty());
    press(&mut f.app, KeyCode::Char('z'));
    assert_eq!(f.app.session().unwrap().group().barriers.len(), 1, "a delete can be undone");
}

/// Undo puts the cursor on what it put back, so the room sees it return.
#[test]
fn undo_selects_what_it_puts_back() {
    let mut f = common::session_app(&["Red"]);
    go_to_stage(&mut f.app, 3);
    for text in ["Silos", "No shared data", "Short funding"] {
        press(&mut f.app, KeyCode::Char('a'));
        keys(&mut f.app, text);
        press(&mut f.app, KeyCode::Esc);
    }
    press(&mut f.app, KeyCode::Up);
    assert_eq!(f.app.screen.view.barrier, 1);
    press(&mut f.app, KeyCode::Char('x'));
    press(&mut f.app, KeyCode::Char('y'));
    press(&mut f.app, KeyCode::Home);
    assert_eq!(f.app.screen.view.barrier, 0);
    press(&mut f.app, KeyCode::Char('z'));
    let barriers: Vec<String> = f.app.session().unwrap().group().barriers.iter().map(|b| b.text.clone()).collect();
    assert_eq!(barriers, ["Silos", "No shared data", "Short funding"]);
    assert_eq!(f.app.screen.view.barrier, 1, "the cursor is on the barrier put back");
    // Undoing a severity set elsewhere in the list goes to that barrier.
    press(&mut f.app, KeyCode::End);
    press(&mut f.app, KeyCode::Char('5'));
    press(&mut f.app, KeyCode::Home);
    press(&mut f.app, KeyCode::Char('z'));
    assert_eq!(f.app.screen.view.barrier, 2, "the cursor is on the barrier whose severity went back");
}

#[test]
fn solo_practice_shows_hints_sends_news_and_ends_in_a_debrief() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = solo_app(dir.path(), 1_795_500_000);
    go_to_stage(&mut app, 3);
    assert!(screen(&app, 80, 24).contains("Hint: Draw a card"), "solo shows the stage's hint");
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    go_to_stage(&mut app, 6);
    add_action(&mut app, "One", "0", "3");
    add_action(&mut app, "Two", "1", "9");
    assert!(app.session().unwrap().injects.is_empty());
    add_action(&mut app, "Three", "4", "16");
    assert_eq!(app.session().unwrap().injects.len(), 1, "news arrives at three actions");
    let s = screen(&app, 80, 24);
    assert!(s.contains("News, month"), "{s}");
    add_action(&mut app, "Four", "2", "8");
    add_action(&mut app, "Five", "0", "18");
    assert_eq!(app.session().unwrap().injects.len(), 2, "and again at five");

    go_to_stage(&mut app, 8);
    for (w, h) in [(80, 24), (200, 60)] {
        let s = screen(&app, w, h);
        assert!(s.contains("Debrief: your plan against the sources"), "{w}x{h}: {s}");
        assert!(s.contains("Practice history"), "{w}x{h}: {s}");
    }
    let s = screen(&app, 200, 60);
    assert!(s.contains("! Key barrier: No action tackles \"Low trust and understanding\""), "{s}");
    assert!(s.contains("NLGN, Making change happen (2007)"), "{s}");
    assert!(s.contains("Roundtable's own rule of thumb, not a research finding."), "the tool's advice says so: {s}");
    assert!(s.contains("This is your first practice attempt"), "{s}");
}

#[test]
fn a_second_attempt_is_compared_with_the_first() {
    let dir = tempfile::tempdir().unwrap();
    // The first attempt: one council-led action in one area.
    let mut first = Session::new("First go", scenarios::built_in_default(), Mode::Solo, &["Me".into()], 1_795_000_000);
    let area = first.scenario.areas[0].id.clone();
    first.group_mut().add_action(Action {
        title: "A".into(),
        lead: LeadSide::Council,
        areas: vec![area],
        ..Action::default()
    });
    save_session(&first, &paths::sessions_dir(dir.path()).join("first.ron")).unwrap();

    let mut app = solo_app(dir.path(), 1_795_500_000);
    {
        let open = app.work.open.as_mut().unwrap();
        let areas: Vec<String> = open.session.scenario.areas.iter().map(|a| a.id.clone()).collect();
        for (i, area) in areas.iter().take(3).enumerate() {
            open.session.group_mut().add_action(Action {
                title: format!("B{i}"),
                lead: LeadSide::Jointly,
                areas: vec![area.clone()],
                ..Action::default()
            });
        }
    }
    go_to_stage(&mut app, 8);
    let s = screen(&app, 200, 60);
    assert!(s.contains("Compared with the attempt before:"), "{s}");
    assert!(s.contains("Areas of change covered: 1 → 3 of 5 (up)"), "{s}");
    assert!(s.contains("Actions led jointly: 0 → 3 (up)"), "{s}");
    assert!(s.contains("← this attempt"), "{s}");
}

#[test]
fn follow_up_records_status_and_note_and_the_report_shows_them() {
    let mut f = common::session_app(&["Red"]);
    go_to_stage(&mut f.app, 6);
    add_action(&mut f.app, "Map the sector", "0", "6");
    go_to_stage(&mut f.app, 8);
    press(&mut f.app, KeyCode::Char('f'));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("[not reviewed] Red: Map the sector"), "{s}");
    press(&mut f.app, KeyCode::Right);
    press(&mut f.app, KeyCode::Right);
    press(&mut f.app, KeyCode::Enter);
    keys(&mut f.app, "Directory published in March");
    press(&mut f.app, KeyCode::Esc);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("[on track]"), "{s}");
    assert!(s.contains("Directory published in March"), "{s}");
    let a = &f.app.session().unwrap().group().actions[0];
    assert_eq!((a.status, a.status_note.as_str()), (FollowUp::OnTrack, "Directory published in March"));
    let report = roundtable::export::render(
        f.app.session().unwrap(),
        roundtable::export::Format::Markdown,
        &roundtable::clock::TimeZone::UTC,
    );
    assert!(report.contains("| Red | Map the sector | on track | Directory published in March |"), "{report}");
}

#[test]
fn an_action_that_would_end_before_it_starts_is_refused_in_the_form() {
    let mut f = common::session_app(&["Red"]);
    go_to_stage(&mut f.app, 6);
    press(&mut f.app, KeyCode::Char('a'));
    keys(&mut f.app, "Back to front");
    for _ in 0..6 {
        press(&mut f.app, KeyCode::Tab);
    }
    keys(&mut f.app, "15");
    press(&mut f.app, KeyCode::Tab);
    keys(&mut f.app, "3");
    let ctrl_s = crossterm::event::KeyEvent::new(KeyCode::Char('s'), crossterm::event::KeyModifiers::CONTROL);
    for close in [Some(ctrl_s), None] {
        match close {
            Some(key) => f.app.handle_key(&key),
            None => press(&mut f.app, KeyCode::Esc),
        }
        let form = f.app.screen.form.as_ref().expect("the form stays open");
        assert_eq!(form.fields[form.focus].label, "End month");
        let s = screen(&f.app, 80, 24);
        assert!(s.contains("Start month 15 is after End month 3"), "{s}");
        let a = &f.app.session().unwrap().group().actions[0];
        assert!(!a.ends_before_it_starts(), "{a:?}");
    }
    // Put right, the form closes and the months are kept.
    keys(&mut f.app, "18");
    assert!(!screen(&f.app, 80, 24).contains("is after End month"));
    f.app.handle_key(&ctrl_s);
    assert!(f.app.screen.form.is_none());
    let a = &f.app.session().unwrap().group().actions[0];
    assert_eq!((a.start_month, a.end_month), (Some(15), Some(18)));
}

#[test]
fn a_saved_action_that_ends_before_it_starts_is_kept_and_shown_as_such() {
    let mut f = common::session_app(&["Red"]);
    f.app.work.open.as_mut().unwrap().session.group_mut().add_action(Action {
        title: "From an old file".into(),
        lead: LeadSide::Jointly,
        start_month: Some(15),
        end_month: Some(3),
        ..Action::default()
    });
    go_to_stage(&mut f.app, 6);
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("ends in month 3, before it starts in month 15"), "{s}");
    press(&mut f.app, KeyCode::Char('T'));
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("1. From an old file") && s.contains("reversed"), "{s}");
    assert_eq!(s.matches("quick win").count(), 1, "only the legend says quick win: {s}");
    let a = &f.app.session().unwrap().group().actions[0];
    assert_eq!((a.start_month, a.end_month), (Some(15), Some(3)), "nothing is changed behind the user's back");
}

/// Words that speak to a room, or to groups, rather than to one person.
const ROOM_WORDS: &[&str] = &[
    "yourselves",
    "your table",
    "the room",
    "each group",
    "per group",
    "each of you",
    "one group",
    "side by side",
    "next group",
    "change group",
    "voting:",
    "facilitator only",
];

#[test]
fn solo_practice_speaks_to_one_person_on_every_stage() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = solo_app(dir.path(), 1_795_500_000);
    let check = |app: &App, what: &str| {
        for (w, h) in [(80, 24), (120, 40)] {
            let s = screen(app, w, h).to_lowercase();
            for word in ROOM_WORDS {
                assert!(!s.contains(word), "{what} at {w}x{h} says {word:?}: {s}");
            }
        }
    };
    for stage in 1..=8 {
        go_to_stage(&mut app, stage);
        check(&app, &format!("stage {stage}"));
        press(&mut app, KeyCode::Char('?'));
        check(&app, &format!("help on stage {stage}"));
        press(&mut app, KeyCode::Esc);
    }
    go_to_stage(&mut app, 2);
    press(&mut app, KeyCode::Char('n'));
    let s = screen(&app, 120, 40);
    assert!(s.contains("The facilitator's notes"), "{s}");
    go_to_stage(&mut app, 7);
    for _ in 0..2 {
        press(&mut app, KeyCode::Char('v'));
        check(&app, "the report-back views");
    }
    assert!(screen(&app, 120, 40).contains(" Your plan   Map "));
    press(&mut app, KeyCode::Char('g'));
    assert!(screen(&app, 120, 40).contains("Practising alone there are no other groups"));
    go_to_stage(&mut app, 1);
    let s = screen(&app, 120, 40);
    assert!(s.contains("Before you start, note for yourself"), "the scenario's solo wording: {s}");
}

#[test]
fn the_home_screen_says_which_sessions_are_solo_practice() {
    let dir = tempfile::tempdir().unwrap();
    drop(solo_app(dir.path(), 1_795_500_000));
    let room = Session::new("Room day", scenarios::built_in_default(), Mode::Room, &["Red".into(), "Blue".into()], 0);
    save_session(&room, &paths::sessions_dir(dir.path()).join("room.ron")).unwrap();
    let mut home = App::home(dir.path().to_path_buf());
    home.screen.theme = roundtable::ui::theme::Theme::monochrome();
    let s = screen(&home, 100, 30);
    assert!(s.contains("solo practice · Welcome · Making change happen"), "{s}");
    assert!(s.contains("2 groups · Welcome · Making change happen"), "{s}");
}

/// A two-action plan is told, on the debrief screen, that it is three short,
/// what its actions lack, and that two of five areas is a gap to work on.
#[test]
fn the_debrief_of_a_two_action_plan_counts_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = solo_app(dir.path(), 1_795_500_000);
    {
        let open = app.work.open.as_mut().unwrap();
        let areas: Vec<String> = open.session.scenario.areas.iter().map(|a| a.id.clone()).collect();
        for (i, area) in areas.iter().take(2).enumerate() {
            open.session.group_mut().add_action(Action {
                title: format!("Action {i}"),
                lead: LeadSide::Jointly,
                areas: vec![area.clone()],
                start_month: Some(1),
                end_month: Some(12),
                first_step: if i == 0 { "Call the chief officer".into() } else { String::new() },
                success: "Three services use it".into(),
                ..Action::default()
            });
        }
    }
    go_to_stage(&mut app, 8);
    // Narrower than 120 columns the history is below the review, so each
    // row holds the words of one pane only.
    let s = screen(&app, 110, 50);
    // The words in reading order, without the frame's sides.
    let flat = s.replace('│', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    for wanted in [
        "! The plan: Your plan has two of the five practical actions the exercise asks for: three short.",
        "! Each action: 1 of your 2 actions is not complete yet. Missing: a first step for the next 30 days (1 action).",
        "! Areas of change: Your actions cover 2 of the 5 areas of change. Nothing yet in",
        "2 of 5 actions (1 complete)",
    ] {
        assert!(flat.contains(wanted), "{wanted:?} in {s}");
    }
    assert!(!s.contains("✓ Areas of change") && !s.contains("✓ The plan"), "{s}");
}
