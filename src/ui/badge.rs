//! Status badges: a symbol, a colour and a word, so a status reads in every list with
//! or without colour, and in as little room as there is.

use ratatui::style::Style;
use ratatui::text::Span;

use crate::app::App;
use crate::model::annotation::Status;
use crate::model::progress::Light;
use crate::text::width::{Align, display_width};
use crate::ui::glyph::frame_fit as fit;

/// Columns a full badge takes: a symbol, a space and a short word (未启动 / Risk).
pub const BADGE_WIDTH: usize = 8;

/// Columns a full badge takes in the interface language: the symbol, a space and the
/// longest status word (at least `BADGE_WIDTH`), so every status shows its one name.
pub fn badge_width(app: &App) -> usize {
    Status::ALL
        .iter()
        .map(|s| {
            display_width(app.theme.status_symbol(*s))
                + 1
                + display_width(app.strings.get(s.short_key()))
        })
        .max()
        .unwrap_or(0)
        .max(BADGE_WIDTH)
}

/// The badge for a status, fitted to `width` columns: "● 正常" where there is room, the
/// symbol alone where there is not, "—" for no status.
pub fn badge(app: &App, status: Option<Status>, width: usize) -> (String, Style) {
    let theme = crate::ui::theme_of(app);
    let Some(status) = status else {
        let none = crate::ui::glyph::own(app, app.strings.get("status.none_short"));
        return (fit(&none, width, Align::Left).into_owned(), theme.dim());
    };
    let symbol = theme.status_symbol(status);
    let word = app.strings.get(status.short_key());
    if display_width(symbol) + 1 + display_width(word) <= width {
        // What `fit` makes of a text that fits: the text padded to the column (one string
        // per row of every list, made at once).
        let mut text = String::with_capacity(symbol.len() + 1 + word.len() + width);
        text.push_str(symbol);
        text.push(' ');
        text.push_str(word);
        let used = display_width(&text);
        if used <= width {
            text.extend(std::iter::repeat_n(' ', width - used));
            return (text, theme.status(status));
        }
        return (
            fit(&text, width, Align::Left).into_owned(),
            theme.status(status),
        );
    }
    (
        fit(symbol, width, Align::Left).into_owned(),
        theme.status(status),
    )
}

/// The badge with the full status name, for the detail pane: "● 正常推进".
pub fn badge_long(app: &App, status: Status) -> Span<'static> {
    let theme = crate::ui::theme_of(app);
    Span::styled(
        format!(
            "{} {}",
            theme.status_symbol(status),
            app.strings.get(status.key())
        ),
        theme.status(status),
    )
}

/// A traffic light: "● 绿" (symbol, colour, word), with "≠" when the coordinator's status
/// says otherwise.
pub fn light_badge(app: &App, light: Light, disagrees: bool) -> (String, Style) {
    let theme = crate::ui::theme_of(app);
    let mut text = format!(
        "{} {}",
        theme.light_symbol(light),
        app.strings.get(&format!("{}_short", light.key()))
    );
    if disagrees {
        text.push_str(if theme.ascii { "!=" } else { "≠" });
    }
    (text, theme.light(light))
}

/// The widest light badge in the current language, for a column.
pub fn light_width(app: &App) -> usize {
    Light::ALL
        .iter()
        .map(|&l| display_width(&light_badge(app, l, true).0))
        .max()
        .unwrap_or(0)
}

/// A bar of `width` cells filled to `share` (0–1), in eighths where the font has them.
pub fn gauge(app: &App, share: f64, width: usize) -> String {
    let share = share.clamp(0.0, 1.0);
    if app.theme.ascii {
        let full = (share * width as f64).round() as usize;
        return format!("{}{}", "#".repeat(full), ".".repeat(width - full));
    }
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let eighths = (share * width as f64 * 8.0).round() as usize;
    let full = eighths / 8;
    let mut bar = "█".repeat(full.min(width));
    if full < width {
        bar.push_str(EIGHTHS[eighths % 8]);
        let used = full + usize::from(!eighths.is_multiple_of(8));
        bar.push_str(&"░".repeat(width - used));
    }
    bar
}
