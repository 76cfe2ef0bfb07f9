//! Following a session that another Roundtable writes: the presenter
//! console's way of holding its workshop.
//!
//! The console never writes. Its workshop holds the session read-only, and
//! [`Following`] reads the file again whenever it changes (or, for a
//! shared-folder room, whenever any group's file changes). File events may
//! not arrive on a network share, so the file is looked at on a short beat
//! by the run loop. A read that fails (a file half saved or half synced)
//! keeps the last good session on screen and says why.
//!
//! A file whose time and length are unchanged is not read again, with one
//! exception. File times can be coarse (two seconds on FAT, a second on
//! some network shares), so two quick saves of the same length can leave
//! both unchanged. Each save writes a new save count into the file
//! (`Session::saved`), so for a few seconds after a time and length are
//! first seen, the file is read and its count compared: a count that
//! differs is a new save, read in full.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::domain::session::Session;
use crate::store::{self, folder};

use super::{OpenSession, Workshop};

/// How often the followed file is looked at.
pub const CHECK_EVERY: Duration = Duration::from_millis(500);

/// How long after a file's time and length were first seen its save count
/// is still compared. A second save can share the first's time only while
/// the file system's clock tick lasts (two seconds at the coarsest), and
/// is looked for at most [`CHECK_EVERY`] after it is written.
pub const SAME_STAMP_WINDOW: Duration = Duration::from_secs(3);

/// A group file of a shared-folder room that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFileProblem {
    /// The group it belongs to, when that is known.
    pub group_id: Option<u32>,
    pub file: String,
    pub warning: String,
}

/// What a workshop that follows a file knows of it.
#[derive(Debug)]
pub struct Following {
    /// The session file, or a shared folder's room file.
    pub path: PathBuf,
    /// Why the last read failed; the last good session stays on screen.
    pub problem: Option<String>,
    /// Group files that could not be read; those groups keep their last
    /// good work.
    pub group_problems: Vec<GroupFileProblem>,
    /// What each group's laptop last said of itself, in a shared folder:
    /// (group id, its laptop), for the table tracker.
    pub laptops: Vec<(u32, folder::Laptop)>,
    /// What the file was when last read, so an unchanged file is not read
    /// again.
    seen: Option<Seen>,
}

/// What a followed file was when last read.
#[derive(Debug, Clone, Copy)]
struct Seen {
    /// The file's modification time and size (with the group files').
    stamp: (SystemTime, u64),
    /// When this stamp was first seen.
    since: Instant,
    /// The save count read with it, if the read succeeded.
    saved: Option<u64>,
}

/// What a look at the followed file found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Nothing changed since the last look.
    Unchanged,
    /// The file changed and was read (or failed to be, and says why).
    Changed {
        /// The room moved to another stage or slide.
        moved: bool,
    },
}

impl Following {
    pub fn new(path: PathBuf) -> Self {
        Following { path, problem: None, group_problems: Vec::new(), laptops: Vec::new(), seen: None }
    }

    /// The file's name, as the console's header shows it.
    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(|| self.path.display().to_string(), |n| n.to_string_lossy().into())
    }
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The room's group files change without room.ron changing.
fn folder_stamp(path: &Path) -> u64 {
    let Some(dir) = path.parent() else { return 0 };
    if is_room_file(path) {
        folder::fingerprint(dir)
            .iter()
            .map(|(_, m, len)| {
                len + m.and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_millis() as u64)
            })
            .sum()
    } else {
        0
    }
}

fn is_room_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == folder::ROOM_FILE)
}

impl Workshop {
    /// A workshop that follows the session in `path` as another Roundtable
    /// saves it, and never writes. The file is read at once.
    pub fn following(path: PathBuf) -> Self {
        let mut work = Workshop::new(path.parent().map(Path::to_path_buf).unwrap_or_default());
        work.following = Some(Following::new(path));
        work.read_followed();
        work
    }

    /// Reads the followed file again if it changed.
    pub fn read_followed(&mut self) -> Reading {
        self.read_followed_at(Instant::now())
    }

