//! The only code that touches files: plans, the user's settings, and status annotations.

pub mod clock;
pub mod config;
pub mod draft_file;
pub mod export_file;
pub mod files;
pub mod plan_file;
pub mod status;
pub mod status_file;
pub mod status_sync;

pub use plan_file::{LoadedPlan, PlanError, load, load_embedded, load_plan_file, load_plan_str};
pub mod allocator;
pub mod cache_codec;
pub mod form_file;
pub mod plan_cache;
