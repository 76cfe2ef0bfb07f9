//! The command line's non-interactive subcommands.

use std::process::Command;

use roundtable::domain::session::{Mode, Session};
use roundtable::scenarios;
use roundtable::store::save_session;

const BIN: &str = env!("CARGO_BIN_EXE_roundtable");

/// The real binary, kept out of the user's own files: its data directory
/// (and so its log) is under the build's temporary folder unless a test
/// gives its own.
fn roundtable() -> Command {
    let mut command = Command::new(BIN);
    command
        .env("ROUNDTABLE_DATA_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/cli-data"))
        .env_remove("ROUNDTABLE_LOG_DIR");
    command
}

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

    let out = roundtable().arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:{line}:", path.display())), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken, "check must not touch the file");
}

#[test]
fn check_passes_good_files_and_reports_meaning_errors_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let good = sample(dir.path());
    let out = roundtable().arg("check").arg(&good).arg("scenarios/nlgn-fictional-council.ron").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("session \"CLI\", 1 group\n"), "{said}");

    let text = std::fs::read_to_string("scenarios/nlgn-fictional-council.ron").unwrap();
    let bad = dir.path().join("bad-scenario.ron");
    std::fs::write(&bad, text.replacen("month: 16", "month: 30", 1)).unwrap();
    let out = roundtable().arg("check").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("injects[14].month"), "{err}");
}

#[test]
fn open_refuses_a_broken_file_without_touching_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "Session(\n  schema_version: 1,\n  title: 5,\n").unwrap();
    let out = roundtable().arg("open").arg(&path).env("ROUNDTABLE_DATA_DIR", dir.path()).output().unwrap();
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
    let out = roundtable().arg("export").arg(&path).args(["--format", "md", "-o"]).arg(&out_path).output().unwrap();
    assert!(out.status.success());
    let report = std::fs::read_to_string(&out_path).unwrap();
    assert!(report.starts_with("# CLI\n"), "{report}");
}

#[test]
fn scenarios_lists_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = roundtable().arg("scenarios").env("ROUNDTABLE_DATA_DIR", dir.path()).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("nlgn") && text.contains("built-in"), "{text}");
}

#[test]
fn export_never_writes_a_report_over_a_session_or_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    let scenario = dir.path().join("my-scenario.ron");
    std::fs::copy("scenarios/nlgn-fictional-council.ron", &scenario).unwrap();
    for target in [&path, &scenario] {
        let before = std::fs::read(target).unwrap();
        for format in ["md", "html", "csv"] {
            let out =
                roundtable().arg("export").arg(&path).args(["--format", format, "-o"]).arg(target).output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{format}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("is not a") && err.contains("--force"), "{err}");
            assert_eq!(std::fs::read(target).unwrap(), before, "{} untouched", target.display());
        }
    }
    assert!(!roundtable::store::paths::backup_path(&scenario).exists(), "nothing was written, not even a backup");

    let out = roundtable().arg("export").arg(&path).args(["--format", "md", "--force", "-o"]).arg(&scenario).output();
    assert!(out.unwrap().status.success());
    assert!(std::fs::read_to_string(&scenario).unwrap().starts_with("# CLI\n"));
}

#[test]
fn export_refuses_a_missing_folder_rather_than_creating_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    let out_path = dir.path().join("not-yet/report.html");
    let out = roundtable().arg("export").arg(&path).args(["--format", "html", "-o"]).arg(&out_path).output();
    let out = out.unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!dir.path().join("not-yet").exists());
}

#[test]
fn without_a_terminal_the_screen_commands_stop_before_writing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let session = sample(dir.path());
    for args in [vec!["new"], vec![], vec!["open", session.to_str().unwrap()]] {
        let out = roundtable()
            .args(&args)
            .env("ROUNDTABLE_DATA_DIR", dir.path())
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("needs a terminal"), "{err}");
        assert_eq!(err.lines().count(), 1, "one line, no backtrace: {err}");
    }
    let sessions = dir.path().join("sessions");
    assert!(!sessions.exists() || std::fs::read_dir(&sessions).unwrap().next().is_none(), "no session file written");
    assert!(!roundtable::store::lock::lock_path(&session).exists());
}

#[test]
fn check_reads_group_files_too() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new("Room", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
    roundtable::store::folder::create_room(dir.path(), &session).unwrap();
    let red = dir.path().join("red.group.ron");
    let out = roundtable().arg("check").arg(&red).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("group file \"Red\""));

    // With Notepad's byte order mark, still good.
    let text = std::fs::read_to_string(&red).unwrap();
    std::fs::write(&red, format!("\u{feff}{text}")).unwrap();
    assert!(roundtable().arg("check").arg(&red).output().unwrap().status.success());

    let broken = text.replacen("name:", "name=", 1);
    std::fs::write(&red, &broken).unwrap();
    let out = roundtable().arg("check").arg(&red).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let line = broken.lines().position(|l| l.contains("name=")).unwrap() + 1;
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("red.group.ron:{line}:")));
    assert_eq!(std::fs::read_to_string(&red).unwrap(), broken, "untouched");
}

