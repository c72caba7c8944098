//! The user's settings: `config.ron` and `keys.ron` in the config directory.
//!
//! The directory comes from `directories` (e.g. `~/.config/planmeet` on Linux) unless
//! `PLANMEET_CONFIG_DIR` names another, which tests and shared servers use. A file that
//! is missing is no error; a file that is wrong is reported with its place and ignored,
//! so a typo never keeps a coordinator out of a meeting.

use std::fs;
use std::path::PathBuf;

use serde::Deserialize;

use crate::model::filter::SavedFilters;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `zh` or `en`; `--lang` wins over it, and it wins over the locale.
    #[serde(default)]
    pub lang: Option<String>,
    /// Capture the mouse (default true). `--no-mouse` wins.
    #[serde(default)]
    pub mouse: Option<bool>,
    /// Draw boxes with ASCII (default false). `--ascii` wins.
    #[serde(default)]
    pub ascii: Option<bool>,
    /// Who changes are recorded as. `--author` wins; it wins over `PLANMEET_AUTHOR` and
    /// the login name.
    #[serde(default)]
    pub author: Option<String>,
    /// How far below the expected pace a target's light stays amber: 0.1 is 10%.
    #[serde(default)]
    pub light_margin: Option<f64>,
    /// `"light"`, `"dark"` or `"auto"` (ask the terminal). `--theme` wins.
    #[serde(default)]
    pub theme: Option<ThemeSetting>,
    /// How the terminal draws East Asian Ambiguous characters: `"narrow"`, `"wide"` or
    /// `"auto"` (measure it). `--ambiguous` wins.
    #[serde(default)]
    pub ambiguous: Option<AmbiguousSetting>,
}

/// Which palette to draw with: the one for the terminal's background, found by asking it
/// (`Auto`), or the one named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(try_from = "String")]
pub enum ThemeSetting {
    #[default]
    Auto,
    Light,
    Dark,
}

impl std::str::FromStr for ThemeSetting {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "auto" => Ok(Self::Auto),
            "light" => Ok(Self::Light),
            "dark" => Ok(Self::Dark),
            other => Err(format!(
                "theme {other:?} is not one of \"light\", \"dark\", \"auto\""
            )),
        }
    }
}

impl TryFrom<String> for ThemeSetting {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        text.parse()
    }
}

/// How wide the terminal draws East Asian Ambiguous characters (`─ │ … ○ ● ★ ▶ ·`): one
/// column (`Narrow`), two (`Wide`, CJK settings of Xshell, SecureCRT, PuTTY, MobaXterm),
/// or measured at start (`Auto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(try_from = "String")]
pub enum AmbiguousSetting {
    #[default]
    Auto,
    Narrow,
    Wide,
}

impl std::str::FromStr for AmbiguousSetting {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "auto" => Ok(Self::Auto),
            "narrow" => Ok(Self::Narrow),
            "wide" => Ok(Self::Wide),
            other => Err(format!(
                "ambiguous {other:?} is not one of \"narrow\", \"wide\", \"auto\""
            )),
        }
    }
}

impl TryFrom<String> for AmbiguousSetting {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        text.parse()
    }
}

/// What was read from the config directory, and what went wrong reading it.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub config: Config,
    /// The text of the user's key file, if there is one.
    pub keys: Option<String>,
    pub keys_path: Option<PathBuf>,
    /// Messages to show the user (a config file that could not be used).
    pub problems: Vec<String>,
}

pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PLANMEET_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "planmeet").map(|d| d.config_dir().to_path_buf())
}

