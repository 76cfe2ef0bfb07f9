//! CSV of the actions: one row per action, every field (and the idea card
//! it was started from, by its title), quoted per RFC 4180.
//! Starts with a UTF-8 byte order mark so spreadsheets read £ and accents
//! correctly. No cell can be run as a formula by the spreadsheet that
//! opens it.

use crate::domain::sanitize::clean;
use crate::domain::session::Session;

use super::{area_names, idea_title, tackles, votes, within_reach};

/// The columns, in order. New columns go at the end, so that a sheet
/// built on an older export still finds its columns where they were.
pub const HEADER: [&str; 17] = [
    "group",
    "number",
    "title",
    "what",
    "lead",
    "lead_role",
    "start_month",
    "end_month",
    "first_step",
    "success",
    "areas",
    "tackles",
    "within_reach",
    "dots",
    "status",
    "status_note",
    "idea",
];

/// The columns of the first exports, before `idea`: an export that starts
/// with them is a report, and may be replaced by a new one.
pub const FIRST_COLUMNS: usize = 16;

/// Byte order mark: tells spreadsheet programs the file is UTF-8.
pub const BOM: &str = "\u{feff}";

/// A piece of text as a cell: cleaned, and shown as text by a spreadsheet.
fn cell(text: &str) -> String {
    as_spreadsheet_text(clean(text))
}

/// A cell that a spreadsheet would run as a formula (one starting with
/// `=`, `+`, `-` or `@`, also after leading white space, or with a tab or
/// carriage return) gets a leading apostrophe, which spreadsheets read as
/// "this is text"; the text is otherwise kept. This is the guard OWASP
/// gives against CSV injection: `=HYPERLINK(...)` in an action's title must
/// not become a live link in a council's spreadsheet.
fn as_spreadsheet_text(text: String) -> String {
    let formula = |c: char| matches!(c, '=' | '+' | '-' | '@');
    if text.starts_with(['\t', '\r']) || text.trim_start().starts_with(formula) { format!("'{text}") } else { text }
}

pub fn render(session: &Session) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = writer.write_record(HEADER);
    for group in &session.groups {
        for (i, a) in group.actions.iter().enumerate() {
            let side = if a.lead == crate::domain::session::LeadSide::Unset { "" } else { a.lead.label() };
            let month = |m: Option<u8>| m.map_or(String::new(), |m| m.to_string());
            let _ = writer.write_record([
                cell(&group.name),
                (i + 1).to_string(),
                cell(&a.title),
                cell(&a.what),
                side.to_string(),
                cell(&a.lead_role),
                month(a.start_month),
                month(a.end_month),
                cell(&a.first_step),
                cell(&a.success),
                cell(&area_names(session, &a.areas).join("; ")),
                cell(&tackles(group, a).join("; ")),
                within_reach(a).to_string(),
                votes(session, group, a).to_string(),
                a.status.label().to_string(),
                cell(&a.status_note),
                cell(idea_title(session, a.idea.as_deref()).unwrap_or_default()),
            ]);
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("{BOM}{}", String::from_utf8_lossy(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_kept_as_text() {
        for (text, shown) in [
            ("=1+1", "'=1+1"),
            ("+44 1632 960000", "'+44 1632 960000"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("  =1+1", "'  =1+1"),
            ("\t=1+1", "' =1+1"),
            ("\r=1+1", "'=1+1"),
            ("1 = 1", "1 = 1"),
            ("Fund the hub", "Fund the hub"),
            ("", ""),
        ] {
            assert_eq!(cell(text), shown, "{text:?}");
        }
    }
}
