//! The application as a state machine: its state, and `update`, the one place that state
//! changes.
//!
//! Keys, the mouse, the status file's worker and the runtime all speak to the app in
//! [`Action`]s; `update` applies one and returns the [`Effect`]s it asks for (append this
//! record, write this export…), which the runtime (`crate::runtime`) carries out. The app
//! does no I/O and reads no clock (it is given a [`Clock`]). Drawing (in `ui`) only reads
//! the state and returns what it measured ([`FrameLayout`]), which comes back as
//! [`Action::Drawn`].

pub mod action;
pub mod annotate;
pub mod dialog;
pub mod effect;
pub mod export;
pub mod filter;
pub mod keymap;
pub mod layout;
pub mod meeting;
pub mod navigation;
pub mod search;

use std::collections::HashMap;
use std::sync::Arc;

use crate::i18n::{Lang, Strings};
use crate::model::clock::Clock;
use crate::model::query::{self, Assignment};
use crate::model::{Node, PlanIndex};
use crate::store::LoadedPlan;
use crate::text::wrap::WrapCache;
use crate::ui::theme::{ColorLevel, Theme};
use annotate::Annotations;
use navigation::{Section, SectionKind};
use search::{Hit, SearchCorpus, SearchState};

pub use action::{Action, Outcome};
pub use effect::Effect;
pub use keymap::Keymap;
pub use layout::{FrameLayout, ListSlot};

/// The views of the tab bar, switched with 1–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Plan,
    Owners,
    Targets,
    Districts,
    Dashboard,
    /// 议定事项: decisions and action items.
    Decisions,
    /// Every change since the previous meeting.
    Changes,
}

impl View {
    pub const ALL: [View; 7] = [
        View::Plan,
        View::Owners,
        View::Targets,
        View::Districts,
        View::Dashboard,
        View::Decisions,
        View::Changes,
    ];

    pub fn key(self) -> &'static str {
        match self {
            View::Plan => "view.plan",
            View::Owners => "view.owners",
            View::Targets => "view.targets",
            View::Districts => "view.districts",
            View::Dashboard => "view.dashboard",
            View::Decisions => "view.decisions",
            View::Changes => "view.changes",
        }
    }
}

/// The panes of a master–detail view, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pane {
    Navigator,
    Items,
    Detail,
}

impl Pane {
    fn next(self) -> Pane {
        match self {
            Pane::Navigator => Pane::Items,
            Pane::Items | Pane::Detail => Pane::Detail,
        }
    }

    fn previous(self) -> Pane {
        match self {
            Pane::Navigator | Pane::Items => Pane::Navigator,
            Pane::Detail => Pane::Items,
        }
    }

    /// The pane focused after a move: → / Enter and ← / Esc stop at the ends; Tab and
    /// Shift-Tab go round.
    fn after(self, action: Action) -> Pane {
        match (action, self) {
            (Action::FocusNext, Pane::Detail) => Pane::Navigator,
            (Action::FocusPrev, Pane::Navigator) => Pane::Detail,
            (Action::MoveRight | Action::Open | Action::FocusNext, _) => self.next(),
            (Action::MoveLeft | Action::Back | Action::FocusPrev, _) => self.previous(),
            _ => self,
        }
    }
}

/// Up, down, page, home and end in a plain list of `len` rows.
fn move_row(cursor: &mut ListCursor, action: Action, len: usize, page: isize) {
    match action {
        Action::MoveDown => cursor.step(1, len),
        Action::MoveUp => cursor.step(-1, len),
        Action::PageDown => cursor.step(page, len),
        Action::PageUp => cursor.step(-page, len),
        Action::Home => cursor.select(0, len),
        Action::End => cursor.select(len, len),
        _ => {}
    }
}

/// A scroll offset moved by `delta` lines; Home and End move by huge amounts, which must
/// saturate rather than wrap when narrowed to the offset's type. Drawing clamps the end.
fn scrolled(offset: u16, delta: isize) -> u16 {
    let delta = delta.clamp(i16::MIN as isize, i16::MAX as isize) as i16;
    offset.saturating_add_signed(delta)
}

/// A selectable list's position. `offset` is the first row drawn last time: drawing keeps
/// the selection in view from there, as ratatui's `ListState` does, and reports the row it
/// started at in its [`FrameLayout`].
#[derive(Debug, Clone, Default)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: usize,
}

