//! Petitioners online: sign-up and verification, filing with documents,
//! completing, following the case to the decision, withdrawing; and what
//! one petitioner may not see of another's.

use crate::common;

use common::filing::{complete_fields, days_ago, file_one, new_draft, post_draft, PDF, PNG};
use common::{decode_entities, find_after, location, on_each_backend, text, Browser, TestApp};
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

/// The path of the first link in the last email to `to` that starts with `prefix`.
fn link_in_last(app: &TestApp, to: &str, prefix: &str) -> String {
    let mail = mail_to(app, to);
    let last = mail.last().unwrap_or_else(|| panic!("no email to {to}"));
    let full = format!("{}{prefix}", app.settings.base_url);
    let start = last
        .body_text
        .find(&full)
        .unwrap_or_else(|| panic!("no {prefix} link in {}", last.body_text));
    last.body_text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_start_matches(&app.settings.base_url)
        .to_string()
}

/// Signs up and verifies by the emailed link; the browser stays signed in.
async fn sign_up(app: &TestApp, b: &Browser<'_>, name: &str, email: &str) {
    let page = b
        .submit(
            "/signup",
            "/signup",
            &[
                ("name", name),
                ("email", email),
                ("password", "kata-sandi-pemohon-1"),
                ("confirm_password", "kata-sandi-pemohon-1"),
            ],
        )
        .await;
    assert_eq!(page.status, 200, "{}", text(&page.body));
    let verify = link_in_last(app, email, "/account/verify/");
    let page = b.get(&verify).await;
    assert_eq!(page.status, 200, "{}", text(&page.body));
    assert_eq!(b.get(&verify).await.status, 404, "the link works once");
}

