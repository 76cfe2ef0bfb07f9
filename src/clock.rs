//! Wall-clock helpers: seconds since the epoch, calendar dates and the time
//! of day, without pulling in a date library for a few small conversions.

use std::time::{SystemTime, UNIX_EPOCH};

pub fn now_unix() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `YYYY-MM-DD` (UTC) for seconds since the epoch.
pub fn date(unix: u64) -> String {
    let (y, m, d) = civil_from_days((unix / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM` (UTC).
pub fn date_time(unix: u64) -> String {
    let secs = unix % 86_400;
    format!("{} {:02}:{:02}", date(unix), secs / 3600, (secs % 3600) / 60)
}

/// The local time zone's offset from UTC in seconds, if the system will
/// say. Ask before any thread is started: on some systems the answer is
/// refused in a program with several threads.
pub fn local_offset() -> Option<i32> {
    time::UtcOffset::current_local_offset().ok().map(time::UtcOffset::whole_seconds)
}

/// `HH:MM` at `offset` seconds from UTC, or `HH:MM UTC` when the local
/// offset is not known.
pub fn time_of_day(unix: u64, offset: Option<i32>) -> String {
    let local = unix as i64 + i64::from(offset.unwrap_or(0));
    let secs = local.rem_euclid(86_400);
    let face = format!("{:02}:{:02}", secs / 3600, (secs % 3600) / 60);
    if offset.is_some() { face } else { format!("{face} UTC") }
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date_time(1_795_500_000), "2026-11-24 06:00");
    }

    #[test]
    fn time_of_day_in_the_local_zone() {
        assert_eq!(time_of_day(1_795_500_000, Some(0)), "06:00");
        assert_eq!(time_of_day(1_795_500_000, Some(3600)), "07:00");
        assert_eq!(time_of_day(1_795_500_000, Some(-7 * 3600)), "23:00");
        assert_eq!(time_of_day(1_795_500_000, None), "06:00 UTC");
    }
}
