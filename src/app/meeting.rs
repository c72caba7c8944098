//! Running the meeting from the browser: `m` opens one (title, date, attendees), every
//! change made while it is open carries its id, `d` records a decision, `t` walks the
//! agenda item by item (`]` / `[`, `D` marks an item discussed), `M` closes it. Meetings
//! live in the status file with the changes, written by the same worker.

use super::annotate::{Committed, Undoable};
use super::dialog::{Dialog, DialogInput, Form, Menu, Reaction};
use super::{Action, App};
use crate::input::parse_date;
use crate::model::Node;
use crate::model::annotation::Status;
use crate::model::meeting::{
    DecisionRecord, DecisionStatus, Event, MeetingDetails, MeetingEvent, MeetingRecord,
};
use crate::store::status_sync::Pending;

/// Which items the agenda walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaScope {
    /// Every sub-task, sub-item and target, in document order.
    All,
    /// The items the attending units lead or share.
    Attending,
    /// Items at risk or behind.
    AtRisk,
}

impl AgendaScope {
    pub const ALL: [AgendaScope; 3] = [
        AgendaScope::All,
        AgendaScope::Attending,
        AgendaScope::AtRisk,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AgendaScope::All => "ui.agenda.all",
            AgendaScope::Attending => "ui.agenda.attending",
            AgendaScope::AtRisk => "ui.agenda.at_risk",
        }
    }
}

/// The agenda being walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agenda {
    pub scope: AgendaScope,
    /// Entry positions, in document order.
    pub entries: Vec<usize>,
    pub position: usize,
}

impl App {
    pub(super) fn update_meeting(&mut self, action: Action) {
        let walking = matches!(
            action,
            Action::Agenda | Action::AgendaNext | Action::AgendaPrev
        );
        if !walking && let Some(reason) = self.cannot_change() {
            self.notice = Some(reason);
            return;
        }
        if !walking && self.ask_author_first(&action) {
            return;
        }
        let current = self.annotations.meetings.current().cloned();
        match action {
            Action::StartMeeting => match current {
                Some(meeting) => {
                    self.notice = Some(self.strings.format(
                        "ui.meeting.already_open",
                        &[
                            ("title", &meeting.title),
                            ("key", &self.key_name(Action::CloseMeeting)),
                        ],
                    ));
                }
                None => {
                    let date = self.clock.today();
                    let title = self
                        .strings
                        .format("ui.meeting.default_title", &[("date", &date)]);
                    // Title, date, start time, place, chair, recorder; then the attendees.
                    let form = Form::new(
                        &[&title, &date.to_string(), "", "", "", ""],
                        self.loaded.plan.owners.len(),
                    );
                    self.annotations.dialog = Some(Dialog::StartMeeting(Box::new(form)));
                }
            },
            Action::CloseMeeting => match current {
                Some(_) => self.annotations.dialog = Some(Dialog::CloseMeeting),
                None => self.notice = Some(self.no_meeting_open()),
            },
            Action::Decide => {
                // Text, due date, the items it is about (the selected one to start with).
                let item = self
                    .subject()
                    .map(|s| self.item_number(&s.item))
                    .unwrap_or_default();
                let mut form = Form::new(&["", "", &item], self.loaded.plan.owners.len());
                // The selected item's lead unit, ticked to start with.
                if let Some(subject) = self.subject() {
                    let lead = self
                        .node(subject.entry)
                        .and_then(|n| n.owners())
                        .map(|o| o.lead.clone());
                    if let Some(at) =
                        lead.and_then(|l| self.loaded.plan.owners.iter().position(|o| o.id == l))
                    {
                        form.units[at] = true;
                        form.unit_cursor = at;
                    }
                }
                self.annotations.dialog = Some(Dialog::Decision(Box::new(form)));
            }
            Action::Agenda => {
                self.annotations.dialog =
                    Some(Dialog::AgendaScope(Menu::new(AgendaScope::ALL.len() + 1)));
            }
            Action::AgendaNext | Action::AgendaPrev => {
                let Some(agenda) = &mut self.agenda else {
                    let key = self.key_name(Action::Agenda);
                    self.notice = Some(
                        self.strings
                            .format("ui.agenda.not_started", &[("key", &key)]),
                    );
                    return;
                };
                let last = agenda.entries.len().saturating_sub(1);
                agenda.position = if action == Action::AgendaNext {
                    (agenda.position + 1).min(last)
                } else {
                    agenda.position.saturating_sub(1)
                };
                if let Some(&entry) = agenda.entries.get(agenda.position) {
                    self.show_agenda_step(entry);
                }
            }
            Action::MarkDiscussed => {
                let Some(meeting) = current else {
                    self.notice = Some(self.no_meeting_open());
                    return;
                };
                let Some(subject) = self.subject() else {
                    self.notice = Some(self.strings.get("annotate.select_item").to_owned());
                    return;
                };
                self.commit_event(|id, at, author| {
                    Event::Meeting(MeetingRecord {
                        at,
                        author,
                        meeting: meeting.id.clone(),
                        event: MeetingEvent::Discussed {
                            item: subject.item.clone(),
                        },
                        id,
                    })
                });
                // On to the next item of the agenda, as the meeting moves on.
                if self.agenda.is_some() {
                    self.update_meeting(Action::AgendaNext);
                }
            }
            _ => {}
        }
    }

