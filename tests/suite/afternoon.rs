//! The facilitator runs the afternoon: the plan says how far ahead or
//! behind the room is, the break is the room's, and a folder room's
//! screen can type for a group whose laptop failed.

use crate::common::{facilitator, go_to_stage, keys, press, screen, session_app, settle};
use crossterm::event::KeyCode;
use roundtable::app::{self, App};
use roundtable::domain::session::{Mode, Session};
use roundtable::scenarios;
use roundtable::store::folder::{self, UnknownGroup};

const T0: u64 = 1_795_500_000;

#[test]
fn the_plan_says_how_far_behind_the_room_is_on_the_facilitators_screen_only() {
    let mut f = session_app(&["Red", "Blue"]);
    f.app.work.fake_now = Some(T0);
    let s = screen(&f.app, 100, 30);
    assert!(!s.contains("behind") && !s.contains("on time"), "no figure before the afternoon starts: {s}");
    // The welcome's clock starts the afternoon.
    press(&mut f.app, KeyCode::Char('s'));
    // Welcome is planned for ten minutes; the room moves on at fourteen.
    f.app.work.fake_now = Some(T0 + 14 * 60);
    press(&mut f.app, KeyCode::Char(']'));
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("4 min behind · ⏱ 15:00 ▶"), "the header says so beside the clock, which went on: {s}");
    let narrow = screen(&f.app, 80, 24);
    assert!(narrow.contains("4 min behind") && narrow.contains(" 8 "), "at 80 columns the tabs make room: {narrow}");
    let small = screen(&f.app, 60, 16);
    assert!(!small.contains("behind") && small.contains(" 8 "), "at 60 columns the stage tabs keep the row: {small}");

    press(&mut f.app, KeyCode::Char('P'));
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("The afternoon's plan"), "{s}");
    assert!(s.contains("4 min behind · planned finish"), "{s}");
    assert!(s.contains("1. Welcome and agenda") && s.contains("took 14 min"), "{s}");
    assert!(s.contains("▸") && s.contains("2. Briefing"), "{s}");
    assert!(s.contains("Break") && s.contains("10 min"), "the break is in the plan: {s}");
    // Tab shows the tables; Esc closes.
    press(&mut f.app, KeyCode::Tab);
    assert!(screen(&f.app, 100, 30).contains("The tables"));
    press(&mut f.app, KeyCode::Esc);

    // A briefing done in ten minutes instead of fifteen catches up five.
    f.app.work.fake_now = Some(T0 + 24 * 60);
    press(&mut f.app, KeyCode::Char(']'));
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("1 min ahead"), "{s}");

    // Never on the projector, at any size.
    press(&mut f.app, KeyCode::Char('p'));
    for (w, h) in [(80, 24), (200, 60)] {
        let s = screen(&f.app, w, h);
        assert!(!s.contains("ahead") && !s.contains("behind") && !s.contains("plan"), "{s}");
    }
}

#[test]
fn the_break_stops_the_clock_shows_on_every_screen_and_ends_when_the_room_moves_on() {
    let mut f = session_app(&["Red", "Blue"]);
    f.app.work.fake_now = Some(T0);
    go_to_stage(&mut f.app, 4);
    press(&mut f.app, KeyCode::Char('s'));
    f.app.work.fake_now = Some(T0 + 600);
    press(&mut f.app, KeyCode::Char('B'));
    let session = f.app.session().unwrap();
    assert!(session.on_break());
    assert!(!session.timers[3].is_running(), "the stage's clock stops for the break");
    assert_eq!(session.break_ends(), Some(T0 + 600 + 600), "the plan's ten minutes");
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("Break · back at"), "{s}");
    // The projector says so large, and nothing of the stage.
    press(&mut f.app, KeyCode::Char('p'));
    let s = screen(&f.app, 200, 60);
    assert!(!s.contains("What has worked") && !s.contains("Solutions"), "{s}");
    press(&mut f.app, KeyCode::Char('p'));
    // Moving on ends the break.
    press(&mut f.app, KeyCode::Char(']'));
    let session = f.app.session().unwrap();
    assert!(!session.on_break());
    assert_eq!(session.stage, 4);
    assert!(!screen(&f.app, 100, 30).contains("Break · back at"));
}

fn room_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new("Shared", scenarios::built_in_default(), Mode::Room, &["Red".into(), "Blue".into()], 0);
    folder::create_room(dir.path(), &session).unwrap();
    dir
}

