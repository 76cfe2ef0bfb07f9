//! Every screen is whole: from 60x16 to 200x60 everything on every
//! stage and overlay can be reached with the screen's own keys, what is
//! hidden says so, and scrolling stops at the end.

use crate::common;
use crate::common::{go_to_stage, keys, press, read_projector, session_app};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;
use roundtable::app::App;
use roundtable::app::practice::{self, Attempt};
use roundtable::domain::review::{self, Figures};
use roundtable::domain::scenario::BarrierKind;
use roundtable::domain::session::{Action, Barrier, LeadSide, Mode, Session, Solution};

const SIZES: [(u16, u16); 4] = [(60, 16), (80, 24), (100, 30), (200, 60)];
const T0: u64 = 1_795_500_000;

/// Three groups, each with two roles held, seven barriers, three solutions
/// and five complete actions; three injects fired; dots given.
fn full_room() -> common::Fixture {
    let mut f = session_app(&["Red", "Blue", "Green"]);
    f.app.work.fake_now = Some(T0);
    let open = f.app.work.open.as_mut().expect("a session");
    let areas: Vec<String> = open.session.scenario.areas.iter().map(|a| a.id.clone()).collect();
    for group in &mut open.session.groups {
        let name = group.name.clone();
        group.hold_role("leader", &format!("{name} Leader"));
        group.hold_role("chief-executive", &format!("{name} Chief"));
        let mut barriers = Vec::new();
        for n in 1..=7 {
            barriers.push(group.add_barrier(Barrier {
                text: format!("{name} barrier {n}"),
                kind: if n % 2 == 0 { BarrierKind::Environmental } else { BarrierKind::Organisational },
                severity: 3,
                story: format!("A story from the {name} table about barrier {n}."),
                ..Barrier::default()
            }));
        }
        for n in 1..=3 {
            group.add_solution(Solution {
                text: format!("{name} solution {n}"),
                barriers: barriers[..n].to_vec(),
                areas: vec![areas[n % areas.len()].clone()],
                ..Solution::default()
            });
        }
        for n in 1..=5 {
            group.add_action(Action {
                title: format!("{name} action {n}: a joint commissioning forum with the voluntary sector"),
                what: format!("What {name} will do for action {n}, described at some length so that it wraps."),
                lead: LeadSide::Jointly,
                lead_role: "Leader".into(),
                areas: vec![areas[n % areas.len()].clone()],
                barriers: vec![barriers[n - 1]],
                start_month: Some(u8::try_from(n).unwrap_or(0)),
                end_month: Some(12),
                first_step: format!("{name} books the first meeting for action {n} within thirty days"),
                success: format!("{name} sees action {n} working"),
                ..Action::default()
            });
        }
    }
    go_to_stage(&mut f.app, 6);
    for n in 0..3 {
        press(&mut f.app, KeyCode::Char('i'));
        for _ in 0..n {
            press(&mut f.app, KeyCode::Down);
        }
        press(&mut f.app, KeyCode::Enter);
    }
    go_to_stage(&mut f.app, 7);
    keys(&mut f.app, "v");
    // Red gives dots to Blue's first and Green's last action.
    for key in [KeyCode::Right, KeyCode::Char(' '), KeyCode::Right] {
        press(&mut f.app, key);
    }
    for _ in 0..4 {
        press(&mut f.app, KeyCode::Down);
    }
    press(&mut f.app, KeyCode::Char(' '));
    keys(&mut f.app, "vv");
    f
}

fn resize(app: &mut App, (w, h): (u16, u16)) {
    app.handle_event(&Event::Resize(w, h));
}

fn screen(app: &mut App, (w, h): (u16, u16)) -> String {
    common::drawn(app, w, h)
}

/// Every screen seen while pressing `key` until nothing changes (at most
/// `limit` presses), joined.
fn seen_while_pressing(app: &mut App, size: (u16, u16), key: KeyCode, limit: usize) -> String {
    let mut all = screen(app, size);
    let mut last = all.clone();
    for _ in 0..limit {
        press(app, key);
        let now = screen(app, size);
        if now == last {
            break;
        }
        all.push_str(&now);
        last = now;
    }
    all
}

/// Scrolls a pane from its top to well past its end and back one step:
/// everything passes on screen, "more below" shows while something is
/// hidden, and the end is a wall, not a run-out into blank space.
/// On an overlay the screen beneath may itself say "more below", so the
/// overlay's end is known by `last`, the text it ends with.
fn scroll_through(app: &mut App, size: (u16, u16), what: &str) -> String {
    scroll_to(app, size, what, None)
}

