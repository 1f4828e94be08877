//! Hearings; one hearing may serve several registers.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Conn;
use crate::db::schema::{hearing_registers, hearings, registers};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = hearings)]
pub struct Hearing {
    pub id: String,
    pub starts_at: NaiveDateTime,
    pub time_zone: String,
    pub kind: String,
    pub room: String,
    pub openness: String,
    pub state: String,
    pub state_reason: Option<String>,
    pub summary: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub attendance: Option<String>,
}

pub fn insert(conn: &mut Conn, hearing: &Hearing, register_ids: &[String]) -> QueryResult<()> {
    diesel::insert_into(hearings::table)
        .values(hearing)
        .execute(conn)?;
    for register_id in register_ids {
        diesel::insert_into(hearing_registers::table)
            .values((
                hearing_registers::hearing_id.eq(&hearing.id),
                hearing_registers::register_id.eq(register_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn for_register(conn: &mut Conn, register_id: &str) -> QueryResult<Vec<Hearing>> {
    hearings::table
        .inner_join(hearing_registers::table)
        .filter(hearing_registers::register_id.eq(register_id))
        .order((hearings::starts_at.asc(), hearings::id.asc()))
        .select(Hearing::as_select())
        .load(conn)
}

/// Hearings from `from` on, soonest first.
pub fn upcoming(conn: &mut Conn, from: NaiveDateTime, limit: i64) -> QueryResult<Vec<Hearing>> {
    hearings::table
        .filter(hearings::starts_at.ge(from))
        .order((hearings::starts_at.asc(), hearings::id.asc()))
        .limit(limit)
        .select(Hearing::as_select())
        .load(conn)
}

/// Hearings before `before`, latest first.
pub fn past(conn: &mut Conn, before: NaiveDateTime, limit: i64) -> QueryResult<Vec<Hearing>> {
    hearings::table
        .filter(hearings::starts_at.lt(before))
        .order((hearings::starts_at.desc(), hearings::id.desc()))
        .limit(limit)
        .select(Hearing::as_select())
        .load(conn)
}

/// For each hearing, the public registers it serves: (hearing id, register id, number).
pub fn register_links(
    conn: &mut Conn,
    hearing_ids: &[String],
) -> QueryResult<Vec<(String, String, Option<String>)>> {
    hearing_registers::table
        .inner_join(registers::table)
        .filter(hearing_registers::hearing_id.eq_any(hearing_ids))
        .filter(registers::registered_on.is_not_null())
        .order(registers::number.asc())
        .select((
            hearing_registers::hearing_id,
            registers::id,
            registers::number,
        ))
        .load(conn)
}

pub fn find(conn: &mut Conn, id: &str) -> QueryResult<Option<Hearing>> {
    hearings::table
        .find(id)
        .select(Hearing::as_select())
        .first(conn)
        .optional()
}

/// Every register a hearing serves, registered or not.
pub fn register_ids(conn: &mut Conn, hearing_id: &str) -> QueryResult<Vec<String>> {
    hearing_registers::table
        .filter(hearing_registers::hearing_id.eq(hearing_id))
        .select(hearing_registers::register_id)
        .load(conn)
}

/// Saves the details and state of a hearing and which registers it serves.
pub fn update(conn: &mut Conn, hearing: &Hearing, register_ids: &[String]) -> QueryResult<()> {
    diesel::update(hearings::table.find(&hearing.id))
        .set((
            hearings::starts_at.eq(hearing.starts_at),
            hearings::time_zone.eq(&hearing.time_zone),
            hearings::kind.eq(&hearing.kind),
            hearings::room.eq(&hearing.room),
            hearings::openness.eq(&hearing.openness),
            hearings::state.eq(&hearing.state),
            hearings::state_reason.eq(&hearing.state_reason),
            hearings::summary.eq(&hearing.summary),
            hearings::attendance.eq(&hearing.attendance),
            hearings::updated_at.eq(hearing.updated_at),
            hearings::sequence.eq(hearings::sequence + 1),
        ))
        .execute(conn)?;
    diesel::delete(hearing_registers::table.filter(hearing_registers::hearing_id.eq(&hearing.id)))
        .execute(conn)?;
    for register_id in register_ids {
        diesel::insert_into(hearing_registers::table)
            .values((
                hearing_registers::hearing_id.eq(&hearing.id),
                hearing_registers::register_id.eq(register_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}
