//! Key bindings: which key means which [`Action`].
//!
//! Defaults are embedded from `assets/keys.ron`; a user file of the same shape is layered on
//! top (a binding replaces or adds, `"x": None` unbinds). The map also answers the reverse
//! question, "which keys do this?", so the help screen and hint bar always show the keys
//! that really work, including the user's own.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

const DEFAULT_KEYS: &str = include_str!("../../assets/keys.ron");

pub use super::action::Action;

/// Modifiers that make a different key; lock states and keypad flags do not.
const MODIFIERS: KeyModifiers = KeyModifiers::CONTROL
    .union(KeyModifiers::ALT)
    .union(KeyModifiers::SHIFT)
    .union(KeyModifiers::SUPER)
    .union(KeyModifiers::HYPER)
    .union(KeyModifiers::META);

/// A key with its modifiers, normalised so that a binding and a terminal's report of the
/// same keystroke compare equal.
///
/// Terminals disagree on Shift: crossterm reports `G` as `Char('G')` with SHIFT (and some
/// terminals send `Char('g')` with SHIFT), and Shift+Tab as `BackTab` with SHIFT. So for
/// characters Shift is folded into the character (`g`+Shift → `G`, `?`+Shift → `?`), and
/// Shift+Tab is always `BackTab` without SHIFT. Shift stays on other keys (`Shift-Left`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    mods: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        let mut mods = mods & MODIFIERS;
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(upper(c))
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Self { code, mods }
    }

    pub fn code(self) -> KeyCode {
        self.code
    }

    pub fn modifiers(self) -> KeyModifiers {
        self.mods
    }
}

impl From<&KeyEvent> for Key {
    fn from(ev: &KeyEvent) -> Self {
        Key::new(ev.code, ev.modifiers)
    }
}

fn upper(c: char) -> char {
    let mut u = c.to_uppercase();
    match (u.next(), u.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

impl FromStr for Key {
    type Err = String;

    /// Parses "q", "G", "Ctrl-r", "Shift-Tab", "Enter", "PgUp", "F1", "Space", "↑",
    /// "Ctrl+Alt+x". Modifier and key names ignore case; a single character is taken as is.
    fn from_str(s: &str) -> Result<Self, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s.trim();
        if rest.is_empty() {
            // " " is a real key; an empty name is not.
            return if s.is_empty() {
                Err("empty key name".into())
            } else {
                Ok(Key::new(KeyCode::Char(' '), mods))
            };
        }
        while rest.chars().nth(1).is_some() {
            let Some(pos) = rest.find(['-', '+']).filter(|&p| p > 0) else {
                break;
            };
            let tail = &rest[pos + 1..];
            if tail.is_empty() {
                break;
            }
            mods |= match rest[..pos].to_ascii_lowercase().as_str() {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" | "opt" | "option" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                "super" | "cmd" | "win" => KeyModifiers::SUPER,
                "hyper" => KeyModifiers::HYPER,
                "meta" => KeyModifiers::META,
                other => return Err(format!("unknown modifier \"{other}\" in \"{s}\"")),
            };
            rest = tail;
        }
        Ok(Key::new(code_from_name(rest)?, mods))
    }
}

fn code_from_name(name: &str) -> Result<KeyCode, String> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return match c {
            '↑' => Ok(KeyCode::Up),
            '↓' => Ok(KeyCode::Down),
            '←' => Ok(KeyCode::Left),
            '→' => Ok(KeyCode::Right),
            c if c.is_control() => {
                Err(format!("control character U+{:04X} is not a key", c as u32))
            }
            c => Ok(KeyCode::Char(c)),
        };
    }
    let lower = name.to_ascii_lowercase();
    let code = match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" | "bs" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" | "pageup" | "page_up" => KeyCode::PageUp,
        "pgdn" | "pgdown" | "pagedown" | "page_down" => KeyCode::PageDown,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "space" => KeyCode::Char(' '),
        f => match f.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            Some(n @ 1..=24) => KeyCode::F(n),
            _ => return Err(format!("unknown key \"{name}\"")),
        },
    };
    Ok(code)
}

