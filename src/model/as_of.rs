//! The plan's annotations as they stood on a date, for reviewing the past (`--as-of`).

use jiff::civil::Date;

use super::annotation::{AnnotationLog, Record};

/// The log as it stood at the end of `date`: records made on or before that day (by the
/// local date of the clock that recorded them), and of those, only actual values as of
/// that day or earlier. A record left with nothing to change is dropped.
pub fn as_of_log(records: &[Record], date: Date) -> AnnotationLog {
    let kept = records
        .iter()
        .filter(|r| r.at.offset().to_datetime(r.at.timestamp()).date() <= date)
        .filter_map(|r| {
            let mut r = r.clone();
            if r.actual.as_ref().is_some_and(|a| a.as_of > date) {
                r.actual = None;
            }
            let empty = r.status.is_none()
                && r.progress.is_none()
                && r.note.is_none()
                && r.actual.is_none()
                && r.clear.is_empty()
                && r.undoes.is_none();
            (!empty).then_some(r)
        });
    AnnotationLog::from_records(kept)
}
