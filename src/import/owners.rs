//! Responsible units: the （责任单位：…） parenthetical that ends a task, and the registry
//! of every unit the document names.
//!
//! The conventions are those of the genre: units are listed with 、 inside a group and the
//! groups (units of different rank: a Party department, the city bureaus, the local
//! governments) are separated by a full-width comma; the first unit listed leads, unless
//! one is marked 牵头 (or the parenthetical has a 牵头单位 part).

use std::collections::HashMap;

use crate::model::{Owner, OwnerKind};
use crate::text::pinyin::pinyin_keys;

use super::{Review, ReviewKind, Words};

/// Labels that open a responsible-units parenthetical.
const LABELS: [&str; 9] = [
    "责任单位",
    "牵头单位",
    "责任部门",
    "牵头部门",
    "责任主体",
    "主责单位",
    "负责单位",
    "配合单位",
    "实施主体",
];

/// Units as the document names them: `lead`, and `groups` in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnitList {
    pub lead: String,
    pub groups: Vec<Vec<String>>,
}

/// Whether the text ends with a responsible-units parenthetical.
pub fn ends_with_owners(text: &str) -> bool {
    split_owners(text).is_some()
}

/// Splits `…。（责任单位：A、B，C）` into the text before it and the units.
pub fn split_owners(text: &str) -> Option<(String, UnitList)> {
    let trimmed = text.trim_end().trim_end_matches(['。', '；']);
    let close = trimmed.chars().last()?;
    if close != '）' && close != ')' {
        return None;
    }
    // Find the parenthesis that opens the last one, counting nested pairs.
    let mut depth = 0usize;
    let mut open_at = None;
    for (at, c) in trimmed.char_indices().rev() {
        match c {
            '）' | ')' => depth += 1,
            '（' | '(' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    open_at = Some(at);
                    break;
                }
            }
            _ => {}
        }
    }
    let open_at = open_at?;
    let open_len = trimmed[open_at..].chars().next()?.len_utf8();
    let inner = &trimmed[open_at + open_len..trimmed.len() - close.len_utf8()];
    let label = LABELS.iter().find(|l| inner.trim_start().starts_with(*l))?;
    let _ = label;
    let list = parse_units(inner);
    if list.groups.iter().all(Vec::is_empty) {
        return None;
    }
    let before = trimmed[..open_at].trim_end().to_owned();
    Some((before, list))
}

/// Reads the inside of the parenthetical (labels included).
pub fn parse_units(inner: &str) -> UnitList {
    let mut list = UnitList::default();
    let mut marked_lead: Option<String> = None;
    for segment in split_top(inner, &['；', ';']) {
        let mut segment = segment.trim();
        let mut leads = false;
        for label in LABELS {
            if let Some(rest) = segment.strip_prefix(label) {
                leads = label.starts_with("牵头");
                segment = rest.trim_start_matches(['：', ':']).trim();
                break;
            }
        }
        for group in split_top(segment, &['，', ',']) {
            let mut units = Vec::new();
            for unit in split_top(group, &['、']) {
                let (name, is_lead) = clean_unit(unit);
                if name.is_empty() {
                    continue;
                }
                if (is_lead || leads) && marked_lead.is_none() {
                    marked_lead = Some(name.clone());
                }
                units.push(name);
            }
            if !units.is_empty() {
                list.groups.push(units);
            }
        }
    }
    list.lead = marked_lead
        .or_else(|| list.groups.first().and_then(|g| g.first()).cloned())
        .unwrap_or_default();
    list
}

/// A unit's name without the words around it: `市科技局牵头` → (`市科技局`, lead).
fn clean_unit(raw: &str) -> (String, bool) {
    let mut name: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let mut lead = false;
    for suffix in [
        "牵头负责",
        "牵头",
        "负责",
        "配合",
        "参与",
        "按职责分工负责",
        "等",
    ] {
        if name.chars().count() > suffix.chars().count() + 1
            && let Some(rest) = name.strip_suffix(suffix)
        {
            lead |= suffix.starts_with("牵头");
            name = rest.to_owned();
        }
    }
    (name.trim_matches(['。', '；', '：']).to_owned(), lead)
}

