//! One description of a change: the model's `Record::describe` says what the browser's
//! `App::describe` says, in both languages, for every kind of change — so the browser can
//! call the model's and drop its copy without a visible difference (but for an undo,
//! which the browser names by the time of the change it takes back).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use planmeet::app::{App, AppOptions};
use planmeet::i18n::{Lang, Strings};
use planmeet::model::annotation::{Actual, Change, Field, Key, Stamp, Status};
use planmeet::store::load_embedded;
use planmeet::text::Marks;

#[test]
fn the_models_description_is_the_browsers() {
    let at = Stamp::parse("2026-11-27T09:00:00+08:00").unwrap();
    let mut changes = Vec::new();
    let mut everything = Change::new(&Key::new("p1.t2", Some("kjj")));
    everything.status = Some(Status::AtRisk);
    everything.progress = Some(60);
    everything.note = Some("人才公寓尚未交付，需要市住建局协调用地和资金\n第二行".into());
    everything.undoes = Some("0a6c982ba0064a55".into());
    changes.push(everything);
    let mut actual = Change::new(&Key::new("o.g3", None));
    actual.actual = Some(Actual {
        value: 1352.98,
        as_of: jiff::civil::date(2022, 6, 30),
    });
    changes.push(actual);
    let mut cleared = Change::new(&Key::new("p1.t1", None));
    cleared.clear = vec![Field::Note, Field::Status, Field::Progress];
    changes.push(cleared);
    for status in Status::ALL {
        let mut change = Change::new(&Key::new("s5", None));
        change.status = Some(status);
        changes.push(change);
    }
    for lang in [Lang::Zh, Lang::En] {
        let app = App::new(load_embedded().unwrap(), AppOptions::new(lang));
        let strings = Strings::new(lang);
        for change in &changes {
            let record = change.clone().into_record("r1".into(), at, "王芳".into());
            let model =
                record.describe(&|key| strings.get(key).to_owned(), Some(24), Marks::UNICODE);
            // Except that the browser names an undone change by when it was made (here, a
            // record it does not have: the id's first characters), never by its whole id.
            let expected = match record.undoes() {
                Some(id) => model.replace(
                    &strings.get("history.undoes").replace("{id}", id),
                    &strings.format("history.undoes_change", &[("at", &&id[..8])]),
                ),
                None => model,
            };
            assert_eq!(expected, app.describe(&record), "{lang:?}");
        }
    }
}
