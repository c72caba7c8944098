//! Plan items by id (`p6.t1`, `P6.T1`) or by the document's own numbering: `六.1`, `6.1`,
//! `（六）1` for a sub-task, `（六）` for a programme, `六.1.(2)` for the second titled
//! paragraph of a sub-task, `保障措施五` for a safeguard measure, `附件2.4` for the fourth row
//! of an annex (`附件1.柳南区` by the row's name), `附件1 柳南区 高新技术企业数量` for a figure
//! of a 附件1 row (a column by number, id or name), `总体要求` for the overview.

use super::{InputError, PartOf, fold};
use crate::model::numbering::{document_number, numbered_title, parse_numeral};
use crate::model::{ItemPath, Plan, PlanIndex};
use crate::text::pinyin::matches;

/// The position in `index` of the item `text` names.
pub fn resolve_item(plan: &Plan, index: &PlanIndex, text: &str) -> Result<usize, InputError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(InputError::Empty);
    }
    if let Some(position) = index.position(trimmed) {
        return Ok(position);
    }
    let same_id: Vec<usize> = index
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.id.eq_ignore_ascii_case(trimmed))
        .map(|(p, _)| p)
        .collect();
    if let [only] = same_id[..] {
        return Ok(only);
    }
    let shown = trimmed.to_owned();
    match numbered(plan, trimmed) {
        Some(Ok(path)) => index
            .entries
            .iter()
            .position(|e| e.path == path)
            .ok_or_else(|| unknown(plan, index, shown)),
        Some(Err(mut error)) => {
            if let InputError::NoSuchPart { text, .. } = &mut error {
                *text = shown;
            }
            Err(error)
        }
        None => Err(unknown(plan, index, shown)),
    }
}

/// The ids of the items named in `values` (split as [`super::split_list`] does), in the
/// order given, each once.
pub fn resolve_items<S: AsRef<str>>(
    plan: &Plan,
    index: &PlanIndex,
    values: &[S],
) -> Result<Vec<String>, InputError> {
    let mut ids: Vec<String> = Vec::new();
    for text in super::split_list(values) {
        let id = &index.entries[resolve_item(plan, index, &text)?].id;
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    Ok(ids)
}

/// The item a document number names: `None` when `text` is not a number of the document
/// at all, an error when it is one that goes too far.
fn numbered(plan: &Plan, text: &str) -> Option<Result<ItemPath, InputError>> {
    let folded = english_numbering(&fold(text));
    if let Some(rest) = folded.strip_prefix("附件") {
        // Spaces part an annex's number, row and column as dots do (附件1 柳南区 高新技术企业数量);
        // a column's own name keeps its dashes (1-11月营业收入目标).
        let mut parts: Vec<&str> = rest
            .split(|c: char| c.is_whitespace() || c == '.' || c == '、')
            .filter(|p| !p.is_empty())
            .collect();
        if let Some((number, row)) = parts.first().and_then(|p| p.split_once('-')) {
            parts.splice(0..1, [number, row].into_iter().filter(|p| !p.is_empty()));
        }
        return annex(plan, &parts);
    }
    let key: String = folded
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '、' | '-' => '.',
            c => c,
        })
        .collect();
    if key == "总体要求" || key == "主要目标" {
        return Some(Ok(ItemPath::Overview));
    }
    if let Some(rest) = key.strip_prefix("保障措施") {
        let number = parse_numeral(rest.trim_start_matches('(').trim_end_matches(')'))?;
        let found = plan.safeguards.iter().position(|s| s.number == number);
        return Some(found.map(ItemPath::Safeguard).ok_or_else(|| {
            no_part(
                PartOf::Safeguards,
                (0..plan.safeguards.len()).map(ItemPath::Safeguard),
                plan,
            )
        }));
    }
    let chars: Vec<char> = key.chars().collect();
    let mut at = 0;
    let mut numbers = Vec::new();
    while at < chars.len() && numbers.len() < 3 {
        numbers.push(numeral(&chars, &mut at)?);
        if chars.get(at) == Some(&'.') && at + 1 < chars.len() {
            at += 1;
        }
    }
    if at < chars.len() {
        return None;
    }
    Some(programme_path(plan, &numbers))
}

