//! People on their phones: the room's side of the phones' page
//! ([`crate::web`]).
//!
//! What a phone asks for arrives on the run loop's one inbox, beside the
//! SSH tables' keys, as a [`PhoneEvent`]; its change is made here through
//! [`Workshop::apply`](super::Workshop::apply) as the person's
//! [`Actor`](crate::domain::change::Actor), so the permission table decides
//! it, and the screens it reaches are drawn as for any other change. After
//! every change the phones are given the new view of the room.

use std::net::{IpAddr, SocketAddr};

use crate::serve::RoomCode;
use crate::web::{PageView, PhoneEvent};

use super::App;

/// How phones reach the room, for the screens that show it.
#[derive(Debug)]
pub struct PhoneRoom {
    pub port: u16,
    /// This machine's addresses on the network, for the page's address.
    pub addresses: Vec<IpAddr>,
    pub code: RoomCode,
    /// How many people are on the page at each table: (group id, count),
    /// tables with nobody left out.
    pub present: Vec<(u32, usize)>,
    /// Whether the page takes part: closed, it says so to every phone and
    /// takes nothing, and people already in come back when it opens.
    pub open: bool,
}

impl PhoneRoom {
    /// The address a phone opens: `http://192.168.1.20:8080`.
    pub fn address(&self) -> String {
        match self.addresses.first() {
            Some(ip) => format!("http://{}", SocketAddr::new(*ip, self.port)),
            None => format!("http://THIS-LAPTOP:{}", self.port),
        }
    }

    /// How many people are on the page at a group's table.
    pub fn at_table(&self, group: u32) -> usize {
        self.present.iter().find(|(id, _)| *id == group).map_or(0, |(_, n)| *n)
    }

    /// How many people are on the page in all.
    pub fn on_the_page(&self) -> usize {
        self.present.iter().map(|(_, n)| n).sum()
    }
}

impl super::ScreenMut<'_> {
    /// Closes the phones' page, or opens it again.
    pub(super) fn toggle_phones(&mut self) {
        let Some(phones) = &mut self.work.phones else {
            return self.say(
                crate::app::Level::Info,
                "There is no phones' page: start the room with --web PORT for people to join from their phones.",
            );
        };
        phones.open = !phones.open;
        let text = if phones.open {
            "The phones' page is open again: people already in are back at their tables."
        } else {
            "The phones' page is closed: phones say so and take nothing until you open it again."
        };
        self.say(crate::app::Level::Info, text);
    }
}

impl App {
    /// Serves the phones' page through a started server: people join with
    /// the room code and each is a person at their table.
    pub fn serve_phones(
        &mut self,
        server: crate::web::Server,
        events: std::sync::mpsc::Receiver<PhoneEvent>,
        code: RoomCode,
    ) {
        let listening = server.local_addr();
        let addresses =
            if listening.ip().is_unspecified() { crate::serve::network_addresses() } else { vec![listening.ip()] };
        self.work.phones = Some(PhoneRoom { port: listening.port(), addresses, code, present: Vec::new(), open: true });
        self.web = Some(server);
        self.phone_events = Some(events);
        self.published_version = None;
        self.publish_to_phones();
    }

    /// Takes what the page has reported, for a caller running its own loop.
    pub fn take_phone_events(&mut self) -> Option<std::sync::mpsc::Receiver<PhoneEvent>> {
        self.phone_events.take()
    }

    /// Handles what the page reports: a person's change is made and
    /// answered, and every screen it shows on is drawn as for a table's.
    /// Returns true when the terminal's own screen is stale.
    pub fn handle_phone(&mut self, event: PhoneEvent) -> bool {
        let injects = self.work.session().map_or(0, |s| s.injects.len());
        let mut answered = None;
        match event {
            PhoneEvent::Change { by, change, reply } => {
                let answer = self.work.apply(by, *change).map(|applied| applied.what).map_err(|refused| refused.0);
                if let Err(why) = &answer {
                    tracing::info!("refused a change from a phone: {why}");
                }
                answered = Some((reply, answer));
            }
            PhoneEvent::Present(present) => {
                if let Some(phones) = &mut self.work.phones {
                    phones.present = present;
                }
                // The count is on the facilitator's screen.
                self.screen_stale = true;
            }
        }
        // The phones are given the new view (in after_change) before the
        // phone that asked is answered, so that the page it loads next
        // shows what it was told was done.
        let gone = self.after_change(injects, None);
        self.close_tables(&gone);
        if let Some((reply, answer)) = answered {
            reply.send(answer);
        }
        self.screen_stale
    }

