//! Status annotations: the change records coordinators make on plan items, and the state
//! those records add up to.
//!
//! A status file is an append-only log of [`Record`]s, each a change to one item or to one
//! unit's part of it ([`Key`]). Nothing is ever rewritten: the current [`Annotation`] of a key
//! is computed from its records — for each field the latest value by (time, author, record
//! id) — and an undo is a new record that restores the earlier values. Reading and writing
//! the file is `store::status_file`; this module is data and computation only.

use super::error::{BadTime, CheckError, check_name};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::fmt;

use jiff::civil::Date;
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A short name a record carries — its id, its author, an item or unit id, a meeting id —
/// kept inline up to 24 bytes (no allocation, the size of a `String`); longer ones on the
/// heap. Reads as `&str` (`Deref`), compares with `&str` and `String`, and is written and
/// read as a plain string, so the file format is the same.
pub type Name = compact_str::CompactString;

use super::index::{Node, PlanIndex};
use super::plan::Plan;
use super::query::target_owner;
use crate::text::Marks;

/// The newest status file format this build reads and writes. A file whose header names a
/// newer version is read as far as possible and never written to. Format 2 added the
/// report fields (进展情况, 存在问题, 下一步计划) and a change's `source`; a file says 2 only
/// once it holds such a line (see `store::status::version_needed`), so a planmeet that
/// reads only 1 refuses to write to it and says why instead of skipping lines as damaged.
pub const STATUS_FORMAT_VERSION: u32 = 2;

/// The format a file's header names while nothing in it needs more.
pub const STATUS_BASE_VERSION: u32 = 1;

/// Where an item stands. The set lives here, once: the CLI names, the i18n keys and the
/// file's spelling all come from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    /// 未启动
    NotStarted,
    /// 正常推进
    OnTrack,
    /// 存在风险
    AtRisk,
    /// 进度滞后
    Behind,
    /// 已完成
    Done,
    /// 暂缓
    Deferred,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::NotStarted,
        Status::OnTrack,
        Status::AtRisk,
        Status::Behind,
        Status::Done,
        Status::Deferred,
    ];

    /// The i18n key of the full label (`status.on_track` → 正常推进 / On track).
    pub fn key(self) -> &'static str {
        match self {
            Status::NotStarted => "status.not_started",
            Status::OnTrack => "status.on_track",
            Status::AtRisk => "status.at_risk",
            Status::Behind => "status.behind",
            Status::Done => "status.done",
            Status::Deferred => "status.deferred",
        }
    }

    /// The i18n key of the short label, for narrow badges (`status.on_track_short`).
    pub fn short_key(self) -> &'static str {
        match self {
            Status::NotStarted => "status.not_started_short",
            Status::OnTrack => "status.on_track_short",
            Status::AtRisk => "status.at_risk_short",
            Status::Behind => "status.behind_short",
            Status::Done => "status.done_short",
            Status::Deferred => "status.deferred_short",
        }
    }

    /// The name on the command line and in JSON: `not-started on-track at-risk behind done
    /// deferred`.
    pub fn cli_name(self) -> &'static str {
        match self {
            Status::NotStarted => "not-started",
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::Behind => "behind",
            Status::Done => "done",
            Status::Deferred => "deferred",
        }
    }

    /// Reads a CLI name; case and `_` for `-` are forgiven.
    pub fn from_cli_name(name: &str) -> Option<Status> {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        Status::ALL.into_iter().find(|s| s.cli_name() == name)
    }

    /// The status after `current` when cycling (the TUI's `s`): not started → on track →
    /// at risk → behind → done → deferred → not started.
    pub fn cycle(current: Option<Status>) -> Status {
        match current {
            None => Status::NotStarted,
            Some(status) => {
                let at = Status::ALL.iter().position(|s| *s == status).unwrap_or(0);
                Status::ALL[(at + 1) % Status::ALL.len()]
            }
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cli_name())
    }
}

/// When a change was made: the instant, and the UTC offset of the clock that recorded it, so
/// a reader sees the local time the coordinator saw. Written as RFC 3339 with the offset
/// (`2026-05-14T10:03:27.5+08:00`). Ordered by instant (then offset, for a total order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    timestamp: Timestamp,
    offset: Offset,
}

impl Stamp {
    pub fn new(timestamp: Timestamp, offset: Offset) -> Stamp {
        Stamp { timestamp, offset }
    }

    pub fn from_zoned(zoned: &jiff::ZonedDateTime) -> Stamp {
        Stamp::new(zoned.timestamp(), zoned.offset())
    }

    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }

    pub fn offset(&self) -> Offset {
        self.offset
    }

    /// Reads `2026-05-14T10:03:27+08:00` (a `Z` offset is UTC). A time zone annotation in
    /// brackets is allowed and ignored: the offset is what was recorded.
    pub fn parse(text: &str) -> Result<Stamp, BadTime> {
        match Stamp::parse_written(text) {
            Some(stamp) => Ok(stamp),
            None => Stamp::parse_general(text),
        }
    }

    fn parse_general(text: &str) -> Result<Stamp, BadTime> {
        use jiff::fmt::temporal::Pieces;
        let bad = |why: String| BadTime {
            text: text.to_owned(),
            why,
        };
        let pieces = Pieces::parse(text).map_err(|e| bad(e.to_string()))?;
        let time = pieces.time().ok_or_else(|| bad("no time of day".into()))?;
        let offset = pieces
            .offset()
            .ok_or_else(|| bad("no UTC offset (like +08:00)".into()))?
            .to_numeric_offset();
        let timestamp = offset
            .to_timestamp(pieces.date().to_datetime(time))
            .map_err(|e| bad(e.to_string()))?;
        Ok(Stamp { timestamp, offset })
    }

    /// The form this build writes, `2026-05-14T10:03:27.52+08:00`, read without jiff's
    /// general parser (a tenth of its cost: a status file holds a stamp on every line).
    /// `None` for any other spelling, which the general parser reads; what this accepts it
    /// reads as the general parser does, since the same jiff calls make the stamp.
    fn parse_written(text: &str) -> Option<Stamp> {
        let b = text.as_bytes();
        if b.len() < 25 {
            return None;
        }
        let digit = |i: usize| -> Option<i32> {
            let d = b.get(i)?.wrapping_sub(b'0');
            (d < 10).then_some(i32::from(d))
        };
        let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
        if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let year = two(0)? * 100 + two(2)?;
        let (month, day) = (two(5)?, two(8)?);
        let (hour, minute, second) = (two(11)?, two(14)?, two(17)?);
        let mut at = 19;
        let mut nanos = 0;
        if b[at] == b'.' {
            at += 1;
            let mut scale = 1_000_000_000;
            while let Some(d) = digit(at) {
                if scale == 1 {
                    return None;
                }
                scale /= 10;
                nanos += d * scale;
                at += 1;
            }
            if scale == 1_000_000_000 {
                return None;
            }
        }
        if b.len() != at + 6 || b[at + 3] != b':' {
            return None;
        }
        let sign = match b[at] {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let (hours, minutes) = (two(at + 1)?, two(at + 4)?);
        // `-00:00` means "offset unknown" in RFC 9557: left to jiff.
        if hours > 23 || minutes > 59 || (sign < 0 && hours == 0 && minutes == 0) {
            return None;
        }
        let offset = Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()?;
        let date = Date::new(year as i16, month as i8, day as i8).ok()?;
        let time = jiff::civil::Time::new(hour as i8, minute as i8, second as i8, nanos).ok()?;
        let timestamp = offset.to_timestamp(date.to_datetime(time)).ok()?;
        Some(Stamp { timestamp, offset })
    }

    /// The smallest stamp after this one (one nanosecond later), same offset.
    pub fn successor(&self) -> Stamp {
        let timestamp = self
            .timestamp
            .checked_add(SignedDuration::from_nanos(1))
            .unwrap_or(self.timestamp);
        Stamp { timestamp, ..*self }
    }

    /// Local date and time to the minute, as recorded: `2026-05-14 10:03`.
    pub fn local_minute(&self) -> String {
        let mut out = String::with_capacity(16);
        self.write_local_minute(&mut out);
        out
    }

    /// [`Stamp::local_minute`] appended to `out` (the detail pane writes one per line of
    /// its history): digits written directly for years 0–9999, jiff's `strftime` for others.
    pub fn write_local_minute(&self, out: &mut String) {
        let at = self.offset.to_datetime(self.timestamp);
        let year = at.year();
        if !(0..=9999).contains(&year) {
            use std::fmt::Write;
            let _ = write!(out, "{}", at.strftime("%Y-%m-%d %H:%M"));
            return;
        }
        let digits = |out: &mut String, n: u32, width: u32| {
            for place in (0..width).rev() {
                let digit = (n / 10u32.pow(place)) % 10;
                out.push(char::from(b'0' + digit as u8));
            }
        };
        digits(out, year as u32, 4);
        out.push('-');
        digits(out, at.month() as u32, 2);
        out.push('-');
        digits(out, at.day() as u32, 2);
        out.push(' ');
        digits(out, at.hour() as u32, 2);
        out.push(':');
        digits(out, at.minute() as u32, 2);
    }
}

impl Ord for Stamp {
    fn cmp(&self, other: &Self) -> Ordering {
        self.timestamp
            .cmp(&other.timestamp)
            .then_with(|| self.offset.seconds().cmp(&other.offset.seconds()))
    }
}

impl PartialOrd for Stamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.timestamp.display_with_offset(self.offset))
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Stamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A field a record can reset to "not set" (`clear: [Note]`): what an undo of the first
/// change of a field writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    Status,
    Progress,
    Note,
    /// 进展情况, as a 督办台账 records it.
    ProgressText,
    /// 存在问题.
    Problems,
    /// 下一步计划.
    NextSteps,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Status,
        Field::Progress,
        Field::Note,
        Field::ProgressText,
        Field::Problems,
        Field::NextSteps,
    ];

    /// The three text fields of a 督办 report, in the order a ledger shows them.
    pub const REPORT: [Field; 3] = [Field::ProgressText, Field::Problems, Field::NextSteps];

    pub fn name(self) -> &'static str {
        match self {
            Field::Status => "status",
            Field::Progress => "progress",
            Field::Note => "note",
            Field::ProgressText => "progress_text",
            Field::Problems => "problems",
            Field::NextSteps => "next_steps",
        }
    }

    /// The i18n key of the field's label (`label.problems` → 存在问题 / Problems).
    pub fn label_key(self) -> &'static str {
        match self {
            Field::Status => "label.status",
            Field::Progress => "label.progress",
            Field::Note => "label.note",
            Field::ProgressText => "label.progress_text",
            Field::Problems => "label.problems",
            Field::NextSteps => "label.next_steps",
        }
    }
}

/// A measured value of a target, as of a date. A target collects a series of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actual {
    pub value: f64,
    pub as_of: Date,
}

