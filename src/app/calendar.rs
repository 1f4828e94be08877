//! The holiday calendar administrators keep: a day added, renamed or
//! removed, or a whole year replaced from a file. Deadlines follow at
//! once: they are computed from the table whenever they are shown.

use crate::db::write_tx;
use crate::domain::calendar::Holiday;
use crate::models::{calendar, now, Conn};

/// Adds a day off, or renames and re-kinds the one on that date.
pub fn save_day(conn: &mut Conn, day: &Holiday, actor: &str) -> crate::Result<()> {
    Ok(write_tx(conn, |conn| {
        calendar::save_holiday(conn, day, actor, now())
    })?)
}

/// Removes the day off on `date`; `false` when there was none.
pub fn remove_day(conn: &mut Conn, date: chrono::NaiveDate, actor: &str) -> crate::Result<bool> {
    Ok(write_tx(conn, |conn| {
        calendar::remove_holiday(conn, date, actor, now())
    })?)
}

/// Replaces every day off of `year` with `days`, all or nothing.
pub fn replace_year(
    conn: &mut Conn,
    year: i32,
    days: &[Holiday],
    actor: &str,
) -> crate::Result<()> {
    Ok(write_tx(conn, |conn| {
        calendar::replace_year(conn, year, days, actor, now())
    })?)
}
