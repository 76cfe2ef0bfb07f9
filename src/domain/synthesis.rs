//! The room as a whole, at the close: what several groups named, what
//! nobody took on, and every action by area.
//!
//! Barriers drawn from the deck are the same barrier when they come from
//! the same card. Barriers in a group's own words are matched by how alike
//! their words are (strsim's normalised Levenshtein distance on the
//! normalised text); such a match is a suggestion, which the facilitator
//! can split (`Session::distinct_barriers`).

use super::review::{self, MapArea};
use super::scenario::Area;
use super::session::{Barrier, Session};

/// How alike two barriers' words must be to be suggested as one.
pub const SIMILAR_AT: f64 = 0.8;

/// Why barriers of several groups are taken as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Drawn from the same deck card.
    Card,
    /// Written in words alike enough to be suggested as one.
    Similar,
}

/// A barrier that more than one group named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedBarrier<'a> {
    /// How it reads (the card's title, or the first group's words).
    pub text: &'a str,
    pub how: Match,
    /// Each group that named it, with its own barrier (group id, barrier).
    pub named_by: Vec<(u32, &'a Barrier)>,
}

/// A barrier some group named that none of its actions tackles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untackled<'a> {
    pub group: &'a str,
    pub barrier: &'a Barrier,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synthesis<'a> {
    /// Barriers named by more than one group, most groups first.
    pub shared: Vec<SharedBarrier<'a>>,
    /// Areas of change in which no group placed an action.
    pub unchosen_areas: Vec<&'a Area>,
    /// Barriers no action of their group tackles, worst first.
    pub untackled: Vec<Untackled<'a>>,
    /// Every action by area, most voted first.
    pub by_area: Vec<MapArea<'a>>,
}

