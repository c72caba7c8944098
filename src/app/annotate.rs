//! Annotating in the meeting: what is selected becomes the subject, a key or a dialog makes
//! a change, the change is shown at once and written by the status-file worker.
//!
//! A change is made into a [`Record`] here (id, time, author), inserted into the app's own
//! copy of the log so every view shows it, and handed to the runtime as
//! [`Effect::Persist`], which sends it to the status file's worker. Until the worker says
//! it is on disk it is "unsaved": the status bar says so, and quitting warns. Changes by
//! others arrive from the worker ([`Action::Store`]) and are merged into the same log, with
//! a notice.

use std::collections::HashSet;
use std::path::PathBuf;

use super::dialog::field::text_of;
pub use super::dialog::{
    ActualForm, Dialog, DialogInput, NoteEditor, PICKER_ROWS, Prompt, Reaction, StatusPicker,
    Subject,
};
use super::{Action, App, Effect, Pane, View};
use crate::model::Node;
use crate::model::annotation::{Actual, Added, AnnotationLog, Change, Field, Key, Record, Status};
use crate::model::meeting::{DecisionStatus, MeetingLog};
use crate::store::status_sync::{Pending, Reply};

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
    /// The status file followed, if any (its worker runs in the runtime).
    pub file: Option<PathBuf>,
    /// Ids of records made in this session: not announced as others' changes.
    mine: HashSet<String>,
    /// What `u` and Ctrl-r can take back or make again, latest last; each view takes the
    /// latest of what it shows.
    pub(super) undo_stack: Vec<Undoable>,
    pub(super) redo_stack: Vec<Undoable>,
    /// What was asked for while nobody was known to record it as: done once the author
    /// prompt is answered.
    pub(super) after_author: Option<Action>,
}

/// A change made in this session that can be undone (or redone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undoable {
    /// A record of the status log, by id: undoing it records its inverse.
    Record(String),
    /// A decision's status change: undoing it sets the status back.
    Decision {
        id: String,
        before: DecisionStatus,
        after: DecisionStatus,
    },
    /// A decision edited (text, units, due date, items): undoing it records the fields
    /// as they were.
    DecisionEdit {
        id: String,
        before: Box<super::decision_edit::DecisionFields>,
        after: Box<super::decision_edit::DecisionFields>,
    },
}

