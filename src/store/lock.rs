//! One writer per session. Opening a session takes an exclusive lock on
//! `NAME.ron.lock` beside it, and writes who holds it (process, host, time)
//! into that file. The operating system drops the lock when the process
//! dies, however it dies, so a lock left by a crashed Roundtable is simply
//! taken over; a live holder is named in the message.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The lock file beside a session: `plan.ron` -> `plan.ron.lock`.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".lock");
    path.with_file_name(name)
}

/// A held lock; dropping it releases the lock and removes the file.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
    path: PathBuf,
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Who holds a lock, as written in the lock file. Shown with the time it
/// was taken on this machine's clocks, labelled with the zone (the holder
/// may be on another machine, in another zone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
    pub since: u64,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "process {} on {} (since {})",
            self.pid,
            self.host,
            crate::clock::date_time_labelled(self.since, crate::clock::local_zone())
        )
    }
}

#[derive(Debug)]
pub enum LockError {
    /// Another live Roundtable has the session open.
    Held(Option<Holder>),
    Io(std::io::Error),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Held(Some(holder)) => write!(f, "the session is open in another Roundtable: {holder}"),
            LockError::Held(None) => write!(f, "the session is open in another Roundtable"),
            LockError::Io(e) => write!(f, "cannot lock the session: {e}"),
        }
    }
}

/// This machine's name, for the lock file: the operating system's own
/// answer on every platform, on one line since the lock file is read line
/// by line.
pub fn host_name() -> String {
    let name = gethostname::gethostname();
    let name: String = name.to_string_lossy().chars().filter(|c| !c.is_control()).collect();
    let name = name.trim();
    if name.is_empty() { "an unknown host".into() } else { name.to_string() }
}

fn parse_holder(text: &str) -> Option<Holder> {
    let mut pid = None;
    let mut host = None;
    let mut since = None;
    for line in text.lines() {
        match line.split_once('=') {
            Some(("pid", v)) => pid = v.trim().parse().ok(),
            Some(("host", v)) => host = Some(v.trim().to_string()),
            Some(("since", v)) => since = v.trim().parse().ok(),
            _ => {}
        }
    }
    Some(Holder { pid: pid?, host: host?, since: since.unwrap_or(0) })
}

/// Reads who holds the lock on `path`, if anyone wrote it.
pub fn holder(path: &Path) -> Option<Holder> {
    let mut text = String::new();
    File::open(lock_path(path)).ok()?.read_to_string(&mut text).ok()?;
    parse_holder(&text)
}

/// Takes the lock on a session file.
pub fn acquire(path: &Path) -> Result<SessionLock, LockError> {
    // A link and the file it names are one session, so they share one lock.
    let resolved = super::atomic::resolve_link(path).map_err(LockError::Io)?;
    let lock = lock_path(&resolved);
    if let Some(dir) = lock.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(LockError::Io)?;
    }
    let mut file =
        OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&lock).map_err(LockError::Io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            let holder = parse_holder(&text);
            if let Some(holder) = &holder {
                tracing::info!("{} is open in another Roundtable: {holder}", resolved.display());
            } else {
                tracing::info!("{} is open in another Roundtable", resolved.display());
            }
            return Err(LockError::Held(holder));
        }
        Err(TryLockError::Error(e)) => {
            tracing::error!("cannot lock {}: {e}", resolved.display());
            return Err(LockError::Io(e));
        }
    }
    // A record left behind is a Roundtable that ended without letting go
    // (it crashed, or its machine lost power): worth knowing when a session
    // looks older than expected.
    let mut previous = String::new();
    let _ = file.read_to_string(&mut previous);
    if let Some(gone) = parse_holder(&previous) {
        tracing::warn!("took over the lock on {} from {gone}, which had ended", resolved.display());
    } else {
        tracing::info!("locked {}", resolved.display());
    }
    // Ours now, whoever wrote the file before (a process that died).
    let record = format!("pid={}\nhost={}\nsince={}\n", std::process::id(), host_name(), crate::clock::now_unix());
    file.set_len(0).map_err(LockError::Io)?;
    file.seek(SeekFrom::Start(0)).map_err(LockError::Io)?;
    file.write_all(record.as_bytes()).map_err(LockError::Io)?;
    Ok(SessionLock { file, path: lock })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_and_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let first = acquire(&path).unwrap();
        match acquire(&path) {
            Err(LockError::Held(Some(h))) => {
                assert_eq!(h.pid, std::process::id());
                assert_eq!(h.host, host_name());
            }
            other => panic!("expected a held lock, got {other:?}"),
        }
        drop(first);
        assert!(!lock_path(&path).exists(), "released locks are tidied away");
        assert!(acquire(&path).is_ok(), "free again once released");
    }

    #[test]
    fn the_host_is_named_by_the_operating_system_on_one_line() {
        let name = host_name();
        assert!(!name.is_empty() && !name.contains('\n'), "{name:?}");
        #[cfg(target_os = "linux")]
        if let Ok(kernel) = std::fs::read_to_string("/proc/sys/kernel/hostname") {
            assert_eq!(name, kernel.trim());
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_locked_session_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        std::fs::write(&path, "x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let link = dir.path().join("sub/s.ron");
        std::os::unix::fs::symlink("../s.ron", &link).unwrap();
        let _held = acquire(&path).unwrap();
        assert!(matches!(acquire(&link), Err(LockError::Held(_))));
    }

    #[test]
    fn a_stale_lock_file_from_a_dead_process_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        std::fs::write(lock_path(&path), "pid=999999\nhost=elsewhere\nsince=0\n").unwrap();
        let lock = acquire(&path).expect("nobody holds the OS lock, so it is ours");
        assert_eq!(holder(&path).unwrap().pid, std::process::id());
        drop(lock);
    }
}
