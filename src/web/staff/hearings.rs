//! Scheduling hearings and recording what became of them.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::app::hearings::Sitting;
use crate::app::{self, Failure, Refusal};
use crate::domain::calendar::local_time;
use crate::domain::kinds::{HearingKind, HearingState, Openness};
use crate::domain::status::{check_hearing_change, Status};
use crate::i18n::Lang;
use crate::models::hearings::{self, Hearing};
use crate::models::registers;
use crate::models::Conn;
use crate::web::auth::{csrf_token, require_staff, staff_form, FormData};
use crate::web::views::{code_choices, display_number, Choice, PageCtx};
use crate::web::{html, refusal, see_other, AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/staff/hearings/new", web::get().to(new_form))
        .route("/staff/hearings", web::post().to(create))
        .route("/staff/hearings/{id}", web::get().to(edit_form))
        .route("/staff/hearings/{id}", web::post().to(update))
        .route("/staff/hearings/{id}/state", web::post().to(change_state));
}

/// What the hearing form holds, as typed.
#[derive(Default, Clone)]
pub struct HearingForm {
    pub date: String,
    pub time: String,
    pub kind: String,
    pub room: String,
    pub openness: String,
    pub registers: Vec<String>,
}

impl HearingForm {
    fn from_form(form: &FormData) -> HearingForm {
        let v = |k: &str| form.get(k).unwrap_or("").trim().to_string();
        HearingForm {
            date: v("date"),
            time: v("time"),
            kind: v("kind"),
            room: v("room"),
            openness: v("openness"),
            registers: form.choices("register"),
        }
    }

    fn of(h: &Hearing, tz: Tz, registers: Vec<String>) -> HearingForm {
        let local = local_time(h.starts_at, &h.time_zone, tz);
        HearingForm {
            date: local.format("%Y-%m-%d").to_string(),
            time: local.format("%H:%M").to_string(),
            kind: h.kind.clone(),
            room: h.room.clone(),
            openness: h.openness.clone(),
            registers,
        }
    }

    /// The checked values, or the key of the first problem.
    fn parse(&self, tz: Tz) -> Result<Sitting, &'static str> {
        let date =
            NaiveDate::parse_from_str(&self.date, "%Y-%m-%d").map_err(|_| "hearing.bad_date")?;
        let time =
            NaiveTime::parse_from_str(&self.time, "%H:%M").map_err(|_| "hearing.bad_time")?;
        let kind = HearingKind::from_code(&self.kind).ok_or("hearing.bad_kind")?;
        let openness = Openness::from_code(&self.openness).ok_or("hearing.bad_openness")?;
        if self.registers.is_empty() {
            return Err("hearing.no_registers");
        }
        Ok(Sitting {
            starts_at: start(date, time, tz)?,
            kind,
            openness,
            room: self.room.clone(),
            registers: self.registers.clone(),
        })
    }
}

/// A local day and time on the commission's clock, as stored (UTC).
fn start(date: NaiveDate, time: NaiveTime, tz: Tz) -> Result<NaiveDateTime, &'static str> {
    Ok(tz
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .ok_or("hearing.bad_time")?
        .naive_utc())
}

pub struct RegisterChoice {
    pub id: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "staff/hearing.html")]
struct HearingPage {
    page: PageCtx,
    csrf: String,
    id: Option<String>,
    state: Option<&'static str>,
    state_code: String,
    reason: Option<String>,
    form: HearingForm,
    kinds: Vec<Choice>,
    openness: Vec<Choice>,
    registers: Vec<RegisterChoice>,
    next_states: Vec<Choice>,
    error: Option<&'static str>,
}

/// Registers offered on the form at most.
const REGISTER_CHOICES: i64 = 200;

