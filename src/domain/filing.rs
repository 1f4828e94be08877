//! Filing a dispute online: what the application must say, whether its
//! dates make sense, and whether it is on time.

use chrono::NaiveDate;

use super::calendar::WorkingCalendar;
use super::code_enum;
use super::deadlines::{filing_window, Deadline, RegisterDates, RuleSet};
use super::kinds::{ObjectionGround, PetitionerKind};

code_enum!(
    /// How the original request reached the public body.
    Channel { InPerson => "in_person", Letter => "letter", Email => "email", Online => "online", Other => "other" }
);

code_enum!(
    /// The documents an application carries.
    DocumentKind {
        Identity => "identity",
        Request => "request",
        Objection => "objection",
        PowerOfAttorney => "power_of_attorney",
        Deed => "deed",
        Supplement => "supplement",
    }
);

/// Largest accepted upload, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// The content types accepted, told by the file's first bytes.
pub const ACCEPTED_TYPES: &[&str] = &["application/pdf", "image/jpeg", "image/png"];

/// One requested item as the petitioner typed it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ItemInput {
    pub description: String,
    pub form: String,
}

/// The application as typed; dates stay text until checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ApplicationInput {
    pub petitioner_kind: String,
    pub name: String,
    pub show_name: bool,
    pub deed: String,
    pub representative: String,
    pub phone: String,
    pub address: String,
    pub identity_number: String,
    pub respondent: String,
    pub proposed_body: String,
    pub subject: String,
    pub requested_on: String,
    pub request_channel: String,
    pub ppid_answered_on: String,
    pub objected_on: String,
    pub grounds: Vec<String>,
    pub objection_answered_on: String,
    pub items: Vec<ItemInput>,
}

/// A problem with one field: the field's name and a catalogue key.
pub type FieldError = (&'static str, &'static str);

fn date(raw: &str) -> Result<Option<NaiveDate>, ()> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ())
}

/// The checked dates of an application.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FilingDates {
    pub requested_on: Option<NaiveDate>,
    pub ppid_answered_on: Option<NaiveDate>,
    pub objected_on: Option<NaiveDate>,
    pub objection_answered_on: Option<NaiveDate>,
}

/// Checks the dates: each a real date, none in the future, in the order the
/// process runs (request, PPID's answer, objection, superior's answer).
pub fn check_dates(input: &ApplicationInput, today: NaiveDate) -> (FilingDates, Vec<FieldError>) {
    let mut errors = Vec::new();
    let mut get = |field: &'static str, raw: &str| match date(raw) {
        Ok(Some(d)) if d > today => {
            errors.push((field, "filing.date_future"));
            None
        }
        Ok(d) => d,
        Err(()) => {
            errors.push((field, "filing.date_bad"));
            None
        }
    };
    let dates = FilingDates {
        requested_on: get("requested_on", &input.requested_on),
        ppid_answered_on: get("ppid_answered_on", &input.ppid_answered_on),
        objected_on: get("objected_on", &input.objected_on),
        objection_answered_on: get("objection_answered_on", &input.objection_answered_on),
    };
    let order: [(
        &'static str,
        Option<NaiveDate>,
        Option<NaiveDate>,
        &'static str,
    ); 3] = [
        (
            "ppid_answered_on",
            dates.requested_on,
            dates.ppid_answered_on,
            "filing.answer_before_request",
        ),
        (
            "objected_on",
            dates.requested_on,
            dates.objected_on,
            "filing.objection_before_request",
        ),
        (
            "objection_answered_on",
            dates.objected_on,
            dates.objection_answered_on,
            "filing.superior_before_objection",
        ),
    ];
    for (field, earlier, later, key) in order {
        if let (Some(a), Some(b)) = (earlier, later) {
            if b < a {
                errors.push((field, key));
            }
        }
    }
    if let (Some(a), Some(o)) = (dates.ppid_answered_on, dates.objected_on) {
        if o < a {
            errors.push(("objected_on", "filing.objection_before_answer"));
        }
    }
    (dates, errors)
}

/// Everything an application must say before it can be filed. `body_known`
/// tells whether the chosen respondent exists.
pub fn check_complete(
    input: &ApplicationInput,
    dates: &FilingDates,
    body_known: bool,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let kind = PetitionerKind::from_code(&input.petitioner_kind);
    if kind.is_none() {
        errors.push(("petitioner_kind", "filing.need_kind"));
    }
    if input.name.trim().is_empty() {
        errors.push(("name", "filing.need_name"));
    }
    if kind == Some(PetitionerKind::LegalEntity) && input.deed.trim().is_empty() {
        errors.push(("deed", "filing.need_deed"));
    }
    if !body_known && input.proposed_body.trim().is_empty() {
        errors.push(("respondent", "filing.need_respondent"));
    }
    if input.subject.trim().is_empty() {
        errors.push(("subject", "filing.need_subject"));
    }
    if dates.requested_on.is_none() {
        errors.push(("requested_on", "filing.need_date"));
    }
    if Channel::from_code(&input.request_channel).is_none() {
        errors.push(("request_channel", "filing.need_channel"));
    }
    if dates.objected_on.is_none() {
        errors.push(("objected_on", "filing.need_date"));
    }
    if input.grounds.is_empty()
        || input
            .grounds
            .iter()
            .any(|g| ObjectionGround::from_code(g).is_none())
    {
        errors.push(("grounds", "filing.need_grounds"));
    }
    if !input.items.iter().any(|i| !i.description.trim().is_empty()) {
        errors.push(("items", "filing.need_items"));
    }
    errors
}

/// Whether an application filed on `today` is within the filing window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timeliness {
    OnTime(Deadline),
    Late(Deadline),
}

