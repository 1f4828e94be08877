//! Following a register or a body by email: double opt-in, notices in the
//! follower's language, one-click unsubscribe.

use crate::common;

use common::smtp::SmtpServer;
use common::{on_each_backend, text, Browser, TestApp};
use diesel::prelude::*;
use sengketa::db::schema::outbox;
use sengketa::models::outbox::Message;

fn mail_to(app: &TestApp, to: &str) -> Vec<Message> {
    outbox::table
        .filter(outbox::recipient.eq(to))
        .order(outbox::created_at.asc())
        .select(Message::as_select())
        .load(&mut *app.conn())
        .unwrap()
}

/// The link in a message body that starts with `prefix`.
fn link(m: &Message, prefix: &str) -> String {
    let start = m
        .body_text
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in {}", m.body_text));
    m.body_text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

async fn advance(staff: &Browser<'_>, id: &str, to: &str, extra: &[(&str, &str)]) {
    let today = common::local_today().format("%Y-%m-%d").to_string();
    let mut fields = vec![("to_status", to), ("on", today.as_str())];
    fields.extend_from_slice(extra);
    let page = staff.change_status(id, &fields).await;
    assert_eq!(page.status, 303, "{}", text(&page.body));
}

#[actix_web::test]
async fn follow_confirm_receive_and_unsubscribe_with_one_click() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_in("preliminary").await;
        let public = format!("/registers/{id}");
        let visitor = Browser::new(&app);
        let page = visitor.get(&format!("{public}?lang=en")).await;
        assert!(page
            .body
            .contains(&format!("action=\"/registers/{id}/follow\"")));

        // Bad input and a missing token are refused.
        let page = visitor
            .submit(
                &public,
                &format!("{public}/follow"),
                &[("email", "not-an-address")],
            )
            .await;
        assert_eq!(page.status, 400);
        let page = visitor
            .post(
                &format!("{public}/follow"),
                &[("email", "pengikut@contoh.invalid")],
            )
            .await;
        assert_eq!(page.status, 403);

        let page = visitor
            .submit(
                &public,
                &format!("{public}/follow"),
                &[("email", "Pengikut@Contoh.invalid")],
            )
            .await;
        assert_eq!(page.status, 200);
        assert!(
            text(&page.body).contains("Check your email"),
            "English, as chosen: {}",
            text(&page.body)
        );
        let confirmation = mail_to(&app, "pengikut@contoh.invalid");
        assert_eq!(confirmation.len(), 1);
        assert_eq!(confirmation[0].lang, "en");

        // Unconfirmed: a status change sends the follower nothing.
        let (email, password) = app.account("staff");
        let staff = Browser::new(&app);
        staff.login(&email, &password).await;
        advance(&staff, &id, "mediation", &[]).await;
        assert_eq!(app.fan_out(), 1);
        assert_eq!(mail_to(&app, "pengikut@contoh.invalid").len(), 1);

        let confirm = link(&confirmation[0], "http");
        let path = confirm
            .trim_start_matches(&app.settings.base_url)
            .to_string();
        let page = app.get(&path).await;
        assert_eq!(page.status, 200);
        assert!(text(&page.body).contains("Anda mengikuti"));

        advance(&staff, &id, "adjudication", &[]).await;
        // The change itself queued one notice; the worker tells followers.
        assert_eq!(mail_to(&app, "pengikut@contoh.invalid").len(), 1);
        assert_eq!(app.fan_out(), 1);
        assert_eq!(app.fan_out(), 0, "a notice is told once");
        let notices = mail_to(&app, "pengikut@contoh.invalid");
        assert_eq!(notices.len(), 2);
        let notice = &notices[1];
        assert_eq!(notice.lang, "en");
        assert!(
            notice.body_text.contains("Adjudication (evidence)"),
            "{}",
            notice.body_text
        );
        assert!(!notice.body_text.contains("Rini") && !notice.body_text.contains("rini.setiawati"));
        let unsubscribe = notice.unsubscribe_url.clone().expect("an unsubscribe link");

        // Delivered with the one-click headers.
        let server = SmtpServer::start();
        let smtp = lettre::transport::smtp::SmtpTransport::builder_dangerous("127.0.0.1")
            .port(server.port)
            .build();
        let worker = sengketa::mail::worker::Worker::new(
            app.pool.clone(),
            sengketa::mail::Transport::Smtp(smtp),
            "Sengketa <noreply@contoh.invalid>".into(),
        );
        worker.run_once().unwrap();
        let got = server.received();
        let to_follower = got
            .iter()
            .find(|m| {
                m.to == vec!["pengikut@contoh.invalid".to_string()]
                    && m.data.contains("List-Unsubscribe-Post")
            })
            .unwrap();
        assert!(to_follower
            .data
            .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(to_follower.data.replace("=\r\n", "").contains(&unsubscribe));

        // One click, no cookie, no token: the follow ends.
        let path = unsubscribe
            .trim_start_matches(&app.settings.base_url)
            .to_string();
        let page = Browser::new(&app).get(&path).await;
        assert_eq!(page.status, 200, "a page with one button");
        let page = Browser::new(&app).post(&path, &[]).await;
        assert_eq!(page.status, 200);
        assert!(text(&page.body).contains("tidak lagi mengikuti"));
        advance(
            &staff,
            &id,
            "decided",
            &[
                ("outcome", "rejected"),
                ("decision_number", "101/KIP-PSI-A/X/2026"),
            ],
        )
        .await;
        assert_eq!(
            mail_to(&app, "pengikut@contoh.invalid").len(),
            2,
            "nothing after unsubscribing"
        );
    })
    .await;
}

