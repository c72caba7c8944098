//! The line index kept beside a large status file (`<file>.idx`): where each item's change
//! lines are, so that `status set` and `status undo` read the few lines they need instead
//! of the whole file ([`super::read::Focus`]).
//!
//! The index is a cache, never trusted over the file:
//! * it covers the file's bytes up to a line end (its *prefix*), and is used only while the
//!   file is the same file (device and inode), at least that long, and the same where it
//!   was fingerprinted: its first and last 64 KiB before that length and 16 samples of
//!   4 KiB between them. An append (by another planmeet, by `git pull`) leaves all of that
//!   as it was: only the new bytes are read, the ordinary way, and once they are more than
//!   [`EXTEND_BYTES`] the index is extended by reading only them. A rewrite (a merge, an
//!   editor, `git checkout`) changes the inode, the length or the fingerprint: the index is
//!   built again from the whole file.
//! * every line read through it must start after a line end and end with one where the
//!   index says, and the line numbers must grow with the offsets; its header, lists and each
//!   item's lines carry a checksum. A line that fails, a damaged, foreign or newer index: the
//!   whole file is read and the index written anew.
//! * it is written atomically (beside it, then renamed), unsynced (a power cut leaves the
//!   old one or a short one, which is rebuilt); a folder that cannot be written has no
//!   index, and the file is read as before.
//!
//! What it holds, for the prefix: the lines a focused read always reads (the first line with
//! content, every line that is not a change line, every change line with a `\u` or `\x`
//! escape); each readable change line under its item's id, and each record id with its
//! item; the change lines that cannot be read (not UTF-8, not a record), which are read
//! only when they name the focus, as a focused read of the whole file reads them. Ids are
//! kept as 64-bit hashes: two ids with one hash only make more lines read.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::read::{self, First, Focus, Scan};
use crate::store::files::{self, Access, Privacy};

/// A file shorter than this is read whole (a focused read of it takes a few milliseconds):
/// no index is written beside it.
pub const MIN_INDEXED_BYTES: u64 = 1 << 20;
/// Bytes after the indexed prefix that are read the ordinary way before the index is
/// extended over them (the `extend` of [`scan_indexed`]).
pub const EXTEND_BYTES: u64 = 1 << 20;

const MAGIC: [u8; 8] = *b"PMSTIDX\0";
const VERSION: u32 = 1;
const HEADER_BYTES: usize = 16 + 15 * 8;
const REF_BYTES: usize = 16;
const ITEM_BYTES: usize = 32;
const RECORD_BYTES: usize = 16;
/// The record table is read a page at a time: this many records, with a checksum each.
const PAGE_RECORDS: usize = 256;
const FENCE_BYTES: usize = 16;
/// The fingerprint: the first and last this many bytes of the prefix…
const END_BYTES: u64 = 64 << 10;
/// …and this many samples of this many bytes between them.
const SAMPLES: u64 = 16;
const SAMPLE_BYTES: u64 = 4 << 10;
/// The file is read this much at a time to build or extend the index.
const BLOCK_BYTES: usize = 4 << 20;

/// Where the index of the status file `real` (a resolved path) is.
pub fn index_path(real: &Path) -> PathBuf {
    let mut name = real.as_os_str().to_owned();
    name.push(".idx");
    PathBuf::from(name)
}

/// FNV-1a, 64 bits: stable across builds and platforms (the index outlives the binary).
fn fnv(bytes: &[u8]) -> u64 {
    fnv_on(0xcbf2_9ce4_8422_2325, bytes)
}

fn fnv_on(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// One line of the file: where it starts, its number (1-based) and its length without the
/// line end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct LineRef {
    offset: u64,
    line: u32,
    len: u32,
}

impl LineRef {
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.offset.to_le_bytes());
        out.extend_from_slice(&self.line.to_le_bytes());
        out.extend_from_slice(&self.len.to_le_bytes());
    }

    fn get(bytes: &[u8]) -> LineRef {
        LineRef {
            offset: u64_at(bytes, 0),
            line: u32_at(bytes, 8),
            len: u32_at(bytes, 12),
        }
    }
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(b)
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(b)
}

