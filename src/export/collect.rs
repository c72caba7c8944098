//! `planmeet collect`: a filled report form (see [`super::forms`]) read back, and the
//! changes its answers make to the status file worked out — before anything is recorded.
//!
//! The answers are read with [`crate::input`], as the command line and the browser read
//! them (`存在风险`, `４０％`, `2022年6月30日`, `1.5亿元`). What cannot be taken is a
//! [`Problem`] naming the file and the cell (`市科技局.xlsx!L7`): a form of another plan, a
//! row whose id is unknown, a locked cell edited, an answer that does not read. An answer
//! that says what the status file already says changes nothing, so collecting a form twice
//! records nothing new; an answer to a field changed after the form's date (other than by
//! this form) is flagged as stale and not applied.
//!
//! Pure: [`read`] takes the file's bytes, [`plan_changes`] the status log.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use jiff::civil::Date;

use super::forms::{Column, FIRST_ROW, FORM_VERSION, LOCKED, META_SHEET, cell_name, meta};
use crate::i18n::Strings;
use crate::input;
use crate::model::annotation::{
    Actual, Annotation, AnnotationLog, Change, Field, Key, Record, Status,
};
use crate::model::{Plan, PlanIndex};

/// Something in a form that is not taken, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// `市科技局.xlsx!L7`, or the file alone.
    pub place: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    /// `市科技局.xlsx!L7: message`, or the message alone when it names its place itself.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.place.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.place, self.message)
        }
    }
}

/// One row's answers, as read (not yet compared with the status file).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answer {
    pub id: String,
    /// The row (0-based) on the form sheet.
    pub row: u32,
    pub status: Option<Status>,
    pub progress: Option<u8>,
    pub actual: Option<Actual>,
    /// 进展情况, 存在问题, 下一步计划 as the cells hold them (trimmed; empty is "").
    pub texts: [String; 3],
}

/// A form read back.
#[derive(Debug, Clone, PartialEq)]
pub struct FilledForm {
    /// The file's name, as the tags and messages give it.
    pub file: String,
    pub unit: String,
    pub unit_name: String,
    pub date: Date,
    pub answers: Vec<Answer>,
}

impl FilledForm {
    /// What each change from this form is tagged with: `市科技局.xlsx · 2026-11-30`.
    pub fn source(&self) -> String {
        format!("{} · {}", self.file, self.date)
    }
}

fn text_of(data: Option<&Data>) -> Result<String, String> {
    Ok(match data {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) | Some(Data::DateTimeIso(s)) | Some(Data::DurationIso(s)) => {
            s.replace("\r\n", "\n").replace('\r', "\n")
        }
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Bool(b)) => b.to_string(),
        Some(Data::DateTime(d)) => {
            // A date Excel made of what was typed: days since 1899-12-30.
            let days = d.as_f64().floor() as i64;
            jiff::civil::date(1899, 12, 30)
                .checked_add(jiff::Span::new().days(days))
                .map_err(|e| e.to_string())?
                .to_string()
        }
        Some(Data::Error(e)) => return Err(format!("{e:?}")),
    })
}

