//! Differences between two plans.