impl Annotations {
    pub fn new(author: String) -> Annotations {
        Annotations {
            log: AnnotationLog::new(),
            author,
            file_state: FileState::None,
            problems: Vec::new(),
            refusal: None,
            unsaved: Vec::new(),
            meetings: MeetingLog::new(),
            save_error: None,
            last_saved: None,
            dialog: None,
            complete: None,
            copied_to: None,
            file: None,
            mine: HashSet::new(),
            undo_stack: Vec::new(),
            redo_stack: Vec::new(),
            after_author: None,
        }
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
            View::Districts => self.selected_district_cell().and_then(whole),
            View::Dashboard | View::Decisions | View::Changes => None,
        }
    }

    /// The index position of the 附件1 cell selected in the districts view.
    pub fn selected_district_cell(&self) -> Option<usize> {
        let table = self.loaded.plan.district_table.as_ref()?;
        let row = table.rows.get(self.districts_view.row.selected)?;
        let column = table.columns.get(self.districts_view.column)?;
        let position = self
            .loaded
            .index
            .position(&crate::model::district_cell_id(&row.id, &column.id))?;
        // The id could name another item of a damaged plan: only the cell itself counts.
        matches!(self.node(position), Some(Node::DistrictCell(..))).then_some(position)
    }

    /// Targets an actual value may be recorded for: the subject if it is a target, else
    /// its targets.
    fn target_subjects(&self, subject: &Subject) -> Vec<Subject> {
        let index = &self.loaded.index;
        if matches!(self.node(subject.entry), Some(Node::Target(_))) {
            return vec![subject.clone()];
        }
        if let Some(Node::DistrictCell(..)) = self.node(subject.entry) {
            let figure =
                crate::model::annotation::takes_actuals(&self.loaded.plan, index, subject.entry);
            return if figure {
                vec![subject.clone()]
            } else {
                Vec::new()
            };
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
        if action == Action::SetAuthor {
            self.annotations.dialog = Some(Dialog::Author(Prompt::new(&self.annotations.author)));
            return;
        }
        if self.ask_author_first(&action) {
            return;
        }
        let Some(subject) = self.subject() else {
            self.notice = Some(self.strings.get("annotate.select_item").to_owned());
            return;
        };
        // A 附件1 cell takes actual values and nothing else: its row is what has a status.
        if self.view == View::Districts && action != Action::RecordActual {
            let key = self
                .keymap
                .keys_for(Action::RecordActual)
                .into_iter()
                .next()
                .unwrap_or_default();
            self.notice = Some(
                self.strings
                    .format("annotate.district_actual_only", &[("key", &key)]),
            );
            return;
        }
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
                self.annotations.dialog =
                    Some(Dialog::StatusPicker(StatusPicker { subject, selected }));
            }
            Action::SetProgress => {
                let text = current
                    .and_then(|a| a.progress.as_ref())
                    .map_or(String::new(), |p| p.value.to_string());
                self.annotations.dialog = Some(Dialog::Progress(subject, Prompt::new(&text)));
            }
            Action::RecordActual => {
                let targets = self.target_subjects(&subject);
                if targets.is_empty() {
                    let key = if self.view == View::Districts {
                        "annotate.district_no_figure"
                    } else {
                        "annotate.no_target"
                    };
                    self.notice = Some(self.strings.get(key).to_owned());
                    return;
                }
                let today = self.clock.today();
                self.annotations.dialog = Some(Dialog::Actual(ActualForm::new(targets, today)));
            }
            Action::EditNote => {
                let note = current.and_then(|a| a.note.as_ref());
                let original = note.map_or(String::new(), |n| n.value.to_string());
                let private = note.is_some_and(|n| self.annotations.is_private(&n.record));
                let report = Field::REPORT.map(|field| {
                    current
                        .and_then(|a| a.text(field))
                        .map_or(String::new(), |t| t.value.to_string())
                });
                self.annotations.dialog = Some(Dialog::Note(NoteEditor::with_report(
                    subject, original, private, report,
                )));
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

    /// `u` and Ctrl-r: the latest change of what the view in front shows, taken back or
    /// made again; the status bar names it by its title.
    pub(super) fn undo_or_redo(&mut self, undo: bool) {
        if let Some(reason) = self.cannot_change() {
            self.notice = Some(reason);
            return;
        }
        let stack = if undo {
            &self.annotations.undo_stack
        } else {
            &self.annotations.redo_stack
        };
        let Some(position) = stack.iter().rposition(|u| self.undo_scope_holds(u)) else {
            let key = if undo {
                "annotate.nothing_to_undo"
            } else {
                "annotate.nothing_to_redo"
            };
            self.notice = Some(self.strings.get(key).to_owned());
            return;
        };
        let entry = if undo {
            self.annotations.undo_stack.remove(position)
        } else {
            self.annotations.redo_stack.remove(position)
        };
        let done = if undo {
            Committed::Undo
        } else {
            Committed::Redo
        };
        let label = match entry {
            Undoable::Record(id) => match self.annotations.log.undo_change(&id) {
                Ok(change) => {
                    let label = self.change_label(&change.item, change.owner.as_deref());
                    if !self.commit(change, done) {
                        return;
                    }
                    label
                }
                Err(error) => {
                    self.notice = Some(error.to_string());
                    return;
                }
            },
            Undoable::Decision { id, before, after } => {
                let (from, to) = if undo {
                    (after, before)
                } else {
                    (before, after)
                };
                self.set_decision_status(&id, from, to, done);
                self.annotations.meetings.decision(&id).map_or(id, |d| {
                    crate::text::width::truncate_to_width(&d.text, 30).into_owned()
                })
            }
            Undoable::DecisionEdit { id, before, after } => {
                let (from, to) = if undo {
                    (&after, &before)
                } else {
                    (&before, &after)
                };
                if !self.change_decision(&id, from, to, done) {
                    return;
                }
                crate::text::width::truncate_to_width(&to.text, 30).into_owned()
            }
        };
        let key = if undo {
            "annotate.undone"
        } else {
            "annotate.redone"
        };
        self.notice = Some(self.strings.format(key, &[("item", &label)]));
    }

    /// Whether an undoable change is one of what the view in front shows: decisions in
    /// the decisions view; in the owners view, the selected unit's parts and the items it
    /// is responsible for; in the targets view, targets; in the districts view, the actual
    /// values of 附件1 cells; elsewhere, any change of the plan.
    fn undo_scope_holds(&self, undoable: &Undoable) -> bool {
        let record = match undoable {
            Undoable::Decision { .. } | Undoable::DecisionEdit { .. } => {
                return self.view == View::Decisions;
            }
            Undoable::Record(id) => self.annotations.log.get(id),
        };
        let Some(record) = record else {
            return false;
        };
        let node = |item: &str| self.loaded.index.position(item).and_then(|e| self.node(e));
        match self.view {
            View::Decisions => false,
            View::Districts => matches!(node(&record.item), Some(Node::DistrictCell(..))),
            View::Targets => self
                .loaded
                .index
                .position(&record.item)
                .and_then(|e| self.node(e))
                .is_some_and(|n| matches!(n, Node::Target(_))),
            View::Owners => {
                let Some(unit) = self.selected_owner().map(|o| o.id.as_str()) else {
                    return false;
                };
                match &record.owner {
                    Some(owner) => owner == unit,
                    None => self.owner_items().iter().any(|a| {
                        self.loaded
                            .index
                            .entries
                            .get(a.entry)
                            .map(|e| e.id.as_str())
                            == Some(record.item.as_str())
                    }),
                }
            }
            View::Plan | View::Changes | View::Dashboard => true,
        }
    }

    /// An item's name for the status bar: its number and title as the document has
    /// them, with the unit whose part it is.
    pub fn change_label(&self, item: &str, owner: Option<&str>) -> String {
        let title = self
            .loaded
            .index
            .position(item)
            .and_then(|e| self.node(e))
            .map_or_else(
                || item.to_owned(),
                |n| match (self.lang, n.title_en()) {
                    // A 附件1 row or cell: by its district and column, as everywhere.
                    _ if matches!(n, Node::DistrictCell(..) | Node::DistrictRow(_)) => {
                        crate::model::numbering::numbered_title_in(
                            &self.loaded.plan,
                            &n,
                            self.lang == crate::i18n::Lang::En,
                        )
                    }
                    (crate::i18n::Lang::En, Some(en)) => en.to_owned(),
                    _ => crate::model::numbering::numbered_title(&n),
                },
            );
        let title = crate::text::width::truncate_to_width(&title, 30).into_owned();
        match owner {
            Some(unit) => format!("{title}（{}）", self.owner_name(unit)),
            None => title,
        }
    }

    /// Makes the change a record, shows it, and hands it to the writer. False when the
    /// change was not valid (the notice says why).
    fn commit(&mut self, change: Change, kind: Committed) -> bool {
        // A change made while a meeting is open is part of its record.
        let mut change = change;
        if change.meeting.is_none() {
            change.meeting = self.annotations.meetings.current().map(|m| m.id.clone());
        }
        let author = self.annotations.author.clone();
        self.commit_as(change, kind, author)
    }

    /// [`commit`](Self::commit) by another author, and outside any meeting: a change a
    /// unit's report form makes (the same record `planmeet collect --yes` writes).
    pub(super) fn commit_as(&mut self, change: Change, kind: Committed, author: String) -> bool {
        let now = self.clock.now();
        let id = self.clock.fresh_id();
        let notes = &mut self.annotations;
        let at = notes.log.time_for(&change.key(), now);
        let record = change.into_record(id.into(), at, author.into());
        if let Err(why) = record.check() {
            self.notice = Some(why.to_string());
            return false;
        }
        let id = record.id.to_string();
        notes.mine.insert(id.clone());
        notes.log.insert(record.clone());
        notes.unsaved.push(Pending::Record(record.clone()));
        match kind {
            Committed::Change => {
                notes.undo_stack.push(Undoable::Record(id));
                notes.redo_stack.clear();
            }
            Committed::Undo => notes.redo_stack.push(Undoable::Record(id)),
            Committed::Redo => notes.undo_stack.push(Undoable::Record(id)),
        }
        self.persist(Pending::Record(record));
        if self.filter.is_some() {
            self.apply_filter();
        }
        true
    }

    /// Hands a line to the status file's writer; without a status file it stays in memory,
    /// and the status bar says so.
    pub(super) fn persist(&mut self, line: Pending) {
        if self.annotations.file.is_some() {
            self.emit(Effect::Persist(Box::new(line)));
        } else {
            self.annotations.save_error = Some(self.strings.get("annotate.no_file").to_owned());
        }
    }

    // ---- dialogs ---------------------------------------------------------------------

    /// With no author known (no `--author`, settings or login name), a change asks who is
    /// making it before anything is recorded, and is made once that is answered. The name
    /// is saved to `config.ron`, which the command line reads too.
    pub(super) fn ask_author_first(&mut self, action: &Action) -> bool {
        if !self.annotations.author.trim().is_empty() {
            return false;
        }
        self.annotations.after_author = Some(action.clone());
        self.annotations.dialog = Some(Dialog::Author(Prompt::new("")));
        self.notice = Some(self.strings.get("annotate.author_first").to_owned());
        true
    }

    pub(super) fn update_dialog(&mut self, action: Action) {
        let Some(dialog) = self.annotations.dialog.take() else {
            return;
        };
        let input = match action {
            Action::DialogKey(key) => {
                DialogInput::read(&self.keymap, dialog.mode(), key, dialog.text_focused())
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.annotations.dialog = Some(dialog);
                return;
            }
            // Everything else that reaches an open dialog is one of its own actions.
            other => DialogInput::action(other),
        };
        if input.action == Some(Action::Quit) {
            // Asked twice (Ctrl-c at the meeting question): quit, leaving it open.
            if matches!(dialog, Dialog::QuitMeeting) {
                self.quit_past_meeting();
            } else {
                self.request_quit();
            }
            return;
        }
        self.annotations.dialog = self.dialog_key(dialog, &input);
    }

    /// Applies a key to the dialog; returns the dialog if it stays open.
    fn dialog_key(&mut self, dialog: Dialog, input: &DialogInput) -> Option<Dialog> {
        match dialog {
            Dialog::StatusPicker(mut picker) => match picker.handle(input) {
                Reaction::Submit => {
                    self.pick_status(&picker.subject, picker.chosen());
                    None
                }
                Reaction::Close => None,
                Reaction::Stay | Reaction::Warn(_) => Some(Dialog::StatusPicker(picker)),
            },
            Dialog::Progress(subject, mut prompt) => match prompt.handle(input) {
                Reaction::Submit => self
                    .set_progress(&subject, &mut prompt)
                    .then_some(Dialog::Progress(subject, prompt)),
                Reaction::Close => None,
                Reaction::Stay | Reaction::Warn(_) => Some(Dialog::Progress(subject, prompt)),
            },
            Dialog::Actual(mut form) => match form.handle(input) {
                Reaction::Submit => self
                    .record_actual(&mut form)
                    .then_some(Dialog::Actual(form)),
                Reaction::Close => None,
                Reaction::Stay | Reaction::Warn(_) => Some(Dialog::Actual(form)),
            },
            Dialog::Note(mut note) => match note.handle(input) {
                Reaction::Submit => {
                    self.save_note(&note);
                    None
                }
                Reaction::Close => None,
                Reaction::Warn(key) => {
                    self.notice = Some(self.warning(key));
                    Some(Dialog::Note(note))
                }
                Reaction::Stay => Some(Dialog::Note(note)),
            },
            Dialog::Author(mut prompt) => match prompt.handle(input) {
                Reaction::Submit => {
                    let name = prompt.text();
                    let invalid = name.is_empty()
                        || name.chars().count() > crate::model::annotation::MAX_NAME_CHARS;
                    if invalid {
                        prompt.error = Some(self.strings.get("annotate.bad_author").to_owned());
                        return Some(Dialog::Author(prompt));
                    }
                    self.notice = Some(
                        self.strings
                            .format("annotate.author_set", &[("name", &name)]),
                    );
                    self.emit(Effect::SaveAuthor(name.clone()));
                    self.annotations.author = name;
                    // The change that asked for a name is made now; a dialog it opens
                    // (the status picker, the note editor) takes this one's place.
                    if let Some(action) = self.annotations.after_author.take() {
                        self.apply(action);
                        return self.annotations.dialog.take();
                    }
                    None
                }
                Reaction::Close => {
                    self.annotations.after_author = None;
                    None
                }
                Reaction::Stay | Reaction::Warn(_) => Some(Dialog::Author(prompt)),
            },
            Dialog::Unsaved => match input.action {
                // The runtime finds a place to offer; the prompt opens when it answers.
                Some(Action::WriteElsewhere) => {
                    self.emit(Effect::SuggestCopyPath);
                    Some(Dialog::Unsaved)
                }
                Some(Action::RetrySave) => {
                    self.emit(Effect::RetrySaves);
                    None
                }
                // Nothing is discarded: on the way out what still cannot be written goes
                // to a rescue file (see `runtime::Driver::shut_down`).
                Some(Action::QuitAnyway) => {
                    self.running = false;
                    None
                }
                Some(Action::Cancel) => None,
                _ => Some(Dialog::Unsaved),
            },
            Dialog::Filter(draft) => self.filter_key(draft, input).map(Dialog::Filter),
            Dialog::Export(menu) => self.export_key(menu, input),
            Dialog::Palette(palette) => self.palette_key(palette, input),
            meeting @ (Dialog::StartMeeting(_)
            | Dialog::CloseMeeting
            | Dialog::Decision(_)
            | Dialog::AgendaScope(_)
            | Dialog::EditDecision(..)
            | Dialog::QuitMeeting) => self.meeting_dialog_key(meeting, input),
            Dialog::CollectPath(prompt) => self.collect_path_key(prompt, input),
            Dialog::CollectPreview(preview) => self.collect_preview_key(preview, input),
            Dialog::SaveCopy(mut prompt) => match prompt.handle(input) {
                Reaction::Close => Some(Dialog::Unsaved),
                Reaction::Submit => {
                    let path = PathBuf::from(prompt.text());
                    let lines = self.annotations.unsaved.clone();
                    self.emit(Effect::WriteCopy { path, lines });
                    self.notice = Some(self.strings.get("annotate.copying").to_owned());
                    None
                }
                Reaction::Stay | Reaction::Warn(_) => Some(Dialog::SaveCopy(prompt)),
            },
        }
    }

    /// A warning that names keys: `{cancel}`, `{save}` are the keys the note editor binds.
    fn warning(&self, key: &str) -> String {
        let keys = |action: Action| {
            self.keymap
                .keys_in(super::keymap::Mode::Note, &action)
                .into_iter()
                .next()
                .unwrap_or_default()
        };
        self.strings.format(
            key,
            &[
                ("cancel", &keys(Action::Cancel)),
                ("save", &keys(Action::Save)),
            ],
        )
    }

    /// The progress typed; false (and the prompt says why) when it is not a percentage.
    fn set_progress(&mut self, subject: &Subject, prompt: &mut Prompt) -> bool {
        let text = prompt.text();
        let mut change = Change::new(&subject.key());
        if text.is_empty() {
            change.clear.push(Field::Progress);
        } else {
            match crate::input::parse_percent(&text) {
                Ok(percent) => change.progress = Some(percent),
                Err(error) => {
                    prompt.error = Some(error.message(&self.strings));
                    return true;
                }
            }
        }
        self.commit(change, Committed::Change);
        false
    }

    /// The actual value typed, for the chosen target; true (the form says why) when the
    /// value or the date cannot be read.
    fn record_actual(&mut self, form: &mut ActualForm) -> bool {
        let target = &form.targets[form.which];
        let unit = crate::model::annotation::actual_unit(
            &self.loaded.plan,
            &self.loaded.index,
            target.entry,
        )
        .unwrap_or_default();
        let number = crate::input::parse_quantity(&text_of(&form.value), unit);
        let day = crate::input::parse_as_of(&text_of(&form.date));
        let error = match (number, day) {
            (Ok(value), Ok(as_of)) => {
                let mut change = Change::new(&target.key());
                change.actual = Some(Actual { value, as_of });
                self.commit(change, Committed::Change);
                return false;
            }
            (Err(error), _) | (_, Err(error)) => error,
        };
        form.error = Some(error.message(&self.strings));
        true
    }

    /// Records the note as edited, if it changed (an emptied note clears it).
    fn save_note(&mut self, note: &NoteEditor) {
        if !note.changed() {
            return;
        }
        let text = note.text().trim_end().to_owned();
        let mut change = Change::new(&note.subject.key());
        if note.note_changed() {
            if text.trim().is_empty() {
                change.clear.push(Field::Note);
            } else {
                change.note = Some(text);
                change.private = note.private;
            }
        }
        for (field, text) in note.changed_reports() {
            if text.trim().is_empty() {
                change.clear.push(field);
            } else {
                change.set_text(field, text);
            }
        }
        self.commit(change, Committed::Change);
    }

    fn pick_status(&mut self, subject: &Subject, chosen: Option<Status>) {
        let mut change = Change::new(&subject.key());
        match chosen {
            Some(status) => change.status = Some(status),
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

    /// Quit, unless a meeting is open (ask whether to close it) or changes are not on
    /// disk (ask what to do with them).
    pub(super) fn request_quit(&mut self) {
        let meeting_open = self.annotations.meetings.current().is_some();
        if meeting_open && self.cannot_change().is_none() {
            self.annotations.dialog = Some(Dialog::QuitMeeting);
        } else {
            self.quit_past_meeting();
        }
    }

    /// Quit, unless changes are not on disk: then ask.
    pub(super) fn quit_past_meeting(&mut self) {
        if self.annotations.unsaved.is_empty() || self.annotations.save_error.is_none() {
            // In flight but not failed: the exit path waits for the writer.
            self.running = false;
        } else {
            self.annotations.dialog = Some(Dialog::Unsaved);
        }
    }

    // ---- replies from the status-file worker ---------------------------------------------

    /// Where to write unsaved changes, found: the prompt opens on it (if the question is
    /// still open).
    pub(super) fn copy_suggested(&mut self, path: PathBuf) {
        if matches!(self.annotations.dialog, Some(Dialog::Unsaved)) {
            let prompt = Prompt::new(&path.display().to_string());
            self.annotations.dialog = Some(Dialog::SaveCopy(prompt));
        }
    }

    /// Written to the file the user named (no worker was running to do it), or not.
    pub(super) fn copy_written(&mut self, path: PathBuf, result: Result<(), String>) {
        let count = self.annotations.unsaved.len();
        self.update_from_store(match result {
            Ok(()) => Reply::CopySaved { path, count },
            Err(error) => Reply::CopyFailed { path, error },
        });
    }

    pub(super) fn update_from_store(&mut self, reply: Reply) {
        let mut arrived: Vec<Record> = Vec::new();
        {
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
                    self.prepare_notes_in_background();
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
                    } else {
                        for record in records {
                            let mine = notes.mine.contains(record.id.as_str());
                            if notes.log.insert(record.clone()) == Added::New && !mine {
                                arrived.push(record);
                            }
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
                    let mut prompt = Prompt::new(&path.display().to_string());
                    prompt.error = Some(error);
                    self.annotations.dialog = Some(Dialog::SaveCopy(prompt));
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

    /// "张三 修改了 2．引育高层次创新人才：状态 → 正常推进", or how many changes by whom.
    fn announce_arrivals(&mut self, arrived: &[Record]) {
        let mut authors: Vec<&str> = arrived.iter().map(|r| r.author.as_str()).collect();
        authors.dedup();
        let notice = if let [record] = arrived {
            self.strings.format(
                "annotate.arrived_one",
                &[
                    ("author", &record.author),
                    (
                        "item",
                        &self.change_label(&record.item, record.owner.as_deref()),
                    ),
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
            Some(Dialog::Note(note)) => Some(note.subject.key()),
            _ => None,
        };
        let clash = editing.is_some_and(|key| {
            arrived
                .iter()
                .any(|r| r.key() == key && Field::ALL[2..].iter().any(|&f| r.touches(f)))
        });
        self.notice = Some(if clash {
            format!(
                "{notice}{}{}",
                crate::text::Marks::for_ascii(self.theme.ascii).separator,
                self.strings.get("annotate.note_clash")
            )
        } else {
            notice
        });
    }

    /// What a record changed, in words: "状态 → 正常推进 · 进度 60%" (the one description of
    /// a change, shared with the command line).
    pub fn describe(&self, record: &Record) -> String {
        let mut out = String::new();
        self.describe_into(&mut out, record);
        out
    }

    /// [`App::describe`] appended to `out`, the interface strings borrowed, not copied.
    pub fn describe_into(&self, out: &mut String, record: &Record) {
        // An undo names the change it takes back by when it was made, not by its record id.
        let undone = record.undoes().map(|u| u.as_str()).map(|id| {
            self.annotations
                .log
                .get(id)
                .map(|undone| undone.at.local_minute())
                .unwrap_or_else(|| id.chars().take(8).collect())
        });
        record.describe_into(
            out,
            &|key| match (&undone, key) {
                (Some(when), "history.undoes") => std::borrow::Cow::Owned(
                    self.strings
                        .format("history.undoes_change", &[("at", when)]),
                ),
                _ => std::borrow::Cow::Borrowed(self.strings.get(key)),
            },
            Some(24),
            crate::text::Marks::for_ascii(self.theme.ascii),
        )
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
pub(super) enum Committed {
    Change,
    Undo,
    Redo,
}
