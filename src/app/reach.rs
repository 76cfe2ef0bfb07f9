//! Which screens a change to the session can show on, so that a room of
//! typing tables redraws only the screens a change reaches. Worked out by
//! comparing the session before and after a screen's input.

use crate::domain::session::{Group, Session};

/// Which screens a change to the session can show on, so that only those
/// are drawn again.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Reach {
    /// None: nothing changed, or nothing any screen shows.
    #[default]
    Nothing,
    /// The work inside these groups (by id), with nothing that other
    /// groups' screens show of them changed: their names and how many
    /// barriers, solutions and actions they have are as they were.
    Groups(Vec<u32>),
    /// Anything else: every screen.
    Room,
}

impl Reach {
    /// The reach of two changes together.
    #[must_use]
    pub fn and(self, other: Reach) -> Reach {
        match (self, other) {
            (Reach::Room, _) | (_, Reach::Room) => Reach::Room,
            (Reach::Nothing, reach) | (reach, Reach::Nothing) => reach,
            (Reach::Groups(mut groups), Reach::Groups(more)) => {
                for id in more {
                    if !groups.contains(&id) {
                        groups.push(id);
                    }
                }
                Reach::Groups(groups)
            }
        }
    }

    /// What changed from `before` to `after`: compared field by field
    /// outside the groups (any difference there reaches the room), then
    /// group by group.
    pub fn between(mut before: Session, after: &mut Session) -> Reach {
        let before_groups = std::mem::take(&mut before.groups);
        let after_groups = std::mem::take(&mut after.groups);
        let room_same = before == *after;
        after.groups = after_groups;
        if !room_same || before_groups.len() != after.groups.len() {
            return Reach::Room;
        }
        let shown_to_others = |g: &Group| (g.id, g.name.clone(), g.barriers.len(), g.solutions.len(), g.actions.len());
        let mut groups = Vec::new();
        for (was, is) in before_groups.iter().zip(&after.groups) {
            if was != is {
                if shown_to_others(was) != shown_to_others(is) {
                    return Reach::Room;
                }
                groups.push(is.id);
            }
        }
        if groups.is_empty() { Reach::Nothing } else { Reach::Groups(groups) }
    }
}
