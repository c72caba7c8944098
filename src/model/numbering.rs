//! How the document numbers things: （一）, 1．, 附件1.

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一; up to 99, beyond which digits are used.
pub fn chinese_numeral(n: u16) -> String {
    match n {
        0..=9 => DIGITS[n as usize].to_owned(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n - 10) as usize]
            }
        ),
        20..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            let ones = if ones == 0 { "" } else { DIGITS[ones as usize] };
            format!("{}十{ones}", DIGITS[tens as usize])
        }
        _ => n.to_string(),
    }
}

/// The inverse of [`chinese_numeral`], and of plain digits: 六 → 6, 十二 → 12, 二十一 → 21,
/// `12` → 12 (full-width digits too). `None` for anything else.
pub fn parse_numeral(text: &str) -> Option<u16> {
    let digit = |c: char| match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    };
    if !text.is_empty() && text.chars().all(|c| digit(c).is_some()) {
        if text.chars().count() > 4 {
            return None;
        }
        return text
            .chars()
            .try_fold(0u16, |n, c| Some(n * 10 + digit(c)? as u16));
    }
    let chinese = |c: char| match c {
        '〇' | '零' => Some(0u16),
        '两' => Some(2),
        _ => DIGITS
            .iter()
            .position(|d| d.starts_with(c))
            .map(|p| p as u16),
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        [one] => chinese(*one)
            .filter(|&n| n > 0)
            .or((*one == '十').then_some(10)),
        ['十', ones] => Some(10 + chinese(*ones).filter(|&n| n > 0)?),
        [tens, '十'] => Some(chinese(*tens).filter(|&n| n > 1)? * 10),
        [tens, '十', ones] => {
            Some(chinese(*tens).filter(|&n| n > 1)? * 10 + chinese(*ones).filter(|&n| n > 0)?)
        }
        _ => None,
    }
}

/// A programme's or safeguard's heading number: （一）.
pub fn bracketed(n: u16) -> String {
    format!("（{}）", chinese_numeral(n))
}

/// An item's own heading with the document's number: `（一）科技创新能力提升工程`,
/// `2．引育高层次创新人才`, `（三）加大科技投入`; a 附件1 cell is named by its row and column
/// (`柳南区 高新技术企业数量`); other items have no number of their own.
pub fn numbered_title(node: &super::Node) -> String {
    use super::Node;
    match node {
        Node::Programme(p) => format!("{}{}", bracketed(p.number), p.title),
        Node::Task(t) => format!("{}．{}", t.number, t.title),
        Node::Safeguard(t) => format!("{}{}", bracketed(t.number), t.title),
        Node::DistrictCell(row, column, _) => format!("{} {}", row.label, column.name),
        other => other.title().to_owned(),
    }
}

/// A 附件1 row's label, in English when `english` and the plan gives one (the row's own
/// `label_en`, else its district's `name_en`), else as the document writes it. Every place
/// that names a district row or cell (screens, ledger, command line) names it so.
pub fn district_row_label<'a>(
    plan: &'a super::Plan,
    row: &'a super::DistrictRow,
    english: bool,
) -> &'a str {
    if english {
        let owner_en = || {
            let id = row.owner.as_deref()?;
            plan.owners.iter().find(|o| o.id == id)?.name_en.as_deref()
        };
        if let Some(en) = row.label_en.as_deref().or_else(owner_en) {
            return en;
        }
    }
    &row.label
}

/// A 附件1 column's header, in English when `english` and the plan gives one.
pub fn district_column_name(column: &super::DistrictColumn, english: bool) -> &str {
    match (&column.name_en, english) {
        (Some(en), true) => en,
        _ => &column.name,
    }
}

/// A 附件1 cell named by its row and column: `柳南区 高新技术企业数量`; in English
/// `Liunan District{dot}High-tech enterprises` (`dot` a separator such as ` · `).
pub fn district_cell_title(
    plan: &super::Plan,
    row: &super::DistrictRow,
    column: &super::DistrictColumn,
    english: bool,
    dot: &str,
) -> String {
    let (label, name) = (
        district_row_label(plan, row, english),
        district_column_name(column, english),
    );
    if english {
        format!("{label}{dot}{name}")
    } else {
        format!("{label} {name}")
    }
}

/// An item's heading with its number in the reader's language: [`numbered_title`] in
/// Chinese; in English the plan's English title where it gives one, numbered
/// `(1) Science and …`, `2. Attract …`, with a 附件1 row or cell named by its English names.
pub fn numbered_title_in(plan: &super::Plan, node: &super::Node, english: bool) -> String {
    use super::Node;
    match node {
        Node::DistrictCell(row, column, _) => {
            district_cell_title(plan, row, column, english, " · ")
        }
        Node::DistrictRow(row) => district_row_label(plan, row, english).to_owned(),
        other if !english => numbered_title(other),
        Node::Programme(p) => format!("({}) {}", p.number, title_in(plan, node, true)),
        Node::Task(t) => format!("{}. {}", t.number, title_in(plan, node, true)),
        Node::Safeguard(t) => format!("({}) {}", t.number, title_in(plan, node, true)),
        other => title_in(plan, other, true).to_owned(),
    }
}

