//! The notes screen follows the session file and shows facilitator-only text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roundtable::app::notes::NotesApp;
use roundtable::domain::session::{Action, Mode, Session};
use roundtable::scenarios;
use roundtable::store::save_session;

fn screen(app: &NotesApp, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = terminal.backend().buffer();
    (0..h).map(|y| (0..w).map(|x| buf.cell((x, y)).map_or(" ", |c| c.symbol())).collect::<String>() + "\n").collect()
}

#[test]
fn notes_follow_the_session_as_it_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    let mut session = Session::new("Notes", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
    session.stage = 1;
    save_session(&session, &path).unwrap();
    let mut notes = NotesApp::new(path.clone());
    notes.theme = roundtable::ui::theme::Theme::monochrome();
    let s = screen(&notes, 120, 30);
    assert!(s.contains("Slide 1 of 4: Why partnership, why now"), "{s}");
    assert!(s.contains("Keep this short"), "speaker notes shown: {s}");

    session.slide = 2;
    session.groups[0].add_action(Action { title: "Map the sector".into(), ..Action::default() });
    std::thread::sleep(std::time::Duration::from_millis(10));
    save_session(&session, &path).unwrap();
    assert!(notes.reload());
    let s = screen(&notes, 120, 30);
    assert!(s.contains("Slide 3 of 4"), "{s}");
    assert!(s.contains("action: Map the sector"), "{s}");

    std::fs::write(&path, "Session(").unwrap();
    notes.reload();
    let s = screen(&notes, 120, 30);
    assert!(s.contains("Last read failed"), "{s}");
    assert!(s.contains("Slide 3 of 4"), "the last good state stays: {s}");
}
