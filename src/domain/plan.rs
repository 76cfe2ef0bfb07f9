//! The five-actions plan: the rules an action must keep, and the friendly
//! warnings a group sees while it writes.

use super::scenario::ExerciseRules;
use super::session::{Action, LeadSide};

/// A rule an action breaks. These are shown as warnings, never as blockers:
/// a group mid-discussion must be able to leave a field half done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionProblem {
    NoTitle,
    MonthOutOfRange { field: &'static str, month: u8, horizon: u8 },
    EndsBeforeStart { start: u8, end: u8 },
    NoMonths,
    NoLead,
    NoFirstStep,
    NoSuccessMeasure,
}

impl std::fmt::Display for ActionProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ActionProblem::NoTitle => write!(f, "give the action a title"),
            ActionProblem::MonthOutOfRange { field, month, horizon } => {
                write!(f, "{field} month {month} is outside 0 to {horizon}")
            }
            ActionProblem::EndsBeforeStart { start, end } => {
                write!(f, "ends in month {end}, before it starts in month {start}")
            }
            ActionProblem::NoMonths => write!(f, "set a start and an end month"),
            ActionProblem::NoLead => write!(f, "say who leads"),
            ActionProblem::NoFirstStep => write!(f, "name a first step for the next 30 days"),
            ActionProblem::NoSuccessMeasure => write!(f, "say how success will be seen"),
        }
    }
}

/// Everything worth telling the group about one action.
pub fn check_action(action: &Action, rules: &ExerciseRules) -> Vec<ActionProblem> {
    let mut problems = Vec::new();
    let horizon = rules.horizon_months;
    if action.title.trim().is_empty() {
        problems.push(ActionProblem::NoTitle);
    }
    for (field, month) in [("start", action.start_month), ("end", action.end_month)] {
        if let Some(month) = month
            && month > horizon
        {
            problems.push(ActionProblem::MonthOutOfRange { field, month, horizon });
        }
    }
    match (action.start_month, action.end_month) {
        (Some(start), Some(end)) if end < start => {
            problems.push(ActionProblem::EndsBeforeStart { start, end });
        }
        (None, _) | (_, None) => problems.push(ActionProblem::NoMonths),
        _ => {}
    }
    if action.lead == LeadSide::Unset {
        problems.push(ActionProblem::NoLead);
    }
    if action.first_step.trim().is_empty() {
        problems.push(ActionProblem::NoFirstStep);
    }
    if action.success.trim().is_empty() {
        problems.push(ActionProblem::NoSuccessMeasure);
    }
    problems
}

/// True when a month value may be stored at all.
pub fn month_in_range(month: u8, rules: &ExerciseRules) -> bool {
    month <= rules.horizon_months
}

/// "3 of 5", the count the actions screen shows.
pub fn progress_label(actions: usize, rules: &ExerciseRules) -> String {
    format!("{actions} of {}", rules.actions)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: ExerciseRules = ExerciseRules { actions: 5, horizon_months: 18 };

    fn complete() -> Action {
        Action {
            id: 1,
            title: "Map the local sector".into(),
            what: "Survey every group".into(),
            lead: LeadSide::Jointly,
            lead_role: "Head of policy".into(),
            areas: vec!["knowledge".into()],
            barriers: vec![1],
            start_month: Some(0),
            end_month: Some(18),
            first_step: "Agree the survey".into(),
            success: "A published directory".into(),
        }
    }

    #[test]
    fn a_complete_action_has_no_problems() {
        assert!(check_action(&complete(), &RULES).is_empty());
    }

    #[test]
    fn months_past_the_horizon_are_reported() {
        let a = Action { start_month: Some(2), end_month: Some(19), ..complete() };
        assert_eq!(
            check_action(&a, &RULES),
            vec![ActionProblem::MonthOutOfRange { field: "end", month: 19, horizon: 18 }]
        );
    }

    #[test]
    fn ending_before_starting_is_reported() {
        let a = Action { start_month: Some(9), end_month: Some(3), ..complete() };
        assert_eq!(check_action(&a, &RULES), vec![ActionProblem::EndsBeforeStart { start: 9, end: 3 }]);
    }

    #[test]
    fn an_empty_action_lists_every_missing_field() {
        let problems = check_action(&Action::default(), &RULES);
        assert!(problems.contains(&ActionProblem::NoTitle));
        assert!(problems.contains(&ActionProblem::NoMonths));
        assert!(problems.contains(&ActionProblem::NoLead));
        assert!(problems.contains(&ActionProblem::NoFirstStep));
        assert!(problems.contains(&ActionProblem::NoSuccessMeasure));
    }

    #[test]
    fn month_limits_are_inclusive() {
        assert!(month_in_range(0, &RULES));
        assert!(month_in_range(18, &RULES));
        assert!(!month_in_range(19, &RULES));
        assert_eq!(progress_label(3, &RULES), "3 of 5");
    }
}
