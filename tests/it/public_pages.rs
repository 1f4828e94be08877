//! The public pages, read the way a visitor reads them, on every backend.

use crate::common;

use common::{on_each_backend, register_links, text, TestApp};

const R1: &str = "001/KIP-PSIP/II/2024";
const R2: &str = "002/KIP-PSIP/II/2024";
const R3: &str = "003/KIP-PSIP/II/2024";

#[actix_web::test]
async fn home_shows_upcoming_hearings_recent_changes_and_a_search_box() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let page = app.get("/").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("<html lang=\"id\">"));
        assert!(
            page.body.contains("action=\"/registers\""),
            "search form posts to the list"
        );
        assert!(page.body.contains("name=\"q\""));
        let t = text(&page.body);
        assert!(t.contains("Sidang mendatang"), "{t}");
        // The fictional register in preliminary examination has its second
        // hearing in a few working days, and the mediation is rescheduled.
        assert!(t.contains("Pemeriksaan awal II"), "{t}");
        assert!(t.contains("Mediasi I"), "{t}");
        assert!(!register_links(&page.body).is_empty());
    })
    .await;
}

#[actix_web::test]
async fn register_002_reads_as_the_public_record_tells_it() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_id(R2);
        let page = app.get(&format!("/registers/{id}")).await;
        assert_eq!(page.status, 200);
        let t = text(&page.body);
        for expected in [
            R2,
            "Yayasan Advokasi Hak Konstitusional Indonesia (YAKIN)",
            "Komisi Pemilihan Umum Republik Indonesia (KPU RI)",
            "Syawaludin",
            "Rospita Vici Paulyn",
            "Arya Sandhiyudha",
            "Alibaba Cloud",
            // Seven items, as listed in the application.
            "Topologi infrastruktur TI KPU untuk Pemilu 2024",
            "Server fisik",
            "Server cloud dan jaringan",
            "Lokasi setiap perangkat dan jaringan",
            "Perangkat keamanan siber (CDN, perlindungan DDoS, dan lainnya)",
            "Layanan Alibaba Cloud yang digunakan",
            "Pengadaan layanan cloud serta kontrak antara KPU (atau agennya) dan Alibaba Cloud",
            // The panel's findings: open except IP addresses and locations.
            "Yang dikecualikan: Alamat IP",
            "Yang dikecualikan: Lokasi persis setiap perangkat",
            "Kontrak diperlihatkan kepada pemohon.",
            // The decision and what followed.
            "002/KIP-PSIP-A/II/2024",
            "Dikabulkan sebagian",
            "Permohonan eksekusi",
            "sejak 2 Mei 2024",
            // A first test and a repeat test.
            "Diperintahkan uji ulang",
            "Uji ulang",
            // Hearings of 5, 13, 18, 21 March and 3 April 2024.
            "Selasa, 5 Maret 2024",
            "Rabu, 13 Maret 2024",
            "Senin, 18 Maret 2024",
            "Kamis, 21 Maret 2024",
            "Rabu, 3 April 2024",
        ] {
            assert!(t.contains(expected), "register 002 lacks {expected:?}");
        }
        assert_eq!(
            t.matches("Yang dikecualikan:").count(),
            4,
            "IP addresses on three items, locations on one"
        );
        // Each hearing links to the registers it served.
        assert!(page
            .body
            .contains(&format!("href=\"/registers/{}\"", app.register_id(R1))));
        assert!(page
            .body
            .contains(&format!("href=\"/registers/{}\"", app.register_id(R3))));
    })
    .await;
}

#[actix_web::test]
async fn registers_001_and_003_tell_their_own_story() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let one = text(
            &app.get(&format!("/registers/{}", app.register_id(R1)))
                .await
                .body,
        );
        assert!(one.contains("001/KIP-PSIP-A/II/2024"));
        assert!(one.contains("Dikabulkan seluruhnya"));
        assert!(!one.contains("Uji ulang"), "001 had one test only");
        let three = text(
            &app.get(&format!("/registers/{}", app.register_id(R3)))
                .await
                .body,
        );
        assert!(three.contains("003/KIP-PSIP-A/II/2024"));
        assert!(
            three.contains("Kamis, 14 Maret 2024"),
            "the mediation hearing on 003"
        );
    })
    .await;
}

