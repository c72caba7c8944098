//! Fidelity of `plans/liuzhou-2021-2023.ron` to its source document (柳办发〔2021〕18号).
//!
//! Every assertion pins a fact of the document, so a transcription that drops a sub-task,
//! misreads a figure, shifts a table cell or mis-assigns a lead unit fails here.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::collections::{HashMap, HashSet};

use planmeet::model::{
    Basis, Bound, Cell, DistrictRow, OwnerKind, Plan, Responsibility, Target, Task,
};

const PLAN: &str = include_str!("../plans/liuzhou-2021-2023.ron");

fn plan() -> Plan {
    ron::Options::default()
        .from_str::<Plan>(PLAN)
        .expect("plans/liuzhou-2021-2023.ron parses as a Plan")
}

fn task<'a>(plan: &'a Plan, id: &str) -> &'a Task {
    plan.programmes
        .iter()
        .flat_map(|p| &p.tasks)
        .chain(&plan.safeguards)
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no task or safeguard {id}"))
}

fn all_targets(plan: &Plan) -> Vec<&Target> {
    let mut out: Vec<&Target> = plan.overview.targets.iter().collect();
    for t in plan
        .programmes
        .iter()
        .flat_map(|p| &p.tasks)
        .chain(&plan.safeguards)
    {
        out.extend(&t.targets);
        for item in &t.items {
            out.extend(&item.targets);
        }
    }
    out
}

fn target<'a>(plan: &'a Plan, id: &str) -> &'a Target {
    all_targets(plan)
        .into_iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no target {id}"))
}

fn lead<'a>(plan: &'a Plan, id: &str) -> &'a str {
    let resp = plan
        .programmes
        .iter()
        .flat_map(|p| &p.tasks)
        .flat_map(|t| t.items.iter().map(|i| (i.id.as_str(), Some(&i.owners))))
        .chain(
            plan.programmes
                .iter()
                .flat_map(|p| &p.tasks)
                .chain(&plan.safeguards)
                .map(|t| (t.id.as_str(), t.owners.as_ref())),
        )
        .find(|(item, _)| *item == id)
        .unwrap_or_else(|| panic!("no item {id}"))
        .1
        .unwrap_or_else(|| panic!("{id} has no owners"));
    &resp.lead
}

fn district_row<'a>(plan: &'a Plan, label: &str) -> &'a DistrictRow {
    let table = plan.district_table.as_ref().expect("附件1");
    table
        .rows
        .iter()
        .find(|r| r.label == label)
        .unwrap_or_else(|| panic!("no 附件1 row {label}"))
}

fn district_cell<'a>(plan: &'a Plan, label: &str, column: &str) -> &'a Cell {
    let table = plan.district_table.as_ref().expect("附件1");
    let col = table
        .columns
        .iter()
        .position(|c| c.id == column)
        .unwrap_or_else(|| panic!("no 附件1 column {column}"));
    &district_row(plan, label).cells[col]
}

/// A space next to a digit: an artefact of the PDF extraction ("到 2023年").
fn has_digit_space(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .any(|w| (w[0] == ' ' && w[1].is_ascii_digit()) || (w[0].is_ascii_digit() && w[1] == ' '))
}

#[test]
fn meta_matches_the_document() {
    let plan = plan();
    assert_eq!(plan.format_version, 1);
    assert_eq!(plan.meta.id, "liuzhou-2021-2023");
    assert_eq!(
        plan.meta.title,
        "柳州市关于落实《科技强桂三年行动方案（2021—2023年）》的实施方案"
    );
    assert_eq!(plan.meta.doc_number, "柳办发〔2021〕18号");
    assert_eq!(
        plan.meta.issuers,
        ["中共柳州市委办公室", "柳州市人民政府办公室"]
    );
    assert_eq!(plan.meta.issue_date, "2021-11-02");
    assert_eq!((plan.meta.period.start, plan.meta.period.end), (2021, 2023));
    assert!(plan.meta.preamble.starts_with("根据《自治区党委办公厅"));
    assert!(plan.meta.preamble.ends_with("制定本实施方案。"));
}

