//! Follows of a register or a public body, confirmed by email.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Conn;
use crate::db::schema::follows;

/// Requests not confirmed within this many days lapse.
pub const CONFIRM_DAYS: i64 = 7;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = follows)]
pub struct Follow {
    pub id: String,
    pub email: String,
    pub register_id: Option<String>,
    pub body_id: Option<String>,
    pub lang: String,
    pub token: String,
    pub confirmed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// `immediate` or `digest`.
    pub mode: String,
    /// When the confirmation was last sent, while unconfirmed.
    pub confirmation_sent_at: Option<NaiveDateTime>,
}

pub const IMMEDIATE: &str = "immediate";
pub const DIGEST: &str = "digest";

/// A mode as sent by a form: immediate unless it says digest.
pub fn mode_of(value: Option<&str>) -> &'static str {
    match value {
        Some(DIGEST) => DIGEST,
        _ => IMMEDIATE,
    }
}

/// What is followed.
#[derive(Debug, Clone)]
pub enum Target {
    Register(String),
    Body(String),
}

fn existing(conn: &mut Conn, email: &str, target: &Target) -> QueryResult<Option<Follow>> {
    let q = follows::table.filter(follows::email.eq(email)).into_boxed();
    let q = match target {
        Target::Register(id) => q.filter(follows::register_id.eq(id.clone())),
        Target::Body(id) => q.filter(follows::body_id.eq(id.clone())),
    };
    q.select(Follow::as_select()).first(conn).optional()
}

/// Records a follow waiting for confirmation, or returns the one there is.
pub fn request(
    conn: &mut Conn,
    email: &str,
    target: &Target,
    lang: &str,
    mode: &str,
    at: NaiveDateTime,
) -> QueryResult<Follow> {
    if let Some(f) = existing(conn, email, target)? {
        return Ok(f);
    }
    let follow = Follow {
        id: crate::db::new_id(),
        email: email.to_string(),
        register_id: match target {
            Target::Register(id) => Some(id.clone()),
            Target::Body(_) => None,
        },
        body_id: match target {
            Target::Body(id) => Some(id.clone()),
            Target::Register(_) => None,
        },
        lang: lang.to_string(),
        token: format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        ),
        confirmed_at: None,
        created_at: at,
        mode: mode_of(Some(mode)).to_string(),
        confirmation_sent_at: None,
    };
    diesel::insert_into(follows::table)
        .values(&follow)
        .execute(conn)?;
    Ok(follow)
}

/// Whether an unconfirmed follow's confirmation may be sent at `at`: never
/// sent, or last sent long enough ago.
pub fn confirmation_due(f: &Follow, at: NaiveDateTime) -> bool {
    let again = chrono::Duration::minutes(crate::domain::limits::FOLLOW_RESEND_MINUTES);
    f.confirmed_at.is_none() && f.confirmation_sent_at.is_none_or(|t| t + again <= at)
}

/// Notes that the confirmation went out at `at`: the request (and its
/// link's lifetime) counts from then.
pub fn confirmation_sent(conn: &mut Conn, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(follows::table.find(id))
        .set((
            follows::confirmation_sent_at.eq(at),
            follows::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn by_token(conn: &mut Conn, token: &str) -> QueryResult<Option<Follow>> {
    follows::table
        .filter(follows::token.eq(token))
        .select(Follow::as_select())
        .first(conn)
        .optional()
}

/// Confirms a follow requested after `not_before`; older requests expired.
pub fn confirm(
    conn: &mut Conn,
    token: &str,
    not_before: NaiveDateTime,
    at: NaiveDateTime,
) -> QueryResult<Option<Follow>> {
    let Some(f) = by_token(conn, token)? else {
        return Ok(None);
    };
    if f.confirmed_at.is_some() {
        return Ok(Some(f));
    }
    if f.created_at < not_before {
        return Ok(None);
    }
    diesel::update(follows::table.find(&f.id))
        .set(follows::confirmed_at.eq(at))
        .execute(conn)?;
    by_token(conn, token)
}

/// Ends a follow; `false` when there was none.
pub fn unsubscribe(conn: &mut Conn, token: &str) -> QueryResult<bool> {
    Ok(diesel::delete(follows::table.filter(follows::token.eq(token))).execute(conn)? > 0)
}

/// Sets how a follow is told; `false` when there is no such follow.
pub fn set_mode(conn: &mut Conn, token: &str, mode: &str) -> QueryResult<bool> {
    let n = diesel::update(follows::table.filter(follows::token.eq(token)))
        .set(follows::mode.eq(mode_of(Some(mode))))
        .execute(conn)?;
    Ok(n > 0)
}

/// Ends every digest follow of an address: one click on a digest's
/// unsubscribe link stops the digest.
pub fn unsubscribe_digests(conn: &mut Conn, token: &str) -> QueryResult<usize> {
    let Some(f) = by_token(conn, token)? else {
        return Ok(0);
    };
    diesel::delete(
        follows::table
            .filter(follows::email.eq(&f.email))
            .filter(follows::mode.eq(DIGEST)),
    )
    .execute(conn)
}

/// Removes requests never confirmed before `not_before`.
pub fn purge_unconfirmed(conn: &mut Conn, not_before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        follows::table
            .filter(follows::confirmed_at.is_null())
            .filter(follows::created_at.lt(not_before)),
    )
    .execute(conn)
}

/// Confirmed followers of a register or of its body, one per address (a
/// follow of the register itself wins over one of the body).
pub fn followers_of(conn: &mut Conn, register_id: &str, body_id: &str) -> QueryResult<Vec<Follow>> {
    let rows: Vec<Follow> = follows::table
        .filter(follows::confirmed_at.is_not_null())
        .filter(
            follows::register_id
                .eq(register_id)
                .or(follows::body_id.eq(body_id)),
        )
        .order((
            follows::register_id.is_null().asc(),
            follows::created_at.asc(),
        ))
        .select(Follow::as_select())
        .load(conn)?;
    let mut seen = std::collections::HashSet::new();
    Ok(rows
        .into_iter()
        .filter(|f| seen.insert(f.email.clone()))
        .collect())
}

/// Confirmed follows of an address, with what each follows: (follow, label, page).
pub fn of_address(conn: &mut Conn, email: &str) -> QueryResult<Vec<(Follow, String, String)>> {
    let list: Vec<Follow> = follows::table
        .filter(follows::email.eq(email))
        .filter(follows::confirmed_at.is_not_null())
        .order(follows::created_at.asc())
        .select(Follow::as_select())
        .load(conn)?;
    let mut out = Vec::new();
    for f in list {
        let (label, page) = match (&f.register_id, &f.body_id) {
            (Some(id), _) => match super::registers::find(conn, id)? {
                Some(r) => (
                    format!("{} — {}", r.number.unwrap_or_default(), r.subject),
                    format!("/registers/{id}"),
                ),
                None => continue,
            },
            (None, Some(id)) => match super::bodies::find(conn, id)? {
                Some(b) => (b.name, format!("/bodies/{id}")),
                None => continue,
            },
            (None, None) => continue,
        };
        out.push((f, label, page));
    }
    Ok(out)
}
