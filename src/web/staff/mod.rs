//! The registry's pages under `/staff`: the dashboard, a register's staff
//! page with its status change, and accounts (administrators only).

pub mod applications;
pub mod bodies;
pub mod calendar;
pub mod consequence;
pub mod hearings;
pub mod items;
pub mod mail;

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{Datelike, Duration, NaiveDate, Utc};

use crate::app::{self, Failure, Refusal};
use crate::domain::access::{check_new_password, normalize_email, Role};
use crate::domain::kinds::{Compliance, Track};
use crate::domain::status::{Outcome, Status, TransitionInput};
use crate::i18n::Lang;
use crate::models::hearings as hearing_rows;
use crate::models::registers::{self, Register};
use crate::models::{petitioners, users, Conn};
use crate::web::auth::{
    admin_form, csrf_token, non_blank, require_admin, require_staff, staff_form, FormData,
};
use crate::web::public::{hearing_views, Clocks};
use crate::web::views::{
    code_choices, code_choices_or_none, deadline_view, display_number, register_row, Choice,
    DeadlineView, HearingView, PageCtx, RegisterRow,
};
use crate::web::{html, refusal, see_other, AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/staff", web::get().to(dashboard))
        .route("/staff/registers/{id}", web::get().to(register))
        .route(
            "/staff/registers/{id}/status",
            web::post().to(change_status),
        )
        .route("/staff/registers/{id}/follow-up", web::post().to(follow_up))
        .route("/staff/users", web::get().to(users_page))
        .route("/staff/users", web::post().to(create_user));
}

// ---------------------------------------------------------------- dashboard

pub struct WaitingRow {
    pub id: String,
    pub subject: String,
    pub status: &'static str,
    pub received: String,
    pub deadline: Option<DeadlineView>,
}

pub struct TestDueRow {
    pub register_id: String,
    pub number: String,
    pub ordered: String,
}

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct DashboardPage {
    page: PageCtx,
    name: String,
    is_admin: bool,
    waiting: Vec<WaitingRow>,
    /// "200 of 1,234 shown" when not all fit.
    waiting_more: Option<String>,
    pressing: Vec<RegisterRow>,
    pressing_more: Option<String>,
    week: Vec<HearingView>,
    tests_due: Vec<TestDueRow>,
    tests_more: Option<String>,
}

/// The most rows a list of the dashboard shows.
const DASHBOARD_ROWS: usize = 200;

/// Registers read at a time while the dashboard looks through them.
const SLICE: i64 = 2_000;

/// What to say when a list shows `shown` of `total`.
fn more(lang: Lang, key: &'static str, shown: usize, total: usize) -> Option<String> {
    (total > shown).then(|| {
        lang.fill(
            key,
            &[
                ("shown", &lang.number(shown as i64)),
                ("total", &lang.number(total as i64)),
            ],
        )
    })
}

pub async fn dashboard(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
) -> Result<HttpResponse, AppError> {
    let user = require_staff(&state, &session, &req).await?;
    let page = PageCtx::new(lang, &req, lang.t("staff.dashboard"));
    let st = state.get_ref().clone();
    let body = state
        .db(move |conn| dashboard_page(conn, &st, lang, page, &user))
        .await?;
    Ok(html(body))
}

fn dashboard_page(
    conn: &mut Conn,
    st: &AppState,
    lang: Lang,
    page: PageCtx,
    user: &users::User,
) -> Result<String, AppError> {
    let clocks = Clocks::load(conn, st)?;
    let (waiting, waiting_more) = oldest_waiting(conn, &clocks, lang)?;
    let (pressing, pressing_more) = most_pressing(conn, &clocks, lang)?;
    let now = Utc::now().naive_utc();
    let week: Vec<hearing_rows::Hearing> = hearing_rows::upcoming(conn, now, 200)?
        .into_iter()
        .filter(|h| h.starts_at < now + Duration::days(7))
        .collect();
    let week = hearing_views(lang, st, conn, &week)?;
    let (tests_due, tests_total) = registers::tests_due(conn, DASHBOARD_ROWS as i64)?;
    let tests_more = more(
        lang,
        "staff.shown_oldest",
        tests_due.len(),
        usize::try_from(tests_total).unwrap_or(0),
    );
    let tests_due = tests_due
        .into_iter()
        .map(|(t, id, number)| TestDueRow {
            register_id: id,
            number: number.unwrap_or_else(|| lang.t("common.unnumbered").to_string()),
            ordered: t.ordered_on.map(|d| lang.date(d)).unwrap_or_default(),
        })
        .collect();
    Ok(DashboardPage {
        page,
        name: user.name.clone(),
        is_admin: user.role().is_admin(),
        waiting,
        waiting_more,
        pressing,
        pressing_more,
        week,
        tests_due,
        tests_more,
    }
    .render()?)
}

