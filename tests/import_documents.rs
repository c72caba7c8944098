//! `planmeet import` on documents of the same kind as the seed but of other shapes, written
//! for these tests: other numbering depths, no annexes, an annex with other columns, units
//! without groups, targets in other phrasings, a .docx built here, and files that are not
//! plans. The importer must read them by the genre's conventions, not by one document's.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use planmeet::import::source::Block;
use planmeet::import::{self, ImportError, ReviewKind, docx};
use planmeet::model::validate::{self, Severity};
use planmeet::model::{Basis, Bound, Cell, OwnerKind, Plan};
use planmeet::store::plan_file::parse_plan;

fn unit<'a>(plan: &'a Plan, id: &str) -> &'a str {
    plan.owners
        .iter()
        .find(|o| o.id == id)
        .map_or("?", |o| o.name.as_str())
}

/// Every validation error is about an item the draft marks for review.
fn validates_apart_from_reviews(imported: &import::Imported) {
    let draft = import::render(imported, "test");
    let back = parse_plan(&draft, "draft").unwrap_or_else(|e| panic!("{e}\n{draft}"));
    assert_eq!(back, imported.plan);
    let marked: Vec<&str> = imported.reviews.iter().map(|r| r.anchor.as_str()).collect();
    for finding in validate::validate(&back)
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
    {
        let item = finding.item.as_deref().unwrap_or("meta");
        assert!(marked.contains(&item), "unmarked error: {finding}\n{draft}");
    }
}

/// A county's three-year plan: each task area is its own 一、 section, sub-tasks are
/// （一）, the overview has no sub-headings, units come without groups, targets are
/// phrased differently, no annexes, and the extraction damage of a PDF.
const COUNTY: &str = "\
山河县数字经济发展三年行动计划
（2024—2026 年）

为加快数字经济发展，结合我县实际，制定本行动计划。

一、总体目标

到 2026 年，全县数字经济核心产业增加值年均增长 12%左右，数字经济核心产业增加值占 GDP

比重提高到 10%，规模以上工业企业关键工序数控化率不低于 60%，单位工业增加值能耗控制在 0.5

吨标准煤以内。

二、推进数字产业化

（一）培育电子信息产业。引进电子元器件企业，建设电子信息产业园。到 2026 年，新增规模以

上电子信息企业 3至5 家，产业园产值达到 20亿元。（责任单位：县工业和信息化局、县发展改革局）

（二）发展软件和信息服务业。支持软件企业做大做强。到 2025 年，软件业务收入突破 5 亿

元。（责任单位：县科技局）

— 3 —
三、推进产业数字化

（一）推动制造业数字化转型。实施企业上云行动，力争每年新增上云企业不少于 50 家，建设

数字化车间 8 个。（责任单位：县工业和信息化局牵头，县科技局、县财政局配合）

（二）发展智慧农业。建设农业物联网示范基地，农产品网络零售额增长 15%以上。（责任单位：

县农业农村局、山河镇人民政府）

（三）发展数字商贸。培育直播电商，网络零售额占社会消费品零售总额比重不超过 30%。

（责任单位：县商务局）

四、保障措施

1．加强组织领导。成立县数字经济发展领导小组。（责任单位：县数字经济发展领导小组）

2．强化资金保障。县财政每年安排专项资金不少于 1000 万元。（责任单位：县财政局）
";

#[test]
fn another_numbering_depth_without_annexes() {
    let imported = import::import_text(COUNTY).expect("imports");
    let plan = &imported.plan;
    assert_eq!(
        plan.meta.title,
        "山河县数字经济发展三年行动计划（2024—2026年）"
    );
    assert_eq!(plan.meta.period.start, 2024);
    assert_eq!(plan.meta.period.end, 2026);
    assert_eq!(plan.meta.id, "shanhe-2024-2026");
    assert_eq!(
        plan.meta.preamble,
        "为加快数字经济发展，结合我县实际，制定本行动计划。"
    );
    // Each task section is a programme; its （一） parts are the sub-tasks.
    let titles: Vec<&str> = plan.programmes.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["推进数字产业化", "推进产业数字化"]);
    let counts: Vec<usize> = plan.programmes.iter().map(|p| p.tasks.len()).collect();
    assert_eq!(counts, [2, 3]);
    let t = &plan.programmes[0].tasks[0];
    assert_eq!(t.title, "培育电子信息产业");
    assert_eq!(
        t.body,
        "引进电子元器件企业，建设电子信息产业园。到2026年，新增规模以上电子信息企业3至5家，产业园产值达到20亿元。"
    );
    // Units without groups: one group, the first leads.
    let owners = t.owners.as_ref().unwrap();
    assert_eq!(owners.groups.len(), 1);
    assert_eq!(unit(plan, &owners.lead), "县工业和信息化局");
    // 牵头 marks the lead; 配合 is dropped from the names.
    let digital = &plan.programmes[1].tasks[0];
    let owners = digital.owners.as_ref().unwrap();
    assert_eq!(unit(plan, &owners.lead), "县工业和信息化局");
    let names: Vec<&str> = owners
        .groups
        .iter()
        .flatten()
        .map(|u| unit(plan, u))
        .collect();
    assert_eq!(names, ["县工业和信息化局", "县科技局", "县财政局"]);
    // The owner parenthetical split over two paragraphs' worth of lines is still found.
    assert_eq!(
        plan.programmes[1].tasks[2]
            .owners
            .as_ref()
            .map(|o| unit(plan, &o.lead)),
        Some("县商务局")
    );
    // Safeguards numbered 1．
    let safeguards: Vec<&str> = plan.safeguards.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(safeguards, ["加强组织领导", "强化资金保障"]);
    let group = plan
        .owners
        .iter()
        .find(|o| o.name == "县数字经济发展领导小组")
        .unwrap();
    assert_eq!(group.kind, OwnerKind::Group);
    assert!(plan.district_table.is_none() && plan.department_table.is_none());
    validates_apart_from_reviews(&imported);
}

