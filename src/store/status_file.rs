//! A plan's status file: where it is, reading it, appending one change at a time under a
//! lock, and following what other processes append.
//!
//! The file is an append-only log (see [`crate::model::annotation`] and
//! [`super::status::format`]). The guarantees come from how it is written:
//!
//! * A writer takes an exclusive lock on `<file>.lock` — a separate file that is never
//!   renamed, so the lock means the same thing to everyone even after `git pull` or
//!   `planmeet merge` replaces the status file — then appends one line with a single
//!   `write_all`, `fdatasync`s, and unlocks. Concurrent writers queue; nothing is lost.
//!   `<file>` is the file itself, with symbolic links followed ([`files::resolve`]): every
//!   name of one file means one lock, and an in-place `planmeet merge` takes it too.
//! * Files are opened and created as [`super::files`] says: new ones exclusively and never
//!   through a link, only regular files, `0600` in the data directory (itself `0700`).
//! * What is written is checked first: a change that could never be written (a name too
//!   long, a note past [`MAX_NOTE_BYTES`], a time past the end of the clock) creates
//!   nothing, and no write makes the file larger than a reader accepts.
//! * A crash can only cut short the last line. The next writer starts with a line end when
//!   the file does not end with one, so a torn record costs only itself.
//! * Nothing is ever truncated or rewritten. A line that cannot be read is reported and left
//!   where it is; a file of a newer format, or one that is not a status file, is not written.

use std::fs::{self, File, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::files::{self, Access, Privacy};
pub use super::status::format::MAX_NOTE_BYTES;
use super::status::format::{
    check_event, check_new_record, encode_event, encode_header, encode_record,
};
use super::status::index;
use super::status::read::{First, Focus, Problem, Scan, scan_reader_focused};
use crate::model::annotation::{
    AnnotationLog, Change, Header, Record, STATUS_BASE_VERSION, STATUS_FORMAT_VERSION, Stamp,
    UndoError,
};
use crate::model::meeting::{Event, MeetingLog};

/// Status files are named `<plan id>.status.ron`.
pub const EXTENSION: &str = ".status.ron";
/// A status file larger than this is refused: 100,000 records take about 20 MB.
pub const MAX_STATUS_BYTES: u64 = 1 << 30;
/// How long a writer waits for another writer's lock before giving up.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a reader waits for a writer to finish before reading anyway.
const READ_LOCK_WAIT: Duration = Duration::from_secs(1);

/// The data directory: `PLANMEET_DATA_DIR`, else the platform's (`~/.local/share/planmeet`).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PLANMEET_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "planmeet").map(|d| d.data_dir().to_path_buf())
}

/// `<plan id>.status.ron`, with anything that is not safe in a file name replaced by `_`.
pub fn file_name(plan_id: &str) -> String {
    let mut name: String = plan_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.trim_matches('.').is_empty() {
        name = "plan".into();
    }
    format!("{name}{EXTENSION}")
}

/// The lock file that guards `path`: `<path>.lock`. Give it the file's resolved path
/// ([`files::resolve`]), so that every name of the file means the same lock.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Where a plan's status file is, and whether its directory may be created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// The default data directory is created (`0700`) on first write, and the files
    /// planmeet creates in it are the user's alone (`0600`); a directory the user named is
    /// not created (a typo must not create a folder somewhere unexpected), and files made
    /// there are as the umask and the folder say (a shared folder is shared on purpose).
    pub create_dir: bool,
}

/// `--status-file` / `PLANMEET_STATUS_FILE` when given, else the data directory's file.
pub fn locate(explicit: Option<&Path>, plan_id: &str) -> Result<Location, String> {
    if let Some(path) = explicit {
        return Ok(Location {
            path: path.to_path_buf(),
            create_dir: false,
        });
    }
    let dir = data_dir().ok_or(
        "no data directory is known for this user (no home directory?): \
         name a status file with --status-file FILE or PLANMEET_STATUS_FILE",
    )?;
    Ok(Location {
        path: dir.join(file_name(plan_id)),
        create_dir: true,
    })
}

/// Who is making changes, from the environment: `PLANMEET_AUTHOR`, else the login name
/// (`USER`, `LOGNAME`). `--author` and the settings file come before this.
pub fn author_from_env(env: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["PLANMEET_AUTHOR", "USER", "LOGNAME"]
        .into_iter()
        .filter_map(env)
        .map(|name| name.trim().to_owned())
        .find(|name| !name.is_empty())
}

/// Who is making changes: `--author`, then the settings file's `author`, then
/// [`author_from_env`]. Blank names count as not given.
pub fn resolve_author(
    explicit: Option<&str>,
    configured: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    [explicit, configured]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|name| !name.is_empty())
        .map(str::to_owned)
        .or_else(|| author_from_env(env))
}

/// The local time now, with its offset.
pub fn now() -> Stamp {
    Stamp::from_zoned(&jiff::ZonedDateTime::now())
}

/// Today's date where the user is (or as of `PLANMEET_NOW`, for tests).
pub fn today() -> jiff::civil::Date {
    let now = now_or_env().unwrap_or_else(|_| now());
    now.offset().to_datetime(now.timestamp()).date()
}

/// The time of a change: now, or `PLANMEET_NOW` (RFC 3339 with offset), which tests use
/// to make changes at a known time.
pub fn now_or_env() -> Result<Stamp, String> {
    match std::env::var("PLANMEET_NOW") {
        Ok(text) if !text.trim().is_empty() => Stamp::parse(text.trim()).map_err(String::from),
        _ => Ok(now()),
    }
}

/// A new record id: 64 random bits in hex. Unique across processes and machines (the
/// standard library's hasher keys come from the operating system's random source; the
/// time, process id and a counter make each call's input distinct).
pub fn new_record_id() -> String {
    super::files::random_hex()
}

/// A file larger than the limit (`ulimit -f`) makes the kernel send SIGXFSZ, which ends the
/// process before it can say anything. With a handler installed the write fails with
/// EFBIG instead, and the change is reported as not saved. Call once, early.
pub fn survive_file_size_limit() {
    #[cfg(unix)]
    {
        let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, flag);
    }
}

/// The status file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: cannot read: {message}")]
pub struct ReadError {
    pub file: String,
    pub message: String,
}

/// A change that was not saved. The change itself is not lost: the caller keeps the
/// record and can [`StatusStore::save`] it again, here or to another file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    /// Writing would be unsafe (a newer format, not a status file, another plan's file, a
    /// file that would grow past [`MAX_STATUS_BYTES`]).
    #[error("{file}: not written: {reason}")]
    Refused { file: String, reason: String },
    /// The change itself cannot be written anywhere (a name too long, a note past
    /// [`MAX_NOTE_BYTES`], a time past the end of the clock): bad input, not a file
    /// problem. Nothing was created.
    #[error("{file}: not written: the change is not valid: {reason}")]
    Invalid { file: String, reason: String },
    #[error("{file}: cannot {doing}: {message}; the change is not saved")]
    Io {
        file: String,
        doing: &'static str,
        message: String,
    },
    /// Another process held the lock for longer than [`LOCK_TIMEOUT`].
    #[error(
        "{lock}: another planmeet has held this lock for {} s; the change is not saved",
        LOCK_TIMEOUT.as_secs()
    )]
    Locked { lock: String },
    #[error(transparent)]
    Undo(UndoError),
}

/// What [`StatusStore::refresh`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refresh {
    Unchanged,
    /// Records others appended, by id (in file order); possibly none when only a damaged
    /// line was added.
    Appended(Vec<String>),
    /// The file was replaced (a git pull, a merge) or truncated: everything was read again.
    Reloaded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Cursor {
    /// Bytes read so far, always up to a line end.
    offset: u64,
    /// Complete lines in `offset`.
    lines: usize,
    identity: Option<(u64, u64)>,
    /// The line number of an incomplete last line already reported.
    partial_reported: Option<usize>,
}

