//! Colours and emphasis. The palette is `assets/theme.ron`, built into the
//! binary. With `NO_COLOR` set, every style falls back to bold, reversed
//! and underlined text on the terminal's own colours.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

const PALETTE_RON: &str = include_str!("../../assets/theme.ron");
const PROJECTOR_PALETTE_RON: &str = include_str!("../../assets/projector-theme.ron");

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
        })
    }

    /// The built-in palette. The asset is checked by the test suite.
    pub fn built_in() -> Palette {
        Palette::parse(PALETTE_RON).unwrap_or_else(|e| panic!("assets/theme.ron is broken: {e}"))
    }

    /// The high-contrast palette of the projector view.
    pub fn projector() -> Palette {
        Palette::parse(PROJECTOR_PALETTE_RON).unwrap_or_else(|e| panic!("assets/projector-theme.ron is broken: {e}"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// `None`: monochrome.
    palette: Option<Palette>,
    /// The projector view's palette, read once with the main one.
    projector: Option<Palette>,
}

impl Theme {
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if no_color {
            Theme::monochrome()
        } else {
            Theme { palette: Some(Palette::built_in()), projector: Some(Palette::projector()) }
        }
    }

    pub fn monochrome() -> Self {
        Theme { palette: None, projector: None }
    }

    /// The projector's high-contrast version of this theme (still
    /// monochrome under `NO_COLOR`).
    pub fn for_projector(self) -> Self {
        Theme { palette: self.projector, projector: self.projector }
    }

    /// The background the projector view paints first.
    pub fn backdrop(self) -> Style {
        match self.palette {
            Some(_) => Style::new().fg(Color::White).bg(Color::Black),
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
    fn the_built_in_palette_parses() {
        let p = Palette::built_in();
        assert_eq!(p.title, Color::Cyan);
        assert_eq!(p.border, Color::DarkGray);
        assert_eq!(p.severity[4], Color::Red);
    }

    #[test]
    fn the_projector_palette_parses_and_avoids_grey() {
        let p = Palette::projector();
        assert_ne!(p.muted, Color::Gray);
        assert_ne!(p.border, Color::DarkGray);
        assert_eq!(Theme::monochrome().for_projector(), Theme::monochrome());
    }

    #[test]
    fn an_unknown_colour_is_named() {
        let text = PALETTE_RON.replace("\"cyan\"", "\"ultraviolet\"");
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