/// Registers a hearing may serve: those already chosen (the register the
/// form was opened from, or those on the hearing) and the running
/// registers of the same public bodies, newest first; without a choice,
/// the newest running registers. Never every register: a national
/// register runs hundreds of thousands at once.
fn register_choices(
    conn: &mut Conn,
    lang: Lang,
    chosen: &[String],
) -> Result<Vec<RegisterChoice>, AppError> {
    let running: Vec<Status> = Status::ALL
        .iter()
        .copied()
        .filter(|s| s.is_public() && !s.is_terminal() && *s != Status::Final)
        .collect();
    let mut bodies = Vec::new();
    for id in chosen {
        if let Some(r) = registers::find(conn, id)? {
            if !bodies.contains(&r.respondent_id) {
                bodies.push(r.respondent_id);
            }
        }
    }
    let mut list = registers::running_of(conn, &running, &bodies, REGISTER_CHOICES)?;
    for id in chosen {
        if !list.iter().any(|r| &r.id == id) {
            if let Some(r) = registers::find(conn, id)? {
                list.push(r);
            }
        }
    }
    Ok(list
        .iter()
        .map(|r| RegisterChoice {
            id: r.id.clone(),
            label: format!("{} — {}", display_number(lang, r), r.subject),
            checked: chosen.contains(&r.id),
        })
        .collect())
}

#[allow(clippy::too_many_arguments)]
fn render(
    conn: &mut Conn,
    page: PageCtx,
    lang: Lang,
    csrf: String,
    hearing: Option<&Hearing>,
    form: HearingForm,
    error: Option<&'static str>,
) -> Result<String, AppError> {
    let registers = register_choices(conn, lang, &form.registers)?;
    let state = hearing.and_then(|h| HearingState::from_code(&h.state));
    let next_states = state
        .map(|from| {
            HearingState::ALL
                .iter()
                .copied()
                .filter(|to| check_hearing_change(from, *to, Some("x")).is_ok())
                .map(|to| Choice {
                    value: to.code().to_string(),
                    label: lang.label("hearing_state", to.code()).to_string(),
                    selected: false,
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(HearingPage {
        page,
        csrf,
        id: hearing.map(|h| h.id.clone()),
        state: hearing.map(|h| lang.label("hearing_state", &h.state)),
        state_code: hearing.map(|h| h.state.clone()).unwrap_or_default(),
        reason: hearing.and_then(|h| h.state_reason.clone()),
        kinds: code_choices(
            HearingKind::ALL,
            HearingKind::code,
            "hearing_kind",
            lang,
            &form.kind,
        ),
        openness: code_choices(
            Openness::ALL,
            Openness::code,
            "openness",
            lang,
            &form.openness,
        ),
        form,
        registers,
        next_states,
        error,
    }
    .render()?)
}

#[derive(serde::Deserialize)]
pub struct NewQuery {
    register: Option<String>,
}

pub async fn new_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    query: web::Query<NewQuery>,
) -> Result<HttpResponse, AppError> {
    require_staff(&state, &session, &req).await?;
    let page = PageCtx::new(lang, &req, lang.t("hearing.new"));
    let csrf = csrf_token(&session);
    let form = HearingForm {
        openness: Openness::Open.code().to_string(),
        registers: query.register.iter().cloned().collect(),
        ..HearingForm::default()
    };
    let body = state
        .db(move |conn| render(conn, page, lang, csrf, None, form, None))
        .await?;
    Ok(html(body))
}

pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let typed = HearingForm::from_form(&form);
    let sitting = typed.parse(state.settings.time_zone);
    let page = PageCtx::new(lang, &req, lang.t("hearing.new"));
    let csrf = csrf_token(&session);
    let settings = state.settings.clone();
    let id = state
        .db(move |conn| {
            let key = match sitting
                .map_err(Refusal::Invalid)
                .map(|s| app::hearings::schedule(conn, &settings, &s, &user.name))
            {
                Ok(Ok(id)) => return Ok(id),
                Ok(Err(Failure::Failed(e))) => return Err(e.into()),
                Ok(Err(Failure::Refused(r))) | Err(r) => refusal::key(&r),
            };
            let body = render(conn, page, lang, csrf, None, typed, Some(key))?;
            Err(AppError::Page(StatusCode::BAD_REQUEST, body))
        })
        .await?;
    Ok(see_other(format!("/staff/hearings/{id}")))
}

pub async fn edit_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    require_staff(&state, &session, &req).await?;
    let id = path.into_inner();
    let page = PageCtx::new(lang, &req, lang.t("hearing.edit"));
    let csrf = csrf_token(&session);
    let tz = state.settings.time_zone;
    let body = state
        .db(move |conn| {
            let h = hearings::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let form = HearingForm::of(&h, tz, hearings::register_ids(conn, &h.id)?);
            render(conn, page, lang, csrf, Some(&h), form, None)
        })
        .await?;
    Ok(html(body))
}

pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let id = path.into_inner();
    let typed = HearingForm::from_form(&form);
    let sitting = typed.parse(state.settings.time_zone);
    let page = PageCtx::new(lang, &req, lang.t("hearing.edit"));
    let csrf = csrf_token(&session);
    let settings = state.settings.clone();
    let target = format!("/staff/hearings/{id}");
    state
        .db(move |conn| {
            let h = hearings::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let key = match sitting
                .map_err(Refusal::Invalid)
                .map(|s| app::hearings::edit(conn, &settings, &id, &s, &user.name))
            {
                Ok(Ok(())) => return Ok(()),
                Ok(Err(Failure::Failed(e))) => return Err(e.into()),
                Ok(Err(Failure::Refused(r))) | Err(r) => refusal::key(&r),
            };
            let body = render(conn, page, lang, csrf, Some(&h), typed, Some(key))?;
            Err(AppError::Page(StatusCode::BAD_REQUEST, body))
        })
        .await?;
    Ok(see_other(target))
}

