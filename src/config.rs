//! The user's settings: `config.ron` in the configuration directory, listing
//! only what differs from the defaults (as gitui's key and theme files do).
//!
//! ```ron
//! (
//!     theme: Light,
//!     projector_theme: HighContrast,
//!     keys: { "next_stage": ["n", "PgDn"] },
//! )
//! ```
//!
//! A missing file means every default. A file that cannot be used stops
//! the screens from opening, with the file, line and column: a key that
//! silently did something else in front of a room would be worse.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use crate::keys::{self, KeyPress, Keymap};
use crate::store::format::{self, LoadError};
use crate::theme::ThemeName;

/// The file as written: every part optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    theme: ThemeName,
    #[serde(default)]
    projector_theme: ThemeName,
    /// Whether the screens take the mouse (the wheel and clicks).
    #[serde(default = "yes")]
    mouse: bool,
    /// Action name to its keys: one key (`"n"`) or several (`["n", "PgDn"]`).
    #[serde(default)]
    keys: BTreeMap<String, OneOrMany>,
}

fn yes() -> bool {
    true
}

impl Default for ConfigFile {
    fn default() -> Self {
        ConfigFile { theme: ThemeName::Auto, projector_theme: ThemeName::Auto, mouse: true, keys: BTreeMap::new() }
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(key) => vec![key],
            OneOrMany::Many(keys) => keys,
        }
    }
}

/// The settings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The theme of the screens (`Auto`: light or dark as the terminal is).
    pub theme: ThemeName,
    /// The projector view's theme (`Auto`: high contrast, or light on a
    /// light terminal).
    pub projector_theme: ThemeName,
    pub keys: Keymap,
    /// Whether the screens take the mouse: the wheel scrolls and a click
    /// selects. While they do, the terminal selects text with Shift held
    /// (Option on macOS); `false` leaves the mouse to the terminal.
    pub mouse: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { theme: ThemeName::Auto, projector_theme: ThemeName::Auto, keys: Keymap::default(), mouse: true }
    }
}

impl Settings {
    /// Reads the settings file; a missing one is every default.
    pub fn load(path: &Path) -> Result<Settings, LoadError> {
        if !path.exists() {
            return Ok(Settings::default());
        }
        let text = format::read_text(path)?;
        Settings::parse(&text, path)
    }

    /// The settings in `text`, read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Settings, LoadError> {
        let file: ConfigFile =
            if text.trim().is_empty() { ConfigFile::default() } else { format::parse_ron(text, path)? };
        let mut overrides = Vec::new();
        for (name, list) in file.keys {
            let Some((_, action)) = keys::action_names().into_iter().find(|(n, _)| *n == name) else {
                let names: Vec<&str> = keys::action_names().into_iter().map(|(n, _)| n).collect();
                let guess = names
                    .iter()
                    .map(|n| (strsim::jaro_winkler(n, &name), *n))
                    .filter(|(score, _)| *score > 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map_or_else(String::new, |(_, n)| format!(" Did you mean \"{n}\"?"));
                return Err(format::problem_at(
                    path,
                    position_of(text, &format!("\"{name}\"")),
                    format!(
                        "\"{name}\" is not an action's name.{guess} `roundtable config` lists them all with their keys."
                    ),
                ));
            };
            let mut presses = Vec::new();
            for key in list.into_vec() {
                let press = KeyPress::parse(&key)
                    .map_err(|why| format::problem_at(path, position_of(text, &format!("\"{key}\"")), why))?;
                presses.push(press);
            }
            overrides.push((action, presses));
        }
        let keys = Keymap::with_overrides(overrides).map_err(|problems| {
            format::problem_at(
                path,
                position_of(text, "keys"),
                format!("these keys cannot be used together:\n  - {}", problems.join("\n  - ")),
            )
        })?;
        Ok(Settings { theme: file.theme, projector_theme: file.projector_theme, keys, mouse: file.mouse })
    }
}

/// Line and column (1-based) of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> Option<(usize, usize)> {
    let at = text.find(needle)?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, col))
}

