//! The figures behind the public statistics page, registered disputes only.
//!
//! They are computed at one moment and kept (`app_meta`, key `statistics`)
//! with the stamp of the data they were computed from. A small register is
//! counted again as soon as anything changed; a large one, where counting
//! takes seconds, is counted again by the delivery worker every few minutes
//! and the page says as of when. Counting reads the registers in slices, so
//! that memory does not grow with the register.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::registers::Register;
use super::Conn;
use crate::db::schema::{
    app_meta, public_bodies, register_counts, register_counts_by_body, registers, requested_items,
};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::deadlines::{open_deadlines, RuleSet};
use crate::domain::status::Status;

/// The limit the law sets from registration to decision, in working days.
pub const DECISION_LIMIT: i64 = 100;
/// Width of each bar of the time-to-decision chart, in working days.
pub const SPAN_BIN: i64 = 20;
/// Rows read at a time while counting.
const SLICE: i64 = 5_000;
/// Counting that took less than this is done again on the request that
/// finds the figures out of date.
const INLINE_MS: u64 = 250;
/// Out-of-date figures older than this are counted again by the worker.
pub const REFRESH_AFTER: chrono::Duration = chrono::Duration::minutes(5);
/// ... and by a request when no worker did it for this long.
const REQUEST_REFRESH_AFTER: chrono::Duration = chrono::Duration::minutes(30);

const KEY: &str = "statistics";

/// The statistics at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub computed_at: NaiveDateTime,
    /// What they were computed from: the data's stamp and the day.
    pub stamp: String,
    pub took_ms: u64,
    pub per_year: Vec<(i32, i64)>,
    /// The ten bodies with the most disputes: short name and count.
    pub per_body: Vec<(String, i64)>,
    pub outcomes: Vec<(String, i64)>,
    /// Per Pasal 17 ground: claimed, ruled on, upheld.
    pub grounds: Vec<(String, i64, i64, i64)>,
    pub decided: i64,
    pub within_limit: i64,
    pub median: Option<i64>,
    /// Decisions per bar of [`SPAN_BIN`] working days up to the limit, then
    /// those over it.
    pub span_bins: Vec<i64>,
    pub running: i64,
    pub overdue: i64,
}

impl Figures {
    pub fn total(&self) -> i64 {
        self.per_year.iter().map(|(_, n)| n).sum()
    }
}

/// What counting needs besides the data.
pub struct Basis<'a> {
    pub calendar: &'a WorkingCalendar,
    pub rules: &'a HashMap<String, RuleSet>,
    pub today: NaiveDate,
}

/// The stamp figures computed now would carry.
pub fn stamp_now(conn: &mut Conn, today: NaiveDate) -> QueryResult<String> {
    let s = super::stamps::site(conn)?;
    Ok(format!(
        "{}/{}/{today}",
        s.registers.unwrap_or_default(),
        s.reference.unwrap_or_default()
    ))
}

pub fn kept(conn: &mut Conn) -> QueryResult<Option<Figures>> {
    let raw: Option<String> = app_meta::table
        .find(KEY)
        .select(app_meta::value)
        .first(conn)
        .optional()?;
    Ok(raw.and_then(|r| serde_json::from_str(&r).ok()))
}

