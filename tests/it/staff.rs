//! Accounts, sessions and the registry's pages, through HTTP forms.

use crate::common;

use common::{location, on_each_backend, register_links, text, Browser, TestApp};

/// The demo application received but not yet registered.
fn received_application(app: &TestApp) -> String {
    use diesel::prelude::*;
    use sengketa::db::schema::registers as r;
    r::table
        .filter(r::status.eq("received"))
        .select(r::id)
        .first::<String>(&mut *app.conn())
        .expect("the demo has a received application")
}

#[actix_web::test]
async fn access_matrix_of_staff_and_admin_pages() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_id(sengketa::seed::demo::REFERENCE_NUMBERS[0]);
        let hearing: String = {
            use diesel::prelude::*;
            sengketa::db::schema::hearings::table
                .select(sengketa::db::schema::hearings::id)
                .first(&mut *app.conn())
                .unwrap()
        };
        let test = sengketa::models::registers::tests_with_items(&mut app.conn(), &id).unwrap()[0]
            .0
            .id
            .clone();
        let body = sengketa::models::registers::find(&mut app.conn(), &id)
            .unwrap()
            .unwrap()
            .respondent_id;
        let gets = [
            ("/staff".to_string(), false),
            (format!("/staff/registers/{id}"), false),
            (format!("/staff/registers/{id}/items"), false),
            (format!("/staff/registers/{id}/tests"), false),
            ("/staff/hearings/new".to_string(), false),
            ("/staff/applications/new".to_string(), false),
            (format!("/staff/hearings/{hearing}"), false),
            ("/staff/users".to_string(), true),
            ("/staff/calendar".to_string(), true),
            ("/staff/bodies".to_string(), true),
            (format!("/staff/bodies/{body}"), true),
            ("/staff/mail".to_string(), false),
            (format!("/staff/registers/{id}/mail"), false),
        ];
        let posts = [
            (format!("/staff/registers/{id}/status"), false),
            (format!("/staff/registers/{id}/follow-up"), false),
            (format!("/staff/registers/{id}/items"), false),
            (format!("/staff/registers/{id}/tests"), false),
            (format!("/staff/tests/{test}"), false),
            ("/staff/hearings".to_string(), false),
            ("/staff/applications".to_string(), false),
            (format!("/staff/hearings/{hearing}"), false),
            (format!("/staff/hearings/{hearing}/state"), false),
            ("/staff/users".to_string(), true),
            ("/staff/calendar".to_string(), true),
            ("/staff/calendar/delete".to_string(), true),
            ("/staff/calendar/import".to_string(), true),
            ("/staff/bodies".to_string(), true),
            (format!("/staff/bodies/{body}"), true),
            ("/staff/mail/no-such-message/resend".to_string(), false),
        ];

        let anonymous = Browser::new(&app);
        for (path, _) in &gets {
            let page = anonymous.get(path).await;
            assert_eq!(page.status, 303, "anonymous GET {path}");
            assert!(
                location(&page).starts_with("/login?next="),
                "{path} → {}",
                location(&page)
            );
        }
        for (path, _) in &posts {
            let page = anonymous.post(path, &[]).await;
            assert_eq!(page.status, 303, "anonymous POST {path}");
        }

        for (role, staff, admin) in [
            ("petitioner", false, false),
            ("staff", true, false),
            ("admin", true, true),
        ] {
            let (email, password) = app.account(role);
            let b = Browser::new(&app);
            b.login(&email, &password).await;
            let token = common::csrf_of(&b.get("/account").await.body);
            for (path, admin_only) in &gets {
                let allowed = if *admin_only { admin } else { staff };
                let status = b.get(path).await.status;
                assert_eq!(status, if allowed { 200 } else { 403 }, "{role} GET {path}");
            }
            for (path, admin_only) in &posts {
                let allowed = if *admin_only { admin } else { staff };
                // A valid token but an empty form: refused as bad input
                // (or as not found, for a message that does not exist).
                let status = b.post(path, &[("csrf", &token)]).await.status;
                let refused_input = if path.contains("no-such-") { 404 } else { 400 };
                assert_eq!(
                    status,
                    if allowed { refused_input } else { 403 },
                    "{role} POST {path}"
                );
            }
        }
    })
    .await;
}

