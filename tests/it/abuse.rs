//! Nobody can use the site against somebody else: no mailbox flooded from
//! a form, no owner locked out of an account, no follow confirmed for an
//! address nobody verified, no feed or calendar broken by what somebody
//! typed, no trace of an unregistered application in public, no session
//! that outlives its time, no memory eaten by bodies that are refused.

use std::collections::BTreeMap;

use crate::common;

use common::figures::record;
use common::{csrf_of, on_each_backend, text, Browser, TestApp};
use diesel::prelude::*;
use sengketa::db::schema::{follows, outbox, registers, user_sessions};

fn messages_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    outbox::table
        .filter(outbox::recipient.eq(to))
        .order(outbox::created_at.asc())
        .select((outbox::subject, outbox::body_text))
        .load(&mut *app.conn())
        .unwrap()
}

#[actix_web::test]
async fn repeated_follow_requests_send_one_confirmation_and_a_client_has_a_budget() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_in("preliminary").await;
        let public = format!("/registers/{id}");
        let visitor = Browser::new(&app);
        let token = csrf_of(&visitor.get(&public).await.body);
        let action = format!("{public}/follow");
        for _ in 0..100 {
            let page = visitor
                .post(
                    &action,
                    &[("csrf", &token), ("email", "korban@contoh.invalid")],
                )
                .await;
            assert_eq!(page.status, 200, "{}", text(&page.body));
        }
        let sent = messages_to(&app, "korban@contoh.invalid");
        assert_eq!(sent.len(), 1, "one confirmation for 100 requests");

        // One client asking for many addresses runs out of its budget.
        let spammer = Browser::from_address(&app, "127.0.0.3");
        let token = csrf_of(&spammer.get(&public).await.body);
        for i in 0..40 {
            let email = format!("alamat{i}@contoh.invalid");
            let page = spammer
                .post(&action, &[("csrf", &token), ("email", &email)])
                .await;
            assert_eq!(page.status, 200);
        }
        let queued: i64 = outbox::table
            .filter(outbox::recipient.like("alamat%@contoh.invalid"))
            .count()
            .get_result(&mut *app.conn())
            .unwrap();
        assert_eq!(queued, sengketa::domain::limits::PER_CLIENT);
        record(
            "abuse: follow and mail budgets",
            backend,
            &[
                (
                    "confirmations for 100 follow requests of one address",
                    sent.len().to_string(),
                ),
                (
                    "emails one client made the site send to 40 addresses",
                    queued.to_string(),
                ),
            ],
        );
    })
    .await;
}

/// Signs up at `email`: the answer's status and text, and whether the
/// browser is signed in afterwards.
async fn sign_up(b: &Browser<'_>, email: &str) -> (u16, String, bool) {
    let page = b
        .submit(
            "/signup",
            "/signup",
            &[
                ("name", "Tamu"),
                ("email", email),
                ("password", "kata-sandi-tamu-123"),
                ("confirm_password", "kata-sandi-tamu-123"),
            ],
        )
        .await;
    let signed_in = b.get("/account").await.status == 200;
    (page.status, text(&page.body), signed_in)
}

#[actix_web::test]
async fn signing_up_with_a_known_address_answers_as_for_a_new_one_and_mails_once_an_hour() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (known, _) = app.account("staff");
        let visitor = Browser::new(&app);
        let (status, for_known, signed_in) = sign_up(&visitor, &known).await;
        assert_eq!(status, 200);
        assert!(!signed_in, "a known address signs nobody in");
        let (status, for_new, signed_in) =
            sign_up(&Browser::new(&app), "baru@contoh.invalid").await;
        assert_eq!(status, 200);
        assert!(!signed_in, "nor does a new one, before its link is opened");
        assert_eq!(for_known, for_new, "the same answer either way");
        for _ in 0..99 {
            sign_up(&visitor, &known).await;
        }
        let told = messages_to(&app, &known)
            .into_iter()
            .filter(|(subject, _)| subject.contains("sudah memiliki akun"))
            .count();
        assert_eq!(told, 1, "one email for 100 sign-ups in an hour");
        record(
            "abuse: sign-up with a known address",
            backend,
            &[(
                "emails to a known address for 100 sign-ups",
                told.to_string(),
            )],
        );
    })
    .await;
}

