//! Applications petitioners file online: drafts with their documents, the
//! filing itself, what completes an incomplete one, and a withdrawal.

use super::{invalid, Done};
use crate::config::Settings;
use crate::db::{new_id, write_tx};
use crate::domain::filing::{
    public_name, timeliness, ApplicationInput, DocumentKind, FilingDates, Timeliness,
};
use crate::domain::kinds::{EventKind, PetitionerKind, Track};
use crate::domain::status::Status;
use crate::files::{self, Upload};
use crate::i18n::Lang;
use crate::mail::compose;
use crate::models::attachments::{self, Attachment};
use crate::models::filings::{self, Filing, NewApplication};
use crate::models::petitioners::Petitioner;
use crate::models::registers::{self, Register, RegisterEvent};
use crate::models::{bodies, calendar, drafts, now, outbox, Conn};

/// The signed-in petitioner who files.
#[derive(Debug, Clone)]
pub struct Filer {
    pub user_id: String,
    pub email: String,
    /// The language of their emails.
    pub lang: String,
}

impl From<&crate::models::users::User> for Filer {
    fn from(user: &crate::models::users::User) -> Filer {
        Filer {
            user_id: user.id.clone(),
            email: user.email.clone(),
            lang: user.lang.clone(),
        }
    }
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

/// Keeps the accepted files of a form as attachments of a draft or of a
/// register, each under the document kind its field names; a draft's
/// earlier file of the same kind is replaced. Returns the fields whose file
/// has no kind, with the message key saying so.
pub fn keep_files(
    conn: &mut Conn,
    settings: &Settings,
    owner: &str,
    draft_id: Option<&str>,
    register_id: Option<&str>,
    files: &mut [Upload],
    kind_of: impl Fn(&str) -> Option<DocumentKind>,
) -> crate::Result<Vec<(String, &'static str)>> {
    let mut refused = Vec::new();
    let earlier = match draft_id {
        Some(d) => attachments::of_draft(conn, d)?,
        None => Vec::new(),
    };
    for f in files {
        let Some(kind) = kind_of(&f.field) else {
            refused.push((f.field.clone(), "upload.bad_field"));
            continue;
        };
        for old in earlier.iter().filter(|a| a.kind == kind.code()) {
            attachments::delete(conn, &old.id)?;
            files::remove(&settings.files_dir, &old.id);
        }
        let a = Attachment {
            id: new_id(),
            owner_id: owner.to_string(),
            draft_id: draft_id.map(str::to_string),
            register_id: register_id.map(str::to_string),
            kind: kind.code().to_string(),
            filename: f.filename.clone(),
            content_type: f.content_type.to_string(),
            size: f.size as i64,
            created_at: now(),
        };
        files::keep(&settings.files_dir, &a.id, f)?;
        attachments::insert(conn, &a)?;
    }
    Ok(refused)
}

/// Saves what a draft holds and keeps the files that came with it, so that
/// a refused file or a missing field loses nothing; returns the fields
/// whose file was not kept.
pub fn save_draft(
    conn: &mut Conn,
    settings: &Settings,
    owner: &str,
    draft_id: &str,
    input: &ApplicationInput,
    files: &mut [Upload],
) -> crate::Result<Vec<(String, &'static str)>> {
    let data = serde_json::to_string(input).map_err(|e| crate::Error::Internal(e.to_string()))?;
    write_tx(conn, |conn| {
        drafts::find_for(conn, owner, draft_id)?.ok_or(crate::Error::NotFound)?;
        drafts::save(conn, draft_id, &data, now())?;
        keep_files(
            conn,
            settings,
            owner,
            Some(draft_id),
            None,
            files,
            |field| field.strip_prefix("doc_").and_then(DocumentKind::from_code),
        )
    })
}

/// Removes a draft and its files.
pub fn delete_draft(
    conn: &mut Conn,
    settings: &Settings,
    owner: &str,
    draft_id: &str,
) -> crate::Result<()> {
    let files = write_tx(conn, |conn| {
        drafts::find_for(conn, owner, draft_id)?.ok_or(crate::Error::NotFound)?;
        let files = attachments::of_draft(conn, draft_id)?;
        drafts::delete(conn, draft_id)?;
        Ok::<_, crate::Error>(files)
    })?;
    for a in files {
        files::remove(&settings.files_dir, &a.id);
    }
    Ok(())
}

/// What the petitioner sends to complete an incomplete application.
pub struct Completion<'a> {
    pub register: &'a Register,
    pub owner: String,
    pub files: &'a mut [Upload],
    pub note: Option<String>,
}

/// Keeps the documents and note that complete an application, tells the
/// registry, and records it on the internal timeline.
pub fn complete(conn: &mut Conn, settings: &Settings, c: Completion) -> Done {
    let r = c.register;
    if r.status != Status::Incomplete.code() {
        return invalid("my.not_incomplete");
    }
    if c.files.is_empty() && c.note.is_none() {
        return invalid("my.need_something");
    }
    let today = settings.today();
    let text = Lang::Id.fill(
        "my.completed_text",
        &[
            ("files", &c.files.len().to_string()),
            ("note", c.note.as_deref().unwrap_or("")),
        ],
    );
    write_tx(conn, |conn| {
        let actor = public_actor(conn, r)?;
        let mail = compose::to_staff(conn, settings, r, "mail.completed_subject", &text)?;
        keep_files(conn, settings, &c.owner, None, Some(&r.id), c.files, |_| {
            Some(DocumentKind::Supplement)
        })?;
        filings::mark_completed(conn, &r.id, today, c.note.as_deref())?;
        tell_staff(conn, settings, &r.id, today, &actor, &text, &mail)?;
        Ok(())
    })
}

/// The petitioner asks to withdraw before the decision; staff confirm it
/// with the status change to "withdrawn". A second request changes nothing.
pub fn request_withdrawal(
    conn: &mut Conn,
    settings: &Settings,
    r: &Register,
    reason: &str,
) -> Done {
    let status = Status::from_code(&r.status).unwrap_or(Status::Received);
    if status.has_decision() || status.is_terminal() {
        return invalid("my.too_late_to_withdraw");
    }
    let today = settings.today();
    let text = Lang::Id.fill("my.withdrawal_text", &[("reason", reason)]);
    write_tx(conn, |conn| {
        if !filings::request_withdrawal(conn, &r.id, today, reason)? {
            return Ok(());
        }
        let actor = public_actor(conn, r)?;
        let mail = compose::to_staff(conn, settings, r, "mail.withdrawal_subject", &text)?;
        tell_staff(conn, settings, &r.id, today, &actor, &text, &mail)?;
        Ok(())
    })
}

/// Records what the petitioner did as an internal note and queues the
/// staff's emails about it, in the caller's transaction.
fn tell_staff(
    conn: &mut Conn,
    settings: &Settings,
    register_id: &str,
    on: chrono::NaiveDate,
    actor: &str,
    text: &str,
    mail: &[outbox::NewMessage],
) -> crate::Result<()> {
    let event = RegisterEvent {
        internal_text: Some(text.to_string()),
        public_text: None,
        ..RegisterEvent::public(register_id, EventKind::Note, on, actor, String::new())
    };
    registers::append_event(conn, &event)?;
    outbox::enqueue(conn, mail, &compose::message_domain(settings), now())?;
    Ok(())
}

/// How the petitioner of `r` is named where anyone may read.
fn public_actor(conn: &mut Conn, r: &Register) -> crate::Result<String> {
    Ok(crate::models::petitioners::public(conn, &r.petitioner_id)?
        .map(|p| p.display_name)
        .unwrap_or_default())
}
