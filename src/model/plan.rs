//! The plan document as data: the types a plan file deserialises into.
//!
//! Every struct denies unknown fields, so a typo in a plan file is an error instead of
//! silently dropped data, and `format_version` lets a future binary refuse a file it does
//! not understand. Nothing here does I/O or knows about the terminal.

use serde::{Deserialize, Serialize};

/// The plan format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A whole action plan: one source document, structured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub format_version: u32,
    pub meta: Meta,
    /// Every distinct responsible unit of the document, once. Items refer to these by id.
    pub owners: Vec<Owner>,
    /// 一、总体要求
    pub overview: Overview,
    /// 二、主要任务: the engineering programmes in document order.
    pub programmes: Vec<Programme>,
    /// 三、保障措施: same shape as a sub-task (number, title, body, targets, units).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub safeguards: Vec<Task>,
    /// 附件1: targets broken down by district.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_table: Option<DistrictTable>,
    /// 附件2: targets by city department, with milestones per year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_table: Option<DepartmentTable>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Short, file-name-safe identifier of the plan; annotation files are named after it.
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// e.g. 柳办发〔2021〕18号
    pub doc_number: String,
    pub issuers: Vec<String>,
    /// ISO date, YYYY-MM-DD.
    pub issue_date: String,
    pub period: Period,
    /// The text before 一、总体要求 (why the plan exists, what it implements).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub preamble: String,
}

impl Meta {
    /// The plan's title in the reader's language: `title_en` in English where given.
    pub fn title_in(&self, english: bool) -> &str {
        match (&self.title_en, english) {
            (Some(en), true) => en,
            _ => &self.title,
        }
    }
}

/// The years the plan covers, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: u16,
    pub end: u16,
}

impl Period {
    pub fn contains(&self, year: u16) -> bool {
        (self.start..=self.end).contains(&year)
    }
}

/// A responsible unit (责任单位) or a named group of units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    /// Short, typable id, e.g. `kjj` for 市科技局.
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub kind: OwnerKind,
    /// Other names the unit goes by in everyday use (工信局 for 市工业和信息化局): the
    /// command line takes them for the unit. Unique across the registry, and never another
    /// unit's id or name (validation checks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Owner {
    /// The name without the city's 市 prefix (科技局 for 市科技局), as units are often called;
    /// `None` when the name does not start with 市, is nothing more, or is the city Party
    /// committee's (市委组织部 is not 委组织部).
    pub fn short_name(&self) -> Option<&str> {
        self.name
            .strip_prefix('市')
            .filter(|rest| !rest.is_empty() && !rest.starts_with('委'))
    }

    /// The shortest name the plan gives the unit: its name or, when shorter, an alias (组织部
    /// for 市委组织部, 发改委 for 市发展改革委). Never a name cut by rule, which could misname
    /// a unit (市委组织部 is not 委组织部); on a tie the name, then the first alias.
    pub fn shortest_name(&self) -> &str {
        self.aliases
            .iter()
            .map(String::as_str)
            .filter(|alias| !alias.is_empty())
            .fold(self.name.as_str(), |short, alias| {
                if alias.chars().count() < short.chars().count() {
                    alias
                } else {
                    short
                }
            })
    }

    /// The English name without the words the city's own units' English names share
    /// (`city_prefix`, "Liuzhou Municipal "), for a unit of the city (named 市…), so the part
    /// that tells them apart is what shows; `None` without an English name.
    pub fn short_name_en(&self, city_prefix: &str) -> Option<&str> {
        let en = self.name_en.as_deref()?;
        if !self.name.starts_with('市') {
            return Some(en);
        }
        Some(
            en.strip_prefix(city_prefix)
                .filter(|rest| !rest.is_empty())
                .unwrap_or(en),
        )
    }

    /// The name in the reader's language: `name_en` in English where the plan gives one.
    pub fn name_in(&self, english: bool) -> &str {
        match (&self.name_en, english) {
            (Some(en), true) => en,
            _ => &self.name,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OwnerKind {
    /// A department of the city Party committee (市委组织部, 市委政法委).
    PartyDepartment,
    /// A department of the city government (市科技局, 市财政局, …).
    GovernmentDepartment,
    /// A vertically managed agency stationed in the city (市税务局, 市气象局, 市消防支队).
    VerticalAgency,
    /// A bank or financial regulator (人民银行柳州市中心支行, 柳州银保监分局).
    Financial,
    /// A mass organisation (市科协).
    Association,
    /// A district or county government.
    District,
    /// A new area's administrative committee (柳东新区, 北部生态新区).
    NewArea,
    /// The local governments as a body (有关/各县区人民政府和新区管委会).
    LocalGovernments,
    /// A named group of units (市科技领导小组成员单位).
    Group,
    Other,
}

impl OwnerKind {
    /// Stable lower-case name, for i18n keys and exports.
    pub fn key(self) -> &'static str {
        match self {
            OwnerKind::PartyDepartment => "party_department",
            OwnerKind::GovernmentDepartment => "government_department",
            OwnerKind::VerticalAgency => "vertical_agency",
            OwnerKind::Financial => "financial",
            OwnerKind::Association => "association",
            OwnerKind::District => "district",
            OwnerKind::NewArea => "new_area",
            OwnerKind::LocalGovernments => "local_governments",
            OwnerKind::Group => "group",
            OwnerKind::Other => "other",
        }
    }
}

/// Who carries an item. `groups` keeps the document's order and its rank groups (the
/// document separates groups of different rank with a full-width comma); `lead` is the
/// unit that leads, by convention the first listed unless the document says otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responsibility {
    pub lead: String,
    pub groups: Vec<Vec<String>>,
}

