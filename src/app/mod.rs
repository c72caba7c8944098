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
pub mod collect;
pub mod decision_edit;
pub mod dialog;
pub mod effect;
pub mod export;
pub mod filter;
pub mod history_build;
pub mod keymap;
pub mod layout;
pub mod meeting;
pub mod navigation;
pub mod palette;
pub mod row_memo;
pub mod search;
pub mod views;

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
use search::SearchCorpus;

pub use action::{Action, Outcome};
pub use effect::Effect;
pub use keymap::Keymap;
pub use layout::{FrameLayout, ListSlot};
use views::{
    ChangesView, DecisionsView, DistrictsView, Measures, OwnersView, PlanView, Request, TargetsView,
};
pub use views::{ListCursor, Pane};

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

/// Everything the interface shows, and nothing of how it is drawn.
pub struct App {
    /// Shared with the thread that builds the history index's plan side.
    pub loaded: Arc<LoadedPlan>,
    pub lang: Lang,
    pub strings: Strings,
    pub keymap: Keymap,
    pub view: View,
    pub plan_view: PlanView,
    pub owners_view: OwnersView,
    pub targets_view: TargetsView,
    pub districts_view: DistrictsView,
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
    /// For each unit id, the items it leads or shares (shared with the thread that builds
    /// the history index's plan side, which needs them too).
    pub assignments: Arc<HashMap<String, Vec<Assignment>>>,
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
    /// What the Changes view and the Dashboard show of the log, kept up to it by `update`.
    pub history: crate::model::history_index::HistoryIndex,
    pub review_date: jiff::civil::Date,
    pub light_margin: f64,
    /// Reviewing the past: see [`AppOptions::as_of`].
    pub as_of: Option<jiff::civil::Date>,
    /// Presenter mode, on the programme shown (by position).
    pub presenter: Option<usize>,
    /// The agenda being walked in the meeting, if one is.
    pub agenda: Option<meeting::Agenda>,
    pub decisions_view: DecisionsView,
    pub changes_view: ChangesView,
    /// What the Dashboard counts, kept up to the log by `update` while it is in front.
    pub dashboard: views::dashboard::DashboardMemo,
    /// The filter every list is shown through, if any.
    pub filter: Option<crate::model::filter::Filter>,
    /// The name of the filter being saved, until the runtime says it is.
    saved_filter_name: Option<String>,
    pub saved_filters: crate::model::filter::SavedFilters,
    /// The lists as the plan has them; `sections`, `targets` and `assignments` are these
    /// through the filter.
    pub all_sections: Vec<Section>,
    pub all_targets: Vec<usize>,
    pub all_assignments: Arc<HashMap<String, Vec<Assignment>>>,
    /// The plan's names as the go-to palette searches them, prepared when it first opens.
    palette_names: Option<Box<palette::PaletteNames>>,
    /// The words most units' English names start with, left out in lists (computed once:
    /// a list computed it for each row, most of the plan view's frame in English).
    pub city_prefix: String,
    /// The notes and actual values in force, prepared for search; brought up to the log
    /// when a search needs it.
    pub notes: crate::model::history_index::NotesIndex,
    /// The notes in force being prepared on their own thread after the history is read.
    notes_build: search::NotesBuild,
    /// Tells the runtime that work on another thread is done.
    waker: Option<search::Waker>,
    /// The history index's plan side: built after the first frame (see `history_build`).
    history_build: history_build::HistoryBuild,
    /// List rows kept between frames, filled from what frames report they built (see
    /// `row_memo`); emptied by `update` whenever a row's look may have changed.
    pub row_memo: row_memo::RowMemo,
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
        let assignments = Arc::new(query::assignments(plan, index));
        let owner_positions = plan
            .owners
            .iter()
            .enumerate()
            .map(|(position, owner)| (owner.id.clone(), position))
            .collect();
        // Built on first use, or in the background once the first frame is out.
        let corpus = search::CorpusSlot::NotStarted;
        Self {
            lang: options.lang,
            // The process's tables (`main` has them parsed already): not parsed again.
            strings: if options.theme.ascii {
                Strings::new(options.lang).with_ascii_marks()
            } else {
                Strings::new(options.lang)
            },
            keymap: options.keymap,
            view: View::Plan,
            plan_view: PlanView::new(sections.len()),
            owners_view: OwnersView::default(),
            targets_view: TargetsView::default(),
            districts_view: DistrictsView::default(),
            show_help: false,
            help_scroll: 0,
            mouse: options.mouse,
            theme: options.theme,
            running: true,
            size: (80, 24),
            notice: None,
            sections: sections.clone(),
            targets: targets.clone(),
            assignments: Arc::clone(&assignments),
            owner_positions,
            corpus,
            wrap_cache: WrapCache::default(),
            layout: FrameLayout::default(),
            detail_max_scroll: u16::MAX,
            clock: options.clock,
            effects: Vec::new(),
            annotations: Annotations::new(options.author),
            // Its plan side is built after the first frame (`history_build`).
            history: crate::model::history_index::HistoryIndex::default(),
            review_date: options.review_date,
            light_margin: options.light_margin,
            as_of: options.as_of,
            presenter: None,
            agenda: None,
            decisions_view: DecisionsView::default(),
            changes_view: ChangesView::default(),
            dashboard: Default::default(),
            filter: None,
            saved_filter_name: None,
            saved_filters: options.saved_filters,
            all_sections: sections,
            all_targets: targets,
            all_assignments: assignments,
            palette_names: None,
            city_prefix: query::english_city_prefix(plan),
            notes: crate::model::history_index::NotesIndex::default(),
            notes_build: search::NotesBuild::Idle,
            waker: None,
            history_build: history_build::HistoryBuild::NotStarted,
            row_memo: row_memo::RowMemo::default(),
            loaded: Arc::new(loaded),
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

    /// Work the first frame should not wait for: the search index and the history index's
    /// plan side, each built on a thread of its own (pure computation; the first search,
    /// or the first sync of the history index, joins it if it is still running).
    pub fn start_background_work(&mut self) {
        if let search::CorpusSlot::NotStarted = self.corpus {
            self.corpus = SearchCorpus::build_in_background(&self.loaded);
        }
        self.start_history_build();
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
        if !self.keeps_rows(&action) {
            self.row_memo.invalidate();
        }
        self.apply(action);
        // Nothing shows the history yet (an empty log, the plan view): its index waits.
        if self.history_wanted() {
            self.ensure_history_built();
            let since = self.last_meeting().map(|m| m.opened_at);
            let context = crate::model::history_index::Context {
                plan: &self.loaded.plan,
                index: &self.loaded.index,
                review: crate::model::history_index::Review {
                    date: self.review_date,
                    margin: self.light_margin,
                },
            };
            self.history.sync(&self.annotations.log, since, context);
        }
        if self.view == View::Changes {
            self.sync_net_changes();
            self.describe_changes_near_selection();
        }
        if self.view == View::Dashboard {
            self.sync_dashboard();
        }
        std::mem::take(&mut self.effects)
    }

    /// The plan and review the history index is kept for.
    pub fn history_context(&self) -> crate::model::history_index::Context<'_> {
        crate::model::history_index::Context {
            plan: &self.loaded.plan,
            index: &self.loaded.index,
            review: crate::model::history_index::Review {
                date: self.review_date,
                margin: self.light_margin,
            },
        }
    }

