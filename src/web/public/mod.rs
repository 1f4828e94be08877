//! Public pages: anyone may read them; nothing private is loaded here.

pub mod follow;
pub mod stats;

use std::collections::HashMap;

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use serde::Deserialize;

use crate::db::DbConnection;
use crate::domain::deadlines;
use crate::domain::kinds::{parse_code_list, ExemptionGround, ObjectionGround, Track};
use crate::domain::status::Status;
use crate::i18n::Lang;
use crate::models::registers::{self, Cursor, Filter};
use crate::models::{bodies, hearings, stamps};
use crate::web::cache::{self, stamp_of, Forms, Rendered};
pub(crate) use crate::web::clocks::Clocks;
use crate::web::views::{
    code_choices, count_text, deadline_view, display_number, hearing_view, register_row, Choice,
    DeadlineView, HearingView, PageCtx, RegisterRow,
};
use crate::web::{AppError, AppState};

const PAGE_SIZE: i64 = 25;
const MAX_QUERY_CHARS: usize = 200;

/// Register ids and numbers for each hearing, in one query.
fn hearing_links(
    conn: &mut DbConnection,
    list: &[hearings::Hearing],
) -> Result<HashMap<String, Vec<(String, String)>>, AppError> {
    let ids: Vec<String> = list.iter().map(|h| h.id.clone()).collect();
    let mut map: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (hearing_id, register_id, number) in hearings::register_links(conn, &ids)? {
        map.entry(hearing_id)
            .or_default()
            .push((register_id, number.unwrap_or_default()));
    }
    Ok(map)
}

pub(crate) fn hearing_views(
    lang: Lang,
    state: &AppState,
    conn: &mut DbConnection,
    list: &[hearings::Hearing],
) -> Result<Vec<HearingView>, AppError> {
    let mut links = hearing_links(conn, list)?;
    Ok(list
        .iter()
        .map(|h| {
            hearing_view(
                lang,
                h,
                state.settings.time_zone,
                links.remove(&h.id).unwrap_or_default(),
            )
        })
        .collect())
}

// ---------------------------------------------------------------- home

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: PageCtx,
    commission: String,
    upcoming: Vec<HearingView>,
    recent: Vec<RegisterRow>,
}

pub async fn home(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: actix_session::Session,
) -> Result<HttpResponse, AppError> {
    let page = PageCtx::new(lang, &req, lang.t("home.heading"))
        .with_alternates(Some("/feed.atom".into()), Some("/hearings.ics".into()));
    let st = state.get_ref().clone();
    cache::page(
        &state,
        &req,
        lang,
        &session,
        Forms::None,
        site_stamp,
        move |conn, _| {
            let upcoming = hearings::upcoming(conn, Utc::now().naive_utc(), 8)?;
            let valid_until = upcoming.first().map(|h| h.starts_at);
            let upcoming = hearing_views(lang, &st, conn, &upcoming)?;
            let recent = registers::recently_changed(conn, 8)?;
            let parties = registers::parties(conn, &recent)?;
            let clocks = Clocks::load(conn, &st)?;
            let recent = recent
                .iter()
                .map(|r| register_row(lang, r, &parties, clocks.next(lang, r)))
                .collect();
            Ok(Rendered {
                body: HomePage {
                    page,
                    commission: st.settings.commission_name.clone(),
                    upcoming,
                    recent,
                }
                .render()?,
                valid_until,
            })
        },
    )
    .await
}

/// What every list-like page is made from: any register's last change and
/// the reference data.
pub(crate) fn site_stamp(conn: &mut DbConnection) -> Result<u64, AppError> {
    Ok(stamp_of(&stamps::site(conn)?))
}

/// What a register's own pages are made from; refuses an unknown register.
pub(crate) fn register_stamp(conn: &mut DbConnection, id: &str) -> Result<u64, AppError> {
    let stamp = stamps::register(conn, id)?.ok_or(AppError::NotFound)?;
    Ok(stamp_of(&stamp))
}

// ---------------------------------------------------------------- list

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    respondent: Option<String>,
    year: Option<String>,
    track: Option<String>,
    q: Option<String>,
    after: Option<String>,
}

