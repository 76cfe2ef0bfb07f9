//! End-to-end runs of the real binary in a pseudo-terminal.

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use expectrl::process::unix::Signal;
use roundtable::store::load_session;

use crate::common::pty::{BIN, Tui};

/// Waits for a condition on the session file, for up to five seconds.
fn wait_for(path: &Path, what: &str, test: impl Fn(&roundtable::domain::session::Session) -> bool) {
    let start = Instant::now();
    loop {
        if let Ok(s) = load_session(path)
            && test(&s)
        {
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(5), "the session file never showed {what}");
        sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_walk_through_is_saved_and_reopens_intact() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("walk.ron");
    let file_arg = file.to_str().unwrap();
    let mut pty = Tui::spawn(dir.path(), &["new", "--title", "Pty walk", "--groups", "Red", "--file", file_arg]);
    pty.expect("Welcome and agenda");

    pty.send("]]");
    pty.expect("Barriers to joint working");
    pty.send("a");
    pty.send("Silo working everywhere");
    pty.send("\x1b");
    pty.send("d");
    pty.expect("barrier deck");
    pty.send("\r");
    pty.send("5");
    pty.send("\x1b");

    pty.send("]");
    pty.expect("What has worked");
    pty.send("a");
    pty.send("Joint leadership team");
    pty.send("\t ");
    pty.send("\x1b");

    pty.send("]]");
    pty.expect("Five actions for the next eighteen months");
    pty.send("a");
    pty.send("Map the sector\t");
    pty.send("Survey every group\t");
    pty.send("\x1b[C\x1b[C\x1b[C");
    pty.send("\t\t\t\t3\t12\tCall the CVS\tA directory in use");
    pty.send("\x1b");
    pty.send("q");
    pty.wait_for_exit();

    let session = load_session(&file).expect("the saved session loads");
    let group = session.group();
    let barriers: Vec<&str> = group.barriers.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(barriers, vec!["Silo working everywhere", "Low trust and understanding"]);
    assert_eq!(group.barriers[1].severity, 5);
    assert_eq!(group.barriers[1].card.as_deref(), Some("trust"));
    assert_eq!(group.solutions.len(), 1);
    assert_eq!(group.solutions[0].barriers, vec![group.barriers[0].id]);
    let action = &group.actions[0];
    assert_eq!(action.title, "Map the sector");
    assert_eq!(action.what, "Survey every group");
    assert_eq!(action.lead, roundtable::domain::session::LeadSide::Jointly);
    assert_eq!((action.start_month, action.end_month), (Some(3), Some(12)));
    assert_eq!(action.first_step, "Call the CVS");
    assert_eq!(action.success, "A directory in use");
    assert_eq!(session.scenario.stages[session.stage].title, "Five actions for the next eighteen months");

    // Reopening shows the same work.
    let mut pty = Tui::spawn(dir.path(), &["open", file_arg]);
    pty.expect("Map the sector");
    pty.send("q");
    pty.wait_for_exit();

    let out = Command::new(BIN)
        .args(["export", file_arg, "--format", "md"])
        .env("ROUNDTABLE_LOG_DIR", env!("CARGO_TARGET_TMPDIR"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let report = String::from_utf8(out.stdout).unwrap();
    for text in ["# Pty walk", "Silo working everywhere", "Joint leadership team", "Map the sector", "Call the CVS"] {
        assert!(report.contains(text), "report lacks {text}: {report}");
    }
}

/// Sends Esc to close a form, and waits until it has closed: a key sent
/// while the app is still deciding whether Esc stands alone would read as
/// Alt and that key.
fn close_form(pty: &mut Tui) {
    pty.send("\x1b");
    let start = Instant::now();
    while pty.contents().contains("Ctrl-s/Esc save") {
        assert!(start.elapsed() < Duration::from_secs(15), "the form never closed:\n{}", pty.contents());
        sleep(Duration::from_millis(20));
    }
}

/// The 2026 scenario, chosen by its id on the command line, runs through
/// every stage of the real binary and saves the group's work with it.
#[test]
fn the_2026_scenario_runs_from_the_command_line_through_every_stage() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sallowmere.ron");
    let file_arg = file.to_str().unwrap();
    let mut pty = Tui::spawn(dir.path(), &["new", "--scenario", "vcse-2026", "--groups", "Red", "--file", file_arg]);
    pty.expect("Making change happen in 2026");
    pty.send("]");
    pty.expect("Briefing: from 2007 to 2026");
    pty.send("]");
    pty.expect("Barriers to joint working");
    pty.send("d");
    pty.expect("Low trust and understanding");
    pty.send("\r");
    pty.send("4");
    close_form(&mut pty);
    pty.send("]");
    pty.expect("What has worked");
    pty.send("]");
    pty.expect("The scenario: Sallowmere, 2026");
    pty.expect("Sallowmere Council");
    pty.send("]");
    pty.expect("Five actions for the next eighteen months");
    pty.send("a");
    pty.send("Plan every grant ending\t\t");
    pty.send("\x1b[C\x1b[C\x1b[C");
    pty.send("\t\t\t");
    pty.send(" ");
    pty.send("\t0\t6\tWrite to every grant holder\tNo group hears of an ending late");
    close_form(&mut pty);
    pty.send("]");
    pty.expect("Report-back");
    pty.send("]");
    pty.expect("Which of the barriers NLGN found in 2007");
    pty.send("q");
    pty.wait_for_exit();

    let session = load_session(&file).expect("the saved session loads");
    assert_eq!(session.scenario.id, "vcse-2026");
    assert_eq!(session.stage, 7, "the close");
    let group = session.group();
    assert_eq!(group.barriers[0].card.as_deref(), Some("trust"));
    assert_eq!(group.barriers[0].severity, 4);
    let action = &group.actions[0];
    assert_eq!(action.title, "Plan every grant ending");
    assert_eq!(action.barriers, vec![group.barriers[0].id], "the action tackles the key barrier");
    assert_eq!((action.start_month, action.end_month), (Some(0), Some(6)));
    assert!(roundtable::domain::review::debrief(group, &session.scenario).figures.key_tackled);
}

#[test]
fn a_kill_mid_edit_loses_at_most_the_last_second() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kill.ron");
    let mut pty = Tui::spawn(dir.path(), &["new", "--file", file.to_str().unwrap()]);
    pty.expect("Welcome and agenda");
    pty.send("]]a");
    pty.send("Typed before the kill");
    // Still inside the form: nothing has been confirmed, yet it must be on disk.
    wait_for(&file, "the typed barrier", |s| s.group().barriers.iter().any(|b| b.text == "Typed before the kill"));
    sleep(Duration::from_millis(1100));
    pty.pty.get_process_mut().kill(Signal::SIGKILL).expect("the process is killed");
    let session = load_session(&file).expect("the file still parses after SIGKILL");
    assert_eq!(session.group().barriers[0].text, "Typed before the kill");
}

#[test]
fn the_home_screen_starts_a_session_in_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Tui::spawn(dir.path(), &[]);
    pty.expect("Start a new session");
    pty.send("n");
    pty.send("Home start\t\t\tRed, Blue\r");
    pty.expect("Welcome and agenda");
    pty.send("q");
    pty.wait_for_exit();
    let sessions: Vec<_> = std::fs::read_dir(dir.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    assert_eq!(sessions.len(), 1);
    let session = load_session(&sessions[0]).unwrap();
    assert_eq!(session.title, "Home start");
    let names: Vec<&str> = session.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, vec!["Red", "Blue"]);
}