#[actix_web::test]
async fn followers_of_a_body_hear_about_its_registers_and_old_requests_lapse() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_in("preliminary").await;
        let body = sengketa::models::registers::find(&mut app.conn(), &id)
            .unwrap()
            .unwrap()
            .respondent_id;
        let visitor = Browser::new(&app);
        let page = visitor
            .submit(
                &format!("/bodies/{body}"),
                &format!("/bodies/{body}/follow"),
                &[("email", "wartawan@contoh.invalid")],
            )
            .await;
        assert_eq!(page.status, 200);
        // A second request for the same follow within the hour sends
        // nothing more, and never makes a second follow.
        visitor
            .submit(
                &format!("/bodies/{body}"),
                &format!("/bodies/{body}/follow"),
                &[("email", "wartawan@contoh.invalid")],
            )
            .await;
        let confirmations = mail_to(&app, "wartawan@contoh.invalid");
        assert_eq!(confirmations.len(), 1);
        let path = link(&confirmations[0], "http")
            .trim_start_matches(&app.settings.base_url)
            .to_string();
        assert_eq!(app.get(&path).await.status, 200);

        let (email, password) = app.account("staff");
        let staff = Browser::new(&app);
        staff.login(&email, &password).await;
        advance(&staff, &id, "adjudication", &[]).await;
        app.fan_out();
        let notices = mail_to(&app, "wartawan@contoh.invalid");
        assert_eq!(notices.len(), 2);
        assert!(notices[1].body_text.contains("Ajudikasi"));

        // A request never confirmed lapses after 7 days.
        let visitor = Browser::new(&app);
        visitor
            .submit(
                &format!("/bodies/{body}"),
                &format!("/bodies/{body}/follow"),
                &[("email", "lupa@contoh.invalid")],
            )
            .await;
        let late = mail_to(&app, "lupa@contoh.invalid");
        diesel::update(
            sengketa::db::schema::follows::table
                .filter(sengketa::db::schema::follows::email.eq("lupa@contoh.invalid")),
        )
        .set(
            sengketa::db::schema::follows::created_at
                .eq(sengketa::models::now() - chrono::Duration::days(8)),
        )
        .execute(&mut *app.conn())
        .unwrap();
        let path = link(&late[0], "http")
            .trim_start_matches(&app.settings.base_url)
            .to_string();
        let page = app.get(&path).await;
        assert_eq!(page.status, 404);
        assert!(text(&page.body).contains("tidak berlaku lagi"));
        // The worker clears such requests away; confirmed follows stay.
        let worker = sengketa::mail_worker(&app.settings, &app.pool).unwrap();
        worker.housekeeping();
        let left: Vec<String> = sengketa::db::schema::follows::table
            .select(sengketa::db::schema::follows::email)
            .load(&mut *app.conn())
            .unwrap();
        assert_eq!(left, vec!["wartawan@contoh.invalid".to_string()]);
    })
    .await;
}

