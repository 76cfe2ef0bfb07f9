//! Each screen offers only what it can do: a terminal too small to show
//! anything changes nothing, a group's laptop in a shared-folder room has
//! none of the room's controls, and the room's screen none of a group's
//! edits. The hint bar and the help agree with the keys.

use crate::common::{go_to_stage, keys, press, screen, session_app};
use crossterm::event::KeyCode;
use roundtable::app::{App, join_room, open_room};
use roundtable::domain::session::{Mode, Session};
use roundtable::scenarios;

#[test]
fn a_terminal_too_small_to_see_takes_no_keys_but_quit() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 3);
    f.app.screen.screen_size = Some((20, 5));
    assert!(screen(&f.app, 20, 5).contains("Terminal too small"));
    for code in [KeyCode::Char('a'), KeyCode::Char('d'), KeyCode::Enter, KeyCode::Char(']')] {
        press(&mut f.app, code);
    }
    keys(&mut f.app, "unseen barrier");
    press(&mut f.app, KeyCode::Char('x'));
    press(&mut f.app, KeyCode::Char('y'));
    let open = f.app.work.open.as_ref().unwrap();
    assert!(open.session.group().barriers.is_empty(), "nothing added unseen");
    assert!(f.app.screen.form.is_none() && f.app.screen.overlay.is_none());
    assert_eq!(open.session.stage, 2, "the stage did not move");

    // Back to a usable size, the same keys work.
    f.app.screen.screen_size = Some((80, 24));
    press(&mut f.app, KeyCode::Char('a'));
    keys(&mut f.app, "seen barrier");
    press(&mut f.app, KeyCode::Esc);
    assert_eq!(f.app.work.open.as_ref().unwrap().session.group().barriers.len(), 1);

    f.app.screen.screen_size = Some((20, 5));
    press(&mut f.app, KeyCode::Char('q'));
    assert_eq!(f.app.screen.run, roundtable::app::RunState::Quit, "quit still works");
}

fn folder_room(dir: &std::path::Path) {
    let session = Session::new("Folder", scenarios::built_in_default(), Mode::Room, &["Red".into(), "Blue".into()], 0);
    roundtable::store::folder::create_room(dir, &session).unwrap();
}

/// The hint bar and the help overlay, as drawn.
fn hints_and_help(app: &mut App) -> (String, String) {
    let hints = screen(app, 200, 60);
    press(app, KeyCode::Char('?'));
    let help = screen(app, 200, 60);
    press(app, KeyCode::Esc);
    (hints, help)
}

#[test]
fn a_groups_laptop_offers_none_of_the_rooms_controls() {
    let dir = tempfile::tempdir().unwrap();
    folder_room(dir.path());
    let mut app = App::with_open(
        dir.path().to_path_buf(),
        join_room(dir.path(), "Red", roundtable::store::folder::UnknownGroup::Refuse).unwrap(),
    );
    app.screen.theme = roundtable::ui::theme::Theme::monochrome();
    go_to_stage(&mut app, 6);
    let (hints, help) = hints_and_help(&mut app);
    assert!(hints.contains("add action"), "{hints}");
    for room_only in ["start/pause timer", "reset timer", "fire an inject", "next group", "export reports"] {
        assert!(!hints.contains(room_only) && !help.contains(room_only), "{room_only} offered:\n{help}");
    }
    let timers_before = app.work.open.as_ref().unwrap().session.timers.clone();
    for c in ['i', 'R', 's', '+', 'E', 'g'] {
        press(&mut app, KeyCode::Char(c));
        assert!(app.screen.overlay.is_none(), "{c} opened something");
        let said = app.screen.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
        assert!(said.contains("The facilitator runs the room"), "{c} claimed to do something: {said}");
    }
    let open = app.work.open.as_ref().unwrap();
    assert!(open.session.injects.is_empty());
    assert_eq!(open.session.timers, timers_before, "the room's timers are the room's");

    // At report-back the laptop sees its dots, and who gives them.
    go_to_stage(&mut app, 7);
    keys(&mut app, "v");
    let shown = screen(&app, 120, 30);
    assert!(shown.contains("Voting: Red has 3 of 3 dots left"), "{shown}");
    assert!(shown.contains("The facilitator gives your table's dots: say which actions."), "{shown}");
    assert!(!shown.contains("gives a dot"), "{shown}");
}

#[test]
fn a_folder_rooms_screen_offers_none_of_a_groups_edits() {
    let dir = tempfile::tempdir().unwrap();
    folder_room(dir.path());
    let mut app = App::with_open(dir.path().to_path_buf(), open_room(dir.path()).unwrap());
    app.screen.theme = roundtable::ui::theme::Theme::monochrome();
    go_to_stage(&mut app, 3);
    let (hints, help) = hints_and_help(&mut app);
    assert!(hints.contains("start/pause timer"), "{hints}");
    for edit in ["add barrier", "pick from the deck", "delete", "environmental/organisational"] {
        assert!(!hints.contains(edit) && !help.contains(edit), "{edit} offered:\n{help}");
    }
    press(&mut app, KeyCode::Char('a'));
    assert!(app.screen.form.is_none());
    press(&mut app, KeyCode::Char('i'));
    assert!(app.screen.overlay.is_some(), "the room fires injects");
}

#[test]
fn a_read_only_view_offers_no_edits() {
    let mut f = session_app(&["Red"]);
    f.app.work.open.as_mut().unwrap().read_only = true;
    go_to_stage(&mut f.app, 3);
    let (hints, help) = hints_and_help(&mut f.app);
    for edit in ["add barrier", "start/pause timer", "undo", "fire an inject"] {
        assert!(!hints.contains(edit) && !help.contains(edit), "{edit} offered:\n{help}");
    }
    assert!(help.contains("save and quit") || help.contains("quit"), "{help}");
}