/// Control characters out (a line break stays), spaces at either end trimmed.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| c == '\n' || !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Reads a filled form. `file` is the name messages and tags use. `Err` holds the
/// problems that stop the whole file (not a form, another plan); the rows' own problems
/// come back beside the form.
pub fn read(
    file: &str,
    bytes: &[u8],
    plan: &Plan,
    index: &PlanIndex,
    strings: &Strings,
) -> Result<(FilledForm, Vec<Problem>), Vec<Problem>> {
    let whole = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| Problem {
        place: file.to_owned(),
        message: strings.format(key, args),
    };
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| vec![whole("collect.not_xlsx", &[("error", &e)])])?;
    let names = book.sheet_names();
    let Some(form_sheet) = names.iter().find(|n| n.as_str() != META_SHEET).cloned() else {
        return Err(vec![whole("collect.not_a_form", &[])]);
    };
    if !names.iter().any(|n| n == META_SHEET) {
        return Err(vec![whole("collect.not_a_form", &[])]);
    }
    let meta_range = book
        .worksheet_range(META_SHEET)
        .map_err(|e| vec![whole("collect.not_xlsx", &[("error", &e)])])?;
    let values: HashMap<String, String> = (0..meta::COPY_STARTS)
        .filter_map(|r| {
            let key = text_of(meta_range.get_value((r, 0))).ok()?;
            let value = text_of(meta_range.get_value((r, 1))).ok()?;
            Some((key, value))
        })
        .collect();
    let at_meta = |key: &str| -> String {
        let row = (0..meta::COPY_STARTS)
            .find(|&r| text_of(meta_range.get_value((r, 0))).ok().as_deref() == Some(key))
            .unwrap_or(0);
        format!("{file}!{META_SHEET}!{}", cell_name(row, 1))
    };
    let get = |key: &str| values.get(key).map(String::as_str).unwrap_or("");
    if get(meta::FORMAT) != FORM_VERSION.to_string() {
        return Err(vec![whole("collect.not_a_form", &[])]);
    }
    if get(meta::PLAN) != plan.meta.id {
        return Err(vec![Problem {
            place: at_meta(meta::PLAN),
            message: strings.format(
                "collect.foreign_plan",
                &[("form", &clean(get(meta::PLAN))), ("plan", &plan.meta.id)],
            ),
        }]);
    }
    let unit = get(meta::UNIT).to_owned();
    let Some(owner) = plan.owners.iter().find(|o| o.id == unit) else {
        return Err(vec![Problem {
            place: at_meta(meta::UNIT),
            message: strings.format("collect.unknown_unit", &[("unit", &clean(&unit))]),
        }]);
    };
    let date: Date = input::parse_date(get(meta::DATE)).map_err(|e| {
        vec![Problem {
            place: at_meta(meta::DATE),
            message: e.message(strings),
        }]
    })?;
    // The locked cells as issued, by id.
    let mut issued: HashMap<String, Vec<String>> = HashMap::new();
    let (copy_end, _) = meta_range.end().unwrap_or((0, 0));
    for r in meta::COPY_STARTS..=copy_end {
        let Ok(id) = text_of(meta_range.get_value((r, 0))) else {
            continue;
        };
        if id.is_empty() {
            continue;
        }
        let cells = (0..LOCKED.len())
            .map(|c| text_of(meta_range.get_value((r, c as u32 + 1))).unwrap_or_default())
            .collect();
        issued.insert(id, cells);
    }
    let range = book
        .worksheet_range(&form_sheet)
        .map_err(|e| vec![whole("collect.not_xlsx", &[("error", &e)])])?;
    let mut problems = Vec::new();
    let mut answers = Vec::new();
    let (end, _) = range.end().unwrap_or((0, 0));
    for r in FIRST_ROW..=end {
        let place = |column: Column| format!("{file}!{}", cell_name(r, column.index()));
        let cell = |column: Column| text_of(range.get_value((r, u32::from(column.index()))));
        let id = clean(&cell(Column::Id).unwrap_or_default());
        let any_answer = Column::ALL
            .iter()
            .filter(|c| c.is_answer())
            .any(|&c| cell(c).is_ok_and(|t| !t.trim().is_empty()));
        if id.is_empty() {
            if any_answer {
                problems.push(Problem {
                    place: place(Column::Id),
                    message: strings.get("collect.no_id").to_owned(),
                });
            }
            continue;
        }
        let Some(copy) = issued.get(&id) else {
            let key = if index.get(&id).is_some() {
                "collect.not_on_form"
            } else {
                "collect.unknown_id"
            };
            problems.push(Problem {
                place: place(Column::Id),
                message: strings.format(key, &[("id", &id), ("unit", &owner.name)]),
            });
            continue;
        };
        let Some(position) = index.position(&id) else {
            problems.push(Problem {
                place: place(Column::Id),
                message: strings
                    .format("collect.unknown_id", &[("id", &id), ("unit", &owner.name)]),
            });
            continue;
        };
        if !crate::model::annotation::responsible_units(plan, index, position)
            .contains(&owner.id.as_str())
        {
            problems.push(Problem {
                place: place(Column::Id),
                message: strings
                    .format("collect.not_on_form", &[("id", &id), ("unit", &owner.name)]),
            });
            continue;
        }
        let edited = LOCKED
            .iter()
            .zip(copy)
            .find(|(column, was)| clean(&cell(**column).unwrap_or_default()) != clean(was));
        if let Some((column, was)) = edited {
            problems.push(Problem {
                place: place(*column),
                message: strings.format(
                    "collect.locked_edited",
                    &[("was", &clean(was).replace('\n', " "))],
                ),
            });
            continue;
        }
        match read_answer(r, &id, &cell, &place, plan, index, date, strings) {
            Ok(answer) => answers.push(answer),
            Err(problem) => problems.push(problem),
        }
    }
    Ok((
        FilledForm {
            file: file.to_owned(),
            unit,
            unit_name: owner.name.clone(),
            date,
            answers,
        },
        problems,
    ))
}

