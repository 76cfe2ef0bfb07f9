//! The room as a whole: a group's stance, its answers to the news, barriers
//! several groups named, and the room's answers to the closing questions,
//! on the screens, in the session file and in the reports.

use crate::common::{go_to_stage, keys, press, screen, session_app};
use crossterm::event::KeyCode;
use roundtable::app::App;
use roundtable::clock::TimeZone;
use roundtable::domain::session::{Action, Barrier, Mode, Session};
use roundtable::export::{self, Format};
use roundtable::scenarios;
use roundtable::store;

fn austerity_app(dir: &std::path::Path) -> App {
    let scenario = scenarios::built_in().into_iter().find(|s| s.id == "austerity").expect("the austerity scenario");
    let session = Session::new("Hard times", scenario, Mode::Room, &["Red".into(), "Blue".into()], 1_795_500_000);
    let mut app = App::with_session(dir.to_path_buf(), session, dir.join("session.ron"));
    app.screen.theme = roundtable::ui::theme::Theme::monochrome();
    app
}

#[test]
fn two_groups_naming_the_same_card_are_one_barrier_named_by_two_at_the_close_and_in_the_reports() {
    let mut f = session_app(&["Red", "Blue"]);
    let s = f.app.work.open.as_mut().expect("a session");
    for g in &mut s.session.groups {
        g.add_barrier(Barrier {
            text: "Low trust and understanding".into(),
            card: Some("trust".into()),
            ..Barrier::default()
        });
    }
    go_to_stage(&mut f.app, 8);
    let close = screen(&f.app, 200, 60);
    assert!(close.contains("The room as a whole"), "{close}");
    assert!(close.contains("\"Low trust and understanding\" named by 2 groups: Red and Blue"), "{close}");
    let session = f.app.session().expect("a session");
    let md = export::render(session, Format::Markdown, &TimeZone::UTC);
    assert!(md.contains("Low trust and understanding: named by 2 groups: Red and Blue"), "{md}");
    let html = export::render(session, Format::Html, &TimeZone::UTC);
    assert!(html.contains("Low trust and understanding: named by 2 groups: Red and Blue"), "{html}");
}

#[test]
fn a_table_answers_the_news_and_report_back_and_the_reports_show_it() {
    let mut f = session_app(&["Red", "Blue"]);
    go_to_stage(&mut f.app, 6);
    f.app.work.open.as_mut().expect("a session").session.groups[0]
        .add_action(Action { title: "Joint funding calendar".into(), ..Action::default() });
    // The facilitator fires the first inject.
    press(&mut f.app, KeyCode::Char('i'));
    press(&mut f.app, KeyCode::Enter);
    let news = f.app.session().expect("a session").injects[0].title.clone();
    assert!(screen(&f.app, 80, 24).contains("r: answer"), "the banner says how to answer");
    press(&mut f.app, KeyCode::Char('r'));
    let form = screen(&f.app, 80, 24);
    assert!(form.contains("Your answer to the news") && form.contains("What changes"), "{form}");
    keys(&mut f.app, "Bid together for the fund");
    press(&mut f.app, KeyCode::Tab);
    press(&mut f.app, KeyCode::Char(' '));
    press(&mut f.app, KeyCode::Esc);
    let red = &f.app.session().expect("a session").groups[0];
    let answer = red.response(0).expect("Red's answer");
    assert_eq!(answer.note, "Bid together for the fund");
    assert_eq!(answer.actions, vec![red.actions[0].id]);

    go_to_stage(&mut f.app, 7);
    let report_back = screen(&f.app, 120, 40);
    assert!(
        report_back.contains(&format!("News, month 2: {news}: Bid together for the fund (actions 1)")),
        "{report_back}"
    );
    go_to_stage(&mut f.app, 8);
    let close = screen(&f.app, 200, 60);
    assert!(close.contains("Red: Bid together for the fund (1 action changed)"), "{close}");
    assert!(close.contains("Blue: no answer yet"), "{close}");
    let md = export::render(f.app.session().expect("a session"), Format::Markdown, &TimeZone::UTC);
    assert!(md.contains("  - Red: Bid together for the fund (changed: 1. Joint funding calendar)"), "{md}");
}

