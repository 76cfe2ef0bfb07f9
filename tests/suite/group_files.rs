//! Group files in a shared-folder room follow the rules session files do:
//! a file that cannot be used is flagged beside its group and never written
//! over, and a removed group's file is moved aside rather than left to bring
//! the group back.

use std::path::Path;
use std::time::Duration;

use crate::common::{facilitator, go_to_stage, press, screen, settle};
use crossterm::event::KeyCode;
use roundtable::app::{self, App, Link};
use roundtable::domain::session::{Barrier, Mode, SCHEMA_VERSION, Session};
use roundtable::scenarios;
use roundtable::store::folder;

fn room_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new("Shared", scenarios::built_in_default(), Mode::Room, &["Red".into(), "Blue".into()], 0);
    folder::create_room(dir.path(), &session).unwrap();
    dir
}

fn names(app: &App) -> Vec<String> {
    app.session().unwrap().groups.iter().map(|g| g.name.clone()).collect()
}

fn warning_for(app: &App, name: &str) -> Option<String> {
    let open = app.work.open.as_ref().unwrap();
    let id = open.session.groups.iter().find(|g| g.name == name)?.id;
    match &open.link {
        Link::Room(room) => room.warning_for(id).map(str::to_string),
        _ => None,
    }
}

/// Blue's file with a barrier in it, as Blue's laptop saved it.
fn blue_with_work(dir: &Path) -> String {
    let path = dir.join("blue.group.ron");
    let mut blue = folder::load_group(&path).unwrap();
    blue.add_barrier(Barrier { text: "Grants come too late".into(), severity: 4, ..Barrier::default() });
    folder::save_group(dir, &blue, None).unwrap();
    std::fs::read_to_string(&path).unwrap()
}

#[test]
fn a_group_file_from_a_newer_roundtable_is_flagged_and_never_merged_or_written() {
    let dir = room_folder();
    let good = blue_with_work(dir.path());
    let path = dir.path().join("blue.group.ron");
    let newer = good.replacen(&format!("schema_version: {SCHEMA_VERSION}"), "schema_version: 99", 1);
    std::fs::write(&path, &newer).unwrap();

    let mut room = facilitator(dir.path());
    settle(&mut room);
    let warning = warning_for(&room, "Blue").expect("a warning beside Blue");
    assert!(warning.contains("newer Roundtable (format 99"), "{warning}");
    let err = folder::load_group(&path).unwrap_err();
    assert!(err.message.contains("newer Roundtable"), "{err}");
    assert!(room.session().unwrap().groups[1].barriers.is_empty(), "a newer file's work is not taken as read");
    room.save_now().unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), newer, "the file is untouched");
}

#[test]
fn a_group_file_that_is_not_utf8_is_flagged_with_its_line_and_column() {
    let dir = room_folder();
    let good = blue_with_work(dir.path());
    let path = dir.path().join("blue.group.ron");
    let mut bytes = good.clone().into_bytes();
    let at = good.find("Grants").unwrap() + 1;
    bytes[at] = 0xff;
    std::fs::write(&path, &bytes).unwrap();
    let line = good.lines().position(|l| l.contains("Grants")).unwrap() + 1;
    let column = good.lines().nth(line - 1).unwrap().find("Grants").unwrap() + 2;

    let err = folder::load_group(&path).unwrap_err();
    assert_eq!(err.position, Some((line, column)), "{err}");
    let room = facilitator(dir.path());
    let warning = warning_for(&room, "Blue").expect("a warning beside Blue");
    assert_eq!(warning, format!("cannot read at line {line}, column {column}: the file is not valid UTF-8 text"));
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file is untouched");
}

#[test]
fn a_group_file_over_the_size_limit_is_refused_by_its_size() {
    let dir = room_folder();
    let path = dir.path().join("blue.group.ron");
    // Sparse: refused by its size alone, before anything is read.
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(50 * 1024 * 1024).unwrap();
    let err = folder::load_group(&path).unwrap_err();
    assert!(err.message.contains("the file is 50 MB, too large"), "{err}");
    let room = facilitator(dir.path());
    let warning = warning_for(&room, "Blue").expect("a warning beside Blue");
    assert!(warning.contains("too large"), "{warning}");
}

