//! Dialogs over the views. Each is a type of its own that keeps its state and reads its
//! keys through its own section of the keymap ([`Mode`]); what it asks for when it is
//! done (a status picked, a note saved) the app carries out. While a dialog is open, keys
//! go to it: [`DialogInput`] is the key and, unless a text field takes it as text, the
//! action the dialog's section binds it to.
//!
//! The hint line of each dialog is built from [`Dialog::hints`] and the keymap, so it
//! always shows the keys that really work, the user's own included.

pub mod field;
pub mod filter_form;
pub mod form;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::Action;
use super::keymap::{Keymap, Mode};
use crate::model::annotation::{Field, Key, Status};
use field::{line_input, single_line_key, text_of};
pub use filter_form::{FILTER_ROWS, FilterDraft, MAX_SUGGESTIONS};
pub use form::Form;

/// What a change applies to: an item as a whole, or one unit's part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub entry: usize,
    pub item: String,
    pub owner: Option<String>,
}

impl Subject {
    pub fn key(&self) -> Key {
        Key::new(&self.item, self.owner.as_deref())
    }
}

/// A key pressed in a dialog: the action its mode binds the key to (none when a text field
/// takes it as text, or nothing is bound), and the key itself for the field.
#[derive(Debug, Clone, PartialEq)]
pub struct DialogInput {
    pub action: Option<Action>,
    pub key: KeyEvent,
}

impl DialogInput {
    /// Reads `key` in `mode`. In a text field a character typed without Ctrl or Alt is
    /// text, whatever the mode binds it to (so "1" types a one into a date).
    pub fn read(keymap: &Keymap, mode: Mode, key: KeyEvent, text_focused: bool) -> DialogInput {
        let plain_char = matches!(key.code, KeyCode::Char(_))
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let action = if text_focused && plain_char {
            None
        } else {
            keymap.action_in(mode, &key)
        };
        DialogInput { action, key }
    }

    /// An action sent to the dialog directly (tests, the mouse): no key for a field.
    pub fn action(action: Action) -> DialogInput {
        DialogInput {
            action: Some(action),
            key: KeyEvent::new(KeyCode::Null, KeyModifiers::NONE),
        }
    }
}

/// What a dialog makes of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reaction {
    /// Still open.
    Stay,
    /// Still open, with a warning (an i18n key) for the status bar.
    Warn(&'static str),
    /// Closed without doing anything.
    Close,
    /// Done: the app carries out what the dialog holds.
    Submit,
}