/// The English interface's numbering (`Annex 1.3.2`, `Safeguard 5`), as the browser, the
/// ledger and the minutes print it, read as the document's (`附件1.3.2`, `保障措施5`).
fn english_numbering(text: &str) -> String {
    for (english, chinese) in [("annex", "附件"), ("safeguard", "保障措施")] {
        let starts = text
            .get(..english.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(english));
        if starts {
            return format!("{chinese}{}", text[english.len()..].trim_start());
        }
    }
    text.to_owned()
}

/// `numbers` = [programme, sub-task, paragraph], as many as were given.
fn programme_path(plan: &Plan, numbers: &[u16]) -> Result<ItemPath, InputError> {
    let p = plan
        .programmes
        .iter()
        .position(|p| p.number == numbers[0])
        .ok_or_else(|| {
            no_part(
                PartOf::Programmes,
                (0..plan.programmes.len()).map(ItemPath::Programme),
                plan,
            )
        })?;
    let programme = &plan.programmes[p];
    let Some(&task) = numbers.get(1) else {
        return Ok(ItemPath::Programme(p));
    };
    let t = programme
        .tasks
        .iter()
        .position(|t| t.number == task)
        .ok_or_else(|| {
            no_part(
                part_of(plan, ItemPath::Programme(p)),
                (0..programme.tasks.len()).map(|t| ItemPath::Task(p, t)),
                plan,
            )
        })?;
    let Some(&paragraph) = numbers.get(2) else {
        return Ok(ItemPath::Task(p, t));
    };
    let items = programme.tasks[t].items.len();
    match usize::from(paragraph).checked_sub(1) {
        Some(s) if s < items => Ok(ItemPath::SubItem(p, t, s)),
        _ => Err(no_part(
            part_of(plan, ItemPath::Task(p, t)),
            (0..items).map(|s| ItemPath::SubItem(p, t, s)),
            plan,
        )),
    }
}

/// `附件2`, `附件2.4`, `附件1.柳南区`, and a figure of a 附件1 row: `附件1.柳南区.高新技术企业数量`
/// (a column by its number, id, name or a part of its name only it has).
fn annex(plan: &Plan, parts: &[&str]) -> Option<Result<ItemPath, InputError>> {
    let number = parse_numeral(parts.first()?)?;
    let row = parts.get(1).copied();
    let (table, rows, labels): (ItemPath, usize, Vec<&str>) = match number {
        1 => {
            let table = plan.district_table.as_ref()?;
            let labels = table.rows.iter().map(|r| r.label.as_str()).collect();
            (ItemPath::DistrictTable, table.rows.len(), labels)
        }
        2 => {
            let table = plan.department_table.as_ref()?;
            (ItemPath::DepartmentTable, table.rows.len(), Vec::new())
        }
        _ => return None,
    };
    let Some(row) = row.map(|r| r.trim_start_matches('(').trim_end_matches(')')) else {
        return Some(Ok(table));
    };
    let path = |r: usize| match table {
        ItemPath::DistrictTable => ItemPath::DistrictRow(r),
        _ => ItemPath::DepartmentRow(r),
    };
    let by_number = parse_numeral(row).and_then(|n| usize::from(n).checked_sub(1));
    let by_label = || {
        let exact = labels.iter().position(|l| *l == row);
        let mut starting = labels
            .iter()
            .enumerate()
            .filter(|(_, l)| l.starts_with(row));
        exact.or_else(|| match (starting.next(), starting.next()) {
            (Some((r, _)), None) => Some(r),
            _ => None,
        })
    };
    let found = by_number.or_else(by_label).filter(|&r| r < rows);
    let Some(r) = found else {
        return Some(Err(no_part(
            PartOf::Annex(u8::try_from(number).unwrap_or(0)),
            (0..rows).map(path),
            plan,
        )));
    };
    match (table, parts.get(2..).filter(|rest| !rest.is_empty())) {
        (_, None) => Some(Ok(path(r))),
        (ItemPath::DistrictTable, Some(rest)) => Some(district_column(plan, r, &rest.join("."))),
        // 附件2's rows have no columns to name.
        (_, Some(_)) => None,
    }
}

