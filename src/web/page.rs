//! The page's HTML, written with maud: every value put into it is escaped
//! as it is written, so nothing a table types can become markup or
//! script. The pages carry no script or style of their own (the
//! Content-Security-Policy forbids it): `/style.css` and `/app.js` are
//! files of their own. Every form works with JavaScript off: it posts, and
//! the answer sends the phone back to its page.

use maud::{DOCTYPE, Markup, html};

use crate::domain::room::clock_face;
use crate::domain::scenario::{BarrierKind, StageKind};
use crate::domain::session::{RATING_MAX, RATING_WORDS};

use super::view::{PageView, TableView};

/// The longest barrier a phone may add, in characters: a line on a card,
/// which the projector shows whole.
pub const BARRIER_MAX_CHARS: usize = 300;
/// The longest answer to a closing question a phone may send.
pub const ANSWER_MAX_CHARS: usize = 500;
/// The longest line on the session.
pub const COMMENT_MAX_CHARS: usize = 200;
/// The longest room code a form may carry.
pub const CODE_MAX_CHARS: usize = 64;

/// A whole page: its title and what goes in its body.
fn shell(title: &str, body: &Markup) -> Markup {
    page_shell(title, body, None)
}

/// A whole page that loads itself again every `secs` seconds, with or
/// without script.
fn shell_refreshing(title: &str, body: &Markup, secs: u32) -> Markup {
    page_shell(title, body, Some(secs))
}

fn page_shell(title: &str, body: &Markup, refresh: Option<u32>) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if let Some(secs) = refresh {
                    meta http-equiv="refresh" content=(secs);
                }
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
    /// Who they are: their dots and answers are shown to them alone.
    pub person: u64,
    /// What this person's forms carry.
    pub form_token: &'a str,
    /// What became of their last post.
    pub notice: Option<&'a str>,
    /// Seconds since the epoch, for the clock.
    pub now: u64,
}

/// The table's page: the room's stage, its question and clock, and what
/// the stage asks of a person: the table's barriers and the form that adds
/// one, its solution ideas, its actions, the dots at report-back, and at
/// the close their own answers and how the session was.
pub fn table(page: &TablePage<'_>) -> Markup {
    let TablePage { view, table, form_token, notice, .. } = *page;
    let kind = view.stage.kind;
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
        main data-version=(view.version) data-stage=(kind.map_or("", StageKind::short_label)) {
            @if let Some(notice) = notice {
                p.notice role="status" { (notice) }
            }
            (stage_section(view, page.now))
            @match kind {
                Some(StageKind::Barriers) => {
                    (barriers_section(table))
                    (add_barrier_section(form_token))
                }
                Some(StageKind::Solutions) => {
                    (solutions_section(table))
                    (add_solution_section(table, form_token))
                    (barriers_section(table))
                }
                Some(StageKind::Scenario | StageKind::Actions) => {
                    (news_section(view))
                    (brief_section(view))
                    (actions_section(table))
                }
                Some(StageKind::ReportBack) => (vote_section(page)),
                Some(StageKind::Close) => (close_section(page)),
                _ => {}
            }
        }
    };
    shell(&format!("{} · {}", table.name, view.title), &body)
}

/// The room's stage: its title, clock, question and slide.
fn stage_section(view: &PageView, now: u64) -> Markup {
    let stage = &view.stage;
    let clock = clock(view, now);
    html! {
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
    }
}

/// One of the table's lists, kept live: its heading with the count, and
/// the items or a line saying there are none.
fn list_section(id: &str, heading: &str, count: usize, empty: &str, items: &Markup) -> Markup {
    let title = format!("{id}-title");
    html! {
        section #(id) aria-labelledby=(title) data-live {
            h2 #(title) { (heading) " (" (count) ")" }
            @if count == 0 { p { (empty) } } @else { ol.items { (items) } }
        }
    }
}

fn barriers_section(table: &TableView) -> Markup {
    let items = html! {
        @for barrier in &table.barriers {
            li {
                span.text { (barrier.text) }
                " "
                span.meta { (barrier.kind.label()) " · hurts " (barrier.severity) " of 5" }
            }
        }
    };
    list_section("barriers", &format!("{}'s barriers", table.name), table.barriers.len(), "None yet.", &items)
}