#[actix_web::test]
async fn forms_without_a_valid_token_are_refused_and_offered_again() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("staff");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let id = received_application(&app);
        let path = format!("/staff/registers/{id}/status");
        for token in [None, Some("forged")] {
            let mut fields = vec![
                ("to_status", "withdrawn"),
                ("reason", "Alasan yang diketik"),
                ("version", "1"),
            ];
            if let Some(t) = token {
                fields.push(("csrf", t));
            }
            let page = b.post(&path, &fields).await;
            assert_eq!(page.status, 403);
            let t = text(&page.body);
            assert!(t.contains("Formulir kedaluwarsa"), "{t}");
            assert!(
                page.body.contains("value=\"Alasan yang diketik\""),
                "the input is kept for resubmitting"
            );
            assert!(page.body.contains(&format!("action=\"{path}\"")));
        }
        let r = sengketa::models::registers::find(&mut app.conn(), &id)
            .unwrap()
            .unwrap();
        assert_eq!(r.status, "received", "nothing was saved");

        // Login itself needs the token.
        let fresh = Browser::new(&app);
        let page = fresh
            .post("/login", &[("email", &email), ("password", &password)])
            .await;
        assert_eq!(page.status, 403);
        assert!(!page.body.contains(&password), "passwords are never echoed");
    })
    .await;
}

#[actix_web::test]
async fn login_attempts_are_limited_per_account() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("staff");
        let b = Browser::new(&app);
        for _ in 0..sengketa::domain::limits::FREE_FAILURES {
            let page = b
                .submit(
                    "/login",
                    "/login",
                    &[("email", &email), ("password", "salah-salah-salah")],
                )
                .await;
            assert_eq!(page.status, 401);
            assert!(text(&page.body).contains("Email atau kata sandi salah."));
        }
        let page = b
            .submit(
                "/login",
                "/login",
                &[("email", &email), ("password", &password)],
            )
            .await;
        assert_eq!(page.status, 429, "even the right password waits");
        assert!(text(&page.body).contains("Terlalu banyak percobaan masuk"));
        // Another account from the same address is still served.
        let (other, other_password) = app.account("staff");
        Browser::new(&app).login(&other, &other_password).await;
    })
    .await;
}

#[actix_web::test]
async fn logout_and_password_change_end_every_session_of_the_user() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("staff");
        let laptop = Browser::new(&app);
        let phone = Browser::new(&app);
        laptop.login(&email, &password).await;
        phone.login(&email, &password).await;
        assert_eq!(laptop.get("/staff").await.status, 200);
        assert_eq!(phone.get("/staff").await.status, 200);

        let page = laptop.submit("/account", "/logout", &[]).await;
        assert_eq!(page.status, 303);
        assert_eq!(laptop.get("/staff").await.status, 303);
        assert_eq!(
            phone.get("/staff").await.status,
            303,
            "the other device is signed out too"
        );

        laptop.login(&email, &password).await;
        phone.login(&email, &password).await;
        let new_password = "kata-sandi-baru-456";
        let page = laptop
            .submit(
                "/account",
                "/account/password",
                &[
                    ("current_password", &password),
                    ("new_password", new_password),
                    ("confirm_password", new_password),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        assert_eq!(
            laptop.get("/staff").await.status,
            200,
            "this browser carries on"
        );
        assert_eq!(
            phone.get("/staff").await.status,
            303,
            "the other device must sign in again"
        );
        let old = Browser::new(&app);
        let page = old
            .submit(
                "/login",
                "/login",
                &[("email", &email), ("password", &password)],
            )
            .await;
        assert_eq!(page.status, 401);
        Browser::new(&app).login(&email, new_password).await;

        // A wrong current password changes nothing and says why.
        let page = laptop
            .submit(
                "/account",
                "/account/password",
                &[
                    ("current_password", "bukan-ini-sandinya"),
                    ("new_password", "x1234567890"),
                    ("confirm_password", "x1234567890"),
                ],
            )
            .await;
        assert_eq!(page.status, 400);
        assert!(text(&page.body).contains("Kata sandi sekarang salah."));
    })
    .await;
}

