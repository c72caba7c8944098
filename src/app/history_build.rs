//! The history index's plan side ([`PlanSide`]: each item's programme and lead unit, the
//! Dashboard's groups) is most of an index's cost for a large plan and nothing the first
//! frame needs: the app starts with it unbuilt and builds it on a thread of its own once
//! the first frame is out ([`App::start_background_work`]), while the status file is read.
//! The index is synced with the log only once something shows it — a record in the log,
//! the Dashboard or the Changes view in front — and that first sync takes the built side
//! in (waiting for what is left of the thread's work in the rare case it is still running:
//! at 10,000 sub-tasks it is done within some tens of milliseconds of the first frame,
//! long before the history is read), or builds it on the spot when no thread was started
//! (tests, benchmarks, a machine with no thread to spare).

use std::sync::Arc;
use std::thread;

use super::{App, View};
use crate::model::history_index::{HistoryIndex, PlanSide};

/// Where the history index's plan side is.
#[derive(Debug, Default)]
pub enum HistoryBuild {
    /// Not built, nor being built: the first sync builds it.
    #[default]
    NotStarted,
    /// Being built on its thread.
    Building(thread::JoinHandle<PlanSide>),
    /// In `App::history`.
    Built,
}

impl App {
    /// Starts building the history index's plan side on a thread of its own.
    pub(crate) fn start_history_build(&mut self) {
        if !matches!(self.history_build, HistoryBuild::NotStarted) {
            return;
        }
        let loaded = Arc::clone(&self.loaded);
        // The app's assignments, computed once: the plan side's groups need them too.
        let assignments = Arc::clone(&self.all_assignments);
        let spawned = thread::Builder::new()
            .name("history-index".into())
            .spawn(move || PlanSide::with_assignments(&loaded.plan, &loaded.index, &assignments));
        // No thread to spare: the first sync builds it.
        if let Ok(handle) = spawned {
            self.history_build = HistoryBuild::Building(handle);
        }
    }

    /// Whether the history index has to be kept up to the log now: once built, always;
    /// before, as soon as the log holds anything or a view that shows it is in front.
    pub(crate) fn history_wanted(&self) -> bool {
        matches!(self.history_build, HistoryBuild::Built)
            || !self.annotations.log.records().is_empty()
            || !self.annotations.log.conflicts().is_empty()
            || matches!(self.view, View::Dashboard | View::Changes)
            || self.presenter.is_some()
    }

    /// Puts the plan side into the history index if it is not there yet.
    pub(crate) fn ensure_history_built(&mut self) {
        let side = match std::mem::replace(&mut self.history_build, HistoryBuild::Built) {
            HistoryBuild::Built => return,
            HistoryBuild::Building(handle) => handle.join().ok(),
            HistoryBuild::NotStarted => None,
        };
        // A thread that failed: built here.
        let side = side.unwrap_or_else(|| {
            PlanSide::with_assignments(&self.loaded.plan, &self.loaded.index, &self.all_assignments)
        });
        self.history = HistoryIndex::from_plan_side(side, &self.loaded.index);
    }
}
