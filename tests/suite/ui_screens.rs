//! Every stage's screen, rendered into a test terminal, shows what it should.

use crate::common;
use crate::common::{go_to_stage, keys, press, screen, session_app};
use crossterm::event::KeyCode;

#[test]
fn welcome_shows_the_question_and_the_agenda_at_80x24() {
    let f = session_app(&["Red"]);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Welcome and agenda"), "{s}");
    assert!(s.contains("Agenda"), "{s}");
    assert!(s.contains(" 35 min  6. Five actions"), "{s}");
    assert!(s.contains("] next stage"), "{s}");
    insta::assert_snapshot!("welcome_80x24", s);
}

#[test]
fn briefing_hides_speaker_notes_until_asked() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 2);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Why partnership, why now"), "{s}");
    assert!(s.contains("slide 1 of 7"), "{s}");
    assert!(!s.contains("Speaker notes"), "{s}");
    press(&mut f.app, KeyCode::Char('n'));
    press(&mut f.app, KeyCode::Right);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("slide 2 of 7"), "{s}");
    assert!(s.contains("Speaker notes: facilitator only"), "{s}");
}

#[test]
fn barriers_stage_adds_from_the_deck_and_in_own_words() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 3);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("No barriers yet"), "{s}");

    press(&mut f.app, KeyCode::Char('d'));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("The scenario's barrier deck"), "{s}");
    assert!(s.contains("most important"), "{s}");
    press(&mut f.app, KeyCode::Enter);
    keys(&mut f.app, "5");
    press(&mut f.app, KeyCode::Esc);

    press(&mut f.app, KeyCode::Char('a'));
    keys(&mut f.app, "Officers never ring back");
    press(&mut f.app, KeyCode::Tab);
    press(&mut f.app, KeyCode::Right);
    press(&mut f.app, KeyCode::Esc);

    let s = screen(&f.app, 80, 24);
    assert!(s.contains("●●●●● env Low trust and understanding"), "{s}");
    assert!(s.contains("●●●○○ org Officers never ring back"), "{s}");
    assert!(s.contains("2 barriers · 1 environmental · 1 organisational"), "{s}");
    assert!(s.contains("3 Barriers (2)"), "{s}");

    // Keys on the list change the selected barrier.
    press(&mut f.app, KeyCode::Char('1'));
    press(&mut f.app, KeyCode::Char('t'));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("●○○○○ env Officers never ring back"), "{s}");
}

#[test]
fn deleting_asks_first() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 3);
    press(&mut f.app, KeyCode::Char('a'));
    keys(&mut f.app, "Silo working");
    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Char('x'));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Delete the barrier \"Silo working\"?"), "{s}");
    press(&mut f.app, KeyCode::Char('n'));
    assert_eq!(f.app.session().unwrap().group().barriers.len(), 1);
    press(&mut f.app, KeyCode::Char('x'));
    press(&mut f.app, KeyCode::Char('y'));
    assert!(f.app.session().unwrap().group().barriers.is_empty());
}

#[test]
fn solutions_show_their_links() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 3);
    press(&mut f.app, KeyCode::Char('a'));
    keys(&mut f.app, "No data on local groups");
    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Char(']'));
    press(&mut f.app, KeyCode::Char('a'));
    keys(&mut f.app, "Joint directory");
    press(&mut f.app, KeyCode::Tab);
    keys(&mut f.app, " ");
    press(&mut f.app, KeyCode::Tab);
    press(&mut f.app, KeyCode::Down);
    press(&mut f.app, KeyCode::Down);
    press(&mut f.app, KeyCode::Down);
    keys(&mut f.app, " ");
    press(&mut f.app, KeyCode::Esc);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Joint directory [1 barrier]"), "{s}");
    assert!(s.contains("Areas: Knowledge and data"), "{s}");
    assert!(s.contains("• No data on local groups"), "{s}");
}

#[test]
fn scenario_shows_the_council_and_roles() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 5);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Wexcombe Borough Council"), "{s}");
    assert!(s.contains("Place:"), "{s}");
    press(&mut f.app, KeyCode::Tab);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Leader of the council"), "{s}");
    let wide = screen(&f.app, 200, 60);
    assert!(wide.contains("Head of Procurement  nobody yet"), "the roles to choose from: {wide}");
    // Then what the bodies of 2007 were and became, and round to the
    // brief, which on a projector fits side by side with the roles.
    press(&mut f.app, KeyCode::Tab);
    let glossary = screen(&f.app, 80, 24);
    assert!(glossary.contains("Glossary (") && glossary.contains("Third sector: "), "{glossary}");
    press(&mut f.app, KeyCode::Tab);
    let wide = screen(&f.app, 200, 60);
    assert!(wide.contains("Place:") && wide.contains("Head of Procurement"), "{wide}");
}

