//! RON reading and writing, with errors that name the file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::scenario::Scenario;
use crate::domain::session::{SCHEMA_VERSION, Session};

use super::atomic::write_atomic;
use super::folder::GroupFile;
use super::paths::backup_path;

/// Why a file could not be used. The file itself is never touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub path: PathBuf,
    /// 1-based line and column, where the problem has one.
    pub position: Option<(usize, usize)>,
    pub message: String,
    /// What the user can do about it.
    pub hint: Option<String>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    fn new(path: &Path, message: impl Into<String>) -> Self {
        LoadError { path: path.to_path_buf(), position: None, message: message.into(), hint: None }
    }

    /// A syntax error, named by line and column and, where the scanner can
    /// tell, by the field it is in (`stages[2].minutes`), in words a
    /// scenario author knows rather than the program's own type names.
    fn from_ron(path: &Path, text: &str, err: &ron::error::SpannedError) -> Self {
        let start = err.span.start;
        let at = super::locate::field_at(text, start.line, start.col);
        let (field, message) = describe(&err.code, at.as_ref());
        let message = match field {
            Some(field) if !field.is_empty() => format!("{field}: {message}"),
            _ => message,
        };
        LoadError {
            path: path.to_path_buf(),
            position: Some((start.line, start.col)),
            message,
            hint: Some(
                "Each field is written `name: value,`, text goes in double quotes, and every bracket must close: check this line and the one before it."
                    .into(),
            ),
        }
    }

    /// Adds the backup hint when a previous version exists beside the file.
    fn with_backup_hint(mut self) -> Self {
        let backup = backup_path(&self.path);
        if backup.exists() {
            let restore = format!(
                "The previous version is kept in {}: check it with `roundtable check` and open it with `roundtable open`.",
                backup.display()
            );
            self.hint = Some(match self.hint.take() {
                Some(first) => format!("{first}\n  {restore}"),
                None => restore,
            });
        }
        self
    }

    /// Adds how to go back to a group file's previous version, when one is
    /// kept beside it: copying it back and joining again checks it.
    fn with_group_backup_hint(mut self) -> Self {
        let backup = backup_path(&self.path);
        if backup.exists() {
            let name = self.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let restore = format!(
                "The previous version is kept in {}: to go back to it, copy it over {name} and join again.",
                backup.display()
            );
            self.hint = Some(match self.hint.take() {
                Some(first) => format!("{first}\n  {restore}"),
                None => restore,
            });
        }
        self
    }
}

/// What a record is called in messages, for the type names the parser
/// reports.
fn record_name(type_name: &str) -> &'static str {
    match type_name {
        "Scenario" => "the scenario",
        "ExerciseRules" => "`rules`",
        "StageSpec" => "a stage",
        "Slide" => "a slide",
        "CouncilBrief" => "`council`",
        "Role" => "a role",
        "BarrierCard" => "a barrier card",
        "Area" => "an area",
        "IdeaCard" => "an idea card",
        "Inject" => "an inject",
        "Session" => "the session",
        "Group" => "a group",
        "GroupFile" => "the group's file",
        "Barrier" => "a barrier",
        "Solution" => "a solution",
        "Action" => "an action",
        "RoleHolder" => "a role holder",
        _ => "this record",
    }
}

/// The largest number a field holds, by its name.
fn largest(field: &str) -> Option<&'static str> {
    let name = field.rsplit('.').next().unwrap_or(field);
    let name = name.split('[').next().unwrap_or(name);
    match name {
        "minutes" => Some("65535"),
        "actions" | "horizon_months" | "month" | "start_month" | "end_month" | "severity" => Some("255"),
        _ => None,
    }
}

