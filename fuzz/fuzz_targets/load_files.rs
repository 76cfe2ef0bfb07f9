//! Any bytes given as a scenario or a session file: loading must either
//! succeed or give an error, never panic; whatever loads must pass through
//! the checks, the reports and a save-and-load round trip.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use roundtable::domain::validate;
use roundtable::export::{self, Format};
use roundtable::store::{parse_scenario, parse_session, session_to_ron};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(scenario) = parse_scenario(text, Path::new("fuzz.ron")) {
        let _ = validate::check_scenario(&scenario);
    }
    if let Ok(session) = parse_session(text, Path::new("fuzz.ron")) {
        let _ = validate::check_session(&session);
        for format in Format::ALL {
            let _ = export::render(&session, format);
        }
        let again = parse_session(&session_to_ron(&session), Path::new("again.ron")).expect("a loaded session saves and loads");
        assert_eq!(again, session);
    }
});
