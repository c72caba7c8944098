//! The plan's annotations as they stood on a date, for reviewing the past (`--as-of`).

use jiff::civil::Date;

use super::annotation::{AnnotationLog, Record};

/// The log as it stood at the end of `date`: records made on or before that day (by the
/// date a record says it records, `effective`, else the local date of the clock that
/// recorded it), and of those, only actual values as of that day or earlier. An actual
/// value's own date is when it counts from: one dated 30 June but typed in later counts
/// at 30 June (the rest of its record, from the record's date). A record left with nothing
/// to change is dropped.
pub fn as_of_log(records: &[Record], date: Date) -> AnnotationLog {
    let kept = records.iter().filter_map(|r| {
        let actual_counts = r.actual.as_ref().is_some_and(|a| a.as_of <= date);
        let record_counts = r.effective_date() <= date;
        if !record_counts && !actual_counts {
            return None;
        }
        let mut r = r.clone();
        if !actual_counts {
            r.actual = None;
        }
        if !record_counts {
            // Only the back-dated actual value is of that day.
            r.status = None;
            r.progress = None;
            r.note = None;
            if let Some(extra) = r.extra.as_mut() {
                extra.clear.clear();
                extra.undoes = None;
            }
        }
        let empty = r.status.is_none()
            && r.progress.is_none()
            && r.note.is_none()
            && r.actual.is_none()
            && r.clear().is_empty()
            && r.undoes().is_none();
        (!empty).then_some(r)
    });
    AnnotationLog::from_records(kept)
}

/// `log` as it stood at the end of `date`, or as it is with no date.
pub fn log_as_of(log: &AnnotationLog, date: Option<Date>) -> std::borrow::Cow<'_, AnnotationLog> {
    match date {
        Some(date) => std::borrow::Cow::Owned(as_of_log(log.records(), date)),
        None => std::borrow::Cow::Borrowed(log),
    }
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
        plain.extra_mut().effective = None;
        assert!(as_of_log(&[plain], date(2026, 11, 30)).is_empty());
    }

    #[test]
    fn a_back_filled_actual_counts_from_its_own_date() {
        let mut change = Change::new(&Key::new("o.g1", None));
        change.actual = Some(crate::model::annotation::Actual {
            value: 96.0,
            as_of: date(2022, 6, 30),
        });
        change.note = Some("补录".into());
        // Typed in on 3 December 2026, for 30 June 2022.
        let at = Stamp::parse("2026-12-03T09:00:00+08:00").unwrap();
        let records = [change.into_record("r1".into(), at, "王芳".into())];
        let log = as_of_log(&records, date(2022, 6, 30));
        let annotation = log.annotation("o.g1", None).unwrap();
        assert_eq!(annotation.actuals.len(), 1);
        assert_eq!(annotation.actuals[0].value, 96.0);
        assert!(annotation.note.is_none(), "the note was written later");
        assert!(as_of_log(&records, date(2022, 6, 29)).is_empty());
        // Its whole record counts from the day it was typed.
        let log = as_of_log(&records, date(2026, 12, 3));
        assert!(log.annotation("o.g1", None).unwrap().note.is_some());
    }
}
