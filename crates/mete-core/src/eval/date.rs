//! Date arithmetic under the legal rules the rulebooks rely on.
//!
//! Every function is pure and total: out-of-range dates and overflowing counts give `None`
//! instead of panicking, so the evaluator can turn them into an error value.
//!
//! - Durations apply years, then months, then days; a day that does not exist in the target
//!   month becomes that month's last day (Feb 29 + 1 year = Feb 28).
//! - A person reaches an age on the day *after* the birthday.
//! - Periods (Civil Code arts. 201–203) do not count the start day; a last day that is not a
//!   working day moves to the next working day when a calendar applies.
//! - Working days are Monday to Friday, minus declared public holidays, plus declared make-up
//!   working days (Administrative Penalty Law art. 85).

#![cfg_attr(
    not(test),
    allow(dead_code, reason = "called by the evaluator, written alongside")
)]

use chrono::{Datelike, Months, NaiveDate, TimeDelta, Weekday};

use crate::ast::WindowDir;
use crate::ir::{CalendarDef, Duration};

/// Shifts `d` by `months` calendar months, clamping to the last day of the target month.
fn shift_months(d: NaiveDate, months: i64) -> Option<NaiveDate> {
    // Whole years (windows of "2 years before"): the same month and day of another year, a
    // cheap construction, unless that day does not exist (Feb 29), which takes the general
    // path and its end-of-month rule.
    if months % 12 == 0 {
        let year = i64::from(d.year()).checked_add(months / 12)?;
        if let Some(x) = i32::try_from(year).ok().and_then(|y| d.with_year(y)) {
            return Some(x);
        }
    }
    let magnitude = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
    if months >= 0 {
        d.checked_add_months(magnitude)
    } else {
        d.checked_sub_months(magnitude)
    }
}

/// Shifts `d` by `days` days.
fn shift_days(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    if days == 0 {
        return Some(d);
    }
    d.checked_add_signed(TimeDelta::try_days(days)?)
}

/// `d + dur` (or `d − dur` when `negate`): the years and months together, then the days.
///
/// A period in years and months ends on the corresponding day of its final month, or on that
/// month's last day when the day does not exist (Civil Code art. 202: Feb 29 + 1 year = Feb 28;
/// Jan 31 + 1 month = Feb 28 or Feb 29). Years and months are one count of months, so the
/// corresponding day is found once: Feb 29 + 1 year 1 month = Mar 29, not the Mar 28 that
/// clamping at the intermediate Feb 28 would give.
/// `None` when a count overflows or the result leaves the supported date range.
pub(crate) fn add_duration(d: NaiveDate, dur: Duration, negate: bool) -> Option<NaiveDate> {
    let sign = |n: i64| if negate { n.checked_neg() } else { Some(n) };
    let months = dur.years.checked_mul(12)?.checked_add(dur.months)?;
    let after_months = shift_months(d, sign(months)?)?;
    shift_days(after_months, sign(dur.days)?)
}

/// Age in completed years on `day` of a person born on `birth`.
///
/// A person reaches an age on the day *after* the birthday (the criminal-law reading, applied to
/// administrative penalties by analogy): born 2010-05-10, the person is 13 on 2024-05-10 and 14
/// on 2024-05-11. The birthday of someone born on Feb 29 falls on Feb 28 in a common year, so
/// they reach the new age on Mar 1. On the day of birth the age is 0. `None` when `day` is
/// before `birth`.
pub(crate) fn age_on(birth: NaiveDate, day: NaiveDate) -> Option<i64> {
    if day < birth {
        return None;
    }
    let years = i64::from(day.year()).checked_sub(i64::from(birth.year()))?;
    // `day` is on or before this year's birthday: the new age starts only the day after it.
    let birthday = shift_months(birth, years.checked_mul(12)?)?;
    let completed = if birthday >= day {
        years.checked_sub(1)?
    } else {
        years
    };
    Some(completed.max(0))
}

/// Days from `a` to `b` (`b − a`): negative when `b` is before `a`.
pub(crate) fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    b.signed_duration_since(a).num_days()
}

