//! The status file on a worker thread, so the interface never waits on the disk.
//!
//! The interface makes each change into a [`Record`] itself (id, time, author), shows it at
//! once, and hands it to the worker, which appends it (lock, write, `fdatasync`) and says
//! when it is on disk. A record that cannot be written (disk full, read-only folder, a
//! folder that is gone, a file planmeet must not write) stays queued, in order, and is
//! tried again every [`POLL`] until it is written or the user writes it elsewhere. Saving
//! the same record twice is harmless (same id), so retries need no bookkeeping.
//!
//! Between requests the worker re-reads the file every [`POLL`] (one `stat` when nothing
//! changed) and forwards what other coordinators appended: their changes show within
//! about a second, with no file-system watcher — a watcher would miss changes made on
//! another machine through a network share, where a polled `stat` does not.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::files::{self, Privacy};
use super::status::format::{encode_event, encode_header, encode_record};
use super::status_file::{Location, ReadError, SaveError, StatusStore, data_dir, file_name};
use crate::model::annotation::{AnnotationLog, Header, Record};
use crate::model::meeting::{Event, MeetingLog};

/// How often the worker looks for changes by others and retries unsaved changes.
pub const POLL: Duration = Duration::from_millis(1000);

/// What the interface asks of the worker.
#[derive(Debug)]
pub enum Request {
    /// Append a record (or retry one: same id, written at most once).
    Save(Record),
    /// Append a meeting or decision event, likewise.
    SaveEvent(Event),
    /// Try the queued records again now instead of at the next poll.
    RetryNow,
    /// Write records to another status file (the user's way out when the file cannot be
    /// written); the queue is not touched — those records are the caller's to drop.
    SaveCopy {
        path: PathBuf,
        records: Vec<Pending>,
    },
    /// Write what is queued one last time, then stop. With `rescue`, what still cannot
    /// be written goes to a file of its own (see [`rescue`]); `done` hears where.
    Stop {
        rescue: bool,
        done: Option<Sender<Rescued>>,
    },
}

/// What became of the changes that could not be written when the worker stopped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rescued {
    /// How many there were.
    pub count: usize,
    /// Where they were written, or why they could not be.
    pub to: Option<Result<PathBuf, CopyError>>,
}

/// Why changes could not be written to a file of their own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error("{file}: cannot write: {message}")]
    Io { file: String, message: String },
    /// Every place tried failed, for these reasons.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Nowhere(Vec<CopyError>),
}

/// What the worker tells the interface.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The file was read (first, or again after it was replaced): this is its whole state.
    Loaded {
        log: Box<AnnotationLog>,
        meetings: Box<MeetingLog>,
        problems: Vec<String>,
        refusal: Option<String>,
    },
    /// The file could not be read at all; retried every poll.
    Unreadable(String),
    /// Records appended since the last reply (by anyone, this process included), and
    /// problems found in them.
    Appended {
        records: Vec<Record>,
        events: Vec<Event>,
        problems: Vec<String>,
    },
    /// The record with this id is on disk.
    Saved(String),
    /// The record with this id is not on disk; it stays queued and is retried.
    SaveFailed {
        id: String,
        error: String,
    },
    CopySaved {
        path: PathBuf,
        count: usize,
    },
    CopyFailed {
        path: PathBuf,
        error: String,
    },
    /// The worker has stopped; these records could not be written to the status file.
    Stopped {
        unsaved: Vec<Pending>,
        rescued: Rescued,
    },
}

/// A line waiting to be written.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Record(Record),
    Event(Event),
}

impl Pending {
    pub fn id(&self) -> &str {
        match self {
            Pending::Record(r) => &r.id,
            Pending::Event(e) => e.id(),
        }
    }
}

/// The interface's end: send requests, collect replies without blocking.
#[derive(Debug)]
pub struct StatusSync {
    requests: Sender<Request>,
    replies: Receiver<Reply>,
    /// Replies taken off the channel by [`has_news`](Self::has_news) and not yet handled.
    inbox: RefCell<VecDeque<Reply>>,
    worker: Option<JoinHandle<()>>,
    path: PathBuf,
}

