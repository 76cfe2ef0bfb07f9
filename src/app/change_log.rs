//! What the workshop remembers of the changes made: the latest, to say
//! who changed something an undo would overwrite, and those the screens
//! have not yet been told of.

use std::collections::VecDeque;

use crate::domain::change::{Actor, Change};

/// How many recent changes are kept to say who changed something.
const RECENT: usize = 512;

/// What the workshop remembers of the changes made.
#[derive(Debug, Default)]
pub struct ChangeLog {
    /// The latest changes and who made them, newest last.
    recent: VecDeque<(Actor, Change)>,
    /// Changes the other screens have not yet been told of.
    unheard: Vec<(Actor, Change)>,
}

impl ChangeLog {
    pub(super) fn heard(&mut self, by: Actor, change: &Change) {
        self.recent.push_back((by, change.clone()));
        if self.recent.len() > RECENT {
            self.recent.pop_front();
        }
        // Told at the end of every event; a bound all the same.
        if self.unheard.len() < RECENT * 8 {
            self.unheard.push((by, change.clone()));
        }
    }

    /// The latest actor other than `me` to change what `after` is of.
    pub(super) fn who_changed(&self, after: &Change, me: Actor) -> Option<Actor> {
        // A whole item is changed by a change to any of its fields.
        let whole = matches!(after, Change::Restore { .. } | Change::Delete { .. });
        self.recent
            .iter()
            .rev()
            .find(|(by, change)| {
                *by != me
                    && (change.same_target(after)
                        || (whole && change.item().is_some() && change.item() == after.item()))
            })
            .map(|(by, _)| *by)
    }
}

/// The changes the screens have not been told of yet, oldest first.
impl ChangeLog {
    pub(super) fn take_unheard(&mut self) -> Vec<(Actor, Change)> {
        std::mem::take(&mut self.unheard)
    }
}