/// The oldest applications waiting for their check, at most a screenful,
/// and how many more there are.
fn oldest_waiting(
    conn: &mut Conn,
    clocks: &Clocks,
    lang: Lang,
) -> Result<(Vec<WaitingRow>, Option<String>), AppError> {
    // The oldest applications first, at most a screenful.
    let mut waiting: Vec<Register> = Vec::new();
    let mut waiting_total = 0usize;
    registers::each_in_statuses(
        conn,
        &[Status::Received, Status::Incomplete],
        SLICE,
        |rows| {
            waiting_total += rows.len();
            waiting.extend(rows);
            waiting.sort_by(|a, b| (a.received_on, &a.id).cmp(&(b.received_on, &b.id)));
            waiting.truncate(DASHBOARD_ROWS);
        },
    )?;
    let waiting_more = more(lang, "staff.shown_oldest", waiting.len(), waiting_total);
    let rows = waiting
        .iter()
        .map(|r| WaitingRow {
            id: r.id.clone(),
            subject: r.subject.clone(),
            status: lang.label("status", &r.status),
            received: lang.date(r.received_on),
            deadline: clocks.next(lang, r),
        })
        .collect();
    Ok((rows, waiting_more))
}

/// The running registers with a pressing deadline, the most urgent first.
fn most_pressing(
    conn: &mut Conn,
    clocks: &Clocks,
    lang: Lang,
) -> Result<(Vec<RegisterRow>, Option<String>), AppError> {
    let running: Vec<Status> = Status::ALL
        .iter()
        .copied()
        .filter(|s| s.is_public() && !s.is_terminal() && *s != Status::Final)
        .collect();
    // The most urgent first: by the earliest pressing deadline.
    let mut pressing: Vec<(chrono::NaiveDate, Register)> = Vec::new();
    let mut pressing_total = 0usize;
    registers::each_in_statuses(conn, &running, SLICE, |rows| {
        for r in rows {
            let due = clocks
                .open(&r)
                .iter()
                .filter(|d| d.is_pressing(clocks.calendar(), clocks.today))
                .map(|d| d.due)
                .min();
            if let Some(due) = due {
                pressing_total += 1;
                pressing.push((due, r));
            }
        }
        pressing.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        pressing.truncate(DASHBOARD_ROWS);
    })?;
    let pressing_more = more(lang, "staff.shown_pressing", pressing.len(), pressing_total);
    let pressing_owned: Vec<Register> = pressing.into_iter().map(|(_, r)| r).collect();
    let parties = registers::parties(conn, &pressing_owned)?;
    let rows = pressing_owned
        .iter()
        .map(|r| register_row(lang, r, &parties, clocks.next(lang, r)))
        .collect();
    Ok((rows, pressing_more))
}

// ---------------------------------------------------------------- register

pub struct StaffEvent {
    pub date: String,
    pub kind: &'static str,
    pub change: Option<String>,
    pub public_text: Option<String>,
    pub internal_text: Option<String>,
    pub actor: String,
    pub recorded: String,
}

/// What the status form shows: the choices and what was typed.
#[derive(Default, Clone)]
pub struct StatusForm {
    pub to_status: String,
    pub on: String,
    pub register_number: String,
    pub outcome: String,
    pub decision_number: String,
    pub reason: String,
    pub missing: String,
    pub court: String,
    pub public_text: String,
    pub internal_text: String,
}

