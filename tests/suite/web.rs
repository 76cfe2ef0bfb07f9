//! The phones' page, end to end: a real HTTP client joins with the room
//! code and adds a barrier, which is in the one session and on the
//! facilitator's screen; what a wrong code, another site or an oversize
//! body sends is refused. The app runs in the test, its loop played by
//! the test as the run loop plays it; the last tests run the real binary.

use crate::common;
use std::io::BufRead;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roundtable::app::App;
use roundtable::serve::{Lockouts, RoomCode};
use roundtable::web::{self, PhoneEvent, WebConfig};

use crate::common::phone::{Answer, Phone};
use crate::common::{go_to_stage, screen, session_app};

const CODE: &str = "otter-reed-2718";
const WAIT: Duration = Duration::from_secs(5);

/// The facilitator's app with its page for phones on a loopback port.
struct Room {
    fixture: common::Fixture,
    events: mpsc::Receiver<PhoneEvent>,
    base: String,
}

fn room() -> Room {
    room_with(|_| {})
}

/// A room whose page is set up as `adjust` says.
fn room_with(adjust: impl FnOnce(&mut WebConfig)) -> Room {
    let mut fixture = session_app(&["Red", "Blue"]);
    let code = RoomCode::new(CODE);
    let mut config = WebConfig::new("127.0.0.1:0".parse().expect("an address"), code.clone(), Lockouts::default());
    config.reject_delay = Duration::from_millis(5);
    adjust(&mut config);
    let (tx, rx) = mpsc::channel();
    let server = web::Server::start(config, tx).expect("the page starts");
    fixture.app.serve_phones(server, rx, code);
    let events = fixture.app.take_phone_events().expect("the page's events");
    let port = fixture.app.web.as_ref().expect("serving").local_addr().port();
    Room { fixture, events, base: format!("http://127.0.0.1:{port}") }
}

impl Room {
    fn app(&mut self) -> &mut App {
        &mut self.fixture.app
    }

    /// Makes a request on another thread while handing the page's events
    /// to the app, as the run loop does (a post waits for the app's answer).
    fn pumping<T: Send>(&mut self, request: impl FnOnce() -> T + Send) -> T {
        std::thread::scope(|scope| {
            let asking = scope.spawn(request);
            while !asking.is_finished() {
                if let Ok(event) = self.events.recv_timeout(Duration::from_millis(5)) {
                    self.fixture.app.handle_phone(event);
                }
            }
            self.settle();
            asking.join().expect("the request")
        })
    }

    /// Hands the app whatever the page has reported.
    fn settle(&mut self) {
        while let Ok(event) = self.events.try_recv() {
            self.fixture.app.handle_phone(event);
        }
    }

    /// Hands the app the page's events until `done` holds.
    fn pump_until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let deadline = Instant::now() + WAIT;
        while !done(&self.fixture.app) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            if let Ok(event) = self.events.recv_timeout(Duration::from_millis(20)) {
                self.fixture.app.handle_phone(event);
            }
        }
    }

    /// A phone that has joined `table` with the room code.
    fn joined(&mut self, table: &str) -> Phone {
        let mut phone = Phone::new(&self.base);
        let answer = self.pumping(|| phone.post("/join", &[("code", CODE), ("table", table)], &[]));
        assert_eq!(answer.status, 303, "{}", answer.body);
        assert_eq!(answer.header("location"), Some("/table"));
        phone.keep_cookie(&answer);
        phone
    }

    fn red_barriers(&self) -> Vec<String> {
        let session = self.fixture.app.session().expect("a session");
        session.groups[0].barriers.iter().map(|b| b.text.clone()).collect()
    }
}

/// Adds a barrier from `phone` through the page's form.
fn add_barrier(room: &mut Room, phone: &Phone, text: &str) -> Answer {
    let page = phone.get("/table");
    let token = page.form_token();
    room.pumping(|| {
        phone.post(
            "/barriers",
            &[("form_token", &token), ("text", text), ("kind", "organisational"), ("severity", "4")],
            &[],
        )
    })
}

