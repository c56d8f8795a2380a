//! The store contract suite, run against SQLite: each test on its own fresh database file.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use std::sync::Arc;
use zk_store::Store;
use zk_store_sqlite::SqliteStore;

struct Harness {
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

impl Harness {
    fn store(&self) -> Arc<dyn Store> {
        Arc::new(self.store.clone())
    }

    async fn finish(self) {
        self.store.close().await;
    }
}

async fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("zorgkring.sqlite"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    Harness { store, _dir: dir }
}

zk_store::contract_suite!(harness);
