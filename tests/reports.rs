//! The reports: golden files for a sample session with several groups,
//! escaping of every user-written field, and the CSV read back.

use roundtable::domain::room::FiredInject;
use roundtable::domain::session::Session;
use roundtable::export::{self, Format, sample_session};

#[test]
fn markdown_report_golden() {
    insta::assert_snapshot!("report_md", export::render(&sample_session(), Format::Markdown));
}

#[test]
fn html_report_golden() {
    insta::assert_snapshot!("report_html", export::render(&sample_session(), Format::Html));
}

#[test]
fn csv_report_golden() {
    insta::assert_snapshot!("report_csv", export::render(&sample_session(), Format::Csv));
}

#[test]
fn reports_are_deterministic() {
    for format in Format::ALL {
        assert_eq!(export::render(&sample_session(), format), export::render(&sample_session(), format));
    }
}

const EVIL: &str = "<script>alert(1)</script>";

/// Puts hostile text into every field a user can write.
fn hostile_session() -> Session {
    let mut s = sample_session();
    s.title = format!("T{EVIL}");
    for g in &mut s.groups {
        g.name = format!("G{EVIL}");
        g.members = vec![format!("M{EVIL}")];
        for b in &mut g.barriers {
            b.text = format!("B{EVIL}");
            b.story = format!("S{EVIL}");
        }
        for sol in &mut g.solutions {
            sol.text = format!("O{EVIL}");
        }
        for a in &mut g.actions {
            a.title = format!("A{EVIL}");
            a.what = format!("W{EVIL}");
            a.lead_role = format!("L{EVIL}");
            a.first_step = format!("F{EVIL}");
            a.success = format!("C{EVIL}");
            a.status_note = format!("N{EVIL}");
        }
    }
    s.injects.push(FiredInject {
        title: format!("I{EVIL}"),
        month: 1,
        what: format!("X{EVIL}"),
        question: format!("Q{EVIL}"),
        fired_at: 0,
        stage: 0,
    });
    s
}

#[test]
fn html_escapes_every_user_written_field() {
    let html = export::render(&hostile_session(), Format::Html);
    assert!(!html.contains("<script"), "a report must never run script");
    for prefix in ["T", "G", "M", "B", "S", "O", "A", "W", "L", "F", "C", "N", "I", "X", "Q"] {
        let escaped = format!("{prefix}&lt;script&gt;alert(1)&lt;/script&gt;");
        assert!(html.contains(&escaped), "field {prefix} not shown escaped");
    }
    // Self-contained: no external resources.
    for external in ["http://", "https://", "src=", "<link", "@import"] {
        assert!(!html.contains(external), "external reference {external}");
    }
}

#[test]
fn markdown_escapes_every_user_written_field_once() {
    let md = export::render(&hostile_session(), Format::Markdown);
    assert!(!md.contains('<'), "raw HTML in the Markdown report");
    for prefix in ["T", "G", "M", "B", "S", "O", "A", "W", "L", "F", "C", "N", "I", "X", "Q"] {
        let escaped = format!("{prefix}&lt;script&gt;alert(1)&lt;/script&gt;");
        assert!(md.contains(&escaped), "field {prefix} not shown escaped");
    }
    // Nothing is escaped twice, which would show the escapes themselves.
    assert!(!md.contains("&amp;lt;"), "escaped twice");
    assert!(!md.contains('\\'), "escaped twice or where nothing needed it");
}

#[test]
fn csv_parses_back_to_the_same_actions() {
    let session = hostile_session();
    let text = export::render(&session, Format::Csv);
    let body = text.strip_prefix(export::csv::BOM).expect("a byte order mark for spreadsheets");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.iter().collect::<Vec<_>>(), export::csv::HEADER.to_vec());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let actions: Vec<(&str, &roundtable::domain::session::Action)> =
        session.groups.iter().flat_map(|g| g.actions.iter().map(move |a| (g.name.as_str(), a))).collect();
    assert_eq!(rows.len(), actions.len());
    for (row, (group, a)) in rows.iter().zip(actions) {
        assert_eq!(&row[0], group);
        assert_eq!(&row[2], a.title);
        assert_eq!(&row[3], a.what);
        assert_eq!(&row[5], a.lead_role);
        assert_eq!(row[6].parse::<u8>().ok(), a.start_month);
        assert_eq!(row[7].parse::<u8>().ok(), a.end_month);
        assert_eq!(&row[8], a.first_step);
        assert_eq!(&row[9], a.success);
        assert_eq!(&row[15], a.status_note);
    }
}

#[test]
fn the_export_command_writes_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    roundtable::store::save_session(&sample_session(), &path).unwrap();
    for (format, marker) in [("md", "# Wexcombe workshop"), ("html", "<!DOCTYPE html>"), ("csv", "group,number,title")]
    {
        let out = dir.path().join(format!("report.{format}"));
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_roundtable"))
            .arg("export")
            .arg(&path)
            .args(["--format", format, "-o"])
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        assert!(std::fs::read_to_string(&out).unwrap().contains(marker), "{format}");
    }
}
