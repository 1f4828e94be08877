//! Applications the registry receives on paper and enters for the
//! petitioner: private until they are checked and registered.

use chrono::NaiveDate;

use super::{invalid, Done};
use crate::db::{new_id, write_tx};
use crate::domain::kinds::{Claim, EventKind, ObjectionGround, PetitionerKind, Track};
use crate::domain::status::Status;
use crate::i18n::Lang;
use crate::models::petitioners::{self, Petitioner};
use crate::models::registers::{self, Register, RegisterEvent, RequestedItem};
use crate::models::{bodies, now, Conn};

/// Who applies, as the paper says.
#[derive(Debug, Clone)]
pub struct Applicant {
    pub kind: PetitionerKind,
    pub display_name: String,
    pub representative_name: Option<String>,
    pub legal_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub identity_number: Option<String>,
    /// The language of the petitioner's emails.
    pub mail_lang: Lang,
}

/// An application received on paper.
#[derive(Debug, Clone)]
pub struct PaperApplication {
    pub applicant: Applicant,
    pub respondent_id: String,
    pub track: Track,
    pub subject: String,
    pub requested_on: Option<NaiveDate>,
    pub ppid_answered_on: Option<NaiveDate>,
    pub objected_on: Option<NaiveDate>,
    pub objection_answered_on: Option<NaiveDate>,
    pub received_on: NaiveDate,
    pub grounds: Vec<ObjectionGround>,
    pub claimed: Claim,
    /// The information requested, one item each.
    pub items: Vec<String>,
    pub actor: String,
}

/// Enters an application received on paper; returns the register's id.
pub fn enter_on_paper(conn: &mut Conn, a: &PaperApplication) -> Done<String> {
    write_tx(conn, |conn| {
        if bodies::find(conn, &a.respondent_id)?.is_none() {
            return invalid("application.need_respondent");
        }
        if a.items.is_empty() {
            return invalid("application.need_items");
        }
        let at = now();
        let p = &a.applicant;
        let petitioner = Petitioner {
            id: new_id(),
            kind: p.kind.code().to_string(),
            display_name: p.display_name.clone(),
            representative_name: p.representative_name.clone(),
            legal_name: p.legal_name.clone(),
            email: p.email.clone(),
            phone: p.phone.clone(),
            address: p.address.clone(),
            identity_number: p.identity_number.clone(),
            created_at: at,
            lang: p.mail_lang.code().to_string(),
            user_id: None,
            deed: None,
        };
        let register = Register {
            id: new_id(),
            number: None,
            number_seq: None,
            number_month: None,
            number_kind: None,
            number_year: None,
            track: a.track.code().to_string(),
            subject: a.subject.clone(),
            petitioner_id: petitioner.id.clone(),
            respondent_id: a.respondent_id.clone(),
            requested_on: a.requested_on,
            ppid_answered_on: a.ppid_answered_on,
            objected_on: a.objected_on,
            objection_answered_on: a.objection_answered_on,
            received_on: a.received_on,
            registered_on: None,
            objection_grounds: a
                .grounds
                .iter()
                .map(|g| g.code())
                .collect::<Vec<_>>()
                .join(","),
            status: Status::Received.code().into(),
            status_since: a.received_on,
            claimed_classification: a.claimed.code().to_string(),
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
        petitioners::insert(conn, &petitioner)?;
        registers::insert(conn, &register)?;
        for (i, line) in a.items.iter().enumerate() {
            registers::insert_item(
                conn,
                &RequestedItem {
                    id: new_id(),
                    register_id: register.id.clone(),
                    position: i as i32 + 1,
                    description: line.clone(),
                    requested_form: String::new(),
                    claim: a.claimed.code().to_string(),
                    claim_ground: None,
                    finding: "undecided".into(),
                    finding_withheld: None,
                    finding_note: None,
                },
            )?;
        }
        registers::append_event(
            conn,
            &RegisterEvent {
                id: new_id(),
                register_id: register.id.clone(),
                kind: EventKind::Received.code().into(),
                from_status: None,
                to_status: Some(Status::Received.code().into()),
                occurred_on: a.received_on,
                recorded_at: at,
                actor: a.actor.clone(),
                public_text: Some("Permohonan sengketa diterima.".into()),
                internal_text: Some(Lang::Id.t("application.entered_on_paper").to_string()),
            },
        )?;
        registers::refresh_search_text(conn, &register.id)?;
        Ok(register.id)
    })
}
