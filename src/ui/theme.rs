//! Colours, markers and box drawing. Everything that must be seen — the selection, the
//! focused pane, the lead unit, a mismatch — is also carried by a marker, bold or text, so
//! it survives `NO_COLOR` and a 16-colour terminal.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::model::annotation::Status;
use crate::model::progress::Light;

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

/// Whether the terminal draws dark text on a light background or the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

/// The colours of one palette at one colour level. Every foreground here keeps at least
/// 4.5:1 contrast (WCAG) against the background it is drawn on: the terminal's own for the
/// plain roles, `accent` under `on_accent`, `highlight_bg` under `highlight_fg`, `bg` under
/// everything when the background is painted (presenter mode). A unit test checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub accent: Color,
    pub on_accent: Color,
    /// `None`: the terminal's own foreground (no grey is readable on white in 16 colours).
    pub dim: Option<Color>,
    pub lead: Color,
    pub figure: Color,
    pub warning: Color,
    pub good: Color,
    pub amber: Color,
    pub done: Color,
    pub deferred: Color,
    pub highlight_fg: Color,
    pub highlight_bg: Color,
    /// Text and background when the palette paints its own background.
    pub fg: Color,
    pub bg: Color,
}

impl Palette {
    /// The palette for a background at a colour level (`None` draws no colour at all).
    pub const fn of(background: Background, colors: ColorLevel) -> &'static Palette {
        match (background, colors) {
            (Background::Dark, ColorLevel::True) => &DARK_TRUE,
            (Background::Dark, ColorLevel::Indexed) => &DARK_256,
            (Background::Dark, _) => &DARK_16,
            (Background::Light, ColorLevel::True) => &LIGHT_TRUE,
            (Background::Light, ColorLevel::Indexed) => &LIGHT_256,
            (Background::Light, _) => &LIGHT_16,
        }
    }

    /// Every (foreground, background) pair the theme draws; `None` is the terminal's own
    /// background.
    pub fn pairs(&self) -> Vec<(Color, Option<Color>)> {
        let mut pairs: Vec<(Color, Option<Color>)> = [
            self.accent,
            self.lead,
            self.figure,
            self.warning,
            self.good,
            self.amber,
            self.done,
            self.deferred,
        ]
        .into_iter()
        .chain(self.dim)
        .map(|fg| (fg, None))
        .collect();
        pairs.push((self.on_accent, Some(self.accent)));
        pairs.push((self.highlight_fg, Some(self.highlight_bg)));
        pairs.push((self.fg, Some(self.bg)));
        pairs
    }
}

/// xterm's 16 colours on black (its default profile, white text on black).
const DARK_16: Palette = Palette {
    accent: Color::Cyan,
    on_accent: Color::Black,
    dim: Some(Color::DarkGray),
    lead: Color::Yellow,
    figure: Color::Green,
    // Red (#cd0000) is 3.6:1 on black, magenta 4.48:1, blue 2.2:1: their bright forms.
    warning: Color::LightRed,
    good: Color::Green,
    amber: Color::Yellow,
    done: Color::LightCyan,
    deferred: Color::LightMagenta,
    highlight_fg: Color::Black,
    highlight_bg: Color::Yellow,
    fg: Color::White,
    bg: Color::Black,
};

/// xterm's 16 colours on white: only black, red, blue, magenta and bright blue are
/// readable there (green 2.4:1, yellow 1.7:1, cyan and grey under 4:1).
const LIGHT_16: Palette = Palette {
    accent: Color::Blue,
    on_accent: Color::White,
    dim: None,
    lead: Color::Magenta,
    figure: Color::Black,
    warning: Color::Red,
    good: Color::Blue,
    amber: Color::Magenta,
    done: Color::Black,
    deferred: Color::LightBlue,
    highlight_fg: Color::Black,
    highlight_bg: Color::Yellow,
    fg: Color::Black,
    bg: Color::White,
};

