//! `roundtable check` on scenario files with each kind of mistake.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_roundtable");

/// Runs `check` on a fixture; returns (exit code, standard error).
fn check(file: &str) -> (Option<i32>, String) {
    let before = std::fs::read(file).unwrap();
    let out = Command::new(BIN)
        .args(["check", file])
        .env("ROUNDTABLE_LOG_DIR", env!("CARGO_TARGET_TMPDIR"))
        .output()
        .unwrap();
    assert_eq!(std::fs::read(file).unwrap(), before, "check must not change {file}");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[track_caller]
fn assert_reports(file: &str, expected: &[&str]) {
    let (code, err) = check(file);
    assert_eq!(code, Some(1), "{file}: {err}");
    for text in expected {
        assert!(err.contains(text), "{file}: expected {text:?} in:\n{err}");
    }
}

#[test]
fn the_shipped_scenarios_and_the_documented_example_pass() {
    let shipped = roundtable::scenarios::BUILT_IN.iter().map(|(file, _)| *file);
    let files: Vec<&str> = shipped.chain(["docs/minimal-scenario.ron"]).collect();
    assert!(files.contains(&"scenarios/vcse-partnership-2026.ron"), "{files:?}");
    for file in files {
        let out = Command::new(BIN)
            .args(["check", file])
            .env("ROUNDTABLE_LOG_DIR", env!("CARGO_TARGET_TMPDIR"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{file}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn a_duplicate_id_names_the_line_the_path_and_the_fix() {
    assert_reports(
        "tests/fixtures/duplicate-id.ron",
        &["tests/fixtures/duplicate-id.ron:38:17: barrier_deck[1].id", "used twice", "rename one"],
    );
}

#[test]
fn an_inject_after_the_horizon_is_reported() {
    assert_reports(
        "tests/fixtures/late-inject.ron",
        &[
            "late-inject.ron:46:44: injects[0].month",
            "after the plan's horizon of 12 months",
            "choose a month from 0 to 12",
        ],
    );
}

#[test]
fn a_reference_to_a_missing_area_is_reported() {
    assert_reports(
        "tests/fixtures/missing-area.ron",
        &["idea_cards[0].areas[0]", "no area has the id \"communications\""],
    );
}

#[test]
fn zero_minutes_and_zero_actions_are_reported() {
    assert_reports(
        "tests/fixtures/zero-minutes.ron",
        &["zero-minutes.ron:15:66: stages[1].minutes", "at least one minute"],
    );
    assert_reports("tests/fixtures/no-actions.ron", &["no-actions.ron:10:18: rules.actions", "at least one action"]);
}

#[test]
fn syntax_errors_and_unknown_fields_name_line_and_column() {
    assert_reports("tests/fixtures/syntax-error.ron", &["syntax-error.ron:33:13:", "Expected comma", "double quotes"]);
    assert_reports(
        "tests/fixtures/unknown-field.ron",
        &["unknown-field.ron:14:55: stages[0].promt:", "a stage has no field called `promt`", "`prompt`"],
    );
}

#[test]
fn syntax_errors_name_the_field_in_plain_words() {
    assert_reports(
        "tests/fixtures/missing-field.ron",
        &["missing-field.ron:14:53: stages[0].prompt:", "the field `prompt` is missing from a stage"],
    );
    assert_reports(
        "tests/fixtures/big-number.ron",
        &["big-number.ron:16:58: stages[2].minutes:", "a whole number from 0 to 65535"],
    );
    let (_, err) = check("tests/fixtures/missing-field.ron");
    assert!(!err.contains("StageSpec"), "no internal type names: {err}");
}

#[test]
fn each_check_of_meaning_has_its_fixture() {
    for (file, expected) in [
        ("two-keys", "two-keys.ron:43:18: barrier_deck[1].key: barrier_deck[0] is already marked as the key barrier"),
        ("bad-id", "bad-id.ron:5:9: id: the id \"river side/..\" has characters other than letters"),
        ("built-in-id", "built-in-id.ron:5:9: id: \"nlgn\" is the id of a built-in scenario"),
        ("briefing-no-slides", "stages[1].kind: a Briefing stage shows the slides, and there are none"),
        ("repeated-stage", "stages[3].kind: stages[1] is already a Barriers stage"),
        ("empty-deck", "barrier_deck: the barrier deck is empty"),
        ("empty-title", "empty-title.ron:16:32: stages[2].title: the title is empty"),
    ] {
        assert_reports(&format!("tests/fixtures/{file}.ron"), &[expected]);
    }
}

#[test]
fn a_user_scenario_is_listed_and_starts_a_session() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("scenarios");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("docs/minimal-scenario.ron", dir.join("riverside.ron")).unwrap();
    let out = Command::new(BIN).arg("scenarios").env("ROUNDTABLE_DATA_DIR", data.path()).output().unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.contains("riverside") && listing.contains("riverside.ron"), "{listing}");
    assert!(listing.contains("austerity"), "{listing}");
    let found = roundtable::scenarios::resolve("riverside", &dir).unwrap();
    assert_eq!(found.rules.actions, 3);
}

#[test]
fn the_format_guide_shows_the_example_file_as_it_is() {
    let guide = std::fs::read_to_string("docs/scenario-format.md").unwrap();
    let example = std::fs::read_to_string("docs/minimal-scenario.ron").unwrap();
    let section = guide.split("## An annotated example").nth(1).unwrap();
    let block = section.split("```ron\n").nth(1).unwrap().split("```").next().unwrap();
    let body: String = example.lines().skip_while(|l| l.starts_with("//")).map(|l| format!("{l}\n")).collect();
    assert_eq!(block, body);
}

#[test]
fn the_guides_solo_wording_example_reads_as_a_stage() {
    use roundtable::domain::scenario::StageSpec;
    use roundtable::domain::session::Mode;
    let guide = std::fs::read_to_string("docs/scenario-format.md").unwrap();
    let section = guide.split("A stage that speaks to a room").nth(1).unwrap();
    let block = section.split("```ron\n").nth(1).unwrap().split("```").next().unwrap();
    let stage: StageSpec = ron::from_str(block.trim().trim_end_matches(',')).unwrap();
    assert_eq!(stage.prompt_for(Mode::Room), "What did the room agree, and who will take it forward?");
    assert_eq!(stage.prompt_for(Mode::Solo), "What does your plan commit to, and who would take it forward?");
    assert_eq!(stage.hint_for(Mode::Room), "Ask each table for one thing it will do on Monday.");
    assert_eq!(stage.hint_for(Mode::Solo), "Name one thing you will do on Monday.");
    // Without the solo fields, as in files written before them, both modes read the same.
    let old: StageSpec =
        ron::from_str("(kind: Close, title: \"Close\", minutes: 5, prompt: \"What did we agree?\")").unwrap();
    assert_eq!(old.prompt_for(Mode::Solo), "What did we agree?");
    assert_eq!(old.hint_for(Mode::Solo), "");
}

/// Each built-in idea card says where it comes from in its own field, shown
/// with the card, and its text is the idea alone.
#[test]
fn every_built_in_idea_card_credits_its_source_apart_from_its_text() {
    for scenario in roundtable::scenarios::built_in() {
        assert!(!scenario.idea_cards.is_empty(), "{}", scenario.id);
        for card in &scenario.idea_cards {
            assert!(!card.source.trim().is_empty(), "{}: {} has no source", scenario.id, card.id);
            assert!(
                !card.text.trim_end().ends_with(')'),
                "{}: {} ends with a credit: {}",
                scenario.id,
                card.id,
                card.text
            );
        }
    }
}
