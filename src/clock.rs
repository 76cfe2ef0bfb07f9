//! Wall-clock helpers: seconds since the epoch, and how a moment reads on
//! the clocks of a time zone.
//!
//! Moments are kept as seconds since the epoch, which mean the same
//! everywhere (the session file holds them so). They become a date or a
//! time of day only to be shown, and then in the zone passed in: the
//! program asks the system for its zone once ([`local_zone`]); tests name
//! the zone they mean.

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use jiff::Timestamp;
use jiff::civil::DateTime;
pub use jiff::tz::TimeZone;

pub fn now_unix() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The time zone of the people using this machine: the one `TZ` names
/// when it is set, otherwise the system's setting. Asked once; where
/// neither can be found, times are shown in UTC and labelled so.
pub fn local_zone() -> &'static TimeZone {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(TimeZone::system)
}

/// The moment `unix`; one past the calendar's end is its last moment.
fn timestamp(unix: u64) -> Timestamp {
    i64::try_from(unix).ok().and_then(|s| Timestamp::from_second(s).ok()).unwrap_or(Timestamp::MAX)
}

/// The moment `unix` on the clocks of `zone`.
fn local(unix: u64, zone: &TimeZone) -> DateTime {
    let at = timestamp(unix);
    zone.to_offset(at).to_datetime(at)
}

/// `YYYY-MM-DD`, the date in `zone` at `unix`.
pub fn date(unix: u64, zone: &TimeZone) -> String {
    let t = local(unix, zone);
    format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day())
}

/// `YYYY-MM-DD HH:MM` in `zone`, unlabelled: for a screen read where the
/// clock is, and for file names.
pub fn date_time(unix: u64, zone: &TimeZone) -> String {
    let t = local(unix, zone);
    format!("{} {:02}:{:02}", date(unix, zone), t.hour(), t.minute())
}

/// `YYYY-MM-DD HH:MM BST`: the date and time in `zone`, labelled with the
/// zone (see [`zone_label`]), for what is read elsewhere or later.
pub fn date_time_labelled(unix: u64, zone: &TimeZone) -> String {
    format!("{} {}", date_time(unix, zone), zone_label(unix, zone))
}

/// `HH:MM` in `zone`; `HH:MM UTC` when the system did not say which zone
/// it is in, so a clock that may be wrong for the room says what it shows.
pub fn time_of_day(unix: u64, zone: &TimeZone) -> String {
    let t = local(unix, zone);
    let face = format!("{:02}:{:02}", t.hour(), t.minute());
    if zone.is_unknown() { format!("{face} UTC") } else { face }
}

/// How the clocks of `zone` are named at `unix`: the zone's own
/// abbreviation where it has a name ("BST", "GMT", "CEST", "UTC"),
/// otherwise the offset from UTC ("UTC+14:00", "UTC-03:30"), since many
/// zones are abbreviated by their offset alone ("+14").
pub fn zone_label(unix: u64, zone: &TimeZone) -> String {
    let info = zone.to_offset_info(timestamp(unix));
    let abbreviation = info.abbreviation();
    let named = abbreviation.len() >= 2 && abbreviation.chars().all(|c| c.is_ascii_alphabetic());
    if named && !zone.is_unknown() {
        return abbreviation.to_string();
    }
    let seconds = info.offset().seconds();
    if seconds == 0 {
        return "UTC".into();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    /// 2026-07-01 12:00 UTC, in British summer time.
    const SUMMER: u64 = 1_782_907_200;
    /// 2026-11-24 06:00 UTC, in winter.
    const WINTER: u64 = 1_795_500_000;

    #[test]
    fn known_dates_in_utc() {
        assert_eq!(date(0, &TimeZone::UTC), "1970-01-01");
        assert_eq!(date(951_782_400, &TimeZone::UTC), "2000-02-29");
        assert_eq!(date_time(WINTER, &TimeZone::UTC), "2026-11-24 06:00");
        assert_eq!(date_time_labelled(WINTER, &TimeZone::UTC), "2026-11-24 06:00 UTC");
    }

    #[test]
    fn london_keeps_summer_time_in_summer_only() {
        let london = zone("Europe/London");
        assert_eq!(date_time_labelled(SUMMER, &london), "2026-07-01 13:00 BST");
        assert_eq!(date_time_labelled(WINTER, &london), "2026-11-24 06:00 GMT");
        assert_eq!(time_of_day(SUMMER, &london), "13:00");
        assert_eq!(time_of_day(WINTER, &london), "06:00");
    }

    #[test]
    fn a_zone_without_a_name_is_labelled_by_its_offset() {
        let kiritimati = zone("Pacific/Kiritimati");
        assert_eq!(date_time_labelled(WINTER, &kiritimati), "2026-11-24 20:00 UTC+14:00");
        let newfoundland_ish = TimeZone::fixed(jiff::tz::Offset::from_seconds(-(3 * 3600 + 1800)).unwrap());
        assert_eq!(zone_label(WINTER, &newfoundland_ish), "UTC-03:30");
    }

    #[test]
    fn the_local_date_can_differ_from_the_date_in_utc() {
        // 2026-07-01 12:00 UTC is already 2 July on Kiritimati, still
        // 1 July in Pago Pago; late on 24 November it is 25 November in
        // Auckland.
        assert_eq!(date(SUMMER, &TimeZone::UTC), "2026-07-01");
        assert_eq!(date(SUMMER, &zone("Pacific/Kiritimati")), "2026-07-02");
        assert_eq!(date(SUMMER, &zone("Pacific/Pago_Pago")), "2026-07-01");
        assert_eq!(date_time(WINTER + 12 * 3600, &zone("Pacific/Auckland")), "2026-11-25 07:00");
        assert_eq!(date_time(WINTER, &zone("America/Los_Angeles")), "2026-11-23 22:00");
    }

    #[test]
    fn an_unknown_zone_reads_as_utc_and_says_so() {
        let unknown = TimeZone::unknown();
        assert_eq!(time_of_day(WINTER, &unknown), "06:00 UTC");
        assert_eq!(date_time_labelled(WINTER, &unknown), "2026-11-24 06:00 UTC");
        assert_eq!(time_of_day(WINTER, &TimeZone::UTC), "06:00");
    }

    #[test]
    fn a_moment_past_the_calendar_does_not_panic() {
        assert_eq!(date(u64::MAX, &TimeZone::UTC), date(u64::MAX - 1, &TimeZone::UTC));
    }
}
