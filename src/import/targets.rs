//! Quantitative targets read from sentences: `到2023年，…达到750家`, `…突破40%`,
//! `力争建立3—5个科技支行`, `…年均增长30%以上`, `90%以上的…`.
//!
//! A clause is read as a target when it states a figure with a measure word and the
//! sentence is a goal (it starts 到YYYY年, or says 力争/确保/争取), or the figure comes with
//! a comparison (达到, 不少于, 突破, 以上 …), or the paragraph is a list of goals (主要目标).
//! A figure followed by 的 describes what is counted (年研发投入超500万元的企业), it is not
//! the target's figure. Bounds follow the plan format's conventions:
//! 达到/达/不少于/不低于/以上 → AtLeast; 突破/超/超过/高于 → MoreThan; 不超过/以下/以内 →
//! AtMost; 低于 → LessThan; a plain figure → Exactly (确保 + a plain figure: a floor, AtLeast);
//! 3—5 → Range; a bar in words (不低于全国平均水平) → Qualitative.

use crate::model::{Basis, Bound, TargetComponent};

use super::ReviewKind;
use super::owners::split_top;

/// A target as found, before it gets an id.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub measure: String,
    pub bound: Bound,
    pub unit: String,
    /// The year stated for it, if any.
    pub deadline: Option<u16>,
    pub basis: Basis,
    pub components: Vec<TargetComponent>,
    pub source: String,
    /// What the importer is unsure about.
    pub doubts: Vec<(ReviewKind, super::Words)>,
}

/// Measure words, longest first within each prefix, as they follow a figure.
const UNITS: [&str; 62] = [
    "个百分点",
    "百分点",
    "万人次",
    "人次",
    "家次",
    "亿美元",
    "万美元",
    "美元",
    "亿元",
    "万元",
    "千元",
    "元",
    "万人",
    "万户",
    "万亩",
    "万吨",
    "万千瓦",
    "千瓦时",
    "千瓦",
    "万平方米",
    "平方公里",
    "平方米",
    "公里",
    "公顷",
    "%",
    "‰",
    "家",
    "个",
    "项",
    "人",
    "名",
    "所",
    "座",
    "台",
    "套",
    "件",
    "篇",
    "部",
    "次",
    "场",
    "批",
    "支",
    "户",
    "亩",
    "处",
    "条",
    "种",
    "类",
    "倍",
    "吨",
    "辆",
    "栋",
    "间",
    "张",
    "位",
    "册",
    "门",
    "期",
    "宗",
    "株",
    "头",
    "只",
];

/// Units that say when, not how much: a figure with them is no target.
const TIME_UNITS: [&str; 6] = ["年", "月", "日", "天", "周", "小时"];

/// Comparisons written just before the figure, longest first, with the bound they make.
const COMPARATORS: [(&str, Cmp); 24] = [
    ("达到或超过", Cmp::AtLeast),
    ("不少于", Cmp::AtLeast),
    ("不低于", Cmp::AtLeast),
    ("不小于", Cmp::AtLeast),
    ("至少", Cmp::AtLeast),
    ("提高到", Cmp::AtLeast),
    ("提高至", Cmp::AtLeast),
    ("提升到", Cmp::AtLeast),
    ("提升至", Cmp::AtLeast),
    ("增加到", Cmp::AtLeast),
    ("增加至", Cmp::AtLeast),
    ("达到", Cmp::AtLeast),
    ("达", Cmp::AtLeast),
    ("突破", Cmp::MoreThan),
    ("超过", Cmp::MoreThan),
    ("高于", Cmp::MoreThan),
    ("多于", Cmp::MoreThan),
    ("大于", Cmp::MoreThan),
    ("超", Cmp::MoreThan),
    ("不超过", Cmp::AtMost),
    ("不高于", Cmp::AtMost),
    ("控制在", Cmp::AtMost),
    ("低于", Cmp::LessThan),
    ("少于", Cmp::LessThan),
];

