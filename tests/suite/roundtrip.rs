//! Any session survives a save and a load unchanged, and a file from an
//! older Roundtable still opens.

use std::path::Path;

use proptest::prelude::*;
use roundtable::domain::room::Vote;
use roundtable::domain::scenario::BarrierKind;
use roundtable::domain::session::{
    Action, Barrier, ClosingAnswer, Feedback, LeadSide, Mode, SCHEMA_VERSION, Session, Solution,
};
use roundtable::scenarios;
use roundtable::store::{load_session, parse_session, save_session, session_to_ron};

fn text() -> impl Strategy<Value = String> {
    // Quotes, backslashes, newlines, RON syntax, emoji, CJK and RTL text.
    prop_oneof![
        "[a-zA-Z0-9 ,.'\"\\\\()\\[\\]:]{0,40}",
        "\\PC{0,30}",
        Just("Wexcombe \"Voluntary\" Action\nline two".to_string()),
        Just("社区 🤝 شراكة".to_string()),
    ]
}

/// title, lead index, start, end, barrier indices, first step, idea card index
type ActionSpec = (String, usize, Option<u8>, Option<u8>, Vec<usize>, String, Option<usize>);

/// text, barrier indices, area indices, idea card index
type SolutionSpec = (String, Vec<usize>, Vec<usize>, Option<usize>);

#[derive(Debug, Clone)]
struct GroupSpec {
    name: String,
    barriers: Vec<(String, bool, u8, String)>,
    solutions: Vec<SolutionSpec>,
    actions: Vec<ActionSpec>,
    /// (index of a scenario role, who holds it)
    roles: Vec<(usize, String)>,
}

fn group_spec() -> impl Strategy<Value = GroupSpec> {
    (
        text(),
        prop::collection::vec((text(), any::<bool>(), 1u8..=5, text()), 0..6),
        prop::collection::vec(
            (
                text(),
                prop::collection::vec(0usize..6, 0..3),
                prop::collection::vec(0usize..5, 0..3),
                prop::option::of(0usize..19),
            ),
            0..4,
        ),
        prop::collection::vec(
            (
                text(),
                0usize..4,
                prop::option::of(0u8..=18),
                prop::option::of(0u8..=18),
                prop::collection::vec(0usize..6, 0..3),
                text(),
                prop::option::of(0usize..19),
            ),
            0..6,
        ),
        prop::collection::vec((0usize..9, text()), 0..4),
    )
        .prop_map(|(name, barriers, solutions, actions, roles)| GroupSpec {
            name,
            barriers,
            solutions,
            actions,
            roles,
        })
}

fn build(groups: Vec<GroupSpec>, stage: usize) -> Session {
    let scenario = scenarios::built_in_default();
    let area_ids: Vec<String> = scenario.areas.iter().map(|a| a.id.clone()).collect();
    let names: Vec<String> = groups.iter().enumerate().map(|(i, g)| format!("{i} {}", g.name.trim())).collect();
    let mut session = Session::new("Round trip", scenario, Mode::Room, &names, 1_800_000_000);
    session.stage = stage;
    let role_ids: Vec<String> = session.scenario.roles.iter().map(|r| r.id.clone()).collect();
    let idea_ids: Vec<String> = session.scenario.idea_cards.iter().map(|c| c.id.clone()).collect();
    let idea = |i: Option<usize>| i.map(|i| idea_ids[i % idea_ids.len()].clone());
    for (group, spec) in session.groups.iter_mut().zip(groups) {
        for (role, person) in &spec.roles {
            group.hold_role(&role_ids[role % role_ids.len()], person);
        }
        let mut ids = Vec::new();
        for (t, org, severity, story) in spec.barriers {
            let kind = if org { BarrierKind::Organisational } else { BarrierKind::Environmental };
            ids.push(group.add_barrier(Barrier { text: t, kind, severity, story, ..Barrier::default() }));
        }
        let pick = |indices: &[usize]| -> Vec<u32> { indices.iter().filter_map(|i| ids.get(*i).copied()).collect() };
        for (t, links, areas, card) in spec.solutions {
            let areas = areas.iter().map(|i| area_ids[*i].clone()).collect();
            group.add_solution(Solution {
                text: t,
                barriers: pick(&links),
                areas,
                idea: idea(card),
                ..Solution::default()
            });
        }
        for (title, lead, start, end, links, step, card) in spec.actions {
            group.add_action(Action {
                title,
                lead: LeadSide::ALL[lead],
                start_month: start,
                end_month: end,
                barriers: pick(&links),
                first_step: step,
                idea: idea(card),
                ..Action::default()
            });
        }
    }
    session
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_session_round_trips_through_ron(groups in prop::collection::vec(group_spec(), 1..4), stage in 0usize..8) {
        let mut session = build(groups, stage);
        add_phones(&mut session, stage);
        let text = session_to_ron(&session);
        let back = parse_session(&text, Path::new("prop.ron")).expect("a saved session parses");
        prop_assert_eq!(back, session);
    }
}

