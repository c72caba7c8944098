//! Line wrapping that is correct for Chinese.
//!
//! ratatui's `Paragraph::wrap` breaks only at spaces, so a Chinese paragraph (which has none)
//! wraps badly. We find break opportunities with Unicode line breaking (UAX #14, through
//! textwrap), which allows a break between most Chinese characters, then apply the
//! typesetting rules for Chinese punctuation (禁则, kinsoku): a line never starts with a
//! closing mark such as 。，、）” and never ends with an opening mark such as （“《. When the
//! rules and the width cannot both be met (a very narrow pane), the width wins: no line is
//! ever wider than asked.

use std::collections::HashMap;

use textwrap::WordSeparator;
use unicode_width::UnicodeWidthChar;

use super::width::{clusters, display_width};

/// Marks that must not begin a line: they close or follow what comes before.
pub const NO_LINE_START: &[char] = &[
    '。', '，', '、', '；', '：', '？', '！', '）', '」', '』', '”', '’', '》', '〉', '】', '〕',
    '〗', '〙', '］', '｝', '…', '‥', '．', '·', '・', '％', '‰', '!', ')', ',', '.', ':', ';',
    '?', ']', '}', '%',
];

/// Marks that must not end a line: they open what comes after.
pub const NO_LINE_END: &[char] = &[
    '（', '「', '『', '“', '‘', '《', '〈', '【', '〔', '〖', '〘', '［', '｛', '(', '[', '{',
];

/// Whitespace that may be dropped at a line break. U+3000 counts: a trailing ideographic
/// space is as invisible as an ASCII one. NBSP does not: it exists to prevent a break.
fn is_break_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}')
}

/// One unbreakable piece of a paragraph.
struct Cluster {
    start: usize,
    width: usize,
    first: char,
    space: bool,
    /// A wide character on either side: Chinese typesetting allows a break here, whatever
    /// UAX #14 says.
    wide_break: bool,
}

/// The width of `p` when every character is a cluster of its own (nothing joins: see
/// [`clusters`]) and has a width; `None` otherwise. It is then the sum of the clusters'
/// widths that [`wrap_paragraph`] adds up.
fn plain_width(p: &str) -> Option<usize> {
    let mut sum = 0usize;
    for c in p.chars() {
        match c.width() {
            Some(w) if w > 0 && !('\u{1F1E6}'..='\u{1F1FF}').contains(&c) => sum += w,
            _ => return None,
        }
    }
    Some(sum)
}

/// Wraps `text` to lines of at most `width` columns.
///
/// Each `\n` starts a new paragraph; empty paragraphs stay as empty lines. Spaces at a break
/// are dropped; a paragraph's leading indentation is kept when it fits. A single character
/// wider than `width` gets a line of its own. `width == 0` is treated as 1 so the result is
/// still finite and loss-free. Trailing `\r` of each line is ignored (CRLF input).
///
/// Text should be sanitised first ([`super::sanitize::for_terminal_multiline`]).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(
            paragraph.strip_suffix('\r').unwrap_or(paragraph),
            width,
            &mut lines,
        );
    }
    lines
}

/// The one line [`wrap`] makes of `text` when it is a single paragraph that fits in
/// `width` columns, found without wrapping; `None` when it may take more lines.
pub fn one_line(text: &str, width: usize) -> Option<&str> {
    if text.contains('\n') {
        return None;
    }
    paragraph_on_one_line(text.strip_suffix('\r').unwrap_or(text), width.max(1))
}

/// The line a paragraph makes when it fits in `width` columns, told without looking for a
/// break: its trailing spaces dropped.
fn paragraph_on_one_line(p: &str, width: usize) -> Option<&str> {
    plain_width(p)
        .is_some_and(|w| w <= width)
        .then(|| p.trim_end_matches(is_break_space))
}

