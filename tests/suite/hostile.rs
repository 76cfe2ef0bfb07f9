//! One corpus of hostile text (terminal escapes, bidi and zero-width
//! characters, HTML and script, Markdown links, spreadsheet formulas,
//! RON-special characters, a 10,000-character word, wide characters) put
//! into every piece of text a session holds, then shown on every screen and
//! written to every report. Nothing may reach the terminal as a control,
//! nothing in a report may run or link, and the text is otherwise kept.

use crate::common;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::common::{go_to_stage, keys, press};
use crossterm::event::{Event, KeyCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roundtable::app::{App, Overlay, Pick, ReportView};
use roundtable::clock::TimeZone;
use roundtable::domain::room::{FiredInject, Vote};
use roundtable::domain::scenario::BarrierKind;
use roundtable::domain::session::{Action, Barrier, FollowUp, LeadSide, Mode, RoleHolder, Session, Solution};
use roundtable::export::{self, Format};
use roundtable::forms::{Form, Target};
use roundtable::{scenarios, store};

const LONG_WORD_CHARS: usize = 10_000;

/// The hostile text. Every entry ends up in several kinds of field.
fn corpus() -> Vec<String> {
    let mut corpus: Vec<String> = [
        // Terminal escapes: set the window title, clear the screen, C1 CSI.
        "\x1b]0;owned\x07",
        "\x1b[2J",
        "before\x1b[H\x1b[2Jafter",
        "\u{9b}31mred\u{9b}0m",
        "nul\0bell\x07backspace\x08delete\x7f",
        "line\nbreak\ttab\rreturn",
        // Bidi overrides, embeddings, isolates and marks.
        "abc\u{202E}txt.exe\u{202C}def",
        "\u{202A}\u{202B}\u{202D}embedded\u{202C}",
        "\u{2066}left\u{2069} \u{2067}right\u{2069} \u{2068}first strong\u{2069}",
        "marks\u{200E}\u{200F}\u{061C}here",
        // Zero-width and other invisible format characters.
        "zero\u{200B}width\u{2060}word\u{2061}\u{2062}\u{2063}\u{2064}joiner",
        "\u{FEFF}bom\u{FFF9}anchor\u{FFFA}\u{FFFB}soft\u{00AD}hyphen\u{E0041}tag",
        // HTML and script.
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a> & &amp; &lt;",
        "<!-- unclosed comment",
        // Markdown that would link, embed or format.
        "[click](javascript:alert(1))",
        "![tracker](http://evil.example/x.png)",
        "<http://evil.example> <mailto:a@b.example>",
        "[ref]: javascript:alert(1)",
        "# heading | pipe | **bold** _em_ `code` ~~gone~~ \\* \\",
        "- a list\n1. numbered",
        // Spreadsheet formulas.
        "=HYPERLINK(\"http://evil.example\",\"Click\")",
        "+1",
        "-1",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        // RON-special characters.
        "quote \" backslash \\ paren ) raw r#\"x\"# comma, colon: brace }",
        "\\",
        ")",
        // Wide characters, emoji with joiners and skin tones, a ZWNJ word.
        "合作伙伴关系 地方議会 협력",
        "👩\u{200D}💻 team 🇬🇧 👍🏽",
        "Persian می\u{200C}خواهم",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    corpus.push("W".repeat(LONG_WORD_CHARS));
    corpus.push(corpus.join(" "));
    corpus
}

/// What the spec allows on a screen or in a report: no controls, and no
/// format character (Unicode Cf) except the joiners real scripts and emoji
/// need. Written out here, not taken from the crate, so the test checks the
/// crate against the spec rather than against itself.
fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0001}'
                | '\u{E0020}'..='\u{E007F}'
        )
}

/// The text as screens, reports and forms show it: invisible characters
/// gone, line breaks and tabs as spaces, everything else exactly as written.
/// The text as a file keeps it: as `expected_clean`, but line breaks stay.
fn expected_kept(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if is_forbidden(c) => None,
            c => Some(c),
        })
        .collect()
}

