//! Shutting out an address that keeps getting the room code wrong, or
//! that keeps opening connections it does nothing with.
//!
//! Two records per address, after OpenSSH's sshd: wrong room codes (more
//! than ten in a minute shut the address out for a minute), and penalties
//! for connections that waste the server's time (its `PerSourcePenalties`:
//! each such connection adds some seconds to the address's penalty, and
//! once the penalty reaches [`PENALTY_MIN`] the address is refused until it
//! has run out, for at most [`PENALTY_MAX`]).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// More failures than this from one address within [`WINDOW`] shut it out.
pub(crate) const MAX_FAILURES: usize = 10;
/// How far back failures count, and how long a shut-out address waits.
pub(crate) const WINDOW: Duration = Duration::from_secs(60);
/// Addresses remembered at most; beyond this the quietest are forgotten.
const MAX_ADDRESSES: usize = 4096;

/// How a connection wasted the server's time, and what that costs its
/// address (OpenSSH's `noauth` and `grace-exceeded`, with its defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Penalty {
    /// Connected and said nothing, not even the SSH greeting, in time: no
    /// SSH client does that, so it costs enough to be refused at once.
    Silent,
    /// Spoke SSH but did not sign in within the grace: a person may have
    /// walked away from the prompt, so it costs little.
    SlowToSignIn,
    /// Spoke SSH and went away without signing in.
    LeftUnsigned,
}

impl Penalty {
    fn cost(self) -> Duration {
        match self {
            Penalty::Silent => Duration::from_secs(20),
            Penalty::SlowToSignIn => Duration::from_secs(5),
            Penalty::LeftUnsigned => Duration::from_secs(1),
        }
    }
}

/// A penalty this long shuts the address out until it has run out.
pub(crate) const PENALTY_MIN: Duration = Duration::from_secs(15);
/// The longest an address is shut out for penalties.
pub(crate) const PENALTY_MAX: Duration = Duration::from_secs(600);

#[derive(Debug, Default)]
struct Record {
    failures: VecDeque<Instant>,
    shut_until: Option<Instant>,
    /// When the address's penalties run out.
    penalty_until: Option<Instant>,
}

/// Failures by address over the last minute, and who is shut out.
#[derive(Debug, Default)]
pub(crate) struct Guard {
    by_address: HashMap<IpAddr, Record>,
}

impl Guard {
    /// Whether `ip` is shut out at `now`.
    pub(crate) fn is_shut_out(&self, ip: IpAddr, now: Instant) -> bool {
        self.by_address.get(&ip).and_then(|r| r.shut_until).is_some_and(|until| now < until)
    }

    /// Adds a penalty to `ip`; true if that shuts it out (and it was not
    /// shut out already).
    pub(crate) fn penalise(&mut self, ip: IpAddr, penalty: Penalty, now: Instant) -> bool {
        let record = self.record(ip, now);
        let from = record.penalty_until.filter(|&until| until > now).unwrap_or(now);
        let until = (from + penalty.cost()).min(now + PENALTY_MAX);
        record.penalty_until = Some(until);
        if until.duration_since(now) >= PENALTY_MIN && record.shut_until.is_none_or(|shut| shut < until) {
            let was_shut = record.shut_until.is_some_and(|shut| now < shut);
            record.shut_until = Some(until);
            return !was_shut;
        }
        false
    }

    fn record(&mut self, ip: IpAddr, now: Instant) -> &mut Record {
        if self.by_address.len() >= MAX_ADDRESSES && !self.by_address.contains_key(&ip) {
            self.forget_old(now);
        }
        self.by_address.entry(ip).or_default()
    }

    /// Counts a wrong code from `ip`; true if that shuts it out.
    pub(crate) fn fail(&mut self, ip: IpAddr, now: Instant) -> bool {
        let record = self.record(ip, now);
        while record.failures.front().is_some_and(|&t| now.duration_since(t) >= WINDOW) {
            record.failures.pop_front();
        }
        record.failures.push_back(now);
        if record.failures.len() > MAX_FAILURES {
            record.failures.clear();
            record.shut_until = Some(record.shut_until.map_or(now + WINDOW, |until| until.max(now + WINDOW)));
            true
        } else {
            false
        }
    }

    fn forget_old(&mut self, now: Instant) {
        self.by_address.retain(|_, r| {
            r.shut_until.is_some_and(|until| now < until)
                || r.penalty_until.is_some_and(|until| now < until)
                || r.failures.back().is_some_and(|&t| now.duration_since(t) < WINDOW)
        });
        if self.by_address.len() >= MAX_ADDRESSES {
            // Still full of recent failures: keep those that are shut out.
            self.by_address.retain(|_, r| r.shut_until.is_some_and(|until| now < until));
        }
    }
}

/// The room's record of which addresses are shut out, shared by every way
/// into the room: a wrong code typed over SSH and one typed on the phones'
/// page count against the same address, and an address shut out by one is
/// shut out of both. Clones share one record.
#[derive(Clone, Default)]
pub struct Lockouts(Arc<Mutex<Guard>>);

