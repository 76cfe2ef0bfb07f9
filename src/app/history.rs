//! Undo and redo. Each step is a snapshot of what the groups wrote (their
//! work, the dots with the voting rules, and the injects) taken before an edit; a whole form
//! counts as one step. Moving between stages and the timers are not edits.

use crate::domain::room::{FiredInject, Vote, VotingRules};
use crate::domain::session::{Group, Session};

/// At least a hundred steps are kept; older ones are dropped.
pub const DEPTH: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    groups: Vec<Group>,
    votes: Vec<Vote>,
    /// Kept with the dots: lowering it takes dots back.
    voting: VotingRules,
    injects: Vec<FiredInject>,
    current_group: usize,
}

impl Snapshot {
    pub fn of(session: &Session) -> Self {
        Snapshot {
            groups: session.groups.clone(),
            votes: session.votes.clone(),
            voting: session.voting,
            injects: session.injects.clone(),
            current_group: session.current_group,
        }
    }

    pub fn same_work(&self, session: &Session) -> bool {
        self.groups == session.groups
            && self.votes == session.votes
            && self.voting == session.voting
            && self.injects == session.injects
    }

    pub fn restore(self, session: &mut Session) {
        session.groups = self.groups;
        session.votes = self.votes;
        session.voting = self.voting;
        session.injects = self.injects;
        session.current_group = self.current_group.min(session.groups.len().saturating_sub(1));
    }
}

#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The state when the open form was opened.
    pub form_before: Option<Snapshot>,
}

impl History {
    /// Records `before` as an undo step if the work has changed since.
    pub fn record(&mut self, before: Snapshot, now: &Session) {
        if before.same_work(now) {
            return;
        }
        self.undo.push(before);
        if self.undo.len() > DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    pub fn undo(&mut self, session: &mut Session) -> bool {
        let Some(step) = self.undo.pop() else { return false };
        self.redo.push(Snapshot::of(session));
        step.restore(session);
        true
    }

    pub fn redo(&mut self, session: &mut Session) -> bool {
        let Some(step) = self.redo.pop() else { return false };
        self.undo.push(Snapshot::of(session));
        step.restore(session);
        true
    }

    pub fn undo_steps(&self) -> usize {
        self.undo.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{Barrier, Mode};
    use crate::scenarios;

    #[test]
    fn undo_and_redo_walk_the_steps_and_keep_at_least_a_hundred() {
        let mut s = Session::new("U", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
        let mut h = History::default();
        for i in 0..150 {
            let before = Snapshot::of(&s);
            s.group_mut().add_barrier(Barrier { text: format!("b{i}"), severity: 2, ..Barrier::default() });
            h.record(before, &s);
        }
        assert_eq!(h.undo_steps(), 150);
        for _ in 0..100 {
            assert!(h.undo(&mut s));
        }
        assert_eq!(s.group().barriers.len(), 50);
        assert!(h.redo(&mut s));
        assert_eq!(s.group().barriers.len(), 51);
        // A new edit clears what could be redone.
        let before = Snapshot::of(&s);
        s.group_mut().barriers.clear();
        h.record(before, &s);
        assert!(!h.redo(&mut s));
    }

    #[test]
    fn no_change_records_no_step() {
        let s = Session::new("U", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
        let mut h = History::default();
        h.record(Snapshot::of(&s), &s);
        assert_eq!(h.undo_steps(), 0);
    }
}