/// One plan's status file, read, and kept in step with the disk: the TUI and the CLI
/// make changes through it and follow other coordinators' changes with [`refresh`].
///
/// Every method that touches the disk blocks for at most a read or an append plus an
/// `fdatasync` (and waiting for another writer's lock). `StatusStore` is `Send`: a UI that
/// must never wait on the disk runs it on a worker thread.
///
/// [`refresh`]: StatusStore::refresh
#[derive(Debug)]
pub struct StatusStore {
    path: PathBuf,
    label: String,
    plan_id: String,
    create_dir: bool,
    log: AnnotationLog,
    problems: Vec<Problem>,
    headers: Vec<(usize, Header)>,
    first: First,
    newest_version: Option<u32>,
    cursor: Cursor,
    /// How many times the log was read again from the start (the file was replaced).
    generation: u64,
    /// Meetings and decisions, from their own lines in the same file.
    meetings: MeetingLog,
    /// [`MAX_STATUS_BYTES`] (smaller in tests).
    max_bytes: u64,
    /// Records moved out by [`take_log`](Self::take_log) since the file was last read whole.
    handed_over: usize,
    /// Only the change lines that may concern this are read ([`open_focused`]).
    ///
    /// [`open_focused`]: Self::open_focused
    focus: Option<Focus>,
    /// Change lines passed over unread for the focus since the file was last read whole.
    passed_over: usize,
    /// A focused read of a file at least this long goes through the line index beside it
    /// ([`index`]).
    index_min: u64,
    /// Bytes after the index's end read the ordinary way before it is extended.
    index_extend: u64,
}

/// A line to append: a change record, or a meeting or decision event.
#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Record(Record),
    Event(Event),
}

impl StatusStore {
    /// Reads the file (a missing file is an empty log; it is created on the first change).
    pub fn open(location: Location, plan_id: &str) -> Result<StatusStore, ReadError> {
        StatusStore::open_with(location, plan_id, None)
    }

    /// Reads the file for a writer that needs the history of a few items or records only
    /// (`status set`, `status undo`): the change lines that do not name one of `texts` (item
    /// or record ids) are passed over unread, so the time it takes hardly grows with the
    /// history. Headers, meetings, decisions and the first line are read as by [`open`], so
    /// [`write_refusal`], [`meetings`] and every check of a write are as for the whole
    /// file; [`log`] holds every record of the named items (with some others), so
    /// [`record`] stamps a change and [`undo`] undoes one exactly as after [`open`].
    /// [`problems`] tells only of the lines read. With a text whose spelling in the file
    /// could vary (a character other than a letter, digit, `.`, `_`, `-` or a non-ASCII
    /// one), everything is read.
    ///
    /// [`open`]: Self::open
    /// [`write_refusal`]: Self::write_refusal
    /// [`meetings`]: Self::meetings
    /// [`log`]: Self::log
    /// [`record`]: Self::record
    /// [`undo`]: Self::undo
    /// [`problems`]: Self::problems
    pub fn open_focused(
        location: Location,
        plan_id: &str,
        texts: &[&str],
    ) -> Result<StatusStore, ReadError> {
        StatusStore::open_with(location, plan_id, Focus::new(texts))
    }

    /// Reads the file again, whole or for another focus ([`open_focused`]).
    ///
    /// [`open_focused`]: Self::open_focused
    pub fn refocus(&mut self, texts: Option<&[&str]>) -> Result<(), ReadError> {
        self.focus = texts.and_then(Focus::new);
        self.reset();
        self.refresh().map(|_| ())
    }

    fn open_with(
        location: Location,
        plan_id: &str,
        focus: Option<Focus>,
    ) -> Result<StatusStore, ReadError> {
        let label = location.path.display().to_string();
        let mut store = StatusStore {
            path: location.path,
            label,
            plan_id: plan_id.to_owned(),
            create_dir: location.create_dir,
            log: AnnotationLog::new(),
            problems: Vec::new(),
            headers: Vec::new(),
            first: First::Nothing,
            newest_version: None,
            cursor: Cursor::default(),
            generation: 0,
            meetings: MeetingLog::new(),
            max_bytes: MAX_STATUS_BYTES,
            handed_over: 0,
            focus,
            passed_over: 0,
            index_min: index::MIN_INDEXED_BYTES,
            index_extend: index::EXTEND_BYTES,
        };
        store.refresh()?;
        Ok(store)
    }

    /// [`open_focused`](Self::open_focused) with the line index used from `min` bytes on
    /// and extended past `extend` new bytes, to test it on small files.
    #[cfg(test)]
    pub(crate) fn open_focused_tuned(
        location: Location,
        plan_id: &str,
        texts: &[&str],
        min: u64,
        extend: u64,
    ) -> Result<StatusStore, ReadError> {
        let mut store = StatusStore::open_with(location, plan_id, None)?;
        store.index_min = min;
        store.index_extend = extend;
        store.refocus(Some(texts))?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The same store with a smaller size limit than [`MAX_STATUS_BYTES`], to test it.
    #[cfg(test)]
    fn with_max_bytes(mut self, bytes: u64) -> StatusStore {
        self.max_bytes = bytes;
        self
    }

    pub fn plan_id(&self) -> &str {
        &self.plan_id
    }

    /// Changes whenever the log is read again from the start (the file was replaced by a
    /// `git pull` or a merge): records from before are then no longer a prefix of
    /// [`log`](Self::log)'s records.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Every record, and the state they add up to.
    pub fn log(&self) -> &AnnotationLog {
        &self.log
    }

    /// Moves the log out, leaving an empty one that the records read or written from now
    /// on go into: for a reader that keeps the records elsewhere (the browser's worker
    /// hands them to the interface instead of keeping a second copy). After it,
    /// [`record`](Self::record) and [`undo`](Self::undo) know only the later records, and a
    /// record whose id an earlier one had is told apart only from the later ones; [`save`]
    /// and [`save_event`], which need no history, are as before.
    ///
    /// [`save`]: Self::save
    /// [`save_event`]: Self::save_event
    pub fn take_log(&mut self) -> AnnotationLog {
        self.handed_over += self.log.len();
        std::mem::take(&mut self.log)
    }

    /// Every meeting and decision.
    pub fn meetings(&self) -> &MeetingLog {
        &self.meetings
    }

    /// What could not be read, as `FILE:LINE: what`, since the file was last read whole.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Why changes cannot be written to this file, if they cannot.
    pub fn write_refusal(&self) -> Option<String> {
        let file = &self.label;
        if let Some(version) = self.newest_version.filter(|&v| v > STATUS_FORMAT_VERSION) {
            return Some(format!(
                "{file} was written by a newer planmeet (status format {version}; this one \
                 knows {STATUS_FORMAT_VERSION}): it is read as far as possible and never \
                 written to. Update planmeet to record changes in it."
            ));
        }
        match self.first {
            First::Foreign => {
                return Some(format!(
                    "{file} does not look like a planmeet status file (its first line is \
                     neither a header nor a change record); it is not written to"
                ));
            }
            First::DamagedHeader if self.headers.is_empty() => {
                return Some(format!(
                    "{file}: the header on the first line cannot be read, so the file's \
                     format is unknown; it is not written to"
                ));
            }
            _ => {}
        }
        let other = self.headers.iter().find(|(_, h)| h.plan != self.plan_id);
        other.map(|(line, header)| {
            format!(
                "{file}:{line}: the file belongs to plan {:?}, not {:?}; it is not written \
                 to (name another file with --status-file)",
                header.plan, self.plan_id
            )
        })
    }

    /// Reads what was appended since the last read, or everything again when the file
    /// was replaced or shortened. Cheap when nothing changed (one `stat`).
    pub fn refresh(&mut self) -> Result<Refresh, ReadError> {
        let opened = files::resolve(&self.path).and_then(|real| {
            Ok((
                files::open_regular(&real, Access::Read, "status file")?,
                real,
            ))
        });
        let (mut file, real) = match opened {
            Ok(opened) => opened,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if self.cursor == Cursor::default()
                    && self.log.is_empty()
                    && self.handed_over == 0
                    && self.passed_over == 0
                {
                    return Ok(Refresh::Unchanged);
                }
                self.reset();
                return Ok(Refresh::Reloaded);
            }
            Err(e) => return Err(self.read_error(&e)),
        };
        let _lock = shared_lock(&real);
        self.catch_up(&mut file, &real)
            .map_err(|e| self.read_error(&e))
    }

