//! Meetings and their decisions (议定事项), stored with the annotations as lines of their own
//! in the same append-only status file, so they share its guarantees: written under the
//! lock and `fdatasync`ed, merged by git's union and by `planmeet merge`, never rewritten.
//!
//! A meeting is a series of events — opened (title, date, attendees), an item marked
//! discussed, closed; a decision is created and then changed field by field. The state is
//! computed from the events, the latest by time (then author, then id) winning.

use super::error::{CheckError, check_name};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::annotation::{MAX_NAME_CHARS, Stamp};

/// Longest decision text or meeting title accepted; longer means a damaged line.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// What happened to a meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum MeetingEvent {
    Open {
        title: String,
        date: Date,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        attendees: Vec<String>,
        /// Who chairs it (主持人), who keeps the minutes (记录人), where and when it starts:
        /// optional, absent from files written before they existed.
        #[serde(default, skip_serializing_if = "MeetingDetails::is_empty")]
        details: MeetingDetails,
    },
    /// An agenda item was gone through.
    Discussed {
        item: String,
    },
    Close,
}

/// What a meeting record says beyond its title, date and attendees: the chair (主持人),
/// the recorder (记录人), the place (地点) and the start time. People are named as typed
/// (they are not units of the registry).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<jiff::civil::Time>,
}

impl MeetingDetails {
    pub fn is_empty(&self) -> bool {
        *self == MeetingDetails::default()
    }

    /// The start time as people write it: `09:30`.
    pub fn time_text(&self) -> Option<String> {
        self.time.map(|t| t.strftime("%H:%M").to_string())
    }

    /// Time, place, chair and recorder, those given, each under the key of its label in
    /// the interface strings (`minutes.time`, …): what the minutes' header and
    /// `meeting list|show` print.
    pub fn given(&self) -> Vec<(&'static str, String)> {
        Self::LABELS
            .into_iter()
            .zip([
                self.time_text(),
                self.place.clone(),
                self.chair.clone(),
                self.recorder.clone(),
            ])
            .filter_map(|(key, value)| Some((key, value?)))
            .collect()
    }

    /// The keys of the labels of time, place, chair and recorder, in that order.
    pub const LABELS: [&'static str; 4] = [
        "minutes.time",
        "minutes.place",
        "minutes.chair",
        "minutes.recorder",
    ];
}

/// One line: `Meeting(at: …, author: …, meeting: "m…", event: Open(…), id: "…")`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Meeting", deny_unknown_fields)]
pub struct MeetingRecord {
    pub at: Stamp,
    pub author: String,
    pub meeting: String,
    pub event: MeetingEvent,
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DecisionStatus {
    Open,
    Done,
    Dropped,
}

impl DecisionStatus {
    pub const ALL: [DecisionStatus; 3] = [
        DecisionStatus::Open,
        DecisionStatus::Done,
        DecisionStatus::Dropped,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DecisionStatus::Open => "decision_status.open",
            DecisionStatus::Done => "decision_status.done",
            DecisionStatus::Dropped => "decision_status.dropped",
        }
    }

    pub fn cli_name(self) -> &'static str {
        match self {
            DecisionStatus::Open => "open",
            DecisionStatus::Done => "done",
            DecisionStatus::Dropped => "dropped",
        }
    }

    pub fn from_cli_name(name: &str) -> Option<DecisionStatus> {
        DecisionStatus::ALL
            .into_iter()
            .find(|s| s.cli_name() == name)
    }
}

/// One line: a decision made, or changed. Only the fields that change are present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Decision", deny_unknown_fields)]
pub struct DecisionRecord {
    pub at: Stamp,
    pub author: String,
    /// The decision this record makes or changes.
    pub decision: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Responsible units, by id (replaces the list when present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    /// The due date is taken away (an edit that empties it, or the undo of one that set
    /// the first). Written only when true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub clear_due: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DecisionStatus>,
    /// Plan items the decision is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<String>>,
    pub id: String,
}

/// A meeting or decision line.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Meeting(MeetingRecord),
    Decision(DecisionRecord),
}

impl Event {
    pub fn id(&self) -> &str {
        match self {
            Event::Meeting(m) => &m.id,
            Event::Decision(d) => &d.id,
        }
    }

    pub fn at(&self) -> Stamp {
        match self {
            Event::Meeting(m) => m.at,
            Event::Decision(d) => d.at,
        }
    }

    pub fn author(&self) -> &str {
        match self {
            Event::Meeting(m) => &m.author,
            Event::Decision(d) => &d.author,
        }
    }

