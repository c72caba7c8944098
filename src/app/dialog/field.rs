//! The text field every dialog shares: one line, or the note editor's many. What is typed
//! into it is read by `crate::input`, as on the command line.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// A single-line input with its text, the caret at the end.
pub fn line_input(text: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![without_controls(text)]);
    input.move_cursor(CursorMove::End);
    input.set_cursor_line_style(ratatui::style::Style::new());
    input
}

/// A multi-line editor, soft-wrapped (Chinese has no spaces: words that do not fit break
/// between characters).
pub fn note_editor(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = text.split('\n').map(without_controls).collect();
    let mut editor = TextArea::new(lines);
    editor.set_wrap_mode(WrapMode::WordOrGlyph);
    editor.set_cursor_line_style(ratatui::style::Style::new());
    editor.move_cursor(CursorMove::Bottom);
    editor.move_cursor(CursorMove::End);
    editor
}

/// Text from a file or a paste, without the control characters a terminal would act on.
pub fn without_controls(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_control() || c == '\t')
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect()
}

/// The field's text, its lines joined by `\n`.
pub fn text_of(input: &TextArea) -> String {
    input.lines().join("\n")
}

/// The field's text on one line, trimmed.
pub fn line_text(input: &TextArea) -> String {
    input.lines().join(" ").trim().to_owned()
}

/// A key typed into a one-line field: Enter never makes a second line.
pub fn single_line_key(input: &mut TextArea, key: KeyEvent) {
    if key.code != KeyCode::Enter {
        input.input(key);
    }
}

/// A paste, as the keys that type it: line breaks become Enter (a new line in the note
/// editor), other control characters are dropped so pasted escape sequences never reach
/// the text.
pub fn pasted_keys(text: &str) -> Vec<KeyEvent> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some(KeyCode::Enter),
            '\t' => Some(KeyCode::Char(' ')),
            c if c.is_control() => None,
            c => Some(KeyCode::Char(c)),
        })
        .map(|code| KeyEvent::new(code, KeyModifiers::NONE))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_control_characters_are_dropped() {
        assert_eq!(without_controls("a\u{1b}[2Jb\tc\u{7}"), "a[2Jb c");
        let keys = pasted_keys("a\u{1b}b\r\nc");
        let codes: Vec<KeyCode> = keys.iter().map(|k| k.code).collect();
        assert_eq!(
            codes,
            [
                KeyCode::Char('a'),
                KeyCode::Char('b'),
                KeyCode::Enter,
                KeyCode::Char('c')
            ]
        );
    }
}
