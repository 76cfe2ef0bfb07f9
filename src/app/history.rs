//! Undo and redo, per screen: each screen undoes what it changed itself,
//! never what another screen changed meanwhile.
//!
//! A step is the changes one action made (a whole form counts as one), each
//! with the change that puts it back and what it left. Undoing checks that
//! what it left is still so: where someone else has since changed the same
//! thing, the undo is refused with a word of who, rather than overwrite
//! their work. Each step says what it was ("fired inject 'Budget cut'"),
//! so that undo can say what it undid.

use crate::domain::change::{Applied, Change};

/// At least a hundred steps are kept; older ones are dropped.
pub const DEPTH: usize = 200;

/// One change made, and how to take it back.
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    /// The change that puts back what was there before.
    pub undo: Change,
    /// What the change left, which must still be so for the undo.
    pub after: Change,
    /// Who else wrote in the same thing while this screen's form was open
    /// on it: the form's last value holds their words too, so undo would
    /// take those back with its own, and refuses.
    pub shared_with: Option<String>,
}

/// What one action changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub what: String,
    /// In the order they were made; undone last first.
    pub changes: Vec<Made>,
}

#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The step the open form is making: every change made through it.
    form: Option<Step>,
    /// A form has been open during that step: its many keys are said as
    /// one change when it closes.
    form_seen: bool,
}

impl History {
    /// Records a change this screen made: a step of its own, or part of
    /// the open form's.
    pub fn record(&mut self, applied: &Applied) {
        let (Some(undo), Some(after)) = (applied.undo.clone(), applied.after.clone()) else { return };
        if let Some(step) = &mut self.form {
            // A field written again by the same form: undo still puts back
            // what was there before the form, and checks the latest value.
            match step.changes.iter_mut().find(|m| m.after.same_target(&after) && m.undo.same_target(&undo)) {
                Some(made) => made.after = after,
                None => step.changes.push(Made { undo, after, shared_with: None }),
            }
            if step.what.is_empty() {
                step.what.clone_from(&applied.what);
            }
            return;
        }
        self.push(Step { what: applied.what.clone(), changes: vec![Made { undo, after, shared_with: None }] });
    }

    fn push(&mut self, step: Step) {
        self.undo.push(step);
        if self.undo.len() > DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// A form opened: what it changes becomes one step when it closes.
    pub fn open_form(&mut self) {
        self.form = Some(Step { what: String::new(), changes: Vec::new() });
    }

    /// Another screen (`who`) changed something: if the open form's step
    /// has changed the same thing, undoing it would take theirs too.
    pub fn heard(&mut self, who: &str, change: &Change) {
        let Some(step) = &mut self.form else { return };
        // A whole item added is checked whole at undo; a field this form
        // keeps writing holds the latest words, theirs among them.
        for made in &mut step.changes {
            if made.after.same_target(change) {
                made.shared_with.get_or_insert_with(|| who.to_string());
            }
        }
    }

    /// A form is open: the step is a form's.
    pub fn form_is_open(&mut self) {
        self.form_seen = true;
    }

    /// The form closed: its changes, if any, are one step, said as `what`
    /// when given (the item's final name reads better than its first).
    pub fn close_form(&mut self, what: Option<String>) {
        self.form_seen = false;
        if let Some(mut step) = self.form.take()
            && !step.changes.is_empty()
        {
            if let Some(what) = what {
                step.what = what;
            }
            self.push(step);
        }
    }

    /// The action is over: its changes, if any, are one step. A form's
    /// edits to one thing are said as a whole, from how it was to how it is.
    pub fn finish(&mut self, session: Option<&crate::domain::session::Session>) {
        let what = match (&self.form, session) {
            (Some(Step { changes, .. }), Some(session)) if self.form_seen && changes.len() == 1 => {
                Some(session.describe_whole(&changes[0].undo, &changes[0].after))
            }
            _ => None,
        };
        self.close_form(what);
    }

    /// The form's changes were taken back as it closed (a new item left
    /// blank): there is nothing to undo.
    pub fn forget_form(&mut self) {
        self.form = None;
        self.form_seen = false;
    }

    /// Whether the open form's step began by adding its item.
    pub fn form_added(&self) -> bool {
        self.form
            .as_ref()
            .and_then(|step| step.changes.first())
            .is_some_and(|made| matches!(made.undo, Change::Delete { .. }))
    }

    /// Whether a form's changes are being gathered.
    pub fn in_form(&self) -> bool {
        self.form.is_some()
    }

    /// The step to undo (or redo) next, taken off its list.
    pub fn take(&mut self, undo: bool) -> Option<Step> {
        if undo { self.undo.pop() } else { self.redo.pop() }
    }

    /// A step was undone (or redone): `reverse` takes it back the other way.
    pub fn done(&mut self, undo: bool, reverse: Step) {
        if undo { self.redo.push(reverse) } else { self.undo.push(reverse) }
    }

    pub fn undo_steps(&self) -> usize {
        self.undo.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::{Actor, Item};
    use crate::domain::session::{Barrier, Mode, Session};
    use crate::scenarios;

    #[test]
    fn steps_are_kept_to_the_depth_and_a_new_change_clears_redo() {
        let mut s = Session::new("U", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
        let mut h = History::default();
        let id = s.groups[0].id;
        for i in 0..250 {
            let item = Item::Barrier(Barrier { text: format!("b{i}"), ..Barrier::default() });
            h.record(&s.apply(Actor::Facilitator, Change::Add { group: id, item }).unwrap());
        }
        assert_eq!(h.undo_steps(), DEPTH);
        let step = h.take(true).unwrap();
        assert_eq!(step.what, "added barrier 'b249'");
        h.done(true, step.clone());
        let item = Item::Barrier(Barrier { text: "new".into(), ..Barrier::default() });
        h.record(&s.apply(Actor::Facilitator, Change::Add { group: id, item }).unwrap());
        assert!(h.take(false).is_none(), "a new change clears what could be redone");
    }

    #[test]
    fn a_form_is_one_step_and_a_field_written_twice_is_one_change() {
        use crate::domain::change::Field;
        let mut s = Session::new("U", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
        let mut h = History::default();
        let id = s.groups[0].id;
        h.open_form();
        let added =
            s.apply(Actor::Facilitator, Change::Add { group: id, item: Item::Barrier(Barrier::default()) }).unwrap();
        h.record(&added);
        let item = added.change.item().unwrap();
        for text in ["N", "No", "No trust"] {
            h.record(
                &s.apply(Actor::Facilitator, Change::Set { item, field: Field::BarrierText(text.into()) }).unwrap(),
            );
        }
        h.close_form(Some("added barrier 'No trust'".into()));
        let step = h.take(true).unwrap();
        assert_eq!(step.what, "added barrier 'No trust'");
        assert_eq!(step.changes.len(), 2, "the addition and one change of its text");
        assert_eq!(step.changes[1].undo, Change::Set { item, field: Field::BarrierText(String::new()) });
    }
}