/// One item of a dialog's hint line: keys and what they do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Hint {
    /// The first key of each action, run together ("↑↓"), and the label (an i18n key).
    Keys(&'static [Action], &'static str),
    /// The digits bound to `Choose(n)` as a range ("1–7"), and the label.
    Choices(&'static str),
    /// Enter, where the mode leaves it to the text (a new line), and the label.
    Newline(&'static str),
    /// A remark without a key (an i18n key).
    Text(&'static str),
}

const PICK_HINTS: &[Hint] = &[
    Hint::Keys(&[Action::MoveUp, Action::MoveDown], "hint.select"),
    Hint::Keys(&[Action::Confirm], "hint.confirm"),
    Hint::Choices("hint.choose"),
    Hint::Keys(&[Action::Cancel], "hint.cancel"),
];
const MENU_HINTS: &[Hint] = &[
    Hint::Keys(&[Action::MoveUp, Action::MoveDown], "hint.select"),
    Hint::Keys(&[Action::Confirm], "hint.confirm"),
    Hint::Keys(&[Action::Cancel], "hint.cancel"),
];
const PROMPT_HINTS: &[Hint] = &[
    Hint::Keys(&[Action::Confirm], "hint.confirm"),
    Hint::Keys(&[Action::Cancel], "hint.cancel"),
];

/// The status picker's rows: every status, then "clear".
pub const PICKER_ROWS: usize = Status::ALL.len() + 1;

/// Choose a status (or clear it) from a list.
#[derive(Debug, Clone)]
pub struct StatusPicker {
    pub subject: Subject,
    pub selected: usize,
}

impl StatusPicker {
    /// A list like any other: up, down, a digit to choose directly.
    pub fn handle(&mut self, input: &DialogInput) -> Reaction {
        let mut menu = Menu {
            selected: self.selected,
            rows: PICKER_ROWS,
        };
        let reaction = menu.handle(input);
        self.selected = menu.selected;
        reaction
    }

    /// The status chosen; `None` clears it.
    pub fn chosen(&self) -> Option<Status> {
        Status::ALL.get(self.selected).copied()
    }
}

/// A one-line prompt: progress, the author's name, where to write unsaved changes.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub input: TextArea<'static>,
    pub error: Option<String>,
}

impl Prompt {
    pub fn new(text: &str) -> Prompt {
        Prompt {
            input: line_input(text),
            error: None,
        }
    }

    pub fn text(&self) -> String {
        text_of(&self.input).trim().to_owned()
    }

    pub fn handle(&mut self, input: &DialogInput) -> Reaction {
        match input.action {
            Some(Action::Confirm) => Reaction::Submit,
            Some(Action::Cancel) => Reaction::Close,
            _ => {
                self.error = None;
                single_line_key(&mut self.input, input.key);
                Reaction::Stay
            }
        }
    }
}

/// An actual value and its date, for one of a sub-task's targets.
#[derive(Debug, Clone)]
pub struct ActualForm {
    /// The targets the value may be for (a sub-task offers each of its targets).
    pub targets: Vec<Subject>,
    pub which: usize,
    pub value: TextArea<'static>,
    pub date: TextArea<'static>,
    pub on_date: bool,
    pub error: Option<String>,
}

impl ActualForm {
    pub fn new(targets: Vec<Subject>, today: jiff::civil::Date) -> ActualForm {
        ActualForm {
            targets,
            which: 0,
            value: line_input(""),
            date: line_input(&today.to_string()),
            on_date: false,
            error: None,
        }
    }

    pub fn handle(&mut self, input: &DialogInput) -> Reaction {
        self.error = None;
        match input.action {
            Some(Action::Cancel) => return Reaction::Close,
            Some(Action::NextField | Action::PrevField) => self.on_date = !self.on_date,
            Some(Action::MoveUp) if self.targets.len() > 1 => {
                self.which = self.which.saturating_sub(1);
            }
            Some(Action::MoveDown) if self.targets.len() > 1 => {
                self.which = (self.which + 1).min(self.targets.len() - 1);
            }
            Some(Action::Confirm) => return Reaction::Submit,
            _ => {
                let field = if self.on_date {
                    &mut self.date
                } else {
                    &mut self.value
                };
                single_line_key(field, input.key);
            }
        }
        Reaction::Stay
    }
}

/// The note editor: several lines, private or public, and beside the note the three
/// fields of a 督办 report — 进展情况, 存在问题, 下一步计划 — each a field of its own
/// (`NextField`/`PrevField` move between them).
#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub subject: Subject,
    pub editor: TextArea<'static>,
    pub original: String,
    /// The note is private (not shown in presenter mode).
    pub private: bool,
    pub original_private: bool,
    /// 进展情况, 存在问题, 下一步计划, in [`Field::REPORT`]'s order.
    pub reports: [TextArea<'static>; 3],
    pub report_originals: [String; 3],
    /// Which field has the caret: 0 the note, 1–3 the report's fields.
    pub focus: usize,
    /// Cancel was pressed once on changed text: a second one discards it.
    pub discard_armed: bool,
}

impl NoteEditor {
    pub fn new(subject: Subject, original: String, private: bool) -> NoteEditor {
        NoteEditor::with_report(subject, original, private, Default::default())
    }

    /// The editor with the report's fields as they stand (in [`Field::REPORT`]'s order).
    pub fn with_report(
        subject: Subject,
        original: String,
        private: bool,
        report: [String; 3],
    ) -> NoteEditor {
        NoteEditor {
            subject,
            editor: field::note_editor(&original),
            original,
            private,
            original_private: private,
            reports: report.clone().map(|text| field::note_editor(&text)),
            report_originals: report,
            focus: 0,
            discard_armed: false,
        }
    }

    pub fn text(&self) -> String {
        text_of(&self.editor)
    }

    /// The text of one of the report's fields (0 进展情况, 1 存在问题, 2 下一步计划).
    pub fn report_text(&self, at: usize) -> String {
        self.reports.get(at).map(text_of).unwrap_or_default()
    }

    /// The report fields whose text was changed, with the new text (trimmed at the end).
    pub fn changed_reports(&self) -> Vec<(Field, String)> {
        Field::REPORT
            .iter()
            .enumerate()
            .filter(|&(at, _)| {
                self.report_text(at).trim_end() != self.report_originals[at].trim_end()
            })
            .map(|(at, &field)| (field, self.report_text(at).trim_end().to_owned()))
            .collect()
    }

    /// Whether the note itself (its text or privacy) was changed.
    pub fn note_changed(&self) -> bool {
        self.text().trim_end() != self.original.trim_end() || self.private != self.original_private
    }

    /// Whether saving would record something.
    pub fn changed(&self) -> bool {
        self.note_changed() || !self.changed_reports().is_empty()
    }

    /// The field with the caret.
    pub fn focused(&self) -> &TextArea<'static> {
        match self.focus {
            0 => &self.editor,
            n => &self.reports[(n - 1).min(2)],
        }
    }

    pub fn handle(&mut self, input: &DialogInput) -> Reaction {
        let armed = std::mem::take(&mut self.discard_armed);
        let unchanged = self.text() == self.original
            && self.private == self.original_private
            && (0..3).all(|at| self.report_text(at) == self.report_originals[at]);
        match input.action {
            Some(Action::Save) => Reaction::Submit,
            Some(Action::Cancel) if unchanged || armed => Reaction::Close,
            Some(Action::Cancel) => {
                self.discard_armed = true;
                Reaction::Warn("annotate.discard_again")
            }
            Some(Action::TogglePrivate) => {
                self.private = !self.private;
                Reaction::Stay
            }
            Some(Action::NextField) => {
                self.focus = (self.focus + 1) % 4;
                Reaction::Stay
            }
            Some(Action::PrevField) => {
                self.focus = (self.focus + 3) % 4;
                Reaction::Stay
            }
            _ => {
                match self.focus {
                    0 => self.editor.input(input.key),
                    n => self.reports[(n - 1).min(2)].input(input.key),
                };
                Reaction::Stay
            }
        }
    }
}

