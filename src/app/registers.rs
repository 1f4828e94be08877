//! What staff change on a register's own pages: its status, the follow-up
//! of its decision, and its requested items with claims and findings.

use chrono::NaiveDate;

use super::{invalid, Done, Refusal};
use crate::config::Settings;
use crate::db::write_tx;
use crate::domain::kinds::{Compliance, EventKind};
use crate::domain::status::{check_transition, Status, TransitionInput};
use crate::i18n::Lang;
use crate::mail::compose::{self, Texts};
use crate::models::registers::{self, FieldChange, ItemEdit, RegisterEvent, RequestedItem};
use crate::models::{now, outbox, Conn};
use crate::Error;

/// A move of a register to another status, as staff ask for it.
#[derive(Debug, Clone)]
pub struct ChangeStatus {
    pub register_id: String,
    /// The version the editor saw.
    pub expected_version: i32,
    pub to: Status,
    /// What came with the move; what `to` does not take is left out.
    pub input: TransitionInput,
    pub public_text: Option<String>,
    pub internal_text: Option<String>,
    pub actor: String,
}

/// Moves a register to another status with its timeline event and audit
/// history, and queues the email the move sends to parties and followers.
pub fn change_status(conn: &mut Conn, settings: &Settings, cmd: &ChangeStatus) -> Done {
    write_tx(conn, |conn| {
        let r = registers::find(conn, &cmd.register_id)?.ok_or(Error::NotFound)?;
        let from = Status::from_code(&r.status)
            .ok_or_else(|| Error::bad_code("registers.status", &r.status))?;
        let input = cmd.input.clone().for_move(cmd.to);
        let transition =
            check_transition(from, cmd.to, r.status_since, &input).map_err(Refusal::Transition)?;
        let number = input
            .register_number
            .as_deref()
            .filter(|_| cmd.to == Status::Registered);
        if let Some(number) = number {
            if registers::find_by_number(conn, number)?.is_some_and(|other| other.id != r.id) {
                return Err(Refusal::NumberTaken(number.to_string()).into());
            }
        }
        let notices = compose::status_change(
            conn,
            settings,
            &r,
            &transition,
            number,
            cmd.public_text.as_deref(),
            input.missing.as_deref(),
        )?;
        let at = now();
        let change = registers::StatusChange {
            transition: &transition,
            input: &input,
            expected_version: cmd.expected_version,
            actor: &cmd.actor,
            at,
            public_text: cmd.public_text.clone(),
            internal_text: cmd.internal_text.clone(),
        };
        if !registers::apply_status_change(conn, &r.id, &change)? {
            return Err(Refusal::Conflict.into());
        }
        outbox::queue(conn, &notices, &compose::message_domain(settings), at)?;
        Ok(())
    })
}

/// What staff record after a decision: the day the information is due, and
/// whether the respondent complied, on which day.
#[derive(Debug, Clone)]
pub struct FollowUp {
    pub register_id: String,
    pub expected_version: i32,
    pub disclosure_due_on: Option<NaiveDate>,
    pub compliance: Option<Compliance>,
    pub compliance_on: Option<NaiveDate>,
    pub actor: String,
}

/// Saves the follow-up of a decision; a new due day or a compliance finding
/// is told on the timeline and to parties and followers.
pub fn follow_up(conn: &mut Conn, settings: &Settings, cmd: &FollowUp) -> Done {
    let today = settings.today();
    write_tx(conn, |conn| {
        let r = registers::find(conn, &cmd.register_id)?.ok_or(Error::NotFound)?;
        if !Status::from_code(&r.status).is_some_and(|s| s.has_decision()) {
            return invalid("followup.not_decided");
        }
        if cmd.compliance.is_some() != cmd.compliance_on.is_some() {
            return invalid("followup.needs_date");
        }
        let dated = |key: &'static str, d: NaiveDate| {
            Some(Texts::each(|l| l.fill(key, &[("date", &l.date(d))])))
        };
        let changed = |d: NaiveDate| r.compliance.is_none() || r.compliance_on != Some(d);
        let texts = match (cmd.compliance, cmd.compliance_on) {
            (Some(Compliance::Complied), Some(d)) if changed(d) => {
                dated("followup.complied_text", d)
            }
            (Some(Compliance::NotComplied), Some(d)) if changed(d) => {
                dated("followup.not_complied_text", d)
            }
            _ if cmd.disclosure_due_on != r.disclosure_due_on => cmd
                .disclosure_due_on
                .and_then(|d| dated("followup.due_text", d)),
            _ => None,
        };
        let notices = match &texts {
            Some(t) => compose::event_notices(conn, settings, &r, EventKind::Note.code(), t)?,
            None => Default::default(),
        };
        let at = now();
        let saved = registers::save_follow_up(
            conn,
            &r,
            cmd.expected_version,
            &registers::FollowUp {
                disclosure_due_on: cmd.disclosure_due_on,
                compliance: cmd.compliance.map(|c| c.code().to_string()),
                compliance_on: cmd.compliance_on,
                public_text: texts.map(|t| t.id),
            },
            &cmd.actor,
            at,
            today,
        )?;
        if !saved {
            return Err(Refusal::Conflict.into());
        }
        outbox::queue(conn, &notices, &compose::message_domain(settings), at)?;
        Ok(())
    })
}

