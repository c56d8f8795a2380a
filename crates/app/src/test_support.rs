//! Builders for this crate's unit tests: an `App` on a fresh SQLite file with a fixed clock.

use crate::App;
use crate::clients::{NewClient, register_client};
use crate::providers::{NewProvider, create_provider};
use std::sync::Arc;
use zk_domain::client::ClientRecord;
use zk_domain::{BirthDate, FixedClock};
use zk_store_sqlite::SqliteStore;

pub async fn empty_app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("db.sqlite"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let clock = FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap());
    (
        App::new(
            Arc::new(store),
            Arc::new(clock),
            crate::SecretKey::generate(),
        ),
        dir,
    )
}

pub async fn app_with_client() -> (App, ClientRecord, tempfile::TempDir) {
    let (app, dir) = empty_app().await;
    let provider = create_provider(
        &app,
        NewProvider {
            name: "GGZ Test".into(),
            secretariat_email: "secretariaat@test.example".into(),
            secretariat_phone: "010 000 00 00".into(),
            letter_validity_days: 30,
        },
    )
    .await
    .unwrap();
    let client = register_client(
        &app,
        crate::audit::staff_changes::By::Operator,
        provider.id,
        NewClient {
            client_number: "T-1".into(),
            first_name: "Sanne".into(),
            last_name: "de Vries".into(),
            birth_date: BirthDate::parse_iso("1990-12-31").unwrap(),
            email: None,
            address: None,
        },
    )
    .await
    .unwrap();
    (app, client, dir)
}
