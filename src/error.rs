//! The crate's one error: what can go wrong below the web layer, in the
//! use cases, the models, the mail and the worker. The web layer wraps it
//! in `web::AppError`, which knows the status codes and the pages.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    /// The database could not be reached in time: busy or restarting.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// The database refused to write: its disk is full or it is read-only.
    /// Nothing of the write was kept; what was saved before is intact.
    #[error("storage cannot be written: {0}")]
    Unwritable(String),
    /// An email that cannot be built or a transport that cannot be set up.
    #[error("email: {0}")]
    Mail(String),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A stored code that names no known value: the row cannot be read.
    pub fn bad_code(column: &str, code: &str) -> Error {
        Error::Internal(format!("unknown code {code:?} in {column}"))
    }
}

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as Kind, Error as Diesel};
        match e {
            // The server went away under the request (a restart, a dropped
            // link): the pool replaces the connection, the caller retries.
            Diesel::DatabaseError(Kind::ClosedConnection | Kind::UnableToSendCommand, _) => {
                Error::Unavailable(format!("database: {e}"))
            }
            Diesel::DatabaseError(_, ref info) if refuses_writes(info.message()) => {
                Error::Unwritable(format!("database: {e}"))
            }
            _ => Error::Internal(format!("database: {e}")),
        }
    }
}

impl From<diesel::r2d2::PoolError> for Error {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Error::Unavailable(format!("pool: {e}"))
    }
}

impl From<askama::Error> for Error {
    fn from(e: askama::Error) -> Self {
        Error::Internal(format!("template: {e}"))
    }
}

/// Whether a database error says its storage cannot take the write: a full
/// disk or file size limit (SQLite's SQLITE_FULL, PostgreSQL's "No space
/// left on device") or a read-only file or server.
fn refuses_writes(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "database or disk is full",
        "no space left on device",
        "readonly database",
        "read-only transaction",
        "disk i/o error",
    ]
    .iter()
    .any(|needle| m.contains(needle))
}
