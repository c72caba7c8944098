//! planmeet: review a government action plan in the terminal.
//!
//! Dependencies point one way: `main` → `runtime` → `ui` → `app` → `store`, `export` →
//! `model`, with `cli` and `import` beside `app`, and `input`, `i18n` and `text` under all
//! of them. `model` is plain data and depends on serde only; `app` does no I/O (see
//! `app`). `input` reads what people type (dates, numbers, statuses, units, items) for the
//! command line and the browser alike, from `model`, `text` and `i18n` alone.

pub mod app;
pub mod cli;
pub mod export;
pub mod i18n;
pub mod import;
pub mod input;
pub mod model;
pub mod runtime;
pub mod store;
pub mod synthetic;
pub mod text;
pub mod ui;

/// Key bindings live with the app's actions; this path is kept for the command line and tests.
pub use app::keymap;