    /// The entries an agenda of `scope` walks.
    fn agenda_entries(&self, scope: AgendaScope) -> Vec<usize> {
        let attending: Vec<String> = self
            .annotations
            .meetings
            .current()
            .map(|m| m.attendees.clone())
            .unwrap_or_default();
        let mut entries: Vec<usize> = self
            .all_sections
            .iter()
            .flat_map(|s| s.items.iter().copied())
            .flat_map(|item| {
                let targets = self
                    .loaded
                    .index
                    .children(item)
                    .map(|(p, _)| p)
                    .filter(|&p| matches!(self.node(p), Some(Node::Target(_))))
                    .collect::<Vec<_>>();
                std::iter::once(item).chain(targets)
            })
            .collect();
        // A target can be listed in its section and under its item: once is enough.
        let mut seen = std::collections::HashSet::new();
        entries.retain(|e| seen.insert(*e));
        entries.retain(|&entry| match scope {
            AgendaScope::All => true,
            AgendaScope::Attending => {
                let owners = self.node(entry).and_then(|n| n.owners()).or_else(|| {
                    crate::model::query::target_owner(&self.loaded.plan, &self.loaded.index, entry)
                });
                owners.is_some_and(|o| {
                    attending
                        .iter()
                        .any(|unit| o.lead == *unit || o.groups.iter().any(|g| g.contains(unit)))
                })
            }
            AgendaScope::AtRisk => {
                let id = &self.loaded.index.entries[entry].id;
                matches!(
                    self.annotations.status_of(id, None),
                    Some(Status::AtRisk | Status::Behind)
                )
            }
        });
        entries
    }

    /// Makes an event (id, time and author filled in), shows it, and hands it to the writer.
    pub(super) fn commit_event(
        &mut self,
        make: impl FnOnce(String, crate::model::annotation::Stamp, String) -> Event,
    ) -> bool {
        // After every event already recorded, even one stamped by a clock ahead of ours:
        // a change made now must win over what it changes.
        let now = self.annotations.meetings.time_for(self.clock.now());
        let event = make(self.clock.fresh_id(), now, self.annotations.author.clone());
        if let Err(why) = event.check() {
            self.notice = Some(why.to_string());
            return false;
        }
        let notes = &mut self.annotations;
        notes.meetings.extend([event.clone()]);
        notes.unsaved.push(Pending::Event(event.clone()));
        self.persist(Pending::Event(event));
        true
    }

    pub(super) fn meeting_dialog_key(
        &mut self,
        dialog: Dialog,
        input: &DialogInput,
    ) -> Option<Dialog> {
        match dialog {
            Dialog::StartMeeting(mut form) => match form.handle(input, &self.loaded.plan) {
                Reaction::Close => None,
                Reaction::Submit => self.start_meeting(form).map(Dialog::StartMeeting),
                Reaction::Stay | Reaction::Warn(_) => Some(Dialog::StartMeeting(form)),
            },
            Dialog::CloseMeeting => {
                if input.action == Some(Action::Confirm) {
                    self.close_current_meeting();
                }
                None
            }
            Dialog::QuitMeeting => match input.action {
                Some(Action::CloseAndQuit) => {
                    self.close_current_meeting();
                    self.quit_past_meeting();
                    self.annotations.dialog.take()
                }
                Some(Action::QuitAnyway) => {
                    self.quit_past_meeting();
                    self.annotations.dialog.take()
                }
                Some(Action::Cancel) => None,
                _ => Some(Dialog::QuitMeeting),
            },
            Dialog::EditDecision(id, mut form) => match form.handle(input, &self.loaded.plan) {
                Reaction::Close => None,
                Reaction::Submit => self
                    .save_decision_edit(&id, form)
                    .map(|form| Dialog::EditDecision(id, form)),
                Reaction::Stay | Reaction::Warn(_) => Some(Dialog::EditDecision(id, form)),
            },
            Dialog::Decision(mut form) => match form.handle(input, &self.loaded.plan) {
                Reaction::Close => None,
                Reaction::Submit => self.record_decision(form).map(Dialog::Decision),
                Reaction::Stay | Reaction::Warn(_) => Some(Dialog::Decision(form)),
            },
            Dialog::AgendaScope(mut menu) => match menu.handle(input) {
                Reaction::Submit => {
                    self.start_agenda(menu.selected);
                    None
                }
                Reaction::Close => None,
                Reaction::Stay | Reaction::Warn(_) => Some(Dialog::AgendaScope(menu)),
            },
            other => Some(other),
        }
    }

