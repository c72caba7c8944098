//! One line of a status file: a header or a change record, in compact RON.
//!
//! ```text
//! Header(format_version: 1, plan: "liuzhou-2021-2023")
//! Change(at: "2026-05-14T10:03:27.52+08:00", author: "王芳", item: "p1.t2", owner: "kjj", status: OnTrack, progress: 60, note: "已引进\n两名", id: "9f1c2a7e4b3d5a60")
//! ```
//!
//! Strings are escaped, so a note with line breaks stays on one line and git diffs and
//! merges the file line by line. Every struct rejects unknown fields; the header's version
//! tells a newer file from a damaged one.

use ron::extensions::Extensions;
use serde::Deserialize;

use crate::model::annotation::{
    Field, Header, Record, STATUS_BASE_VERSION, STATUS_FORMAT_VERSION, Stamp, Status,
};
use crate::model::meeting::{DecisionRecord, Event, MeetingRecord};

/// The longest note a change may carry, in bytes of UTF-8: 64 KiB, some 20,000 Chinese
/// characters — more than a meeting note ever needs, and small enough that no handful of
/// notes can push a status file past what a reader accepts. `status set` and the browser
/// are held to it when they write; a longer note already in a file is still read.
pub const MAX_NOTE_BYTES: usize = 64 * 1024;

/// Lines must be stamped before this year. The clock ends in the year 9999; a time this
/// late is a clock or a hand edit gone wrong, and one at the very end would leave no later
/// time for the next change (which then could lose to it).
pub const LAST_YEAR: i16 = 9000;
/// 9000-01-01T00:00:00Z in seconds since 1970 (a test checks it).
const LAST_YEAR_STARTS: i64 = 221_845_392_000;

/// Whether a line's time is before [`LAST_YEAR`].
pub fn check_time(at: Stamp) -> Result<(), String> {
    if at.timestamp().as_second() >= LAST_YEAR_STARTS {
        return Err(format!(
            "its time {at} is past the year {LAST_YEAR}: a clock or an edit went wrong"
        ));
    }
    Ok(())
}

/// What a record line must be to be read: [`Record::check`], and a time before the end of
/// the clock.
pub fn check_record(record: &Record) -> Result<(), String> {
    record.check()?;
    check_time(record.at)
}

/// What a change must be to be written: readable ([`check_record`]), and a note of at most
/// [`MAX_NOTE_BYTES`].
pub fn check_new_record(record: &Record) -> Result<(), String> {
    check_record(record)?;
    if let Some(note) = &record.note
        && note.len() > MAX_NOTE_BYTES
    {
        return Err(note_too_long(note.len()));
    }
    for field in Field::REPORT {
        if let Some(text) = record.text(field)
            && text.len() > MAX_NOTE_BYTES
        {
            return Err(format!("{}: {}", field.name(), note_too_long(text.len())));
        }
    }
    Ok(())
}

/// The message for a note of `bytes` bytes, past [`MAX_NOTE_BYTES`].
pub fn note_too_long(bytes: usize) -> String {
    format!(
        "the note is {bytes} bytes; a note may be at most {MAX_NOTE_BYTES} bytes (64 KiB, \
         some 20,000 Chinese characters)"
    )
}

/// What a meeting or decision line must be, to be read or written.
pub fn check_event(event: &Event) -> Result<(), String> {
    event.check()?;
    check_time(event.at())
}

/// Deep nesting is never valid here; a low limit keeps hostile lines cheap.
const RECURSION_LIMIT: usize = 16;

fn options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(RECURSION_LIMIT)
}

fn one_line() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .new_line("")
        .indentor("")
        .struct_names(true)
        .compact_arrays(true)
        .compact_structs(true)
        .compact_maps(true)
}

fn encode<T: serde::Serialize>(value: &T) -> Result<String, String> {
    let text = options()
        .to_string_pretty(value, one_line())
        .map_err(|e| format!("cannot encode a status record: {e}"))?;
    // ron escapes control characters in strings; this guards the one-line promise.
    if text.contains(['\n', '\r']) {
        return Err("internal error: an encoded status record spans lines".into());
    }
    Ok(text)
}

/// The status format a change line needs: [`STATUS_BASE_VERSION`], unless it uses what
/// format 1 did not have — a report field (进展情况, 存在问题, 下一步计划) set or cleared, or
/// the form it came from (`source`) — then 2. A file gains a header of that version
/// before its first such line: a planmeet that reads only format 1 then refuses to write
/// to the file and says it is newer, instead of skipping those lines as damaged.
pub fn version_needed(record: &Record) -> u32 {
    let report = record.progress_text().is_some()
        || record.problems().is_some()
        || record.next_steps().is_some()
        || record.source().is_some()
        || record.clear().iter().any(|f| Field::REPORT.contains(f));
    if report { 2 } else { STATUS_BASE_VERSION }
}

/// The format a meeting event needs: 2 for what format 1 did not have (a meeting's chair,
/// recorder, place and time; a decision's due date cleared), so an older planmeet refuses
/// the file as newer instead of skipping the line as damaged.
pub fn event_version_needed(event: &crate::model::meeting::Event) -> u32 {
    use crate::model::meeting::{Event, MeetingEvent};
    let newer = match event {
        Event::Meeting(m) => {
            matches!(&m.event, MeetingEvent::Open { details, .. } if !details.is_empty())
        }
        Event::Decision(d) => d.clear_due,
    };
    if newer { 2 } else { STATUS_BASE_VERSION }
}

