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

/// "3 of 5", the count the actions screen shows.
pub fn progress_label(actions: usize, rules: &ExerciseRules) -> String {
    format!("{actions} of {}", rules.actions)
}

/// A warning about the plan as a whole. Friendly, never a blocker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanWarning {
    /// Action number (1-based) that tackles none of the group's barriers.
    TacklesNothing(usize),
    /// Every action is led by the council alone.
    AllCouncilLed,
    /// No action starts in the first three months.
    NoEarlyStart,
    /// Action number whose "15% test" answer is no.
    OutOfReach(usize),
    /// Action number whose "15% test" has not been answered.
    ReachUnanswered(usize),
}

impl std::fmt::Display for PlanWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanWarning::TacklesNothing(n) => write!(f, "action {n} does not tackle any of your barriers"),
            PlanWarning::AllCouncilLed => {
                write!(
                    f,
                    "every action is led by the council alone: what real part does the third sector play in each?"
                )
            }
            PlanWarning::NoEarlyStart => write!(f, "nothing starts in the first three months: add a quick start"),
            PlanWarning::OutOfReach(n) => {
                write!(f, "action {n} fails the 15% test: it needs authority or money not yet in hand")
            }
            PlanWarning::ReachUnanswered(n) => {
                write!(f, "action {n}: answer the 15% test (can it start with the means you have now?)")
            }
        }
    }
}

/// The first three months count as an early start.
pub const EARLY_START_MONTHS: u8 = 3;

/// Warnings about the plan as a whole, in the order a group should see them.
pub fn check_plan(actions: &[Action]) -> Vec<PlanWarning> {
    let mut out = Vec::new();
    if actions.is_empty() {
        return out;
    }
    for (i, a) in actions.iter().enumerate() {
        if a.barriers.is_empty() {
            out.push(PlanWarning::TacklesNothing(i + 1));
        }
    }
    if actions.iter().all(|a| a.lead == LeadSide::Council) {
        out.push(PlanWarning::AllCouncilLed);
    }
    if !actions.iter().any(|a| a.start_month.is_some_and(|m| m < EARLY_START_MONTHS)) {
        out.push(PlanWarning::NoEarlyStart);
    }
    for (i, a) in actions.iter().enumerate() {
        match a.within_reach {
            Some(false) => out.push(PlanWarning::OutOfReach(i + 1)),
            None => out.push(PlanWarning::ReachUnanswered(i + 1)),
            Some(true) => {}
        }
    }
    out
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
            within_reach: Some(true),
            ..Action::default()
        }
    }

    #[test]
    fn plan_warnings_name_the_actions_concerned() {
        assert!(check_plan(&[]).is_empty(), "no actions, no plan warnings");
        let good = complete();
        assert!(check_plan(&[good.clone(), good.clone()]).is_empty());
        let late = Action { start_month: Some(6), end_month: Some(18), ..good.clone() };
        let council = Action { lead: LeadSide::Council, ..late.clone() };
        let loose = Action { barriers: vec![], within_reach: None, ..council.clone() };
        let far = Action { within_reach: Some(false), ..council.clone() };
        assert_eq!(
            check_plan(&[council.clone(), loose, far]),
            vec![
                PlanWarning::TacklesNothing(2),
                PlanWarning::AllCouncilLed,
                PlanWarning::NoEarlyStart,
                PlanWarning::ReachUnanswered(2),
                PlanWarning::OutOfReach(3),
            ]
        );
        // Five identical actions: each warning once for the plan, once per action.
        let five = vec![loose_copy(); 5];
        let warnings = check_plan(&five);
        assert_eq!(warnings.iter().filter(|w| matches!(w, PlanWarning::TacklesNothing(_))).count(), 5);
        assert_eq!(warnings.iter().filter(|w| **w == PlanWarning::AllCouncilLed).count(), 1);
    }

    fn loose_copy() -> Action {
        Action { barriers: vec![], lead: LeadSide::Council, within_reach: Some(true), ..complete() }
    }

    #[test]
    fn months_at_zero_count_as_an_early_start() {
        let zero = Action { start_month: Some(0), end_month: Some(0), ..complete() };
        assert!(!check_plan(&[zero]).contains(&PlanWarning::NoEarlyStart));
        let eighteen = Action { start_month: Some(18), end_month: Some(18), ..complete() };
        assert!(check_plan(std::slice::from_ref(&eighteen)).contains(&PlanWarning::NoEarlyStart));
        assert!(check_action(&eighteen, &RULES).is_empty(), "month 18 is inside the horizon");
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
        let at = |start, end| Action { start_month: Some(start), end_month: Some(end), ..complete() };
        assert!(check_action(&at(0, 18), &RULES).is_empty());
        assert!(!check_action(&at(0, 19), &RULES).is_empty());
        assert_eq!(progress_label(3, &RULES), "3 of 5");
    }
}
