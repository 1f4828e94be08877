//! Accounts and their signed-in sessions.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{now, Conn};
use crate::db::schema::{user_sessions, users};
use crate::domain::access::Role;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub password_changed_at: NaiveDateTime,
    /// When the address was shown to be the user's: at sign-up by the
    /// emailed link; at creation for accounts an administrator made.
    pub email_verified_at: Option<NaiveDateTime>,
    /// The language of the user's emails.
    pub lang: String,
}

impl User {
    pub fn role(&self) -> Role {
        Role::from_code(&self.role).unwrap_or(Role::Petitioner)
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = user_sessions)]
pub struct UserSession {
    pub id: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
}

/// An argon2id hash in PHC form, with a fresh salt.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 accepts any password and a generated salt")
        .to_string()
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Checks a login. An unknown address costs as much time as a wrong
/// password, so that response times do not tell which accounts exist.
pub fn authenticate(conn: &mut Conn, email: &str, password: &str) -> QueryResult<Option<User>> {
    let user = find_by_email(conn, email)?;
    match user {
        Some(u) if u.active && verify_password(password, &u.password_hash) => Ok(Some(u)),
        Some(_) => Ok(None),
        None => {
            verify_password(password, DUMMY_HASH);
            Ok(None)
        }
    }
}

/// A valid hash of a password nobody knows, checked against unknown emails.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2VuZ2tldGFkdW1teQ$0m5tBZ6J5fX2kMC0bWc+4iYxVbX5yV8ma9pbO3nE9sE";

pub fn insert(conn: &mut Conn, user: &User) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(user)
        .execute(conn)?;
    Ok(())
}

/// A new account; the email must already be normalized.
pub fn create(
    conn: &mut Conn,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> QueryResult<User> {
    let at = now();
    let user = User {
        id: crate::db::new_id(),
        email: email.to_string(),
        name: name.to_string(),
        role: role.code().to_string(),
        password_hash: hash_password(password),
        active: true,
        created_at: at,
        password_changed_at: at,
        email_verified_at: Some(at),
        lang: "id".into(),
    };
    insert(conn, &user)?;
    Ok(user)
}

/// A petitioner's account from the sign-up form, not yet verified.
pub fn sign_up(
    conn: &mut Conn,
    email: &str,
    name: &str,
    password: &str,
    lang: &str,
) -> QueryResult<User> {
    let at = now();
    let user = User {
        id: crate::db::new_id(),
        email: email.to_string(),
        name: name.to_string(),
        role: Role::Petitioner.code().to_string(),
        password_hash: hash_password(password),
        active: true,
        created_at: at,
        password_changed_at: at,
        email_verified_at: None,
        lang: lang.to_string(),
    };
    insert(conn, &user)?;
    Ok(user)
}

pub fn mark_verified(conn: &mut Conn, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::email_verified_at.eq(at))
        .execute(conn)
        .map(|_| ())
}

/// Moves the account to a new, verified address; its petitioner records
/// follow. `false` when another account has the address.
pub fn change_email(
    conn: &mut Conn,
    id: &str,
    email: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    if find_by_email(conn, email)?.is_some_and(|other| other.id != id) {
        return Ok(false);
    }
    diesel::update(users::table.find(id))
        .set((users::email.eq(email), users::email_verified_at.eq(at)))
        .execute(conn)?;
    use crate::db::schema::petitioners;
    diesel::update(petitioners::table.filter(petitioners::user_id.eq(id)))
        .set(petitioners::email.eq(email))
        .execute(conn)?;
    Ok(true)
}

/// The language of the user's emails, and of their petitioner records.
pub fn set_lang(conn: &mut Conn, id: &str, lang: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::lang.eq(lang))
        .execute(conn)?;
    use crate::db::schema::petitioners;
    diesel::update(petitioners::table.filter(petitioners::user_id.eq(id)))
        .set(petitioners::lang.eq(lang))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut Conn, id: &str) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_email(conn: &mut Conn, email: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn all(conn: &mut Conn) -> QueryResult<Vec<User>> {
    users::table
        .order((users::role.asc(), users::email.asc()))
        .select(User::as_select())
        .load(conn)
}

/// Sets a new password and ends every session of the user.
pub fn set_password(conn: &mut Conn, user_id: &str, password: &str) -> QueryResult<()> {
    let hash = hash_password(password);
    crate::db::write_tx(conn, |conn| {
        diesel::update(users::table.find(user_id))
            .set((
                users::password_hash.eq(hash),
                users::password_changed_at.eq(now()),
            ))
            .execute(conn)?;
        revoke_sessions(conn, user_id)?;
        Ok(())
    })
}

/// Opens a session for the user; the returned id goes into the cookie.
pub fn open_session(conn: &mut Conn, user_id: &str) -> QueryResult<String> {
    let at = now();
    let session = UserSession {
        id: format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        ),
        user_id: user_id.to_string(),
        created_at: at,
        last_seen_at: at,
    };
    diesel::insert_into(user_sessions::table)
        .values(&session)
        .execute(conn)?;
    Ok(session.id)
}