    /// Records a change made now by `author`. Returns the record as written. The record's
    /// time is `now`, or just after the key's latest record if that is later (a clock
    /// behind another machine's must not make a fresh change lose to an older one).
    pub fn record(
        &mut self,
        change: Change,
        author: &str,
        now: Stamp,
    ) -> Result<Record, SaveError> {
        self.write_record(move |log| {
            let at = log.time_for(&change.key(), now);
            Ok(change
                .clone()
                .into_record(new_record_id().into(), at, author.into()))
        })
    }

    /// Writes a record made earlier (one whose save failed): same id, so writing it twice
    /// is harmless.
    pub fn save(&mut self, record: Record) -> Result<Record, SaveError> {
        self.write_record(move |_| Ok(record.clone()))
    }

    /// Appends a meeting or decision event (same id twice is harmless, as for records).
    pub fn save_event(&mut self, event: Event) -> Result<Event, SaveError> {
        match self.write_locked(move |_| Ok(Entry::Event(event.clone())))? {
            Entry::Event(event) => Ok(event),
            Entry::Record(_) => unreachable!("an event was written"),
        }
    }

    /// [`write_locked`](Self::write_locked) for a change record.
    fn write_record(
        &mut self,
        make: impl Fn(&AnnotationLog) -> Result<Record, SaveError>,
    ) -> Result<Record, SaveError> {
        match self.write_locked(move |log| make(log).map(Entry::Record))? {
            Entry::Record(record) => Ok(record),
            Entry::Event(_) => unreachable!("a record was written"),
        }
    }

    /// Records the undo of record `id` (see [`AnnotationLog::undo_change`]); undoing an undo
    /// is a redo.
    pub fn undo(&mut self, id: &str, author: &str, now: Stamp) -> Result<Record, SaveError> {
        self.write_record(|log| {
            let change = log.undo_change(id).map_err(SaveError::Undo)?;
            let at = log.time_for(&change.key(), now);
            Ok(change.into_record(new_record_id().into(), at, author.into()))
        })
    }

    /// Writes what `make` makes from the log as it is on disk, under the lock. `make` is
    /// called once beforehand too, on the log as last read: a change that is not valid is
    /// refused then, before any folder, lock or file is created.
    fn write_locked(
        &mut self,
        make: impl Fn(&AnnotationLog) -> Result<Entry, SaveError>,
    ) -> Result<Entry, SaveError> {
        let io_error = |file: &Path, doing: &'static str, e: io::Error| SaveError::Io {
            file: file.display().to_string(),
            doing,
            message: e.to_string(),
        };
        match make(&self.log) {
            Ok(entry) => self.check_entry(&entry)?,
            // The record to undo may have arrived since the log was read: decided below,
            // on the file as it is, unless there is no file at all.
            Err(SaveError::Undo(_)) if self.path.exists() => {}
            Err(e) => return Err(e),
        }
        let dir = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            if self.create_dir && !dir.exists() {
                files::create_private_dir_all(&dir)
                    .map_err(|e| io_error(&dir, "create the data directory", e))?;
            } else if dir.exists() {
                return Err(SaveError::Io {
                    file: dir.display().to_string(),
                    doing: "write there",
                    message: "not a directory".into(),
                });
            } else {
                return Err(SaveError::Io {
                    file: dir.display().to_string(),
                    doing: "write there",
                    message: "the directory does not exist".into(),
                });
            }
        }
        // The file itself, whatever name reached it: its lock is everyone's.
        let real = files::resolve(&self.path).map_err(|e| SaveError::Io {
            file: self.label.clone(),
            doing: "open the file for writing",
            message: e.to_string(),
        })?;
        let lock = lock_exclusive(&lock_path(&real), self.privacy())?;
        let result = self.append_while_locked(&real, make);
        // Closing the file would release the lock too; unlocking first says so.
        let _ = lock.unlock();
        result
    }

    fn privacy(&self) -> Privacy {
        if self.create_dir {
            Privacy::Private
        } else {
            Privacy::Shared
        }
    }

    /// Whether `entry` may be written at all (see [`check_new_record`]).
    fn check_entry(&self, entry: &Entry) -> Result<(), SaveError> {
        let checked = match entry {
            Entry::Record(record) => check_new_record(record),
            Entry::Event(event) => check_event(event),
        };
        checked.map_err(|reason| SaveError::Invalid {
            file: self.label.clone(),
            reason,
        })
    }

    fn append_while_locked(
        &mut self,
        real: &Path,
        make: impl Fn(&AnnotationLog) -> Result<Entry, SaveError>,
    ) -> Result<Entry, SaveError> {
        let label = self.label.clone();
        let io_error = |doing: &'static str, e: io::Error| SaveError::Io {
            file: label.clone(),
            doing,
            message: e.to_string(),
        };
        // A new file is created exclusively and never through a link; one that exists is
        // opened only if it is a regular file.
        let (mut file, created) = match files::create_new(real, self.privacy()) {
            Ok(file) => (file, true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => (
                files::open_regular(real, Access::Append, "status file")
                    .map_err(|e| io_error("open the file for writing", e))?,
                false,
            ),
            Err(e) => return Err(io_error("open the file for writing", e)),
        };
        self.catch_up(&mut file, real)
            .map_err(|e| io_error("read the file before writing", e))?;
        if let Some(reason) = self.write_refusal() {
            return Err(SaveError::Refused {
                file: self.label.clone(),
                reason,
            });
        }
        let entry = make(&self.log)?;
        self.check_entry(&entry)?;
        let len = file
            .metadata()
            .map_err(|e| io_error("read the file before writing", e))?
            .len();
        let mut text = String::new();
        if len > 0 && !ends_with_newline(&mut file, len).map_err(|e| io_error("read", e))? {
            // A torn last line: end it, so it costs only itself.
            text.push('\n');
        }
        let needed = match &entry {
            Entry::Record(record) => super::status::version_needed(record),
            Entry::Event(event) => super::status::event_version_needed(event),
        };
        let header = Header::of_version(&self.plan_id, needed);
        let fresh = self.headers.is_empty()
            && matches!(self.first, First::Nothing | First::Torn)
            && self.log.is_empty()
            && self.handed_over == 0
            && self.passed_over == 0
            && self.meetings.is_empty();
        // A line of a newer format than the file's header says: a header saying so first.
        let needs_header = fresh || needed > self.newest_version.unwrap_or(STATUS_BASE_VERSION);
        if needs_header {
            text.push_str(&encode_header(&header).map_err(|m| SaveError::Refused {
                file: self.label.clone(),
                reason: m,
            })?);
            text.push('\n');
        }
        let line = match &entry {
            Entry::Record(record) => encode_record(record),
            Entry::Event(event) => encode_event(event),
        }
        .map_err(|m| SaveError::Refused {
            file: self.label.clone(),
            reason: m,
        })?;
        text.push_str(&line);
        text.push('\n');
        // A write that would make the file too large to read is never acknowledged.
        if len + text.len() as u64 > self.max_bytes {
            let max = self.max_bytes;
            return Err(SaveError::Refused {
                file: self.label.clone(),
                reason: format!(
                    "the file would grow past {max} bytes, more than a status \
                     file may be; the change is not saved (merge the file into a new one \
                     with `planmeet merge`, or start another with --status-file)"
                ),
            });
        }
        // One write for the whole line: another reader sees all of it or none of it
        // (writers are serialised by the lock).
        file.write_all(text.as_bytes())
            .map_err(|e| io_error("write", e))?;
        file.sync_data()
            .map_err(|e| io_error("flush to disk (fdatasync)", e))?;
        if created {
            // A new file's name lives in its directory: sync that too, or a power cut could
            // lose the whole file after the change was reported saved.
            sync_directory(real).map_err(|e| io_error("flush the directory to disk", e))?;
        }
        let new_lines = text.matches('\n').count();
        if needs_header {
            let header_line = self.cursor.lines + new_lines - 1;
            self.headers.push((header_line, header));
            self.newest_version = self.newest_version.max(Some(needed));
            if matches!(self.first, First::Nothing | First::Torn) {
                self.first = First::Header;
            }
        }
        self.cursor.offset = len + text.len() as u64;
        self.cursor.lines += new_lines;
        self.cursor.partial_reported = None;
        match &entry {
            Entry::Record(record) => {
                self.log.insert(record.clone());
            }
            Entry::Event(event) => {
                self.meetings.extend([event.clone()]);
            }
        }
        Ok(entry)
    }

    /// Brings the in-memory log up to the file: the new lines only, or everything when the
    /// file is another file now (replaced by a rename) or shorter than what was read.
    fn catch_up(&mut self, file: &mut File, real: &Path) -> io::Result<Refresh> {
        let meta = file.metadata()?;
        if meta.is_dir() {
            return Err(io::Error::other("is a directory, not a status file"));
        }
        let identity = identity(&meta);
        let len = meta.len();
        let replaced = self.cursor.identity.is_some() && self.cursor.identity != identity;
        if replaced || len < self.cursor.offset {
            self.reset();
        }
        let fresh = self.cursor.offset == 0;
        self.cursor.identity = identity;
        if len == self.cursor.offset {
            return Ok(if fresh && replaced {
                Refresh::Reloaded
            } else {
                Refresh::Unchanged
            });
        }
        if len > self.max_bytes {
            let max = self.max_bytes;
            return Err(io::Error::other(format!(
                "{len} bytes is more than a status file may be ({max} bytes)"
            )));
        }
        // A large file read for a few items: through the index of its lines.
        let indexed = match &self.focus {
            Some(focus) if fresh && len >= self.index_min => {
                let privacy = self.privacy();
                let extend = self.index_extend;
                index::scan_indexed(file, real, len, focus, &self.label, privacy, extend)?
            }
            _ => None,
        };
        let scanned = match indexed {
            Some(scanned) => scanned,
            None => {
                file.seek(SeekFrom::Start(self.cursor.offset))?;
                // Read a block at a time: a large file's bytes are never all in memory at once.
                // A torn first line is read again whole once it is complete.
                let seen_first = !matches!(self.first, First::Nothing | First::Torn);
                scan_reader_focused(
                    file.take(self.max_bytes),
                    (len - self.cursor.offset) as usize,
                    self.cursor.lines + 1,
                    &self.label,
                    self.focus.as_ref(),
                    seen_first,
                )?
            }
        };
        if fresh {
            self.apply(scanned);
            return Ok(Refresh::Reloaded);
        }
        let ids = scanned.records.iter().map(|r| r.id.to_string()).collect();
        self.apply(scanned);
        Ok(Refresh::Appended(ids))
    }

    fn apply(&mut self, scanned: Scan) {
        if let Some(problem) = scanned.partial_problem(&self.label)
            && self.cursor.partial_reported != Some(problem.line)
        {
            self.cursor.partial_reported = Some(problem.line);
            self.problems.push(problem);
        }
        if self.first == First::Nothing {
            self.first = scanned.first;
        } else if self.first == First::Torn && scanned.lines > 0 {
            // The torn first line is complete now (ended by a later writer): what it is
            // was decided by the scan of the lines it starts.
            self.first = scanned.first;
        }
        self.newest_version = self.newest_version.max(scanned.newest_version);
        self.headers.extend(scanned.headers);
        self.problems.extend(scanned.problems);
        self.cursor.offset += scanned.consumed as u64;
        self.cursor.lines += scanned.lines;
        self.passed_over += scanned.skipped;
        let conflicts = self.log.conflicts().len();
        self.log.extend(scanned.records);
        // One id, two different records (a hand edit, a damaged copy): the log keeps the
        // same one of them whatever the order; the user is told, and the file keeps both.
        for id in &self.log.conflicts()[conflicts..] {
            self.problems.push(Problem {
                file: self.label.clone(),
                line: 0,
                message: format!(
                    "record {id} is in the file more than once with different contents; \
                     the same one of them is used whatever the order, and both lines are \
                     left in the file as they are"
                ),
            });
        }
        if !scanned.events.is_empty() {
            self.meetings.extend(scanned.events);
        }
    }

    fn reset(&mut self) {
        self.generation += 1;
        self.log = AnnotationLog::new();
        self.handed_over = 0;
        self.passed_over = 0;
        self.meetings = MeetingLog::new();
        self.problems.clear();
        self.headers.clear();
        self.first = First::Nothing;
        self.newest_version = None;
        self.cursor = Cursor::default();
    }

    fn read_error(&self, e: &io::Error) -> ReadError {
        ReadError {
            file: self.label.clone(),
            message: e.to_string(),
        }
    }
}

