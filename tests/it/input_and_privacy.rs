//! Bad input gets a clear 4xx page, never a 500; petitioners' private data
//! never reaches a public page; long lists page by cursor.

use crate::common;

use std::collections::HashSet;

use chrono::{Duration, NaiveDate};
use common::{on_each_backend, register_links, text, TestApp};
use sengketa::db::new_id;
use sengketa::models::bodies::{self, PublicBody};
use sengketa::models::now;
use sengketa::models::petitioners::{self, Petitioner};
use sengketa::models::registers::{self, Register};

#[actix_web::test]
async fn malformed_filters_and_dates_get_a_400_in_the_visitors_language() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let cases = [
            ("/registers?status=closed", "Status tidak dikenal"),
            ("/registers?track=civil", ""),
            ("/registers?year=20x4", ""),
            ("/registers?year=99999", ""),
            ("/registers?after=garbage", ""),
            ("/registers?after=2024-02-30_abc", ""),
            (
                "/registers?respondent=no-such-body",
                "Termohon tidak dikenal",
            ),
            ("/registers?respondent=%00", "Termohon tidak dikenal"),
            ("/registers?q=kpu%00", "karakter kendali"),
            ("/hearings?before=2024-13-01", ""),
            ("/hearings?before=yesterday", ""),
        ];
        for (path, expected) in cases {
            let page = app.get(path).await;
            assert_eq!(page.status, 400, "{path}");
            assert!(
                page.body.contains("<html lang=\"id\">"),
                "{path}: an HTML page in Indonesian"
            );
            let t = text(&page.body);
            assert!(t.contains("Permintaan tidak dapat diproses"), "{path}: {t}");
            assert!(t.contains(expected), "{path}: {t}");
        }
        let long = format!("/registers?q={}", "a".repeat(201));
        assert_eq!(app.get(&long).await.status, 400);

        let en = app.get("/registers?status=closed&lang=en").await;
        assert_eq!(en.status, 400);
        assert!(en.body.contains("<html lang=\"en\">"));
        let t = text(&en.body);
        assert!(t.contains("Unknown status"), "{t}");

        // Repeated or odd parameters are refused or ignored, not a crash.
        for path in [
            "/registers?status=decided&status=final",
            "/registers?q=%00%ff",
            "/registers?q=%27%3B%20DROP%20TABLE%20registers%3B--",
            "/registers?year=",
            "/registers?unknown=1",
        ] {
            let status = app.get(path).await.status;
            assert!(status == 200 || status == 400, "{path} gave {status}");
        }
        assert_eq!(
            count_registers(&app).await,
            9,
            "the list survived the injection attempt"
        );
    })
    .await;
}

async fn count_registers(app: &TestApp) -> usize {
    let mut seen = HashSet::new();
    let mut path = "/registers".to_string();
    loop {
        let page = app.get(&path).await;
        assert_eq!(page.status, 200, "{path}");
        for link in register_links(&page.body) {
            assert!(seen.insert(link.clone()), "{link} listed twice");
        }
        match common::next_page(&page.body) {
            Some(next) if next.contains("after=") => path = next,
            _ => break,
        }
    }
    seen.len()
}

#[actix_web::test]
async fn unknown_ids_and_paths_get_a_404_page_in_both_languages() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        for path in [
            "/registers/does-not-exist",
            "/registers/0192f0c8-1111-7abc-8def-000000000001",
            "/bodies/does-not-exist",
            "/no-such-page",
            "/registers/%27%20OR%201%3D1",
            "/registers/%00",
            "/bodies/%00abc",
        ] {
            let page = app.get(path).await;
            assert_eq!(page.status, 404, "{path}");
            let kind = page.headers.get("content-type").unwrap().to_str().unwrap();
            assert!(kind.starts_with("text/html"), "{path}: {kind}");
            assert!(
                text(&page.body).contains("Halaman tidak ditemukan"),
                "{path}"
            );
        }
        let en = app.get("/registers/does-not-exist?lang=en").await;
        assert_eq!(en.status, 404);
        assert!(text(&en.body).contains("Page not found"));
        let en = app
            .get_with("/nothing-here", &[("accept-language", "en")])
            .await;
        assert!(text(&en.body).contains("Page not found"));
    })
    .await;
}