/// A laptop in a folder room says which stage it shows; when it fails,
/// the room's screen types for its group, and hands it back with nothing
/// lost either way.
#[test]
fn a_failed_laptops_group_is_typed_for_on_the_rooms_screen_and_handed_back() {
    let dir = room_folder();
    let mut room = facilitator(dir.path());
    let welcome = screen(&room, 120, 30);
    assert!(welcome.contains("Tables join: roundtable join") && welcome.contains("--group NAME"), "{welcome}");
    let open = app::join_room(dir.path(), "red", UnknownGroup::Refuse).unwrap();
    let mut laptop = App::with_open(dir.path().to_path_buf(), open);
    // On joining the laptop writes its group's file at once: the tracker
    // sees it before it has changed anything.
    laptop.save_now().unwrap();
    settle(&mut room);
    press(&mut room, KeyCode::Char('W'));
    assert!(screen(&room, 120, 30).contains("laptop, saved"), "{}", screen(&room, 120, 30));
    press(&mut room, KeyCode::Esc);
    go_to_stage(&mut laptop, 3);
    press(&mut laptop, KeyCode::Char('a'));
    keys(&mut laptop, "No shared data");
    press(&mut laptop, KeyCode::Esc);
    laptop.save_now().unwrap();

    settle(&mut room);
    press(&mut room, KeyCode::Char('W'));
    let s = screen(&room, 120, 30);
    assert!(s.contains("laptop, saved") && s.contains(": stage 3"), "the tracker shows red's laptop: {s}");
    assert!(s.contains("t types for the group"), "{s}");

    // Red's laptop fails. The room's screen types for Red: asked first,
    // since the laptop saved a moment ago and may still be in use.
    press(&mut room, KeyCode::Char('t'));
    assert!(room.session().unwrap().typed_here.is_empty());
    assert!(screen(&room, 120, 30).contains("may still be in use. Press t again"));
    press(&mut room, KeyCode::Char('t'));
    assert!(room.session().unwrap().typed_here.contains(&room.session().unwrap().groups[0].id));
    assert!(screen(&room, 120, 30).contains("typed on the room's screen"));
    press(&mut room, KeyCode::Esc);
    go_to_stage(&mut room, 3);
    press(&mut room, KeyCode::Char('a'));
    keys(&mut room, "Officers never call back");
    press(&mut room, KeyCode::Esc);
    room.save_now().unwrap();
    let red = folder::load_group(&dir.path().join("red.group.ron")).unwrap();
    let texts: Vec<&str> = red.barriers.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        ["No shared data", "Officers never call back"],
        "the laptop's work and the room's, in Red's file"
    );

    // A laptop started again meanwhile is told why it saves nothing.
    let open = app::join_room(dir.path(), "red", UnknownGroup::Refuse).unwrap();
    let mut restarted = App::with_open(dir.path().to_path_buf(), open);
    settle(&mut restarted);
    let s = screen(&restarted, 100, 30);
    assert!(s.contains("The facilitator is typing for this group"), "{s}");

    // The laptop comes back: it shows the work and saves nothing.
    settle(&mut laptop);
    let s = screen(&laptop, 100, 30);
    assert!(s.contains("Officers never call back"), "{s}");
    assert!(s.contains("The facilitator is typing for this group"), "{s}");
    press(&mut laptop, KeyCode::Char('a'));
    assert!(laptop.screen.form.is_none(), "the laptop does not type while the room does");

    // Handed back: the laptop saves again, from what was typed on the room's screen.
    press(&mut room, KeyCode::Char('W'));
    press(&mut room, KeyCode::Char('t'));
    press(&mut room, KeyCode::Esc);
    room.save_now().unwrap();
    settle(&mut laptop);
    assert!(screen(&laptop, 100, 30).contains("handed this group back"));
    press(&mut laptop, KeyCode::Char('a'));
    keys(&mut laptop, "Back on the laptop");
    press(&mut laptop, KeyCode::Esc);
    laptop.save_now().unwrap();
    let red = folder::load_group(&dir.path().join("red.group.ron")).unwrap();
    assert_eq!(red.barriers.len(), 3, "{:?}", red.barriers);
    settle(&mut room);
    let s = screen(&room, 120, 30);
    assert!(s.contains("Back on the laptop"), "the room reads Red's file again: {s}");
    press(&mut room, KeyCode::Char('a'));
    assert!(room.screen.form.is_none(), "the room's screen no longer types for Red");
}

/// The room's clock goes with the room: moving on starts the next stage's
/// clock, and so does coming back from the break; looking back at an
/// earlier stage keeps the plan on the stage whose clock runs.
#[test]
fn the_clock_goes_with_the_room_and_looking_back_keeps_the_plan() {
    let mut f = session_app(&["Red"]);
    f.app.work.fake_now = Some(T0);
    go_to_stage(&mut f.app, 4);
    press(&mut f.app, KeyCode::Char('s'));
    f.app.work.fake_now = Some(T0 + 60);
    press(&mut f.app, KeyCode::Char('B'));
    press(&mut f.app, KeyCode::Char(']'));
    let session = f.app.session().unwrap();
    assert!(session.timers[4].is_running(), "back from the break, the scenario's clock runs");
    press(&mut f.app, KeyCode::Char(']'));
    let session = f.app.session().unwrap();
    assert!(!session.timers[4].is_running() && session.timers[5].is_running(), "the clock moved on with the room");
    let before = session.progress(T0 + 120).unwrap().summary();
    // Looking back at the welcome: the plan still counts the actions stage.
    for _ in 0..5 {
        press(&mut f.app, KeyCode::Char('['));
    }
    let session = f.app.session().unwrap();
    assert_eq!(session.stage, 0);
    assert_eq!(session.plan_stage(), 5);
    assert_eq!(session.progress(T0 + 120).unwrap().summary(), before);
    press(&mut f.app, KeyCode::Char('P'));
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("took 0 min") && s.contains("▸"), "{s}");
    let marked = s.lines().find(|l| l.contains("▸")).unwrap_or_default();
    assert!(marked.contains("6. Five actions"), "the plan marks the stage whose clock runs: {s}");
}