/// The first line of a status file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format_version: u32,
    /// The id of the plan whose items the records name (`meta.id`).
    pub plan: String,
}

impl Header {
    pub fn new(plan: &str) -> Header {
        Header::of_version(plan, STATUS_BASE_VERSION)
    }

    /// The header of a file whose lines need format `version`.
    pub fn of_version(plan: &str, version: u32) -> Header {
        Header {
            format_version: version,
            plan: plan.to_owned(),
        }
    }
}

/// What a record is about: an item as a whole (`owner: None`) or one unit's part of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub item: String,
    pub owner: Option<String>,
}

impl Key {
    pub fn new(item: &str, owner: Option<&str>) -> Key {
        Key {
            item: item.to_owned(),
            owner: owner.map(str::to_owned),
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.owner {
            Some(owner) => write!(f, "{} [{owner}]", self.item),
            None => f.write_str(&self.item),
        }
    }
}

/// A text a record carries (a note, a report field): shared, not copied, between the
/// record and the computed state ([`Latest`]) that shows it. 16 bytes where a `String` is 24.
pub type Text = std::sync::Arc<str>;

/// One change, as written on one line of the status file. Only the fields that change are
/// present; `clear` resets fields to "not set"; `undoes` names the record this one undoes.
///
/// The fields most records set are kept inline; the rarely set ones (the report texts, the
/// clear list, the undone record, the effective date, the source) are boxed together in
/// [`RecordExtra`], absent when none is set: a record is 200 bytes instead of 352, which a
/// history of a million records feels. Read them through the accessors ([`Record::clear`],
/// [`Record::problems`], …) and set them through [`Record::extra_mut`]. The file format is
/// that of [`RecordLine`], the same fields in the same order, unchanged.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "RecordLine", into = "RecordLine")]
pub struct Record {
    pub at: Stamp,
    pub author: Name,
    /// A plan item id (`p1.t2`, `p1.t1.g2`, `s3`, `a2.r1`).
    pub item: Name,
    /// A unit id: this is that unit's part of a shared item.
    pub owner: Option<Name>,
    pub status: Option<Status>,
    /// Percent, 0–100.
    pub progress: Option<u8>,
    /// The note set here is not for the whole room: presenter mode leaves it out.
    pub private: bool,
    pub actual: Option<Actual>,
    pub note: Option<Text>,
    /// The meeting the change was made in, if one was named.
    pub meeting: Option<Name>,
    /// Unique across every copy of the file: merges take the union of records by id.
    pub id: Name,
    /// The rarely set fields; `None` when none is (see [`Record::extra`]).
    pub extra: Option<Box<RecordExtra>>,
}

/// The fields of a [`Record`] few records set, boxed together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordExtra {
    /// 进展情况: the progress made, in words.
    pub progress_text: Option<Text>,
    /// 存在问题.
    pub problems: Option<Text>,
    /// 下一步计划.
    pub next_steps: Option<Text>,
    pub clear: Vec<Field>,
    pub undoes: Option<Name>,
    /// The date the change records, when it is not the day it was typed in (minutes
    /// entered after the meeting): `--as-of` reviews count it from this date.
    pub effective: Option<Date>,
    /// Where the change came from, when not typed in here: a unit's report form
    /// (`市科技局.xlsx · 2026-11-30`, see `planmeet collect`).
    pub source: Option<String>,
}

impl RecordExtra {
    /// The report text it holds for `field` (the note is not here: see [`Record::text`]).
    fn text(&self, field: Field) -> Option<&Text> {
        match field {
            Field::ProgressText => self.progress_text.as_ref(),
            Field::Problems => self.problems.as_ref(),
            Field::NextSteps => self.next_steps.as_ref(),
            Field::Note | Field::Status | Field::Progress => None,
        }
    }

    const EMPTY: RecordExtra = RecordExtra {
        progress_text: None,
        problems: None,
        next_steps: None,
        clear: Vec::new(),
        undoes: None,
        effective: None,
        source: None,
    };

    pub fn is_empty(&self) -> bool {
        self == &RecordExtra::EMPTY
    }

    /// Boxed, or `None` when nothing is set.
    pub fn boxed(self) -> Option<Box<RecordExtra>> {
        (!self.is_empty()).then(|| Box::new(self))
    }
}

static NO_EXTRA: RecordExtra = RecordExtra::EMPTY;

/// Two records are equal when every field is: an empty [`RecordExtra`] equals none.
impl PartialEq for Record {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
            && self.author == other.author
            && self.item == other.item
            && self.owner == other.owner
            && self.status == other.status
            && self.progress == other.progress
            && self.private == other.private
            && self.actual == other.actual
            && self.note == other.note
            && self.meeting == other.meeting
            && self.id == other.id
            && self.extra() == other.extra()
    }
}

/// A record as written on a line of the status file: the file format, field by field in
/// the order ron writes them. [`Record`] is read and written through it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Change", deny_unknown_fields)]
pub struct RecordLine {
    pub at: Stamp,
    pub author: Name,
    pub item: Name,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Name>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Actual>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problems: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_steps: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clear: Vec<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<Name>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<Name>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub id: Name,
}

impl From<RecordLine> for Record {
    fn from(line: RecordLine) -> Record {
        let text = |t: Option<String>| t.map(Text::from);
        Record {
            at: line.at,
            author: line.author,
            item: line.item,
            owner: line.owner,
            status: line.status,
            progress: line.progress,
            private: line.private,
            actual: line.actual,
            note: text(line.note),
            meeting: line.meeting,
            id: line.id,
            extra: RecordExtra {
                progress_text: text(line.progress_text),
                problems: text(line.problems),
                next_steps: text(line.next_steps),
                clear: line.clear,
                undoes: line.undoes,
                effective: line.effective,
                source: line.source,
            }
            .boxed(),
        }
    }
}

impl From<Record> for RecordLine {
    fn from(record: Record) -> RecordLine {
        let text = |t: Option<Text>| t.map(|t| t.to_string());
        let extra = record.extra.map(|e| *e).unwrap_or_default();
        RecordLine {
            at: record.at,
            author: record.author,
            item: record.item,
            owner: record.owner,
            status: record.status,
            progress: record.progress,
            actual: record.actual,
            note: text(record.note),
            private: record.private,
            progress_text: text(extra.progress_text),
            problems: text(extra.problems),
            next_steps: text(extra.next_steps),
            clear: extra.clear,
            undoes: extra.undoes,
            meeting: record.meeting,
            effective: extra.effective,
            source: extra.source,
            id: record.id,
        }
    }
}

/// Longest id, author, item or unit id a record may carry; longer means a damaged line.
pub const MAX_NAME_CHARS: usize = 200;

impl Record {
    /// A record of no change yet: fill in what it changes.
    pub fn new(at: Stamp, author: Name, item: Name, id: Name) -> Record {
        Record {
            at,
            author,
            item,
            owner: None,
            status: None,
            progress: None,
            private: false,
            actual: None,
            note: None,
            meeting: None,
            id,
            extra: None,
        }
    }

    /// The rarely set fields (all unset when the record has none).
    pub fn extra(&self) -> &RecordExtra {
        self.extra.as_deref().unwrap_or(&NO_EXTRA)
    }

    /// The rarely set fields, to set one.
    pub fn extra_mut(&mut self) -> &mut RecordExtra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// 进展情况, if the record sets it.
    pub fn progress_text(&self) -> Option<&str> {
        self.extra().progress_text.as_deref()
    }

    /// 存在问题, if the record sets it.
    pub fn problems(&self) -> Option<&str> {
        self.extra().problems.as_deref()
    }

    /// 下一步计划, if the record sets it.
    pub fn next_steps(&self) -> Option<&str> {
        self.extra().next_steps.as_deref()
    }

    /// The fields the record resets to "not set".
    pub fn clear(&self) -> &[Field] {
        &self.extra().clear
    }

    /// The id of the record this one undoes.
    pub fn undoes(&self) -> Option<&Name> {
        self.extra().undoes.as_ref()
    }

    /// The date the change records, if not the day it was made (see [`RecordExtra`]).
    pub fn effective(&self) -> Option<Date> {
        self.extra().effective
    }

    /// Where the change came from, if not typed in here (see [`RecordExtra`]).
    pub fn source(&self) -> Option<&str> {
        self.extra().source.as_deref()
    }

    pub fn key(&self) -> Key {
        Key::new(&self.item, self.owner.as_deref())
    }

    /// The order of the log: time, then author, then record id. Total, because ids are unique.
    pub fn order(a: &Record, b: &Record) -> Ordering {
        a.at.cmp(&b.at)
            .then_with(|| a.author.cmp(&b.author))
            .then_with(|| a.id.cmp(&b.id))
    }

    /// A total order over every field, used only to choose deterministically between two
    /// different records that claim the same id (a hand edit, a damaged copy): the smaller
    /// one wins everywhere, so merging stays commutative and associative.
    pub fn canonical_cmp(a: &Record, b: &Record) -> Ordering {
        let actual = |r: &Record| r.actual.as_ref().map(|x| (x.as_of, x.value));
        Record::order(a, b)
            .then_with(|| a.item.cmp(&b.item))
            .then_with(|| a.owner.cmp(&b.owner))
            .then_with(|| a.status.cmp(&b.status))
            .then_with(|| a.progress.cmp(&b.progress))
            .then_with(|| match (actual(a), actual(b)) {
                (Some((da, va)), Some((db, vb))) => da.cmp(&db).then(va.total_cmp(&vb)),
                (x, y) => x.is_some().cmp(&y.is_some()),
            })
            .then_with(|| a.note.cmp(&b.note))
            .then_with(|| a.private.cmp(&b.private))
            .then_with(|| a.progress_text().cmp(&b.progress_text()))
            .then_with(|| a.problems().cmp(&b.problems()))
            .then_with(|| a.next_steps().cmp(&b.next_steps()))
            .then_with(|| a.clear().cmp(b.clear()))
            .then_with(|| a.undoes().cmp(&b.undoes()))
            .then_with(|| a.meeting.cmp(&b.meeting))
            .then_with(|| a.effective().cmp(&b.effective()))
            .then_with(|| a.source().cmp(&b.source()))
    }

    /// The day the change counts from: its effective date, else the local date of the
    /// clock that recorded it.
    pub fn effective_date(&self) -> Date {
        self.effective()
            .unwrap_or_else(|| self.at.offset().to_datetime(self.at.timestamp()).date())
    }

