//! Who has joined from a phone: each person's random token (their cookie),
//! the table they chose, the token their forms carry, how often they may
//! post, and whether they are on the page now.
//!
//! Nothing about a person is asked or kept but their table: no name, no
//! device. A token is 256 random bits from the system's secure source, so
//! it cannot be guessed; it lives only in this process, so a restarted
//! Roundtable asks everyone for the code again.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use ring::rand::{SecureRandom, SystemRandom};
use subtle::ConstantTimeEq;

use super::limits::{Bucket, PER_PERSON};

/// Identifies a person for as long as the server runs; never reused.
pub type PersonId = u64;

/// People remembered at most; beyond this, whoever was seen longest ago
/// (and has no page open) is forgotten and asked for the code again.
pub(crate) const MAX_PEOPLE: usize = 1000;
/// A person who has not been seen for this long (no page loaded, no live
/// updates open) no longer counts as on the page.
pub(crate) const PRESENT_FOR: Duration = Duration::from_secs(3 * 60);
/// Live-update streams one person may hold open (a phone with two tabs).
pub(crate) const STREAMS_PER_PERSON: usize = 3;

/// One person on a phone.
#[derive(Debug)]
pub(crate) struct Person {
    pub id: PersonId,
    /// The group of the table they joined.
    pub group: u32,
    /// What their forms carry, so that a form posted from another site
    /// (which cannot read it) is refused.
    pub form_token: String,
    /// A line for their next page: what became of their last post.
    pub notice: Option<String>,
    posts: Bucket,
    last_seen: Instant,
    streams: usize,
}

impl Person {
    /// Whether `typed` is this person's form token, compared in constant time.
    pub fn form_token_matches(&self, typed: &str) -> bool {
        bool::from(self.form_token.as_bytes().ct_eq(typed.as_bytes()))
    }

    /// Takes one of their posts; false if they are posting too fast.
    pub fn may_post(&mut self, now: Instant) -> bool {
        self.posts.take(PER_PERSON, now)
    }

    fn is_present(&self, now: Instant) -> bool {
        self.streams > 0 || now.saturating_duration_since(self.last_seen) < PRESENT_FOR
    }
}

/// Why a person could not be let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoEntry {
    /// The system's random source failed: no token can be made safely.
    NoRandom,
}

/// Everyone who has joined.
#[derive(Debug, Default)]
pub(crate) struct People {
    by_token: HashMap<String, Person>,
    /// How many were on the page at each table when last told to the app.
    told: Option<BTreeMap<u32, usize>>,
}

impl People {
    /// Lets a person in at `group`'s table: returns their token (for the
    /// cookie).
    pub(crate) fn join(&mut self, group: u32, now: Instant) -> Result<String, NoEntry> {
        if self.by_token.len() >= MAX_PEOPLE {
            self.forget_one();
        }
        let token = random_token().ok_or(NoEntry::NoRandom)?;
        let form_token = random_token().ok_or(NoEntry::NoRandom)?;
        // Random, not counted: a session keeps a person's dots and
        // feedback by their id, and a room served again must not give an
        // earlier person's id to someone new.
        let id = random_id().ok_or(NoEntry::NoRandom)?;
        let person = Person {
            id,
            group,
            form_token,
            notice: None,
            posts: Bucket::full(PER_PERSON, now),
            last_seen: now,
            streams: 0,
        };
        self.by_token.insert(token.clone(), person);
        Ok(token)
    }

    /// The person with this token, seen now.
    pub(crate) fn find(&mut self, token: &str, now: Instant) -> Option<&mut Person> {
        let person = self.by_token.get_mut(token)?;
        person.last_seen = now;
        Some(person)
    }

    pub(crate) fn leave(&mut self, token: &str) {
        self.by_token.remove(token);
    }

    /// Opens a live-update stream for the person; false if they have
    /// [`STREAMS_PER_PERSON`] open already, or have gone.
    pub(crate) fn open_stream(&mut self, token: &str, now: Instant) -> bool {
        match self.by_token.get_mut(token) {
            Some(person) if person.streams < STREAMS_PER_PERSON => {
                person.streams += 1;
                person.last_seen = now;
                true
            }
            _ => false,
        }
    }

    pub(crate) fn close_stream(&mut self, token: &str, now: Instant) {
        if let Some(person) = self.by_token.get_mut(token) {
            person.streams = person.streams.saturating_sub(1);
            person.last_seen = now;
        }
    }