fn add_barrier_section(form_token: &str) -> Markup {
    html! {
        section #add aria-labelledby="add-title" {
            h2 #add-title { "Add a barrier" }
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
}

fn solutions_section(table: &TableView) -> Markup {
    let items = html! { @for text in &table.solutions { li { (text) } } };
    let heading = format!("{}'s solution ideas", table.name);
    list_section("solutions", &heading, table.solutions.len(), "None yet: add the first below.", &items)
}

fn add_solution_section(table: &TableView, form_token: &str) -> Markup {
    html! {
        section #add-solution aria-labelledby="add-solution-title" {
            h2 #add-solution-title { "Add a solution idea" }
            form method="post" action="/solutions" {
                input type="hidden" name="form_token" value=(form_token);
                label for="solution" { "What has worked, or might, to get past a barrier?" }
                textarea #solution name="text" rows="3" required maxlength=(BARRIER_MAX_CHARS) {}
                @if !table.barriers.is_empty() {
                    fieldset {
                        legend { "Which of your barriers does it answer?" }
                        @for barrier in &table.barriers {
                            div.choice {
                                input #(format!("answers{}", barrier.id)) type="checkbox" name=(format!("answers{}", barrier.id)) value="on";
                                label for=(format!("answers{}", barrier.id)) { (barrier.text) }
                            }
                        }
                    }
                }
                button type="submit" { "Add the idea" }
            }
        }
    }
}

/// The council's brief, for a table with no screen of its own to read it
/// on.
fn brief_section(view: &PageView) -> Markup {
    html! {
        @if let Some(brief) = &view.brief {
            section #brief aria-labelledby="brief-title" {
                h2 #brief-title { "The brief: " (brief.council) }
                @if !brief.setting.trim().is_empty() { p.meta { "When: " (brief.setting) } }
                @for (heading, text) in &brief.sections {
                    h3 { (heading) }
                    p { (text) }
                }
            }
        }
    }
}

/// The news the facilitator has fired, newest first, for the table to
/// answer in its plan.
fn news_section(view: &PageView) -> Markup {
    html! {
        @if !view.news.is_empty() {
            section #news aria-labelledby="news-title" data-live {
                h2 #news-title { "News" }
                @for (title, month, what, question) in &view.news {
                    article.news {
                        h3 { (title) " " span.meta { "(month " (month) " of the plan)" } }
                        @if !what.is_empty() { p { (what) } }
                        @if !question.is_empty() { p { strong { (question) } } }
                    }
                }
            }
        }
    }
}

fn actions_section(table: &TableView) -> Markup {
    let items = html! {
        @for action in &table.actions {
            li {
                span.text { (action.title) }
                @if !action.months.is_empty() { " " span.meta { (action.months) } }
            }
        }
    };
    let empty = "None yet: your table writes them on its screen.";
    list_section("actions", &format!("{}'s actions", table.name), table.actions.len(), empty, &items)
}

