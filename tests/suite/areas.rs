//! The areas of change where groups choose them: the forms show what the
//! area under the cursor covers, its moves and their source.

use crate::common;
use crate::common::{go_to_stage, keys, press, screen, session_app};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use roundtable::app::App;

/// The first few words of a text, which fit on one row of a form.
fn opening(text: &str) -> String {
    words(text, 5)
}

fn words(text: &str, n: usize) -> String {
    text.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

fn shift(app: &mut App, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::SHIFT));
}

#[test]
fn the_forms_area_list_shows_the_focused_areas_summary_moves_and_source() {
    let mut f = session_app(&["Red"]);
    let areas = f.app.session().expect("a session").scenario.areas.clone();
    go_to_stage(&mut f.app, 6);
    keys(&mut f.app, "a");
    let s = screen(&f.app, 80, 24);
    assert!(!s.contains("Moves to consider"), "only on the areas' list: {s}");
    for _ in 0..4 {
        press(&mut f.app, KeyCode::Tab);
    }
    for (i, area) in areas.iter().enumerate() {
        let s = screen(&f.app, 80, 24);
        assert!(s.contains(&format!("{}:", area.name)) && s.contains("Moves to consider:"), "{s}");
        assert!(s.contains(&opening(&area.moves[0])), "the first move of {}: {s}", area.name);
        assert!(s.contains(&format!("Source: {}", area.source)), "{s}");
        if let Some(next) = areas.get(i + 1) {
            assert!(!s.contains(&opening(&next.moves[0])), "one area at a time: {s}");
        }
        press(&mut f.app, KeyCode::Down);
    }
    press(&mut f.app, KeyCode::Tab);
    assert!(!screen(&f.app, 80, 24).contains("Moves to consider"), "gone with the focus");
    press(&mut f.app, KeyCode::Esc);

    // The same in the solution form.
    go_to_stage(&mut f.app, 4);
    keys(&mut f.app, "a");
    keys(&mut f.app, "Mentoring");
    press(&mut f.app, KeyCode::Tab);
    press(&mut f.app, KeyCode::Tab);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains(&opening(&areas[0].moves[0])), "{s}");
}

/// On the smallest screen the area's detail scrolls with Shift-↓ to its
/// source and back, and moving to another area starts at its top.
#[test]
fn an_areas_detail_too_long_for_the_form_scrolls() {
    let mut f = session_app(&["Red"]);
    let capacity = f.app.session().expect("a session").scenario.areas[0].clone();
    f.app.handle_event(&Event::Resize(60, 16));
    go_to_stage(&mut f.app, 6);
    keys(&mut f.app, "a");
    for _ in 0..4 {
        press(&mut f.app, KeyCode::Tab);
    }
    let top = screen(&f.app, 60, 16);
    assert!(top.contains("more below") && !top.contains("Source:"), "{top}");
    let mut seen = top.clone();
    for _ in 0..30 {
        shift(&mut f.app, KeyCode::Down);
        seen.push_str(&screen(&f.app, 60, 16));
    }
    let end = screen(&f.app, 60, 16);
    assert!(end.contains("Source:") && !end.contains("more below"), "{end}");
    for m in &capacity.moves {
        let last = m.split_whitespace().last().unwrap_or_default();
        assert!(seen.contains(last), "{m:?} never shown:\n{seen}");
    }
    shift(&mut f.app, KeyCode::Up);
    assert_ne!(screen(&f.app, 60, 16), end, "Shift-↑ scrolls back from the end");
    assert!(
        f.app.screen.form.as_ref().is_some_and(|form| form.focused().label == "Areas of change"),
        "Shift-↑/↓ do not move the cursor or the focus"
    );
    press(&mut f.app, KeyCode::Down);
    let next = screen(&f.app, 60, 16);
    assert!(next.contains("Relationships: Good working") && next.contains("more below"), "{next}");
}

