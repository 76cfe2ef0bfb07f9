//! Nothing is lost: one writer per session, panics that keep the work, bad
//! files refused with clear messages, any terminal size, huge pastes.

use std::process::Command;
use std::time::Duration;

use crate::common::pty::{BIN, Tui};
use crate::common::{go_to_stage, press, screen, session_app};
use crossterm::event::{Event, KeyCode};
use expectrl::process::unix::Signal;
use roundtable::domain::session::{Mode, SCHEMA_VERSION, Session};
use roundtable::scenarios;
use roundtable::store::{load_session, save_session, session_to_ron};

fn saved_session(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("s.ron");
    let session = Session::new("Safety", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
    save_session(&session, &path).unwrap();
    path
}

#[test]
fn a_second_instance_is_refused_names_the_holder_and_may_look_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved_session(dir.path());
    let file = path.to_str().unwrap();
    let mut first = Tui::spawn(dir.path(), &["open", file]);
    first.expect("Welcome and agenda");
    let pid = first.pty.get_process().pid();

    let out = Command::new(BIN).args(["open", file]).env("ROUNDTABLE_DATA_DIR", dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("open in another Roundtable: process {pid} on ")), "{err}");
    assert!(err.contains(&roundtable::store::lock::host_name()), "{err}");
    assert!(err.contains("--read-only"), "{err}");

    let mut viewer = Tui::spawn(dir.path(), &["open", "--read-only", file]);
    viewer.expect("[read-only]");
    viewer.send("]]a");
    viewer.expect("Read-only");
    viewer.send("q");
    viewer.wait_for_exit();
    let said = String::from_utf8_lossy(&viewer.raw).into_owned();
    assert!(!said.contains("Saved:"), "a read-only view wrote nothing and says nothing of saving: {said}");

    // The holder dies without tidying up: its lock is recovered.
    first.pty.get_process_mut().kill(Signal::SIGKILL).unwrap();
    assert_eq!(first.wait_for_exit_code(), None, "killed, not exited");
    let mut again = Tui::spawn(dir.path(), &["open", file]);
    again.expect("Welcome and agenda");
    again.send("q");
    again.wait_for_exit();
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_cannot_open_a_session_twice_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved_session(dir.path());
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let link = dir.path().join("sub/s.ron");
    std::os::unix::fs::symlink("../s.ron", &link).unwrap();
    let beside = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&path, &beside).unwrap();

    let mut first = Tui::spawn(dir.path(), &["open", path.to_str().unwrap()]);
    first.expect("Welcome and agenda");
    for through in [&link, &beside] {
        let out = Command::new(BIN).arg("open").arg(through).env("ROUNDTABLE_DATA_DIR", dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", through.display());
        assert!(String::from_utf8_lossy(&out.stderr).contains("open in another Roundtable"));
    }
    first.send("q");
    first.wait_for_exit();

    // Opened through the link, the session is saved to the file it names.
    let mut via_link = Tui::spawn(dir.path(), &["open", link.to_str().unwrap()]);
    via_link.expect("Welcome and agenda");
    via_link.send("]]a");
    via_link.send("Saved through a link");
    via_link.send("\x1b");
    via_link.send("q");
    via_link.wait_for_exit();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
    assert_eq!(load_session(&path).unwrap().group().barriers[0].text, "Saved through a link");
}

#[test]
fn a_panic_restores_the_terminal_and_keeps_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved_session(dir.path());
    let mut tui = Tui::spawn_with(dir.path(), &["open", path.to_str().unwrap()], &[("ROUNDTABLE_TEST_PANIC_KEY", "§")]);
    tui.expect("Welcome and agenda");
    tui.send("]]a");
    tui.send("Typed just before the panic");
    tui.send("§");
    tui.wait_for_exit();
    let raw = String::from_utf8_lossy(&tui.raw);
    let panic_at = raw.find("panic").expect("the panic is reported");
    assert!(raw.contains("\x1b[?1049l"), "the alternate screen is left");
    assert!(raw[..panic_at].contains("\x1b[?1049l"), "the terminal is restored before the report is printed");
    let session = load_session(&path).expect("the session is still on disk and parses");
    assert_eq!(session.group().barriers[0].text, "Typed just before the panic");
}

