//! Healing text extracted from a PDF: the damage a layout-to-text conversion leaves in a
//! Chinese government document, undone by rules that hold for the genre, not for one file.
//!
//! * A line break ends every printed line, so a sentence, a word or a number is cut
//!   anywhere: lines are joined with nothing between them (Chinese has no spaces between
//!   words), and the paragraph ends only where the document's structure says so.
//! * A page break leaves a stray space at the start of the next page's first line, a page
//!   number (`— 21 —`) and sometimes a running header repeated on every page.
//! * Extraction puts spaces around Arabic figures and Latin letters inside Chinese text
//!   (`到 2023年`, `达 15 人`), and letter-spaced headings come out as `办 公 室 文 件`.
//!   A space between two long runs of Chinese is kept: there it separates two names (two
//!   issuing offices in one line).

/// A CJK ideograph.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Full-width and CJK punctuation, the dashes and quotation marks used in Chinese text.
pub fn is_wide_punct(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0x2014 | 0x2015 | 0x2018..=0x201F | 0x2026 | 0x00B7 | 0x2E3A)
        || c == '★'
}

/// Chinese text: an ideograph or its punctuation.
pub fn is_wide(c: char) -> bool {
    is_han(c) || is_wide_punct(c)
}

/// Display width as a printed line has it: wide characters count two.
pub fn line_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if is_wide(c) || c as u32 >= 0x2E80 {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Removes the spaces extraction put inside Chinese text (see the module doc).
pub fn heal_spaces(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_whitespace() {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let (Some(&before), Some(&after)) = (chars[..start].last(), chars.get(i)) else {
            continue;
        };
        if keep_space(&chars, start, i, before, after) {
            out.push(' ');
        }
    }
    out
}

fn keep_space(chars: &[char], start: usize, end: usize, before: char, after: char) -> bool {
    let figure = |c: char| c.is_ascii_alphanumeric() || matches!(c, '%' | '‰' | '.' | '/');
    if is_wide_punct(before) || is_wide_punct(after) {
        return false;
    }
    if (is_han(before) && figure(after)) || (figure(before) && is_han(after)) {
        return false;
    }
    if is_han(before) && is_han(after) {
        // Letter-spacing puts a space after every single character: a one-character token
        // on either side means the space is spacing, not a separator between two names.
        let left = chars[..start]
            .iter()
            .rev()
            .take_while(|c| !c.is_whitespace())
            .count();
        let right = chars[end..]
            .iter()
            .take_while(|c| !c.is_whitespace())
            .count();
        return left > 1 && right > 1;
    }
    true
}

/// Joins the pieces of a line broken by the layout: nothing between them, except between
/// two Latin words.
pub fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if out.ends_with(|c: char| c.is_ascii_alphabetic())
            && line.starts_with(|c: char| c.is_ascii_alphabetic())
        {
            out.push(' ');
        }
        out.push_str(line);
    }
    heal_spaces(&out)
}

/// A page number line: `— 21 —`, `- 3 -`, `第 2 页`, `第2页 共9页`.
pub fn is_page_number(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return false;
    }
    let dashes = |c: char| matches!(c, '—' | '-' | '－' | '–' | '―');
    let inner = t.trim_matches(dashes);
    if inner.len() < t.len() && !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    if let Some(rest) = t.strip_prefix('第') {
        let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        if digits.len() < rest.len() && digits.starts_with('页') {
            let tail = &digits['页'.len_utf8()..];
            return tail.is_empty() || (tail.starts_with('共') && tail.ends_with('页'));
        }
    }
    false
}

/// The print record at the foot of an issued document (版记): `XX办公室 2021年11月3日印发`,
/// `抄送：…`. It belongs to no part of the plan.
pub fn is_print_record(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    (t.ends_with("印发") && t.contains('年') && t.contains('月') && t.contains('日'))
        || t.starts_with("抄送")
}

/// The numbering that starts a heading paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// 一、
    Section(u16),
    /// （一）
    Bracketed(u16),
    /// 1． 1. 1、
    Arabic(u16),
    /// （1） (1) ①
    ArabicBracketed(u16),
}

/// 一 … 九十九 as a number.
pub fn chinese_number(s: &str) -> Option<u16> {
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as u16)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c).filter(|&d| d > 0),
        ['十', o] => Some(10 + digit(*o)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', o] => Some(digit(*t)? * 10 + digit(*o)?),
        _ => None,
    }
}

/// The heading marker a paragraph starts with, and the byte length of the marker.
pub fn marker(text: &str) -> Option<(Marker, usize)> {
    let t = text;
    // 一、
    let han_number: String = t
        .chars()
        .take_while(|c| "〇一二三四五六七八九十".contains(*c))
        .collect();
    if !han_number.is_empty() {
        let rest = &t[han_number.len()..];
        if let Some(n) = chinese_number(&han_number)
            && rest.starts_with('、')
        {
            return Some((Marker::Section(n), han_number.len() + '、'.len_utf8()));
        }
        return None;
    }
    // （一） （1） (1)
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = t.strip_prefix(open)
            && let Some(end) = rest.find(close)
            && end <= 9
        {
            let inner = rest[..end].trim();
            let len = open.len_utf8() + end + close.len_utf8();
            if let Some(n) = chinese_number(inner) {
                return Some((Marker::Bracketed(n), len));
            }
            if !inner.is_empty() && inner.len() <= 2 && inner.bytes().all(|b| b.is_ascii_digit()) {
                return Some((Marker::ArabicBracketed(inner.parse().ok()?), len));
            }
            return None;
        }
    }
    // ①…⑳
    if let Some(c) = t.chars().next()
        && ('①'..='⑳').contains(&c)
    {
        return Some((
            Marker::ArabicBracketed(c as u16 - '①' as u16 + 1),
            c.len_utf8(),
        ));
    }
    // 1． 1. 1、 — a figure like 1.5 or 2023年 is not a heading.
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &t[digits..];
        let mut after = rest.chars();
        let sep = after.next()?;
        if matches!(sep, '．' | '.' | '、') {
            let next = after.next()?;
            if !next.is_ascii_digit() {
                let number = t[..digits].parse().ok()?;
                return Some((Marker::Arabic(number), digits + sep.len_utf8()));
            }
        }
    }
    None
}

