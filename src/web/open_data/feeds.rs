//! Atom feeds of public events and iCalendar files of public hearings, for
//! the whole commission, one register, one public body or a filtered list.

use actix_web::{web, HttpRequest, HttpResponse};
use atom_syndication::{Entry, Feed, Link, Person, Text};
use chrono::{TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use crate::i18n::Lang;
use crate::models::opendata::{self, CalendarHearing, FeedEvent, Scope};
use crate::models::{bodies, now, registers};
use crate::web::listing::{filter_params, percent_encode, record_id, ListQuery};
use crate::web::{AppError, AppState};

/// Entries in a feed.
const FEED_SIZE: i64 = 50;
/// Hearings in a calendar: from this many days back, at most this many.
const CALENDAR_DAYS_BACK: i64 = 90;
const CALENDAR_SIZE: i64 = 2000;
/// How long a hearing is assumed to last, for calendars.
const HEARING_HOURS: i64 = 2;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/feed.atom", web::get().to(commission_feed))
        .route("/registers/feed.atom", web::get().to(list_feed))
        .route("/registers/{id}/feed.atom", web::get().to(register_feed))
        .route("/bodies/{id}/feed.atom", web::get().to(body_feed))
        .route("/hearings.ics", web::get().to(all_hearings))
        .route(
            "/registers/{id}/hearings.ics",
            web::get().to(register_hearings),
        )
        .route("/bodies/{id}/hearings.ics", web::get().to(body_hearings));
}

fn utc(at: chrono::NaiveDateTime) -> chrono::DateTime<chrono::FixedOffset> {
    Utc.from_utc_datetime(&at).fixed_offset()
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    let mut l = Link::default();
    l.set_href(href);
    l.set_rel(rel);
    l.set_mime_type(mime.map(str::to_string));
    l
}

/// What an event says, in one line: its kind, and the change of status.
fn entry_title(lang: Lang, e: &FeedEvent) -> String {
    let number = e
        .number
        .clone()
        .unwrap_or_else(|| lang.t("common.unnumbered").into());
    match (e.from_status.as_deref(), e.to_status.as_deref()) {
        (Some(from), to @ Some(_)) => {
            format!(
                "{number}: {}",
                lang.status_change(Some(from), to).unwrap_or_default()
            )
        }
        _ => format!("{number}: {}", lang.label("event", &e.kind)),
    }
}

fn atom(
    state: &AppState,
    lang: Lang,
    title: String,
    self_path: &str,
    page_path: &str,
    events: Vec<FeedEvent>,
) -> String {
    let base = &state.settings.base_url;
    let mut feed = Feed::default();
    feed.set_title(Text::plain(title));
    feed.set_id(format!("{base}{self_path}"));
    feed.set_lang(Some(lang.code().to_string()));
    let mut author = Person::default();
    author.set_name(state.settings.commission_name.clone());
    feed.set_authors(vec![author]);
    feed.set_links(vec![
        link(
            format!("{base}{self_path}"),
            "self",
            Some("application/atom+xml"),
        ),
        link(format!("{base}{page_path}"), "alternate", Some("text/html")),
    ]);
    // An empty feed is as old as its subject; a stable value keeps
    // readers from seeing it change.
    let updated = events
        .first()
        .map(|e| utc(e.recorded_at))
        .unwrap_or_else(|| utc(chrono::NaiveDateTime::default()));
    feed.set_updated(updated);
    let entries = events
        .iter()
        .map(|e| {
            let mut entry = Entry::default();
            entry.set_id(format!("urn:uuid:{}", e.id));
            entry.set_title(Text::plain(entry_title(lang, e)));
            entry.set_updated(utc(e.recorded_at));
            entry.set_published(Some(utc(e.recorded_at)));
            entry.set_links(vec![link(
                format!("{base}/registers/{}", e.register_id),
                "alternate",
                Some("text/html"),
            )]);
            let summary = format!(
                "{} ({}). {}",
                e.subject,
                lang.date(e.occurred_on),
                e.public_text.clone().unwrap_or_default()
            );
            entry.set_summary(Some(Text::plain(summary)));
            entry
        })
        .collect::<Vec<_>>();
    feed.set_entries(entries);
    feed.to_string()
}