    /// How many people are on the page at each table (by group id), when
    /// that differs from what was last told; it is then counted as told.
    pub(crate) fn presence_news(&mut self, now: Instant) -> Option<BTreeMap<u32, usize>> {
        let mut present = BTreeMap::new();
        for person in self.by_token.values().filter(|p| p.is_present(now)) {
            *present.entry(person.group).or_insert(0) += 1;
        }
        if self.told.as_ref() == Some(&present) {
            return None;
        }
        self.told = Some(present.clone());
        Some(present)
    }

    /// When the next person stops counting as on the page, if anyone will.
    pub(crate) fn next_departure(&self, now: Instant) -> Option<Instant> {
        self.by_token.values().filter(|p| p.streams == 0 && p.is_present(now)).map(|p| p.last_seen + PRESENT_FOR).min()
    }

    fn forget_one(&mut self) {
        let oldest = self
            .by_token
            .iter()
            .filter(|(_, p)| p.streams == 0)
            .min_by_key(|(_, p)| p.last_seen)
            .map(|(token, _)| token.clone())
            .or_else(|| self.by_token.iter().min_by_key(|(_, p)| p.last_seen).map(|(token, _)| token.clone()));
        if let Some(token) = oldest {
            tracing::debug!("forgot a person seen {:?} ago to make room", self.by_token[&token].last_seen.elapsed());
            self.by_token.remove(&token);
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.by_token.len()
    }
}

/// 256 random bits as 64 hexadecimal digits, or `None` if the system's
/// random source fails.
fn random_id() -> Option<PersonId> {
    let mut bytes = [0u8; 8];
    SystemRandom::new().fill(&mut bytes).ok()?;
    // 0 is never an id (a session file's hand-written 0 stays nobody's).
    Some(PersonId::from_le_bytes(bytes).max(1))
}

fn random_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    SystemRandom::new().fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_person_gets_a_different_unguessable_token_and_form_token() {
        let now = Instant::now();
        let mut people = People::default();
        let a = people.join(1, now).unwrap();
        let b = people.join(1, now).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        let form_a = people.find(&a, now).unwrap().form_token.clone();
        assert_ne!(form_a, a, "the form token is not the cookie");
        let person = people.find(&a, now).unwrap();
        assert!(person.form_token_matches(&form_a));
        assert!(!person.form_token_matches(""));
        assert!(!person.form_token_matches(&form_a[..63]));
        assert!(people.find("not-a-token", now).is_none());
        let ids = (people.find(&a, now).unwrap().id, people.find(&b, now).unwrap().id);
        assert_ne!(ids.0, ids.1);
    }

    #[test]
    fn presence_counts_each_table_and_is_told_once() {
        let start = Instant::now();
        let mut people = People::default();
        let red = people.join(1, start).unwrap();
        people.join(1, start).unwrap();
        people.join(2, start).unwrap();
        assert_eq!(people.presence_news(start), Some(BTreeMap::from([(1, 2), (2, 1)])));
        assert_eq!(people.presence_news(start), None, "nothing new to tell");
        // One keeps a live page open; the others are not seen again.
        assert!(people.open_stream(&red, start));
        assert_eq!(people.next_departure(start), Some(start + PRESENT_FOR));
        let later = start + PRESENT_FOR + Duration::from_secs(1);
        assert_eq!(people.presence_news(later), Some(BTreeMap::from([(1, 1)])));
        people.close_stream(&red, later);
        assert_eq!(people.next_departure(later), Some(later + PRESENT_FOR));
        people.leave(&red);
        assert_eq!(people.presence_news(later), Some(BTreeMap::new()));
    }

    #[test]
    fn a_person_may_hold_only_a_few_live_streams() {
        let now = Instant::now();
        let mut people = People::default();
        let token = people.join(1, now).unwrap();
        for _ in 0..STREAMS_PER_PERSON {
            assert!(people.open_stream(&token, now));
        }
        assert!(!people.open_stream(&token, now));
        assert!(!people.open_stream("gone", now));
    }

    #[test]
    fn the_people_remembered_stay_bounded() {
        let start = Instant::now();
        let mut people = People::default();
        let first = people.join(1, start).unwrap();
        for i in 0..MAX_PEOPLE as u64 + 10 {
            people.join(1, start + Duration::from_millis(i + 1)).unwrap();
        }
        assert_eq!(people.len(), MAX_PEOPLE);
        assert!(people.find(&first, start).is_none(), "the one seen longest ago was forgotten");
    }
}