impl ListCursor {
    pub fn select(&mut self, row: usize, len: usize) {
        self.selected = row.min(len.saturating_sub(1));
    }

    fn step(&mut self, delta: isize, len: usize) {
        let row = self.selected.saturating_add_signed(delta);
        self.select(row, len);
    }

    /// The first row to draw so that the selection is visible in `height` rows.
    pub fn visible_offset(&self, height: usize, len: usize) -> usize {
        let height = height.max(1);
        let mut offset = self.offset.min(len.saturating_sub(1));
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        // Don't leave blank rows at the bottom when the list could fill them.
        offset.min(len.saturating_sub(height))
    }
}

#[derive(Debug, Clone)]
pub struct PlanViewState {
    pub focus: Pane,
    pub section: ListCursor,
    /// Selected row in each section's items, so coming back to a section keeps its place.
    pub items: Vec<ListCursor>,
    pub detail_scroll: u16,
}

#[derive(Debug, Clone)]
pub struct OwnersViewState {
    pub focus: Pane,
    pub owner: ListCursor,
    pub item: ListCursor,
    pub detail_scroll: u16,
}

#[derive(Debug, Clone, Default)]
pub struct TableState {
    pub row: ListCursor,
    /// First column shown after the frozen label column, for tables wider than the screen.
    pub column_offset: usize,
}

/// Everything the interface shows, and nothing of how it is drawn.
pub struct App {
    pub loaded: LoadedPlan,
    pub lang: Lang,
    pub strings: Strings,
    pub keymap: Keymap,
    pub view: View,
    pub plan_view: PlanViewState,
    pub owners_view: OwnersViewState,
    pub targets_view: TableState,
    pub districts_view: TableState,
    pub search: SearchState,
    pub show_help: bool,
    pub help_scroll: u16,
    pub mouse: bool,
    pub theme: Theme,
    pub running: bool,
    /// Terminal size as of the last resize; decides how many panes there are.
    pub size: (u16, u16),
    /// A one-line message for the status bar (a search with no match…).
    pub notice: Option<String>,
    // Derived once from the plan:
    pub sections: Vec<Section>,
    /// Entry positions of every target, in document order (the Targets view's rows).
    pub targets: Vec<usize>,
    /// For each unit id, the items it leads or shares.
    pub assignments: HashMap<String, Vec<Assignment>>,
    /// Unit id → position in the registry: every visible row names its lead unit.
    owner_positions: HashMap<String, usize>,
    corpus: search::CorpusSlot,
    /// Wrapped paragraphs per width, filled from what frames report they wrapped.
    pub wrap_cache: WrapCache,
    /// What the last frame measured: where to map a click, how far lists and panes scroll.
    pub layout: FrameLayout,
    /// How far the detail pane could scroll when last drawn (its length depends on the
    /// wrap width), so scrolling stops at the end instead of running on unseen.
    pub detail_max_scroll: u16,
    /// Where the time and new ids come from.
    pub clock: Arc<dyn Clock>,
    /// What the action being applied asks of the world; `update` hands them out.
    effects: Vec<Effect>,
    /// Status annotations: the log, who is writing, dialogs, what is not yet on disk.
    pub annotations: Annotations,
    pub review_date: jiff::civil::Date,
    pub light_margin: f64,
    /// Reviewing the past: see [`AppOptions::as_of`].
    pub as_of: Option<jiff::civil::Date>,
    /// Presenter mode, on the programme shown (by position).
    pub presenter: Option<usize>,
    /// The agenda being walked in the meeting, if one is.
    pub agenda: Option<meeting::Agenda>,
    pub decisions_view: TableState,
    /// The decisions view shows only overdue decisions.
    pub decisions_overdue_only: bool,
    pub changes_view: TableState,
    /// The changes view groups by responsible unit instead of by programme.
    pub changes_by_unit: bool,
    /// The filter every list is shown through, if any.
    pub filter: Option<crate::model::filter::Filter>,
    /// The name of the filter being saved, until the runtime says it is.
    saved_filter_name: Option<String>,
    pub saved_filters: crate::model::filter::SavedFilters,
    /// The lists as the plan has them; `sections`, `targets` and `assignments` are these
    /// through the filter.
    pub all_sections: Vec<Section>,
    pub all_targets: Vec<usize>,
    pub all_assignments: HashMap<String, Vec<Assignment>>,
}