/// The cell of 附件1 row `r` in the column `text` names.
fn district_column(plan: &Plan, r: usize, text: &str) -> Result<ItemPath, InputError> {
    let table = plan.district_table.as_ref();
    let columns = table.map_or(&[][..], |t| &t.columns[..]);
    let cells = table
        .and_then(|t| t.rows.get(r))
        .map_or(0, |row| row.cells.len());
    // Compared without case, spaces and dots: the parts were split at those.
    let plain = |t: &str| -> String {
        fold(t)
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '、'))
            .collect()
    };
    let lower = plain(text);
    let names = |c: &crate::model::DistrictColumn| {
        [Some(c.name.as_str()), c.name_en.as_deref()]
            .into_iter()
            .flatten()
            .map(plain)
            .collect::<Vec<_>>()
    };
    let unique = |hit: &dyn Fn(&crate::model::DistrictColumn) -> bool| {
        let mut found = columns.iter().enumerate().filter(|(_, c)| hit(c));
        match (found.next(), found.next()) {
            (Some((c, _)), None) => Some(c),
            _ => None,
        }
    };
    let by_number = parse_numeral(text).and_then(|n| usize::from(n).checked_sub(1));
    let found = by_number
        .or_else(|| unique(&|c| plain(&c.id) == lower))
        .or_else(|| unique(&|c| names(c).contains(&lower)))
        .or_else(|| unique(&|c| names(c).iter().any(|n| n.starts_with(&lower))))
        .or_else(|| unique(&|c| names(c).iter().any(|n| n.contains(&lower))))
        .filter(|&c| c < cells);
    found
        .map(|c| ItemPath::DistrictCell(r, c))
        .ok_or_else(|| InputError::NoSuchPart {
            text: String::new(),
            parent: part_of(plan, ItemPath::DistrictRow(r)),
            parts: columns.iter().take(cells).map(|c| c.name.clone()).collect(),
        })
}

/// A number at `at`: `(六)`, `六`, `十二`, `6`, `(2)`; moves `at` past it.
fn numeral(chars: &[char], at: &mut usize) -> Option<u16> {
    let chinese = |c: char| "〇零一二两三四五六七八九十".contains(c);
    if chars.get(*at) == Some(&'(') {
        let close = chars[*at..].iter().position(|&c| c == ')')? + *at;
        let inner: String = chars[*at + 1..close].iter().collect();
        *at = close + 1;
        return parse_numeral(&inner);
    }
    let first = *chars.get(*at)?;
    let run: String = chars[*at..]
        .iter()
        .take_while(|&&c| {
            if first.is_ascii_digit() {
                c.is_ascii_digit()
            } else {
                chinese(c)
            }
        })
        .collect();
    *at += run.chars().count();
    parse_numeral(&run)
}

fn part_of(plan: &Plan, path: ItemPath) -> PartOf {
    match path.resolve(plan) {
        Some(node) => PartOf::Item(numbered_title(&node)),
        None => PartOf::Programmes,
    }
}

fn no_part(parent: PartOf, parts: impl Iterator<Item = ItemPath>, plan: &Plan) -> InputError {
    InputError::NoSuchPart {
        text: String::new(),
        parent,
        parts: parts.filter_map(|p| document_number(plan, p)).collect(),
    }
}

