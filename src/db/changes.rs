//! Whether the database may have changed since a moment, answered without
//! a query to it on PostgreSQL and with one cheap local read on SQLite.
//!
//! A *generation* is a number that moves whenever a write may have been
//! committed: every write this process answers (`note_local_write`), and
//! every write anywhere else, as the database reports it. A kept page whose
//! stamp was confirmed at generation `g` is still current while the
//! generation is `g`; the page cache serves it without asking the database.
//!
//! - PostgreSQL: a trigger on `app_meta` (which every public write moves,
//!   migrations 000013 and 000015) sends `NOTIFY sengketa_changes` on
//!   commit. One thread per application listens on its own connection and
//!   moves the generation on each notice. While it is not listening (at
//!   start, after a lost connection) there is no generation, and every
//!   request reads its stamp from the database as before.
//! - SQLite: `PRAGMA data_version` on a connection of its own changes when
//!   any other connection, of this process or another, has committed.
//!
//! A request takes the generation *before* it reads a stamp and records
//! that one with the page: a write that commits after the read moves the
//! generation past it, so a confirmation can only be too old, never too new.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel::sqlite::SqliteConnection;

use super::DatabaseUrl;

/// The channel the trigger of migration 000015 notifies.
pub const CHANNEL: &str = "sengketa_changes";

/// Writes answered by this process, whatever their database: moved after a
/// write transaction commits and after every request that may write. A
/// write of another application in the same process costs a kept page a
/// stamp read, never a stale answer.
static LOCAL_WRITES: AtomicU64 = AtomicU64::new(0);

/// Marks that this process has just committed (or may have) a write.
pub fn note_local_write() {
    LOCAL_WRITES.fetch_add(1, Ordering::SeqCst);
}

/// How often the listener looks for notices when none came.
const POLL: Duration = Duration::from_millis(2);
/// How often it asks the server whether the connection still stands, for
/// a connection lost without the server closing it.
const HEARTBEAT: Duration = Duration::from_secs(5);
/// How long it waits before connecting again after a failure, at first
/// and at most (doubling in between).
const RECONNECT: Duration = Duration::from_millis(500);
const RECONNECT_MAX: Duration = Duration::from_secs(5);

struct Listened {
    /// Moves with each batch of notices and each connection made or lost.
    seen: AtomicU64,
    listening: AtomicBool,
}

struct SqliteWatch {
    conn: SqliteConnection,
    last: Option<i64>,
    moves: u64,
}

/// `PRAGMA data_version` as a query of its own type, so that diesel keeps
/// it prepared on the connection instead of preparing it on every request.
#[derive(Debug, Clone, Copy, diesel::query_builder::QueryId)]
struct DataVersion;

impl diesel::query_builder::Query for DataVersion {
    type SqlType = BigInt;
}

impl diesel::query_builder::QueryFragment<diesel::sqlite::Sqlite> for DataVersion {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::sqlite::Sqlite>,
    ) -> QueryResult<()> {
        out.push_sql("SELECT data_version FROM pragma_data_version()");
        Ok(())
    }
}

impl RunQueryDsl<SqliteConnection> for DataVersion {}

enum Source {
    Listener(Arc<Listened>),
    DataVersion(Mutex<SqliteWatch>),
    Never,
}

/// The generation of one database, as this process knows it.
pub struct Changes {
    source: Source,
}

impl Changes {
    /// Watches the database at `url`: starts the listening thread on
    /// PostgreSQL, opens the watching connection on SQLite. A watch that
    /// cannot start leaves every page to read its stamp.
    pub fn watch(url: &DatabaseUrl) -> Changes {
        let source = match url {
            DatabaseUrl::Postgres(u) => {
                let listened = Arc::new(Listened {
                    seen: AtomicU64::new(0),
                    listening: AtomicBool::new(false),
                });
                let weak = Arc::downgrade(&listened);
                let u = u.clone();
                let started = std::thread::Builder::new()
                    .name("change-listener".into())
                    .spawn(move || listen(&u, weak));
                match started {
                    Ok(_) => Source::Listener(listened),
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot start the change listener");
                        Source::Never
                    }
                }
            }
            // A database in memory is another one on each connection.
            DatabaseUrl::Sqlite(path) if path.to_string_lossy().contains(":memory:") => {
                Source::Never
            }
            DatabaseUrl::Sqlite(path) => match SqliteConnection::establish(&path.to_string_lossy())
            {
                // Never wait for a lock: a busy database means "ask it".
                Ok(mut conn) => match conn.batch_execute("PRAGMA busy_timeout = 0;") {
                    Ok(()) => Source::DataVersion(Mutex::new(SqliteWatch {
                        conn,
                        last: None,
                        moves: 0,
                    })),
                    Err(_) => Source::Never,
                },
                Err(e) => {
                    tracing::warn!(error = %e, "cannot open the change watch");
                    Source::Never
                }
            },
        };
        Changes { source }
    }

    /// The current generation, `None` when changes cannot be known now.
    pub fn generation(&self) -> Option<u64> {
        let local = LOCAL_WRITES.load(Ordering::SeqCst);
        Some(self.reported()?.wrapping_add(local))
    }

    /// The part of the generation the database reports.
    fn reported(&self) -> Option<u64> {
        Some(match &self.source {
            Source::Listener(l) => {
                if !l.listening.load(Ordering::SeqCst) {
                    return None;
                }
                l.seen.load(Ordering::SeqCst)
            }
            Source::DataVersion(watch) => {
                let mut w = watch.lock().ok()?;
                let now: i64 = DataVersion.get_result(&mut w.conn).ok()?;
                if w.last != Some(now) {
                    w.last = Some(now);
                    w.moves += 1;
                }
                w.moves
            }
            Source::Never => return None,
        })
    }
}

