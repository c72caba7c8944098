//! Responsible units by any name they go by: the id (`kjj`), the full name (`市科技局`), the
//! name without 市 (`科技局`), an alias from the plan (`工信局`), the English name, or the
//! pinyin of a name, whole or by initials (`shikejiju`, `skjj`, `gongxinju`). Case is
//! ignored. A unique match is taken; a name several units go by is refused with them
//! listed.

use super::error::UnitChoice;
use super::{InputError, fold};
use crate::model::{Owner, Plan};
use crate::text::pinyin::{matches, spells};

/// Splits what was given for a list of units or items: repeated flags, and values holding
/// several separated by `,` `，` `、` or `;`.
pub fn split_list<S: AsRef<str>>(values: &[S]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.as_ref().split([',', '，', '、', ';', '；']))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The unit `text` names.
pub fn resolve_unit<'a>(plan: &'a Plan, text: &str) -> Result<&'a Owner, InputError> {
    let key = fold(text);
    if key.is_empty() {
        return Err(InputError::Empty);
    }
    // From the surest kind of name to the loosest: a unique match of a kind wins; several
    // of the same kind are ambiguous; none, and the next kind is tried.
    let tiers: [&dyn Fn(&Owner) -> bool; 3] = [
        &|o: &Owner| o.id.eq_ignore_ascii_case(&key),
        &|o: &Owner| names(o).any(|name| same(name, &key)),
        &|o: &Owner| names(o).any(|name| spells(name, &key)),
    ];
    for tier in tiers {
        let found: Vec<&Owner> = plan.owners.iter().filter(|o| tier(o)).collect();
        match found.as_slice() {
            [] => continue,
            [one] => return Ok(one),
            several => {
                return Err(InputError::AmbiguousUnit {
                    text: text.trim().to_owned(),
                    candidates: listed(several.iter().copied()),
                });
            }
        }
    }
    let (listed, near) = near(plan, &key);
    Err(InputError::UnknownUnits {
        texts: vec![text.trim().to_owned()],
        listed,
        near,
    })
}

/// The ids of the units named in `values` (see [`split_list`]), in the order given, each
/// once. Every name that fits no unit is reported together.
pub fn resolve_units<S: AsRef<str>>(plan: &Plan, values: &[S]) -> Result<Vec<String>, InputError> {
    let mut ids: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut near_all = Vec::new();
    for text in split_list(values) {
        match resolve_unit(plan, &text) {
            Ok(owner) => {
                if !ids.contains(&owner.id) {
                    ids.push(owner.id.clone());
                }
            }
            Err(InputError::UnknownUnits {
                texts,
                listed,
                near,
            }) => {
                unknown.extend(texts);
                if near {
                    near_all.extend(listed);
                }
            }
            Err(other) => return Err(other),
        }
    }
    if unknown.is_empty() {
        return Ok(ids);
    }
    let near = !near_all.is_empty();
    let listed = if near {
        near_all.dedup();
        near_all
    } else {
        listed(plan.owners.iter())
    };
    Err(InputError::UnknownUnits {
        texts: unknown,
        listed,
        near,
    })
}

/// Every name a unit goes by, but its id.
fn names(owner: &Owner) -> impl Iterator<Item = &str> {
    [
        Some(owner.name.as_str()),
        owner.short_name(),
        owner.name_en.as_deref(),
    ]
    .into_iter()
    .flatten()
    .chain(owner.aliases.iter().map(String::as_str))
}

