//! A stage's guide is for the facilitator: the notes screen shows it for the
//! stage on show, and the projector never does.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roundtable::app::{App, OpenSession};
use roundtable::domain::session::{Mode, Session};
use roundtable::scenarios;
use roundtable::store::save_session;
use roundtable::ui::theme::Theme;

fn text(buf: &ratatui::buffer::Buffer, w: u16, h: u16) -> String {
    (0..h).map(|y| (0..w).map(|x| buf.cell((x, y)).map_or(" ", |c| c.symbol())).collect::<String>() + "\n").collect()
}

/// The guide's opening words, short enough not to be wrapped.
fn opening(guide: &str) -> String {
    guide.chars().take(24).collect()
}

#[test]
fn the_notes_screen_shows_each_stages_guide_and_the_projector_never_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    let mut session = Session::new("Guide", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
    for stage in 0..session.scenario.stages.len() {
        session.stage = stage;
        let guide = session.scenario.stages[stage].guide.clone();
        save_session(&session, &path).unwrap();

        let mut notes = App::console(path.clone());
        notes.screen.theme = Theme::monochrome();
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        terminal.draw(|f| f.render_widget(&notes, f.area())).unwrap();
        let s = text(terminal.backend().buffer(), 200, 60);
        assert!(s.contains("Running this stage") && s.contains(&opening(&guide)), "stage {stage}: {s}");

        let mut app = App::with_open(dir.path().to_path_buf(), OpenSession::new(session.clone(), path.clone()));
        app.screen.projector = true;
        for (w, h) in [(80, 24), (200, 60)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
            let s = text(terminal.backend().buffer(), w, h);
            assert!(
                !s.contains("Running this stage") && !s.contains(&opening(&guide)),
                "stage {stage} at {w}x{h}: {s}"
            );
        }
    }
}

/// The facilitator's guide's timings table: (stage or break, minutes in
/// the 2.5-hour version), and its total.
fn guide_timings() -> (Vec<(String, u32)>, u32) {
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/facilitator-guide.md")).unwrap();
    let table = guide.split("| stage | 2.5 hours | 90 minutes |").nth(1).expect("the guide's timings table");
    let mut rows = Vec::new();
    let mut total = 0;
    for line in table.lines().skip(2).take_while(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let minutes: u32 = cells[1].trim_matches('*').parse().unwrap();
        if cells[0].contains("total") {
            total = minutes;
        } else {
            rows.push((cells[0].to_string(), minutes));
        }
    }
    (rows, total)
}

/// The guide, the welcome screen's agenda and the facilitator's pack show
/// the timings of one running order: the scenario's stages and breaks.
#[test]
fn the_guide_the_welcome_agenda_and_the_pack_agree_on_the_timings() {
    let scenario = scenarios::built_in_default();
    let agenda = roundtable::domain::agenda::Agenda::of(&scenario);
    let (rows, total) = guide_timings();
    assert_eq!(total, agenda.total_minutes(), "the guide's total");
    assert_eq!(rows.len(), agenda.slots.len(), "{rows:?}");
    for ((name, minutes), slot) in rows.iter().zip(&agenda.slots) {
        assert_eq!(*minutes, slot.minutes, "{name}");
        match slot.stage {
            // The guide names stages short ("3. Barriers"): by number.
            Some(i) => assert!(name.starts_with(&format!("{}. ", i + 1)), "{name} is stage {}", i + 1),
            None => assert_eq!(name.to_lowercase(), format!("({})", slot.title.to_lowercase())),
        }
    }

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    let session = Session::new("Agenda", scenario.clone(), Mode::Room, &["Red".into()], 0);
    let mut app = App::with_open(dir.path().to_path_buf(), OpenSession::new(session, path));
    app.screen.theme = Theme::monochrome();
    let mut terminal = Terminal::new(TestBackend::new(120, 50)).unwrap();
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let welcome = text(terminal.backend().buffer(), 120, 50);
    let pack = roundtable::export::pack::render(&scenario);
    for slot in &agenda.slots {
        let starts = format!("{}:{:02}", slot.starts / 60, slot.starts % 60);
        let row = format!("{starts}  {:>3} min", slot.minutes);
        assert!(welcome.contains(&row), "the welcome agenda has {row:?} for {}: {welcome}", slot.title);
        let ends = slot.ends();
        let span = format!("{starts}–{}:{:02}", ends / 60, ends % 60);
        assert!(pack.contains(&span), "the pack has {span} for {}", slot.title);
    }
    assert!(welcome.contains(&format!("{} min  in all", agenda.total_minutes())), "{welcome}");
    assert!(pack.contains(&format!("{} minutes", agenda.total_minutes())));
}
