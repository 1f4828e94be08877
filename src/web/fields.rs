//! The fields of a submitted form, as typed, minus what no database keeps:
//! a NUL character is refused by PostgreSQL and cuts text short elsewhere,
//! so it is dropped on the way in, for every form alike.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

/// A urlencoded form's `(name, value)` pairs, in the order sent.
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn into_inner(self) -> Vec<(String, String)> {
        self.0
    }
}

/// Drops the characters no text column can hold.
pub fn clean(value: String) -> String {
    if value.contains('\0') {
        value.replace('\0', "")
    } else {
        value
    }
}

impl FromRequest for Fields {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Fields, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let form = web::Form::<Vec<(String, String)>>::from_request(req, payload);
        Box::pin(async move {
            let pairs = form.await?.into_inner();
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
    fn nul_characters_are_dropped_and_the_rest_kept() {
        assert_eq!(clean("a\0b\0".into()), "ab");
        assert_eq!(clean("é\u{7}\t".into()), "é\u{7}\t");
    }
}
