//! `planmeet merge FILE... -o OUT`: the union of status files by record id.
//!
//! The output is the header once and every record once, in log order (time, author, id),
//! so merging is commutative, associative and idempotent, and the result is the file git's
//! `merge=union` would give, tidied. OUT is replaced atomically (written beside it, synced,
//! renamed, the directory synced) while holding OUT's lock, so no append is lost in between;
//! an input that could not be read whole is never overwritten.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::format::{encode_event, encode_header, encode_record};
use super::read::{First, Problem, scan};
use crate::model::annotation::{Header, Record, STATUS_FORMAT_VERSION, merge};
use crate::model::meeting::{Event, MeetingLog};
use crate::store::status_file::{lock_for_rewrite, read_whole, same_file};

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub plan: String,
    /// Records written.
    pub records: usize,
    /// For each input, its name and how many records it had.
    pub inputs: Vec<(String, usize)>,
    /// Ids with different contents in different inputs (the canonical one was kept).
    pub conflicts: Vec<String>,
    /// Lines of the inputs that could not be read (and are not in the output).
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError(pub String);

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MergeError {}

/// The text of a merged file: the header, then each record on its line, in log order.
pub fn merged_text(plan: &str, records: &[Record]) -> Result<String, String> {
    merged_text_with_events(plan, records, &[])
}

/// [`merged_text`] with meeting and decision lines too, each at its place in time.
pub fn merged_text_with_events(
    plan: &str,
    records: &[Record],
    events: &[Event],
) -> Result<String, String> {
    let mut text = encode_header(&Header::new(plan))?;
    text.push('\n');
    let mut events: Vec<&Event> = events.iter().collect();
    events.sort_by(|a, b| Event::order(a, b));
    let mut events = events.into_iter().peekable();
    for record in records {
        while let Some(event) = events.next_if(|e| {
            (e.at(), e.author(), e.id()) < (record.at, record.author.as_str(), record.id.as_str())
        }) {
            text.push_str(&encode_event(event)?);
            text.push('\n');
        }
        text.push_str(&encode_record(record)?);
        text.push('\n');
    }
    for event in events {
        text.push_str(&encode_event(event)?);
        text.push('\n');
    }
    Ok(text)
}

struct Input {
    name: String,
    records: Vec<Record>,
    events: Vec<Event>,
    plans: Vec<String>,
    complete: bool,
}

/// Merges `inputs` into `out`. `out` may be one of the inputs (the usual
/// `planmeet merge mine.status.ron theirs.status.ron -o mine.status.ron`); a file `out`
/// that exists but is not an input is refused, since its records would be lost.
pub fn merge_files(inputs: &[PathBuf], out: &Path) -> Result<MergeReport, MergeError> {
    if inputs.is_empty() {
        return Err(MergeError("no input files".into()));
    }
    let out_name = out.display().to_string();
    let _lock = lock_for_rewrite(out).map_err(|e| MergeError(e.to_string()))?;
    let mut report = MergeReport::default();
    let mut read = Vec::new();
    for path in inputs {
        let input = read_input(path, &mut report.problems)?;
        report
            .inputs
            .push((input.name.clone(), input.records.len()));
        read.push((path, input));
    }
    let out_is_input = read.iter().any(|(path, _)| same_file(path, out));
    if out.exists() && !out_is_input {
        return Err(MergeError(format!(
            "{out_name} exists and is not one of the inputs: its records would be lost. \
             Name it as an input too, or write to a new file"
        )));
    }
    for (path, input) in &read {
        if !input.complete && same_file(path, out) {
            return Err(MergeError(format!(
                "{} could not be read whole (see above), so it is not overwritten: \
                 write the merge to another file with -o",
                input.name
            )));
        }
    }
    let mut plans: Vec<&str> = read
        .iter()
        .flat_map(|(_, input)| input.plans.iter().map(String::as_str))
        .collect();
    plans.sort_unstable();
    plans.dedup();
    let plan = match plans.as_slice() {
        [one] => (*one).to_owned(),
        [] => {
            return Err(MergeError(
                "no input has a header naming its plan: nothing to merge".into(),
            ));
        }
        several => {
            return Err(MergeError(format!(
                "the inputs belong to different plans ({}): they cannot be merged",
                several.join(", ")
            )));
        }
    };
    let merged = merge(read.iter().map(|(_, input)| input.records.as_slice()));
    // Meeting and decision lines: the union by id (the same line from two copies once).
    let events = MeetingLog::from_events(
        read.iter()
            .flat_map(|(_, input)| input.events.iter().cloned()),
    );
    let text =
        merged_text_with_events(&plan, &merged.records, events.events()).map_err(MergeError)?;
    write_atomically(out, text.as_bytes())
        .map_err(|e| MergeError(format!("{out_name}: cannot write: {e}")))?;
    report.plan = plan;
    report.records = merged.records.len();
    report.conflicts = merged.conflicts;
    Ok(report)
}