fn scroll_to(app: &mut App, size: (u16, u16), what: &str, last: Option<&str>) -> String {
    press(app, KeyCode::Home);
    let top = screen(app, size);
    // The close is long at 80x24: the room as a whole, then every plan.
    let seen = seen_while_pressing(app, size, KeyCode::Down, 200);
    let overflows = seen != top;
    if overflows {
        assert!(top.contains("more below"), "{what} at {size:?} hides text without saying so:\n{top}");
    }
    // Pressing on stopped changing the screen: a few more presses past the
    // end must not move it either.
    for _ in 0..5 {
        press(app, KeyCode::Down);
    }
    let end = screen(app, size);
    match last {
        Some(last) => assert!(end.contains(last), "{what} at {size:?}: the end does not show {last:?}:\n{end}"),
        None => assert!(!end.contains("more below"), "{what} at {size:?}: the end still hides something:\n{end}"),
    }
    press(app, KeyCode::Up);
    let one_back = screen(app, size);
    if overflows {
        assert_ne!(one_back, end, "{what} at {size:?}: ↑ after scrolling past the end did nothing");
        press(app, KeyCode::Down);
        assert_eq!(screen(app, size), end, "{what} at {size:?}: ↓ did not come back to the end");
    }
    press(app, KeyCode::Home);
    seen
}

/// Pages through the help from its top to its end with PgDn: every row
/// passes on screen (a page keeps one row of the last), the end shows
/// `last` and PgDn there changes nothing, and PgUp goes back a page.
fn page_through_help(app: &mut App, size: (u16, u16), last: &str) -> String {
    press(app, KeyCode::Home);
    let top = screen(app, size);
    let seen = seen_while_pressing(app, size, KeyCode::PageDown, 100);
    let end = screen(app, size);
    assert!(end.contains(last), "the help at {size:?}: the end does not show {last:?}:\n{end}");
    if seen != top {
        assert!(top.contains("more below"), "the help at {size:?} hides text without saying so:\n{top}");
        press(app, KeyCode::PageUp);
        assert_ne!(screen(app, size), end, "the help at {size:?}: PgUp at the end did nothing");
    }
    press(app, KeyCode::Home);
    seen
}

fn assert_all(seen: &str, items: &[String], what: &str, size: (u16, u16)) {
    for item in items {
        assert!(seen.contains(item.as_str()), "{what} at {size:?}: never showed {item:?}:\n{seen}");
    }
}

/// The last word of a text, which is on screen only if the text is whole.
fn last_word(text: &str) -> String {
    text.split_whitespace().last().unwrap_or_default().to_string()
}

#[test]
fn every_barrier_of_every_group_can_be_reached() {
    let mut f = full_room();
    for size in SIZES {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 3);
        for group in ["Red", "Blue", "Green"] {
            let first = screen(&mut f.app, size);
            let seen = seen_while_pressing(&mut f.app, size, KeyCode::Down, 20);
            let barriers: Vec<String> = (1..=7).map(|n| format!("{group} barrier {n}")).collect();
            assert_all(&seen, &barriers, "the barriers", size);
            if !first.contains(&format!("{group} barrier 7")) {
                assert!(first.contains("more below"), "{size:?}: no sign of more barriers:\n{first}");
            }
            press(&mut f.app, KeyCode::Home);
            keys(&mut f.app, "g");
        }
    }
}

/// The selected barrier's, solution's and action's detail (beside or
/// below the list) can be read to its last line with Shift-↓ (or J), on
/// the actions stage under three fired injects too.
#[test]
fn every_items_detail_can_be_read_to_its_end() {
    let mut f = full_room();
    for size in SIZES {
        resize(&mut f.app, size);
        for (stage, count) in [(3, 7), (4, 3), (6, 5)] {
            go_to_stage(&mut f.app, stage);
            press(&mut f.app, KeyCode::Home);
            for n in 1..=count {
                let end = match stage {
                    3 => format!("about barrier {n}."),
                    4 => format!("• Red barrier {n}"),
                    _ => format!("Tackles: Red barrier {n}"),
                };
                let first = screen(&mut f.app, size);
                let seen = seen_while_pressing(&mut f.app, size, KeyCode::Char('J'), 40);
                let what = format!("stage {stage}, item {n}");
                assert!(seen.contains(&end), "{what} at {size:?}: the detail never showed {end:?}:\n{seen}");
                if !first.contains(&end) {
                    assert!(first.contains("more below"), "{what} at {size:?} hides its detail unsaid:\n{first}");
                    // Scrolling stops at the end, and Shift-↑ comes back.
                    let end_screen = screen(&mut f.app, size);
                    f.app.handle_key(&KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT));
                    assert_ne!(screen(&mut f.app, size), end_screen, "{what} at {size:?}: Shift-↑ did nothing");
                    f.app.handle_key(&KeyEvent::new(KeyCode::Down, KeyModifiers::SHIFT));
                    assert_eq!(screen(&mut f.app, size), end_screen, "{what} at {size:?}: Shift-↓ is not J");
                }
                press(&mut f.app, KeyCode::Down);
                if n < count {
                    let scroll = f.app.work.open.as_ref().map(|_| f.app.screen.view.scroll);
                    assert_eq!(scroll, Some(0), "{what}: the next item's detail starts at its top");
                }
            }
        }
    }
}

#[test]
fn the_brief_scrolls_to_its_last_paragraph_and_stops() {
    let mut f = full_room();
    let aim = f.app.session().map(|s| s.scenario.council.leadership_aim.clone()).unwrap_or_default();
    for size in SIZES {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 5);
        let seen = scroll_through(&mut f.app, size, "the council brief");
        assert_all(&seen, &["What the leadership wants".into(), last_word(&aim)], "the council brief", size);
    }
}