fn expected_clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\t' => Some(' '),
            c if is_forbidden(c) => None,
            c => Some(c),
        })
        .collect()
}

/// A three-group session with a corpus entry, passed through `shape`, in
/// every piece of text: the session's own and its scenario's.
fn hostile_session(shape: fn(&str) -> String) -> Session {
    let corpus = corpus();
    let mut entries = corpus.iter().cycle();
    let mut next = || shape(entries.next().map_or("", String::as_str));
    let names = ["Red".to_string(), "Blue".to_string(), "Green".to_string()];
    let mut s = Session::new("plain", scenarios::built_in_default(), Mode::Room, &names, 1_795_500_000);

    let sc = &mut s.scenario;
    sc.title = next();
    sc.source = next();
    sc.question = next();
    for stage in &mut sc.stages {
        stage.title = next();
        stage.prompt = next();
        stage.hint = next();
    }
    for slide in &mut sc.slides {
        slide.title = next();
        slide.notes = next();
        slide.points.iter_mut().for_each(|p| *p = next());
    }
    let c = &mut sc.council;
    for field in [
        &mut c.name,
        &mut c.place,
        &mut c.people,
        &mut c.politics,
        &mut c.money,
        &mut c.third_sector,
        &mut c.leadership_aim,
    ] {
        *field = next();
    }
    for role in &mut sc.roles {
        role.title = next();
        role.brief = next();
        role.pressures.iter_mut().for_each(|p| *p = next());
    }
    for card in &mut sc.barrier_deck {
        card.title = next();
        card.explanation = next();
        card.prompt = next();
    }
    for area in &mut sc.areas {
        area.name = next();
        area.summary = next();
        area.moves.iter_mut().for_each(|m| *m = next());
        area.source = next();
    }
    for idea in &mut sc.idea_cards {
        idea.title = next();
        idea.text = next();
        idea.source = next();
    }
    for inject in &mut sc.injects {
        inject.title = next();
        inject.what = next();
        inject.question = next();
    }
    sc.closing_questions = vec![next(), next()];
    sc.stance = Some(roundtable::domain::scenario::StanceChoice {
        question: next(),
        options: (0..3)
            .map(|i| roundtable::domain::scenario::StanceOption { id: format!("s{i}"), title: next(), text: next() })
            .collect(),
        source: next(),
    });

    s.title = next();
    let areas: Vec<String> = s.scenario.areas.iter().map(|a| a.id.clone()).collect();
    let roles: Vec<String> = s.scenario.roles.iter().map(|r| r.id.clone()).collect();
    let ideas: Vec<String> = s.scenario.idea_cards.iter().map(|c| c.id.clone()).collect();
    // The whole corpus in one name: the HTML report puts group names in an
    // attribute, where a quote matters most.
    let everything = shape(corpus.last().map_or("", String::as_str));
    for (gi, group) in s.groups.iter_mut().enumerate() {
        group.name = if gi == 0 { everything.clone() } else { next() };
        group.members = vec![next(), next()];
        for role in &roles[..3] {
            group.role_holders.push(RoleHolder { role: role.clone(), person: next() });
        }
        let mut barriers = Vec::new();
        for kind in [BarrierKind::Environmental, BarrierKind::Organisational, BarrierKind::Environmental] {
            barriers.push(group.add_barrier(Barrier {
                text: next(),
                story: next(),
                kind,
                severity: 4,
                ..Barrier::default()
            }));
        }
        for n in 0..2 {
            group.add_solution(Solution {
                text: next(),
                barriers: vec![barriers[n]],
                areas: vec![areas[n].clone()],
                idea: (n == 0).then(|| ideas[gi].clone()),
                ..Solution::default()
            });
        }
        for n in 0..5u8 {
            group.add_action(Action {
                title: next(),
                what: next(),
                lead: LeadSide::ALL[usize::from(n % 4)],
                lead_role: next(),
                areas: vec![areas[usize::from(n) % areas.len()].clone()],
                barriers: vec![barriers[usize::from(n) % 3]],
                start_month: Some(n * 3),
                end_month: Some(n * 3 + 4),
                first_step: next(),
                success: next(),
                within_reach: Some(n % 2 == 0),
                status: FollowUp::ALL[(usize::from(n) + gi) % 5],
                status_note: next(),
                idea: (n == 1).then(|| ideas[gi + 3].clone()),
                ..Action::default()
            });
        }
    }
    for (i, stage) in [4usize, 5].into_iter().enumerate() {
        s.injects.push(FiredInject {
            title: next(),
            month: 3 + i as u8,
            what: next(),
            question: next(),
            fired_at: 1_795_503_600,
            stage,
        });
    }
    for (gi, group) in s.groups.iter_mut().enumerate() {
        group.stance = Some(format!("s{gi}"));
        let touched = vec![group.actions[0].id];
        group.answer_inject(0, &next(), touched);
    }
    let questions = s.scenario.closing_questions.clone();
    s.closing_answers = questions
        .into_iter()
        .map(|question| roundtable::domain::session::ClosingAnswer { question, answer: next() })
        .collect();
    let ids: Vec<(u32, u32)> = s.groups.iter().map(|g| (g.id, g.actions[0].id)).collect();
    s.votes = vec![
        Vote { from: ids[0].0, group: ids[1].0, action: ids[1].1, person: None },
        Vote { from: ids[1].0, group: ids[2].0, action: ids[2].1, person: None },
        Vote { from: ids[2].0, group: ids[0].0, action: ids[0].1, person: None },
    ];
    s
}