#[actix_web::test]
async fn the_second_of_two_concurrent_saves_gets_a_conflict_page_with_its_input() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = received_application(&app);
        let page_path = format!("/staff/registers/{id}");
        let action = format!("/staff/registers/{id}/status");
        let (a_email, a_pw) = app.account("staff");
        let (b_email, b_pw) = app.account("staff");
        let a = Browser::new(&app);
        let b = Browser::new(&app);
        a.login(&a_email, &a_pw).await;
        b.login(&b_email, &b_pw).await;
        let a_page = a.get(&page_path).await;
        let b_page = b.get(&page_path).await;
        let version = common::find_after(&a_page.body, "name=\"version\"", "value")
            .unwrap()
            .to_string();
        let a_token = common::csrf_of(&a_page.body);
        let b_token = common::csrf_of(&b_page.body);
        let today = common::local_today().format("%Y-%m-%d").to_string();

        let first = a
            .post(
                &action,
                &[
                    ("csrf", &a_token),
                    ("version", &version),
                    ("to_status", "incomplete"),
                    ("on", &today),
                    ("missing", "Salinan KTP"),
                ],
            )
            .await;
        assert_eq!(first.status, 303, "{}", text(&first.body));
        let second = b
            .post(
                &action,
                &[
                    ("csrf", &b_token),
                    ("version", &version),
                    ("to_status", "withdrawn"),
                    ("on", &today),
                    ("reason", "Pemohon menarik permohonan lewat telepon"),
                ],
            )
            .await;
        assert_eq!(second.status, 409);
        let t = text(&second.body);
        assert!(
            t.contains("Register ini baru saja diubah orang lain"),
            "{t}"
        );
        assert!(t.contains("Status sekarang: Belum lengkap"), "{t}");
        assert!(
            second
                .body
                .contains("Pemohon menarik permohonan lewat telepon"),
            "the second input is kept"
        );
        let r = sengketa::models::registers::find(&mut app.conn(), &id)
            .unwrap()
            .unwrap();
        assert_eq!(r.status, "incomplete");
    })
    .await;
}

#[actix_web::test]
async fn a_register_goes_from_receipt_to_final_through_the_forms() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("staff");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let id = received_application(&app);
        let public = format!("/registers/{id}");
        assert_eq!(
            app.get(&public).await.status,
            404,
            "not public before registration"
        );

        // The dashboard lists it as waiting.
        let dash = b.get("/staff").await;
        assert!(dash.body.contains(&format!("/staff/registers/{id}")));

        // Registration with the proposed number.
        let staff_page = b.get(&format!("/staff/registers/{id}")).await;
        let proposed = common::decode_entities(
            common::find_after(&staff_page.body, "name=\"register_number\"", "value").unwrap(),
        );
        assert!(proposed.contains("/KIP-PSI/"), "{proposed}");
        let today = common::local_today();
        let day = |n: i64| {
            (today + chrono::Duration::days(n))
                .format("%Y-%m-%d")
                .to_string()
        };

        // A refused step is explained and changes nothing.
        let refused = b
            .change_status(
                &id,
                &[
                    ("to_status", "registered"),
                    ("on", &day(0)),
                    ("register_number", ""),
                ],
            )
            .await;
        assert_eq!(refused.status, 400);
        assert!(text(&refused.body).contains("Registrasi memerlukan nomor register."));
        let refused = b
            .change_status(&id, &[("to_status", "decided"), ("on", &day(0))])
            .await;
        assert_eq!(refused.status, 400);
        assert!(text(&refused.body).contains("tidak dapat berpindah"));

        type Step<'a> = (Vec<(&'a str, String)>, &'a str, &'a str);
        let steps: Vec<Step> = vec![
            (
                vec![
                    ("to_status", "registered".into()),
                    ("on", day(0)),
                    ("register_number", proposed.clone()),
                    ("public_text", "Permohonan diregistrasi.".into()),
                    ("internal_text", "Berkas lengkap diperiksa oleh Uji".into()),
                ],
                "Teregistrasi",
                "Permohonan diregistrasi.",
            ),
            (
                vec![
                    ("to_status", "preliminary".into()),
                    ("on", day(0)),
                    ("public_text", "Sidang pemeriksaan awal dibuka.".into()),
                ],
                "Pemeriksaan awal",
                "Sidang pemeriksaan awal dibuka.",
            ),
            (
                vec![("to_status", "adjudication".into()), ("on", day(0))],
                "Ajudikasi (pembuktian)",
                "Ajudikasi",
            ),
            (
                vec![
                    ("to_status", "decided".into()),
                    ("on", day(0)),
                    ("outcome", "rejected".into()),
                    ("decision_number", format!("{proposed}-A")),
                ],
                "Diputus",
                "Ditolak",
            ),
            (
                vec![("to_status", "final".into()), ("on", day(0))],
                "Berkekuatan hukum tetap",
                "Berkekuatan hukum tetap",
            ),
        ];
        for (fields, status_label, timeline_text) in steps {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let page = b.change_status(&id, &fields).await;
            assert_eq!(page.status, 303, "{status_label}: {}", text(&page.body));
            let public_page = app.get(&public).await;
            assert_eq!(public_page.status, 200);
            let t = text(&public_page.body);
            assert!(
                t.contains(status_label),
                "public page shows {status_label}: {t}"
            );
            assert!(
                t.contains(timeline_text),
                "public timeline shows {timeline_text}"
            );
            assert!(
                !t.contains("Berkas lengkap diperiksa"),
                "internal notes stay internal"
            );
            assert!(t.contains("oleh Uji staff"), "the actor is named");
        }
        let staff_page = text(&b.get(&format!("/staff/registers/{id}")).await.body);
        assert!(
            staff_page.contains("Berkas lengkap diperiksa oleh Uji"),
            "staff see internal notes"
        );
        assert!(
            staff_page.contains("Status ini adalah status akhir")
                || staff_page.contains("Permohonan eksekusi")
        );
        let list = app
            .get(&format!("/registers?q={}", proposed.replace('/', "%2F")))
            .await;
        assert_eq!(
            register_links(&list.body),
            vec![public.clone()],
            "the number is searchable"
        );
    })
    .await;
}

