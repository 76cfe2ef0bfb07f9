//! Colours and emphasis: three themes, built into the binary from
//! `assets/theme-*.ron`.
//!
//! - dark (the default) and light, for the terminal's own background;
//! - high-contrast, bright on black, which the projector view uses unless
//!   the terminal is light or the settings choose otherwise.
//!
//! With `NO_COLOR` set, every style falls back to bold, reversed and
//! underlined text on the terminal's own colours.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

const DARK_RON: &str = include_str!("../assets/theme-dark.ron");
const LIGHT_RON: &str = include_str!("../assets/theme-light.ron");
const HIGH_CONTRAST_RON: &str = include_str!("../assets/theme-high-contrast.ron");

/// The palette as written in the asset file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Palette")]
struct PaletteFile {
    title: String,
    heading: String,
    muted: String,
    key: String,
    selected_fg: String,
    selected_bg: String,
    border: String,
    info: String,
    warning: String,
    error_fg: String,
    error_bg: String,
    severity: Vec<String>,
    backdrop_fg: String,
    backdrop_bg: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    title: Color,
    heading: Color,
    muted: Color,
    key: Color,
    selected_fg: Color,
    selected_bg: Color,
    border: Color,
    info: Color,
    warning: Color,
    error_fg: Color,
    error_bg: Color,
    severity: [Color; 5],
    /// What the projector view paints under everything.
    backdrop: (Color, Color),
}

/// A theme by name, as the settings file and `--theme` give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
pub enum ThemeName {
    /// Light or dark, as the terminal's background is (dark where the
    /// terminal does not say).
    #[default]
    Auto,
    Dark,
    Light,
    /// Bright on black.
    HighContrast,
}

impl ThemeName {
    pub const ALL: [ThemeName; 4] = [ThemeName::Auto, ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast];

    /// The name as the settings file writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeName::Auto => "Auto",
            ThemeName::Dark => "Dark",
            ThemeName::Light => "Light",
            ThemeName::HighContrast => "HighContrast",
        }
    }
}

/// The terminal's background, where the terminal says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

impl Palette {
    /// Parses a palette; names the colour that is not understood.
    pub fn parse(text: &str) -> Result<Palette, String> {
        let file: PaletteFile = ron::from_str(text).map_err(|e| e.to_string())?;
        let c = |name: &str| Color::from_str(name).map_err(|_| format!("unknown colour \"{name}\""));
        Ok(Palette {
            title: c(&file.title)?,
            heading: c(&file.heading)?,
            muted: c(&file.muted)?,
            key: c(&file.key)?,
            selected_fg: c(&file.selected_fg)?,
            selected_bg: c(&file.selected_bg)?,
            border: c(&file.border)?,
            info: c(&file.info)?,
            warning: c(&file.warning)?,
            error_fg: c(&file.error_fg)?,
            error_bg: c(&file.error_bg)?,
            severity: match file.severity.as_slice() {
                [a, b, cc, d, e] => [c(a)?, c(b)?, c(cc)?, c(d)?, c(e)?],
                _ => return Err("severity needs five colours, for 1 to 5".into()),
            },
            backdrop: (c(&file.backdrop_fg)?, c(&file.backdrop_bg)?),
        })
    }