#[actix_web::test]
async fn a_petitioner_files_online_and_follows_the_case_to_the_decision() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let b = Browser::new(&app);
        let email = "sukma.w@contoh.invalid";

        // Filing waits for a verified address.
        let page = b
            .submit(
                "/signup",
                "/signup",
                &[
                    ("name", ""),
                    ("email", "bukan-alamat"),
                    ("password", "pendek"),
                    ("confirm_password", "pendek"),
                ],
            )
            .await;
        assert_eq!(page.status, 400);
        let t = text(&page.body);
        assert!(
            t.contains("Isi nama Anda") && t.contains("10 karakter"),
            "{t}"
        );
        let page = b
            .submit(
                "/signup",
                "/signup",
                &[
                    ("name", "Sukma Wiradinata"),
                    ("email", email),
                    ("password", "kata-sandi-pemohon-1"),
                    ("confirm_password", "kata-sandi-pemohon-1"),
                ],
            )
            .await;
        assert_eq!(page.status, 200);
        // The sign-up page signs nobody in (it would tell who has an
        // account); the password does, and the address is not verified yet.
        assert_eq!(b.get("/my").await.status, 303);
        b.login(email, "kata-sandi-pemohon-1").await;
        let my = text(&b.get("/my").await.body);
        assert!(my.contains("belum diverifikasi"), "{my}");
        let page = b
            .post(
                "/my/drafts",
                &[("csrf", &common::csrf_of(&b.get("/my").await.body))],
            )
            .await;
        assert_eq!(page.status, 403, "no filing before verification");
        let verify = common::delivered_link(&app, email, "/account/verify/");
        assert_eq!(b.get(&verify).await.status, 200);

        // A draft: a bad file and a date in the future are refused by
        // field; everything else typed and the good file are kept.
        let draft = new_draft(&b).await;
        let page = b.get(&draft).await;
        let token = common::csrf_of(&page.body);
        let page = post_draft(
            &b,
            &draft,
            &[
                ("csrf", token.clone()),
                ("petitioner_kind", "individual".into()),
                ("name", "Sukma Wiradinata".into()),
                ("subject", "Data mentah pemilu".into()),
                ("objected_on", days_ago(-5)),
                ("action", "save".into()),
            ],
            &[
                ("doc_identity", "ktp.png", PNG),
                (
                    "doc_request",
                    "permohonan.pdf",
                    b"<script>alert(1)</script>",
                ),
            ],
        )
        .await;
        assert_eq!(page.status, 400, "{}", text(&page.body));
        let t = text(&page.body);
        assert!(t.contains("Tanggal ini belum terjadi"), "{t}");
        assert!(t.contains("hanya PDF, JPEG, atau PNG"), "{t}");
        assert!(page.body.contains("value=\"Data mentah pemilu\""));
        assert!(t.contains("ktp.png"), "the accepted file is kept: {t}");
        let again = b.get(&draft).await;
        assert!(again.body.contains("value=\"Data mentah pemilu\""), "saved");

        // Filing with something missing names each missing field.
        let page = post_draft(
            &b,
            &draft,
            &[("csrf", token.clone()), ("action", "submit".into())],
            &[],
        )
        .await;
        assert_eq!(page.status, 400);
        let t = text(&page.body);
        for needed in [
            "Isi nama pemohon",
            "Lampirkan dokumen ini",
            "Pilih paling sedikit satu alasan",
        ] {
            assert!(t.contains(needed), "{needed}: {t}");
        }

        // Complete: on time, shown with its reason, and filed.
        let body_id = app.register_id(sengketa::seed::demo::REFERENCE_NUMBERS[0]);
        let respondent = sengketa::models::registers::find(&mut app.conn(), &body_id)
            .unwrap()
            .unwrap()
            .respondent_id;
        let fields = complete_fields(&respondent, &token, "Data mentah pemilu");
        let mut saving = fields.clone();
        saving.push(("action", "save".into()));
        let page = post_draft(&b, &draft, &saving, &[]).await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let page = b.get(&draft).await;
        assert!(text(&page.body).contains("Tepat waktu bila diajukan sampai"));
        let mut filing = fields.clone();
        filing.push(("action", "submit".into()));
        let page = post_draft(
            &b,
            &draft,
            &filing,
            &[
                ("doc_request", "permohonan.pdf", PDF),
                ("doc_objection", "keberatan.pdf", PDF),
            ],
        )
        .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let case = location(&page);
        let id = case.trim_start_matches("/my/cases/").to_string();
        let page = b.get(&case).await;
        let t = text(&page.body);
        assert!(t.contains("Diajukan tepat waktu"), "{t}");
        assert!(t.contains("ktp.png") && t.contains("keberatan.pdf"), "{t}");
        let my = text(&b.get("/my").await.body);
        assert!(
            my.contains("Data mentah pemilu") && my.contains("Permohonan diterima"),
            "{my}"
        );
        assert_eq!(b.get(&draft).await.status, 404, "the draft became the case");
        // Not registered: not public.
        assert_eq!(app.get(&format!("/registers/{id}")).await.status, 404);

        // Staff ask for a missing piece; the petitioner sees it and sends it.
        let (staff_email, staff_password) = app.account("staff");
        let staff = Browser::new(&app);
        staff.login(&staff_email, &staff_password).await;
        let today = days_ago(0);
        let page = staff
            .change_status(
                &id,
                &[
                    ("to_status", "incomplete"),
                    ("on", &today),
                    ("missing", "Salinan tanda terima keberatan yang terbaca"),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let t = text(&b.get(&case).await.body);
        assert!(
            t.contains("Salinan tanda terima keberatan yang terbaca"),
            "{t}"
        );
        assert!(
            t.contains(sengketa::i18n::Lang::Id.label("rule", "completion")),
            "the 7-day clock: {t}"
        );
        let page = b.get(&case).await;
        let page = b
            .post_files(
                &format!("{case}/complete"),
                &[
                    ("csrf", &common::csrf_of(&page.body)),
                    ("note", "Tanda terima dipindai ulang."),
                ],
                &[("doc_supplement", "tanda-terima.pdf", PDF)],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let told = mail_to(&app, &staff_email);
        assert!(
            told.iter()
                .any(|m| m.subject.starts_with("Kelengkapan dikirim")),
            "staff are told"
        );
        let staff_page = text(&staff.get(&format!("/staff/registers/{id}")).await.body);
        assert!(staff_page.contains("tanda-terima.pdf"), "{staff_page}");
        assert!(staff_page.contains("Diajukan daring"), "{staff_page}");

        // Registered, a hearing, the decision: each reaches the petitioner.
        let page = staff.get(&format!("/staff/registers/{id}")).await;
        let number =
            decode_entities(find_after(&page.body, "name=\"register_number\"", "value").unwrap());
        let page = staff
            .change_status(
                &id,
                &[
                    ("to_status", "registered"),
                    ("on", &today),
                    ("register_number", &number),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        assert_eq!(app.get(&format!("/registers/{id}")).await.status, 200);
        let day = (common::local_today() + chrono::Duration::days(14))
            .format("%Y-%m-%d")
            .to_string();
        let page = staff
            .submit(
                &format!("/staff/hearings/new?register={id}"),
                "/staff/hearings",
                &[
                    ("date", &day),
                    ("time", "10:00"),
                    ("kind", "pa1"),
                    ("room", "Ruang Sidang 2"),
                    ("openness", "open"),
                    ("register", &id),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        for to in ["preliminary", "adjudication"] {
            let page = staff
                .change_status(&id, &[("to_status", to), ("on", &today)])
                .await;
            assert_eq!(page.status, 303, "{}", text(&page.body));
        }
        let page = staff
            .change_status(
                &id,
                &[
                    ("to_status", "decided"),
                    ("on", &today),
                    ("outcome", "granted_full"),
                    ("decision_number", "077/KIP-PS-A/XI/2026"),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let subjects: Vec<String> = mail_to(&app, email)
            .iter()
            .map(|m| m.subject.clone())
            .collect();
        for wanted in [
            "Belum lengkap",
            "Teregistrasi",
            "Sidang dijadwalkan",
            "Diputus",
        ] {
            assert!(
                subjects.iter().any(|s| s.contains(wanted)),
                "{wanted} in {subjects:?}"
            );
        }
        let t = text(&b.get(&case).await.body);
        assert!(t.contains("Diputus") && t.contains("Ruang Sidang 2"), "{t}");
        assert!(t.contains("tidak dapat dicabut lagi"), "{t}");

        // Withdrawal of another case, confirmed by staff.
        let other = file_one(&b, "Daftar pemilih tetap").await;
        let case2 = format!("/my/cases/{other}");
        let page = b.get(&case2).await;
        let page = b
            .post(
                &format!("{case2}/withdraw"),
                &[("csrf", &common::csrf_of(&page.body)), ("reason", "")],
            )
            .await;
        assert_eq!(page.status, 400, "a reason is needed");
        let page = b.get(&case2).await;
        let page = b
            .post(
                &format!("{case2}/withdraw"),
                &[
                    ("csrf", &common::csrf_of(&page.body)),
                    ("reason", "Informasi sudah diberikan badan publik."),
                ],
            )
            .await;
        assert_eq!(page.status, 303);
        assert!(mail_to(&app, &staff_email)
            .iter()
            .any(|m| m.subject.starts_with("Permintaan pencabutan")));
        let page = staff
            .change_status(
                &other,
                &[
                    ("to_status", "withdrawn"),
                    ("on", &today),
                    ("reason", "Dicabut atas permintaan pemohon."),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let t = text(&b.get(&case2).await.body);
        assert!(
            t.contains("Dicabut") && t.contains("Informasi sudah diberikan"),
            "{t}"
        );
    })
    .await;
}

#[actix_web::test]
async fn one_petitioner_cannot_reach_anothers_drafts_cases_or_documents() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let owner = Browser::new(&app);
        sign_up(&app, &owner, "Pemilik Perkara", "pemilik@contoh.invalid").await;
        let id = file_one(&owner, "Data anggaran").await;
        let draft = new_draft(&owner).await;
        let page = owner.get(&format!("/my/cases/{id}")).await;
        let file = {
            let i = page.body.find("href=\"/files/").expect("a document link") + "href=\"".len();
            let rest = &page.body[i..];
            rest[..rest.find('"').unwrap()].to_string()
        };
        let own = owner.get(&file).await;
        assert_eq!(own.status, 200);
        let disposition = own
            .headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(disposition.starts_with("attachment"), "{disposition}");

        let other = Browser::new(&app);
        sign_up(&app, &other, "Orang Lain", "lain@contoh.invalid").await;
        for path in [draft.clone(), format!("/my/cases/{id}"), file.clone()] {
            assert_eq!(other.get(&path).await.status, 404, "{path}");
        }
        let my = text(&other.get("/my").await.body);
        assert!(!my.contains("Data anggaran"), "{my}");
        // Posting to the other's draft or case is refused as well.
        let token = common::csrf_of(&other.get("/my").await.body);
        let page = other
            .post_files(&draft, &[("csrf", &token), ("action", "save")], &[])
            .await;
        assert_eq!(page.status, 404);
        let page = other
            .post(
                &format!("/my/cases/{id}/withdraw"),
                &[("csrf", &token), ("reason", "bukan milik saya")],
            )
            .await;
        assert_eq!(page.status, 404);
        // Nobody signed in: sent to the login page.
        let anon = Browser::new(&app);
        assert_eq!(anon.get(&file).await.status, 303);
        // Staff may open it.
        let (email, password) = app.account("staff");
        let staff = Browser::new(&app);
        staff.login(&email, &password).await;
        assert_eq!(staff.get(&file).await.status, 200);
    })
    .await;
}

#[actix_web::test]
async fn a_forgotten_password_is_reset_once_and_an_address_changed_by_link() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let b = Browser::new(&app);
        let email = "lupa@contoh.invalid";
        sign_up(&app, &b, "Pelupa", email).await;

        let anon = Browser::new(&app);
        for address in [email, "tidak-ada@contoh.invalid"] {
            let page = anon
                .submit(
                    "/password/forgot",
                    "/password/forgot",
                    &[("email", address)],
                )
                .await;
            assert_eq!(page.status, 200);
            assert!(text(&page.body).contains("Bila alamat itu memiliki akun"));
        }
        assert!(mail_to(&app, "tidak-ada@contoh.invalid").is_empty());
        let reset = link_in_last(&app, email, "/password/reset/");
        let page = anon
            .submit(
                &reset,
                &reset,
                &[
                    ("new_password", "kata-sandi-baru-2026"),
                    ("confirm_password", "kata-sandi-baru-2026"),
                ],
            )
            .await;
        assert_eq!(page.status, 200, "{}", text(&page.body));
        assert_eq!(anon.get(&reset).await.status, 404, "used once");
        // The old session ended with the reset.
        assert_eq!(b.get("/my").await.status, 303);
        let fresh = Browser::new(&app);
        fresh.login(email, "kata-sandi-baru-2026").await;

        // A new address takes effect from the link sent to it.
        let page = fresh
            .submit(
                "/account",
                "/account/email",
                &[
                    ("new_email", "baru@contoh.invalid"),
                    ("current_password", "kata-sandi-baru-2026"),
                ],
            )
            .await;
        assert_eq!(page.status, 200, "{}", text(&page.body));
        let confirm = link_in_last(&app, "baru@contoh.invalid", "/account/email/");
        assert_eq!(fresh.get(&confirm).await.status, 200);
        let t = text(&fresh.get("/account").await.body);
        assert!(t.contains("baru@contoh.invalid"), "{t}");
    })
    .await;
}

#[actix_web::test]
async fn private_data_of_an_online_petitioner_never_reaches_a_public_page() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let b = Browser::new(&app);
        let email = "rahasia.pemohon@contoh.invalid";
        sign_up(&app, &b, "Sukma Wiradinata", email).await;
        let id = file_one(&b, "Data anggaran uji").await;
        let (staff_email, staff_password) = app.account("staff");
        let staff = Browser::new(&app);
        staff.login(&staff_email, &staff_password).await;
        let page = staff.get(&format!("/staff/registers/{id}")).await;
        let number =
            decode_entities(find_after(&page.body, "name=\"register_number\"", "value").unwrap());
        let page = staff
            .change_status(
                &id,
                &[
                    ("to_status", "registered"),
                    ("on", &days_ago(0)),
                    ("register_number", &number),
                ],
            )
            .await;
        assert_eq!(page.status, 303);
        let respondent = sengketa::models::registers::find(&mut app.conn(), &id)
            .unwrap()
            .unwrap()
            .respondent_id;
        let register = app.get(&format!("/registers/{id}")).await;
        assert!(text(&register.body).contains("S. W."), "initials shown");
        let api = app.get(&format!("/api/v1/registers/{id}")).await;
        assert!(
            api.body.contains("\"petitioner\":\"S. W.\""),
            "{}",
            api.body
        );
        let feed = app.get(&format!("/registers/{id}/feed.atom")).await;
        assert!(
            feed.body.contains("Data anggaran uji"),
            "the feed covers the case"
        );
        for path in [
            "/".to_string(),
            "/registers".to_string(),
            "/registers?q=rahasia".to_string(),
            format!("/registers/{id}"),
            format!("/registers/{id}?lang=en"),
            "/hearings".to_string(),
            format!("/bodies/{respondent}"),
            "/statistics".to_string(),
            "/feed.atom".to_string(),
            "/registers/feed.atom".to_string(),
            format!("/registers/{id}/feed.atom"),
            format!("/bodies/{respondent}/feed.atom"),
            "/hearings.ics".to_string(),
            format!("/registers/{id}/hearings.ics"),
            "/exports/registers.csv".to_string(),
            "/exports/registers.json".to_string(),
            "/exports/items.csv".to_string(),
            "/exports/items.json".to_string(),
            "/exports/hearings.csv".to_string(),
            "/api/v1/registers?limit=500".to_string(),
            format!("/api/v1/registers/{id}"),
            "/api/v1/bodies".to_string(),
            "/api/v1/hearings".to_string(),
        ] {
            let page = app.get(&path).await;
            assert_eq!(page.status, 200, "{path}");
            for secret in [
                "Sukma",
                "Wiradinata",
                "0812-7777-4242",
                "Jalan Rahasia",
                "3174999988887777",
                email,
                "ktp.png",
                "/files/",
            ] {
                assert!(!page.body.contains(secret), "{secret} on {path}");
            }
        }
        // Searching by the private name or number finds nothing.
        for q in ["Wiradinata", "3174999988887777", "Rahasia"] {
            let page = app.get(&format!("/registers?q={q}")).await;
            assert!(
                !common::register_links(&page.body).contains(&format!("/registers/{id}")),
                "found by {q}"
            );
        }
    })
    .await;
}