#[test]
fn the_right_code_gets_a_cookie_and_the_tables_page() {
    let mut room = room();
    let mut phone = Phone::new(&room.base);
    let front = phone.get("/?table=blue");
    assert_eq!(front.status, 200);
    assert!(front.body.contains(r#"<option value="blue" selected>Blue</option>"#), "{}", front.body);
    assert!(front.body.contains(r#"<label for="code">Room code</label>"#));
    let joined = room.pumping(|| phone.post("/join", &[("code", "  OTTER-reed-2718 "), ("table", "blue")], &[]));
    assert_eq!(joined.status, 303);
    assert_eq!(joined.header("location"), Some("/table"));
    let cookie = joined.header("set-cookie").expect("a cookie");
    for part in ["roundtable=", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    let token = cookie.split(';').next().unwrap().trim_start_matches("roundtable=");
    assert_eq!(token.len(), 64, "256 random bits: {token}");
    phone.keep_cookie(&joined);
    let page = phone.get("/table");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("You are at <strong>Blue</strong>"), "{}", page.body);
    assert!(page.body.contains("Welcome"), "the room's stage: {}", page.body);
    assert!(!page.body.contains("Add a barrier"), "nothing to add at the welcome: {}", page.body);
    // Back at the first page, a person who has joined goes to their table.
    assert_eq!(phone.get("/").header("location"), Some("/table"));
    // Without the cookie there is no table page.
    assert_eq!(Phone::new(&room.base).get("/table").header("location"), Some("/"));
}

#[test]
fn a_wrong_code_is_refused_and_repeated_wrong_codes_shut_the_address_out() {
    let mut room = room();
    let phone = Phone::new(&room.base);
    let wrong = room.pumping(|| phone.post("/join", &[("code", "otter-reed-2719"), ("table", "red")], &[]));
    assert_eq!(wrong.status, 403);
    assert!(wrong.header("set-cookie").is_none());
    assert!(wrong.body.contains("not the room's code"), "{}", wrong.body);
    assert!(wrong.body.contains(r#"<option value="red" selected>"#), "the table is kept: {}", wrong.body);
    // Ten wrong codes in a minute are allowed; the eleventh shuts the address out.
    for _ in 0..9 {
        let answer = room.pumping(|| phone.post("/join", &[("code", "guess"), ("table", "red")], &[]));
        assert_eq!(answer.status, 403);
    }
    let shut = room.pumping(|| phone.post("/join", &[("code", "guess"), ("table", "red")], &[]));
    assert_eq!(shut.status, 429, "{}", shut.body);
    assert_eq!(shut.header("retry-after"), Some("60"));
    // Now even the right code is refused from this address.
    let right = room.pumping(|| phone.post("/join", &[("code", CODE), ("table", "red")], &[]));
    assert_eq!(right.status, 429);
    assert!(right.header("set-cookie").is_none());
}

#[test]
fn a_barrier_added_on_a_phone_is_in_the_session_and_on_the_facilitators_screen() {
    let mut room = room();
    go_to_stage(room.app(), 3);
    let phone = room.joined("red");
    let answer = add_barrier(&mut room, &phone, "Funding cycles too short\nfor <trust> to grow");
    assert_eq!((answer.status, answer.header("location")), (303, Some("/table")));
    assert_eq!(room.red_barriers(), ["Funding cycles too short for <trust> to grow"]);
    let session = room.app().session().expect("a session").clone();
    let barrier = &session.groups[0].barriers[0];
    assert_eq!((barrier.severity, barrier.kind.label()), (4, "organisational"));
    assert!(session.groups[1].barriers.is_empty(), "Blue is untouched");
    // The facilitator works on Red, the first group: the barrier is there,
    // and the header counts the person on the page.
    let facilitator = screen(room.app(), 100, 30);
    assert!(facilitator.contains("Funding cycles too short"), "{facilitator}");
    assert!(facilitator.contains("1 on phones"), "{facilitator}");
    // The phone's next page says so once, and lists it escaped.
    let page = phone.get("/table");
    assert!(page.body.contains("Added to your table's list"), "{}", page.body);
    assert!(page.body.contains("Funding cycles too short for &lt;trust&gt; to grow"), "{}", page.body);
    assert!(page.body.contains("Red's barriers (1)"));
    assert!(!phone.get("/table").body.contains("Added to your table's list"), "the notice is shown once");
    // The page's live fetch leaves the next notice for the page loaded next.
    add_barrier(&mut room, &phone, "Another");
    let live = phone.get("/table?live");
    assert!(live.body.contains("Another") && !live.body.contains("Added to your table's list"), "{}", live.body);
    assert!(phone.get("/table").body.contains("Added to your table's list: \u{201c}Another\u{201d}"));
    // The session file is written with it.
    room.app().save_now().expect("saved");
    let saved = std::fs::read_to_string(room.fixture.dir.path().join("session.ron")).expect("the session file");
    assert!(saved.contains("Funding cycles too short"), "{saved}");
}

/// Headers a browser adds to a request.
type Headers<'a> = &'a [(&'a str, &'a str)];

#[test]
fn a_cross_site_post_is_refused() {
    let mut room = room();
    let phone = room.joined("red");
    let token = phone.get("/table").form_token();
    let cases: [(Option<&str>, Headers); 6] = [
        // Another site's page cannot read the form token...
        (None, &[]),
        (Some("0000"), &[]),
        (Some(&token[..63]), &[]),
        // ...and a browser says where a post came from.
        (Some(&token), &[("Origin", "http://evil.example")]),
        (Some(&token), &[("Origin", "null"), ("Sec-Fetch-Site", "cross-site")]),
        (Some(&token), &[("Sec-Fetch-Site", "cross-site")]),
    ];
    // Each case: the form's token, if it has one, and the headers sent.
    for (form_token, headers) in cases {
        let mut fields = vec![("text", "Injected")];
        fields.extend(form_token.map(|t| ("form_token", t)));
        let answer = room.pumping(|| phone.post("/barriers", &fields, headers));
        assert_eq!(answer.status, 403, "{fields:?} {headers:?}: {}", answer.body);
    }
    // A join from another site is refused too, right code or not.
    let stranger = Phone::new(&room.base);
    let join = room
        .pumping(|| stranger.post("/join", &[("code", CODE), ("table", "red")], &[("Sec-Fetch-Site", "cross-site")]));
    assert_eq!(join.status, 403);
    // A post without the cookie is nobody's.
    let nobody = room.pumping(|| stranger.post("/barriers", &[("form_token", &token), ("text", "x")], &[]));
    assert_eq!(nobody.status, 403);
    assert!(room.red_barriers().is_empty(), "nothing was added: {:?}", room.red_barriers());
    // The same post from the page itself goes through, as a browser sends
    // it: with the page's origin, or (under the page's no-referrer policy,
    // as Chromium does) with Origin: null and Sec-Fetch-Site: same-origin.
    let origin = room.base.clone();
    let own: [Headers; 2] = [
        &[("Origin", &origin), ("Sec-Fetch-Site", "same-origin")],
        &[("Origin", "null"), ("Sec-Fetch-Site", "same-origin")],
    ];
    for (i, headers) in own.into_iter().enumerate() {
        let text = format!("Real {i}");
        let fine = room.pumping(|| phone.post("/barriers", &[("form_token", &token), ("text", &text)], headers));
        assert_eq!(fine.status, 303, "{headers:?}: {}", fine.body);
    }
    assert_eq!(room.red_barriers(), ["Real 0", "Real 1"]);
}

#[test]
fn an_oversize_body_is_refused() {
    let mut room = room();
    let phone = room.joined("red");
    let token = phone.get("/table").form_token();
    let body = format!("form_token={token}&text={}", "a".repeat(web::BODY_MAX));
    let answer = room.pumping(|| phone.post_bytes("/barriers", body.as_bytes()));
    assert_eq!(answer.status, 413);
    assert!(answer.header("content-security-policy").is_some(), "refusals carry the headers too");
    assert!(room.red_barriers().is_empty());
    // A long barrier within the bound is cut to the page's limit.
    let long = "b".repeat(1000);
    let answer = add_barrier(&mut room, &phone, &long);
    assert_eq!(answer.status, 303);
    assert_eq!(room.red_barriers()[0].chars().count(), web::page::BARRIER_MAX_CHARS);
}

#[test]
fn a_person_posting_too_fast_is_slowed_down() {
    let mut room = room();
    let phone = room.joined("red");
    let token = phone.get("/table").form_token();
    let statuses: Vec<u16> = (0..8)
        .map(|i| {
            let text = format!("Barrier {i}");
            room.pumping(|| phone.post("/barriers", &[("form_token", &token), ("text", &text)], &[])).status
        })
        .collect();
    assert_eq!(&statuses[..5], &[303; 5], "a burst goes through: {statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "then the person waits: {statuses:?}");
    assert_eq!(room.red_barriers().len(), 5);
}

#[test]
fn the_page_never_shows_speaker_notes_and_always_carries_its_security_headers() {
    let mut room = room();
    go_to_stage(room.app(), 2);
    let phone = room.joined("red");
    let page = phone.get("/table");
    let session = room.app().session().expect("a session").clone();
    let slide = &session.scenario.slides[session.slide];
    assert!(!slide.notes.trim().is_empty(), "the slide has notes to leave out");
    assert!(page.body.contains(&html_escaped(&slide.title)), "the slide is shown: {}", page.body);
    for stage in &session.scenario.stages {
        for secret in [&stage.hint, &stage.guide] {
            assert!(secret.trim().is_empty() || !page.body.contains(&html_escaped(secret)), "{secret}");
        }
    }
    for note in session.scenario.slides.iter().map(|s| &s.notes).filter(|n| !n.trim().is_empty()) {
        let start: String = note.chars().take(40).collect();
        assert!(!page.body.contains(&html_escaped(&start)), "a speaker note on the page: {start}");
    }
    assert!(!page.body.contains(room.fixture.dir.path().to_string_lossy().as_ref()), "no file paths");
    for path in ["/", "/table", "/app.js", "/style.css", "/nowhere"] {
        let answer = phone.get(path);
        let csp = answer.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp:?}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert_eq!(answer.header("referrer-policy"), Some("no-referrer"), "{path}");
    }
    assert_eq!(phone.get("/nowhere").status, 404);
    let script = phone.get("/app.js");
    assert!(script.header("content-type").is_some_and(|t| t.starts_with("text/javascript")));
    assert!(script.body.contains("EventSource"));
    // No script or style is written into the page itself.
    assert!(!page.body.contains("<script>") && !page.body.contains("style="), "{}", page.body);
}

fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[test]
fn an_open_page_hears_of_a_change_and_the_facilitator_counts_it() {
    let mut room = room();
    let reader = room.joined("red");
    let (status, kind, stream) = reader.events("/events");
    assert_eq!(status, 200);
    assert_eq!(kind.as_deref(), Some("text/event-stream"));
    let (heard, changes) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if line == "event: change" && heard.send(()).is_err() {
                break;
            }
        }
    });
    // The open page counts as a person on the page at Red.
    room.pump_until("the person to be counted", |app| app.work.tracker()[0].phones == 1);
    assert!(screen(room.app(), 120, 30).contains("1 on phones"), "the header counts them");
    common::keys(room.app(), "G");
    let groups = screen(room.app(), 120, 30);
    assert!(groups.contains("· 1 on phones"), "the groups list counts them at Red:\n{groups}");
    assert!(groups.contains(&format!("Phones join: {}", room.base)), "{groups}");
    common::press(room.app(), crossterm::event::KeyCode::Esc);
    common::keys(room.app(), "P");
    common::press(room.app(), crossterm::event::KeyCode::Tab);
    let tracker = screen(room.app(), 120, 30);
    assert!(tracker.contains("1 person on phones"), "the tracker counts them:\n{tracker}");
    common::press(room.app(), crossterm::event::KeyCode::Esc);
    let writer = room.joined("red");
    add_barrier(&mut room, &writer, "Silo working");
    changes.recv_timeout(WAIT).expect("the open page hears of the new barrier");
    // The facilitator moving the room is a change too.
    go_to_stage(room.app(), 3);
    changes.recv_timeout(WAIT).expect("the open page hears the room move on");
    assert!(reader.get("/table").body.contains("Stage 3 of"), "the page follows the room");
    // Live updates are for people who have joined.
    let (status, _, _) = Phone::new(&room.base).events("/events");
    assert_eq!(status, 403);
}

#[test]
fn a_person_whose_table_is_removed_is_asked_to_choose_another() {
    let mut room = room();
    let phone = room.joined("blue");
    // The facilitator removes Blue from the groups list.
    common::keys(room.app(), "G");
    common::press(room.app(), crossterm::event::KeyCode::Down);
    common::keys(room.app(), "x");
    common::keys(room.app(), "y");
    room.pump_until("Blue to go", |app| app.session().is_some_and(|s| s.groups.len() == 1));
    let page = phone.get("/table");
    assert!(page.body.contains("no longer in the room"), "{}", page.body);
    assert!(page.header("set-cookie").is_some_and(|c| c.contains("Max-Age=0")));
}

/// How many cells of a drawn screen are white behind: the QR code's.
fn white_cells(app: &App, width: u16, height: u16) -> usize {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal.draw(|f| f.render_widget(app, f.area())).expect("a frame");
    terminal.backend().buffer().content.iter().filter(|c| c.bg == ratatui::style::Color::White).count()
}

#[test]
fn the_welcome_shows_the_address_and_a_qr_code_where_it_fits() {
    let mut room = room();
    let address = room.base.clone();
    let wide = screen(room.app(), 120, 40);
    assert!(wide.contains(&format!("Phones join: {address}")), "{wide}");
    assert!(wide.contains(&format!("room code {CODE}")), "{wide}");
    assert!(white_cells(room.app(), 120, 40) > 300, "a QR code beside the text");
    // At 80x24 the address is there, the code is not, and nothing is cut.
    let small = screen(room.app(), 80, 24);
    assert!(small.contains(&address), "{small}");
    assert_eq!(white_cells(room.app(), 80, 24), 0, "no QR code squeezed in:\n{small}");
    assert!(!small.contains("too small"), "{small}");
    // The projector reads it from the back of the room.
    room.app().screen.projector = true;
    room.app().screen.letters = roundtable::term::Letters::Sized;
    let projected = common::read_projector(room.app(), (200, 60));
    assert!(projected.contains(&address), "{projected}");
    assert!(projected.contains(CODE), "{projected}");
    assert!(white_cells(room.app(), 200, 60) > 300, "a QR code on the projector");
    room.app().screen.letters = roundtable::term::Letters::Blocks;
    assert!(white_cells(room.app(), 200, 60) > 300, "a QR code beside block letters too");
    // Where the code would cost the room its large letters, the address is alone.
    assert_eq!(white_cells(room.app(), 160, 50), 0, "no QR code at the cost of the large letters");
    assert_eq!(white_cells(room.app(), 80, 24), 0, "none on a small projector terminal");
}

#[test]
fn the_groups_list_shows_the_chosen_tables_own_link_as_a_qr_code() {
    use crossterm::event::KeyCode;
    let mut room = room();
    go_to_stage(room.app(), 3);
    common::keys(room.app(), "G");
    let wide = screen(room.app(), 200, 60);
    assert!(wide.contains("Red's own link"), "{wide}");
    let red_code = white_cells(room.app(), 200, 60);
    assert!(red_code > 300, "a QR code in the list:\n{wide}");
    common::press(room.app(), KeyCode::Down);
    assert!(screen(room.app(), 200, 60).contains("Blue's own link"));
    // Where it does not fit, the list is as it was, and nothing is cut.
    let small = screen(room.app(), 80, 24);
    assert!(!small.contains("own link") && small.contains("Phones join"), "{small}");
    assert_eq!(white_cells(room.app(), 80, 24), 0);
}

// The real binary.

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address").port()
}

#[test]
fn the_binary_serves_the_page_and_a_phones_barrier_reaches_the_facilitator() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let mut room =
        common::pty::Tui::spawn(dir.path(), &["new", "--groups", "Red,Blue", "--web", &listen, "--code", CODE]);
    room.expect(&format!("Phones join: http://{listen}"));
    let mut phone = Phone::new(&format!("http://{listen}"));
    let joined = phone.post("/join", &[("code", CODE), ("table", "red")], &[]);
    assert_eq!(joined.status, 303, "{}", joined.body);
    phone.keep_cookie(&joined);
    room.expect("1 on phones");
    let token = phone.get("/table").form_token();
    let added = phone.post("/barriers", &[("form_token", &token), ("text", "Nobody owns the data")], &[]);
    assert_eq!(added.status, 303);
    room.send("]]");
    room.expect("Nobody owns the data");
}

#[test]
fn with_ssh_as_well_one_code_and_one_record_of_wrong_codes_serve_both() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (web_port, ssh_port) = (free_port(), free_port());
    let web_listen = format!("127.0.0.1:{web_port}");
    let ssh_listen = format!("127.0.0.1:{ssh_port}");
    let args = ["new", "--groups", "Red,Blue", "--serve", &ssh_listen, "--web", &web_listen, "--code", CODE];
    let mut room = common::pty::Tui::spawn(dir.path(), &args);
    room.expect("Phones join: http://");
    room.expect("Tables join: ssh -p");
    // Eleven wrong codes on the page, at once (each waits a second)...
    let base = format!("http://{web_listen}");
    let answers: Vec<u16> = std::thread::scope(|scope| {
        let asking: Vec<_> = (0..11)
            .map(|_| {
                scope.spawn(|| Phone::new(&base).post("/join", &[("code", "guess"), ("table", "red")], &[]).status)
            })
            .collect();
        asking.into_iter().map(|a| a.join().expect("an answer")).collect()
    });
    assert!(answers.contains(&429), "{answers:?}");
    // ...shut this address out of SSH too, right code or not.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let addr: std::net::SocketAddr = ssh_listen.parse().expect("an address");
    let signed_in = rt.block_on(async {
        let config = std::sync::Arc::new(russh::client::Config::default());
        match russh::client::connect(config, addr, common::ssh::Client).await {
            Ok(mut ssh) => ssh.authenticate_password("red", CODE).await.is_ok_and(|a| a.success()),
            Err(_) => false,
        }
    });
    assert!(!signed_in, "an address shut out on the page is shut out of SSH");
}

