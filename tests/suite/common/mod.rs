//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod browser;
pub mod phone;
pub mod pty;
pub mod ssh;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roundtable::app::App;
use roundtable::domain::session::{Mode, Session};
use roundtable::scenarios;

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub app: App,
}

/// An app with a fresh two-group session open, saving into a temporary folder.
pub fn session_app(groups: &[&str]) -> Fixture {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let names: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
    let session = Session::new("Wexcombe test", scenarios::built_in_default(), Mode::Room, &names, 1_795_500_000);
    let path = dir.path().join("session.ron");
    let mut app = App::with_session(dir.path().to_path_buf(), session, path);
    app.screen.theme = roundtable::ui::theme::Theme::monochrome();
    Fixture { dir, app }
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Renders the app into a test terminal and returns the screen as text.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal.draw(|f| f.render_widget(app, f.area())).expect("a frame");
    text_of(terminal.backend().buffer(), width, height)
}

/// Draws the app as the run loop does when the terminal is the app's own
/// size, keeping what the drawing measured for the next key (which then
/// measures nothing itself), and returns the screen as text. At any other
/// size it only renders, as [`screen`] does.
pub fn drawn(app: &mut App, width: u16, height: u16) -> String {
    if app.screen.screen_size != Some((width, height)) {
        return screen(app, width, height);
    }
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal.draw(|f| app.draw(f)).expect("a frame");
    text_of(terminal.backend().buffer(), width, height)
}

/// A buffer's text, a row to a line, trailing spaces trimmed.
fn text_of(buf: &ratatui::buffer::Buffer, width: u16, height: u16) -> String {
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        // A wide character covers the next cell as well, as on a terminal.
        let mut covered = 0;
        for x in 0..width {
            if covered > 0 {
                covered -= 1;
                continue;
            }
            let symbol = buf.cell((x, y)).map_or(" ", |c| c.symbol());
            covered = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Moves to a stage by number (1-based), as a user would with `]`.
pub fn go_to_stage(app: &mut App, stage: usize) {
    for _ in 0..8 {
        press(app, KeyCode::Char('['));
    }
    for _ in 1..stage {
        press(app, KeyCode::Char(']'));
    }
}

/// The facilitator's screen of the folder room in `dir`, in monochrome.
pub fn facilitator(dir: &std::path::Path) -> App {
    let open = roundtable::app::open_room(dir).expect("the room opens");
    let mut app = App::with_open(dir.to_path_buf(), open);
    app.screen.theme = roundtable::ui::theme::Theme::monochrome();
    app
}

/// Lets the app look at the folder, as its loop does once a second: each
/// call moves the app's idea of time on by two seconds.
pub fn settle(app: &mut App) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{Duration, Instant};
    static STEP: AtomicU64 = AtomicU64::new(1);
    app.tick(Instant::now() + Duration::from_secs(2 * STEP.fetch_add(1, Ordering::Relaxed)));
}

/// The projector as the room reads it. Its large letters are drawn in the
/// terminal's own font (each large line one escape sequence in its first
/// cell), which this reads back as text: the screen's ordinary text, then
/// a row of its large lines joined, so that a line wrapped between words
/// reads whole.
/// Drawn as [`drawn`] draws, so that the next key measures nothing itself.
pub fn read_projector(app: &mut App, (w, h): (u16, u16)) -> String {
    use ratatui::widgets::Widget;
    let buf = if app.screen.screen_size == Some((w, h)) {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
        terminal.draw(|f| app.draw(f)).expect("a frame");
        terminal.backend().buffer().clone()
    } else {
        let area = ratatui::layout::Rect::new(0, 0, w, h);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        (&*app).render(area, &mut buf);
        buf
    };
    let mut plain = String::new();
    let mut large: Vec<String> = Vec::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            let symbol = buf[(x, y)].symbol();
            match symbol.strip_prefix("\x1b]66;").and_then(|rest| rest.split_once(';')) {
                Some((_, text)) => large.push(text.trim_end_matches('\x07').to_string()),
                None => line.push_str(symbol),
            }
        }
        plain.push_str(line.trim_end());
        plain.push('\n');
    }
    format!("{plain}LARGE: {}\n", large.join(" "))
}
