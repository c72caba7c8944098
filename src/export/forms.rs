//! `planmeet forms`: one report form (报送表) per responsible unit, as an `.xlsx` workbook
//! the unit fills in Excel or WPS, and `planmeet collect` reads back.
//!
//! The form sheet lists the unit's items in document order: the plan's columns (numbering,
//! title, role, units, target, this year's milestone, latest actual, status and light) are
//! locked by sheet protection (no password); the answer columns (状态 from a drop-down,
//! 完成进度 %, 实际值 and 截至日期 for targets, 进展情况, 存在问题, 下一步计划) are open. Column A,
//! hidden, holds the item ids; a hidden sheet names the plan, the unit and the form's date,
//! and keeps a copy of every locked cell as written, so a reader can tell an edited locked
//! cell from the form as issued.
//!
//! Nothing here touches a file: [`workbook`] returns the bytes.

use jiff::civil::Date;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::ledger::{self, Row};
use crate::i18n::Strings;
use crate::model::annotation::{AnnotationLog, Status};
use crate::model::numbering::document_number;
use crate::model::query::{Role, figure_with_unit};
use crate::model::validate::format_figure;
use crate::model::{Owner, Plan, PlanIndex};
use crate::text::sanitize::for_cell;

/// The version of the form's layout, in its hidden sheet; a reader refuses another.
pub const FORM_VERSION: u32 = 1;

/// The hidden sheet's name.
pub const META_SHEET: &str = "planmeet";

/// The columns of the form sheet, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Hidden: the item id.
    Id,
    Number,
    Item,
    Role,
    Lead,
    Others,
    Target,
    Milestone,
    Actual,
    Current,
    Light,
    /// Answers from here on.
    Status,
    Progress,
    NewActual,
    AsOf,
    ProgressText,
    Problems,
    NextSteps,
}

impl Column {
    pub const ALL: [Column; 18] = [
        Column::Id,
        Column::Number,
        Column::Item,
        Column::Role,
        Column::Lead,
        Column::Others,
        Column::Target,
        Column::Milestone,
        Column::Actual,
        Column::Current,
        Column::Light,
        Column::Status,
        Column::Progress,
        Column::NewActual,
        Column::AsOf,
        Column::ProgressText,
        Column::Problems,
        Column::NextSteps,
    ];

    /// The column's index (A is 0).
    pub fn index(self) -> u16 {
        Column::ALL.iter().position(|c| *c == self).unwrap_or(0) as u16
    }

    /// An answer column: open for the unit to fill in.
    pub fn is_answer(self) -> bool {
        self.index() >= Column::Status.index()
    }

    /// The i18n key of its heading.
    fn heading(self) -> &'static str {
        match self {
            Column::Id => "form.col_id",
            Column::Number => "form.col_number",
            Column::Item => "form.col_item",
            Column::Role => "form.col_role",
            Column::Lead => "form.col_lead",
            Column::Others => "form.col_others",
            Column::Target => "form.col_target",
            Column::Milestone => "form.col_milestone",
            Column::Actual => "form.col_actual",
            Column::Current => "form.col_current",
            Column::Light => "form.col_light",
            Column::Status => "form.col_status",
            Column::Progress => "form.col_progress",
            Column::NewActual => "form.col_new_actual",
            Column::AsOf => "form.col_as_of",
            Column::ProgressText => "label.progress_text",
            Column::Problems => "label.problems",
            Column::NextSteps => "label.next_steps",
        }
    }

    /// Width in characters: the form prints on A4 landscape, one page wide.
    fn width(self) -> f64 {
        match self {
            Column::Id => 10.0,
            Column::Number => 8.0,
            Column::Item => 30.0,
            Column::Role => 5.0,
            Column::Lead => 11.0,
            Column::Others => 16.0,
            Column::Target => 14.0,
            Column::Milestone => 10.0,
            Column::Actual => 12.0,
            Column::Current => 11.0,
            Column::Light => 5.0,
            Column::Status => 10.0,
            Column::Progress => 7.0,
            Column::NewActual => 10.0,
            Column::AsOf => 11.0,
            Column::ProgressText | Column::Problems | Column::NextSteps => 24.0,
        }
    }
}

/// The first row of items (0-based): a title row and the headings come first.
pub const FIRST_ROW: u32 = 2;

