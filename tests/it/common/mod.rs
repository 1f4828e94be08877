//! Starts the real application on a random port with a fresh database, on
//! SQLite always and on PostgreSQL when `TEST_DATABASE_URL` is set.

#![allow(dead_code)]

pub mod figures;
pub mod filing;
pub mod http;
pub mod process;
pub mod smtp;

use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;

use diesel::{Connection, PgConnection, RunQueryDsl};
use sengketa::config::Settings;
use sengketa::db::Pool;
use sengketa::Application;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The backends this run covers: those `TEST_BACKENDS` names (`sqlite`,
/// `postgres`, or both with a comma) when it is set; otherwise SQLite, and
/// PostgreSQL too when `TEST_DATABASE_URL` is set. In CI a missing
/// PostgreSQL is an error, never a silent skip.
pub fn backends() -> Vec<Backend> {
    let has_postgres = std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.trim().is_empty());
    let named = std::env::var("TEST_BACKENDS").unwrap_or_default();
    if !named.trim().is_empty() {
        let list: Vec<Backend> = named
            .split(',')
            .map(|b| match b.trim() {
                "sqlite" => Backend::Sqlite,
                "postgres" => Backend::Postgres,
                other => panic!("TEST_BACKENDS: unknown backend {other:?}"),
            })
            .collect();
        assert!(
            has_postgres || !list.contains(&Backend::Postgres),
            "TEST_BACKENDS names postgres but TEST_DATABASE_URL is not set"
        );
        return list;
    }
    if has_postgres {
        return vec![Backend::Sqlite, Backend::Postgres];
    }
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "CI=true but TEST_DATABASE_URL is not set: the PostgreSQL run cannot be skipped in CI"
    );
    vec![Backend::Sqlite]
}

/// Whether this run covers SQLite; a test about SQLite alone says so when
/// it does not (the run that covers SQLite runs it).
pub fn covers_sqlite(test: &str) -> bool {
    let covered = backends().contains(&Backend::Sqlite);
    if !covered {
        eprintln!("{test}: concerns SQLite, which this run does not cover");
    }
    covered
}

/// A fresh, empty database that is removed when dropped.
pub enum FreshDb {
    Sqlite(PathBuf),
    Postgres {
        admin_url: String,
        name: String,
        url: String,
    },
}

impl FreshDb {
    pub fn new(backend: Backend) -> FreshDb {
        let tag = uuid::Uuid::now_v7().simple().to_string();
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("sengketa-test-{tag}"));
                std::fs::create_dir_all(&dir).unwrap();
                FreshDb::Sqlite(dir)
            }
            Backend::Postgres => {
                let admin_url = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
                let name = format!("sengketa_test_{tag}");
                let mut admin = PgConnection::establish(&admin_url).unwrap_or_else(|e| {
                    panic!("cannot reach PostgreSQL at TEST_DATABASE_URL: {e}")
                });
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .unwrap();
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(b, _)| b)
                    .unwrap_or(&admin_url);
                let url = format!("{base}/{name}");
                FreshDb::Postgres {
                    admin_url,
                    name,
                    url,
                }
            }
        }
    }

    pub fn url(&self) -> String {
        match self {
            FreshDb::Sqlite(dir) => format!("sqlite://{}", dir.join("data/sengketa.db").display()),
            FreshDb::Postgres { url, .. } => url.clone(),
        }
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        match self {
            FreshDb::Sqlite(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            FreshDb::Postgres {
                admin_url, name, ..
            } => {
                if let Ok(mut admin) = PgConnection::establish(admin_url) {
                    let _ =
                        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&mut admin);
                }
            }
        }
    }
}

pub fn settings_for(db: &FreshDb, extra: &[(&str, &str)]) -> Settings {
    settings_with_url(&db.url(), extra)
}

/// Test settings for a database at `url` that the test manages itself.
pub fn settings_for_url(url: &str) -> Settings {
    settings_with_url(url, &[])
}

