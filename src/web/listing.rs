//! Reading a list's filters from the query string and writing them back
//! into addresses: shared by the public list, the exports and the API.

use actix_web::web;
use serde::Deserialize;

use crate::domain::kinds::Track;
use crate::domain::status::Status;
use crate::models::registers::{Cursor, Filter};
use crate::web::AppError;

const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    respondent: Option<String>,
    year: Option<String>,
    track: Option<String>,
    q: Option<String>,
    after: Option<String>,
}

/// Ids are generated UUIDs; anything else cannot name a record, and is
/// refused before it reaches the database.
pub(crate) fn plausible_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A whole number as a query string writes one: digits with an optional
/// minus, no plus and no leading zeros, so that what the API's description
/// calls an integer is all that is read as one.
pub fn whole_number<T: std::str::FromStr>(s: &str) -> Option<T> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    plain.then(|| s.parse().ok()).flatten()
}

/// A day written as `YYYY-MM-DD` exactly (RFC 3339's full-date).
pub fn full_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| d.format("%Y-%m-%d").to_string() == s)
}

/// The id in a record's address; one that cannot exist is not looked up.
pub fn record_id(path: web::Path<String>) -> Result<String, AppError> {
    let id = path.into_inner();
    if plausible_id(&id) {
        Ok(id)
    } else {
        Err(AppError::NotFound)
    }
}

pub(crate) fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl ListQuery {
    pub fn filter(&self) -> Result<Filter, AppError> {
        let status = given(&self.status)
            .map(|s| Status::from_code(s).ok_or(AppError::BadRequest("bad.status")))
            .transpose()?;
        let track = given(&self.track)
            .map(|s| Track::from_code(s).ok_or(AppError::BadRequest("bad.track")))
            .transpose()?;
        let year = given(&self.year)
            .map(|s| {
                whole_number::<i32>(s)
                    .filter(|y| (1000..=9999).contains(y))
                    .ok_or(AppError::BadRequest("bad.year"))
            })
            .transpose()?;
        let query = given(&self.q).map(str::to_string);
        if query
            .as_ref()
            .is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS)
        {
            return Err(AppError::BadRequest("bad.query"));
        }
        if query
            .as_ref()
            .is_some_and(|q| q.chars().any(char::is_control))
        {
            return Err(AppError::BadRequest("bad.query_chars"));
        }
        let respondent_id = given(&self.respondent).map(str::to_string);
        if respondent_id.as_deref().is_some_and(|id| !plausible_id(id)) {
            return Err(AppError::BadRequest("bad.respondent"));
        }
        Ok(Filter {
            status,
            respondent_id,
            year,
            track,
            query,
        })
    }

    pub(crate) fn cursor(&self) -> Result<Option<Cursor>, AppError> {
        given(&self.after)
            .map(|raw| Cursor::decode(raw).ok_or(AppError::BadRequest("bad.cursor")))
            .transpose()
    }
}

/// The list's current filters as query parameters, for links.
pub fn filter_params(f: &Filter) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(q) = &f.query {
        out.push(("q".to_string(), q.clone()));
    }
    if let Some(s) = f.status {
        out.push(("status".to_string(), s.code().to_string()));
    }
    if let Some(r) = &f.respondent_id {
        out.push(("respondent".to_string(), r.clone()));
    }
    if let Some(y) = f.year {
        out.push(("year".to_string(), y.to_string()));
    }
    if let Some(t) = f.track {
        out.push(("track".to_string(), t.code().to_string()));
    }
    out
}

pub(crate) fn encode_query(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_filters_are_refused_with_their_message() {
        let q = |f: fn(&mut ListQuery)| {
            let mut q = ListQuery::default();
            f(&mut q);
            q.filter().err().map(|e| e.to_string())
        };
        assert_eq!(
            q(|q| q.status = Some("closed".into())),
            Some("bad request: bad.status".into())
        );
        assert_eq!(
            q(|q| q.track = Some("x".into())),
            Some("bad request: bad.track".into())
        );
        assert_eq!(
            q(|q| q.year = Some("24".into())),
            Some("bad request: bad.year".into())
        );
        assert_eq!(
            q(|q| q.q = Some("x".repeat(201))),
            Some("bad request: bad.query".into())
        );
        assert_eq!(
            q(|q| q.q = Some("kpu\u{0}".into())),
            Some("bad request: bad.query_chars".into())
        );
        assert_eq!(
            q(|q| q.respondent = Some("x'y".into())),
            Some("bad request: bad.respondent".into())
        );
        assert_eq!(q(|q| q.status = Some(" ".into())), None);
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(percent_encode("kpu & data/2024"), "kpu%20%26%20data%2F2024");
    }
}