fn read_input(path: &Path, problems: &mut Vec<Problem>) -> Result<Input, MergeError> {
    let name = path.display().to_string();
    let bytes = read_whole(path)
        .map_err(|e| MergeError(format!("{name}: cannot read: {e}")))?
        .ok_or_else(|| MergeError(format!("{name}: no such file")))?;
    let scanned = scan(&bytes, 1, &name);
    if let Some(version) = scanned
        .newest_version
        .filter(|&v| v > STATUS_FORMAT_VERSION)
    {
        return Err(MergeError(format!(
            "{name} is of status format {version}, newer than this planmeet reads \
             ({STATUS_FORMAT_VERSION}): merge it with a newer planmeet"
        )));
    }
    if scanned.first == First::Foreign {
        return Err(MergeError(format!(
            "{name} does not look like a planmeet status file"
        )));
    }
    let partial = scanned.partial_problem(&name);
    let complete = scanned.problems.is_empty() && partial.is_none();
    problems.extend(scanned.problems);
    problems.extend(partial);
    Ok(Input {
        name,
        plans: scanned.headers.into_iter().map(|(_, h)| h.plan).collect(),
        records: scanned.records,
        events: scanned.events,
        complete,
    })
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = atomic_write_file::AtomicWriteFile::open(path)?;
    file.write_all(bytes)?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::annotation::{Change, Key, Stamp, Status};

    fn record(id: &str, minute: u8, status: Status) -> Record {
        let mut change = Change::new(&Key::new("p1", None));
        change.status = Some(status);
        let at = Stamp::parse(&format!("2026-05-14T10:{minute:02}:00+08:00")).unwrap();
        change.into_record(id.into(), at, "w".into())
    }

    fn file(dir: &Path, name: &str, records: &[Record]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, merged_text("plan", records).unwrap()).unwrap();
        path
    }

    #[test]
    fn merging_into_one_of_the_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let a = record("a", 1, Status::OnTrack);
        let b = record("b", 2, Status::Behind);
        let c = record("c", 3, Status::Done);
        let mine = file(dir.path(), "mine", &[a.clone(), c.clone()]);
        let theirs = file(dir.path(), "theirs", &[b.clone(), a.clone()]);
        let report = merge_files(&[mine.clone(), theirs.clone()], &mine).unwrap();
        assert_eq!(report.records, 3);
        assert!(report.conflicts.is_empty() && report.problems.is_empty());
        let text = std::fs::read_to_string(&mine).unwrap();
        assert_eq!(text, merged_text("plan", &[a, b, c]).unwrap());
    }

    #[test]
    fn what_merge_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let a = file(dir.path(), "a", &[record("a", 1, Status::OnTrack)]);
        let b = file(dir.path(), "b", &[record("b", 1, Status::OnTrack)]);
        let error = merge_files(std::slice::from_ref(&a), &b)
            .unwrap_err()
            .to_string();
        assert!(error.contains("not one of the inputs"), "{error}");

        let damaged = dir.path().join("damaged");
        let text = std::fs::read_to_string(&a).unwrap() + "Change(garbage\n";
        std::fs::write(&damaged, &text).unwrap();
        let error = merge_files(&[damaged.clone(), b.clone()], &damaged)
            .unwrap_err()
            .to_string();
        assert!(error.contains("not overwritten"), "{error}");
        assert_eq!(std::fs::read_to_string(&damaged).unwrap(), text);
        // Into a new file it is fine: the damaged line is reported, the input untouched.
        let out = dir.path().join("out");
        let report = merge_files(&[damaged.clone(), b.clone()], &out).unwrap();
        assert_eq!(report.records, 2);
        assert_eq!(report.problems.len(), 1);
        assert_eq!(report.problems[0].line, 3);

        let newer = dir.path().join("newer");
        std::fs::write(&newer, "Header(format_version: 9, plan: \"plan\")\n").unwrap();
        let error = merge_files(&[newer, b.clone()], &dir.path().join("o2"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("newer"), "{error}");

        let other = dir.path().join("other");
        std::fs::write(&other, "Header(format_version: 1, plan: \"other\")\n").unwrap();
        let error = merge_files(&[other, b], &dir.path().join("o3"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("different plans"), "{error}");
    }
}
