//! Who may reach what: every route the source declares, asked by a visitor,
//! two petitioners, staff and an admin, with real and guessed ids.

use crate::common;

use std::collections::BTreeMap;

use common::figures::record;
use common::{on_each_backend, Browser, TestApp};
use diesel::prelude::*;
use sengketa::db::schema::{attachments, hearings, outbox, public_bodies};

/// Every `(method, path, multipart)` the web layer routes, read from its
/// source, with the scopes (`web::scope("/api/v1")`) they sit in; whether
/// the handler reads a multipart body.
fn declared_routes() -> Vec<(String, String, bool)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    // Every file under src/web, its folders too.
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut out = Vec::new();
    for path in files {
        let src = std::fs::read_to_string(&path).unwrap();
        let Some(start) = src.find("pub fn routes(") else {
            continue;
        };
        // The function's body, by its braces.
        let body_start = start + src[start..].find('{').unwrap();
        let mut depth = 0;
        let mut end = body_start;
        for (i, c) in src[body_start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = body_start + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let body = &src[body_start..end];
        // Scopes by parenthesis depth: a scope holds the routes inside the
        // call that opened it.
        let mut scopes: Vec<(usize, String)> = Vec::new();
        let mut paren = 0usize;
        let mut i = 0;
        let bytes = body.as_bytes();
        while i < bytes.len() {
            let rest = &body[i..];
            if let Some(s) = rest.strip_prefix("web::scope(\"") {
                scopes.push((paren, s[..s.find('"').unwrap()].to_string()));
            }
            if rest.starts_with(".route(") || rest.starts_with("cfg.route(") {
                let open = rest.find('(').unwrap();
                let after = &rest[open + 1..];
                let q = after.find('"').unwrap();
                let lit = &after[q + 1..];
                let route = &lit[..lit.find('"').unwrap()];
                // `web::get()` and the like, or the API's `read()` (GET
                // and HEAD), asked here with GET.
                let method_at = after.find("web::").unwrap_or(usize::MAX);
                let read_at = after.find("read()").unwrap_or(usize::MAX);
                let (method_name, method) = if read_at < method_at {
                    ("GET".to_string(), &after[read_at..])
                } else {
                    let method = &after[method_at + 5..];
                    (method[..method.find('(').unwrap()].to_uppercase(), method)
                };
                let handler = &method[method.find(".to(").unwrap() + 4..];
                let handler = handler[..handler.find(')').unwrap()]
                    .rsplit("::")
                    .next()
                    .unwrap();
                let multipart = src
                    .find(&format!("async fn {handler}("))
                    .map(|at| {
                        let sig = &src[at..];
                        sig[..sig.find('{').unwrap()].contains("Multipart")
                    })
                    .unwrap_or(false);
                let prefix: String = scopes.iter().map(|(_, s)| s.as_str()).collect();
                out.push((method_name, format!("{prefix}{route}"), multipart));
            }
            match bytes[i] {
                b'(' => paren += 1,
                b')' => {
                    paren -= 1;
                    while scopes.last().is_some_and(|(d, _)| *d > paren) {
                        scopes.pop();
                    }
                }
                b'"' => {
                    // Skip the string.
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        if bytes[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    out.sort();
    out.dedup();
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    Owner,
    OtherPetitioner,
    Staff,
    Admin,
}

const EVERYONE: [Who; 5] = [
    Who::Anonymous,
    Who::Owner,
    Who::OtherPetitioner,
    Who::Staff,
    Who::Admin,
];

/// What a visitor may get: allowed (any 2xx, or a 3xx that is not the
/// login page), sent to sign in, refused (403), or not found (404).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Allowed,
    SignIn,
    Refused,
    NotFound,
}

fn outcome(page: &common::Page) -> Result<Outcome, String> {
    match page.status {
        200..=299 => Ok(Outcome::Allowed),
        303 | 302 if common::location(page).starts_with("/login") => Ok(Outcome::SignIn),
        300..=399 => Ok(Outcome::Allowed),
        403 => Ok(Outcome::Refused),
        404 => Ok(Outcome::NotFound),
        s => Err(format!("{s}: {}", common::text(&page.body))),
    }
}

const ADMIN_ONLY: [&str; 3] = ["/staff/users", "/staff/calendar", "/staff/bodies"];

/// The rule, stated once: what each visitor gets on each kind of route.
fn expected(path: &str, guessed: bool, who: Who) -> Outcome {
    use Outcome::*;
    let signed_in = who != Who::Anonymous;
    if guessed && path.starts_with("/follows/{token}/unsubscribe") {
        // Unsubscribing answers the same whether or not the token still
        // exists (it may have been used already): nothing is told.
        return Allowed;
    }
    if guessed {
        // An id nobody has, or a page not yet public.
        return if path.starts_with("/staff") {
            match who {
                Who::Anonymous => SignIn,
                Who::Owner | Who::OtherPetitioner => Refused,
                Who::Staff if ADMIN_ONLY.iter().any(|p| path.starts_with(p)) => Refused,
                _ => NotFound,
            }
        } else if path.starts_with("/my") || path.starts_with("/files") {
            if signed_in {
                NotFound
            } else {
                SignIn
            }
        } else {
            NotFound
        };
    }
    if path.starts_with("/staff") {
        return match who {
            Who::Anonymous => SignIn,
            Who::Owner | Who::OtherPetitioner => Refused,
            Who::Staff if ADMIN_ONLY.iter().any(|p| path.starts_with(p)) => Refused,
            _ => Allowed,
        };
    }
    if path.starts_with("/files/") {
        return match who {
            Who::Anonymous => SignIn,
            Who::OtherPetitioner => NotFound,
            _ => Allowed,
        };
    }
    // Opening a draft is for whoever is signed in.
    if path == "/my/drafts" {
        return if signed_in { Allowed } else { SignIn };
    }
    if path.starts_with("/my/") {
        return match who {
            Who::Anonymous => SignIn,
            Who::Owner => Allowed,
            Who::OtherPetitioner => NotFound,
            // Staff and admins have no petitioner's area of their own.
            Who::Staff | Who::Admin => NotFound,
        };
    }
    if path == "/my" || path == "/account" {
        return if signed_in { Allowed } else { SignIn };
    }
    Allowed
}

#[actix_web::test]
async fn every_declared_route_answers_each_visitor_as_the_rule_says() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let routes = declared_routes();
        assert!(
            routes.len() >= 60,
            "the source scan found the routes: {routes:?}"
        );

        // Visitors.
        let anonymous = Browser::new(&app);
        let owner = Browser::new(&app);
        let (email, password) = app.account("petitioner");
        owner.login(&email, &password).await;
        let other = Browser::new(&app);
        let (email, password) = app.account("petitioner");
        other.login(&email, &password).await;
        let staff = Browser::new(&app);
        let (email, password) = app.account("staff");
        staff.login(&email, &password).await;
        let admin = Browser::new(&app);
        let (email, password) = app.account("admin");
        admin.login(&email, &password).await;
        let browser = |who: Who| match who {
            Who::Anonymous => &anonymous,
            Who::Owner => &owner,
            Who::OtherPetitioner => &other,
            Who::Staff => &staff,
            Who::Admin => &admin,
        };

        // Things to ask for: the owner's filed case (not yet public), a
        // draft, a document; the demo's register, body, hearing, test and
        // a queued message.
        let case = common::filing::file_one(&owner, "Anggaran rahasia").await;
        let draft = common::filing::new_draft(&owner)
            .await
            .trim_start_matches("/my/drafts/")
            .to_string();
        let file: String = attachments::table
            .filter(attachments::register_id.eq(&case))
            .select(attachments::id)
            .first(&mut *app.conn())
            .unwrap();
        let register = app.register_id(sengketa::seed::demo::REFERENCE_NUMBERS[0]);
        let body: String = public_bodies::table
            .select(public_bodies::id)
            .first(&mut *app.conn())
            .unwrap();
        let hearing: String = hearings::table
            .select(hearings::id)
            .first(&mut *app.conn())
            .unwrap();
        let test = sengketa::models::registers::tests_with_items(&mut app.conn(), &register)
            .unwrap()[0]
            .0
            .id
            .clone();
        sengketa::models::outbox::enqueue(
            &mut app.conn(),
            &[sengketa::models::outbox::NewMessage {
                register_id: Some(register.clone()),
                recipient: "pihak@contoh.invalid".into(),
                lang: "id".into(),
                subject: "Uji".into(),
                body_text: "Uji".into(),
                body_html: "<p>Uji</p>".into(),
                unsubscribe_url: None,
            }],
            "contoh.invalid",
            sengketa::models::now(),
        )
        .unwrap();
        let message: String = outbox::table
            .select(outbox::id)
            .first(&mut *app.conn())
            .unwrap();
        let nobody = "01a23137-0000-7000-8000-000000000000";

        // Each route's ids: the real one, and guesses (an id that does not
        // exist, the unpublished case where a public id is taken).
        let fill = |path: &str, real: bool| -> Option<String> {
            let id_for = |before: &str| -> String {
                if !real {
                    return if before.starts_with("/registers")
                        || before.starts_with("/api/v1/registers")
                    {
                        case.clone()
                    } else {
                        nobody.to_string()
                    };
                }
                if before.starts_with("/my/drafts") {
                    draft.clone()
                } else if before.starts_with("/my/cases") {
                    case.clone()
                } else if before.starts_with("/files") {
                    file.clone()
                } else if before.contains("bodies") {
                    body.clone()
                } else if before.contains("hearings") {
                    hearing.clone()
                } else if before.contains("tests") {
                    test.clone()
                } else if before.contains("mail") {
                    message.clone()
                } else {
                    register.clone()
                }
            };
            let mut out = String::new();
            let mut rest = path;
            while let Some(open) = rest.find('{') {
                let close = rest.find('}').unwrap();
                let name = &rest[open + 1..close];
                out.push_str(&rest[..open]);
                match name {
                    "id" => out.push_str(&id_for(&out)),
                    // Links from emails: only guesses can be made here.
                    "token" if real => return None,
                    "token" => out.push_str("tebakan-token-yang-salah"),
                    "what" => out.push_str("registers"),
                    "format" => out.push_str("csv"),
                    other => panic!("a route parameter this test does not know: {other} in {path}"),
                }
                rest = &rest[close + 1..];
            }
            out.push_str(rest);
            Some(out)
        };

        let mut problems = Vec::new();
        let mut asked = 0;
        let mut by_outcome: BTreeMap<String, usize> = BTreeMap::new();
        for (method, route, multipart) in &routes {
            for real in [true, false] {
                if !real && !route.contains("{id}") && !route.contains("{token}") {
                    continue;
                }
                let Some(path) = fill(route, real) else {
                    continue;
                };
                for who in EVERYONE {
                    let b = browser(who);
                    let page = if method == "GET" {
                        b.get(&path).await
                    } else {
                        // A post is judged on who may make it: only the
                        // refused are tried, so that nothing is changed.
                        let want = expected(route, !real, who);
                        if want == Outcome::Allowed {
                            continue;
                        }
                        let token = common::csrf_of(&b.get("/login").await.body);
                        // Plausible fields, so that a refusal is about who
                        // asks, not about what was sent.
                        let fields = [
                            ("csrf", token.as_str()),
                            ("email", "pengikut@contoh.invalid"),
                            ("new_password", "kata-sandi-baru-panjang-1"),
                            ("confirm_password", "kata-sandi-baru-panjang-1"),
                        ];
                        if *multipart {
                            b.post_files(&path, &fields, &[]).await
                        } else {
                            b.post(&path, &fields).await
                        }
                    };
                    asked += 1;
                    let want = expected(route, !real, who);
                    match outcome(&page) {
                        Ok(got) => {
                            *by_outcome.entry(format!("{got:?}")).or_default() += 1;
                            if got != want {
                                problems.push(format!(
                                    "{method} {path} as {who:?}: {got:?}, the rule says {want:?}"
                                ));
                            }
                        }
                        Err(e) => problems.push(format!("{method} {path} as {who:?}: {e}")),
                    }
                }
            }
        }
        // Internal notes stay inside: written on the demo register, seen
        // by staff, absent from everything public.
        let secret = "Catatan internal: saksi ahli belum dikonfirmasi";
        sengketa::models::registers::append_event(
            &mut app.conn(),
            &sengketa::models::registers::RegisterEvent {
                internal_text: Some(secret.into()),
                ..sengketa::models::registers::RegisterEvent::public(
                    &register,
                    sengketa::domain::kinds::EventKind::Note,
                    common::local_today(),
                    "Uji",
                    "Catatan publik".into(),
                )
            },
        )
        .unwrap();
        assert!(common::text(
            &staff
                .get(&format!("/staff/registers/{register}"))
                .await
                .body
        )
        .contains(secret));
        for path in [
            format!("/registers/{register}"),
            format!("/registers/{register}/feed.atom"),
            format!("/api/v1/registers/{register}"),
            "/exports/registers.json".to_string(),
            "/feed.atom".to_string(),
        ] {
            for who in EVERYONE {
                let page = browser(who).get(&path).await;
                assert!(
                    !page.body.contains(secret),
                    "{path} as {who:?} shows an internal note"
                );
            }
        }
        record(
            "access matrix",
            backend,
            &[
                ("routes declared", routes.len().to_string()),
                ("requests (route × id × visitor)", asked.to_string()),
                ("outcomes", format!("{by_outcome:?}")),
                ("answers against the rule", problems.len().to_string()),
            ],
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    })
    .await;
}

fn cookie_of(b: &Browser<'_>) -> String {
    b.cookie_header()
}

/// A browser that presents exactly `cookie`.
async fn with_cookie(app: &TestApp, path: &str, cookie: &str) -> common::Page {
    app.get_with(path, &[("cookie", cookie)]).await
}

#[actix_web::test]
async fn sessions_are_new_at_sign_in_and_dead_after_sign_out_and_redirects_stay_home() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let (email, password) = app.account("petitioner");
        let b = Browser::new(&app);
        // Fixation: the session a visitor had before signing in is not
        // the signed-in one and never becomes it.
        b.get("/login").await;
        let before = cookie_of(&b);
        assert!(before.contains("sengketa_session="), "{before}");
        b.login(&email, &password).await;
        let after = cookie_of(&b);
        assert_ne!(before, after, "signing in gives a new session");
        assert_eq!(with_cookie(&app, "/account", &before).await.status, 303);
        assert_eq!(with_cookie(&app, "/account", &after).await.status, 200);
        // Sign-out: the copied cookie is dead.
        let token = common::csrf_of(&b.get("/account").await.body);
        let out = b.post("/logout", &[("csrf", &token)]).await;
        assert_eq!(out.status, 303);
        assert_eq!(with_cookie(&app, "/account", &after).await.status, 303);

        // Open redirects: after signing in, only this site's own paths.
        for next in [
            "//evil.example/",
            "https://evil.example/",
            "/\t/evil.example/",
            "/\\evil.example/",
            "/%0A/evil.example",
        ] {
            let b = Browser::new(&app);
            let login = b
                .get(&format!("/login?next={}", next.replace('\t', "%09")))
                .await;
            assert_eq!(login.status, 200);
            let token = common::csrf_of(&login.body);
            let page = b
                .post(
                    "/login",
                    &[
                        ("csrf", &token),
                        ("email", &email),
                        ("password", &password),
                        ("next", next),
                    ],
                )
                .await;
            assert_eq!(page.status, 303);
            let to = common::location(&page);
            // Read as a browser reads it: tabs and line breaks dropped.
            let read: String = to
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect();
            assert!(
                read.starts_with('/') && !read.starts_with("//") && !read.starts_with("/\\"),
                "{next:?} sent the visitor to {to:?}"
            );
        }

        // A reset link past its time, and one used once, do nothing.
        let user = sengketa::models::users::find_by_email(&mut app.conn(), &email)
            .unwrap()
            .unwrap();
        let old = sengketa::models::accounts::issue(
            &mut app.conn(),
            &user.id,
            sengketa::models::accounts::RESET,
            None,
            chrono::Duration::hours(1),
            sengketa::models::now() - chrono::Duration::hours(2),
        )
        .unwrap();
        let b = Browser::new(&app);
        assert_eq!(b.get(&format!("/password/reset/{old}")).await.status, 404);
        let fresh = sengketa::models::accounts::issue(
            &mut app.conn(),
            &user.id,
            sengketa::models::accounts::RESET,
            None,
            chrono::Duration::hours(1),
            sengketa::models::now(),
        )
        .unwrap();
        let reset = |secret: String| {
            let b = Browser::new(&app);
            async move {
                let page = b.get(&format!("/password/reset/{secret}")).await;
                if page.status != 200 {
                    return page.status;
                }
                let token = common::csrf_of(&page.body);
                b.post(
                    &format!("/password/reset/{secret}"),
                    &[
                        ("csrf", &token),
                        ("new_password", "kata-sandi-baru-panjang-2"),
                        ("confirm_password", "kata-sandi-baru-panjang-2"),
                    ],
                )
                .await
                .status
            }
        };
        assert!(matches!(reset(fresh.clone()).await, 200 | 303));
        assert_eq!(reset(fresh).await, 404, "a reset link works once");
    })
    .await;
}

