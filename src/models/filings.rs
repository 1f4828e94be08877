//! What an online filing adds to its register, and the petitioner's own
//! view of their cases.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::registers::Register;
use super::Conn;
use crate::db::schema::{petitioners, register_filings, registers};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = register_filings)]
pub struct Filing {
    pub register_id: String,
    pub request_channel: String,
    pub filed_late: bool,
    /// `on_time:DATE` or `late:DATE` (the window's last day), or `unknown`.
    pub timeliness: String,
    pub completed_on: Option<NaiveDate>,
    pub completion_note: Option<String>,
    pub withdrawal_requested_on: Option<NaiveDate>,
    pub withdrawal_reason: Option<String>,
}

pub fn insert(conn: &mut Conn, f: &Filing) -> QueryResult<()> {
    diesel::insert_into(register_filings::table)
        .values(f)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut Conn, register_id: &str) -> QueryResult<Option<Filing>> {
    register_filings::table
        .find(register_id)
        .select(Filing::as_select())
        .first(conn)
        .optional()
}

/// Records that the petitioner sent what was missing.
pub fn mark_completed(
    conn: &mut Conn,
    register_id: &str,
    on: NaiveDate,
    note: Option<&str>,
) -> QueryResult<()> {
    diesel::update(register_filings::table.find(register_id))
        .set((
            register_filings::completed_on.eq(on),
            register_filings::completion_note.eq(note),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records the petitioner's request to withdraw; `false` if one is pending.
pub fn request_withdrawal(
    conn: &mut Conn,
    register_id: &str,
    on: NaiveDate,
    reason: &str,
) -> QueryResult<bool> {
    let n = diesel::update(
        register_filings::table
            .filter(register_filings::register_id.eq(register_id))
            .filter(register_filings::withdrawal_requested_on.is_null()),
    )
    .set((
        register_filings::withdrawal_requested_on.eq(on),
        register_filings::withdrawal_reason.eq(reason),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Every register whose petitioner record belongs to `user_id`, newest first.
pub fn registers_of_user(conn: &mut Conn, user_id: &str) -> QueryResult<Vec<Register>> {
    registers::table
        .inner_join(petitioners::table)
        .filter(petitioners::user_id.eq(user_id))
        .order((registers::created_at.desc(), registers::id.desc()))
        .select(Register::as_select())
        .load(conn)
}

/// The register `id` if its petitioner belongs to `user_id`.
pub fn register_of_user(conn: &mut Conn, user_id: &str, id: &str) -> QueryResult<Option<Register>> {
    registers::table
        .inner_join(petitioners::table)
        .filter(petitioners::user_id.eq(user_id))
        .filter(registers::id.eq(id))
        .select(Register::as_select())
        .first(conn)
        .optional()
}

/// An application filed online, ready to be written.
pub struct NewApplication {
    pub petitioner: super::petitioners::Petitioner,
    /// A body not in the list, to be proposed and used as respondent.
    pub proposed_body: Option<String>,
    pub register: Register,
    /// (description, form wanted) of each requested item.
    pub items: Vec<(String, String)>,
    pub filing: Filing,
    pub draft_id: String,
    pub event: super::registers::RegisterEvent,
}

/// Writes the application, its items, its filing facts and its first
/// event, moves the draft's documents to it and removes the draft; call it
/// in a write transaction. Returns the register's id.
pub fn file(conn: &mut Conn, mut app: NewApplication) -> QueryResult<String> {
    let at = app.register.created_at;
    if let Some(name) = &app.proposed_body {
        app.register.respondent_id = super::bodies::propose(conn, name, at)?;
    }
    super::petitioners::insert(conn, &app.petitioner)?;
    super::registers::insert(conn, &app.register)?;
    for (i, (description, form)) in app.items.iter().enumerate() {
        super::registers::insert_item(
            conn,
            &super::registers::RequestedItem {
                id: crate::db::new_id(),
                register_id: app.register.id.clone(),
                position: i as i32 + 1,
                description: description.clone(),
                requested_form: form.clone(),
                claim: "undecided".into(),
                claim_ground: None,
                finding: "undecided".into(),
                finding_withheld: None,
                finding_note: None,
            },
        )?;
    }
    insert(conn, &app.filing)?;
    super::registers::append_event(conn, &app.event)?;
    super::attachments::move_to_register(conn, &app.draft_id, &app.register.id)?;
    super::drafts::delete(conn, &app.draft_id)?;
    super::registers::refresh_search_text(conn, &app.register.id)?;
    Ok(app.register.id.clone())
}
