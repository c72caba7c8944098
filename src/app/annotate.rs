//! Annotating in the meeting: what is selected becomes the subject, a key or a dialog makes
//! a change, the change is shown at once and written by the status-file worker.
//!
//! A change is made into a [`Record`] here (id, time, author), inserted into the app's own
//! copy of the log so every view shows it, and sent to the worker. Until the worker says it
//! is on disk it is "unsaved": the status bar says so, and quitting warns. Changes by
//! others arrive from the worker and are merged into the same log, with a notice.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::{App, Pane, View};
use crate::keymap::Action;
use crate::model::Node;
use crate::model::annotation::{Actual, Added, AnnotationLog, Change, Field, Key, Record, Status};
use crate::model::meeting::MeetingLog;
use crate::store::status_file::{new_record_id, now_or_env};
use crate::store::status_sync::{Pending, Reply, Request, Rescued, StatusSync, Stopper};

/// What a change applies to: an item as a whole, or one unit's part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub entry: usize,
    pub item: String,
    pub owner: Option<String>,
}

impl Subject {
    pub fn key(&self) -> Key {
        Key::new(&self.item, self.owner.as_deref())
    }
}

/// The status picker's rows: every status, then "clear".
pub const PICKER_ROWS: usize = Status::ALL.len() + 1;

/// A dialog open over the view; while one is open, keys go to it. (Only one exists at a
/// time, so the size of its largest variant costs nothing worth boxing for.)
#[allow(clippy::large_enum_variant)]
pub enum Dialog {
    StatusPicker {
        subject: Subject,
        selected: usize,
    },
    Progress {
        subject: Subject,
        input: TextArea<'static>,
        error: Option<String>,
    },
    Actual {
        /// The targets the value may be for (a sub-task offers each of its targets).
        targets: Vec<Subject>,
        which: usize,
        value: TextArea<'static>,
        date: TextArea<'static>,
        on_date: bool,
        error: Option<String>,
    },
    Note {
        subject: Subject,
        editor: TextArea<'static>,
        original: String,
        /// The note is private (not shown in presenter mode); `Ctrl-P` switches it.
        private: bool,
        original_private: bool,
        /// Esc was pressed once on changed text: a second Esc discards it.
        discard_armed: bool,
    },
    Author {
        input: TextArea<'static>,
        error: Option<String>,
    },
    /// Quitting with changes not on disk.
    Unsaved,
    /// Where to write the unsaved changes instead.
    SaveCopy {
        input: TextArea<'static>,
        error: Option<String>,
    },
    Filter(Box<super::filter::FilterDraft>),
    /// What to export (`x`): a row of [`super::export::CHOICES`].
    Export {
        selected: usize,
    },
    StartMeeting(Box<super::meeting::Form>),
    /// "Close the meeting?"
    CloseMeeting,
    Decision(Box<super::meeting::Form>),
    /// Which items the agenda walks.
    AgendaScope {
        selected: usize,
    },
}

/// Whether the status file could be read, as far as the interface knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// The worker is reading it (a big file takes a moment; the plan is usable meanwhile).
    Loading,
    Ready,
    /// It could not be read; changes are kept and retried.
    Unreadable(String),
    /// No status file: changes live in memory only (tests, or no data directory).
    None,
}

/// The app's side of annotations.
pub struct Annotations {
    pub log: AnnotationLog,
    pub author: String,
    pub file_state: FileState,
    /// `FILE:LINE: what` for lines of the status file that could not be read.
    pub problems: Vec<String>,
    /// Why the status file is not written to, if it is not.
    pub refusal: Option<String>,
    /// Changes (and meeting events) shown but not yet on disk, in the order made.
    pub unsaved: Vec<Pending>,
    /// Meetings and decisions.
    pub meetings: MeetingLog,
    /// The last reason a save failed, while changes are unsaved.
    pub save_error: Option<String>,
    /// Local time (hh:mm:ss) of the last change written.
    pub last_saved: Option<String>,
    pub dialog: Option<Dialog>,
    /// With `--as-of`, every record; `log` then holds those up to the date.
    pub complete: Option<AnnotationLog>,
    /// Where unsaved changes were written when the file could not be (shown on exit).
    pub copied_to: Option<PathBuf>,
    sync: Option<StatusSync>,
    /// Ids of records made in this session: not announced as others' changes.
    mine: HashSet<String>,
    undo_stack: Vec<String>,
    redo_stack: Vec<String>,
}

