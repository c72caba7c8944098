//! `planmeet forms` and `planmeet collect` as a coordinator uses them: forms written, filled
//! by another program (Python's openpyxl, which rewrites the whole file as Excel, WPS and
//! LibreOffice do), read back, previewed, recorded; and what is refused, with its cell.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::io::Read;
mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::cli::{Cli, stderr};

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::{Value, json};

const FORM_DAY: &str = "2026-11-30T09:00:00+08:00";

/// Commands under `LANG=zh_CN.UTF-8`, on the day the forms are written unless told.
fn cli() -> Cli {
    Cli::new().lang("zh_CN.UTF-8").now(FORM_DAY)
}

/// openpyxl, or `None` (and a message) where it is missing outside CI.
fn python() -> Option<()> {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 with openpyxl is needed (.ci/run installs it)"
        );
        eprintln!("skipped: python3 with openpyxl is not installed");
        return None;
    }
    Some(())
}

/// Saves `source` again through openpyxl with `edits` made.
fn fill(source: &Path, target: &Path, edits: &Value) {
    let list = target.with_extension("json");
    std::fs::write(&list, edits.to_string()).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fill_form.py");
    let out = Command::new("python3")
        .args([script, source.to_str().unwrap(), target.to_str().unwrap()])
        .arg(&list)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The form sheet's row (1-based, as a cell names it) of `id`.
fn row_of(form: &Path, id: &str) -> u32 {
    let mut book: Xlsx<_> = open_workbook(form).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    (0..range.height() as u32)
        .find(|&r| range.get_value((r, 0)) == Some(&Data::String(id.into())))
        .map(|r| r + 1)
        .unwrap_or_else(|| panic!("{id} is not on the form"))
}

fn part_of(xlsx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn a_form_lists_the_units_items_with_the_plan_locked_and_the_answers_open() {
    let env = cli();
    env.ok_at(
        FORM_DAY,
        &[
            "status",
            "set",
            "p1.t2",
            "--owner",
            "kjj",
            "--status",
            "on-track",
            "--problems",
            "资金未到位",
        ],
    );
    let out = env.path("forms");
    // The unit by its alias-free short name, as the CLI reads it.
    env.ok_at(
        FORM_DAY,
        &["forms", "--unit", "科技局", "-o", out.to_str().unwrap()],
    );
    let form = out.join("市科技局.xlsx");
    let mut book: Xlsx<_> = open_workbook(&form).unwrap();
    assert_eq!(book.sheet_names(), ["报送表", "planmeet"]);
    let meta = book.worksheet_range("planmeet").unwrap();
    let value = |r: u32| meta.get_value((r, 1)).unwrap().to_string();
    assert_eq!(value(1), "liuzhou-2021-2023");
    assert_eq!(value(3), "kjj");
    assert_eq!(value(5), "2026-11-30");
    let sheet = book.worksheet_range("报送表").unwrap();
    let row = row_of(&form, "p1.t2") - 1;
    let cell = |c: u32| sheet.get_value((row, c)).unwrap().to_string();
    assert_eq!(cell(1), "一.2");
    assert!(cell(2).contains("引育高层次创新人才"), "{}", cell(2));
    assert_eq!(cell(11), "正常推进");
    assert_eq!(cell(16), "资金未到位");
    // Every row is one of the unit's items, in document order.
    let ids: Vec<String> = (2..sheet.height() as u32)
        .map(|r| sheet.get_value((r, 0)).unwrap().to_string())
        .collect();
    assert!(
        ids.len() > 5 && ids.contains(&"p1.t1.g2".to_owned()),
        "{ids:?}"
    );
    // Sheet protection, the drop-down, the hidden id column and sheet, A4 landscape.
    let xml = part_of(&form, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("<sheetProtection"), "no protection");
    assert!(
        xml.contains(r#"type="list""#) && xml.contains("存在风险"),
        "no drop-down"
    );
    assert!(xml.contains(r#"type="whole""#), "no progress check");
    assert!(xml.contains(r#"hidden="1""#), "no hidden column");
    assert!(
        xml.contains(r#"paperSize="9""#) && xml.contains(r#"orientation="landscape""#),
        "not A4 landscape"
    );
    assert!(part_of(&form, "xl/workbook.xml").contains(r#"state="hidden""#));
    // Without --force an existing form is not replaced.
    let again = env.at(
        FORM_DAY,
        &["forms", "--unit", "kjj", "-o", out.to_str().unwrap()],
    );
    assert!(!again.status.success());
}

#[test]
fn a_filled_form_is_previewed_then_recorded_once_by_the_unit() {
    if python().is_none() {
        return;
    }
    let env = cli();
    env.ok_at(
        "2026-11-29T09:00:00+08:00",
        &[
            "status",
            "set",
            "p1.t2",
            "--owner",
            "kjj",
            "--status",
            "on-track",
            "--progress",
            "40",
        ],
    );
    let out = env.path("forms");
    env.ok_at(
        FORM_DAY,
        &["forms", "--unit", "kjj", "-o", out.to_str().unwrap()],
    );
    let form = out.join("市科技局.xlsx");
    let task = row_of(&form, "p1.t2");
    let target = row_of(&form, "p1.t1.g2");
    let filled = env.path("市科技局.xlsx");
    fill(
        &form,
        &filled,
        &json!([
            {"cell": format!("L{task}"), "value": "存在风险"},
            {"cell": format!("M{task}"), "value": "６０％"},
            {"cell": format!("P{task}"), "value": "已引进两名\n正在洽谈第三名"},
            {"cell": format!("Q{task}"), "value": "人才公寓未交付"},
            {"cell": format!("N{target}"), "value": "96个"},
            {"cell": format!("O{target}"), "value": "2026年10月31日"},
        ]),
    );
    let path = filled.to_str().unwrap();
    // First what it would record, nothing written.
    let preview = env.ok_at(FORM_DAY, &["collect", path]);
    assert!(
        preview.contains("市科技局.xlsx · 市科技局 · 2026-11-30"),
        "{preview}"
    );
    assert!(preview.contains("状态: 正常推进 → 存在风险"), "{preview}");
    assert!(preview.contains("进度: 40% → 60%"), "{preview}");
    assert!(
        preview.contains("实际值: — → 96 个 (2026-10-31)"),
        "{preview}"
    );
    assert!(env.json(&["status", "log", "--format", "json"]).len() == 1);
    // Then recorded, authored by the unit, tagged with the form.
    env.ok_at("2026-12-01T10:00:00+08:00", &["collect", path, "--yes"]);
    let shown = env.json(&["status", "show", "p1.t2", "--format", "json"]);
    let part = shown.iter().find(|a| a["owner"] == "kjj").unwrap();
    assert_eq!(part["status"], "at-risk");
    assert_eq!(part["progress"], 60);
    assert_eq!(part["progress_text"], "已引进两名\n正在洽谈第三名");
    assert_eq!(part["problems"], "人才公寓未交付");
    assert_eq!(part["next_steps"], Value::Null);
    assert_eq!(part["updated_by"], "市科技局（报送表）");
    let log = env.json(&["status", "log", "--format", "json"]);
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(
        log[1..]
            .iter()
            .all(|r| r["source"] == "市科技局.xlsx · 2026-11-30"),
        "{log:?}"
    );
    let target_state = env.json(&["status", "show", "p1.t1.g2", "--format", "json"]);
    assert_eq!(target_state[0]["actuals"][0]["value"], 96.0);
    // Collected again: nothing new.
    env.ok_at("2026-12-01T11:00:00+08:00", &["collect", path, "--yes"]);
    assert_eq!(env.json(&["status", "log", "--format", "json"]).len(), 3);

    // The coordinator changes the status after the form's date: the form's older answer
    // is flagged, not applied over it.
    env.ok_at(
        "2026-12-02T09:00:00+08:00",
        &[
            "status", "set", "p1.t2", "--owner", "kjj", "--status", "behind",
        ],
    );
    let stale = env.at("2026-12-02T10:00:00+08:00", &["collect", path, "--yes"]);
    assert_eq!(stale.status.code(), Some(2), "{}", stderr(&stale));
    let message = stderr(&stale);
    assert!(
        message.contains(&format!("市科技局.xlsx!L{task}")) && message.contains("2026-11-30"),
        "{message}"
    );
    let shown = env.json(&["status", "show", "p1.t2", "--format", "json"]);
    assert_eq!(
        shown.iter().find(|a| a["owner"] == "kjj").unwrap()["status"],
        "behind"
    );
}

#[test]
fn what_cannot_be_taken_is_said_with_its_cell_and_never_applied() {
    if python().is_none() {
        return;
    }
    let env = cli();
    let out = env.path("forms");
    env.ok_at(
        FORM_DAY,
        &["forms", "--unit", "kjj", "-o", out.to_str().unwrap()],
    );
    let form = out.join("市科技局.xlsx");
    let task = row_of(&form, "p1.t2");
    let other = row_of(&form, "p1.t1");
    let target = row_of(&form, "p1.t1.g2");
    let filled = env.path("市科技局.xlsx");
    fill(
        &form,
        &filled,
        &json!([
            {"cell": format!("C{task}"), "value": "改过的标题"},
            {"cell": format!("L{task}"), "value": "已完成"},
            {"cell": format!("A{other}"), "value": "p9.t9"},
            {"cell": format!("L{other}"), "value": "已完成"},
            {"cell": format!("L{target}"), "value": "差不多"},
        ]),
    );
    let result = env.at(FORM_DAY, &["collect", filled.to_str().unwrap(), "--yes"]);
    assert_eq!(result.status.code(), Some(2));
    let message = stderr(&result);
    assert!(
        message.contains(&format!("市科技局.xlsx!C{task}: 锁定的单元格被改动")),
        "{message}"
    );
    assert!(
        message.contains(&format!("市科技局.xlsx!A{other}: 方案中没有编号 p9.t9")),
        "{message}"
    );
    assert!(
        message.contains(&format!("市科技局.xlsx!L{target}")),
        "{message}"
    );
    assert!(
        !env.file.exists() || env.json(&["status", "log", "--format", "json"]).is_empty(),
        "something was recorded"
    );

    // A form of another plan is refused whole, naming the hidden sheet's cell.
    let foreign = env.path("foreign.xlsx");
    fill(
        &form,
        &foreign,
        &json!([
            {"sheet": "planmeet", "cell": "B2", "value": "another-plan"},
            {"cell": format!("L{task}"), "value": "已完成"},
        ]),
    );
    let result = env.at(FORM_DAY, &["collect", foreign.to_str().unwrap(), "--yes"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        stderr(&result).contains("foreign.xlsx!planmeet!B2"),
        "{}",
        stderr(&result)
    );
    assert!(!env.file.exists() || env.json(&["status", "log", "--format", "json"]).is_empty());
}

#[test]
fn a_status_file_written_before_the_report_fields_still_loads() {
    let env = cli();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/before-report-fields.status.ron"
    );
    std::fs::copy(fixture, &env.file).unwrap();
    let shown = env.json(&["status", "show", "p1.t2", "--format", "json"]);
    let part = shown.iter().find(|a| a["owner"] == "kjj").unwrap();
    assert_eq!(part["status"], "at-risk");
    assert_eq!(part["note"], "人才公寓\n未交付");
    for key in ["progress_text", "problems", "next_steps"] {
        assert_eq!(part[key], Value::Null, "{key}");
    }
    // And the new fields are appended to it and read back beside the old lines.
    env.ok_at(
        FORM_DAY,
        &[
            "status",
            "set",
            "p1.t2",
            "--owner",
            "kjj",
            "--progress-text",
            "已引进两名",
            "--next",
            "月底交付",
        ],
    );
    let shown = env.json(&["status", "show", "p1.t2", "--format", "json"]);
    let part = shown.iter().find(|a| a["owner"] == "kjj").unwrap();
    assert_eq!(part["note"], "人才公寓\n未交付");
    assert_eq!(part["progress_text"], "已引进两名");
    assert_eq!(part["next_steps"], "月底交付");
    let text = std::fs::read_to_string(&env.file).unwrap();
    assert!(
        text.contains(r#"progress_text: "已引进两名", next_steps: "月底交付""#),
        "{text}"
    );
}

/// LibreOffice saves the filled form again (its own writer, as a unit using it would):
/// the answers are still read, and nothing else is taken for an edit.
#[test]
fn a_form_saved_again_by_libreoffice_is_collected() {
    if python().is_none() {
        return;
    }
    let has_soffice = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_soffice {
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let env = cli();
    let out = env.path("forms");
    env.ok_at(
        FORM_DAY,
        &["forms", "--unit", "kjj", "-o", out.to_str().unwrap()],
    );
    let form = out.join("市科技局.xlsx");
    let task = row_of(&form, "p1.t2");
    let filled = env.path("filled.xlsx");
    fill(
        &form,
        &filled,
        &json!([
            {"cell": format!("L{task}"), "value": "进度滞后"},
            {"cell": format!("M{task}"), "value": 35},
            {"cell": format!("R{task}"), "value": "下月完成签约"},
        ]),
    );
    let resaved = env.path("libreoffice");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        env.path("lo-profile").display()
    );
    let status = Command::new("soffice")
        .args(["--headless", "--norestore", &profile, "--convert-to"])
        .arg("xlsx:Calc MS Excel 2007 XML")
        .arg("--outdir")
        .arg(&resaved)
        .arg(&filled)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let again = resaved.join("filled.xlsx");
    assert!(part_of(&again, "xl/workbook.xml").contains(r#"state="hidden""#));
    let preview = env.ok_at(FORM_DAY, &["collect", again.to_str().unwrap(), "--yes"]);
    assert!(preview.contains("状态: — → 进度滞后"), "{preview}");
    assert!(preview.contains("进度: — → 35%"), "{preview}");
    assert!(
        preview.contains("下一步计划: — → “下月完成签约”"),
        "{preview}"
    );
    let shown = env.json(&["status", "show", "p1.t2", "--format", "json"]);
    let part = shown.iter().find(|a| a["owner"] == "kjj").unwrap();
    assert_eq!(part["status"], "behind");
    assert_eq!(part["next_steps"], "下月完成签约");
}