#[test]
fn a_solo_session_runs_through_to_the_debrief() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sessions").join("solo.ron");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let mut pty = Tui::spawn(dir.path(), &["new", "--mode", "solo", "--file", file.to_str().unwrap()]);
    pty.expect("Welcome and agenda");
    pty.expect("· My plan");
    pty.send("]]");
    pty.expect("Hint:");
    pty.send("d");
    pty.expect("barrier deck");
    pty.send("\r");
    pty.send("\x1b");
    pty.send("]]]");
    pty.expect("Five actions for the next eighteen months");
    pty.send("a");
    pty.send("Monthly leaders' breakfast\t\t");
    pty.send("\x1b[C\x1b[C\x1b[C");
    pty.send("\t\t\t");
    pty.send(" ");
    pty.send("\t0\t12\tBook the first one");
    pty.send("\x1b");
    pty.send("]]");
    pty.expect("Debrief: your plan against the sources");
    pty.expect("Practice history");
    pty.send("q");
    pty.wait_for_exit();
    let session = load_session(&file).unwrap();
    assert_eq!(session.mode, roundtable::domain::session::Mode::Solo);
    assert_eq!(session.groups.len(), 1);
    assert_eq!(session.group().name, roundtable::domain::session::SOLO_PLAN, "one plan, not \"Group 1\"");
    let a = &session.group().actions[0];
    assert_eq!(a.title, "Monthly leaders' breakfast");
    assert_eq!(a.barriers, vec![session.group().barriers[0].id], "the action tackles the drawn barrier");
    assert!(roundtable::domain::review::debrief(session.group(), &session.scenario).figures.key_tackled);
}

