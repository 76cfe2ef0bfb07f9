//! The phones' page in a real browser: headless Chromium at a phone's
//! size joins the real binary's room with the code the facilitator's
//! screen shows, adds a barrier that reaches that screen, sees another
//! person's barrier arrive without reloading, follows the room to
//! report-back and gives a dot (hidden, then revealed on both screens),
//! and rates the session at the close. Needs Chromium and chromedriver
//! (see `common::browser`).

use crate::common;
use crate::common::browser::{self, Phone};
use crate::common::pty::Tui;
use roundtable::domain::scenario::BarrierKind;

/// The word after `label` on the screen, if the screen shows `label`.
fn word_after(screen: &str, label: &str) -> Option<String> {
    let at = screen.find(label)? + label.len();
    screen[at..].split_whitespace().next().map(str::to_string)
}

/// The rest of the first row of the screen that shows `start`, from there.
fn row<'a>(screen: &'a str, start: &str) -> Option<&'a str> {
    screen.lines().find_map(|line| line.find(start).map(|at| &line[at..]))
}

/// Whether the screen reads `text`, wrapped over rows or not: the rows'
/// text, borders left out, as one line.
fn reads(screen: &str, text: &str) -> bool {
    let words = |s: &str| {
        s.split(|c: char| c.is_whitespace() || c == '│').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
    };
    words(screen).contains(&words(text))
}

/// The facilitator, serving the page on a port of the system's choosing:
/// the page's address and the room code, as the welcome screen shows them.
fn facilitator(dir: &std::path::Path) -> (Tui, String, String) {
    let mut room = Tui::spawn(dir, &["new", "--groups", "Red,Blue,Green", "--web", "127.0.0.1:0"]);
    let screen = room.wait_until("the page's address and the room code", |screen| {
        word_after(screen, "Phones join: ").is_some() && word_after(screen, "room code ").is_some()
    });
    let base = word_after(&screen, "Phones join: ").unwrap_or_default();
    let code = word_after(&screen, "room code ").unwrap_or_default();
    assert!(base.starts_with("http://127.0.0.1:") && !base.ends_with(":0"), "the port listened on: {base}");
    (room, base, code)
}

#[test]
fn a_phone_in_chromium_joins_adds_a_barrier_votes_and_rates_the_session() {
    let Some(tools) = browser::tools_or_skip() else { return };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut room, base, code) = facilitator(dir.path());

    // A person at Red opens their table's link, types the code and joins.
    let phone = Phone::open(&tools, &base);
    phone.join("red", &code);
    assert!(phone.text_of("header").contains("You are at Red."), "{}", phone.text_of_page());
    let width = phone.script("return [window.innerWidth, document.documentElement.scrollWidth];");
    assert_eq!(width[0], browser::SIZE.0, "a phone's width: {width}");
    assert!(width[1].as_u64() <= width[0].as_u64(), "the page fits the phone's width, no sideways scrolling: {width}");

    // The facilitator moves the room to the barriers: the page follows, and
    // offers the barrier's form.
    room.send("]]");
    room.expect("Barriers to joint working");
    phone.wait_for_text("#add", "Add a barrier");

    // They add a barrier with the page's form, and the page lists it. (Its
    // notice, "Added to your table's list", is not checked: the old page's
    // live update can fetch /table first, and a notice is shown only once.)
    phone.add_barrier("Nobody owns the shared data", BarrierKind::Organisational, 4);
    let listed = phone.wait_for_text("#barriers", "Nobody owns the shared data");
    assert!(listed.contains("Red's barriers (1)"), "{listed}");
    assert!(listed.contains("organisational · hurts 4 of 5"), "{listed}");

    // The facilitator's screen: the barrier on Red's list, and one person
    // on a phone in the header and at Red in the groups list.
    room.expect("1 on phones");
    room.expect("Nobody owns the shared data");
    room.send("G");
    room.wait_until("Red's row counting one person on a phone", |screen| {
        row(screen, "Red · 1 barrier,").is_some_and(|red| red.contains("· 1 on phones"))
    });
    room.send("\r");
    room.wait_until("the groups list closed", |screen| row(screen, "Red · 1 barrier,").is_none());

    // Another person at Red adds a barrier from a plain HTTP client while
    // the first is typing: the open page lists it without reloading, and
    // what was being typed stays.
    phone.script("document.documentElement.dataset.loadedOnce = 'yes';");
    phone.type_into("#text", "Half a thought");
    let mut other = common::phone::Phone::new(&base);
    let joined = other.post("/join", &[("code", &code), ("table", "red")], &[]);
    assert_eq!(joined.status, 303, "{}", joined.body);
    other.keep_cookie(&joined);
    let token = other.get("/table").form_token();
    let fields = [("form_token", token.as_str()), ("text", "Grant rounds are too short"), ("severity", "5")];
    assert_eq!(other.post("/barriers", &fields, &[]).status, 303);
    let listed = phone.wait_for_text("#barriers", "Grant rounds are too short");
    assert!(listed.contains("Red's barriers (2)"), "{listed}");
    let stayed = phone.script("return document.documentElement.dataset.loadedOnce || null;");
    assert_eq!(stayed, "yes", "the page was updated in place, not reloaded");
    assert_eq!(phone.prop_of("#text", "value").as_deref(), Some("Half a thought"), "the form is left alone");
    room.expect("Grant rounds are too short");
    room.expect("2 on phones");

    // Blue writes an action; at report-back the person gives it a dot. The
    // page moves with the room, and the count stays hidden until revealed.
    room.send("]]]");
    room.expect("Five actions for the next eighteen months");
    room.send("ga");
    room.expect("New action");
    room.send("Shared outcomes fund\r\x1b");
    room.expect("1. Shared outcomes fund");
    room.send("]");
    room.expect("Report-back");
    phone.wait_for_text("#vote", "Shared outcomes fund");
    phone.submit("#vote button[value^=give]");
    let vote = phone.wait_for_text("#vote", "yours: 1");
    assert!(vote.contains("You have 2 of 3 dots left"), "{vote}");
    assert!(vote.contains("So far 1 dot from 1 voter"), "{vote}");
    room.send("v");
    room.wait_until("the count hidden", |screen| reads(screen, "The count is hidden (r reveals): 1 dot from 1 voter"));
    room.send("r");
    room.expect("● 1");
    phone.wait_for_text("#vote", "1 dot in all");

    // At the close the person rates the session; the facilitator's close
    // screen charts it.
    room.send("]");
    phone.wait_for_text("#close", "How was the session?");
    phone.tap("#rating4");
    phone.type_into("#comment", "Useful afternoon");
    phone.submit("#close button[type=submit]");
    assert!(phone.text_of("main").contains("Thank you"), "{}", phone.text_of_page());
    room.wait_until("the rating on the close screen", |screen| screen.contains("Rated 4.0 of 5 by 1 person"));

    // The room closes with a phone still on the page, after asking.
    room.send("q");
    room.wait_until("the question before quitting", |screen| screen.contains("people on the phones' page"));
    room.send("y");
    assert_eq!(room.wait_for_exit_code(), Some(0));
}
