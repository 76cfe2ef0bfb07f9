//! `roundtable join` from the command line: what it refuses before the
//! group's screen starts, and the files it leaves alone when it does.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::pty::Tui;
use roundtable::domain::session::{Barrier, Mode, SCHEMA_VERSION, Session};
use roundtable::scenarios;
use roundtable::store::{folder, session_to_ron};

const BIN: &str = env!("CARGO_BIN_EXE_roundtable");

fn room_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let room = dir.path().join("room");
    let session = Session::new("Shared", scenarios::built_in_default(), Mode::Room, &["Red".into(), "Blue".into()], 0);
    folder::create_room(&room, &session).unwrap();
    dir
}

/// Runs `roundtable join ROOM --group NAME [extra]` with no terminal: any
/// refusal comes before the screen would start.
fn join(dir: &Path, group: &str, extra: &[&str]) -> Output {
    Command::new(BIN)
        .arg("join")
        .arg(dir.join("room"))
        .args(["--group", group])
        .args(extra)
        .env("ROUNDTABLE_DATA_DIR", dir.join("data"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn backup(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Red with some work in its file and the previous version in its `.bak`.
fn red_with_work(dir: &Path) -> (PathBuf, String) {
    let room = dir.join("room");
    let path = room.join("red.group.ron");
    let mut red = folder::load_group(&path).unwrap();
    red.add_barrier(Barrier { text: "Nobody answers the phone".into(), severity: 3, ..Barrier::default() });
    folder::save_group(&room, &red, None).unwrap();
    assert!(backup(&path).exists());
    let good = std::fs::read_to_string(&path).unwrap();
    (path, good)
}

#[test]
fn joining_onto_an_unreadable_group_file_is_refused_and_leaves_it_and_its_backup_untouched() {
    let dir = room_folder();
    let (path, good) = red_with_work(dir.path());
    let truncated = good[..good.len() / 2].to_string();
    let truncated_line = truncated.lines().count();
    let session = Session::new("Other", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
    let newer = good.replacen(&format!("schema_version: {SCHEMA_VERSION}"), "schema_version: 99", 1);
    assert_ne!(newer, good);
    let mut not_utf8 = good.clone().into_bytes();
    let at = good.find("Nobody").unwrap() + 2;
    not_utf8[at] = 0xff;
    let name_line = good.lines().position(|l| l.contains("Nobody")).unwrap() + 1;

    // (what the file is, its bytes, what the refusal must say)
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        ("truncated", truncated.into_bytes(), format!("red.group.ron:{truncated_line}:")),
        ("empty", Vec::new(), "the file is empty".into()),
        ("a session", session_to_ron(&session).into_bytes(), "red.group.ron:1:1: the file holds a Session".into()),
        ("from a newer Roundtable", newer.into_bytes(), "newer Roundtable (format 99".into()),
        ("not UTF-8", not_utf8, format!("red.group.ron:{name_line}:")),
    ];
    let backup_before = std::fs::read(backup(&path)).unwrap();
    for (what, bytes, says) in cases {
        std::fs::write(&path, &bytes).unwrap();
        let out = join(dir.path(), "Red", &[]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(err.contains(&path.display().to_string()), "{what} names the file: {err}");
        assert!(err.contains(&says), "{what}: expected {says:?} in {err}");
        assert!(err.contains("has been left as it is"), "{what}: {err}");
        if what != "from a newer Roundtable" {
            assert!(err.contains("red.group.ron.bak: to go back to it"), "{what} says what to do: {err}");
        }
        assert!(!err.contains("Backtrace") && !err.contains("panicked"), "{what}: {err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{what}: the file is untouched");
        assert_eq!(std::fs::read(backup(&path)).unwrap(), backup_before, "{what}: the backup is untouched");
    }
}

#[test]
fn joining_onto_a_group_file_over_the_size_limit_is_refused_without_touching_it() {
    let dir = room_folder();
    let (path, _) = red_with_work(dir.path());
    let backup_before = std::fs::read(backup(&path)).unwrap();
    // A sparse 50 MB file: refused by its size, before anything is read.
    let file = std::fs::OpenOptions::new().write(true).truncate(true).open(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    drop(file);
    let out = join(dir.path(), "Red", &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("the file is 50 MB, too large"), "{err}");
    assert!(err.contains("has been left as it is"), "{err}");
    let after = std::fs::read(&path).unwrap();
    assert!(after.len() == 50 * 1024 * 1024 && after.iter().all(|b| *b == 0), "the file is untouched");
    assert_eq!(std::fs::read(backup(&path)).unwrap(), backup_before, "the backup is untouched");
}

#[test]
fn a_group_name_the_room_does_not_have_is_refused_unless_new_group_is_given() {
    let dir = room_folder();
    let room = dir.path().join("room");
    let out = join(dir.path(), "Gren", &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("no group called \"Gren\"; its groups are \"Red\", \"Blue\""), "{err}");
    assert!(err.contains("add --new-group to start a new group called \"Gren\""), "{err}");
    assert_eq!(folder::group_files(&room).len(), 2, "no group file was added");
    assert!(!room.join("gren.group.ron").exists());

    // With the flag, the group is started and its screen opens.
    let data = dir.path().join("data");
    let mut tui = Tui::spawn(&data, &["join", room.to_str().unwrap(), "--group", "Gren", "--new-group"]);
    tui.expect("Gren");
    tui.send("q");
    tui.wait_for_exit();
    let gren = folder::load_group(&room.join("gren.group.ron")).unwrap();
    assert_eq!(gren.name, "Gren");
    assert_eq!(folder::group_files(&room).len(), 3);
}

#[test]
fn a_second_join_of_a_group_names_its_file_and_the_process_and_machine_holding_it() {
    let dir = room_folder();
    let (path, _) = red_with_work(dir.path());
    let file_before = std::fs::read(&path).unwrap();
    let backup_before = std::fs::read(backup(&path)).unwrap();
    // This test process holds Red's lock, as the first laptop's Roundtable would.
    let held = roundtable::store::lock::acquire(&path).unwrap();

    let out = join(dir.path(), "red", &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let holder = format!("process {} on {}", std::process::id(), roundtable::store::lock::host_name());
    assert!(err.starts_with(&format!("roundtable: {}: ", path.display())), "names the group's file: {err}");
    assert!(err.contains(&holder), "names who holds it: {err}");
    assert!(!err.contains("room.ron"), "the room's file is not the one held: {err}");
    assert_eq!(std::fs::read(&path).unwrap(), file_before, "the holder's file is untouched");
    assert_eq!(std::fs::read(backup(&path)).unwrap(), backup_before, "and so is its backup");
    drop(held);
}
