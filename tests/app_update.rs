//! `App::update`: sequences of actions and the selection and view they lead to.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use planmeet::app::navigation::SectionKind;
use planmeet::app::{App, AppOptions, Pane, View};
use planmeet::i18n::Lang;
use planmeet::keymap::Action;
use planmeet::store::load_embedded;

fn app() -> App {
    let mut app = App::new(load_embedded().unwrap(), AppOptions::new(Lang::Zh));
    app.update(Action::Resize(120, 40));
    app
}

fn selected_id(app: &App) -> String {
    let entry = app.selected_plan_entry().expect("an item is selected");
    app.index().entries[entry].id.clone()
}

fn run(app: &mut App, actions: &[Action]) {
    for action in actions {
        app.update(action.clone());
    }
}

#[test]
fn walking_the_navigator_and_items() {
    let mut app = app();
    assert_eq!(app.view, View::Plan);
    assert_eq!(app.plan_view.focus, Pane::Navigator);
    assert_eq!(selected_id(&app), "o");
    run(&mut app, &[Action::MoveDown]);
    assert_eq!(app.section_kind(), Some(SectionKind::Programme(0)));
    assert_eq!(selected_id(&app), "p1.t1");
    run(
        &mut app,
        &[Action::Open, Action::MoveDown, Action::MoveDown],
    );
    assert_eq!(app.plan_view.focus, Pane::Items);
    assert_eq!(selected_id(&app), "p1.t3");
    // Past the end stays at the end.
    run(&mut app, &[Action::End, Action::MoveDown]);
    assert_eq!(selected_id(&app), "p1.t4");
    run(&mut app, &[Action::Home]);
    assert_eq!(selected_id(&app), "p1.t1");
    // Back to the navigator, into programme 六: its first sub-task, then its sub-items.
    run(&mut app, &[Action::Back]);
    assert_eq!(app.plan_view.focus, Pane::Navigator);
    for _ in 0..5 {
        app.update(Action::MoveDown);
    }
    assert_eq!(app.section_kind(), Some(SectionKind::Programme(5)));
    run(&mut app, &[Action::FocusNext, Action::MoveDown]);
    assert_eq!(selected_id(&app), "p6.t1.s1");
}

#[test]
fn each_section_keeps_its_own_place() {
    let mut app = app();
    run(
        &mut app,
        &[Action::MoveDown, Action::Open, Action::MoveDown],
    );
    assert_eq!(selected_id(&app), "p1.t2");
    run(&mut app, &[Action::Back, Action::MoveDown]);
    assert_eq!(selected_id(&app), "p2.t1");
    run(&mut app, &[Action::MoveUp]);
    assert_eq!(selected_id(&app), "p1.t2", "coming back keeps the place");
}

#[test]
fn focus_cycles_through_the_panes_both_ways() {
    let mut app = app();
    run(&mut app, &[Action::FocusNext, Action::FocusNext]);
    assert_eq!(app.plan_view.focus, Pane::Detail);
    run(&mut app, &[Action::FocusNext]);
    assert_eq!(app.plan_view.focus, Pane::Navigator);
    run(&mut app, &[Action::FocusPrev]);
    assert_eq!(app.plan_view.focus, Pane::Detail);
    // In the detail pane, moving scrolls the text instead of changing the item.
    let before = selected_id(&app);
    run(&mut app, &[Action::MoveDown, Action::MoveDown]);
    assert_eq!(app.plan_view.detail_scroll, 2);
    assert_eq!(selected_id(&app), before);
}

#[test]
fn number_keys_switch_views() {
    let mut app = app();
    for (action, view) in [
        (Action::ShowOwners, View::Owners),
        (Action::ShowTargets, View::Targets),
        (Action::ShowDistricts, View::Districts),
        (Action::ShowDashboard, View::Dashboard),
        (Action::ShowPlan, View::Plan),
    ] {
        app.update(action);
        assert_eq!(app.view, view);
    }
}

#[test]
fn owners_view_lists_the_units_items_and_opens_one_in_the_plan() {
    let mut app = app();
    run(&mut app, &[Action::ShowOwners]);
    assert_eq!(app.selected_owner().unwrap().id, "sw_zzb");
    // 市委组织部 leads p1.t2 (引育高层次创新人才) and 附件2's a2.r2.
    let ids: Vec<String> = app
        .owner_items()
        .iter()
        .map(|a| app.index().entries[a.entry].id.clone())
        .collect();
    assert!(
        ids.iter().any(|i| i == "p1.t2") && ids.iter().any(|i| i == "a2.r2"),
        "{ids:?}"
    );
    run(&mut app, &[Action::Open]);
    assert_eq!(app.owners_view.focus, Pane::Items);
    run(&mut app, &[Action::Open]);
    assert_eq!(app.view, View::Plan);
    assert_eq!(selected_id(&app), ids[0]);
}