/// Every setting at its default, written as the file would say it, with
/// the keys as comments showing each action's keys, where they apply and
/// what they do: what `roundtable config` prints. Read as a settings file
/// it gives the defaults.
pub fn defaults_text() -> String {
    let names: Vec<&str> = ThemeName::ALL.iter().map(|t| t.as_str()).collect();
    let mut out = String::new();
    let _ = writeln!(out, "// Every setting at its default. Put only what you change in the file.");
    let _ = writeln!(out, "(");
    let _ =
        writeln!(out, "    // {}: the screens' colours (Auto: light or dark, as the terminal is).", names.join(", "));
    let _ = writeln!(out, "    theme: Auto,");
    let _ = writeln!(out, "    // The projector view's colours (Auto: high contrast, or light on a light terminal).");
    let _ = writeln!(out, "    projector_theme: Auto,");
    let _ = writeln!(out, "    // The wheel scrolls and a click selects; select text with Shift held");
    let _ = writeln!(out, "    // (Option on macOS). false leaves the mouse to the terminal.");
    let _ = writeln!(out, "    mouse: true,");
    let _ = writeln!(out, "    // Each action and its keys. An action given keys here has those keys,");
    let _ = writeln!(out, "    // and only those, wherever it has a key; Ctrl-c always saves and quits.");
    let _ = writeln!(out, "    keys: {{");
    for action in Keymap::defaults() {
        for (i, set) in action.sets.iter().enumerate() {
            let keys: Vec<String> = set.keys.iter().map(|k| format!("{:?}", file_key_name(k))).collect();
            let keys = format!("[{}]", keys.join(", "));
            if i == 0 {
                let line = format!("        // {:?}: {keys},", action.name);
                let what = match set.labels.as_slice() {
                    [a, b, c, _, ..] => format!("{a}; {b}; {c}; …"),
                    labels => labels.join("; "),
                };
                let _ = writeln!(out, "{line:<48} {what}");
            } else {
                let _ = writeln!(out, "        //     and {keys} on {}", places(&set.contexts));
            }
        }
    }
    let _ = writeln!(out, "    }},");
    let _ = writeln!(out, ")");
    out
}

/// Where a set of keys applies, in words; the forms together.
fn places(contexts: &[keys::Context]) -> String {
    let forms = contexts.iter().filter(|c| matches!(c, keys::Context::Form(_))).count();
    let mut named: Vec<String> = Vec::new();
    for context in contexts {
        match context {
            keys::Context::Form(_) if forms > 2 => {
                if !named.iter().any(|n| n == "the forms") {
                    named.push("the forms".into());
                }
            }
            other => named.push(other.describe()),
        }
    }
    crate::domain::and_list(&named)
}

