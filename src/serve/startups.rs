//! Connections that have not signed in yet, and which new ones to let in.
//!
//! A connection that has not signed in costs the room nothing it needs,
//! so it gets a small budget of its own, apart from the tables' places:
//! a table that has signed in is never turned away because of connections
//! that have not. The rules follow OpenSSH's sshd:
//!
//! - `PerSourceMaxStartups`: at most [`PER_ADDRESS`] connections from one
//!   address may be signing in at once.
//! - `MaxStartups 10:30:100`: past [`START`] connections signing in, a new
//!   one is dropped at random, 30% of the time at first and more often as
//!   they build up, until at [`FULL`] every new one is.
//!
//! One rule is Roundtable's own, because an attacker's cheapest move is a
//! connection that never speaks: before a new connection is dropped, the
//! longest-waiting connection that has not said a word of SSH (every SSH
//! client greets the server as soon as it connects) for [`QUIET`] is closed to make room
//! for it. So a room held open by silent connections still lets a real
//! table in at once, and each silent one costs its address a penalty
//! ([`super::guard`]), so an address that keeps opening them is soon shut
//! out.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use super::ConnId;

/// Connections signing in before new ones are dropped at random.
pub(crate) const START: usize = 10;
/// The chance, in percent, of dropping a new connection at [`START`].
pub(crate) const RATE: usize = 30;
/// Connections signing in at which every new one is dropped.
pub(crate) const FULL: usize = 100;
/// Connections signing in from one address at once.
pub(crate) const PER_ADDRESS: usize = 10;
/// A connection that has said nothing for this long may be closed to make
/// room for a new one.
pub(crate) const QUIET: Duration = Duration::from_millis(500);

/// What to do with a new connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    /// Let it in.
    Admit,
    /// Let it in, closing this silent connection (from this address) to
    /// make room.
    AdmitInPlaceOf(ConnId, IpAddr),
    /// Turn it away, saying why.
    Refuse(Refusal),
}

/// Why a new connection was turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Its address already has [`PER_ADDRESS`] connections signing in.
    TooManyFromAddress,
    /// Too many connections are signing in at once.
    Busy,
}

