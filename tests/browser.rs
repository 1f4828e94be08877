//! The main journeys in a real browser (Chromium), on a desktop and a
//! phone-sized window, with every visited page checked by axe-core.

#[path = "it/common/mod.rs"]
mod common;
#[path = "browser/harness.rs"]
mod harness;

use common::{Backend, TestApp};
use harness::{Chrome, DESKTOP, PHONE};

/// Browser tests run on SQLite: what they add is the browser, and the
/// HTTP suite already covers both databases.
async fn app_and_browser(test: &str) -> Option<(TestApp, Chrome)> {
    if !common::covers_sqlite(test) {
        return None;
    }
    let app = TestApp::with_demo(Backend::Sqlite).await;
    let chrome = Chrome::start(test, &app.base).await?;
    Some((app, chrome))
}

/// Checks the page at both sizes: accessibility, nothing wider than a
/// phone, and a screenshot of each for reviewers when `shot` is given.
async fn inspect(b: &Chrome, shot: Option<&str>) {
    b.axe().await;
    b.size(PHONE).await;
    b.no_horizontal_overflow().await;
    if let Some(name) = shot {
        b.screenshot(&format!("{name}-phone")).await;
    }
    b.size(DESKTOP).await;
    if let Some(name) = shot {
        b.screenshot(&format!("{name}-desktop")).await;
    }
}

#[actix_web::test]
async fn the_public_finds_a_register_reads_it_in_both_languages_and_finds_its_calendar() {
    let Some((app, b)) = app_and_browser("public_journey").await else {
        return;
    };
    b.goto("/").await;
    inspect(&b, Some("home")).await;
    b.fill("#q", "Alibaba").await;
    b.submit("form.search button[type=submit]").await;
    b.expect_text("002/KIP-PSIP/II/2024").await;
    inspect(&b, Some("registers-search")).await;
    let id = app.register_id(sengketa::seed::demo::REFERENCE_NUMBERS[1]);
    b.submit(&format!("a[href=\"/registers/{id}\"]")).await;
    b.check(
        b.path().await == format!("/registers/{id}"),
        "on the register's page",
    )
    .await;
    for heading in [
        "Informasi yang diminta",
        "Uji konsekuensi",
        "Sidang",
        "Riwayat",
    ] {
        b.expect_text(heading).await;
    }
    inspect(&b, Some("register")).await;

    b.submit("a[hreflang=en]").await;
    b.expect_text("Requested information").await;
    b.check(
        b.html().await.contains("<html lang=\"en\""),
        "the page says it is English",
    )
    .await;
    inspect(&b, None).await;
    b.submit("a[hreflang=id]").await;
    b.expect_text("Informasi yang diminta").await;

    let calendar = b
        .find(&format!("a[href=\"/registers/{id}/hearings.ics\"]"))
        .await;
    b.check(
        calendar.text().await.unwrap().contains("kalender"),
        "a calendar link",
    )
    .await;
    b.expect_text("berlangganan").await;
    let ics = app.get(&format!("/registers/{id}/hearings.ics")).await;
    b.check(
        ics.body.starts_with("BEGIN:VCALENDAR"),
        "the link gives a calendar",
    )
    .await;

    for (path, shot) in [("/hearings", "hearings"), ("/statistics", "statistics")] {
        b.goto(path).await;
        inspect(&b, Some(shot)).await;
    }
    b.close().await;
}

