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
        .max(2);
    let name_width = plan
        .owners
        .iter()
        .map(|o| display_width(&o.name))
        .max()
        .unwrap_or(4)
        .max(display_width(strings.get("label.unit")));
    let leads = strings.get("label.leads");
    let shares = strings.get("label.shares");
    let count_width = display_width(leads).max(display_width(shares)).max(4);
    let mut out = format!(
        "{}  {}  {}  {}  {}\n",
        fit("id", id_width, Align::Left),
        fit(strings.get("label.unit"), name_width, Align::Left),
        fit(leads, count_width, Align::Right),
        fit(shares, count_width, Align::Right),
        strings.get("label.kind"),
    );
    for owner in &plan.owners {
        let (lead, share) = by_unit.get(&owner.id).map_or((0, 0), |a| role_counts(a));
        out.push_str(&format!(
            "{}  {}  {}  {}  {}\n",
            fit(&owner.id, id_width, Align::Left),
            fit(&owner.name, name_width, Align::Left),
            fit(&lead.to_string(), count_width, Align::Right),
            fit(&share.to_string(), count_width, Align::Right),
            strings.get(&format!("owner_kind.{}", owner.kind.key())),
        ));
    }
    out
}
