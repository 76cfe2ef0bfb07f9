//! When the session's own file cannot be written, leaving never loses the
//! work: Roundtable says why, offers another place, and writes an
//! emergency copy before any exit. No backtrace for an I/O error.

use std::path::{Path, PathBuf};

use crate::common::pty::Tui;
use crate::common::{go_to_stage, keys, press, screen};
use crossterm::event::KeyCode;
use roundtable::app::{App, Overlay, RunState};
use roundtable::domain::session::{Mode, Session};
use roundtable::scenarios;
use roundtable::store::{load_session, save_session};

/// A session saved in `dir/room/s.ron`, open in an app whose data
/// directory is `dir/data`.
fn app_in(dir: &Path) -> (App, PathBuf) {
    let path = dir.join("room/s.ron");
    let session = Session::new("Failing", scenarios::built_in_default(), Mode::Room, &["Red".into()], 1_795_500_000);
    save_session(&session, &path).unwrap();
    let mut app = App::with_session(dir.join("data"), session, path.clone());
    app.screen.theme = roundtable::ui::theme::Theme::monochrome();
    app.work.fake_now = Some(1_795_500_000);
    (app, path)
}

/// Makes the session's folder unwritable in a way that holds even for the
/// superuser: the folder is moved away and a plain file takes its name.
fn break_folder(dir: &Path) {
    std::fs::rename(dir.join("room"), dir.join("room-moved")).unwrap();
    std::fs::write(dir.join("room"), "not a folder").unwrap();
}

fn type_a_barrier(app: &mut App, text: &str) {
    go_to_stage(app, 3);
    press(app, KeyCode::Char('a'));
    keys(app, text);
    press(app, KeyCode::Esc);
}

#[test]
fn quitting_with_a_failing_save_asks_and_saves_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _path) = app_in(dir.path());
    break_folder(dir.path());
    type_a_barrier(&mut app, "Typed while saving failed");

    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.screen.run, RunState::Running, "not gone");
    assert_eq!(app.screen.overlay, Some(Overlay::SaveFailed));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Saving failed") && s.contains("could not write"), "{s}");
    assert!(s.contains("Nothing is lost") && s.contains("save a copy elsewhere"), "{s}");
    assert!(s.contains("quit anyway"), "{s}");

    // Esc: back to work, with the reason on screen.
    press(&mut app, KeyCode::Esc);
    assert!(app.screen.overlay.is_none());
    assert!(screen(&app, 80, 24).contains("Not saved yet"));

    // q again, then s: a path to save to, suggested in the data directory;
    // Esc goes back to the question without saving anything.
    press(&mut app, KeyCode::Char('q'));
    press(&mut app, KeyCode::Char('s'));
    assert!(screen(&app, 100, 30).contains("Esc back (nothing is saved)"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        (app.screen.form.is_none(), app.screen.overlay, app.screen.run),
        (true, Some(Overlay::SaveFailed), RunState::Running)
    );
    assert!(!dir.path().join("data/rescued").exists(), "nothing written");
    press(&mut app, KeyCode::Char('s'));
    let form = app.screen.form.as_ref().expect("a path to save to");
    let suggested = PathBuf::from(form.text(roundtable::forms::FieldId::SavePath));
    assert!(suggested.starts_with(dir.path().join("data/rescued")), "{}", suggested.display());
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen.run, RunState::Quit);
    let saved = load_session(&suggested).expect("the copy reads back");
    assert_eq!(saved.group().barriers[0].text, "Typed while saving failed");
    app.finish();
    assert!(app.work.ended_badly);
    assert!(app.work.farewell.join("\n").contains(&suggested.display().to_string()), "{:?}", app.work.farewell);
}

#[test]
fn quitting_anyway_writes_an_emergency_copy_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _path) = app_in(dir.path());
    break_folder(dir.path());
    type_a_barrier(&mut app, "Kept by the emergency copy");
    press(&mut app, KeyCode::Char('q'));
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.screen.run, RunState::Quit);
    let rescued: Vec<PathBuf> =
        std::fs::read_dir(dir.path().join("data/rescued")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(rescued.len(), 1, "{rescued:?}");
    let copy = load_session(&rescued[0]).unwrap();
    assert_eq!(copy.group().barriers[0].text, "Kept by the emergency copy");
    app.finish();
    assert_eq!(rescued.len(), std::fs::read_dir(dir.path().join("data/rescued")).unwrap().count(), "one copy");
    assert!(app.work.farewell.join("\n").contains("roundtable open"), "{:?}", app.work.farewell);
}

#[test]
fn the_real_binary_never_exits_losing_work_or_showing_a_backtrace() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("room/s.ron");
    let mut tui = Tui::spawn(&data, &["new", "--file", file.to_str().unwrap()]);
    tui.expect("Welcome and agenda");
    tui.send("]]");
    tui.expect("No barriers yet");
    break_folder(dir.path());
    tui.send("a");
    tui.send("Typed after the folder went");
    tui.send("\x1b");
    tui.expect("Could not save");
    tui.send("q");
    tui.expect("Saving failed");
    tui.send("q");
    let code = tui.wait_for_exit_code();
    assert_eq!(code, Some(1), "an emergency exit is not a success");
    let raw = String::from_utf8_lossy(&tui.raw).into_owned();
    assert!(!raw.contains("Backtrace") && !raw.contains("Location:"), "{raw}");
    let rescued: Vec<PathBuf> = std::fs::read_dir(data.join("rescued")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(rescued.len(), 1);
    assert!(raw.contains("everything was saved to"), "{raw}");
    let copy = load_session(&rescued[0]).unwrap();
    assert_eq!(copy.group().barriers[0].text, "Typed after the folder went");
}

#[test]
fn with_nowhere_to_write_quitting_asks_twice_before_losing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "a file, so nothing can be made under it").unwrap();
    let data = blocked.join("data");
    let file = dir.path().join("room/s.ron");
    let home = blocked.join("home");
    let tmp = blocked.join("tmp");
    let mut tui = Tui::spawn_with(
        &data,
        &["new", "--file", file.to_str().unwrap()],
        &[("HOME", home.to_str().unwrap()), ("TMPDIR", tmp.to_str().unwrap())],
    );
    tui.expect("Welcome and agenda");
    tui.send("]]");
    tui.expect("No barriers yet");
    break_folder(dir.path());
    tui.send("a");
    tui.send("Nowhere to go");
    tui.send("\x1b");
    tui.expect("Could not save");
    tui.send("q");
    tui.expect("Saving failed");
    tui.send("q");
    tui.expect("No copy could be written anywhere");
    assert!(tui.pty.get_process().is_alive().unwrap(), "still running after the first refusal");
    tui.send("q");
    assert_eq!(tui.wait_for_exit_code(), Some(1));
    let raw = String::from_utf8_lossy(&tui.raw).into_owned();
    assert!(raw.contains("were lost"), "{raw}");
    assert!(!raw.contains("Backtrace"), "{raw}");
}
