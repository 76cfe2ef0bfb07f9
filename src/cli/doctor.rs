//! `roundtable doctor` (or `roundtable --bug-report`): what someone helping
//! with a problem needs to know, in one paste. It reads and prints only,
//! and leaves no trace in the log it shows.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::clock;
use crate::logging;
use crate::store::paths;
use crate::theme::Theme;

/// Lines of the log shown.
pub const LOG_LINES: usize = 20;

/// Writes the report.
pub fn write_report(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Roundtable {}", env!("CARGO_PKG_VERSION"))?;
    writeln!(out, "  system:        {}", system())?;
    writeln!(out, "  time zone:     {}", time_zone())?;

    writeln!(out, "\nTerminal")?;
    for name in ["TERM", "TERM_PROGRAM", "COLORTERM"] {
        writeln!(out, "  {:<14} {}", format!("{name}:"), variable(name))?;
    }
    writeln!(out, "  size:          {}", terminal_size())?;
    writeln!(out, "  colour:        {}", colour())?;

    writeln!(out, "\nFiles")?;
    let data = paths::data_dir();
    let from_env = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    let data_source = if from_env(paths::DATA_DIR_ENV) { " [set by ROUNDTABLE_DATA_DIR]" } else { "" };
    writeln!(out, "  data:          {}{data_source}", folder(&data))?;
    writeln!(out, "  sessions:      {}", folder(&paths::sessions_dir(&data)))?;
    writeln!(out, "  scenarios:     {}", folder(&paths::scenarios_dir(&data)))?;
    writeln!(out, "  config:        {}", settings())?;
    let log_dir = paths::log_dir();
    let log_source = if from_env(paths::LOG_DIR_ENV) {
        " [set by ROUNDTABLE_LOG_DIR]"
    } else if from_env(paths::DATA_DIR_ENV) {
        " [in the data directory, as ROUNDTABLE_DATA_DIR is set]"
    } else {
        ""
    };
    writeln!(out, "  log folder:    {}{log_source}", folder(&log_dir))?;
    let log = log_dir.join(paths::LOG_FILE);
    writeln!(out, "  log:           {}", file(&log))?;

    writeln!(out, "\nThe log's last {LOG_LINES} lines")?;
    let lines = logging::last_lines(&log, LOG_LINES);
    if lines.is_empty() {
        writeln!(out, "  (nothing logged yet)")?;
    }
    for line in lines {
        writeln!(out, "  {}", printable(&line))?;
    }
    writeln!(out, "\nThe log names files and the addresses of tables that joined: read it before you share it.")?;
    Ok(())
}

/// The settings file: where, and what it changes (or why it cannot be
/// used).
fn settings() -> String {
    let path = paths::config_file();
    if !path.exists() {
        return format!("{} (not there: every setting at its default)", path.display());
    }
    match crate::config::Settings::load(&path) {
        Ok(s) => {
            let keys = if s.keys == crate::keys::Keymap::default() { "none" } else { "some" };
            format!(
                "{} (theme {}, projector theme {}, keys changed: {keys})",
                path.display(),
                s.theme.as_str(),
                s.projector_theme.as_str()
            )
        }
        Err(e) => format!("cannot be used: {}", e.to_string().replace('\n', " ")),
    }
}

/// The operating system and processor, with the distribution's name where
/// the system gives one.
fn system() -> String {
    let mut system = format!("{} {}", std::env::consts::OS, std::env::consts::ARCH);
    if let Ok(release) = std::fs::read_to_string("/etc/os-release")
        && let Some(name) = release.lines().find_map(|l| l.strip_prefix("PRETTY_NAME="))
    {
        system.push_str(&format!(" ({})", printable(name.trim_matches('"'))));
    }
    system
}

/// The zone dates and times are shown in, how its clocks are labelled now,
/// and whether `TZ` chose it.
fn time_zone() -> String {
    let zone = clock::local_zone();
    let label = clock::zone_label(clock::now_unix(), zone);
    let source = if std::env::var_os("TZ").is_some() { " [set by TZ]" } else { "" };
    match zone.iana_name() {
        _ if zone.is_unknown() => format!("unknown, so times are shown in UTC{source}"),
        Some(name) => format!("{}, now {label}{source}", printable(name)),
        None => format!("{label} now{source}"),
    }
}

/// An environment variable as set, or that it is not.
fn variable(name: &str) -> String {
    match std::env::var_os(name) {
        Some(value) => printable(&value.to_string_lossy()),
        None => "(not set)".into(),
    }
}

/// Text from outside (a variable, a log line) with any control characters
/// shown as escapes, so a report cannot drive the terminal it is read in.
fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

fn terminal_size() -> String {
    if !io::stdout().is_terminal() {
        return "not a terminal (standard output goes to a file or a pipe)".into();
    }
    match crossterm::terminal::size() {
        Ok((columns, rows)) => {
            let fits = if columns >= 80 && rows >= 24 { "" } else { "; Roundtable is at its best from 80x24" };
            format!("{columns}x{rows}{fits}")
        }
        Err(e) => format!("a terminal, but its size cannot be read: {e}"),
    }
}

/// What the terminal says it can show, and what Roundtable draws with.
fn colour() -> String {
    if Theme::default() == Theme::monochrome() {
        return "none: NO_COLOR is set, so Roundtable draws with bold, reversed and underlined text".into();
    }
    let term = std::env::var("TERM").unwrap_or_default();
    let colorterm = std::env::var("COLORTERM").unwrap_or_default().to_ascii_lowercase();
    let offered = if term == "dumb" {
        "TERM=dumb says the terminal has no colour"
    } else if colorterm == "truecolor" || colorterm == "24bit" {
        "the terminal offers 24-bit colour"
    } else if term.contains("256color") {
        "the terminal offers 256 colours"
    } else {
        "the terminal offers the 16 standard colours"
    };
    format!("{offered}; Roundtable draws with the 16 standard colours")
}

/// A folder, whether it exists, and whether Roundtable can write there.
fn folder(dir: &Path) -> String {
    let shown = dir.display();
    if dir.is_dir() {
        let writable = if can_write_in(dir) { "writable" } else { "NOT writable" };
        return format!("{shown} (exists, {writable})");
    }
    if dir.exists() {
        return format!("{shown} (NOT a folder: something else has its name)");
    }
    match existing_ancestor(dir) {
        Some(above) if can_write_in(&above) => format!("{shown} (not made yet; it can be)"),
        Some(above) => format!("{shown} (not made yet, and {} is NOT writable)", above.display()),
        None => format!("{shown} (not made yet)"),
    }
}

/// A file, whether it exists, and its size.
fn file(path: &Path) -> String {
    match std::fs::metadata(path) {
        Ok(meta) => {
            let kib = meta.len().div_ceil(1024);
            let writable = if meta.permissions().readonly() { ", NOT writable" } else { "" };
            format!("{} (exists, {kib} KiB{writable})", path.display())
        }
        Err(_) => format!("{} (none yet)", path.display()),
    }
}

/// Whether a file can be made in `dir`: a temporary one is made and
/// removed at once.
fn can_write_in(dir: &Path) -> bool {
    tempfile::tempfile_in(dir).is_ok()
}

fn existing_ancestor(path: &Path) -> Option<PathBuf> {
    path.ancestors().skip(1).find(|p| p.is_dir()).map(Path::to_path_buf)
}
