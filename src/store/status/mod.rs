//! The pieces of the status file that do not hold a file open: the line format, reading a
//! file's bytes into records and problems, and merging files. [`super::status_file`] is the
//! store that reads, appends under a lock and follows what others append.

pub mod format;
pub mod index;
pub mod merge;
pub mod read;

pub use format::{
    Line, LineError, decode_line, encode_header, encode_record, event_version_needed,
    version_needed,
};
pub use merge::{MergeError, MergeReport, merge_files, merged_text};
pub use read::{Problem, Scan, scan, scan_reader};