impl Refusal {
    /// What the connection is told (plain text, before any SSH).
    pub(crate) fn text(self) -> &'static str {
        match self {
            Refusal::TooManyFromAddress => {
                "Roundtable: too many connections from this address are signing in. Try again in a moment.\r\n"
            }
            Refusal::Busy => "Roundtable: too many connections are signing in. Try again in a moment.\r\n",
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Pending {
    ip: IpAddr,
    since: Instant,
    /// Whether it has said anything yet.
    heard: bool,
}

/// The connections signing in now.
#[derive(Debug, Default)]
pub(crate) struct Startups {
    pending: HashMap<ConnId, Pending>,
}

impl Startups {
    /// Decides about a new connection from `ip`; `roll` is a number from 0
    /// to 99 drawn at random (tests choose it). An admitted connection is
    /// counted as signing in until [`Startups::done`].
    pub(crate) fn admit(&mut self, conn: ConnId, ip: IpAddr, now: Instant, roll: usize) -> Admission {
        let from_address = self.pending.values().filter(|p| p.ip == ip).count();
        let admission = if from_address >= PER_ADDRESS {
            match self.quietest(now, Some(ip)) {
                Some(old) => Admission::AdmitInPlaceOf(old, ip),
                None => Admission::Refuse(Refusal::TooManyFromAddress),
            }
        } else if self.pending.len() >= START {
            match self.quietest(now, None) {
                Some(old) => Admission::AdmitInPlaceOf(old, self.pending[&old].ip),
                None if roll < drop_chance(self.pending.len()) => Admission::Refuse(Refusal::Busy),
                None => Admission::Admit,
            }
        } else {
            Admission::Admit
        };
        if let Admission::AdmitInPlaceOf(old, _) = admission {
            self.pending.remove(&old);
        }
        if !matches!(admission, Admission::Refuse(_)) {
            self.pending.insert(conn, Pending { ip, since: now, heard: false });
        }
        admission
    }

    /// The connection has said something.
    pub(crate) fn heard(&mut self, conn: ConnId) {
        if let Some(pending) = self.pending.get_mut(&conn) {
            pending.heard = true;
        }
    }

    /// The connection has signed in, or gone.
    pub(crate) fn done(&mut self, conn: ConnId) {
        self.pending.remove(&conn);
    }

    /// Connections signing in now.
    pub(crate) fn len(&self) -> usize {
        self.pending.len()
    }

    /// The connection that has waited longest without a word, if it has
    /// waited [`QUIET`] at least; from `ip` only, if given.
    fn quietest(&self, now: Instant, ip: Option<IpAddr>) -> Option<ConnId> {
        self.pending
            .iter()
            .filter(|(_, p)| !p.heard && ip.is_none_or(|ip| p.ip == ip))
            .filter(|(_, p)| now.saturating_duration_since(p.since) >= QUIET)
            .min_by_key(|(conn, p)| (p.since, **conn))
            .map(|(conn, _)| *conn)
    }
}

/// The chance, in percent, that a new connection is dropped with `pending`
/// connections signing in: [`RATE`] at [`START`], rising in a straight line
/// to 100 at [`FULL`].
pub(crate) fn drop_chance(pending: usize) -> usize {
    if pending < START {
        0
    } else if pending >= FULL {
        100
    } else {
        RATE + (100 - RATE) * (pending - START) / (FULL - START)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 168, 1, 20));

    fn address(n: u8) -> IpAddr {
        IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, n))
    }

    #[test]
    fn the_chance_of_dropping_rises_from_thirty_to_a_hundred_percent() {
        assert_eq!(drop_chance(START - 1), 0);
        assert_eq!(drop_chance(START), RATE);
        assert_eq!(drop_chance(55), 65);
        assert_eq!(drop_chance(FULL), 100);
        assert_eq!(drop_chance(10_000), 100);
    }

    #[test]
    fn one_address_may_have_ten_connections_signing_in() {
        let now = Instant::now();
        let mut startups = Startups::default();
        for conn in 0..PER_ADDRESS as u64 {
            assert_eq!(startups.admit(conn, address(1), now, 99), Admission::Admit);
            startups.heard(conn);
        }
        assert_eq!(startups.admit(99, address(1), now, 99), Admission::Refuse(Refusal::TooManyFromAddress));
        // Another address is not held up by the first.
        assert_eq!(startups.admit(100, HOME, now, 99), Admission::Admit);
        // As one signs in, another may start.
        startups.done(0);
        assert_eq!(startups.admit(101, address(1), now, 99), Admission::Admit);
    }

    #[test]
    fn a_silent_connection_makes_room_for_a_new_one_from_its_address() {
        let start = Instant::now();
        let mut startups = Startups::default();
        for conn in 0..PER_ADDRESS as u64 {
            startups.admit(conn, HOME, start + Duration::from_millis(conn), 99);
        }
        // Too soon to call any of them silent.
        assert_eq!(startups.admit(50, HOME, start + QUIET / 2, 99), Admission::Refuse(Refusal::TooManyFromAddress));
        let later = start + QUIET + Duration::from_millis(10);
        assert_eq!(startups.admit(51, HOME, later, 99), Admission::AdmitInPlaceOf(0, HOME));
        assert_eq!(startups.admit(52, HOME, later, 99), Admission::AdmitInPlaceOf(1, HOME));
        assert_eq!(startups.len(), PER_ADDRESS);
    }

    #[test]
    fn past_ten_signing_in_new_connections_are_dropped_at_random_unless_a_silent_one_can_go() {
        let now = Instant::now();
        let mut startups = Startups::default();
        for conn in 0..START as u64 {
            assert_eq!(startups.admit(conn, address(conn as u8), now, 0), Admission::Admit);
            startups.heard(conn);
        }
        assert_eq!(startups.admit(20, HOME, now, RATE - 1), Admission::Refuse(Refusal::Busy));
        assert_eq!(startups.admit(21, HOME, now, RATE), Admission::Admit);
        // With a silent connection waiting, the new one takes its place.
        let mut startups = Startups::default();
        for conn in 0..START as u64 {
            startups.admit(conn, address(conn as u8), now, 0);
            if conn != 3 {
                startups.heard(conn);
            }
        }
        assert_eq!(startups.admit(20, HOME, now + QUIET, 0), Admission::AdmitInPlaceOf(3, address(3)));
    }

    #[test]
    fn a_room_held_by_two_hundred_silent_connections_lets_a_table_in() {
        let start = Instant::now();
        let mut startups = Startups::default();
        let mut refused = 0;
        for conn in 0..200u64 {
            let at = start + Duration::from_millis(conn * 20);
            let ip = address((conn % 40) as u8);
            if let Admission::Refuse(_) = startups.admit(conn, ip, at, (conn * 37 % 100) as usize) {
                refused += 1;
            }
        }
        assert!(startups.len() <= FULL);
        assert!(refused > 0, "some were dropped");
        let table = startups.admit(1000, HOME, start + Duration::from_secs(5), 0);
        assert!(matches!(table, Admission::AdmitInPlaceOf(..)), "{table:?}");
    }
}
