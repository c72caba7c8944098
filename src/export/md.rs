//! The one Markdown escaper every export uses: untrusted text (from the plan, notes,
//! decisions) never ends a table cell, starts markup or opens HTML.

use super::html;

/// Untrusted text in a Markdown line or table cell: markup characters are escaped, `&` and
/// `<` are entities, control characters are removed, and a line break becomes `<br>`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in html::clean(text).chars() {
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
        assert_eq!(escape("<script>&\n\u{1b}[2J"), "&lt;script>&amp;<br>\\[2J");
        assert_eq!(id("p1.`t2`\n"), "`p1.t2`");
        assert_eq!(row(&["a".into(), "b".into()]), "| a | b |\n");
    }
}