#[test]
fn a_group_removed_in_a_folder_room_is_moved_aside_and_stays_removed() {
    let dir = room_folder();
    let blue_path = dir.path().join("blue.group.ron");
    let first_blue = blue_with_work(dir.path());
    let first_backup = std::fs::read(dir.path().join("blue.group.ron.bak")).unwrap();
    let mut room = facilitator(dir.path());
    go_to_stage(&mut room, 3);

    let remove_blue = |room: &mut App| {
        press(room, KeyCode::Char('G'));
        press(room, KeyCode::Down);
        press(room, KeyCode::Char('x'));
        press(room, KeyCode::Char('y'));
    };
    remove_blue(&mut room);
    assert_eq!(names(&room), ["Red"]);
    assert!(!blue_path.exists(), "the file has left the room's folder");
    let removed = dir.path().join("removed");
    assert_eq!(std::fs::read_to_string(removed.join("blue.group.ron")).unwrap(), first_blue, "kept, not deleted");
    assert_eq!(std::fs::read(removed.join("blue.group.ron.bak")).unwrap(), first_backup, "with its previous version");
    assert!(screen(&room, 120, 30).contains("its file is kept in removed/blue.group.ron"));

    // The next look at the folder, and the next opening of the room, do not
    // bring it back.
    std::thread::sleep(Duration::from_millis(20));
    settle(&mut room);
    assert_eq!(names(&room), ["Red"]);
    room.save_now().unwrap();
    assert_eq!(names(&facilitator(dir.path())), ["Red"]);

    // A new Blue starts on a laptop and is removed too: the first Blue's
    // file is not written over.
    let mut second = folder::load_group(&removed.join("blue.group.ron")).unwrap();
    second.barriers.clear();
    folder::save_group(dir.path(), &second, None).unwrap();
    let second_blue = std::fs::read_to_string(&blue_path).unwrap();
    settle(&mut room);
    assert_eq!(names(&room), ["Red", "Blue"]);
    remove_blue(&mut room);
    assert_eq!(names(&room), ["Red"]);
    assert_eq!(std::fs::read_to_string(removed.join("blue.group.ron")).unwrap(), first_blue);
    assert_eq!(std::fs::read_to_string(removed.join("blue-2.group.ron")).unwrap(), second_blue);
    assert!(!blue_path.exists());
}

#[test]
fn a_laptop_still_joined_to_a_removed_group_stops_saving_rather_than_bring_it_back() {
    let dir = room_folder();
    let blue_path = dir.path().join("blue.group.ron");
    let mut laptop = App::with_open(
        dir.path().to_path_buf(),
        app::join_room(dir.path(), "Blue", folder::UnknownGroup::Refuse).unwrap(),
    );
    laptop.screen.theme = roundtable::ui::theme::Theme::monochrome();
    let _lock = laptop.work.open.as_mut().unwrap().lock();
    // As the app does on joining, before the first key.
    laptop.save_now().unwrap();
    let mut room = facilitator(dir.path());
    press(&mut room, KeyCode::Char('G'));
    press(&mut room, KeyCode::Down);
    press(&mut room, KeyCode::Char('x'));
    press(&mut room, KeyCode::Char('y'));
    assert!(!blue_path.exists());

    settle(&mut laptop);
    assert!(laptop.work.open.as_ref().unwrap().read_only, "the laptop stops writing");
    assert!(screen(&laptop, 100, 30).contains("removed this group"), "and says why");
    go_to_stage(&mut laptop, 3);
    press(&mut laptop, KeyCode::Char('a'));
    laptop.save_now().unwrap();
    laptop.finish();
    assert!(!blue_path.exists(), "the group is not brought back");
    settle(&mut room);
    assert_eq!(names(&room), ["Red"]);
}

/// Undoing a group's removal brings its file back, and the laptop still
/// joined to it saves again, with nothing lost; a new laptop is still
/// refused while that one holds the group.
#[test]
fn undoing_a_groups_removal_gives_its_laptop_its_group_back() {
    let dir = room_folder();
    let blue_path = dir.path().join("blue.group.ron");
    blue_with_work(dir.path());
    let mut laptop = App::with_open(
        dir.path().to_path_buf(),
        app::join_room(dir.path(), "Blue", folder::UnknownGroup::Refuse).unwrap(),
    );
    laptop.work.open.as_mut().unwrap().lock().unwrap();
    // As the app does on joining, before the first key.
    laptop.save_now().unwrap();
    let mut room = facilitator(dir.path());
    press(&mut room, KeyCode::Char('G'));
    press(&mut room, KeyCode::Down);
    press(&mut room, KeyCode::Char('x'));
    press(&mut room, KeyCode::Char('y'));
    press(&mut room, KeyCode::Esc);
    assert!(!blue_path.exists());
    settle(&mut laptop);
    assert!(laptop.work.open.as_ref().unwrap().read_only);

    press(&mut room, KeyCode::Char('z'));
    let said = room.screen.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert_eq!(said, "Undone: removed group 'Blue'.");
    assert!(blue_path.exists(), "the file is back in the room's folder");
    std::thread::sleep(Duration::from_millis(20));
    settle(&mut room);
    assert_eq!(names(&room), ["Red", "Blue"]);
    assert_eq!(room.session().unwrap().groups[1].barriers.len(), 1, "with its work");

    settle(&mut laptop);
    assert!(!laptop.work.open.as_ref().unwrap().read_only, "the laptop saves again");
    assert!(screen(&laptop, 100, 30).contains("brought this group back"));
    go_to_stage(&mut laptop, 3);
    press(&mut laptop, KeyCode::Char('a'));
    for c in "Back again".chars() {
        press(&mut laptop, KeyCode::Char(c));
    }
    press(&mut laptop, KeyCode::Esc);
    laptop.save_now().unwrap();
    let saved = folder::load_group(&blue_path).unwrap();
    assert_eq!(saved.barriers.len(), 2, "{:?}", saved.barriers);
    // The laptop holds the group: another is still refused.
    let err = app::join_room(dir.path(), "Blue", folder::UnknownGroup::Refuse).and_then(|mut open| {
        open.lock().map_err(|e| roundtable::store::LoadError {
            path: blue_path.clone(),
            position: None,
            message: e.to_string(),
            hint: None,
        })
    });
    assert!(err.is_err(), "a second laptop cannot take a group in use");
}
