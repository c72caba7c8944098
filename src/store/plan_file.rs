//! Reading plan files: the embedded Liuzhou plan or a file given on the command line.
//!
//! Every failure becomes a [`PlanError`] that says where (file, line, column) and what;
//! nothing here panics on input, however malformed.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::model::validate::{self, Finding, Report};
use crate::model::{Plan, PlanIndex};

/// The plan that ships inside the binary.
pub const EMBEDDED_PLAN: &str = include_str!("../../plans/liuzhou-2021-2023.ron");
/// How the embedded plan is named in messages.
pub const EMBEDDED_NAME: &str = "<embedded> plans/liuzhou-2021-2023.ron";

/// A plan file larger than this is refused before it is read: no real plan is near it, and
/// reading a runaway file whole would stall the terminal.
pub const MAX_PLAN_BYTES: u64 = 64 * 1024 * 1024;

/// ron's own recursion limit; stated here so the guarantee is ours, not a default's.
const RECURSION_LIMIT: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    Io {
        file: String,
        message: String,
    },
    TooLarge {
        file: String,
        bytes: u64,
    },
    NotUtf8 {
        file: String,
        line: usize,
        column: usize,
    },
    /// The text is not a plan: bad RON, a missing or unknown field, a wrong type.
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
        /// The offending line, for showing a caret under the column.
        source_line: String,
    },
    /// The plan parsed, but is not consistent (see [`validate`]).
    Invalid {
        file: String,
        report: Report,
        /// For each error finding, where its item's id is written in the file, if found.
        locations: Vec<Option<(usize, usize)>>,
    },
}

/// A plan read from somewhere, with what validation found.
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    pub plan: Plan,
    pub index: PlanIndex,
    /// Warnings only: a plan with errors is a [`PlanError::Invalid`].
    pub report: Report,
    /// File name for messages.
    pub source: String,
    /// Where the items the warnings name are written, found in one pass over the text
    /// at load. The text itself is not kept: it was a second copy of the plan's size,
    /// held for the whole session (10.7 MB at 10,000 sub-tasks).
    locations: IdLocations,
}

impl LoadedPlan {
    /// Where a finding's item is written in the source, as (line, column), 1-based.
    pub fn locate(&self, finding: &Finding) -> Option<(usize, usize)> {
        self.locations.get(finding.item.as_deref()?)
    }

    /// Every place kept: (id, line, column).
    pub(crate) fn located(&self) -> impl Iterator<Item = (&str, usize, usize)> {
        self.locations
            .places
            .iter()
            .map(|(id, &(line, column))| (id.as_str(), line, column))
    }
}

/// Where each `id: "ID"` of a plan's text is written, as (line, column) 1-based: what
/// [`locate_id`] finds for every id, from one pass over the text (a plan with many
/// warnings was scanned once per warning: quadratic, 11 s at 50,000 sub-tasks).
#[derive(Debug, Clone, Default)]
pub struct IdLocations {
    places: std::collections::HashMap<String, (usize, usize)>,
}

impl IdLocations {
    pub fn new(text: &str) -> IdLocations {
        IdLocations::of(text, |_| true)
    }

    /// [`IdLocations::new`], keeping only the ids `wanted` says yes to.
    pub fn of(text: &str, wanted: impl Fn(&str) -> bool) -> IdLocations {
        let mut places = std::collections::HashMap::new();
        for (number, line) in text.lines().enumerate() {
            let mut from = 0;
            while let Some(found) = line[from..].find('"') {
                let at = from + found;
                from = at + 1;
                if !follows_id_field(&line[..at]) {
                    continue;
                }
                let Some(length) = line[at + 1..].find('"') else {
                    break;
                };
                let id = &line[at + 1..at + 1 + length];
                // As `locate_id` does: the line's first `"ID"` is the one that counts.
                if !wanted(id)
                    || places.contains_key(id)
                    || line.find(&format!("\"{id}\"")) != Some(at)
                {
                    continue;
                }
                places.insert(id.to_owned(), (number + 1, line[..at].chars().count() + 1));
            }
        }
        IdLocations { places }
    }

    pub fn get(&self, id: &str) -> Option<(usize, usize)> {
        self.places.get(id).copied()
    }