/// Red and Blue each with an action in capacity and training (Blue's in
/// communications too); nobody chose the other three areas.
fn two_plans() -> common::Fixture {
    use roundtable::domain::session::Action;
    let mut f = session_app(&["Red", "Blue"]);
    let open = f.app.work.open.as_mut().expect("a session");
    open.session.groups[0].add_action(Action {
        title: "Fund the hub at full cost".into(),
        areas: vec!["capacity".into()],
        ..Action::default()
    });
    open.session.groups[1].add_action(Action {
        title: "Monthly leaders' breakfast".into(),
        areas: vec!["capacity".into(), "communications".into()],
        ..Action::default()
    });
    go_to_stage(&mut f.app, 7);
    keys(&mut f.app, "vv");
    f
}

/// Every screen seen from the top while pressing ↓ until nothing changes.
fn scrolled_through(app: &mut App, (w, h): (u16, u16)) -> String {
    press(app, KeyCode::Home);
    let mut seen = screen(app, w, h);
    let mut last = seen.clone();
    for _ in 0..40 {
        press(app, KeyCode::Down);
        let now = screen(app, w, h);
        if now == last {
            break;
        }
        seen.push_str(&now);
        last = now;
    }
    press(app, KeyCode::Home);
    seen
}

#[test]
fn the_map_offers_the_moves_of_an_area_nobody_chose() {
    let mut f = two_plans();
    let areas = f.app.session().expect("a session").scenario.areas.clone();
    for size in [(80, 24), (200, 60)] {
        f.app.handle_event(&Event::Resize(size.0, size.1));
        let first = screen(&f.app, size.0, size.1);
        assert!(first.contains("Nobody chose this area."), "{size:?}: {first}");
        assert!(first.contains("Improving outcomes"), "{first}");
        let seen = scrolled_through(&mut f.app, size);
        let chosen = ["capacity", "communications"];
        for area in areas.iter().filter(|a| !chosen.contains(&a.id.as_str())) {
            let moves = area.moves.clone();
            // The boxes of the map are narrow: a move's first two words
            // and its last are on screen if the whole move is.
            for m in moves {
                let last = m.split_whitespace().last().unwrap_or_default();
                assert!(seen.contains(&words(&m, 2)) && seen.contains(last), "{size:?}: {m} never shown:\n{seen}");
            }
        }
        for area in areas.iter().filter(|a| chosen.contains(&a.id.as_str())) {
            assert!(!seen.contains(&words(&area.moves[0], 3)), "{size:?}: a chosen area offers no moves:\n{seen}");
        }
        assert!(seen.contains("Fund the hub") && seen.contains("Monthly leaders"), "{seen}");
    }

    // The projector's map on a small screen, an area a page, its name
    // large (read here in the terminal's own letters, as text) and its
    // moves small.
    keys(&mut f.app, "p");
    f.app.screen.letters = roundtable::term::Letters::Sized;
    f.app.handle_event(&Event::Resize(80, 24));
    let mut seen = projected(&f.app, (80, 24));
    for _ in 0..40 {
        press(&mut f.app, KeyCode::Down);
        seen.push_str(&projected(&f.app, (80, 24)));
    }
    let squeezed: String = seen.split_whitespace().collect();
    assert!(squeezed.contains("Relationships:0actions"), "{seen}");
    assert!(seen.contains("Nobody chose this area. Moves to consider:"), "{seen}");
    for m in &areas[1].moves {
        assert!(seen.contains(&opening(m)), "the projector never showed {m:?}:\n{seen}");
    }
    assert!(!seen.contains(&opening(&areas[0].moves[0])), "{seen}");
}

/// The projector's screen as text: its ordinary text, and its large lines
/// drawn in the terminal's own letters (each an escape sequence holding
/// the line's text).
fn projected(app: &App, (w, h): (u16, u16)) -> String {
    use ratatui::widgets::Widget;
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    app.render(area, &mut buf);
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            let symbol = buf[(x, y)].symbol();
            match symbol.strip_prefix("\x1b]66;").and_then(|rest| rest.split_once(';')) {
                Some((_, text)) => out.push_str(text.trim_end_matches('\x07')),
                None => out.push_str(symbol),
            }
        }
        out.push('\n');
    }
    out
}
