//! A flat, document-ordered index of every item that has an id, so that lookups by id,
//! parent/child walks and "every target" lists never depend on re-walking the tree by hand.

use super::plan::*;

/// Where an item sits in the plan, by position. Positions are only valid for the plan the
/// index was built from; annotations key on ids, never on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemPath {
    Overview,
    OverviewTarget(usize),
    Programme(usize),
    Task(usize, usize),
    TaskTarget(usize, usize, usize),
    SubItem(usize, usize, usize),
    SubItemTarget(usize, usize, usize, usize),
    Safeguard(usize),
    SafeguardTarget(usize, usize),
    DistrictTable,
    DistrictRow(usize),
    DepartmentTable,
    DepartmentRow(usize),
    /// One figure of a 附件1 row: (row, column). Its id is `{row id}.{column id}`; it takes
    /// actual values, and is listed nowhere but in the district table.
    DistrictCell(usize, usize),
}

/// A borrowed view of one item.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Overview(&'a Overview),
    Programme(&'a Programme),
    Task(&'a Task),
    SubItem(&'a SubItem),
    Safeguard(&'a Task),
    Target(&'a Target),
    DistrictTable(&'a DistrictTable),
    DistrictRow(&'a DistrictRow),
    DepartmentTable(&'a DepartmentTable),
    DepartmentRow(&'a DepartmentRow),
    /// A 附件1 row's figure in one column.
    DistrictCell(&'a DistrictRow, &'a DistrictColumn, &'a Cell),
}

impl<'a> Node<'a> {
    /// The item's own heading (not its number).
    pub fn title(&self) -> &'a str {
        match self {
            Node::Overview(_) => "总体要求",
            Node::Programme(p) => &p.title,
            Node::Task(t) | Node::Safeguard(t) => &t.title,
            Node::SubItem(s) => &s.title,
            Node::Target(t) => &t.measure,
            Node::DistrictTable(t) => &t.title,
            Node::DistrictRow(r) => &r.label,
            Node::DepartmentTable(t) => &t.title,
            Node::DepartmentRow(r) => &r.task,
            Node::DistrictCell(_, column, _) => &column.name,
        }
    }

    pub fn title_en(&self) -> Option<&'a str> {
        match self {
            Node::Overview(_) => Some("General requirements"),
            Node::Programme(p) => p.title_en.as_deref(),
            Node::Task(t) | Node::Safeguard(t) => t.title_en.as_deref(),
            Node::SubItem(s) => s.title_en.as_deref(),
            Node::Target(t) => t.measure_en.as_deref(),
            Node::DepartmentRow(r) => r.task_en.as_deref(),
            Node::DistrictTable(t) => t.title_en.as_deref(),
            Node::DistrictRow(r) => r.label_en.as_deref(),
            Node::DepartmentTable(t) => t.title_en.as_deref(),
            Node::DistrictCell(_, column, _) => column.name_en.as_deref(),
        }
    }

    pub fn body(&self) -> &'a str {
        match self {
            Node::Task(t) | Node::Safeguard(t) => &t.body,
            Node::SubItem(s) => &s.body,
            Node::Target(t) => &t.source,
            Node::Overview(o) => &o.main_goals_text,
            _ => "",
        }
    }

    pub fn owners(&self) -> Option<&'a Responsibility> {
        match self {
            Node::Task(t) | Node::Safeguard(t) => t.owners.as_ref(),
            Node::SubItem(s) => Some(&s.owners),
            Node::DepartmentRow(r) => Some(&r.owners),
            _ => None,
        }
    }

    pub fn targets(&self) -> &'a [Target] {
        match self {
            Node::Overview(o) => &o.targets,
            Node::Task(t) | Node::Safeguard(t) => &t.targets,
            Node::SubItem(s) => &s.targets,
            _ => &[],
        }
    }
}

impl ItemPath {
    pub fn resolve<'a>(&self, plan: &'a Plan) -> Option<Node<'a>> {
        let task = |p: usize, t: usize| plan.programmes.get(p)?.tasks.get(t);
        Some(match *self {
            ItemPath::Overview => Node::Overview(&plan.overview),
            ItemPath::OverviewTarget(g) => Node::Target(plan.overview.targets.get(g)?),
            ItemPath::Programme(p) => Node::Programme(plan.programmes.get(p)?),
            ItemPath::Task(p, t) => Node::Task(task(p, t)?),
            ItemPath::TaskTarget(p, t, g) => Node::Target(task(p, t)?.targets.get(g)?),
            ItemPath::SubItem(p, t, s) => Node::SubItem(task(p, t)?.items.get(s)?),
            ItemPath::SubItemTarget(p, t, s, g) => {
                Node::Target(task(p, t)?.items.get(s)?.targets.get(g)?)
            }
            ItemPath::Safeguard(s) => Node::Safeguard(plan.safeguards.get(s)?),
            ItemPath::SafeguardTarget(s, g) => {
                Node::Target(plan.safeguards.get(s)?.targets.get(g)?)
            }
            ItemPath::DistrictTable => Node::DistrictTable(plan.district_table.as_ref()?),
            ItemPath::DistrictRow(r) => {
                Node::DistrictRow(plan.district_table.as_ref()?.rows.get(r)?)
            }
            ItemPath::DepartmentTable => Node::DepartmentTable(plan.department_table.as_ref()?),
            ItemPath::DepartmentRow(r) => {
                Node::DepartmentRow(plan.department_table.as_ref()?.rows.get(r)?)
            }
            ItemPath::DistrictCell(r, c) => {
                let table = plan.district_table.as_ref()?;
                let row = table.rows.get(r)?;
                Node::DistrictCell(row, table.columns.get(c)?, row.cells.get(c)?)
            }
        })
    }

    /// The programme this item belongs to, if any.
    pub fn programme(&self) -> Option<usize> {
        match *self {
            ItemPath::Programme(p)
            | ItemPath::Task(p, _)
            | ItemPath::TaskTarget(p, _, _)
            | ItemPath::SubItem(p, _, _)
            | ItemPath::SubItemTarget(p, _, _, _) => Some(p),
            _ => None,
        }
    }
}

/// The id of a 附件1 row's figure in a column: `a1.liunan.rd_firms`.
pub fn district_cell_id(row: &str, column: &str) -> String {
    format!("{row}.{column}")
}

/// One indexed item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub path: ItemPath,
    /// Position of the parent entry in [`PlanIndex::entries`].
    pub parent: Option<usize>,
    pub depth: u8,
}

/// Every item with an id, in document order.
#[derive(Debug, Clone, Default)]
pub struct PlanIndex {
    pub entries: Vec<Entry>,
    /// FxHash: ids are short, and this map is built at every start (SipHash was a third
    /// of building it).
    by_id: rustc_hash::FxHashMap<String, usize>,
    /// Ids that appear more than once (validation reports them).
    pub duplicates: Vec<String>,
}

impl PlanIndex {
    pub fn build(plan: &Plan) -> Self {
        let mut index = PlanIndex::default();
        // Room for the programmes' items at once (most of a plan): no regrowing and
        // rehashing on the way. Only a reservation; the tables add what they add.
        let items: usize = (plan.programmes.iter().flat_map(|p| &p.tasks))
            .map(|t| {
                1 + t.targets.len() + t.items.iter().map(|i| 1 + i.targets.len()).sum::<usize>()
            })
            .sum::<usize>()
            + plan.programmes.len();
        index.entries.reserve(items);
        index.by_id.reserve(items);
        let overview = index.push(&plan.overview.id, ItemPath::Overview, None, 0);
        for (g, target) in plan.overview.targets.iter().enumerate() {
            index.push(&target.id, ItemPath::OverviewTarget(g), Some(overview), 1);
        }
        for (p, programme) in plan.programmes.iter().enumerate() {
            let pe = index.push(&programme.id, ItemPath::Programme(p), None, 0);
            for (t, task) in programme.tasks.iter().enumerate() {
                let te = index.push(&task.id, ItemPath::Task(p, t), Some(pe), 1);
                for (g, target) in task.targets.iter().enumerate() {
                    index.push(&target.id, ItemPath::TaskTarget(p, t, g), Some(te), 2);
                }
                for (s, item) in task.items.iter().enumerate() {
                    let se = index.push(&item.id, ItemPath::SubItem(p, t, s), Some(te), 2);
                    for (g, target) in item.targets.iter().enumerate() {
                        let path = ItemPath::SubItemTarget(p, t, s, g);
                        index.push(&target.id, path, Some(se), 3);
                    }
                }
            }
        }
        for (s, measure) in plan.safeguards.iter().enumerate() {
            let se = index.push(&measure.id, ItemPath::Safeguard(s), None, 0);
            for (g, target) in measure.targets.iter().enumerate() {
                index.push(&target.id, ItemPath::SafeguardTarget(s, g), Some(se), 1);
            }
        }
        if let Some(table) = &plan.district_table {
            let te = index.push(&table.id, ItemPath::DistrictTable, None, 0);
            for (r, row) in table.rows.iter().enumerate() {
                let re = index.push(&row.id, ItemPath::DistrictRow(r), Some(te), 1);
                for (c, column) in table.columns.iter().enumerate().take(row.cells.len()) {
                    let id = district_cell_id(&row.id, &column.id);
                    index.push(&id, ItemPath::DistrictCell(r, c), Some(re), 2);
                }
            }
        }
        if let Some(table) = &plan.department_table {
            let te = index.push(&table.id, ItemPath::DepartmentTable, None, 0);
            for (r, row) in table.rows.iter().enumerate() {
                index.push(&row.id, ItemPath::DepartmentRow(r), Some(te), 1);
            }
        }
        index
    }

    fn push(&mut self, id: &str, path: ItemPath, parent: Option<usize>, depth: u8) -> usize {
        let position = self.entries.len();
        self.entries.push(Entry {
            id: id.to_owned(),
            path,
            parent,
            depth,
        });
        if self.by_id.insert(id.to_owned(), position).is_some() {
            self.duplicates.push(id.to_owned());
            // Keep the first occurrence reachable, as a reader of the document would.
            let first = self
                .entries
                .iter()
                .position(|e| e.id == id)
                .unwrap_or(position);
            self.by_id.insert(id.to_owned(), first);
        }
        position
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.position(id).map(|i| &self.entries[i])
    }

    /// Direct children of an entry, in document order.
    pub fn children(&self, position: usize) -> impl Iterator<Item = (usize, &Entry)> {
        self.entries
            .iter()
            .enumerate()
            .skip(position + 1)
            .take_while(move |(_, e)| e.depth > self.entries[position].depth)
            .filter(move |(_, e)| e.parent == Some(position))
    }

    /// Every id in the index, in document order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::annotation::{
        Change, Key, Orphan, Stamp, actual_unit, orphan, responsible_units, takes_actuals,
    };

    fn plan() -> Plan {
        crate::store::load_embedded().unwrap().plan
    }

    #[test]
    fn every_figure_of_a_district_row_is_an_item_under_it() {
        let plan = plan();
        let index = PlanIndex::build(&plan);
        let table = plan.district_table.as_ref().unwrap();
        let row = index.position("a1.liunan").unwrap();
        let cells: Vec<&str> = index.children(row).map(|(_, e)| e.id.as_str()).collect();
        let expected: Vec<String> = table
            .columns
            .iter()
            .map(|c| district_cell_id("a1.liunan", &c.id))
            .collect();
        assert_eq!(cells, expected);
        let cell = index.position("a1.liunan.hitech_firms").unwrap();
        match index.entries[cell].path.resolve(&plan) {
            Some(Node::DistrictCell(row, column, Cell::Num(figure))) => {
                assert_eq!((row.label.as_str(), column.unit.as_str()), ("柳南区", "家"));
                assert_eq!(figure, "97");
            }
            other => panic!("{other:?}"),
        }
        // A figure takes actual values in its column's unit; "/" takes none.
        assert!(takes_actuals(&plan, &index, cell));
        assert_eq!(actual_unit(&plan, &index, cell), Some("家"));
        let slash = index.position("a1.liunan.tech_contracts").unwrap();
        assert!(!takes_actuals(&plan, &index, slash));
        // The row itself still takes none, and the district is the one unit of its cells.
        assert!(!takes_actuals(&plan, &index, row));
        assert_eq!(responsible_units(&plan, &index, cell), ["liunan"]);
        assert_eq!(
            orphan(&plan, &index, &Key::new("a1.liunan.hitech_firms", None)),
            None
        );
        assert_eq!(
            orphan(&plan, &index, &Key::new("a1.liunan.nonexistent", None)),
            Some(Orphan::UnknownItem)
        );
        assert!(matches!(
            orphan(
                &plan,
                &index,
                &Key::new("a1.liunan.rd_firms", Some("yufeng"))
            ),
            Some(Orphan::NotResponsible { .. })
        ));
    }

    #[test]
    fn a_row_with_fewer_figures_than_columns_indexes_what_it_has() {
        let mut plan = plan();
        let table = plan.district_table.as_mut().unwrap();
        table.rows[1].cells.truncate(3);
        let index = PlanIndex::build(&plan);
        let row = &plan.district_table.as_ref().unwrap().rows[1].id;
        let position = index.position(row).unwrap();
        assert_eq!(index.children(position).count(), 3);
        for entry in &index.entries {
            assert!(entry.path.resolve(&plan).is_some(), "{}", entry.id);
        }
    }

    #[test]
    fn a_cell_id_taken_by_another_item_is_a_duplicate() {
        let mut plan = plan();
        let table = plan.district_table.as_mut().unwrap();
        table.rows[2].id = "a1.yufeng.rd_firms".into();
        let index = PlanIndex::build(&plan);
        assert!(index.duplicates.contains(&"a1.yufeng.rd_firms".to_owned()));
    }

    #[test]
    fn an_actual_for_a_cell_counts_from_its_as_of_date() {
        // Typed in 2026, dated 2021-06-30: a review of 2021-06-30 counts it, one the day
        // before does not.
        let mut change = Change::new(&Key::new("a1.liunan.hitech_firms", None));
        change.actual = Some(crate::model::annotation::Actual {
            value: 90.0,
            as_of: jiff::civil::date(2021, 6, 30),
        });
        let at = Stamp::parse("2026-11-30T10:00:00+08:00").unwrap();
        let record = change.into_record("r1".into(), at, "w".into());
        let seen = |day| {
            crate::model::as_of::as_of_log(std::slice::from_ref(&record), day)
                .annotation("a1.liunan.hitech_firms", None)
                .and_then(|a| a.latest_actual())
                .map(|p| p.value)
        };
        assert_eq!(seen(jiff::civil::date(2021, 6, 30)), Some(90.0));
        assert_eq!(seen(jiff::civil::date(2021, 6, 29)), None);
    }
}
