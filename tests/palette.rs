//! The go-to-anything palette: what it finds, in which order, and where Enter and Esc
//! leave the app.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::path::PathBuf;

use planmeet::app::annotate::Dialog;
use planmeet::app::palette::{Goto, Kind, Palette, PaletteHit, Rank};
use planmeet::app::{App, AppOptions, Pane, View};
use planmeet::i18n::Lang;
use planmeet::keymap::Action;
use planmeet::runtime::Driver;
use planmeet::store::load_embedded;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod common;

use common::app::{key, screen, settle, typed};

fn app(lang: Lang) -> App {
    let mut app = App::new(load_embedded().unwrap(), AppOptions::new(lang));
    app.update(Action::Resize(120, 40));
    app
}

fn palette(app: &App) -> &Palette {
    match &app.annotations.dialog {
        Some(Dialog::Palette(p)) => p,
        _ => panic!("the palette is not open"),
    }
}

fn open_and_type(app: &mut App, text: &str) {
    app.update(Action::GoTo);
    for action in typed(text) {
        app.update(action);
    }
}

fn unit_id(app: &App, hit: &PaletteHit) -> String {
    match hit.goto {
        Goto::Unit(at) => app.loaded.plan.owners[at].id.clone(),
        _ => panic!("not a unit: {hit:?}"),
    }
}

fn entry_id(app: &App, hit: &PaletteHit) -> String {
    match hit.goto {
        Goto::Entry(e) | Goto::Note(e) => app.index().entries[e].id.clone(),
        _ => panic!("not an entry: {hit:?}"),
    }
}

#[test]
fn a_unit_typed_by_name_or_initials_comes_first_and_enter_opens_it_in_owners() {
    for text in ["市科技局", "kjj", "科技局", "shikejiju"] {
        let mut app = app(Lang::Zh);
        open_and_type(&mut app, text);
        let hits = &palette(&app).hits;
        assert!(hits.len() > 1, "{text}: {hits:?}");
        assert_eq!(hits[0].kind, Kind::Unit, "{text}");
        assert_eq!(hits[0].rank, Rank::Exact, "{text}");
        assert_eq!(unit_id(&app, &hits[0]), "kjj", "{text}");
        // One list: items matching by pinyin or text are there too, after the unit.
        assert!(hits.iter().any(|h| h.kind != Kind::Unit), "{text}");
        app.update(key(KeyCode::Enter));
        assert!(app.annotations.dialog.is_none());
        assert_eq!(app.view, View::Owners);
        assert_eq!(app.owners_view.focus, Pane::Navigator);
        assert_eq!(app.selected_owner().unwrap().id, "kjj");
        // The view's search holds what was typed, on this hit: n goes on from it.
        assert_eq!(app.search_query(), Some(text));
    }
}

#[test]
fn hits_are_ranked_exact_then_prefix_then_name_then_pinyin_then_text() {
    let mut app = app(Lang::Zh);
    open_and_type(&mut app, "科技");
    let hits = &palette(&app).hits;
    assert!(hits.windows(2).all(|w| w[0].rank <= w[1].rank), "{hits:?}");
    assert!(hits.iter().any(|h| h.rank == Rank::Text));
    // Within a rank, units first, then items in the document's order.
    let prefix: Vec<&PaletteHit> = hits.iter().filter(|h| h.rank == Rank::Name).collect();
    assert!(prefix.windows(2).all(|w| w[0].kind <= w[1].kind));
    // A target by its measure: its own kind, and Enter opens it in the Targets view.
    let mut app = self::app(Lang::Zh);
    open_and_type(&mut app, "建成自治区级以上技术创新平台");
    let first = palette(&app).hits[0].clone();
    assert_eq!(first.kind, Kind::Target);
    assert_eq!(first.rank, Rank::Exact);
    assert_eq!(entry_id(&app, &first), "p1.t1.g1");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.view, View::Targets);
    let row = app.targets_view.row.selected;
    assert_eq!(app.index().entries[app.targets[row]].id, "p1.t1.g1");
}

