//! Queries behind the feeds, calendars, exports and API: public data only.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::hearings::Hearing;
use super::registers::{filter_registers, Filter};
use super::Conn;
use crate::db::schema::{hearing_registers, hearings, register_events, registers};

/// A public timeline event with the register it belongs to.
#[derive(Debug, Clone, Queryable)]
pub struct FeedEvent {
    pub id: String,
    pub register_id: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub occurred_on: NaiveDate,
    pub recorded_at: NaiveDateTime,
    pub public_text: Option<String>,
    pub number: Option<String>,
    pub subject: String,
}

/// Which registers a feed or calendar covers.
#[derive(Debug, Clone)]
pub enum Scope {
    All,
    Register(String),
    Body(String),
    List(Filter),
}

/// The latest public events of registered disputes in `scope`, newest first.
pub fn recent_events(conn: &mut Conn, scope: &Scope, limit: i64) -> QueryResult<Vec<FeedEvent>> {
    let mut q = register_events::table
        .inner_join(registers::table)
        .filter(registers::registered_on.is_not_null())
        .filter(register_events::public_text.is_not_null())
        .into_boxed();
    q = match scope {
        Scope::All => q,
        Scope::Register(id) => q.filter(register_events::register_id.eq(id.clone())),
        Scope::Body(id) => q.filter(registers::respondent_id.eq(id.clone())),
        Scope::List(f) => filter_registers!(q, f),
    };
    q.order((
        register_events::recorded_at.desc(),
        register_events::id.desc(),
    ))
    .limit(limit)
    .select((
        register_events::id,
        register_events::register_id,
        register_events::kind,
        register_events::from_status,
        register_events::to_status,
        register_events::occurred_on,
        register_events::recorded_at,
        register_events::public_text,
        registers::number,
        registers::subject,
    ))
    .load(conn)
}

/// A hearing for a calendar: the hearing, how often it changed, and the
/// registered disputes it serves (id, number, subject).
pub struct CalendarHearing {
    pub hearing: Hearing,
    pub sequence: i32,
    pub registers: Vec<(String, String, String)>,
}

/// Hearings of registered disputes in `scope` starting from `from`, soonest
/// first, at most `limit`.
pub fn calendar_hearings(
    conn: &mut Conn,
    scope: &Scope,
    from: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<CalendarHearing>> {
    let mut ids_q = hearing_registers::table
        .inner_join(registers::table)
        .inner_join(hearings::table)
        .filter(registers::registered_on.is_not_null())
        .filter(hearings::starts_at.ge(from))
        .select(hearing_registers::hearing_id)
        .distinct()
        .into_boxed();
    ids_q = match scope {
        Scope::All => ids_q,
        Scope::Register(id) => ids_q.filter(registers::id.eq(id.clone())),
        Scope::Body(id) => ids_q.filter(registers::respondent_id.eq(id.clone())),
        Scope::List(f) => filter_registers!(ids_q, f),
    };
    let ids: Vec<String> = ids_q.load(conn)?;
    let rows: Vec<(Hearing, i32)> = hearings::table
        .filter(hearings::id.eq_any(&ids))
        .order((hearings::starts_at.asc(), hearings::id.asc()))
        .limit(limit)
        .select((Hearing::as_select(), hearings::sequence))
        .load(conn)?;
    let shown: Vec<String> = rows.iter().map(|(h, _)| h.id.clone()).collect();
    let links: Vec<(String, String, Option<String>, String)> = hearing_registers::table
        .inner_join(registers::table)
        .filter(hearing_registers::hearing_id.eq_any(&shown))
        .filter(registers::registered_on.is_not_null())
        .order(registers::number.asc())
        .select((
            hearing_registers::hearing_id,
            registers::id,
            registers::number,
            registers::subject,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(hearing, sequence)| CalendarHearing {
            registers: links
                .iter()
                .filter(|(h, ..)| *h == hearing.id)
                .map(|(_, id, number, subject)| {
                    (
                        id.clone(),
                        number.clone().unwrap_or_default(),
                        subject.clone(),
                    )
                })
                .collect(),
            hearing,
            sequence,
        })
        .collect())
}

/// The requested items of a set of registers, in register then item order.
pub fn items_of(
    conn: &mut Conn,
    register_ids: &[String],
) -> QueryResult<Vec<super::registers::RequestedItem>> {
    use crate::db::schema::requested_items;
    requested_items::table
        .filter(requested_items::register_id.eq_any(register_ids))
        .order((
            requested_items::register_id.asc(),
            requested_items::position.asc(),
        ))
        .select(super::registers::RequestedItem::as_select())
        .load(conn)
}

/// The hearings of a set of registers: (register id, hearing), soonest first.
pub fn hearings_of(
    conn: &mut Conn,
    register_ids: &[String],
) -> QueryResult<Vec<(String, Hearing)>> {
    hearing_registers::table
        .inner_join(hearings::table)
        .filter(hearing_registers::register_id.eq_any(register_ids))
        .order((hearings::starts_at.asc(), hearings::id.asc()))
        .select((hearing_registers::register_id, Hearing::as_select()))
        .load(conn)
}

/// Hearings of registered disputes between two instants, with the
/// registers they serve.
pub fn hearings_between(
    conn: &mut Conn,
    from: NaiveDateTime,
    to: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<CalendarHearing>> {
    let mut all = calendar_hearings(conn, &Scope::All, from, limit)?;
    all.retain(|c| c.hearing.starts_at < to);
    Ok(all)
}