#[actix_web::test]
async fn a_visitor_follows_by_email_confirms_hears_of_a_change_and_unsubscribes() {
    let Some((app, b)) = app_and_browser("follow_journey").await else {
        return;
    };
    let id = app.register_in("preliminary").await;
    b.goto(&format!("/registers/{id}")).await;
    b.fill("#follow-email", "pembaca@contoh.invalid").await;
    b.submit("form[action$=\"/follow\"] button[type=submit]")
        .await;
    b.expect_text("Periksa email").await;
    inspect(&b, None).await;
    let confirm = common::delivered_link(&app, "pembaca@contoh.invalid", "/follows/");
    b.goto(&confirm).await;
    b.expect_text("Anda mengikuti").await;

    // Staff act; the follower's email arrives with a one-click link.
    let (email, password) = app.account("staff");
    let staff = common::Browser::new(&app);
    staff.login(&email, &password).await;
    let today = common::local_today().format("%Y-%m-%d").to_string();
    let page = staff
        .change_status(&id, &[("to_status", "mediation"), ("on", &today)])
        .await;
    assert_eq!(page.status, 303);
    app.fan_out();
    let unsubscribe = common::delivered_link(&app, "pembaca@contoh.invalid", "/follows/");
    b.check(unsubscribe.ends_with("/unsubscribe"), "an unsubscribe link")
        .await;
    b.goto(&unsubscribe).await;
    inspect(&b, None).await;
    b.submit("form[action$=\"/unsubscribe\"] button[type=submit]")
        .await;
    b.expect_text("tidak lagi mengikuti").await;
    b.close().await;
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

#[actix_web::test]
async fn a_petitioner_signs_up_files_completes_and_sees_the_hearing() {
    let Some((app, b)) = app_and_browser("petitioner_journey").await else {
        return;
    };
    // Validation next to each field, with what was typed kept.
    b.goto("/signup").await;
    b.fill("#name", "Dewi Lestari").await;
    b.fill("#email", "bukan-alamat").await;
    b.fill("#password", "pendek").await;
    b.submit("form[action=\"/signup\"] button[type=submit]")
        .await;
    b.expect_text("Alamat email tidak sah").await;
    b.check(
        b.html().await.contains("value=\"Dewi Lestari\""),
        "the name is kept",
    )
    .await;
    b.check(
        b.html().await.contains("id=\"password-error\""),
        "the error sits by its field",
    )
    .await;
    inspect(&b, Some("signup")).await;

    // Keyboard alone: tab through the form and send it.
    b.goto("/signup").await;
    b.tab_to("#name", 40).await;
    b.check(b.focus_visible().await, "focus is visible").await;
    b.type_here("Dewi Lestari").await;
    b.tab_to("#email", 5).await;
    b.type_here("dewi@contoh.invalid").await;
    b.tab_to("#password", 5).await;
    b.type_here("kata-sandi-dewi-1").await;
    b.tab_to("#confirm_password", 5).await;
    b.type_here("kata-sandi-dewi-1").await;
    b.tab_to("form[action=\"/signup\"] button[type=submit]", 5)
        .await;
    b.check(b.focus_visible().await, "focus is visible on the button")
        .await;
    b.type_here("\u{e007}").await;
    b.expect_text("Periksa email").await;
    let verify = common::delivered_link(&app, "dewi@contoh.invalid", "/account/verify/");
    b.goto(&verify).await;
    b.expect_text("Alamat terverifikasi").await;

    // A draft with two items and a document; timeliness shown.
    b.goto("/my").await;
    inspect(&b, Some("my-cases")).await;
    b.submit("form[action=\"/my/drafts\"] button").await;
    let body = sengketa::models::bodies::confirmed(&mut app.conn())
        .unwrap()
        .remove(0)
        .id;
    let day = |n: i64| {
        (common::local_today() - chrono::Duration::days(n))
            .format("%Y-%m-%d")
            .to_string()
    };
    b.select("#respondent", &body).await;
    b.fill("#subject", "Data mentah pemungutan suara").await;
    for (field, n) in [
        ("#requested_on", 40),
        ("#ppid_answered_on", 35),
        ("#objected_on", 30),
        ("#objection_answered_on", 3),
    ] {
        b.set_value(field, &day(n)).await;
    }
    b.select("#request_channel", "email").await;
    b.click("#g-e").await;
    b.fill("#item-1", "Data C1 per TPS").await;
    b.fill("#item-form-1", ".csv").await;
    b.fill("#item-2", "Kontrak layanan awan").await;
    b.fill("#item-form-2", "salinan").await;
    let dir =
        std::env::temp_dir().join(format!("sengketa-upload-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut paths = Vec::new();
    for name in ["ktp.pdf", "permohonan.pdf", "keberatan.pdf"] {
        let p = dir.join(name);
        std::fs::write(&p, PDF).unwrap();
        paths.push(p);
    }
    for (field, path) in ["#doc-identity", "#doc-request", "#doc-objection"]
        .iter()
        .zip(&paths)
    {
        b.find(field)
            .await
            .send_keys(&path.display().to_string())
            .await
            .unwrap();
    }
    b.submit("button[name=action][value=save]").await;
    b.expect_text("Konsep disimpan").await;
    b.expect_text("Tepat waktu bila diajukan sampai").await;
    b.check(b.text().await.contains("ktp.pdf"), "the document was kept")
        .await;
    inspect(&b, Some("application-form")).await;
    b.submit("button[name=action][value=submit]").await;
    b.expect_text("Diajukan tepat waktu").await;
    let case = b.path().await;
    let id = case.trim_start_matches("/my/cases/").to_string();
    inspect(&b, Some("my-case")).await;
    b.goto("/my").await;
    b.expect_text("Data mentah pemungutan suara").await;

    // Staff ask for a piece; the petitioner sends it.
    let (email, password) = app.account("staff");
    let staff = common::Browser::new(&app);
    staff.login(&email, &password).await;
    let today = common::local_today().format("%Y-%m-%d").to_string();
    let page = staff
        .change_status(
            &id,
            &[
                ("to_status", "incomplete"),
                ("on", &today),
                ("missing", "Tanda terima keberatan"),
            ],
        )
        .await;
    assert_eq!(page.status, 303);
    b.goto(&case).await;
    b.expect_text("Tanda terima keberatan").await;
    b.find("#doc-supplement")
        .await
        .send_keys(&paths[2].display().to_string())
        .await
        .unwrap();
    b.fill("#note", "Tanda terima terlampir.").await;
    b.submit("form[action$=\"/complete\"] button").await;
    b.expect_text("Kelengkapan dikirim pada").await;

    // Registered, a hearing scheduled: the petitioner sees it.
    let page = staff.get(&format!("/staff/registers/{id}")).await;
    let number = common::decode_entities(
        common::find_after(&page.body, "name=\"register_number\"", "value").unwrap(),
    );
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
    assert_eq!(page.status, 303);
    let hearing_day = (common::local_today() + chrono::Duration::days(10))
        .format("%Y-%m-%d")
        .to_string();
    let page = staff
        .submit(
            &format!("/staff/hearings/new?register={id}"),
            "/staff/hearings",
            &[
                ("date", &hearing_day),
                ("time", "10:00"),
                ("kind", "pa1"),
                ("room", "Ruang Sidang 3"),
                ("openness", "open"),
                ("register", &id),
            ],
        )
        .await;
    assert_eq!(page.status, 303);
    b.goto(&case).await;
    b.expect_text("Ruang Sidang 3").await;
    b.expect_text(&number).await;
    b.close().await;
}

#[actix_web::test]
async fn the_accessibility_check_catches_a_known_violation() {
    let Some((_app, b)) = app_and_browser("axe_sanity").await else {
        return;
    };
    // An image without a text alternative and an unlabelled field.
    b.goto("data:text/html,<html lang=\"id\"><title>x</title><main><img src=\"x.png\"><input type=\"text\"></main></html>")
        .await;
    let caught = std::panic::AssertUnwindSafe(b.axe());
    let result = futures_util::FutureExt::catch_unwind(caught).await;
    let message = match result {
        Ok(()) => String::new(),
        Err(e) => e.downcast_ref::<String>().cloned().unwrap_or_default(),
    };
    assert!(
        message.contains("image-alt"),
        "axe must report the image: {message}"
    );
    b.close().await;
}

#[actix_web::test]
async fn staff_take_a_register_from_registration_to_final_decision() {
    let Some((app, b)) = app_and_browser("staff_journey").await else {
        return;
    };
    let id: String = {
        use diesel::prelude::*;
        use sengketa::db::schema::registers as r;
        r::table
            .filter(r::status.eq("received"))
            .select(r::id)
            .first(&mut *app.conn())
            .unwrap()
    };
    let (email, password) = app.account("staff");
    b.goto("/login").await;
    b.fill("#email", &email).await;
    b.fill("#password", &password).await;
    b.submit("form[action=\"/login\"] button[type=submit]")
        .await;
    b.expect_text("Meja kepaniteraan").await;
    inspect(&b, Some("staff-dashboard")).await;

    let staff_page = format!("/staff/registers/{id}");
    let public = format!("/registers/{id}");
    let change = |to: &'static str| {
        let b = &b;
        let staff_page = staff_page.clone();
        async move {
            b.goto(&staff_page).await;
            b.select("#to_status", to).await;
            b.submit("form[action$=\"/status\"] button[type=submit]")
                .await;
            b.expect_text("Riwayat").await;
        }
    };
    // Registration: the number is proposed on the form.
    b.goto(&staff_page).await;
    inspect(&b, Some("staff-register")).await;
    let number = b
        .find("#register_number")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    b.check(!number.is_empty(), "a proposed number").await;
    change("registered").await;
    b.goto(&public).await;
    b.expect_text(&number).await;
    change("preliminary").await;

    // A hearing, then postponed with a reason and a new date.
    let day = |n: i64| {
        (common::local_today() + chrono::Duration::days(n))
            .format("%Y-%m-%d")
            .to_string()
    };
    b.goto(&format!("/staff/hearings/new?register={id}")).await;
    b.set_value("#date", &day(7)).await;
    b.set_value("#time", "10:00").await;
    b.select("#kind", "pa1").await;
    b.fill("#room", "Ruang Sidang Utama").await;
    b.submit("form[action=\"/staff/hearings\"] button[type=submit]")
        .await;
    b.expect_text("Catat keadaan sidang").await;
    b.check(
        b.html().await.contains("value=\"Ruang Sidang Utama\""),
        "the hearing saved its room",
    )
    .await;
    inspect(&b, Some("staff-hearing")).await;
    b.select("#to_state", "postponed").await;
    b.fill("#reason", "Termohon meminta penundaan").await;
    b.set_value("#new_date", &day(14)).await;
    b.set_value("#new_time", "13:00").await;
    b.submit("form[action$=\"/state\"] button[type=submit]")
        .await;
    b.goto(&public).await;
    b.expect_text("Termohon meminta penundaan").await;
    b.expect_text("13.00").await;

    // A consequence test ordered, submitted and rejected.
    b.goto(&format!("/staff/registers/{id}/tests")).await;
    inspect(&b, Some("staff-tests")).await;
    b.click("input[name=item]").await;
    b.set_value("#ordered_on", &day(0)).await;
    b.submit("form[action$=\"/tests\"] button[type=submit]")
        .await;
    b.expect_text("Diperintahkan").await;
    let test_form = "form[action^=\"/staff/tests/\"]";
    b.select(&format!("{test_form} select[name=to_state]"), "submitted")
        .await;
    b.click(&format!("{test_form} input[name=ground]")).await;
    b.fill(
        &format!("{test_form} textarea[name=harm_argued]"),
        "Membuka data merugikan keamanan sistem.",
    )
    .await;
    b.submit(&format!("{test_form} button[type=submit]")).await;
    b.expect_text("Diserahkan").await;
    b.select(&format!("{test_form} select[name=to_state]"), "rejected")
        .await;
    b.fill(
        &format!("{test_form} textarea[name=assessment]"),
        "Uji tidak menunjukkan akibat yang nyata.",
    )
    .await;
    b.submit(&format!("{test_form} button[type=submit]")).await;
    b.goto(&public).await;
    b.expect_text("Majelis menolak uji konsekuensi").await;

    // Findings per item.
    b.goto(&format!("/staff/registers/{id}/items")).await;
    inspect(&b, Some("staff-items")).await;
    b.select("#n-1", "open").await;
    b.submit("form[action$=\"/items\"] button[type=submit]")
        .await;
    b.goto(&public).await;
    b.check(
        b.html().await.contains("finding-open"),
        "the item's finding shows on the public page",
    )
    .await;

    // Adjudication, the decision, and finality.
    change("adjudication").await;
    b.goto(&staff_page).await;
    b.select("#to_status", "decided").await;
    b.select("#outcome", "granted_full").await;
    b.fill("#decision_number", "088/KIP-PS-A/XI/2026").await;
    b.submit("form[action$=\"/status\"] button[type=submit]")
        .await;
    b.expect_text("Riwayat").await;
    b.goto(&public).await;
    b.expect_text("088/KIP-PS-A/XI/2026").await;
    b.expect_text("Dikabulkan seluruhnya").await;
    change("final").await;
    b.goto(&public).await;
    b.expect_text("Berkekuatan hukum tetap").await;
    inspect(&b, Some("register-final")).await;
    b.close().await;
}

#[actix_web::test]
async fn the_keyboard_alone_reaches_and_fills_every_field_of_the_application() {
    let Some((app, b)) = app_and_browser("keyboard_journey").await else {
        return;
    };
    let (email, password) = ("kibor@contoh.invalid", "kata-sandi-kibor-1");
    {
        let http = common::Browser::new(&app);
        let page = http
            .submit(
                "/signup",
                "/signup",
                &[
                    ("name", "Kirana Bora"),
                    ("email", email),
                    ("password", password),
                    ("confirm_password", password),
                ],
            )
            .await;
        assert_eq!(page.status, 200);
        let verify = common::delivered_link(&app, email, "/account/verify/");
        assert_eq!(http.get(&verify).await.status, 200);
    }
    b.goto("/login").await;
    b.tab_to("#email", 40).await;
    b.type_here(email).await;
    b.tab_to("#password", 3).await;
    b.type_here(password).await;
    b.type_here("\u{e007}").await;
    b.expect_text("Perkara saya").await;
    b.goto("/my").await;
    b.tab_to("form[action=\"/my/drafts\"] button", 40).await;
    b.check(b.focus_visible().await, "focus is visible").await;
    b.type_here("\u{e007}").await;
    b.expect_text("Permohonan penyelesaian sengketa informasi")
        .await;
    let body_name = sengketa::models::bodies::confirmed(&mut app.conn())
        .unwrap()
        .remove(0)
        .name;

    // Every field in order, each with a visible focus; selects take the
    // first letters of an option, checkboxes the space bar.
    let steps: Vec<(&str, String)> = vec![
        ("#name", "\u{e009}a\u{e017}Kirana Bora".into()),
        ("#show_name", " ".into()),
        ("#respondent", body_name.chars().take(6).collect()),
        ("#subject", "Daftar pemilih tetap".into()),
        ("#request_channel", "Email".into()),
        ("#g-c", " ".into()),
        ("#item-1", "Daftar pemilih per TPS".into()),
        ("#item-form-1", ".csv".into()),
    ];
    for (css, keys) in &steps {
        b.tab_to(css, 30).await;
        b.check(
            b.focus_visible().await,
            &format!("focus on {css} is visible"),
        )
        .await;
        b.type_here(keys).await;
    }
    // The documents' inputs are in the tab order too, and so are the buttons.
    for css in ["#doc-identity", "#doc-request", "#doc-objection"] {
        b.tab_to(css, 30).await;
    }
    b.tab_to("button[name=action][value=save]", 10).await;
    b.type_here("\u{e007}").await;
    b.expect_text("Konsep disimpan").await;
    let html = b.html().await;
    for kept in [
        "value=\"Daftar pemilih tetap\"",
        "value=\"Daftar pemilih per TPS\"",
        "value=\".csv\"",
    ] {
        b.check(html.contains(kept), &format!("{kept} was saved"))
            .await;
    }
    b.check(
        html.contains("id=\"show_name\" name=\"show_name\" value=\"1\" checked"),
        "the checkbox was ticked",
    )
    .await;
    b.check(
        html.contains("id=\"g-c\" name=\"grounds\" value=\"c\" checked"),
        "the ground was ticked",
    )
    .await;
    // And nothing traps the focus: after the last button Tab leaves the form.
    b.tab_to("button[name=action][value=submit]", 80).await;
    b.type_here("\u{e004}").await;
    let left = b
        .client
        .execute(
            "return !document.activeElement || !document.activeElement.closest('form.stack');",
            vec![],
        )
        .await
        .unwrap();
    b.check(
        left.as_bool() == Some(true),
        "Tab leaves the form after its last button",
    )
    .await;
    b.close().await;
}
