//! From a status file's bytes to headers, records and problems. Any bytes at all are read
//! without a panic: a line that cannot be read — not UTF-8, not RON, an unknown field, a
//! value out of range — is reported as `FILE:LINE: what` and skipped, and the lines after
//! it are read as usual.

use std::fmt;
use std::io::{self, Read};

use super::format::{Line, decode_line};
use crate::model::annotation::{Header, Record};
use crate::model::meeting::Event;

/// Something wrong with one line of a status file (or, with line 0, the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based; 0 when the problem is not about one line.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// What the first line with content is: whether the file can safely be appended to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum First {
    /// Nothing but blank lines (or nothing at all).
    #[default]
    Nothing,
    Header,
    Record,
    /// Starts like a header but cannot be read.
    DamagedHeader,
    /// Starts like a record but cannot be read.
    DamagedRecord,
    /// Only an incomplete line that starts like a header or a record: the first write tore.
    Torn,
    /// Something that is not a status file.
    Foreign,
}

/// The result of reading some bytes of a status file.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Readable headers, with their line numbers.
    pub headers: Vec<(usize, Header)>,
    pub records: Vec<Record>,
    /// Meeting and decision lines.
    pub events: Vec<Event>,
    pub problems: Vec<Problem>,
    /// The newest format version a header names, readable or not.
    pub newest_version: Option<u32>,
    /// Bytes up to and including the last line end: where a later read resumes.
    pub consumed: usize,
    /// Complete lines in `consumed`.
    pub lines: usize,
    pub first: First,
    /// Line number of bytes after the last line end, if there are any: a line being
    /// written right now, or one a crash cut short.
    pub partial_line: Option<usize>,
    /// Change lines passed over unread because they cannot concern the [`Focus`].
    pub skipped: usize,
}

/// The change lines a reader needs: those that may name one of a few texts (an item id, a
/// record id). Every other line — headers, meetings, decisions, comments, anything that is
/// not a change — and the first line with content are read as always, so what the file is
/// and whether it may be written are decided as for a whole read.
///
/// A change line is passed over only when it cannot spell any of the texts as a string: it
/// holds none of them byte for byte between quotes (as every RON string, raw or not, spells
/// such a text unless it escapes a character) and no `\u` or `\x` escape (the only ways a RON string can spell a
/// letter, digit, `.`, `_` or `-` other than as itself). A text with any other character
/// focuses on nothing: every line is read.
#[derive(Debug, Clone)]
pub struct Focus {
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// The texts themselves, for the status file's line index ([`super::index`]).
    texts: Vec<String>,
}

impl Focus {
    /// `None` when one of `texts` could be spelt in a way the search would miss (or is
    /// empty): then the whole file must be read.
    pub fn new(texts: &[&str]) -> Option<Focus> {
        let plain = |t: &str| {
            !t.is_empty()
                && t.chars().all(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') || !c.is_ascii()
                })
                && !t.chars().any(char::is_control)
        };
        if !texts.iter().all(|t| plain(t)) {
            return None;
        }
        let finders = texts
            .iter()
            // Between quotes: `"p1.t1"` is not found in `"p1.t10"`.
            .map(|t| memchr::memmem::Finder::new(format!("\"{t}\"").as_bytes()).into_owned())
            .collect();
        Some(Focus {
            finders,
            texts: texts.iter().map(|t| (*t).to_owned()).collect(),
        })
    }

    /// The texts focused on.
    pub fn texts(&self) -> &[String] {
        &self.texts
    }

    /// Whether a change line must be read for this focus: it holds one of the texts
    /// between quotes, or a `\u` or `\x` escape.
    pub fn names(&self, raw: &[u8]) -> bool {
        has_escape(raw) || self.finders.iter().any(|f| f.find(raw).is_some())
    }

    /// Where in `bytes` one of the texts starts, in order: one pass over the bytes per
    /// text, instead of a search per line.
    fn hits(&self, bytes: &[u8]) -> Vec<usize> {
        let mut hits: Vec<usize> = self
            .finders
            .iter()
            .flat_map(|f| f.find_iter(bytes))
            .collect();
        hits.sort_unstable();
        hits
    }
}

