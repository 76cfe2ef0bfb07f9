//! The one way a screen changes the session: a [`Change`] made by an
//! [`Actor`], through [`Session::apply`]. Here the workshop keeps what
//! follows from it: the session is marked for saving, the screens it can
//! show on are noted, the other screens are told (so an open form shows
//! another's typing), and an undo is checked against what others did since.

use crate::domain::change::{Actor, Applied, Change, Refusal, Scope};

use super::history::{Made, Step};
use super::reach::Reach;
use super::workshop::Workshop;

/// What a read-only screen says when asked to change something.
pub const READ_ONLY: &str = "Read-only: this session is open in another Roundtable, so nothing here can change.";

impl Workshop {
    /// Makes `change` as `by`. A change that leaves everything as it was
    /// marks nothing for saving.
    pub fn apply(&mut self, by: Actor, change: Change) -> Result<Applied, Refusal> {
        let open = self.open.as_mut().ok_or_else(|| Refusal::new("No session is open."))?;
        if open.read_only {
            return Err(Refusal::new(READ_ONLY));
        }
        let applied = open.session.apply(by, change)?;
        if !applied.changed_nothing() {
            open.touch_within(reach(applied.scope));
            self.log.heard(by, &applied.change);
        }
        Ok(applied)
    }

    /// Takes back a step of `by`'s own, if what it changed is still as it
    /// left it; otherwise changes nothing and says who has changed it
    /// since. Returns the step that would take the undo back again.
    pub fn put_back(&mut self, by: Actor, step: &Step) -> Result<Step, String> {
        let open = self.open.as_mut().ok_or_else(|| "No session is open.".to_string())?;
        if open.read_only {
            return Err(READ_ONLY.to_string());
        }
        let before = open.session.clone();
        let mut reverse = Vec::new();
        let mut done: Vec<Applied> = Vec::new();
        for made in step.changes.iter().rev() {
            let result = if let Some(who) = &made.shared_with {
                Err(format!("{who} wrote in it too"))
            } else if open.session.still(&made.after) {
                open.session.apply(by, made.undo.clone()).map_err(|refused| refused.0)
            } else {
                Err(String::new())
            };
            match result {
                Ok(applied) => {
                    if let (Some(undo), Some(after)) = (applied.undo.clone(), applied.after.clone()) {
                        reverse.push(Made { undo, after, shared_with: None });
                    }
                    done.push(applied);
                }
                Err(why) => {
                    open.session = before;
                    let who = self.log.who_changed(&made.after, by).map(|actor| self.name_of(actor));
                    let who = who.unwrap_or_else(|| "Someone else".to_string());
                    return Err(if why.is_empty() { format!("{who} has since changed it") } else { why });
                }
            }
        }
        for applied in done {
            open.touch_within(reach(applied.scope));
            self.log.heard(by, &applied.change);
        }
        Ok(Step { what: step.what.clone(), changes: reverse })
    }

    /// The changes the screens have not been told of yet, oldest first.
    pub fn take_unheard(&mut self) -> Vec<(Actor, Change)> {
        self.log.take_unheard()
    }

    /// Who an actor is, as a notice names them: "The facilitator", "Red
    /// laptop 2" (a table's second connection), "Red's laptop".
    pub fn name_of(&self, actor: Actor) -> String {
        let session = self.session();
        let group_name = |id: u32| {
            session.and_then(|s| s.group_by_id(id)).map_or_else(|| "A removed group".to_string(), |g| g.name.clone())
        };
        match actor {
            Actor::Facilitator => "The facilitator".to_string(),
            Actor::Viewer => "A viewer".to_string(),
            Actor::Person { group, .. } => format!("Someone at {} on a phone", group_name(group)),
            Actor::Group { group, screen: 0 } => format!("{}'s laptop", group_name(group)),
            Actor::Group { group, screen } => {
                let mut at_group: Vec<u64> = self
                    .served
                    .iter()
                    .flat_map(|room| room.connected.iter())
                    .filter(|c| c.group == group)
                    .map(|c| c.conn)
                    .collect();
                at_group.sort_unstable();
                match at_group.iter().position(|c| *c == screen) {
                    Some(n) => format!("{} laptop {}", group_name(group), n + 1),
                    None => format!("Another of {}'s laptops", group_name(group)),
                }
            }
        }
    }
}

