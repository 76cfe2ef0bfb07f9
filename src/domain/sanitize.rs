//! Text that arrives from another machine's file is cleaned before use, so
//! it can never send control sequences to the facilitator's terminal.

use super::session::Group;

/// Drops control characters (escape, bell, carriage return...); a newline
/// or tab becomes a space.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

fn clean_in_place(text: &mut String) {
    if text.chars().any(char::is_control) {
        *text = clean(text);
    }
}

/// Cleans every piece of text a group wrote.
pub fn clean_group(group: &mut Group) {
    clean_in_place(&mut group.name);
    group.members.iter_mut().for_each(clean_in_place);
    for b in &mut group.barriers {
        clean_in_place(&mut b.text);
        clean_in_place(&mut b.story);
    }
    for s in &mut group.solutions {
        clean_in_place(&mut s.text);
        s.areas.iter_mut().for_each(clean_in_place);
    }
    for a in &mut group.actions {
        for field in [&mut a.title, &mut a.what, &mut a.lead_role, &mut a.first_step, &mut a.success] {
            clean_in_place(field);
        }
        a.areas.iter_mut().for_each(clean_in_place);
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
    fn every_field_of_a_group_is_cleaned() {
        let mut g = Group { name: "Red\x1b]0;x\x07".into(), ..Group::default() };
        g.add_action(Action { title: "T\x1b[31m".into(), success: "s\x07".into(), ..Action::default() });
        clean_group(&mut g);
        assert_eq!(g.name, "Red]0;x");
        assert_eq!(g.actions[0].title, "T[31m");
        assert_eq!(g.actions[0].success, "s");
    }
}
