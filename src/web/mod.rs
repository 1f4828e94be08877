//! The HTTP layer: routes, shared state, language, errors and pages.
//! Handlers sit by audience: `public/` (the record anyone reads and
//! follows), `petitioner/` (accounts, drafts, filings), `staff/` (the
//! registry's workspace), `open_data/` (the API, exports, feeds and
//! calendars); what they share sits here.

pub mod auth;
pub mod cache;
pub mod charts;
pub mod client;
pub mod clocks;
pub mod error;
pub mod fields;
pub mod lang;
pub mod listing;
pub mod open_data;
pub mod petitioner;
pub mod public;
pub mod refusal;
pub mod staff;
pub mod upload;
pub mod views;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use actix_session::storage::CookieSessionStore;
use actix_session::SessionMiddleware;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Server;
use actix_web::middleware::{Compress, DefaultHeaders, ErrorHandlers};
use actix_web::ResponseError;
use actix_web::{web, App, HttpResponse, HttpServer};

use crate::config::Settings;
use crate::db::Pool;

pub use error::AppError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub settings: Arc<Settings>,
    /// Seals the session cookie (at least 64 bytes).
    pub cookie_key: Arc<Vec<u8>>,
    pub limits: Arc<auth::LoginLimits>,
    /// Kept copies of public pages.
    pub pages: Arc<cache::PageCache>,
    /// The calendar and deadline rules last read.
    pub clocks: Arc<clocks::ClockCache>,
    /// Whether the database may have changed since a kept page was checked.
    pub changes: Arc<crate::db::changes::Changes>,
}

/// Redirect after a POST: the browser fetches `location` with GET.
pub(crate) fn see_other(location: impl Into<String>) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location.into()))
        .finish()
}

pub(crate) fn html(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// No inline script or style anywhere; nothing may frame the pages.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "same-origin"))
        .add(("X-Frame-Options", "DENY"))
}

impl AppState {
    /// Runs blocking database work off the async executor.
    pub async fn db<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut crate::db::DbConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let queued = std::time::Instant::now();
        web::block(move || {
            // Work that waited its turn for as long as a connection may be
            // waited for is answered at once: the database is not keeping up
            // (or is away), and the visitor is better told so than kept.
            if queued.elapsed() >= crate::db::POOL_WAIT {
                return Err(AppError::Unavailable("waited too long for a thread".into()));
            }
            let mut conn = pool
                .get()
                .map_err(|e| AppError::Unavailable(format!("pool: {e}")))?;
            f(&mut conn)
        })
        .await
        .map_err(|e| AppError::Internal(format!("blocking task: {e}")))?
    }
}

const STYLESHEET: &str = include_str!("../../templates/style.css");

async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(STYLESHEET)
}

/// Registers every route of the application.
pub fn routes(cfg: &mut web::ServiceConfig) {
    // Before `/registers/{id}`, which would take `/registers/feed.atom`.
    cfg.configure(open_data::feeds::routes);
    cfg.route("/", web::get().to(public::home::home))
        .route("/registers", web::get().to(public::list::registers))
        .route("/registers/{id}", web::get().to(public::register::register))
        .route("/hearings", web::get().to(public::schedule::hearings))
        .route("/bodies/{id}", web::get().to(public::body::body))
        .route("/static/style.css", web::get().to(stylesheet))
        .route("/login", web::get().to(auth::login_form))
        .route("/login", web::post().to(auth::login))
        .route("/logout", web::post().to(auth::logout))
        .route("/account", web::get().to(auth::account))
        .route("/account/password", web::post().to(auth::change_password))
        .configure(open_data::api::routes)
        .configure(public::stats::routes)
        .configure(public::follow::routes)
        .configure(petitioner::signup::routes)
        .configure(petitioner::filing::routes)
        .configure(staff::routes)
        .configure(staff::hearings::routes)
        .configure(staff::applications::routes)
        .configure(staff::items::routes)
        .configure(staff::consequence::routes)
        .configure(staff::calendar::routes)
        .configure(staff::bodies::routes)
        .configure(staff::mail::routes);
}

/// Binds the listener and builds the server; the caller awaits it.
pub fn start(state: AppState, listener: TcpListener) -> std::io::Result<Server> {
    let key = Key::from(&state.cookie_key);
    let secure = state.settings.secure_cookies;
    let blocking_threads = (state.pool.max_size() as usize).max(2);
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        let sessions = SessionMiddleware::builder(CookieSessionStore::default(), key.clone())
            .cookie_name("sengketa_session".to_string())
            .cookie_secure(secure)
            .cookie_http_only(true)
            .cookie_same_site(SameSite::Lax)
            .build();
        App::new()
            .app_data(data.clone())
            .app_data(
                web::QueryConfig::default()
                    .error_handler(|err, _req| AppError::BadQuery(err.to_string()).into()),
            )
            .app_data(
                web::PathConfig::default().error_handler(|_err, _req| AppError::NotFound.into()),
            )
            // Long texts (a paper application's items) fit; more is refused.
            .app_data(
                web::FormConfig::default()
                    .limit(FORM_LIMIT)
                    .error_handler(|err, _req| {
                        match err {
                            actix_web::error::UrlencodedError::Overflow { .. } => {
                                AppError::TooLarge
                            }
                            other => AppError::BadQuery(other.to_string()),
                        }
                        .into()
                    }),
            )
            .wrap(actix_web::middleware::from_fn(refuse_large_bodies))
            .wrap(ErrorHandlers::new().default_handler(error::render_error_page))
            .wrap(sessions)
            .wrap(security_headers())
            .wrap(actix_web::middleware::from_fn(lang::remember_language))
            .wrap(Compress::default())
            .wrap(actix_web::middleware::from_fn(writes_move_the_generation))
            .configure(routes)
            .default_service(web::to(|| async {
                Err::<HttpResponse, _>(AppError::NotFound)
            }))
    })
    // Blocking work is database work: more threads than connections would
    // only wait for one, each with its own share of memory.
    .worker_max_blocking_threads(blocking_threads)
    // On SIGTERM or SIGINT the listener closes and requests in flight get
    // this long to finish.
    .shutdown_timeout(SHUTDOWN_GRACE_SECONDS)
    .listen(listener)?
    .run();
    Ok(server)
}

/// A request that may write moves the generation of kept pages once it is
/// answered, so that the page a visitor is sent to next is read afresh;
/// writes of other processes reach the generation through the database.
async fn writes_move_the_generation(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let reads_only = matches!(
        *req.method(),
        actix_web::http::Method::GET | actix_web::http::Method::HEAD
    );
    let res = next.call(req).await;
    if !reads_only {
        crate::db::changes::note_local_write();
    }
    res
}

/// A body that says it is larger than any form takes is refused before a
/// byte of it is read (a body without a length is counted as it is read,
/// by the form and upload readers).
async fn refuse_large_bodies(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > upload::REQUEST_LIMIT as u64) {
        let (req, _) = req.into_parts();
        let res = AppError::TooLarge.error_response();
        return Ok(actix_web::dev::ServiceResponse::new(req, res).map_into_right_body());
    }
    next.call(req).await.map(|r| r.map_into_left_body())
}

/// The most a plain form may carry, in bytes.
pub const FORM_LIMIT: usize = 256 * 1024;

/// How long requests in flight may take to finish once a stop is asked for.
pub const SHUTDOWN_GRACE_SECONDS: u64 = 20;

/// Binds `addr` (port 0 picks a free one) and returns the real address.
pub fn bind(addr: SocketAddr) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    Ok((listener, local))
}