#[test]
fn actions_stage_counts_to_five_and_flags_gaps() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 6);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Actions 0 of 5"), "{s}");
    for title in ["One", "Two", "Three", "Four", "Five"] {
        press(&mut f.app, KeyCode::Char('a'));
        keys(&mut f.app, title);
        press(&mut f.app, KeyCode::Esc);
    }
    press(&mut f.app, KeyCode::Char('a'));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Actions 5 of 5"), "{s}");
    assert!(s.contains("already has 5 actions"), "{s}");
    assert!(s.contains("! say who leads"), "{s}");
    assert!(s.contains("6 Actions 5/5"), "{s}");
    insta::assert_snapshot!("actions_80x24", s);
}

#[test]
fn the_action_form_holds_every_field() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 6);
    press(&mut f.app, KeyCode::Char('a'));
    let s = screen(&f.app, 80, 24);
    for label in [
        "Title",
        "What",
        "Lead",
        "Lead role",
        "Areas of change",
        "Tackles barriers",
        "Start month",
        "End month",
        "First step",
        "Success",
    ] {
        assert!(s.contains(label), "missing {label}: {s}");
    }
    assert!(s.contains("(0 to 18)"), "{s}");
}

#[test]
fn report_back_and_close_summarise_the_plan() {
    let mut f = session_app(&["Red", "Blue"]);
    go_to_stage(&mut f.app, 3);
    press(&mut f.app, KeyCode::Char('a'));
    keys(&mut f.app, "Nobody trusts anyone");
    press(&mut f.app, KeyCode::Esc);
    go_to_stage(&mut f.app, 6);
    press(&mut f.app, KeyCode::Char('a'));
    keys(&mut f.app, "Leadership breakfast");
    press(&mut f.app, KeyCode::Tab);
    press(&mut f.app, KeyCode::Tab);
    press(&mut f.app, KeyCode::Right);
    press(&mut f.app, KeyCode::Right);
    press(&mut f.app, KeyCode::Right);
    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Char(']'));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Red: 1 of 5"), "{s}");
    assert!(s.contains("1. Leadership breakfast"), "{s}");
    assert!(s.contains("led jointly"), "{s}");
    press(&mut f.app, KeyCode::Char(']'));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("The room as a whole"), "the room first: {s}");
    let s = screen(&f.app, 200, 60);
    assert!(s.contains("Red: agreed 1 of 5"), "{s}");
    assert!(s.contains("Barriers no action tackles:") && s.contains("Red: \"Nobody trusts anyone\""), "{s}");
    assert!(s.contains("Areas of change no group chose"), "{s}");
    assert!(s.contains("Blue: agreed 0 of 5"), "{s}");
}

#[test]
fn help_lists_the_keys_of_the_current_screen() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 3);
    press(&mut f.app, KeyCode::Char('?'));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Help"), "{s}");
    assert!(s.contains("pick from the deck"), "{s}");
    assert!(s.contains("1/2/3/4/5  severity"), "{s}");
    press(&mut f.app, KeyCode::Esc);
    assert!(!screen(&f.app, 80, 24).contains("closes this help"));
}

#[test]
fn a_small_terminal_says_so() {
    let f = session_app(&["Red"]);
    let s = screen(&f.app, 40, 10);
    assert!(s.contains("Terminal too small"), "{s}");
    assert!(s.contains("40x10"), "{s}");
}

#[test]
fn every_stage_fills_a_projector_screen_without_panicking() {
    let mut f = session_app(&["Red", "Blue", "Green"]);
    for stage in 1..=8 {
        go_to_stage(&mut f.app, stage);
        for (w, h) in [(80, 24), (200, 60), (60, 16), (61, 17)] {
            let s = screen(&f.app, w, h);
            assert!(s.contains("Roundtable"), "stage {stage} at {w}x{h}: {s}");
        }
    }
}

#[test]
fn home_lists_saved_sessions() {
    let f = session_app(&["Red"]);
    let dir = f.dir.path().to_path_buf();
    let sessions = roundtable::store::paths::sessions_dir(&dir);
    let session = f.app.session().unwrap().clone();
    roundtable::store::save_session(&session, &sessions.join("one.ron")).unwrap();
    std::fs::write(sessions.join("broken.ron"), "Session(").unwrap();
    let mut home = roundtable::app::App::home(dir);
    home.screen.theme = roundtable::ui::theme::Theme::monochrome();
    let s = screen(&home, 80, 24);
    assert!(s.contains("+ Start a new session"), "{s}");
    assert!(s.contains("Wexcombe test"), "{s}");
    assert!(s.contains("cannot be opened"), "{s}");
}