/// Monday to Friday.
fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Whether `d` is a working day under `cal` (art. 85 counts short procedural periods in working
/// days): Monday to Friday unless a declared public holiday; a declared make-up working day
/// works even on a weekend. A date declared both ways counts as a holiday, the reading that never
/// shortens a party's period.
pub(crate) fn is_working_day(d: NaiveDate, cal: &CalendarDef) -> bool {
    if cal.holidays.contains(&d) {
        return false;
    }
    is_weekday(d) || cal.workdays.contains(&d)
}

/// Monday-to-Friday days among the days numbered `1..=k` from 0001-01-01 (a Monday), extended
/// to all integers so that `weekdays_through(b) − weekdays_through(a)` counts the range `(a, b]`.
fn weekdays_through(k: i64) -> i64 {
    // k = 7q + r with 0 ≤ r < 7: q whole weeks of 5 weekdays, then r days starting on a Monday.
    k.div_euclid(7) * 5 + k.rem_euclid(7).min(5)
}

/// Working days in `(a, b]` under `cal` when `a ≤ b`, start day not counted.
///
/// Whole weeks are counted arithmetically, then the calendar's holidays and make-up days inside
/// the range correct the count, so the cost depends on the calendar, not on the span.
fn working_days_forward(a: NaiveDate, b: NaiveDate, cal: &CalendarDef) -> i64 {
    let weekdays = weekdays_through(i64::from(b.num_days_from_ce()))
        - weekdays_through(i64::from(a.num_days_from_ce()));
    let range = (std::ops::Bound::Excluded(a), std::ops::Bound::Included(b));
    // Holidays on weekdays are lost; make-up days on weekends (not also holidays) are gained.
    let lost = cal
        .holidays
        .range(range)
        .filter(|d| is_weekday(**d))
        .fold(0_i64, |n, _| n + 1);
    let gained = cal
        .workdays
        .range(range)
        .filter(|d| !is_weekday(**d) && !cal.holidays.contains(d))
        .fold(0_i64, |n, _| n + 1);
    weekdays - lost + gained
}

/// Working days from `a` to `b` under `cal`: those in `(a, b]` (the start day is not counted,
/// Civil Code art. 201), or minus those in `(b, a]` when `b` is before `a`.
///
/// Fast for spans of decades: whole weeks are counted arithmetically and only the calendar's
/// declared dates inside the span are visited.
pub(crate) fn working_days_between(a: NaiveDate, b: NaiveDate, cal: &CalendarDef) -> i64 {
    if a <= b {
        working_days_forward(a, b, cal)
    } else {
        -working_days_forward(b, a, cal)
    }
}

/// The `n`-th working day after `d` under `cal` (the start day is not counted); `d` itself when
/// `n` is 0. `None` when `n` is negative or the result leaves the supported date range.
///
/// Bounded work: a binary search over the offset, each probe counting arithmetically.
pub(crate) fn add_working_days(d: NaiveDate, n: i64, cal: &CalendarDef) -> Option<NaiveDate> {
    if n < 0 {
        return None;
    }
    if n == 0 {
        return Some(d);
    }
    // Every 7 consecutive days hold 5 weekdays and each holiday removes at most one, so this
    // many days after `d` always hold more than `n` working days.
    let holidays = i64::try_from(cal.holidays.len()).ok()?;
    let weeks = n.checked_add(holidays)?.checked_div(5)?.checked_add(1)?;
    let wanted_hi = weeks.checked_mul(7)?;
    let max_offset = days_between(d, NaiveDate::MAX);
    let mut hi = wanted_hi.min(max_offset);
    if working_days_forward(d, shift_days(d, hi)?, cal) < n {
        return None;
    }
    // Invariant: fewer than `n` working days in (d, d + lo], at least `n` in (d, d + hi].
    let mut lo = 0_i64;
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if working_days_forward(d, shift_days(d, mid)?, cal) >= n {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    shift_days(d, hi)
}

/// The last day of a period of `period` that starts on `start` (Civil Code arts. 201–203).
///
/// The start day is not counted, so a period in days ends `n` days after `start`, and a period in
/// years or months ends on the corresponding day of the final month, or that month's last day
/// when there is none. When `cal` is given and that day is not a working day, the period ends on
/// the next working day (art. 203); without a calendar (e.g. the limitation period, where this is
/// unsettled) the day stays as computed. `None` when the result leaves the date range.
pub(crate) fn deadline(
    start: NaiveDate,
    period: Duration,
    cal: Option<&CalendarDef>,
) -> Option<NaiveDate> {
    let last = add_duration(start, period, false)?;
    match cal {
        Some(cal) if !is_working_day(last, cal) => add_working_days(last, 1, cal),
        _ => Some(last),
    }
}

/// Whether `d` lies in the window of `period` before or after `anchor`.
///
/// `Before`: `anchor − period ≤ d < anchor` ("within 2 years before the violation": the day two
/// years earlier counts, the violation day does not). `After`: `anchor < d ≤ anchor + period`
/// (the start day is not counted, the last day is). `None` when the window's far end leaves the
/// date range.
pub(crate) fn within(
    d: NaiveDate,
    period: Duration,
    dir: WindowDir,
    anchor: NaiveDate,
) -> Option<bool> {
    // The far end is computed first, so an out-of-range window is `None` whatever `d` is.
    let far = window_far_end(period, dir, anchor)?;
    Some(in_window(d, dir, anchor, far))
}

/// The far end of a window (`anchor − period` before, `anchor + period` after); aggregates
/// compute it once and test every element against it with [`in_window`].
pub(crate) fn window_far_end(
    period: Duration,
    dir: WindowDir,
    anchor: NaiveDate,
) -> Option<NaiveDate> {
    add_duration(anchor, period, dir == WindowDir::Before)
}

/// Whether `d` lies in the window from `anchor` to `far` (see [`within`]).
pub(crate) fn in_window(d: NaiveDate, dir: WindowDir, anchor: NaiveDate, far: NaiveDate) -> bool {
    match dir {
        WindowDir::Before => far <= d && d < anchor,
        WindowDir::After => anchor < d && d <= far,
    }
}

#[cfg(test)]
mod tests;