#[actix_web::test]
async fn hearings_and_tests_are_mailed_to_parties_and_followers() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_in("preliminary").await;
        let now = sengketa::models::now();
        let f = sengketa::models::follows::request(
            &mut app.conn(),
            "pemantau@contoh.invalid",
            &sengketa::models::follows::Target::Register(id.clone()),
            "en",
            "immediate",
            now,
        )
        .unwrap();
        sengketa::models::follows::confirm(
            &mut app.conn(),
            &f.token,
            now - chrono::Duration::days(1),
            now,
        )
        .unwrap();
        let (email, password) = app.account("staff");
        let staff = Browser::new(&app);
        staff.login(&email, &password).await;
        let day = (common::local_today() + chrono::Duration::days(20))
            .format("%Y-%m-%d")
            .to_string();
        let page = staff
            .submit(
                &format!("/staff/hearings/new?register={id}"),
                "/staff/hearings",
                &[
                    ("date", &day),
                    ("time", "09:30"),
                    ("kind", "evidence1"),
                    ("room", "Ruang 1"),
                    ("openness", "open"),
                    ("register", &id),
                ],
            )
            .await;
        assert_eq!(page.status, 303);
        app.fan_out();
        let follower = mail_to(&app, "pemantau@contoh.invalid");
        assert_eq!(follower.len(), 1);
        // Generated texts are written in the follower's language too.
        assert!(
            follower[0]
                .body_text
                .contains("Hearing scheduled: Evidence I"),
            "{}",
            follower[0].body_text
        );
        assert!(follower[0].unsubscribe_url.is_some());
        let petitioner = mail_to(&app, "rini.setiawati@contoh.invalid");
        assert_eq!(petitioner.len(), 1);
        assert!(petitioner[0]
            .body_text
            .contains("Sidang dijadwalkan: Pembuktian I"));

        let items = sengketa::models::registers::items(&mut app.conn(), &id).unwrap();
        let path = format!("/staff/registers/{id}/tests");
        let today = common::local_today().format("%Y-%m-%d").to_string();
        let page = staff
            .submit(
                &path,
                &path,
                &[("item", &items[0].id), ("ordered_on", &today)],
            )
            .await;
        assert_eq!(page.status, 303);
        app.fan_out();
        let follower = mail_to(&app, "pemantau@contoh.invalid");
        assert_eq!(follower.len(), 2);
        assert!(follower[1].body_text.contains("Consequence test ordered"));
        assert!(
            follower[1]
                .body_text
                .contains("The panel ordered a consequence test of items 1."),
            "{}",
            follower[1].body_text
        );
    })
    .await;
}

#[actix_web::test]
async fn reminders_go_out_once_the_working_day_before_a_hearing_and_staff_get_a_summary() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        // The demo's scheduled second preliminary hearing, a few working days ahead.
        let h = sengketa::models::hearings::upcoming(&mut app.conn(), sengketa::models::now(), 50)
            .unwrap()
            .into_iter()
            .find(|h| h.kind == "pa2")
            .unwrap();
        let tz = app.settings.time_zone;
        let hearing_day =
            sengketa::domain::calendar::local_time(h.starts_at, &h.time_zone, tz).date_naive();
        let cal = sengketa::models::calendar::working_calendar(&mut app.conn(), true).unwrap();
        let mut eve = hearing_day - chrono::Duration::days(1);
        while !cal.is_working_day(eve) {
            eve -= chrono::Duration::days(1);
        }
        let morning = eve.and_hms_opt(7, 0, 0).unwrap();
        let two_days_before = (eve - chrono::Duration::days(1))
            .and_hms_opt(5, 0, 0)
            .unwrap();
        let at = sengketa::models::now();

        let queue = |local| {
            sengketa::mail::reminders::queue_due(&mut app.conn(), &app.settings, local, at).unwrap()
        };
        assert_eq!(
            queue(two_days_before),
            0,
            "too early, and before the summary hour"
        );
        assert_eq!(
            queue(morning),
            1,
            "the hearing reminder; no staff account reads a summary yet"
        );
        let (staff_email, _) = app.account("staff");
        assert_eq!(queue(morning), 1, "the summary, now that someone reads it");
        assert_eq!(queue(morning), 0, "each reminder once");

        let petitioner = mail_to(&app, "rini.setiawati@contoh.invalid");
        assert_eq!(petitioner.len(), 1);
        assert!(
            petitioner[0]
                .body_text
                .contains("Pengingat: Pemeriksaan awal II"),
            "{}",
            petitioner[0].body_text
        );
        let summary = mail_to(&app, &staff_email);
        assert_eq!(summary.len(), 1);
        assert!(summary[0].subject.starts_with("Tenggat kepaniteraan"));
        assert!(
            summary[0]
                .body_text
                .contains("Dimulainya penyelesaian sengketa"),
            "{}",
            summary[0].body_text
        );
    })
    .await;
}

