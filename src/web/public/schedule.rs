//! The hearings page, by day: those to come, and those held or moved.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use serde::Deserialize;

use super::hearing_views;
use crate::db::DbConnection;
use crate::i18n::Lang;
use crate::models::hearings;
use crate::web::cache::{self, site_stamp, Forms, Rendered};
use crate::web::listing::given;
use crate::web::views::{HearingView, PageCtx};
use crate::web::{AppError, AppState};

#[derive(Debug, Deserialize)]
pub struct HearingsQuery {
    /// Past hearings before this day.
    before: Option<String>,
    /// Upcoming hearings from this day.
    from: Option<String>,
    /// Upcoming hearings after this place (a page's last).
    later: Option<String>,
    /// Past hearings before this place (a page's last).
    earlier: Option<String>,
}

pub struct DayGroup {
    pub heading: String,
    pub hearings: Vec<HearingView>,
}

#[derive(Template)]
#[template(path = "hearings.html")]
struct HearingsPage {
    page: PageCtx,
    show_upcoming: bool,
    upcoming: Vec<DayGroup>,
    later_url: Option<String>,
    show_past: bool,
    past: Vec<DayGroup>,
    older_url: Option<String>,
    /// Not the first page: offer the way back to it.
    continued: bool,
}

/// Hearings per section of a page.
const HEARINGS_PAGE: i64 = 50;

fn group_by_day(views: Vec<HearingView>) -> Vec<DayGroup> {
    let mut groups: Vec<DayGroup> = Vec::new();
    for v in views {
        match groups.last_mut() {
            Some(g) if g.heading == v.day => g.hearings.push(v),
            _ => groups.push(DayGroup {
                heading: v.day.clone(),
                hearings: vec![v],
            }),
        }
    }
    groups
}

/// The start of a local day, as stored (UTC).
fn day_start(day: NaiveDate, tz: chrono_tz::Tz) -> Option<chrono::NaiveDateTime> {
    tz.from_local_datetime(&day.and_time(NaiveTime::MIN))
        .earliest()
        .map(|t| t.naive_utc())
}

/// Which part of the schedule a page shows.
enum Section {
    /// Upcoming from now and past up to now.
    Soonest,
    /// Upcoming only, from a day or after a place.
    Later(Option<NaiveDate>, Option<hearings::Position>),
    /// Past only, before a day or before a place.
    Earlier(Option<NaiveDate>, Option<hearings::Position>),
}

impl HearingsQuery {
    fn section(&self) -> Result<Section, AppError> {
        let day = |v: &Option<String>, key: &'static str| {
            given(v)
                .map(|s| {
                    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| AppError::BadRequest(key))
                })
                .transpose()
        };
        let place = |v: &Option<String>| {
            given(v)
                .map(|s| hearings::Position::decode(s).ok_or(AppError::BadRequest("bad.cursor")))
                .transpose()
        };
        let (before, from) = (
            day(&self.before, "bad.before")?,
            day(&self.from, "bad.from")?,
        );
        let (earlier, later) = (place(&self.earlier)?, place(&self.later)?);
        Ok(if before.is_some() || earlier.is_some() {
            Section::Earlier(before, earlier)
        } else if from.is_some() || later.is_some() {
            Section::Later(from, later)
        } else {
            Section::Soonest
        })
    }
}

pub async fn hearings(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: actix_session::Session,
    query: web::Query<HearingsQuery>,
) -> Result<HttpResponse, AppError> {
    let section = query.section()?;
    let page = PageCtx::new(lang, &req, lang.t("hearings.heading"))
        .with_alternates(None, Some("/hearings.ics".into()));
    let st = state.get_ref().clone();
    cache::page(
        &state,
        &req,
        lang,
        &session,
        Forms::None,
        site_stamp,
        move |conn, _| hearings_page(conn, &st, lang, page, &section),
    )
    .await
}

/// The hearings of `section`, a page of each list it shows.
fn hearings_page(
    conn: &mut DbConnection,
    st: &AppState,
    lang: Lang,
    page: PageCtx,
    section: &Section,
) -> Result<Rendered, AppError> {
    let tz = st.settings.time_zone;
    let now = Utc::now().naive_utc();
    // The page changes by itself when the next hearing starts.
    let valid_until = hearings::upcoming(conn, now, 1)?
        .first()
        .map(|h| h.starts_at);
    let (upcoming, past) = section_lists(conn, section, now, tz)?;
    // Each section shows a page and links on from its last hearing.
    let mut cut = |list: Option<Vec<hearings::Hearing>>, key: &str| {
        let Some(mut list) = list else {
            return Ok::<_, AppError>((false, Vec::new(), None));
        };
        let more = list.len() as i64 > HEARINGS_PAGE;
        list.truncate(HEARINGS_PAGE as usize);
        let next = list
            .last()
            .filter(|_| more)
            .map(|h| format!("/hearings?{key}={}", hearings::Position::of(h).encode()));
        let groups = group_by_day(hearing_views(lang, st, conn, &list)?);
        Ok((true, groups, next))
    };
    let (show_upcoming, upcoming, later_url) = cut(upcoming, "later")?;
    let (show_past, past, older_url) = cut(past, "earlier")?;
    Ok(Rendered {
        body: HearingsPage {
            page,
            show_upcoming,
            upcoming,
            later_url,
            show_past,
            past,
            older_url,
            continued: !matches!(section, Section::Soonest),
        }
        .render()?,
        valid_until,
    })
}

/// The hearings to come and those past that `section` asks for, one more
/// than a page of each, to tell whether another page follows.
#[allow(clippy::type_complexity)]
fn section_lists(
    conn: &mut DbConnection,
    section: &Section,
    now: chrono::NaiveDateTime,
    tz: chrono_tz::Tz,
) -> Result<
    (
        Option<Vec<hearings::Hearing>>,
        Option<Vec<hearings::Hearing>>,
    ),
    AppError,
> {
    let n = HEARINGS_PAGE + 1;
    let (mut upcoming, mut past) = (None, None);
    match section {
        Section::Soonest => {
            upcoming = Some(hearings::upcoming(conn, now, n)?);
            past = Some(hearings::past(conn, now, n)?);
        }
        Section::Later(_, Some(at)) => upcoming = Some(hearings::after(conn, at, n)?),
        Section::Later(day, None) => {
            let from = day
                .and_then(|d| day_start(d, tz))
                .map_or(now, |t| t.max(now));
            upcoming = Some(hearings::upcoming(conn, from, n)?);
        }
        Section::Earlier(_, Some(at)) => past = Some(hearings::before(conn, at, n)?),
        Section::Earlier(day, None) => {
            let before = day
                .and_then(|d| day_start(d, tz))
                .map_or(now, |t| t.min(now));
            past = Some(hearings::past(conn, before, n)?);
        }
    }
    Ok((upcoming, past))
}
