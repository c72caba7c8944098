//! HTML scaffolding shared by the exports that go out as documents (the ledger, and the
//! minutes): one self-contained page — inline style, no scripts, no external assets — that
//! prints on A4 and renders Chinese with the system's fonts.
//!
//! Everything from the plan or the status file is untrusted: titles and notes may hold
//! `<script>`, quotes or control characters. [`text`] is the only way such text goes into a
//! page: controls are stripped, the five HTML specials escaped, and a note's line breaks
//! become `<br>`.

use std::fmt::Write;

use crate::model::progress::Light;

/// The fonts Chinese text is set in, in order of preference: Linux, macOS, Windows.
pub const FONTS: &str = r#""Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","SimSun",sans-serif"#;

/// Removes what has no business in a document: C0 controls except the line feed (a
/// carriage return is dropped, a tab becomes a space), DEL, C1 controls, and the invisible
/// bidi embeddings, overrides and isolates that can reorder what a reader sees.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => None,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            '\u{2028}' | '\u{2029}' => Some('\n'),
            _ => Some(c),
        })
        .collect()
}

/// Escapes `& < > " '` (safe in element content and in quoted attribute values).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Untrusted text as HTML: cleaned, escaped, line breaks as `<br>`.
pub fn text(text: &str) -> String {
    clean(text)
        .split('\n')
        .map(escape)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Untrusted text for an attribute value (in double quotes): cleaned, escaped, one line.
pub fn attribute(text: &str) -> String {
    escape(&clean(text).replace('\n', " "))
}

/// The style every document shares: A4 pages with 15 mm margins, system CJK fonts, tables
/// whose header repeats on each printed page and whose rows never split across pages, and
/// traffic lights that read in black and white (a dot and the word).
pub const BASE_CSS: &str = r#"@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { font-family: FONTS; font-size: 10pt; line-height: 1.45; color: #000; background: #fff; }
body { margin: 0 auto; padding: 12px; max-width: 1120px; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 14pt 0 4pt; break-after: avoid; page-break-after: avoid; }
h1, h2 { font-weight: bold; }
.meta { margin: 0 0 8pt; color: #333; }
.id { font-family: ui-monospace, "DejaVu Sans Mono", Consolas, monospace; font-size: 8pt; white-space: nowrap; }
table { width: 100%; border-collapse: collapse; margin: 0 0 8pt; font-size: 8.5pt; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr, th, td { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #555; padding: 2pt 3pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; font-weight: bold; }
.num { text-align: right; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.light { white-space: nowrap; }
.dot { font-size: 11pt; line-height: 1; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.light-green .dot { color: #1b7f2a; }
.light-amber .dot { color: #c98a00; }
.light-red .dot { color: #c62828; }
.light-grey .dot { color: #777; }
.differs { font-weight: bold; }
.legend { margin-top: 10pt; font-size: 8.5pt; color: #333; }
.legend span { margin-right: 12pt; }
@media print {
  body { padding: 0; max-width: none; }
  th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// A whole page. `lang` is a BCP 47 tag (`zh-CN`, `en`); `title` is untrusted text;
/// `css` (trusted) is added after [`BASE_CSS`]; `body` is finished HTML.
pub fn page(lang: &str, title: &str, css: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + BASE_CSS.len() + 512);
    out.push_str("<!DOCTYPE html>\n");
    let _ = writeln!(out, "<html lang=\"{}\">", attribute(lang));
    out.push_str("<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", attribute(title));
    out.push_str("<style>\n");
    out.push_str(&BASE_CSS.replace("FONTS", FONTS));
    out.push_str(css);
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str(body);
    out.push_str("</body>\n</html>\n");
    out
}

/// One column of a [`table`]: its heading (untrusted text) and the class of its cells.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub heading: &'a str,
    pub class: &'a str,
}

/// A table with a header row that repeats on every printed page. Each row has one cell of
/// finished HTML per column (build cells with [`text`]).
pub fn table(columns: &[Column], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<table>\n<thead><tr>");
    for column in columns {
        let _ = write!(
            out,
            "<th{}>{}</th>",
            class_attribute(column.class),
            text(column.heading)
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let class = columns.get(i).map_or("", |c| c.class);
            let _ = write!(out, "<td{}>{cell}</td>", class_attribute(class));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn class_attribute(class: &str) -> String {
    if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", attribute(class))
    }
}

/// A traffic light as a coloured dot and its word, so it reads when printed in black and
/// white (grey is a hollow dot). `word` is the light's name in the reader's language.
pub fn light(light: Light, word: &str) -> String {
    let dot = if light == Light::Grey { "○" } else { "●" };
    format!(
        "<span class=\"light light-{}\"><span class=\"dot\" aria-hidden=\"true\">{dot}</span> {}</span>",
        light.cli_name(),
        text(word)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_is_inert() {
        let hostile = "<script>alert(\"x\")</script> & 'q'\u{1b}[2J\u{9b}\u{202e}";
        let html = text(hostile);
        assert!(!html.contains('<'), "{html}");
        assert!(!html.contains('\u{1b}') && !html.contains('\u{9b}'));
        assert!(!html.contains('\u{202e}'));
        assert_eq!(
            html,
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;[2J"
        );
        assert_eq!(text("第一行\r\n第二行"), "第一行<br>第二行");
        assert_eq!(attribute("a\nb\""), "a b&quot;");
    }

    #[test]
    fn a_page_is_self_contained() {
        let page = page("zh-CN", "台账 <x>", "", "<p>x</p>\n");
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
        assert!(page.contains("<meta charset=\"utf-8\">"));
        assert!(page.contains("@page { size: A4; margin: 15mm; }"));
        assert!(page.contains(FONTS));
        assert!(page.contains("<title>台账 &lt;x&gt;</title>"));
        for external in ["<script", "<link", "src=", "@import", "url("] {
            assert!(!page.contains(external), "{external}");
        }
    }

    #[test]
    fn lights_carry_their_word() {
        let red = light(Light::Red, "红");
        assert!(red.contains("light-red") && red.contains("●") && red.ends_with("红</span>"));
        assert!(light(Light::Grey, "灰").contains("○"));
    }
}
