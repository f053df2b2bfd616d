//! Date arithmetic (placeholder bodies; the `dates` branch owns this file).

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::ast::WindowDir;
use crate::ir::{CalendarDef, Duration};

/// `d` plus (or minus, when `negate`) a duration: years and months first (month-end clamp), then
/// days. `None` when out of range.
pub(crate) fn add_duration(d: NaiveDate, p: Duration, negate: bool) -> Option<NaiveDate> {
    let months = p.years.checked_mul(12)?.checked_add(p.months)?;
    let sign_months = if negate {
        months.checked_neg()?
    } else {
        months
    };
    let sign_days = if negate {
        p.days.checked_neg()?
    } else {
        p.days
    };
    let d = if sign_months >= 0 {
        d.checked_add_months(Months::new(u32::try_from(sign_months).ok()?))?
    } else {
        d.checked_sub_months(Months::new(u32::try_from(sign_months.checked_neg()?).ok()?))?
    };
    if sign_days >= 0 {
        d.checked_add_days(Days::new(u64::try_from(sign_days).ok()?))
    } else {
        d.checked_sub_days(Days::new(u64::try_from(sign_days.checked_neg()?).ok()?))
    }
}

/// Completed years on `day` of a person born on `birth`; an age is reached the day after the
/// birthday.
pub(crate) fn age_on(birth: NaiveDate, day: NaiveDate) -> Option<i64> {
    let mut years = i64::from(day.year()) - i64::from(birth.year());
    let anniversary = add_duration(
        birth,
        Duration {
            years,
            months: 0,
            days: 0,
        },
        false,
    )?;
    if day <= anniversary {
        years -= 1;
    }
    Some(years.max(0))
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub(crate) fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// Whether `d` is a working day under `cal`.
pub(crate) fn is_working_day(d: NaiveDate, cal: &CalendarDef) -> bool {
    if cal.workdays.contains(&d) {
        return true;
    }
    if cal.holidays.contains(&d) {
        return false;
    }
    d.weekday().number_from_monday() <= 5
}

/// Working days in `(a, b]` (negative when `b` is earlier).
pub(crate) fn working_days_between(a: NaiveDate, b: NaiveDate, cal: &CalendarDef) -> i64 {
    let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
    let mut n = 0i64;
    let mut d = lo;
    while d < hi {
        match d.succ_opt() {
            Some(x) => d = x,
            None => break,
        }
        if is_working_day(d, cal) {
            n += 1;
        }
    }
    n * sign
}

/// The `n`th working day after `d` (before it when `n` is negative).
pub(crate) fn add_working_days(d: NaiveDate, n: i64, cal: &CalendarDef) -> Option<NaiveDate> {
    let mut d = d;
    let mut left = n.unsigned_abs();
    while left > 0 {
        d = if n > 0 { d.succ_opt()? } else { d.pred_opt()? };
        if is_working_day(d, cal) {
            left -= 1;
        }
    }
    Some(d)
}

/// Last day of a period starting after `start` (Civil Code arts. 201–203).
pub(crate) fn deadline(
    start: NaiveDate,
    p: Duration,
    cal: Option<&CalendarDef>,
) -> Option<NaiveDate> {
    let mut end = add_duration(start, p, false)?;
    if let Some(cal) = cal {
        while !is_working_day(end, cal) {
            end = end.succ_opt()?;
        }
    }
    Some(end)
}

/// Whether `d` lies in the window of `p` before (`anchor − p ≤ d < anchor`) or after
/// (`anchor < d ≤ anchor + p`) `anchor`.
pub(crate) fn within(d: NaiveDate, p: Duration, dir: WindowDir, anchor: NaiveDate) -> Option<bool> {
    Some(match dir {
        WindowDir::Before => add_duration(anchor, p, true)? <= d && d < anchor,
        WindowDir::After => anchor < d && d <= add_duration(anchor, p, false)?,
    })
}