/// The field a syntax error belongs to, and the error in plain words.
fn describe(code: &ron::Error, at: Option<&super::locate::FieldAt>) -> (Option<String>, String) {
    use ron::Error as E;
    let here = at.map(super::locate::FieldAt::path);
    let list = |names: &[&str]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    match code {
        E::MissingStructField { field, outer } => (
            at.map(|a| a.path_of(field)),
            format!(
                "the field `{field}` is missing from {}: add `{field}: ...` to it",
                record_name(outer.as_deref().unwrap_or(""))
            ),
        ),
        E::NoSuchStructField { expected, found, outer } => (
            at.map(|a| a.path_of(found)),
            format!(
                "{} has no field called `{found}`; the fields it takes are {}",
                record_name(outer.as_deref().unwrap_or("")),
                list(expected)
            ),
        ),
        E::DuplicateStructField { field, outer } => (
            at.map(|a| a.path_of(field)),
            format!(
                "the field `{field}` is written twice in {}: keep one",
                record_name(outer.as_deref().unwrap_or(""))
            ),
        ),
        E::NoSuchEnumVariant { expected, found, .. } => (
            here,
            format!("`{found}` is not one of the choices here, which are {} (written without quotes)", list(expected)),
        ),
        E::IntegerOutOfBounds => {
            let limit = here.as_deref().and_then(largest);
            let message = match limit {
                Some(max) => format!("the number is out of range: it must be a whole number from 0 to {max}"),
                None => "the number is out of range for this field (too large, or below 0)".to_string(),
            };
            (here, message)
        }
        E::ExpectedDifferentStructName { expected, found } => {
            (None, format!("the file holds a {found}, where a {expected} was expected: is it the right file?"))
        }
        other => (here, other.to_string()),
    }
}

/// No session or scenario comes near this size; a bigger file is refused
/// before it is read, so a wrong file cannot stall the app.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Reads a file as UTF-8 text, naming the first bad byte's line and column.
/// The size limit is checked before anything is read, and a UTF-8 byte order
/// mark (as Notepad writes) is dropped.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > MAX_FILE_BYTES
    {
        return Err(LoadError::new(
            path,
            format!(
                "the file is {} MB, too large to be a Roundtable file (the limit is {} MB)",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| LoadError::new(path, format!("cannot read the file: {e}")))?;
    tracing::debug!(bytes = bytes.len(), "read {}", path.display());
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            // Valid up to here, so this cannot fail; the fallback is only for form.
            let before = std::str::from_utf8(good).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(LoadError {
                path: path.to_path_buf(),
                position: Some((line, col)),
                message: "the file is not valid UTF-8 text".into(),
                hint: Some("Save it as UTF-8 in your editor.".into()),
            })
        }
    }
}

/// Any RON file of ours (the settings, say) into `T`, with the same
/// located errors as a scenario or a session.
pub fn parse_ron<T: serde::de::DeserializeOwned>(text: &str, path: &Path) -> Result<T, LoadError> {
    ron_options().from_str(text).map_err(|e| LoadError::from_ron(path, text, &e))
}

/// A problem the file's syntax allows but its meaning does not, at a
/// place in the file where one is known.
pub fn problem_at(path: &Path, position: Option<(usize, usize)>, message: impl Into<String>) -> LoadError {
    LoadError { path: path.to_path_buf(), position, message: message.into(), hint: None }
}

fn ron_options() -> ron::Options {
    ron::Options::default()
}

pub fn parse_scenario(text: &str, path: &Path) -> Result<Scenario, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::new(path, "the file is empty: a scenario starts with `Scenario(`"));
    }
    let mut scenario: Scenario = ron_options().from_str(text).map_err(|e| LoadError::from_ron(path, text, &e))?;
    // A scenario file from a user is as untrusted as a session file.
    crate::domain::sanitize::clean_scenario(&mut scenario);
    Ok(scenario)
}

pub fn load_scenario_file(path: &Path) -> Result<Scenario, LoadError> {
    parse_scenario(&read_text(path)?, path)
}

/// Just enough of a session file to learn its format version first, so a
/// file from a newer Roundtable gets a clear message instead of a parse error.
#[derive(Deserialize)]
#[serde(rename = "Session")]
struct VersionProbe {
    schema_version: u32,
}

pub fn parse_session(text: &str, path: &Path) -> Result<Session, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::new(path, "the file is empty: it holds no session").with_backup_hint());
    }
    if let Ok(probe) = ron_options().from_str::<VersionProbe>(text)
        && probe.schema_version > SCHEMA_VERSION
    {
        let mut err = LoadError::new(
            path,
            format!(
                "the session was written by a newer Roundtable (format {}, this one reads up to {SCHEMA_VERSION})",
                probe.schema_version
            ),
        );
        err.hint = Some("Update Roundtable to open it; the file has not been changed.".into());
        return Err(err);
    }
    let mut session: Session =
        ron_options().from_str(text).map_err(|e| LoadError::from_ron(path, text, &e).with_backup_hint())?;
    session.normalise();
    Ok(session)
}

