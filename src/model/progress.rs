//! Progress against targets: the automatic traffic light of a quantitative target at a
//! review date, from the actual values recorded up to that date.
//!
//! The rules, in order:
//! * no figure to compare (a target given in words) or no actual recorded by the review
//!   date: **grey**;
//! * past the deadline (31 December of its year): **green** if the latest actual meets the
//!   target, else **red**;
//! * the target already met: **green**;
//! * otherwise against the expected pace: the year's milestone where the plan gives one,
//!   else a straight line towards the target at the deadline — from the previous milestone,
//!   or from zero at the start of the plan for a cumulative target, or from the first actual
//!   recorded for a level (there is no baseline in the plan to start from). On or past the
//!   pace is **green**; short of it by no more than the margin (10% by default) **amber**;
//!   further behind **red**. For a target that must stay low (不超过, 低于) "past" is below.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::plan::{Basis, Bound, Target};

/// The margin below the expected pace that is still amber, unless configured.
pub const DEFAULT_MARGIN: f64 = 0.10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Light {
    Green,
    Amber,
    Red,
    Grey,
}

impl Light {
    pub const ALL: [Light; 4] = [Light::Green, Light::Amber, Light::Red, Light::Grey];

    /// The i18n key of its name.
    pub fn key(self) -> &'static str {
        match self {
            Light::Green => "light.green",
            Light::Amber => "light.amber",
            Light::Red => "light.red",
            Light::Grey => "light.grey",
        }
    }

    pub fn cli_name(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Amber => "amber",
            Light::Red => "red",
            Light::Grey => "grey",
        }
    }
}

/// Why the light is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The target is given in words: nothing to compare a figure with.
    Qualitative,
    NoActual,
    Met,
    OnPace,
    WithinMargin,
    BehindPace,
    PastDeadlineMet,
    PastDeadlineUnmet,
}

/// A target's light at a review date, and what it was computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    pub light: Light,
    pub reason: Reason,
    /// The latest actual value by the review date, with its date.
    pub actual: Option<(Date, f64)>,
    /// What the pace expects by the review date, where a pace applies.
    pub expected: Option<f64>,
}

/// The automatic light and the coordinator's status say different things: red while
/// marked on track or done, green while marked at risk or behind.
pub fn disagrees(light: Light, status: Option<super::annotation::Status>) -> bool {
    use super::annotation::Status;
    matches!(
        (light, status),
        (Light::Red, Some(Status::OnTrack | Status::Done))
            | (Light::Green, Some(Status::AtRisk | Status::Behind))
    )
}

/// How far along the target the latest actual is, 0.0–1.0 (for a gauge); a target that
/// must stay low counts as reached at or under its figure.
pub fn reached(target: &Target, value: f64) -> Option<f64> {
    let goal = figure(&target.bound)?;
    let share = if higher_is_better(&target.bound) {
        if goal <= 0.0 {
            return Some(if value >= goal { 1.0 } else { 0.0 });
        }
        value / goal
    } else if value <= goal {
        1.0
    } else {
        goal / value
    };
    Some(share.clamp(0.0, 1.0))
}

/// Whether a higher figure is better (most targets) or a lower one (不超过 / 低于).
fn higher_is_better(bound: &Bound) -> bool {
    !matches!(bound, Bound::AtMost(_) | Bound::LessThan(_))
}

/// The figure a bound aims at (a range's lower end).
pub fn figure(bound: &Bound) -> Option<f64> {
    match *bound {
        Bound::AtLeast(v)
        | Bound::MoreThan(v)
        | Bound::AtMost(v)
        | Bound::LessThan(v)
        | Bound::Exactly(v) => Some(v),
        Bound::Range(low, _) => Some(low),
        Bound::Qualitative(_) => None,
    }
}

/// Whether `value` meets the bound as the document words it.
pub fn meets(bound: &Bound, value: f64) -> bool {
    match *bound {
        Bound::AtLeast(v) | Bound::Exactly(v) => value >= v,
        Bound::MoreThan(v) => value > v,
        Bound::AtMost(v) => value <= v,
        Bound::LessThan(v) => value < v,
        Bound::Range(low, _) => value >= low,
        Bound::Qualitative(_) => false,
    }
}

/// 31 December of `year`: a deadline or a milestone's date.
pub fn year_end(year: u16) -> Option<Date> {
    Date::new(i16::try_from(year).ok()?, 12, 31).ok()
}

fn year_start(year: u16) -> Option<Date> {
    Date::new(i16::try_from(year).ok()?, 1, 1).ok()
}

/// Days from `a` to `b` (negative when `b` is earlier).
fn days(a: Date, b: Date) -> f64 {
    a.until(b).map_or(0.0, |span| span.get_days() as f64)
}

/// The value a straight line from `(from, start)` to `(to, end)` has reached at `at`.
fn along(from: Date, start: f64, to: Date, end: f64, at: Date) -> f64 {
    let total = days(from, to);
    if total <= 0.0 {
        return end;
    }
    let share = (days(from, at) / total).clamp(0.0, 1.0);
    start + (end - start) * share
}

