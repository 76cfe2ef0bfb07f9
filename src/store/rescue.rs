//! When a session's own file cannot be written (a folder made read-only, a
//! network share gone, a full disk), its work is written somewhere else
//! before Roundtable lets anyone leave: a copy that `roundtable open` reads
//! like any session.

use std::path::{Path, PathBuf};

use crate::domain::session::Session;

use super::paths;

/// The folder rescued copies go to first: `DATA/rescued`.
pub fn rescued_dir(data: &Path) -> PathBuf {
    data.join("rescued")
}

/// Folders to try, best first: the data directory's `rescued` folder, the
/// user's home folder, then the system's temporary folder. A folder that is
/// the failing file's own is left out: it has just failed.
pub fn candidate_dirs(data: &Path, failed: &Path) -> Vec<PathBuf> {
    let own = failed.parent().map(Path::to_path_buf);
    let home = directories::UserDirs::new().map(|u| u.home_dir().to_path_buf());
    let mut dirs: Vec<PathBuf> = Vec::new();
    for dir in [Some(rescued_dir(data)), home, Some(std::env::temp_dir())].into_iter().flatten() {
        if Some(&dir) != own.as_ref() && !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    dirs
}

/// A name for the copy that says what it is and does not clash:
/// `plan-rescued-2026-11-24-0600.ron`, then `...-2.ron`.
pub fn copy_path(dir: &Path, failed: &Path, stamp: &str) -> PathBuf {
    let stem = failed.file_stem().map_or("session".into(), |s| paths::slug(&s.to_string_lossy()));
    let mut n = 1;
    loop {
        let tail = if n == 1 { String::new() } else { format!("-{n}") };
        let path = dir.join(format!("{stem}-rescued-{stamp}{tail}.ron"));
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

/// The default place offered to the user for a copy: the first candidate.
pub fn suggested_path(data: &Path, failed: &Path, stamp: &str) -> PathBuf {
    let dirs = candidate_dirs(data, failed);
    let dir = dirs.first().cloned().unwrap_or_else(std::env::temp_dir);
    copy_path(&dir, failed, stamp)
}

/// Writes an emergency copy of the session to the first folder that takes
/// it. Returns where it went, or every place tried and why each failed.
pub fn write_emergency_copy(
    session: &Session,
    failed: &Path,
    data: &Path,
    stamp: &str,
) -> Result<PathBuf, Vec<(PathBuf, std::io::Error)>> {
    let mut tried = Vec::new();
    for dir in candidate_dirs(data, failed) {
        let path = copy_path(&dir, failed, stamp);
        match super::save_session(session, &path) {
            Ok(()) => {
                tracing::warn!("wrote an emergency copy of {} to {}", failed.display(), path.display());
                return Ok(path);
            }
            Err(e) => tried.push((path, e)),
        }
    }
    Err(tried)
}

/// A time stamp for file names, in `zone`: `2026-11-24-0600`.
pub fn stamp(unix: u64, zone: &crate::clock::TimeZone) -> String {
    crate::clock::date_time(unix, zone).replace(' ', "-").replace(':', "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::Mode;
    use crate::scenarios;

    fn session() -> Session {
        Session::new("Rescue", scenarios::built_in_default(), Mode::Room, &["Red".into()], 1_795_500_000)
    }

    #[test]
    fn a_copy_goes_to_the_data_directory_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        // The session's own folder is a file, so nothing can be written there.
        std::fs::write(dir.path().join("blocked"), "").unwrap();
        let failed = dir.path().join("blocked/plan.ron");
        let path = write_emergency_copy(&session(), &failed, &data, "2026-11-24-0600").unwrap();
        assert_eq!(path, data.join("rescued/plan-rescued-2026-11-24-0600.ron"));
        assert_eq!(crate::store::load_session(&path).unwrap(), session());
        let again = write_emergency_copy(&session(), &failed, &data, "2026-11-24-0600").unwrap();
        assert_eq!(again, data.join("rescued/plan-rescued-2026-11-24-0600-2.ron"), "never over an earlier copy");
    }

    #[test]
    fn the_failing_folder_is_not_offered() {
        let data = Path::new("/data");
        let failed = rescued_dir(data).join("plan.ron");
        assert!(!candidate_dirs(data, &failed).contains(&rescued_dir(data)));
        assert_eq!(candidate_dirs(data, Path::new("/elsewhere/plan.ron"))[0], rescued_dir(data));
    }

    #[test]
    fn stamps_are_safe_in_file_names() {
        assert_eq!(stamp(1_795_500_000, &crate::clock::TimeZone::UTC), "2026-11-24-0600");
        let london_summer = crate::clock::TimeZone::get("Europe/London").unwrap();
        assert_eq!(stamp(1_782_907_200, &london_summer), "2026-07-01-1300", "the local time");
    }
}
