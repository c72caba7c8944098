//! Exports for people and spreadsheets: the whole plan (md, json, csv), the ledger
//! (台账: csv, md, html) and a meeting's minutes (会议纪要: md, html). Each returns the bytes to write; the caller decides where they go.

pub mod csv;
pub mod html;
pub mod json;
pub mod ledger;
pub mod markdown;
pub mod md;
pub mod minutes;
// Report forms out as .xlsx (`planmeet forms`) and back in (`planmeet collect`).
pub mod collect;
pub mod forms;

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable report of the whole plan.
    Md,
    /// The complete structure, keys as in the plan file.
    Json,
    /// One row per target (the ledger: per item), UTF-8 with a BOM for Excel.
    Csv,
    /// One self-contained page that prints on A4 (the ledger).
    Html,
    /// A workbook for Excel and WPS (the ledger).
    Xlsx,
}