#[actix_web::test]
async fn any_email_leads_to_a_page_listing_every_follow_of_the_address() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_in("preliminary").await;
        let body = sengketa::models::registers::find(&mut app.conn(), &id)
            .unwrap()
            .unwrap()
            .respondent_id;
        let now = sengketa::models::now();
        let mut tokens = Vec::new();
        for target in [
            sengketa::models::follows::Target::Register(id.clone()),
            sengketa::models::follows::Target::Body(body.clone()),
        ] {
            let f = sengketa::models::follows::request(
                &mut app.conn(),
                "dua@contoh.invalid",
                &target,
                "id",
                "immediate",
                now,
            )
            .unwrap();
            sengketa::models::follows::confirm(
                &mut app.conn(),
                &f.token,
                now - chrono::Duration::days(1),
                now,
            )
            .unwrap();
            tokens.push(f.token);
        }
        let page = app
            .get(&format!("/follows/{}/unsubscribe", tokens[0]))
            .await;
        assert_eq!(page.status, 200);
        let t = text(&page.body);
        assert!(
            t.contains("dua@contoh.invalid") && t.contains("Kementerian Contoh dan Peragaan"),
            "{t}"
        );
        assert!(page
            .body
            .contains(&format!("action=\"/follows/{}/unsubscribe\"", tokens[1])));
        // Stopping the body's follow from the register's email leaves the register's.
        let page = Browser::new(&app)
            .post(&format!("/follows/{}/unsubscribe", tokens[1]), &[])
            .await;
        assert_eq!(page.status, 200);
        let t = text(
            &app.get(&format!("/follows/{}/unsubscribe", tokens[0]))
                .await
                .body,
        );
        assert!(!t.contains("Kementerian Contoh dan Peragaan"), "{t}");
        assert_eq!(
            sengketa::models::follows::of_address(&mut app.conn(), "dua@contoh.invalid")
                .unwrap()
                .len(),
            1
        );
    })
    .await;
}

#[actix_web::test]
async fn signed_in_users_follow_with_one_click() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let public = format!("/registers/{}", app.register_in("preliminary").await);
        let (email, password) = app.account("petitioner");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let page = b.get(&public).await;
        assert!(
            text(&page.body).contains(&format!("Ikuti dengan {email}")),
            "{}",
            text(&page.body)
        );
        assert!(
            !page.body.contains("id=\"follow-email\""),
            "no address to type"
        );
        let page = b
            .submit(&public, &format!("{public}/follow"), &[("account", "1")])
            .await;
        assert_eq!(page.status, 200);
        assert!(text(&page.body).contains("Anda mengikuti"));
        let follows = sengketa::models::follows::of_address(&mut app.conn(), &email).unwrap();
        assert_eq!(follows.len(), 1, "confirmed at once");
        assert!(
            mail_to(&app, &email).is_empty(),
            "no confirmation email needed"
        );
        // Anonymous visitors cannot use the account button.
        let anon = Browser::new(&app);
        let page = anon
            .submit(&public, &format!("{public}/follow"), &[("account", "1")])
            .await;
        assert_eq!(page.status, 303, "sent to the login page");
    })
    .await;
}