#[test]
fn programmes_and_tasks_follow_the_document() {
    let plan = plan();
    let titles: Vec<&str> = plan.programmes.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "科技创新能力提升工程",
            "产业链创新链融合工程",
            "企业科技创新工程",
            "科技强农工程",
            "科技惠民工程",
            "创新功能区提升工程",
        ]
    );
    let counts: Vec<usize> = plan.programmes.iter().map(|p| p.tasks.len()).collect();
    assert_eq!(counts, [4, 3, 5, 5, 4, 4]);
    for (p, programme) in plan.programmes.iter().enumerate() {
        assert_eq!(programme.id, format!("p{}", p + 1));
        assert_eq!(usize::from(programme.number), p + 1);
        for (t, task) in programme.tasks.iter().enumerate() {
            assert_eq!(task.id, format!("p{}.t{}", p + 1, t + 1));
            assert_eq!(usize::from(task.number), t + 1);
            assert!(
                !task.title.ends_with('。'),
                "{}: title keeps its 。",
                task.id
            );
            assert!(
                !task.body.contains("责任单位"),
                "{}: body includes the unit list",
                task.id
            );
            assert!(
                !has_digit_space(&task.body),
                "{}: extraction space",
                task.id
            );
        }
    }
    assert_eq!(task(&plan, "p1.t1").title, "建设高水平创新平台");
    assert_eq!(
        task(&plan, "p3.t5").title,
        "鼓励企业与高校科研院所开展协同创新"
    );
    assert!(
        task(&plan, "p2.t2")
            .body
            .ends_with("加快推进柳州市车联网先导区建设。")
    );

    // 加快高新区高质量发展: a bare heading over three titled paragraphs with their own units.
    let p6t1 = task(&plan, "p6.t1");
    assert_eq!(p6t1.title, "加快高新区高质量发展");
    assert!(p6t1.body.is_empty());
    assert!(p6t1.owners.is_none());
    let items: Vec<(&str, &str)> = p6t1
        .items
        .iter()
        .map(|i| (i.id.as_str(), i.title.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            ("p6.t1.s1", "推动高新区提档升级"),
            ("p6.t1.s2", "加速高新区产业集聚发展"),
            ("p6.t1.s3", "拓展千亿级产业园区"),
        ]
    );
}

#[test]
fn safeguards_follow_the_document() {
    let plan = plan();
    let titles: Vec<&str> = plan.safeguards.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "加强组织领导",
            "优化工作机制",
            "深化科技体制改革",
            "促进科技成果转化",
            "加大科技投入",
            "加强监督评价",
        ]
    );
    let s5 = target(&plan, "s5.g1");
    assert_eq!(s5.bound, Bound::AtLeast(7.0));
    assert_eq!(s5.unit, "%");
    assert_eq!(s5.basis, Basis::AnnualGrowth);
}

#[test]
fn overview_targets_keep_the_document_figures() {
    let plan = plan();
    let ids: Vec<&str> = plan
        .overview
        .targets
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let expected: Vec<String> = (1..=13).map(|g| format!("o.g{g}")).collect();
    assert_eq!(ids, expected);

    let g1 = target(&plan, "o.g1");
    assert_eq!(g1.bound, Bound::Qualitative("不低于全国平均水平".into()));
    let g1_years: Vec<(u16, &Bound)> = g1.milestones.iter().map(|m| (m.year, &m.bound)).collect();
    assert_eq!(
        g1_years,
        [
            (2021, &Bound::Exactly(1.9)),
            (2022, &Bound::Exactly(2.2)),
            (2023, &Bound::Qualitative("不低于全国平均水平".into())),
        ]
    );

    let g3 = target(&plan, "o.g3");
    assert_eq!(
        (&g3.bound, g3.unit.as_str()),
        (&Bound::AtLeast(750.0), "家")
    );
    assert_eq!(g3.basis, Basis::Level);

    let g5 = target(&plan, "o.g5");
    assert_eq!(
        (&g5.bound, g5.unit.as_str()),
        (&Bound::MoreThan(100.0), "亿元")
    );
    assert_eq!(g5.basis, Basis::Cumulative);

    let g8 = target(&plan, "o.g8");
    assert_eq!(
        (&g8.bound, g8.unit.as_str()),
        (&Bound::MoreThan(1500.0), "亿元")
    );

    let g11 = target(&plan, "o.g11");
    assert_eq!(
        (&g11.bound, g11.unit.as_str()),
        (&Bound::AtLeast(5.0), "个百分点")
    );
    assert_eq!(g11.basis, Basis::Increase);
    assert!(
        g11.milestones.is_empty(),
        "附件2 gives levels, not increases"
    );

    let g13 = target(&plan, "o.g13");
    assert_eq!(g13.milestones.len(), 3);
    assert!(
        g13.milestones
            .iter()
            .all(|m| m.bound == Bound::AtLeast(90.0))
    );

    for t in all_targets(&plan) {
        assert_eq!(t.deadline, 2023, "{}", t.id);
        assert!(
            !has_digit_space(&t.source),
            "{}: extraction space in source",
            t.id
        );
    }
}