#[actix_web::test]
async fn a_late_application_can_still_be_filed_and_carries_its_warning() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let b = Browser::new(&app);
        sign_up(&app, &b, "Pemohon Terlambat", "telat@contoh.invalid").await;
        let draft = new_draft(&b).await;
        let page = b.get(&draft).await;
        let token = common::csrf_of(&page.body);
        let body = sengketa::models::bodies::confirmed(&mut app.conn())
            .unwrap()
            .remove(0)
            .id;
        let mut fields = complete_fields(&body, &token, "Data terlambat");
        for (k, v) in fields.iter_mut() {
            match *k {
                "requested_on" => *v = days_ago(120),
                "ppid_answered_on" => *v = days_ago(110),
                "objected_on" => *v = days_ago(100),
                "objection_answered_on" => *v = days_ago(60),
                _ => {}
            }
        }
        let mut saving = fields.clone();
        saving.push(("action", "save".into()));
        assert_eq!(post_draft(&b, &draft, &saving, &[]).await.status, 303);
        let t = text(&b.get(&draft).await.body);
        assert!(t.contains("Terlambat sejak"), "{t}");
        assert!(t.contains("Majelis yang memutuskan"), "{t}");
        fields.push(("action", "submit".into()));
        let page = post_draft(
            &b,
            &draft,
            &fields,
            &[
                ("doc_identity", "ktp.pdf", PDF),
                ("doc_request", "permohonan.pdf", PDF),
                ("doc_objection", "keberatan.pdf", PDF),
            ],
        )
        .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let id = location(&page).trim_start_matches("/my/cases/").to_string();
        let (email, password) = app.account("staff");
        let staff = Browser::new(&app);
        staff.login(&email, &password).await;
        let t = text(&staff.get(&format!("/staff/registers/{id}")).await.body);
        assert!(t.contains("Diajukan setelah batas pengajuan"), "{t}");
    })
    .await;
}
