//! Applications petitioners file online from their drafts.

use crate::config::Settings;
use crate::db::{new_id, write_tx};
use crate::domain::filing::{public_name, timeliness, ApplicationInput, FilingDates, Timeliness};
use crate::domain::kinds::{EventKind, PetitionerKind, Track};
use crate::domain::status::Status;
use crate::i18n::Lang;
use crate::models::filings::{self, Filing, NewApplication};
use crate::models::petitioners::Petitioner;
use crate::models::registers::{Register, RegisterEvent};
use crate::models::{bodies, calendar, now, Conn};

/// The signed-in petitioner who files.
#[derive(Debug, Clone)]
pub struct Filer {
    pub user_id: String,
    pub email: String,
    /// The language of their emails.
    pub lang: String,
}

/// Files a complete draft as an application: the register, its items,
/// its filing facts and first event, the draft's documents moved to it and
/// the draft removed, all or nothing. Returns the register's id.
pub fn file_online(
    conn: &mut Conn,
    settings: &Settings,
    filer: &Filer,
    draft_id: &str,
    input: &ApplicationInput,
    dates: FilingDates,
) -> crate::Result<String> {
    write_tx(conn, |conn| {
        file_in(conn, settings, filer, draft_id, input, dates)
    })
}

fn file_in(
    conn: &mut Conn,
    settings: &Settings,
    filer: &Filer,
    draft_id: &str,
    input: &ApplicationInput,
    dates: FilingDates,
) -> crate::Result<String> {
    let at = now();
    let today = settings.today();
    let kind =
        PetitionerKind::from_code(&input.petitioner_kind).unwrap_or(PetitionerKind::Individual);
    let cal = calendar::working_calendar(conn, settings.collective_leave_is_day_off)?;
    let rules = calendar::rules(conn, Track::Regular)?;
    let t = timeliness(&dates, &rules, &cal, today);
    let filed_late = t.as_ref().is_some_and(Timeliness::is_late);
    let timeliness_code = Timeliness::stored(t.as_ref());
    let note = t.as_ref().filter(|t| t.is_late()).map(|t| {
        let due = t.deadline().due;
        Lang::Id.fill("filing.late_note", &[("date", &Lang::Id.date(due))])
    });
    let petitioner = Petitioner {
        id: new_id(),
        kind: kind.code().into(),
        display_name: public_name(kind, &input.name, input.show_name),
        representative_name: Some(input.representative.clone()).filter(|r| !r.is_empty()),
        legal_name: input.name.clone(),
        email: Some(filer.email.clone()),
        phone: Some(input.phone.clone()).filter(|v| !v.is_empty()),
        address: Some(input.address.clone()).filter(|v| !v.is_empty()),
        identity_number: Some(input.identity_number.clone()).filter(|v| !v.is_empty()),
        created_at: at,
        lang: filer.lang.clone(),
        user_id: Some(filer.user_id.clone()),
        deed: Some(input.deed.clone()).filter(|v| !v.is_empty()),
    };
    // Public timelines name who acted: a petitioner as the public sees them.
    let actor = petitioner.display_name.clone();
    let register_id = new_id();
    let register = Register {
        id: register_id.clone(),
        number: None,
        number_seq: None,
        number_month: None,
        number_kind: None,
        number_year: None,
        track: Track::Regular.code().into(),
        subject: input.subject.clone(),
        petitioner_id: petitioner.id.clone(),
        respondent_id: input.respondent.clone(),
        requested_on: dates.requested_on,
        ppid_answered_on: dates.ppid_answered_on,
        objected_on: dates.objected_on,
        objection_answered_on: dates.objection_answered_on,
        received_on: today,
        registered_on: None,
        objection_grounds: input.grounds.join(","),
        status: Status::Received.code().into(),
        status_since: today,
        claimed_classification: "undecided".into(),
        outcome: None,
        decision_number: None,
        decided_on: None,
        disclosure_due_on: None,
        version: 1,
        search_text: String::new(),
        created_at: at,
        updated_at: at,
        compliance: None,
        compliance_on: None,
    };
    let body_known = bodies::confirmed(conn)?
        .iter()
        .any(|b| b.id == input.respondent);
    let app = NewApplication {
        petitioner,
        proposed_body: (!body_known).then(|| input.proposed_body.clone()),
        register,
        items: input
            .items
            .iter()
            .filter(|i| !i.description.is_empty())
            .map(|i| (i.description.clone(), i.form.clone()))
            .collect(),
        filing: Filing {
            register_id: register_id.clone(),
            request_channel: input.request_channel.clone(),
            filed_late,
            timeliness: timeliness_code,
            completed_on: None,
            completion_note: None,
            withdrawal_requested_on: None,
            withdrawal_reason: None,
        },
        draft_id: draft_id.to_string(),
        event: RegisterEvent {
            id: new_id(),
            register_id: register_id.clone(),
            kind: EventKind::Received.code().into(),
            from_status: None,
            to_status: Some(Status::Received.code().into()),
            occurred_on: today,
            recorded_at: at,
            actor,
            public_text: Some(Lang::Id.t("filing.received_text").to_string()),
            internal_text: Some(match note {
                Some(n) => format!("{} {n}", Lang::Id.t("filing.filed_online")),
                None => Lang::Id.t("filing.filed_online").to_string(),
            }),
        },
    };
    Ok(filings::file(conn, app)?)
}
