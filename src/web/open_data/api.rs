//! Open data: the read-only JSON API under `/api/v1/` (described by the
//! OpenAPI file it serves) and the CSV and JSON exports, streamed page by
//! page so that any size runs in constant memory. Public data only.

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use serde::Serialize;

use crate::models::hearings::Hearing;
use crate::models::opendata;
use crate::models::registers::{self, Cursor, Filter, Register, RequestedItem};
use crate::models::{bodies, Conn};
use crate::web::listing::{record_id, ListQuery};
use crate::web::{AppError, AppState};

/// Registers per API page by default, and at most.
const PAGE: i64 = 50;
const MAX_PAGE: i64 = 500;
/// Registers read per step of an export.
const EXPORT_STEP: i64 = 500;

const OPENAPI: &str = include_str!("openapi.json");

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .wrap(DefaultHeaders::new().add((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")))
            .service(preflights())
            .route("/openapi.json", read().to(openapi))
            .route("/registers", read().to(list))
            .route("/registers/{id}", read().to(one))
            .route("/bodies", read().to(all_bodies))
            .route("/hearings", read().to(hearings))
            .default_service(web::to(not_offered)),
    )
    .service(
        web::scope("/exports")
            .wrap(DefaultHeaders::new().add((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")))
            .service(preflights())
            .route("/{what}.{format}", read().to(export)),
    );
}

/// A route for reading: GET, and HEAD for the same headers without the body.
fn read() -> actix_web::Route {
    use actix_web::guard;
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// What the API does not have: a 404 for an address asked with GET, a 405
/// for any other method (the API only reads).
async fn not_offered(req: actix_web::HttpRequest) -> Result<HttpResponse, AppError> {
    if matches!(
        *req.method(),
        actix_web::http::Method::GET | actix_web::http::Method::HEAD
    ) {
        return Err(AppError::NotFound);
    }
    // The error handler writes the body, in the asker's language, and the
    // `Allow` header, as for every 405 of the open data.
    Ok(HttpResponse::MethodNotAllowed().finish())
}

/// Every address of the scope answers `OPTIONS`; other methods go on to
/// the addresses' own routes.
fn preflights() -> actix_web::Resource {
    web::resource("/{any:.*}")
        .guard(actix_web::guard::Options())
        .to(preflight)
}

/// A browser's preflight before reading the API from another site: any
/// site may read, with the methods and headers the API takes.
async fn preflight() -> HttpResponse {
    HttpResponse::NoContent()
        .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS"))
        .insert_header((
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            "Accept, Accept-Language, If-None-Match",
        ))
        .insert_header((header::ACCESS_CONTROL_MAX_AGE, "86400"))
        .finish()
}

async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(OPENAPI)
}

// ------------------------------------------------------------ shapes

#[derive(Serialize)]
pub struct RegisterOut {
    pub id: String,
    pub number: Option<String>,
    pub subject: String,
    pub status: String,
    pub track: String,
    pub petitioner: String,
    pub petitioner_kind: String,
    pub representative: Option<String>,
    pub respondent_id: String,
    pub respondent: String,
    pub requested_on: Option<NaiveDate>,
    pub objected_on: Option<NaiveDate>,
    pub registered_on: Option<NaiveDate>,
    pub claimed_classification: String,
    pub outcome: Option<String>,
    pub decision_number: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub disclosure_due_on: Option<NaiveDate>,
    pub compliance: Option<String>,
    pub url: String,
}

#[derive(Serialize)]
pub struct ItemOut {
    pub register_id: String,
    pub register_number: Option<String>,
    pub position: i32,
    pub description: String,
    pub requested_form: String,
    pub claim: String,
    pub claim_ground: Option<String>,
    pub finding: String,
    pub finding_withheld: Option<String>,
    pub finding_note: Option<String>,
}

#[derive(Serialize)]
pub struct HearingOut {
    pub id: String,
    pub starts_at: String,
    pub time_zone: String,
    pub kind: String,
    pub room: String,
    pub openness: String,
    pub state: String,
    pub state_reason: Option<String>,
    pub registers: Vec<HearingRegister>,
}

#[derive(Serialize)]
pub struct HearingRegister {
    pub id: String,
    pub number: String,
}

#[derive(Serialize)]
pub struct TestOut {
    pub id: String,
    pub state: String,
    pub repeat_of_id: Option<String>,
    pub ordered_on: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
    pub examined_on: Option<NaiveDate>,
    pub grounds: Vec<String>,
    pub items: Vec<String>,
    pub assessment: Option<String>,
}

#[derive(Serialize)]
pub struct EventOut {
    pub id: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub occurred_on: NaiveDate,
    pub text: Option<String>,
}

#[derive(Serialize)]
pub struct RegisterDetail {
    #[serde(flatten)]
    pub register: RegisterOut,
    pub items: Vec<ItemOut>,
    pub consequence_tests: Vec<TestOut>,
    pub hearings: Vec<HearingOut>,
    pub timeline: Vec<EventOut>,
}

#[derive(Serialize)]
pub struct RegisterPage {
    pub data: Vec<RegisterOut>,
    pub next_cursor: Option<String>,
    pub next: Option<String>,
}

#[derive(Serialize)]
pub struct BodyOut {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub region: String,
    pub url: String,
}

fn register_out(base: &str, r: &Register, parties: &registers::Parties) -> RegisterOut {
    let p = parties.petitioners.get(&r.petitioner_id);
    RegisterOut {
        id: r.id.clone(),
        number: r.number.clone(),
        subject: r.subject.clone(),
        status: r.status.clone(),
        track: r.track.clone(),
        petitioner: p.map(|p| p.display_name.clone()).unwrap_or_default(),
        petitioner_kind: p.map(|p| p.kind.clone()).unwrap_or_default(),
        representative: p.and_then(|p| p.representative_name.clone()),
        respondent_id: r.respondent_id.clone(),
        respondent: parties
            .bodies
            .get(&r.respondent_id)
            .map(|b| b.name.clone())
            .unwrap_or_default(),
        requested_on: r.requested_on,
        objected_on: r.objected_on,
        registered_on: r.registered_on,
        claimed_classification: r.claimed_classification.clone(),
        outcome: r.outcome.clone(),
        decision_number: r.decision_number.clone(),
        decided_on: r.decided_on,
        disclosure_due_on: r.disclosure_due_on,
        compliance: r.compliance.clone(),
        url: format!("{base}/registers/{}", r.id),
    }
}

fn item_out(number: Option<String>, i: &RequestedItem) -> ItemOut {
    ItemOut {
        register_id: i.register_id.clone(),
        register_number: number,
        position: i.position,
        description: i.description.clone(),
        requested_form: i.requested_form.clone(),
        claim: i.claim.clone(),
        claim_ground: i.claim_ground.clone(),
        finding: i.finding.clone(),
        finding_withheld: i.finding_withheld.clone(),
        finding_note: i.finding_note.clone(),
    }
}

/// A hearing's start in its own time zone, as RFC 3339.
fn local_start(h: &Hearing, fallback: chrono_tz::Tz) -> String {
    crate::domain::calendar::local_time(h.starts_at, &h.time_zone, fallback).to_rfc3339()
}

fn hearing_out(
    h: &Hearing,
    fallback: chrono_tz::Tz,
    registers: Vec<HearingRegister>,
) -> HearingOut {
    HearingOut {
        id: h.id.clone(),
        starts_at: local_start(h, fallback),
        time_zone: h.time_zone.clone(),
        kind: h.kind.clone(),
        room: h.room.clone(),
        openness: h.openness.clone(),
        state: h.state.clone(),
        state_reason: h.state_reason.clone(),
        registers,
    }
}

fn json<T: Serialize>(value: &T) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().content_type(JSON).body(to_json(value)?))
}

// ------------------------------------------------------------ API

#[derive(serde::Deserialize)]
pub struct ApiListQuery {
    #[serde(flatten)]
    list: ListQuery,
    cursor: Option<String>,
    limit: Option<String>,
}

/// API answers are the same in every language: kept under one.
const API_LANG: crate::i18n::Lang = crate::i18n::Lang::Id;

/// How API answers are sent.
const JSON: &str = "application/json";

fn to_json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(e.to_string()))
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ApiListQuery>,
) -> Result<HttpResponse, AppError> {
    let filter = query.list.filter()?;
    let cursor = query
        .cursor
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(|c| Cursor::decode(c).ok_or(AppError::BadRequest("bad.cursor")))
        .transpose()?;
    let limit = match query.limit.as_deref().filter(|l| !l.is_empty()) {
        None => PAGE,
        Some(l) => crate::web::listing::whole_number::<i64>(l)
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or(AppError::BadRequest("bad.limit"))?,
    };
    let base = state.settings.base_url.clone();
    let params = crate::web::listing::filter_params(&filter);
    crate::web::cache::document(
        &state,
        &req,
        API_LANG,
        JSON,
        crate::web::cache::site_stamp,
        move |conn| {
            let (rows, next) = registers::page(conn, &filter, cursor.as_ref(), limit)?;
            let parties = registers::parties(conn, &rows)?;
            let next_cursor = next.map(|c| c.encode());
            let next = next_cursor.as_ref().map(|c| {
                let mut q: Vec<String> = params
                    .iter()
                    .map(|(k, v)| format!("{k}={}", crate::web::listing::percent_encode(v)))
                    .collect();
                q.push(format!("limit={limit}"));
                q.push(format!("cursor={}", crate::web::listing::percent_encode(c)));
                format!("{base}/api/v1/registers?{}", q.join("&"))
            });
            to_json(&RegisterPage {
                data: rows
                    .iter()
                    .map(|r| register_out(&base, r, &parties))
                    .collect(),
                next_cursor,
                next,
            })
        },
    )
    .await
}

