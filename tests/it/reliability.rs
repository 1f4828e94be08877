//! Faults: the server killed mid-write, a full disk, a database that goes
//! away, a stop asked for by signal, a backup taken while writers work.
//! Each test records its figures (see `common::figures`).

use crate::common;

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use common::figures::record;
use common::{on_each_backend, Backend, Browser, TestApp};
use diesel::prelude::*;
use sengketa::db::schema::{hearing_registers, hearings, notices, outbox, register_events};

/// Running registers of the demo, to schedule hearings for.
async fn running_registers(app: &TestApp, want: usize) -> Vec<String> {
    let mut found = Vec::new();
    for status in ["preliminary", "mediation", "adjudication", "evidence"] {
        let list = app.get(&format!("/registers?status={status}")).await;
        for link in common::register_links(&list.body) {
            let id = link.trim_start_matches("/registers/").to_string();
            if !found.contains(&id) {
                found.push(id);
            }
        }
    }
    assert!(found.len() >= 2, "the demo has running registers");
    found.truncate(want);
    found
}

async fn staff_browser<'a>(app: &'a TestApp, email: &str, password: &str) -> (Browser<'a>, String) {
    let b = Browser::new(app);
    b.login(email, password).await;
    let token = common::csrf_of(&b.get("/staff/hearings/new").await.body);
    (b, token)
}

fn hearing_day() -> String {
    (common::local_today() + chrono::Duration::days(40))
        .format("%Y-%m-%d")
        .to_string()
}

/// Schedules one hearing for `register` in room `room`.
async fn schedule(
    b: &Browser<'_>,
    token: &str,
    register: &str,
    room: &str,
) -> Result<common::Page, String> {
    let day = hearing_day();
    b.try_post(
        "/staff/hearings",
        &[
            ("csrf", token),
            ("date", &day),
            ("time", "09:30"),
            ("kind", "evidence1"),
            ("room", room),
            ("openness", "open"),
            ("register", register),
        ],
    )
    .await
}

/// What the database holds for the hearings a test scheduled (rooms that
/// begin with `prefix`) for one register, since `since`.
#[derive(Debug, PartialEq, Eq)]
struct Kept {
    hearings: i64,
    events: i64,
    notices: i64,
    outbox: i64,
}

fn kept(app: &TestApp, register: &str, prefix: &str, since: chrono::NaiveDateTime) -> Kept {
    let mut conn = app.conn();
    let hearings_n: i64 = hearings::table
        .inner_join(hearing_registers::table)
        .filter(hearing_registers::register_id.eq(register))
        .filter(hearings::room.like(format!("{prefix}%")))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    let events: i64 = register_events::table
        .filter(register_events::register_id.eq(register))
        .filter(register_events::kind.eq("hearing_scheduled"))
        .filter(register_events::recorded_at.ge(since))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    let notices_n: i64 = notices::table
        .filter(notices::register_id.eq(register))
        .filter(notices::kind.eq("hearing_scheduled"))
        .filter(notices::created_at.ge(since))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    let outbox_n: i64 = outbox::table
        .filter(outbox::register_id.eq(register))
        .filter(outbox::created_at.ge(since))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    Kept {
        hearings: hearings_n,
        events,
        notices: notices_n,
        outbox: outbox_n,
    }
}

