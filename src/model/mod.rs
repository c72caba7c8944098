//! The plan, its items and their annotations, as plain data. Depends on serde (and jiff for
//! annotation times) only: no I/O, no UI.

pub mod annotation;
pub mod as_of;
pub mod clock;
pub mod error;
pub mod filter;
pub mod history_index;
mod index;
pub mod meeting;
pub mod numbering;
mod plan;
pub mod progress;
pub mod query;
pub mod validate;

pub use index::district_cell_id;
pub use index::{Entry, ItemPath, Node, PlanIndex};
pub use plan::*;