impl fmt::Display for Key {
    /// The form shown in help and hints: "k", "G", "Ctrl-c", "Shift-Tab", "PgDn", "↑".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (flag, name) in [
            (KeyModifiers::CONTROL, "Ctrl-"),
            (KeyModifiers::ALT, "Alt-"),
            (KeyModifiers::SHIFT, "Shift-"),
            (KeyModifiers::SUPER, "Super-"),
            (KeyModifiers::HYPER, "Hyper-"),
            (KeyModifiers::META, "Meta-"),
        ] {
            if self.mods.contains(flag) {
                f.write_str(name)?;
            }
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(de::Error::custom)
    }
}

/// A map of bindings as written, in file order (a `HashMap` would lose the order the
/// help screen shows keys in).
#[derive(Default)]
struct Bindings(Vec<(Key, Option<Action>)>);

impl<'de> Deserialize<'de> for Bindings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = Bindings;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map from key names to actions")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Bindings, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<Key, Option<Action>>()? {
                    out.push(entry);
                }
                Ok(Bindings(out))
            }
        }
        d.deserialize_map(Ordered)
    }
}

/// The modes keys are looked up in. Each has a section of its own in `keys.ron`; a key not
/// bound in a mode's section is looked up in the sections it falls back to (see
/// [`Mode::chain`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Every view, unless the view's own section binds the key.
    Global,
    Plan,
    Owners,
    Targets,
    Districts,
    Dashboard,
    Decisions,
    Changes,
    /// While an agenda is walked (before the view's keys).
    Agenda,
    Presenter,
    Help,
    /// The search line; characters not bound here are the query.
    Search,
    /// Every dialog, after its own section (`Ctrl-c` quits from anywhere).
    Dialog,
    StatusPicker,
    Progress,
    Actual,
    Note,
    Author,
    Unsaved,
    SaveCopy,
    Filter,
    Export,
    StartMeeting,
    CloseMeeting,
    Decision,
    AgendaScope,
    /// The prompt for the filled report forms to collect.
    CollectPath,
    /// What the forms would record, before it is.
    CollectPreview,
    /// The go-to-anything palette.
    Palette,
    /// Quitting with a meeting open.
    QuitMeeting,
}

impl Mode {
    pub const ALL: [Mode; 30] = [
        Mode::Global,
        Mode::Plan,
        Mode::Owners,
        Mode::Targets,
        Mode::Districts,
        Mode::Dashboard,
        Mode::Decisions,
        Mode::Changes,
        Mode::Agenda,
        Mode::Presenter,
        Mode::Help,
        Mode::Search,
        Mode::Dialog,
        Mode::StatusPicker,
        Mode::Progress,
        Mode::Actual,
        Mode::Note,
        Mode::Author,
        Mode::Unsaved,
        Mode::SaveCopy,
        Mode::Filter,
        Mode::Export,
        Mode::StartMeeting,
        Mode::CloseMeeting,
        Mode::Decision,
        Mode::AgendaScope,
        Mode::CollectPath,
        Mode::CollectPreview,
        Mode::Palette,
        Mode::QuitMeeting,
    ];