fn refs(bytes: &[u8]) -> Vec<LineRef> {
    bytes.chunks_exact(REF_BYTES).map(LineRef::get).collect()
}

/// What the index says about the file it was built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Prefix {
    /// Bytes covered, up to and including a line end.
    len: u64,
    /// Complete lines in them.
    lines: u64,
    /// Change lines a focused read may pass over (after the first line with content,
    /// without an escape).
    eligible: u64,
}

/// The file's identity and fingerprint at the prefix's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Check {
    dev: u64,
    ino: u64,
    head: u64,
    tail: u64,
    samples: u64,
}

/// The index in memory, while it is built or extended.
#[derive(Debug, Default, PartialEq)]
struct Index {
    prefix: Prefix,
    always: Vec<LineRef>,
    damaged: Vec<LineRef>,
    items: FxHashMap<u64, Vec<LineRef>>,
    /// (record id's hash, item's hash).
    records: Vec<(u64, u64)>,
}

/// Whether a line counts for what the file is (what [`read`] notes as its first line):
/// anything but a blank line or a comment.
fn has_content(raw: &[u8]) -> bool {
    // Nearly every line starts (after spaces) with an ASCII letter: content, whatever
    // follows, without checking the whole line's UTF-8 (the record's read checks it).
    let start = raw.trim_ascii_start();
    if let Some(&first) = start.first()
        && first.is_ascii()
        && first != b'/'
    {
        return true;
    }
    match std::str::from_utf8(raw) {
        Err(_) => true,
        Ok(text) => {
            let text = text.strip_suffix('\r').unwrap_or(text);
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            let text = text.trim();
            !(text.is_empty() || text.starts_with("//"))
        }
    }
}

/// What the index does with one line with content, decided on its own (the lines of a
/// block are sorted on several threads, then added in order).
#[derive(Debug, Clone, Copy)]
enum Sort {
    /// Read by every focused read: not a change line, or one with an escape.
    Always,
    /// A readable change line: (item's hash, record id's hash).
    Item(u64, u64),
    /// A change line that cannot be read.
    Damaged,
}

/// A line with content of a run, by its place in the run.
#[derive(Debug, Clone, Copy)]
struct Sorted {
    offset: u32,
    line: u32,
    len: u32,
    sort: Sort,
}

fn sort_line(raw: &[u8], line: usize) -> Sort {
    if !read::is_change_line(raw) || read::has_escape(raw) {
        return Sort::Always;
    }
    let mut one = Scan::default();
    read::read_raw_line(&mut one, raw, line, "");
    match (&one.records[..], one.problems.is_empty()) {
        ([record], true) => Sort::Item(fnv(record.item.as_bytes()), fnv(record.id.as_bytes())),
        _ => Sort::Damaged,
    }
}

/// The lines with content of `run` (complete lines), each sorted; and how many lines it has.
fn sort_run(run: &[u8]) -> (Vec<Sorted>, u32) {
    let mut sorted = Vec::with_capacity(run.len() / 128);
    let mut start = 0;
    let mut lines = 0u32;
    for end in memchr::memchr_iter(b'\n', run) {
        let raw = &run[start..end];
        if has_content(raw) {
            sorted.push(Sorted {
                offset: start as u32,
                line: lines,
                len: raw.len() as u32,
                sort: sort_line(raw, lines as usize + 1),
            });
        }
        lines += 1;
        start = end + 1;
    }
    (sorted, lines)
}

/// Below this, a block's lines are sorted on one thread.
const PARALLEL_BYTES: usize = 256 << 10;

impl Index {
    /// Adds the complete lines of `bytes` (less than 4 GiB), which follow the prefix. Each
    /// line is sorted on its own — reading a record is most of the work, so the block is
    /// cut at line ends into one run per core — and added in file order.
    fn add(&mut self, bytes: &[u8]) {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let runs = if bytes.len() < PARALLEL_BYTES {
            1
        } else {
            threads
        };
        self.add_in_runs(bytes, runs);
    }

