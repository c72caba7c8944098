//! From the parsed parts to a [`Plan`]: which section is which, ids, targets, owners and
//! annexes, with a [`Review`] for every guess.
//!
//! Sections are recognised by their headings' words (总体要求, 保障措施); the rest are the
//! tasks. With one task section (二、主要任务) its （一） parts are the programmes and their
//! 1． items the sub-tasks; with several (一、总体要求 二、… 三、… 四、保障措施), each section is
//! a programme and its （一） parts the sub-tasks. A sub-task's （1） items, or unnumbered
//! paragraphs that each end with their own responsible units, are its sub-items.

use crate::model::{
    DepartmentTable, FORMAT_VERSION, Meta, Overview, Period, Plan, Programme, Responsibility,
    SubItem, Target, Task,
};
use crate::text::pinyin::pinyin_keys;

use super::annex::{self, Annex};
use super::outline::{self, Node, programme_title, split_title};
use super::owners::{Registry, UnitList, split_owners};
use super::source::Document;
use super::targets::{self, Found};
use super::{ImportError, Imported, Review, ReviewKind, Stage, Words, front};

struct Builder {
    registry: Registry,
    reviews: Vec<Review>,
    period: Period,
}

impl Builder {
    fn review(&mut self, anchor: &str, kind: ReviewKind, words: Words) {
        self.reviews.push(Review::new(anchor, kind, words));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SectionKind {
    Overview,
    Tasks,
    Safeguards,
}

fn section_kind(title: &str) -> SectionKind {
    let has = |words: &[&str]| words.iter().any(|w| title.contains(w));
    if has(&[
        "总体要求",
        "总体思路",
        "指导思想",
        "总体目标",
        "基本原则",
        "目标要求",
    ]) {
        SectionKind::Overview
    } else if has(&["保障", "保证措施", "组织实施", "工作要求", "组织领导"]) {
        SectionKind::Safeguards
    } else {
        SectionKind::Tasks
    }
}

pub fn build(
    document: &Document,
    progress: &mut dyn FnMut(Stage),
) -> Result<Imported, ImportError> {
    progress(Stage::Structure);
    let front = front::parse(&document.front, &document.dates);
    let outline = outline::parse(&document.body);
    let mut reviews = Vec::new();
    let period = match front.period {
        Some((start, end)) => Period { start, end },
        None => {
            let years = stated_years(&document.body);
            let issued = front
                .issue_date
                .as_deref()
                .and_then(|d| d[..4].parse().ok());
            let end = years.iter().copied().max().or(issued).unwrap_or(2025);
            let start = issued.unwrap_or(end).min(end);
            reviews.push(Review::new(
                "meta",
                ReviewKind::Metadata,
                Words::new(
                    "import.review.no_period",
                    &[("start", &start), ("end", &end)],
                ),
            ));
            Period { start, end }
        }
    };
    let mut b = Builder {
        registry: Registry::default(),
        reviews,
        period,
    };
    let kinds: Vec<SectionKind> = outline
        .sections
        .iter()
        .map(|s| section_kind(&split_title(&s.text).0))
        .collect();
    let task_sections: Vec<&Node> = outline
        .sections
        .iter()
        .zip(&kinds)
        .filter(|(_, k)| **k == SectionKind::Tasks)
        .map(|(s, _)| s)
        .collect();
    // The programmes: the parts of the one task section, or each task section.
    let programme_nodes: Vec<&Node> = match task_sections.as_slice() {
        [single] if holds_programmes(single) => single.children.iter().collect(),
        _ => task_sections.clone(),
    };
    progress(Stage::Owners);
    let mut programmes = Vec::new();
    for (p, node) in programme_nodes.iter().enumerate() {
        let id = format!("p{}", p + 1);
        let title = programme_title(&split_title(&node.text).0);
        let body_words = format!("{}{}", split_title(&node.text).1, node.extra.concat());
        if !body_words.trim().is_empty() && !node.children.is_empty() {
            b.review(
                &id,
                ReviewKind::Unplaced,
                Words::new(
                    "import.review.programme_text",
                    &[("text", &clip(&body_words, 60))],
                ),
            );
        }
        let children: Vec<&Node> = if node.children.is_empty() {
            vec![*node]
        } else {
            node.children.iter().collect()
        };
        let tasks = children
            .iter()
            .enumerate()
            .map(|(t, child)| task(&mut b, child, &format!("{id}.t{}", t + 1), child.number))
            .collect();
        programmes.push(Programme {
            id,
            number: (p + 1) as u16,
            title,
            title_en: None,
            tasks,
        });
    }
    let task_count: usize = programmes.iter().map(|p| p.tasks.len()).sum();
    if task_count == 0 {
        return Err(ImportError::NotAPlan(
            "no tasks were found under the numbered sections".into(),
        ));
    }
    let mut safeguards = Vec::new();
    for section in outline
        .sections
        .iter()
        .zip(&kinds)
        .filter(|(_, k)| **k == SectionKind::Safeguards)
        .map(|(s, _)| s)
    {
        if section.children.is_empty() {
            for paragraph in &section.extra {
                let n = safeguards.len() + 1;
                let node = Node {
                    number: n as u16,
                    rank: 1,
                    text: paragraph.clone(),
                    ..Node::default()
                };
                safeguards.push(task(&mut b, &node, &format!("s{n}"), n as u16));
            }
        }
        for child in &section.children {
            let n = safeguards.len() + 1;
            safeguards.push(task(&mut b, child, &format!("s{n}"), child.number));
        }
    }
    progress(Stage::Targets);
    let overview = overview(
        &mut b,
        outline
            .sections
            .iter()
            .zip(&kinds)
            .find(|(_, k)| **k == SectionKind::Overview)
            .map(|(s, _)| s),
    );
    if !outline.loose.is_empty() {
        b.review(
            "meta",
            ReviewKind::Unplaced,
            Words::new(
                "import.review.loose_paragraphs",
                &[("count", &outline.loose.len())],
            ),
        );
    }
    progress(Stage::Annexes);
    let mut district_table = None;
    let mut department_table: Option<DepartmentTable> = None;
    for source in &document.annexes {
        let listed = outline
            .annex_list
            .get(usize::from(source.number).saturating_sub(1))
            .cloned();
        let mut cx = annex::Context {
            number: source.number,
            period: (period.start, period.end),
            registry: &mut b.registry,
            reviews: &mut b.reviews,
        };
        let result = if let Some(grid) = source.tables.first() {
            let title = source
                .paragraphs
                .first()
                .cloned()
                .or(listed)
                .unwrap_or_default();
            annex::from_grid(&title, grid, &mut cx)
        } else {
            annex::from_text(&source.lines, &mut cx)
        };
        match result {
            Annex::District(table) if district_table.is_none() => district_table = Some(table),
            Annex::Department(table) if department_table.is_none() => {
                department_table = Some(table)
            }
            other => {
                let title = match &other {
                    Annex::District(t) => t.title.clone(),
                    Annex::Department(t) => t.title.clone(),
                    Annex::Other { title } => title.clone(),
                };
                b.review(
                    "meta",
                    ReviewKind::AnnexNotHeld,
                    Words::new(
                        "import.review.annex_not_held",
                        &[("number", &source.number), ("title", &title)],
                    ),
                );
            }
        }
    }
    let mut overview = overview;
    if let Some(table) = department_table.as_mut() {
        link_rows(&mut b, table, &mut overview.targets);
    }
    let mut reviews = std::mem::take(&mut b.reviews);
    reviews.append(&mut b.registry.reviews);
    let meta = meta(&front, period, &mut reviews);
    let plan = Plan {
        format_version: FORMAT_VERSION,
        meta,
        owners: b.registry.owners,
        overview,
        programmes,
        safeguards,
        district_table,
        department_table,
    };
    progress(Stage::Done);
    Ok(Imported { plan, reviews })
}

/// A task section whose parts are programmes: its parts hold numbered items, or have no
/// responsible units of their own.
fn holds_programmes(section: &Node) -> bool {
    !section.children.is_empty()
        && section.children.iter().any(|c| {
            !c.children.is_empty()
                || (split_owners(&c.text).is_none()
                    && c.extra.iter().all(|e| split_owners(e).is_none()))
        })
}

fn meta(front: &front::Front, period: Period, reviews: &mut Vec<Review>) -> Meta {
    let mut note = |words: Words| reviews.push(Review::new("meta", ReviewKind::Metadata, words));
    let place = front
        .place
        .as_deref()
        .map(|p| pinyin_keys(p).full)
        .filter(|p| !p.is_empty());
    let id = format!(
        "{}-{}-{}",
        place.as_deref().unwrap_or("plan"),
        period.start,
        period.end
    );
    if front.title.is_empty() {
        note(Words::plain("import.review.no_title"));
    }
    let doc_number = front.doc_number.clone().unwrap_or_else(|| {
        note(Words::plain("import.review.no_doc_number"));
        String::new()
    });
    if front.issuers.is_empty() {
        note(Words::plain("import.review.no_issuer"));
    }
    let issue_date = front.issue_date.clone().unwrap_or_else(|| {
        note(Words::new(
            "import.review.no_issue_date",
            &[("year", &period.start)],
        ));
        format!("{}-01-01", period.start)
    });
    if place.is_none() {
        note(Words::new(
            "import.review.no_place",
            &[("id", &format!("{id:?}"))],
        ));
    }
    Meta {
        id,
        title: front.title.clone(),
        title_en: None,
        doc_number,
        issuers: front.issuers.clone(),
        issue_date,
        period,
        preamble: front.preamble.clone(),
    }
}

/// Years the body names as deadlines (到2025年).
fn stated_years(body: &[String]) -> Vec<u16> {
    let mut years = Vec::new();
    for paragraph in body {
        let mut rest = paragraph.as_str();
        while let Some(at) = rest.find('到') {
            let after = &rest[at + '到'.len_utf8()..];
            if after.len() >= 7
                && after.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                && after[4..].starts_with('年')
                && let Ok(y) = after[..4].parse::<u16>()
            {
                years.push(y);
            }
            rest = after;
        }
    }
    years
}

fn clip(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        out.push('…');
    }
    out
}

/// A heading's text split into title, body and units.
struct Parts {
    title: String,
    body: String,
    owners: Option<UnitList>,
}

fn parts(text: &str) -> Parts {
    let (title, rest) = split_title(text);
    match split_owners(&rest) {
        Some((body, owners)) => Parts {
            title,
            body,
            owners: Some(owners),
        },
        None => match split_owners(&title) {
            // A heading that is all title and units: 做甲（责任单位：…）
            Some((title, owners)) => Parts {
                title,
                body: rest,
                owners: Some(owners),
            },
            None => Parts {
                title,
                body: rest,
                owners: None,
            },
        },
    }
}

fn join_paragraphs(parts: impl IntoIterator<Item = String>) -> String {
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn task(b: &mut Builder, node: &Node, id: &str, number: u16) -> Task {
    let head = parts(&node.text);
    let mut body = head.body.clone();
    let mut owners = head.owners.as_ref().map(|o| b.registry.responsibility(o));
    let mut items = Vec::new();
    // Sub-items: numbered children, or unnumbered paragraphs each with its own units.
    let mut item_parts: Vec<(String, String, Option<UnitList>)> = Vec::new();
    for child in &node.children {
        let p = parts(&join_paragraphs(
            std::iter::once(child.text.clone()).chain(child.extra.iter().cloned()),
        ));
        item_parts.push((p.title, p.body, p.owners));
    }
    if node.children.is_empty() {
        if head.owners.is_some() {
            body = join_paragraphs(std::iter::once(body).chain(node.extra.iter().cloned()));
        } else {
            // Chunks of paragraphs, each ending with its units.
            let mut chunks: Vec<Vec<&String>> = Vec::new();
            let mut open: Vec<&String> = Vec::new();
            for paragraph in &node.extra {
                open.push(paragraph);
                if split_owners(paragraph).is_some() {
                    chunks.push(std::mem::take(&mut open));
                }
            }
            match chunks.len() {
                0 => body = join_paragraphs(std::iter::once(body).chain(open.into_iter().cloned())),
                1 => {
                    let mut chunk: Vec<String> = chunks.remove(0).into_iter().cloned().collect();
                    let last = chunk.pop().unwrap_or_default();
                    let (text, units) = split_owners(&last).unwrap_or((last, UnitList::default()));
                    chunk.push(text);
                    body = join_paragraphs(
                        std::iter::once(body)
                            .chain(chunk)
                            .chain(open.into_iter().cloned()),
                    );
                    owners = Some(b.registry.responsibility(&units));
                }
                _ => {
                    if let Some(last) = chunks.last_mut() {
                        last.extend(open);
                    }
                    for chunk in chunks {
                        let p = parts(&join_paragraphs(chunk.into_iter().cloned()));
                        item_parts.push((p.title, p.body, p.owners));
                    }
                }
            }
        }
    }
    for (k, (title, item_body, units)) in item_parts.into_iter().enumerate() {
        let item_id = format!("{id}.s{}", k + 1);
        let item_owners = match units {
            Some(units) => b.registry.responsibility(&units),
            None => match &owners {
                Some(task_owners) => {
                    b.review(
                        &item_id,
                        ReviewKind::MissingOwners,
                        Words::plain("import.review.units_copied"),
                    );
                    task_owners.clone()
                }
                None => {
                    b.review(
                        &item_id,
                        ReviewKind::MissingOwners,
                        Words::plain("import.review.no_units"),
                    );
                    Responsibility {
                        lead: String::new(),
                        groups: Vec::new(),
                    }
                }
            },
        };
        let targets = targets_of(b, &item_body, &item_id, false);
        items.push(SubItem {
            id: item_id,
            title,
            title_en: None,
            body: item_body,
            targets,
            owners: item_owners,
        });
    }
    if owners.is_none() && items.is_empty() {
        b.review(
            id,
            ReviewKind::MissingOwners,
            Words::plain("import.review.no_units_clause"),
        );
    }
    let targets = targets_of(b, &body, id, false);
    Task {
        id: id.to_owned(),
        number,
        title: head.title,
        title_en: None,
        body,
        targets,
        owners,
        items,
    }
}

fn targets_of(b: &mut Builder, text: &str, parent: &str, goals: bool) -> Vec<Target> {
    targets::extract(text, goals)
        .into_iter()
        .enumerate()
        .map(|(g, found)| target(b, found, &format!("{parent}.g{}", g + 1)))
        .collect()
}

fn target(b: &mut Builder, found: Found, id: &str) -> Target {
    for (kind, message) in &found.doubts {
        b.review(id, *kind, message.clone());
    }
    let deadline = found.deadline.unwrap_or_else(|| {
        b.review(
            id,
            ReviewKind::NoDeadline,
            Words::new("import.review.no_year", &[("year", &b.period.end)]),
        );
        b.period.end
    });
    Target {
        id: id.to_owned(),
        measure: found.measure,
        measure_en: None,
        bound: found.bound,
        unit: found.unit,
        deadline,
        basis: found.basis,
        components: found.components,
        milestones: Vec::new(),
        source: found.source,
    }
}

fn overview(b: &mut Builder, section: Option<&Node>) -> Overview {
    let mut guiding = String::new();
    let mut work = String::new();
    let mut main = String::new();
    if let Some(section) = section {
        let own = join_paragraphs(
            std::iter::once(split_title(&section.text).1).chain(section.extra.iter().cloned()),
        );
        for child in &section.children {
            let (title, rest) = split_title(&child.text);
            let text = join_paragraphs(std::iter::once(rest).chain(child.extra.iter().cloned()));
            if title.contains("指导思想") {
                guiding = join_paragraphs([guiding, text]);
            } else if ["主要目标", "具体目标", "发展目标", "量化目标", "主要指标"]
                .iter()
                .any(|w| title.contains(w))
            {
                main = join_paragraphs([main, text]);
            } else if title.contains("目标") {
                work = join_paragraphs([work, text]);
            } else {
                b.review(
                    "o",
                    ReviewKind::Unplaced,
                    Words::new(
                        "import.review.kept_in_goals",
                        &[
                            (
                                "number",
                                &crate::model::numbering::chinese_numeral(child.number),
                            ),
                            ("title", &title),
                        ],
                    ),
                );
                work = join_paragraphs([work, format!("{title}：{text}")]);
            }
        }
        if section.children.is_empty() {
            main = own;
        } else if !own.is_empty() {
            guiding = join_paragraphs([own, guiding]);
        }
        if main.is_empty() && !work.is_empty() && !targets::extract(&work, true).is_empty() {
            main = std::mem::take(&mut work);
        }
    } else {
        b.review(
            "o",
            ReviewKind::Unplaced,
            Words::plain("import.review.no_overview"),
        );
    }
    let targets = targets_of(b, &main, "o", true);
    Overview {
        id: "o".into(),
        guiding_ideology: guiding,
        work_goals: work,
        main_goals_text: main,
        targets,
    }
}

/// Ties each 附件2 row to the main goal it breaks down, by wording, and gives the goal the
/// row's yearly milestones when their units agree.
fn link_rows(b: &mut Builder, table: &mut DepartmentTable, goals: &mut [Target]) {
    let mut used = vec![false; goals.len()];
    for row in &mut table.rows {
        let best = goals
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .map(|(i, t)| {
                (
                    i,
                    similarity(&row.task, &t.measure).max(similarity(&row.task, &t.source) * 0.9),
                )
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let Some((at, score)) = best.filter(|(_, s)| *s >= 0.5) else {
            continue;
        };
        used[at] = true;
        let goal = &mut goals[at];
        row.target = Some(goal.id.clone());
        let same_unit = row.unit == goal.unit || goal.unit.is_empty();
        let years_fit = row.milestones.iter().all(|m| b.period.contains(m.year));
        if same_unit
            && goal.milestones.is_empty()
            && years_fit
            && goal.basis != crate::model::Basis::Increase
        {
            goal.milestones = row.milestones.clone();
            if goal.unit.is_empty() {
                goal.unit = row.unit.clone();
            }
            b.review(
                &goal.id,
                ReviewKind::LinkedRow,
                Words::new(
                    "import.review.milestones_copied",
                    &[
                        ("row", &row.id),
                        ("task", &row.task),
                        ("percent", &format!("{:.0}", score * 100.0)),
                    ],
                ),
            );
        } else {
            b.review(
                &row.id,
                ReviewKind::LinkedRow,
                Words::new(
                    if same_unit {
                        "import.review.tied_change"
                    } else {
                        "import.review.tied_units_differ"
                    },
                    &[
                        ("goal", &goal.id),
                        ("percent", &format!("{:.0}", score * 100.0)),
                    ],
                ),
            );
        }
    }
}

/// Character-bigram similarity, 0–1.
pub fn similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a.contains(b) || b.contains(a) {
        let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
        return 0.6 + 0.4 * short.chars().count() as f64 / long.chars().count() as f64;
    }
    strsim::sorensen_dice(a, b)
}
