//! The settings file, read by the real binary: keys that change what the
//! help shows, themes chosen by the terminal's background, and a broken
//! file refused before anything is written.

use crate::common;
use std::process::Command;

use crate::common::pty::{BIN, Tui};

fn write_config(dir: &std::path::Path, text: &str) {
    std::fs::write(dir.join("config.ron"), text).unwrap();
}

#[test]
fn a_key_changed_in_the_settings_works_and_the_help_and_hints_show_it() {
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path(), r#"(keys: { "add": "A", "help": ["H", "F1"] })"#);
    let file = dir.path().join("keys.ron");
    let mut pty = Tui::spawn(dir.path(), &["new", "--groups", "Red", "--file", file.to_str().unwrap()]);
    pty.expect("Welcome and agenda");
    pty.send("]]");
    pty.expect("Barriers to joint working");
    // The empty list, the hint bar and the help all name the new key.
    pty.expect("Press A to write one in your own words");
    pty.expect("A add barrier");
    pty.send("a");
    assert!(!pty.contents().contains("Add a barrier"), "a no longer adds: {}", pty.contents());
    pty.send("H");
    pty.expect("A  add barrier");
    pty.send("\x1b");
    pty.expect("H/F1 help");
    pty.send("A");
    pty.expect("Barrier");
    pty.send("Typed after the new key");
    pty.send("\x1b");
    pty.send("q");
    assert_eq!(pty.wait_for_exit_code(), Some(0));
    let session = roundtable::store::load_session(&file).unwrap();
    assert_eq!(session.groups[0].barriers[0].text, "Typed after the new key");
}

#[test]
fn broken_settings_stop_the_screen_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path(), "(\n    keys: { \"next_stage\": \"n\" },\n)\n");
    let file = dir.path().join("never.ron");
    let out = Command::new(BIN)
        .args(["new", "--groups", "Red", "--file", file.to_str().unwrap()])
        .env("ROUNDTABLE_DATA_DIR", dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("config.ron:2:5"), "the file, line and column: {err}");
    assert!(err.contains("\"speaker notes\" and \"next stage\" on the briefing stage"), "{err}");
    assert!(!file.exists(), "no session was started");

    // `roundtable config` names the same problem, after the defaults.
    let out = Command::new(BIN).arg("config").env("ROUNDTABLE_DATA_DIR", dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("config.ron:2:5"));
}

#[test]
fn roundtable_config_prints_the_path_and_every_default() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN).arg("config").env("ROUNDTABLE_CONFIG_DIR", dir.path()).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let path = dir.path().join("config.ron");
    assert!(text.contains(&format!("Settings file: {}", path.display())), "{text}");
    assert!(text.contains("not there: every setting is at its default"), "{text}");
    assert!(text.contains("theme: Auto,") && text.contains("projector_theme: Auto,"), "{text}");
    assert!(text.contains(r#"// "next_stage": ["]", "PgDn"],"#), "{text}");
    assert!(text.contains(r#"// "export": ["E"],"#) && text.contains(r#"and ["e", "E"] on the close stage"#), "{text}");
    // What it prints is itself a settings file that changes nothing.
    let defaults = &text[text.find("// Every setting").unwrap()..];
    write_config(dir.path(), defaults);
    let out = Command::new(BIN).arg("config").env("ROUNDTABLE_CONFIG_DIR", dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("In use: theme Auto, projector theme Auto, keys changed: none")
    );
}

/// Whether the projector's backdrop is white: the light theme.
fn projector_backdrop(colours: Option<(&'static str, &'static str)>, config: Option<&str>) -> vt100::Color {
    let dir = tempfile::tempdir().unwrap();
    if let Some(config) = config {
        write_config(dir.path(), config);
    }
    let file = dir.path().join("light.ron");
    let mut pty = Tui::spawn_with(
        dir.path(),
        &["new", "--groups", "Red", "--file", file.to_str().unwrap(), "--projector"],
        &[("ROUNDTABLE_TEXT_SIZING", "off")],
    );
    pty.colours = colours;
    pty.expect("Stage 1 of 8");
    let backdrop = pty.background_at(29, 50);
    pty.send("q");
    pty.wait_for_exit();
    backdrop
}

const WHITE_ON_BLACK: (&str, &str) = ("rgb:ffff/ffff/ffff", "rgb:0000/0000/0000");
const BLACK_ON_WHITE: (&str, &str) = ("rgb:0000/0000/0000", "rgb:ffff/ffff/ffff");

#[test]
fn a_terminal_with_a_white_background_gets_the_light_projector() {
    let white = vt100::Color::Idx(15);
    let black = vt100::Color::Idx(0);
    assert_eq!(projector_backdrop(Some(BLACK_ON_WHITE), None), white, "asked, the terminal says it is light");
    assert_eq!(projector_backdrop(Some(WHITE_ON_BLACK), None), black, "a dark terminal keeps high contrast");
    assert_eq!(projector_backdrop(None, None), black, "a terminal that does not say is taken as dark");
    // The projector's own setting wins over the terminal's background.
    assert_eq!(projector_backdrop(Some(BLACK_ON_WHITE), Some("(projector_theme: HighContrast)")), black);
    assert_eq!(projector_backdrop(None, Some("(projector_theme: Light)")), white);
}

/// Text that names keys, in forms and at report-back, names the user's.
#[test]
fn sentences_on_the_screens_name_the_users_keys() {
    use crossterm::event::KeyCode;
    let settings = roundtable::config::Settings::parse(
        r#"(keys: { "field_left": "<", "field_right": ">", "vote": "V", "next_page": "Y" })"#,
        std::path::Path::new("config.ron"),
    )
    .unwrap();
    let mut f = common::session_app(&["Red", "Blue"]);
    f.app.screen.keys = settings.keys;
    common::go_to_stage(&mut f.app, 3);
    common::press(&mut f.app, KeyCode::Char('a'));
    // Severity's help: "←/→ or a digit" becomes the user's keys.
    common::press(&mut f.app, KeyCode::Tab);
    common::press(&mut f.app, KeyCode::Tab);
    let shown = common::screen(&f.app, 100, 30);
    assert!(shown.contains("</> or a digit"), "{shown}");
    assert!(!shown.contains("←/→"), "{shown}");
    common::press(&mut f.app, KeyCode::Esc);

    common::go_to_stage(&mut f.app, 7);
    let shown = common::screen(&f.app, 100, 30);
    assert!(shown.contains("Y switches"), "{shown}");
    common::keys(&mut f.app, "Y");
    let shown = common::screen(&f.app, 100, 30);
    assert!(shown.contains("V gives a dot"), "{shown}");
}