/// A shared lock on the lock file of `real` (a resolved path) while reading, so a write in
/// progress is never half-read; best effort (a read-only directory, a lock held too long:
/// read anyway, an incomplete last line is left for the next read).
fn shared_lock(real: &Path) -> Option<File> {
    let lock = files::open_existing_lock(&lock_path(real)).ok()?;
    let start = Instant::now();
    loop {
        match lock.try_lock_shared() {
            Ok(()) => return Some(lock),
            Err(TryLockError::WouldBlock) if start.elapsed() < READ_LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(_) => return None,
        }
    }
}

fn lock_exclusive(path: &Path, privacy: Privacy) -> Result<File, SaveError> {
    let lock = files::open_lock(path, privacy).map_err(|e| SaveError::Io {
        file: path.display().to_string(),
        doing: "open the lock file",
        message: e.to_string(),
    })?;
    let start = Instant::now();
    let mut pause = Duration::from_micros(200);
    loop {
        match lock.try_lock() {
            Ok(()) => return Ok(lock),
            Err(TryLockError::WouldBlock) => {
                if start.elapsed() > LOCK_TIMEOUT {
                    return Err(SaveError::Locked {
                        lock: path.display().to_string(),
                    });
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(10));
            }
            Err(TryLockError::Error(e)) => {
                return Err(SaveError::Io {
                    file: path.display().to_string(),
                    doing: "lock",
                    message: e.to_string(),
                });
            }
        }
    }
}

