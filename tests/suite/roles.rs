//! People take roles: on the scenario stage's roles page a group records who
//! holds each role, and the holders show at report-back, on the projector
//! and in the reports. Only a screen that writes the group's work records
//! them.

use crate::common;
use crate::common::{facilitator, go_to_stage, keys, press, screen, session_app};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use roundtable::app::{App, join_room};
use roundtable::domain::session::{Mode, Session};
use roundtable::scenarios;
use roundtable::store::folder::{self, UnknownGroup};
use roundtable::ui::projector::content::room_view;

fn resize(app: &mut App, (w, h): (u16, u16)) {
    app.handle_event(&Event::Resize(w, h));
}

/// Who holds each role at the group with index `group`, by role id.
fn holders(app: &App, group: usize) -> Vec<(String, String)> {
    let session = app.session().expect("a session");
    session.groups[group].role_holders.iter().map(|h| (h.role.clone(), h.person.clone())).collect()
}

fn said(app: &App) -> String {
    app.screen.message.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

/// Opens the form on the selected role, types over what it holds, and
/// closes it.
fn record(app: &mut App, person: &str) {
    press(app, KeyCode::Enter);
    assert!(app.screen.form.is_some(), "Enter opens the form");
    for _ in 0..40 {
        press(app, KeyCode::Backspace);
    }
    keys(app, person);
    press(app, KeyCode::Esc);
    assert!(app.screen.form.is_none(), "Esc closes the form");
}

#[test]
fn a_group_records_who_holds_each_role_and_the_holders_show_at_report_back_and_on_the_projector() {
    let mut f = session_app(&["Red", "Blue"]);
    let app = &mut f.app;
    resize(app, (80, 24));
    go_to_stage(app, 5);
    press(app, KeyCode::Tab);
    let s = screen(app, 80, 24);
    assert!(s.contains("Leader of the council  nobody yet"), "{s}");
    assert!(s.contains("Enter record who holds it"), "the hint bar offers it:\n{s}");

    press(app, KeyCode::Enter);
    let s = screen(app, 80, 24);
    assert!(s.contains("Who holds this role? Leader of the council") && s.contains("Held by"), "{s}");
    keys(app, "Asha");
    press(app, KeyCode::Esc);
    press(app, KeyCode::Down);
    press(app, KeyCode::Char('e'));
    keys(app, "Ben");
    press(app, KeyCode::Esc);
    let s = screen(app, 80, 24);
    assert!(s.contains("Leader of the council  held by Asha"), "{s}");
    assert!(s.contains("Chief Executive  held by Ben"), "{s}");
    assert!(s.contains("Held by Ben"), "the detail says who holds the selected role:\n{s}");
    let want = vec![("leader".to_string(), "Asha".to_string()), ("chief-executive".to_string(), "Ben".to_string())];
    assert_eq!(holders(app, 0), want);
    assert!(holders(app, 1).is_empty(), "Blue's table holds nothing");

    // The form opens on who holds the role now; emptying it frees the role.
    press(app, KeyCode::Up);
    press(app, KeyCode::Enter);
    assert!(screen(app, 80, 24).contains("Asha"), "the form is filled in");
    for _ in 0..4 {
        press(app, KeyCode::Backspace);
    }
    press(app, KeyCode::Esc);
    assert!(screen(app, 80, 24).contains("Leader of the council  nobody yet"));
    assert_eq!(holders(app, 0), want[1..].to_vec());

    // Undo says what it undid, and puts the holder back.
    press(app, KeyCode::Char('z'));
    assert_eq!(said(app), "Undone: Asha no longer holds 'Leader of the council'.");
    assert_eq!(holders(app, 0).len(), 2);
    press(app, KeyCode::Char('z'));
    assert_eq!(said(app), "Undone: Ben holds 'Chief Executive'.");
    assert!(screen(app, 80, 24).contains("Chief Executive  nobody yet"));
    press(app, KeyCode::Char('Z'));
    assert_eq!(said(app), "Redone: Ben holds 'Chief Executive'.");
    assert_eq!(holders(app, 0), want);

    // Saved with the session.
    app.save_now().expect("the session saves");
    let saved = roundtable::store::load_session(&f.dir.path().join("session.ron")).expect("it loads");
    assert_eq!(saved.groups[0].role_holders, app.session().expect("a session").groups[0].role_holders);
    let app = &mut f.app;

    // Report-back: one group at a time, each with its role holders.
    go_to_stage(app, 7);
    let s = screen(app, 80, 24);
    assert!(s.contains("Roles: Leader of the council: Asha · Chief Executive: Ben"), "{s}");
    press(app, KeyCode::Right);
    let s = screen(app, 80, 24);
    assert!(s.contains("Blue: 0 of 5") && !s.contains("Roles:"), "nothing when nobody holds a role:\n{s}");
    press(app, KeyCode::Left);

    // The projector shows them large, and nothing when nobody holds a role.
    press(app, KeyCode::Char('p'));
    app.screen.letters = roundtable::term::Letters::Sized;
    let s = common::read_projector(app, (200, 60));
    assert!(s.contains("Leader of the council: Asha") && s.contains("Chief Executive: Ben"), "{s}");
    app.screen.letters = roundtable::term::Letters::Blocks;
    let open = app.work.open.as_ref().expect("a session");
    let view = room_view(open, &app.screen.view, None, None);
    let pieces: Vec<_> = view.items.iter().flat_map(|i| &i.pieces).collect();
    for wanted in ["Leader of the council: Asha", "Chief Executive: Ben"] {
        assert!(pieces.iter().any(|p| p.text == wanted && p.large), "{wanted} is not large: {pieces:?}");
    }
    let mut blue = app.screen.view.clone();
    blue.report_group = 1;
    let view = room_view(open, &blue, None, None);
    assert!(!view.items.iter().flat_map(|i| &i.pieces).any(|p| p.text.contains(": Asha")), "{view:?}");
}

#[test]
fn the_roles_page_is_whole_at_80x24_and_200x60() {
    let mut f = session_app(&["Red"]);
    let scenario = f.app.session().expect("a session").scenario.clone();
    let last = scenario.roles.last().expect("the scenario has roles");
    for size in [(80, 24), (200, 60)] {
        let app = &mut f.app;
        resize(app, size);
        go_to_stage(app, 5);
        while app.screen.view.scenario_page(&scenario) != roundtable::app::ScenarioPage::Roles {
            press(app, KeyCode::Tab);
        }
        press(app, KeyCode::Home);
        let top = screen(app, size.0, size.1);
        assert!(top.contains("nobody yet") && top.contains("Detail"), "{size:?}:\n{top}");
        // Every role can be chosen, its row says who holds it, and the
        // last can be given a holder.
        let mut seen = top.clone();
        for _ in 1..scenario.roles.len() {
            press(app, KeyCode::Down);
            seen.push_str(&screen(app, size.0, size.1));
        }
        for role in &scenario.roles {
            assert!(
                seen.contains(&format!("{}  nobody yet", role.title)),
                "{size:?}: {} never shown:\n{seen}",
                role.title
            );
        }
        record(app, "Dee");
        let s = screen(app, size.0, size.1);
        assert!(s.contains(&format!("{}  held by Dee", last.title)), "{size:?}:\n{s}");
        // The chosen role's detail scrolls to its last pressure.
        let pressure = last.pressures.last().expect("the role has pressures");
        let tail = pressure.split_whitespace().last().expect("a word");
        let mut detail = s.clone();
        for _ in 0..10 {
            app.handle_key(&KeyEvent::new(KeyCode::Down, KeyModifiers::SHIFT));
            detail.push_str(&screen(app, size.0, size.1));
        }
        assert!(detail.contains(tail), "{size:?}: the detail never reaches {tail:?}:\n{detail}");
        if size.0 < 100 {
            assert!(top.contains("more below"), "{size:?}: hidden roles are not announced:\n{top}");
        }
        record(app, "");
        press(app, KeyCode::Tab);
    }
    // A projector-sized screen shows the brief and the roles with their
    // holders side by side on the brief's page.
    let app = &mut f.app;
    let page = |app: &App| app.screen.view.scenario_page(&scenario);
    while page(app) != roundtable::app::ScenarioPage::Roles {
        press(app, KeyCode::Tab);
    }
    press(app, KeyCode::Home);
    record(app, "Dee");
    while page(app) != roundtable::app::ScenarioPage::Brief {
        press(app, KeyCode::Tab);
    }
    let wide = screen(app, 200, 60);
    assert!(wide.contains("Wexcombe Borough Council") && wide.contains("Leader of the council  held by Dee"), "{wide}");
}

fn folder_room() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let session = Session::new("Folder", scenarios::built_in_default(), Mode::Room, &["Red".into(), "Blue".into()], 0);
    folder::create_room(dir.path(), &session).expect("the room is created");
    dir
}

