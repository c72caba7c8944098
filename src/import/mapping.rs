//! Id mappings.
