//! The delivery worker: reclaims messages left by a dead worker, claims a
//! batch, sends each one outside any transaction, and settles it as sent,
//! due again later, or dead.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::{build, send, Transport};
use crate::db::Pool;
use crate::domain::delivery::{after_attempt_from, Next, Outcome, CLAIM_TIMEOUT};
use crate::models::now;
use crate::models::outbox::{self, Settlement, DEAD, PENDING, SENT};

pub struct Worker {
    pub id: String,
    pub pool: Pool,
    pub transport: Transport,
    pub from: String,
    pub batch: i64,
    /// Messages sent at the same time.
    pub concurrency: usize,
    /// Needed to tell followers and queue reminders and digests; a worker
    /// without it only delivers.
    pub settings: Option<Arc<crate::config::Settings>>,
    /// Set to stop: the worker finishes the message it is sending, gives
    /// back the rest of its batch and returns.
    pub stop: Arc<AtomicBool>,
    /// Seconds before the first retry of a message the relay did not take.
    pub retry_base_secs: f64,
    /// Set when an attempt found the relay unreachable; the next message
    /// it takes brings every message that waits for it forward.
    relay_lost: AtomicBool,
}

/// How often due reminders are looked for.
const REMINDERS_EVERY: Duration = Duration::from_secs(60);

/// How often lapsed follow requests are removed.
const PURGE_EVERY: Duration = Duration::from_secs(600);

/// A number in [0, 1) for retry jitter.
fn jitter() -> f64 {
    (uuid::Uuid::new_v4().as_u128() >> 64) as f64 / (u64::MAX as f64 + 1.0)
}

impl Worker {
    pub fn new(pool: Pool, transport: Transport, from: String) -> Worker {
        Worker {
            id: format!("worker-{}", uuid::Uuid::new_v4().simple()),
            pool,
            transport,
            from,
            batch: 64,
            concurrency: 8,
            settings: None,
            stop: Arc::new(AtomicBool::new(false)),
            retry_base_secs: crate::domain::delivery::BASE_DELAY_SECS,
            relay_lost: AtomicBool::new(false),
        }
    }

    /// Runs `f` on a connection of the pool.
    fn with_conn<T>(
        &self,
        f: impl FnOnce(&mut crate::models::Conn) -> crate::Result<T>,
    ) -> crate::Result<T> {
        let mut conn = self.pool.get()?;
        f(&mut conn)
    }

    /// Expands waiting notices into follower messages and digest entries.
    pub fn fan_out(&self) -> crate::Result<usize> {
        let Some(settings) = &self.settings else {
            return Ok(0);
        };
        self.with_conn(|conn| super::followers::fan_out_waiting(conn, settings, 16))
    }