fn rooms_named(app: &TestApp, room: &str) -> i64 {
    hearings::table
        .filter(hearings::room.eq(room))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

fn sqlite_file(app: &TestApp) -> Option<std::path::PathBuf> {
    app.db_url
        .strip_prefix("sqlite://")
        .map(std::path::PathBuf::from)
}

/// The outbox messages one hearing sends to the register's parties.
async fn messages_per_hearing(app: &TestApp, b: &Browser<'_>, token: &str, register: &str) -> i64 {
    let since = sengketa::models::now();
    let page = schedule(b, token, register, "Ruang Takaran").await.unwrap();
    assert_eq!(page.status, 303, "{}", common::text(&page.body));
    let k = kept(app, register, "Ruang Takaran", since);
    assert_eq!((k.hearings, k.events, k.notices), (1, 1, 1), "{k:?}");
    assert!(k.outbox >= 1, "a hearing is mailed to the parties: {k:?}");
    k.outbox
}

#[actix_web::test]
async fn killing_the_server_during_staff_writes_loses_no_acknowledged_write() {
    on_each_backend(|backend| async move {
        let (app, recipe, served) =
            TestApp::beside_process(backend, &[("SENGKETA_SEED_DEMO", "true")], None);
        let served = RefCell::new(served);
        let (email, password) = app.account("staff");
        let registers = running_registers(&app, 4).await;
        let mut writers = Vec::new();
        for _ in &registers {
            writers.push(staff_browser(&app, &email, &password).await);
        }
        let per_hearing: Vec<i64> = {
            let mut v = Vec::new();
            for (r, (b, t)) in registers.iter().zip(&writers) {
                v.push(messages_per_hearing(&app, b, t, r).await);
            }
            v
        };
        let since = sengketa::models::now();
        let attempted = Cell::new(0usize);
        let acknowledged: RefCell<Vec<(usize, String)>> = RefCell::new(Vec::new());
        let unanswered = Cell::new(0usize);
        const KILL_AFTER: usize = 500;
        let write_loops = writers.iter().enumerate().map(|(w, (b, token))| {
            let register = registers[w].clone();
            let (attempted, acknowledged, unanswered) = (&attempted, &acknowledged, &unanswered);
            async move {
                for i in 0.. {
                    let room = format!("Ruang K{w}-{i}");
                    attempted.set(attempted.get() + 1);
                    match schedule(b, token, &register, &room).await {
                        Ok(page) => {
                            assert_eq!(page.status, 303, "{}", common::text(&page.body));
                            acknowledged.borrow_mut().push((w, room));
                        }
                        Err(_) => {
                            unanswered.set(unanswered.get() + 1);
                            break;
                        }
                    }
                }
            }
        });
        let killer = async {
            while acknowledged.borrow().len() < KILL_AFTER {
                actix_web::rt::time::sleep(Duration::from_millis(1)).await;
            }
            served.borrow_mut().kill9();
        };
        futures_util::future::join(futures_util::future::join_all(write_loops), killer).await;
        let acknowledged = acknowledged.into_inner();
        assert!(acknowledged.len() >= KILL_AFTER);

        // The file is checked before anything opens it again.
        let integrity = match sqlite_file(&app) {
            Some(path) => {
                sengketa::db::backup::check(&path).expect("the SQLite file passes its check");
                "ok"
            }
            None => "n/a (PostgreSQL keeps its own WAL; the counts above are the check)",
        };
        let _again = recipe.start();
        app.reconnect().await;
        let missing: Vec<&String> = acknowledged
            .iter()
            .map(|(_, room)| room)
            .filter(|room| rooms_named(&app, room) != 1)
            .collect();
        assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
        let mut committed = 0;
        for (w, register) in registers.iter().enumerate() {
            let prefix = format!("Ruang K{w}-");
            let k = kept(&app, register, &prefix, since);
            // Every hearing that was written has its timeline event, its
            // notice for followers and its messages to the parties; nothing
            // exists without the hearing.
            assert_eq!(k.events, k.hearings, "{register}: {k:?}");
            assert_eq!(k.notices, k.hearings, "{register}: {k:?}");
            assert_eq!(k.outbox, k.hearings * per_hearing[w], "{register}: {k:?}");
            committed += k.hearings;
        }
        // The server serves the same data as before the crash.
        let page = app.get(&format!("/registers/{}", registers[0])).await;
        assert_eq!(page.status, 200);
        let after = Browser::new(&app);
        after.login(&email, &password).await;
        let token = common::csrf_of(&after.get("/staff/hearings/new").await.body);
        let page = schedule(&after, &token, &registers[0], "Ruang Setelah")
            .await
            .unwrap();
        assert_eq!(page.status, 303, "writes work after the restart");
        record(
            "crash during staff writes",
            backend,
            &[
                ("writes attempted", attempted.get().to_string()),
                ("acknowledged", acknowledged.len().to_string()),
                (
                    "acknowledged found after restart",
                    (acknowledged.len() - missing.len()).to_string(),
                ),
                ("unanswered (connection cut)", unanswered.get().to_string()),
                ("committed in all", committed.to_string()),
                ("integrity check", integrity.to_string()),
            ],
        );
    })
    .await;
}

#[actix_web::test]
async fn a_full_disk_refuses_writes_with_a_clear_page_and_keeps_what_was_saved() {
    if !common::covers_sqlite(
        "a_full_disk_refuses_writes_with_a_clear_page_and_keeps_what_was_saved",
    ) {
        return;
    }
    let backend = Backend::Sqlite;
    // First start: migrations and the demo, with no limit.
    let (app, mut recipe, mut served) =
        TestApp::beside_process(backend, &[("SENGKETA_SEED_DEMO", "true")], None);
    let (email, password) = app.account("staff");
    let register = running_registers(&app, 1).await.remove(0);
    served.terminate();
    served
        .wait_for_exit(Duration::from_secs(30))
        .expect("the server stops");
    let path = sqlite_file(&app).unwrap();
    // Everything into the main file, so that its size is the data's.
    diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut *app.conn())
        .unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    // Every file the server writes may grow to the database's size and
    // 1 MiB more; the write-ahead log reaches that first.
    let limit = size + 1024 * 1024;
    recipe.shell_prefix = Some(format!("trap '' XFSZ; ulimit -f {}", limit / 512));
    let served = recipe.start();
    app.reconnect().await;
    let (b, token) = staff_browser(&app, &email, &password).await;
    let mut acknowledged = Vec::new();
    let mut refusal = None;
    for i in 0..5_000 {
        let room = format!("Ruang Penuh {i}");
        let page = schedule(&b, &token, &register, &room).await.unwrap();
        match page.status {
            303 => acknowledged.push(room),
            _ => {
                refusal = Some((room, page));
                break;
            }
        }
    }
    let (refused_room, page) = refusal.expect("the limit was reached");
    assert_eq!(page.status, 507, "{}", common::text(&page.body));
    assert!(
        common::text(&page.body).contains("Perubahan ini tidak tersimpan"),
        "{}",
        page.body
    );
    // Reading goes on while writing cannot.
    assert_eq!(app.get(&format!("/registers/{register}")).await.status, 200);
    let also = schedule(&b, &token, &register, "Ruang Lagi").await.unwrap();
    assert_eq!(also.status, 507, "a second write is refused the same way");
    assert!(
        !served.log_text().contains("panicked"),
        "{}",
        served.log_text()
    );
    drop(served);

    sengketa::db::backup::check(&path).expect("the file passes its integrity check");
    recipe.shell_prefix = None;
    let _again = recipe.start();
    app.reconnect().await;
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|room| rooms_named(&app, room) != 1)
        .collect();
    assert!(lost.is_empty(), "lost: {lost:?}");
    assert_eq!(
        rooms_named(&app, &refused_room),
        0,
        "the refused write left nothing"
    );
    let (b, token) = staff_browser(&app, &email, &password).await;
    let page = schedule(&b, &token, &register, "Ruang Lega").await.unwrap();
    assert_eq!(page.status, 303, "with room again, writes work");
    record(
        "disk full (SQLite, file size limit)",
        backend,
        &[
            ("limit over the database size", "1 MiB".into()),
            (
                "writes acknowledged before the limit",
                acknowledged.len().to_string(),
            ),
            ("refusals seen", "2 (507)".into()),
            (
                "acknowledged found after restart",
                (acknowledged.len() - lost.len()).to_string(),
            ),
            ("integrity check", "ok".into()),
        ],
    );
}

