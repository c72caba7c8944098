//! A 附件1 cell (`a1.liunan.hitech_firms`) is titled in the chosen language wherever it is
//! named: under `--lang en` by the plan's English names of its district and column in
//! `status show` (table and JSON), the ledger (md, html, csv, xlsx), the minutes and the
//! command line's messages; in Chinese as the document writes it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use common::cli::Cli;

use calamine::Reader;
use serde_json::Value;

const CELL: &str = "a1.liunan.hitech_firms";

/// Commands under `LANG=C` by `tester` on 30 June 2022.
fn cli() -> Cli {
    Cli::new().author("tester").now("2022-06-30T10:00:00+08:00")
}

/// An actual for Liunan's high-tech firms, recorded in a meeting, and a change of p1.t1.
fn annotated() -> Cli {
    let env = cli();
    env.said(&[
        "meeting",
        "new",
        "--title",
        "六月调度会",
        "--attendee",
        "liunan",
    ]);
    let (_, said) = env.said(&[
        "--lang",
        "en",
        "status",
        "set",
        CELL,
        "--actual",
        "50",
        "--as-of",
        "2022-06-30",
    ]);
    // The message names the cell in English too.
    assert!(said.contains("High-tech enterprises"), "{said}");
    assert!(!said.contains("高新技术企业数量"), "{said}");
    env.said(&["status", "set", "p1.t1", "--status", "at-risk"]);
    env
}

#[test]
fn status_show_titles_a_district_cell_in_the_chosen_language() {
    let env = annotated();
    let (en, _) = env.said(&["--lang", "en", "status", "show"]);
    let row = en.lines().find(|l| l.starts_with(CELL)).unwrap();
    assert!(row.contains("High-tech enterprises"), "{en}");
    assert!(!row.contains("高新技术企业数量"), "{en}");
    let (zh, _) = env.said(&["--lang", "zh", "status", "show"]);
    let row = zh.lines().find(|l| l.starts_with(CELL)).unwrap();
    assert!(row.contains("高新技术企业数量"), "{zh}");
    let (json, _) = env.said(&["--lang", "en", "status", "show", "--format", "json"]);
    let json: Vec<Value> = serde_json::from_str(&json).unwrap();
    let cell = json.iter().find(|a| a["item"] == CELL).unwrap();
    assert_eq!(cell["title"], "High-tech enterprises");
    // The district's row by its English name too.
    let (shown, _) = env.said(&["--lang", "en", "status", "show", "a1.liunan"]);
    assert!(!shown.contains("柳南区"), "{shown}");
}

#[test]
fn the_ledger_titles_a_district_cell_in_the_chosen_language() {
    let env = annotated();
    let en_title = "Liunan District · High-tech enterprises";
    for format in ["md", "html", "csv"] {
        let (en, _) = env.said(&["--lang", "en", "export", "ledger", "-f", format]);
        // The cell's row (one line in each format): html names it by its column under its
        // number; md and csv by district and column.
        let row = |text: &str| -> String {
            let at = text.find(CELL).expect("the cell's row");
            let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
            text[start..end].to_owned()
        };
        let en = row(&en);
        assert!(en.contains("High-tech enterprises"), "{format}:\n{en}");
        assert!(!en.contains("高新技术企业数量"), "{format}:\n{en}");
        assert_eq!(en.contains(en_title), format != "html", "{format}:\n{en}");
        let (zh, _) = env.said(&["--lang", "zh", "export", "ledger", "-f", format]);
        let zh = row(&zh);
        assert!(zh.contains("高新技术企业数量"), "{format}:\n{zh}");
        assert!(!zh.contains("High-tech enterprises"), "{format}:\n{zh}");
    }
    // The workbook names the cell by its column, in English.
    let out = env.dir.path().join("ledger.xlsx");
    let out_text = out.to_str().unwrap();
    env.said(&[
        "--lang", "en", "export", "ledger", "-f", "xlsx", "-o", out_text,
    ]);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let first = book.sheet_names()[0].clone();
    let sheet = book.worksheet_range(&first).unwrap();
    let row: Vec<String> = sheet
        .rows()
        .find(|r| {
            r.iter()
                .any(|c| matches!(c, calamine::Data::String(s) if s == CELL))
        })
        .expect("the cell's row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(row.contains(&"High-tech enterprises".to_owned()), "{row:?}");
    assert!(
        !row.iter().any(|c| c.contains("高新技术企业数量")),
        "{row:?}"
    );
}

#[test]
fn the_minutes_title_a_district_cell_in_the_chosen_language() {
    let env = annotated();
    let (en, _) = env.said(&["--lang", "en", "export", "minutes", "-f", "md"]);
    assert!(
        en.contains("Liunan District · High-tech enterprises"),
        "{en}"
    );
    let (zh, _) = env.said(&["--lang", "zh", "export", "minutes", "-f", "md"]);
    assert!(zh.contains("柳南区 高新技术企业数量"), "{zh}");
}
