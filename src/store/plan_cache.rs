//! A binary copy of a parsed plan file, so a large plan opens without ron's parse.
//!
//! ron reads a plan at ~60 instructions a byte (10.7 MB at 10,000 sub-tasks: 540 million
//! instructions, most of a start); the copy is in [`super::cache_codec`]'s encoding (all
//! its text in one table checked as UTF-8 once, fields by name, each name once: the plan's
//! `skip_serializing_if` fields make the positional formats, postcard and bincode, unable
//! to read back what they wrote) and reads several times faster.
//!
//! The copy lives in the user's cache folder (`PLANMEET_CACHE_DIR`, else the platform's,
//! `~/.cache/planmeet/plans`), one file per plan file (named by a hash of its real path),
//! never beside the plan (a shared folder stays the coordinators'). It is used only when
//! its header matches: its magic, [`FORMAT_VERSION`], planmeet's version, the hash of the
//! rules ([`rules_hash`]: the source of validation and of the plan's types), the plan
//! file's length and the XXH3-128 hash of its bytes, and the XXH3 hash of its own body.
//! Anything else (stale, truncated, corrupt, another version's or another build's) is
//! ignored, the plan is read from its RON and the copy rewritten (a temporary file
//! renamed over it, so a reader never sees half of one). A cache folder that cannot be
//! written is passed over in silence.
//!
//! What is cached is the plan, validation's findings (warnings: a plan with errors is not
//! cached) and where their items are written in the file. The findings are kept by their
//! message key and arguments as text and mapped back through
//! [`validate::MESSAGES`](crate::model::validate::MESSAGES): a key or argument this build
//! does not have makes the whole cache ignored. Warnings are the same, with the same file,
//! line and column, whichever way the plan was read; the index is computed again from the
//! plan. `planmeet validate` never uses the cache.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

use super::cache_codec;
use super::plan_file::{self, IdLocations, LoadedPlan, PlanError};
use crate::model::Plan;
use crate::model::validate::{self, Finding, FindingKind, Report, Severity};

/// The layout of a cache file; a change of it, or of what it holds, raises this.
pub const FORMAT_VERSION: u32 = 2;

/// The source files whose text decides what a cached plan and its findings are: the
/// plan's types (the encoding follows their fields), validation and the index it reads,
/// and the encoding itself. A build whose copy of any of them differs by a byte does not
/// read another build's cache, even under the same version number. What these files may
/// import is held to this list by a test (`the_rules_hash_covers_what_validation_reads`).
const RULES_SOURCES: &[&str] = &[
    include_str!("../model/plan.rs"),
    include_str!("../model/validate.rs"),
    include_str!("../model/index.rs"),
    include_str!("cache_codec.rs"),
    include_str!("plan_cache.rs"),
];

/// The XXH3 hash of [`RULES_SOURCES`], each one's length before it.
pub fn rules_hash() -> u64 {
    static HASH: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *HASH.get_or_init(|| {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for source in RULES_SOURCES {
            hasher.update(&(source.len() as u64).to_le_bytes());
            hasher.update(source.as_bytes());
        }
        hasher.digest()
    })
}
const MAGIC: &[u8; 8] = b"PMPLANC\0";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// How a load used the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheUse {
    /// The plan came from the cache.
    Hit,
    /// The plan was read from its RON and the cache written.
    Written,
    /// The plan was read from its RON; no cache was written (no folder, a folder that
    /// cannot be written, or a plan with errors).
    Skipped,
}

/// The cache folder: `PLANMEET_CACHE_DIR`, else the platform's cache folder's `plans`.
pub fn dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PLANMEET_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "planmeet").map(|d| d.cache_dir().join("plans"))
}

/// Where the cache of the plan file at `real` (a resolved path) is kept in `dir`.
pub fn file_for(dir: &Path, real: &Path) -> PathBuf {
    let key = xxh3_64(real.as_os_str().as_encoded_bytes());
    dir.join(format!("{key:016x}.plan.bin"))
}

/// What the cache holds besides its header.
#[derive(Serialize)]
struct BodyRef<'a> {
    plan: &'a Plan,
    places: Vec<(&'a str, usize, usize)>,
    findings: Vec<FindingRef<'a>>,
}

/// A finding as cached: its message by key, the key's arguments by name, as text.
#[derive(Serialize)]
struct FindingRef<'a> {
    severity: Severity,
    kind: FindingKind,
    item: Option<&'a str>,
    key: &'a str,
    args: Vec<(&'a str, &'a str)>,
}

