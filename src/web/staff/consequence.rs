//! Consequence tests: the panel orders one, the respondent submits it, the
//! panel examines and assesses it or orders a repeat.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

use crate::app::{self, Failure};
use crate::domain::consequence::next_states;
use crate::domain::kinds::{ExemptionGround, TestState};
use crate::i18n::Lang;
use crate::models::registers::{self, Register};
use crate::models::{hearings, Conn};
use crate::web::auth::{csrf_token, require_staff, staff_form, FormData};
use crate::web::views::{display_number, hearing_view, Choice, PageCtx};
use crate::web::{html, refusal, see_other, AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/staff/registers/{id}/tests", web::get().to(page))
        .route("/staff/registers/{id}/tests", web::post().to(order))
        .route("/staff/tests/{id}", web::post().to(change));
}

pub struct TestRow {
    pub id: String,
    pub repeat: bool,
    pub state: &'static str,
    pub ordered: String,
    pub covers: String,
    pub submitted: String,
    pub examined: String,
    pub assessment: String,
    pub next: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "staff/tests.html")]
struct TestsPage {
    page: PageCtx,
    csrf: String,
    id: String,
    number: String,
    tests: Vec<TestRow>,
    items: Vec<Choice>,
    hearings: Vec<Choice>,
    grounds: Vec<Choice>,
    today: String,
    error: Option<&'static str>,
}

fn render(
    conn: &mut Conn,
    state: &AppState,
    mut page: PageCtx,
    lang: Lang,
    csrf: String,
    r: &Register,
    error: Option<&'static str>,
) -> Result<String, AppError> {
    let items = registers::items(conn, &r.id)?;
    let tests = registers::tests_with_items(conn, &r.id)?;
    let fmt = |d: Option<NaiveDate>| d.map(|d| lang.date(d)).unwrap_or_else(|| "—".into());
    let rows = tests
        .iter()
        .map(|(t, covered)| {
            let state_code = TestState::from_code(&t.state);
            let mut covers: Vec<i32> = items
                .iter()
                .filter(|i| covered.contains(&i.id))
                .map(|i| i.position)
                .collect();
            covers.sort();
            TestRow {
                id: t.id.clone(),
                repeat: t.repeat_of_id.is_some(),
                state: lang.label("test_state", &t.state),
                ordered: fmt(t.ordered_on),
                covers: covers
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                submitted: fmt(t.submitted_on),
                examined: fmt(t.examined_on),
                assessment: t.assessment.clone().unwrap_or_default(),
                next: state_code
                    .map(next_states)
                    .unwrap_or(&[])
                    .iter()
                    .map(|s| Choice {
                        value: s.code().into(),
                        label: lang.label("test_state", s.code()).into(),
                        selected: false,
                    })
                    .collect(),
            }
        })
        .collect();
    let hearing_choices = hearings::for_register(conn, &r.id)?
        .iter()
        .filter(|h| h.state == "scheduled")
        .map(|h| {
            let v = hearing_view(lang, h, state.settings.time_zone, Vec::new());
            Choice {
                value: h.id.clone(),
                label: format!("{}, {} — {}", v.day, v.time, v.kind),
                selected: false,
            }
        })
        .collect();
    page.title = format!("{} — {}", display_number(lang, r), lang.t("reg.tests"));
    Ok(TestsPage {
        page,
        csrf,
        id: r.id.clone(),
        number: display_number(lang, r),
        tests: rows,
        items: items
            .iter()
            .map(|i| Choice {
                value: i.id.clone(),
                label: format!("{}. {}", i.position, i.description),
                selected: false,
            })
            .collect(),
        hearings: hearing_choices,
        grounds: ExemptionGround::ALL
            .iter()
            .map(|g| Choice {
                value: g.code().into(),
                label: lang.label("ground", g.code()).into(),
                selected: false,
            })
            .collect(),
        today: state.settings.today().format("%Y-%m-%d").to_string(),
        error,
    }
    .render()?)
}

pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    require_staff(&state, &session, &req).await?;
    let id = path.into_inner();
    let page = PageCtx::new(lang, &req, "");
    let csrf = csrf_token(&session);
    let st = state.get_ref().clone();
    let body = state
        .db(move |conn| {
            let r = registers::find(conn, &id)?.ok_or(AppError::NotFound)?;
            render(conn, &st, page, lang, csrf, &r, None)
        })
        .await?;
    Ok(html(body))
}

fn date(form: &FormData, name: &str) -> Option<NaiveDate> {
    form.get(name)
        .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
}

pub async fn order(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let id = path.into_inner();
    let command = app::consequence::Order {
        register_id: id.clone(),
        items: form.choices("item"),
        ordered_on: date(&form, "ordered_on"),
        due_hearing: form.text("due_hearing"),
        actor: user.name.clone(),
    };
    let page = PageCtx::new(lang, &req, "");
    let csrf = csrf_token(&session);
    let st = state.get_ref().clone();
    let target = format!("/staff/registers/{id}/tests");
    state
        .db(move |conn| {
            let key = match app::consequence::order(conn, &st.settings, &command) {
                Ok(()) => return Ok(()),
                Err(Failure::Failed(e)) => return Err(e.into()),
                Err(Failure::Refused(r)) => refusal::key(&r),
            };
            let r = registers::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let body = render(conn, &st, page, lang, csrf, &r, Some(key))?;
            Err(AppError::Page(StatusCode::BAD_REQUEST, body))
        })
        .await?;
    Ok(see_other(target))
}

/// The step a form asks for, or the key of what cannot be read.
fn step_of(
    form: &FormData,
    test_id: &str,
    actor: &str,
) -> Result<app::consequence::Step, &'static str> {
    let to = form
        .get("to_state")
        .and_then(TestState::from_code)
        .ok_or("bad.form")?;
    let grounds = form
        .choices("ground")
        .iter()
        .map(|g| ExemptionGround::from_code(g).ok_or("bad.form"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(app::consequence::Step {
        test_id: test_id.to_string(),
        to,
        on: date(form, "on"),
        grounds,
        harm_argued: form.text("harm_argued"),
        public_interest: form.text("public_interest"),
        exemption_period: form.text("exemption_period"),
        assessment: form.text("assessment"),
        due_hearing: form.text("due_hearing"),
        actor: actor.to_string(),
    })
}

pub async fn change(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let test_id = path.into_inner();
    let command = step_of(&form, &test_id, &user.name);
    let page = PageCtx::new(lang, &req, "");
    let csrf = csrf_token(&session);
    let st = state.get_ref().clone();
    let register_id = state
        .db(move |conn| {
            let t = registers::find_test(conn, &test_id)?.ok_or(AppError::NotFound)?;
            let key = match command.map(|c| app::consequence::step(conn, &st.settings, &c)) {
                Ok(Ok(register_id)) => return Ok(register_id),
                Ok(Err(Failure::Failed(e))) => return Err(e.into()),
                Ok(Err(Failure::Refused(r))) => refusal::key(&r),
                Err(key) => key,
            };
            let r = registers::find(conn, &t.register_id)?.ok_or(AppError::NotFound)?;
            let body = render(conn, &st, page, lang, csrf, &r, Some(key))?;
            Err(AppError::Page(StatusCode::BAD_REQUEST, body))
        })
        .await?;
    Ok(see_other(format!("/staff/registers/{register_id}/tests")))
}