/// Ids are generated UUIDs; anything else cannot name a record, and is
/// refused before it reaches the database.
fn plausible_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A whole number as a query string writes one: digits with an optional
/// minus, no plus and no leading zeros, so that what the API's description
/// calls an integer is all that is read as one.
pub fn whole_number<T: std::str::FromStr>(s: &str) -> Option<T> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    plain.then(|| s.parse().ok()).flatten()
}

/// A day written as `YYYY-MM-DD` exactly (RFC 3339's full-date).
pub fn full_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| d.format("%Y-%m-%d").to_string() == s)
}

/// The id in a record's address; one that cannot exist is not looked up.
pub fn record_id(path: web::Path<String>) -> Result<String, AppError> {
    let id = path.into_inner();
    if plausible_id(&id) {
        Ok(id)
    } else {
        Err(AppError::NotFound)
    }
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl ListQuery {
    pub fn filter(&self) -> Result<Filter, AppError> {
        let status = given(&self.status)
            .map(|s| Status::from_code(s).ok_or(AppError::BadRequest("bad.status")))
            .transpose()?;
        let track = given(&self.track)
            .map(|s| Track::from_code(s).ok_or(AppError::BadRequest("bad.track")))
            .transpose()?;
        let year = given(&self.year)
            .map(|s| {
                whole_number::<i32>(s)
                    .filter(|y| (1000..=9999).contains(y))
                    .ok_or(AppError::BadRequest("bad.year"))
            })
            .transpose()?;
        let query = given(&self.q).map(str::to_string);
        if query
            .as_ref()
            .is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS)
        {
            return Err(AppError::BadRequest("bad.query"));
        }
        if query
            .as_ref()
            .is_some_and(|q| q.chars().any(char::is_control))
        {
            return Err(AppError::BadRequest("bad.query_chars"));
        }
        let respondent_id = given(&self.respondent).map(str::to_string);
        if respondent_id.as_deref().is_some_and(|id| !plausible_id(id)) {
            return Err(AppError::BadRequest("bad.respondent"));
        }
        Ok(Filter {
            status,
            respondent_id,
            year,
            track,
            query,
        })
    }

    fn cursor(&self) -> Result<Option<Cursor>, AppError> {
        given(&self.after)
            .map(|raw| Cursor::decode(raw).ok_or(AppError::BadRequest("bad.cursor")))
            .transpose()
    }
}

/// The list's current filters as query parameters, for links.
pub fn filter_params(f: &Filter) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(q) = &f.query {
        out.push(("q".to_string(), q.clone()));
    }
    if let Some(s) = f.status {
        out.push(("status".to_string(), s.code().to_string()));
    }
    if let Some(r) = &f.respondent_id {
        out.push(("respondent".to_string(), r.clone()));
    }
    if let Some(y) = f.year {
        out.push(("year".to_string(), y.to_string()));
    }
    if let Some(t) = f.track {
        out.push(("track".to_string(), t.code().to_string()));
    }
    out
}

fn encode_query(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Template)]
#[template(path = "registers.html")]
struct ListPage {
    page: PageCtx,
    query: String,
    statuses: Vec<Choice>,
    respondents: Vec<Choice>,
    years: Vec<Choice>,
    tracks: Vec<Choice>,
    count_text: String,
    rows: Vec<RegisterRow>,
    next_url: Option<String>,
    first_url: Option<String>,
    filtered: bool,
}