#[test]
fn task_targets_keep_the_document_figures() {
    let plan = plan();
    let key = target(&plan, "p2.t1.g1");
    assert_eq!(
        (&key.bound, key.unit.as_str()),
        (&Bound::Exactly(100.0), "项")
    );
    let parts: Vec<(&str, &Bound)> = key
        .components
        .iter()
        .map(|c| (c.measure.as_str(), &c.bound))
        .collect();
    assert_eq!(
        parts,
        [
            ("自治区级关键技术", &Bound::Exactly(20.0)),
            ("市级关键技术", &Bound::Exactly(80.0)),
        ]
    );

    let banks = target(&plan, "p2.t3.g1");
    assert_eq!(
        (&banks.bound, banks.unit.as_str()),
        (&Bound::Range(3.0, 5.0), "个")
    );
    assert_eq!(target(&plan, "p2.t3.g2").bound, Bound::MoreThan(2000.0));

    let talents = target(&plan, "p1.t2.g1");
    assert_eq!(
        (&talents.bound, talents.unit.as_str()),
        (&Bound::AtLeast(15.0), "人")
    );

    let rd = target(&plan, "p3.t4.g1");
    assert_eq!(rd.bound, Bound::AtLeast(100.0));
    assert_eq!(rd.components.len(), 1);
    assert_eq!(rd.components[0].bound, Bound::AtLeast(40.0));

    let envoys = target(&plan, "p4.t5.g1");
    assert_eq!(
        (&envoys.bound, envoys.unit.as_str()),
        (&Bound::Exactly(600.0), "人次")
    );
    assert_eq!(envoys.basis, Basis::Cumulative);

    let spaces = target(&plan, "p6.t4.g2");
    assert_eq!(
        (&spaces.bound, spaces.unit.as_str()),
        (&Bound::AtLeast(25.0), "家")
    );

    // Which sub-tasks carry targets, and how many.
    let mut with_targets: Vec<(&str, usize)> = plan
        .programmes
        .iter()
        .flat_map(|p| &p.tasks)
        .filter(|t| !t.targets.is_empty())
        .map(|t| (t.id.as_str(), t.targets.len()))
        .collect();
    with_targets.sort();
    assert_eq!(
        with_targets,
        [
            ("p1.t1", 2),
            ("p1.t2", 2),
            ("p1.t3", 2),
            ("p1.t4", 2),
            ("p2.t1", 2),
            ("p2.t3", 4),
            ("p3.t2", 1),
            ("p3.t3", 2),
            ("p3.t4", 1),
            ("p4.t1", 1),
            ("p4.t4", 2),
            ("p4.t5", 1),
            ("p5.t2", 1),
            ("p5.t3", 2),
            ("p6.t2", 1),
            ("p6.t4", 2),
        ]
    );
}

