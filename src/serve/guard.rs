//! Shutting out an address that keeps getting the room code wrong.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// More failures than this from one address within [`WINDOW`] shut it out.
pub(crate) const MAX_FAILURES: usize = 10;
/// How far back failures count, and how long a shut-out address waits.
pub(crate) const WINDOW: Duration = Duration::from_secs(60);
/// Addresses remembered at most; beyond this the quietest are forgotten.
const MAX_ADDRESSES: usize = 4096;

#[derive(Debug, Default)]
struct Record {
    failures: VecDeque<Instant>,
    shut_until: Option<Instant>,
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

    /// Counts a wrong code from `ip`; true if that shuts it out.
    pub(crate) fn fail(&mut self, ip: IpAddr, now: Instant) -> bool {
        if self.by_address.len() >= MAX_ADDRESSES && !self.by_address.contains_key(&ip) {
            self.forget_old(now);
        }
        let record = self.by_address.entry(ip).or_default();
        while record.failures.front().is_some_and(|&t| now.duration_since(t) >= WINDOW) {
            record.failures.pop_front();
        }
        record.failures.push_back(now);
        if record.failures.len() > MAX_FAILURES {
            record.failures.clear();
            record.shut_until = Some(now + WINDOW);
            true
        } else {
            false
        }
    }

    fn forget_old(&mut self, now: Instant) {
        self.by_address.retain(|_, r| {
            r.shut_until.is_some_and(|until| now < until)
                || r.failures.back().is_some_and(|&t| now.duration_since(t) < WINDOW)
        });
        if self.by_address.len() >= MAX_ADDRESSES {
            // Still full of recent failures: keep those that are shut out.
            self.by_address.retain(|_, r| r.shut_until.is_some_and(|until| now < until));
        }
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
    fn the_table_of_addresses_stays_bounded() {
        let start = Instant::now();
        let mut guard = Guard::default();
        for i in 0..(MAX_ADDRESSES as u32 * 2) {
            guard.fail(IpAddr::from(i.to_be_bytes()), start + Duration::from_secs(u64::from(i)));
        }
        assert!(guard.by_address.len() <= MAX_ADDRESSES);
    }
}