    /// What the record changed, in words: `状态 → 正常推进 · 进度 60%`. The one description
    /// of a change, for the command line's tables and messages and the browser's history
    /// and notices.
    ///
    /// `label` gives the interface string of a key (the i18n `Strings`, passed in so the
    /// model stays free of them): `label.status`, `label.progress`, `label.actual`,
    /// `label.note`, `history.undoes` (with `{id}`), `history.cleared` and the statuses'
    /// keys. `note_chars` shortens the note to the first characters of its first line (the
    /// browser's notices); `None` keeps it whole. `marks` are the arrow, separator and quotes
    /// (ASCII under the browser's `--ascii`; the command line writes Unicode).
    pub fn describe(
        &self,
        label: &dyn Fn(&str) -> String,
        note_chars: Option<usize>,
        marks: Marks,
    ) -> String {
        let mut out = String::new();
        self.describe_into(
            &mut out,
            &|key| std::borrow::Cow::Owned(label(key)),
            note_chars,
            marks,
        );
        out
    }

    /// [`Record::describe`] appended to `out`, with labels that may be borrowed: the same
    /// text, written without a string per part (the detail pane describes a line of its
    /// history per record on every frame).
    pub fn describe_into<'s>(
        &self,
        out: &mut String,
        label: &dyn Fn(&str) -> std::borrow::Cow<'s, str>,
        note_chars: Option<usize>,
        marks: Marks,
    ) {
        use std::fmt::Write as _;
        let mut first = true;
        // Between the parts, as `join` puts it.
        let mut part = |out: &mut String| {
            if !first {
                out.push_str(marks.separator);
            }
            first = false;
        };
        let quoted = |out: &mut String, text: &str| {
            match note_chars {
                Some(n) => {
                    let first_line = text.lines().next().unwrap_or("");
                    let end = first_line
                        .char_indices()
                        .nth(n)
                        .map_or(first_line.len(), |(at, _)| at);
                    out.push_str(marks.open_quote);
                    out.push_str(&first_line[..end]);
                }
                None => {
                    out.push_str(marks.open_quote);
                    out.push_str(text);
                }
            }
            out.push_str(marks.close_quote);
        };
        if let Some(undone) = self.undoes() {
            part(out);
            out.push_str(&label("history.undoes").replace("{id}", undone));
        }
        if let Some(status) = self.status {
            part(out);
            out.push_str(&label("label.status"));
            out.push(' ');
            out.push_str(marks.arrow);
            out.push(' ');
            out.push_str(&label(status.key()));
        }
        if let Some(progress) = self.progress {
            part(out);
            out.push_str(&label("label.progress"));
            let _ = write!(out, " {progress}%");
        }
        if let Some(actual) = &self.actual {
            part(out);
            out.push_str(&label("label.actual"));
            let _ = write!(
                out,
                " {} ({})",
                super::validate::format_figure(actual.value),
                actual.as_of
            );
        }
        if let Some(note) = &self.note {
            part(out);
            out.push_str(&label("label.note"));
            out.push(' ');
            quoted(out, note);
        }
        for field in Field::REPORT {
            if let Some(text) = self.text(field) {
                part(out);
                out.push_str(&label(field.label_key()));
                out.push(' ');
                quoted(out, text);
            }
        }
        for field in self.clear() {
            part(out);
            out.push_str(&label(field.label_key()));
            out.push(' ');
            out.push_str(marks.arrow);
            out.push(' ');
            out.push_str(&label("history.cleared"));
        }
    }

    /// Whether the record touches `field`: sets it or clears it.
    pub fn touches(&self, field: Field) -> bool {
        self.clear().contains(&field) || self.sets(field)
    }

    /// Whether the record sets `field` to a value.
    pub fn sets(&self, field: Field) -> bool {
        match field {
            Field::Status => self.status.is_some(),
            Field::Progress => self.progress.is_some(),
            Field::Note => self.note.is_some(),
            Field::ProgressText => self.progress_text().is_some(),
            Field::Problems => self.problems().is_some(),
            Field::NextSteps => self.next_steps().is_some(),
        }
    }

    /// The text a record sets for one of the text fields (note, progress, problems, next
    /// steps); `None` for the others.
    pub fn text(&self, field: Field) -> Option<&str> {
        match field {
            Field::Note => self.note.as_deref(),
            Field::ProgressText => self.progress_text(),
            Field::Problems => self.problems(),
            Field::NextSteps => self.next_steps(),
            Field::Status | Field::Progress => None,
        }
    }

    /// Checks what the types cannot: a record that fails is treated as a damaged line.
    pub fn check(&self) -> Result<(), CheckError> {
        let name = |what, value: &str| check_name(what, value, MAX_NAME_CHARS);
        name("id", &self.id)?;
        let bad = |c: char| c.is_whitespace() || c.is_control();
        // Ids are ASCII hex digits as this build writes them: checked byte by byte (an
        // ASCII space or control byte is exactly an ASCII whitespace or control char).
        let bad_id = if self.id.is_ascii() {
            self.id
                .bytes()
                .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
        } else {
            self.id.chars().any(bad)
        };
        if bad_id {
            return Err(CheckError::BadId(self.id.to_string()));
        }
        name("author", &self.author)?;
        name("item", &self.item)?;
        if let Some(owner) = &self.owner {
            name("owner", owner)?;
        }
        if let Some(undoes) = self.undoes() {
            name("undoes", undoes)?;
        }
        if let Some(progress) = self.progress
            && progress > 100
        {
            return Err(CheckError::ProgressOver(progress));
        }
        if let Some(actual) = &self.actual
            && !actual.value.is_finite()
        {
            return Err(CheckError::ActualNotFinite);
        }
        for field in self.clear() {
            if self.sets(*field) {
                return Err(CheckError::SetAndCleared(field.name()));
            }
        }
        let empty = self.status.is_none()
            && self.progress.is_none()
            && self.note.is_none()
            && self.progress_text().is_none()
            && self.problems().is_none()
            && self.next_steps().is_none()
            && self.actual.is_none()
            && self.clear().is_empty()
            && self.undoes().is_none();
        if empty {
            return Err(CheckError::RecordChangesNothing);
        }
        Ok(())
    }
}

/// A change before it is recorded: what the user asked for, without id, time or author.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Change {
    pub item: String,
    pub owner: Option<String>,
    pub status: Option<Status>,
    pub progress: Option<u8>,
    pub note: Option<String>,
    /// The note is private (see [`Record::private`]).
    pub private: bool,
    /// 进展情况, 存在问题, 下一步计划 (see [`Record::progress_text`]).
    pub progress_text: Option<String>,
    pub problems: Option<String>,
    pub next_steps: Option<String>,
    pub actual: Option<Actual>,
    pub clear: Vec<Field>,
    pub undoes: Option<String>,
    pub meeting: Option<String>,
    pub effective: Option<Date>,
    /// See [`Record::source`].
    pub source: Option<String>,
}

impl Change {
    pub fn new(key: &Key) -> Change {
        Change {
            item: key.item.clone(),
            owner: key.owner.clone(),
            ..Change::default()
        }
    }

    pub fn key(&self) -> Key {
        Key::new(&self.item, self.owner.as_deref())
    }

    /// Nothing would change (no field set or cleared, nothing undone).
    pub fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.progress.is_none()
            && self.note.is_none()
            && self.progress_text.is_none()
            && self.problems.is_none()
            && self.next_steps.is_none()
            && self.actual.is_none()
            && self.clear.is_empty()
            && self.undoes.is_none()
    }

    /// Sets one of the text fields (note, progress, problems, next steps); other fields
    /// are left alone.
    pub fn set_text(&mut self, field: Field, text: String) {
        match field {
            Field::Note => self.note = Some(text),
            Field::ProgressText => self.progress_text = Some(text),
            Field::Problems => self.problems = Some(text),
            Field::NextSteps => self.next_steps = Some(text),
            Field::Status | Field::Progress => {}
        }
    }

    pub fn into_record(self, id: Name, at: Stamp, author: Name) -> Record {
        let mut clear = self.clear;
        clear.sort();
        clear.dedup();
        Record {
            at,
            author,
            item: self.item.into(),
            owner: self.owner.map(Name::from),
            status: self.status,
            progress: self.progress,
            actual: self.actual,
            private: self.private && self.note.is_some(),
            note: self.note.map(Text::from),
            meeting: self.meeting.map(Name::from),
            id,
            extra: RecordExtra {
                progress_text: self.progress_text.map(Text::from),
                problems: self.problems.map(Text::from),
                next_steps: self.next_steps.map(Text::from),
                clear,
                undoes: self.undoes.map(Name::from),
                effective: self.effective,
                source: self.source,
            }
            .boxed(),
        }
    }
}

/// The current value of a field, with who set it and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Latest<T> {
    pub value: T,
    pub at: Stamp,
    pub author: Name,
    /// Id of the record that set it.
    pub record: Name,
}

/// One measured value in a target's series.
#[derive(Debug, Clone, PartialEq)]
pub struct ActualPoint {
    pub value: f64,
    pub as_of: Date,
    pub at: Stamp,
    pub author: Name,
    pub record: Name,
}

/// The report's texts in force (进展情况, 存在问题, 下一步计划), in [`Field::REPORT`]'s order.
pub type Reports = [Option<Latest<Text>>; 3];

/// The state of one key, computed from its records.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub key: Key,
    pub status: Option<Latest<Status>>,
    pub progress: Option<Latest<u8>>,
    /// Shared with the record that set it (see [`Text`]).
    pub note: Option<Latest<Text>>,
    /// 进展情况, 存在问题, 下一步计划, in [`Field::REPORT`]'s order; `None` when none is
    /// set, as for most keys: read them through [`Annotation::text`],
    /// [`Annotation::problems`], ….
    pub reports: Option<Box<Reports>>,
    /// Every actual value not undone, by as-of date, then by when it was recorded.
    pub actuals: Vec<ActualPoint>,
    /// How many records the key has, undos included.
    pub changes: usize,
    /// The latest record's time and author.
    pub updated_at: Stamp,
    pub updated_by: Name,
}

impl Annotation {
    /// Every record was undone or cleared: nothing to show but history.
    pub fn is_blank(&self) -> bool {
        self.status.is_none()
            && self.progress.is_none()
            && self.note.is_none()
            && self.reports.is_none()
            && self.actuals.is_empty()
    }

    /// The current value of one of the text fields (note, progress, problems, next steps).
    pub fn text(&self, field: Field) -> Option<&Latest<Text>> {
        let report = |at: usize| self.reports.as_ref()?[at].as_ref();
        match field {
            Field::Note => self.note.as_ref(),
            Field::ProgressText => report(0),
            Field::Problems => report(1),
            Field::NextSteps => report(2),
            Field::Status | Field::Progress => None,
        }
    }

    /// 进展情况 in force.
    pub fn progress_text(&self) -> Option<&Latest<Text>> {
        self.text(Field::ProgressText)
    }

    /// 存在问题 in force.
    pub fn problems(&self) -> Option<&Latest<Text>> {
        self.text(Field::Problems)
    }

    /// 下一步计划 in force.
    pub fn next_steps(&self) -> Option<&Latest<Text>> {
        self.text(Field::NextSteps)
    }

