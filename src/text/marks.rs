//! The marks the interface puts around and between the parts of a description it writes —
//! the arrow of a change (`状态 → 正常推进`), the separator between parts (` · `) and the
//! quotes around a quoted text (`备注 “…”`) — in Unicode, or in ASCII under `--ascii` and on
//! terminals that draw them two columns wide. Only these marks change: the texts they stand
//! between (a note, a unit's name) are shown as written.

/// One set of marks. The command line always writes [`Marks::UNICODE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    /// Between a field and its new value: `→`.
    pub arrow: &'static str,
    /// Between the parts of one line: ` · `.
    pub separator: &'static str,
    /// Before a quoted text: `“`.
    pub open_quote: &'static str,
    /// After a quoted text: `”`.
    pub close_quote: &'static str,
}

impl Marks {
    pub const UNICODE: Marks = Marks {
        arrow: "→",
        separator: " · ",
        open_quote: "“",
        close_quote: "”",
    };
    pub const ASCII: Marks = Marks {
        arrow: "->",
        separator: " | ",
        open_quote: "\"",
        close_quote: "\"",
    };

    /// [`Marks::ASCII`] when `ascii`, else [`Marks::UNICODE`].
    pub fn for_ascii(ascii: bool) -> Marks {
        if ascii { Marks::ASCII } else { Marks::UNICODE }
    }

    /// `text` in this set's quotes.
    pub fn quote(&self, text: &str) -> String {
        format!("{}{text}{}", self.open_quote, self.close_quote)
    }
}

/// A text the interface wrote (an interface string, a hint, a bound) with its marks in
/// ASCII: `≥ ≤ ↑ ↓ ← → · – — … ✎ “ ” ‘ ’`. Never given the plan's or a user's own text,
/// which is shown as written.
pub fn ascii_marks(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '≥' => out.push_str(">="),
            '≤' => out.push_str("<="),
            '↑' => out.push_str("Up"),
            '↓' => out.push_str("Down"),
            '←' => out.push_str("<-"),
            '→' => out.push_str("->"),
            '·' => out.push('|'),
            '–' | '—' => out.push('-'),
            '…' => out.push_str("..."),
            '✎' => out.push('@'),
            '“' | '”' => out.push('"'),
            '‘' | '’' => out.push('\''),
            other => out.push(other),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_marks_are_ascii_and_the_unicode_ones_are_not() {
        let ascii = Marks::for_ascii(true);
        for mark in [
            ascii.arrow,
            ascii.separator,
            ascii.open_quote,
            ascii.close_quote,
        ] {
            assert!(mark.is_ascii(), "{mark:?}");
        }
        let unicode = Marks::for_ascii(false);
        for mark in [unicode.arrow, unicode.open_quote, unicode.close_quote] {
            assert!(!mark.is_ascii(), "{mark:?}");
        }
        assert_eq!(ascii.quote("推进"), "\"推进\"");
        assert_eq!(unicode.quote("推进"), "“推进”");
    }

    #[test]
    fn an_interface_text_gets_ascii_marks_and_keeps_its_words() {
        assert_eq!(ascii_marks("保存中…"), "保存中...");
        assert_eq!(
            ascii_marks("自会议“{title}”（{date}）以来；←/→ 选择其他会议"),
            "自会议\"{title}\"（{date}）以来；<-/-> 选择其他会议"
        );
        assert_eq!(ascii_marks("≥ 750 · 0–100"), ">= 750 | 0-100");
        assert!(matches!(
            ascii_marks("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