/// Equal, ignoring case and spaces.
fn same(name: &str, key: &str) -> bool {
    let squeeze = |s: &str| -> String {
        fold(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    squeeze(name) == squeeze(key)
}

fn listed<'a>(owners: impl Iterator<Item = &'a Owner>) -> Vec<UnitChoice> {
    owners
        .map(|o| (o.id.clone(), o.name.clone(), o.name_en.clone()))
        .collect()
}

/// The units whose names contain what was typed (by characters or pinyin), when there are
/// a few; else every unit. The flag says which.
fn near(plan: &Plan, key: &str) -> (Vec<UnitChoice>, bool) {
    let close: Vec<&Owner> = plan
        .owners
        .iter()
        .filter(|o| {
            o.id.to_ascii_lowercase()
                .contains(&key.to_ascii_lowercase())
                || names(o).any(|name| matches(name, key).is_some())
        })
        .collect();
    if close.is_empty() || close.len() > 8 {
        (listed(plan.owners.iter()), false)
    } else {
        (listed(close.into_iter()), true)
    }
}

/// How well `text`, as it is being typed, names `owner`; `None` when it does not. Lower is
/// better: 0 one of its names exactly (id, name, short name, English name, alias, or a
/// name spelled whole in pinyin or by initials: `kjj`, `shikejiju`), 1 the start of a
/// name or the id, 2 a part of a name as written, 3 a part by pinyin or initials. The
/// browser's unit fields and its go-to palette rank units by it, and it agrees with
/// [`resolve_unit`]: what ranks 0 for exactly one unit is what the command line takes.
pub fn unit_rank(owner: &Owner, text: &str) -> Option<u8> {
    unit_name_rank(owner, text).or_else(|| {
        let key = fold(text);
        names(owner)
            .any(|name| matches(name, &key).is_some())
            .then_some(3)
    })
}

/// [`unit_rank`] without its last, slowest step (a part of a name by pinyin): for a caller
/// that already knows the unit matches somehow (from a prepared index) and needs only to
/// know how well.
pub fn unit_name_rank(owner: &Owner, text: &str) -> Option<u8> {
    let key = fold(text);
    if key.is_empty() {
        return None;
    }
    if owner.id.eq_ignore_ascii_case(&key)
        || names(owner).any(|name| same(name, &key) || spells(name, &key))
    {
        return Some(0);
    }
    let lower = key.to_lowercase();
    let folded = |name: &str| fold(name).to_lowercase();
    if owner.id.to_lowercase().starts_with(&lower)
        || names(owner).any(|name| folded(name).starts_with(&lower))
    {
        return Some(1);
    }
    names(owner)
        .any(|name| folded(name).contains(&lower))
        .then_some(2)
}

/// The units `text` may mean as it is typed, best first (see [`unit_rank`]), registry
/// order within a rank: the suggestions under a unit field.
pub fn suggest_units<'a>(plan: &'a Plan, text: &str) -> Vec<&'a Owner> {
    suggest_unit_positions(plan, text)
        .into_iter()
        .filter_map(|at| plan.owners.get(at))
        .collect()
}