    /// [`Index::add`] in `runs` runs, one thread each (one: on this thread).
    fn add_in_runs(&mut self, bytes: &[u8], runs: usize) {
        let consumed = memchr::memrchr(b'\n', bytes).map_or(0, |p| p + 1);
        let complete = &bytes[..consumed];
        let runs = read::split_at_line_ends(complete, runs.max(1));
        let sorted: Vec<(Vec<Sorted>, u32)> = if runs.len() == 1 {
            runs.iter().map(|run| sort_run(run)).collect()
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = runs
                    .iter()
                    .map(|&run| scope.spawn(move || sort_run(run)))
                    .collect();
                handles
                    .into_iter()
                    .zip(&runs)
                    // A thread cannot fail short of a bug; should one, its run is sorted here.
                    .map(|(handle, run)| handle.join().unwrap_or_else(|_| sort_run(run)))
                    .collect()
            })
        };
        let mut run_start = 0u64;
        for ((lines, count), run) in sorted.into_iter().zip(&runs) {
            for sorted in lines {
                let line = LineRef {
                    offset: self.prefix.len + run_start + u64::from(sorted.offset),
                    line: (self.prefix.lines + 1 + u64::from(sorted.line)) as u32,
                    len: sorted.len,
                };
                self.add_line(line, sorted.sort);
            }
            self.prefix.lines += u64::from(count);
            run_start += run.len() as u64;
        }
        self.prefix.len += consumed as u64;
    }

    fn add_line(&mut self, line: LineRef, sort: Sort) {
        // The file's first line with content is always read (it says what the file is).
        if self.always.is_empty() {
            self.always.push(line);
            return;
        }
        match sort {
            Sort::Always => self.always.push(line),
            Sort::Item(item, record) => {
                self.prefix.eligible += 1;
                self.items.entry(item).or_default().push(line);
                self.records.push((record, item));
            }
            Sort::Damaged => {
                self.prefix.eligible += 1;
                self.damaged.push(line);
            }
        }
    }

    /// Reads the file from the prefix's end up to `len` and adds its complete lines.
    fn add_from(&mut self, file: &mut File, len: u64) -> io::Result<()> {
        file.seek(SeekFrom::Start(self.prefix.len))?;
        let mut reader = file.take(len.saturating_sub(self.prefix.len));
        let mut pending: Vec<u8> = Vec::with_capacity(BLOCK_BYTES + 1);
        loop {
            let read = (&mut reader)
                .take(BLOCK_BYTES as u64)
                .read_to_end(&mut pending)?;
            if read == 0 {
                return Ok(());
            }
            if let Some(last) = memchr::memrchr(b'\n', &pending) {
                self.add(&pending[..=last]);
                pending.drain(..=last);
            }
        }
    }

    fn to_bytes(&self, check: Check) -> Vec<u8> {
        let mut items: Vec<(&u64, &Vec<LineRef>)> = self.items.iter().collect();
        items.sort_unstable_by_key(|(hash, _)| **hash);
        let mut records = self.records.clone();
        records.sort_unstable();
        records.dedup();
        let postings: usize = items.iter().map(|(_, lines)| lines.len()).sum();
        let mut out = Vec::with_capacity(
            HEADER_BYTES
                + REF_BYTES * (self.always.len() + self.damaged.len() + postings)
                + ITEM_BYTES * items.len()
                + RECORD_BYTES * records.len(),
        );
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        for n in [
            self.prefix.len,
            self.prefix.lines,
            self.prefix.eligible,
            check.dev,
            check.ino,
            check.head,
            check.tail,
            check.samples,
            self.always.len() as u64,
            self.damaged.len() as u64,
            items.len() as u64,
            postings as u64,
            records.len() as u64,
            records.len().div_ceil(PAGE_RECORDS) as u64,
        ] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        let sum_at = out.len();
        out.extend_from_slice(&0u64.to_le_bytes());
        for line in self.always.iter().chain(&self.damaged) {
            line.put(&mut out);
        }
        let mut posting_bytes = Vec::with_capacity(postings * REF_BYTES);
        let mut start = 0u64;
        for (hash, lines) in &items {
            let from = posting_bytes.len();
            for line in *lines {
                line.put(&mut posting_bytes);
            }
            for n in [
                **hash,
                start,
                lines.len() as u64,
                fnv(&posting_bytes[from..]),
            ] {
                out.extend_from_slice(&n.to_le_bytes());
            }
            start += lines.len() as u64;
        }
        let mut record_bytes = Vec::with_capacity(records.len() * RECORD_BYTES);
        for (id, item) in &records {
            record_bytes.extend_from_slice(&id.to_le_bytes());
            record_bytes.extend_from_slice(&item.to_le_bytes());
        }
        // Each page of the record table: its first id's hash and its checksum.
        for (page, bytes) in records
            .chunks(PAGE_RECORDS)
            .zip(record_bytes.chunks(PAGE_RECORDS * RECORD_BYTES))
        {
            out.extend_from_slice(&page[0].0.to_le_bytes());
            out.extend_from_slice(&fnv(bytes).to_le_bytes());
        }
        let sum = fnv(&out);
        out[sum_at..sum_at + 8].copy_from_slice(&sum.to_le_bytes());
        out.extend_from_slice(&posting_bytes);
        out.extend_from_slice(&record_bytes);
        out
    }

    /// The lines of the items `texts` name (as item ids, or as record ids through their
    /// items).
    fn lookup(&self, texts: &[String]) -> Vec<LineRef> {
        let mut items: Vec<u64> = Vec::new();
        for text in texts {
            let hash = fnv(text.as_bytes());
            items.push(hash);
            // In file order here (sorted only when written): one pass, as the build's.
            items.extend(
                self.records
                    .iter()
                    .filter(|&&(id, _)| id == hash)
                    .map(|&(_, item)| item),
            );
        }
        items
            .iter()
            .filter_map(|hash| self.items.get(hash))
            .flatten()
            .copied()
            .collect()
    }
}

fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(buf, offset)
    }
    #[cfg(not(unix))]
    {
        let _ = (file, buf, offset);
        Err(io::Error::other("no index on this system"))
    }
}

fn identity(file: &File) -> io::Result<(u64, u64)> {
    let meta = file.metadata()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Ok((0, 0))
    }
}

/// The file's identity and fingerprint at length `len`.
fn check_of(file: &File, len: u64) -> io::Result<Check> {
    let (dev, ino) = identity(file)?;
    let hash_of = |from: u64, bytes: u64| -> io::Result<u64> {
        let mut buf = vec![0u8; bytes as usize];
        read_at(file, &mut buf, from)?;
        Ok(fnv(&buf))
    };
    let end = END_BYTES.min(len);
    let head = hash_of(0, end)?;
    let tail = hash_of(len - end, end)?;
    let mut samples = fnv(&len.to_le_bytes());
    if len > SAMPLE_BYTES {
        for k in 1..=SAMPLES {
            let at = (len - SAMPLE_BYTES) * k / (SAMPLES + 1);
            samples = samples.rotate_left(5) ^ hash_of(at, SAMPLE_BYTES)?;
        }
    }
    Ok(Check {
        dev,
        ino,
        head,
        tail,
        samples,
    })
}

/// An index file, its header and small lists read; its item lines and record table are
/// read only where needed.
struct OnDisk {
    file: File,
    prefix: Prefix,
    check: Check,
    always: Vec<LineRef>,
    damaged: Vec<LineRef>,
    /// (item's hash, first posting, postings, checksum), sorted by hash.
    items: Vec<(u64, u64, u64, u64)>,
    /// (first id's hash, checksum) of each page of the record table.
    fences: Vec<(u64, u64)>,
    postings_at: u64,
    records_at: u64,
    records: u64,
}

