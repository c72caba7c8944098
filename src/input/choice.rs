//! Statuses, by the command line's name (`at-risk`), the label in either language
//! (`存在风险`, `At risk`, the short `风险`), or the Chinese label in pinyin (`czfx`,
//! `cunzaifengxian`).

use super::{InputError, fold, strings};
use crate::i18n::Lang;
use crate::model::annotation::Status;
use crate::model::meeting::DecisionStatus;
use crate::text::pinyin::spells;

/// An item's status.
pub fn parse_status(text: &str) -> Result<Status, InputError> {
    let choices = Status::ALL.map(|s| Choice {
        name: s.cli_name(),
        key: s.key(),
        short_key: Some(s.short_key()),
    });
    parse_choice(text, &choices).map(|i| Status::ALL[i])
}

/// A decision's status: `open` (办理中), `done` (已办结), `dropped` (已撤销).
pub fn parse_decision_status(text: &str) -> Result<DecisionStatus, InputError> {
    let choices = DecisionStatus::ALL.map(|s| Choice {
        name: s.cli_name(),
        key: s.key(),
        short_key: None,
    });
    parse_choice(text, &choices).map(|i| DecisionStatus::ALL[i])
}

struct Choice {
    name: &'static str,
    key: &'static str,
    short_key: Option<&'static str>,
}

fn parse_choice(text: &str, choices: &[Choice]) -> Result<usize, InputError> {
    let folded = fold(text);
    if folded.is_empty() {
        return Err(InputError::Empty);
    }
    let slug = |s: &str| s.to_lowercase().replace(['_', ' '], "-");
    let typed = slug(&folded);
    let zh = strings(Lang::Zh);
    let en = strings(Lang::En);
    let found = choices.iter().position(|c| {
        let labels = [Some(c.key), c.short_key]
            .into_iter()
            .flatten()
            .flat_map(|key| [zh.get(key), en.get(key)]);
        c.name == typed
            || labels.into_iter().any(|label| slug(label) == typed)
            || spells(zh.get(c.key), &folded)
    });
    found.ok_or_else(|| InputError::UnknownStatus {
        text: text.trim().to_owned(),
        choices: choices.iter().map(|c| (c.name, c.key)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_by_name_label_or_initials() {
        for (text, status) in [
            ("at-risk", Status::AtRisk),
            ("AT_RISK", Status::AtRisk),
            ("at risk", Status::AtRisk),
            ("存在风险", Status::AtRisk),
            ("风险", Status::AtRisk),
            ("czfx", Status::AtRisk),
            ("CunZaiFengXian", Status::AtRisk),
            ("未启动", Status::NotStarted),
            ("wqd", Status::NotStarted),
            ("正常推进", Status::OnTrack),
            ("zctj", Status::OnTrack),
            ("进度滞后", Status::Behind),
            ("jdzh", Status::Behind),
            ("Behind", Status::Behind),
            ("已完成", Status::Done),
            ("ywc", Status::Done),
            ("暂缓", Status::Deferred),
            ("zh", Status::Deferred),
            ("On track", Status::OnTrack),
        ] {
            assert_eq!(parse_status(text), Ok(status), "{text}");
        }
        let error = parse_status("good").unwrap_err();
        assert_eq!(error.key(), "input.unknown_status");
        assert!(error.to_string().contains("on-track"), "{error}");
    }

    #[test]
    fn decision_statuses_too() {
        assert_eq!(parse_decision_status("已办结"), Ok(DecisionStatus::Done));
        assert_eq!(
            parse_decision_status("Dropped"),
            Ok(DecisionStatus::Dropped)
        );
        assert_eq!(parse_decision_status("blz"), Ok(DecisionStatus::Open));
        assert!(parse_decision_status("closed").is_err());
    }
}