#[test]
fn the_slide_and_its_speaker_notes_are_both_reachable() {
    let mut f = full_room();
    let slides = f.app.session().map(|s| s.scenario.slides.clone()).unwrap_or_default();
    for size in SIZES {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 2);
        keys(&mut f.app, "n");
        for slide in &slides {
            let seen = scroll_through(&mut f.app, size, "a slide with notes");
            let mut wanted: Vec<String> = slide.points.iter().map(|p| last_word(p)).collect();
            wanted.push(last_word(&slide.notes));
            wanted.push("Speaker notes".into());
            assert_all(&seen, &wanted, "a slide with notes", size);
            press(&mut f.app, KeyCode::Right);
        }
        keys(&mut f.app, "n");
        for _ in &slides {
            press(&mut f.app, KeyCode::Left);
        }
    }
}

#[test]
fn every_fired_inject_and_its_question_can_be_seen_and_put_away() {
    let mut f = full_room();
    let fired = f.app.session().map(|s| s.injects.clone()).unwrap_or_default();
    assert_eq!(fired.len(), 3);
    for size in SIZES {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 6);
        let mut seen = String::new();
        for _ in 0..fired.len() {
            // Each inject read on to its end where it is longer than its banner.
            for _ in 0..8 {
                seen.push_str(&screen(&mut f.app, size));
                keys(&mut f.app, "m");
            }
            keys(&mut f.app, "n");
        }
        for (i, inject) in fired.iter().enumerate() {
            let wanted = [
                inject.title.clone(),
                format!("({} of 3)", i + 1),
                last_word(&inject.question),
                last_word(&inject.what),
            ];
            assert_all(&seen, &wanted, "the inject banner", size);
        }
        assert!(seen.contains("Revise your plan"), "{seen}");
        keys(&mut f.app, "h");
        let hidden = screen(&mut f.app, size);
        assert!(!hidden.contains("Revise your plan") && hidden.contains("h shows it"), "{hidden}");
        keys(&mut f.app, "h");
        let shown = screen(&mut f.app, size);
        assert!(shown.contains("News, month") && !shown.contains("h shows it"), "{shown}");
    }
}

fn titles(app: &App, group: usize) -> Vec<String> {
    app.session().map(|s| s.groups[group].actions.iter().map(|a| a.title.clone()).collect()).unwrap_or_default()
}

#[test]
fn report_back_one_group_shows_every_action_of_every_group() {
    let mut f = full_room();
    for size in SIZES {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 7);
        // One group is the first view; ← as far as it goes starts at Red.
        for _ in 0..3 {
            press(&mut f.app, KeyCode::Left);
        }
        for group in 0..3 {
            let seen = scroll_through(&mut f.app, size, "one group");
            let name = ["Red", "Blue", "Green"][group];
            let firsts: Vec<String> = (1..=5).map(|n| format!("{n}. {name} action {n}")).collect();
            assert_all(&seen, &firsts, "one group", size);
            let steps: Vec<String> = (1..=5).map(|n| format!("for action {n}")).collect();
            assert_all(&seen, &steps, "one group's first steps", size);
            // One line where it fits (on a narrow screen it wraps).
            let roles = if size.0 >= 80 {
                vec![format!("Roles: Leader of the council: {name} Leader · Chief Executive: {name} Chief")]
            } else {
                vec!["Roles: Leader of the council:".into(), format!("{name} Leader"), format!("{name} Chief")]
            };
            assert_all(&seen, &roles, "one group's role holders", size);
            assert!(titles(&f.app, group).len() == 5);
            press(&mut f.app, KeyCode::Right);
        }
    }
}

#[test]
fn report_back_side_by_side_keeps_the_cursor_on_screen() {
    let mut f = full_room();
    for size in SIZES {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 7);
        keys(&mut f.app, "v");
        for _ in 0..3 {
            press(&mut f.app, KeyCode::Left);
        }
        for group in 0..3 {
            press(&mut f.app, KeyCode::Home);
            for _ in 0..5 {
                press(&mut f.app, KeyCode::Up);
            }
            let first = screen(&mut f.app, size);
            let mut seen = first.clone();
            for n in 1..=5 {
                let now = screen(&mut f.app, size);
                // The action under the cursor is the one a dot goes to: it is on screen.
                let name = ["Red", "Blue", "Green"][group];
                assert!(now.contains(&format!("{n}. {name} action {n}")), "{size:?}: cursor's action hidden:\n{now}");
                seen.push_str(&now);
                press(&mut f.app, KeyCode::Down);
            }
            if !first.contains(&format!("5. {} action 5", ["Red", "Blue", "Green"][group])) {
                assert!(first.contains("more below"), "{size:?}: hidden actions not mentioned:\n{first}");
            }
            press(&mut f.app, KeyCode::Right);
        }
        // Back to "one group" for the next size.
        keys(&mut f.app, "vv");
    }
}

#[test]
fn the_close_stage_scrolls_through_every_group() {
    let mut f = full_room();
    for size in SIZES {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 8);
        let seen = scroll_through(&mut f.app, size, "the close");
        for (group, name) in ["Red", "Blue", "Green"].iter().enumerate() {
            let wanted: Vec<String> = (1..=5).map(|n| format!("{n}. {name} action {n}")).collect();
            assert_all(&seen, &wanted, "the close", size);
            assert_eq!(titles(&f.app, group).len(), 5);
        }
        assert!(seen.contains("e export reports"), "the hint bar offers the export: {seen}");
    }
}

