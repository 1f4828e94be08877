//! Counts behind the public statistics page: registered disputes only.

use chrono::{Datelike, NaiveDate};
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::Conn;
use crate::db::schema::{public_bodies, registers, requested_items};

/// Registered disputes per year of registration, oldest year first.
pub fn per_year(conn: &mut Conn) -> QueryResult<Vec<(i32, i64)>> {
    let days: Vec<(Option<NaiveDate>, i64)> = registers::table
        .filter(registers::registered_on.is_not_null())
        .group_by(registers::registered_on)
        .select((registers::registered_on, count_star()))
        .load(conn)?;
    let mut years = std::collections::BTreeMap::new();
    for (day, n) in days {
        if let Some(d) = day {
            *years.entry(d.year()).or_insert(0) += n;
        }
    }
    Ok(years.into_iter().collect())
}

/// Registered disputes per public body, most first: (body id, name, count).
pub fn per_body(conn: &mut Conn, limit: usize) -> QueryResult<Vec<(String, String, i64)>> {
    let mut counts: Vec<(String, i64)> = registers::table
        .filter(registers::registered_on.is_not_null())
        .group_by(registers::respondent_id)
        .select((registers::respondent_id, count_star()))
        .load(conn)?;
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts.truncate(limit);
    let ids: Vec<String> = counts.iter().map(|(id, _)| id.clone()).collect();
    let names: std::collections::HashMap<String, String> = public_bodies::table
        .filter(public_bodies::id.eq_any(&ids))
        .select((public_bodies::id, public_bodies::short_name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    Ok(counts
        .into_iter()
        .map(|(id, n)| {
            let name = names.get(&id).cloned().unwrap_or_default();
            (id, name, n)
        })
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
    let mut by_ground: std::collections::BTreeMap<String, (i64, i64, i64)> = Default::default();
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

/// Registration and decision dates of every decided register.
pub fn decision_spans(conn: &mut Conn) -> QueryResult<Vec<(NaiveDate, NaiveDate)>> {
    let rows: Vec<(Option<NaiveDate>, Option<NaiveDate>)> = registers::table
        .filter(registers::registered_on.is_not_null())
        .filter(registers::decided_on.is_not_null())
        .select((registers::registered_on, registers::decided_on))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(r, d)| Some((r?, d?)))
        .collect())
}
