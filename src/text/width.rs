//! Display widths in terminal columns.
//!
//! Chinese text cannot be measured with `chars().count()`: 、。，（ take two columns while
//! “ ” … · ① take one. Everything here measures with `unicode-width`, the same way ratatui
//! does (`Line::width`), so what we compute is what gets drawn.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The ellipsis that marks truncated text; it is one column wide.
pub const ELLIPSIS: char = '…';

/// Horizontal placement of text inside a wider cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Right,
    Center,
}

/// Width of `s` in terminal columns, as ratatui measures it.
pub fn display_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Splits `s` into grapheme clusters (UAX #29): a character with its combining marks and
/// variation selectors, an emoji sequence. Cutting inside a cluster would orphan a mark or
/// change an emoji's width, so truncation and wrapping only cut between clusters.
/// Yields `(byte offset, cluster)`.
pub(crate) fn clusters(s: &str) -> Clusters<'_> {
    // Most text here (Chinese, ASCII) has no character that joins another: then every
    // character is a cluster, and the full segmentation, which costs more than the drawing
    // it serves, is not needed.
    let joins = |c: char| c.width() == Some(0) || ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
    if s.chars().any(joins) {
        Clusters::Graphemes(unicode_segmentation::UnicodeSegmentation::grapheme_indices(
            s, true,
        ))
    } else {
        Clusters::Chars(s, s.char_indices())
    }
}

/// The clusters of a string: see [`clusters`].
pub(crate) enum Clusters<'a> {
    Chars(&'a str, std::str::CharIndices<'a>),
    Graphemes(unicode_segmentation::GraphemeIndices<'a>),
}

impl<'a> Iterator for Clusters<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        match self {
            Clusters::Chars(s, chars) => {
                let (start, c) = chars.next()?;
                Some((start, &s[start..start + c.len_utf8()]))
            }
            Clusters::Graphemes(graphemes) => graphemes.next(),
        }
    }
}

/// Cuts `s` to at most `max` columns, ending with `…` when anything was cut.
///
/// Never splits a wide character: if one would straddle the limit it is dropped whole, so the
/// result can be one column narrower than `max` ([`fit`] pads it back). Spaces before the
/// ellipsis are dropped too (`市科技局…`, not `市科技局 …`). Borrows when `s` already fits.
pub fn truncate_to_width(s: &str, max: usize) -> Cow<'_, str> {
    if display_width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let budget = max - 1;
    let mut used = 0;
    let mut end = 0;
    for (start, cluster) in clusters(s) {
        let w = display_width(cluster);
        if used + w > budget {
            break;
        }
        used += w;
        end = start + cluster.len();
    }
    let mut kept = s[..end].trim_end_matches([' ', '\u{3000}']);
    // A few sequences measure wider together than apart; make sure the whole still fits.
    while display_width(kept) > budget {
        let mut cut = kept.len();
        if let Some((i, _)) = kept.char_indices().next_back() {
            cut = i;
        }
        kept = &kept[..cut];
    }
    let mut out = String::with_capacity(kept.len() + ELLIPSIS.len_utf8());
    out.push_str(kept);
    out.push(ELLIPSIS);
    Cow::Owned(out)
}

/// Pads `s` with spaces to `width` columns. Text already that wide or wider is returned as
/// is (use [`fit`] to also truncate). With [`Align::Center`] an odd leftover column goes right.
pub fn pad_to_width(s: &str, width: usize, align: Align) -> Cow<'_, str> {
    let w = display_width(s);
    if w >= width {
        return Cow::Borrowed(s);
    }
    let extra = width - w;
    let (left, right) = match align {
        Align::Left => (0, extra),
        Align::Right => (extra, 0),
        Align::Center => (extra / 2, extra - extra / 2),
    };
    let mut out = String::with_capacity(s.len() + extra);
    out.extend(std::iter::repeat_n(' ', left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', right));
    Cow::Owned(out)
}

/// Exactly `width` columns: truncated with `…` if too wide, then padded. For table cells.
pub fn fit(s: &str, width: usize, align: Align) -> Cow<'_, str> {
    match truncate_to_width(s, width) {
        Cow::Borrowed(t) => pad_to_width(t, width, align),
        Cow::Owned(t) => Cow::Owned(pad_to_width(&t, width, align).into_owned()),
    }
}

/// An East Asian Ambiguous character (UAX #11): one column here, in ratatui and in most
/// terminals, but two in terminals set up for CJK (Xshell, SecureCRT, PuTTY, MobaXterm,
/// "ambiguous width: wide"). `─ │ ┌ … ○ ● ★ ▶ · — “ ” ≥` are among them, and the ballot
/// boxes `☐ ☑ ☒`, neutral in Unicode but drawn wide with the CJK fonts of those terminals.
pub fn is_ambiguous(c: char) -> bool {
    (c.width() == Some(1) && c.width_cjk() == Some(2)) || matches!(c, '☐' | '☑' | '☒')
}

/// Whether `s` holds any [ambiguous](is_ambiguous) character.
pub fn has_ambiguous(s: &str) -> bool {
    !s.is_ascii() && s.chars().any(is_ambiguous)
}

