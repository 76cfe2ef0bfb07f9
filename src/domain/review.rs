//! What a group's work covers and what it leaves open: the close stage's
//! "what is uncovered".

use super::scenario::Scenario;
use super::session::{Barrier, Group};

/// The gaps in one group's plan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage<'a> {
    /// The group's barriers that no action tackles, worst first.
    pub untackled_barriers: Vec<&'a Barrier>,
    /// Names of areas of change no action was placed in, in scenario order.
    pub unchosen_areas: Vec<&'a str>,
}

pub fn coverage<'a>(group: &'a Group, scenario: &'a Scenario) -> Coverage<'a> {
    let mut untackled_barriers: Vec<&Barrier> =
        group.barriers.iter().filter(|b| !group.actions.iter().any(|a| a.barriers.contains(&b.id))).collect();
    // Stable sort: equal severities keep the order the group wrote them in.
    untackled_barriers.sort_by_key(|b| std::cmp::Reverse(b.severity));
    let unchosen_areas = scenario
        .areas
        .iter()
        .filter(|area| !group.actions.iter().any(|a| a.areas.contains(&area.id)))
        .map(|area| area.name.as_str())
        .collect();
    Coverage { untackled_barriers, unchosen_areas }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::Action;
    use crate::scenarios;

    #[test]
    fn coverage_lists_untackled_barriers_worst_first_and_unchosen_areas() {
        let scenario = scenarios::built_in_default();
        let mut g = Group::default();
        let mild = g.add_barrier(Barrier { text: "mild".into(), severity: 2, ..Barrier::default() });
        let worst = g.add_barrier(Barrier { text: "worst".into(), severity: 5, ..Barrier::default() });
        let tackled = g.add_barrier(Barrier { text: "tackled".into(), severity: 3, ..Barrier::default() });
        let first_area = scenario.areas[0].id.clone();
        g.add_action(Action {
            title: "a".into(),
            barriers: vec![tackled],
            areas: vec![first_area],
            ..Action::default()
        });

        let c = coverage(&g, &scenario);
        let ids: Vec<u32> = c.untackled_barriers.iter().map(|b| b.id).collect();
        assert_eq!(ids, vec![worst, mild]);
        assert_eq!(c.unchosen_areas.len(), scenario.areas.len() - 1);
        assert!(!c.unchosen_areas.contains(&scenario.areas[0].name.as_str()));
    }

    #[test]
    fn an_empty_group_leaves_every_area_unchosen() {
        let scenario = scenarios::built_in_default();
        let group = Group::default();
        let c = coverage(&group, &scenario);
        assert!(c.untackled_barriers.is_empty());
        assert_eq!(c.unchosen_areas.len(), scenario.areas.len());
    }
}

/// One action as placed on the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapItem<'a> {
    pub group: &'a str,
    pub title: &'a str,
    pub votes: usize,
}

/// One area of change on the map, with the actions placed in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapArea<'a> {
    pub name: &'a str,
    pub items: Vec<MapItem<'a>>,
}

/// The map: every area of change with the actions of every group placed in
/// it, most voted first (ties keep group order, then the group's order).
pub fn map(session: &crate::domain::session::Session) -> Vec<MapArea<'_>> {
    session
        .scenario
        .areas
        .iter()
        .map(|area| {
            let mut items: Vec<MapItem> = session
                .groups
                .iter()
                .flat_map(|g| {
                    g.actions.iter().filter(|a| a.areas.contains(&area.id)).map(move |a| MapItem {
                        group: g.name.as_str(),
                        title: a.title.as_str(),
                        votes: crate::domain::room::votes_for(&session.votes, g.id, a.id),
                    })
                })
                .collect();
            items.sort_by_key(|i| std::cmp::Reverse(i.votes));
            MapArea { name: area.name.as_str(), items }
        })
        .collect()
}