/// What the pace expects by `review`, or `None` when nothing sets a pace.
pub fn expected(
    target: &Target,
    plan_start: u16,
    first_actual: Option<(Date, f64)>,
    review: Date,
) -> Option<f64> {
    let goal = figure(&target.bound)?;
    let year = u16::try_from(review.year()).ok()?;
    if let Some(milestone) = target.milestones.iter().find(|m| m.year == year) {
        return figure(&milestone.bound);
    }
    let deadline = year_end(target.deadline)?;
    if target.basis == Basis::Annual {
        // Each year on its own: the year's share of the yearly figure.
        let start = year_start(year)?;
        return Some(along(start, 0.0, year_end(year)?, goal, review));
    }
    let previous = target
        .milestones
        .iter()
        .filter(|m| m.year < year)
        .max_by_key(|m| m.year)
        .and_then(|m| Some((year_end(m.year)?, figure(&m.bound)?)));
    let start = match (previous, target.basis) {
        (Some(point), _) => point,
        (None, Basis::Cumulative) => (year_start(plan_start)?, 0.0),
        (None, _) => first_actual?,
    };
    Some(along(start.0, start.1, deadline, goal, review))
}

/// The light of `target` at `review`, from its actual values `(as of, value)` (any order;
/// those after the review date are ignored), with amber `margin` below the pace.
pub fn assess(
    target: &Target,
    plan_start: u16,
    actuals: &[(Date, f64)],
    review: Date,
    margin: f64,
) -> Assessment {
    let mut known: Vec<(Date, f64)> = actuals
        .iter()
        .copied()
        .filter(|(date, value)| *date <= review && value.is_finite())
        .collect();
    known.sort_by_key(|(date, _)| *date);
    let latest = known.last().copied();
    let verdict = |light, reason, expected| Assessment {
        light,
        reason,
        actual: latest,
        expected,
    };
    if figure(&target.bound).is_none() {
        return verdict(Light::Grey, Reason::Qualitative, None);
    }
    let Some((_, value)) = latest else {
        return verdict(Light::Grey, Reason::NoActual, None);
    };
    let met = meets(&target.bound, value);
    if year_end(target.deadline).is_some_and(|end| review > end) {
        return if met {
            verdict(Light::Green, Reason::PastDeadlineMet, None)
        } else {
            verdict(Light::Red, Reason::PastDeadlineUnmet, None)
        };
    }
    if met {
        return verdict(Light::Green, Reason::Met, None);
    }
    let Some(pace) = expected(target, plan_start, known.first().copied(), review) else {
        return verdict(Light::Grey, Reason::NoActual, None);
    };
    let up = higher_is_better(&target.bound);
    let (mut on_pace, within) = if up {
        (value >= pace, value >= pace - pace.abs() * margin)
    } else {
        (value <= pace, value <= pace + pace.abs() * margin)
    };
    // On the last day the pace is the target itself, worded as the document words it
    // (突破 100: 100 is not enough).
    if year_end(target.deadline).is_some_and(|end| review >= end) {
        on_pace = met;
    }
    if on_pace {
        verdict(Light::Green, Reason::OnPace, Some(pace))
    } else if within {
        verdict(Light::Amber, Reason::WithinMargin, Some(pace))
    } else {
        verdict(Light::Red, Reason::BehindPace, Some(pace))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::Milestone;
    use jiff::civil::date;

    fn target(bound: Bound, basis: Basis, milestones: &[(u16, f64)]) -> Target {
        Target {
            id: "t".into(),
            measure: "m".into(),
            measure_en: None,
            bound,
            unit: "家".into(),
            deadline: 2023,
            basis,
            components: Vec::new(),
            milestones: milestones
                .iter()
                .map(|&(year, v)| Milestone {
                    year,
                    bound: Bound::AtLeast(v),
                })
                .collect(),
            source: String::new(),
        }
    }

    fn light(t: &Target, actuals: &[(Date, f64)], review: Date) -> Light {
        assess(t, 2021, actuals, review, DEFAULT_MARGIN).light
    }

    #[test]
    fn a_milestone_sets_the_years_pace_and_the_margin_is_inclusive() {
        // 2022: 13 expected; 10% margin → 11.7 is still amber.
        let t = target(
            Bound::AtLeast(15.0),
            Basis::Level,
            &[(2021, 11.0), (2022, 13.0)],
        );
        let review = date(2022, 6, 30);
        assert_eq!(light(&t, &[(date(2022, 6, 1), 13.0)], review), Light::Green);
        assert_eq!(light(&t, &[(date(2022, 6, 1), 11.7)], review), Light::Amber);
        assert_eq!(light(&t, &[(date(2022, 6, 1), 11.69)], review), Light::Red);
        let a = assess(
            &t,
            2021,
            &[(date(2022, 6, 1), 12.0)],
            review,
            DEFAULT_MARGIN,
        );
        assert_eq!((a.expected, a.reason), (Some(13.0), Reason::WithinMargin));
    }

    #[test]
    fn without_milestones_a_cumulative_target_runs_from_zero_at_the_start() {
        // 300 over 2021–2023: half-way (mid 2022) expects about 150.
        let t = target(Bound::AtLeast(300.0), Basis::Cumulative, &[]);
        let review = date(2022, 7, 2);
        let pace = expected(&t, 2021, None, review).unwrap();
        assert!((pace - 150.0).abs() < 1.0, "{pace}");
        assert_eq!(
            light(&t, &[(date(2022, 6, 30), 151.0)], review),
            Light::Green
        );
        assert_eq!(
            light(&t, &[(date(2022, 6, 30), 140.0)], review),
            Light::Amber
        );
        assert_eq!(light(&t, &[(date(2022, 6, 30), 100.0)], review), Light::Red);
    }

    #[test]
    fn a_level_without_milestones_runs_from_its_first_actual() {
        let t = target(Bound::AtLeast(750.0), Basis::Level, &[]);
        let first = (date(2021, 12, 31), 600.0);
        // A year later, two thirds of the way from 600 to 750 by 2023-12-31: ≈ 675.
        let review = date(2022, 12, 31);
        let pace = expected(&t, 2021, Some(first), review).unwrap();
        assert!((pace - 675.0).abs() < 1.0, "{pace}");
        assert_eq!(
            light(&t, &[first, (date(2022, 12, 1), 680.0)], review),
            Light::Green
        );
        assert_eq!(
            light(&t, &[first, (date(2022, 12, 1), 610.0)], review),
            Light::Amber
        );
        // One actual only: it is its own starting point, so on pace.
        assert_eq!(light(&t, &[first], date(2021, 12, 31)), Light::Green);
    }

    #[test]
    fn the_deadline_decides_once_it_has_passed() {
        let t = target(Bound::MoreThan(100.0), Basis::Cumulative, &[]);
        let actual = [(date(2023, 12, 31), 100.0)];
        // On the last day the pace is the target itself: 100 is not "more than 100".
        assert_eq!(light(&t, &actual, date(2023, 12, 31)), Light::Amber);
        let after = assess(&t, 2021, &actual, date(2024, 1, 1), DEFAULT_MARGIN);
        assert_eq!(
            (after.light, after.reason),
            (Light::Red, Reason::PastDeadlineUnmet)
        );
        let met = [(date(2023, 12, 31), 100.5)];
        assert_eq!(light(&t, &met, date(2024, 1, 1)), Light::Green);
    }

    #[test]
    fn a_target_met_early_is_green() {
        let t = target(Bound::AtLeast(2.0), Basis::Cumulative, &[]);
        assert_eq!(
            light(&t, &[(date(2021, 3, 1), 2.0)], date(2021, 3, 1)),
            Light::Green
        );
    }

    #[test]
    fn no_actual_or_words_only_is_grey_and_later_actuals_do_not_count() {
        let t = target(Bound::AtLeast(10.0), Basis::Level, &[(2022, 5.0)]);
        assert_eq!(light(&t, &[], date(2022, 6, 1)), Light::Grey);
        // Recorded as of July: a review in June does not see it.
        let later = [(date(2022, 7, 1), 9.0)];
        assert_eq!(light(&t, &later, date(2022, 6, 1)), Light::Grey);
        assert_eq!(light(&t, &later, date(2022, 7, 1)), Light::Green);
        let words = target(
            Bound::Qualitative("不低于全国平均水平".into()),
            Basis::Level,
            &[],
        );
        let a = assess(&words, 2021, &later, date(2022, 7, 1), DEFAULT_MARGIN);
        assert_eq!((a.light, a.reason), (Light::Grey, Reason::Qualitative));
    }

    #[test]
    fn a_target_that_must_stay_low_is_behind_when_above_the_pace() {
        let mut t = target(Bound::AtMost(50.0), Basis::Level, &[]);
        t.milestones = vec![Milestone {
            year: 2022,
            bound: Bound::AtMost(60.0),
        }];
        let review = date(2022, 9, 1);
        // 55 meets the final bound of at most 50? No; against 2022's 60 it is on pace.
        assert_eq!(light(&t, &[(date(2022, 8, 1), 55.0)], review), Light::Green);
        assert_eq!(light(&t, &[(date(2022, 8, 1), 66.0)], review), Light::Amber);
        assert_eq!(light(&t, &[(date(2022, 8, 1), 66.1)], review), Light::Red);
        assert_eq!(light(&t, &[(date(2022, 8, 1), 45.0)], review), Light::Green);
    }

    #[test]
    fn the_margin_can_be_changed() {
        let t = target(Bound::AtLeast(100.0), Basis::Level, &[(2022, 100.0)]);
        let actual = [(date(2022, 5, 1), 85.0)];
        let review = date(2022, 5, 1);
        assert_eq!(assess(&t, 2021, &actual, review, 0.10).light, Light::Red);
        assert_eq!(assess(&t, 2021, &actual, review, 0.20).light, Light::Amber);
    }
}
