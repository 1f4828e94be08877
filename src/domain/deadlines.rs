//! Deadlines: rules are data (per track), and every computed date carries
//! how it was reached — from which date and why, by which rule, and which
//! weekends and holidays were passed over.

use chrono::{Duration, NaiveDate};

use super::calendar::{Holiday, Skipped, WorkingCalendar};
use super::code_enum;
use super::status::Status;

code_enum!(
    Unit { WorkingDays => "working_days", CalendarDays => "calendar_days" }
);

code_enum!(
    Rule {
        FilingWindow => "filing_window",
        Registration => "registration",
        Completion => "completion",
        ProceedingsStart => "proceedings_start",
        Settlement => "settlement",
        Mediation => "mediation",
        MediationExtension => "mediation_extension",
        DecisionCopies => "decision_copies",
        AppealWindow => "appeal_window",
    }
);

code_enum!(
    /// What started a clock.
    StartReason {
        ObjectionAnswered => "objection_answered",
        ObjectionUnanswered => "objection_unanswered",
        Received => "received",
        MarkedIncomplete => "marked_incomplete",
        Registered => "registered",
        MediationStarted => "mediation_started",
        DecisionRead => "decision_read",
    }
);

/// The superior of the PPID answers an objection within this many working
/// days (UU KIP Pasal 36); when it does not, the filing window opens anyway.
pub const OBJECTION_ANSWER_WORKING_DAYS: u32 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSpec {
    pub rule: Rule,
    pub amount: u32,
    pub unit: Unit,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleSet {
    pub specs: Vec<RuleSpec>,
}

impl RuleSet {
    /// The figures of UU KIP and Perki 1/2013. The appeal window is 14 days;
    /// whether those are calendar or working days is contested, so it is a
    /// setting.
    pub fn defaults(appeal_unit: Unit) -> RuleSet {
        use Rule::*;
        use Unit::*;
        let spec = |rule, amount, unit| RuleSpec { rule, amount, unit };
        RuleSet {
            specs: vec![
                spec(FilingWindow, 14, WorkingDays),
                spec(Registration, 3, WorkingDays),
                spec(Completion, 7, WorkingDays),
                spec(ProceedingsStart, 14, WorkingDays),
                spec(Settlement, 100, WorkingDays),
                spec(Mediation, 14, WorkingDays),
                spec(MediationExtension, 7, WorkingDays),
                spec(DecisionCopies, 3, WorkingDays),
                spec(AppealWindow, 14, appeal_unit),
            ],
        }
    }

    pub fn get(&self, rule: Rule) -> Option<RuleSpec> {
        self.specs.iter().copied().find(|s| s.rule == rule)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub rule: Rule,
    pub amount: u32,
    pub unit: Unit,
    pub start: NaiveDate,
    pub start_reason: StartReason,
    pub due: NaiveDate,
    /// Days not counted (working days), or days the due date was moved past
    /// because it fell on a day off (calendar days).
    pub skipped: Vec<Skipped>,
}

/// Within this many working days a deadline counts as pressing.
pub const PRESSING_WORKING_DAYS: i64 = 5;

impl Deadline {
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        today > self.due
    }

    /// Past, or due within `PRESSING_WORKING_DAYS` working days: what the
    /// staff dashboard and the morning summary list.
    pub fn is_pressing(&self, calendar: &WorkingCalendar, today: NaiveDate) -> bool {
        self.is_overdue(today)
            || calendar.working_days_between(today, self.due) <= PRESSING_WORKING_DAYS
    }

    /// Time left until the due date in the rule's own unit; negative once
    /// overdue.
    pub fn remaining(&self, calendar: &WorkingCalendar, today: NaiveDate) -> i64 {
        match self.unit {
            Unit::WorkingDays => calendar.working_days_between(today, self.due),
            Unit::CalendarDays => (self.due - today).num_days(),
        }
    }

    pub fn holidays_skipped(&self) -> impl Iterator<Item = &Holiday> {
        self.skipped.iter().filter_map(|s| match s {
            Skipped::Holiday(h) => Some(h),
            Skipped::Weekend(_) => None,
        })
    }

    pub fn weekend_days_skipped(&self) -> usize {
        self.skipped
            .iter()
            .filter(|s| matches!(s, Skipped::Weekend(_)))
            .count()
    }
}

/// Applies one rule from `start`. Working days count from the day after the
/// start; a calendar-day period that ends on a day off ends on the next
/// working day instead.
pub fn compute(
    spec: RuleSpec,
    start: NaiveDate,
    reason: StartReason,
    calendar: &WorkingCalendar,
) -> Deadline {
    let (due, skipped) = match spec.unit {
        Unit::WorkingDays => calendar.add_working_days(start, spec.amount),
        Unit::CalendarDays => {
            calendar.next_working_day(start + Duration::days(i64::from(spec.amount)))
        }
    };
    Deadline {
        rule: spec.rule,
        amount: spec.amount,
        unit: spec.unit,
        start,
        start_reason: reason,
        due,
        skipped,
    }
}

/// The dates of a register that start clocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterDates {
    pub objected_on: Option<NaiveDate>,
    pub objection_answered_on: Option<NaiveDate>,
    pub received_on: Option<NaiveDate>,
    pub registered_on: Option<NaiveDate>,
    pub status_since: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
}

