//! Dates as people write them: `2022-06-30`, `2022/6/30`, `2022.6.30`, `2022年6月30日`,
//! `20220630`, full-width digits too; and a month (`2022年6月`, `2022-06`) where a month is
//! meant.

use jiff::civil::Date;

use super::{InputError, fold};

/// A day, or a whole month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrMonth {
    Day(Date),
    /// The month, as its first day.
    Month(Date),
}

impl DateOrMonth {
    /// The day itself, or the month's first day: "changed since June" is since 1 June.
    pub fn first_day(self) -> Date {
        match self {
            DateOrMonth::Day(day) | DateOrMonth::Month(day) => day,
        }
    }

    /// The day itself, or the month's last day: "as of June" is as of 30 June.
    pub fn last_day(self) -> Date {
        match self {
            DateOrMonth::Day(day) => day,
            DateOrMonth::Month(first) => first.last_of_month(),
        }
    }
}

/// A day: year first, in full, then month and day, separated by anything that is not a
/// digit (`-` `/` `.` `年` `月` `日`, spaces), or written together as `20220630`.
pub fn parse_date(text: &str) -> Result<Date, InputError> {
    match parse_date_or_month(text)? {
        DateOrMonth::Day(day) => Ok(day),
        DateOrMonth::Month(_) => Err(InputError::DayNeeded {
            text: text.trim().to_owned(),
        }),
    }
}

/// A date where a month will do (an as-of date, a milestone): `2022年6月` is the end of
/// June 2022.
pub fn parse_as_of(text: &str) -> Result<Date, InputError> {
    parse_date_or_month(text).map(DateOrMonth::last_day)
}

/// A day, or a month without a day (`2022年6月`, `2022-06`, `202206`).
pub fn parse_date_or_month(text: &str) -> Result<DateOrMonth, InputError> {
    let folded = fold(text);
    if folded.is_empty() {
        return Err(InputError::Empty);
    }
    let shown = text.trim().to_owned();
    let not_a_date = || InputError::NotADate {
        text: shown.clone(),
    };
    let groups: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let (year, month, day) = match groups[..] {
        [compact] if compact.len() == 8 => (&compact[..4], &compact[4..6], Some(&compact[6..])),
        [compact] if compact.len() == 6 => (&compact[..4], &compact[4..], None),
        [year, month, day] => (year, month, Some(day)),
        [year, month] => (year, month, None),
        _ => return Err(not_a_date()),
    };
    // The year comes first and in full: `22/6/30` and `30/6/2022` are not read as years.
    if year.len() != 4 {
        return Err(not_a_date());
    }
    let number = |digits: &str| digits.parse::<u32>().map_err(|_| not_a_date());
    let year = i16::try_from(number(year)?).map_err(|_| not_a_date())?;
    let month = number(month)?;
    let Ok(month_i8 @ 1..=12) = i8::try_from(month) else {
        return Err(InputError::NoSuchMonth { text: shown, month });
    };
    let first = Date::new(year, month_i8, 1).map_err(|_| not_a_date())?;
    let Some(day) = day else {
        return Ok(DateOrMonth::Month(first));
    };
    let day = number(day)?;
    match i8::try_from(day) {
        Ok(d) if d >= 1 && d <= first.days_in_month() => Ok(DateOrMonth::Day(
            first.with().day(d).build().map_err(|_| not_a_date())?,
        )),
        _ => Err(InputError::NoSuchDay {
            text: shown,
            year,
            month,
            day,
        }),
    }
}

