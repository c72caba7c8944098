//! [`Effect`]: what `update` asks of the world. The app never writes a file, starts a thread
//! or touches the terminal itself; it returns effects, the runtime carries them out and
//! feeds back what the app needs to hear as [`Action`](super::Action)s. So every behaviour
//! of the app is a test that feeds actions and looks at the effects.

use std::path::PathBuf;

use crate::model::filter::SavedFilters;
use crate::store::status_sync::Pending;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Append a change, a meeting or a decision to the status file (the worker retries
    /// until it is on disk and answers [`Reply::Saved`](crate::store::status_sync::Reply)).
    Persist(Box<Pending>),
    /// Try the changes that could not be written again now.
    RetrySaves,
    /// Write these unsaved lines to another status file the user named; answered by the
    /// worker, or, without one, as [`Outcome::CopyWritten`](super::Outcome).
    WriteCopy { path: PathBuf, lines: Vec<Pending> },
    /// Find a place to offer for the unsaved changes (the user asked to write them
    /// elsewhere); answered as [`Outcome::CopySuggested`](super::Outcome).
    SuggestCopyPath,
    /// Write an export to a new file of this name in the current directory (never over an
    /// existing one); answered as [`Outcome::Exported`](super::Outcome).
    WriteExport { name: String, bytes: Vec<u8> },
    /// Save the named filters to `filters.ron`; answered as
    /// [`Outcome::FiltersSaved`](super::Outcome).
    SaveFilters(SavedFilters),
    /// Capture the mouse, or give it back to the terminal.
    SetMouse(bool),
    /// Record who makes changes in `config.ron` (asked for when nobody was known);
    /// answered as [`Outcome::AuthorSaved`](super::Outcome).
    SaveAuthor(String),
    /// Read these filled report forms (a file, or the `.xlsx` files of a folder);
    /// answered as [`Outcome::FormsRead`](super::Outcome).
    ReadForms(Vec<PathBuf>),
}