#[test]
fn a_folder_rooms_screen_does_not_record_role_holders_and_a_groups_laptop_does() {
    let dir = folder_room();
    let mut room = facilitator(dir.path());
    go_to_stage(&mut room, 5);
    press(&mut room, KeyCode::Tab);
    let s = screen(&room, 80, 24);
    assert!(s.contains("nobody yet") && !s.contains("record who holds it"), "not offered:\n{s}");
    for key in [KeyCode::Enter, KeyCode::Char('e')] {
        press(&mut room, key);
        assert!(room.screen.form.is_none(), "{key:?} opened a form on the room's screen");
        assert!(said(&room).contains("each group writes on its own laptop"), "{key:?}: {}", said(&room));
    }
    press(&mut room, KeyCode::Down);
    assert_eq!(room.screen.view.role, 1, "the room's screen still reads the roles");

    let mut laptop = App::with_open(
        dir.path().to_path_buf(),
        join_room(dir.path(), "Blue", UnknownGroup::Refuse).expect("Blue joins"),
    );
    go_to_stage(&mut laptop, 5);
    press(&mut laptop, KeyCode::Tab);
    record(&mut laptop, "Femi");
    laptop.save_now().expect("the laptop saves");
    let blue = folder::load_group(&dir.path().join("blue.group.ron")).expect("Blue's file loads");
    assert_eq!(blue.role_holder("leader"), Some("Femi"));
    common::settle(&mut room);
    let picked_up = room.session().and_then(|s| s.groups[1].role_holder("leader").map(str::to_string));
    assert_eq!(picked_up.as_deref(), Some("Femi"), "the room picks up Blue's holder");
    go_to_stage(&mut room, 7);
    press(&mut room, KeyCode::Right);
    let s = screen(&room, 80, 24);
    assert!(s.contains("Roles: Leader of the council: Femi"), "the room sees Blue's holder:\n{s}");
}

