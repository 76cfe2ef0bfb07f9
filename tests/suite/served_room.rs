//! A room served over SSH, end to end inside the app: tables join with a
//! russh client, type into their group's screen, and what they type is in
//! the one session and on the facilitator's screen.

use crate::common;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use roundtable::app::App;
use roundtable::serve::{RoomCode, ServeConfig, Server, TableEvent};
use russh::ChannelMsg;

use crate::common::ssh::{self, Table};
use crate::common::{go_to_stage, screen, session_app};

const CODE: &str = "otter-reed-2718";
const WAIT: Duration = Duration::from_secs(5);

/// The facilitator's app serving its session on a loopback port.
struct Room {
    fixture: common::Fixture,
    events: mpsc::Receiver<TableEvent>,
    rt: tokio::runtime::Runtime,
}

fn room(open_groups: bool) -> Room {
    let mut fixture = session_app(&["Red", "Blue"]);
    let mut config = ServeConfig::new(
        "127.0.0.1:0".parse().expect("an address"),
        RoomCode::new(CODE),
        fixture.dir.path().join("host_key"),
    );
    config.reject_delay = Duration::from_millis(5);
    let (tx, rx) = mpsc::channel();
    let server = Server::start(config, tx).expect("the server starts");
    fixture.app.serve(server, rx, RoomCode::new(CODE), open_groups);
    let events = fixture.app.take_table_events().expect("the server's events");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime");
    Room { fixture, events, rt }
}

impl Room {
    fn app(&mut self) -> &mut App {
        &mut self.fixture.app
    }

    /// Hands the server's events to the app, as the run loop does, until
    /// `done` holds.
    fn pump_until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let deadline = Instant::now() + WAIT;
        while !done(&self.fixture.app) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "timed out waiting for {what}");
            if let Ok(event) = self.events.recv_timeout(left.min(Duration::from_millis(50))) {
                self.fixture.app.handle_table(event);
            }
            self.fixture.app.frame(Instant::now());
        }
    }

    fn join(&mut self, user: &str) -> Table {
        let port = self.fixture.app.server.as_ref().expect("serving").local_addr().port();
        let table = self.rt.block_on(ssh::join(std::net::SocketAddr::from(([127, 0, 0, 1], port)), user, CODE));
        let before = self.fixture.app.tables.len();
        self.pump_until("the table to join", |app| app.tables.len() > before);
        table
    }

    fn send(&self, table: &Table, bytes: &[u8]) {
        self.rt.block_on(table.channel.data(bytes)).expect("sent");
    }

    /// Reads what the table's screen shows until it contains `want`,
    /// handing the server's events to the app meanwhile (as the run loop would).
    fn until_shown(&mut self, table: &mut Table, want: &str) -> String {
        let deadline = Instant::now() + WAIT;
        while !table.screen.screen().contents().contains(want) && Instant::now() < deadline {
            while let Ok(event) = self.events.try_recv() {
                self.fixture.app.handle_table(event);
            }
            // As the run loop does: the other screens are drawn at the frame.
            self.fixture.app.frame(Instant::now());
            self.rt.block_on(table.read_for(Duration::from_millis(20)));
        }
        let shown = table.screen.screen().contents();
        assert!(shown.contains(want), "the table's screen should show {want:?}:\n{shown}");
        shown
    }
}

fn red_barriers(app: &App) -> Vec<String> {
    let session = app.session().expect("a session");
    session.groups[0].barriers.iter().map(|b| b.text.clone()).collect()
}

#[test]
fn a_barrier_typed_at_a_table_is_in_the_session_and_on_the_facilitators_screen() {
    let mut room = room(false);
    go_to_stage(room.app(), 3);
    let mut red = room.join("red");
    room.until_shown(&mut red, "Barriers");
    room.send(&red, b"a");
    room.until_shown(&mut red, "New barrier");
    room.send(&red, b"No shared data");
    room.send(&red, b"\x1b");
    room.pump_until("the barrier in the session", |app| red_barriers(app).contains(&"No shared data".to_string()));
    // The facilitator works on Red, the first group: the barrier is there.
    let facilitator = screen(&room.fixture.app, 100, 30);
    assert!(facilitator.contains("No shared data"), "{facilitator}");
    assert!(facilitator.contains("1 table"), "the facilitator sees who is connected:\n{facilitator}");
    // And on the table's own screen, once the form has closed.
    room.until_shown(&mut red, "No shared data");
    assert_eq!(room.app().session().expect("a session").groups[1].barriers.len(), 0, "Blue is untouched");
    // Quitting would end the room for the table: asked first.
    facilitator_keys(&mut room, "q");
    assert_eq!(room.app().screen.run, roundtable::app::RunState::Running);
    let asked = screen(&room.fixture.app, 100, 30);
    assert!(asked.contains("Connected to this room: 1 table over SSH."), "{asked}");
    facilitator_keys(&mut room, "n");
    assert_eq!((room.app().screen.overlay, room.app().screen.run), (None, roundtable::app::RunState::Running));
}

