//! The outbox: email rows written with the change that causes them, then
//! claimed, sent and settled by the delivery worker.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Conn;
use crate::db::schema::outbox as queue;

pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const DEAD: &str = "dead";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = queue)]
pub struct Message {
    pub id: String,
    pub message_id: String,
    pub register_id: Option<String>,
    pub recipient: String,
    pub lang: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub unsubscribe_url: Option<String>,
}

/// A message ready to be queued.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub register_id: Option<String>,
    pub recipient: String,
    pub lang: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// For followers: where one click ends the follow.
    pub unsubscribe_url: Option<String>,
}

/// What a change sends: messages to its parties, and a notice the worker
/// later expands for the followers.
#[derive(Debug, Clone, Default)]
pub struct Outgoing {
    pub messages: Vec<NewMessage>,
    pub notice: Option<super::notices::Notice>,
}

/// Queues what a change sends; call it inside the transaction of the change.
pub fn queue(conn: &mut Conn, out: &Outgoing, domain: &str, at: NaiveDateTime) -> QueryResult<()> {
    enqueue(conn, &out.messages, domain, at)?;
    if let Some(n) = &out.notice {
        super::notices::insert(conn, n)?;
    }
    Ok(())
}

/// Queues messages; call it inside the transaction of the change itself.
pub fn enqueue(
    conn: &mut Conn,
    messages: &[NewMessage],
    domain: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    for m in messages {
        let id = crate::db::new_id();
        let row = Message {
            message_id: format!("<{id}@{domain}>"),
            id,
            register_id: m.register_id.clone(),
            recipient: m.recipient.clone(),
            lang: m.lang.clone(),
            subject: m.subject.clone(),
            body_text: m.body_text.clone(),
            body_html: m.body_html.clone(),
            state: PENDING.into(),
            attempts: 0,
            next_attempt_at: at,
            claimed_by: None,
            claimed_at: None,
            last_error: None,
            created_at: at,
            sent_at: None,
            unsubscribe_url: m.unsubscribe_url.clone(),
        };
        diesel::insert_into(queue::table)
            .values(&row)
            .execute(conn)?;
    }
    Ok(())
}

/// Offers again the messages whose claim is older than `stale_before`: their
/// worker died mid-send.
pub fn reclaim_stale(conn: &mut Conn, stale_before: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        queue::table
            .filter(queue::state.eq(SENDING))
            .filter(queue::claimed_at.lt(stale_before)),
    )
    .set((
        queue::state.eq(PENDING),
        queue::claimed_by.eq(None::<String>),
    ))
    .execute(conn)
}

/// Makes every waiting message whose last attempt found the relay
/// unreachable due now; returns how many.
pub fn retry_unreachable_now(conn: &mut Conn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        queue::table
            .filter(queue::state.eq(PENDING))
            .filter(queue::next_attempt_at.gt(now))
            .filter(
                queue::last_error.like(format!("{}%", crate::domain::delivery::UNREACHABLE_PREFIX)),
            ),
    )
    .set(queue::next_attempt_at.eq(now))
    .execute(conn)
}

/// Gives back every message `worker` claimed and has not settled: a worker
/// that stops on purpose hands them on at once.
pub fn release(conn: &mut Conn, worker: &str) -> QueryResult<usize> {
    diesel::update(
        queue::table
            .filter(queue::state.eq(SENDING))
            .filter(queue::claimed_by.eq(worker)),
    )
    .set((
        queue::state.eq(PENDING),
        queue::claimed_by.eq(None::<String>),
        queue::claimed_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
}

/// Claims up to `limit` due messages for `worker`. Each row is claimed by a
/// conditional update, so two workers never hold the same message.
pub fn claim(
    conn: &mut Conn,
    worker: &str,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<Message>> {
    let due: Vec<String> = queue::table
        .filter(queue::state.eq(PENDING))
        .filter(queue::next_attempt_at.le(now))
        .order((queue::next_attempt_at.asc(), queue::id.asc()))
        .limit(limit)
        .select(queue::id)
        .load(conn)?;
    let mut claimed = Vec::new();
    for id in due {
        let n = diesel::update(
            queue::table
                .filter(queue::id.eq(&id))
                .filter(queue::state.eq(PENDING)),
        )
        .set((
            queue::state.eq(SENDING),
            queue::claimed_by.eq(worker),
            queue::claimed_at.eq(now),
        ))
        .execute(conn)?;
        if n == 1 {
            claimed.push(
                queue::table
                    .find(&id)
                    .select(Message::as_select())
                    .first(conn)?,
            );
        }
    }
    Ok(claimed)
}

/// How an attempt left a message.
pub struct Settlement {
    pub state: &'static str,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub error: Option<String>,
    pub now: NaiveDateTime,
}

/// Settles a claimed message; does nothing if the claim was lost meanwhile.
pub fn settle(conn: &mut Conn, id: &str, worker: &str, s: &Settlement) -> QueryResult<bool> {
    let (state, attempts, next_attempt_at, error) =
        (s.state, s.attempts, s.next_attempt_at, s.error.clone());
    let sent_at = (state == SENT).then_some(s.now);
    let n = diesel::update(
        queue::table
            .filter(queue::id.eq(id))
            .filter(queue::claimed_by.eq(worker)),
    )
    .set((
        queue::state.eq(state),
        queue::attempts.eq(attempts),
        queue::next_attempt_at.eq(next_attempt_at),
        queue::last_error.eq(error),
        queue::sent_at.eq(sent_at),
        queue::claimed_by.eq(None::<String>),
        queue::claimed_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Puts a dead letter back in the queue.
pub fn find(conn: &mut Conn, id: &str) -> QueryResult<Option<Message>> {
    queue::table
        .find(id)
        .select(Message::as_select())
        .first(conn)
        .optional()
}

pub fn resend(conn: &mut Conn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        queue::table
            .filter(queue::id.eq(id))
            .filter(queue::state.eq(DEAD)),
    )
    .set((
        queue::state.eq(PENDING),
        queue::attempts.eq(0),
        queue::next_attempt_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn for_register(conn: &mut Conn, register_id: &str) -> QueryResult<Vec<Message>> {
    queue::table
        .filter(queue::register_id.eq(register_id))
        .order((queue::created_at.desc(), queue::id.desc()))
        .select(Message::as_select())
        .load(conn)
}

/// The latest `limit` messages of all registers.
pub fn recent(conn: &mut Conn, limit: i64) -> QueryResult<Vec<Message>> {
    queue::table
        .order((queue::created_at.desc(), queue::id.desc()))
        .limit(limit)
        .select(Message::as_select())
        .load(conn)
}