impl StatusForm {
    /// The move the form asks for, or the message of what cannot be read.
    fn command(
        &self,
        id: &str,
        version: Option<&str>,
        actor: &str,
    ) -> Result<app::registers::ChangeStatus, &'static str> {
        let expected_version = version
            .and_then(|v| v.trim().parse().ok())
            .ok_or("bad.form")?;
        let to = Status::from_code(&self.to_status).ok_or("staff.choose_status")?;
        let on = match self.on.trim() {
            "" => None,
            raw => Some(NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| "bad.before")?),
        };
        let outcome = match self.outcome.trim() {
            "" => None,
            code => Some(Outcome::from_code(code).ok_or("bad.form")?),
        };
        Ok(app::registers::ChangeStatus {
            register_id: id.to_string(),
            expected_version,
            to,
            input: TransitionInput {
                on,
                register_number: non_blank(&self.register_number),
                outcome,
                decision_number: non_blank(&self.decision_number),
                reason: non_blank(&self.reason),
                missing: non_blank(&self.missing),
                court: non_blank(&self.court),
            },
            public_text: non_blank(&self.public_text),
            internal_text: non_blank(&self.internal_text),
            actor: actor.to_string(),
        })
    }

    fn from_form(form: &FormData) -> StatusForm {
        let v = |k: &str| form.get(k).unwrap_or("").to_string();
        StatusForm {
            to_status: v("to_status"),
            on: v("on"),
            register_number: v("register_number"),
            outcome: v("outcome"),
            decision_number: v("decision_number"),
            reason: v("reason"),
            missing: v("missing"),
            court: v("court"),
            public_text: v("public_text"),
            internal_text: v("internal_text"),
        }
    }
}

