//! Notices: public events waiting to be told to the followers of a
//! register, and the digest entries they become for daily-digest follows.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::follows::Follow;
use super::Conn;
use crate::db::schema::{digest_entries, follows, notices};

/// The kind of a notice that tells a status change.
pub const STATUS: &str = "status";
/// The kind of a hearing reminder; immediate followers only.
pub const REMINDER: &str = "reminder";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = notices)]
pub struct Notice {
    pub id: String,
    pub register_id: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub occurred_on: NaiveDate,
    pub text_id: Option<String>,
    pub text_en: Option<String>,
    pub created_at: NaiveDateTime,
    pub fanned_out_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut Conn, n: &Notice) -> QueryResult<()> {
    diesel::insert_into(notices::table)
        .values(n)
        .execute(conn)
        .map(|_| ())
}

/// Notices not yet expanded, oldest first.
pub fn waiting(conn: &mut Conn, limit: i64) -> QueryResult<Vec<Notice>> {
    notices::table
        .filter(notices::fanned_out_at.is_null())
        .order((notices::created_at.asc(), notices::id.asc()))
        .limit(limit)
        .select(Notice::as_select())
        .load(conn)
}

/// Marks a notice expanded; `false` when another worker did it first. Call
/// it first in the transaction that expands the notice: on PostgreSQL the
/// row lock makes a second worker wait, then find it done.
pub fn take(conn: &mut Conn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        notices::table
            .filter(notices::id.eq(id))
            .filter(notices::fanned_out_at.is_null()),
    )
    .set(notices::fanned_out_at.eq(at))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn add_digest_entry(
    conn: &mut Conn,
    follow_id: &str,
    notice_id: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(digest_entries::table)
        .values((
            digest_entries::id.eq(crate::db::new_id()),
            digest_entries::follow_id.eq(follow_id),
            digest_entries::notice_id.eq(notice_id),
            digest_entries::created_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Addresses with digest entries waiting.
pub fn digest_addresses(conn: &mut Conn) -> QueryResult<Vec<String>> {
    digest_entries::table
        .inner_join(follows::table)
        .select(follows::email)
        .distinct()
        .order(follows::email.asc())
        .load(conn)
}

/// An entry of a digest: which follow, which notice.
pub struct DigestEntry {
    pub id: String,
    pub follow: Follow,
    pub notice: Notice,
}

/// The waiting entries of an address, oldest first.
pub fn digest_of(conn: &mut Conn, email: &str) -> QueryResult<Vec<DigestEntry>> {
    let rows: Vec<(String, Follow, Notice)> = digest_entries::table
        .inner_join(follows::table)
        .inner_join(notices::table)
        .filter(follows::email.eq(email))
        .order((notices::created_at.asc(), notices::id.asc()))
        .select((digest_entries::id, Follow::as_select(), Notice::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, follow, notice)| DigestEntry { id, follow, notice })
        .collect())
}

/// Removes entries once their digest is queued; `false` when some were
/// gone already (another worker sent them).
pub fn clear_entries(conn: &mut Conn, ids: &[String]) -> QueryResult<bool> {
    let n = diesel::delete(digest_entries::table.filter(digest_entries::id.eq_any(ids)))
        .execute(conn)?;
    Ok(n == ids.len())
}
