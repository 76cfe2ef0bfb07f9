//! Kill the real binary with SIGKILL at random moments, a hundred times:
//! after every kill the session file parses and holds every change made
//! more than a second before the kill.
//!
//! Slow (a few minutes), so it is ignored by default; CI runs it with
//! `cargo test --test suite -- --ignored kill::`.

use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::common::pty::Tui;
use expectrl::Expect;
use expectrl::process::unix::Signal;
use roundtable::domain::session::{Mode, Session};
use roundtable::scenarios;
use roundtable::store::{load_session, save_session};

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

#[test]
#[ignore = "slow: kills the app a hundred times; CI runs it explicitly"]
fn a_hundred_kills_lose_nothing_older_than_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kill.ron");
    let session = Session::new("Kill", scenarios::built_in_default(), Mode::Room, &["Red".into()], 0);
    save_session(&session, &path).unwrap();
    let mut rng = Lcg(2026);
    // Text that must survive: (barrier number, characters typed at times).
    let mut kept: Vec<String> = Vec::new();

    for round in 0..100 {
        let mut tui = Tui::spawn(dir.path(), &["open", path.to_str().unwrap()]);
        // The session reopens where it was left; walk back to the start.
        tui.expect("Roundtable ·");
        tui.send("[[[[[[[[");
        tui.expect("Welcome and agenda");
        tui.send("]]a");
        // Type until a random moment, remembering when each character went.
        let text = format!("round {round} barrier text");
        let stop_after = Duration::from_millis(100 + rng.next(1900));
        let start = Instant::now();
        let mut typed: Vec<(char, Instant)> = Vec::new();
        for c in text.chars() {
            if start.elapsed() >= stop_after {
                break;
            }
            tui.pty.send(c.to_string()).unwrap();
            typed.push((c, Instant::now()));
            sleep(Duration::from_millis(rng.next(120)));
            tui.pump();
        }
        // Keep reading the screen while waiting, as a terminal would.
        while start.elapsed() < stop_after {
            sleep(Duration::from_millis(10));
            tui.pump();
        }
        let killed_at = Instant::now();
        tui.pty.get_process_mut().kill(Signal::SIGKILL).unwrap();
        let _ = tui.pty.get_process().wait();

        let saved = load_session(&path).unwrap_or_else(|e| panic!("round {round}: the file no longer parses: {e}"));
        let texts: Vec<&str> = saved.group().barriers.iter().map(|b| b.text.as_str()).collect();
        for earlier in &kept {
            assert!(texts.contains(&earlier.as_str()), "round {round}: lost {earlier:?}; file has {texts:?}");
        }
        // Everything typed more than a second before the kill is on disk.
        let must: String = typed
            .iter()
            .filter(|(_, at)| killed_at.duration_since(*at) > Duration::from_secs(1))
            .map(|(c, _)| *c)
            .collect();
        let this_round = texts.iter().find(|t| t.starts_with(&format!("round {round}")));
        if !must.is_empty() {
            let found = this_round
                .unwrap_or_else(|| panic!("round {round}: {must:?} typed over a second before the kill is missing"));
            assert!(found.starts_with(must.trim_end()), "round {round}: expected at least {must:?}, found {found:?}");
        }
        if let Some(t) = this_round {
            kept.push((*t).to_string());
        }
        // The lock of the killed process must not block the next round.
        // (The killed process held the lock; the operating system has released it.)
    }
    assert!(kept.len() > 50, "most rounds typed something that was saved: {}", kept.len());
}
