//! The 2026 scenario (`vcse-2026`), played from the welcome to the close:
//! its own brief, slides, cards, roles, news and closing questions reach
//! the screens, and the debrief and the reports cite its own findings.

use crate::common::{go_to_stage, keys, press, screen};
use crossterm::event::KeyCode;
use roundtable::app::App;
use roundtable::clock::TimeZone;
use roundtable::domain::scenario::Scenario;
use roundtable::domain::session::{Action, Barrier, LeadSide, Mode, Session};
use roundtable::export::{self, Format};
use roundtable::scenarios;

const T0: u64 = 1_795_500_000;

fn scenario() -> Scenario {
    scenarios::built_in().into_iter().find(|s| s.id == "vcse-2026").expect("the 2026 scenario is built in")
}

fn app_with(dir: &std::path::Path, mode: Mode, groups: &[&str]) -> App {
    let names: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
    let session = Session::new("Sallowmere test", scenario(), mode, &names, T0);
    let mut app = App::with_session(dir.to_path_buf(), session, dir.join("session.ron"));
    app.screen.theme = roundtable::ui::theme::Theme::monochrome();
    app
}

/// A screen's text as one line of words, so that a phrase wrapped across
/// lines still reads whole.
fn words(screen: &str) -> String {
    screen.replace(['│', '┌', '┐', '└', '┘', '─'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[track_caller]
fn assert_shows(app: &App, size: (u16, u16), phrases: &[&str]) {
    let seen = words(&screen(app, size.0, size.1));
    for phrase in phrases {
        assert!(seen.contains(&words(phrase)), "{phrase:?} is not on the screen:\n{}", screen(app, size.0, size.1));
    }
}

/// A complete action, linked to `barrier`, in `area`.
fn action(title: &str, barrier: u32, area: &str, start: u8, end: u8, lead: LeadSide) -> Action {
    Action {
        title: title.into(),
        what: format!("{title}, with the sector at the table."),
        lead,
        lead_role: "ICB Place Director for Sallowmere".into(),
        areas: vec![area.into()],
        barriers: vec![barrier],
        start_month: Some(start),
        end_month: Some(end),
        first_step: "Book the first meeting".into(),
        success: "Groups say they were asked first".into(),
        ..Action::default()
    }
}

#[test]
fn the_2026_scenario_plays_from_the_welcome_to_the_close() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut app = app_with(dir.path(), Mode::Room, &["Red", "Blue"]);
    let s = scenario();
    let big = (200, 60);

    // 1. Welcome: the scenario's own title and question.
    assert_shows(&app, big, &[&s.title, &s.question, "The scenario: Sallowmere, 2026"]);

    // 2. Briefing: from the first slide to the last.
    go_to_stage(&mut app, 2);
    assert_shows(&app, big, &["Briefing: from 2007 to 2026", "What has changed since 2007", &s.slides[0].points[1]]);
    for _ in 1..s.slides.len() {
        press(&mut app, KeyCode::Right);
    }
    assert_shows(&app, big, &["What NLGN found, carried over", "improving outcomes for citizens"]);

    // 3. Barriers: the deck opens on NLGN's key barrier, and Red takes it.
    go_to_stage(&mut app, 3);
    keys(&mut app, "d");
    assert_shows(&app, big, &["Low trust and understanding", "key barrier", "Unequal partners"]);
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "5");
    press(&mut app, KeyCode::Esc);
    let red = &app.session().expect("a session").groups[0];
    assert_eq!(red.barriers.len(), 1);
    assert_eq!(red.barriers[0].card.as_deref(), Some("trust"));
    assert_eq!(red.barriers[0].severity, 5);
    let trust = red.barriers[0].id;

    // 4. Solutions: the idea cards are this scenario's, each with its source.
    go_to_stage(&mut app, 4);
    keys(&mut app, "d");
    let first = &s.idea_cards[0];
    assert_shows(&app, big, &[&first.title, &first.text, &first.source]);
    press(&mut app, KeyCode::Esc);

    // 5. The scenario: Sallowmere's brief, then its roles (one at a time
    // on a narrower screen, so that each reads whole).
    go_to_stage(&mut app, 5);
    assert_shows(&app, (100, 60), &["Sallowmere Council", &s.council.place]);
    press(&mut app, KeyCode::Tab);
    assert_shows(
        &app,
        (100, 60),
        &["Leader of Sallowmere Council", "ICB Place Director for Sallowmere", &s.roles[0].brief],
    );

    // 6. Actions: the facilitator fires the grant that ends; Red plans.
    go_to_stage(&mut app, 6);
    keys(&mut app, "i");
    assert_shows(&app, big, &["Money to spend in eight weeks", "A direct award", "A change of political control"]);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_shows(&app, big, &["News, month 2: A grant ends", "Was this an ending done well?"]);
    {
        let open = app.work.open.as_mut().expect("a session");
        let red = &mut open.session.groups[0];
        red.add_action(action("Plan every grant ending in the open", trust, "communications", 0, 3, LeadSide::Jointly));
        red.add_action(action("One return for jointly funded work", trust, "capacity", 1, 9, LeadSide::Council));
        red.add_action(action("Monthly place leaders' breakfast", trust, "relationships", 0, 18, LeadSide::Jointly));
        red.add_action(action("A shared map of Millgate's groups", trust, "knowledge", 2, 8, LeadSide::ThirdSector));
        red.add_action(action("The council brokers small grants", trust, "coordination", 3, 15, LeadSide::Jointly));
    }

    // 7. Report-back: Red's plan, with its leads.
    go_to_stage(&mut app, 7);
    assert_shows(&app, big, &["Plan every grant ending in the open", "ICB Place Director for Sallowmere"]);

    // 8. Close: the scenario's own closing questions, answered by the room.
    go_to_stage(&mut app, 8);
    assert_shows(&app, big, &[&s.closing_questions[0], &s.closing_questions[2]]);
    keys(&mut app, "w");
    keys(&mut app, "Trust, still");
    press(&mut app, KeyCode::Esc);
    let session = app.session().expect("a session").clone();
    assert_eq!(session.closing_answers[0].question, s.closing_questions[0]);
    assert_eq!(session.closing_answers[0].answer, "Trust, still");

    // The session keeps its own copy of the scenario, and reopens with it.
    app.save_now().expect("saved");
    let again = roundtable::store::load_session(&dir.path().join("session.ron")).expect("the session reopens");
    assert_eq!(again.scenario, s);

    // The reports: the brief, the news and the debrief, which cites this
    // scenario's findings and its key card, not the 2007 scenario's.
    let nlgn = scenarios::built_in_default();
    for format in [Format::Markdown, Format::Html] {
        let report = export::render(&again, format, &TimeZone::UTC);
        let text = words(&report);
        for own in [
            "Making change happen in 2026: council, NHS and VCSE",
            "A grant ends",
            "Trust, still",
            "Forging Partnerships Across The Fault Lines (about 2010): partners are not equal in money",
            "How to change a lightbulb (2016), a commissioner's advice: a champion who goes it alone",
            "the barriers to joint working are of two kinds",
            "with improving outcomes for citizens at the centre",
            "found a lack of trust and understanding between local authorities and third sector organisations",
        ] {
            assert!(text.contains(&words(&export::html::esc(own))) || text.contains(own), "{format:?} lacks {own:?}");
        }
        let theirs = &nlgn.findings.partnership.as_ref().expect("the 2007 scenario's finding").finding;
        assert!(!text.contains(theirs.as_str()), "{format:?} cites the 2007 scenario's finding");
        assert!(!text.contains("Wexcombe"), "{format:?} names the 2007 council");
    }
    let debrief = roundtable::domain::review::debrief(&again.groups[0], &again.scenario);
    assert!(debrief.figures.key_tackled, "Red's actions tackle the key barrier");
    assert_eq!(debrief.figures.areas_used, 5);
}

#[test]
fn the_solo_debrief_of_the_2026_scenario_cites_its_own_findings() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut app = app_with(dir.path(), Mode::Solo, &["My plan"]);
    {
        let group = app.work.open.as_mut().expect("a session").session.group_mut();
        let id = group.add_barrier(Barrier {
            text: "Two rulebooks for one service".into(),
            card: Some("two-rulebooks".into()),
            severity: 4,
            ..Barrier::default()
        });
        group.add_action(action("Agree the buying route first", id, "coordination", 0, 4, LeadSide::Council));
    }
    go_to_stage(&mut app, 8);
    let s = scenario();
    let f = &s.findings;
    let own = |c: &Option<roundtable::domain::scenario::Cited>| {
        let c = c.as_ref().expect("a finding");
        format!("{}: {}", c.source, c.finding)
    };
    // A tall screen, so that the whole review is in view at once.
    assert_shows(
        &app,
        (110, 90),
        &[
            "Debrief",
            &own(&f.barriers),
            &own(&f.areas),
            &own(&f.partnership),
            &own(&f.timing),
            "No action tackles \"Low trust and understanding\", the barrier this scenario marks as key.",
            "the research behind the seminars found a lack of trust",
        ],
    );
    let seen = words(&screen(&app, 110, 90));
    assert!(!seen.contains("Roundtable's own rule of thumb"), "every topic rests on a cited finding: {seen}");
}