#[test]
fn leads_and_groups_follow_the_document() {
    let plan = plan();
    assert_eq!(lead(&plan, "p1.t2"), "sw_zzb");
    assert_eq!(lead(&plan, "p5.t3"), "sw_zfw");
    assert_eq!(lead(&plan, "p6.t1.s1"), "xq_youguan");
    assert_eq!(lead(&plan, "p3.t1"), "kjj");
    assert_eq!(lead(&plan, "s6"), "kjlx");
    assert_eq!(lead(&plan, "p2.t2"), "gxj");
    assert_eq!(lead(&plan, "p5.t1"), "wjw");
    assert_eq!(lead(&plan, "p5.t4"), "dsjj");
    assert_eq!(lead(&plan, "s5"), "czj");

    let groups =
        |id: &str| -> Vec<Vec<String>> { task(&plan, id).owners.as_ref().unwrap().groups.clone() };
    // Three rank groups, 市委政法委 alone first.
    assert_eq!(
        groups("p5.t3"),
        [
            vec!["sw_zfw"],
            vec!["gaj", "kjj", "slj", "yjj", "scjgj", "qxj", "xfzd"],
            vec!["xq_youguan"],
        ]
    );
    // 市委组织部 after the bureaus, in a group of its own.
    assert_eq!(
        groups("p4.t5"),
        [
            vec!["kjj", "czj", "rsj", "nyncj"],
            vec!["sw_zzb"],
            vec!["xq_youguan"]
        ]
    );
    // The unit list spans a page break ("市\n 财政局").
    assert_eq!(
        groups("p3.t3"),
        [
            vec!["kjj", "fgw", "gxj", "czj", "gzw", "scjgj", "kx"],
            vec!["xq_youguan"]
        ]
    );
    // 市委组织部 inside the 、 group.
    assert_eq!(
        groups("p6.t4"),
        [
            vec![
                "kjj", "fgw", "czj", "gxj", "rsj", "zrzyj", "swj", "sw_zzb", "shuiwuj"
            ],
            vec!["xq_youguan"],
        ]
    );
    assert_eq!(groups("s3"), [vec!["kjlx"]]);
    assert_eq!(groups("s1"), [vec!["kjlx"], vec!["xq_ge"]]);

    let s2 = &task(&plan, "p6.t1").items[1].owners;
    assert_eq!(
        s2.groups,
        [
            vec!["xq_youguan"],
            vec![
                "kjj", "fgw", "gxj", "czj", "sthjj", "gzw", "scjgj", "shuiwuj"
            ],
        ]
    );

    // Everywhere in the text, the lead is the first-listed unit.
    for t in plan
        .programmes
        .iter()
        .flat_map(|p| &p.tasks)
        .chain(&plan.safeguards)
    {
        let resps: Vec<&Responsibility> = t
            .owners
            .iter()
            .chain(t.items.iter().map(|i| &i.owners))
            .collect();
        assert!(!resps.is_empty(), "{} has no units", t.id);
        for r in resps {
            assert_eq!(
                Some(&r.lead),
                r.groups.first().and_then(|g| g.first()),
                "{}",
                t.id
            );
        }
    }
}