impl Annotations {
    pub fn new(author: String, sync: Option<StatusSync>) -> Annotations {
        let file_state = if sync.is_some() {
            FileState::Loading
        } else {
            FileState::None
        };
        Annotations {
            log: AnnotationLog::new(),
            author,
            file_state,
            problems: Vec::new(),
            refusal: None,
            unsaved: Vec::new(),
            meetings: MeetingLog::new(),
            save_error: None,
            last_saved: None,
            dialog: None,
            complete: None,
            copied_to: None,
            sync,
            mine: HashSet::new(),
            undo_stack: Vec::new(),
            redo_stack: Vec::new(),
        }
    }

    pub fn file(&self) -> Option<&std::path::Path> {
        self.sync.as_ref().map(|s| s.path())
    }

    /// Replies from the worker are waiting: the loop then sends [`Action::StoreChanged`].
    pub fn has_news(&self) -> bool {
        self.sync.as_ref().is_some_and(|s| s.has_news())
    }

    /// Blocks until the worker has replied to everything sent so far (tests).
    pub fn wait_for_worker(&self, timeout: Duration) -> bool {
        self.sync.as_ref().is_some_and(|s| s.wait_reply(timeout))
    }

    /// Stops the worker after one last attempt at the unsaved changes; what still cannot
    /// be written goes to a rescue file. Says what became of them.
    pub fn shut_down(&mut self, timeout: Duration) -> Rescued {
        let Some(sync) = self.sync.take() else {
            let count = self.unsaved.len();
            return Rescued { count, to: None };
        };
        let mut rescued = Rescued {
            count: self.unsaved.len(),
            to: None,
        };
        for reply in sync.stop(true, timeout) {
            if let Reply::Stopped { rescued: r, .. } = reply {
                rescued = r;
            }
        }
        self.unsaved.clear();
        rescued
    }

    /// Stops the worker from another thread; see [`StatusSync::stopper`].
    pub fn stopper(&self) -> Option<Stopper> {
        self.sync.as_ref().map(StatusSync::stopper)
    }

    /// Sends a request to the writer; false without one.
    pub(super) fn send(&self, request: Request) -> bool {
        self.sync.as_ref().is_some_and(|sync| sync.send(request))
    }

    /// Whether the record `id` set a private note.
    pub fn is_private(&self, id: &str) -> bool {
        self.log.get(id).is_some_and(|r| r.private)
    }

    pub fn is_mine(&self, id: &str) -> bool {
        self.mine.contains(id)
    }

    pub fn is_unsaved(&self, id: &str) -> bool {
        self.unsaved.iter().any(|p| p.id() == id)
    }

    /// The status shown for a subject: the unit's part, else the item as a whole.
    pub fn status_of(&self, item: &str, owner: Option<&str>) -> Option<Status> {
        let own = |owner| {
            self.log
                .annotation(item, owner)
                .and_then(|a| a.status.as_ref())
                .map(|s| s.value)
        };
        match owner {
            Some(unit) => own(Some(unit)).or_else(|| own(None)),
            None => own(None),
        }
    }
}

/// A single-line input with its text, the caret at the end.
fn line_input(text: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![text.to_owned()]);
    input.move_cursor(CursorMove::End);
    input.set_cursor_line_style(ratatui::style::Style::new());
    input
}

/// A multi-line editor, soft-wrapped (Chinese has no spaces: words that do not fit break
/// between characters).
fn note_editor(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = text.split('\n').map(without_controls).collect();
    let mut editor = TextArea::new(lines);
    editor.set_wrap_mode(WrapMode::WordOrGlyph);
    editor.set_cursor_line_style(ratatui::style::Style::new());
    editor.move_cursor(CursorMove::Bottom);
    editor.move_cursor(CursorMove::End);
    editor
}

/// Text from a file or a paste, without the control characters a terminal would act on.
fn without_controls(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_control() || c == '\t')
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect()
}

fn text_of(input: &TextArea) -> String {
    input.lines().join("\n")
}

