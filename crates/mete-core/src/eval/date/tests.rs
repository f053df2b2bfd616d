//! Table-driven vectors from `tests/data/date.csv`, plus properties checked against slow,
//! obviously correct references.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;

use super::*;
use crate::span::Span;

const TABLE: &str = include_str!("../../../tests/data/date.csv");

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Every day from `from` to `to`, both included.
fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

/// The 2024 public holidays of mainland China (State Council notice of 2023), with the
/// make-up working days on weekends.
fn cn2024() -> CalendarDef {
    let mut holidays = BTreeSet::new();
    let ranges = [
        ((1, 1), (1, 1)),   // New Year
        ((2, 10), (2, 17)), // Spring Festival
        ((4, 4), (4, 6)),   // Qingming
        ((5, 1), (5, 5)),   // Labour Day
        ((6, 8), (6, 10)),  // Dragon Boat
        ((9, 15), (9, 17)), // Mid-Autumn
        ((10, 1), (10, 7)), // National Day
    ];
    for ((m1, d1), (m2, d2)) in ranges {
        holidays.extend(days(ymd(2024, m1, d1), ymd(2024, m2, d2)));
    }
    let workdays = [
        (2, 4),
        (2, 18),
        (4, 7),
        (4, 28),
        (5, 11),
        (9, 14),
        (9, 29),
        (10, 12),
    ]
    .into_iter()
    .map(|(m, d)| ymd(2024, m, d))
    .collect();
    calendar(holidays, workdays)
}

fn calendar(holidays: BTreeSet<NaiveDate>, workdays: BTreeSet<NaiveDate>) -> CalendarDef {
    CalendarDef {
        name: "test".to_owned(),
        label: None,
        holidays,
        workdays,
        span: Span::default(),
    }
}

fn date(s: &str) -> NaiveDate {
    match s {
        "min" => NaiveDate::MIN,
        "max" => NaiveDate::MAX,
        _ => NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("date `{s}`: {e}")),
    }
}

/// `1y2m-3d` → years 1, months 2, days −3.
fn duration(s: &str) -> Duration {
    let mut dur = Duration::default();
    let mut number = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() || c == '-' {
            number.push(c);
            continue;
        }
        let n: i64 = number
            .parse()
            .unwrap_or_else(|e| panic!("duration `{s}`: {e}"));
        number.clear();
        match c {
            'y' => dur.years = n,
            'm' => dur.months = n,
            'd' => dur.days = n,
            _ => panic!("duration `{s}`: unit `{c}`"),
        }
    }
    assert!(number.is_empty(), "duration `{s}` ends without a unit");
    dur
}

fn cal(s: &str) -> Option<CalendarDef> {
    match s {
        "cn2024" => Some(cn2024()),
        "empty" => Some(calendar(BTreeSet::new(), BTreeSet::new())),
        "none" => None,
        _ => panic!("unknown calendar `{s}`"),
    }
}

fn show<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "none".to_owned(), |v| v.to_string())
}

/// Evaluates one row; returns the actual result as text.
fn run(f: &str, args: &[&str]) -> String {
    match (f, args) {
        ("add", [d, dur]) => show(add_duration(date(d), duration(dur), false)),
        ("sub", [d, dur]) => show(add_duration(date(d), duration(dur), true)),
        ("age", [b, d]) => show(age_on(date(b), date(d))),
        ("days", [a, b]) => days_between(date(a), date(b)).to_string(),
        ("workday", [d, c]) => is_working_day(date(d), &cal(c).unwrap()).to_string(),
        ("wdays", [a, b, c]) => {
            working_days_between(date(a), date(b), &cal(c).unwrap()).to_string()
        }
        ("addwd", [d, n, c]) => show(add_working_days(
            date(d),
            n.parse().unwrap(),
            &cal(c).unwrap(),
        )),
        ("deadline", [s, p, c]) => show(deadline(date(s), duration(p), cal(c).as_ref())),
        ("within", [d, p, dir, anchor]) => {
            let dir = match *dir {
                "before" => WindowDir::Before,
                "after" => WindowDir::After,
                _ => panic!("window direction `{dir}`"),
            };
            show(within(date(d), duration(p), dir, date(anchor)))
        }
        _ => panic!("unknown row `{f}` with {} arguments", args.len()),
    }
}

