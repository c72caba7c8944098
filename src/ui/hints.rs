//! Hint lines built from the keymap: each names the keys that really do the thing in the
//! mode it is shown in, the user's own bindings included. None is written by hand.

use crate::app::dialog::{Dialog, Hint};
use crate::app::keymap::Mode;
use crate::app::{Action, App};

/// "↑↓ 选择 · Enter 确定 · 1–7 直接选 · Esc 取消": the dialog's hints with their keys. A
/// hint whose action has no key in the mode is left out.
pub fn dialog_hints(app: &App, dialog: &Dialog) -> String {
    hint_text(app, dialog.mode(), dialog.hints())
}

/// "→ 下一个工程 · ← 上一个 · Esc 退出演示": the presenter's keys.
pub fn presenter_hints(app: &App) -> String {
    const HINTS: &[Hint] = &[
        Hint::Keys(&[Action::MoveRight], "hint.next_programme"),
        Hint::Keys(&[Action::MoveLeft], "hint.previous"),
        Hint::Keys(&[Action::Back], "hint.leave"),
    ];
    hint_text(app, Mode::Presenter, HINTS)
}

pub fn hint_text(app: &App, mode: Mode, hints: &[Hint]) -> String {
    let first_key = |action: &Action| {
        app.keymap
            .keys_in(mode, action)
            .into_iter()
            .next()
            .map(|k| crate::ui::glyph::key(app, &k))
    };
    hints
        .iter()
        .filter_map(|hint| {
            let (keys, label) = match *hint {
                Hint::Keys(actions, label) => {
                    let keys: Vec<String> = actions.iter().filter_map(first_key).collect();
                    if keys.is_empty() {
                        return None;
                    }
                    (run_together(&keys), label)
                }
                Hint::Choices(label) => (choice_range(app, mode)?, label),
                Hint::Newline(label) => {
                    let enter = ratatui::crossterm::event::KeyEvent::from(
                        ratatui::crossterm::event::KeyCode::Enter,
                    );
                    if app.keymap.action_in(mode, &enter).is_some() {
                        return None;
                    }
                    ("Enter".to_owned(), label)
                }
                Hint::Text(label) => return Some(app.strings.get(label).to_owned()),
            };
            Some(format!("{keys} {}", app.strings.get(label)))
        })
        .collect::<Vec<_>>()
        .join(crate::ui::glyph::dot(app))
}

/// Keys of one character each run together ("↑↓"); longer names are joined by "/"
/// ("PgUp/PgDn").
fn run_together(keys: &[String]) -> String {
    if keys.iter().all(|k| k.chars().count() == 1) {
        keys.concat()
    } else {
        keys.join("/")
    }
}

/// The digits bound to `Choose(n)` in `mode`, as a range: "1–7".
fn choice_range(app: &App, mode: Mode) -> Option<String> {
    let bound: Vec<u8> = (0..=9u8)
        .filter(|&n| !app.keymap.keys_in(mode, &Action::Choose(n)).is_empty())
        .collect();
    let keys = |n: u8| {
        app.keymap
            .keys_in(mode, &Action::Choose(n))
            .into_iter()
            .next()
    };
    match (bound.first(), bound.last()) {
        (Some(&first), Some(&last)) if first == last => keys(first),
        (Some(&first), Some(&last)) => Some(format!(
            "{}{}{}",
            keys(first)?,
            if app.theme.ascii { "-" } else { "–" },
            keys(last)?
        )),
        _ => None,
    }
}