#[test]
fn search_is_incremental_and_jumps_to_the_match() {
    let mut app = app();
    run(&mut app, &[Action::Search]);
    assert!(app.searching());
    for c in "星创天地".chars() {
        app.update(Action::SearchInput(c));
    }
    // The first item whose text mentions 星创天地 is p4.t5 (科技特派员, 依托…星创天地).
    assert_eq!(selected_id(&app), "p4.t5");
    let hits = app.search().unwrap().hits.len();
    assert!(hits >= 2);
    run(&mut app, &[Action::SearchConfirm, Action::SearchNext]);
    assert!(!app.searching());
    assert_eq!(selected_id(&app), "p6.t2");
    run(&mut app, &[Action::SearchPrev]);
    assert_eq!(selected_id(&app), "p4.t5");
}

#[test]
fn search_belongs_to_the_view_it_is_typed_in() {
    // In the owners view, / looks through units (by pinyin too) and stays in the view.
    let mut app = app();
    run(&mut app, &[Action::ShowOwners, Action::Search]);
    for c in "yinbaojian".chars() {
        app.update(Action::SearchInput(c));
    }
    run(&mut app, &[Action::SearchConfirm]);
    assert_eq!(app.view, View::Owners);
    assert_eq!(app.selected_owner().unwrap().name, "柳州银保监分局");
    // An exact id or name ranks first: kjj is 市科技局 although other units spell k…j…j.
    run(&mut app, &[Action::Search]);
    for c in "kjj".chars() {
        app.update(Action::SearchInput(c));
    }
    assert_eq!(app.selected_owner().unwrap().id, "kjj");
    // In the plan view the same search never leaves the plan.
    run(
        &mut app,
        &[Action::SearchCancel, Action::ShowPlan, Action::Search],
    );
    for c in "yinbaojian".chars() {
        app.update(Action::SearchInput(c));
    }
    assert_eq!(app.view, View::Plan);
}

#[test]
fn esc_in_the_search_line_goes_back_to_where_the_view_was() {
    let mut app = app();
    run(&mut app, &[Action::ShowTargets, Action::End]);
    let before = app.targets_view.row.selected;
    run(&mut app, &[Action::Search]);
    for c in "研发投入".chars() {
        app.update(Action::SearchInput(c));
    }
    assert_ne!(
        app.targets_view.row.selected, before,
        "the search moved the selection"
    );
    run(&mut app, &[Action::SearchCancel]);
    assert_eq!(app.view, View::Targets);
    assert_eq!(app.targets_view.row.selected, before);
}

#[test]
fn a_search_with_no_match_says_so_and_keeps_the_selection() {
    let mut app = app();
    run(&mut app, &[Action::MoveDown]);
    let before = selected_id(&app);
    run(
        &mut app,
        &[
            Action::Search,
            Action::SearchInput('Ω'),
            Action::SearchConfirm,
        ],
    );
    assert!(app.search().unwrap().hits.is_empty());
    assert_eq!(selected_id(&app), before);
    run(&mut app, &[Action::SearchNext]);
    assert!(app.notice.is_some());
}

#[test]
fn targets_view_opens_a_target_at_its_item() {
    let mut app = app();
    run(&mut app, &[Action::ShowTargets]);
    // o.g1 … o.g13 first, then p1.t1.g1.
    for _ in 0..13 {
        app.update(Action::MoveDown);
    }
    run(&mut app, &[Action::Open]);
    assert_eq!(app.view, View::Plan);
    assert_eq!(selected_id(&app), "p1.t1");
}

#[test]
fn districts_view_scrolls_horizontally_within_bounds() {
    // Scrolling moves the selected column; the frame shows it (the first column shown
    // follows in drawing).
    let mut app = app();
    run(&mut app, &[Action::ShowDistricts]);
    for _ in 0..50 {
        app.update(Action::ScrollRight);
    }
    assert_eq!(app.districts_view.column, 9);
    for _ in 0..50 {
        app.update(Action::ScrollLeft);
    }
    assert_eq!(app.districts_view.column, 0);
    assert_eq!(app.districts_view.column_offset, 0);
}

#[test]
fn help_opens_and_any_other_key_closes_it() {
    let mut app = app();
    run(&mut app, &[Action::Help]);
    assert!(app.show_help);
    run(&mut app, &[Action::MoveDown]);
    assert!(app.show_help, "moving scrolls the help");
    run(&mut app, &[Action::Back]);
    assert!(!app.show_help);
    run(&mut app, &[Action::Quit]);
    assert!(!app.running);
}

#[test]
fn a_main_goal_shows_the_milestones_of_the_annex_row_that_breaks_it_down() {
    let app = app();
    let plan = &app.loaded.plan;
    let entry = app.loaded.index.position("o.g11").unwrap();
    let planmeet::model::Node::Target(target) = app.node(entry).unwrap() else {
        panic!("o.g11 is a target");
    };
    assert!(target.milestones.is_empty(), "the goal itself gives none");
    let milestones = planmeet::model::query::milestones(plan, target);
    let years: Vec<(u16, String)> = milestones
        .list
        .iter()
        .map(|m| (m.year, m.bound.with_unit(milestones.unit)))
        .collect();
    assert_eq!(
        years,
        [
            (2021, "18%".to_owned()),
            (2022, "20%".into()),
            (2023, "22%".into())
        ]
    );
    let row = milestones.from_row.unwrap();
    assert_eq!(
        plan.department_table.as_ref().unwrap().rows[row].id,
        "a2.r4"
    );
}