/// An item's own title in the reader's language: in English the plan's English title
/// (`title_en`, `measure_en`, a 附件1 row's or column's English name) where it gives one,
/// else the document's words.
pub fn title_in<'a>(plan: &'a super::Plan, node: &super::Node<'a>, english: bool) -> &'a str {
    match node {
        super::Node::DistrictCell(_, column, _) => district_column_name(column, english),
        super::Node::DistrictRow(row) => district_row_label(plan, row, english),
        other if english => other.title_en().unwrap_or_else(|| other.title()),
        other => other.title(),
    }
}

/// [`document_number`] in the reader's language: in English `1.2`, `(6)`, `1.2.(1)`,
/// `Safeguard 5`, `Annex 2.4`, `Annex 1.3.2` (the forms the command line also takes).
pub fn document_number_in(
    plan: &super::Plan,
    path: super::ItemPath,
    english: bool,
) -> Option<String> {
    use super::ItemPath;
    if !english {
        return document_number(plan, path);
    }
    let programme = |p: usize| plan.programmes.get(p).map(|p| p.number);
    let task = |p: usize, t: usize| {
        let number = plan.programmes.get(p)?.tasks.get(t)?.number;
        Some(format!("{}.{number}", programme(p)?))
    };
    match path {
        ItemPath::Programme(p) => Some(format!("({})", programme(p)?)),
        ItemPath::Task(p, t) => task(p, t),
        ItemPath::SubItem(p, t, s) => Some(format!("{}.({})", task(p, t)?, s + 1)),
        ItemPath::Safeguard(s) => Some(format!("Safeguard {}", plan.safeguards.get(s)?.number)),
        ItemPath::DistrictTable => Some("Annex 1".to_owned()),
        ItemPath::DistrictRow(r) => Some(format!("Annex 1.{}", r + 1)),
        ItemPath::DepartmentTable => Some("Annex 2".to_owned()),
        ItemPath::DepartmentRow(r) => Some(format!("Annex 2.{}", r + 1)),
        ItemPath::DistrictCell(r, c) => Some(format!("Annex 1.{}.{}", r + 1, c + 1)),
        _ => None,
    }
}

/// An item's number as the document writes it, in the form the command line takes:
/// `（六）` for a programme, `六.1` for a sub-task, `六.1.(2)` for its second titled
/// paragraph, `保障措施五`, `附件1`, `附件2.4` for an annex's fourth row. `None` for the items
/// the document does not number (the overview, targets).
pub fn document_number(plan: &super::Plan, path: super::ItemPath) -> Option<String> {
    use super::ItemPath;
    let programme = |p: usize| plan.programmes.get(p).map(|p| chinese_numeral(p.number));
    let task = |p: usize, t: usize| {
        let number = plan.programmes.get(p)?.tasks.get(t)?.number;
        Some(format!("{}.{number}", programme(p)?))
    };
    match path {
        ItemPath::Programme(p) => Some(format!("（{}）", programme(p)?)),
        ItemPath::Task(p, t) => task(p, t),
        ItemPath::SubItem(p, t, s) => Some(format!("{}.({})", task(p, t)?, s + 1)),
        ItemPath::Safeguard(s) => Some(format!(
            "保障措施{}",
            chinese_numeral(plan.safeguards.get(s)?.number)
        )),
        ItemPath::DistrictTable => Some("附件1".to_owned()),
        ItemPath::DistrictRow(r) => Some(format!("附件1.{}", r + 1)),
        ItemPath::DepartmentTable => Some("附件2".to_owned()),
        ItemPath::DepartmentRow(r) => Some(format!("附件2.{}", r + 1)),
        ItemPath::DistrictCell(r, c) => Some(format!("附件1.{}.{}", r + 1, c + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(chinese_numeral(1), "一");
        assert_eq!(chinese_numeral(6), "六");
        assert_eq!(chinese_numeral(10), "十");
        assert_eq!(chinese_numeral(12), "十二");
        assert_eq!(chinese_numeral(40), "四十");
        assert_eq!(chinese_numeral(99), "九十九");
        assert_eq!(chinese_numeral(100), "100");
        assert_eq!(bracketed(3), "（三）");
        for n in 1..=99 {
            assert_eq!(parse_numeral(&chinese_numeral(n)), Some(n), "{n}");
            assert_eq!(parse_numeral(&n.to_string()), Some(n));
        }
        assert_eq!(parse_numeral("６"), Some(6));
        assert_eq!(parse_numeral("两"), Some(2));
        for bad in ["", "零", "一十", "十十", "六a", "一二", "12345", "十零"] {
            assert_eq!(parse_numeral(bad), None, "{bad}");
        }
    }
}