fn raw_session() -> Session {
    hostile_session(str::to_string)
}

/// The hostile session written to a file and opened, as `roundtable open`
/// does with a file someone sent.
fn opened_session(dir: &std::path::Path) -> Session {
    let path = dir.join("hostile.ron");
    store::save_session(&raw_session(), &path).expect("the session saves");
    store::load_session(&path).expect("the session loads")
}

// ---------------------------------------------------------------- screens

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

/// Draws the app at both sizes, plain and projector, and checks every cell.
fn check_screens(app: &mut App, what: &str) {
    check_views(app, what, &[false, true]);
}

/// Draws the app at both sizes in the given views (projector or not) and
/// checks every cell.
fn check_views(app: &mut App, what: &str, views: &[bool]) {
    for &projector in views {
        app.screen.projector = projector;
        for (w, h) in SIZES {
            let view = if projector { "projector" } else { "normal" };
            let drawn = catch_unwind(AssertUnwindSafe(|| {
                let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
                terminal.draw(|f| f.render_widget(&*app, f.area())).expect("a frame");
                terminal.backend().buffer().clone()
            }));
            let Ok(buffer) = drawn else { panic!("{what}, {view} view at {w}x{h}: drawing panicked") };
            for (i, cell) in buffer.content().iter().enumerate() {
                let symbol = cell.symbol();
                assert!(
                    !symbol.chars().any(is_forbidden),
                    "{what}, {view} view at {w}x{h}: cell ({}, {}) holds {symbol:?}",
                    i % usize::from(w),
                    i / usize::from(w)
                );
            }
        }
    }
    app.screen.projector = false;
}

fn session_mut(app: &mut App) -> &mut roundtable::app::OpenSession {
    app.work.open.as_mut().expect("a session is open")
}

fn hostile_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let session = opened_session(dir.path());
    let mut app = App::with_session(dir.path().to_path_buf(), session, dir.path().join("hostile.ron"));
    app.screen.theme = roundtable::ui::theme::Theme::monochrome();
    (dir, app)
}