/// Lower case, letters and digits only, words single-spaced: "No shared
/// data!" and "no  shared data" read the same.
pub fn normalise(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two barriers in groups' own words read alike.
pub fn alike(a: &str, b: &str) -> bool {
    let (a, b) = (normalise(a), normalise(b));
    !a.is_empty() && !b.is_empty() && strsim::normalized_levenshtein(&a, &b) >= SIMILAR_AT
}

fn split_by_facilitator(session: &Session, a: (u32, u32), b: (u32, u32)) -> bool {
    session.distinct_barriers.iter().any(|pair| *pair == [a, b] || *pair == [b, a])
}

/// Pairs of barriers, of different groups and in their own words, that read
/// alike: the suggestions the facilitator may split. Each pair is
/// ((group id, barrier id), (group id, barrier id)), in room order.
pub fn similar_pairs(session: &Session) -> Vec<[(u32, &Barrier); 2]> {
    let own: Vec<(u32, &Barrier)> = session
        .groups
        .iter()
        .flat_map(|g| g.barriers.iter().filter(|b| b.card.is_none()).map(move |b| (g.id, b)))
        .collect();
    let mut pairs = Vec::new();
    for (i, (ga, a)) in own.iter().enumerate() {
        for (gb, b) in &own[i + 1..] {
            if ga != gb && alike(&a.text, &b.text) {
                pairs.push([(*ga, *a), (*gb, *b)]);
            }
        }
    }
    pairs
}

/// The room's synthesis of every group's work.
pub fn synthesise(session: &Session) -> Synthesis<'_> {
    let scenario = &session.scenario;
    let mut shared: Vec<SharedBarrier> = Vec::new();
    // The same deck card, in more than one group.
    for card in &scenario.barrier_deck {
        let named_by: Vec<(u32, &Barrier)> = session
            .groups
            .iter()
            .filter_map(|g| g.barriers.iter().find(|b| b.card.as_deref() == Some(card.id.as_str())).map(|b| (g.id, b)))
            .collect();
        if named_by.len() > 1 {
            shared.push(SharedBarrier { text: card.title.as_str(), how: Match::Card, named_by });
        }
    }
    // Own words alike, unless the facilitator split them: each suggested
    // pair joins the cluster of either of its barriers.
    for [(ga, a), (gb, b)] in similar_pairs(session) {
        if split_by_facilitator(session, (ga, a.id), (gb, b.id)) {
            continue;
        }
        let found = shared
            .iter_mut()
            .filter(|s| s.how == Match::Similar)
            .find(|s| s.named_by.iter().any(|(g, x)| (*g, x.id) == (ga, a.id) || (*g, x.id) == (gb, b.id)));
        match found {
            Some(cluster) => {
                for (g, x) in [(ga, a), (gb, b)] {
                    if !cluster.named_by.iter().any(|(cg, _)| *cg == g) {
                        cluster.named_by.push((g, x));
                    }
                }
            }
            None => shared.push(SharedBarrier {
                text: a.text.as_str(),
                how: Match::Similar,
                named_by: vec![(ga, a), (gb, b)],
            }),
        }
    }
    // Most groups first; ties keep the deck's order, then the room's.
    shared.sort_by_key(|s| std::cmp::Reverse(s.named_by.len()));

    let unchosen_areas = scenario
        .areas
        .iter()
        .filter(|area| !session.groups.iter().flat_map(|g| &g.actions).any(|a| a.areas.contains(&area.id)))
        .collect();
    let mut untackled: Vec<Untackled> = session
        .groups
        .iter()
        .flat_map(|g| {
            review::coverage(g, scenario)
                .untackled_barriers
                .into_iter()
                .map(move |barrier| Untackled { group: g.name.as_str(), barrier })
        })
        .collect();
    untackled.sort_by_key(|u| std::cmp::Reverse(u.barrier.severity));
    Synthesis { shared, unchosen_areas, untackled, by_area: review::map(session) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{Action, Mode};
    use crate::scenarios;

    fn room() -> Session {
        Session::new(
            "Room",
            scenarios::built_in_default(),
            Mode::Room,
            &["Red".into(), "Blue".into(), "Green".into()],
            0,
        )
    }

    fn barrier(text: &str, card: Option<&str>) -> Barrier {
        Barrier { text: text.into(), card: card.map(Into::into), severity: 3, ..Barrier::default() }
    }

    #[test]
    fn the_same_card_in_two_groups_is_named_by_two() {
        let mut s = room();
        s.groups[0].add_barrier(barrier("Low trust and understanding", Some("trust")));
        s.groups[1].add_barrier(barrier("Low trust and understanding", Some("trust")));
        s.groups[2].add_barrier(barrier("Trustees resist change", None));
        let syn = synthesise(&s);
        assert_eq!(syn.shared.len(), 1, "{:?}", syn.shared);
        assert_eq!(syn.shared[0].how, Match::Card);
        assert_eq!(syn.shared[0].text, "Low trust and understanding");
        assert_eq!(syn.shared[0].named_by.len(), 2);
    }

    #[test]
    fn own_words_alike_are_suggested_and_the_facilitator_can_split_them() {
        let mut s = room();
        let red = s.groups[0].add_barrier(barrier("No shared data", None));
        let blue = s.groups[1].add_barrier(barrier("no shared data!", None));
        s.groups[2].add_barrier(barrier("Short funding cycles", None));
        let syn = synthesise(&s);
        assert_eq!(syn.shared.len(), 1);
        assert_eq!(syn.shared[0].how, Match::Similar);
        assert_eq!(syn.shared[0].named_by.len(), 2);
        let (r, b) = (s.groups[0].id, s.groups[1].id);
        s.distinct_barriers.push([(b, blue), (r, red)]);
        assert!(synthesise(&s).shared.is_empty(), "split by the facilitator");
        assert!(!alike("Funding", "Trust"));
    }

    #[test]
    fn areas_nobody_chose_and_barriers_nobody_tackles() {
        let mut s = room();
        let worst = s.groups[1].add_barrier(Barrier { severity: 5, ..barrier("Silos", None) });
        let first = s.scenario.areas[0].id.clone();
        s.groups[0].add_action(Action { title: "a".into(), areas: vec![first], ..Action::default() });
        s.groups[2].add_action(Action { title: "b".into(), barriers: vec![worst], ..Action::default() });
        let syn = synthesise(&s);
        assert_eq!(syn.unchosen_areas.len(), s.scenario.areas.len() - 1);
        assert_eq!(syn.untackled.len(), 1, "Blue's barrier is Blue's own: Green's action does not tackle it");
        assert_eq!(syn.untackled[0].group, "Blue");
        assert_eq!(syn.by_area[0].items.len(), 1);
    }
}
