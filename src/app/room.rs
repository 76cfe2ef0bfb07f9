//! The facilitator's side of the state machine: timers, injects, groups,
//! the projector view and the report-back stage's views and dot votes.

use crate::clock;
use crate::domain::change::Change;
use crate::domain::room::{self, FiredInject, Vote, VotingRules};
use crate::domain::{and_list, plural};
use crate::forms::{Form, Target};
use crate::keys::Context;
use crate::message::Message;

use super::{Level, Overlay, ReportView, ScreenMut};

impl ScreenMut<'_> {
    /// Handles the room's actions on any stage. Returns true when handled.
    pub(super) fn update_room(&mut self, action: Message, context: Context) -> bool {
        if context == Context::ReportBack && self.update_report(action) {
            return true;
        }
        let now = self.work.now();
        let Some(open) = &self.work.open else { return false };
        // The timer keys work the clock the header shows: the room's.
        let stage = open.session.clock_stage();
        let minutes = open.session.scenario.stage(stage).map_or(1, |s| s.minutes);
        if action == Message::TimerReset {
            // Resetting the first stage's clock starts the afternoon's count
            // again: a facilitator may have tried the clock before the day.
            if stage == 0 && open.session.room_time != crate::domain::room::RoomTime::default() {
                self.change(Change::RoomTime(crate::domain::room::RoomTime::default()));
            }
            if self.change(Change::ResetTimer { stage, now }).is_some() {
                self.work.rung_for = None;
                self.say(Level::Info, format!("Timer reset to {}.", plural(usize::from(minutes), "minute")));
            }
            return true;
        }
        let Some(mut timer) = open.session.timer().cloned() else { return false };
        match action {
            Message::TimerToggle | Message::TimerPlus | Message::TimerMinus => {
                match action {
                    Message::TimerToggle => timer.toggle(now),
                    Message::TimerPlus => timer.add_minute(),
                    _ => timer.take_minute(),
                }
                let running = timer.is_running();
                if running {
                    self.start_the_afternoon();
                }
                let Some(open) = &self.work.open else { return true };
                // The room has one clock: starting a stage's stops any
                // other still running.
                if running {
                    let others: Vec<_> = open
                        .session
                        .timers
                        .iter()
                        .enumerate()
                        .filter(|(s, t)| *s != stage && t.is_running())
                        .map(|(s, t)| {
                            let mut t = t.clone();
                            t.pause(now);
                            Change::Timer { stage: s, timer: t }
                        })
                        .collect();
                    for change in others {
                        self.change(change);
                    }
                }
                if self.change(Change::Timer { stage, timer }).is_some() && action == Message::TimerToggle {
                    self.say(Level::Info, format!("Timer {}.", if running { "running" } else { "paused" }));
                }
            }
            Message::ToggleBell => {
                self.work.bell = !self.work.bell;
                let state = if self.work.bell { "on" } else { "off" };
                self.say(Level::Info, format!("Bell when time is up: {state}."));
            }
            Message::ToggleProjector => {
                // The projector opens at the top of the stage, on a scroll
                // of its own; the facilitator's screen comes back where it was.
                let view = &mut self.state.view;
                self.state.projector = !self.state.projector;
                if self.state.projector {
                    view.scroll_aside = std::mem::take(&mut view.scroll);
                } else {
                    view.scroll = std::mem::take(&mut view.scroll_aside);
                }
            }
            Message::ToggleBreak => self.toggle_break(),
            Message::ShowPlan | Message::ShowTables => {
                let selected = self.work.session().map_or(0, |s| self.state.view.group_index(s));
                self.state.overlay = Some(Overlay::Afternoon { tables: action == Message::ShowTables, selected });
            }
            Message::FireInject => self.state.overlay = Some(Overlay::Injects { selected: 0 }),
            Message::FollowUp => self.state.overlay = Some(Overlay::FollowUp { selected: 0 }),
            Message::ManageGroups
                if self.work.open.as_ref().is_some_and(|o| matches!(o.link, super::Link::Group(_))) =>
            {
                self.say(Level::Info, "This laptop works for one group; the facilitator manages the groups.");
            }
            Message::ManageGroups => {
                let Some(session) = self.work.session() else { return true };
                self.state.overlay = Some(Overlay::Groups { selected: self.state.view.group_index(session) });
            }
            _ => return false,
        }
        true
    }

    pub(super) fn update_injects(&mut self, action: Message) {
        let Some(Overlay::Injects { selected }) = self.state.overlay else { return };
        let Some(open) = &self.work.open else { return };
        // The last row is "write your own".
        let rows = open.session.scenario.injects.len() + 1;
        match action {
            Message::Up => self.state.overlay = Some(Overlay::Injects { selected: selected.saturating_sub(1) }),
            Message::Down => self.state.overlay = Some(Overlay::Injects { selected: (selected + 1).min(rows - 1) }),
            Message::Back => self.state.overlay = None,
            Message::Add => {
                self.state.overlay = None;
                self.state.form = Some(Form::custom_inject(open.session.scenario.rules.horizon_months));
            }
            Message::Select => {
                self.state.overlay = None;
                match open.session.scenario.injects.get(selected).cloned() {
                    Some(inject) => {
                        let fired = FiredInject::from_scenario(
                            &inject,
                            self.work.fake_now.unwrap_or_else(clock::now_unix),
                            open.session.stage,
                        );
                        self.fire(fired);
                    }
                    None => self.state.form = Some(Form::custom_inject(open.session.scenario.rules.horizon_months)),
                }
            }
            _ => {}
        }
    }

    pub(super) fn fire_custom_inject(&mut self, form: &Form) {
        let (title, month, what, question) = form.inject_values();
        if title.is_empty() {
            self.say(Level::Info, "The inject had no headline, so it was not fired.");
            return;
        }
        let Some(open) = &self.work.open else { return };
        let fired = FiredInject { title, month, what, question, fired_at: self.work.now(), stage: open.session.stage };
        self.fire(fired);
    }

    fn fire(&mut self, inject: FiredInject) {
        let title = inject.title.clone();
        if self.change(Change::FireInject(inject)).is_none() {
            return;
        }
        self.say(Level::Warning, format!("Inject fired: {title}. Every group sees it on the actions stage."));
    }

    pub(super) fn update_groups(&mut self, action: Message) {
        let Some(Overlay::Groups { selected }) = self.state.overlay else { return };
        let Some(open) = &self.work.open else { return };
        let count = open.session.groups.len();
        let selected = selected.min(count - 1);
        match action {
            Message::ToggleOpenGroups | Message::NewRoomCode => self.update_served(action),
            Message::TogglePhones => self.toggle_phones(),
            Message::Up => self.state.overlay = Some(Overlay::Groups { selected: selected.saturating_sub(1) }),
            Message::Down => self.state.overlay = Some(Overlay::Groups { selected: (selected + 1).min(count - 1) }),
            Message::Back => self.state.overlay = None,
            Message::Select => {
                self.change(Change::ChooseGroup(selected));
                self.state.view.for_another_group();
                self.state.overlay = None;
                let Some(session) = self.work.session() else { return };
                let name = self.state.view.group(session).name.clone();
                self.say(Level::Info, format!("Now working on: {name}"));
            }
            Message::Add => {
                self.state.overlay = None;
                if let Some(added) = self.change(Change::AddGroup { id: 0, name: String::new() })
                    && let Change::AddGroup { id, name } = added.change
                {
                    self.state.form = Some(Form::group_name(id, &name));
                }
            }
            Message::Rename | Message::Edit => {
                let group = &open.session.groups[selected];
                self.state.overlay = None;
                self.state.form = Some(Form::group_name(group.id, &group.name));
            }
            Message::Delete if count <= 1 => {
                self.say(Level::Warning, "A session needs at least one group.");
            }
            Message::Delete => {
                self.state.overlay = Some(Overlay::ConfirmDelete(Target::GroupName(open.session.groups[selected].id)));
            }
            _ => {}
        }
    }

    /// The report-back stage's own keys. Returns true when handled.
    fn update_report(&mut self, action: Message) -> bool {
        let Some(open) = &self.work.open else { return false };
        let view = &mut self.state.view;
        let groups = &open.session.groups;
        match action {
            Message::NextPage => {
                view.report = view.report.next(open.session.mode);
                view.scroll = 0;
                true
            }
            Message::Left | Message::Right if view.report == ReportView::OneGroup => {
                let last = groups.len().saturating_sub(1);
                let shown = view.report_group.min(last);
                view.report_group =
                    if action == Message::Left { shown.saturating_sub(1) } else { (shown + 1).min(last) };
                view.scroll = 0;
                true
            }
            Message::MoreDots => {
                let session = &open.session;
                let rules = VotingRules { per_group: session.voting.per_group % 9 + 1, ..session.voting };
                let n = rules.per_group;
                // Fewer dots than a group has given: the latest go back.
                let mut votes = session.votes.clone();
                let taken = room::take_back_excess(&mut votes, rules);
                // A table's own dots by its name; people's on phones together.
                let mut took: Vec<String> = taken
                    .iter()
                    .filter(|t| t.from.person.is_none())
                    .map(|t| {
                        let name = session.group_by_id(t.from.group).map_or("a removed group", |g| g.name.as_str());
                        format!("{} of {name}'s dots", t.dots)
                    })
                    .collect();
                let from_phones: usize = taken.iter().filter(|t| t.from.person.is_some()).map(|t| t.dots).sum();
                if from_phones > 0 {
                    took.push(format!("{} given on phones", plural(from_phones, "dot")));
                }
                if self.change(Change::Voting(rules)).is_none() {
                    return true;
                }
                let text = if took.is_empty() {
                    format!("Dots per group now {n}: each group has {} to give.", plural(usize::from(n), "dot"))
                } else {
                    format!("Dots per group now {n}: took back {}.", and_list(&took))
                };
                self.say(Level::Info, text);
                true
            }
            Message::RevealVotes => {
                let hide = !open.session.votes_hidden;
                if self.change(Change::HideVotes(hide)).is_some() {
                    let text = if hide {
                        "The dots are hidden: the room sees how many are given, not where, until you reveal them."
                    } else {
                        "The dots are revealed: every screen and phone shows the count."
                    };
                    self.say(Level::Info, text);
                }
                true
            }
            Message::ToggleOwnVotes => {
                let rules = VotingRules { own_actions: !open.session.voting.own_actions, ..open.session.voting };
                if self.change(Change::Voting(rules)).is_some() {
                    let state = if rules.own_actions { "may" } else { "may not" };
                    self.say(Level::Info, format!("A group {state} vote for its own actions."));
                }
                true
            }
            Message::Up | Message::Down | Message::Left | Message::Right if view.report == ReportView::SideBySide => {
                let (mut g, mut a) = view.vote_cursor;
                match action {
                    Message::Left => g = g.saturating_sub(1),
                    Message::Right => g = (g + 1).min(groups.len() - 1),
                    Message::Up => a = a.saturating_sub(1),
                    _ => a += 1,
                }
                let actions = groups.get(g).map_or(0, |gr| gr.actions.len());
                view.vote_cursor = (g, a.min(actions.saturating_sub(1)));
                true
            }
            Message::Vote | Message::Unvote if view.report == ReportView::SideBySide => {
                let (g, a) = view.vote_cursor;
                let Some(target) = groups.get(g) else { return true };
                let Some(act) = target.actions.get(a) else {
                    self.say(Level::Info, "That group has no actions to vote for.");
                    return true;
                };
                let voter = self.state.view.group(&open.session);
                let vote = Vote { from: voter.id, group: target.id, action: act.id, person: None };
                let voter_name = voter.name.clone();
                if action == Message::Vote {
                    let by = self.look().actor();
                    match self.work.apply(by, Change::GiveDot(vote)) {
                        Ok(applied) => {
                            self.state.history.record(&applied);
                            let Some(session) = self.work.session() else { return true };
                            let left = room::dots_left(&session.votes, session.voting, vote.voter());
                            self.say(Level::Info, format!("{voter_name} has {} left.", plural(left, "dot")));
                        }
                        Err(refused) => self.say(Level::Warning, format!("{voter_name}: {refused}.")),
                    }
                } else if !open.session.votes.contains(&vote) {
                    self.say(Level::Info, format!("{voter_name} has no dot on that action."));
                } else {
                    self.change(Change::TakeDot(vote));
                }
                true
            }
            _ => false,
        }
    }

    /// The served room's door: whether new names start groups, and the code
    /// (one code for SSH and the phones' page alike).
    fn update_served(&mut self, action: Message) {
        if action == Message::NewRoomCode {
            let ssh = self.work.served.as_ref().map(|s| &s.code);
            let Some(door) = ssh.or(self.work.phones.as_ref().map(|p| &p.code)) else {
                return self.say(
                    Level::Info,
                    "This room is not served: start it with --serve PORT (SSH) or --web PORT (phones) for a code.",
                );
            };
            let code = crate::serve::RoomCode::generate().get();
            door.set(code.clone());
            return self.say(Level::Info, format!("New room code: {code}. Tables and phones already in stay in."));
        }
        let Some(served) = &mut self.work.served else {
            return self
                .say(Level::Info, "This room is not served: start it with --serve PORT for tables to join over SSH.");
        };
        served.open_groups = !served.open_groups;
        let text = if served.open_groups {
            "A table that joins with a new name now starts a group of that name."
        } else {
            "Tables can now join only the room's groups."
        };
        self.say(Level::Info, text);
    }
}
