//! Hearings as the registry keeps them: scheduled for one or more
//! registers, edited, and moved through their states (held, postponed,
//! cancelled), each step told on the registers' timelines and by email.

use chrono::NaiveDateTime;
use chrono_tz::Tz;

use super::{invalid, Done};
use crate::config::Settings;
use crate::db::{new_id, write_tx};
use crate::domain::calendar::local_time;
use crate::domain::kinds::{EventKind, HearingKind, HearingState, Openness};
use crate::domain::status::{check_hearing_change, HearingChangeError};
use crate::i18n::Lang;
use crate::mail::compose::{queue_event, Texts};
use crate::models::hearings::{self, Hearing};
use crate::models::registers::{self, RegisterEvent};
use crate::models::{now, Conn};
use crate::Error;

/// When and where a hearing sits, and for which registers.
#[derive(Debug, Clone)]
pub struct Sitting {
    pub starts_at: NaiveDateTime,
    pub kind: HearingKind,
    pub openness: Openness,
    pub room: String,
    pub registers: Vec<String>,
}

/// Hearings are for registered registers: an application is checked and
/// registered first.
fn check_registers(conn: &mut Conn, ids: &[String]) -> Done {
    if ids.is_empty() {
        return invalid("hearing.no_registers");
    }
    for id in ids {
        match registers::find(conn, id)? {
            None => return invalid("hearing.no_registers"),
            Some(r) if r.registered_on.is_none() => return invalid("hearing.not_registered"),
            Some(_) => {}
        }
    }
    Ok(())
}

/// Schedules a hearing; returns its id.
pub fn schedule(conn: &mut Conn, settings: &Settings, s: &Sitting, actor: &str) -> Done<String> {
    let tz = settings.time_zone;
    write_tx(conn, |conn| {
        check_registers(conn, &s.registers)?;
        let at = now();
        let hearing = Hearing {
            id: new_id(),
            starts_at: s.starts_at,
            time_zone: tz.name().to_string(),
            kind: s.kind.code().to_string(),
            room: s.room.clone(),
            openness: s.openness.code().to_string(),
            state: HearingState::Scheduled.code().to_string(),
            state_reason: None,
            summary: None,
            created_at: at,
            updated_at: at,
            attendance: None,
        };
        hearings::insert(conn, &hearing, &s.registers)?;
        let on = local_time(at, tz.name(), tz).date_naive();
        tell_scheduled(conn, settings, &hearing, &s.registers, on, actor)?;
        Ok(hearing.id)
    })
}

/// A new hearing on each register's timeline and in its parties' and
/// followers' mail.
fn tell_scheduled(
    conn: &mut Conn,
    settings: &Settings,
    hearing: &Hearing,
    register_ids: &[String],
    on: chrono::NaiveDate,
    actor: &str,
) -> Done {
    let tz = settings.time_zone;
    let texts = Texts::each(|l| {
        l.fill(
            "hearing.scheduled_text",
            &[("hearing", &describe(l, hearing, tz))],
        )
    });
    for id in register_ids {
        let event =
            RegisterEvent::public(id, EventKind::HearingScheduled, on, actor, texts.id.clone());
        registers::append_event(conn, &event)?;
        queue_event(conn, settings, id, EventKind::HearingScheduled, &texts)?;
    }
    Ok(())
}

/// Changes when, where or for whom a hearing sits, with the before and
/// after of each register it serves or served in the audit history.
pub fn edit(
    conn: &mut Conn,
    settings: &Settings,
    hearing_id: &str,
    s: &Sitting,
    actor: &str,
) -> Done {
    let tz = settings.time_zone;
    write_tx(conn, |conn| {
        let mut h = hearings::find(conn, hearing_id)?.ok_or(Error::NotFound)?;
        let before = h.clone();
        let before_registers = hearings::register_ids(conn, &h.id)?;
        check_registers(conn, &s.registers)?;
        h.starts_at = s.starts_at;
        h.kind = s.kind.code().to_string();
        h.openness = s.openness.code().to_string();
        h.room = s.room.clone();
        h.updated_at = now();
        let full = |x: &Hearing| {
            format!(
                "{} · {} · {}",
                describe(Lang::Id, x, tz),
                x.room,
                x.openness
            )
        };
        hearings::update(conn, &h, &s.registers)?;
        let mut touched = before_registers.clone();
        touched.extend(
            s.registers
                .iter()
                .filter(|r| !before_registers.contains(r))
                .cloned(),
        );
        for rid in &touched {
            let was = before_registers.contains(rid).then(|| full(&before));
            let is = s.registers.contains(rid).then(|| full(&h));
            registers::record_field(conn, rid, actor, h.updated_at, "hearing", (was, is))?;
        }
        Ok(())
    })
}