/// `Change(…)`, without a line end.
///
/// Written here rather than by ron's serializer, which escapes each character of a string
/// through `char::escape_debug` — a Unicode table lookup per Chinese character, most of
/// the time of writing a large file (`planmeet merge`). The output is ron's, byte for byte
/// (a test compares them); characters whose escape is themselves are copied in runs.
pub fn encode_record(record: &Record) -> Result<String, String> {
    use std::fmt::Write as _;
    let note = record.note.as_ref().map_or(0, |n| n.len());
    let mut out = String::with_capacity(200 + note + note / 16);
    out.push_str("Change(at: ");
    escaped(&mut out, &record.at.to_string());
    out.push_str(", author: ");
    escaped(&mut out, &record.author);
    out.push_str(", item: ");
    escaped(&mut out, &record.item);
    if let Some(owner) = &record.owner {
        out.push_str(", owner: ");
        escaped(&mut out, owner);
    }
    if let Some(status) = record.status {
        out.push_str(", status: ");
        out.push_str(status_name(status));
    }
    if let Some(progress) = record.progress {
        let _ = write!(out, ", progress: {progress}");
    }
    if let Some(actual) = &record.actual {
        out.push_str(", actual: Actual(value: ");
        if actual.value.is_nan() && actual.value.is_sign_negative() {
            out.push('-');
        }
        let _ = write!(out, "{:?}, as_of: ", actual.value);
        escaped(&mut out, &actual.as_of.to_string());
        out.push(')');
    }
    if let Some(note) = &record.note {
        out.push_str(", note: ");
        escaped(&mut out, note);
    }
    if record.private {
        out.push_str(", private: true");
    }
    for (name, text) in [
        (", progress_text: ", record.progress_text()),
        (", problems: ", record.problems()),
        (", next_steps: ", record.next_steps()),
    ] {
        if let Some(text) = text {
            out.push_str(name);
            escaped(&mut out, text);
        }
    }
    if !record.clear().is_empty() {
        out.push_str(", clear: [");
        for (i, field) in record.clear().iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(field_name(*field));
        }
        out.push(']');
    }
    if let Some(undoes) = record.undoes() {
        out.push_str(", undoes: ");
        escaped(&mut out, undoes);
    }
    if let Some(meeting) = &record.meeting {
        out.push_str(", meeting: ");
        escaped(&mut out, meeting);
    }
    if let Some(effective) = &record.effective() {
        out.push_str(", effective: ");
        escaped(&mut out, &effective.to_string());
    }
    if let Some(source) = &record.source() {
        out.push_str(", source: ");
        escaped(&mut out, source);
    }
    out.push_str(", id: ");
    escaped(&mut out, &record.id);
    out.push(')');
    // Every control character is escaped; this guards the one-line promise all the same.
    if out.contains(['\n', '\r']) {
        return Err("internal error: an encoded status record spans lines".into());
    }
    Ok(out)
}

/// The variant names serde gives (the types derive `Serialize` without renames).
fn status_name(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "NotStarted",
        Status::OnTrack => "OnTrack",
        Status::AtRisk => "AtRisk",
        Status::Behind => "Behind",
        Status::Done => "Done",
        Status::Deferred => "Deferred",
    }
}

fn field_name(field: Field) -> &'static str {
    match field {
        Field::Status => "Status",
        Field::Progress => "Progress",
        Field::Note => "Note",
        Field::ProgressText => "ProgressText",
        Field::Problems => "Problems",
        Field::NextSteps => "NextSteps",
    }
}

/// Whether `char::escape_debug` gives the character itself, for the characters of most
/// notes: printable ASCII but the quotes and the backslash; CJK ideographs; CJK and
/// full-width punctuation; curly quotes. (A test checks every one of them.) `false` only
/// means "ask `escape_debug`".
fn escapes_to_itself(c: char) -> bool {
    matches!(c,
        ' ' | '!' | '#'..='&' | '('..='[' | ']'..='~'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{3001}'..='\u{3011}'
        | '\u{ff01}'..='\u{ff5e}'
        | '\u{2018}'..='\u{201d}')
}

/// A RON string as ron writes it: `"`, each character through `char::escape_debug`, `"`.
fn escaped(out: &mut String, value: &str) {
    out.push('"');
    let mut run = 0;
    for (at, c) in value.char_indices() {
        if !escapes_to_itself(c) {
            out.push_str(&value[run..at]);
            out.extend(c.escape_debug());
            run = at + c.len_utf8();
        }
    }
    out.push_str(&value[run..]);
    out.push('"');
}

/// `Meeting(…)` or `Decision(…)`, without a line end. (Rare lines: ron writes them.)
pub fn encode_event(event: &Event) -> Result<String, String> {
    match event {
        Event::Meeting(m) => encode(m),
        Event::Decision(d) => encode(d),
    }
}

/// A meeting or decision line.
fn decode_event(text: &str, meeting: bool) -> Result<Line, LineError> {
    let event = if meeting {
        options()
            .from_str::<MeetingRecord>(text)
            .map(Event::Meeting)
    } else {
        options()
            .from_str::<DecisionRecord>(text)
            .map(Event::Decision)
    }
    .map_err(|e| LineError::plain(format!("cannot read the line: {}", ron_message(&e))))?;
    check_event(&event)
        .map_err(|why| LineError::plain(format!("invalid line {}: {why}", event.id())))?;
    Ok(Line::Event(event))
}

/// `Header(…)`, without a line end.
pub fn encode_header(header: &Header) -> Result<String, String> {
    encode(header)
}