/// A number as typed by a Chinese input method too: full-width digits, `．`, `，` as a
/// thousands separator, `%` ignored.
pub fn parse_number(text: &str) -> Option<f64> {
    let ascii: String = text
        .trim()
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10),
            '．' | '。' => Some('.'),
            '－' => Some('-'),
            ',' | '，' | ' ' | '%' | '％' => None,
            c => Some(c),
        })
        .collect();
    ascii.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A date as people write it: 2022-06-30, 2022/6/30, 2022.6.30, 2022年6月30日.
pub fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let parts: Vec<i64> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match parts[..] {
        [y, m, d] => jiff::civil::Date::new(
            i16::try_from(y).ok()?,
            i8::try_from(m).ok()?,
            i8::try_from(d).ok()?,
        )
        .ok(),
        _ => None,
    }
}

impl App {
    /// What an annotation key applies to, from the view and pane in focus.
    pub fn subject(&self) -> Option<Subject> {
        let index = &self.loaded.index;
        let whole = |entry: usize| {
            index.entries.get(entry).map(|e| Subject {
                entry,
                item: e.id.clone(),
                owner: None,
            })
        };
        match self.view {
            View::Plan => match self.plan_view.focus {
                Pane::Navigator => {
                    let section = self.current_section()?;
                    let first = *section.items.first()?;
                    // The programme itself, when the section is one: the parent of its items.
                    let programme = match section.kind {
                        super::SectionKind::Programme(_) => index.entries[first].parent,
                        super::SectionKind::Overview => Some(first),
                        _ => None,
                    };
                    programme.and_then(whole)
                }
                _ => self.selected_plan_entry().and_then(whole),
            },
            View::Owners => {
                if self.owners_view.focus == Pane::Navigator {
                    return None;
                }
                let owner = self.selected_owner()?.id.clone();
                let mut subject = self.selected_owner_entry().and_then(whole)?;
                subject.owner = Some(owner);
                Some(subject)
            }
            View::Targets => self
                .targets
                .get(self.targets_view.row.selected)
                .and_then(|&e| whole(e)),
            View::Districts | View::Dashboard | View::Decisions | View::Changes => None,
        }
    }

    /// Targets an actual value may be recorded for: the subject if it is a target, else
    /// its targets.
    fn target_subjects(&self, subject: &Subject) -> Vec<Subject> {
        let index = &self.loaded.index;
        if matches!(self.node(subject.entry), Some(Node::Target(_))) {
            return vec![subject.clone()];
        }
        index
            .children(subject.entry)
            .filter(|(position, _)| matches!(self.node(*position), Some(Node::Target(_))))
            .map(|(position, entry)| Subject {
                entry: position,
                item: entry.id.clone(),
                owner: subject.owner.clone(),
            })
            .collect()
    }

    pub(super) fn update_annotation(&mut self, action: Action) {
        if let Some(reason) = self.cannot_change() {
            self.notice = Some(reason);
            return;
        }
        if matches!(action, Action::Undo | Action::Redo) {
            self.undo_or_redo(action == Action::Undo);
            return;
        }
        if action == Action::SetAuthor {
            let input = line_input(&self.annotations.author);
            self.annotations.dialog = Some(Dialog::Author { input, error: None });
            return;
        }
        let Some(subject) = self.subject() else {
            self.notice = Some(self.strings.get("annotate.select_item").to_owned());
            return;
        };
        let current = self
            .annotations
            .log
            .annotation(&subject.item, subject.owner.as_deref());
        match action {
            Action::CycleStatus => {
                let status = current.and_then(|a| a.status.as_ref()).map(|s| s.value);
                let mut change = Change::new(&subject.key());
                change.status = Some(Status::cycle(status));
                self.commit(change, Committed::Change);
            }
            Action::PickStatus => {
                let status = current.and_then(|a| a.status.as_ref()).map(|s| s.value);
                let selected = status
                    .and_then(|s| Status::ALL.iter().position(|&x| x == s))
                    .unwrap_or(0);
                self.annotations.dialog = Some(Dialog::StatusPicker { subject, selected });
            }
            Action::SetProgress => {
                let text = current
                    .and_then(|a| a.progress.as_ref())
                    .map_or(String::new(), |p| p.value.to_string());
                self.annotations.dialog = Some(Dialog::Progress {
                    subject,
                    input: line_input(&text),
                    error: None,
                });
            }
            Action::RecordActual => {
                let targets = self.target_subjects(&subject);
                if targets.is_empty() {
                    self.notice = Some(self.strings.get("annotate.no_target").to_owned());
                    return;
                }
                let today = crate::store::status_file::today();
                self.annotations.dialog = Some(Dialog::Actual {
                    targets,
                    which: 0,
                    value: line_input(""),
                    date: line_input(&today.to_string()),
                    on_date: false,
                    error: None,
                });
            }
            Action::EditNote => {
                let note = current.and_then(|a| a.note.as_ref());
                let original = note.map_or(String::new(), |n| n.value.clone());
                let private = note.is_some_and(|n| self.annotations.is_private(&n.record));
                self.annotations.dialog = Some(Dialog::Note {
                    subject,
                    editor: note_editor(&original),
                    original,
                    private,
                    original_private: private,
                    discard_armed: false,
                });
            }
            _ => {}
        }
    }

