//! A room in a shared folder: the facilitator's `room.ron` and one
//! `NAME.group.ron` per group. Each file has exactly one writer: the room
//! writes only `room.ron`, a group's laptop only its own group file. So a
//! network share or a synced folder never sees two machines write one file.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::domain::sanitize;
use crate::domain::session::{Group, SCHEMA_VERSION, Session};

use super::atomic::write_atomic;
use super::format::{LoadError, load_group_file, load_session};
use super::paths::{backup_path, slug};

pub const ROOM_FILE: &str = "room.ron";
pub const GROUP_SUFFIX: &str = ".group.ron";
/// Where a removed group's file is kept, beside the room's files: out of
/// the folder's scan, so the group stays removed, but never deleted.
pub const REMOVED_DIR: &str = "removed";

/// What joining a room does with a group name the room does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownGroup {
    /// Refuse: a mistyped name must not start a new group.
    Refuse,
    /// Start a new group with that name.
    Create,
}

/// What a group's laptop writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "GroupFile")]
pub struct GroupFile {
    pub schema_version: u32,
    pub group: Group,
    /// Where the laptop that wrote it was, for the facilitator's table
    /// tracker; none when the room's screen wrote it for the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub laptop: Option<Laptop>,
}

/// What a group's laptop says of itself in the group's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Laptop {
    /// The stage it shows.
    pub stage: usize,
    /// When it wrote the file, in seconds since the epoch.
    pub saved_at: u64,
}

pub fn room_path(dir: &Path) -> PathBuf {
    dir.join(ROOM_FILE)
}

pub fn group_path(dir: &Path, group: &Group) -> PathBuf {
    dir.join(format!("{}{GROUP_SUFFIX}", slug(&group.name)))
}

/// Two groups whose names give the same file name (\"Red\" and \"red!\"),
/// which a shared folder cannot hold apart.
pub fn clashing_names(groups: &[Group]) -> Option<(String, String)> {
    groups.iter().enumerate().find_map(|(i, a)| {
        groups[i + 1..].iter().find(|b| slug(&a.name) == slug(&b.name)).map(|b| (a.name.clone(), b.name.clone()))
    })
}

pub fn save_group(dir: &Path, group: &Group, laptop: Option<Laptop>) -> std::io::Result<PathBuf> {
    let path = group_path(dir, group);
    let file = GroupFile { schema_version: SCHEMA_VERSION, group: group.clone(), laptop };
    let config = ron::ser::PrettyConfig::new().struct_names(true);
    let mut text = ron::ser::to_string_pretty(&file, config).map_err(std::io::Error::other)?;
    text.push('\n');
    write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

/// Reads a group's file, with the same checks as a session: the size limit
/// before reading, UTF-8 located by line and column, a newer format refused.
pub fn load_group(path: &Path) -> Result<Group, LoadError> {
    load_group_and_laptop(path).map(|(group, _)| group)
}

/// A group's file, with what its laptop said of itself.
fn load_group_and_laptop(path: &Path) -> Result<(Group, Option<Laptop>), LoadError> {
    let file = load_group_file(path)?;
    let mut group = file.group;
    sanitize::clean_group(&mut group);
    Ok((group, file.laptop))
}

/// Moves a removed group's file into `removed/` beside it, with its previous
/// version, and returns where it went. A name already taken there gets a
/// number (`red-2.group.ron`), so an earlier removal is never written over.
pub fn retire_group_file(path: &Path) -> std::io::Result<PathBuf> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let removed = dir.join(REMOVED_DIR);
    std::fs::create_dir_all(&removed)?;
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let stem = name.strip_suffix(GROUP_SUFFIX).unwrap_or(&name);
    let taken = |p: &PathBuf| std::fs::symlink_metadata(p).is_ok() || std::fs::symlink_metadata(backup_path(p)).is_ok();
    let target = std::iter::once(removed.join(&name))
        .chain((2..10_000).map(|n| removed.join(format!("{stem}-{n}{GROUP_SUFFIX}"))))
        .find(|p| !taken(p))
        .ok_or_else(|| std::io::Error::other(format!("{} holds too many removed groups", removed.display())))?;
    std::fs::rename(path, &target)?;
    tracing::info!("moved the removed group's file {} to {}", path.display(), target.display());
    let backup = backup_path(path);
    if backup.exists() {
        // The group's file itself is already out of the scan; a previous
        // version left behind is never read as a group, so a failure here
        // loses nothing and need not undo the removal.
        let _ = std::fs::rename(&backup, backup_path(&target));
    }
    Ok(target)
}

/// Puts a removed group's file back where it was (undoing its removal),
/// with its previous version. Refused when a file is there already: a
/// laptop has since started the group again, and its work is not written
/// over.
pub fn restore_group_file(retired: &Path, path: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} is there already", path.display()),
        ));
    }
    std::fs::rename(retired, path)?;
    tracing::info!("brought the group's file back from {} to {}", retired.display(), path.display());
    let backup = backup_path(retired);
    if backup.exists() {
        let _ = std::fs::rename(&backup, backup_path(path));
    }
    Ok(())
}

/// Creates a room: `room.ron` and an empty file for each group.
pub fn create_room(dir: &Path, session: &Session) -> std::io::Result<PathBuf> {
    tracing::info!(groups = session.groups.len(), "creating a room in the shared folder {}", dir.display());
    std::fs::create_dir_all(dir)?;
    let path = room_path(dir);
    let mut room = session.clone();
    room.shared_folder = true;
    super::save_session(&room, &path)?;
    for group in &session.groups {
        save_group(dir, group, None)?;
    }
    Ok(path)
}