    /// The history index, when it is up to the log shown (always, after `update`).
    pub fn history(&self) -> Option<&crate::model::history_index::HistoryIndex> {
        let since = self.last_meeting().map(|m| m.opened_at);
        let review = self.history_context().review;
        Some(&self.history).filter(|h| h.is_current(&self.annotations.log, since, review))
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
        if ambiguous_wide == Some(true) && !self.theme.ascii {
            self.theme.ascii = true;
            self.strings = self.strings.with_ascii_marks();
            // Described ahead in Unicode marks: described again, in ASCII.
            self.changes_view.net.descriptions.clear();
        }
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Store(reply) => return self.update_from_store(*reply),
            Action::Done(outcome) => return self.outcome(outcome),
            Action::Drawn(layout) => return self.measured(*layout),
            Action::NotesIndexed => return self.notes_indexed(),
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
        if self.searching() {
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
            Action::EditDecision if self.view == View::Decisions => self.edit_decision(),
            Action::Undo | Action::Redo => self.undo_or_redo(action == Action::Undo),
            Action::CycleStatus
            | Action::PickStatus
            | Action::SetProgress
            | Action::RecordActual
            | Action::EditNote
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
            Action::Search => self.begin_search(),
            Action::GoTo => self.open_palette(),
            Action::SearchNext | Action::SearchPrev => {
                self.step_search(action == Action::SearchNext);
            }
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.emit(Effect::SetMouse(self.mouse));
            }
            Action::Resize(w, h) => self.size = (w, h),
            Action::Click(column, row) => self.click(column, row),
            Action::ScrollWheel(down, column, row) => self.wheel(down, column, row),
            other => self.update_view(&other),
        }
    }

    /// What the list and detail handlers of every view read.
    fn measures(&self) -> Measures {
        Measures {
            page: self.page(),
            detail_max: self.detail_max_scroll,
        }
    }

    fn owners_context(&self) -> views::owners::OwnersContext {
        views::owners::OwnersContext {
            owners: self.loaded.plan.owners.len(),
            items: self.owner_items().len(),
            selected_entry: self.selected_owner_entry(),
            measures: self.measures(),
        }
    }

    /// An action no mode took: the view in front handles it.
    fn update_view(&mut self, action: &Action) {
        let m = self.measures();
        let request = match self.view {
            View::Plan => self.plan_view.handle(action, &self.sections, m),
            View::Owners => {
                let cx = self.owners_context();
                self.owners_view.handle(action, &cx)
            }
            View::Targets => self.targets_view.handle(action, &self.targets, m),
            View::Districts => {
                let (rows, columns) = (self.district_row_count(), self.district_column_count());
                self.districts_view.handle(action, rows, columns, m);
                Request::Done
            }
            View::Decisions => {
                let shown = self.shown_decisions().len();
                self.decisions_view.handle(action, shown, m);
                Request::Done
            }
            View::Changes => {
                self.changes_view.handle(action, m);
                Request::Done
            }
            View::Dashboard => Request::Done,
        };
        match request {
            Request::Done => {}
            Request::OpenEntry(entry) => self.select_entry(entry),
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
        // Into a form's unit list: the find line takes the whole paste, spaces too (Space
        // typed there ticks).
        if let Some(
            dialog::Dialog::StartMeeting(form)
            | dialog::Dialog::Decision(form)
            | dialog::Dialog::EditDecision(_, form),
        ) = &mut self.annotations.dialog
            && form.list_focused()
        {
            form.paste_find(text, &self.loaded.plan);
            return;
        }
        if let Some(open) = &self.annotations.dialog {
            let many_lines = matches!(open, dialog::Dialog::Note(_));
            for key in dialog::field::pasted_keys(text, many_lines) {
                self.apply(Action::DialogKey(key));
            }
        } else if self.searching() {
            for c in text.chars().filter(|c| !c.is_control()) {
                self.apply(Action::SearchInput(c));
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
        self.plan_view.select(section, row, &self.sections);
    }

    /// What the last frame measured: kept for clicks, scrolling and the next frame.
    fn measured(&mut self, mut layout: FrameLayout) {
        if let Some(stamp) = layout.rows_stamp.take() {
            self.row_memo.store(stamp, std::mem::take(&mut layout.rows));
        }
        for (slot, offset) in &layout.offsets {
            if let Some(cursor) = self.cursor_mut(*slot) {
                cursor.offset = *offset;
            }
        }
        if let Some(max) = layout.detail_max_scroll {
            self.detail_max_scroll = max;
        }
        if let Some(first) = layout.district_first_column {
            self.districts_view.column_offset = first;
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
            rows: Vec::new(),
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
            // Saved: nothing to say (the name was announced when given). Not saved: the
            // name holds for this session, and the user hears why it will not be kept.
            Outcome::AuthorSaved(Ok(_)) => {}
            Outcome::AuthorSaved(Err(error)) => {
                self.notice = Some(
                    self.strings
                        .format("annotate.author_not_saved", &[("error", &error)]),
                );
            }
            Outcome::FormsRead(files) => self.forms_read(files),
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
            View::Plan => self.plan_view.click(pane, clicked, &self.sections),
            View::Owners => {
                let cx = self.owners_context();
                self.owners_view.click(pane, clicked, &cx);
            }
            // The table has a header row under the border.
            View::Targets if row > rect.y + 1 => {
                self.targets_view.click(clicked, self.targets.len());
            }
            _ => {}
        }
    }

    fn wheel(&mut self, down: bool, column: u16, row: u16) {
        if let Some((_, pane, _)) = self.layout.pane_at(column, row) {
            match self.view {
                View::Plan => self.plan_view.focus = pane,
                View::Owners => self.owners_view.focus = pane,
                _ => {}
            }
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
    /// A unit of the registry by its id.
    pub fn owner(&self, id: &str) -> Option<&crate::model::Owner> {
        self.owner_positions
            .get(id)
            .and_then(|&p| self.loaded.plan.owners.get(p))
    }

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

    /// The key that does `action` where the user is now, for a message that names it (so
    /// a message follows the user's keys.ron).
    pub fn key_name(&self, action: Action) -> String {
        self.keymap
            .keys_in(self.mode(), &action)
            .into_iter()
            .next()
            .unwrap_or_else(|| self.strings.get("keys.unbound").to_owned())
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
