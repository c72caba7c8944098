//! The only code that touches files: plans, and the user's settings.

pub mod config;
pub mod plan_file;

pub use plan_file::{LoadedPlan, PlanError, load, load_embedded, load_plan_file, load_plan_str};