#[test]
fn table_vectors() {
    let mut rows = 0;
    let mut failures = Vec::new();
    for (n, line) in TABLE.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(';').collect();
        let (expected, call) = fields.split_last().unwrap();
        let (f, args) = call.split_first().unwrap();
        let actual = run(f, args);
        if actual != *expected {
            failures.push(format!("line {}: {line}: got {actual}", n + 1));
        }
        rows += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(rows >= 80, "only {rows} rows");
}

#[test]
fn weekday_count_matches_chrono_around_the_epoch_and_today() {
    // `weekdays_through` assumes day 1 of the common era is a Monday.
    assert_eq!(ymd(1, 1, 1).weekday(), Weekday::Mon);
    let empty = calendar(BTreeSet::new(), BTreeSet::new());
    for (from, to) in [
        (ymd(-3, 12, 20), ymd(2, 1, 10)),
        (ymd(2023, 12, 1), ymd(2025, 2, 1)),
    ] {
        for a in days(from, to).step_by(5) {
            for b in days(from, to).step_by(3) {
                assert_eq!(
                    working_days_between(a, b, &empty),
                    slow_working_days(a, b, &empty)
                );
            }
        }
    }
}

#[test]
fn cn2024_hearing_request_window() {
    // Art. 64/85: a hearing is requested within 5 working days of the notice. A notice served on
    // Friday 2024-09-27 runs through the National Day week to Thursday 2024-10-10.
    let cal = cn2024();
    let last = add_working_days(ymd(2024, 9, 27), 5, &cal).unwrap();
    assert_eq!(last, ymd(2024, 10, 10));
    assert_eq!(working_days_between(ymd(2024, 9, 27), last, &cal), 5);
}

#[test]
fn a_date_declared_both_ways_is_a_holiday() {
    let both = ymd(2024, 10, 12); // a Saturday
    let cal = calendar([both].into(), [both].into());
    assert!(!is_working_day(both, &cal));
    assert_eq!(
        working_days_between(ymd(2024, 10, 11), ymd(2024, 10, 14), &cal),
        1
    );
    assert_eq!(
        add_working_days(ymd(2024, 10, 11), 1, &cal),
        Some(ymd(2024, 10, 14))
    );
}

#[test]
fn whole_date_range_counts_without_walking_it() {
    // About 190 million days: only the arithmetic path can answer this quickly.
    let cal = cn2024();
    let mid = ymd(2024, 6, 1);
    let total = working_days_between(NaiveDate::MIN, NaiveDate::MAX, &cal);
    let halves = working_days_between(NaiveDate::MIN, mid, &cal)
        + working_days_between(mid, NaiveDate::MAX, &cal);
    assert_eq!(total, halves);
    assert_eq!(
        working_days_between(NaiveDate::MAX, NaiveDate::MIN, &cal),
        -total
    );
    assert_eq!(
        add_working_days(NaiveDate::MIN, total, &cal),
        Some(NaiveDate::MAX)
    );
    assert_eq!(add_working_days(NaiveDate::MIN, total + 1, &cal), None);
}

/// Day by day: the reference the fast count must agree with.
fn slow_working_days(a: NaiveDate, b: NaiveDate, cal: &CalendarDef) -> i64 {
    let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
    let n = days(lo, hi)
        .skip(1)
        .filter(|d| is_working_day(*d, cal))
        .count();
    sign * i64::try_from(n).unwrap()
}

fn base() -> NaiveDate {
    ymd(1950, 1, 1)
}

/// A date between 1950 and about 2114.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0_i64..60_000).prop_map(|n| base() + chrono::TimeDelta::days(n))
}

