//! Public bodies and the addresses their notices go to (administrators).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use crate::domain::access::normalize_email;
use crate::i18n::Lang;
use crate::models::bodies::{self, PublicBody};
use crate::models::{now, Conn};
use crate::web::auth::{admin_form, csrf_token, require_admin, FormData};
use crate::web::views::PageCtx;
use crate::web::{html, see_other, AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/staff/bodies", web::get().to(list))
        .route("/staff/bodies", web::post().to(create))
        .route("/staff/bodies/{id}", web::get().to(edit))
        .route("/staff/bodies/{id}", web::post().to(update));
}

#[derive(Clone, Default)]
pub struct BodyForm {
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub region: String,
    pub notice_emails: String,
}

impl BodyForm {
    fn from_form(form: &FormData) -> BodyForm {
        let v = |k: &str| form.get(k).unwrap_or("").trim().to_string();
        BodyForm {
            name: v("name"),
            short_name: v("short_name"),
            kind: v("kind"),
            region: v("region"),
            notice_emails: v("notice_emails"),
        }
    }

    fn of(b: &PublicBody) -> BodyForm {
        BodyForm {
            name: b.name.clone(),
            short_name: b.short_name.clone(),
            kind: b.kind.clone(),
            region: b.region.clone(),
            notice_emails: b.notice_emails.clone(),
        }
    }

    /// The notice addresses normalized and joined, or the key of the problem.
    fn checked(&self) -> Result<String, &'static str> {
        if self.name.is_empty() || self.short_name.is_empty() {
            return Err("bodies.need_names");
        }
        let mut emails = Vec::new();
        for raw in self
            .notice_emails
            .split([',', '\n', ';'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            emails.push(normalize_email(raw).ok_or("bodies.bad_email")?);
        }
        Ok(emails.join(", "))
    }
}

pub struct BodyRow {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub notice_emails: String,
    /// Named by a petitioner; saving it confirms it.
    pub proposed: bool,
}

#[derive(Template)]
#[template(path = "staff/bodies.html")]
struct BodiesPage {
    page: PageCtx,
    csrf: String,
    bodies: Vec<BodyRow>,
    editing: Option<String>,
    form: BodyForm,
    error: Option<&'static str>,
}

fn render(
    conn: &mut Conn,
    page: PageCtx,
    csrf: String,
    editing: Option<String>,
    form: BodyForm,
    error: Option<&'static str>,
) -> Result<String, AppError> {
    let proposed: Vec<String> = bodies::proposed(conn)?.into_iter().map(|b| b.id).collect();
    let rows = bodies::all(conn)?
        .into_iter()
        .map(|b| BodyRow {
            proposed: proposed.contains(&b.id),
            id: b.id,
            name: b.name,
            short_name: b.short_name,
            notice_emails: b.notice_emails,
        })
        .collect();
    Ok(BodiesPage {
        page,
        csrf,
        bodies: rows,
        editing,
        form,
        error,
    }
    .render()?)
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
) -> Result<HttpResponse, AppError> {
    require_admin(&state, &session, &req).await?;
    let page = PageCtx::new(lang, &req, lang.t("bodies.heading"));
    let csrf = csrf_token(&session);
    let body = state
        .db(move |conn| render(conn, page, csrf, None, BodyForm::default(), None))
        .await?;
    Ok(html(body))
}

pub async fn edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    require_admin(&state, &session, &req).await?;
    let id = path.into_inner();
    let page = PageCtx::new(lang, &req, lang.t("bodies.heading"));
    let csrf = csrf_token(&session);
    let body = state
        .db(move |conn| {
            let b = bodies::find(conn, &id)?.ok_or(AppError::NotFound)?;
            render(conn, page, csrf, Some(b.id.clone()), BodyForm::of(&b), None)
        })
        .await?;
    Ok(html(body))
}

fn see_list() -> HttpResponse {
    see_other("/staff/bodies")
}

pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (_, form) = admin_form(&state, &req, lang, &session, form).await?;
    let typed = BodyForm::from_form(&form);
    let page = PageCtx::new(lang, &req, lang.t("bodies.heading"));
    let csrf = csrf_token(&session);
    state
        .db(move |conn| match typed.checked() {
            Ok(emails) => {
                let b = PublicBody {
                    id: crate::db::new_id(),
                    name: typed.name,
                    short_name: typed.short_name,
                    kind: typed.kind,
                    region: typed.region,
                    notice_emails: emails,
                    created_at: now(),
                };
                bodies::insert(conn, &b)?;
                Ok(())
            }
            Err(key) => Err(AppError::Page(
                StatusCode::BAD_REQUEST,
                render(conn, page, csrf, None, typed, Some(key))?,
            )),
        })
        .await?;
    Ok(see_list())
}

pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (_, form) = admin_form(&state, &req, lang, &session, form).await?;
    let id = path.into_inner();
    let typed = BodyForm::from_form(&form);
    let page = PageCtx::new(lang, &req, lang.t("bodies.heading"));
    let csrf = csrf_token(&session);
    state
        .db(move |conn| {
            let mut b = bodies::find(conn, &id)?.ok_or(AppError::NotFound)?;
            match typed.checked() {
                Ok(emails) => {
                    b.name = typed.name;
                    b.short_name = typed.short_name;
                    b.kind = typed.kind;
                    b.region = typed.region;
                    b.notice_emails = emails;
                    bodies::update(conn, &b)?;
                    // Checked and completed by an administrator: offered to all.
                    bodies::confirm(conn, &b.id)?;
                    Ok(())
                }
                Err(key) => {
                    let body = render(conn, page, csrf, Some(b.id.clone()), typed, Some(key))?;
                    Err(AppError::Page(StatusCode::BAD_REQUEST, body))
                }
            }
        })
        .await?;
    Ok(see_list())
}