    /// Closes the meeting in progress (`M`, or on the way out).
    fn close_current_meeting(&mut self) {
        let Some(meeting) = self.annotations.meetings.current().cloned() else {
            return;
        };
        self.commit_event(|id, at, author| {
            Event::Meeting(MeetingRecord {
                at,
                author,
                meeting: meeting.id.clone(),
                event: MeetingEvent::Close,
                id,
            })
        });
        self.agenda = None;
        self.notice = Some(
            self.strings
                .format("ui.meeting.closed", &[("title", &meeting.title)]),
        );
    }

    /// Opens the meeting the form describes; the form back when something is missing.
    fn start_meeting(&mut self, mut form: Box<Form>) -> Option<Box<Form>> {
        let title = form.text(0);
        let date = match parse_date(&form.text(1)) {
            Ok(date) => date,
            Err(error) => {
                form.error = Some(error.message(&self.strings));
                form.focus = 1;
                return Some(form);
            }
        };
        if title.is_empty() {
            form.error = Some(self.strings.get("ui.meeting.title_needed").to_owned());
            form.focus = 0;
            return Some(form);
        }
        let time = form.text(2);
        let time = if time.is_empty() {
            None
        } else {
            match crate::input::parse_time(&time) {
                Ok(time) => Some(time),
                Err(error) => {
                    form.error = Some(error.message(&self.strings));
                    form.focus = 2;
                    return Some(form);
                }
            }
        };
        let optional = |text: String| Some(text).filter(|t| !t.is_empty());
        let details = MeetingDetails {
            time,
            place: optional(form.text(3)),
            chair: optional(form.text(4)),
            recorder: optional(form.text(5)),
        };
        let attendees = form.ticked(&self.loaded.plan.owners);
        let meeting = format!("m{date}-{}", &self.clock.fresh_id()[..4]);
        self.commit_event(|id, at, author| {
            Event::Meeting(MeetingRecord {
                at,
                author,
                meeting,
                event: MeetingEvent::Open {
                    title: title.clone(),
                    date,
                    attendees,
                    details,
                },
                id,
            })
        });
        self.notice = Some(
            self.strings
                .format("ui.meeting.started", &[("title", &title)]),
        );
        None
    }

    /// Records the decision the form describes; the form back when something is missing.
    fn record_decision(&mut self, mut form: Box<Form>) -> Option<Box<Form>> {
        let Some((decision_text, due, items)) = self.decision_in_form(&mut form) else {
            return Some(form);
        };
        let items = Some(items).filter(|i| !i.is_empty());
        let units = form.ticked(&self.loaded.plan.owners);
        let meeting = self.annotations.meetings.current().map(|m| m.id.clone());
        let decision = format!("d{}", &self.clock.fresh_id()[..8]);
        self.commit_event(|id, at, author| {
            Event::Decision(DecisionRecord {
                at,
                author,
                decision,
                meeting,
                text: Some(decision_text),
                units: Some(units),
                due,
                clear_due: false,
                status: Some(DecisionStatus::Open),
                items,
                id,
            })
        });
        self.notice = Some(self.strings.get("ui.decision.recorded").to_owned());
        None
    }

    /// Starts the agenda of the chosen scope (the last row stops it).
    fn start_agenda(&mut self, row: usize) {
        let Some(&scope) = AgendaScope::ALL.get(row) else {
            self.agenda = None;
            self.notice = Some(self.strings.get("ui.agenda.stopped").to_owned());
            return;
        };
        let entries = self.agenda_entries(scope);
        let Some(&first) = entries.first() else {
            self.notice = Some(self.strings.get("ui.agenda.empty").to_owned());
            return;
        };
        self.agenda = Some(Agenda {
            scope,
            entries,
            position: 0,
        });
        self.show_agenda_step(first);
    }

