//! Which language a visitor reads: `?lang=`, then the remembered choice,
//! then `Accept-Language`, then Indonesian.

use std::future::{ready, Ready};

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest};

use crate::i18n::Lang;

const COOKIE: &str = "lang";

fn query_lang(query: &str) -> Option<Lang> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| Lang::from_code(v))
}

/// The language of this request.
pub fn request_lang(req: &HttpRequest) -> Lang {
    query_lang(req.query_string())
        .or_else(|| req.cookie(COOKIE).and_then(|c| Lang::from_code(c.value())))
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

impl FromRequest for Lang {
    type Error = actix_web::Error;
    type Future = Ready<Result<Lang, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(request_lang(req)))
    }
}

/// Remembers a language chosen with `?lang=` in a cookie, so that the
/// following pages keep it.
pub async fn remember_language(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let chosen = query_lang(req.query_string());
    let mut res = next.call(req).await?;
    if let Some(lang) = chosen {
        let cookie = Cookie::build(COOKIE, lang.code())
            .path("/")
            .max_age(actix_web::cookie::time::Duration::days(365))
            .same_site(SameSite::Lax)
            .http_only(true)
            .finish();
        res.response_mut().add_cookie(&cookie)?;
    }
    Ok(res)
}

/// The current address with `lang` set to `lang`, other parameters kept.
pub fn switch_url(req: &HttpRequest, lang: Lang) -> String {
    let mut pairs: Vec<&str> = req
        .query_string()
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lang="))
        .collect();
    let lang_pair = format!("lang={}", lang.code());
    pairs.push(&lang_pair);
    format!("{}?{}", on_this_site(req.path()), pairs.join("&"))
}

/// A path that stays on this site as a link: leading slashes and
/// backslashes folded into one slash, so that `//host/` cannot become an
/// address of another site.
fn on_this_site(path: &str) -> String {
    let rest = path.trim_start_matches(['/', '\\']);
    format!("/{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn the_language_link_stays_on_the_site() {
        let req = TestRequest::with_uri("//evil.example/").to_http_request();
        assert_eq!(switch_url(&req, Lang::En), "/evil.example/?lang=en");
        let req = TestRequest::with_uri("/registers?status=final&lang=id").to_http_request();
        assert_eq!(
            switch_url(&req, Lang::En),
            "/registers?status=final&lang=en"
        );
    }

    #[test]
    fn the_query_wins_then_the_cookie_then_the_header() {
        let req = TestRequest::with_uri("/registers?lang=en")
            .insert_header((header::ACCEPT_LANGUAGE, "id"))
            .to_http_request();
        assert_eq!(request_lang(&req), Lang::En);
        let req = TestRequest::with_uri("/")
            .cookie(Cookie::new(COOKIE, "en"))
            .insert_header((header::ACCEPT_LANGUAGE, "id"))
            .to_http_request();
        assert_eq!(request_lang(&req), Lang::En);
        let req = TestRequest::with_uri("/")
            .insert_header((header::ACCEPT_LANGUAGE, "en-GB"))
            .to_http_request();
        assert_eq!(request_lang(&req), Lang::En);
        let req = TestRequest::with_uri("/?lang=xx").to_http_request();
        assert_eq!(request_lang(&req), Lang::Id);
    }

    #[test]
    fn the_switch_keeps_the_page_and_its_filters() {
        let req =
            TestRequest::with_uri("/registers?status=decided&lang=id&q=kpu").to_http_request();
        assert_eq!(
            switch_url(&req, Lang::En),
            "/registers?status=decided&q=kpu&lang=en"
        );
    }
}