    /// Log order: time, author, id.
    pub fn order(a: &Event, b: &Event) -> Ordering {
        a.at()
            .cmp(&b.at())
            .then_with(|| a.author().cmp(b.author()))
            .then_with(|| a.id().cmp(b.id()))
    }

    /// Checks what the types cannot; a line that fails is treated as damaged.
    pub fn check(&self) -> Result<(), CheckError> {
        let name = |what, value: &str| check_name(what, value, MAX_NAME_CHARS);
        let text = |what, value: &str| check_name(what, value, MAX_TEXT_CHARS);
        name("id", self.id())?;
        if self
            .id()
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(CheckError::BadId(self.id().to_owned()));
        }
        name("author", self.author())?;
        match self {
            Event::Meeting(m) => {
                name("meeting", &m.meeting)?;
                match &m.event {
                    MeetingEvent::Open {
                        title,
                        attendees,
                        details,
                        ..
                    } => {
                        text("title", title)?;
                        for unit in attendees {
                            name("attendee", unit)?;
                        }
                        for (what, value) in [
                            ("chair", &details.chair),
                            ("recorder", &details.recorder),
                            ("place", &details.place),
                        ] {
                            if let Some(value) = value {
                                name(what, value)?;
                            }
                        }
                    }
                    MeetingEvent::Discussed { item } => name("item", item)?,
                    MeetingEvent::Close => {}
                }
            }
            Event::Decision(d) => {
                name("decision", &d.decision)?;
                if let Some(t) = &d.text {
                    text("text", t)?;
                }
                for unit in d.units.iter().flatten() {
                    name("unit", unit)?;
                }
                for item in d.items.iter().flatten() {
                    name("item", item)?;
                }
                if let Some(meeting) = &d.meeting {
                    name("meeting", meeting)?;
                }
                let empty = d.meeting.is_none()
                    && d.text.is_none()
                    && d.units.is_none()
                    && d.due.is_none()
                    && !d.clear_due
                    && d.status.is_none()
                    && d.items.is_none();
                if empty {
                    return Err(CheckError::DecisionChangesNothing);
                }
            }
        }
        Ok(())
    }
}

/// A meeting as its events add up.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    pub id: String,
    pub title: String,
    pub date: Date,
    pub attendees: Vec<String>,
    /// Chair, recorder, place and start time, where the opening gave them.
    pub details: MeetingDetails,
    pub opened_at: Stamp,
    pub opened_by: String,
    pub closed_at: Option<Stamp>,
    /// Items gone through, in the order they were marked, with when.
    pub discussed: Vec<(String, Stamp)>,
}

impl Meeting {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}

/// A decision (议定事项) as its records add up.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub id: String,
    pub meeting: Option<String>,
    pub text: String,
    pub units: Vec<String>,
    pub due: Option<Date>,
    pub status: DecisionStatus,
    pub items: Vec<String>,
    pub created_at: Stamp,
    pub created_by: String,
    pub updated_at: Stamp,
    pub updated_by: String,
}

impl Decision {
    /// Due before `today` and still open.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status == DecisionStatus::Open && self.due.is_some_and(|due| due < today)
    }
}

/// A meeting id that names no meeting of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownMeeting {
    pub id: String,
}

