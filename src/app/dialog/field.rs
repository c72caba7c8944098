//! The text field every dialog shares: one line, or the note editor's many. What is typed
//! into it is read by `crate::input`, as on the command line.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// A single-line input with its text, the caret at the end.
pub fn line_input(text: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![without_controls(text)]);
    input.move_cursor(CursorMove::End);
    input.set_cursor_line_style(ratatui::style::Style::new());
    // Reversed, not coloured: a selected default must show under NO_COLOR too.
    input.set_selection_style(
        ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
    );
    input
}

/// A one-line input holding a default that typing or a paste replaces: the default is
/// selected, as a form's pre-filled title is; moving the caret keeps it for editing.
pub fn default_input(text: &str) -> TextArea<'static> {
    let mut input = line_input(text);
    if !text.is_empty() {
        input.select_all();
    }
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

/// A paste, as the keys that type it: line breaks become Enter in a many-line field (the
/// note editor) and one space in a one-line field (a meeting's title), so a paste never
/// submits a dialog; other control characters are dropped so pasted escape sequences
/// never reach the text.
pub fn pasted_keys(text: &str, many_lines: bool) -> Vec<KeyEvent> {
    let mut text = text.replace("\r\n", "\n").replace('\r', "\n");
    if !many_lines {
        text = text
            .split('\n')
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
    }
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
        let keys = pasted_keys("a\u{1b}b\r\nc", true);
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

    #[test]
    fn a_paste_into_one_line_never_submits_and_replaces_a_selected_default() {
        let keys = pasted_keys("第一次\r\n  推进会\n\n", false);
        assert!(keys.iter().all(|k| k.code != KeyCode::Enter), "{keys:?}");
        let mut input = default_input("2026-11-30 会议");
        for key in keys {
            single_line_key(&mut input, key);
        }
        assert_eq!(text_of(&input), "第一次 推进会");
        // A default the caret moved into is edited, not replaced.
        let mut input = default_input("会议");
        input.input(KeyEvent::new(KeyCode::End, KeyModifiers::NONE));
        for key in pasted_keys("纪要", false) {
            single_line_key(&mut input, key);
        }
        assert_eq!(text_of(&input), "会议纪要");
    }
}