/// Settings that come from the command line and the config file.
#[derive(Debug, Clone)]
pub struct AppOptions {
    pub lang: Lang,
    pub mouse: bool,
    pub theme: Theme,
    pub keymap: Keymap,
    /// Who changes are recorded as (shown in the status bar; `A` changes it).
    pub author: String,
    /// The date the plan is reviewed at: traffic lights are computed for it. Today unless
    /// `--as-of` names another.
    pub review_date: jiff::civil::Date,
    /// How far below the expected pace a target is still amber (0.10 = 10%).
    pub light_margin: f64,
    /// Filters saved under a name (`filters.ron` in the config directory).
    pub saved_filters: crate::model::filter::SavedFilters,
    /// Review the plan as it stood at the end of this day (`--as-of`): only changes made
    /// by then count, and nothing can be changed.
    pub as_of: Option<jiff::civil::Date>,
    /// Where the time and new ids come from (the system's, or a test's).
    pub clock: Arc<dyn Clock>,
}

impl AppOptions {
    /// Defaults for tests and benchmarks: 16 colours, mouse on, the default keys.
    pub fn new(lang: Lang) -> AppOptions {
        AppOptions {
            lang,
            mouse: true,
            theme: Theme::new(ColorLevel::Basic, false),
            keymap: Keymap::default(),
            author: "planmeet".into(),
            review_date: crate::store::clock::SystemClock.today(),
            light_margin: crate::model::progress::DEFAULT_MARGIN,
            saved_filters: Default::default(),
            as_of: None,
            clock: Arc::new(crate::store::clock::SystemClock),
        }
    }
}

impl App {
    pub fn new(loaded: LoadedPlan, options: AppOptions) -> Self {
        let plan = &loaded.plan;
        let index = &loaded.index;
        let sections = navigation::sections(plan, index);
        let targets: Vec<usize> = query::targets(plan, index)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        let assignments = query::assignments(plan, index);
        let owner_positions = plan
            .owners
            .iter()
            .enumerate()
            .map(|(position, owner)| (owner.id.clone(), position))
            .collect();
        // Built on first use, or in the background once the first frame is out.
        let corpus = search::CorpusSlot::NotStarted;
        let items = sections.iter().map(|_| ListCursor::default()).collect();
        Self {
            lang: options.lang,
            strings: Strings::new(options.lang),
            keymap: options.keymap,
            view: View::Plan,
            plan_view: PlanViewState {
                focus: Pane::Navigator,
                section: ListCursor::default(),
                items,
                detail_scroll: 0,
            },
            owners_view: OwnersViewState {
                focus: Pane::Navigator,
                owner: ListCursor::default(),
                item: ListCursor::default(),
                detail_scroll: 0,
            },
            targets_view: TableState::default(),
            districts_view: TableState::default(),
            search: SearchState::default(),
            show_help: false,
            help_scroll: 0,
            mouse: options.mouse,
            theme: options.theme,
            running: true,
            size: (80, 24),
            notice: None,
            sections: sections.clone(),
            targets: targets.clone(),
            assignments: assignments.clone(),
            owner_positions,
            corpus,
            wrap_cache: WrapCache::default(),
            layout: FrameLayout::default(),
            detail_max_scroll: u16::MAX,
            clock: options.clock,
            effects: Vec::new(),
            annotations: Annotations::new(options.author),
            review_date: options.review_date,
            light_margin: options.light_margin,
            as_of: options.as_of,
            presenter: None,
            agenda: None,
            decisions_view: TableState::default(),
            decisions_overdue_only: false,
            changes_view: TableState::default(),
            changes_by_unit: false,
            filter: None,
            saved_filter_name: None,
            saved_filters: options.saved_filters,
            all_sections: sections,
            all_targets: targets,
            all_assignments: assignments,
            loaded,
        }
    }

    /// A status file is followed from now on: changes wait for it to be read, and its
    /// worker's replies arrive as [`Action::Store`].
    pub fn follow_status_file(&mut self, path: std::path::PathBuf) {
        let author = self.annotations.author.clone();
        self.annotations = Annotations::new(author);
        self.annotations.file = Some(path);
        self.annotations.file_state = annotate::FileState::Loading;
    }

    /// Work the first frame should not wait for: the search index, built on a thread of its
    /// own (pure computation; the first search joins it if it is still running).
    pub fn start_background_work(&mut self) {
        if let search::CorpusSlot::NotStarted = self.corpus {
            self.corpus = SearchCorpus::build_in_background(&self.loaded.plan, &self.loaded.index);
        }
    }

