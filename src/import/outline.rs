//! The body's numbering as a tree: 一、 sections, （一） parts, 1． items, （1） sub-items.
//! A paragraph without a number belongs to the numbered paragraph before it.

use super::heal::{Marker, marker};

/// One numbered paragraph and what falls under it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Node {
    /// The number as written (1 for 一、, （一）, 1．).
    pub number: u16,
    /// 0 for 一、, 1 for （一）, 2 for 1．, 3 for （1）.
    pub rank: u8,
    /// The paragraph without its number.
    pub text: String,
    /// Paragraphs without a number that follow it.
    pub extra: Vec<String>,
    pub children: Vec<Node>,
}

/// The body as numbered sections, and the 附件 list at its end.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    pub sections: Vec<Node>,
    /// Paragraphs before the first section (should be none: they are front matter).
    pub loose: Vec<String>,
    /// The 附件：1．… list, one title per entry.
    pub annex_list: Vec<String>,
}

fn rank(m: Marker) -> (u8, u16) {
    match m {
        Marker::Section(n) => (0, n),
        Marker::Bracketed(n) => (1, n),
        Marker::Arabic(n) => (2, n),
        Marker::ArabicBracketed(n) => (3, n),
    }
}

pub fn parse(paragraphs: &[String]) -> Outline {
    let mut outline = Outline::default();
    // The path of open nodes, outermost first.
    let mut stack: Vec<Node> = Vec::new();
    let close_to = |stack: &mut Vec<Node>, outline: &mut Outline, keep: usize| {
        while stack.len() > keep {
            let node = stack.pop().unwrap_or_default();
            match stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None => outline.sections.push(node),
            }
        }
    };
    let mut in_annex_list = false;
    for paragraph in paragraphs {
        if let Some(rest) = paragraph
            .strip_prefix("附件：")
            .or_else(|| paragraph.strip_prefix("附件:"))
        {
            in_annex_list = true;
            close_to(&mut stack, &mut outline, 0);
            let entry = marker(rest).map_or(rest, |(_, len)| &rest[len..]);
            if !entry.trim().is_empty() {
                outline.annex_list.push(entry.trim().to_owned());
            }
            continue;
        }
        if in_annex_list {
            match marker(paragraph) {
                Some((_, len)) => outline.annex_list.push(paragraph[len..].trim().to_owned()),
                None => {
                    if let Some(last) = outline.annex_list.last_mut() {
                        last.push_str(paragraph);
                    }
                }
            }
            continue;
        }
        match marker(paragraph) {
            Some((m, len)) => {
                let (r, number) = rank(m);
                // Close every open node at this rank or deeper.
                let keep = stack
                    .iter()
                    .position(|n| n.rank >= r)
                    .unwrap_or(stack.len());
                close_to(&mut stack, &mut outline, keep);
                stack.push(Node {
                    number,
                    rank: r,
                    text: paragraph[len..].trim().to_owned(),
                    ..Node::default()
                });
            }
            None => match stack.last_mut() {
                Some(node) => node.extra.push(paragraph.clone()),
                None => outline.loose.push(paragraph.clone()),
            },
        }
    }
    close_to(&mut stack, &mut outline, 0);
    outline
}

/// `标题。正文` → (`标题`, `正文`): a heading's first sentence is its title when it is
/// short; otherwise the heading has no separate title and the whole text is the body's.
pub fn split_title(text: &str) -> (String, String) {
    let text = text.trim();
    let stop = text
        .char_indices()
        .find(|(_, c)| matches!(c, '。' | '：' | ':' | '！' | '；'))
        .map(|(at, c)| (at, c.len_utf8()));
    match stop {
        Some((at, len)) if text[..at].chars().count() <= 40 => (
            text[..at].trim().to_owned(),
            text[at + len..].trim().to_owned(),
        ),
        Some(_) => {
            // A long first sentence: the first clause names the item.
            let clause = text
                .char_indices()
                .find(|(_, c)| matches!(c, '，' | ','))
                .map_or(text.len(), |(at, _)| at);
            (text[..clause].trim().to_owned(), text.to_owned())
        }
        None => (text.to_owned(), String::new()),
    }
}

/// A programme heading: `“科技创新能力提升工程”相关任务` → `科技创新能力提升工程`.
pub fn programme_title(text: &str) -> String {
    let text = text.trim().trim_end_matches(['。', '：', ':']);
    if let (Some(open), Some(close)) = (text.find('“'), text.rfind('”'))
        && close > open
    {
        let outside = format!("{}{}", &text[..open], &text[close + '”'.len_utf8()..]);
        let generic = [
            "相关任务",
            "有关任务",
            "主要任务",
            "重点任务",
            "任务",
            "行动",
            "工作",
            "",
        ];
        if generic.contains(&outside.trim()) {
            return text[open + '“'.len_utf8()..close].to_owned();
        }
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree() {
        let paras: Vec<String> = [
            "一、总体要求",
            "（一）指导思想。坚持。",
            "二、主要任务",
            "（一）“甲工程”相关任务",
            "1．做甲。内容。（责任单位：市科技局）",
            "2．做乙。",
            "推动丙。内容。（责任单位：市财政局）",
            "附件：1．表一",
            "2．表二",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let outline = parse(&paras);
        assert_eq!(outline.sections.len(), 2);
        let tasks = &outline.sections[1].children[0];
        assert_eq!(programme_title(&tasks.text), "甲工程");
        assert_eq!(tasks.children.len(), 2);
        assert_eq!(tasks.children[1].extra.len(), 1);
        assert_eq!(outline.annex_list, vec!["表一".to_owned(), "表二".into()]);
        assert_eq!(
            split_title("做甲。内容。"),
            ("做甲".into(), "内容。".into())
        );
    }
}
