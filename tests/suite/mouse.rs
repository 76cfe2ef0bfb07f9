//! The mouse, driven through the app's own event path: the wheel scrolls a
//! list, a click selects an item or goes to a stage's tab, and nothing is
//! done that the screen's keys would not do.

use crate::common;
use crossterm::event::{Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use crate::common::{go_to_stage, keys, press, screen, session_app};

fn mouse(app: &mut roundtable::app::App, kind: MouseEventKind, column: u16, row: u16) {
    app.handle_event(&Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE }));
}

/// An app sized 100x30 with the mouse on, on the barriers stage with
/// three barriers written.
fn three_barriers() -> common::Fixture {
    let mut f = session_app(&["Red"]);
    f.app.screen.mouse = true;
    f.app.handle_event(&Event::Resize(100, 30));
    go_to_stage(&mut f.app, 3);
    for text in ["First barrier", "Second barrier", "Third barrier"] {
        press(&mut f.app, KeyCode::Char('a'));
        keys(&mut f.app, text);
        press(&mut f.app, KeyCode::Esc);
    }
    f
}

/// The row on which `text` is drawn.
fn row_of(shown: &str, text: &str) -> u16 {
    shown.lines().position(|l| l.contains(text)).unwrap_or_else(|| panic!("{text} is not shown:\n{shown}")) as u16
}

#[test]
fn the_wheel_moves_through_a_list_as_the_arrows_do() {
    let mut f = three_barriers();
    assert_eq!(f.app.screen.view.barrier, 2, "the last one added is selected");
    mouse(&mut f.app, MouseEventKind::ScrollUp, 10, 15);
    mouse(&mut f.app, MouseEventKind::ScrollUp, 10, 15);
    assert_eq!(f.app.screen.view.barrier, 0);
    mouse(&mut f.app, MouseEventKind::ScrollDown, 10, 15);
    assert_eq!(f.app.screen.view.barrier, 1);
    // What is drawn follows: the second barrier is the highlighted row,
    // and its detail is shown.
    let shown = screen(&f.app, 100, 30);
    assert!(shown.contains("Second barrier"), "{shown}");
}

#[test]
fn a_click_selects_the_item_under_it() {
    let mut f = three_barriers();
    let shown = screen(&f.app, 100, 30);
    let row = row_of(&shown, "○ env First barrier").max(row_of(&shown, "First barrier"));
    mouse(&mut f.app, MouseEventKind::Down(MouseButton::Left), 20, row);
    assert_eq!(f.app.screen.view.barrier, 0, "clicked on row {row}:\n{shown}");
    // A click below the list's last item selects nothing new.
    mouse(&mut f.app, MouseEventKind::Down(MouseButton::Left), 20, 28);
    assert_eq!(f.app.screen.view.barrier, 0);
    // Clicking is selecting, not editing: no form opens.
    assert!(f.app.screen.form.is_none());
}

#[test]
fn a_click_on_a_stage_tab_goes_to_that_stage_and_the_room_follows() {
    let mut f = three_barriers();
    let shown = screen(&f.app, 100, 30);
    let bar = shown.lines().nth(1).unwrap().to_string();
    let column = bar.find(" 6 ").expect("stage 6's tab") as u16 + 1;
    mouse(&mut f.app, MouseEventKind::Down(MouseButton::Left), column, 1);
    let session = &f.app.work.open.as_ref().unwrap().session;
    assert_eq!(session.stage, 5, "stage 6 of 8 (index 5), from the bar: {bar}");
    assert!(screen(&f.app, 100, 30).contains("Five actions for the next eighteen months"));
    // Back to the barriers by their tab.
    let bar = screen(&f.app, 100, 30).lines().nth(1).unwrap().to_string();
    let column = bar.find(" 3 ").expect("stage 3's tab") as u16 + 1;
    mouse(&mut f.app, MouseEventKind::Down(MouseButton::Left), column, 1);
    assert_eq!(f.app.work.open.as_ref().unwrap().session.stage, 2);
}

#[test]
fn the_mouse_does_nothing_while_a_form_is_open_or_when_it_is_off() {
    let mut f = three_barriers();
    press(&mut f.app, KeyCode::Enter);
    assert!(f.app.screen.form.is_some());
    mouse(&mut f.app, MouseEventKind::Down(MouseButton::Left), 3, 1);
    assert_eq!(f.app.work.open.as_ref().unwrap().session.stage, 2, "no stage change under a form");
    press(&mut f.app, KeyCode::Esc);

    f.app.screen.mouse = false;
    mouse(&mut f.app, MouseEventKind::ScrollUp, 10, 15);
    assert_eq!(f.app.screen.view.barrier, 2, "with the mouse off, the wheel is the terminal's");
}