/// How long a session's last request may be stale before it is written
/// again: a signed-in visitor costs one write in five minutes, not one per
/// page.
const SEEN_EVERY_MINUTES: i64 = 5;

/// The active user behind a session id, if the session still stands: seen
/// after `idle_since` and opened after `opened_since`. Its last request is
/// noted as `at`.
pub fn session_user(
    conn: &mut Conn,
    session_id: &str,
    idle_since: NaiveDateTime,
    opened_since: NaiveDateTime,
    at: NaiveDateTime,
) -> QueryResult<Option<User>> {
    let found: Option<(User, NaiveDateTime)> = user_sessions::table
        .inner_join(users::table)
        .filter(user_sessions::id.eq(session_id))
        .filter(users::active.eq(true))
        .filter(user_sessions::last_seen_at.gt(idle_since))
        .filter(user_sessions::created_at.gt(opened_since))
        .select((User::as_select(), user_sessions::last_seen_at))
        .first(conn)
        .optional()?;
    let Some((user, seen)) = found else {
        return Ok(None);
    };
    if seen + chrono::Duration::minutes(SEEN_EVERY_MINUTES) <= at {
        diesel::update(user_sessions::table.find(session_id))
            .set(user_sessions::last_seen_at.eq(at))
            .execute(conn)?;
    }
    Ok(Some(user))
}

/// Removes sessions last seen before `idle_since` or opened before
/// `opened_since`.
pub fn end_lapsed_sessions(
    conn: &mut Conn,
    idle_since: NaiveDateTime,
    opened_since: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        user_sessions::table.filter(
            user_sessions::last_seen_at
                .le(idle_since)
                .or(user_sessions::created_at.le(opened_since)),
        ),
    )
    .execute(conn)
}

/// Ends every session of the user, on every device.
pub fn revoke_sessions(conn: &mut Conn, user_id: &str) -> QueryResult<usize> {
    diesel::delete(user_sessions::table.filter(user_sessions::user_id.eq(user_id))).execute(conn)
}

const SESSION_KEY: &str = "session_key";

/// The key session cookies are sealed with: made once, kept in the database,
/// so that restarts and several servers on one database share it.
pub fn session_key(conn: &mut Conn) -> QueryResult<Vec<u8>> {
    use crate::db::schema::app_meta;
    let stored = |conn: &mut Conn| {
        app_meta::table
            .find(SESSION_KEY)
            .select(app_meta::value)
            .first::<String>(conn)
            .optional()
    };
    if let Some(hex) = stored(conn)?.and_then(|h| crate::config::decode_hex(&h)) {
        return Ok(hex);
    }
    let key = actix_web::cookie::Key::generate();
    let hex = crate::config::encode_hex(key.master());
    let inserted = diesel::insert_into(app_meta::table)
        .values((app_meta::key.eq(SESSION_KEY), app_meta::value.eq(&hex)))
        .execute(conn);
    if inserted.is_err() {
        // Another server stored one first: use that.
        if let Some(bytes) = stored(conn)?.and_then(|h| crate::config::decode_hex(&h)) {
            return Ok(bytes);
        }
        inserted?;
    }
    Ok(key.master().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash_password("kata-sandi-panjang");
        let b = hash_password("kata-sandi-panjang");
        assert_ne!(a, b, "salted");
        assert!(a.starts_with("$argon2id$"));
        assert!(verify_password("kata-sandi-panjang", &a));
        assert!(!verify_password("kata-sandi-salah", &a));
        assert!(!verify_password("x", "not a hash"));
        assert!(
            PasswordHash::new(DUMMY_HASH).is_ok(),
            "the dummy hash parses, so it costs a real check"
        );
    }
}
