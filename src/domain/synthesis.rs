//! The room as a whole, at the close: what several groups named, what
//! nobody took on, and every action by area.
//!
//! Barriers drawn from the deck are the same barrier when they come from
//! the same card. Barriers in a group's own words are matched by the words
//! that carry their meaning: each text becomes the set of its words' stems
//! (the Snowball English stemmer, so "meetings" and "meeting" are one),
//! leaving out words every barrier in this room could use ("the", "not",
//! "council", "charity") and reading a few near-synonyms as one word
//! ("workers" as "staff", "hardly" as "barely"). Two texts are alike when
//! most of their stems are shared, or when every stem of one is in the
//! other. Such a match is a suggestion, which the facilitator can split
//! (`Session::distinct_barriers`).

use rust_stemmers::{Algorithm, Stemmer};

use super::review::{self, MapArea};
use super::scenario::Area;
use super::session::{Barrier, Session};

/// The share of two barriers' stems (those they have in common, of all
/// the stems either has) at which they are suggested as one. "No shared
/// data" and "No shared budget" share one stem of three: a third, kept
/// apart.
pub const SIMILAR_AT: f64 = 0.6;

/// Words that say nothing about which barrier a text names: English's
/// small words, and the words for the two sides that almost every barrier
/// in this workshop mentions ("council officers and charity staff ...").
/// Numbers are left out too (see [`key_words`]).
/// Quantities ("many", "few") and kinds of people ("officers", "staff",
/// "trustees") are kept: "too many meetings" is not "too few meetings".
const IGNORED: &[&str] = &[
    "a",
    "about",
    "across",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren",
    "as",
    "at",
    "be",
    "because",
    "been",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "couldn",
    "d",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "don",
    "each",
    "either",
    "even",
    "ever",
    "for",
    "from",
    "had",
    "has",
    "hasn",
    "have",
    "haven",
    "he",
    "her",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "just",
    "ll",
    "m",
    "me",
    "might",
    "must",
    "my",
    "never",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "re",
    "s",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "too",
    "us",
    "v",
    "ve",
    "very",
    "versus",
    "vs",
    "was",
    "wasn",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "won",
    "would",
    "you",
    "your",
    // The two sides, named in nearly every barrier.
    "authorities",
    "authority",
    "charities",
    "charity",
    "council",
    "councils",
    "local",
    "sector",
    "sectors",
    "third",
    "voluntary",
    "vcs",
    "vcse",
    // What every barrier is.
    "lack",
    "lacking",
    "little",
    "poor",
    "low",
];

/// Near-synonyms that groups use for one another in this workshop, read as
/// the first word of their pair before stemming.
const SAME_AS: &[(&str, &str)] = &[
    ("workers", "staff"),
    ("worker", "staff"),
    ("employees", "staff"),
    ("employee", "staff"),
    ("hardly", "barely"),
    ("scarcely", "barely"),
    ("rarely", "barely"),
    ("officials", "officers"),
    ("official", "officer"),
    ("large", "big"),
    ("money", "funding"),
    ("speak", "talk"),
    ("speaking", "talking"),
];

/// A word that carries a text's meaning: its stem, and the word as
/// written (in lower case, a near-synonym read as its pair).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyWord {
    pub stem: String,
    pub word: String,
}

/// The words that carry a text's meaning, sorted by stem, one for each.
pub fn key_words(text: &str) -> Vec<KeyWord> {
    let english = Stemmer::create(Algorithm::English);
    let mut out: Vec<KeyWord> = normalise(text)
        .split(' ')
        // A number rarely says which barrier a text names: "(2)" numbers
        // a list, and "1-year" and "2-year" funding are one barrier.
        .filter(|w| !w.is_empty() && !IGNORED.contains(w) && !w.chars().all(char::is_numeric))
        .map(|w| SAME_AS.iter().find(|(from, _)| *from == w).map_or(w, |(_, to)| *to))
        .map(|w| KeyWord { stem: english.stem(w).into_owned(), word: w.to_string() })
        .collect();
    out.sort_unstable_by(|a, b| a.stem.cmp(&b.stem));
    out.dedup_by(|a, b| a.stem == b.stem);
    out
}

/// The stems of the words that carry a text's meaning, sorted, each once.
pub fn stems(text: &str) -> Vec<String> {
    key_words(text).into_iter().map(|k| k.stem).collect()
}

