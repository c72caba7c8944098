//! Which items a list shows: by status, traffic light, unit, programme, and "changed
//! since". Every condition given must hold; within one condition any choice may (at risk
//! *or* behind). A filter can be saved under a name (see `store::config`).

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::annotation::{AnnotationLog, Status};
use super::index::{Node, PlanIndex};
use super::plan::Plan;
use super::progress::{Light, assess};
use super::query::target_owner;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Items with one of these statuses (as a whole).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<Status>,
    /// Items with no status yet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unannotated: bool,
    /// Targets with one of these lights, and items with such a target.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lights: Vec<Light>,
    /// Items this unit leads or shares (a unit id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Items of this programme, by position (0 is 一).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<usize>,
    /// Items changed on or after this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_since: Option<Date>,
}

/// Saved filters by name.
pub type SavedFilters = BTreeMap<String, Filter>;

/// What matching needs besides the filter.
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub index: &'a PlanIndex,
    pub log: &'a AnnotationLog,
    pub review: Date,
    pub margin: f64,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    pub fn matches(&self, cx: &Context, entry: usize) -> bool {
        let Some(item) = cx.index.entries.get(entry) else {
            return false;
        };
        let Some(node) = item.path.resolve(cx.plan) else {
            return false;
        };
        if let Some(programme) = self.programme
            && item.path.programme() != Some(programme)
        {
            return false;
        }
        let annotation = cx.log.annotation(&item.id, None);
        if !self.statuses.is_empty() || self.unannotated {
            let status = annotation.and_then(|a| a.status.as_ref()).map(|s| s.value);
            let wanted = match status {
                Some(status) => self.statuses.contains(&status),
                None => self.unannotated,
            };
            if !wanted {
                return false;
            }
        }
        if let Some(unit) = &self.unit {
            let owners = node
                .owners()
                .or_else(|| target_owner(cx.plan, cx.index, entry));
            let responsible = owners.is_some_and(|o| {
                o.lead == *unit || o.groups.iter().any(|g| g.iter().any(|u| u == unit))
            });
            if !responsible {
                return false;
            }
        }
        if let Some(since) = self.changed_since {
            let changed = cx.log.parts(&item.id).iter().any(|part| {
                let at = part.updated_at;
                at.offset().to_datetime(at.timestamp()).date() >= since
            });
            if !changed {
                return false;
            }
        }
        if !self.lights.is_empty() {
            let light_of = |position: usize| -> Option<Light> {
                let Some(Node::Target(target)) =
                    cx.index.entries.get(position)?.path.resolve(cx.plan)
                else {
                    return None;
                };
                let actuals: Vec<(Date, f64)> = cx
                    .log
                    .annotation(&target.id, None)
                    .map(|a| a.actuals.iter().map(|p| (p.as_of, p.value)).collect())
                    .unwrap_or_default();
                let start = cx.plan.meta.period.start;
                Some(assess(target, start, &actuals, cx.review, cx.margin).light)
            };
            let mut lights = std::iter::once(entry)
                .chain(cx.index.children(entry).map(|(p, _)| p))
                .filter_map(light_of);
            if !lights.any(|l| self.lights.contains(&l)) {
                return false;
            }
        }
        true
    }
}
