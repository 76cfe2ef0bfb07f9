//! Atomic file replacement with the previous version kept.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::paths::backup_path;

/// Writes `bytes` to `path` so that, whatever happens, `path` holds either
/// its old content or the new, complete content.
///
/// The new content goes to a temporary file in the same directory (a rename
/// across file systems is not atomic), is synced to disk, and is renamed over
/// the target. Before that, the current file becomes `NAME.bak`, so the
/// previous good version is always one step away.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    if path.exists() {
        keep_backup(dir, path)?;
    }
    replace(dir, path, bytes)
}

/// Makes the current file the backup. A hard link to it is cheap (no data
/// is copied or synced again: it is already on disk) and is renamed over the
/// old backup atomically. Where a file system has no hard links, the file is
/// copied instead.
fn keep_backup(dir: &Path, path: &Path) -> io::Result<()> {
    let backup = backup_path(path);
    let staging = dir.join(format!(".roundtable-{}.bak-link", std::process::id()));
    let _ = fs::remove_file(&staging);
    match fs::hard_link(path, &staging) {
        Ok(()) => fs::rename(&staging, &backup),
        Err(_) => {
            let previous = fs::read(path)?;
            replace(dir, &backup, &previous)
        }
    }
}

fn replace(dir: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = tempfile::Builder::new().prefix(".roundtable-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(target).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// Makes the rename itself durable. Not every platform or file system lets
/// a directory be opened and synced; there the rename is still atomic.
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_keeps_the_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        write_atomic(&path, b"one").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one");
        assert!(!backup_path(&path).exists());
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"one");
    }

    #[test]
    fn leaves_no_temporary_files_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        for i in 0..5 {
            write_atomic(&path, format!("{i}").as_bytes()).unwrap();
        }
        let names: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn creates_missing_directories() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/s.ron");
        write_atomic(&path, b"x").unwrap();
        assert!(path.exists());
    }
}
