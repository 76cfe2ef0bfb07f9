//! How often a person and an address may post: a token bucket each, so a
//! burst of real use (three barriers in a row) goes through and a script
//! hammering the room does not.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// A bucket of `burst` posts, refilled by one every `every`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rate {
    pub burst: u32,
    pub every: Duration,
}

/// A person's posts: five at once, then one every four seconds (fifteen
/// a minute is far more than anyone types on a phone).
pub(crate) const PER_PERSON: Rate = Rate { burst: 5, every: Duration::from_secs(4) };
/// An address's posts, joining included: a phone behind a shared address
/// (a guest network's) is one of several, so more.
pub(crate) const PER_ADDRESS: Rate = Rate { burst: 30, every: Duration::from_millis(500) };
/// Addresses remembered at most; beyond this the fullest buckets (those
/// that have had time to fill again) are forgotten.
const MAX_ADDRESSES: usize = 4096;

/// One bucket: the posts left, as of when it was last looked at.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bucket {
    left: f64,
    at: Instant,
}

impl Bucket {
    pub(crate) fn full(rate: Rate, now: Instant) -> Bucket {
        Bucket { left: f64::from(rate.burst), at: now }
    }

    /// Takes one post if there is one; false if the bucket is empty.
    pub(crate) fn take(&mut self, rate: Rate, now: Instant) -> bool {
        self.refill(rate, now);
        if self.left >= 1.0 {
            self.left -= 1.0;
            true
        } else {
            false
        }
    }

    fn refill(&mut self, rate: Rate, now: Instant) {
        let gained = now.saturating_duration_since(self.at).as_secs_f64() / rate.every.as_secs_f64().max(1e-3);
        self.left = (self.left + gained).min(f64::from(rate.burst));
        self.at = now;
    }

    fn is_full(&self, rate: Rate, now: Instant) -> bool {
        let mut copy = *self;
        copy.refill(rate, now);
        copy.left >= f64::from(rate.burst)
    }
}

/// A bucket per address.
#[derive(Debug, Default)]
pub(crate) struct AddressLimits {
    buckets: HashMap<IpAddr, Bucket>,
}

impl AddressLimits {
    /// Takes one of `ip`'s posts; false if it has none left.
    pub(crate) fn take(&mut self, ip: IpAddr, now: Instant) -> bool {
        if self.buckets.len() >= MAX_ADDRESSES && !self.buckets.contains_key(&ip) {
            self.buckets.retain(|_, bucket| !bucket.is_full(PER_ADDRESS, now));
            if self.buckets.len() >= MAX_ADDRESSES {
                // Every address has posted in the last few seconds: a new
                // one waits for room rather than growing the table.
                return false;
            }
        }
        self.buckets.entry(ip).or_insert_with(|| Bucket::full(PER_ADDRESS, now)).take(PER_ADDRESS, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_goes_through_then_one_post_per_interval() {
        let start = Instant::now();
        let mut bucket = Bucket::full(PER_PERSON, start);
        for i in 0..PER_PERSON.burst {
            assert!(bucket.take(PER_PERSON, start), "post {i} of the burst");
        }
        assert!(!bucket.take(PER_PERSON, start), "the burst is spent");
        assert!(!bucket.take(PER_PERSON, start + PER_PERSON.every / 2));
        let later = start + PER_PERSON.every + PER_PERSON.every / 2;
        assert!(bucket.take(PER_PERSON, later), "one more after the interval");
        assert!(!bucket.take(PER_PERSON, later), "and only one");
    }

    #[test]
    fn each_address_has_its_own_bucket() {
        let now = Instant::now();
        let mut limits = AddressLimits::default();
        let (a, b): (IpAddr, IpAddr) = ([10, 0, 0, 1].into(), [10, 0, 0, 2].into());
        for _ in 0..PER_ADDRESS.burst {
            assert!(limits.take(a, now));
        }
        assert!(!limits.take(a, now));
        assert!(limits.take(b, now));
    }

    #[test]
    fn the_table_of_addresses_stays_bounded() {
        let start = Instant::now();
        let mut limits = AddressLimits::default();
        for i in 0..(MAX_ADDRESSES as u32 * 2) {
            limits.take(IpAddr::from(i.to_be_bytes()), start + Duration::from_secs(u64::from(i)));
        }
        assert!(limits.buckets.len() <= MAX_ADDRESSES);
    }
}