#[test]
fn items_by_the_documents_numbering_and_district_rows_in_their_view() {
    let mut app = app(Lang::Zh);
    open_and_type(&mut app, "六.1");
    let first = palette(&app).hits[0].clone();
    assert_eq!(first.kind, Kind::Task);
    assert_eq!(first.rank, Rank::Exact);
    assert_eq!(entry_id(&app, &first), "p6.t1");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.view, View::Plan);
    let entry = app.selected_plan_entry().unwrap();
    assert_eq!(app.index().entries[entry].id, "p6.t1");
    // The plan's `/` does not find items by their number: no search is left behind to
    // say "no match" under the item just opened.
    assert_eq!(app.search_query(), None);
    let shown = screen(&app, 120, 40);
    assert!(!shown.contains("无匹配"), "{shown}");

    // 柳南区 is a unit and a row of 附件1: both listed, the row opens in Districts.
    let mut app = self::app(Lang::Zh);
    open_and_type(&mut app, "柳南区");
    let hits = palette(&app).hits.clone();
    let row = hits
        .iter()
        .position(|h| h.kind == Kind::DistrictRow)
        .expect("the district row is listed");
    for _ in 0..row {
        app.update(key(KeyCode::Down));
    }
    app.update(key(KeyCode::Enter));
    assert_eq!(app.view, View::Districts);
    let table = app.loaded.plan.district_table.as_ref().unwrap();
    assert_eq!(table.rows[app.districts_view.row.selected].label, "柳南区");
}

#[test]
fn esc_leaves_everything_as_it_was() {
    let mut app = app(Lang::Zh);
    for action in [Action::ShowTargets, Action::MoveDown, Action::MoveDown] {
        app.update(action);
    }
    let before = app.targets_view.row.clone();
    open_and_type(&mut app, "kjj");
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Esc));
    assert!(app.annotations.dialog.is_none());
    assert_eq!(app.view, View::Targets);
    assert_eq!(app.targets_view.row, before);
    assert_eq!(app.search_query(), None);
    // Nothing found: Enter says so and stays open.
    open_and_type(&mut app, "qqqqxxzz");
    assert!(palette(&app).hits.is_empty());
    app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_some());
    assert_eq!(app.view, View::Targets);
}

fn temp_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.status.ron");
    (dir, path)
}

fn note_on_first_task(app: &mut Driver, note: &str) {
    run_driver(app, &[Action::MoveDown, Action::Open, Action::EditNote]);
    run_driver(app, &typed(note));
    app.update(Action::DialogKey(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    settle(app, |app| app.annotations.unsaved.is_empty());
    run_driver(app, &[Action::ShowOwners]);
}

fn run_driver(app: &mut Driver, actions: &[Action]) {
    for action in actions {
        app.update(action.clone());
    }
}

#[test]
fn a_note_is_found_by_its_words_and_opens_its_item_with_the_words_marked() {
    let (_dir, path) = temp_file();
    let mut app = common::app::app_on(&path, Lang::Zh, "张三");
    note_on_first_task(&mut app, "周五前报送孵化器名单");
    app.update(Action::GoTo);
    run_driver(&mut app, &typed("孵化器名单"));
    let hits = palette(&app).hits.clone();
    let note = hits
        .iter()
        .position(|h| h.kind == Kind::Note)
        .expect("the note is listed");
    assert_eq!(entry_id(&app, &hits[note]), "p1.t1");
    let text = screen(&app, 120, 40);
    assert!(text.contains("备注"), "{text}");
    assert!(text.contains("孵化器名单"), "{text}");
    for _ in 0..note {
        app.update(key(KeyCode::Down));
    }
    app.update(key(KeyCode::Enter));
    assert_eq!(app.view, View::Plan);
    let entry = app.selected_plan_entry().unwrap();
    assert_eq!(app.index().entries[entry].id, "p1.t1");
    assert_eq!(app.search_query(), Some("孵化器名单"));
}

fn drawn(
    app: &mut App,
    width: u16,
    height: u16,
) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    app.update(Action::Resize(width, height));
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            planmeet::ui::draw(frame, app);
        })
        .unwrap();
    terminal
}

