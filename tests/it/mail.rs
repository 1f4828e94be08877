//! Email goes out through the outbox, exactly once, even when the mail
//! server fails for a while or a worker dies mid-send.

use crate::common;

use common::smtp::SmtpServer;
use common::{location, on_each_backend, text, Browser, TestApp};
use diesel::prelude::*;
use sengketa::db::schema::outbox;
use sengketa::mail::worker::Worker;
use sengketa::mail::Transport;
use sengketa::models::outbox::Message;

fn worker_for(app: &TestApp, server: &SmtpServer) -> Worker {
    let smtp = lettre::transport::smtp::SmtpTransport::builder_dangerous("127.0.0.1")
        .port(server.port)
        .build();
    Worker::new(
        app.pool.clone(),
        Transport::Smtp(smtp),
        "Sengketa <noreply@contoh.invalid>".into(),
    )
}

fn messages(app: &TestApp) -> Vec<Message> {
    outbox::table
        .order(outbox::created_at.asc())
        .select(Message::as_select())
        .load(&mut *app.conn())
        .unwrap()
}

/// Makes every waiting message due now, as if the backoff had passed.
fn fast_forward(app: &TestApp) {
    diesel::update(outbox::table)
        .set(outbox::next_attempt_at.eq(sengketa::models::now() - chrono::Duration::seconds(1)))
        .execute(&mut *app.conn())
        .unwrap();
}

/// Registers the demo's received application through the staff form.
async fn register_application(app: &TestApp) -> String {
    let id: String = {
        use sengketa::db::schema::registers as r;
        r::table
            .filter(r::status.eq("received"))
            .select(r::id)
            .first(&mut *app.conn())
            .unwrap()
    };
    let (email, password) = app.account("staff");
    let b = Browser::new(app);
    b.login(&email, &password).await;
    let path = format!("/staff/registers/{id}");
    let page = b.register(&id, "Permohonan diregistrasi.").await;
    assert_eq!(location(&page), path, "{}", text(&page.body));
    id
}

#[actix_web::test]
async fn a_status_change_mails_the_parties_once() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        assert!(messages(&app).is_empty(), "the demo queues no email");
        let id = register_application(&app).await;
        let queued = messages(&app);
        // The petitioner and the respondent's notice address.
        let mut to: Vec<&str> = queued.iter().map(|m| m.recipient.as_str()).collect();
        to.sort();
        assert_eq!(
            to,
            vec!["ppid@kcp.contoh.invalid", "rini.setiawati@contoh.invalid"]
        );
        assert!(queued
            .iter()
            .all(|m| m.state == "pending" && m.register_id.as_deref() == Some(id.as_str())));

        let server = SmtpServer::start();
        let worker = worker_for(&app, &server);
        assert_eq!(worker.run_once().unwrap(), 2);
        assert_eq!(worker.run_once().unwrap(), 0, "nothing is sent twice");
        let got = server.received();
        assert_eq!(got.len(), 2);
        for mail in &got {
            assert!(mail.data.contains("Content-Language: id"), "{}", mail.data);
            // Undo quoted-printable soft line breaks before looking for the link.
            let flat = mail.data.replace("=\r\n", "");
            assert!(
                flat.contains(&format!("/registers/{id}")),
                "a link to the register: {flat}"
            );
            assert!(mail.data.contains("Teregistrasi"));
            let stored = queued
                .iter()
                .find(|m| mail.to.contains(&m.recipient))
                .unwrap();
            assert!(
                mail.data
                    .contains(&format!("Message-ID: {}", stored.message_id)),
                "{}",
                mail.data
            );
        }
        let to_body = got
            .iter()
            .find(|m| m.to == vec!["ppid@kcp.contoh.invalid".to_string()])
            .unwrap();
        assert!(
            !to_body.data.contains("Rini Setiawati") && !to_body.data.contains("3100000000000001")
        );
        assert!(messages(&app)
            .iter()
            .all(|m| m.state == "sent" && m.sent_at.is_some()));
    })
    .await;
}