/// A rise written just before the figure: (word, annual growth?, decrease?).
const CHANGES: [(&str, bool, bool); 12] = [
    ("年均增长", true, false),
    ("年均提高", true, false),
    ("年均增加", true, false),
    ("同比增长", false, false),
    ("提高", false, false),
    ("提升", false, false),
    ("增长", false, false),
    ("增加", false, false),
    ("下降", false, true),
    ("降低", false, true),
    ("减少", false, true),
    ("缩小", false, true),
];

/// Verbs of making or doing something over the period: what they count accumulates.
const CUMULATIVE_VERBS: [&str; 22] = [
    "新建", "建成", "建设", "建立", "新增", "培训", "选派", "转化", "获得", "形成", "突破", "打造",
    "引进", "培育", "认定", "完成", "实施", "推广", "开发", "引育", "组建", "创建",
];

/// Words that set the goal context of a clause; kept in the source, not in the measure.
const CONTEXT: [&str; 6] = ["力争", "确保", "争取", "努力", "全力", "其中"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
}

/// Every target of a paragraph. `goals`: the paragraph is a list of goals (主要目标), so
/// every clause with a figure is one.
pub fn extract(text: &str, goals: bool) -> Vec<Found> {
    let mut out = Vec::new();
    let mut year: Option<u16> = None;
    for sentence in split_top(text, &['。', '！', '？']) {
        let mut goal_sentence = false;
        for clause in split_top(sentence, &['，', '；', ',', ';']) {
            let mut clause = clause.trim();
            if let Some((y, rest)) = leading_year(clause) {
                year = Some(y);
                goal_sentence = true;
                clause = rest;
            }
            if clause.is_empty() {
                continue;
            }
            if CONTEXT[..4].iter().any(|w| clause.contains(w)) {
                goal_sentence = true;
            }
            for piece in enumeration(clause) {
                if let Some(mut found) = read_clause(piece, goals || goal_sentence, true) {
                    found.deadline = year;
                    if piece.starts_with("其中") {
                        found.doubts.push((
                            ReviewKind::PartOrOwnTarget,
                            super::Words::plain("import.review.part_clause"),
                        ));
                    }
                    out.push(found);
                }
            }
        }
    }
    out
}

/// `到2023年` (or `2023年`, `到2023年底`, `至2023年`, `2023年前`) opening a clause.
fn leading_year(clause: &str) -> Option<(u16, &str)> {
    let rest = ["到", "至", "截至", "截止到", "截止"]
        .iter()
        .find_map(|p| clause.strip_prefix(p))
        .unwrap_or(clause);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return None;
    }
    let year: u16 = rest[..digits].parse().ok()?;
    let mut tail = rest[digits..].strip_prefix('年')?;
    for suffix in ["底前", "年底", "底", "末", "前", "以前"] {
        if let Some(t) = tail.strip_prefix(suffix) {
            tail = t;
            break;
        }
    }
    (1900..2200)
        .contains(&year)
        .then_some((year, tail.trim_start_matches(['，', ','])))
}