pub fn load_settings() -> Settings {
    let mut settings = Settings::default();
    let Some(dir) = config_dir() else {
        return settings;
    };
    let config_path = dir.join("config.ron");
    match fs::read_to_string(&config_path) {
        Ok(text) => match parse_config(&text) {
            Ok(config) => settings.config = config,
            Err(e) => settings.problems.push(format!(
                "{}:{}:{}: {} (the file is ignored)",
                config_path.display(),
                e.span.start.line,
                e.span.start.col,
                e.code
            )),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => settings
            .problems
            .push(format!("{}: cannot read: {e}", config_path.display())),
    }
    let keys_path = dir.join("keys.ron");
    match fs::read_to_string(&keys_path) {
        Ok(text) => {
            settings.keys = Some(text);
            settings.keys_path = Some(keys_path);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => settings
            .problems
            .push(format!("{}: cannot read: {e}", keys_path.display())),
    }
    settings
}

/// The file saved filters live in: written by planmeet (a file of its own, so saving a
/// filter never touches the hand-written `config.ron`).
pub fn filters_path() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("filters.ron"))
}

/// Reads the saved filters; a missing file is none, a damaged one is reported and kept
/// as it is (saving refuses to replace a file it could not read).
pub fn load_filters() -> Result<SavedFilters, String> {
    let Some(path) = filters_path() else {
        return Ok(SavedFilters::new());
    };
    match fs::read_to_string(&path) {
        Ok(text) => ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text.strip_prefix('\u{feff}').unwrap_or(&text))
            .map_err(|e| {
                format!(
                    "{}:{}:{}: {} (saved filters not loaded)",
                    path.display(),
                    e.span.start.line,
                    e.span.start.col,
                    e.code
                )
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(SavedFilters::new()),
        Err(e) => Err(format!("{}: cannot read: {e}", path.display())),
    }
}

/// Writes the saved filters, replacing the file atomically (a crash leaves the old file or
/// the new one, never half of one). Refuses when the file on disk cannot be read: it may
/// hold filters this planmeet would lose.
pub fn save_filters(filters: &SavedFilters) -> Result<PathBuf, String> {
    use std::io::Write;
    let path = filters_path().ok_or("no config directory is known for this user")?;
    load_filters()?;
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let text = ron::ser::to_string_pretty(
        filters,
        ron::ser::PrettyConfig::new().extensions(ron::extensions::Extensions::IMPLICIT_SOME),
    )
    .map_err(|e| e.to_string())?;
    let mut file = atomic_write_file::AtomicWriteFile::open(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.write_all(
        format!(
            "#![enable(implicit_some)]\n// Filters saved from planmeet (f, then Ctrl-S).\n{text}\n"
        )
        .as_bytes(),
    )
    .and_then(|()| file.commit())
    .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// Records `author` in `config.ron` (the name the browser asked for), so the browser and
/// the command line know it from then on. The file is written by hand: only its `author`
/// line changes or is added, comments and other settings stay as they were, and the result
/// is read back before it replaces the file. A file that cannot be read is not touched.
pub fn save_author(name: &str) -> Result<PathBuf, String> {
    use std::io::Write;
    let dir = config_dir().ok_or("no config directory is known for this user")?;
    let path = dir.join("config.ron");
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
    };
    let updated = with_author(&text, name).map_err(|e| format!("{}: {e}", path.display()))?;
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut file = atomic_write_file::AtomicWriteFile::open(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.write_all(updated.as_bytes())
        .and_then(|()| file.commit())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// `text` (a config.ron) with its `author` set to `name`: the `author:` line replaced, or
/// one added after the opening parenthesis. Refuses when `text` does not parse, or when the
/// edit would change anything but the author (a layout this line edit cannot follow).
fn with_author(text: &str, name: &str) -> Result<String, String> {
    let quoted = ron::to_string(name).map_err(|e| e.to_string())?;
    let line = format!("author: {quoted},");
    if text.trim().is_empty() {
        return Ok(format!("// planmeet settings\n(\n    {line}\n)\n"));
    }
    let before = parse_config(text).map_err(|e| {
        format!(
            "{}:{}: {} (the file is left as it is)",
            e.span.start.line, e.span.start.col, e.code
        )
    })?;
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let code = |l: &str| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with("//") && !t.starts_with("#!")
    };
    if let Some(at) = lines
        .iter()
        .position(|l| l.trim_start().starts_with("author"))
    {
        let indent: String = lines[at]
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        lines[at] = format!("{indent}{line}");
    } else if let Some(at) = lines.iter().position(|l| code(l)) {
        let opening = lines[at].find('(').ok_or("no opening parenthesis")?;
        let (head, tail) = lines[at].split_at(opening + 1);
        let (head, tail) = (head.to_owned(), tail.to_owned());
        lines[at] = head;
        lines.insert(at + 1, format!("    {line}"));
        if !tail.trim().is_empty() {
            lines.insert(at + 2, tail);
        }
    }
    let mut updated = lines.join("\n");
    updated.push('\n');
    let after = parse_config(&updated).map_err(|e| e.code.to_string())?;
    let expected = Config {
        author: Some(name.to_owned()),
        ..before
    };
    if after != expected {
        return Err(format!(
            "add `{line}` to it by hand (the file is left as it is)"
        ));
    }
    Ok(updated)
}

/// `lang: "en"` rather than `lang: Some("en")`: settings files are written by hand.
fn parse_config(text: &str) -> ron::error::SpannedResult<Config> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text.strip_prefix('\u{feff}').unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_is_saved_keeping_the_rest_of_a_hand_written_file() {
        // No file yet: one is written that reads back.
        let new = with_author("", "王芳").unwrap();
        assert_eq!(parse_config(&new).unwrap().author.as_deref(), Some("王芳"));
        // An author line is replaced; comments and other settings stay.
        let text = "#![enable(implicit_some)]\n// mine\n(\n    lang: \"zh\",\n    author: \"old\",\n    mouse: false,\n)\n";
        let updated = with_author(text, "李\"四\"").unwrap();
        assert!(updated.contains("// mine"), "{updated}");
        let config = parse_config(&updated).unwrap();
        assert_eq!(config.author.as_deref(), Some("李\"四\""));
        assert_eq!(
            (config.lang.as_deref(), config.mouse),
            (Some("zh"), Some(false))
        );
        // No author line: one is added after the opening parenthesis, even on one line.
        let updated = with_author("(lang: \"en\", mouse: false)", "Wang").unwrap();
        let config = parse_config(&updated).unwrap();
        assert_eq!(config.author.as_deref(), Some("Wang"));
        assert_eq!(
            (config.lang.as_deref(), config.mouse),
            (Some("en"), Some(false))
        );
        // A layout the line edit cannot follow, or a file that does not parse: refused.
        assert!(with_author("(author: \"a\", lang: \"en\")", "b").is_err());
        let error = with_author("(\n  colour: true)", "b").unwrap_err();
        assert!(error.starts_with("2:"), "{error}");
    }

    #[test]
    fn config_rejects_unknown_fields() {
        let ok = parse_config("(lang: \"en\", mouse: false)").unwrap();
        assert_eq!(ok.lang.as_deref(), Some("en"));
        assert_eq!(ok.mouse, Some(false));
        assert!(parse_config("(mouse: false, colour: true)").is_err());
        assert_eq!(parse_config("()").unwrap(), Config::default());
    }

    #[test]
    fn theme_and_ambiguous_are_read_and_old_files_still_load() {
        let config = parse_config("(theme: \"light\", ambiguous: \"wide\")").unwrap();
        assert_eq!(config.theme, Some(ThemeSetting::Light));
        assert_eq!(config.ambiguous, Some(AmbiguousSetting::Wide));
        let config = parse_config("(theme: \"auto\", ambiguous: \"narrow\")").unwrap();
        assert_eq!(config.theme, Some(ThemeSetting::Auto));
        assert_eq!(config.ambiguous, Some(AmbiguousSetting::Narrow));
        // A file written before these settings existed.
        let old =
            parse_config("(lang: \"zh\", mouse: false, ascii: false, author: \"王芳\")").unwrap();
        assert_eq!((old.theme, old.ambiguous), (None, None));
        // A value that is none of them is an error with its place, like any other.
        let error = parse_config("(\n  theme: \"blue\")").unwrap_err();
        assert_eq!(error.span.start.line, 2);
        assert!(error.code.to_string().contains("blue"), "{}", error.code);
        assert!(parse_config("(ambiguous: \"half\")").is_err());
    }
}