/// One letter added, lost, changed or swapped in a longer word. Compared
/// byte by byte, which costs nothing to set up: it is asked of many pairs
/// of words. (A slip in a letter outside ASCII is two bytes, and not
/// matched.)
fn slip(a: &str, b: &str) -> bool {
    let (a, b) = if a.len() >= b.len() { (a.as_bytes(), b.as_bytes()) } else { (b.as_bytes(), a.as_bytes()) };
    if b.len() < 5 || a.len() - b.len() > 1 {
        return false;
    }
    let Some(i) = a.iter().zip(b).position(|(x, y)| x != y) else {
        // Equal as far as the shorter goes: one letter more at the end.
        return true;
    };
    if a.len() > b.len() {
        a[i + 1..] == b[i..]
    } else {
        a[i + 1..] == b[i + 1..]
            || (i + 1 < a.len() && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..])
    }
}

/// Whether two key words are one, allowing a slip of the keyboard
/// ("comunication", "commisioning") in the word or its stem: a slip can
/// change how a word is stemmed.
fn same_word(a: &KeyWord, b: &KeyWord) -> bool {
    a.stem == b.stem || slip(&a.stem, &b.stem) || slip(&a.word, &b.word)
}

/// How many stems two sorted key word lists have in common, exactly.
fn same_stems(a: &[KeyWord], b: &[KeyWord]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].stem.cmp(&b[j].stem) {
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    shared
}

/// How many more stems match when a slip of the keyboard is allowed,
/// among those that did not match exactly.
fn slipped_stems(a: &[KeyWord], b: &[KeyWord]) -> usize {
    fn unmatched<'a>(of: &'a [KeyWord], other: &[KeyWord]) -> Vec<&'a KeyWord> {
        of.iter().filter(|k| other.binary_search_by(|o| o.stem.cmp(&k.stem)).is_err()).collect()
    }
    let mut left_b = unmatched(b, a);
    let mut found = 0;
    for x in unmatched(a, b) {
        if let Some(k) = left_b.iter().position(|y| same_word(x, y)) {
            left_b.swap_remove(k);
            found += 1;
        }
    }
    found
}

/// Whether two texts' key words (from [`key_words`]) name one barrier:
/// most of their stems are shared, or every stem of the shorter (two or
/// more) is in the longer ("heavy monitoring" in "heavy monitoring of
/// small grants").
pub fn stems_alike(a: &[KeyWord], b: &[KeyWord]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let fewer = a.len().min(b.len());
    let enough = |shared: usize| {
        let either = a.len() + b.len() - shared;
        shared as f64 >= SIMILAR_AT * either as f64 || (fewer >= 2 && shared == fewer)
    };
    let exact = same_stems(a, b);
    if enough(exact) {
        return true;
    }
    // Slips are looked for only where they could make the difference, and
    // only between texts that already share a stem or are a word each:
    // most pairs of barriers share nothing, and are passed over at once.
    (exact > 0 || a.len() + b.len() == 2) && enough(fewer) && enough(exact + slipped_stems(a, b))
}

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

/// Whether two barriers in groups' own words read alike: the same words
/// once normalised, or stems alike (see the module's doc).
pub fn alike(a: &str, b: &str) -> bool {
    let (na, nb) = (normalise(a), normalise(b));
    !na.is_empty() && (na == nb || stems_alike(&key_words(a), &key_words(b)))
}

fn split_by_facilitator(session: &Session, a: (u32, u32), b: (u32, u32)) -> bool {
    session.distinct_barriers.iter().any(|pair| *pair == [a, b] || *pair == [b, a])
}

