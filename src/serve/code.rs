//! The room code: what a table types as its SSH password.

use std::sync::{Arc, Mutex, PoisonError};

use ring::digest::{SHA256, digest};
use ring::rand::{SecureRandom, SystemRandom};
use subtle::ConstantTimeEq;

/// Sixty-four short words that are hard to mishear or misspell when read off
/// a projector: no homophones (no "sun", "sail", "pear"), nothing rude, every
/// one four to six lowercase letters.
const WORDS: [&str; 64] = [
    "acorn", "amber", "apple", "badge", "bench", "berry", "birch", "block", "brick", "brook", "cabin", "camel",
    "candy", "cedar", "chalk", "cliff", "cloud", "clove", "coral", "crane", "daisy", "delta", "dune", "eagle", "ember",
    "fable", "fern", "flint", "frost", "globe", "grape", "heron", "honey", "igloo", "ivory", "jelly", "kite", "koala",
    "lemon", "lilac", "lunar", "lotus", "mango", "maple", "melon", "mint", "moss", "nest", "olive", "orbit", "otter",
    "panda", "pebble", "piano", "plum", "radar", "robin", "salad", "tiger", "tulip", "tower", "viola", "walnut",
    "zebra",
];

/// The code a table types to join the room, shared by the server and the
/// facilitator's screen and changeable while tables are connected.
///
/// Clones share one code: [`RoomCode::set`] on any clone changes it for all,
/// and the next table to sign in needs the new one (tables already in stay).
///
/// A typed code is compared after trimming spaces and ignoring case, since
/// it is read off a projector. The comparison takes the same time whatever
/// is typed: both sides are hashed with SHA-256 and the two digests are
/// compared with `subtle`'s constant-time equality, so neither the content
/// nor the length of the code leaks through timing. An empty code matches
/// nothing.
#[derive(Clone)]
pub struct RoomCode(Arc<Mutex<String>>);

impl RoomCode {
    /// A fresh code of two words and four digits, such as `kite-moss-4729`,
    /// from the system's secure random source (about 25 bits; with three
    /// tries a connection and ten failures a minute an address, guessing it
    /// would take years).
    ///
    /// # Panics
    /// If the operating system's random source fails, which it does not on
    /// any supported system.
    #[allow(clippy::expect_used, reason = "the system random source does not fail on any supported system")]
    pub fn generate() -> RoomCode {
        let mut bytes = [0u8; 6];
        SystemRandom::new().fill(&mut bytes).expect("the system's random source works");
        let first = WORDS[usize::from(bytes[0] & 63)];
        let mut second = WORDS[usize::from(bytes[1] & 63)];
        if second == first {
            second = WORDS[usize::from(bytes[1].wrapping_add(1) & 63)];
        }
        let number = u32::from_le_bytes([bytes[2], bytes[3], bytes[4], bytes[5]]) % 10_000;
        RoomCode::new(format!("{first}-{second}-{number:04}"))
    }

    /// A code the facilitator chose (`--code`).
    pub fn new(code: impl Into<String>) -> RoomCode {
        RoomCode(Arc::new(Mutex::new(code.into())))
    }

    /// Changes the code for every clone; connections already in stay.
    pub fn set(&self, code: impl Into<String>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = code.into();
    }

    /// The code as it is shown.
    pub fn get(&self) -> String {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Whether `typed` is the code (spaces around it and case ignored), in
    /// time that does not depend on how much of it was right.
    pub fn matches(&self, typed: &str) -> bool {
        let expected = normalise(&self.get());
        let typed = normalise(typed);
        let same = digest(&SHA256, expected.as_bytes()).as_ref().ct_eq(digest(&SHA256, typed.as_bytes()).as_ref());
        bool::from(same) & !expected.is_empty()
    }
}

impl std::fmt::Debug for RoomCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RoomCode(..)")
    }
}

fn normalise(code: &str) -> String {
    code.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_list_is_sixty_four_distinct_short_lowercase_words() {
        let mut words = WORDS.to_vec();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), 64);
        assert!(WORDS.iter().all(|w| (4..=6).contains(&w.len()) && w.chars().all(|c| c.is_ascii_lowercase())));
    }

    #[test]
    fn a_generated_code_is_two_words_and_four_digits() {
        for _ in 0..50 {
            let code = RoomCode::generate().get();
            let parts: Vec<&str> = code.split('-').collect();
            assert_eq!(parts.len(), 3, "{code}");
            assert!(WORDS.contains(&parts[0]) && WORDS.contains(&parts[1]), "{code}");
            assert_ne!(parts[0], parts[1], "{code}");
            assert!(parts[2].len() == 4 && parts[2].chars().all(|c| c.is_ascii_digit()), "{code}");
        }
    }

    #[test]
    fn matching_ignores_case_and_spaces_around_and_follows_set() {
        let code = RoomCode::new("kite-4729");
        assert!(code.matches("kite-4729"));
        assert!(code.matches("  KITE-4729\n"));
        assert!(!code.matches("kite-4728"));
        assert!(!code.matches("kite-47290"));
        assert!(!code.matches(""));
        let shared = code.clone();
        shared.set("moss-1111");
        assert!(!code.matches("kite-4729"));
        assert!(code.matches("moss-1111"));
        assert_eq!(code.get(), "moss-1111");
    }

    #[test]
    fn an_empty_code_matches_nothing() {
        let code = RoomCode::new("");
        assert!(!code.matches(""));
        assert!(!code.matches("  "));
    }
}
