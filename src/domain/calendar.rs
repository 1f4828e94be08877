//! The working-day calendar: Monday to Friday, minus the days in the holiday
//! table. Whether collective leave (cuti bersama) is a day off is a setting.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::code_enum;

code_enum!(
    /// A national holiday fixed by law or decree, or collective leave fixed
    /// each year by joint decree (SKB).
    HolidayKind { National => "national", CollectiveLeave => "collective_leave" }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
    pub kind: HolidayKind,
}

/// A day that was not counted, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    Weekend(NaiveDate),
    Holiday(Holiday),
}

impl Skipped {
    pub fn date(&self) -> NaiveDate {
        match self {
            Skipped::Weekend(d) => *d,
            Skipped::Holiday(h) => h.date,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct WorkingCalendar {
    holidays: BTreeMap<NaiveDate, Holiday>,
    collective_leave_is_day_off: bool,
}

impl WorkingCalendar {
    pub fn new(holidays: Vec<Holiday>, collective_leave_is_day_off: bool) -> WorkingCalendar {
        let mut map = BTreeMap::new();
        for h in holidays {
            map.entry(h.date).or_insert(h);
        }
        WorkingCalendar {
            holidays: map,
            collective_leave_is_day_off,
        }
    }

    /// Why `day` is not a working day, or `None` when it is one.
    pub fn day_off(&self, day: NaiveDate) -> Option<Skipped> {
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            return Some(Skipped::Weekend(day));
        }
        let h = self.holidays.get(&day)?;
        if h.kind == HolidayKind::CollectiveLeave && !self.collective_leave_is_day_off {
            return None;
        }
        Some(Skipped::Holiday(h.clone()))
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.holiday_off(day)
    }

    /// Whether a weekday is off for the holiday table.
    fn holiday_off(&self, day: NaiveDate) -> bool {
        self.holidays.get(&day).is_some_and(|h| {
            h.kind != HolidayKind::CollectiveLeave || self.collective_leave_is_day_off
        })
    }

    /// The `n`-th working day after `start` (the start day itself never
    /// counts), with every day passed over on the way.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> (NaiveDate, Vec<Skipped>) {
        let mut day = start;
        let mut counted = 0;
        let mut skipped = Vec::new();
        while counted < n {
            day += Duration::days(1);
            match self.day_off(day) {
                Some(s) => skipped.push(s),
                None => counted += 1,
            }
        }
        (day, skipped)
    }

    /// `day` itself when it is a working day, else the next one, with the
    /// days passed over.
    pub fn next_working_day(&self, day: NaiveDate) -> (NaiveDate, Vec<Skipped>) {
        let mut day = day;
        let mut skipped = Vec::new();
        while let Some(s) = self.day_off(day) {
            skipped.push(s);
            day += Duration::days(1);
        }
        (day, skipped)
    }

    /// Working days from `from` to `to`: positive when `to` is later, counting
    /// the working days in `(from, to]`; negative when `to` is earlier.
    /// Weekdays are counted by arithmetic and the days off among them taken
    /// from the table, so that a long span costs no more than a short one.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        use std::ops::Bound::{Excluded, Included};
        let off = self
            .holidays
            .range((Excluded(lo), Included(hi)))
            .filter(|(d, _)| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .filter(|(d, _)| self.holiday_off(**d))
            .count() as i64;
        (weekdays_until(hi) - weekdays_until(lo) - off) * sign
    }

    /// The years from `from` to `to` for which the table holds no holiday at
    /// all: a count across them saw weekends only, and will move once the
    /// year's decree is entered.
    pub fn missing_years(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
        (lo.year()..=hi.year())
            .filter(|&y| {
                let first = NaiveDate::from_ymd_opt(y, 1, 1).expect("valid year");
                let last = NaiveDate::from_ymd_opt(y, 12, 31).expect("valid year");
                self.holidays.range(first..=last).next().is_none()
            })
            .collect()
    }
}

/// Monday-to-Friday days from a fixed Monday up to and including `day`
/// (negative before it): differences give the weekdays in a range.
fn weekdays_until(day: NaiveDate) -> i64 {
    // 1 January 2001 was a Monday.
    let monday = NaiveDate::from_ymd_opt(2001, 1, 1).expect("valid date");
    let days = (day - monday).num_days();
    let (weeks, rest) = (days.div_euclid(7), days.rem_euclid(7));
    weeks * 5 + (rest + 1).min(5)
}

/// The national holidays and collective leave of 2024 and 2025 as published
/// by the government (including the election days added by Keppres 10/2024 and
/// 33/2024, and 18 August 2025 added in August 2025). Later years are added by
/// staff once their decree is out: published lists for 2026 still disagree.
pub fn default_holidays() -> Vec<Holiday> {
    use HolidayKind::{CollectiveLeave as C, National as N};
    const DAYS: &[(i32, u32, u32, HolidayKind, &str)] = &[
        (2024, 1, 1, N, "Tahun Baru 2024 Masehi"),
        (2024, 2, 8, N, "Isra Mikraj Nabi Muhammad SAW"),
        (2024, 2, 9, C, "Cuti bersama Tahun Baru Imlek"),
        (2024, 2, 10, N, "Tahun Baru Imlek 2575 Kongzili"),
        (2024, 2, 14, N, "Hari pemungutan suara Pemilihan Umum 2024"),
        (2024, 3, 11, N, "Hari Suci Nyepi Tahun Baru Saka 1946"),
        (2024, 3, 12, C, "Cuti bersama Hari Suci Nyepi"),
        (2024, 3, 29, N, "Wafat Isa Almasih"),
        (2024, 3, 31, N, "Hari Paskah"),
        (2024, 4, 8, C, "Cuti bersama Idul Fitri 1445 H"),
        (2024, 4, 9, C, "Cuti bersama Idul Fitri 1445 H"),
        (2024, 4, 10, N, "Hari Raya Idul Fitri 1445 H"),
        (2024, 4, 11, N, "Hari Raya Idul Fitri 1445 H"),
        (2024, 4, 12, C, "Cuti bersama Idul Fitri 1445 H"),
        (2024, 4, 15, C, "Cuti bersama Idul Fitri 1445 H"),
        (2024, 5, 1, N, "Hari Buruh Internasional"),
        (2024, 5, 9, N, "Kenaikan Isa Almasih"),
        (2024, 5, 10, C, "Cuti bersama Kenaikan Isa Almasih"),
        (2024, 5, 23, N, "Hari Raya Waisak 2568 BE"),
        (2024, 5, 24, C, "Cuti bersama Hari Raya Waisak"),
        (2024, 6, 1, N, "Hari Lahir Pancasila"),
        (2024, 6, 17, N, "Hari Raya Idul Adha 1445 H"),
        (2024, 6, 18, C, "Cuti bersama Idul Adha 1445 H"),
        (2024, 7, 7, N, "Tahun Baru Islam 1446 H"),
        (2024, 8, 17, N, "Hari Kemerdekaan Republik Indonesia"),
        (2024, 9, 16, N, "Maulid Nabi Muhammad SAW"),
        (
            2024,
            11,
            27,
            N,
            "Hari pemungutan suara Pemilihan Kepala Daerah Serentak 2024",
        ),
        (2024, 12, 25, N, "Hari Raya Natal"),
        (2024, 12, 26, C, "Cuti bersama Hari Raya Natal"),
        (2025, 1, 1, N, "Tahun Baru 2025 Masehi"),
        (2025, 1, 27, N, "Isra Mikraj Nabi Muhammad SAW"),
        (2025, 1, 28, C, "Cuti bersama Tahun Baru Imlek"),
        (2025, 1, 29, N, "Tahun Baru Imlek 2576 Kongzili"),
        (2025, 3, 28, C, "Cuti bersama Hari Suci Nyepi"),
        (2025, 3, 29, N, "Hari Suci Nyepi Tahun Baru Saka 1947"),
        (2025, 3, 31, N, "Hari Raya Idul Fitri 1446 H"),
        (2025, 4, 1, N, "Hari Raya Idul Fitri 1446 H"),
        (2025, 4, 2, C, "Cuti bersama Idul Fitri 1446 H"),
        (2025, 4, 3, C, "Cuti bersama Idul Fitri 1446 H"),
        (2025, 4, 4, C, "Cuti bersama Idul Fitri 1446 H"),
        (2025, 4, 7, C, "Cuti bersama Idul Fitri 1446 H"),
        (2025, 4, 18, N, "Wafat Isa Almasih"),
        (2025, 4, 20, N, "Hari Paskah"),
        (2025, 5, 1, N, "Hari Buruh Internasional"),
        (2025, 5, 12, N, "Hari Raya Waisak 2569 BE"),
        (2025, 5, 13, C, "Cuti bersama Hari Raya Waisak"),
        (2025, 5, 29, N, "Kenaikan Isa Almasih"),
        (2025, 5, 30, C, "Cuti bersama Kenaikan Isa Almasih"),
        (2025, 6, 1, N, "Hari Lahir Pancasila"),
        (2025, 6, 6, N, "Hari Raya Idul Adha 1446 H"),
        (2025, 6, 9, C, "Cuti bersama Idul Adha 1446 H"),
        (2025, 6, 27, N, "Tahun Baru Islam 1447 H"),
        (2025, 8, 17, N, "Hari Kemerdekaan Republik Indonesia"),
        (
            2025,
            8,
            18,
            N,
            "Libur tambahan HUT ke-80 Republik Indonesia",
        ),
        (2025, 9, 5, N, "Maulid Nabi Muhammad SAW"),
        (2025, 12, 25, N, "Hari Raya Natal"),
        (2025, 12, 26, C, "Cuti bersama Hari Raya Natal"),
    ];
    DAYS.iter()
        .map(|&(y, m, d, kind, name)| Holiday {
            date: NaiveDate::from_ymd_opt(y, m, d).expect("valid holiday date"),
            name: name.to_string(),
            kind,
        })
        .collect()
}

/// A line of a holiday file that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvProblem {
    pub line: usize,
    pub code: &'static str,
}

