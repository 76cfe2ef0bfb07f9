//! Text from outside (a group's file, a session or scenario someone sent, a
//! paste, a keyboard) is cleaned before use, so it can never send control
//! sequences to the facilitator's terminal or hide and reorder what a
//! screen or report shows. `is_hidden` is the one rule: `clean` applies it
//! to a line of text, and `clean_session`, `clean_scenario` and
//! `clean_group` to every piece of text a file holds.

use super::scenario::Scenario;
use super::session::{Group, Session};

/// Characters that change how text is shown without being seen: controls
/// (escape, bell, the C1 set...) and Unicode format characters (category
/// Cf): bidi embeddings, overrides, isolates and marks, which reorder text
/// so that what is shown is not what was written; zero-width spaces and
/// invisible operators, which hide text; the byte order mark and
/// interlinear annotation marks; and tag characters, which can carry a
/// whole hidden message (so subdivision flags such as Wales's show as a
/// plain black flag).
///
/// Kept although they are format characters: the zero-width non-joiner and
/// joiner (U+200C, U+200D), which Persian, Indic scripts and emoji
/// sequences such as 👩‍💻 need to be written correctly, and the prepended
/// concatenation marks of Arabic, Syriac and Kaithi (U+0600 to U+0605,
/// U+06DD, U+070F, U+0890, U+0891, U+08E2, U+110BD, U+110CD), which are
/// visible signs in real text and reorder nothing.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'
                | '\u{200E}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{13430}'..='\u{1343F}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0001}'
                | '\u{E0020}'..='\u{E007F}'
        )
}