#[actix_web::test]
async fn every_response_carries_the_security_headers() {
    on_each_backend(|backend| async move {
        let app = TestApp::empty(backend).await;
        for path in ["/", "/login", "/no-such-page", "/registers?status=bad"] {
            common::assert_security_headers(path, &app.get(path).await);
        }
        let login = app.get("/login").await;
        let cookie = login
            .headers
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert!(!cookie.contains("Secure"), "plain http by default");
        let secure = TestApp::start(backend, &[("SENGKETA_SECURE_COOKIES", "true")]).await;
        let login = secure.get("/login").await;
        let cookie = login
            .headers
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(cookie.contains("Secure"), "{cookie}");
    })
    .await;
}

#[actix_web::test]
async fn admins_create_staff_accounts_in_the_browser() {
    on_each_backend(|backend| async move {
        let app = TestApp::empty(backend).await;
        let (email, password) = app.account("admin");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let page = b
            .submit(
                "/staff/users",
                "/staff/users",
                &[
                    ("name", "Panitera Baru"),
                    ("email", "Panitera.Baru@KIP.go.id"),
                    ("role", "staff"),
                    ("password", "sandi-awal-panitera"),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let list = text(&b.get("/staff/users?created=1").await.body);
        assert!(list.contains("panitera.baru@kip.go.id") && list.contains("Akun dibuat."));
        Browser::new(&app)
            .login("panitera.baru@kip.go.id", "sandi-awal-panitera")
            .await;
        // The same address twice is refused with the input kept.
        let page = b
            .submit(
                "/staff/users",
                "/staff/users",
                &[
                    ("name", "Lagi"),
                    ("email", "panitera.baru@kip.go.id"),
                    ("role", "staff"),
                    ("password", "sandi-awal-panitera"),
                ],
            )
            .await;
        assert_eq!(page.status, 400);
        assert!(text(&page.body).contains("Alamat email ini sudah dipakai akun lain."));
        assert!(page.body.contains("value=\"Lagi\""));
    })
    .await;
}

#[actix_web::test]
async fn staff_schedule_postpone_and_hold_hearings_for_several_registers() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("staff");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        // Two running registers: the fictional ones in preliminary and in mediation.
        let first = app.register_in("preliminary").await;
        let second = app.register_in("mediation").await;
        let day = (common::local_today() + chrono::Duration::days(30))
            .format("%Y-%m-%d")
            .to_string();
        let new_page = format!("/staff/hearings/new?register={first}");
        assert!(b
            .get(&new_page)
            .await
            .body
            .contains(&format!("value=\"{first}\" checked")));

        // Bad input is refused with the input kept.
        let page = b
            .submit(
                &new_page,
                "/staff/hearings",
                &[
                    ("date", &day),
                    ("time", "25:99"),
                    ("kind", "pa2"),
                    ("room", "Ruang Uji"),
                    ("openness", "open"),
                    ("register", &first),
                ],
            )
            .await;
        assert_eq!(page.status, 400);
        assert!(text(&page.body).contains("Jam sidang tidak sah"));
        assert!(page.body.contains("value=\"Ruang Uji\""));

        let page = b
            .submit(
                &new_page,
                "/staff/hearings",
                &[
                    ("date", &day),
                    ("time", "10:30"),
                    ("kind", "evidence1"),
                    ("room", "Ruang Uji"),
                    ("openness", "partly_closed"),
                    ("register", &first),
                    ("register", &second),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let hearing = location(&page);
        assert!(hearing.starts_with("/staff/hearings/"));

        // Both public pages and the schedule show it, at 10.30 WIB.
        for id in [&first, &second] {
            let t = text(&app.get(&format!("/registers/{id}")).await.body);
            assert!(t.contains("10.30 WIB") && t.contains("Pembuktian I"), "{t}");
            assert!(
                t.contains("Sidang dijadwalkan: Pembuktian I"),
                "timeline: {t}"
            );
        }

        // Postponing needs a reason; with one, and a new date, both show.
        let state_action = format!("{hearing}/state");
        let page = b
            .submit(&hearing, &state_action, &[("to_state", "postponed")])
            .await;
        assert_eq!(page.status, 400);
        assert!(text(&page.body).contains("Penundaan atau pembatalan memerlukan alasan."));
        let later = (common::local_today() + chrono::Duration::days(37))
            .format("%Y-%m-%d")
            .to_string();
        let page = b
            .submit(
                &hearing,
                &state_action,
                &[
                    ("to_state", "postponed"),
                    ("reason", "Termohon meminta waktu tambahan"),
                    ("new_date", &later),
                    ("new_time", "09:00"),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let schedule = text(&app.get("/hearings").await.body);
        assert!(
            schedule.contains("Termohon meminta waktu tambahan"),
            "{schedule}"
        );
        assert!(schedule.contains("Ditunda"));
        let t = text(&app.get(&format!("/registers/{second}")).await.body);
        assert!(
            t.contains("09.00 WIB"),
            "the new date is on the register page: {t}"
        );

        let history = text(&b.get(&format!("/staff/registers/{first}")).await.body);
        assert!(
            history.contains("WIB: scheduled") && history.contains("WIB: postponed"),
            "the audit history: {history}"
        );

        // A postponed hearing cannot be recorded as held.
        let page = b
            .submit(
                &hearing,
                &state_action,
                &[("to_state", "held"), ("summary", "x")],
            )
            .await;
        assert_eq!(page.status, 400);
    })
    .await;
}

#[actix_web::test]
async fn staff_enter_a_paper_application_which_stays_private_until_registered() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("staff");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let form_page = b.get("/staff/applications/new").await;
        assert_eq!(form_page.status, 200);
        assert!(form_page.body.contains("name=\"respondent\""));
        let r1 = sengketa::models::registers::find(
            &mut app.conn(),
            &app.register_id(sengketa::seed::demo::REFERENCE_NUMBERS[0]),
        )
        .unwrap()
        .unwrap();
        let today = common::local_today().format("%Y-%m-%d").to_string();
        let mut fields = vec![
            ("petitioner_kind", "individual"),
            ("display_name", "B. W."),
            ("legal_name", "Budi Wibowo Rahasia"),
            ("email", "budi.rahasia@contoh.invalid"),
            ("identity_number", "3175000000009999"),
            ("respondent", r1.respondent_id.as_str()),
            ("track", "election"),
            ("subject", "Salinan berita acara rekapitulasi kecamatan"),
            ("items", "Berita acara rekapitulasi\n\nDaftar hadir saksi"),
            ("claimed", "undecided"),
            ("ground", "c"),
            ("objected_on", "2026-13-01"),
            ("received_on", today.as_str()),
        ];
        // A bad date is refused with every field kept.
        let page = b
            .submit("/staff/applications/new", "/staff/applications", &fields)
            .await;
        assert_eq!(page.status, 400);
        assert!(text(&page.body).contains("Tanggal tidak sah"));
        assert!(
            page.body.contains("Budi Wibowo Rahasia") && page.body.contains("Daftar hadir saksi")
        );
        fields.retain(|(k, _)| *k != "objected_on");
        let page = b
            .submit("/staff/applications/new", "/staff/applications", &fields)
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let staff_path = location(&page);
        let id = staff_path
            .trim_start_matches("/staff/registers/")
            .to_string();
        let staff_page = text(&b.get(&staff_path).await.body);
        assert!(
            staff_page.contains("Budi Wibowo Rahasia") && staff_page.contains("3175000000009999"),
            "staff see contact data"
        );
        assert!(staff_page.contains("Permohonan diterima di loket"));
        // Not public yet, and listed as waiting.
        assert_eq!(app.get(&format!("/registers/{id}")).await.status, 404);
        assert!(!app
            .get("/registers?q=rekapitulasi%20kecamatan")
            .await
            .body
            .contains(&id));
        assert!(b.get("/staff").await.body.contains(&staff_path));
        // Registered, it is public without the private fields; the election track proposes PSIP.
        let page = b.get(&staff_path).await;
        let proposed = common::decode_entities(
            common::find_after(&page.body, "name=\"register_number\"", "value").unwrap(),
        );
        assert!(proposed.contains("/KIP-PSIP/"), "{proposed}");
        let page = b
            .change_status(
                &id,
                &[
                    ("to_status", "registered"),
                    ("on", &today),
                    ("register_number", &proposed),
                ],
            )
            .await;
        assert_eq!(page.status, 303);
        let public = app.get(&format!("/registers/{id}")).await;
        assert_eq!(public.status, 200);
        let t = text(&public.body);
        assert!(t.contains("B. W.") && t.contains("Daftar hadir saksi"));
        for secret in ["Budi Wibowo Rahasia", "budi.rahasia", "3175000000009999"] {
            assert!(!public.body.contains(secret), "{secret} leaked");
        }
    })
    .await;
}