/// The 1-based number of the built-in scenario's stage of this kind.
fn stage_of(room: &mut Room, kind: roundtable::domain::scenario::StageKind) -> usize {
    let session = room.app().session().expect("a session");
    session.scenario.stages.iter().position(|s| s.kind == kind).expect("the stage") + 1
}

/// Gives each group an action (as the facilitator): (Red's, Blue's) ids.
fn an_action_each(room: &mut Room) -> (u32, u32) {
    use roundtable::domain::change::{Actor, Change, Item};
    use roundtable::domain::session::Action;
    let mut ids = Vec::new();
    for (group, title) in [(0, "Shared data officer"), (1, "Joint <b>fund</b>")] {
        let id = room.app().session().expect("a session").groups[group].id;
        let item =
            Item::Action(Action { title: title.into(), start_month: Some(1), end_month: Some(6), ..Action::default() });
        let applied = room.app().work.apply(Actor::Facilitator, Change::Add { group: id, item }).expect("added");
        ids.push(applied.change.item().expect("an item").id);
    }
    (ids[0], ids[1])
}

/// Posts the dot form as the page's button does.
fn dot(room: &mut Room, phone: &Phone, group: u32, action: u32, what: &str) -> Answer {
    let token = phone.get("/table").form_token();
    let button = format!("{what} {group} {action}");
    room.pumping(|| phone.post("/dots", &[("form_token", &token), ("dot", &button)], &[]))
}