#[test]
fn a_scenario_written_from_the_guide_plays() {
    let text = std::fs::read_to_string("docs/minimal-scenario.ron").unwrap();
    let scenario = roundtable::store::parse_scenario(&text, std::path::Path::new("minimal.ron")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let session = roundtable::domain::session::Session::new(
        "Riverside",
        scenario,
        roundtable::domain::session::Mode::Room,
        &["Table 1".to_string()],
        0,
    );
    let mut app = roundtable::app::App::with_session(dir.path().to_path_buf(), session, dir.path().join("r.ron"));
    app.screen.theme = roundtable::ui::theme::Theme::monochrome();
    let s = screen(&app, 80, 24);
    assert!(s.contains("Riverside: a first partnership workshop"), "{s}");
    press(&mut app, KeyCode::Char(']'));
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char(']'));
    press(&mut app, KeyCode::Char('a'));
    keys(&mut app, "Befriending pilot");
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    let s = screen(&app, 80, 24);
    assert!(s.contains("(0 to 12)"), "{s}");
    press(&mut app, KeyCode::Esc);
    let s = screen(&app, 200, 60);
    assert!(s.contains("Actions 1 of 3"), "{s}");
    assert!(s.contains("3 Actions 1/3"), "{s}");
    press(&mut app, KeyCode::Char(']'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Table 1: agreed 1 of 3"), "{s}");
}

#[test]
fn briefing_and_a_barrier_card_read_well_on_a_projector_sized_screen() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 2);
    press(&mut f.app, KeyCode::Right);
    press(&mut f.app, KeyCode::Right);
    press(&mut f.app, KeyCode::Right);
    let s = screen(&f.app, 200, 60);
    assert!(s.contains("What the seminars asked   slide 4 of 7"), "{s}");
    assert!(s.contains(" • How far can one council's success be copied elsewhere?"), "{s}");
    go_to_stage(&mut f.app, 3);
    press(&mut f.app, KeyCode::Char('d'));
    for _ in 0..7 {
        press(&mut f.app, KeyCode::Down);
    }
    for (w, h) in [(80, 24), (200, 60)] {
        let s = screen(&f.app, w, h);
        assert!(s.contains("Commissioning pulling against capacity building"), "{w}x{h}: {s}");
        assert!(s.contains("Ask: Has anyone been told they cannot help a group"), "{w}x{h}: {s}");
        assert!(s.contains("later?"), "the question is shown in full at {w}x{h}: {s}");
    }
}

#[test]
fn a_forms_keys_say_what_finishing_that_form_does() {
    let mut f = session_app(&["Red"]);
    go_to_stage(&mut f.app, 3);
    press(&mut f.app, KeyCode::Char('a'));
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&f.app, w, h);
        let hint_bar = s.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
        assert!(hint_bar.contains("Ctrl-s/Esc save the barrier and close"), "{w}x{h}: {s}");
        assert!(s.contains("Ctrl-s/Esc save the barrier and close ·"), "the form's own footer at {w}x{h}: {s}");
        assert!(!s.contains("session"), "{w}x{h}: {s}");
    }
    press(&mut f.app, KeyCode::F(1));
    let help = screen(&f.app, 80, 24);
    assert!(help.contains("Ctrl-s/Esc  save the barrier and close"), "{help}");
    assert!(!help.contains("new session"), "{help}");
    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Esc);

    let dir = tempfile::tempdir().unwrap();
    let mut home = roundtable::app::App::home(dir.path().to_path_buf());
    press(&mut home, KeyCode::Char('n'));
    let s = screen(&home, 100, 30);
    assert!(s.contains("Ctrl-s start the session"), "{s}");
    assert!(s.contains("Esc cancel (no session is started)"), "{s}");
}

#[test]
fn counts_follow_the_scenario_and_read_in_the_singular_when_there_is_one() {
    let mut f = session_app(&["Red"]);
    f.app.work.open.as_mut().unwrap().session.scenario.rules.actions = 3;
    go_to_stage(&mut f.app, 6);
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("Press a to add the first of your three, or d"), "{s}");
    assert!(!s.contains("your five"), "{s}");
    f.app.work.open.as_mut().unwrap().session.scenario.rules.actions = 1;
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("No actions yet. Press a to add it, or d"), "{s}");

    // One of each reads as one, not "1 barriers".
    go_to_stage(&mut f.app, 3);
    press(&mut f.app, KeyCode::Char('a'));
    keys(&mut f.app, "Silos");
    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Char('G'));
    let s = screen(&f.app, 100, 30);
    assert!(s.contains("Red · 1 barrier, 0 solutions, 0 of 1 action"), "{s}");
}

