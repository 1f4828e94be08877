//! Both backends hold the same schema and behave the same way.

use crate::common;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use common::{backends, on_each_backend, text, Backend, TestApp};
use diesel::prelude::*;
use diesel::sql_types::Text;
use sengketa::db::schema::*;
use sengketa::db::{self, DbConnection};
use sengketa::models::bodies::PublicBody;
use sengketa::models::calendar::{HolidayRow, RuleRow};
use sengketa::models::follows::{Follow, Target};
use sengketa::models::hearings::Hearing;
use sengketa::models::outbox::{Message as OutboxMessage, NewMessage};
use sengketa::models::petitioners::Petitioner;
use sengketa::models::registers as reg;
use sengketa::models::registers::FieldChange;
use sengketa::models::registers::{
    ConsequenceTest, PanelMember, Register, RegisterEvent, RequestedItem,
};
use sengketa::models::users::{User, UserSession};

#[derive(QueryableByName, Debug)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

/// Table and column names of the application's schema, read from the
/// database itself.
fn columns(app: &TestApp) -> BTreeSet<(String, String)> {
    let mut conn = app.conn();
    let rows: Vec<Column> = match &mut *conn {
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'",
        )
        .load(c)
        .unwrap(),
        DbConnection::Postgresql(c) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name \
             FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
        )
        .load(c)
        .unwrap(),
    };
    let mut cols: BTreeSet<(String, String)> = rows
        .into_iter()
        .map(|c| (c.table_name, c.column_name))
        .collect();
    // The full-text index is each backend's own: FTS5 tables on SQLite, a
    // generated tsvector column on PostgreSQL. It must be there, and is
    // left out of the comparison.
    let own = |c: &(String, String)| match app.backend {
        Backend::Sqlite => c.0.starts_with("registers_search"),
        Backend::Postgres => c.0 == "registers" && c.1 == "search_vector",
    };
    let before = cols.len();
    cols.retain(|c| !own(c));
    assert!(cols.len() < before, "{:?}: no full-text index", app.backend);
    cols
}

