//! Reports for sending after the workshop: Markdown, a self-contained
//! printable HTML page, and CSV of the actions. Every report is a pure
//! function of the session and the time zone its dates and times are shown
//! in, in a stable order, so the same session always gives the same report
//! there. [`file::write_report`] writes one through the store's atomic
//! write, and never over a file that is not a report.

pub mod csv;
pub mod file;
pub mod html;
pub mod markdown;
pub mod pack;

use crate::clock::TimeZone;
use crate::domain::room;
use crate::domain::session::{Action, FollowUp, Group, LeadSide, Session};

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Csv,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Html, Format::Csv];

    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Html => "HTML",
            Format::Csv => "CSV",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Csv => "csv",
        }
    }
}

/// Whether `existing` (a file's content) is a report of this format, and so
/// may be replaced by a new one. Anything else (a session, a scenario, a
/// document of the user's) is not a report and must not be written over.
pub fn is_report(existing: &[u8], format: Format) -> bool {
    let text = String::from_utf8_lossy(existing);
    match format {
        Format::Markdown => {
            let mut lines = text.lines();
            lines.next().is_some_and(|l| l.starts_with("# "))
                && text.contains("\n- **Scenario:** ")
                && text.contains("\n- **Date:** ")
        }
        Format::Html => {
            text.starts_with("<!DOCTYPE html>") && text.contains("<meta name=\"generator\" content=\"Roundtable\">")
        }
        Format::Csv => {
            text.strip_prefix(csv::BOM).is_some_and(|t| t.starts_with(&csv::HEADER[..csv::FIRST_COLUMNS].join(",")))
        }
    }
}

/// The report in `format`, its dates and times as read in `zone` (the
/// CSV has none).
pub fn render(session: &Session, format: Format, zone: &TimeZone) -> String {
    match format {
        Format::Markdown => markdown::render(session, zone),
        Format::Html => html::render(session, zone),
        Format::Csv => csv::render(session),
    }
}

/// "3–12", with "?" for a month not yet set.
/// Whether the session is one person's practice: the reports then leave
/// out what only a room has (the list of groups, the dot votes).
pub fn is_solo(session: &Session) -> bool {
    session.mode == crate::domain::session::Mode::Solo
}

/// What a follow-up row's first column names: a group, or the plan.
pub fn follow_up_owner(session: &Session) -> &'static str {
    if is_solo(session) { "Plan" } else { "Group" }
}

pub fn months(a: &Action) -> String {
    let m = |v: Option<u8>| v.map_or("?".to_string(), |m| m.to_string());
    format!("{}–{}", m(a.start_month), m(a.end_month))
}

/// "jointly (Head of policy)".
pub fn lead(a: &Action) -> String {
    lead_with(a, str::to_string)
}

/// "jointly (Head of policy)", with the role (the part a user wrote) passed
/// through `show`, so a format can escape it without escaping its own
/// brackets.
pub fn lead_with(a: &Action, show: impl Fn(&str) -> String) -> String {
    let side = if a.lead == LeadSide::Unset { "not decided" } else { a.lead.label() };
    if a.lead_role.trim().is_empty() { side.to_string() } else { format!("{side} ({})", show(a.lead_role.trim())) }
}

pub fn area_names(session: &Session, ids: &[String]) -> Vec<String> {
    ids.iter().map(|id| session.scenario.area_name(id).to_string()).collect()
}

/// The title of the idea card an item was started from: the card's, or
/// its id where the scenario no longer has it.
pub fn idea_title<'a>(session: &'a Session, idea: Option<&'a str>) -> Option<&'a str> {
    let id = idea?;
    Some(session.scenario.idea(id).map_or(id, |card| card.title.as_str()))
}

/// Each area of change, and whether any group placed an action in it, in
/// the scenario's order.
pub fn areas_chosen(session: &Session) -> Vec<(&crate::domain::scenario::Area, bool)> {
    session
        .scenario
        .areas
        .iter()
        .map(|area| (area, session.groups.iter().flat_map(|g| &g.actions).any(|a| a.areas.contains(&area.id))))
        .collect()
}

/// The texts of the barriers an action tackles.
pub fn tackles(group: &Group, a: &Action) -> Vec<String> {
    a.barriers.iter().filter_map(|id| group.barrier(*id)).map(|b| b.text.clone()).collect()
}

