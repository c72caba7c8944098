//! Writing an exported document: written whole or not at all, never through a symbolic
//! link, never over a status file or a plan, and over another existing file only when
//! asked to (`--force`).

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::files::{self, Privacy};

/// Why an export was not written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("{file} exists: add --force to replace it")]
    Exists { file: String },
    #[error(
        "{file} is a symbolic link: an export is never written through one (name the file \
         itself, or another)"
    )]
    Link { file: String },
    #[error("{file} is {what}: an export never replaces it, even with --force")]
    Protected { file: String, what: &'static str },
    #[error("{file} is not a regular file: an export replaces regular files only")]
    NotRegular { file: String },
    #[error("{file}: cannot write: {message}")]
    Io { file: String, message: String },
    #[error("{dir}: too many files named {name}")]
    NoFreeName { dir: String, name: String },
    /// Every folder tried failed, for these reasons.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Nowhere(Vec<ExportError>),
}

fn io_error(path: &Path, e: io::Error) -> ExportError {
    ExportError::Io {
        file: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Writes `bytes` to `name` in the current directory, or in the data directory when the
/// current one cannot be written; `name-2.ext`, `name-3.ext`… when the name is taken.
/// Returns the absolute path written.
pub fn write_new(name: &str, bytes: &[u8]) -> Result<PathBuf, ExportError> {
    let mut errors = Vec::new();
    let dirs = [
        std::env::current_dir().ok().map(|d| (d, Privacy::Shared)),
        super::status_file::data_dir().map(|d| (d.join("exports"), Privacy::Private)),
    ];
    for (dir, privacy) in dirs.into_iter().flatten() {
        match write_in(&dir, name, bytes, privacy) {
            Ok(path) => return Ok(path),
            Err(e) => errors.push(e),
        }
    }
    Err(ExportError::Nowhere(errors))
}

fn write_in(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    privacy: Privacy,
) -> Result<PathBuf, ExportError> {
    let created = match privacy {
        Privacy::Private => files::create_private_dir_all(dir),
        Privacy::Shared => std::fs::create_dir_all(dir),
    };
    created.map_err(|e| io_error(dir, e))?;
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    for n in 1..1000 {
        let path = match n {
            1 => dir.join(name),
            n => dir.join(format!("{stem}-{n}.{extension}")),
        };
        // A name taken (by a file or a link) is skipped, even one taken meanwhile.
        match files::write_new(&path, bytes, privacy) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_error(&path, e)),
        }
    }
    Err(ExportError::NoFreeName {
        dir: dir.display().to_string(),
        name: name.to_owned(),
    })
}

/// What a file is, if it is one an export must never replace: a status file (its first
/// line a header or a change) or a plan (`format_version:` near its start, as RON writes
/// it — a JSON export of a plan spells it `"format_version":`).
pub fn kind_of(path: &Path) -> io::Result<Option<&'static str>> {
    let file = files::open_regular(path, files::Access::Read, "file")?;
    let mut head = Vec::new();
    file.take(64 * 1024).read_to_end(&mut head)?;
    let text = String::from_utf8_lossy(&head);
    let text = text.trim_start_matches('\u{feff}');
    let first = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with("//"));
    if let Some(first) = first
        && ["Header(", "Change(", "Meeting(", "Decision("]
            .iter()
            .any(|start| first.starts_with(start))
    {
        return Ok(Some("a planmeet status file"));
    }
    if text.contains("format_version:") {
        return Ok(Some("a plan file"));
    }
    Ok(None)
}

/// Writes an export to `path`, the user's `-o FILE`: a new file, written whole or not at
/// all. An existing file is replaced (atomically, keeping its mode) only with `force`, and
/// never when it is a status file or a plan — found by their first lines, or by being one
/// of `protected` (the plan and status file in use, by any name). A symbolic link is never
/// written through.
pub fn write_to(
    path: &Path,
    bytes: &[u8],
    force: bool,
    protected: &[&Path],
) -> Result<(), ExportError> {
    let file = path.display().to_string();
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            match files::write_new(path, bytes, Privacy::Shared) {
                Ok(()) => Ok(()),
                // Created meanwhile, by someone else: not replaced.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    Err(ExportError::Exists { file })
                }
                Err(e) => Err(io_error(path, e)),
            }
        }
        Err(e) => Err(io_error(path, e)),
        Ok(meta) if meta.is_symlink() => Err(ExportError::Link { file }),
        Ok(meta) if !meta.is_file() => Err(ExportError::NotRegular { file }),
        Ok(_) => {
            if protected
                .iter()
                .any(|p| super::status_file::same_file(p, path))
            {
                return Err(ExportError::Protected {
                    file,
                    what: "the plan or status file in use",
                });
            }
            if let Some(what) = kind_of(path).map_err(|e| io_error(path, e))? {
                return Err(ExportError::Protected { file, what });
            }
            if !force {
                return Err(ExportError::Exists { file });
            }
            files::replace(path, bytes, Privacy::Shared).map_err(|e| io_error(path, e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_an_export_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let status = dir.path().join("s.status.ron");
        std::fs::write(&status, "Header(format_version: 1, plan: \"p\")\n").unwrap();
        let plan = dir.path().join("plan.ron");
        std::fs::write(&plan, crate::store::plan_file::EMBEDDED_PLAN).unwrap();
        let report = dir.path().join("report.md");
        std::fs::write(&report, "# old").unwrap();
        assert_eq!(kind_of(&status).unwrap(), Some("a planmeet status file"));
        assert_eq!(kind_of(&plan).unwrap(), Some("a plan file"));
        assert_eq!(kind_of(&report).unwrap(), None);
        for path in [&status, &plan] {
            let error = write_to(path, b"x", true, &[]).unwrap_err();
            assert!(matches!(error, ExportError::Protected { .. }), "{error}");
        }
        let error = write_to(&report, b"new", false, &[]).unwrap_err();
        assert!(error.to_string().contains("--force"), "{error}");
        write_to(&report, b"new", true, &[]).unwrap();
        assert_eq!(std::fs::read(&report).unwrap(), b"new");
        let error = write_to(&report, b"x", true, &[&report]).unwrap_err();
        assert!(matches!(error, ExportError::Protected { .. }), "{error}");
    }
}
