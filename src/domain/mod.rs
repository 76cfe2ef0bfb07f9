//! The pure domain: scenarios, sessions, plans and their review.
//!
//! Nothing here knows about terminals or files; everything is plain data
//! with serde derives, so it can be tested, saved and exported alike.

pub mod plan;
pub mod review;
pub mod room;
pub mod sanitize;
pub mod scenario;
pub mod session;
pub mod validate;

/// "1 barrier", "3 barriers": counts in messages, screens and reports.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
