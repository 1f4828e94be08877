//! A kept page sent without the database: a binary of its own, because the
//! count of writes that decides it is the process's, and the tests of the
//! shared suite write beside it.

#[path = "it/common/mod.rs"]
mod common;

use common::{text, Browser, TestApp};

/// A kept page is sent without the database while nothing is written; a
/// write made outside the application (another connection, as another
/// server, the worker or an administrator would make) shows on it at once
/// on SQLite and within moments on PostgreSQL, whose notice has to arrive.
#[actix_web::test]
async fn a_kept_page_needs_no_database_until_something_is_written() {
    use std::time::{Duration, Instant};

    common::on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let changes = app.changes.clone().expect("an app in this process");
        let started = Instant::now();
        while changes.generation().is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the app never watched its database for changes"
            );
            actix_web::rt::time::sleep(Duration::from_millis(10)).await;
        }
        let id = app.register_in("preliminary").await;
        let path = format!("/registers/{id}");
        let visitor = Browser::new(&app);
        let made = visitor.get(&path).await;
        assert_eq!(made.status, 200);

        // Every connection of the app's pool taken: only a page that needs
        // no database can be answered.
        let held: Vec<_> = (0..app.pool.max_size())
            .map(|_| app.pool.get().expect("a connection"))
            .collect();
        assert_eq!(app.pool.state().idle_connections, 0);
        let kept = visitor.get(&path).await;
        assert_eq!(kept.status, 200, "{}", text(&kept.body));
        assert_eq!(kept.body, made.body);

        common::rename_register(&app.outside_pool(), &id, "Ditulis dari luar aplikasi");
        drop(held);

        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            let page = visitor.get(&path).await;
            assert_eq!(page.status, 200);
            if text(&page.body).contains("Ditulis dari luar aplikasi") {
                break;
            }
            assert_eq!(
                backend,
                common::Backend::Postgres,
                "SQLite sees another connection's commit at once"
            );
            assert!(
                Instant::now() < deadline,
                "a write made outside the application never showed"
            );
            actix_web::rt::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
}