#[actix_web::test]
async fn wrong_passwords_from_another_client_do_not_lock_the_owner_out() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("staff");
        let attacker = Browser::from_address(&app, "127.0.0.2");
        let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
        let mut retry_after = false;
        for _ in 0..50 {
            let page = attacker
                .submit(
                    "/login",
                    "/login",
                    &[("email", &email), ("password", "tebakan-salah-123")],
                )
                .await;
            *statuses.entry(page.status).or_default() += 1;
            retry_after |= page.headers.contains_key("retry-after");
        }
        assert_eq!(
            statuses.get(&401),
            Some(&(sengketa::domain::limits::FREE_FAILURES as usize)),
            "{statuses:?}"
        );
        assert!(statuses.get(&429).is_some_and(|n| *n > 0) && retry_after);

        // The owner, from their own machine, signs in at once.
        let owner = Browser::new(&app);
        owner.login(&email, &password).await;
        let owners_page = owner.get("/staff").await.status;
        assert_eq!(owners_page, 200);

        // And a reset asked for after all that is sent.
        let page = Browser::new(&app)
            .submit("/password/forgot", "/password/forgot", &[("email", &email)])
            .await;
        assert_eq!(page.status, 200);
        let resets = messages_to(&app, &email)
            .into_iter()
            .filter(|(_, body)| body.contains("/password/reset/"))
            .count();
        assert_eq!(resets, 1);
        // Resets have a budget of their own, and say so when it is spent.
        let stranger = Browser::new(&app);
        let mut held = None;
        for _ in 0..5 {
            let page = stranger
                .submit("/password/forgot", "/password/forgot", &[("email", &email)])
                .await;
            if page.status == 429 {
                held = Some(text(&page.body));
            }
        }
        let held = held.expect("the reset budget ran out");
        assert!(held.contains("Tautan terbaru"), "{held}");
        let resets = messages_to(&app, &email)
            .into_iter()
            .filter(|(_, body)| body.contains("/password/reset/"))
            .count();
        assert_eq!(
            resets as i64,
            sengketa::domain::limits::MailPurpose::PasswordReset.per_address()
        );
        record(
            "abuse: sign-in throttling",
            backend,
            &[
                (
                    "50 wrong passwords from another client: answers",
                    format!("{statuses:?}"),
                ),
                (
                    "the owner's staff page, signed in from their own client",
                    owners_page.to_string(),
                ),
            ],
        );
    })
    .await;
}

#[actix_web::test]
async fn an_unverified_account_follows_only_through_the_emailed_link() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_in("preliminary").await;
        let b = Browser::new(&app);
        let email = "belum.terverifikasi@contoh.invalid";
        let page = b
            .submit(
                "/signup",
                "/signup",
                &[
                    ("name", "Belum Terverifikasi"),
                    ("email", email),
                    ("password", "kata-sandi-uji-123"),
                    ("confirm_password", "kata-sandi-uji-123"),
                ],
            )
            .await;
        assert_eq!(page.status, 200);
        b.login(email, "kata-sandi-uji-123").await;
        let public = format!("/registers/{id}");
        let page = b
            .submit(&public, &format!("{public}/follow"), &[("account", "1")])
            .await;
        assert_eq!(page.status, 200, "{}", text(&page.body));
        let confirmed: Vec<Option<chrono::NaiveDateTime>> = follows::table
            .filter(follows::email.eq(email))
            .select(follows::confirmed_at)
            .load(&mut *app.conn())
            .unwrap();
        assert_eq!(confirmed, vec![None], "the follow waits for its link");
        assert!(messages_to(&app, email)
            .iter()
            .any(|(_, body)| body.contains("/follows/")));
    })
    .await;
}