impl Timeliness {
    pub fn is_late(&self) -> bool {
        matches!(self, Timeliness::Late(_))
    }

    pub fn deadline(&self) -> &Deadline {
        match self {
            Timeliness::OnTime(d) | Timeliness::Late(d) => d,
        }
    }
    /// How a filing's timeliness is stored: `on_time:` or `late:` and the
    /// last day of the window, or `unknown` while the window is not known.
    pub fn stored(t: Option<&Timeliness>) -> String {
        match t {
            Some(Timeliness::OnTime(d)) => format!("on_time:{}", d.due),
            Some(Timeliness::Late(d)) => format!("late:{}", d.due),
            None => "unknown".to_string(),
        }
    }
}

/// The filing window for these dates, judged on `today`; `None` until the
/// objection date is known.
pub fn timeliness(
    dates: &FilingDates,
    rules: &RuleSet,
    calendar: &WorkingCalendar,
    today: NaiveDate,
) -> Option<Timeliness> {
    let register_dates = RegisterDates {
        objected_on: dates.objected_on,
        objection_answered_on: dates.objection_answered_on,
        ..RegisterDates::default()
    };
    let d = filing_window(&register_dates, rules, calendar)?;
    Some(if today > d.due {
        Timeliness::Late(d)
    } else {
        Timeliness::OnTime(d)
    })
}

/// How an individual who does not want to be named is shown: initials.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .flat_map(|c| c.to_uppercase())
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The name public pages show for a petitioner.
pub fn public_name(kind: PetitionerKind, name: &str, show_name: bool) -> String {
    match kind {
        PetitionerKind::Individual if !show_name => initials(name),
        _ => name.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{default_holidays, WorkingCalendar};
    use crate::domain::deadlines::Unit;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn input() -> ApplicationInput {
        ApplicationInput {
            petitioner_kind: "individual".into(),
            name: "Rini Setiawati".into(),
            respondent: "x".into(),
            subject: "Data mentah".into(),
            requested_on: "2024-01-02".into(),
            request_channel: "email".into(),
            ppid_answered_on: "2024-01-10".into(),
            objected_on: "2024-01-15".into(),
            grounds: vec!["a".into()],
            objection_answered_on: "2024-01-25".into(),
            items: vec![ItemInput {
                description: "Data C1".into(),
                form: ".csv".into(),
            }],
            ..ApplicationInput::default()
        }
    }

    #[test]
    fn dates_in_the_future_or_out_of_order_are_refused_by_field() {
        let today = day(2024, 2, 1);
        let (_, errors) = check_dates(&input(), today);
        assert!(errors.is_empty(), "{errors:?}");
        let mut i = input();
        i.objected_on = "2024-03-01".into();
        i.ppid_answered_on = "2023-12-01".into();
        i.objection_answered_on = "kemarin".into();
        let (_, errors) = check_dates(&i, today);
        assert!(errors.contains(&("objected_on", "filing.date_future")));
        assert!(errors.contains(&("ppid_answered_on", "filing.answer_before_request")));
        assert!(errors.contains(&("objection_answered_on", "filing.date_bad")));
    }

    #[test]
    fn a_complete_application_needs_names_dates_grounds_and_items() {
        let today = day(2024, 2, 1);
        let (dates, _) = check_dates(&input(), today);
        assert!(check_complete(&input(), &dates, true).is_empty());
        let mut i = input();
        i.petitioner_kind = "legal_entity".into();
        i.grounds.clear();
        i.items = vec![ItemInput::default()];
        let errors = check_complete(&i, &dates, false);
        for field in ["deed", "respondent", "grounds", "items"] {
            assert!(
                errors.iter().any(|(f, _)| *f == field),
                "{field}: {errors:?}"
            );
        }
        i.proposed_body = "Dinas Baru".into();
        assert!(!check_complete(&i, &dates, false)
            .iter()
            .any(|(f, _)| *f == "respondent"));
    }

    #[test]
    fn timeliness_counts_fourteen_working_days_from_the_superiors_answer() {
        let cal = WorkingCalendar::new(default_holidays(), true);
        let rules = RuleSet::defaults(Unit::CalendarDays);
        let (dates, _) = check_dates(&input(), day(2024, 2, 1));
        // Answered Thursday 25 January 2024; 14 working days pass over the
        // weekends, Isra Mikraj (8 February), the collective leave of 9
        // February and election day (14 February).
        let t = timeliness(&dates, &rules, &cal, day(2024, 2, 1)).unwrap();
        let due = t.deadline().due;
        assert!(!t.is_late());
        assert_eq!(due, day(2024, 2, 19));
        let late = timeliness(&dates, &rules, &cal, due.succ_opt().unwrap()).unwrap();
        assert!(late.is_late());
        assert_eq!(
            timeliness(&dates, &rules, &cal, due).unwrap(),
            Timeliness::OnTime(t.deadline().clone())
        );
        let mut i = input();
        i.objected_on.clear();
        i.objection_answered_on.clear();
        let (dates, _) = check_dates(&i, day(2024, 2, 1));
        assert_eq!(timeliness(&dates, &rules, &cal, day(2024, 2, 1)), None);
    }

    #[test]
    fn individuals_are_shown_by_initials_unless_they_choose_otherwise() {
        assert_eq!(initials("rini  Setiawati"), "R. S.");
        assert_eq!(
            public_name(PetitionerKind::Individual, "Rini Setiawati", false),
            "R. S."
        );
        assert_eq!(
            public_name(PetitionerKind::Individual, "Rini Setiawati", true),
            "Rini Setiawati"
        );
        assert_eq!(
            public_name(PetitionerKind::LegalEntity, "Yayasan Contoh", false),
            "Yayasan Contoh"
        );
    }
}