/// A save follows from any change a person makes, and never from looking
/// around: moving between stages, scrolling, opening help.
#[test]
fn a_change_is_marked_for_saving_and_looking_around_is_not() {
    let mut f = session_app(&["Red"]);
    let dirty = |f: &common::Fixture| f.app.work.open.as_ref().is_some_and(|o| o.is_dirty());
    go_to_stage(&mut f.app, 3);
    f.app.save_now().unwrap();
    for key in [KeyCode::Down, KeyCode::Char('?'), KeyCode::Esc, KeyCode::Char('T')] {
        press(&mut f.app, key);
    }
    assert!(!dirty(&f), "looking around changes nothing");
    press(&mut f.app, KeyCode::Char('a'));
    assert!(dirty(&f), "a new barrier is to be saved");
    f.app.save_now().unwrap();
    keys(&mut f.app, "Silo");
    assert!(dirty(&f), "typing is to be saved");
}

/// A stage's prompt is given the rows its wrapping measures, and drawn in
/// them whole, however awkward its text: wide characters, words longer
/// than the screen, runs of spaces.
#[test]
fn an_awkward_prompt_is_drawn_in_the_rows_measured_for_it() {
    use ratatui::style::Modifier;
    let prompts = [
        "地方自治体と市民社会のパートナーシップについて話し合いましょう。地方自治体と市民社会のパートナーシップ。",
        "Which     barriers    matter most? Supercalifragilisticexpialidociousandthensomemoretomakeitlongerthanthescreen",
        "Trust 🤝 between 👨‍👩‍👧 partners 🏛️ and the council: what would change it? Name one thing each.",
    ];
    for prompt in prompts {
        for width in [60u16, 80, 97] {
            let mut f = session_app(&["Red"]);
            f.app.work.open.as_mut().unwrap().session.scenario.stages[0].prompt = prompt.to_string();
            let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, 30)).unwrap();
            terminal.draw(|frame| frame.render_widget(&f.app, frame.area())).unwrap();
            let buf = terminal.backend().buffer();
            // The prompt is the screen's italic text, inside the stage's frame.
            let italic =
                |x: u16, y: u16| buf[(x, y)].modifier.contains(Modifier::ITALIC) && buf[(x, y)].symbol() != " ";
            let rows: Vec<u16> = (0..30).filter(|&y| (0..width).any(|x| italic(x, y))).collect();
            let measured = roundtable::ui::wrap::height(prompt, width - 2);
            assert_eq!(rows.len(), usize::from(measured), "{prompt:?} at {width}");
            assert_eq!(rows.last().unwrap() - rows[0] + 1, measured, "one block of rows");
            let drawn: String = rows
                .iter()
                .flat_map(|&y| (0..width).filter(move |&x| italic(x, y)).map(move |x| buf[(x, y)].symbol().to_string()))
                .collect();
            let whole: String = prompt.split_whitespace().collect();
            assert_eq!(drawn, whole, "nothing cut off at {width}");
        }
    }
}

/// Text with its white space and frame taken out, so that a sentence
/// wrapped over several indented lines of a pane still matches.
fn squeezed(text: &str) -> String {
    text.split_whitespace().flat_map(|word| word.split('│')).collect()
}

/// A room of two groups on one of the built-in scenarios.
fn built_in_room(scenario: roundtable::domain::scenario::Scenario) -> common::Fixture {
    use roundtable::domain::session::{Mode, Session};
    let dir = tempfile::tempdir().unwrap();
    let names = vec!["Red".to_string(), "Blue".to_string()];
    let session = Session::new("Reach", scenario, Mode::Room, &names, 1_795_500_000);
    let path = dir.path().join("session.ron");
    let mut app = roundtable::app::App::with_session(dir.path().to_path_buf(), session, path);
    app.screen.theme = roundtable::ui::theme::Theme::monochrome();
    common::Fixture { dir, app }
}

fn stage_of(s: &roundtable::domain::scenario::Scenario, kind: roundtable::domain::scenario::StageKind) -> usize {
    s.stages.iter().position(|st| st.kind == kind).expect("the stage") + 1
}

