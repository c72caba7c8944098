//! Status badges: a symbol, a colour and a word, so a status reads in every list with
//! or without colour, and in as little room as there is.

use ratatui::style::Style;
use ratatui::text::Span;

use crate::app::App;
use crate::model::annotation::Status;
use crate::text::width::{Align, display_width, fit};

/// Columns a full badge takes: a symbol, a space and a short word (未启动 / Risk).
pub const BADGE_WIDTH: usize = 8;

/// The badge for a status, fitted to `width` columns: "● 正常" where there is room, the
/// symbol alone where there is not, "—" for no status.
pub fn badge(app: &App, status: Option<Status>, width: usize) -> (String, Style) {
    let theme = app.theme;
    let Some(status) = status else {
        let none = app.strings.get("status.none_short");
        return (fit(none, width, Align::Left).into_owned(), theme.dim());
    };
    let symbol = theme.status_symbol(status);
    let word = app.strings.get(status.short_key());
    let text = if display_width(symbol) + 1 + display_width(word) <= width {
        format!("{symbol} {word}")
    } else {
        symbol.to_owned()
    };
    (
        fit(&text, width, Align::Left).into_owned(),
        theme.status(status),
    )
}

/// The badge with the full status name, for the detail pane: "● 正常推进".
pub fn badge_long(app: &App, status: Status) -> Span<'static> {
    let theme = app.theme;
    Span::styled(
        format!(
            "{} {}",
            theme.status_symbol(status),
            app.strings.get(status.key())
        ),
        theme.status(status),
    )
}