#[actix_web::test]
async fn a_petitioner_who_reads_english_is_mailed_in_english() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        {
            use sengketa::db::schema::petitioners as p;
            diesel::update(p::table.filter(p::email.eq("rini.setiawati@contoh.invalid")))
                .set(p::lang.eq("en"))
                .execute(&mut *app.conn())
                .unwrap();
        }
        register_application(&app).await;
        let queued = messages(&app);
        let petitioner = queued
            .iter()
            .find(|m| m.recipient == "rini.setiawati@contoh.invalid")
            .unwrap();
        assert_eq!(petitioner.lang, "en");
        assert!(
            petitioner.body_text.contains("Registered"),
            "{}",
            petitioner.body_text
        );
        let respondent = queued
            .iter()
            .find(|m| m.recipient == "ppid@kcp.contoh.invalid")
            .unwrap();
        assert_eq!(respondent.lang, "id");
        assert!(respondent.body_text.contains("Teregistrasi"));
    })
    .await;
}

#[actix_web::test]
async fn temporary_failures_are_retried_and_permanent_ones_become_dead_letters() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        register_application(&app).await;
        let server = SmtpServer::start();
        let worker = worker_for(&app, &server);
        // First message: 451, then accepted. Second: 550, refused for good.
        server.script(&[451, 550]);
        worker.run_once().unwrap();
        let after_first = messages(&app);
        let waiting: Vec<&Message> = after_first
            .iter()
            .filter(|m| m.state == "pending")
            .collect();
        let dead: Vec<&Message> = after_first.iter().filter(|m| m.state == "dead").collect();
        assert_eq!((waiting.len(), dead.len()), (1, 1));
        assert_eq!(waiting[0].attempts, 1);
        assert!(
            waiting[0].next_attempt_at > sengketa::models::now(),
            "backed off"
        );
        assert!(waiting[0]
            .last_error
            .as_deref()
            .unwrap_or("")
            .contains("451"));
        assert_eq!(worker.run_once().unwrap(), 0, "not due yet");
        fast_forward(&app);
        assert_eq!(worker.run_once().unwrap(), 1);
        assert_eq!(server.received().len(), 1);
        assert_eq!(server.attempts(), 3);

        // A dead letter put back by staff goes out.
        assert!(sengketa::models::outbox::resend(
            &mut app.conn(),
            &dead[0].id,
            sengketa::models::now()
        )
        .unwrap());
        assert_eq!(worker.run_once().unwrap(), 1);
        assert_eq!(server.received().len(), 2);
        assert!(messages(&app).iter().all(|m| m.state == "sent"));
    })
    .await;
}

#[actix_web::test]
async fn a_mail_server_that_is_down_gets_everything_once_it_is_back() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        register_application(&app).await;
        // Nothing listens on this port.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let smtp = lettre::transport::smtp::SmtpTransport::builder_dangerous("127.0.0.1")
            .port(closed)
            .build();
        let down = Worker::new(
            app.pool.clone(),
            Transport::Smtp(smtp),
            "Sengketa <noreply@contoh.invalid>".into(),
        );
        assert_eq!(down.run_once().unwrap(), 2);
        assert!(messages(&app)
            .iter()
            .all(|m| m.state == "pending" && m.attempts == 1));
        let server = SmtpServer::start();
        fast_forward(&app);
        assert_eq!(worker_for(&app, &server).run_once().unwrap(), 2);
        assert_eq!(server.received().len(), 2);
    })
    .await;
}

#[actix_web::test]
async fn messages_left_by_a_dead_worker_are_sent_by_another_and_a_live_claim_is_respected() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        register_application(&app).await;
        let now = sengketa::models::now();
        // A worker claims both messages and dies before sending.
        let claimed =
            sengketa::models::outbox::claim(&mut app.conn(), "worker-that-died", now, 10).unwrap();
        assert_eq!(claimed.len(), 2);
        let server = SmtpServer::start();
        let worker = worker_for(&app, &server);
        assert_eq!(worker.run_once().unwrap(), 0, "a fresh claim is left alone");
        assert!(server.received().is_empty());
        // Long after, the claim is stale and the messages go out.
        diesel::update(outbox::table)
            .set(outbox::claimed_at.eq(now - chrono::Duration::minutes(10)))
            .execute(&mut *app.conn())
            .unwrap();
        assert_eq!(worker.run_once().unwrap(), 2);
        assert_eq!(server.received().len(), 2);
        // The dead worker's late settlement changes nothing.
        let s = sengketa::models::outbox::Settlement {
            state: "dead",
            attempts: 9,
            next_attempt_at: now,
            error: Some("late".into()),
            now,
        };
        assert!(!sengketa::models::outbox::settle(
            &mut app.conn(),
            &claimed[0].id,
            "worker-that-died",
            &s
        )
        .unwrap());
        assert!(messages(&app).iter().all(|m| m.state == "sent"));
    })
    .await;
}