#[test]
fn every_stage_and_view_shows_no_control_or_format_character() {
    let (_dir, mut app) = hostile_app();
    let stages = app.session().expect("a session").scenario.stages.len();
    for stage in 1..=stages {
        go_to_stage(&mut app, stage);
        for group in 0..3 {
            session_mut(&mut app).session.current_group = group;
            app.screen.view.for_another_group();
            check_screens(&mut app, &format!("stage {stage}, group {group}"));
            // Every way each stage can be shown.
            for page in 0..2 {
                app.screen.view.scenario_page = page;
                app.screen.view.show_notes = page == 1;
                app.screen.view.timeline = page == 1;
                session_mut(&mut app).session.slide = page;
                check_screens(&mut app, &format!("stage {stage}, group {group}, page {page}"));
            }
            for report in [ReportView::OneGroup, ReportView::SideBySide, ReportView::Map] {
                app.screen.view.report = report;
                check_screens(&mut app, &format!("stage {stage}, group {group}, {report:?}"));
            }
            app.screen.view = Default::default();
            session_mut(&mut app).session.slide = 0;
        }
    }
}

#[test]
fn every_overlay_and_form_shows_no_control_or_format_character() {
    let (_dir, mut app) = hostile_app();
    let session = app.session().expect("a session").clone();
    let group = &session.groups[1];
    let (b, sol, a) = (&group.barriers[0], &group.solutions[0], &group.actions[0]);
    for stage in [3, 6, 7] {
        go_to_stage(&mut app, stage);
        session_mut(&mut app).session.current_group = 1;
        for overlay in [
            Overlay::Help,
            Overlay::ConfirmDelete(Target::Barrier(b.id)),
            Overlay::ConfirmDelete(Target::Action(a.id)),
            Overlay::ConfirmDelete(Target::GroupName(group.id)),
            Overlay::Deck { selected: 0 },
            Overlay::Deck { selected: session.scenario.barrier_deck.len() - 1 },
            Overlay::Ideas { selected: 0, pick: Pick::Solution, scroll: 0 },
            Overlay::Ideas { selected: session.scenario.idea_cards.len() - 1, pick: Pick::Action, scroll: 2 },
            Overlay::PickAgain { pick: Pick::Barrier, selected: 0 },
            Overlay::PickAgain { pick: Pick::Action, selected: 3 },
            Overlay::Injects { selected: 0 },
            Overlay::Injects { selected: session.scenario.injects.len() },
            Overlay::Groups { selected: 1 },
            Overlay::FollowUp { selected: 0 },
            Overlay::FollowUp { selected: 7 },
        ] {
            let what = format!("stage {stage}, overlay {overlay:?}");
            app.screen.overlay = Some(overlay);
            check_screens(&mut app, &what);
        }
        app.screen.overlay = None;
        let scenario_titles: Vec<(String, String)> =
            vec![(session.scenario.title.clone(), session.scenario.question.clone())];
        for (name, form) in [
            ("barrier", Form::for_barrier(b, false)),
            ("solution", Form::for_solution(sol, group, &session.scenario, false)),
            ("action", Form::for_action(a, group, &session.scenario, false)),
            ("group name", Form::group_name(group.id, &group.name)),
            ("role holder", Form::role_holder(0, &session.scenario.roles[0].title, &group.role_holders[0].person)),
            ("follow-up note", Form::status_note(group.id, a.id, &a.title, &a.status_note)),
            ("custom inject", Form::custom_inject(session.scenario.rules.horizon_months)),
            ("new session", Form::new_session(&session.title, &scenario_titles)),
        ] {
            app.screen.form = Some(form);
            // Each field of the form in turn, so every field is drawn
            // focused. The projector never shows a form.
            let fields = app.screen.form.as_ref().map_or(0, |f| f.fields.len());
            for field in 0..fields {
                check_views(&mut app, &format!("stage {stage}, {name} form, field {field}"), &[false]);
                if let Some(form) = app.screen.form.as_mut() {
                    form.next_field();
                }
            }
            app.screen.form = None;
        }
    }
}