#[test]
fn help_reaches_save_and_quit_on_every_stage() {
    let mut f = full_room();
    for size in SIZES {
        resize(&mut f.app, size);
        for stage in 1..=8 {
            go_to_stage(&mut f.app, stage);
            keys(&mut f.app, "?");
            let seen = page_through_help(&mut f.app, size, "this help.");
            assert!(seen.contains("save and quit"), "stage {stage} at {size:?}: {seen}");
            assert!(seen.contains("Everything is saved"), "stage {stage} at {size:?}: {seen}");
            press(&mut f.app, KeyCode::Esc);
        }
    }
}

#[test]
fn the_overlay_lists_show_every_entry() {
    let mut f = full_room();
    let scenario = f.app.session().map(|s| s.scenario.clone()).expect("a session");
    for size in SIZES {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 3);
        keys(&mut f.app, "d");
        let seen = seen_while_pressing(&mut f.app, size, KeyCode::Down, 40);
        let cards: Vec<String> = scenario.barrier_deck.iter().map(|c| c.title.chars().take(20).collect()).collect();
        assert_all(&seen, &cards, "the deck", size);
        press(&mut f.app, KeyCode::Esc);

        for stage in [4, 6] {
            go_to_stage(&mut f.app, stage);
            keys(&mut f.app, "d");
            let seen = seen_while_pressing(&mut f.app, size, KeyCode::Down, 40);
            let ideas: Vec<String> = scenario.idea_cards.iter().map(|c| c.title.chars().take(20).collect()).collect();
            assert_all(&seen, &ideas, "the idea cards", size);
            press(&mut f.app, KeyCode::Esc);
        }
        go_to_stage(&mut f.app, 3);

        keys(&mut f.app, "i");
        let seen = seen_while_pressing(&mut f.app, size, KeyCode::Down, 40);
        let injects: Vec<String> = scenario.injects.iter().map(|i| i.title.clone()).collect();
        assert_all(&seen, &injects, "the injects list", size);
        assert!(seen.contains("Write your own inject"), "{seen}");
        press(&mut f.app, KeyCode::Esc);

        keys(&mut f.app, "G");
        let seen = seen_while_pressing(&mut f.app, size, KeyCode::Down, 10);
        assert_all(&seen, &["Red ·".into(), "Blue ·".into(), "Green ·".into()], "the groups", size);
        press(&mut f.app, KeyCode::Esc);

        go_to_stage(&mut f.app, 8);
        keys(&mut f.app, "f");
        // The cursor moves down rows already on screen before the list
        // scrolls: every press is looked at.
        let mut seen = screen(&mut f.app, size);
        for _ in 0..16 {
            press(&mut f.app, KeyCode::Down);
            seen.push_str(&screen(&mut f.app, size));
        }
        for name in ["Red", "Blue", "Green"] {
            let wanted: Vec<String> = (1..=5).map(|n| format!("{name}: {name} action {n}")).collect();
            assert_all(&seen, &wanted, "the follow-up", size);
        }
        press(&mut f.app, KeyCode::Esc);
    }
}

/// Each idea card can be read to the end of its source, with Shift-↓ (or
/// J) where it is longer than its pane, on a screen as small as 60x16.
#[test]
fn every_idea_card_can_be_read_to_its_end() {
    let mut f = full_room();
    let scenario = f.app.session().map(|s| s.scenario.clone()).expect("a session");
    for size in [(60, 16), (80, 24), (200, 60)] {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 6);
        keys(&mut f.app, "d");
        for card in &scenario.idea_cards {
            let first = screen(&mut f.app, size);
            let seen = seen_while_pressing(&mut f.app, size, KeyCode::Char('J'), 20);
            let what = format!("the card {:?}", card.id);
            let wanted = [last_word(&card.text), last_word(&card.source)];
            assert_all(&seen, &wanted, &what, size);
            if !first.contains(&wanted[1]) {
                assert!(first.contains("more below"), "{what} at {size:?} hides its end unsaid:\n{first}");
                let end = screen(&mut f.app, size);
                f.app.handle_key(&KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT));
                assert_ne!(screen(&mut f.app, size), end, "{what} at {size:?}: Shift-↑ did nothing");
                f.app.handle_key(&KeyEvent::new(KeyCode::Down, KeyModifiers::SHIFT));
                assert_eq!(screen(&mut f.app, size), end, "{what} at {size:?}: Shift-↓ is not J");
            }
            press(&mut f.app, KeyCode::Down);
        }
        press(&mut f.app, KeyCode::Esc);
    }
}

#[test]
fn a_long_message_is_read_whole() {
    let mut f = full_room();
    go_to_stage(&mut f.app, 6);
    for _ in 0..6 {
        keys(&mut f.app, "a");
    }
    let s = screen(&mut f.app, (80, 24));
    assert!(s.contains("to make") && s.contains("room."), "{s}");
}

