//! The scenario's idea cards in the room: on the solutions and actions
//! stages a group reads the cards and picks one, which starts a solution or
//! an action linked to its card; a card the group has taken before is
//! marked, and taking it again asks first. The room's own screen of a
//! shared folder reads the cards but does not pick.

use crate::common::{go_to_stage, keys, press, screen, session_app};
use crossterm::event::KeyCode;
use roundtable::app::{App, Overlay, Pick, join_room, open_room};
use roundtable::domain::session::{Mode, Session};
use roundtable::scenarios;

/// The index of the idea card called `id` in the built-in scenario.
fn card(id: &str) -> usize {
    scenarios::built_in_default().idea_cards.iter().position(|c| c.id == id).expect("the card is in the scenario")
}

/// Opens the idea cards and picks the one called `id`.
fn pick(app: &mut App, id: &str) {
    keys(app, "d");
    for _ in 0..card(id) {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Enter);
}

#[test]
fn picking_an_idea_card_on_the_solutions_stage_starts_a_solution_linked_to_it() {
    let mut f = session_app(&["Red", "Blue"]);
    go_to_stage(&mut f.app, 4);
    keys(&mut f.app, "d");
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Idea cards: pick one to start a solution"), "{s}");
    assert!(s.contains("Enter pick this card"), "the hint bar names the key: {s}");
    press(&mut f.app, KeyCode::Esc);

    pick(&mut f.app, "secondments");
    let form = f.app.screen.form.as_ref().expect("the new solution is open to finish");
    assert_eq!(form.title, "From the idea card: Secondments");
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Secondments") && s.contains("Capacity and training; Relationships"), "{s}");
    keys(&mut f.app, " in Wexcombe's libraries");
    press(&mut f.app, KeyCode::Esc);

    let session = f.app.session().expect("a session");
    let solution = &session.groups[0].solutions[0];
    assert_eq!(solution.text, "Secondments in Wexcombe's libraries");
    assert_eq!(solution.idea.as_deref(), Some("secondments"));
    assert_eq!(solution.areas, ["capacity", "relationships"], "the card's areas are ticked");
    assert!(session.groups[1].solutions.is_empty(), "only the group on screen");
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("From the idea card: Secondments"), "the detail names the card: {s}");
    let md =
        roundtable::export::render(session, roundtable::export::Format::Markdown, &roundtable::clock::TimeZone::UTC);
    assert!(md.contains("- **Secondments in Wexcombe's libraries**"), "{md}");
    assert!(md.contains("  - From the idea card 'Secondments'"), "the report names the card: {md}");
    keys(&mut f.app, "z");
    assert!(f.app.session().expect("a session").groups[0].solutions.is_empty(), "one undo takes it back");
}

#[test]
fn picking_an_idea_card_on_the_actions_stage_starts_an_action_linked_to_it() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 6);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("or d to start from an"), "{s}");
    keys(&mut f.app, "d");
    assert!(screen(&f.app, 80, 24).contains("Idea cards: pick one to start an action"));
    press(&mut f.app, KeyCode::Esc);
    pick(&mut f.app, "risk-budget");
    let form = f.app.screen.form.as_ref().expect("the new action is open to finish");
    assert_eq!(form.title, "From the idea card: A small risk budget");
    assert_eq!(form.focused().label, "Lead", "who leads is the first thing the card does not say");
    press(&mut f.app, KeyCode::Esc);

    let scenario = scenarios::built_in_default();
    let action = &f.app.session().expect("a session").groups[0].actions[0];
    assert_eq!(action.title, "A small risk budget");
    assert_eq!(action.what, scenario.idea_cards[card("risk-budget")].text);
    assert_eq!(action.areas, ["capacity"]);
    assert_eq!(action.idea.as_deref(), Some("risk-budget"));
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("From the idea card: A small risk budget"), "{s}");
    let session = f.app.session().expect("a session");
    let md =
        roundtable::export::render(session, roundtable::export::Format::Markdown, &roundtable::clock::TimeZone::UTC);
    assert!(md.contains("| 1 | A small risk budget (from the idea card 'A small risk budget') |"), "{md}");
}

#[test]
fn a_full_plan_takes_no_card() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 6);
    for _ in 0..5 {
        pick(&mut f.app, "compact");
        if f.app.screen.overlay.is_some() {
            keys(&mut f.app, "y");
        }
        press(&mut f.app, KeyCode::Esc);
    }
    assert_eq!(f.app.session().expect("a session").groups[0].actions.len(), 5);
    pick(&mut f.app, "secondments");
    assert_eq!(f.app.session().expect("a session").groups[0].actions.len(), 5);
    assert!(f.app.screen.form.is_none() && f.app.screen.overlay.is_none());
    assert!(screen(&f.app, 80, 24).contains("already has 5 actions"));
}

