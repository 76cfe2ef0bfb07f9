//! Rooms in a shared folder. The facilitator's screen reads every group's
//! file as it changes; a group's laptop writes its own file and follows the
//! room file for injects and timers.
//!
//! Changes are noticed two ways: file events from `notify` where the file
//! system sends them, and a once-a-second look at the files' sizes and
//! times, which also works on network shares that send no events.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::domain::sanitize;
use crate::domain::session::{Group, Mode};
use crate::store::folder::{self, GroupFileState, UnknownGroup};
use crate::store::{self, LoadError};

use super::{App, Level, OpenSession, ScreenMut};

/// Where an open session lives.
#[derive(Debug, Default)]
pub enum Link {
    /// Its own session file.
    #[default]
    File,
    /// The facilitator's room in a shared folder.
    Room(RoomLink),
    /// One group's laptop, writing into a room's folder.
    Group(GroupLink),
}

/// A folder watch. File events only set a flag; the app looks at it on its
/// next tick.
pub struct FolderWatch {
    changed: Arc<AtomicBool>,
    watcher: Option<RecommendedWatcher>,
}

impl std::fmt::Debug for FolderWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FolderWatch").field("events", &self.watcher.is_some()).finish_non_exhaustive()
    }
}

impl FolderWatch {
    fn new(dir: &Path) -> Self {
        let changed = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&changed);
        // Without events (some network shares), the once-a-second look at
        // the files still notices every change.
        let watcher = notify::recommended_watcher(move |_event| flag.store(true, Ordering::Relaxed))
            .and_then(|mut w| w.watch(dir, RecursiveMode::NonRecursive).map(|()| w))
            .ok();
        FolderWatch { changed, watcher }
    }

    fn take_event(&self) -> bool {
        self.changed.swap(false, Ordering::Relaxed)
    }
}

#[derive(Debug)]
pub struct RoomLink {
    pub dir: PathBuf,
    /// Each group file as last read, with any warning to show beside it.
    pub files: Vec<GroupFileState>,
    fingerprint: Vec<(PathBuf, Option<SystemTime>, u64)>,
    watch: FolderWatch,
    /// Group files moved into `removed/` by this screen: (group id, where
    /// the file was, where it went), so that undoing a removal brings the
    /// file back for the group's laptop.
    retired: Vec<(u32, PathBuf, PathBuf)>,
}

impl RoomLink {
    /// The warning for a group's file, if it could not be read.
    pub fn warning_for(&self, group_id: u32) -> Option<&str> {
        self.files.iter().find(|f| f.group_id == Some(group_id)).and_then(|f| f.warning.as_deref())
    }
}