/// A TCP relay in front of PostgreSQL that can go down like a restarting
/// server: its port closes and every open connection is cut.
struct Relay {
    port: u16,
    state: std::sync::Arc<std::sync::Mutex<RelayState>>,
}

#[derive(Default)]
struct RelayState {
    down: bool,
    open: Vec<std::net::TcpStream>,
}

impl Relay {
    fn start(target: std::net::SocketAddr) -> Relay {
        use std::net::{TcpListener, TcpStream};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state: std::sync::Arc<std::sync::Mutex<RelayState>> = Default::default();
        let shared = state.clone();
        std::thread::spawn(move || {
            let mut listener = Some(listener);
            loop {
                let down = shared.lock().unwrap().down;
                match (&listener, down) {
                    (Some(_), true) => listener = None,
                    (None, false) => listener = TcpListener::bind(("127.0.0.1", port)).ok(),
                    _ => {}
                }
                let Some(l) = &listener else {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                };
                l.set_nonblocking(true).unwrap();
                let Ok((client, _)) = l.accept() else {
                    std::thread::sleep(Duration::from_millis(2));
                    continue;
                };
                client.set_nonblocking(false).unwrap();
                let Ok(server) = TcpStream::connect(target) else {
                    continue;
                };
                {
                    let mut s = shared.lock().unwrap();
                    s.open.retain(|c| c.peer_addr().is_ok());
                    s.open.push(client.try_clone().unwrap());
                    s.open.push(server.try_clone().unwrap());
                }
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                }
            }
        });
        Relay { port, state }
    }

    fn go_down(&self) {
        let mut s = self.state.lock().unwrap();
        s.down = true;
        for c in s.open.drain(..) {
            let _ = c.shutdown(std::net::Shutdown::Both);
        }
    }

    fn come_back(&self) {
        self.state.lock().unwrap().down = false;
    }
}

