//! Colours, markers and box drawing. Everything that must be seen — the selection, the
//! focused pane, the lead unit, a mismatch — is also carried by a marker, bold or text, so
//! it survives `NO_COLOR` and a 16-colour terminal.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::model::annotation::Status;

/// How many colours the terminal has said it can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorLevel {
    /// `NO_COLOR` is set, or `TERM=dumb`.
    None,
    /// The 16 ANSI colours: always safe.
    Basic,
    /// `TERM` says 256 colours.
    Indexed,
    /// `COLORTERM` says truecolor / 24bit.
    True,
}

impl ColorLevel {
    /// Decide from the environment, as the terminal describes itself.
    pub fn detect(env: impl Fn(&str) -> Option<String>) -> Self {
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorLevel::None;
        }
        let term = env("TERM").unwrap_or_default();
        if term == "dumb" {
            return ColorLevel::None;
        }
        let colorterm = env("COLORTERM").unwrap_or_default().to_ascii_lowercase();
        if colorterm.contains("truecolor") || colorterm.contains("24bit") {
            ColorLevel::True
        } else if term.contains("256color") {
            ColorLevel::Indexed
        } else {
            ColorLevel::Basic
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub colors: ColorLevel,
    pub ascii: bool,
}

impl Theme {
    pub fn new(colors: ColorLevel, ascii: bool) -> Self {
        Self { colors, ascii }
    }

    fn fg(&self, color: Color) -> Style {
        if self.colors == ColorLevel::None {
            Style::new()
        } else {
            Style::new().fg(color)
        }
    }

    fn accent(&self) -> Color {
        match self.colors {
            ColorLevel::True => Color::Rgb(0x4f, 0xa3, 0xe0),
            ColorLevel::Indexed => Color::Indexed(74),
            _ => Color::Cyan,
        }
    }

    /// The selected row: a marker (see [`Theme::marker`]) plus bold; with colour, a
    /// background as well when its pane has the focus.
    pub fn selected(&self, focused: bool) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        match (self.colors, focused) {
            (ColorLevel::None, _) => style,
            (_, true) => style.fg(Color::Black).bg(self.accent()),
            (_, false) => style.fg(self.accent()),
        }
    }

    /// Put before the selected row, so the selection shows without colour.
    pub fn marker(&self) -> &'static str {
        if self.ascii { ">" } else { "▶" }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(self.accent()).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    /// The border of a pane; focused panes get a heavier line (or `#` in ASCII).
    pub fn border_set(&self, focused: bool) -> border::Set<'static> {
        match (self.ascii, focused) {
            (true, true) => ASCII_FOCUSED,
            (true, false) => ASCII,
            (false, true) => border::THICK,
            (false, false) => border::PLAIN,
        }
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn heading(&self) -> Style {
        self.fg(self.accent()).add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        if self.colors == ColorLevel::None {
            Style::new()
        } else {
            Style::new().fg(Color::DarkGray)
        }
    }

    pub fn lead(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn figure(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    pub fn warning(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// A search match inside text: underlined, so it shows without colour too.
    pub fn highlight(&self) -> Style {
        let style = Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
        if self.colors == ColorLevel::None {
            style
        } else {
            style.fg(Color::Black).bg(Color::Yellow)
        }
    }

    pub fn tab(&self, active: bool) -> Style {
        if active {
            self.selected(true)
        } else {
            Style::new()
        }
    }

    pub fn bar(&self) -> Style {
        if self.colors == ColorLevel::None {
            Style::new()
        } else {
            Style::new().fg(Color::White).bg(Color::DarkGray)
        }
    }

    pub fn key(&self) -> Style {
        self.fg(self.accent()).add_modifier(Modifier::BOLD)
    }

    /// Bullet for list items and lines of the detail pane.
    pub fn bullet(&self) -> &'static str {
        if self.ascii { "*" } else { "•" }
    }

    pub fn lead_mark(&self) -> &'static str {
        if self.ascii { "*" } else { "★" }
    }

    /// A status's colour; the symbol and the text carry it without colour.
    pub fn status(&self, status: Status) -> Style {
        let color = match status {
            Status::NotStarted => return self.dim(),
            Status::OnTrack => Color::Green,
            Status::AtRisk => Color::Yellow,
            Status::Behind => Color::Red,
            Status::Done => Color::Blue,
            Status::Deferred => Color::Magenta,
        };
        self.fg(color).add_modifier(Modifier::BOLD)
    }

    /// A status's symbol: each a different shape, so statuses differ without colour.
    pub fn status_symbol(&self, status: Status) -> &'static str {
        match (self.ascii, status) {
            (false, Status::NotStarted) => "○",
            (false, Status::OnTrack) => "●",
            (false, Status::AtRisk) => "▲",
            (false, Status::Behind) => "▼",
            (false, Status::Done) => "✔",
            (false, Status::Deferred) => "‖",
            (true, Status::NotStarted) => "o",
            (true, Status::OnTrack) => "+",
            (true, Status::AtRisk) => "!",
            (true, Status::Behind) => "v",
            (true, Status::Done) => "x",
            (true, Status::Deferred) => "=",
        }
    }

    /// Joins breadcrumb parts.
    pub fn crumb(&self) -> &'static str {
        if self.ascii { " > " } else { " › " }
    }
}

const ASCII: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

const ASCII_FOCUSED: border::Set<'static> = border::Set {
    top_left: "#",
    top_right: "#",
    bottom_left: "#",
    bottom_right: "#",
    vertical_left: "#",
    vertical_right: "#",
    horizontal_top: "=",
    horizontal_bottom: "=",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn colour_level_follows_the_terminal() {
        assert_eq!(
            ColorLevel::detect(env(&[("TERM", "xterm")])),
            ColorLevel::Basic
        );
        assert_eq!(
            ColorLevel::detect(env(&[("TERM", "xterm-256color")])),
            ColorLevel::Indexed
        );
        assert_eq!(
            ColorLevel::detect(env(&[
                ("TERM", "xterm-256color"),
                ("COLORTERM", "truecolor")
            ])),
            ColorLevel::True
        );
        assert_eq!(
            ColorLevel::detect(env(&[("TERM", "xterm-256color"), ("NO_COLOR", "1")])),
            ColorLevel::None
        );
        assert_eq!(
            ColorLevel::detect(env(&[("TERM", "linux")])),
            ColorLevel::Basic
        );
    }

    #[test]
    fn selection_is_visible_without_colour() {
        let theme = Theme::new(ColorLevel::None, false);
        assert!(theme.selected(true).add_modifier.contains(Modifier::BOLD));
        assert_eq!(theme.selected(true).bg, None);
        assert!(!theme.marker().is_empty());
    }
}