    /// The section's name in `keys.ron`.
    pub fn section(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Plan => "plan",
            Mode::Owners => "owners",
            Mode::Targets => "targets",
            Mode::Districts => "districts",
            Mode::Dashboard => "dashboard",
            Mode::Decisions => "decisions",
            Mode::Changes => "changes",
            Mode::Agenda => "agenda",
            Mode::Presenter => "presenter",
            Mode::Help => "help",
            Mode::Search => "search",
            Mode::Dialog => "dialog",
            Mode::StatusPicker => "status_picker",
            Mode::Progress => "progress",
            Mode::Actual => "actual",
            Mode::Note => "note",
            Mode::Author => "author",
            Mode::Unsaved => "unsaved",
            Mode::SaveCopy => "save_copy",
            Mode::Filter => "filter",
            Mode::Export => "export",
            Mode::StartMeeting => "start_meeting",
            Mode::CloseMeeting => "close_meeting",
            Mode::Decision => "decision",
            Mode::AgendaScope => "agenda_scope",
            Mode::CollectPath => "collect_path",
            Mode::CollectPreview => "collect_preview",
            Mode::Palette => "palette",
            Mode::QuitMeeting => "quit_meeting",
        }
    }

    /// Where a key not bound in this mode is looked up next: a view falls back to the
    /// global keys, a dialog to the keys of every dialog.
    pub fn fallback(self) -> Option<Mode> {
        match self {
            // The agenda's keys come before the view's own, which fall back to the global ones
            // (see `runtime::input`).
            Mode::Global | Mode::Search | Mode::Dialog | Mode::Agenda => None,
            Mode::Plan
            | Mode::Owners
            | Mode::Targets
            | Mode::Districts
            | Mode::Dashboard
            | Mode::Decisions
            | Mode::Changes
            | Mode::Presenter
            | Mode::Help => Some(Mode::Global),
            _ => Some(Mode::Dialog),
        }
    }

    /// Whether this is a dialog's mode.
    pub fn is_dialog(self) -> bool {
        self.fallback() == Some(Mode::Dialog)
    }
}

/// The shape of `keys.ron`: a section per mode. Unknown sections are errors, so a typo such
/// as `globl` is reported instead of silently ignored.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct KeyFile {
    global: Bindings,
    plan: Bindings,
    owners: Bindings,
    targets: Bindings,
    districts: Bindings,
    dashboard: Bindings,
    decisions: Bindings,
    changes: Bindings,
    agenda: Bindings,
    presenter: Bindings,
    help: Bindings,
    search: Bindings,
    dialog: Bindings,
    status_picker: Bindings,
    progress: Bindings,
    actual: Bindings,
    note: Bindings,
    author: Bindings,
    unsaved: Bindings,
    save_copy: Bindings,
    filter: Bindings,
    export: Bindings,
    start_meeting: Bindings,
    close_meeting: Bindings,
    decision: Bindings,
    agenda_scope: Bindings,
    collect_path: Bindings,
    collect_preview: Bindings,
    palette: Bindings,
    quit_meeting: Bindings,
}

impl KeyFile {
    fn into_sections(self) -> Vec<(Mode, Bindings)> {
        vec![
            (Mode::Global, self.global),
            (Mode::Plan, self.plan),
            (Mode::Owners, self.owners),
            (Mode::Targets, self.targets),
            (Mode::Districts, self.districts),
            (Mode::Dashboard, self.dashboard),
            (Mode::Decisions, self.decisions),
            (Mode::Changes, self.changes),
            (Mode::Agenda, self.agenda),
            (Mode::Presenter, self.presenter),
            (Mode::Help, self.help),
            (Mode::Search, self.search),
            (Mode::Dialog, self.dialog),
            (Mode::StatusPicker, self.status_picker),
            (Mode::Progress, self.progress),
            (Mode::Actual, self.actual),
            (Mode::Note, self.note),
            (Mode::Author, self.author),
            (Mode::Unsaved, self.unsaved),
            (Mode::SaveCopy, self.save_copy),
            (Mode::Filter, self.filter),
            (Mode::Export, self.export),
            (Mode::StartMeeting, self.start_meeting),
            (Mode::CloseMeeting, self.close_meeting),
            (Mode::Decision, self.decision),
            (Mode::AgendaScope, self.agenda_scope),
            (Mode::CollectPath, self.collect_path),
            (Mode::CollectPreview, self.collect_preview),
            (Mode::Palette, self.palette),
            (Mode::QuitMeeting, self.quit_meeting),
        ]
    }
}

/// A key file that could not be read, with the 1-based position RON reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for KeymapError {}

fn parse_file(src: &str) -> Result<KeyFile, KeymapError> {
    // Editors on Windows like to start files with a BOM, which RON rejects.
    let src = src.strip_prefix('\u{FEFF}').unwrap_or(src);
    ron::Options::default()
        // Lets users write `"j": MoveDown` rather than `"j": Some(MoveDown)`, and `None`.
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str::<KeyFile>(src)
        .map_err(|e| KeymapError {
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })
}