fn settings_with_url(url: &str, extra: &[(&str, &str)]) -> Settings {
    let mut map: HashMap<String, String> = HashMap::new();
    map.insert("DATABASE_URL".into(), url.to_string());
    map.insert("SENGKETA_BIND".into(), "127.0.0.1:0".into());
    map.insert("SENGKETA_POOL_SIZE".into(), "4".into());
    // Tests drive delivery themselves unless they start the worker.
    map.insert("SENGKETA_WORKER".into(), "false".into());
    let mail_dir =
        std::env::temp_dir().join(format!("sengketa-mail-{}", uuid::Uuid::now_v7().simple()));
    map.insert("SENGKETA_MAIL_DIR".into(), mail_dir.display().to_string());
    let files_dir =
        std::env::temp_dir().join(format!("sengketa-files-{}", uuid::Uuid::now_v7().simple()));
    map.insert("SENGKETA_FILES_DIR".into(), files_dir.display().to_string());
    for (k, v) in extra {
        map.insert(k.to_string(), v.to_string());
    }
    Settings::from_lookup(|k| map.get(k).cloned()).expect("test settings")
}

pub struct TestApp {
    pub backend: Backend,
    /// The fresh database's URL, for processes the test starts.
    pub db_url: String,
    /// Stops the delivery worker, if the test started one.
    pub worker_stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    pub base: String,
    pub pool: Pool,
    /// The app's view of database changes; `None` when it runs elsewhere.
    pub changes: Option<std::sync::Arc<sengketa::db::changes::Changes>>,
    pub settings: Settings,
    pub client: http::Client,
    _db: FreshDb,
}

pub struct Page {
    pub status: u16,
    pub body: String,
    pub headers: hyper::HeaderMap,
}

impl TestApp {
    /// A running app on a fresh database with the demo data loaded.
    pub async fn with_demo(backend: Backend) -> TestApp {
        TestApp::start(backend, &[("SENGKETA_SEED_DEMO", "true")]).await
    }

    /// A running app on a fresh, empty database.
    pub async fn empty(backend: Backend) -> TestApp {
        TestApp::start(backend, &[("SENGKETA_SEED_DEMO", "false")]).await
    }

    pub async fn start(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
        let db = FreshDb::new(backend);
        let settings = settings_for(&db, extra);
        let app = Application::build(settings.clone()).expect("application starts");
        let base = format!("http://{}", app.addr);
        let pool = app.pool.clone();
        let changes = Some(app.changes.clone());
        let worker_stop = app.worker_stop.clone();
        actix_web::rt::spawn(app.server());
        TestApp {
            backend,
            db_url: db.url(),
            worker_stop,
            base,
            pool,
            changes,
            settings,
            client: http::Client::new(std::time::Duration::from_secs(30)),
            _db: db,
        }
    }

