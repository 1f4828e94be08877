//! Reading multipart forms with documents, as a stream: the text fields,
//! and each file checked by its content and written to a file of its own
//! as it arrives, so that a request costs the server little memory however
//! large it is. The form's CSRF token comes before its files; a request
//! whose token is wrong is answered before its files are read. A file that
//! is too large or of the wrong kind is reported by its field, and the
//! rest of the form is still read.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use actix_multipart::Multipart;
use futures_util::StreamExt;

use super::auth::{FormData, CSRF_FIELD};
use super::AppError;
use crate::domain::filing::{ACCEPTED_TYPES, MAX_UPLOAD_BYTES};
use crate::files::{file_error, Incoming};
pub use crate::files::{stored_path, Upload};

/// All text fields together may not exceed this.
const MAX_TEXT_BYTES: usize = 256 * 1024;
/// Files in one form.
const MAX_FILES: usize = 12;
/// The most one request may carry in all, files and text.
pub const REQUEST_LIMIT: usize = 64 * 1024 * 1024;
/// How long a form with files may take to arrive.
const BODY_SECONDS: u64 = 120;
/// How much of a file is judged before any of it is kept.
const HEAD_BYTES: usize = 8 * 1024;

/// A form as received: its fields, its accepted files, and the fields whose
/// file was refused, with the catalogue key saying why.
pub struct Received {
    pub form: FormData,
    pub files: Vec<Upload>,
    pub refused: Vec<(String, &'static str)>,
}

/// A safe name to offer back on download: no path, no quotes or controls.
fn clean_filename(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = base
        .chars()
        .filter(|c| super::fields::is_kept(*c) && !c.is_control() && !matches!(c, '"' | ';'))
        .take(120)
        .collect();
    if name.trim().is_empty() {
        "dokumen".into()
    } else {
        name
    }
}

/// The accepted content type of `bytes` (a file's first bytes), judged by
/// its signature; a file whose first bytes also read as a web page is not
/// accepted, whatever it starts with, so that no browser can be made to
/// run it.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let kind = infer::get(bytes)?;
    if looks_like_markup(bytes) {
        return None;
    }
    ACCEPTED_TYPES
        .iter()
        .copied()
        .find(|t| *t == kind.mime_type())
}

/// Whether bytes hold the tags a browser sniffing for HTML looks for.
fn looks_like_markup(bytes: &[u8]) -> bool {
    const TAGS: [&[u8]; 7] = [
        b"<html",
        b"<!doctype",
        b"<script",
        b"<body",
        b"<head",
        b"<iframe",
        b"<svg",
    ];
    let lower: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
    TAGS.iter()
        .any(|tag| lower.windows(tag.len()).any(|w| w == *tag))
}

/// Reads a small multipart form whole: each part's name and bytes, the
/// parts together at most `limit` bytes (else 400 "bad.form").
pub async fn read_small(
    payload: Multipart,
    limit: usize,
) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    actix_web::rt::time::timeout(
        Duration::from_secs(BODY_SECONDS),
        read_small_all(payload, limit),
    )
    .await
    .map_err(|_| AppError::TimedOut)?
}

async fn read_small_all(
    mut payload: Multipart,
    limit: usize,
) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let mut parts = Vec::new();
    let mut total = 0usize;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| AppError::BadQuery(e.to_string()))?;
        let name = field.name().unwrap_or("").to_string();
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| AppError::BadQuery(e.to_string()))?;
            total += chunk.len();
            if total > limit {
                return Err(AppError::BadRequest("bad.form"));
            }
            data.extend_from_slice(&chunk);
        }
        parts.push((name, data));
    }
    Ok(parts)
}

/// Reads a form with files within [`BODY_SECONDS`]: `token` is the
/// session's CSRF token, and a form whose token field (sent before its
/// files) does not match it is read no further than its first file; the
/// caller's CSRF check then refuses it. Files go to `dir` as they arrive.
pub async fn read(
    payload: Multipart,
    dir: &Path,
    token: Option<String>,
) -> Result<Received, AppError> {
    actix_web::rt::time::timeout(
        Duration::from_secs(BODY_SECONDS),
        read_all(payload, dir, token),
    )
    .await
    .map_err(|_| AppError::TimedOut)?
}

