//! What the phones' page may show of a session, taken from it on the app's
//! thread and handed to the web server's.
//!
//! The page is drawn only from a [`PageView`], never from the session, so
//! what is not copied here cannot reach a phone: no speaker notes, hints,
//! guides, file paths, votes or other groups' work beyond their barriers'
//! count. Each table's page shows its own group's barriers.

use crate::domain::room::StageTimer;
use crate::domain::scenario::{BarrierKind, StageKind};
use crate::domain::session::{Session, short_name};

/// What every phone's page is drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageView {
    /// Counts the views published, so that a page knows whether it is out
    /// of date. Set by the server as it publishes; 0 before the first.
    pub version: u64,
    /// The session's title.
    pub title: String,
    pub stage: StageView,
    /// The room's clock (the stage whose clock runs, or the room's stage).
    pub clock: Option<StageTimer>,
    /// When a break under way ends (seconds since the epoch).
    pub break_ends: Option<u64>,
    pub tables: Vec<TableView>,
}

/// The room's stage as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StageView {
    /// 1-based, with how many there are.
    pub number: usize,
    pub count: usize,
    pub kind: Option<StageKind>,
    pub title: String,
    /// What the room is asked to do: the stage's prompt as the projector
    /// shows it.
    pub prompt: String,
    /// The briefing's slide on show: its title and points (its notes are
    /// the facilitator's).
    pub slide: Option<(String, Vec<String>)>,
}

/// One table: a group and its barriers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableView {
    pub id: u32,
    pub name: String,
    /// The group's name as a link carries it (`?table=red`).
    pub short: String,
    pub barriers: Vec<BarrierView>,
}

/// A barrier as a phone shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarrierView {
    pub text: String,
    pub kind: BarrierKind,
    pub severity: u8,
}

impl PageView {
    /// What the page may show of `session` now.
    pub fn of(session: &Session) -> PageView {
        let stage = session.scenario.stage(session.stage).map_or_else(StageView::default, |spec| {
            let slide = (spec.kind == StageKind::Briefing)
                .then(|| {
                    let slides = &session.scenario.slides;
                    slides.get(session.slide.min(slides.len().saturating_sub(1)))
                })
                .flatten()
                .map(|s| (s.title.clone(), s.points.clone()));
            StageView {
                number: session.stage + 1,
                count: session.scenario.stages.len(),
                kind: Some(spec.kind),
                title: spec.title.clone(),
                prompt: spec.prompt_for(session.mode).to_string(),
                slide,
            }
        });
        let tables = session
            .groups
            .iter()
            .map(|g| TableView {
                id: g.id,
                name: g.name.clone(),
                short: short_name(&g.name),
                barriers: g
                    .barriers
                    .iter()
                    .map(|b| BarrierView { text: b.text.clone(), kind: b.kind, severity: b.severity })
                    .collect(),
            })
            .collect();
        PageView {
            version: 0,
            title: session.title.clone(),
            stage,
            clock: session.timer().cloned(),
            break_ends: session.break_ends(),
            tables,
        }
    }

    /// The table a link or a form names (`red`, or `Red`), if the room has it.
    pub fn table_named(&self, name: &str) -> Option<&TableView> {
        let wanted = short_name(name);
        self.tables.iter().find(|t| !wanted.is_empty() && t.short == wanted)
    }

    pub fn table(&self, id: u32) -> Option<&TableView> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// Whether two views show the same, whatever their versions.
    pub fn shows_the_same_as(&self, other: &PageView) -> bool {
        PageView { version: other.version, ..self.clone() } == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{Barrier, Mode};

    fn session() -> Session {
        let names = ["Red".to_string(), "Blue team".to_string()];
        let mut s = Session::new("Wexcombe", crate::scenarios::built_in_default(), Mode::Room, &names, 0);
        s.groups[0].add_barrier(Barrier { text: "No shared data".into(), severity: 4, ..Barrier::default() });
        s
    }

    #[test]
    fn the_view_has_each_table_and_its_barriers() {
        let view = PageView::of(&session());
        assert_eq!(view.tables.len(), 2);
        assert_eq!(view.tables[0].barriers[0].text, "No shared data");
        assert_eq!(view.tables[0].barriers[0].severity, 4);
        assert_eq!(view.table_named("BLUE TEAM").map(|t| t.name.as_str()), Some("Blue team"));
        assert_eq!(view.table_named("blueteam").map(|t| t.id), Some(view.tables[1].id));
        assert!(view.table_named("").is_none());
        assert!(view.table_named("green").is_none());
    }

    #[test]
    fn the_briefing_shows_the_slide_but_never_its_notes_hints_or_guide() {
        let mut s = session();
        let briefing = s.scenario.stages.iter().position(|st| st.kind == StageKind::Briefing).unwrap();
        s.stage = briefing;
        let slide = &s.scenario.slides[0];
        assert!(!slide.notes.is_empty(), "the built-in slides have notes to leave out");
        let view = PageView::of(&s);
        assert_eq!(view.stage.slide.as_ref().map(|(title, _)| title.as_str()), Some(slide.title.as_str()));
        let everything = format!("{view:?}");
        assert!(!everything.contains(&slide.notes), "{everything}");
        for stage in &s.scenario.stages {
            for secret in [&stage.hint, &stage.guide] {
                assert!(secret.is_empty() || !everything.contains(secret.as_str()), "{secret}");
            }
        }
    }

    #[test]
    fn a_new_version_of_the_same_view_shows_the_same() {
        let view = PageView::of(&session());
        let later = PageView { version: 9, ..view.clone() };
        assert!(view.shows_the_same_as(&later));
        let mut changed = session();
        changed.stage = 2;
        assert!(!PageView::of(&changed).shows_the_same_as(&view));
    }
}
