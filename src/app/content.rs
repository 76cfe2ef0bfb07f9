//! The seminar's own content at work in the room: a group's stance, its
//! answers to the news, the room's answers to the closing questions, and
//! the facilitator's word on barriers that read alike.

use crate::domain::change::Change;
use crate::domain::synthesis;
use crate::forms::Form;
use crate::message::Message;

use super::screen::{Level, Overlay, ScreenMut};

impl ScreenMut<'_> {
    /// Opens what `action` asks for on a stage.
    pub(super) fn update_room_content(&mut self, action: Message) {
        let Some(open) = &self.work.open else { return };
        let session = &open.session;
        match action {
            Message::AnswerInject => {
                let Some(index) = session.injects.len().checked_sub(1 + self.state.view.inject_back) else {
                    return self.say(Level::Info, "No news has been fired yet: there is nothing to answer.");
                };
                let title = session.injects[index].title.clone();
                self.state.form = Some(Form::inject_response(index, &title, self.state.view.group(session)));
            }
            Message::ChooseStance => {
                let Some(choice) = &session.scenario.stance else {
                    return self.say(Level::Info, "This scenario does not ask groups to choose a stance.");
                };
                let chosen = self.state.view.group(session).stance.as_deref();
                let selected = chosen.and_then(|id| choice.options.iter().position(|o| o.id == id)).unwrap_or(0);
                self.state.overlay = Some(Overlay::Stance { selected });
            }
            Message::WriteAnswers => {
                let questions = &session.scenario.closing_questions;
                if questions.is_empty() {
                    return self.say(Level::Info, "This scenario has no closing questions.");
                }
                self.state.form = Some(Form::closing_answers(questions, &session.closing_answers));
            }
            Message::SimilarBarriers => {
                if synthesis::similar_pairs(session).is_empty() {
                    return self.say(Level::Info, "No two groups wrote barriers that read alike.");
                }
                self.state.overlay = Some(Overlay::Similar { selected: 0 });
            }
            _ => {}
        }
    }

    pub(super) fn update_stance(&mut self, action: Message) {
        let Some(Overlay::Stance { selected }) = self.state.overlay else { return };
        let Some(open) = &self.work.open else { return };
        let Some(choice) = open.session.scenario.stance.clone() else {
            self.state.overlay = None;
            return;
        };
        let last = choice.options.len().saturating_sub(1);
        match action {
            Message::Up => self.state.overlay = Some(Overlay::Stance { selected: selected.saturating_sub(1) }),
            Message::Down => self.state.overlay = Some(Overlay::Stance { selected: (selected + 1).min(last) }),
            Message::Back => self.state.overlay = None,
            Message::Select => {
                let Some(option) = choice.options.get(selected) else { return };
                self.state.overlay = None;
                let group = self.state.view.group(&open.session);
                let (id, name) = (group.id, group.name.clone());
                if self.change(Change::Stance { group: id, option: Some(option.id.clone()) }).is_some() {
                    self.say(Level::Info, format!("{name}'s stance: {}.", option.title));
                }
            }
            _ => {}
        }
    }

    pub(super) fn update_similar(&mut self, action: Message) {
        let Some(Overlay::Similar { selected }) = self.state.overlay else { return };
        let Some(open) = &self.work.open else { return };
        let pairs: Vec<[(u32, u32); 2]> = synthesis::similar_pairs(&open.session)
            .into_iter()
            .map(|[(ga, a), (gb, b)]| [(ga, a.id), (gb, b.id)])
            .collect();
        let last = pairs.len().saturating_sub(1);
        match action {
            Message::Up => self.state.overlay = Some(Overlay::Similar { selected: selected.saturating_sub(1) }),
            Message::Down => self.state.overlay = Some(Overlay::Similar { selected: (selected + 1).min(last) }),
            Message::Back => self.state.overlay = None,
            Message::Select => {
                let Some([a, b]) = pairs.get(selected).copied() else { return };
                let distinct = !open.session.distinct_barriers.iter().any(|p| *p == [a, b] || *p == [b, a]);
                if self.change(Change::Distinct { pair: [a, b], distinct }).is_some() {
                    self.say(
                        Level::Info,
                        if distinct {
                            "Counted as two different barriers."
                        } else {
                            "Counted as one barrier named by both groups."
                        },
                    );
                }
            }
            _ => {}
        }
    }
}
