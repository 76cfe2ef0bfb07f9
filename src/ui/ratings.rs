//! How the room rated the session, as rows of bars: the same chart on the
//! facilitator's close screen and the projector.

use crate::domain::session::{RATING_MAX, RATING_WORDS, Ratings};

/// The chart's heading: "Rated 4.2 of 5 by 23 people".
pub fn heading(ratings: &Ratings) -> Option<String> {
    let mean = ratings.mean()?;
    let people = crate::domain::people(ratings.total());
    Some(format!("Rated {mean:.1} of {RATING_MAX} by {people}"))
}

/// One row a rating, highest first: "5 excellent  ████████ 10", the
/// longest bar `bar_width` blocks and every bar to that scale.
pub fn rows(ratings: &Ratings, bar_width: usize) -> Vec<String> {
    let most = ratings.counts.iter().copied().max().unwrap_or(0).max(1);
    let label_width = RATING_WORDS.iter().map(|w| w.len()).max().unwrap_or(0);
    (1..=RATING_MAX)
        .rev()
        .map(|rating| {
            let count = ratings.counts[usize::from(rating - 1)];
            // A rating someone gave always shows a block, however few.
            let blocks = if count == 0 { 0 } else { (count * bar_width).div_ceil(most).max(1) };
            let words = RATING_WORDS[usize::from(rating - 1)];
            format!("{rating} {words:<label_width$}  {} {count}", "█".repeat(blocks))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::Feedback;

    fn rated(ratings: &[u8]) -> Ratings {
        let feedback: Vec<Feedback> =
            ratings.iter().map(|r| Feedback { rating: Some(*r), ..Feedback::default() }).collect();
        Ratings::of(&feedback)
    }

    #[test]
    fn the_bars_are_to_scale_highest_rating_first() {
        let ratings = rated(&[5, 5, 5, 5, 4, 4, 1]);
        assert_eq!(heading(&ratings).as_deref(), Some("Rated 4.1 of 5 by 7 people"));
        let rows = rows(&ratings, 8);
        assert_eq!(rows[0], "5 excellent  ████████ 4");
        assert_eq!(rows[1], "4 very good  ████ 2");
        assert_eq!(rows[2], "3 good        0");
        assert_eq!(rows[4], "1 poor       ██ 1", "one rating still shows");
    }

    #[test]
    fn nobody_rated_means_no_chart() {
        assert_eq!(heading(&rated(&[])), None);
        assert_eq!(heading(&rated(&[3])).as_deref(), Some("Rated 3.0 of 5 by 1 person"));
    }
}