    /// Reads the followed file again if it changed, looking at `at`: its
    /// time and length first, then, while they are recent, its save count.
    pub(crate) fn read_followed_at(&mut self, at: Instant) -> Reading {
        let Some(following) = &mut self.following else { return Reading::Unchanged };
        let path = following.path.clone();
        let now = stamp(&path).map(|(t, len)| (t, len + folder_stamp(&path)));
        let mut since = at;
        if let (Some(now), Some(seen)) = (now, following.seen)
            && now == seen.stamp
        {
            if at.saturating_duration_since(seen.since) >= SAME_STAMP_WINDOW {
                return Reading::Unchanged;
            }
            // The same time and length, but recent: a second save may
            // share them. Its count says.
            let count = store::format::read_text(&path).ok().and_then(|text| store::saved_count(&text));
            if count.is_none() || count == seen.saved {
                return Reading::Unchanged;
            }
            since = seen.since;
        }
        following.seen = now.map(|stamp| Seen { stamp, since, saved: None });
        let last = self.open.as_ref().map(|o| &o.session);
        let mut group_problems = None;
        let mut laptops = None;
        let loaded = if is_room_file(&path) {
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            folder::load_room(&dir).map(|mut session| {
                let states = folder::merge_group_files(&dir, &mut session);
                laptops = Some(states.iter().filter_map(|s| Some((s.group_id?, s.laptop?))).collect());
                group_problems = Some(keep_last_good_groups(last, &mut session, states));
                session
            })
        } else {
            store::load_session(&path)
        };
        let Some(following) = &mut self.following else { return Reading::Unchanged };
        if let Some(problems) = group_problems {
            following.group_problems = problems;
        }
        if let Some(laptops) = laptops {
            following.laptops = laptops;
        }
        match loaded {
            Ok(session) => {
                let moved = last.is_none_or(|old| (old.stage, old.slide) != (session.stage, session.slide));
                following.problem = None;
                if let Some(seen) = &mut following.seen {
                    seen.saved = Some(session.saved);
                }
                let version = self.open.as_ref().map_or(0, |o| o.version) + 1;
                let mut open = OpenSession::new(session, path);
                open.read_only = true;
                // Every screen on it redraws, as after any change.
                open.version = version;
                self.open = Some(open);
                Reading::Changed { moved }
            }
            // Mid-save or half-synced: keep showing the last good state.
            Err(e) => {
                following.problem = Some(e.to_string());
                Reading::Changed { moved: false }
            }
        }
    }
}

/// A group whose file cannot be read keeps the work last read from it
/// (the room file's copy may be older). Returns the problems.
fn keep_last_good_groups(
    last: Option<&Session>,
    session: &mut Session,
    states: Vec<folder::GroupFileState>,
) -> Vec<GroupFileProblem> {
    let mut problems = Vec::new();
    for state in states {
        let Some(warning) = state.warning else { continue };
        if let Some(id) = state.group_id
            && let Some(last) = last.and_then(|s| s.group_by_id(id))
            && let Some(group) = session.groups.iter_mut().find(|g| g.id == id)
        {
            *group = last.clone();
        }
        let file = state.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        problems.push(GroupFileProblem { group_id: state.group_id, file, warning });
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::Mode;
    use crate::scenarios;

    /// Gives the file the time `tick`, as a file system whose clock ticks
    /// coarsely gives two quick saves the same time.
    fn set_time(path: &Path, tick: SystemTime) {
        std::fs::File::options().write(true).open(path).unwrap().set_modified(tick).unwrap();
    }

    fn slide(work: &Workshop) -> usize {
        work.open.as_ref().map(|o| o.session.slide).unwrap()
    }

    #[test]
    fn two_saves_of_the_same_length_and_time_within_a_second_are_both_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let mut session = Session::new("Follow", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
        session.stage = 1;
        session.slide = 1;
        let tick = SystemTime::now();
        store::save_counted(&mut session, &path).unwrap();
        set_time(&path, tick);
        let length = std::fs::metadata(&path).unwrap().len();
        let mut work = Workshop::following(path.clone());
        let start = Instant::now();
        assert_eq!(slide(&work), 1);

        for (n, after) in [(2, 300), (3, 800)] {
            session.slide = n;
            store::save_counted(&mut session, &path).unwrap();
            set_time(&path, tick);
            assert_eq!(std::fs::metadata(&path).unwrap().len(), length, "a save of the same length");
            let at = start + Duration::from_millis(after);
            assert_eq!(work.read_followed_at(at), Reading::Changed { moved: true }, "save {n}");
            assert_eq!(slide(&work), n);
            assert_eq!(work.read_followed_at(at + CHECK_EVERY), Reading::Unchanged, "the same save is not read twice");
        }

        // Past the window, the time and length alone say the file is
        // unchanged, and it is not read: text that is not a session, of the
        // same length and time, is never seen.
        std::fs::write(&path, " ".repeat(usize::try_from(length).unwrap())).unwrap();
        set_time(&path, tick);
        assert_eq!(work.read_followed_at(start + SAME_STAMP_WINDOW + CHECK_EVERY), Reading::Unchanged);
        assert!(work.following.as_ref().unwrap().problem.is_none());
        assert_eq!(slide(&work), 3);
    }

    #[test]
    fn a_new_time_or_length_is_read_whatever_the_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let mut session = Session::new("Follow", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
        store::save_session(&session, &path).unwrap();
        let mut work = Workshop::following(path.clone());
        // Written by hand, say: the count is the same, the length is not.
        session.title = "Followed by hand".into();
        store::save_session(&session, &path).unwrap();
        assert_eq!(work.read_followed(), Reading::Changed { moved: false });
        assert_eq!(work.open.as_ref().unwrap().session.title, "Followed by hand");
    }
}