/// Local time `days` from today at `hour`:00, as the worker's clock would read.
fn local_at(days: i64, hour: u32) -> chrono::NaiveDateTime {
    (common::local_today() + chrono::Duration::days(days))
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

fn digests(app: &TestApp, local: chrono::NaiveDateTime) -> usize {
    sengketa::mail::followers::queue_digests(
        &mut app.conn(),
        &app.settings,
        local,
        sengketa::models::now(),
    )
    .unwrap()
}

#[actix_web::test]
async fn a_digest_follower_gets_one_email_a_day_and_can_switch_or_stop() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_in("preliminary").await;
        let public = format!("/registers/{id}");
        let visitor = Browser::new(&app);
        let page = visitor.get(&format!("{public}?lang=en")).await;
        assert!(page.body.contains("name=\"mode\" value=\"digest\""));
        let page = visitor
            .submit(
                &public,
                &format!("{public}/follow"),
                &[("email", "ringkas@contoh.invalid"), ("mode", "digest")],
            )
            .await;
        assert_eq!(page.status, 200);
        let confirm = link(&mail_to(&app, "ringkas@contoh.invalid")[0], "http");
        let path = confirm.trim_start_matches(&app.settings.base_url);
        assert_eq!(app.get(path).await.status, 200);

        let (email, password) = app.account("staff");
        let staff = Browser::new(&app);
        staff.login(&email, &password).await;
        advance(&staff, &id, "mediation", &[]).await;
        advance(&staff, &id, "adjudication", &[]).await;
        assert_eq!(app.fan_out(), 2);
        assert_eq!(
            mail_to(&app, "ringkas@contoh.invalid").len(),
            1,
            "no immediate email for a digest follow"
        );

        // Before the digest hour nothing; then one email with both changes.
        assert_eq!(digests(&app, local_at(0, 6)), 0);
        assert_eq!(digests(&app, local_at(0, 8)), 1);
        assert_eq!(digests(&app, local_at(0, 9)), 0, "once a day");
        let mail = mail_to(&app, "ringkas@contoh.invalid");
        assert_eq!(mail.len(), 2);
        let digest = &mail[1];
        assert_eq!(digest.lang, "en");
        assert!(
            digest.subject.starts_with("Daily digest"),
            "{}",
            digest.subject
        );
        for status in ["Mediation", "Adjudication"] {
            assert!(digest.body_text.contains(status), "{}", digest.body_text);
            assert!(digest.body_html.contains(status));
        }
        assert!(digest
            .body_text
            .contains(&format!("{}/registers/{id}", app.settings.base_url)));
        let unsubscribe = digest.unsubscribe_url.clone().expect("one-click link");
        assert!(unsubscribe.ends_with("?scope=digest"), "{unsubscribe}");

        // A later event waits for the next day's digest.
        advance(
            &staff,
            &id,
            "decided",
            &[
                ("outcome", "rejected"),
                ("decision_number", "102/KIP-PSI-A/X/2026"),
            ],
        )
        .await;
        app.fan_out();
        assert_eq!(digests(&app, local_at(0, 10)), 0);
        assert_eq!(digests(&app, local_at(1, 7)), 1);
        assert!(mail_to(&app, "ringkas@contoh.invalid")[2]
            .body_text
            .contains("Decided"));

        // Switched to immediate from the page every email links to.
        let manage = link(digest, &format!("{}/follows/", app.settings.base_url));
        let manage = manage
            .trim_start_matches(&app.settings.base_url)
            .to_string();
        let page = visitor.get(&format!("{manage}?lang=en")).await;
        assert!(
            text(&page.body).contains("as a daily digest"),
            "{}",
            text(&page.body)
        );
        let action = manage.replace("/unsubscribe", "/mode");
        assert!(page.body.contains(&format!("action=\"{action}\"")));
        let page = visitor.post(&action, &[("mode", "immediate")]).await;
        assert_eq!(page.status, 303);
        let follows =
            sengketa::models::follows::of_address(&mut app.conn(), "ringkas@contoh.invalid")
                .unwrap();
        assert_eq!(follows[0].0.mode, "immediate");

        // Back to a digest, then stopped with the digest's one-click link.
        visitor.post(&action, &[("mode", "digest")]).await;
        let one_click = unsubscribe.trim_start_matches(&app.settings.base_url);
        let page = visitor
            .post(one_click, &[("List-Unsubscribe", "One-Click")])
            .await;
        assert_eq!(page.status, 200);
        assert!(
            sengketa::models::follows::of_address(&mut app.conn(), "ringkas@contoh.invalid")
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[actix_web::test]
async fn several_workers_tell_each_follower_once() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_in("preliminary").await;
        let now = sengketa::models::now() - chrono::Duration::seconds(5);
        let target = sengketa::models::follows::Target::Register(id.clone());
        for i in 0..60 {
            let f = sengketa::models::follows::request(
                &mut app.conn(),
                &format!("p{i}@contoh.invalid"),
                &target,
                if i % 2 == 0 { "id" } else { "en" },
                "immediate",
                now,
            )
            .unwrap();
            let window = now - chrono::Duration::days(1);
            sengketa::models::follows::confirm(&mut app.conn(), &f.token, window, now).unwrap();
        }
        let (email, password) = app.account("staff");
        let staff = Browser::new(&app);
        staff.login(&email, &password).await;
        advance(&staff, &id, "mediation", &[]).await;
        advance(&staff, &id, "adjudication", &[]).await;
        let (pool, settings) = (&app.pool, &app.settings);
        let told: usize = std::thread::scope(|s| {
            let workers: Vec<_> = (0..3)
                .map(|_| {
                    s.spawn(move || {
                        let mut conn = pool.get().unwrap();
                        sengketa::mail::followers::fan_out_waiting(&mut conn, settings, 10).unwrap()
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).sum()
        });
        assert_eq!(told, 2, "each notice expanded by one worker");
        for i in 0..60 {
            let mail = mail_to(&app, &format!("p{i}@contoh.invalid"));
            assert_eq!(mail.len(), 2, "p{i}");
            let want = if i % 2 == 0 { "Mediasi" } else { "Mediation" };
            assert!(mail.iter().any(|m| m.body_text.contains(want)), "p{i}");
        }
    })
    .await;
}