#[actix_web::test]
async fn a_refused_change_queues_nothing() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id: String = {
            use sengketa::db::schema::registers as r;
            r::table
                .filter(r::status.eq("received"))
                .select(r::id)
                .first(&mut *app.conn())
                .unwrap()
        };
        let (email, password) = app.account("staff");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let path = format!("/staff/registers/{id}");
        let page = b.get(&path).await;
        let token = common::csrf_of(&page.body);
        let today = common::local_today().format("%Y-%m-%d").to_string();
        // A stale version: the change rolls back, and so does its email.
        let page = b
            .post(
                &format!("{path}/status"),
                &[
                    ("csrf", &token),
                    ("version", "0"),
                    ("to_status", "incomplete"),
                    ("on", &today),
                    ("missing", "KTP"),
                ],
            )
            .await;
        assert_eq!(page.status, 409);
        assert!(messages(&app).is_empty());
        // The same change with the right version queues the petitioner's
        // email, with what is missing; the respondent hears nothing yet.
        let version = common::find_after(&b.get(&path).await.body, "name=\"version\"", "value")
            .unwrap()
            .to_string();
        let page = b
            .post(
                &format!("{path}/status"),
                &[
                    ("csrf", &token),
                    ("version", &version),
                    ("to_status", "incomplete"),
                    ("on", &today),
                    ("missing", "KTP"),
                ],
            )
            .await;
        assert_eq!(page.status, 303);
        let queued = messages(&app);
        assert_eq!(queued.len(), 1);
        assert_eq!(queued[0].recipient, "rini.setiawati@contoh.invalid");
        assert!(queued[0].body_text.contains("Yang perlu dilengkapi: KTP"));
        assert!(
            !queued[0].body_text.contains("/registers/"),
            "no public link before registration"
        );
    })
    .await;
}

#[actix_web::test]
async fn without_a_relay_serve_writes_eml_files() {
    on_each_backend(|backend| async move {
        let app = TestApp::start(
            backend,
            &[("SENGKETA_SEED_DEMO", "true"), ("SENGKETA_WORKER", "true")],
        )
        .await;
        register_application(&app).await;
        let dir = app.settings.mail_dir.clone();
        let mut files = Vec::new();
        let mut queued = Vec::new();
        for _ in 0..100 {
            files = std::fs::read_dir(&dir)
                .map(|d| {
                    d.flatten()
                        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                        .collect()
                })
                .unwrap_or_default();
            queued = messages(&app);
            if files.len() >= 2 && queued.iter().all(|m| m.state == "sent") {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        // The registration's two messages, and whatever reminders the
        // worker in `serve` queued for the demo's hearings and deadlines.
        assert_eq!(files.len(), queued.len(), "{}", dir.display());
        let registered = files
            .iter()
            .map(|f| std::fs::read_to_string(f.path()).unwrap())
            .filter(|eml| eml.contains("Subject:") && eml.contains("Teregistrasi"))
            .count();
        assert_eq!(registered, 2, "{}", dir.display());
    })
    .await;
}

#[actix_web::test]
async fn staff_see_what_was_sent_and_resend_a_dead_letter() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = register_application(&app).await;
        let server = SmtpServer::start();
        server.script(&[550, 550]);
        worker_for(&app, &server).run_once().unwrap();
        let (email, password) = app.account("staff");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let page = text(&b.get("/staff/mail").await.body);
        assert!(
            page.contains("rini.setiawati@contoh.invalid") && page.contains("Gagal"),
            "{page}"
        );
        assert!(page.contains("550"), "the error is shown");
        let of_register = text(&b.get(&format!("/staff/registers/{id}/mail")).await.body);
        assert!(of_register.contains("ppid@kcp.contoh.invalid"));
        let dead = messages(&app)[0].id.clone();
        let page = b
            .submit("/staff/mail", &format!("/staff/mail/{dead}/resend"), &[])
            .await;
        assert_eq!(page.status, 303);
        let page = b
            .submit("/staff/mail", &format!("/staff/mail/{dead}/resend"), &[])
            .await;
        assert_eq!(page.status, 400, "only a dead letter can be resent");
        assert_eq!(worker_for(&app, &server).run_once().unwrap(), 1);
        assert_eq!(server.received().len(), 1);
    })
    .await;
}

