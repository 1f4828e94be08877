//! Kept copies of public pages and conditional requests.
//!
//! A page is kept together with the stamp of what it was made from (see
//! `models::stamps`) and the moment it stops being true by itself (midnight
//! in the commission's time zone, when deadlines count one day less, or the
//! start of the next hearing it lists as upcoming). A request compares the
//! current stamp, read from the database, with the kept one: equal and not
//! expired, the copy is sent; otherwise the page is made again. Every page
//! carries an `ETag` from its content, and a request whose `If-None-Match`
//! names it gets `304 Not Modified` without a body.
//!
//! A kept copy also remembers the database's generation (`db::changes`) at
//! which its stamp was last found current: while the generation has not
//! moved, nothing was written, and the copy is sent without reading the
//! stamp at all.
//!
//! Pages with a form hold the visitor's CSRF token. They are kept with a
//! placeholder where the token goes, which is replaced by each visitor's own
//! token on the way out; pages for a signed-in visitor (which name their
//! account) are made for them and never kept.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use actix_session::Session;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDateTime, TimeZone, Utc};
use quick_cache::sync::Cache;

use super::{AppError, AppState};
use crate::db::DbConnection;
use crate::i18n::Lang;
use crate::models::stamps;

/// Which copy: the address as asked (path and query) in a language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    uri: String,
    lang: Lang,
}

/// A page as made, split where the visitor's token goes.
pub struct Kept {
    stamp: u64,
    valid_until: NaiveDateTime,
    parts: Vec<Bytes>,
    digest: u64,
    len: usize,
    /// The parts compressed, made when a client first takes gzip.
    gzip: std::sync::OnceLock<Gzipped>,
    /// The generation of the database (`db::changes`) at which the stamp
    /// was last found current; `NOT_SEEN` before.
    seen: AtomicU64,
    content_type: &'static str,
}

/// What pages are sent as.
pub const HTML: &str = "text/html; charset=utf-8";

const NOT_SEEN: u64 = u64::MAX;

/// A kept page's parts, each compressed once (raw deflate: all but the last
/// end byte-aligned without a final block), so that a visitor's gzip body
/// is the parts with the token between them as a stored block, a header
/// and a trailer: no compression per request.
struct Gzipped {
    parts: Vec<Bytes>,
    crcs: Vec<flate2::Crc>,
}

impl Gzipped {
    fn new(parts: &[Bytes]) -> Gzipped {
        let last = parts.len().saturating_sub(1);
        let mut out = Vec::with_capacity(parts.len());
        let mut crcs = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let flush = if i == last {
                flate2::FlushCompress::Finish
            } else {
                flate2::FlushCompress::Sync
            };
            out.push(Bytes::from(deflate(part, flush)));
            let mut crc = flate2::Crc::new();
            crc.update(part);
            crcs.push(crc);
        }
        Gzipped { parts: out, crcs }
    }

    fn body(&self, token: &[u8]) -> Bytes {
        let size: usize = self.parts.iter().map(Bytes::len).sum();
        let mut out = Vec::with_capacity(18 + size + self.parts.len() * (5 + token.len()));
        // Header: gzip, deflate, no flags, no time, unknown system.
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        let mut crc = flate2::Crc::new();
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                // A stored block, not final: its header byte, then the
                // length and its complement, then the bytes as they are.
                let len = token.len() as u16;
                out.push(0);
                out.extend_from_slice(&len.to_le_bytes());
                out.extend_from_slice(&(!len).to_le_bytes());
                out.extend_from_slice(token);
                crc.update(token);
            }
            out.extend_from_slice(part);
            crc.combine(&self.crcs[i]);
        }
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&crc.amount().to_le_bytes());
        Bytes::from(out)
    }
}

