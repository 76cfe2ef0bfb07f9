//! CSV of the actions: one row per action, every field, quoted per RFC 4180.
//! Starts with a UTF-8 byte order mark so spreadsheets read £ and accents
//! correctly.

use crate::domain::sanitize::clean;
use crate::domain::session::Session;

use super::{area_names, tackles, votes, within_reach};

pub const HEADER: [&str; 16] = [
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
];

/// Byte order mark: tells spreadsheet programs the file is UTF-8.
pub const BOM: &str = "\u{feff}";

pub fn render(session: &Session) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = writer.write_record(HEADER);
    for group in &session.groups {
        for (i, a) in group.actions.iter().enumerate() {
            let side = if a.lead == crate::domain::session::LeadSide::Unset { "" } else { a.lead.label() };
            let month = |m: Option<u8>| m.map_or(String::new(), |m| m.to_string());
            let _ = writer.write_record([
                clean(&group.name),
                (i + 1).to_string(),
                clean(&a.title),
                clean(&a.what),
                side.to_string(),
                clean(&a.lead_role),
                month(a.start_month),
                month(a.end_month),
                clean(&a.first_step),
                clean(&a.success),
                area_names(session, &a.areas).join("; "),
                tackles(group, a).iter().map(|t| clean(t)).collect::<Vec<_>>().join("; "),
                within_reach(a).to_string(),
                votes(session, group, a).to_string(),
                a.status.label().to_string(),
                clean(&a.status_note),
            ]);
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("{BOM}{}", String::from_utf8_lossy(&bytes))
}