/// Pairs of barriers, of different groups and in their own words, that read
/// alike: the suggestions the facilitator may split. Each pair is
/// ((group id, barrier id), (group id, barrier id)), in room order.
pub fn similar_pairs(session: &Session) -> Vec<[(u32, &Barrier); 2]> {
    // Each text is stemmed once, not once for every pair it is in.
    let own: Vec<(u32, &Barrier, String, Vec<KeyWord>)> = session
        .groups
        .iter()
        .flat_map(|g| {
            g.barriers
                .iter()
                .filter(|b| b.card.is_none())
                .map(move |b| (g.id, b, normalise(&b.text), key_words(&b.text)))
        })
        .collect();
    let mut pairs = Vec::new();
    for (i, (ga, a, na, sa)) in own.iter().enumerate() {
        for (gb, b, nb, sb) in &own[i + 1..] {
            if ga != gb && !na.is_empty() && (na == nb || stems_alike(sa, sb)) {
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

    /// The same barrier in two groups' words: each pair must be suggested.
    const SAME: &[(&str, &str)] = &[
        (
            "Council officers and charity staff barely know each other outside of contract meetings",
            "Officers and charity workers hardly know each other outside contract meetings",
        ),
        ("No shared data", "no shared data!"),
        ("No data on the local sector (1)", "No data on the local sector (2)"),
        ("Lack of data", "No data"),
        ("Short funding cycles", "Funding cycles are too short"),
        ("Short funding cycles", "Short funding cycles stop charities planning ahead"),
        ("Heavy monitoring", "Monitoring is far too heavy"),
        ("Low trust between the council and charities", "Charities and the council do not trust each other"),
        ("Small charities can't compete for big contracts", "Charities cannot compete for large contracts"),
        ("Not enough money for joint work", "Not enough funding for joint work"),
        ("Officers never return our calls", "Council officials don't return calls"),
        ("Comunication with officers", "Communication with officers"),
        ("Comunication", "Communication"),
        ("Commisioning versus capacity building", "Commissioning v capacity building"),
        ("The council", "the council"),
    ];

    /// Different barriers that share words: none may be suggested.
    const APART: &[(&str, &str)] = &[
        ("No shared data", "No shared budget"),
        ("Lack of shared data", "Lack of shared budget"),
        ("Too many meetings", "Too few meetings"),
        ("Trustees resist change", "Officers resist change"),
        ("Trustees resist change", "We do not trust them"),
        ("Short-term funding", "Short-term contracts"),
        (
            "Poor communication between council officers and local charities",
            "Poor coordination between council officers and local charities",
        ),
        ("Council officers barely know charity staff", "Council officers do not understand charity finances"),
        ("Not enough time", "Not enough money"),
        ("The council", "The charities"),
        ("Funding", "Trust"),
        ("Silos", "Short funding cycles"),
        ("", ""),
    ];

    #[test]
    fn paraphrases_are_alike_and_different_barriers_are_not() {
        for (a, b) in SAME {
            assert!(alike(a, b) && alike(b, a), "alike: {a:?} / {b:?}: {:?} / {:?}", stems(a), stems(b));
        }
        for (a, b) in APART {
            assert!(!alike(a, b) && !alike(b, a), "apart: {a:?} / {b:?}: {:?} / {:?}", stems(a), stems(b));
        }
    }

    #[test]
    fn a_slip_is_one_letter_added_lost_changed_or_swapped_in_a_longer_word() {
        for (a, b) in [("commission", "commision"), ("communication", "comunication"), ("trustees", "turstees")] {
            assert!(slip(a, b) && slip(b, a), "{a} / {b}");
        }
        assert!(slip("funding", "fundings") && slip("funding", "funging"));
        for (a, b) in [("trust", "trusts2x"), ("data", "date"), ("budget", "gadget"), ("silos", "solis")] {
            assert!(!slip(a, b) && !slip(b, a), "{a} / {b}");
        }
    }

    #[test]
    fn stems_leave_out_small_words_and_read_near_synonyms_as_one() {
        assert_eq!(stems("Officers and charity workers hardly know each other"), ["bare", "know", "offic", "staff"]);
        assert_eq!(stems("meetings, meeting, MEETING"), ["meet"]);
        assert!(stems("The council and the charities").is_empty());
    }

    #[test]
    fn similar_pairs_suggests_paraphrases_across_groups_only() {
        let mut s = room();
        let (first, second) = SAME[0];
        s.groups[0].add_barrier(barrier(first, None));
        s.groups[0].add_barrier(barrier(second, None));
        s.groups[1].add_barrier(barrier(second, None));
        s.groups[2].add_barrier(barrier("No shared budget", None));
        s.groups[1].add_barrier(barrier("No shared data", None));
        let pairs: Vec<(u32, u32)> = similar_pairs(&s).iter().map(|[(ga, _), (gb, _)]| (*ga, *gb)).collect();
        let (red, blue) = (s.groups[0].id, s.groups[1].id);
        assert_eq!(pairs, vec![(red, blue), (red, blue)], "Red's two against Blue's one; none within Red");
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
