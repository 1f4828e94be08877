//! Consequence tests: the panel orders one, the respondent submits it, the
//! panel examines and assesses it or orders a repeat.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

use super::auth::{csrf_token, require_staff, staff_form, FormData};
use super::views::{display_number, hearing_view, Choice, PageCtx};
use super::{html, see_other, AppError, AppState};
use crate::db::{new_id, write_tx};
use crate::domain::consequence::{check_test_change, next_states};
use crate::domain::kinds::{EventKind, ExemptionGround, TestState};
use crate::i18n::Lang;
use crate::mail::compose::Texts;
use crate::models::registers::{self, ConsequenceTest, Register, RegisterEvent};
use crate::models::{hearings, now, Conn};

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
        today: crate::today(&state.settings).format("%Y-%m-%d").to_string(),
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
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let id = path.into_inner();
    let page = PageCtx::new(lang, &req, "");
    let csrf = csrf_token(&session);
    let st = state.get_ref().clone();
    let target = format!("/staff/registers/{id}/tests");
    state
        .db(move |conn| {
            let r = registers::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let items = registers::items(conn, &r.id)?;
            let chosen: Vec<String> = form.choices("item");
            let due = form.text("due_hearing");
            let ordered_on = date(&form, "ordered_on");
            let due_ok = match &due {
                Some(h) => hearings::register_ids(conn, h)?.contains(&r.id),
                None => true,
            };
            let error =
                if chosen.is_empty() || chosen.iter().any(|c| !items.iter().any(|i| &i.id == c)) {
                    Some("test.needs_items")
                } else if ordered_on.is_none() {
                    Some("test.needs_date")
                } else if !due_ok {
                    Some("bad.form")
                } else {
                    None
                };
            if let Some(key) = error {
                let body = render(conn, &st, page, lang, csrf, &r, Some(key))?;
                return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
            }
            let on = ordered_on.ok_or(AppError::BadRequest("bad.form"))?;
            let test = ConsequenceTest {
                id: new_id(),
                register_id: r.id.clone(),
                state: TestState::Ordered.code().into(),
                repeat_of_id: None,
                ordered_on: Some(on),
                due_hearing_id: due,
                submitted_on: None,
                examined_on: None,
                grounds: String::new(),
                harm_argued: None,
                public_interest: None,
                exemption_period: None,
                assessment: None,
                created_at: now(),
            };
            let mut numbers: Vec<i32> = items
                .iter()
                .filter(|i| chosen.contains(&i.id))
                .map(|i| i.position)
                .collect();
            numbers.sort();
            let list = numbers
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let texts = Texts::each(|l| l.fill("test.ordered_text", &[("list", &list)]));
            let text = texts.id.clone();
            write_tx(conn, |conn| {
                registers::insert_test(conn, &test, &chosen)?;
                registers::append_event(
                    conn,
                    &RegisterEvent::public(
                        &r.id,
                        EventKind::TestOrdered,
                        on,
                        &user.name,
                        text.clone(),
                    ),
                )?;
                crate::mail::compose::queue_event(
                    conn,
                    &st.settings,
                    &r.id,
                    EventKind::TestOrdered,
                    &texts,
                )?;
                Ok::<_, AppError>(())
            })?;
            Ok(())
        })
        .await?;
    Ok(see_other(target))
}

