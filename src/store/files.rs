//! How planmeet opens, creates and replaces files, so that a folder shared with other
//! accounts cannot be turned against the user who runs it.
//!
//! * A file is known by what it is, not by the name it was reached through: [`resolve`]
//!   follows symbolic links to the file itself, so every name of one file means one lock.
//! * A symbolic link that another user made in a folder others can write to is not followed
//!   (the rule of the kernel's `protected_symlinks`, applied whatever the system's setting).
//! * New files are created with `O_EXCL | O_NOFOLLOW`: never through a link someone planted,
//!   never onto a file someone else created in between.
//! * Only regular files are read or written: a FIFO or a device is refused at once, without
//!   blocking (`O_NONBLOCK` until the file is known to be regular).
//! * Files planmeet creates in its own data directory are `0600` and the directory `0700`
//!   ([`Privacy::Private`]); elsewhere the user's umask and the folder decide
//!   ([`Privacy::Shared`]), since a shared folder is shared on purpose.
//! * A file is replaced atomically (written beside it, synced, renamed over it) keeping its
//!   mode, owner and group, and no temporary file is left behind, even when the rename fails.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};

/// Mode of the files planmeet creates in its data directory.
pub const PRIVATE_FILE_MODE: u32 = 0o600;
/// Mode of the data directory when planmeet creates it.
pub const PRIVATE_DIR_MODE: u32 = 0o700;
/// More links than this in a row is a loop (the kernel's limit).
const MAX_LINKS: usize = 40;

/// Who a new file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Privacy {
    /// The user alone: `0600` (planmeet's own data directory).
    Private,
    /// As the umask and the folder say (`0666` less the umask; a set-group-id folder gives
    /// its group): a folder the user chose.
    Shared,
}

impl Privacy {
    pub fn mode(self) -> u32 {
        match self {
            Privacy::Private => PRIVATE_FILE_MODE,
            Privacy::Shared => 0o666,
        }
    }
}

/// The effective user id (0 where there is none).
pub fn euid() -> u32 {
    #[cfg(unix)]
    {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() }
    }
    #[cfg(not(unix))]
    0
}

fn parent_or_dot(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

fn refused(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, message)
}

/// Refuses a link that someone else could have planted: in a folder that others can write
/// to (world-writable or sticky), a link owned neither by this user nor by the folder's
/// owner.
#[cfg(unix)]
fn check_link(link: &Path, meta: &fs::Metadata) -> io::Result<()> {
    let dir = fs::metadata(parent_or_dot(link))?;
    let open_to_others = dir.mode() & 0o1002 != 0;
    let owner = meta.uid();
    if open_to_others && owner != euid() && owner != dir.uid() {
        return Err(refused(format!(
            "{} is a symbolic link made by another user (uid {owner}) in a folder others can \
             write to; planmeet does not follow it",
            link.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_link(_link: &Path, _meta: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// The file `path` names, with every symbolic link followed: absolute, without `.` or `..`
/// or links in it. A name that does not exist yet resolves to its folder's real path and
/// its last name (a dangling link to the place its target would be). A link another user
/// planted in a folder others can write to is refused (see the module's notes); a missing
/// folder is `NotFound`.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut current = std::path::absolute(path)?;
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                check_link(&current, &meta)?;
                let target = fs::read_link(&current)?;
                current = parent_or_dot(&current).join(target);
            }
            Ok(_) => return fs::canonicalize(&current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let name = current.file_name().ok_or_else(|| {
                    io::Error::new(io::ErrorKind::InvalidInput, "not a file name")
                })?;
                return Ok(fs::canonicalize(parent_or_dot(&current))?.join(name));
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many symbolic links in a row"))
}

/// How [`open_regular`] opens a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    /// Read, and append at the end.
    Append,
}

/// Opens an existing regular file (a path from [`resolve`]: a link there now is refused,
/// not followed). A directory, a FIFO, a device or a socket is refused at once without
/// blocking; `what` names what the file should be ("status file", "plan file").
pub fn open_regular(path: &Path, access: Access, what: &str) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    if access == Access::Append {
        options.append(true);
    }
    #[cfg(unix)]
    options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    let file = options
        .open(path)
        .map_err(|e| explain_open(path, e, what))?;
    ensure_regular(&file, what)?;
    blocking(&file)?;
    Ok(file)
}

/// Makes the error of an open say what happened in the terms of this module.
fn explain_open(path: &Path, error: io::Error, what: &str) -> io::Error {
    #[cfg(unix)]
    {
        match error.raw_os_error() {
            Some(libc::ELOOP) if fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink()) => {
                return refused(format!(
                    "{} became a symbolic link while planmeet was using it; it is not followed",
                    path.display()
                ));
            }
            Some(libc::EISDIR) => {
                return io::Error::other(format!("is a directory, not a {what}"));
            }
            _ => {}
        }
    }
    let _ = (path, what);
    error
}

fn ensure_regular(file: &File, what: &str) -> io::Result<()> {
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(io::Error::other(format!("is a directory, not a {what}")));
    }
    if !meta.is_file() {
        return Err(io::Error::other(format!(
            "is not a regular file (a FIFO, a device or a socket), so not a {what}: planmeet \
             reads and writes regular files only"
        )));
    }
    Ok(())
}

/// Clears `O_NONBLOCK` (set so that opening a FIFO could not block) once the file is known
/// to be regular; it has no effect on a regular file, but later code need not know that.
fn blocking(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let fd = file.as_raw_fd();
        // SAFETY: fcntl on a descriptor this `File` owns, with integer arguments only.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags < 0 || libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) < 0 {
                return Err(io::Error::last_os_error());
            }
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// Creates `path`, which must not exist (not even as a link): read and append access.
pub fn create_new(path: &Path, privacy: Privacy) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).append(true).create_new(true);
    #[cfg(unix)]
    options.mode(privacy.mode()).custom_flags(libc::O_NOFOLLOW);
    #[cfg(not(unix))]
    let _ = privacy;
    options.open(path)
}

