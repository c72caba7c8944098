//! The one Markdown escaper every export uses: untrusted text (from the plan, notes,
//! decisions) never ends a table cell, starts markup or opens HTML.

use super::html;

/// Untrusted text in a Markdown line or table cell: markup characters are escaped, `&` and
/// `<` are entities, and a line break becomes `<br>`. Other characters are kept as they are
/// (the plan's export is its data as written); see [`clean`] for documents that drop control
/// characters too.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

/// [`escape`] without control characters: the ledger and the minutes, which go round as
/// documents.
pub fn clean(text: &str) -> String {
    escape(&html::clean(text))
}

/// An id as code; ids never hold a backtick in a valid plan, but a stray one is dropped.
pub fn id(id: &str) -> String {
    format!("`{}`", html::clean(id).replace(['`', '\n'], ""))
}

/// A table row of cells already escaped.
pub fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_untrusted_survives_as_markup() {
        assert_eq!(
            escape("a|b*c_d`e[f]g~h#i"),
            "a\\|b\\*c\\_d\\`e\\[f\\]g\\~h\\#i"
        );
        assert_eq!(clean("<script>&\n\u{1b}[2J"), "&lt;script>&amp;<br>\\[2J");
        assert_eq!(escape("\u{1b}x"), "\u{1b}x");
        assert_eq!(id("p1.`t2`\n"), "`p1.t2`");
        assert_eq!(row(&["a".into(), "b".into()]), "| a | b |\n");
    }
}
