//! The mouse, where it helps: the wheel scrolls what ↑/↓ would, and a
//! click goes to a stage's tab or selects an item of the stage's list.
//! Each becomes the message a key would send, so a screen's seat limits
//! the mouse as it limits the keys. The keyboard does everything the
//! mouse does.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::screen::{Click, ScreenMut};
use crate::keys::Context;
use crate::message::Message;

impl ScreenMut<'_> {
    /// Whether the event changed anything worth drawing.
    pub(super) fn handle_mouse(&mut self, mouse: MouseEvent) -> bool {
        // Where a click lands is where the screen was last drawn.
        self.measured();
        let Some(message) = self.mouse_message(mouse) else { return false };
        self.guarded(|screen| {
            screen.state.message = None;
            screen.update(message);
        });
        true
    }

    fn mouse_message(&self, mouse: MouseEvent) -> Option<Message> {
        let screen = self.look();
        if !screen.mouse || screen.too_small() {
            return None;
        }
        let (context, seat) = (screen.context(), screen.seat());
        // What the keys of this context offer, so the mouse can do no more.
        let offered = |action| screen.keys.key_for(context, seat, action).is_some();
        match mouse.kind {
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
                let up = mouse.kind == MouseEventKind::ScrollUp;
                // In a form the wheel scrolls the text under the fields,
                // never moves between them.
                let (back, on) = match context {
                    Context::Form(_) => (Message::DetailUp, Message::DetailDown),
                    _ => (Message::Up, Message::Down),
                };
                let wanted = if up { back } else { on };
                offered(wanted).then_some(wanted)
            }
            MouseEventKind::Down(MouseButton::Left) => {
                // Only the stage itself is clicked: not under a form, an
                // overlay or on the projector view.
                if screen.overlay.is_some() || screen.form.is_some() || screen.projector {
                    return None;
                }
                match screen.measured.click(mouse.column, mouse.row)? {
                    Click::Stage(i) => offered(Message::NextStage).then_some(Message::GoToStage(i)),
                    Click::Item(i) => offered(Message::Down).then_some(Message::SelectRow(i)),
                }
            }
            _ => None,
        }
    }
}
