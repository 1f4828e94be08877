//! Rows and the queries that read and write them, one file per aggregate.

pub mod accounts;
pub mod attachments;
pub mod bodies;
pub mod calendar;
pub mod drafts;
pub mod filings;
pub mod follows;
pub mod hearings;
pub mod mail_requests;
pub mod notices;
pub mod opendata;
pub mod outbox;
pub mod petitioners;
pub mod registers;
pub mod search;
pub mod stamps;
pub mod stats;
pub mod users;

pub use crate::db::DbConnection as Conn;

/// Current time in UTC, as stored.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}
