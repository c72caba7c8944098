//! Large plans for benchmarks and scale tests, shared by `benches/` and `tests/`.
//!
//! Text comes from the real Liuzhou plan, recombined sentence by sentence, so lengths and
//! character mix are those coordinators really read. Generation is deterministic.

use crate::model::annotation::Record;
use crate::model::*;

/// Sizes of a synthetic plan.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub programmes: usize,
    pub tasks: usize,
    pub units: usize,
    pub targets: usize,
}

impl Shape {
    /// A provincial-scale plan: 10,000 sub-tasks in 6 programmes, 300 units, 2,000 targets.
    pub const LARGE: Shape = Shape {
        programmes: 6,
        tasks: 10_000,
        units: 300,
        targets: 2_000,
    };
}

/// A small deterministic generator (SplitMix64): no dependency, same data every run. Also
/// used by the benchmarks that generate annotation records.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// Build a plan of the given shape from the sentences of `seed` (normally the embedded plan).
pub fn plan(seed: &Plan, shape: Shape) -> Plan {
    let mut rng = Rng(0x5eed);
    let sentences: Vec<String> = seed
        .programmes
        .iter()
        .flat_map(|p| &p.tasks)
        .chain(&seed.safeguards)
        .flat_map(|t| t.body.split_inclusive('。'))
        .map(str::to_owned)
        .filter(|s| !s.trim().is_empty())
        .collect();
    let titles: Vec<&str> = seed
        .programmes
        .iter()
        .flat_map(|p| &p.tasks)
        .map(|t| t.title.as_str())
        .collect();
    let measures: Vec<&Target> = seed
        .programmes
        .iter()
        .flat_map(|p| &p.tasks)
        .flat_map(|t| &t.targets)
        .collect();

    let owners: Vec<Owner> = (0..shape.units)
        .map(|n| {
            let base = &seed.owners[n % seed.owners.len()];
            Owner {
                id: format!("u{n}"),
                name: format!("{}{}", base.name, n / seed.owners.len() + 1),
                name_en: base.name_en.clone(),
                kind: base.kind,
                aliases: Vec::new(),
            }
        })
        .collect();

    let period = seed.meta.period;
    // Sub-tasks numbered across the whole plan, to spread the targets evenly.
    let mut k = 0usize;
    let programmes = (0..shape.programmes)
        .map(|p| {
            let count =
                shape.tasks / shape.programmes + usize::from(p < shape.tasks % shape.programmes);
            let tasks = (0..count)
                .map(|t| {
                    let id = format!("p{}.t{}", p + 1, t + 1);
                    let body: String = (0..2 + rng.below(4))
                        .map(|_| sentences[rng.below(sentences.len())].as_str())
                        .collect();
                    let n_targets = (k + 1) * shape.targets / shape.tasks.max(1)
                        - k * shape.targets / shape.tasks.max(1);
                    k += 1;
                    let targets = (0..n_targets)
                        .map(|g| {
                            let template = measures[rng.below(measures.len())];
                            Target {
                                id: format!("{id}.g{}", g + 1),
                                milestones: (period.start..=period.end)
                                    .map(|year| Milestone {
                                        year,
                                        bound: Bound::AtLeast(
                                            ((year - period.start + 1) * 10) as f64,
                                        ),
                                    })
                                    .collect(),
                                ..template.clone()
                            }
                        })
                        .collect();
                    let lead = owners[rng.below(owners.len())].id.clone();
                    let others: Vec<String> = (0..rng.below(6))
                        .map(|_| owners[rng.below(owners.len())].id.clone())
                        .filter(|o| *o != lead)
                        .collect::<std::collections::BTreeSet<_>>()
                        .into_iter()
                        .collect();
                    let mut first = vec![lead.clone()];
                    first.extend(others);
                    Task {
                        id,
                        number: (t + 1) as u16,
                        title: titles[rng.below(titles.len())].to_owned(),
                        title_en: None,
                        body,
                        targets,
                        owners: Some(Responsibility {
                            lead,
                            groups: vec![first, vec![owners[0].id.clone()]],
                        }),
                        items: Vec::new(),
                    }
                })
                .collect();
            let template = &seed.programmes[p % seed.programmes.len()];
            Programme {
                id: format!("p{}", p + 1),
                number: (p + 1) as u16,
                title: template.title.clone(),
                title_en: template.title_en.clone(),
                tasks,
            }
        })
        .collect();

    Plan {
        format_version: FORMAT_VERSION,
        meta: Meta {
            id: "synthetic".into(),
            ..seed.meta.clone()
        },
        owners,
        overview: Overview {
            targets: Vec::new(),
            ..seed.overview.clone()
        },
        programmes,
        safeguards: Vec::new(),
        district_table: None,
        department_table: None,
    }
}

