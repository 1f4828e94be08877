//! A public body and the registers it answers in.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::PAGE_SIZE;
use crate::i18n::Lang;
use crate::models::bodies;
use crate::models::registers::{self, Filter};
use crate::web::cache::{self, site_stamp, Forms};
pub(crate) use crate::web::clocks::Clocks;
use crate::web::listing::{percent_encode, record_id};
use crate::web::views::{count_text, register_row, PageCtx, RegisterRow};
use crate::web::{AppError, AppState};

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
