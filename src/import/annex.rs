//! 附件 tables: a breakdown by district (a label column and figures, one year) and a
//! breakdown by department (a task, a value per year, the lead unit, the responsible units).
//!
//! From extracted text the table's shape is rebuilt from its content: a header cell ends
//! with its unit in brackets (（家）), a data row is a label and then figures or "/", and a
//! wrapped cell's pieces follow one another. A row whose count of cells does not match the
//! header is kept as it is and marked for review: a lost cell is never filled in by shifting
//! the others. From a .docx the rows and cells are the document's own.

use crate::model::{
    Bound, Cell, DepartmentRow, DepartmentTable, DistrictColumn, DistrictRow, DistrictTable,
    Milestone, OwnerKind, Responsibility,
};

use super::heal::{heal_spaces, is_han, join_lines};
use super::owners::Registry;
use super::{Review, ReviewKind, Words};

/// What one 附件 became.
#[derive(Debug, Clone, PartialEq)]
pub enum Annex {
    District(DistrictTable),
    Department(DepartmentTable),
    /// Not a table the plan format holds (prose, a list): its title only.
    Other {
        title: String,
    },
}

/// The context a table is read in.
pub struct Context<'a> {
    pub number: u16,
    pub period: (u16, u16),
    pub registry: &'a mut Registry,
    pub reviews: &'a mut Vec<Review>,
}

impl Context<'_> {
    fn id(&self) -> String {
        format!("a{}", self.number)
    }

    fn review(&mut self, anchor: &str, kind: ReviewKind, words: Words) {
        self.reviews.push(Review::new(anchor, kind, words));
    }
}

/// A table from the lines of extracted text (blank lines kept: they separate blocks).
pub fn from_text(lines: &[String], cx: &mut Context) -> Annex {
    let mut at = 0;
    while at < lines.len() && lines[at].trim().is_empty() {
        at += 1;
    }
    let (title, next) = title_lines(lines, at);
    let rest = &lines[next..];
    if rest.iter().any(|l| years_in(l).len() >= 2) {
        return Annex::Department(department_from_text(&title, rest, cx));
    }
    match district_from_text(&title, rest, cx) {
        Some(table) => Annex::District(table),
        None => Annex::Other { title },
    }
}

/// A table title: lines up to the one that ends it (…表, …表（2021年）, …清单), brackets
/// balanced.
fn title_lines(lines: &[String], start: usize) -> (String, usize) {
    let mut taken: Vec<&str> = Vec::new();
    let mut at = start;
    while at < lines.len() && taken.len() < 4 {
        let line = lines[at].trim();
        at += 1;
        if line.is_empty() {
            if taken.is_empty() {
                continue;
            }
            let joined = join_lines(taken.iter().copied());
            if balanced(&joined) && ends_title(&joined) {
                break;
            }
            continue;
        }
        taken.push(line);
        let joined = join_lines(taken.iter().copied());
        if balanced(&joined) && ends_title(&joined) {
            break;
        }
    }
    (join_lines(taken.iter().copied()), at)
}

fn ends_title(text: &str) -> bool {
    let core = match text.strip_suffix('）') {
        Some(body) => body.rfind('（').map_or(body, |open| &body[..open]),
        None => text,
    };
    ["表", "清单", "一览", "目录", "计划", "明细"]
        .iter()
        .any(|w| core.ends_with(w))
}

fn balanced(text: &str) -> bool {
    let count = |open: char, close: char| {
        text.chars().filter(|&c| c == open).count() == text.chars().filter(|&c| c == close).count()
    };
    count('（', '）') && count('《', '》') && count('(', ')')
}

/// Four-digit years written `2021年` or `2021 年` in a line.
fn years_in(line: &str) -> Vec<u16> {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = compact.as_bytes();
    let mut years = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        if bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && compact[i + 4..].starts_with('年')
            && let Ok(year) = compact[i..i + 4].parse::<u16>()
            && (1900..2200).contains(&year)
        {
            years.push(year);
            i += 4;
        } else {
            i += 1;
        }
    }
    years
}

/// A cell that holds a figure or "not applicable".
fn is_value_token(token: &str) -> bool {
    matches!(token, "/" | "／" | "—" | "-" | "－" | "——")
        || (token.starts_with(|c: char| c.is_ascii_digit())
            && token
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '%' | '‰' | ',')))
}

