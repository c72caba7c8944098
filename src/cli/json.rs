//! JSON shapes more than one command prints: a unit, a decision.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::meeting::Decision;
use crate::store::LoadedPlan;

#[derive(Serialize)]
pub struct UnitJson<'a> {
    id: &'a str,
    /// Null for a unit not in the plan's registry.
    name: Option<&'a str>,
}

pub fn units_json<'a>(loaded: &'a LoadedPlan, units: &'a [String]) -> Vec<UnitJson<'a>> {
    units
        .iter()
        .map(|u| UnitJson {
            id: u,
            name: loaded
                .plan
                .owners
                .iter()
                .find(|o| o.id == *u)
                .map(|o| o.name.as_str()),
        })
        .collect()
}

/// One decision in JSON (`decision list`, `meeting show`).
#[derive(Serialize)]
pub struct DecisionJson<'a> {
    id: &'a str,
    text: &'a str,
    units: Vec<UnitJson<'a>>,
    due: Option<String>,
    status: &'static str,
    /// Open and due before today; null where today was not asked.
    overdue: Option<bool>,
    meeting: Option<&'a str>,
    items: Vec<&'a str>,
    created_at: String,
    created_by: &'a str,
    updated_at: String,
    updated_by: &'a str,
}

impl<'a> DecisionJson<'a> {
    pub fn new(loaded: &'a LoadedPlan, d: &'a Decision, today: Option<Date>) -> DecisionJson<'a> {
        DecisionJson {
            id: &d.id,
            text: &d.text,
            units: units_json(loaded, &d.units),
            due: d.due.map(|d| d.to_string()),
            status: d.status.cli_name(),
            overdue: today.map(|t| d.is_overdue(t)),
            meeting: d.meeting.as_deref(),
            items: d.items.iter().map(String::as_str).collect(),
            created_at: d.created_at.to_string(),
            created_by: &d.created_by,
            updated_at: d.updated_at.to_string(),
            updated_by: &d.updated_by,
        }
    }
}