#[derive(Deserialize)]
struct Body {
    plan: Plan,
    places: Vec<(String, usize, usize)>,
    findings: Vec<CachedFinding>,
}

#[derive(Deserialize)]
struct CachedFinding {
    severity: Severity,
    kind: FindingKind,
    item: Option<String>,
    key: String,
    args: Vec<(String, String)>,
}

impl CachedFinding {
    /// The finding validation gave, its key and argument names mapped back to this
    /// build's message table; none if the table lacks any of them.
    fn into_finding(self) -> Option<Finding> {
        let &(key, template) = validate::MESSAGES.iter().find(|(k, _)| *k == self.key)?;
        let args = self
            .args
            .into_iter()
            .map(|(name, value)| Some((placeholder(template, &name)?, value)))
            .collect::<Option<Vec<_>>>()?;
        Some(Finding {
            severity: self.severity,
            kind: self.kind,
            item: self.item,
            message: validate::fill(template, &args),
            key,
            args,
        })
    }
}

/// `name` as a placeholder of `template` (`{name}`), or of any message's, borrowed from the
/// message table.
fn placeholder(template: &'static str, name: &str) -> Option<&'static str> {
    let pattern = format!("{{{name}}}");
    std::iter::once(template)
        .chain(validate::MESSAGES.iter().map(|(_, text)| *text))
        .find_map(|text| {
            let at = text.find(&pattern)?;
            text.get(at + 1..at + 1 + name.len())
        })
}

/// Read, parse and validate a plan file through the cache in `cache` (none: no cache).
pub fn load_plan_file_cached(
    path: &Path,
    cache: Option<&Path>,
) -> Result<(LoadedPlan, CacheUse), PlanError> {
    let Some(cache) = cache else {
        let (file, _, bytes) = plan_file::read_plan_bytes(path)?;
        return plan_file::load_plan_bytes(bytes, &file).map(|l| (l, CacheUse::Skipped));
    };
    // The plan file's bytes are read and hashed on a thread while this one reads and
    // decodes the cache; the decoded plan is used only if the cache's header names
    // exactly those bytes. They are hashed block by block, never held whole (a hit never
    // needs them; a miss, rare, reads them again).
    let cache_file = super::files::resolve(path)
        .ok()
        .map(|real| (file_for(cache, &real), real));
    let (hashed, candidate) = std::thread::scope(|scope| {
        let hashing = std::thread::Builder::new()
            .name("plan-hash".into())
            .spawn_scoped(scope, || plan_file::hash_plan_file(path));
        let candidate = cache_file.as_ref().and_then(|(at, _)| read(at));
        let hashed = match hashing {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|_| plan_file::hash_plan_file(path)),
            // No thread to spare: hashed here, after the cache was read.
            Err(_) => plan_file::hash_plan_file(path),
        };
        (hashed, candidate)
    });
    let (file, real, length, hash) = hashed?;
    if let (Some(candidate), Some((_, resolved))) = (candidate, &cache_file)
        && *resolved == real
        && candidate.hash == hash
        && candidate.length == length
        && let Some(findings) = candidate
            .body
            .findings
            .into_iter()
            .map(CachedFinding::into_finding)
            .collect::<Option<Vec<_>>>()
        && let Some(loaded) = plan_file::loaded_from_parts(
            candidate.body.plan,
            &file,
            IdLocations::from_places(candidate.body.places),
            Report { findings },
        )
    {
        return Ok((loaded, CacheUse::Hit));
    }
    let cache_file = file_for(cache, &real);
    let (file, _, bytes) = plan_file::read_plan_bytes(path)?;
    // The plan as read now: what is parsed is what is hashed for the cache.
    let (hash, length) = (xxh3_128(&bytes), bytes.len());
    let loaded = plan_file::load_plan_bytes(bytes, &file)?;
    let written = write(cache, &cache_file, hash, length, &loaded).is_ok();
    Ok((
        loaded,
        if written {
            CacheUse::Written
        } else {
            CacheUse::Skipped
        },
    ))
}