    /// The places [`LoadedPlan::located`] listed.
    pub(crate) fn from_places(places: Vec<(String, usize, usize)>) -> IdLocations {
        IdLocations {
            places: places
                .into_iter()
                .map(|(id, line, column)| (id, (line, column)))
                .collect(),
        }
    }
}

/// Whether the text before a quote ends in `id:` (spaces allowed around the colon).
fn follows_id_field(before: &str) -> bool {
    let before = before.trim_end();
    before.ends_with(':') && before[..before.len() - 1].trim_end().ends_with("id")
}

/// Write a plan as pretty RON, in the same dialect the plan files use (`implicit_some`).
pub fn to_ron(plan: &Plan) -> Result<String, ron::Error> {
    // Lists of unit ids and the cells of a table row stay on one line, as in a hand-written
    // plan file: the output stays readable and a third of the size.
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .compact_arrays(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    ron::Options::default().to_string_pretty(plan, config)
}

/// Parse without semantic checks (used by round-trip tests and the fuzzer).
pub fn parse_plan(text: &str, file: &str) -> Result<Plan, PlanError> {
    // A UTF-8 byte order mark is what Windows editors put first; ron rejects it, so strip
    // it (it changes no line or column).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    ron::Options::default()
        .with_recursion_limit(RECURSION_LIMIT)
        .from_str::<Plan>(text)
        .map_err(|e| {
            let line = e.span.start.line.max(1);
            let column = e.span.start.col.max(1);
            PlanError::Syntax {
                file: file.to_owned(),
                line,
                column,
                message: e.code.to_string(),
                source_line: text.lines().nth(line - 1).unwrap_or("").to_owned(),
            }
        })
}

/// Parse and validate text already in memory.
pub fn load_plan_str(text: &str, file: &str) -> Result<LoadedPlan, PlanError> {
    let plan = parse_plan(text, file)?;
    let index = PlanIndex::build(&plan);
    let report = validate::validate_with_index(&plan, &index);
    if !report.is_valid() {
        let places = IdLocations::new(text);
        let locations = report
            .findings
            .iter()
            .map(|f| f.item.as_deref().and_then(|id| places.get(id)))
            .collect();
        return Err(PlanError::Invalid {
            file: file.to_owned(),
            report,
            locations,
        });
    }
    // Only the warnings' items are located, and only when there are warnings.
    let locations = if report.findings.is_empty() {
        IdLocations::default()
    } else {
        let named: std::collections::HashSet<&str> = report
            .findings
            .iter()
            .filter_map(|f| f.item.as_deref())
            .collect();
        IdLocations::of(text, |id| named.contains(id))
    };
    Ok(LoadedPlan {
        plan,
        index,
        report,
        source: file.to_owned(),
        locations,
    })
}

/// Read, parse and validate a plan file.
pub fn load_plan_file(path: &Path) -> Result<LoadedPlan, PlanError> {
    let (file, _, bytes) = read_plan_bytes(path)?;
    load_plan_bytes(bytes, &file)
}

/// A plan file opened with the checks every read of a plan makes: its name for messages,
/// its real path (every link followed; a FIFO or a device refused without blocking), the
/// file limited to one byte past [`MAX_PLAN_BYTES`] (`take` guards against files that grow
/// or lie about their size, e.g. /dev/zero), and the length it claims.
fn open_plan_file(
    path: &Path,
) -> Result<(String, PathBuf, std::io::Take<std::fs::File>, u64), PlanError> {
    let file = path.display().to_string();
    let io_error = |e: std::io::Error| PlanError::Io {
        file: file.clone(),
        message: e.to_string(),
    };
    let real = super::files::resolve(path).map_err(io_error)?;
    let handle = super::files::open_regular(&real, super::files::Access::Read, "plan file")
        .map_err(io_error)?;
    let claimed = handle.metadata().map_err(io_error)?.len();
    Ok((file, real, handle.take(MAX_PLAN_BYTES + 1), claimed))
}

/// The error for a plan file over [`MAX_PLAN_BYTES`], or `Ok` for one within it.
fn within_limit(file: &str, read: usize, claimed: u64) -> Result<(), PlanError> {
    if read as u64 > MAX_PLAN_BYTES {
        return Err(PlanError::TooLarge {
            file: file.to_owned(),
            bytes: claimed.max(read as u64),
        });
    }
    Ok(())
}

/// A plan file's bytes, read with the checks every read of a plan makes, with its name
/// for messages and its real path (every link followed).
pub(crate) fn read_plan_bytes(path: &Path) -> Result<(String, PathBuf, Vec<u8>), PlanError> {
    let (file, real, mut limited, claimed) = open_plan_file(path)?;
    let mut bytes = Vec::new();
    limited.read_to_end(&mut bytes).map_err(|e| PlanError::Io {
        file: file.clone(),
        message: e.to_string(),
    })?;
    within_limit(&file, bytes.len(), claimed)?;
    Ok((file, real, bytes))
}

/// A plan file's length and the XXH3-128 hash of its bytes, read with the checks
/// [`read_plan_bytes`] makes, in blocks (the plan cache needs only these to know its copy
/// is of this file: reading the whole file into memory first cost a copy of it and a page
/// fault per 4 KiB, 2,600 at 10,000 sub-tasks), with its name for messages and its real
/// path.
pub(crate) fn hash_plan_file(path: &Path) -> Result<(String, PathBuf, usize, u128), PlanError> {
    let (file, real, mut limited, claimed) = open_plan_file(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut block = vec![0u8; 256 * 1024];
    let mut length = 0usize;
    loop {
        let read = match limited.read(&mut block) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(PlanError::Io {
                    file,
                    message: e.to_string(),
                });
            }
        };
        hasher.update(&block[..read]);
        length += read;
    }
    within_limit(&file, length, claimed)?;
    Ok((file, real, length, hasher.digest128()))
}