impl OnDisk {
    /// The index at `path`, if there is one that is whole and of this version.
    fn open(path: &Path) -> Option<OnDisk> {
        let mut file = files::open_regular(path, Access::Read, "status index").ok()?;
        let size = file.metadata().ok()?.len();
        let mut header = [0u8; HEADER_BYTES];
        file.read_exact(&mut header).ok()?;
        if header[..8] != MAGIC || u32_at(&header, 8) != VERSION {
            return None;
        }
        let n = |i: usize| u64_at(&header, 16 + 8 * i);
        let prefix = Prefix {
            len: n(0),
            lines: n(1),
            eligible: n(2),
        };
        let check = Check {
            dev: n(3),
            ino: n(4),
            head: n(5),
            tail: n(6),
            samples: n(7),
        };
        let (always, damaged, items, postings, records) = (n(8), n(9), n(10), n(11), n(12));
        let pages = n(13);
        if pages != records.div_ceil(PAGE_RECORDS as u64) {
            return None;
        }
        let small = (always.checked_add(damaged)?)
            .checked_mul(REF_BYTES as u64)?
            .checked_add(items.checked_mul(ITEM_BYTES as u64)?)?
            .checked_add(pages.checked_mul(FENCE_BYTES as u64)?)?;
        let expected = (HEADER_BYTES as u64)
            .checked_add(small)?
            .checked_add(postings.checked_mul(REF_BYTES as u64)?)?
            .checked_add(records.checked_mul(RECORD_BYTES as u64)?)?;
        if expected != size || prefix.lines > u64::from(u32::MAX) {
            return None;
        }
        let mut lists = vec![0u8; small as usize];
        file.read_exact(&mut lists).ok()?;
        let mut summed = header;
        summed[HEADER_BYTES - 8..].fill(0);
        if fnv_on(fnv(&summed), &lists) != n(14) {
            return None;
        }
        let split = (always * REF_BYTES as u64) as usize;
        let lines_end = ((always + damaged) * REF_BYTES as u64) as usize;
        let items_end = lines_end + (items * ITEM_BYTES as u64) as usize;
        let items: Vec<(u64, u64, u64, u64)> = lists[lines_end..items_end]
            .chunks_exact(ITEM_BYTES)
            .map(|c| (u64_at(c, 0), u64_at(c, 8), u64_at(c, 16), u64_at(c, 24)))
            .collect();
        let fences = lists[items_end..]
            .chunks_exact(FENCE_BYTES)
            .map(|c| (u64_at(c, 0), u64_at(c, 8)))
            .collect();
        let postings_at = HEADER_BYTES as u64 + small;
        Some(OnDisk {
            file,
            prefix,
            check,
            always: refs(&lists[..split]),
            damaged: refs(&lists[split..lines_end]),
            items,
            fences,
            postings_at,
            records_at: postings_at + postings * REF_BYTES as u64,
            records,
        })
    }

    /// Whether the index describes a prefix of `file`, which is `len` bytes long now.
    fn fits(&self, file: &File, len: u64) -> io::Result<bool> {
        if self.prefix.len > len {
            return Ok(false);
        }
        Ok(check_of(file, self.prefix.len)? == self.check)
    }

    fn item_lines(&self, hash: u64) -> Option<Vec<LineRef>> {
        let Ok(at) = self.items.binary_search_by_key(&hash, |i| i.0) else {
            return Some(Vec::new());
        };
        let (_, start, count, sum) = self.items[at];
        let mut bytes = vec![0u8; usize::try_from(count).ok()?.checked_mul(REF_BYTES)?];
        read_at(
            &self.file,
            &mut bytes,
            self.postings_at
                .checked_add(start.checked_mul(REF_BYTES as u64)?)?,
        )
        .ok()?;
        (fnv(&bytes) == sum).then(|| refs(&bytes))
    }

