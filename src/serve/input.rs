//! A table's keystrokes: bytes from its SSH channel become crossterm events.
//!
//! Decoding is `terminput`'s (a port of crossterm's own parser): it is fed
//! one byte at a time, as crossterm feeds it, and says when the bytes so far
//! make an event. What this module adds is the part that depends on the
//! bytes arriving over a network rather than from a local terminal:
//!
//! - A lone ESC: crossterm asks the tty whether more input is waiting; here
//!   the SSH packet is the unit, so an ESC that ends a packet is the Esc key
//!   and an ESC followed by more bytes in the same packet starts a sequence.
//! - Bounds: an unfinished escape sequence longer than [`SEQUENCE_MAX`] bytes
//!   is dropped, a bracketed paste keeps at most [`PASTE_MAX_CHARS`]
//!   characters (the rest is read and thrown away up to the paste's end), so
//!   a connection never holds more than about 40 kB of undecoded input.
//! - Rate: a connection may send [`EVENTS_PER_SECOND`] events a second on
//!   average, in bursts of up to [`EVENTS_BURST`]; more are dropped.
//! - Cleaning: pasted text loses every control character but newline and
//!   tab, with any escape sequence it carries, and a typed character that is
//!   a control character is dropped; see [`clean_text`].

use crossterm::event::{Event, KeyCode};

/// The most characters a paste keeps.
pub const PASTE_MAX_CHARS: usize = 10_000;
/// The longest escape sequence kept while waiting for its end.
const SEQUENCE_MAX: usize = 64;
/// Bytes a paste may hold: four per character (UTF-8) and its start marker.
const PASTE_MAX_BYTES: usize = PASTE_MAX_CHARS * 4 + PASTE_START.len();
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";
const ESC: u8 = 0x1b;

/// Events a connection may send each second, on average.
pub(crate) const EVENTS_PER_SECOND: f64 = 500.0;
/// Events a connection may send at once (a paste into a terminal that does
/// not mark pastes arrives as one key per character).
pub(crate) const EVENTS_BURST: f64 = 2_000.0;

/// How many events a connection may still send now: a token bucket that
/// refills at [`EVENTS_PER_SECOND`] up to [`EVENTS_BURST`]. Far above any
/// typing, it keeps one table from flooding the app's queue.
#[derive(Debug)]
pub(crate) struct Budget {
    tokens: f64,
    last: std::time::Instant,
}

impl Budget {
    pub(crate) fn new(now: std::time::Instant) -> Budget {
        Budget { tokens: EVENTS_BURST, last: now }
    }