/// Check, parse and validate a plan file's bytes.
pub(crate) fn load_plan_bytes(bytes: Vec<u8>, file: &str) -> Result<LoadedPlan, PlanError> {
    let text = decode_utf8(bytes, file)?;
    load_plan_str(&text, file)
}

/// A plan that was read and validated before (the plan cache's, keyed by the rules'
/// source too): indexed again, with validation's report and its warnings' places as they
/// were found then. None if the report has errors (a valid plan's cache never does).
pub(crate) fn loaded_from_parts(
    plan: Plan,
    file: &str,
    locations: IdLocations,
    report: Report,
) -> Option<LoadedPlan> {
    if !report.is_valid() {
        return None;
    }
    let index = PlanIndex::build(&plan);
    Some(LoadedPlan {
        plan,
        index,
        report,
        source: file.to_owned(),
        locations,
    })
}

/// What the plan loader's fuzz target checks of any text, and the test suite's short run of
/// it: a plan loads and, written again, loads to the same plan; or the error says where,
/// and its message can be rendered. Panics when not.
#[doc(hidden)]
#[allow(clippy::expect_used)] // A fuzz check: a panic is how it reports a finding.
pub fn check_fuzz_input(text: &str) {
    match load_plan_str(text, "fuzz.ron") {
        Ok(loaded) => {
            let written = to_ron(&loaded.plan).expect("a plan that loaded serialises");
            let again = parse_plan(&written, "again.ron").expect("what was written reads back");
            assert_eq!(loaded.plan, again, "a plan changed on its way back");
        }
        Err(error) => {
            // Rendering the message must not panic either (carets, widths, locations).
            let _ = error.to_string();
        }
    }
}

/// The plan that ships in the binary. It is checked by the test suite, so a failure here
/// is a build defect, but it is still reported, never a panic.
pub fn load_embedded() -> Result<LoadedPlan, PlanError> {
    load_plan_str(EMBEDDED_PLAN, EMBEDDED_NAME)
}

/// `--plan FILE` (through the plan cache, see [`super::plan_cache`]) or the embedded plan.
pub fn load(path: Option<&Path>) -> Result<LoadedPlan, PlanError> {
    match path {
        Some(path) => {
            let cache = super::plan_cache::dir();
            super::plan_cache::load_plan_file_cached(path, cache.as_deref())
                .map(|(loaded, _)| loaded)
        }
        None => load_embedded(),
    }
}

fn decode_utf8(bytes: Vec<u8>, file: &str) -> Result<String, PlanError> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // The prefix is valid UTF-8 by construction.
        let prefix = std::str::from_utf8(valid).unwrap_or("");
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        PlanError::NotUtf8 {
            file: file.to_owned(),
            line,
            column,
        }
    })
}