#[actix_web::test]
async fn english_by_query_cookie_and_accept_language() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_id(R2);
        let path = format!("/registers/{id}");

        let default = app.get(&path).await;
        assert!(default.body.contains("<html lang=\"id\">"));
        assert!(text(&default.body).contains("Dikabulkan sebagian"));
        // The switch keeps the page.
        assert!(
            default.body.contains(&format!("href=\"{path}?lang=en\"")),
            "switch link keeps the page"
        );

        let en = app.get(&format!("{path}?lang=en")).await;
        assert_eq!(en.status, 200);
        assert!(en.body.contains("<html lang=\"en\">"));
        let t = text(&en.body);
        assert!(t.contains("Granted in part"), "{t}");
        assert!(t.contains("Wednesday, 13 March 2024"));
        assert!(!t.contains("Dikabulkan sebagian"));
        let cookie = en
            .headers
            .get_all("set-cookie")
            .into_iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("lang="))
            .expect("the choice is remembered");
        assert!(cookie.starts_with("lang=en"));

        let remembered = app.get_with("/registers", &[("cookie", "lang=en")]).await;
        assert!(remembered.body.contains("<html lang=\"en\">"));

        let negotiated = app
            .get_with("/hearings", &[("accept-language", "en-GB,en;q=0.9")])
            .await;
        assert!(negotiated.body.contains("<html lang=\"en\">"));
        let negotiated = app
            .get_with("/hearings", &[("accept-language", "fr, id;q=0.5")])
            .await;
        assert!(negotiated.body.contains("<html lang=\"id\">"));

        // An explicit choice beats the browser's preference.
        let chosen = app
            .get_with("/?lang=id", &[("accept-language", "en")])
            .await;
        assert!(chosen.body.contains("<html lang=\"id\">"));
    })
    .await;
}

fn count_text(body: &str) -> String {
    let t = text(body);
    let i = t
        .find(" register ditemukan")
        .or_else(|| t.find(" registers found"))
        .expect("a result count");
    t[..i].rsplit(' ').next().unwrap().to_string()
}

#[actix_web::test]
async fn list_filters_search_and_counts() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let all = app.get("/registers").await;
        assert_eq!(all.status, 200);
        // 3 reference registers and 6 registered fictional ones; the two
        // applications not yet registered are not public.
        assert_eq!(count_text(&all.body), "9");
        assert_eq!(register_links(&all.body).len(), 9);

        let ids: Vec<String> = [R1, R2, R3]
            .iter()
            .map(|n| format!("/registers/{}", app.register_id(n)))
            .collect();
        let mut reference = ids.clone();
        reference.sort();

        let enforcement = app.get("/registers?status=enforcement").await;
        assert_eq!(count_text(&enforcement.body), "3");
        assert_eq!(register_links(&enforcement.body), reference);

        let election = app.get("/registers?track=election").await;
        assert_eq!(
            count_text(&election.body),
            "4",
            "three reference registers and one fictional"
        );

        let y2024 = app.get("/registers?year=2024").await;
        assert_eq!(register_links(&y2024.body), reference);

        let kpu = app.register_id(R1);
        let respondent = sengketa::models::registers::find(&mut app.conn(), &kpu)
            .unwrap()
            .unwrap()
            .respondent_id;
        let by_body = app
            .get(&format!("/registers?respondent={respondent}"))
            .await;
        assert_eq!(register_links(&by_body.body), reference);

        // Search runs over numbers, parties and requested items, any case.
        let alibaba = app.get("/registers?q=ALIBABA").await;
        assert_eq!(register_links(&alibaba.body), vec![ids[1].clone()]);
        let by_number = app.get("/registers?q=003%2FKIP-PSIP").await;
        assert_eq!(register_links(&by_number.body), vec![ids[2].clone()]);
        let by_party = app.get("/registers?q=yakin").await;
        assert_eq!(count_text(&by_party.body), "3");
        let nothing = app.get("/registers?q=tidak-ada-yang-cocok").await;
        assert_eq!(count_text(&nothing.body), "0");
        // Wildcards are matched literally.
        let percent = app.get("/registers?q=%25").await;
        assert_eq!(count_text(&percent.body), "0");
        // Words are whole; a star asks for every word a beginning starts.
        let part = app.get("/registers?q=aliba").await;
        assert_eq!(count_text(&part.body), "0");
        let prefix = app.get("/registers?q=aliba*").await;
        assert_eq!(register_links(&prefix.body), vec![ids[1].clone()]);

        // Filters combine.
        let combined = app.get("/registers?status=enforcement&q=kontrak").await;
        assert_eq!(register_links(&combined.body), vec![ids[1].clone()]);
        // The form shows what was chosen.
        assert!(combined.body.contains("value=\"enforcement\" selected"));
        assert!(combined.body.contains("value=\"kontrak\""));
    })
    .await;
}