    /// An app whose server runs elsewhere (another process) at `base`.
    pub fn attach(
        backend: Backend,
        db: FreshDb,
        settings: Settings,
        base: String,
        pool: Pool,
    ) -> TestApp {
        TestApp {
            backend,
            db_url: db.url(),
            worker_stop: None,
            base,
            pool,
            changes: None,
            settings,
            client: http::Client::new(std::time::Duration::from_secs(30)),
            _db: db,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        self.try_get_with(path, headers)
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// A GET whose failure to connect or to finish is an `Err`.
    pub async fn try_get_with(&self, path: &str, headers: &[(&str, &str)]) -> Result<Page, String> {
        self.get_through(&self.client, path, headers).await
    }

    /// A GET through `client`.
    pub async fn get_through(
        &self,
        client: &http::Client,
        path: &str,
        headers: &[(&str, &str)],
    ) -> Result<Page, String> {
        let mut req = client.get(format!("{}{}", self.base, path));
        for (k, v) in headers {
            req = req.insert_header((*k, *v));
        }
        let res = req.send().await?;
        let body = res.body();
        // Pages must be UTF-8; downloads are whatever they are.
        let text = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_none_or(|c| c.starts_with("text/"));
        Ok(Page {
            status: res.status().as_u16(),
            body: if text {
                String::from_utf8(body.to_vec()).expect("utf-8 body")
            } else {
                String::from_utf8_lossy(body).into_owned()
            },
            headers: res.headers().clone(),
        })
    }

    /// Tells followers of the notices waiting, as the worker's next round
    /// would; returns how many notices were expanded.
    pub fn fan_out(&self) -> usize {
        sengketa::mail::followers::fan_out_waiting(&mut self.conn(), &self.settings, 100).unwrap()
    }

    /// A pool of its own on the app's database, as another process (a
    /// second server, an administrator) would have: its writes are not the
    /// app's, and it goes round the app's pool and anything in front of it.
    pub fn outside_pool(&self) -> Pool {
        let url = sengketa::db::DatabaseUrl::parse(&self.db_url).expect("a database URL");
        sengketa::db::connect(&url, 1).expect("a pool on the app's database")
    }

    /// A connection of the app's pool, for a test to read or write as the
    /// app would: like a write the app answers, it moves the generation of
    /// kept pages, so that the next page is read afresh.
    pub fn conn(&self) -> sengketa::db::PooledConnection {
        sengketa::db::changes::note_local_write();
        self.pool.get().expect("connection")
    }
}

/// Runs `test` once per backend, each time against a fresh app.
pub async fn on_each_backend<F, Fut>(test: F)
where
    F: Fn(Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    for backend in backends() {
        eprintln!("backend: {backend:?}");
        test(backend).await;
    }
}

/// The href of every link to a register on a page.
pub fn register_links(html: &str) -> Vec<String> {
    let mut out: Vec<String> = html
        .match_indices("href=\"/registers/")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        // A register's own page, not its feed or calendar.
        .filter(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(|id| format!("/registers/{id}"))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Pulls out the value of an attribute-like `name="value"` following `after`.
pub fn find_after<'a>(html: &'a str, after: &str, attr: &str) -> Option<&'a str> {
    let start = html.find(after)? + after.len();
    let rest = &html[start..];
    let key = format!("{attr}=\"");
    let i = rest.find(&key)? + key.len();
    let tail = &rest[i..];
    Some(&tail[..tail.find('"')?])
}

/// The visible text of a page: tags dropped, entities decoded, blanks folded.
pub fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = decode_entities(&out);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl TestApp {
    /// The id of a register by its number, straight from the database.
    pub fn register_id(&self, number: &str) -> String {
        sengketa::models::registers::find_by_number(&mut self.conn(), number)
            .expect("query")
            .unwrap_or_else(|| panic!("no register {number}"))
            .id
    }
}

/// Decodes the character references askama writes.
pub fn decode_entities(s: &str) -> String {
    s.replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&#60;", "<")
        .replace("&gt;", ">")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The address of the list's next page, if it has one.
pub fn next_page(html: &str) -> Option<String> {
    find_after(html, "rel=\"next\"", "href").map(decode_entities)
}

/// A browser of sorts: keeps its cookies and posts forms.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    cookies: std::cell::RefCell<Vec<(String, String)>>,
    /// Its own connections, from another address; else the app's client.
    own_client: Option<http::Client>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            cookies: std::cell::RefCell::new(Vec::new()),
            own_client: None,
        }
    }