/// Find `id: "ID"` in a plan's text, as (line, column) 1-based.
pub fn locate_id(text: &str, id: &str) -> Option<(usize, usize)> {
    let quoted = format!("\"{id}\"");
    for (number, line) in text.lines().enumerate() {
        let Some(at) = line.find(&quoted) else {
            continue;
        };
        if follows_id_field(&line[..at]) {
            return Some((number + 1, line[..at].chars().count() + 1));
        }
    }
    None
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Io { file, message } => write!(f, "{file}: cannot read: {message}"),
            PlanError::TooLarge { file, bytes } => write!(
                f,
                "{file}: {bytes} bytes is more than a plan file may be ({MAX_PLAN_BYTES} bytes)"
            ),
            PlanError::NotUtf8 { file, line, column } => write!(
                f,
                "{file}:{line}:{column}: the file is not UTF-8 text (save it as UTF-8)"
            ),
            PlanError::Syntax {
                file,
                line,
                column,
                message,
                source_line,
            } => {
                writeln!(f, "{file}:{line}:{column}: {message}")?;
                write!(f, "{}", caret_under(source_line, *column))
            }
            PlanError::Invalid {
                file,
                report,
                locations,
            } => {
                let mut first = true;
                for (finding, location) in report.findings.iter().zip(locations) {
                    if !first {
                        writeln!(f)?;
                    }
                    first = false;
                    match location {
                        Some((line, column)) => write!(f, "{file}:{line}:{column}: {finding}")?,
                        None => write!(f, "{file}: {finding}")?,
                    }
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for PlanError {}

/// The line, and a caret under the given 1-based character column, placed by display
/// width so it stands under the right character in a line of Chinese text.
pub fn caret_under(line: &str, column: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let shown = crate::text::sanitize::for_terminal(line);
    let offset: usize = line
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| if c == '\t' { 1 } else { c.width().unwrap_or(0) })
        .sum();
    format!("  {shown}\n  {}^", " ".repeat(offset))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// One pass finds what a scan per id finds: every id of the bundled plan and of a
    /// synthetic one, and ids written oddly (spaces around the colon, another field
    /// ending in `id`, the id first quoted elsewhere on its line, a line's second id).
    #[test]
    fn one_pass_finds_what_a_scan_per_id_finds() {
        let odd = "x: \"a1\", id: \"a1\"\n  id :  \"b2\"\nplan_id: \"c3\"\n\
                   note: \"d4\" id: \"e5\" id: \"d4\"\nid: \"d4\"\nid: \"\"\nid: \"f6";
        let seed = load_embedded().unwrap();
        let large = crate::synthetic::plan_text(&crate::synthetic::plan(
            &seed.plan,
            crate::synthetic::Shape {
                programmes: 3,
                tasks: 200,
                ..crate::synthetic::Shape::LARGE
            },
        ));
        for text in [odd, EMBEDDED_PLAN, &large] {
            let places = IdLocations::new(text);
            let mut ids: Vec<String> = ["a1", "b2", "c3", "d4", "e5", "", "f6", "zz"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            if let Ok(loaded) = load_plan_str(text, "t") {
                ids.extend(loaded.index.ids().map(str::to_owned));
            }
            for id in &ids {
                assert_eq!(places.get(id), locate_id(text, id), "{id:?}");
            }
        }
        assert_eq!(IdLocations::new(odd).get("d4"), Some((5, 5)));
    }

    /// A loaded plan keeps only its warnings' places, not its text: each warning is still
    /// located where a scan of the text for its id finds it.
    #[test]
    fn warnings_are_located_without_the_text() {
        let seed = load_embedded().unwrap();
        let text = crate::synthetic::plan_text(&crate::synthetic::plan(
            &seed.plan,
            crate::synthetic::Shape {
                programmes: 3,
                tasks: 300,
                ..crate::synthetic::Shape::LARGE
            },
        ));
        let loaded = load_plan_str(&text, "t").unwrap();
        let warnings: Vec<&Finding> = loaded.report.warnings().collect();
        assert!(
            !warnings.is_empty(),
            "the synthetic plan has warnings to locate"
        );
        let mut located = 0;
        for warning in warnings {
            let expected = warning.item.as_deref().and_then(|id| locate_id(&text, id));
            assert_eq!(loaded.locate(warning), expected, "{warning:?}");
            located += usize::from(expected.is_some());
        }
        assert!(located > 0);
        // Ids no warning names are not kept.
        assert!(loaded.locations.places.len() <= loaded.report.findings.len());
    }
}