    pub fn index(&self) -> &PlanIndex {
        &self.loaded.index
    }

    // ---- what is selected ------------------------------------------------------------

    pub fn current_section(&self) -> Option<&Section> {
        self.sections.get(self.plan_view.section.selected)
    }

    /// The entry selected in the plan view's items pane.
    pub fn selected_plan_entry(&self) -> Option<usize> {
        let s = self.plan_view.section.selected;
        let row = self.plan_view.items.get(s)?.selected;
        self.sections.get(s)?.items.get(row).copied()
    }

    /// The unit selected in the owners view.
    pub fn selected_owner(&self) -> Option<&crate::model::Owner> {
        self.loaded.plan.owners.get(self.owners_view.owner.selected)
    }

    /// The selected unit's items, in document order.
    pub fn owner_items(&self) -> &[Assignment] {
        self.selected_owner()
            .and_then(|o| self.assignments.get(&o.id))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub fn selected_owner_entry(&self) -> Option<usize> {
        self.owner_items()
            .get(self.owners_view.item.selected)
            .map(|a| a.entry)
    }

    /// How many panes fit side by side at the current width.
    pub fn pane_count(&self) -> usize {
        match self.size.0 {
            100.. => 3,
            60..=99 => 2,
            _ => 1,
        }
    }

    pub fn district_row_count(&self) -> usize {
        self.loaded
            .plan
            .district_table
            .as_ref()
            .map_or(0, |t| t.rows.len())
    }

    pub fn district_column_count(&self) -> usize {
        self.loaded
            .plan
            .district_table
            .as_ref()
            .map_or(0, |t| t.columns.len())
    }

    /// Rows a page key moves: the body of the screen, less bars and borders.
    fn page(&self) -> isize {
        (self.size.1 as isize - 6).max(1)
    }

    // ---- the one place state changes ---------------------------------------------------

    /// Applies one action and returns what it asks of the world.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.apply(action);
        std::mem::take(&mut self.effects)
    }

    /// Asks the runtime for something; `update` hands it out.
    pub(crate) fn emit(&mut self, effect: Effect) {
        self.effects.push(effect);
    }