pub async fn registers(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: actix_session::Session,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let filter = query.filter()?;
    let cursor = query.cursor()?;
    let params = filter_params(&filter)
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let feed = if params.is_empty() {
        "/registers/feed.atom".to_string()
    } else {
        format!("/registers/feed.atom?{params}")
    };
    let page = PageCtx::new(lang, &req, lang.t("list.heading"))
        .with_alternates(Some(feed), Some("/hearings.ics".into()));
    let st = state.get_ref().clone();
    cache::page(
        &state,
        &req,
        lang,
        &session,
        Forms::None,
        site_stamp,
        move |conn, _| {
            if let Some(id) = &filter.respondent_id {
                if bodies::find_public(conn, id)?.is_none() {
                    return Err(AppError::BadRequest("bad.respondent"));
                }
            }
            let total = registers::count(conn, &filter)?;
            let (rows, next) = registers::page(conn, &filter, cursor.as_ref(), PAGE_SIZE)?;
            let parties = registers::parties(conn, &rows)?;
            let clocks = Clocks::load(conn, &st)?;
            let rows = rows
                .iter()
                .map(|r| register_row(lang, r, &parties, clocks.next(lang, r)))
                .collect();
            let params = filter_params(&filter);
            let next_url = next.map(|c| {
                let mut p = params.clone();
                p.push(("after".to_string(), c.encode()));
                format!("/registers?{}", encode_query(&p))
            });
            let first_url = cursor
                .as_ref()
                .map(|_| format!("/registers?{}", encode_query(&params)));
            let statuses = code_choices(
                Status::ALL,
                Status::code,
                "status",
                lang,
                filter.status.map(Status::code).unwrap_or(""),
            );
            let respondents = bodies::confirmed(conn)?
                .into_iter()
                .map(|b| Choice {
                    selected: filter.respondent_id.as_deref() == Some(b.id.as_str()),
                    value: b.id,
                    label: format!("{} ({})", b.name, b.short_name),
                })
                .collect();
            let years = registers::years(conn)?
                .into_iter()
                .map(|y| Choice {
                    value: y.to_string(),
                    label: y.to_string(),
                    selected: filter.year == Some(y),
                })
                .collect();
            let tracks = code_choices(
                Track::ALL,
                Track::code,
                "track",
                lang,
                filter.track.map(Track::code).unwrap_or(""),
            );
            Ok(ListPage {
                page,
                query: filter.query.clone().unwrap_or_default(),
                statuses,
                respondents,
                years,
                tracks,
                count_text: count_text(lang, total),
                rows,
                next_url,
                first_url,
                filtered: filter != Filter::default(),
            }
            .render()?
            .into())
        },
    )
    .await
}

// ---------------------------------------------------------------- register

pub struct ItemView {
    pub n: i32,
    pub description: String,
    pub form: String,
    pub claim_code: String,
    pub claim: &'static str,
    pub ground: Option<&'static str>,
    pub finding_code: String,
    pub finding: &'static str,
    pub withheld: Option<String>,
    pub note: Option<String>,
}

pub struct TestView {
    pub repeat: bool,
    pub state_code: String,
    pub state: &'static str,
    pub ordered: Option<String>,
    pub due_hearing: Option<String>,
    pub submitted: Option<String>,
    pub examined: Option<String>,
    pub covers: Vec<String>,
    pub grounds: Vec<&'static str>,
    pub harm: Option<String>,
    pub public_interest: Option<String>,
    pub period: Option<String>,
    pub assessment: Option<String>,
}

pub struct EventView {
    pub date: String,
    pub date_iso: String,
    pub kind: &'static str,
    pub change: Option<String>,
    pub text: String,
    pub actor: String,
}