/// The requested items of a register as staff save them.
#[derive(Debug, Clone)]
pub struct SaveItems {
    pub register_id: String,
    pub expected_version: i32,
    pub edits: Vec<ItemEdit>,
    pub actor: String,
}

/// Saves the items of a register, with a timeline event for each changed
/// claim or finding and the before and after values in the audit history.
pub fn save_items(conn: &mut Conn, settings: &Settings, cmd: &SaveItems) -> Done {
    let on = settings.today();
    write_tx(conn, |conn| {
        let register_id = cmd.register_id.as_str();
        registers::find(conn, register_id)?.ok_or(Error::NotFound)?;
        let current = registers::items(conn, register_id)?;
        let unknown = cmd
            .edits
            .iter()
            .filter_map(|e| e.id.as_ref())
            .any(|id| !current.iter().any(|i| &i.id == id));
        if unknown {
            return invalid("bad.form");
        }
        let at = now();
        if !registers::bump_version(conn, register_id, cmd.expected_version, at)? {
            return Err(Refusal::Conflict.into());
        }
        let mut next_position = current.iter().map(|i| i.position).max().unwrap_or(0) + 1;
        let mut events: Vec<(EventKind, String)> = Vec::new();
        let mut audit: Vec<(&str, Option<String>, Option<String>)> = Vec::new();
        for edit in &cmd.edits {
            let old = edit
                .id
                .as_ref()
                .and_then(|id| current.iter().find(|i| &i.id == id));
            let item = RequestedItem {
                id: edit.id.clone().unwrap_or_else(crate::db::new_id),
                register_id: register_id.to_string(),
                position: old.map(|o| o.position).unwrap_or(next_position),
                description: edit.description.clone(),
                requested_form: edit.requested_form.clone(),
                claim: edit.claim.clone(),
                claim_ground: edit.claim_ground.clone(),
                finding: edit.finding.clone(),
                finding_withheld: edit.finding_withheld.clone(),
                finding_note: edit.finding_note.clone(),
            };
            let n = item.position;
            let tag = |v: &str| Some(format!("{n}: {v}"));
            if old.is_none() {
                registers::insert_item(conn, &item)?;
                next_position += 1;
                events.push((EventKind::Note, item_added_text(&item)));
                audit.push(("item_description", None, tag(&item.description)));
            }
            let Some(old) = old else { continue };
            registers::update_item(conn, &item)?;
            if old.description != item.description {
                audit.push((
                    "item_description",
                    tag(&old.description),
                    tag(&item.description),
                ));
            }
            if old.claim != item.claim || old.claim_ground != item.claim_ground {
                events.push((EventKind::ClaimRecorded, claim_text(&item)));
                audit.push(("item_claim", tag(&old.claim), tag(&item.claim)));
            }
            if old.finding != item.finding || old.finding_withheld != item.finding_withheld {
                events.push((EventKind::FindingRecorded, finding_text(&item)));
                audit.push(("item_finding", tag(&old.finding), tag(&item.finding)));
            }
        }
        for (kind, text) in events {
            let mut event = RegisterEvent::public(register_id, kind, on, &cmd.actor, text);
            event.recorded_at = at;
            registers::append_event(conn, &event)?;
        }
        for (field, before_value, after_value) in audit {
            registers::insert_field_change(
                conn,
                &FieldChange {
                    id: crate::db::new_id(),
                    register_id: register_id.to_string(),
                    recorded_at: at,
                    actor: cmd.actor.clone(),
                    field: field.to_string(),
                    before_value,
                    after_value,
                },
            )?;
        }
        registers::refresh_search_text(conn, register_id)?;
        Ok(())
    })
}

// The timeline of a register is written in the commission's language.

fn item_added_text(item: &RequestedItem) -> String {
    format!(
        "Informasi yang diminta ditambahkan ({}): {}",
        item.position, item.description
    )
}

fn claim_text(item: &RequestedItem) -> String {
    let ground = item
        .claim_ground
        .as_deref()
        .map(|g| format!(" ({})", Lang::Id.label("ground", g)))
        .unwrap_or_default();
    format!(
        "Informasi {}: klaim termohon {}{ground}.",
        item.position,
        Lang::Id.label("claim", &item.claim).to_lowercase()
    )
}

fn finding_text(item: &RequestedItem) -> String {
    let withheld = item
        .finding_withheld
        .as_deref()
        .map(|w| format!("; dikecualikan: {w}"))
        .unwrap_or_default();
    format!(
        "Informasi {}: temuan majelis {}{withheld}.",
        item.position,
        Lang::Id.label("finding", &item.finding).to_lowercase()
    )
}
