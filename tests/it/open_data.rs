//! Feeds, calendars, exports, the API and the statistics, read back with
//! parsers that are not the ones that wrote them.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::{location, on_each_backend, register_links, text, Browser, TestApp};

fn atom(body: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(body.as_bytes()).unwrap_or_else(|e| panic!("not Atom ({e}): {body}"))
}

/// The register ids an Atom feed's entries link to.
fn feed_registers(feed: &feed_rs::model::Feed, base: &str) -> BTreeSet<String> {
    feed.entries
        .iter()
        .flat_map(|e| e.links.iter())
        .filter_map(|l| l.href.strip_prefix(&format!("{base}/registers/")))
        .map(|id| format!("/registers/{id}"))
        .collect()
}

/// Every VEVENT of an iCalendar text as a map of property name to value.
fn events(body: &str) -> Vec<BTreeMap<String, String>> {
    let mut out = Vec::new();
    for cal in ical::IcalParser::new(std::io::BufReader::new(body.as_bytes())) {
        let cal = cal.unwrap_or_else(|e| panic!("not iCalendar ({e}): {body}"));
        for e in cal.events {
            out.push(
                e.properties
                    .into_iter()
                    .map(|p| (p.name, p.value.unwrap_or_default()))
                    .collect(),
            );
        }
    }
    out
}

/// Every register of the public list (all pages).
async fn listed(app: &TestApp, query: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut path = format!("/registers?{query}");
    loop {
        let page = app.get(&path).await;
        assert_eq!(page.status, 200, "{path}");
        seen.extend(register_links(&page.body));
        match common::next_page(&page.body) {
            Some(next) if next.contains("after=") => path = next,
            _ => break,
        }
    }
    seen
}

#[actix_web::test]
async fn feeds_parse_as_atom_and_a_filtered_feed_covers_the_filtered_list() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let base = app.settings.base_url.clone();
        let all = app.get("/feed.atom").await;
        assert_eq!(all.status, 200);
        assert!(all.headers.get("content-type").unwrap().to_str().unwrap().starts_with("application/atom+xml"));
        let feed = atom(&all.body);
        assert!(!feed.entries.is_empty());
        let ids: BTreeSet<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), feed.entries.len(), "ids are unique");
        assert!(feed.entries.iter().all(|e| e.updated.is_some()));
        // The same event keeps its id from one fetch to the next.
        let again = atom(&app.get("/feed.atom").await.body);
        assert_eq!(again.entries[0].id, feed.entries[0].id);

        for query in ["status=decided", "status=adjudication", "track=election"] {
            let feed = atom(&app.get(&format!("/registers/feed.atom?{query}")).await.body);
            let in_feed = feed_registers(&feed, &base);
            let in_list = listed(&app, query).await;
            assert!(!in_list.is_empty(), "{query}");
            assert_eq!(in_feed, in_list, "{query}: the feed follows the list's filters");
        }

        let id = app.register_id(sengketa::seed::demo::REFERENCE_NUMBERS[1]);
        let page = app.get(&format!("/registers/{id}")).await;
        assert!(page.body.contains(&format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Ikuti lewat umpan Atom\" href=\"/registers/{id}/feed.atom\">"
        )));
        assert!(page.body.contains(&format!("href=\"/registers/{id}/hearings.ics\"")));
        let feed = atom(&app.get(&format!("/registers/{id}/feed.atom")).await.body);
        assert_eq!(
            feed_registers(&feed, &base),
            BTreeSet::from([format!("/registers/{id}")])
        );
        let titles: Vec<String> = feed
            .entries
            .iter()
            .filter_map(|e| e.title.as_ref().map(|t| t.content.clone()))
            .collect();
        assert!(titles.iter().any(|t| t.contains("Sidang") || t.contains("→")), "{titles:?}");

        let body = sengketa::models::registers::find(&mut app.conn(), &id)
            .unwrap()
            .unwrap()
            .respondent_id;
        let feed = atom(&app.get(&format!("/bodies/{body}/feed.atom")).await.body);
        let body_list = listed(&app, &format!("respondent={body}")).await;
        assert_eq!(feed_registers(&feed, &base), body_list);

        assert_eq!(app.get("/registers/nope/feed.atom").await.status, 404);
        assert_eq!(app.get("/registers/feed.atom?status=zzz").await.status, 400);
    })
    .await;
}

