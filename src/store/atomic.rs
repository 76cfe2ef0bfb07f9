//! Atomic file replacement with the previous version kept.
//!
//! New files get the usual permissions (read-write for the owner, readable
//! by others under the common umask of 022), so a shared folder used by
//! several accounts works and reports can be passed on; a file that already
//! exists keeps its mode. A path that is a symbolic link is written through:
//! the file it points to is replaced and the link stays a link.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::paths::backup_path;

/// Writes `bytes` to `path` so that, whatever happens, `path` holds either
/// its old content or the new, complete content.
///
/// The new content goes to a temporary file in the same directory (a rename
/// across file systems is not atomic), is synced to disk, and is renamed over
/// the target. Before that, the current file becomes `NAME.bak`, so the
/// previous good version is always one step away.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let started = std::time::Instant::now();
    let written = write_atomic_unlogged(path, bytes);
    // A save that keeps failing is retried twice a second: the log says
    // when it starts failing, when the reason changes and when it works
    // again, not every time.
    let mut failing = FAILING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    match &written {
        Ok(()) => {
            if failing.remove(path).is_some() {
                tracing::info!("saving {} works again", path.display());
            }
            tracing::info!(bytes = bytes.len(), took = ?started.elapsed(), "saved {}", path.display());
        }
        Err(e) => {
            let reason = e.to_string();
            if failing.get(path) != Some(&reason) {
                tracing::error!(
                    bytes = bytes.len(),
                    "cannot save {}: {reason} (retried until it works)",
                    path.display()
                );
                failing.insert(path.to_path_buf(), reason);
            }
        }
    }
    written
}

/// The paths whose last save failed, with why.
static FAILING: std::sync::Mutex<std::collections::BTreeMap<PathBuf, String>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

/// Makes a folder and the folders above it, saying which is in the way
/// when a file stands where a folder must be.
pub fn make_folder(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir).map_err(|e| {
        let blocking = dir.ancestors().find(|p| p.exists() && !p.is_dir());
        match blocking {
            Some(file) => io::Error::new(
                e.kind(),
                format!("{} is a file, where a folder is needed to hold {}", file.display(), dir.display()),
            ),
            None => io::Error::new(e.kind(), format!("cannot make the folder {}: {e}", dir.display())),
        }
    })
}

fn write_atomic_unlogged(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let resolved = resolve_link(path)?;
    let path = resolved.as_path();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    make_folder(dir)?;
    if path.exists() {
        keep_backup(dir, path)?;
    }
    replace(dir, path, bytes)
}

/// The file a path names: a symbolic link is followed (relative links from
/// the link's own folder), so renaming over it replaces the target, not the
/// link. A path that is not a link, or does not exist yet, is itself.
pub fn resolve_link(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

/// Makes the current file the backup. A hard link to it is cheap (no data
/// is copied or synced again: it is already on disk) and is renamed over the
/// old backup atomically. Where a file system has no hard links, the file is
/// copied instead.
fn keep_backup(dir: &Path, path: &Path) -> io::Result<()> {
    let backup = backup_path(path);
    let staging = dir.join(format!(".roundtable-{}.bak-link", std::process::id()));
    let _ = fs::remove_file(&staging);
    if let Ok(()) = fs::hard_link(path, &staging) {
        fs::rename(&staging, &backup)
    } else {
        let previous = fs::read(path)?;
        replace(dir, &backup, &previous)
    }
}

fn replace(dir: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".roundtable-").suffix(".tmp");
    // A temporary file is private (0600) by default; the file it becomes is
    // not. Asking for 0666 lets the umask decide, as for any new file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir)?;
    if let Ok(existing) = fs::metadata(target) {
        tmp.as_file().set_permissions(existing.permissions())?;
    }
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
    fn a_file_where_a_folder_must_be_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let blocking = dir.path().join("sessions");
        fs::write(&blocking, "not a folder").unwrap();
        let err = write_atomic(&blocking.join("s.ron"), b"x").unwrap_err().to_string();
        assert!(err.contains(&format!("{} is a file, where a folder is needed", blocking.display())), "{err}");
        assert_eq!(fs::read_to_string(&blocking).unwrap(), "not a folder", "nothing in the way is touched");
    }

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

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    /// The umask this process runs under, read from a file made the
    /// ordinary way (tests cannot set it without unsafe code).
    #[cfg(unix)]
    fn umask_mode(dir: &Path) -> u32 {
        let probe = dir.join("probe");
        fs::write(&probe, b"").unwrap();
        let m = mode(&probe);
        fs::remove_file(probe).unwrap();
        m
    }

    #[cfg(unix)]
    #[test]
    fn new_files_honour_the_umask_and_old_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let usual = umask_mode(dir.path());
        assert_ne!(usual, 0o600, "the test needs a umask that lets others read");
        let path = dir.path().join("s.ron");
        write_atomic(&path, b"one").unwrap();
        assert_eq!(mode(&path), usual, "a new file is made as any new file is");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(mode(&path), 0o640, "an existing file keeps its mode");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("s.ron");
        write_atomic(&target, b"one").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        let link = dir.path().join("sub/s.ron");
        std::os::unix::fs::symlink("../s.ron", &link).unwrap();
        write_atomic(&link, b"two").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
        assert_eq!(fs::read(&target).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&target)).unwrap(), b"one", "the backup sits beside the real file");
        assert!(!backup_path(&link).exists());
    }

    #[test]
    fn creates_missing_directories() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/s.ron");
        write_atomic(&path, b"x").unwrap();
        assert!(path.exists());
    }
}