#[actix_web::test]
async fn bodies_list_their_registers() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let r1 = sengketa::models::registers::find(&mut app.conn(), &app.register_id(R1))
            .unwrap()
            .unwrap();
        let page = app.get(&format!("/bodies/{}", r1.respondent_id)).await;
        assert_eq!(page.status, 200);
        let t = text(&page.body);
        assert!(t.contains("Komisi Pemilihan Umum Republik Indonesia"));
        assert_eq!(count_text(&page.body), "3");
        assert_eq!(register_links(&page.body).len(), 3);
        assert!(
            !page.body.contains("@"),
            "notice addresses are not shown: {t}"
        );
    })
    .await;
}

#[actix_web::test]
async fn hearings_page_shows_upcoming_by_day_and_past_with_postponements() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let page = app.get("/hearings").await;
        assert_eq!(page.status, 200);
        let t = text(&page.body);
        assert!(t.contains("Mendatang"));
        assert!(t.contains("Yang telah lalu"));
        assert!(
            t.contains("Ditunda"),
            "postponed hearings are shown as such"
        );
        assert!(t.contains("Termohon meminta penundaan karena pejabat PPID berhalangan."));
        assert!(t.contains("Dibatalkan"));
        assert!(t.contains("Majelis berhalangan; jadwal baru akan diumumkan."));
        // The reference hearings are in the past list, linked to their registers.
        assert!(t.contains("Rabu, 3 April 2024"));
        assert!(page
            .body
            .contains(&format!("href=\"/registers/{}\"", app.register_id(R3))));
        // Times are shown in the commission's zone.
        assert!(t.contains("WIB"));
        let up = t.find("Mendatang").unwrap();
        let past = t.find("Yang telah lalu").unwrap();
        assert!(up < past);
        assert!(
            t[up..past].contains("Pemeriksaan awal II"),
            "the upcoming PA2 is listed before past hearings"
        );
    })
    .await;
}

#[actix_web::test]
async fn deadlines_are_explained_and_overdue_ones_marked() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        // The fictional register registered weeks ago whose first hearing was
        // cancelled: proceedings should have started by now.
        let list = app.get("/registers?q=bantuan%20sosial").await;
        let links = register_links(&list.body);
        assert_eq!(links.len(), 1);
        let page = app.get(&links[0]).await;
        assert!(
            page.body.contains("class=\"overdue\""),
            "overdue deadline marked"
        );
        let t = text(&page.body);
        assert!(t.contains("Dimulainya penyelesaian sengketa"));
        assert!(t.contains("Bagaimana tanggal ini dihitung"), "{t}");
        assert!(t.contains("Terlambat"), "{t}");

        // A finished register has no running clock.
        let done = text(
            &app.get(&format!("/registers/{}", app.register_id(R1)))
                .await
                .body,
        );
        assert!(done.contains("Tidak ada tenggat yang berjalan pada status ini."));
    })
    .await;
}

#[actix_web::test]
async fn stylesheet_is_served() {
    on_each_backend(|backend| async move {
        let app = TestApp::empty(backend).await;
        let css = app.get("/static/style.css").await;
        assert_eq!(css.status, 200);
        let kind = css.headers.get("content-type").unwrap().to_str().unwrap();
        assert!(kind.starts_with("text/css"), "{kind}");
        assert!(css.body.contains("@media"), "readable on a phone");
        // Pages work on an empty database too.
        let home = app.get("/").await;
        assert_eq!(home.status, 200);
        assert_eq!(count_text(&app.get("/registers").await.body), "0");
    })
    .await;
}