pub async fn one(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = record_id(path)?;
    let st = state.get_ref().clone();
    let stamp_id = id.clone();
    crate::web::cache::document(
        &state,
        &req,
        API_LANG,
        JSON,
        move |conn| crate::web::cache::register_stamp(conn, &stamp_id),
        move |conn| detail_json(conn, &st, &id),
    )
    .await
}

/// One register with its items, tests, hearings and timeline, as JSON.
fn detail_json(conn: &mut Conn, st: &AppState, id: &str) -> Result<String, AppError> {
    let d = registers::public_detail(conn, id)?.ok_or(AppError::NotFound)?;
    let parties = registers::parties(conn, std::slice::from_ref(&d.register))?;
    let base = &st.settings.base_url;
    let number = d.register.number.clone();
    let links = crate::models::hearings::register_links(
        conn,
        &d.hearings.iter().map(|h| h.id.clone()).collect::<Vec<_>>(),
    )?;
    let hearings = d
        .hearings
        .iter()
        .map(|h| {
            let regs = links
                .iter()
                .filter(|(hid, ..)| *hid == h.id)
                .map(|(_, rid, n)| HearingRegister {
                    id: rid.clone(),
                    number: n.clone().unwrap_or_default(),
                })
                .collect();
            hearing_out(h, st.settings.time_zone, regs)
        })
        .collect();
    to_json(&RegisterDetail {
        register: register_out(base, &d.register, &parties),
        items: d
            .items
            .iter()
            .map(|i| item_out(number.clone(), i))
            .collect(),
        consequence_tests: d
            .tests
            .iter()
            .map(|(t, items)| TestOut {
                id: t.id.clone(),
                state: t.state.clone(),
                repeat_of_id: t.repeat_of_id.clone(),
                ordered_on: t.ordered_on,
                submitted_on: t.submitted_on,
                examined_on: t.examined_on,
                grounds: t
                    .grounds
                    .split(',')
                    .filter(|g| !g.is_empty())
                    .map(str::to_string)
                    .collect(),
                items: items.clone(),
                assessment: t.assessment.clone(),
            })
            .collect(),
        hearings,
        timeline: d
            .events
            .into_iter()
            .map(|e| EventOut {
                id: e.id,
                kind: e.kind,
                from_status: e.from_status,
                to_status: e.to_status,
                occurred_on: e.occurred_on,
                text: e.public_text,
            })
            .collect(),
    })
}

