//! The page's HTML, written with maud: every value put into it is escaped
//! as it is written, so nothing a table types can become markup or
//! script. The pages carry no script or style of their own (the
//! Content-Security-Policy forbids it): `/style.css` and `/app.js` are
//! files of their own. Every form works with JavaScript off: it posts, and
//! the answer sends the phone back to its page.

use maud::{DOCTYPE, Markup, html};

use crate::domain::room::clock_face;
use crate::domain::scenario::BarrierKind;

use super::view::{PageView, TableView};

/// The longest barrier a phone may add, in characters: a line on a card,
/// which the projector shows whole.
pub const BARRIER_MAX_CHARS: usize = 300;
/// The longest room code a form may carry.
pub const CODE_MAX_CHARS: usize = 64;

/// A whole page: its title and what goes in its body.
fn shell(title: &str, body: &Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/style.css";
                script src="/app.js" defer {}
            }
            body { (body) }
        }
    }
}

/// The first page: the room code and the table. `chosen` preselects a
/// table (a table's own QR code carries it); `problem` says what was wrong
/// with the last try.
pub fn join(view: &PageView, chosen: Option<u32>, problem: Option<&str>) -> Markup {
    let body = html! {
        main {
            h1 { "Join the room" }
            p.lead { (view.title) }
            @if let Some(problem) = problem {
                p.problem role="alert" { (problem) }
            }
            form method="post" action="/join" {
                label for="code" { "Room code" }
                p.help #code-help { "It is on the facilitator's screen." }
                input #code type="text" name="code" required autocomplete="off" autocapitalize="none"
                    spellcheck="false" maxlength=(CODE_MAX_CHARS) aria-describedby="code-help";
                label for="table" { "Your table" }
                select #table name="table" required {
                    option value="" disabled selected[chosen.is_none()] { "Choose your table" }
                    @for table in &view.tables {
                        option value=(table.short) selected[chosen == Some(table.id)] { (table.name) }
                    }
                }
                button type="submit" { "Join" }
            }
            p.small {
                "Roundtable asks for no name. What you add goes on your table's list, for the room to see."
            }
        }
    };
    shell(&format!("Join · {}", view.title), &body)
}

/// What a person at a table sees.
pub struct TablePage<'a> {
    pub view: &'a PageView,
    pub table: &'a TableView,
    /// What this person's forms carry.
    pub form_token: &'a str,
    /// What became of their last post.
    pub notice: Option<&'a str>,
    /// Seconds since the epoch, for the clock.
    pub now: u64,
}

/// The table's page: the room's stage, its question and clock, the
/// table's barriers and the form that adds one.
pub fn table(page: &TablePage<'_>) -> Markup {
    let TablePage { view, table, form_token, notice, now } = *page;
    let stage = &view.stage;
    let clock = clock(view, now);
    let body = html! {
        header {
            p.room { (view.title) }
            p {
                "You are at " strong { (table.name) } "."
            }
            form.inline method="post" action="/leave" {
                input type="hidden" name="form_token" value=(form_token);
                button.quiet type="submit" { "Change table" }
            }
        }
        main data-version=(view.version) {
            section #stage aria-labelledby="stage-title" data-live {
                p.step { "Stage " (stage.number) " of " (stage.count) }
                h1 #stage-title { (stage.title) }
                @if let Some((text, left)) = &clock {
                    p.clock data-left=[*left] { (text) }
                }
                @if !stage.prompt.trim().is_empty() {
                    p.prompt { (stage.prompt) }
                }
                @if let Some((title, points)) = &stage.slide {
                    h2 { (title) }
                    ul { @for point in points { li { (point) } } }
                }
            }
            section #barriers aria-labelledby="barriers-title" data-live {
                h2 #barriers-title { (table.name) "'s barriers (" (table.barriers.len()) ")" }
                @if table.barriers.is_empty() {
                    p { "None yet: add the first below." }
                } @else {
                    ol.items {
                        @for barrier in &table.barriers {
                            li {
                                span.text { (barrier.text) }
                                " "
                                span.meta { (barrier.kind.label()) " · hurts " (barrier.severity) " of 5" }
                            }
                        }
                    }
                }
            }
            section #add aria-labelledby="add-title" {
                h2 #add-title { "Add a barrier" }
                @if let Some(notice) = notice {
                    p.notice role="status" { (notice) }
                }
                form method="post" action="/barriers" {
                    input type="hidden" name="form_token" value=(form_token);
                    label for="text" { "What gets in the way of joint working?" }
                    textarea #text name="text" rows="3" required maxlength=(BARRIER_MAX_CHARS) {}
                    fieldset {
                        legend { "Kind" }
                        (kind_choice(BarrierKind::Environmental, "the climate between the sectors", true))
                        (kind_choice(BarrierKind::Organisational, "inside the organisations", false))
                    }
                    label for="severity" { "How much it hurts" }
                    select #severity name="severity" {
                        @for (n, words) in SEVERITIES {
                            option value=(n) selected[n == 3] { (n) " · " (words) }
                        }
                    }
                    button type="submit" { "Add the barrier" }
                }
            }
        }
    };
    shell(&format!("{} · {}", table.name, view.title), &body)
}

/// What each severity means, as the barrier form says it.
const SEVERITIES: [(u8, &str); 5] =
    [(1, "a nuisance"), (2, "slows us down"), (3, "gets in the way"), (4, "holds us back"), (5, "stops joint working")];