/// `B7` for row 6, column 1 (both 0-based).
pub fn cell_name(row: u32, column: u16) -> String {
    let mut letters = String::new();
    let mut n = u32::from(column) + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// The hidden sheet's keys, one a row in column A with the value in column B.
pub mod meta {
    pub const FORMAT: &str = "format";
    pub const PLAN: &str = "plan";
    pub const PLAN_TITLE: &str = "plan_title";
    pub const UNIT: &str = "unit";
    pub const UNIT_NAME: &str = "unit_name";
    pub const DATE: &str = "date";
    pub const ROWS: &str = "rows";
    /// The row (0-based) of the hidden sheet where the copy of the locked cells starts: one
    /// row per item, the id then each locked column's text.
    pub const COPY_STARTS: u32 = 10;
}

/// A file name for the unit's form: its name, without what a file name cannot hold.
pub fn file_name(unit: &Owner) -> String {
    let name: String = unit
        .name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let name = name.trim().trim_start_matches('.');
    let name = if name.is_empty() {
        unit.id.as_str()
    } else {
        name
    };
    format!("{name}.xlsx")
}

/// What the form shows in its locked columns for a row, as written (the hidden sheet keeps
/// a copy of these).
pub fn locked_cells(plan: &Plan, index: &PlanIndex, row: &Row, strings: &Strings) -> Vec<String> {
    let number = index
        .get(&row.id)
        .and_then(|e| document_number(plan, e.path))
        .unwrap_or_default();
    let role = match row.role {
        Some(Role::Lead) => strings.get("label.lead"),
        Some(Role::Shares) => strings.get("label.shares"),
        None => "",
    };
    let actual = row.actual.map_or_else(String::new, |(value, as_of)| {
        strings.format(
            "ledger.actual_on",
            &[
                ("value", &figure_with_unit(&format_figure(value), &row.unit)),
                ("date", &as_of),
            ],
        )
    });
    let current = match (row.status, row.progress) {
        (Some(s), Some(p)) => format!("{} · {p}%", strings.get(s.key())),
        (Some(s), None) => strings.get(s.key()).to_owned(),
        (None, Some(p)) => format!("{p}%"),
        (None, None) => String::new(),
    };
    let light = row.light.map_or_else(String::new, |l| {
        strings
            .get(&format!("light.{}_short", l.cli_name()))
            .to_owned()
    });
    [
        number,
        row.title.clone(),
        role.to_owned(),
        row.lead.clone(),
        row.others.join("、"),
        row.target.clone(),
        row.milestone.clone(),
        actual,
        current,
        light,
    ]
    .into_iter()
    .map(|t| for_cell(&t))
    .collect()
}

/// The locked columns after the id, in order (what [`locked_cells`] returns): every column
/// from the number up to the answers.
pub const LOCKED: &[Column] = Column::ALL
    .split_at(Column::Status as usize)
    .0
    .split_at(1)
    .1;

/// Whether a row takes an actual value (a target or an 附件2 row): only then are its 实际值
/// and 截至日期 cells open.
pub fn takes_actuals(plan: &Plan, index: &PlanIndex, id: &str) -> bool {
    index
        .position(id)
        .is_some_and(|p| crate::model::annotation::takes_actuals(plan, index, p))
}

/// The report form of `unit`, dated `date`, from the annotations in `log` (already cut at
/// the date when the form is for a past day), as the bytes of an `.xlsx` file.
pub fn workbook(
    plan: &Plan,
    index: &PlanIndex,
    log: &AnnotationLog,
    unit: &Owner,
    date: Date,
    strings: &Strings,
) -> Result<Vec<u8>, String> {
    let rows = ledger::unit_rows(plan, index, log, &unit.id, date, strings);
    build(plan, index, unit, date, &rows, strings)
        .map_err(|e| format!("cannot write the form of {}: {e}", unit.name))
}

fn build(
    plan: &Plan,
    index: &PlanIndex,
    unit: &Owner,
    date: Date,
    rows: &[Row],
    strings: &Strings,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_text_wrap();
    let title = Format::new().set_bold().set_font_size(14);
    let heading = border(Format::new().set_bold().set_align(FormatAlign::Center))
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xD9D9D9));
    let answer_heading = heading.clone().set_background_color(Color::RGB(0xFFF2CC));
    let locked = border(Format::new()).set_align(FormatAlign::Top);
    let grey = locked.clone().set_background_color(Color::RGB(0xF2F2F2));
    let open = border(Format::new().set_unlocked()).set_align(FormatAlign::Top);
    let open_text = open.clone().set_num_format("@");
    let copies: Vec<Vec<String>> = rows
        .iter()
        .map(|row| locked_cells(plan, index, row, strings))
        .collect();
    {
        let sheet = book.add_worksheet();
        sheet.set_name(strings.get("form.sheet"))?;
        for column in Column::ALL {
            sheet.set_column_width(column.index(), column.width())?;
        }
        sheet.set_column_hidden(Column::Id.index())?;
        let heading_text = strings.format(
            "form.title",
            &[
                ("unit", &for_cell(&unit.name)),
                ("doc", &for_cell(&plan.meta.doc_number)),
                ("date", &date),
            ],
        );
        sheet.write_string_with_format(0, Column::Number.index(), heading_text, &title)?;
        sheet.set_row_height(0, 24)?;
        for column in Column::ALL {
            let format = if column.is_answer() {
                &answer_heading
            } else {
                &heading
            };
            sheet.write_string_with_format(
                1,
                column.index(),
                strings.get(column.heading()),
                format,
            )?;
        }
        let statuses: Vec<&str> = Status::ALL.iter().map(|s| strings.get(s.key())).collect();
        for (at, (row, copy)) in rows.iter().zip(&copies).enumerate() {
            let r = FIRST_ROW + at as u32;
            sheet.write_string_with_format(r, Column::Id.index(), &row.id, &locked)?;
            for (column, text) in LOCKED.iter().zip(copy) {
                sheet.write_string_with_format(r, column.index(), text, &locked)?;
            }
            let status = row.status.map_or("", |s| strings.get(s.key()));
            sheet.write_string_with_format(r, Column::Status.index(), status, &open)?;
            match row.progress {
                Some(p) => sheet.write_number_with_format(
                    r,
                    Column::Progress.index(),
                    f64::from(p),
                    &open,
                )?,
                None => sheet.write_blank(r, Column::Progress.index(), &open)?,
            };
            if takes_actuals(plan, index, &row.id) {
                sheet.write_blank(r, Column::NewActual.index(), &open_text)?;
                sheet.write_blank(r, Column::AsOf.index(), &open_text)?;
            } else {
                sheet.write_blank(r, Column::NewActual.index(), &grey)?;
                sheet.write_blank(r, Column::AsOf.index(), &grey)?;
            }
            for (column, text) in [Column::ProgressText, Column::Problems, Column::NextSteps]
                .into_iter()
                .zip(&row.reports)
            {
                let text = for_cell(text.as_deref().unwrap_or(""));
                sheet.write_string_with_format(r, column.index(), text, &open_text)?;
            }
        }
        if !rows.is_empty() {
            let last = FIRST_ROW + rows.len() as u32 - 1;
            let status_list = DataValidation::new()
                .allow_list_strings(&statuses)?
                .set_error_title(strings.get("form.col_status"))?
                .set_error_message(strings.get("form.status_error"))?;
            sheet.add_data_validation(
                FIRST_ROW,
                Column::Status.index(),
                last,
                Column::Status.index(),
                &status_list,
            )?;
            let percent = DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(0, 100))
                .set_error_style(DataValidationErrorStyle::Stop)
                .set_error_message(strings.get("form.progress_error"))?;
            sheet.add_data_validation(
                FIRST_ROW,
                Column::Progress.index(),
                last,
                Column::Progress.index(),
                &percent,
            )?;
        }
        sheet.set_freeze_panes(FIRST_ROW, Column::Role.index())?;
        page_setup(sheet)?;
        sheet.protect();
    }
    {
        let sheet = book.add_worksheet();
        sheet.set_name(META_SHEET)?;
        let pairs: [(&str, String); 7] = [
            (meta::FORMAT, FORM_VERSION.to_string()),
            (meta::PLAN, plan.meta.id.clone()),
            (meta::PLAN_TITLE, for_cell(&plan.meta.title)),
            (meta::UNIT, unit.id.clone()),
            (meta::UNIT_NAME, for_cell(&unit.name)),
            (meta::DATE, date.to_string()),
            (meta::ROWS, rows.len().to_string()),
        ];
        for (r, (key, value)) in pairs.iter().enumerate() {
            sheet.write_string(r as u32, 0, *key)?;
            sheet.write_string(r as u32, 1, value)?;
        }
        for (at, (row, copy)) in rows.iter().zip(&copies).enumerate() {
            let r = meta::COPY_STARTS + at as u32;
            sheet.write_string(r, 0, &row.id)?;
            for (c, text) in copy.iter().enumerate() {
                sheet.write_string(r, c as u16 + 1, text)?;
            }
        }
        sheet.set_hidden(true);
        sheet.protect();
    }
    book.save_to_buffer()
}