const DARK_256: Palette = Palette {
    accent: Color::Indexed(74),
    on_accent: Color::Indexed(16),
    dim: Some(Color::Indexed(244)),
    lead: Color::Indexed(178),
    figure: Color::Indexed(71),
    warning: Color::Indexed(203),
    good: Color::Indexed(71),
    amber: Color::Indexed(178),
    done: Color::Indexed(110),
    deferred: Color::Indexed(176),
    highlight_fg: Color::Indexed(16),
    highlight_bg: Color::Indexed(220),
    fg: Color::Indexed(231),
    bg: Color::Indexed(16),
};

const LIGHT_256: Palette = Palette {
    accent: Color::Indexed(25),
    on_accent: Color::Indexed(231),
    dim: Some(Color::Indexed(242)),
    lead: Color::Indexed(130),
    figure: Color::Indexed(28),
    warning: Color::Indexed(160),
    good: Color::Indexed(28),
    amber: Color::Indexed(130),
    done: Color::Indexed(61),
    deferred: Color::Indexed(127),
    highlight_fg: Color::Indexed(16),
    highlight_bg: Color::Indexed(220),
    fg: Color::Indexed(16),
    bg: Color::Indexed(231),
};

const DARK_TRUE: Palette = Palette {
    accent: Color::Rgb(0x4f, 0xa3, 0xe0),
    on_accent: Color::Rgb(0, 0, 0),
    dim: Some(Color::Rgb(0x8a, 0x8a, 0x8a)),
    lead: Color::Rgb(0xe5, 0xc0, 0x7b),
    figure: Color::Rgb(0x98, 0xc3, 0x79),
    warning: Color::Rgb(0xef, 0x6b, 0x6b),
    good: Color::Rgb(0x98, 0xc3, 0x79),
    amber: Color::Rgb(0xe5, 0xc0, 0x7b),
    done: Color::Rgb(0x61, 0xaf, 0xef),
    deferred: Color::Rgb(0xc6, 0x78, 0xdd),
    highlight_fg: Color::Rgb(0, 0, 0),
    highlight_bg: Color::Rgb(0xff, 0xd7, 0x5f),
    fg: Color::Rgb(0xff, 0xff, 0xff),
    bg: Color::Rgb(0, 0, 0),
};

const LIGHT_TRUE: Palette = Palette {
    accent: Color::Rgb(0x0b, 0x5c, 0xad),
    on_accent: Color::Rgb(0xff, 0xff, 0xff),
    dim: Some(Color::Rgb(0x66, 0x66, 0x66)),
    lead: Color::Rgb(0x8a, 0x5a, 0x00),
    figure: Color::Rgb(0x1a, 0x7f, 0x37),
    warning: Color::Rgb(0xc0, 0x39, 0x2b),
    good: Color::Rgb(0x1a, 0x7f, 0x37),
    amber: Color::Rgb(0x8a, 0x5a, 0x00),
    done: Color::Rgb(0x0b, 0x5c, 0xad),
    deferred: Color::Rgb(0x8e, 0x44, 0xad),
    highlight_fg: Color::Rgb(0, 0, 0),
    highlight_bg: Color::Rgb(0xff, 0xd7, 0x5f),
    fg: Color::Rgb(0, 0, 0),
    bg: Color::Rgb(0xff, 0xff, 0xff),
};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub colors: ColorLevel,
    pub ascii: bool,
    /// The terminal's background as detected or set; `None`: unknown, drawn as dark.
    pub background: Option<Background>,
    /// Paint the palette's own background under everything (presenter mode on a terminal
    /// whose background is unknown).
    pub painted: bool,
}

impl Theme {
    pub fn new(colors: ColorLevel, ascii: bool) -> Self {
        Self {
            colors,
            ascii,
            background: None,
            painted: false,
        }
    }

    /// The same theme for a terminal with this background (`None`: unknown).
    pub fn with_background(self, background: Option<Background>) -> Self {
        Self { background, ..self }
    }

