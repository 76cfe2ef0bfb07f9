//! The integration tests, built as one test binary: every file here links
//! the whole crate, and one binary rather than one per file keeps a fresh
//! build's time and disk to a fraction. Each file is a module named for
//! what it tests; `common` holds the helpers they share.
//!
//! `cargo test --test suite web::` runs one file's tests; the slow
//! crash-safety loop is ignored unless asked for
//! (`cargo test --test suite -- --ignored kill::`).

mod common;

mod afternoon;
mod areas;
mod browser;
mod cli;
mod config;
mod e2e;
mod folder;
mod group_files;
mod guide;
mod hostile;
mod ideas;
mod join;
mod kill;
mod mouse;
mod msrv;
mod notes;
mod openssh;
mod pack;
mod packaging;
mod plan;
mod reports;
mod roles;
mod room;
mod roundtrip;
mod safety;
mod save_failure;
mod scenario_2026;
mod scenario_check;
mod seats;
mod serve;
mod served_hostile;
mod served_room;
mod synthesis;
mod ui_screens;
mod ui_whole;
mod web;