#[test]
fn targets_in_other_phrasings() {
    let imported = import::import_text(COUNTY).expect("imports");
    let plan = &imported.plan;
    let goals: Vec<(&Bound, &str, Basis)> = plan
        .overview
        .targets
        .iter()
        .map(|t| (&t.bound, t.unit.as_str(), t.basis))
        .collect();
    assert_eq!(
        goals,
        [
            (&Bound::Exactly(12.0), "%", Basis::AnnualGrowth),
            (&Bound::AtLeast(10.0), "%", Basis::Level),
            (&Bound::AtLeast(60.0), "%", Basis::Level),
            (&Bound::AtMost(0.5), "吨", Basis::Level),
        ]
    );
    assert!(plan.overview.targets.iter().all(|t| t.deadline == 2026));
    // 左右 is flagged: no bound says "about".
    assert!(
        imported
            .reviews
            .iter()
            .any(|r| r.anchor == "o.g1" && r.kind == ReviewKind::UnclassifiedBound)
    );
    let t = &plan.programmes[0].tasks[0].targets;
    assert_eq!(t[0].bound, Bound::Range(3.0, 5.0));
    assert_eq!(t[0].measure, "规模以上电子信息企业");
    assert_eq!(t[1].bound, Bound::AtLeast(20.0));
    assert_eq!(t[1].unit, "亿元");
    let software = &plan.programmes[0].tasks[1].targets[0];
    assert_eq!(
        (software.bound.clone(), software.deadline),
        (Bound::MoreThan(5.0), 2025)
    );
    let cloud = &plan.programmes[1].tasks[0].targets;
    assert_eq!(cloud[0].bound, Bound::AtLeast(50.0));
    assert_eq!(cloud[1].bound, Bound::Exactly(8.0));
    // No year stated: the period's end, marked.
    assert_eq!(cloud[0].deadline, 2026);
    assert!(
        imported
            .reviews
            .iter()
            .any(|r| r.anchor == cloud[0].id && r.kind == ReviewKind::NoDeadline)
    );
    let farm = &plan.programmes[1].tasks[1].targets[0];
    assert_eq!(
        (farm.bound.clone(), farm.basis),
        (Bound::AtLeast(15.0), Basis::Increase)
    );
    let trade = &plan.programmes[1].tasks[2].targets[0];
    assert_eq!(trade.bound, Bound::AtMost(30.0));
    assert_eq!(plan.safeguards[1].targets[0].bound, Bound::AtLeast(1000.0));
    assert_eq!(plan.safeguards[1].targets[0].unit, "万元");
}

/// The seed's shape (二、主要任务 with （一） programmes and 1． sub-tasks) with numbered
/// （1） sub-items, and an annex whose table has other columns and a total row at the end.
const CITY: &str = "\
江城市人民政府办公室

江政办发〔2023〕7 号

江城市人民政府办公室关于印发《江城市制造业

提质行动方案》的通知

各区人民政府，市直各部门：

现将《江城市制造业提质行动方案》印发给你们，请认真贯彻执行。

江城市人民政府办公室

2023 年 3 月 15 日

江城市制造业提质行动方案

为推动制造业高质量发展，制定本方案。

一、总体要求

（一）指导思想。坚持创新驱动。

（二）主要目标。到 2025 年，规模以上工业增加值年均增长 8%以上，高新技术企业达到 500 家。