/// What one line holds.
#[derive(Debug, Clone, PartialEq)]
// Lines are decoded one at a time and unpacked at once: boxing the record would cost an
// allocation and a copy per line of a 100,000-line file.
#[allow(clippy::large_enum_variant)]
pub enum Line {
    Header(Header),
    Record(Record),
    /// A meeting or decision line.
    Event(Event),
}

/// Why a line could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub message: String,
    /// The line is a header of a newer format than this build reads.
    pub newer_version: Option<u32>,
    /// The line looks like a header (starts with `Header`), readable or not.
    pub header_like: bool,
}

impl LineError {
    fn plain(message: String) -> LineError {
        LineError {
            message,
            newer_version: None,
            header_like: false,
        }
    }
}

/// Just enough of a header to learn its version, whatever else a newer one holds.
#[derive(Deserialize)]
#[serde(rename = "Header")]
struct VersionProbe {
    format_version: u32,
}

fn ron_message(e: &ron::error::SpannedError) -> String {
    format!("{} (column {})", e.code, e.span.start.col)
}

/// Reads one line (without its line end).
pub fn decode_line(text: &str) -> Result<Line, LineError> {
    let trimmed = text.trim_start();
    if trimmed.starts_with("Header") {
        return match options().from_str::<Header>(text) {
            Ok(header) if header.format_version > STATUS_FORMAT_VERSION => Err(LineError {
                message: format!(
                    "header of status format {}, newer than this planmeet reads ({STATUS_FORMAT_VERSION})",
                    header.format_version
                ),
                newer_version: Some(header.format_version),
                header_like: true,
            }),
            Ok(header) => Ok(Line::Header(header)),
            Err(e) => {
                let newer = options()
                    .from_str::<VersionProbe>(text)
                    .ok()
                    .map(|p| p.format_version)
                    .filter(|&v| v > STATUS_FORMAT_VERSION);
                let message = match newer {
                    Some(v) => format!(
                        "header of status format {v}, newer than this planmeet reads ({STATUS_FORMAT_VERSION})"
                    ),
                    None => format!("cannot read the header: {}", ron_message(&e)),
                };
                Err(LineError {
                    message,
                    newer_version: newer,
                    header_like: true,
                })
            }
        };
    }
    for (name, meeting) in [("Meeting(", true), ("Decision(", false)] {
        if trimmed.starts_with(name) {
            return decode_event(text, meeting);
        }
    }
    if !trimmed.starts_with("Change") {
        let shown: String = trimmed.chars().take(24).collect();
        return Err(LineError::plain(format!(
            "not a status record (it starts with {shown:?})"
        )));
    }
    let record: Record = match fast::record(text) {
        Some(record) => record,
        None => options().from_str(text).map_err(|e| {
            LineError::plain(format!("cannot read the record: {}", ron_message(&e)))
        })?,
    };
    check_record(&record)
        .map_err(|why| LineError::plain(format!("invalid record {}: {why}", record.id)))?;
    Ok(Line::Record(record))
}

/// The two readers of a change line side by side, for the fuzz target and the tests that
/// run it: the fast path must only ever agree with ron.
#[doc(hidden)]
pub mod differential {
    use super::{Line, Record, decode_line, fast, options};

    /// The fast path's reading of a line, if it takes it.
    pub fn fast_record(text: &str) -> Option<Record> {
        fast::record(text)
    }

    /// ron's reading of a line.
    pub fn ron_record(text: &str) -> Option<Record> {
        options().from_str(text).ok()
    }

    /// Checks one line: [`decode_line`] does not panic; what the fast path reads, ron reads
    /// the same; what this build writes of a record read, both read back as that record.
    /// Panics (with the line) when they disagree.
    #[allow(clippy::expect_used)] // A fuzz check: a panic is how it reports a finding.
    pub fn check_line(text: &str) {
        let decoded = decode_line(text);
        if let Ok(Line::Record(record)) = &decoded {
            let line = super::encode_record(record).expect("a record read can be written");
            match decode_line(&line) {
                Ok(Line::Record(again)) => assert!(same(record, &again), "{text:?} → {line:?}"),
                other => panic!("{text:?} was read, but not what it writes: {other:?}"),
            }
            if let Some(fast) = fast::record(&line)
                && !same(&fast, record)
            {
                panic!("the fast path misreads {line:?}");
            }
        }
        let Some(fast) = fast::record(text) else {
            return;
        };
        match options().from_str::<Record>(text) {
            Ok(slow) => assert!(
                same(&fast, &slow),
                "the fast path and ron disagree on {text:?}:\n{fast:?}\n{slow:?}"
            ),
            Err(e) => panic!("the fast path reads {text:?}, which ron refuses: {e}"),
        }
    }

