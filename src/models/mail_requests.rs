//! Emails sent at a visitor's request to an address the visitor typed,
//! counted per address and per client (see `domain::limits`). The counts
//! live in the database, so every app server keeps to the same budget.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::Conn;
use crate::db::schema::mail_requests;
use crate::domain::limits::{self, MailPurpose};

/// Whether an email of `purpose` to `recipient` asked for by `client` at
/// `at` is within both budgets; if it is, it is counted, in the caller's
/// transaction (the one that queues the email).
pub fn take(
    conn: &mut Conn,
    purpose: MailPurpose,
    recipient: &str,
    client: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let since = at - Duration::minutes(limits::WINDOW_MINUTES);
    let to_address: i64 = mail_requests::table
        .filter(mail_requests::recipient.eq(recipient))
        .filter(mail_requests::purpose.eq(purpose.code()))
        .filter(mail_requests::requested_at.gt(since))
        .count()
        .get_result(conn)?;
    let from_client: i64 = mail_requests::table
        .filter(mail_requests::client.eq(client))
        .filter(mail_requests::requested_at.gt(since))
        .count()
        .get_result(conn)?;
    if !limits::may_send(purpose, to_address, from_client) {
        return Ok(false);
    }
    diesel::insert_into(mail_requests::table)
        .values((
            mail_requests::id.eq(crate::db::new_id()),
            mail_requests::purpose.eq(purpose.code()),
            mail_requests::recipient.eq(recipient),
            mail_requests::client.eq(client),
            mail_requests::requested_at.eq(at),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Removes what no budget counts any more.
pub fn forget_before(conn: &mut Conn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(mail_requests::table.filter(mail_requests::requested_at.lt(before)))
        .execute(conn)
}