#[test]
fn text_typed_or_pasted_into_a_form_is_kept_without_its_invisible_characters() {
    let mut f = common::session_app(&["Red", "Blue", "Green"]);
    go_to_stage(&mut f.app, 3);
    // The whole corpus joined is longer than one paste may be.
    let entries: Vec<String> = corpus().into_iter().filter(|e| e.chars().count() <= LONG_WORD_CHARS).collect();
    let mut typed = 0;
    for (i, entry) in entries.iter().enumerate() {
        press(&mut f.app, KeyCode::Char('a'));
        // Typing the long word key by key only slows the test.
        if i % 2 == 0 && entry.chars().count() < 1_000 {
            typed += 1;
            // Typed: a terminal delivers each character as a key.
            keys(&mut f.app, entry);
        } else {
            f.app.handle_event(&Event::Paste(entry.clone()));
        }
        check_screens(&mut f.app, &format!("barrier form holding corpus entry {i}"));
        press(&mut f.app, KeyCode::Esc);
    }
    let session = f.app.session().expect("a session");
    let got: Vec<&str> = session.groups[0].barriers.iter().map(|b| b.text.as_str()).collect();
    let want: Vec<String> = entries.iter().map(|e| expected_clean(e).trim().to_string()).collect();
    assert_eq!(got, want);
    check_screens(&mut f.app, "barriers stage after typing the corpus");
    assert!(typed > 10, "much of the corpus is typed key by key");
}

// ---------------------------------------------------------------- reports

/// Occurrences of `wanted` whose first character is not cancelled by a
/// backslash before it.
fn unescaped(text: &str, wanted: &str) -> usize {
    let bytes = text.as_bytes();
    text.match_indices(wanted)
        .filter(|(at, _)| bytes[..*at].iter().rev().take_while(|b| **b == b'\\').count() % 2 == 0)
        .count()
}

/// What a Markdown viewer shows for escaped text: backslash escapes and the
/// three HTML entities undone.
fn markdown_shown(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(next)) if next.is_ascii_punctuation() => {
                out.push(*next);
                chars.next();
            }
            (c, _) => out.push(c),
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

fn html_shown(html: &str) -> String {
    html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// The tags the HTML report is built from; anything else came from outside.
const HTML_TAGS: [&str; 31] = [
    "!DOCTYPE",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "blockquote",
    "ul",
    "li",
    "strong",
    "br",
    "span",
    "table",
    "tr",
    "th",
    "td",
    "section",
    "div",
    "footer",
    "svg",
    "line",
    "text",
    "rect",
    "circle",
];

fn assert_no_hidden_characters(report: &str, format: Format) {
    let body = report.strip_prefix(export::csv::BOM).unwrap_or(report);
    if let Some(bad) = body.chars().find(|c| is_forbidden(*c) && *c != '\n' && *c != '\r') {
        panic!("the {format:?} report holds {bad:?}");
    }
    // Line ends only as the format writes them: \n, or \r\n in CSV.
    let lone_returns = body.matches('\r').count() - body.matches("\r\n").count();
    assert_eq!(lone_returns, 0, "the {format:?} report holds a carriage return of its own");
}

fn check_markdown(md: &str, raw: &Session) {
    assert_eq!(unescaped(md, "<"), 0, "raw HTML in the Markdown report");
    for live in ["[", "]", "`", "](javascript:", "<!--", "<script", "<img", "<http"] {
        assert_eq!(unescaped(md, live), 0, "{live} unescaped in the Markdown report");
    }
    // No table row gains cells: every row of a table has as many unescaped
    // pipes as its header.
    let mut columns = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let pipes = unescaped(line, "|");
            assert_eq!(*columns.get_or_insert(pipes), pipes, "a table row out of shape: {line:.200}");
        } else {
            columns = None;
        }
    }
    let shown = markdown_shown(md);
    for text in user_texts(raw) {
        let kept = expected_clean(&text).trim().to_string();
        assert!(shown.contains(&kept), "the Markdown report does not show {kept:.200?}");
    }
}