fn cell_of(token: &str) -> Cell {
    if matches!(token, "/" | "／" | "—" | "-" | "－" | "——") {
        Cell::NotApplicable
    } else {
        Cell::Num(token.trim_end_matches(['%', '‰']).replace(',', ""))
    }
}

/// A data line: a label (possibly empty, its start on the lines before) and its cells.
fn data_line(line: &str) -> Option<(String, Vec<String>)> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let first_value = tokens.iter().position(|t| is_value_token(t))?;
    let values = &tokens[first_value..];
    if values.len() < 2 || !values.iter().all(|t| is_value_token(t)) {
        return None;
    }
    let label = heal_spaces(&tokens[..first_value].concat());
    Some((label, values.iter().map(|s| (*s).to_owned()).collect()))
}

/// A header column being read: blocks of name text, then its unit.
#[derive(Debug, Default)]
struct HeaderColumn {
    blocks: Vec<Vec<String>>,
    unit: Option<String>,
}

fn district_from_text(title: &str, lines: &[String], cx: &mut Context) -> Option<DistrictTable> {
    let first_data = lines.iter().position(|l| data_line(l.trim()).is_some())?;
    // Header: columns each ending with （unit）; blank lines separate blocks within one.
    let mut columns: Vec<HeaderColumn> = Vec::new();
    let mut current = HeaderColumn::default();
    let mut block: Vec<String> = Vec::new();
    let finish_block = |block: &mut Vec<String>, current: &mut HeaderColumn| {
        if !block.is_empty() {
            current.blocks.push(std::mem::take(block));
        }
    };
    for line in &lines[..first_data] {
        let line = line.trim();
        if line.is_empty() {
            finish_block(&mut block, &mut current);
            continue;
        }
        if let Some((name, unit)) = bracketed_unit(line) {
            if !name.is_empty() {
                block.push(name);
            }
            finish_block(&mut block, &mut current);
            current.unit = Some(unit);
            columns.push(std::mem::take(&mut current));
            continue;
        }
        block.push(line.to_owned());
    }
    finish_block(&mut block, &mut current);
    if !current.blocks.is_empty() {
        columns.push(current);
    }
    let id = cx.id();
    let mut label_header = String::new();
    let mut group: Option<String> = None;
    let mut spans: Vec<(String, usize)> = Vec::new();
    let mut specs = Vec::new();
    for (i, column) in columns.into_iter().enumerate() {
        let mut blocks: Vec<String> = column
            .blocks
            .iter()
            .map(|b| join_lines(b.iter().map(String::as_str)))
            .filter(|b| !b.is_empty())
            .collect();
        if i == 0 {
            if blocks.len() > 1 {
                label_header = blocks.remove(0);
            } else if let Some(first) = blocks.first_mut() {
                for word in ["单位", "地区", "县区", "区域", "名称", "城市"] {
                    if first.starts_with(word) && first.len() > word.len() {
                        label_header = word.to_owned();
                        *first = first[word.len()..].to_owned();
                        break;
                    }
                }
            }
        } else if blocks.len() > 1 {
            let spanning = blocks.remove(0);
            spans.push((spanning.clone(), i + 1));
            group = Some(spanning);
        }
        let name = blocks.join("");
        specs.push(DistrictColumn {
            id: format!("c{}", i + 1),
            group: group.clone(),
            additive: !matches!(column.unit.as_deref(), Some("%" | "‰")) && !name.contains("增速"),
            name,
            name_en: None,
            group_en: None,
            unit: column.unit.unwrap_or_default(),
        });
    }
    if label_header.is_empty() {
        label_header = "单位".into();
        cx.review(
            &id,
            ReviewKind::TableHeader,
            Words::plain("import.review.label_header"),
        );
    }
    for (name, from) in &spans {
        let to = specs.len();
        cx.review(
            &id,
            ReviewKind::TableHeader,
            Words::new(
                "import.review.spans",
                &[("name", name), ("from", from), ("to", &to)],
            ),
        );
    }
    // Rows: a label split over lines ("柳东" then "新区 95 …") is joined.
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut pending = String::new();
    for line in &lines[first_data..] {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some((label, cells)) = data_line(line) {
            let label = format!("{pending}{label}");
            pending.clear();
            rows.push((label, cells));
        } else if line.chars().count() <= 8 && line.chars().all(|c| is_han(c) || c.is_whitespace())
        {
            pending.push_str(&heal_spaces(line));
        } else {
            break;
        }
    }
    let year = year_of(title, cx);
    let columns_count = specs.len();
    let mut table = DistrictTable {
        id: id.clone(),
        title: title.to_owned(),
        title_en: None,
        year,
        label_header,
        label_header_en: None,
        columns: specs,
        rows: Vec::new(),
    };
    let total_at = total_row(&rows);
    for (at, (label, tokens)) in rows.iter().enumerate() {
        let total = Some(at) == total_at;
        let owner = (!total).then(|| {
            let kind = if label.ends_with("新区") || label.ends_with("开发区") {
                OwnerKind::NewArea
            } else {
                OwnerKind::District
            };
            cx.registry.id_for(label, Some(kind))
        });
        let row_id = match &owner {
            Some(owner) => format!("{id}.{owner}"),
            None => format!("{id}.total"),
        };
        let cells: Vec<Cell> = tokens.iter().map(|t| cell_of(t)).collect();
        if cells.len() != columns_count {
            let hint = missing_cell_hint(&table, &rows, at, total_at);
            cx.review(
                &row_id,
                ReviewKind::CellCount,
                match hint {
                    Some((na, row)) => Words::new(
                        "import.review.cell_count_hint",
                        &[
                            ("cells", &cells.len()),
                            ("columns", &columns_count),
                            ("tokens", &tokens.join(" ")),
                            ("na", &na),
                            ("row", &row),
                        ],
                    ),
                    None => Words::new(
                        "import.review.cell_count",
                        &[
                            ("cells", &cells.len()),
                            ("columns", &columns_count),
                            ("tokens", &tokens.join(" ")),
                        ],
                    ),
                },
            );
        }
        table.rows.push(DistrictRow {
            id: row_id,
            label: label.clone(),
            label_en: None,
            owner,
            total,
            cells,
        });
    }
    Some(table)
}