pub async fn change(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let test_id = path.into_inner();
    let page = PageCtx::new(lang, &req, "");
    let csrf = csrf_token(&session);
    let st = state.get_ref().clone();
    let register_id = state
        .db(move |conn| {
            let mut t = registers::find_test(conn, &test_id)?.ok_or(AppError::NotFound)?;
            let r = registers::find(conn, &t.register_id)?.ok_or(AppError::NotFound)?;
            let from = TestState::from_code(&t.state)
                .ok_or_else(|| AppError::Internal(format!("test state {}", t.state)))?;
            let to = form.get("to_state").and_then(TestState::from_code);
            let on = date(&form, "on");
            let assessment = form.text("assessment");
            let grounds: Vec<String> = form.choices("ground");
            let checked = match to {
                None => Err("bad.form"),
                Some(_)
                    if grounds
                        .iter()
                        .any(|g| ExemptionGround::from_code(g).is_none()) =>
                {
                    Err("bad.form")
                }
                Some(to) => check_test_change(from, to, on.is_some(), assessment.as_deref())
                    .map_err(|e| e.code()),
            };
            let (Some(to), Some(on)) = (to, on) else {
                let key = checked.err().unwrap_or("bad.form");
                let body = render(conn, &st, page, lang, csrf, &r, Some(key))?;
                return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
            };
            // A repeat may be due at a hearing of this register only.
            let due = form.text("due_hearing");
            let due_ok = match &due {
                Some(h) if to == TestState::RepeatOrdered => {
                    hearings::register_ids(conn, h)?.contains(&r.id)
                }
                _ => true,
            };
            let checked = checked.and_then(|()| due_ok.then_some(()).ok_or("bad.form"));
            if let Err(key) = checked {
                let body = render(conn, &st, page, lang, csrf, &r, Some(key))?;
                return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
            }
            let before_state = t.state.clone();
            t.state = to.code().into();
            let (kind, texts) = match to {
                TestState::Submitted => {
                    t.submitted_on = Some(on);
                    t.grounds = grounds.join(",");
                    t.harm_argued = form.text("harm_argued");
                    t.public_interest = form.text("public_interest");
                    t.exemption_period = form.text("exemption_period");
                    (
                        EventKind::TestSubmitted,
                        Texts::each(|l| l.t("test.submitted_text").to_string()),
                    )
                }
                TestState::Examined => {
                    t.examined_on = Some(on);
                    (
                        EventKind::TestAssessed,
                        Texts::each(|l| l.t("test.examined_text").to_string()),
                    )
                }
                _ => {
                    t.examined_on = t.examined_on.or(Some(on));
                    t.assessment = assessment.clone();
                    let key = match to {
                        TestState::Accepted => "test.accepted_text",
                        TestState::Rejected => "test.rejected_text",
                        _ => "test.repeat_text",
                    };
                    let said = assessment.clone().unwrap_or_default();
                    (
                        EventKind::TestAssessed,
                        Texts::each(|l| l.fill(key, &[("assessment", &said)])),
                    )
                }
            };
            let text = texts.id.clone();
            let covered = registers::tests_with_items(conn, &r.id)?
                .into_iter()
                .find(|(x, _)| x.id == t.id)
                .map(|(_, items)| items)
                .unwrap_or_default();
            write_tx(conn, |conn| {
                registers::update_test(conn, &t)?;
                registers::append_event(
                    conn,
                    &RegisterEvent::public(&r.id, kind, on, &user.name, text.clone()),
                )?;
                crate::mail::compose::queue_event(conn, &st.settings, &r.id, kind, &texts)?;
                let label = |state: &str| {
                    format!(
                        "{} {}: {state}",
                        Lang::Id.t("reg.tests"),
                        t.ordered_on.map(|d| d.to_string()).unwrap_or_default()
                    )
                };
                registers::record_field(
                    conn,
                    &r.id,
                    &user.name,
                    now(),
                    "test",
                    (Some(label(&before_state)), Some(label(&t.state))),
                )?;
                if to == TestState::RepeatOrdered {
                    let repeat = ConsequenceTest {
                        id: new_id(),
                        state: TestState::Ordered.code().into(),
                        repeat_of_id: Some(t.id.clone()),
                        ordered_on: Some(on),
                        due_hearing_id: due.clone(),
                        submitted_on: None,
                        examined_on: None,
                        grounds: String::new(),
                        harm_argued: None,
                        public_interest: None,
                        exemption_period: None,
                        assessment: None,
                        created_at: now(),
                        ..t.clone()
                    };
                    registers::insert_test(conn, &repeat, &covered)?;
                }
                Ok::<_, AppError>(())
            })?;
            Ok(r.id)
        })
        .await?;
    Ok(see_other(format!("/staff/registers/{register_id}/tests")))
}