#[actix_web::test]
async fn calendars_keep_a_hearings_uid_and_raise_its_sequence_when_it_is_postponed() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_in("preliminary").await;
        let (email, password) = app.account("staff");
        let b = Browser::new(&app);
        b.login(&email, &password).await;
        let day = (common::local_today() + chrono::Duration::days(12))
            .format("%Y-%m-%d")
            .to_string();
        let page = b
            .submit(
                &format!("/staff/hearings/new?register={id}"),
                "/staff/hearings",
                &[
                    ("date", &day),
                    ("time", "13:30"),
                    ("kind", "evidence1"),
                    ("room", "Ruang Sidang Utama"),
                    ("openness", "open"),
                    ("register", &id),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let hearing = location(&page);
        let hearing_id = hearing.trim_start_matches("/staff/hearings/").to_string();

        let find = |events: &[BTreeMap<String, String>]| {
            events
                .iter()
                .find(|e| e["UID"].contains(&hearing_id))
                .cloned()
                .expect("the hearing's event")
        };
        let cal = app.get(&format!("/registers/{id}/hearings.ics")).await;
        assert!(cal
            .headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/calendar"));
        let before = find(&events(&cal.body));
        assert_eq!(before["STATUS"], "CONFIRMED");
        assert_eq!(before["LOCATION"], "Ruang Sidang Utama");
        // 13:30 in Jakarta is 06:30 UTC.
        let compact = day.replace('-', "");
        assert_eq!(before["DTSTART"], format!("{compact}T063000Z"));
        assert!(before["URL"].ends_with(&format!("/registers/{id}")));
        assert!(cal.body.contains("X-WR-TIMEZONE:Asia/Jakarta"));
        assert!(find(&events(&app.get("/hearings.ics").await.body))["UID"] == before["UID"]);

        let later = (common::local_today() + chrono::Duration::days(30))
            .format("%Y-%m-%d")
            .to_string();
        let page = b
            .submit(
                &hearing,
                &format!("{hearing}/state"),
                &[
                    ("to_state", "postponed"),
                    ("reason", "Majelis berhalangan"),
                    ("new_date", &later),
                    ("new_time", "09:00"),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", text(&page.body));
        let all = events(&app.get(&format!("/registers/{id}/hearings.ics")).await.body);
        let after = find(&all);
        assert_eq!(after["UID"], before["UID"], "the same event");
        let seq = |e: &BTreeMap<String, String>| e["SEQUENCE"].parse::<u32>().unwrap();
        assert!(seq(&after) > seq(&before));
        assert_eq!(after["STATUS"], "CANCELLED");
        assert!(after["DESCRIPTION"].contains("Majelis berhalangan"));
        // The new date is a new event.
        let new_start = format!("{}T020000Z", later.replace('-', ""));
        assert!(
            all.iter()
                .any(|e| e["DTSTART"] == new_start && e["STATUS"] == "CONFIRMED"),
            "{all:?}"
        );
    })
    .await;
}

fn openapi() -> serde_json::Value {
    serde_json::from_str(include_str!("../../src/web/open_data/openapi.json")).unwrap()
}

/// Checks `value` against component `name` of the OpenAPI file.
fn check(spec: &serde_json::Value, name: &str, value: &serde_json::Value) {
    let schema = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
    conform(spec, &schema, value, name);
}

/// A validator for `schema`, which may refer to the file's components, with
/// formats (dates) checked.
fn validator(spec: &serde_json::Value, schema: &serde_json::Value) -> jsonschema::Validator {
    let mut whole = schema.clone();
    whole["components"] = spec["components"].clone();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&whole)
        .unwrap_or_else(|e| panic!("not a schema ({e}): {schema}"))
}

fn conform(
    spec: &serde_json::Value,
    schema: &serde_json::Value,
    value: &serde_json::Value,
    what: &str,
) {
    let errors: Vec<String> = validator(spec, schema)
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:?}\n{value}");
}