/// Every public page reachable from the home page, the list and the bodies.
async fn crawl(app: &TestApp) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    // Pages, and every open-data answer: feeds, calendars, exports, the API.
    let mut queue: Vec<String> = [
        "/",
        "/registers",
        "/hearings",
        "/statistics",
        "/feed.atom",
        "/hearings.ics",
        "/api/v1/registers",
        "/api/v1/bodies",
        "/api/v1/hearings",
        "/api/v1/openapi.json",
    ]
    .into_iter()
    .map(String::from)
    .chain(
        ["registers", "items", "hearings"]
            .into_iter()
            .flat_map(|what| ["csv", "json"].map(|f| format!("/exports/{what}.{f}"))),
    )
    .collect();
    let mut seen: HashSet<String> = HashSet::new();
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let page = app.get(&path).await;
        assert_eq!(page.status, 200, "{path}");
        // Each register's API answer beside its page.
        if let Some(id) = path
            .strip_prefix("/registers/")
            .filter(|id| !id.contains(['/', '?', '.']))
        {
            queue.push(format!("/api/v1/registers/{id}"));
        }
        for (i, _) in page.body.match_indices("href=\"/") {
            let rest = &page.body[i + 6..];
            let link = common::decode_entities(&rest[..rest.find('"').unwrap()]);
            let link = link.split('#').next().unwrap().to_string();
            let follow = link.starts_with("/registers")
                || link.starts_with("/bodies/")
                || link.starts_with("/hearings")
                || link.starts_with("/exports/")
                || link.starts_with("/feed");
            if follow && !link.contains("lang=") && !seen.contains(&link) {
                queue.push(link);
            }
        }
        pages.push((path, page.body));
    }
    // Each page in English too.
    let mut english = Vec::new();
    for (path, _) in pages
        .iter()
        .filter(|(p, _)| !p.starts_with("/api") && !p.starts_with("/exports"))
    {
        let sep = if path.contains('?') { '&' } else { '?' };
        let en = app.get(&format!("{path}{sep}lang=en")).await;
        english.push((format!("{path} (en)"), en.body));
    }
    pages.extend(english);
    pages
}