#[allow(clippy::too_many_arguments)]
fn read_answer(
    row: u32,
    id: &str,
    cell: &dyn Fn(Column) -> Result<String, String>,
    place: &dyn Fn(Column) -> String,
    plan: &Plan,
    index: &PlanIndex,
    date: Date,
    strings: &Strings,
) -> Result<Answer, Problem> {
    let text = |column: Column| -> Result<String, Problem> {
        cell(column).map(|t| clean(&t)).map_err(|e| Problem {
            place: place(column),
            message: strings.format("collect.cell_error", &[("error", &e)]),
        })
    };
    let bad = |column: Column, e: input::InputError| Problem {
        place: place(column),
        message: e.message(strings),
    };
    let mut answer = Answer {
        id: id.to_owned(),
        row,
        ..Answer::default()
    };
    let status = text(Column::Status)?;
    if !status.is_empty() {
        answer.status = Some(input::parse_status(&status).map_err(|e| bad(Column::Status, e))?);
    }
    let progress = text(Column::Progress)?;
    if !progress.is_empty() {
        answer.progress =
            Some(input::parse_percent(&progress).map_err(|e| bad(Column::Progress, e))?);
    }
    let value = text(Column::NewActual)?;
    let as_of = text(Column::AsOf)?;
    let position = index.position(id);
    if !value.is_empty() || !as_of.is_empty() {
        let takes =
            position.is_some_and(|p| crate::model::annotation::takes_actuals(plan, index, p));
        if !takes {
            let column = if value.is_empty() {
                Column::AsOf
            } else {
                Column::NewActual
            };
            return Err(Problem {
                place: place(column),
                message: strings.get("collect.no_actuals").to_owned(),
            });
        }
        if value.is_empty() {
            return Err(Problem {
                place: place(Column::NewActual),
                message: strings.get("collect.as_of_without_value").to_owned(),
            });
        }
        let unit = position
            .and_then(|p| crate::model::annotation::actual_unit(plan, index, p))
            .unwrap_or("");
        let value = input::parse_quantity(&value, unit).map_err(|e| bad(Column::NewActual, e))?;
        let as_of = if as_of.is_empty() {
            date
        } else {
            input::parse_as_of(&as_of).map_err(|e| bad(Column::AsOf, e))?
        };
        answer.actual = Some(Actual { value, as_of });
    }
    for (slot, column) in
        answer
            .texts
            .iter_mut()
            .zip([Column::ProgressText, Column::Problems, Column::NextSteps])
    {
        *slot = text(column)?;
    }
    Ok(answer)
}

