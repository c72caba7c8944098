//! planmeet: review a government action plan in the terminal.
//!
//! Dependencies point one way: `main` → `cli`, `app` → `ui`, `keymap`, `store`, `export`,
//! `input`, `i18n`, `text` → `model`. `model` is plain data and depends on serde only.
//! `input` reads what people type (dates, numbers, statuses, units, items) for the command
//! line and the browser alike, from `model`, `text` and `i18n` alone.

pub mod app;
pub mod cli;
pub mod export;
pub mod i18n;
pub mod input;
pub mod keymap;
pub mod model;
pub mod store;
pub mod synthetic;
pub mod text;
pub mod ui;
