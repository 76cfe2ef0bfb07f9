//! Undo and redo. Each step is a snapshot of what the groups wrote (their
//! work, the dots with the voting rules, and the injects) taken before an edit; a whole form
//! counts as one step. Moving between stages and the timers are not edits.
//! Each step also says what it was ("fired inject 'Budget cut'"), so that
//! undo can say what it undid: a stray key is then noticed and put right.

use crate::domain::room::{FiredInject, Vote, VotingRules};
use crate::domain::scenario::Role;
use crate::domain::session::{Group, RoleHolder, Session};

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
    /// Set for a screen that works on one group alone (a table): the
    /// snapshot holds that group's work, and undo puts back only that, so
    /// that a table never undoes what another screen did meanwhile.
    only: Option<u32>,
}

impl Snapshot {
    pub fn of(session: &Session) -> Self {
        Snapshot::of_screen(session, None)
    }

    /// What a screen can undo: everything, or one group's work alone.
    pub fn of_screen(session: &Session, only: Option<u32>) -> Self {
        match only {
            None => Snapshot {
                groups: session.groups.clone(),
                votes: session.votes.clone(),
                voting: session.voting,
                injects: session.injects.clone(),
                current_group: session.current_group,
                only,
            },
            Some(id) => Snapshot {
                groups: session.groups.iter().filter(|g| g.id == id).cloned().collect(),
                votes: Vec::new(),
                voting: session.voting,
                injects: Vec::new(),
                current_group: session.current_group,
                only,
            },
        }
    }

    /// The same kind of snapshot, of the session as it is now.
    fn like(&self, session: &Session) -> Self {
        Snapshot::of_screen(session, self.only)
    }

    pub fn same_work(&self, session: &Session) -> bool {
        match self.only {
            Some(_) => *self == self.like(session),
            None => {
                self.groups == session.groups
                    && self.votes == session.votes
                    && self.voting == session.voting
                    && self.injects == session.injects
            }
        }
    }

    pub fn restore(self, session: &mut Session) {
        if self.only.is_some() {
            for group in self.groups {
                if let Some(now) = session.groups.iter_mut().find(|g| g.id == group.id) {
                    *now = group;
                }
            }
            return;
        }
        session.groups = self.groups;
        session.votes = self.votes;
        session.voting = self.voting;
        session.injects = self.injects;
        session.current_group = self.current_group.min(session.groups.len().saturating_sub(1));
    }
}

/// A state to go back to, and what was done since it.
#[derive(Debug, Clone, PartialEq)]
struct Step {
    state: Snapshot,
    what: String,
}

#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The state when the open form was opened.
    pub form_before: Option<Snapshot>,
}