    /// The latest actual by as-of date (then by recording time).
    pub fn latest_actual(&self) -> Option<&ActualPoint> {
        self.actuals.last()
    }
}

#[derive(Debug, Clone)]
struct KeyEntry {
    /// Positions in [`AnnotationLog::records`], in log order once recomputed. Empty when
    /// the key lost its only record to a conflicting one (the entry then stands unused).
    records: Vec<usize>,
    /// Records undone by an undo that is itself in force.
    undone: HashSet<usize>,
    annotation: Annotation,
    /// Records were added since the annotation was computed.
    dirty: bool,
}

/// FxHash (rustc's): record ids and item ids are short strings from a local file, and
/// hashing them is most of the cost of building the state of a large log; SipHash's
/// protection against chosen collisions buys nothing here.
use rustc_hash::FxHasher;

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// Why an undo cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoError {
    NoSuchRecord(String),
    AlreadyUndone(String),
    /// Everything the record changed was changed again since.
    NothingToUndo(String),
}

impl fmt::Display for UndoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UndoError::NoSuchRecord(id) => write!(f, "no record with id {id:?}"),
            UndoError::AlreadyUndone(id) => write!(f, "record {id} is already undone"),
            UndoError::NothingToUndo(id) => write!(
                f,
                "record {id} changed nothing that is still in force: every field it set was changed again since"
            ),
        }
    }
}

impl std::error::Error for UndoError {}

/// What adding one record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    New,
    /// The same record was already there (a merge, a retried write).
    Duplicate,
    /// Another record with the same id and different content was there; the canonical
    /// choice of the two is kept (see [`Record::canonical_cmp`]).
    Conflict,
}

/// Every record of a status file, and the state they add up to, kept up to date as
/// records are added (by this process or read from what others appended).
#[derive(Debug, Clone, Default)]
pub struct AnnotationLog {
    records: Vec<Record>,
    /// Record positions by a hash of their id; `id_overflow` has the rare id whose hash
    /// another id had first.
    ids: FxMap<u64, usize>,
    id_overflow: FxMap<Name, usize>,
    /// Every key's state.
    keys: Vec<KeyEntry>,
    /// Key positions by a hash of (item, unit); `key_overflow` has the rare key whose hash
    /// another key had first.
    key_ids: FxMap<u64, usize>,
    key_overflow: Vec<usize>,
    /// Per item id, its keys: the item as a whole and each unit's part.
    items: FxMap<Name, Vec<usize>>,
    conflicts: Vec<String>,
}

/// From this many records on, hashing and computing the state are shared among threads.
const PARALLEL_RECORDS: usize = 20_000;

fn hash_id(id: &str) -> u64 {
    let mut hasher = FxHasher::default();
    std::hash::Hasher::write(&mut hasher, id.as_bytes());
    std::hash::Hasher::finish(&hasher)
}