pub async fn change_state(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let id = path.into_inner();
    let tz = state.settings.time_zone;
    let command = change_command(&form, &id, tz, &user.name);
    let page = PageCtx::new(lang, &req, lang.t("hearing.edit"));
    let csrf = csrf_token(&session);
    let settings = state.settings.clone();
    let target = format!("/staff/hearings/{id}");
    state
        .db(move |conn| {
            let h = hearings::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let key = match command.map(|c| app::hearings::change_state(conn, &settings, &c)) {
                Ok(Ok(())) => return Ok(()),
                Ok(Err(Failure::Failed(e))) => return Err(e.into()),
                Ok(Err(Failure::Refused(r))) => refusal::key(&r),
                Err(key) => key,
            };
            let form = HearingForm::of(&h, tz, hearings::register_ids(conn, &h.id)?);
            let body = render(conn, page, lang, csrf, Some(&h), form, Some(key))?;
            Err(AppError::Page(StatusCode::BAD_REQUEST, body))
        })
        .await?;
    Ok(see_other(target))
}

/// The change of state a form asks for, or the key of what cannot be read.
fn change_command(
    form: &FormData,
    id: &str,
    tz: Tz,
    actor: &str,
) -> Result<app::hearings::ChangeState, &'static str> {
    let to = form
        .get("to_state")
        .and_then(HearingState::from_code)
        .ok_or("hearing.bad_state")?;
    // A postponement may name the new date at once.
    let rescheduled = match (form.text("new_date"), form.text("new_time"), to) {
        (Some(d), Some(t), HearingState::Postponed) => {
            let date = NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| "hearing.bad_date")?;
            let time = NaiveTime::parse_from_str(&t, "%H:%M").map_err(|_| "hearing.bad_time")?;
            Some(start(date, time, tz)?)
        }
        (None, None, _) => None,
        _ => return Err("hearing.bad_time"),
    };
    Ok(app::hearings::ChangeState {
        hearing_id: id.to_string(),
        to,
        reason: form.text("reason"),
        summary: form.text("summary"),
        attendance: form.text("attendance"),
        rescheduled,
        actor: actor.to_string(),
    })
}