/// Which meeting a change that names none belongs to (see
/// [`MeetingLog::implicit_meeting`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Implicit<'a> {
    /// No meeting, or several, are open.
    None,
    /// The one open meeting, of today.
    Joined(&'a Meeting),
    /// One meeting is open, but of another day: the change is made outside it.
    NotToday(&'a Meeting),
}

/// Every meeting and decision event of a status file, and what they add up to.
#[derive(Debug, Clone, Default)]
pub struct MeetingLog {
    events: Vec<Event>,
    ids: HashSet<String>,
    meetings: Vec<Meeting>,
    decisions: Vec<Decision>,
}

/// Two meeting logs are the same when they hold the same events in the same order.
impl PartialEq for MeetingLog {
    fn eq(&self, other: &Self) -> bool {
        self.events == other.events
    }
}

impl MeetingLog {
    pub fn new() -> MeetingLog {
        MeetingLog::default()
    }

    pub fn from_events(events: impl IntoIterator<Item = Event>) -> MeetingLog {
        let mut log = MeetingLog::new();
        log.extend(events);
        log
    }

    /// Adds events (one already there, by id, is skipped); returns how many were new.
    pub fn extend(&mut self, events: impl IntoIterator<Item = Event>) -> usize {
        let before = self.events.len();
        for event in events {
            if self.ids.insert(event.id().to_owned()) {
                self.events.push(event);
            }
        }
        let added = self.events.len() - before;
        if added > 0 {
            self.recompute();
        }
        added
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Meetings by date, then when they were opened.
    pub fn meetings(&self) -> &[Meeting] {
        &self.meetings
    }

    pub fn meeting(&self, id: &str) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.id == id)
    }

    /// The meeting named `id` (on the command line, in a change): an error naming it when
    /// the log has no such meeting, for the caller to list [`MeetingLog::meetings`].
    pub fn find_meeting(&self, id: &str) -> Result<&Meeting, UnknownMeeting> {
        self.meeting(id)
            .ok_or_else(|| UnknownMeeting { id: id.to_owned() })
    }

    /// The meeting a change made on `today` without naming one belongs to: the one open
    /// meeting (when exactly one is open), and only if it is of `today` — a meeting left
    /// open since last week must not collect this week's changes.
    pub fn implicit_meeting(&self, today: Date) -> Implicit<'_> {
        let mut open = self.meetings.iter().filter(|m| m.is_open());
        match (open.next(), open.next()) {
            (Some(only), None) if only.date == today => Implicit::Joined(only),
            (Some(only), None) => Implicit::NotToday(only),
            _ => Implicit::None,
        }
    }

    /// When an event made `now` is recorded: `now`, or just after the latest event if that
    /// is not earlier (a clock behind, or several commands within one second of a test
    /// clock: the later command must still come later).
    pub fn time_for(&self, now: Stamp) -> Stamp {
        match self.events.iter().map(Event::at).max() {
            Some(last) if last >= now => Stamp::new(last.successor().timestamp(), now.offset()),
            _ => now,
        }
    }

    /// The meeting in progress: the most recently opened one not closed.
    pub fn current(&self) -> Option<&Meeting> {
        self.meetings
            .iter()
            .filter(|m| m.is_open())
            .max_by(|a, b| a.opened_at.cmp(&b.opened_at))
    }

    /// The meeting before `id` (by date, then opening time), or the last meeting when
    /// `id` is none.
    pub fn previous(&self, id: Option<&str>) -> Option<&Meeting> {
        match id {
            None => self.meetings.last(),
            Some(id) => {
                let at = self.meetings.iter().position(|m| m.id == id)?;
                at.checked_sub(1).map(|p| &self.meetings[p])
            }
        }
    }

    /// Decisions in the order they were made.
    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.decisions.iter().find(|d| d.id == id)
    }

    /// The records that made and changed decision `id`, in log order: its history.
    pub fn decision_history(&self, id: &str) -> Vec<&DecisionRecord> {
        let mut records: Vec<&Event> = self
            .events
            .iter()
            .filter(|e| matches!(e, Event::Decision(d) if d.decision == id))
            .collect();
        records.sort_by(|a, b| Event::order(a, b));
        records
            .into_iter()
            .filter_map(|e| match e {
                Event::Decision(d) => Some(d),
                Event::Meeting(_) => None,
            })
            .collect()
    }

    /// The log as it stood at the end of `date`: the events recorded by then (by their
    /// local date), for a ledger reviewed as of a day.
    pub fn as_of(&self, date: Date) -> MeetingLog {
        MeetingLog::from_events(
            self.events
                .iter()
                .filter(|e| {
                    let at = e.at();
                    at.offset().to_datetime(at.timestamp()).date() <= date
                })
                .cloned(),
        )
    }

    fn recompute(&mut self) {
        let mut sorted: Vec<&Event> = self.events.iter().collect();
        sorted.sort_by(|a, b| Event::order(a, b));
        let mut meetings: Vec<Meeting> = Vec::new();
        let mut meeting_at: HashMap<&str, usize> = HashMap::new();
        let mut early: Vec<&MeetingRecord> = Vec::new();
        let mut decisions: Vec<Decision> = Vec::new();
        let mut decision_at: HashMap<&str, usize> = HashMap::new();
        for event in sorted {
            match event {
                Event::Meeting(record) => match &record.event {
                    MeetingEvent::Open {
                        title,
                        date,
                        attendees,
                        details,
                    } => match meeting_at.get(record.meeting.as_str()) {
                        // Opened twice (two laptops, one id): the later details win.
                        Some(&at) => {
                            let meeting = &mut meetings[at];
                            meeting.title.clone_from(title);
                            meeting.date = *date;
                            meeting.attendees.clone_from(attendees);
                            meeting.details.clone_from(details);
                        }
                        None => {
                            meeting_at.insert(&record.meeting, meetings.len());
                            meetings.push(Meeting {
                                id: record.meeting.clone(),
                                title: title.clone(),
                                date: *date,
                                attendees: attendees.clone(),
                                details: details.clone(),
                                opened_at: record.at,
                                opened_by: record.author.clone(),
                                closed_at: None,
                                discussed: Vec::new(),
                            });
                        }
                    },
                    _ => early.push(record),
                },
                Event::Decision(record) => {
                    let at = *decision_at
                        .entry(record.decision.as_str())
                        .or_insert_with(|| {
                            decisions.push(Decision {
                                id: record.decision.clone(),
                                meeting: None,
                                text: String::new(),
                                units: Vec::new(),
                                due: None,
                                status: DecisionStatus::Open,
                                items: Vec::new(),
                                created_at: record.at,
                                created_by: record.author.clone(),
                                updated_at: record.at,
                                updated_by: record.author.clone(),
                            });
                            decisions.len() - 1
                        });
                    let decision = &mut decisions[at];
                    if let Some(meeting) = &record.meeting {
                        decision.meeting = Some(meeting.clone());
                    }
                    if let Some(text) = &record.text {
                        decision.text.clone_from(text);
                    }
                    if let Some(units) = &record.units {
                        decision.units.clone_from(units);
                    }
                    if record.clear_due {
                        decision.due = None;
                    }
                    if let Some(due) = record.due {
                        decision.due = Some(due);
                    }
                    if let Some(status) = record.status {
                        decision.status = status;
                    }
                    if let Some(items) = &record.items {
                        decision.items.clone_from(items);
                    }
                    decision.updated_at = record.at;
                    decision.updated_by.clone_from(&record.author);
                }
            }
        }
        // Discussed and closed events apply to their meeting whenever it was opened (a
        // merge may bring the opening later in time than a colleague's close).
        for record in early {
            let Some(&at) = meeting_at.get(record.meeting.as_str()) else {
                continue;
            };
            let meeting = &mut meetings[at];
            match &record.event {
                MeetingEvent::Discussed { item } => {
                    if !meeting.discussed.iter().any(|(i, _)| i == item) {
                        meeting.discussed.push((item.clone(), record.at));
                    }
                }
                MeetingEvent::Close => {
                    meeting.closed_at =
                        Some(meeting.closed_at.map_or(record.at, |c| c.max(record.at)));
                }
                MeetingEvent::Open { .. } => {}
            }
        }
        meetings.sort_by(|a, b| a.date.cmp(&b.date).then(a.opened_at.cmp(&b.opened_at)));
        self.meetings = meetings;
        self.decisions = decisions;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn stamp(minute: u8) -> Stamp {
        Stamp::parse(&format!("2026-11-27T10:{minute:02}:00+08:00")).unwrap()
    }

    fn meeting(id: &str, minute: u8, meeting: &str, event: MeetingEvent) -> Event {
        Event::Meeting(MeetingRecord {
            at: stamp(minute),
            author: "王芳".into(),
            meeting: meeting.into(),
            event,
            id: id.into(),
        })
    }

    fn open(title: &str, day: i8) -> MeetingEvent {
        MeetingEvent::Open {
            title: title.into(),
            date: date(2026, 11, day),
            attendees: vec!["kjj".into()],
            details: MeetingDetails::default(),
        }
    }

    fn decision(id: &str, minute: u8, decision: &str) -> DecisionRecord {
        DecisionRecord {
            at: stamp(minute),
            author: "王芳".into(),
            decision: decision.into(),
            meeting: None,
            text: None,
            units: None,
            due: None,
            clear_due: false,
            status: None,
            items: None,
            id: id.into(),
        }
    }

    #[test]
    fn a_meeting_opens_collects_discussed_items_and_closes() {
        let log = MeetingLog::from_events([
            meeting("1", 0, "m1", open("十一月调度会", 27)),
            meeting(
                "2",
                5,
                "m1",
                MeetingEvent::Discussed {
                    item: "p1.t1".into(),
                },
            ),
            meeting(
                "3",
                6,
                "m1",
                MeetingEvent::Discussed {
                    item: "p1.t1".into(),
                },
            ),
            meeting(
                "4",
                7,
                "m1",
                MeetingEvent::Discussed {
                    item: "p1.t2".into(),
                },
            ),
        ]);
        let m = log.current().unwrap();
        assert_eq!(m.title, "十一月调度会");
        let items: Vec<&str> = m.discussed.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(items, ["p1.t1", "p1.t2"]);
        let mut log = log;
        log.extend([meeting("5", 9, "m1", MeetingEvent::Close)]);
        assert!(log.current().is_none());
        assert_eq!(log.meetings()[0].closed_at, Some(stamp(9)));
        // The same event again (a merge) changes nothing.
        assert_eq!(log.extend([meeting("5", 9, "m1", MeetingEvent::Close)]), 0);
    }

    #[test]
    fn a_change_joins_the_one_open_meeting_only_on_its_day() {
        let log = MeetingLog::from_events([meeting("1", 0, "m1", open("会", 27))]);
        assert_eq!(log.find_meeting("m1").map(|m| m.id.as_str()), Ok("m1"));
        assert_eq!(
            log.find_meeting("m9"),
            Err(UnknownMeeting { id: "m9".into() })
        );
        assert!(
            matches!(log.implicit_meeting(date(2026, 11, 27)), Implicit::Joined(m) if m.id == "m1")
        );
        assert!(
            matches!(log.implicit_meeting(date(2026, 11, 28)), Implicit::NotToday(m) if m.id == "m1")
        );
        let two = MeetingLog::from_events([
            meeting("1", 0, "m1", open("会", 27)),
            meeting("2", 1, "m2", open("会", 27)),
        ]);
        assert_eq!(two.implicit_meeting(date(2026, 11, 27)), Implicit::None);
        assert_eq!(
            MeetingLog::new().implicit_meeting(date(2026, 11, 27)),
            Implicit::None
        );
    }

    #[test]
    fn a_new_event_is_never_before_the_last() {
        let log = MeetingLog::from_events([meeting("1", 5, "m1", open("会", 27))]);
        assert_eq!(MeetingLog::new().time_for(stamp(5)), stamp(5));
        assert!(log.time_for(stamp(5)) > stamp(5));
        assert!(log.time_for(stamp(1)) > stamp(5));
        assert_eq!(log.time_for(stamp(9)), stamp(9));
    }

    #[test]
    fn a_close_merged_in_before_its_opening_still_closes_it() {
        let log = MeetingLog::from_events([
            meeting("c", 1, "m1", MeetingEvent::Close),
            meeting("o", 2, "m1", open("会", 27)),
        ]);
        assert!(log.current().is_none());
        assert_eq!(log.meetings().len(), 1);
    }

    #[test]
    fn meetings_are_in_date_order_and_previous_finds_the_one_before() {
        let log = MeetingLog::from_events([
            meeting("b", 2, "m2", open("第二次", 20)),
            meeting("a", 1, "m1", open("第一次", 6)),
        ]);
        let titles: Vec<&str> = log.meetings().iter().map(|m| m.title.as_str()).collect();
        assert_eq!(titles, ["第一次", "第二次"]);
        assert_eq!(log.previous(Some("m2")).unwrap().id, "m1");
        assert!(log.previous(Some("m1")).is_none());
        assert_eq!(log.previous(None).unwrap().id, "m2");
    }

    #[test]
    fn a_decision_is_made_and_changed_field_by_field() {
        let mut made = decision("1", 0, "d1");
        made.text = Some("月底前完成人才公寓交付".into());
        made.units = Some(vec!["kjj".into(), "zjj".into()]);
        made.due = Some(date(2026, 11, 30));
        made.meeting = Some("m1".into());
        let mut done = decision("2", 5, "d1");
        done.status = Some(DecisionStatus::Done);
        let log = MeetingLog::from_events([Event::Decision(done), Event::Decision(made)]);
        let d = log.decision("d1").unwrap();
        assert_eq!(d.text, "月底前完成人才公寓交付");
        assert_eq!(d.status, DecisionStatus::Done);
        assert_eq!(d.units, ["kjj", "zjj"]);
        assert_eq!(d.created_at, stamp(0));
        assert_eq!(d.updated_at, stamp(5));
        assert!(!d.is_overdue(date(2026, 12, 31)));
    }

    #[test]
    fn an_open_decision_past_its_due_date_is_overdue() {
        let mut made = decision("1", 0, "d1");
        made.text = Some("补充材料".into());
        made.due = Some(date(2026, 11, 30));
        let log = MeetingLog::from_events([Event::Decision(made)]);
        let d = log.decision("d1").unwrap();
        assert!(!d.is_overdue(date(2026, 11, 30)));
        assert!(d.is_overdue(date(2026, 12, 1)));
    }

    #[test]
    fn checks_catch_what_the_types_cannot() {
        let empty = Event::Decision(decision("1", 0, "d1"));
        assert!(empty.check().is_err());
        let blank_title = meeting("1", 0, "m1", open(" ", 1));
        assert!(blank_title.check().is_err());
        assert!(meeting("1", 0, "m1", open("会", 1)).check().is_ok());
        assert!(
            meeting("a b", 0, "m1", MeetingEvent::Close)
                .check()
                .is_err()
        );
    }
}
