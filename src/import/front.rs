//! The front matter: a cover letter (红头: issuing office, document number, 关于印发《…》的
//! 通知, addressees, signatures, date), then the plan's own title and its preamble.

use super::heal::{heal_spaces, is_han, join_lines};
use super::source::parse_date;

/// What the front matter says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Front {
    pub title: String,
    pub doc_number: Option<String>,
    pub issuers: Vec<String>,
    /// `YYYY-MM-DD`.
    pub issue_date: Option<String>,
    pub preamble: String,
    /// The plan period written in the title (`（2021—2023年）`).
    pub period: Option<(u16, u16)>,
    /// The place the plan is for (`柳州`), from the title or the issuers.
    pub place: Option<String>,
}

/// Genre words a plan's title ends with.
const GENRES: [&str; 14] = [
    "实施方案",
    "行动方案",
    "工作方案",
    "方案",
    "行动计划",
    "计划",
    "规划",
    "实施意见",
    "意见",
    "办法",
    "纲要",
    "细则",
    "措施",
    "要点",
];

pub fn parse(lines: &[String], dates: &[String]) -> Front {
    let healed: Vec<String> = lines.iter().map(|l| heal_spaces(l)).collect();
    let mut front = Front {
        doc_number: healed
            .iter()
            .find(|l| is_doc_number(l))
            .map(|l| l.trim_start_matches('★').to_owned()),
        ..Front::default()
    };
    let date_at = healed
        .iter()
        .position(|l| parse_date(l).is_some_and(|(_, r)| r.is_empty()));
    let notice_title = notice_title(&healed);
    // The signatures stand right above the date.
    if let Some(d) = date_at {
        let mut issuers: Vec<String> = healed[..d]
            .iter()
            .rev()
            .take_while(|l| is_signature(l))
            .cloned()
            .collect();
        issuers.reverse();
        front.issuers = issuers;
        front.issue_date = parse_date(&healed[d]).map(|(date, _)| date);
    }
    if front.issuers.is_empty() {
        // The issuing offices' names in the letterhead, before 关于印发.
        if let Some(at) = healed.iter().position(|l| l.starts_with("关于")) {
            front.issuers = at
                .checked_sub(1)
                .map(|p| {
                    lines[p]
                        .split_whitespace()
                        .map(heal_spaces)
                        .filter(|s| is_signature(s))
                        .collect()
                })
                .unwrap_or_default();
        }
    }
    if front.issue_date.is_none() {
        front.issue_date = dates
            .iter()
            .rev()
            .find_map(|d| parse_date(d).map(|(date, _)| date));
    }
    let after_cover = match (date_at, &notice_title) {
        (Some(d), Some(_)) => d + 1,
        _ => 0,
    };
    let rest = &healed[after_cover..];
    let (title, used) = match &notice_title {
        Some(wanted) => match_title(rest, wanted)
            .map(|used| (wanted.clone(), used))
            .unwrap_or_else(|| genre_title(rest)),
        None => genre_title(rest),
    };
    front.title = title;
    let rest = &rest[used.min(rest.len())..];
    front.preamble = join_lines(
        rest.iter()
            .filter(|l| !is_doc_number(l) && !l.chars().all(|c| !is_han(c)))
            .map(String::as_str),
    );
    front.period = period_of(&front.title);
    front.place = place_of(&front.title).or_else(|| {
        front
            .issuers
            .iter()
            .find_map(|i| place_of(i.trim_start_matches("中共")))
    });
    front
}

/// `柳办发〔2021〕18号`, also with [2021] or ［2021］.
fn is_doc_number(line: &str) -> bool {
    let t = line.trim_start_matches('★');
    t.ends_with('号')
        && t.chars().count() <= 24
        && ["〔", "[", "［", "（"].iter().any(|o| {
            t.find(o).is_some_and(|at| {
                let after = &t[at + o.len()..];
                after.len() > 4 && after[..4].bytes().all(|b| b.is_ascii_digit())
            })
        })
}

fn is_signature(line: &str) -> bool {
    let n = line.chars().count();
    (4..=30).contains(&n)
        && !line.ends_with(['。', '，', '：', '；', '、'])
        && !line.contains(['：', '，'])
        && [
            "办公室",
            "委员会",
            "政府",
            "办公厅",
            "局",
            "委",
            "部",
            "厅",
            "院",
            "会",
            "办",
        ]
        .iter()
        .any(|w| line.ends_with(w))
}