/// A feed, kept like a page: made again when its register (or, for the
/// others, any register or the reference data) changed.
async fn feed_of(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    scope: Scope,
    self_path: String,
    page_path: String,
) -> Result<HttpResponse, AppError> {
    let st = state.get_ref().clone();
    let stamp_scope = match &scope {
        Scope::Register(id) => Some(id.clone()),
        _ => None,
    };
    crate::web::cache::document(
        &state,
        &req,
        lang,
        "application/atom+xml; charset=utf-8",
        move |conn| match stamp_scope {
            Some(id) => crate::web::cache::register_stamp(conn, &id),
            None => crate::web::cache::site_stamp(conn),
        },
        move |conn| {
            let commission = &st.settings.commission_name;
            let title = match &scope {
                Scope::All => lang.fill("feed.all", &[("commission", commission)]),
                Scope::Register(id) => {
                    let r = registers::find(conn, id)?
                        .filter(|r| r.registered_on.is_some())
                        .ok_or(AppError::NotFound)?;
                    format!("{} — {}", r.number.unwrap_or_default(), r.subject)
                }
                Scope::Body(id) => {
                    bodies::find_public(conn, id)?
                        .ok_or(AppError::NotFound)?
                        .name
                }
                Scope::List(_) => lang.fill("feed.list", &[("commission", commission)]),
            };
            let events = opendata::recent_events(conn, &scope, FEED_SIZE)?;
            Ok(atom(&st, lang, title, &self_path, &page_path, events))
        },
    )
    .await
}

pub async fn commission_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> Result<HttpResponse, AppError> {
    feed_of(
        state,
        req,
        lang,
        Scope::All,
        "/feed.atom".into(),
        "/registers".into(),
    )
    .await
}

pub async fn list_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let filter = query.filter()?;
    let params = filter_params(&filter)
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let suffix = if params.is_empty() {
        String::new()
    } else {
        format!("?{params}")
    };
    feed_of(
        state,
        req,
        lang,
        Scope::List(filter),
        format!("/registers/feed.atom{suffix}"),
        format!("/registers{suffix}"),
    )
    .await
}

pub async fn register_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = record_id(path)?;
    let (feed, page) = (
        format!("/registers/{id}/feed.atom"),
        format!("/registers/{id}"),
    );
    feed_of(state, req, lang, Scope::Register(id), feed, page).await
}

pub async fn body_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = record_id(path)?;
    let (feed, page) = (format!("/bodies/{id}/feed.atom"), format!("/bodies/{id}"));
    feed_of(state, req, lang, Scope::Body(id), feed, page).await
}