/// A short list to choose from: what to export, which agenda to walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Menu {
    pub selected: usize,
    pub rows: usize,
}

impl Menu {
    pub fn new(rows: usize) -> Menu {
        Menu { selected: 0, rows }
    }

    pub fn handle(&mut self, input: &DialogInput) -> Reaction {
        match input.action {
            Some(Action::MoveUp) => self.selected = self.selected.saturating_sub(1),
            Some(Action::MoveDown) => {
                self.selected = (self.selected + 1).min(self.rows.saturating_sub(1));
            }
            Some(Action::Choose(n)) if (1..=self.rows).contains(&usize::from(n)) => {
                self.selected = usize::from(n) - 1;
                return Reaction::Submit;
            }
            Some(Action::Confirm) => return Reaction::Submit,
            Some(Action::Cancel) => return Reaction::Close,
            _ => {}
        }
        Reaction::Stay
    }
}

/// A dialog open over the view; while one is open, keys go to it. (Only one exists at a
/// time, so the size of its largest variant costs nothing worth boxing for.)
#[allow(clippy::large_enum_variant)]
pub enum Dialog {
    StatusPicker(StatusPicker),
    Progress(Subject, Prompt),
    Actual(ActualForm),
    Note(NoteEditor),
    Author(Prompt),
    /// Quitting with changes not on disk.
    Unsaved,
    /// Where to write the unsaved changes instead.
    SaveCopy(Prompt),
    Filter(Box<FilterDraft>),
    /// What to export (`x`): a row of [`crate::app::export::CHOICES`].
    Export(Menu),
    StartMeeting(Box<Form>),
    /// "Close the meeting?"
    CloseMeeting,
    Decision(Box<Form>),
    /// Which items the agenda walks.
    AgendaScope(Menu),
    /// Where the filled report forms are (a file or a folder).
    CollectPath(Prompt),
    /// What the forms read would record; Enter records it.
    CollectPreview(Box<crate::app::collect::CollectPreview>),
    /// Go to anything.
    Palette(Box<super::palette::Palette>),
    /// The decision form, filled with the decision of this id, to change it.
    EditDecision(String, Box<Form>),
    /// Quitting with a meeting open: close it and quit, quit leaving it open, or stay.
    QuitMeeting,
}