impl Scan {
    /// The problem to report for an incomplete last line, if there is one.
    pub fn partial_problem(&self, file: &str) -> Option<Problem> {
        self.partial_line.map(|line| Problem {
            file: file.to_owned(),
            line,
            message: "incomplete last line (a write cut short, e.g. by a crash); ignored".into(),
        })
    }
}

/// Below this, one thread reads the whole text; above, the lines are shared out.
const PARALLEL_BYTES: usize = 1 << 20;

/// Whether a line holds a `\u` or `\x` escape: a way to spell a letter, digit, `.`, `_` or
/// `-` of a string other than as itself.
pub fn has_escape(raw: &[u8]) -> bool {
    memchr::memchr_iter(b'\\', raw).any(|at| matches!(raw.get(at + 1), Some(b'u' | b'x')))
}

/// Whether a line is one a focused read may pass over when it does not name the focus:
/// a change line (its first word `Change`).
pub fn is_change_line(raw: &[u8]) -> bool {
    raw.trim_ascii_start().starts_with(b"Change")
}

/// Reads `bytes`, whose first line is line `first_line` of the file (1 for the whole file).
/// Only complete lines (ending in `\n`) are read; what follows the last line end is left
/// for a later read and noted in [`Scan::partial_line`]. A large text is read by several
/// threads, each a run of whole lines; the result is the same as one thread's.
pub fn scan(bytes: &[u8], first_line: usize, file: &str) -> Scan {
    scan_focused(bytes, first_line, file, None, false)
}

/// [`scan`], reading only the change lines that may concern `focus` (all with `None`).
/// `seen_first`: the file's first line with content is before `bytes` (and was read), so a
/// change line here that does not name the focus is passed over even when it is the first
/// of `bytes`.
pub fn scan_focused(
    bytes: &[u8],
    first_line: usize,
    file: &str,
    focus: Option<&Focus>,
    seen_first: bool,
) -> Scan {
    let consumed = memchr::memrchr(b'\n', bytes).map_or(0, |p| p + 1);
    let (complete, rest) = bytes.split_at(consumed);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let mut scan = if let Some(focus) = focus {
        scan_lines_focused(complete, first_line, file, focus, seen_first)
    } else if complete.len() < PARALLEL_BYTES || threads < 2 {
        scan_lines(complete, first_line, file)
    } else {
        // Each run numbers its lines from 1; the numbers are shifted by the lines of the
        // runs before it afterwards.
        let runs = split_at_line_ends(complete, threads);
        let scans: Vec<Option<Scan>> = std::thread::scope(|scope| {
            let handles: Vec<_> = runs
                .iter()
                .map(|&run| scope.spawn(move || scan_lines(run, 1, file)))
                .collect();
            handles.into_iter().map(|h| h.join().ok()).collect()
        });
        let mut all = Scan::default();
        for (i, (part, run)) in scans.into_iter().zip(&runs).enumerate() {
            // A thread cannot fail short of a bug; should one, its run is read here.
            let mut part = part.unwrap_or_else(|| scan_lines(run, 1, file));
            let shift = first_line + all.lines - 1;
            if all.first == First::Nothing {
                all.first = part.first;
            }
            all.newest_version = all.newest_version.max(part.newest_version);
            all.headers
                .extend(part.headers.drain(..).map(|(line, h)| (line + shift, h)));
            if i == 0 {
                all.records = std::mem::take(&mut part.records);
            } else {
                all.records.append(&mut part.records);
            }
            all.events.append(&mut part.events);
            all.problems.extend(part.problems.drain(..).map(|mut p| {
                p.line += shift;
                p
            }));
            all.lines += part.lines;
        }
        all
    };
    scan.consumed = consumed;
    let line = first_line + scan.lines;
    if !rest.iter().all(u8::is_ascii_whitespace) {
        scan.partial_line = Some(line);
        if scan.first == First::Nothing {
            let text = String::from_utf8_lossy(rest);
            let text = text.trim_start_matches('\u{feff}').trim_start();
            scan.first = if text.starts_with("Header") || text.starts_with("Change") {
                First::Torn
            } else {
                First::Foreign
            };
        }
    }
    scan
}