    /// Takes one event's worth; false if there is none left.
    pub(crate) fn take(&mut self, now: std::time::Instant) -> bool {
        let refill = now.saturating_duration_since(self.last).as_secs_f64() * EVENTS_PER_SECOND;
        self.tokens = (self.tokens + refill).min(EVENTS_BURST);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Turns one connection's bytes into events, keeping what an unfinished
/// sequence has so far between packets.
#[derive(Debug, Default)]
pub(crate) struct Decoder {
    pending: Vec<u8>,
    /// A paste past [`PASTE_MAX_BYTES`]: the last bytes seen, to find its end.
    overflow: Option<Vec<u8>>,
}

impl Decoder {
    /// Decodes one packet's bytes, calling `emit` for each event in order.
    pub(crate) fn feed(&mut self, bytes: &[u8], mut emit: impl FnMut(Event)) {
        for (i, &byte) in bytes.iter().enumerate() {
            if let Some(tail) = &mut self.overflow {
                tail.push(byte);
                if tail.len() > PASTE_END.len() {
                    tail.remove(0);
                }
                if tail == PASTE_END {
                    self.overflow = None;
                    // The marker may have begun before the cut.
                    if let Some(k) = (1..PASTE_END.len()).rev().find(|&k| self.pending.ends_with(&PASTE_END[..k])) {
                        self.pending.truncate(self.pending.len() - k);
                    }
                    self.pending.extend_from_slice(PASTE_END);
                    self.parse(&mut emit);
                }
                continue;
            }
            self.pending.push(byte);
            let more_in_packet = i + 1 < bytes.len();
            if self.pending == [ESC] && more_in_packet {
                continue;
            }
            self.parse(&mut emit);
        }
    }

    fn parse(&mut self, emit: &mut impl FnMut(Event)) {
        match terminput::Event::parse_from(&self.pending) {
            Ok(Some(event)) => {
                self.pending.clear();
                if let Some(event) = to_crossterm(event) {
                    emit(event);
                }
            }
            Ok(None) if self.pending.starts_with(PASTE_START) => {
                if self.pending.len() >= PASTE_MAX_BYTES {
                    // Seeded with the last bytes kept, in case the end
                    // marker straddles the cut.
                    let seed = self.pending.len() - (PASTE_END.len() - 1);
                    self.overflow = Some(self.pending[seed..].to_vec());
                }
            }
            Ok(None) => {
                if self.pending.len() > SEQUENCE_MAX {
                    self.pending.clear();
                }
            }
            Err(_) => self.pending.clear(),
        }
    }
}

/// The crossterm event for a decoded one, cleaned; `None` for what a table
/// may not send (a control character as text, a paste with nothing left).
fn to_crossterm(event: terminput::Event) -> Option<Event> {
    match terminput_crossterm::to_crossterm(event).ok()? {
        Event::Key(key) if matches!(key.code, KeyCode::Char(c) if c.is_control()) => None,
        Event::Paste(text) => {
            let text = clean_text(&text, PASTE_MAX_CHARS);
            (!text.is_empty()).then_some(Event::Paste(text))
        }
        event => Some(event),
    }
}

/// Text a table sent, made safe to show on any screen: escape sequences
/// (CSI, OSC, DCS and the other string sequences, in their 7-bit and 8-bit
/// forms) are removed whole, every other control character but newline and
/// tab is removed, CR and CRLF become newline, bidirectional overrides are
/// removed, and at most `max_chars` characters are kept.
pub fn clean_text(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars));
    let mut kept = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if kept >= max_chars {
            break;
        }
        match c {
            '\u{1b}' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | 'X' | '^' | '_') => skip_string(&mut chars),
                // intermediate bytes, then one final byte
                Some(' '..='/') => {
                    while chars.next_if(|c| (' '..='/').contains(c)).is_some() {}
                    chars.next();
                }
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
                kept += 1;
            }
            '\n' | '\t' => {
                out.push(c);
                kept += 1;
            }
            // Everything the screens treat as hidden: controls, bidi
            // overrides, zero-width and other format characters.
            c if crate::domain::sanitize::is_hidden(c) => {}
            c => {
                out.push(c);
                kept += 1;
            }
        }
    }
    out
}

/// Parameters and intermediates, then the final byte.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.next_if(|c| ('\u{20}'..='\u{3f}').contains(c)).is_some() {}
    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
}