fn sync_directory(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn ends_with_newline(file: &mut File, len: u64) -> io::Result<bool> {
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

#[cfg(unix)]
fn identity(meta: &fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(_meta: &fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// Reads a whole status file for a one-off use (merge): `real` is its resolved path. With
/// `locked`, the caller holds the file's exclusive lock already (an in-place merge);
/// otherwise a shared lock is taken when there is a lock file. `None` when the file does
/// not exist.
pub(crate) fn read_whole(real: &Path, locked: bool) -> io::Result<Option<Vec<u8>>> {
    let file = match files::open_regular(real, Access::Read, "status file") {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let _lock = if locked { None } else { shared_lock(real) };
    let mut bytes = Vec::new();
    file.take(MAX_STATUS_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_STATUS_BYTES {
        return Err(io::Error::other(format!(
            "more than a status file may be ({MAX_STATUS_BYTES} bytes)"
        )));
    }
    Ok(Some(bytes))
}

/// The exclusive lock of the file `real` (a resolved path): the one appends take.
pub(crate) fn lock_for_rewrite(real: &Path) -> Result<File, SaveError> {
    let own = real.parent().is_some_and(files::is_own_private_dir);
    let privacy = if own {
        Privacy::Private
    } else {
        Privacy::Shared
    };
    lock_exclusive(&lock_path(real), privacy)
}

pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        if let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) {
            return identity(&ma) == identity(&mb);
        }
    }
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(ca), Ok(cb)) => ca == cb,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::annotation::{Key, Status};
    use std::fs::OpenOptions;

    fn stamp(text: &str) -> Stamp {
        Stamp::parse(text).unwrap()
    }

    fn store_in(dir: &Path) -> StatusStore {
        let location = Location {
            path: dir.join("plan.status.ron"),
            create_dir: false,
        };
        StatusStore::open(location, "plan").unwrap()
    }

    fn status_change(item: &str, status: Status) -> Change {
        let mut change = Change::new(&Key::new(item, None));
        change.status = Some(status);
        change
    }

    #[test]
    fn names_and_places() {
        assert_eq!(
            file_name("liuzhou-2021-2023"),
            "liuzhou-2021-2023.status.ron"
        );
        assert_eq!(file_name("../etc/x y"), ".._etc_x_y.status.ron");
        assert_eq!(file_name(".."), "plan.status.ron");
        assert_eq!(
            lock_path(Path::new("/a/b.status.ron")),
            Path::new("/a/b.status.ron.lock")
        );
        let explicit = locate(Some(Path::new("x.ron")), "p").unwrap();
        assert!(!explicit.create_dir);
        let env = |k: &str| match k {
            "USER" => Some("wang".to_owned()),
            "PLANMEET_AUTHOR" => Some("  ".to_owned()),
            _ => None,
        };
        assert_eq!(author_from_env(env).as_deref(), Some("wang"));
        assert_ne!(new_record_id(), new_record_id());
        assert_eq!(new_record_id().len(), 16);
    }

    #[test]
    fn records_round_trip_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_in(dir.path());
        assert!(store.log().is_empty());
        let mut change = status_change("p1.t1", Status::AtRisk);
        change.note = Some("资金\n未到位".into());
        change.owner = Some("kjj".into());
        let written = store
            .record(change, "王芳", stamp("2026-05-14T10:00:00+08:00"))
            .unwrap();
        let text = fs::read_to_string(store.path()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert_eq!(lines[0], "Header(format_version: 1, plan: \"plan\")");
        assert!(lines[1].contains("note: \"资金\\n未到位\""), "{text}");
        let again = store_in(dir.path());
        assert_eq!(again.log().records(), [written]);
        assert!(again.problems().is_empty());
        let state = again.log().annotation("p1.t1", Some("kjj")).unwrap();
        assert_eq!(state.status.as_ref().unwrap().value, Status::AtRisk);
    }

    #[test]
    fn a_file_says_format_2_only_from_its_first_line_that_needs_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_in(dir.path());
        let t = stamp("2026-05-14T10:00:00+08:00");
        store
            .record(status_change("p1.t1", Status::AtRisk), "a", t)
            .unwrap();
        let mut report = status_change("p1.t2", Status::OnTrack);
        report.set_text(
            crate::model::annotation::Field::Problems,
            "资金未到位".into(),
        );
        store.record(report, "a", t).unwrap();
        // A third line that needs 2 adds no second header.
        let mut sourced = status_change("p1.t3", Status::Done);
        sourced.source = Some("市科技局.xlsx · 2026-05-14".into());
        store.record(sourced, "a", t).unwrap();
        let text = fs::read_to_string(store.path()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "{text}");
        assert_eq!(lines[0], "Header(format_version: 1, plan: \"plan\")");
        assert!(lines[1].starts_with("Change("), "{text}");
        assert_eq!(lines[2], "Header(format_version: 2, plan: \"plan\")");
        assert!(lines[3].contains("problems: \"资金未到位\""), "{text}");
        assert!(lines[4].starts_with("Change("), "{text}");
        // This build reads both and writes on.
        let mut again = store_in(dir.path());
        assert_eq!(again.log().len(), 3);
        assert!(again.problems().is_empty(), "{:?}", again.problems());
        assert_eq!(again.write_refusal(), None);
        again
            .record(status_change("p1.t4", Status::Done), "a", t)
            .unwrap();
        let text = fs::read_to_string(again.path()).unwrap();
        assert_eq!(text.matches("Header(").count(), 2, "{text}");
        // A fresh file whose first line needs 2 starts with a header of 2.
        let other = tempfile::tempdir().unwrap();
        let mut fresh = store_in(other.path());
        let mut report = status_change("p1.t1", Status::AtRisk);
        report.set_text(
            crate::model::annotation::Field::NextSteps,
            "下月验收".into(),
        );
        fresh.record(report, "a", t).unwrap();
        let text = fs::read_to_string(fresh.path()).unwrap();
        assert!(text.starts_with("Header(format_version: 2, "), "{text}");
        // What a format-1 planmeet sees in such a file: a header newer than it reads,
        // so it refuses to write (the same check, one version down).
        let future = "Header(format_version: 3, plan: \"plan\")\n";
        let third = tempfile::tempdir().unwrap();
        fs::write(third.path().join("plan.status.ron"), future).unwrap();
        let newer = store_in(third.path());
        let refusal = newer.write_refusal().unwrap();
        assert!(
            refusal.contains("newer planmeet (status format 3"),
            "{refusal}"
        );
    }

    #[test]
    fn a_later_change_is_never_stamped_before_the_one_it_follows() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_in(dir.path());
        let t = stamp("2026-05-14T10:00:00+08:00");
        store
            .record(status_change("p1", Status::Done), "a", t)
            .unwrap();
        // A clock that went back, or two changes in the same instant.
        let second = store
            .record(
                status_change("p1", Status::Behind),
                "a",
                stamp("2026-05-14T09:00:00+08:00"),
            )
            .unwrap();
        assert!(second.at > t);
        let state = store.log().annotation("p1", None).unwrap();
        assert_eq!(state.status.as_ref().unwrap().value, Status::Behind);
    }

    #[test]
    fn a_torn_last_line_costs_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_in(dir.path());
        let t = stamp("2026-05-14T10:00:00+08:00");
        store
            .record(status_change("p1", Status::Done), "a", t)
            .unwrap();
        // A crash in the middle of the next write.
        let mut file = OpenOptions::new().append(true).open(store.path()).unwrap();
        file.write_all(b"Change(at: \"2026-05-14T11:00:00+08:00\", auth")
            .unwrap();
        drop(file);

        let mut reader = store_in(dir.path());
        assert_eq!(reader.log().len(), 1);
        let problems: Vec<String> = reader.problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].ends_with("plan.status.ron:3: incomplete last line (a write cut short, e.g. by a crash); ignored"), "{problems:?}");
        assert!(reader.write_refusal().is_none());

        // The next change, by anyone, is whole and readable.
        let next = reader
            .record(status_change("p2", Status::OnTrack), "b", t)
            .unwrap();
        let fresh = store_in(dir.path());
        assert_eq!(fresh.log().len(), 2);
        assert!(fresh.log().get(&next.id).is_some());
        let problems: Vec<String> = fresh.problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains(":3: cannot read the record"),
            "{problems:?}"
        );
        // The writer that knew the file follows along without reading its own line again.
        assert_eq!(
            store.refresh().unwrap(),
            Refresh::Appended(vec![next.id.to_string()])
        );
        assert_eq!(store.log().len(), 2);
    }

    #[test]
    fn a_damaged_middle_line_is_kept_and_the_file_still_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_in(dir.path());
        let t = stamp("2026-05-14T10:00:00+08:00");
        store
            .record(status_change("p1", Status::Done), "a", t)
            .unwrap();
        let mut file = OpenOptions::new().append(true).open(store.path()).unwrap();
        file.write_all(b"Change(at: 12, garbage)\n").unwrap();
        drop(file);
        store
            .record(status_change("p2", Status::Done), "a", t)
            .unwrap();
        let text = fs::read_to_string(store.path()).unwrap();
        assert_eq!(text.lines().nth(2), Some("Change(at: 12, garbage)"));
        let reader = store_in(dir.path());
        assert_eq!(reader.log().len(), 2);
        assert_eq!(reader.problems().len(), 1);
        assert_eq!(reader.problems()[0].line, 3);
    }

    #[test]
    fn a_newer_format_is_read_but_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.status.ron");
        let original = "Header(format_version: 3, plan: \"plan\", zone: \"CN\")\n\
                        Change(at: \"2026-05-14T10:00:00+08:00\", author: \"a\", item: \"p1\", status: Done, id: \"r1\")\n";
        fs::write(&path, original).unwrap();
        let mut store = store_in(dir.path());
        assert_eq!(store.log().len(), 1, "{:?}", store.problems());
        let reason = store.write_refusal().unwrap();
        assert!(
            reason.contains("newer planmeet (status format 3"),
            "{reason}"
        );
        let error = store
            .record(
                status_change("p1", Status::Behind),
                "a",
                stamp("2026-05-14T11:00:00+08:00"),
            )
            .unwrap_err();
        assert!(matches!(error, SaveError::Refused { .. }), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), original);
    }

    #[test]
    fn a_file_that_is_not_a_status_file_is_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.status.ron");
        let original = "#![enable(implicit_some)]\n(format_version: 1, meta: ())\n";
        fs::write(&path, original).unwrap();
        let mut store = store_in(dir.path());
        assert!(
            store
                .write_refusal()
                .unwrap()
                .contains("does not look like")
        );
        assert!(
            store
                .record(
                    status_change("p1", Status::Done),
                    "a",
                    stamp("2026-05-14T11:00:00+08:00")
                )
                .is_err()
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), original);

        fs::write(&path, "Header(format_version: 1, plan: \"other\")\n").unwrap();
        let mut store = store_in(dir.path());
        assert!(
            store
                .write_refusal()
                .unwrap()
                .contains("belongs to plan \"other\"")
        );
        assert!(
            store
                .record(
                    status_change("p1", Status::Done),
                    "a",
                    stamp("2026-05-14T11:00:00+08:00")
                )
                .is_err()
        );
    }

    #[test]
    fn a_torn_first_write_is_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.status.ron");
        fs::write(&path, "Header(format_ver").unwrap();
        let mut store = store_in(dir.path());
        assert!(store.write_refusal().is_none());
        store
            .record(
                status_change("p1", Status::Done),
                "a",
                stamp("2026-05-14T11:00:00+08:00"),
            )
            .unwrap();
        let reader = store_in(dir.path());
        assert_eq!(reader.log().len(), 1);
        assert!(
            reader.write_refusal().is_none(),
            "{:?}",
            reader.write_refusal()
        );
        assert_eq!(reader.problems().len(), 1);
    }

    #[test]
    fn a_replaced_file_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_in(dir.path());
        let t = stamp("2026-05-14T10:00:00+08:00");
        store
            .record(status_change("p1", Status::Done), "a", t)
            .unwrap();
        let mut other = store_in(dir.path());
        other
            .record(status_change("p2", Status::Done), "b", t)
            .unwrap();
        let text = fs::read_to_string(store.path()).unwrap();
        let replacement = dir.path().join("new");
        fs::write(
            &replacement,
            text.lines().take(2).collect::<Vec<_>>().join("\n") + "\n",
        )
        .unwrap();
        fs::rename(&replacement, store.path()).unwrap();
        assert_eq!(store.refresh().unwrap(), Refresh::Reloaded);
        assert_eq!(store.log().len(), 1);
        assert_eq!(store.refresh().unwrap(), Refresh::Unchanged);
        fs::remove_file(store.path()).unwrap();
        assert_eq!(store.refresh().unwrap(), Refresh::Reloaded);
        assert!(store.log().is_empty());
    }

    #[test]
    fn undo_and_redo_are_recorded_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_in(dir.path());
        let t = stamp("2026-05-14T10:00:00+08:00");
        store
            .record(status_change("p1", Status::OnTrack), "a", t)
            .unwrap();
        let second = store
            .record(status_change("p1", Status::Behind), "a", t)
            .unwrap();
        let undo = store.undo(&second.id, "a", t).unwrap();
        assert_eq!(undo.undoes().map(|u| u.as_str()), Some(second.id.as_str()));
        let status = |s: &StatusStore| {
            s.log()
                .annotation("p1", None)
                .unwrap()
                .status
                .clone()
                .unwrap()
                .value
        };
        assert_eq!(status(&store), Status::OnTrack);
        store.undo(&undo.id, "a", t).unwrap();
        assert_eq!(status(&store), Status::Behind);
        assert_eq!(status(&store_in(dir.path())), Status::Behind);
        assert_eq!(store_in(dir.path()).log().len(), 4);
        assert!(matches!(
            store.undo("nope", "a", t),
            Err(SaveError::Undo(_))
        ));
    }

    #[test]
    fn no_write_makes_the_file_too_large_to_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_in(dir.path()).with_max_bytes(4096);
        let t = stamp("2026-05-14T10:00:00+08:00");
        let mut written = 0;
        let error = loop {
            let mut change = status_change("p1", Status::Done);
            change.note = Some("备注".repeat(40));
            match store.record(change, "a", t) {
                Ok(_) => written += 1,
                Err(error) => break error,
            }
        };
        assert!(written > 3, "{written}");
        assert!(
            error.to_string().contains("would grow past 4096 bytes"),
            "{error}"
        );
        let len = fs::metadata(store.path()).unwrap().len();
        assert!(len <= 4096, "{len}");
        let mut reader = store_in(dir.path()).with_max_bytes(4096);
        assert_eq!(reader.log().len(), written);
        assert_eq!(reader.refresh().unwrap(), Refresh::Unchanged);
    }

    #[test]
    fn a_change_that_could_never_be_written_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let location = Location {
            path: dir.path().join("data/plan.status.ron"),
            create_dir: true,
        };
        let mut store = StatusStore::open(location, "plan").unwrap();
        let t = stamp("2026-05-14T10:00:00+08:00");
        let mut change = status_change("p1", Status::Done);
        change.note = Some("x".repeat(MAX_NOTE_BYTES + 1));
        let error = store.record(change, "a", t).unwrap_err();
        assert!(matches!(error, SaveError::Invalid { .. }), "{error}");
        let error = store
            .record(status_change("p1", Status::Done), &"a".repeat(201), t)
            .unwrap_err();
        assert!(matches!(error, SaveError::Invalid { .. }), "{error}");
        let late = stamp("9500-01-01T00:00:00+00:00");
        let error = store
            .record(status_change("p1", Status::Done), "a", late)
            .unwrap_err();
        assert!(error.to_string().contains("past the year 9000"), "{error}");
        assert!(!dir.path().join("data").exists());
        let mut change = status_change("p1", Status::Done);
        change.note = Some("x".repeat(MAX_NOTE_BYTES));
        store.record(change, "a", t).unwrap();
        assert_eq!(store_in(&dir.path().join("data")).log().len(), 1);
    }

    #[test]
    fn a_missing_directory_is_a_clear_error_unless_it_is_the_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        let location = Location {
            path: dir.path().join("missing/plan.status.ron"),
            create_dir: false,
        };
        let mut store = StatusStore::open(location.clone(), "plan").unwrap();
        let t = stamp("2026-05-14T10:00:00+08:00");
        let error = store
            .record(status_change("p1", Status::Done), "a", t)
            .unwrap_err();
        assert!(
            error.to_string().contains("the directory does not exist"),
            "{error}"
        );
        let mut store = StatusStore::open(
            Location {
                create_dir: true,
                ..location
            },
            "plan",
        )
        .unwrap();
        store
            .record(status_change("p1", Status::Done), "a", t)
            .unwrap();
    }

    /// Everything `status set` and `status undo` use of a store read for one item (or
    /// record) is what a whole read gives: a differential test over a synthetic history
    /// with an escaped item id, comments, a damaged line and blocks cut mid-file.
    #[test]
    fn a_focused_read_stamps_and_undoes_as_a_whole_read() {
        use crate::synthetic::{History, Shape};
        let seed = crate::store::load(None).unwrap().plan;
        let shape = Shape {
            programmes: 3,
            tasks: 60,
            units: 20,
            targets: 12,
        };
        let plan = crate::synthetic::plan(&seed, shape);
        let history = History {
            records: 3_000,
            authors: 6,
            meetings: 4,
            undos_per_mille: 60,
        };
        let records = crate::synthetic::status_records(&seed, &plan, history, 11);
        let mut text = encode_header(&Header::new("plan")).unwrap() + "\n";
        for (i, record) in records.iter().enumerate() {
            let mut line = encode_record(record).unwrap();
            if i == 1_500 {
                text.push_str("// a comment\nChange(at: \"2022-01-01T00:00:00+08:00\", auth\n");
            }
            if i % 700 == 3 {
                // A hand-written line spelling the item's last character as an escape.
                let item = &record.item;
                let last = item.chars().last().unwrap();
                let spelt = format!(
                    "{}\\u{{{:x}}}",
                    &item[..item.len() - last.len_utf8()],
                    last as u32
                );
                line = line.replacen(
                    &format!("item: \"{item}\""),
                    &format!("item:  \"{spelt}\""),
                    1,
                );
                assert!(line.contains("\\u{"), "{line}");
            }
            text.push_str(&line);
            text.push('\n');
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.status.ron");
        fs::write(&path, &text).unwrap();
        let location = || Location {
            path: path.clone(),
            create_dir: false,
        };
        let whole = StatusStore::open(location(), "plan").unwrap();
        assert_eq!(whole.log().len(), records.len());
        let before_all = stamp("2020-01-01T00:00:00+08:00");
        let mut items: Vec<&str> = records.iter().map(|r| r.item.as_str()).collect();
        items.sort_unstable();
        items.dedup();
        assert!(items.len() > 30, "{}", items.len());
        for item in items.iter().step_by(3) {
            let focused = StatusStore::open_focused(location(), "plan", &[item]).unwrap();
            assert!(focused.passed_over > 0, "{item}");
            assert!(focused.log().len() < whole.log().len() / 4, "{item}");
            assert_eq!(
                focused.log().history(item),
                whole.log().history(item),
                "{item}"
            );
            assert_eq!(focused.write_refusal(), whole.write_refusal());
            for record in whole.log().history(item) {
                let key = record.key();
                assert_eq!(
                    focused.log().time_for(&key, before_all),
                    whole.log().time_for(&key, before_all),
                    "{item}"
                );
                // Undo as `status undo` reads for it: the record's id, then its item too.
                let mut by_id =
                    StatusStore::open_focused(location(), "plan", &[&record.id]).unwrap();
                assert_eq!(by_id.log().get(&record.id), Some(record));
                by_id.refocus(Some(&[&record.id, item])).unwrap();
                assert_eq!(
                    by_id.log().undo_change(&record.id),
                    whole.log().undo_change(&record.id),
                    "{}",
                    record.id
                );
            }
        }
        // The escaped lines were read for their items.
        for record in records.iter().skip(3).step_by(700) {
            let focused = StatusStore::open_focused(location(), "plan", &[&record.item]).unwrap();
            assert!(focused.log().get(&record.id).is_some(), "{}", record.id);
        }
        // The damaged line is reported only when read, and a write adds no second header.
        let mut focused = StatusStore::open_focused(location(), "plan", &[items[0]]).unwrap();
        assert!(
            whole.problems().iter().any(|p| p.line == 1_503),
            "{:?}",
            whole.problems()
        );
        let written = focused
            .record(status_change(items[0], Status::Done), "z", before_all)
            .unwrap();
        assert!(written.at > whole.log().last_of(&written.key()).unwrap().at);
        let after = fs::read_to_string(&path).unwrap();
        assert_eq!(after.matches("Header(").count(), 1);
        assert!(after.starts_with(&text));
        let again = StatusStore::open(location(), "plan").unwrap();
        assert_eq!(again.log().len(), records.len() + 1);
        // A text that could be spelt otherwise focuses on nothing: everything is read.
        let all = StatusStore::open_focused(location(), "plan", &["a\"b"]).unwrap();
        assert_eq!(all.log().len(), records.len() + 1);
        assert_eq!(all.passed_over, 0);
    }

    /// A focused read refuses to write where a whole read refuses: another plan's header,
    /// or a newer format's, in the middle of the history.
    #[test]
    fn a_focused_read_refuses_what_a_whole_read_refuses() {
        for odd in [
            encode_header(&Header::new("other")).unwrap(),
            "Header(format_version: 99, plan: \"plan\")".to_owned(),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let mut store = store_in(dir.path());
            let t = stamp("2026-05-14T10:00:00+08:00");
            for i in 0..50 {
                store
                    .record(status_change(&format!("p{i}"), Status::Done), "a", t)
                    .unwrap();
            }
            let text = fs::read_to_string(store.path()).unwrap();
            let mut lines: Vec<&str> = text.lines().collect();
            lines.insert(26, &odd);
            fs::write(store.path(), lines.join("\n") + "\n").unwrap();
            let location = Location {
                path: store.path().to_path_buf(),
                create_dir: false,
            };
            let mut focused = StatusStore::open_focused(location, "plan", &["p3"]).unwrap();
            assert!(focused.passed_over > 0);
            assert!(focused.write_refusal().is_some(), "{odd}");
            assert_eq!(
                focused.write_refusal(),
                store_in(dir.path()).write_refusal()
            );
            let before = fs::read(store.path()).unwrap();
            assert!(matches!(
                focused.record(status_change("p3", Status::Behind), "b", t),
                Err(SaveError::Refused { .. })
            ));
            assert_eq!(fs::read(store.path()).unwrap(), before);
        }
    }

    /// What a differential test of the line index does to a status file between reads.
    #[derive(Debug, Clone)]
    enum Step {
        /// Records appended by someone else: (item, owner, minutes after a start, in no
        /// order; whether the note spells a character as an escape).
        Append(Vec<(usize, usize, u16, bool)>),
        /// A change line that cannot be read, of an item or of none.
        Damaged(Option<usize>, bool),
        /// A comment, blank lines, a meeting.
        Other(u8),
        /// The start of a line, cut short (a crash mid-write).
        Torn(usize),
        /// A change made with `status set` through the index.
        Set(usize, usize),
        /// `status undo` of the n-th record of an item, through the index.
        Undo(usize, usize),
        /// The lines reordered behind the header (a merge): by rename or in place.
        Rewrite(u64, bool),
        /// The file cut at a line end, in place.
        Truncate(u8),
        /// The index damaged: a byte changed, or cut short.
        CorruptIndex(u64, u8, bool),
        /// The index of another file put in its place.
        ForeignIndex,
    }

    const ITEMS: [&str; 4] = ["p1.t1", "p1.t10", "p1.t2", "s3"];
    const OWNERS: [Option<&str>; 3] = [None, Some("u1"), Some("u2")];

    fn step() -> impl proptest::strategy::Strategy<Value = Step> {
        use proptest::prelude::*;
        prop_oneof![
            4 => proptest::collection::vec((0..4usize, 0..3usize, any::<u16>(), proptest::bool::weighted(0.1)), 1..40)
                .prop_map(Step::Append),
            1 => (proptest::option::of(0..4usize), any::<bool>()).prop_map(|(i, u)| Step::Damaged(i, u)),
            1 => any::<u8>().prop_map(Step::Other),
            1 => (0..4usize).prop_map(Step::Torn),
            2 => (0..4usize, 0..3usize).prop_map(|(i, o)| Step::Set(i, o)),
            1 => (0..4usize, 0..20usize).prop_map(|(i, n)| Step::Undo(i, n)),
            1 => (any::<u64>(), any::<bool>()).prop_map(|(seed, rename)| Step::Rewrite(seed, rename)),
            1 => any::<u8>().prop_map(Step::Truncate),
            1 => (any::<u64>(), 1..=255u8, any::<bool>()).prop_map(|(at, x, cut)| Step::CorruptIndex(at, x, cut)),
            1 => Just(Step::ForeignIndex),
        ]
    }

    /// Appends `text` as a writer would: after ending a torn last line.
    fn append_lines(path: &Path, text: &[u8]) {
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)
            .unwrap();
        let len = file.metadata().unwrap().len();
        let mut bytes = Vec::new();
        if len > 0 && !ends_with_newline(&mut file, len).unwrap() {
            bytes.push(b'\n');
        }
        bytes.extend_from_slice(text);
        file.write_all(&bytes).unwrap();
    }

    fn tuned(path: &Path, texts: &[&str], min: u64, extend: u64) -> StatusStore {
        let location = Location {
            path: path.to_path_buf(),
            create_dir: false,
        };
        StatusStore::open_focused_tuned(location, "plan", texts, min, extend).unwrap()
    }

    /// A read through the index gives what a whole read gives of an item's history, its
    /// stamps and its undos, and exactly what a focused read without the index gives of
    /// the file (what it is, its headers, its problems).
    fn agree(path: &Path, extend: u64) {
        let location = Location {
            path: path.to_path_buf(),
            create_dir: false,
        };
        let whole = StatusStore::open(location, "plan").unwrap();
        let start = stamp("2026-05-14T10:00:00+08:00");
        let index = index::index_path(path);
        for item in ITEMS {
            let plain = tuned(path, &[item], u64::MAX, extend);
            // Twice: the index as built (or extended) by the first read, then as read back.
            for round in 0..2 {
                let indexed = tuned(path, &[item], 0, extend);
                let what = format!("{item}, round {round}");
                assert_eq!(
                    indexed.log().history(item),
                    whole.log().history(item),
                    "{what}"
                );
                for owner in OWNERS {
                    let key = Key::new(item, owner);
                    assert_eq!(
                        indexed.log().time_for(&key, start),
                        whole.log().time_for(&key, start),
                        "{what}"
                    );
                }
                assert_eq!(indexed.write_refusal(), whole.write_refusal(), "{what}");
                assert_eq!(indexed.problems(), plain.problems(), "{what}");
                assert_eq!(indexed.first, plain.first, "{what}");
                assert_eq!(indexed.headers, plain.headers, "{what}");
                assert_eq!(indexed.newest_version, plain.newest_version, "{what}");
                assert_eq!(indexed.cursor, plain.cursor, "{what}");
                assert_eq!(indexed.meetings(), whole.meetings(), "{what}");
                assert_eq!(indexed.passed_over > 0, plain.passed_over > 0, "{what}");
                if fs::metadata(path).is_ok_and(|m| m.len() > 0) {
                    assert!(index.exists(), "{what}: no index written");
                }
            }
            for record in whole.log().history(item).into_iter().rev().take(3) {
                let mut by_id = tuned(path, &[&record.id], 0, extend);
                assert_eq!(by_id.log().get(&record.id), whole.log().get(&record.id));
                by_id.refocus(Some(&[&record.id, item])).unwrap();
                assert_eq!(
                    by_id.log().undo_change(&record.id),
                    whole.log().undo_change(&record.id),
                    "{}",
                    record.id
                );
            }
        }
    }

    fn apply_step(path: &Path, step: &Step, next_id: &mut u64, extend: u64) {
        let start = stamp("2026-05-14T10:00:00+08:00");
        let index = index::index_path(path);
        match step {
            Step::Append(records) => {
                let mut text = String::new();
                if !path.exists() {
                    text = encode_header(&Header::new("plan")).unwrap() + "\n";
                }
                for &(item, owner, minutes, escaped) in records {
                    let mut change = Change::new(&Key::new(ITEMS[item], OWNERS[owner]));
                    change.status = Some(Status::ALL[usize::from(minutes) % Status::ALL.len()]);
                    if escaped {
                        // A zero-width space: written as `\u{200b}`.
                        change.note = Some(format!("见{}\u{200b}文件", ITEMS[item]));
                    }
                    *next_id += 1;
                    let at = Stamp::new(
                        start.timestamp() + jiff::SignedDuration::from_mins(i64::from(minutes)),
                        start.offset(),
                    );
                    let record =
                        change.into_record(format!("r{next_id:06}").into(), at, "王芳".into());
                    text.push_str(&encode_record(&record).unwrap());
                    text.push('\n');
                }
                append_lines(path, text.as_bytes());
            }
            Step::Damaged(item, utf8) => {
                let mut line = match item {
                    Some(i) => format!("Change(at: \"x\", item: \"{}\", status: Nope)", ITEMS[*i])
                        .into_bytes(),
                    None => b"Change(at: \"2026-05-14T10:00:00+08:00\", auth".to_vec(),
                };
                if !utf8 {
                    line.extend_from_slice(b" \xFF\xFE");
                }
                line.push(b'\n');
                append_lines(path, &line);
            }
            Step::Other(kind) => {
                let text = match kind % 3 {
                    0 => "// a comment\n\n   \n".to_owned(),
                    1 => "not a status line\n".to_owned(),
                    _ => format!(
                        "Meeting(at: \"2022-06-29T09:00:00+08:00\", author: \"王芳\", meeting: \"m{kind}\", event: Open(title: \"调度会\", date: \"2022-06-29\", attendees: [\"kjj\"]), id: \"e{kind}\")\n"
                    ),
                };
                append_lines(path, text.as_bytes());
            }
            Step::Torn(item) => {
                let text = format!(
                    "Change(at: \"2026-05-14T10:00:00+08:00\", item: \"{}\"",
                    ITEMS[*item]
                );
                append_lines(path, text.as_bytes());
                // No line end: undo what `append_lines` would have added after it.
            }
            Step::Set(item, owner) => {
                let mut store = tuned(path, &[ITEMS[*item]], 0, extend);
                let mut change = Change::new(&Key::new(ITEMS[*item], OWNERS[*owner]));
                change.progress = Some(50);
                if store.write_refusal().is_none() {
                    store.record(change, "李雷", start).unwrap();
                }
            }
            Step::Undo(item, n) => {
                let whole = StatusStore::open(
                    Location {
                        path: path.to_path_buf(),
                        create_dir: false,
                    },
                    "plan",
                )
                .unwrap();
                let history = whole.log().history(ITEMS[*item]);
                if let Some(record) = history.get(*n % history.len().max(1)) {
                    let id = record.id.to_string();
                    let mut store = tuned(path, &[&id], 0, extend);
                    store.refocus(Some(&[&id, ITEMS[*item]])).unwrap();
                    if store.write_refusal().is_none() {
                        // Already undone: refused alike by both reads (checked in `agree`).
                        let _ = store.undo(&id, "李雷", start);
                    }
                }
            }
            Step::Rewrite(seed, rename) => {
                let Ok(text) = fs::read(path) else { return };
                let mut lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
                if lines.len() > 2 {
                    let rest = &mut lines[1..];
                    let n = rest.len() as u64;
                    for i in (1..rest.len()).rev() {
                        let j = (seed.wrapping_mul(i as u64 + 7) >> 7) % (i as u64 + 1);
                        rest.swap(i, j as usize);
                    }
                    let _ = n;
                }
                let mut joined = lines.join(&b'\n');
                if !joined.ends_with(b"\n") {
                    joined.push(b'\n');
                }
                if *rename {
                    let other = path.with_extension("new");
                    fs::write(&other, &joined).unwrap();
                    fs::rename(&other, path).unwrap();
                } else {
                    fs::write(path, &joined).unwrap();
                }
            }
            Step::Truncate(share) => {
                let Ok(text) = fs::read(path) else { return };
                let cut = text.len() * usize::from(*share) / 256;
                let cut = text[..cut]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                OpenOptions::new()
                    .write(true)
                    .open(path)
                    .unwrap()
                    .set_len(cut as u64)
                    .unwrap();
            }
            Step::CorruptIndex(at, x, cut) => {
                let Ok(mut bytes) = fs::read(&index) else {
                    return;
                };
                if bytes.is_empty() {
                    return;
                }
                let at = (*at % bytes.len() as u64) as usize;
                if *cut {
                    bytes.truncate(at);
                } else {
                    bytes[at] ^= x;
                }
                fs::write(&index, bytes).unwrap();
            }
            Step::ForeignIndex => {
                // The index of a file of the same length with other records.
                let Ok(text) = fs::read(path) else { return };
                let other = path.with_extension("other");
                let swapped: Vec<u8> = text
                    .iter()
                    .map(|&b| match b {
                        b'1' => b'2',
                        b'2' => b'1',
                        b => b,
                    })
                    .collect();
                fs::write(&other, &swapped).unwrap();
                let _ = tuned(&other, &["p1.t1"], 0, extend);
                let _ = fs::rename(index::index_path(&other), &index);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 48,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// The line index, against whole reads and plain focused reads, through appends by
        /// others and by `status set`/`undo`, rewrites, truncation, torn lines, and an index
        /// damaged, stale or of another file.
        #[test]
        fn a_read_through_the_index_gives_what_a_whole_read_gives(
            steps in proptest::collection::vec(step(), 1..12),
            extend in proptest::prop_oneof![proptest::strategy::Just(0u64), 0..4_000u64, proptest::strategy::Just(u64::MAX)],
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("plan.status.ron");
            let mut next_id = 0;
            for step in &steps {
                apply_step(&path, step, &mut next_id, extend);
                agree(&path, extend);
            }
        }
    }
}