/// Loads every table through its model and returns the row counts.
fn load_everything(conn: &mut DbConnection) -> Vec<(&'static str, usize)> {
    vec![
        (
            "public_bodies",
            public_bodies::table
                .select(PublicBody::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "petitioners",
            petitioners::table
                .select(Petitioner::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "registers",
            registers::table
                .select(Register::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "panel_members",
            panel_members::table
                .select(PanelMember::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "requested_items",
            requested_items::table
                .select(RequestedItem::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "consequence_tests",
            consequence_tests::table
                .select(ConsequenceTest::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "consequence_test_items",
            consequence_test_items::table
                .load::<(String, String)>(conn)
                .unwrap()
                .len(),
        ),
        (
            "hearings",
            hearings::table
                .select(Hearing::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "hearing_registers",
            hearing_registers::table
                .load::<(String, String)>(conn)
                .unwrap()
                .len(),
        ),
        (
            "register_events",
            register_events::table
                .select(RegisterEvent::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "holidays",
            holidays::table
                .select(HolidayRow::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "deadline_rules",
            deadline_rules::table
                .select(RuleRow::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "app_meta",
            app_meta::table
                .load::<(String, String)>(conn)
                .unwrap()
                .len(),
        ),
        (
            "users",
            users::table
                .select(User::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "user_sessions",
            user_sessions::table
                .select(UserSession::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "follows",
            follows::table
                .select(Follow::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "outbox",
            outbox::table
                .select(OutboxMessage::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
        (
            "register_changes",
            register_changes::table
                .select(FieldChange::as_select())
                .load(conn)
                .unwrap()
                .len(),
        ),
    ]
}

/// What the reference case holds, without generated ids or timestamps.
fn reference_digest(conn: &mut DbConnection) -> Vec<String> {
    let mut out = Vec::new();
    for number in sengketa::seed::demo::REFERENCE_NUMBERS {
        let r = reg::find_by_number(conn, number).unwrap().unwrap();
        out.push(format!(
            "{number} {} {} {:?} {:?} {:?} {:?} {:?}",
            r.status,
            r.status_since,
            r.registered_on,
            r.outcome,
            r.decision_number,
            r.decided_on,
            r.number_month
        ));
        let detail = reg::public_detail(conn, &r.id).unwrap().unwrap();
        for i in &detail.items {
            out.push(format!(
                "  {} {} {} {} {:?}",
                i.position, i.description, i.claim, i.finding, i.finding_withheld
            ));
        }
        for (t, covered) in &detail.tests {
            out.push(format!(
                "  test {} {:?} {:?} {}",
                t.state,
                t.ordered_on,
                t.examined_on,
                covered.len()
            ));
        }
        for h in &detail.hearings {
            out.push(format!(
                "  hearing {} {} {} {}",
                h.starts_at, h.kind, h.state, h.openness
            ));
        }
        for e in &detail.events {
            out.push(format!(
                "  event {} {:?} {:?} {}",
                e.kind, e.from_status, e.to_status, e.occurred_on
            ));
        }
    }
    out
}

#[actix_web::test]
async fn both_migration_sets_hold_the_same_schema_and_every_table_loads() {
    let mut schemas = Vec::new();
    let mut digests = Vec::new();
    for backend in backends() {
        let app = TestApp::with_demo(backend).await;
        let (email, _) = app.account("staff");
        let user = sengketa::models::users::find_by_email(&mut app.conn(), &email)
            .unwrap()
            .unwrap();
        sengketa::models::users::open_session(&mut app.conn(), &user.id).unwrap();
        let note = NewMessage {
            register_id: None,
            recipient: email.clone(),
            lang: "id".into(),
            subject: "Uji".into(),
            body_text: "Uji".into(),
            body_html: "<p>Uji</p>".into(),
            unsubscribe_url: None,
        };
        sengketa::models::outbox::enqueue(
            &mut app.conn(),
            &[note],
            "localhost",
            sengketa::models::now(),
        )
        .unwrap();
        let r1 = app.register_id(sengketa::seed::demo::REFERENCE_NUMBERS[0]);
        sengketa::models::follows::request(
            &mut app.conn(),
            &email,
            &Target::Register(r1),
            "id",
            "digest",
            sengketa::models::now(),
        )
        .unwrap();
        let cols = columns(&app);
        assert!(cols.len() > 100, "{backend:?}: {} columns", cols.len());
        let counts = load_everything(&mut app.conn());
        for (table, n) in &counts {
            assert!(*n > 0, "{backend:?}: {table} has no demo row");
        }
        schemas.push((backend, cols));
        digests.push((backend, counts, reference_digest(&mut app.conn())));
    }
    if let [(_, sqlite), (_, postgres)] = schemas.as_slice() {
        let only_sqlite: Vec<_> = sqlite.difference(postgres).collect();
        let only_postgres: Vec<_> = postgres.difference(sqlite).collect();
        assert!(
            only_sqlite.is_empty() && only_postgres.is_empty(),
            "SQLite only: {only_sqlite:?}; PostgreSQL only: {only_postgres:?}"
        );
        let (_, counts_a, digest_a) = &digests[0];
        let (_, counts_b, digest_b) = &digests[1];
        assert_eq!(counts_a, counts_b, "the demo loads the same rows");
        assert_eq!(digest_a, digest_b, "the reference case reads back the same");
    }
}

#[actix_web::test]
async fn seeding_twice_changes_nothing_and_migrations_run_once() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let before = load_everything(&mut app.conn());
        assert!(
            !sengketa::seed_demo(&app.settings, &app.pool).unwrap(),
            "second seed reports nothing loaded"
        );
        assert_eq!(load_everything(&mut app.conn()), before);
        assert_eq!(db::run_migrations(&mut app.conn()).unwrap(), 0);
        // Reopening the database does not reload the calendar either.
        sengketa::open_database(&app.settings).unwrap();
        assert_eq!(load_everything(&mut app.conn()), before);
    })
    .await;
}

#[actix_web::test]
async fn foreign_keys_are_enforced_and_failed_writes_roll_back() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let mut conn = app.conn();
        let count =
            |conn: &mut DbConnection| registers::table.count().get_result::<i64>(conn).unwrap();
        let before = count(&mut conn);
        let orphan = diesel::insert_into(panel_members::table)
            .values((
                panel_members::id.eq(db::new_id()),
                panel_members::register_id.eq("no-such-register"),
                panel_members::name.eq("X"),
                panel_members::role.eq("member"),
                panel_members::position.eq(1),
            ))
            .execute(&mut *conn);
        assert!(
            orphan.is_err(),
            "{backend:?} accepted a row pointing nowhere"
        );

        let existing = reg::find_by_number(&mut conn, sengketa::seed::demo::REFERENCE_NUMBERS[0])
            .unwrap()
            .unwrap();
        let result: Result<(), diesel::result::Error> = db::write_tx(&mut conn, |conn| {
            diesel::update(registers::table.find(&existing.id))
                .set(registers::subject.eq("changed"))
                .execute(conn)?;
            // A duplicate register number fails the whole transaction.
            let mut copy = existing.clone();
            copy.id = db::new_id();
            reg::insert(conn, &copy)?;
            Ok(())
        });
        assert!(result.is_err());
        let after = reg::find(&mut conn, &existing.id).unwrap().unwrap();
        assert_eq!(after.subject, existing.subject, "the update rolled back");
        assert_eq!(count(&mut conn), before);
    })
    .await;
}

#[derive(QueryableByName)]
struct Pragma {
    #[diesel(sql_type = Text)]
    value: String,
}

#[actix_web::test]
async fn sqlite_connections_are_prepared() {
    if !common::covers_sqlite("sqlite_connections_are_prepared") {
        return;
    }
    let app = TestApp::empty(Backend::Sqlite).await;
    let mut conn = app.conn();
    let DbConnection::Sqlite(c) = &mut *conn else {
        panic!("SQLite expected")
    };
    let mut pragma = |name: &str| -> String {
        let column = if name == "busy_timeout" {
            "timeout"
        } else {
            name
        };
        diesel::sql_query(format!(
            "SELECT CAST({column} AS TEXT) AS value FROM pragma_{name}"
        ))
        .get_result::<Pragma>(c)
        .unwrap()
        .value
    };
    assert_eq!(pragma("foreign_keys"), "1");
    assert_eq!(pragma("journal_mode"), "wal");
    assert_eq!(pragma("busy_timeout"), "5000");
    assert_eq!(pragma("synchronous"), "1", "NORMAL");
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A register registered on Friday 5 April 2024, just before Lebaran.
fn register_before_lebaran(app: &TestApp) -> String {
    let mut conn = app.conn();
    let mut r = reg::find_by_number(&mut conn, sengketa::seed::demo::REFERENCE_NUMBERS[0])
        .unwrap()
        .unwrap();
    r.id = db::new_id();
    r.number = Some("005/IV/KIP-PSIP/2024".into());
    r.subject = "Register uji tenggat Lebaran".into();
    r.received_on = d(2024, 4, 3);
    r.registered_on = Some(d(2024, 4, 5));
    r.status = "registered".into();
    r.status_since = d(2024, 4, 5);
    r.outcome = None;
    r.decision_number = None;
    r.decided_on = None;
    reg::insert(&mut conn, &r).unwrap();
    r.id
}

#[actix_web::test]
async fn deadlines_follow_the_stored_calendar() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = register_before_lebaran(&app);
        let page = app.get(&format!("/registers/{id}")).await;
        let t = text(&page.body);
        // 14 working days from 5 April 2024 pass over the Lebaran break and
        // Labour Day: Monday 6 May 2024.
        assert!(page.body.contains("datetime=\"2024-05-06\""), "{t}");
        assert!(t.contains("Senin, 6 Mei 2024"));
        assert!(
            t.contains("10 April 2024: Hari Raya Idul Fitri 1445 H (libur nasional)"),
            "{t}"
        );
        assert!(t.contains("8 April 2024: Cuti bersama Idul Fitri 1445 H (cuti bersama)"));
        assert!(t.contains("1 Mei 2024: Hari Buruh Internasional"));
        assert!(
            t.contains("permohonan diregistrasi"),
            "the start and why: {t}"
        );

        assert!(
            !t.contains("belum dimuat"),
            "2024 is covered by the shipped calendar"
        );

        // Staff amend the calendar: the deadline follows.
        diesel::delete(holidays::table.find(d(2024, 5, 1)))
            .execute(&mut *app.conn())
            .unwrap();
        let page = app.get(&format!("/registers/{id}")).await;
        assert!(
            page.body.contains("datetime=\"2024-05-03\""),
            "one holiday fewer, one day earlier"
        );

        // Collective leave as working days, by setting.
        let app2 = TestApp::start(
            backend,
            &[
                ("SENGKETA_SEED_DEMO", "true"),
                ("SENGKETA_COLLECTIVE_LEAVE_IS_DAY_OFF", "false"),
            ],
        )
        .await;
        let id2 = register_before_lebaran(&app2);
        let page = app2.get(&format!("/registers/{id2}")).await;
        assert!(
            page.body.contains("datetime=\"2024-04-29\""),
            "{}",
            text(&page.body)
        );
    })
    .await;
}

#[actix_web::test]
async fn concurrent_writers_wait_for_each_other() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let id = app.register_id(sengketa::seed::demo::REFERENCE_NUMBERS[1]);
        let start = reg::find(&mut app.conn(), &id).unwrap().unwrap().version;
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let pool = app.pool.clone();
                let id = id.clone();
                std::thread::spawn(move || {
                    let mut conn = pool.get().unwrap();
                    for _ in 0..20 {
                        // Read, then write: on SQLite a deferred transaction
                        // would fail here with "database is locked".
                        db::write_tx(&mut conn, |conn| {
                            reg::find(conn, &id)?;
                            diesel::update(registers::table.find(&id))
                                .set(registers::version.eq(registers::version + 1))
                                .execute(conn)
                        })
                        .unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("no writer failed");
        }
        assert_eq!(
            reg::find(&mut app.conn(), &id).unwrap().unwrap().version,
            start + 80
        );
    })
    .await;
}

#[actix_web::test]
async fn bulk_data_is_deterministic_and_readable_through_the_app() {
    on_each_backend(|backend| async move {
        let app = TestApp::empty(backend).await;
        let today = app.settings.today();
        let indexes_before = index_names(&mut app.conn());
        assert!(indexes_before.iter().any(|i| i == "registers_listing"));
        let counts = sengketa::seed::bulk::seed(&app.pool, 250, 42, today, |_| {}).unwrap();
        assert_eq!(counts.registers, 250);
        // The indexes set aside for the load are all back.
        assert_eq!(index_names(&mut app.conn()), indexes_before);
        assert!(counts.items >= 250 && counts.hearings >= 250 && counts.events >= 250 * 5);
        let total: i64 = registers::table
            .count()
            .get_result(&mut *app.conn())
            .unwrap();
        assert_eq!(total, 250);
        // The same seed on a fresh database gives the same registers.
        let other = TestApp::empty(backend).await;
        sengketa::seed::bulk::seed(&other.pool, 250, 42, today, |_| {}).unwrap();
        let subjects = |app: &TestApp| -> Vec<(Option<String>, String)> {
            registers::table
                .order(registers::number.asc())
                .select((registers::number, registers::subject))
                .load(&mut *app.conn())
                .unwrap()
        };
        assert_eq!(subjects(&app), subjects(&other));
        // The pages read it: the list counts it, a register opens.
        let page = app.get("/registers").await;
        assert_eq!(page.status, 200);
        assert!(
            common::text(&page.body).contains("250"),
            "the count is shown"
        );
        let first = common::register_links(&page.body).remove(0);
        assert_eq!(app.get(&first).await.status, 200);
        assert_eq!(app.get("/statistics").await.status, 200);
        // Loaded rows are in the text index: a register's subject finds it.
        let (number, subject): (Option<String>, String) = registers::table
            .order(registers::number.desc())
            .select((registers::number, registers::subject))
            .first(&mut *app.conn())
            .unwrap();
        let found = app
            .get(&format!(
                "/registers?q={}",
                sengketa::web::listing::percent_encode(&format!("{} {subject}", number.unwrap()))
            ))
            .await;
        assert_eq!(common::register_links(&found.body).len(), 1, "{subject}");
    })
    .await;
}

#[derive(diesel::QueryableByName)]
struct IndexName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// Every index of the database, by name.
fn index_names(conn: &mut sengketa::db::DbConnection) -> Vec<String> {
    let sql = match conn {
        sengketa::db::DbConnection::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name"
        }
        sengketa::db::DbConnection::Postgresql(_) => {
            "SELECT indexname AS name FROM pg_indexes \
             WHERE schemaname = current_schema() ORDER BY indexname"
        }
    };
    diesel::sql_query(sql)
        .load::<IndexName>(conn)
        .unwrap()
        .into_iter()
        .map(|i| i.name)
        .collect()
}

/// Every count the list can ask for, compared with counting the rows.
fn assert_counts_agree(conn: &mut DbConnection, label: &str) {
    use sengketa::domain::kinds::Track;
    use sengketa::domain::status::Status;
    use sengketa::models::registers::{count, Count, Filter};
    let bodies: Vec<String> = registers::table
        .select(registers::respondent_id)
        .distinct()
        .load(conn)
        .unwrap();
    let mut filters = vec![Filter::default()];
    for s in Status::ALL {
        filters.push(Filter {
            status: Some(*s),
            ..Filter::default()
        });
    }
    for y in 2018..=2027 {
        for t in Track::ALL {
            filters.push(Filter {
                year: Some(y),
                track: Some(*t),
                ..Filter::default()
            });
        }
    }
    for b in bodies.iter().take(12) {
        filters.push(Filter {
            respondent_id: Some(b.clone()),
            ..Filter::default()
        });
        filters.push(Filter {
            respondent_id: Some(b.clone()),
            status: Some(Status::Decided),
            year: Some(2025),
            ..Filter::default()
        });
    }
    for f in &filters {
        let mut q = registers::table
            .filter(registers::registered_on.is_not_null())
            .into_boxed();
        if let Some(s) = f.status {
            q = q.filter(registers::status.eq(s.code()));
        }
        if let Some(t) = f.track {
            q = q.filter(registers::track.eq(t.code()));
        }
        if let Some(b) = &f.respondent_id {
            q = q.filter(registers::respondent_id.eq(b.clone()));
        }
        if let Some(y) = f.year {
            q = q.filter(registers::registered_on.between(d(y, 1, 1), d(y, 12, 31)));
        }
        let counted: i64 = q.count().get_result(conn).unwrap();
        assert_eq!(
            count(conn, f).unwrap(),
            Count::Exact(counted),
            "{label}: {f:?}"
        );
    }
}

#[actix_web::test]
async fn kept_counts_agree_with_counting_after_every_kind_of_write() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let today = app.settings.today();
        sengketa::seed::bulk::seed(&app.pool, 300, 7, today, |_| {}).unwrap();
        let mut conn = app.conn();
        assert_counts_agree(&mut conn, "after the load");
        let ids: Vec<String> = registers::table
            .filter(registers::registered_on.is_not_null())
            .order(registers::id.asc())
            .select(registers::id)
            .limit(40)
            .load(&mut *conn)
            .unwrap();
        // Status changes, a move to another year and body, a register
        // taken off the public list and one put on it, and a deletion.
        for id in &ids[..10] {
            diesel::update(registers::table.find(id))
                .set(registers::status.eq("decided"))
                .execute(&mut *conn)
                .unwrap();
        }
        let other_body: String = registers::table
            .find(&ids[11])
            .select(registers::respondent_id)
            .first(&mut *conn)
            .unwrap();
        diesel::update(registers::table.find(&ids[10]))
            .set((
                registers::registered_on.eq(d(2019, 6, 3)),
                registers::respondent_id.eq(other_body),
                registers::track.eq("election"),
            ))
            .execute(&mut *conn)
            .unwrap();
        diesel::update(registers::table.find(&ids[12]))
            .set(registers::registered_on.eq(None::<NaiveDate>))
            .execute(&mut *conn)
            .unwrap();
        let unregistered: String = registers::table
            .filter(registers::registered_on.is_null())
            .filter(registers::id.ne(&ids[12]))
            .select(registers::id)
            .first(&mut *conn)
            .unwrap();
        diesel::update(registers::table.find(&unregistered))
            .set(registers::registered_on.eq(today))
            .execute(&mut *conn)
            .unwrap();
        diesel::delete(registers::table.find(&ids[13]))
            .execute(&mut *conn)
            .unwrap();
        assert_counts_agree(&mut conn, "after the writes");
    })
    .await;
}

#[actix_web::test]
async fn costly_statistics_are_counted_again_by_the_worker_not_by_visitors() {
    use sengketa::models::stats::{self, Asker, Basis};
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let mut conn = app.conn();
        let calendar = sengketa::models::calendar::working_calendar(&mut conn, true).unwrap();
        let rules = sengketa::models::calendar::rules_by_track(&mut conn).unwrap();
        let today = app.settings.today();
        let basis = Basis {
            calendar: &calendar,
            rules: &rules,
            today,
        };
        let t0 = sengketa::models::now();
        let first = stats::current(&mut conn, &basis, t0, Asker::Page).unwrap();
        assert_eq!(stats::kept(&mut conn).unwrap().as_ref(), Some(&first));
        // Nothing changed: the kept figures, even for the worker.
        let later = t0 + chrono::Duration::minutes(20);
        assert_eq!(
            stats::current(&mut conn, &basis, later, Asker::Worker).unwrap(),
            first
        );
        // As if counting had taken ten seconds.
        let mut costly = first.clone();
        costly.took_ms = 10_000;
        diesel::update(app_meta::table.find("statistics"))
            .set(app_meta::value.eq(serde_json::to_string(&costly).unwrap()))
            .execute(&mut *conn)
            .unwrap();
        diesel::update(registers::table.filter(registers::outcome.is_null()))
            .set(registers::outcome.eq("rejected"))
            .execute(&mut *conn)
            .unwrap();
        let soon = t0 + chrono::Duration::minutes(1);
        let seen = stats::current(&mut conn, &basis, soon, Asker::Page).unwrap();
        assert_eq!(seen, costly, "a visitor is shown the kept figures");
        let seen = stats::current(&mut conn, &basis, soon, Asker::Worker).unwrap();
        assert_eq!(seen, costly, "too soon for the worker too");
        let due = t0 + stats::REFRESH_AFTER + chrono::Duration::seconds(1);
        let fresh = stats::current(&mut conn, &basis, due, Asker::Worker).unwrap();
        assert_eq!(fresh.computed_at, due);
        assert!(
            fresh.outcomes.iter().map(|(_, n)| n).sum::<i64>()
                > first.outcomes.iter().map(|(_, n)| n).sum::<i64>()
        );
        assert_eq!(stats::kept(&mut conn).unwrap(), Some(fresh));
    })
    .await;
}

