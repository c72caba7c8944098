//! Files of `planmeet import`: the document read (with a size limit) and the draft plan
//! written whole or not at all, never over an existing file unless asked to.

use std::io::{Read, Write};
use std::path::Path;

/// A plan document larger than this is refused: real ones are well under a megabyte.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a document to import.
pub fn read_document(path: &Path) -> Result<Vec<u8>, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(format!(
            "{}: is a directory, not a document",
            path.display()
        ));
    }
    let mut bytes = Vec::new();
    file.take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(format!(
            "{}: more than {MAX_DOCUMENT_BYTES} bytes; no plan document is that large",
            path.display()
        ));
    }
    Ok(bytes)
}

/// Why a draft was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// The file exists and `force` was not given.
    Exists(String),
    Io(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists(path) => write!(
                f,
                "{path} exists: not replaced (give --force to replace it, or another -o)"
            ),
            WriteError::Io(message) => f.write_str(message),
        }
    }
}

/// Writes the draft atomically: the file is the whole draft or is untouched.
pub fn write_draft(path: &Path, text: &str, force: bool) -> Result<(), WriteError> {
    let shown = path.display().to_string();
    if !force && (path.exists() || path.is_symlink()) {
        return Err(WriteError::Exists(shown));
    }
    if path.is_dir() {
        return Err(WriteError::Io(format!("{shown}: is a directory")));
    }
    let io = |e: std::io::Error| WriteError::Io(format!("{shown}: cannot write: {e}"));
    let mut file = atomic_write_file::AtomicWriteFile::open(path).map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    file.commit().map_err(io)
}

/// Reads and parses a plan file without validating it: a draft with errors still reads,
/// so it can be compared (`planmeet diff`).
pub fn parse_plan_file(path: &Path) -> Result<crate::model::Plan, String> {
    let bytes = read_document(path)?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))?;
    super::plan_file::parse_plan(&text, &path.display().to_string()).map_err(|e| e.to_string())
}
