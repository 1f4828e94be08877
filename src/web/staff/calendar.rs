//! The holiday calendar, kept by administrators: add, rename, remove a day,
//! or replace a whole year from a CSV file. Deadlines follow at once, since
//! they are computed from the table whenever they are shown.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{Datelike, NaiveDate};

use crate::app;
use crate::domain::calendar::{parse_holiday_csv, Holiday, HolidayKind};
use crate::i18n::Lang;
use crate::models::{calendar, Conn};
use crate::web::auth::{admin_form, check_csrf, csrf_token, require_admin, FormData};
use crate::web::views::{code_choices, Choice, PageCtx};
use crate::web::{html, see_other, AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/staff/calendar", web::get().to(page))
        .route("/staff/calendar", web::post().to(save))
        .route("/staff/calendar/delete", web::post().to(delete))
        .route("/staff/calendar/import", web::post().to(import));
}

/// Largest CSV file accepted: a year has a few dozen lines.
const MAX_CSV_BYTES: usize = 64 * 1024;

pub struct DayRow {
    pub date: String,
    pub day: String,
    pub name: String,
    pub kind: &'static str,
}

#[derive(Template)]
#[template(path = "staff/calendar.html")]
struct CalendarPage {
    page: PageCtx,
    csrf: String,
    year: i32,
    years: Vec<i32>,
    days: Vec<DayRow>,
    kinds: Vec<Choice>,
    changed: Option<String>,
    errors: Vec<String>,
    date: String,
    name: String,
}

#[derive(serde::Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

struct Typed {
    date: String,
    name: String,
    kind: String,
}

fn render(
    conn: &mut Conn,
    page: PageCtx,
    lang: Lang,
    csrf: String,
    year: i32,
    typed: Typed,
    errors: Vec<String>,
) -> Result<String, AppError> {
    let days = calendar::holidays_of_year(conn, year)?
        .into_iter()
        .map(|h| DayRow {
            date: h.date.format("%Y-%m-%d").to_string(),
            day: format!("{}, {}", lang.weekday(h.date), lang.date(h.date)),
            name: h.name,
            kind: lang.label("holiday_kind", h.kind.code()),
        })
        .collect();
    let changed = calendar::last_change(conn)?
        .map(|(when, who)| lang.fill("calendar.changed", &[("when", &when), ("who", &who)]));
    Ok(CalendarPage {
        page,
        csrf,
        year,
        years: (year - 2..=year + 2).collect(),
        days,
        kinds: code_choices(
            HolidayKind::ALL,
            HolidayKind::code,
            "holiday_kind",
            lang,
            &typed.kind,
        ),
        changed,
        errors,
        date: typed.date,
        name: typed.name,
    }
    .render()?)
}

fn empty() -> Typed {
    Typed {
        date: String::new(),
        name: String::new(),
        kind: String::new(),
    }
}

fn see_year(year: i32) -> HttpResponse {
    see_other(format!("/staff/calendar?year={year}"))
}

pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, AppError> {
    require_admin(&state, &session, &req).await?;
    let year = match query.year.as_deref() {
        None | Some("") => state.settings.today().year(),
        Some(y) => y
            .parse::<i32>()
            .ok()
            .filter(|y| (1900..=2200).contains(y))
            .ok_or(AppError::BadRequest("bad.year"))?,
    };
    let page = PageCtx::new(lang, &req, lang.t("calendar.heading"));
    let csrf = csrf_token(&session);
    let body = state
        .db(move |conn| render(conn, page, lang, csrf, year, empty(), Vec::new()))
        .await?;
    Ok(html(body))
}

pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = admin_form(&state, &req, lang, &session, form).await?;
    let typed = Typed {
        date: form.get("date").unwrap_or("").trim().to_string(),
        name: form.get("name").unwrap_or("").trim().to_string(),
        kind: form.get("kind").unwrap_or("").to_string(),
    };
    let page = PageCtx::new(lang, &req, lang.t("calendar.heading"));
    let csrf = csrf_token(&session);
    let fallback_year = state.settings.today().year();
    let year = state
        .db(move |conn| {
            let date = NaiveDate::parse_from_str(&typed.date, "%Y-%m-%d").ok();
            let kind = HolidayKind::from_code(&typed.kind);
            let error = match (date, kind) {
                (None, _) => Some("calendar.csv_bad_date"),
                (_, None) => Some("calendar.csv_bad_kind"),
                _ if typed.name.is_empty() => Some("calendar.csv_no_name"),
                _ => None,
            };
            let (Some(date), Some(kind), None) = (date, kind, error) else {
                let year = date.map(|d| d.year()).unwrap_or(fallback_year);
                let errors = vec![lang.t(error.unwrap_or("bad.form")).to_string()];
                let body = render(conn, page, lang, csrf, year, typed, errors)?;
                return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
            };
            let day = Holiday {
                date,
                name: typed.name.clone(),
                kind,
            };
            app::calendar::save_day(conn, &day, &user.name)?;
            Ok(date.year())
        })
        .await?;
    Ok(see_year(year))
}

pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = admin_form(&state, &req, lang, &session, form).await?;
    let date = form
        .get("date")
        .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        .ok_or(AppError::BadRequest("bad.before"))?;
    state
        .db(move |conn| Ok(app::calendar::remove_day(conn, date, &user.name)?))
        .await?;
    Ok(see_year(date.year()))
}

pub async fn import(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    payload: actix_multipart::Multipart,
) -> Result<HttpResponse, AppError> {
    // Who asks is settled before what was sent is looked at.
    let user = require_admin(&state, &session, &req).await?;
    let parts = crate::web::upload::read_small(payload, MAX_CSV_BYTES + 4096).await?;
    let text_of = |name: &str| {
        parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| String::from_utf8_lossy(v).trim().to_string())
            .unwrap_or_default()
    };
    let year_raw = text_of("year");
    check_csrf(
        &req,
        lang,
        &session,
        &FormData(vec![
            ("csrf".into(), text_of("csrf")),
            ("year".into(), year_raw.clone()),
        ]),
    )?;
    let year = year_raw
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
        .ok_or(AppError::BadRequest("bad.year"))?;
    let text = csv_text(&parts);
    let page = PageCtx::new(lang, &req, lang.t("calendar.heading"));
    let csrf = csrf_token(&session);
    state
        .db(move |conn| {
            let errors = match days_of(text.as_deref(), year, lang) {
                Ok(days) if !days.is_empty() => {
                    return Ok(app::calendar::replace_year(conn, year, &days, &user.name)?);
                }
                Ok(_) => vec![lang.t("calendar.csv_empty").to_string()],
                Err(errors) => errors,
            };
            let body = render(conn, page, lang, csrf, year, empty(), errors)?;
            Err(AppError::Page(StatusCode::BAD_REQUEST, body))
        })
        .await?;
    Ok(see_year(year))
}

/// The file sent, as text without control characters; `None` when it is
/// too large or not UTF-8.
fn csv_text(parts: &[(String, Vec<u8>)]) -> Option<String> {
    // No file is an empty one.
    let bytes = parts
        .iter()
        .find(|(n, _)| n == "file")
        .map(|(_, v)| v.as_slice())
        .unwrap_or_default();
    if bytes.len() > MAX_CSV_BYTES {
        return None;
    }
    String::from_utf8(bytes.to_vec())
        .ok()
        .map(crate::web::fields::clean)
}

/// The days a CSV file gives for `year`, or a message for each problem.
fn days_of(text: Option<&str>, year: i32, lang: Lang) -> Result<Vec<Holiday>, Vec<String>> {
    let Some(text) = text else {
        return Err(vec![lang.t("calendar.csv_unreadable").to_string()]);
    };
    parse_holiday_csv(text, year).map_err(|problems| {
        problems
            .iter()
            .map(|p| {
                lang.fill(
                    "calendar.csv_line",
                    &[("line", &p.line.to_string()), ("problem", lang.t(p.code))],
                )
            })
            .collect()
    })
}