/// `bytes` (complete lines) cut at the line ends nearest `parts` equal shares.
pub(super) fn split_at_line_ends(bytes: &[u8], parts: usize) -> Vec<&[u8]> {
    let mut runs = Vec::with_capacity(parts);
    let mut start = 0;
    for share in 1..=parts {
        let target = (bytes.len() * share / parts).max(start);
        let end = match memchr::memchr(b'\n', &bytes[target..]) {
            Some(p) if share < parts => target + p + 1,
            _ => bytes.len(),
        };
        if end > start {
            runs.push(&bytes[start..end]);
            start = end;
        }
    }
    runs
}

/// A file is read this much at a time: the buffer's pages are reused from block to block,
/// instead of the whole file's bytes being held (and faulted in) beside its records.
const BLOCK_BYTES: usize = 4 << 20;
/// The block of a [`Focus`]ed read.
const FOCUSED_BLOCK_BYTES: usize = 256 << 10;

/// Reads everything `reader` gives (the rest of a file from a line start, whose first line
/// is line `first_line`), a block at a time, each block's complete lines scanned as
/// [`scan`] scans them: the result is the same as [`scan`] over all the bytes. `expected`
/// is how many bytes there probably are (the file's length), to size the buffer.
pub fn scan_reader(
    reader: impl Read,
    expected: usize,
    first_line: usize,
    file: &str,
) -> io::Result<Scan> {
    scan_blocks(reader, expected, first_line, file, BLOCK_BYTES, None, false)
}

/// [`scan_reader`], reading only the change lines that may concern `focus`; `seen_first`
/// as for [`scan_focused`].
pub fn scan_reader_focused(
    reader: impl Read,
    expected: usize,
    first_line: usize,
    file: &str,
    focus: Option<&Focus>,
    seen_first: bool,
) -> io::Result<Scan> {
    scan_blocks(
        reader,
        expected,
        first_line,
        file,
        BLOCK_BYTES,
        focus,
        seen_first,
    )
}

fn scan_blocks(
    mut reader: impl Read,
    expected: usize,
    first_line: usize,
    file: &str,
    block: usize,
    focus: Option<&Focus>,
    seen_first: bool,
) -> io::Result<Scan> {
    let mut all = Scan::default();
    // Room for every record at once (lines take 100 to 300 bytes): grown block by block,
    // the list would be copied at each doubling and leave the old copies' memory behind.
    // Room not used is never touched, so it costs no memory.
    if focus.is_none() {
        all.records.reserve(expected / 128);
    }
    // Only a few lines of a focused read are kept: small blocks stay in the cache, and
    // their pages are few.
    let block = if focus.is_some() {
        block.min(FOCUSED_BLOCK_BYTES)
    } else {
        block
    };
    let mut pending: Vec<u8> = Vec::with_capacity(expected.min(block) + 1);
    loop {
        let read = (&mut reader).take(block as u64).read_to_end(&mut pending)?;
        if read == 0 {
            // The end: what is left has no line end (or is nothing).
            let seen = seen_first || all.first != First::Nothing;
            let rest = scan_focused(&pending, first_line + all.lines, file, focus, seen);
            absorb(&mut all, rest);
            return Ok(all);
        }
        let Some(last) = memchr::memrchr(b'\n', &pending) else {
            // A line longer than a block: read on until it ends.
            continue;
        };
        let seen = seen_first || all.first != First::Nothing;
        let part = scan_focused(&pending[..=last], first_line + all.lines, file, focus, seen);
        absorb(&mut all, part);
        pending.drain(..=last);
    }
}

/// Adds the scan of the bytes after those of `all` (its lines numbered after them).
pub(super) fn absorb(all: &mut Scan, mut part: Scan) {
    if all.first == First::Nothing {
        all.first = part.first;
    }
    all.newest_version = all.newest_version.max(part.newest_version);
    all.headers.append(&mut part.headers);
    all.records.append(&mut part.records);
    all.events.append(&mut part.events);
    all.problems.append(&mut part.problems);
    all.consumed += part.consumed;
    all.lines += part.lines;
    all.skipped += part.skipped;
    all.partial_line = part.partial_line;
}