/// Listens until the application is gone; connects again after failures.
fn listen(url: &str, listened: Weak<Listened>) {
    let mut wait = RECONNECT;
    loop {
        let Some(shared) = listened.upgrade() else {
            return;
        };
        match PgConnection::establish(url)
            .map_err(|e| e.to_string())
            .and_then(|mut c| {
                c.batch_execute(&format!("LISTEN {CHANNEL}"))
                    .map(|()| c)
                    .map_err(|e| e.to_string())
            }) {
            Ok(mut conn) => {
                wait = RECONNECT;
                // Anything may have changed while nobody listened.
                shared.seen.fetch_add(1, Ordering::SeqCst);
                shared.listening.store(true, Ordering::SeqCst);
                drop(shared);
                let lost = follow(&mut conn, &listened);
                if let Some(shared) = listened.upgrade() {
                    shared.listening.store(false, Ordering::SeqCst);
                    shared.seen.fetch_add(1, Ordering::SeqCst);
                }
                match lost {
                    None => return,
                    Some(e) => tracing::warn!(error = %e, "change listener lost its connection"),
                }
            }
            Err(e) => {
                drop(shared);
                tracing::debug!(error = %e, "change listener cannot connect");
            }
        }
        std::thread::sleep(wait);
        wait = (wait * 2).min(RECONNECT_MAX);
    }
}

/// Moves the generation on each notice; returns the error that ended the
/// connection, or `None` when the application is gone.
fn follow(conn: &mut PgConnection, listened: &Weak<Listened>) -> Option<String> {
    let mut asked = Instant::now();
    loop {
        let shared = listened.upgrade()?;
        let mut noticed = false;
        for notice in conn.notifications_iter() {
            match notice {
                Ok(_) => noticed = true,
                Err(e) => return Some(e.to_string()),
            }
        }
        if noticed {
            shared.seen.fetch_add(1, Ordering::SeqCst);
        }
        drop(shared);
        if asked.elapsed() >= HEARTBEAT {
            if let Err(e) = conn.batch_execute("SELECT 1") {
                return Some(e.to_string());
            }
            asked = Instant::now();
        }
        std::thread::sleep(POLL);
    }
}

/// Whether a PostgreSQL connection still stands, without a round trip:
/// libpq reads what the server sent, and finds a closed connection there.
pub fn pg_alive(conn: &mut PgConnection) -> bool {
    conn.notifications_iter().all(|n| n.is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_generation_moves_with_a_commit_of_another_connection_only() {
        let dir = std::env::temp_dir().join(format!("sengketa-changes-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("db.sqlite");
        let url = DatabaseUrl::Sqlite(path.clone());
        let mut writer = SqliteConnection::establish(&path.to_string_lossy()).unwrap();
        writer
            .batch_execute("PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER);")
            .unwrap();
        let changes = Changes::watch(&url);
        // What the database reports: other tests of this process may write.
        let own = |c: &Changes| c.reported().unwrap();
        let first = own(&changes);
        assert_eq!(own(&changes), first, "nothing written, nothing moved");
        writer.batch_execute("INSERT INTO t VALUES (1);").unwrap();
        let second = own(&changes);
        assert_ne!(second, first, "a commit elsewhere moves it");
        assert_eq!(own(&changes), second);
        let _ = diesel::sql_query("SELECT n FROM t").execute(&mut writer);
        assert_eq!(own(&changes), second, "a read moves nothing");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_database_in_memory_is_never_taken_as_unchanged() {
        let changes = Changes::watch(&DatabaseUrl::Sqlite(":memory:".into()));
        assert_eq!(changes.generation(), None);
    }
}