#[derive(Template)]
#[template(path = "staff/register.html")]
struct StaffRegisterPage {
    page: PageCtx,
    csrf: String,
    id: String,
    number: String,
    subject: String,
    status: &'static str,
    status_since: String,
    is_public: bool,
    version: i32,
    petitioner: String,
    petitioner_contact: Vec<(&'static str, String)>,
    deadlines: Vec<DeadlineView>,
    next_statuses: Vec<Choice>,
    outcomes: Vec<Choice>,
    form: StatusForm,
    error: Option<String>,
    conflict: Option<String>,
    events: Vec<StaffEvent>,
    changes: Vec<ChangeRow>,
    hearings: Vec<HearingView>,
    decided: bool,
    disclosure_due_on: String,
    compliance: Vec<Choice>,
    compliance_on: String,
    /// What an online filing said and asked for since.
    filing: Vec<String>,
    documents: Vec<(&'static str, String, String)>,
}

pub struct ChangeRow {
    pub when: String,
    pub actor: String,
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// The number the next registration would get, editable on the form.
fn proposed_number(
    conn: &mut Conn,
    state: &AppState,
    r: &Register,
    on: NaiveDate,
) -> Result<String, AppError> {
    if let Some(n) = &r.number {
        return Ok(n.clone());
    }
    let seq = registers::next_sequence(conn, on.year())?;
    let kind = if r.track == Track::Election.code() {
        "PSIP"
    } else {
        "PSI"
    };
    Ok(state.settings.register_format.render(seq as u32, on, kind))
}

struct Shown {
    form: StatusForm,
    error: Option<String>,
    conflict: Option<String>,
}

fn render_register(
    conn: &mut Conn,
    state: &AppState,
    mut page: PageCtx,
    lang: Lang,
    csrf: String,
    r: &Register,
    shown: Shown,
) -> Result<String, AppError> {
    let clocks = Clocks::load(conn, state)?;
    let status = Status::from_code(&r.status);
    let petitioner = petitioners::find(conn, &r.petitioner_id)?.ok_or(AppError::NotFound)?;
    let mut contact = vec![(lang.t("staff.legal_name"), petitioner.legal_name.clone())];
    for (key, value) in [
        ("staff.email", &petitioner.email),
        ("staff.phone", &petitioner.phone),
        ("staff.address", &petitioner.address),
        ("staff.identity", &petitioner.identity_number),
        ("filing.deed", &petitioner.deed),
    ] {
        if let Some(v) = value {
            contact.push((lang.t(key), v.clone()));
        }
    }
    let mut form = shown.form;
    if form.on.is_empty() {
        form.on = clocks.today.format("%Y-%m-%d").to_string();
    }
    if form.register_number.is_empty()
        && status.is_some_and(|s| s.next().contains(&Status::Registered))
    {
        form.register_number = proposed_number(conn, state, r, clocks.today)?;
    }
    let next_statuses = code_choices(
        status.map(|s| s.next()).unwrap_or(&[]),
        Status::code,
        "status",
        lang,
        &form.to_status,
    );
    let outcomes = Outcome::ALL
        .iter()
        .filter(|o| o.is_adjudicated())
        .map(|o| Choice {
            value: o.code().to_string(),
            label: lang.label("outcome", o.code()).to_string(),
            selected: form.outcome == o.code(),
        })
        .collect();
    let events = registers::all_events(conn, &r.id)?
        .into_iter()
        .map(|e| StaffEvent {
            date: lang.date(e.occurred_on),
            kind: lang.label("event", &e.kind),
            change: lang.status_change(e.from_status.as_deref(), e.to_status.as_deref()),
            public_text: e.public_text,
            internal_text: e.internal_text,
            actor: e.actor,
            recorded: e.recorded_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        })
        .collect();
    let changes = registers::changes(conn, &r.id)?
        .into_iter()
        .map(|c| {
            // Coded fields read as their labels.
            let show = |v: Option<String>| match (c.field.as_str(), v) {
                ("status" | "outcome", Some(code)) => lang.label(&c.field, &code).to_string(),
                (_, Some(v)) => v,
                (_, None) => "—".to_string(),
            };
            ChangeRow {
                when: c.recorded_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                field: lang.label("field", &c.field),
                before: show(c.before_value.clone()),
                after: show(c.after_value.clone()),
                actor: c.actor,
            }
        })
        .collect();
    let register_hearings = hearing_rows::for_register(conn, &r.id)?;
    let hearings = register_hearings
        .iter()
        .map(|h| crate::web::views::hearing_view(lang, h, state.settings.time_zone, Vec::new()))
        .collect();
    let iso = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let compliance = code_choices_or_none(
        Compliance::ALL,
        Compliance::code,
        "compliance",
        lang,
        r.compliance.as_deref().unwrap_or(""),
    );
    let mut filing = Vec::new();
    if let Some(f) = crate::models::filings::find(conn, &r.id)? {
        filing.push(format!(
            "{}: {}",
            lang.t("filing.channel"),
            lang.label("channel", &f.request_channel)
        ));
        if let Some((kind, date)) = f.timeliness.split_once(':') {
            if let Ok(due) = NaiveDate::parse_from_str(date, "%Y-%m-%d") {
                filing.push(if kind == "late" {
                    lang.fill("filing.late_note", &[("date", &lang.date(due))])
                } else {
                    lang.fill("filing.filed_on_time", &[("date", &lang.date(due))])
                });
            }
        }
        if let Some(on) = f.completed_on {
            let note = f.completion_note.clone().unwrap_or_default();
            filing.push(format!(
                "{} {}. {note}",
                lang.t("my.completed_on"),
                lang.date(on)
            ));
        }
        if let Some(on) = f.withdrawal_requested_on {
            let reason = f.withdrawal_reason.clone().unwrap_or_default();
            filing.push(format!(
                "{} {}: {reason}",
                lang.t("my.withdrawal_requested"),
                lang.date(on)
            ));
        }
    }
    let documents = crate::models::attachments::of_register(conn, &r.id)?
        .into_iter()
        .map(|a| {
            (
                lang.label("document", &a.kind),
                format!("/files/{}", a.id),
                a.filename,
            )
        })
        .collect();
    Ok(StaffRegisterPage {
        filing,
        documents,
        decided: status.is_some_and(|s| s.has_decision()),
        disclosure_due_on: iso(r.disclosure_due_on),
        compliance,
        compliance_on: iso(r.compliance_on),
        hearings,
        changes,
        page: {
            page.title = display_number(lang, r);
            page
        },
        csrf,
        id: r.id.clone(),
        number: display_number(lang, r),
        subject: r.subject.clone(),
        status: lang.label("status", &r.status),
        status_since: lang.fill("reg.status_since", &[("date", &lang.date(r.status_since))]),
        is_public: r.registered_on.is_some(),
        version: r.version,
        petitioner: petitioner.display_name,
        petitioner_contact: contact,
        deadlines: clocks
            .open(r)
            .iter()
            .map(|d| deadline_view(lang, d, clocks.calendar(), clocks.today))
            .collect(),
        next_statuses,
        outcomes,
        form,
        error: shown.error,
        conflict: shown.conflict,
        events,
    }
    .render()?)
}

pub async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    require_staff(&state, &session, &req).await?;
    let id = path.into_inner();
    let csrf = csrf_token(&session);
    let st = state.get_ref().clone();
    let page = PageCtx::new(lang, &req, "");
    let body = state
        .db(move |conn| {
            let r = registers::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let shown = Shown {
                form: StatusForm::default(),
                error: None,
                conflict: None,
            };
            render_register(conn, &st, page, lang, csrf, &r, shown)
        })
        .await?;
    Ok(html(body))
}

pub async fn change_status(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let id = path.into_inner();
    let typed = StatusForm::from_form(&form);
    let command = typed.command(&id, form.get("version"), &user.name);
    let target = format!("/staff/registers/{id}");
    let csrf = csrf_token(&session);
    let st = state.get_ref().clone();
    let page = PageCtx::new(lang, &req, "");
    state
        .db(move |conn| {
            let refusal = match command {
                Ok(cmd) => match app::registers::change_status(conn, &st.settings, &cmd) {
                    Ok(()) => return Ok(()),
                    Err(Failure::Failed(e)) => return Err(e.into()),
                    Err(Failure::Refused(r)) => r,
                },
                Err(key) => Refusal::Invalid(key),
            };
            let r = registers::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let (error, conflict) = match &refusal {
                Refusal::Conflict => (
                    None,
                    Some(lang.fill(
                        "staff.conflict",
                        &[
                            ("status", lang.label("status", &r.status)),
                            ("version", &r.version.to_string()),
                        ],
                    )),
                ),
                other => (Some(refusal::message(lang, other)), None),
            };
            let shown = Shown {
                form: typed,
                error,
                conflict,
            };
            let body = render_register(conn, &st, page, lang, csrf, &r, shown)?;
            Err(AppError::Page(refusal::status(&refusal), body))
        })
        .await?;
    Ok(see_other(target))
}

pub async fn follow_up(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let id = path.into_inner();
    let command = follow_up_command(&form, &id, &user.name);
    let target = format!("/staff/registers/{id}");
    let csrf = csrf_token(&session);
    let st = state.get_ref().clone();
    let page = PageCtx::new(lang, &req, "");
    state
        .db(move |conn| {
            let refusal = match command {
                Ok(cmd) => match app::registers::follow_up(conn, &st.settings, &cmd) {
                    Ok(()) => return Ok(()),
                    Err(Failure::Failed(e)) => return Err(e.into()),
                    Err(Failure::Refused(r)) => r,
                },
                Err(key) => Refusal::Invalid(key),
            };
            let r = registers::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let shown = Shown {
                form: StatusForm::default(),
                error: Some(refusal::message(lang, &refusal)),
                conflict: None,
            };
            let body = render_register(conn, &st, page, lang, csrf, &r, shown)?;
            Err(AppError::Page(refusal::status(&refusal), body))
        })
        .await?;
    Ok(see_other(target))
}

/// The follow-up a form asks for, or the message of what cannot be read.
fn follow_up_command(
    form: &FormData,
    id: &str,
    actor: &str,
) -> Result<app::registers::FollowUp, &'static str> {
    let date = |name: &str| -> Result<Option<NaiveDate>, &'static str> {
        form.text(name)
            .map(|raw| NaiveDate::parse_from_str(&raw, "%Y-%m-%d").map_err(|_| "bad.before"))
            .transpose()
    };
    let (disclosure_due_on, compliance_on) = (date("disclosure_due_on")?, date("compliance_on")?);
    let expected_version = version_of(form).ok_or("bad.before")?;
    let compliance = form
        .text("compliance")
        .map(|c| Compliance::from_code(&c).ok_or("bad.form"))
        .transpose()?;
    Ok(app::registers::FollowUp {
        register_id: id.to_string(),
        expected_version,
        disclosure_due_on,
        compliance,
        compliance_on,
        actor: actor.to_string(),
    })
}

