//! `roundtable pack`: the facilitator's printable pack, from a built-in
//! scenario, a user's file, or a hostile one.

use std::process::Command;

use roundtable::domain::scenario::Scenario;
use roundtable::export::html::esc;
use roundtable::export::pack::{self, CENTRE};
use roundtable::scenarios;

const BIN: &str = env!("CARGO_BIN_EXE_roundtable");

/// Runs the binary with its data directory in `data`; returns (exit code,
/// standard output, standard error).
fn run(args: &[&str], data: &std::path::Path) -> (Option<i32>, String, String) {
    let out = Command::new(BIN).args(args).env("ROUNDTABLE_DATA_DIR", data).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every part of the scenario that belongs on paper is in the pack, as the
/// report's escaping writes it, each with its credit: so nothing a scenario
/// holds is out of the room's reach, even where no screen shows it.
#[track_caller]
fn assert_whole(s: &Scenario, html: &str) {
    let has = |text: &str, what: &str| {
        if !text.trim().is_empty() {
            assert!(html.contains(&esc(text)), "{}: {what} {text:?} missing", s.id);
        }
    };
    has(&s.question, "question");
    has(&s.setting, "setting");
    for stage in &s.stages {
        has(&stage.title, "stage");
        has(&stage.prompt, "stage prompt");
    }
    for slide in &s.slides {
        has(&slide.title, "slide");
        slide.points.iter().for_each(|p| has(p, "slide point"));
        has(&slide.source, "slide source");
    }
    for (heading, text) in s.council.sections() {
        has(text, heading);
    }
    for entry in &s.glossary {
        has(&entry.term, "glossary term");
        has(&entry.meaning, "glossary meaning");
        has(&entry.now, "glossary now");
        has(&entry.source, "glossary source");
    }
    for role in &s.roles {
        has(&role.title, "role");
        has(&role.brief, "role brief");
        role.pressures.iter().for_each(|p| has(p, "pressure"));
        has(&role.source, "role source");
    }
    for card in &s.barrier_deck {
        has(&card.title, "barrier card");
        has(&card.explanation, "barrier explanation");
        has(&card.prompt, "barrier prompt");
        has(&card.source, "barrier source");
    }
    for deck in &s.idea_decks {
        has(&deck.title, "idea deck");
        has(&deck.source, "idea deck source");
    }
    for idea in &s.idea_cards {
        has(&idea.title, "idea card");
        has(&idea.text, "idea text");
        has(&idea.source, "idea source");
    }
    for area in &s.areas {
        has(&area.name, "area");
        has(&area.summary, "area summary");
        area.moves.iter().for_each(|m| has(m, "move"));
        has(&area.source, "area source");
    }
    for inject in &s.injects {
        has(&inject.title, "inject");
        has(&inject.what, "inject news");
        has(&inject.question, "inject question");
        has(&inject.source, "inject source");
    }
    for (topic, cited) in s.findings.cited() {
        has(&cited.finding, topic);
        has(&cited.source, topic);
    }
    if let Some(choice) = &s.stance {
        has(&choice.question, "stance question");
        for option in &choice.options {
            has(&option.title, "stance option");
            has(&option.text, "stance option text");
        }
        has(&choice.source, "stance source");
    }
    s.closing_questions.iter().for_each(|q| has(q, "closing question"));
    assert!(html.contains(CENTRE), "the map's centre");
    // One role card to a printed page, and each part on its own page.
    assert_eq!(html.matches("<section class=\"page role\"").count(), s.roles.len());
    assert!(html.contains("break-before: page"));
    // The plan sheet has a block per action, with every field of the form.
    assert_eq!(html.matches("<div class=\"plan\">").count(), usize::from(s.rules.actions));
    for field in [
        "Title",
        "What will be done",
        "Who leads:",
        "Which role leads",
        "Areas of change:",
        "Barriers it tackles",
        "First step, within the next 30 days",
        "How success will be seen",
        "authority and resources you have now",
    ] {
        assert!(html.contains(field), "{}: plan field {field:?}", s.id);
    }
    for external in ["http://", "https://", "src=", "<link", "@import", "<script"] {
        assert!(!html.contains(external), "{}: external reference or script {external}", s.id);
    }
}

#[test]
fn the_built_in_packs_hold_every_card_move_finding_and_closing_question() {
    let data = tempfile::tempdir().unwrap();
    for s in scenarios::built_in() {
        let (code, html, err) = run(&["pack", &s.id], data.path());
        assert_eq!(code, Some(0), "{err}");
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert_whole(&s, &html);
    }
}

#[test]
fn a_scenario_written_from_the_guide_packs_to_a_file() {
    let data = tempfile::tempdir().unwrap();
    let out = data.path().join("riverside-pack.html");
    let (code, stdout, err) = run(&["pack", "docs/minimal-scenario.ron", "-o", out.to_str().unwrap()], data.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(stdout.contains("Pack written to"), "{stdout}");
    let html = std::fs::read_to_string(&out).unwrap();
    let s = roundtable::store::load_scenario_file(std::path::Path::new("docs/minimal-scenario.ron")).unwrap();
    assert_whole(&s, &html);
    // A second pack replaces the first; a file that is not one is left alone.
    assert_eq!(run(&["pack", "nlgn", "-o", out.to_str().unwrap()], data.path()).0, Some(0));
    let notes = data.path().join("notes.html");
    std::fs::write(&notes, "my own notes").unwrap();
    let (code, _, err) = run(&["pack", "nlgn", "-o", notes.to_str().unwrap()], data.path());
    assert_eq!(code, Some(1));
    assert!(err.contains("notes.html") && err.contains("left as it is"), "{err}");
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my own notes");
}

#[test]
fn hostile_scenario_text_is_escaped() {
    const EVIL: &str = "<script>alert(1)</script>";
    let mut s = scenarios::built_in_default();
    s.id = "hostile".into();
    s.title = format!("T{EVIL}");
    s.question = format!("Q{EVIL}");
    s.source = format!("S{EVIL}");
    s.stages[0].title = format!("G{EVIL}");
    s.stages[0].guide = format!("U{EVIL}\nsecond \"paragraph\"");
    s.slides[0].notes = format!("N{EVIL}");
    s.council.name = format!("C{EVIL}");
    s.roles[0].title = format!("R{EVIL}");
    s.roles[0].pressures[0] = format!("P{EVIL}");
    s.barrier_deck[0].title = format!("B{EVIL}");
    s.idea_cards[0].text = format!("I{EVIL}");
    s.areas[0].moves[0] = format!("M{EVIL}");
    s.areas[1].name = format!("A{EVIL}");
    s.injects[0].question = format!("J{EVIL}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.ron");
    std::fs::write(&file, ron::ser::to_string_pretty(&s, ron::ser::PrettyConfig::new()).unwrap()).unwrap();
    let (code, html, err) = run(&["pack", file.to_str().unwrap()], dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(!html.contains("<script"), "a pack must never run script");
    for prefix in ["T", "Q", "S", "G", "U", "N", "C", "R", "P", "B", "I", "M", "A", "J"] {
        assert!(html.contains(&format!("{prefix}&lt;script&gt;alert(1)&lt;/script&gt;")), "{prefix} not escaped");
    }
    assert!(html.contains("second &quot;paragraph&quot;"));
    assert_eq!(pack::render(&s), html, "the command writes what render makes");
}

#[test]
fn an_unknown_scenario_is_named_and_fails() {
    let data = tempfile::tempdir().unwrap();
    let (code, out, err) = run(&["pack", "no-such-workshop"], data.path());
    assert_eq!(code, Some(1));
    assert!(out.is_empty(), "nothing is written: {out}");
    assert!(
        err.contains("\"no-such-workshop\"") && err.contains("nlgn"),
        "names what was asked and what is known: {err}"
    );
    let (code, _, err) = run(&["pack", "missing.ron"], data.path());
    assert_eq!(code, Some(1));
    assert!(err.contains("missing.ron"), "{err}");
}
