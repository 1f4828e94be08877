//! A consistent copy of a running SQLite database, checked before it is
//! called a backup. PostgreSQL has its own tools for this (`pg_dump`).

use std::path::{Path, PathBuf};

use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl};

use super::DatabaseUrl;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "a PostgreSQL database is copied with its own tool, while it runs: \
         pg_dump --format=custom --file=FILE \"$DATABASE_URL\"; restore it into an \
         empty database with pg_restore --no-owner --dbname=URL FILE"
    )]
    Postgres,
    #[error("{0} exists already; a backup never overwrites a file")]
    Exists(PathBuf),
    #[error("the database {0} does not exist")]
    NoDatabase(PathBuf),
    #[error("cannot open the database: {0}")]
    Open(#[from] diesel::ConnectionError),
    #[error("copying failed: {0}")]
    Copy(#[from] diesel::result::Error),
    #[error("the copy failed its integrity check: {0}")]
    Damaged(String),
}

/// What was written.
#[derive(Debug)]
pub struct Backup {
    pub bytes: u64,
    pub registers: i64,
}

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Writes a consistent copy of the database at `url` to `to` with
/// `VACUUM INTO`, which reads one snapshot while writers go on, then opens
/// the copy and checks it. A copy that fails the check is removed.
pub fn sqlite(url: &DatabaseUrl, to: &Path) -> Result<Backup, BackupError> {
    let DatabaseUrl::Sqlite(from) = url else {
        return Err(BackupError::Postgres);
    };
    if !from.exists() {
        return Err(BackupError::NoDatabase(from.clone()));
    }
    if to.exists() {
        return Err(BackupError::Exists(to.to_path_buf()));
    }
    let mut source = SqliteConnection::establish(&from.to_string_lossy())?;
    diesel::sql_query("PRAGMA busy_timeout = 5000").execute(&mut source)?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(to.to_string_lossy().as_ref())
        .execute(&mut source)?;
    drop(source);
    match check(to) {
        Ok(registers) => Ok(Backup {
            bytes: std::fs::metadata(to).map(|m| m.len()).unwrap_or(0),
            registers,
        }),
        Err(e) => {
            let _ = std::fs::remove_file(to);
            Err(e)
        }
    }
}

/// Runs SQLite's integrity check on the file; returns its number of registers.
pub fn check(path: &Path) -> Result<i64, BackupError> {
    let mut copy = SqliteConnection::establish(&path.to_string_lossy())?;
    let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check").load(&mut copy)?;
    let verdict: Vec<String> = rows.into_iter().map(|r| r.integrity_check).collect();
    if verdict != ["ok"] {
        return Err(BackupError::Damaged(verdict.join("; ")));
    }
    let count: Count =
        diesel::sql_query("SELECT COUNT(*) AS n FROM registers").get_result(&mut copy)?;
    Ok(count.n)
}