/// The version of the record the form was filled in on.
pub(crate) fn version_of(form: &FormData) -> Option<i32> {
    form.get("version").and_then(|v| v.trim().parse().ok())
}

// ---------------------------------------------------------------- accounts

pub struct UserRow {
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "staff/users.html")]
struct UsersPage {
    page: PageCtx,
    csrf: String,
    users: Vec<UserRow>,
    roles: Vec<Choice>,
    name: String,
    email: String,
    error: Option<&'static str>,
    created: bool,
}

#[derive(serde::Deserialize)]
pub struct UsersQuery {
    created: Option<String>,
}

fn users_body(
    conn: &mut Conn,
    page: PageCtx,
    lang: Lang,
    csrf: String,
    typed: (&str, &str, &str),
    error: Option<&'static str>,
    created: bool,
) -> Result<String, AppError> {
    let list = users::all(conn)?
        .into_iter()
        .map(|u| UserRow {
            role: lang.label("account_role", &u.role),
            name: u.name,
            email: u.email,
            active: u.active,
        })
        .collect();
    let roles = [Role::Staff, Role::Admin]
        .iter()
        .map(|r| Choice {
            value: r.code().to_string(),
            label: lang.label("account_role", r.code()).to_string(),
            selected: typed.2 == r.code(),
        })
        .collect();
    Ok(UsersPage {
        page,
        csrf,
        users: list,
        roles,
        name: typed.0.to_string(),
        email: typed.1.to_string(),
        error,
        created,
    }
    .render()?)
}

