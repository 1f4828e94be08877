//! Kept pages and conditional requests: a page is sent again only when what
//! it shows changed, a kept page never shows one visitor's data to another,
//! and a page that depends on the time changes when its time comes.

use crate::common;

use common::{csrf_of, on_each_backend, text, Browser, TestApp};

const R3: &str = "003/KIP-PSIP/II/2024";

fn etag(page: &common::Page) -> String {
    page.headers
        .get("etag")
        .expect("an ETag")
        .to_str()
        .unwrap()
        .to_string()
}

#[actix_web::test]
async fn pages_answer_304_until_what_they_show_changes() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let visitor = Browser::new(&app);
        let id = app.register_in("preliminary").await;
        let path = format!("/registers/{id}");
        let feed = format!("/registers/{id}/feed.atom");
        let api = format!("/api/v1/registers/{id}");
        for page_path in [
            path.as_str(),
            "/registers",
            "/",
            "/hearings",
            "/feed.atom",
            feed.as_str(),
            "/api/v1/registers",
            api.as_str(),
        ] {
            let first = visitor.get(page_path).await;
            assert_eq!(first.status, 200, "{page_path}");
            assert_eq!(
                first.headers.get("cache-control").unwrap(),
                "private, no-cache",
                "{page_path}"
            );
            let tag = etag(&first);
            let again = visitor
                .app
                .get_with(
                    page_path,
                    &[
                        ("if-none-match", &tag),
                        ("cookie", &cookie_of(&visitor, &path).await),
                    ],
                )
                .await;
            assert_eq!(again.status, 304, "{page_path}: same content, same tag");
            assert!(again.body.is_empty());
            assert_eq!(etag(&again), tag);
        }

        // Staff move the register on; its page, feed and API answer and the
        // lists change.
        let before = visitor.get(&path).await;
        let list_before = visitor.get("/registers").await;
        let own_before = [visitor.get(&feed).await, visitor.get(&api).await];
        let (email, password) = app.account("staff");
        let staff = Browser::new(&app);
        staff.login(&email, &password).await;
        let today = common::local_today().format("%Y-%m-%d").to_string();
        let done = staff
            .change_status(
                &id,
                &[
                    ("to_status", "adjudication"),
                    ("on", &today),
                    (
                        "public_text",
                        "Mediasi gagal; sengketa lanjut ke ajudikasi.",
                    ),
                ],
            )
            .await;
        assert_eq!(done.status, 303, "{}", text(&done.body));
        let cookie = cookie_of(&visitor, &path).await;
        let after = app
            .get_with(
                &path,
                &[("if-none-match", &etag(&before)), ("cookie", &cookie)],
            )
            .await;
        assert_eq!(after.status, 200, "the register changed");
        assert_ne!(etag(&after), etag(&before));
        assert!(
            text(&after.body).contains("Ajudikasi"),
            "{}",
            text(&after.body)
        );
        let list_after = app
            .get_with(
                "/registers",
                &[("if-none-match", &etag(&list_before)), ("cookie", &cookie)],
            )
            .await;
        assert_eq!(list_after.status, 200, "the list changed");
        for (p, earlier) in [&feed, &api].into_iter().zip(&own_before) {
            let now = app.get_with(p, &[("if-none-match", &etag(earlier))]).await;
            assert_eq!(now.status, 200, "{p} changed with its register");
            assert_ne!(now.body, earlier.body, "{p}");
        }

        // A body renamed by its own table changes every page that names it.
        let reg3 = app.register_id(R3);
        let page3 = visitor.get(&format!("/registers/{reg3}")).await;
        assert!(text(&page3.body).contains("KPU RI"));
        diesel::RunQueryDsl::execute(
            diesel::sql_query(
                "UPDATE public_bodies SET short_name = 'KPU-RI-X' WHERE short_name = 'KPU RI'",
            ),
            &mut *app.conn(),
        )
        .unwrap();
        let page3 = visitor.get(&format!("/registers/{reg3}")).await;
        assert!(
            text(&page3.body).contains("KPU-RI-X"),
            "{}",
            text(&page3.body)
        );
    })
    .await;
}

/// An open evidence hearing in a room, written at `now`.
fn hearing_at(
    starts_at: chrono::NaiveDateTime,
    room: &str,
    now: chrono::NaiveDateTime,
) -> sengketa::models::hearings::Hearing {
    sengketa::models::hearings::Hearing {
        id: sengketa::db::new_id(),
        starts_at,
        time_zone: "Asia/Jakarta".into(),
        kind: "evidence1".into(),
        room: room.into(),
        openness: "open".into(),
        state: "scheduled".into(),
        state_reason: None,
        summary: None,
        created_at: now,
        updated_at: now,
        attendance: None,
    }
}

/// The cookie header a browser holds after visiting `path`.
async fn cookie_of(b: &Browser<'_>, path: &str) -> String {
    let page = b.get(path).await;
    assert_eq!(page.status, 200);
    b.cookie_header()
}

