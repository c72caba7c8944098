//! 附件1 figures from the command line: `status set` takes a district cell by id or by the
//! document's naming, with `--actual` and `--as-of`; `status show`, `--as-of` reviews, the
//! ledger and `show` print it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use common::cli::Cli;

/// Commands under `LANG=zh_CN.UTF-8` by `tester`.
fn cli() -> Cli {
    Cli::new().lang("zh_CN.UTF-8").author("tester")
}

/// `status show` of a district cell, read as a coordinator reads its figures.
trait Actuals {
    fn actuals(&self, cell: &str, as_of: Option<&str>) -> Vec<(f64, String)>;
}

impl Actuals for Cli {
    /// The actual values `status show` gives for the cell, as (value, as_of).
    fn actuals(&self, cell: &str, as_of: Option<&str>) -> Vec<(f64, String)> {
        let mut args = vec!["status", "show", "--format", "json"];
        if let Some(date) = as_of {
            args.extend(["--as-of", date]);
        }
        self.json(&args)
            .iter()
            .filter(|a| a["item"] == cell)
            .flat_map(|a| a["actuals"].as_array().cloned().unwrap_or_default())
            .map(|p| {
                (
                    p["value"].as_f64().unwrap(),
                    p["as_of"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }
}

#[test]
fn a_district_figure_takes_an_actual_by_id_or_by_the_documents_naming() {
    let env = cli();
    env.ok(&[
        "status",
        "set",
        "附件1 柳南区 高新技术企业数量",
        "--actual",
        "90家",
        "--as-of",
        "2021-06-30",
    ]);
    env.ok(&[
        "status",
        "set",
        "a1.liunan.rd_firms",
        "--actual",
        "70",
        "--as-of",
        "2021年12月31日",
    ]);
    assert_eq!(
        env.actuals("a1.liunan.hitech_firms", None),
        [(90.0, "2021-06-30".to_owned())]
    );
    assert_eq!(
        env.actuals("a1.liunan.rd_firms", None),
        [(70.0, "2021-12-31".to_owned())]
    );
    // A review as of a date counts an actual from its own date, not from when it was typed.
    assert!(
        env.actuals("a1.liunan.hitech_firms", Some("2021-06-29"))
            .is_empty()
    );
    assert_eq!(
        env.actuals("a1.liunan.hitech_firms", Some("2021-06-30"))
            .len(),
        1
    );
    assert!(
        env.actuals("a1.liunan.rd_firms", Some("2021-06-30"))
            .is_empty()
    );
    // The table view of `status show` names the cell by its id.
    let table = env.ok(&["status", "show"]);
    assert!(table.contains("a1.liunan.hitech_firms"), "{table}");
    assert!(table.contains("90 (2021-06-30)"), "{table}");
}

#[test]
fn a_slash_cell_and_an_unknown_column_are_refused_with_what_there_is() {
    let env = cli();
    let out = env.run(&[
        "status",
        "set",
        "a1.liunan.tech_contracts",
        "--actual",
        "3",
        "--as-of",
        "2021-06-30",
    ]);
    assert!(!out.status.success());
    assert!(env.actuals("a1.liunan.tech_contracts", None).is_empty());
    let out = env.run(&[
        "status",
        "set",
        "附件1 柳南区 高新",
        "--actual",
        "3",
        "--as-of",
        "2021-06-30",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("高新技术企业数量") && err.contains("高新区工业总产值"),
        "{err}"
    );
}

#[test]
fn the_ledger_and_show_print_district_figures() {
    let env = cli();
    let ledger = env.ok(&[
        "export",
        "ledger",
        "--format",
        "csv",
        "--as-of",
        "2021-12-31",
    ]);
    assert!(
        !ledger.contains("a1.liunan.hitech_firms"),
        "no actual, no row"
    );
    env.ok(&[
        "status",
        "set",
        "附件1.柳南区.2",
        "--actual",
        "101",
        "--as-of",
        "2021-06-30",
    ]);
    let ledger = env.ok(&[
        "export",
        "ledger",
        "--format",
        "csv",
        "--as-of",
        "2021-12-31",
    ]);
    let row = ledger
        .lines()
        .find(|l| l.contains("a1.liunan.hitech_firms"))
        .unwrap_or_else(|| panic!("{ledger}"));
    assert!(row.contains("柳南区 高新技术企业数量"), "{row}");
    assert!(row.contains("97 家") && row.contains("101"), "{row}");
    assert!(row.contains("2021-06-30"), "{row}");
    // The row comes right under its district's row.
    let rows: Vec<&str> = ledger.lines().collect();
    let at = rows
        .iter()
        .position(|l| l.contains("a1.liunan.hitech_firms"))
        .unwrap();
    assert!(rows[at - 1].contains("a1.liunan,"), "{}", rows[at - 1]);
    let md = env.ok(&[
        "export",
        "ledger",
        "--format",
        "md",
        "--as-of",
        "2021-12-31",
    ]);
    let row = md
        .lines()
        .find(|l| l.contains("a1.liunan.hitech_firms"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(row.contains("101") && row.contains("2021-06-30"), "{row}");
    let shown = env.ok(&["show", "附件1 柳南区"]);
    assert!(
        shown.contains("高新技术企业数量: 97 家  [a1.liunan.hitech_firms]"),
        "{shown}"
    );
    let shown = env.ok(&["show", "a1.liunan.hitech_firms"]);
    assert!(shown.contains("a1.liunan  柳南区 ›"), "{shown}");
    assert!(shown.contains("高新技术企业数量: 97 家"), "{shown}");
}
