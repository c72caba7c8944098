//! View 5, the dashboard: what it counts, kept up to the log by `App::update` while the
//! view is in front. Counted in every frame before, they were a third of a Dashboard
//! frame with a 100,000-record history (the status of every item, each unit's part in each
//! programme, every unit sorted by its trouble); a key that only switches views found them
//! unchanged.

use std::borrow::Cow;

use crate::app::App;
use crate::app::navigation::SectionKind;
use crate::model::annotation::{Stamp, Status};
use crate::model::history_index::HistoryIndex;
use crate::model::progress::Light;
use crate::model::query::Role;

/// Counts for one programme, or for all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tasks: usize,
    pub sub_items: usize,
    pub targets: usize,
    /// Distinct units named on its sub-tasks and sub-items.
    pub units: usize,
    /// Distinct units leading at least one of them.
    pub leads: usize,
    /// Sub-tasks, sub-items and targets with a status set (for the item as a whole).
    pub annotated: usize,
}

impl Counts {
    /// What can carry a status here.
    pub fn items(&self) -> usize {
        self.tasks + self.sub_items + self.targets
    }
}

/// What the dashboard counts. Counted without walking the plan: the navigator's sections
/// give each programme's items, which are a run of positions in the index; each unit's
/// assignments and the targets are sorted by position, so a binary search per unit and
/// programme answers "does it take part here".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DashboardCounts {
    pub programmes: Vec<Counts>,
    pub total: Counts,
    pub safeguard_units: usize,
    /// Items with each status, in [`Status::ALL`] order.
    pub by_status: [usize; Status::ALL.len()],
    /// The units with items, by their position in the plan's list of owners: the most items
    /// at risk, behind or red first, then in the plan's order.
    pub units_by_trouble: Vec<usize>,
    /// The plan's targets by light at the review date, in [`Light::ALL`] order.
    pub lights: [usize; Light::ALL.len()],
    /// The targets off pace (red or amber), by index position in the plan's order.
    pub off_pace: Vec<usize>,
}

/// What the counts were made from: the plan, the filter, the log as far as it went, the
/// last meeting and the review.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    plan: usize,
    filter: Option<crate::model::filter::Filter>,
    records: usize,
    last_record: Option<String>,
    since: Option<Stamp>,
    review: (jiff::civil::Date, u64),
}

/// The counts and what they were made from, kept by the app.
#[derive(Debug, Clone, Default)]
pub struct DashboardMemo {
    seen: Option<Seen>,
    counts: DashboardCounts,
}

impl App {
    fn dashboard_seen(&self) -> Seen {
        let records = self.annotations.log.records();
        Seen {
            plan: std::sync::Arc::as_ptr(&self.loaded) as usize,
            filter: self.filter.clone(),
            records: records.len(),
            last_record: records.last().map(|r| r.id.to_string()),
            since: self.last_meeting().map(|m| m.opened_at),
            review: (self.review_date, self.light_margin.to_bits()),
        }
    }

    /// Counts again if the log, the filter or the plan changed since (from `update`,
    /// while the dashboard is in front).
    pub(crate) fn sync_dashboard(&mut self) {
        let seen = self.dashboard_seen();
        if self.dashboard.seen.as_ref() == Some(&seen) {
            return;
        }
        let Some(history) = self.history() else {
            return;
        };
        let counts = count(self, history);
        self.dashboard = DashboardMemo {
            seen: Some(seen),
            counts,
        };
    }

    /// The dashboard's counts: as `update` kept them, or counted now from `history` when
    /// they are not up to the app (an app drawn without `update`, as in some tests).
    pub fn dashboard_counts(&self, history: &HistoryIndex) -> Cow<'_, DashboardCounts> {
        if self.dashboard.seen.as_ref() == Some(&self.dashboard_seen()) {
            Cow::Borrowed(&self.dashboard.counts)
        } else {
            Cow::Owned(count(self, history))
        }
    }
}

/// The index positions a section's items span: from its first item to the end of its
/// last (the last item's own targets and sub-items included).
fn span(app: &App, items: &[usize]) -> std::ops::Range<usize> {
    let entries = &app.index().entries;
    let (Some(&first), Some(&last)) = (items.first(), items.last()) else {
        return 0..0;
    };
    let depth = entries.get(last).map_or(0, |e| e.depth);
    let mut end = last + 1;
    while entries.get(end).is_some_and(|e| e.depth > depth) {
        end += 1;
    }
    first..end
}

/// How many of the sorted `positions` fall in `range`.
fn count_in(positions: &[usize], range: &std::ops::Range<usize>) -> usize {
    positions.partition_point(|&p| p < range.end) - positions.partition_point(|&p| p < range.start)
}