/// A table picks an idea card for its own group's plan, as a group's
/// laptop does.
#[test]
fn a_table_picks_an_idea_card_for_its_group() {
    let mut room = room(false);
    go_to_stage(room.app(), 6);
    let mut blue = room.join("blue");
    room.until_shown(&mut blue, "d pick an idea card");
    room.send(&blue, b"d");
    room.until_shown(&mut blue, "Idea cards: pick one to start an action");
    room.send(&blue, b"\x1b[B\x1b[B\x1b[B");
    room.until_shown(&mut blue, "Idea 4 of 10");
    room.send(&blue, b"\r");
    room.until_shown(&mut blue, "From the idea card: Secondments");
    room.send(&blue, b"\x1b");
    let blue_ideas = |app: &App| -> Vec<Option<String>> {
        app.session().map_or(Vec::new(), |s| s.groups[1].actions.iter().map(|a| a.idea.clone()).collect())
    };
    room.pump_until("Blue's action from the card", |app| blue_ideas(app) == [Some("secondments".to_string())]);
    assert!(room.app().session().expect("a session").groups[0].actions.is_empty(), "Red is untouched");
}

#[test]
fn two_laptops_at_one_table_both_see_an_edit() {
    let mut room = room(false);
    go_to_stage(room.app(), 3);
    let first = room.join("Red");
    let mut second = room.join("RED");
    assert_eq!(room.app().tables.len(), 2);
    let red = room.app().session().expect("a session").groups[0].id;
    let connected = &room.app().work.served.as_ref().expect("served").connected;
    assert_eq!(connected.len(), 2, "the room knows both laptops: {connected:?}");
    assert!(connected.iter().all(|c| c.group == red && c.from.ip().is_loopback()), "{connected:?}");
    room.send(&first, b"a");
    room.send(&first, b"Funding cycles too short");
    room.pump_until("the barrier", |app| red_barriers(app).iter().any(|b| b == "Funding cycles too short"));
    room.until_shown(&mut second, "Funding cycles too short");
    // The groups list tells the two laptops apart by the names notices use.
    facilitator_keys(&mut room, "G");
    let groups = screen(&room.fixture.app, 120, 30);
    assert!(groups.contains("laptop 1 (127.0.0.1), laptop 2 (127.0.0.1)"), "{groups}");
}

#[test]
fn an_unknown_group_is_shown_the_rooms_groups_and_adds_nothing() {
    let mut room = room(false);
    let port = room.app().server.as_ref().expect("serving").local_addr().port();
    let table = room.rt.block_on(ssh::join(std::net::SocketAddr::from(([127, 0, 0, 1], port)), "purple", CODE));
    let (_ssh, mut channel) = (table.ssh, table.channel);
    room.pump_until("the table to be turned away", |app| app.tables.is_empty());
    // The server closes the connection after the short screen.
    let deadline = Instant::now() + WAIT;
    let mut got = Vec::new();
    while Instant::now() < deadline {
        if let Ok(event) = room.events.try_recv() {
            room.fixture.app.handle_table(event);
        }
        let done = room.rt.block_on(async {
            match tokio::time::timeout(Duration::from_millis(100), channel.wait()).await {
                Ok(Some(ChannelMsg::Data { data })) => {
                    got.extend_from_slice(&data);
                    false
                }
                Ok(Some(_)) => false,
                Ok(None) => true,
                Err(_) => false,
            }
        });
        if done {
            break;
        }
    }
    let text = String::from_utf8_lossy(&got);
    assert!(text.contains("no group called \"purple\""), "{text}");
    assert!(text.contains("Red") && text.contains("Blue") && text.contains("ssh -p"), "{text}");
    assert_eq!(room.app().session().expect("a session").groups.len(), 2, "no group was added");
    assert!(room.app().tables.is_empty());
}

#[test]
fn with_new_groups_allowed_an_unknown_name_starts_a_group() {
    let mut room = room(true);
    let _green = room.join("Green");
    let names: Vec<String> = room.app().session().expect("a session").groups.iter().map(|g| g.name.clone()).collect();
    assert_eq!(names, ["Red", "Blue", "Green"]);
}