impl Dialog {
    /// The keymap section the dialog reads its keys in.
    pub fn mode(&self) -> Mode {
        match self {
            Dialog::StatusPicker(_) => Mode::StatusPicker,
            Dialog::Progress(..) => Mode::Progress,
            Dialog::Actual(_) => Mode::Actual,
            Dialog::Note(_) => Mode::Note,
            Dialog::Author(_) => Mode::Author,
            Dialog::Unsaved => Mode::Unsaved,
            Dialog::SaveCopy(_) => Mode::SaveCopy,
            Dialog::Filter(_) => Mode::Filter,
            Dialog::Export(_) => Mode::Export,
            Dialog::StartMeeting(_) => Mode::StartMeeting,
            Dialog::CloseMeeting => Mode::CloseMeeting,
            Dialog::Decision(_) => Mode::Decision,
            Dialog::AgendaScope(_) => Mode::AgendaScope,
            Dialog::CollectPath(_) => Mode::CollectPath,
            Dialog::CollectPreview(_) => Mode::CollectPreview,
            Dialog::Palette(_) => Mode::Palette,
            Dialog::EditDecision(..) => Mode::Decision,
            Dialog::QuitMeeting => Mode::QuitMeeting,
        }
    }

    /// Whether a text field has the focus (its characters are text, not keys).
    pub fn text_focused(&self) -> bool {
        match self {
            Dialog::Progress(..)
            | Dialog::Actual(_)
            | Dialog::Note(_)
            | Dialog::Author(_)
            | Dialog::SaveCopy(_)
            | Dialog::CollectPath(_) => true,
            Dialog::Palette(_) => true,
            Dialog::Filter(draft) => draft.text_focused(),
            Dialog::StartMeeting(form) | Dialog::Decision(form) | Dialog::EditDecision(_, form) => {
                form.text_focused()
            }
            Dialog::StatusPicker(_)
            | Dialog::Unsaved
            | Dialog::Export(_)
            | Dialog::CloseMeeting
            | Dialog::AgendaScope(_)
            | Dialog::CollectPreview(_)
            | Dialog::QuitMeeting => false,
        }
    }