/// `data` as raw deflate at the fastest level, ending with `flush`.
fn deflate(data: &[u8], flush: flate2::FlushCompress) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::fast(), false);
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let consumed = c.total_in() as usize;
        if out.capacity() - out.len() < 64 {
            out.reserve(data.len() / 4 + 64);
        }
        let status = c
            .compress_vec(&data[consumed..], &mut out, flush)
            .expect("deflate of a buffer in memory");
        let done = c.total_in() as usize == data.len();
        match (flush, status) {
            (flate2::FlushCompress::Finish, flate2::Status::StreamEnd) => break,
            (flate2::FlushCompress::Sync, _) if done && out.capacity() > out.len() => break,
            _ => {}
        }
    }
    out
}

impl Kept {
    fn new(stamp: u64, valid_until: NaiveDateTime, body: String, marker: &str) -> Kept {
        let digest = digest_of(&body);
        let len = body.len();
        let parts = if body.contains(marker) {
            body.split(marker)
                .map(|p| Bytes::copy_from_slice(p.as_bytes()))
                .collect()
        } else {
            // A copy of exactly the page's length: the rendered string may
            // have grown to twice that while it was written.
            vec![Bytes::copy_from_slice(body.as_bytes())]
        };
        Kept {
            stamp,
            valid_until,
            parts,
            digest,
            len,
            gzip: std::sync::OnceLock::new(),
            seen: AtomicU64::new(NOT_SEEN),
            content_type: HTML,
        }
    }

    fn sent_as(mut self, content_type: &'static str) -> Kept {
        self.content_type = content_type;
        self
    }

    fn current(&self, stamp: u64, now: NaiveDateTime) -> bool {
        self.stamp == stamp && now < self.valid_until
    }

    /// Records that the stamp was current at `generation` (taken before the
    /// stamp was read).
    fn confirm(&self, generation: Option<u64>) {
        self.seen
            .store(generation.unwrap_or(NOT_SEEN), Ordering::SeqCst);
    }

    /// Whether nothing can have changed since the stamp was last found
    /// current, and the page has not expired by itself.
    fn unchanged_since(&self, generation: u64, now: NaiveDateTime) -> bool {
        generation != NOT_SEEN
            && self.seen.load(Ordering::SeqCst) == generation
            && now < self.valid_until
    }

    /// The entity tag of this page as one visitor receives it.
    fn etag(&self, token: Option<&str>) -> String {
        match token.filter(|_| self.parts.len() > 1) {
            Some(t) => format!("\"{:016x}{:016x}\"", self.digest, digest_of(t)),
            None => format!("\"{:016x}\"", self.digest),
        }
    }

    fn body(&self, token: Option<&str>) -> Bytes {
        match (self.parts.as_slice(), token) {
            ([only], _) => only.clone(),
            (parts, token) => {
                let token = token.unwrap_or_default();
                let mut out = Vec::with_capacity(self.len + parts.len() * token.len());
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        out.extend_from_slice(token.as_bytes());
                    }
                    out.extend_from_slice(p);
                }
                Bytes::from(out)
            }
        }
    }
}

fn digest_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// A stamp as the cache compares it.
pub fn stamp_of<T: Hash>(stamp: &T) -> u64 {
    digest_of(stamp)
}

#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<PageKey, Arc<Kept>> for ByBytes {
    fn weight(&self, key: &PageKey, val: &Arc<Kept>) -> u64 {
        (key.uri.len() + val.len + 128) as u64
    }
}

/// The kept pages of this process, bounded in bytes.
pub struct PageCache {
    pages: Cache<PageKey, Arc<Kept>, ByBytes>,
    /// Stands in for the CSRF token in kept pages: random per process, so
    /// no content can contain it.
    marker: String,
}

impl PageCache {
    pub fn new(capacity_bytes: u64) -> PageCache {
        PageCache {
            pages: Cache::with_weighter(
                (capacity_bytes / 16_384).max(16) as usize,
                capacity_bytes.max(1),
                ByBytes,
            ),
            marker: format!("csrf-{}", uuid::Uuid::new_v4().simple()),
        }
    }
}