#[test]
fn a_table_changes_only_its_own_group_and_not_the_room() {
    let mut room = room(false);
    go_to_stage(room.app(), 3);
    let mut blue = room.join("blue");
    let stage = room.app().session().expect("a session").stage;
    // g (next group), i (inject), s (timer), ] (the room's stage): none is a table's.
    for key in [&b"g"[..], b"i", b"s", b"]"] {
        room.send(&blue, key);
    }
    room.send(&blue, b"a");
    room.send(&blue, b"Blue's own");
    room.send(&blue, b"\x1b");
    room.pump_until("Blue's barrier", |app| {
        app.session().is_some_and(|s| s.groups[1].barriers.iter().any(|b| b.text == "Blue's own"))
    });
    let session = room.app().session().expect("a session");
    assert!(session.groups[0].barriers.is_empty(), "Red is untouched");
    assert!(session.injects.is_empty(), "no inject was fired");
    assert!(session.timer().is_some_and(|t| !t.is_running()), "the timer was not started");
    assert_eq!(session.stage, stage, "the room stays on its stage");
    room.until_shown(&mut blue, "Blue's own");
    // Looking back is the table's own: the room stays where it is.
    room.send(&blue, b"[");
    room.until_shown(&mut blue, "Looking back");
    assert_eq!(room.app().session().expect("a session").stage, stage);
    room.send(&blue, b".");
    room.pump_until("the table to return to the room's stage", |app| {
        app.tables.iter().all(|t| t.state.view.stage.is_none())
    });
}

#[test]
fn a_table_dropped_mid_edit_loses_nothing() {
    let mut room = room(false);
    go_to_stage(room.app(), 3);
    let red = room.join("red");
    room.send(&red, b"a");
    room.send(&red, b"Half a thought");
    room.pump_until("the text in the session", |app| red_barriers(app).iter().any(|b| b == "Half a thought"));
    // The laptop's lid shuts: the connection just ends.
    drop(red);
    room.pump_until("the table to leave", |app| app.tables.is_empty());
    assert!(room.app().work.served.as_ref().expect("served").connected.is_empty(), "nobody is shown connected");
    // Within a second the session is on disk with what was typed.
    room.app().tick(Instant::now() + Duration::from_secs(1));
    let path = room.app().work.open.as_ref().expect("a session").path.clone();
    let saved = roundtable::store::load_session(&path).expect("the saved session");
    assert!(saved.groups[0].barriers.iter().any(|b| b.text == "Half a thought"));
}

/// The room's slide is the facilitator's: a table turning slides reads
/// ahead on its own screen, and the facilitator's screen, the projector and
/// the saved session stay where the facilitator put them. Speaker notes and
/// the room's next stage are not a table's to use, nor offered to it.
#[test]
fn a_table_turns_its_own_slides_and_never_the_rooms() {
    let mut room = room(false);
    go_to_stage(room.app(), 2);
    let mut red = room.join("red");
    let shown = room.until_shown(&mut red, "slide 1 of");
    assert!(
        !shown.contains("speaker notes") && !shown.contains("next stage"),
        "a table is offered only its own keys:\n{shown}"
    );
    for _ in 0..3 {
        room.send(&red, b"\x1b[C");
    }
    room.until_shown(&mut red, "slide 4 of");
    assert_eq!(room.app().session().expect("a session").slide, 0, "the room's slide has not moved");
    let facilitator = screen(&room.fixture.app, 100, 30);
    assert!(facilitator.contains("slide 1 of"), "{facilitator}");
    // Speaker notes stay the facilitator's.
    room.send(&red, b"n");
    let shown = room.until_shown(&mut red, "slide 4 of");
    assert!(!shown.contains("Speaker notes"), "{shown}");
    // The facilitator moves the room's slide; the table reading ahead keeps
    // its own until it returns to the room.
    room.app().handle_key(&crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Right,
        crossterm::event::KeyModifiers::NONE,
    ));
    assert_eq!(room.app().session().expect("a session").slide, 1);
    room.send(&red, b".");
    room.until_shown(&mut red, "slide 2 of");
}

/// What the facilitator's screen says on its status line, after a key.
fn facilitator_keys(room: &mut Room, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\r' => crossterm::event::KeyCode::Enter,
            '\x1b' => crossterm::event::KeyCode::Esc,
            '\x08' => crossterm::event::KeyCode::Backspace,
            c => crossterm::event::KeyCode::Char(c),
        };
        room.app().handle_key(&crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE));
    }
}

