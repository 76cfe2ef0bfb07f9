//! Storage: where files live, how they are read and written.
//!
//! Every write goes through [`atomic::write_atomic`], so a crash or power cut
//! at any moment leaves either the old file or the new one, never half of
//! each; the previous version is kept beside it as `NAME.ron.bak`.

pub mod atomic;
pub mod folder;
pub mod format;
pub mod locate;
pub mod lock;
pub mod paths;
pub mod rescue;

pub use format::{
    LoadError, load_scenario_file, load_session, parse_scenario, parse_session, save_counted, save_session,
    saved_count, session_to_ron,
};