/// Every table's actions, with the person's own dots and the buttons that
/// give and take them back; the count only when the room may see it.
fn vote_section(page: &TablePage<'_>) -> Markup {
    let TablePage { view, table, person, form_token, .. } = *page;
    let voting = &view.voting;
    let mine = view.person(person);
    let left = view.dots_left(person);
    let per = usize::from(voting.per_person);
    // One form for every action: each button says what it does and to
    // which action, and the page stays light with sixty actions on it.
    html! {
        section #vote aria-labelledby="vote-title" data-live {
            h2 #vote-title { "Your dots" }
            p.dots-left {
                "You have " strong { (left) } " of " (plural(per, "dot")) " left to give"
                @if !voting.own_actions { ", for other tables' actions" }
                "."
            }
            @if voting.hidden {
                p.help {
                    "The count is hidden until the facilitator reveals it, so that early dots do not sway the rest. So far "
                    (plural(voting.given, "dot")) " from " (plural(voting.voters, "voter")) "."
                }
            }
            form method="post" action="/dots" {
                input type="hidden" name="form_token" value=(form_token);
                @for other in &view.tables {
                    h3 { (other.name) @if other.id == table.id { " (your table)" } }
                    @if other.actions.is_empty() {
                        p.meta { "No actions yet." }
                    } @else {
                        ol.items.votes {
                            @for action in &other.actions {
                                (vote_item(other.id, action, mine.dots_on(other.id, action.id), left, voting.own_actions || other.id != table.id))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What a dot's button sends: `give 2 5` gives a dot to action 5 of
/// group 2, `take 2 5` takes one back.
pub fn dot_value(give: bool, group: u32, action: u32) -> String {
    format!("{} {group} {action}", if give { "give" } else { "take" })
}

fn vote_item(group: u32, action: &super::view::ActionView, mine: usize, left: usize, may_vote: bool) -> Markup {
    let id = format!("a{group}-{}", action.id);
    html! {
        li {
            span.text #(id) { (action.title) }
            span.meta {
                @if !action.months.is_empty() { (action.months) }
                @if let Some(dots) = action.dots {
                    @if !action.months.is_empty() { " · " }
                    strong { (plural(dots, "dot")) } " in all"
                }
                @if may_vote {
                    @if !action.months.is_empty() || action.dots.is_some() { " · " }
                    "yours: " (mine)
                }
            }
            @if may_vote {
                span.dot {
                    button type="submit" name="dot" value=(dot_value(true, group, action.id)) disabled[left == 0] aria-describedby=(id) { "Give a dot" }
                    @if mine > 0 {
                        button.quiet type="submit" name="dot" value=(dot_value(false, group, action.id)) aria-describedby=(id) { "Take one back" }
                    }
                }
            }
        }
    }
}

/// The person's own answers to the closing questions and their rating.
fn close_section(page: &TablePage<'_>) -> Markup {
    let TablePage { view, person, form_token, .. } = *page;
    let mine = view.person(person);
    html! {
        section #close aria-labelledby="close-title" {
            h2 #close-title { "Your say" }
            p.help { "The facilitator sees what you write here, with your table's name and no other name." }
            form method="post" action="/close" {
                input type="hidden" name="form_token" value=(form_token);
                @for (i, question) in view.closing_questions.iter().enumerate() {
                    label for=(format!("answer{i}")) { (question) }
                    textarea #(format!("answer{i}")) name=(format!("answer{i}")) rows="3" maxlength=(ANSWER_MAX_CHARS) {
                        (mine.answers.get(i).map_or("", String::as_str))
                    }
                }
                fieldset.rating {
                    legend { "How was the session?" }
                    @for (n, words) in (1..=RATING_MAX).zip(RATING_WORDS) {
                        div.choice {
                            input #(format!("rating{n}")) type="radio" name="rating" value=(n) checked[mine.rating == Some(n)];
                            label for=(format!("rating{n}")) { (n) " · " (words) }
                        }
                    }
                }
                label for="comment" { "One line on the session (if you like)" }
                input #comment type="text" name="comment" maxlength=(COMMENT_MAX_CHARS) value=(mine.comment);
                button type="submit" { "Send" }
            }
        }
    }
}

/// What the page says while the facilitator has closed it; it looks
/// again every half minute.
pub fn closed(view: &PageView) -> Markup {
    let body = html! {
        main {
            h1 { "The page is closed for now" }
            p.lead { (view.title) }
            p { "The facilitator has closed the phones' page. Keep this page open: it looks again every half minute, and you will be back at your table when it opens." }
        }
    };
    shell_refreshing("Closed for now", &body, 30)
}

fn plural(n: usize, noun: &str) -> String {
    crate::domain::plural(n, noun)
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
    use crate::web::view::{ActionView, BarrierView, PersonView, StageView, VotingView};
    use std::collections::HashMap;

    fn view() -> PageView {
        PageView {
            version: 4,
            title: "Wexcombe <b>afternoon</b>".into(),
            stage: StageView {
                number: 3,
                count: 8,
                kind: Some(StageKind::Barriers),
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
                        id: 1,
                        text: "<script>alert(1)</script> & more".into(),
                        kind: BarrierKind::Organisational,
                        severity: 4,
                    }],
                    solutions: Vec::new(),
                    actions: vec![ActionView {
                        id: 3,
                        title: "Shared <i>data</i>".into(),
                        months: String::new(),
                        dots: None,
                    }],
                },
                TableView {
                    id: 2,
                    name: "Blue".into(),
                    short: "blue".into(),
                    barriers: Vec::new(),
                    solutions: Vec::new(),
                    actions: vec![ActionView {
                        id: 1,
                        title: "Joint fund".into(),
                        months: "months 1 to 6".into(),
                        dots: Some(4),
                    }],
                },
            ],
            closed: false,
            voting: VotingView { per_person: 2, own_actions: false, hidden: false, given: 4, voters: 2 },
            closing_questions: vec!["What will you do <first>?".into(), "Who else?".into()],
            brief: None,
            news: vec![("Budget cut".into(), 4, "The grant is halved.".into(), "What changes?".into())],
            people: HashMap::from([(
                7,
                PersonView {
                    dots: vec![(2, 1)],
                    answers: vec!["Ring Sam".into(), String::new()],
                    rating: Some(4),
                    comment: "Good".into(),
                },
            )]),
        }
    }

    fn page_at(view: &PageView, kind: StageKind) -> String {
        let mut view = view.clone();
        view.stage.kind = Some(kind);
        table(&TablePage { view: &view, table: &view.tables[0], person: 7, form_token: "t0k", notice: None, now: 0 })
            .into_string()
    }

    #[test]
    fn at_report_back_a_person_sees_their_own_dots_and_the_count_only_when_revealed() {
        let mut view = view();
        let page = page_at(&view, StageKind::ReportBack);
        assert!(page.contains("You have <strong>1</strong> of 2 dots left"), "{page}");
        assert!(page.contains("4 dots</strong> in all · yours: 1"), "{page}");
        assert!(page.contains(r#"name="dot" value="give 2 1""#) && page.contains(r#"name="dot" value="take 2 1""#));
        assert!(page.contains("Shared &lt;i&gt;data&lt;/i&gt;"), "own table's actions listed: {page}");
        assert_eq!(page.matches(r#"action="/dots""#).count(), 1, "one form for every action");
        assert_eq!(page.matches(r#"value="give "#).count(), 1, "not for the own table's action");
        view.voting.hidden = true;
        view.tables[1].actions[0].dots = None;
        let page = page_at(&view, StageKind::ReportBack);
        assert!(!page.contains("in all"), "{page}");
        assert!(page.contains("The count is hidden until the facilitator reveals it"), "{page}");
        assert!(page.contains("So far 4 dots from 2 voters"), "{page}");
    }

    #[test]
    fn at_the_close_a_person_finds_their_own_answers_and_rating_to_change() {
        let page = page_at(&view(), StageKind::Close);
        assert!(page.contains(r#"<label for="answer0">What will you do &lt;first&gt;?</label>"#), "{page}");
        assert!(page.contains(">Ring Sam</textarea>"), "{page}");
        assert!(page.contains(r#"id="rating4" type="radio" name="rating" value="4" checked"#), "{page}");
        assert!(page.contains(r#"value="Good""#), "{page}");
        for id in ["answer0", "answer1", "rating1", "rating5", "comment"] {
            assert!(page.contains(&format!("for=\"{id}\"")), "a label for {id}");
        }
        // Someone new finds it blank.
        let mut view = view();
        view.people.clear();
        let page = page_at(&view, StageKind::Close);
        assert!(!page.contains("checked") && !page.contains("Ring Sam"), "{page}");
    }

    #[test]
    fn each_stage_offers_what_it_asks_of_a_person() {
        let view = view();
        assert!(page_at(&view, StageKind::Barriers).contains(r#"action="/barriers""#));
        let solutions = page_at(&view, StageKind::Solutions);
        assert!(solutions.contains(r#"action="/solutions""#) && !solutions.contains(r#"action="/barriers""#));
        assert!(solutions.contains("Red's barriers (1)"), "the barriers to answer: {solutions}");
        assert!(solutions.contains(r#"<label for="answers1">"#), "each barrier to tick: {solutions}");
        let welcome = page_at(&view, StageKind::Welcome);
        assert!(!welcome.contains("<textarea"), "{welcome}");
        let actions = page_at(&view, StageKind::Actions);
        assert!(actions.contains("Red's actions (1)"), "{actions}");
        assert!(actions.contains("Budget cut") && actions.contains("What changes?"), "the news: {actions}");
        let closed = closed(&view).into_string();
        assert!(closed.contains(r#"http-equiv="refresh""#) && !closed.contains("<form"), "{closed}");
    }

    #[test]
    fn what_a_table_typed_is_escaped_never_markup() {
        let page = page_at(&view(), StageKind::Barriers);
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"), "{page}");
        assert!(page.contains("Wexcombe &lt;b&gt;afternoon&lt;/b&gt;"));
        assert!(page.contains("organisational · hurts 4 of 5"));
    }

    #[test]
    fn every_form_field_has_a_label_and_every_form_the_persons_token() {
        let page = page_at(&view(), StageKind::Barriers);
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
