//! What was emailed to whom, when, and what failed; dead letters can be
//! sent again.

use actix_session::Session;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use crate::i18n::Lang;
use crate::models::now;
use crate::models::outbox::{self, Message};
use crate::web::auth::{csrf_token, require_staff, staff_form};
use crate::web::views::PageCtx;
use crate::web::{html, see_other, AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/staff/mail", web::get().to(all))
        .route("/staff/registers/{id}/mail", web::get().to(of_register))
        .route("/staff/mail/{id}/resend", web::post().to(resend));
}

pub struct MailRow {
    pub id: String,
    pub register_id: Option<String>,
    pub created: String,
    pub sent: String,
    pub to: String,
    pub subject: String,
    pub state_code: String,
    pub state: &'static str,
    pub attempts: i32,
    pub error: String,
    pub dead: bool,
}

#[derive(Template)]
#[template(path = "staff/mail.html")]
struct MailPage {
    page: PageCtx,
    csrf: String,
    rows: Vec<MailRow>,
}

fn rows(lang: Lang, list: Vec<Message>) -> Vec<MailRow> {
    let when = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M UTC").to_string();
    list.into_iter()
        .map(|m| MailRow {
            dead: m.state == outbox::DEAD,
            state: lang.label("mail_state", &m.state),
            created: when(m.created_at),
            sent: m.sent_at.map(when).unwrap_or_default(),
            id: m.id,
            register_id: m.register_id,
            to: m.recipient,
            subject: m.subject,
            state_code: m.state,
            attempts: m.attempts,
            error: m.last_error.unwrap_or_default(),
        })
        .collect()
}

/// The most recent messages of every register.
const GLOBAL_LIMIT: i64 = 500;

pub async fn all(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
) -> Result<HttpResponse, AppError> {
    require_staff(&state, &session, &req).await?;
    let page = PageCtx::new(lang, &req, lang.t("staff.mail_heading"));
    let csrf = csrf_token(&session);
    let body = state
        .db(move |conn| {
            Ok(MailPage {
                page,
                csrf,
                rows: rows(lang, outbox::recent(conn, GLOBAL_LIMIT)?),
            }
            .render()?)
        })
        .await?;
    Ok(html(body))
}

pub async fn of_register(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    require_staff(&state, &session, &req).await?;
    let id = path.into_inner();
    let page = PageCtx::new(lang, &req, lang.t("staff.mail_heading"));
    let csrf = csrf_token(&session);
    let body = state
        .db(move |conn| {
            crate::models::registers::find(conn, &id)?.ok_or(AppError::NotFound)?;
            Ok(MailPage {
                page,
                csrf,
                rows: rows(lang, outbox::for_register(conn, &id)?),
            }
            .render()?)
        })
        .await?;
    Ok(html(body))
}

pub async fn resend(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    staff_form(&state, &req, lang, &session, form).await?;
    let id = path.into_inner();
    state
        .db(move |conn| {
            if !outbox::resend(conn, &id, now())? {
                if outbox::find(conn, &id)?.is_none() {
                    return Err(AppError::NotFound);
                }
                return Err(AppError::BadRequest("staff.mail_not_dead"));
            }
            Ok(())
        })
        .await?;
    Ok(see_other("/staff/mail"))
}
