//! The store contract suite, run against PostgreSQL: each test on its own fresh database, made
//! on the server named by `ZK_TEST_POSTGRES_URL` and dropped when the test is done.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use std::sync::Arc;
use zk_store::{Store, StoreResult};
use zk_store_postgres::PostgresStore;
use zk_store_postgres::test_db::TestDatabase;

struct Harness {
    store: PostgresStore,
    db: TestDatabase,
}

impl Harness {
    fn store(&self) -> Arc<dyn Store> {
        Arc::new(self.store.clone())
    }

    async fn finish(self) {
        self.store.close().await;
        ready(self.db.drop().await, "drop the test database");
    }
}

async fn harness() -> Harness {
    let db = ready(TestDatabase::create().await, "create a test database");
    let store = ready(PostgresStore::connect(&db.url).await, "connect");
    ready(store.migrate().await, "migrate");
    Harness { store, db }
}

/// The harness is no test itself, so it fails the test with a message instead of `unwrap`.
fn ready<T>(result: StoreResult<T>, what: &str) -> T {
    match result {
        Ok(value) => value,
        Err(e) => panic!("{what} (is PostgreSQL running? see ZK_TEST_POSTGRES_URL): {e}"),
    }
}

zk_store::contract_suite!(harness);