/// Opens (creating it if need be) the lock file `path`, never through a link. Read and
/// write access when allowed; read-only otherwise (a lock file another member of a shared
/// folder created: `flock` needs no write access on a local disk).
pub fn open_lock(path: &Path, privacy: Privacy) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    options
        .mode(privacy.mode())
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    #[cfg(not(unix))]
    let _ = privacy;
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied && path.exists() => {
            return open_existing_lock(path);
        }
        Err(e) => return Err(explain_lock(path, e)),
    };
    ensure_regular(&file, "lock file")?;
    blocking(&file)?;
    Ok(file)
}

/// Opens an existing lock file read-only (for a shared lock, or when it may not be
/// written), never through a link.
pub fn open_existing_lock(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    let file = options.open(path).map_err(|e| explain_lock(path, e))?;
    ensure_regular(&file, "lock file")?;
    blocking(&file)?;
    Ok(file)
}

fn explain_lock(path: &Path, error: io::Error) -> io::Error {
    #[cfg(unix)]
    if error.raw_os_error() == Some(libc::ELOOP) {
        return refused(format!(
            "{} is a symbolic link; a lock file never is one (someone may have planted it), \
             so planmeet does not follow it",
            path.display()
        ));
    }
    let _ = path;
    error
}

/// Creates `dir` and the folders above it that are missing, each `0700`.
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(PRIVATE_DIR_MODE);
    builder.create(dir)
}

/// Whether `dir` is a folder of this user's that nobody else can write to (not a link).
pub fn is_own_private_dir(dir: &Path) -> bool {
    let Ok(meta) = fs::symlink_metadata(dir) else {
        return false;
    };
    #[cfg(unix)]
    {
        meta.is_dir() && meta.uid() == euid() && meta.mode() & 0o022 == 0
    }
    #[cfg(not(unix))]
    meta.is_dir()
}