    /// The palette drawn with: the background's, dark when it is unknown.
    pub fn palette(&self) -> &'static Palette {
        Palette::of(self.background.unwrap_or(Background::Dark), self.colors)
    }

    /// Presenter mode is for projectors: when the terminal's background is unknown it
    /// draws dark on light, painting that background itself.
    pub fn presenter(self) -> Self {
        if self.background.is_some() || self.colors == ColorLevel::None {
            self
        } else {
            Self {
                background: Some(Background::Light),
                painted: true,
                ..self
            }
        }
    }

    /// The style every cell starts from: the palette's own text and background when the
    /// theme paints its background, else the terminal's.
    pub fn base(&self) -> Style {
        if self.painted && self.colors != ColorLevel::None {
            let palette = self.palette();
            Style::new().fg(palette.fg).bg(palette.bg)
        } else {
            Style::new()
        }
    }

    fn fg(&self, color: Color) -> Style {
        if self.colors == ColorLevel::None {
            Style::new()
        } else {
            Style::new().fg(color)
        }
    }

    fn accent(&self) -> Color {
        self.palette().accent
    }

    /// The selected row: a marker (see [`Theme::marker`]) plus bold; with colour, a
    /// background as well when its pane has the focus.
    pub fn selected(&self, focused: bool) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        match (self.colors, focused) {
            (ColorLevel::None, _) => style,
            (_, true) => style.fg(self.palette().on_accent).bg(self.accent()),
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
            self.dim()
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
        match self.palette().dim {
            Some(color) => self.fg(color),
            None => Style::new(),
        }
    }

    pub fn lead(&self) -> Style {
        self.fg(self.palette().lead).add_modifier(Modifier::BOLD)
    }

    pub fn figure(&self) -> Style {
        self.fg(self.palette().figure).add_modifier(Modifier::BOLD)
    }

    pub fn warning(&self) -> Style {
        self.fg(self.palette().warning).add_modifier(Modifier::BOLD)
    }

    /// A search match inside text: underlined, so it shows without colour too.
    pub fn highlight(&self) -> Style {
        let style = Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
        if self.colors == ColorLevel::None {
            style
        } else {
            let palette = self.palette();
            style.fg(palette.highlight_fg).bg(palette.highlight_bg)
        }
    }

    pub fn tab(&self, active: bool) -> Style {
        if active {
            self.selected(true)
        } else {
            Style::new()
        }
    }

    /// The status bar: on the terminal's own background, so every colour drawn in it
    /// (hints, warnings, the author) keeps the contrast it has everywhere else.
    pub fn bar(&self) -> Style {
        Style::new()
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
        let palette = self.palette();
        let color = match status {
            Status::NotStarted => return self.dim(),
            Status::OnTrack => palette.good,
            Status::AtRisk => palette.amber,
            Status::Behind => palette.warning,
            Status::Done => palette.done,
            Status::Deferred => palette.deferred,
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

    pub fn light(&self, light: Light) -> Style {
        let palette = self.palette();
        let color = match light {
            Light::Green => palette.good,
            Light::Amber => palette.amber,
            Light::Red => palette.warning,
            Light::Grey => return self.dim(),
        };
        self.fg(color).add_modifier(Modifier::BOLD)
    }

    /// A light's symbol: the word beside it carries the meaning without colour.
    pub fn light_symbol(&self, light: Light) -> &'static str {
        match (self.ascii, light) {
            (false, Light::Grey) => "○",
            (false, _) => "●",
            (true, Light::Grey) => "o",
            (true, _) => "*",
        }
    }

    /// Joins breadcrumb parts.
    pub fn crumb(&self) -> &'static str {
        if self.ascii { " > " } else { " › " }
    }
}

/// xterm's default RGB value of a colour (its 16 colours, the 6×6×6 cube, the grey ramp);
/// `None` for the terminal's own colours (`Reset`).
pub fn xterm_rgb(color: Color) -> Option<(u8, u8, u8)> {
    const BASIC: [(u8, u8, u8); 16] = [
        (0x00, 0x00, 0x00),
        (0xcd, 0x00, 0x00),
        (0x00, 0xcd, 0x00),
        (0xcd, 0xcd, 0x00),
        (0x00, 0x00, 0xee),
        (0xcd, 0x00, 0xcd),
        (0x00, 0xcd, 0xcd),
        (0xe5, 0xe5, 0xe5),
        (0x7f, 0x7f, 0x7f),
        (0xff, 0x00, 0x00),
        (0x00, 0xff, 0x00),
        (0xff, 0xff, 0x00),
        (0x5c, 0x5c, 0xff),
        (0xff, 0x00, 0xff),
        (0x00, 0xff, 0xff),
        (0xff, 0xff, 0xff),
    ];
    let index = match color {
        Color::Reset => return None,
        Color::Rgb(r, g, b) => return Some((r, g, b)),
        Color::Indexed(n) => n,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
    };
    Some(match index {
        0..=15 => BASIC[index as usize],
        16..=231 => {
            let level = |n: u8| if n == 0 { 0 } else { 55 + 40 * n };
            let n = index - 16;
            (level(n / 36), level(n / 6 % 6), level(n % 6))
        }
        _ => {
            let grey = 8 + 10 * (index - 232);
            (grey, grey, grey)
        }
    })
}