async fn get_json(app: &TestApp, path: &str) -> serde_json::Value {
    let page = app.get(path).await;
    assert_eq!(page.status, 200, "{path}: {}", page.body);
    assert_eq!(
        page.headers
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap()),
        Some("*"),
        "{path}: open to other sites"
    );
    serde_json::from_str(&page.body).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[actix_web::test]
async fn the_api_matches_its_openapi_file_and_pages_without_gaps() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let spec = openapi();
        let served: serde_json::Value =
            serde_json::from_str(&app.get("/api/v1/openapi.json").await.body).unwrap();
        assert_eq!(served, spec);

        // Pages of 3 walk the whole list once, in the list's order.
        let mut seen = Vec::new();
        let mut path = "/api/v1/registers?limit=3".to_string();
        loop {
            let page = get_json(&app, &path).await;
            check(&spec, "RegisterPage", &page);
            for r in page["data"].as_array().unwrap() {
                seen.push(format!("/registers/{}", r["id"].as_str().unwrap()));
            }
            match page["next"].as_str() {
                Some(next) => path = next.trim_start_matches(&app.settings.base_url).to_string(),
                None => break,
            }
        }
        let unique: BTreeSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "no register twice");
        assert_eq!(
            unique.into_iter().cloned().collect::<BTreeSet<_>>(),
            listed(&app, "").await
        );

        let filtered = get_json(&app, "/api/v1/registers?status=decided&limit=500").await;
        let ids: BTreeSet<String> = filtered["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| format!("/registers/{}", r["id"].as_str().unwrap()))
            .collect();
        assert_eq!(ids, listed(&app, "status=decided").await);

        let id = app.register_id(sengketa::seed::demo::REFERENCE_NUMBERS[1]);
        let one = get_json(&app, &format!("/api/v1/registers/{id}")).await;
        check(&spec, "RegisterDetail", &one);
        assert!(!one["items"].as_array().unwrap().is_empty());
        assert!(!one["consequence_tests"].as_array().unwrap().is_empty());
        assert!(!one["hearings"].as_array().unwrap().is_empty());
        assert!(!one["timeline"].as_array().unwrap().is_empty());
        let bodies = get_json(&app, "/api/v1/bodies").await;
        for b in bodies.as_array().unwrap() {
            check(&spec, "Body", b);
        }
        let from = (common::local_today() - chrono::Duration::days(60)).format("%Y-%m-%d");
        let hearings = get_json(&app, &format!("/api/v1/hearings?from={from}")).await;
        assert!(!hearings.as_array().unwrap().is_empty());
        for h in hearings.as_array().unwrap() {
            check(&spec, "Hearing", h);
        }

        for bad in [
            "/api/v1/registers?limit=0",
            "/api/v1/registers?limit=abc",
            "/api/v1/registers?cursor=nonsense",
            "/api/v1/hearings?from=2024-13-01",
            "/api/v1/hearings?from=2024-01-01&to=2026-01-01",
        ] {
            assert_eq!(app.get(bad).await.status, 400, "{bad}");
        }
        assert_eq!(app.get("/api/v1/registers/unknown-id").await.status, 404);
        // An application not yet registered is not in the API.
        let received: String = {
            use diesel::prelude::*;
            use sengketa::db::schema::registers as r;
            r::table
                .filter(r::status.eq("received"))
                .select(r::id)
                .first(&mut *app.conn())
                .unwrap()
        };
        assert_eq!(
            app.get(&format!("/api/v1/registers/{received}"))
                .await
                .status,
            404
        );
    })
    .await;
}