fn hash_key(item: &str, owner: Option<&str>) -> u64 {
    use std::hash::Hasher;
    let mut hasher = FxHasher::default();
    hasher.write(item.as_bytes());
    hasher.write_u8(0xff);
    if let Some(owner) = owner {
        hasher.write_u8(1);
        hasher.write(owner.as_bytes());
    }
    hasher.finish()
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// (id hash, key hash) of each record; a large batch is hashed by several threads, each
/// reading its run of records while they are in its cache.
fn hashes(records: &[Record]) -> Vec<(u64, u64)> {
    let hash = |r: &Record| (hash_id(&r.id), hash_key(&r.item, r.owner.as_deref()));
    // The batch's size first: asking for the processors reads files (cgroups) each time,
    // which one record (a change just made) must not wait for.
    if records.len() < PARALLEL_RECORDS || threads() < 2 {
        return records.iter().map(hash).collect();
    }
    let threads = threads();
    let run = records.len().div_ceil(threads);
    let parts: Vec<Vec<(u64, u64)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = records
            .chunks(run)
            .map(|part| scope.spawn(move || part.iter().map(hash).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let all: Vec<(u64, u64)> = parts.into_iter().flatten().collect();
    if all.len() == records.len() {
        all
    } else {
        records.iter().map(hash).collect()
    }
}

/// Two logs are the same when they hold the same records in the same order: everything
/// else in them is computed from those.
impl PartialEq for AnnotationLog {
    fn eq(&self, other: &Self) -> bool {
        self.records == other.records
    }
}

impl AnnotationLog {
    pub fn new() -> AnnotationLog {
        AnnotationLog::default()
    }

    pub fn from_records(records: impl IntoIterator<Item = Record>) -> AnnotationLog {
        let mut log = AnnotationLog::new();
        log.extend(records);
        log
    }

    /// Adds records, then recomputes the state of the keys they touch. Returns, for each
    /// record, what happened to it.
    pub fn extend(&mut self, records: impl IntoIterator<Item = Record>) -> Vec<Added> {
        let records: Vec<Record> = records.into_iter().collect();
        let hashes = hashes(&records);
        let mut touched = Vec::new();
        let outcomes = if self.records.is_empty() {
            self.adopt(records, &hashes, &mut touched)
        } else {
            self.add_all(records, &hashes, &mut touched)
        };
        self.recompute(touched);
        outcomes
    }

    pub fn insert(&mut self, record: Record) -> Added {
        self.extend([record])[0]
    }

    fn add_all(
        &mut self,
        records: Vec<Record>,
        hashes: &[(u64, u64)],
        touched: &mut Vec<usize>,
    ) -> Vec<Added> {
        self.records.reserve(records.len());
        self.ids.reserve(records.len());
        records
            .into_iter()
            .zip(hashes)
            .map(|(record, &(id, key))| self.add(record, id, key, touched))
            .collect()
    }

    /// A first batch (a whole file) becomes the record list as it is, without moving each
    /// record; should an id turn up twice, the batch is added one by one instead.
    fn adopt(
        &mut self,
        records: Vec<Record>,
        hashes: &[(u64, u64)],
        touched: &mut Vec<usize>,
    ) -> Vec<Added> {
        self.records = records;
        // The reader's list grew by doubling: the room it has left over is given back.
        self.records.shrink_to_fit();
        self.ids.reserve(self.records.len());
        if self.records.len() >= PARALLEL_RECORDS && threads() >= 2 {
            return self.adopt_in_parallel(hashes, touched);
        }
        // A key has a few records: room for the keys at once, not grown (and copied) by
        // doubling. Room not used is never touched, so it costs no memory.
        self.keys.reserve(self.records.len() / 2);
        for (at, &(id_hash, _)) in hashes.iter().enumerate() {
            if self.position_of(&self.records[at].id, id_hash).is_some() {
                return self.add_one_by_one(hashes, touched);
            }
            self.index_id(at, id_hash);
        }
        for (at, &(_, key_hash)) in hashes.iter().enumerate() {
            touched.extend(self.attach(at, key_hash));
        }
        vec![Added::New; self.records.len()]
    }

    /// An id turned up twice in a first batch: start again, adding the records one by one.
    fn add_one_by_one(&mut self, hashes: &[(u64, u64)], touched: &mut Vec<usize>) -> Vec<Added> {
        let records = std::mem::take(&mut self.records);
        *self = AnnotationLog::new();
        touched.clear();
        self.add_all(records, hashes, touched)
    }

    /// [`adopt`](Self::adopt) for a large batch: the keys are shared out among threads by
    /// their hash (so a key, and any key with the same hash, is one thread's); each thread
    /// files the records of its keys and computes their state, while this one indexes the
    /// record ids. The parts are then put together: the same keys, records and state as
    /// one thread would make, the keys in another order (nothing depends on it).
    fn adopt_in_parallel(&mut self, hashes: &[(u64, u64)], touched: &mut Vec<usize>) -> Vec<Added> {
        let parts_count = threads();
        let records = &self.records;
        let (ids, id_overflow) = (&mut self.ids, &mut self.id_overflow);
        let (parts, duplicate) = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..parts_count)
                .map(|part| scope.spawn(move || key_part(records, hashes, part, parts_count)))
                .collect();
            let mut duplicate = false;
            for (at, &(id_hash, _)) in hashes.iter().enumerate() {
                let id = &records[at].id;
                use std::collections::hash_map::Entry as Slot;
                match ids.entry(id_hash) {
                    Slot::Vacant(slot) => {
                        slot.insert(at);
                    }
                    Slot::Occupied(slot) => {
                        if records[*slot.get()].id == *id || id_overflow.contains_key(id) {
                            duplicate = true;
                            break;
                        }
                        id_overflow.insert(id.clone(), at);
                    }
                }
            }
            let parts: Vec<Option<KeyPart>> = handles.into_iter().map(|h| h.join().ok()).collect();
            (parts, duplicate)
        });
        let parts: Option<Vec<KeyPart>> = parts.into_iter().collect();
        let Some(parts) = parts.filter(|_| !duplicate) else {
            // A duplicate id (or, short of a bug, a thread that failed).
            return self.add_one_by_one(hashes, touched);
        };
        // The key list is made once, at its size, and each thread fills its own run of it:
        // no thread's list is copied (and left behind in memory) into another.
        let total: usize = parts.iter().map(|p| p.keys.len()).sum();
        self.keys = (0..total)
            .map(|_| KeyEntry {
                records: Vec::new(),
                undone: HashSet::new(),
                annotation: empty_annotation(Key {
                    item: String::new(),
                    owner: None,
                }),
                dirty: false,
            })
            .collect();
        self.key_ids.reserve(total);
        let mut base = 0;
        for part in &parts {
            self.key_ids
                .extend(part.ids.iter().map(|(&hash, &k)| (hash, k + base)));
            self.key_overflow
                .extend(part.overflow.iter().map(|&k| k + base));
            base += part.keys.len();
        }
        let records = &self.records;
        std::thread::scope(|scope| {
            let mut rest = &mut self.keys[..];
            for part in parts {
                let (run, after) = rest.split_at_mut(part.keys.len());
                rest = after;
                scope.spawn(move || {
                    for (entry, positions) in run.iter_mut().zip(part.keys) {
                        entry.annotation.key = records[positions[0]].key();
                        entry.records = positions;
                        recompute(entry, records);
                    }
                });
            }
        });
        for (k, entry) in self.keys.iter().enumerate() {
            let item = &entry.annotation.key.item;
            match self.items.get_mut(item.as_str()) {
                Some(keys) => keys.push(k),
                None => {
                    self.items.insert(Name::from(item.as_str()), vec![k]);
                }
            }
        }
        vec![Added::New; self.records.len()]
    }

    fn add(
        &mut self,
        record: Record,
        id_hash: u64,
        key_hash: u64,
        touched: &mut Vec<usize>,
    ) -> Added {
        if let Some(at) = self.position_of(&record.id, id_hash) {
            let existing = &self.records[at];
            return match Record::canonical_cmp(&record, existing) {
                Ordering::Equal => Added::Duplicate,
                order => {
                    self.conflicts.push(record.id.to_string());
                    if order == Ordering::Less {
                        let old = self.key_of(at);
                        self.records[at] = record;
                        if let Some(old) = old {
                            let entry = &mut self.keys[old];
                            entry.records.retain(|&p| p != at);
                            recompute(entry, &self.records);
                        }
                        touched.extend(self.attach(at, key_hash));
                    }
                    Added::Conflict
                }
            };
        }
        let at = self.records.len();
        self.records.push(record);
        self.index_id(at, id_hash);
        touched.extend(self.attach(at, key_hash));
        Added::New
    }

    fn position_of(&self, id: &str, hash: u64) -> Option<usize> {
        match self.ids.get(&hash) {
            Some(&at) if self.records[at].id == id => Some(at),
            Some(_) => self.id_overflow.get(id).copied(),
            None => None,
        }
    }

    /// Indexes record `at`, whose id is not indexed yet.
    fn index_id(&mut self, at: usize, hash: u64) {
        use std::collections::hash_map::Entry as Slot;
        match self.ids.entry(hash) {
            Slot::Vacant(slot) => {
                slot.insert(at);
            }
            Slot::Occupied(_) => {
                self.id_overflow.insert(self.records[at].id.clone(), at);
            }
        }
    }

    /// Files record `at` under its key; returns the key's position in `keys` when the key
    /// was clean (so each key to recompute is listed once).
    fn attach(&mut self, at: usize, key_hash: u64) -> Option<usize> {
        let record = &self.records[at];
        let key = match self.find_hashed(&record.item, record.owner.as_deref(), key_hash) {
            Some(key) => key,
            None => {
                let key = self.keys.len();
                self.keys.push(KeyEntry {
                    records: Vec::new(),
                    undone: HashSet::new(),
                    annotation: empty_annotation(record.key()),
                    dirty: true,
                });
                match self.key_ids.entry(key_hash) {
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(key);
                    }
                    std::collections::hash_map::Entry::Occupied(_) => self.key_overflow.push(key),
                }
                match self.items.get_mut(&record.item) {
                    Some(keys) => keys.push(key),
                    None => {
                        self.items.insert(record.item.clone(), vec![key]);
                    }
                }
                key
            }
        };
        let entry = &mut self.keys[key];
        entry.records.push(at);
        if entry.records.len() == 1 || !entry.dirty {
            entry.dirty = true;
            Some(key)
        } else {
            None
        }
    }

    /// Recomputes the keys listed (each once); a large batch on several threads.
    fn recompute(&mut self, touched: Vec<usize>) {
        let records = &self.records;
        if touched.len() < PARALLEL_RECORDS / 4 || threads() < 2 {
            for key in touched {
                let entry = &mut self.keys[key];
                if entry.dirty {
                    recompute(entry, records);
                }
            }
            return;
        }
        let run = self.keys.len().div_ceil(threads()).max(1);
        std::thread::scope(|scope| {
            for part in self.keys.chunks_mut(run) {
                scope.spawn(move || {
                    for entry in part.iter_mut().filter(|e| e.dirty) {
                        recompute(entry, records);
                    }
                });
            }
        });
    }

    fn key_of(&self, at: usize) -> Option<usize> {
        let record = &self.records[at];
        self.find(&record.item, record.owner.as_deref())
    }

    fn find(&self, item: &str, owner: Option<&str>) -> Option<usize> {
        self.find_hashed(item, owner, hash_key(item, owner))
    }

    fn find_hashed(&self, item: &str, owner: Option<&str>, hash: u64) -> Option<usize> {
        let is = |k: usize| {
            let key = &self.keys[k].annotation.key;
            key.item == item && key.owner.as_deref() == owner
        };
        match self.key_ids.get(&hash) {
            Some(&k) if is(k) => Some(k),
            Some(_) => self.key_overflow.iter().copied().find(|&k| is(k)),
            None => None,
        }
    }

    fn entry(&self, item: &str, owner: Option<&str>) -> Option<&KeyEntry> {
        self.find(item, owner)
            .map(|k| &self.keys[k])
            .filter(|e| !e.records.is_empty())
    }

    /// Every record, in the order they were added (file order).
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Every record in log order: time, author, id.
    pub fn sorted(&self) -> Vec<&Record> {
        let mut all: Vec<&Record> = self.records.iter().collect();
        all.sort_by(|a, b| Record::order(a, b));
        all
    }

    pub fn get(&self, id: &str) -> Option<&Record> {
        self.position_of(id, hash_id(id)).map(|p| &self.records[p])
    }

    /// Ids seen twice with different content (each once per occurrence).
    pub fn conflicts(&self) -> &[String] {
        &self.conflicts
    }

    /// Whether a record is in force: not undone by an undo that is itself in force.
    pub fn is_active(&self, id: &str) -> bool {
        let Some(at) = self.position_of(id, hash_id(id)) else {
            return false;
        };
        let record = &self.records[at];
        self.entry(&record.item, record.owner.as_deref())
            .is_some_and(|entry| !entry.undone.contains(&at))
    }

    pub fn annotation(&self, item: &str, owner: Option<&str>) -> Option<&Annotation> {
        self.entry(item, owner).map(|entry| &entry.annotation)
    }

    /// Every annotated key, sorted by item id then unit (the item as a whole first).
    pub fn annotations(&self) -> Vec<&Annotation> {
        let mut all: Vec<&Annotation> = self
            .keys
            .iter()
            .filter(|e| !e.records.is_empty())
            .map(|e| &e.annotation)
            .collect();
        all.sort_by(|a, b| a.key.cmp(&b.key));
        all
    }

    /// The item as a whole (if annotated) and then each unit's part, by unit id.
    pub fn parts(&self, item: &str) -> Vec<&Annotation> {
        let mut parts: Vec<&Annotation> = self
            .items
            .get(item)
            .into_iter()
            .flatten()
            .map(|&k| &self.keys[k])
            .filter(|e| !e.records.is_empty())
            .map(|e| &e.annotation)
            .collect();
        parts.sort_by(|a, b| a.key.cmp(&b.key));
        parts
    }

    /// Every change of an item, its units' parts included, in log order.
    pub fn history(&self, item: &str) -> Vec<&Record> {
        let mut all: Vec<&Record> = self
            .items
            .get(item)
            .into_iter()
            .flatten()
            .flat_map(|&k| self.keys[k].records.iter().map(|&p| &self.records[p]))
            .collect();
        all.sort_by(|a, b| Record::order(a, b));
        all
    }

    /// When a change to `key` made `now` is recorded: `now`, or just after the key's
    /// latest record if that is later — a clock behind another machine's must not make a
    /// fresh change lose to an older one.
    pub fn time_for(&self, key: &Key, now: Stamp) -> Stamp {
        match self.last_of(key) {
            Some(last) if last.at >= now => {
                Stamp::new(last.at.successor().timestamp(), now.offset())
            }
            _ => now,
        }
    }

    /// The latest record of a key, if any.
    pub fn last_of(&self, key: &Key) -> Option<&Record> {
        let entry = self.entry(&key.item, key.owner.as_deref())?;
        entry.records.last().map(|&p| &self.records[p])
    }

    /// The change that undoes record `id`: for each field it set or cleared that nobody
    /// changed since, the value before it; an actual it recorded drops out of the series.
    /// Undoing an undo is a redo.
    pub fn undo_change(&self, id: &str) -> Result<Change, UndoError> {
        let Some(at) = self.position_of(id, hash_id(id)) else {
            return Err(UndoError::NoSuchRecord(id.to_owned()));
        };
        let record = &self.records[at];
        let key = record.key();
        let Some(entry) = self.entry(&key.item, key.owner.as_deref()) else {
            return Err(UndoError::NoSuchRecord(id.to_owned()));
        };
        if entry.undone.contains(&at) {
            return Err(UndoError::AlreadyUndone(id.to_owned()));
        }
        let position = entry.records.iter().position(|&p| p == at).unwrap_or(0);
        let mut change = Change::new(&key);
        change.undoes = Some(id.to_owned());
        for field in Field::ALL {
            if !record.touches(field) {
                continue;
            }
            // The record in force for this field: the latest that touches it, passing over
            // records undone since and the undos that undid them (so `u` pressed twice
            // takes back two changes, not one).
            let undone_pair = |p: usize| {
                entry.undone.contains(&p)
                    || self.records[p]
                        .undoes()
                        .map(Name::as_str)
                        .is_some_and(|target| {
                            self.position_of(target, hash_id(target))
                                .is_some_and(|t| entry.undone.contains(&t))
                        })
            };
            let last = entry
                .records
                .iter()
                .rev()
                .filter(|&&p| p == at || !undone_pair(p))
                .find(|&&p| self.records[p].touches(field));
            if last != Some(&at) {
                continue;
            }
            let before = entry.records[..position]
                .iter()
                .rev()
                .map(|&p| &self.records[p])
                .find(|r| r.touches(field));
            match (field, before) {
                (
                    Field::Status,
                    Some(Record {
                        status: Some(v), ..
                    }),
                ) => change.status = Some(*v),
                (
                    Field::Progress,
                    Some(Record {
                        progress: Some(v), ..
                    }),
                ) => change.progress = Some(*v),
                (
                    Field::Note,
                    Some(Record {
                        note: Some(v),
                        private,
                        ..
                    }),
                ) => {
                    change.note = Some(v.to_string());
                    change.private = *private;
                }
                (Field::ProgressText | Field::Problems | Field::NextSteps, Some(r)) => {
                    match r.text(field) {
                        Some(v) => change.set_text(field, v.to_owned()),
                        None => change.clear.push(field),
                    }
                }
                _ => change.clear.push(field),
            }
        }
        // The undo must change something that is in force now, or it is no undo at all.
        let last_at = entry
            .records
            .last()
            .map_or(record.at, |&p| self.records[p].at);
        let probe = change.clone().into_record(
            "\u{10FFFF}probe".into(),
            last_at.successor(),
            Name::default(),
        );
        let mut with_probe: Vec<(usize, &Record)> = entry
            .records
            .iter()
            .map(|&p| (p, &self.records[p]))
            .collect();
        with_probe.push((usize::MAX, &probe));
        let (after, _) = compute(key, &with_probe);
        let same = |a: &Annotation, b: &Annotation| {
            a.status.as_ref().map(|l| l.value) == b.status.as_ref().map(|l| l.value)
                && a.progress.as_ref().map(|l| l.value) == b.progress.as_ref().map(|l| l.value)
                && Field::ALL[2..]
                    .iter()
                    .all(|&f| a.text(f).map(|l| &l.value) == b.text(f).map(|l| &l.value))
                && a.actuals
                    .iter()
                    .map(|p| &p.record)
                    .eq(b.actuals.iter().map(|p| &p.record))
        };
        if same(&after, &entry.annotation) {
            return Err(UndoError::NothingToUndo(id.to_owned()));
        }
        Ok(change)
    }
}