#[actix_web::test]
async fn staff_record_claims_and_findings_per_item() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("staff");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let id = app.register_in("preliminary").await;
        let items = sengketa::models::registers::items(&mut app.conn(), &id).unwrap();
        assert_eq!(items.len(), 2);
        let path = format!("/staff/registers/{id}/items");
        let page = b.get(&path).await;
        assert_eq!(page.status, 200);
        let version = common::find_after(&page.body, "name=\"version\"", "value").unwrap().to_string();
        let token = common::csrf_of(&page.body);
        let post = |finding1: &'static str, withheld1: &'static str, version: String| {
            let (i1, i2) = (items[0].id.clone(), items[1].id.clone());
            let token = token.clone();
            let b = &b;
            let path = path.clone();
            async move {
                let fields: Vec<(&str, String)> = vec![
                    ("csrf", token),
                    ("version", version),
                    ("item_id", i1),
                    ("description", "Salinan kontrak pengadaan kendaraan dinas".into()),
                    ("requested_form", "Salinan PDF".into()),
                    ("claim", "exempt".into()),
                    ("ground", "b".into()),
                    ("finding", finding1.into()),
                    ("withheld", withheld1.into()),
                    ("note", "".into()),
                    ("item_id", i2),
                    ("description", "Daftar penyedia yang mengikuti tender".into()),
                    ("requested_form", "".into()),
                    ("claim", "open".into()),
                    ("ground", "".into()),
                    ("finding", "open".into()),
                    ("withheld", "".into()),
                    ("note", "".into()),
                    ("item_id", "".into()),
                    ("description", "Berita acara evaluasi penawaran".into()),
                    ("requested_form", ".pdf".into()),
                    ("claim", "undecided".into()),
                    ("ground", "".into()),
                    ("finding", "undecided".into()),
                    ("withheld", "".into()),
                    ("note", "".into()),
                ];
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                b.post(&path, &fields).await
            }
        };
        // Partly open needs what is withheld; the input stays.
        let page = post("partly_open", "", version.clone()).await;
        assert_eq!(page.status, 400);
        assert!(text(&page.body).contains("harus menyebut apa yang dikecualikan"));
        assert!(page.body.contains("Berita acara evaluasi penawaran"));

        let page = post("partly_open", "Harga satuan per unit", version.clone()).await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let public = text(&app.get(&format!("/registers/{id}")).await.body);
        assert!(public.contains("Yang dikecualikan: Harga satuan per unit"), "{public}");
        assert!(public.contains("Berita acara evaluasi penawaran"));
        assert!(public.contains("Informasi 1: temuan majelis terbuka sebagian; dikecualikan: Harga satuan per unit."), "{public}");
        assert!(public.contains("Informasi 2: temuan majelis terbuka."));
        assert_eq!(sengketa::models::registers::items(&mut app.conn(), &id).unwrap().len(), 3);
        let history = text(&b.get(&format!("/staff/registers/{id}")).await.body);
        assert!(history.contains("Temuan atas informasi 1: undecided 1: partly_open"), "{history}");

        // The same form sent again with the old version is a conflict.
        let page = post("open", "", version).await;
        assert_eq!(page.status, 409);
        assert!(text(&page.body).contains("Register ini baru saja diubah orang lain"));
    })
    .await;
}