pub async fn all_bodies(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let base = state.settings.base_url.clone();
    let out = state
        .db(move |conn| {
            Ok(bodies::confirmed(conn)?
                .into_iter()
                .map(|b| BodyOut {
                    url: format!("{base}/bodies/{}", b.id),
                    id: b.id,
                    name: b.name,
                    short_name: b.short_name,
                    kind: b.kind,
                    region: b.region,
                })
                .collect::<Vec<_>>())
        })
        .await?;
    json(&out)
}

#[derive(serde::Deserialize)]
pub struct HearingsQuery {
    from: Option<String>,
    to: Option<String>,
}

pub async fn hearings(
    state: web::Data<AppState>,
    query: web::Query<HearingsQuery>,
) -> Result<HttpResponse, AppError> {
    let day = |raw: &Option<String>, default: NaiveDate| -> Result<NaiveDate, AppError> {
        match raw.as_deref().filter(|s| !s.is_empty()) {
            None => Ok(default),
            Some(s) => crate::web::listing::full_date(s).ok_or(AppError::BadRequest("bad.date")),
        }
    };
    let today = state.settings.today();
    let from = day(&query.from, today)?;
    let to = day(&query.to, from + chrono::Duration::days(90))?;
    if to < from || (to - from).num_days() > 366 {
        return Err(AppError::BadRequest("bad.range"));
    }
    let tz = state.settings.time_zone;
    let utc_of = |d: NaiveDate| -> NaiveDateTime {
        tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .earliest()
            .map(|t| t.naive_utc())
            .unwrap_or_default()
    };
    let (start, end) = (utc_of(from), utc_of(to + chrono::Duration::days(1)));
    let out = state
        .db(move |conn| {
            Ok(opendata::hearings_between(conn, start, end, 5000)?
                .into_iter()
                .map(|c| {
                    let regs = c
                        .registers
                        .into_iter()
                        .map(|(id, number, _)| HearingRegister { id, number })
                        .collect();
                    hearing_out(&c.hearing, tz, regs)
                })
                .collect::<Vec<_>>())
        })
        .await?;
    json(&out)
}