/// Everything up to BEL or the string terminator (ESC \ or U+009C).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyEvent, KeyEventKind, KeyModifiers};

    use super::*;

    fn decode(packets: &[&[u8]]) -> Vec<Event> {
        let mut decoder = Decoder::default();
        let mut events = Vec::new();
        for packet in packets {
            decoder.feed(packet, |e| events.push(e));
        }
        events
    }

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn letters_enter_and_arrows_become_key_presses() {
        let events = decode(&[b"ab", b"\r", b"\x1b[A", b"\x1bOB", b"\x7f"]);
        assert_eq!(
            events,
            [
                key(KeyCode::Char('a')),
                key(KeyCode::Char('b')),
                key(KeyCode::Enter),
                key(KeyCode::Up),
                key(KeyCode::Down),
                key(KeyCode::Backspace)
            ]
        );
        assert!(events.iter().all(|e| matches!(e, Event::Key(k) if k.kind == KeyEventKind::Press)));
    }

    #[test]
    fn a_lone_esc_in_its_packet_is_the_esc_key() {
        assert_eq!(decode(&[b"\x1b"]), [key(KeyCode::Esc)]);
        assert_eq!(decode(&[b"\x1b", b"\x1b"]), [key(KeyCode::Esc), key(KeyCode::Esc)]);
        assert_eq!(decode(&[b"\x1b[D"]), [key(KeyCode::Left)]);
        assert_eq!(decode(&[b"\x1bx"]), [Event::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT))]);
    }

    #[test]
    fn a_sequence_split_across_packets_is_still_one_key() {
        assert_eq!(
            decode(&[b"\x1b[", b"1;5", b"C"]),
            [Event::Key(KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL))]
        );
        assert_eq!(decode(&[b"\xc3", b"\xa9"]), [key(KeyCode::Char('é'))]);
    }

    #[test]
    fn ctrl_keys_decode_but_c1_controls_as_text_do_not() {
        assert_eq!(decode(&[b"\x03"]), [Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))]);
        assert_eq!(decode(&[b"\xc2\x9b", b"x"]), [key(KeyCode::Char('x'))]);
    }

    #[test]
    fn a_paste_arrives_whole_and_cleaned() {
        let events = decode(&[b"\x1b[200~one\r\ntwo\x1b[31m red\x1b]0;title\x07\x00\ttab", b"\x1b[201~", b"z"]);
        assert_eq!(events, [Event::Paste("one\ntwo red\ttab".into()), key(KeyCode::Char('z'))]);
    }

    #[test]
    fn a_long_paste_is_cut_at_ten_thousand_characters_and_input_after_it_still_works() {
        let mut packet = b"\x1b[200~".to_vec();
        packet.extend(std::iter::repeat_n(b'x', 100_000));
        packet.extend_from_slice(b"\x1b[201~q");
        let events = decode(&[&packet[..30_000], &packet[30_000..]]);
        assert_eq!(events.len(), 2);
        let Event::Paste(text) = &events[0] else { panic!("{events:?}") };
        assert_eq!(text.chars().count(), PASTE_MAX_CHARS);
        assert_eq!(events[1], key(KeyCode::Char('q')));
    }

    #[test]
    fn a_paste_whose_end_marker_straddles_the_cut_still_ends() {
        let mut packet = b"\x1b[200~".to_vec();
        packet.extend(std::iter::repeat_n(b'y', PASTE_MAX_BYTES - PASTE_START.len() - 3));
        packet.extend_from_slice(b"\x1b[201~w");
        let events = decode(&[&packet]);
        assert_eq!(events.len(), 2, "{:?}", events.get(1));
        assert!(matches!(&events[0], Event::Paste(t) if t.chars().all(|c| c == 'y')));
        assert_eq!(events[1], key(KeyCode::Char('w')));
    }

    #[test]
    fn an_endless_sequence_is_dropped_not_kept() {
        let mut decoder = Decoder::default();
        let mut bytes = b"\x1b[".to_vec();
        bytes.extend(std::iter::repeat_n(b'1', 10_000));
        decoder.feed(&bytes, |_| {});
        assert!(decoder.pending.len() <= SEQUENCE_MAX + 1);
        let mut events = Vec::new();
        decoder.feed(b"a", |e| events.push(e));
        assert_eq!(events, [key(KeyCode::Char('a'))]);
    }

    #[test]
    fn the_event_budget_allows_a_burst_then_refills_at_its_rate() {
        let start = std::time::Instant::now();
        let mut budget = Budget::new(start);
        assert!((0..2_000).all(|_| budget.take(start)));
        assert!(!budget.take(start));
        let later = start + std::time::Duration::from_millis(100);
        assert_eq!((0..100).filter(|_| budget.take(later)).count(), 50);
    }

    #[test]
    fn cleaning_removes_controls_sequences_and_bidi_overrides() {
        assert_eq!(clean_text("a\x1b[2J\x1bP1;2qdata\x1b\\b\u{9b}31mc\u{202e}d\u{7f}e\x1b7f", 100), "abcdef");
        assert_eq!(clean_text("line\rnext\r\nlast", 100), "line\nnext\nlast");
        assert_eq!(clean_text("abcdef", 3), "abc");
    }
}
