//! The command line's non-interactive subcommands.

use std::process::Command;

use roundtable::domain::session::{Mode, Session};
use roundtable::scenarios;
use roundtable::store::save_session;

const BIN: &str = env!("CARGO_BIN_EXE_roundtable");

fn sample(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("s.ron");
    let session = Session::new("CLI", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
    save_session(&session, &path).unwrap();
    path
}

#[test]
fn check_names_file_line_and_column_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen("title: \"CLI\"", "title: \"CLI\" oops", 1);
    std::fs::write(&path, &broken).unwrap();
    let line = broken.lines().position(|l| l.contains("oops")).unwrap() + 1;

    let out = Command::new(BIN).arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:{line}:", path.display())), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken, "check must not touch the file");
}

#[test]
fn check_passes_good_files_and_reports_meaning_errors_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let good = sample(dir.path());
    let out = Command::new(BIN).arg("check").arg(&good).arg("scenarios/nlgn-fictional-council.ron").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let text = std::fs::read_to_string("scenarios/nlgn-fictional-council.ron").unwrap();
    let bad = dir.path().join("bad-scenario.ron");
    std::fs::write(&bad, text.replacen("month: 16", "month: 30", 1)).unwrap();
    let out = Command::new(BIN).arg("check").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("injects[7].month"), "{err}");
}

#[test]
fn open_refuses_a_broken_file_without_touching_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "Session(\n  schema_version: 1,\n  title: 5,\n").unwrap();
    let out = Command::new(BIN).arg("open").arg(&path).env("ROUNDTABLE_DATA_DIR", dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.ron:3:"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "Session(\n  schema_version: 1,\n  title: 5,\n");
}

#[test]
fn export_writes_a_markdown_report_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    let out_path = dir.path().join("report.md");
    let out =
        Command::new(BIN).arg("export").arg(&path).args(["--format", "md", "-o"]).arg(&out_path).output().unwrap();
    assert!(out.status.success());
    let report = std::fs::read_to_string(&out_path).unwrap();
    assert!(report.starts_with("# CLI\n"), "{report}");
}

#[test]
fn scenarios_lists_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN).arg("scenarios").env("ROUNDTABLE_DATA_DIR", dir.path()).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("nlgn") && text.contains("built-in"), "{text}");
}
