//! The pure domain: scenarios, sessions, plans and their review.
//!
//! Nothing here knows about terminals or files; everything is plain data
//! with serde derives, so it can be tested, saved and exported alike.

pub mod agenda;
pub mod change;
pub mod plan;
pub mod review;
pub mod room;
pub mod sanitize;
pub mod scenario;
pub mod session;
pub mod synthesis;
pub mod validate;

/// "1 barrier", "3 barriers": counts in messages, screens and reports.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// "1 person", "3 people".
pub fn people(n: usize) -> String {
    if n == 1 { "1 person".to_string() } else { format!("{n} people") }
}

/// A count as people say it in a sentence: "five" up to ten, digits above.
pub fn number_word(n: usize) -> String {
    const WORDS: [&str; 11] = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    WORDS.get(n).map_or_else(|| n.to_string(), |w| (*w).to_string())
}

/// "five actions", "one action", "12 actions".
pub fn plural_words(n: usize, word: &str) -> String {
    if n == 1 { format!("one {word}") } else { format!("{} {word}s", number_word(n)) }
}

/// "Red", "Red and Blue", "Red, Blue and Green".
pub fn and_list(items: &[impl AsRef<str>]) -> String {
    joined(items, "and")
}

/// "fight, adapt, exit or collaborate".
pub fn or_list(items: &[impl AsRef<str>]) -> String {
    joined(items, "or")
}

/// Items in a sentence, the last two joined by `word`.
fn joined(items: &[impl AsRef<str>], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} {word} {}", rest.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(and_list(&[] as &[&str]), "");
        assert_eq!(and_list(&["Red"]), "Red");
        assert_eq!(and_list(&["Red", "Blue"]), "Red and Blue");
        assert_eq!(and_list(&["Red", "Blue", "Green"]), "Red, Blue and Green");
        assert_eq!(or_list(&["fight", "adapt", "exit"]), "fight, adapt or exit");
        assert_eq!(plural(1, "dot"), "1 dot");
        assert_eq!(plural(0, "dot"), "0 dots");
        assert_eq!(number_word(5), "five");
        assert_eq!(number_word(10), "ten");
        assert_eq!(number_word(11), "11");
        assert_eq!(plural_words(1, "action"), "one action");
        assert_eq!(plural_words(3, "action"), "three actions");
        assert_eq!(plural_words(12, "action"), "12 actions");
    }
}