/// A hearing moved to another state, as staff record it.
#[derive(Debug, Clone)]
pub struct ChangeState {
    pub hearing_id: String,
    pub to: HearingState,
    /// Why it was postponed or cancelled.
    pub reason: Option<String>,
    /// What happened at a hearing held, and who came.
    pub summary: Option<String>,
    pub attendance: Option<String>,
    /// The new start of a postponed hearing, when it is known already.
    pub rescheduled: Option<NaiveDateTime>,
    pub actor: String,
}

/// Records what became of a hearing on each register it serves; a
/// postponement with a new start schedules the hearing that follows.
pub fn change_state(conn: &mut Conn, settings: &Settings, cmd: &ChangeState) -> Done {
    let tz = settings.time_zone;
    write_tx(conn, |conn| {
        let h = hearings::find(conn, &cmd.hearing_id)?.ok_or(Error::NotFound)?;
        let register_ids = hearings::register_ids(conn, &h.id)?;
        let from = HearingState::from_code(&h.state)
            .ok_or_else(|| Error::bad_code("hearings.state", &h.state))?;
        match check_hearing_change(from, cmd.to, cmd.reason.as_deref()) {
            Ok(()) => {}
            Err(HearingChangeError::NeedsReason) => return invalid("hearing.needs_reason"),
            Err(HearingChangeError::NotAllowed { .. }) => return invalid("hearing.bad_state"),
        }
        if cmd.rescheduled.is_some() && cmd.to != HearingState::Postponed {
            return invalid("hearing.bad_time");
        }
        let at = now();
        let mut updated = h.clone();
        updated.state = cmd.to.code().to_string();
        updated.updated_at = at;
        match cmd.to {
            HearingState::Postponed | HearingState::Cancelled => {
                updated.state_reason = cmd.reason.clone()
            }
            HearingState::Held => {
                updated.summary = cmd.summary.clone();
                updated.attendance = cmd.attendance.clone();
            }
            HearingState::Scheduled => updated.state_reason = None,
        }
        let on = local_time(h.starts_at, &h.time_zone, tz).date_naive();
        let what_in = |l: Lang| describe(l, &h, tz);
        let what = what_in(Lang::Id);
        hearings::update(conn, &updated, &register_ids)?;
        let with_reason =
            |l: Lang| format!("{}: {}", what_in(l), cmd.reason.clone().unwrap_or_default());
        let (kind, texts) = match cmd.to {
            HearingState::Held => (
                EventKind::HearingHeld,
                Texts::each(|l| match &cmd.summary {
                    Some(s) => format!("{}: {s}", what_in(l)),
                    None => what_in(l),
                }),
            ),
            HearingState::Postponed => (EventKind::HearingPostponed, Texts::each(with_reason)),
            HearingState::Cancelled => (EventKind::HearingCancelled, Texts::each(with_reason)),
            HearingState::Scheduled => (EventKind::HearingScheduled, Texts::each(what_in)),
        };
        for rid in &register_ids {
            let event = RegisterEvent::public(rid, kind, on, &cmd.actor, texts.id.clone());
            registers::append_event(conn, &event)?;
            queue_event(conn, settings, rid, kind, &texts)?;
            let before = format!("{what}: {}", h.state);
            let after = format!("{what}: {}", updated.state);
            registers::record_field(
                conn,
                rid,
                &cmd.actor,
                at,
                "hearing",
                (Some(before), Some(after)),
            )?;
        }
        if let Some(starts_at) = cmd.rescheduled {
            let next = Hearing {
                id: new_id(),
                starts_at,
                state: HearingState::Scheduled.code().to_string(),
                state_reason: None,
                summary: None,
                attendance: None,
                created_at: at,
                updated_at: at,
                ..h.clone()
            };
            hearings::insert(conn, &next, &register_ids)?;
            tell_scheduled(conn, settings, &next, &register_ids, on, &cmd.actor)?;
        }
        Ok(())
    })
}

/// "Pemeriksaan awal I, Senin, 5 Maret 2024, 09.00 WIB".
pub fn describe(lang: Lang, h: &Hearing, tz: Tz) -> String {
    let local = local_time(h.starts_at, &h.time_zone, tz);
    let day = local.date_naive();
    format!(
        "{}, {}, {} {}",
        lang.label("hearing_kind", &h.kind),
        lang.weekday(day),
        lang.date(day),
        local.format(if lang == Lang::Id {
            "%H.%M %Z"
        } else {
            "%H:%M %Z"
        })
    )
}
