//! The scenario catalogue: the ones built into the binary, and the ones a
//! user adds to the data directory.

use std::path::{Path, PathBuf};

use crate::domain::scenario::Scenario;
use crate::store::{self, LoadError};

/// The built-in scenarios' sources, compiled in so Roundtable runs with no
/// files installed. The first is the default.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("scenarios/nlgn-fictional-council.ron", include_str!("../scenarios/nlgn-fictional-council.ron")),
    ("scenarios/austerity-partnerships.ron", include_str!("../scenarios/austerity-partnerships.ron")),
    ("scenarios/vcse-partnership-2026.ron", include_str!("../scenarios/vcse-partnership-2026.ron")),
];

/// Parses the built-in scenarios. They are checked by the test suite, so a
/// failure here is a bug in the build, not bad user input.
#[allow(clippy::panic, reason = "the built-in scenarios are part of the program, and a test parses each")]
pub fn built_in() -> Vec<Scenario> {
    BUILT_IN
        .iter()
        .map(|(name, text)| {
            store::parse_scenario(text, Path::new(name)).unwrap_or_else(|e| panic!("built-in scenario is broken: {e}"))
        })
        .collect()
}

pub fn built_in_default() -> Scenario {
    built_in().remove(0)
}

/// Where a listed scenario comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    User(PathBuf),
}

/// A scenario available to start, or a user file that failed to load.
#[derive(Debug, Clone)]
pub struct Listed {
    pub origin: Origin,
    pub scenario: Result<Scenario, LoadError>,
}

/// Built-in scenarios, then every `*.ron` in the user's scenarios folder,
/// sorted by file name.
pub fn list(user_dir: &Path) -> Vec<Listed> {
    let mut out: Vec<Listed> =
        built_in().into_iter().map(|s| Listed { origin: Origin::BuiltIn, scenario: Ok(s) }).collect();
    let mut files: Vec<PathBuf> = std::fs::read_dir(user_dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    for path in files {
        out.push(Listed { scenario: store::load_scenario_file(&path), origin: Origin::User(path) });
    }
    out
}

/// Finds a scenario by id (built-in or user) or by file path.
pub fn resolve(spec: &str, user_dir: &Path) -> Result<Scenario, String> {
    let as_path = Path::new(spec);
    if as_path.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")) || as_path.is_file() {
        return store::load_scenario_file(as_path).map_err(|e| e.to_string());
    }
    let listed = list(user_dir);
    if let Some(found) = listed.iter().find_map(|l| l.scenario.as_ref().ok().filter(|s| s.id == spec)) {
        return Ok(found.clone());
    }
    let known: Vec<String> = listed.iter().filter_map(|l| l.scenario.as_ref().ok().map(|s| s.id.clone())).collect();
    let known_list = known.join(", ");
    match closest(spec, known.iter().map(String::as_str)) {
        Some(id) => Err(format!("no scenario called \"{spec}\"; did you mean `{id}`? Known scenarios: {known_list}")),
        None => Err(format!("no scenario called \"{spec}\"; known scenarios: {known_list}")),
    }
}

