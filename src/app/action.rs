//! [`Action`]: the one way in. Keys, the mouse, the status file's worker and the runtime's
//! results all become actions, and [`App::update`](super::App::update) applies them.

use std::path::PathBuf;

use ratatui::crossterm::event::KeyEvent;
use serde::{Deserialize, Serialize};

use super::layout::FrameLayout;
use crate::store::status_sync::Reply;

/// Everything that changes the app: what the user asked for (keys and the mouse, through the
/// keymap) and what the world answered (the status file's worker, the effects the runtime
/// carried out, what the last frame measured). Nothing else changes the app's state. The
/// names of the variants a key can be bound to are the names used in key files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Action {
    MoveUp,
    MoveDown,
    /// Collapse, or go to the parent.
    MoveLeft,
    /// Expand, or go into the selection.
    MoveRight,
    PageUp,
    PageDown,
    Home,
    End,
    FocusNext,
    FocusPrev,
    Open,
    Back,
    ShowPlan,
    ShowOwners,
    ShowTargets,
    ShowDistricts,
    ShowDashboard,
    Search,
    SearchNext,
    SearchPrev,
    /// Scroll a table that is wider than its pane.
    ScrollLeft,
    ScrollRight,
    /// Mouse capture blocks the terminal's own text selection, so it can be switched off.
    ToggleMouse,
    /// Annotation: the selected item's status to the next one.
    CycleStatus,
    /// Annotation: choose the status from a list.
    PickStatus,
    SetProgress,
    /// Record a target's actual value and its as-of date.
    RecordActual,
    EditNote,
    Undo,
    Redo,
    /// Who the changes are recorded as (several coordinators may share one account).
    SetAuthor,
    /// Presenter mode: one programme at a time, for the projector.
    Present,
    /// Show only the items with a status, light, unit, programme or recent change.
    Filter,
    ClearFilter,
    /// Write the ledger (台账) to a file.
    Export,
    /// Start a meeting: title, date, attendees.
    StartMeeting,
    CloseMeeting,
    /// Record a decision (议定事项) with its units and due date.
    Decide,
    /// Walk the plan item by item (all, the present units' items, or those at risk).
    Agenda,
    AgendaNext,
    AgendaPrev,
    /// Mark the agenda item discussed in the current meeting.
    MarkDiscussed,
    ShowDecisions,
    /// Every change since the previous meeting.
    ShowChanges,
    /// In the decisions view: only overdue ones, or all.
    ToggleOverdue,
    /// Go to anything: the palette.
    GoTo,
    // Inside dialogs and the search line (sections of their own in `keys.ron`).
    /// Accept the dialog (Enter).
    Confirm,
    /// Close the dialog without doing anything (Esc).
    Cancel,
    /// The next or previous field of a form.
    NextField,
    PrevField,
    /// Save what the editor holds (the note editor, a form; the filter under a name).
    Save,
    /// The note being edited: private (not shown in presenter mode) or public.
    TogglePrivate,
    /// Tick or untick the row under the cursor (a unit in a list).
    Toggle,
    /// Choose the n-th row directly (the status picker, the export menu, a filter row's
    /// boxes; 0 is the filter's "not annotated").
    Choose(u8),
    /// Empty the field or the filter row under the cursor.
    ClearField,
    /// Unsaved changes: write them to another file instead.
    WriteElsewhere,
    /// Unsaved changes: try the status file again now.
    RetrySave,
    /// Unsaved changes: quit anyway (they go to a rescue file).
    QuitAnyway,
    /// The search line: take the match, remove the last character, or give up.
    SearchConfirm,
    SearchBackspace,
    SearchCancel,
    Help,
    Quit,
    /// In the decisions view: change the selected decision (text, due date, units, items).
    /// Bound in the `decisions` section only (so not in [`Action::ALL`], the global keys).
    EditDecision,
    /// Quitting with a meeting open: close the meeting, then quit.
    CloseAndQuit,

    // Produced by the event loop from other events, never bound to a key, so key files
    // cannot name them.
    /// The terminal was resized to (columns, rows).
    #[serde(skip)]
    Resize(u16, u16),
    /// Left click at (column, row).
    #[serde(skip)]
    Click(u16, u16),
    /// Mouse wheel: down?, at (column, row).
    #[serde(skip)]
    ScrollWheel(bool, u16, u16),
    /// A character typed while the search line is open.
    #[serde(skip)]
    SearchInput(char),
    /// What the terminal answered to the probe at start (`None`: not asked, or no answer):
    /// its background, and whether it draws ambiguous characters wide.
    #[serde(skip)]
    TerminalProbed {
        background: Option<crate::ui::theme::Background>,
        ambiguous_wide: Option<bool>,
    },
    /// A key pressed while a dialog (note editor, status picker, a prompt) is open: the
    /// dialog reads it as text or as its own keys. Pasted text arrives as these too.
    #[serde(skip)]
    DialogKey(KeyEvent),
    /// Text pasted into a dialog or the search line (bracketed paste), as it came.
    #[serde(skip)]
    Paste(String),
    /// The status file's worker answered: the file was read, a line is on disk, others
    /// appended changes…
    #[serde(skip)]
    Store(Box<Reply>),
    /// The runtime carried out an [`Effect`](super::Effect) whose result the app shows.
    #[serde(skip)]
    Done(Outcome),
    /// What the last frame measured: click areas, list offsets, scroll limits, wrapped text.
    #[serde(skip)]
    Drawn(Box<FrameLayout>),
    /// The notes in force were prepared for search on their own thread (started when the
    /// history was read): the app takes them in and searches again what is being typed.
    #[serde(skip)]
    NotesIndexed,
}