impl StatusSync {
    /// Starts the worker; it reads the file and replies [`Reply::Loaded`] (or
    /// [`Reply::Unreadable`]) first.
    pub fn start(location: Location, plan_id: &str, poll: Duration) -> StatusSync {
        Self::start_with_waker(location, plan_id, poll, None)
    }

    /// Like [`start`](Self::start), and `wake` is called after every reply, so an event
    /// loop waiting on something else hears of it at once.
    pub fn start_with_waker(
        location: Location,
        plan_id: &str,
        poll: Duration,
        wake: Option<Waker>,
    ) -> StatusSync {
        let (requests, inbound) = mpsc::channel();
        let (outbound, replies) = mpsc::channel();
        let path = location.path.clone();
        let plan_id = plan_id.to_owned();
        let worker = std::thread::Builder::new()
            .name("status-file".into())
            .spawn(move || {
                Worker {
                    location,
                    plan_id,
                    store: None,
                    queue: Vec::new(),
                    replies: Outbox {
                        replies: outbound,
                        wake,
                    },
                    sent: (u64::MAX, 0, 0),
                    last_unreadable: None,
                }
                .run(inbound, poll)
            })
            .ok();
        StatusSync {
            requests,
            replies,
            inbox: RefCell::new(VecDeque::new()),
            worker,
            path,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Sends a request; false when the worker is gone (it never stops on its own).
    pub fn send(&self, request: Request) -> bool {
        self.worker.is_some() && self.requests.send(request).is_ok()
    }

    /// Whether replies are waiting, without blocking.
    pub fn has_news(&self) -> bool {
        let mut inbox = self.inbox.borrow_mut();
        while let Ok(reply) = self.replies.try_recv() {
            inbox.push_back(reply);
        }
        !inbox.is_empty()
    }

    /// Every reply waiting now.
    pub fn take_replies(&self) -> Vec<Reply> {
        self.has_news();
        self.inbox.borrow_mut().drain(..).collect()
    }

    /// Waits up to `timeout` for one more reply (tests, and the last save at exit).
    pub fn wait_reply(&self, timeout: Duration) -> bool {
        if self.has_news() {
            return true;
        }
        match self.replies.recv_timeout(timeout) {
            Ok(reply) => {
                self.inbox.borrow_mut().push_back(reply);
                true
            }
            Err(_) => false,
        }
    }

    /// A handle that can stop the worker from another thread (the watchdog, when the
    /// terminal is gone and the main loop cannot run).
    pub fn stopper(&self) -> Stopper {
        Stopper(self.requests.clone())
    }

    /// Stops the worker after it has tried the queue once more (and, with `rescue`,
    /// written what still failed to a file of its own); returns the replies that arrived
    /// meanwhile (the last is [`Reply::Stopped`] unless `timeout` ran out).
    pub fn stop(mut self, rescue: bool, timeout: Duration) -> Vec<Reply> {
        let mut replies = self.take_replies();
        if !self.send(Request::Stop { rescue, done: None }) {
            return replies;
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.replies.recv_timeout(left) {
                Ok(reply) => {
                    let stopped = matches!(reply, Reply::Stopped { .. });
                    replies.push(reply);
                    if stopped {
                        if let Some(worker) = self.worker.take() {
                            let _ = worker.join();
                        }
                        return replies;
                    }
                }
                Err(_) => return replies,
            }
        }
    }
}

/// Called by the worker after each reply (see [`StatusSync::start_with_waker`]).
pub type Waker = Box<dyn Fn() + Send>;

/// The worker's end of the reply channel, waking the interface after each reply.
struct Outbox {
    replies: Sender<Reply>,
    wake: Option<Waker>,
}

impl Outbox {
    fn send(&self, reply: Reply) -> Result<(), mpsc::SendError<Reply>> {
        self.replies.send(reply)?;
        if let Some(wake) = &self.wake {
            wake();
        }
        Ok(())
    }
}

/// Stops the status-file worker from any thread.
#[derive(Debug, Clone)]
pub struct Stopper(Sender<Request>);

impl Stopper {
    /// Asks the worker to write what it can, rescue the rest, and stop; waits up to
    /// `timeout` for it to finish.
    pub fn stop_and_rescue(&self, timeout: Duration) -> Option<Rescued> {
        let (done, finished) = mpsc::channel();
        self.0
            .send(Request::Stop {
                rescue: true,
                done: Some(done),
            })
            .ok()?;
        finished.recv_timeout(timeout).ok()
    }
}

struct Worker {
    location: Location,
    plan_id: String,
    store: Option<StatusStore>,
    /// Lines not yet on disk, in the order they were made.
    queue: Vec<Pending>,
    replies: Outbox,
    /// What the interface has been sent: (store generation, events, problems). Records
    /// are handed over, not kept: the store's log holds only those not sent yet.
    sent: (u64, usize, usize),
    last_unreadable: Option<String>,
}

impl Worker {
    fn run(mut self, requests: Receiver<Request>, poll: Duration) {
        self.open();
        loop {
            let request = match requests.recv_timeout(poll) {
                Ok(request) => Some(request),
                Err(RecvTimeoutError::Timeout) => None,
                // The interface is gone without saying stop: still write what is queued.
                Err(RecvTimeoutError::Disconnected) => Some(Request::Stop {
                    rescue: true,
                    done: None,
                }),
            };
            match request {
                None => {
                    self.refresh();
                    self.flush();
                }
                Some(Request::Save(record)) => self.enqueue(Pending::Record(record)),
                Some(Request::SaveEvent(event)) => self.enqueue(Pending::Event(event)),
                Some(Request::RetryNow) => self.flush(),
                Some(Request::SaveCopy { path, records }) => {
                    let count = records.len();
                    let reply = match write_copy(&path, &self.plan_id, records) {
                        Ok(()) => Reply::CopySaved { path, count },
                        Err(error) => Reply::CopyFailed {
                            path,
                            error: error.to_string(),
                        },
                    };
                    self.reply(reply);
                }
                Some(Request::Stop { rescue: save, done }) => {
                    self.flush();
                    let unsaved = std::mem::take(&mut self.queue);
                    let rescued = Rescued {
                        count: unsaved.len(),
                        to: (save && !unsaved.is_empty())
                            .then(|| rescue(&self.plan_id, unsaved.clone())),
                    };
                    if let Some(done) = done {
                        let _ = done.send(rescued.clone());
                    }
                    self.reply(Reply::Stopped { unsaved, rescued });
                    return;
                }
            }
            self.forward();
        }
    }

    fn enqueue(&mut self, line: Pending) {
        if !self.queue.iter().any(|p| p.id() == line.id()) {
            self.queue.push(line);
        }
        self.flush();
    }

    fn reply(&self, reply: Reply) {
        // The interface may be gone (it is shutting down): nothing to tell then.
        let _ = self.replies.send(reply);
    }

    fn open(&mut self) {
        match StatusStore::open(self.location.clone(), &self.plan_id) {
            Ok(store) => {
                self.store = Some(store);
                self.last_unreadable = None;
                self.forward();
            }
            Err(error) => {
                let message = error.to_string();
                if self.last_unreadable.as_ref() != Some(&message) {
                    self.reply(Reply::Unreadable(message.clone()));
                    self.last_unreadable = Some(message);
                }
            }
        }
    }

    fn refresh(&mut self) {
        let Some(store) = &mut self.store else {
            self.open();
            return;
        };
        if let Err(error) = store.refresh() {
            let message = error.to_string();
            if self.last_unreadable.as_ref() != Some(&message) {
                self.reply(Reply::Unreadable(message.clone()));
                self.last_unreadable = Some(message);
            }
        } else {
            self.last_unreadable = None;
        }
    }

    /// Writes the queue in order, stopping at the first failure (later records may depend
    /// on it: an undo of a change not yet written) — except a line that can never be
    /// written, which is kept and passed over.
    fn flush(&mut self) {
        if self.queue.is_empty() {
            return;
        }
        if self.store.is_none() {
            self.open();
        }
        let Some(store) = &mut self.store else {
            let error = self
                .last_unreadable
                .clone()
                .unwrap_or_else(|| "the status file cannot be read".into());
            let id = self.queue[0].id().to_owned();
            self.reply(Reply::SaveFailed { id, error });
            return;
        };
        let mut next = 0;
        while let Some(line) = self.queue.get(next).cloned() {
            let id = line.id().to_owned();
            let saved = match line {
                Pending::Record(record) => store.save(record).map(drop),
                Pending::Event(event) => store.save_event(event).map(drop),
            };
            match saved {
                Ok(_) => {
                    self.queue.remove(next);
                    let _ = self.replies.send(Reply::Saved(id));
                }
                Err(error) => {
                    // A line that can never be written (a note past the limit) stays queued,
                    // for a copy or the rescue file to keep, and does not hold up the rest.
                    let never = matches!(error, SaveError::Invalid { .. });
                    let _ = self.replies.send(Reply::SaveFailed {
                        id,
                        error: error.to_string(),
                    });
                    if !never {
                        break;
                    }
                    next += 1;
                }
            }
        }
    }

    /// Sends the interface what it has not seen: everything again after the file was
    /// replaced, else the records and problems added since.
    fn forward(&mut self) {
        let Some(store) = &mut self.store else {
            return;
        };
        let (generation, events, problems) = self.sent;
        let event_count = store.meetings().len();
        let problem_count = store.problems().len();
        if generation != store.generation() || event_count < events {
            self.sent = (store.generation(), event_count, problem_count);
            // The records are moved to the interface, not copied: one copy of the log.
            let reply = Reply::Loaded {
                log: Box::new(store.take_log()),
                meetings: Box::new(store.meetings().clone()),
                problems: store.problems().iter().map(|p| p.to_string()).collect(),
                refusal: store.write_refusal(),
            };
            let _ = self.replies.send(reply);
            return;
        }
        if store.log().is_empty() && event_count == events && problem_count == problems {
            return;
        }
        self.sent = (generation, event_count, problem_count);
        let reply = Reply::Appended {
            records: store.take_log().records().to_vec(),
            events: store.meetings().events()[events..].to_vec(),
            problems: store
                .problems()
                .get(problems..)
                .unwrap_or_default()
                .iter()
                .map(|p| p.to_string())
                .collect(),
        };
        let _ = self.replies.send(reply);
    }
}

/// Writes records into a status file of their own (created if missing, or added to one
/// for the same plan), each with its id, so `planmeet merge` can bring them back.
pub fn write_copy(path: &Path, plan_id: &str, lines: Vec<Pending>) -> Result<(), CopyError> {
    let location = Location {
        path: path.to_path_buf(),
        create_dir: false,
    };
    let mut store = StatusStore::open(location, plan_id)?;
    for line in lines {
        match line {
            Pending::Record(record) => store.save(record).map(drop),
            Pending::Event(event) => store.save_event(event).map(drop),
        }?;
    }
    Ok(())
}

/// A place to suggest for unsaved changes (the user may change it before they are written
/// there): a new name no one can guess, in the data directory, else the temporary one.
pub fn rescue_path(plan_id: &str) -> PathBuf {
    let name = rescue_name(plan_id);
    let dirs = [data_dir(), Some(std::env::temp_dir())];
    for dir in dirs.into_iter().flatten() {
        if files::create_private_dir_all(&dir).is_ok() {
            return dir.join(&name);
        }
    }
    PathBuf::from(name)
}

fn rescue_name(plan_id: &str) -> String {
    format!(
        "unsaved-{}-{}-{}",
        jiff::Timestamp::now().as_second(),
        files::random_hex(),
        file_name(plan_id)
    )
}

/// Writes unsaved changes to a new file of their own, when planmeet must stop without
/// asking (a signal, a lost terminal): `unsaved-<time>-<random>-<plan>.status.ron`, the
/// user's alone (`0600`), in the data directory when it is the user's own and nobody
/// else can write to it, else in a new `0700` folder in the temporary directory. The name
/// cannot be guessed and the file is new: it is never appended to, nor reached through a
/// link someone planted. Returns where they went.
pub fn rescue(plan_id: &str, lines: Vec<Pending>) -> Result<PathBuf, CopyError> {
    let version = lines
        .iter()
        .map(|line| match line {
            Pending::Record(record) => crate::store::status::version_needed(record),
            Pending::Event(event) => crate::store::status::event_version_needed(event),
        })
        .max()
        .unwrap_or(crate::model::annotation::STATUS_BASE_VERSION);
    let header = Header::of_version(plan_id, version);
    let mut text = encode_header(&header).map_err(|message| CopyError::Io {
        file: plan_id.to_owned(),
        message,
    })?;
    text.push('\n');
    for line in &lines {
        let encoded = match line {
            Pending::Record(record) => encode_record(record),
            Pending::Event(event) => encode_event(event),
        };
        // A line that cannot be encoded cannot be kept anywhere; the others still are.
        if let Ok(encoded) = encoded {
            text.push_str(&encoded);
            text.push('\n');
        }
    }
    let name = rescue_name(plan_id);
    let mut errors = Vec::new();
    let io_error = |file: &Path, e: std::io::Error| CopyError::Io {
        file: file.display().to_string(),
        message: e.to_string(),
    };
    if let Some(dir) = data_dir() {
        match files::create_private_dir_all(&dir) {
            Ok(()) if files::is_own_private_dir(&dir) => {
                let path = dir.join(&name);
                match files::write_new(&path, text.as_bytes(), Privacy::Private) {
                    Ok(()) => return Ok(path),
                    Err(e) => errors.push(io_error(&path, e)),
                }
            }
            Ok(()) => errors.push(CopyError::Io {
                file: dir.display().to_string(),
                message: "others can write to this folder, so nothing private is left there".into(),
            }),
            Err(e) => errors.push(io_error(&dir, e)),
        }
    }
    let temp = std::env::temp_dir();
    match files::create_private_dir_in(&temp, "planmeet-unsaved-") {
        Ok(dir) => {
            let path = dir.join(&name);
            match files::write_new(&path, text.as_bytes(), Privacy::Private) {
                Ok(()) => return Ok(path),
                Err(e) => {
                    let _ = std::fs::remove_dir(&dir);
                    errors.push(io_error(&path, e));
                }
            }
        }
        Err(e) => errors.push(io_error(&temp, e)),
    }
    Err(CopyError::Nowhere(errors))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::annotation::{Change, Key, Stamp, Status};

    fn record(id: &str, note: usize) -> Record {
        let mut change = Change::new(&Key::new("p1", None));
        change.status = Some(Status::Done);
        change.note = Some("x".repeat(note));
        let at = Stamp::parse("2026-05-14T10:00:00+08:00").unwrap();
        change.into_record(id.into(), at, "a".into())
    }

    #[test]
    fn a_line_that_can_never_be_written_does_not_hold_up_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let location = Location {
            path: dir.path().join("plan.status.ron"),
            create_dir: false,
        };
        let sync = StatusSync::start(location, "plan", Duration::from_secs(60));
        let too_long = crate::store::status_file::MAX_NOTE_BYTES + 1;
        assert!(sync.send(Request::Save(record("big", too_long))));
        assert!(sync.send(Request::Save(record("fine", 10))));
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut saved = Vec::new();
        let mut failed = Vec::new();
        while !saved.contains(&"fine".to_owned()) && Instant::now() < deadline {
            sync.wait_reply(Duration::from_millis(100));
            for reply in sync.take_replies() {
                match reply {
                    Reply::Saved(id) => saved.push(id),
                    Reply::SaveFailed { id, error } => failed.push((id, error)),
                    _ => {}
                }
            }
        }
        assert_eq!(saved, ["fine"]);
        assert!(
            failed
                .iter()
                .any(|(id, e)| id == "big" && e.contains("64 KiB")),
            "{failed:?}"
        );
        // Still queued: what stops the worker hears of it, to copy or rescue.
        let replies = sync.stop(false, Duration::from_secs(10));
        let unsaved = replies.iter().find_map(|r| match r {
            Reply::Stopped { unsaved, .. } => Some(unsaved),
            _ => None,
        });
        let ids: Vec<&str> = unsaved.unwrap().iter().map(Pending::id).collect();
        assert_eq!(ids, ["big"]);
    }
}