/// Splits at any of `seps` outside parentheses and quotation marks.
pub fn split_top<'a>(text: &'a str, seps: &[char]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match c {
            '（' | '(' | '《' | '“' | '〈' | '「' => depth += 1,
            '）' | ')' | '》' | '”' | '〉' | '」' => depth -= 1,
            _ if depth <= 0 && seps.contains(&c) => {
                out.push(&text[start..at]);
                start = at + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// What kind of unit a name is, by the conventions of unit names; `None` when no rule
/// says (the draft marks it for review).
pub fn guess_kind(name: &str) -> Option<OwnerKind> {
    let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
    let ends = |words: &[&str]| words.iter().any(|w| name.ends_with(w));
    let starts = |words: &[&str]| words.iter().any(|w| name.starts_with(w));
    if starts(&["有关", "各", "相关"]) && has(&["县", "区", "乡", "镇", "街道", "政府", "管委会"])
    {
        return Some(OwnerKind::LocalGovernments);
    }
    if ends(&["成员单位", "领导小组", "工作小组", "联席会议", "指挥部"]) || starts(&["各", "有关"])
    {
        return Some(OwnerKind::Group);
    }
    if has(&[
        "银行",
        "银保监",
        "证监",
        "保监",
        "金融监管",
        "信用社",
        "农信",
    ]) {
        return Some(OwnerKind::Financial);
    }
    if starts(&["市委", "县委", "区委", "省委", "州委", "中共"]) && !name.starts_with("市委和")
        || (ends(&["部"]) && has(&["组织", "宣传", "统战"]))
    {
        return Some(OwnerKind::PartyDepartment);
    }
    if has(&[
        "税务",
        "气象",
        "消防",
        "海关",
        "邮政管理",
        "通信管理",
        "调查队",
        "海事",
        "出入境",
        "烟草",
        "银保监",
    ]) {
        return Some(OwnerKind::VerticalAgency);
    }
    if has(&[
        "科协",
        "工会",
        "团市委",
        "团县委",
        "共青团",
        "妇联",
        "工商联",
        "残联",
        "文联",
        "侨联",
        "红十字会",
    ]) || ends(&["协会", "学会", "商会"])
    {
        return Some(OwnerKind::Association);
    }
    let chars = name.chars().count();
    if (ends(&["新区", "开发区", "高新区", "试验区", "园区"]) && chars <= 10)
        || ends(&["新区管委会"])
    {
        return Some(OwnerKind::NewArea);
    }
    if (ends(&["区", "县", "旗"]) && chars <= 6 && !starts(&["市"]))
        || ends(&["区人民政府", "县人民政府", "区政府", "县政府"])
    {
        return Some(OwnerKind::District);
    }
    if ends(&[
        "局",
        "委",
        "办",
        "厅",
        "委员会",
        "办公室",
        "中心",
        "院",
        "署",
        "室",
        "馆",
        "所",
        "队",
    ]) {
        return Some(OwnerKind::GovernmentDepartment);
    }
    None
}

/// Every unit of the document, once, with a readable id made from its name.
#[derive(Debug, Default)]
pub struct Registry {
    pub owners: Vec<Owner>,
    by_name: HashMap<String, usize>,
    pub reviews: Vec<Review>,
}

impl Registry {
    /// The id of the unit named `name`, registering it on first sight. `kind` overrides
    /// the guess from the name (rows of a district table are districts).
    pub fn id_for(&mut self, name: &str, kind: Option<OwnerKind>) -> String {
        if let Some(&at) = self.by_name.get(name) {
            return self.owners[at].id.clone();
        }
        let guessed = kind.or_else(|| guess_kind(name));
        let kind = guessed.unwrap_or(OwnerKind::Other);
        let (short, long) = candidate_ids(name, kind);
        let taken = |id: &str, owners: &[Owner]| owners.iter().any(|o| o.id == id);
        let mut id = short;
        if taken(&id, &self.owners) {
            id = long.clone();
        }
        let mut n = 2;
        while taken(&id, &self.owners) {
            id = format!("{long}{n}");
            n += 1;
        }
        // A name spelt two ways (市科技局, 科技局) is left for a human to merge.
        if let Some(other) = self
            .owners
            .iter()
            .find(|o| stripped(&o.name) == stripped(name))
        {
            self.reviews.push(Review::new(
                &id,
                ReviewKind::PossibleAlias,
                Words::new(
                    "import.review.possible_alias",
                    &[("name", &name), ("other", &other.name), ("id", &other.id)],
                ),
            ));
        }
        if guessed.is_none() {
            self.reviews.push(Review::new(
                &id,
                ReviewKind::UnknownUnitKind,
                Words::new("import.review.unknown_kind", &[("name", &name)]),
            ));
        }
        self.by_name.insert(name.to_owned(), self.owners.len());
        self.owners.push(Owner {
            id: id.clone(),
            name: name.to_owned(),
            name_en: None,
            kind,
            // Aliases are for a human to add: a guess here would be worse than none.
            aliases: Vec::new(),
        });
        id
    }

    /// Ids for every unit of a list; the lead first registered in its place.
    pub fn responsibility(&mut self, list: &UnitList) -> crate::model::Responsibility {
        let groups: Vec<Vec<String>> = list
            .groups
            .iter()
            .map(|g| g.iter().map(|u| self.id_for(u, None)).collect())
            .collect();
        let lead = if list.lead.is_empty() {
            String::new()
        } else {
            self.id_for(&list.lead, None)
        };
        crate::model::Responsibility { lead, groups }
    }
}

/// A name without the level prefix, for spotting the same unit written two ways.
fn stripped(name: &str) -> &str {
    name.strip_prefix('市').unwrap_or(name)
}

/// The short id and a longer one for when the short one is taken.
fn candidate_ids(name: &str, kind: OwnerKind) -> (String, String) {
    let clip = |s: String, n: usize| -> String { s.chars().take(n).collect() };
    if matches!(kind, OwnerKind::District | OwnerKind::NewArea) {
        let core = [
            "人民政府",
            "管委会",
            "政府",
            "新区",
            "开发区",
            "区",
            "县",
            "旗",
        ]
        .iter()
        .find_map(|s| {
            name.strip_suffix(s)
                .filter(|rest| rest.chars().count() >= 2)
        })
        .unwrap_or(name);
        let full = clip(pinyin_keys(core).full, 20);
        let id = if full.is_empty() {
            "district".to_owned()
        } else {
            full
        };
        return (id.clone(), id);
    }
    for (prefix, tag) in [("市委", "sw_"), ("县委", "xw_"), ("区委", "qw_")] {
        if let Some(rest) = name.strip_prefix(prefix)
            && !rest.is_empty()
        {
            let keys = pinyin_keys(rest);
            return (
                format!("{tag}{}", clip(keys.initials, 12)),
                format!("{tag}{}", clip(keys.full, 20)),
            );
        }
    }
    let core = name
        .strip_prefix('市')
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(name);
    let keys = pinyin_keys(core);
    let short = clip(keys.initials, 14);
    let long = clip(keys.full, 24);
    if short.is_empty() {
        return ("unit".into(), "unit".into());
    }
    (short, long)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parenthetical() {
        let (body, list) = split_owners(
            "做好工作。（责任单位：市委组织部，市科技局、市教育局，有关县区人民政府和新区管委会）",
        )
        .unwrap();
        assert_eq!(body, "做好工作。");
        assert_eq!(list.lead, "市委组织部");
        assert_eq!(
            list.groups,
            vec![
                vec!["市委组织部".to_owned()],
                vec!["市科技局".into(), "市教育局".into()],
                vec!["有关县区人民政府和新区管委会".into()],
            ]
        );
        assert!(split_owners("做好工作（2021—2023年）").is_none());
        let (_, list) =
            split_owners("工作。（牵头单位：市财政局；配合单位：市科技局、市商务局）").unwrap();
        assert_eq!(list.lead, "市财政局");
        let (_, list) = split_owners("工作。（责任单位：市科技局、市财政局牵头，各县区）").unwrap();
        assert_eq!(list.lead, "市财政局");
        assert_eq!(
            list.groups[0],
            vec!["市科技局".to_owned(), "市财政局".into()]
        );
    }

    #[test]
    fn kinds_and_ids() {
        assert_eq!(guess_kind("市委组织部"), Some(OwnerKind::PartyDepartment));
        assert_eq!(
            guess_kind("市科技局"),
            Some(OwnerKind::GovernmentDepartment)
        );
        assert_eq!(
            guess_kind("有关县区人民政府和新区管委会"),
            Some(OwnerKind::LocalGovernments)
        );
        assert_eq!(guess_kind("柳州银保监分局"), Some(OwnerKind::Financial));
        assert_eq!(guess_kind("市税务局"), Some(OwnerKind::VerticalAgency));
        assert_eq!(guess_kind("市科协"), Some(OwnerKind::Association));
        assert_eq!(guess_kind("鹿寨县"), Some(OwnerKind::District));
        assert_eq!(guess_kind("柳东新区"), Some(OwnerKind::NewArea));
        assert_eq!(guess_kind("市科技领导小组成员单位"), Some(OwnerKind::Group));
        let mut registry = Registry::default();
        assert_eq!(registry.id_for("市科技局", None), "kjj");
        assert_eq!(registry.id_for("市委组织部", None), "sw_zzb");
        assert_eq!(
            registry.id_for("鱼峰区", Some(OwnerKind::District)),
            "yufeng"
        );
        assert_eq!(registry.id_for("市商务局", None), "swj");
        assert_eq!(registry.id_for("市税务局", None), "shuiwuju");
        assert_eq!(registry.id_for("市科技局", None), "kjj");
        assert_eq!(registry.owners.len(), 5);
    }
}