/// Values to try on a query parameter: those its schema names, its bounds
/// and one past each, and strings that trip readers up. An empty value
/// counts as absent, so it is not among them.
fn candidates(schema: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = [
        "0",
        "1",
        "-1",
        "50",
        "2024",
        "02024",
        "+2024",
        "1.5",
        "1e3",
        "abc",
        "a b",
        "ABC-123",
        "2024-02-29",
        "2023-02-29",
        "2024-13-01",
        "2024-2-9",
        "0999-01-01",
        "9999-12-31",
        "tomorrow",
        "ä€",
        "\u{7}bell",
        "tab\there",
        "99999999999999999999",
        "<script>",
        "%",
        "'; drop table registers; --",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for n in [64, 65, 200, 201] {
        out.push("x".repeat(n));
    }
    for value in schema["enum"].as_array().into_iter().flatten() {
        let value = value.as_str().unwrap();
        out.push(value.to_string());
        out.push(value.to_uppercase());
    }
    for bound in ["minimum", "maximum", "default"] {
        if let Some(n) = schema[bound].as_i64() {
            out.extend([n - 1, n, n + 1].map(|n| n.to_string()));
        }
    }
    out
}

/// A query value as the JSON its schema checks: where the schema wants an
/// integer, plain decimal digits read as a number; anything else is a string.
fn as_json(schema: &serde_json::Value, raw: &str) -> serde_json::Value {
    let digits = raw.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(n @ serde_json::Value::Number(_)) if digits && schema["type"] == "integer" => n,
        _ => serde_json::Value::String(raw.to_string()),
    }
}

/// What an answer of the API must be, given whether the description allows
/// what was asked: a 200 in the documented shape, or the documented error.
async fn answers_as_described(
    app: &TestApp,
    spec: &serde_json::Value,
    operation: &serde_json::Value,
    path: &str,
    expected: u16,
) {
    let page = app.get(path).await;
    assert_eq!(page.status, expected, "{path}: {}", page.body);
    assert_eq!(
        page.headers
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap()),
        Some("*"),
        "{path}"
    );
    let body: serde_json::Value =
        serde_json::from_str(&page.body).unwrap_or_else(|e| panic!("{path}: not JSON ({e})"));
    let described = &operation["responses"][expected.to_string()];
    assert!(described.is_object(), "{path}: {expected} is not described");
    let schema = if expected == 200 {
        described["content"]["application/json"]["schema"].clone()
    } else {
        serde_json::json!({ "$ref": "#/components/schemas/Error" })
    };
    conform(spec, &schema, &body, path);
    if expected != 200 {
        assert_eq!(body["status"], expected, "{path}");
        assert!(!body["error"].as_str().unwrap().is_empty(), "{path}");
    }
}

#[actix_web::test]
async fn the_api_answers_any_input_as_its_description_says() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let spec = openapi();
        let id = app.register_id(sengketa::seed::demo::REFERENCE_NUMBERS[1]);

        // The lists of codes in the description are the code's own.
        let registers = &spec["paths"]["/registers"]["get"];
        let enum_of = |name: &str| -> Vec<String> {
            registers["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["name"] == name)
                .map(|p| p["schema"]["enum"].as_array().unwrap().iter())
                .unwrap()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        };
        use sengketa::domain::{kinds::Track, status::Status};
        assert_eq!(
            enum_of("status"),
            Status::ALL.iter().map(|s| s.code()).collect::<Vec<_>>()
        );
        assert_eq!(
            enum_of("track"),
            Track::ALL.iter().map(|t| t.code()).collect::<Vec<_>>()
        );

        let mut tried = 0;
        for (template, item) in spec["paths"].as_object().unwrap() {
            let operation = &item["get"];
            for param in operation["parameters"].as_array().into_iter().flatten() {
                let (name, schema) = (param["name"].as_str().unwrap(), &param["schema"]);
                if name == "cursor" {
                    // Only ever taken from a page's next_cursor: read above.
                    continue;
                }
                let allows = validator(&spec, schema);
                for raw in candidates(schema) {
                    let valid = allows.is_valid(&as_json(schema, &raw));
                    let value = sengketa::web::listing::percent_encode(&raw);
                    let path = match param["in"].as_str().unwrap() {
                        "path" => format!(
                            "/api/v1{}",
                            template.replace(&format!("{{{name}}}"), &value)
                        ),
                        _ if name == "to" && valid => {
                            format!("/api/v1{template}?from={value}&to={value}")
                        }
                        _ => format!("/api/v1{template}?{name}={value}"),
                    };
                    // No path value names a register here; a query value is
                    // taken when the description allows it.
                    let expected = match (param["in"].as_str(), valid) {
                        (Some("path"), _) => 404,
                        (_, true) => 200,
                        (_, false) => 400,
                    };
                    answers_as_described(&app, &spec, operation, &path, expected).await;
                    tried += 1;
                }
            }
            // Every address reads, and refuses to be written with a 405
            // that says what it allows.
            let path = format!("/api/v1{}", template.replace("{id}", &id));
            answers_as_described(&app, &spec, operation, &path, 200).await;
            for method in ["POST", "PUT", "PATCH", "DELETE"] {
                let res = app
                    .client
                    .request(method.parse().unwrap(), format!("{}{path}", app.base))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status().as_u16(), 405, "{method} {path}");
                let allow = res.headers().get("allow").unwrap().to_str().unwrap();
                assert_eq!(allow, "GET, HEAD, OPTIONS", "{method} {path}");
                let body: serde_json::Value = serde_json::from_slice(res.body()).unwrap();
                check(&spec, "Error", &body);
                assert!(
                    operation["responses"]["405"].is_object(),
                    "{path}: 405 described"
                );
            }
            let res = app
                .client
                .request(hyper::Method::HEAD, format!("{}{path}", app.base))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status().as_u16(), 200, "HEAD {path}");
            assert!(res.body().is_empty(), "HEAD {path}: no body");
        }
        assert!(tried > 200, "{tried} inputs tried");
    })
    .await;
}

