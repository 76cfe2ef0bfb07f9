//! The log: what Roundtable did (saves, loads, locks, shared folders,
//! tables over SSH) and what went wrong, for whoever helps when something
//! did. It goes to a file ([`paths::log_dir`]) and never to the terminal,
//! which belongs to the screen.
//!
//! The file is opened, appended to and closed for each line. Lines are few
//! (a save is at most twice a second), and a file opened per line is never
//! held open past a rotation, whether this process rotated it or another
//! Roundtable writing the same log (a presenter console beside the main
//! screen) did.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing::level_filters::LevelFilter;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::store::paths;

/// The log is rolled over to `roundtable.log.1` before it passes this size,
/// so the two files together stay under 2 MiB.
pub const MAX_LOG_BYTES: u64 = 1024 * 1024;

/// Starts logging to the file in [`paths::log_dir`] at `level`, or as
/// `RUST_LOG` says, or at info. Nothing is reported if the directory cannot
/// be made: Roundtable works the same without its log, and `roundtable
/// doctor` says whether the directory is writable.
pub fn start(level: Option<LevelFilter>) {
    let dir = paths::log_dir();
    let _ = fs::create_dir_all(&dir);
    let (filter, bad_rust_log) = filter(level, std::env::var("RUST_LOG").ok());
    let layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_target(false)
        .with_writer(LogFile::new(dir.join(paths::LOG_FILE), MAX_LOG_BYTES));
    // Set once per process; a second start (tests in one process) keeps the first.
    if tracing_subscriber::registry().with(filter).with(layer).try_init().is_ok() {
        log_panics();
    }
    if let Some(problem) = bad_rust_log {
        tracing::warn!("RUST_LOG was not understood, so the log is at info: {problem}");
    }
}

/// The filter for `--log-level` (which wins) or `RUST_LOG`, and what was
/// wrong with `RUST_LOG` if it could not be read. tracing-subscriber's
/// lenient parser would print its complaint on the terminal; this one's
/// goes into the log.
fn filter(level: Option<LevelFilter>, rust_log: Option<String>) -> (EnvFilter, Option<String>) {
    let default = || EnvFilter::default().add_directive(LevelFilter::INFO.into());
    if let Some(level) = level {
        return (EnvFilter::default().add_directive(level.into()), None);
    }
    match rust_log.filter(|v| !v.trim().is_empty()) {
        None => (default(), None),
        Some(directives) => {
            match EnvFilter::builder().with_default_directive(LevelFilter::INFO.into()).parse(&directives) {
                Ok(filter) => (filter, None),
                Err(e) => (default(), Some(format!("{directives:?}: {e}"))),
            }
        }
    }
}

/// A panic is logged too, before the hooks already installed (the
/// terminal's restoration, the error report) do their work.
fn log_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!("panic: {info}");
        previous(info);
    }));
}

/// The log file, rolled over to `NAME.1` when the next line would take it
/// past its size limit.
#[derive(Debug)]
pub struct LogFile {
    path: PathBuf,
    max_bytes: u64,
    /// One line at a time from this process (the SSH server logs from its
    /// own thread).
    writing: Mutex<()>,
}

impl LogFile {
    pub fn new(path: PathBuf, max_bytes: u64) -> LogFile {
        LogFile { path, max_bytes, writing: Mutex::new(()) }
    }

    /// Where the log rolls over to: `roundtable.log` -> `roundtable.log.1`.
    pub fn rolled_path(path: &Path) -> PathBuf {
        let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
        name.push(".1");
        path.with_file_name(name)
    }

    /// Appends one line, rolling the file over first if it would grow past
    /// the limit. A log that cannot be written is left unwritten.
    pub fn append(&self, line: &[u8]) -> io::Result<()> {
        let _one_at_a_time = self.writing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let len = fs::metadata(&self.path).map_or(0, |m| m.len());
        if len > 0 && len + line.len() as u64 > self.max_bytes {
            fs::rename(&self.path, Self::rolled_path(&self.path))?;
        }
        let mut options = OpenOptions::new();
        options.create(true).append(true);
        // The log names files, machines and the addresses of tables: for
        // this user's eyes.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(&self.path)?.write_all(line)
    }
}

/// One event's text, written as one line when the formatter is done.
pub struct LogLine<'a> {
    file: &'a LogFile,
    text: Vec<u8>,
}

impl Write for LogLine<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for LogLine<'_> {
    fn drop(&mut self) {
        if !self.text.is_empty() {
            let _ = self.file.append(&self.text);
        }
    }
}

impl<'a> MakeWriter<'a> for LogFile {
    type Writer = LogLine<'a>;

    fn make_writer(&'a self) -> LogLine<'a> {
        LogLine { file: self, text: Vec::new() }
    }
}

/// The last `n` lines of the log, oldest first, reading into the rolled-over
/// file when the current one is short. Empty when there is no log.
pub fn last_lines(path: &Path, n: usize) -> Vec<String> {
    let read = |p: &Path| fs::read(p).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let current = read(path);
    let mut lines: Vec<String> = current.lines().map(str::to_string).collect();
    if lines.len() < n {
        let earlier = read(&LogFile::rolled_path(path));
        let mut all: Vec<String> = earlier.lines().map(str::to_string).collect();
        all.append(&mut lines);
        lines = all;
    }
    let skip = lines.len().saturating_sub(n);
    lines.split_off(skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_rolls_over_before_it_passes_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("roundtable.log");
        let log = LogFile::new(path.clone(), 1000);
        for i in 0..100 {
            log.append(format!("line {i:03} of the log, forty characters\n").as_bytes()).unwrap();
            assert!(fs::metadata(&path).unwrap().len() <= 1000);
        }
        let rolled = LogFile::rolled_path(&path);
        assert!(rolled.ends_with("roundtable.log.1"));
        assert!(fs::metadata(&rolled).unwrap().len() <= 1000);
        assert!(fs::read_to_string(&path).unwrap().ends_with("line 099 of the log, forty characters\n"));
        let last = last_lines(&path, 30);
        assert_eq!(last.len(), 30);
        assert_eq!(last[29], "line 099 of the log, forty characters");
        assert_eq!(last[0], "line 070 of the log, forty characters", "read on into the rolled-over file");
        assert!(last_lines(&dir.path().join("none.log"), 20).is_empty());
    }

    #[test]
    fn the_level_comes_from_the_option_then_rust_log_then_info() {
        let shown = |(filter, problem): (EnvFilter, Option<String>)| (filter.to_string(), problem.is_some());
        assert_eq!(shown(filter(Some(LevelFilter::ERROR), Some("debug".into()))), ("error".into(), false));
        assert_eq!(shown(filter(None, Some("roundtable=debug".into()))).0, "roundtable=debug");
        assert_eq!(shown(filter(None, None)), ("info".into(), false));
        assert_eq!(shown(filter(None, Some("roundtable=loud[".into()))), ("info".into(), true));
    }
}
