//! Where Roundtable keeps its files.

use std::path::{Path, PathBuf};

/// Points the data directory elsewhere (tests use it; so can a facilitator
/// who keeps sessions on a shared drive).
pub const DATA_DIR_ENV: &str = "ROUNDTABLE_DATA_DIR";

/// The user's data directory: `$ROUNDTABLE_DATA_DIR`, or the platform's
/// (for example `~/.local/share/roundtable` on Linux).
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("org", "Roundtable", "roundtable")
        .map_or_else(|| PathBuf::from(".roundtable"), |d| d.data_dir().to_path_buf())
}

/// Points the settings file's directory elsewhere.
pub const CONFIG_DIR_ENV: &str = "ROUNDTABLE_CONFIG_DIR";

/// The settings file's name in [`config_dir`].
pub const CONFIG_FILE: &str = "config.ron";

/// Where the settings file is kept: `$ROUNDTABLE_CONFIG_DIR`; or
/// `$ROUNDTABLE_DATA_DIR` when that is set (so a test's temporary data
/// directory is a whole, separate home); or the platform's configuration
/// directory (`~/.config/roundtable` on Linux).
pub fn config_dir() -> PathBuf {
    let from_env = |name: &str| std::env::var_os(name).filter(|d| !d.is_empty()).map(PathBuf::from);
    if let Some(dir) = from_env(CONFIG_DIR_ENV).or_else(|| from_env(DATA_DIR_ENV)) {
        return dir;
    }
    directories::ProjectDirs::from("org", "Roundtable", "roundtable")
        .map_or_else(|| PathBuf::from(".roundtable"), |d| d.config_dir().to_path_buf())
}

/// The settings file.
pub fn config_file() -> PathBuf {
    config_dir().join(CONFIG_FILE)
}

/// Points the log elsewhere (the log otherwise follows
/// `$ROUNDTABLE_DATA_DIR` when that is set, so a test's temporary data
/// directory holds its log too).
pub const LOG_DIR_ENV: &str = "ROUNDTABLE_LOG_DIR";

/// The log's file name in [`log_dir`]; the one before it is `roundtable.log.1`.
pub const LOG_FILE: &str = "roundtable.log";

/// Where the log is kept: `$ROUNDTABLE_LOG_DIR`; or `logs` in
/// `$ROUNDTABLE_DATA_DIR`; or the platform's state directory
/// (`~/.local/state/roundtable` on Linux), and where there is none (macOS,
/// Windows) `logs` in the local data directory.
pub fn log_dir() -> PathBuf {
    let from_env = |name: &str| std::env::var_os(name).filter(|d| !d.is_empty()).map(PathBuf::from);
    if let Some(dir) = from_env(LOG_DIR_ENV) {
        return dir;
    }
    if let Some(data) = from_env(DATA_DIR_ENV) {
        return data.join("logs");
    }
    directories::ProjectDirs::from("org", "Roundtable", "roundtable").map_or_else(
        || PathBuf::from(".roundtable").join("logs"),
        |d| d.state_dir().map_or_else(|| d.data_local_dir().join("logs"), Path::to_path_buf),
    )
}

/// The log file now being written.
pub fn log_file() -> PathBuf {
    log_dir().join(LOG_FILE)
}

pub fn sessions_dir(data: &Path) -> PathBuf {
    data.join("sessions")
}

pub fn scenarios_dir(data: &Path) -> PathBuf {
    data.join("scenarios")
}

/// The SSH host key of a served room, kept so that tables are not warned
/// of a new key every session.
pub fn host_key(data: &Path) -> PathBuf {
    data.join("ssh_host_ed25519_key")
}

/// The backup kept beside a file: `plan.ron` -> `plan.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Turns a title into a safe file stem: lower case, ASCII letters, digits and
/// dashes only.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(48).collect();
    if out.is_empty() { "session".into() } else { out }
}

/// A path in `dir` for a new session that does not clash with an existing file.
pub fn new_session_path(dir: &Path, title: &str, date: &str) -> PathBuf {
    let stem = format!("{date}-{}", slug(title));
    let mut candidate = dir.join(format!("{stem}.ron"));
    let mut n = 2;
    while candidate.exists() {
        candidate = dir.join(format!("{stem}-{n}.ron"));
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("Wexcombe: Tuesday's workshop!"), "wexcombe-tuesday-s-workshop");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("   "), "session");
    }

    #[test]
    fn backup_sits_beside_the_file() {
        assert_eq!(backup_path(Path::new("/a/b.ron")), PathBuf::from("/a/b.ron.bak"));
    }

    #[test]
    fn new_session_paths_never_clash() {
        let dir = tempfile::tempdir().unwrap();
        let first = new_session_path(dir.path(), "Room", "2026-11-24");
        std::fs::write(&first, "x").unwrap();
        let second = new_session_path(dir.path(), "Room", "2026-11-24");
        assert_ne!(first, second);
        assert!(second.ends_with("2026-11-24-room-2.ron"));
    }
}