/// One mode's bindings, in the order they were defined.
#[derive(Debug, Clone, Default)]
struct Section {
    bindings: Vec<(Key, Action)>,
    index: HashMap<Key, Action>,
}

impl Section {
    /// Binds `key` to `action`, replacing what it did before (keeping its place in the
    /// order); `None` removes the binding.
    fn bind(&mut self, key: Key, action: Option<Action>) {
        match action {
            Some(action) => {
                if self.index.insert(key, action.clone()).is_some() {
                    for binding in self.bindings.iter_mut().filter(|(k, _)| *k == key) {
                        binding.1 = action.clone();
                    }
                } else {
                    self.bindings.push((key, action));
                }
            }
            None => {
                if self.index.remove(&key).is_some() {
                    self.bindings.retain(|(k, _)| *k != key);
                }
            }
        }
    }

    fn keys_for(&self, action: &Action) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|(_, a)| a == action)
            .map(|(k, _)| k.to_string())
            .collect()
    }
}

/// Bindings from keys to actions, per mode, in the order they were defined.
#[derive(Debug, Clone)]
pub struct Keymap {
    sections: HashMap<Mode, Section>,
}

impl Default for Keymap {
    /// The embedded defaults. They are checked by tests; should they ever fail to parse,
    /// a minimal map keeps the app usable and quittable rather than panicking.
    fn default() -> Self {
        Keymap::load(None).unwrap_or_else(|_| {
            let mut map = Keymap::empty();
            for (mode, code, mods, action) in [
                (
                    Mode::Global,
                    KeyCode::Up,
                    KeyModifiers::NONE,
                    Action::MoveUp,
                ),
                (
                    Mode::Global,
                    KeyCode::Down,
                    KeyModifiers::NONE,
                    Action::MoveDown,
                ),
                (
                    Mode::Global,
                    KeyCode::Enter,
                    KeyModifiers::NONE,
                    Action::Open,
                ),
                (Mode::Global, KeyCode::Esc, KeyModifiers::NONE, Action::Back),
                (
                    Mode::Global,
                    KeyCode::Char('q'),
                    KeyModifiers::NONE,
                    Action::Quit,
                ),
                (
                    Mode::Global,
                    KeyCode::Char('c'),
                    KeyModifiers::CONTROL,
                    Action::Quit,
                ),
                (
                    Mode::Dialog,
                    KeyCode::Enter,
                    KeyModifiers::NONE,
                    Action::Confirm,
                ),
                (
                    Mode::Dialog,
                    KeyCode::Esc,
                    KeyModifiers::NONE,
                    Action::Cancel,
                ),
                (
                    Mode::Dialog,
                    KeyCode::Char('c'),
                    KeyModifiers::CONTROL,
                    Action::Quit,
                ),
                (
                    Mode::Search,
                    KeyCode::Enter,
                    KeyModifiers::NONE,
                    Action::SearchConfirm,
                ),
                (
                    Mode::Search,
                    KeyCode::Esc,
                    KeyModifiers::NONE,
                    Action::SearchCancel,
                ),
            ] {
                map.section_mut(mode)
                    .bind(Key::new(code, mods), Some(action));
            }
            map
        })
    }
}

impl Keymap {
    fn empty() -> Self {
        Self {
            sections: HashMap::new(),
        }
    }

    fn section_mut(&mut self, mode: Mode) -> &mut Section {
        self.sections.entry(mode).or_default()
    }

    fn apply(&mut self, file: KeyFile) {
        for (mode, bindings) in file.into_sections() {
            let section = self.section_mut(mode);
            for (key, action) in bindings.0 {
                section.bind(key, action);
            }
        }
    }

    /// The embedded defaults with `user_override` (the text of the user's key file) on top.
    /// On error nothing is half-applied; the caller can fall back to `Keymap::default()` and
    /// show the error.
    pub fn load(user_override: Option<&str>) -> Result<Keymap, KeymapError> {
        let mut map = Keymap::empty();
        map.apply(parse_file(DEFAULT_KEYS)?);
        if let Some(src) = user_override {
            map.apply(parse_file(src)?);
        }
        Ok(map)
    }