/// [`suggest_units`] as registry positions: for a list of the registry's units (the
/// forms' unit pickers) that keeps its ticks by position.
pub fn suggest_unit_positions(plan: &Plan, text: &str) -> Vec<usize> {
    let mut ranked: Vec<(u8, usize)> = plan
        .owners
        .iter()
        .enumerate()
        .filter_map(|(at, o)| unit_rank(o, text).map(|rank| (rank, at)))
        .collect();
    ranked.sort_unstable();
    ranked.into_iter().map(|(_, at)| at).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::load_embedded;

    fn id(text: &str) -> Result<String, String> {
        let plan = load_embedded().unwrap().plan;
        resolve_unit(&plan, text)
            .map(|o| o.id.clone())
            .map_err(|e| e.key().to_owned())
    }

    #[test]
    fn units_by_every_name_they_go_by() {
        for (text, unit) in [
            ("kjj", "kjj"),
            ("KJJ", "kjj"),
            ("市科技局", "kjj"),
            ("科技局", "kjj"),
            ("shikejiju", "kjj"),
            ("skjj", "kjj"),
            ("工信局", "gxj"),
            ("gongxinju", "gxj"),
            ("发改委", "fgw"),
            ("市委组织部", "sw_zzb"),
            ("Liuzhou Municipal Bureau of Finance", "czj"),
            (" 市财政局 ", "czj"),
        ] {
            assert_eq!(id(text), Ok(unit.to_owned()), "{text}");
        }
        assert_eq!(id("nosuch"), Err("input.unknown_unit".to_owned()));
        assert_eq!(id(""), Err("input.empty".to_owned()));
    }

    #[test]
    fn a_name_of_several_units_lists_them() {
        let plan = load_embedded().unwrap().plan;
        // 市商务局 and 市税务局 are both sswj.
        match resolve_unit(&plan, "sswj") {
            Err(InputError::AmbiguousUnit { candidates, .. }) => {
                let ids: Vec<&str> = candidates.iter().map(|(id, ..)| id.as_str()).collect();
                assert_eq!(ids, ["swj", "shuiwuj"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lists_split_on_commas_of_both_widths_and_the_enumeration_comma() {
        let plan = load_embedded().unwrap().plan;
        let values = ["kjj, czj".to_owned(), "kjj，工信局、人社局".to_owned()];
        assert_eq!(
            resolve_units(&plan, &values),
            Ok(vec!["kjj".into(), "czj".into(), "gxj".into(), "rsj".into()])
        );
        match resolve_units(&plan, &["kjj,nosuch,alsono"]) {
            Err(InputError::UnknownUnits {
                texts,
                near,
                listed,
            }) => {
                assert_eq!(texts, ["nosuch", "alsono"]);
                assert!(!near);
                assert_eq!(listed.len(), plan.owners.len());
            }
            other => panic!("{other:?}"),
        }
        let message = resolve_units(&plan, &["kjj,nosuch,alsono"])
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with(
                "unknown units \"nosuch\", \"alsono\". The units are: sw_zzb \
                 (Organisation Department of the CPC Liuzhou Municipal Committee), "
            ),
            "{message}"
        );
        // In Chinese, by their Chinese names.
        let zh = resolve_units(&plan, &["nosuch"])
            .unwrap_err()
            .message(crate::i18n::Strings::shared(crate::i18n::Lang::Zh));
        assert!(zh.contains("sw_zzb（市委组织部）"), "{zh}");
        let near = resolve_unit(&plan, "科技").unwrap_err();
        let zh = crate::i18n::Strings::new(crate::i18n::Lang::Zh);
        assert_eq!(
            near.message(&zh),
            "没有名为“科技”的单位。是否要找：kjj（市科技局）、kjlx（市科技领导小组成员单位）"
        );
    }

    #[test]
    fn suggestions_rank_exact_names_first() {
        let plan = load_embedded().unwrap().plan;
        let first = |text: &str| suggest_units(&plan, text).first().map(|o| o.id.clone());
        for (text, unit) in [
            ("kjj", "kjj"),
            ("市科技局", "kjj"),
            ("科技局", "kjj"),
            ("skjj", "kjj"),
            ("工信局", "gxj"),
        ] {
            assert_eq!(first(text), Some(unit.to_owned()), "{text}");
        }
        // Typed on the way to a name: every unit whose name starts so, the exact one
        // first, and what the command line takes ranks 0 for it alone.
        let ids: Vec<String> = suggest_units(&plan, "科技")
            .iter()
            .map(|o| o.id.clone())
            .collect();
        assert!(ids.contains(&"kjj".to_owned()) && ids.contains(&"kjlx".to_owned()));
        let kjj = plan.owners.iter().find(|o| o.id == "kjj").unwrap();
        assert_eq!(unit_rank(kjj, "kjj"), Some(0));
        assert_eq!(unit_rank(kjj, "市科"), Some(1));
        assert_eq!(unit_rank(kjj, "技局"), Some(2));
        assert_eq!(unit_rank(kjj, "kej"), Some(3));
        assert_eq!(unit_rank(kjj, "财政"), None);
        assert_eq!(unit_rank(kjj, "  "), None);
        assert!(suggest_units(&plan, "").is_empty());
        let exact: Vec<&Owner> = plan
            .owners
            .iter()
            .filter(|o| unit_rank(o, "工信局") == Some(0))
            .collect();
        assert_eq!(exact.len(), 1);
        assert_eq!(
            resolve_unit(&plan, "工信局").map(|o| &o.id),
            Ok(&exact[0].id)
        );
    }
}