/// [`scan_lines`] for a [`Focus`]: each line is split off as bytes; a change line that
/// cannot concern the focus is counted and passed over (neither checked as UTF-8 nor
/// decoded); every other line is read as [`scan_lines`] reads it.
fn scan_lines_focused(
    complete: &[u8],
    first_line: usize,
    file: &str,
    focus: &Focus,
    seen_first: bool,
) -> Scan {
    let mut scan = Scan::default();
    let mut line = first_line;
    let mut start = 0;
    let hits = focus.hits(complete);
    let mut next_hit = hits.iter().copied().peekable();
    // Line ends and backslashes in one pass: a `\u` or `\x` makes its line one to read.
    let mut escaped = false;
    for end in memchr::memchr2_iter(b'\n', b'\\', complete) {
        if complete[end] == b'\\' {
            escaped |= matches!(complete.get(end + 1), Some(b'u' | b'x'));
            continue;
        }
        let raw = &complete[start..end];
        // The texts found before this line's end: those in it, when not before it.
        let mut named = std::mem::take(&mut escaped);
        while let Some(hit) = next_hit.next_if(|&hit| hit < end) {
            named |= hit >= start;
        }
        start = end + 1;
        let seen = seen_first || scan.first != First::Nothing;
        if seen && !named && is_change_line(raw) {
            scan.skipped += 1;
        } else {
            read_raw_line(&mut scan, raw, line, file);
        }
        line += 1;
    }
    scan.lines = line - first_line;
    scan
}

/// A line that may not be UTF-8: read when it is, reported and left alone when not.
pub(super) fn read_raw_line(scan: &mut Scan, raw: &[u8], line: usize, file: &str) {
    match std::str::from_utf8(raw) {
        Ok(text) => read_line(scan, text, line, file),
        Err(e) => {
            scan.problems.push(not_utf8(file, line, &e));
            note_first(scan, First::Foreign);
        }
    }
}

fn not_utf8(file: &str, line: usize, e: &std::str::Utf8Error) -> Problem {
    Problem {
        file: file.to_owned(),
        line,
        message: format!(
            "not UTF-8 text (a bad byte after {} bytes); line skipped, left in the file as it is",
            e.valid_up_to()
        ),
    }
}

fn bytecount_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Reads complete lines (the text ends with a line end, or is empty).
fn scan_lines(complete: &[u8], first_line: usize, file: &str) -> Scan {
    let mut scan = Scan::default();
    // Records take 100 to 300 bytes a line: reserve for the short ones, grow rarely.
    scan.records.reserve(complete.len() / 128);
    let mut line = first_line;
    // Valid UTF-8 is the rule: split it as text (the search for '\n' is vectorised); a file
    // with a bad byte somewhere is split as bytes, each line checked on its own.
    match std::str::from_utf8(complete) {
        Ok(text) => {
            for raw in text.split_terminator('\n') {
                read_line(&mut scan, raw, line, file);
                line += 1;
            }
        }
        Err(_) => {
            for raw in complete
                .split(|&b| b == b'\n')
                .take(bytecount_newlines(complete))
            {
                read_raw_line(&mut scan, raw, line, file);
                line += 1;
            }
        }
    }
    scan.lines = line - first_line;
    scan
}

pub(super) fn note_first(scan: &mut Scan, what: First) {
    if scan.first == First::Nothing {
        scan.first = what;
    }
}

