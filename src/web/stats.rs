//! The public statistics page: disputes per year and per public body,
//! outcomes, exemption grounds claimed and upheld, time from registration
//! to decision against the 100-working-day limit, and what is overdue now.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::charts;
use super::public::Clocks;
use super::views::PageCtx;
use super::{html, AppError, AppState};
use crate::domain::status::Status;
use crate::i18n::Lang;
use crate::models::{registers, stats};

/// The limit the law sets from registration to decision, in working days.
pub const DECISION_LIMIT: i64 = 100;
/// Width of each bar of the time-to-decision chart, in working days.
const SPAN_BIN: i64 = 20;

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
    decided: usize,
    within_limit: usize,
    median: Option<i64>,
    overdue: usize,
    running: usize,
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
            .map(|(l, n)| vec![l, n.to_string()])
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
            let per_year: Vec<(String, i64)> = stats::per_year(conn)?
                .into_iter()
                .map(|(y, n)| (y.to_string(), n))
                .collect();
            let total = per_year.iter().map(|(_, n)| n).sum();
            let per_body: Vec<(String, i64)> = stats::per_body(conn, 10)?
                .into_iter()
                .map(|(_, name, n)| (name, n))
                .collect();
            let outcomes: Vec<(String, i64)> = stats::per_outcome(conn)?
                .into_iter()
                .map(|(o, n)| (lang.label("outcome", &o).to_string(), n))
                .collect();
            let grounds_raw = stats::grounds(conn)?;
            let grounds = grounds_raw
                .iter()
                .map(|(g, claimed, ruled, held)| {
                    let share = if *ruled > 0 {
                        format!("{:.0}%", *held as f64 * 100.0 / *ruled as f64)
                    } else {
                        "—".to_string()
                    };
                    vec![
                        lang.label("ground", g).to_string(),
                        claimed.to_string(),
                        ruled.to_string(),
                        held.to_string(),
                        share,
                    ]
                })
                .collect();
            let ground_bars: Vec<(String, i64)> = grounds_raw
                .iter()
                .map(|(g, claimed, _, _)| (g.clone(), *claimed))
                .collect();
            let clocks = Clocks::load(conn, &st)?;
            let mut spans: Vec<i64> = stats::decision_spans(conn)?
                .into_iter()
                .map(|(reg, dec)| clocks.calendar().working_days_between(reg, dec))
                .collect();
            spans.sort_unstable();
            let decided = spans.len();
            let within_limit = spans.iter().filter(|d| **d <= DECISION_LIMIT).count();
            let median = (!spans.is_empty()).then(|| spans[spans.len() / 2]);
            let mut bins: Vec<(String, i64)> = (0..DECISION_LIMIT / SPAN_BIN)
                .map(|i| {
                    let lo = if i == 0 { 0 } else { i * SPAN_BIN + 1 };
                    let hi = (i + 1) * SPAN_BIN;
                    let n = spans.iter().filter(|d| (lo..=hi).contains(*d)).count() as i64;
                    (format!("{lo}–{hi}"), n)
                })
                .collect();
            bins.push((
                format!(">{DECISION_LIMIT}"),
                spans.iter().filter(|d| **d > DECISION_LIMIT).count() as i64,
            ));
            let running: Vec<Status> = Status::ALL
                .iter()
                .copied()
                .filter(|s| s.is_public() && !s.is_terminal() && *s != Status::Final)
                .collect();
            let open = registers::in_statuses(conn, &running)?;
            let open: Vec<_> = open
                .into_iter()
                .filter(|r| r.registered_on.is_some())
                .collect();
            let overdue = open
                .iter()
                .filter(|r| clocks.open(r).iter().any(|d| d.is_overdue(clocks.today)))
                .count();
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
                    per_body,
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
            Ok(StatsPage {
                page,
                total,
                charts,
                grounds,
                decided,
                within_limit,
                median,
                overdue,
                running: open.len(),
            }
            .render()?)
        })
        .await?;
    Ok(html(body))
}