// ------------------------------------------------------------ exports

#[derive(Clone, Copy, PartialEq, Eq)]
enum What {
    Registers,
    Items,
    Hearings,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

impl What {
    const ALL: [What; 3] = [What::Registers, What::Items, What::Hearings];

    /// What the address names: `/exports/{name}.{ext}`.
    fn from_name(name: &str) -> Option<What> {
        What::ALL.iter().copied().find(|w| w.name() == name)
    }

    fn name(self) -> &'static str {
        match self {
            What::Registers => "registers",
            What::Items => "items",
            What::Hearings => "hearings",
        }
    }
}

impl Format {
    fn from_ext(ext: &str) -> Option<Format> {
        match ext {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }
}

/// One step of an export: the rows of up to `EXPORT_STEP` registers.
fn export_step(
    conn: &mut Conn,
    st: &AppState,
    what: What,
    format: Format,
    filter: &Filter,
    after: Option<&Cursor>,
    first: bool,
) -> Result<(Vec<u8>, Option<Cursor>), AppError> {
    let (rows, next) = registers::page(conn, filter, after, EXPORT_STEP)?;
    let base = &st.settings.base_url;
    let mut out: Vec<u8> = Vec::new();
    let mut records: Vec<serde_json::Value> = Vec::new();
    let mut push = |v: serde_json::Value| records.push(v);
    match what {
        What::Registers => {
            let parties = registers::parties(conn, &rows)?;
            for r in &rows {
                push(serde_json::to_value(register_out(base, r, &parties)).unwrap_or_default());
            }
        }
        What::Items => {
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let numbers: std::collections::HashMap<&str, Option<String>> = rows
                .iter()
                .map(|r| (r.id.as_str(), r.number.clone()))
                .collect();
            let mut items = opendata::items_of(conn, &ids)?;
            // Keep the registers' order.
            let order: std::collections::HashMap<&str, usize> = rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), i))
                .collect();
            items.sort_by_key(|i| (order.get(i.register_id.as_str()).copied(), i.position));
            for i in &items {
                let number = numbers.get(i.register_id.as_str()).cloned().flatten();
                push(serde_json::to_value(item_out(number, i)).unwrap_or_default());
            }
        }
        What::Hearings => {
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let numbers: std::collections::HashMap<&str, Option<String>> = rows
                .iter()
                .map(|r| (r.id.as_str(), r.number.clone()))
                .collect();
            for (rid, h) in opendata::hearings_of(conn, &ids)? {
                let number = numbers
                    .get(rid.as_str())
                    .cloned()
                    .flatten()
                    .unwrap_or_default();
                let mut v =
                    serde_json::to_value(hearing_out(&h, st.settings.time_zone, Vec::new()))
                        .unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.remove("registers");
                    o.insert("register_id".into(), rid.clone().into());
                    o.insert("register_number".into(), number.into());
                }
                push(v);
            }
        }
    }
    match format {
        Format::Json => {
            for (i, v) in records.iter().enumerate() {
                if !(first && i == 0) {
                    out.push(b',');
                }
                out.push(b'\n');
                serde_json::to_writer(&mut out, v)
                    .map_err(|e| AppError::Internal(e.to_string()))?;
            }
        }
        Format::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::new());
            if first {
                w.write_record(columns(what))
                    .map_err(|e| AppError::Internal(e.to_string()))?;
            }
            for v in &records {
                let row: Vec<String> = columns(what)
                    .iter()
                    .map(|c| match v.get(*c) {
                        None | Some(serde_json::Value::Null) => String::new(),
                        Some(serde_json::Value::String(s)) => spreadsheet_safe(s),
                        Some(other) => other.to_string(),
                    })
                    .collect();
                w.write_record(&row)
                    .map_err(|e| AppError::Internal(e.to_string()))?;
            }
            out = w
                .into_inner()
                .map_err(|e| AppError::Internal(e.to_string()))?;
        }
    }
    Ok((out, next))
}