impl Responsibility {
    /// Every unit in document order, the lead included once (first when the document
    /// names it separately, as 附件2 does).
    pub fn units(&self) -> Vec<&str> {
        let listed = self.groups.iter().flatten().map(String::as_str);
        let mut all: Vec<&str> = Vec::new();
        if !self.groups.iter().flatten().any(|u| u == &self.lead) && !self.lead.is_empty() {
            all.push(&self.lead);
        }
        all.extend(listed);
        all
    }

    /// Units that share the item without leading it.
    pub fn sharing(&self) -> impl Iterator<Item = &str> {
        self.groups
            .iter()
            .flatten()
            .map(String::as_str)
            .filter(move |u| *u != self.lead)
    }
}

/// 一、总体要求
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overview {
    pub id: String,
    /// （一）指导思想
    pub guiding_ideology: String,
    /// （二）工作目标
    pub work_goals: String,
    /// （三）主要目标, as written.
    pub main_goals_text: String,
    /// （三）主要目标, structured.
    pub targets: Vec<Target>,
}

/// One engineering programme (工程) of 二、主要任务.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    pub id: String,
    /// Position in the document, 1-based: （一） is 1.
    pub number: u16,
    /// The programme's name, e.g. 科技创新能力提升工程.
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    pub tasks: Vec<Task>,
}

/// A numbered sub-task of a programme, or a safeguard measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: String,
    pub number: u16,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// Full text; paragraphs separated by a blank line, PDF line breaks removed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// `None` where only the sub-items name their units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owners: Option<Responsibility>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<SubItem>,
}

/// A titled paragraph inside a sub-task with its own responsible units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubItem {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    pub owners: Responsibility,
}

/// A figure with the way it is to be compared, as the document words it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Bound {
    /// 达到 / 不少于 / 以上 / 不低于 — the value or more.
    AtLeast(f64),
    /// 突破 / 超 / 高于 — strictly more than the value.
    MoreThan(f64),
    /// 不超过 / 以下 — the value or less.
    AtMost(f64),
    /// 低于 — strictly less.
    LessThan(f64),
    /// A plain figure.
    Exactly(f64),
    /// A span such as 3—5.
    Range(f64, f64),
    /// A bar given in words, e.g. 不低于全国平均水平.
    Qualitative(String),
}

/// How a target's figure accumulates over the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Basis {
    /// The state at the deadline (a count, a share, a level).
    Level,
    /// Summed over the period (累计).
    Cumulative,
    /// Each year on its own.
    Annual,
    /// Average yearly growth (年均增长), in percent.
    AnnualGrowth,
    /// A rise over the period, e.g. 提高5个百分点.
    Increase,
}