fn wrap_paragraph(p: &str, width: usize, out: &mut Vec<String>) {
    // A paragraph that fits is one line: no break to look for (most of a detail pane's
    // lines; the detail of every new item is wrapped afresh).
    if let Some(line) = paragraph_on_one_line(p, width) {
        out.push(line.to_owned());
        return;
    }
    let cl = analyse(p);
    let mut uax14 = Opportunities {
        text: p,
        starts: None,
    };
    let n = cl.len();
    let end_of = |i: usize| if i < n { cl[i].start } else { p.len() };
    let Some(first_text) = cl.iter().position(|c| !c.space) else {
        out.push(String::new());
        return;
    };
    // Keep indentation only if it leaves room for the first character.
    let indent: usize = cl[..first_text].iter().map(|c| c.width).sum();
    let mut s = if indent.saturating_add(cl[first_text].width) > width {
        first_text
    } else {
        0
    };
    while s < n {
        // Grow the line while its visible part (trailing spaces excluded) fits.
        let mut run = 0usize;
        let mut has_text = false;
        let mut limit = n;
        let mut i = s;
        while i < n {
            let c = &cl[i];
            if c.space {
                run = run.saturating_add(c.width);
            } else {
                let w = run.saturating_add(c.width);
                if w > width {
                    // An over-wide first character still gets a line to itself.
                    limit = if has_text { i } else { i + 1 };
                    break;
                }
                run = w;
                has_text = true;
            }
            i += 1;
        }
        let b = if limit >= n {
            n
        } else {
            choose_break(&cl, &mut uax14, s, limit)
        };
        out.push(
            p[cl[s].start..end_of(b)]
                .trim_end_matches(is_break_space)
                .to_owned(),
        );
        s = b;
        while s < n && cl[s].space {
            s += 1;
        }
    }
}

/// Where UAX #14 (through textwrap) allows a break in a paragraph: found the first time a
/// break is looked for where neither a space nor a wide character decides it, which a
/// Chinese paragraph seldom needs.
struct Opportunities<'p> {
    text: &'p str,
    /// Byte offsets, sorted.
    starts: Option<Vec<usize>>,
}

impl Opportunities<'_> {
    /// UAX #14 allows a break before the cluster at byte `at`.
    fn allows(&mut self, at: usize) -> bool {
        let p = self.text;
        let starts = self.starts.get_or_insert_with(|| {
            let base = p.as_ptr() as usize;
            let mut starts: Vec<usize> = WordSeparator::UnicodeBreakProperties
                .find_words(p)
                .filter_map(|w| (w.word.as_ptr() as usize).checked_sub(base))
                .filter(|&off| off > 0 && off < p.len())
                .collect();
            starts.sort_unstable();
            starts
        });
        starts.binary_search(&at).is_ok()
    }
}

/// Splits the paragraph into clusters and marks where a wide character allows a break.
///
/// UAX #14 (through textwrap, [`Opportunities`]) decides for most text. Its quotation-mark
/// rules are written for Western quotes and forbid breaking on either side of “ ” even
/// between Chinese characters (`科“四`), which pushes whole phrases to the next line.
/// Chinese typesetting allows a break next to any full-width character, so we also allow
/// one wherever a wide character is on either side, and leave the punctuation to the
/// kinsoku rules.
fn analyse(p: &str) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = clusters(p)
        .map(|(start, text)| {
            let mut chars = text.chars();
            let first = chars.next().unwrap_or(' ');
            // A lone character measures as itself (checked for every character in tests).
            let width = match (chars.next(), first.width()) {
                (None, Some(w)) => w,
                _ => display_width(text),
            };
            Cluster {
                start,
                width,
                first,
                // A space carrying a combining mark is visible; only bare spaces may go.
                space: text.chars().all(is_break_space),
                wide_break: false,
            }
        })
        .collect();
    for i in 1..out.len() {
        if out[i - 1].width >= 2 || out[i].width >= 2 {
            out[i].wide_break = true;
        }
    }
    out
}

/// Picks where to end the line that starts at `s`, given that clusters `s..limit` fit.
/// Prefers the last UAX #14 opportunity that obeys the punctuation rules, then any position
/// that obeys them, and as a last resort breaks at `limit` so the width is never exceeded.
fn choose_break(cl: &[Cluster], uax14: &mut Opportunities, s: usize, limit: usize) -> usize {
    let mut emergency = None;
    // `after`: first visible cluster at or after b; `before`: last visible one before b.
    for b in (s + 1..=limit).rev() {
        let Some(before) = cl[s..b].iter().rposition(|c| !c.space) else {
            break;
        };
        let before = &cl[s + before];
        let after = cl[b..].iter().find(|c| !c.space);
        let allowed = !NO_LINE_END.contains(&before.first)
            && after.is_none_or(|a| !NO_LINE_START.contains(&a.first));
        if !allowed {
            continue;
        }
        let at_opportunity = cl[b - 1].space
            || cl
                .get(b)
                .is_none_or(|c| c.space || c.wide_break || uax14.allows(c.start));
        if at_opportunity {
            return b;
        }
        emergency.get_or_insert(b);
    }
    emergency.unwrap_or(limit)
}