/// "unknown item", with what looks closest: items whose title holds the text, else ids
/// sharing its longest prefix, else the top-level items.
fn unknown(plan: &Plan, index: &PlanIndex, text: String) -> InputError {
    let titled: Vec<String> = if text.is_ascii() {
        Vec::new()
    } else {
        index
            .entries
            .iter()
            .filter_map(|e| {
                let node = e.path.resolve(plan)?;
                matches(node.title(), &text)?;
                Some(format!("{} {}", e.id, node.title()))
            })
            .take(8)
            .collect()
    };
    let common_prefix = |other: &str| {
        text.bytes()
            .zip(other.bytes())
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
            .count()
    };
    let best = index.ids().map(common_prefix).max().unwrap_or(0);
    let mut near: Vec<String> = titled;
    if near.is_empty() && best > 0 {
        near = index
            .ids()
            .filter(|other| common_prefix(other) == best)
            .take(12)
            .map(str::to_owned)
            .collect();
    }
    if near.is_empty() {
        near = index
            .entries
            .iter()
            .filter(|e| e.depth == 0)
            .map(|e| e.id.clone())
            .collect();
    }
    InputError::UnknownItem { text, near }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::load_embedded;

    fn id(text: &str) -> Result<String, InputError> {
        let loaded = load_embedded().unwrap();
        resolve_item(&loaded.plan, &loaded.index, text).map(|p| loaded.index.entries[p].id.clone())
    }

    #[test]
    fn items_by_id_or_the_documents_numbering() {
        for (text, item) in [
            ("p6.t1", "p6.t1"),
            ("P6.T1", "p6.t1"),
            ("六.1", "p6.t1"),
            ("6.1", "p6.t1"),
            ("（六）1", "p6.t1"),
            ("(六)1", "p6.t1"),
            ("（六）.1", "p6.t1"),
            ("六、1", "p6.t1"),
            ("一.2", "p1.t2"),
            ("（六）", "p6"),
            ("六", "p6"),
            ("六.1.(2)", "p6.t1.s2"),
            ("六.1.2", "p6.t1.s2"),
            ("（六）1（2）", "p6.t1.s2"),
            ("６．１", "p6.t1"),
            ("保障措施五", "s5"),
            ("保障措施（五）", "s5"),
            ("保障措施5", "s5"),
            ("s5", "s5"),
            ("附件2.4", "a2.r4"),
            ("附件2", "a2"),
            ("附件1.柳南区", "a1.liunan"),
            ("附件1.柳南", "a1.liunan"),
            ("附件1.1", "a1.city"),
            ("附件1 柳南区", "a1.liunan"),
            ("附件1.柳南区.高新技术企业数量", "a1.liunan.hitech_firms"),
            ("附件1 柳南区 高新技术企业数量", "a1.liunan.hitech_firms"),
            ("附件１　柳南　研发", "a1.liunan.rd_firms"),
            ("附件1.3.2", "a1.liunan.hitech_firms"),
            ("附件1 柳南区 hitech_firms", "a1.liunan.hitech_firms"),
            (
                "附件1 柳南区 High-tech enterprises",
                "a1.liunan.hitech_firms",
            ),
            ("附件1 柳南区 1-11月营业收入目标", "a1.liunan.svc_revenue"),
            ("a1.liunan.rd_firms", "a1.liunan.rd_firms"),
            ("附件2-4", "a2.r4"),
            ("总体要求", "o"),
            // The English interface's numbering, as it prints it.
            ("Annex 1.3.2", "a1.liunan.hitech_firms"),
            ("annex 2.4", "a2.r4"),
            ("Annex 1", "a1"),
            ("Safeguard 5", "s5"),
            ("1.2", "p1.t2"),
            ("(6)", "p6"),
            ("6.1.(2)", "p6.t1.s2"),
        ] {
            assert_eq!(id(text).as_deref(), Ok(item), "{text}");
        }
    }

    #[test]
    fn numbering_one_step_too_far_lists_what_there_is() {
        match id("六.9") {
            Err(InputError::NoSuchPart {
                text,
                parent: PartOf::Item(title),
                parts,
            }) => {
                assert_eq!(text, "六.9");
                assert_eq!(title, "（六）创新功能区提升工程");
                assert_eq!(parts, ["六.1", "六.2", "六.3", "六.4"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            id("七.1"),
            Err(InputError::NoSuchPart {
                parent: PartOf::Programmes,
                ..
            })
        ));
        assert!(matches!(
            id("附件2.9"),
            Err(InputError::NoSuchPart {
                parent: PartOf::Annex(2),
                ..
            })
        ));
        // A column that is not there, or that more than one name shares, lists the columns.
        for text in [
            "附件1 柳南区 不存在",
            "附件1 柳南区 企业",
            "附件1 柳南区 11",
        ] {
            match id(text) {
                Err(InputError::NoSuchPart { parent, parts, .. }) => {
                    assert_eq!(parent, PartOf::Item("柳南区".into()), "{text}");
                    assert!(parts.contains(&"高新技术企业数量".to_owned()), "{parts:?}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        assert!(matches!(
            id("保障措施九"),
            Err(InputError::NoSuchPart { .. })
        ));
    }

    #[test]
    fn an_unknown_id_suggests_the_closest() {
        match id("p1.t9") {
            Err(InputError::UnknownItem { near, .. }) => {
                assert!(near.contains(&"p1.t1".to_owned()), "{near:?}");
            }
            other => panic!("{other:?}"),
        }
        match id("人才") {
            Err(InputError::UnknownItem { near, .. }) => {
                assert!(near.iter().any(|n| n.starts_with("p1.t2 ")), "{near:?}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(id(" "), Err(InputError::Empty));
    }
}