/// Reads a year's holidays from CSV text with the columns `date,name,kind`
/// (a header line is allowed; kind is `national` or `collective_leave`).
/// Every problem is reported with its line; any problem means no holiday.
pub fn parse_holiday_csv(text: &str, year: i32) -> Result<Vec<Holiday>, Vec<CsvProblem>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out: Vec<Holiday> = Vec::new();
    let mut problems = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 1;
        let Ok(record) = record else {
            problems.push(CsvProblem {
                line,
                code: "calendar.csv_unreadable",
            });
            continue;
        };
        let field = |n: usize| record.get(n).unwrap_or("").trim();
        if line == 1 && field(0).eq_ignore_ascii_case("date") {
            continue;
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Ok(date) = NaiveDate::parse_from_str(field(0), "%Y-%m-%d") else {
            problems.push(CsvProblem {
                line,
                code: "calendar.csv_bad_date",
            });
            continue;
        };
        if date.year() != year {
            problems.push(CsvProblem {
                line,
                code: "calendar.csv_wrong_year",
            });
            continue;
        }
        if field(1).is_empty() {
            problems.push(CsvProblem {
                line,
                code: "calendar.csv_no_name",
            });
            continue;
        }
        let Some(kind) = HolidayKind::from_code(field(2)) else {
            problems.push(CsvProblem {
                line,
                code: "calendar.csv_bad_kind",
            });
            continue;
        };
        if out.iter().any(|h| h.date == date) {
            problems.push(CsvProblem {
                line,
                code: "calendar.csv_duplicate",
            });
            continue;
        }
        out.push(Holiday {
            date,
            name: field(1).to_string(),
            kind,
        });
    }
    if problems.is_empty() {
        out.sort_by_key(|h| h.date);
        Ok(out)
    } else {
        Err(problems)
    }
}