fn reach(scope: Scope) -> Reach {
    match scope {
        Scope::Group(id) => Reach::Groups(vec![id]),
        Scope::Room => Reach::Room,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;
    use crate::app::history::History;
    use crate::app::workshop::OpenSession;
    use crate::domain::change::{Field, Item, ItemKind, ItemRef};
    use crate::domain::session::{Action, Mode, Session};

    #[derive(Debug, Clone)]
    enum Op {
        Add(usize, String),
        Type { who: usize, item: usize, first_step: bool, text: String },
        Delete(usize, usize),
        Undo(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        let who = 0..2usize;
        prop_oneof![
            (who.clone(), "[a-z]{1,4}").prop_map(|(w, t)| Op::Add(w, t)),
            (who.clone(), 0..4usize, any::<bool>(), "[a-z ]{1,4}").prop_map(|(who, item, first_step, text)| Op::Type {
                who,
                item,
                first_step,
                text
            }),
            (who.clone(), 0..4usize).prop_map(|(w, i)| Op::Delete(w, i)),
            who.prop_map(Op::Undo),
        ]
    }

    /// Who wrote each value of each field of each action, oldest first:
    /// (action id, first step?) to (value, laptop).
    type Writers = HashMap<(u32, bool), Vec<(String, usize)>>;

    fn fields(session: &Session) -> HashMap<(u32, bool), String> {
        session.groups[0]
            .actions
            .iter()
            .flat_map(|a| [((a.id, false), a.title.clone()), ((a.id, true), a.first_step.clone())])
            .collect()
    }

    proptest! {
        /// Two laptops at one table add, type, delete and undo in any
        /// order: an undo never takes back words the other laptop wrote
        /// last, nor an action it added; what it cannot undo it says.
        #[test]
        fn undo_never_takes_back_the_other_laptops_words(ops in proptest::collection::vec(op(), 1..40)) {
            let session = Session::new("P", crate::scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
            let group = session.groups[0].id;
            let mut work = Workshop::new(std::env::temp_dir());
            work.open = Some(OpenSession::new(session, std::env::temp_dir().join("proptest.ron")));
            let actors = [Actor::Group { group, screen: 1 }, Actor::Group { group, screen: 2 }];
            let mut histories = [History::default(), History::default()];
            let mut writers: Writers = HashMap::new();
            for op in ops {
                let session = work.session().expect("open").clone();
                let actions = &session.groups[0].actions;
                let (who, change) = match &op {
                    Op::Add(who, text) => (*who, Some(Change::Add {
                        group,
                        item: Item::Action(Action { title: text.clone(), ..Action::default() }),
                    })),
                    Op::Type { who, item, first_step, text } => (*who, actions.get(*item).map(|a| {
                        let item = ItemRef { group, kind: ItemKind::Action, id: a.id };
                        let field = if *first_step {
                            Field::FirstStep(format!("{}{text}", a.first_step))
                        } else {
                            Field::Title(format!("{}{text}", a.title))
                        };
                        Change::Set { item, field }
                    })),
                    Op::Delete(who, item) => (*who, actions.get(*item).map(|a| Change::Delete {
                        item: ItemRef { group, kind: ItemKind::Action, id: a.id },
                    })),
                    Op::Undo(who) => (*who, None),
                };
                let undo = matches!(op, Op::Undo(_));
                match change {
                    // Typing into or deleting an action there is not.
                    None if !undo => {}
                    Some(change) => {
                        if let Ok(applied) = work.apply(actors[who], change) {
                            histories[who].record(&applied);
                            let after = work.session().expect("open");
                            for (key, value) in fields(after) {
                                if fields(&session).get(&key) != Some(&value) {
                                    writers.entry(key).or_default().push((value, who));
                                }
                            }
                        }
                    }
                    None => {
                        let Some(step) = histories[who].take(true) else { continue };
                        if let Ok(reverse) = work.put_back(actors[who], &step) {
                            histories[who].done(true, reverse);
                            let after = fields(work.session().expect("open"));
                            for (key, value) in fields(&session) {
                                if after.get(&key) == Some(&value) {
                                    continue;
                                }
                                let written = writers.entry(key).or_default();
                                let writer = written.last().map(|(_, w)| *w);
                                prop_assert!(
                                    writer.is_none_or(|w| w == who) || value.is_empty(),
                                    "laptop {who}'s undo of {:?} took back laptop {writer:?}'s {value:?}",
                                    step.what
                                );
                                // The value put back is its writer's again.
                                if let Some(now) = after.get(&key) {
                                    let by = written.iter().rev().find(|(v, _)| v == now).map_or(who, |(_, w)| *w);
                                    written.push((now.clone(), by));
                                }
                            }
                        }
                    }
                }
                // Each laptop hears the other's changes, as the app tells them.
                for (by, change) in work.take_unheard() {
                    for (i, history) in histories.iter_mut().enumerate() {
                        if actors[i] != by {
                            history.heard("the other laptop", &change);
                        }
                    }
                }
            }
        }
    }
}
