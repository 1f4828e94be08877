//! The fields of a submitted form, as typed, minus the characters that
//! have no place in text: control characters other than tab and line
//! breaks (NUL is refused by PostgreSQL, the rest make an Atom feed or an
//! iCalendar file invalid for every reader) and Unicode non-characters,
//! which XML 1.0 forbids. They are dropped once, on the way in, for every
//! form and every uploaded file's name alike.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

/// How long a plain form may take to arrive.
const BODY_SECONDS: std::time::Duration = std::time::Duration::from_secs(30);

/// A urlencoded form's `(name, value)` pairs, in the order sent.
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn into_inner(self) -> Vec<(String, String)> {
        self.0
    }
}

/// Whether `c` is kept in typed text: tab, line feed and carriage return
/// are; other C0 and C1 controls, DEL, lone surrogates (which a `char`
/// cannot hold) and the non-characters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF
/// of every plane are not.
pub fn is_kept(c: char) -> bool {
    let n = c as u32;
    match c {
        '\t' | '\n' | '\r' => true,
        _ if c.is_control() => false,
        _ if (0xFDD0..=0xFDEF).contains(&n) => false,
        _ if n & 0xFFFE == 0xFFFE => false,
        _ => true,
    }
}

/// Drops the characters typed text may not hold (see [`is_kept`]).
pub fn clean(value: String) -> String {
    if value.chars().all(is_kept) {
        value
    } else {
        value.chars().filter(|c| is_kept(*c)).collect()
    }
}

impl FromRequest for Fields {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Fields, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let form = web::Form::<Vec<(String, String)>>::from_request(req, payload);
        Box::pin(async move {
            // A form that trickles in is cut off: a byte a second would
            // hold a connection for days.
            let pairs = actix_web::rt::time::timeout(BODY_SECONDS, form)
                .await
                .map_err(|_| super::AppError::TimedOut)??
                .into_inner();
            Ok(Fields(
                pairs
                    .into_iter()
                    .map(|(k, v)| (clean(k), clean(v)))
                    .collect(),
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn control_characters_and_non_characters_are_dropped_and_the_rest_kept() {
        assert_eq!(clean("a\0b\0".into()), "ab");
        assert_eq!(clean("é\u{7}\t".into()), "é\t");
        assert_eq!(
            clean("x\u{b}\u{1b}[1m\u{c}\u{7f}\u{85}\u{9f}y".into()),
            "x[1my"
        );
        assert_eq!(
            clean("\u{fffe}\u{ffff}\u{fdd0}\u{1fffe}\u{10ffff}z".into()),
            "z"
        );
        let kept = "Baris 1\r\nBaris 2\tkolom — “kutip” 😀 \u{fffd} \u{fdcf} \u{fdf0}";
        assert_eq!(clean(kept.into()), kept);
    }
}