fn read_line(scan: &mut Scan, raw: &str, line: usize, file: &str) {
    let text = raw.strip_suffix('\r').unwrap_or(raw);
    // A byte order mark is what some editors put first; it is no part of the record.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.starts_with("//") {
        return;
    }
    match decode_line(text) {
        Ok(Line::Header(header)) => {
            note_first(scan, First::Header);
            scan.newest_version = scan.newest_version.max(Some(header.format_version));
            scan.headers.push((line, header));
        }
        Ok(Line::Record(record)) => {
            note_first(scan, First::Record);
            scan.records.push(record);
        }
        Ok(Line::Event(event)) => {
            note_first(scan, First::Record);
            scan.events.push(event);
        }
        Err(error) => {
            let what = if error.header_like {
                First::DamagedHeader
            } else if ["Change", "Meeting(", "Decision("]
                .iter()
                .any(|kind| trimmed.starts_with(kind))
            {
                First::DamagedRecord
            } else {
                First::Foreign
            };
            note_first(scan, what);
            scan.newest_version = scan.newest_version.max(error.newer_version);
            let message = if error.newer_version.is_some() {
                error.message
            } else {
                format!("{}; line skipped, left in the file as it is", error.message)
            };
            scan.problems.push(Problem {
                file: file.to_owned(),
                line,
                message,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::annotation::{Change, Key, Stamp, Status};
    use crate::store::status::format::{encode_header, encode_record};

    fn line_of(id: &str, status: Status) -> String {
        let mut change = Change::new(&Key::new("p1.t1", None));
        change.status = Some(status);
        let record = change.into_record(
            id.into(),
            Stamp::parse("2026-05-14T10:00:00+08:00").unwrap(),
            "王芳".into(),
        );
        encode_record(&record).unwrap()
    }

    fn header() -> String {
        encode_header(&Header::new("plan")).unwrap()
    }

    #[test]
    fn a_damaged_middle_line_is_reported_with_its_number_and_skipped() {
        let text = format!(
            "{}\n{}\nChange(at: \"2026-05-14T10:00:00+08:00\", author: \"x\", it\n{}\n",
            header(),
            line_of("a", Status::OnTrack),
            line_of("b", Status::Done)
        );
        let scan = scan(text.as_bytes(), 1, "s.ron");
        assert_eq!(scan.records.len(), 2);
        assert_eq!(scan.problems.len(), 1);
        let problem = scan.problems[0].to_string();
        assert!(
            problem.starts_with("s.ron:3: cannot read the record"),
            "{problem}"
        );
        assert!(problem.contains("left in the file"), "{problem}");
        assert_eq!(scan.first, First::Header);
        assert_eq!(scan.lines, 4);
        assert_eq!(scan.partial_line, None);
    }

    #[test]
    fn a_torn_last_line_is_left_for_later_and_noted() {
        let whole = format!("{}\n{}\n", header(), line_of("a", Status::OnTrack));
        let torn = &line_of("b", Status::Done)[..40];
        let text = format!("{whole}{torn}");
        let scan = scan(text.as_bytes(), 1, "s.ron");
        assert_eq!(scan.records.len(), 1);
        assert!(scan.problems.is_empty());
        assert_eq!(scan.consumed, whole.len());
        assert_eq!(scan.partial_line, Some(3));
        let problem = scan.partial_problem("s.ron").unwrap().to_string();
        assert!(
            problem.starts_with("s.ron:3: incomplete last line"),
            "{problem}"
        );
    }

    #[test]
    fn any_bytes_are_read_without_panic() {
        let good = line_of("a", Status::OnTrack);
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(header().as_bytes());
        bytes.extend_from_slice(b"\r\n\xFF\xFE broken \x80\n\n   \n// a comment\n");
        bytes.extend_from_slice(good.as_bytes());
        bytes.extend_from_slice(b"\nrandom words\n\x00\x01\n");
        let scan = scan(&bytes, 1, "f");
        assert_eq!(scan.headers.len(), 1, "{:?}", scan.problems);
        assert_eq!(scan.records.len(), 1);
        let lines: Vec<usize> = scan.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 7, 8]);
        assert!(scan.problems[0].message.contains("not UTF-8"));
        assert_eq!(scan.first, First::Header);
        // Every prefix of the file, and a few mangled versions, read without a panic.
        for cut in 0..bytes.len() {
            let _ = super::scan(&bytes[..cut], 1, "f");
            let mut mangled = bytes.clone();
            mangled[cut] ^= 0x5A;
            let _ = super::scan(&mangled, 1, "f");
        }
    }

    #[test]
    fn a_large_text_read_in_parallel_gives_what_one_thread_gives() {
        let mut text = format!("{}\n", header());
        let mut line = 1;
        while text.len() < 3 * PARALLEL_BYTES {
            line += 1;
            if line % 997 == 0 {
                text.push_str("Change(damaged\n");
            } else {
                let status = Status::ALL[line % 6];
                text.push_str(&line_of(&format!("r{line}"), status));
                text.push('\n');
            }
        }
        text.push_str("Change(torn");
        let parallel = scan(text.as_bytes(), 1, "f");
        let consumed = text.rfind('\n').unwrap() + 1;
        let single = scan_lines(&text.as_bytes()[..consumed], 1, "f");
        assert_eq!(parallel.records, single.records);
        assert_eq!(parallel.problems, single.problems);
        assert_eq!(parallel.lines, line);
        assert_eq!(parallel.partial_line, Some(line + 1));
        let damaged: Vec<usize> = parallel.problems.iter().map(|p| p.line).collect();
        assert_eq!(damaged, (997..=line).step_by(997).collect::<Vec<_>>());
        assert_eq!(parallel.headers.len(), 1);
        assert_eq!(parallel.first, First::Header);
    }

    #[test]
    fn a_file_read_in_blocks_gives_what_one_scan_gives() {
        let mut text = format!("{}\n", header());
        for line in 2..400 {
            match line % 37 {
                0 => text.push_str("Change(damaged\n"),
                1 => text.push_str("\n// a comment\n"),
                _ => {
                    text.push_str(&line_of(&format!("r{line}"), Status::ALL[line % 6]));
                    text.push('\n');
                }
            }
        }
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"\xFF broken\n");
        for tail in [&b""[..], b"Change(torn", b"  \n ", b"Header(x"] {
            let mut bytes = bytes.clone();
            bytes.extend_from_slice(tail);
            let whole = scan(&bytes, 5, "f");
            for block in [1, 7, 64, 200, 4096, 1 << 20] {
                let blocks =
                    scan_blocks(&bytes[..], bytes.len(), 5, "f", block, None, false).unwrap();
                assert_eq!(blocks.records, whole.records, "block {block}");
                assert_eq!(blocks.problems, whole.problems, "block {block}");
                assert_eq!(blocks.headers, whole.headers);
                assert_eq!(blocks.consumed, whole.consumed);
                assert_eq!(blocks.lines, whole.lines);
                assert_eq!(blocks.partial_line, whole.partial_line);
                assert_eq!(blocks.first, whole.first);
                assert_eq!(blocks.newest_version, whole.newest_version);
                // Focused: what the file is, its lines and headers as above; of its
                // records and problems, those of the lines read (every record of the item).
                for (item, all) in [("p1.t1", true), ("p9", false)] {
                    let focus = Focus::new(&[item]).unwrap();
                    let focused =
                        scan_blocks(&bytes[..], bytes.len(), 5, "f", block, Some(&focus), false)
                            .unwrap();
                    assert_eq!(focused.headers, whole.headers);
                    assert_eq!(focused.consumed, whole.consumed);
                    assert_eq!(focused.lines, whole.lines);
                    assert_eq!(focused.partial_line, whole.partial_line);
                    assert_eq!(focused.first, whole.first);
                    assert_eq!(focused.newest_version, whole.newest_version);
                    assert!(focused.problems.iter().all(|p| whole.problems.contains(p)));
                    assert!(focused.problems.iter().any(|p| p.message.contains("UTF-8")));
                    if all {
                        assert_eq!(focused.records, whole.records, "block {block}");
                    } else {
                        assert!(focused.records.iter().all(|r| whole.records.contains(r)));
                        // Each block reads its first line whole (what the file is).
                        if block >= 1 << 20 {
                            assert!(focused.records.len() <= 2, "{}", focused.records.len());
                            assert!(focused.skipped > 300, "{}", focused.skipped);
                        }
                    }
                }
            }
        }
        // Only a torn first line, or nothing: as one scan says.
        for bytes in [&b"Change(at"[..], b"", b"\n\n", b"junk"] {
            let whole = scan(bytes, 1, "f");
            let blocks = scan_blocks(bytes, 0, 1, "f", 3, None, false).unwrap();
            assert_eq!(
                (blocks.first, blocks.partial_line),
                (whole.first, whole.partial_line)
            );
        }
    }

    #[test]
    fn what_the_first_line_says() {
        let first = |text: &str| scan(text.as_bytes(), 1, "f").first;
        assert_eq!(first(""), First::Nothing);
        assert_eq!(first("\n\n"), First::Nothing);
        assert_eq!(first(&format!("{}\n", header())), First::Header);
        assert_eq!(first("Header(format_version: 1, pl"), First::Torn);
        assert_eq!(
            first("Header(format_version: 1, pl\n"),
            First::DamagedHeader
        );
        assert_eq!(first("(format_version: 1,\n  meta: ()\n"), First::Foreign);
        assert_eq!(first("#![enable(implicit_some)]"), First::Foreign);
        let newer = scan(b"Header(format_version: 7, plan: \"p\")\n", 1, "f");
        assert_eq!(newer.newest_version, Some(7));
        assert_eq!(newer.first, First::DamagedHeader);
    }
}