/// The id most like `spec`, if one is close enough to be what was meant:
/// the measure and threshold clap uses to suggest a mistyped command, so
/// that both kinds of typo are met alike.
fn closest<'a>(spec: &str, ids: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let spec = spec.to_lowercase();
    ids.map(|id| (strsim::jaro(&spec, &id.to_lowercase()), id))
        .filter(|(likeness, _)| *likeness > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_scenario_follows_the_seminar() {
        let s = built_in_default();
        assert_eq!(s.rules.actions, 5);
        assert_eq!(s.rules.horizon_months, 18);
        assert_eq!(s.stages.len(), 8);
        assert_eq!(s.areas.len(), 5);
        assert!(s.roles.len() >= 3);
        assert_eq!(s.barrier_deck.iter().filter(|c| c.key).count(), 1);
    }

    #[test]
    fn every_built_in_scenario_has_the_substance_of_a_workshop() {
        let all = built_in();
        assert_eq!(all.len(), 3);
        let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, vec!["nlgn", "austerity", "vcse-2026"]);
        for s in &all {
            assert_eq!(s.stages.len(), 8, "{}", s.id);
            assert!(s.slides.len() >= 3, "{}", s.id);
            assert!(s.slides.iter().all(|sl| !sl.notes.is_empty()), "{}: every slide has notes", s.id);
            assert!(s.roles.len() >= 6, "{}", s.id);
            assert!(s.injects.len() >= 8, "{}", s.id);
            assert!(s.barrier_deck.iter().all(|c| !c.explanation.is_empty() && !c.prompt.is_empty()), "{}", s.id);
            assert_eq!(s.barrier_deck.iter().filter(|c| c.key).count(), 1, "{}", s.id);
        }
    }

    /// Words that speak to a room rather than to one person.
    const ROOM_WORDS: &[&str] =
        &["yourselves", "your table", "the room", "each group", "a group", "per group", "each of you", " us?", " we "];

    #[test]
    fn solo_practice_speaks_to_one_person_on_every_built_in_stage() {
        use crate::domain::session::Mode;
        for s in built_in() {
            for stage in &s.stages {
                for text in [stage.prompt_for(Mode::Solo), stage.hint_for(Mode::Solo)] {
                    let lower = text.to_lowercase();
                    for word in ROOM_WORDS {
                        assert!(!lower.contains(word), "{} {:?}: {word:?} in {text:?}", s.id, stage.kind);
                    }
                }
            }
            // The room keeps its own wording.
            let welcome = &s.stages[0];
            assert_ne!(welcome.prompt_for(Mode::Room), welcome.prompt_for(Mode::Solo), "{}", s.id);
            assert_eq!(welcome.prompt_for(Mode::Room), welcome.prompt);
        }
    }

    #[test]
    fn the_nlgn_deck_names_every_barrier_the_seminar_found() {
        let s = built_in_default();
        let ids: Vec<&str> = s.barrier_deck.iter().map(|c| c.id.as_str()).collect();
        for id in [
            "trust",
            "channels",
            "junior-partner",
            "shared-language",
            "independence",
            "no-data",
            "silos",
            "commissioning-vs-capacity",
            "heavy-monitoring",
            "skills",
            "systems",
            "project-management",
            "leadership-clarity",
            "self-marketing",
            "public-bodies",
            "reluctance-to-compete",
        ] {
            assert!(ids.contains(&id), "missing {id}");
        }
        assert_eq!(s.card("trust").map(|c| c.key), Some(true));
        assert!(s.idea_cards.len() >= 19, "ten lightbulb ideas, five Hype Cycle stages, four options");
    }

    #[test]
    fn the_built_in_scenarios_carry_the_deeper_content() {
        for s in built_in() {
            assert!(s.stages.iter().all(|st| !st.guide.trim().is_empty()), "{}: every stage has a guide", s.id);
        }
        let s = built_in_default();
        let trust = s.card("trust").unwrap();
        assert!(trust.explanation.contains("one sector comes to regard the other as inferior"), "{trust:?}");
        let roles: Vec<&str> = s.roles.iter().map(|r| r.id.as_str()).collect();
        for id in ["ward-councillor", "pct-director", "carers-chief"] {
            assert!(roles.contains(&id), "missing role {id}");
        }
        let injects: Vec<&str> = s.injects.iter().map(|i| i.id.as_str()).collect();
        for id in ["partnership-condition", "carers-eviction", "targets-money", "partnership-split"] {
            assert!(injects.contains(&id), "missing inject {id}");
        }
        let control = s.injects.iter().find(|i| i.id == "control-change").unwrap();
        assert!(control.what.contains("centre-right") && control.what.contains("centre-left"), "{control:?}");
        for card in s.idea_cards.iter().filter(|c| c.id.starts_with("hype-") || c.id.starts_with("kahane-")) {
            assert!(card.title.contains("2011") || card.title.contains("2019"), "{} says when it is from", card.id);
        }
        let brief = s.council.sections().iter().map(|(_, t)| *t).collect::<Vec<_>>().join(" ");
        for fact in ["Local Strategic Partnership", "Local Area Agreement", "primary care trust", "police", "Compact"] {
            assert!(brief.contains(fact), "the brief mentions {fact}");
        }
        let austerity = built_in().remove(1);
        assert_eq!(austerity.idea_cards.iter().filter(|c| c.id.starts_with("step-")).count(), 5);
        assert!(austerity.areas.iter().all(|a| a.source.contains("own suggestions, not research")));
        assert_eq!(austerity.stance.as_ref().map(|c| c.options.len()), Some(4), "Kahane's four options");
    }

    /// The 2026 scenario keeps NLGN's exercise, barriers and five areas,
    /// says when and where it is set, explains today's bodies and rules, and
    /// says where every part of it comes from, Roundtable's own inventions
    /// included.
    #[test]
    fn the_2026_scenario_carries_nlgn_over_and_credits_every_part() {
        let s = built_in().into_iter().find(|s| s.id == "vcse-2026").expect("the 2026 scenario");
        let nlgn = built_in_default();
        assert_eq!(s.rules, nlgn.rules, "five actions over eighteen months");
        let kinds = |sc: &Scenario| sc.stages.iter().map(|st| (st.kind, st.minutes)).collect::<Vec<_>>();
        assert_eq!(kinds(&s), kinds(&nlgn), "the seminar's stages and timings");
        assert_eq!(s.breaks, nlgn.breaks);
        let names = |sc: &Scenario| sc.areas.iter().map(|a| (a.id.clone(), a.name.clone())).collect::<Vec<_>>();
        assert_eq!(names(&s), names(&nlgn), "NLGN's five areas of making change happen");
        // NLGN's barriers, climate and organisational, all carried over.
        for card in &nlgn.barrier_deck {
            let ours = s.card(&card.id).unwrap_or_else(|| panic!("NLGN's barrier {} is missing", card.id));
            assert_eq!(ours.kind, card.kind, "{}", card.id);
        }
        assert_eq!(s.key_card().map(|c| c.id.as_str()), Some("trust"));
        assert!(s.key_card().unwrap().source.contains("most important single barrier"));

        assert!(s.setting.contains("2026") && s.setting.contains("invented"), "{}", s.setting);
        assert!(!["Wexcombe", "Thornbridge"].iter().any(|n| s.council.name.contains(n)), "a council of its own");
        let terms: Vec<&str> = s.glossary.iter().map(|g| g.term.as_str()).collect();
        for term in [
            "VCSE",
            "Integrated care board (ICB)",
            "Integrated care partnership (ICP)",
            "Social value",
            "Procurement Act 2023",
            "Provider Selection Regime (PSR)",
            "Local compact",
        ] {
            assert!(terms.contains(&term), "the glossary explains {term}");
        }
        let glossary = s.glossary.iter().map(|g| format!("{} {}", g.meaning, g.now)).collect::<Vec<_>>().join(" ");
        for fact in ["1 July 2022", "24 February 2025", "1 January 2024", "Public Contracts Regulations 2015"] {
            assert!(glossary.contains(fact), "the glossary gives {fact}");
        }

        // A source line on every slide, role, card, inject, area, deck, term and finding.
        let mut sources: Vec<(String, &str)> = Vec::new();
        sources.extend(s.slides.iter().map(|x| (format!("slide {}", x.title), x.source.as_str())));
        sources.extend(s.roles.iter().map(|x| (format!("role {}", x.id), x.source.as_str())));
        sources.extend(s.barrier_deck.iter().map(|x| (format!("barrier {}", x.id), x.source.as_str())));
        sources.extend(s.idea_cards.iter().map(|x| (format!("idea {}", x.id), x.source.as_str())));
        sources.extend(s.idea_decks.iter().map(|x| (format!("deck {}", x.id), x.source.as_str())));
        sources.extend(s.injects.iter().map(|x| (format!("inject {}", x.id), x.source.as_str())));
        sources.extend(s.areas.iter().map(|x| (format!("area {}", x.id), x.source.as_str())));
        sources.extend(s.glossary.iter().map(|x| (format!("term {}", x.term), x.source.as_str())));
        let f = &s.findings;
        for (topic, cited) in
            [("barriers", &f.barriers), ("areas", &f.areas), ("partnership", &f.partnership), ("timing", &f.timing)]
        {
            let cited = cited.as_ref().unwrap_or_else(|| panic!("a finding on {topic}"));
            assert!(!cited.finding.trim().is_empty(), "{topic}");
            sources.push((format!("finding {topic}"), cited.source.as_str()));
        }
        for (what, source) in &sources {
            assert!(!source.trim().is_empty(), "{what} has no source");
        }
        // Its findings are its own, not the 2007 scenario's.
        assert_ne!(s.findings, nlgn.findings);
        // What Roundtable invented says so: every role and every inject's event.
        for (what, source) in sources.iter().filter(|(w, _)| w.starts_with("role ")) {
            assert!(source.starts_with("Roundtable's own"), "{what}: {source}");
        }
        for inject in &s.injects {
            assert!(inject.source.contains("Roundtable's own"), "{}: {}", inject.id, inject.source);
            assert!(inject.month <= s.rules.horizon_months, "{}", inject.id);
        }
        // Every idea card sits in a named deck, and the decks keep the sources apart.
        assert_eq!(s.idea_decks.len(), 3);
        for (deck, cards) in s.idea_cards_by_deck() {
            assert!(deck.is_some(), "a card outside every deck");
            assert!(!cards.is_empty(), "{:?} is empty", deck.map(|d| &d.id));
        }
        let lightbulb = s.idea_cards.iter().filter(|c| c.deck == "lightbulb" && c.source.starts_with("Idea ")).count();
        assert_eq!(lightbulb, 10, "the commissioner's ten ideas");
        assert!(s.idea_cards.iter().filter(|c| c.deck == "today").all(|c| c.source.starts_with("Roundtable's own")));
        assert!(s.closing_questions.len() >= 2);
    }

    #[test]
    fn user_scenarios_are_listed_after_the_built_in_ones() {
        let dir = tempfile::tempdir().unwrap();
        let mut mine = built_in_default();
        mine.id = "mine".into();
        let text = ron::ser::to_string_pretty(&mine, ron::ser::PrettyConfig::new()).unwrap();
        std::fs::write(dir.path().join("mine.ron"), text).unwrap();
        std::fs::write(dir.path().join("broken.ron"), "Scenario(").unwrap();
        let listed = list(dir.path());
        assert_eq!(listed[0].origin, Origin::BuiltIn);
        assert!(listed.iter().any(|l| l.scenario.as_ref().is_ok_and(|s| s.id == "mine")));
        assert!(listed.iter().any(|l| l.scenario.is_err()));
        assert_eq!(resolve("mine", dir.path()).unwrap().id, "mine");
        assert!(resolve("nope", dir.path()).unwrap_err().contains("nlgn"));
    }

    #[test]
    fn a_mistyped_id_is_met_with_the_one_meant() {
        let dir = tempfile::tempdir().unwrap();
        let ids = ["nlgn", "austerity"];
        assert_eq!(closest("nlng", ids.into_iter()), Some("nlgn"));
        assert_eq!(closest("NLGN", ids.into_iter()), Some("nlgn"));
        assert_eq!(closest("austerty", ids.into_iter()), Some("austerity"));
        assert_eq!(closest("wexcombe", ids.into_iter()), None);
        let err = resolve("nlng", dir.path()).unwrap_err();
        assert!(err.contains("did you mean `nlgn`?"), "{err}");
        let err = resolve("wexcombe", dir.path()).unwrap_err();
        assert!(!err.contains("did you mean"), "{err}");
    }
}