impl Lockouts {
    /// Whether `ip` is shut out now.
    pub fn is_shut_out(&self, ip: IpAddr) -> bool {
        super::lock(&self.0).is_shut_out(ip, Instant::now())
    }

    /// Counts a wrong room code from `ip`; true if that shut it out.
    pub fn wrong_code(&self, ip: IpAddr) -> bool {
        super::lock(&self.0).fail(ip, Instant::now())
    }

    /// The record itself, for the SSH server's finer rules (penalties).
    pub(crate) fn guard(&self) -> &Mutex<Guard> {
        &self.0
    }
}

impl std::fmt::Debug for Lockouts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Lockouts(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_failure_in_a_minute_shuts_the_address_out_for_a_minute() {
        let ip: IpAddr = [10, 0, 0, 7].into();
        let other: IpAddr = [10, 0, 0, 8].into();
        let start = Instant::now();
        let mut guard = Guard::default();
        for i in 0..10 {
            assert!(!guard.fail(ip, start + Duration::from_secs(i)));
        }
        assert!(!guard.is_shut_out(ip, start + Duration::from_secs(10)));
        assert!(guard.fail(ip, start + Duration::from_secs(10)));
        assert!(guard.is_shut_out(ip, start + Duration::from_secs(69)));
        assert!(!guard.is_shut_out(other, start + Duration::from_secs(69)));
        assert!(!guard.is_shut_out(ip, start + Duration::from_secs(71)));
    }

    #[test]
    fn failures_older_than_a_minute_do_not_count() {
        let ip: IpAddr = [10, 0, 0, 7].into();
        let start = Instant::now();
        let mut guard = Guard::default();
        for i in 0..30 {
            assert!(!guard.fail(ip, start + Duration::from_secs(i * 7)), "failure {i}");
        }
    }

    #[test]
    fn one_silent_connection_shuts_its_address_out_until_the_penalty_runs_out() {
        let ip: IpAddr = [10, 0, 0, 7].into();
        let start = Instant::now();
        let mut guard = Guard::default();
        assert!(guard.penalise(ip, Penalty::Silent, start));
        assert!(guard.is_shut_out(ip, start + Duration::from_secs(19)));
        assert!(!guard.is_shut_out(ip, start + Duration::from_secs(21)));
        assert!(!guard.is_shut_out([10, 0, 0, 8].into(), start));
    }

    #[test]
    fn small_penalties_add_up_and_run_out() {
        let ip: IpAddr = [10, 0, 0, 7].into();
        let start = Instant::now();
        let mut guard = Guard::default();
        // A person who walked away from the prompt twice is not shut out.
        assert!(!guard.penalise(ip, Penalty::SlowToSignIn, start));
        assert!(!guard.penalise(ip, Penalty::SlowToSignIn, start));
        assert!(!guard.is_shut_out(ip, start));
        // A third before the others have run down makes fifteen seconds.
        assert!(guard.penalise(ip, Penalty::SlowToSignIn, start));
        assert!(guard.is_shut_out(ip, start + Duration::from_secs(14)));
        assert!(!guard.is_shut_out(ip, start + Duration::from_secs(16)));
        // Penalties that have run out are forgotten.
        assert!(!guard.penalise(ip, Penalty::LeftUnsigned, start + Duration::from_secs(100)));
    }

    #[test]
    fn penalties_stop_at_ten_minutes() {
        let ip: IpAddr = [10, 0, 0, 7].into();
        let start = Instant::now();
        let mut guard = Guard::default();
        for _ in 0..100 {
            guard.penalise(ip, Penalty::Silent, start);
        }
        assert!(guard.is_shut_out(ip, start + PENALTY_MAX.checked_sub(Duration::from_secs(1)).unwrap()));
        assert!(!guard.is_shut_out(ip, start + PENALTY_MAX + Duration::from_secs(1)));
    }

    #[test]
    fn the_table_of_addresses_stays_bounded() {
        let start = Instant::now();
        let mut guard = Guard::default();
        for i in 0..(MAX_ADDRESSES as u32 * 2) {
            guard.fail(IpAddr::from(i.to_be_bytes()), start + Duration::from_secs(u64::from(i)));
        }
        assert!(guard.by_address.len() <= MAX_ADDRESSES);
    }

    #[test]
    fn clones_of_the_lockouts_share_one_record() {
        let ip: IpAddr = [10, 0, 0, 9].into();
        let (ssh, web) = (Lockouts::default(), Lockouts::default());
        let web_too = ssh.clone();
        for _ in 0..MAX_FAILURES {
            assert!(!ssh.wrong_code(ip));
        }
        // The eleventh wrong code, typed on the other way in, shuts it out of both.
        assert!(web_too.wrong_code(ip));
        assert!(ssh.is_shut_out(ip) && web_too.is_shut_out(ip));
        assert!(!web.is_shut_out(ip), "another room's record is its own");
    }
}