/// Every character an XML 1.0 document may hold.
pub fn xml_char(c: char) -> bool {
    matches!(c as u32,
        0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Control characters of every range, and the non-characters.
pub const CONTROLS: &str =
    "\u{1}\u{7}\u{8}\u{b}\u{c}\u{e}\u{1b}\u{1f}\u{7f}\u{85}\u{9f}\u{fdd0}\u{fffe}\u{ffff}\u{1fffe}";

#[actix_web::test]
async fn feeds_and_calendars_stay_valid_whatever_was_typed() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("staff");
        let staff = Browser::new(&app);
        staff.login(&email, &password).await;
        let id = app.register_in("preliminary").await;
        let day = (common::local_today() + chrono::Duration::days(20))
            .format("%Y-%m-%d")
            .to_string();
        let room = format!("Ruang{CONTROLS} Sidang\rUtama");
        let page = staff
            .submit(
                &format!("/staff/hearings/new?register={id}"),
                "/staff/hearings",
                &[
                    ("date", &day),
                    ("time", "10:00"),
                    ("kind", "pa2"),
                    ("room", &room),
                    ("openness", "open"),
                    ("register", &id),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let stored: String = sengketa::db::schema::hearings::table
            .filter(sengketa::db::schema::hearings::room.like("Ruang%Utama"))
            .select(sengketa::db::schema::hearings::room)
            .first(&mut *app.conn())
            .unwrap();
        assert_eq!(
            stored, "Ruang Sidang\rUtama",
            "controls dropped at the edge"
        );

        let body: String = registers::table
            .find(&id)
            .select(registers::respondent_id)
            .first(&mut *app.conn())
            .unwrap();
        for feed in [
            "/feed.atom".to_string(),
            "/registers/feed.atom".to_string(),
            format!("/registers/{id}/feed.atom"),
            format!("/bodies/{body}/feed.atom"),
        ] {
            let page = app.get(&feed).await;
            assert_eq!(page.status, 200, "{feed}");
            assert!(page.body.chars().all(xml_char), "{feed}: not XML 1.0");
            feed_rs::parser::parse(page.body.as_bytes()).unwrap_or_else(|e| panic!("{feed}: {e}"));
        }
        for cal in [
            "/hearings.ics".to_string(),
            format!("/registers/{id}/hearings.ics"),
            format!("/bodies/{body}/hearings.ics"),
        ] {
            let page = app.get(&cal).await;
            assert_eq!(page.status, 200, "{cal}");
            assert_no_bare_cr(&cal, &page.body);
            let parsed: Vec<_> = ical::IcalParser::new(page.body.as_bytes()).collect();
            assert!(parsed.iter().all(|c| c.is_ok()), "{cal}: {parsed:?}");
        }
    })
    .await;
}

/// iCalendar lines end in CRLF; a CR anywhere else ends a line early.
pub fn assert_no_bare_cr(what: &str, body: &str) {
    let bytes = body.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\r' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'), "{what}: a bare CR at {i}");
        }
    }
}

#[actix_web::test]
async fn an_unregistered_application_leaves_no_trace_in_public() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("staff");
        let staff = Browser::new(&app);
        staff.login(&email, &password).await;
        let (application, subject): (String, String) = registers::table
            .filter(registers::registered_on.is_null())
            .select((registers::id, registers::subject))
            .first(&mut *app.conn())
            .unwrap();
        let at = sengketa::models::now();
        let body =
            sengketa::models::bodies::propose(&mut app.conn(), "Dinas Usulan Pemohon (fiktif)", at)
                .unwrap();
        diesel::update(registers::table.find(&application))
            .set(registers::respondent_id.eq(&body))
            .execute(&mut *app.conn())
            .unwrap();

        // The server refuses a hearing for it…
        let day = (common::local_today() + chrono::Duration::days(9))
            .format("%Y-%m-%d")
            .to_string();
        let page = staff
            .submit(
                "/staff/hearings/new",
                "/staff/hearings",
                &[
                    ("date", &day),
                    ("time", "09:00"),
                    ("kind", "pa1"),
                    ("room", "Ruang Rahasia"),
                    ("openness", "open"),
                    ("register", &application),
                ],
            )
            .await;
        assert_eq!(page.status, 400);
        assert!(text(&page.body).contains("sudah diregistrasi"));
        // …and one that reached the database before the rule stays out of
        // every schedule.
        let hearing = sengketa::models::hearings::Hearing {
            id: sengketa::db::new_id(),
            starts_at: at + chrono::Duration::days(9),
            time_zone: "Asia/Jakarta".into(),
            kind: "pa1".into(),
            room: "Ruang Rahasia".into(),
            openness: "open".into(),
            state: "scheduled".into(),
            state_reason: None,
            summary: None,
            created_at: at,
            updated_at: at,
            attendance: None,
        };
        sengketa::models::hearings::insert(
            &mut app.conn(),
            &hearing,
            std::slice::from_ref(&application),
        )
        .unwrap();

        for path in [
            "/".to_string(),
            "/hearings".to_string(),
            "/hearings.ics".to_string(),
            "/registers".to_string(),
            "/api/v1/bodies".to_string(),
            "/api/v1/hearings".to_string(),
            "/exports/hearings.csv".to_string(),
            "/exports/hearings.json".to_string(),
            "/feed.atom".to_string(),
        ] {
            let page = app.get(&path).await;
            assert_eq!(page.status, 200, "{path}");
            for trace in [&body, &hearing.id, &subject] {
                assert!(!page.body.contains(trace.as_str()), "{path} shows {trace}");
            }
            assert!(!page.body.contains("Ruang Rahasia"), "{path}");
            assert!(!page.body.contains("Dinas Usulan Pemohon"), "{path}");
        }
        for path in [
            format!("/bodies/{body}"),
            format!("/bodies/{body}/feed.atom"),
            format!("/bodies/{body}/hearings.ics"),
            format!("/registers?respondent={body}"),
        ] {
            let status = app.get(&path).await.status;
            assert!(status == 404 || status == 400, "{path}: {status}");
        }
    })
    .await;
}