/// A solo session ending in a debrief, with an attempt before it.
fn solo_debrief() -> common::Fixture {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let names = vec!["My plan".to_string()];
    let session = Session::new("Practice", roundtable::scenarios::built_in_default(), Mode::Solo, &names, T0);
    let path = dir.path().join("solo.ron");
    let mut app = App::with_session(dir.path().to_path_buf(), session, path);
    app.screen.theme = roundtable::ui::theme::Theme::monochrome();
    if let Some(open) = app.work.open.as_mut() {
        let group = open.session.group_mut();
        let id = group.add_barrier(Barrier { text: "Silos".into(), severity: 4, ..Barrier::default() });
        group.add_action(Action {
            title: "Monthly leaders' breakfast".into(),
            lead: LeadSide::Council,
            barriers: vec![id],
            start_month: Some(0),
            end_month: Some(3),
            ..Action::default()
        });
    }
    go_to_stage(&mut app, 8);
    let figures = app.session().map(|s| review::debrief(s.group(), &s.scenario).figures).unwrap_or_default();
    {
        let before = Figures { actions: 3, barriers: 4, barriers_tackled: 2, ..Figures::default() };
        app.screen.view.history = vec![
            Attempt { title: "First go".into(), created: T0 - 86_400, figures: before, current: false },
            Attempt { title: "Practice".into(), created: T0, figures, current: true },
        ];
    }
    common::Fixture { dir, app }
}

#[test]
fn the_solo_debrief_and_the_comparison_can_be_read_whole() {
    let mut f = solo_debrief();
    let (findings, comparison) = {
        let open = f.app.work.open.as_ref().expect("a session");
        let findings = review::debrief(open.session.group(), &open.session.scenario).findings;
        let history = &f.app.screen.view.history;
        (findings, practice::compare(&history[0].figures, &history[1].figures))
    };
    assert!(findings.len() >= 4, "{findings:?}");
    for size in SIZES {
        resize(&mut f.app, size);
        let seen = scroll_through(&mut f.app, size, "the debrief");
        let mut wanted: Vec<String> = findings.iter().map(|x| format!("{}:", x.topic)).collect();
        wanted.extend(findings.iter().map(|x| last_word(&x.text)));
        wanted.push("Compared with the attempt before".into());
        wanted.extend(comparison.iter().map(|c| last_word(c)));
        assert_all(&seen, &wanted, "the debrief", size);
    }
}

/// The large lines of a projector screen read by [`read_projector`].
fn large_text(read: &str) -> &str {
    read.lines().last().and_then(|l| l.strip_prefix("LARGE: ")).unwrap_or_default()
}

/// Everything the projector shows on a stage, stepping with the keys the
/// facilitator already uses: ↓ through pages or the list, Shift-↓ (J)
/// through the pages of a selected item taller than one page.
fn projected(app: &mut App, size: (u16, u16), list: bool) -> Vec<String> {
    press(app, KeyCode::Home);
    let mut screens = vec![read_projector(app, size)];
    for _ in 0..200 {
        if list {
            for _ in 0..12 {
                press(app, KeyCode::Char('J'));
                let now = read_projector(app, size);
                if screens.last() == Some(&now) {
                    break;
                }
                screens.push(now);
            }
        }
        press(app, KeyCode::Down);
        let now = read_projector(app, size);
        if screens.last() == Some(&now) {
            break;
        }
        screens.push(now);
    }
    // The end is a wall: one ↑ moves back.
    if screens.len() > 1 {
        press(app, KeyCode::Up);
        assert_ne!(screens.last(), Some(&read_projector(app, size)), "↑ at the end did nothing");
    }
    press(app, KeyCode::Home);
    screens
}

/// Large block-glyph text on a row.
fn large(row: &str) -> bool {
    row.chars()
        .any(|c| matches!(c, '▀' | '▄' | '█' | '▌' | '▐' | '▖' | '▗' | '▘' | '▝' | '▙' | '▛' | '▜' | '▟' | '▞' | '▚'))
}