pub async fn users_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    query: web::Query<UsersQuery>,
) -> Result<HttpResponse, AppError> {
    require_admin(&state, &session, &req).await?;
    let csrf = csrf_token(&session);
    let created = query.created.is_some();
    let page = PageCtx::new(lang, &req, lang.t("staff.users"));
    let body = state
        .db(move |conn| users_body(conn, page, lang, csrf, ("", "", ""), None, created))
        .await?;
    Ok(html(body))
}

pub async fn create_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (_, form) = admin_form(&state, &req, lang, &session, form).await?;
    let csrf = csrf_token(&session);
    let name = form.get("name").unwrap_or("").trim().to_string();
    let email_raw = form.get("email").unwrap_or("").trim().to_string();
    let role_raw = form.get("role").unwrap_or("").to_string();
    let password = form.get("password").unwrap_or("").to_string();
    let page = PageCtx::new(lang, &req, lang.t("staff.users"));
    state
        .db(move |conn| {
            let email = normalize_email(&email_raw);
            let role = Role::from_code(&role_raw).filter(|r| r.is_staff());
            let error = if name.is_empty() {
                Some("staff.need_name")
            } else if email.is_none() {
                Some("login.bad_email")
            } else if role.is_none() {
                Some("staff.need_role")
            } else if let Err(e) = check_new_password(&password) {
                Some(e.code())
            } else if users::find_by_email(conn, email.as_deref().unwrap_or_default())?.is_some() {
                Some("staff.email_taken")
            } else {
                None
            };
            if let (None, Some(email), Some(role)) = (error, &email, role) {
                users::create(conn, email, &name, role, &password)?;
                return Ok(());
            }
            let body = users_body(
                conn,
                page,
                lang,
                csrf,
                (&name, &email_raw, &role_raw),
                error,
                false,
            )?;
            Err(AppError::Page(StatusCode::BAD_REQUEST, body))
        })
        .await?;
    Ok(see_other("/staff/users?created=1".to_string()))
}