#[actix_web::test]
async fn sessions_end_when_idle_and_at_their_age() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("staff");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        assert_eq!(b.get("/staff").await.status, 200);
        let now = sengketa::models::now();
        let seen: chrono::NaiveDateTime = user_sessions::table
            .select(user_sessions::last_seen_at)
            .first(&mut *app.conn())
            .unwrap();
        assert!(seen <= now);

        // Idle longer than allowed: refused, and removed by the worker.
        diesel::update(user_sessions::table)
            .set(user_sessions::last_seen_at.eq(now - app.settings.session_idle))
            .execute(&mut *app.conn())
            .unwrap();
        assert_eq!(b.get("/staff").await.status, 303, "an idle session ends");
        sengketa::mail_worker(&app.settings, &app.pool)
            .unwrap()
            .housekeeping();
        let left: i64 = user_sessions::table
            .count()
            .get_result(&mut *app.conn())
            .unwrap();
        assert_eq!(left, 0, "lapsed sessions are removed");

        // Busy, but older than the lifetime: refused too.
        b.login(&email, &password).await;
        diesel::update(user_sessions::table)
            .set(user_sessions::created_at.eq(now - app.settings.session_lifetime))
            .execute(&mut *app.conn())
            .unwrap();
        assert_eq!(b.get("/staff").await.status, 303, "an old session ends");
    })
    .await;
}

