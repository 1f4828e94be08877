//! Scheduling hearings and recording what became of them.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use super::auth::{csrf_token, require_staff, staff_form, FormData};
use super::views::{display_number, local_time, Choice, PageCtx};
use super::{html, see_other, AppError, AppState};
use crate::db::{new_id, write_tx};
use crate::domain::kinds::{EventKind, HearingKind, HearingState, Openness};
use crate::domain::status::{check_hearing_change, HearingChangeError, Status};
use crate::i18n::Lang;
use crate::mail::compose::Texts;
use crate::models::hearings::{self, Hearing};
use crate::models::registers::{self, RegisterEvent};
use crate::models::{now, Conn};

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
    fn parse(&self, tz: Tz) -> Result<(NaiveDateTime, HearingKind, Openness), &'static str> {
        let date =
            NaiveDate::parse_from_str(&self.date, "%Y-%m-%d").map_err(|_| "hearing.bad_date")?;
        let time =
            NaiveTime::parse_from_str(&self.time, "%H:%M").map_err(|_| "hearing.bad_time")?;
        let kind = HearingKind::from_code(&self.kind).ok_or("hearing.bad_kind")?;
        let openness = Openness::from_code(&self.openness).ok_or("hearing.bad_openness")?;
        if self.registers.is_empty() {
            return Err("hearing.no_registers");
        }
        let starts_at = tz
            .from_local_datetime(&date.and_time(time))
            .earliest()
            .ok_or("hearing.bad_time")?
            .naive_utc();
        Ok((starts_at, kind, openness))
    }
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

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    prefix: &str,
    lang: Lang,
    current: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            value: code(*v).to_string(),
            label: lang.label(prefix, code(*v)).to_string(),
            selected: current == code(*v),
        })
        .collect()
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
        kinds: choices(
            HearingKind::ALL,
            HearingKind::code,
            "hearing_kind",
            lang,
            &form.kind,
        ),
        openness: choices(
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

/// "Pemeriksaan awal I, Senin, 5 Maret 2024, 09.00 WIB".
fn describe(lang: Lang, h: &Hearing, tz: Tz) -> String {
    let local = local_time(h.starts_at, &h.time_zone, tz);
    let day = local.date_naive();
    format!(
        "{}, {}, {} {}",
        lang.label("hearing_kind", &h.kind),
        lang.weekday(day),
        lang.date(day),
        local.format(if lang == Lang::Id {
            "%H.%M %Z"
        } else {
            "%H:%M %Z"
        })
    )
}

pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let typed = HearingForm::from_form(&form);
    let tz = state.settings.time_zone;
    let page = PageCtx::new(lang, &req, lang.t("hearing.new"));
    let csrf = csrf_token(&session);
    let st_settings = state.settings.clone();
    let id = state
        .db(move |conn| {
            let (starts_at, kind, openness) = match typed.parse(tz) {
                Ok(v) => v,
                Err(key) => {
                    let body = render(conn, page, lang, csrf, None, typed, Some(key))?;
                    return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
                }
            };
            for id in &typed.registers {
                // Hearings are for registered registers: an application is
                // checked and registered first.
                let problem = match registers::find(conn, id)? {
                    None => Some("hearing.no_registers"),
                    Some(r) if r.registered_on.is_none() => Some("hearing.not_registered"),
                    Some(_) => None,
                };
                if let Some(problem) = problem {
                    let body = render(conn, page, lang, csrf, None, typed.clone(), Some(problem))?;
                    return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
                }
            }
            let at = now();
            let hearing = Hearing {
                id: new_id(),
                starts_at,
                time_zone: tz.name().to_string(),
                kind: kind.code().to_string(),
                room: typed.room.clone(),
                openness: openness.code().to_string(),
                state: HearingState::Scheduled.code().to_string(),
                state_reason: None,
                summary: None,
                created_at: at,
                updated_at: at,
                attendance: None,
            };
            let texts = Texts::each(|l| {
                l.fill(
                    "hearing.scheduled_text",
                    &[("hearing", &describe(l, &hearing, tz))],
                )
            });
            let text = texts.id.clone();
            write_tx(conn, |conn| {
                hearings::insert(conn, &hearing, &typed.registers)?;
                let on = local_time(at, tz.name(), tz).date_naive();
                for id in &typed.registers {
                    registers::append_event(
                        conn,
                        &RegisterEvent::public(
                            id,
                            EventKind::HearingScheduled,
                            on,
                            &user.name,
                            text.clone(),
                        ),
                    )?;
                    crate::mail::compose::queue_event(
                        conn,
                        &st_settings,
                        id,
                        EventKind::HearingScheduled,
                        &texts,
                    )?;
                }
                Ok::<_, AppError>(())
            })?;
            Ok(hearing.id)
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
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let id = path.into_inner();
    let typed = HearingForm::from_form(&form);
    let tz = state.settings.time_zone;
    let page = PageCtx::new(lang, &req, lang.t("hearing.edit"));
    let csrf = csrf_token(&session);
    let target = format!("/staff/hearings/{id}");
    state
        .db(move |conn| {
            let mut h = hearings::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let before = h.clone();
            let before_registers = hearings::register_ids(conn, &h.id)?;
            let (starts_at, kind, openness) = match typed.parse(tz) {
                Ok(v) => v,
                Err(key) => {
                    let body = render(conn, page, lang, csrf, Some(&h), typed, Some(key))?;
                    return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
                }
            };
            for rid in &typed.registers {
                let problem = match registers::find(conn, rid)? {
                    None => Some("hearing.no_registers"),
                    Some(r) if r.registered_on.is_none() => Some("hearing.not_registered"),
                    Some(_) => None,
                };
                if let Some(key) = problem {
                    let key = Some(key);
                    let body = render(conn, page, lang, csrf, Some(&h), typed.clone(), key)?;
                    return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
                }
            }
            h.starts_at = starts_at;
            h.kind = kind.code().to_string();
            h.openness = openness.code().to_string();
            h.room = typed.room.clone();
            h.updated_at = now();
            let describe_full = |x: &Hearing| {
                format!(
                    "{} · {} · {}",
                    describe(Lang::Id, x, tz),
                    x.room,
                    x.openness
                )
            };
            write_tx(conn, |conn| {
                hearings::update(conn, &h, &typed.registers)?;
                let mut touched = before_registers.clone();
                touched.extend(
                    typed
                        .registers
                        .iter()
                        .filter(|r| !before_registers.contains(r))
                        .cloned(),
                );
                for rid in &touched {
                    let was = before_registers
                        .contains(rid)
                        .then(|| describe_full(&before));
                    let is = typed.registers.contains(rid).then(|| describe_full(&h));
                    registers::record_field(
                        conn,
                        rid,
                        &user.name,
                        h.updated_at,
                        "hearing",
                        (was, is),
                    )?;
                }
                Ok::<_, AppError>(())
            })?;
            Ok(())
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
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let id = path.into_inner();
    let tz = state.settings.time_zone;
    let page = PageCtx::new(lang, &req, lang.t("hearing.edit"));
    let csrf = csrf_token(&session);
    let to = form.get("to_state").and_then(HearingState::from_code);
    let reason = form.text("reason");
    let summary = form.text("summary");
    let attendance = form.text("attendance");
    let new_date = form.text("new_date");
    let new_time = form.text("new_time");
    let target = format!("/staff/hearings/{id}");
    let st_settings = state.settings.clone();
    state
        .db(move |conn| {
            let h = hearings::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let register_ids = hearings::register_ids(conn, &h.id)?;
            let refuse = |conn: &mut Conn, key: &'static str| -> Result<(), AppError> {
                let form = HearingForm::of(&h, tz, register_ids.clone());
                let body = render(
                    conn,
                    page.clone(),
                    lang,
                    csrf.clone(),
                    Some(&h),
                    form,
                    Some(key),
                )?;
                Err(AppError::Page(StatusCode::BAD_REQUEST, body))
            };
            let Some(from) = HearingState::from_code(&h.state) else {
                return Err(AppError::Internal(format!(
                    "unknown hearing state {}",
                    h.state
                )));
            };
            let Some(to) = to else {
                return refuse(conn, "hearing.bad_state");
            };
            match check_hearing_change(from, to, reason.as_deref()) {
                Ok(()) => {}
                Err(HearingChangeError::NeedsReason) => {
                    return refuse(conn, "hearing.needs_reason")
                }
                Err(HearingChangeError::NotAllowed { .. }) => {
                    return refuse(conn, "hearing.bad_state")
                }
            }
            // A postponement may name the new date at once.
            let rescheduled = match (&new_date, &new_time, to) {
                (Some(d), Some(t), HearingState::Postponed) => {
                    let form = HearingForm {
                        date: d.clone(),
                        time: t.clone(),
                        kind: h.kind.clone(),
                        room: h.room.clone(),
                        openness: h.openness.clone(),
                        registers: register_ids.clone(),
                    };
                    match form.parse(tz) {
                        Ok((starts_at, _, _)) => Some(starts_at),
                        Err(key) => return refuse(conn, key),
                    }
                }
                (None, None, _) => None,
                _ => return refuse(conn, "hearing.bad_time"),
            };
            let at = now();
            let mut updated = h.clone();
            updated.state = to.code().to_string();
            updated.updated_at = at;
            match to {
                HearingState::Postponed | HearingState::Cancelled => {
                    updated.state_reason = reason.clone()
                }
                HearingState::Held => {
                    updated.summary = summary.clone();
                    updated.attendance = attendance.clone();
                }
                HearingState::Scheduled => updated.state_reason = None,
            }
            let on = local_time(h.starts_at, &h.time_zone, tz).date_naive();
            let what_in = |l: Lang| describe(l, &h, tz);
            let what = what_in(Lang::Id);
            write_tx(conn, |conn| {
                hearings::update(conn, &updated, &register_ids)?;
                let (kind, texts) = match to {
                    HearingState::Held => (
                        EventKind::HearingHeld,
                        Texts::each(|l| match &summary {
                            Some(s) => format!("{}: {s}", what_in(l)),
                            None => what_in(l),
                        }),
                    ),
                    HearingState::Postponed => (
                        EventKind::HearingPostponed,
                        Texts::each(|l| {
                            format!("{}: {}", what_in(l), reason.clone().unwrap_or_default())
                        }),
                    ),
                    HearingState::Cancelled => (
                        EventKind::HearingCancelled,
                        Texts::each(|l| {
                            format!("{}: {}", what_in(l), reason.clone().unwrap_or_default())
                        }),
                    ),
                    HearingState::Scheduled => (EventKind::HearingScheduled, Texts::each(what_in)),
                };
                let text = texts.id.clone();
                for rid in &register_ids {
                    registers::append_event(
                        conn,
                        &RegisterEvent::public(rid, kind, on, &user.name, text.clone()),
                    )?;
                    crate::mail::compose::queue_event(conn, &st_settings, rid, kind, &texts)?;
                    let before = format!("{what}: {}", h.state);
                    let after = format!("{what}: {}", updated.state);
                    registers::record_field(
                        conn,
                        rid,
                        &user.name,
                        at,
                        "hearing",
                        (Some(before), Some(after)),
                    )?;
                }
                if let Some(starts_at) = rescheduled {
                    let next = Hearing {
                        id: new_id(),
                        starts_at,
                        state: HearingState::Scheduled.code().to_string(),
                        state_reason: None,
                        summary: None,
                        attendance: None,
                        created_at: at,
                        updated_at: at,
                        ..h.clone()
                    };
                    hearings::insert(conn, &next, &register_ids)?;
                    let texts = Texts::each(|l| {
                        l.fill(
                            "hearing.scheduled_text",
                            &[("hearing", &describe(l, &next, tz))],
                        )
                    });
                    let text = texts.id.clone();
                    for rid in &register_ids {
                        registers::append_event(
                            conn,
                            &RegisterEvent::public(
                                rid,
                                EventKind::HearingScheduled,
                                on,
                                &user.name,
                                text.clone(),
                            ),
                        )?;
                        crate::mail::compose::queue_event(
                            conn,
                            &st_settings,
                            rid,
                            EventKind::HearingScheduled,
                            &texts,
                        )?;
                    }
                }
                Ok::<_, AppError>(())
            })?;
            Ok(())
        })
        .await?;
    Ok(see_other(target))
}
