//! The web layer's error: the crate's error with what HTTP adds (bad
//! input, sign-in, a rendered refusal), its status codes and its page.

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
    /// The database could not be reached in time: busy or restarting.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A body larger than the form it was sent to takes.
    #[error("request body too large")]
    TooLarge,
    /// A body that did not arrive in time.
    #[error("request body too slow")]
    TimedOut,
    /// The database refused to write: its disk is full or it is read-only.
    /// Nothing of the request was kept; what was saved before is intact.
    #[error("storage cannot be written: {0}")]
    Unwritable(String),
    /// Signing in is needed; the value is where to return afterwards.
    #[error("sign-in required")]
    LoginRequired(String),
    #[error("forbidden")]
    Forbidden,
    /// A page already rendered for this outcome (a refused form, a conflict).
    #[error("page with status {0}")]
    Page(StatusCode, String),
}

impl From<crate::Error> for AppError {
    fn from(e: crate::Error) -> Self {
        match e {
            crate::Error::NotFound => AppError::NotFound,
            crate::Error::Unavailable(cause) => AppError::Unavailable(cause),
            crate::Error::Unwritable(cause) => AppError::Unwritable(cause),
            crate::Error::Mail(cause) => AppError::Internal(format!("email: {cause}")),
            crate::Error::Internal(cause) => AppError::Internal(cause),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        crate::Error::from(e).into()
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        crate::Error::from(e).into()
    }
}

/// What a 503 asks the client to wait before trying again.
const RETRY_AFTER_SECONDS: &str = "5";

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) | AppError::BadQuery(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TimedOut => StatusCode::REQUEST_TIMEOUT,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Unwritable(_) => StatusCode::INSUFFICIENT_STORAGE,
            AppError::LoginRequired(_) => StatusCode::SEE_OTHER,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Page(status, _) => *status,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(cause) => tracing::error!(%cause, "request failed"),
            AppError::Unavailable(cause) => {
                tracing::warn!(%cause, "no database connection in time");
                return HttpResponse::ServiceUnavailable()
                    .insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS))
                    .content_type("text/plain; charset=utf-8")
                    .body("Service Unavailable");
            }
            AppError::Unwritable(cause) => {
                tracing::error!(%cause, "the database refused a write")
            }
            AppError::LoginRequired(next) => {
                let target = format!("/login?next={}", super::listing::percent_encode(next));
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

/// Whether `path` is one of the addresses programs read: the JSON API and
/// the exports.
pub fn is_open_data(path: &str) -> bool {
    path == "/api/v1" || path.starts_with("/api/v1/") || path.starts_with("/exports/")
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
    let for_machines = is_open_data(res.request().path());
    if already_html && !for_machines {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let lang = request_lang(res.request());
    let already_json = res
        .response()
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if for_machines && already_json {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let app_error = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>());
    let (heading, message) = match (status, app_error) {
        (StatusCode::NOT_FOUND, _) => ("error.not_found", "error.not_found_text"),
        (StatusCode::FORBIDDEN, _) => ("error.forbidden", "error.forbidden_text"),
        (StatusCode::SERVICE_UNAVAILABLE, _) => ("error.unavailable", "error.unavailable_text"),
        (StatusCode::INSUFFICIENT_STORAGE, _) => ("error.unwritable", "error.unwritable_text"),
        (StatusCode::PAYLOAD_TOO_LARGE, _) => ("error.too_large", "error.too_large_text"),
        (StatusCode::METHOD_NOT_ALLOWED, _) if for_machines => {
            ("error.bad_request", "error.read_only_text")
        }
        (StatusCode::REQUEST_TIMEOUT, _) => ("error.timed_out", "error.timed_out_text"),
        (_, Some(AppError::BadRequest(key))) => ("error.bad_request", *key),
        (s, _) if s.is_client_error() => ("error.bad_request", "error.bad_request_text"),
        _ => ("error.server", "error.server_text"),
    };
    let retry_after = res.response().headers().get(header::RETRY_AFTER).cloned();
    if for_machines {
        // The API and the exports answer errors as they answer everything:
        // JSON that any site may read.
        let body = serde_json::json!({
            "error": lang.t(message),
            "status": status.as_u16(),
        });
        let (req, _) = res.into_parts();
        let mut response = HttpResponse::build(status);
        if let Some(value) = retry_after {
            response.insert_header((header::RETRY_AFTER, value));
        }
        if status == StatusCode::METHOD_NOT_ALLOWED {
            // Every address for programs only reads.
            response.insert_header((header::ALLOW, "GET, HEAD, OPTIONS"));
        }
        let response = response
            .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
            .content_type("application/json")
            .body(body.to_string());
        return Ok(ErrorHandlerResponse::Response(
            ServiceResponse::new(req, response).map_into_right_body(),
        ));
    }
    let page = ErrorPage {
        page: PageCtx::new(lang, res.request(), lang.t(heading)),
        heading: lang.t(heading),
        message: lang.t(message),
    };
    let body = page
        .render()
        .unwrap_or_else(|_| lang.t(heading).to_string());
    let (req, _) = res.into_parts();
    let mut response = HttpResponse::build(status);
    if let Some(value) = retry_after {
        response.insert_header((header::RETRY_AFTER, value));
    }
    let response = response.content_type("text/html; charset=utf-8").body(body);
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
        let (status, _, body) = page_with_headers(path, lang_header).await;
        (status, body)
    }

    async fn page_with_headers(
        path: &str,
        lang_header: &str,
    ) -> (StatusCode, actix_web::http::header::HeaderMap, String) {
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
                    "/busy",
                    web::get().to(|| async {
                        Err::<HttpResponse, _>(AppError::Unavailable("timed out".into()))
                    }),
                )
                .route(
                    "/full",
                    web::get().to(|| async {
                        let info: Box<dyn diesel::result::DatabaseErrorInformation + Send + Sync> =
                            Box::new("database or disk is full".to_string());
                        Err::<HttpResponse, _>(AppError::from(
                            diesel::result::Error::DatabaseError(
                                diesel::result::DatabaseErrorKind::Unknown,
                                info,
                            ),
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
        let headers = res.headers().clone();
        let body = test::read_body(res).await;
        (status, headers, String::from_utf8(body.to_vec()).unwrap())
    }

    #[actix_web::test]
    async fn a_full_disk_answers_507_saying_nothing_was_saved() {
        let (status, body) = page("/full", "id").await;
        assert_eq!(status, StatusCode::INSUFFICIENT_STORAGE);
        assert!(body.contains("Penyimpanan penuh"), "{body}");
        assert!(body.contains("tidak tersimpan"), "{body}");
        let (_, body) = page("/full", "en").await;
        assert!(body.contains("This change was not saved"), "{body}");
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
    async fn a_busy_database_answers_503_with_a_page_and_a_time_to_retry() {
        let (status, headers, body) = page_with_headers("/busy", "id").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            headers.get(header::RETRY_AFTER).unwrap(),
            RETRY_AFTER_SECONDS
        );
        assert!(body.contains("Layanan sedang sibuk"), "{body}");
        assert!(!body.contains("timed out"), "{body}");
    }

    #[actix_web::test]
    async fn unreadable_queries_get_the_general_message() {
        let (status, body) = page("/bad", "en").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Check the address"), "{body}");
    }
}