/// One thread's share of the keys of a first batch (see
/// [`AnnotationLog::adopt_in_parallel`]): each key's record positions, in log order, key
/// positions local to the share.
struct KeyPart {
    keys: Vec<Vec<usize>>,
    ids: FxMap<u64, usize>,
    overflow: Vec<usize>,
}

/// Groups the records whose key hash falls to `part` of `parts` by key, as
/// [`AnnotationLog::attach`] does.
fn key_part(records: &[Record], hashes: &[(u64, u64)], part: usize, parts: usize) -> KeyPart {
    let mut out = KeyPart {
        keys: Vec::new(),
        ids: FxMap::default(),
        overflow: Vec::new(),
    };
    for (at, &(_, key_hash)) in hashes.iter().enumerate() {
        if key_hash % parts as u64 != part as u64 {
            continue;
        }
        let record = &records[at];
        let keys = &out.keys;
        let is = |k: &usize| {
            let first = &records[keys[*k][0]];
            first.item == record.item && first.owner == record.owner
        };
        let found = match out.ids.get(&key_hash) {
            Some(k) if is(k) => Some(*k),
            Some(_) => out.overflow.iter().copied().find(is),
            None => None,
        };
        match found {
            Some(key) => out.keys[key].push(at),
            None => {
                let key = out.keys.len();
                out.keys.push(vec![at]);
                match out.ids.entry(key_hash) {
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(key);
                    }
                    std::collections::hash_map::Entry::Occupied(_) => out.overflow.push(key),
                }
            }
        }
    }
    out
}

fn empty_annotation(key: Key) -> Annotation {
    Annotation {
        key,
        status: None,
        progress: None,
        note: None,
        reports: None,
        actuals: Vec::new(),
        changes: 0,
        updated_at: Stamp::new(Timestamp::UNIX_EPOCH, Offset::UTC),
        updated_by: Name::default(),
    }
}

fn recompute(entry: &mut KeyEntry, records: &[Record]) {
    entry.dirty = false;
    if entry.records.is_empty() {
        entry.annotation = empty_annotation(entry.annotation.key.clone());
        entry.undone.clear();
        return;
    }
    entry
        .records
        .sort_by(|&a, &b| Record::order(&records[a], &records[b]));
    let list: Vec<(usize, &Record)> = entry.records.iter().map(|&p| (p, &records[p])).collect();
    // The key moves into the new annotation rather than being copied.
    let key = std::mem::replace(
        &mut entry.annotation.key,
        Key {
            item: String::new(),
            owner: None,
        },
    );
    let (annotation, undone) = compute(key, &list);
    entry.annotation = annotation;
    entry.undone = undone;
}

/// The state of one key from its records, in log order (with their positions). Returns the
/// annotation and the positions of the records undone by an undo in force.
fn compute(key: Key, records: &[(usize, &Record)]) -> (Annotation, HashSet<usize>) {
    // Latest first: an undo is in force unless a later undo in force undoes it.
    let mut undone: HashSet<usize> = HashSet::new();
    if records.iter().any(|(_, r)| r.undoes().is_some()) {
        let mut undone_ids: HashSet<&str> = HashSet::new();
        for &(position, record) in records.iter().rev() {
            if undone_ids.contains(record.id.as_str()) {
                undone.insert(position);
                continue;
            }
            if let Some(target) = record.undoes() {
                undone_ids.insert(target);
            }
        }
    }
    let mut annotation = empty_annotation(key);
    let Some((_, last)) = records.last() else {
        return (annotation, undone);
    };
    annotation.changes = records.len();
    annotation.updated_at = last.at;
    annotation.updated_by.clone_from(&last.author);
    fn latest<T>(record: &Record, field: Field, value: Option<T>) -> Option<Latest<T>> {
        if record.clear().contains(&field) {
            return None;
        }
        Some(Latest {
            value: value?,
            at: record.at,
            author: record.author.clone(),
            record: record.id.clone(),
        })
    }
    // Each field's value is that of the latest record that touches it.
    let (mut status, mut progress, mut note) = (false, false, false);
    for &(_, record) in records.iter().rev() {
        if !status && record.touches(Field::Status) {
            annotation.status = latest(record, Field::Status, record.status);
            status = true;
        }
        if !progress && record.touches(Field::Progress) {
            annotation.progress = latest(record, Field::Progress, record.progress);
            progress = true;
        }
        if !note && record.touches(Field::Note) {
            annotation.note = latest(record, Field::Note, record.note.clone());
            note = true;
        }
        if status && progress && note {
            break;
        }
    }
    // The report's text fields, each from the latest record that touches it (only records
    // with rare fields can).
    if records.iter().any(|(_, r)| r.extra.is_some()) {
        let reports: Reports = Field::REPORT.map(|field| {
            let &(_, record) = records.iter().rev().find(|(_, r)| r.touches(field))?;
            latest(record, field, record.extra().text(field).cloned())
        });
        if reports.iter().any(Option::is_some) {
            annotation.reports = Some(Box::new(reports));
        }
    }
    for &(position, record) in records {
        if let Some(actual) = &record.actual
            && !undone.contains(&position)
        {
            annotation.actuals.push(ActualPoint {
                value: actual.value,
                as_of: actual.as_of,
                at: record.at,
                author: record.author.clone(),
                record: record.id.clone(),
            });
        }
    }
    // Stable sort: points of the same date stay in log order.
    annotation.actuals.sort_by_key(|p| p.as_of);
    (annotation, undone)
}

/// The union of several sets of records by id, in log order. Commutative, associative and
/// idempotent: a record present in any input is in the output once; two different records
/// claiming one id resolve to the same one whatever the order (see [`Record::canonical_cmp`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merged {
    pub records: Vec<Record>,
    /// Ids that had different contents in different inputs.
    pub conflicts: Vec<String>,
}

pub fn merge<'a>(sets: impl IntoIterator<Item = &'a [Record]>) -> Merged {
    let mut by_id: HashMap<&str, &Record> = HashMap::new();
    let mut conflicts: HashSet<&str> = HashSet::new();
    for set in sets {
        for record in set {
            match by_id.get(record.id.as_str()) {
                None => {
                    by_id.insert(&record.id, record);
                }
                Some(existing) => match Record::canonical_cmp(record, existing) {
                    Ordering::Equal => {}
                    Ordering::Less => {
                        conflicts.insert(&record.id);
                        by_id.insert(&record.id, record);
                    }
                    Ordering::Greater => {
                        conflicts.insert(&record.id);
                    }
                },
            }
        }
    }
    let mut records: Vec<Record> = by_id.into_values().cloned().collect();
    records.sort_by(Record::order);
    let mut conflicts: Vec<String> = conflicts.into_iter().map(str::to_owned).collect();
    conflicts.sort();
    Merged { records, conflicts }
}

/// Why an annotation's key no longer fits the plan (after a plan revision, or a file kept
/// for another plan). Orphans are kept and listed, never dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Orphan {
    /// The item id is not in the plan.
    UnknownItem,
    /// The item exists, but the unit is not one of its responsible units.
    NotResponsible { units: Vec<String> },
}

/// The units that may have their own part of an item: the item's responsible units; for a
/// target those of the item it belongs to (or of the 附件2 row that breaks a main goal
/// down); for a 附件1 row its district. Empty for items without units of their own
/// (programmes, the overview, the annex tables as a whole).
pub fn responsible_units<'a>(plan: &'a Plan, index: &PlanIndex, position: usize) -> Vec<&'a str> {
    let Some(entry) = index.entries.get(position) else {
        return Vec::new();
    };
    match entry.path.resolve(plan) {
        Some(Node::Target(_)) => {
            target_owner(plan, index, position).map_or_else(Vec::new, |r| r.units())
        }
        Some(Node::DistrictRow(row) | Node::DistrictCell(row, _, _)) => {
            row.owner.as_deref().into_iter().collect()
        }
        Some(node) => node.owners().map_or_else(Vec::new, |r| r.units()),
        None => Vec::new(),
    }
}

/// Whether actual values can be recorded on an item: targets, 附件2 rows and the figures
/// of 附件1 rows (not a "/" cell), the items with a single figure to measure.
pub fn takes_actuals(plan: &Plan, index: &PlanIndex, position: usize) -> bool {
    index.entries.get(position).is_some_and(|entry| {
        matches!(
            entry.path.resolve(plan),
            Some(
                Node::Target(_)
                    | Node::DepartmentRow(_)
                    | Node::DistrictCell(_, _, super::plan::Cell::Num(_))
            )
        )
    })
}

/// The unit of measure an item's actual values are counted in (家, %, 亿元 …): a target's,
/// or a 附件2 row's; `None` for an item that takes no actual values.
pub fn actual_unit<'a>(plan: &'a Plan, index: &PlanIndex, position: usize) -> Option<&'a str> {
    match index.entries.get(position)?.path.resolve(plan)? {
        Node::Target(target) => Some(&target.unit),
        Node::DepartmentRow(row) => Some(&row.unit),
        Node::DistrictCell(_, column, _) => Some(&column.unit),
        _ => None,
    }
}

