//! Reminders: parties and followers one working day before a hearing, and
//! staff a daily summary of pressing deadlines. Each goes out once: its key
//! is recorded in the same transaction that queues it.

use askama::Template;
use chrono::{NaiveDate, NaiveDateTime, Timelike};
use diesel::prelude::*;

use super::compose;
use crate::config::Settings;
use crate::db::schema::reminders;
use crate::db::write_tx;
use crate::domain::kinds::HearingState;
use crate::domain::status::Status;
use crate::i18n::Lang;
use crate::models::notices;
use crate::models::outbox::{self, NewMessage, Outgoing};
use crate::models::{calendar, hearings, registers, users, Conn};
use crate::Error;

/// The daily summary goes out from this hour (commission time) on.
const SUMMARY_HOUR: u32 = 6;

/// Records `key`; `false` when it was recorded before.
pub fn first_time(conn: &mut Conn, key: &str, at: NaiveDateTime) -> QueryResult<bool> {
    if went_out(conn, key)? {
        return Ok(false);
    }
    diesel::insert_into(reminders::table)
        .values((reminders::key.eq(key), reminders::created_at.eq(at)))
        .execute(conn)?;
    Ok(true)
}

/// Whether something went out under `key` already.
fn went_out(conn: &mut Conn, key: &str) -> QueryResult<bool> {
    let seen: Option<String> = reminders::table
        .find(key)
        .select(reminders::key)
        .first(conn)
        .optional()?;
    Ok(seen.is_some())
}

/// Queues `messages` under `key` unless that key went out already. A second
/// worker racing for the same key fails on the unique key and queues nothing.
fn once(
    conn: &mut Conn,
    settings: &Settings,
    key: &str,
    out: Outgoing,
    at: NaiveDateTime,
) -> Result<bool, Error> {
    // Nothing to say (yet): leave the key free for a later round.
    if out.messages.is_empty() && out.notice.is_none() {
        return Ok(false);
    }
    let domain = compose::message_domain(settings);
    write_tx(conn, |conn| {
        if !first_time(conn, key, at)? {
            return Ok(false);
        }
        outbox::queue(conn, &out, &domain, at)?;
        Ok::<_, Error>(true)
    })
}

/// Queues what is due at local time `local_now`; returns how many reminders
/// (not messages) were queued.
pub fn queue_due(
    conn: &mut Conn,
    settings: &Settings,
    local_now: NaiveDateTime,
    at: NaiveDateTime,
) -> Result<usize, Error> {
    let today = local_now.date();
    let cal = calendar::working_calendar(conn, settings.collective_leave_is_day_off)?;
    let next_working_day = cal.add_working_days(today, 1).0;
    let mut queued = 0;
    // Hearings on the next working day (their local date), still scheduled.
    for h in hearings::upcoming(conn, at, 500)? {
        let local =
            crate::domain::calendar::local_time(h.starts_at, &h.time_zone, settings.time_zone);
        if local.date_naive() != next_working_day || h.state != HearingState::Scheduled.code() {
            continue;
        }
        let text = compose::Texts::each(|lang| {
            let when = format!(
                "{}, {} {}",
                lang.weekday(local.date_naive()),
                lang.date(local.date_naive()),
                local.format("%H.%M %Z")
            );
            lang.fill(
                "mail.hearing_reminder",
                &[
                    ("hearing", lang.label("hearing_kind", &h.kind)),
                    ("when", &when),
                ],
            )
        });
        for rid in hearings::register_ids(conn, &h.id)? {
            let Some(r) = registers::find(conn, &rid)? else {
                continue;
            };
            let out = compose::event_notices(conn, settings, &r, notices::REMINDER, &text)?;
            if once(
                conn,
                settings,
                &format!("hearing:{}:{}:{}", h.id, rid, next_working_day),
                out,
                at,
            )? {
                queued += 1;
            }
        }
    }
    let summary_key = format!("summary:{today}");
    // Composing the summary reads every running register: only when it is due.
    if local_now.hour() >= SUMMARY_HOUR
        && cal.is_working_day(today)
        && !went_out(conn, &summary_key)?
    {
        let out = Outgoing {
            messages: staff_summary(conn, settings, today)?,
            notice: None,
        };
        if once(conn, settings, &summary_key, out, at)? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// The most deadlines the morning email lists.
const SUMMARY_LINES: usize = 300;

/// The staff's morning email: every running register whose next deadline
/// falls within 5 working days or has passed.
fn staff_summary(
    conn: &mut Conn,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Vec<NewMessage>, Error> {
    let cal = calendar::working_calendar(conn, settings.collective_leave_is_day_off)?;
    let running: Vec<Status> = Status::ALL
        .iter()
        .copied()
        .filter(|s| !s.is_terminal() && *s != Status::Final)
        .collect();
    let rules_by_track = calendar::rules_by_track(conn)?;
    let regular = crate::domain::kinds::Track::Regular.code();
    let lang = Lang::Id;
    // The most pressing deadlines first, at most SUMMARY_LINES of them.
    let mut due: Vec<(NaiveDate, String)> = Vec::new();
    let mut total = 0usize;
    registers::each_in_statuses(conn, &running, 2_000, |rows| {
        for r in rows {
            let Some(status) = Status::from_code(&r.status) else {
                continue;
            };
            let Some(rules) = rules_by_track
                .get(&r.track)
                .or_else(|| rules_by_track.get(regular))
            else {
                continue;
            };
            for d in crate::domain::deadlines::open_deadlines(status, &r.dates(), rules, &cal) {
                if d.is_pressing(&cal, today) {
                    total += 1;
                    let number = r.number.clone().unwrap_or_else(|| r.subject.clone());
                    due.push((
                        d.due,
                        format!(
                            "{number}: {} — {}{} ({}/staff/registers/{})",
                            lang.label("rule", d.rule.code()),
                            lang.date(d.due),
                            if d.is_overdue(today) {
                                lang.t("mail.summary_overdue")
                            } else {
                                ""
                            },
                            settings.base_url,
                            r.id
                        ),
                    ));
                }
            }
        }
        due.sort();
        due.truncate(SUMMARY_LINES);
    })?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    let mut lines: Vec<String> = due.into_iter().map(|(_, line)| line).collect();
    if total > lines.len() {
        lines.push(lang.fill(
            "mail.summary_more",
            &[
                ("more", &lang.number((total - lines.len()) as i64)),
                ("url", &format!("{}/staff", settings.base_url)),
            ],
        ));
    }
    let subject = lang.fill("mail.summary_subject", &[("date", &lang.date(today))]);
    let body_text = SummaryText {
        subject: &subject,
        lines: &lines,
    }
    .render()?;
    let body_html = SummaryHtml {
        subject: &subject,
        lines: &lines,
    }
    .render()?;
    Ok(users::all(conn)?
        .into_iter()
        .filter(|u| u.active && u.role().is_staff())
        .map(|u| NewMessage {
            register_id: None,
            recipient: u.email,
            lang: lang.code().into(),
            subject: subject.clone(),
            body_text: body_text.clone(),
            body_html: body_html.clone(),
            unsubscribe_url: None,
        })
        .collect())
}

#[derive(askama::Template)]
#[template(path = "mail/staff_summary.txt")]
struct SummaryText<'a> {
    subject: &'a str,
    lines: &'a [String],
}

#[derive(askama::Template)]
#[template(path = "mail/staff_summary.html")]
struct SummaryHtml<'a> {
    subject: &'a str,
    lines: &'a [String],
}
