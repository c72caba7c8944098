//! Whole-plan exports for people and spreadsheets. Each returns the bytes to write; the
//! caller decides where they go.

pub mod csv;
pub mod json;
pub mod markdown;

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable report of the whole plan.
    Md,
    /// The complete structure, keys as in the plan file.
    Json,
    /// One row per target, UTF-8 with a BOM for Excel.
    Csv,
}
