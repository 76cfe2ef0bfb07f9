//! A room in a shared folder: groups write their own files, the room picks
//! the changes up, and a broken file never breaks the room.

use std::time::Duration;

use crate::common::{facilitator, go_to_stage, keys, press, screen, settle};
use crossterm::event::KeyCode;
use roundtable::app::{self, App};
use roundtable::domain::session::{Barrier, Mode, Session};
use roundtable::scenarios;
use roundtable::store::folder::{self, UnknownGroup};

fn room_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new("Shared", scenarios::built_in_default(), Mode::Room, &["Red".into(), "Blue".into()], 0);
    roundtable::store::folder::create_room(dir.path(), &session).unwrap();
    dir
}

#[test]
fn the_room_picks_up_a_changed_group_file() {
    let dir = room_folder();
    let mut room = facilitator(dir.path());
    go_to_stage(&mut room, 3);
    settle(&mut room);

    // Another laptop writes Red's file.
    let mut red = folder::load_group(&dir.path().join("red.group.ron")).unwrap();
    red.add_barrier(Barrier { text: "Officers never call back".into(), severity: 4, ..Barrier::default() });
    folder::save_group(dir.path(), &red, None).unwrap();
    settle(&mut room);
    let s = screen(&room, 80, 24);
    assert!(s.contains("Officers never call back"), "{s}");
    assert!(s.contains("Red B1"), "{s}");
}

#[test]
fn a_malformed_group_file_warns_beside_that_group_only() {
    let dir = room_folder();
    let mut room = facilitator(dir.path());
    let mut red = folder::load_group(&dir.path().join("red.group.ron")).unwrap();
    red.add_barrier(Barrier { text: "Red's barrier".into(), severity: 2, ..Barrier::default() });
    folder::save_group(dir.path(), &red, None).unwrap();
    std::fs::write(dir.path().join("blue.group.ron"), "GroupFile(schema_version: 2, group: (name: \"Bl").unwrap();
    go_to_stage(&mut room, 3);
    settle(&mut room);
    let s = screen(&room, 120, 30);
    assert!(
        s.contains("Blue B0 S0 A0/5 ⚠ file unreadable")
            || s.contains("Blue: barriers 0, solutions 0, actions 0 of 5 ⚠"),
        "{s}"
    );
    assert!(s.contains("Red's barrier"), "the other groups still show: {s}");
    press(&mut room, KeyCode::Char('G'));
    let s = screen(&room, 120, 30);
    assert!(s.contains("⚠ cannot read at line 1"), "{s}");
}

#[test]
fn the_room_does_not_write_group_work_and_a_group_writes_only_its_file() {
    let dir = room_folder();
    let mut room = facilitator(dir.path());
    go_to_stage(&mut room, 3);
    press(&mut room, KeyCode::Char('a'));
    assert!(room.screen.form.is_none(), "the room screen does not edit a group's work");
    assert!(!screen(&room, 80, 24).contains("add barrier"), "and does not offer to");

    let room_before = std::fs::read(dir.path().join("room.ron")).unwrap();
    let open = app::join_room(dir.path(), "blue", UnknownGroup::Refuse).unwrap();
    let mut laptop = App::with_open(dir.path().to_path_buf(), open);
    go_to_stage(&mut laptop, 3);
    press(&mut laptop, KeyCode::Char('a'));
    keys(&mut laptop, "No shared data");
    press(&mut laptop, KeyCode::Esc);
    laptop.save_now().unwrap();
    assert_eq!(std::fs::read(dir.path().join("room.ron")).unwrap(), room_before, "room.ron untouched");
    let blue = folder::load_group(&dir.path().join("blue.group.ron")).unwrap();
    assert_eq!(blue.barriers[0].text, "No shared data");

    // A new group joining creates its own file on its first save, and the
    // room shows it.
    let green = app::join_room(dir.path(), "Green", UnknownGroup::Create).unwrap();
    App::with_open(dir.path().to_path_buf(), green).save_now().unwrap();
    settle(&mut room);
    assert!(screen(&room, 120, 30).contains("Green"));
}

#[test]
fn an_inject_fired_in_the_room_reaches_a_joined_laptop() {
    let dir = room_folder();
    let mut room = facilitator(dir.path());
    let open = app::join_room(dir.path(), "Red", UnknownGroup::Refuse).unwrap();
    let mut laptop = App::with_open(dir.path().to_path_buf(), open);
    laptop.screen.theme = roundtable::ui::theme::Theme::monochrome();
    settle(&mut laptop);
    go_to_stage(&mut room, 6);
    press(&mut room, KeyCode::Char('i'));
    press(&mut room, KeyCode::Enter);
    room.save_now().unwrap();
    // File times can be coarse: make sure the change is seen as one.
    std::thread::sleep(Duration::from_millis(20));
    settle(&mut laptop);
    go_to_stage(&mut laptop, 6);
    let s = screen(&laptop, 80, 24);
    assert!(s.contains("News, month 2: A new capacity fund opens"), "{s}");
}

#[test]
fn joining_needs_a_group_the_room_has_unless_a_new_one_is_asked_for() {
    let dir = room_folder();
    let err = app::join_room(dir.path(), "Gren", UnknownGroup::Refuse).unwrap_err();
    assert!(err.message.contains("no group called \"Gren\"; its groups are \"Red\", \"Blue\""), "{err}");
    assert_eq!(folder::group_files(dir.path()).len(), 2, "a typo adds no group");

    let open = app::join_room(dir.path(), "Gren", UnknownGroup::Create).unwrap();
    assert_eq!(open.session.groups[0].name, "Gren");
    assert_eq!(open.written_path(), dir.path().join("gren.group.ron"));
    assert!(!dir.path().join("gren.group.ron").exists(), "nothing is written before the group's lock is held");
    App::with_open(dir.path().to_path_buf(), open).save_now().unwrap();
    assert_eq!(folder::load_group(&dir.path().join("gren.group.ron")).unwrap().name, "Gren");
}

#[test]
fn joining_refuses_a_file_that_holds_another_groups_work() {
    // "Red" and "red!" share a file name; the file holds the second.
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new("Clash", scenarios::built_in_default(), Mode::Room, &["Red".into(), "red!".into()], 0);
    folder::create_room(dir.path(), &session).unwrap();
    let path = dir.path().join("red.group.ron");
    let before = std::fs::read(&path).unwrap();
    let err = app::join_room(dir.path(), "Red", UnknownGroup::Refuse).unwrap_err();
    assert!(err.message.contains("another group's work (\"red!\")"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(app::join_room(dir.path(), "red!", UnknownGroup::Refuse).is_ok());
}