    /// One round: followers told, then a batch delivered; returns how many
    /// notices were expanded plus messages settled.
    pub fn run_once(&self) -> crate::Result<usize> {
        let expanded = self.fan_out()?;
        let mut conn = self.pool.get()?;
        let at = now();
        let stale = at - chrono::Duration::from_std(CLAIM_TIMEOUT).unwrap_or_default();
        let reclaimed = outbox::reclaim_stale(&mut conn, stale)?;
        if reclaimed > 0 {
            tracing::warn!(
                reclaimed,
                "messages left by a stopped worker are offered again"
            );
        }
        let claimed = outbox::claim(&mut conn, &self.id, at, self.batch)?;
        drop(conn);
        // Several connections at once: each SMTP exchange waits on the
        // network far more than on this machine.
        let lanes = self.concurrency.max(1).min(claimed.len().max(1));
        let chunk = claimed.len().div_ceil(lanes).max(1);
        let results: Vec<crate::Result<usize>> = std::thread::scope(|scope| {
            let handles: Vec<_> = claimed
                .chunks(chunk)
                .map(|part| scope.spawn(move || self.deliver(part)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(crate::Error::Internal("delivery thread panicked".into()))
                    })
                })
                .collect()
        });
        results
            .into_iter()
            .try_fold(expanded, |sum, r| r.map(|n| sum + n))
    }

    fn deliver(&self, messages: &[crate::models::outbox::Message]) -> crate::Result<usize> {
        let mut settled = 0;
        for m in messages {
            if self.stop.load(Ordering::Relaxed) {
                break;
            }
            let attempts = m.attempts + 1;
            let (outcome, error) = match build(m, &self.from) {
                Ok(email) => send(&self.transport, &email),
                Err(e) => (Outcome::Permanent, Some(e.to_string())),
            };
            let now = now();
            let (state, next_at) =
                match after_attempt_from(self.retry_base_secs, attempts, outcome, jitter()) {
                    Next::Done => (SENT, now),
                    Next::Dead => (DEAD, now),
                    Next::RetryAfter(d) => (
                        PENDING,
                        now + chrono::Duration::from_std(d).unwrap_or_default(),
                    ),
                };
            if let Some(e) = &error {
                tracing::warn!(message = %m.message_id, attempts, state, error = %e, "delivery attempt failed");
            }
            let mut conn = self.pool.get()?;
            match outcome {
                Outcome::Unreachable => self.relay_lost.store(true, Ordering::Relaxed),
                Outcome::Sent if self.relay_lost.swap(false, Ordering::Relaxed) => {
                    let due = outbox::retry_unreachable_now(&mut conn, now)?;
                    tracing::info!(due, "the relay takes messages again");
                }
                _ => {}
            }
            let s = Settlement {
                state,
                attempts,
                next_attempt_at: next_at,
                error,
                now,
            };
            outbox::settle(&mut conn, &m.id, &self.id, &s)?;
            settled += 1;
        }
        Ok(settled)
    }

    /// Queues the reminders and digests that are due now.
    /// Counts the statistics again when they are out of date and old
    /// enough (see `models::stats`), so that visitors of a large register
    /// never wait for the counting.
    pub fn refresh_statistics(&self) {
        let Some(settings) = &self.settings else {
            return;
        };
        let result = self.with_conn(|conn| {
            Ok(crate::models::stats::refresh(
                conn,
                settings.collective_leave_is_day_off,
                settings.today(),
                now(),
            )?)
        });
        if let Err(e) = result {
            tracing::error!(error = %e, "counting the statistics failed");
        }
    }

    pub fn queue_reminders(&self) {
        let Some(settings) = &self.settings else {
            return;
        };
        let at = now();
        let local = settings.local_now();
        let result = self.with_conn(|conn| {
            let reminders = super::reminders::queue_due(conn, settings, local, at)?;
            let digests = super::followers::queue_digests(conn, settings, local, at)?;
            Ok(reminders + digests)
        });
        match result {
            Ok(0) => {}
            Ok(n) => tracing::info!(queued = n, "reminders and digests queued"),
            // Another worker queued the same reminder first: nothing is lost.
            Err(e) => tracing::warn!(error = %e, "queuing reminders failed"),
        }
    }

    /// Removes what has lapsed: follow requests nobody confirmed in time,
    /// counts of requested emails no budget reads any more, and sessions
    /// past their idle or absolute lifetime.
    pub fn housekeeping(&self) {
        let at = now();
        let result = self.with_conn(|conn| {
            let cutoff = at - chrono::Duration::days(crate::models::follows::CONFIRM_DAYS);
            let follows = crate::models::follows::purge_unconfirmed(conn, cutoff)?;
            crate::models::mail_requests::forget_before(conn, at - chrono::Duration::days(1))?;
            let sessions = match &self.settings {
                Some(s) => crate::models::users::end_lapsed_sessions(
                    conn,
                    at - s.session_idle,
                    at - s.session_lifetime,
                )?,
                None => 0,
            };
            Ok((follows, sessions))
        });
        match result {
            Ok((0, 0)) => {}
            Ok((follows, sessions)) => {
                tracing::info!(
                    follows,
                    sessions,
                    "lapsed follow requests and sessions removed"
                )
            }
            Err(e) => tracing::error!(error = %e, "housekeeping failed"),
        }
    }

    /// Runs until `stop` is set, pausing when there is nothing to send.
    pub fn run(mut self, stop: Arc<AtomicBool>, idle: Duration) {
        self.stop = stop.clone();
        let mut last_purge: Option<std::time::Instant> = None;
        let mut last_reminders: Option<std::time::Instant> = None;
        while !stop.load(Ordering::Relaxed) {
            if last_purge.is_none_or(|t| t.elapsed() > PURGE_EVERY) {
                self.housekeeping();
                last_purge = Some(std::time::Instant::now());
            }
            if last_reminders.is_none_or(|t| t.elapsed() > REMINDERS_EVERY) {
                self.queue_reminders();
                self.refresh_statistics();
                last_reminders = Some(std::time::Instant::now());
            }
            match self.run_once() {
                Ok(0) => pause(&stop, idle),
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "delivery round failed");
                    pause(&stop, idle);
                }
            }
        }
        self.give_back();
    }

    /// Offers the messages this worker claimed but did not send to the
    /// next worker at once, rather than after the claim times out.
    fn give_back(&self) {
        let released = self.with_conn(|conn| Ok(outbox::release(conn, &self.id)?));
        match released {
            Ok(0) => {}
            Ok(n) => tracing::info!(released = n, "unsent messages given back on stopping"),
            Err(e) => {
                tracing::warn!(error = %e, "unsent messages wait for their claim to time out")
            }
        }
    }
}

/// Sleeps up to `idle`, waking early when `stop` is set.
fn pause(stop: &AtomicBool, idle: Duration) {
    let step = Duration::from_millis(50);
    let mut slept = Duration::ZERO;
    while slept < idle && !stop.load(Ordering::Relaxed) {
        std::thread::sleep(step.min(idle - slept));
        slept += step;
    }
}
