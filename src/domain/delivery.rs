//! When to try an email again, and when to give up.

use std::time::Duration;

/// After this many failed attempts a message becomes a dead letter.
pub const MAX_ATTEMPTS: i32 = 8;

/// First retry after about this long; each later one waits twice as long.
pub const BASE_DELAY_SECS: f64 = 30.0;
const MAX_DELAY_SECS: f64 = 6.0 * 3600.0;

/// A claim older than this belongs to a worker that died: the message is
/// offered again.
pub const CLAIM_TIMEOUT: Duration = Duration::from_secs(300);

/// The start of the error kept for a message whose relay could not be
/// reached, so that it can be found again when the relay is back.
pub const UNREACHABLE_PREFIX: &str = "relay unreachable: ";

/// How an attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Worth another try: the relay answered 4xx.
    Temporary,
    /// Worth another try: the relay could not be reached or did not answer.
    /// Messages that failed this way are all tried again as soon as the
    /// relay takes a message (see the worker).
    Unreachable,
    /// Will never work (5xx reply, malformed address).
    Permanent,
}

/// What to do with a message after `attempts` attempts ended in `outcome`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Next {
    Done,
    RetryAfter(Duration),
    Dead,
}

/// `jitter` is a number in [0, 1) that spreads retries by up to ±20 %.
pub fn after_attempt(attempts: i32, outcome: Outcome, jitter: f64) -> Next {
    after_attempt_from(BASE_DELAY_SECS, attempts, outcome, jitter)
}

/// As `after_attempt`, with the first retry `base_secs` after the failure.
pub fn after_attempt_from(base_secs: f64, attempts: i32, outcome: Outcome, jitter: f64) -> Next {
    match outcome {
        Outcome::Sent => Next::Done,
        Outcome::Permanent => Next::Dead,
        Outcome::Temporary | Outcome::Unreachable if attempts >= MAX_ATTEMPTS => Next::Dead,
        Outcome::Temporary | Outcome::Unreachable => {
            let exp = base_secs * 2f64.powi((attempts - 1).max(0));
            let spread = 0.8 + 0.4 * jitter.clamp(0.0, 1.0);
            Next::RetryAfter(Duration::from_secs_f64((exp * spread).min(MAX_DELAY_SECS)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_with_jitter_then_give_up() {
        let secs = |attempts, jitter| match after_attempt(attempts, Outcome::Temporary, jitter) {
            Next::RetryAfter(d) => d.as_secs_f64(),
            other => panic!("{other:?}"),
        };
        assert_eq!(secs(1, 0.5), 30.0);
        assert_eq!(secs(2, 0.5), 60.0);
        assert_eq!(secs(3, 0.5), 120.0);
        assert_eq!(secs(1, 0.0), 24.0);
        assert!((secs(1, 0.999) - 36.0).abs() < 0.1);
        assert_eq!(secs(7, 0.5), 1920.0);
        assert_eq!(
            after_attempt(MAX_ATTEMPTS, Outcome::Temporary, 0.5),
            Next::Dead
        );
        assert_eq!(after_attempt(1, Outcome::Permanent, 0.5), Next::Dead);
        assert_eq!(after_attempt(3, Outcome::Sent, 0.5), Next::Done);
    }
}