/// A text cell that a spreadsheet would read as a formula (it begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so
/// that it shows as the text it is; plain numbers stay as they are.
pub fn spreadsheet_safe(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.parse::<f64>().is_ok()
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || ".-+eE".contains(c));
    if risky && !number {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The columns of each CSV export, in order.
fn columns(what: What) -> &'static [&'static str] {
    match what {
        What::Registers => &[
            "id",
            "number",
            "subject",
            "status",
            "track",
            "petitioner",
            "petitioner_kind",
            "representative",
            "respondent_id",
            "respondent",
            "requested_on",
            "objected_on",
            "registered_on",
            "claimed_classification",
            "outcome",
            "decision_number",
            "decided_on",
            "disclosure_due_on",
            "compliance",
            "url",
        ],
        What::Items => &[
            "register_id",
            "register_number",
            "position",
            "description",
            "requested_form",
            "claim",
            "claim_ground",
            "finding",
            "finding_withheld",
            "finding_note",
        ],
        What::Hearings => &[
            "id",
            "register_id",
            "register_number",
            "starts_at",
            "time_zone",
            "kind",
            "room",
            "openness",
            "state",
            "state_reason",
        ],
    }
}

/// Where an export is in its walk through the registers.
enum Step {
    Start,
    After(Cursor),
    Close,
    Done,
}

pub async fn export(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let (what, format) = path.into_inner();
    let what = What::from_name(&what).ok_or(AppError::NotFound)?;
    let format = Format::from_ext(&format).ok_or(AppError::NotFound)?;
    let filter = query.filter()?;
    let (name, ext) = (what.name(), format.ext());
    let stream = export_stream(state.clone(), what, format, filter);
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"sengketa-{name}.{ext}\""),
        ))
        .streaming(stream))
}

/// The export as a stream of steps, each read on a database thread of its
/// own, so that any size runs in constant memory.
fn export_stream(
    st: web::Data<AppState>,
    what: What,
    format: Format,
    filter: Filter,
) -> impl futures_util::Stream<Item = Result<Bytes, AppError>> {
    futures_util::stream::unfold(Step::Start, move |step| {
        let st = st.clone();
        let filter = filter.clone();
        async move {
            let (after, first) = match step {
                Step::Done => return None,
                Step::Close => {
                    let tail = if format == Format::Json { "\n]\n" } else { "" };
                    return Some((Ok::<_, AppError>(Bytes::from(tail)), Step::Done));
                }
                Step::Start => (None, true),
                Step::After(c) => (Some(c), false),
            };
            let st2 = st.clone();
            let result = st
                .db(move |conn| {
                    export_step(conn, &st2, what, format, &filter, after.as_ref(), first)
                })
                .await;
            match result {
                Ok((mut bytes, next)) => {
                    if first && format == Format::Json {
                        bytes.splice(0..0, b"[".iter().copied());
                    }
                    let step = match next {
                        Some(c) => Step::After(c),
                        None => Step::Close,
                    };
                    Some((Ok(Bytes::from(bytes)), step))
                }
                Err(e) => {
                    tracing::error!(error = %e, "export failed midway");
                    Some((Err(e), Step::Done))
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    #[test]
    fn cells_a_spreadsheet_would_run_are_shown_as_text() {
        for risky in [
            "=HYPERLINK(\"x\")",
            "+SUM(1,2)",
            "-2+3",
            "@cmd",
            "\tx",
            "\r=1",
            "-inf",
        ] {
            assert_eq!(spreadsheet_safe(risky), format!("'{risky}"));
        }
        for plain in ["Ruang Sidang", "-12", "3.5", "+62 21 000", "a=b", ""] {
            let expected = if plain.starts_with('+') {
                format!("'{plain}")
            } else {
                plain.to_string()
            };
            assert_eq!(spreadsheet_safe(plain), expected);
        }
    }
}
