//! Single-use, expiring links emailed to account holders: address
//! verification, password reset and change of address. The link carries a
//! random secret; only its SHA-256 is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::Conn;
use crate::db::schema::account_tokens;

pub const VERIFY: &str = "verify";
pub const RESET: &str = "reset";
pub const EMAIL: &str = "email";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = account_tokens)]
pub struct AccountToken {
    pub id: String,
    pub user_id: String,
    pub purpose: String,
    pub token_hash: String,
    pub new_email: Option<String>,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Issues a link secret for `purpose`; earlier unused ones of the same
/// purpose stop working.
pub fn issue(
    conn: &mut Conn,
    user_id: &str,
    purpose: &str,
    new_email: Option<&str>,
    valid_for: chrono::Duration,
    at: NaiveDateTime,
) -> QueryResult<String> {
    diesel::delete(
        account_tokens::table
            .filter(account_tokens::user_id.eq(user_id))
            .filter(account_tokens::purpose.eq(purpose))
            .filter(account_tokens::used_at.is_null()),
    )
    .execute(conn)?;
    let secret = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let row = AccountToken {
        id: crate::db::new_id(),
        user_id: user_id.to_string(),
        purpose: purpose.to_string(),
        token_hash: digest(&secret),
        new_email: new_email.map(str::to_string),
        expires_at: at + valid_for,
        used_at: None,
        created_at: at,
    };
    diesel::insert_into(account_tokens::table)
        .values(&row)
        .execute(conn)?;
    Ok(secret)
}

/// The token behind `secret` if it is for `purpose`, unused and unexpired;
/// it is not used up (see [`redeem`]).
pub fn peek(
    conn: &mut Conn,
    secret: &str,
    purpose: &str,
    at: NaiveDateTime,
) -> QueryResult<Option<AccountToken>> {
    account_tokens::table
        .filter(account_tokens::token_hash.eq(digest(secret)))
        .filter(account_tokens::purpose.eq(purpose))
        .filter(account_tokens::used_at.is_null())
        .filter(account_tokens::expires_at.gt(at))
        .select(AccountToken::as_select())
        .first(conn)
        .optional()
}

/// Uses up the token behind `secret`; `None` when it is unknown, used,
/// expired or for another purpose. Of two requests racing with one link,
/// only one gets it.
pub fn redeem(
    conn: &mut Conn,
    secret: &str,
    purpose: &str,
    at: NaiveDateTime,
) -> QueryResult<Option<AccountToken>> {
    let Some(t) = peek(conn, secret, purpose, at)? else {
        return Ok(None);
    };
    let n = diesel::update(
        account_tokens::table
            .filter(account_tokens::id.eq(&t.id))
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(at))
    .execute(conn)?;
    Ok((n == 1).then_some(t))
}