    /// Page `page` of the record table, checked.
    fn page(&self, page: usize) -> Option<Vec<(u64, u64)>> {
        let first = (page * PAGE_RECORDS) as u64;
        let count = (self.records - first).min(PAGE_RECORDS as u64) as usize;
        let mut bytes = vec![0u8; count * RECORD_BYTES];
        read_at(
            &self.file,
            &mut bytes,
            self.records_at + first * RECORD_BYTES as u64,
        )
        .ok()?;
        (fnv(&bytes) == self.fences.get(page)?.1).then(|| {
            bytes
                .chunks_exact(RECORD_BYTES)
                .map(|c| (u64_at(c, 0), u64_at(c, 8)))
                .collect()
        })
    }

    /// The items of the record whose id hashes to `hash`: the pages that may hold it.
    fn items_of_record(&self, hash: u64) -> Option<Vec<u64>> {
        let from = self
            .fences
            .partition_point(|f| f.0 < hash)
            .saturating_sub(1);
        let to = self.fences.partition_point(|f| f.0 <= hash);
        let mut items = Vec::new();
        for page in from..to {
            items.extend(
                self.page(page)?
                    .into_iter()
                    .filter(|&(id, _)| id == hash)
                    .map(|(_, item)| item),
            );
        }
        Some(items)
    }

    /// [`Index::lookup`] on disk; `None` when a part read is damaged.
    fn lookup(&self, texts: &[String]) -> Option<Vec<LineRef>> {
        let mut lines = Vec::new();
        for text in texts {
            let hash = fnv(text.as_bytes());
            lines.extend(self.item_lines(hash)?);
            for item in self.items_of_record(hash)? {
                lines.extend(self.item_lines(item)?);
            }
        }
        Some(lines)
    }

    /// The whole index in memory, to extend it.
    fn load(self) -> Option<Index> {
        let mut items = FxHashMap::default();
        for &(hash, ..) in &self.items {
            items.insert(hash, self.item_lines(hash)?);
        }
        let mut records = Vec::with_capacity(usize::try_from(self.records).ok()?);
        for page in 0..self.fences.len() {
            records.extend(self.page(page)?);
        }
        Some(Index {
            prefix: self.prefix,
            always: self.always,
            damaged: self.damaged,
            items,
            records,
        })
    }
}

/// Reads the lines of a prefix the index names: the lines always read, the focus's items'
/// lines, and the unreadable change lines that name the focus. `None` when a line is not
/// where the index says.
fn read_lines(
    file: &File,
    prefix: Prefix,
    always: &[LineRef],
    damaged: &[LineRef],
    wanted: Vec<LineRef>,
    focus: &Focus,
    label: &str,
) -> io::Result<Option<Scan>> {
    // (line, whether a focused read could pass it over)
    let mut lines: Vec<(LineRef, bool)> = always.iter().map(|&l| (l, false)).collect();
    lines.extend(wanted.into_iter().map(|l| (l, true)));
    let damaged_from = lines.len();
    lines.extend(damaged.iter().map(|&l| (l, true)));
    let damaged_set: Vec<bool> = (0..lines.len()).map(|i| i >= damaged_from).collect();
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_unstable_by_key(|&i| lines[i].0.offset);
    order.dedup_by_key(|i| lines[*i].0.offset);
    let mut scan = Scan::default();
    let mut read_eligible = 0u64;
    let mut last: Option<LineRef> = None;
    let mut buf = Vec::new();
    for i in order {
        let (line, eligible) = lines[i];
        let end = line.offset + u64::from(line.len);
        if end >= prefix.len
            || u64::from(line.line) > prefix.lines
            || last
                .is_some_and(|l| l.line >= line.line || l.offset + u64::from(l.len) >= line.offset)
        {
            return Ok(None);
        }
        last = Some(line);
        // The line with the line end before it (if any) and its own.
        let from = line.offset.saturating_sub(1);
        buf.resize((end + 1 - from) as usize, 0);
        read_at(file, &mut buf, from)?;
        let starts = line.offset == 0 || buf[0] == b'\n';
        if !starts || buf[buf.len() - 1] != b'\n' {
            return Ok(None);
        }
        let raw = &buf[(line.offset - from) as usize..buf.len() - 1];
        if memchr::memchr(b'\n', raw).is_some() {
            return Ok(None);
        }
        if damaged_set[i] && !focus.names(raw) {
            continue;
        }
        read_eligible += u64::from(eligible);
        read::read_raw_line(&mut scan, raw, line.line as usize, label);
    }
    scan.lines = prefix.lines as usize;
    scan.consumed = prefix.len as usize;
    scan.skipped = prefix.eligible.saturating_sub(read_eligible) as usize;
    Ok(Some(scan))
}