#[test]
fn a_card_taken_before_is_marked_and_taking_it_again_asks() {
    let mut f = session_app(&["Red", "Blue"]);
    go_to_stage(&mut f.app, 6);
    pick(&mut f.app, "secondments");
    press(&mut f.app, KeyCode::Esc);
    keys(&mut f.app, "d");
    for _ in 0..card("secondments") {
        press(&mut f.app, KeyCode::Down);
    }
    let s = screen(&f.app, 80, 24);
    let row = s.lines().find(|l| l.contains("Secondments") && !l.contains("idea card")).unwrap_or_default();
    assert!(row.contains("✓ taken"), "{s}");
    assert!(s.contains("This group already has an action from this card."), "{s}");
    assert!(!s.lines().any(|l| l.contains("A local Compact") && l.contains("✓ taken")), "{s}");

    press(&mut f.app, KeyCode::Enter);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("This group already has an action from this card"), "{s}");
    assert!(s.contains("Take it again?"), "{s}");
    keys(&mut f.app, "n");
    let selected = card("secondments");
    assert_eq!(f.app.screen.overlay, Some(Overlay::Ideas { selected, pick: Pick::Action, scroll: 0 }));
    assert_eq!(f.app.session().expect("a session").groups[0].actions.len(), 1, "nothing taken");
    press(&mut f.app, KeyCode::Enter);
    keys(&mut f.app, "y");
    press(&mut f.app, KeyCode::Esc);
    let actions = &f.app.session().expect("a session").groups[0].actions;
    assert_eq!(actions.len(), 2);
    assert!(actions.iter().all(|a| a.idea.as_deref() == Some("secondments")));

    // Another group has taken nothing yet.
    keys(&mut f.app, "gd");
    assert!(!screen(&f.app, 80, 24).contains("✓ taken"));
    press(&mut f.app, KeyCode::Esc);

    // The barrier deck marks its cards and asks the same.
    go_to_stage(&mut f.app, 3);
    keys(&mut f.app, "d");
    press(&mut f.app, KeyCode::Enter);
    press(&mut f.app, KeyCode::Esc);
    keys(&mut f.app, "d");
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("The scenario's barrier deck: pick a card"), "{s}");
    assert!(s.lines().nth(2).is_some_and(|l| l.contains("✓ taken")), "{s}");
    press(&mut f.app, KeyCode::Enter);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("This group already has a barrier from this card"), "{s}");
    keys(&mut f.app, "y");
    press(&mut f.app, KeyCode::Esc);
    let barriers = &f.app.session().expect("a session").groups[1].barriers;
    assert_eq!(barriers.len(), 2);
    assert_eq!(barriers[0].card, barriers[1].card);
}

fn folder_room(dir: &std::path::Path) {
    let session = Session::new("Folder", scenarios::built_in_default(), Mode::Room, &["Red".into(), "Blue".into()], 0);
    roundtable::store::folder::create_room(dir, &session).unwrap();
}

#[test]
fn the_folder_rooms_screen_reads_the_cards_and_a_groups_laptop_picks_them() {
    let dir = tempfile::tempdir().unwrap();
    folder_room(dir.path());
    let mut room = App::with_open(dir.path().to_path_buf(), open_room(dir.path()).unwrap());
    room.screen.theme = roundtable::ui::theme::Theme::monochrome();
    for stage in [4, 6] {
        go_to_stage(&mut room, stage);
        let s = screen(&room, 80, 24);
        assert!(s.contains("d read the idea cards") && !s.contains("pick an idea card"), "{s}");
        keys(&mut room, "d");
        let s = screen(&room, 80, 24);
        assert!(s.contains("Idea cards") && !s.contains("pick one"), "{s}");
        assert!(s.contains("To read only: each group picks its cards on its own laptop."), "{s}");
        assert!(!s.contains("Enter pick this card"), "{s}");
        press(&mut room, KeyCode::Down);
        press(&mut room, KeyCode::Enter);
        assert!(room.screen.form.is_none(), "stage {stage}: nothing is started");
        assert!(matches!(room.screen.overlay, Some(Overlay::Ideas { selected: 1, .. })), "still reading");
        press(&mut room, KeyCode::Esc);
    }
    go_to_stage(&mut room, 3);
    keys(&mut room, "d");
    assert!(screen(&room, 80, 24).contains("To read only"));
    press(&mut room, KeyCode::Enter);
    assert!(room.screen.form.is_none());
    press(&mut room, KeyCode::Esc);
    let open = room.work.open.as_ref().unwrap();
    assert!(open.session.groups.iter().all(|g| g.barriers.is_empty() && g.solutions.is_empty()));

    let mut laptop = App::with_open(
        dir.path().to_path_buf(),
        join_room(dir.path(), "Red", roundtable::store::folder::UnknownGroup::Refuse).unwrap(),
    );
    laptop.screen.theme = roundtable::ui::theme::Theme::monochrome();
    go_to_stage(&mut laptop, 4);
    pick(&mut laptop, "compact");
    press(&mut laptop, KeyCode::Esc);
    let red = &laptop.session().expect("a session").groups[0];
    assert_eq!(red.solutions[0].idea.as_deref(), Some("compact"));
}

#[test]
fn a_read_only_view_reads_the_cards() {
    let mut f = session_app(&["Red"]);
    f.app.work.open.as_mut().unwrap().read_only = true;
    go_to_stage(&mut f.app, 4);
    keys(&mut f.app, "d");
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("To read only: this session is open in another Roundtable."), "{s}");
    press(&mut f.app, KeyCode::Enter);
    assert!(f.app.session().expect("a session").groups[0].solutions.is_empty());
}

/// A scenario without idea cards says so rather than opening nothing.
#[test]
fn a_scenario_without_idea_cards_says_so() {
    let mut f = session_app(&["Red"]);
    f.app.work.open.as_mut().unwrap().session.scenario.idea_cards.clear();
    go_to_stage(&mut f.app, 4);
    keys(&mut f.app, "d");
    assert!(f.app.screen.overlay.is_none());
    assert!(screen(&f.app, 80, 24).contains("This scenario has no idea cards."));
}