/// `A2家以上、B1家以上`: a list of figures split at 、 where each part ends with one.
fn enumeration(clause: &str) -> Vec<&str> {
    let parts = split_top(clause, &['、']);
    if parts.len() < 2 {
        return vec![clause];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    for (i, part) in parts.iter().enumerate() {
        at += part.len();
        let last = i + 1 == parts.len();
        if last || ends_with_figure(part) {
            out.push(clause[start..at].trim());
            start = at + '、'.len_utf8();
        }
        at += '、'.len_utf8();
    }
    out
}

fn ends_with_figure(text: &str) -> bool {
    let t = text
        .trim_end_matches("以上")
        .trim_end_matches("以下")
        .trim_end_matches("左右");
    let unit_stripped = UNITS.iter().find_map(|u| t.strip_suffix(u)).unwrap_or(t);
    unit_stripped.len() < t.len() && unit_stripped.ends_with(|c: char| c.is_ascii_digit())
}

/// A figure in a clause: where it is and what follows.
#[derive(Debug, Clone)]
struct Figure {
    start: usize,
    end: usize,
    low: f64,
    high: Option<f64>,
    unit: String,
    known_unit: bool,
}

/// Reads one clause; `context`: the clause is in a goal sentence.
fn read_clause(clause: &str, context: bool, allow_components: bool) -> Option<Found> {
    let source = clause.trim().to_owned();
    let (main, components_text) = match trailing_components(&source) {
        Some((main, inner)) if allow_components => (main, Some(inner)),
        _ => (source.as_str(), None),
    };
    let mut core = main;
    for word in CONTEXT {
        core = core.strip_prefix(word).unwrap_or(core);
    }
    let mut doubts = Vec::new();
    let figures = figures(core);
    let figure = figures
        .iter()
        .rev()
        .find(|f| {
            let after = &core[f.end..];
            let after = ["以上", "以下", "以内", "左右"]
                .iter()
                .find_map(|s| after.strip_prefix(s))
                .unwrap_or(after);
            !after.starts_with('的') || f.start == 0
        })
        .cloned();
    let Some(figure) = figure else {
        return qualitative(core, &source, context);
    };
    let before = &core[..figure.start];
    let mut after = &core[figure.end..];
    let mut suffix_cmp = None;
    for (word, cmp) in [
        ("以上", Cmp::AtLeast),
        ("以下", Cmp::AtMost),
        ("以内", Cmp::AtMost),
    ] {
        if let Some(rest) = after.strip_prefix(word) {
            suffix_cmp = Some(cmp);
            after = rest;
        }
    }
    let mut approximate = false;
    if let Some(rest) = after.strip_prefix("左右") {
        approximate = true;
        after = rest;
    }
    let mut measure_before = before.to_owned();
    let mut cmp = None;
    if let Some((word, c)) = COMPARATORS
        .iter()
        .filter(|(w, _)| before.ends_with(w))
        .max_by_key(|(w, _)| w.len())
    {
        cmp = Some(*c);
        measure_before.truncate(before.len() - word.len());
    }
    let mut change = None;
    if cmp.is_none()
        && let Some((word, annual, decrease)) = CHANGES
            .iter()
            .filter(|(w, _, _)| before.ends_with(w))
            .max_by_key(|(w, _, _)| w.len())
    {
        change = Some((*annual, *decrease));
        // Growth per year is the measure itself (科技服务业营业收入年均增长); a rise over
        // the period is a change of the measure (比重 提高5个百分点).
        if !annual {
            measure_before.truncate(before.len() - word.len());
        }
    }
    for word in CONTEXT {
        if let Some(rest) = measure_before.strip_suffix(word) {
            measure_before = rest.to_owned();
        }
    }
    let explicit = cmp.is_some() || suffix_cmp.is_some() || change.is_some();
    if !(context || explicit) {
        return None;
    }
    if !figure.known_unit {
        if TIME_UNITS.iter().any(|u| figure.unit.starts_with(u)) || figure.unit.is_empty() {
            return None;
        }
        doubts.push((
            ReviewKind::UnknownUnit,
            super::Words::new(
                "import.review.unknown_unit",
                &[("unit", &format!("{:?}", figure.unit))],
            ),
        ));
    }
    let low = figure.low;
    let bound = match (figure.high, cmp.or(suffix_cmp)) {
        (Some(high), _) => Bound::Range(low, high),
        (None, Some(Cmp::AtLeast)) => Bound::AtLeast(low),
        (None, Some(Cmp::MoreThan)) => Bound::MoreThan(low),
        (None, Some(Cmp::AtMost)) => Bound::AtMost(low),
        (None, Some(Cmp::LessThan)) => Bound::LessThan(low),
        (None, None) if source.starts_with("确保") => Bound::AtLeast(low),
        (None, None) => Bound::Exactly(low),
    };
    if approximate {
        doubts.push((
            ReviewKind::UnclassifiedBound,
            super::Words::plain("import.review.about"),
        ));
    }
    if let Some((_, true)) = change {
        doubts.push((
            ReviewKind::UnclassifiedBound,
            super::Words::plain("import.review.decrease"),
        ));
    }
    // What is measured: the words after the figure (建立3—5个科技支行), else those before.
    let after_clean = after.trim_start_matches('的').trim();
    let (mut measure, verb_side) =
        if !after_clean.is_empty() && !after_clean.starts_with(['（', '(']) {
            (after_clean.to_owned(), measure_before.clone())
        } else {
            (measure_before.clone(), measure_before.clone())
        };
    let cumulative_word = verb_side.contains("累计")
        || CUMULATIVE_VERBS
            .iter()
            .any(|v| verb_side.starts_with(v) || verb_side.ends_with(v));
    measure = measure.replace("累计", "");
    for verb in CUMULATIVE_VERBS.iter().chain(&["拥有"]) {
        if let Some(rest) = measure.strip_prefix(verb)
            && rest.chars().count() >= 2
            && !matches!(*verb, "建成" | "转化" | "拥有" | "培训")
        {
            measure = rest.to_owned();
            break;
        }
    }
    let measure = measure.trim_matches(['，', '、', ' ']).to_owned();
    if measure.is_empty() {
        doubts.push((
            ReviewKind::NoMeasure,
            super::Words::plain("import.review.no_measure"),
        ));
    }
    let basis = match change {
        Some((true, _)) => Basis::AnnualGrowth,
        Some((false, _)) => Basis::Increase,
        None if before.contains("年均") => Basis::AnnualGrowth,
        None if cumulative_word => Basis::Cumulative,
        None => Basis::Level,
    };
    let components = components_text
        .map(|inner| {
            split_top(inner, &['，', '；', '、', ',', ';'])
                .into_iter()
                .filter_map(|part| read_clause(part.trim(), true, false))
                .map(|f| TargetComponent {
                    measure: f.measure,
                    measure_en: None,
                    bound: f.bound,
                    unit: f.unit,
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Found {
        measure: if measure.is_empty() {
            source.clone()
        } else {
            measure
        },
        bound,
        unit: figure.unit,
        deadline: None,
        basis,
        components,
        source,
        doubts,
    })
}

/// `…（其中A20项，B80项）` at the end of a clause: (the clause before, the inside).
fn trailing_components(clause: &str) -> Option<(&str, &str)> {
    let body = clause
        .strip_suffix('）')
        .or_else(|| clause.strip_suffix(')'))?;
    let open = body.rfind("（其中").or_else(|| body.rfind("(其中"))?;
    let open_len = body[open..].chars().next()?.len_utf8();
    let inner = &body[open + open_len..];
    Some((
        clause[..open].trim_end(),
        inner.strip_prefix("其中").unwrap_or(inner),
    ))
}

/// A bar given in words: `不低于全国平均水平`.
fn qualitative(core: &str, source: &str, context: bool) -> Option<Found> {
    if !context {
        return None;
    }
    for word in [
        "不低于",
        "高于",
        "达到",
        "优于",
        "不少于",
        "超过",
        "位居",
        "保持",
    ] {
        if let Some(at) = core.find(word) {
            let bar = &core[at..];
            if bar.contains("水平") || bar.contains("前列") || bar.contains("平均") {
                let measure = core[..at].trim().to_owned();
                if measure.is_empty() {
                    return None;
                }
                return Some(Found {
                    measure,
                    bound: Bound::Qualitative(bar.to_owned()),
                    unit: String::new(),
                    deadline: None,
                    basis: Basis::Level,
                    components: Vec::new(),
                    source: source.to_owned(),
                    doubts: vec![(
                        ReviewKind::UnknownUnit,
                        super::Words::plain("import.review.bar_in_words"),
                    )],
                });
            }
        }
    }
    None
}

/// The figures of a clause with their units, outside quotations and brackets. Years
/// (2023年) and codes (5G) are not figures.
fn figures(text: &str) -> Vec<Figure> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        match c {
            '“' | '《' | '〈' | '（' | '(' | '「' | '‘' => depth += 1,
            '”' | '》' | '〉' | '）' | ')' | '」' | '’' => depth -= 1,
            _ => {}
        }
        if depth > 0 || !c.is_ascii_digit() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut end = number_end(bytes, i);
        let low: f64 = text[start..end].parse().unwrap_or(f64::NAN);
        let mut high = None;
        // A range: 3—5, 3-5, 3～5, 3至5, 3到5.
        for sep in ["—", "–", "-", "～", "~", "至", "到"] {
            if let Some(rest) = text[end..].strip_prefix(sep)
                && rest.starts_with(|c: char| c.is_ascii_digit())
            {
                let from = end + sep.len();
                let to = number_end(bytes, from);
                high = text[from..to].parse().ok();
                end = to;
                break;
            }
        }
        i = end;
        let rest = &text[end..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) || !low.is_finite() {
            continue;
        }
        if rest.starts_with('年') && end - start == 4 {
            continue;
        }
        let (unit, known) = match unit_at(rest) {
            Some(u) => (u.to_owned(), true),
            None => (
                rest.chars()
                    .next()
                    .filter(|c| super::heal::is_han(*c))
                    .map(String::from)
                    .unwrap_or_default(),
                false,
            ),
        };
        let end_unit = end + unit.len();
        out.push(Figure {
            start,
            end: end_unit,
            low,
            high,
            unit,
            known_unit: known,
        });
        i = end_unit;
    }
    out
}

fn number_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
    }
    i
}