fn page_setup(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    // A4 is paper size 9; landscape, one page wide, as long as it takes; headings repeat.
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(1, 1)?;
    sheet.set_footer("&C&P / &N");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 1), "B7");
        assert_eq!(cell_name(2, 25), "Z3");
        assert_eq!(cell_name(2, 26), "AA3");
        assert_eq!(cell_name(9, 27), "AB10");
    }

    #[test]
    fn answer_columns_follow_the_plan_columns() {
        assert!(!Column::Light.is_answer());
        assert!(Column::Status.is_answer());
        assert_eq!(Column::Id.index(), 0);
        assert_eq!(Column::NextSteps.index(), 17);
        assert_eq!(LOCKED.len() + 1, Column::Status.index() as usize);
    }

    #[test]
    fn file_names_keep_the_unit_name_and_lose_what_a_path_cannot_hold() {
        let owner = |name: &str| Owner {
            id: "x".into(),
            name: name.into(),
            name_en: None,
            kind: crate::model::OwnerKind::Other,
            aliases: vec![],
        };
        assert_eq!(file_name(&owner("市科技局")), "市科技局.xlsx");
        assert_eq!(file_name(&owner("../a/b\u{1b}")), "_a_b_.xlsx");
        assert_eq!(file_name(&owner("  ")), "x.xlsx");
    }
}