/// What a page shows of its visitor.
pub struct Personal {
    /// What goes in the forms' CSRF field.
    pub csrf: String,
    /// The signed-in visitor's address, offered in the follow form.
    pub account_email: Option<String>,
}

/// A page as a handler made it.
pub struct Rendered {
    pub body: String,
    /// When the page stops being true even if nothing changes: the start of
    /// the first upcoming hearing it lists.
    pub valid_until: Option<NaiveDateTime>,
}

impl From<String> for Rendered {
    fn from(body: String) -> Rendered {
        Rendered {
            body,
            valid_until: None,
        }
    }
}

/// Whether the page has forms, which hold the visitor's token.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Forms {
    None,
    Follow,
}

/// The next midnight in the commission's time zone, as stored (UTC).
fn next_midnight(state: &AppState, now: NaiveDateTime) -> NaiveDateTime {
    let tz = state.settings.time_zone;
    let local = Utc.from_utc_datetime(&now).with_timezone(&tz).date_naive();
    (local + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .and_then(|t| tz.from_local_datetime(&t).earliest())
        .map(|t| t.naive_utc())
        .unwrap_or(now + Duration::hours(1))
}

/// Serves a public page: a kept copy when its stamp is current, else a new
/// one made by `render` (and kept when it is the same for every visitor).
/// `stamp` reads what the page is made from; it may refuse (404) first.
pub async fn page<S, R>(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    session: &Session,
    forms: Forms,
    stamp: S,
    render: R,
) -> Result<HttpResponse, AppError>
where
    S: FnOnce(&mut DbConnection) -> Result<u64, AppError> + Send + 'static,
    R: FnOnce(&mut DbConnection, &Personal) -> Result<Rendered, AppError> + Send + 'static,
{
    let (token, account_email) = if forms == Forms::Follow {
        let token = super::auth::csrf_token(session);
        let email = super::auth::current_user(state, session)
            .await?
            .map(|u| u.email);
        (Some(token), email)
    } else {
        (None, None)
    };
    serve(state, req, lang, token, account_email, HTML, stamp, render).await
}

/// Serves a public document that is the same for everyone (a feed, an API
/// answer) as pages are served: kept, sent again only when what it is made
/// from changed, with an `ETag` and `304`.
pub async fn document<S, R>(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    content_type: &'static str,
    stamp: S,
    render: R,
) -> Result<HttpResponse, AppError>
where
    S: FnOnce(&mut DbConnection) -> Result<u64, AppError> + Send + 'static,
    R: FnOnce(&mut DbConnection) -> Result<String, AppError> + Send + 'static,
{
    let render = move |conn: &mut DbConnection, _: &Personal| render(conn).map(Rendered::from);
    serve(state, req, lang, None, None, content_type, stamp, render).await
}

#[allow(clippy::too_many_arguments)]
async fn serve<S, R>(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    token: Option<String>,
    account_email: Option<String>,
    content_type: &'static str,
    stamp: S,
    render: R,
) -> Result<HttpResponse, AppError>
where
    S: FnOnce(&mut DbConnection) -> Result<u64, AppError> + Send + 'static,
    R: FnOnce(&mut DbConnection, &Personal) -> Result<Rendered, AppError> + Send + 'static,
{
    // A page that names its visitor is theirs alone.
    let shared = account_email.is_none();
    let key = PageKey {
        uri: req.uri().to_string(),
        lang,
    };
    // Nothing written since the kept copy was last checked: no need to ask
    // the database. The generation is taken before any stamp is read.
    let before = if shared {
        state.changes.generation()
    } else {
        None
    };
    if let Some(generation) = before {
        let now = Utc::now().naive_utc();
        if let Some(k) = state
            .pages
            .pages
            .get(&key)
            .filter(|k| k.unchanged_since(generation, now))
        {
            return Ok(respond(req, &k, token.as_deref()));
        }
    }
    let st = state.clone();
    let own_token = token.clone();
    let kept = state
        .db(move |conn| {
            let stamp = stamp(conn)?;
            let now = Utc::now().naive_utc();
            if shared {
                if let Some(k) = st.pages.pages.get(&key).filter(|k| k.current(stamp, now)) {
                    k.confirm(before);
                    return Ok(k);
                }
            }
            let personal = Personal {
                csrf: match (&own_token, shared) {
                    (Some(_), true) => st.pages.marker.clone(),
                    (Some(t), false) => t.clone(),
                    (None, _) => String::new(),
                },
                account_email,
            };
            let made = render(conn, &personal)?;
            let midnight = next_midnight(&st, now);
            let valid_until = made.valid_until.map_or(midnight, |t| t.min(midnight));
            let kept = Arc::new(
                Kept::new(stamp, valid_until, made.body, &st.pages.marker).sent_as(content_type),
            );
            if shared {
                kept.confirm(before);
                st.pages.pages.insert(key, kept.clone());
            }
            Ok(kept)
        })
        .await?;
    Ok(respond(req, &kept, token.as_deref()))
}

/// Whether `If-None-Match` names this tag (weak comparison).
fn not_modified(req: &HttpRequest, etag: &str) -> bool {
    let Some(v) = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    v.split(',').map(str::trim).any(|candidate| {
        candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate) == etag
    })
}

