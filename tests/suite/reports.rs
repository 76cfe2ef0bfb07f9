//! The reports: golden files for a sample session with several groups,
//! escaping of every user-written field, and the CSV read back.

use roundtable::clock::TimeZone;
use roundtable::domain::room::FiredInject;
use roundtable::domain::session::Session;
use roundtable::export::{self, Format, sample_session};

#[test]
fn markdown_report_golden() {
    insta::assert_snapshot!("report_md", export::render(&sample_session(), Format::Markdown, &TimeZone::UTC));
}

/// The HTML report with a line break before each block: the page is
/// written on one line, and a snapshot of a block a line (a paragraph, a
/// table row, a list item, a shape of the timeline) shows a change as a
/// diff that can be read. Text is escaped, so every `<` starts a tag.
fn a_block_a_line(html: &str) -> String {
    const OPENS: [&str; 28] = [
        "html",
        "head",
        "meta",
        "style",
        "body",
        "header",
        "footer",
        "section",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "p",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "svg",
        "line",
        "text",
        "rect",
        "circle",
    ];
    const CLOSES: [&str; 10] = ["html", "head", "body", "header", "section", "table", "ul", "ol", "dl", "svg"];
    let mut out = String::with_capacity(html.len() + html.len() / 10);
    for (i, piece) in html.split('<').enumerate() {
        if i > 0 {
            let (list, tag) = match piece.strip_prefix('/') {
                Some(tag) => (&CLOSES[..], tag),
                None => (&OPENS[..], piece),
            };
            let starts_block =
                list.iter().any(|name| tag.strip_prefix(name).is_some_and(|rest| rest.starts_with([' ', '>'])));
            if starts_block && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push('<');
        }
        out.push_str(piece);
    }
    out
}

#[test]
fn html_report_golden() {
    let html = export::render(&sample_session(), Format::Html, &TimeZone::UTC);
    insta::assert_snapshot!("report_html", a_block_a_line(&html));
}

#[test]
fn csv_report_golden() {
    insta::assert_snapshot!("report_csv", export::render(&sample_session(), Format::Csv, &TimeZone::UTC));
}

