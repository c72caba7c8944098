//! Numbers as people type them: full-width digits and points (`１２３．５`), thousands
//! separators (`1,234,567`, `1 234`), a sign, an exponent, a trailing `%` for progress and a
//! trailing unit of measure equal to the target's (`96个`, `1.5亿元`).
//!
//! What is refused: NaN and the infinities, a number a double cannot keep exactly as
//! written (it would be stored as another number), commas that are not thousands
//! separators (`1,5`), and a unit other than the expected one.

use super::{InputError, fold};

/// A plain number, without a unit.
pub fn parse_number(text: &str) -> Result<f64, InputError> {
    let (value, unit) = split(text)?;
    if unit.is_empty() {
        Ok(value)
    } else {
        Err(InputError::NotANumber {
            text: text.trim().to_owned(),
        })
    }
}

/// A value of a target counted in `unit` (家, %, 亿元 …): the number, with that unit
/// after it or none. Another unit is refused with the expected one named.
pub fn parse_quantity(text: &str, unit: &str) -> Result<f64, InputError> {
    let (value, given) = split(text)?;
    if given.is_empty() || same_unit(&given, unit) {
        Ok(value)
    } else {
        Err(InputError::WrongUnit {
            text: text.trim().to_owned(),
            unit: given,
            expected: unit.to_owned(),
        })
    }
}

/// Progress: a percentage from 0 to 100, `%` optional, rounded to a whole percent.
pub fn parse_percent(text: &str) -> Result<u8, InputError> {
    let value = parse_quantity(text, "%")?;
    if (0.0..=100.0).contains(&value) {
        // In range, so the cast cannot truncate.
        Ok(value.round() as u8)
    } else {
        Err(InputError::PercentOutOfRange {
            text: text.trim().to_owned(),
        })
    }
}

fn same_unit(given: &str, unit: &str) -> bool {
    let unit = fold(unit);
    given == unit || given.eq_ignore_ascii_case(&unit)
}

/// The number at the start of `text` and the unit after it (folded, trimmed; empty when
/// there is none).
fn split(text: &str) -> Result<(f64, String), InputError> {
    let folded = fold(text);
    let shown = text.trim().to_owned();
    if folded.is_empty() {
        return Err(InputError::Empty);
    }
    let unsigned = folded.trim_start_matches(['+', '-']).trim_start();
    let word = unsigned.to_ascii_lowercase();
    if ["nan", "inf", "infinity", "∞"].contains(&word.as_str()) {
        return Err(InputError::NotFinite { text: shown });
    }
    let bytes = folded.as_bytes();
    let mut at = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            at = 1;
            true
        }
        Some(b'+') => {
            at = 1;
            false
        }
        _ => false,
    };
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    // The mantissa: digits, separators and one point.
    let start = at;
    while at < bytes.len() && matches!(bytes[at], b'0'..=b'9' | b',' | b' ' | b'.') {
        at += 1;
    }
    let mantissa = folded[start..at].trim_end();
    let mut end = start + mantissa.len();
    // An exponent only when digits follow (`5 EUR` is five euros).
    let mut exponent = "";
    if folded[end..].starts_with(['e', 'E']) {
        let rest = &folded[end + 1..];
        let sign = usize::from(rest.starts_with(['+', '-']));
        let digits = rest[sign..].bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            exponent = &rest[..sign + digits];
            end += 1 + sign + digits;
        }
    }
    let unit = folded[end..].trim().to_owned();
    let not_a_number = || InputError::NotANumber {
        text: shown.clone(),
    };
    if !mantissa.bytes().any(|b| b.is_ascii_digit()) {
        return Err(not_a_number());
    }
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    if fraction.is_some_and(|f| !f.bytes().all(|b| b.is_ascii_digit())) {
        return Err(if fraction.is_some_and(|f| f.contains('.')) {
            not_a_number()
        } else {
            InputError::BadGrouping { text: shown }
        });
    }
    let digits = grouped_digits(whole).ok_or_else(|| InputError::BadGrouping {
        text: shown.clone(),
    })?;
    let mut plain = String::new();
    if negative {
        plain.push('-');
    }
    plain.push_str(if digits.is_empty() { "0" } else { &digits });
    if let Some(fraction) = fraction.filter(|f| !f.is_empty()) {
        plain.push('.');
        plain.push_str(fraction);
    }
    if !exponent.is_empty() {
        plain.push('e');
        plain.push_str(exponent);
    }
    let value: f64 = plain.parse().map_err(|_| not_a_number())?;
    if !value.is_finite() {
        return Err(InputError::NotFinite { text: shown });
    }
    // -0 is 0.
    let value = if value == 0.0 { 0.0 } else { value };
    if decimal(&plain) != decimal(&format!("{value:e}")) {
        return Err(InputError::NotExact {
            text: shown,
            stored: value.to_string(),
        });
    }
    Ok((value, unit))
}