/// Undo at a table takes back that laptop's own last change, says what it
/// was, and never another laptop's or the facilitator's work.
#[test]
fn undo_at_a_laptop_takes_back_only_its_own_work() {
    let mut room = room(false);
    go_to_stage(room.app(), 3);
    let mut first = room.join("red");
    let mut second = room.join("red");
    room.send(&first, b"a");
    room.send(&first, b"First laptop's barrier\x1b");
    room.pump_until("the first barrier", |app| red_barriers(app).len() == 1);
    for text in ["Second one", "Second two"] {
        room.send(&second, b"a");
        room.send(&second, format!("{text}\x1b").as_bytes());
    }
    room.pump_until("the second laptop's barriers", |app| red_barriers(app).len() == 3);
    // The facilitator renames Red meanwhile.
    facilitator_keys(&mut room, "G");
    facilitator_keys(&mut room, "r");
    for _ in 0..3 {
        facilitator_keys(&mut room, "\x08");
    }
    facilitator_keys(&mut room, "Crimson\r\x1b");
    assert_eq!(room.app().session().expect("a session").groups[0].name, "Crimson");

    room.send(&first, b"z");
    room.until_shown(&mut first, "Undone: added barrier 'First laptop's barrier'");
    assert_eq!(red_barriers(room.app()), ["Second one", "Second two"], "the other laptop's work stands");
    assert_eq!(room.app().session().expect("a session").groups[0].name, "Crimson", "the facilitator's too");
    room.send(&first, b"z");
    room.until_shown(&mut first, "Nothing to undo.");
    assert_eq!(red_barriers(room.app()).len(), 2);
    room.send(&second, b"z");
    room.until_shown(&mut second, "Undone: added barrier 'Second two'");
    assert_eq!(red_barriers(room.app()), ["Second one"]);
}

/// Two laptops on one action: each sees the other's typing as it arrives
/// and who is writing; edits to different fields both stand, and each
/// laptop's undo takes back its own. Where both wrote in one field, undo
/// says so rather than take the other's words.
#[test]
fn two_laptops_editing_one_action_see_each_other_and_lose_nothing() {
    let mut room = room(false);
    go_to_stage(room.app(), 6);
    let mut first = room.join("red");
    let mut second = room.join("red");
    room.send(&first, b"a");
    room.send(&first, b"Map the sector");
    room.pump_until("the action", |app| app.session().is_some_and(|s| s.groups[0].actions.len() == 1));
    room.until_shown(&mut second, "Map the sector");
    // The second laptop opens the same action while the first still types.
    room.send(&second, b"e");
    room.until_shown(&mut second, "Edit action");
    room.send(&first, b" together");
    room.until_shown(&mut second, "Map the sector together");
    room.until_shown(&mut second, "Red laptop 1 is editing this title.");
    // The second laptop writes the first step.
    for _ in 0..8 {
        room.send(&second, b"	");
    }
    room.send(&second, b"Ring the CVS");
    room.until_shown(&mut first, "Red laptop 2 is editing this first step.");
    room.pump_until("both edits in the session", |app| {
        app.session().is_some_and(|s| {
            let a = &s.groups[0].actions[0];
            a.title == "Map the sector together" && a.first_step == "Ring the CVS"
        })
    });
    // Each laptop's undo takes back its own edits only.
    room.send(&second, b"\x1b");
    room.send(&second, b"z");
    room.until_shown(&mut second, "Undone: edited action 'Map the sector together'");
    let action = &room.app().session().expect("a session").groups[0].actions[0];
    assert_eq!((action.title.as_str(), action.first_step.as_str()), ("Map the sector together", ""));
    room.send(&first, b"\x1b");
    room.send(&first, b"z");
    room.until_shown(&mut first, "Undone: added action 'Map the sector together'");
    assert!(room.app().session().expect("a session").groups[0].actions.is_empty());

    // Both write in one title: undo never takes the other's words.
    room.send(&first, b"a");
    room.send(&first, b"Fund\x1b");
    room.pump_until("the second action", |app| app.session().is_some_and(|s| s.groups[0].actions.len() == 1));
    room.until_shown(&mut second, "Fund");
    room.send(&first, b"e");
    room.send(&second, b"e");
    room.until_shown(&mut second, "Edit action");
    room.send(&first, b" jointly");
    room.until_shown(&mut second, "Fund jointly");
    room.send(&second, b" from April");
    room.until_shown(&mut first, "Fund jointly from April");
    room.send(&first, b"\x1b");
    room.send(&second, b"\x1b");
    room.send(&first, b"z");
    room.until_shown(&mut first, "Red laptop 2 wrote");
    assert!(
        first.screen.screen().contents().contains("Not undone: edited action"),
        "the laptop is told which of its steps was not undone"
    );
    let action = &room.app().session().expect("a session").groups[0].actions[0];
    assert_eq!(action.title, "Fund jointly from April", "the second laptop's words stand");
    // The second laptop wrote last: its undo takes back its words alone.
    room.send(&second, b"z");
    room.until_shown(&mut second, "Undone: edited action 'Fund jointly from April'");
    let action = &room.app().session().expect("a session").groups[0].actions[0];
    assert_eq!(action.title, "Fund jointly", "the first laptop's words stand");
}