/// Whether the client takes gzip (`Accept-Encoding`, a zero weight refuses).
fn takes_gzip(req: &HttpRequest) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut bits = item.split(';').map(str::trim);
            let name = bits.next().unwrap_or("");
            let refused = bits.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

fn respond(req: &HttpRequest, kept: &Kept, token: Option<&str>) -> HttpResponse {
    let gzip = takes_gzip(req);
    let plain_tag = kept.etag(token);
    // Each encoding is its own representation with its own tag.
    let etag = if gzip {
        format!("{}-gz\"", plain_tag.trim_end_matches('"'))
    } else {
        plain_tag
    };
    // Browsers keep the page and ask again each time; shared caches must
    // not keep it, as it may hold the visitor's token.
    let control = (header::CACHE_CONTROL, "private, no-cache");
    let vary = (header::VARY, "Accept-Encoding");
    if not_modified(req, &etag) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header(control)
            .insert_header(vary)
            .finish();
    }
    let mut res = HttpResponse::Ok();
    res.content_type(kept.content_type)
        .insert_header((header::ETAG, etag))
        .insert_header(control)
        .insert_header(vary);
    if gzip {
        let token = if kept.parts.len() > 1 {
            token.unwrap_or_default()
        } else {
            ""
        };
        let body = kept
            .gzip
            .get_or_init(|| Gzipped::new(&kept.parts))
            .body(token.as_bytes());
        res.insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(body)
    } else {
        res.body(kept.body(token))
    }
}

/// What every list-like page is made from: any register's last change and
/// the reference data.
pub(crate) fn site_stamp(conn: &mut DbConnection) -> Result<u64, AppError> {
    Ok(stamp_of(&stamps::site(conn)?))
}