/// A one-column stand-in for an [ambiguous](is_ambiguous) character that every terminal
/// draws one column wide, so a line measured with one column for it keeps its length on a
/// terminal that would draw it two. Other characters are returned as they are.
pub fn narrow_stand_in(c: char) -> char {
    if !is_ambiguous(c) {
        return c;
    }
    match c {
        // Box drawing: lines by their direction, everything that joins them a corner.
        '\u{2500}' | '\u{2501}' | '\u{2504}' | '\u{2505}' | '\u{2508}' | '\u{2509}'
        | '\u{254C}' | '\u{254D}' | '\u{2550}' | '\u{2574}' | '\u{2576}' | '\u{2578}'
        | '\u{257A}' | '\u{257C}' | '\u{257E}' => '-',
        '\u{2502}' | '\u{2503}' | '\u{2506}' | '\u{2507}' | '\u{250A}' | '\u{250B}'
        | '\u{254E}' | '\u{254F}' | '\u{2551}' | '\u{2575}' | '\u{2577}' | '\u{2579}'
        | '\u{257B}' | '\u{257D}' | '\u{257F}' | '‖' => '|',
        '\u{2500}'..='\u{257F}' => '+',
        '—' | '–' | '‐' | '―' | '‒' | '－' => '-',
        '“' | '”' | '″' | '〃' => '"',
        '‘' | '’' | '′' | '´' => '\'',
        '…' | '‥' | '~' => '~',
        '·' | '•' | '‧' | '∙' | '・' | '°' | '∘' => '.',
        '○' | '◯' | '◎' | '◦' => 'o',
        '●' | '★' | '☆' | '※' | '◆' | '◇' | '✱' | '＊' => '*',
        '■' | '□' | '▪' | '▫' | '█' | '▓' | '▒' | '░' | '▄' | '▀' | '▌' | '▐' => {
            '#'
        }
        '☐' | '☑' | '☒' => '#',
        '▶' | '▷' | '►' | '→' | '⇒' | '≥' | '≫' | '＞' | '›' | '»' => '>',
        '◀' | '◁' | '◄' | '←' | '⇐' | '≤' | '≪' | '＜' | '‹' | '«' => '<',
        '▲' | '△' | '↑' => '^',
        '▼' | '▽' | '↓' => 'v',
        '×' | '✕' => 'x',
        '÷' | '∕' => '/',
        '±' => '+',
        '≠' => '#',
        '≈' | '∽' | '～' => '~',
        '①' | '⑴' | '⒈' | 'Ⅰ' | 'ⅰ' => '1',
        '②' | '⑵' | '⒉' | 'Ⅱ' | 'ⅱ' => '2',
        '③' | '⑶' | '⒊' | 'Ⅲ' | 'ⅲ' => '3',
        '④' | '⑷' | '⒋' | 'Ⅳ' | 'ⅳ' => '4',
        '⑤' | '⑸' | '⒌' | 'Ⅴ' | 'ⅴ' => '5',
        '⑥' | '⑹' | '⒍' | 'Ⅵ' | 'ⅵ' => '6',
        '⑦' | '⑺' | '⒎' | 'Ⅶ' | 'ⅶ' => '7',
        '⑧' | '⑻' | '⒏' | 'Ⅷ' | 'ⅷ' => '8',
        '⑨' | '⑼' | '⒐' | 'Ⅸ' | 'ⅸ' => '9',
        _ => '?',
    }
}