#[actix_web::test]
async fn staff_order_a_test_record_it_submitted_and_order_a_repeat() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("staff");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let id = app.register_in("preliminary").await;
        let items = sengketa::models::registers::items(&mut app.conn(), &id).unwrap();
        let path = format!("/staff/registers/{id}/tests");
        let today = common::local_today().format("%Y-%m-%d").to_string();

        let page = b.submit(&path, &path, &[("ordered_on", &today)]).await;
        assert_eq!(page.status, 400, "a test covers at least one item");
        assert!(text(&page.body).contains("Pilih informasi yang diuji."));
        let page = b
            .submit(
                &path,
                &path,
                &[("item", &items[0].id), ("ordered_on", &today)],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let tests = sengketa::models::registers::tests_with_items(&mut app.conn(), &id).unwrap();
        assert_eq!(tests.len(), 1);
        let test = format!("/staff/tests/{}", tests[0].0.id);

        // Assessing before submission is refused and explained.
        let page = b
            .submit(
                &path,
                &test,
                &[
                    ("to_state", "accepted"),
                    ("on", &today),
                    ("assessment", "x"),
                ],
            )
            .await;
        assert_eq!(page.status, 400);
        assert!(text(&page.body).contains("Tahap ini tidak dapat mengikuti tahap sekarang."));
        let page = b
            .submit(
                &path,
                &test,
                &[
                    ("to_state", "submitted"),
                    ("on", &today),
                    ("ground", "b"),
                    ("harm_argued", "Persaingan usaha terganggu"),
                    ("exemption_period", "5 tahun"),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let page = b
            .submit(
                &path,
                &test,
                &[("to_state", "repeat_ordered"), ("on", &today)],
            )
            .await;
        assert_eq!(page.status, 400, "the reasons are required");
        let page = b
            .submit(
                &path,
                &test,
                &[
                    ("to_state", "repeat_ordered"),
                    ("on", &today),
                    ("assessment", "Uji belum menimbang kepentingan publik"),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let tests = sengketa::models::registers::tests_with_items(&mut app.conn(), &id).unwrap();
        assert_eq!(tests.len(), 2);
        assert_eq!(
            tests[1].0.repeat_of_id.as_deref(),
            Some(tests[0].0.id.as_str())
        );
        assert_eq!(
            tests[1].1,
            vec![items[0].id.clone()],
            "the repeat covers the same items"
        );

        let history = text(&b.get(&format!("/staff/registers/{id}")).await.body);
        assert!(
            history.contains(": ordered") && history.contains(": repeat_ordered"),
            "the audit history: {history}"
        );
        let public = text(&app.get(&format!("/registers/{id}")).await.body);
        assert!(
            public.contains("Diperintahkan uji ulang") && public.contains("Uji ulang"),
            "{public}"
        );
        assert!(public.contains("Persaingan usaha terganggu") && public.contains("5 tahun"));
        assert!(public.contains(
            "Majelis memerintahkan uji konsekuensi ulang: Uji belum menimbang kepentingan publik"
        ));
    })
    .await;
}

/// A register registered on Friday 5 April 2024 and still waiting for its
/// first hearing: its proceedings must start by Monday 6 May 2024.
fn register_before_lebaran(app: &TestApp) -> String {
    let mut conn = app.conn();
    let mut r = sengketa::models::registers::find_by_number(
        &mut conn,
        sengketa::seed::demo::REFERENCE_NUMBERS[0],
    )
    .unwrap()
    .unwrap();
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2024, m, d).unwrap();
    r.id = sengketa::db::new_id();
    r.number = Some("005/IV/KIP-PSIP/2024".into());
    r.received_on = day(4, 3);
    r.registered_on = Some(day(4, 5));
    r.status = "registered".into();
    r.status_since = day(4, 5);
    r.outcome = None;
    r.decision_number = None;
    r.decided_on = None;
    sengketa::models::registers::insert(&mut conn, &r).unwrap();
    r.id
}

#[actix_web::test]
async fn admins_keep_the_holiday_calendar_and_deadlines_follow() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = register_before_lebaran(&app);
        let public = format!("/registers/{id}");
        assert!(app.get(&public).await.body.contains("datetime=\"2024-05-06\""));
        let (email, password) = app.account("admin");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let (staff_email, staff_password) = app.account("staff");
        let staff = Browser::new(&app);
        staff.login(&staff_email, &staff_password).await;
        assert_eq!(staff.get("/staff/calendar").await.status, 403);

        // A day added to the table moves the deadline at once.
        let page = b.submit("/staff/calendar?year=2024", "/staff/calendar", &[("date", "2024-04-30"), ("name", "Libur uji"), ("kind", "national")]).await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let t = text(&app.get(&public).await.body);
        assert!(t.contains("Selasa, 7 Mei 2024"), "{t}");
        assert!(t.contains("30 April 2024: Libur uji (libur nasional)"));
        assert!(t.contains("Kalender terakhir diubah"), "the page says which calendar it used: {t}");

        // A broken file changes nothing and names its lines.
        let token = common::csrf_of(&b.get("/staff/calendar?year=2024").await.body);
        let bad = b"date,name,kind\n2024-05-01,Hari Buruh,national\n2023-12-25,Natal,national\n2024-05-09,,national\n";
        let page = b.post_multipart("/staff/calendar/import", &[("csrf", &token), ("year", "2024")], ("file", "2024.csv", bad)).await;
        assert_eq!(page.status, 400);
        let t = text(&page.body);
        assert!(t.contains("Baris 3: tanggal di luar tahun yang diganti.") && t.contains("Baris 4: nama hari libur kosong."), "{t}");
        assert!(text(&app.get(&public).await.body).contains("Selasa, 7 Mei 2024"));

        // A good file replaces the year: here only the two Idul Fitri days.
        let good = b"date,name,kind\n2024-04-10,Idul Fitri,national\n2024-04-11,Idul Fitri,national\n";
        let page = b.post_multipart("/staff/calendar/import", &[("csrf", &token), ("year", "2024")], ("file", "2024.csv", good)).await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        // 14 working days from 5 April with two days off: 29 April.
        assert!(app.get(&public).await.body.contains("datetime=\"2024-04-29\""));

        // A file without the token is refused like any form.
        let page = b.post_multipart("/staff/calendar/import", &[("csrf", "forged"), ("year", "2024")], ("file", "2024.csv", good)).await;
        assert_eq!(page.status, 403);
        // Removing a day works too.
        let page = b.submit("/staff/calendar?year=2024", "/staff/calendar/delete", &[("date", "2024-04-11")]).await;
        assert_eq!(page.status, 303);
        assert!(app.get(&public).await.body.contains("datetime=\"2024-04-26\""));
    })
    .await;
}