pub(crate) fn count(app: &App, history: &HistoryIndex) -> DashboardCounts {
    let plan = &app.loaded.plan;
    let mut spans = vec![0..0; plan.programmes.len()];
    // The programme's section lists its sub-tasks and their sub-items.
    let mut listed = vec![0; plan.programmes.len()];
    let mut safeguards = 0..0;
    for section in &app.sections {
        match section.kind {
            SectionKind::Programme(p) if p < spans.len() => {
                spans[p] = span(app, &section.items);
                listed[p] = section.items.len();
            }
            SectionKind::Safeguards => safeguards = span(app, &section.items),
            _ => {}
        }
    }
    // Index positions of the items with a status, to count per programme (from the
    // history index: no walk over the log).
    let statuses = history.statuses();
    let mut by_status = [0; Status::ALL.len()];
    for status in statuses.iter().flatten() {
        if let Some(n) = Status::ALL.iter().position(|s| s == status) {
            by_status[n] += 1;
        }
    }
    // A programme's items are a run of positions: count the statuses set in its run.
    let annotated_in = |range: &std::ops::Range<usize>| {
        statuses
            .get(range.clone())
            .map_or(0, |run| run.iter().filter(|s| s.is_some()).count())
    };
    let mut programmes: Vec<Counts> = plan
        .programmes
        .iter()
        .enumerate()
        .map(|(p, programme)| Counts {
            tasks: programme.tasks.len(),
            sub_items: listed[p].saturating_sub(programme.tasks.len()),
            targets: count_in(&app.targets, &spans[p]),
            units: 0,
            leads: 0,
            annotated: annotated_in(&spans[p]),
        })
        .collect();
    let mut total = Counts::default();
    for c in &programmes {
        total.tasks += c.tasks;
        total.sub_items += c.sub_items;
        total.targets += c.targets;
        total.annotated += c.annotated;
    }
    let mut safeguard_units = 0;
    for list in app.assignments.values() {
        let (mut any, mut any_lead) = (false, false);
        for (counts, range) in programmes.iter_mut().zip(&spans) {
            let from = list.partition_point(|a| a.entry < range.start);
            let to = list.partition_point(|a| a.entry < range.end);
            if from == to {
                continue;
            }
            any = true;
            counts.units += 1;
            if list[from..to].iter().any(|a| a.role == Role::Lead) {
                any_lead = true;
                counts.leads += 1;
            }
        }
        total.units += any as usize;
        total.leads += any_lead as usize;
        let from = list.partition_point(|a| a.entry < safeguards.start);
        let to = list.partition_point(|a| a.entry < safeguards.end);
        safeguard_units += (from < to) as usize;
    }
    let mut lights = [0; Light::ALL.len()];
    let mut off_pace = Vec::new();
    for &entry in &app.all_targets {
        let Some(light) = history.light(entry) else {
            continue;
        };
        if let Some(n) = Light::ALL.iter().position(|&l| l == light) {
            lights[n] += 1;
        }
        if matches!(light, Light::Red | Light::Amber) {
            off_pace.push(entry);
        }
    }
    DashboardCounts {
        programmes,
        total,
        safeguard_units,
        by_status,
        units_by_trouble: units_by_trouble(app, history),
        lights,
        off_pace,
    }
}

/// The units with items, the most at risk, behind or red first, then in the plan's order.
fn units_by_trouble(app: &App, history: &HistoryIndex) -> Vec<usize> {
    let mut units: Vec<(usize, usize)> = (0..app.loaded.plan.owners.len())
        .filter_map(|position| {
            let tally = history.unit_tally(position)?;
            Some((
                tally.statuses[2] + tally.statuses[3] + tally.lights[2],
                position,
            ))
        })
        .collect();
    units.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    units.into_iter().map(|(_, position)| position).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, AppOptions, View};
    use crate::i18n::Lang;

    /// The counts kept by `update` are the counts made afresh, after every kind of change
    /// they depend on; and they are kept, not made again, while nothing changed.
    #[test]
    fn the_kept_counts_follow_the_log_and_the_filter() {
        let mut app = App::new(
            crate::store::load_embedded().unwrap(),
            AppOptions::new(Lang::Zh),
        );
        app.update(Action::Resize(120, 40));
        app.update(Action::ShowDashboard);
        assert_eq!(app.view, View::Dashboard);
        let fresh = |app: &App| count(app, &crate::ui::changes_view::history(app));
        let kept = |app: &App| app.dashboard.counts.clone();
        assert_eq!(kept(&app), fresh(&app));
        // A status set on an item in the plan view, then back to the dashboard.
        app.update(Action::ShowPlan);
        app.update(Action::MoveDown);
        app.update(Action::FocusNext);
        app.update(Action::CycleStatus);
        app.update(Action::ShowDashboard);
        let after_status = kept(&app);
        assert_eq!(after_status, fresh(&app));
        assert_eq!(after_status.by_status.iter().sum::<usize>(), 1);
        assert_eq!(after_status.total.annotated, 1);
        // Undone: the count goes back.
        app.update(Action::Undo);
        assert_eq!(kept(&app), fresh(&app));
        assert_eq!(kept(&app).total.annotated, 0);
        // A key that changes nothing counted keeps the counts without counting again.
        let memo = app.dashboard.seen.clone();
        app.update(Action::MoveDown);
        assert_eq!(app.dashboard.seen, memo);
    }
}