/// Where the terminal has kitty's text-sizing protocol, the projector's
/// large letters are the terminal's own font (OSC 66); elsewhere they are
/// block glyphs, and the normal screen never uses either.
#[test]
fn the_projector_uses_the_terminals_own_large_letters_where_it_has_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sized.ron");
    let file_arg = file.to_str().unwrap();
    let mut sized =
        Tui::spawn_with(dir.path(), &["new", "--file", file_arg, "--projector"], &[("ROUNDTABLE_TEXT_SIZING", "on")]);
    sized.expect("Stage 1 of 8");
    let said = String::from_utf8_lossy(&sized.raw).into_owned();
    assert!(said.contains("\x1b]66;s=4;What would it take"), "the question in sized letters: {said:?}");
    assert!(!said.contains('▀') && !said.contains('▄'), "no block glyphs where sized letters are drawn");
    // Back to the facilitator's screen: ordinary text, the sized letters gone.
    let before = sized.raw.len();
    sized.send("p");
    sized.expect("] next stage");
    let after = String::from_utf8_lossy(&sized.raw[before..]).into_owned();
    assert!(after.contains("\x1b[2J"), "the screen is cleared of sized letters: {after:?}");
    assert!(!after.contains("\x1b]66;"), "{after:?}");
    sized.send("q");
    sized.wait_for_exit();

    let mut blocks =
        Tui::spawn_with(dir.path(), &["open", file_arg, "--projector"], &[("ROUNDTABLE_TEXT_SIZING", "off")]);
    blocks.expect("Stage 1 of 8");
    let said = String::from_utf8_lossy(&blocks.raw).into_owned();
    assert!(!said.contains("\x1b]66;"), "no sized letters when turned off");
    assert!(said.contains('▀') || said.contains('▄'), "block glyphs instead");
    blocks.send("q");
    blocks.wait_for_exit();
}

#[test]
fn the_presenter_console_follows_the_main_screen_and_never_writes() {
    use roundtable::domain::session::{Mode, Session};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("console.ron");
    let mut session =
        Session::new("Console", roundtable::scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
    roundtable::store::save_session(&session, &file).unwrap();
    let written = std::fs::read(&file).unwrap();

    let mut pty = Tui::spawn(dir.path(), &["notes", file.to_str().unwrap()]);
    pty.expect("Presenter console");
    pty.expect("Stage 1 of 8 · Welcome");

    // The main screen moves on and saves: the console follows.
    session.stage = 2;
    roundtable::store::save_session(&session, &file).unwrap();
    let written_again = std::fs::read(&file).unwrap();
    pty.expect("Stage 3 of 8 · Barriers");

    pty.send("?");
    pty.expect("never changes it");
    // ? closes the help as Esc does; an Esc straight before q could be
    // read as Alt-q.
    pty.send("?");
    pty.send("q");
    assert_eq!(pty.wait_for_exit_code(), Some(0));
    assert_ne!(written, written_again);
    assert_eq!(std::fs::read(&file).unwrap(), written_again, "the console wrote nothing");
}

#[test]
fn a_session_is_logged_from_start_to_finish_and_never_on_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("logged.ron");
    let file_arg = file.to_str().unwrap();
    let mut pty = Tui::spawn(dir.path(), &["new", "--title", "Logged", "--groups", "Red", "--file", file_arg]);
    pty.expect("Welcome and agenda");
    pty.send("q");
    pty.wait_for_exit();

    let log = std::fs::read_to_string(dir.path().join("logs/roundtable.log")).expect("a log in the data directory");
    for line in [
        "INFO roundtable new started".to_string(),
        format!("INFO locked {file_arg}"),
        format!("INFO saved {file_arg} bytes="),
        "INFO roundtable new finished".to_string(),
    ] {
        assert!(log.contains(&line), "the log lacks {line:?}:\n{log}");
    }
    let shown = String::from_utf8_lossy(&pty.raw);
    assert!(!shown.contains(" INFO ") && !shown.contains("started"), "the log reached the terminal: {shown}");
}

#[test]
fn doctor_gives_the_terminals_size() {
    let dir = tempfile::tempdir().unwrap();
    // Run from a shell that stays a moment after it, as a terminal window
    // would: a pseudo-terminal whose last writer has gone may drop what
    // was written and not yet read.
    let mut cmd = std::process::Command::new("sh");
    cmd.args(["-c", "\"$0\" doctor; code=$?; sleep 1; exit $code", BIN]).env("ROUNDTABLE_DATA_DIR", dir.path());
    let mut pty = Tui::spawn_command(cmd);
    pty.expect("size:          100x30");
    assert_eq!(pty.wait_for_exit_code(), Some(0));
}