/// People on phones: a dot each on the first group's first action, and
/// what they said at the close (odd text included).
fn add_phones(session: &mut Session, seed: usize) {
    let first = session.groups[0].id;
    let action = session.groups[0].actions.first().map(|a| a.id);
    for person in 1..=(seed as u64 % 3) {
        if let Some(action) = action {
            session.votes.push(Vote { from: first, group: first, action, person: Some(person * 7_919_000_000_001) });
        }
        let question = session.scenario.closing_questions[0].clone();
        session.feedback.push(Feedback {
            group: first,
            person: person * 7_919_000_000_001,
            answers: vec![ClosingAnswer { question, answer: format!("\"Quoted\" {person}, (brackets)") }],
            rating: Some((person % 5 + 1) as u8),
            comment: if person == 1 { String::new() } else { "r#\"raw\"#".into() },
        });
    }
    session.votes_hidden = seed.is_multiple_of(2);
}

/// A session saved by Roundtable with format version 3: two groups, a
/// barrier drawn from the deck, an action, time counted on a stage, and no
/// role holders (version 3 had none).
const VERSION_3: &str = "tests/fixtures/session-v3.ron";

#[test]
fn a_version_3_file_opens_and_is_saved_as_the_current_version_with_its_role_holders() {
    let text = std::fs::read_to_string(VERSION_3).unwrap();
    assert!(text.contains("schema_version: 3,") && !text.contains("role_holders"));
    let mut session = parse_session(&text, Path::new(VERSION_3)).expect("a version 3 file opens");
    assert_eq!(SCHEMA_VERSION, 8);
    assert!(!session.votes_hidden, "an older file's dots are shown as they always were");
    assert_eq!(session.schema_version, SCHEMA_VERSION);
    let red = &session.groups[0];
    assert_eq!(
        (red.name.as_str(), red.barriers[0].text.as_str(), red.actions[0].title.as_str()),
        ("Red", "Low trust", "Meet monthly")
    );
    assert_eq!(session.stage_time[0].open_secs, 600);
    assert!(session.groups.iter().all(|g| g.role_holders.is_empty()), "nobody holds a role in an older file");

    session.groups[0].hold_role("leader", "Asha");
    session.groups[1].hold_role("cvs", "Ben");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.ron");
    save_session(&session, &path).unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("schema_version: 8,") && saved.contains("person: \"Asha\""), "{saved}");
    assert_eq!(session.saved, 0, "a file from before format 6 reads with no saves counted");
    assert!(!saved.contains("shared_folder"), "a session of its own file does not say it is a folder's room");
    let back = load_session(&path).unwrap();
    assert_eq!(back, session);
    assert_eq!(back.groups[0].roles_held(&back.scenario), vec![("Leader of the council", "Asha")]);
    assert_eq!(back.groups[1].roles_held(&back.scenario), vec![("Chief officer of the CVS", "Ben")]);
}

/// `text` with the lines from the one starting `from` up to (not including)
/// the one starting `to` left out.
fn without(text: &str, from: &str, to: &str) -> String {
    let start = text.find(from).unwrap_or_else(|| panic!("{from:?} in the file"));
    let end = start + text[start..].find(to).unwrap_or_else(|| panic!("{to:?} after {from:?}"));
    format!("{}{}", &text[..start], &text[end..])
}

#[test]
fn versions_1_to_3_still_open() {
    let v3 = std::fs::read_to_string(VERSION_3).unwrap();
    // Version 2 had no time counted on each stage.
    let v2 = without(&v3, "\n    stage_time:", "\n)").replacen("schema_version: 3,", "schema_version: 2,", 1);
    // Version 1 had no group ids, timers, injects or votes either.
    let v1 = without(&v2, "\n    timers:", "\n)")
        .replacen("schema_version: 2,", "schema_version: 1,", 1)
        .replace("Group(\n            id: 1,\n", "Group(\n")
        .replace("Group(\n            id: 2,\n", "Group(\n");
    for (version, text) in [(1, &v1), (2, &v2), (3, &v3)] {
        assert!(text.contains(&format!("schema_version: {version},")), "{text}");
        let session = parse_session(text, Path::new("older.ron"))
            .unwrap_or_else(|e| panic!("version {version} does not open: {e}"));
        assert_eq!(session.schema_version, SCHEMA_VERSION, "version {version}");
        assert_eq!(session.groups[0].actions[0].title, "Meet monthly", "version {version}");
        assert_eq!(session.timers.len(), session.scenario.stages.len(), "version {version}");
        let ids: Vec<u32> = session.groups.iter().map(|g| g.id).collect();
        assert!(ids.iter().all(|id| *id > 0) && ids[0] != ids[1], "version {version}: {ids:?}");
        let back = parse_session(&session_to_ron(&session), Path::new("again.ron")).unwrap();
        assert_eq!(back, session, "version {version} saved as {SCHEMA_VERSION} reads back the same");
    }
}

