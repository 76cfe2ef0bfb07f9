//! Roundtable: a terminal workshop runner for council and third sector
//! partnership seminars.
//!
//! The crate is layered so that each part can be read and tested alone:
//!
//! - [`domain`] — pure data and rules (scenario, session, plan, review),
//!   and every change a person can make as a value with who made it
//!   (`domain::change`: `Session::apply` and its permission table). No
//!   terminal, no files.
//! - [`store`] — where files live, RON reading with precise errors, atomic
//!   saves that keep the previous version.
//! - [`app`] — the state machine: one session, many screens. The session is
//!   held once (`app::Workshop`); each screen on it (the facilitator's
//!   terminal, a group's laptop in a shared folder, the presenter console,
//!   each table served over SSH) has its own `app::ScreenState`.
//!   Terminal events become [`message::Message`]s through the per-screen
//!   tables in [`keys`]; one update path (`app::ScreenMut`) turns them into
//!   changes, applied through `Session::apply`, and effects (saving,
//!   reports, files) that the app carries out after the update.
//! - [`ui`] — drawing only. Every screen renders from an `app::Screen` (the
//!   workshop and that screen's state) and never changes it; drawing returns
//!   what it measured (scroll limits, click areas) for the next input.
//! - [`serve`] — the SSH server for a served room. It and [`web`] alone know
//!   tokio, and it alone russh; the app sees connections, events and writers.
//! - [`web`] — the phones' page (`--web`): HTTP with axum, HTML with maud.
//!   A transport like `serve`: what a phone posts becomes a change sent to
//!   the app's loop, and pages are drawn from a view the app publishes.
//! - [`export`] — reports.
//! - [`term`] — what the terminal can do (crisper large letters), asked once.
//! - [`theme`] — the colours every screen is drawn in, chosen by the
//!   settings and the terminal (below both `app` and `ui`).
//! - [`config`] — the user's settings file: themes and keys.
//! - [`cli`] — the command line.
//! - [`logging`] — the log file, for diagnosing what happened.

#![forbid(unsafe_code)]
#![warn(clippy::pedantic)]
// The pedantic lints this crate does not follow, and why.
#![allow(
    // An application, not a library: what its functions return is used
    // where they are called, and its errors are said where they are handled.
    clippy::must_use_candidate,
    clippy::return_self_not_must_use,
    clippy::missing_errors_doc,
    clippy::missing_panics_doc,
    // A screen's drawing follows its layout from top to bottom; split up,
    // one screen would be scattered over many functions.
    clippy::too_many_lines,
    // Terminal cells are u16 and counts are small: a cast that could
    // overflow is checked where it is made.
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    // `s += &format!(..)` reads as the sentence being built; `write!` would
    // add a `fmt::Result` that cannot fail, to be ignored.
    clippy::format_push_string,
    clippy::format_collect,
    // Match arms are kept apart for their guards and their comments.
    clippy::match_same_arms,
    // Short names (`a`, `b`; `gi`, `ai`) in a closure or a loop over
    // pairs read best.
    clippy::similar_names,
    clippy::many_single_char_names
)]
// A panic in a room ends everyone's afternoon: outside tests, code says
// what went wrong instead.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod export;
pub mod forms;
pub mod keys;
pub mod logging;
pub mod message;
pub mod scenarios;
pub mod serve;
pub mod store;
pub mod term;
pub mod theme;
pub mod ui;
pub mod web;