/// What the plan cache's fuzz target checks of any bytes taken as a cache's body, and the
/// test suite's short run of it: they decode to a plan or to an error, never a panic or a
/// hang; and what decodes, encoded again, decodes to what it was (compared encoded, so a
/// NaN compares equal to itself). Panics when not; says whether they decoded.
#[doc(hidden)]
#[allow(clippy::expect_used)] // A fuzz check: a panic is how it reports a finding.
pub fn check_fuzz_input(data: &[u8]) -> bool {
    let Ok(body) = cache_codec::from_slice::<Body>(data) else {
        return false;
    };
    // Whether its findings map back or not, it is never a panic.
    let findings: Vec<Option<Finding>> = body
        .findings
        .into_iter()
        .map(CachedFinding::into_finding)
        .collect();
    let encode = |plan: &Plan, places: &[(String, usize, usize)]| {
        cache_codec::to_vec(&BodyRef {
            plan,
            places: places
                .iter()
                .map(|(i, l, c)| (i.as_str(), *l, *c))
                .collect(),
            findings: Vec::new(),
        })
        .expect("a decoded plan encodes")
    };
    let once = encode(&body.plan, &body.places);
    let again: Body = cache_codec::from_slice(&once).expect("what was encoded decodes");
    assert_eq!(
        encode(&again.plan, &again.places),
        once,
        "a plan changed on its way back"
    );
    drop(findings);
    true
}

/// A real cache body, of `loaded`, for the fuzz target's seeds and its short run.
#[doc(hidden)]
pub fn fuzz_seed(loaded: &LoadedPlan) -> Vec<u8> {
    body_of(loaded).unwrap_or_default()
}

/// The body the cache of `loaded` holds.
fn body_of(loaded: &LoadedPlan) -> Result<Vec<u8>, cache_codec::Error> {
    // In the order of their ids: the same plan writes the same cache.
    let mut places: Vec<(&str, usize, usize)> = loaded.located().collect();
    places.sort_unstable();
    let findings = loaded
        .report
        .findings
        .iter()
        .map(|f| FindingRef {
            severity: f.severity,
            kind: f.kind,
            item: f.item.as_deref(),
            key: f.key,
            args: f.args.iter().map(|(n, v)| (*n, v.as_str())).collect(),
        })
        .collect();
    cache_codec::to_vec(&BodyRef {
        plan: &loaded.plan,
        places,
        findings,
    })
}

/// The header every cache file starts with, for a plan of these bytes.
fn header(hash: u128, length: usize, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(VERSION.len() as u8);
    out.extend_from_slice(VERSION.as_bytes());
    out.extend_from_slice(&rules_hash().to_le_bytes());
    out.extend_from_slice(&hash.to_le_bytes());
    out.extend_from_slice(&(length as u64).to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&xxh3_64(body).to_le_bytes());
    out
}

/// A cache file's plan, decoded, and the plan file's bytes it says it was made from.
struct Candidate {
    hash: u128,
    length: usize,
    body: Body,
}

/// The cache file's plan, if the file is there, whole and of this build; whether it is of
/// the plan file's bytes is for the caller to check against `hash` and `length`.
fn read(cache_file: &Path) -> Option<Candidate> {
    let handle =
        super::files::open_regular(cache_file, super::files::Access::Read, "cache").ok()?;
    // A cache is about the size of its plan; anything much larger is not one of ours.
    let limit = plan_file::MAX_PLAN_BYTES * 2;
    let size = handle.metadata().map_or(0, |m| m.len()).min(limit);
    // Room for all of it at once (no regrowing copies), and one more byte to see the end.
    let mut data = Vec::with_capacity(usize::try_from(size).ok()?.saturating_add(1));
    handle.take(limit).read_to_end(&mut data).ok()?;
    let (hash, length, body_hash, body_at) = {
        // The header as this build writes it; the plan's hash and length, the body's
        // length and hash are read from the file.
        let expected = header(0, 0, &[]);
        let hash_at = expected.len() - 16 - 8 - 16;
        let fixed = hash_at;
        if data.len() < expected.len() || data[..fixed] != expected[..fixed] {
            return None;
        }
        let hash = u128::from_le_bytes(data.get(hash_at..hash_at + 16)?.try_into().ok()?);
        let number = |at: usize| -> Option<u64> {
            Some(u64::from_le_bytes(data.get(at..at + 8)?.try_into().ok()?))
        };
        let length = usize::try_from(number(hash_at + 16)?).ok()?;
        let body_length = usize::try_from(number(hash_at + 24)?).ok()?;
        let body_hash = number(hash_at + 32)?;
        let body = data.get(expected.len()..)?;
        if body.len() != body_length {
            return None;
        }
        (hash, length, body_hash, expected.len())
    };
    // The body's hash is checked on a thread while this one decodes it (the decoder
    // trusts nothing it reads either way); what was decoded is used only if it matches.
    let body = &data[body_at..];
    let (hashed, decoded) = std::thread::scope(|scope| {
        let hashing = std::thread::Builder::new()
            .name("cache-hash".into())
            .spawn_scoped(scope, || xxh3_64(body));
        let decoded = cache_codec::from_slice::<Body>(body).ok();
        let hashed = match hashing {
            Ok(handle) => handle.join().ok(),
            Err(_) => None,
        };
        // No thread to spare, or it failed: hashed here.
        (hashed.unwrap_or_else(|| xxh3_64(body)), decoded)
    });
    if hashed != body_hash {
        return None;
    }
    let body = decoded?;
    Some(Candidate { hash, length, body })
}

