//! Interface strings in Chinese and English.
//!
//! The strings live in `assets/i18n/*.ron` (a map from key to text) and are embedded in the
//! binary, so there is nothing to install and nothing to go missing at run time. A key that
//! one language lacks falls back to English, then to the key itself: a gap shows up as a
//! readable key on screen instead of a crash.

use std::collections::BTreeSet;

// The interface looks up a dozen strings per frame: FxHash, not SipHash (3% of a Plan key).
use rustc_hash::FxHashMap;
use std::fmt::Display;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

const ZH_CN: &str = include_str!("../assets/i18n/zh-CN.ron");
const EN: &str = include_str!("../assets/i18n/en.ron");

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    Zh,
    #[default]
    En,
}

impl Lang {
    /// Reads a language or locale name: `zh`, `zh-CN`, `zh_CN.UTF-8`, `ZH` → Chinese;
    /// `en`, `en_US.UTF-8`, `C`, `POSIX` → English. `None` for anything else.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim();
        let lang = s
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match lang.as_str() {
            "zh" | "chinese" => Some(Lang::Zh),
            "en" | "english" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the language: `--lang` wins; otherwise the first of `LC_ALL`, `LC_MESSAGES`,
    /// `LANG` that is set and non-empty decides (the POSIX order); Chinese if it names
    /// Chinese (`zh…`), English for anything else. `env` is a lookup such as
    /// `|k| std::env::var(k).ok()`, passed in so tests need not touch the process
    /// environment.
    pub fn detect(cli: Option<&str>, env: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(v) = cli.map(str::trim).filter(|v| !v.is_empty()) {
            return Lang::from_locale(v);
        }
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(&env)
            .find(|v| !v.trim().is_empty())
            .map_or(Lang::En, |v| Lang::from_locale(&v))
    }

    fn from_locale(v: &str) -> Lang {
        if v.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// BCP 47 tag, e.g. for exports.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// The interface strings of one language, with English behind them. The tables are
/// parsed once per process and shared: a clone, or another `Strings::new`, costs nothing
/// (the start parsed them twice, 2% of a 10,000 sub-task plan's start).
#[derive(Debug, Clone)]
pub struct Strings {
    lang: Lang,
    primary: Arc<FxHashMap<String, String>>,
    english: Arc<FxHashMap<String, String>>,
}

impl Strings {
    pub fn new(lang: Lang) -> Self {
        Strings::shared(lang).clone()
    }

    /// The strings of `lang`, parsed once for the life of the process (for code that has
    /// no `Strings` at hand: the input readers' messages, the command line's).
    pub fn shared(lang: Lang) -> &'static Strings {
        static ZH_STRINGS: OnceLock<Strings> = OnceLock::new();
        static EN_STRINGS: OnceLock<Strings> = OnceLock::new();
        static ENGLISH: OnceLock<Arc<FxHashMap<String, String>>> = OnceLock::new();
        let english =
            || Arc::clone(ENGLISH.get_or_init(|| Arc::new(parse_table(EN).unwrap_or_default())));
        match lang {
            Lang::Zh => ZH_STRINGS.get_or_init(|| Strings {
                lang,
                primary: Arc::new(parse_table(ZH_CN).unwrap_or_default()),
                english: english(),
            }),
            Lang::En => EN_STRINGS.get_or_init(|| Strings {
                lang,
                primary: Arc::default(),
                english: english(),
            }),
        }
    }

    /// The same strings with their marks in ASCII (`…` → `...`, `“ ”` → `"`, `→` → `->`,
    /// see [`ascii_marks`](crate::text::marks::ascii_marks)): the interface's own text under
    /// `--ascii`.
    pub fn with_ascii_marks(&self) -> Strings {
        let ascii = |table: &FxHashMap<String, String>| {
            table
                .iter()
                .map(|(key, text)| {
                    let text = crate::text::marks::ascii_marks(text).into_owned();
                    (key.clone(), text)
                })
                .collect()
        };
        Strings {
            lang: self.lang,
            primary: Arc::new(ascii(&self.primary)),
            english: Arc::new(ascii(&self.english)),
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The text for `key`; English if this language lacks it; the key itself if both do.
    /// An empty text is a real value (e.g. `bound.exactly`), not a gap.
    ///
    /// The result borrows only `self`, so callers can pass a temporary key
    /// (`get(&format!("basis.{}", b.key()))`).
    pub fn get(&self, key: &str) -> &str {
        match self.primary.get(key).or_else(|| self.english.get(key)) {
            Some(text) => text,
            None => missing(key),
        }
    }

    /// [`Strings::get`] with `{name}` placeholders replaced by `args`. Unknown placeholders
    /// are left as written so a mistake is visible rather than silently blank.
    pub fn format(&self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        let mut out = self.get(key).to_owned();
        for (name, value) in args {
            let pattern = format!("{{{name}}}");
            if out.contains(&pattern) {
                out = out.replace(&pattern, &value.to_string());
            }
        }
        out
    }
}

/// A key that no table has is a bug the tests should catch. To still show something
/// readable with a lifetime independent of the caller's key, each distinct missing key is
/// interned once for the life of the process (keys come from code, so there are few).
fn missing(key: &str) -> &'static str {
    static MISSING: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut seen = MISSING.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&known) = seen.get(key) {
        return known;
    }
    let leaked: &'static str = Box::leak(key.to_owned().into_boxed_str());
    seen.insert(leaked);
    leaked
}

fn parse_table(src: &str) -> Result<FxHashMap<String, String>, ron::error::SpannedError> {
    ron::from_str(src)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(src: &str) -> BTreeSet<String> {
        match parse_table(src) {
            Ok(t) => t.into_keys().collect(),
            Err(e) => panic!("asset does not parse: {e}"),
        }
    }

    /// Keys as written, in order, to catch a duplicate that the map would hide.
    fn written_keys(src: &str) -> Vec<String> {
        src.lines()
            .map(str::trim)
            .filter(|l| l.starts_with('"'))
            .filter_map(|l| l[1..].split('"').next().map(str::to_owned))
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let zh = keys(ZH_CN);
        let en = keys(EN);
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(
            only_zh.is_empty() && only_en.is_empty(),
            "zh only: {only_zh:?}, en only: {only_en:?}"
        );
        assert!(zh.len() > 50);
    }

    #[test]
    fn no_key_is_written_twice() {
        for src in [ZH_CN, EN] {
            let written = written_keys(src);
            let unique: BTreeSet<_> = written.iter().collect();
            assert_eq!(written.len(), unique.len());
            assert_eq!(unique.len(), keys(src).len());
        }
    }

    #[test]
    fn only_bound_exactly_is_empty_and_placeholders_agree() {
        let zh = Strings::new(Lang::Zh);
        let en = Strings::new(Lang::En);
        for key in keys(EN) {
            let (z, e) = (zh.get(&key), en.get(&key));
            if key == "bound.exactly" {
                assert_eq!((z, e), ("", ""));
                continue;
            }
            assert!(!z.is_empty() && !e.is_empty(), "{key} is empty");
            let holes = |s: &str| {
                s.split('{')
                    .skip(1)
                    .filter_map(|p| p.split('}').next().map(str::to_owned))
                    .collect::<BTreeSet<_>>()
            };
            assert_eq!(holes(z), holes(e), "{key}: placeholders differ");
        }
    }

    #[test]
    fn required_words() {
        let zh = Strings::new(Lang::Zh);
        let expect = [
            ("view.plan", "计划"),
            ("view.owners", "责任单位"),
            ("view.targets", "指标"),
            ("view.districts", "县区分解"),
            ("view.dashboard", "总览"),
            ("label.lead", "牵头"),
            ("label.shares", "配合"),
            ("label.milestones", "年度目标"),
            ("label.deadline", "完成时限"),
            ("nav.overview", "总体要求"),
            ("nav.main_goals", "主要目标"),
            ("nav.safeguards", "保障措施"),
            ("nav.annex1", "附件1 县区目标分解"),
            ("nav.annex2", "附件2 部门目标分解"),
            ("label.not_applicable", "不适用"),
            ("label.city_total", "全市"),
            ("label.district_sum", "各县区合计"),
            ("label.mismatch", "不一致"),
            ("search.no_matches", "无匹配"),
            ("search.title", "搜索"),
            ("message.enlarge", "请放大终端窗口"),
            ("status.none", "未标注"),
            ("label.status", "状态"),
            ("label.units", "责任单位"),
            ("label.targets", "指标"),
            ("label.help", "帮助"),
            ("label.quit", "退出"),
            ("column.items", "事项"),
            ("column.leads", "牵头"),
            ("column.shares", "配合"),
            ("bound.at_least", "不少于"),
            ("bound.more_than", "超过"),
            ("bound.at_most", "不超过"),
            ("bound.range", "—"),
            ("basis.cumulative", "累计"),
            ("basis.annual_growth", "年均增长"),
        ];
        for (key, text) in expect {
            assert_eq!(zh.get(key), text, "{key}");
        }
        let en = Strings::new(Lang::En);
        assert_eq!(en.get("bound.at_least"), "≥");
        assert_eq!(en.get("view.dashboard"), "Dashboard");
        assert_eq!(en.lang(), Lang::En);
    }

    #[test]
    fn model_keys_are_covered() {
        use crate::model::{Basis, OwnerKind};
        let en = Strings::new(Lang::En);
        let kinds = [
            OwnerKind::PartyDepartment,
            OwnerKind::GovernmentDepartment,
            OwnerKind::VerticalAgency,
            OwnerKind::Financial,
            OwnerKind::Association,
            OwnerKind::District,
            OwnerKind::NewArea,
            OwnerKind::LocalGovernments,
            OwnerKind::Group,
            OwnerKind::Other,
        ];
        for k in kinds {
            let key = format!("owner_kind.{}", k.key());
            assert_ne!(en.get(&key), key);
        }
        let bases = [
            Basis::Level,
            Basis::Cumulative,
            Basis::Annual,
            Basis::AnnualGrowth,
            Basis::Increase,
        ];
        for b in bases {
            let key = format!("basis.{}", b.key());
            assert_ne!(en.get(&key), key);
        }
    }

    #[test]
    fn validation_messages_in_english_are_the_models() {
        let en = Strings::new(Lang::En);
        for (key, text) in crate::model::validate::MESSAGES {
            assert_eq!(en.get(key), *text, "{key}");
        }
    }

    #[test]
    fn missing_keys_fall_back() {
        let mut zh = Strings::new(Lang::Zh);
        Arc::make_mut(&mut zh.primary).remove("label.help");
        assert_eq!(zh.get("label.help"), "Help");
        assert_eq!(zh.get("no.such.key"), "no.such.key");
        let temporary = String::from("also.missing");
        let got: &str = zh.get(&temporary);
        drop(temporary);
        assert_eq!(got, "also.missing");
        assert!(std::ptr::eq(zh.get("no.such.key"), zh.get("no.such.key")));
        assert_eq!(Strings::new(Lang::En).get(""), "");
        // The change above was to this copy only: the shared tables are as parsed.
        assert_eq!(
            Strings::new(Lang::Zh).get("label.help"),
            Strings::shared(Lang::Zh).get("label.help")
        );
        assert_ne!(Strings::new(Lang::Zh).get("label.help"), "Help");
    }

    #[test]
    fn the_tables_are_parsed_once_and_shared() {
        let (a, b) = (Strings::new(Lang::Zh), Strings::new(Lang::Zh));
        assert!(Arc::ptr_eq(&a.primary, &b.primary));
        assert!(Arc::ptr_eq(&a.english, &b.english));
        let en = Strings::new(Lang::En);
        assert!(Arc::ptr_eq(&a.english, &en.english));
        assert!(en.primary.is_empty());
        assert_eq!(a.lang(), Lang::Zh);
        assert_eq!(en.lang(), Lang::En);
    }

    #[test]
    fn format_fills_placeholders() {
        let zh = Strings::new(Lang::Zh);
        assert_eq!(
            zh.format("search.position", &[("current", &3), ("total", &12)]),
            "第 3/12 处"
        );
        let en = Strings::new(Lang::En);
        assert_eq!(
            en.format("search.position", &[("current", &1)]),
            "match 1 of {total}"
        );
        assert_eq!(en.format("label.help", &[("x", &"y")]), "Help");
    }

    #[test]
    fn detect_order() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let none = env(&[]);
        assert_eq!(Lang::detect(None, none), Lang::En);
        assert_eq!(Lang::detect(Some("zh"), none), Lang::Zh);
        assert_eq!(
            Lang::detect(Some("zh-CN"), env(&[("LANG", "en_US.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(
            Lang::detect(Some("en"), env(&[("LC_ALL", "zh_CN.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::detect(Some(""), env(&[("LANG", "zh_CN.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(
            Lang::detect(None, env(&[("LANG", "zh_CN.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(Lang::detect(None, env(&[("LANG", "zh_TW.Big5")])), Lang::Zh);
        assert_eq!(
            Lang::detect(None, env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::detect(
                None,
                env(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_CN"), ("LANG", "en_US")])
            ),
            Lang::Zh
        );
        assert_eq!(
            Lang::detect(None, env(&[("LC_MESSAGES", "en_GB"), ("LANG", "zh_CN")])),
            Lang::En
        );
        assert_eq!(
            Lang::detect(None, env(&[("LANG", "fr_FR.UTF-8")])),
            Lang::En
        );
    }

    #[test]
    fn parse_names() {
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::parse("ZH_cn.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("C"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::Zh.code(), "zh-CN");
        assert_eq!(Lang::default(), Lang::En);
    }
}
