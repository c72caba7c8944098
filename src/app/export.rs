//! Exports from the browser (`x`): the minutes (会议纪要) of the meeting and the ledger
//! (台账), written to a file in the current directory (else the data directory), named
//! after what it is, and the path shown. The same documents as `planmeet export`.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::App;
use super::annotate::Dialog;
use crate::export::ledger::{self, By, LedgerFormat};
use crate::export::minutes::{self, MinutesFormat};

/// A document `x` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Ledger(By, LedgerFormat),
    /// The minutes of the meeting in progress, else of the latest one.
    Minutes(MinutesFormat),
}

/// What `x` offers, in order, with the i18n key of each label.
pub const CHOICES: [(Document, &str); 7] = [
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
];

fn extension(format: LedgerFormat) -> &'static str {
    match format {
        LedgerFormat::Csv => "csv",
        LedgerFormat::Md => "md",
        LedgerFormat::Html => "html",
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
        self.annotations.dialog = Some(Dialog::Export { selected: 0 });
    }

    pub(super) fn export_key(&mut self, selected: usize, key: KeyEvent) -> Option<Dialog> {
        let chosen = match key.code {
            KeyCode::Esc => return None,
            KeyCode::Up => {
                return Some(Dialog::Export {
                    selected: selected.saturating_sub(1),
                });
            }
            KeyCode::Down => {
                return Some(Dialog::Export {
                    selected: (selected + 1).min(CHOICES.len() - 1),
                });
            }
            KeyCode::Enter => selected,
            KeyCode::Char(c @ '1'..='9') if (c as usize - '1' as usize) < CHOICES.len() => {
                c as usize - '1' as usize
            }
            _ => return Some(Dialog::Export { selected }),
        };
        self.export(chosen);
        None
    }

    /// Builds the chosen document from what the screen shows and writes it.
    fn export(&mut self, choice: usize) {
        let (document, _) = CHOICES[choice];
        let written = match document {
            Document::Ledger(by, format) => self.ledger_bytes(by, format),
            Document::Minutes(format) => self.minutes_bytes(format),
        }
        .and_then(|(name, bytes)| {
            crate::store::export_file::write_new(&name, &bytes).map_err(|e| e.to_string())
        });
        self.notice = Some(match written {
            Ok(path) => self
                .strings
                .format("export.written", &[("path", &path.display())]),
            Err(error) => self.strings.format("export.failed", &[("error", &error)]),
        });
    }

    fn ledger_bytes(&self, by: By, format: LedgerFormat) -> Result<(String, Vec<u8>), String> {
        let built = ledger::build(
            &self.loaded.plan,
            &self.loaded.index,
            &self.annotations.log,
            by,
            self.review_date,
            &self.strings,
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
            .ok_or_else(|| self.strings.get("export.no_meeting").to_owned())?;
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
