//! A synthetic plan and its status history written to files in a temporary directory, as
//! the issue-15 tests give them to the release binary.
use std::path::PathBuf;

use planmeet::model::Plan;
use planmeet::model::annotation::Record;
use planmeet::synthetic;

pub struct Workload {
    /// Removed with the workload.
    pub dir: tempfile::TempDir,
    pub plan: PathBuf,
    pub status: PathBuf,
}

/// `plan` as `synthetic.plan.ron` and `records` as `synthetic.status.ron`.
pub fn write(plan: &Plan, records: &[Record]) -> Workload {
    let dir = tempfile::tempdir().unwrap();
    let plan_path = dir.path().join("synthetic.plan.ron");
    let status_path = dir.path().join("synthetic.status.ron");
    std::fs::write(&plan_path, synthetic::plan_text(plan)).unwrap();
    std::fs::write(&status_path, synthetic::status_text(&plan.meta.id, records)).unwrap();
    Workload {
        dir,
        plan: plan_path,
        status: status_path,
    }
}