#[actix_web::test]
async fn exports_read_back_as_csv_and_json_and_agree_with_the_api() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let api = get_json(&app, "/api/v1/registers?limit=500").await;
        let api_ids: Vec<String> = api["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();

        let csv_page = app.get("/exports/registers.csv").await;
        assert_eq!(csv_page.status, 200);
        assert!(csv_page
            .headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("attachment"));
        let mut reader = csv::Reader::from_reader(csv_page.body.as_bytes());
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[0], "id");
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        let csv_ids: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();
        assert_eq!(csv_ids, api_ids, "same registers, same order");

        let json: serde_json::Value =
            serde_json::from_str(&app.get("/exports/registers.json").await.body).unwrap();
        let spec = openapi();
        for r in json.as_array().unwrap() {
            check(&spec, "Register", r);
        }
        assert_eq!(json.as_array().unwrap().len(), api_ids.len());

        // Items carry claim, ground and finding; they match each register's API view.
        let items_csv = app.get("/exports/items.csv?status=decided").await.body;
        let mut reader = csv::Reader::from_reader(items_csv.as_bytes());
        let headers = reader.headers().unwrap().clone();
        for col in ["claim", "claim_ground", "finding", "finding_withheld"] {
            assert!(headers.iter().any(|h| h == col), "{col}");
        }
        let items: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        let decided = get_json(&app, "/api/v1/registers?status=decided&limit=500").await;
        let mut expected = 0;
        for r in decided["data"].as_array().unwrap() {
            let id = r["id"].as_str().unwrap();
            let detail = get_json(&app, &format!("/api/v1/registers/{id}")).await;
            for item in detail["items"].as_array().unwrap() {
                expected += 1;
                let row = items
                    .iter()
                    .find(|row| &row[0] == id && row[2] == *item["position"].to_string())
                    .unwrap_or_else(|| panic!("item {item} missing from the export"));
                assert_eq!(&row[5], item["claim"].as_str().unwrap());
                assert_eq!(&row[7], item["finding"].as_str().unwrap());
            }
        }
        assert_eq!(items.len(), expected);
        let items_json: serde_json::Value =
            serde_json::from_str(&app.get("/exports/items.json?status=decided").await.body)
                .unwrap();
        for i in items_json.as_array().unwrap() {
            check(&spec, "Item", i);
        }
        assert_eq!(items_json.as_array().unwrap().len(), expected);

        let hearings = app.get("/exports/hearings.csv").await.body;
        let mut reader = csv::Reader::from_reader(hearings.as_bytes());
        assert_eq!(&reader.headers().unwrap()[0], "id");
        assert!(reader.records().count() > 0);
        assert_eq!(app.get("/exports/secrets.csv").await.status, 404);
        assert_eq!(app.get("/exports/registers.xml").await.status, 404);
    })
    .await;
}