async fn read_all(
    mut payload: Multipart,
    dir: &Path,
    token: Option<String>,
) -> Result<Received, AppError> {
    let mut form: Vec<(String, String)> = Vec::new();
    let mut files = Vec::new();
    let mut refused = Vec::new();
    let mut text_bytes = 0usize;
    let mut total = 0usize;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| AppError::BadQuery(e.to_string()))?;
        let name = field.name().unwrap_or("").to_string();
        let filename = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_string);
        let Some(filename) = filename else {
            let mut data = Vec::new();
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(|e| AppError::BadQuery(e.to_string()))?;
                total += chunk.len();
                if data.len() + chunk.len() > MAX_TEXT_BYTES.saturating_sub(text_bytes) {
                    return Err(AppError::BadRequest("bad.form"));
                }
                data.extend_from_slice(&chunk);
            }
            text_bytes += data.len();
            let value = String::from_utf8(data).map_err(|_| AppError::BadRequest("bad.form"))?;
            form.push((super::fields::clean(name), super::fields::clean(value)));
            continue;
        };
        // Files come after the token: without the right one, nothing more
        // is read.
        let given = form.iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v);
        if token.is_none() || given != token.as_ref() {
            break;
        }
        let mut head: Vec<u8> = Vec::new();
        let mut size = 0usize;
        let mut incoming: Option<(Incoming, std::fs::File)> = None;
        let mut problem: Option<&'static str> = None;
        let mut content_type = None;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| AppError::BadQuery(e.to_string()))?;
            total += chunk.len();
            if total > REQUEST_LIMIT {
                return Err(AppError::TooLarge);
            }
            if problem.is_some() {
                // Read on to reach the next field, keeping nothing.
                continue;
            }
            size += chunk.len();
            if size > MAX_UPLOAD_BYTES {
                problem = Some("upload.too_large");
                incoming = None;
                continue;
            }
            if incoming.is_none() {
                head.extend_from_slice(&chunk);
                if head.len() < HEAD_BYTES {
                    continue;
                }
                match start_file(dir, &head, &mut content_type)? {
                    Ok(file) => incoming = Some(file),
                    Err(key) => problem = Some(key),
                }
                head.clear();
            } else if let Some((_, file)) = incoming.as_mut() {
                file.write_all(&chunk).map_err(file_error)?;
            }
        }
        // A file shorter than the part judged at once.
        if problem.is_none() && incoming.is_none() && !head.is_empty() {
            match start_file(dir, &head, &mut content_type)? {
                Ok(file) => incoming = Some(file),
                Err(key) => problem = Some(key),
            }
        }
        match (problem, incoming, content_type) {
            (Some(key), _, _) => refused.push((name, key)),
            // A file input left empty.
            (None, None, _) if filename.is_empty() && size == 0 => {}
            (None, None, _) => refused.push((name, "upload.empty")),
            (None, Some(_), _) if files.len() >= MAX_FILES => {
                refused.push((name, "upload.too_many"))
            }
            (None, Some((incoming, file)), Some(content_type)) => {
                drop(file);
                files.push(Upload {
                    field: name,
                    filename: clean_filename(&filename),
                    content_type,
                    size: size as u64,
                    incoming,
                });
            }
            (None, Some(_), None) => refused.push((name, "upload.bad_type")),
        }
    }
    Ok(Received {
        form: FormData(form),
        files,
        refused,
    })
}

/// Judges a file by its first bytes and, when it is accepted, opens the
/// file it goes to with those bytes in it.
#[allow(clippy::type_complexity)]
fn start_file(
    dir: &Path,
    head: &[u8],
    content_type: &mut Option<&'static str>,
) -> Result<Result<(Incoming, std::fs::File), &'static str>, AppError> {
    let Some(kind) = sniff(head) else {
        return Ok(Err("upload.bad_type"));
    };
    *content_type = Some(kind);
    let (incoming, mut file) = Incoming::create(dir)?;
    file.write_all(head).map_err(file_error)?;
    Ok(Ok((incoming, file)))
}

/// The name a document is offered under: its kind, the end of its id and
/// the extension of the type its content was checked as.
pub fn download_name(kind: &str, id: &str, content_type: &str) -> String {
    let ext = match content_type {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "bin",
    };
    let kind: String = kind
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let tail: String = id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{kind}-{tail}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_told_by_content_not_by_name() {
        assert_eq!(
            sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
            Some("application/pdf")
        );
        assert_eq!(
            sniff(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
            Some("image/png")
        );
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        let mut polyglot = b"%PDF-1.7\n".to_vec();
        polyglot.extend_from_slice(b"<HTML><Script>alert(document.cookie)</script>");
        assert_eq!(sniff(&polyglot), None, "a PDF header before a page");
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
        png.extend_from_slice(b"<!DOCTYPE html><body onload=alert(1)>");
        assert_eq!(sniff(&png), None, "a PNG header before a page");
        assert_eq!(sniff(b"MZ\x90\x00\x03\x00\x00\x00"), None, "an executable");
    }

    #[test]
    fn downloads_are_named_by_kind_id_and_checked_type() {
        assert_eq!(
            download_name(
                "identity",
                "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                "application/pdf"
            ),
            "identity-2e3f4a5b.pdf"
        );
        assert_eq!(
            download_name("request", "x.html", "image/png"),
            "request-xhtml.png"
        );
    }

    #[test]
    fn offered_names_carry_no_path_or_quotes() {
        assert_eq!(clean_filename("C:\\Users\\x\\KTP.pdf"), "KTP.pdf");
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("a\"b;c.pdf"), "abc.pdf");
        assert_eq!(clean_filename(""), "dokumen");
    }
}
