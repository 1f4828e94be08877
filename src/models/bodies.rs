//! Public bodies (Badan Publik).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Conn;
use crate::db::schema::public_bodies;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = public_bodies)]
pub struct PublicBody {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub region: String,
    pub notice_emails: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut Conn, body: &PublicBody) -> QueryResult<()> {
    diesel::insert_into(public_bodies::table)
        .values(body)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut Conn, id: &str) -> QueryResult<Option<PublicBody>> {
    public_bodies::table
        .find(id)
        .select(PublicBody::as_select())
        .first(conn)
        .optional()
}

/// A body as the public may see it: one staff confirmed. A body a
/// petitioner proposed in an application is the registry's business until
/// then.
pub fn find_public(conn: &mut Conn, id: &str) -> QueryResult<Option<PublicBody>> {
    public_bodies::table
        .find(id)
        .filter(public_bodies::confirmed.eq(true))
        .select(PublicBody::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_short_name(conn: &mut Conn, short_name: &str) -> QueryResult<Option<PublicBody>> {
    public_bodies::table
        .filter(public_bodies::short_name.eq(short_name))
        .select(PublicBody::as_select())
        .first(conn)
        .optional()
}

pub fn all(conn: &mut Conn) -> QueryResult<Vec<PublicBody>> {
    public_bodies::table
        .order((public_bodies::name.asc(), public_bodies::id.asc()))
        .select(PublicBody::as_select())
        .load(conn)
}

pub fn by_ids(conn: &mut Conn, ids: &[String]) -> QueryResult<Vec<PublicBody>> {
    public_bodies::table
        .filter(public_bodies::id.eq_any(ids))
        .select(PublicBody::as_select())
        .load(conn)
}

/// Saves the editable fields of a body.
pub fn update(conn: &mut Conn, body: &PublicBody) -> QueryResult<()> {
    diesel::update(public_bodies::table.find(&body.id))
        .set((
            public_bodies::name.eq(&body.name),
            public_bodies::short_name.eq(&body.short_name),
            public_bodies::kind.eq(&body.kind),
            public_bodies::region.eq(&body.region),
            public_bodies::notice_emails.eq(&body.notice_emails),
        ))
        .execute(conn)?;
    Ok(())
}

/// The bodies a petitioner may choose: those staff confirmed.
pub fn confirmed(conn: &mut Conn) -> QueryResult<Vec<PublicBody>> {
    public_bodies::table
        .filter(public_bodies::confirmed.eq(true))
        .order((public_bodies::name.asc(), public_bodies::id.asc()))
        .select(PublicBody::as_select())
        .load(conn)
}

/// A body a petitioner named that is not in the list yet; staff confirm it
/// (and complete its details) before it is offered to others.
pub fn propose(conn: &mut Conn, name: &str, at: NaiveDateTime) -> QueryResult<String> {
    let body = PublicBody {
        id: crate::db::new_id(),
        name: name.trim().to_string(),
        short_name: name.trim().chars().take(40).collect(),
        kind: String::new(),
        region: String::new(),
        notice_emails: String::new(),
        created_at: at,
    };
    insert(conn, &body)?;
    diesel::update(public_bodies::table.find(&body.id))
        .set(public_bodies::confirmed.eq(false))
        .execute(conn)?;
    Ok(body.id)
}

/// Bodies proposed by petitioners and not yet confirmed.
pub fn proposed(conn: &mut Conn) -> QueryResult<Vec<PublicBody>> {
    public_bodies::table
        .filter(public_bodies::confirmed.eq(false))
        .order(public_bodies::created_at.asc())
        .select(PublicBody::as_select())
        .load(conn)
}

pub fn confirm(conn: &mut Conn, id: &str) -> QueryResult<bool> {
    Ok(diesel::update(public_bodies::table.find(id))
        .set(public_bodies::confirmed.eq(true))
        .execute(conn)?
        > 0)
}
