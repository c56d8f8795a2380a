//! Shared by this crate's integration tests: an `App` on a fresh SQLite file with a fixed
//! clock, and an account made through the registration use cases.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test support")]

use std::sync::Arc;
use zk_app::registration as reg;
use zk_app::{App, SecretKey};
use zk_domain::FixedClock;
use zk_store_sqlite::SqliteStore;

pub const PASSWORD: &str = "fiets boom regen lantaarn";

/// An app on an empty, migrated SQLite database; keep the folder alive as long as the app.
pub async fn app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("db.sqlite"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let clock = FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap());
    (
        App::new(Arc::new(store), Arc::new(clock), SecretKey::generate()),
        dir,
    )
}

/// Daan Smit's account (no letter), with [`PASSWORD`] and one session.
pub async fn with_account(app: &App, email: &str) {
    let (_, mut progress) = reg::start(app, "nl").await.unwrap();
    let s = &mut progress.state;
    s.first_name = Some("Daan".into());
    s.last_name = Some("Smit".into());
    s.email = Some(email.into());
    s.has_letter = Some(false);
    reg::activate_without_mail(app, &mut progress)
        .await
        .unwrap();
    reg::finish(app, &progress, PASSWORD, PASSWORD, "Firefox op Linux")
        .await
        .unwrap()
        .unwrap();
}