pub struct DecisionView {
    pub number: String,
    pub date: String,
    pub outcome: &'static str,
    pub disclosure_due: Option<String>,
    pub compliance: Option<String>,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    page: PageCtx,
    number: String,
    subject: String,
    track: &'static str,
    status_code: String,
    status: &'static str,
    status_help: &'static str,
    status_since: String,
    petitioner: String,
    petitioner_kind: &'static str,
    representative: Option<String>,
    respondent: String,
    respondent_id: String,
    claimed: &'static str,
    objection_grounds: Vec<&'static str>,
    dates: Vec<(&'static str, String)>,
    panel: Vec<(&'static str, String)>,
    deadlines: Vec<DeadlineView>,
    filing: Option<DeadlineView>,
    filed_in_time: bool,
    decision: Option<DecisionView>,
    items: Vec<ItemView>,
    tests: Vec<TestView>,
    upcoming: Vec<HearingView>,
    past: Vec<HearingView>,
    events: Vec<EventView>,
    all_of_body: String,
    calendar_note: String,
    id: String,
    csrf: String,
    account_email: Option<String>,
}

pub async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: actix_session::Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = record_id(path)?;
    let mut page = PageCtx::new(lang, &req, "").with_alternates(
        Some(format!("/registers/{id}/feed.atom")),
        Some(format!("/registers/{id}/hearings.ics")),
    );
    let st = state.get_ref().clone();
    let stamp_id = id.clone();
    cache::page(
        &state,
        &req,
        lang,
        &session,
        Forms::Follow,
        move |conn| register_stamp(conn, &stamp_id),
        move |conn, visitor| {
            let csrf = visitor.csrf.clone();
            let account_email = visitor.account_email.clone();
            let detail = registers::public_detail(conn, &id)?.ok_or(AppError::NotFound)?;
            let clocks = Clocks::load(conn, &st)?;
            let r = &detail.register;
            let number = display_number(lang, r);
            page.title = format!("{number} — {}", r.subject);
            let fmt = |d: Option<NaiveDate>| d.map(|d| lang.date(d));
            let rules = clocks.rules_for(r);
            let filing = deadlines::filing_window(&r.dates(), rules, clocks.calendar());
            let filed_in_time = filing.as_ref().is_some_and(|f| r.received_on <= f.due);
            let deadlines = clocks
                .open(r)
                .iter()
                .map(|d| deadline_view(lang, d, clocks.calendar(), clocks.today))
                .collect();
            let dates = [
                ("reg.requested_on", r.requested_on),
                ("reg.ppid_answered_on", r.ppid_answered_on),
                ("reg.objected_on", r.objected_on),
                ("reg.objection_answered_on", r.objection_answered_on),
                ("reg.received_on", Some(r.received_on)),
                ("reg.registered_on", r.registered_on),
                ("reg.decided_on", r.decided_on),
            ]
            .into_iter()
            .filter_map(|(k, d)| Some((lang.t(k), lang.date(d?))))
            .collect();
            let item_numbers: HashMap<String, (i32, String)> = detail
                .items
                .iter()
                .map(|i| (i.id.clone(), (i.position, i.description.clone())))
                .collect();
            let items = detail
                .items
                .iter()
                .map(|i| ItemView {
                    n: i.position,
                    description: i.description.clone(),
                    form: i.requested_form.clone(),
                    claim_code: i.claim.clone(),
                    claim: lang.label("claim", &i.claim),
                    ground: i.claim_ground.as_deref().map(|g| lang.label("ground", g)),
                    finding_code: i.finding.clone(),
                    finding: lang.label("finding", &i.finding),
                    withheld: i.finding_withheld.clone(),
                    note: i.finding_note.clone(),
                })
                .collect();
            let all_hearings = hearing_views(lang, &st, conn, &detail.hearings)?;
            let hearing_day: HashMap<String, String> = all_hearings
                .iter()
                .map(|h| (h.id.clone(), format!("{} ({})", h.day, h.kind)))
                .collect();
            let tests = detail
                .tests
                .iter()
                .map(|(t, covered)| {
                    let mut covers: Vec<&(i32, String)> = covered
                        .iter()
                        .filter_map(|id| item_numbers.get(id))
                        .collect();
                    covers.sort();
                    TestView {
                        repeat: t.repeat_of_id.is_some(),
                        state_code: t.state.clone(),
                        state: lang.label("test_state", &t.state),
                        ordered: fmt(t.ordered_on),
                        due_hearing: t
                            .due_hearing_id
                            .as_ref()
                            .and_then(|h| hearing_day.get(h).cloned()),
                        submitted: fmt(t.submitted_on),
                        examined: fmt(t.examined_on),
                        covers: covers.iter().map(|(n, d)| format!("{n}. {d}")).collect(),
                        grounds: parse_code_list(&t.grounds, ExemptionGround::from_code)
                            .unwrap_or_default()
                            .iter()
                            .map(|g| lang.label("ground", g.code()))
                            .collect(),
                        harm: t.harm_argued.clone(),
                        public_interest: t.public_interest.clone(),
                        period: t.exemption_period.clone(),
                        assessment: t.assessment.clone(),
                    }
                })
                .collect();
            let now = Utc::now().naive_utc();
            let valid_until = detail
                .hearings
                .iter()
                .map(|h| h.starts_at)
                .filter(|t| *t >= now)
                .min();
            #[allow(clippy::type_complexity)]
            let (past, upcoming): (
                Vec<(HearingView, &hearings::Hearing)>,
                Vec<(HearingView, &hearings::Hearing)>,
            ) = all_hearings
                .into_iter()
                .zip(detail.hearings.iter())
                .partition(|(_, h)| h.starts_at < now);
            let past: Vec<HearingView> = past.into_iter().rev().map(|(v, _)| v).collect();
            let upcoming = upcoming.into_iter().map(|(v, _)| v).collect();
            let events = detail
                .events
                .iter()
                .map(|e| EventView {
                    date: lang.date(e.occurred_on),
                    date_iso: e.occurred_on.format("%Y-%m-%d").to_string(),
                    kind: lang.label("event", &e.kind),
                    change: lang.status_change(e.from_status.as_deref(), e.to_status.as_deref()),
                    text: e.public_text.clone().unwrap_or_default(),
                    actor: lang.fill("reg.by", &[("actor", &e.actor)]),
                })
                .collect();
            let decision = match (&r.decision_number, r.decided_on) {
                (Some(number), Some(date)) => Some(DecisionView {
                    number: number.clone(),
                    date: lang.date(date),
                    outcome: r
                        .outcome
                        .as_deref()
                        .map(|o| lang.label("outcome", o))
                        .unwrap_or(""),
                    disclosure_due: fmt(r.disclosure_due_on),
                    compliance: match (&r.compliance, r.compliance_on) {
                        (Some(c), Some(on)) => Some(format!(
                            "{} ({})",
                            lang.label("compliance", c),
                            lang.date(on)
                        )),
                        _ => None,
                    },
                }),
                _ => None,
            };
            let body = RegisterPage {
                page,
                subject: r.subject.clone(),
                track: lang.label("track", &r.track),
                status_code: r.status.clone(),
                status: lang.label("status", &r.status),
                status_help: lang.label("status_help", &r.status),
                status_since: lang
                    .fill("reg.status_since", &[("date", &lang.date(r.status_since))]),
                petitioner: detail.petitioner.display_name.clone(),
                petitioner_kind: lang.label("petitioner_kind", &detail.petitioner.kind),
                representative: detail.petitioner.representative_name.clone(),
                respondent: format!(
                    "{} ({})",
                    detail.respondent.name, detail.respondent.short_name
                ),
                respondent_id: detail.respondent.id.clone(),
                claimed: lang.label("claim", &r.claimed_classification),
                objection_grounds: parse_code_list(
                    &r.objection_grounds,
                    ObjectionGround::from_code,
                )
                .unwrap_or_default()
                .iter()
                .map(|g| lang.label("objection", g.code()))
                .collect(),
                dates,
                panel: detail
                    .panel
                    .iter()
                    .map(|m| (lang.label("role", &m.role), m.name.clone()))
                    .collect(),
                deadlines,
                filing: filing.map(|f| deadline_view(lang, &f, clocks.calendar(), clocks.today)),
                filed_in_time,
                decision,
                items,
                tests,
                upcoming,
                past,
                events,
                id: r.id.clone(),
                csrf,
                account_email,
                calendar_note: match clocks.calendar_changed() {
                    Some((when, _)) => format!(
                        "{} {}",
                        lang.t("reg.calendar_used"),
                        lang.fill("reg.calendar_changed", &[("when", when)])
                    ),
                    None => lang.t("reg.calendar_used").to_string(),
                },
                all_of_body: lang.fill(
                    "reg.all_of_body",
                    &[("body", &detail.respondent.short_name)],
                ),
                number,
            }
            .render()?;
            Ok(Rendered { body, valid_until })
        },
    )
    .await
}

// ---------------------------------------------------------------- hearings

#[derive(Debug, Deserialize)]
pub struct HearingsQuery {
    /// Past hearings before this day.
    before: Option<String>,
    /// Upcoming hearings from this day.
    from: Option<String>,
    /// Upcoming hearings after this place (a page's last).
    later: Option<String>,
    /// Past hearings before this place (a page's last).
    earlier: Option<String>,
}

pub struct DayGroup {
    pub heading: String,
    pub hearings: Vec<HearingView>,
}

#[derive(Template)]
#[template(path = "hearings.html")]
struct HearingsPage {
    page: PageCtx,
    show_upcoming: bool,
    upcoming: Vec<DayGroup>,
    later_url: Option<String>,
    show_past: bool,
    past: Vec<DayGroup>,
    older_url: Option<String>,
    /// Not the first page: offer the way back to it.
    continued: bool,
}

/// Hearings per section of a page.
const HEARINGS_PAGE: i64 = 50;

fn group_by_day(views: Vec<HearingView>) -> Vec<DayGroup> {
    let mut groups: Vec<DayGroup> = Vec::new();
    for v in views {
        match groups.last_mut() {
            Some(g) if g.heading == v.day => g.hearings.push(v),
            _ => groups.push(DayGroup {
                heading: v.day.clone(),
                hearings: vec![v],
            }),
        }
    }
    groups
}

/// The start of a local day, as stored (UTC).
fn day_start(day: NaiveDate, tz: chrono_tz::Tz) -> Option<chrono::NaiveDateTime> {
    tz.from_local_datetime(&day.and_time(NaiveTime::MIN))
        .earliest()
        .map(|t| t.naive_utc())
}

/// Which part of the schedule a page shows.
enum Section {
    /// Upcoming from now and past up to now.
    Soonest,
    /// Upcoming only, from a day or after a place.
    Later(Option<NaiveDate>, Option<hearings::Position>),
    /// Past only, before a day or before a place.
    Earlier(Option<NaiveDate>, Option<hearings::Position>),
}

impl HearingsQuery {
    fn section(&self) -> Result<Section, AppError> {
        let day = |v: &Option<String>, key: &'static str| {
            given(v)
                .map(|s| {
                    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| AppError::BadRequest(key))
                })
                .transpose()
        };
        let place = |v: &Option<String>| {
            given(v)
                .map(|s| hearings::Position::decode(s).ok_or(AppError::BadRequest("bad.cursor")))
                .transpose()
        };
        let (before, from) = (
            day(&self.before, "bad.before")?,
            day(&self.from, "bad.from")?,
        );
        let (earlier, later) = (place(&self.earlier)?, place(&self.later)?);
        Ok(if before.is_some() || earlier.is_some() {
            Section::Earlier(before, earlier)
        } else if from.is_some() || later.is_some() {
            Section::Later(from, later)
        } else {
            Section::Soonest
        })
    }
}