#[actix_web::test]
async fn admins_keep_public_bodies_and_their_notice_addresses() {
    on_each_backend(|backend| async move {
        let app = TestApp::empty(backend).await;
        let (email, password) = app.account("admin");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let fields = [
            ("name", "Kementerian Uji Coba"),
            ("short_name", "KUC"),
            ("kind", "Kementerian"),
            ("region", "Nasional"),
            ("notice_emails", "PPID@kuc.contoh.invalid, bukan-email"),
        ];
        let page = b.submit("/staff/bodies", "/staff/bodies", &fields).await;
        assert_eq!(page.status, 400);
        assert!(text(&page.body).contains("Salah satu alamat email tidak sah."));
        assert!(page.body.contains("value=\"Kementerian Uji Coba\""));
        let mut fields = fields.to_vec();
        fields[4] = (
            "notice_emails",
            "PPID@kuc.contoh.invalid\natasan@kuc.contoh.invalid",
        );
        let page = b.submit("/staff/bodies", "/staff/bodies", &fields).await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let body = sengketa::models::bodies::find_by_short_name(&mut app.conn(), "KUC")
            .unwrap()
            .unwrap();
        assert_eq!(
            body.notice_emails,
            "ppid@kuc.contoh.invalid, atasan@kuc.contoh.invalid"
        );
        let edit = format!("/staff/bodies/{}", body.id);
        fields[0] = ("name", "Kementerian Uji Coba dan Peragaan");
        let page = b.submit(&edit, &edit, &fields).await;
        assert_eq!(page.status, 303);
        let public = text(&app.get(&format!("/bodies/{}", body.id)).await.body);
        assert!(public.contains("Kementerian Uji Coba dan Peragaan"));
        assert!(
            !public.contains("ppid@kuc"),
            "notice addresses are not public"
        );
    })
    .await;
}

