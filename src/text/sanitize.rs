//! Neutralise untrusted text (plan files, annotations, user input) before it is drawn.
//!
//! ratatui drops most control characters from `Span`s, but not everything we print goes
//! through a `Span` (`Cell::set_symbol`, text printed after the terminal is restored, error
//! messages), so anything that came from a file passes through here first.
//!
//! Two treatments, chosen by what the character could do:
//!
//! * **Controls are replaced by U+FFFD** (C0 except tab/CR/LF, DEL, C1, and so ESC). They
//!   never belong in a plan; if one is there the file is damaged or hostile, and a visible
//!   `�` tells the reader that something was there instead of silently changing the text.
//!   An escape sequence such as `ESC [ 3 1 m` shows up as `�[31m`: inert and noticeable.
//! * **Invisible formatting characters are removed** (bidi embeddings, overrides, isolates
//!   and marks; zero-width space, joiners, word joiner, BOM). They show nothing by design,
//!   turn up harmlessly in text copied from Word or web pages, and their only power on a
//!   terminal is to reorder or hide what the reader sees (the "Trojan Source" trick) or to
//!   make widths disagree between terminals (emoji joined with U+200D). Dropping them shows
//!   exactly what a reader expects, keeps widths predictable, and keeps search working
//!   (`市科\u{200B}技局` must still match `市科技局`).
//!
//! Tabs become one space (a tab's width depends on the cursor column, which a cell grid cannot
//! know), carriage returns are dropped (CRLF files), and U+2028/U+2029 count as line breaks.

use std::borrow::Cow;

/// What a single character turns into.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fix {
    Keep,
    Space,
    Newline,
    Drop,
    Replace,
}

fn classify(c: char, multiline: bool) -> Fix {
    match c {
        '\t' => Fix::Space,
        '\r' => Fix::Drop,
        '\n' if multiline => Fix::Keep,
        '\n' => Fix::Space,
        // Unicode line and paragraph separators: some terminals move the cursor on them.
        '\u{2028}' | '\u{2029}' if multiline => Fix::Newline,
        '\u{2028}' | '\u{2029}' => Fix::Space,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => Fix::Replace,
        // Bidi: LRM, RLM, ALM, embeddings/overrides, isolates.
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Fix::Drop,
        // Zero-width space, non-joiner, joiner; word joiner; BOM / zero-width no-break space.
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => Fix::Drop,
        _ => Fix::Keep,
    }
}

/// Make `s` safe to print on one terminal line: newlines and tabs become spaces, controls
/// become U+FFFD, invisible formatting characters disappear. Borrows when nothing changes.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// Like [`for_terminal`] but keeps `\n` (and turns U+2028/U+2029 into `\n`), for text that
/// is wrapped into several lines. CRLF becomes LF.
pub fn for_terminal_multiline(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

/// Text from the plan or the status file for a spreadsheet cell: no control characters but
/// line breaks (a spreadsheet would keep them, and a terminal would act on them later).
pub fn for_cell(text: &str) -> String {
    text.chars()
        .filter(|&c| c == '\n' || !c.is_control())
        .collect()
}

fn clean(s: &str, multiline: bool) -> Cow<'_, str> {
    // Fast path: printable ASCII is always safe, and most of the plan's text needs no change.
    let first_bad = if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        None
    } else {
        s.char_indices()
            .find(|&(_, c)| classify(c, multiline) != Fix::Keep)
            .map(|(i, _)| i)
    };
    let Some(start) = first_bad else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push_str(&s[..start]);
    for c in s[start..].chars() {
        match classify(c, multiline) {
            Fix::Keep => out.push(c),
            Fix::Space => out.push(' '),
            Fix::Newline => out.push('\n'),
            Fix::Drop => {}
            Fix::Replace => out.push('\u{FFFD}'),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_borrowed(c: Cow<'_, str>) -> bool {
        matches!(c, Cow::Borrowed(_))
    }

    #[test]
    fn clean_text_is_borrowed() {
        for s in [
            "",
            "plain ascii ~!@#",
            "市科技局、市发展改革委（牵头）“四个面向”…·①",
            "全角　空格",
        ] {
            assert_eq!(for_terminal(s), s);
            assert!(is_borrowed(for_terminal(s)), "{s:?}");
            assert!(is_borrowed(for_terminal_multiline(s)));
        }
        assert!(is_borrowed(for_terminal_multiline("两行\n文字")));
    }

    #[test]
    fn escape_sequences_become_visible_and_inert() {
        let out = for_terminal("a\u{1b}[31mred\u{1b}]0;title\u{7}b");
        assert_eq!(out, "a\u{FFFD}[31mred\u{FFFD}]0;title\u{FFFD}b");
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn c0_del_and_c1_are_replaced() {
        for c in (0u32..0x20).chain(0x7F..0xA0) {
            let Some(ch) = char::from_u32(c) else {
                continue;
            };
            if matches!(ch, '\t' | '\r' | '\n') {
                continue;
            }
            let s = format!("x{ch}y");
            assert_eq!(for_terminal(&s), "x\u{FFFD}y", "U+{c:04X}");
            assert_eq!(for_terminal_multiline(&s), "x\u{FFFD}y", "U+{c:04X}");
        }
    }

    #[test]
    fn tab_cr_and_newline() {
        assert_eq!(for_terminal("a\tb"), "a b");
        assert_eq!(for_terminal("a\r\nb"), "a b");
        assert_eq!(for_terminal("a\nb"), "a b");
        assert_eq!(for_terminal_multiline("a\r\nb\tc"), "a\nb c");
        assert_eq!(for_terminal_multiline("a\u{2028}b\u{2029}c"), "a\nb\nc");
        assert_eq!(for_terminal("a\u{2028}b"), "a b");
    }

    #[test]
    fn bidi_and_zero_width_are_removed() {
        let all = [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{200B}', '\u{200C}',
            '\u{200D}', '\u{2060}', '\u{FEFF}',
        ];
        for c in all {
            let s = format!("市科{c}技局");
            assert_eq!(for_terminal(&s), "市科技局", "U+{:04X}", c as u32);
            assert_eq!(for_terminal_multiline(&s), "市科技局");
        }
        // The Trojan Source shape: an override that would visually reorder the text.
        assert_eq!(
            for_terminal("access\u{202E}\u{2066}// admin\u{2069}\u{2066}"),
            "access// admin"
        );
    }

    #[test]
    fn output_never_contains_dangerous_chars() {
        // Every code point in the ranges we care about, mixed with text.
        let mut s = String::new();
        for c in (0u32..0x250).chain(0x2000..0x2070).chain([0xFEFF, 0x061C]) {
            if let Some(ch) = char::from_u32(c) {
                s.push(ch);
                s.push('字');
            }
        }
        for out in [for_terminal(&s), for_terminal_multiline(&s)] {
            for c in out.chars() {
                let bad = (c < ' ' && c != '\n')
                    || ('\u{7F}'..='\u{9F}').contains(&c)
                    || ('\u{202A}'..='\u{202E}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)
                    || ('\u{200B}'..='\u{200F}').contains(&c)
                    || matches!(
                        c,
                        '\u{2060}' | '\u{FEFF}' | '\u{061C}' | '\u{2028}' | '\u{2029}'
                    );
                assert!(!bad, "U+{:04X} survived", c as u32);
            }
        }
        assert!(!for_terminal(&s).contains('\n'));
    }
}