fn kind_choice(kind: BarrierKind, meaning: &str, checked: bool) -> Markup {
    let id = format!("kind-{}", kind.label());
    html! {
        div.choice {
            input #(id) type="radio" name="kind" value=(kind.label()) checked[checked];
            label for=(id) { (capitalised(kind.label())) ": " (meaning) }
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + chars.as_str())
}

/// The room's clock in words, and the seconds left while it runs (for
/// the script that counts it down between updates).
pub fn clock(view: &PageView, now: u64) -> Option<(String, Option<i64>)> {
    if let Some(ends) = view.break_ends {
        let back = crate::clock::time_of_day(ends, crate::clock::local_zone());
        return Some((format!("On a break until {back}"), None));
    }
    let timer = view.clock.as_ref()?;
    let left = timer.remaining(now);
    let minutes = |secs: i64| {
        let whole = (secs + 59) / 60;
        if whole == 1 { "1 minute".to_string() } else { format!("{whole} minutes") }
    };
    Some(if timer.is_up(now) {
        (format!("Time is up ({})", clock_face(left)), None)
    } else if timer.is_running() {
        (format!("{} left", minutes(left)), Some(left))
    } else if timer.elapsed(now) > 0 {
        (format!("{} left (the clock is paused)", minutes(left)), None)
    } else {
        (format!("{} for this stage", minutes(left)), None)
    })
}

/// A short page that says what went wrong and links back.
pub fn message(title: &str, text: &str) -> Markup {
    let body = html! {
        main {
            h1 { (title) }
            p { (text) }
            p { a href="/" { "Back to the room's page" } }
        }
    };
    shell(title, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::room::StageTimer;
    use crate::web::view::{BarrierView, StageView};

    fn view() -> PageView {
        PageView {
            version: 4,
            title: "Wexcombe <b>afternoon</b>".into(),
            stage: StageView {
                number: 3,
                count: 8,
                kind: None,
                title: "Barriers".into(),
                prompt: "What gets in the way?".into(),
                slide: None,
            },
            clock: Some(StageTimer::for_minutes(15)),
            break_ends: None,
            tables: vec![
                TableView {
                    id: 1,
                    name: "Red".into(),
                    short: "red".into(),
                    barriers: vec![BarrierView {
                        text: "<script>alert(1)</script> & more".into(),
                        kind: BarrierKind::Organisational,
                        severity: 4,
                    }],
                },
                TableView { id: 2, name: "Blue".into(), short: "blue".into(), barriers: Vec::new() },
            ],
        }
    }

    #[test]
    fn what_a_table_typed_is_escaped_never_markup() {
        let view = view();
        let page = table(&TablePage { view: &view, table: &view.tables[0], form_token: "t0k", notice: None, now: 0 })
            .into_string();
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"), "{page}");
        assert!(page.contains("Wexcombe &lt;b&gt;afternoon&lt;/b&gt;"));
        assert!(page.contains("organisational · hurts 4 of 5"));
    }

    #[test]
    fn every_form_field_has_a_label_and_every_form_the_persons_token() {
        let view = view();
        let page = table(&TablePage { view: &view, table: &view.tables[0], form_token: "t0k", notice: None, now: 0 })
            .into_string();
        for id in ["text", "kind-environmental", "kind-organisational", "severity"] {
            assert!(page.contains(&format!("for=\"{id}\"")), "a label for {id}");
            assert!(page.contains(&format!("id=\"{id}\"")), "a field {id}");
        }
        let forms = page.matches("<form").count();
        assert_eq!(forms, 2);
        assert_eq!(page.matches(r#"name="form_token" value="t0k""#).count(), forms);
        assert!(page.contains("<h1"), "a heading");
        assert!(page.contains("<html lang=\"en\">"));
        assert!(!page.contains("<script>") && !page.contains("style="), "nothing inline: {page}");
    }

    #[test]
    fn the_join_page_preselects_the_table_a_link_names() {
        let view = view();
        let page = join(&view, Some(2), None).into_string();
        assert!(page.contains(r#"<option value="blue" selected>Blue</option>"#), "{page}");
        assert!(page.contains(r#"<option value="red">Red</option>"#), "{page}");
        let page = join(&view, None, Some("That is not the room's code.")).into_string();
        assert!(page.contains(r#"<option value="" disabled selected>"#), "{page}");
        assert!(page.contains(r#"role="alert""#));
        assert!(page.contains(r#"<label for="code">"#) && page.contains(r#"<label for="table">"#));
    }

    #[test]
    fn the_clock_says_the_minutes_left_in_words() {
        let mut view = view();
        assert_eq!(clock(&view, 100).map(|c| c.0), Some("15 minutes for this stage".into()));
        let timer = view.clock.as_mut().unwrap();
        timer.start(1000);
        assert_eq!(clock(&view, 1000 + 14 * 60 + 1), Some(("1 minute left".into(), Some(59))));
        assert_eq!(clock(&view, 1000 + 16 * 60).map(|c| c.0), Some("Time is up (-1:00)".into()));
        view.clock.as_mut().unwrap().pause(1000 + 60);
        assert_eq!(clock(&view, 5000).map(|c| c.0), Some("14 minutes left (the clock is paused)".into()));
        view.clock = None;
        assert_eq!(clock(&view, 0), None);
    }
}
