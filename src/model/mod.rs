//! The plan and its items, as plain data. Depends on serde only: no I/O, no UI.

mod index;
pub mod numbering;
mod plan;
pub mod query;
pub mod validate;

pub use index::{Entry, ItemPath, Node, PlanIndex};
pub use plan::*;