pub fn load_session(path: &Path) -> Result<Session, LoadError> {
    let started = std::time::Instant::now();
    let loaded = read_text(path)
        .map_err(LoadError::with_backup_hint)
        .and_then(|text| parse_session(&text, path).map(|session| (session, text.len())));
    match loaded {
        Ok((session, bytes)) => {
            tracing::info!(bytes, took = ?started.elapsed(), "loaded {}", path.display());
            Ok(session)
        }
        Err(e) => {
            let at = e.position.map_or(String::new(), |(line, col)| format!(":{line}:{col}"));
            tracing::warn!("cannot load {}{at}: {}", e.path.display(), e.message);
            Err(e)
        }
    }
}

/// The group-file twin of [`VersionProbe`].
#[derive(Deserialize)]
#[serde(rename = "GroupFile")]
struct GroupVersionProbe {
    schema_version: u32,
}

/// Reads a group's file from a shared-folder room. Every refusal says the
/// file was left alone and, where a previous version is kept beside it, how
/// to go back to it: a group's laptop that cannot read its file must not
/// write over it.
pub fn parse_group_file(text: &str, path: &Path) -> Result<GroupFile, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::new(path, "the file is empty: it holds no group's work").with_group_backup_hint());
    }
    if let Ok(probe) = ron_options().from_str::<GroupVersionProbe>(text)
        && probe.schema_version > SCHEMA_VERSION
    {
        let mut err = LoadError::new(
            path,
            format!(
                "the group's file was written by a newer Roundtable (format {}, this one reads up to {SCHEMA_VERSION})",
                probe.schema_version
            ),
        );
        err.hint = Some("Update Roundtable on this laptop to work on it.".into());
        return Err(err);
    }
    ron_options().from_str(text).map_err(|e| {
        let err = match &e.code {
            ron::Error::ExpectedDifferentStructName { found, .. } => LoadError {
                position: Some((e.span.start.line, e.span.start.col)),
                hint: Some(
                    "A group's file starts with `GroupFile(`: this may be another file saved under its name.".into(),
                ),
                ..LoadError::new(path, format!("the file holds a {found}, not a group's work"))
            },
            _ => LoadError::from_ron(path, text, &e),
        };
        err.with_group_backup_hint()
    })
}

/// Reads a group's file: the size limit first, then UTF-8, then the format.
pub fn load_group_file(path: &Path) -> Result<GroupFile, LoadError> {
    parse_group_file(&read_text(path).map_err(LoadError::with_group_backup_hint)?, path)
}

#[allow(clippy::expect_used, reason = "plain data with derived impls always serialises")]
pub fn session_to_ron(session: &Session) -> String {
    let config = ron::ser::PrettyConfig::new().struct_names(true).indentor("    ".to_string());
    // Serialising plain data with derived impls has no failure case short of
    // running out of memory.
    ron::ser::to_string_pretty(session, config).expect("a session always serialises")
}

/// Saves atomically, keeping the previous version as `NAME.ron.bak`. The
/// save count is written as it stands: a first write or a copy elsewhere.
pub fn save_session(session: &Session, path: &Path) -> std::io::Result<()> {
    let mut text = session_to_ron(session);
    text.push('\n');
    write_atomic(path, text.as_bytes())
}

/// Saves the session again to the file it is followed in: its save count
/// goes up by one, then it is written as [`save_session`] writes. A save
/// that fails leaves a number unused, which no reader minds: the count
/// only has to differ from one save to the next.
pub fn save_counted(session: &mut Session, path: &Path) -> std::io::Result<()> {
    session.saved += 1;
    save_session(session, path)
}

/// Just the save count of a session file, so that a follower can learn
/// whether a file holds a new save without building the whole session.
#[derive(Deserialize)]
#[serde(rename = "Session")]
struct SaveProbe {
    #[serde(default)]
    saved: u64,
}

