//! The list of registers: search, filters, counts and pages by cursor.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::PAGE_SIZE;
use crate::db::DbConnection;
use crate::domain::kinds::Track;
use crate::domain::status::Status;
use crate::i18n::Lang;
use crate::models::bodies;
use crate::models::registers::{self, Cursor, Filter};
use crate::web::cache::{self, site_stamp, Forms, Rendered};
pub(crate) use crate::web::clocks::Clocks;
use crate::web::listing::{encode_query, filter_params, percent_encode, ListQuery};
use crate::web::views::{code_choices, count_text, register_row, Choice, PageCtx, RegisterRow};
use crate::web::{AppError, AppState};

#[derive(Template)]
#[template(path = "registers.html")]
struct ListPage {
    page: PageCtx,
    query: String,
    statuses: Vec<Choice>,
    respondents: Vec<Choice>,
    years: Vec<Choice>,
    tracks: Vec<Choice>,
    count_text: String,
    rows: Vec<RegisterRow>,
    next_url: Option<String>,
    first_url: Option<String>,
    filtered: bool,
}

pub async fn registers(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: actix_session::Session,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let filter = query.filter()?;
    let cursor = query.cursor()?;
    let params = filter_params(&filter)
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let feed = if params.is_empty() {
        "/registers/feed.atom".to_string()
    } else {
        format!("/registers/feed.atom?{params}")
    };
    let page = PageCtx::new(lang, &req, lang.t("list.heading"))
        .with_alternates(Some(feed), Some("/hearings.ics".into()));
    let st = state.get_ref().clone();
    cache::page(
        &state,
        &req,
        lang,
        &session,
        Forms::None,
        site_stamp,
        move |conn, _| list_page(conn, &st, lang, page, &filter, cursor),
    )
    .await
}

/// A page of the list for `filter`, after `cursor`.
fn list_page(
    conn: &mut DbConnection,
    st: &AppState,
    lang: Lang,
    page: PageCtx,
    filter: &Filter,
    cursor: Option<Cursor>,
) -> Result<Rendered, AppError> {
    if let Some(id) = &filter.respondent_id {
        if bodies::find_public(conn, id)?.is_none() {
            return Err(AppError::BadRequest("bad.respondent"));
        }
    }
    let total = registers::count(conn, filter)?;
    let (rows, next) = registers::page(conn, filter, cursor.as_ref(), PAGE_SIZE)?;
    let parties = registers::parties(conn, &rows)?;
    let clocks = Clocks::load(conn, st)?;
    let rows = rows
        .iter()
        .map(|r| register_row(lang, r, &parties, clocks.next(lang, r)))
        .collect();
    let params = filter_params(filter);
    let next_url = next.map(|c| {
        let mut p = params.clone();
        p.push(("after".to_string(), c.encode()));
        format!("/registers?{}", encode_query(&p))
    });
    let first_url = cursor
        .as_ref()
        .map(|_| format!("/registers?{}", encode_query(&params)));
    let (statuses, respondents, years, tracks) = filter_choices(conn, lang, filter)?;
    Ok(ListPage {
        page,
        query: filter.query.clone().unwrap_or_default(),
        statuses,
        respondents,
        years,
        tracks,
        count_text: count_text(lang, total),
        rows,
        next_url,
        first_url,
        filtered: *filter != Filter::default(),
    }
    .render()?
    .into())
}

/// The options of the list's filters, the ones in `filter` selected.
#[allow(clippy::type_complexity)]
fn filter_choices(
    conn: &mut DbConnection,
    lang: Lang,
    filter: &Filter,
) -> Result<(Vec<Choice>, Vec<Choice>, Vec<Choice>, Vec<Choice>), AppError> {
    let statuses = code_choices(
        Status::ALL,
        Status::code,
        "status",
        lang,
        filter.status.map(Status::code).unwrap_or(""),
    );
    let respondents = bodies::confirmed(conn)?
        .into_iter()
        .map(|b| Choice {
            selected: filter.respondent_id.as_deref() == Some(b.id.as_str()),
            value: b.id,
            label: format!("{} ({})", b.name, b.short_name),
        })
        .collect();
    let years = registers::years(conn)?
        .into_iter()
        .map(|y| Choice {
            value: y.to_string(),
            label: y.to_string(),
            selected: filter.year == Some(y),
        })
        .collect();
    let tracks = code_choices(
        Track::ALL,
        Track::code,
        "track",
        lang,
        filter.track.map(Track::code).unwrap_or(""),
    );
    Ok((statuses, respondents, years, tracks))
}
