//! What the terminal can do beyond a grid of cells, asked once at start.
//!
//! Whether its background is light or dark is asked with OSC 10 and 11
//! (terminal-colorsaurus), before the app takes the terminal over, so that
//! a projector set to a white background gets the light theme.
//!
//! Kitty's text-sizing protocol (OSC 66, kitty 0.40 and later) draws
//! letters several cells tall from the terminal's own font: crisper on a
//! projector than block-glyph letters. It is used where the terminal says
//! it has it; block glyphs work everywhere else.

use std::io::Write;

/// How the projector draws its large letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Letters {
    /// Block-glyph letters (tui-big-text): every terminal can show them.
    #[default]
    Blocks,
    /// The terminal's own font at several times its size (OSC 66).
    Sized,
}

/// Forces the choice: `on` (without asking the terminal) or `off`.
pub const TEXT_SIZING_ENV: &str = "ROUNDTABLE_TEXT_SIZING";

/// Whether the environment names a terminal that may have the protocol;
/// others are not asked, since a terminal that does not answer the
/// question would hold up the start.
fn may_have_text_sizing() -> bool {
    let var = |name: &str| std::env::var(name).unwrap_or_default().to_ascii_lowercase();
    var("TERM").contains("kitty") || std::env::var_os("KITTY_WINDOW_ID").is_some() || var("TERM_PROGRAM") == "ghostty"
}

/// Decides how large letters are drawn. Call with the terminal in raw mode
/// (after `ratatui::init`), before the first draw.
pub fn letters() -> Letters {
    match std::env::var(TEXT_SIZING_ENV).unwrap_or_default().to_ascii_lowercase().as_str() {
        "on" | "1" | "yes" => return Letters::Sized,
        "off" | "0" | "no" => return Letters::Blocks,
        _ => {}
    }
    if may_have_text_sizing() && probe_text_sizing() { Letters::Sized } else { Letters::Blocks }
}

/// The protocol's own test: a space drawn at scale two moves the cursor two
/// cells where the protocol is understood, none where it is ignored.
fn probe_text_sizing() -> bool {
    let mut out = std::io::stdout();
    if write!(out, "\x1b[H\x1b]66;s=2; \x07").and_then(|()| out.flush()).is_err() {
        return false;
    }
    let moved = crossterm::cursor::position();
    // The probe's space is blank, and the first draw covers it.
    let _ = write!(out, "\x1b[H").and_then(|()| out.flush());
    moved.is_ok_and(|at| at == (2, 0))
}

/// The escape sequence that draws `text` with each letter `scale` cells
/// wide and tall.
pub fn sized_text(text: &str, scale: u8) -> String {
    format!("\x1b]66;s={};{text}\x07", scale.clamp(1, 7))
}

/// Whether a cell's symbol is sized text (so the terminal's picture of the
/// screen must be redrawn whole when such cells change: a sized letter
/// is not erased by writing into its lower rows).
pub fn is_sized_text(symbol: &str) -> bool {
    symbol.starts_with("\x1b]66;")
}

/// Forces the background: `light` or `dark`, without asking the terminal.
pub const BACKGROUND_ENV: &str = "ROUNDTABLE_BACKGROUND";

/// The longest wait for the answer. Terminals that answer the question
/// answer at once, and those that do not are found out at once (they answer
/// the device-attributes question sent after it); only a terminal that
/// answers neither is waited for, and then no longer than this.
const BACKGROUND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

/// The terminal's background, where the settings leave the theme to it and
/// the terminal says. Call before `ratatui::init`.
pub fn background(settings: &crate::config::Settings) -> Option<crate::theme::Background> {
    use crate::theme::{Background, ThemeName};
    match std::env::var(BACKGROUND_ENV).unwrap_or_default().to_ascii_lowercase().as_str() {
        "light" => return Some(Background::Light),
        "dark" => return Some(Background::Dark),
        _ => {}
    }
    if settings.theme != ThemeName::Auto && settings.projector_theme != ThemeName::Auto {
        return None;
    }
    let mut options = terminal_colorsaurus::QueryOptions::default();
    options.timeout = BACKGROUND_TIMEOUT;
    match terminal_colorsaurus::theme_mode(options) {
        Ok(terminal_colorsaurus::ThemeMode::Light) => Some(Background::Light),
        Ok(terminal_colorsaurus::ThemeMode::Dark) => Some(Background::Dark),
        Err(e) => {
            tracing::debug!("the terminal did not say its background: {e}");
            None
        }
    }
}