#[test]
fn the_projector_reaches_everything_large_and_shows_nothing_for_the_facilitator_alone() {
    let mut f = full_room();
    f.app.screen.letters = roundtable::term::Letters::Sized;
    let scenario = f.app.session().map(|s| s.scenario.clone()).expect("a session");
    let names = ["Red", "Blue", "Green"];
    // Speaker notes asked for on the facilitator's screen stay off the projector.
    go_to_stage(&mut f.app, 2);
    keys(&mut f.app, "np");
    for size in [(60, 16), (80, 24), (200, 60)] {
        resize(&mut f.app, size);
        // (stage, keys to a view of it, is a list, texts it must reach)
        let mut views: Vec<(usize, &str, bool, Vec<String>)> = vec![
            (1, "", false, scenario.stages.iter().map(|s| s.title.clone()).collect()),
            (3, "", true, (1..=7).map(|n| format!("Red barrier {n}")).collect()),
            (4, "", true, (1..=3).map(|n| format!("Red solution {n}")).collect()),
            (5, "", false, vec![scenario.council.name.clone()]),
            (6, "", true, (1..=5).map(|n| format!("{n}. Red action {n}:")).collect()),
            (8, "", false, names.iter().map(|g| format!("{g}: 5 actions")).collect()),
            // The closing questions, for the room to talk over before the
            // facilitator types its answers.
            (8, "", false, scenario.closing_questions.clone()),
            // The scenario's day explained, on the brief's last page.
            (5, "⇥⇥", false, scenario.glossary.iter().map(|e| e.term.clone()).collect()),
            // And on round to the brief, for the next size.
            (5, if scenario.glossary.is_empty() { "" } else { "⇥" }, false, vec![scenario.council.name.clone()]),
        ];
        for (i, slide) in scenario.slides.iter().enumerate() {
            let keys = ["", "→", "→→", "→→→", "→→→→", "→→→→→", "→→→→→→"][i.min(6)];
            views.push((2, keys, false, vec![slide.title.clone()]));
        }
        for (g, name) in names.iter().enumerate() {
            let keys = ["", "→", "→→"][g];
            let mut wanted: Vec<String> = (1..=5).map(|n| format!("{n}. {name} action {n}:")).collect();
            wanted.push(format!("Leader of the council: {name} Leader"));
            wanted.push(format!("Chief Executive: {name} Chief"));
            views.push((7, keys, false, wanted));
        }
        let every_action: Vec<String> =
            names.iter().flat_map(|g| (1..=5).map(move |n| format!("{g} action {n}:"))).collect();
        views.push((7, "v", true, every_action));
        views.push((7, "vv", false, scenario.areas.iter().map(|a| a.name.clone()).collect()));
        for (stage, how, list, wanted) in views {
            go_to_stage(&mut f.app, stage);
            if matches!(stage, 2 | 7) {
                // From the first slide, or the first group.
                for _ in 0..6 {
                    press(&mut f.app, KeyCode::Left);
                }
            }
            for c in how.chars() {
                press(
                    &mut f.app,
                    match c {
                        '→' => KeyCode::Right,
                        '⇥' => KeyCode::Tab,
                        _ => KeyCode::Char(c),
                    },
                );
            }
            let screens = if how == "v" {
                // Side by side: the facilitator's cursor goes down each
                // group's actions, group by group.
                let mut screens = Vec::new();
                for _ in 0..3 {
                    press(&mut f.app, KeyCode::Left);
                }
                for _ in 0..3 {
                    for _ in 0..5 {
                        press(&mut f.app, KeyCode::Up);
                    }
                    for _ in 0..5 {
                        screens.push(read_projector(&mut f.app, size));
                        press(&mut f.app, KeyCode::Down);
                    }
                    press(&mut f.app, KeyCode::Right);
                }
                screens
            } else {
                projected(&mut f.app, size, list)
            };
            let what = format!("stage {stage} {how} at {size:?}");
            let all = screens.join("\n");
            for forbidden in
                ["? help", "next stage", "Press ", "←/→", "Space", "Speaker notes", ".ron", "Enter", "switch"]
            {
                assert!(!all.contains(forbidden), "{what}: the projector shows {forbidden:?}:\n{all}");
            }
            // An item taller than a page runs on to the next, and a word
            // longer than a large line (13 letters at 60x16) to the next line.
            let squeezed = |text: &str| text.split_whitespace().collect::<String>();
            let all_large = squeezed(&screens.iter().map(|s| large_text(s)).collect::<String>());
            for text in &wanted {
                assert!(
                    all.contains(text.as_str()) || all_large.contains(&squeezed(text)),
                    "{what}: never showed {text:?}:\n{all}"
                );
            }
            // Large from the first page (a long item's small print may
            // run on to a page of its own).
            assert!(!large_text(&screens[0]).is_empty(), "{what}: no large text:\n{}", screens[0]);
            if size == (200, 60) {
                let open = f.app.work.open.as_ref().expect("a session");
                let (large_rows, of) = roundtable::ui::projector::large_rows(
                    &f.app.view(),
                    open,
                    ratatui::layout::Rect::new(0, 0, size.0, size.1),
                );
                assert!(large_rows * 2 > of, "{what}: {large_rows} of {of} rows carry large text:\n{}", screens[0]);
            }
            // Back to one group at a time.
            if how.starts_with('v') {
                keys(&mut f.app, &"v".repeat(3 - how.len()));
            }
            // Pages are stepped through to the last (side by side, the
            // facilitator's cursor picks the page).
            if how == "v" {
                continue;
            }
            let pages = screens.iter().filter_map(|s| {
                let footer = s.lines().rev().nth(1)?.trim();
                footer.split_once(" of ").map(|(_, m)| m.to_string())
            });
            if let Some(total) = pages.clone().next() {
                assert!(all.contains(&format!("{total} of {total}")), "{what}: the last page never shown:\n{all}");
            }
        }
    }
}