fn check_html(html: &str, raw: &Session) {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let tag = &rest[start + 1..];
        let end = tag.find('>').expect("every tag closes");
        let inside = &tag[..end];
        let name = inside.trim_start_matches('/').split([' ', '/']).next().unwrap_or("");
        assert!(HTML_TAGS.contains(&name), "a tag the report does not write: <{inside:.200}>");
        // Attribute values are quoted; user text inside them is harmless as
        // long as it cannot close the quote and add attributes of its own.
        let parts: Vec<&str> = inside.split('"').collect();
        assert!(parts.len() % 2 == 1, "an unbalanced quote in <{inside:.200}>");
        let outside_values: String = parts.iter().step_by(2).copied().collect();
        for live in ["onerror", "onload", "javascript:", "src=", "href=", "<"] {
            assert!(!outside_values.contains(live), "{live} in <{inside:.200}>");
        }
        rest = &tag[end..];
    }
    assert!(!html.contains("<script"), "a report must never run script");
    let shown = html_shown(html);
    for text in user_texts(raw) {
        let kept = expected_clean(&text).trim().to_string();
        assert!(shown.contains(&kept), "the HTML report does not show {kept:.200?}");
    }
}

/// A cell a spreadsheet would run as a formula is shown as text instead.
fn as_spreadsheet_text(text: &str) -> String {
    let formula = |c: char| matches!(c, '=' | '+' | '-' | '@');
    let runs = text.starts_with(['\t', '\r']) || text.trim_start().starts_with(formula);
    if runs { format!("'{text}") } else { text.to_string() }
}

fn check_csv(csv_text: &str, raw: &Session) {
    let body = csv_text.strip_prefix(export::csv::BOM).expect("a byte order mark for spreadsheets");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV row")).collect();
    let actions: Vec<_> = raw.groups.iter().flat_map(|g| g.actions.iter().map(move |a| (g, a))).collect();
    assert_eq!(rows.len(), actions.len());
    let kept = |text: &str| as_spreadsheet_text(&expected_clean(text));
    let mut guarded = std::collections::BTreeSet::new();
    for (row, (group, a)) in rows.iter().zip(actions) {
        let tackles: Vec<String> =
            a.barriers.iter().filter_map(|id| group.barrier(*id)).map(|b| expected_clean(&b.text)).collect();
        let areas: Vec<String> = a.areas.iter().map(|id| expected_clean(raw.scenario.area_name(id))).collect();
        for (column, want) in [
            (0, kept(&group.name)),
            (2, kept(&a.title)),
            (3, kept(&a.what)),
            (5, kept(&a.lead_role)),
            (8, kept(&a.first_step)),
            (9, kept(&a.success)),
            (10, as_spreadsheet_text(&areas.join("; "))),
            (11, as_spreadsheet_text(&tackles.join("; "))),
            (15, kept(&a.status_note)),
            (16, kept(a.idea.as_deref().and_then(|id| raw.scenario.idea(id)).map_or("", |c| c.title.as_str()))),
        ] {
            assert_eq!(&row[column], want, "column {column}");
            if let Some(prefix) = want.strip_prefix('\'') {
                guarded.insert(prefix.trim_start().chars().next().unwrap_or(' '));
            }
        }
        for cell in row {
            assert!(!cell.chars().any(is_forbidden), "a CSV cell holds a control: {cell:.200?}");
        }
    }
    // The corpus really did put each formula prefix at the start of a cell.
    assert_eq!(guarded.into_iter().collect::<String>(), "+-=@");
}