#[actix_web::test]
async fn staff_record_the_disclosure_deadline_and_compliance_after_a_decision() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("staff");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let decided = app.register_in("decided").await;
        let running = app.register_in("preliminary").await;
        let send = |id: String, fields: Vec<(&'static str, &'static str)>| {
            let b = &b;
            async move {
                let path = format!("/staff/registers/{id}");
                let page = b.get(&path).await;
                let version = common::find_after(&page.body, "name=\"version\"", "value")
                    .unwrap()
                    .to_string();
                let token = common::csrf_of(&page.body);
                let mut all = vec![("csrf", token.as_str()), ("version", version.as_str())];
                all.extend(fields);
                b.post(&format!("{path}/follow-up"), &all).await
            }
        };
        let page = send(
            running.clone(),
            vec![("compliance", "complied"), ("compliance_on", "2026-01-05")],
        )
        .await;
        assert_eq!(page.status, 400);
        assert!(text(&page.body).contains("Pelaksanaan hanya dapat dicatat setelah ada putusan."));
        let page = send(decided.clone(), vec![("compliance", "complied")]).await;
        assert_eq!(page.status, 400);
        assert!(text(&page.body).contains("beserta tanggalnya"));
        let page = send(
            decided.clone(),
            vec![
                ("disclosure_due_on", "2030-01-31"),
                ("compliance", "not_complied"),
                ("compliance_on", "2030-02-03"),
            ],
        )
        .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let public = text(&app.get(&format!("/registers/{decided}")).await.body);
        assert!(public.contains("31 Januari 2030"), "{public}");
        assert!(
            public.contains("Belum dilaksanakan (3 Februari 2030)"),
            "{public}"
        );
        assert!(public.contains("Termohon belum melaksanakan putusan per 3 Februari 2030."));
        let history = text(&b.get(&format!("/staff/registers/{decided}")).await.body);
        assert!(
            history.contains("not_complied"),
            "the audit history has the change"
        );
    })
    .await;
}
