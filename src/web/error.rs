//! The one error type of the web layer and the page that shows it.

use actix_web::dev::ServiceResponse;
use actix_web::http::{header, StatusCode};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::lang::request_lang;
use super::views::PageCtx;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Bad input; the key names the message in the catalogue.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// A query string that could not be read at all.
    #[error("bad query string: {0}")]
    BadQuery(String),
    #[error("internal error: {0}")]
    Internal(String),
    /// Signing in is needed; the value is where to return afterwards.
    #[error("sign-in required")]
    LoginRequired(String),
    #[error("forbidden")]
    Forbidden,
    /// A page already rendered for this outcome (a refused form, a conflict).
    #[error("page with status {0}")]
    Page(StatusCode, String),
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::Internal(format!("database: {e}"))
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) | AppError::BadQuery(_) => StatusCode::BAD_REQUEST,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::LoginRequired(_) => StatusCode::SEE_OTHER,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Page(status, _) => *status,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(cause) => tracing::error!(%cause, "request failed"),
            AppError::LoginRequired(next) => {
                let target = format!("/login?next={}", super::public::percent_encode(next));
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, target))
                    .finish();
            }
            AppError::Page(status, body) => {
                return HttpResponse::build(*status)
                    .content_type("text/html; charset=utf-8")
                    .body(body.clone());
            }
            _ => {}
        }
        HttpResponse::build(self.status_code())
            .content_type("text/plain; charset=utf-8")
            .body(self.status_code().canonical_reason().unwrap_or("error"))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: PageCtx,
    heading: &'static str,
    message: &'static str,
}

/// Replaces the plain body of every error response with a page in the
/// visitor's language. Pages a handler already rendered are left alone.
pub fn render_error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let already_html = res
        .response()
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if already_html {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let lang = request_lang(res.request());
    let app_error = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>());
    let (heading, message) = match (status, app_error) {
        (StatusCode::NOT_FOUND, _) => ("error.not_found", "error.not_found_text"),
        (StatusCode::FORBIDDEN, _) => ("error.forbidden", "error.forbidden_text"),
        (_, Some(AppError::BadRequest(key))) => ("error.bad_request", *key),
        (s, _) if s.is_client_error() => ("error.bad_request", "error.bad_request_text"),
        _ => ("error.server", "error.server_text"),
    };
    let page = ErrorPage {
        page: PageCtx::new(lang, res.request(), lang.t(heading)),
        heading: lang.t(heading),
        message: lang.t(message),
    };
    let body = page
        .render()
        .unwrap_or_else(|_| lang.t(heading).to_string());
    let (req, _) = res.into_parts();
    let response = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body);
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_into_right_body(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::middleware::ErrorHandlers;
    use actix_web::{test, web, App};

    async fn page(path: &str, lang_header: &str) -> (StatusCode, String) {
        let app = test::init_service(
            App::new()
                .wrap(ErrorHandlers::new().default_handler(render_error_page))
                .route(
                    "/fail",
                    web::get().to(|| async {
                        Err::<HttpResponse, _>(AppError::Internal(
                            "SELECT secret FROM petitioners".into(),
                        ))
                    }),
                )
                .route(
                    "/bad",
                    web::get()
                        .to(|| async { Err::<HttpResponse, _>(AppError::BadQuery("x".into())) }),
                ),
        )
        .await;
        let req = test::TestRequest::get()
            .uri(path)
            .insert_header(("accept-language", lang_header))
            .to_request();
        let res = test::call_service(&app, req).await;
        let status = res.status();
        let body = test::read_body(res).await;
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[actix_web::test]
    async fn server_errors_show_a_page_without_the_cause() {
        let (status, body) = page("/fail", "id").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body.contains("Terjadi kesalahan"), "{body}");
        assert!(!body.contains("secret") && !body.contains("SELECT"));
        let (_, body) = page("/fail", "en").await;
        assert!(body.contains("Something went wrong"), "{body}");
    }

    #[actix_web::test]
    async fn unreadable_queries_get_the_general_message() {
        let (status, body) = page("/bad", "en").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Check the address"), "{body}");
    }
}