/// Every piece of text in the session that a report shows.
fn user_texts(s: &Session) -> Vec<String> {
    let mut texts = vec![s.title.clone()];
    for g in &s.groups {
        texts.push(g.name.clone());
        texts.extend(g.members.iter().cloned());
        for b in &g.barriers {
            texts.extend([b.text.clone(), b.story.clone()]);
        }
        texts.extend(g.solutions.iter().map(|sol| sol.text.clone()));
        for a in &g.actions {
            texts.extend([
                a.title.clone(),
                a.what.clone(),
                a.lead_role.clone(),
                a.first_step.clone(),
                a.success.clone(),
                a.status_note.clone(),
            ]);
        }
    }
    for i in &s.injects {
        texts.extend([i.title.clone(), i.what.clone(), i.question.clone()]);
    }
    for g in &s.groups {
        texts.extend(g.inject_responses.iter().map(|r| r.note.clone()));
        texts.extend(g.stance_title(&s.scenario).map(str::to_string));
    }
    for a in &s.closing_answers {
        texts.extend([a.question.clone(), a.answer.clone()]);
    }
    for a in &s.scenario.areas {
        texts.extend([a.name.clone(), a.summary.clone(), a.source.clone()]);
        texts.extend(a.moves.iter().cloned());
    }
    // The idea cards behind the groups' solutions and actions, by title.
    let linked = s
        .groups
        .iter()
        .flat_map(|g| g.solutions.iter().map(|sol| &sol.idea).chain(g.actions.iter().map(|a| &a.idea)).flatten());
    texts.extend(linked.filter_map(|id| s.scenario.idea(id)).map(|c| c.title.clone()));
    texts.extend(s.scenario.stages.iter().map(|st| st.title.clone()));
    texts.retain(|t| !expected_clean(t).trim().is_empty());
    texts
}

#[test]
fn every_report_shows_the_text_and_runs_nothing() {
    let raw = raw_session();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let opened = opened_session(dir.path());
    for format in Format::ALL {
        let report = export::render(&raw, format, &TimeZone::UTC);
        assert_no_hidden_characters(&report, format);
        match format {
            Format::Markdown => check_markdown(&report, &raw),
            Format::Html => check_html(&report, &raw),
            Format::Csv => check_csv(&report, &raw),
        }
        // A report of the session as saved and opened again is the same.
        assert!(
            export::render(&opened, format, &TimeZone::UTC) == report,
            "the {format:?} report changes once the file is opened"
        );
    }
}

// -------------------------------------------------------------- the file

#[test]
fn a_hostile_session_file_opens_without_its_invisible_characters_and_round_trips() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let opened = opened_session(dir.path());
    // `assert!`, not `assert_eq!`: the sessions hold megabytes of corpus.
    assert!(opened == hostile_session(expected_kept), "opening keeps every character but the invisible ones");
    let again = dir.path().join("again.ron");
    store::save_session(&opened, &again).expect("the session saves");
    assert!(store::load_session(&again).expect("the session loads") == opened, "RON round trip");
    // The corpus survives where it should: RON's own quoting, the long word,
    // and the joiners inside emoji and Persian words.
    let text = std::fs::read_to_string(&again).expect("the file");
    assert!(!text.chars().any(|c| is_forbidden(c) && c != '\n'), "the saved file holds an invisible character");
    let all: String = user_texts(&opened).join("\n");
    for kept in ["r#\"x\"#", "backslash \\ paren )", "👩\u{200D}💻", "می\u{200C}خواهم", &"W".repeat(LONG_WORD_CHARS)]
    {
        assert!(all.contains(kept), "{kept:.40?} lost");
    }
}

#[test]
fn a_hostile_scenario_file_loads_without_its_invisible_characters() {
    let raw = raw_session();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("scenario.ron");
    let config = ron::ser::PrettyConfig::new().struct_names(true);
    std::fs::write(&path, ron::ser::to_string_pretty(&raw.scenario, config).expect("RON")).expect("the file");
    let loaded = store::load_scenario_file(&path).expect("the scenario loads");
    assert!(loaded == hostile_session(expected_kept).scenario, "loading keeps every character but the invisible ones");
    // And a session started on it shows none of them.
    let session = Session::new(&raw.title, loaded, Mode::Solo, &[raw.groups[0].name.clone()], 0);
    assert_eq!(session.title, expected_kept(&raw.title));
    let name = &session.groups[0].name;
    assert!(!name.chars().any(|c| is_forbidden(c) && c != '\n'), "{name:.200?}");
}