#[actix_web::test]
async fn the_dashboard_walks_running_registers_in_slices_and_shows_the_most_pressing() {
    on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let today = app.settings.today();
        sengketa::seed::bulk::seed(&app.pool, 1_500, 11, today, |_| {}).unwrap();
        use sengketa::domain::status::Status;
        let running: Vec<Status> = Status::ALL
            .iter()
            .copied()
            .filter(|s| !s.is_terminal())
            .collect();
        let codes: Vec<&str> = running.iter().map(|s| s.code()).collect();
        let expected: i64 = registers::table
            .filter(registers::status.eq_any(&codes))
            .count()
            .get_result(&mut *app.conn())
            .unwrap();
        // Slices of seven: every register once, none twice.
        let mut seen = std::collections::HashSet::new();
        let mut slices = 0;
        sengketa::models::registers::each_in_statuses(&mut app.conn(), &running, 7, |rows| {
            assert!(rows.len() <= 7);
            slices += 1;
            for r in rows {
                assert!(seen.insert(r.id), "visited twice");
            }
        })
        .unwrap();
        assert_eq!(seen.len() as i64, expected);
        assert!(slices as i64 >= expected / 7);

        let (email, password) = app.account("staff");
        let b = common::Browser::new(&app);
        b.login(&email, &password).await;
        let page = b.get("/staff").await;
        assert_eq!(page.status, 200);
        let section = |id: &str| -> String {
            let start = page
                .body
                .find(&format!("aria-labelledby=\"{id}\""))
                .unwrap();
            let rest = &page.body[start..];
            rest[..rest.find("</section>").unwrap()].to_string()
        };
        let pressing = section("pressing-h");
        let rows = pressing.matches("<tr>").count().saturating_sub(1);
        assert!(rows > 0 && rows <= 200, "{rows} rows");
        if rows == 200 {
            assert!(
                common::text(&pressing).contains("paling mendesak"),
                "says how many are left out"
            );
        }

        // Consequence tests not yet submitted: the oldest 200, and how many.
        let ordered: i64 = sengketa::db::schema::consequence_tests::table
            .filter(sengketa::db::schema::consequence_tests::state.eq("ordered"))
            .count()
            .get_result(&mut *app.conn())
            .unwrap();
        assert!(
            ordered > 200,
            "the seed orders more tests than fit: {ordered}"
        );
        let tests = section("tests-h");
        assert_eq!(tests.matches("<li>").count(), 200);
        let said = format!(
            "Ditampilkan 200 dari {}",
            sengketa::i18n::Lang::Id.number(ordered)
        );
        assert!(
            common::text(&tests).contains(&said),
            "{}",
            common::text(&tests)
        );
    })
    .await;
}