/// The terminal's own background in xterm's default (dark) profile and its light one.
pub fn profile_background(background: Background) -> (u8, u8, u8) {
    match background {
        Background::Dark => (0, 0, 0),
        Background::Light => (0xff, 0xff, 0xff),
    }
}

/// WCAG 2 contrast ratio of two sRGB colours: 1 (none) to 21 (black on white).
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
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

    #[test]
    fn every_colour_is_readable_on_its_background() {
        let mut checked = 0;
        for background in [Background::Dark, Background::Light] {
            for colors in [ColorLevel::Basic, ColorLevel::Indexed, ColorLevel::True] {
                let palette = Palette::of(background, colors);
                for (fg, bg) in palette.pairs() {
                    let fg_rgb = xterm_rgb(fg).unwrap();
                    let bg_rgb =
                        bg.map_or(profile_background(background), |bg| xterm_rgb(bg).unwrap());
                    let ratio = contrast(fg_rgb, bg_rgb);
                    assert!(
                        ratio >= 4.5,
                        "{background:?} {colors:?}: {fg:?} on {bg:?} is {ratio:.2}:1"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked >= 6 * 11, "{checked}");
    }

    #[test]
    fn contrast_matches_known_ratios() {
        // The example: xterm's yellow on white.
        let yellow = xterm_rgb(Color::Yellow).unwrap();
        assert!((contrast(yellow, (255, 255, 255)) - 1.7).abs() < 0.05);
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert_eq!(xterm_rgb(Color::Indexed(74)), Some((0x5f, 0xaf, 0xd7)));
        assert_eq!(xterm_rgb(Color::Indexed(244)), Some((128, 128, 128)));
        // The old palette's lead colour on the light profile fails the check.
        let old = Palette {
            lead: Color::Yellow,
            ..*Palette::of(Background::Light, ColorLevel::Basic)
        };
        assert!(old.pairs().iter().any(
            |&(fg, bg)| bg.is_none() && contrast(xterm_rgb(fg).unwrap(), (255, 255, 255)) < 4.5
        ));
    }

    #[test]
    fn the_theme_draws_with_the_palette_of_its_background() {
        let dark = Theme::new(ColorLevel::Basic, false);
        let light = dark.with_background(Some(Background::Light));
        assert_eq!(dark.lead().fg, Some(Color::Yellow));
        assert_eq!(light.lead().fg, Some(Color::Magenta));
        assert_eq!(light.selected(true).bg, Some(Color::Blue));
        assert_eq!(light.selected(true).fg, Some(Color::White));
        assert_eq!(light.dim().fg, None);
        assert_eq!(light.base(), Style::new());
        // NO_COLOR wins over any background.
        let none = Theme::new(ColorLevel::None, false).with_background(Some(Background::Light));
        assert_eq!(none.lead().fg, None);
        assert_eq!(none.presenter().base(), Style::new());
    }

    #[test]
    fn presenter_is_light_when_the_background_is_unknown() {
        let unknown = Theme::new(ColorLevel::Indexed, false);
        let presenter = unknown.presenter();
        assert_eq!(presenter.background, Some(Background::Light));
        assert_eq!(
            presenter.base(),
            Style::new().fg(Color::Indexed(16)).bg(Color::Indexed(231))
        );
        let dark = unknown.with_background(Some(Background::Dark)).presenter();
        assert_eq!(dark.background, Some(Background::Dark));
        assert_eq!(dark.base(), Style::new());
    }
}