/// The title quoted in `关于印发《…》的通知`, with the inner 〈〉 made 《》 again.
fn notice_title(lines: &[String]) -> Option<String> {
    let start = lines.iter().position(|l| l.contains("关于印发"))?;
    let mut joined = String::new();
    for line in &lines[start..lines.len().min(start + 6)] {
        joined.push_str(line);
        if joined.contains("通知") {
            break;
        }
    }
    let joined = heal_spaces(&joined);
    let open = joined.find('《')?;
    let close = joined.rfind('》')?;
    (close > open).then(|| {
        joined[open + '《'.len_utf8()..close]
            .replace('〈', "《")
            .replace('〉', "》")
    })
}

/// How many lines spell `wanted` (spaces and 〈〉/《》 aside).
fn match_title(lines: &[String], wanted: &str) -> Option<usize> {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '〈' => '《',
                '〉' => '》',
                c => c,
            })
            .collect()
    };
    let wanted = norm(wanted);
    let start = lines
        .iter()
        .position(|l| !l.is_empty() && wanted.starts_with(&norm(l)))?;
    let mut joined = String::new();
    for (i, line) in lines[start..].iter().enumerate() {
        joined.push_str(&norm(line));
        if joined == wanted {
            return Some(start + i + 1);
        }
        if !wanted.starts_with(&joined) {
            return None;
        }
    }
    None
}

/// The first lines up to one that ends with a genre word, brackets balanced.
fn genre_title(lines: &[String]) -> (String, usize) {
    let mut joined = String::new();
    for (i, line) in lines.iter().enumerate().take(5) {
        joined.push_str(line);
        let balanced = joined.matches('《').count() == joined.matches('》').count()
            && joined.matches('（').count() == joined.matches('）').count();
        let core = joined
            .trim_end_matches(|c: char| c == '）' || c.is_ascii_digit() || "—年（".contains(c));
        if balanced
            && (GENRES.iter().any(|g| joined.ends_with(g))
                || GENRES.iter().any(|g| core.ends_with(g)))
        {
            // A period on a line of its own under the title belongs to it: （2024—2026年）.
            let mut used = i + 1;
            if let Some(next) = lines.get(used)
                && next.starts_with('（')
                && next.ends_with('）')
                && period_of(next).is_some()
                && next.chars().count() <= 16
            {
                joined.push_str(next);
                used += 1;
            }
            return (heal_spaces(&joined), used);
        }
    }
    // No genre word: the first line is the title.
    (
        lines.first().cloned().unwrap_or_default(),
        lines.len().min(1),
    )
}

/// `（2021—2023年）` or `2021—2023年` in a title.
pub fn period_of(title: &str) -> Option<(u16, u16)> {
    let bytes = title.as_bytes();
    for (at, _) in title.char_indices() {
        if bytes.len() >= at + 4
            && bytes[at..at + 4].iter().all(u8::is_ascii_digit)
            && (at == 0 || !bytes[at - 1].is_ascii_digit())
        {
            let rest = &title[at + 4..];
            let rest = rest.trim_start_matches('年');
            for sep in ["—", "–", "-", "～", "~", "至", "——"] {
                if let Some(after) = rest.strip_prefix(sep) {
                    let after = after.trim_start_matches('—');
                    if after.len() >= 4 && after.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
                        let start: u16 = title[at..at + 4].parse().ok()?;
                        let end: u16 = after[..4].parse().ok()?;
                        if start <= end && end - start < 20 {
                            return Some((start, end));
                        }
                    }
                }
            }
        }
    }
    None
}

/// The place name a title starts with: `柳州市关于…` → `柳州`.
fn place_of(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().take(8).collect();
    for (i, c) in chars.iter().enumerate().skip(2) {
        if matches!(c, '市' | '县' | '省' | '州' | '盟' | '旗') || (*c == '区' && i <= 4) {
            let name: String = chars[..i].iter().collect();
            if name.chars().all(is_han) && !name.starts_with("关于") {
                return Some(name);
            }
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_places() {
        assert_eq!(period_of("方案（2021—2023年）"), Some((2021, 2023)));
        assert_eq!(period_of("2024-2026年行动计划"), Some((2024, 2026)));
        assert_eq!(period_of("方案"), None);
        assert_eq!(place_of("柳州市关于落实"), Some("柳州".into()));
        assert_eq!(place_of("关于加快"), None);
    }
}