/// A stored UTC time on the clock of `zone` (an IANA name), or of
/// `fallback` when the name is not one.
pub fn local_time(
    at: chrono::NaiveDateTime,
    zone: &str,
    fallback: chrono_tz::Tz,
) -> chrono::DateTime<chrono_tz::Tz> {
    use chrono::TimeZone;
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(fallback);
    tz.from_utc_datetime(&at)
}

#[cfg(test)]
mod tests {
    /// Working days in `(from, to]` by looking at every day.
    fn count_day_by_day(cal: &WorkingCalendar, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut n = 0;
        let mut day = lo;
        while day < hi {
            day += Duration::days(1);
            if cal.is_working_day(day) {
                n += 1;
            }
        }
        n * sign
    }

    #[test]
    fn counting_working_days_agrees_with_looking_at_every_day() {
        for leave_off in [true, false] {
            let cal = WorkingCalendar::new(default_holidays(), leave_off);
            let start = NaiveDate::from_ymd_opt(2023, 11, 1).unwrap();
            // Every pair of days, a few steps apart, over two and a half years.
            for a in (0..900).step_by(7) {
                for len in [0i64, 1, 2, 3, 4, 5, 6, 7, 13, 30, 101, 400] {
                    let from = start + Duration::days(a);
                    let to = from + Duration::days(len);
                    assert_eq!(
                        cal.working_days_between(from, to),
                        count_day_by_day(&cal, from, to),
                        "{from} .. {to}"
                    );
                    assert_eq!(
                        cal.working_days_between(to, from),
                        count_day_by_day(&cal, to, from),
                        "{to} .. {from}"
                    );
                }
            }
        }
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal(collective: bool) -> WorkingCalendar {
        WorkingCalendar::new(default_holidays(), collective)
    }

    #[test]
    fn shipped_calendar_matches_the_published_counts() {
        let all = default_holidays();
        let count = |y: i32, k: HolidayKind| {
            all.iter()
                .filter(|h| h.date.year() == y && h.kind == k)
                .count()
        };
        assert_eq!(count(2024, HolidayKind::National), 19);
        assert_eq!(count(2024, HolidayKind::CollectiveLeave), 10);
        assert_eq!(count(2025, HolidayKind::National), 18);
        assert_eq!(count(2025, HolidayKind::CollectiveLeave), 10);
        assert!(
            all.windows(2).all(|w| w[0].date < w[1].date),
            "one entry per date, in order"
        );
    }

    #[test]
    fn weekends_and_holidays_are_days_off() {
        let c = cal(true);
        assert!(c.is_working_day(d(2024, 3, 13)));
        assert_eq!(
            c.day_off(d(2024, 3, 16)),
            Some(Skipped::Weekend(d(2024, 3, 16)))
        );
        assert!(
            matches!(c.day_off(d(2024, 2, 14)), Some(Skipped::Holiday(h)) if h.name.contains("Pemilihan Umum"))
        );
        assert!(!c.is_working_day(d(2024, 11, 27)));
    }

    #[test]
    fn collective_leave_counts_only_by_setting() {
        assert!(!cal(true).is_working_day(d(2024, 4, 8)));
        assert!(cal(false).is_working_day(d(2024, 4, 8)));
        assert!(
            !cal(false).is_working_day(d(2024, 4, 10)),
            "national holidays always count"
        );
    }

    #[test]
    fn the_lebaran_weeks_of_2024_are_passed_over() {
        // Friday 5 April 2024; 8 April to 15 April hold only day-offs.
        let (due, skipped) = cal(true).add_working_days(d(2024, 4, 5), 1);
        assert_eq!(due, d(2024, 4, 16));
        let holidays: Vec<_> = skipped
            .iter()
            .filter(|s| matches!(s, Skipped::Holiday(_)))
            .map(Skipped::date)
            .collect();
        assert_eq!(
            holidays,
            vec![
                d(2024, 4, 8),
                d(2024, 4, 9),
                d(2024, 4, 10),
                d(2024, 4, 11),
                d(2024, 4, 12),
                d(2024, 4, 15)
            ]
        );
        assert_eq!(skipped.len(), 10, "six holidays and two weekends");
        // Without collective leave only the two Idul Fitri days are off.
        assert_eq!(
            cal(false).add_working_days(d(2024, 4, 5), 1).0,
            d(2024, 4, 8)
        );
        assert_eq!(
            cal(false).add_working_days(d(2024, 4, 5), 3).0,
            d(2024, 4, 12)
        );
    }

    #[test]
    fn counting_starts_the_day_after() {
        let c = cal(true);
        assert_eq!(c.add_working_days(d(2024, 3, 13), 0).0, d(2024, 3, 13));
        assert_eq!(c.add_working_days(d(2024, 3, 13), 1).0, d(2024, 3, 14));
        // Thursday 7 March: Mon 11 (Nyepi) and Tue 12 (cuti bersama) are off.
        assert_eq!(c.add_working_days(d(2024, 3, 7), 2).0, d(2024, 3, 13));
    }

    #[test]
    fn working_days_between_is_signed() {
        let c = cal(true);
        assert_eq!(c.working_days_between(d(2024, 4, 5), d(2024, 4, 16)), 1);
        assert_eq!(c.working_days_between(d(2024, 4, 16), d(2024, 4, 5)), -1);
        assert_eq!(c.working_days_between(d(2024, 3, 18), d(2024, 3, 18)), 0);
        assert_eq!(c.working_days_between(d(2024, 3, 18), d(2024, 3, 25)), 5);
    }

    #[test]
    fn holiday_files_are_read_and_checked_line_by_line() {
        let text = "date,name,kind\n2026-01-01,Tahun Baru 2026 Masehi,national\n\n2026-02-16, Cuti bersama Imlek ,collective_leave\n";
        let days = parse_holiday_csv(text, 2026).unwrap();
        assert_eq!(days.len(), 2);
        assert_eq!(days[1].name, "Cuti bersama Imlek");
        assert_eq!(days[1].kind, HolidayKind::CollectiveLeave);
        let bad = "2026-01-01,A,national\n2025-12-25,B,national\n2026-13-01,C,national\n2026-03-01,,national\n2026-03-02,D,holiday\n2026-01-01,E,national\n";
        let codes: Vec<(usize, &str)> = parse_holiday_csv(bad, 2026)
            .unwrap_err()
            .iter()
            .map(|p| (p.line, p.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                (2, "calendar.csv_wrong_year"),
                (3, "calendar.csv_bad_date"),
                (4, "calendar.csv_no_name"),
                (5, "calendar.csv_bad_kind"),
                (6, "calendar.csv_duplicate"),
            ]
        );
    }

    #[test]
    fn years_without_a_calendar_are_named() {
        let c = cal(true);
        assert_eq!(
            c.missing_years(d(2024, 12, 20), d(2025, 1, 10)),
            Vec::<i32>::new()
        );
        assert_eq!(c.missing_years(d(2025, 12, 20), d(2026, 1, 10)), vec![2026]);
        assert_eq!(
            c.missing_years(d(2027, 1, 10), d(2023, 12, 20)),
            vec![2023, 2026, 2027]
        );
    }

    #[test]
    fn next_working_day_moves_off_holidays() {
        let c = cal(true);
        assert_eq!(c.next_working_day(d(2024, 3, 29)).0, d(2024, 4, 1));
        assert_eq!(c.next_working_day(d(2024, 4, 1)), (d(2024, 4, 1), vec![]));
    }
}