pub async fn hearings(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: actix_session::Session,
    query: web::Query<HearingsQuery>,
) -> Result<HttpResponse, AppError> {
    let tz = state.settings.time_zone;
    let section = query.section()?;
    let page = PageCtx::new(lang, &req, lang.t("hearings.heading"))
        .with_alternates(None, Some("/hearings.ics".into()));
    let st = state.get_ref().clone();
    cache::page(
        &state,
        &req,
        lang,
        &session,
        Forms::None,
        site_stamp,
        move |conn, _| {
            let now = Utc::now().naive_utc();
            // The page changes by itself when the next hearing starts.
            let valid_until = hearings::upcoming(conn, now, 1)?
                .first()
                .map(|h| h.starts_at);
            let n = HEARINGS_PAGE + 1;
            let (mut upcoming, mut past) = (None, None);
            match &section {
                Section::Soonest => {
                    upcoming = Some(hearings::upcoming(conn, now, n)?);
                    past = Some(hearings::past(conn, now, n)?);
                }
                Section::Later(_, Some(at)) => upcoming = Some(hearings::after(conn, at, n)?),
                Section::Later(day, None) => {
                    let from = day
                        .and_then(|d| day_start(d, tz))
                        .map_or(now, |t| t.max(now));
                    upcoming = Some(hearings::upcoming(conn, from, n)?);
                }
                Section::Earlier(_, Some(at)) => past = Some(hearings::before(conn, at, n)?),
                Section::Earlier(day, None) => {
                    let before = day
                        .and_then(|d| day_start(d, tz))
                        .map_or(now, |t| t.min(now));
                    past = Some(hearings::past(conn, before, n)?);
                }
            }
            // Each section shows a page and links on from its last hearing.
            let mut cut = |list: Option<Vec<hearings::Hearing>>, key: &str| {
                let Some(mut list) = list else {
                    return Ok::<_, AppError>((false, Vec::new(), None));
                };
                let more = list.len() as i64 > HEARINGS_PAGE;
                list.truncate(HEARINGS_PAGE as usize);
                let next = list
                    .last()
                    .filter(|_| more)
                    .map(|h| format!("/hearings?{key}={}", hearings::Position::of(h).encode()));
                let groups = group_by_day(hearing_views(lang, &st, conn, &list)?);
                Ok((true, groups, next))
            };
            let (show_upcoming, upcoming, later_url) = cut(upcoming, "later")?;
            let (show_past, past, older_url) = cut(past, "earlier")?;
            Ok(Rendered {
                body: HearingsPage {
                    page,
                    show_upcoming,
                    upcoming,
                    later_url,
                    show_past,
                    past,
                    older_url,
                    continued: !matches!(section, Section::Soonest),
                }
                .render()?,
                valid_until,
            })
        },
    )
    .await
}