二、重点任务

（一）“企业培育工程”相关任务

1．壮大龙头企业。支持龙头企业兼并重组。（责任单位：市工业和信息化局、市国资委）

2．培育专精特新企业。

（1）建立梯度培育库。入库企业动态管理。（责任单位：市工业和信息化局）

（2）加大金融支持。引导银行增加信贷投放。（责任单位：市金融工作局，人民银行江城市中心支行）

（二）“园区提升工程”相关任务

1．完善园区设施。到 2025 年，新建标准厂房 100 万平方米。（责任单位：各区人民政府）

三、保障措施

（一）加强统筹协调。建立工作专班。（责任单位：市工业和信息化局）

附件：各区主要目标分解表

附件

各区主要目标分解表（2023 年）

地 区

新增规上企业

（家）

工业投资增速

（%）

东城区 12 10.5
西城区 8 9
江北

新区 20 15
合计 40 11.2

— 9 —
";

#[test]
fn numbered_sub_items_and_an_annex_with_other_columns() {
    let imported = import::import_text(CITY).expect("imports");
    let plan = &imported.plan;
    assert_eq!(plan.meta.doc_number, "江政办发〔2023〕7号");
    assert_eq!(plan.meta.issue_date, "2023-03-15");
    assert_eq!(plan.meta.issuers, ["江城市人民政府办公室"]);
    assert_eq!(plan.meta.title, "江城市制造业提质行动方案");
    assert_eq!(plan.meta.id, "jiangcheng-2023-2025");
    assert_eq!(plan.overview.guiding_ideology, "坚持创新驱动。");
    assert_eq!(plan.overview.targets.len(), 2);
    let titles: Vec<&str> = plan.programmes.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["企业培育工程", "园区提升工程"]);
    let task = &plan.programmes[0].tasks[1];
    assert_eq!(task.title, "培育专精特新企业");
    assert!(task.owners.is_none());
    let items: Vec<&str> = task.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(items, ["建立梯度培育库", "加大金融支持"]);
    let finance = &task.items[1].owners;
    assert_eq!(unit(plan, &finance.lead), "市金融工作局");
    assert_eq!(finance.groups.len(), 2);
    let bank = plan
        .owners
        .iter()
        .find(|o| o.name == "人民银行江城市中心支行")
        .unwrap();
    assert_eq!(bank.kind, OwnerKind::Financial);
    let factories = &plan.programmes[1].tasks[0].targets[0];
    assert_eq!(
        (factories.bound.clone(), factories.unit.as_str()),
        (Bound::Exactly(100.0), "万平方米")
    );
    // The annex: two columns, a label split over lines, the total row last.
    let table = plan.district_table.as_ref().expect("the annex table");
    assert_eq!(table.title, "各区主要目标分解表（2023年）");
    assert_eq!(table.year, 2023);
    assert_eq!(table.label_header, "地区");
    let columns: Vec<(&str, &str, bool)> = table
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.unit.as_str(), c.additive))
        .collect();
    assert_eq!(
        columns,
        [("新增规上企业", "家", true), ("工业投资增速", "%", false)]
    );
    let labels: Vec<&str> = table.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["东城区", "西城区", "江北新区", "合计"]);
    assert!(table.rows[3].total);
    assert_eq!(
        table.rows[2].cells,
        [Cell::Num("20".into()), Cell::Num("15".into())]
    );
    let area = plan.owners.iter().find(|o| o.name == "江北新区").unwrap();
    assert_eq!(area.kind, OwnerKind::NewArea);
    validates_apart_from_reviews(&imported);
}