    /// Lines as this build writes them (records of every shape, a header): what the fuzz
    /// target and the tests mutate, so that most inputs are near a real line.
    #[allow(clippy::expect_used)] // Fixed, valid times: checked by the tests that use them.
    pub fn sample_lines() -> Vec<String> {
        use crate::model::annotation::{Actual, Field, Header, RecordExtra, Stamp, Status};
        let full = Record {
            at: Stamp::parse("2026-05-14T10:03:27.52+08:00").expect("a time"),
            author: "王芳 \"Wang\"".into(),
            item: "p1.t2".into(),
            owner: Some("kjj".into()),
            status: Some(Status::OnTrack),
            progress: Some(60),
            actual: Some(Actual {
                value: -12.5,
                as_of: jiff::civil::date(2026, 5, 1),
            }),
            note: Some("第一行\n第二行\t\u{1b}[31m\\ 完".into()),
            private: false,
            meeting: Some("2026-05 调度会".into()),
            id: "9f1c2a7e4b3d5a60".into(),
            extra: RecordExtra {
                progress_text: Some("已完成\n两项".into()),
                problems: Some("资金\"未\"到位".into()),
                next_steps: Some("月底前交付".into()),
                undoes: Some("0123456789abcdef".into()),
                effective: Some(jiff::civil::date(2026, 5, 13)),
                source: Some("市科技局.xlsx · 2026-05-13".into()),
                ..RecordExtra::default()
            }
            .boxed(),
        };
        let mut minimal = full.clone();
        minimal.owner = None;
        minimal.status = None;
        minimal.progress = None;
        minimal.actual = None;
        minimal.note = None;
        minimal.extra_mut().undoes = None;
        minimal.meeting = None;
        minimal.extra_mut().effective = None;
        minimal.extra_mut().source = None;
        minimal.extra_mut().progress_text = None;
        minimal.extra_mut().problems = None;
        minimal.extra_mut().next_steps = None;
        minimal.extra_mut().clear =
            vec![Field::Status, Field::Progress, Field::Note, Field::Problems];
        let mut private = full.clone();
        private.private = true;
        private.extra_mut().clear = vec![];
        let mut plain = minimal.clone();
        plain.extra_mut().clear = vec![];
        plain.status = Some(Status::Deferred);
        plain.at = Stamp::parse("2026-05-14T10:03:27Z").expect("a time");
        let mut lines: Vec<String> = [full, minimal, private, plain]
            .iter()
            .filter_map(|r| super::encode_record(r).ok())
            .collect();
        lines.extend(super::encode_header(&Header::new("liuzhou-2021-2023")));
        lines
    }

    /// `base` with `remove` characters from character `at` on replaced by `insert` (`at`
    /// past the end is the end).
    pub fn mutate(base: &str, at: usize, remove: usize, insert: &str) -> String {
        let chars: Vec<char> = base.chars().collect();
        let at = at.min(chars.len());
        let end = (at + remove).min(chars.len());
        let mut out: String = chars[..at].iter().collect();
        out.push_str(insert);
        out.extend(&chars[end..]);
        out
    }

    fn same(a: &Record, b: &Record) -> bool {
        // Field by field (f64 by bits: a NaN is read as the same NaN).
        Record::canonical_cmp(a, b) == std::cmp::Ordering::Equal
            && a.actual.as_ref().map(|x| x.value.to_bits())
                == b.actual.as_ref().map(|x| x.value.to_bits())
    }
}

/// The exact form this build writes, read without ron (three to four times faster on a
/// file of 100,000 records). Any deviation at all — another field order or spacing, an
/// escape or a number written another way, a comment — returns `None`, and ron reads the
/// line instead, or says what is wrong with it. So this path can only ever agree with ron;
/// the tests check that it does.
mod fast {
    use crate::model::annotation::{Actual, Field, Name, Record, RecordExtra, Stamp, Status, Text};