#[actix_web::test]
async fn requests_while_postgresql_is_down_get_a_503_page_and_the_pool_heals_itself() {
    if !common::backends().contains(&Backend::Postgres) {
        eprintln!("no PostgreSQL in this run");
        return;
    }
    let relay = Relay::start("127.0.0.1:5432".parse().unwrap());
    let db = common::FreshDb::new(Backend::Postgres);
    let name = db.url().rsplit('/').next().unwrap().to_string();
    let through = format!("postgres://postgres@127.0.0.1:{}/{name}", relay.port);
    let (app, _recipe, _served) = TestApp::beside_process_on(
        db,
        Backend::Postgres,
        &[("SENGKETA_SEED_DEMO", "true"), ("DATABASE_URL", &through)],
        None,
    );
    let register = running_registers(&app, 1).await.remove(0);
    // The app's pool goes through the relay; this one does not.
    let direct = app.outside_pool();
    let paths = [
        "/".to_string(),
        "/registers".to_string(),
        format!("/registers/{register}"),
        "/hearings".to_string(),
        "/api/v1/registers".to_string(),
        "/feed.atom".to_string(),
    ];
    #[derive(Default)]
    struct Tally {
        ok: usize,
        unavailable: usize,
        other: Vec<String>,
        failed: usize,
        friendly: bool,
        retry_after: bool,
    }
    let phase = Cell::new(0u8); // 0 before, 1 down, 2 after
    let tallies: [RefCell<Tally>; 3] = Default::default();
    let done = Cell::new(false);
    let recovered_after = Cell::new(None::<Duration>);
    let back_at = Cell::new(None::<Instant>);
    let clients = (0..4).map(|c| {
        let (paths, phase, tallies, done, recovered_after, back_at) =
            (&paths, &phase, &tallies, &done, &recovered_after, &back_at);
        let app = &app;
        async move {
            let mut n = c;
            while !done.get() {
                let path = &paths[n % paths.len()];
                n += 1;
                let at_phase = phase.get() as usize;
                let result = app.try_get_with(path, &[]).await;
                // A request that began before the outage and ended in it
                // counts as one during it; one that began during it counts
                // there however late it ends.
                let bucket = if at_phase == 0 {
                    (phase.get() as usize).min(1)
                } else {
                    at_phase
                };
                let mut t = tallies[bucket].borrow_mut();
                match result {
                    Ok(p) if p.status == 200 => {
                        t.ok += 1;
                        if phase.get() == 2 && recovered_after.get().is_none() {
                            if let Some(at) = back_at.get() {
                                recovered_after.set(Some(at.elapsed()));
                            }
                        }
                    }
                    Ok(p) if p.status == 503 => {
                        t.unavailable += 1;
                        t.friendly |= common::text(&p.body).contains("Layanan sedang sibuk");
                        t.retry_after |= p.headers.contains_key("retry-after");
                    }
                    Ok(p) => t.other.push(format!("{path}: {}", p.status)),
                    Err(_) => t.failed += 1,
                }
            }
        }
    });
    let script = async {
        actix_web::rt::time::sleep(Duration::from_secs(3)).await;
        relay.go_down();
        phase.set(1);
        actix_web::rt::time::sleep(Duration::from_secs(2)).await;
        // Written while the server cannot hear of it: its kept copy of the
        // register's page must not outlive the outage.
        common::rename_register(&direct, &register, "Ditulis selama gangguan");
        actix_web::rt::time::sleep(Duration::from_secs(10)).await;
        relay.come_back();
        back_at.set(Some(Instant::now()));
        phase.set(2);
        actix_web::rt::time::sleep(Duration::from_secs(10)).await;
        done.set(true);
    };
    futures_util::future::join(futures_util::future::join_all(clients), script).await;
    let [before, during, after] = tallies.map(RefCell::into_inner);
    assert!(
        before.ok > 0 && before.unavailable == 0,
        "before: {} ok",
        before.ok
    );
    assert!(during.unavailable > 0, "requests during the outage got 503");
    assert!(
        during.friendly && during.retry_after,
        "a page that says to retry"
    );
    for t in [&before, &during, &after] {
        assert!(t.other.is_empty(), "no other status: {:?}", t.other);
        assert_eq!(t.failed, 0, "every request got an answer");
    }
    let healed = recovered_after.get().expect("the pool recovered");
    // Once healed, every later request succeeds: count the tail.
    let late: Vec<u16> = {
        let mut v = Vec::new();
        for p in &paths {
            v.push(app.get(p).await.status);
        }
        v
    };
    assert!(late.iter().all(|s| *s == 200), "{late:?}");
    let page = app.get(&format!("/registers/{register}")).await;
    assert!(
        common::text(&page.body).contains("Ditulis selama gangguan"),
        "the write made during the outage shows"
    );
    record(
        "PostgreSQL outage (12 s, relay cut)",
        Backend::Postgres,
        &[
            ("requests before (200)", before.ok.to_string()),
            (
                "requests during: 503 / 200",
                format!("{} / {}", during.unavailable, during.ok),
            ),
            (
                "requests after: 200 / 503",
                format!("{} / {}", after.ok, after.unavailable),
            ),
            ("5xx other than 503", "0".into()),
            (
                "first 200 after the database came back",
                format!("{} ms", healed.as_millis()),
            ),
        ],
    );
}

