//! A binary copy of a parsed plan file, so a large plan opens without ron's parse.
//!
//! ron reads a plan at ~60 instructions a byte (10.7 MB at 10,000 sub-tasks: 540 million
//! instructions, most of a start); the copy is MessagePack (`rmp-serde`, fields by name:
//! the plan's `skip_serializing_if` fields make the positional formats, postcard and
//! bincode, unable to read back what they wrote) and reads several times faster.
//!
//! The copy lives in the user's cache folder (`PLANMEET_CACHE_DIR`, else the platform's,
//! `~/.cache/planmeet/plans`), one file per plan file (named by a hash of its real path),
//! never beside the plan (a shared folder stays the coordinators'). It is used only when
//! its header matches: its magic, [`FORMAT_VERSION`], planmeet's version, the plan file's
//! length and the XXH3-128 hash of its bytes, and the XXH3 hash of its own body. Anything
//! else (stale, truncated, corrupt, another version's) is ignored, the plan is read from
//! its RON and the copy rewritten (a temporary file renamed over it, so a reader never
//! sees half of one). A cache folder that cannot be written is passed over in silence.
//!
//! What is cached is the plan and where its warnings' items are written in the file; the
//! index and validation are computed again from the plan (the same plan gives the same
//! findings), so warnings are the same, with the same file, line and column, whichever
//! way the plan was read. `planmeet validate` never uses the cache.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

use super::plan_file::{self, IdLocations, LoadedPlan, PlanError};
use crate::model::Plan;

/// The layout of a cache file; a change of it, or of what it holds, raises this.
pub const FORMAT_VERSION: u32 = 1;
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
}

#[derive(Deserialize)]
struct Body {
    plan: Plan,
    places: Vec<(String, usize, usize)>,
}

/// Read, parse and validate a plan file through the cache in `cache` (none: no cache).
pub fn load_plan_file_cached(
    path: &Path,
    cache: Option<&Path>,
) -> Result<(LoadedPlan, CacheUse), PlanError> {
    let (file, real, bytes) = plan_file::read_plan_bytes(path)?;
    let Some(cache) = cache else {
        return plan_file::load_plan_bytes(bytes, &file).map(|l| (l, CacheUse::Skipped));
    };
    let cache_file = file_for(cache, &real);
    let hash = xxh3_128(&bytes);
    if let Some(loaded) = read(&cache_file, hash, bytes.len(), &file) {
        return Ok((loaded, CacheUse::Hit));
    }
    let length = bytes.len();
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

/// The header every cache file starts with, for a plan of these bytes.
fn header(hash: u128, length: usize, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(VERSION.len() as u8);
    out.extend_from_slice(VERSION.as_bytes());
    out.extend_from_slice(&hash.to_le_bytes());
    out.extend_from_slice(&(length as u64).to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&xxh3_64(body).to_le_bytes());
    out
}

/// The cached plan, if the cache file is there, whole, of this build and of these bytes.
fn read(cache_file: &Path, hash: u128, length: usize, file: &str) -> Option<LoadedPlan> {
    let handle =
        super::files::open_regular(cache_file, super::files::Access::Read, "cache").ok()?;
    let mut data = Vec::new();
    // A cache is about the size of its plan; anything much larger is not one of ours.
    handle
        .take(plan_file::MAX_PLAN_BYTES * 2)
        .read_to_end(&mut data)
        .ok()?;
    let body_length = {
        // The header as this build writes it, with the body's length and hash left out.
        let expected = header(hash, length, &[]);
        let fixed = expected.len() - 16;
        if data.len() < expected.len() || data[..fixed] != expected[..fixed] {
            return None;
        }
        let number = |at: usize| -> Option<u64> {
            Some(u64::from_le_bytes(data.get(at..at + 8)?.try_into().ok()?))
        };
        let body_length = usize::try_from(number(fixed)?).ok()?;
        let body_hash = number(fixed + 8)?;
        let body = data.get(expected.len()..)?;
        if body.len() != body_length || xxh3_64(body) != body_hash {
            return None;
        }
        expected.len()
    };
    let body: Body = rmp_serde::from_slice(&data[body_length..]).ok()?;
    drop(data);
    let loaded =
        plan_file::loaded_from_parts(body.plan, file, IdLocations::from_places(body.places))?;
    Some(loaded)
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
    // In the order of their ids: the same plan writes the same cache.
    let mut places: Vec<(&str, usize, usize)> = loaded.located().collect();
    places.sort_unstable();
    let body = rmp_serde::to_vec_named(&BodyRef {
        plan: &loaded.plan,
        places,
    })
    .map_err(std::io::Error::other)?;
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
    }
}