#[actix_web::test]
async fn private_data_of_petitioners_never_appears_on_public_pages() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        use diesel::prelude::*;
        use sengketa::db::schema::{petitioners as p, registers as r};
        let people: Vec<Petitioner> = p::table
            .select(Petitioner::as_select())
            .load(&mut *app.conn())
            .unwrap();
        let mut secrets: Vec<String> = Vec::new();
        for person in &people {
            secrets.extend(person.email.clone());
            secrets.extend(person.phone.clone());
            secrets.extend(person.address.clone());
            secrets.extend(person.identity_number.clone());
            // A legal entity's registered name is public; a person's is not.
            if person.kind != "legal_entity" && person.legal_name != person.display_name {
                secrets.push(person.legal_name.clone());
            }
        }
        assert!(
            secrets.iter().any(|s| s.contains("Rini Setiawati")),
            "the demo has a private name to protect"
        );
        assert!(secrets.len() >= 12);
        // Applications not yet registered belong to the registry alone.
        let unregistered: Vec<(String, String)> = r::table
            .filter(r::registered_on.is_null())
            .select((r::id, r::subject))
            .load(&mut *app.conn())
            .unwrap();
        assert_eq!(unregistered.len(), 2);

        let pages = crawl(&app).await;
        assert!(pages.len() >= 30, "crawled {} pages", pages.len());
        for kind in ["/feed.atom", ".ics", "/exports/", "/api/v1/registers/"] {
            assert!(
                pages.iter().any(|(p, _)| p.contains(kind)),
                "the scan reads {kind} answers"
            );
        }
        for (path, body) in &pages {
            let t = text(body);
            for secret in &secrets {
                assert!(
                    !body.contains(secret.as_str()) && !t.contains(secret.as_str()),
                    "{path} shows {secret:?}"
                );
            }
            for (id, subject) in &unregistered {
                assert!(
                    !body.contains(id.as_str()) && !t.contains(subject.as_str()),
                    "{path} shows an unregistered application"
                );
            }
        }
        for (id, _) in &unregistered {
            assert_eq!(app.get(&format!("/registers/{id}")).await.status, 404);
        }
        let search = app.get("/registers?q=belum%20diregistrasi").await;
        assert!(register_links(&search.body).is_empty());
    })
    .await;
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Adds `n` registered disputes against a new body, several per day so that
/// the cursor must break ties on the id.
fn add_registers(app: &TestApp, n: usize) -> String {
    let mut conn = app.conn();
    let body = PublicBody {
        id: new_id(),
        name: "Badan Uji Halaman (fiktif)".into(),
        short_name: "BUH".into(),
        kind: "Lembaga".into(),
        region: "Nasional".into(),
        notice_emails: String::new(),
        created_at: now(),
    };
    bodies::insert(&mut conn, &body).unwrap();
    let petitioner = Petitioner {
        id: new_id(),
        kind: "individual".into(),
        display_name: "Pemohon Uji".into(),
        representative_name: None,
        legal_name: "Pemohon Uji".into(),
        email: None,
        phone: None,
        address: None,
        identity_number: None,
        created_at: now(),
        lang: "id".into(),
        user_id: None,
        deed: None,
    };
    petitioners::insert(&mut conn, &petitioner).unwrap();
    for i in 0..n {
        let registered = day(2023, 1, 2) + Duration::days((i / 4) as i64);
        let id = new_id();
        registers::insert(
            &mut conn,
            &Register {
                id: id.clone(),
                number: Some(format!("{:03}/KIP-PS/I/2023", i + 1)),
                number_seq: Some(i as i32 + 1),
                number_month: Some(1),
                number_kind: Some("PS".into()),
                number_year: Some(2023),
                track: "regular".into(),
                subject: format!("Dokumen uji halaman nomor {}", i + 1),
                petitioner_id: petitioner.id.clone(),
                respondent_id: body.id.clone(),
                requested_on: None,
                ppid_answered_on: None,
                objected_on: None,
                objection_answered_on: None,
                received_on: registered,
                registered_on: Some(registered),
                objection_grounds: String::new(),
                status: "final".into(),
                status_since: registered,
                claimed_classification: "open".into(),
                outcome: None,
                decision_number: None,
                decided_on: None,
                disclosure_due_on: None,
                version: 1,
                search_text: String::new(),
                created_at: now(),
                updated_at: now(),
                compliance: None,
                compliance_on: None,
            },
        )
        .unwrap();
        registers::refresh_search_text(&mut conn, &id).unwrap();
    }
    body.id
}

#[actix_web::test]
async fn long_lists_page_by_cursor_without_gaps_or_repeats() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let body = add_registers(&app, 61);
        // The whole list: 9 demo registers and 61 more.
        assert_eq!(count_registers(&app).await, 70);

        // A filtered list keeps its filter from page to page.
        let first = app.get(&format!("/registers?respondent={body}")).await;
        assert!(text(&first.body).contains("61 register ditemukan"));
        let mut links = register_links(&first.body);
        assert_eq!(links.len(), 25);
        let next = common::next_page(&first.body).unwrap();
        assert!(
            next.contains(&format!("respondent={body}")) && next.contains("after="),
            "{next}"
        );
        let second = app.get(&next).await;
        assert!(
            text(&second.body).contains("61 register ditemukan"),
            "the count stays the total"
        );
        links.extend(register_links(&second.body));
        let third_path = common::next_page(&second.body).unwrap();
        let third = app.get(&third_path).await;
        links.extend(register_links(&third.body));
        links.sort();
        links.dedup();
        assert_eq!(links.len(), 61);
        assert_eq!(register_links(&third.body).len(), 11);

        // Newest registration first.
        let t = text(&first.body);
        assert!(t.find("nomor 61").unwrap() < t.find("nomor 57").unwrap());
    })
    .await;
}