#[actix_web::test]
async fn every_kind_of_response_carries_the_security_headers() {
    if !common::covers_sqlite("every_kind_of_response_carries_the_security_headers") {
        return;
    }
    let app = TestApp::with_demo(common::Backend::Sqlite).await;
    let register = app.register_id(sengketa::seed::demo::REFERENCE_NUMBERS[0]);
    let b = Browser::new(&app);
    let token = common::csrf_of(&b.get("/login").await.body);
    // A visitor's page carries their own token: the tag is theirs.
    let page = b.get(&format!("/registers/{register}")).await;
    let etag = page
        .headers
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let big = "a".repeat(300 * 1024);
    let mut answers: Vec<(String, common::Page)> = Vec::new();
    for path in [
        "/".to_string(),
        format!("/registers/{register}"),
        "/no-such-page".to_string(),
        "/registers?year=tahun".to_string(),
        "/api/v1/registers".to_string(),
        "/api/v1/registers?limit=x".to_string(),
        "/exports/registers.csv".to_string(),
        "/feed.atom".to_string(),
        "/hearings.ics".to_string(),
        "/static/style.css".to_string(),
        "/staff".to_string(),
        "/statistics".to_string(),
    ] {
        let page = app.get(&path).await;
        answers.push((path, page));
    }
    answers.push((
        "If-None-Match".into(),
        app.get_with(
            &format!("/registers/{register}"),
            &[("if-none-match", &etag), ("cookie", &b.cookie_header())],
        )
        .await,
    ));
    answers.push((
        "POST without a token".into(),
        b.post("/login", &[("email", "a@contoh.invalid")]).await,
    ));
    answers.push((
        "POST too large".into(),
        b.post("/login", &[("csrf", &token), ("email", &big)]).await,
    ));
    let mut kinds = std::collections::BTreeSet::new();
    for (what, page) in &answers {
        let content_type = page
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        kinds.insert(format!("{} {content_type}", page.status));
        common::assert_security_headers(what, page);
    }
    assert!(answers.iter().any(|(_, p)| p.status == 304));
    assert!(answers.iter().any(|(_, p)| p.status == 413));
    record(
        "security headers",
        common::Backend::Sqlite,
        &[
            ("responses checked", answers.len().to_string()),
            ("kinds (status, type)", kinds.len().to_string()),
        ],
    );
}