/// What one row of a form would record.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub key: Key,
    /// The row on the form sheet (0-based), for messages.
    pub row: u32,
    /// Each field that changes: its label's i18n key, before and after, in words.
    pub fields: Vec<(&'static str, String, String)>,
    pub change: Change,
}

/// What the answers of `form` would record, against `log`; and the answers flagged stale
/// (a change to the same field of the same item and unit recorded after the form's date).
pub fn plan_changes(
    form: &FilledForm,
    plan: &Plan,
    index: &PlanIndex,
    log: &AnnotationLog,
    strings: &Strings,
) -> (Vec<Planned>, Vec<Problem>) {
    let source = form.source();
    let mut planned = Vec::new();
    let mut stale = Vec::new();
    for answer in &form.answers {
        let part_key = Key::new(&answer.id, Some(&form.unit));
        let part = log.annotation(&answer.id, Some(&form.unit));
        let whole = log.annotation(&answer.id, None);
        // What the form showed: the unit's own part where it has the field, else the item's.
        let shown = |get: &dyn Fn(&Annotation) -> bool| -> Option<&Annotation> {
            part.filter(|a| get(a)).or(whole.filter(|a| get(a)))
        };
        let history = log.history(&answer.id);
        let newer = |field: Field| -> bool {
            history.iter().any(|r: &&Record| {
                r.key() == part_key
                    && r.touches(field)
                    && r.effective_date() > form.date
                    && r.source() != Some(source.as_str())
            })
        };
        let mut change = Change::new(&part_key);
        change.source = Some(source.clone());
        let mut fields = Vec::new();
        let place =
            |column: Column| format!("{}!{}", form.file, cell_name(answer.row, column.index()));
        let mut flag = |column: Column, field: Field| {
            stale.push(Problem {
                place: place(column),
                message: strings.format(
                    "collect.stale",
                    &[
                        ("field", &strings.get(field.label_key())),
                        ("date", &form.date),
                    ],
                ),
            });
        };
        if let Some(status) = answer.status {
            let now = shown(&|a| a.status.is_some())
                .and_then(|a| a.status.as_ref())
                .map(|l| l.value);
            if now != Some(status) {
                if newer(Field::Status) {
                    flag(Column::Status, Field::Status);
                } else {
                    change.status = Some(status);
                    let word = |s: Option<Status>| {
                        s.map_or_else(|| "—".to_owned(), |s| strings.get(s.key()).to_owned())
                    };
                    fields.push(("label.status", word(now), word(Some(status))));
                }
            }
        }
        if let Some(progress) = answer.progress {
            let now = shown(&|a| a.progress.is_some())
                .and_then(|a| a.progress.as_ref())
                .map(|l| l.value);
            if now != Some(progress) {
                if newer(Field::Progress) {
                    flag(Column::Progress, Field::Progress);
                } else {
                    change.progress = Some(progress);
                    let word =
                        |p: Option<u8>| p.map_or_else(|| "—".to_owned(), |p| format!("{p}%"));
                    fields.push(("label.progress", word(now), word(Some(progress))));
                }
            }
        }
        if let Some(actual) = &answer.actual {
            // Recorded where the lights read it: the item, when the unit leads it.
            let lead = index
                .position(&answer.id)
                .and_then(|p| {
                    crate::model::annotation::responsible_units(plan, index, p)
                        .first()
                        .map(|u| *u == form.unit)
                })
                .unwrap_or(false);
            let holder = if lead { whole } else { part };
            let known = holder.is_some_and(|a| {
                a.actuals
                    .iter()
                    .any(|p| p.as_of == actual.as_of && p.value == actual.value)
            });
            if !known {
                let unit = index
                    .position(&answer.id)
                    .and_then(|p| crate::model::annotation::actual_unit(plan, index, p))
                    .unwrap_or("");
                let figure = crate::model::query::figure_with_unit(
                    &crate::model::validate::format_figure(actual.value),
                    unit,
                );
                let mut actual_change = Change::new(&if lead {
                    Key::new(&answer.id, None)
                } else {
                    part_key.clone()
                });
                actual_change.source = Some(source.clone());
                actual_change.actual = Some(actual.clone());
                planned.push(Planned {
                    key: actual_change.key(),
                    row: answer.row,
                    fields: vec![(
                        "label.actual",
                        "—".to_owned(),
                        format!("{figure} ({})", actual.as_of),
                    )],
                    change: actual_change,
                });
            }
        }
        for (field, (text, column)) in Field::REPORT.into_iter().zip(answer.texts.iter().zip([
            Column::ProgressText,
            Column::Problems,
            Column::NextSteps,
        ])) {
            let now = shown(&|a| a.text(field).is_some())
                .and_then(|a| a.text(field))
                .map(|l| l.value.trim().to_owned())
                .unwrap_or_default();
            if *text == now {
                continue;
            }
            if newer(field) {
                flag(column, field);
                continue;
            }
            if text.is_empty() {
                change.clear.push(field);
            } else {
                change.set_text(field, text.clone());
            }
            let word = |t: &str| {
                if t.is_empty() {
                    "—".to_owned()
                } else {
                    format!("“{t}”")
                }
            };
            fields.push((field.label_key(), word(&now), word(text)));
        }
        if !fields.is_empty() && !change.is_empty() {
            planned.push(Planned {
                key: part_key,
                row: answer.row,
                fields,
                change,
            });
        }
    }
    (planned, stale)
}