    /// The action of a key press in the global section. Key releases (which Windows and
    /// the kitty protocol report) do nothing; auto-repeat acts like pressing again, so
    /// holding ↓ scrolls.
    pub fn action_for(&self, event: &KeyEvent) -> Option<Action> {
        self.action_in(Mode::Global, event)
    }

    /// The action of a key press in `mode`, or in the modes it falls back to.
    pub fn action_in(&self, mode: Mode, event: &KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let key = Key::from(event);
        let mut mode = Some(mode);
        while let Some(m) = mode {
            if let Some(action) = self.sections.get(&m).and_then(|s| s.index.get(&key)) {
                return Some(action.clone());
            }
            mode = m.fallback();
        }
        None
    }

    /// The keys bound to `action` in the global section, in display form and definition
    /// order (defaults first, then keys the user added).
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        self.keys_in(Mode::Global, &action)
    }

    /// The keys that do `action` in `mode`: its own section's, else those of the modes it
    /// falls back to (a key bound in the mode's own section hides the fallback's).
    pub fn keys_in(&self, mode: Mode, action: &Action) -> Vec<String> {
        let mut mode = Some(mode);
        while let Some(m) = mode {
            let keys = self
                .sections
                .get(&m)
                .map(|s| s.keys_for(action))
                .unwrap_or_default();
            if !keys.is_empty() {
                return keys;
            }
            mode = m.fallback();
        }
        Vec::new()
    }

    /// Every action that has a key, with its keys, in [`Action::ALL`] order: the content
    /// of the help screen. Unbound actions are left out since they cannot be used.
    pub fn help_entries(&self) -> Vec<(Action, Vec<String>)> {
        Action::ALL
            .iter()
            .map(|a| (a.clone(), self.keys_for(a.clone())))
            .filter(|(_, keys)| !keys.is_empty())
            .collect()
    }

    /// The bindings of one mode's own section, in definition order (for the help screen).
    pub fn section(&self, mode: Mode) -> Vec<(Key, Action)> {
        self.sections
            .get(&mode)
            .map(|s| s.bindings.clone())
            .unwrap_or_default()
    }

    /// All global bindings in definition order.
    pub fn iter(&self) -> impl Iterator<Item = (Key, Action)> + '_ {
        self.sections
            .get(&Mode::Global)
            .into_iter()
            .flat_map(|s| s.bindings.iter().cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Strings};
    use ratatui::crossterm::event::KeyEventState;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    fn ch(c: char) -> KeyEvent {
        press(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn defaults() -> Keymap {
        match Keymap::load(None) {
            Ok(m) => m,
            Err(e) => panic!("embedded keys.ron: {e}"),
        }
    }

    fn key(s: &str) -> Key {
        match s.parse() {
            Ok(k) => k,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    #[test]
    fn defaults_parse_and_cover_every_action() {
        let map = defaults();
        for a in Action::ALL {
            assert!(
                !map.keys_for(a.clone()).is_empty(),
                "{a:?} has no default key"
            );
        }
        assert_eq!(map.help_entries().len(), Action::ALL.len());
    }

    #[test]
    fn defaults_bind_no_key_twice() {
        let file = match parse_file(DEFAULT_KEYS) {
            Ok(f) => f,
            Err(e) => panic!("{e}"),
        };
        for (mode, bindings) in file.into_sections() {
            let mut seen = HashMap::new();
            for (k, _) in &bindings.0 {
                assert!(seen.insert(*k, ()).is_none(), "{k} bound twice in {mode:?}");
            }
        }
    }

    #[test]
    fn all_lists_each_action_once_with_a_description() {
        let mut seen = std::collections::HashSet::new();
        let zh = Strings::new(Lang::Zh);
        let en = Strings::new(Lang::En);
        let event_only = [
            Action::Resize(80, 24),
            Action::Click(0, 0),
            Action::ScrollWheel(true, 0, 0),
            Action::SearchInput('x'),
            Action::SearchBackspace,
            Action::SearchConfirm,
            Action::SearchCancel,
        ];
        for a in Action::ALL.into_iter().chain(event_only) {
            assert!(seen.insert(format!("{a:?}")), "{a:?} twice");
            let key = a.description_key();
            assert_ne!(zh.get(key), key, "{key} missing in zh-CN.ron");
            assert_ne!(en.get(key), key, "{key} missing in en.ron");
        }
    }

    #[test]
    fn default_bindings() {
        let map = defaults();
        let cases = [
            (press(KeyCode::Up, KeyModifiers::NONE), Action::MoveUp),
            (ch('k'), Action::MoveUp),
            (ch('j'), Action::MoveDown),
            (ch('h'), Action::MoveLeft),
            (ch('l'), Action::MoveRight),
            (press(KeyCode::Tab, KeyModifiers::NONE), Action::FocusNext),
            (
                press(KeyCode::BackTab, KeyModifiers::SHIFT),
                Action::FocusPrev,
            ),
            (
                press(KeyCode::BackTab, KeyModifiers::NONE),
                Action::FocusPrev,
            ),
            (press(KeyCode::Tab, KeyModifiers::SHIFT), Action::FocusPrev),
            (press(KeyCode::Enter, KeyModifiers::NONE), Action::Open),
            (press(KeyCode::Esc, KeyModifiers::NONE), Action::Back),
            (press(KeyCode::PageUp, KeyModifiers::NONE), Action::PageUp),
            (
                press(KeyCode::PageDown, KeyModifiers::NONE),
                Action::PageDown,
            ),
            (press(KeyCode::Home, KeyModifiers::NONE), Action::Home),
            (press(KeyCode::End, KeyModifiers::NONE), Action::End),
            (ch('g'), Action::Home),
            (press(KeyCode::Char('G'), KeyModifiers::SHIFT), Action::End),
            (ch('G'), Action::End),
            (press(KeyCode::Char('g'), KeyModifiers::SHIFT), Action::End),
            (ch('1'), Action::ShowPlan),
            (ch('2'), Action::ShowOwners),
            (ch('3'), Action::ShowTargets),
            (ch('4'), Action::ShowDistricts),
            (ch('5'), Action::ShowDashboard),
            (ch('/'), Action::Search),
            (ch('n'), Action::SearchNext),
            (
                press(KeyCode::Char('N'), KeyModifiers::SHIFT),
                Action::SearchPrev,
            ),
            (press(KeyCode::Char('?'), KeyModifiers::SHIFT), Action::Help),
            (ch('?'), Action::Help),
            (press(KeyCode::F(1), KeyModifiers::NONE), Action::Help),
            (ch('q'), Action::Quit),
            (
                press(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Action::Quit,
            ),
            (
                press(KeyCode::Left, KeyModifiers::SHIFT),
                Action::ScrollLeft,
            ),
            (
                press(KeyCode::Right, KeyModifiers::SHIFT),
                Action::ScrollRight,
            ),
        ];
        for (ev, action) in cases {
            assert_eq!(map.action_for(&ev), Some(action), "{ev:?}");
        }
        assert_eq!(map.action_for(&ch('c')), None);
        assert_eq!(map.action_for(&ch('Q')), None);
        assert_eq!(
            map.action_for(&press(KeyCode::Char('q'), KeyModifiers::CONTROL)),
            None
        );
        assert_eq!(
            map.action_for(&press(KeyCode::Up, KeyModifiers::CONTROL)),
            None
        );
    }

    #[test]
    fn release_is_ignored_and_repeat_acts() {
        let map = defaults();
        let mut ev = ch('j');
        ev.kind = KeyEventKind::Release;
        assert_eq!(map.action_for(&ev), None);
        ev.kind = KeyEventKind::Repeat;
        assert_eq!(map.action_for(&ev), Some(Action::MoveDown));
        // Lock states do not change the key.
        let ev = KeyEvent::new_with_kind_and_state(
            KeyCode::Char('j'),
            KeyModifiers::NONE,
            KeyEventKind::Press,
            KeyEventState::CAPS_LOCK | KeyEventState::NUM_LOCK,
        );
        assert_eq!(map.action_for(&ev), Some(Action::MoveDown));
    }

    #[test]
    fn parse_key_names() {
        let k = |code, mods| Key::new(code, mods);
        let none = KeyModifiers::NONE;
        let cases = [
            ("q", k(KeyCode::Char('q'), none)),
            ("G", k(KeyCode::Char('G'), none)),
            ("Shift-g", k(KeyCode::Char('G'), none)),
            ("Ctrl-r", k(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            ("ctrl+R", k(KeyCode::Char('R'), KeyModifiers::CONTROL)),
            ("Ctrl-Shift-r", k(KeyCode::Char('R'), KeyModifiers::CONTROL)),
            ("Shift-Tab", k(KeyCode::BackTab, none)),
            ("BackTab", k(KeyCode::BackTab, none)),
            ("Enter", k(KeyCode::Enter, none)),
            ("return", k(KeyCode::Enter, none)),
            ("Esc", k(KeyCode::Esc, none)),
            ("PgUp", k(KeyCode::PageUp, none)),
            ("PageDown", k(KeyCode::PageDown, none)),
            ("F1", k(KeyCode::F(1), none)),
            ("f12", k(KeyCode::F(12), none)),
            ("Space", k(KeyCode::Char(' '), none)),
            (" ", k(KeyCode::Char(' '), none)),
            ("-", k(KeyCode::Char('-'), none)),
            ("+", k(KeyCode::Char('+'), none)),
            ("Ctrl--", k(KeyCode::Char('-'), KeyModifiers::CONTROL)),
            ("Alt-+", k(KeyCode::Char('+'), KeyModifiers::ALT)),
            ("Shift-Left", k(KeyCode::Left, KeyModifiers::SHIFT)),
            ("↑", k(KeyCode::Up, none)),
            ("Alt-x", k(KeyCode::Char('x'), KeyModifiers::ALT)),
            ("市", k(KeyCode::Char('市'), none)),
        ];
        for (s, want) in cases {
            assert_eq!(key(s), want, "{s}");
        }
        for bad in [
            "", "Ctrl-", "Hyperx-a", "F0", "F25", "Fx", "Enterr", "Ctrl-Foo", "\u{1b}", "ab",
        ] {
            assert!(bad.parse::<Key>().is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn display_round_trips() {
        let cases = [
            ("k", "k"),
            ("G", "G"),
            ("Shift-g", "G"),
            ("Tab", "Tab"),
            ("Shift-Tab", "Shift-Tab"),
            ("PgDn", "PgDn"),
            ("Up", "↑"),
            ("Shift-Left", "Shift-←"),
            ("ctrl-c", "Ctrl-c"),
            ("space", "Space"),
            ("Ctrl--", "Ctrl--"),
            ("delete", "Del"),
            ("F5", "F5"),
        ];
        for (input, shown) in cases {
            let k = key(input);
            assert_eq!(k.to_string(), shown);
            assert_eq!(key(shown), k, "{shown} does not parse back");
        }
    }

    #[test]
    fn keys_for_is_in_definition_order() {
        let map = defaults();
        assert_eq!(map.keys_for(Action::MoveUp), ["↑", "k"]);
        assert_eq!(map.keys_for(Action::FocusPrev), ["Shift-Tab"]);
        assert_eq!(map.keys_for(Action::End), ["End", "G"]);
        assert_eq!(map.keys_for(Action::Quit), ["q", "Ctrl-c"]);
        assert_eq!(map.keys_for(Action::PageDown), ["PgDn", "Ctrl-f", "Space"]);
        let help = map.help_entries();
        assert_eq!(
            help[0],
            (Action::MoveUp, vec!["↑".to_owned(), "k".to_owned()])
        );
        assert_eq!(help.last().map(|e| e.0.clone()), Some(Action::Quit));
        assert_eq!(map.iter().next(), Some((key("Up"), Action::MoveUp)));
    }

    #[test]
    fn user_file_layers_on_defaults() {
        let user = r#"
            // my keys
            (
                global: {
                    "x": Quit,
                    "q": None,
                    "j": PageDown,
                    "Ctrl-n": MoveDown,
                    "Shift-g": Home,
                },
            )
        "#;
        let map = match Keymap::load(Some(user)) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(map.action_for(&ch('x')), Some(Action::Quit));
        assert_eq!(map.action_for(&ch('q')), None);
        assert_eq!(map.action_for(&ch('j')), Some(Action::PageDown));
        assert_eq!(
            map.action_for(&press(KeyCode::Char('n'), KeyModifiers::CONTROL)),
            Some(Action::MoveDown)
        );
        assert_eq!(map.action_for(&ch('G')), Some(Action::Home));
        // "x" is a default key (Export), rebound where it stands.
        assert_eq!(map.keys_for(Action::Quit), ["x", "Ctrl-c"]);
        assert_eq!(map.keys_for(Action::MoveDown), ["↓", "Ctrl-n"]);
        assert_eq!(
            map.keys_for(Action::PageDown),
            ["j", "PgDn", "Ctrl-f", "Space"]
        );
        assert_eq!(map.keys_for(Action::End), ["End"]);
        // Unbinding everything of an action drops it from help.
        let map = Keymap::load(Some(r#"(global: {"?": None, "F1": None})"#));
        let map = map.unwrap_or_else(|e| panic!("{e}"));
        assert!(map.help_entries().iter().all(|(a, _)| *a != Action::Help));
        // Explicit Some(..) and an empty file are fine too; so is a BOM.
        assert!(Keymap::load(Some(r#"(global: {"x": Some(Quit)})"#)).is_ok());
        assert!(Keymap::load(Some("()")).is_ok());
        assert!(Keymap::load(Some("\u{FEFF}(global: {})")).is_ok());
    }

    #[test]
    fn errors_report_line_and_column() {
        let bad_action = "(\n    global: {\n        \"x\": Qiut,\n    },\n)";
        let e = Keymap::load(Some(bad_action)).err();
        let e = e.unwrap_or_else(|| panic!("unknown action accepted"));
        assert_eq!(e.line, 3, "{e}");
        assert!(e.column > 1, "{e}");
        assert!(e.message.contains("Qiut"), "{e}");

        let bad_key = "(\n  global: {\n    \"Ctrl-Foo\": Quit,\n  },\n)";
        let e = Keymap::load(Some(bad_key)).err();
        let e = e.unwrap_or_else(|| panic!("bad key accepted"));
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("Foo"), "{e}");

        let syntax = "(global: {\"x\" Quit})";
        let e = Keymap::load(Some(syntax)).err();
        let e = e.unwrap_or_else(|| panic!("syntax error accepted"));
        assert_eq!(e.line, 1);
        assert!(e.to_string().starts_with("1:"), "{e}");

        let typo = "(globl: {})";
        assert!(Keymap::load(Some(typo)).is_err());
        for junk in ["", "{", "\u{0}", "(global: [])", "(global: {\"x\": 5})"] {
            assert!(Keymap::load(Some(junk)).is_err(), "{junk:?}");
        }
    }

    #[test]
    fn default_impl_matches_embedded() {
        let map = Keymap::default();
        assert_eq!(map.action_for(&ch('q')), Some(Action::Quit));
        assert_eq!(map.iter().count(), defaults().iter().count());
    }

    #[test]
    fn actions_serialize_by_name() {
        let s = ron::to_string(&Action::ShowDashboard).unwrap_or_default();
        assert_eq!(s, "ShowDashboard");
        // Event-only actions cannot come from a key file.
        for name in ["Click(1, 2)", "Resize(1, 2)", "SearchInput('x')"] {
            let src = format!("(global: {{\"x\": {name}}})");
            assert!(Keymap::load(Some(&src)).is_err(), "{name} accepted");
        }
    }
}