/// The save count in a session file's text, or `None` when the text is not
/// a session (half written, or not one at all).
pub fn saved_count(text: &str) -> Option<u64> {
    ron_options().from_str::<SaveProbe>(text).ok().map(|probe| probe.saved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::Mode;
    use crate::scenarios;

    fn sample() -> Session {
        Session::new("Test", scenarios::built_in_default(), Mode::Room, &["Red".into(), "Blue".into()], 1_700_000_000)
    }

    #[test]
    fn a_session_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let session = sample();
        save_session(&session, &path).unwrap();
        assert_eq!(load_session(&path).unwrap(), session);
    }

    #[test]
    fn each_counted_save_writes_the_next_number_and_it_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let mut session = sample();
        assert_eq!(session.saved, 0, "a new session has not been saved");
        save_session(&session, &path).unwrap();
        assert_eq!(load_session(&path).unwrap().saved, 0, "a first write is not counted again");
        for n in 1..=3 {
            save_counted(&mut session, &path).unwrap();
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(&format!("    saved: {n},\n")), "{text}");
            assert_eq!(saved_count(&text), Some(n));
            assert_eq!(load_session(&path).unwrap(), session, "the session round-trips, its count with it");
        }
        assert_eq!(saved_count("Session("), None, "a half-written file has no count");
        let older = session_to_ron(&session).replacen("    saved: 3,\n", "", 1);
        assert!(!older.contains("saved:"), "{older}");
        assert_eq!(saved_count(&older), Some(0));
        assert_eq!(parse_session(&older, Path::new("older.ron")).unwrap().saved, 0, "an older file reads with 0");
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let text = session_to_ron(&sample());
        let broken = text.replacen("title:", "title=", 1);
        let err = parse_session(&broken, Path::new("x.ron")).unwrap_err();
        let (line, _col) = err.position.expect("a position");
        let expected_line = broken.lines().position(|l| l.contains("title=")).unwrap() + 1;
        assert_eq!(line, expected_line, "{err}");
        assert!(err.to_string().starts_with(&format!("x.ron:{expected_line}:")));
    }

    #[test]
    fn a_newer_schema_is_refused_with_a_clear_message() {
        let text =
            session_to_ron(&sample()).replacen(&format!("schema_version: {SCHEMA_VERSION}"), "schema_version: 99", 1);
        assert!(text.contains("schema_version: 99"));
        let err = parse_session(&text, Path::new("x.ron")).unwrap_err();
        assert!(err.message.contains("newer Roundtable"), "{err}");
    }

    #[test]
    fn a_version_1_file_is_migrated() {
        // Version 1 had no group ids, timers, injects or votes: those are
        // the last four fields, and the first field of each group.
        let text =
            session_to_ron(&sample()).replacen(&format!("schema_version: {SCHEMA_VERSION}"), "schema_version: 1", 1);
        assert!(text.contains("schema_version: 1,"), "{text}");
        let start = text.find("\n    timers:").unwrap();
        let end = text.rfind("\n)").unwrap();
        let mut text = format!("{}{}", &text[..start], &text[end..]);
        for id in 1..=2 {
            text = text.replace(&format!("Group(\n            id: {id},\n"), "Group(\n");
        }
        assert!(!text.contains("timers:"), "{text}");
        let session = parse_session(&text, Path::new("old.ron")).unwrap();
        assert_eq!(session.schema_version, SCHEMA_VERSION);
        assert_eq!(session.timers.len(), session.scenario.stages.len());
        let ids: Vec<u32> = session.groups.iter().map(|g| g.id).collect();
        assert!(ids.iter().all(|id| *id > 0) && ids[0] != ids[1], "{ids:?}");
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notepad.ron");
        let text = format!("\u{feff}{}", session_to_ron(&sample()));
        std::fs::write(&path, &text).unwrap();
        assert_eq!(load_session(&path).unwrap(), sample());
        let scenario = dir.path().join("scenario.ron");
        let original = std::fs::read_to_string("scenarios/nlgn-fictional-council.ron").unwrap();
        std::fs::write(&scenario, format!("\u{feff}{original}")).unwrap();
        assert_eq!(load_scenario_file(&scenario).unwrap().id, "nlgn");
    }

    #[test]
    fn an_empty_file_is_refused() {
        let err = parse_session("  \n", Path::new("x.ron")).unwrap_err();
        assert!(err.message.contains("empty"));
    }

    #[test]
    fn non_utf8_bytes_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.ron");
        std::fs::write(&path, b"Session(\n  title: \"ab\xffc\"").unwrap();
        let err = load_session(&path).unwrap_err();
        assert_eq!(err.position, Some((2, 13)));
        assert!(err.message.contains("UTF-8"));
    }

    #[test]
    fn a_broken_file_with_a_backup_says_how_to_use_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        save_session(&sample(), &path).unwrap();
        save_session(&sample(), &path).unwrap();
        std::fs::write(&path, "Session(").unwrap();
        let err = load_session(&path).unwrap_err();
        assert!(err.hint.as_deref().unwrap_or("").contains("s.ron.bak"), "{err}");
    }
}