/// A calendar with holidays and make-up days scattered over 1990–2060, some overlapping.
fn any_calendar() -> impl Strategy<Value = CalendarDef> {
    let day = (14_600_i64..40_200).prop_map(|n| base() + chrono::TimeDelta::days(n));
    (
        proptest::collection::btree_set(day.clone(), 0..200),
        proptest::collection::btree_set(day, 0..60),
    )
        .prop_map(|(h, w)| calendar(h, w))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn working_days_match_day_by_day(a in any_date(), b in any_date(), cal in any_calendar()) {
        prop_assert_eq!(working_days_between(a, b, &cal), slow_working_days(a, b, &cal));
    }

    #[test]
    fn add_working_days_lands_on_the_nth(d in any_date(), n in 0_i64..20_000, cal in any_calendar()) {
        let r = add_working_days(d, n, &cal).unwrap();
        prop_assert_eq!(working_days_between(d, r, &cal), n);
        if n > 0 {
            prop_assert!(is_working_day(r, &cal));
            let before = r.pred_opt().unwrap();
            prop_assert_eq!(working_days_between(d, before, &cal), n - 1);
        } else {
            prop_assert_eq!(r, d);
        }
    }

    #[test]
    fn age_is_the_count_of_passed_birthdays(birth in any_date(), later in 0_i64..40_000) {
        let day = birth + chrono::TimeDelta::days(later);
        // Reference: birthdays (month-end clamped) strictly before `day`.
        let passed = (1..=120)
            .filter(|n| {
                let years = Duration { years: *n, ..Duration::default() };
                add_duration(birth, years, false).unwrap() < day
            })
            .count();
        prop_assert_eq!(age_on(birth, day), Some(i64::try_from(passed).unwrap()));
    }

    #[test]
    fn deadline_is_a_working_day_not_before_the_plain_end(
        start in any_date(),
        dur in (0_i64..5, 0_i64..24, 0_i64..400),
        cal in any_calendar(),
    ) {
        let period = Duration { years: dur.0, months: dur.1, days: dur.2 };
        let plain = deadline(start, period, None).unwrap();
        prop_assert_eq!(plain, add_duration(start, period, false).unwrap());
        let moved = deadline(start, period, Some(&cal)).unwrap();
        prop_assert!(is_working_day(moved, &cal));
        prop_assert!(moved >= plain);
        // No working day is skipped on the way.
        prop_assert!(days(plain, moved).filter(|d| *d < moved).all(|d| !is_working_day(d, &cal)));
    }

    #[test]
    fn windows_are_half_open_and_mirror(d in any_date(), anchor in any_date(), months in 0_i64..60) {
        let period = Duration { months, ..Duration::default() };
        let lo = add_duration(anchor, period, true).unwrap();
        let hi = add_duration(anchor, period, false).unwrap();
        prop_assert_eq!(within(d, period, WindowDir::Before, anchor), Some(lo <= d && d < anchor));
        prop_assert_eq!(within(d, period, WindowDir::After, anchor), Some(anchor < d && d <= hi));
    }
}

/// The whole-year and zero-day shortcuts of `shift_months` / `shift_days` give what chrono's
/// month and day arithmetic gives, Feb 29 and the ends of the date range included.
#[test]
fn whole_year_shortcut_agrees_with_month_arithmetic() {
    let mut checked = 0;
    for d in days(ymd(2019, 12, 25), ymd(2021, 3, 5)).chain([
        NaiveDate::MIN,
        NaiveDate::MAX,
        ymd(2024, 2, 29),
        ymd(2000, 2, 29),
    ]) {
        for years in [-400i64, -5, -4, -2, -1, 0, 1, 2, 3, 4, 100] {
            let months = years * 12;
            let m = Months::new(u32::try_from(months.unsigned_abs()).unwrap());
            let want = if months >= 0 {
                d.checked_add_months(m)
            } else {
                d.checked_sub_months(m)
            };
            assert_eq!(shift_months(d, months), want, "{d} {years} years");
            checked += 1;
        }
        assert_eq!(shift_days(d, 0), Some(d));
    }
    assert_eq!(shift_months(ymd(2024, 2, 29), -12), Some(ymd(2023, 2, 28)));
    assert_eq!(shift_months(ymd(2024, 2, 29), 48), Some(ymd(2028, 2, 29)));
    assert!(checked > 4000);
}