/// What a register's own pages are made from; refuses an unknown register.
pub(crate) fn register_stamp(conn: &mut DbConnection, id: &str) -> Result<u64, AppError> {
    let stamp = stamps::register(conn, id)?.ok_or(AppError::NotFound)?;
    Ok(stamp_of(&stamp))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn a_kept_page_takes_each_visitors_token() {
        let marker = "csrf-m";
        let kept = Kept::new(1, at(10), "<a>csrf-m</a><b>csrf-m</b>".into(), marker);
        assert_eq!(kept.body(Some("T1")), "<a>T1</a><b>T1</b>");
        assert_eq!(kept.body(Some("T2")), "<a>T2</a><b>T2</b>");
        assert_ne!(kept.etag(Some("T1")), kept.etag(Some("T2")));
    }

    fn gunzip(bytes: &[u8]) -> String {
        use std::io::Read;
        let mut out = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut out)
            .expect("a valid gzip stream");
        out
    }

    #[test]
    fn a_kept_page_compressed_once_carries_each_visitors_token() {
        let marker = "csrf-m";
        // A long page with two forms, as a register's page is.
        let rows = |from: usize| -> String {
            (from..from + 200)
                .map(|i| format!("<tr><td>baris {i}</td></tr>"))
                .collect()
        };
        let page = format!(
            "{}<input value=\"csrf-m\">{}<input value=\"csrf-m\">{}",
            rows(0),
            rows(200),
            rows(400)
        );
        let kept = Kept::new(1, at(10), page, marker);
        let gz = Gzipped::new(&kept.parts);
        for token in ["T1", "0123456789abcdef0123456789abcdef"] {
            let body = gz.body(token.as_bytes());
            assert_eq!(
                gunzip(&body),
                String::from_utf8(kept.body(Some(token)).to_vec()).unwrap()
            );
            assert!(
                body.len() < kept.len / 2,
                "compressed: {} of {}",
                body.len(),
                kept.len
            );
        }
        let single = Kept::new(1, at(10), "<p>tanpa formulir</p>".repeat(50), marker);
        let gz = Gzipped::new(&single.parts);
        assert_eq!(gunzip(&gz.body(b"")), "<p>tanpa formulir</p>".repeat(50));
        let empty = Kept::new(1, at(10), String::new(), marker);
        assert_eq!(gunzip(&Gzipped::new(&empty.parts).body(b"")), "");
    }

    #[test]
    fn gzip_is_taken_unless_refused() {
        let req = |v: &str| {
            actix_web::test::TestRequest::default()
                .insert_header((header::ACCEPT_ENCODING, v))
                .to_http_request()
        };
        assert!(takes_gzip(&req("gzip, deflate, br")));
        assert!(takes_gzip(&req("br;q=1.0, gzip;q=0.8")));
        assert!(!takes_gzip(&req("gzip;q=0, br")));
        assert!(!takes_gzip(&req("identity")));
        assert!(!takes_gzip(
            &actix_web::test::TestRequest::default().to_http_request()
        ));
    }

    #[test]
    fn a_page_without_forms_is_the_same_for_everyone() {
        let kept = Kept::new(1, at(10), "<p>x</p>".into(), "csrf-m");
        assert_eq!(kept.body(Some("T1")), "<p>x</p>");
        assert_eq!(kept.etag(Some("T1")), kept.etag(None));
    }

    #[test]
    fn a_copy_is_current_for_its_stamp_until_it_expires() {
        let kept = Kept::new(7, at(10), "x".into(), "m");
        assert!(kept.current(7, at(9)));
        assert!(!kept.current(8, at(9)), "another stamp");
        assert!(!kept.current(7, at(10)), "expired");
    }

    #[test]
    fn different_content_gets_a_different_tag() {
        let a = Kept::new(1, at(10), "a".into(), "m");
        let b = Kept::new(1, at(10), "b".into(), "m");
        assert_ne!(a.etag(None), b.etag(None));
    }

    #[test]
    fn if_none_match_is_compared_weakly_and_in_lists() {
        let tag = "\"abc\"";
        let req = |v: &str| {
            actix_web::test::TestRequest::default()
                .insert_header((header::IF_NONE_MATCH, v))
                .to_http_request()
        };
        assert!(not_modified(&req("\"abc\""), tag));
        assert!(not_modified(&req("W/\"abc\""), tag));
        assert!(not_modified(&req("\"x\", \"abc\""), tag));
        assert!(not_modified(&req("*"), tag));
        assert!(!not_modified(&req("\"abd\""), tag));
        assert!(!not_modified(
            &actix_web::test::TestRequest::default().to_http_request(),
            tag
        ));
    }
}
