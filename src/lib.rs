//! planmeet: review a government action plan in the terminal.
//!
//! Dependencies point one way: `main` → `cli`, `app` → `ui`, `keymap`, `store`, `export`,
//! `i18n`, `text` → `model`. `model` is plain data and depends on serde only.

pub mod app;
pub mod cli;
pub mod export;
pub mod i18n;
pub mod import;
pub mod keymap;
pub mod model;
pub mod store;
pub mod synthetic;
pub mod text;
pub mod ui;