    /// Gives the phones the room as it is now, if it has changed since
    /// they were last given it.
    pub(super) fn publish_to_phones(&mut self) {
        let Some(web) = &self.web else { return };
        let open = self.work.phones.as_ref().is_some_and(|p| p.open);
        let version = (self.work.version(), open);
        if self.published_version == Some(version) {
            return;
        }
        self.published_version = Some(version);
        if let Some(session) = self.work.session() {
            web.publish(PageView { closed: !open, ..PageView::of(session) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::{Actor, Change, Item};
    use crate::domain::session::{Barrier, Mode, Session};

    #[test]
    fn the_address_is_the_first_network_address_with_the_port() {
        let mut room = PhoneRoom {
            port: 8080,
            addresses: vec![[192, 168, 1, 20].into(), "fe80::1".parse().unwrap()],
            code: RoomCode::new("kite-1234"),
            present: vec![(1, 2), (3, 1)],
            open: true,
        };
        assert_eq!(room.address(), "http://192.168.1.20:8080");
        room.addresses.remove(0);
        assert_eq!(room.address(), "http://[fe80::1]:8080");
        room.addresses.clear();
        assert_eq!(room.address(), "http://THIS-LAPTOP:8080");
        assert_eq!((room.at_table(1), room.at_table(2), room.on_the_page()), (2, 0, 3));
    }

    fn app() -> App {
        let names = ["Red".to_string(), "Blue".to_string()];
        let session = Session::new("Phones", crate::scenarios::built_in_default(), Mode::Room, &names, 0);
        let dir = std::env::temp_dir();
        App::with_session(dir.clone(), session, dir.join("roundtable-phones-unit.ron"))
    }

    /// Asks the app for `change` as a person at `at`'s table, and returns its answer.
    fn ask(app: &mut App, at: u32, group: u32) -> Result<String, String> {
        let (reply, mut answer) = crate::web::Reply::new();
        let barrier = Item::Barrier(Barrier { text: "Short funding cycles".into(), ..Barrier::default() });
        let change = Box::new(Change::Add { group, item: barrier });
        app.handle_phone(PhoneEvent::Change { by: Actor::Person { group: at, person: 7 }, change, reply });
        answer.try_recv().expect("the app answers at once")
    }

    #[test]
    fn a_person_adds_to_their_own_table_and_nobody_elses() {
        let mut app = app();
        let (red, blue) = {
            let s = app.session().unwrap();
            (s.groups[0].id, s.groups[1].id)
        };
        let added = ask(&mut app, red, red);
        assert!(added.as_ref().is_ok_and(|what| what.contains("Short funding cycles")), "{added:?}");
        let refused = ask(&mut app, red, blue).unwrap_err();
        assert!(refused.contains("another group's work"), "{refused}");
        let session = app.session().unwrap();
        assert_eq!(session.groups[0].barriers.len(), 1);
        assert!(session.groups[1].barriers.is_empty());
    }

    #[test]
    fn the_count_of_people_on_phones_reaches_the_tracker() {
        let mut app = app();
        app.work.phones = Some(PhoneRoom {
            port: 8080,
            addresses: Vec::new(),
            code: RoomCode::new("kite-1234"),
            present: Vec::new(),
            open: true,
        });
        let red = app.session().unwrap().groups[0].id;
        app.handle_phone(PhoneEvent::Present(vec![(red, 3)]));
        let rows = app.work.tracker();
        assert_eq!((rows[0].phones, rows[1].phones), (3, 0));
    }
}
