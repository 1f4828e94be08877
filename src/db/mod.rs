//! Database access: one connection type over SQLite and PostgreSQL, a pool,
//! the embedded migrations and the write-transaction helper.

pub mod backup;
pub mod changes;
pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// One connection, to whichever database the settings name.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

pub type Pool = r2d2::Pool<ConnectionManager>;
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// Where the data lives, decided from the URL's scheme alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UrlError {
    #[error("unknown scheme in {0:?}: expected sqlite://PATH, postgres://… or postgresql://…")]
    UnknownScheme(String),
    #[error("the SQLite path is empty in {0:?}")]
    EmptyPath(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<DatabaseUrl, UrlError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(url.to_string()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| UrlError::UnknownScheme(url.to_string()))?;
        if path.is_empty() {
            return Err(UrlError::EmptyPath(url.to_string()));
        }
        Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self, DatabaseUrl::Sqlite(_))
    }

    /// A description safe to print: no password.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
            DatabaseUrl::Postgres(u) => match (u.find("://"), u.rfind('@')) {
                (Some(s), Some(at)) if at > s => format!("{}://…@{}", &u[..s], &u[at + 1..]),
                _ => u.clone(),
            },
        }
    }
}

/// Opens connections of the backend the URL names and prepares each one.
#[derive(Debug)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot connect to the database: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("cannot create the folder for the database file {0}: {1}")]
    Folder(PathBuf, std::io::Error),
    #[error("connection pool: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("migrations failed: {0}")]
    Migration(String),
}

const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

impl ConnectionManager {
    pub fn new(url: DatabaseUrl) -> Self {
        ConnectionManager { url }
    }

    fn open(&self) -> Result<DbConnection, DbError> {
        match &self.url {
            DatabaseUrl::Postgres(url) => {
                Ok(DbConnection::Postgresql(PgConnection::establish(url)?))
            }
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; \
                     PRAGMA foreign_keys = ON; \
                     PRAGMA synchronous = NORMAL;"
                ))?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = DbError;

    fn connect(&self) -> Result<DbConnection, DbError> {
        self.open()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), DbError> {
        if self.has_broken(conn) {
            return Err(DbError::Connection(diesel::ConnectionError::BadConnection(
                "the server closed the connection".into(),
            )));
        }
        match conn {
            DbConnection::Postgresql(_) => Ok(()),
            DbConnection::Sqlite(_) => conn.batch_execute("SELECT 1").map_err(DbError::from),
        }
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        match conn {
            DbConnection::Postgresql(c) => !changes::pg_alive(c),
            DbConnection::Sqlite(_) => false,
        }
    }
}

/// How long a request waits for a free connection before it is answered 503.
pub const POOL_WAIT: Duration = Duration::from_secs(5);

/// Opens the pool: creates the SQLite file's folder and turns WAL on once.
pub fn connect(url: &DatabaseUrl, max_size: u32) -> Result<Pool, DbError> {
    if let DatabaseUrl::Sqlite(path) = url {
        prepare_sqlite_file(path)?;
    }
    let manager = ConnectionManager::new(url.clone());
    let mut first = manager.open()?;
    if url.is_sqlite() {
        first.batch_execute("PRAGMA journal_mode = WAL;")?;
    }
    drop(first);
    let size = if url.is_sqlite() {
        max_size.min(4)
    } else {
        max_size
    };
    let pool = r2d2::Pool::builder()
        .max_size(size.max(1))
        .connection_timeout(POOL_WAIT)
        // A PostgreSQL connection can die with its server and is looked at
        // before each use (what the server sent is read, without a round
        // trip: a closed connection shows there), so that a restart heals
        // the pool by itself; a SQLite file cannot go away under an open
        // connection.
        .test_on_check_out(!url.is_sqlite())
        .build(manager)?;
    Ok(pool)
}

fn prepare_sqlite_file(path: &Path) -> Result<(), DbError> {
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() && !dir.exists() {
            std::fs::create_dir_all(dir).map_err(|e| DbError::Folder(dir.to_path_buf(), e))?;
        }
    }
    Ok(())
}

/// Applies the pending migrations of the connection's backend; returns how many ran.
pub fn run_migrations(conn: &mut DbConnection) -> Result<usize, DbError> {
    let applied = match conn {
        DbConnection::Postgresql(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    };
    applied.map_err(|e| DbError::Migration(e.to_string()))
}

/// Runs `f` in a write transaction: `BEGIN IMMEDIATE` on SQLite, so that a
/// writer takes the lock up front instead of failing when it upgrades.
pub fn write_tx<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    let nested = match conn {
        DbConnection::Sqlite(c) => in_transaction(c)?,
        DbConnection::Postgresql(c) => in_transaction(c)?,
    };
    match conn {
        // Inside a transaction already: a savepoint, as diesel does.
        DbConnection::Sqlite(c) if nested => AnsiTransactionManager::begin_transaction(c)?,
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
        }
        DbConnection::Postgresql(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match f(conn) {
        Ok(value) => {
            <DbConnection as Connection>::TransactionManager::commit_transaction(conn)?;
            changes::note_local_write();
            Ok(value)
        }
        Err(e) => {
            <DbConnection as Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(e)
        }
    }
}

fn in_transaction<C>(conn: &mut C) -> diesel::QueryResult<bool>
where
    C: Connection<TransactionManager = AnsiTransactionManager>,
{
    Ok(AnsiTransactionManager::transaction_manager_status_mut(conn)
        .transaction_depth()?
        .is_some())
}

/// A new identifier: a UUIDv7, ordered by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_decide_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/x.db").unwrap(),
            DatabaseUrl::Sqlite(PathBuf::from("data/x.db"))
        );
        assert!(matches!(
            DatabaseUrl::parse("postgres://u@h/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("postgresql://h/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("postgress://h/db"),
            Err(UrlError::UnknownScheme(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("data/x.db"),
            Err(UrlError::UnknownScheme(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("sqlite://"),
            Err(UrlError::EmptyPath(_))
        ));
    }

    #[test]
    fn passwords_are_not_printed() {
        let url = DatabaseUrl::parse("postgres://app:secret@db.local:5432/sengketa").unwrap();
        assert_eq!(url.redacted(), "postgres://…@db.local:5432/sengketa");
    }
}
