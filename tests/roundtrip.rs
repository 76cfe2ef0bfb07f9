//! Any session survives a save and a load unchanged.

use std::path::Path;

use proptest::prelude::*;
use roundtable::domain::scenario::BarrierKind;
use roundtable::domain::session::{Action, Barrier, LeadSide, Mode, Session, Solution};
use roundtable::scenarios;
use roundtable::store::{parse_session, session_to_ron};

fn text() -> impl Strategy<Value = String> {
    // Quotes, backslashes, newlines, RON syntax, emoji, CJK and RTL text.
    prop_oneof![
        "[a-zA-Z0-9 ,.'\"\\\\()\\[\\]:]{0,40}",
        "\\PC{0,30}",
        Just("Wexcombe \"Voluntary\" Action\nline two".to_string()),
        Just("社区 🤝 شراكة".to_string()),
    ]
}

/// title, lead index, start, end, barrier indices, first step
type ActionSpec = (String, usize, Option<u8>, Option<u8>, Vec<usize>, String);

#[derive(Debug, Clone)]
struct GroupSpec {
    name: String,
    barriers: Vec<(String, bool, u8, String)>,
    solutions: Vec<(String, Vec<usize>, Vec<usize>)>,
    actions: Vec<ActionSpec>,
}

fn group_spec() -> impl Strategy<Value = GroupSpec> {
    (
        text(),
        prop::collection::vec((text(), any::<bool>(), 1u8..=5, text()), 0..6),
        prop::collection::vec(
            (text(), prop::collection::vec(0usize..6, 0..3), prop::collection::vec(0usize..5, 0..3)),
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
            ),
            0..6,
        ),
    )
        .prop_map(|(name, barriers, solutions, actions)| GroupSpec { name, barriers, solutions, actions })
}

fn build(groups: Vec<GroupSpec>, stage: usize) -> Session {
    let scenario = scenarios::built_in_default();
    let area_ids: Vec<String> = scenario.areas.iter().map(|a| a.id.clone()).collect();
    let names: Vec<String> = groups.iter().enumerate().map(|(i, g)| format!("{i} {}", g.name.trim())).collect();
    let mut session = Session::new("Round trip", scenario, Mode::Room, &names, 1_800_000_000);
    session.stage = stage;
    for (group, spec) in session.groups.iter_mut().zip(groups) {
        let mut ids = Vec::new();
        for (t, org, severity, story) in spec.barriers {
            let kind = if org { BarrierKind::Organisational } else { BarrierKind::Environmental };
            ids.push(group.add_barrier(Barrier { text: t, kind, severity, story, ..Barrier::default() }));
        }
        let pick = |indices: &[usize]| -> Vec<u32> { indices.iter().filter_map(|i| ids.get(*i).copied()).collect() };
        for (t, links, areas) in spec.solutions {
            let areas = areas.iter().map(|i| area_ids[*i].clone()).collect();
            group.add_solution(Solution { text: t, barriers: pick(&links), areas, ..Solution::default() });
        }
        for (title, lead, start, end, links, step) in spec.actions {
            group.add_action(Action {
                title,
                lead: LeadSide::ALL[lead],
                start_month: start,
                end_month: end,
                barriers: pick(&links),
                first_step: step,
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
        let session = build(groups, stage);
        let text = session_to_ron(&session);
        let back = parse_session(&text, Path::new("prop.ron")).expect("a saved session parses");
        prop_assert_eq!(back, session);
    }
}
