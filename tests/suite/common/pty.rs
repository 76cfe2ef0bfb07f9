//! The real binary in a pseudo-terminal, for end-to-end tests.

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use expectrl::{Expect, Session};

pub const BIN: &str = env!("CARGO_BIN_EXE_roundtable");

type Pty = expectrl::session::OsSession;

const COLS: u16 = 100;
const ROWS: u16 = 30;

/// The real binary in a pseudo-terminal, with a terminal emulator keeping
/// the screen as a person would see it (the app only redraws cells that
/// change, so the raw output alone does not show whole words).
pub struct Tui {
    pub pty: Pty,
    /// Everything the app wrote, raw.
    pub raw: Vec<u8>,
    screen: vt100::Parser,
    /// How the process ended, once seen: asking the system reaps the
    /// process, so a second question would find no such child.
    ended: Option<expectrl::process::unix::WaitStatus>,
    /// The colours this terminal says it has when asked (OSC 10 and 11),
    /// as `rgb:rrrr/gggg/bbbb`; `None`: it does not answer the question,
    /// as many terminals do not, though it answers DA1 as all do.
    pub colours: Option<(&'static str, &'static str)>,
    /// How far the output has been searched for questions to answer.
    asked_upto: usize,
}

impl Tui {
    pub fn spawn(data: &Path, args: &[&str]) -> Tui {
        Tui::spawn_with(data, args, &[])
    }

    pub fn spawn_with(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Tui {
        let mut cmd = Command::new(BIN);
        cmd.args(args).env("ROUNDTABLE_DATA_DIR", data);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Tui::spawn_command(cmd)
    }

    /// Any program in a pseudo-terminal (a table's `ssh`, say).
    pub fn spawn_command(mut cmd: Command) -> Tui {
        cmd.env("TERM", "xterm-256color").env_remove("NO_COLOR");
        let mut pty = Session::spawn(cmd).expect("the program starts in a pseudo-terminal");
        pty.get_process_mut().set_window_size(COLS, ROWS).expect("a window size");
        Tui {
            pty,
            raw: Vec::new(),
            screen: vt100::Parser::new(ROWS, COLS, 0),
            ended: None,
            colours: None,
            asked_upto: 0,
        }
    }

    /// Reads whatever the app has drawn so far.
    pub fn pump(&mut self) {
        let mut buf = [0u8; 8192];
        loop {
            match self.pty.try_read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    self.raw.extend_from_slice(&buf[..n]);
                    self.screen.process(&buf[..n]);
                }
                Err(_) => break,
            }
        }
        self.answer_questions();
    }

    /// Answers what the app asks the terminal, in the order it asks, as a
    /// terminal would: its colours (if it knows them) and DA1.
    fn answer_questions(&mut self) {
        const QUESTIONS: [&[u8]; 3] = [b"\x1b]10;?", b"\x1b]11;?", b"\x1b[c"];
        let mut at = self.asked_upto;
        let mut answers = String::new();
        while at < self.raw.len() {
            let rest = &self.raw[at..];
            match QUESTIONS.iter().position(|q| rest.starts_with(q)) {
                Some(which) => {
                    match (which, self.colours) {
                        (0, Some((fg, _))) => answers.push_str(&format!("\x1b]10;{fg}\x1b\\")),
                        (1, Some((_, bg))) => answers.push_str(&format!("\x1b]11;{bg}\x1b\\")),
                        (2, _) => answers.push_str("\x1b[?62;22c"),
                        _ => {}
                    }
                    at += QUESTIONS[which].len();
                }
                None => at += 1,
            }
        }
        // A question cut in two by a read is searched again next time.
        self.asked_upto = self.raw.len().saturating_sub(5).max(self.asked_upto);
        if !answers.is_empty() {
            self.asked_upto = self.raw.len();
            self.pty.send(answers).expect("the terminal answers");
        }
    }

    pub fn contents(&mut self) -> String {
        self.pump();
        self.screen.screen().contents()
    }

    /// The background colour of a cell, as the terminal would paint it.
    pub fn background_at(&mut self, row: u16, col: u16) -> vt100::Color {
        self.pump();
        self.screen.screen().cell(row, col).map_or(vt100::Color::Default, vt100::Cell::bgcolor)
    }

    pub fn expect(&mut self, text: &str) {
        self.wait_until(&format!("{text:?}"), |screen| screen.contains(text));
    }

    /// Waits until the screen shows `what` (`done` says when), for up to
    /// fifteen seconds, and returns the screen.
    pub fn wait_until(&mut self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.contents();
            if done(&screen) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("the screen never showed {what}; it shows:\n{screen}");
            }
            sleep(Duration::from_millis(20));
        }
    }

    /// Sends keys one at a time, each once the app has drawn in answer to
    /// the one before, so each arrives as its own key press (an Esc followed
    /// at once by a letter would read as Alt-letter). The app draws after
    /// every key, and every draw writes at least the cursor's state, so new
    /// output means the key was read.
    pub fn send(&mut self, keys: &str) {
        for key in key_presses(keys) {
            self.pump();
            let before = self.raw.len();
            self.pty.send(key).expect("keys are sent");
            let start = Instant::now();
            while self.raw.len() == before && !self.has_exited() {
                assert!(start.elapsed() < Duration::from_secs(15), "the app never answered {key:?}");
                sleep(Duration::from_millis(2));
                self.pump();
            }
        }
    }

    fn has_exited(&mut self) -> bool {
        self.status().is_some()
    }

    /// How the process ended, or `None` while it runs.
    fn status(&mut self) -> Option<expectrl::process::unix::WaitStatus> {
        use expectrl::process::unix::WaitStatus;
        if self.ended.is_none() {
            match self.pty.get_process().status() {
                Ok(WaitStatus::StillAlive) => {}
                Ok(status) => self.ended = Some(status),
                Err(e) => panic!("the app's state cannot be read: {e}"),
            }
        }
        self.ended
    }

    pub fn wait_for_exit(&mut self) {
        self.wait_for_exit_code();
    }

    /// Waits for the app to end; its exit code, if it exited (not killed).
    pub fn wait_for_exit_code(&mut self) -> Option<i32> {
        use expectrl::process::unix::WaitStatus;
        let start = Instant::now();
        let code = loop {
            match self.status() {
                None => {}
                Some(WaitStatus::Exited(_, code)) => break Some(code),
                Some(_) => break None,
            }
            assert!(start.elapsed() < Duration::from_secs(10), "the app did not quit");
            self.pump();
            sleep(Duration::from_millis(20));
        };
        // What the process wrote just before it ended may still be waiting.
        for _ in 0..10 {
            self.pump();
            sleep(Duration::from_millis(20));
        }
        code
    }
}

/// Splits typed input into single key presses: a character, a lone Esc, or
/// a whole escape sequence such as an arrow key (ESC [ … final byte).
fn key_presses(keys: &str) -> Vec<&str> {
    let bytes = keys.as_bytes();
    let mut presses = Vec::new();
    let mut start = 0;
    while start < keys.len() {
        let mut end = start + keys[start..].chars().next().map_or(1, char::len_utf8);
        if bytes[start] == 0x1b && bytes.get(start + 1) == Some(&b'[') {
            end = start + 2;
            while end < bytes.len() && !(0x40..=0x7e).contains(&bytes[end]) {
                end += 1;
            }
            end = (end + 1).min(bytes.len());
        }
        presses.push(&keys[start..end]);
        start = end;
    }
    presses
}