/// At laptop size the projector shows the stage's content one item at a
/// time in large letters, opens at the top of the stage whatever the
/// facilitator's screen was scrolled to, and never shows the help.
#[test]
fn the_projector_at_laptop_size_shows_one_item_large_from_the_top() {
    let mut f = full_room();
    let size = (80, 24);
    resize(&mut f.app, size);

    // One item a page: the selected barrier alone, large, with its small print.
    go_to_stage(&mut f.app, 3);
    press(&mut f.app, KeyCode::Home);
    keys(&mut f.app, "p");
    let blocks = screen(&mut f.app, size);
    let rows = blocks.lines().filter(|row| large(row)).count();
    assert!(rows >= 4, "the item is not in large letters:\n{blocks}");
    f.app.screen.letters = roundtable::term::Letters::Sized;
    let read = read_projector(&mut f.app, size);
    assert_eq!(large_text(&read), "Red barrier 1", "{read}");
    assert!(read.contains("about barrier 1."), "{read}");
    press(&mut f.app, KeyCode::Down);
    let read = read_projector(&mut f.app, size);
    assert_eq!(large_text(&read), "Red barrier 2", "↓ shows the next item alone:\n{read}");
    assert!(!read.contains("barrier 1"), "{read}");

    // The help is the facilitator's: `?` leaves the projector as it is.
    keys(&mut f.app, "?");
    assert_eq!(read_projector(&mut f.app, size), read, "? changed the projector");
    keys(&mut f.app, "p");

    // The facilitator's screen scrolled down the close; the projector
    // opens at the top of it, and the facilitator's screen comes back
    // where it was.
    go_to_stage(&mut f.app, 8);
    for _ in 0..12 {
        press(&mut f.app, KeyCode::Down);
    }
    let scrolled = screen(&mut f.app, size);
    assert!(scrolled.contains("more above"), "{scrolled}");
    keys(&mut f.app, "p");
    let top = read_projector(&mut f.app, size);
    let footer = top.lines().rev().nth(1).unwrap_or_default();
    assert!(footer.trim().starts_with("1 of "), "the projector opened at {footer:?}:\n{top}");
    press(&mut f.app, KeyCode::Down);
    keys(&mut f.app, "p");
    assert_eq!(screen(&mut f.app, size), scrolled, "the facilitator's screen moved");

    // The welcome opens at the question, not at the end of the agenda.
    go_to_stage(&mut f.app, 1);
    for _ in 0..12 {
        press(&mut f.app, KeyCode::Down);
    }
    keys(&mut f.app, "p");
    let welcome = read_projector(&mut f.app, size);
    let question = f.app.session().map(|s| s.scenario.question.clone()).unwrap_or_default();
    let first_words: String = question.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    assert!(large_text(&welcome).starts_with(&first_words), "{welcome}");
    assert!(!welcome.contains("help"), "{welcome}");
}

/// The sizes from the smallest screen drawn to a projector terminal.
const SMALL_TO_LARGE: [(u16, u16); 3] = [(60, 16), (80, 24), (200, 60)];

/// The news on the actions stage, longer than its banner on a small
/// screen, is read to its end with the key the hint bar and the help
/// offer, and the answer form repeats its question.
#[test]
fn the_news_is_read_whole_with_its_own_key_and_its_question_is_in_the_answer_form() {
    let mut f = full_room();
    let fired = f.app.session().map(|s| s.injects.clone()).unwrap_or_default();
    for size in SMALL_TO_LARGE {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 6);
        for (back, inject) in fired.iter().rev().enumerate() {
            let first = screen(&mut f.app, size);
            let mut seen = first.clone();
            for _ in 0..12 {
                keys(&mut f.app, "m");
                seen.push_str(&screen(&mut f.app, size));
            }
            let what = format!("the news {back} back at {size:?}");
            let wanted = [last_word(&inject.what), last_word(&inject.question)];
            assert_all(&seen, &wanted, &what, size);
            if !wanted.iter().all(|w| first.contains(w.as_str())) {
                assert!(first.contains("m reads on"), "{what}: hidden news not said:\n{first}");
                assert!(first.contains("m read on in the news"), "{what}: the hint bar has no key:\n{first}");
            }
            // The answer form asks the news's question.
            keys(&mut f.app, "r");
            let form = screen(&mut f.app, size);
            let asks: String = inject.question.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
            assert!(form.contains(&format!("The news asks: {asks}")), "{what}: the form lost the question:\n{form}");
            press(&mut f.app, KeyCode::Esc);
            keys(&mut f.app, "n");
        }
        keys(&mut f.app, "?");
        let help = scroll_to(&mut f.app, size, "the help", Some("this help."));
        assert!(help.contains("read on in the news"), "{size:?}: the help has no news key:\n{help}");
        press(&mut f.app, KeyCode::Esc);
    }
}

/// The timeline view shows every action and every plan check, under the
/// news, with Shift-↓ where they do not all fit.
#[test]
fn the_timeline_and_every_plan_check_can_be_reached() {
    let mut f = full_room();
    let checks =
        f.app.session().map(|s| roundtable::domain::plan::check_plan(&s.groups[0].actions)).unwrap_or_default();
    assert!(!checks.is_empty(), "the fixture's plan has checks to show");
    for size in SMALL_TO_LARGE {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 6);
        keys(&mut f.app, "T");
        let first = screen(&mut f.app, size);
        let seen = seen_while_pressing(&mut f.app, size, KeyCode::Char('J'), 40);
        let mut wanted: Vec<String> = (1..=5).map(|n| format!("{n}. Red action {n}")).collect();
        wanted.extend(checks.iter().map(|c| last_word(&c.to_string())));
        wanted.push("Plan checks".into());
        assert_all(&seen, &wanted, "the timeline", size);
        if !wanted.iter().all(|w| first.contains(w.as_str())) {
            assert!(first.contains("more below"), "{size:?}: the timeline hides text unsaid:\n{first}");
        }
        press(&mut f.app, KeyCode::Home);
        keys(&mut f.app, "T");
    }
}