/// A solution or an action started from an idea card keeps the card's id;
/// a file naming a card its scenario lacks (a hand edit, an edited
/// scenario copy) still opens, keeping the item and its link.
#[test]
fn an_idea_card_link_is_kept_and_a_dangling_one_still_opens() {
    let mut session = build(Vec::new(), 3);
    let group = &mut session.groups[0];
    group.add_solution(Solution { text: "Swap staff".into(), idea: Some("secondments".into()), ..Solution::default() });
    group.add_action(Action { title: "A card gone".into(), idea: Some("no-such-card".into()), ..Action::default() });
    let text = session_to_ron(&session);
    assert!(text.contains("idea: Some(\"secondments\")"), "{text}");
    let back = parse_session(&text, Path::new("ideas.ron")).expect("a file with a dangling idea link opens");
    assert_eq!(back, session);
    assert_eq!(back.groups[0].actions[0].idea.as_deref(), Some("no-such-card"));
    let problems = roundtable::domain::validate::check_session(&back);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "groups[0].actions[0].idea");
}

/// Format 5: a shared folder's room file says so, and a file merely called
/// `room.ron` does not; an older room file is known by the group files
/// beside it.
#[test]
fn a_shared_folders_room_is_known_by_what_it_holds() {
    use roundtable::domain::session::{Mode, Session};
    use roundtable::store::folder;
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new("Room", roundtable::scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
    let room = folder::create_room(&dir.path().join("shared"), &session).unwrap();
    let text = std::fs::read_to_string(&room).unwrap();
    assert!(text.contains("shared_folder: true"), "{text}");
    assert!(folder::is_room(&load_session(&room).unwrap(), &room));

    // A session of its own that happens to be called room.ron.
    let alone = dir.path().join("alone").join("room.ron");
    std::fs::create_dir_all(alone.parent().unwrap()).unwrap();
    save_session(&session, &alone).unwrap();
    assert!(!folder::is_room(&load_session(&alone).unwrap(), &alone));

    // A room file from before format 5, with its group files beside it.
    let older = text
        .replace(&format!("schema_version: {SCHEMA_VERSION}"), "schema_version: 4")
        .replace("shared_folder: true,", "")
        .replace("saved: 0,", "");
    assert!(!older.contains("shared_folder"), "{older}");
    std::fs::write(&room, older).unwrap();
    let loaded = load_session(&room).unwrap();
    assert!(!loaded.shared_folder);
    assert!(folder::is_room(&loaded, &room));
}

/// The afternoon's timekeeping, a group typed for on the room's screen,
/// the tables connected and a laptop's place in its group's file are
/// written and read back as they were.
#[test]
fn the_afternoons_timekeeping_and_the_rooms_screens_round_trip() {
    use roundtable::domain::room::RoomTime;
    use roundtable::domain::session::ScreenSeen;
    use roundtable::store::folder::{self, Laptop};
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new("Afternoon", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
    s.room_time = RoomTime { started_at: Some(1_795_500_000), break_since: Some(1_795_504_000) };
    s.typed_here = vec![s.groups[0].id];
    s.connected = vec![ScreenSeen { group: s.groups[0].id, from: "10.0.0.4".into(), looking_at: Some(2) }];
    let path = dir.path().join("afternoon.ron");
    save_session(&s, &path).unwrap();
    let back = load_session(&path).unwrap();
    assert_eq!(back.room_time, s.room_time);
    assert_eq!(back.typed_here, s.typed_here);
    assert_eq!(back.connected, s.connected);
    assert_eq!(back.scenario.breaks, s.scenario.breaks);
    assert_eq!(back.scenario.breaks.len(), 1, "the built-in scenario's break");

    let laptop = Laptop { stage: 5, saved_at: 1_795_500_100 };
    let written = folder::save_group(dir.path(), &s.groups[0], Some(laptop)).unwrap();
    let mut room = s.clone();
    room.typed_here.clear();
    let states = folder::merge_group_files(dir.path(), &mut room);
    let state = states.iter().find(|f| f.path == written).expect("the group's file");
    assert_eq!(state.laptop, Some(laptop));
}
