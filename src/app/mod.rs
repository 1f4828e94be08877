//! Use cases: one function for each thing a person does that changes the
//! record. Each takes a connection, the settings and a typed command, runs
//! in one write transaction of its own, queues the email the change sends
//! in that transaction, and returns what it did or why it refused.
//!
//! A form's handler parses what was sent into the command, calls the use
//! case, and either redirects or shows the refusal with what was typed.

pub mod accounts;
pub mod applications;
pub mod calendar;
pub mod consequence;
pub mod filing;
pub mod follows;
pub mod hearings;
pub mod registers;

use crate::domain::status::TransitionError;

/// Why a use case did not do what it was asked: something the person who
/// asked can act on, as opposed to a failure of the system ([`crate::Error`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Input that breaks a rule; the key names the message.
    Invalid(&'static str),
    /// A rule of the lifecycle forbids the move.
    Transition(TransitionError),
    /// The register number is already another register's.
    NumberTaken(String),
    /// Someone saved the record since the person read it.
    Conflict,
}

/// A refusal, or a failure of the system.
#[derive(Debug)]
pub enum Failure {
    Refused(Refusal),
    Failed(crate::Error),
}

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Self {
        Failure::Refused(r)
    }
}

impl From<crate::Error> for Failure {
    fn from(e: crate::Error) -> Self {
        Failure::Failed(e)
    }
}

impl From<diesel::result::Error> for Failure {
    fn from(e: diesel::result::Error) -> Self {
        Failure::Failed(e.into())
    }
}

/// What a use case returns.
pub type Done<T = ()> = Result<T, Failure>;

/// Refuses with the message `key`.
pub fn invalid<T>(key: &'static str) -> Done<T> {
    Err(Failure::Refused(Refusal::Invalid(key)))
}