#[test]
fn the_close_sets_what_the_sources_found_beside_the_plans_and_the_projector_asks_the_closing_questions() {
    use roundtable::domain::scenario::StageKind;
    for scenario in roundtable::scenarios::built_in() {
        let mut f = built_in_room(scenario.clone());
        go_to_stage(&mut f.app, stage_of(&scenario, StageKind::Close));
        let s = squeezed(&screen(&f.app, 200, 200));
        let cited = scenario.findings.cited();
        assert!(!cited.is_empty(), "{}: the scenario cites findings", scenario.id);
        assert!(s.contains("Whatthesourcesfound"), "{}: {s}", scenario.id);
        for (topic, found) in cited {
            assert!(s.contains(&squeezed(&found.finding)), "{}: the {topic} finding: {s}", scenario.id);
            assert!(s.contains(&squeezed(&found.source)), "{}: the {topic} source: {s}", scenario.id);
        }
        // The projector asks each closing question large until it is answered.
        assert!(!scenario.closing_questions.is_empty(), "{}", scenario.id);
        f.app.screen.letters = roundtable::term::Letters::Sized;
        press(&mut f.app, KeyCode::Char('p'));
        let room = common::read_projector(&mut f.app, (200, 60));
        let large = squeezed(room.lines().last().unwrap_or_default());
        assert!(large.contains(&squeezed(&scenario.closing_questions[0])), "{}: {room}", scenario.id);
    }
}

#[test]
fn an_answered_closing_question_gives_its_answer_the_large_type() {
    let mut f = session_app(&["Red", "Blue"]);
    let question = f.app.session().unwrap().scenario.closing_questions[0].clone();
    go_to_stage(&mut f.app, 8);
    f.app.screen.letters = roundtable::term::Letters::Sized;
    press(&mut f.app, KeyCode::Char('p'));
    let before = common::read_projector(&mut f.app, (200, 60));
    assert!(squeezed(before.lines().last().unwrap()).contains(&squeezed(&question)), "{before}");
    press(&mut f.app, KeyCode::Char('p'));
    press(&mut f.app, KeyCode::Char('w'));
    keys(&mut f.app, "Everywhere with a named contact");
    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Char('p'));
    let after = common::read_projector(&mut f.app, (200, 60));
    let large = after.lines().last().unwrap();
    assert!(large.contains("Everywhere with a named contact"), "{after}");
    assert!(!squeezed(large).contains(&squeezed(&question)), "the answered question is small now: {after}");
    assert!(after.contains(&question[..20]), "and still shown: {after}");
}

#[test]
fn the_idea_cards_are_listed_deck_by_deck_under_each_decks_name() {
    use roundtable::domain::scenario::StageKind;
    let mut decks = 0;
    for scenario in roundtable::scenarios::built_in() {
        let mut f = built_in_room(scenario.clone());
        go_to_stage(&mut f.app, stage_of(&scenario, StageKind::Solutions));
        press(&mut f.app, KeyCode::Char('d'));
        let s = screen(&f.app, 200, 60);
        for deck in &scenario.idea_decks {
            decks += 1;
            assert!(s.contains(&deck.title), "{}: the deck {:?}: {s}", scenario.id, deck.title);
        }
        assert!(s.contains(&scenario.idea_cards[0].title), "{}: {s}", scenario.id);
    }
    assert!(decks >= 2, "the built-in scenarios group their ideas in decks");
}

#[test]
fn the_scenario_stage_explains_the_terms_of_its_day_on_a_page_of_its_own() {
    use roundtable::domain::scenario::StageKind;
    let mut explained = 0;
    for scenario in roundtable::scenarios::built_in() {
        if scenario.glossary.is_empty() {
            continue;
        }
        explained += 1;
        let mut f = built_in_room(scenario.clone());
        go_to_stage(&mut f.app, stage_of(&scenario, StageKind::Scenario));
        // Narrower than a projector, so that the roles are not beside it.
        let brief = squeezed(&screen(&f.app, 100, 100));
        assert!(brief.contains(&squeezed(&format!("When: {}", scenario.setting))), "{}: {brief}", scenario.id);
        press(&mut f.app, KeyCode::Tab);
        press(&mut f.app, KeyCode::Tab);
        let page = screen(&f.app, 200, 200);
        assert!(page.contains("Glossary ("), "{}: {page}", scenario.id);
        let page = squeezed(&page);
        for entry in &scenario.glossary {
            assert!(page.contains(&squeezed(&entry.meaning)), "{}: {:?}: {page}", scenario.id, entry.term);
        }
        press(&mut f.app, KeyCode::Tab);
        assert!(screen(&f.app, 200, 60).contains("Council brief"), "round again to the brief");
    }
    assert!(explained >= 1, "a built-in scenario set in its day explains its terms");
}
