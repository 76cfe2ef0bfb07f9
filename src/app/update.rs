//! The update path: what each message does to the session and to the
//! screen it came from. Every screen's input comes through here; see
//! [`super::screen::ScreenMut`].

use crate::domain::change::{Change, Field, Item, ItemKind, ItemRef, quoted};
use crate::domain::scenario::BarrierKind;
use crate::domain::session::{Action as PlanAction, Barrier, Solution};
use crate::forms::{Form, Target};
use crate::keys::Context;
use crate::message::Message;

use super::RunState;
use super::effects::Effect;
use super::screen::{Level, Overlay, Pick, Role, ScreenMut};

impl ScreenMut<'_> {
    pub(super) fn update_help(&mut self, action: Message) {
        self.measured();
        let limit = self.state.measured.help_scroll.unwrap_or(usize::MAX);
        let page = self.state.measured.help_page.unwrap_or(10);
        let scroll = &mut self.state.view.help_scroll;
        match action {
            Message::Back | Message::ToggleHelp => {
                self.state.overlay = None;
                *scroll = 0;
            }
            Message::Up => *scroll = (*scroll).min(limit).saturating_sub(1),
            Message::Down => *scroll = scroll.saturating_add(1).min(limit),
            Message::PageUp => *scroll = (*scroll).min(limit).saturating_sub(page),
            Message::PageDown => *scroll = scroll.saturating_add(page).min(limit),
            Message::First => *scroll = 0,
            Message::Last => *scroll = limit.min(usize::from(u16::MAX)),
            _ => {}
        }
    }

    pub(super) fn update_confirm(&mut self, action: Message) {
        let Some(Overlay::ConfirmDelete(target)) = self.state.overlay else {
            return;
        };
        match action {
            Message::ConfirmYes => {
                self.state.overlay = None;
                let Some(session) = self.work.session() else { return };
                if let Target::GroupName(id) = target {
                    let index = session.groups.iter().position(|g| g.id == id);
                    let group = index.map(|i| session.groups[i].clone());
                    self.state.overlay = Some(Overlay::Groups { selected: index.unwrap_or(0).saturating_sub(1) });
                    if let Some(group) = group
                        && self.change(Change::RemoveGroup { group: id }).is_some()
                    {
                        self.say(Level::Info, format!("Removed the group \"{}\" and its work.", group.name));
                        self.effect(Effect::RetireGroupFile(group));
                    }
                    return;
                }
                let group = self.state.view.group(session).id;
                let Some(item) = target.item(group) else { return };
                let noun = item.kind.noun();
                let name = session.item(item).map(|i| i.name().to_string()).unwrap_or_default();
                if self.change(Change::Delete { item }).is_some() {
                    self.clamp_selection();
                    self.say(Level::Info, format!("Deleted the {noun} {}.", quoted(&name)));
                }
            }
            Message::ConfirmNo => self.state.overlay = None,
            _ => {}
        }
    }

    pub(super) fn update_deck(&mut self, action: Message) {
        let Some(Overlay::Deck { selected }) = self.state.overlay else {
            return;
        };
        let Some(open) = &self.work.open else { return };
        let deck_len = open.session.scenario.barrier_deck.len();
        match action {
            Message::Up => self.state.overlay = Some(Overlay::Deck { selected: selected.saturating_sub(1) }),
            Message::Down => {
                self.state.overlay = Some(Overlay::Deck { selected: (selected + 1).min(deck_len.saturating_sub(1)) });
            }
            Message::Back => self.state.overlay = None,
            Message::Select => self.try_pick(Pick::Barrier, selected),
            _ => {}
        }
    }

    pub(super) fn update_ideas(&mut self, action: Message) {
        let Some(Overlay::Ideas { selected, pick, scroll }) = self.state.overlay else {
            return;
        };
        let Some(open) = &self.work.open else { return };
        let last = open.session.scenario.idea_cards.len().saturating_sub(1);
        // Measured as the card is drawn, so scrolling stops at its end.
        self.measured();
        let limit = self.state.measured.ideas_scroll.unwrap_or(usize::MAX);
        let choose = |selected: usize| Some(Overlay::Ideas { selected, pick, scroll: 0 });
        self.state.overlay = match action {
            Message::Up => choose(selected.saturating_sub(1)),
            Message::Down => choose((selected + 1).min(last)),
            Message::First => choose(0),
            Message::Last => choose(last),
            Message::DetailUp => Some(Overlay::Ideas { selected, pick, scroll: scroll.min(limit).saturating_sub(1) }),
            Message::DetailDown => Some(Overlay::Ideas { selected, pick, scroll: scroll.saturating_add(1).min(limit) }),
            Message::Back => None,
            Message::Select => return self.try_pick(pick, selected),
            _ => return,
        };
    }

    /// Takes the card at `selected`, asking first if the group has taken
    /// it before; an action is refused when the plan is full.
    fn try_pick(&mut self, pick: Pick, selected: usize) {
        let Some(open) = &self.work.open else { return };
        let group = self.state.view.group(&open.session);
        let max_actions = usize::from(open.session.scenario.rules.actions);
        if pick == Pick::Action && group.actions.len() >= max_actions {
            self.state.overlay = None;
            let text = self.plan_is_full(max_actions);
            return self.say(Level::Warning, text);
        }
        let Some(id) = pick.card_id(&open.session.scenario, selected) else { return };
        if pick.taken(group, id) {
            self.state.overlay = Some(Overlay::PickAgain { pick, selected });
        } else {
            self.pick_card(pick, selected);
        }
    }

    pub(super) fn update_pick_again(&mut self, action: Message) {
        let Some(Overlay::PickAgain { pick, selected }) = self.state.overlay else {
            return;
        };
        match action {
            Message::ConfirmYes => self.pick_card(pick, selected),
            // Back to the cards, on the same one.
            Message::ConfirmNo => {
                self.state.overlay = Some(match pick {
                    Pick::Barrier => Overlay::Deck { selected },
                    Pick::Solution | Pick::Action => Overlay::Ideas { selected, pick, scroll: 0 },
                });
            }
            _ => {}
        }
    }

    /// Starts a barrier from the deck's card, or a solution or an action
    /// from an idea card, linked to its card, and opens it to finish.
    fn pick_card(&mut self, pick: Pick, selected: usize) {
        self.state.overlay = None;
        let Some(session) = self.work.session() else { return };
        let scenario = &session.scenario;
        let group = self.state.view.group(session).id;
        let (item, card_title) = match pick {
            Pick::Barrier => {
                let Some(card) = scenario.barrier_deck.get(selected) else { return };
                let barrier = Barrier {
                    text: card.title.clone(),
                    kind: card.kind,
                    severity: 3,
                    card: Some(card.id.clone()),
                    ..Barrier::default()
                };
                (Item::Barrier(barrier), card.title.clone())
            }
            Pick::Solution | Pick::Action => {
                let Some(card) = scenario.idea_cards.get(selected) else { return };
                // The card's areas that the scenario has, ticked, in the
                // scenario's order (as a form writes them).
                let areas: Vec<String> =
                    scenario.areas.iter().filter(|a| card.areas.contains(&a.id)).map(|a| a.id.clone()).collect();
                let idea = Some(card.id.clone());
                let item = if pick == Pick::Solution {
                    Item::Solution(Solution { text: card.title.clone(), areas, idea, ..Solution::default() })
                } else {
                    Item::Action(PlanAction {
                        title: card.title.clone(),
                        what: card.text.clone(),
                        areas,
                        idea,
                        ..PlanAction::default()
                    })
                };
                (item, card.title.clone())
            }
        };
        let Some(mut form) = self.add_and_open(group, item) else { return };
        let Some(session) = self.work.session() else { return };
        let group = self.state.view.group(session);
        match pick {
            // Start on severity: the card already names the barrier.
            Pick::Barrier => form.focus_on(crate::forms::FieldId::Severity),
            // The card names the solution; what it answers is the group's.
            Pick::Solution if !group.barriers.is_empty() => form.focus_on(crate::forms::FieldId::AnswersBarriers),
            Pick::Solution => {}
            // The card gives the title, what and areas; who leads is next.
            Pick::Action => form.focus_on(crate::forms::FieldId::Lead),
        }
        form.title = match pick {
            Pick::Barrier => format!("From the deck: {card_title}"),
            Pick::Solution | Pick::Action => format!("From the idea card: {card_title}"),
        };
        // A barrier from the deck is kept even if its text is cleared (the
        // card names it); a solution or action left blank is dropped.
        form.is_new = pick != Pick::Barrier;
        self.state.form = Some(form);
    }

    /// Adds an item to the group, selects it, and makes the form that
    /// edits it (not yet open).
    fn add_and_open(&mut self, group: u32, item: Item) -> Option<Form> {
        let is_new = item.name().is_empty();
        let added = self.change(Change::Add { group, item })?;
        let item = added.change.item()?;
        let session = self.work.session()?;
        let g = session.group_by_id(item.group)?;
        let scenario = &session.scenario;
        let at = g.position(item)?;
        Some(match item.kind {
            ItemKind::Barrier => {
                self.state.view.barrier = at;
                Form::for_barrier(&g.barriers[at], is_new)
            }
            ItemKind::Solution => {
                self.state.view.solution = at;
                Form::for_solution(&g.solutions[at], g, scenario, is_new)
            }
            ItemKind::Action => {
                self.state.view.action = at;
                Form::for_action(&g.actions[at], g, scenario, is_new)
            }
        })
    }

    pub(super) fn update_form(&mut self, action: Message) {
        if matches!(action, Message::DetailUp | Message::DetailDown) {
            self.measured();
        }
        let Some(form) = &mut self.state.form else { return };
        match action {
            Message::NextField if form.at_last_field() => self.close_form_if_valid(),
            Message::NextField => form.next_field(),
            Message::PreviousField => form.previous_field(),
            Message::Submit => self.close_form_if_valid(),
            // Esc on the new-session form means "not now".
            Message::Back if form.target == Target::NewSession => {
                self.state.form = None;
                self.say(Level::Info, "No session started.");
            }
            Message::Back if form.target == Target::CustomInject => {
                self.state.form = None;
                self.say(Level::Info, "No inject was fired.");
            }
            // Back to the question of what to do about the failed save.
            Message::Back if form.target == Target::SaveAs => {
                self.state.form = None;
                self.state.overlay = Some(Overlay::SaveFailed);
            }
            Message::Back => self.close_form_if_valid(),
            Message::ToggleHelp => self.state.overlay = Some(Overlay::Help),
            Message::DetailUp | Message::DetailDown => {
                // Measured as the form is drawn, so scrolling stops at the end.
                let limit = self.state.measured.form_help_scroll.unwrap_or(usize::MAX);
                let scroll = form.help_scroll.min(limit);
                form.help_scroll =
                    if action == Message::DetailUp { scroll.saturating_sub(1) } else { (scroll + 1).min(limit) };
            }
            _ => {}
        }
    }

    /// Closes the form unless what it holds cannot be kept (an action that
    /// ends before it starts): then it stays open on the field to put
    /// right, and says why in the form itself.
    fn close_form_if_valid(&mut self) {
        let Some(form) = &mut self.state.form else { return };
        // A new item left blank is dropped, whatever else it holds.
        let refusal = if form.is_new && form.is_blank() { None } else { form.refusal() };
        match refusal {
            Some((field, why)) => {
                form.focus_on(field);
                form.problem = Some(why);
            }
            None => self.close_form(),
        }
    }

    /// Closes the form. Its values are already in the session; a new item
    /// left blank is dropped, and the new-session form starts the session.
    fn close_form(&mut self) {
        let Some(form) = self.state.form.take() else { return };
        match form.target {
            Target::NewSession => return self.effect(Effect::StartSession(Box::new(form))),
            Target::SaveAs => return self.effect(Effect::SaveCopyAndQuit(form.text(crate::forms::FieldId::SavePath))),
            Target::CustomInject => return self.fire_custom_inject(&form),
            Target::StatusNote(group_id, action_id) => {
                // Back to the follow-up list, on the same action.
                let selected = self.work.open.as_ref().map_or(0, |o| {
                    o.session
                        .groups
                        .iter()
                        .flat_map(|g| g.actions.iter().map(move |a| (g.id, a.id)))
                        .position(|ids| ids == (group_id, action_id))
                        .unwrap_or(0)
                });
                self.state.overlay = Some(Overlay::FollowUp { selected });
                return;
            }
            Target::GroupName(id) => {
                // Back to the groups list, on the group just named.
                self.state.overlay = self.work.open.as_ref().map(|o| Overlay::Groups {
                    selected: o
                        .session
                        .groups
                        .iter()
                        .position(|g| g.id == id)
                        .unwrap_or(self.state.view.group_index(&o.session)),
                });
                return;
            }
            _ => {}
        }
        let group = self.group_id();
        let Some(item) = form.target.item(group) else { return };
        let noun = item.kind.noun();
        if let Some(who) = &form.orphaned {
            // Deleted on another screen while open here: what was typed
            // comes back rather than vanish.
            let Some(whole) = form.item() else { return };
            // The edits made before the deletion went with the item: undo
            // takes back the putting back, as a step of its own.
            self.state.history.forget_form();
            if self.change(Change::Restore { group, item: whole, at: usize::MAX, linked: Vec::new() }).is_some() {
                self.say(
                    Level::Info,
                    format!("Put back the {noun} {who} deleted, with what you wrote: delete it again if it should go."),
                );
            }
            return;
        }
        if form.is_new && form.is_blank() {
            // The addition and its edits are taken back together: there
            // is nothing to undo.
            let by = self.look().actor();
            let _ = self.work.apply(by, Change::Delete { item });
            self.state.history.forget_form();
            self.clamp_selection();
            return self.say(Level::Info, "Nothing was written, so nothing was added.");
        }
        let Some(session) = self.work.session() else { return };
        let name = session.item(item).map(|i| quoted(i.name())).unwrap_or_default();
        let what = if self.state.history.form_added() { "added" } else { "edited" };
        self.state.history.close_form(Some(format!("{what} {noun} {name}")));
        if let Some(crate::domain::change::Item::Action(a)) = session.item(item) {
            let problems = crate::domain::plan::check_action(&a, &session.scenario.rules);
            if let Some(first) = problems.first() {
                self.say(Level::Warning, format!("Saved. Still to do: {first}."));
            }
        }
    }

    pub(super) fn update_home(&mut self, action: Message) {
        match action {
            Message::Quit => self.state.run = RunState::Quit,
            Message::ToggleHelp => self.state.overlay = Some(Overlay::Help),
            Message::Up => self.state.home.selected = self.state.home.selected.saturating_sub(1),
            Message::Down => {
                self.state.home.selected = (self.state.home.selected + 1).min(self.state.home.entries.len());
            }
            Message::NewSession => self.effect(Effect::NewSessionForm),
            Message::Select if self.state.home.selected == 0 => self.effect(Effect::NewSessionForm),
            Message::Select => {
                let Some(entry) = self.state.home.entries.get(self.state.home.selected - 1) else {
                    return;
                };
                self.effect(Effect::OpenSession(entry.path.clone()));
            }
            _ => {}
        }
    }

    /// The presenter console scrolls, opens its help and quits; nothing else.
    pub(super) fn update_console(&mut self, action: Message) {
        self.measured();
        let limit = self.state.measured.console_scroll.unwrap_or(usize::MAX);
        let page = self.state.measured.console_page.unwrap_or(10);
        // The content may have shrunk since the last key.
        let scroll = self.state.view.scroll.min(limit);
        self.state.view.scroll = match action {
            Message::Up => scroll.saturating_sub(1),
            Message::Down => scroll.saturating_add(1).min(limit),
            Message::PageUp => scroll.saturating_sub(page),
            Message::PageDown => scroll.saturating_add(page).min(limit),
            Message::First => 0,
            Message::Last => limit,
            _ => scroll,
        };
        match action {
            Message::ToggleHelp => self.state.overlay = Some(Overlay::Help),
            Message::Quit => self.effect(Effect::Quit),
            _ => {}
        }
    }

    /// Quits, but asks first while tables or phones are connected: quitting
    /// ends the room for them, and one stray `q` must not.
    fn quit_or_ask(&mut self) {
        let tables = self.work.served.as_ref().map_or(0, |room| room.connected.len());
        let phones = self.work.phones.as_ref().map_or(0, super::phones::PhoneRoom::on_the_page);
        if tables + phones == 0 || self.state.role != Role::Local {
            return self.effect(Effect::Quit);
        }
        let projector = std::mem::take(&mut self.state.projector);
        self.state.overlay = Some(Overlay::ConfirmQuit { tables, phones, projector });
    }

    pub(super) fn update_stage(&mut self, action: Message) {
        let (context, seat) = (self.look().base_context(), self.look().seat());
        // Measured as the stage is drawn, so scrolling stops at the end.
        if matches!(
            action,
            Message::Up | Message::Down | Message::First | Message::Last | Message::DetailUp | Message::DetailDown
        ) {
            self.measured();
        }
        let scroll_limit = self.state.measured.stage_scroll;
        if self.update_room(action, context) {
            return;
        }
        if matches!(action, Message::NextStage | Message::PreviousStage) {
            // The time so far belongs to the stage being left.
            self.work.count_stage_time();
        }
        let now = self.work.now();
        let table = matches!(self.state.role, Role::Table { .. });
        let Some(open) = &self.work.open else { return };
        if action.edits_an_item() && !open.can_edit_group(self.state.view.group(&open.session).id) {
            self.say(
                Level::Info,
                "In a shared-folder room each group writes on its own laptop; this screen shows their work.",
            );
            return;
        }
        match action {
            Message::Quit => self.quit_or_ask(),
            // The room sees the projector: the keys are not for it.
            Message::ToggleHelp if self.state.projector => {}
            Message::ToggleHelp => self.state.overlay = Some(Overlay::Help),
            // A table looks back at the stages the room has been through,
            // and returns; the room's stage is the facilitator's.
            Message::NextStage | Message::PreviousStage | Message::FollowRoom if table => {
                let room = open.session.stage;
                let shown = self.state.view.stage(&open.session);
                let wanted = match action {
                    Message::PreviousStage => shown.saturating_sub(1),
                    Message::NextStage => shown + 1,
                    _ => room,
                };
                if wanted > room {
                    self.say(Level::Info, "This is the room's stage: the facilitator moves the room on.");
                    return;
                }
                self.state.view.stage = (wanted != room).then_some(wanted);
                if action == Message::FollowRoom {
                    // Back with the room: its slide too.
                    self.state.view.slide = None;
                }
                self.state.view.scroll = 0;
            }
            Message::NextStage | Message::PreviousStage => {
                let stage = self.state.view.stage(&open.session);
                let last = open.session.scenario.stages.len().saturating_sub(1);
                let wanted = if action == Message::NextStage { stage + 1 } else { stage.saturating_sub(1) };
                if wanted > last {
                    let mut text = "This is the last stage.".to_string();
                    if let Some(key) = self.state.keys.key_for(context, seat, Message::Export) {
                        text.push_str(&format!(" Press {key} to export the reports."));
                    }
                    return self.say(Level::Info, text);
                }
                if wanted == stage {
                    return;
                }
                // A view that changes nothing (a session open elsewhere)
                // still moves through the stages, on its own screen.
                if seat == crate::keys::Seat::ReadOnly {
                    self.state.view.stage = (wanted != open.session.stage).then_some(wanted);
                    self.state.view.scroll = 0;
                    return;
                }
                // Moving on ends a break.
                let mut back_from_a_break = false;
                if wanted > stage
                    && let Some(session) = self.work.session()
                    && session.on_break()
                {
                    let time = crate::domain::room::RoomTime { break_since: None, ..session.room_time };
                    back_from_a_break = self.change(Change::RoomTime(time)).is_some();
                }
                let Some(open) = &self.work.open else { return };
                // A stage's clock stops when the room moves on past its
                // stage, and the clock of the stage it moves to starts:
                // the room's clock goes with the room. Looking back at an
                // earlier stage leaves it running.
                let clock = open.session.clock_stage();
                let mut moves_on_with_the_clock = back_from_a_break;
                if let Some(mut timer) = open.session.timer().cloned()
                    && timer.is_running()
                    && wanted > clock
                {
                    timer.pause(now);
                    moves_on_with_the_clock = self.change(Change::Timer { stage: clock, timer }).is_some();
                }
                if self.change(Change::Stage(wanted)).is_some() {
                    self.state.view.scroll = 0;
                    if moves_on_with_the_clock
                        && let Some(mut timer) = self.work.session().and_then(|s| s.timers.get(wanted)).cloned()
                    {
                        timer.start(now);
                        self.change(Change::Timer { stage: wanted, timer });
                    }
                }
            }
            Message::NextGroup => {
                let n = open.session.groups.len();
                let next = (self.state.view.group_index(&open.session) + 1) % n;
                self.change(Change::ChooseGroup(next));
                let Some(session) = self.work.session() else { return };
                self.state.view.for_another_group();
                self.state.view.report_group = self.state.view.group_index(session);
                let name = self.state.view.group(session).name.clone();
                self.say(Level::Info, format!("Now editing: {name}"));
            }
            // A table or a group's laptop turns its own slides; the room's
            // slide is the facilitator's (saved, so the presenter console
            // and the projector follow it).
            Message::NextSlide | Message::PreviousSlide => {
                let last = open.session.scenario.slides.len().saturating_sub(1);
                let shown = self.state.view.slide(&open.session);
                let wanted = if action == Message::NextSlide { (shown + 1).min(last) } else { shown.saturating_sub(1) };
                if matches!(
                    seat,
                    crate::keys::Seat::Table | crate::keys::Seat::GroupLaptop | crate::keys::Seat::ReadOnly
                ) {
                    self.state.view.slide = (wanted != open.session.slide).then_some(wanted);
                } else {
                    self.change(Change::Slide(wanted));
                }
                self.state.view.scroll = 0;
            }
            Message::ToggleNotes => self.state.view.show_notes = !self.state.view.show_notes,
            Message::ToggleTimeline => self.state.view.timeline = !self.state.view.timeline,
            Message::StepInject | Message::ToggleInject | Message::ReadNews if open.session.injects.is_empty() => {
                self.say(Level::Info, "No inject has been fired yet.");
            }
            Message::StepInject => {
                self.state.view.inject_back = (self.state.view.inject_back + 1) % open.session.injects.len();
                self.state.view.inject_hidden = false;
                self.state.view.news_part = 0;
            }
            // News shown again starts at its top.
            Message::ToggleInject => {
                self.state.view.inject_hidden = !self.state.view.inject_hidden;
                self.state.view.news_part = 0;
            }
            Message::ReadNews if self.state.view.inject_hidden => self.state.view.inject_hidden = false,
            Message::ReadNews => self.state.view.news_part = self.state.view.news_part.wrapping_add(1),
            Message::AnswerInject | Message::ChooseStance | Message::WriteAnswers | Message::SimilarBarriers => {
                self.update_room_content(action);
            }
            Message::NextPage => {
                let pages = super::ScenarioPage::all(&open.session.scenario).len();
                self.state.view.scenario_page = (self.state.view.scenario_page + 1) % pages;
                self.state.view.scroll = 0;
            }
            Message::GoToStage(wanted) => {
                // Step by step, so that each stage's time and clock, and a
                // table's limits, are kept as with the keys.
                let shown = self.state.view.stage(&open.session);
                let step = if wanted > shown { Message::NextStage } else { Message::PreviousStage };
                for _ in 0..shown.abs_diff(wanted) {
                    let before = self.work.open.as_ref().map(|o| self.state.view.stage(&o.session));
                    self.update_stage(step);
                    let after = self.work.open.as_ref().map(|o| self.state.view.stage(&o.session));
                    if before == after {
                        break;
                    }
                }
            }
            Message::Up | Message::Down | Message::First | Message::Last | Message::SelectRow(_) => {
                let group = self.state.view.group(&open.session);
                let (selected, len) = match context {
                    Context::Barriers => (&mut self.state.view.barrier, group.barriers.len()),
                    Context::Solutions => (&mut self.state.view.solution, group.solutions.len()),
                    Context::Actions => (&mut self.state.view.action, group.actions.len()),
                    Context::Roles => (&mut self.state.view.role, open.session.scenario.roles.len()),
                    // A click lands on a list's item only where there is a list.
                    _ if matches!(action, Message::SelectRow(_)) => return,
                    _ => {
                        // Until the screen's size is known, drawing clamps.
                        let limit = scroll_limit.unwrap_or(usize::MAX);
                        let scroll = self.state.view.scroll.min(limit);
                        self.state.view.scroll = match action {
                            Message::Up => scroll.saturating_sub(1),
                            Message::Down => scroll.saturating_add(1).min(limit),
                            Message::First => 0,
                            _ => scroll_limit.unwrap_or(scroll),
                        };
                        return;
                    }
                };
                *selected = match action {
                    Message::SelectRow(row) => row.min(len.saturating_sub(1)),
                    Message::Up => selected.saturating_sub(1),
                    Message::Down => (*selected + 1).min(len.saturating_sub(1)),
                    Message::First => 0,
                    _ => len.saturating_sub(1),
                };
            }
            Message::DetailUp => {
                self.state.view.scroll =
                    self.state.view.scroll.min(scroll_limit.unwrap_or(usize::MAX)).saturating_sub(1);
            }
            Message::DetailDown => {
                self.state.view.scroll =
                    self.state.view.scroll.saturating_add(1).min(scroll_limit.unwrap_or(usize::MAX));
            }
            Message::Add => self.add_item(context),
            Message::PickCard | Message::BrowseCards => self.open_cards(context),
            Message::Edit => self.edit_selected(context),
            Message::Delete => {
                if let Some(target) = self.selected_target(context) {
                    self.state.overlay = Some(Overlay::ConfirmDelete(target));
                }
            }
            Message::ToggleKind | Message::Severity(_) => {
                let group = self.state.view.group(&open.session);
                let Some(b) = group.barriers.get(self.state.view.barrier) else { return };
                let item = ItemRef { group: group.id, kind: ItemKind::Barrier, id: b.id };
                let field = match action {
                    Message::Severity(n) => Field::Severity(n.clamp(1, 5)),
                    _ => Field::Kind(b.kind.toggled()),
                };
                self.change(Change::Set { item, field });
            }
            Message::Export => {
                let existing = open
                    .report_paths()
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, path))| path.exists())
                    .fold(0u8, |bits, (i, _)| bits | (1 << i));
                self.state.overlay = Some(Overlay::ConfirmExport { existing });
            }
            _ => {}
        }
    }

    fn add_item(&mut self, context: Context) {
        let Some(session) = self.work.session() else { return };
        let max_actions = usize::from(session.scenario.rules.actions);
        let group = self.state.view.group(session);
        let item = match context {
            Context::Barriers => {
                Item::Barrier(Barrier { kind: BarrierKind::Environmental, severity: 3, ..Barrier::default() })
            }
            Context::Solutions => Item::Solution(Solution::default()),
            Context::Actions if group.actions.len() >= max_actions => {
                let text = self.plan_is_full(max_actions);
                return self.say(Level::Warning, text);
            }
            Context::Actions => Item::Action(PlanAction::default()),
            _ => return,
        };
        let id = group.id;
        if let Some(form) = self.add_and_open(id, item) {
            self.state.form = Some(form);
        }
    }

    /// Opens the stage's cards: the barrier deck, or the idea cards.
    fn open_cards(&mut self, context: Context) {
        let Some(open) = &self.work.open else { return };
        self.state.overlay = match context {
            Context::Barriers => Some(Overlay::Deck { selected: 0 }),
            Context::Solutions | Context::Actions if open.session.scenario.idea_cards.is_empty() => {
                return self.say(Level::Info, "This scenario has no idea cards.");
            }
            Context::Solutions => Some(Overlay::Ideas { selected: 0, pick: Pick::Solution, scroll: 0 }),
            Context::Actions => Some(Overlay::Ideas { selected: 0, pick: Pick::Action, scroll: 0 }),
            _ => return,
        };
    }

    fn selected_target(&self, context: Context) -> Option<Target> {
        let open = self.work.open.as_ref()?;
        let group = self.state.view.group(&open.session);
        match context {
            Context::Barriers => group.barriers.get(self.state.view.barrier).map(|b| Target::Barrier(b.id)),
            Context::Solutions => group.solutions.get(self.state.view.solution).map(|s| Target::Solution(s.id)),
            Context::Actions => group.actions.get(self.state.view.action).map(|a| Target::Action(a.id)),
            Context::Roles => (self.state.view.role < open.session.scenario.roles.len())
                .then_some(Target::RoleHolder(self.state.view.role)),
            _ => None,
        }
    }

    /// Why no more actions can be added, and what to do instead.
    fn plan_is_full(&self, max_actions: usize) -> String {
        let seat = self.look().seat();
        let key = |action| self.state.keys.key_for(Context::Actions, seat, action);
        let full = format!("The plan already has {}.", crate::domain::plural(max_actions, "action"));
        match (key(Message::Edit), key(Message::Delete)) {
            (Some(edit), Some(delete)) => format!("{full} Edit one ({edit}) or delete one ({delete}) to make room."),
            _ => full,
        }
    }

    fn edit_selected(&mut self, context: Context) {
        let Some(target) = self.selected_target(context) else {
            let add = self.state.keys.key_for(context, self.look().seat(), Message::Add);
            let nothing = match (context, add) {
                (Context::Roles, _) => "This scenario has no roles to hold.".to_string(),
                (_, Some(key)) => format!("Nothing to edit yet: press {key} to add one."),
                (_, None) => "Nothing to edit yet.".to_string(),
            };
            self.say(Level::Info, nothing);
            return;
        };
        let Some(open) = &self.work.open else { return };
        let group = self.state.view.group(&open.session);
        let scenario = &open.session.scenario;
        self.state.form = match target {
            Target::Barrier(id) => group.barrier(id).map(|b| Form::for_barrier(b, false)),
            Target::Solution(id) => {
                group.solutions.iter().find(|s| s.id == id).map(|s| Form::for_solution(s, group, scenario, false))
            }
            Target::Action(id) => {
                group.actions.iter().find(|a| a.id == id).map(|a| Form::for_action(a, group, scenario, false))
            }
            Target::RoleHolder(index) => scenario
                .roles
                .get(index)
                .map(|role| Form::role_holder(index, &role.title, group.role_holder(&role.id).unwrap_or_default())),
            Target::NewSession
            | Target::GroupName(_)
            | Target::InjectResponse(_)
            | Target::ClosingAnswers
            | Target::CustomInject
            | Target::StatusNote(..)
            | Target::SaveAs => None,
        };
    }

    pub(super) fn clamp_selection(&mut self) {
        let Some(open) = &self.work.open else { return };
        let group = &open.session.groups[self.state.view.group_index(&open.session).min(open.session.groups.len() - 1)];
        self.state.view.barrier = self.state.view.barrier.min(group.barriers.len().saturating_sub(1));
        self.state.view.solution = self.state.view.solution.min(group.solutions.len().saturating_sub(1));
        self.state.view.action = self.state.view.action.min(group.actions.len().saturating_sub(1));
        self.state.view.role = self.state.view.role.min(open.session.scenario.roles.len().saturating_sub(1));
    }

    /// Moves the cursor to `item` when it is in the group this screen shows
    /// (another group's is left where it is: the view does not jump).
    pub(super) fn select(&mut self, item: ItemRef) {
        let Some(open) = &self.work.open else { return };
        let group = self.state.view.group(&open.session);
        if group.id != item.group {
            return;
        }
        let (at, cursor) = match item.kind {
            ItemKind::Barrier => (group.barriers.iter().position(|b| b.id == item.id), &mut self.state.view.barrier),
            ItemKind::Solution => (group.solutions.iter().position(|s| s.id == item.id), &mut self.state.view.solution),
            ItemKind::Action => (group.actions.iter().position(|a| a.id == item.id), &mut self.state.view.action),
        };
        if let Some(at) = at {
            *cursor = at;
        }
    }

    pub(super) fn update_save_failed(&mut self, action: Message) {
        let Some(failure) = self.work.save_failure.clone() else {
            self.state.overlay = None;
            return;
        };
        match action {
            Message::Back => {
                self.state.overlay = None;
                self.work.save_failure = None;
                self.say(
                    Level::Warning,
                    format!("Not saved yet ({}). Your work is kept here and saving is retried.", failure.reason),
                );
            }
            Message::SaveElsewhere => {
                self.state.overlay = None;
                self.state.form = Some(Form::save_as(&failure.suggested));
            }
            Message::Quit if failure.nowhere.is_some() => {
                // Asked twice, with nowhere to write: the user's call.
                self.work.farewell.push(format!(
                    "roundtable: the changes since the last save were lost: {} could not be written ({}), nor any copy.",
                    failure.path.display(),
                    failure.reason
                ));
                self.work.ended_badly = true;
                self.state.run = RunState::Quit;
            }
            Message::Quit => self.effect(Effect::EmergencyCopyAndQuit),
            _ => {}
        }
    }
}