/// The author of the changes a form records: `市科技局（报送表）`.
pub fn author(form: &FilledForm, strings: &Strings) -> String {
    strings.format("collect.author", &[("unit", &form.unit_name)])
}

/// A form read and what it would record.
#[derive(Debug, Clone, PartialEq)]
pub struct CollectedForm {
    pub form: FilledForm,
    /// Who its changes are recorded as ([`author`]).
    pub author: String,
    pub planned: Vec<Planned>,
}

/// Every form of one `collect` (the command line's or the browser's), each read and
/// compared with `log`; and what was not taken, file by file, in the order found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Collected {
    pub forms: Vec<CollectedForm>,
    pub problems: Vec<Problem>,
}

impl Collected {
    /// How many changes recording it makes.
    pub fn changes(&self) -> usize {
        self.forms.iter().map(|f| f.planned.len()).sum()
    }
}

/// Reads `files` and works out what each would record: the one path the command line
/// and the browser share, so both record the same changes from the same forms.
pub fn gather(
    files: &[crate::store::form_file::FormFile],
    plan: &Plan,
    index: &PlanIndex,
    log: &AnnotationLog,
    strings: &Strings,
) -> Collected {
    use crate::store::form_file::FormFileError;
    let mut collected = Collected::default();
    for file in files {
        let bytes = match &file.bytes {
            Ok(bytes) => bytes,
            Err(error) => {
                let (place, message) = match error {
                    FormFileError::Io(message) => {
                        (file.path.display().to_string(), message.clone())
                    }
                    // The message names the file.
                    FormFileError::TooLarge => (
                        String::new(),
                        strings.format("collect.too_large", &[("file", &file.name)]),
                    ),
                    FormFileError::NoForms => (
                        file.name.clone(),
                        strings.get("collect.no_forms").to_owned(),
                    ),
                };
                collected.problems.push(Problem { place, message });
                continue;
            }
        };
        let (form, found) = match read(&file.name, bytes, plan, index, strings) {
            Ok(read) => read,
            Err(found) => {
                collected.problems.extend(found);
                continue;
            }
        };
        let (planned, stale) = plan_changes(&form, plan, index, log, strings);
        collected.problems.extend(found);
        collected.problems.extend(stale);
        collected.forms.push(CollectedForm {
            author: author(&form, strings),
            form,
            planned,
        });
    }
    collected
}