/// One line of text as it may be shown: a newline, tab or line or paragraph
/// separator becomes a space (every field is one paragraph), and every
/// hidden character is dropped. Screens, reports and forms use this.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\t' | '\u{2028}' | '\u{2029}' => Some(' '),
            c if is_hidden(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Whether `clean` changes or drops this character.
pub fn needs_cleaning(c: char) -> bool {
    is_hidden(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Text a person wrote, as it is kept: hidden characters dropped, a tab a
/// space, line breaks kept (as text kept in a file is cleaned).
pub fn kept(text: &str) -> String {
    let mut text = text.to_string();
    clean_in_place(&mut text);
    text
}

/// Cleans text kept in a file, in place. Line breaks stay: they hide
/// nothing, screens and reports show them as spaces through `clean`, and a
/// session's text must survive a save and a load unchanged. A tab becomes a
/// space, as in `clean`. Text that is already clean (nearly all of it) is
/// left alone rather than copied.
fn clean_in_place(text: &mut String) {
    let changes = |c: char| c != '\n' && is_hidden(c);
    if text.chars().any(changes) {
        *text = text
            .chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if changes(c) => None,
                c => Some(c),
            })
            .collect();
    }
}

/// Cleans every piece of text in a session: its title, its copy of the
/// scenario, what the groups wrote and the injects fired.
pub fn clean_session(session: &mut Session) {
    clean_in_place(&mut session.title);
    clean_scenario(&mut session.scenario);
    session.groups.iter_mut().for_each(clean_group);
    for answer in session.closing_answers.iter_mut().chain(session.feedback.iter_mut().flat_map(|f| &mut f.answers)) {
        clean_in_place(&mut answer.question);
        clean_in_place(&mut answer.answer);
    }
    for feedback in &mut session.feedback {
        clean_in_place(&mut feedback.comment);
    }
    for inject in &mut session.injects {
        for field in [&mut inject.title, &mut inject.what, &mut inject.question] {
            clean_in_place(field);
        }
    }
}

/// Cleans every piece of text in a scenario. Ids are cleaned too, as the
/// groups' links to them are, so links still match.
pub fn clean_scenario(scenario: &mut Scenario) {
    for field in
        [&mut scenario.id, &mut scenario.title, &mut scenario.source, &mut scenario.question, &mut scenario.setting]
    {
        clean_in_place(field);
    }
    for stage in &mut scenario.stages {
        for field in [
            &mut stage.title,
            &mut stage.prompt,
            &mut stage.hint,
            &mut stage.solo_prompt,
            &mut stage.solo_hint,
            &mut stage.guide,
        ] {
            clean_in_place(field);
        }
    }
    for slide in &mut scenario.slides {
        clean_in_place(&mut slide.title);
        clean_in_place(&mut slide.notes);
        clean_in_place(&mut slide.source);
        slide.points.iter_mut().for_each(clean_in_place);
    }
    let c = &mut scenario.council;
    for field in [
        &mut c.name,
        &mut c.place,
        &mut c.people,
        &mut c.politics,
        &mut c.money,
        &mut c.third_sector,
        &mut c.leadership_aim,
    ] {
        clean_in_place(field);
    }
    for role in &mut scenario.roles {
        for field in [&mut role.id, &mut role.title, &mut role.brief, &mut role.source] {
            clean_in_place(field);
        }
        role.pressures.iter_mut().for_each(clean_in_place);
    }
    for card in &mut scenario.barrier_deck {
        for field in [&mut card.id, &mut card.title, &mut card.explanation, &mut card.prompt, &mut card.source] {
            clean_in_place(field);
        }
    }
    for area in &mut scenario.areas {
        for field in [&mut area.id, &mut area.name, &mut area.summary, &mut area.source] {
            clean_in_place(field);
        }
        area.moves.iter_mut().for_each(clean_in_place);
    }
    for idea in &mut scenario.idea_cards {
        for field in [&mut idea.id, &mut idea.title, &mut idea.text, &mut idea.source, &mut idea.deck] {
            clean_in_place(field);
        }
        idea.areas.iter_mut().for_each(clean_in_place);
    }
    for inject in &mut scenario.injects {
        for field in [&mut inject.id, &mut inject.title, &mut inject.what, &mut inject.question, &mut inject.source] {
            clean_in_place(field);
        }
    }
    let findings = &mut scenario.findings;
    for cited in [&mut findings.barriers, &mut findings.areas, &mut findings.partnership, &mut findings.timing]
        .into_iter()
        .flatten()
    {
        clean_in_place(&mut cited.finding);
        clean_in_place(&mut cited.source);
    }
    scenario.closing_questions.iter_mut().for_each(clean_in_place);
    for deck in &mut scenario.idea_decks {
        for field in [&mut deck.id, &mut deck.title, &mut deck.source] {
            clean_in_place(field);
        }
    }
    for entry in &mut scenario.glossary {
        for field in [&mut entry.term, &mut entry.meaning, &mut entry.now, &mut entry.source] {
            clean_in_place(field);
        }
    }
    if let Some(stance) = &mut scenario.stance {
        clean_in_place(&mut stance.question);
        clean_in_place(&mut stance.source);
        for option in &mut stance.options {
            for field in [&mut option.id, &mut option.title, &mut option.text] {
                clean_in_place(field);
            }
        }
    }
}

/// Cleans every piece of text a group wrote.
pub fn clean_group(group: &mut Group) {
    clean_in_place(&mut group.name);
    group.members.iter_mut().for_each(clean_in_place);
    for holder in &mut group.role_holders {
        clean_in_place(&mut holder.role);
        clean_in_place(&mut holder.person);
    }
    if let Some(stance) = &mut group.stance {
        clean_in_place(stance);
    }
    for response in &mut group.inject_responses {
        clean_in_place(&mut response.note);
    }
    for b in &mut group.barriers {
        clean_in_place(&mut b.text);
        clean_in_place(&mut b.story);
        if let Some(card) = &mut b.card {
            clean_in_place(card);
        }
    }
    for s in &mut group.solutions {
        clean_in_place(&mut s.text);
        s.areas.iter_mut().for_each(clean_in_place);
        if let Some(idea) = &mut s.idea {
            clean_in_place(idea);
        }
    }
    for a in &mut group.actions {
        for field in [&mut a.title, &mut a.what, &mut a.lead_role, &mut a.first_step, &mut a.success] {
            clean_in_place(field);
        }
        clean_in_place(&mut a.status_note);
        a.areas.iter_mut().for_each(clean_in_place);
        if let Some(idea) = &mut a.idea {
            clean_in_place(idea);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::Action;

    #[test]
    fn escape_sequences_lose_their_control_characters() {
        assert_eq!(clean("\x1b]0;owned\x07"), "]0;owned");
        assert_eq!(clean("a\x1b[2Jb\r\nc\td"), "a[2Jb c d");
        assert_eq!(clean("plain £ text ✓"), "plain £ text ✓");
    }

    #[test]
    fn bidi_and_invisible_format_characters_are_dropped() {
        assert_eq!(clean("abc\u{202E}exe.txt\u{202C}"), "abcexe.txt");
        assert_eq!(clean("\u{2066}a\u{2069}\u{200E}\u{200F}\u{061C}b"), "ab");
        assert_eq!(clean("zero\u{200B}width\u{2060}\u{FEFF}\u{FFF9}x\u{E0041}"), "zerowidthx");
        assert_eq!(clean("one\u{2028}two\u{2029}three"), "one two three");
    }

    #[test]
    fn joiners_that_scripts_and_emoji_need_are_kept() {
        for text in ["👩\u{200D}💻", "می\u{200C}خواهم", "\u{0600}١٢", "👍🏽 🇬🇧 合作"] {
            assert_eq!(clean(text), text);
        }
    }

    #[test]
    fn a_session_is_cleaned_to_its_scenario_and_injects() {
        let mut session = Session::new(
            "Title\u{202E}",
            crate::scenarios::built_in_default(),
            crate::domain::session::Mode::Room,
            &["Red".into()],
            0,
        );
        session.scenario.areas[0].name = "Area\x1b[2J".into();
        session.scenario.stages[0].title = "Stage\u{200B}".into();
        session.injects.push(crate::domain::room::FiredInject {
            title: "Cut".into(),
            month: 3,
            what: "cut\u{2067}".into(),
            question: String::new(),
            fired_at: 0,
            stage: 0,
        });
        clean_session(&mut session);
        assert_eq!(session.title, "Title");
        assert_eq!(session.scenario.areas[0].name, "Area[2J");
        assert_eq!(session.scenario.stages[0].title, "Stage");
        assert_eq!(session.injects[0].what, "cut");
    }

    #[test]
    fn cleaning_changes_nothing_in_the_built_in_scenarios() {
        for (name, text) in crate::scenarios::BUILT_IN {
            let as_written: Scenario = ron::from_str(text).unwrap();
            let mut cleaned = as_written.clone();
            clean_scenario(&mut cleaned);
            assert_eq!(cleaned, as_written, "{name}");
        }
    }

    #[test]
    fn every_field_of_a_group_is_cleaned() {
        let mut g = Group { name: "Red\x1b]0;x\x07".into(), ..Group::default() };
        g.add_action(Action {
            title: "T\x1b[31m".into(),
            success: "s\x07".into(),
            status_note: "n\u{202E}".into(),
            idea: Some("secondments\u{200B}".into()),
            ..Action::default()
        });
        g.add_solution(crate::domain::session::Solution { idea: Some("compact\x1b".into()), ..Default::default() });
        clean_group(&mut g);
        assert_eq!(g.name, "Red]0;x");
        assert_eq!(g.actions[0].title, "T[31m");
        assert_eq!(g.actions[0].success, "s");
        assert_eq!(g.actions[0].status_note, "n");
        // Cleaned as the scenario's card ids are, so the link still matches.
        assert_eq!(g.actions[0].idea.as_deref(), Some("secondments"));
        assert_eq!(g.solutions[0].idea.as_deref(), Some("compact"));
    }

    #[test]
    fn text_in_a_file_keeps_its_line_breaks() {
        let mut g = Group { name: "Red".into(), ..Group::default() };
        g.add_barrier(crate::domain::session::Barrier {
            story: "one\ntwo\r\n\tthree\u{2028}four\u{202E}".into(),
            ..Default::default()
        });
        clean_group(&mut g);
        assert_eq!(g.barriers[0].story, "one\ntwo\n three\u{2028}four");
        assert_eq!(clean(&g.barriers[0].story), "one two  three four");
    }
}