fn outbox_states(app: &TestApp) -> Vec<(String, String, i32)> {
    outbox::table
        .select((outbox::message_id, outbox::state, outbox::attempts))
        .load(&mut *app.conn())
        .unwrap()
}

/// How many of the messages stored arrived, and how many arrived more than once.
fn arrivals(app: &TestApp, received: &[common::smtp::Received]) -> (usize, usize) {
    let mut seen = std::collections::HashMap::new();
    for r in received {
        if let Some(id) = r
            .data
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
        {
            *seen.entry(id[11..].trim().to_string()).or_insert(0usize) += 1;
        }
    }
    let stored = outbox_states(app);
    let arrived = stored
        .iter()
        .filter(|(id, _, _)| seen.contains_key(id) || seen.contains_key(&format!("<{id}>")))
        .count();
    let duplicates = seen.values().map(|n| n - 1).sum();
    (arrived, duplicates)
}

#[actix_web::test]
async fn sigterm_lets_requests_in_flight_finish_and_the_worker_finish_its_message() {
    use std::io::{Read, Write};
    on_each_backend(|backend| async move {
        let smtp = common::smtp::SmtpServer::start();
        smtp.slow_down(Duration::from_millis(300));
        let relay = format!("smtp://127.0.0.1:{}", smtp.port);
        let (app, _recipe, mut served) = TestApp::beside_process(
            backend,
            &[
                ("SENGKETA_SEED_DEMO", "false"),
                ("SENGKETA_WORKER", "true"),
                ("SENGKETA_SMTP_URL", &relay),
            ],
            None,
        );
        common::queue_mail(&app, "r", 0..200);
        let started = Instant::now();
        while smtp.received().len() < 3 {
            assert!(started.elapsed() < Duration::from_secs(30), "nothing was sent");
            actix_web::rt::time::sleep(Duration::from_millis(10)).await;
        }
        // A request is on its way: headers sent, half of the body not yet.
        let host = app.base.trim_start_matches("http://").to_string();
        let mut stream = std::net::TcpStream::connect(&host).unwrap();
        let body = "email=a%40contoh.invalid&password=salah-sekali";
        write!(
            stream,
            "POST /login HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
            body.len(),
            &body[..10]
        )
        .unwrap();
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
        served.terminate();
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        let refused = std::net::TcpStream::connect(&host).is_err();
        stream.write_all(&body.as_bytes()[10..]).unwrap();
        let mut answer = String::new();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let _ = stream.read_to_string(&mut answer);
        let status_line = answer.lines().next().unwrap_or("").to_string();
        assert!(
            status_line.starts_with("HTTP/1.1 4"),
            "the request in flight was answered: {answer:?}"
        );
        assert!(refused, "no new connection is taken once stopping");
        let exit = served
            .wait_for_exit(Duration::from_secs(30))
            .expect("the server stops within its grace time");
        assert!(exit.success(), "{exit:?}: {}", served.log_text());
        // Nothing is left claimed, and what reached the relay is marked sent.
        let states = outbox_states(&app);
        let sending = states.iter().filter(|(_, s, _)| s == "sending").count();
        let sent = states.iter().filter(|(_, s, _)| s == "sent").count();
        let received_at_stop = smtp.received().len();
        assert_eq!(sending, 0, "the worker gave back its batch");
        assert_eq!(sent, received_at_stop, "every message that arrived is marked sent");
        assert!(sent < 200, "the stop came in the middle of the queue");
        // Another worker sends the rest, each once.
        let transport = lettre::transport::smtp::SmtpTransport::builder_dangerous("127.0.0.1")
            .port(smtp.port)
            .build();
        smtp.slow_down(Duration::ZERO);
        let worker = sengketa::mail::worker::Worker::new(
            app.pool.clone(),
            sengketa::mail::Transport::Smtp(transport),
            "Sengketa <noreply@contoh.invalid>".into(),
        );
        while worker.run_once().unwrap() > 0 {}
        let (arrived, duplicates) = arrivals(&app, &smtp.received());
        assert_eq!(arrived, 200);
        assert_eq!(duplicates, 0);
        record(
            "graceful stop on SIGTERM",
            backend,
            &[
                ("request in flight", status_line.clone()),
                ("new connections after the signal", "refused".into()),
                ("exit", format!("{exit}")),
                ("messages sent before the stop", sent.to_string()),
                ("left claimed", sending.to_string()),
                ("delivered in all / duplicates", format!("{arrived} / {duplicates}")),
            ],
        );
    })
    .await;
}