/// Whether an index may be written beside `real`: the folder is writable.
fn writable(real: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let dir = match real.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let Ok(dir) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: a valid NUL-terminated path and a constant mode.
        unsafe { libc::access(dir.as_ptr(), libc::W_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = real;
        false
    }
}

/// What a [`Focus`]ed read of the whole file (`len` bytes, `file` the status file `real`)
/// gives, read through the index beside it; the index is built, extended or rebuilt as
/// needed. `None` when there is no index to use (a folder that cannot be written): the
/// caller reads the file the ordinary way.
pub fn scan_indexed(
    file: &mut File,
    real: &Path,
    len: u64,
    focus: &Focus,
    label: &str,
    privacy: Privacy,
    extend: u64,
) -> io::Result<Option<Scan>> {
    let path = index_path(real);
    let mut found = None;
    if let Some(disk) = OnDisk::open(&path)
        && disk.fits(file, len)?
    {
        if len - disk.prefix.len <= extend {
            if let Some(wanted) = disk.lookup(focus.texts()) {
                found = read_lines(
                    file,
                    disk.prefix,
                    &disk.always,
                    &disk.damaged,
                    wanted,
                    focus,
                    label,
                )?;
            }
        } else if let Some(mut index) = disk.load() {
            index.add_from(file, len)?;
            found = write_and_read(file, &path, &index, focus, label, privacy)?;
        }
    }
    let scan = match found {
        Some(scan) => scan,
        None => {
            if !writable(real) {
                return Ok(None);
            }
            let mut index = Index::default();
            index.add_from(file, len)?;
            match write_and_read(file, &path, &index, focus, label, privacy)? {
                Some(scan) => scan,
                // The file changed under the read (no lock held): read it the usual way.
                None => return Ok(None),
            }
        }
    };
    Ok(Some(read_rest(file, scan, len, focus, label)?))
}

/// Writes `index` (best effort) and reads the focus's lines through it.
fn write_and_read(
    file: &File,
    path: &Path,
    index: &Index,
    focus: &Focus,
    label: &str,
    privacy: Privacy,
) -> io::Result<Option<Scan>> {
    let check = check_of(file, index.prefix.len)?;
    let _ = files::replace_unsynced(path, &index.to_bytes(check), privacy);
    read_lines(
        file,
        index.prefix,
        &index.always,
        &index.damaged,
        index.lookup(focus.texts()),
        focus,
        label,
    )
}

/// Reads the bytes after the prefix `scan` covers, up to `len`, as a focused read does.
fn read_rest(
    file: &mut File,
    mut scan: Scan,
    len: u64,
    focus: &Focus,
    label: &str,
) -> io::Result<Scan> {
    let start = scan.consumed as u64;
    file.seek(SeekFrom::Start(start))?;
    let seen_first = scan.first != First::Nothing;
    let rest = read::scan_reader_focused(
        file.take(len - start),
        (len - start) as usize,
        scan.lines + 1,
        label,
        Some(focus),
        seen_first,
    )?;
    read::absorb(&mut scan, rest);
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A status file's text of every kind of line: the header, readable change lines of a
    /// few items (some Chinese, some with an escape), damaged change lines, a line that is
    /// not UTF-8, comments, blank lines (one of U+3000 only), meetings.
    fn every_kind_of_line(lines: usize) -> Vec<u8> {
        let mut out =
            b"// planmeet status file\n\nHeader(format_version: 1, plan: \"p\")\n".to_vec();
        for n in 0..lines {
            let line = match n % 11 {
                0 => format!(
                    "Change(at: \"2021-01-01T00:00:07+08:00\", author: \"陈芳\", item: \"p1.t{}\", progress: 7, id: \"{n:016x}\")",
                    n % 17
                ),
                1 => format!(
                    "  Change(at: \"2021-01-01T00:00:07+08:00\", author: \"王艳\", item: \"p2.t{}\", note: \"推进\\u{{3000}}{n}\", id: \"{n:016x}\")",
                    n % 5
                ),
                2 => "Change(at: \"not a time\", item: \"p1.t1\")".to_owned(),
                3 => "\u{3000}".to_owned(),
                4 => "// a comment".to_owned(),
                5 => String::new(),
                6 => format!(
                    "Event(at: \"2021-01-01T00:00:07+08:00\", author: \"王艳\", meeting: \"m{n}\", event: Close, id: \"e{n}\")"
                ),
                _ => format!(
                    "Change(at: \"2021-01-01T00:00:07+08:00\", author: \"刘洋\", item: \"p3.t{}\", owner: \"u0\", status: OnTrack, id: \"{n:016x}\")",
                    n % 23
                ),
            };
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
            if n == lines / 2 {
                out.extend_from_slice(b"Change(item: \"p1.t1\", note: \"\xff\xfe\")\n");
            }
        }
        out
    }

    /// The lines of a block sorted on several threads make the index one thread makes,
    /// wherever the runs are cut and however the block is cut into blocks.
    #[test]
    fn sorting_lines_on_threads_builds_the_index_one_thread_builds() {
        let text = every_kind_of_line(4_000);
        let mut one = Index::default();
        one.add_in_runs(&text, 1);
        let kinds = (
            one.items.len(),
            one.damaged.len(),
            one.always.len(),
            one.records.len(),
        );
        assert!(kinds.0 > 30 && kinds.1 > 300 && kinds.2 > 300, "{kinds:?}");
        assert_eq!(one.prefix.len, text.len() as u64);
        for runs in [2, 3, 7, 64] {
            let mut many = Index::default();
            many.add_in_runs(&text, runs);
            assert_eq!(many, one, "{runs} runs");
        }
        // In blocks cut mid-line, as `add_from` reads them: the rest waits for the next.
        for cut in [1, 77, text.len() / 3, text.len() - 5] {
            let mut blocks = Index::default();
            blocks.add_in_runs(&text[..cut], 3);
            let rest = blocks.prefix.len as usize;
            blocks.add_in_runs(&text[rest..], 2);
            assert_eq!(blocks, one, "cut at {cut}");
        }
        // Past the parallel threshold, `add` itself.
        let big = every_kind_of_line(12_000);
        assert!(big.len() > PARALLEL_BYTES);
        let (mut threads, mut alone) = (Index::default(), Index::default());
        threads.add(&big);
        alone.add_in_runs(&big, 1);
        assert_eq!(threads, alone);
    }

    #[test]
    fn a_line_has_content_unless_blank_or_a_comment() {
        for (line, content) in [
            (&b"Change(x)"[..], true),
            (b"  Header", true),
            (b"", false),
            (b"   ", false),
            (b"\xe3\x80\x80", false),
            (b"\xef\xbb\xbf// bom and comment", false),
            (b"  // comment", false),
            (b"// comment \xff", true),
            (b"/ not a comment", true),
            (b"\xff", true),
            (b"\xe6\x8e\xa8", true),
        ] {
            assert_eq!(
                has_content(line),
                content,
                "{:?}",
                String::from_utf8_lossy(line)
            );
        }
    }
}