#[test]
fn a_docx_built_here() {
    let p = |s: &str| Block::Paragraph(s.to_owned());
    let row = |cells: &[&str]| {
        cells
            .iter()
            .map(|c| (*c).to_owned())
            .collect::<Vec<String>>()
    };
    let blocks = vec![
        p("湖州市关于加快科技创新的实施方案（2022—2024年）"),
        p("为加快科技创新，制定本方案。"),
        p("一、总体要求"),
        p("（一）指导思想。以创新为第一动力。"),
        p("（二）主要目标。到2024年，高新技术企业达到300家，研发投入强度不低于全省平均水平。"),
        p("二、主要任务"),
        p("（一）“平台建设工程”相关任务"),
        p("1．建设实验室。争创省级实验室1家以上。（责任单位：市科技局、市财政局，各区县人民政府）"),
        p("2．建设孵化器。到2024年，新建孵化器5家。（责任单位：市科技局）"),
        p("三、保障措施"),
        p("（一）强化考核。纳入年度考核。（责任单位：市考核办）"),
        p("附件1"),
        p("各区县目标分解表（2022年）"),
        Block::Table(vec![
            row(&["单位", "高新技术企业（家）", "科技服务业", "科技服务业"]),
            row(&["单位", "高新技术企业（家）", "机构数（家）", "收入（亿元）"]),
            row(&["全市", "120", "30", "8.5"]),
            row(&["吴兴区", "70", "/", "5"]),
            row(&["南浔区", "50", "30", "3.5"]),
        ]),
        p("附件2"),
        p("市级部门目标分解表（2022—2024年）"),
        Block::Table(vec![
            row(&["任务", "2022年", "2023年", "2024年", "牵头单位", "责任单位"]),
            row(&[
                "高新技术企业数量（家）",
                "200",
                "250",
                "300",
                "市科技局",
                "市财政局、市税务局",
            ]),
            row(&[
                "研发投入强度",
                "2.5%",
                "2.8%",
                "不低于全省平均水平",
                "市统计局",
                "市科技局",
            ]),
        ]),
    ];
    let bytes = docx::build_docx(&blocks);
    let imported = import::import_bytes(&bytes, &mut |_| {}).expect("the .docx imports");
    let plan = &imported.plan;
    assert_eq!(
        plan.meta.title,
        "湖州市关于加快科技创新的实施方案（2022—2024年）"
    );
    assert_eq!(plan.meta.period.start, 2022);
    assert_eq!(plan.programmes.len(), 1);
    assert_eq!(plan.programmes[0].title, "平台建设工程");
    assert_eq!(plan.programmes[0].tasks.len(), 2);
    let lab = &plan.programmes[0].tasks[0];
    assert_eq!(lab.targets[0].bound, Bound::AtLeast(1.0));
    assert_eq!(lab.owners.as_ref().unwrap().groups.len(), 2);
    assert_eq!(
        plan.overview.targets[1].bound,
        Bound::Qualitative("不低于全省平均水平".into())
    );
    // Merged header cells: 科技服务业 spans two columns.
    let table = plan.district_table.as_ref().expect("附件1");
    let columns: Vec<(Option<&str>, &str, &str)> = table
        .columns
        .iter()
        .map(|c| (c.group.as_deref(), c.name.as_str(), c.unit.as_str()))
        .collect();
    assert_eq!(
        columns,
        [
            (None, "高新技术企业", "家"),
            (Some("科技服务业"), "机构数", "家"),
            (Some("科技服务业"), "收入", "亿元")
        ]
    );
    assert!(table.rows[0].total);
    assert_eq!(table.rows[1].cells[1], Cell::NotApplicable);
    let annex2 = plan.department_table.as_ref().expect("附件2");
    assert_eq!(annex2.years, [2022, 2023, 2024]);
    let r1 = &annex2.rows[0];
    assert_eq!(
        (r1.task.as_str(), r1.unit.as_str()),
        ("高新技术企业数量", "家")
    );
    assert_eq!(unit(plan, &r1.owners.lead), "市科技局");
    assert_eq!(r1.owners.groups[0].len(), 2);
    assert_eq!(
        annex2.rows[1].milestones[2].bound,
        Bound::Qualitative("不低于全省平均水平".into())
    );
    assert_eq!(annex2.rows[1].milestones[0].bound, Bound::Exactly(2.5));
    // The rows are tied to the main goals they break down.
    assert_eq!(r1.target.as_deref(), Some("o.g1"));
    assert_eq!(plan.overview.targets[0].milestones.len(), 3);
    validates_apart_from_reviews(&imported);
}

#[test]
fn files_that_are_not_plans_are_refused_clearly() {
    let not_a_plan = import::import_text("会议纪要\n\n今天开会讨论了几件事情。\n");
    assert!(
        matches!(not_a_plan, Err(ImportError::NotAPlan(_))),
        "{not_a_plan:?}"
    );
    let pdf = import::import_bytes(b"%PDF-1.7 ...", &mut |_| {});
    assert!(
        matches!(&pdf, Err(ImportError::Format(m)) if m.contains("pdftotext")),
        "{pdf:?}"
    );
    let gbk = import::import_bytes(&[0xd2, 0xbb, 0xa1, 0xa2, 0xd7, 0xdc], &mut |_| {});
    assert!(
        matches!(&gbk, Err(ImportError::Format(m)) if m.contains("GBK")),
        "{gbk:?}"
    );
    let zip = import::import_bytes(b"PK\x03\x04garbage", &mut |_| {});
    assert!(matches!(zip, Err(ImportError::Docx(_))));
    let no_tasks = import::import_text("一、总体要求\n\n坚持创新。\n");
    assert!(
        matches!(no_tasks, Err(ImportError::NotAPlan(_))),
        "{no_tasks:?}"
    );
}