/// A key's name as the file writes it: the arrows spelt out, so the file
/// is plain ASCII.
fn file_key_name(shown: &str) -> String {
    shown.replace('↑', "Up").replace('↓', "Down").replace('←', "Left").replace('→', "Right")
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::keys::{Context, Seat};
    use crate::message::Message;

    fn parse(text: &str) -> Result<Settings, LoadError> {
        Settings::parse(text, Path::new("config.ron"))
    }

    #[test]
    fn an_empty_file_is_every_default() {
        assert_eq!(parse("").unwrap(), Settings::default());
        assert_eq!(parse("()").unwrap(), Settings::default());
    }

    #[test]
    fn the_printed_defaults_read_back_as_the_defaults() {
        let settings = parse(&defaults_text()).unwrap();
        assert_eq!(settings.theme, ThemeName::Auto);
        let press = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        for (context, key, action) in [
            (Context::Barriers, 'a', Message::Add),
            (Context::Injects, 'w', Message::Add),
            (Context::Briefing, 'n', Message::ToggleNotes),
            (Context::Actions, ']', Message::NextStage),
        ] {
            assert_eq!(settings.keys.action_for(context, Seat::Full, &press(key)), Some(action), "{context:?} {key}");
        }
    }

    #[test]
    fn a_key_given_in_the_file_replaces_the_default_everywhere() {
        let settings = parse(r#"(theme: Light, keys: { "add": "A", "next_stage": ["N", "PgDn"] })"#).unwrap();
        assert_eq!(settings.theme, ThemeName::Light);
        assert_eq!(settings.projector_theme, ThemeName::Auto);
        let keys = &settings.keys;
        let press = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(keys.action_for(Context::Barriers, Seat::Full, &press('A')), Some(Message::Add));
        assert_eq!(keys.action_for(Context::Barriers, Seat::Full, &press('a')), None);
        assert_eq!(keys.action_for(Context::Barriers, Seat::Full, &press(']')), None);
        assert_eq!(keys.key_for(Context::Barriers, Seat::Full, Message::NextStage).as_deref(), Some("N"));
        let help = keys.help_rows(Context::Barriers, Seat::Full);
        assert!(help.contains(&("N/PgDn".to_string(), "next stage")), "{help:?}");
        assert!(help.contains(&("A".to_string(), "add barrier")), "{help:?}");
    }

    #[test]
    fn a_clash_is_refused_naming_both_meanings_and_where() {
        let err = parse(r#"(keys: { "next_stage": "n" })"#).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("config.ron:1:2"), "{text}");
        assert!(text.contains("\"speaker notes\" and \"next stage\" on the briefing stage"), "{text}");
        // Moving the other key out of the way settles it.
        assert!(parse(r#"(keys: { "next_stage": "n", "speaker_notes": "v", "older_news": "N" })"#).is_ok());
    }

    #[test]
    fn bad_names_and_keys_are_named_with_their_place() {
        let err = parse("(\n  keys: {\n    \"nxt_stage\": \"n\",\n  },\n)").unwrap_err();
        assert_eq!(err.position, Some((3, 5)));
        assert!(err.message.contains("Did you mean \"next_stage\"?"), "{}", err.message);
        let err = parse("(keys: { \"add\": \"Hyper-q\" })").unwrap_err();
        assert_eq!(err.position, Some((1, 17)));
        assert!(err.message.contains("is not a key"), "{}", err.message);
        // Ctrl-c stays "save and quit", whatever else quits.
        let keys = parse("(keys: { \"quit\": \"Q\" })").unwrap().keys;
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(keys.action_for(Context::Actions, Seat::Full, &ctrl_c), Some(Message::Quit));
        assert!(parse("(keys: { \"undo\": \"Ctrl-c\" })").is_err());
        let err = parse("(theme: Purple)").unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(1));
        let err = parse("(colour: Light)").unwrap_err();
        assert!(err.position.is_some());
    }

    #[test]
    fn key_names_read_as_people_write_them() {
        let k = |t| KeyPress::parse(t).unwrap();
        assert_eq!(k("Ctrl-s"), KeyPress { code: KeyCode::Char('s'), modifiers: KeyModifiers::CONTROL });
        assert_eq!(k("shift-n"), KeyPress { code: KeyCode::Char('N'), modifiers: KeyModifiers::NONE });
        assert_eq!(k("Shift-Tab"), KeyPress { code: KeyCode::BackTab, modifiers: KeyModifiers::NONE });
        assert_eq!(k("Shift-Up"), KeyPress { code: KeyCode::Up, modifiers: KeyModifiers::SHIFT });
        assert_eq!(k("pagedown"), k("PgDn"));
        assert_eq!(k("F5"), KeyPress { code: KeyCode::F(5), modifiers: KeyModifiers::NONE });
        assert_eq!(k("-"), KeyPress { code: KeyCode::Char('-'), modifiers: KeyModifiers::NONE });
        assert_eq!(k("Ctrl--"), KeyPress { code: KeyCode::Char('-'), modifiers: KeyModifiers::CONTROL });
        for bad in ["", "ab", "F13", "Ctrl-", "\t"] {
            assert!(KeyPress::parse(bad).is_err(), "{bad:?}");
        }
    }
}
