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

/// Whether a hearing serves at least one registered register: a hearing
/// scheduled for an application not yet registered is nobody's business
/// but the registry's, and appears in no schedule.
fn serves_a_register() -> diesel::expression::SqlLiteral<diesel::sql_types::Bool> {
    diesel::dsl::sql::<diesel::sql_types::Bool>(
        "EXISTS (SELECT 1 FROM hearing_registers hr \
         JOIN registers r ON r.id = hr.register_id \
         WHERE hr.hearing_id = hearings.id AND r.registered_on IS NOT NULL)",
    )
}

/// Hearings of registered registers from `from` on, soonest first.
pub fn upcoming(conn: &mut Conn, from: NaiveDateTime, limit: i64) -> QueryResult<Vec<Hearing>> {
    hearings::table
        .filter(hearings::starts_at.ge(from))
        .filter(serves_a_register())
        .order((hearings::starts_at.asc(), hearings::id.asc()))
        .limit(limit)
        .select(Hearing::as_select())
        .load(conn)
}

/// A place in the hearing schedule: a hearing's start and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub starts_at: NaiveDateTime,
    pub id: String,
}

impl Position {
    pub fn of(h: &Hearing) -> Position {
        Position {
            starts_at: h.starts_at,
            id: h.id.clone(),
        }
    }

    /// `NANOSECONDS_ID`, safe in an address: the start as stored, to the
    /// last digit, so that the page after it starts exactly after it.
    pub fn encode(&self) -> String {
        let t = self.starts_at.and_utc();
        let nanos = t
            .timestamp_nanos_opt()
            .unwrap_or(t.timestamp_micros().saturating_mul(1000));
        format!("{nanos}_{}", self.id)
    }

    pub fn decode(raw: &str) -> Option<Position> {
        let (nanos, id) = raw.split_once('_')?;
        let starts_at = chrono::DateTime::from_timestamp_nanos(nanos.parse().ok()?).naive_utc();
        let valid_id = !id.is_empty()
            && id.len() <= 64
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        valid_id.then(|| Position {
            starts_at,
            id: id.to_string(),
        })
    }
}

/// Hearings of registered registers after a place in the schedule,
/// soonest first.
pub fn after(conn: &mut Conn, at: &Position, limit: i64) -> QueryResult<Vec<Hearing>> {
    from_position(conn, at, true, limit)
}

/// Hearings of registered registers before a place in the schedule,
/// latest first.
pub fn before(conn: &mut Conn, at: &Position, limit: i64) -> QueryResult<Vec<Hearing>> {
    from_position(conn, at, false, limit)
}

/// Hearings on one side of a place, nearest first: a row value, so that the
/// walk down `hearings_starts` begins right at the place.
fn from_position(
    conn: &mut Conn,
    at: &Position,
    later: bool,
    limit: i64,
) -> QueryResult<Vec<Hearing>> {
    use diesel::dsl::sql;
    use diesel::sql_types::{Bool, Text, Timestamp};
    let op = if later { ">" } else { "<" };
    let q = hearings::table
        .filter(
            sql::<Bool>(&format!(
                "(\"hearings\".\"starts_at\", \"hearings\".\"id\") {op} ("
            ))
            .bind::<Timestamp, _>(at.starts_at)
            .sql(", ")
            .bind::<Text, _>(at.id.clone())
            .sql(")"),
        )
        .filter(serves_a_register())
        .limit(limit)
        .select(Hearing::as_select());
    if later {
        q.order((hearings::starts_at.asc(), hearings::id.asc()))
            .load(conn)
    } else {
        q.order((hearings::starts_at.desc(), hearings::id.desc()))
            .load(conn)
    }
}

/// Hearings of registered registers before `before`, latest first.
pub fn past(conn: &mut Conn, before: NaiveDateTime, limit: i64) -> QueryResult<Vec<Hearing>> {
    hearings::table
        .filter(hearings::starts_at.lt(before))
        .filter(serves_a_register())
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
    // A register the hearing no longer serves shows it no more.
    for before in self::register_ids(conn, &hearing.id)? {
        if !register_ids.contains(&before) {
            super::stamps::touch_register(conn, &before, hearing.updated_at)?;
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_read_back_and_refuse_junk() {
        let p = Position {
            starts_at: chrono::NaiveDate::from_ymd_opt(2024, 3, 13)
                .unwrap()
                .and_hms_nano_opt(2, 30, 0, 125_000_001)
                .unwrap(),
            id: "0190-abc".into(),
        };
        assert_eq!(Position::decode(&p.encode()), Some(p));
        for bad in [
            "",
            "_x",
            "12",
            "x_abc",
            "1_",
            "1_a'b",
            "99999999999999999999_a",
        ] {
            assert_eq!(Position::decode(bad), None, "{bad}");
        }
    }
}
