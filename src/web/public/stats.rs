//! The public statistics page: disputes per year and per public body,
//! outcomes, exemption grounds claimed and upheld, time from registration
//! to decision against the 100-working-day limit, and what is overdue now.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use crate::i18n::Lang;
use crate::models::now;
use crate::models::stats::{self, Figures, DECISION_LIMIT, SPAN_BIN};
use crate::web::charts;
use crate::web::public::Clocks;
use crate::web::views::PageCtx;
use crate::web::{html, AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/statistics", web::get().to(page));
}

/// A chart with the table of its numbers.
pub struct Chart {
    pub id: &'static str,
    pub heading: &'static str,
    pub svg: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatsPage {
    page: PageCtx,
    total: i64,
    charts: Vec<Chart>,
    grounds: Vec<Vec<String>>,
    decided: i64,
    within_limit: i64,
    median: Option<i64>,
    overdue: i64,
    running: i64,
    /// When the figures were counted, in the commission's time.
    as_of: String,
}

fn bars_of(rows: &[(String, i64)]) -> Vec<(String, f64)> {
    rows.iter().map(|(l, n)| (l.clone(), *n as f64)).collect()
}

fn describe(rows: &[(String, i64)]) -> String {
    rows.iter()
        .map(|(l, n)| format!("{l}: {n}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn chart(
    id: &'static str,
    lang: Lang,
    heading: &'static str,
    first_column: &'static str,
    rows: Vec<(String, i64)>,
) -> Chart {
    let svg = charts::bars(id, heading, &describe(&rows), &bars_of(&rows));
    Chart {
        id,
        heading,
        svg,
        columns: vec![first_column, lang.t("stats.count")],
        rows: rows
            .into_iter()
            .map(|(l, n)| vec![l, lang.number(n)])
            .collect(),
    }
}

pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> Result<HttpResponse, AppError> {
    let page = PageCtx::new(lang, &req, lang.t("stats.heading"));
    let st = state.clone();
    let body = state
        .db(move |conn| {
            let clocks = Clocks::load(conn, &st)?;
            let basis = stats::Basis {
                calendar: clocks.calendar(),
                rules: clocks.rules(),
                today: clocks.today,
            };
            let f = stats::current(conn, &basis, now(), stats::Asker::Page)?;
            render(page, lang, &f, st.settings.time_zone)
        })
        .await?;
    Ok(html(body))
}

fn render(page: PageCtx, lang: Lang, f: &Figures, tz: chrono_tz::Tz) -> Result<String, AppError> {
    let per_year: Vec<(String, i64)> = f
        .per_year
        .iter()
        .map(|(y, n)| (y.to_string(), *n))
        .collect();
    let outcomes: Vec<(String, i64)> = f
        .outcomes
        .iter()
        .map(|(o, n)| (lang.label("outcome", o).to_string(), *n))
        .collect();
    let grounds = f
        .grounds
        .iter()
        .map(|(g, claimed, ruled, held)| {
            let share = if *ruled > 0 {
                format!("{:.0}%", *held as f64 * 100.0 / *ruled as f64)
            } else {
                "—".to_string()
            };
            vec![
                lang.label("ground", g).to_string(),
                lang.number(*claimed),
                lang.number(*ruled),
                lang.number(*held),
                share,
            ]
        })
        .collect();
    let ground_bars: Vec<(String, i64)> = f
        .grounds
        .iter()
        .map(|(g, claimed, _, _)| (g.clone(), *claimed))
        .collect();
    let mut bins: Vec<(String, i64)> = f
        .span_bins
        .iter()
        .take((DECISION_LIMIT / SPAN_BIN) as usize)
        .enumerate()
        .map(|(i, n)| {
            let i = i as i64;
            let lo = if i == 0 { 0 } else { i * SPAN_BIN + 1 };
            (format!("{lo}–{}", (i + 1) * SPAN_BIN), *n)
        })
        .collect();
    bins.push((
        format!(">{DECISION_LIMIT}"),
        f.span_bins.last().copied().unwrap_or(0),
    ));
    let charts = vec![
        chart(
            "per-year",
            lang,
            lang.t("stats.per_year"),
            lang.t("stats.year"),
            per_year,
        ),
        chart(
            "per-body",
            lang,
            lang.t("stats.per_body"),
            lang.t("reg.respondent"),
            f.per_body.clone(),
        ),
        chart(
            "outcomes",
            lang,
            lang.t("stats.outcomes"),
            lang.t("reg.outcome"),
            outcomes,
        ),
        chart(
            "grounds-chart",
            lang,
            lang.t("stats.grounds_claimed"),
            lang.t("stats.ground"),
            ground_bars,
        ),
        chart(
            "spans",
            lang,
            lang.t("stats.spans"),
            lang.t("stats.working_days"),
            bins,
        ),
    ];
    let local = chrono::TimeZone::from_utc_datetime(&tz, &f.computed_at);
    let as_of = format!(
        "{} {} {}",
        lang.date(local.date_naive()),
        local.format("%H.%M"),
        local.format("%Z")
    );
    Ok(StatsPage {
        page,
        total: f.total(),
        charts,
        grounds,
        decided: f.decided,
        within_limit: f.within_limit,
        median: f.median,
        overdue: f.overdue,
        running: f.running,
        as_of,
    }
    .render()?)
}