impl Action {
    /// Every action a key can be bound to, in the order the help screen lists them.
    pub const ALL: [Action; 48] = [
        Action::MoveUp,
        Action::MoveDown,
        Action::MoveLeft,
        Action::MoveRight,
        Action::PageUp,
        Action::PageDown,
        Action::Home,
        Action::End,
        Action::FocusNext,
        Action::FocusPrev,
        Action::Open,
        Action::Back,
        Action::ShowPlan,
        Action::ShowOwners,
        Action::ShowTargets,
        Action::ShowDistricts,
        Action::ShowDashboard,
        Action::Search,
        Action::SearchNext,
        Action::SearchPrev,
        Action::ScrollLeft,
        Action::ScrollRight,
        Action::ToggleMouse,
        Action::CycleStatus,
        Action::PickStatus,
        Action::SetProgress,
        Action::RecordActual,
        Action::EditNote,
        Action::Undo,
        Action::Redo,
        Action::SetAuthor,
        Action::Present,
        Action::Filter,
        Action::ClearFilter,
        Action::Export,
        Action::StartMeeting,
        Action::CloseMeeting,
        Action::Decide,
        Action::Agenda,
        Action::AgendaNext,
        Action::AgendaPrev,
        Action::MarkDiscussed,
        Action::ShowDecisions,
        Action::ShowChanges,
        Action::ToggleOverdue,
        Action::GoTo,
        Action::Help,
        Action::Quit,
    ];

