//! Exports from the browser (`x`): the minutes (会议纪要) of the meeting and the ledger
//! (台账), written to a file in the current directory (else the data directory), named
//! after what it is, and the path shown. The same documents as `planmeet export`.

use super::dialog::{Dialog, DialogInput, Menu, Reaction};
use super::{Action, App, Effect};
use crate::export::ledger::{self, By, LedgerFormat};
use crate::export::minutes::{self, MinutesFormat};

/// A document `x` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Ledger(By, LedgerFormat),
    /// The minutes of the meeting in progress, else of the latest one.
    Minutes(MinutesFormat),
    /// Not an export: filled report forms read back (see [`super::collect`]).
    CollectForms,
}

/// What `x` offers, in order, with the i18n key of each label.
pub const CHOICES: [(Document, &str); 8] = [
    (
        Document::Minutes(MinutesFormat::Html),
        "export.minutes_html",
    ),
    (Document::Minutes(MinutesFormat::Md), "export.minutes_md"),
    (
        Document::Ledger(By::Programme, LedgerFormat::Html),
        "export.ledger_programme_html",
    ),
    (
        Document::Ledger(By::Unit, LedgerFormat::Html),
        "export.ledger_unit_html",
    ),
    (
        Document::Ledger(By::Programme, LedgerFormat::Csv),
        "export.ledger_programme_csv",
    ),
    (
        Document::Ledger(By::Unit, LedgerFormat::Csv),
        "export.ledger_unit_csv",
    ),
    (
        Document::Ledger(By::Programme, LedgerFormat::Md),
        "export.ledger_programme_md",
    ),
    (Document::CollectForms, "export.collect_forms"),
];

fn extension(format: LedgerFormat) -> &'static str {
    match format {
        LedgerFormat::Csv => "csv",
        LedgerFormat::Md => "md",
        LedgerFormat::Html => "html",
        LedgerFormat::Xlsx => "xlsx",
    }
}

fn minutes_extension(format: MinutesFormat) -> &'static str {
    match format {
        MinutesFormat::Md => "md",
        MinutesFormat::Html => "html",
    }
}

impl App {
    pub(super) fn open_export_dialog(&mut self) {
        self.annotations.dialog = Some(Dialog::Export(Menu::new(CHOICES.len())));
    }

    pub(super) fn export_key(&mut self, mut menu: Menu, input: &DialogInput) -> Option<Dialog> {
        match menu.handle(input) {
            Reaction::Submit if CHOICES[menu.selected].0 == Document::CollectForms => {
                self.open_collect_prompt()
            }
            Reaction::Submit => {
                self.export(menu.selected);
                None
            }
            Reaction::Close => None,
            Reaction::Stay | Reaction::Warn(_) => Some(Dialog::Export(menu)),
        }
    }

    /// Builds the chosen document from what the screen shows and writes it.
    fn export(&mut self, choice: usize) {
        let (document, _) = CHOICES[choice];
        let built = match document {
            Document::Ledger(by, format) => self.ledger_bytes(by, format),
            Document::Minutes(format) => self.minutes_bytes(format),
            Document::CollectForms => return,
        };
        match built {
            Ok((name, bytes)) => self.emit(Effect::WriteExport { name, bytes }),
            Err(error) => self.export_written(Err(error)),
        }
    }

    /// The export reached its file, or not.
    pub(super) fn export_written(&mut self, written: Result<std::path::PathBuf, String>) {
        self.notice = Some(match written {
            Ok(path) => self
                .strings
                .format("export.written", &[("path", &path.display())]),
            Err(error) => self.strings.format("export.failed", &[("error", &error)]),
        });
    }

    fn ledger_bytes(&self, by: By, format: LedgerFormat) -> Result<(String, Vec<u8>), String> {
        let mut built = ledger::build(
            &self.loaded.plan,
            &self.loaded.index,
            &self.annotations.log,
            by,
            self.review_date,
            &self.strings,
        );
        ledger::add_decisions(
            &mut built,
            &self.loaded.plan,
            &self.loaded.index,
            &self.annotations.meetings,
        );
        let by_name = match by {
            By::Programme => "programme",
            By::Unit => "unit",
        };
        let name = format!(
            "ledger-by-{by_name}-{}.{}",
            self.review_date,
            extension(format)
        );
        ledger::render(&built, format, &self.strings).map(|bytes| (name, bytes))
    }

    fn minutes_bytes(&self, format: MinutesFormat) -> Result<(String, Vec<u8>), String> {
        let meetings = &self.annotations.meetings;
        let meeting = meetings
            .current()
            .or_else(|| meetings.meetings().last())
            .ok_or_else(|| {
                let key = self.key_name(Action::StartMeeting);
                self.strings.format("export.no_meeting", &[("key", &key)])
            })?;
        let built = minutes::build(
            &self.loaded.plan,
            &self.loaded.index,
            self.annotations.log.records(),
            meetings,
            meeting,
            &self.strings,
        );
        let name = format!("minutes-{}.{}", meeting.id, minutes_extension(format));
        Ok((name, minutes::render(&built, format, &self.strings)))
    }
}