#[test]
fn district_table_matches_attachment_1() {
    let plan = plan();
    let table = plan.district_table.as_ref().expect("附件1");
    assert_eq!(table.id, "a1");
    assert_eq!(table.title, "各县区、新区主要目标分解表（2021年）");
    assert_eq!(table.year, 2021);
    assert_eq!(table.label_header, "单位");
    assert_eq!(table.columns.len(), 10);
    let units: Vec<&str> = table.columns.iter().map(|c| c.unit.as_str()).collect();
    assert_eq!(
        units,
        [
            "家", "家", "亿元", "项", "亿元", "亿元", "亿元", "家", "万元", "%"
        ]
    );
    let grouped: Vec<bool> = table.columns.iter().map(|c| c.group.is_some()).collect();
    assert_eq!(
        grouped,
        [
            false, false, false, false, false, false, false, true, true, true
        ]
    );
    let additive: Vec<bool> = table.columns.iter().map(|c| c.additive).collect();
    assert_eq!(
        additive,
        [true, true, true, true, true, true, true, true, true, false]
    );

    let labels: Vec<&str> = table.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "柳州市",
            "鱼峰区",
            "柳南区",
            "柳北区",
            "柳东新区",
            "北部生态新区",
            "柳江区",
            "柳城县",
            "鹿寨县",
            "融安县",
            "融水县",
            "三江县",
            "城中区",
        ]
    );
    let city = &table.rows[0];
    assert!(city.total && city.owner.is_none());
    assert_eq!(table.rows.iter().filter(|r| r.total).count(), 1);
    for row in &table.rows {
        assert_eq!(row.cells.len(), 10, "{}", row.label);
    }
    for row in &table.rows[1..] {
        let owner = row.owner.as_deref().expect("district row has an owner");
        assert_eq!(row.id, format!("a1.{owner}"));
        let registered = plan.owners.iter().find(|o| o.id == owner).unwrap();
        assert_eq!(registered.name, row.label);
        assert!(matches!(
            registered.kind,
            OwnerKind::District | OwnerKind::NewArea
        ));
    }

    assert_eq!(
        district_cell(&plan, "柳东新区", "hitech_output"),
        &Cell::Num("1352.98".into())
    );
    assert_eq!(
        district_cell(&plan, "柳东新区", "hz_output"),
        &Cell::Num("1600".into())
    );
    assert_eq!(
        district_cell(&plan, "柳南区", "hz_output"),
        &Cell::NotApplicable
    );
    assert_eq!(
        district_cell(&plan, "柳南区", "hz_core_output"),
        &Cell::NotApplicable
    );
    assert_eq!(
        district_cell(&plan, "柳南区", "hitech_output"),
        &Cell::Num("425.75".into())
    );
    assert_eq!(
        district_cell(&plan, "柳城县", "hitech_output"),
        &Cell::Num("46.2".into())
    );
    assert_eq!(
        district_cell(&plan, "柳城县", "svc_revenue"),
        &Cell::Num("1000.00".into())
    );
    assert_eq!(
        district_cell(&plan, "城中区", "hitech_output"),
        &Cell::Num("0".into())
    );
    assert_eq!(
        district_cell(&plan, "柳州市", "svc_revenue"),
        &Cell::Num("244606.56".into())
    );
    assert_eq!(
        district_cell(&plan, "柳州市", "tech_contracts"),
        &Cell::Num("35".into())
    );
    assert_eq!(
        district_cell(&plan, "鱼峰区", "tech_contracts"),
        &Cell::NotApplicable
    );

    // Columns the document's own totals confirm: the district figures add up to 柳州市.
    for column in [
        "rd_firms",
        "converted_results",
        "svc_new_firms",
        "svc_revenue",
    ] {
        let col = table.columns.iter().position(|c| c.id == column).unwrap();
        let sum: f64 = table.rows[1..]
            .iter()
            .filter_map(|r| r.cells[col].value())
            .sum();
        let total = city.cells[col].value().unwrap();
        assert!((sum - total).abs() < 0.005, "{column}: {sum} vs {total}");
    }
}

#[test]
fn department_table_matches_attachment_2() {
    let plan = plan();
    let table = plan.department_table.as_ref().expect("附件2");
    assert_eq!(table.id, "a2");
    assert_eq!(
        table.title,
        "市委和市级国家机关各部委办局主要目标分解表（2021—2023年）"
    );
    assert_eq!(table.years, [2021, 2022, 2023]);
    assert_eq!(table.rows.len(), 5);
    for row in &table.rows {
        let years: Vec<u16> = row.milestones.iter().map(|m| m.year).collect();
        assert_eq!(years, [2021, 2022, 2023], "{}", row.id);
        assert!(
            !row.owners
                .groups
                .iter()
                .flatten()
                .any(|u| *u == row.owners.lead),
            "{}: lead repeated in groups",
            row.id
        );
    }
    let links: Vec<(&str, Option<&str>, &str)> = table
        .rows
        .iter()
        .map(|r| (r.id.as_str(), r.target.as_deref(), r.owners.lead.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            ("a2.r1", Some("o.g1"), "czj"),
            ("a2.r2", Some("o.g4"), "sw_zzb"),
            ("a2.r3", Some("o.g10"), "gxj"),
            ("a2.r4", Some("o.g11"), "gxj"),
            ("a2.r5", Some("o.g13"), "kjj"),
        ]
    );
    let r2 = &table.rows[1];
    assert_eq!(r2.unit, "人");
    let r2_values: Vec<&Bound> = r2.milestones.iter().map(|m| &m.bound).collect();
    assert_eq!(
        r2_values,
        [
            &Bound::Exactly(11.0),
            &Bound::Exactly(13.0),
            &Bound::Exactly(15.0)
        ]
    );
    assert_eq!(r2.owners.groups, [vec!["kjj", "jyj", "rsj", "zjj"]]);
    let r4_values: Vec<&Bound> = table.rows[3].milestones.iter().map(|m| &m.bound).collect();
    assert_eq!(
        r4_values,
        [
            &Bound::Exactly(18.0),
            &Bound::Exactly(20.0),
            &Bound::Exactly(22.0)
        ]
    );
    // Where the overview target has the same unit, its milestones are the table's.
    for row in &table.rows {
        let linked = target(&plan, row.target.as_deref().unwrap());
        if linked.unit == row.unit && row.id != "a2.r4" {
            assert_eq!(linked.milestones, row.milestones, "{}", row.id);
        }
    }
    assert_eq!(target(&plan, "o.g4").milestones, r2.milestones);
}