/// Runs `check` on `text` written to a file; returns stderr. The file must
/// be left exactly as it was.
fn check_text(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new(BIN)
        .arg("check")
        .arg(&path)
        .env("ROUNDTABLE_LOG_DIR", env!("CARGO_TARGET_TMPDIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{name} should fail the check");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was modified");
    let opened = Command::new(BIN).arg("open").arg(&path).env("ROUNDTABLE_DATA_DIR", dir.path()).output().unwrap();
    assert_eq!(opened.status.code(), Some(1), "{name} should not open");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was modified by open");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn good_text() -> String {
    session_to_ron(&Session::new("Bad files", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0))
}

#[test]
fn bad_session_files_get_clear_messages_and_are_never_modified() {
    let good = good_text();
    let truncated = &good[..good.len() / 2];
    let err = check_text("truncated.ron", truncated.as_bytes());
    // The last line with anything on it: a cut in the indentation is
    // reported where the text stops.
    let line = truncated.trim_end().lines().count();
    assert!(err.contains(&format!("truncated.ron:{line}:")), "the error points at the cut: {err}");

    let wrong_type = good.replacen("stage: 0", "stage: \"three\"", 1);
    let err = check_text("wrong-type.ron", wrong_type.as_bytes());
    let line = wrong_type.lines().position(|l| l.contains("stage: \"three\"")).unwrap() + 1;
    assert!(err.contains(&format!("wrong-type.ron:{line}:")), "{err}");

    let unknown = good.replacen("    stage: 0,", "    stage: 0,\n    colour: \"blue\",", 1);
    let err = check_text("unknown-field.ron", unknown.as_bytes());
    assert!(err.contains("colour") && err.contains("the fields it takes are"), "{err}");

    let newer = good.replacen(&format!("schema_version: {SCHEMA_VERSION}"), "schema_version: 99", 1);
    let err = check_text("newer.ron", newer.as_bytes());
    assert!(err.contains("newer Roundtable"), "{err}");

    let mut non_utf8 = good.clone().into_bytes();
    let at = good.find("Bad files").unwrap();
    non_utf8[at] = 0xff;
    let err = check_text("non-utf8.ron", &non_utf8);
    assert!(err.contains("not valid UTF-8"), "{err}");

    let err = check_text("empty.ron", b"");
    assert!(err.contains("empty"), "{err}");

    let mut huge = good.clone().into_bytes();
    huge.extend(std::iter::repeat_n(b' ', 50 * 1024 * 1024));
    let err = check_text("huge.ron", &huge);
    assert!(err.contains("too large"), "{err}");
}

#[test]
fn an_older_session_file_is_migrated_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_text();
    let start = good.find("\n    timers:").unwrap();
    let end = good.rfind("\n)").unwrap();
    let v1 = format!("{}{}", &good[..start], &good[end..]).replacen(
        &format!("schema_version: {SCHEMA_VERSION}"),
        "schema_version: 1",
        1,
    );
    assert!(v1.contains("schema_version: 1"), "{v1}");
    let path = dir.path().join("v1.ron");
    std::fs::write(&path, &v1).unwrap();
    let out = Command::new(BIN)
        .arg("check")
        .arg(&path)
        .env("ROUNDTABLE_LOG_DIR", env!("CARGO_TARGET_TMPDIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(load_session(&path).unwrap().schema_version, SCHEMA_VERSION);
}

#[test]
fn a_broken_file_with_a_backup_says_how_to_use_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved_session(dir.path());
    save_session(&load_session(&path).unwrap(), &path).unwrap();
    std::fs::write(&path, "Session(").unwrap();
    let out = Command::new(BIN).arg("open").arg(&path).env("ROUNDTABLE_DATA_DIR", dir.path()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("s.ron.bak") && err.contains("roundtable open"), "{err}");
}

/// Puts the app on the screen under test.
type SetUp = dyn Fn(&mut roundtable::app::App);

/// Draws each screen the set-ups lead to, in turn, at every size that
/// matters, and checks that a screen too small says so.
fn renders_at_every_size(screens: Vec<Box<SetUp>>) {
    let mut f = session_app(&["Red", "Blue", "Green"]);
    roundtable::store::folder::save_group(f.dir.path(), &roundtable::domain::session::Group::default(), None).ok();
    // The edges of every layout decision (the smallest usable size and one
    // either side, the common sizes, the largest), and a sweep between
    // with a step that is prime, so it does not land on the same layout
    // boundary each time.
    let sizes: Vec<(u16, u16)> = (1..=400u16)
        .step_by(23)
        .chain([2, 59, 60, 61, 79, 80, 81, 99, 100, 101, 199, 200, 201, 400])
        .flat_map(|w| [(w, 1), (w, 15), (w, 16), (w, 17), (w, 24), (w, 30), (w, 60), (w, 120)])
        .chain((1..=120u16).step_by(7).flat_map(|h| [(1, h), (60, h), (80, h), (200, h)]))
        .collect();
    for set_up in &screens {
        set_up(&mut f.app);
        for (w, h) in &sizes {
            let s = screen(&f.app, *w, *h);
            if (*w < roundtable::ui::MIN_WIDTH || *h < roundtable::ui::MIN_HEIGHT) && *w >= 20 {
                assert!(s.starts_with("Terminal too small"), "{w}x{h}: {s}");
            }
        }
    }
}

/// Going to each of these stages (1-based), in turn.
fn stages(numbers: std::ops::RangeInclusive<usize>) -> Vec<Box<SetUp>> {
    numbers.map(|stage| Box::new(move |app: &mut roundtable::app::App| go_to_stage(app, stage)) as Box<SetUp>).collect()
}

// Three tests rather than one, so that they draw side by side.
#[test]
fn the_first_stages_render_at_every_size_without_panicking() {
    renders_at_every_size(stages(1..=4));
}

#[test]
fn the_last_stages_render_at_every_size_without_panicking() {
    renders_at_every_size(stages(5..=8));
}

#[test]
fn forms_overlays_and_views_render_at_every_size_without_panicking() {
    let mut screens: Vec<Box<SetUp>> = Vec::new();
    screens.push(Box::new(|app| {
        go_to_stage(app, 6);
        press(app, KeyCode::Char('a'));
    }));
    screens.push(Box::new(|app| {
        press(app, KeyCode::Esc);
        go_to_stage(app, 3);
        press(app, KeyCode::Char('d'));
    }));
    screens.push(Box::new(|app| {
        press(app, KeyCode::Esc);
        press(app, KeyCode::Char('?'));
    }));
    screens.push(Box::new(|app| {
        press(app, KeyCode::Esc);
        go_to_stage(app, 7);
        press(app, KeyCode::Char('v'));
    }));
    screens.push(Box::new(|app| press(app, KeyCode::Char('v'))));
    screens.push(Box::new(|app| press(app, KeyCode::Char('p'))));
    renders_at_every_size(screens);
}

#[test]
fn wide_and_combining_characters_keep_columns_aligned() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 3);
    for text in ["社区合作的障碍", "Trust 🤝 gone 👎🏽", "Cafe\u{301} na\u{308}ive", "שותפות עם המועצה"]
    {
        press(&mut f.app, KeyCode::Char('a'));
        for c in text.chars() {
            press(&mut f.app, KeyCode::Char(c));
        }
        press(&mut f.app, KeyCode::Esc);
    }
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("社区合作的障碍"), "{s}");
    // Every line of the frame is exactly the screen's width in columns.
    use unicode_width::UnicodeWidthStr;
    for line in s.lines() {
        let padded_width = line.width();
        assert!(padded_width <= 80, "a line overflows: {line:?} is {padded_width} columns");
    }
    // The right border of the stage box stays in the last column on every row.
    let rows_with_border = s.lines().filter(|l| l.ends_with('│')).count();
    assert!(rows_with_border > 10, "{s}");
    for line in s.lines().filter(|l| l.starts_with('│')) {
        assert_eq!(line.width(), 80, "misaligned row: {line:?}");
    }
}

#[test]
fn a_megabyte_paste_is_cut_to_the_limit_with_a_message() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 3);
    press(&mut f.app, KeyCode::Char('a'));
    let big = "partnership ".repeat(90_000);
    assert!(big.len() > 1_000_000);
    let start = std::time::Instant::now();
    f.app.handle_event(&Event::Paste(big));
    let s = screen(&f.app, 80, 24);
    assert!(start.elapsed() < Duration::from_secs(5), "a huge paste is handled promptly");
    assert!(s.contains("only the first 10000 were kept"), "{s}");
    press(&mut f.app, KeyCode::Esc);
    let text = &f.app.session().unwrap().group().barriers[0].text;
    assert!(text.chars().count() <= roundtable::app::PASTE_LIMIT);
}