#[test]
fn each_person_gives_their_own_dots_and_the_count_stays_hidden_until_the_facilitator_reveals_it() {
    use roundtable::domain::scenario::StageKind;
    let mut room = room();
    let (red_action, blue_action) = an_action_each(&mut room);
    let report_back = stage_of(&mut room, StageKind::ReportBack);
    go_to_stage(room.app(), report_back);
    let (red, blue) = {
        let s = room.app().session().expect("a session");
        (s.groups[0].id, s.groups[1].id)
    };
    let asha = room.joined("red");
    let ben = room.joined("red");
    let page = asha.get("/table").body;
    assert!(page.contains("You have <strong>3</strong> of 3 dots left to give, for other tables' actions"), "{page}");
    assert!(page.contains("Joint &lt;b&gt;fund&lt;/b&gt;"), "other tables' actions, escaped: {page}");

    // Asha gives two dots to Blue's action; Ben one.
    for _ in 0..2 {
        assert_eq!(dot(&mut room, &asha, blue, blue_action, "give").status, 303);
    }
    dot(&mut room, &ben, blue, blue_action, "give");
    let session = room.app().session().expect("a session").clone();
    let people: Vec<Option<u64>> = session.votes.iter().map(|v| v.person).collect();
    assert_eq!(people.len(), 3);
    assert!(people.iter().all(Option::is_some) && people[0] == people[1] && people[0] != people[2], "{people:?}");
    assert!(session.votes_hidden, "a new room votes unseen");

    // Each sees their own dots and how many are in, never the count.
    let page = asha.get("/table").body;
    assert!(page.contains("Your dot is given."), "{page}");
    assert!(page.contains("yours: 2"), "{page}");
    assert!(page.contains("So far 3 dots from 2 voters"), "{page}");
    assert!(!page.contains("in all"), "the count is hidden: {page}");
    assert!(ben.get("/table").body.contains("yours: 1"));
    // The facilitator's screen hides it too, side by side.
    common::keys(room.app(), "v");
    let facilitator = screen(room.app(), 120, 30);
    assert!(facilitator.contains("The count is hidden (r reveals): 3 dots from 2 voters"), "{facilitator}");
    assert!(!facilitator.contains("● 3"), "{facilitator}");

    // A forged dot for Red's own action is refused, and so is taking back
    // a dot Ben never gave.
    dot(&mut room, &ben, red, red_action, "give");
    assert!(ben.get("/table").body.contains("may not vote for its own actions"));
    dot(&mut room, &ben, blue, blue_action, "take");
    dot(&mut room, &ben, blue, blue_action, "take");
    assert!(ben.get("/table").body.contains("There is no dot of your"), "taking back more than given");
    assert_eq!(room.app().session().expect("a session").votes.len(), 2);

    // The facilitator reveals the count: every page shows it.
    common::keys(room.app(), "r");
    assert!(!room.app().session().expect("a session").votes_hidden);
    let page = ben.get("/table").body;
    assert!(page.contains("2 dots</strong> in all · yours: 0"), "{page}");
    let facilitator = screen(room.app(), 120, 30);
    assert!(facilitator.contains("● 2"), "{facilitator}");
}