    /// The i18n key of the action's description, for the help screen.
    pub fn description_key(&self) -> &'static str {
        match self {
            Action::MoveUp => "action.move_up",
            Action::MoveDown => "action.move_down",
            Action::MoveLeft => "action.move_left",
            Action::MoveRight => "action.move_right",
            Action::PageUp => "action.page_up",
            Action::PageDown => "action.page_down",
            Action::Home => "action.home",
            Action::End => "action.end",
            Action::FocusNext => "action.focus_next",
            Action::FocusPrev => "action.focus_prev",
            Action::Open => "action.open",
            Action::Back => "action.back",
            Action::ShowPlan => "action.show_plan",
            Action::ShowOwners => "action.show_owners",
            Action::ShowTargets => "action.show_targets",
            Action::ShowDistricts => "action.show_districts",
            Action::ShowDashboard => "action.show_dashboard",
            Action::Search => "action.search",
            Action::SearchNext => "action.search_next",
            Action::SearchPrev => "action.search_prev",
            Action::ScrollLeft => "action.scroll_left",
            Action::ScrollRight => "action.scroll_right",
            Action::ToggleMouse => "action.toggle_mouse",
            Action::CycleStatus => "action.cycle_status",
            Action::PickStatus => "action.pick_status",
            Action::SetProgress => "action.set_progress",
            Action::RecordActual => "action.record_actual",
            Action::EditNote => "action.edit_note",
            Action::Undo => "action.undo",
            Action::Redo => "action.redo",
            Action::SetAuthor => "action.set_author",
            Action::Present => "action.present",
            Action::Filter => "action.filter",
            Action::ClearFilter => "action.clear_filter",
            Action::Export => "action.export",
            Action::StartMeeting => "action.start_meeting",
            Action::CloseMeeting => "action.close_meeting",
            Action::Decide => "action.decide",
            Action::Agenda => "action.agenda",
            Action::AgendaNext => "action.agenda_next",
            Action::AgendaPrev => "action.agenda_prev",
            Action::MarkDiscussed => "action.mark_discussed",
            Action::ShowDecisions => "action.show_decisions",
            Action::ShowChanges => "action.show_changes",
            Action::ToggleOverdue => "action.toggle_overdue",
            Action::GoTo => "action.goto",
            Action::Help => "action.help",
            Action::Quit => "action.quit",
            Action::Resize(..) => "action.resize",
            Action::Click(..) => "action.click",
            Action::ScrollWheel(..) => "action.scroll_wheel",
            Action::SearchInput(_) => "action.search_input",
            Action::TerminalProbed { .. } => "action.terminal_probed",
            Action::SearchBackspace => "action.search_backspace",
            Action::SearchConfirm => "action.search_confirm",
            Action::SearchCancel => "action.search_cancel",
            Action::DialogKey(_) => "action.dialog_key",
            Action::Confirm => "action.confirm",
            Action::Cancel => "action.cancel",
            Action::NextField => "action.next_field",
            Action::PrevField => "action.prev_field",
            Action::Save => "action.save",
            Action::TogglePrivate => "action.toggle_private",
            Action::Toggle => "action.toggle",
            Action::Choose(_) => "action.choose",
            Action::ClearField => "action.clear_field",
            Action::WriteElsewhere => "action.write_elsewhere",
            Action::RetrySave => "action.retry_save",
            Action::QuitAnyway => "action.quit_anyway",
            Action::Paste(_) => "action.paste",
            Action::Store(_) => "action.store",
            Action::Done(_) => "action.done",
            Action::Drawn(_) => "action.drawn",
            Action::EditDecision => "action.edit_decision",
            Action::CloseAndQuit => "action.close_and_quit",
            Action::NotesIndexed => "action.notes_indexed",
        }
    }
}

/// What became of an [`Effect`](super::Effect) the app wants to hear about.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// An export was written (to this path), or why not.
    Exported(Result<PathBuf, String>),
    /// Where to offer to write the unsaved changes.
    CopySuggested(PathBuf),
    /// The saved filters were written, or why not.
    FiltersSaved(Result<PathBuf, String>),
    /// The unsaved changes were written to a file the user named (no status-file worker
    /// was running to do it), or why not.
    CopyWritten {
        path: PathBuf,
        result: Result<(), String>,
    },
    /// The author's name was saved to `config.ron` (this path), or why not.
    AuthorSaved(Result<PathBuf, String>),
    /// The report forms asked for, read (or why each could not be).
    FormsRead(Vec<crate::store::form_file::FormFile>),
}