impl Basis {
    /// Stable lower-case name, for i18n keys and exports.
    pub fn key(self) -> &'static str {
        match self {
            Basis::Level => "level",
            Basis::Cumulative => "cumulative",
            Basis::Annual => "annual",
            Basis::AnnualGrowth => "annual_growth",
            Basis::Increase => "increase",
        }
    }
}

/// A quantitative target (到2023年…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub id: String,
    /// What is measured, e.g. 高新技术企业数量.
    pub measure: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure_en: Option<String>,
    pub bound: Bound,
    /// Unit of the figure as the document writes it: 家, 项, %, 亿元, 个百分点 …
    pub unit: String,
    pub deadline: u16,
    pub basis: Basis,
    /// Where the document splits the figure (100 key technologies, of which 20 …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<TargetComponent>,
    /// Milestones by year where the document gives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// The sentence the target was read from, as written.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetComponent {
    pub measure: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure_en: Option<String>,
    pub bound: Bound,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub year: u16,
    pub bound: Bound,
}

/// 附件1: a table of targets broken down by district for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictTable {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    pub year: u16,
    /// Header of the row-label column (单位).
    pub label_header: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_header_en: Option<String>,
    pub columns: Vec<DistrictColumn>,
    pub rows: Vec<DistrictRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictColumn {
    pub id: String,
    /// A spanning header over several columns (科技服务业), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_en: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub unit: String,
    /// Whether the district rows should add up to the city row (a growth rate does not).
    #[serde(default = "yes")]
    pub additive: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictRow {
    pub id: String,
    pub label: String,
    /// The label in English; a district's row falls back to its unit's `name_en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// The district or new-area government this row belongs to; `None` for the city row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The row the districts are summed against (柳州市).
    #[serde(default)]
    pub total: bool,
    pub cells: Vec<Cell>,
}

/// One cell of 附件1. Figures keep the document's digits ("1000.00", "46.2").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Num(String),
    /// "/": not applicable, which is not the same as 0.
    NotApplicable,
}

impl Cell {
    pub fn value(&self) -> Option<f64> {
        match self {
            Cell::Num(text) => text.trim().parse().ok(),
            Cell::NotApplicable => None,
        }
    }
}

/// 附件2: targets by city department, 2021–2023.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentTable {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    pub years: Vec<u16>,
    pub rows: Vec<DepartmentRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentRow {
    pub id: String,
    /// 任务, e.g. 全社会研发投入强度.
    pub task: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_en: Option<String>,
    pub unit: String,
    /// One value per year of the table.
    pub milestones: Vec<Milestone>,
    /// 牵头单位 as `lead`, 责任单位 as the groups.
    pub owners: Responsibility,
    /// The 主要目标 target this row breaks down, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::{Owner, OwnerKind};

    fn unit(name: &str, aliases: &[&str]) -> Owner {
        Owner {
            id: "u".into(),
            name: name.into(),
            name_en: None,
            kind: OwnerKind::GovernmentDepartment,
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        }
    }

    #[test]
    fn the_shortest_name_is_one_the_plan_gives_never_a_cut_one() {
        // A district's 市场监管局 is not 场监管局, and 市委组织部 not 委组织部.
        assert_eq!(unit("市场监管局", &[]).shortest_name(), "市场监管局");
        assert_eq!(unit("市委组织部", &["组织部"]).shortest_name(), "组织部");
        // The shortest alias wins; on a tie the name, then the first alias.
        assert_eq!(
            unit("市发展改革委", &["市发改委", "发改委"]).shortest_name(),
            "发改委"
        );
        assert_eq!(unit("人社局", &["人保局"]).shortest_name(), "人社局");
        assert_eq!(
            unit("市林业和园林局", &["林业局", "园林局"]).shortest_name(),
            "林业局"
        );
        // An empty alias is no name.
        assert_eq!(unit("市财政局", &[""]).shortest_name(), "市财政局");
    }
}
