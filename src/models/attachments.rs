//! Documents uploaded with an application: rows here, bytes in the files
//! folder under the row's id.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Conn;
use crate::db::schema::attachments;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = attachments)]
pub struct Attachment {
    pub id: String,
    pub owner_id: String,
    pub draft_id: Option<String>,
    pub register_id: Option<String>,
    pub kind: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut Conn, a: &Attachment) -> QueryResult<()> {
    diesel::insert_into(attachments::table)
        .values(a)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut Conn, id: &str) -> QueryResult<Option<Attachment>> {
    attachments::table
        .find(id)
        .select(Attachment::as_select())
        .first(conn)
        .optional()
}

pub fn of_draft(conn: &mut Conn, draft_id: &str) -> QueryResult<Vec<Attachment>> {
    attachments::table
        .filter(attachments::draft_id.eq(draft_id))
        .order(attachments::created_at.asc())
        .select(Attachment::as_select())
        .load(conn)
}

pub fn of_register(conn: &mut Conn, register_id: &str) -> QueryResult<Vec<Attachment>> {
    attachments::table
        .filter(attachments::register_id.eq(register_id))
        .order(attachments::created_at.asc())
        .select(Attachment::as_select())
        .load(conn)
}

/// Moves a filed draft's documents to its register.
pub fn move_to_register(conn: &mut Conn, draft_id: &str, register_id: &str) -> QueryResult<()> {
    diesel::update(attachments::table.filter(attachments::draft_id.eq(draft_id)))
        .set((
            attachments::register_id.eq(register_id),
            attachments::draft_id.eq(None::<String>),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn delete(conn: &mut Conn, id: &str) -> QueryResult<()> {
    diesel::delete(attachments::table.find(id))
        .execute(conn)
        .map(|_| ())
}