#[test]
fn a_stance_and_an_answer_to_the_news_round_trip_through_the_file_and_reach_the_reports() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut app = austerity_app(dir.path());
    go_to_stage(&mut app, 5);
    press(&mut app, KeyCode::Char('c'));
    let chooser = screen(&app, 80, 24);
    assert!(chooser.contains("Red's stance") && chooser.contains("Collaborate"), "{chooser}");
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session().expect("a session").groups[0].stance.as_deref(), Some("collaborate"));
    app.work.open.as_mut().expect("a session").session.groups[0].answer_inject(0, "We pooled budgets", vec![]);
    app.save_now().expect("saved");

    let path = dir.path().join("session.ron");
    let text = std::fs::read_to_string(&path).expect("the file");
    assert!(text.contains("stance: Some(\"collaborate\")") && text.contains("We pooled budgets"), "{text}");
    let again = store::load_session(&path).expect("it opens again");
    assert_eq!(again.groups[0].stance.as_deref(), Some("collaborate"));
    assert_eq!(again.groups[0].response(0).map(|r| r.note.as_str()), Some("We pooled budgets"));

    let md = export::render(&again, Format::Markdown, &TimeZone::UTC);
    assert!(md.contains("**Stance:** Collaborate"), "{md}");
    assert!(md.contains("- Red: Collaborate") && md.contains("- Blue: not chosen"), "{md}");
    let html = export::render(&again, Format::Html, &TimeZone::UTC);
    assert!(html.contains("<strong>Stance:</strong> Collaborate"), "{html}");
    let debrief = roundtable::domain::review::debrief(&again.groups[0], &again.scenario);
    assert!(debrief.findings.iter().any(|f| f.topic == "Stance" && f.text.starts_with("You chose to collaborate")));

    go_to_stage(&mut app, 7);
    assert!(screen(&app, 120, 40).contains("Stance: Collaborate"), "report-back shows the stance");
}

#[test]
fn the_room_answers_the_closing_questions_and_the_answers_are_kept() {
    let mut f = session_app(&["Red", "Blue"]);
    go_to_stage(&mut f.app, 8);
    let questions = f.app.session().expect("a session").scenario.closing_questions.clone();
    assert_eq!(questions.len(), 2);
    assert!(screen(&f.app, 200, 60).contains("Not answered yet."));
    press(&mut f.app, KeyCode::Char('w'));
    let form = screen(&f.app, 100, 30);
    assert!(form.contains("Closing questions"), "{form}");
    keys(&mut f.app, "Mostly, with a champion");
    press(&mut f.app, KeyCode::Tab);
    keys(&mut f.app, "A compact and shared data");
    press(&mut f.app, KeyCode::Esc);
    let answers = &f.app.session().expect("a session").closing_answers;
    assert_eq!(answers.len(), 2);
    assert_eq!(
        (answers[0].question.as_str(), answers[0].answer.as_str()),
        (questions[0].as_str(), "Mostly, with a champion")
    );
    let close = screen(&f.app, 200, 60);
    assert!(close.contains("A compact and shared data"), "{close}");
    let md = export::render(f.app.session().expect("a session"), Format::Markdown, &TimeZone::UTC);
    assert!(md.contains(&format!("**{}**\n\nMostly, with a champion", questions[0])), "{md}");
}

#[test]
fn similar_words_are_suggested_and_the_facilitator_can_split_them() {
    let mut f = session_app(&["Red", "Blue"]);
    let s = f.app.work.open.as_mut().expect("a session");
    s.session.groups[0].add_barrier(Barrier { text: "No shared data".into(), ..Barrier::default() });
    s.session.groups[1].add_barrier(Barrier { text: "no shared data!".into(), ..Barrier::default() });
    go_to_stage(&mut f.app, 8);
    assert!(screen(&f.app, 200, 60).contains("named by 2 groups: Red and Blue (in words alike"));
    press(&mut f.app, KeyCode::Char('m'));
    let overlay = screen(&f.app, 80, 24);
    assert!(overlay.contains("Barriers that read alike") && overlay.contains("the same"), "{overlay}");
    press(&mut f.app, KeyCode::Enter);
    assert!(screen(&f.app, 80, 24).contains("different"));
    press(&mut f.app, KeyCode::Esc);
    assert!(screen(&f.app, 200, 60).contains("No barrier was named by more than one group."));
}

#[test]
fn an_action_placed_in_no_area_is_still_listed_at_the_close() {
    let mut f = session_app(&["Red", "Blue"]);
    let s = f.app.work.open.as_mut().expect("a session");
    let area = s.session.scenario.areas[0].id.clone();
    s.session.groups[0].add_action(Action { title: "Placed action".into(), areas: vec![area], ..Action::default() });
    s.session.groups[1].add_action(Action { title: "Funding calendar".into(), ..Action::default() });
    go_to_stage(&mut f.app, 8);
    let close = screen(&f.app, 200, 60);
    assert!(close.contains("Red: Placed action"), "{close}");
    let unplaced = close.find("Actions in no area of change yet:").expect("the unplaced actions' heading");
    assert!(close[unplaced..].contains("Blue: Funding calendar"), "{close}");
}
