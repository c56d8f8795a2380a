//! Parallel bursts cannot slip past the limits: tries are counted before the work is done.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use std::sync::Arc;
use zk_app::registration::{self as reg};
use zk_app::sessions::{LOGIN_PER_ACCOUNT, LoginRefusal, login};
use zk_app::{App, SecretKey};
use zk_domain::FixedClock;
use zk_store_sqlite::SqliteStore;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_parallel_password_guesses_gets_only_the_free_tries_checked() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("db.sqlite"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let clock = FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap());
    let app = App::new(Arc::new(store), Arc::new(clock), SecretKey::generate());
    let (_, mut progress) = reg::start(&app, "nl").await.unwrap();
    let s = &mut progress.state;
    s.first_name = Some("Daan".into());
    s.last_name = Some("Smit".into());
    s.email = Some("daan@voorbeeld.example".into());
    s.has_letter = Some(false);
    s.activated = true;
    let password = "fiets boom regen lantaarn";
    reg::finish(&app, &progress, password, password, "x")
        .await
        .unwrap()
        .unwrap();

    let tasks: Vec<_> = (0..30)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                login(
                    &app,
                    "daan@voorbeeld.example",
                    "geraden!!",
                    &format!("10.0.0.{n}"),
                    "x",
                )
                .await
            })
        })
        .collect();
    let mut checked = 0;
    for t in tasks {
        match t.await.unwrap().unwrap() {
            Err(LoginRefusal::WrongCredentials) => checked += 1,
            Err(LoginRefusal::Wait { .. }) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(
        checked <= LOGIN_PER_ACCOUNT.free + 1,
        "{checked} passwords were checked"
    );
    assert!(checked >= 1);
}
