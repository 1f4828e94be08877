//! Reading multipart forms with documents: the text fields, and each file
//! checked by its content. A file that is too large or of the wrong kind is
//! reported by its field, and the rest of the form is still read.

use actix_multipart::Multipart;
use futures_util::StreamExt;

use super::auth::FormData;
use super::AppError;
use crate::domain::filing::{ACCEPTED_TYPES, MAX_UPLOAD_BYTES};

/// All text fields together may not exceed this.
const MAX_TEXT_BYTES: usize = 256 * 1024;
/// Files in one form.
const MAX_FILES: usize = 12;

/// An accepted file.
pub struct Upload {
    pub field: String,
    pub filename: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

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
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';'))
        .take(120)
        .collect();
    if name.trim().is_empty() {
        "dokumen".into()
    } else {
        name
    }
}

/// The accepted content type of `bytes`, judged by their first bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let kind = infer::get(bytes)?;
    ACCEPTED_TYPES
        .iter()
        .copied()
        .find(|t| *t == kind.mime_type())
}

/// Reads a small multipart form whole: each part's name and bytes, the
/// parts together at most `limit` bytes (else 400 "bad.form").
pub async fn read_small(
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

pub async fn read(mut payload: Multipart) -> Result<Received, AppError> {
    let mut form = Vec::new();
    let mut files = Vec::new();
    let mut refused = Vec::new();
    let mut text_bytes = 0usize;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| AppError::BadQuery(e.to_string()))?;
        let name = field.name().unwrap_or("").to_string();
        let filename = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_string);
        let mut data = Vec::new();
        let mut too_large = false;
        let limit = if filename.is_some() {
            MAX_UPLOAD_BYTES
        } else {
            MAX_TEXT_BYTES.saturating_sub(text_bytes)
        };
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| AppError::BadQuery(e.to_string()))?;
            if data.len() + chunk.len() > limit {
                // Keep reading to reach the next field, but keep nothing.
                too_large = true;
                data.clear();
                continue;
            }
            if !too_large {
                data.extend_from_slice(&chunk);
            }
        }
        match filename {
            None => {
                if too_large {
                    return Err(AppError::BadRequest("bad.form"));
                }
                text_bytes += data.len();
                let value =
                    String::from_utf8(data).map_err(|_| AppError::BadRequest("bad.form"))?;
                form.push((super::fields::clean(name), super::fields::clean(value)));
            }
            // A file input left empty.
            Some(f) if f.is_empty() && data.is_empty() && !too_large => {}
            Some(_) if too_large => refused.push((name, "upload.too_large")),
            Some(_) if data.is_empty() => refused.push((name, "upload.empty")),
            Some(f) => {
                if files.len() >= MAX_FILES {
                    refused.push((name, "upload.too_many"));
                    continue;
                }
                match sniff(&data) {
                    Some(content_type) => files.push(Upload {
                        field: name,
                        filename: clean_filename(&f),
                        content_type,
                        bytes: data,
                    }),
                    None => refused.push((name, "upload.bad_type")),
                }
            }
        }
    }
    Ok(Received {
        form: FormData(form),
        files,
        refused,
    })
}

/// Where the bytes of attachment `id` are kept.
pub fn stored_path(dir: &std::path::Path, id: &str) -> std::path::PathBuf {
    dir.join(id.replace(['/', '\\', '.'], ""))
}

/// Writes an accepted file under its attachment id.
pub fn store(dir: &std::path::Path, id: &str, bytes: &[u8]) -> Result<(), AppError> {
    let path = stored_path(dir, id);
    let written = std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&path, bytes));
    written.map_err(|e| {
        // A partly written file is never left behind for an attachment row.
        let _ = std::fs::remove_file(&path);
        file_error(e)
    })
}

fn file_error(e: std::io::Error) -> AppError {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::StorageFull
        | ErrorKind::FileTooLarge
        | ErrorKind::ReadOnlyFilesystem
        | ErrorKind::QuotaExceeded => AppError::Unwritable(format!("files: {e}")),
        _ => AppError::Internal(format!("files: {e}")),
    }
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
        assert_eq!(sniff(b"MZ\x90\x00\x03\x00\x00\x00"), None, "an executable");
    }

    #[test]
    fn offered_names_carry_no_path_or_quotes() {
        assert_eq!(clean_filename("C:\\Users\\x\\KTP.pdf"), "KTP.pdf");
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("a\"b;c.pdf"), "abc.pdf");
        assert_eq!(clean_filename(""), "dokumen");
    }
}
