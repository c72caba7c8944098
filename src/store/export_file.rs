//! Writing an exported document: a new file (never over an existing one), written whole
//! or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `name` in the current directory, or in the data directory when the
/// current one cannot be written; `name-2.ext`, `name-3.ext`… when the name is taken.
/// Returns the absolute path written.
pub fn write_new(name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    let mut errors = Vec::new();
    let dirs = [
        std::env::current_dir().ok(),
        super::status_file::data_dir().map(|d| d.join("exports")),
    ];
    for dir in dirs.into_iter().flatten() {
        match write_in(&dir, name, bytes) {
            Ok(path) => return Ok(path),
            Err(e) => errors.push(e),
        }
    }
    Err(errors.join("; "))
}

fn write_in(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    let path = (1..1000)
        .map(|n| match n {
            1 => dir.join(name),
            n => dir.join(format!("{stem}-{n}.{extension}")),
        })
        .find(|p| !p.exists())
        .ok_or_else(|| format!("{}: too many files named {name}", dir.display()))?;
    let mut file = atomic_write_file::AtomicWriteFile::open(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.commit())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}
