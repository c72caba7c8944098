//! The plan's annotations as they stood on a date, for reviewing the past (`--as-of`).

use jiff::civil::Date;

use super::annotation::{AnnotationLog, Record};

/// The log as it stood at the end of `date`: records made on or before that day (by the
/// date a record says it records, `effective`, else the local date of the clock that
/// recorded it), and of those, only actual values as of that day or earlier. A record left
/// with nothing to change is dropped.
pub fn as_of_log(records: &[Record], date: Date) -> AnnotationLog {
    let kept = records
        .iter()
        .filter(|r| r.effective_date() <= date)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::annotation::{Change, Key, Stamp, Status};
    use jiff::civil::date;

    #[test]
    fn a_change_counts_from_the_date_it_records() {
        let mut change = Change::new(&Key::new("p1.t1", None));
        change.status = Some(Status::AtRisk);
        // Typed in on 3 December, for the meeting of 27 November.
        change.effective = Some(date(2026, 11, 27));
        let at = Stamp::parse("2026-12-03T09:00:00+08:00").unwrap();
        let records = [change.into_record("r1".into(), at, "王芳".into())];
        assert!(as_of_log(&records, date(2026, 11, 26)).is_empty());
        let log = as_of_log(&records, date(2026, 11, 27));
        assert_eq!(log.records().len(), 1);
        let mut plain = records[0].clone();
        plain.effective = None;
        assert!(as_of_log(&[plain], date(2026, 11, 30)).is_empty());
    }
}