/// The synthetic plan as RON text, as a user's file would be.
pub fn plan_text(plan: &Plan) -> String {
    crate::store::plan_file::to_ron(plan).unwrap_or_default()
}

/// Sizes of a synthetic status file (issue 7): how many records, by how many coordinators,
/// in how many meetings, over three years (2021–2023).
#[derive(Debug, Clone, Copy)]
pub struct History {
    pub records: usize,
    pub authors: usize,
    pub meetings: usize,
    /// Of every 1,000 records, how many are undos (or redos) of an earlier change.
    pub undos_per_mille: usize,
}

impl History {
    /// Years of meeting history on a provincial plan: 100,000 records from 50 authors in 40
    /// meetings and between them, one in a hundred an undo.
    pub const LARGE: History = History {
        records: 100_000,
        authors: 50,
        meetings: 40,
        undos_per_mille: 10,
    };
}

/// The meetings of a synthetic history: `m2021-01-19` …, one about every four weeks over
/// 2021–2023, on weekdays, with the date each is held.
pub fn meetings(count: usize) -> Vec<(String, jiff::civil::Date)> {
    let first = jiff::civil::date(2021, 1, 4);
    let days = 3 * 365 - 10;
    (0..count)
        .filter_map(|m| {
            let mut date = first
                .checked_add(jiff::Span::new().days((m * days / count.max(1)) as i64))
                .ok()?;
            // Never on a weekend: move to the Monday after.
            while matches!(
                date.weekday(),
                jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
            ) {
                date = date.tomorrow().ok()?;
            }
            Some((format!("m{date}"), date))
        })
        .collect()
}

