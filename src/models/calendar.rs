//! The holiday table, the deadline rules and the start-up reference data.

use diesel::prelude::*;

use super::Conn;
use crate::db::schema::{app_meta, deadline_rules, holidays};
use crate::domain::calendar::{default_holidays, Holiday, HolidayKind, WorkingCalendar};
use crate::domain::deadlines::{Rule, RuleSet, RuleSpec, Unit};
use crate::domain::kinds::Track;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = holidays)]
pub struct HolidayRow {
    pub date: chrono::NaiveDate,
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = deadline_rules)]
pub struct RuleRow {
    pub track: String,
    pub rule: String,
    pub amount: i32,
    pub unit: String,
}

const REFERENCE_DATA_KEY: &str = "reference_data";

/// Loads the shipped calendar and deadline rules the first time the database
/// is used; later edits by staff are never overwritten.
pub fn ensure_reference_data(conn: &mut Conn, appeal_unit: Unit) -> QueryResult<bool> {
    let done = app_meta::table
        .find(REFERENCE_DATA_KEY)
        .select(app_meta::value)
        .first::<String>(conn)
        .optional()?;
    if done.is_some() {
        return Ok(false);
    }
    crate::db::write_tx(conn, |conn| {
        for h in default_holidays() {
            let row = HolidayRow {
                date: h.date,
                name: h.name,
                kind: h.kind.code().to_string(),
            };
            diesel::insert_into(holidays::table)
                .values(&row)
                .execute(conn)?;
        }
        for track in Track::ALL {
            for spec in RuleSet::defaults(appeal_unit).specs {
                let row = RuleRow {
                    track: track.code().to_string(),
                    rule: spec.rule.code().to_string(),
                    amount: spec.amount as i32,
                    unit: spec.unit.code().to_string(),
                };
                diesel::insert_into(deadline_rules::table)
                    .values(&row)
                    .execute(conn)?;
            }
        }
        diesel::insert_into(app_meta::table)
            .values((
                app_meta::key.eq(REFERENCE_DATA_KEY),
                app_meta::value.eq("1"),
            ))
            .execute(conn)?;
        Ok(true)
    })
}

pub fn holidays(conn: &mut Conn) -> QueryResult<Vec<Holiday>> {
    let rows: Vec<HolidayRow> = holidays::table
        .order(holidays::date.asc())
        .select(HolidayRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Holiday {
                date: r.date,
                name: r.name,
                kind: HolidayKind::from_code(&r.kind)?,
            })
        })
        .collect())
}

pub fn working_calendar(
    conn: &mut Conn,
    collective_leave_is_day_off: bool,
) -> QueryResult<WorkingCalendar> {
    Ok(WorkingCalendar::new(
        holidays(conn)?,
        collective_leave_is_day_off,
    ))
}

/// The rules of every track, by track code.
pub fn rules_by_track(conn: &mut Conn) -> QueryResult<std::collections::HashMap<String, RuleSet>> {
    let mut by_track = std::collections::HashMap::new();
    for track in Track::ALL {
        by_track.insert(track.code().to_string(), rules(conn, *track)?);
    }
    Ok(by_track)
}

/// The rules of a track; rows with an unknown rule or unit are skipped.
pub fn rules(conn: &mut Conn, track: Track) -> QueryResult<RuleSet> {
    let rows: Vec<RuleRow> = deadline_rules::table
        .filter(deadline_rules::track.eq(track.code()))
        .select(RuleRow::as_select())
        .load(conn)?;
    let specs = rows
        .into_iter()
        .filter_map(|r| {
            Some(RuleSpec {
                rule: Rule::from_code(&r.rule)?,
                amount: u32::try_from(r.amount).ok()?,
                unit: Unit::from_code(&r.unit)?,
            })
        })
        .collect();
    Ok(RuleSet { specs })
}

const CALENDAR_CHANGED_KEY: &str = "calendar_changed";

/// Notes who changed the calendar and when; deadlines cite it.
fn mark_changed(conn: &mut Conn, actor: &str, at: chrono::NaiveDateTime) -> QueryResult<()> {
    let value = format!("{}|{actor}", at.format("%Y-%m-%d %H:%M"));
    diesel::delete(app_meta::table.find(CALENDAR_CHANGED_KEY)).execute(conn)?;
    diesel::insert_into(app_meta::table)
        .values((
            app_meta::key.eq(CALENDAR_CHANGED_KEY),
            app_meta::value.eq(value),
        ))
        .execute(conn)?;
    Ok(())
}

/// When and by whom the calendar was last changed, if ever since it shipped.
pub fn last_change(conn: &mut Conn) -> QueryResult<Option<(String, String)>> {
    let value: Option<String> = app_meta::table
        .find(CALENDAR_CHANGED_KEY)
        .select(app_meta::value)
        .first(conn)
        .optional()?;
    Ok(value.and_then(|v| {
        v.split_once('|')
            .map(|(a, b)| (a.to_string(), b.to_string()))
    }))
}

pub fn holidays_of_year(conn: &mut Conn, year: i32) -> QueryResult<Vec<Holiday>> {
    Ok(holidays(conn)?
        .into_iter()
        .filter(|h| chrono::Datelike::year(&h.date) == year)
        .collect())
}

/// Adds a day or renames and re-kinds an existing one.
pub fn save_holiday(
    conn: &mut Conn,
    h: &Holiday,
    actor: &str,
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(holidays::table.find(h.date)).execute(conn)?;
    let row = HolidayRow {
        date: h.date,
        name: h.name.clone(),
        kind: h.kind.code().to_string(),
    };
    diesel::insert_into(holidays::table)
        .values(&row)
        .execute(conn)?;
    mark_changed(conn, actor, at)
}

pub fn remove_holiday(
    conn: &mut Conn,
    date: chrono::NaiveDate,
    actor: &str,
    at: chrono::NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::delete(holidays::table.find(date)).execute(conn)?;
    if n > 0 {
        mark_changed(conn, actor, at)?;
    }
    Ok(n > 0)
}

/// Replaces every day of `year` with `days`.
pub fn replace_year(
    conn: &mut Conn,
    year: i32,
    days: &[Holiday],
    actor: &str,
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    let first = chrono::NaiveDate::from_ymd_opt(year, 1, 1).ok_or(diesel::NotFound)?;
    let last = chrono::NaiveDate::from_ymd_opt(year, 12, 31).ok_or(diesel::NotFound)?;
    diesel::delete(holidays::table.filter(holidays::date.between(first, last))).execute(conn)?;
    for h in days {
        let row = HolidayRow {
            date: h.date,
            name: h.name.clone(),
            kind: h.kind.code().to_string(),
        };
        diesel::insert_into(holidays::table)
            .values(&row)
            .execute(conn)?;
    }
    mark_changed(conn, actor, at)
}