    /// The terminal's answers to the probe: its background chooses the palette, and a
    /// terminal that draws ambiguous characters wide gets the ASCII frame and markers.
    fn terminal_probed(
        &mut self,
        background: Option<crate::ui::theme::Background>,
        ambiguous_wide: Option<bool>,
    ) {
        if background.is_some() {
            self.theme = self.theme.with_background(background);
        }
        if ambiguous_wide == Some(true) {
            self.theme.ascii = true;
        }
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Store(reply) => return self.update_from_store(*reply),
            Action::Done(outcome) => return self.outcome(outcome),
            Action::Drawn(layout) => return self.measured(*layout),
            Action::Paste(text) => return self.paste(&text),
            Action::TerminalProbed {
                background,
                ambiguous_wide,
            } => return self.terminal_probed(background, ambiguous_wide),
            _ => {}
        }
        if !matches!(action, Action::Resize(..)) {
            self.notice = None;
        }
        if self.annotations.dialog.is_some() {
            self.update_dialog(action);
            return;
        }
        if self.search.editing {
            self.update_search_input(action);
            return;
        }
        if self.presenter.is_some() {
            self.update_presenter(action);
            return;
        }
        if self.show_help {
            self.update_help(action);
            return;
        }
        match action {
            Action::Quit => self.request_quit(),
            Action::CycleStatus if self.view == View::Decisions => self.cycle_decision(),
            Action::CycleStatus
            | Action::PickStatus
            | Action::SetProgress
            | Action::RecordActual
            | Action::EditNote
            | Action::Undo
            | Action::Redo
            | Action::SetAuthor => self.update_annotation(action),
            Action::StartMeeting
            | Action::CloseMeeting
            | Action::Decide
            | Action::Agenda
            | Action::AgendaNext
            | Action::AgendaPrev
            | Action::MarkDiscussed => self.update_meeting(action),
            Action::ShowDecisions => self.view = View::Decisions,
            Action::ShowChanges => self.view = View::Changes,
            Action::ToggleOverdue if self.view == View::Decisions => {
                self.decisions_overdue_only = !self.decisions_overdue_only;
                self.decisions_view.row = ListCursor::default();
            }
            Action::Filter => self.open_filter_dialog(),
            Action::Export => self.open_export_dialog(),
            Action::ClearFilter => self.clear_filter(),
            Action::Present => {
                // Start on the programme in view, else the first.
                let programme = match self.section_kind() {
                    Some(SectionKind::Programme(p)) if self.view == View::Plan => p,
                    _ => 0,
                };
                if !self.loaded.plan.programmes.is_empty() {
                    self.presenter = Some(programme);
                }
            }
            Action::Help => {
                self.show_help = true;
                self.help_scroll = 0;
            }
            Action::ShowPlan => self.view = View::Plan,
            Action::ShowOwners => self.view = View::Owners,
            Action::ShowTargets => self.view = View::Targets,
            Action::ShowDistricts => self.view = View::Districts,
            Action::ShowDashboard => self.view = View::Dashboard,
            Action::Search => {
                self.search.editing = true;
                self.search.query.clear();
                self.search.hits.clear();
                self.search.current = None;
            }
            Action::SearchNext | Action::SearchPrev => {
                let forward = action == Action::SearchNext;
                match self.search.step(forward) {
                    Some(hit) => self.jump_to(hit),
                    None => self.notice = Some(self.strings.get("search.no_matches").to_owned()),
                }
            }
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.emit(Effect::SetMouse(self.mouse));
            }
            Action::Resize(w, h) => self.size = (w, h),
            Action::Click(column, row) => self.click(column, row),
            Action::ScrollWheel(down, column, row) => self.wheel(down, column, row),
            other => match self.view {
                View::Plan => self.update_plan_view(other),
                View::Owners => self.update_owners_view(other),
                View::Targets => self.update_targets_view(other),
                View::Districts => self.update_districts_view(other),
                View::Decisions => {
                    let (len, page) = (self.shown_decisions().len(), self.page());
                    move_row(&mut self.decisions_view.row, other, len, page);
                }
                View::Changes if matches!(other, Action::FocusNext | Action::FocusPrev) => {
                    self.changes_by_unit = !self.changes_by_unit;
                    self.changes_view.row = ListCursor::default();
                }
                View::Changes => {
                    let (len, page) = (self.changes_since_last_meeting().len(), self.page());
                    move_row(&mut self.changes_view.row, other, len, page);
                }
                View::Dashboard => {}
            },
        }
    }

    /// Presenter mode: next and previous programme; Esc or `P` goes back.
    fn update_presenter(&mut self, action: Action) {
        let Some(programme) = self.presenter else {
            return;
        };
        let last = self.loaded.plan.programmes.len().saturating_sub(1);
        self.presenter = match action {
            Action::MoveDown
            | Action::MoveRight
            | Action::PageDown
            | Action::FocusNext
            | Action::Open => Some((programme + 1).min(last)),
            Action::MoveUp | Action::MoveLeft | Action::PageUp | Action::FocusPrev => {
                Some(programme.saturating_sub(1))
            }
            Action::Home => Some(0),
            Action::End => Some(last),
            Action::Back | Action::Present => None,
            Action::Quit => {
                self.request_quit();
                Some(programme)
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                Some(programme)
            }
            _ => Some(programme),
        };
    }

    /// The help overlay scrolls; any other key closes it.
    fn update_help(&mut self, action: Action) {
        if let Action::Resize(w, h) = action {
            self.size = (w, h);
        }
        // As far as the last frame could scroll it.
        let last = self.layout.help_max_scroll.unwrap_or(u16::MAX);
        let page = self.page() as u16;
        self.help_scroll = match action {
            Action::MoveDown => self.help_scroll.saturating_add(1),
            Action::MoveUp => self.help_scroll.saturating_sub(1),
            Action::PageDown => self.help_scroll.saturating_add(page),
            Action::PageUp => self.help_scroll.saturating_sub(page),
            Action::Home => 0,
            Action::End => last,
            Action::Resize(..) => self.help_scroll,
            Action::Quit => {
                self.request_quit();
                self.help_scroll
            }
            _ => {
                self.show_help = false;
                0
            }
        }
        .min(last);
    }

    /// Pasted text goes where typed text would: into the dialog's field (line breaks as
    /// Enter, for the note editor) or the search line; control characters never arrive.
    fn paste(&mut self, text: &str) {
        if self.annotations.dialog.is_some() {
            for key in dialog::field::pasted_keys(text) {
                self.apply(Action::DialogKey(key));
            }
        } else if self.search.editing {
            for c in text.chars().filter(|c| !c.is_control()) {
                self.apply(Action::SearchInput(c));
            }
        }
    }

    fn update_search_input(&mut self, action: Action) {
        match action {
            Action::SearchInput(c) => {
                self.search.query.push(c);
                self.run_search();
            }
            Action::SearchBackspace => {
                self.search.query.pop();
                self.run_search();
            }
            Action::SearchConfirm => self.search.editing = false,
            Action::SearchCancel => {
                self.search.editing = false;
                self.search.query.clear();
                self.search.hits.clear();
                self.search.current = None;
            }
            Action::Resize(w, h) => self.size = (w, h),
            Action::Quit => self.request_quit(),
            _ => {}
        }
    }

    /// Incremental: every keystroke re-runs the query (among the previous hits when it
    /// extends the previous query) and shows the first hit.
    fn run_search(&mut self) {
        let corpus = self.corpus.get(&self.loaded.plan, &self.loaded.index);
        self.search.hits = corpus.search_incremental(&self.search.query);
        self.search.current = None;
        if let Some(hit) = self.search.step(true) {
            self.jump_to(hit);
        } else if !self.search.query.trim().is_empty() {
            self.notice = Some(self.strings.get("search.no_matches").to_owned());
        }
    }

    /// Show a search hit: select it in its pane.
    fn jump_to(&mut self, hit: Hit) {
        match hit {
            Hit::Entry(entry) => self.select_entry(entry),
            Hit::Owner(owner) => {
                self.view = View::Owners;
                self.owners_view
                    .owner
                    .select(owner, self.loaded.plan.owners.len());
                self.owners_view.item = ListCursor::default();
                self.owners_view.focus = Pane::Navigator;
            }
        }
    }

    /// Select an entry in the plan view (a target through the item it belongs to).
    pub fn select_entry(&mut self, entry: usize) {
        let plan = &self.loaded.plan;
        let Some((section, row)) =
            navigation::locate(&self.sections, &self.loaded.index, plan, entry)
        else {
            return;
        };
        self.view = View::Plan;
        self.plan_view.section.select(section, self.sections.len());
        let len = self.sections[section].items.len();
        self.plan_view.items[section].select(row, len);
        self.plan_view.focus = Pane::Items;
        self.plan_view.detail_scroll = 0;
    }

    fn update_plan_view(&mut self, action: Action) {
        let page = self.page();
        let detail_max = self.detail_max_scroll;
        let state = &mut self.plan_view;
        let section = state.section.selected;
        let items_len = self.sections.get(section).map_or(0, |s| s.items.len());
        let move_by =
            |delta: isize, state: &mut PlanViewState, sections_len: usize| match state.focus {
                Pane::Navigator => {
                    state.section.step(delta, sections_len);
                    state.detail_scroll = 0;
                }
                Pane::Items => {
                    if let Some(cursor) = state.items.get_mut(section) {
                        cursor.step(delta, items_len);
                    }
                    state.detail_scroll = 0;
                }
                Pane::Detail => {
                    state.detail_scroll = scrolled(state.detail_scroll, delta).min(detail_max);
                }
            };
        let sections_len = self.sections.len();
        match action {
            Action::MoveDown => move_by(1, state, sections_len),
            Action::MoveUp => move_by(-1, state, sections_len),
            Action::PageDown => move_by(page, state, sections_len),
            Action::PageUp => move_by(-page, state, sections_len),
            Action::Home => move_by(isize::MIN / 2, state, sections_len),
            Action::End => move_by(isize::MAX / 2, state, sections_len),
            Action::MoveRight
            | Action::Open
            | Action::FocusNext
            | Action::MoveLeft
            | Action::Back
            | Action::FocusPrev => state.focus = state.focus.after(action),
            _ => {}
        }
    }

    fn update_owners_view(&mut self, action: Action) {
        let page = self.page();
        let detail_max = self.detail_max_scroll;
        let owners_len = self.loaded.plan.owners.len();
        let items_len = self.owner_items().len();
        let state = &mut self.owners_view;
        let mut move_by = |delta: isize| match state.focus {
            Pane::Navigator => {
                state.owner.step(delta, owners_len);
                state.item = ListCursor::default();
                state.detail_scroll = 0;
            }
            Pane::Items => {
                state.item.step(delta, items_len);
                state.detail_scroll = 0;
            }
            Pane::Detail => {
                state.detail_scroll = scrolled(state.detail_scroll, delta).min(detail_max);
            }
        };
        match action {
            Action::MoveDown => move_by(1),
            Action::MoveUp => move_by(-1),
            Action::PageDown => move_by(page),
            Action::PageUp => move_by(-page),
            Action::Home => move_by(isize::MIN / 2),
            Action::End => move_by(isize::MAX / 2),
            Action::MoveRight
            | Action::FocusNext
            | Action::MoveLeft
            | Action::Back
            | Action::FocusPrev => {
                state.focus = state.focus.after(action);
            }
            // Enter on an item opens it where it lives in the plan.
            Action::Open => match state.focus {
                Pane::Navigator => state.focus = Pane::Items,
                _ => {
                    if let Some(entry) = self.selected_owner_entry() {
                        self.select_entry(entry);
                    }
                }
            },
            _ => {}
        }
    }

    fn update_targets_view(&mut self, action: Action) {
        let len = self.targets.len();
        let page = self.page();
        let cursor = &mut self.targets_view.row;
        match action {
            Action::MoveDown => cursor.step(1, len),
            Action::MoveUp => cursor.step(-1, len),
            Action::PageDown => cursor.step(page, len),
            Action::PageUp => cursor.step(-page, len),
            Action::Home => cursor.select(0, len),
            Action::End => cursor.select(len, len),
            Action::Open => {
                if let Some(&entry) = self.targets.get(cursor.selected) {
                    self.select_entry(entry);
                }
            }
            _ => {}
        }
    }

    fn update_districts_view(&mut self, action: Action) {
        let page = self.page();
        let rows = self.district_row_count();
        let columns = self.district_column_count();
        let state = &mut self.districts_view;
        match action {
            Action::MoveDown => state.row.step(1, rows),
            Action::MoveUp => state.row.step(-1, rows),
            Action::PageDown => state.row.step(page, rows),
            Action::PageUp => state.row.step(-page, rows),
            Action::Home => state.row.select(0, rows),
            Action::End => state.row.select(rows, rows),
            Action::MoveRight | Action::ScrollRight => {
                state.column_offset = (state.column_offset + 1).min(columns.saturating_sub(1));
            }
            Action::MoveLeft | Action::ScrollLeft => {
                state.column_offset = state.column_offset.saturating_sub(1);
            }
            _ => {}
        }
    }

    /// What the last frame measured: kept for clicks, scrolling and the next frame.
    fn measured(&mut self, layout: FrameLayout) {
        for (slot, offset) in &layout.offsets {
            if let Some(cursor) = self.cursor_mut(*slot) {
                cursor.offset = *offset;
            }
        }
        if let Some(max) = layout.detail_max_scroll {
            self.detail_max_scroll = max;
        }
        for wrapped in &layout.wrapped {
            self.wrap_cache.insert(
                &wrapped.key,
                &wrapped.text,
                wrapped.width,
                wrapped.lines.clone(),
            );
        }
        self.layout = FrameLayout {
            wrapped: Vec::new(),
            ..layout
        };
    }

    fn cursor_mut(&mut self, slot: ListSlot) -> Option<&mut ListCursor> {
        Some(match slot {
            ListSlot::PlanSections => &mut self.plan_view.section,
            ListSlot::PlanItems(section) => self.plan_view.items.get_mut(section)?,
            ListSlot::Owners => &mut self.owners_view.owner,
            ListSlot::OwnerItems => &mut self.owners_view.item,
            ListSlot::Targets => &mut self.targets_view.row,
            ListSlot::Districts => &mut self.districts_view.row,
            ListSlot::Decisions => &mut self.decisions_view.row,
            ListSlot::Changes => &mut self.changes_view.row,
        })
    }

    /// What the runtime reports of an effect the app asked for.
    fn outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Exported(written) => self.export_written(written),
            Outcome::FiltersSaved(saved) => self.filters_saved(saved),
            Outcome::CopyWritten { path, result } => self.copy_written(path, result),
            Outcome::CopySuggested(path) => self.copy_suggested(path),
        }
    }

    // ---- mouse -----------------------------------------------------------------------

    fn click(&mut self, column: u16, row: u16) {
        if let Some(view) = self.layout.tab_at(column, row) {
            self.view = view;
            return;
        }
        let Some((rect, pane, first_row)) = self.layout.pane_at(column, row) else {
            return;
        };
        // Lists are drawn inside a border: the first row is one below the top edge.
        let clicked = first_row + row.saturating_sub(rect.y + 1) as usize;
        match self.view {
            View::Plan => {
                self.plan_view.focus = pane;
                match pane {
                    Pane::Navigator => {
                        if clicked < self.sections.len() {
                            self.plan_view.section.select(clicked, self.sections.len());
                            self.plan_view.detail_scroll = 0;
                        }
                    }
                    Pane::Items => {
                        let s = self.plan_view.section.selected;
                        let len = self.sections.get(s).map_or(0, |s| s.items.len());
                        if clicked < len {
                            self.plan_view.items[s].select(clicked, len);
                            self.plan_view.detail_scroll = 0;
                        }
                    }
                    Pane::Detail => {}
                }
            }
            View::Owners => {
                self.owners_view.focus = pane;
                match pane {
                    Pane::Navigator => {
                        let len = self.loaded.plan.owners.len();
                        if clicked < len {
                            self.owners_view.owner.select(clicked, len);
                            self.owners_view.item = ListCursor::default();
                        }
                    }
                    Pane::Items => {
                        let len = self.owner_items().len();
                        if clicked < len {
                            self.owners_view.item.select(clicked, len);
                        }
                    }
                    Pane::Detail => {}
                }
            }
            View::Targets => {
                // The table has a header row under the border.
                let clicked = clicked.saturating_sub(1);
                if row > rect.y + 1 && clicked < self.targets.len() {
                    self.targets_view.row.select(clicked, self.targets.len());
                }
            }
            View::Districts | View::Dashboard | View::Decisions | View::Changes => {}
        }
    }

    fn wheel(&mut self, down: bool, column: u16, row: u16) {
        let pane = self.layout.pane_at(column, row).map(|(_, p, _)| p);
        match self.view {
            View::Plan => {
                if let Some(pane) = pane {
                    self.plan_view.focus = pane;
                }
            }
            View::Owners => {
                if let Some(pane) = pane {
                    self.owners_view.focus = pane;
                }
            }
            _ => {}
        }
        self.apply(if down {
            Action::MoveDown
        } else {
            Action::MoveUp
        });
    }

    /// The node an entry position points at.
    pub fn node(&self, entry: usize) -> Option<Node<'_>> {
        self.loaded
            .index
            .entries
            .get(entry)?
            .path
            .resolve(&self.loaded.plan)
    }

    /// A unit's name by its id (the id itself for a unit the registry lacks).
    pub fn owner_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.owner_positions
            .get(id)
            .and_then(|&p| self.loaded.plan.owners.get(p))
            .map_or(id, |o| o.name.as_str())
    }

    /// A target's traffic light at the review date, from the actual values recorded for
    /// the target as a whole; `None` for an entry that is not a target.
    pub fn assessment(&self, entry: usize) -> Option<crate::model::progress::Assessment> {
        let crate::model::Node::Target(target) = self.node(entry)? else {
            return None;
        };
        let actuals: Vec<(jiff::civil::Date, f64)> = self
            .annotations
            .log
            .annotation(&target.id, None)
            .map(|a| a.actuals.iter().map(|p| (p.as_of, p.value)).collect())
            .unwrap_or_default();
        Some(crate::model::progress::assess(
            target,
            self.loaded.plan.meta.period.start,
            &actuals,
            self.review_date,
            self.light_margin,
        ))
    }

    /// The keymap section keys are looked up in now (outside dialogs and the search line).
    pub fn mode(&self) -> keymap::Mode {
        use keymap::Mode;
        if self.presenter.is_some() {
            return Mode::Presenter;
        }
        if self.show_help {
            return Mode::Help;
        }
        match self.view {
            View::Plan => Mode::Plan,
            View::Owners => Mode::Owners,
            View::Targets => Mode::Targets,
            View::Districts => Mode::Districts,
            View::Dashboard => Mode::Dashboard,
            View::Decisions => Mode::Decisions,
            View::Changes => Mode::Changes,
        }
    }

    pub fn section_kind(&self) -> Option<SectionKind> {
        self.current_section().map(|s| s.kind)
    }
}