    /// Why nothing can be annotated now, if so.
    pub(super) fn cannot_change(&self) -> Option<String> {
        if let Some(date) = self.as_of {
            return Some(
                self.strings
                    .format("annotate.as_of_read_only", &[("date", &date)]),
            );
        }
        match &self.annotations.file_state {
            FileState::Loading => Some(self.strings.get("annotate.loading").to_owned()),
            _ => None,
        }
    }

    fn undo_or_redo(&mut self, undo: bool) {
        let (from, label) = if undo {
            (&mut self.annotations.undo_stack, "annotate.nothing_to_undo")
        } else {
            (&mut self.annotations.redo_stack, "annotate.nothing_to_redo")
        };
        let Some(id) = from.pop() else {
            self.notice = Some(self.strings.get(label).to_owned());
            return;
        };
        match self.annotations.log.undo_change(&id) {
            Ok(change) => {
                let item = change.item.clone();
                let done = if undo {
                    Committed::Undo
                } else {
                    Committed::Redo
                };
                if self.commit(change, done) {
                    let key = if undo {
                        "annotate.undone"
                    } else {
                        "annotate.redone"
                    };
                    self.notice = Some(self.strings.format(key, &[("item", &item)]));
                }
            }
            Err(error) => self.notice = Some(error.to_string()),
        }
    }

    /// Makes the change a record, shows it, and hands it to the writer. False when the
    /// change was not valid (the notice says why).
    fn commit(&mut self, change: Change, kind: Committed) -> bool {
        let notes = &mut self.annotations;
        let now = now_or_env().unwrap_or_else(|_| crate::store::status_file::now());
        let at = notes.log.time_for(&change.key(), now);
        // A change made while a meeting is open is part of its record.
        let mut change = change;
        if change.meeting.is_none() {
            change.meeting = notes.meetings.current().map(|m| m.id.clone());
        }
        let record = change.into_record(new_record_id(), at, notes.author.clone());
        if let Err(why) = record.check() {
            self.notice = Some(why);
            return false;
        }
        let id = record.id.clone();
        notes.mine.insert(id.clone());
        notes.log.insert(record.clone());
        notes.unsaved.push(Pending::Record(record.clone()));
        match kind {
            Committed::Change => {
                notes.undo_stack.push(id);
                notes.redo_stack.clear();
            }
            Committed::Undo => notes.redo_stack.push(id),
            Committed::Redo => notes.undo_stack.push(id),
        }
        let sent = match &notes.sync {
            Some(sync) => sync.send(Request::Save(record)),
            None => false,
        };
        if self.filter.is_some() {
            self.apply_filter();
        }
        let notes = &mut self.annotations;
        match &notes.sync {
            Some(_) => {
                if !sent {
                    notes.save_error = Some(self.strings.get("annotate.writer_gone").to_owned());
                }
            }
            None => {
                notes.save_error = Some(self.strings.get("annotate.no_file").to_owned());
            }
        }
        true
    }

    // ---- dialogs ---------------------------------------------------------------------

    pub(super) fn update_dialog(&mut self, action: Action) {
        let key = match action {
            Action::DialogKey(key) => key,
            Action::Resize(w, h) => {
                self.size = (w, h);
                return;
            }
            Action::Quit => {
                self.annotations.dialog = None;
                self.request_quit();
                return;
            }
            _ => return,
        };
        let Some(dialog) = self.annotations.dialog.take() else {
            return;
        };
        self.annotations.dialog = self.dialog_key(dialog, key);
    }

