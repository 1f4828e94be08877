//! Telling followers: the worker expands each waiting notice into one
//! message per immediate follower and one digest entry per digest follower,
//! and once a day folds each address's digest entries into one email.

use std::collections::BTreeMap;

use askama::Template;
use chrono::{NaiveDateTime, Timelike};

use super::compose::{self, Parties};
use crate::config::Settings;
use crate::db::write_tx;
use crate::i18n::Lang;
use crate::models::notices::{self, Notice};
use crate::models::{follows, outbox, registers, Conn};
use crate::Error;

/// Digests go out from this hour (commission time) on, once a day.
pub const DIGEST_HOUR: u32 = 7;

/// Expands up to `limit` waiting notices; returns how many it expanded.
/// Each notice is expanded in its own transaction, all or nothing, and by
/// one worker only.
pub fn fan_out_waiting(conn: &mut Conn, settings: &Settings, limit: i64) -> Result<usize, Error> {
    let mut done = 0;
    for n in notices::waiting(conn, limit)? {
        if fan_out(conn, settings, &n)? {
            done += 1;
        }
    }
    Ok(done)
}

fn fan_out(conn: &mut Conn, settings: &Settings, n: &Notice) -> Result<bool, Error> {
    let domain = compose::message_domain(settings);
    write_tx(conn, |conn| {
        let at = crate::models::now();
        if !notices::take(conn, &n.id, at)? {
            return Ok(false);
        }
        let Some(r) = registers::find(conn, &n.register_id)? else {
            return Ok(true);
        };
        let parties = Parties::of(conn, &r)?;
        let mut messages = Vec::new();
        for f in follows::followers_of(conn, &r.id, &r.respondent_id)? {
            // Parties hear as parties; a follow confirmed after the event
            // starts with the next one.
            if parties.includes(&f.email) || f.confirmed_at.is_some_and(|c| c > n.created_at) {
                continue;
            }
            if f.mode == follows::DIGEST {
                // A reminder the day before is only useful on that day.
                if n.kind != notices::REMINDER {
                    notices::add_digest_entry(conn, &f.id, &n.id, at)?;
                }
            } else {
                messages.push(compose::for_follower(settings, &r, n, &f)?);
            }
        }
        outbox::enqueue(conn, &messages, &domain, at)?;
        Ok::<_, Error>(true)
    })
}

pub struct DigestLine {
    pub number: String,
    pub subject: String,
    pub kind: &'static str,
    pub change: Option<String>,
    pub date: String,
    pub text: Option<String>,
    pub link: String,
}

pub struct DigestMail {
    pub lang: Lang,
    pub commission: String,
    pub heading: String,
    pub lines: Vec<DigestLine>,
    pub manage: String,
}

impl DigestMail {
    fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }
}

#[derive(Template)]
#[template(path = "mail/digest.txt")]
struct DigestText<'a> {
    m: &'a DigestMail,
}

#[derive(Template)]
#[template(path = "mail/digest.html")]
struct DigestHtml<'a> {
    m: &'a DigestMail,
}

/// Queues today's digest of every address with entries waiting, once the
/// digest hour has come; each address gets at most one digest a day.
pub fn queue_digests(
    conn: &mut Conn,
    settings: &Settings,
    local_now: NaiveDateTime,
    at: NaiveDateTime,
) -> Result<usize, Error> {
    if local_now.hour() < DIGEST_HOUR {
        return Ok(0);
    }
    let today = local_now.date();
    let domain = compose::message_domain(settings);
    let mut queued = 0;
    for email in notices::digest_addresses(conn)? {
        let key = format!("digest:{email}:{today}");
        let sent = write_tx(conn, |conn| {
            let entries = notices::digest_of(conn, &email)?;
            let Some(latest) = entries
                .iter()
                .map(|e| &e.follow)
                .max_by_key(|f| f.created_at)
            else {
                return Ok(false);
            };
            if !super::reminders::first_time(conn, &key, at)? {
                return Ok(false);
            }
            let lang = Lang::from_code(&latest.lang).unwrap_or_default();
            let manage = format!("{}/follows/{}/unsubscribe", settings.base_url, latest.token);
            let mut registers_seen = BTreeMap::new();
            let mut lines = Vec::new();
            for e in &entries {
                let r = match registers_seen.get(&e.notice.register_id) {
                    Some(r) => r,
                    None => {
                        let Some(r) = registers::find(conn, &e.notice.register_id)? else {
                            continue;
                        };
                        registers_seen
                            .entry(e.notice.register_id.clone())
                            .or_insert(r)
                    }
                };
                lines.push(line(settings, lang, r, &e.notice));
            }
            let ids: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
            if !notices::clear_entries(conn, &ids)? {
                // Another worker took some of them: let it send them.
                return Err(Error::Internal("digest entries taken meanwhile".into()));
            }
            let m = DigestMail {
                lang,
                commission: settings.commission_name.clone(),
                heading: lang.fill("mail.digest_subject", &[("date", &lang.date(today))]),
                lines,
                manage: manage.clone(),
            };
            let msg = outbox::NewMessage {
                register_id: None,
                recipient: email.clone(),
                lang: lang.code().to_string(),
                subject: m.heading.clone(),
                body_text: DigestText { m: &m }.render()?,
                body_html: DigestHtml { m: &m }.render()?,
                unsubscribe_url: Some(format!("{manage}?scope=digest")),
            };
            outbox::enqueue(conn, &[msg], &domain, at)?;
            Ok::<_, Error>(true)
        });
        match sent {
            Ok(true) => queued += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "a digest was left for a later round"),
        }
    }
    Ok(queued)
}

fn line(settings: &Settings, lang: Lang, r: &registers::Register, n: &Notice) -> DigestLine {
    // A digest line tells a move, not a first status.
    let change = n
        .from_status
        .as_deref()
        .and_then(|from| lang.status_change(Some(from), n.to_status.as_deref()));
    DigestLine {
        number: r.number.clone().unwrap_or_default(),
        subject: r.subject.clone(),
        kind: compose::kind_label(lang, &n.kind),
        change,
        date: lang.date(n.occurred_on),
        text: super::compose::notice_text(n, lang).map(str::to_string),
        link: format!("{}/registers/{}", settings.base_url, r.id),
    }
}