/// An action deleted on one laptop while the other is writing in it: the
/// writer is told, and what they wrote is put back when they close it.
#[test]
fn an_action_deleted_while_open_elsewhere_is_kept_and_put_back() {
    let mut room = room(false);
    go_to_stage(room.app(), 6);
    let mut first = room.join("red");
    let mut second = room.join("red");
    room.until_shown(&mut second, "This screen is Red laptop 2.");
    room.until_shown(&mut first, "Red laptop 2 has joined your table.");
    room.send(&first, b"a");
    room.send(&first, b"Joint fund\x1b");
    room.pump_until("the action", |app| app.session().is_some_and(|s| s.groups[0].actions.len() == 1));
    room.until_shown(&mut second, "Joint fund");
    room.send(&second, b"e");
    room.until_shown(&mut second, "Edit action");
    room.send(&first, b"x");
    room.until_shown(&mut first, "Delete");
    room.send(&first, b"y");
    room.pump_until("the deletion", |app| app.session().is_some_and(|s| s.groups[0].actions.is_empty()));
    room.until_shown(&mut second, "Red laptop 1 deleted this action. What you wrote is kept");
    room.send(&second, b" for 2027");
    room.send(&second, b"\x1b");
    room.pump_until("the action put back", |app| {
        app.session().is_some_and(|s| s.groups[0].actions.iter().any(|a| a.title == "Joint fund for 2027"))
    });
    room.until_shown(&mut second, "Put back the action Red laptop 1 deleted");
    // The second laptop's undo takes back the putting back.
    room.send(&second, b"z");
    room.until_shown(&mut second, "Undone: put back action 'Joint fund for 2027'");
    assert!(room.app().session().expect("a session").groups[0].actions.is_empty());
    // The first laptop's undo of its deletion then puts the action back.
    room.send(&first, b"z");
    room.until_shown(&mut first, "Undone: deleted action 'Joint fund'");
    assert_eq!(room.app().session().expect("a session").groups[0].actions[0].title, "Joint fund");
}

/// The facilitator's table tracker shows each table's connection, the
/// stage its screen looks at, and which fired news it has answered.
#[test]
fn the_tracker_shows_where_each_table_is_and_what_it_has_answered() {
    let mut room = room(false);
    go_to_stage(room.app(), 6);
    let mut red = room.join("red");
    room.until_shown(&mut red, "Red");
    // Red looks back at the scenario stage.
    room.send(&red, b"[");
    room.until_shown(&mut red, "Looking back");
    // The facilitator fires the first inject; nobody has answered it yet.
    facilitator_keys(&mut room, "i\r");
    room.pump_until("the tracker to see red look back", |app| {
        app.work.served.as_ref().is_some_and(|s| s.connected.iter().any(|c| c.looking_at == Some(4)))
    });
    facilitator_keys(&mut room, "W");
    let shown = screen(&room.fixture.app, 120, 30);
    assert!(shown.contains("The tables"), "{shown}");
    assert!(shown.contains("SSH from 127.0.0.1: stage 5"), "red's table looks at stage 5: {shown}");
    assert!(shown.contains("news 0 of 1 answered ○"), "{shown}");
    assert!(shown.contains("Blue") && shown.contains("no screen of its own"), "{shown}");
    // Red answers the news: the tracker ticks it.
    room.send(&red, b".");
    room.until_shown(&mut red, "News, month");
    room.send(&red, b"r");
    room.until_shown(&mut red, "Your answer to the news");
    room.send(&red, b"We slow down\x13");
    room.pump_until("red's answer", |app| app.session().is_some_and(|s| s.groups[0].response(0).is_some()));
    let shown = screen(&room.fixture.app, 120, 30);
    assert!(shown.contains("news 1 of 1 answered ✓"), "{shown}");
    assert!(!shown.contains("SSH from 127.0.0.1: stage 5 "), "red followed the room again: {shown}");
}
