//! Large plans for benchmarks and scale tests, shared by `benches/` and `tests/`.
//!
//! Text comes from the real Liuzhou plan, recombined sentence by sentence, so lengths and
//! character mix are those coordinators really read. Generation is deterministic.

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
