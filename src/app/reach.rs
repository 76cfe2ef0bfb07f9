//! Which screens a change to the session can show on, so that a room of
//! typing tables redraws only the screens a change reaches. Each change
//! says its own scope as it is applied (`domain::change::Scope`); the
//! workshop gathers them here until the screens are told.

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
}
