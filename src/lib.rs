//! Sengketa: a public case tracker for information disputes at an
//! Information Commission.

pub mod app;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod files;
pub mod i18n;
pub mod mail;
pub mod models;
pub mod seed;
pub mod web;

use std::net::SocketAddr;
use std::sync::Arc;

use config::Settings;
use db::{DbError, Pool};
pub use error::{Error, Result};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("loading the demo data failed: {0}")]
    Demo(#[from] seed::demo::SeedError),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
    #[error(transparent)]
    Mail(crate::Error),
}

/// Opens the database, applies pending migrations and loads the reference
/// data (holiday calendar, deadline rules) on first use.
pub fn open_database(settings: &Settings) -> Result<Pool, StartError> {
    let pool = db::connect(&settings.database_url, settings.pool_size)?;
    let mut conn = pool.get().map_err(DbError::from)?;
    let applied = db::run_migrations(&mut conn)?;
    if applied > 0 {
        tracing::info!(applied, "migrations applied");
    }
    models::calendar::ensure_reference_data(&mut conn, settings.appeal_window_unit)
        .map_err(DbError::from)?;
    Ok(pool)
}

/// Loads the demo case; does nothing when it is already there.
pub fn seed_demo(settings: &Settings, pool: &Pool) -> Result<bool, StartError> {
    let mut conn = pool.get().map_err(DbError::from)?;
    let calendar =
        models::calendar::working_calendar(&mut conn, settings.collective_leave_is_day_off)
            .map_err(DbError::from)?;
    Ok(seed::demo::seed(
        &mut conn,
        settings.time_zone,
        &settings.register_format,
        &calendar,
        settings.today(),
    )?)
}

/// A running application: its address and its database.
pub struct Application {
    pub addr: SocketAddr,
    pub pool: Pool,
    /// Whether the database may have changed since a kept page was checked.
    pub changes: Arc<db::changes::Changes>,
    server: actix_web::dev::Server,
    /// Set to stop the delivery worker running beside the server.
    pub worker_stop: Option<Arc<std::sync::atomic::AtomicBool>>,
    worker: Option<std::thread::JoinHandle<()>>,
}

/// A delivery worker for these settings.
pub fn mail_worker(settings: &Settings, pool: &Pool) -> Result<mail::worker::Worker, StartError> {
    let transport = mail::Transport::from_settings(settings).map_err(StartError::Mail)?;
    let mut worker = mail::worker::Worker::new(pool.clone(), transport, settings.mail_from.clone());
    worker.retry_base_secs = f64::from(settings.mail_retry_seconds);
    worker.settings = Some(std::sync::Arc::new(settings.clone()));
    Ok(worker)
}

impl Application {
    /// Prepares the database and binds the listener (port 0 picks a free one).
    pub fn build(settings: Settings) -> Result<Application, StartError> {
        let pool = open_database(&settings)?;
        if settings.seed_demo_when_empty {
            let mut conn = pool.get().map_err(DbError::from)?;
            if !models::registers::any(&mut conn).map_err(DbError::from)? {
                drop(conn);
                seed_demo(&settings, &pool)?;
                tracing::info!("demo data loaded into the empty database");
            }
        }
        let (listener, addr) =
            web::bind(settings.bind).map_err(|e| StartError::Bind(settings.bind, e))?;
        let cookie_key = match &settings.session_key {
            Some(key) => key.clone(),
            None => {
                let mut conn = pool.get().map_err(DbError::from)?;
                models::users::session_key(&mut conn).map_err(DbError::from)?
            }
        };
        let (worker_stop, worker) = if settings.run_worker {
            let worker = mail_worker(&settings, &pool)?;
            tracing::info!(transport = %worker.transport.describe(), "delivery worker started");
            let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let flag = stop.clone();
            let handle =
                std::thread::spawn(move || worker.run(flag, std::time::Duration::from_secs(1)));
            (Some(stop), Some(handle))
        } else {
            (None, None)
        };
        let settings_page_cache = settings.page_cache_bytes;
        let changes = Arc::new(db::changes::Changes::watch(&settings.database_url));
        let state = web::AppState {
            pool: pool.clone(),
            settings: Arc::new(settings),
            cookie_key: Arc::new(cookie_key),
            limits: Arc::new(web::auth::LoginLimits::default()),
            pages: Arc::new(web::cache::PageCache::new(settings_page_cache)),
            clocks: Arc::new(web::clocks::ClockCache::default()),
            changes: changes.clone(),
        };
        let server = web::start(state, listener).map_err(|e| StartError::Bind(addr, e))?;
        Ok(Application {
            addr,
            pool,
            changes,
            server,
            worker_stop,
            worker,
        })
    }

    /// The server alone; the worker, if any, runs until `worker_stop` is set.
    pub fn server(self) -> actix_web::dev::Server {
        self.server
    }

    /// Serves until SIGTERM or SIGINT: the listener closes, requests in
    /// flight finish, then the worker finishes the message it is sending
    /// and gives back the rest of its batch.
    pub async fn run(self) -> Result<(), StartError> {
        let served = self.server.await;
        tracing::info!("the server stopped; stopping the delivery worker");
        if let (Some(stop), Some(worker)) = (self.worker_stop, self.worker) {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            let joined = actix_web::rt::task::spawn_blocking(move || worker.join()).await;
            if !matches!(joined, Ok(Ok(()))) {
                tracing::error!("the delivery worker did not stop cleanly");
            }
        }
        served.map_err(StartError::Serve)
    }
}
