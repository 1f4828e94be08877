//! The home page: hearings coming up and registers changed lately.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::Utc;

use super::hearing_views;
use crate::i18n::Lang;
use crate::models::hearings;
use crate::models::registers;
use crate::web::cache::{self, site_stamp, Forms, Rendered};
pub(crate) use crate::web::clocks::Clocks;
use crate::web::views::{register_row, HearingView, PageCtx, RegisterRow};
use crate::web::{AppError, AppState};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: PageCtx,
    commission: String,
    upcoming: Vec<HearingView>,
    recent: Vec<RegisterRow>,
}

pub async fn home(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: actix_session::Session,
) -> Result<HttpResponse, AppError> {
    let page = PageCtx::new(lang, &req, lang.t("home.heading"))
        .with_alternates(Some("/feed.atom".into()), Some("/hearings.ics".into()));
    let st = state.get_ref().clone();
    cache::page(
        &state,
        &req,
        lang,
        &session,
        Forms::None,
        site_stamp,
        move |conn, _| {
            let upcoming = hearings::upcoming(conn, Utc::now().naive_utc(), 8)?;
            let valid_until = upcoming.first().map(|h| h.starts_at);
            let upcoming = hearing_views(lang, &st, conn, &upcoming)?;
            let recent = registers::recently_changed(conn, 8)?;
            let parties = registers::parties(conn, &recent)?;
            let clocks = Clocks::load(conn, &st)?;
            let recent = recent
                .iter()
                .map(|r| register_row(lang, r, &parties, clocks.next(lang, r)))
                .collect();
            Ok(Rendered {
                body: HomePage {
                    page,
                    commission: st.settings.commission_name.clone(),
                    upcoming,
                    recent,
                }
                .render()?,
                valid_until,
            })
        },
    )
    .await
}