#[test]
fn a_folder_room_refuses_group_names_that_would_share_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = roundtable()
        .args(["new", "--groups", "Red,red!", "--folder"])
        .arg(dir.path().join("room"))
        .env("ROUNDTABLE_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("would share one file"));
    assert!(!dir.path().join("room").exists());
}

/// Every command's name and every long option anywhere in the command tree.
fn commands_and_options() -> (Vec<String>, Vec<String>) {
    use clap::CommandFactory;
    let cli = roundtable::cli::Cli::command();
    let commands: Vec<String> = cli.get_subcommands().map(|c| c.get_name().to_string()).collect();
    let mut options: Vec<String> = cli.get_arguments().filter_map(|a| a.get_long()).map(str::to_string).collect();
    for command in cli.get_subcommands() {
        options.extend(command.get_arguments().filter_map(|a| a.get_long()).map(str::to_string));
    }
    options.sort();
    options.dedup();
    assert!(commands.len() >= 10 && options.contains(&"read-only".to_string()), "{commands:?} {options:?}");
    (commands, options)
}

#[test]
fn completion_scripts_know_every_command_and_option() {
    let (commands, options) = commands_and_options();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = roundtable().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
        let script = String::from_utf8(out.stdout).unwrap();
        for word in commands.iter().chain(&options) {
            assert!(script.contains(word.as_str()), "the {shell} script lacks {word}");
        }
    }
    let out = roundtable().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values: bash"), "{out:?}");
}

#[test]
fn the_man_page_documents_every_command_and_option() {
    let (commands, options) = commands_and_options();
    let out = roundtable().arg("man").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH roundtable 1"), "{page}");
    // roff escapes each hyphen.
    let page = page.replace("\\-", "-");
    for command in commands.iter().filter(|c| *c != "help") {
        assert!(page.contains(&format!(".SS \"roundtable {command}\"")), "the page lacks `roundtable {command}`");
    }
    for option in &options {
        assert!(page.contains(&format!("--{option}")), "the page lacks --{option}");
    }
}

#[test]
fn help_lists_completions_and_the_manual_and_every_command_has_a_version() {
    let out = roundtable().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("completions") && help.contains("man "), "{help}");
    for args in [&["--version"][..], &["new", "--version"], &["export", "--version"]] {
        let out = roundtable().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let said = String::from_utf8(out.stdout).unwrap();
        assert!(said.contains(env!("CARGO_PKG_VERSION")), "{args:?}: {said}");
    }
}

#[test]
fn every_argument_and_option_says_what_it_is_for() {
    use clap::CommandFactory;
    fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in command.get_arguments() {
            // clap's own --help and --version describe themselves.
            if matches!(arg.get_id().as_str(), "help" | "version") {
                continue;
            }
            let help = arg.get_help().or_else(|| arg.get_long_help()).map(|h| h.to_string()).unwrap_or_default();
            if help.trim().is_empty() {
                missing.push(format!("{path} {}", arg.get_id()));
            }
        }
        for sub in command.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut cli = roundtable::cli::Cli::command();
    cli.build();
    cli.clone().debug_assert();
    let mut missing = Vec::new();
    walk(&cli, "roundtable", &mut missing);
    assert!(missing.is_empty(), "without help text: {missing:?}");
}