#[actix_web::test]
async fn killing_the_worker_mid_batch_loses_nothing_and_resends_at_most_what_was_in_flight() {
    on_each_backend(|backend| async move {
        let app = TestApp::empty(backend).await;
        common::queue_mail(&app, "r", 0..40);
        let server = SmtpServer::start();
        server.slow_down(std::time::Duration::from_millis(150));
        let url = app.db_url.clone();
        let start_worker = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_sengketa"))
                .arg("worker")
                .env("DATABASE_URL", &url)
                .env(
                    "SENGKETA_SMTP_URL",
                    format!("smtp://127.0.0.1:{}", server.port),
                )
                .env("SENGKETA_SEED_DEMO", "false")
                .env("SENGKETA_MAIL_DIR", &app.settings.mail_dir)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        let mut worker = start_worker();
        let started = std::time::Instant::now();
        while server.received().len() < 5 {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(30),
                "the worker sent nothing"
            );
            actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        worker.kill().unwrap();
        worker.wait().unwrap();
        let in_flight = messages(&app)
            .iter()
            .filter(|m| m.state == "sending")
            .count();
        assert!(in_flight > 0, "the worker died holding claimed messages");
        // Time passes: the dead worker's claims go stale.
        diesel::update(outbox::table.filter(outbox::state.eq("sending")))
            .set(outbox::claimed_at.eq(sengketa::models::now() - chrono::Duration::minutes(10)))
            .execute(&mut *app.conn())
            .unwrap();
        server.slow_down(std::time::Duration::ZERO);
        let mut worker = start_worker();
        for _ in 0..300 {
            if messages(&app).iter().all(|m| m.state == "sent") {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        worker.kill().unwrap();
        worker.wait().unwrap();
        let stored = messages(&app);
        assert!(
            stored.iter().all(|m| m.state == "sent"),
            "everything was delivered"
        );
        let received = server.received();
        let mut ids: Vec<String> = stored
            .iter()
            .filter(|m| received.iter().any(|r| r.data.contains(&m.message_id)))
            .map(|m| m.message_id.clone())
            .collect();
        ids.dedup();
        assert_eq!(ids.len(), 40, "every message arrived");
        let duplicates = received.len() - 40;
        assert!(
            duplicates <= in_flight,
            "{duplicates} resent, {in_flight} were in flight"
        );
    })
    .await;
}

#[actix_web::test]
async fn once_the_relay_takes_a_message_everything_that_waited_for_it_is_due_at_once() {
    on_each_backend(|backend| async move {
        let app = TestApp::empty(backend).await;
        let server = SmtpServer::start();
        let worker = worker_for(&app, &server);
        common::queue_mail(&app, "tunggu", 0..5);
        server.go_down();
        assert_eq!(worker.run_once().unwrap(), 5);
        let now = sengketa::models::now();
        let waiting = messages(&app);
        assert!(waiting
            .iter()
            .all(|m| m.state == "pending" && m.attempts == 1 && m.next_attempt_at > now));
        // A relay that answers "try later" is not a relay that is gone: a
        // 451 keeps its own backoff.
        server.come_back();
        server.script(&[451]);
        common::queue_mail(&app, "sibuk", 0..1);
        assert_eq!(worker.run_once().unwrap(), 1);
        common::queue_mail(&app, "baru", 0..1);
        assert_eq!(worker.run_once().unwrap(), 1, "only the new message is due");
        assert_eq!(server.received().len(), 1);
        let now = sengketa::models::now();
        let after = messages(&app);
        let due: Vec<&Message> = after
            .iter()
            .filter(|m| m.state == "pending" && m.next_attempt_at <= now)
            .collect();
        assert_eq!(
            due.len(),
            5,
            "the messages that found the relay gone are due"
        );
        assert!(due.iter().all(|m| m.recipient.starts_with("tunggu")));
        assert_eq!(worker.run_once().unwrap(), 5);
        assert_eq!(server.received().len(), 6);
        let busy = messages(&app)
            .into_iter()
            .find(|m| m.recipient.starts_with("sibuk"))
            .unwrap();
        assert!(busy.state == "pending" && busy.next_attempt_at > now);
    })
    .await;
}
