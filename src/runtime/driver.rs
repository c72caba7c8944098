//! The app with its effects carried out: the status file's worker, exports, settings.

use std::ops::{Deref, DerefMut};
use std::time::Duration;

use crate::app::{Action, App, Effect, Outcome};
use crate::store::status_sync::{Pending, Reply, Request, Rescued, StatusSync, Stopper};

/// Drives an [`App`]: applies actions, carries out the effects they return, and feeds the
/// results back, until nothing is left to do. Reads like the app it drives (it derefs to
/// it), so a test can look at any of the app's state.
pub struct Driver {
    app: App,
    sync: Option<StatusSync>,
}

impl Driver {
    pub fn new(app: App) -> Driver {
        Driver { app, sync: None }
    }

    /// Follow a status file through its worker: the app hears from it as [`Action::Store`].
    pub fn attach(&mut self, sync: StatusSync) {
        self.app.follow_status_file(sync.path().to_path_buf());
        self.sync = Some(sync);
    }

    pub fn app(&self) -> &App {
        &self.app
    }

    /// Applies an action and everything that follows from it.
    pub fn update(&mut self, action: Action) {
        let mut queue = vec![action];
        while let Some(action) = queue.pop() {
            for effect in self.app.update(action) {
                if let Some(result) = self.carry_out(effect) {
                    queue.push(result);
                }
            }
        }
    }

    /// Carries out one effect; what the app needs to hear of it comes back as an action.
    fn carry_out(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::Persist(line) => {
                let id = line.id().to_owned();
                let request = match *line {
                    Pending::Record(record) => Request::Save(record),
                    Pending::Event(event) => Request::SaveEvent(event),
                };
                if self.send(request) {
                    None
                } else {
                    let error = self.app.strings.get("annotate.writer_gone").to_owned();
                    Some(Action::Store(Box::new(Reply::SaveFailed { id, error })))
                }
            }
            Effect::RetrySaves => {
                self.send(Request::RetryNow);
                None
            }
            Effect::WriteCopy { path, lines } => {
                if self.send(Request::SaveCopy {
                    path: path.clone(),
                    records: lines.clone(),
                }) {
                    return None;
                }
                // No worker (no status file at all): write from here; it is the exit path.
                let plan = self.app.loaded.plan.meta.id.clone();
                let result = crate::store::status_sync::write_copy(&path, &plan, lines)
                    .map_err(|e| e.to_string());
                Some(Action::Done(Outcome::CopyWritten { path, result }))
            }
            Effect::SuggestCopyPath => {
                let plan = &self.app.loaded.plan.meta.id;
                let path = crate::store::status_sync::rescue_path(plan);
                Some(Action::Done(Outcome::CopySuggested(path)))
            }
            Effect::WriteExport { name, bytes } => {
                let written =
                    crate::store::export_file::write_new(&name, &bytes).map_err(|e| e.to_string());
                Some(Action::Done(Outcome::Exported(written)))
            }
            Effect::SaveFilters(filters) => {
                let saved = crate::store::config::save_filters(&filters);
                Some(Action::Done(Outcome::FiltersSaved(saved)))
            }
            // The event loop follows `app.mouse`; without a terminal there is nothing to do.
            Effect::SetMouse(_) => None,
            Effect::SaveAuthor(name) => {
                let saved = crate::store::config::save_author(&name);
                Some(Action::Done(Outcome::AuthorSaved(saved)))
            }
            Effect::ReadForms(paths) => {
                let files = crate::store::form_file::read_forms(&paths);
                Some(Action::Done(Outcome::FormsRead(files)))
            }
        }
    }

    fn send(&self, request: Request) -> bool {
        self.sync.as_ref().is_some_and(|sync| sync.send(request))
    }

    /// Hands the worker's replies to the app; false when there were none.
    pub fn pump(&mut self) -> bool {
        let replies = match &self.sync {
            Some(sync) => sync.take_replies(),
            None => return false,
        };
        let any = !replies.is_empty();
        for reply in replies {
            self.update(Action::Store(Box::new(reply)));
        }
        any
    }

    /// Whether the worker has replies waiting.
    pub fn has_news(&self) -> bool {
        self.sync.as_ref().is_some_and(|s| s.has_news())
    }

    /// Blocks until the worker has replied to everything sent so far, at most `timeout`.
    pub fn wait_for_worker(&self, timeout: Duration) -> bool {
        self.sync.as_ref().is_some_and(|s| s.wait_reply(timeout))
    }

    /// Stops the worker from another thread; see [`StatusSync::stopper`].
    pub fn stopper(&self) -> Option<Stopper> {
        self.sync.as_ref().map(StatusSync::stopper)
    }

    /// Stops the worker after one last attempt at the unsaved changes; what still cannot
    /// be written goes to a rescue file. Says what became of them.
    pub fn shut_down(&mut self, timeout: Duration) -> Rescued {
        let count = self.app.annotations.unsaved.len();
        let Some(sync) = self.sync.take() else {
            return Rescued { count, to: None };
        };
        let mut rescued = Rescued { count, to: None };
        for reply in sync.stop(true, timeout) {
            if let Reply::Stopped { rescued: r, .. } = reply {
                rescued = r;
            }
        }
        self.app.annotations.unsaved.clear();
        rescued
    }
}

impl Deref for Driver {
    type Target = App;

    fn deref(&self) -> &App {
        &self.app
    }
}

impl DerefMut for Driver {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}