/// Write the cache of a plan just read from its RON: to a temporary file in the cache
/// folder, renamed over the old cache. Any failure leaves the old one (or none).
fn write(
    dir: &Path,
    cache_file: &Path,
    hash: u128,
    length: usize,
    loaded: &LoadedPlan,
) -> std::io::Result<()> {
    let body = body_of(loaded).map_err(std::io::Error::other)?;
    super::files::create_private_dir_all(dir)?;
    let temporary = cache_file.with_extension(format!("tmp{}", super::files::random_hex()));
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(super::files::PRIVATE_FILE_MODE);
        }
        let mut out = std::io::BufWriter::new(options.open(&temporary)?);
        out.write_all(&header(hash, length, &body))?;
        out.write_all(&body)?;
        out.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(&temporary, cache_file)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_header_names_the_build_and_the_bytes() {
        let a = header(1, 10, b"x");
        assert!(a.starts_with(MAGIC));
        assert_ne!(a, header(2, 10, b"x"));
        assert_ne!(a, header(1, 11, b"x"));
        assert_ne!(a, header(1, 10, b"y"));
        let version_at = MAGIC.len() + 4 + 1;
        assert_eq!(
            &a[version_at..version_at + VERSION.len()],
            VERSION.as_bytes()
        );
        let rules_at = version_at + VERSION.len();
        assert_eq!(&a[rules_at..rules_at + 8], rules_hash().to_le_bytes());
    }

    /// The files whose text keys the cache may import nothing outside that list (a
    /// helper moved out of validation into another file would change the findings
    /// without changing the key): the code before each file's tests names only these.
    #[test]
    fn the_rules_hash_covers_what_validation_reads() {
        // `super::`/`crate::` paths each file may name: the hashed files and the model's
        // re-exports of their items.
        let allowed = ["plan::", "index::", "validate::", "Node", "PlanIndex"];
        let files = [
            ("model/plan.rs", RULES_SOURCES[0]),
            ("model/validate.rs", RULES_SOURCES[1]),
            ("model/index.rs", RULES_SOURCES[2]),
        ];
        for (name, source) in files {
            let code = source.split("#[cfg(test)]").next().unwrap();
            for prefix in ["super::", "crate::"] {
                for (at, _) in code.match_indices(prefix) {
                    let rest = &code[at + prefix.len()..];
                    let rest = rest.strip_prefix("model::").unwrap_or(rest);
                    assert!(
                        allowed.iter().any(|a| rest.starts_with(a)),
                        "{name} uses {prefix}{}: add that file to RULES_SOURCES",
                        &rest[..rest.len().min(30)]
                    );
                }
            }
        }
        // And the hash changes with any of them.
        let mut one = RULES_SOURCES.to_vec();
        let changed = format!("{} ", RULES_SOURCES[1]);
        one[1] = &changed;
        let hash = |sources: &[&str]| {
            let mut hasher = xxhash_rust::xxh3::Xxh3::new();
            for source in sources {
                hasher.update(&(source.len() as u64).to_le_bytes());
                hasher.update(source.as_bytes());
            }
            hasher.digest()
        };
        assert_eq!(hash(RULES_SOURCES), rules_hash());
        assert_ne!(hash(&one), rules_hash());
    }

    #[test]
    fn a_finding_maps_back_to_the_message_table() {
        let cached = |key: &str, args: &[(&str, &str)]| CachedFinding {
            severity: Severity::Warning,
            kind: FindingKind::Inconsistent,
            item: Some("p1.t1".into()),
            key: key.into(),
            args: args
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        };
        let finding = cached("finding.components_sum", &[("sum", "3"), ("total", "4")])
            .into_finding()
            .unwrap();
        assert_eq!(finding.key, "finding.components_sum");
        assert_eq!(finding.message, "components add up to 3, the target says 4");
        assert_eq!(
            finding.args,
            vec![("sum", "3".to_owned()), ("total", "4".to_owned())]
        );
        // A key or an argument this build does not have: the cache is not used.
        assert!(
            cached("finding.no_such_thing", &[])
                .into_finding()
                .is_none()
        );
        assert!(
            cached("finding.components_sum", &[("nowhere", "3")])
                .into_finding()
                .is_none()
        );
    }
}