/// A standalone annex heading line: `附件1`, `附件 2`, `附件：` alone is not one.
pub fn annex_heading(line: &str) -> Option<u16> {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = t.strip_prefix("附件")?;
    if rest.is_empty() {
        // A single annex is headed 附件 alone.
        return Some(1);
    }
    let rest = rest.trim_end_matches(['：', ':']);
    if rest.is_empty() {
        return None;
    }
    rest.parse()
        .ok()
        .or_else(|| chinese_number(rest))
        .filter(|&n: &u16| n > 0 && n < 100)
}

/// Whether a paragraph's text ends a sentence (so a short line there ends the paragraph).
fn ends_sentence(line: &str) -> bool {
    line.ends_with(['。', '！', '？', '；', '：', '!', '?', ';'])
}

/// Turns the printed lines of the body into paragraphs: a paragraph starts at a numbered
/// heading or an annex list, and ends after a responsible-units parenthetical or a line
/// that stops short of the full width with the end of a sentence.
pub fn paragraphs(lines: &[&str]) -> Vec<String> {
    let widths: Vec<usize> = lines
        .iter()
        .map(|l| line_width(l.trim()))
        .filter(|&w| w >= 20)
        .collect();
    let full = typical_width(&widths);
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let flush = |current: &mut Vec<&str>, out: &mut Vec<String>| {
        if !current.is_empty() {
            let text = join_lines(current.iter().copied());
            if !text.is_empty() {
                out.push(text);
            }
            current.clear();
        }
    };
    for raw in lines {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let healed_start = heal_spaces(line);
        if marker(&healed_start).is_some() || healed_start.starts_with("附件") {
            flush(&mut current, &mut out);
        }
        current.push(line);
        let short = line_width(line) * 100 < full * 85;
        let owners_closed = line.ends_with(['）', ')'])
            && super::owners::ends_with_owners(&join_lines(current.iter().copied()));
        if owners_closed || (short && ends_sentence(line)) {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

/// The width of a full printed line: the median of the longer lines.
fn typical_width(widths: &[usize]) -> usize {
    if widths.is_empty() {
        return usize::MAX / 200;
    }
    let mut sorted = widths.to_vec();
    sorted.sort_unstable();
    sorted[sorted.len() / 2].max(20)
}

/// Lines that repeat on many pages (a running header or footer), as a set to drop.
pub fn running_lines(lines: &[&str]) -> std::collections::HashSet<String> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for line in lines {
        let t = line.trim();
        if t.chars().count() >= 4 && t.chars().any(is_han) && marker(t).is_none() {
            *counts.entry(t).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(line, n)| *n >= 3 && !ends_sentence(line) && !line.ends_with(['）', '，']))
        .map(|(line, _)| line.to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces() {
        assert_eq!(heal_spaces("到 2023年，突破 40%"), "到2023年，突破40%");
        assert_eq!(heal_spaces("办 公 室 文 件"), "办公室文件");
        assert_eq!(heal_spaces("柳办发〔2021〕18 号"), "柳办发〔2021〕18号");
        assert_eq!(
            heal_spaces("自治区党委办公厅 自治区人民政府办公厅"),
            "自治区党委办公厅 自治区人民政府办公厅"
        );
        assert_eq!(heal_spaces("支持 5G技术"), "支持5G技术");
        assert_eq!(heal_spaces("2021 年 11月 2 日"), "2021年11月2日");
    }

    #[test]
    fn markers() {
        assert_eq!(marker("一、总体要求"), Some((Marker::Section(1), 6)));
        assert_eq!(
            marker("（三）主要目标").map(|m| m.0),
            Some(Marker::Bracketed(3))
        );
        assert_eq!(marker("12．建设").map(|m| m.0), Some(Marker::Arabic(12)));
        assert_eq!(marker("1.建设").map(|m| m.0), Some(Marker::Arabic(1)));
        assert_eq!(
            marker("（2）推动").map(|m| m.0),
            Some(Marker::ArabicBracketed(2))
        );
        assert_eq!(marker("1.9%"), None);
        assert_eq!(marker("2023年"), None);
        assert_eq!(marker("（责任单位：市科技局）"), None);
        assert_eq!(marker("十二、其他").map(|m| m.0), Some(Marker::Section(12)));
    }

    #[test]
    fn page_numbers_and_annexes() {
        assert!(is_page_number("— 21 —"));
        assert!(is_page_number("- 3 -"));
        assert!(is_page_number("第 2 页"));
        assert!(!is_page_number("2023"));
        assert_eq!(annex_heading("附件 1"), Some(1));
        assert_eq!(annex_heading("附件2"), Some(2));
        assert_eq!(annex_heading("附件：1．各县区"), None);
    }
}