/// A group's answer to the news: its note and which of its actions it
/// touched, each piece made safe by `clean` for the report's format.
pub fn answer_text(
    group: &crate::domain::session::Group,
    answer: &crate::domain::session::InjectResponse,
    clean: impl Fn(&str) -> String,
) -> String {
    let touched: Vec<String> = group
        .actions
        .iter()
        .enumerate()
        .filter(|(_, a)| answer.actions.contains(&a.id))
        .map(|(n, a)| format!("{}. {}", n + 1, clean(&a.title)))
        .collect();
    let note = if answer.note.is_empty() { "(no note)".to_string() } else { clean(&answer.note) };
    if touched.is_empty() { note } else { format!("{note} (changed: {})", touched.join("; ")) }
}

/// What the reports say under a table with a "15% test" column.
pub const FIFTEEN_PER_CENT_NOTE: &str = "15% test: Roundtable's own check, not a research finding. Can the action start with the authority and money the group already has, without waiting for anyone's permission?";

/// The answer to the "15% test".
pub fn within_reach(a: &Action) -> &'static str {
    match a.within_reach {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not answered",
    }
}

/// Whether anyone has recorded a follow-up review.
pub fn has_follow_up(session: &Session) -> bool {
    session.groups.iter().flat_map(|g| &g.actions).any(|a| a.status != FollowUp::NotReviewed)
}

pub fn votes(session: &Session, group: &Group, a: &Action) -> usize {
    room::votes_for(&session.votes, group.id, a.id)
}

/// The dot votes as the reports show them: every action with a dot, most
/// dots first (ties in the order of the groups and their plans).
pub fn vote_tally(session: &Session) -> Vec<(usize, &Group, &Action)> {
    let mut tally: Vec<(usize, &Group, &Action)> = session
        .groups
        .iter()
        .flat_map(|g| g.actions.iter().map(move |a| (votes(session, g, a), g, a)))
        .filter(|(n, _, _)| *n > 0)
        .collect();
    tally.sort_by_key(|t| std::cmp::Reverse(t.0));
    tally
}

/// The sentence above the tally: how many dots, and whether a group could
/// vote for its own actions.
pub fn voting_rules(session: &Session) -> String {
    let rules = session.voting;
    let own = if rules.own_actions { "allowed" } else { "not allowed" };
    let dots = crate::domain::plural(usize::from(rules.per_group), "dot");
    let phones: Vec<_> = session.votes.iter().filter(|v| v.person.is_some()).copied().collect();
    if phones.is_empty() {
        return format!("Each group had {dots}; voting for its own actions was {own}.");
    }
    let (given, people) = crate::domain::room::dots_given(&phones);
    let people = crate::domain::people(people);
    format!(
        "Each group had {dots}, and so did each person on a phone; voting for one's own group's actions was {own}. {} were given on phones, by {people}.",
        crate::domain::plural(given, "dot")
    )
}

/// What people said on their phones at the close, for the reports.
#[derive(Debug, Clone, PartialEq)]
pub struct PhoneFeedback<'a> {
    pub ratings: crate::domain::session::Ratings,
    /// Each closing question someone answered, with (table, answer).
    pub answers: Vec<(&'a str, Vec<(String, &'a str)>)>,
    /// The lines on the session, each with its table.
    pub comments: Vec<(String, &'a str)>,
}

/// What people said on their phones, if anyone said anything.
pub fn phone_feedback(session: &Session) -> Option<PhoneFeedback<'_>> {
    if session.feedback.is_empty() {
        return None;
    }
    let name = |id: u32| session.group_by_id(id).map_or_else(|| "A removed group".to_string(), |g| g.name.clone());
    let answers = session
        .scenario
        .closing_questions
        .iter()
        .map(|q| (q.as_str(), session.phone_answers(q).into_iter().map(|(g, a)| (name(g), a)).collect::<Vec<_>>()))
        .filter(|(_, answers)| !answers.is_empty())
        .collect();
    let comments = session
        .feedback
        .iter()
        .filter(|f| !f.comment.is_empty())
        .map(|f| (name(f.group), f.comment.as_str()))
        .collect();
    Some(PhoneFeedback { ratings: crate::domain::session::Ratings::of(&session.feedback), answers, comments })
}

/// One stage's row in the reports' table of time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageMinutes {
    pub title: String,
    /// As planned on the stage's timer (adjusted live, restored by a reset).
    pub planned: u32,
    /// While the session was on the stage with Roundtable open.
    pub on_stage: u64,
    /// While the stage's timer ran, resets included.
    pub timed: u64,
}