/// The last day to file the dispute: 14 working days after the objection
/// was answered or, with no answer, after the superior's 30 working days ran
/// out.
pub fn filing_window(
    dates: &RegisterDates,
    rules: &RuleSet,
    calendar: &WorkingCalendar,
) -> Option<Deadline> {
    let spec = rules.get(Rule::FilingWindow)?;
    if let Some(answered) = dates.objection_answered_on {
        return Some(compute(
            spec,
            answered,
            StartReason::ObjectionAnswered,
            calendar,
        ));
    }
    let objected = dates.objected_on?;
    let (lapsed, _) = calendar.add_working_days(objected, OBJECTION_ANSWER_WORKING_DAYS);
    Some(compute(
        spec,
        lapsed,
        StartReason::ObjectionUnanswered,
        calendar,
    ))
}

/// The clocks running for a register in `status`. A clock whose start date
/// is unknown, or whose rule the track lacks, is left out.
pub fn open_deadlines(
    status: Status,
    dates: &RegisterDates,
    rules: &RuleSet,
    calendar: &WorkingCalendar,
) -> Vec<Deadline> {
    use Rule::*;
    let clocks: Vec<(Rule, Option<NaiveDate>, StartReason)> = match status {
        Status::Received => vec![(Registration, dates.received_on, StartReason::Received)],
        Status::Incomplete => vec![(
            Completion,
            dates.status_since,
            StartReason::MarkedIncomplete,
        )],
        Status::Registered => vec![
            (
                ProceedingsStart,
                dates.registered_on,
                StartReason::Registered,
            ),
            (Settlement, dates.registered_on, StartReason::Registered),
        ],
        Status::Preliminary | Status::Adjudication => {
            vec![(Settlement, dates.registered_on, StartReason::Registered)]
        }
        Status::Mediation => vec![
            (Mediation, dates.status_since, StartReason::MediationStarted),
            (Settlement, dates.registered_on, StartReason::Registered),
        ],
        Status::Decided => vec![
            (DecisionCopies, dates.decided_on, StartReason::DecisionRead),
            (AppealWindow, dates.decided_on, StartReason::DecisionRead),
        ],
        _ => vec![],
    };
    clocks
        .into_iter()
        .filter_map(|(rule, start, reason)| {
            Some(compute(rules.get(rule)?, start?, reason, calendar))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::default_holidays;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> WorkingCalendar {
        WorkingCalendar::new(default_holidays(), true)
    }

    fn rules() -> RuleSet {
        RuleSet::defaults(Unit::CalendarDays)
    }

    fn names(d: &Deadline) -> Vec<String> {
        d.holidays_skipped()
            .map(|h| format!("{} {}", h.date, h.name))
            .collect()
    }

    #[test]
    fn proceedings_start_across_lebaran_2024_is_explained() {
        // Registered Friday 5 April 2024: 14 working days pass over the
        // whole Idul Fitri break and Labour Day.
        let dates = RegisterDates {
            registered_on: Some(d(2024, 4, 5)),
            status_since: Some(d(2024, 4, 5)),
            ..RegisterDates::default()
        };
        let open = open_deadlines(Status::Registered, &dates, &rules(), &cal());
        let start = &open[0];
        assert_eq!(start.rule, Rule::ProceedingsStart);
        assert_eq!(start.start, d(2024, 4, 5));
        assert_eq!(start.start_reason, StartReason::Registered);
        assert_eq!(start.due, d(2024, 5, 6));
        assert_eq!(
            names(start),
            vec![
                "2024-04-08 Cuti bersama Idul Fitri 1445 H",
                "2024-04-09 Cuti bersama Idul Fitri 1445 H",
                "2024-04-10 Hari Raya Idul Fitri 1445 H",
                "2024-04-11 Hari Raya Idul Fitri 1445 H",
                "2024-04-12 Cuti bersama Idul Fitri 1445 H",
                "2024-04-15 Cuti bersama Idul Fitri 1445 H",
                "2024-05-01 Hari Buruh Internasional",
            ]
        );
        assert_eq!(start.weekend_days_skipped(), 10);
        assert_eq!(open[1].rule, Rule::Settlement);
    }

    #[test]
    fn a_deadline_is_pressing_from_five_working_days_before_it_and_after() {
        let dates = RegisterDates {
            registered_on: Some(d(2024, 4, 5)),
            status_since: Some(d(2024, 4, 5)),
            ..RegisterDates::default()
        };
        // Due Monday 6 May 2024 (see above).
        let start = &open_deadlines(Status::Registered, &dates, &rules(), &cal())[0];
        // Thursday 25 April: six working days before (Labour Day is off);
        // Friday 26 April: five.
        assert!(!start.is_pressing(&cal(), d(2024, 4, 25)));
        assert!(start.is_pressing(&cal(), d(2024, 4, 26)));
        assert!(start.is_pressing(&cal(), d(2024, 5, 6)));
        assert!(start.is_pressing(&cal(), d(2024, 6, 1)), "overdue");
    }

    #[test]
    fn collective_leave_setting_changes_the_date() {
        let no_leave = WorkingCalendar::new(default_holidays(), false);
        let spec = rules().get(Rule::ProceedingsStart).unwrap();
        // The four collective-leave days count as working days: 29 April.
        let due = compute(spec, d(2024, 4, 5), StartReason::Registered, &no_leave).due;
        assert_eq!(due, d(2024, 4, 29));
    }

    #[test]
    fn filing_window_after_an_answer() {
        let dates = RegisterDates {
            objected_on: Some(d(2024, 1, 10)),
            objection_answered_on: Some(d(2024, 2, 2)),
            ..RegisterDates::default()
        };
        let w = filing_window(&dates, &rules(), &cal()).unwrap();
        assert_eq!(w.start_reason, StartReason::ObjectionAnswered);
        // Fri 2 Feb: Feb 8, 9 and 14 are off → the 14th working day is Tue 27 Feb.
        assert_eq!(w.due, d(2024, 2, 27));
        assert_eq!(w.holidays_skipped().count(), 3);
    }

    #[test]
    fn filing_window_when_the_objection_went_unanswered() {
        let dates = RegisterDates {
            objected_on: Some(d(2025, 3, 3)),
            ..RegisterDates::default()
        };
        let w = filing_window(&dates, &rules(), &cal()).unwrap();
        assert_eq!(w.start_reason, StartReason::ObjectionUnanswered);
        // 30 working days from Mon 3 Mar 2025 pass over Nyepi and the whole
        // Lebaran break (28 Mar – 7 Apr) and Good Friday: Thu 24 Apr.
        assert_eq!(w.start, d(2025, 4, 24));
        assert_eq!(
            filing_window(&RegisterDates::default(), &rules(), &cal()),
            None
        );
    }

    #[test]
    fn calendar_day_windows_end_on_a_working_day() {
        let spec = RuleSpec {
            rule: Rule::AppealWindow,
            amount: 14,
            unit: Unit::CalendarDays,
        };
        // Decision of 3 April 2024: 17 April is a Wednesday.
        let w = compute(spec, d(2024, 4, 3), StartReason::DecisionRead, &cal());
        assert_eq!(w.due, d(2024, 4, 17));
        assert!(w.skipped.is_empty());
        // 14 days after 17 March 2024 is Easter Sunday: moved to Monday.
        let w = compute(spec, d(2024, 3, 17), StartReason::DecisionRead, &cal());
        assert_eq!(w.due, d(2024, 4, 1));
        assert_eq!(w.skipped.len(), 1);
        let w = compute(spec, d(2024, 3, 15), StartReason::DecisionRead, &cal());
        assert_eq!(
            w.due,
            d(2024, 4, 1),
            "Good Friday and the weekend passed over"
        );
        assert_eq!(names(&w), vec!["2024-03-29 Wafat Isa Almasih"]);
        assert_eq!(w.weekend_days_skipped(), 2);
    }

    #[test]
    fn appeal_window_in_working_days_by_setting() {
        let rules = RuleSet::defaults(Unit::WorkingDays);
        let dates = RegisterDates {
            decided_on: Some(d(2024, 4, 3)),
            ..RegisterDates::default()
        };
        let open = open_deadlines(Status::Decided, &dates, &rules, &cal());
        let appeal = open.iter().find(|d| d.rule == Rule::AppealWindow).unwrap();
        // 3 April 2024, then the Lebaran break and Labour Day: 2 May.
        assert_eq!(appeal.due, d(2024, 5, 2));
        let copies = open
            .iter()
            .find(|d| d.rule == Rule::DecisionCopies)
            .unwrap();
        assert_eq!(copies.due, d(2024, 4, 16));
    }

    #[test]
    fn remaining_and_overdue() {
        let spec = rules().get(Rule::Registration).unwrap();
        let dl = compute(spec, d(2024, 3, 6), StartReason::Received, &cal());
        assert_eq!(dl.due, d(2024, 3, 13));
        // 8 and 13 March are left; 11 and 12 March are days off.
        assert_eq!(dl.remaining(&cal(), d(2024, 3, 7)), 2);
        assert!(!dl.is_overdue(d(2024, 3, 13)));
        assert!(dl.is_overdue(d(2024, 3, 14)));
        assert_eq!(dl.remaining(&cal(), d(2024, 3, 15)), -2);
    }

    #[test]
    fn clocks_follow_the_status() {
        let dates = RegisterDates {
            received_on: Some(d(2024, 2, 26)),
            registered_on: Some(d(2024, 2, 29)),
            status_since: Some(d(2024, 3, 13)),
            ..RegisterDates::default()
        };
        let rules_of = |s| {
            open_deadlines(s, &dates, &rules(), &cal())
                .iter()
                .map(|d| d.rule)
                .collect::<Vec<_>>()
        };
        assert_eq!(rules_of(Status::Received), vec![Rule::Registration]);
        assert_eq!(rules_of(Status::Incomplete), vec![Rule::Completion]);
        assert_eq!(
            rules_of(Status::Mediation),
            vec![Rule::Mediation, Rule::Settlement]
        );
        assert_eq!(
            rules_of(Status::Decided),
            vec![],
            "no decision date, no clock"
        );
        for s in [
            Status::Final,
            Status::Withdrawn,
            Status::Enforcement,
            Status::Lapsed,
        ] {
            assert!(rules_of(s).is_empty());
        }
        let mediation = &open_deadlines(Status::Mediation, &dates, &rules(), &cal())[0];
        // From Wed 13 Mar 2024: 14 working days, Good Friday off → 3 April.
        assert_eq!(mediation.due, d(2024, 4, 3));
    }

    #[test]
    fn a_track_without_a_rule_shows_no_clock() {
        let rules = RuleSet { specs: vec![] };
        let dates = RegisterDates {
            received_on: Some(d(2024, 2, 26)),
            ..RegisterDates::default()
        };
        assert!(open_deadlines(Status::Received, &dates, &rules, &cal()).is_empty());
    }
}