#[actix_web::test]
async fn the_statistics_page_counts_what_the_data_holds() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let page = app.get("/statistics").await;
        assert_eq!(page.status, 200);
        let api = get_json(&app, "/api/v1/registers?limit=500").await;
        let registers = api["data"].as_array().unwrap();
        let i = page.body.find("id=\"total\">").unwrap() + "id=\"total\">".len();
        let total = page.body[i..].split('<').next().unwrap().to_string();
        assert_eq!(total, registers.len().to_string());

        // Per year: the table beside the chart against the API's dates.
        let mut per_year: BTreeMap<String, usize> = BTreeMap::new();
        for r in registers {
            let year = r["registered_on"].as_str().unwrap()[..4].to_string();
            *per_year.entry(year).or_default() += 1;
        }
        let table = |id: &str| -> Vec<Vec<String>> {
            let start = page.body.find(&format!("id=\"{id}\"")).unwrap();
            let body = &page.body[start..];
            let body = &body[..body.find("</table>").unwrap()];
            body.split("<tr>")
                .skip(2)
                .map(|row| {
                    row.split("<td>")
                        .skip(1)
                        .map(|c| common::decode_entities(c.split('<').next().unwrap()))
                        .collect()
                })
                .collect()
        };
        let shown: BTreeMap<String, usize> = table("per-year-table")
            .into_iter()
            .map(|row| (row[0].clone(), row[1].parse().unwrap()))
            .collect();
        assert_eq!(shown, per_year);

        // Outcomes: decided registers per outcome.
        let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
        for r in registers {
            if let Some(o) = r["outcome"].as_str() {
                *outcomes
                    .entry(sengketa::i18n::Lang::Id.label("outcome", o).to_string())
                    .or_default() += 1;
            }
        }
        let shown: BTreeMap<String, usize> = table("outcomes-table")
            .into_iter()
            .map(|row| (row[0].clone(), row[1].parse().unwrap()))
            .collect();
        assert_eq!(shown, outcomes);

        // Grounds: claimed per item across all registers.
        let mut claimed: BTreeMap<String, usize> = BTreeMap::new();
        for r in registers {
            let id = r["id"].as_str().unwrap();
            let detail = get_json(&app, &format!("/api/v1/registers/{id}")).await;
            for item in detail["items"].as_array().unwrap() {
                if let Some(g) = item["claim_ground"].as_str() {
                    *claimed.entry(g.to_string()).or_default() += 1;
                }
            }
        }
        let shown: BTreeMap<String, usize> = table("grounds-chart-table")
            .into_iter()
            .map(|row| (row[0].clone(), row[1].parse().unwrap()))
            .collect();
        assert_eq!(shown, claimed);
        assert!(!claimed.is_empty());

        assert!(
            common::text(&page.body).contains("Angka per"),
            "says as of when"
        );

        // A change shows at once on a register this small.
        let decided_before: usize = outcomes.values().sum();
        let some_running = registers.iter().find(|r| r["outcome"].is_null()).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        diesel::RunQueryDsl::execute(
            diesel::update(diesel::QueryDsl::find(
                sengketa::db::schema::registers::table,
                &some_running,
            ))
            .set(diesel::ExpressionMethods::eq(
                sengketa::db::schema::registers::outcome,
                "rejected",
            )),
            &mut *app.conn(),
        )
        .unwrap();
        let again = app.get("/statistics").await;
        let i = again.body.find("id=\"outcomes-table\"").unwrap();
        let rows = &again.body[i..];
        let rows = &rows[..rows.find("</table>").unwrap()];
        let decided_after: usize = rows
            .split("<tr>")
            .skip(2)
            .map(|row| {
                row.split("<td>")
                    .nth(2)
                    .unwrap()
                    .split('<')
                    .next()
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
            })
            .sum();
        assert_eq!(decided_after, decided_before + 1);

        // Each chart is an accessible image with a title and a description.
        for id in ["per-year", "per-body", "outcomes", "grounds-chart", "spans"] {
            assert!(
                page.body
                    .contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")),
                "{id}"
            );
        }
    })
    .await;
}