/// Planned and actual minutes per stage, as counted into the session up to
/// its last save (the app counts the time up to now before it exports).
pub fn stage_minutes(session: &Session) -> Vec<StageMinutes> {
    session
        .scenario
        .stages
        .iter()
        .zip(&session.timers)
        .zip(&session.stage_time)
        .map(|((stage, timer), time)| StageMinutes {
            title: stage.title.clone(),
            planned: timer.planned_secs / 60,
            on_stage: room::minutes(time.open_secs),
            timed: room::minutes(time.timed_secs(timer)),
        })
        .collect()
}

/// A sample session with several groups, used by the report tests and
/// the benchmarks.
pub fn sample_session() -> Session {
    use crate::domain::room::{FiredInject, Vote};
    use crate::domain::scenario::BarrierKind;
    use crate::domain::session::{Barrier, Mode, Solution};
    let scenario = crate::scenarios::built_in_default();
    let mut session = Session::new(
        "Wexcombe workshop, 24 November",
        scenario,
        Mode::Room,
        &["Red table".into(), "Blue table".into(), "Green table".into()],
        1_795_500_000,
    );
    let areas: Vec<String> = session.scenario.areas.iter().map(|a| a.id.clone()).collect();
    for (gi, group) in session.groups.iter_mut().enumerate() {
        group.members = vec![format!("Member {}a", gi + 1), format!("Member {}b", gi + 1)];
        if gi == 0 {
            group.hold_role("leader", "Member 1a");
            group.hold_role("vcs-chief", "Member 1b");
        }
        let trust = group.add_barrier(Barrier {
            text: "Low trust and understanding".into(),
            kind: BarrierKind::Environmental,
            severity: 5,
            story: "The day-care tender went to a national provider.".into(),
            card: Some("trust".into()),
            ..Barrier::default()
        });
        let data = group.add_barrier(Barrier {
            text: format!("No data on the local sector ({})", gi + 1),
            kind: BarrierKind::Organisational,
            severity: 3,
            ..Barrier::default()
        });
        group.add_solution(Solution {
            text: "A named officer for every local group".into(),
            barriers: vec![trust],
            areas: vec![areas[1].clone()],
            idea: (gi == 0).then(|| "behaviours".into()),
            ..Solution::default()
        });
        for n in 0..5u8 {
            group.add_action(Action {
                title: format!("Action {} of group {}", n + 1, gi + 1),
                what: "Work with Wexcombe Voluntary Action".into(),
                lead: LeadSide::ALL[usize::from(n % 3) + 1],
                lead_role: "Head of policy".into(),
                areas: vec![areas[usize::from(n) % areas.len()].clone()],
                barriers: if n == 0 { vec![trust, data] } else { vec![] },
                start_month: Some(n * 3),
                end_month: Some((n * 3 + 6).min(18)),
                first_step: "Call the chief officer".into(),
                success: "Three services use it".into(),
                within_reach: Some(n != 4),
                status: if gi == 0 { FollowUp::ALL[usize::from(n) % 5] } else { FollowUp::NotReviewed },
                status_note: if gi == 0 && n == 2 { "Two meetings held".into() } else { String::new() },
                idea: (gi == 1 && n == 0).then(|| "demonstration".into()),
                ..Action::default()
            });
        }
    }
    let ids: Vec<(u32, u32)> = session.groups.iter().map(|g| (g.id, g.actions[0].id)).collect();
    session.votes = vec![
        Vote { from: ids[0].0, group: ids[1].0, action: ids[1].1, person: None },
        Vote { from: ids[2].0, group: ids[1].0, action: ids[1].1, person: None },
        Vote { from: ids[1].0, group: ids[0].0, action: ids[0].1, person: None },
    ];
    session.injects.push(FiredInject {
        title: "A mid-year budget cut".into(),
        month: 4,
        what: "The council must find a further £4m.".into(),
        question: "Which action survives?".into(),
        fired_at: 1_795_503_600,
        stage: 5,
    });
    for (i, t) in session.timers.iter_mut().enumerate() {
        t.elapsed_secs = t.planned_secs + (i as u32 % 3) * 60;
    }
    for (i, time) in session.stage_time.iter_mut().enumerate() {
        time.open_secs = u64::from(session.timers[i].planned_secs) + 300;
        time.reset_secs = if i == 5 { 240 } else { 0 };
    }
    session.stage = 7;
    session
}