#[actix_web::test]
async fn pages_are_compressed_for_clients_that_take_gzip() {
    if !common::covers_sqlite("pages_are_compressed_for_clients_that_take_gzip") {
        return;
    }
    let app = TestApp::with_demo(common::Backend::Sqlite).await;
    // The test client asks for nothing compressed; a browser does.
    let plain = app.get("/registers").await;
    assert!(plain.headers.get("content-encoding").is_none());
    let res = app
        .client
        .get(format!("{}/registers", app.base))
        .insert_header(("accept-encoding", "gzip"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers().get("content-encoding").unwrap(), "gzip");
    let body = res.body();
    assert_eq!(&body[..2], &[0x1f, 0x8b], "a gzip stream");
    assert!(
        body.len() < plain.body.len(),
        "{} < {}",
        body.len(),
        plain.body.len()
    );

    // A kept page with a form, compressed once: each visitor's copy holds
    // their own token and reads back to the same page as sent plain.
    let register = app.register_id(sengketa::seed::demo::REFERENCE_NUMBERS[0]);
    let path = format!("/registers/{register}");
    let mut bodies = Vec::new();
    for _ in 0..2 {
        let visitor = Browser::new(&app);
        let plain = visitor.get(&path).await;
        let cookie = visitor.cookie_header();
        let fetch = |tag: Option<String>| {
            let mut req = app
                .client
                .get(format!("{}{path}", app.base))
                .insert_header(("accept-encoding", "gzip, deflate, br"))
                .insert_header(("cookie", cookie.clone()));
            if let Some(t) = tag {
                req = req.insert_header(("if-none-match", t));
            }
            req.send()
        };
        let res = fetch(None).await.unwrap();
        assert_eq!(res.headers().get("content-encoding").unwrap(), "gzip");
        assert_eq!(res.headers().get("vary").unwrap(), "Accept-Encoding");
        let tag = res
            .headers()
            .get("etag")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert_ne!(tag, plain.headers.get("etag").unwrap().to_str().unwrap());
        let gz = res.body();
        let mut unpacked = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unpacked)
            .expect("a valid gzip stream");
        assert_eq!(unpacked, plain.body, "the same page, compressed");
        assert!(unpacked.contains(&common::csrf_of(&plain.body)));
        let again = fetch(Some(tag)).await.unwrap();
        assert_eq!(again.status().as_u16(), 304);
        bodies.push(unpacked);
    }
    assert_ne!(
        bodies[0], bodies[1],
        "each visitor has a token of their own"
    );
}