#[test]
fn every_owner_reference_resolves() {
    let plan = plan();
    let registry: HashSet<&str> = plan.owners.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(registry.len(), plan.owners.len(), "owner ids are unique");
    let names: HashSet<&str> = plan.owners.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names.len(),
        plan.owners.len(),
        "each unit is registered once"
    );
    assert_eq!(plan.owners.len(), 42);

    let mut refs: Vec<(String, String)> = Vec::new();
    let mut push = |item: &str, r: &Responsibility| {
        assert!(
            !r.groups.is_empty() && r.groups.iter().all(|g| !g.is_empty()),
            "{item}"
        );
        refs.push((item.to_owned(), r.lead.clone()));
        for unit in r.groups.iter().flatten() {
            refs.push((item.to_owned(), unit.clone()));
        }
    };
    for t in plan
        .programmes
        .iter()
        .flat_map(|p| &p.tasks)
        .chain(&plan.safeguards)
    {
        if let Some(r) = &t.owners {
            push(&t.id, r);
        }
        for item in &t.items {
            push(&item.id, &item.owners);
        }
    }
    for row in &plan.department_table.as_ref().unwrap().rows {
        push(&row.id, &row.owners);
    }
    for (item, unit) in &refs {
        assert!(
            registry.contains(unit.as_str()),
            "{item}: unknown owner {unit}"
        );
    }
    for row in &plan.district_table.as_ref().unwrap().rows {
        if let Some(owner) = &row.owner {
            assert!(
                registry.contains(owner.as_str()),
                "{}: unknown owner {owner}",
                row.id
            );
        }
    }
    // Every registered unit is used somewhere.
    let used: HashSet<&str> = refs
        .iter()
        .map(|(_, u)| u.as_str())
        .chain(
            plan.district_table
                .as_ref()
                .unwrap()
                .rows
                .iter()
                .filter_map(|r| r.owner.as_deref()),
        )
        .collect();
    for id in &registry {
        assert!(used.contains(id), "owner {id} is never referenced");
    }
}

#[test]
fn every_id_is_unique() {
    let plan = plan();
    let mut ids: Vec<&str> = vec![&plan.overview.id];
    ids.extend(plan.overview.targets.iter().map(|t| t.id.as_str()));
    for p in &plan.programmes {
        ids.push(&p.id);
        for t in &p.tasks {
            ids.push(&t.id);
            ids.extend(t.targets.iter().map(|g| g.id.as_str()));
            for item in &t.items {
                ids.push(&item.id);
                ids.extend(item.targets.iter().map(|g| g.id.as_str()));
            }
        }
    }
    for s in &plan.safeguards {
        ids.push(&s.id);
        ids.extend(s.targets.iter().map(|g| g.id.as_str()));
    }
    let a1 = plan.district_table.as_ref().unwrap();
    ids.push(&a1.id);
    ids.extend(a1.rows.iter().map(|r| r.id.as_str()));
    let a2 = plan.department_table.as_ref().unwrap();
    ids.push(&a2.id);
    ids.extend(a2.rows.iter().map(|r| r.id.as_str()));

    let mut seen: HashMap<&str, usize> = HashMap::new();
    for id in &ids {
        *seen.entry(*id).or_default() += 1;
    }
    let dups: Vec<&&str> = seen
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(id, _)| id)
        .collect();
    assert!(dups.is_empty(), "duplicate ids: {dups:?}");
    assert_eq!(ids.len(), 103);

    let column_ids: HashSet<&str> = a1.columns.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(column_ids.len(), a1.columns.len());
}