    /// Decisions in the order made, narrowed as the decisions view asks.
    pub fn shown_decisions(&self) -> Vec<&crate::model::meeting::Decision> {
        let today = self.review_date;
        let unit = self.filter.as_ref().and_then(|f| f.unit.as_deref());
        self.annotations
            .meetings
            .decisions()
            .iter()
            .filter(|d| !self.decisions_view.overdue_only || d.is_overdue(today))
            .filter(|d| unit.is_none_or(|u| d.units.iter().any(|x| x == u)))
            .collect()
    }
}

impl App {
    /// In the decisions view, `s` moves the selected decision on: open → done → dropped.
    pub(super) fn cycle_decision(&mut self) {
        let Some(decision) = self
            .shown_decisions()
            .get(self.decisions_view.row.selected)
            .map(|d| (d.id.clone(), d.status))
        else {
            return;
        };
        if let Some(reason) = self.cannot_change() {
            self.notice = Some(reason);
            return;
        }
        let (id, status) = decision;
        let next = match status {
            DecisionStatus::Open => DecisionStatus::Done,
            DecisionStatus::Done => DecisionStatus::Dropped,
            DecisionStatus::Dropped => DecisionStatus::Open,
        };
        self.set_decision_status(&id, status, next, Committed::Change);
    }

    /// Shows an agenda step as the thing it is about, so that `s` annotates that: a target
    /// on its row of the targets view, anything else where it lives in the plan.
    pub(super) fn show_agenda_step(&mut self, entry: usize) {
        if matches!(self.node(entry), Some(Node::Target(_)))
            && let Some(row) = self.targets.iter().position(|&t| t == entry)
        {
            self.view = super::View::Targets;
            self.targets_view.row.select(row, self.targets.len());
            return;
        }
        self.select_entry(entry);
    }

    /// "No meeting in progress", with the key that starts one.
    pub(super) fn no_meeting_open(&self) -> String {
        let key = self.key_name(Action::StartMeeting);
        self.strings
            .format("ui.meeting.none_open", &[("key", &key)])
    }

    /// Records a decision's new status; `u` in the decisions view can take it back.
    pub(super) fn set_decision_status(
        &mut self,
        id: &str,
        before: DecisionStatus,
        after: DecisionStatus,
        kind: Committed,
    ) {
        let recorded = self.commit_event(|record, at, author| {
            Event::Decision(DecisionRecord {
                at,
                author,
                decision: id.to_owned(),
                meeting: None,
                text: None,
                units: None,
                due: None,
                clear_due: false,
                status: Some(after),
                items: None,
                id: record,
            })
        });
        if !recorded {
            return;
        }
        let notes = &mut self.annotations;
        let done = Undoable::Decision {
            id: id.to_owned(),
            before,
            after,
        };
        let undone = Undoable::Decision {
            id: id.to_owned(),
            before: after,
            after: before,
        };
        match kind {
            Committed::Change => {
                notes.undo_stack.push(done);
                notes.redo_stack.clear();
            }
            // An undo is itself undone by making the change it took back again.
            Committed::Undo => notes.redo_stack.push(undone),
            Committed::Redo => notes.undo_stack.push(done),
        }
    }

    /// When "since the last meeting" starts: the opening of the latest meeting that is not
    /// the one in progress; none before the first meeting.
    pub fn last_meeting(&self) -> Option<&crate::model::meeting::Meeting> {
        let meetings = &self.annotations.meetings;
        let current = meetings.current().map(|m| m.id.as_str());
        meetings
            .meetings()
            .iter()
            .rev()
            .find(|m| Some(m.id.as_str()) != current)
    }

    /// Every change since the last meeting opened (all of them before any meeting), in
    /// log order.
    pub fn changes_since_last_meeting(&self) -> Vec<&crate::model::annotation::Record> {
        let since = self.last_meeting().map(|m| m.opened_at);
        let mut records: Vec<&crate::model::annotation::Record> = self
            .annotations
            .log
            .records()
            .iter()
            .filter(|r| since.is_none_or(|at| r.at >= at))
            .collect();
        records.sort_by(|a, b| crate::model::annotation::Record::order(a, b));
        records
    }
}