#[test]
fn a_mistyped_scenario_or_command_is_met_with_the_one_meant() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["pack", "nlng"][..], &["new", "--scenario", "nlng"]] {
        let out = roundtable().args(args).env("ROUNDTABLE_DATA_DIR", dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("did you mean `nlgn`?"), "{args:?}: {err}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(left, ["logs"], "a refused command leaves nothing behind but its log");

    let out = roundtable().arg("exprot").env("ROUNDTABLE_DATA_DIR", dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unrecognized subcommand 'exprot'") && err.contains("similar subcommand exists: 'export'"),
        "{err}"
    );
    let out = roundtable().args(["export", "--fromat", "md", "x.ron"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format"));
}

/// The log a command run with `data` as its data directory leaves.
fn log_of(data: &std::path::Path) -> String {
    std::fs::read_to_string(data.join("logs/roundtable.log")).unwrap_or_default()
}

#[test]
fn the_log_records_loads_and_saves_in_the_data_directory_and_never_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let session = sample(dir.path());
    let data = dir.path().join("data");
    let report = dir.path().join("report.md");
    let out = roundtable()
        .arg("export")
        .arg(&session)
        .arg("-o")
        .arg(&report)
        .env("ROUNDTABLE_DATA_DIR", &data)
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("Report written to {}\n", report.display()));
    let log = log_of(&data);
    for line in [
        "INFO roundtable export started".to_string(),
        format!("DEBUG read {}", session.display()),
        format!("INFO loaded {} bytes=", session.display()),
        format!("INFO saved {} bytes=", report.display()),
        "INFO roundtable export finished".to_string(),
    ] {
        assert!(log.contains(&line), "the log lacks {line:?}:\n{log}");
    }
    assert!(log.contains("took="), "saves and loads say how long they took:\n{log}");
}

#[test]
fn log_level_error_leaves_out_all_but_the_errors() {
    let dir = tempfile::tempdir().unwrap();
    let session = sample(dir.path());
    for args in [&["export", session.to_str().unwrap()][..], &["export", "no-such-file.ron"]] {
        let out = roundtable()
            .args(args)
            .args(["--log-level", "error"])
            .env("RUST_LOG", "debug")
            .env("ROUNDTABLE_DATA_DIR", dir.path())
            .output()
            .unwrap();
        assert!(!String::from_utf8_lossy(&out.stderr).contains(" INFO "), "{out:?}");
    }
    let log = log_of(dir.path());
    assert!(log.contains("ERROR no-such-file.ron: cannot read the file"), "{log}");
    assert!(!log.contains(" INFO ") && !log.contains(" WARN ") && !log.contains(" DEBUG "), "{log}");
}

#[test]
fn the_log_can_be_put_elsewhere_and_a_bad_rust_log_is_reported_there_not_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("elsewhere");
    let out = roundtable()
        .arg("scenarios")
        .env("ROUNDTABLE_DATA_DIR", dir.path().join("data"))
        .env("ROUNDTABLE_LOG_DIR", &logs)
        .env("RUST_LOG", "roundtable=loud[")
        .output()
        .unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
    let log = std::fs::read_to_string(logs.join("roundtable.log")).unwrap();
    assert!(
        log.contains("WARN RUST_LOG was not understood") && log.contains("INFO roundtable scenarios started"),
        "{log}"
    );
    assert!(!dir.path().join("data/logs").exists());
}

#[test]
fn a_lock_left_by_a_roundtable_that_ended_is_taken_over_and_logged() {
    let dir = tempfile::tempdir().unwrap();
    let session = sample(dir.path());
    let lock = dir.path().join("s.ron.lock");
    std::fs::write(&lock, "pid=4194302\nhost=another-laptop\nsince=0\n").unwrap();
    // The lock is taken before the screen is asked for, so even without a
    // terminal the takeover happens (and is let go on the way out).
    let out = roundtable().arg("open").arg(&session).env("ROUNDTABLE_DATA_DIR", dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let log = log_of(dir.path());
    let line = format!("WARN took over the lock on {} from process 4194302 on another-laptop", session.display());
    assert!(log.contains(&line), "{log}");
    assert!(log.contains("ERROR this command opens a screen and needs a terminal"), "{log}");
}

#[test]
fn doctor_prints_what_a_helper_needs_and_leaves_the_log_alone() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(roundtable().arg("scenarios").env("ROUNDTABLE_DATA_DIR", &data).output().unwrap().status.success());
    let log = data.join("logs/roundtable.log");
    let logged = std::fs::read_to_string(&log).unwrap();

    for args in [&["doctor"][..], &["--bug-report"]] {
        let out = roundtable()
            .args(args)
            .env("ROUNDTABLE_DATA_DIR", &data)
            .env("TERM", "xterm-256color")
            .env("COLORTERM", "truecolor")
            .env("TZ", "Pacific/Kiritimati")
            .env_remove("TERM_PROGRAM")
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        let report = String::from_utf8(out.stdout).unwrap();
        for part in [
            format!("Roundtable {}", env!("CARGO_PKG_VERSION")),
            format!("system:        {} {}", std::env::consts::OS, std::env::consts::ARCH),
            "TERM:          xterm-256color".into(),
            "TERM_PROGRAM:  (not set)".into(),
            "COLORTERM:     truecolor".into(),
            "size:          not a terminal".into(),
            "colour:        the terminal offers 24-bit colour".into(),
            "time zone:     Pacific/Kiritimati, now UTC+14:00 [set by TZ]".into(),
            format!("data:          {} (exists, writable) [set by ROUNDTABLE_DATA_DIR]", data.display()),
            format!("sessions:      {} (not made yet; it can be)", data.join("sessions").display()),
            format!("config:        {} (not there: every setting at its default)", data.join("config.ron").display()),
            format!("log folder:    {} (exists, writable)", data.join("logs").display()),
            format!("log:           {} (exists, 1 KiB)", log.display()),
            "The log's last 20 lines".into(),
            "INFO roundtable scenarios started".into(),
        ] {
            assert!(report.contains(&part), "{args:?}: the report lacks {part:?}:\n{report}");
        }
    }
    assert_eq!(std::fs::read_to_string(&log).unwrap(), logged, "the doctor adds nothing to the log");

    let out = roundtable()
        .args(["doctor"])
        .env("ROUNDTABLE_DATA_DIR", dir.path().join("none"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("colour:        none: NO_COLOR is set") && report.contains("(nothing logged yet)"),
        "{report}"
    );

    let out = roundtable().args(["--bug-report", "new"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("roundtable doctor"), "{out:?}");
}
