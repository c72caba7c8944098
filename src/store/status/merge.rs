//! `planmeet merge FILE... -o OUT`: the union of status files by record id.
//!
//! The output is the header once and every record once, in log order (time, author, id),
//! so merging is commutative, associative and idempotent, and the result is the file git's
//! `merge=union` would give, tidied. OUT is the file itself, whatever name reached it (a
//! symbolic link is written through, never replaced). It is replaced atomically (written
//! beside it, synced, renamed, the directory synced), keeping its mode, owner and group,
//! while holding the lock appends take — so no append is lost in between, and an input
//! that is OUT is read under that same lock, without waiting for it again. An input that
//! could not be read whole is never overwritten.

use std::path::{Path, PathBuf};

use super::format::{encode_event, encode_header, encode_record};
use super::read::{First, Problem, scan};
use crate::model::annotation::{Header, Record, STATUS_FORMAT_VERSION, merge};
use crate::model::meeting::{Event, MeetingLog};
use crate::store::files::{self, Privacy};
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

/// Why nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("no input files")]
    NoInputs,
    #[error("{file}: cannot read: {message}")]
    Unreadable { file: String, message: String },
    #[error("{file}: no such file")]
    Missing { file: String },
    #[error(
        "{file} is of status format {version}, newer than this planmeet reads \
         ({STATUS_FORMAT_VERSION}): merge it with a newer planmeet"
    )]
    Newer { file: String, version: u32 },
    #[error("{file} does not look like a planmeet status file")]
    Foreign { file: String },
    #[error(
        "{file} exists and is not one of the inputs: its records would be lost. \
         Name it as an input too, or write to a new file"
    )]
    NotAnInput { file: String },
    #[error(
        "{file} could not be read whole (see above), so it is not overwritten: \
         write the merge to another file with -o"
    )]
    Incomplete { file: String },
    #[error("no input has a header naming its plan: nothing to merge")]
    NoPlan,
    #[error("the inputs belong to different plans ({}): they cannot be merged", .0.join(", "))]
    DifferentPlans(Vec<String>),
    /// OUT's lock could not be had (the message says why).
    #[error("{0}")]
    Locked(String),
    #[error("{0}")]
    Encode(String),
    #[error("{file}: cannot write: {message}")]
    Write { file: String, message: String },
}

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
    let version = records
        .iter()
        .map(super::version_needed)
        .chain(events.iter().map(super::event_version_needed))
        .max();
    let version = version.unwrap_or(crate::model::annotation::STATUS_BASE_VERSION);
    let mut text = encode_header(&Header::of_version(plan, version))?;
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
        return Err(MergeError::NoInputs);
    }
    let out_name = out.display().to_string();
    let write_error = |e: std::io::Error| MergeError::Write {
        file: out_name.clone(),
        message: e.to_string(),
    };
    // The file itself, through any link: its lock is the one appends take.
    let real_out = files::resolve(out).map_err(write_error)?;
    let _lock = lock_for_rewrite(&real_out).map_err(|e| MergeError::Locked(e.to_string()))?;
    let mut report = MergeReport::default();
    let mut read = Vec::new();
    for path in inputs {
        let input = read_input(path, &real_out, &mut report.problems)?;
        report
            .inputs
            .push((input.name.clone(), input.records.len()));
        read.push((path, input));
    }
    let out_is_input = read.iter().any(|(path, _)| same_file(path, &real_out));
    if real_out.exists() && !out_is_input {
        return Err(MergeError::NotAnInput { file: out_name });
    }
    for (path, input) in &read {
        if !input.complete && same_file(path, &real_out) {
            return Err(MergeError::Incomplete {
                file: input.name.clone(),
            });
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
        [] => return Err(MergeError::NoPlan),
        several => {
            return Err(MergeError::DifferentPlans(
                several.iter().map(|p| (*p).to_owned()).collect(),
            ));
        }
    };
    let merged = merge(read.iter().map(|(_, input)| input.records.as_slice()));
    // Meeting and decision lines: the union by id (the same line from two copies once).
    let events = MeetingLog::from_events(
        read.iter()
            .flat_map(|(_, input)| input.events.iter().cloned()),
    );
    let text = merged_text_with_events(&plan, &merged.records, events.events())
        .map_err(MergeError::Encode)?;
    // A new file in the user's own private folder is theirs alone; one that exists keeps
    // its mode, owner and group.
    let own = real_out.parent().is_some_and(files::is_own_private_dir);
    let privacy = if own {
        Privacy::Private
    } else {
        Privacy::Shared
    };
    files::replace(&real_out, text.as_bytes(), privacy).map_err(write_error)?;
    report.plan = plan;
    report.records = merged.records.len();
    report.conflicts = merged.conflicts;
    Ok(report)
}

/// Reads an input; one that is the output (`real_out`, whose lock the merge holds) is read
/// without taking its lock again.
fn read_input(
    path: &Path,
    real_out: &Path,
    problems: &mut Vec<Problem>,
) -> Result<Input, MergeError> {
    let name = path.display().to_string();
    let unreadable = |e: std::io::Error| MergeError::Unreadable {
        file: name.clone(),
        message: e.to_string(),
    };
    let real = match files::resolve(path) {
        Ok(real) => real,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(MergeError::Missing { file: name });
        }
        Err(e) => return Err(unreadable(e)),
    };
    let bytes = read_whole(&real, same_file(&real, real_out))
        .map_err(unreadable)?
        .ok_or_else(|| MergeError::Missing { file: name.clone() })?;
    let scanned = scan(&bytes, 1, &name);
    if let Some(version) = scanned
        .newest_version
        .filter(|&v| v > STATUS_FORMAT_VERSION)
    {
        return Err(MergeError::Newer {
            file: name,
            version,
        });
    }
    if scanned.first == First::Foreign {
        return Err(MergeError::Foreign { file: name });
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
