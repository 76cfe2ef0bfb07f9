//! Roundtable: a terminal workshop runner for council and third sector
//! partnership seminars.
//!
//! The crate is layered so that each part can be read and tested alone:
//!
//! - [`domain`] — pure data and rules (scenario, session, plan, review). No
//!   terminal, no files.
//! - [`store`] — where files live, RON reading with precise errors, atomic
//!   saves that keep the previous version.
//! - [`app`] — the state machine: one session, many screens. The session is
//!   held once (`app::Workshop`); each screen on it (the facilitator's
//!   terminal, a group's laptop in a shared folder, the presenter console,
//!   each table served over SSH) has its own `app::ScreenState`.
//!   Terminal events become [`message::Message`]s through the per-screen
//!   tables in [`keys`], and one update path (`app::ScreenMut`) applies them.
//! - [`ui`] — drawing only. Every screen renders from an `app::Screen` (the
//!   workshop and that screen's state) and never changes it.
//! - [`serve`] — the SSH server for a served room. It alone knows tokio and
//!   russh; the app sees connections, events and writers.
//! - [`export`] — reports.
//! - [`term`] — what the terminal can do (crisper large letters), asked once.
//! - [`theme`] — the colours every screen is drawn in, chosen by the
//!   settings and the terminal (below both `app` and `ui`).
//! - [`config`] — the user's settings file: themes and keys.
//! - [`cli`] — the command line.
//! - [`logging`] — the log file, for diagnosing what happened.

#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

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