pub fn load_room(dir: &Path) -> Result<Session, LoadError> {
    let mut room = load_session(&room_path(dir))?;
    room.shared_folder = true;
    Ok(room)
}

/// Whether `session`, read from `path`, is the room file of a shared
/// folder. The file says so; one from before files said so (format 4 and
/// older) is taken to be one if it is called `room.ron` and has group files
/// beside it. A session file that is merely called `room.ron` is not.
pub fn is_room(session: &Session, path: &Path) -> bool {
    if session.shared_folder {
        return true;
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    path.file_name().is_some_and(|n| n == ROOM_FILE) && !group_files(dir).is_empty()
}

/// The group files in a folder, sorted by name.
pub fn group_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(GROUP_SUFFIX)))
        .collect();
    files.sort();
    files
}

/// A group file as last seen: when it changed, and whether it could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFileState {
    pub path: PathBuf,
    pub modified: Option<SystemTime>,
    /// The problem with the file, shown beside the group; `None` when good.
    pub warning: Option<String>,
    /// The id of the group the file holds, once it has been read.
    pub group_id: Option<u32>,
    /// What the group's laptop last said of itself.
    pub laptop: Option<Laptop>,
}

/// A fingerprint of the folder's group files, to notice changes cheaply
/// (a few `stat` calls) where file events do not arrive, as on many
/// network shares.
pub fn fingerprint(dir: &Path) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
    group_files(dir)
        .into_iter()
        .map(|p| {
            let meta = std::fs::metadata(&p).ok();
            let modified = meta.as_ref().and_then(|m| m.modified().ok());
            let len = meta.map_or(0, |m| m.len());
            (p, modified, len)
        })
        .collect()
}

/// Reads every group file into `session`: a good file replaces that group's
/// work (or adds the group); a bad one leaves the group's last good work in
/// place and is reported. Returns the state of each file.
pub fn merge_group_files(dir: &Path, session: &mut Session) -> Vec<GroupFileState> {
    let mut states = Vec::new();
    for path in group_files(dir) {
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        match load_group_and_laptop(&path) {
            Ok((group, laptop)) => {
                let id = group.id;
                // A group the room's screen types for is written from there:
                // its file holds nothing newer than the session does.
                if !session.typed_here.contains(&id) {
                    match session.groups.iter_mut().find(|g| g.id == id && id != 0) {
                        Some(existing) => *existing = group,
                        None => session.groups.push(group),
                    }
                }
                states.push(GroupFileState { path, modified, warning: None, group_id: Some(id), laptop });
            }
            Err(e) => {
                let position = e.position.map_or(String::new(), |(l, c)| format!(" at line {l}, column {c}"));
                let warning = format!("cannot read{position}: {}", e.message);
                // Match the file to its group by name, so the warning shows beside it.
                let group_id = session.groups.iter().find(|g| group_path(dir, g) == path).map(|g| g.id);
                states.push(GroupFileState { path, modified, warning: Some(warning), group_id, laptop: None });
            }
        }
    }
    session.normalise();
    let unreadable: Vec<String> =
        states.iter().filter_map(|s| s.warning.as_ref().map(|w| format!("{}: {w}", s.path.display()))).collect();
    tracing::info!(files = states.len(), unreadable = unreadable.len(), "read the group files in {}", dir.display());
    for problem in unreadable {
        tracing::warn!("a group file {problem}");
    }
    states
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{Barrier, Mode};
    use crate::scenarios;

    fn room(dir: &Path) -> Session {
        let session =
            Session::new("Room", scenarios::built_in_default(), Mode::Room, &["Red".into(), "Blue".into()], 0);
        create_room(dir, &session).unwrap();
        session
    }

    #[test]
    fn a_room_is_a_room_file_and_a_file_per_group() {
        let dir = tempfile::tempdir().unwrap();
        room(dir.path());
        assert!(dir.path().join("room.ron").exists());
        assert_eq!(group_files(dir.path()).len(), 2);
        assert!(dir.path().join("red.group.ron").exists());
    }

    #[test]
    fn a_changed_group_file_is_merged_and_a_broken_one_reported() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = room(dir.path());
        let mut red = session.groups[0].clone();
        red.add_barrier(Barrier { text: "Silos\x1b[2J".into(), severity: 4, ..Barrier::default() });
        save_group(dir.path(), &red, None).unwrap();
        std::fs::write(dir.path().join("blue.group.ron"), "GroupFile(schema_version: 2, group: (").unwrap();
        session.groups[1].add_barrier(Barrier { text: "kept".into(), severity: 2, ..Barrier::default() });

        let states = merge_group_files(dir.path(), &mut session);
        assert_eq!(session.groups[0].barriers[0].text, "Silos[2J", "merged and cleaned");
        assert_eq!(session.groups[1].barriers[0].text, "kept", "last good work kept");
        let blue = states.iter().find(|s| s.path.ends_with("blue.group.ron")).unwrap();
        assert!(blue.warning.as_deref().unwrap_or("").contains("line 1"), "{blue:?}");
        assert_eq!(blue.group_id, Some(session.groups[1].id));
        assert!(states.iter().find(|s| s.path.ends_with("red.group.ron")).unwrap().warning.is_none());
    }

    #[test]
    fn a_new_group_file_adds_a_group() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = room(dir.path());
        let mut green = Group { name: "Green".into(), id: 99, ..Group::default() };
        green.add_barrier(Barrier { text: "x".into(), severity: 1, ..Barrier::default() });
        save_group(dir.path(), &green, None).unwrap();
        merge_group_files(dir.path(), &mut session);
        assert_eq!(session.groups.len(), 3);
        assert_eq!(session.groups[2].name, "Green");
    }
}