/// Text for an iCalendar value: the library escapes line feeds, and a
/// carriage return (typed text holds CRLF) would end the line early, so
/// every line break becomes one line feed first.
fn ics_text(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Text for a one-line iCalendar value (a name, a summary, a place): line
/// breaks become spaces, since not every property's value is escaped.
fn ics_line(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

/// One hearing as a calendar event. The UID stays with the hearing for
/// life; each change raises SEQUENCE, and a postponed or cancelled hearing
/// is marked cancelled, so subscribed calendars update the same event.
fn event(state: &AppState, lang: Lang, c: &CalendarHearing, stamp: chrono::DateTime<Utc>) -> Event {
    let h = &c.hearing;
    let base = &state.settings.base_url;
    let domain = crate::mail::compose::message_domain(&state.settings);
    let starts = Utc.from_utc_datetime(&h.starts_at);
    let local =
        crate::domain::calendar::local_time(h.starts_at, &h.time_zone, state.settings.time_zone);
    let numbers: Vec<&str> = c.registers.iter().map(|(_, n, _)| n.as_str()).collect();
    let kind = lang.label("hearing_kind", &h.kind);
    let state_label = lang.label("hearing_state", &h.state);
    let summary = match h.state.as_str() {
        "postponed" | "cancelled" => format!("[{state_label}] {kind} — {}", numbers.join(", ")),
        _ => format!("{kind} — {}", numbers.join(", ")),
    };
    let mut description = vec![format!(
        "{}: {} {}",
        lang.t("ics.local_time"),
        lang.date(local.date_naive()),
        local.format("%H:%M %Z")
    )];
    description.push(format!(
        "{}: {}",
        lang.t("ics.openness"),
        lang.label("openness", &h.openness)
    ));
    description.push(format!("{}: {state_label}", lang.t("ics.state")));
    if let Some(reason) = &h.state_reason {
        description.push(reason.clone());
    }
    for (id, number, subject) in &c.registers {
        description.push(format!("{number} — {subject}: {base}/registers/{id}"));
    }
    let mut e = Event::new();
    e.uid(&format!("hearing-{}@{domain}", h.id))
        .sequence(c.sequence.max(0) as u32)
        .timestamp(stamp)
        .last_modified(Utc.from_utc_datetime(&h.updated_at))
        .summary(&ics_line(&summary))
        .description(&ics_text(&description.join("\n")))
        .location(&ics_line(if h.room.is_empty() {
            state.settings.commission_name.as_str()
        } else {
            h.room.as_str()
        }))
        .starts(starts)
        .ends(starts + chrono::Duration::hours(HEARING_HOURS))
        .status(match h.state.as_str() {
            "postponed" | "cancelled" => EventStatus::Cancelled,
            _ => EventStatus::Confirmed,
        });
    if let Some((id, _, _)) = c.registers.first() {
        e.url(&format!("{base}/registers/{id}"));
    }
    e.done()
}

async fn calendar_of(
    state: web::Data<AppState>,
    lang: Lang,
    scope: Scope,
) -> Result<HttpResponse, AppError> {
    let st = state.clone();
    let (name, hearings) = state
        .db(move |conn| {
            let commission = &st.settings.commission_name;
            let name = match &scope {
                Scope::Register(id) => {
                    let r = registers::find(conn, id)?
                        .filter(|r| r.registered_on.is_some())
                        .ok_or(AppError::NotFound)?;
                    lang.fill("ics.name_of", &[("what", &r.number.unwrap_or_default())])
                }
                Scope::Body(id) => {
                    let b = bodies::find_public(conn, id)?.ok_or(AppError::NotFound)?;
                    lang.fill("ics.name_of", &[("what", &b.name)])
                }
                _ => lang.fill("ics.name_all", &[("commission", commission)]),
            };
            let from = now() - chrono::Duration::days(CALENDAR_DAYS_BACK);
            Ok((
                name,
                opendata::calendar_hearings(conn, &scope, from, CALENDAR_SIZE)?,
            ))
        })
        .await?;
    let stamp = Utc::now();
    let mut cal = Calendar::new();
    cal.name(&ics_line(&name))
        .timezone(state.settings.time_zone.name())
        .description(&ics_line(&lang.fill(
            "ics.description",
            &[("commission", &state.settings.commission_name)],
        )));
    for h in &hearings {
        cal.push(event(&state, lang, h, stamp));
    }
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .body(cal.done().to_string()))
}

pub async fn all_hearings(
    state: web::Data<AppState>,
    lang: Lang,
) -> Result<HttpResponse, AppError> {
    calendar_of(state, lang, Scope::All).await
}

pub async fn register_hearings(
    state: web::Data<AppState>,
    lang: Lang,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = record_id(path)?;
    calendar_of(state, lang, Scope::Register(id)).await
}

pub async fn body_hearings(
    state: web::Data<AppState>,
    lang: Lang,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = record_id(path)?;
    calendar_of(state, lang, Scope::Body(id)).await
}
