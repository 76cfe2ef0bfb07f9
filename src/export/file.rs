//! Writing a report to a file without ever writing it over something that
//! is not a report: `export -o plan.ron` must not replace a session.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{self as export, Format};

use crate::store::atomic::write_atomic;

/// Why a report was not written. Nothing was changed on disk.
#[derive(Debug)]
pub enum ReportWriteError {
    /// The file exists and is not a report of this format.
    NotAReport {
        path: PathBuf,
        format: Format,
    },
    /// The folder to write into does not exist.
    NoFolder {
        path: PathBuf,
        folder: PathBuf,
    },
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for ReportWriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportWriteError::NotAReport { path, format } => write!(
                f,
                "{} already exists and is not a {} report, so it was left as it is",
                path.display(),
                format.name()
            ),
            ReportWriteError::NoFolder { path, folder } => write!(
                f,
                "cannot write {}: the folder {} does not exist; create it first or choose another place",
                path.display(),
                folder.display()
            ),
            ReportWriteError::Io { path, error } => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for ReportWriteError {}

/// Enough of a file to recognise a report by its first lines.
const SNIFF_BYTES: u64 = 64 * 1024;

/// Writes a report atomically to `path`. An existing file is replaced only
/// when it is a report of the same format, or when `force` is set.
pub fn write_report(path: &Path, format: Format, report: &str, force: bool) -> Result<(), ReportWriteError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(ReportWriteError::NoFolder { path: path.to_path_buf(), folder });
    }
    if !force && std::fs::symlink_metadata(path).is_ok() {
        let mut start = Vec::new();
        let read = std::fs::File::open(path).and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut start));
        if read.is_err() || !export::is_report(&start, format) {
            return Err(ReportWriteError::NotAReport { path: path.to_path_buf(), format });
        }
    }
    write_atomic(path, report.as_bytes()).map_err(|error| ReportWriteError::Io { path: path.to_path_buf(), error })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::TimeZone;
    use crate::domain::session::{Mode, Session};
    use crate::scenarios;

    fn session() -> Session {
        Session::new("Report test", scenarios::built_in_default(), Mode::Room, &["Red".into()], 1_700_000_000)
    }

    #[test]
    fn a_report_replaces_a_report_of_its_format_only() {
        let dir = tempfile::tempdir().unwrap();
        let s = session();
        for format in Format::ALL {
            let path = dir.path().join(format!("r.{}", format.extension()));
            let report = export::render(&s, format, &TimeZone::UTC);
            write_report(&path, format, &report, false).unwrap();
            write_report(&path, format, &report, false).expect("a report of the same format may be replaced");
            for other in Format::ALL.into_iter().filter(|f| *f != format) {
                let err = write_report(&path, other, &export::render(&s, other, &TimeZone::UTC), false).unwrap_err();
                assert!(matches!(err, ReportWriteError::NotAReport { .. }), "{err}");
            }
        }
    }

    #[test]
    fn a_csv_export_from_before_the_idea_column_is_replaced_as_a_report() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        let first = &export::csv::HEADER[..export::csv::FIRST_COLUMNS];
        assert_eq!(first.last(), Some(&"status_note"));
        std::fs::write(&path, format!("{}{}\r\n", export::csv::BOM, first.join(","))).unwrap();
        write_report(&path, Format::Csv, &export::render(&session(), Format::Csv, &TimeZone::UTC), false)
            .expect("an older export may be replaced");
        assert!(std::fs::read_to_string(&path).unwrap().contains(",status_note,idea\r\n"));
    }

    #[test]
    fn a_session_is_never_replaced_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        crate::store::save_session(&session(), &path).unwrap();
        let before = std::fs::read(&path).unwrap();
        for format in Format::ALL {
            let err =
                write_report(&path, format, &export::render(&session(), format, &TimeZone::UTC), false).unwrap_err();
            assert!(matches!(err, ReportWriteError::NotAReport { .. }), "{err}");
            assert!(err.to_string().contains("s.ron already exists and is not a"), "{err}");
            assert_eq!(std::fs::read(&path).unwrap(), before, "untouched");
        }
        write_report(&path, Format::Markdown, "# forced", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "# forced");
    }

    #[test]
    fn a_missing_folder_is_refused_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nowhere/r.md");
        let err = write_report(&path, Format::Markdown, "# x", false).unwrap_err();
        assert!(matches!(err, ReportWriteError::NoFolder { .. }), "{err}");
        assert!(!dir.path().join("nowhere").exists());
    }
}