/// The digits of an integer part written with or without thousands separators: `1234`,
/// `1,234`, `1 234 567`, `` (as in `.5`). `None` when separators are misplaced or mixed.
fn grouped_digits(whole: &str) -> Option<String> {
    let separators: Vec<char> = whole.chars().filter(|c| !c.is_ascii_digit()).collect();
    let Some(&separator) = separators.first() else {
        return Some(whole.to_owned());
    };
    if separators.iter().any(|&c| c != separator) {
        return None;
    }
    let groups: Vec<&str> = whole.split(separator).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}

/// A decimal number as (negative, significant digits, exponent of the first of them), so
/// `1.50`, `15e-1` and `0.015e2` compare equal; zero is `(false, "", 0)`.
fn decimal(text: &str) -> (bool, String, i64) {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = format!("{whole}{fraction}");
    let leading = all.bytes().take_while(|&b| b == b'0').count();
    let significant = all[leading..].trim_end_matches('0').to_owned();
    if significant.is_empty() {
        return (false, String::new(), 0);
    }
    let point = whole.len() as i64 - leading as i64 - 1 + exponent;
    (negative, significant, point)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_typed() {
        for (text, value) in [
            ("123.5", 123.5),
            ("１２３．５", 123.5),
            ("1,234", 1234.0),
            ("1，234", 1234.0),
            ("1,234,567.25", 1_234_567.25),
            ("1 234", 1234.0),
            ("－2", -2.0),
            ("-0", 0.0),
            ("+7", 7.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("1e3", 1000.0),
            ("2.5E-1", 0.25),
            ("0.1", 0.1),
            ("  42 ", 42.0),
        ] {
            assert_eq!(parse_number(text), Ok(value), "{text}");
        }
    }

    #[test]
    fn bad_numbers_are_refused_with_the_reason() {
        let key = |text: &str| parse_number(text).map_err(|e| e.key());
        assert_eq!(key("abc"), Err("input.not_a_number"));
        assert_eq!(key("1.2.3"), Err("input.not_a_number"));
        assert_eq!(key("12个"), Err("input.not_a_number"));
        assert_eq!(key("1,5"), Err("input.bad_grouping"));
        assert_eq!(key("12,34"), Err("input.bad_grouping"));
        assert_eq!(key("1,234 567"), Err("input.bad_grouping"));
        assert_eq!(key("1.234,5"), Err("input.bad_grouping"));
        assert_eq!(key("NaN"), Err("input.not_finite"));
        assert_eq!(key("-inf"), Err("input.not_finite"));
        assert_eq!(key("1e400"), Err("input.not_finite"));
        assert_eq!(key("1e-400"), Err("input.not_exact"));
        assert_eq!(key("9007199254740993"), Err("input.not_exact"));
        assert_eq!(key("0.1000000000000000000001"), Err("input.not_exact"));
        assert_eq!(key(""), Err("input.empty"));
        assert_eq!(
            parse_number("9007199254740992"),
            Ok(9_007_199_254_740_992.0)
        );
    }

    #[test]
    fn a_unit_after_the_number_must_be_the_targets() {
        assert_eq!(parse_quantity("96个", "个"), Ok(96.0));
        assert_eq!(parse_quantity("96 个", "个"), Ok(96.0));
        assert_eq!(parse_quantity("1.5亿元", "亿元"), Ok(1.5));
        assert_eq!(parse_quantity("1.5", "亿元"), Ok(1.5));
        assert_eq!(parse_quantity("40%", "%"), Ok(40.0));
        assert_eq!(parse_quantity("40％", "%"), Ok(40.0));
        assert_eq!(parse_quantity("5 eur", "EUR"), Ok(5.0));
        assert_eq!(
            parse_quantity("15000万元", "亿元"),
            Err(InputError::WrongUnit {
                text: "15000万元".into(),
                unit: "万元".into(),
                expected: "亿元".into()
            })
        );
    }

    #[test]
    fn progress_is_a_percentage() {
        assert_eq!(parse_percent("40%"), Ok(40));
        assert_eq!(parse_percent("４０％"), Ok(40));
        assert_eq!(parse_percent("40"), Ok(40));
        assert_eq!(parse_percent("40.6"), Ok(41));
        assert_eq!(parse_percent("0"), Ok(0));
        assert_eq!(parse_percent("100 %"), Ok(100));
        assert_eq!(
            parse_percent("101").unwrap_err().key(),
            "input.percent_range"
        );
        assert_eq!(
            parse_percent("-1").unwrap_err().key(),
            "input.percent_range"
        );
        assert_eq!(parse_percent("40个").unwrap_err().key(), "input.wrong_unit");
    }

    #[test]
    fn decimals_compare_by_value() {
        assert_eq!(decimal("1.50"), decimal("15e-1"));
        assert_eq!(decimal("0.015e2"), decimal("1.5"));
        assert_eq!(decimal("0.000"), decimal("0e0"));
        assert_ne!(decimal("1.5"), decimal("-1.5"));
        assert_eq!(decimal("1000"), decimal("1e3"));
    }
}