/// The measure word at the start of `rest`, with a 万/亿 multiplier if written.
fn unit_at(rest: &str) -> Option<&str> {
    if let Some(u) = UNITS.iter().find(|u| rest.starts_with(*u)) {
        return Some(&rest[..u.len()]);
    }
    for multiplier in ["万", "亿", "千"] {
        if let Some(after) = rest.strip_prefix(multiplier)
            && let Some(u) = UNITS.iter().find(|u| after.starts_with(*u))
        {
            return Some(&rest[..multiplier.len() + u.len()]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Found {
        let found = extract(text, false);
        assert_eq!(found.len(), 1, "{text}: {found:#?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn bounds() {
        assert_eq!(
            one("到2023年，高新技术企业数量达到750家。").bound,
            Bound::AtLeast(750.0)
        );
        assert_eq!(one("到2023年，占比突破40%。").bound, Bound::MoreThan(40.0));
        let t = one("到2023年，力争建立3—5个科技支行。");
        assert_eq!(t.bound, Bound::Range(3.0, 5.0));
        assert_eq!(t.measure, "科技支行");
        assert_eq!(t.unit, "个");
        assert_eq!(t.deadline, Some(2023));
        let t = one("力争财政科技投入年均增长7%以上。");
        assert_eq!(
            (t.bound, t.basis),
            (Bound::AtLeast(7.0), Basis::AnnualGrowth)
        );
        let t = one("到2025年，万元地区生产总值能耗控制在0.5吨以内。");
        assert_eq!(t.bound, Bound::AtMost(0.5));
        let t = one("到2023年，年研发投入超500万元的企业达100家。");
        assert_eq!(t.bound, Bound::AtLeast(100.0));
        assert_eq!(t.measure, "年研发投入超500万元的企业");
        let t =
            one("到2023年，力争突破关键技术100项（其中自治区级关键技术20项，市级关键技术80项）。");
        assert_eq!(t.bound, Bound::Exactly(100.0));
        assert_eq!(t.components.len(), 2);
        assert_eq!(t.components[1].bound, Bound::Exactly(80.0));
    }

    #[test]
    fn not_targets() {
        assert!(extract("支持5G技术示范应用，推动“5+5”产业发展。", false).is_empty());
        assert!(extract("试点单位可以赋予科研人员不低于10年的使用权。", false).is_empty());
        assert!(extract("落实《方案（2021—2023年）》要求。", false).is_empty());
    }

    #[test]
    fn lists_and_words() {
        let found = extract(
            "到2023年，力争建设联合创新平台2家以上、合作基地1家以上。",
            false,
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].source, "合作基地1家以上");
        let found = extract("到2023年，全社会研发投入强度不低于全国平均水平。", true);
        assert_eq!(
            found[0].bound,
            Bound::Qualitative("不低于全国平均水平".into())
        );
        let found = extract("90%以上的财政科技资金用于支持科技创新。", true);
        assert_eq!(found[0].bound, Bound::AtLeast(90.0));
    }
}