#[derive(Debug)]
pub struct GroupLink {
    pub dir: PathBuf,
    pub group_id: u32,
    room_modified: Option<SystemTime>,
    watch: FolderWatch,
    /// The facilitator removed this group, so this laptop stopped saving;
    /// it saves again if the removal is undone.
    removed: bool,
    /// The room's screen types for this group (this laptop had failed), so
    /// this laptop shows that work and saves nothing until handed back.
    typed_elsewhere: bool,
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Opens the facilitator's view of a room folder.
pub fn open_room(dir: &Path) -> Result<OpenSession, LoadError> {
    let mut session = folder::load_room(dir)?;
    let files = folder::merge_group_files(dir, &mut session);
    let mut open = OpenSession::new(session, folder::room_path(dir));
    open.link = Link::Room(RoomLink {
        dir: dir.to_path_buf(),
        files,
        fingerprint: folder::fingerprint(dir),
        watch: FolderWatch::new(dir),
        retired: Vec::new(),
    });
    Ok(open)
}

/// Opens one group's view of a room folder. A group the room does not have
/// is started only when `unknown` allows it, and its file is created then.
///
/// Nothing is written here: a new group's file is written by the first
/// save, after the group's lock is taken. A group file that is already
/// there is read, never written, before the lock: if it cannot be read, joining is refused and the
/// file and its previous version are left exactly as they are.
pub fn join_room(dir: &Path, name: &str, unknown: UnknownGroup) -> Result<OpenSession, LoadError> {
    let mut room = folder::load_room(dir)?;
    folder::merge_group_files(dir, &mut room);
    let wanted = name.trim();
    let index = match room.groups.iter().position(|g| g.name.eq_ignore_ascii_case(wanted)) {
        Some(i) => i,
        None if unknown == UnknownGroup::Create => room.add_group(wanted),
        None => return Err(no_such_group(dir, wanted, &room.groups)),
    };
    let mine: Group = room.groups[index].clone();
    let group_id = mine.id;
    let path = folder::group_path(dir, &mine);
    if std::fs::symlink_metadata(&path).is_ok() {
        let on_disk = folder::load_group(&path).map_err(|e| left_as_it_is(e, &path))?;
        // A file from before groups had ids (0) is matched by name alone.
        if on_disk.id != 0 && on_disk.id != group_id {
            return Err(LoadError {
                path,
                position: None,
                message: format!("the file holds another group's work (\"{}\")", on_disk.name),
                hint: Some(format!(
                    "Two of the room's group names give the same file name, so only one of them can work from a laptop: join as \"{}\" if that is your group.",
                    on_disk.name
                )),
            });
        }
    }
    let typed_elsewhere = room.typed_here.contains(&group_id);
    // The laptop holds only its own group.
    room.groups = vec![mine];
    room.current_group = 0;
    room.mode = Mode::Group;
    let room_path = folder::room_path(dir);
    let mut open = OpenSession::new(room, room_path.clone());
    open.link = Link::Group(GroupLink {
        dir: dir.to_path_buf(),
        group_id,
        // While the room's screen types for this group, the room file is
        // read again at the first look, which says so on this screen.
        room_modified: if typed_elsewhere { None } else { modified(&room_path) },
        watch: FolderWatch::new(dir),
        removed: false,
        typed_elsewhere: false,
    });
    // The room's screen types for this group until it hands it back.
    open.read_only = typed_elsewhere;
    // Written by the first save, once the group's lock is held (a new
    // file is made by it); and written at once even when it exists, so
    // that the facilitator's tracker sees this laptop and its stage.
    if !typed_elsewhere {
        open.touch();
    }
    Ok(open)
}

/// Says that a group file that cannot be read was not touched, before what
/// to do about it.
fn left_as_it_is(mut err: LoadError, path: &Path) -> LoadError {
    let kept = format!(
        "Joining would replace the group's work, so {} has been left as it is.",
        path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    );
    err.hint = Some(match err.hint.take() {
        Some(hint) => format!("{kept}\n  {hint}"),
        None => kept,
    });
    err
}

fn no_such_group(dir: &Path, wanted: &str, groups: &[Group]) -> LoadError {
    let names: Vec<String> = groups.iter().map(|g| format!("\"{}\"", sanitize::clean(&g.name))).collect();
    LoadError {
        path: dir.to_path_buf(),
        position: None,
        message: format!("the room has no group called \"{wanted}\"; its groups are {}", names.join(", ")),
        hint: Some(format!("Check the spelling, or add --new-group to start a new group called \"{wanted}\".")),
    }
}

impl OpenSession {
    /// The file this instance writes, and so locks: in a room folder, a
    /// group's laptop writes its group's file, not the room's.
    pub fn written_path(&self) -> PathBuf {
        match &self.link {
            Link::Group(group) => match self.session.groups.iter().find(|g| g.id == group.group_id) {
                Some(g) => folder::group_path(&group.dir, g),
                None => self.path.clone(),
            },
            Link::File | Link::Room(_) => self.path.clone(),
        }
    }
}

impl App {
    /// Picks up changes in a shared folder. Returns true when the screen
    /// must be redrawn.
    pub(super) fn refresh_folder(&mut self) -> bool {
        let Some(open) = &mut self.work.open else { return false };
        let mine = open.written_path();
        match &mut open.link {
            Link::File => false,
            Link::Room(room) => {
                let event = room.watch.take_event();
                let fingerprint = folder::fingerprint(&room.dir);
                if !event && fingerprint == room.fingerprint {
                    return false;
                }
                room.fingerprint = fingerprint;
                let before = room.files.iter().filter(|f| f.warning.is_some()).count();
                room.files = folder::merge_group_files(&room.dir, &mut open.session);
                let after = room.files.iter().filter(|f| f.warning.is_some()).count();
                if after > before {
                    self.screen.say(Level::Warning, "A group's file cannot be read; its last good work is shown.");
                }
                true
            }
            Link::Group(group) => {
                let event = group.watch.take_event();
                // The facilitator removed this group: its file went to
                // removed/. Saving again would bring it back, so this laptop
                // stops writing and says so; its work is in that file and here.
                let retired = mine.file_name().map(|n| group.dir.join(folder::REMOVED_DIR).join(n));
                if group.removed && mine.exists() {
                    group.removed = false;
                    open.read_only = false;
                    // Whatever the file holds now, this laptop's copy is the
                    // group's latest work: it is written again at once.
                    open.touch();
                    self.screen.say(Level::Info, "The facilitator brought this group back: this laptop saves again.");
                    return true;
                }
                if !open.read_only && !mine.exists() && retired.is_some_and(|r| r.exists()) {
                    group.removed = true;
                    open.read_only = true;
                    open.mark_saved();
                    self.screen.say(
                        Level::Warning,
                        "The facilitator removed this group from the room, so this laptop no longer saves. Its work is kept in the room's removed/ folder.",
                    );
                    return true;
                }
                let room_path = folder::room_path(&group.dir);
                let now_modified = modified(&room_path);
                if !event && now_modified == group.room_modified {
                    return false;
                }
                group.room_modified = now_modified;
                // Follow the room for what the facilitator controls.
                match store::load_session(&room_path) {
                    Ok(room) => {
                        let news = room.injects.len() > open.session.injects.len();
                        let typed_elsewhere = room.typed_here.contains(&group.group_id);
                        // While the room's screen types for this group, and
                        // when it hands it back, the room file holds its work.
                        if (typed_elsewhere || group.typed_elsewhere)
                            && let Some(theirs) = room.groups.iter().find(|g| g.id == group.group_id)
                        {
                            open.session.groups = vec![theirs.clone()];
                        }
                        if typed_elsewhere != group.typed_elsewhere {
                            group.typed_elsewhere = typed_elsewhere;
                            open.read_only = typed_elsewhere;
                            if typed_elsewhere {
                                open.mark_saved();
                                // Nothing typed from now on could be kept, so
                                // the open form closes rather than take it.
                                self.screen.form = None;
                                self.screen.say(
                                    Level::Warning,
                                    "The facilitator is typing for this group on the room's screen: this laptop shows the work and saves nothing until the group is handed back.",
                                );
                            } else {
                                // What was typed there is written here at once.
                                open.touch();
                                self.screen.say(
                                    Level::Info,
                                    "The facilitator handed this group back: this laptop saves again, with what was typed there.",
                                );
                            }
                        }
                        open.session.injects = room.injects;
                        open.session.timers = room.timers;
                        open.session.room_time = room.room_time;
                        open.session.typed_here = room.typed_here;
                        open.session.normalise();
                        if news {
                            // A laptop moves through the stages itself.
                            self.screen.say(Level::Warning, "News from the facilitator: see the actions stage.");
                        }
                        true
                    }
                    // Half-synced room file: try again on the next change.
                    Err(_) => false,
                }
            }
        }
    }
}

impl ScreenMut<'_> {
    /// In a shared-folder room, brings back the file of a group whose
    /// removal was undone, so its laptop saves again.
    pub(super) fn bring_back_group_file(&mut self, group: &Group) {
        let Some(open) = &mut self.work.open else { return };
        let Link::Room(room) = &mut open.link else { return };
        let Some(at) = room.retired.iter().rposition(|(id, ..)| *id == group.id) else { return };
        let (_, path, moved) = room.retired.remove(at);
        if let Err(e) = folder::restore_group_file(&moved, &path) {
            self.say(
                Level::Error,
                format!(
                    "{} is back in the room, but its file could not be brought back from {} ({e}).",
                    group.name,
                    moved.display()
                ),
            );
        }
    }