    /// Applies a key to the dialog; returns the dialog if it stays open.
    fn dialog_key(&mut self, dialog: Dialog, key: KeyEvent) -> Option<Dialog> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match dialog {
            Dialog::StatusPicker {
                subject,
                mut selected,
            } => {
                match key.code {
                    KeyCode::Up | KeyCode::Char('k') => selected = selected.saturating_sub(1),
                    KeyCode::Down | KeyCode::Char('j') => {
                        selected = (selected + 1).min(PICKER_ROWS - 1);
                    }
                    KeyCode::Char(c @ '1'..='7') => {
                        selected = c as usize - '1' as usize;
                        self.pick_status(&subject, selected);
                        return None;
                    }
                    KeyCode::Enter | KeyCode::Char(' ') => {
                        self.pick_status(&subject, selected);
                        return None;
                    }
                    KeyCode::Esc | KeyCode::Char('q') => return None,
                    _ => {}
                }
                Some(Dialog::StatusPicker { subject, selected })
            }
            Dialog::Progress {
                subject, mut input, ..
            } => match key.code {
                KeyCode::Esc => None,
                KeyCode::Enter => {
                    let text = text_of(&input);
                    let mut change = Change::new(&subject.key());
                    if text.trim().is_empty() {
                        change.clear.push(Field::Progress);
                    } else {
                        match parse_number(&text)
                            .filter(|v| (0.0..=100.0).contains(v))
                            .map(|v| v.round() as u8)
                        {
                            Some(percent) => change.progress = Some(percent),
                            None => {
                                let error = self.strings.get("annotate.bad_progress").to_owned();
                                return Some(Dialog::Progress {
                                    subject,
                                    input,
                                    error: Some(error),
                                });
                            }
                        }
                    }
                    self.commit(change, Committed::Change);
                    None
                }
                _ => {
                    single_line_key(&mut input, key);
                    Some(Dialog::Progress {
                        subject,
                        input,
                        error: None,
                    })
                }
            },
            Dialog::Actual {
                targets,
                mut which,
                mut value,
                mut date,
                mut on_date,
                ..
            } => {
                match key.code {
                    KeyCode::Esc => return None,
                    KeyCode::Tab | KeyCode::BackTab => on_date = !on_date,
                    KeyCode::Up if targets.len() > 1 => which = which.saturating_sub(1),
                    KeyCode::Down if targets.len() > 1 => {
                        which = (which + 1).min(targets.len() - 1);
                    }
                    KeyCode::Enter => {
                        let number = parse_number(&text_of(&value));
                        let day = parse_date(&text_of(&date));
                        let error = match (number, day) {
                            (Some(value), Some(as_of)) => {
                                let mut change = Change::new(&targets[which].key());
                                change.actual = Some(Actual { value, as_of });
                                self.commit(change, Committed::Change);
                                return None;
                            }
                            (None, _) => "annotate.bad_value",
                            (_, None) => "annotate.bad_date",
                        };
                        let error = Some(self.strings.get(error).to_owned());
                        return Some(Dialog::Actual {
                            targets,
                            which,
                            value,
                            date,
                            on_date,
                            error,
                        });
                    }
                    _ => single_line_key(if on_date { &mut date } else { &mut value }, key),
                }
                Some(Dialog::Actual {
                    targets,
                    which,
                    value,
                    date,
                    on_date,
                    error: None,
                })
            }
            Dialog::Note {
                subject,
                mut editor,
                original,
                mut private,
                original_private,
                discard_armed,
            } => {
                let text = text_of(&editor);
                let unchanged = text == original && private == original_private;
                let mut armed = false;
                match key.code {
                    KeyCode::Char('s') if ctrl => {
                        let text = text.trim_end().to_owned();
                        if text != original.trim_end() || private != original_private {
                            let mut change = Change::new(&subject.key());
                            if text.trim().is_empty() {
                                change.clear.push(Field::Note);
                            } else {
                                change.note = Some(text);
                                change.private = private;
                            }
                            self.commit(change, Committed::Change);
                        }
                        return None;
                    }
                    KeyCode::Esc if unchanged || discard_armed => return None,
                    KeyCode::Esc => {
                        self.notice = Some(self.strings.get("annotate.discard_again").to_owned());
                        armed = true;
                    }
                    KeyCode::Char('p') if ctrl => private = !private,
                    _ => {
                        editor.input(key);
                    }
                }
                Some(Dialog::Note {
                    subject,
                    editor,
                    original,
                    private,
                    original_private,
                    discard_armed: armed,
                })
            }
            Dialog::Author { mut input, .. } => match key.code {
                KeyCode::Esc => None,
                KeyCode::Enter => {
                    let name = text_of(&input).trim().to_owned();
                    let invalid = name.is_empty()
                        || name.chars().count() > crate::model::annotation::MAX_NAME_CHARS;
                    if invalid {
                        let error = Some(self.strings.get("annotate.bad_author").to_owned());
                        return Some(Dialog::Author { input, error });
                    }
                    self.notice = Some(
                        self.strings
                            .format("annotate.author_set", &[("name", &name)]),
                    );
                    self.annotations.author = name;
                    None
                }
                _ => {
                    single_line_key(&mut input, key);
                    Some(Dialog::Author { input, error: None })
                }
            },
            Dialog::Unsaved => match key.code {
                KeyCode::Char('w') => {
                    let plan = self.loaded.plan.meta.id.clone();
                    let path = crate::store::status_sync::rescue_path(&plan);
                    Some(Dialog::SaveCopy {
                        input: line_input(&path.display().to_string()),
                        error: None,
                    })
                }
                KeyCode::Char('r') => {
                    if let Some(sync) = &self.annotations.sync {
                        sync.send(Request::RetryNow);
                    }
                    None
                }
                // Nothing is discarded: on the way out what still cannot be written goes
                // to a rescue file (see `Annotations::shut_down`).
                KeyCode::Char('Q') => {
                    self.running = false;
                    None
                }
                KeyCode::Esc => None,
                _ => Some(Dialog::Unsaved),
            },
            Dialog::Filter(draft) => self.filter_key(draft, key).map(Dialog::Filter),
            Dialog::Export { selected } => self.export_key(selected, key),
            meeting @ (Dialog::StartMeeting(_)
            | Dialog::CloseMeeting
            | Dialog::Decision(_)
            | Dialog::AgendaScope { .. }) => self.meeting_dialog_key(meeting, key),
            Dialog::SaveCopy { mut input, .. } => match key.code {
                KeyCode::Esc => Some(Dialog::Unsaved),
                KeyCode::Enter => {
                    let path = PathBuf::from(text_of(&input).trim());
                    let records = self.annotations.unsaved.clone();
                    let sent = self.annotations.sync.as_ref().is_some_and(|sync| {
                        sync.send(Request::SaveCopy {
                            path: path.clone(),
                            records: records.clone(),
                        })
                    });
                    if sent {
                        self.notice = Some(self.strings.get("annotate.copying").to_owned());
                        return None;
                    }
                    // No worker (no status file at all): write from here; it is the exit path.
                    let plan = self.loaded.plan.meta.id.clone();
                    match crate::store::status_sync::write_copy(&path, &plan, records) {
                        Ok(()) => {
                            self.annotations.unsaved.clear();
                            self.annotations.copied_to = Some(path);
                            self.running = false;
                            None
                        }
                        Err(error) => Some(Dialog::SaveCopy {
                            input,
                            error: Some(error.to_string()),
                        }),
                    }
                }
                _ => {
                    single_line_key(&mut input, key);
                    Some(Dialog::SaveCopy { input, error: None })
                }
            },
        }
    }

    fn pick_status(&mut self, subject: &Subject, row: usize) {
        let mut change = Change::new(&subject.key());
        match Status::ALL.get(row) {
            Some(&status) => change.status = Some(status),
            None => change.clear.push(Field::Status),
        }
        let own = self
            .annotations
            .log
            .annotation(&subject.item, subject.owner.as_deref())
            .and_then(|a| a.status.as_ref())
            .map(|s| s.value);
        // Picking what is already there (or clearing nothing) records nothing.
        let unchanged = match change.status {
            Some(status) => own == Some(status),
            None => own.is_none(),
        };
        if unchanged {
            return;
        }
        self.commit(change, Committed::Change);
    }

    /// Quit, unless changes are not on disk: then ask.
    pub(super) fn request_quit(&mut self) {
        if self.annotations.unsaved.is_empty() || self.annotations.save_error.is_none() {
            // In flight but not failed: the exit path waits for the writer.
            self.running = false;
        } else {
            self.annotations.dialog = Some(Dialog::Unsaved);
        }
    }

    // ---- replies from the status-file worker ---------------------------------------------

    pub(super) fn update_from_store(&mut self) {
        let Some(sync) = &self.annotations.sync else {
            return;
        };
        let replies = sync.take_replies();
        let mut arrived: Vec<Record> = Vec::new();
        for reply in replies {
            match reply {
                Reply::Loaded {
                    log,
                    meetings,
                    problems,
                    refusal,
                } => {
                    let notes = &mut self.annotations;
                    let first = notes.file_state == FileState::Loading;
                    notes.log = *log;
                    notes.meetings = *meetings;
                    if let Some(date) = self.as_of {
                        // Reviewing the past: the whole log aside, the view cut at the date.
                        let view = crate::model::as_of::as_of_log(notes.log.records(), date);
                        notes.complete = Some(std::mem::replace(&mut notes.log, view));
                    }
                    // What is shown but not on disk stays shown.
                    for pending in &notes.unsaved {
                        match pending {
                            Pending::Record(r) => {
                                notes.log.insert(r.clone());
                            }
                            Pending::Event(e) => {
                                notes.meetings.extend([e.clone()]);
                            }
                        }
                    }
                    notes.problems = problems;
                    notes.refusal = refusal;
                    notes.file_state = FileState::Ready;
                    if first {
                        self.announce_load();
                    } else {
                        self.notice = Some(self.strings.get("annotate.reloaded").to_owned());
                    }
                }
                Reply::Unreadable(error) => {
                    self.annotations.file_state = FileState::Unreadable(error.clone());
                    self.notice = Some(error);
                }
                Reply::Appended {
                    records,
                    events,
                    problems,
                } => {
                    let notes = &mut self.annotations;
                    notes.problems.extend(problems);
                    notes.meetings.extend(events);
                    if let (Some(date), Some(complete)) = (self.as_of, &mut notes.complete) {
                        complete.extend(records);
                        notes.log = crate::model::as_of::as_of_log(complete.records(), date);
                        continue;
                    }
                    for record in records {
                        let mine = notes.mine.contains(&record.id);
                        if notes.log.insert(record.clone()) == Added::New && !mine {
                            arrived.push(record);
                        }
                    }
                }
                Reply::Saved(id) => {
                    let notes = &mut self.annotations;
                    if let Some(at) = notes.unsaved.iter().position(|p| p.id() == id) {
                        let at = match notes.unsaved.remove(at) {
                            Pending::Record(record) => record.at,
                            Pending::Event(event) => event.at(),
                        };
                        notes.last_saved = Some(at.local_minute());
                    }
                    if notes.unsaved.is_empty() {
                        notes.save_error = None;
                    }
                }
                Reply::SaveFailed { error, .. } => self.annotations.save_error = Some(error),
                Reply::CopySaved { path, count } => {
                    self.annotations.unsaved.clear();
                    self.annotations.save_error = None;
                    self.notice = Some(self.strings.format(
                        "annotate.copied",
                        &[("count", &count), ("path", &path.display())],
                    ));
                    self.annotations.copied_to = Some(path);
                    self.running = false;
                }
                Reply::CopyFailed { path, error } => {
                    self.annotations.dialog = Some(Dialog::SaveCopy {
                        input: line_input(&path.display().to_string()),
                        error: Some(error),
                    });
                }
                Reply::Stopped { .. } => {}
            }
        }
        if self.filter.is_some() {
            self.apply_filter();
        }
        if !arrived.is_empty() {
            self.announce_arrivals(&arrived);
        }
    }

    fn announce_load(&mut self) {
        let orphans = self.orphans().len();
        let notes = &self.annotations;
        self.notice = if let Some(refusal) = &notes.refusal {
            Some(refusal.clone())
        } else if let Some(problem) = notes.problems.first() {
            Some(self.strings.format(
                "annotate.problems",
                &[("count", &notes.problems.len()), ("first", problem)],
            ))
        } else if orphans > 0 {
            Some(
                self.strings
                    .format("annotate.orphans", &[("count", &orphans)]),
            )
        } else {
            None
        };
    }

    /// "张三: p1.t2 状态 → 正常推进", or how many changes by whom.
    fn announce_arrivals(&mut self, arrived: &[Record]) {
        let mut authors: Vec<&str> = arrived.iter().map(|r| r.author.as_str()).collect();
        authors.dedup();
        let notice = if let [record] = arrived {
            self.strings.format(
                "annotate.arrived_one",
                &[
                    ("author", &record.author),
                    ("item", &record.item),
                    ("what", &self.describe(record)),
                ],
            )
        } else {
            self.strings.format(
                "annotate.arrived_many",
                &[("authors", &authors.join("、")), ("count", &arrived.len())],
            )
        };
        // Someone changed the note being edited: keep the typed text, but say so.
        let editing = match &self.annotations.dialog {
            Some(Dialog::Note { subject, .. }) => Some(subject.key()),
            _ => None,
        };
        let clash = editing.is_some_and(|key| {
            arrived
                .iter()
                .any(|r| r.key() == key && r.touches(Field::Note))
        });
        self.notice = Some(if clash {
            format!("{notice} · {}", self.strings.get("annotate.note_clash"))
        } else {
            notice
        });
    }

    /// What a record changed, in words: "状态 → 正常推进 · 进度 60%".
    pub fn describe(&self, record: &Record) -> String {
        let s = &self.strings;
        let mut parts = Vec::new();
        if let Some(undone) = &record.undoes {
            parts.push(s.format("history.undoes", &[("id", undone)]));
        }
        if let Some(status) = record.status {
            parts.push(format!(
                "{} → {}",
                s.get("label.status"),
                s.get(status.key())
            ));
        }
        if let Some(progress) = record.progress {
            parts.push(format!("{} {progress}%", s.get("label.progress")));
        }
        if let Some(actual) = &record.actual {
            parts.push(format!(
                "{} {} ({})",
                s.get("label.actual"),
                crate::model::validate::format_figure(actual.value),
                actual.as_of
            ));
        }
        if let Some(note) = &record.note {
            let first: String = note.lines().next().unwrap_or("").chars().take(24).collect();
            parts.push(format!("{} “{first}”", s.get("label.note")));
        }
        for field in &record.clear {
            let label = match field {
                Field::Status => s.get("label.status"),
                Field::Progress => s.get("label.progress"),
                Field::Note => s.get("label.note"),
            };
            parts.push(format!("{label} → {}", s.get("history.cleared")));
        }
        parts.join(" · ")
    }

    /// Annotated keys whose item (or unit) the plan does not have.
    pub fn orphans(&self) -> Vec<Key> {
        let index = &self.loaded.index;
        self.annotations
            .log
            .annotations()
            .into_iter()
            .filter(|a| {
                index.position(&a.key.item).is_none()
                    || a.key
                        .owner
                        .as_deref()
                        .is_some_and(|o| !self.owner_positions.contains_key(o))
            })
            .map(|a| a.key.clone())
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Committed {
    Change,
    Undo,
    Redo,
}

/// Keys of a one-line input: Enter and Esc are the dialog's; no new lines.
fn single_line_key(input: &mut TextArea, key: KeyEvent) {
    if key.code != KeyCode::Enter {
        input.input(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_typed_with_a_chinese_input_method_are_read() {
        assert_eq!(parse_number("１２３．５"), Some(123.5));
        assert_eq!(parse_number("1,234"), Some(1234.0));
        assert_eq!(parse_number(" 60% "), Some(60.0));
        assert_eq!(parse_number("－2"), Some(-2.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("inf"), None);
    }

    #[test]
    fn dates_are_read_as_people_write_them() {
        let d = jiff::civil::date(2022, 6, 30);
        for text in ["2022-06-30", "2022/6/30", "2022.6.30", "2022年6月30日"] {
            assert_eq!(parse_date(text), Some(d), "{text}");
        }
        assert_eq!(parse_date("2022-02-30"), None);
        assert_eq!(parse_date("2022-06"), None);
    }

    #[test]
    fn pasted_control_characters_are_dropped() {
        assert_eq!(without_controls("a\u{1b}[2Jb\tc\u{7}"), "a[2Jb c");
    }
}