#[test]
fn reports_are_deterministic() {
    for format in Format::ALL {
        assert_eq!(
            export::render(&sample_session(), format, &TimeZone::UTC),
            export::render(&sample_session(), format, &TimeZone::UTC)
        );
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
        g.hold_role("leader", &format!("R{EVIL}"));
        g.hold_role(&format!("H{EVIL}"), "someone");
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
    let html = export::render(&hostile_session(), Format::Html, &TimeZone::UTC);
    assert!(!html.contains("<script"), "a report must never run script");
    for prefix in ["T", "G", "M", "R", "H", "B", "S", "O", "A", "W", "L", "F", "C", "N", "I", "X", "Q"] {
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
    let md = export::render(&hostile_session(), Format::Markdown, &TimeZone::UTC);
    assert!(!md.contains('<'), "raw HTML in the Markdown report");
    for prefix in ["T", "G", "M", "R", "H", "B", "S", "O", "A", "W", "L", "F", "C", "N", "I", "X", "Q"] {
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
    let text = export::render(&session, Format::Csv, &TimeZone::UTC);
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
        let idea = a.idea.as_deref().and_then(|id| session.scenario.idea(id)).map_or("", |c| c.title.as_str());
        assert_eq!(&row[16], idea);
    }
    assert!(rows.iter().any(|row| &row[16] == "Demonstration projects"), "the sample has an action from a card");
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
            .env("ROUNDTABLE_LOG_DIR", env!("CARGO_TARGET_TMPDIR"))
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

/// The cells of the Markdown report's table rows under `heading`, up to
/// the next section.
fn markdown_rows_after(report: &str, heading: &str) -> Vec<Vec<String>> {
    let from = report.find(heading).unwrap_or_else(|| panic!("no {heading:?} in {report}"));
    report[from..].lines().skip(1).take_while(|l| !l.starts_with("## ")).filter_map(markdown_cells).collect()
}

fn markdown_cells(line: &str) -> Option<Vec<String>> {
    let inner = line.strip_prefix("| ")?.strip_suffix(" |")?;
    (!inner.starts_with("---") && !inner.starts_with("Dots") && !inner.starts_with("Stage"))
        .then(|| inner.split(" | ").map(str::to_string).collect())
}

/// The cells of the HTML report's table rows under `heading`, up to the
/// next section's heading, wherever the markup breaks its lines. Heading
/// rows (all `<th>`) are left out.
fn html_rows_after(report: &str, heading: &str) -> Vec<Vec<String>> {
    let from = report.find(heading).unwrap_or_else(|| panic!("no {heading:?} in {report}")) + heading.len();
    let section = &report[from..];
    let section = &section[..section.find("<h2").unwrap_or(section.len())];
    section.split("<tr").skip(1).filter_map(html_cells).collect()
}

/// The text of each `<td>` in a row (what follows `<tr`).
fn html_cells(row: &str) -> Option<Vec<String>> {
    let row = &row[..row.find("</tr>")?];
    let cells: Vec<String> = row
        .split("<td")
        .skip(1)
        .map(|c| {
            let text = &c[c.find('>').map_or(0, |i| i + 1)..];
            text.split("</td>").next().unwrap_or("").trim().to_string()
        })
        .collect();
    (!cells.is_empty()).then_some(cells)
}

#[test]
fn the_html_report_has_the_dot_votes_of_the_markdown_one_in_the_same_order() {
    let mut session = sample_session();
    let ids: Vec<(u32, u32)> = session.groups.iter().map(|g| (g.id, g.actions[2].id)).collect();
    for _ in 0..3 {
        session.votes.push(roundtable::domain::room::Vote {
            from: ids[0].0,
            group: ids[2].0,
            action: ids[2].1,
            person: None,
        });
    }
    let md = export::render(&session, Format::Markdown, &TimeZone::UTC);
    let html = export::render(&session, Format::Html, &TimeZone::UTC);
    let md_votes = markdown_rows_after(&md, "## Dot votes");
    let html_votes = html_rows_after(&html, "<h2>Dot votes</h2>");
    assert_eq!(md_votes.len(), 3, "{md}");
    assert_eq!(md_votes, html_votes);
    assert_eq!(md_votes[0], ["3", "Action 3 of group 3", "Green table"]);
    let rules = "Each group had 3 dots; voting for its own actions was not allowed.";
    assert!(md.contains(rules) && html.contains(rules));
    // In the same place: after the injects, before the map.
    for (report, votes, map, injects) in [
        (&md, "## Dot votes", "## The map", "## Injects fired"),
        (&html, "<h2>Dot votes", "<h2>The map", "<h2>Injects"),
    ] {
        let at = |s: &str| report.find(s).unwrap();
        assert!(at(injects) < at(votes) && at(votes) < at(map));
    }

    session.votes.clear();
    session.voting.per_group = 1;
    let html = export::render(&session, Format::Html, &TimeZone::UTC);
    assert!(html.contains("<h2>Dot votes</h2><p>No votes were cast.</p>"), "{html}");
}

#[test]
fn both_reports_show_the_minutes_each_stage_was_open_and_timed() {
    let mut session = sample_session();
    session.stage_time[2].open_secs = 61 * 60 + 10;
    session.stage_time[2].reset_secs = 600;
    session.timers[2].elapsed_secs = 25 * 60;
    let md = export::render(&session, Format::Markdown, &TimeZone::UTC);
    let html = export::render(&session, Format::Html, &TimeZone::UTC);
    let md_rows = markdown_rows_after(&md, "## Stages");
    let html_rows = html_rows_after(&html, "<h2>Stages</h2>");
    assert_eq!(md_rows, html_rows);
    assert_eq!(md_rows[2], ["Barriers to joint working", "20", "61", "35"]);
    assert!(md.contains("| Stage | Planned minutes | Minutes on the stage | Minutes timed |"), "{md}");
}

/// One person's practice is reported as theirs: no list of groups, no dot
/// votes, and the follow-up speaks of the plan.
#[test]
fn a_solo_practice_report_speaks_of_one_plan() {
    let mut s = sample_session();
    s.mode = roundtable::domain::session::Mode::Solo;
    s.groups.truncate(1);
    s.votes.clear();
    s.groups[0].actions[0].status_note = "Started".into();
    s.groups[0].actions[0].status = roundtable::domain::session::FollowUp::OnTrack;
    for format in [Format::Markdown, Format::Html] {
        let report = export::render(&s, format, &TimeZone::UTC);
        let name = format.name();
        assert!(!report.contains("Groups"), "{name}: {report}");
        assert!(!report.contains("Dot votes") && !report.contains("No votes were cast"), "{name}: {report}");
        assert!(report.contains("Practised alone") || format == Format::Html, "{name}: {report}");
        assert!(report.contains("Plan") && report.contains(&s.groups[0].actions[0].title), "{name}: {report}");
    }
    // A room's report still lists its groups and votes.
    let room = export::render(&sample_session(), Format::Markdown, &TimeZone::UTC);
    assert!(room.contains("- **Groups:**") && room.contains("## Dot votes"));
}

/// A solution or an action started from an idea card names its card, by
/// its title, or by its id where the scenario no longer has it.
#[test]
fn the_reports_name_the_idea_card_behind_an_item() {
    let mut session = sample_session();
    session.groups[2].actions[1].idea = Some("gone-card".into());
    let md = export::render(&session, Format::Markdown, &TimeZone::UTC);
    assert!(md.contains("  - From the idea card 'A behaviours framework'\n"), "{md}");
    assert!(md.contains("| Action 1 of group 2 (from the idea card 'Demonstration projects') |"), "{md}");
    assert!(md.contains("| Action 2 of group 3 (from the idea card 'gone-card') |"), "{md}");
    assert_eq!(md.to_lowercase().matches("from the idea card").count(), 3, "only items from a card say so: {md}");
    let html = export::render(&session, Format::Html, &TimeZone::UTC);
    assert!(html.contains("<br>From the idea card 'A behaviours framework'</li>"), "{html}");
    assert!(html.contains("from the idea card 'Demonstration projects'</span>"), "{html}");
    let csv = export::render(&session, Format::Csv, &TimeZone::UTC);
    assert!(csv.contains(",status_note,idea\r\n") && csv.contains(",gone-card\r\n"), "{csv}");
}

/// The reports list every area of change with its summary, moves and
/// source, marking the areas where no group placed an action.
#[test]
fn the_reports_list_each_area_and_mark_those_nobody_chose() {
    let mut session = sample_session();
    for group in &mut session.groups {
        for a in &mut group.actions {
            a.areas.retain(|id| id != "relationships" && id != "knowledge");
        }
    }
    let scenario = session.scenario.clone();
    let md = export::render(&session, Format::Markdown, &TimeZone::UTC);
    let html = export::render(&session, Format::Html, &TimeZone::UTC);
    let section = &md[md.find("## Areas of change").expect("the section")..];
    for area in &scenario.areas {
        let unchosen = matches!(area.id.as_str(), "relationships" | "knowledge");
        let mark = if unchosen { " (nobody chose this area)" } else { "" };
        assert!(section.contains(&format!("- **{}**{mark}: {}\n", area.name, area.summary)), "{section}");
        let html_mark = if unchosen { " <span class=\"mark\">nobody chose this area</span>" } else { "" };
        assert!(html.contains(&format!("<h3>{}{html_mark}</h3>", area.name)), "{html}");
        for m in &area.moves {
            assert!(section.contains(&format!("    - {m}\n")), "{m}: {section}");
            assert!(html.contains(&format!("<li>{}</li>", export::html::esc(m))), "{m}");
        }
        assert!(section.contains(&format!("  - Source: {}", area.source)), "{section}");
    }
    assert_eq!(section.matches("nobody chose").count(), 2, "{section}");
    // After the map.
    assert!(md.find("## The map").unwrap() < md.find("## Areas of change").unwrap());
    assert!(html.find("<h2>The map").unwrap() < html.find("<h2>Areas of change").unwrap());
}

/// The report's dates and times are those of the clocks where it is
/// exported (`TZ`, set here on the child process alone): the same moment
/// is already 2 July on Kiritimati and still 1 July in Pago Pago.
#[test]
fn the_export_command_shows_dates_and_times_in_the_local_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    let mut session = sample_session();
    // 2026-07-01 12:00 UTC; the inject an hour later.
    session.created = 1_782_907_200;
    session.injects[0].fired_at = 1_782_910_800;
    roundtable::store::save_session(&session, &path).unwrap();
    let exported = |tz: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_roundtable"))
            .env("TZ", tz)
            .env("ROUNDTABLE_LOG_DIR", env!("CARGO_TARGET_TMPDIR"))
            .arg("export")
            .arg(&path)
            .args(["--format", "md"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let kiritimati = exported("Pacific/Kiritimati");
    assert!(kiritimati.contains("- **Date:** 2026-07-02\n"), "{kiritimati}");
    assert!(kiritimati.contains("| 2026-07-02 03:00 UTC+14:00 |"), "{kiritimati}");
    let pago_pago = exported("Pacific/Pago_Pago");
    assert!(pago_pago.contains("- **Date:** 2026-07-01\n"), "{pago_pago}");
    assert!(pago_pago.contains("| 2026-07-01 02:00 SST |"), "{pago_pago}");
    let london = exported("Europe/London");
    assert!(london.contains("- **Date:** 2026-07-01\n"), "{london}");
    assert!(london.contains("| 2026-07-01 14:00 BST |"), "{london}");
}