    /// What the hint line under the dialog shows.
    pub fn hints(&self) -> &'static [Hint] {
        match self {
            Dialog::StatusPicker(_) => PICK_HINTS,
            Dialog::Progress(..) => &[
                Hint::Keys(&[Action::Confirm], "hint.confirm"),
                Hint::Text("hint.empty_clears"),
                Hint::Keys(&[Action::Cancel], "hint.cancel"),
            ],
            Dialog::Actual(_) => &[
                Hint::Keys(&[Action::NextField], "hint.switch"),
                Hint::Keys(&[Action::Confirm], "hint.record"),
                Hint::Keys(&[Action::Cancel], "hint.cancel"),
            ],
            Dialog::Note(_) => &[
                Hint::Keys(&[Action::Save], "hint.save"),
                Hint::Keys(&[Action::NextField], "hint.next_field"),
                Hint::Keys(&[Action::TogglePrivate], "hint.private"),
                Hint::Keys(&[Action::Cancel], "hint.cancel"),
                Hint::Newline("hint.newline"),
                Hint::Text("hint.paste"),
            ],
            Dialog::Author(_) | Dialog::SaveCopy(_) => PROMPT_HINTS,
            Dialog::Unsaved => &[
                Hint::Keys(&[Action::WriteElsewhere], "hint.write_elsewhere"),
                Hint::Keys(&[Action::RetrySave], "hint.retry"),
                Hint::Keys(&[Action::QuitAnyway], "hint.quit_anyway"),
                Hint::Keys(&[Action::Cancel], "hint.back"),
            ],
            Dialog::Filter(_) => &[
                Hint::Keys(&[Action::MoveUp, Action::MoveDown], "hint.row"),
                Hint::Choices("hint.tick"),
                Hint::Keys(&[Action::MoveLeft, Action::MoveRight], "hint.programme"),
                Hint::Keys(&[Action::Confirm], "hint.apply"),
                Hint::Keys(&[Action::Save], "hint.save"),
                Hint::Keys(&[Action::PageUp, Action::PageDown], "hint.saved_filters"),
                Hint::Keys(&[Action::ClearField], "hint.clear"),
                Hint::Keys(&[Action::Cancel], "hint.cancel"),
            ],
            Dialog::StartMeeting(_) | Dialog::Decision(_) | Dialog::EditDecision(..) => &[
                Hint::Keys(&[Action::NextField], "hint.next_field"),
                Hint::Keys(&[Action::Toggle], "hint.tick_unit"),
                Hint::Keys(&[Action::Confirm], "hint.confirm"),
                Hint::Keys(&[Action::Cancel], "hint.cancel"),
            ],
            Dialog::CloseMeeting => PROMPT_HINTS,
            Dialog::QuitMeeting => &[
                Hint::Keys(&[Action::CloseAndQuit], "hint.close_and_quit"),
                Hint::Keys(&[Action::QuitAnyway], "hint.quit_leave_open"),
                Hint::Keys(&[Action::Cancel], "hint.back"),
            ],
            Dialog::Export(_) | Dialog::AgendaScope(_) => MENU_HINTS,
            Dialog::CollectPath(_) => PROMPT_HINTS,
            Dialog::CollectPreview(_) => &[
                Hint::Keys(&[Action::MoveUp, Action::MoveDown], "hint.scroll"),
                Hint::Keys(&[Action::Confirm], "hint.record"),
                Hint::Keys(&[Action::Cancel], "hint.cancel"),
            ],
            Dialog::Palette(_) => &[
                Hint::Keys(&[Action::MoveUp, Action::MoveDown], "hint.select"),
                Hint::Keys(&[Action::Confirm], "hint.open"),
                Hint::Keys(&[Action::Cancel], "hint.cancel"),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject() -> Subject {
        Subject {
            entry: 3,
            item: "p1.t1".into(),
            owner: None,
        }
    }

    fn typed(keymap: &Keymap, dialog: &Dialog, code: KeyCode) -> DialogInput {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        DialogInput::read(keymap, dialog.mode(), key, dialog.text_focused())
    }

    #[test]
    fn the_picker_reads_its_own_keys() {
        let keymap = Keymap::default();
        let dialog = Dialog::StatusPicker(StatusPicker {
            subject: subject(),
            selected: 0,
        });
        let mut picker = StatusPicker {
            subject: subject(),
            selected: 0,
        };
        assert_eq!(
            picker.handle(&typed(&keymap, &dialog, KeyCode::Char('j'))),
            Reaction::Stay
        );
        assert_eq!(picker.selected, 1);
        assert_eq!(
            picker.handle(&typed(&keymap, &dialog, KeyCode::Char('3'))),
            Reaction::Submit
        );
        assert_eq!(picker.chosen(), Some(Status::ALL[2]));
        assert_eq!(
            picker.handle(&typed(&keymap, &dialog, KeyCode::Char('q'))),
            Reaction::Close
        );
    }

    #[test]
    fn in_a_text_field_characters_are_text_and_enter_is_confirm() {
        let keymap = Keymap::default();
        let dialog = Dialog::Author(Prompt::new(""));
        let mut prompt = Prompt::new("");
        for c in "q1 王".chars() {
            assert_eq!(
                prompt.handle(&typed(&keymap, &dialog, KeyCode::Char(c))),
                Reaction::Stay
            );
        }
        assert_eq!(prompt.text(), "q1 王");
        assert_eq!(
            prompt.handle(&typed(&keymap, &dialog, KeyCode::Enter)),
            Reaction::Submit
        );
        assert_eq!(
            prompt.handle(&typed(&keymap, &dialog, KeyCode::Esc)),
            Reaction::Close
        );
    }

    #[test]
    fn a_changed_note_asks_before_it_is_discarded() {
        let keymap = Keymap::default();
        let dialog = Dialog::Note(NoteEditor::new(subject(), String::new(), false));
        let mut note = NoteEditor::new(subject(), String::new(), false);
        note.handle(&typed(&keymap, &dialog, KeyCode::Char('x')));
        assert!(note.changed());
        assert_eq!(
            note.handle(&typed(&keymap, &dialog, KeyCode::Esc)),
            Reaction::Warn("annotate.discard_again")
        );
        assert_eq!(
            note.handle(&typed(&keymap, &dialog, KeyCode::Esc)),
            Reaction::Close
        );
    }

    #[test]
    fn the_report_fields_are_fields_of_their_own() {
        let keymap = Keymap::default();
        let report = ["已完成两项".to_owned(), String::new(), String::new()];
        let dialog = Dialog::Note(NoteEditor::with_report(
            subject(),
            "备注".into(),
            false,
            report.clone(),
        ));
        let mut note = NoteEditor::with_report(subject(), "备注".into(), false, report);
        assert!(!note.changed());
        // Tab moves to 进展情况, then 存在问题: what is typed goes there.
        note.handle(&typed(&keymap, &dialog, KeyCode::Tab));
        note.handle(&typed(&keymap, &dialog, KeyCode::Tab));
        assert_eq!(note.focus, 2);
        for c in "资金".chars() {
            note.handle(&typed(&keymap, &dialog, KeyCode::Char(c)));
        }
        assert_eq!(note.report_text(1), "资金");
        assert_eq!(note.text(), "备注");
        assert!(!note.note_changed());
        assert_eq!(
            note.changed_reports(),
            vec![(Field::Problems, "资金".to_owned())]
        );
        // Shift-Tab twice wraps back to the note.
        let back = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        for _ in 0..2 {
            let input = DialogInput::read(&keymap, dialog.mode(), back, true);
            note.handle(&input);
        }
        assert_eq!(note.focus, 0);
        // A changed report field asks before it is discarded, as the note does.
        assert_eq!(
            note.handle(&typed(&keymap, &dialog, KeyCode::Esc)),
            Reaction::Warn("annotate.discard_again")
        );
    }

    #[test]
    fn a_user_key_file_rebinds_dialog_keys() {
        let keymap = Keymap::load(Some(
            r#"(note: {"Ctrl-s": None, "F5": Save}, status_picker: {"x": Confirm})"#,
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let dialog = Dialog::Note(NoteEditor::new(subject(), String::new(), false));
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        let input = DialogInput::read(&keymap, dialog.mode(), ctrl_s, true);
        assert_eq!(input.action, None);
        assert_eq!(
            typed(&keymap, &dialog, KeyCode::F(5)).action,
            Some(Action::Save)
        );
        let picker = Dialog::StatusPicker(StatusPicker {
            subject: subject(),
            selected: 0,
        });
        assert_eq!(
            typed(&keymap, &picker, KeyCode::Char('x')).action,
            Some(Action::Confirm)
        );
        // Keys every dialog shares still work.
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            DialogInput::read(&keymap, Mode::Note, ctrl_c, true).action,
            Some(Action::Quit)
        );
    }
}