#[actix_web::test]
async fn the_api_answers_errors_as_json_that_any_site_may_read() {
    let app = TestApp::with_demo(common::Backend::Sqlite).await;
    for path in [
        "/api/v1/registers/no-such-register",
        "/api/v1/no-such-thing",
        "/api/v1/registers?limit=banyak",
        "/exports/nothing.csv",
    ] {
        let page = app.get(path).await;
        assert!(page.status == 404 || page.status == 400, "{path}");
        let ct = page.headers.get("content-type").unwrap().to_str().unwrap();
        assert!(ct.starts_with("application/json"), "{path}: {ct}");
        let v: serde_json::Value = serde_json::from_str(&page.body).unwrap();
        assert!(v["error"].is_string(), "{path}: {v}");
        assert_eq!(
            page.headers.get("access-control-allow-origin").unwrap(),
            "*",
            "{path}"
        );
    }
    let res = app
        .client
        .request(
            hyper::Method::OPTIONS,
            format!("{}/api/v1/registers", app.base),
        )
        .insert_header(("origin", "https://jurnalis.contoh.invalid"))
        .insert_header(("access-control-request-method", "GET"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 204);
    assert_eq!(
        res.headers().get("access-control-allow-origin").unwrap(),
        "*"
    );
    assert!(res
        .headers()
        .get("access-control-allow-methods")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("GET"));
    let res = app
        .client
        .post(format!("{}/api/v1/registers", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
    // An address the API does not have, written to: the same 405, said in
    // the language asked for.
    for (lang, said) in [("id", "hanya dapat dibaca"), ("en", "can only be read")] {
        let res = app
            .client
            .request(
                hyper::Method::DELETE,
                format!("{}/api/v1/no-such-thing", app.base),
            )
            .insert_header(("accept-language", lang))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 405);
        assert_eq!(res.headers().get("allow").unwrap(), "GET, HEAD, OPTIONS");
        let v: serde_json::Value = serde_json::from_slice(res.body()).unwrap();
        assert!(v["error"].as_str().unwrap().contains(said), "{lang}: {v}");
    }
}

/// The server's resident memory now and at its peak, in KiB.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Sends a form with a wrong CSRF token and then `megabytes` of a PDF, as
/// a chunked body (no length said) or with its length; returns the status
/// the server answered and how many megabytes it took before answering.
fn upload_with_a_bad_token(
    addr: &str,
    path: &str,
    cookie: &str,
    megabytes: usize,
    chunked: bool,
) -> (String, usize) {
    use std::io::{BufRead, BufReader, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let boundary = "grens7d1f";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nbukan-token\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"doc_identity\"; filename=\"ktp.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
    );
    let mb = vec![b'A'; 1024 * 1024];
    let length = head.len() + megabytes * mb.len();
    let framing = if chunked {
        "Transfer-Encoding: chunked".to_string()
    } else {
        format!("Content-Length: {length}")
    };
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\n{framing}\r\n\r\n"
    );
    let send = |stream: &mut std::net::TcpStream, bytes: &[u8]| -> bool {
        if chunked {
            stream
                .write_all(format!("{:x}\r\n", bytes.len()).as_bytes())
                .and_then(|_| stream.write_all(bytes))
                .and_then(|_| stream.write_all(b"\r\n"))
                .is_ok()
        } else {
            stream.write_all(bytes).is_ok()
        }
    };
    stream.write_all(request.as_bytes()).unwrap();
    let mut sent = 0;
    if send(&mut stream, head.as_bytes()) {
        for _ in 0..megabytes {
            if !send(&mut stream, &mb) {
                break;
            }
            sent += 1;
        }
    }
    let mut line = String::new();
    let _ = BufReader::new(&stream).read_line(&mut line);
    (line.trim().to_string(), sent)
}

#[actix_web::test]
async fn large_uploads_with_a_bad_token_are_refused_without_being_held_in_memory() {
    on_each_backend(|backend| async move {
        let (app, _recipe, served) =
            TestApp::beside_process(backend, &[("SENGKETA_SEED_DEMO", "false")], None);
        let (email, password) = app.account("petitioner");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let token = csrf_of(&b.get("/my").await.body);
        let draft = b.post("/my/drafts", &[("csrf", &token)]).await;
        assert_eq!(draft.status, 303);
        let path = common::location(&draft);
        let cookie = b.cookie_header();
        let addr = app.base.trim_start_matches("http://").to_string();
        let pid = served.child.id();
        let (before, _) = memory_kib(pid);
        let answers: Vec<(String, usize)> = std::thread::scope(|s| {
            let jobs: Vec<_> = (0..4)
                .map(|i| {
                    let (addr, path, cookie) = (&addr, &path, &cookie);
                    s.spawn(move || upload_with_a_bad_token(addr, path, cookie, 100, i % 2 == 0))
                })
                .collect();
            jobs.into_iter().map(|j| j.join().unwrap()).collect()
        });
        let (_, peak) = memory_kib(pid);
        for (status, _) in &answers {
            assert!(
                status.contains(" 403 ") || status.contains(" 413 "),
                "{answers:?}"
            );
        }
        assert!(peak < 150 * 1024, "peak {peak} KiB");
        // The server goes on serving, and kept nothing of them.
        assert_eq!(app.get("/").await.status, 200);
        let incoming = app.settings.files_dir.join("incoming");
        let left = std::fs::read_dir(&incoming).map_or(0, |d| d.count());
        assert_eq!(left, 0, "no file left behind");
        record(
            "abuse: uploads and memory",
            backend,
            &[
                (
                    "4 × 100 MB uploads with a bad token: answers, MB sent before each",
                    format!("{answers:?}"),
                ),
                (
                    "server memory before / peak",
                    format!("{} / {} MiB", before / 1024, peak / 1024),
                ),
            ],
        );
    })
    .await;
}

#[actix_web::test]
async fn a_form_sent_a_byte_at_a_time_is_cut_off() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let addr = app.base.trim_start_matches("http://").to_string();
        let started = std::time::Instant::now();
        // Off the test's own thread: the server's timers run on it.
        let answer = actix_web::rt::task::spawn_blocking(move || {
            use std::io::{Read, Write};
            let mut stream = std::net::TcpStream::connect(&addr).unwrap();
            stream
                .set_read_timeout(Some(std::time::Duration::from_millis(900)))
                .unwrap();
            let head = format!(
                "POST /login HTTP/1.1\r\nHost: {addr}\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).unwrap();
            // A byte every 0.9 s for 18 s, then nothing more: the server
            // reads each byte as it comes, so when it gives up it has
            // nothing unread, and its answer is not lost to a reset.
            let mut got = Vec::new();
            for round in 0..90 {
                if round < 20 && stream.write_all(b"a").is_err() {
                    break;
                }
                let mut buf = [0u8; 4096];
                match stream.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        got.extend_from_slice(&buf[..n]);
                        if got.windows(7).any(|w| w == b"</html>") {
                            break;
                        }
                    }
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) => {}
                    Err(_) => break,
                }
            }
            String::from_utf8_lossy(&got).into_owned()
        })
        .await
        .unwrap();
        let waited = started.elapsed().as_secs();
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
        assert!(answer.contains("role=\"alert\""), "a page that says why");
        assert!(
            (25..60).contains(&waited),
            "cut off by the form's time limit, not before: {waited} s"
        );
        record(
            "abuse: slow bodies",
            backend,
            &[(
                "a form sent a byte a second: cut off after",
                format!("{waited} s"),
            )],
        );
    })
    .await;
}
