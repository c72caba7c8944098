//! Filled report forms read from disk for `planmeet collect` and the browser's collect: a
//! file, or every `.xlsx` in a folder, as bytes (what they say is read by
//! [`crate::export::collect`], which does no I/O).

use std::io::Read;
use std::path::{Path, PathBuf};

use super::files::{self, Access};

/// A filled form larger than this is not a form planmeet wrote.
pub const MAX_FORM_BYTES: u64 = 64 * 1024 * 1024;

/// One form file: the name messages and tags give it, and its bytes or why there are none.
#[derive(Debug, Clone, PartialEq)]
pub struct FormFile {
    pub name: String,
    pub path: PathBuf,
    pub bytes: Result<Vec<u8>, FormFileError>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FormFileError {
    /// It could not be read (the system's words).
    Io(String),
    /// Larger than [`MAX_FORM_BYTES`].
    TooLarge,
    /// A folder with no `.xlsx` file in it.
    NoForms,
}

/// The forms at `paths`: a file as it is, a folder as the `.xlsx` files in it (by name;
/// the lock files Excel and LibreOffice leave beside an open file, `~$…` and `.~lock…`,
/// left out).
pub fn read_forms(paths: &[PathBuf]) -> Vec<FormFile> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(read_form(path));
            continue;
        }
        let listed = std::fs::read_dir(path).map(|entries| {
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| is_form_name(p) && !p.is_dir())
                .collect();
            found.sort();
            found
        });
        match listed {
            Ok(found) if found.is_empty() => out.push(FormFile {
                name: path.display().to_string(),
                path: path.clone(),
                bytes: Err(FormFileError::NoForms),
            }),
            Ok(found) => out.extend(found.iter().map(|p| read_form(p))),
            Err(e) => out.push(FormFile {
                name: path.display().to_string(),
                path: path.clone(),
                bytes: Err(FormFileError::Io(e.to_string())),
            }),
        }
    }
    out
}

fn is_form_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.to_lowercase().ends_with(".xlsx") && !name.starts_with("~$") && !name.starts_with(".~")
}

/// One form file, refused past [`MAX_FORM_BYTES`] without reading the rest.
pub fn read_form(path: &Path) -> FormFile {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut bytes = Vec::new();
    let read = files::resolve(path)
        .and_then(|real| files::open_regular(&real, Access::Read, "file"))
        .and_then(|f| f.take(MAX_FORM_BYTES + 1).read_to_end(&mut bytes));
    let bytes = match read {
        Err(e) => Err(FormFileError::Io(e.to_string())),
        Ok(_) if bytes.len() as u64 > MAX_FORM_BYTES => Err(FormFileError::TooLarge),
        Ok(_) => Ok(bytes),
    };
    FormFile {
        name,
        path: path.to_path_buf(),
        bytes,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_folder_gives_its_forms_by_name_and_leaves_lock_files_out() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "市财政局.xlsx",
            "市科技局.XLSX",
            "~$市科技局.xlsx",
            ".~lock.a.xlsx#",
            "说明.txt",
        ] {
            std::fs::write(dir.path().join(name), name).unwrap();
        }
        let read = read_forms(&[dir.path().to_path_buf()]);
        let names: Vec<&str> = read.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["市科技局.XLSX", "市财政局.xlsx"]);
        assert_eq!(read[1].bytes, Ok("市财政局.xlsx".as_bytes().to_vec()));
        let empty = tempfile::tempdir().unwrap();
        let none = read_forms(&[empty.path().to_path_buf()]);
        assert_eq!(none[0].bytes, Err(FormFileError::NoForms));
        let missing = read_forms(&[dir.path().join("无.xlsx")]);
        assert!(matches!(&missing[0].bytes, Err(FormFileError::Io(_))));
        assert_eq!(missing[0].name, "无.xlsx");
    }
}