#[test]
fn at_the_close_a_person_answers_and_rates_the_session_and_the_room_sees_the_chart() {
    use roundtable::domain::scenario::StageKind;
    use roundtable::export::{self, Format};
    let mut room = room();
    let close = stage_of(&mut room, StageKind::Close);
    go_to_stage(room.app(), close);
    let questions = room.app().session().expect("a session").scenario.closing_questions.clone();
    let asha = room.joined("red");
    let page = asha.get("/table").body;
    assert!(page.contains(r#"action="/close""#) && page.contains(r#"<label for="answer0">"#), "{page}");
    let token = asha.get("/table").form_token();
    let answer = room.pumping(|| {
        asha.post(
            "/close",
            &[
                ("form_token", &token),
                ("answer0", "Ring the CVS\non Monday"),
                ("answer1", ""),
                ("rating", "4"),
                ("comment", "Useful <b>afternoon</b>"),
            ],
            &[],
        )
    });
    assert_eq!(answer.status, 303);
    let session = room.app().session().expect("a session").clone();
    let said = &session.feedback[0];
    assert_eq!(said.answers.len(), 1);
    assert_eq!(
        (said.answers[0].question.as_str(), said.answers[0].answer.as_str()),
        (questions[0].as_str(), "Ring the CVS on Monday")
    );
    assert_eq!((said.rating, said.comment.as_str()), (Some(4), "Useful <b>afternoon</b>"));
    // Her page keeps what she wrote, to change.
    let page = asha.get("/table").body;
    assert!(page.contains(">Ring the CVS on Monday</textarea>"), "{page}");
    assert!(page.contains(r#"value="4" checked"#), "{page}");
    // A rating off the scale counts as none.
    let ben = room.joined("blue");
    let token = ben.get("/table").form_token();
    room.pumping(|| ben.post("/close", &[("form_token", &token), ("rating", "9"), ("comment", "")], &[]));
    assert_eq!(room.app().session().expect("a session").feedback.len(), 1, "nothing said, nothing kept");

    // The facilitator's close screen, the projector and the report.
    let facilitator = screen(room.app(), 120, 60);
    assert!(facilitator.contains("From the phones: 1 person"), "{facilitator}");
    assert!(facilitator.contains("Red: Ring the CVS on Monday"), "{facilitator}");
    common::keys(room.app(), "p");
    room.app().screen.letters = roundtable::term::Letters::Sized;
    let projector = common::read_projector(room.app(), (200, 60));
    assert!(projector.contains("Rated 4.0 of 5 by 1 person"), "{projector}");
    assert!(projector.contains("4 very good"), "{projector}");
    let report =
        export::render(room.app().session().expect("a session"), Format::Markdown, &roundtable::clock::TimeZone::UTC);
    assert!(report.contains("## From the phones"), "{report}");
    assert!(report.contains("| 4 (very good) | 1 |"), "{report}");
    assert!(report.contains("- Red: Ring the CVS on Monday"), "{report}");
    assert!(report.contains("- Red: Useful &lt;b&gt;afternoon&lt;/b&gt;"), "{report}");
    let html =
        export::render(room.app().session().expect("a session"), Format::Html, &roundtable::clock::TimeZone::UTC);
    assert!(html.contains("<h2>From the phones</h2>"), "{html}");
    assert!(html.contains("<td>4 (very good)</td><td class=\"num\">1</td>"), "{html}");
    assert!(html.contains("<strong>Red</strong>: Useful &lt;b&gt;afternoon&lt;/b&gt;"), "{html}");
}

#[test]
fn a_solution_idea_from_a_phone_joins_the_tables_list() {
    use roundtable::domain::scenario::StageKind;
    let mut room = room();
    let solutions = stage_of(&mut room, StageKind::Solutions);
    let (blue, red_barrier) = {
        use roundtable::domain::change::{Actor, Change, Item};
        use roundtable::domain::session::Barrier;
        let groups: Vec<u32> = room.app().session().expect("a session").groups.iter().map(|g| g.id).collect();
        let mut ids = Vec::new();
        for group in [groups[1], groups[0]] {
            let item = Item::Barrier(Barrier { text: "Short grants".into(), ..Barrier::default() });
            let applied = room.app().work.apply(Actor::Facilitator, Change::Add { group, item }).expect("added");
            ids.push(applied.change.item().expect("an item").id);
        }
        // Ids are a group's own: a forged one is any Blue does not have.
        (ids[0], ids[0] + 100)
    };
    // The room moves on (and the phones are given the room as it is).
    go_to_stage(room.app(), solutions);
    let phone = room.joined("blue");
    let page = phone.get("/table");
    assert!(page.body.contains(r#"action="/solutions""#), "{}", page.body);
    assert!(page.body.contains(&format!(r#"name="answers{blue}""#)), "a box for Blue's barrier: {}", page.body);
    let token = page.form_token();
    let (mine, forged) = (format!("answers{blue}"), format!("answers{red_barrier}"));
    room.pumping(|| {
        let form = [("form_token", token.as_str()), ("text", "A shared outcomes fund"), (&mine, "on"), (&forged, "on")];
        phone.post("/solutions", &form, &[])
    });
    let session = room.app().session().expect("a session");
    assert_eq!(session.groups[1].solutions[0].text, "A shared outcomes fund");
    assert_eq!(session.groups[1].solutions[0].barriers, vec![blue], "its own table's barrier only");
    assert!(session.groups[0].solutions.is_empty());
    assert!(phone.get("/table").body.contains("Blue's solution ideas (1)"));
}

#[test]
fn the_facilitator_deletes_what_a_phone_added_and_closes_and_opens_the_page() {
    use roundtable::domain::scenario::StageKind;
    let mut room = room();
    let barriers = stage_of(&mut room, StageKind::Barriers);
    go_to_stage(room.app(), barriers);
    let phone = room.joined("red");
    add_barrier(&mut room, &phone, "Something rude");
    assert_eq!(room.red_barriers(), ["Something rude"]);
    // It is the table's list: the facilitator deletes it as any other.
    common::keys(room.app(), "xy");
    assert!(room.red_barriers().is_empty());
    room.settle();
    assert!(phone.get("/table").body.contains("Red's barriers (0)"));

    // Closed, the page says so and takes nothing.
    let token = phone.get("/table").form_token();
    common::keys(room.app(), "G");
    common::keys(room.app(), "p");
    let facilitator = screen(room.app(), 120, 30);
    assert!(facilitator.contains("The phones' page is closed"), "{facilitator}");
    assert!(facilitator.contains("the page is CLOSED: p opens it"), "{facilitator}");
    common::press(room.app(), crossterm::event::KeyCode::Esc);
    assert!(screen(room.app(), 120, 30).contains("phones' page closed"), "the title row says so until it opens");
    let page = phone.get("/table");
    assert!(page.body.contains("The page is closed for now"), "{}", page.body);
    let form = [("form_token", token.as_str()), ("text", "While closed")];
    let answer = room.pumping(|| phone.post("/barriers", &form, &[]));
    assert_eq!(answer.status, 503);
    assert!(room.red_barriers().is_empty());
    assert!(Phone::new(&room.base).get("/").body.contains("The page is closed for now"));
    // Open again, the person is back at their table.
    common::keys(room.app(), "Gp");
    assert!(phone.get("/table").body.contains("Red's barriers (0)"));
}

#[test]
fn a_connection_that_says_nothing_is_closed_and_a_talking_one_is_not() {
    use std::io::{Read, Write};
    let room = room_with(|config| config.idle = Duration::from_millis(300));
    let address = room.base.trim_start_matches("http://").to_string();
    // Opened and left silent, or a request begun and never finished.
    let mut silent = std::net::TcpStream::connect(&address).expect("a connection");
    let mut half = std::net::TcpStream::connect(&address).expect("a connection");
    half.write_all(b"GET /table HTTP/1.1\r\nHost: x\r\n").expect("half a request");
    let started = Instant::now();
    for stream in [&mut silent, &mut half] {
        stream.set_read_timeout(Some(WAIT)).expect("a timeout");
        let mut byte = [0u8; 1];
        let read = stream.read(&mut byte);
        assert!(matches!(read, Ok(0) | Err(_)), "closed by the page: {read:?}");
    }
    assert!(started.elapsed() < WAIT, "closed once quiet, not at the client's timeout");
    // A page asked for in good time is answered as ever.
    let mut talking = std::net::TcpStream::connect(&address).expect("a connection");
    talking.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").expect("a request");
    let mut answer = String::new();
    talking.set_read_timeout(Some(WAIT)).expect("a timeout");
    talking.read_to_string(&mut answer).expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// Quitting ends the room for the people on it: with a phone on the page,
/// `q` asks first (leaving the projector view, where a question would go
/// unseen, and putting it back on staying); `q` twice quits.
#[test]
fn quitting_with_people_on_the_page_asks_first() {
    use crossterm::event::KeyCode;
    use roundtable::app::{Overlay, RunState};
    let mut room = room();
    let _phone = room.joined("red");
    room.pump_until("the phone counted", |app| app.work.phones.as_ref().is_some_and(|p| p.on_the_page() == 1));
    common::keys(room.app(), "p");
    assert!(room.app().screen.projector);
    common::keys(room.app(), "q");
    assert_eq!(room.app().screen.run, RunState::Running, "one q does not end the room");
    assert!(!room.app().screen.projector, "the question is not asked on the projector");
    let shown = screen(room.app(), 80, 24);
    assert!(shown.contains("Quit and end the room?"), "{shown}");
    assert!(shown.contains("1 person on the phones' page"), "{shown}");
    assert!(shown.contains("y/q/Ctrl-c save and quit   n/Esc stay"), "{shown}");
    common::press(room.app(), KeyCode::Esc);
    assert_eq!(room.app().screen.overlay, None);
    assert!(room.app().screen.projector, "staying puts the projector view back");
    assert_eq!(room.app().screen.run, RunState::Running);
    common::keys(room.app(), "qq");
    assert!(matches!(room.app().screen.overlay, None | Some(Overlay::ConfirmQuit { .. })));
    assert_eq!(room.app().screen.run, RunState::Quit, "q twice quits");
}

/// The projector's welcome gives the room code first, so that even a
/// small projector's first page has it, then the phones' address.
#[test]
fn the_projectors_welcome_gives_the_code_first_then_the_phones_address() {
    use crossterm::event::{Event, KeyCode};
    let mut room = room();
    let port = room.app().web.as_ref().expect("serving").local_addr().port();
    room.app().screen.letters = roundtable::term::Letters::Sized;
    room.app().handle_event(&Event::Resize(80, 24));
    common::keys(room.app(), "p");
    let first = common::read_projector(room.app(), (80, 24));
    let large = first.lines().last().unwrap_or_default().to_string();
    assert!(large.starts_with("LARGE: Room code: otter-reed-2718"), "{first}");
    common::press(room.app(), KeyCode::Down);
    let both = format!("{first}{}", common::read_projector(room.app(), (80, 24)));
    // An address too long for a row of large letters goes on to the next.
    let joined = both.replace(' ', "");
    assert!(joined.contains(&format!("Phones:http://127.0.0.1:{port}")), "{both}");
}