    /// A browser on another machine, as the server sees it: its
    /// connections come from `address` (a loopback address such as
    /// 127.0.0.2).
    pub fn from_address(app: &'a TestApp, address: &str) -> Browser<'a> {
        Browser {
            app,
            cookies: std::cell::RefCell::new(Vec::new()),
            own_client: Some(http::Client::from_address(
                std::time::Duration::from_secs(30),
                address.parse().expect("an IP address"),
            )),
        }
    }

    pub fn client(&self) -> &http::Client {
        self.own_client.as_ref().unwrap_or(&self.app.client)
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .borrow()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&self, headers: &hyper::HeaderMap) {
        for value in headers
            .get_all("set-cookie")
            .into_iter()
            .filter_map(|v| v.to_str().ok())
        {
            let pair = value.split(';').next().unwrap_or("");
            if let Some((name, val)) = pair.split_once('=') {
                let mut jar = self.cookies.borrow_mut();
                jar.retain(|(k, _)| k != name);
                let expired = value.to_ascii_lowercase().contains("max-age=0");
                if !val.is_empty() && !expired {
                    jar.push((name.to_string(), val.to_string()));
                }
            }
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        let cookie = self.cookie_header();
        let page = self
            .app
            .get_through(self.client(), path, &[("cookie", &cookie)])
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        self.keep_cookies(&page.headers);
        page
    }

    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.try_post(path, fields)
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// Posts a form; a connection that fails or ends early is an `Err`.
    pub async fn try_post(&self, path: &str, fields: &[(&str, &str)]) -> Result<Page, String> {
        let mut req = self.client().post(format!("{}{}", self.app.base, path));
        let cookie = self.cookie_header();
        if !cookie.is_empty() {
            req = req.insert_header(("cookie", cookie));
        }
        let res = req.send_form(fields).await?;
        let body = res.body();
        let page = Page {
            status: res.status().as_u16(),
            body: String::from_utf8(body.to_vec()).expect("utf-8 body"),
            headers: res.headers().clone(),
        };
        self.keep_cookies(&page.headers);
        Ok(page)
    }

    /// Posts a multipart form with text fields and one file.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
    ) -> Page {
        self.post_files(path, fields, &[file]).await
    }

    /// Posts a multipart form with text fields and any number of files
    /// (field, file name, bytes).
    pub async fn post_files(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Page {
        let boundary = "sengketa-test-boundary-7d1f";
        let mut body: Vec<u8> = Vec::new();
        for (name, value) in fields {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes());
        }
        for (name, filename, data) in files {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .bytes(),
            );
            body.extend_from_slice(data);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").bytes());
        let mut req = self
            .client()
            .post(format!("{}{}", self.app.base, path))
            .insert_header((
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            ));
        let cookie = self.cookie_header();
        if !cookie.is_empty() {
            req = req.insert_header(("cookie", cookie));
        }
        let res = req
            .send_body(body)
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let bytes = res.body();
        let page = Page {
            status: res.status().as_u16(),
            body: String::from_utf8_lossy(bytes).into_owned(),
            headers: res.headers().clone(),
        };
        self.keep_cookies(&page.headers);
        page
    }

    /// Posts a form found on `page_path`, with its CSRF token.
    pub async fn submit(&self, page_path: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let page = self.get(page_path).await;
        let token = csrf_of(&page.body);
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }

    /// Posts the status form of a register with its version and token.
    pub async fn change_status(&self, id: &str, fields: &[(&str, &str)]) -> Page {
        let path = format!("/staff/registers/{id}");
        let page = self.get(&path).await;
        let version = find_after(&page.body, "name=\"version\"", "value")
            .expect("a version")
            .to_string();
        let token = csrf_of(&page.body);
        let mut all = vec![("csrf", token.as_str()), ("version", version.as_str())];
        all.extend_from_slice(fields);
        self.post(&format!("{path}/status"), &all).await
    }

    /// As staff: registers the application `id` today under the number
    /// the form proposes, with `public_text` on its timeline.
    pub async fn register(&self, id: &str, public_text: &str) -> Page {
        let path = format!("/staff/registers/{id}");
        let page = self.get(&path).await;
        let number = decode_entities(
            find_after(&page.body, "name=\"register_number\"", "value").expect("a proposed number"),
        );
        let today = local_today().format("%Y-%m-%d").to_string();
        self.change_status(
            id,
            &[
                ("to_status", "registered"),
                ("on", &today),
                ("register_number", &number),
                ("public_text", public_text),
            ],
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Page {
        let page = self
            .submit(
                "/login",
                "/login",
                &[("email", email), ("password", password)],
            )
            .await;
        assert_eq!(
            page.status,
            303,
            "login of {email} failed: {}",
            text(&page.body)
        );
        page
    }
}

/// Every answer carries these: a policy that allows no inline script and
/// no framing, no type sniffing, no referrer to other sites.
pub fn assert_security_headers(what: &str, page: &Page) {
    let h = |name: &str| {
        page.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let csp = h("content-security-policy");
    assert!(
        csp.contains("default-src")
            && csp.contains("frame-ancestors 'none'")
            && csp.contains("script-src 'self'")
            && !csp.contains("unsafe-inline"),
        "{what}: {csp:?}"
    );
    assert_eq!(h("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(h("referrer-policy"), "same-origin", "{what}");
    assert!(!h("x-frame-options").is_empty(), "{what}: x-frame-options");
}

/// The CSRF token in a page's first form.
pub fn csrf_of(html: &str) -> String {
    find_after(html, "name=\"csrf\"", "value")
        .expect("a form with a CSRF token")
        .to_string()
}

pub fn location(page: &Page) -> String {
    page.headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

impl TestApp {
    /// The id of the first public register listed with `status`.
    pub async fn register_in(&self, status: &str) -> String {
        let list = self.get(&format!("/registers?status={status}")).await;
        register_links(&list.body)
            .first()
            .unwrap_or_else(|| panic!("no register in {status}"))
            .trim_start_matches("/registers/")
            .to_string()
    }

    /// A new account with a known password.
    pub fn account(&self, role: &str) -> (String, String) {
        let email = format!("{role}-{}@contoh.invalid", uuid::Uuid::now_v7().simple());
        let password = "kata-sandi-uji-123".to_string();
        let role = sengketa::domain::access::Role::from_code(role).expect("role");
        sengketa::models::users::create(
            &mut self.conn(),
            &email,
            &format!("Uji {}", role.code()),
            role,
            &password,
        )
        .expect("account");
        (email, password)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = &self.worker_stop {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let _ = std::fs::remove_dir_all(&self.settings.mail_dir);
        let _ = std::fs::remove_dir_all(&self.settings.files_dir);
    }
}

/// Queues messages `{tag}{i}@contoh.invalid` for each `i` of `numbers`,
/// as a change would, for tests of delivery.
pub fn queue_mail(app: &TestApp, tag: &str, numbers: std::ops::Range<usize>) {
    let batch: Vec<sengketa::models::outbox::NewMessage> = numbers
        .map(|i| sengketa::models::outbox::NewMessage {
            register_id: None,
            recipient: format!("{tag}{i}@contoh.invalid"),
            lang: "id".into(),
            subject: format!("Pesan {tag} {i}"),
            body_text: format!("Isi pesan {i}"),
            body_html: format!("<p>Isi pesan {i}</p>"),
            unsubscribe_url: None,
        })
        .collect();
    sengketa::models::outbox::enqueue(
        &mut app.conn(),
        &batch,
        "contoh.invalid",
        sengketa::models::now(),
    )
    .unwrap();
}

/// Today in the commission's time zone (the tests run with the default,
/// Asia/Jakarta), which is what the app's "today" is.
pub fn local_today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Jakarta)
        .date_naive()
}

/// Delivers what is queued to a local SMTP server and returns the path of
/// the first `prefix` link in what arrived for `to`.
pub fn delivered_link(app: &TestApp, to: &str, prefix: &str) -> String {
    let server = smtp::SmtpServer::start();
    let smtp = lettre::transport::smtp::SmtpTransport::builder_dangerous("127.0.0.1")
        .port(server.port)
        .build();
    let worker = sengketa::mail::worker::Worker::new(
        app.pool.clone(),
        sengketa::mail::Transport::Smtp(smtp),
        "Sengketa <noreply@contoh.invalid>".into(),
    );
    while worker.run_once().unwrap() > 0 {}
    let got = server.received();
    let mail = got
        .iter()
        .rev()
        .find(|m| m.to.iter().any(|t| t == to))
        .unwrap_or_else(|| panic!("nothing delivered to {to}"));
    // Undo quoted-printable line breaks and escapes.
    let flat = mail.data.replace("=\r\n", "").replace("=3D", "=");
    let full = format!("{}{prefix}", app.settings.base_url);
    let start = flat
        .find(&full)
        .unwrap_or_else(|| panic!("no {prefix} in {flat}"));
    flat[start..]
        .split(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>'))
        .next()
        .unwrap()
        .trim_start_matches(&app.settings.base_url)
        .to_string()
}

/// Gives a register a new subject and version by SQL, as a write the app
/// did not make.
pub fn rename_register(pool: &Pool, id: &str, subject: &str) {
    use diesel::{ExpressionMethods, QueryDsl};
    use sengketa::db::schema::registers;
    let written = diesel::update(registers::table.find(id))
        .set((
            registers::subject.eq(subject),
            registers::version.eq(registers::version + 1),
        ))
        .execute(&mut *pool.get().expect("a connection"))
        .expect("the register renamed");
    assert_eq!(written, 1, "register {id}");
}