    /// Where the first `"` or `\\` is, eight bytes at a time: the search that ends every
    /// string, mostly over Chinese text (whose bytes are never ASCII). One pass instead of
    /// a search for the quote and then another for a backslash before it.
    pub(super) fn quote_or_backslash(bytes: &[u8]) -> Option<usize> {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // High bit set in each byte of `word` equal to `byte`; bits above the first such
        // byte may be set wrongly (a borrow), never below it, so the lowest one is exact.
        let equal = |word: u64, byte: u8| {
            let x = word ^ (ONES * u64::from(byte));
            x.wrapping_sub(ONES) & !x & HIGH
        };
        let mut chunks = bytes.chunks_exact(8);
        let mut at = 0;
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            let found = equal(word, b'"') | equal(word, b'\\');
            if found != 0 {
                return Some(at + (found.trailing_zeros() / 8) as usize);
            }
            at += 8;
        }
        chunks
            .remainder()
            .iter()
            .position(|&b| b == b'"' || b == b'\\')
            .map(|p| at + p)
    }

    struct Cursor<'a> {
        bytes: &'a [u8],
        text: &'a str,
        at: usize,
    }

    impl<'a> Cursor<'a> {
        fn eat(&mut self, literal: &str) -> bool {
            let ok = self.bytes[self.at..].starts_with(literal.as_bytes());
            if ok {
                self.at += literal.len();
            }
            ok
        }

        fn string(&mut self) -> Option<String> {
            if !self.eat("\"") {
                return None;
            }
            let start = self.at;
            // The closing quote, if nothing is escaped before it: one pass over the text.
            let end = quote_or_backslash(&self.bytes[start..])?;
            if self.bytes[start + end] == b'"' {
                self.at = start + end + 1;
                return Some(self.text[start..start + end].to_owned());
            }
            // Copy the runs between escapes whole; `"` and `\\` are ASCII, so every cut is
            // on a character boundary.
            let mut out = String::with_capacity(2 * end + 64);
            let mut at = start;
            loop {
                let run = quote_or_backslash(&self.bytes[at..])?;
                out.push_str(&self.text[at..at + run]);
                at += run;
                if self.bytes[at] == b'"' {
                    self.at = at + 1;
                    // The room guessed for the escapes is given back: a history's notes
                    // are most of its strings, and each would keep up to twice its size.
                    out.shrink_to_fit();
                    return Some(out);
                }
                let escaped = *self.bytes.get(at + 1)?;
                at += 2;
                out.push(match escaped {
                    b'"' => '"',
                    b'\'' => '\'',
                    b'\\' => '\\',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'0' => '\0',
                    b'u' => {
                        if self.bytes.get(at) != Some(&b'{') {
                            return None;
                        }
                        let close = self.bytes[at..].iter().take(8).position(|&b| b == b'}')?;
                        let digits = &self.text[at + 1..at + close];
                        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                            return None;
                        }
                        at += close + 1;
                        char::from_u32(u32::from_str_radix(digits, 16).ok()?)?
                    }
                    _ => return None,
                });
            }
        }

        /// A short string (an id, a name): kept inline when it fits, with no allocation.
        fn name(&mut self) -> Option<Name> {
            let start = self.at;
            if let Some(plain) = self.plain() {
                return Some(Name::from(plain));
            }
            self.at = start;
            self.string().map(|s| Name::from(s.as_str()))
        }

        /// A string without escapes, borrowed.
        fn plain(&mut self) -> Option<&'a str> {
            if !self.eat("\"") {
                return None;
            }
            let start = self.at;
            let end = quote_or_backslash(&self.bytes[start..])?;
            if self.bytes[start + end] != b'"' {
                return None;
            }
            self.at = start + end + 1;
            Some(&self.text[start..start + end])
        }

        fn word(&mut self) -> &'a str {
            let start = self.at;
            while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_alphabetic() {
                self.at += 1;
            }
            &self.text[start..self.at]
        }

        fn digits(&mut self) -> &'a str {
            let start = self.at;
            while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_digit() {
                self.at += 1;
            }
            &self.text[start..self.at]
        }

        fn progress(&mut self) -> Option<u8> {
            let digits = self.digits();
            if digits.is_empty()
                || digits.len() > 3
                || (digits.len() > 1 && digits.starts_with('0'))
            {
                return None;
            }
            digits.parse().ok()
        }

        /// `-12.5`, `88.0`: what `{:?}` writes for ordinary values (no exponent).
        fn float(&mut self) -> Option<f64> {
            let start = self.at;
            self.eat("-");
            let whole = self.digits();
            if whole.is_empty() || (whole.len() > 1 && whole.starts_with('0')) || !self.eat(".") {
                return None;
            }
            if self.digits().is_empty() {
                return None;
            }
            self.text[start..self.at].parse().ok()
        }

        /// `, name: `, consumed; the name, or `""` if what follows is not a field.
        fn next_field(&mut self) -> &'a str {
            let bytes = self.bytes;
            let start = self.at + 2;
            if bytes.get(self.at..start) != Some(b", ") {
                return "";
            }
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_lowercase() || bytes[end] == b'_') {
                end += 1;
            }
            if end == start || bytes.get(end..end + 2) != Some(b": ") {
                return "";
            }
            self.at = end + 2;
            &self.text[start..end]
        }
    }

    fn status(word: &str) -> Option<Status> {
        Some(match word {
            "NotStarted" => Status::NotStarted,
            "OnTrack" => Status::OnTrack,
            "AtRisk" => Status::AtRisk,
            "Behind" => Status::Behind,
            "Done" => Status::Done,
            "Deferred" => Status::Deferred,
            _ => return None,
        })
    }

    fn field(word: &str) -> Option<Field> {
        Some(match word {
            "Status" => Field::Status,
            "Progress" => Field::Progress,
            "Note" => Field::Note,
            "ProgressText" => Field::ProgressText,
            "Problems" => Field::Problems,
            "NextSteps" => Field::NextSteps,
            _ => return None,
        })
    }

    pub(super) fn record(text: &str) -> Option<Record> {
        let mut c = Cursor {
            bytes: text.as_bytes(),
            text,
            at: 0,
        };
        if !c.eat("Change(at: ") {
            return None;
        }
        let at = Stamp::parse(c.plain()?).ok()?;
        if !c.eat(", author: ") {
            return None;
        }
        let author = c.name()?;
        if !c.eat(", item: ") {
            return None;
        }
        let item = c.name()?;
        // The optional fields in the order they are written, each at most once; `id` last.
        let mut name = c.next_field();
        let owner = if name == "owner" {
            let value = c.name()?;
            name = c.next_field();
            Some(value)
        } else {
            None
        };
        let status = if name == "status" {
            let value = status(c.word())?;
            name = c.next_field();
            Some(value)
        } else {
            None
        };
        let progress = if name == "progress" {
            let value = c.progress()?;
            name = c.next_field();
            Some(value)
        } else {
            None
        };
        let actual = if name == "actual" {
            if !c.eat("Actual(value: ") {
                return None;
            }
            let value = c.float()?;
            if !c.eat(", as_of: ") {
                return None;
            }
            let as_of = c.plain()?.parse().ok()?;
            if !c.eat(")") {
                return None;
            }
            name = c.next_field();
            Some(Actual { value, as_of })
        } else {
            None
        };
        let note = if name == "note" {
            let value = c.string()?;
            name = c.next_field();
            Some(value)
        } else {
            None
        };
        // 进展情况, 存在问题, 下一步计划, in the order they are written.
        let mut texts: [Option<String>; 3] = [None, None, None];
        for (slot, field) in texts
            .iter_mut()
            .zip(["progress_text", "problems", "next_steps"])
        {
            if name == field {
                *slot = Some(c.string()?);
                name = c.next_field();
            }
        }
        let [progress_text, problems, next_steps] = texts;
        let mut clear = Vec::new();
        if name == "clear" {
            if !c.eat("[") {
                return None;
            }
            loop {
                clear.push(field(c.word())?);
                if c.eat("]") {
                    break;
                }
                if !c.eat(", ") {
                    return None;
                }
            }
            name = c.next_field();
        }
        let undoes = if name == "undoes" {
            let value = c.name()?;
            name = c.next_field();
            Some(value)
        } else {
            None
        };
        let meeting = if name == "meeting" {
            let value = c.name()?;
            name = c.next_field();
            Some(value)
        } else {
            None
        };
        let effective = if name == "effective" {
            let value = c.plain()?.parse().ok()?;
            name = c.next_field();
            Some(value)
        } else {
            None
        };
        let source = if name == "source" {
            let value = c.string()?;
            name = c.next_field();
            Some(value)
        } else {
            None
        };
        if name != "id" {
            return None;
        }
        let id = c.name()?;
        if !c.eat(")") || c.at != text.len() {
            return None;
        }
        Some(Record {
            at,
            author,
            item,
            owner,
            status,
            progress,
            actual,
            note: note.map(Text::from),
            // A private note's line names `private` and is read by ron instead.
            private: false,
            meeting,
            id,
            extra: RecordExtra {
                progress_text: progress_text.map(Text::from),
                problems: problems.map(Text::from),
                next_steps: next_steps.map(Text::from),
                clear,
                undoes,
                effective,
                source,
            }
            .boxed(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::annotation::{Actual, Field, Name, RecordExtra, Stamp, Status, Text};

    pub(crate) fn sample() -> Record {
        Record {
            at: Stamp::parse("2026-05-14T10:03:27.52+08:00").unwrap(),
            author: "王芳 \"Wang\"".into(),
            item: "p1.t2".into(),
            owner: Some("kjj".into()),
            status: Some(Status::OnTrack),
            progress: Some(60),
            actual: Some(Actual {
                value: 12.5,
                as_of: jiff::civil::date(2026, 5, 1),
            }),
            note: Some("第一行\n第二行\r\n\t\u{1b}[31m\u{2028}\u{85}\\ 完".into()),
            private: false,
            meeting: Some("2026-05 调度会".into()),
            id: "9f1c2a7e4b3d5a60".into(),
            extra: RecordExtra {
                progress_text: Some("完成两项\n\"三\"项".into()),
                problems: Some("资金未到位\u{1b}".into()),
                next_steps: Some("月底前交付".into()),
                undoes: Some("0123456789abcdef".into()),
                effective: Some(jiff::civil::date(2026, 5, 13)),
                source: Some("市科技局.xlsx · 2026-05-13".into()),
                ..RecordExtra::default()
            }
            .boxed(),
        }
    }

    #[test]
    fn a_record_round_trips_on_one_line() {
        let record = sample();
        let line = encode_record(&record).unwrap();
        assert!(!line.contains('\n') && !line.contains('\r'), "{line}");
        assert!(line.starts_with("Change(at: \"2026-05-14T10:03:27.52+08:00\", author:"));
        // Chinese stays readable in the file; only controls are escaped.
        assert!(line.contains("第一行\\n第二行"), "{line}");
        assert!(line.contains("status: OnTrack, progress: 60"), "{line}");
        assert_eq!(decode_line(&line), Ok(Line::Record(record.clone())));

        let mut minimal = record;
        minimal.owner = None;
        minimal.progress = None;
        minimal.actual = None;
        minimal.note = None;
        minimal.extra_mut().undoes = None;
        minimal.meeting = None;
        minimal.extra_mut().effective = None;
        minimal.status = None;
        minimal.extra_mut().clear = vec![Field::Status, Field::Note];
        let line = encode_record(&minimal).unwrap();
        assert!(
            !line.contains("owner") && line.contains("clear: [Status, Note]"),
            "{line}"
        );
        assert_eq!(decode_line(&line), Ok(Line::Record(minimal)));
    }

    /// What a history is made of costs no allocation per record for its short names, and
    /// a string with escapes keeps no spare room: the memory of a 100,000-record history.
    #[test]
    fn short_names_are_inline_and_escaped_text_is_kept_tight() {
        let mut record = sample();
        record.private = false;
        record.note = Some(format!("{}\n“引号” \"quoted\"", "推进".repeat(40)).into());
        let line = encode_record(&record).unwrap();
        assert!(line.contains("\\n") && line.contains("\\\""), "{line}");
        let Some(read) = fast::record(&line) else {
            panic!("the fast path reads its own line: {line}");
        };
        assert_eq!(read, record);
        for name in [&read.id, &read.author, &read.item] {
            assert!(!name.is_heap_allocated(), "{name:?} allocated");
        }
        for name in [read.owner.as_ref(), read.undoes(), read.meeting.as_ref()] {
            assert!(!name.unwrap().is_heap_allocated(), "{name:?} allocated");
        }
        // The note is a `Text` (`Arc<str>`): its bytes and nothing more, whatever room
        // reading it took.
        assert_eq!(read.note.as_deref(), record.note.as_deref());
    }

    #[test]
    fn report_fields_round_trip_and_old_lines_read_without_them() {
        let record = sample();
        let line = encode_record(&record).unwrap();
        assert!(
            line.contains(r#"progress_text: "完成两项\n\"三\"项", problems: "#),
            "{line}"
        );
        // The fast path reads what it writes, and agrees with ron.
        let mut public = record.clone();
        public.private = false;
        let line = encode_record(&public).unwrap();
        assert_eq!(fast::record(&line), Some(public.clone()));
        assert_eq!(by_ron(&line), Some(public));
        // A line written before the fields existed still reads, with none of them set.
        let old = r#"Change(at: "2026-05-14T10:03:27+08:00", author: "王芳", item: "p1.t2", note: "旧", id: "0a")"#;
        let Ok(Line::Record(old)) = decode_line(old) else {
            panic!("an old line is read");
        };
        assert!(
            old.progress_text().is_none() && old.problems().is_none() && old.next_steps().is_none()
        );
        // Clearing them is written and read back.
        let mut cleared = old.clone();
        cleared.note = None;
        cleared.extra_mut().clear = vec![Field::ProgressText, Field::NextSteps];
        let line = encode_record(&cleared).unwrap();
        assert!(line.contains("clear: [ProgressText, NextSteps]"), "{line}");
        assert_eq!(decode_line(&line), Ok(Line::Record(cleared)));
        // Each is held to the note's length.
        let mut long = old;
        long.extra_mut().problems = Some("问".repeat(MAX_NOTE_BYTES).into());
        assert!(check_new_record(&long).unwrap_err().contains("problems"));
    }

    #[test]
    fn the_last_year_starts_when_its_constant_says() {
        let start = jiff::tz::Offset::UTC
            .to_timestamp(
                jiff::civil::date(LAST_YEAR, 1, 1).to_datetime(jiff::civil::Time::midnight()),
            )
            .unwrap();
        assert_eq!(start.as_second(), LAST_YEAR_STARTS);
        let at = |text: &str| Stamp::parse(text).unwrap();
        assert!(check_time(at("8999-12-31T23:59:59.999999999Z")).is_ok());
        assert!(check_time(at("9000-01-01T00:00:00Z")).is_err());
        let mut record = sample();
        record.at = at("9999-12-30T22:00:00.999999999Z");
        let line = encode_record(&record).unwrap();
        let error = decode_line(&line).unwrap_err();
        assert!(
            error.message.contains("past the year 9000"),
            "{}",
            error.message
        );
    }

    #[test]
    fn the_characters_copied_as_they_are_are_their_own_escapes() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if escapes_to_itself(c) {
                assert_eq!(c.escape_debug().to_string(), c.to_string(), "{:?}", c);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// The record writer writes what ron writes, byte for byte.
        #[test]
        fn records_are_written_as_ron_writes_them(
            note in proptest::option::of(proptest::prelude::any::<String>()),
            author in proptest::prelude::any::<String>(),
            item in "[\\PC]{0,12}",
            owner in proptest::option::of("[\\PC]{0,6}"),
            status in proptest::option::of(0usize..6),
            progress in proptest::option::of(proptest::prelude::any::<u8>()),
            value in proptest::option::of(proptest::prelude::any::<f64>()),
            clear in proptest::sample::subsequence(vec![Field::Status, Field::Progress, Field::Note], 0..=3),
            undoes in proptest::option::of(proptest::prelude::any::<String>()),
            meeting in proptest::option::of("m20[0-9]{2}-[01][0-9]-[0-3][0-9]|[\\PC]{0,8}"),
            chinese in "[一-龥，。、；：“”（）《》！？ 　\n]{0,40}",
            effective in proptest::option::of(1u8..=28),
            private in proptest::prelude::any::<bool>(),
            texts in proptest::collection::vec(proptest::option::of("[\\PC\n\"\\\\]{0,12}"), 3),
        ) {
            let mut record = sample();
            record.extra_mut().progress_text = texts[0].as_deref().map(Text::from);
            record.extra_mut().problems = texts[1].as_deref().map(Text::from);
            record.extra_mut().next_steps = texts[2].as_deref().map(Text::from);
            record.note = note.map(|n| format!("{chinese}{n}{chinese}").into());
            record.private = private && record.note.is_some();
            record.author = author.into();
            record.item = item.into();
            record.owner = owner.map(Name::from);
            record.status = status.map(|s| Status::ALL[s]);
            record.progress = progress;
            record.actual = value.map(|value| Actual { value, as_of: jiff::civil::date(2026, 5, 1) });
            record.extra_mut().clear = clear;
            record.extra_mut().undoes = undoes.map(Name::from);
            record.meeting = meeting.map(Name::from);
            record.extra_mut().effective = effective.map(|day| jiff::civil::date(2026, 2, day as i8));
            proptest::prop_assert_eq!(encode_record(&record).unwrap(), encode(&record).unwrap());
        }
    }

    #[test]
    fn every_character_stays_on_one_line() {
        let mut record = sample();
        record.note = Some(
            (0u32..0x3000)
                .filter_map(char::from_u32)
                .collect::<String>()
                .into(),
        );
        let line = encode_record(&record).unwrap();
        assert!(!line.contains('\n'));
        assert_eq!(decode_line(&line), Ok(Line::Record(record)));
    }

    #[test]
    fn headers_and_newer_headers() {
        let header = Header::new("liuzhou-2021-2023");
        let line = encode_header(&header).unwrap();
        assert_eq!(
            line,
            "Header(format_version: 1, plan: \"liuzhou-2021-2023\")"
        );
        assert_eq!(decode_line(&line), Ok(Line::Header(header)));
        let newer = decode_line("Header(format_version: 3, plan: \"x\")").unwrap_err();
        assert_eq!(newer.newer_version, Some(3));
        // A newer header may have fields this build does not know: still recognised.
        let newer =
            decode_line("Header(format_version: 4, plan: \"x\", zone: \"CN\")").unwrap_err();
        assert_eq!(newer.newer_version, Some(4));
        assert!(newer.message.contains("newer"), "{}", newer.message);
        let broken = decode_line("Header(format_version: 1, pla").unwrap_err();
        assert!(broken.header_like && broken.newer_version.is_none());
    }

    fn by_ron(text: &str) -> Option<Record> {
        options().from_str(text).ok()
    }

    fn same(a: &Record, b: &Record) -> bool {
        Record::canonical_cmp(a, b) == std::cmp::Ordering::Equal
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// The fast path reads what this build writes, exactly as ron does.
        #[test]
        fn the_fast_path_reads_what_is_written_as_ron_does(
            note in proptest::prelude::any::<String>(),
            author in proptest::prelude::any::<String>(),
            value in proptest::prelude::any::<f64>(),
            progress in 0u8..=100,
            owner in proptest::prelude::any::<bool>(),
        ) {
            let mut record = sample();
            record.note = Some(note.into());
            record.author = author.into();
            record.progress = Some(progress);
            record.actual.as_mut().unwrap().value = value;
            if !owner {
                record.owner = None;
            }
            let line = encode_record(&record).unwrap();
            let fast = fast::record(&line);
            let slow = by_ron(&line);
            if let Some(fast) = &fast {
                proptest::prop_assert!(slow.as_ref().is_some_and(|slow| same(fast, slow)), "{}", line);
            }
            let ordinary = value.is_finite() && !format!("{value:?}").contains('e');
            if ordinary {
                proptest::prop_assert!(fast.is_some_and(|f| same(&f, &record)), "{}", line);
            }
        }

        /// A line changed by one character is read the same by both, or left to ron.
        #[test]
        fn the_fast_path_never_accepts_what_ron_would_not(
            cut in proptest::prelude::any::<proptest::sample::Index>(),
            insert in proptest::prelude::any::<Option<char>>(),
            clear in proptest::prelude::any::<bool>(),
        ) {
            let mut record = sample();
            if clear {
                record.status = None;
                record.extra_mut().clear = vec![Field::Status, Field::Progress];
                record.progress = None;
            }
            let line = encode_record(&record).unwrap();
            let boundaries: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
            let at = boundaries[cut.index(boundaries.len())];
            let mut changed = line.clone();
            match insert {
                Some(c) => changed.insert(at, c),
                None => {
                    changed.remove(at);
                }
            }
            if let Some(fast) = fast::record(&changed) {
                let slow = by_ron(&changed);
                proptest::prop_assert!(slow.as_ref().is_some_and(|slow| same(&fast, slow)), "{}", changed);
            }
        }
    }

    proptest::proptest! {
        /// The word-at-a-time search finds what a byte-by-byte one finds.
        #[test]
        fn quote_or_backslash_is_the_first_of_either(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    1 => proptest::prelude::Just(b'"'),
                    1 => proptest::prelude::Just(b'\\'),
                    10 => proptest::prelude::any::<u8>(),
                    30 => 0x80u8..=0xff,
                ],
                0..80,
            ),
            skip in 0usize..8,
        ) {
            let bytes = &bytes[skip.min(bytes.len())..];
            let naive = bytes.iter().position(|&b| b == b'"' || b == b'\\');
            proptest::prop_assert_eq!(fast::quote_or_backslash(bytes), naive);
        }
    }

    #[test]
    fn the_fast_path_leaves_other_spellings_to_ron() {
        let line = encode_record(&sample()).unwrap();
        assert!(fast::record(&line).is_some());
        for other in [
            line.replacen("progress: 60", "progress: 060", 1),
            line.replacen("value: 12.5", "value: 1.25e1", 1),
            line.replacen(", author:", ",author:", 1),
            line.replacen("第一行", "\\x41", 1),
            format!("{line} // comment"),
            format!(" {line}"),
        ] {
            assert!(fast::record(&other).is_none(), "{other}");
        }
        // ron still reads the ones that are valid RON.
        assert!(decode_line(&line.replacen(", author:", ",author:", 1)).is_ok());
        assert!(decode_line(&format!("{line} // comment")).is_ok());
    }

    #[test]
    fn unknown_fields_and_bad_values_are_errors() {
        let line = encode_record(&sample()).unwrap();
        let extra = line.replacen("author:", "colour: 1, author:", 1);
        assert!(decode_line(&extra).unwrap_err().message.contains("colour"));
        let bad_status = line.replacen("OnTrack", "Fine", 1);
        assert!(decode_line(&bad_status).is_err());
        let bad_progress = line.replacen("progress: 60", "progress: 160", 1);
        assert!(
            decode_line(&bad_progress)
                .unwrap_err()
                .message
                .contains("160")
        );
        assert!(
            decode_line("(plan: 1)")
                .unwrap_err()
                .message
                .contains("not a status record")
        );
        assert!(decode_line("Change(").is_err());
        assert!(decode_line("").is_err());
    }

    #[test]
    fn meeting_details_and_a_cleared_due_date_need_format_2() {
        use crate::model::meeting::{Event, MeetingDetails, MeetingEvent, MeetingRecord};
        let open = |details: MeetingDetails| {
            Event::Meeting(MeetingRecord {
                at: Stamp::parse("2022-06-30T10:00:00+08:00").unwrap(),
                author: "王芳".into(),
                meeting: "m1".into(),
                event: MeetingEvent::Open {
                    title: "推进会".into(),
                    date: jiff::civil::date(2022, 6, 30),
                    attendees: Vec::new(),
                    details,
                },
                id: "e1".into(),
            })
        };
        assert_eq!(event_version_needed(&open(MeetingDetails::default())), 1);
        let chaired = MeetingDetails {
            chair: Some("李四".into()),
            ..MeetingDetails::default()
        };
        assert_eq!(event_version_needed(&open(chaired)), 2);
    }
}
