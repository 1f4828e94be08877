//! What public pages are made from, in a few values that change whenever
//! that content changes: a register's version and time of last change
//! (every write of the application touches it, see `touch_register`); a
//! counter of register writes, for pages that show many; and a counter for
//! the reference data every page uses (bodies, the holiday calendar,
//! deadline rules). Triggers raise both counters however the tables are
//! written (migration 000013). A copy of a page made from the same stamp is
//! still current; conditional requests and the page cache compare them.
//! Only equality counts, so clocks that disagree between servers do no
//! harm.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Conn;
use crate::db::schema::{app_meta, registers};

const REFERENCE_KEY: &str = "reference_changed";
const REGISTERS_KEY: &str = "registers_changed";

/// One register's content as of a moment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RegisterStamp {
    pub version: i32,
    pub updated_at: NaiveDateTime,
    pub reference: Option<String>,
}

/// Everything public as of a moment: the counters of register writes and
/// of reference data writes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteStamp {
    pub registers: Option<String>,
    pub reference: Option<String>,
}

/// Marks a register as changed: its timeline, hearings, tests or items.
pub fn touch_register(conn: &mut Conn, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(registers::table.find(id))
        .set(registers::updated_at.eq(at))
        .execute(conn)?;
    Ok(())
}

pub fn reference(conn: &mut Conn) -> QueryResult<Option<String>> {
    app_meta::table
        .find(REFERENCE_KEY)
        .select(app_meta::value)
        .first(conn)
        .optional()
}

/// The stamp of a register, `None` when there is no such register.
pub fn register(conn: &mut Conn, id: &str) -> QueryResult<Option<RegisterStamp>> {
    let row: Option<(i32, NaiveDateTime, Option<String>)> = registers::table
        .left_join(app_meta::table.on(app_meta::key.eq(REFERENCE_KEY)))
        .filter(registers::id.eq(id))
        .select((
            registers::version,
            registers::updated_at,
            app_meta::value.nullable(),
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(version, updated_at, reference)| RegisterStamp {
        version,
        updated_at,
        reference,
    }))
}

/// The stamp of everything public: two key lookups in one query.
pub fn site(conn: &mut Conn) -> QueryResult<SiteStamp> {
    let rows: Vec<(String, String)> = app_meta::table
        .filter(app_meta::key.eq_any([REGISTERS_KEY, REFERENCE_KEY]))
        .select((app_meta::key, app_meta::value))
        .load(conn)?;
    let of = |key: &str| rows.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    Ok(SiteStamp {
        registers: of(REGISTERS_KEY),
        reference: of(REFERENCE_KEY),
    })
}