#[test]
fn the_palette_at_80x24_and_120x40_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        for (width, height) in [(80, 24), (120, 40)] {
            let mut app = app(lang);
            open_and_type(&mut app, "kjj");
            let mut terminal = drawn(&mut app, width, height);
            let text = screen(&app, width, height);
            // Kinds in the interface language, names as the document writes them, no ids.
            let unit = if lang == Lang::Zh { "单位" } else { "Unit" };
            assert!(text.contains(unit), "{text}");
            assert!(!text.contains("p1.t"), "{text}");
            insta::assert_snapshot!(format!("palette_kjj_{lang:?}_{width}x{height}"), text);
            // The caret after what was typed, where an input method opens its window.
            let caret = terminal.get_cursor_position().unwrap();
            let before = common::app::row_text(terminal.backend().buffer(), caret.y, caret.x);
            assert!(before.ends_with("kjj"), "{before:?}");
            let _ = terminal.backend_mut();
        }
    }
}

#[test]
fn the_matched_characters_and_the_choice_show_without_colour() {
    use planmeet::ui::theme::{ColorLevel, Theme};
    use ratatui::style::Modifier;
    let mut app = App::new(
        load_embedded().unwrap(),
        AppOptions {
            theme: Theme::new(ColorLevel::None, false),
            ..AppOptions::new(Lang::Zh)
        },
    );
    open_and_type(&mut app, "科技局");
    let terminal = drawn(&mut app, 120, 40);
    let buffer = terminal.backend().buffer();
    // The first hit's row: the marker, and 科技局 underlined in 市科技局.
    let row = (0..40)
        .find(|&y| common::app::row_text(buffer, y, 120).contains("市科技局"))
        .expect("市科技局 is listed");
    let line = common::app::row_text(buffer, row, 120);
    assert!(line.contains(app.theme.marker()), "{line}");
    let marked: String = (0..120)
        .filter(|&x| buffer[(x, row)].modifier.contains(Modifier::UNDERLINED))
        .map(|x| buffer[(x, row)].symbol().to_owned())
        .collect();
    assert_eq!(marked.replace(' ', ""), "科技局");
    assert!((0..120).all(|x| buffer[(x, row)].fg == ratatui::style::Color::Reset));
}

#[test]
fn the_filters_unit_field_suggests_units_as_they_are_typed() {
    let mut app = app(Lang::Zh);
    app.update(Action::Filter);
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    for action in typed("kej") {
        app.update(action);
    }
    let names: Vec<String> = match &app.annotations.dialog {
        Some(Dialog::Filter(draft)) => draft
            .suggestions
            .iter()
            .map(|&p| app.loaded.plan.owners[p].name.clone())
            .collect(),
        _ => panic!("the filter dialog is not open"),
    };
    assert!(names.iter().any(|n| n == "市科技局"), "{names:?}");
    assert!(names.len() <= planmeet::app::dialog::MAX_SUGGESTIONS);
    let text = screen(&app, 120, 40);
    assert!(text.contains("市科技局"), "{text}");
    // ↓ to 市科技局, Enter takes it; the field then names one unit and the list goes.
    let at = names.iter().position(|n| *n == "市科技局").unwrap();
    for _ in 0..=at {
        app.update(key(KeyCode::Down));
    }
    app.update(key(KeyCode::Enter));
    match &app.annotations.dialog {
        Some(Dialog::Filter(draft)) => {
            assert_eq!(draft.unit.lines().join(""), "市科技局");
            assert!(draft.suggestions.is_empty());
            assert_eq!(draft.row, 2);
        }
        _ => panic!("taking a suggestion closed the dialog"),
    }
    // The next Enter applies the filter: the unit as the command line reads it.
    app.update(key(KeyCode::Enter));
    assert!(app.annotations.dialog.is_none());
    assert_eq!(
        app.filter.as_ref().and_then(|f| f.unit.as_deref()),
        Some("kjj")
    );
    // A name that is already one unit's suggests nothing: ↓ moves on to the next row.
    app.update(Action::Filter);
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    for _ in 0..10 {
        app.update(key(KeyCode::Backspace));
    }
    for action in typed("组织部") {
        app.update(action);
    }
    app.update(key(KeyCode::Down));
    match &app.annotations.dialog {
        Some(Dialog::Filter(draft)) => {
            assert!(draft.suggestions.is_empty());
            assert_eq!(draft.row, 3);
        }
        _ => panic!("the filter dialog closed"),
    }
}