/// A new folder of this user's alone (`0700`) in `parent`, under a name no one can guess.
pub fn create_private_dir_in(parent: &Path, prefix: &str) -> io::Result<PathBuf> {
    for _ in 0..16 {
        let dir = parent.join(format!("{prefix}{}", random_hex()));
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        builder.mode(PRIVATE_DIR_MODE);
        match builder.create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free name for a new folder"))
}

/// 64 random bits in hex: for names no one can guess (the standard library's hasher keys
/// come from the operating system's random source).
pub fn random_hex() -> String {
    use std::hash::{BuildHasher, RandomState};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let bits = RandomState::new().hash_one((nanos, std::process::id(), count));
    format!("{bits:016x}")
}

/// Flushes a folder's entries (a file created, renamed or removed in it) to disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// A file being written beside its final name: unnamed (`O_TMPFILE`) where the file
/// system allows, so that a crash or a kill leaves nothing behind; else under a hidden
/// name no one can guess, removed again whatever happens.
struct Temporary {
    file: File,
    /// The name it has in the folder, if any.
    name: Option<PathBuf>,
}

impl Temporary {
    fn create(dir: &Path, final_name: &Path, mode: u32) -> io::Result<Temporary> {
        #[cfg(target_os = "linux")]
        {
            let mut options = OpenOptions::new();
            options
                .read(true)
                .write(true)
                .mode(mode)
                .custom_flags(libc::O_TMPFILE);
            match options.open(dir) {
                Ok(file) => return Ok(Temporary { file, name: None }),
                // The file system or kernel cannot: fall back to a named file.
                Err(e)
                    if matches!(
                        e.raw_os_error(),
                        Some(libc::EOPNOTSUPP | libc::EISDIR | libc::EINVAL | libc::ENOENT)
                    ) => {}
                Err(e) => return Err(e),
            }
        }
        let stem = final_name
            .file_name()
            .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
        for _ in 0..16 {
            let name = dir.join(format!(".{stem}.{}.tmp", random_hex()));
            let mut options = OpenOptions::new();
            options.read(true).write(true).create_new(true);
            #[cfg(unix)]
            options.mode(mode).custom_flags(libc::O_NOFOLLOW);
            match options.open(&name) {
                Ok(file) => {
                    return Ok(Temporary {
                        file,
                        name: Some(name),
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        let _ = mode;
        Err(io::Error::other("no free name for a temporary file"))
    }

    /// Gives the unnamed file the name `to`; `AlreadyExists` if that name is taken.
    fn link(&self, to: &Path) -> io::Result<()> {
        #[cfg(target_os = "linux")]
        if self.name.is_none() {
            use std::ffi::CString;
            use std::os::fd::AsRawFd;
            use std::os::unix::ffi::OsStrExt;
            let from = CString::new(format!("/proc/self/fd/{}", self.file.as_raw_fd()))
                .map_err(io::Error::other)?;
            let to = CString::new(to.as_os_str().as_bytes()).map_err(io::Error::other)?;
            // SAFETY: two valid NUL-terminated paths, relative to the working directory.
            let done = unsafe {
                libc::linkat(
                    libc::AT_FDCWD,
                    from.as_ptr(),
                    libc::AT_FDCWD,
                    to.as_ptr(),
                    libc::AT_SYMLINK_FOLLOW,
                )
            };
            return if done == 0 {
                Ok(())
            } else {
                Err(io::Error::last_os_error())
            };
        }
        match &self.name {
            Some(name) => fs::hard_link(name, to),
            None => Err(io::Error::other("an unnamed file cannot be linked here")),
        }
    }

    /// Gives the unnamed file a hidden name of its own, to rename from.
    fn name_it(&mut self, dir: &Path, final_name: &Path) -> io::Result<PathBuf> {
        if let Some(name) = &self.name {
            return Ok(name.clone());
        }
        let stem = final_name
            .file_name()
            .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
        for _ in 0..16 {
            let name = dir.join(format!(".{stem}.{}.tmp", random_hex()));
            match self.link(&name) {
                Ok(()) => {
                    self.name = Some(name.clone());
                    return Ok(name);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("no free name for a temporary file"))
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if let Some(name) = self.name.take() {
            let _ = fs::remove_file(name);
        }
    }
}

/// Writes `bytes` as the new file `path`: whole or not at all, never over a file that
/// exists (or appears meanwhile) and never through a link (`AlreadyExists` then).
pub fn write_new(path: &Path, bytes: &[u8], privacy: Privacy) -> io::Result<()> {
    let dir = parent_or_dot(path);
    let mut temporary = Temporary::create(dir, path, privacy.mode())?;
    temporary.file.write_all(bytes)?;
    temporary.file.sync_all()?;
    match temporary.link(path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(e),
        Err(_) => {
            // A file system without hard links: create the file itself, exclusively, and
            // remove it again if it cannot be written whole.
            drop(temporary);
            let mut file = create_new(path, privacy)?;
            let written = file.write_all(bytes).and_then(|()| file.sync_all());
            if let Err(e) = written {
                let _ = fs::remove_file(path);
                return Err(e);
            }
        }
    }
    // `temporary` (if it had a name) is removed when dropped; the new name stays.
    sync_dir(dir)
}

/// Replaces the regular file `path` (a resolved path: see [`resolve`]) with `bytes`, or
/// creates it: atomically (a reader sees the old file or the new one), keeping the old
/// file's mode, and its owner and group as far as this user may set them. No temporary
/// file is left behind, whether the write or the final rename fails.
pub fn replace(path: &Path, bytes: &[u8], privacy: Privacy) -> io::Result<()> {
    replace_with(path, bytes, privacy, true)
}

/// [`replace`] for a cache that is checked whenever it is read (the status file's line
/// index): atomic, but not synced to disk, so a power cut may leave the old file, a short
/// one or none, never a half-replaced one.
pub fn replace_unsynced(path: &Path, bytes: &[u8], privacy: Privacy) -> io::Result<()> {
    replace_with(path, bytes, privacy, false)
}

fn replace_with(path: &Path, bytes: &[u8], privacy: Privacy, sync: bool) -> io::Result<()> {
    let old = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => Some(meta),
        Ok(meta) if meta.is_symlink() => {
            return Err(refused(format!(
                "{} became a symbolic link while planmeet was using it; it is not followed",
                path.display()
            )));
        }
        Ok(_) => {
            return Err(io::Error::other(format!(
                "{} is not a regular file",
                path.display()
            )));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let dir = parent_or_dot(path);
    let mut temporary = Temporary::create(dir, path, privacy.mode())?;
    if let Some(old) = &old {
        keep_permissions(&temporary.file, old)?;
    }
    temporary.file.write_all(bytes)?;
    if sync {
        temporary.file.sync_all()?;
    }
    let name = temporary.name_it(dir, path)?;
    fs::rename(&name, path)?;
    // Renamed: there is nothing to remove any more.
    temporary.name = None;
    if sync { sync_dir(dir) } else { Ok(()) }
}

/// Gives `file` the mode of `old`, and its owner and group where allowed: the owner only
/// root may give; the group any member of it may.
fn keep_permissions(file: &File, old: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::fchown;
        let new = file.metadata()?;
        if (new.uid() != old.uid() || new.gid() != old.gid())
            && fchown(file, Some(old.uid()), Some(old.gid())).is_err()
        {
            let _ = fchown(file, None, Some(old.gid()));
        }
        // After the owner: changing it may clear the set-id bits.
        file.set_permissions(fs::Permissions::from_mode(old.mode() & 0o7777))?;
    }
    #[cfg(not(unix))]
    let _ = (file, old);
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn resolve_follows_links_to_the_file_itself() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("a.status.ron");
        fs::write(&real, "x").unwrap();
        let link = dir.path().join("s.status.ron");
        std::os::unix::fs::symlink("a.status.ron", &link).unwrap();
        let canonical = fs::canonicalize(&real).unwrap();
        assert_eq!(resolve(&link).unwrap(), canonical);
        assert_eq!(resolve(&real).unwrap(), canonical);
        // A dangling link resolves to where its target would be.
        let dangling = dir.path().join("d");
        std::os::unix::fs::symlink("new.status.ron", &dangling).unwrap();
        assert_eq!(
            resolve(&dangling).unwrap(),
            canonical.with_file_name("new.status.ron")
        );
        // A loop is an error, not a hang.
        std::os::unix::fs::symlink("loop2", dir.path().join("loop1")).unwrap();
        std::os::unix::fs::symlink("loop1", dir.path().join("loop2")).unwrap();
        assert!(resolve(&dir.path().join("loop1")).is_err());
    }

    #[test]
    fn write_new_never_replaces_and_replace_keeps_the_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        write_new(&path, b"one", Privacy::Private).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one");
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
        let again = write_new(&path, b"two", Privacy::Private).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"one");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        replace(&path, b"three", Privacy::Private).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o640);
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }
}