/// `s` with every [ambiguous](is_ambiguous) character replaced by its
/// [stand-in](narrow_stand_in); borrows when there is none.
pub fn narrow_ambiguous(s: &str) -> Cow<'_, str> {
    if has_ambiguous(s) {
        Cow::Owned(s.chars().map(narrow_stand_in).collect())
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_of_chinese_punctuation() {
        for s in ["“", "”", "…", "·", "①"] {
            assert_eq!(display_width(s), 1, "{s}");
        }
        for s in ["、", "。", "，", "（", "）", "市", "　"] {
            assert_eq!(display_width(s), 2, "{s}");
        }
        assert_eq!(display_width("市科技局（牵头）"), 16);
        assert_eq!(display_width("到2023年"), 8);
        assert_eq!(display_width(""), 0);
    }

    #[test]
    fn clusters_keep_marks_with_their_base() {
        let s = "e\u{301}❤\u{FE0F}字";
        let got: Vec<&str> = clusters(s).map(|(_, c)| c).collect();
        assert_eq!(got, ["e\u{301}", "❤\u{FE0F}", "字"]);
        let offsets: Vec<usize> = clusters(s).map(|(i, _)| i).collect();
        assert_eq!(offsets, [0, 3, 9]);
        assert_eq!(clusters("").count(), 0);
        // A leading mark with no base is its own cluster.
        assert_eq!(clusters("\u{301}a").count(), 2);
    }

    #[test]
    fn truncate_leaves_fitting_text_alone() {
        assert!(matches!(
            truncate_to_width("市科技局", 8),
            Cow::Borrowed("市科技局")
        ));
        assert!(matches!(truncate_to_width("abc", 10), Cow::Borrowed("abc")));
        assert_eq!(truncate_to_width("", 0), "");
    }

    #[test]
    fn truncate_never_halves_a_wide_char() {
        // 4 columns: room for 3 before the ellipsis, 市 takes 2, 科 would straddle.
        assert_eq!(truncate_to_width("市科技局", 4), "市…");
        assert_eq!(truncate_to_width("市科技局", 5), "市科…");
        assert_eq!(truncate_to_width("市科技局", 7), "市科技…");
        assert_eq!(truncate_to_width("市科技局", 2), "…");
        assert_eq!(truncate_to_width("市科技局", 1), "…");
        assert_eq!(truncate_to_width("市科技局", 0), "");
        assert_eq!(truncate_to_width("abcdef", 4), "abc…");
        assert_eq!(truncate_to_width("ab“市”", 4), "ab“…");
    }

    #[test]
    fn truncate_drops_spaces_before_ellipsis() {
        assert_eq!(truncate_to_width("市科技局 市发展改革委", 11), "市科技局…");
        assert_eq!(truncate_to_width("ab  cdef", 5), "ab…");
    }

    #[test]
    fn truncate_keeps_emoji_and_marks_whole() {
        assert_eq!(
            truncate_to_width("❤\u{FE0F}❤\u{FE0F}❤\u{FE0F}", 4),
            "❤\u{FE0F}…"
        );
        assert_eq!(
            truncate_to_width("e\u{301}e\u{301}e\u{301}", 2),
            "e\u{301}…"
        );
    }

    #[test]
    fn truncate_result_always_fits() {
        let samples = [
            "柳州市关于落实《科技强桂三年行动方案（2021—2023年）》的实施方案",
            "“高精尖缺”人才，①②③…·",
            "mixed 中文 and English、标点。",
            "👨\u{200D}👩\u{200D}👧 family",
            "\u{1b}[31m",
        ];
        for s in samples {
            for max in 0..=display_width(s) + 2 {
                let t = truncate_to_width(s, max);
                assert!(display_width(&t) <= max, "{s:?} at {max}: {t:?}");
                if display_width(s) > max && max > 0 {
                    assert!(t.ends_with(ELLIPSIS), "{s:?} at {max}: {t:?}");
                }
            }
        }
    }

    #[test]
    fn pad_aligns() {
        assert_eq!(pad_to_width("市", 5, Align::Left), "市   ");
        assert_eq!(pad_to_width("市", 5, Align::Right), "   市");
        assert_eq!(pad_to_width("市", 5, Align::Center), " 市  ");
        assert_eq!(pad_to_width("ab", 6, Align::Center), "  ab  ");
        assert!(matches!(
            pad_to_width("市科技局", 3, Align::Left),
            Cow::Borrowed("市科技局")
        ));
        assert!(matches!(
            pad_to_width("ab", 2, Align::Right),
            Cow::Borrowed("ab")
        ));
        assert_eq!(pad_to_width("", 3, Align::Left), "   ");
    }

    #[test]
    fn fit_gives_exact_width() {
        let samples = ["市科技局", "“四个面向”", "2,500亿元", "", "①", "、。，（"];
        for s in samples {
            for w in 0..12 {
                for align in [Align::Left, Align::Right, Align::Center] {
                    let f = fit(s, w, align);
                    assert_eq!(display_width(&f), w, "{s:?} {w} {align:?} -> {f:?}");
                }
            }
        }
        assert_eq!(fit("市科技局", 5, Align::Left), "市科…");
        // A wide char would straddle: one column short, padded back.
        assert_eq!(fit("市科技局", 4, Align::Left), "市… ");
        assert_eq!(fit("市科技局", 4, Align::Right), " 市…");
        assert_eq!(fit("ab", 4, Align::Right), "  ab");
    }

    #[test]
    fn ambiguous_characters_get_narrow_stand_ins() {
        for c in "─│┌┐└┘━┃…○●☐—·▶★≥“”".chars() {
            assert!(is_ambiguous(c), "{c:?}");
            let stand_in = narrow_stand_in(c);
            assert!(stand_in.is_ascii(), "{c:?} -> {stand_in:?}");
        }
        assert_eq!(narrow_stand_in('─'), '-');
        assert_eq!(narrow_stand_in('│'), '|');
        assert_eq!(narrow_stand_in('┌'), '+');
        assert_eq!(narrow_stand_in('…'), '~');
        // CJK characters, full-width punctuation and ASCII are not ambiguous: untouched.
        for c in "市科技局，。、（a1 ".chars() {
            assert!(!is_ambiguous(c), "{c:?}");
            assert_eq!(narrow_stand_in(c), c);
        }
        let text = "“推进”…①";
        let narrowed = narrow_ambiguous(text);
        assert_eq!(narrowed, "\"推进\"~1");
        assert_eq!(display_width(&narrowed), display_width(text));
        assert!(matches!(narrow_ambiguous("市科技局"), Cow::Borrowed(_)));
    }
}