/// Where a short row most likely lost a cell: the column whose "/" in every other row
/// suggests it, when exactly one position fits.
fn missing_cell_hint(
    table: &DistrictTable,
    rows: &[(String, Vec<String>)],
    at: usize,
    total: Option<usize>,
) -> Option<(String, String)> {
    let columns = table.columns.len();
    let cells = &rows[at].1;
    if cells.len() + 1 != columns {
        return None;
    }
    // Columns that are "/" in every other non-total row of full length.
    let full: Vec<&Vec<String>> = rows
        .iter()
        .enumerate()
        .filter(|(i, (_, c))| *i != at && Some(*i) != total && c.len() == columns)
        .map(|(_, (_, c))| c)
        .collect();
    if full.is_empty() {
        return None;
    }
    let always_na: Vec<usize> = (0..columns)
        .filter(|&c| full.iter().filter(|r| is_na(&r[c])).count() * 2 > full.len())
        .collect();
    // Every place a lost "/" could have been that agrees with the other rows; places next
    // to a surviving "/" give the same row, so distinct rows are what count.
    let mut fits: Vec<Vec<&str>> = Vec::new();
    for gap in 0..columns {
        let mut shifted: Vec<&str> = cells.iter().map(String::as_str).collect();
        shifted.insert(gap, "/");
        if always_na.iter().all(|&c| is_na(shifted[c])) && !fits.contains(&shifted) {
            fits.push(shifted);
        }
    }
    match fits.as_slice() {
        [row] => Some((
            always_na
                .iter()
                .map(|&c| table.columns[c].name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            row.join(" "),
        )),
        _ => None,
    }
}

fn is_na(token: &str) -> bool {
    matches!(token, "/" | "／" | "—" | "-" | "－" | "——")
}

/// The row the others add up to: 合计/总计/全市, or a city row above county rows.
fn total_row(rows: &[(String, Vec<String>)]) -> Option<usize> {
    let named = rows.iter().position(|(label, _)| {
        ["合计", "总计", "全市", "小计", "总体"]
            .iter()
            .any(|w| label.starts_with(w))
    });
    named.or_else(|| {
        let city = |l: &str| l.ends_with('市') || l.ends_with('省');
        let first = rows.first().filter(|(l, _)| city(l)).map(|_| 0);
        first.or_else(|| rows.last().filter(|(l, _)| city(l)).map(|_| rows.len() - 1))
    })
}

fn year_of(title: &str, cx: &mut Context) -> u16 {
    match years_in(title).as_slice() {
        [year] => *year,
        _ => {
            let id = cx.id();
            let year = cx.period.0;
            cx.review(
                &id,
                ReviewKind::TableHeader,
                Words::new("import.review.no_single_year", &[("year", &year)]),
            );
            year
        }
    }
}

/// `（家）` at the end of a header line: the name before it and the unit.
fn bracketed_unit(line: &str) -> Option<(String, String)> {
    let body = line.strip_suffix('）').or_else(|| line.strip_suffix(')'))?;
    let open = body.rfind('（').or_else(|| body.rfind('('))?;
    let open_len = body[open..].chars().next()?.len_utf8();
    let unit = heal_spaces(&body[open + open_len..]);
    if unit.is_empty() || unit.chars().count() > 6 {
        return None;
    }
    Some((heal_spaces(&body[..open]), unit))
}

/// A milestone value as written: `1.9%`, `90%以上`, `15`, `不低于全国平均水平`.
pub fn milestone_bound(text: &str) -> (Bound, String) {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let Ok(value) = digits.parse::<f64>() else {
        return (Bound::Qualitative(t), String::new());
    };
    let rest = &t[digits.len()..];
    let unit: String = rest
        .chars()
        .take_while(|c| matches!(c, '%' | '‰'))
        .collect();
    let rest = &rest[unit.len()..];
    let bound = match rest {
        "以上" | "及以上" => Bound::AtLeast(value),
        "以下" | "以内" => Bound::AtMost(value),
        "" => Bound::Exactly(value),
        _ => return (Bound::Qualitative(t.clone()), unit),
    };
    (bound, unit)
}

fn department_from_text(title: &str, lines: &[String], cx: &mut Context) -> DepartmentTable {
    let id = cx.id();
    let header_at = lines
        .iter()
        .position(|l| years_in(l).len() >= 2)
        .unwrap_or(0);
    let years = years_in(&lines[header_at]);
    let mut header_words = String::new();
    let mut at = header_at + 1;
    while at < lines.len() {
        let line: String = lines[at].chars().filter(|c| !c.is_whitespace()).collect();
        let vocabulary = "牵头单位责任配合部门备注主要";
        if line.is_empty() {
            at += 1;
            continue;
        }
        if line.chars().count() <= 8 && line.chars().all(|c| vocabulary.contains(c)) {
            header_words.push_str(&line);
            at += 1;
        } else {
            break;
        }
    }
    let after_years: String = {
        let line = &lines[header_at];
        let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        let last = compact
            .rfind('年')
            .map_or(compact.len(), |p| p + '年'.len_utf8());
        compact[last..].to_owned()
    };
    let header_words = format!("{after_years}{header_words}");
    let has_lead = header_words.contains("牵头");
    let has_shared = header_words.contains("责任") || header_words.contains("配合");
    // Tokens in order; a figure split as "90%以" + "上" is joined.
    let mut tokens: Vec<(bool, String)> = Vec::new();
    for line in &lines[at..] {
        for token in line.split_whitespace() {
            if let Some((true, last)) = tokens.last_mut()
                && (last.ends_with('以') || last.ends_with("及以"))
                && (token.starts_with('上') || token.starts_with('下'))
            {
                last.push_str(token);
                continue;
            }
            let figure = token.starts_with(|c: char| c.is_ascii_digit());
            match tokens.last_mut() {
                Some((false, text)) if !figure => text.push_str(token),
                _ => tokens.push((figure, token.to_owned())),
            }
        }
    }
    // Alternating text and figure runs: text, figures, text, figures, …, text.
    let mut texts: Vec<String> = vec![String::new()];
    let mut figures: Vec<Vec<String>> = Vec::new();
    for (figure, token) in tokens {
        if figure {
            if figures.len() < texts.len() {
                figures.push(Vec::new());
            }
            if let Some(run) = figures.last_mut() {
                run.push(token);
            }
        } else {
            if figures.len() == texts.len() {
                texts.push(String::new());
            }
            if let Some(text) = texts.last_mut() {
                text.push_str(&token);
            }
        }
    }
    if texts.len() == figures.len() {
        texts.push(String::new());
    }
    let mut rows = Vec::new();
    let mut task = heal_spaces(&texts[0]);
    for (i, run) in figures.iter().enumerate() {
        let row_id = format!("{id}.r{}", i + 1);
        let tail = heal_spaces(&texts[i + 1]);
        let last_row = i + 1 == figures.len();
        let split = split_tail(&tail, has_lead, has_shared, last_row, cx);
        let mut values: Vec<String> = run.clone();
        if values.len() < years.len() && !split.words.is_empty() {
            values.push(split.words.clone());
            cx.review(
                &row_id,
                ReviewKind::TableCell,
                Words::new(
                    "import.review.value_in_words",
                    &[("year", &years[values.len() - 1]), ("words", &split.words)],
                ),
            );
        } else if !split.words.is_empty() {
            cx.review(
                &row_id,
                ReviewKind::TableCell,
                Words::new(
                    "import.review.text_not_placed",
                    &[("text", &format!("{:?}", split.words))],
                ),
            );
        }
        if values.len() != years.len() {
            cx.review(
                &row_id,
                ReviewKind::CellCount,
                Words::new(
                    "import.review.value_count",
                    &[
                        ("values", &values.len()),
                        ("years", &years.len()),
                        ("list", &values.join(" ")),
                    ],
                ),
            );
        }
        let (task_name, mut unit) = task_and_unit(&task);
        let milestones: Vec<Milestone> = values
            .iter()
            .zip(&years)
            .map(|(value, year)| {
                let (bound, value_unit) = milestone_bound(value);
                if unit.is_empty() && !value_unit.is_empty() {
                    unit = value_unit;
                }
                Milestone { year: *year, bound }
            })
            .collect();
        let lead = split
            .lead
            .as_deref()
            .map(|name| cx.registry.id_for(name, None))
            .unwrap_or_default();
        if lead.is_empty() {
            cx.review(
                &row_id,
                ReviewKind::MissingOwners,
                Words::plain("import.review.no_lead_read"),
            );
        }
        let shared: Vec<String> = split
            .shared
            .iter()
            .map(|n| cx.registry.id_for(n, None))
            .collect();
        rows.push(DepartmentRow {
            id: row_id,
            task: task_name,
            task_en: None,
            unit,
            milestones,
            owners: Responsibility {
                lead,
                groups: if shared.is_empty() {
                    Vec::new()
                } else {
                    vec![shared]
                },
            },
            target: None,
        });
        task = split.next;
    }
    DepartmentTable {
        id,
        title: title.to_owned(),
        title_en: None,
        years,
        rows,
    }
}

/// `引育国家级高层次创新人才数量（人）` → (`…数量`, `人`).
fn task_and_unit(task: &str) -> (String, String) {
    match bracketed_unit(task) {
        Some((name, unit)) if !name.is_empty() => (name, unit),
        _ => (task.to_owned(), String::new()),
    }
}

/// The text after a row's figures: [values in words] [lead] [shared units] [next task].
struct Tail {
    words: String,
    lead: Option<String>,
    shared: Vec<String>,
    next: String,
}

fn split_tail(tail: &str, has_lead: bool, has_shared: bool, last: bool, cx: &Context) -> Tail {
    let names: Vec<&str> = cx.registry.owners.iter().map(|o| o.name.as_str()).collect();
    let first_unit = (0..tail.len())
        .filter(|&i| tail.is_char_boundary(i))
        .find(|&i| unit_at(&tail[i..], &names).is_some());
    let Some(start) = first_unit else {
        return Tail {
            words: if last { tail.to_owned() } else { String::new() },
            lead: None,
            shared: Vec::new(),
            next: if last { String::new() } else { tail.to_owned() },
        };
    };
    let words = tail[..start].to_owned();
    let mut at = start;
    let mut units = Vec::new();
    while let Some(len) = unit_at(&tail[at..], &names) {
        units.push(tail[at..at + len].to_owned());
        at += len;
        if let Some(rest) = tail[at..].strip_prefix('、') {
            let _ = rest;
            at += '、'.len_utf8();
            continue;
        }
        // The lead's cell ends where the shared units' cell starts: no separator.
        if units.len() == 1 && has_lead && has_shared && unit_at(&tail[at..], &names).is_some() {
            continue;
        }
        break;
    }
    let next = tail[at..].trim_start_matches(['、', '，']).to_owned();
    let (lead, shared) = if has_lead {
        let mut units = units.into_iter();
        (units.next(), units.collect())
    } else {
        (units.first().cloned(), units)
    };
    Tail {
        words,
        lead,
        shared,
        next: if last { String::new() } else { next },
    }
}

/// The byte length of a unit name at the start of `text`: a name the registry knows, else
/// a name by its form (市…局/委/部/办, …支行, …分局).
fn unit_at(text: &str, known: &[&str]) -> Option<usize> {
    if let Some(name) = known
        .iter()
        .filter(|n| n.chars().count() >= 3 && text.starts_with(*n))
        .max_by_key(|n| n.len())
    {
        return Some(name.len());
    }
    if !text.starts_with('市') {
        return None;
    }
    let mut len = 0;
    for (i, c) in text.char_indices().take(14) {
        len = i + c.len_utf8();
        if i > 0 && matches!(c, '局' | '委' | '部' | '办' | '厅' | '协' | '院' | '队') {
            return Some(len);
        }
        if !is_han(c) {
            return None;
        }
    }
    let _ = len;
    None
}

/// A table from the rows of a .docx table (merged cells already spread over the columns
/// they cover).
pub fn from_grid(title: &str, grid: &[Vec<String>], cx: &mut Context) -> Annex {
    let header_at = grid
        .iter()
        .position(|row| row.iter().filter(|c| years_in(c).len() == 1).count() >= 2);
    if let Some(h) = header_at {
        return Annex::Department(department_from_grid(title, grid, h, cx));
    }
    match district_from_grid(title, grid, cx) {
        Some(table) => Annex::District(table),
        None => Annex::Other {
            title: title.to_owned(),
        },
    }
}

fn department_from_grid(
    title: &str,
    grid: &[Vec<String>],
    header: usize,
    cx: &mut Context,
) -> DepartmentTable {
    let id = cx.id();
    let head = &grid[header];
    let year_columns: Vec<(usize, u16)> = head
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match years_in(c).as_slice() {
            [y] => Some((i, *y)),
            _ => None,
        })
        .collect();
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let lead_col = head.iter().position(|c| compact(c).contains("牵头"));
    let shared_col = head.iter().position(|c| {
        let c = compact(c);
        (c.contains("责任") || c.contains("配合")) && !c.contains("牵头")
    });
    let mut rows = Vec::new();
    for (n, row) in grid[header + 1..].iter().enumerate() {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row_id = format!("{id}.r{}", n + 1);
        let (task, mut unit) = task_and_unit(&heal_spaces(row.first().map_or("", String::as_str)));
        let milestones = year_columns
            .iter()
            .map(|&(col, year)| {
                let (bound, value_unit) = milestone_bound(row.get(col).map_or("", String::as_str));
                if unit.is_empty() {
                    unit = value_unit;
                }
                Milestone { year, bound }
            })
            .collect();
        let units_of = |col: Option<usize>, cx: &mut Context| -> Vec<String> {
            let text = col
                .and_then(|c| row.get(c))
                .map_or(String::new(), |t| heal_spaces(t));
            super::owners::parse_units(&text)
                .groups
                .into_iter()
                .flatten()
                .map(|name| cx.registry.id_for(&name, None))
                .collect()
        };
        let mut leads = units_of(lead_col, cx);
        let shared = units_of(shared_col, cx);
        let lead = if leads.is_empty() {
            shared.first().cloned().unwrap_or_default()
        } else {
            leads.remove(0)
        };
        if lead.is_empty() {
            cx.review(
                &row_id,
                ReviewKind::MissingOwners,
                Words::plain("import.review.no_lead_row"),
            );
        }
        rows.push(DepartmentRow {
            id: row_id,
            task,
            task_en: None,
            unit,
            milestones,
            owners: Responsibility {
                lead,
                groups: if shared.is_empty() {
                    Vec::new()
                } else {
                    vec![shared]
                },
            },
            target: None,
        });
    }
    DepartmentTable {
        id,
        title: title.to_owned(),
        title_en: None,
        years: year_columns.iter().map(|(_, y)| *y).collect(),
        rows,
    }
}

