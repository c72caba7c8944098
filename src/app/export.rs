//! Exports from the browser (`x`): the ledger (台账) written to a file in the current
//! directory (else the data directory), named after what it is and the review date, and
//! the path shown. The same documents as `planmeet export ledger`.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::App;
use super::annotate::Dialog;
use crate::export::ledger::{self, By, LedgerFormat};

/// What `x` offers, in order: (grouping, format, i18n key of the label).
pub const CHOICES: [(By, LedgerFormat, &str); 5] = [
    (
        By::Programme,
        LedgerFormat::Html,
        "export.ledger_programme_html",
    ),
    (By::Unit, LedgerFormat::Html, "export.ledger_unit_html"),
    (
        By::Programme,
        LedgerFormat::Csv,
        "export.ledger_programme_csv",
    ),
    (By::Unit, LedgerFormat::Csv, "export.ledger_unit_csv"),
    (
        By::Programme,
        LedgerFormat::Md,
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
        let (by, format, _) = CHOICES[choice];
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
        let written = ledger::render(&built, format, &self.strings)
            .and_then(|bytes| crate::store::export_file::write_new(&name, &bytes));
        self.notice = Some(match written {
            Ok(path) => self
                .strings
                .format("export.written", &[("path", &path.display())]),
            Err(error) => self.strings.format("export.failed", &[("error", &error)]),
        });
    }
}