/// `None` when the key fits the plan.
pub fn orphan(plan: &Plan, index: &PlanIndex, key: &Key) -> Option<Orphan> {
    let Some(position) = index.position(&key.item) else {
        return Some(Orphan::UnknownItem);
    };
    let owner = key.owner.as_deref()?;
    let units = responsible_units(plan, index, position);
    if units.contains(&owner) {
        None
    } else {
        Some(Orphan::NotResponsible {
            units: units.into_iter().map(str::to_owned).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(text: &str) -> Stamp {
        Stamp::parse(text).unwrap()
    }

    fn record(id: &str, at: &str, author: &str, item: &str) -> Record {
        Change {
            item: item.into(),
            ..Change::default()
        }
        .into_record(id.into(), stamp(at), author.into())
    }

    fn with_status(mut r: Record, status: Status) -> Record {
        r.status = Some(status);
        r
    }

    /// The minute written digit by digit is jiff's `%Y-%m-%d %H:%M`, for stamps from year
    /// -9999 to 9999 at offsets either side of UTC.
    #[test]
    fn local_minute_is_strftime() {
        let min = Timestamp::MIN.as_second();
        let max = Timestamp::MAX.as_second();
        let mut second = min;
        let mut n = 0i64;
        while second <= max {
            let timestamp = Timestamp::new(second, 0).unwrap();
            for hours in [-14, -9, 0, 5, 8, 14] {
                let offset = Offset::constant(hours);
                let at = offset.to_datetime(timestamp);
                let stamp = Stamp::new(timestamp, offset);
                let expected = at.strftime("%Y-%m-%d %H:%M").to_string();
                assert_eq!(stamp.local_minute(), expected, "{timestamp} {hours}");
                let mut appended = String::from("x ");
                stamp.write_local_minute(&mut appended);
                assert_eq!(appended, format!("x {expected}"));
            }
            // Steps of about 37 days and an odd minute: every month, hour and minute.
            n += 1;
            second = second.saturating_add(3_196_861 + (n % 7) * 61);
            if second == max {
                break;
            }
        }
        assert!(n > 1000);
    }

    /// What each record of a large history costs (issue 15): the short names inline, the
    /// texts shared, the rarely set fields boxed away.
    #[test]
    fn a_record_is_200_bytes_and_its_rare_fields_cost_nothing_unset() {
        use std::mem::size_of;
        assert_eq!(size_of::<Name>(), 24);
        assert_eq!(size_of::<Option<Name>>(), 24);
        assert_eq!(size_of::<Text>(), 16);
        assert_eq!(size_of::<Option<Text>>(), 16);
        assert_eq!(size_of::<Option<Box<RecordExtra>>>(), 8);
        assert_eq!(size_of::<Option<Latest<Text>>>(), size_of::<Latest<Text>>());
        assert!(size_of::<Record>() <= 200, "{} bytes", size_of::<Record>());
        // A key's state: the report's three texts, rarely set, boxed (they were 264 bytes
        // of every key's state).
        assert!(
            size_of::<Annotation>() <= 400,
            "{} bytes",
            size_of::<Annotation>()
        );
        // A change that sets none of them has no box; one that does, has.
        let plain = with_status(
            record("a", "2026-05-01T09:00:00+08:00", "w", "p1"),
            Status::Done,
        );
        assert!(plain.extra.is_none());
        assert!(plain.extra().is_empty() && plain.clear().is_empty() && plain.undoes().is_none());
        let mut change = Change::new(&Key::new("p1", None));
        change.problems = Some("用地".into());
        change.effective = Some(jiff::civil::date(2026, 4, 30));
        let rare = change.into_record("b".into(), stamp("2026-05-01T09:00:00+08:00"), "w".into());
        assert_eq!(rare.problems(), Some("用地"));
        assert_eq!(rare.effective(), Some(jiff::civil::date(2026, 4, 30)));
        assert!(rare.extra.is_some());
        // An empty box is the same record as none (equality, order, the line written).
        let mut boxed = plain.clone();
        boxed.extra = Some(Box::default());
        assert_eq!(boxed, plain);
        assert_eq!(Record::canonical_cmp(&boxed, &plain), Ordering::Equal);
        let line = |r: &Record| ron::to_string(r).unwrap();
        assert_eq!(line(&boxed), line(&plain));
        let read: Record = ron::from_str(&line(&rare)).unwrap();
        assert_eq!(read, rare);
        let read: Record = ron::from_str(&line(&plain)).unwrap();
        assert!(read.extra.is_none(), "{read:?}");
    }

    /// The computed state holds the record's note, not a copy of it.
    #[test]
    fn the_state_shares_each_text_with_its_record() {
        let mut change = Change::new(&Key::new("p1", None));
        change.note = Some("资金已到位".into());
        change.next_steps = Some("月底开工".into());
        let record = change.into_record("a".into(), stamp("2026-05-01T09:00:00+08:00"), "w".into());
        let log = AnnotationLog::from_records([record]);
        let state = log.annotation("p1", None).unwrap();
        let held = log.get("a").unwrap();
        let (Some(note), Some(in_state)) = (&held.note, &state.note) else {
            panic!("no note: {state:?}");
        };
        assert!(Text::ptr_eq(note, &in_state.value));
        let steps = held.extra().next_steps.as_ref().unwrap();
        assert!(Text::ptr_eq(steps, &state.next_steps().unwrap().value));
        assert_eq!(Text::strong_count(note), 2);
        assert_eq!(state.next_steps().map(|l| &*l.value), Some("月底开工"));
        assert!(state.problems().is_none() && state.progress_text().is_none());
        // A key whose records set no report text has no box for them.
        let mut change = Change::new(&Key::new("p2", None));
        change.note = Some("无报告".into());
        let log = AnnotationLog::from_records([change.into_record(
            "b".into(),
            stamp("2026-05-01T09:00:00+08:00"),
            "w".into(),
        )]);
        assert!(log.annotation("p2", None).unwrap().reports.is_none());
    }

    #[test]
    fn a_record_is_described_in_the_labels_given() {
        let label = |key: &str| match key {
            "history.undoes" => "undoes {id}".to_owned(),
            "history.cleared" => "cleared".to_owned(),
            other => format!("<{other}>"),
        };
        let mut r = record("a", "2026-05-14T10:00:00+08:00", "w", "p1");
        r.extra_mut().undoes = Some("r0".into());
        r.status = Some(Status::OnTrack);
        r.progress = Some(60);
        r.actual = Some(Actual {
            value: 750.0,
            as_of: jiff::civil::date(2022, 6, 30),
        });
        r.note = Some("第一行很长很长\n第二行".into());
        r.extra_mut().clear = vec![Field::Progress];
        assert_eq!(
            r.describe(&label, Some(3), Marks::UNICODE),
            "undoes r0 · <label.status> → <status.on_track> · <label.progress> 60% · \
             <label.actual> 750 (2022-06-30) · <label.note> “第一行” · <label.progress> → cleared"
        );
        // Under `--ascii` only the marks change, never the note's own text.
        r.note = Some("A→B · “C”".into());
        assert_eq!(
            r.describe(&label, None, Marks::ASCII),
            "undoes r0 | <label.status> -> <status.on_track> | <label.progress> 60% | \
             <label.actual> 750 (2022-06-30) | <label.note> \"A→B · “C”\" | <label.progress> -> cleared"
        );
        r.note = Some("第一行很长很长\n第二行".into());
        assert!(
            r.describe(&label, None, Marks::UNICODE)
                .contains("“第一行很长很长\n第二行”")
        );
        assert_eq!(
            record("b", "2026-05-14T10:00:00+08:00", "w", "p1").describe(
                &label,
                None,
                Marks::UNICODE
            ),
            ""
        );
    }

    #[test]
    fn undoing_a_note_brings_back_the_one_before_with_its_privacy() {
        let mut first = record("a", "2026-05-14T10:00:00+08:00", "w", "p1");
        first.note = Some("内部".into());
        first.private = true;
        let mut second = record("b", "2026-05-14T10:01:00+08:00", "w", "p1");
        second.note = Some("公开".into());
        let log = AnnotationLog::from_records([first, second]);
        let undo = log.undo_change("b").unwrap();
        assert_eq!(undo.note.as_deref(), Some("内部"));
        assert!(undo.private);
        let redo = undo.into_record("c".into(), stamp("2026-05-14T10:02:00+08:00"), "w".into());
        assert!(redo.private, "written as private");
        // A record that sets no note is never private.
        let mut bare = Change::new(&Key::new("p1", None));
        bare.private = true;
        bare.status = Some(Status::Done);
        let bare = bare.into_record("d".into(), stamp("2026-05-14T10:03:00+08:00"), "w".into());
        assert!(!bare.private);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The reader of the written form agrees with jiff's parser on every stamp written
        /// and on every one-character change of one; what it does not read, jiff does.
        #[test]
        fn the_written_form_is_read_as_jiff_reads_it(
            second in -377_705_116_800i64..=253_402_207_199,
            nanos in proptest::prop_oneof![
                proptest::prelude::Just(0i32),
                0i32..1_000_000_000,
                proptest::strategy::Strategy::prop_map(0i32..1000, |n| n * 1_000_000),
            ],
            offset in -86_340i32..=86_340,
            change in proptest::prelude::any::<proptest::sample::Index>(),
            with in proptest::prelude::any::<Option<char>>(),
        ) {
            let offset = Offset::from_seconds(offset / 60 * 60).unwrap();
            let Ok(timestamp) = Timestamp::new(second, nanos) else { return Ok(()); };
            let written = Stamp::new(timestamp, offset).to_string();
            let fast = Stamp::parse_written(&written);
            let general = Stamp::parse_general(&written);
            proptest::prop_assert_eq!(general.as_ref().ok(), Some(&Stamp::new(timestamp, offset)));
            // Read by both, except years outside 0000–9999 (`-000001-…`) and `-00:00`.
            if fast.is_some() || (offset.seconds() != 0 && written.as_bytes()[0].is_ascii_digit()) {
                proptest::prop_assert_eq!(fast, general.clone().ok(), "{}", written);
            }
            let mut changed: Vec<char> = written.chars().collect();
            let at = change.index(changed.len());
            match with {
                Some(c) => changed[at] = c,
                None => {
                    changed.remove(at);
                }
            }
            let changed: String = changed.into_iter().collect();
            if let Some(fast) = Stamp::parse_written(&changed) {
                proptest::prop_assert_eq!(Some(fast), Stamp::parse_general(&changed).ok(), "{}", changed);
            }
        }
    }

    #[test]
    fn stamps_keep_their_offset_and_order_by_instant() {
        let beijing = stamp("2026-05-14T10:00:00+08:00");
        let london = stamp("2026-05-14T03:30:00+01:00");
        assert_eq!(beijing.to_string(), "2026-05-14T10:00:00+08:00");
        assert_eq!(beijing.local_minute(), "2026-05-14 10:00");
        // 10:00+08 is 02:00Z, before 03:30+01 = 02:30Z.
        assert!(beijing < london);
        assert_eq!(
            stamp("2026-05-14T02:00:00Z").timestamp(),
            beijing.timestamp()
        );
        assert!(Stamp::parse("2026-05-14T10:00:00").is_err());
        assert!(Stamp::parse("yesterday").is_err());
        assert!(beijing.successor() > beijing);
        let fine = stamp("2026-05-14T10:00:00.123456789+08:00");
        assert_eq!(fine.to_string(), "2026-05-14T10:00:00.123456789+08:00");
    }

    #[test]
    fn status_names_round_trip() {
        for status in Status::ALL {
            assert_eq!(Status::from_cli_name(status.cli_name()), Some(status));
            assert!(status.key().starts_with("status."));
        }
        assert_eq!(Status::from_cli_name("On_Track"), Some(Status::OnTrack));
        assert_eq!(Status::from_cli_name("fine"), None);
        assert_eq!(Status::cycle(None), Status::NotStarted);
        assert_eq!(Status::cycle(Some(Status::Deferred)), Status::NotStarted);
        assert_eq!(Status::cycle(Some(Status::OnTrack)), Status::AtRisk);
    }

    #[test]
    fn the_latest_change_wins_field_by_field() {
        let mut a = with_status(
            record("a", "2026-05-01T09:00:00+08:00", "王芳", "p1.t1"),
            Status::OnTrack,
        );
        a.progress = Some(20);
        let mut b = record("b", "2026-05-02T09:00:00+08:00", "李雷", "p1.t1");
        b.note = Some("第一行\n第二行".into());
        let c = with_status(
            record("c", "2026-05-03T09:00:00+08:00", "王芳", "p1.t1"),
            Status::AtRisk,
        );
        // File order does not matter: only (at, author, id) does.
        let log = AnnotationLog::from_records([c, a, b]);
        let state = log.annotation("p1.t1", None).unwrap();
        assert_eq!(state.status.as_ref().unwrap().value, Status::AtRisk);
        assert_eq!(state.status.as_ref().unwrap().record, "c");
        assert_eq!(state.progress.as_ref().unwrap().value, 20);
        assert_eq!(&*state.note.as_ref().unwrap().value, "第一行\n第二行");
        assert_eq!(state.changes, 3);
        assert_eq!(state.updated_by, "王芳");
        assert!(log.annotation("p1.t2", None).is_none());
    }

    #[test]
    fn ties_in_time_are_broken_by_author_then_record_id() {
        let at = "2026-05-01T09:00:00+08:00";
        let by_b = with_status(record("1", at, "b", "p1"), Status::Done);
        let by_a = with_status(record("9", at, "a", "p1"), Status::Behind);
        for order in [
            vec![by_a.clone(), by_b.clone()],
            vec![by_b.clone(), by_a.clone()],
        ] {
            let log = AnnotationLog::from_records(order);
            // Author "b" sorts after "a": its value is the latest.
            assert_eq!(
                log.annotation("p1", None)
                    .unwrap()
                    .status
                    .as_ref()
                    .unwrap()
                    .value,
                Status::Done
            );
        }
        let low = with_status(record("x1", at, "a", "p1"), Status::Done);
        let high = with_status(record("x2", at, "a", "p1"), Status::Deferred);
        for order in [
            vec![low.clone(), high.clone()],
            vec![high.clone(), low.clone()],
        ] {
            let log = AnnotationLog::from_records(order);
            assert_eq!(
                log.annotation("p1", None)
                    .unwrap()
                    .status
                    .as_ref()
                    .unwrap()
                    .value,
                Status::Deferred
            );
        }
    }

    #[test]
    fn a_units_part_is_its_own_key() {
        let mut whole = with_status(
            record("a", "2026-05-01T09:00:00+08:00", "w", "p1.t1"),
            Status::OnTrack,
        );
        whole.owner = None;
        let mut part = with_status(
            record("b", "2026-05-02T09:00:00+08:00", "w", "p1.t1"),
            Status::Behind,
        );
        part.owner = Some("kjj".into());
        let log = AnnotationLog::from_records([whole, part]);
        let parts = log.parts("p1.t1");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].key.owner, None);
        assert_eq!(parts[1].key.owner.as_deref(), Some("kjj"));
        assert_eq!(parts[0].status.as_ref().unwrap().value, Status::OnTrack);
        assert_eq!(log.history("p1.t1").len(), 2);
    }

    #[test]
    fn the_report_fields_are_fields_like_the_note_set_cleared_and_undone() {
        let mut first = record("a", "2026-05-01T09:00:00+08:00", "w", "p1.t1");
        first.extra_mut().problems = Some("资金未到位".into());
        first.extra_mut().progress_text = Some("已完成两项".into());
        let mut second = record("b", "2026-05-02T09:00:00+08:00", "w", "p1.t1");
        second.extra_mut().problems = Some("用地未落实".into());
        second.extra_mut().next_steps = Some("月底开工".into());
        let mut log = AnnotationLog::from_records([first, second]);
        let state = log.annotation("p1.t1", None).unwrap();
        assert_eq!(&*state.problems().unwrap().value, "用地未落实");
        assert_eq!(&*state.progress_text().unwrap().value, "已完成两项");
        assert_eq!(state.next_steps().unwrap().record, "b");
        assert!(!state.is_blank());
        // Undoing the second brings the first problems back and clears the next steps.
        let undo = log.undo_change("b").unwrap();
        assert_eq!(undo.problems.as_deref(), Some("资金未到位"));
        assert_eq!(undo.clear, vec![Field::NextSteps]);
        let label = |key: &str| format!("<{key}>");
        let undo = undo.into_record("u".into(), stamp("2026-05-03T09:00:00+08:00"), "w".into());
        assert_eq!(
            undo.describe(&label, None, Marks::UNICODE),
            "<history.undoes> · <label.problems> “资金未到位” · <label.next_steps> → <history.cleared>"
        );
        log.insert(undo);
        let state = log.annotation("p1.t1", None).unwrap();
        assert_eq!(&*state.problems().unwrap().value, "资金未到位");
        assert!(state.next_steps().is_none());
        // A record that clears one and sets it is damaged.
        let mut both = record("c", "2026-05-04T09:00:00+08:00", "w", "p1.t1");
        both.extra_mut().problems = Some("x".into());
        both.extra_mut().clear = vec![Field::Problems];
        assert!(both.check().unwrap_err().to_string().contains("problems"));
    }

    #[test]
    fn undo_restores_the_previous_values_and_redo_brings_them_back() {
        let first = with_status(
            record("a", "2026-05-01T09:00:00+08:00", "w", "p1.t1"),
            Status::OnTrack,
        );
        let mut second = with_status(
            record("b", "2026-05-02T09:00:00+08:00", "w", "p1.t1"),
            Status::Behind,
        );
        second.note = Some("拖延".into());
        let mut log = AnnotationLog::from_records([first, second]);

        let undo = log.undo_change("b").unwrap();
        assert_eq!(undo.status, Some(Status::OnTrack));
        assert_eq!(undo.clear, vec![Field::Note]);
        assert_eq!(undo.undoes.as_deref(), Some("b"));
        log.insert(undo.into_record("u".into(), stamp("2026-05-03T09:00:00+08:00"), "w".into()));
        let state = log.annotation("p1.t1", None).unwrap();
        assert_eq!(state.status.as_ref().unwrap().value, Status::OnTrack);
        assert!(state.note.is_none());
        assert!(!log.is_active("b"));
        assert_eq!(
            log.undo_change("b"),
            Err(UndoError::AlreadyUndone("b".into()))
        );
        // History is never rewritten: all three records are there.
        assert_eq!(log.history("p1.t1").len(), 3);

        let redo = log.undo_change("u").unwrap();
        assert_eq!(redo.status, Some(Status::Behind));
        assert_eq!(redo.note.as_deref(), Some("拖延"));
        log.insert(redo.into_record("r".into(), stamp("2026-05-04T09:00:00+08:00"), "w".into()));
        let state = log.annotation("p1.t1", None).unwrap();
        assert_eq!(state.status.as_ref().unwrap().value, Status::Behind);
        assert!(log.is_active("b") && !log.is_active("u"));
    }

    #[test]
    fn undo_leaves_fields_changed_since_by_someone_else() {
        let mine = with_status(
            record("a", "2026-05-01T09:00:00+08:00", "w", "p1"),
            Status::OnTrack,
        );
        let theirs = with_status(
            record("b", "2026-05-02T09:00:00+08:00", "x", "p1"),
            Status::Done,
        );
        let log = AnnotationLog::from_records([mine, theirs]);
        assert_eq!(
            log.undo_change("a"),
            Err(UndoError::NothingToUndo("a".into()))
        );
        assert_eq!(
            log.undo_change("zz"),
            Err(UndoError::NoSuchRecord("zz".into()))
        );
    }

    #[test]
    fn actuals_accumulate_and_an_undo_removes_one() {
        let point = |id: &str, at: &str, value: f64, day: i8| {
            let mut r = record(id, at, "w", "p1.t1.g2");
            r.actual = Some(Actual {
                value,
                as_of: jiff::civil::date(2026, 3, day),
            });
            r
        };
        let mut log = AnnotationLog::from_records([
            point("a", "2026-05-01T09:00:00+08:00", 80.0, 31),
            point("b", "2026-05-02T09:00:00+08:00", 70.0, 1),
            point("c", "2026-05-03T09:00:00+08:00", 95.0, 15),
        ]);
        let values = |log: &AnnotationLog| -> Vec<f64> {
            let a = log.annotation("p1.t1.g2", None).unwrap();
            a.actuals.iter().map(|p| p.value).collect()
        };
        // By as-of date, not by when they were recorded.
        assert_eq!(values(&log), [70.0, 95.0, 80.0]);
        let undo = log.undo_change("c").unwrap();
        assert!(undo.clear.is_empty() && undo.status.is_none());
        log.insert(undo.into_record("u".into(), stamp("2026-05-04T09:00:00+08:00"), "w".into()));
        assert_eq!(values(&log), [70.0, 80.0]);
        let redo = log.undo_change("u").unwrap();
        log.insert(redo.into_record("r".into(), stamp("2026-05-05T09:00:00+08:00"), "w".into()));
        assert_eq!(values(&log), [70.0, 95.0, 80.0]);
    }

    #[test]
    fn duplicates_are_kept_once_and_conflicts_resolve_the_same_in_any_order() {
        let a = with_status(
            record("x", "2026-05-01T09:00:00+08:00", "w", "p1"),
            Status::Done,
        );
        let b = with_status(
            record("x", "2026-05-01T09:00:00+08:00", "w", "p1"),
            Status::Behind,
        );
        let mut log = AnnotationLog::from_records([a.clone()]);
        assert_eq!(log.insert(a.clone()), Added::Duplicate);
        assert_eq!(log.len(), 1);
        let one = AnnotationLog::from_records([a.clone(), b.clone()]);
        let two = AnnotationLog::from_records([b.clone(), a.clone()]);
        assert_eq!(one.len(), 1);
        assert_eq!(one.conflicts(), ["x"]);
        assert_eq!(
            one.annotation("p1", None).unwrap().status,
            two.annotation("p1", None).unwrap().status
        );
        let merged = merge([&[a.clone()][..], &[b.clone()][..]]);
        assert_eq!(merged, merge([&[b][..], &[a][..]]));
        assert_eq!(merged.conflicts, ["x"]);
    }

    #[test]
    fn checks_reject_what_types_cannot() {
        let ok = with_status(
            record("x", "2026-05-01T09:00:00+08:00", "w", "p1"),
            Status::Done,
        );
        assert!(ok.check().is_ok());
        let mut bad = ok.clone();
        bad.progress = Some(101);
        assert!(bad.check().unwrap_err().to_string().contains("101"));
        let mut bad = ok.clone();
        bad.extra_mut().clear = vec![Field::Status];
        assert!(bad.check().is_err());
        let mut bad = ok.clone();
        bad.status = None;
        assert!(bad.check().unwrap_err().to_string().contains("nothing"));
        let mut bad = ok.clone();
        bad.id = "a b".into();
        assert!(bad.check().is_err());
        let mut bad = ok;
        bad.actual = Some(Actual {
            value: f64::NAN,
            as_of: jiff::civil::date(2026, 1, 1),
        });
        assert!(bad.check().is_err());
    }
}