impl History {
    /// Records `before` as an undo step if the work has changed since.
    pub fn record(&mut self, before: Snapshot, now: &Session) {
        if before.same_work(now) {
            return;
        }
        let what = describe_change(&before, &before.like(now), &now.scenario.roles);
        self.undo.push(Step { state: before, what });
        if self.undo.len() > DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Goes back one step; what it undid, if there was a step.
    pub fn undo(&mut self, session: &mut Session) -> Option<String> {
        let step = self.undo.pop()?;
        self.redo.push(Step { state: step.state.like(session), what: step.what.clone() });
        step.state.restore(session);
        Some(step.what)
    }

    /// Goes forward one undone step; what it redid, if there was one.
    pub fn redo(&mut self, session: &mut Session) -> Option<String> {
        let step = self.redo.pop()?;
        self.undo.push(Step { state: step.state.like(session), what: step.what.clone() });
        step.state.restore(session);
        Some(step.what)
    }

    pub fn undo_steps(&self) -> usize {
        self.undo.len()
    }
}

/// Quoted and kept short enough for the status line.
fn quoted(text: &str) -> String {
    const MOST: usize = 40;
    let text = text.trim();
    if text.chars().count() <= MOST {
        format!("'{text}'")
    } else {
        format!("'{}…'", text.chars().take(MOST - 1).collect::<String>().trim_end())
    }
}

/// Added, deleted or edited, for one kind of item matched by id.
fn item_change<T: PartialEq>(
    noun: &str,
    before: &[T],
    now: &[T],
    id: impl Fn(&T) -> u32,
    name: impl Fn(&T) -> &str,
) -> Option<String> {
    if let Some(added) = now.iter().find(|n| !before.iter().any(|b| id(b) == id(n))) {
        return Some(format!("added {noun} {}", quoted(name(added))));
    }
    if let Some(gone) = before.iter().find(|b| !now.iter().any(|n| id(b) == id(n))) {
        return Some(format!("deleted {noun} {}", quoted(name(gone))));
    }
    let edited = now.iter().find(|n| before.iter().any(|b| id(b) == id(n) && b != *n))?;
    Some(format!("edited {noun} {}", quoted(name(edited))))
}

/// Who came to hold a role, who left one, or who took it over, named by the
/// role's title in `roles` (its id if the scenario has no such role).
fn role_change(roles: &[Role], before: &[RoleHolder], now: &[RoleHolder]) -> Option<String> {
    let title = |id: &str| quoted(roles.iter().find(|r| r.id == id).map_or(id, |r| r.title.as_str()));
    let held_before = |id: &str| before.iter().find(|h| h.role == id).map(|h| h.person.as_str());
    if let Some(h) = now.iter().find(|h| held_before(&h.role) != Some(h.person.as_str())) {
        return Some(match held_before(&h.role) {
            Some(was) => format!("{} took over {} from {was}", h.person, title(&h.role)),
            None => format!("{} holds {}", h.person, title(&h.role)),
        });
    }
    let gone = before.iter().find(|b| !now.iter().any(|h| h.role == b.role))?;
    Some(format!("{} no longer holds {}", gone.person, title(&gone.role)))
}

/// What changed between `before` and `now`, in a few words, for the undo
/// message; `roles` are the scenario's, to name a role by its title. The
/// first change found speaks for a step of several.
pub fn describe_change(before: &Snapshot, now: &Snapshot, roles: &[Role]) -> String {
    if now.injects.len() > before.injects.len()
        && let Some(fired) = now.injects.last()
    {
        return format!("fired inject {}", quoted(&fired.title));
    }
    if now.injects.len() < before.injects.len()
        && let Some(gone) = before.injects.last()
    {
        return format!("took back inject {}", quoted(&gone.title));
    }
    let action_title = |group: u32, action: u32| {
        before
            .groups
            .iter()
            .chain(&now.groups)
            .find(|g| g.id == group)
            .and_then(|g| g.actions.iter().find(|a| a.id == action))
            .map_or_else(|| "an action".to_string(), |a| quoted(&a.title))
    };
    // The rules first: lowering the dots also takes some back.
    if now.voting.per_group != before.voting.per_group {
        return format!("set the dots per group to {}", now.voting.per_group);
    }
    if now.voting.own_actions != before.voting.own_actions {
        let may = if now.voting.own_actions { "may" } else { "may not" };
        return format!("said a group {may} vote for its own actions");
    }
    if let Some(v) = now.votes.iter().find(|v| !before.votes.contains(v)) {
        return format!("gave a dot to {}", action_title(v.group, v.action));
    }
    if let Some(v) = before.votes.iter().find(|v| !now.votes.contains(v)) {
        return format!("took back a dot from {}", action_title(v.group, v.action));
    }
    if now.votes.len() != before.votes.len() {
        return "changed the dots".into();
    }
    if let Some(added) = now.groups.iter().find(|g| !before.groups.iter().any(|b| b.id == g.id)) {
        return format!("added group {}", quoted(&added.name));
    }
    if let Some(gone) = before.groups.iter().find(|b| !now.groups.iter().any(|g| b.id == g.id)) {
        return format!("removed group {}", quoted(&gone.name));
    }
    for group in &now.groups {
        let Some(old) = before.groups.iter().find(|g| g.id == group.id) else { continue };
        if old.name != group.name {
            return format!("renamed group {} to {}", quoted(&old.name), quoted(&group.name));
        }
        let change = item_change("barrier", &old.barriers, &group.barriers, |b| b.id, |b| &b.text)
            .or_else(|| item_change("solution", &old.solutions, &group.solutions, |s| s.id, |s| &s.text))
            .or_else(|| item_change("action", &old.actions, &group.actions, |a| a.id, |a| &a.title))
            .or_else(|| role_change(roles, &old.role_holders, &group.role_holders));
        if let Some(change) = change {
            return change;
        }
        if old != group {
            return format!("changed {}'s work", group.name);
        }
    }
    "the last change".into()
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
            assert!(h.undo(&mut s).is_some());
        }
        assert_eq!(s.group().barriers.len(), 50);
        assert_eq!(h.redo(&mut s).as_deref(), Some("added barrier 'b50'"));
        assert_eq!(s.group().barriers.len(), 51);
        // A new edit clears what could be redone.
        let before = Snapshot::of(&s);
        s.group_mut().barriers.clear();
        h.record(before, &s);
        assert!(h.redo(&mut s).is_none());
    }

    #[test]
    fn no_change_records_no_step() {
        let s = Session::new("U", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
        let mut h = History::default();
        h.record(Snapshot::of(&s), &s);
        assert_eq!(h.undo_steps(), 0);
    }

    #[test]
    fn each_step_says_what_it_was() {
        use crate::domain::room::{FiredInject, Vote};
        use crate::domain::session::Action;
        let mut s = Session::new("U", scenarios::built_in_default(), Mode::Room, &["Red".into(), "Blue".into()], 0);
        let mut h = History::default();
        let mut step = |s: &mut Session, change: &dyn Fn(&mut Session)| {
            let before = Snapshot::of(s);
            change(s);
            h.record(before.clone(), s);
            describe_change(&before, &Snapshot::of(s), &s.scenario.roles)
        };
        let fired = step(&mut s, &|s| {
            s.injects.push(FiredInject {
                title: "Budget cut".into(),
                month: 3,
                what: String::new(),
                question: String::new(),
                fired_at: 0,
                stage: 6,
            });
        });
        assert_eq!(fired, "fired inject 'Budget cut'");
        let added = step(&mut s, &|s| {
            s.groups[1].add_action(Action { title: "Map the sector".into(), ..Action::default() });
        });
        assert_eq!(added, "added action 'Map the sector'");
        let id = s.groups[1].actions[0].id;
        let group = s.groups[1].id;
        let edited = step(&mut s, &|s| s.groups[1].actions[0].lead_role = "Sam".into());
        assert_eq!(edited, "edited action 'Map the sector'");
        let dot = step(&mut s, &|s| s.votes.push(Vote { from: 1, group, action: id }));
        assert_eq!(dot, "gave a dot to 'Map the sector'");
        let fewer = step(&mut s, &|s| s.voting.per_group = 1);
        assert_eq!(fewer, "set the dots per group to 1");
        let renamed = step(&mut s, &|s| s.groups[0].name = "Crimson".into());
        assert_eq!(renamed, "renamed group 'Red' to 'Crimson'");
        let long = step(&mut s, &|s| {
            s.groups[0].add_barrier(Barrier { text: "x".repeat(100), ..Barrier::default() });
        });
        assert_eq!(long, format!("added barrier '{}…'", "x".repeat(39)));
        let held = step(&mut s, &|s| s.groups[1].hold_role("leader", "Asha"));
        assert_eq!(held, "Asha holds 'Leader of the council'");
        let taken = step(&mut s, &|s| s.groups[1].hold_role("leader", "Ben"));
        assert_eq!(taken, "Ben took over 'Leader of the council' from Asha");
        let freed = step(&mut s, &|s| s.groups[1].hold_role("leader", ""));
        assert_eq!(freed, "Ben no longer holds 'Leader of the council'");
        let unknown = step(&mut s, &|s| s.groups[1].hold_role("mayor", "Cy"));
        assert_eq!(unknown, "Cy holds 'mayor'");
        for _ in 0..4 {
            h.undo(&mut s);
        }
        assert!(s.groups[1].role_holders.is_empty());

        assert_eq!(h.undo(&mut s).as_deref(), Some(long.as_str()));
        assert_eq!(h.undo(&mut s).as_deref(), Some("renamed group 'Red' to 'Crimson'"));
        assert_eq!(s.groups[0].name, "Red");
        assert_eq!(h.redo(&mut s).as_deref(), Some("renamed group 'Red' to 'Crimson'"));
        assert_eq!(s.groups[0].name, "Crimson");
    }
}