/// Row counts of every table of a SQLite file.
fn table_counts(path: &std::path::Path) -> Vec<(String, i64)> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = diesel::SqliteConnection::establish(&path.to_string_lossy()).unwrap();
    let names: Vec<Name> = diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .load(&mut conn)
    .unwrap();
    names
        .into_iter()
        .map(|t| {
            let n: N = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM \"{}\"", t.name))
                .get_result(&mut conn)
                .unwrap();
            (t.name, n.n)
        })
        .collect()
}

/// The public exports and pages a restored copy must give back unchanged.
async fn public_record(app: &TestApp, register: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for path in [
        "/exports/registers.json".to_string(),
        "/exports/items.json".to_string(),
        "/exports/hearings.json".to_string(),
        "/api/v1/bodies".to_string(),
        format!("/api/v1/registers/{register}"),
    ] {
        let page = app.get(&path).await;
        assert_eq!(page.status, 200, "{path}");
        out.push((path, page.body));
    }
    out
}

#[actix_web::test]
async fn a_backup_taken_during_writes_is_consistent_and_restores_to_the_same_record() {
    if !common::covers_sqlite(
        "a_backup_taken_during_writes_is_consistent_and_restores_to_the_same_record",
    ) {
        return;
    }
    let backend = Backend::Sqlite;
    let (app, recipe, _served) =
        TestApp::beside_process(backend, &[("SENGKETA_SEED_DEMO", "true")], None);
    let (email, password) = app.account("staff");
    let register = running_registers(&app, 1).await.remove(0);
    let (b, token) = staff_browser(&app, &email, &password).await;
    let folder =
        std::env::temp_dir().join(format!("sengketa-backup-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(folder.join("data")).unwrap();
    let env: Vec<(String, String)> = recipe.env.clone();
    let backup = |file: std::path::PathBuf| {
        let env = env.clone();
        actix_web::rt::task::spawn_blocking(move || {
            std::process::Command::new(common::process::BIN)
                .arg("backup")
                .arg(&file)
                .envs(env.iter().map(|(k, v)| (k, v)))
                .output()
                .unwrap()
        })
    };

    // Online: a writer goes on while the copy is taken.
    let since = sengketa::models::now();
    let acked: RefCell<Vec<(Instant, String)>> = RefCell::new(Vec::new());
    let copying = Cell::new(true);
    let online = folder.join("online.db");
    let writer = async {
        let mut i = 0;
        while copying.get() {
            let room = format!("Ruang Salin {i}");
            let page = schedule(&b, &token, &register, &room).await.unwrap();
            assert_eq!(page.status, 303);
            acked.borrow_mut().push((Instant::now(), room));
            i += 1;
        }
    };
    let copy = async {
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
        let began = Instant::now();
        let out = backup(online.clone()).await.unwrap();
        copying.set(false);
        (began, out)
    };
    let ((began, out), ()) = futures_util::future::join(copy, writer).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(said.contains("integrity check ok"), "{said}");
    sengketa::db::backup::check(&online).expect("the online copy passes its check");
    // Whatever was acknowledged before the copy began is in it, and every
    // hearing in it has its timeline event, notice and messages.
    let copy_url = format!("sqlite://{}", online.display());
    let copy_settings = common::settings_for_url(&copy_url);
    let copy_pool = sengketa::db::connect(&copy_settings.database_url, 1).unwrap();
    let in_copy = |room: &str| -> i64 {
        hearings::table
            .filter(hearings::room.eq(room))
            .count()
            .get_result(&mut *copy_pool.get().unwrap())
            .unwrap()
    };
    let before_copy: Vec<String> = acked
        .borrow()
        .iter()
        .filter(|(at, _)| *at < began)
        .map(|(_, r)| r.clone())
        .collect();
    assert!(
        !before_copy.is_empty(),
        "writes were acknowledged before the copy"
    );
    let absent: Vec<&String> = before_copy.iter().filter(|r| in_copy(r) != 1).collect();
    assert!(absent.is_empty(), "missing from the copy: {absent:?}");
    let events_in_copy: i64 = register_events::table
        .filter(register_events::kind.eq("hearing_scheduled"))
        .filter(register_events::recorded_at.ge(since))
        .count()
        .get_result(&mut *copy_pool.get().unwrap())
        .unwrap();
    let hearings_in_copy: i64 = hearings::table
        .filter(hearings::room.like("Ruang Salin %"))
        .count()
        .get_result(&mut *copy_pool.get().unwrap())
        .unwrap();
    assert_eq!(events_in_copy, hearings_in_copy, "one snapshot, not a mix");
    drop(copy_pool);

    // Quiet: a second copy, restored in place of a database, serves the
    // same public record and holds the same rows in every table.
    let quiet = folder.join("quiet.db");
    let out = backup(quiet.clone()).await.unwrap();
    assert!(out.status.success());
    let refused = backup(quiet.clone()).await.unwrap();
    assert!(
        !refused.status.success(),
        "an existing file is never overwritten"
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("exists already"));
    let restored_file = folder.join("data/sengketa.db");
    std::fs::copy(&quiet, &restored_file).unwrap();
    let original = public_record(&app, &register).await;
    let mut restored_recipe = recipe.clone();
    let port = common::process::free_port();
    for (k, v) in restored_recipe.env.iter_mut() {
        match k.as_str() {
            "DATABASE_URL" => *v = format!("sqlite://{}", restored_file.display()),
            "SENGKETA_BIND" => *v = format!("127.0.0.1:{port}"),
            _ => {}
        }
    }
    // The same public address, as a restored server keeps its name.
    restored_recipe
        .env
        .push(("SENGKETA_BASE_URL".into(), app.base.clone()));
    let _restored_server = restored_recipe.start();
    let restored_app = common::TestApp::attach(
        backend,
        common::FreshDb::Sqlite(folder.clone()),
        common::settings_for_url(&format!("sqlite://{}", restored_file.display())),
        format!("http://127.0.0.1:{port}"),
        sengketa::db::connect(&sengketa::db::DatabaseUrl::Sqlite(restored_file.clone()), 1)
            .unwrap(),
    );
    let restored = public_record(&restored_app, &register).await;
    for ((path, a), (_, b)) in original.iter().zip(&restored) {
        assert!(a == b, "{path} differs after the restore");
    }
    diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut *app.conn())
        .unwrap();
    let source = sqlite_file(&app).unwrap();
    let (counts_a, counts_b) = (table_counts(&source), table_counts(&quiet));
    assert_eq!(counts_a, counts_b, "every table has the same rows");
    let rows: i64 = counts_a.iter().map(|(_, n)| n).sum();
    record(
        "backup and restore (SQLite)",
        backend,
        &[
            (
                "writes during the online copy",
                acked.borrow().len().to_string(),
            ),
            (
                "acknowledged before the copy began, found in it",
                format!(
                    "{} / {}",
                    before_copy.len() - absent.len(),
                    before_copy.len()
                ),
            ),
            ("integrity check of both copies", "ok".into()),
            (
                "tables / rows compared after restore",
                format!("{} / {rows}", counts_a.len()),
            ),
            (
                "exports and API answers compared",
                format!("{} identical", original.len()),
            ),
        ],
    );
}

#[actix_web::test]
async fn postgresql_is_copied_with_pg_dump_and_restored_with_pg_restore() {
    if !common::backends().contains(&Backend::Postgres) {
        eprintln!("no PostgreSQL in this run");
        return;
    }
    let backend = Backend::Postgres;
    let (app, recipe, _served) =
        TestApp::beside_process(backend, &[("SENGKETA_SEED_DEMO", "true")], None);
    let (email, password) = app.account("staff");
    let register = running_registers(&app, 1).await.remove(0);
    let (b, token) = staff_browser(&app, &email, &password).await;
    for i in 0..20 {
        let page = schedule(&b, &token, &register, &format!("Ruang Salinan {i}"))
            .await
            .unwrap();
        assert_eq!(page.status, 303);
    }
    // The command says how, rather than pretending.
    let out = std::process::Command::new(common::process::BIN)
        .arg("backup")
        .arg(std::env::temp_dir().join("never-written.db"))
        .envs(recipe.env.iter().map(|(k, v)| (k, v)))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("pg_dump") && said.contains("pg_restore"),
        "{said}"
    );

    let dump =
        std::env::temp_dir().join(format!("sengketa-{}.dump", uuid::Uuid::now_v7().simple()));
    let run = |cmd: &mut std::process::Command| {
        let out = cmd
            .output()
            .expect("the PostgreSQL client tools are installed");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(std::process::Command::new("pg_dump")
        .arg("--format=custom")
        .arg(format!("--file={}", dump.display()))
        .arg(&app.db_url));
    let target = common::FreshDb::new(backend);
    run(std::process::Command::new("pg_restore")
        .arg("--no-owner")
        .arg(format!("--dbname={}", target.url()))
        .arg(&dump));
    let _ = std::fs::remove_file(&dump);
    let original = public_record(&app, &register).await;
    let (restored, _r, _s) = TestApp::beside_process_on(
        target,
        backend,
        &[
            ("SENGKETA_SEED_DEMO", "false"),
            ("SENGKETA_BASE_URL", &app.base),
        ],
        None,
    );
    let copy = public_record(&restored, &register).await;
    for ((path, a), (_, b)) in original.iter().zip(&copy) {
        assert!(a == b, "{path} differs after the restore");
    }
    record(
        "backup and restore (PostgreSQL, pg_dump / pg_restore)",
        backend,
        &[
            ("hearings written before the dump", "20".into()),
            (
                "exports and API answers compared",
                format!("{} identical", original.len()),
            ),
        ],
    );
}

/// How long the relay stays down in the mail outage test.
const SMTP_OUTAGE: Duration = Duration::from_secs(60);

async fn mail_outage_on(backend: Backend) {
    let smtp = common::smtp::SmtpServer::start();
    smtp.slow_down(Duration::from_millis(20));
    let relay = format!("smtp://127.0.0.1:{}", smtp.port);
    let (app, _recipe, _served) = TestApp::beside_process(
        backend,
        &[
            ("SENGKETA_SEED_DEMO", "false"),
            ("SENGKETA_WORKER", "true"),
            ("SENGKETA_SMTP_URL", &relay),
            ("SENGKETA_MAIL_RETRY_SECONDS", "2"),
        ],
        None,
    );
    // A stream of ten messages a second: ten seconds up, a minute down,
    // ten seconds up again.
    let stream_for = SMTP_OUTAGE + Duration::from_secs(20);
    let started = Instant::now();
    let mut queued = 0;
    let mut in_flight_at_cut = None;
    let mut back_at = None;
    while started.elapsed() < stream_for {
        common::queue_mail(&app, "r", queued..queued + 1);
        queued += 1;
        let t = started.elapsed();
        if in_flight_at_cut.is_none() && t >= Duration::from_secs(10) {
            smtp.go_down();
            in_flight_at_cut = Some(
                outbox_states(&app)
                    .iter()
                    .filter(|(_, s, _)| s == "sending")
                    .count(),
            );
        }
        if back_at.is_none() && t >= Duration::from_secs(10) + SMTP_OUTAGE {
            smtp.come_back();
            back_at = Some(Instant::now());
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    let back_at = back_at.unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let states = outbox_states(&app);
        if states.iter().all(|(_, s, _)| s == "sent") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not delivered: {:?}",
            states
                .iter()
                .filter(|(_, s, _)| s != "sent")
                .take(5)
                .collect::<Vec<_>>()
        );
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }
    let drained = back_at.elapsed();
    let states = outbox_states(&app);
    let most_attempts = states.iter().map(|(_, _, a)| *a).max().unwrap_or(0);
    let failed_attempts: i32 = states.iter().map(|(_, _, a)| a - 1).sum();
    let (arrived, duplicates) = arrivals(&app, &smtp.received());
    let in_flight = in_flight_at_cut.unwrap();
    assert_eq!(arrived, queued, "every message was delivered");
    assert!(
        duplicates <= in_flight,
        "{duplicates} duplicates, {in_flight} in flight at the cut"
    );
    record(
        "mail relay down for a minute",
        backend,
        &[
            ("messages queued", queued.to_string()),
            ("delivered", arrived.to_string()),
            ("duplicates", duplicates.to_string()),
            ("in flight at the cut", in_flight.to_string()),
            ("failed attempts retried", failed_attempts.to_string()),
            ("most attempts for one message", most_attempts.to_string()),
            (
                "all delivered, from the relay's return (the stream ran 10 s more)",
                format!("{:.1} s", drained.as_secs_f64()),
            ),
        ],
    );
}

#[actix_web::test]
async fn a_mail_relay_down_for_a_minute_gets_every_message_afterwards() {
    // The backends side by side: each waits on the clock, not on the machine.
    futures_util::future::join_all(common::backends().into_iter().map(mail_outage_on)).await;
}

#[actix_web::test]
async fn the_standalone_worker_stops_on_sigterm_after_the_message_it_sends() {
    if !common::covers_sqlite("the_standalone_worker_stops_on_sigterm_after_the_message_it_sends") {
        return;
    }
    let app = TestApp::empty(Backend::Sqlite).await;
    let smtp = common::smtp::SmtpServer::start();
    smtp.slow_down(Duration::from_millis(200));
    common::queue_mail(&app, "w", 0..100);
    let mut worker = std::process::Command::new(common::process::BIN)
        .arg("worker")
        .env("DATABASE_URL", &app.db_url)
        .env(
            "SENGKETA_SMTP_URL",
            format!("smtp://127.0.0.1:{}", smtp.port),
        )
        .env("SENGKETA_MAIL_DIR", &app.settings.mail_dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while smtp.received().len() < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "nothing was sent"
        );
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("kill -TERM {}", worker.id()))
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let exit = loop {
        if let Some(exit) = worker.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "the worker did not stop");
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(exit.success(), "{exit:?}");
    let states = outbox_states(&app);
    assert_eq!(states.iter().filter(|(_, s, _)| s == "sending").count(), 0);
    let sent = states.iter().filter(|(_, s, _)| s == "sent").count();
    assert_eq!(sent, smtp.received().len(), "what arrived is marked sent");
    assert!(sent < 100, "stopped in the middle of the queue");
}
