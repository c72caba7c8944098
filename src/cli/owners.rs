//! `planmeet owners`: every unit of the registry with the items it leads and shares.

use crate::i18n::Strings;
use crate::model::query::{assignments, role_counts};
use crate::store::LoadedPlan;
use crate::text::width::{Align, display_width, fit};

pub fn render(loaded: &LoadedPlan, strings: &Strings) -> String {
    let plan = &loaded.plan;
    let by_unit = assignments(plan, &loaded.index);
    let id_width = plan
        .owners
        .iter()
        .map(|o| o.id.len())
        .max()
        .unwrap_or(2)
        .max(display_width(strings.get("column.id")));
    let name_width = plan
        .owners
        .iter()
        .map(|o| display_width(super::context::owner_name(o, strings)))
        .max()
        .unwrap_or(4)
        .max(display_width(strings.get("label.unit")));
    let leads = strings.get("label.leads");
    let shares = strings.get("label.shares");
    let count_width = display_width(leads).max(display_width(shares)).max(4);
    let kind_width = plan
        .owners
        .iter()
        .map(|o| display_width(strings.get(&format!("owner_kind.{}", o.kind.key()))))
        .chain([display_width(strings.get("label.kind"))])
        .max()
        .unwrap_or(4);
    let line = |cells: [&str; 6]| {
        let [id, name, lead, share, kind, aliases] = cells;
        let line = format!(
            "{}  {}  {}  {}  {}  {aliases}",
            fit(id, id_width, Align::Left),
            fit(name, name_width, Align::Left),
            fit(lead, count_width, Align::Right),
            fit(share, count_width, Align::Right),
            fit(kind, kind_width, Align::Left),
        );
        format!("{}\n", line.trim_end())
    };
    let mut out = line([
        strings.get("column.id"),
        strings.get("label.unit"),
        leads,
        shares,
        strings.get("label.kind"),
        strings.get("label.aliases"),
    ]);
    for owner in &plan.owners {
        let (lead, share) = by_unit.get(&owner.id).map_or((0, 0), |a| role_counts(a));
        out.push_str(&line([
            &owner.id,
            super::context::owner_name(owner, strings),
            &lead.to_string(),
            &share.to_string(),
            strings.get(&format!("owner_kind.{}", owner.kind.key())),
            &owner.aliases.join("、"),
        ]));
    }
    out
}