/// The map shows every area and every action placed in it, as boxes where
/// they fit and as a list where they do not; never an empty cut box.
#[test]
fn the_map_shows_every_area_and_action() {
    let mut f = full_room();
    let (areas, placed) = f
        .app
        .session()
        .map(|s| {
            let map = review::map(s);
            let names: Vec<String> = s.scenario.areas.iter().map(|a| a.name.clone()).collect();
            let placed: Vec<String> =
                map.iter().flat_map(|a| a.items.iter().map(|i| i.title.chars().take(12).collect())).collect();
            (names, placed)
        })
        .unwrap_or_default();
    for size in SMALL_TO_LARGE {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 7);
        keys(&mut f.app, "vv");
        let first = screen(&mut f.app, size);
        assert!(first.contains("Map"), "{first}");
        let seen = scroll_through(&mut f.app, size, "the map");
        if size.0 < 200 {
            // Each area named whole, where a box would cut it.
            assert_all(&seen, &areas, "the map", size);
        }
        assert_all(&seen, &placed, "the map", size);
        keys(&mut f.app, "v");
    }
}

/// Side by side, the action under the cursor is on screen, marked, with
/// its dots.
#[test]
fn side_by_side_voting_shows_the_selection_and_the_dots() {
    let mut f = full_room();
    for size in SMALL_TO_LARGE {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 7);
        keys(&mut f.app, "v");
        for _ in 0..3 {
            press(&mut f.app, KeyCode::Left);
        }
        // Blue's first action has Red's dot.
        press(&mut f.app, KeyCode::Right);
        for _ in 0..5 {
            press(&mut f.app, KeyCode::Up);
        }
        let now = screen(&mut f.app, size);
        assert!(now.contains("1. Blue action 1"), "{size:?}: the cursor's action is hidden:\n{now}");
        assert!(now.contains("● 1"), "{size:?}: the dot is hidden:\n{now}");
        let buf = render_buffer(&f.app, size);
        let marked = (0..size.1).any(|y| {
            let row: String = (0..size.0).map(|x| buf[(x, y)].symbol().to_string()).collect();
            row.contains("1. Blue") && (0..size.0).any(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED))
        });
        assert!(marked, "{size:?}: the selection is not marked:\n{now}");
        keys(&mut f.app, "vv");
    }
}

fn render_buffer(app: &App, (w, h): (u16, u16)) -> ratatui::buffer::Buffer {
    use ratatui::widgets::Widget;
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    app.render(area, &mut buf);
    buf
}

/// Each form shows every field as the focus goes through them, says when
/// some are out of sight, and keeps its keys to finish or cancel.
#[test]
fn forms_reach_every_field_and_keep_their_keys() {
    let mut f = full_room();
    for size in SMALL_TO_LARGE {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 6);
        press(&mut f.app, KeyCode::Enter);
        let first = screen(&mut f.app, size);
        let seen = seen_while_pressing(&mut f.app, size, KeyCode::Tab, 12);
        let fields = ["Title", "What", "Lead role", "Tackles barriers", "First step", "Success", "15% test"];
        assert_all(&seen, &fields.map(String::from), "the action form", size);
        if !fields.iter().all(|field| first.contains(field)) {
            assert!(first.contains("more field"), "{size:?}: the form hides fields unsaid:\n{first}");
        }
        press(&mut f.app, KeyCode::Esc);
        // No letters of the list beside the form.
        let rows: Vec<&str> = first.lines().filter(|row| row.contains("› Title")).collect();
        assert!(rows.iter().all(|row| row.trim_start().starts_with('│')), "{size:?}: {rows:?}");

        keys(&mut f.app, "i");
        press(&mut f.app, KeyCode::Char('w'));
        let inject = screen(&mut f.app, size);
        assert!(inject.contains("Esc cancel"), "{size:?}: the inject form cannot say how to cancel:\n{inject}");
        press(&mut f.app, KeyCode::Esc);
    }
}

/// A stage's question too long for its rows says so, and the help has it whole.
#[test]
fn a_cut_question_says_so_and_the_help_has_it_whole() {
    let mut f = full_room();
    let prompt = f.app.session().map(|s| s.scenario.stages[2].prompt.clone()).unwrap_or_default();
    for size in SMALL_TO_LARGE {
        resize(&mut f.app, size);
        go_to_stage(&mut f.app, 3);
        let now = screen(&mut f.app, size);
        if !now.contains(&last_word(&prompt)) {
            assert!(now.contains("? shows it all"), "{size:?}: the question is cut unsaid:\n{now}");
        }
        keys(&mut f.app, "?");
        let help = scroll_to(&mut f.app, size, "the help", Some("this help."));
        assert!(help.contains(&last_word(&prompt)), "{size:?}: {help}");
        press(&mut f.app, KeyCode::Esc);
    }
}