#[test]
fn a_table_served_over_ssh_records_its_own_groups_role_holders() {
    let mut f = session_app(&["Red", "Blue"]);
    let from = "127.0.0.1:2222".parse().expect("an address");
    let joined = f.app.table_joined(7, "blue", from, (80, 24), Box::new(std::io::sink()));
    assert!(matches!(joined, roundtable::app::tables::Joining::Joined { .. }));
    go_to_stage(&mut f.app, 5);
    let mut at_table = |code: KeyCode| {
        assert!(f.app.table_input(7, &Event::Key(KeyEvent::new(code, KeyModifiers::NONE))), "the table stays");
    };
    at_table(KeyCode::Tab);
    at_table(KeyCode::Down);
    at_table(KeyCode::Enter);
    for c in "Gil".chars() {
        at_table(KeyCode::Char(c));
    }
    at_table(KeyCode::Esc);
    assert_eq!(holders(&f.app, 1), vec![("chief-executive".to_string(), "Gil".to_string())]);
    assert!(holders(&f.app, 0).is_empty(), "only the table's own group");
}

#[test]
fn a_read_only_view_does_not_record_role_holders() {
    let mut f = session_app(&["Red"]);
    f.app.work.open.as_mut().expect("a session").read_only = true;
    go_to_stage(&mut f.app, 5);
    press(&mut f.app, KeyCode::Tab);
    press(&mut f.app, KeyCode::Enter);
    assert!(f.app.screen.form.is_none());
    assert!(said(&f.app).contains("Read-only"), "{}", said(&f.app));
    assert!(holders(&f.app, 0).is_empty());
}