// ---------------------------------------------------------------- bodies

#[derive(Template)]
#[template(path = "body.html")]
struct BodyPage {
    page: PageCtx,
    name: String,
    short_name: String,
    kind: String,
    region: String,
    count_text: String,
    rows: Vec<RegisterRow>,
    more_url: Option<String>,
    id: String,
    csrf: String,
    account_email: Option<String>,
}

pub async fn body(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: actix_session::Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = record_id(path)?;
    let mut page = PageCtx::new(lang, &req, "").with_alternates(
        Some(format!("/bodies/{id}/feed.atom")),
        Some(format!("/bodies/{id}/hearings.ics")),
    );
    let st = state.get_ref().clone();
    cache::page(
        &state,
        &req,
        lang,
        &session,
        Forms::Follow,
        site_stamp,
        move |conn, visitor| {
            let csrf = visitor.csrf.clone();
            let account_email = visitor.account_email.clone();
            let b = bodies::find_public(conn, &id)?.ok_or(AppError::NotFound)?;
            page.title = b.name.clone();
            let filter = Filter {
                respondent_id: Some(b.id.clone()),
                ..Filter::default()
            };
            let total = registers::count(conn, &filter)?;
            let (rows, next) = registers::page(conn, &filter, None, PAGE_SIZE)?;
            let parties = registers::parties(conn, &rows)?;
            let clocks = Clocks::load(conn, &st)?;
            let rows = rows
                .iter()
                .map(|r| register_row(lang, r, &parties, clocks.next(lang, r)))
                .collect();
            Ok(BodyPage {
                page,
                count_text: count_text(lang, total),
                more_url: next.map(|_| format!("/registers?respondent={}", percent_encode(&b.id))),
                id: b.id.clone(),
                csrf,
                account_email,
                name: b.name,
                short_name: b.short_name,
                kind: b.kind,
                region: b.region,
                rows,
            }
            .render()?
            .into())
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_filters_are_refused_with_their_message() {
        let q = |f: fn(&mut ListQuery)| {
            let mut q = ListQuery::default();
            f(&mut q);
            q.filter().err().map(|e| e.to_string())
        };
        assert_eq!(
            q(|q| q.status = Some("closed".into())),
            Some("bad request: bad.status".into())
        );
        assert_eq!(
            q(|q| q.track = Some("x".into())),
            Some("bad request: bad.track".into())
        );
        assert_eq!(
            q(|q| q.year = Some("24".into())),
            Some("bad request: bad.year".into())
        );
        assert_eq!(
            q(|q| q.q = Some("x".repeat(201))),
            Some("bad request: bad.query".into())
        );
        assert_eq!(
            q(|q| q.q = Some("kpu\u{0}".into())),
            Some("bad request: bad.query_chars".into())
        );
        assert_eq!(
            q(|q| q.respondent = Some("x'y".into())),
            Some("bad request: bad.respondent".into())
        );
        assert_eq!(q(|q| q.status = Some(" ".into())), None);
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(percent_encode("kpu & data/2024"), "kpu%20%26%20data%2F2024");
    }
}