    /// A built-in palette (`Auto` is dark here: the choice between light
    /// and dark is [`Theme::chosen`]'s). The assets are checked by the
    /// test suite.
    #[allow(clippy::panic, reason = "the built-in themes are part of the program, and a test parses each")]
    pub fn built_in(name: ThemeName) -> Palette {
        let (file, text) = match name {
            ThemeName::Auto | ThemeName::Dark => ("theme-dark.ron", DARK_RON),
            ThemeName::Light => ("theme-light.ron", LIGHT_RON),
            ThemeName::HighContrast => ("theme-high-contrast.ron", HIGH_CONTRAST_RON),
        };
        Palette::parse(text).unwrap_or_else(|e| panic!("assets/{file} is broken: {e}"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// `None`: monochrome.
    palette: Option<Palette>,
    /// The projector view's palette, chosen with the main one.
    projector: Option<Palette>,
}

impl Default for Theme {
    /// The dark theme, with the high-contrast one for the projector.
    fn default() -> Self {
        Theme::chosen(ThemeName::Dark, ThemeName::Auto, None)
    }
}

impl Theme {
    /// The themes the settings name, for a terminal whose background is as
    /// given (`None`: it did not say). `NO_COLOR` wins over any choice.
    pub fn chosen(screen: ThemeName, projector: ThemeName, background: Option<Background>) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if no_color {
            return Theme::monochrome();
        }
        let light = background == Some(Background::Light);
        let screen = match screen {
            ThemeName::Auto if light => ThemeName::Light,
            name => name,
        };
        // A projector needs more contrast than a screen close to the eyes.
        let projector = match projector {
            ThemeName::Auto if light => ThemeName::Light,
            ThemeName::Auto => ThemeName::HighContrast,
            name => name,
        };
        Theme { palette: Some(Palette::built_in(screen)), projector: Some(Palette::built_in(projector)) }
    }

    pub fn monochrome() -> Self {
        Theme { palette: None, projector: None }
    }

    /// The projector's version of this theme (still monochrome under
    /// `NO_COLOR`).
    pub fn for_projector(self) -> Self {
        Theme { palette: self.projector, projector: self.projector }
    }

    /// The background the projector view paints first.
    pub fn backdrop(self) -> Style {
        match self.palette {
            Some(p) => Style::new().fg(p.backdrop.0).bg(p.backdrop.1),
            None => Style::new(),
        }
    }

    pub fn is_colour(self) -> bool {
        self.palette.is_some()
    }

    fn fg(self, pick: impl Fn(&Palette) -> Color) -> Style {
        self.palette.map_or(Style::new(), |p| Style::new().fg(pick(&p)))
    }

    pub fn text(self) -> Style {
        Style::new()
    }

    pub fn title(self) -> Style {
        self.fg(|p| p.title).add_modifier(Modifier::BOLD)
    }

    pub fn heading(self) -> Style {
        self.fg(|p| p.heading).add_modifier(Modifier::BOLD)
    }

    pub fn muted(self) -> Style {
        self.fg(|p| p.muted)
    }

    pub fn key(self) -> Style {
        self.fg(|p| p.key).add_modifier(Modifier::BOLD)
    }

    /// The current stage in the stage bar; the selected row in a list.
    pub fn selected(self) -> Style {
        match self.palette {
            Some(p) => Style::new().fg(p.selected_fg).bg(p.selected_bg).add_modifier(Modifier::BOLD),
            None => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    pub fn border(self) -> Style {
        self.fg(|p| p.border)
    }

    pub fn focus_border(self) -> Style {
        self.fg(|p| p.key).add_modifier(Modifier::BOLD)
    }

    pub fn info(self) -> Style {
        self.fg(|p| p.info)
    }

    pub fn warning(self) -> Style {
        self.fg(|p| p.warning).add_modifier(Modifier::BOLD)
    }

    pub fn error(self) -> Style {
        match self.palette {
            Some(p) => Style::new().fg(p.error_fg).bg(p.error_bg).add_modifier(Modifier::BOLD),
            None => Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }

    /// Severity 1-5 as a colour ramp, for the dots beside a barrier.
    pub fn severity(self, n: u8) -> Style {
        let index = usize::from(n.clamp(1, 5) - 1);
        let style = self.fg(|p| p.severity[index]);
        if n >= 5 { style.add_modifier(Modifier::BOLD) } else { style }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_palettes_parse() {
        let dark = Palette::built_in(ThemeName::Dark);
        assert_eq!(dark.title, Color::Cyan);
        assert_eq!(dark.border, Color::DarkGray);
        assert_eq!(dark.severity[4], Color::Red);
        let light = Palette::built_in(ThemeName::Light);
        assert_eq!(light.backdrop, (Color::Black, Color::White));
        // Yellow and grey vanish on white.
        for c in [light.title, light.heading, light.muted, light.key, light.warning, light.border] {
            assert!(!matches!(c, Color::Yellow | Color::LightYellow | Color::Gray | Color::White), "{c:?}");
        }
    }

    #[test]
    fn the_high_contrast_palette_avoids_grey() {
        let p = Palette::built_in(ThemeName::HighContrast);
        assert_ne!(p.muted, Color::Gray);
        assert_ne!(p.border, Color::DarkGray);
        assert_eq!(p.backdrop, (Color::White, Color::Black));
        assert_eq!(Theme::monochrome().for_projector(), Theme::monochrome());
    }

    #[test]
    fn a_light_terminal_gets_the_light_theme_on_screen_and_projector() {
        let light = Palette::built_in(ThemeName::Light);
        let theme = Theme::chosen(ThemeName::Auto, ThemeName::Auto, Some(Background::Light));
        assert_eq!(theme.palette, Some(light));
        assert_eq!(theme.for_projector().backdrop(), Style::new().fg(Color::Black).bg(Color::White));
        let dark = Theme::chosen(ThemeName::Auto, ThemeName::Auto, Some(Background::Dark));
        assert_eq!(dark.palette, Some(Palette::built_in(ThemeName::Dark)));
        assert_eq!(dark.projector, Some(Palette::built_in(ThemeName::HighContrast)));
        // A choice in the settings wins over the terminal's background.
        let chosen = Theme::chosen(ThemeName::Dark, ThemeName::HighContrast, Some(Background::Light));
        assert_eq!(chosen.palette, Some(Palette::built_in(ThemeName::Dark)));
        assert_eq!(chosen.projector, Some(Palette::built_in(ThemeName::HighContrast)));
    }

    #[test]
    fn an_unknown_colour_is_named() {
        let text = DARK_RON.replace("\"cyan\"", "\"ultraviolet\"");
        assert!(Palette::parse(&text).unwrap_err().contains("ultraviolet"));
    }

    #[test]
    fn monochrome_uses_no_colour_at_all() {
        let t = Theme::monochrome();
        for style in [t.title(), t.heading(), t.muted(), t.key(), t.selected(), t.warning(), t.error(), t.severity(5)] {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
    }
}