/// Remembers wrapped lines per (key, width) so that scrolling and redrawing do not re-wrap
/// the same text every frame. The text itself is compared on lookup, so an edited text
/// under the same key is re-wrapped. Holds at most `capacity` wrapped texts and evicts the
/// least recently used.
#[derive(Debug)]
pub struct WrapCache {
    entries: HashMap<String, KeyEntry>,
    capacity: usize,
    len: usize,
    clock: u64,
}

#[derive(Debug)]
struct KeyEntry {
    text: String,
    widths: Vec<WidthEntry>,
}

#[derive(Debug)]
struct WidthEntry {
    width: u16,
    lines: Vec<String>,
    used: u64,
}

impl Default for WrapCache {
    fn default() -> Self {
        Self::new(512)
    }
}

impl WrapCache {
    /// A cache holding at most `capacity` wrapped texts (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: HashMap::new(),
            capacity: capacity.max(1),
            len: 0,
            clock: 0,
        }
    }

    /// The lines of `text` wrapped at `width`, wrapping only if this key, text and width were
    /// not seen recently.
    pub fn get(&mut self, key: &str, text: &str, width: u16) -> &[String] {
        if self.peek(key, text, width).is_none() {
            self.insert(key, text, width, wrap(text, usize::from(width)));
        }
        self.clock += 1;
        let now = self.clock;
        match self
            .entries
            .get_mut(key)
            .and_then(|e| e.widths.iter_mut().find(|w| w.width == width))
        {
            Some(w) => {
                w.used = now;
                &w.lines
            }
            None => &[],
        }
    }

    /// The lines of `text` at `width` if they are held, without wrapping (drawing reads the
    /// cache this way and reports what it had to wrap itself).
    pub fn peek(&self, key: &str, text: &str, width: u16) -> Option<&[String]> {
        let entry = self.entries.get(key).filter(|e| e.text == text)?;
        entry
            .widths
            .iter()
            .find(|w| w.width == width)
            .map(|w| w.lines.as_slice())
    }

    /// Keeps lines wrapped elsewhere (by a frame that did not find them here).
    pub fn insert(&mut self, key: &str, text: &str, width: u16, lines: Vec<String>) {
        if self.peek(key, text, width).is_some() {
            return;
        }
        self.clock += 1;
        let now = self.clock;
        if self.entries.get(key).is_some_and(|e| e.text != text) {
            self.invalidate(key);
        }
        if self.len >= self.capacity {
            self.evict_oldest();
        }
        let entry = self
            .entries
            .entry(key.to_owned())
            .or_insert_with(|| KeyEntry {
                text: text.to_owned(),
                widths: Vec::new(),
            });
        entry.widths.push(WidthEntry {
            width,
            lines,
            used: now,
        });
        self.len += 1;
    }

    /// Forgets every width of `key` (e.g. after its text was edited).
    pub fn invalidate(&mut self, key: &str) {
        if let Some(e) = self.entries.remove(key) {
            self.len -= e.widths.len();
        }
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.len = 0;
    }

    /// Number of wrapped texts held (one per key and width).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn evict_oldest(&mut self) {
        let oldest = self
            .entries
            .iter()
            .flat_map(|(k, e)| e.widths.iter().map(move |w| (w.used, k, w.width)))
            .min_by_key(|&(used, _, _)| used)
            .map(|(_, k, w)| (k.clone(), w));
        let Some((key, width)) = oldest else { return };
        if let Some(e) = self.entries.get_mut(&key) {
            e.widths.retain(|w| w.width != width);
            self.len -= 1;
            if e.widths.is_empty() {
                self.entries.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paragraphs of 柳办发〔2021〕18号, with the PDF's line breaks removed and its stray
    /// spaces kept.
    const PLAN: &[&str] = &[
        "（一）指导思想。以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届二中、三中、四中、五中全会精神，深入学习贯彻习近平总书记对广西工作系列重要指示精神，坚持科技创新在现代化建设全局中的核心地位，把科技创新作为柳州高质量发展的战略支撑，坚持“四个面向”，坚持“前端聚焦、中间协同、后端转化”，围绕工业高质量发展，聚焦产业、聚焦企业、聚焦产品，推动创新链与产业链深度融合，推动全产业链优化升级，推动各类创新要素向企业集聚，推动科技成果转化，激发创新活力，以科技强起来支撑产业、经济、综合实力强起来，为加快建设现代制造城、打造万亿工业强市、谱写建设新时代中国特色社会主义壮美广西柳州篇章贡献力量。",
        "（三）主要目标。到 2023年，全社会研发投入强度不低于全国平均水平，规模以上工业企业中有研发活动企业占比突破 40%，高新技术企业数量达到 750家，国家级高层次创新人才数量达 15人以上，技术合同成交额总额累计突破 100亿元，转化科技成果累计 300项以上，高新技术产业开发区（以下简称“高新区”）工业总产值突破 2000亿元，其中高新区四至范围内规模以上工业企业总产值突破 1500 亿元。高新技术企业工业总产值力争突破2500亿元，规模以上工业企业新产品销售收入占规模以上工业企业营业收入比重高于 30%，战略性新兴产业增加值占工业增加值比重提高 5个百分点以上，科技服务业营业收入年均增长 30%以上。90%以上的财政科技资金用于支持工业及相关领域科技创新，科技创新支撑工业高质量发展能力进一步增强。",
        "1．建设高水平创新平台。积极培育未来的新型实验室体系，优化自治区重点实验室等基础研究类创新平台建设，在汽车、工程机械等领域争创自治区重点实验室，为建设国家重点实验室培养后备力量。围绕新能源汽车产业，争创广西壮族自治区实验室。依托新能源汽车、工程机械、钢铁等领域龙头企业争创自治区技术创新中心。建设自治区科技企业孵化器、众创空间、新型研发机构等科技资源服务类创新平台。加快电子科技大学广西智能制造产业技术研究院和广西汽车研究院建设，建成自治区级以上技术创新平台不少于 2 个。依托有关县区人民政府和新区管委会等建设主体，推动广西旅游装备产业创新研究院建设。到 2023年，确保全市拥有自治区级以上创新平台 100个。（责任单位：市科技局、市发展改革委、市教育局、市工业和信息化局、市农业农村局、市林业和园林局，有关县区人民政府和新区管委会）",
        "2．引育高层次创新人才。依托国家级、自治区级和市级重大人才计划，引育一批柳州产业发展急需的“高精尖缺”人才。推行“人才+课题”、“人才+项目”、“人才+产业”的人才引进模式，会同县区、开发区，从人才团队引进、落地注册、土地供应、配套企业协作、创业扶持、科技专项支持、人才公寓、子女入学等方面，为人才团队来柳创新创业提供便捷、高效的一体化服务。",
        "（五）加大科技投入。全市各级各部门要始终坚持把科技作为财政支出重点领域，持续加大财政科技投入力度，确保财政科技投入只增不减，在有条件的情况下，力争财政科技投入年均增长 7%以上。强化科技金融服务，探索设立科创基金，构建“拨投保贷贴”协同机制，继续推进“柳州科创贷”，推动各银行在柳设立科技支行。（责任单位：市财政局、市科技局、市市场监管局、人民银行柳州市中心支行、柳州银保监分局，各县区人民政府和新区管委会）",
        "（三）深化科技体制改革。深入实施创新驱动发展战略，深化科技体制机制改革，进一步推动“广西科改 33条”落实，开展“破四唯”工作、给予科研人员更大经费管理自主权、科技“三评”改革、职务科技成果权属改革工作，推动科研项目“包干制”、“揭榜制”等制度实施。试点单位与成果完成人（团队）成为共同所有权人，试点单位可以赋予科研人员不低于 10年的职务科技成果长期使用权。",
        "附件：1．各县区、新区主要目标分解表（2021年）",
    ];

    /// The forbidden marks named by the plan's typesetting rules.
    const CLOSERS: &str = "。，、；：？！）」』”’》〉】〕…";
    const OPENERS: &str = "（「『“‘《〈【〔";

    /// Checks that `lines` are `text` in order, with only break spaces dropped at breaks
    /// (and possibly the first line's indentation).
    fn assert_lossless(text: &str, lines: &[String]) {
        let mut rest = text;
        for (n, line) in lines.iter().enumerate() {
            while !rest.starts_with(line.as_str()) && rest.starts_with(is_break_space) {
                let mut chars = rest.chars();
                chars.next();
                rest = chars.as_str();
            }
            assert!(
                rest.starts_with(line.as_str()),
                "line {n} {line:?} is not next in {rest:?}"
            );
            rest = &rest[line.len()..];
        }
        assert!(rest.chars().all(is_break_space), "text left over: {rest:?}");
    }

    fn check(text: &str, width: usize) -> Vec<String> {
        let lines = wrap(text, width);
        for line in &lines {
            assert!(
                display_width(line) <= width.max(1) || line.chars().count() == 1,
                "too wide at {width}: {line:?}"
            );
            assert!(!line.ends_with(is_break_space), "trailing space: {line:?}");
        }
        assert_lossless(text, &lines);
        lines
    }

    #[test]
    fn plan_paragraphs_at_many_widths() {
        for text in PLAN {
            for width in [10, 17, 20, 33, 40, 61, 80] {
                let lines = check(text, width);
                for (i, line) in lines.iter().enumerate() {
                    assert!(display_width(line) <= width, "{width}: {line:?}");
                    if i > 0 {
                        let first = line.chars().next();
                        assert!(
                            !first.is_some_and(|c| CLOSERS.contains(c)),
                            "{width}: line starts with closer: {line:?}"
                        );
                    }
                    if i + 1 < lines.len() {
                        let last = line.chars().next_back();
                        assert!(
                            !last.is_some_and(|c| OPENERS.contains(c)),
                            "{width}: line ends with opener: {line:?}"
                        );
                    }
                }
                // Lines are filled: no line except the last leaves room for its successor's
                // first character plus a closer (kinsoku may push up to two chars ahead).
                for pair in lines.windows(2) {
                    assert!(display_width(&pair[0]) + 6 > width, "{width}: {pair:?}");
                }
                assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
            }
        }
    }

    #[test]
    fn chinese_breaks_between_characters() {
        assert_eq!(
            wrap("市科技局市发展改革委", 8),
            ["市科技局", "市发展改", "革委"]
        );
        assert_eq!(
            wrap("市科技局市发展改革委", 9),
            ["市科技局", "市发展改", "革委"]
        );
    }

    #[test]
    fn closers_stay_with_previous_line() {
        // 、 would start line 2 at width 8; 局 moves down with it.
        assert_eq!(
            wrap("市科技局、市财政局", 8),
            ["市科技", "局、市财", "政局"]
        );
        // Closing bracket followed by a full stop.
        let lines = check("建设主体（新区）。推动", 12);
        assert!(
            lines.iter().skip(1).all(|l| !l.starts_with(['）', '。'])),
            "{lines:?}"
        );
    }

    #[test]
    fn openers_go_to_next_line() {
        // “ would end line 1 at width 10; it moves down.
        let lines = check("坚持市科“四个面向”", 10);
        assert_eq!(lines, ["坚持市科", "“四个面向”"]);
        let lines = check("推行“人才+课题”、“人才+项目”", 10);
        assert_eq!(lines, ["推行“人才+", "课题”、“人", "才+项目”"]);
        let lines = check("市委组织部（牵头）", 12);
        assert!(lines.iter().all(|l| !l.ends_with('（')), "{lines:?}");
    }

    #[test]
    fn english_breaks_at_spaces() {
        assert_eq!(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(wrap("abcdefghijkl", 5), ["abcde", "fghij", "kl"]);
        assert_eq!(wrap("a  b", 1), ["a", "b"]);
    }

    #[test]
    fn paragraphs_and_blank_lines_are_kept() {
        assert_eq!(wrap("第一段\n\n第二段", 20), ["第一段", "", "第二段"]);
        assert_eq!(wrap("a\r\nb", 20), ["a", "b"]);
        assert_eq!(wrap("", 20), [""]);
        assert_eq!(wrap("   ", 20), [""]);
        assert_eq!(wrap("end\n", 20), ["end", ""]);
    }

    #[test]
    fn indentation_is_kept_when_it_fits() {
        assert_eq!(wrap("　　一、总体要求", 20), ["　　一、总体要求"]);
        assert_eq!(wrap("  ab", 2), ["ab"]);
        assert_eq!(wrap("  ab cd", 4), ["  ab", "cd"]);
    }

    #[test]
    fn narrow_and_zero_widths_terminate() {
        for width in 0..4 {
            for text in PLAN {
                let lines = wrap(text, width);
                assert!(lines.len() <= text.chars().count());
                assert_lossless(text, &lines);
            }
        }
        assert_eq!(wrap("市科", 0), ["市", "科"]);
        assert_eq!(wrap("市科", 1), ["市", "科"]);
        // A wide char alone is wider than the line; it still gets its own line.
        assert_eq!(wrap("a市b", 1), ["a", "市", "b"]);
        // Rules give way when width cannot hold a char and its mark.
        assert_eq!(wrap("局。", 2), ["局", "。"]);
        assert_eq!(wrap("。。。。", 4), ["。。", "。。"]);
        assert_eq!(wrap("（（（（", 4), ["（（", "（（"]);
    }

    #[test]
    fn wide_widths_and_odd_input() {
        assert_eq!(wrap("短", usize::MAX), ["短"]);
        let lines = check("e\u{301}e\u{301}e\u{301}e\u{301}", 2);
        assert_eq!(lines, ["e\u{301}e\u{301}", "e\u{301}e\u{301}"]);
        check("❤\u{FE0F}❤\u{FE0F}❤\u{FE0F}", 3);
        check("\u{301}\u{301}abc", 2);
        check("tab\there", 3);
    }

    /// Pseudo-random strings of awkward pieces: the invariants must hold for all of them.
    #[test]
    fn random_text_keeps_invariants() {
        const PIECES: &[&str] = &[
            "市",
            "科",
            "。",
            "，",
            "（",
            "）",
            "“",
            "”",
            " ",
            "  ",
            "a",
            "bc",
            "\u{301}",
            "❤\u{FE0F}",
            "\u{3000}",
            "1",
            "2023",
            "、",
            "…",
            "\n",
            "《",
            "》",
            "👨\u{200D}👩",
        ];
        let mut seed: u64 = 0x2d8c_f891_e2a8_f1d9;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        for _ in 0..3000 {
            let len = next() % 30;
            let text: String = (0..len).map(|_| PIECES[next() % PIECES.len()]).collect();
            let width = next() % 14;
            for paragraph in text.split('\n') {
                let lines = wrap(paragraph, width);
                for line in &lines {
                    let single = super::super::width::clusters(line).count() == 1;
                    assert!(
                        display_width(line) <= width.max(1) || single,
                        "{paragraph:?} at {width}: {line:?}"
                    );
                    assert!(!line.ends_with(is_break_space), "{line:?}");
                }
                assert_lossless(paragraph, &lines);
            }
        }
    }

    /// The wrapping as it was before the fast paths (every paragraph analysed, UAX #14 run
    /// on each): the new one must give the same lines for every text and width.
    mod reference {
        use super::super::{NO_LINE_END, NO_LINE_START, is_break_space};
        use crate::text::width::{clusters, display_width};
        use textwrap::WordSeparator;

        /// One unbreakable piece of a paragraph.
        struct Cluster {
            start: usize,
            width: usize,
            first: char,
            space: bool,
            /// UAX #14 allows a break before this cluster.
            break_before: bool,
        }

        /// Wraps `text` to lines of at most `width` columns.
        ///
        /// Each `\n` starts a new paragraph; empty paragraphs stay as empty lines. Spaces at a break
        /// are dropped; a paragraph's leading indentation is kept when it fits. A single character
        /// wider than `width` gets a line of its own. `width == 0` is treated as 1 so the result is
        /// still finite and loss-free. Trailing `\r` of each line is ignored (CRLF input).
        ///
        /// Text should be sanitised first ([`super::sanitize::for_terminal_multiline`]).
        pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
            let width = width.max(1);
            let mut lines = Vec::new();
            for paragraph in text.split('\n') {
                wrap_paragraph(
                    paragraph.strip_suffix('\r').unwrap_or(paragraph),
                    width,
                    &mut lines,
                );
            }
            lines
        }

        fn wrap_paragraph(p: &str, width: usize, out: &mut Vec<String>) {
            let cl = analyse(p);
            let n = cl.len();
            let end_of = |i: usize| if i < n { cl[i].start } else { p.len() };
            let Some(first_text) = cl.iter().position(|c| !c.space) else {
                out.push(String::new());
                return;
            };
            // Keep indentation only if it leaves room for the first character.
            let indent: usize = cl[..first_text].iter().map(|c| c.width).sum();
            let mut s = if indent.saturating_add(cl[first_text].width) > width {
                first_text
            } else {
                0
            };
            while s < n {
                // Grow the line while its visible part (trailing spaces excluded) fits.
                let mut run = 0usize;
                let mut has_text = false;
                let mut limit = n;
                let mut i = s;
                while i < n {
                    let c = &cl[i];
                    if c.space {
                        run = run.saturating_add(c.width);
                    } else {
                        let w = run.saturating_add(c.width);
                        if w > width {
                            // An over-wide first character still gets a line to itself.
                            limit = if has_text { i } else { i + 1 };
                            break;
                        }
                        run = w;
                        has_text = true;
                    }
                    i += 1;
                }
                let b = if limit >= n {
                    n
                } else {
                    choose_break(&cl, s, limit)
                };
                out.push(
                    p[cl[s].start..end_of(b)]
                        .trim_end_matches(is_break_space)
                        .to_owned(),
                );
                s = b;
                while s < n && cl[s].space {
                    s += 1;
                }
            }
        }

        /// Splits the paragraph into clusters and marks where a break is allowed.
        ///
        /// UAX #14 (through textwrap) decides for most text. Its quotation-mark rules are written
        /// for Western quotes and forbid breaking on either side of “ ” even between Chinese
        /// characters (`科“四`), which pushes whole phrases to the next line. Chinese typesetting
        /// allows a break next to any full-width character, so we also allow one wherever a wide
        /// character is on either side, and leave the punctuation to the kinsoku rules.
        fn analyse(p: &str) -> Vec<Cluster> {
            let base = p.as_ptr() as usize;
            let mut starts: Vec<usize> = WordSeparator::UnicodeBreakProperties
                .find_words(p)
                .filter_map(|w| (w.word.as_ptr() as usize).checked_sub(base))
                .filter(|&off| off > 0 && off < p.len())
                .collect();
            starts.sort_unstable();
            let mut next = starts.into_iter().peekable();
            let mut out: Vec<Cluster> = clusters(p)
                .map(|(start, text)| {
                    while next.next_if(|&o| o < start).is_some() {}
                    let break_before = next.next_if_eq(&start).is_some();
                    let first = text.chars().next().unwrap_or(' ');
                    Cluster {
                        start,
                        width: display_width(text),
                        first,
                        // A space carrying a combining mark is visible; only bare spaces may go.
                        space: text.chars().all(is_break_space),
                        break_before,
                    }
                })
                .collect();
            for i in 1..out.len() {
                if out[i - 1].width >= 2 || out[i].width >= 2 {
                    out[i].break_before = true;
                }
            }
            out
        }

        /// Picks where to end the line that starts at `s`, given that clusters `s..limit` fit.
        /// Prefers the last UAX #14 opportunity that obeys the punctuation rules, then any position
        /// that obeys them, and as a last resort breaks at `limit` so the width is never exceeded.
        fn choose_break(cl: &[Cluster], s: usize, limit: usize) -> usize {
            let mut emergency = None;
            // `after`: first visible cluster at or after b; `before`: last visible one before b.
            for b in (s + 1..=limit).rev() {
                let Some(before) = cl[s..b].iter().rposition(|c| !c.space) else {
                    break;
                };
                let before = &cl[s + before];
                let after = cl[b..].iter().find(|c| !c.space);
                let allowed = !NO_LINE_END.contains(&before.first)
                    && after.is_none_or(|a| !NO_LINE_START.contains(&a.first));
                if !allowed {
                    continue;
                }
                let at_opportunity =
                    cl.get(b).is_none_or(|c| c.break_before || c.space) || cl[b - 1].space;
                if at_opportunity {
                    return b;
                }
                emergency.get_or_insert(b);
            }
            emergency.unwrap_or(limit)
        }
    }

    /// Every character that has a width measures the same alone as a string: `analyse`
    /// and `plain_width` take the character's width for a cluster of one.
    #[test]
    fn a_lone_character_measures_as_a_string() {
        use unicode_width::UnicodeWidthChar;
        let mut buf = [0u8; 4];
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            if let Some(w) = c.width() {
                assert_eq!(display_width(c.encode_utf8(&mut buf)), w, "{:?}", c);
            }
        }
    }

    /// The plan's own paragraphs, and English ones, at every width up to 100.
    #[test]
    fn plan_paragraphs_as_the_reference() {
        let english = "Organisation Department of the CPC Liuzhou Municipal Committee; \
                       Bureau of Science and Technology (lead), well-known re-use: 2023-11-27";
        for text in PLAN.iter().copied().chain([english]) {
            for width in 0..100 {
                assert_eq!(wrap(text, width), reference::wrap(text, width), "{width}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// A text said to fit on one line is the one line `wrap` makes of it.
        #[test]
        fn one_line_is_what_wrap_makes(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "市", "。", "（", "“", " ", "\u{3000}", "a", "re-use", "e\u{301}",
                    "❤\u{FE0F}", "\u{1F1E8}", "\r", "\n", "\t",
                ]),
                0..20,
            ),
            width in 0usize..30,
        ) {
            let text: String = pieces.concat();
            if let Some(line) = one_line(&text, width) {
                proptest::prop_assert_eq!(vec![line.to_owned()], wrap(&text, width));
            }
        }

        /// The fast paths change no line: the same lines as the reference for any text of
        /// awkward pieces (Chinese, marks, English words and hyphens, emoji, combining
        /// marks, regional indicators, spaces of all kinds) at any width.
        #[test]
        fn same_lines_as_the_reference(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "市", "科技局", "。", "，", "、", "（", "）", "“", "”", "《", "》", "…", "·",
                    " ", "  ", "\u{3000}", "\t", "a", "word", "re-use", "-", "—", "2023", "7%",
                    "(x)", "e\u{301}", "\u{301}", "❤\u{FE0F}", "👨\u{200D}👩", "\u{1F1E8}\u{1F1F3}",
                    "\u{A0}", "Status → On track", ": ", "\u{1F600}", "ﾊﾝ", "\r", "\n",
                ]),
                0..40,
            ),
            width in 0usize..50,
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(wrap(&text, width), reference::wrap(&text, width));
        }
    }

    #[test]
    fn cache_reuses_and_refreshes() {
        let mut cache = WrapCache::new(3);
        assert!(cache.is_empty());
        let a = cache.get("a", "市科技局市发展改革委", 8).to_vec();
        assert_eq!(a, wrap("市科技局市发展改革委", 8));
        assert_eq!(cache.len(), 1);
        cache.get("a", "市科技局市发展改革委", 8);
        assert_eq!(cache.len(), 1);
        cache.get("a", "市科技局市发展改革委", 20);
        assert_eq!(cache.len(), 2);
        // Same key, new text: old widths are dropped.
        assert_eq!(cache.get("a", "新文本", 8), ["新文本"]);
        assert_eq!(cache.len(), 1);
        cache.invalidate("a");
        assert!(cache.is_empty());
        cache.clear();
        assert_eq!(cache.get("x", "", 0), [""]);
    }

    #[test]
    fn cache_is_bounded_and_evicts_least_recent() {
        let mut cache = WrapCache::new(2);
        cache.get("a", "甲", 10);
        cache.get("b", "乙", 10);
        cache.get("a", "甲", 10); // a is now the most recent
        cache.get("c", "丙", 10); // evicts b
        assert_eq!(cache.len(), 2);
        assert!(cache.entries.contains_key("a"));
        assert!(!cache.entries.contains_key("b"));
        for i in 0..100u16 {
            cache.get("k", "长文本", i);
            assert!(cache.len() <= 2);
        }
        let mut tiny = WrapCache::new(0);
        assert_eq!(tiny.get("a", "x", 5), ["x"]);
        assert_eq!(tiny.get("b", "y", 5), ["y"]);
        assert_eq!(tiny.len(), 1);
    }
}
