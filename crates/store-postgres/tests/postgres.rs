//! What only the PostgreSQL backend has: the durability check at start-up, migrations that can
//! run twice, how an unreachable server is reported, (Racing letter issues are in the contract suite.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use zk_store::{Store, StoreError};
use zk_store_postgres::PostgresStore;
use zk_store_postgres::test_db::TestDatabase;

#[tokio::test]
async fn durability_is_checked_and_migrations_run_twice() {
    let db = TestDatabase::create().await.unwrap();
    let store = PostgresStore::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    assert_eq!(store.backend(), "postgres");
    // The test server's settings are not ours to change: either it is durable, or the check
    // says which setting is off.
    match store.check_durability().await {
        Ok(()) => {}
        Err(StoreError::Other(problem)) => {
            assert!(problem.starts_with("PostgreSQL has "), "{problem}")
        }
        Err(e) => panic!("unexpected error: {e:?}"),
    }
    store.close().await;
    db.drop().await.unwrap();
}

#[tokio::test]
async fn an_unreachable_server_is_unavailable() {
    let result = PostgresStore::connect("postgres://postgres@127.0.0.1:1/postgres").await;
    assert!(
        matches!(result, Err(StoreError::Unavailable(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn test_databases_left_by_failed_runs_are_swept() {
    use sqlx::Connection;
    let admin = TestDatabase::admin_url_from_env();
    let three_hours_ago = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 3 * 60 * 60;
    let old = uuid::Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        three_hours_ago,
        0,
    ));
    let name = format!("zk_test_{}", old.simple());
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut conn)
        .await
        .unwrap();
    let fresh = TestDatabase::create().await.unwrap();
    let left: Option<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname = $1")
            .bind(&name)
            .fetch_optional(&mut conn)
            .await
            .unwrap();
    assert_eq!(left, None, "the stale database was dropped");
    let _ = conn.close().await;
    fresh.drop().await.unwrap();
}