/// Chinese names for `count` coordinators, all different (王芳, 李伟 …; past 100, numbered).
pub fn authors(count: usize) -> Vec<String> {
    const FAMILY: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
    const GIVEN: [&str; 10] = ["芳", "伟", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰"];
    (0..count)
        .map(|i| {
            let (a, b) = (i % 10, (i / 10) % 10);
            let name = format!("{}{}", FAMILY[a], GIVEN[(3 * b + a) % 10]);
            if i < 100 {
                name
            } else {
                format!("{name}{}", i / 100 + 1)
            }
        })
        .collect()
}

/// A status log of the given history over the items of `plan` (normally the 10,000
/// sub-task plan), notes recombined from the sentences of `seed`'s bodies. Deterministic
/// for a given `rng_seed`: record ids come from the same generator.
///
/// Records come in the order they were made, as a shared file fills: most of them (60%)
/// in a meeting (its morning, `meeting: Some("m2022-03-15")`), the others between
/// meetings. A fifth are one responsible unit's part of the item; about half set a
/// status; targets get actual values; notes are one to three sentences, on lines of their
/// own; [`History::undos_per_mille`] are undos of a recent change by the same author,
/// computed as the app does (an undo of an undo is a redo).
pub fn status_records(seed: &Plan, plan: &Plan, history: History, rng_seed: u64) -> Vec<Record> {
    use crate::model::annotation::{
        Actual, AnnotationLog, Change, Key, Stamp, Status, responsible_units,
    };
    use jiff::{Timestamp, tz::Offset};

    let mut rng = Rng(rng_seed);
    let index = PlanIndex::build(plan);
    let sentences: Vec<&str> = seed
        .programmes
        .iter()
        .flat_map(|p| &p.tasks)
        .flat_map(|t| t.body.split_inclusive('。'))
        .filter(|s| !s.trim().is_empty())
        .collect();
    let authors = authors(history.authors);
    let meetings = meetings(history.meetings);
    let beijing = Offset::from_seconds(8 * 3600).unwrap_or(Offset::UTC);
    let midnight = |date: jiff::civil::Date| {
        beijing
            .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
            .map_or(0, |t| t.as_second())
    };
    let start = midnight(jiff::civil::date(2021, 1, 1));
    let span = 3 * 365 * 24 * 3600;

    // When each record is made, and in which meeting: sorted, as they are appended.
    let mut slots: Vec<(i64, i32, Option<usize>)> = (0..history.records)
        .map(|_| {
            let nanos = rng.below(1_000_000_000) as i32;
            if !meetings.is_empty() && rng.below(10) < 6 {
                let m = rng.below(meetings.len());
                let day = midnight(meetings[m].1);
                // 09:00 to 11:30.
                let second = day + 9 * 3600 + rng.below(150 * 60) as i64;
                (second, nanos, Some(m))
            } else {
                (start + rng.below(span) as i64, nanos, None)
            }
        })
        .collect();
    slots.sort_unstable();

    let mut log = AnnotationLog::new();
    // Each author's latest records, the ones an undo picks from.
    let mut recent: Vec<Vec<String>> = vec![Vec::new(); authors.len()];
    let mut records = Vec::with_capacity(history.records);
    for (second, nanos, meeting) in slots {
        let at = Stamp::new(
            Timestamp::new(second, nanos).unwrap_or(Timestamp::UNIX_EPOCH),
            beijing,
        );
        let who = rng.below(authors.len());
        let id = format!("{:016x}", rng.next_u64());
        let meeting = meeting.map(|m| meetings[m].0.clone());

        let undo = if rng.below(1000) < history.undos_per_mille && !recent[who].is_empty() {
            let pick = recent[who].len() - 1 - rng.below(recent[who].len().min(3));
            log.undo_change(&recent[who][pick]).ok()
        } else {
            None
        };
        let change = match undo {
            Some(mut change) => {
                change.meeting = meeting;
                change
            }
            None => {
                let position = rng.below(index.entries.len());
                let entry = &index.entries[position];
                let units = responsible_units(plan, &index, position);
                let owner =
                    (!units.is_empty() && rng.below(5) == 0).then(|| units[rng.below(units.len())]);
                let mut change = Change::new(&Key::new(&entry.id, owner));
                change.meeting = meeting;
                let is_target = matches!(entry.path.resolve(plan), Some(Node::Target(_)));
                match rng.below(10) {
                    0..=4 => change.status = Some(Status::ALL[rng.below(6)]),
                    5 | 6 => change.progress = Some(rng.below(101) as u8),
                    7 if is_target => {
                        // As of the end of a month before the record was made.
                        let made = beijing.to_datetime(at.timestamp()).date();
                        let month = made.first_of_month().yesterday().unwrap_or(made);
                        change.actual = Some(Actual {
                            value: rng.below(100_000) as f64 / 100.0,
                            as_of: month.last_of_month(),
                        });
                    }
                    _ => {}
                }
                if change.is_empty() || rng.below(6) == 0 {
                    let first = rng.below(sentences.len());
                    let n = 1 + rng.below(3);
                    let note: Vec<&str> = sentences
                        .iter()
                        .cycle()
                        .skip(first)
                        .take(n)
                        .map(|s| s.trim())
                        .collect();
                    change.note = Some(note.join("\n"));
                }
                if rng.below(4) == 0 && change.status.is_none() {
                    change.status = Some(Status::ALL[rng.below(6)]);
                }
                change
            }
        };
        let record = change.into_record(id.as_str().into(), at, authors[who].as_str().into());
        log.insert(record.clone());
        records.push(record);
        let mine = &mut recent[who];
        if mine.len() == 8 {
            mine.remove(0);
        }
        mine.push(id);
    }
    records
}

/// A status file of `records` as planmeet writes it: the header, then one record a line in
/// the order given.
pub fn status_text(plan_id: &str, records: &[Record]) -> String {
    let mut text =
        crate::store::status::encode_header(&crate::model::annotation::Header::new(plan_id))
            .unwrap_or_default();
    text.push('\n');
    for record in records {
        text.push_str(&crate::store::status::encode_record(record).unwrap_or_default());
        text.push('\n');
    }
    text
}