    /// In a shared-folder room, moves a removed group's file into
    /// `removed/`: left in the folder, it would bring the group back the
    /// next time the folder is read.
    pub(super) fn retire_group_file(&mut self, group: &Group) {
        let Some(open) = &mut self.work.open else { return };
        let Link::Room(room) = &mut open.link else { return };
        let path = room
            .files
            .iter()
            .find(|f| f.group_id == Some(group.id))
            .map_or_else(|| folder::group_path(&room.dir, group), |f| f.path.clone());
        if std::fs::symlink_metadata(&path).is_err() {
            // Added on this screen and never joined: there is no file.
            return;
        }
        match folder::retire_group_file(&path) {
            Ok(moved) => {
                room.files.retain(|f| f.path != path);
                room.retired.push((group.id, path.clone(), moved.clone()));
                let shown = moved.strip_prefix(&room.dir).unwrap_or(&moved).display().to_string();
                self.say(Level::Info, format!("Removed the group \"{}\"; its file is kept in {shown}.", group.name));
            }
            Err(e) => self.say(
                Level::Error,
                format!(
                    "Removed the group \"{}\", but {} could not be moved aside ({e}): the group will come back unless the file is moved out of the folder.",
                    group.name,
                    path.display()
                ),
            ),
        }
    }
}
