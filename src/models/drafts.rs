//! Applications being written online: the form's fields as saved.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Conn;
use crate::db::schema::drafts;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = drafts)]
pub struct Draft {
    pub id: String,
    pub user_id: String,
    pub data: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn create(conn: &mut Conn, user_id: &str, data: &str, at: NaiveDateTime) -> QueryResult<Draft> {
    let d = Draft {
        id: crate::db::new_id(),
        user_id: user_id.to_string(),
        data: data.to_string(),
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(drafts::table)
        .values(&d)
        .execute(conn)?;
    Ok(d)
}

/// The draft `id` if it belongs to `user_id`.
pub fn find_for(conn: &mut Conn, user_id: &str, id: &str) -> QueryResult<Option<Draft>> {
    drafts::table
        .filter(drafts::id.eq(id))
        .filter(drafts::user_id.eq(user_id))
        .select(Draft::as_select())
        .first(conn)
        .optional()
}

pub fn save(conn: &mut Conn, id: &str, data: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(drafts::table.find(id))
        .set((drafts::data.eq(data), drafts::updated_at.eq(at)))
        .execute(conn)
        .map(|_| ())
}

pub fn delete(conn: &mut Conn, id: &str) -> QueryResult<()> {
    diesel::delete(drafts::table.find(id))
        .execute(conn)
        .map(|_| ())
}

pub fn of_user(conn: &mut Conn, user_id: &str) -> QueryResult<Vec<Draft>> {
    drafts::table
        .filter(drafts::user_id.eq(user_id))
        .order(drafts::updated_at.desc())
        .select(Draft::as_select())
        .load(conn)
}