/// A time of day as people write it: `9:30`, `09:30`, `14:00:00`, `9：30`, `9点30分`,
/// `9时`, `0930`, full-width digits too.
pub fn parse_time(text: &str) -> Result<jiff::civil::Time, InputError> {
    let folded = fold(text);
    if folded.is_empty() {
        return Err(InputError::Empty);
    }
    let not_a_time = || InputError::NotATime {
        text: text.trim().to_owned(),
    };
    let groups: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    // Only digits, separators and the words for hour and minute.
    let words_ok = folded.chars().all(|c| {
        c.is_ascii_digit() || matches!(c, ':' | '：' | '.' | ' ' | '点' | '时' | '分' | '秒')
    });
    if !words_ok {
        return Err(not_a_time());
    }
    let (hour, minute, second) = match groups[..] {
        [compact] if compact.len() == 4 && !folded.contains(['点', '时']) => {
            (&compact[..2], &compact[2..], "0")
        }
        [hour] => (hour, "0", "0"),
        [hour, minute] => (hour, minute, "0"),
        [hour, minute, second] => (hour, minute, second),
        _ => return Err(not_a_time()),
    };
    let number = |digits: &str| {
        if digits.len() > 2 {
            return Err(not_a_time());
        }
        digits.parse::<i8>().map_err(|_| not_a_time())
    };
    jiff::civil::Time::new(number(hour)?, number(minute)?, number(second)?, 0)
        .map_err(|_| not_a_time())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn times_in_every_written_form() {
        let t = jiff::civil::time(9, 30, 0, 0);
        for text in [
            "9:30",
            "09:30",
            "9：30",
            "9点30分",
            "9时30分",
            "0930",
            "９:３０",
            " 9:30:00 ",
        ] {
            assert_eq!(parse_time(text), Ok(t), "{text}");
        }
        assert_eq!(parse_time("14点"), Ok(jiff::civil::time(14, 0, 0, 0)));
        for bad in ["25:00", "9:60", "上午", "9:30pm", "123:4", "1:2:3:4"] {
            assert!(
                matches!(parse_time(bad), Err(InputError::NotATime { .. })),
                "{bad}"
            );
        }
        assert_eq!(parse_time(" "), Err(InputError::Empty));
    }

    #[test]
    fn days_in_every_written_form() {
        let d = date(2022, 6, 30);
        for text in [
            "2022-06-30",
            "2022/6/30",
            "2022.6.30",
            "2022年6月30日",
            "２０２２年６月３０日",
            " 2022-6-30 ",
            "20220630",
            "2022 6 30",
            "2022年06月30号",
        ] {
            assert_eq!(parse_date(text), Ok(d), "{text}");
        }
    }

    #[test]
    fn a_month_where_a_month_is_meant() {
        for text in ["2022年6月", "2022-06", "2022/6", "202206"] {
            assert_eq!(
                parse_date_or_month(text),
                Ok(DateOrMonth::Month(date(2022, 6, 1))),
                "{text}"
            );
            assert_eq!(parse_as_of(text), Ok(date(2022, 6, 30)));
            assert_eq!(
                parse_date_or_month(text).map(DateOrMonth::first_day),
                Ok(date(2022, 6, 1))
            );
            assert!(matches!(
                parse_date(text),
                Err(InputError::DayNeeded { .. })
            ));
        }
        assert_eq!(parse_as_of("2024年2月"), Ok(date(2024, 2, 29)));
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(
            parse_date("2022-02-30"),
            Err(InputError::NoSuchDay {
                text: "2022-02-30".into(),
                year: 2022,
                month: 2,
                day: 30
            })
        );
        let leap = parse_date("2023年2月29日").unwrap_err();
        assert_eq!(leap.key(), "input.not_a_leap_year");
        assert_eq!(parse_date("2024-02-29"), Ok(date(2024, 2, 29)));
        assert_eq!(
            parse_date("2022-13-01").unwrap_err().key(),
            "input.no_such_month"
        );
        assert_eq!(
            parse_date("2022-06-00").unwrap_err().key(),
            "input.no_such_day"
        );
        for text in [
            "27/11",
            "30/6/2022",
            "22-6-30",
            "tomorrow",
            "2022",
            "2022-06-30T10:00",
            "1-2-3-4",
        ] {
            assert!(
                matches!(parse_date(text), Err(InputError::NotADate { .. })),
                "{text}: {:?}",
                parse_date(text)
            );
        }
        assert_eq!(parse_date("  "), Err(InputError::Empty));
    }
}