fn keep(conn: &mut Conn, f: &Figures) -> QueryResult<()> {
    let value = serde_json::to_string(f).unwrap_or_default();
    crate::db::write_tx(conn, |conn| {
        let n = diesel::update(app_meta::table.find(KEY))
            .set(app_meta::value.eq(&value))
            .execute(conn)?;
        if n == 0 {
            diesel::insert_into(app_meta::table)
                .values((app_meta::key.eq(KEY), app_meta::value.eq(&value)))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Who asks for the figures: the page, or the worker that keeps them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Asker {
    Page,
    Worker,
}

/// The figures to show: the kept ones while they are current (or too
/// costly to count again on this occasion), else counted now and kept.
pub fn current(
    conn: &mut Conn,
    basis: &Basis,
    now: NaiveDateTime,
    asker: Asker,
) -> QueryResult<Figures> {
    let stamp = stamp_now(conn, basis.today)?;
    if let Some(f) = kept(conn)? {
        let age = now - f.computed_at;
        let recount = f.stamp != stamp
            && match asker {
                Asker::Page => f.took_ms < INLINE_MS || age >= REQUEST_REFRESH_AFTER,
                Asker::Worker => f.took_ms < INLINE_MS || age >= REFRESH_AFTER,
            };
        if !recount {
            return Ok(f);
        }
    }
    let started = std::time::Instant::now();
    let mut f = compute(conn, basis)?;
    f.stamp = stamp;
    f.computed_at = now;
    f.took_ms = started.elapsed().as_millis() as u64;
    keep(conn, &f)?;
    Ok(f)
}

/// Counts everything afresh.
pub fn compute(conn: &mut Conn, basis: &Basis) -> QueryResult<Figures> {
    let (decided, within_limit, median, span_bins) = decision_spans(conn, basis.calendar)?;
    let (running, overdue) = running_and_overdue(conn, basis)?;
    Ok(Figures {
        computed_at: NaiveDateTime::default(),
        stamp: String::new(),
        took_ms: 0,
        per_year: per_year(conn)?,
        per_body: per_body(conn, 10)?,
        outcomes: per_outcome(conn)?,
        grounds: grounds(conn)?,
        decided,
        within_limit,
        median,
        span_bins,
        running,
        overdue,
    })
}

/// Registered disputes per year of registration, oldest year first, from
/// the kept counts.
pub fn per_year(conn: &mut Conn) -> QueryResult<Vec<(i32, i64)>> {
    let rows: Vec<(i32, Option<i64>)> = register_counts::table
        .group_by(register_counts::year)
        .select((register_counts::year, diesel::dsl::sum(register_counts::n)))
        .order(register_counts::year.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(y, n)| (y, n.unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .collect())
}

/// Registered disputes per public body, most first: (short name, count).
pub fn per_body(conn: &mut Conn, limit: usize) -> QueryResult<Vec<(String, i64)>> {
    let mut counts: Vec<(String, Option<i64>)> = register_counts_by_body::table
        .group_by(register_counts_by_body::respondent_id)
        .select((
            register_counts_by_body::respondent_id,
            diesel::dsl::sum(register_counts_by_body::n),
        ))
        .load(conn)?;
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts.retain(|(_, n)| n.unwrap_or(0) > 0);
    counts.truncate(limit);
    let ids: Vec<String> = counts.iter().map(|(id, _)| id.clone()).collect();
    let names: HashMap<String, String> = public_bodies::table
        .filter(public_bodies::id.eq_any(&ids))
        .select((public_bodies::id, public_bodies::short_name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    Ok(counts
        .into_iter()
        .map(|(id, n)| (names.get(&id).cloned().unwrap_or_default(), n.unwrap_or(0)))
        .collect())
}

/// Decided registers per outcome (none for those still running).
pub fn per_outcome(conn: &mut Conn) -> QueryResult<Vec<(String, i64)>> {
    let rows: Vec<(Option<String>, i64)> = registers::table
        .filter(registers::registered_on.is_not_null())
        .filter(registers::outcome.is_not_null())
        .group_by(registers::outcome)
        .select((registers::outcome, count_star()))
        .load(conn)?;
    let mut out: Vec<(String, i64)> = rows
        .into_iter()
        .filter_map(|(o, n)| Some((o?, n)))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(out)
}

/// For each exemption ground claimed on an item of a registered dispute:
/// how often it was claimed, how often the panel has ruled on it, and how
/// often it held (the item found exempt or partly open).
pub fn grounds(conn: &mut Conn) -> QueryResult<Vec<(String, i64, i64, i64)>> {
    let rows: Vec<(Option<String>, String, i64)> = requested_items::table
        .inner_join(registers::table)
        .filter(registers::registered_on.is_not_null())
        .filter(requested_items::claim_ground.is_not_null())
        .group_by((requested_items::claim_ground, requested_items::finding))
        .select((
            requested_items::claim_ground,
            requested_items::finding,
            count_star(),
        ))
        .load(conn)?;
    let mut by_ground: BTreeMap<String, (i64, i64, i64)> = Default::default();
    for (ground, finding, n) in rows {
        let Some(g) = ground else { continue };
        let e = by_ground.entry(g).or_default();
        e.0 += n;
        if finding != "undecided" {
            e.1 += n;
        }
        if finding == "exempt" || finding == "partly_open" {
            e.2 += n;
        }
    }
    Ok(by_ground
        .into_iter()
        .map(|(g, (claimed, ruled, held))| (g, claimed, ruled, held))
        .collect())
}

/// Working days from registration to decision of every decided register,
/// as a count per length: how many, how many within the limit, the median
/// and the chart's bars.
#[allow(clippy::type_complexity)]
fn decision_spans(
    conn: &mut Conn,
    calendar: &WorkingCalendar,
) -> QueryResult<(i64, i64, Option<i64>, Vec<i64>)> {
    let mut lengths: BTreeMap<i64, i64> = BTreeMap::new();
    let mut after = String::new();
    loop {
        let rows: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> = registers::table
            .filter(registers::registered_on.is_not_null())
            .filter(registers::decided_on.is_not_null())
            .filter(registers::id.gt(&after))
            .order(registers::id.asc())
            .limit(SLICE)
            .select((
                registers::id,
                registers::registered_on,
                registers::decided_on,
            ))
            .load(conn)?;
        let Some((last, _, _)) = rows.last() else {
            break;
        };
        after = last.clone();
        for (_, reg, dec) in &rows {
            if let (Some(reg), Some(dec)) = (reg, dec) {
                *lengths
                    .entry(calendar.working_days_between(*reg, *dec))
                    .or_insert(0) += 1;
            }
        }
        if (rows.len() as i64) < SLICE {
            break;
        }
    }
    let decided: i64 = lengths.values().sum();
    let within = lengths
        .range(..=DECISION_LIMIT)
        .map(|(_, n)| n)
        .sum::<i64>();
    let median = (decided > 0).then(|| {
        let middle = decided / 2;
        let mut seen = 0;
        for (len, n) in &lengths {
            seen += n;
            if seen > middle {
                return *len;
            }
        }
        0
    });
    let mut bins: Vec<i64> = (0..DECISION_LIMIT / SPAN_BIN)
        .map(|i| {
            let lo = if i == 0 { i64::MIN } else { i * SPAN_BIN + 1 };
            let hi = (i + 1) * SPAN_BIN;
            lengths.range(lo..=hi).map(|(_, n)| n).sum()
        })
        .collect();
    bins.push(lengths.range(DECISION_LIMIT + 1..).map(|(_, n)| n).sum());
    Ok((decided, within, median, bins))
}

/// The running registered disputes, and how many of them are past a
/// deadline today.
fn running_and_overdue(conn: &mut Conn, basis: &Basis) -> QueryResult<(i64, i64)> {
    let running: Vec<&str> = Status::ALL
        .iter()
        .filter(|s| s.is_public() && !s.is_terminal() && **s != Status::Final)
        .map(|s| s.code())
        .collect();
    let none = RuleSet { specs: vec![] };
    let (mut total, mut overdue) = (0, 0);
    // Status by status, down the status index from a row value, so that
    // each slice starts where the last ended.
    for status_code in running {
        let mut after: Option<(NaiveDate, String)> = None;
        loop {
            let mut q = registers::table
                .filter(registers::status.eq(status_code))
                .filter(registers::registered_on.is_not_null())
                .into_boxed();
            if let Some((on, id)) = &after {
                q = q.filter(
                    diesel::dsl::sql::<diesel::sql_types::Bool>(
                        "(\"registers\".\"registered_on\", \"registers\".\"id\") > (",
                    )
                    .bind::<diesel::sql_types::Date, _>(*on)
                    .sql(", ")
                    .bind::<diesel::sql_types::Text, _>(id.clone())
                    .sql(")"),
                );
            }
            let rows: Vec<Register> = q
                .order((registers::registered_on.asc(), registers::id.asc()))
                .limit(SLICE)
                .select(Register::as_select())
                .load(conn)?;
            let Some(last) = rows.last() else { break };
            after = last.registered_on.map(|on| (on, last.id.clone()));
            for r in &rows {
                let Some(status) = Status::from_code(&r.status) else {
                    continue;
                };
                total += 1;
                let rules = basis.rules.get(&r.track).unwrap_or(&none);
                if open_deadlines(status, &r.dates(), rules, basis.calendar)
                    .iter()
                    .any(|d| d.is_overdue(basis.today))
                {
                    overdue += 1;
                }
            }
            if (rows.len() as i64) < SLICE || after.is_none() {
                break;
            }
        }
    }
    Ok((total, overdue))
}

/// Keeps the figures current; the worker calls it every few minutes.
pub fn refresh(
    conn: &mut Conn,
    collective_leave_is_day_off: bool,
    today: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<Figures> {
    let calendar = super::calendar::working_calendar(conn, collective_leave_is_day_off)?;
    let rules = super::calendar::rules_by_track(conn)?;
    let basis = Basis {
        calendar: &calendar,
        rules: &rules,
        today,
    };
    current(conn, &basis, now, Asker::Worker)
}