#[actix_web::test]
async fn a_kept_page_carries_each_visitors_own_token_and_account() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_id(R3);
        let path = format!("/registers/{id}");
        let a = Browser::new(&app);
        let b = Browser::new(&app);
        let page_a = a.get(&path).await;
        let page_b = b.get(&path).await;
        let (token_a, token_b) = (csrf_of(&page_a.body), csrf_of(&page_b.body));
        assert_ne!(token_a, token_b, "each session its own token");
        assert!(!page_a.body.contains("csrf-"), "no placeholder left");
        assert_ne!(etag(&page_a), etag(&page_b));
        // Each token works with its own session, and only there.
        let follow = format!("{path}/follow");
        let ok = b
            .post(
                &follow,
                &[("csrf", &token_b), ("email", "b@contoh.invalid")],
            )
            .await;
        assert_eq!(ok.status, 200, "{}", text(&ok.body));
        assert!(text(&ok.body).contains("Periksa email Anda"));
        let refused = a
            .post(
                &follow,
                &[("csrf", &token_b), ("email", "a@contoh.invalid")],
            )
            .await;
        assert_eq!(refused.status, 403);

        // A signed-in visitor's page names their account; nobody else's does.
        let (email, password) = app.account("petitioner");
        let signed_in = Browser::new(&app);
        signed_in.login(&email, &password).await;
        let own = signed_in.get(&path).await;
        assert!(
            own.body.contains(&email),
            "the follow form offers the account"
        );
        let other = Browser::new(&app).get(&path).await;
        assert!(!other.body.contains(&email));
        let again = a.get(&path).await;
        assert!(!again.body.contains(&email));
        assert_eq!(csrf_of(&again.body), token_a, "same session, same token");
    })
    .await;
}

#[actix_web::test]
async fn a_hearing_moves_to_the_past_when_it_starts_with_nothing_written() {
    use sengketa::models::hearings;
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_id(R3);
        let now = sengketa::models::now();
        let soon = now + chrono::Duration::seconds(3);
        let hearing = hearing_at(soon, "Ruang Uji Waktu", now);
        // Written as the application writes a hearing: with its register
        // marked as changed.
        hearings::insert(&mut app.conn(), &hearing, std::slice::from_ref(&id)).unwrap();
        sengketa::models::stamps::touch_register(&mut app.conn(), &id, now).unwrap();
        let section_of = |html: &str| {
            let at = html.find("Ruang Uji Waktu").expect("the hearing is listed");
            let past = html.find("id=\"past-h\"").unwrap_or(usize::MAX);
            if at < past {
                "upcoming"
            } else {
                "past"
            }
        };
        let page = app.get("/hearings").await;
        assert_eq!(section_of(&page.body), "upcoming");
        let register_page = app.get(&format!("/registers/{id}")).await;
        assert!(register_page.body.contains("Ruang Uji Waktu"));
        let wait = (soon - sengketa::models::now()).num_milliseconds().max(0) as u64 + 300;
        std::thread::sleep(std::time::Duration::from_millis(wait));
        let page = app.get("/hearings").await;
        assert_eq!(section_of(&page.body), "past", "its start has come");
    })
    .await;
}

#[actix_web::test]
async fn the_hearing_schedule_pages_through_every_hearing_once() {
    use sengketa::models::hearings;
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_id(R3);
        let now = sengketa::models::now();
        // The demo's own hearings go far into the past, so that which of
        // them is upcoming does not depend on the time of day the test runs.
        {
            use diesel::prelude::*;
            use sengketa::db::schema::hearings as h;
            diesel::update(h::table)
                .set(h::starts_at.eq(now - chrono::Duration::days(400)))
                .execute(&mut *app.conn())
                .unwrap();
        }
        // 130 upcoming hearings, several an hour, and 70 past ones.
        let mut rooms = Vec::new();
        for i in 0..200i64 {
            let starts_at = if i < 130 {
                now + chrono::Duration::minutes(60 + i * 20)
            } else {
                now - chrono::Duration::minutes(60 + i * 20)
            };
            let room = format!("Ruang-{i:03}");
            let hearing = hearing_at(starts_at, &room, now);
            hearings::insert(&mut app.conn(), &hearing, std::slice::from_ref(&id)).unwrap();
            rooms.push(room);
        }
        sengketa::models::stamps::touch_register(&mut app.conn(), &id, now).unwrap();
        let rooms_on = |html: &str| -> Vec<String> {
            html.match_indices("Ruang-")
                .map(|(i, _)| html[i..i + 9].to_string())
                .collect()
        };
        let link = |html: &str, label: &str| -> Option<String> {
            let at = html.find(label)?;
            let start = html[..at].rfind("href=\"")? + 6;
            let end = start + html[start..].find('"')?;
            Some(common::decode_entities(&html[start..end]))
        };
        let first = app.get("/hearings").await;
        let mut upcoming = Vec::new();
        let mut past = Vec::new();
        let split = first.body.find("id=\"past-h\"").unwrap();
        upcoming.extend(rooms_on(&first.body[..split]));
        past.extend(rooms_on(&first.body[split..]));
        assert_eq!(upcoming.len(), 50, "a page holds 50");
        let mut next = link(&first.body, "Sidang berikutnya");
        let mut pages = 1;
        while let Some(url) = next {
            let page = app.get(&url).await;
            assert_eq!(page.status, 200, "{url}");
            assert!(
                !page.body.contains("id=\"past-h\""),
                "later pages are upcoming only"
            );
            upcoming.extend(rooms_on(&page.body));
            next = link(&page.body, "Sidang berikutnya");
            pages += 1;
        }
        assert_eq!(pages, 3);
        let mut older = link(&first.body[split..], "Sidang yang lebih lama");
        while let Some(url) = older {
            let page = app.get(&url).await;
            assert_eq!(page.status, 200, "{url}");
            past.extend(rooms_on(&page.body));
            older = link(&page.body, "Sidang yang lebih lama");
        }
        let expected_up: Vec<String> = rooms[..130].to_vec();
        assert_eq!(upcoming, expected_up, "soonest first, each once");
        let expected_past: Vec<String> = rooms[130..].to_vec();
        let got_past: Vec<String> = past
            .into_iter()
            .filter(|r| expected_past.contains(r))
            .collect();
        assert_eq!(got_past, expected_past, "latest first, each once");
        let bad = app.get("/hearings?later=garbage").await;
        assert_eq!(bad.status, 400);
    })
    .await;
}