fn district_from_grid(
    title: &str,
    grid: &[Vec<String>],
    cx: &mut Context,
) -> Option<DistrictTable> {
    let id = cx.id();
    let is_data = |row: &Vec<String>| {
        row.iter()
            .skip(1)
            .filter(|c| is_value_token(c.trim()))
            .count()
            >= 2
    };
    let first_data = grid.iter().position(is_data)?;
    let width = grid[first_data].len();
    let header = &grid[..first_data];
    let label_header = header
        .iter()
        .map(|r| heal_spaces(r.first().map_or("", String::as_str)))
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "单位".into());
    let mut columns = Vec::new();
    for col in 1..width {
        let parts: Vec<String> = header
            .iter()
            .map(|r| heal_spaces(r.get(col).map_or("", String::as_str)))
            .collect();
        // A cell repeated across neighbouring columns in an upper header row spans them.
        let mut group = None;
        let mut name_parts = Vec::new();
        for (r, part) in parts.iter().enumerate() {
            if part.is_empty() {
                continue;
            }
            let row = &header[r];
            let spans = [col.checked_sub(1), Some(col + 1)]
                .into_iter()
                .flatten()
                .filter(|&c| c >= 1 && c < width)
                .any(|c| heal_spaces(row.get(c).map_or("", String::as_str)) == *part);
            if spans && r + 1 < parts.len() {
                group = Some(part.clone());
            } else if name_parts.last() != Some(part) {
                name_parts.push(part.clone());
            }
        }
        let joined = name_parts.concat();
        let (name, unit) = bracketed_unit(&joined).unwrap_or((joined.clone(), String::new()));
        if unit.is_empty() {
            cx.review(
                &id,
                ReviewKind::TableHeader,
                Words::new("import.review.no_column_unit", &[("name", &name)]),
            );
        }
        columns.push(DistrictColumn {
            id: format!("c{col}"),
            group,
            additive: !matches!(unit.as_str(), "%" | "‰") && !name.contains("增速"),
            name,
            name_en: None,
            group_en: None,
            unit,
        });
    }
    let rows_raw: Vec<(String, Vec<String>)> = grid[first_data..]
        .iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .map(|r| {
            (
                heal_spaces(r.first().map_or("", String::as_str)),
                r.iter().skip(1).map(|c| c.trim().to_owned()).collect(),
            )
        })
        .collect();
    let total_at = total_row(&rows_raw);
    let year = year_of(title, cx);
    let mut rows = Vec::new();
    for (at, (label, cells)) in rows_raw.iter().enumerate() {
        let total = Some(at) == total_at;
        let owner = (!total).then(|| {
            let kind = if label.ends_with("新区") {
                OwnerKind::NewArea
            } else {
                OwnerKind::District
            };
            cx.registry.id_for(label, Some(kind))
        });
        let row_id = owner
            .as_ref()
            .map_or(format!("{id}.total"), |o| format!("{id}.{o}"));
        let cells: Vec<Cell> = cells
            .iter()
            .map(|c| {
                if c.is_empty() {
                    Cell::NotApplicable
                } else {
                    cell_of(c)
                }
            })
            .collect();
        for (cell, column) in cells.iter().zip(&columns) {
            if let Cell::Num(text) = cell
                && text.parse::<f64>().is_err()
            {
                cx.review(
                    &row_id,
                    ReviewKind::TableCell,
                    Words::new(
                        "import.review.not_a_figure",
                        &[("column", &column.name), ("text", &format!("{text:?}"))],
                    ),
                );
            }
        }
        rows.push(DistrictRow {
            id: row_id,
            label: label.clone(),
            label_en: None,
            owner,
            total,
            cells,
        });
    }
    Some(DistrictTable {
        id,
        title: title.to_owned(),
        title_en: None,
        year,
        label_header,
        label_header_en: None,
        columns,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestone_values() {
        assert_eq!(milestone_bound("1.9%"), (Bound::Exactly(1.9), "%".into()));
        assert_eq!(
            milestone_bound("90%以上"),
            (Bound::AtLeast(90.0), "%".into())
        );
        assert_eq!(milestone_bound("15"), (Bound::Exactly(15.0), String::new()));
        assert_eq!(
            milestone_bound("不低于全国平均水平").0,
            Bound::Qualitative("不低于全国平均水平".into())
        );
    }

    #[test]
    fn years() {
        assert_eq!(
            years_in("任务 2021 年 2022 年 2023 年"),
            vec![2021, 2022, 2023]
        );
        assert_eq!(years_in("分解表（2021年）"), vec![2021]);
    }
}
