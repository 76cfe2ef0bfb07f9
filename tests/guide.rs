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
