//! The store's errors in the interface language. The store says what went wrong in parts
//! (the file, the line and column, the record, the system's own reason); this maps each
//! kind of error to an i18n key and keeps every part in the message. The system's own
//! reason (an `io::Error`, a RON parser's message) stays as the system words it.

use crate::i18n::Strings;
use crate::model::annotation::UndoError;
use crate::store::draft_file::WriteError;
use crate::store::export_file::ExportError;
use crate::store::plan_file::{MAX_PLAN_BYTES, PlanError, caret_under};
use crate::store::status::merge::MergeError;
use crate::store::status_file::{LOCK_TIMEOUT, ReadError, SaveError};

/// A plan that could not be read. (`Invalid` is [`super::context::plan_error`]'s.)
pub fn plan(error: &PlanError, strings: &Strings) -> String {
    match error {
        PlanError::Io { file, message } => strings.format(
            "cli.error.cannot_read",
            &[("file", file), ("error", message)],
        ),
        PlanError::TooLarge { file, bytes } => strings.format(
            "cli.error.plan_too_large",
            &[("file", file), ("bytes", bytes), ("max", &MAX_PLAN_BYTES)],
        ),
        PlanError::NotUtf8 { file, line, column } => strings.format(
            "cli.error.not_utf8_at",
            &[("file", file), ("line", line), ("column", column)],
        ),
        PlanError::Syntax {
            file,
            line,
            column,
            message,
            source_line,
        } => format!(
            "{}\n{}",
            strings.format(
                "cli.error.plan_syntax",
                &[
                    ("file", file),
                    ("line", line),
                    ("column", column),
                    ("error", message)
                ],
            ),
            caret_under(source_line, *column)
        ),
        PlanError::Invalid { .. } => error.to_string(),
    }
}

/// A status file that could not be read.
pub fn read(error: &ReadError, strings: &Strings) -> String {
    strings.format(
        "cli.error.cannot_read",
        &[("file", &error.file), ("error", &error.message)],
    )
}

/// A change that was not saved.
pub fn save(error: &SaveError, strings: &Strings) -> String {
    match error {
        SaveError::Refused { file, reason } => strings.format(
            "cli.error.save_refused",
            &[("file", file), ("reason", reason)],
        ),
        SaveError::Invalid { file, reason } => strings.format(
            "cli.error.save_invalid",
            &[("file", file), ("reason", reason)],
        ),
        SaveError::Io {
            file,
            doing,
            message,
        } => strings.format(
            "cli.error.save_io",
            &[("file", file), ("doing", doing), ("error", message)],
        ),
        SaveError::Locked { lock } => strings.format(
            "cli.error.save_locked",
            &[("lock", lock), ("seconds", &LOCK_TIMEOUT.as_secs())],
        ),
        SaveError::Undo(undo) => self::undo(undo, strings),
    }
}

/// An undo that cannot be made.
pub fn undo(error: &UndoError, strings: &Strings) -> String {
    let (key, id) = match error {
        UndoError::NoSuchRecord(id) => ("cli.error.undo_no_record", id),
        UndoError::AlreadyUndone(id) => ("cli.error.undo_already", id),
        UndoError::NothingToUndo(id) => ("cli.error.undo_nothing", id),
    };
    strings.format(key, &[("id", id)])
}

/// A draft, mapping or imported plan that was not written.
pub fn write(error: &WriteError, strings: &Strings) -> String {
    match error {
        WriteError::Exists(file) => strings.format("cli.error.draft_exists", &[("file", file)]),
        WriteError::Io(message) => message.clone(),
    }
}

/// An export that was not written.
pub fn export(error: &ExportError, strings: &Strings) -> String {
    match error {
        ExportError::Exists { file } => {
            strings.format("cli.error.export_exists", &[("file", file)])
        }
        ExportError::Link { file } => strings.format("cli.error.export_link", &[("file", file)]),
        ExportError::Protected { file, what } => strings.format(
            "cli.error.export_protected",
            &[("file", file), ("what", what)],
        ),
        ExportError::NotRegular { file } => {
            strings.format("cli.error.export_not_regular", &[("file", file)])
        }
        ExportError::Io { file, message } => strings.format(
            "cli.error.cannot_write",
            &[("file", file), ("error", message)],
        ),
        ExportError::NoFreeName { dir, name } => strings.format(
            "cli.error.export_no_free_name",
            &[("dir", dir), ("name", name)],
        ),
        ExportError::Nowhere(errors) => errors
            .iter()
            .map(|e| export(e, strings))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// A merge that wrote nothing.
pub fn merge(error: &MergeError, strings: &Strings) -> String {
    match error {
        MergeError::NoInputs => strings.get("cli.error.merge_no_inputs").to_owned(),
        MergeError::Unreadable { file, message } => strings.format(
            "cli.error.cannot_read",
            &[("file", file), ("error", message)],
        ),
        MergeError::Missing { file } => strings.format("cli.error.no_such_file", &[("file", file)]),
        MergeError::Newer { file, version } => strings.format(
            "cli.error.merge_newer",
            &[
                ("file", file),
                ("version", version),
                ("known", &crate::model::annotation::STATUS_FORMAT_VERSION),
            ],
        ),
        MergeError::Foreign { file } => {
            strings.format("cli.error.merge_foreign", &[("file", file)])
        }
        MergeError::NotAnInput { file } => {
            strings.format("cli.error.merge_not_an_input", &[("file", file)])
        }
        MergeError::Incomplete { file } => {
            strings.format("cli.error.merge_incomplete", &[("file", file)])
        }
        MergeError::NoPlan => strings.get("cli.error.merge_no_plan").to_owned(),
        MergeError::DifferentPlans(plans) => strings.format(
            "cli.error.merge_different_plans",
            &[("plans", &plans.join(", "))],
        ),
        MergeError::Locked(message) | MergeError::Encode(message) => message.clone(),
        MergeError::Write { file, message } => strings.format(
            "cli.error.cannot_write",
            &[("file", file), ("error", message)],
        ),
    }
}
