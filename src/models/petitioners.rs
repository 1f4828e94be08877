//! Petitioners. Public pages only ever load [`PublicPetitioner`], which has
//! no private column, so contact and identity data cannot leak through them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Conn;
use crate::db::schema::petitioners;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = petitioners)]
pub struct Petitioner {
    pub id: String,
    pub kind: String,
    pub display_name: String,
    pub representative_name: Option<String>,
    pub legal_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub identity_number: Option<String>,
    pub created_at: NaiveDateTime,
    /// The language of the petitioner's emails (`id` or `en`).
    pub lang: String,
    /// The account that filed online, if any.
    pub user_id: Option<String>,
    /// A legal entity's deed of establishment.
    pub deed: Option<String>,
}

/// What the public may see of a petitioner.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = petitioners)]
pub struct PublicPetitioner {
    pub id: String,
    pub kind: String,
    pub display_name: String,
    pub representative_name: Option<String>,
}

pub fn insert(conn: &mut Conn, petitioner: &Petitioner) -> QueryResult<()> {
    diesel::insert_into(petitioners::table)
        .values(petitioner)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut Conn, id: &str) -> QueryResult<Option<Petitioner>> {
    petitioners::table
        .find(id)
        .select(Petitioner::as_select())
        .first(conn)
        .optional()
}

pub fn public(conn: &mut Conn, id: &str) -> QueryResult<Option<PublicPetitioner>> {
    petitioners::table
        .find(id)
        .select(PublicPetitioner::as_select())
        .first(conn)
        .optional()
}

pub fn public_by_ids(conn: &mut Conn, ids: &[String]) -> QueryResult<Vec<PublicPetitioner>> {
    petitioners::table
        .filter(petitioners::id.eq_any(ids))
        .select(PublicPetitioner::as_select())
        .load(conn)
}
